/* kvconf: the services' config files (lantern-outbox, lantern-inbox):
 * "key = value" lines, "#" comments, blank lines. Such a file holds
 * connection settings, so kvconf_read refuses one that the group or others
 * can read (mode wider than 0600), a symlink, or one over 16 KiB.
 *
 * kvconf_read calls on_pair(ctx, key, value, line) for each pair; on_pair
 * returns NULL to accept, or a message ("the value is out of range") that
 * becomes "path:line: key: message" in err. Unknown and repeated keys are
 * refused using the keys list (NULL-terminated). The buffer that held the
 * file is wiped. Nothing to free. */
#ifndef LANTERN_KVCONF_H
#define LANTERN_KVCONF_H

#include <stdbool.h>
#include <stddef.h>

typedef const char *(*kvconf_pair_fn)(void *ctx, const char *key, const char *value);

bool kvconf_read(const char *path, const char *const *keys, kvconf_pair_fn on_pair, void *ctx,
                 char *err, size_t err_size);

/* An integer value from lo to hi. */
bool kvconf_int(const char *v, int lo, int hi, int *out);

#endif
