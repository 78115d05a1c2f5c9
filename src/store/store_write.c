/* store_write: a new file written whole (see store_write.h). */
#include "store_write.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/util.h"

bool store_write_all(int fd, const void *data, size_t len)
{
    const char *buf = data;
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        buf += n;
        len -= (size_t)n;
    }
    return true;
}

/* Creates path with O_EXCL and the final mode from the start (whatever the
 * umask), writes len bytes of data, syncs; on failure nothing is left. */
bool store_write_new_bytes(const char *path, mode_t mode, const void *data, size_t len, char *err,
                           size_t err_size)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
    if (fd < 0) {
        str_format(err, err_size, "%s: cannot create: %s", path, strerror(errno));
        return false;
    }
    bool ok = fchmod(fd, mode) == 0 && store_write_all(fd, data, len) && fsync(fd) == 0;
    int e = errno;
    if (close(fd) != 0 && ok) {
        ok = false;
        e = errno;
    }
    if (!ok) {
        str_format(err, err_size, "%s: cannot write: %s", path, strerror(e));
        unlink(path);
    }
    return ok;
}

bool store_write_new_file(const char *path, mode_t mode, const char *text, char *err,
                          size_t err_size)
{
    return store_write_new_bytes(path, mode, text, strlen(text), err, err_size);
}
