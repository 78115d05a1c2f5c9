/* Small files: read whole, write fully, create new, replace atomically. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/safe_file.h"
#include "../core/util.h"
#include "store_internal.h"

/* Reads a whole small file with read(2) (no stdio buffer keeps a copy).
 * Only a regular file (symlinks followed): a FIFO, device or folder is
 * refused at once, never waited on. */
ssize_t store_read_small(const char *path, char *buf, size_t cap, int *errno_out, char *why,
                         size_t why_size)
{
    struct stat st;
    char reason[160];
    errno = 0;
    int fd = safe_open_regular(path, true, &st, reason, sizeof reason);
    if (fd < 0) {
        /* errno is open's when open failed; 0 when the file is of the wrong kind. */
        *errno_out = errno ? errno : EINVAL;
        if (why)
            str_copy(why, why_size, reason);
        return -1;
    }
    size_t used = 0;
    for (;;) {
        ssize_t n = read(fd, buf + used, cap - used);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            *errno_out = errno;
            close(fd);
            return -1;
        }
        if (n == 0)
            break;
        used += (size_t)n;
        if (used == cap)
            break;
    }
    close(fd);
    return (ssize_t)used;
}

/* Replaces dir/name with text, mode 0600: a temporary file in dir, fsync,
 * rename, fsync of dir. A crash leaves the old file or the new one. */
bool store_write_replace(const char *dir, const char *name, const char *text, char *err,
                         size_t err_size)
{
    char path[1100], tmp[1100];
    if (!str_format(path, sizeof path, "%s/%s", dir, name) ||
        !str_format(tmp, sizeof tmp, "%s/.%s.XXXXXX", dir, name)) {
        str_format(err, err_size, "%s: the folder path is too long", dir);
        return false;
    }
    int fd = mkstemp(tmp);
    if (fd < 0) {
        str_format(err, err_size, "%s: cannot create a file there: %s", dir, strerror(errno));
        return false;
    }
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    bool ok = fchmod(fd, 0600) == 0 && store_write_all(fd, text, strlen(text)) && fsync(fd) == 0;
    int e = errno;
    if (close(fd) != 0 && ok) {
        ok = false;
        e = errno;
    }
    if (ok && rename(tmp, path) != 0) {
        ok = false;
        e = errno;
    }
    if (!ok) {
        unlink(tmp);
        str_format(err, err_size, "%s: cannot write: %s", path, strerror(e));
        return false;
    }
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    return true;
}
