/* file_hash: streaming BLAKE2b-256 over libsodium (file_hash.h). */
#include "file_hash.h"

#include <assert.h>
#include <sodium.h>

_Static_assert(sizeof(crypto_generichash_state) <= sizeof(((file_hash_state *)0)->state),
               "file_hash_state too small for crypto_generichash_state");

void file_hash_init(file_hash_state *h)
{
    int rc = sodium_init(); /* idempotent and thread-safe */
    assert(rc >= 0);
    rc = crypto_generichash_init((crypto_generichash_state *)(void *)h->state, NULL, 0,
                                 FILE_HASH_BYTES);
    assert(rc == 0);
    (void)rc;
}

void file_hash_update(file_hash_state *h, const void *data, size_t len)
{
    crypto_generichash_update((crypto_generichash_state *)(void *)h->state, data, len);
}

void file_hash_final(file_hash_state *h, unsigned char out[FILE_HASH_BYTES])
{
    crypto_generichash_final((crypto_generichash_state *)(void *)h->state, out, FILE_HASH_BYTES);
}
