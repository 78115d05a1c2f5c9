/* safe_file: opening and reading files that may be hostile (content, keys,
 * config, scripts, anything from a USB drive) without ever blocking or
 * following a trap.
 *
 * safe_open_regular() opens a path for reading only when it is a regular
 * file: never a FIFO (which would block for ever), a device, a socket, a
 * folder or (unless allowed) a symbolic link. It never blocks in open().
 * safe_read_all() reads such a file whole, up to a bound, into a buffer the
 * caller frees with free(). Errors are one plain phrase in why ("is a FIFO
 * (named pipe), not a regular file"), for the caller to put after the file's
 * name. */
#ifndef LANTERN_SAFE_FILE_H
#define LANTERN_SAFE_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

/* Returns an open descriptor (blocking mode, close-on-exec) and fills *st, or
 * -1 with why filled. */
int safe_open_regular(const char *path, bool follow_symlink, struct stat *st, char *why, size_t why_size);

/* Reads the whole file (at most max_bytes; larger is an error) into a new
 * buffer with a terminating NUL not counted in *len. NULL with why filled on
 * any problem. */
char *safe_read_all(const char *path, bool follow_symlink, size_t max_bytes, size_t *len, char *why,
                    size_t why_size);

#endif
