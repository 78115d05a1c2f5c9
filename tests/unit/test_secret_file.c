/* secret_file: round trip, wrong passphrase, permissions, tampering, no overwrite. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "core/util.h"
#include "store/secret_file.h"

static char dir[64];

static long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static void flip_byte(const char *path, long offset)
{
    int fd = open(path, O_RDWR);
    unsigned char c;
    CHECK(fd >= 0 && pread(fd, &c, 1, offset) == 1);
    c ^= 0x01;
    CHECK(pwrite(fd, &c, 1, offset) == 1);
    close(fd);
}

static bool all_zero(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i])
            return false;
    return true;
}

int main(void)
{
    str_copy(dir, sizeof dir, "/tmp/lantern-secret-XXXXXX");
    CHECK(mkdtemp(dir) != NULL);
    char path[256], err[1024];
    unsigned char secret[64], back[128];
    size_t len = 0;
    for (size_t i = 0; i < sizeof secret; i++)
        secret[i] = (unsigned char)(i * 7 + 1);
    str_format(path, sizeof path, "%s/approver-secret.key", dir);

    /* Round trip; the file is 0600 and holds nothing of the secret in clear. */
    CHECK(secret_file_write(path, secret, sizeof secret, "correct horse battery", err,
                            sizeof err) == SECRET_FILE_OK);
    struct stat st;
    CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
    CHECK(file_size(path) == 68 + 64 + 16);
    FILE *f = fopen(path, "rb");
    unsigned char raw[256];
    size_t raw_len = f ? fread(raw, 1, sizeof raw, f) : 0;
    if (f)
        fclose(f);
    bool in_clear = false;
    for (size_t i = 0; i + 16 <= raw_len; i++)
        in_clear = in_clear || memcmp(raw + i, secret + 8, 16) == 0;
    CHECK(raw_len == 148 && !in_clear);
    CHECK(secret_file_read(path, "correct horse battery", back, sizeof back, &len, err,
                           sizeof err) == SECRET_FILE_OK);
    CHECK(len == sizeof secret && memcmp(back, secret, len) == 0);

    /* No temporary file left behind. */
    char tmp[300];
    str_format(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid());
    CHECK(file_size(tmp) < 0);

    /* Never overwritten. */
    CHECK(secret_file_write(path, secret, sizeof secret, "another passphrase", err, sizeof err) ==
          SECRET_FILE_EXISTS);
    CHECK_MSG(strstr(err, "never overwritten") != NULL, "%s", err);
    CHECK(secret_file_read(path, "correct horse battery", back, sizeof back, &len, err,
                           sizeof err) == SECRET_FILE_OK);

    /* Wrong passphrase: refused, the output wiped. */
    memset(back, 0xAA, sizeof back);
    CHECK(secret_file_read(path, "correct horse batterz", back, sizeof back, &len, err,
                           sizeof err) == SECRET_FILE_WRONG_PASSPHRASE);
    CHECK_MSG(strstr(err, "wrong passphrase") != NULL, "%s", err);
    CHECK(len == 0 && all_zero(back, sizeof back));

    /* Too small a buffer. */
    CHECK(secret_file_read(path, "correct horse battery", back, 32, &len, err, sizeof err) ==
          SECRET_FILE_FORMAT);

    /* Group- or world-readable: refused, saying why and how to fix it. */
    chmod(path, 0640);
    CHECK(secret_file_read(path, "correct horse battery", back, sizeof back, &len, err,
                           sizeof err) == SECRET_FILE_PERMISSIONS);
    CHECK_MSG(strstr(err, "mode 0640") && strstr(err, "group") && strstr(err, "chmod 600"), "%s",
              err);
    chmod(path, 0604);
    CHECK(secret_file_read(path, "correct horse battery", back, sizeof back, &len, err,
                           sizeof err) == SECRET_FILE_PERMISSIONS);
    CHECK_MSG(strstr(err, "every user"), "%s", err);
    chmod(path, 0600);

    /* A symlink to it is refused. */
    char link_path[300];
    str_format(link_path, sizeof link_path, "%s/link.key", dir);
    CHECK(symlink(path, link_path) == 0);
    CHECK(secret_file_read(link_path, "correct horse battery", back, sizeof back, &len, err,
                           sizeof err) == SECRET_FILE_PERMISSIONS);

    /* Every byte is protected: a flipped bit in the header (parameters, salt,
     * nonce) or in the box stops it from opening. Bytes 12..27 are the
     * Argon2id settings: flipping their lowest bit gives other valid values. */
    long offsets[] = {12, 20, 28, 50, 70, 100, 147};
    for (size_t i = 0; i < sizeof offsets / sizeof offsets[0]; i++) {
        char copy[300];
        str_format(copy, sizeof copy, "%s/copy-%zu.key", dir, i);
        CHECK(secret_file_write(copy, secret, sizeof secret, "correct horse battery", err,
                                sizeof err) == SECRET_FILE_OK);
        flip_byte(copy, offsets[i]);
        secret_file_status s = secret_file_read(copy, "correct horse battery", back, sizeof back,
                                                &len, err, sizeof err);
        CHECK_MSG(s == SECRET_FILE_WRONG_PASSPHRASE || s == SECRET_FILE_FORMAT,
                  "offset %ld: status %d", offsets[i], (int)s);
        unlink(copy);
    }
    /* Bad magic, unknown version, truncated. */
    char copy[300];
    str_format(copy, sizeof copy, "%s/copy.key", dir);
    CHECK(secret_file_write(copy, secret, sizeof secret, "correct horse battery", err,
                            sizeof err) == SECRET_FILE_OK);
    flip_byte(copy, 0);
    CHECK(secret_file_read(copy, "correct horse battery", back, sizeof back, &len, err,
                           sizeof err) == SECRET_FILE_FORMAT);
    CHECK_MSG(strstr(err, "not a Lantern secret file"), "%s", err);
    flip_byte(copy, 0);
    flip_byte(copy, 8);
    CHECK(secret_file_read(copy, "correct horse battery", back, sizeof back, &len, err,
                           sizeof err) == SECRET_FILE_FORMAT);
    CHECK_MSG(strstr(err, "version 0"), "%s", err);
    flip_byte(copy, 8);
    CHECK(truncate(copy, 100) == 0); /* a shorter box: it no longer opens */
    CHECK(secret_file_read(copy, "correct horse battery", back, sizeof back, &len, err,
                           sizeof err) == SECRET_FILE_WRONG_PASSPHRASE);
    CHECK(truncate(copy, 60) == 0); /* not even a header */
    CHECK(secret_file_read(copy, "correct horse battery", back, sizeof back, &len, err,
                           sizeof err) == SECRET_FILE_FORMAT);
    unlink(copy);

    /* Arguments. */
    CHECK(secret_file_write(copy, secret, sizeof secret, "short", err, sizeof err) ==
          SECRET_FILE_BAD_ARGUMENT);
    CHECK(file_size(copy) < 0);
    CHECK(secret_file_write(copy, secret, 0, "long enough", err, sizeof err) ==
          SECRET_FILE_BAD_ARGUMENT);
    CHECK(secret_file_read(copy, "long enough", back, sizeof back, &len, err, sizeof err) ==
          SECRET_FILE_IO);

    unlink(link_path);
    unlink(path);
    rmdir(dir);
    return check_done("test_secret_file");
}
