/* Contact requests: the payload format (core/request.c), the sealed store
 * (store/store.c) and lanternctl's staff commands (tools/requests.c), on
 * temporary folders; also the staff PINs and their lockout, and the
 * anonymous usage figures with `lanternctl stats` and `set-pin`.
 *
 * The store's own test talks to SQLite directly (and only here) to set up
 * conditions the store must survive: another writer holding the lock, a
 * damaged sealed blob, and to look at the schema. Storage errors:
 * - a full database: store_set_max_pages (SQLITE_FULL), always;
 * - a read-only database: a second handle opened read-only
 *   (store_open_staff(path, false), SQLITE_OPEN_READONLY), always;
 * - a real full disk (ENOSPC) and a real read-only file system (EROFS): in a
 *   forked child with its own mount namespace (unshare + a small tmpfs),
 *   when the test may mount (root); otherwise reported as skipped. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <sqlite3.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "core/request.h"
#include "core/util.h"
#include "store/store.h"
#include "tools/requests.h"

static const int64_t T0 = 1795000000; /* 2026-11-18 */

/* ---- helpers ---- */

static char *slurp(const char *path, size_t *len)
{
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap + 1);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *grown = realloc(buf, cap * 2 + 1);
            if (!grown) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = grown;
            cap *= 2;
        }
    }
    fclose(f);
    if (buf) {
        buf[n] = '\0';
        *len = n;
    }
    return buf;
}

static bool has_bytes(const char *hay, size_t hay_len, const void *needle, size_t n)
{
    if (n == 0 || hay_len < n)
        return false;
    for (size_t i = 0; i + n <= hay_len; i++)
        if (memcmp(hay + i, needle, n) == 0)
            return true;
    return false;
}

static bool file_has(const char *path, const void *needle, size_t n)
{
    size_t len;
    char *buf = slurp(path, &len);
    bool found = buf && has_bytes(buf, len, needle, n);
    free(buf);
    return found;
}

/* Number of files in dir (not recursive) that hold needle. */
static int files_holding(const char *dir, const void *needle, size_t n, int *files_seen)
{
    int found = 0;
    *files_seen = 0;
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char path[1024];
        str_format(path, sizeof path, "%s/%s", dir, e->d_name);
        (*files_seen)++;
        if (file_has(path, needle, n)) {
            found++;
            fprintf(stderr, "found the plaintext in %s\n", path);
        }
    }
    closedir(d);
    return found;
}

static void rm_tree(const char *path)
{
    struct stat sb;
    if (lstat(path, &sb) != 0)
        return;
    if (S_ISDIR(sb.st_mode)) {
        DIR *d = opendir(path);
        struct dirent *e;
        while (d && (e = readdir(d))) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char child[1024];
            str_format(child, sizeof child, "%s/%s", path, e->d_name);
            rm_tree(child);
        }
        if (d)
            closedir(d);
        rmdir(path);
    } else {
        unlink(path);
    }
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static contact_request sample(const char *name, const char *phone, const char *email)
{
    contact_request r = {0};
    str_copy(r.name, sizeof r.name, name);
    str_copy(r.phone, sizeof r.phone, phone);
    str_copy(r.email, sizeof r.email, email);
    str_copy(r.best_time, sizeof r.best_time, "evening");
    str_copy(r.language, sizeof r.language, "es");
    str_copy(r.voicemail_ok, sizeof r.voicemail_ok, "no");
    str_copy(r.topic, sizeof r.topic, "loved-one");
    str_copy(r.consent_version, sizeof r.consent_version, "2026-11-01");
    return r;
}

/* Encodes and submits r as the kiosk does; returns the status. */
static store_status submit(store *s, const store_public_key *key, const contact_request *r, int64_t now,
                           int64_t *id)
{
    char payload[REQUEST_ENCODED_MAX];
    size_t len = request_encode(r, payload, sizeof payload);
    if (len == 0)
        return STORE_IO;
    store_status st = store_submit(s, key, payload, len, now, id);
    store_wipe(payload, sizeof payload);
    return st;
}

/* Runs requests_main with stdout and stderr sent to files; returns its status. */
static int run_ctl(const char *out_path, const char *err_path, int argc, const char **argv)
{
    fflush(stdout);
    fflush(stderr);
    int so = dup(1), se = dup(2);
    int fo = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int fe = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fo, 1);
    dup2(fe, 2);
    close(fo);
    close(fe);
    int rc = requests_main(argc, (char **)argv);
    fflush(stdout);
    fflush(stderr);
    dup2(so, 1);
    dup2(se, 2);
    close(so);
    close(se);
    return rc;
}

typedef struct {
    int count, opened;
    int64_t ids[64];
    char status[64][12];
    unsigned char first_sealed[64][48];
} seen_records;

static bool collect(void *ctx, const store_record *r)
{
    seen_records *s = ctx;
    if (s->count < 64) {
        s->ids[s->count] = r->id;
        str_copy(s->status[s->count], sizeof s->status[0], r->status);
        if (r->sealed_len >= 48)
            memcpy(s->first_sealed[s->count], r->sealed, 48);
    }
    s->count++;
    s->opened += r->opened;
    return true;
}

static const char *status_of_id(const seen_records *s, int64_t id)
{
    for (int i = 0; i < s->count && i < 64; i++)
        if (s->ids[i] == id)
            return s->status[i];
    return "";
}

/* ---- the payload format ---- */

static void test_request(void)
{
    contact_request r = sample("Ana María", "3234021622", "ana@example.org"), back;
    char buf[REQUEST_ENCODED_MAX], err[200];
    size_t len = request_encode(&r, buf, sizeof buf);
    CHECK(len > 0 && len == strlen(buf));
    CHECK(strncmp(buf, "lantern-request 1\nname\tAna María\n", 33) == 0);
    int format = 0;
    CHECK(request_decode(buf, len, &back, &format, err, sizeof err));
    CHECK(format == 1);
    CHECK(memcmp(&r, &back, sizeof r) == 0);
    CHECK(request_validate(&r, err, sizeof err));

    /* Longest values fit REQUEST_ENCODED_MAX. */
    contact_request big = r;
    memset(big.name, 'n', sizeof big.name - 1);
    big.name[sizeof big.name - 1] = '\0';
    /* The longest address field_check_email accepts: 254 bytes, labels of
     * at most 63 (request_validate uses the form's check). */
    memset(big.email, 'e', 254);
    big.email[254] = '\0';
    big.email[10] = '@';
    for (int dot = 11 + 63; dot < 254 - 2; dot += 64)
        big.email[dot] = '.';
    memset(big.consent_version, 'v', sizeof big.consent_version - 1);
    big.consent_version[sizeof big.consent_version - 1] = '\0';
    len = request_encode(&big, buf, sizeof buf);
    CHECK(len > 0);
    CHECK(request_decode(buf, len, &back, &format, err, sizeof err) && memcmp(&big, &back, sizeof big) == 0);
    /* Too small a buffer: 0, and nothing left in it. */
    char small[40];
    CHECK(request_encode(&r, small, sizeof small) == 0 && small[0] == '\0');

    /* encode refuses control characters, invalid UTF-8 and values outside their sets. */
    const char *bad_names[] = {"Ana\tB", "Ana\nB", "Ana\rB", "A\x7f", "\xc3", "\xe2\x80\x8d\xc2\x85", ""};
    for (size_t i = 0; i < sizeof bad_names / sizeof bad_names[0]; i++) {
        contact_request b = r;
        str_copy(b.name, sizeof b.name, bad_names[i]);
        CHECK_MSG(request_encode(&b, buf, sizeof buf) == 0, "name %zu", i);
    }
    contact_request b = r;
    memset(b.phone, '1', sizeof b.phone); /* not terminated */
    CHECK(request_encode(&b, buf, sizeof buf) == 0);
    CHECK(!request_validate(&b, err, sizeof err) && strstr(err, "phone") && !strstr(err, "111"));
#define FIELD(x) #x, offsetof(contact_request, x), sizeof(((contact_request *)0)->x)
    const struct {
        const char *field;
        size_t offset, size;
        const char *value;
    } bad_values[] = {
        {FIELD(phone), "323402162"},    {FIELD(phone), "32340216x2"},       {FIELD(email), "ana"},
        {FIELD(email), "a@b"},          {FIELD(best_time), "night"},        {FIELD(voicemail_ok), "maybe"},
        {FIELD(topic), "diagnosis"},    {FIELD(language), "e"},             {FIELD(consent_version), ""},
    };
#undef FIELD
    for (size_t i = 0; i < sizeof bad_values / sizeof bad_values[0]; i++) {
        b = r;
        str_copy((char *)&b + bad_values[i].offset, bad_values[i].size, bad_values[i].value);
        CHECK_MSG(request_encode(&b, buf, sizeof buf) == 0, "%s=%s", bad_values[i].field, bad_values[i].value);
        CHECK(!request_validate(&b, err, sizeof err) &&
              strncmp(err, bad_values[i].field, strlen(bad_values[i].field)) == 0);
    }
    /* Phone or email may be empty, not both. */
    b = sample("Bo", "", "bo@example.org");
    CHECK(request_encode(&b, buf, sizeof buf) > 0);
    b = sample("Bo", "3234021622", "");
    CHECK(request_encode(&b, buf, sizeof buf) > 0);
    b = sample("Bo", "", "");
    CHECK(request_encode(&b, buf, sizeof buf) == 0);

    /* decode refuses: newer format, damage, unknown keys, over-long values. */
    len = request_encode(&r, buf, sizeof buf);
    const char *v2 = "lantern-request 2\nname\tAna\n";
    CHECK(!request_decode(v2, strlen(v2), &back, &format, err, sizeof err));
    CHECK(format == 2);
    CHECK(strcmp(err, "record format 2 is newer than this lanternctl (1): update lanternctl") == 0);
    const char *v0 = "lantern-request 0\n";
    CHECK(!request_decode(v0, strlen(v0), &back, &format, err, sizeof err) && strstr(err, "format 0"));
    CHECK(!request_decode(buf, len - 1, &back, &format, err, sizeof err) && strstr(err, "cut short"));
    CHECK(!request_decode(buf, 20, &back, &format, err, sizeof err) && strstr(err, "damaged"));
    CHECK(!request_decode("garbage", 7, &back, &format, err, sizeof err) && format == 0 && strstr(err, "line 1"));
    CHECK(!request_decode("", 0, &back, &format, err, sizeof err));
    CHECK(!request_decode(NULL, 0, &back, &format, err, sizeof err));
    CHECK(back.name[0] == '\0'); /* nothing half-decoded is left */
    const struct {
        const char *text, *expect;
    } damaged[] = {
        {"lantern-request 1\nname Ana\n", "no tab"},
        {"lantern-request 1\nsecret\tx\n", "unknown key"},
        {"lantern-request 1\nname\tA\nname\tB\n", "repeats the key name"},
        {"lantern-request 1\nname\tA\n", "the key phone is missing"},
        {"lantern-request 1\nname\tA\x01\n", "control character"},
        {"lantern-request 1\nname\t\xff\n", "invalid UTF-8"},
        {"lantern-request x\n", "line 1"},
        {"lantern-request 1\nphone\t1234567890123\n", "phone is too long"},
    };
    for (size_t i = 0; i < sizeof damaged / sizeof damaged[0]; i++) {
        bool ok = request_decode(damaged[i].text, strlen(damaged[i].text), &back, &format, err, sizeof err);
        CHECK_MSG(!ok && strstr(err, damaged[i].expect), "case %zu: %s", i, err);
    }
    /* Messages never carry the values. */
    const char *secret = "lantern-request 1\nname\tSECRETNAME\x01\n";
    CHECK(!request_decode(secret, strlen(secret), &back, &format, err, sizeof err) && !strstr(err, "SECRET"));
    /* A value not in its set still decodes (a later topic exports). */
    char extra[REQUEST_ENCODED_MAX];
    len = request_encode(&r, extra, sizeof extra);
    char *t = strstr(extra, "loved-one");
    memcpy(t, "new-topic", 9);
    CHECK(request_decode(extra, len, &back, &format, err, sizeof err) && strcmp(back.topic, "new-topic") == 0);
}

/* ---- key files ---- */

static void test_keys(const char *base)
{
    char dir[600], pub[700], priv[700], err[1400];
    str_format(dir, sizeof dir, "%s/keys", base);
    str_format(pub, sizeof pub, "%s/%s", dir, STORE_PUBLIC_KEY_NAME);
    str_format(priv, sizeof priv, "%s/%s", dir, STORE_PRIVATE_KEY_NAME);
    mode_t old = umask(0); /* the private key must be 0600 whatever the umask */
    CHECK(store_keygen(dir, false, err, sizeof err));
    umask(old);
    struct stat sb;
    CHECK(stat(priv, &sb) == 0 && (sb.st_mode & 07777) == 0600);
    CHECK(stat(pub, &sb) == 0 && (sb.st_mode & 07777) == 0644);
    CHECK(stat(dir, &sb) == 0 && (sb.st_mode & 07777) == 0700);
    store_public_key pk;
    store_private_key sk;
    CHECK(store_load_public_key(pub, &pk, err, sizeof err) && !pk.demo);
    CHECK(store_load_private_key(priv, &sk, err, sizeof err) && !sk.demo);
    CHECK(memcmp(pk.pk, sk.pk, 32) == 0); /* the public key derived from the private one */

    /* Never overwrites: both present, or only one of them. */
    size_t before_len, after_len;
    char *before = slurp(priv, &before_len);
    CHECK(!store_keygen(dir, false, err, sizeof err) && strstr(err, "already exists"));
    char *after = slurp(priv, &after_len);
    CHECK(before && after && before_len == after_len && memcmp(before, after, before_len) == 0);
    free(before);
    free(after);
    char moved[700];
    str_format(moved, sizeof moved, "%s/old-public.key", dir);
    rename(pub, moved);
    CHECK(!store_keygen(dir, false, err, sizeof err) && strstr(err, STORE_PRIVATE_KEY_NAME));
    CHECK(access(pub, F_OK) != 0); /* nothing half-made */
    rename(moved, pub);

    /* Demo keys say so. */
    char demo_dir[600], demo_pub[700];
    str_format(demo_dir, sizeof demo_dir, "%s/demo-keys", base);
    str_format(demo_pub, sizeof demo_pub, "%s/%s", demo_dir, STORE_PUBLIC_KEY_NAME);
    CHECK(store_keygen(demo_dir, true, err, sizeof err));
    CHECK(store_load_public_key(demo_pub, &pk, err, sizeof err) && pk.demo);

    /* Bad files, each with file:line: message. */
    char path[700];
    str_format(path, sizeof path, "%s/bad.key", base);
    const char *hex64 = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    const struct {
        const char *text, *expect;
        bool priv;
    } bad[] = {
        {"# Lantern public key\n00112233445566778899aabbccddeeff00112233445566778899aabbccddeefg\n", ":2:64: not a hex digit", false},
        {"# Lantern public key\n00112233445566778899aabbccddeeff00112233445566778899aabbccddeef\n", ":2: the key must be 64 hex characters; this line has 63", false},
        {"# Lantern public key\n00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff00\n", "this line has 66", false},
        {"# Lantern public key\n", ":2: the key must be 64", false},
        {"# Lantern public key", ":2: the key is missing", false},
        {"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n", ":1: a key file starts with a comment", false},
        {"", ":1: the file is empty", false},
        {"# something else\n00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n", ":1: the comment does not say \"public key\"", false},
        {"# Lantern private key\n00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n", ":1: this is the PRIVATE key", false},
        {"# Lantern public key\n00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n", ":1: this is the public key", true},
        {"# Lantern public key\n00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n\nmore\n", ":4: unexpected text after the key", false},
        {"# Lantern public key\n0000000000000000000000000000000000000000000000000000000000000000\n", ":2: not a usable public key", false},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        write_file(path, bad[i].text);
        bool ok = bad[i].priv ? store_load_private_key(path, &sk, err, sizeof err)
                              : store_load_public_key(path, &pk, err, sizeof err);
        CHECK_MSG(!ok && strncmp(err, path, strlen(path)) == 0 && strstr(err, bad[i].expect), "case %zu: %s", i, err);
    }
    /* Private key messages never show key material. */
    char text[200];
    str_format(text, sizeof text, "# Lantern private key\n%.63sz\n", hex64);
    write_file(path, text);
    CHECK(!store_load_private_key(path, &sk, err, sizeof err) && !strstr(err, "0011"));
    /* Upper-case hex, CRLF and trailing blank lines are fine. */
    str_format(text, sizeof text, "# Lantern public key\r\n%s\r\n\n", "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08");
    write_file(path, text);
    CHECK(store_load_public_key(path, &pk, err, sizeof err));
    CHECK(pk.pk[0] == 0x9f && pk.pk[31] == 0x08);
    str_format(path, sizeof path, "%s/missing.key", base);
    CHECK(!store_load_public_key(path, &pk, err, sizeof err) && strstr(err, "cannot read: No such file"));
    store_wipe(&sk, sizeof sk);
}

/* ---- submitting, at rest, sealed ---- */

static void test_submit(const char *base)
{
    char keys[600], pub[700], priv[700], data[600], db[700], err[1400];
    str_format(keys, sizeof keys, "%s/keys", base); /* made by test_keys */
    str_format(pub, sizeof pub, "%s/%s", keys, STORE_PUBLIC_KEY_NAME);
    str_format(priv, sizeof priv, "%s/%s", keys, STORE_PRIVATE_KEY_NAME);
    str_format(data, sizeof data, "%s/data", base);
    str_format(db, sizeof db, "%s/%s", data, STORE_DB_NAME);
    mkdir(data, 0700);
    store_public_key pk;
    store_private_key sk, other;
    CHECK(store_load_public_key(pub, &pk, err, sizeof err));
    CHECK(store_load_private_key(priv, &sk, err, sizeof err));
    char other_dir[600], other_priv[700];
    str_format(other_dir, sizeof other_dir, "%s/other-keys", base);
    str_format(other_priv, sizeof other_priv, "%s/%s", other_dir, STORE_PRIVATE_KEY_NAME);
    CHECK(store_keygen(other_dir, false, err, sizeof err));
    CHECK(store_load_private_key(other_priv, &other, err, sizeof err));

    store_status st = STORE_IO;
    store *s = store_open(db, &st, err, sizeof err);
    CHECK(s && st == STORE_OK);
    if (!s)
        return;
    const char *names[] = {"Zelda Quintanilla", "Xiomara Ybarra", "Wendell Vasquez"};
    const char *phones[] = {"3235550147", "3235550148", ""};
    const char *emails[] = {"zelda.q@example.org", "", "wendell.v@example.net"};
    int64_t ids[3];
    for (int i = 0; i < 3; i++) {
        contact_request r = sample(names[i], phones[i], emails[i]);
        CHECK(submit(s, &pk, &r, T0 + i * 60, &ids[i]) == STORE_OK);
        store_wipe(&r, sizeof r);
    }
    CHECK(ids[0] > 0 && ids[1] == ids[0] + 1 && ids[2] == ids[1] + 1);
    int waiting = 0;
    int64_t oldest = 0;
    CHECK(store_waiting(s, &waiting, &oldest) == STORE_OK && waiting == 3 && oldest == T0);

    /* At rest, with the kiosk's store still open (database, -wal, -shm) and after
     * closing it: no file of the data dir holds what was typed. */
    for (int round = 0; round < 2; round++) {
        int seen = 0;
        for (int i = 0; i < 3; i++) {
            CHECK(files_holding(data, names[i], strlen(names[i]), &seen) == 0);
            if (phones[i][0])
                CHECK(files_holding(data, phones[i], strlen(phones[i]), &seen) == 0);
            if (emails[i][0])
                CHECK(files_holding(data, emails[i], strlen(emails[i]), &seen) == 0);
        }
        CHECK(files_holding(data, "Quintanilla", 11, &seen) == 0);
        CHECK(files_holding(data, "loved-one", 9, &seen) == 0);
        CHECK(files_holding(data, "lantern-request", 15, &seen) == 0);
        if (round == 0) {
            CHECK(seen == 3); /* requests.db, -wal, -shm */
            store_close(s);
            s = store_open(db, &st, err, sizeof err);
            CHECK(s != NULL);
            store_close(s);
        } else {
            CHECK(seen >= 1);
        }
    }

    /* The schema keeps only id, time, format, status (and its date) in the clear. */
    sqlite3 *raw = NULL;
    CHECK(sqlite3_open_v2(db, &raw, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK);
    sqlite3_stmt *q = NULL;
    char cols[200] = "";
    if (sqlite3_prepare_v2(raw, "SELECT name FROM pragma_table_info('requests') ORDER BY cid", -1, &q, NULL) ==
        SQLITE_OK) {
        while (sqlite3_step(q) == SQLITE_ROW) {
            str_append(cols, sizeof cols, (const char *)sqlite3_column_text(q, 0));
            str_append(cols, sizeof cols, " ");
        }
    }
    sqlite3_finalize(q);
    CHECK(strcmp(cols, "id created_at format status status_at sealed ") == 0);
    char mode[16] = "";
    if (sqlite3_prepare_v2(raw, "PRAGMA journal_mode", -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
        str_copy(mode, sizeof mode, (const char *)sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
    CHECK(strcmp(mode, "wal") == 0);
    sqlite3_close(raw);

    /* The sealed blobs open with the private key, and not with another. */
    s = store_open_staff(db, false, &st, err, sizeof err);
    CHECK(s != NULL);
    if (s) {
        seen_records a = {0}, b = {0}, c = {0};
        CHECK(store_each(s, &sk, NULL, collect, &a) == STORE_OK && a.count == 3 && a.opened == 3);
        CHECK(store_each(s, &other, NULL, collect, &b) == STORE_OK && b.count == 3 && b.opened == 0);
        store_filter f = {.since_unix = T0 + 60};
        CHECK(store_each(s, &sk, &f, collect, &c) == STORE_OK && c.count == 2 && c.ids[0] == ids[1]);
        store_close(s);
    }
    store_wipe(&sk, sizeof sk);
    store_wipe(&other, sizeof other);
}

/* ---- lanternctl: export with per-record problems, mark, purge ---- */

static void test_staff(const char *base)
{
    char keys[600], pub[700], priv[700], other_pub[700], data[600], db[700], err[1400], out[700], errs[700];
    str_format(keys, sizeof keys, "%s/keys", base);
    str_format(pub, sizeof pub, "%s/%s", keys, STORE_PUBLIC_KEY_NAME);
    str_format(priv, sizeof priv, "%s/%s", keys, STORE_PRIVATE_KEY_NAME);
    str_format(other_pub, sizeof other_pub, "%s/other-keys/%s", base, STORE_PUBLIC_KEY_NAME);
    str_format(data, sizeof data, "%s/staff", base);
    str_format(db, sizeof db, "%s/%s", data, STORE_DB_NAME);
    str_format(out, sizeof out, "%s/out.txt", base);
    str_format(errs, sizeof errs, "%s/err.txt", base);
    mkdir(data, 0700);
    store_public_key pk, other;
    CHECK(store_load_public_key(pub, &pk, err, sizeof err));
    CHECK(store_load_public_key(other_pub, &other, err, sizeof err));
    store_status st;
    store *s = store_open(db, &st, err, sizeof err);
    CHECK(s != NULL);
    if (!s)
        return;
    int64_t id_good1, id_v2, id_v2_sealed_other, id_wrong_key, id_damaged, id_good2;
    contact_request r = sample("Ana, \"Mari\" \\ Lopez", "3234021622", "ana@example.org");
    CHECK(submit(s, &pk, &r, T0, &id_good1) == STORE_OK);
    const char *v2 = "lantern-request 2\nname\tFuture\nfavourite_colour\tblue\n";
    CHECK(store_submit_format(s, &pk, 2, v2, strlen(v2), T0 + 10, &id_v2) == STORE_OK);
    CHECK(store_submit_format(s, &other, 3, v2, strlen(v2), T0 + 15, &id_v2_sealed_other) == STORE_OK);
    r = sample("Wrong Key", "3235550100", "");
    CHECK(submit(s, &other, &r, T0 + 20, &id_wrong_key) == STORE_OK);
    r = sample("Damaged", "3235550101", "");
    CHECK(submit(s, &pk, &r, T0 + 30, &id_damaged) == STORE_OK);
    r = sample("=HYPERLINK(\"x\")", "", "b@example.org");
    CHECK(submit(s, &pk, &r, T0 + 40, &id_good2) == STORE_OK);
    store_close(s);

    /* Damage one sealed blob (a flipped bit in the ciphertext). */
    sqlite3 *raw = NULL;
    CHECK(sqlite3_open(db, &raw) == SQLITE_OK);
    sqlite3_stmt *q = NULL;
    unsigned char blob[2048];
    int blob_len = 0;
    if (sqlite3_prepare_v2(raw, "SELECT sealed FROM requests WHERE id = ?1", -1, &q, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(q, 1, id_damaged);
        if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_bytes(q, 0) <= (int)sizeof blob) {
            blob_len = sqlite3_column_bytes(q, 0);
            memcpy(blob, sqlite3_column_blob(q, 0), (size_t)blob_len);
        }
    }
    sqlite3_finalize(q);
    CHECK(blob_len > 100);
    blob[blob_len / 2] ^= 0x04;
    if (sqlite3_prepare_v2(raw, "UPDATE requests SET sealed = ?2 WHERE id = ?1", -1, &q, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(q, 1, id_damaged);
        sqlite3_bind_blob(q, 2, blob, blob_len, SQLITE_STATIC);
        CHECK(sqlite3_step(q) == SQLITE_DONE);
    }
    sqlite3_finalize(q);
    sqlite3_close(raw);

    /* export --format json: the two good ones on stdout, one line each for the rest on stderr. */
    const char *export_json[] = {"requests", "export", "--db", db, "--key", priv, "--format", "json"};
    int rc = run_ctl(out, errs, 8, export_json);
    CHECK(rc == 1);
    size_t len;
    char *o = slurp(out, &len), *e = slurp(errs, &len);
    char line[300];
    CHECK(o && e);
    if (o && e) {
        CHECK(o[0] == '[' && strstr(o, "\n]\n"));
        CHECK(strstr(o, "\"name\": \"Ana, \\\"Mari\\\" \\\\ Lopez\""));
        CHECK(strstr(o, "\"name\": \"=HYPERLINK(\\\"x\\\")\""));
        char id_field[64];
        str_format(id_field, sizeof id_field, "{\"id\": %lld, \"created_at\": \"", (long long)id_good1);
        CHECK(strstr(o, id_field));
        CHECK(strstr(o, "\"phone\": \"3234021622\", \"email\": \"ana@example.org\", \"best_time\": \"evening\", "
                        "\"language\": \"es\", \"voicemail_ok\": \"no\", \"topic\": \"loved-one\", "
                        "\"consent_version\": \"2026-11-01\"}"));
        CHECK(!strstr(o, "Wrong Key") && !strstr(o, "Damaged") && !strstr(o, "Future"));
        str_format(line, sizeof line, "request %lld: record format 2 is newer than this lanternctl (1): update lanternctl\n",
                   (long long)id_v2);
        CHECK_MSG(strstr(e, line), "%s", e);
        str_format(line, sizeof line, "request %lld: record format 3 is newer than this lanternctl (1): update lanternctl\n",
                   (long long)id_v2_sealed_other);
        CHECK_MSG(strstr(e, line), "%s", e);
        str_format(line, sizeof line,
                   "request %lld: cannot be opened with this key (wrong key, or the record is damaged)\n",
                   (long long)id_wrong_key);
        CHECK(strstr(e, line));
        str_format(line, sizeof line,
                   "request %lld: cannot be opened with this key (wrong key, or the record is damaged)\n",
                   (long long)id_damaged);
        CHECK(strstr(e, line));
        CHECK(strstr(e, "exported 2 requests (2 newly marked exported); 4 could not be read"));
        CHECK(!strstr(e, "Ana") && !strstr(e, "3234021622") && !strstr(e, "Wrong Key"));
    }
    free(o);
    free(e);

    /* Only the written ones were marked exported. */
    store_private_key sk;
    CHECK(store_load_private_key(priv, &sk, err, sizeof err));
    s = store_open_staff(db, false, &st, err, sizeof err);
    seen_records seen = {0};
    CHECK(s && store_each(s, NULL, NULL, collect, &seen) == STORE_OK && seen.count == 6);
    CHECK(strcmp(status_of_id(&seen, id_good1), "exported") == 0);
    CHECK(strcmp(status_of_id(&seen, id_good2), "exported") == 0);
    CHECK(strcmp(status_of_id(&seen, id_damaged), "new") == 0);
    CHECK(strcmp(status_of_id(&seen, id_v2), "new") == 0);
    CHECK(strcmp(status_of_id(&seen, id_wrong_key), "new") == 0);
    store_close(s);

    /* CSV: RFC 4180 quoting, CRLF, a formula defused; --since and --status filter. */
    char since[16];
    time_t t1 = (time_t)(T0 + 40);
    struct tm tm;
    localtime_r(&t1, &tm);
    strftime(since, sizeof since, "%Y-%m-%d", &tm);
    const char *export_csv[] = {"requests", "export", "--db", db, "--key", priv, "--status", "exported"};
    rc = run_ctl(out, errs, 8, export_csv);
    CHECK(rc == 0);
    o = slurp(out, &len);
    if (o) {
        CHECK(strncmp(o, "id,created_at,status,name,phone,email,best_time,language,voicemail_ok,topic,consent_version\r\n",
                      92) == 0);
        CHECK(strstr(o, ",exported,\"Ana, \"\"Mari\"\" \\ Lopez\",3234021622,ana@example.org,evening,es,no,loved-one,"
                        "2026-11-01\r\n"));
        CHECK(strstr(o, ",exported,\"'=HYPERLINK(\"\"x\"\")\",,b@example.org,"));
        CHECK(!strstr(o, "Damaged"));
    }
    free(o);
    const char *list_since[] = {"requests", "list", "--db", db, "--key", priv, "--since", since, "--format", "csv"};
    rc = run_ctl(out, errs, 10, list_since);
    o = slurp(out, &len);
    CHECK(rc == 1 && o && strstr(o, "HYPERLINK") && strstr(o, "Mari")); /* the same day: all of them */
    free(o);
    t1 += 86400;
    localtime_r(&t1, &tm);
    strftime(since, sizeof since, "%Y-%m-%d", &tm);
    rc = run_ctl(out, errs, 10, list_since);
    o = slurp(out, &len);
    CHECK(rc == 0 && o && strcmp(o, "id,created_at,status,name,phone,email,best_time,language,voicemail_ok,topic,"
                                    "consent_version\r\n") == 0);
    free(o);
    const char *list_text[] = {"requests", "list", "--db", db, "--key", priv};
    rc = run_ctl(out, errs, 6, list_text);
    o = slurp(out, &len);
    CHECK(rc == 1 && o && strstr(o, "  name: Ana, \"Mari\" \\ Lopez\n") && strstr(o, "  phone: -\n"));
    free(o);

    /* Bad usage: 2. */
    const char *bad1[] = {"requests", "export", "--db", db};
    const char *bad2[] = {"requests", "export", "--db", db, "--key", priv, "--format", "xml"};
    const char *bad3[] = {"requests", "list", "--db", db, "--key", priv, "--since", "2026-02-30"};
    const char *bad4[] = {"requests", "purge", "--db", db, "--handled-older-than", "30"};
    const char *bad5[] = {"requests", "mark-handled", "--db", db, "12x"};
    const char *bad6[] = {"requests", "frobnicate"};
    const char *bad7[] = {"requests", "mark-handled", "--db", db, "--key", priv, "1"};
    const char *bad8[] = {"keygen"};
    CHECK(run_ctl(out, errs, 4, bad1) == 2);
    CHECK(run_ctl(out, errs, 8, bad2) == 2);
    CHECK(run_ctl(out, errs, 8, bad3) == 2);
    CHECK(run_ctl(out, errs, 6, bad4) == 2);
    CHECK(run_ctl(out, errs, 5, bad5) == 2);
    CHECK(run_ctl(out, errs, 2, bad6) == 2);
    CHECK(run_ctl(out, errs, 7, bad7) == 2);
    CHECK(run_ctl(out, errs, 1, bad8) == 2);
    const char *help[] = {"requests", "--help"};
    CHECK(run_ctl(out, errs, 2, help) == 0);
    o = slurp(out, &len);
    CHECK(o && strstr(o, "purge --db PATH --handled-older-than Nd"));
    free(o);
    /* A missing database is not created. */
    char nowhere[700];
    str_format(nowhere, sizeof nowhere, "%s/nowhere.db", data);
    const char *missing[] = {"requests", "list", "--db", nowhere, "--key", priv};
    CHECK(run_ctl(out, errs, 6, missing) == 1);
    CHECK(access(nowhere, F_OK) != 0);
    e = slurp(errs, &len);
    CHECK(e && strstr(e, "no such file"));
    free(e);
    /* The wrong key file kind. */
    const char *pub_as_priv[] = {"requests", "list", "--db", db, "--key", pub};
    CHECK(run_ctl(out, errs, 6, pub_as_priv) == 1);
    e = slurp(errs, &len);
    CHECK(e && strstr(e, ":1: this is the public key"));
    free(e);

    /* mark-handled: ids, an unknown one; already handled keeps its date. */
    char a[24], b[24];
    str_format(a, sizeof a, "%lld", (long long)id_good1);
    str_format(b, sizeof b, "%lld", (long long)id_damaged);
    const char *mark[] = {"requests", "mark-handled", "--db", db, a, b, "9999"};
    rc = run_ctl(out, errs, 7, mark);
    CHECK(rc == 1);
    o = slurp(out, &len);
    e = slurp(errs, &len);
    str_format(line, sizeof line, "request %s: marked handled\n", a);
    CHECK(o && strstr(o, line));
    CHECK(e && strstr(e, "request 9999: no such request"));
    free(o);
    free(e);
    const char *mark_again[] = {"requests", "mark-handled", "--db", db, a};
    CHECK(run_ctl(out, errs, 5, mark_again) == 0);
    o = slurp(out, &len);
    CHECK(o && strstr(o, "already handled"));
    free(o);

    /* purge 30d: nothing is that old yet. */
    const char *purge[] = {"requests", "purge", "--db", db, "--handled-older-than", "30d"};
    CHECK(run_ctl(out, errs, 6, purge) == 0);
    o = slurp(out, &len);
    CHECK(o && strstr(o, "purged 0 requests"));
    free(o);

    /* Purging for real (cut-off in the future): the rows go, and so do their
     * sealed bytes, from the database file and the -wal, while a kiosk handle
     * stays open. */
    store *kiosk = store_open(db, &st, err, sizeof err);
    CHECK(kiosk != NULL);
    s = store_open_staff(db, true, &st, err, sizeof err);
    seen_records before = {0};
    CHECK(s && store_each(s, NULL, NULL, collect, &before) == STORE_OK);
    unsigned char gone1[48] = {0}, gone2[48] = {0}, kept[48] = {0};
    for (int i = 0; i < before.count && i < 64; i++) {
        if (before.ids[i] == id_good1)
            memcpy(gone1, before.first_sealed[i], 48);
        if (before.ids[i] == id_damaged)
            memcpy(gone2, before.first_sealed[i], 48);
        if (before.ids[i] == id_good2)
            memcpy(kept, before.first_sealed[i], 48);
    }
    char wal[720];
    str_format(wal, sizeof wal, "%s-wal", db);
    CHECK(file_has(db, gone1, 48) || file_has(wal, gone1, 48));
    int deleted = 0;
    bool checkpointed = false;
    CHECK(s && store_purge_handled(s, (int64_t)time(NULL) + 10, &deleted, &checkpointed) == STORE_OK);
    CHECK(deleted == 2 && checkpointed);
    CHECK(!file_has(db, gone1, 48) && !file_has(wal, gone1, 48));
    CHECK(!file_has(db, gone2, 48) && !file_has(wal, gone2, 48));
    CHECK(file_has(db, kept, 48) || file_has(wal, kept, 48));
    CHECK(store_check(s, err, sizeof err) == STORE_OK);
    store_close(s);
    /* The kiosk goes on saving after the purge. */
    r = sample("After Purge", "3235550102", "");
    CHECK(kiosk && submit(kiosk, &pk, &r, T0 + 50, NULL) == STORE_OK);
    store_close(kiosk);
    store_wipe(&sk, sizeof sk);
    store_wipe(&r, sizeof r);
}

/* ---- PINs ---- */

/* run_ctl with stdin read from a file holding input (removed afterwards). */
static int run_ctl_in(const char *input, const char *in_path, const char *out_path, const char *err_path, int argc,
                      const char **argv)
{
    write_file(in_path, input);
    int si = dup(0);
    int fi = open(in_path, O_RDONLY);
    dup2(fi, 0);
    close(fi);
    int rc = run_ctl(out_path, err_path, argc, argv);
    dup2(si, 0);
    close(si);
    unlink(in_path);
    return rc;
}

/* The names in dir (not starting with "."), sorted, space-separated; hidden
 * files are listed with their dot so that leftovers show. */
static void list_dir(const char *dir, char *out, size_t size)
{
    char names[32][256];
    int n = 0;
    out[0] = '\0';
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)) && n < 32) {
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            str_copy(names[n++], sizeof names[0], e->d_name);
    }
    if (d)
        closedir(d);
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            char t[256];
            memcpy(t, names[j], sizeof t);
            memcpy(names[j], names[j - 1], sizeof t);
            memcpy(names[j - 1], t, sizeof t);
        }
    for (int i = 0; i < n; i++) {
        str_append(out, size, i ? " " : "");
        str_append(out, size, names[i]);
    }
}

static void test_pin(const char *base)
{
    char dir[600], staff[700], fac[700], err[1400];
    str_format(dir, sizeof dir, "%s/pin", base);
    str_format(staff, sizeof staff, "%s/staff%s", dir, STORE_PIN_SUFFIX);
    str_format(fac, sizeof fac, "%s/facilitator%s", dir, STORE_PIN_SUFFIX);
    mkdir(dir, 0700);
    const char *pin = "48151623";

    /* No PIN set yet. */
    CHECK(store_pin_check(dir, "staff", pin) == -1);

    mode_t old = umask(0); /* 0600 whatever the umask */
    CHECK(store_pin_set(dir, "staff", pin, err, sizeof err));
    umask(old);
    struct stat sb;
    CHECK(lstat(staff, &sb) == 0 && S_ISREG(sb.st_mode) && (sb.st_mode & 07777) == 0600);
    size_t len;
    char *text = slurp(staff, &len);
    CHECK(text && strncmp(text, "$argon2id$v=19$m=65536,t=2,p=1$", 31) == 0);
    CHECK(text && len > 60 && text[len - 1] == '\n' && strchr(text, '\n') == text + len - 1);
    free(text);
    CHECK(!file_has(staff, pin, strlen(pin)));

    /* Right, wrong, not a PIN at all. */
    CHECK(store_pin_check(dir, "staff", pin) == 1);
    CHECK(store_pin_check(dir, "staff", "48151624") == 0);
    CHECK(store_pin_check(dir, "staff", "4815162") == 0);
    CHECK(store_pin_check(dir, "staff", "481516230") == 0);
    CHECK(store_pin_check(dir, "staff", "") == 0);
    CHECK(store_pin_check(dir, "staff", NULL) == 0);
    CHECK(store_pin_check(dir, "staff", "4815162a") == 0);
    CHECK(store_pin_check(dir, "admin", pin) == -1);

    /* Staff and facilitator PINs are separate. */
    CHECK(store_pin_check(dir, "facilitator", pin) == -1);
    CHECK(store_pin_set(dir, "facilitator", "2718", err, sizeof err));
    CHECK(store_pin_check(dir, "facilitator", "2718") == 1);
    CHECK(store_pin_check(dir, "facilitator", pin) == 0);
    CHECK(store_pin_check(dir, "staff", "2718") == 0);
    CHECK(lstat(fac, &sb) == 0 && (sb.st_mode & 07777) == 0600);

    /* Bad PINs and roles are refused with a message that does not hold the PIN. */
    const struct {
        const char *pin, *expect;
    } bad[] = {
        {"123", "too short"},       {"1234567890123", "too long"}, {"12a4", "digits only"},
        {"12 34", "digits only"},   {"", "too short"},             {"\xd9\xa1\xd9\xa2\xd9\xa3\xd9\xa4", "digits only"},
        {"-1234", "digits only"},   {"1234\n", "digits only"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        bool ok = store_pin_set(dir, "staff", bad[i].pin, err, sizeof err);
        CHECK_MSG(!ok && strstr(err, bad[i].expect) && strstr(err, "a PIN is 4 to 12 digits"), "case %zu: %s", i, err);
        CHECK(!bad[i].pin[0] || !strstr(err, bad[i].pin));
    }
    CHECK(!store_pin_set(dir, "staff", NULL, err, sizeof err));
    CHECK(!store_pin_set(dir, "admin", "1234", err, sizeof err) && strstr(err, "\"staff\" or \"facilitator\""));
    CHECK(!store_pin_set(dir, NULL, "1234", err, sizeof err));
    char nowhere[700];
    str_format(nowhere, sizeof nowhere, "%s/nowhere", base);
    CHECK(!store_pin_set(nowhere, "staff", "1234", err, sizeof err) && strstr(err, "no such folder"));
    CHECK(access(nowhere, F_OK) != 0);
    CHECK(!store_pin_set(staff, "staff", "1234", err, sizeof err) && strstr(err, "not a folder"));
    CHECK(store_pin_check(dir, "staff", pin) == 1); /* none of that changed the PIN */

    /* A new PIN replaces the old one; no temporary file is left. */
    CHECK(store_pin_set(dir, "staff", "90210", err, sizeof err));
    CHECK(store_pin_check(dir, "staff", "90210") == 1);
    CHECK(store_pin_check(dir, "staff", pin) == 0);
    char names[400];
    list_dir(dir, names, sizeof names);
    CHECK_MSG(strcmp(names, "facilitator-pin staff-pin") == 0, "%s", names);

    /* Damaged or foreign PIN files: -1, never a match. */
    const char *damaged[] = {"$argon2id$v=19$m=65536,t=2,p=1$garbage\n", "hello\n", "", "\n",
                             "$argon2i$v=19$m=32768,t=4,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA\n"};
    char dmg_dir[600], dmg[700];
    str_format(dmg_dir, sizeof dmg_dir, "%s/pin-damaged", base);
    str_format(dmg, sizeof dmg, "%s/staff%s", dmg_dir, STORE_PIN_SUFFIX);
    mkdir(dmg_dir, 0700);
    for (size_t i = 0; i < sizeof damaged / sizeof damaged[0]; i++) {
        write_file(dmg, damaged[i]);
        CHECK_MSG(store_pin_check(dmg_dir, "staff", "1234") == -1, "damaged %zu", i);
    }
    /* Two hashes in the file: not ours. */
    text = slurp(staff, &len);
    if (text) {
        char two[400];
        str_format(two, sizeof two, "%s%s", text, text);
        write_file(dmg, two);
        CHECK(store_pin_check(dmg_dir, "staff", "90210") == -1);
        free(text);
    }
    /* Unreadable (not for root, who reads anything). */
    if (geteuid() != 0) {
        chmod(staff, 0);
        CHECK(store_pin_check(dir, "staff", "90210") == -1);
        chmod(staff, 0600);
    }

    /* lanternctl set-pin: the PIN twice on stdin, never on the command line. */
    char in[700], out[700], errs[700], expect[800];
    str_format(in, sizeof in, "%s/pin-stdin.txt", base);
    str_format(out, sizeof out, "%s/pin-out.txt", base);
    str_format(errs, sizeof errs, "%s/pin-err.txt", base);
    const char *set_staff[] = {"set-pin", "--data", dir, "--role", "staff"};
    CHECK(run_ctl_in("5551212\n5551212\n", in, out, errs, 5, set_staff) == 0);
    char *o = slurp(out, &len), *e = slurp(errs, &len);
    str_format(expect, sizeof expect, "staff PIN set: %s\n", staff);
    CHECK_MSG(o && strcmp(o, expect) == 0, "%s", o ? o : "(none)");
    CHECK(e && e[0] == '\0');
    free(o);
    free(e);
    CHECK(store_pin_check(dir, "staff", "5551212") == 1);
    const char *set_fac[] = {"set-pin", "--role", "facilitator", "--data", dir};
    CHECK(run_ctl_in("2468\r\n2468", in, out, errs, 5, set_fac) == 0); /* CRLF, and no newline at the end */
    o = slurp(out, &len);
    str_format(expect, sizeof expect, "facilitator PIN set: %s\n", fac);
    CHECK(o && strcmp(o, expect) == 0);
    free(o);
    CHECK(store_pin_check(dir, "facilitator", "2468") == 1);

    /* Refusals: 1 for what was typed, 2 for bad usage; the PIN stays as it was. */
    char long_pin[300];
    memset(long_pin, '7', 200);
    str_format(long_pin + 200, sizeof long_pin - 200, "\n");
    char long_twice[600];
    str_format(long_twice, sizeof long_twice, "%s%s", long_pin, long_pin);
    const struct {
        const char *input, *expect;
    } typed[] = {
        {"1111\n2222\n", "the two PINs differ"},
        {"1111\n", "read twice from stdin"},
        {"", "read twice from stdin"},
        {"12\n12\n", "a PIN is 4 to 12 digits"},
        {"12345678901234\n12345678901234\n", "too long"},
        {long_twice, "too long"},
        {"12 34\n12 34\n", "digits only"},
    };
    for (size_t i = 0; i < sizeof typed / sizeof typed[0]; i++) {
        int rc = run_ctl_in(typed[i].input, in, out, errs, 5, set_staff);
        o = slurp(out, &len);
        e = slurp(errs, &len);
        CHECK_MSG(rc == 1 && o && o[0] == '\0' && e && strstr(e, typed[i].expect) && strstr(e, "nothing was changed"),
                  "case %zu: %d %s", i, rc, e ? e : "");
        CHECK(e && !strstr(e, "1111") && !strstr(e, "2222") && !strstr(e, "7777"));
        free(o);
        free(e);
    }
    CHECK(store_pin_check(dir, "staff", "5551212") == 1);
    const char *with_pin[] = {"set-pin", "--data", dir, "--role", "staff", "--pin", "9999"};
    const char *pin_arg[] = {"set-pin", "--data", dir, "--role", "staff", "9999"};
    const char *pin_eq[] = {"set-pin", "--data", dir, "--role", "staff", "--pin=9999"};
    const char *bad_role[] = {"set-pin", "--data", dir, "--role", "admin"};
    const char *no_role[] = {"set-pin", "--data", dir};
    const char *no_data[] = {"set-pin", "--role", "staff"};
    const char *twice[] = {"set-pin", "--data", dir, "--role", "staff", "--role", "staff"};
    const struct {
        int argc;
        const char **argv;
    } usage_cases[] = {{7, with_pin}, {6, pin_arg}, {6, pin_eq}, {5, bad_role}, {3, no_role}, {3, no_data}, {7, twice}};
    for (size_t i = 0; i < sizeof usage_cases / sizeof usage_cases[0]; i++) {
        int rc = run_ctl_in("9999\n9999\n", in, out, errs, usage_cases[i].argc, usage_cases[i].argv);
        e = slurp(errs, &len);
        CHECK_MSG(rc == 2 && e && !strstr(e, "9999"), "usage case %zu: %d %s", i, rc, e ? e : "");
        free(e);
    }
    CHECK(store_pin_check(dir, "staff", "9999") == 0);
    str_format(nowhere, sizeof nowhere, "%s/nowhere", base);
    const char *no_dir[] = {"set-pin", "--data", nowhere, "--role", "staff"};
    CHECK(run_ctl_in("4321\n4321\n", in, out, errs, 5, no_dir) == 1);
    e = slurp(errs, &len);
    CHECK(e && strstr(e, "no such folder"));
    free(e);

    /* No PIN, typed or set, is in any file of the data dir; no hash was printed. */
    const char *pins[] = {pin, "90210", "5551212", "2468", "4321"};
    for (size_t i = 0; i < sizeof pins / sizeof pins[0]; i++) {
        int seen = 0;
        CHECK_MSG(files_holding(dir, pins[i], strlen(pins[i]), &seen) == 0, "%s", pins[i]);
        CHECK(seen == 2);
    }
    list_dir(dir, names, sizeof names);
    CHECK_MSG(strcmp(names, "facilitator-pin staff-pin") == 0, "%s", names);
    CHECK(!file_has(out, "argon2", 6) && !file_has(errs, "argon2", 6));
}

static void test_lockout(const char *base)
{
    char dir[600], path[700];
    str_format(dir, sizeof dir, "%s/lockout", base);
    str_format(path, sizeof path, "%s/%s", dir, STORE_PIN_LOCKOUT_NAME);
    mkdir(dir, 0700);
    int failures = -1;
    int64_t until = -1;
    CHECK(store_pin_failures(dir, &failures, &until) && failures == 0 && until == 0);

    /* Four wrong PINs: no lock yet. */
    for (int i = 1; i <= 4; i++) {
        CHECK(store_pin_record(dir, false, T0 + i));
        CHECK(store_pin_failures(dir, &failures, &until) && failures == i && until == 0);
    }
    /* The fifth locks for 30 s, each further one doubles it. */
    mode_t old = umask(0);
    CHECK(store_pin_record(dir, false, T0 + 10));
    umask(old);
    CHECK(store_pin_failures(dir, &failures, &until) && failures == 5 && until == T0 + 40);
    struct stat sb;
    CHECK(lstat(path, &sb) == 0 && S_ISREG(sb.st_mode) && (sb.st_mode & 07777) == 0600);
    CHECK(store_pin_record(dir, false, T0 + 50));
    CHECK(store_pin_failures(dir, &failures, &until) && failures == 6 && until == T0 + 50 + 60);
    CHECK(store_pin_record(dir, false, T0 + 200));
    CHECK(store_pin_failures(dir, &failures, &until) && failures == 7 && until == T0 + 200 + 120);

    /* It is on disk, as plain numbers: a restart (a new process reading the
     * file) sees the same lock. */
    size_t len;
    char *text = slurp(path, &len);
    char expect[80];
    str_format(expect, sizeof expect, "failures 7\nlocked_until %lld\n", (long long)(T0 + 320));
    CHECK(text && strcmp(text, expect) == 0);
    free(text);
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid == 0) {
        int f = 0;
        int64_t u = 0;
        _exit(store_pin_failures(dir, &f, &u) && f == 7 && u == T0 + 320 ? 0 : 1);
    }
    int status = -1;
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);

    /* A success resets it. */
    CHECK(store_pin_record(dir, true, T0 + 400));
    CHECK(store_pin_failures(dir, &failures, &until) && failures == 0 && until == 0);

    /* The lock grows to an hour and stays there. */
    int64_t expect_lock[] = {0, 0, 0, 0, 30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600};
    for (int i = 0; i < (int)(sizeof expect_lock / sizeof expect_lock[0]); i++) {
        int64_t now = T0 + 1000 + i * 10000;
        CHECK(store_pin_record(dir, false, now));
        CHECK(store_pin_failures(dir, &failures, &until));
        CHECK_MSG(failures == i + 1 && until == (expect_lock[i] ? now + expect_lock[i] : 0), "failure %d: %lld", i + 1,
                  (long long)(until - now));
    }
    CHECK(store_pin_record(dir, true, T0 + 999999));

    /* A damaged file: one more wrong PIN locks; the next record repairs it. */
    const char *damaged[] = {"garbage", "failures -1\nlocked_until 0\n", "failures 2\n", "",
                             "failures 2\nlocked_until 5\nmore\n"};
    for (size_t i = 0; i < sizeof damaged / sizeof damaged[0]; i++) {
        write_file(path, damaged[i]);
        CHECK_MSG(!store_pin_failures(dir, &failures, &until) && failures == STORE_PIN_FREE_TRIES && until == 0,
                  "damaged %zu", i);
    }
    CHECK(store_pin_record(dir, false, T0 + 2000));
    CHECK(store_pin_failures(dir, &failures, &until) && failures == 6 && until == T0 + 2060);
    CHECK(store_pin_record(dir, true, T0 + 3000));
    CHECK(store_pin_failures(dir, &failures, &until) && failures == 0);

    /* Nothing else is left in the folder (no temporary files). */
    char names[400];
    list_dir(dir, names, sizeof names);
    CHECK_MSG(strcmp(names, STORE_PIN_LOCKOUT_NAME) == 0, "%s", names);

    /* A data dir that does not exist: the record fails and says so. */
    char nowhere[700];
    str_format(nowhere, sizeof nowhere, "%s/nowhere", base);
    CHECK(!store_pin_record(nowhere, false, T0));
    CHECK(store_pin_failures(nowhere, &failures, &until) && failures == 0);
}

/* ---- usage figures ---- */

typedef struct {
    char text[4096];
    int rows;
} usage_seen;

static bool collect_usage(void *ctx, const store_usage_row *row)
{
    usage_seen *u = ctx;
    char line[200];
    str_format(line, sizeof line, "%s|%s|%s|%lld\n", row->day, row->metric, row->item, (long long)row->count);
    str_append(u->text, sizeof u->text, line);
    u->rows++;
    return true;
}

static void table_columns(sqlite3 *raw, const char *table, char *out, size_t size)
{
    char sql[120];
    str_format(sql, sizeof sql, "SELECT name FROM pragma_table_info('%s') ORDER BY cid", table);
    sqlite3_stmt *q = NULL;
    out[0] = '\0';
    if (sqlite3_prepare_v2(raw, sql, -1, &q, NULL) == SQLITE_OK) {
        while (sqlite3_step(q) == SQLITE_ROW) {
            str_append(out, size, (const char *)sqlite3_column_text(q, 0));
            str_append(out, size, " ");
        }
    }
    sqlite3_finalize(q);
}

static void query_one(sqlite3 *raw, const char *sql, char *out, size_t size)
{
    sqlite3_stmt *q = NULL;
    out[0] = '\0';
    if (sqlite3_prepare_v2(raw, sql, -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW &&
        sqlite3_column_text(q, 0))
        str_copy(out, size, (const char *)sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
}

static const char usage_expected[] = "2026-11-29|sessions||3\n"
                                     "2026-11-29|module_opened|recognizing-signs|2\n"
                                     "2026-11-29|module_opened|supporting-a-loved-one|1\n"
                                     "2026-11-29|page_reached|recognizing-signs#1|1\n"
                                     "2026-11-29|page_reached|recognizing-signs#2|1\n"
                                     "2026-11-29|page_reached|recognizing-signs#10|5\n"
                                     "2026-11-29|language|en|1\n"
                                     "2026-11-29|language|es|2\n"
                                     "2026-11-29|crisis_opened||1\n"
                                     "2026-11-29|contact_submitted||1\n"
                                     "2026-12-01|sessions||2\n";

static void test_usage(const char *base)
{
    char dir[600], db[700], err[1400];
    str_format(dir, sizeof dir, "%s/usage", base);
    str_format(db, sizeof db, "%s/%s", dir, STORE_DB_NAME);
    mkdir(dir, 0700);
    store_status st;
    store *s = store_open(db, &st, err, sizeof err);
    CHECK(s != NULL);
    if (!s)
        return;
    const char *d1 = "2026-11-29", *d3 = "2026-12-01";
    for (int i = 0; i < 3; i++)
        CHECK(store_usage_add(s, d1, "sessions", NULL, 1) == STORE_OK);
    CHECK(store_usage_add(s, d3, "sessions", "", 2) == STORE_OK);
    CHECK(store_usage_add(s, d1, "module_opened", "recognizing-signs", 1) == STORE_OK);
    CHECK(store_usage_add(s, d1, "module_opened", "supporting-a-loved-one", 1) == STORE_OK);
    CHECK(store_usage_add(s, d1, "module_opened", "recognizing-signs", 1) == STORE_OK);
    CHECK(store_usage_add(s, d1, "page_reached", "recognizing-signs#10", 4) == STORE_OK);
    CHECK(store_usage_add(s, d1, "page_reached", "recognizing-signs#2", 1) == STORE_OK);
    CHECK(store_usage_add(s, d1, "page_reached", "recognizing-signs#1", 1) == STORE_OK);
    CHECK(store_usage_add(s, d1, "page_reached", "recognizing-signs#10", 1) == STORE_OK);
    CHECK(store_usage_add(s, d1, "language", "es", 2) == STORE_OK);
    CHECK(store_usage_add(s, d1, "language", "en", 1) == STORE_OK);
    CHECK(store_usage_add(s, d1, "crisis_opened", NULL, 1) == STORE_OK);
    CHECK(store_usage_add(s, d1, "contact_submitted", NULL, 1) == STORE_OK);

    /* Refused, and nothing changes. */
    char long_id[80];
    memset(long_id, 'a', 41);
    long_id[41] = '\0';
    const struct {
        const char *day, *metric, *item;
        int n;
    } refused[] = {
        {"2026-11-29", "visitor", "", 1},
        {"2026-11-29", "Sessions", "", 1},
        {"2026-11-29", NULL, "", 1},
        {"2026-11-29", "sessions", "x", 1},
        {"2026-11-29", "crisis_opened", "988", 1},
        {"2026-11-29", "contact_submitted", "Ana", 1},
        {"2026-11-29", "module_opened", "", 1},
        {"2026-11-29", "module_opened", "Recognizing", 1},
        {"2026-11-29", "module_opened", "a b", 1},
        {"2026-11-29", "module_opened", "signs\n", 1},
        {"2026-11-29", "module_opened", "signs\x01", 1},
        {"2026-11-29", "module_opened", long_id, 1},
        {"2026-11-29", "module_opened", "sign\xc3\xa9", 1},
        {"2026-11-29", "module_opened", "x'; DROP TABLE usage; --", 1},
        {"2026-11-29", "page_reached", "recognizing-signs", 1},
        {"2026-11-29", "page_reached", "recognizing-signs#0", 1},
        {"2026-11-29", "page_reached", "recognizing-signs#01", 1},
        {"2026-11-29", "page_reached", "recognizing-signs#x", 1},
        {"2026-11-29", "page_reached", "recognizing-signs#", 1},
        {"2026-11-29", "page_reached", "#3", 1},
        {"2026-11-29", "page_reached", "recognizing-signs#12345", 1},
        {"2026-11-29", "page_reached", "recognizing-signs#3#4", 1},
        {"2026-11-29", "language", "e", 1},
        {"2026-11-29", "language", "ES", 1},
        {"2026-11-29", "language", "-es", 1},
        {"2026-11-29", "language", "", 1},
        {"2026-11-29", "sessions", "", 0},
        {"2026-11-29", "sessions", "", -3},
        {"2026-11-29", "sessions", "", 1000001},
        {"2026-11-29T10", "sessions", "", 1},
        {"2026-11-29 10:00", "sessions", "", 1},
        {"2026-13-01", "sessions", "", 1},
        {"2026-02-29", "sessions", "", 1},
        {"2026-11-31", "sessions", "", 1},
        {"1969-12-31", "sessions", "", 1},
        {"26-11-29", "sessions", "", 1},
        {"2026/11/29", "sessions", "", 1},
        {"", "sessions", "", 1},
        {NULL, "sessions", "", 1},
    };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
        CHECK_MSG(store_usage_add(s, refused[i].day, refused[i].metric, refused[i].item, refused[i].n) == STORE_IO,
                  "refused case %zu", i);
    CHECK(store_usage_add(s, "2028-02-29", "sessions", "", 1) == STORE_OK); /* a leap day is a day */
    CHECK(store_usage_add(NULL, d1, "sessions", "", 1) == STORE_IO);

    usage_seen u = {0};
    CHECK(store_usage_each(s, NULL, collect_usage, &u) == STORE_OK);
    char expect[4096];
    str_format(expect, sizeof expect, "%s2028-02-29|sessions||1\n", usage_expected);
    CHECK_MSG(strcmp(u.text, expect) == 0, "\n%s", u.text);
    memset(&u, 0, sizeof u);
    CHECK(store_usage_each(s, "2026-11-30", collect_usage, &u) == STORE_OK);
    CHECK(strcmp(u.text, "2026-12-01|sessions||2\n2028-02-29|sessions||1\n") == 0);
    memset(&u, 0, sizeof u);
    CHECK(store_usage_each(s, "2026-11-30x", collect_usage, &u) == STORE_IO && u.rows == 0);

    /* Days with gaps: zeros, oldest first, across a month's end. */
    int counts[8] = {-1, -1, -1, -1, -1, -1, -1, -1};
    CHECK(store_usage_days(s, "sessions", "2026-11-28", 7, counts) == STORE_OK);
    CHECK(counts[0] == 0 && counts[1] == 3 && counts[2] == 0 && counts[3] == 2 && counts[4] == 0 && counts[5] == 0 &&
          counts[6] == 0 && counts[7] == -1);
    CHECK(store_usage_days(s, "module_opened", d1, 1, counts) == STORE_OK && counts[0] == 3);
    CHECK(store_usage_days(s, "page_reached", d1, 2, counts) == STORE_OK && counts[0] == 7 && counts[1] == 0);
    CHECK(store_usage_days(s, "sessions", "2028-02-28", 3, counts) == STORE_OK && counts[0] == 0 && counts[1] == 1 &&
          counts[2] == 0);
    CHECK(store_usage_days(s, "sessions", "2025-12-30", 366, NULL) == STORE_IO);
    static int year[366];
    CHECK(store_usage_days(s, "sessions", "2025-12-30", 366, year) == STORE_OK && year[334] == 3 && year[336] == 2);
    CHECK(store_usage_days(s, "visitors", d1, 7, counts) == STORE_IO);
    CHECK(store_usage_days(s, "sessions", d1, 0, counts) == STORE_IO);
    CHECK(store_usage_days(s, "sessions", d1, 367, counts) == STORE_IO);
    CHECK(store_usage_days(s, "sessions", "2026-11-31", 7, counts) == STORE_IO);

    /* A read-only staff handle cannot add; it reads the same. */
    store *ro = store_open_staff(db, false, &st, err, sizeof err);
    CHECK(ro != NULL);
    if (ro) {
        CHECK(store_usage_add(ro, d1, "sessions", "", 1) == STORE_READONLY);
        CHECK(store_usage_days(ro, "sessions", "2026-11-28", 7, counts) == STORE_OK && counts[1] == 3);
        store_close(ro);
    }
    store_close(s);

    /* The schema: usage holds day, metric, item and count, and nothing that
     * could tell one visit from another: no rowid, no other table. */
    sqlite3 *raw = NULL;
    CHECK(sqlite3_open_v2(db, &raw, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK);
    char cols[200], text[200];
    table_columns(raw, "usage", cols, sizeof cols);
    CHECK_MSG(strcmp(cols, "day metric item count ") == 0, "%s", cols);
    sqlite3_stmt *q = NULL;
    CHECK(sqlite3_prepare_v2(raw, "SELECT rowid FROM usage", -1, &q, NULL) != SQLITE_OK);
    sqlite3_finalize(q);
    query_one(raw, "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_master WHERE type = 'table' "
                   "ORDER BY name)",
              text, sizeof text);
    CHECK_MSG(strcmp(text, "delivery meta requests sqlite_sequence usage") == 0, "%s", text);
    query_one(raw, "SELECT value FROM meta WHERE key = 'schema_version'", text, sizeof text);
    CHECK(strcmp(text, "3") == 0);
    query_one(raw, "SELECT count(*) FROM usage WHERE length(day) != 10", text, sizeof text);
    CHECK(strcmp(text, "0") == 0);
    sqlite3_close(raw);
}

/* A database from the first Lantern (schema 1: no usage table). */
static void test_upgrade(const char *base)
{
    char dir[600], db[700], err[1400], out[700], errs[700];
    str_format(dir, sizeof dir, "%s/upgrade", base);
    str_format(db, sizeof db, "%s/%s", dir, STORE_DB_NAME);
    str_format(out, sizeof out, "%s/up-out.txt", base);
    str_format(errs, sizeof errs, "%s/up-err.txt", base);
    mkdir(dir, 0700);
    sqlite3 *raw = NULL;
    CHECK(sqlite3_open(db, &raw) == SQLITE_OK);
    CHECK(sqlite3_exec(raw,
                       "PRAGMA journal_mode=WAL;"
                       "CREATE TABLE requests(id INTEGER PRIMARY KEY, created_at INTEGER NOT NULL,"
                       " format INTEGER NOT NULL,"
                       " status TEXT NOT NULL CHECK(status IN ('new','exported','handled')),"
                       " status_at INTEGER NOT NULL, sealed BLOB NOT NULL);"
                       "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);"
                       "INSERT INTO meta(key, value) VALUES('schema_version', '1');"
                       "INSERT INTO requests VALUES(1, 1795000000, 1, 'new', 1795000000, randomblob(200));",
                       NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_close(raw);

    /* The staff tool reads it as it is: requests, and no usage figures. */
    store_status st;
    store *s = store_open_staff(db, false, &st, err, sizeof err);
    CHECK_MSG(s != NULL, "%s", err);
    if (s) {
        int waiting = 0;
        int64_t oldest = 0;
        CHECK(store_waiting(s, &waiting, &oldest) == STORE_OK && waiting == 1);
        usage_seen u = {0};
        CHECK(store_usage_each(s, NULL, collect_usage, &u) == STORE_OK && u.rows == 0);
        int counts[7] = {9, 9, 9, 9, 9, 9, 9};
        CHECK(store_usage_days(s, "sessions", "2026-11-28", 7, counts) == STORE_OK && counts[0] == 0 &&
              counts[6] == 0);
        store_close(s);
    }
    s = store_open_staff(db, true, &st, err, sizeof err);
    CHECK(s && store_usage_add(s, "2026-11-29", "sessions", "", 1) == STORE_IO);
    store_close(s);
    const char *stats_csv[] = {"stats", "--db", db, "--format", "csv"};
    CHECK(run_ctl(out, errs, 5, stats_csv) == 0);
    size_t len;
    char *o = slurp(out, &len);
    CHECK(o && strcmp(o, "day,metric,item,count\r\n") == 0);
    free(o);
    CHECK(sqlite3_open(db, &raw) == SQLITE_OK);
    char text[200];
    query_one(raw, "SELECT value FROM meta WHERE key = 'schema_version'", text, sizeof text);
    CHECK(strcmp(text, "1") == 0); /* the staff tool changed nothing */
    sqlite3_close(raw);

    /* The kiosk upgrades it in place; the request is still there. Twice is the same as once. */
    for (int round = 0; round < 2; round++) {
        s = store_open(db, &st, err, sizeof err);
        CHECK_MSG(s != NULL, "%s", err);
        if (!s)
            return;
        int waiting = 0;
        int64_t oldest = 0;
        CHECK(store_waiting(s, &waiting, &oldest) == STORE_OK && waiting == 1 && oldest == 1795000000);
        CHECK(store_usage_add(s, "2026-11-29", "sessions", "", 1) == STORE_OK);
        CHECK(store_check(s, err, sizeof err) == STORE_OK);
        store_close(s);
    }
    CHECK(sqlite3_open(db, &raw) == SQLITE_OK);
    query_one(raw, "SELECT value FROM meta WHERE key = 'schema_version'", text, sizeof text);
    CHECK(strcmp(text, "3") == 0);
    /* Schema 3: ids are never reused (AUTOINCREMENT), the old request kept its id. */
    query_one(raw, "SELECT count(*) FROM sqlite_master WHERE name = 'requests' AND sql LIKE '%AUTOINCREMENT%'", text,
              sizeof text);
    CHECK(strcmp(text, "1") == 0);
    query_one(raw, "SELECT id FROM requests", text, sizeof text);
    CHECK(strcmp(text, "1") == 0);
    char cols[200];
    table_columns(raw, "usage", cols, sizeof cols);
    CHECK(strcmp(cols, "day metric item count ") == 0);
    table_columns(raw, "requests", cols, sizeof cols);
    CHECK(strcmp(cols, "id created_at format status status_at sealed ") == 0);
    query_one(raw, "SELECT count FROM usage", text, sizeof text);
    CHECK(strcmp(text, "2") == 0);
    sqlite3_close(raw);
}

/* lanternctl stats on the database of test_usage. */
static void test_stats(const char *base)
{
    char db[700], out[700], errs[700];
    str_format(db, sizeof db, "%s/usage/%s", base, STORE_DB_NAME);
    str_format(out, sizeof out, "%s/stats-out.txt", base);
    str_format(errs, sizeof errs, "%s/stats-err.txt", base);
    size_t len;

    const char *csv[] = {"stats", "--db", db, "--format", "csv", "--since", "2026-11-01"};
    CHECK(run_ctl(out, errs, 7, csv) == 0);
    char *o = slurp(out, &len);
    const char *expect_csv = "day,metric,item,count\r\n"
                             "2026-11-29,sessions,,3\r\n"
                             "2026-11-29,module_opened,recognizing-signs,2\r\n"
                             "2026-11-29,module_opened,supporting-a-loved-one,1\r\n"
                             "2026-11-29,page_reached,recognizing-signs#1,1\r\n"
                             "2026-11-29,page_reached,recognizing-signs#2,1\r\n"
                             "2026-11-29,page_reached,recognizing-signs#10,5\r\n"
                             "2026-11-29,language,en,1\r\n"
                             "2026-11-29,language,es,2\r\n"
                             "2026-11-29,crisis_opened,,1\r\n"
                             "2026-11-29,contact_submitted,,1\r\n"
                             "2026-12-01,sessions,,2\r\n"
                             "2028-02-29,sessions,,1\r\n";
    CHECK_MSG(o && strcmp(o, expect_csv) == 0, "\n%s", o ? o : "");
    free(o);
    char *e = slurp(errs, &len);
    CHECK(e && e[0] == '\0');
    free(e);

    const char *json[] = {"stats", "--db", db, "--format", "json", "--since", "2026-12-01"};
    CHECK(run_ctl(out, errs, 7, json) == 0);
    o = slurp(out, &len);
    CHECK_MSG(o && strcmp(o, "[\n"
                             "  {\"day\": \"2026-12-01\", \"metric\": \"sessions\", \"item\": \"\", \"count\": 2},\n"
                             "  {\"day\": \"2028-02-29\", \"metric\": \"sessions\", \"item\": \"\", \"count\": 1}\n"
                             "]\n") == 0,
              "\n%s", o ? o : "");
    free(o);
    const char *json_none[] = {"stats", "--db", db, "--format", "json", "--since", "2030-01-01"};
    CHECK(run_ctl(out, errs, 7, json_none) == 0);
    o = slurp(out, &len);
    CHECK(o && strcmp(o, "[]\n") == 0);
    free(o);

    const char *text[] = {"stats", "--db", db};
    CHECK(run_ctl(out, errs, 3, text) == 0);
    o = slurp(out, &len);
    CHECK(o && strncmp(o, "day         metric             item                               count\n", 72) == 0);
    CHECK(o && strstr(o, "\n2026-11-29  page_reached       recognizing-signs#10                   5\n"));
    CHECK(o && strstr(o, "\n2026-11-29  sessions                                                  3\n"));
    free(o);
    const char *text_none[] = {"stats", "--db", db, "--since", "2030-01-01", "--format", "text"};
    CHECK(run_ctl(out, errs, 7, text_none) == 0);
    o = slurp(out, &len);
    CHECK(o && strstr(o, "(no usage figures)\n"));
    free(o);

    /* Bad usage: 2; a missing database: 1, and it is not created. */
    const char *bad_format[] = {"stats", "--db", db, "--format", "xml"};
    const char *bad_since[] = {"stats", "--db", db, "--since", "2026-02-30"};
    const char *no_db[] = {"stats"};
    const char *with_key[] = {"stats", "--db", db, "--key", "k"};
    const char *extra[] = {"stats", "--db", db, "more"};
    CHECK(run_ctl(out, errs, 5, bad_format) == 2);
    CHECK(run_ctl(out, errs, 5, bad_since) == 2);
    CHECK(run_ctl(out, errs, 1, no_db) == 2);
    CHECK(run_ctl(out, errs, 5, with_key) == 2);
    CHECK(run_ctl(out, errs, 4, extra) == 2);
    char nowhere[700];
    str_format(nowhere, sizeof nowhere, "%s/usage/nowhere.db", base);
    const char *missing[] = {"stats", "--db", nowhere};
    CHECK(run_ctl(out, errs, 3, missing) == 1);
    CHECK(access(nowhere, F_OK) != 0);
    e = slurp(errs, &len);
    CHECK(e && strstr(e, "no such file"));
    free(e);
    const char *help[] = {"stats", "--help"};
    CHECK(run_ctl(out, errs, 2, help) == 0);
    o = slurp(out, &len);
    CHECK(o && strstr(o, "lanternctl stats --db PATH") && strstr(o, "lanternctl set-pin --data DIR"));
    free(o);
}

/* ---- storage errors ---- */

static void test_full(const char *base)
{
    char dir[600], db[700], err[1400], keys[600], pub[700];
    str_format(dir, sizeof dir, "%s/full", base);
    str_format(db, sizeof db, "%s/%s", dir, STORE_DB_NAME);
    str_format(keys, sizeof keys, "%s/keys", base);
    str_format(pub, sizeof pub, "%s/%s", keys, STORE_PUBLIC_KEY_NAME);
    mkdir(dir, 0700);
    store_public_key pk;
    CHECK(store_load_public_key(pub, &pk, err, sizeof err));
    store_status st;
    store *s = store_open(db, &st, err, sizeof err);
    CHECK(s != NULL);
    if (!s)
        return;
    CHECK(store_set_max_pages(s, 8) == STORE_OK);
    int saved = 0;
    store_status last = STORE_OK;
    for (int i = 0; i < 200 && last == STORE_OK; i++) {
        contact_request r = sample("Full Disk", "3235550103", "full@example.org");
        last = submit(s, &pk, &r, T0 + i, NULL);
        saved += last == STORE_OK;
    }
    CHECK(last == STORE_FULL);
    CHECK(saved > 0);
    CHECK(strcmp(store_status_text(STORE_FULL), "the disk is full") == 0);
    int waiting = 0;
    int64_t oldest = 0;
    CHECK(store_waiting(s, &waiting, &oldest) == STORE_OK && waiting == saved);
    CHECK(store_check(s, err, sizeof err) == STORE_OK);
    /* Once there is room again, saving works again. */
    CHECK(store_set_max_pages(s, 100000) == STORE_OK);
    contact_request r = sample("Room Again", "3235550104", "");
    CHECK(submit(s, &pk, &r, T0 + 300, NULL) == STORE_OK);
    store_close(s);
}

static void test_readonly_busy_corrupt(const char *base)
{
    char dir[600], db[700], err[1400], keys[600], pub[700];
    str_format(dir, sizeof dir, "%s/ro", base);
    str_format(db, sizeof db, "%s/%s", dir, STORE_DB_NAME);
    str_format(keys, sizeof keys, "%s/keys", base);
    str_format(pub, sizeof pub, "%s/%s", keys, STORE_PUBLIC_KEY_NAME);
    mkdir(dir, 0700);
    store_public_key pk;
    CHECK(store_load_public_key(pub, &pk, err, sizeof err));
    store_status st;
    store *s = store_open(db, &st, err, sizeof err);
    CHECK(s != NULL);
    if (!s)
        return;
    contact_request r = sample("Read Only", "3235550105", "");
    CHECK(submit(s, &pk, &r, T0, NULL) == STORE_OK);

    /* Read-only: a second handle opened with SQLITE_OPEN_READONLY. */
    store *ro = store_open_staff(db, false, &st, err, sizeof err);
    CHECK(ro != NULL);
    if (ro) {
        CHECK(submit(ro, &pk, &r, T0 + 1, NULL) == STORE_READONLY);
        int waiting = 0;
        int64_t oldest = 0;
        CHECK(store_waiting(ro, &waiting, &oldest) == STORE_OK && waiting == 1);
        store_close(ro);
    }

    /* Locked: another writer holds the lock past the busy timeout. */
    sqlite3 *raw = NULL;
    CHECK(sqlite3_open(db, &raw) == SQLITE_OK);
    CHECK(sqlite3_exec(raw, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK);
    CHECK(store_set_busy_timeout(s, 50) == STORE_OK);
    CHECK(submit(s, &pk, &r, T0 + 2, NULL) == STORE_BUSY);
    sqlite3_exec(raw, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(raw);
    CHECK(submit(s, &pk, &r, T0 + 3, NULL) == STORE_OK);
    int waiting = 0;
    int64_t oldest = 0;
    CHECK(store_waiting(s, &waiting, &oldest) == STORE_OK && waiting == 2);
    store_close(s);

    /* Not a database: corrupt, with a clear message; nothing crashes. */
    char junk[700];
    str_format(junk, sizeof junk, "%s/junk.db", dir);
    char noise[8192];
    for (size_t i = 0; i < sizeof noise; i++)
        noise[i] = (char)(i * 7919 % 251);
    FILE *f = fopen(junk, "wb");
    if (f) {
        fwrite(noise, 1, sizeof noise, f);
        fclose(f);
    }
    s = store_open(junk, &st, err, sizeof err);
    CHECK(!s && st == STORE_CORRUPT && strstr(err, junk));
    s = store_open_staff(junk, false, &st, err, sizeof err);
    CHECK(!s && st == STORE_CORRUPT);
    /* A database that is not Lantern's. */
    char foreign[700];
    str_format(foreign, sizeof foreign, "%s/foreign.db", dir);
    CHECK(sqlite3_open(foreign, &raw) == SQLITE_OK);
    sqlite3_exec(raw, "CREATE TABLE t(x)", NULL, NULL, NULL);
    sqlite3_close(raw);
    s = store_open_staff(foreign, true, &st, err, sizeof err);
    CHECK(!s && st == STORE_CORRUPT && strstr(err, "not a Lantern request database"));
    /* A newer schema is refused by name, by the kiosk and the staff tool, and left as it is. */
    CHECK(sqlite3_open(db, &raw) == SQLITE_OK);
    sqlite3_exec(raw, "UPDATE meta SET value = '4' WHERE key = 'schema_version'", NULL, NULL, NULL);
    sqlite3_close(raw);
    s = store_open(db, &st, err, sizeof err);
    CHECK(!s && st == STORE_CORRUPT && strstr(err, "schema version 4"));
    s = store_open_staff(db, false, &st, err, sizeof err);
    CHECK(!s && st == STORE_CORRUPT && strstr(err, "schema version 4"));
    CHECK(sqlite3_open(db, &raw) == SQLITE_OK);
    sqlite3_stmt *vq = NULL;
    char vtext[8] = "";
    if (sqlite3_prepare_v2(raw, "SELECT value FROM meta WHERE key = 'schema_version'", -1, &vq, NULL) == SQLITE_OK &&
        sqlite3_step(vq) == SQLITE_ROW)
        str_copy(vtext, sizeof vtext, (const char *)sqlite3_column_text(vq, 0));
    sqlite3_finalize(vq);
    sqlite3_close(raw);
    CHECK(strcmp(vtext, "4") == 0);
    /* A damaged page: the integrity check says so. */
    char bad[700];
    str_format(bad, sizeof bad, "%s/damaged.db", dir);
    CHECK(sqlite3_open(bad, &raw) == SQLITE_OK);
    sqlite3_exec(raw, "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT); INSERT INTO meta VALUES('schema_version','1');"
                      "CREATE TABLE requests(id INTEGER PRIMARY KEY, created_at INTEGER NOT NULL, format INTEGER NOT NULL,"
                      " status TEXT NOT NULL, status_at INTEGER NOT NULL, sealed BLOB NOT NULL);"
                      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 200)"
                      " INSERT INTO requests SELECT i, 0, 1, 'new', 0, randomblob(300) FROM n;",
                 NULL, NULL, NULL);
    sqlite3_close(raw);
    int fd = open(bad, O_WRONLY);
    if (fd >= 0) {
        CHECK(pwrite(fd, noise, 4096, 4096 * 3) == 4096);
        close(fd);
    }
    s = store_open_staff(bad, false, &st, err, sizeof err);
    if (s) {
        CHECK(store_check(s, err, sizeof err) == STORE_CORRUPT);
        seen_records seen = {0};
        CHECK(store_each(s, NULL, NULL, collect, &seen) != STORE_OK);
        store_close(s);
    } else {
        CHECK(st == STORE_CORRUPT);
    }
}

/* A real full disk and a real read-only file system, in a child with its own
 * mount namespace. Returns 0 passed, 1 failed, 77 cannot mount here. */
static int fs_child(const char *base)
{
    char mnt[600], db[700], filler[700], err[1400], pub[700];
    str_format(mnt, sizeof mnt, "%s/mnt", base);
    str_format(db, sizeof db, "%s/%s", mnt, STORE_DB_NAME);
    str_format(filler, sizeof filler, "%s/filler", mnt);
    str_format(pub, sizeof pub, "%s/keys/%s", base, STORE_PUBLIC_KEY_NAME);
    store_public_key pk;
    if (!store_load_public_key(pub, &pk, err, sizeof err))
        return 1;
    mkdir(mnt, 0700);
    if (unshare(CLONE_NEWNS) != 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
        mount("tmpfs", mnt, "tmpfs", 0, "size=512k") != 0)
        return 77;
    check_failed = 0;
    store_status st;
    store *s = store_open(db, &st, err, sizeof err);
    CHECK(s != NULL);
    if (!s)
        return 1;
    contact_request r = sample("Disk Full", "3235550106", "");
    CHECK(submit(s, &pk, &r, T0, NULL) == STORE_OK);
    /* Fill the file system to the last byte. */
    FILE *f = fopen(filler, "wb");
    char block[4096] = {0};
    while (f && fwrite(block, 1, sizeof block, f) == sizeof block && fflush(f) == 0)
        ;
    while (f && fwrite(block, 1, 1, f) == 1 && fflush(f) == 0)
        ;
    if (f)
        fclose(f);
    store_status last = STORE_OK;
    int saved = 1;
    for (int i = 0; i < 100 && last == STORE_OK; i++) {
        last = submit(s, &pk, &r, T0 + 1 + i, NULL);
        saved += last == STORE_OK;
    }
    CHECK_MSG(last == STORE_FULL, "got %s", store_status_text(last));
    int waiting = 0;
    int64_t oldest = 0;
    CHECK(store_waiting(s, &waiting, &oldest) == STORE_OK && waiting == saved);
    CHECK(store_check(s, err, sizeof err) == STORE_OK);
    unlink(filler);
    CHECK(submit(s, &pk, &r, T0 + 200, NULL) == STORE_OK);
    /* With the database open for writing, the file system cannot be made read-only (EBUSY). */
    CHECK(mount(NULL, mnt, NULL, MS_REMOUNT | MS_RDONLY, NULL) != 0 && errno == EBUSY);
    store_close(s);
    /* Read-only file system: opening gives STORE_READONLY and a clear message. */
    CHECK(mount(NULL, mnt, NULL, MS_REMOUNT | MS_RDONLY, NULL) == 0);
    s = store_open(db, &st, err, sizeof err);
    CHECK_MSG(!s && st == STORE_READONLY, "%s", err);
    CHECK(strstr(err, "read-only"));
    store_close(s);
    /* The staff tool can still read it there (a copy on read-only media). */
    store *ro = store_open_staff(db, false, &st, err, sizeof err);
    CHECK_MSG(ro != NULL, "%s", err);
    if (ro) {
        CHECK(store_waiting(ro, &waiting, &oldest) == STORE_OK && waiting == saved + 1);
        CHECK(submit(ro, &pk, &r, T0 + 300, NULL) == STORE_READONLY);
        store_close(ro);
    }
    umount(mnt);
    return check_failed ? 1 : 0;
}

static void test_real_fs(const char *base)
{
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid == 0)
        _exit(fs_child(base));
    int status = 0;
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status));
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (code == 77)
        printf("test_store: skipped the real full-disk and read-only file system cases (cannot mount here)\n");
    else
        CHECK_MSG(code == 0, "the full-disk / read-only file system child failed (%d)", code);
}

int main(void)
{
    log_set_quiet(true);
    char base[] = "/tmp/lantern-store-XXXXXX";
    const char *tmp = getenv("TMPDIR");
    char base_buf[600];
    str_format(base_buf, sizeof base_buf, "%s/lantern-store-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    char *dir = mkdtemp(base_buf);
    if (!dir)
        dir = mkdtemp(base);
    CHECK(dir != NULL);
    if (!dir)
        return check_done("test_store");
    test_request();
    test_keys(dir);
    test_submit(dir);
    test_staff(dir);
    test_pin(dir);
    test_lockout(dir);
    test_usage(dir);
    test_stats(dir);
    test_upgrade(dir);
    test_full(dir);
    test_readonly_busy_corrupt(dir);
    test_real_fs(dir);
    rm_tree(dir);
    return check_done("test_store");
}
