/* import_copy: the USB import's folder walk and copy (import_copy.h). */
#define _GNU_SOURCE
#include "import_copy.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/util.h"

enum { COPY_CHUNK = 128 * 1024 };
static const long long IMPORT_MAX_BYTES = 512ll * 1024 * 1024;

void file_list_free(file_list *l)
{
    for (int i = 0; i < l->n; i++)
        free(l->v[i].rel);
    free(l->v);
    *l = (file_list){0};
}

bool write_all(int fd, const unsigned char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            if (w == 0)
                errno = EIO;
            return false;
        }
        p += w;
        n -= (size_t)w;
    }
    return true;
}

static const char *kind_of(mode_t m)
{
    return S_ISLNK(m)                 ? "a symbolic link"
           : S_ISFIFO(m)              ? "a FIFO (named pipe)"
           : S_ISCHR(m) || S_ISBLK(m) ? "a device"
           : S_ISSOCK(m)              ? "a socket"
                                      : "not a regular file";
}

/* Reads one regular file (already opened), hashing it, and writes it to
 * out when out >= 0. buf: COPY_CHUNK bytes (on the heap: a large
 * thread-local buffer would be static TLS on every thread of the process,
 * and SDL's audio thread has a 64 KiB stack). */
static bool copy_file_with(unsigned char *buf, int in, int out, const char *rel, file_entry *e,
                           file_list *l)
{
    file_hash_state h;
    file_hash_init(&h);
    long long total = 0;
    for (;;) {
        ssize_t r = read(in, buf, COPY_CHUNK);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            l->refused = true;
            str_format(l->problem, sizeof l->problem, "%s could not be read from the drive (%s)",
                       rel, strerror(errno));
            return false;
        }
        if (r == 0)
            break;
        total += r;
        if (l->bytes + total > IMPORT_MAX_BYTES) {
            l->refused = true;
            str_format(l->problem, sizeof l->problem,
                       "the folder holds more than %lld MB; content is far smaller",
                       IMPORT_MAX_BYTES / (1024 * 1024));
            return false;
        }
        file_hash_update(&h, buf, (size_t)r);
        if (out >= 0 && !write_all(out, buf, (size_t)r)) {
            l->write_error = true;
            l->err = errno;
            return false;
        }
    }
    if (out >= 0 && fsync(out) != 0) {
        l->write_error = true;
        l->err = errno;
        return false;
    }
    file_hash_final(&h, e->hash);
    e->size = total;
    l->bytes += total;
    return true;
}

static bool copy_file(int in, int out, const char *rel, file_entry *e, file_list *l)
{
    unsigned char *buf = malloc(COPY_CHUNK);
    if (!buf) {
        l->write_error = true;
        l->err = ENOMEM;
        return false;
    }
    bool ok = copy_file_with(buf, in, out, rel, e, l);
    free(buf);
    return ok;
}

/* Walks the folder open as src (never following a link), hashing every
 * regular file into l; with dst >= 0 copies each into the folder open as
 * dst. rel: the path inside the drive's folder, for messages. */
bool copy_walk(int src, int dst, const char *rel, int depth, file_list *l)
{
    int fd = dup(src);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d) {
        if (fd >= 0)
            close(fd);
        l->refused = true;
        str_format(l->problem, sizeof l->problem, "%s could not be read from the drive (%s)",
                   rel[0] ? rel : ".", strerror(errno));
        return false;
    }
    rewinddir(d);
    bool ok = true;
    struct dirent *e;
    while (ok && (errno = 0, e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char child[PATH_MAX];
        if (!str_format(child, sizeof child, "%s%s%s", rel, rel[0] ? "/" : "", e->d_name)) {
            l->refused = true;
            str_format(l->problem, sizeof l->problem, "a path in the folder is too long");
            ok = false;
            break;
        }
        struct stat st;
        if (fstatat(src, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
            l->refused = true;
            str_format(l->problem, sizeof l->problem, "%s could not be read from the drive (%s)",
                       child, strerror(errno));
            ok = false;
        } else if (S_ISDIR(st.st_mode)) {
            if (depth >= IMPORT_MAX_DEPTH) {
                l->refused = true;
                str_format(l->problem, sizeof l->problem, "%s is nested too deep", child);
                ok = false;
                break;
            }
            int sub = openat(src, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            int sub_dst = -1;
            if (sub < 0) {
                l->refused = true;
                str_format(l->problem, sizeof l->problem,
                           "%s could not be opened on the drive (%s)", child, strerror(errno));
                ok = false;
            } else if (dst >= 0 && (mkdirat(dst, e->d_name, 0755) != 0 ||
                                    (sub_dst = openat(dst, e->d_name,
                                                      O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)) {
                l->write_error = true;
                l->err = errno;
                ok = false;
            } else {
                ok = copy_walk(sub, sub_dst, child, depth + 1, l);
            }
            if (sub >= 0)
                close(sub);
            if (sub_dst >= 0) {
                fsync(sub_dst);
                close(sub_dst);
            }
        } else if (!S_ISREG(st.st_mode)) {
            l->refused = true;
            str_format(l->problem, sizeof l->problem, "%s is %s: only regular files are imported",
                       child, kind_of(st.st_mode));
            ok = false;
        } else {
            if (l->n >= IMPORT_MAX_FILES) {
                l->refused = true;
                str_format(l->problem, sizeof l->problem, "the folder holds more than %d files",
                           IMPORT_MAX_FILES);
                ok = false;
                break;
            }
            /* O_NONBLOCK and the fstat below: a file swapped for a FIFO after
             * the check above never hangs the worker. */
            int in = openat(src, e->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
            struct stat fst;
            if (in < 0 || fstat(in, &fst) != 0 || !S_ISREG(fst.st_mode)) {
                l->refused = true;
                if (in < 0 && errno == ELOOP)
                    str_format(l->problem, sizeof l->problem,
                               "%s is a symbolic link: only regular files are imported", child);
                else if (in < 0)
                    str_format(l->problem, sizeof l->problem,
                               "%s could not be opened on the drive (%s)", child, strerror(errno));
                else
                    str_format(l->problem, sizeof l->problem,
                               "%s is %s: only regular files are imported", child,
                               kind_of(fst.st_mode));
                if (in >= 0)
                    close(in);
                ok = false;
                break;
            }
            if (l->n == l->cap) {
                int cap = l->cap ? l->cap * 2 : 64;
                file_entry *v = realloc(l->v, (size_t)cap * sizeof *v);
                if (!v) {
                    close(in);
                    l->write_error = true;
                    l->err = ENOMEM;
                    ok = false;
                    break;
                }
                l->v = v, l->cap = cap;
            }
            file_entry *fe = &l->v[l->n];
            *fe = (file_entry){.rel = strdup(child)};
            if (!fe->rel) {
                close(in);
                l->write_error = true;
                l->err = ENOMEM;
                ok = false;
                break;
            }
            l->n++;
            int out = -1;
            if (dst >= 0) {
                out = openat(dst, e->d_name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
                if (out < 0) {
                    close(in);
                    l->write_error = true;
                    l->err = errno;
                    ok = false;
                    break;
                }
            }
            ok = copy_file(in, out, child, fe, l);
            close(in);
            if (out >= 0 && close(out) != 0 && ok) {
                l->write_error = true;
                l->err = errno;
                ok = false;
            }
        }
    }
    if (ok && errno != 0) {
        l->refused = true;
        str_format(l->problem, sizeof l->problem, "%s could not be listed (%s)", rel[0] ? rel : ".",
                   strerror(errno));
        ok = false;
    }
    closedir(d);
    return ok;
}

static int by_rel(const void *x, const void *y)
{
    return strcmp(((const file_entry *)x)->rel, ((const file_entry *)y)->rel);
}

/* NULL when a and b hold the same files with the same contents; otherwise
 * the first path that differs. */
const char *file_lists_differ(file_list *a, file_list *b)
{
    qsort(a->v, (size_t)a->n, sizeof *a->v, by_rel);
    qsort(b->v, (size_t)b->n, sizeof *b->v, by_rel);
    for (int i = 0; i < a->n || i < b->n; i++) {
        if (i >= a->n)
            return b->v[i].rel;
        if (i >= b->n)
            return a->v[i].rel;
        int c = strcmp(a->v[i].rel, b->v[i].rel);
        if (c != 0)
            return c < 0 ? a->v[i].rel : b->v[i].rel;
        if (a->v[i].size != b->v[i].size ||
            memcmp(a->v[i].hash, b->v[i].hash, FILE_HASH_BYTES) != 0)
            return a->v[i].rel;
    }
    return NULL;
}

int remove_tree_at(int dir, const char *name, int depth)
{
    struct stat st;
    if (fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        return -1;
    if (S_ISDIR(st.st_mode) && depth < IMPORT_MAX_DEPTH + 2) {
        int sub = openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        DIR *d = sub >= 0 ? fdopendir(sub) : NULL;
        if (!d) {
            if (sub >= 0)
                close(sub);
            return -1;
        }
        struct dirent *e;
        while ((e = readdir(d)))
            if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
                remove_tree_at(dirfd(d), e->d_name, depth + 1);
        closedir(d);
        return unlinkat(dir, name, AT_REMOVEDIR);
    }
    return unlinkat(dir, name, 0);
}
