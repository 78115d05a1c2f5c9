#include "safe_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

static const char *kind_of(mode_t m)
{
    return S_ISFIFO(m)   ? "is a FIFO (named pipe), not a regular file"
           : S_ISDIR(m)  ? "is a folder, not a file"
           : S_ISCHR(m)  ? "is a character device, not a regular file"
           : S_ISBLK(m)  ? "is a block device, not a regular file"
           : S_ISSOCK(m) ? "is a socket, not a regular file"
           : S_ISLNK(m)  ? "is a symbolic link, not a regular file"
                         : "is not a regular file";
}

int safe_open_regular(const char *path, bool follow_symlink, struct stat *st, char *why, size_t why_size)
{
    /* O_NONBLOCK: opening a FIFO with no writer would otherwise wait for ever;
     * O_NOFOLLOW: a symlink fails with ELOOP instead of being followed. */
    int flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY | (follow_symlink ? 0 : O_NOFOLLOW);
    int fd = open(path, flags);
    if (fd < 0) {
        struct stat lst;
        if (errno == ELOOP && !follow_symlink && lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode))
            str_copy(why, why_size, kind_of(lst.st_mode));
        else
            str_format(why, why_size, "cannot open: %s", strerror(errno));
        return -1;
    }
    if (fstat(fd, st) != 0) {
        str_format(why, why_size, "cannot read: %s", strerror(errno));
        close(fd);
        return -1;
    }
    if (!S_ISREG(st->st_mode)) {
        str_copy(why, why_size, kind_of(st->st_mode));
        close(fd);
        return -1;
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    return fd;
}

char *safe_read_all(const char *path, bool follow_symlink, size_t max_bytes, size_t *len, char *why,
                    size_t why_size)
{
    struct stat st;
    int fd = safe_open_regular(path, follow_symlink, &st, why, why_size);
    if (fd < 0)
        return NULL;
    if (st.st_size < 0 || (unsigned long long)st.st_size > max_bytes) {
        str_format(why, why_size, "is larger than %zu bytes", max_bytes);
        close(fd);
        return NULL;
    }
    /* One byte more than the size tells a file that grew while being read. */
    size_t cap = (size_t)st.st_size + 1;
    char *buf = malloc(cap + 1);
    if (!buf) {
        str_copy(why, why_size, "out of memory");
        close(fd);
        return NULL;
    }
    size_t n = 0;
    while (n < cap) {
        ssize_t got = read(fd, buf + n, cap - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            str_format(why, why_size, "cannot read: %s", strerror(errno));
            free(buf);
            close(fd);
            return NULL;
        }
        if (got == 0)
            break;
        n += (size_t)got;
    }
    close(fd);
    if (n == cap) {
        str_copy(why, why_size, "changed while it was read");
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}
