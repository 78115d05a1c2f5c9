/* store_write: writing a new file whole, for the store and the secret files
 * (secret_file.c, in the signing library that lanternctl's front links
 * without sqlite3): no sqlite3 here. Nothing to free. */
#ifndef LANTERN_STORE_WRITE_H
#define LANTERN_STORE_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* write(2) until all of buf is written (EINTR retried). */
bool store_write_all(int fd, const void *buf, size_t len);

/* Creates path with O_EXCL and the final mode from the start (whatever the
 * umask), writes len bytes of data (or text), syncs. On failure the file is
 * removed and err says why. */
bool store_write_new_bytes(const char *path, mode_t mode, const void *data, size_t len, char *err,
                           size_t err_size);
bool store_write_new_file(const char *path, mode_t mode, const char *text, char *err,
                          size_t err_size);

#endif
