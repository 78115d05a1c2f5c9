/* secret_file: a secret under a passphrase (format in secret_file.h). */
#include "secret_file.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/util.h"
#include "store_write.h"

static const unsigned char MAGIC[8] = {'L', 'N', 'T', 'N', 'S', 'E', 'C', '\0'};

enum {
    FORMAT_VERSION = 1,
    ALGORITHM_ARGON2ID_SECRETBOX = 1,
    SALT_BYTES = 16,
    HEADER_BYTES = 8 + 1 + 1 + 2 + 8 + 8 + SALT_BYTES + crypto_secretbox_NONCEBYTES,
    MAX_FILE_BYTES = HEADER_BYTES + SECRET_FILE_MAX_SECRET + crypto_secretbox_MACBYTES,
};

/* What a new file costs to open: about a quarter of a second on the kiosk's
 * class of machine. Reading accepts up to the ceilings, so that a file made
 * with stronger settings still opens, but a hostile file cannot make the tool
 * spend minutes or gigabytes. */
static const uint64_t WRITE_OPSLIMIT = 3;
static const uint64_t WRITE_MEMLIMIT = 64ull * 1024 * 1024;
static const uint64_t MAX_OPSLIMIT = 16;
static const uint64_t MAX_MEMLIMIT = 1024ull * 1024 * 1024;

_Static_assert(SALT_BYTES == crypto_pwhash_SALTBYTES, "Argon2id salt size");

static void put_u64(unsigned char *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t get_u64(const unsigned char *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

/* The box's key from the passphrase and the whole header. */
static bool derive_key(unsigned char key[crypto_secretbox_KEYBYTES], const char *passphrase,
                       const unsigned char header[HEADER_BYTES], uint64_t ops, uint64_t mem)
{
    unsigned char stretched[crypto_secretbox_KEYBYTES];
    const unsigned char *salt = header + 28;
    bool ok =
        crypto_pwhash(stretched, sizeof stretched, passphrase, strlen(passphrase), salt,
                      (unsigned long long)ops, (size_t)mem, crypto_pwhash_ALG_ARGON2ID13) == 0 &&
        crypto_generichash(key, crypto_secretbox_KEYBYTES, header, HEADER_BYTES, stretched,
                           sizeof stretched) == 0;
    sodium_memzero(stretched, sizeof stretched);
    return ok;
}

/* The folder part of path, for syncing the new name. */
static void parent_of(const char *path, char *out, size_t size)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        str_copy(out, size, ".");
    else if (slash == path)
        str_copy(out, size, "/");
    else
        str_format(out, size, "%.*s", (int)(slash - path), path);
}

secret_file_status secret_file_write(const char *path, const void *secret, size_t len,
                                     const char *passphrase, char *err, size_t err_size)
{
    size_t pass_len = strlen(passphrase);
    if (pass_len < SECRET_FILE_MIN_PASSPHRASE || pass_len > SECRET_FILE_MAX_PASSPHRASE) {
        str_format(err, err_size, "%s: the passphrase must be %d to %d characters long", path,
                   SECRET_FILE_MIN_PASSPHRASE, SECRET_FILE_MAX_PASSPHRASE);
        return SECRET_FILE_BAD_ARGUMENT;
    }
    if (len == 0 || len > SECRET_FILE_MAX_SECRET) {
        str_format(err, err_size, "%s: a secret of %zu bytes cannot be stored (1 to %d)", path, len,
                   SECRET_FILE_MAX_SECRET);
        return SECRET_FILE_BAD_ARGUMENT;
    }
    if (sodium_init() < 0) {
        str_format(err, err_size, "%s: libsodium could not start", path);
        return SECRET_FILE_IO;
    }
    struct stat st;
    if (lstat(path, &st) == 0) {
        str_format(err, err_size,
                   "%s: already exists; it is never overwritten (move it away first)", path);
        return SECRET_FILE_EXISTS;
    }

    size_t total = HEADER_BYTES + len + crypto_secretbox_MACBYTES;
    unsigned char file[MAX_FILE_BYTES];
    unsigned char key[crypto_secretbox_KEYBYTES];
    memcpy(file, MAGIC, sizeof MAGIC);
    file[8] = FORMAT_VERSION;
    file[9] = ALGORITHM_ARGON2ID_SECRETBOX;
    file[10] = file[11] = 0;
    put_u64(file + 12, WRITE_OPSLIMIT);
    put_u64(file + 20, WRITE_MEMLIMIT);
    randombytes_buf(file + 28, SALT_BYTES);
    randombytes_buf(file + 28 + SALT_BYTES, crypto_secretbox_NONCEBYTES);
    if (!derive_key(key, passphrase, file, WRITE_OPSLIMIT, WRITE_MEMLIMIT)) {
        str_format(err, err_size, "%s: not enough memory to protect the key", path);
        sodium_memzero(key, sizeof key);
        return SECRET_FILE_IO;
    }
    crypto_secretbox_easy(file + HEADER_BYTES, secret, len, file + 28 + SALT_BYTES, key);
    sodium_memzero(key, sizeof key);

    /* A temporary name, then link(): the final name appears whole or not at
     * all, and link() never replaces a file that appeared meanwhile. */
    char tmp[PATH_MAX];
    secret_file_status status = SECRET_FILE_IO;
    if (!str_format(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid())) {
        str_format(err, err_size, "%s: path too long", path);
        goto out;
    }
    if (!store_write_new_bytes(tmp, 0600, file, total, err, err_size))
        goto out;
    if (link(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        if (e == EEXIST) {
            str_format(err, err_size,
                       "%s: already exists; it is never overwritten (move it away first)", path);
            status = SECRET_FILE_EXISTS;
        } else {
            str_format(err, err_size, "%s: cannot create: %s", path, strerror(e));
        }
        goto out;
    }
    unlink(tmp);
    char dir[PATH_MAX];
    parent_of(path, dir, sizeof dir);
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    status = SECRET_FILE_OK;
out:
    sodium_memzero(file, sizeof file);
    return status;
}

secret_file_status secret_file_read(const char *path, const char *passphrase, void *secret,
                                    size_t size, size_t *len, char *err, size_t err_size)
{
    *len = 0;
    if (sodium_init() < 0) {
        str_format(err, err_size, "%s: libsodium could not start", path);
        return SECRET_FILE_IO;
    }
    /* O_NONBLOCK: a FIFO given as the key must not wait for a writer (it is
     * refused below as not a plain file). */
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        if (e == ELOOP)
            str_format(err, err_size, "%s: is a symbolic link; a secret file must be a plain file",
                       path);
        else
            str_format(err, err_size, "%s: cannot open: %s", path, strerror(e));
        return e == ELOOP ? SECRET_FILE_PERMISSIONS : SECRET_FILE_IO;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        str_format(err, err_size, "%s: cannot read: %s", path, strerror(errno));
        close(fd);
        return SECRET_FILE_IO;
    }
    if (!S_ISREG(st.st_mode)) {
        str_format(err, err_size, "%s: not a plain file (a FIFO, device, socket or folder)", path);
        close(fd);
        return SECRET_FILE_PERMISSIONS;
    }
    if (st.st_mode & (S_IRWXG | S_IRWXO)) {
        str_format(
            err, err_size,
            "%s: mode %04o lets %s read or change it; a secret must be readable by its owner only "
            "(chmod 600 %s, and make a new key if others may have copied it)",
            path, (unsigned)(st.st_mode & 07777),
            (st.st_mode & S_IRWXO) ? "every user on this computer" : "the file's group", path);
        close(fd);
        return SECRET_FILE_PERMISSIONS;
    }
    if (st.st_size < HEADER_BYTES + crypto_secretbox_MACBYTES + 1 || st.st_size > MAX_FILE_BYTES) {
        str_format(err, err_size, "%s: not a Lantern secret file (%lld bytes)", path,
                   (long long)st.st_size);
        close(fd);
        return SECRET_FILE_FORMAT;
    }
    unsigned char file[MAX_FILE_BYTES + 1];
    size_t got = 0;
    for (;;) {
        ssize_t r = read(fd, file + got, sizeof file - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            str_format(err, err_size, "%s: cannot read: %s", path, strerror(errno));
            close(fd);
            return SECRET_FILE_IO;
        }
        if (r == 0 || got + (size_t)r == sizeof file) {
            got += (size_t)r;
            break;
        }
        got += (size_t)r;
    }
    close(fd);

    secret_file_status status = SECRET_FILE_FORMAT;
    unsigned char key[crypto_secretbox_KEYBYTES];
    unsigned char plain[SECRET_FILE_MAX_SECRET];
    uint64_t ops = 0, mem = 0;
    if (got < HEADER_BYTES + crypto_secretbox_MACBYTES + 1 || got > MAX_FILE_BYTES ||
        memcmp(file, MAGIC, sizeof MAGIC) != 0) {
        str_format(err, err_size, "%s: not a Lantern secret file", path);
        goto out;
    }
    if (file[8] != FORMAT_VERSION || file[9] != ALGORITHM_ARGON2ID_SECRETBOX) {
        str_format(err, err_size,
                   "%s: secret file version %d, algorithm %d: this Lantern reads version %d only",
                   path, file[8], file[9], FORMAT_VERSION);
        goto out;
    }
    ops = get_u64(file + 12);
    mem = get_u64(file + 20);
    if (ops < crypto_pwhash_OPSLIMIT_MIN || ops > MAX_OPSLIMIT ||
        mem < crypto_pwhash_MEMLIMIT_MIN || mem > MAX_MEMLIMIT) {
        str_format(err, err_size, "%s: damaged (key-derivation settings out of range)", path);
        goto out;
    }
    size_t secret_len = got - HEADER_BYTES - crypto_secretbox_MACBYTES;
    if (secret_len > size) {
        str_format(err, err_size, "%s: holds %zu bytes, more than the %zu expected", path,
                   secret_len, size);
        goto out;
    }
    status = SECRET_FILE_IO;
    if (!derive_key(key, passphrase, file, ops, mem)) {
        str_format(err, err_size, "%s: not enough memory to open the key", path);
        goto out;
    }
    if (crypto_secretbox_open_easy(plain, file + HEADER_BYTES, got - HEADER_BYTES,
                                   file + 28 + SALT_BYTES, key) != 0) {
        str_format(err, err_size, "%s: wrong passphrase, or the file is damaged", path);
        status = SECRET_FILE_WRONG_PASSPHRASE;
        goto out;
    }
    memcpy(secret, plain, secret_len);
    *len = secret_len;
    status = SECRET_FILE_OK;
out:
    if (status != SECRET_FILE_OK && size)
        sodium_memzero(secret, size);
    sodium_memzero(key, sizeof key);
    sodium_memzero(plain, sizeof plain);
    sodium_memzero(file, sizeof file);
    return status;
}
