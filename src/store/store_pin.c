/* PINs: Argon2id hashes and the lockout file in the data dir (no sqlite). */
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
#include "store_internal.h"

static bool pin_role_ok(const char *role)
{
    return role && (strcmp(role, "staff") == 0 || strcmp(role, "facilitator") == 0);
}

/* 4 to 12 digits; the message never holds the PIN. */
static bool pin_format_ok(const char *pin, char *err, size_t err_size)
{
    size_t len = pin ? strlen(pin) : 0;
    const char *why = NULL;
    for (size_t i = 0; i < len && !why; i++)
        if (pin[i] < '0' || pin[i] > '9')
            why = "a PIN is digits only (0-9)";
    if (!why && len < STORE_PIN_MIN_DIGITS)
        why = "the PIN is too short";
    else if (!why && len > STORE_PIN_MAX_DIGITS)
        why = "the PIN is too long";
    if (why && err)
        str_format(err, err_size, "%s: a PIN is %d to %d digits", why, STORE_PIN_MIN_DIGITS,
                   STORE_PIN_MAX_DIGITS);
    return !why;
}

bool store_pin_set(const char *data_dir, const char *role, const char *pin, char *err,
                   size_t err_size)
{
    if (err_size)
        err[0] = '\0';
    if (!pin_role_ok(role)) {
        str_format(err, err_size, "the role is \"staff\" or \"facilitator\", not \"%s\"",
                   role ? role : "");
        return false;
    }
    if (!pin_format_ok(pin, err, err_size))
        return false;
    struct stat sb;
    const char *why = NULL;
    if (!data_dir || !*data_dir)
        why = "no data dir given";
    else if (stat(data_dir, &sb) != 0)
        why = errno == ENOENT ? "no such folder" : strerror(errno);
    else if (!S_ISDIR(sb.st_mode))
        why = "not a folder";
    if (why) {
        str_format(err, err_size, "%s: %s (give the kiosk's data dir)", data_dir ? data_dir : "",
                   why);
        return false;
    }
    if (sodium_init() < 0) {
        str_format(err, err_size, "libsodium could not start");
        return false;
    }
    char hash[crypto_pwhash_STRBYTES];
    char text[crypto_pwhash_STRBYTES + 2];
    char name[64];
    str_format(name, sizeof name, "%s%s", role, STORE_PIN_SUFFIX);
    bool ok = false;
    if (crypto_pwhash_str_alg(hash, pin, strlen(pin), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE,
                              crypto_pwhash_ALG_ARGON2ID13) != 0) {
        str_format(err, err_size, "hashing the PIN failed (out of memory?); nothing was changed");
        goto out;
    }
    str_format(text, sizeof text, "%s\n", hash);
    ok = store_write_replace(data_dir, name, text, err, err_size);
out:
    sodium_memzero(hash, sizeof hash);
    sodium_memzero(text, sizeof text);
    return ok;
}

int store_pin_check(const char *data_dir, const char *role, const char *pin)
{
    if (!pin_role_ok(role) || !data_dir) {
        log_msg(LOG_ERROR, "store: a PIN check for an unknown role, or with no data dir");
        return -1;
    }
    char path[1100];
    if (!str_format(path, sizeof path, "%s/%s%s", data_dir, role, STORE_PIN_SUFFIX)) {
        log_msg(LOG_ERROR, "store: %s: the data dir path is too long for the PIN file", data_dir);
        return -1;
    }
    char buf[crypto_pwhash_STRBYTES + 64];
    int e = 0;
    ssize_t got = store_read_small(path, buf, sizeof buf - 1, &e, NULL, 0);
    if (got < 0) {
        if (e == ENOENT)
            log_msg(LOG_WARN, "store: %s: no %s PIN is set (lanternctl set-pin --role %s)", path,
                    role, role);
        else
            log_msg(LOG_ERROR, "store: %s: cannot read the PIN file: %s", path, strerror(e));
        return -1;
    }
    size_t len = (size_t)got;
    buf[len] = '\0';
    while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r' || buf[len - 1] == ' '))
        buf[--len] = '\0';
    int result = -1;
    if (len >= crypto_pwhash_STRBYTES || strlen(buf) != len || memchr(buf, '\n', len) ||
        strncmp(buf, "$argon2id$", 10) != 0) {
        log_msg(LOG_ERROR,
                "store: %s: not an Argon2id PIN hash: set the PIN again with lanternctl set-pin",
                path);
        goto out;
    }
    result = 0;
    if (!pin_format_ok(pin, NULL, 0))
        goto out;
    if (sodium_init() < 0) {
        log_msg(LOG_ERROR, "store: %s: libsodium could not start", path);
        result = -1;
        goto out;
    }
    errno = 0;
    if (crypto_pwhash_str_verify(buf, pin, strlen(pin)) == 0) {
        result = 1;
    } else if (errno != EINVAL) {
        /* Not a mismatch: a hash that does not decode, or no memory for Argon2. */
        log_msg(LOG_ERROR,
                "store: %s: the PIN could not be checked (%s): set the PIN again with lanternctl "
                "set-pin "
                "if this persists",
                path, errno == ENOMEM ? "out of memory" : "a damaged PIN hash");
        result = -1;
    }
out:
    sodium_memzero(buf, sizeof buf);
    return result;
}

enum { PIN_FAILURES_CAP = 1000000 };

/* Seconds locked after the failures-th wrong PIN in a row. */
int64_t store_pin_lock_seconds(int failures)
{
    if (failures < STORE_PIN_FREE_TRIES)
        return 0;
    int64_t d = STORE_PIN_LOCK_FIRST;
    for (int i = STORE_PIN_FREE_TRIES; i < failures && d < STORE_PIN_LOCK_MAX; i++)
        d *= 2;
    return d < STORE_PIN_LOCK_MAX ? d : STORE_PIN_LOCK_MAX;
}

bool store_pin_failures(const char *data_dir, int *failures, int64_t *locked_until_unix)
{
    *failures = 0;
    *locked_until_unix = 0;
    char path[1100];
    if (!data_dir || !str_format(path, sizeof path, "%s/%s", data_dir, STORE_PIN_LOCKOUT_NAME)) {
        log_msg(LOG_ERROR, "store: no data dir, or its path is too long, for the PIN lockout file");
        *failures = STORE_PIN_FREE_TRIES;
        return false;
    }
    char buf[128];
    int e = 0;
    ssize_t got = store_read_small(path, buf, sizeof buf - 1, &e, NULL, 0);
    if (got < 0 && e == ENOENT)
        return true;
    if (got < 0) {
        log_msg(LOG_ERROR,
                "store: %s: cannot read the PIN lockout: %s; one more wrong PIN will lock entry",
                path, strerror(e));
        *failures = STORE_PIN_FREE_TRIES;
        return false;
    }
    buf[got] = '\0';
    int n = 0, used = -1;
    long long until = 0;
    if (strlen(buf) != (size_t)got ||
        sscanf(buf, "failures %d locked_until %lld %n", &n, &until, &used) != 2 ||
        used != (int)got || n < 0 || n > PIN_FAILURES_CAP || until < 0) {
        log_msg(LOG_ERROR,
                "store: %s: the PIN lockout file is damaged; one more wrong PIN will lock entry",
                path);
        *failures = STORE_PIN_FREE_TRIES;
        return false;
    }
    *failures = n;
    *locked_until_unix = (int64_t)until;
    return true;
}

bool store_pin_record(const char *data_dir, bool success, int64_t now_unix)
{
    int failures = 0;
    int64_t until = 0;
    if (!success) {
        store_pin_failures(data_dir, &failures,
                           &until); /* a damaged file counts as STORE_PIN_FREE_TRIES */
        if (failures < PIN_FAILURES_CAP)
            failures++;
        int64_t lock = store_pin_lock_seconds(failures);
        until = lock ? now_unix + lock : 0;
    }
    char text[96], err[1300];
    str_format(text, sizeof text, "failures %d\nlocked_until %lld\n", failures, (long long)until);
    if (!data_dir ||
        !store_write_replace(data_dir, STORE_PIN_LOCKOUT_NAME, text, err, sizeof err)) {
        log_msg(LOG_ERROR, "store: recording a PIN %s: %s", success ? "success" : "failure",
                data_dir ? err : "no data dir");
        return false;
    }
    return true;
}
