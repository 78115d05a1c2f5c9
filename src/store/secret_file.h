/* secret_file: a small secret (a private key) kept in a file under a
 * passphrase, never in clear. Part of the store (the only libsodium user).
 *
 * File format, version 1 (all integers little-endian):
 *   magic     8 bytes  "LNTNSEC\0"
 *   version   1 byte   1
 *   algorithm 1 byte   1 = Argon2id13 (crypto_pwhash) + XSalsa20-Poly1305 (crypto_secretbox)
 *   reserved  2 bytes  0
 *   opslimit  8 bytes  Argon2id passes
 *   memlimit  8 bytes  Argon2id memory, bytes
 *   salt      16 bytes random
 *   nonce     24 bytes random
 *   box       len + 16 bytes: the secret, sealed with the derived key
 * The header (everything before the box) is authenticated too: the box's
 * key is BLAKE2b(key = Argon2id(passphrase, salt), message = header), so a
 * changed byte anywhere makes the box fail to open.
 *
 * The file is created 0600 with O_EXCL (an existing file is never replaced),
 * written, synced and only then linked into place: a crash leaves no file or
 * the whole file. Reading refuses a file that the group or others can read,
 * and says why and how to fix it. Every buffer holding the secret, the
 * passphrase-derived key or the opened box is wiped (sodium_memzero).
 *
 * The caller owns every buffer; nothing here keeps memory. */
#ifndef LANTERN_SECRET_FILE_H
#define LANTERN_SECRET_FILE_H

#include <stdbool.h>
#include <stddef.h>

enum {
    SECRET_FILE_MAX_SECRET = 4096,    /* bytes of secret a file may hold */
    SECRET_FILE_MIN_PASSPHRASE = 8,   /* bytes; shorter is refused when writing */
    SECRET_FILE_MAX_PASSPHRASE = 1024 /* bytes */
};

typedef enum {
    SECRET_FILE_OK,
    SECRET_FILE_IO,               /* cannot create, read, write or sync */
    SECRET_FILE_EXISTS,           /* write: the path already exists */
    SECRET_FILE_PERMISSIONS,      /* read: group or others may read it, or not a regular file */
    SECRET_FILE_FORMAT,           /* not a secret file, unknown version, truncated, too big */
    SECRET_FILE_WRONG_PASSPHRASE, /* the box does not open: wrong passphrase or damaged */
    SECRET_FILE_BAD_ARGUMENT,     /* passphrase too short or long, secret too big */
} secret_file_status;

/* Writes secret[0..len) to path under passphrase. err gets "path: why". */
secret_file_status secret_file_write(const char *path, const void *secret, size_t len,
                                     const char *passphrase, char *err, size_t err_size);

/* Reads path into secret (size bytes available); *len gets the secret's
 * length. On any failure secret is wiped and err gets "path: why". */
secret_file_status secret_file_read(const char *path, const char *passphrase, void *secret,
                                    size_t size, size_t *len, char *err, size_t err_size);

#endif
