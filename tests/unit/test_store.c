/* Contact requests: the payload format (core/request.c), key files, the
 * sealed store (store/store.c: submit, at rest) and lanternctl's staff
 * commands (tools/requests.c: export with per-record problems, mark, purge),
 * on temporary folders. The PINs, the usage figures and the storage errors
 * have their own programs (test_store_pin.c, test_store_usage.c,
 * test_store_errors.c); shared helpers are in store_fixture.h. */
#define _GNU_SOURCE
#include "store_fixture.h"
#include "store/store_outbox.h"

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
    memset(big.email, 'e', sizeof big.email - 1);
    big.email[sizeof big.email - 1] = '\0';
    big.email[10] = '@';
    big.email[sizeof big.email - 5] = '.';
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
    /* Issue 9: a world-readable private key was used without a word. */
    char loose_dir[600], loose[700];
    str_format(loose_dir, sizeof loose_dir, "%s/loose-keys", base);
    str_format(loose, sizeof loose, "%s/%s", loose_dir, STORE_PRIVATE_KEY_NAME);
    CHECK(store_keygen(loose_dir, false, err, sizeof err));
    CHECK(store_load_private_key(loose, &sk, err, sizeof err));
    CHECK(chmod(loose, 0644) == 0);
    CHECK_MSG(!store_load_private_key(loose, &sk, err, sizeof err) && strstr(err, "can be read by other users") &&
                  strstr(err, "chmod 600"),
              "%s", err);
    CHECK(chmod(loose, 0640) == 0); /* group-readable is not private either */
    CHECK(!store_load_private_key(loose, &sk, err, sizeof err));
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

static bool sealed_lengths(void *ctx, const store_sealed *r)
{
    size_t *lens = ctx;
    lens[lens[0] + 1] = r->sealed_len;
    lens[0]++;
    return lens[0] < 8;
}

/* Opens a padded record: what comes out is the payload, padding stripped. */
static bool decode_padded(void *ctx, const store_record *r)
{
    int *decoded = ctx;
    contact_request req;
    int format = 0;
    char err[200];
    CHECK(r->opened && strlen(r->plain) == r->plain_len);
    if (r->opened && request_decode(r->plain, r->plain_len, &req, &format, err, sizeof err) &&
        (strcmp(req.name, "Al") == 0 || strcmp(req.name, "Maximiliano Alejandro") == 0))
        (*decoded)++;
    return true;
}

/* Issue 9: a sealed record's length gave away the length of the name. Every
 * payload is padded to the same size before sealing; opening strips it. */
static void test_padding(const char *base)
{
    char keys[600], pub[700], priv[700], db[700], err[1400];
    str_format(keys, sizeof keys, "%s/keys", base); /* made by test_keys */
    str_format(pub, sizeof pub, "%s/%s", keys, STORE_PUBLIC_KEY_NAME);
    str_format(priv, sizeof priv, "%s/%s", keys, STORE_PRIVATE_KEY_NAME);
    str_format(db, sizeof db, "%s/padding.db", base);
    store_public_key pk;
    store_private_key sk;
    CHECK(store_load_public_key(pub, &pk, err, sizeof err));
    CHECK_MSG(store_load_private_key(priv, &sk, err, sizeof err), "%s", err);
    store_status st = STORE_IO;
    store *s = store_open(db, &st, err, sizeof err);
    CHECK(s != NULL);
    if (!s)
        return;
    contact_request shorter = sample("Al", "3234021622", "");
    contact_request longer = sample("Maximiliano Alejandro", "3234021622", "maximiliano.alejandro@example.org");
    CHECK(submit(s, &pk, &shorter, T0, NULL) == STORE_OK);
    CHECK(submit(s, &pk, &longer, T0 + 60, NULL) == STORE_OK);
    size_t lens[10] = {0};
    CHECK(store_outbox_each(s, 8, sealed_lengths, lens) == STORE_OK && lens[0] == 2);
    CHECK_MSG(lens[1] == lens[2], "sealed lengths differ: %zu and %zu", lens[1], lens[2]);
    int decoded = 0;
    CHECK(store_each(s, &sk, NULL, decode_padded, &decoded) == STORE_OK && decoded == 2);
    store_close(s);
}

int main(void)
{
    log_set_quiet(true);
    char buf[600];
    char *dir = fixture_dir(buf, sizeof buf);
    CHECK(dir != NULL);
    if (!dir)
        return check_done("test_store");
    test_request();
    test_keys(dir);
    test_submit(dir);
    test_padding(dir);
    test_staff(dir);
    rm_tree(dir);
    return check_done("test_store");
}
