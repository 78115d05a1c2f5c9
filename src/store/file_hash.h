/* file_hash: a streaming BLAKE2b-256 hash (libsodium's crypto_generichash),
 * for code outside the store that must compare file contents without
 * touching libsodium itself (the staff screen's USB import checks its copy
 * against the drive's folder with it).
 *
 * The state is a caller-owned value: no allocation, nothing to free. */
#ifndef LANTERN_FILE_HASH_H
#define LANTERN_FILE_HASH_H

#include <stddef.h>

enum { FILE_HASH_BYTES = 32 };

typedef struct {
    _Alignas(64) unsigned char state[384]; /* crypto_generichash_state, opaque */
} file_hash_state;

void file_hash_init(file_hash_state *h);
void file_hash_update(file_hash_state *h, const void *data, size_t len);
void file_hash_final(file_hash_state *h, unsigned char out[FILE_HASH_BYTES]);

#endif
