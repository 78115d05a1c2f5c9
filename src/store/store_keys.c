/* Key files and keygen (see store.h "Key files"). */
#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/request.h"
#include "../core/util.h"
#include "secret_file.h"
#include "store_internal.h"

/* ---- Key files ---- */

static bool contains_word(const char *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++) {
        size_t j = 0;
        while (j < n) {
            char c = hay[i + j];
            if (c >= 'A' && c <= 'Z')
                c = (char)(c - 'A' + 'a');
            if (c != needle[j])
                break;
            j++;
        }
        if (j == n)
            return true;
    }
    return false;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* Parses a key file: line 1 a "#" comment naming the kind, line 2 the key. */
static bool read_key_file(const char *path, bool want_private, unsigned char key[32], bool *demo,
                          char *err, size_t err_size)
{
    char buf[KEY_FILE_MAX + 1];
    int e = 0;
    bool ok = false;
    char why[160];
    ssize_t got = store_read_small(path, buf, sizeof buf, &e, why, sizeof why);
    if (got < 0) {
        if (e == EINVAL) /* a FIFO, device or folder: say which */
            str_format(err, err_size, "%s: %s", path, why);
        else
            str_format(err, err_size, "%s: cannot read: %s", path, strerror(e));
        return false;
    }
    size_t len = (size_t)got;
    const char *kind = want_private ? "private" : "public";
    if (len > KEY_FILE_MAX) {
        str_format(err, err_size,
                   "%s: too big for a key file (a comment line and a 64-character key)", path);
        goto out;
    }
    if (sodium_init() < 0) {
        str_format(err, err_size, "%s: libsodium could not start", path);
        goto out;
    }
    if (len == 0) {
        str_format(err, err_size,
                   "%s:1: the file is empty (expected a \"#\" comment line, then the %s key)", path,
                   kind);
        goto out;
    }
    if (len >= 8 && memcmp(buf, "LNTNSEC", 8) == 0) {
        if (want_private)
            str_format(err, err_size,
                       "%s: this private key is protected by a passphrase: give the passphrase too",
                       path);
        else
            str_format(
                err, err_size,
                "%s: this is the PRIVATE key (protected by a passphrase): it stays with staff and "
                "must never be on the kiosk; the kiosk needs %s",
                path, STORE_PUBLIC_KEY_NAME);
        goto out;
    }
    const char *end = buf + len;
    const char *nl = memchr(buf, '\n', len);
    const char *line1_end = nl ? nl : end;
    size_t c_len = (size_t)(line1_end - buf);
    if (buf[0] != '#') {
        str_format(
            err, err_size,
            "%s:1: a key file starts with a comment line (\"# Lantern ... key\") saying what it is",
            path);
        goto out;
    }
    bool says_private = contains_word(buf, c_len, "private key");
    bool says_public = contains_word(buf, c_len, "public key");
    if (!want_private && says_private) {
        str_format(
            err, err_size,
            "%s:1: this is the PRIVATE key: it stays with staff and must never be on the kiosk; "
            "the kiosk needs %s",
            path, STORE_PUBLIC_KEY_NAME);
        goto out;
    }
    if (want_private && !says_private && says_public) {
        str_format(
            err, err_size,
            "%s:1: this is the public key (it goes on the kiosk); lanternctl needs the private "
            "key, %s",
            path, STORE_PRIVATE_KEY_NAME);
        goto out;
    }
    if (want_private ? !says_private : !says_public) {
        str_format(err, err_size,
                   "%s:1: the comment does not say \"%s key\": not a Lantern %s key file", path,
                   kind, kind);
        goto out;
    }
    *demo = contains_word(buf, c_len, "demo");
    if (!nl) {
        str_format(err, err_size,
                   "%s:2: the key is missing (64 hex characters on the line after the comment)",
                   path);
        goto out;
    }
    const char *k = nl + 1;
    const char *k_end = memchr(k, '\n', (size_t)(end - k));
    if (!k_end)
        k_end = end;
    const char *next = k_end < end ? k_end + 1 : end;
    while (k_end > k && is_space(k_end[-1]))
        k_end--;
    size_t k_len = (size_t)(k_end - k);
    if (k_len != 64) {
        str_format(err, err_size, "%s:2: the key must be 64 hex characters; this line has %zu",
                   path, k_len);
        goto out;
    }
    for (size_t i = 0; i < 64; i++) {
        char c = k[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
            str_format(err, err_size,
                       "%s:2:%zu: not a hex digit (the key is 64 characters 0-9 and a-f)", path,
                       i + 1);
            goto out;
        }
    }
    size_t bin_len = 0;
    if (sodium_hex2bin(key, 32, k, 64, NULL, &bin_len, NULL) != 0 || bin_len != 32) {
        str_format(err, err_size, "%s:2: not a 32-byte hex key", path);
        goto out;
    }
    int line = 3;
    for (const char *p = next; p < end; p++) {
        if (*p == '\n')
            line++;
        else if (!is_space(*p)) {
            str_format(err, err_size, "%s:%d: unexpected text after the key", path, line);
            sodium_memzero(key, 32);
            goto out;
        }
    }
    /* A private key anyone else on the machine can read is no longer private:
     * refused, with the reason and the fix, rather than used without a word. */
    struct stat kst;
    if (want_private && stat(path, &kst) == 0 && S_ISREG(kst.st_mode) && (kst.st_mode & 077)) {
        str_format(err, err_size,
                   "%s: this private key can be read by other users (mode %04o); refusing to use it. "
                   "Make it private (chmod 600), and consider it exposed",
                   path, (unsigned)(kst.st_mode & 07777));
        sodium_memzero(key, 32);
        goto out;
    }
    ok = true;
out:
    sodium_memzero(buf, sizeof buf);
    return ok;
}

bool store_load_public_key(const char *path, store_public_key *out, char *err, size_t err_size)
{
    memset(out, 0, sizeof *out);
    if (!read_key_file(path, false, out->pk, &out->demo, err, err_size))
        return false;
    /* A key that cannot seal (all zeros, a weak point) is refused now, not at the first visitor. */
    unsigned char probe[1 + crypto_box_SEALBYTES];
    if (crypto_box_seal(probe, (const unsigned char *)"x", 1, out->pk) != 0) {
        str_format(err, err_size, "%s:2: not a usable public key", path);
        memset(out, 0, sizeof *out);
        return false;
    }
    return true;
}

bool store_load_private_key(const char *path, store_private_key *out, char *err, size_t err_size)
{
    memset(out, 0, sizeof *out);
    if (!read_key_file(path, true, out->sk, &out->demo, err, err_size))
        return false;
    if (crypto_scalarmult_base(out->pk, out->sk) != 0) {
        str_format(err, err_size, "%s:2: not a usable private key", path);
        sodium_memzero(out, sizeof *out);
        return false;
    }
    return true;
}
/* The key folder (created when missing) and the two key paths in it; neither
 * key may exist yet. */
static bool keygen_paths(const char *dir, char *pub_path, char *priv_path, size_t path_size,
                         char *err, size_t err_size)
{
    if (sodium_init() < 0) {
        str_format(err, err_size, "libsodium could not start");
        return false;
    }
    struct stat sb;
    if (stat(dir, &sb) != 0) {
        if (errno != ENOENT || mkdir(dir, 0700) != 0) {
            str_format(err, err_size, "%s: cannot create the folder: %s", dir, strerror(errno));
            return false;
        }
    } else if (!S_ISDIR(sb.st_mode)) {
        str_format(err, err_size, "%s: not a folder", dir);
        return false;
    }
    if (!str_format(pub_path, path_size, "%s/%s", dir, STORE_PUBLIC_KEY_NAME) ||
        !str_format(priv_path, path_size, "%s/%s", dir, STORE_PRIVATE_KEY_NAME)) {
        str_format(err, err_size, "the folder path is too long");
        return false;
    }
    const char *paths[] = {pub_path, priv_path};
    for (int i = 0; i < 2; i++) {
        if (lstat(paths[i], &sb) == 0) {
            str_format(err, err_size,
                       "%s already exists: keygen never overwrites a key (requests sealed to the "
                       "old public key can only be read with the old private key); move the old "
                       "pair away or choose another --out",
                       paths[i]);
            return false;
        }
    }
    return true;
}

/* Once the private key is written: the public key beside it, and the folder
 * synced. On failure the private key is removed again (no half pair). */
static bool keygen_finish(const char *dir, const char *pub_path, const char *priv_path,
                          const unsigned char *pk, bool demo, char *err, size_t err_size)
{
    char hex[2 * crypto_box_PUBLICKEYBYTES + 1], text[512];
    sodium_bin2hex(hex, sizeof hex, pk, crypto_box_PUBLICKEYBYTES);
    str_format(
        text, sizeof text, "%s\n%s\n",
        demo ? "# Lantern DEMO public key (contact requests): throw-away, for development only; "
               "never use it for real requests."
             : "# Lantern public key (contact requests): goes on the kiosk (its data dir, or the "
               "path of \"public_key\" in its config).",
        hex);
    if (!store_write_new_file(pub_path, 0644, text, err, err_size)) {
        unlink(priv_path);
        return false;
    }
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    return true;
}

bool store_keygen(const char *dir, bool demo, char *err, size_t err_size)
{
    char pub_path[1100], priv_path[1100];
    if (!keygen_paths(dir, pub_path, priv_path, sizeof pub_path, err, err_size))
        return false;
    unsigned char pk[crypto_box_PUBLICKEYBYTES], sk[crypto_box_SECRETKEYBYTES];
    char hex[2 * 32 + 1];
    char text[512];
    crypto_box_keypair(pk, sk);
    sodium_bin2hex(hex, sizeof hex, sk, sizeof sk);
    str_format(
        text, sizeof text, "%s\n%s\n",
        demo ? "# Lantern DEMO private key (contact requests): throw-away, for development only."
             : "# Lantern private key (contact requests): stays with staff, never on the kiosk. "
               "Without it no request can be read; keep a backup in a safe place.",
        hex);
    bool ok = store_write_new_file(priv_path, 0600, text, err, err_size) &&
              keygen_finish(dir, pub_path, priv_path, pk, demo, err, err_size);
    sodium_memzero(sk, sizeof sk);
    sodium_memzero(hex, sizeof hex);
    sodium_memzero(text, sizeof text);
    return ok;
}

/* ---- Private keys under a passphrase (secret_file) ---- */

bool store_private_key_is_protected(const char *path)
{
    char head[8];
    int e = 0;
    ssize_t got = store_read_small(path, head, sizeof head, &e, NULL, 0);
    bool yes = got == (ssize_t)sizeof head && memcmp(head, "LNTNSEC", 8) == 0;
    return yes;
}

bool store_keygen_protected(const char *dir, const char *passphrase, char *err, size_t err_size)
{
    size_t plen = passphrase ? strlen(passphrase) : 0;
    if (plen < SECRET_FILE_MIN_PASSPHRASE || plen > SECRET_FILE_MAX_PASSPHRASE) {
        str_format(err, err_size, "the passphrase must be %d to %d characters",
                   SECRET_FILE_MIN_PASSPHRASE, SECRET_FILE_MAX_PASSPHRASE);
        return false;
    }
    char pub_path[1100], priv_path[1100];
    if (!keygen_paths(dir, pub_path, priv_path, sizeof pub_path, err, err_size))
        return false;
    unsigned char pk[crypto_box_PUBLICKEYBYTES], sk[crypto_box_SECRETKEYBYTES];
    crypto_box_keypair(pk, sk);
    bool ok =
        secret_file_write(priv_path, sk, sizeof sk, passphrase, err, err_size) == SECRET_FILE_OK &&
        keygen_finish(dir, pub_path, priv_path, pk, false, err, err_size);
    sodium_memzero(sk, sizeof sk);
    return ok;
}

bool store_load_private_key_passphrase(const char *path, const char *passphrase,
                                       store_private_key *out, char *err, size_t err_size)
{
    memset(out, 0, sizeof *out);
    if (!store_private_key_is_protected(path))
        return store_load_private_key(path, out, err, err_size);
    if (sodium_init() < 0) {
        str_format(err, err_size, "libsodium could not start");
        return false;
    }
    size_t len = 0;
    secret_file_status st = secret_file_read(path, passphrase ? passphrase : "", out->sk,
                                             sizeof out->sk, &len, err, err_size);
    store_burn_stack();
    if (st != SECRET_FILE_OK || len != sizeof out->sk ||
        crypto_scalarmult_base(out->pk, out->sk) != 0) {
        if (st == SECRET_FILE_OK)
            str_format(err, err_size, "%s: does not hold a Lantern private key", path);
        sodium_memzero(out, sizeof *out);
        return false;
    }
    return true;
}
