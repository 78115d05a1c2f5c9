/* The store's delivery side (store_outbox.h) and private keys under a
 * passphrase, on real sqlite databases and real key files in a temporary
 * folder. */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "core/request.h"
#include "core/util.h"
#include "store/store.h"
#include "store/store_outbox.h"

static const int64_t T0 = 1795000000;

static int64_t submit(store *s, const store_public_key *pk, const char *name, int64_t now)
{
    contact_request r = {0};
    str_copy(r.name, sizeof r.name, name);
    str_copy(r.phone, sizeof r.phone, "2135550100");
    str_copy(r.best_time, sizeof r.best_time, "evening");
    str_copy(r.language, sizeof r.language, "en");
    str_copy(r.voicemail_ok, sizeof r.voicemail_ok, "yes");
    str_copy(r.topic, sizeof r.topic, "loved-one");
    str_copy(r.consent_version, sizeof r.consent_version, "2026-11-01");
    char payload[REQUEST_ENCODED_MAX];
    size_t len = request_encode(&r, payload, sizeof payload);
    int64_t id = 0;
    CHECK(len > 0 && store_submit(s, pk, payload, len, now, &id) == STORE_OK);
    return id;
}

typedef struct {
    int64_t ids[64];
    int n;
    const store_private_key *key;
    int opened;
} seen;

static bool collect(void *ctx, const store_sealed *rec)
{
    seen *c = ctx;
    if (c->n < 64)
        c->ids[c->n++] = rec->id;
    char *plain = NULL;
    size_t len = 0;
    if (c->key && store_sealed_open(c->key, rec->sealed, rec->sealed_len, &plain, &len) &&
        strstr(plain, "Outbox"))
        c->opened++;
    store_plain_free(plain, len);
    return true;
}

static int64_t one(const char *db, const char *sql)
{
    sqlite3 *raw = NULL;
    sqlite3_stmt *st = NULL;
    int64_t v = -1;
    if (sqlite3_open(db, &raw) == SQLITE_OK &&
        sqlite3_prepare_v2(raw, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(raw);
    return v;
}

static void test_delivery(const char *base)
{
    char keys[600], pub[700], priv[700], db[700], err[1400];
    str_format(keys, sizeof keys, "%s/keys", base);
    str_format(pub, sizeof pub, "%s/%s", keys, STORE_PUBLIC_KEY_NAME);
    str_format(priv, sizeof priv, "%s/%s", keys, STORE_PRIVATE_KEY_NAME);
    str_format(db, sizeof db, "%s/%s", base, STORE_DB_NAME);
    CHECK(store_keygen(keys, false, err, sizeof err));
    store_public_key pk;
    store_private_key sk;
    CHECK(store_load_public_key(pub, &pk, err, sizeof err));
    CHECK(store_load_private_key(priv, &sk, err, sizeof err));
    store_status st;
    store *s = store_open(db, &st, err, sizeof err);
    CHECK_MSG(s != NULL, "%s", err);
    if (!s)
        return;
    store_outbox_health h;
    CHECK(store_outbox_status(s, &h) == STORE_OK && h.waiting == 0 && h.oldest_waiting == 0 &&
          h.last_push == 0);
    int64_t ids[6];
    for (int i = 0; i < 6; i++)
        ids[i] = submit(s, &pk, "Outbox", T0 + i * 60);
    CHECK(ids[0] == 1 && ids[5] == 6);

    /* Waiting, oldest first, at most limit; the sealed bytes open with the key. */
    seen c = {.key = &sk};
    CHECK(store_outbox_each(s, 4, collect, &c) == STORE_OK && c.n == 4 && c.ids[0] == 1 &&
          c.ids[3] == 4 && c.opened == 4);
    CHECK(store_outbox_each(s, 0, collect, &c) == STORE_IO);

    /* Delivered: no longer waiting; again keeps the first time; an unknown id is skipped. */
    int64_t first[] = {1, 2, 3, 999};
    CHECK(store_outbox_mark(s, first, 4, STORE_DELIVERED, T0 + 1000) == STORE_OK);
    CHECK(store_outbox_mark(s, first, 3, STORE_DELIVERED, T0 + 5000) == STORE_OK);
    CHECK(one(db, "SELECT count(*) FROM delivery") == 3);
    CHECK(one(db, "SELECT max(at) FROM delivery") == T0 + 1000);
    int64_t handed[] = {4};
    CHECK(store_outbox_mark(s, handed, 1, STORE_HANDED_OFF, T0 + 2000) == STORE_OK);
    CHECK(store_outbox_status(s, &h) == STORE_OK && h.waiting == 2 &&
          h.oldest_waiting == T0 + 4 * 60 && h.last_push == T0 + 5000 &&
          h.last_handoff == T0 + 2000);
    seen w = {0};
    CHECK(store_outbox_each(s, 100, collect, &w) == STORE_OK && w.n == 2 && w.ids[0] == 5 &&
          w.ids[1] == 6);

    /* Retention: delivered and handed off before the cutoff go; waiting ones never. */
    int deleted = -1;
    bool checkpointed = false;
    CHECK(store_outbox_wipe(s, T0 + 1500, &deleted, &checkpointed) == STORE_OK && deleted == 3 &&
          checkpointed);
    CHECK(store_outbox_wipe(s, T0 + 999999, &deleted, NULL) == STORE_OK && deleted == 1);
    CHECK(one(db, "SELECT count(*) FROM requests") == 2);
    CHECK(one(db, "SELECT count(*) FROM delivery") == 0);
    /* The highest id delivered and wiped: the next request still gets a new id. */
    int64_t last[] = {5, 6};
    CHECK(store_outbox_mark(s, last, 2, STORE_DELIVERED, T0) == STORE_OK);
    CHECK(store_outbox_wipe(s, T0 + 1, &deleted, NULL) == STORE_OK && deleted == 2);
    CHECK(submit(s, &pk, "Outbox", T0 + 9000) == 7);
    store_close(s);

    /* The staff tool's read-only view works; a schema-2 database is refused by name. */
    s = store_open_staff(db, false, &st, err, sizeof err);
    CHECK(s && store_outbox_status(s, &h) == STORE_OK && h.waiting == 1);
    store_close(s);
    char old[700];
    str_format(old, sizeof old, "%s/v2.db", base);
    sqlite3 *raw = NULL;
    CHECK(sqlite3_open(old, &raw) == SQLITE_OK);
    CHECK(sqlite3_exec(raw,
                       "CREATE TABLE requests(id INTEGER PRIMARY KEY, created_at INTEGER NOT NULL,"
                       " format INTEGER NOT NULL, status TEXT NOT NULL, status_at INTEGER NOT NULL,"
                       " sealed BLOB NOT NULL);"
                       "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);"
                       "INSERT INTO meta VALUES('schema_version', '2');",
                       NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_close(raw);
    s = store_open_staff(old, true, &st, err, sizeof err);
    CHECK(s && store_outbox_status(s, &h) == STORE_IO);
    store_close(s);

    /* Another key does not open a record. */
    char other[600];
    str_format(other, sizeof other, "%s/other", base);
    CHECK(store_keygen(other, false, err, sizeof err));
    char other_priv[700];
    str_format(other_priv, sizeof other_priv, "%s/%s", other, STORE_PRIVATE_KEY_NAME);
    store_private_key sk2;
    CHECK(store_load_private_key(other_priv, &sk2, err, sizeof err));
    s = store_open(db, &st, err, sizeof err);
    seen c2 = {.key = &sk2};
    CHECK(s && store_outbox_each(s, 10, collect, &c2) == STORE_OK && c2.n == 1 && c2.opened == 0);
    store_close(s);
    store_wipe(&sk, sizeof sk);
    store_wipe(&sk2, sizeof sk2);
}

static void test_protected_key(const char *base)
{
    char dir[600], pub[700], priv[700], err[1400];
    str_format(dir, sizeof dir, "%s/protected", base);
    str_format(pub, sizeof pub, "%s/%s", dir, STORE_PUBLIC_KEY_NAME);
    str_format(priv, sizeof priv, "%s/%s", dir, STORE_PRIVATE_KEY_NAME);
    CHECK(!store_keygen_protected(dir, "short", err, sizeof err) && strstr(err, "8 to 1024"));
    CHECK(access(dir, F_OK) != 0 || access(priv, F_OK) != 0);
    CHECK(store_keygen_protected(dir, "a long enough passphrase", err, sizeof err));
    CHECK(!store_keygen_protected(dir, "a long enough passphrase", err, sizeof err) &&
          strstr(err, "already exists"));
    struct stat sb;
    CHECK(stat(priv, &sb) == 0 && (sb.st_mode & 0777) == 0600);
    CHECK(store_private_key_is_protected(priv) && !store_private_key_is_protected(pub));
    store_public_key pk;
    CHECK(store_load_public_key(pub, &pk, err, sizeof err) && !pk.demo);
    /* The plain loaders say what the file is. */
    store_private_key sk;
    CHECK(!store_load_private_key(priv, &sk, err, sizeof err) &&
          strstr(err, "protected by a passphrase"));
    store_public_key wrong;
    CHECK(!store_load_public_key(priv, &wrong, err, sizeof err) && strstr(err, "PRIVATE key"));
    CHECK(!store_load_private_key_passphrase(priv, "not the passphrase", &sk, err, sizeof err) &&
          strstr(err, "wrong passphrase"));
    CHECK(
        store_load_private_key_passphrase(priv, "a long enough passphrase", &sk, err, sizeof err));
    CHECK(memcmp(sk.pk, pk.pk, sizeof pk.pk) == 0);
    /* The key file never holds the private key in the clear. */
    size_t len = 0;
    FILE *f = fopen(priv, "rb");
    unsigned char buf[512];
    if (f) {
        len = fread(buf, 1, sizeof buf, f);
        fclose(f);
    }
    bool found = false;
    for (size_t i = 0; i + sizeof sk.sk <= len; i++)
        found = found || memcmp(buf + i, sk.sk, sizeof sk.sk) == 0;
    CHECK(len > 32 && !found);
    /* A sealed request opens with the unlocked key. */
    char db[700];
    str_format(db, sizeof db, "%s/%s", dir, STORE_DB_NAME);
    store_status st;
    store *s = store_open(db, &st, err, sizeof err);
    CHECK(s != NULL);
    if (s) {
        submit(s, &pk, "Outbox", T0);
        seen c = {.key = &sk};
        CHECK(store_outbox_each(s, 10, collect, &c) == STORE_OK && c.opened == 1);
        store_close(s);
    }
    /* A plain key file still loads through the passphrase loader (passphrase unused). */
    char plain_dir[600], plain_priv[700];
    str_format(plain_dir, sizeof plain_dir, "%s/plain", base);
    str_format(plain_priv, sizeof plain_priv, "%s/%s", plain_dir, STORE_PRIVATE_KEY_NAME);
    CHECK(store_keygen(plain_dir, true, err, sizeof err));
    CHECK(store_load_private_key_passphrase(plain_priv, NULL, &sk, err, sizeof err) && sk.demo);
    store_wipe(&sk, sizeof sk);
}

int main(void)
{
    char base[] = "/tmp/lantern-outbox-store-XXXXXX";
    if (!mkdtemp(base))
        return 1;
    test_delivery(base);
    test_protected_key(base);
    char cmd[600];
    str_format(cmd, sizeof cmd, "rm -rf -- '%s'", base);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", base);
    return check_done("test_store_outbox");
}
