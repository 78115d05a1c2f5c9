/* The staff inbox's storage interface (inbox_store.h), the same checks on
 * both implementations: sqlite over a real kiosk database, and PostgreSQL
 * (a real server started by tests/central/pg_run.py, its connection string
 * as the argument). Staff accounts and the login lockout (inbox.db) too.
 *
 *   test_inbox_store              the sqlite implementation
 *   test_inbox_store CONNINFO     the PostgreSQL implementation */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "core/request.h"
#include "core/util.h"
#include "inbox/inbox_store.h"
#include "store/store.h"
#include "store/store_outbox.h"

enum { N = 12 };

static void submit_all(store *s, const store_public_key *pk, int64_t t0)
{
    for (int i = 0; i < N; i++) {
        contact_request r = {0};
        str_format(r.name, sizeof r.name, "Inbox %d", i + 1);
        str_copy(r.phone, sizeof r.phone, "2135550100");
        str_copy(r.best_time, sizeof r.best_time, "morning");
        str_copy(r.language, sizeof r.language, "es");
        str_copy(r.voicemail_ok, sizeof r.voicemail_ok, "no");
        str_copy(r.topic, sizeof r.topic, "myself");
        str_copy(r.consent_version, sizeof r.consent_version, "2026-11-01");
        char payload[REQUEST_ENCODED_MAX];
        size_t len = request_encode(&r, payload, sizeof payload);
        CHECK(len > 0 && store_submit(s, pk, payload, len, t0 + i * 60, NULL) == STORE_OK);
    }
}

typedef struct {
    int n;
    int64_t ids[N + 4], created[N + 4];
    char first_outcome[24], first_by[48];
    const store_private_key *key;
    int opened;
} seen;

static bool collect(void *ctx, const inbox_request *r)
{
    seen *c = ctx;
    if (c->n < N + 4) {
        c->ids[c->n] = r->id;
        c->created[c->n] = r->created_at;
    }
    if (c->n == 0) {
        str_copy(c->first_outcome, sizeof c->first_outcome, r->outcome);
        str_copy(c->first_by, sizeof c->first_by, r->outcome_by);
    }
    char *plain = NULL;
    size_t len = 0;
    if (store_sealed_open(c->key, r->sealed, r->sealed_len, &plain, &len) &&
        strstr(plain, "Inbox "))
        c->opened++;
    store_plain_free(plain, len);
    c->n++;
    return true;
}

typedef struct {
    int n;
    char first_action[64], first_detail[64];
} audit_seen;

static bool collect_audit(void *ctx, const inbox_audit *a)
{
    audit_seen *c = ctx;
    if (c->n++ == 0) {
        str_copy(c->first_action, sizeof c->first_action, a->action);
        str_copy(c->first_detail, sizeof c->first_detail, a->detail);
    }
    return true;
}

/* The checks both implementations must pass. */
static void test_impl(inbox_store *s, const store_private_key *key, int64_t t0, bool pg)
{
    char err[600];
    int64_t count = -1;
    CHECK_MSG(s->ops->count_new(s, &count, err, sizeof err) && count == N, "%s %lld", err,
              (long long)count);
    seen all = {.key = key};
    CHECK(s->ops->each(s, false, 0, collect, &all, err, sizeof err));
    CHECK(all.n == N && all.opened == N);
    /* Newest first. */
    bool ordered = true;
    for (int i = 1; i < all.n && i < N; i++)
        ordered = ordered && all.created[i - 1] >= all.created[i];
    CHECK(ordered && all.created[0] == t0 + (N - 1) * 60);
    seen few = {.key = key};
    CHECK(s->ops->each(s, false, 5, collect, &few, err, sizeof err) && few.n == 5);

    /* Outcomes: once; a second time, an unknown id or word changes nothing. */
    int64_t newest = all.ids[0], other = all.ids[1];
    CHECK(s->ops->set_outcome(s, newest, "reached", "ana", t0 + 9000, err, sizeof err) == 1);
    CHECK(s->ops->set_outcome(s, newest, "closed", "ben", t0 + 9100, err, sizeof err) == 0);
    CHECK(s->ops->set_outcome(s, 999999, "reached", "ana", t0 + 9000, err, sizeof err) == 0);
    CHECK(s->ops->set_outcome(s, other, "exploded", "ana", t0 + 9000, err, sizeof err) == 0);
    CHECK(s->ops->set_outcome(s, other, "left_message", "ben", t0 + 9200, err, sizeof err) == 1);
    CHECK(s->ops->count_new(s, &count, err, sizeof err) && count == N - 2);
    seen handled = {.key = key};
    CHECK(s->ops->each(s, true, 0, collect, &handled, err, sizeof err) && handled.n == 2 &&
          handled.opened == 2);
    CHECK(strcmp(handled.first_by, "ana") == 0 || strcmp(handled.first_by, "ben") == 0);
    CHECK(strcmp(handled.first_outcome, "reached") == 0 ||
          strcmp(handled.first_outcome, "left_message") == 0);
    seen left = {.key = key};
    CHECK(s->ops->each(s, false, 0, collect, &left, err, sizeof err) && left.n == N - 2);
    for (int i = 0; i < left.n && i < N; i++)
        CHECK(left.ids[i] != newest && left.ids[i] != other);

    /* The audit log: newest first. */
    CHECK(s->ops->audit_add(s, t0 + 1, "ana", "signed in", "", err, sizeof err));
    CHECK(s->ops->audit_add(s, t0 + 2, "ana", "recorded an outcome", "request 1: reached", err,
                            sizeof err));
    audit_seen a = {0};
    CHECK(s->ops->audit_each(s, 0, collect_audit, &a, err, sizeof err) && a.n == 2);
    CHECK(strcmp(a.first_action, "recorded an outcome") == 0 &&
          strcmp(a.first_detail, "request 1: reached") == 0);
    audit_seen one = {0};
    CHECK(s->ops->audit_each(s, 1, collect_audit, &one, err, sizeof err) && one.n == 1);

    /* Import (a kiosk's USB file): PostgreSQL takes it once; sqlite says why not. */
    unsigned char sealed[100];
    memset(sealed, 7, sizeof sealed);
    central_record recs[2] = {{1, t0, 1, sealed, sizeof sealed},
                              {2, t0 + 1, 1, sealed, sizeof sealed}};
    int added = -1;
    if (pg) {
        CHECK(s->ops->import(s, "usb-kiosk", recs, 2, &added, err, sizeof err) && added == 2);
        CHECK(s->ops->import(s, "usb-kiosk", recs, 2, &added, err, sizeof err) && added == 0);
        CHECK(s->ops->count_new(s, &count, err, sizeof err) && count == N - 2 + 2);
    } else {
        CHECK(!s->ops->import(s, "usb-kiosk", recs, 2, &added, err, sizeof err) &&
              strstr(err, "central"));
    }
}

typedef struct {
    central_record recs[N];
    unsigned char bytes[N][2048]; /* a sealed record: 1024 padded bytes + 48 */
    int n;
} copy_ctx;

static bool copy_sealed(void *ctx, const store_sealed *r)
{
    copy_ctx *c = ctx;
    if (c->n >= N || r->sealed_len > sizeof c->bytes[0])
        return false;
    memcpy(c->bytes[c->n], r->sealed, r->sealed_len);
    c->recs[c->n] =
        (central_record){r->id, r->created_at, r->format, c->bytes[c->n], r->sealed_len};
    c->n++;
    return true;
}

static void test_accounts(store_inbox *si)
{
    char err[600];
    int64_t until = 0;
    CHECK(!store_inbox_user_set(si, "Ana Smith", "long enough pw", err, sizeof err));
    CHECK(!store_inbox_user_set(si, "ana", "short", err, sizeof err) && strstr(err, "10 to"));
    CHECK(store_inbox_user_set(si, "ana", "the right password", err, sizeof err));
    CHECK(store_inbox_user_set(si, "ben", "another password", err, sizeof err));
    int64_t now = 1795000000;
    CHECK(store_inbox_login(si, "ana", "the right password", now, &until) == STORE_LOGIN_OK);
    CHECK(store_inbox_login(si, "ana", "another password", now, &until) == STORE_LOGIN_WRONG);
    CHECK(store_inbox_login(si, "nobody", "the right password", now, &until) == STORE_LOGIN_WRONG);
    for (int i = 0; i < 4; i++)
        store_inbox_login(si, "ana", "wrong", now, &until);
    /* The 5th wrong one in a row locks: even the right password is refused. */
    CHECK(until == now + STORE_INBOX_LOCK_FIRST);
    CHECK(store_inbox_login(si, "ana", "the right password", now + 10, &until) ==
          STORE_LOGIN_LOCKED);
    CHECK(store_inbox_login(si, "ben", "another password", now + 10, &until) == STORE_LOGIN_OK);
    CHECK(store_inbox_login(si, "ana", "wrong", now + 61, &until) == STORE_LOGIN_WRONG &&
          until == now + 61 + 2 * STORE_INBOX_LOCK_FIRST);
    CHECK(store_inbox_login(si, "ana", "the right password", now + 61 + 121, &until) ==
          STORE_LOGIN_OK);
    CHECK(store_inbox_login(si, "ana", "wrong", now + 200, &until) == STORE_LOGIN_WRONG &&
          until == 0);
    /* A new password clears the lock. */
    CHECK(store_inbox_user_set(si, "ana", "a new password", err, sizeof err));
    CHECK(store_inbox_login(si, "ana", "a new password", now + 201, &until) == STORE_LOGIN_OK);
}

int main(int argc, char **argv)
{
    char base[] = "/tmp/lantern-inbox-store-XXXXXX";
    if (!mkdtemp(base))
        return 1;
    char keys[600], pub[700], priv[700], db[700], inbox_db[700], err[1400];
    str_format(keys, sizeof keys, "%s/keys", base);
    str_format(pub, sizeof pub, "%s/%s", keys, STORE_PUBLIC_KEY_NAME);
    str_format(priv, sizeof priv, "%s/%s", keys, STORE_PRIVATE_KEY_NAME);
    str_format(db, sizeof db, "%s/%s", base, STORE_DB_NAME);
    str_format(inbox_db, sizeof inbox_db, "%s/inbox.db", base);
    store_public_key pk;
    store_private_key sk;
    CHECK(store_keygen_protected(keys, "inbox store test", err, sizeof err));
    CHECK(store_load_public_key(pub, &pk, err, sizeof err));
    CHECK(store_load_private_key_passphrase(priv, "inbox store test", &sk, err, sizeof err));
    int64_t t0 = (int64_t)time(NULL) - 86400;
    store_status st;
    store *kiosk = store_open(db, &st, err, sizeof err);
    CHECK_MSG(kiosk != NULL, "%s", err);
    if (kiosk)
        submit_all(kiosk, &pk, t0);
    const char *conninfo = argc > 1 ? argv[1] : NULL;
    inbox_store *s = NULL;
    if (!conninfo) {
        s = inbox_store_open_sqlite(inbox_db, db, "lobby", err, sizeof err);
    } else {
        /* The kiosk's sealed records reach the central database as the outbox sends them. */
        central *c = central_connect(conninfo, NULL, "test", err, sizeof err);
        int from = 0;
        CHECK_MSG(c && central_init_schema(c, &from, err, sizeof err), "%s", err);
        copy_ctx cp = {0};
        CHECK(kiosk && store_outbox_each(kiosk, N, copy_sealed, &cp) == STORE_OK && cp.n == N);
        int added = 0;
        CHECK_MSG(c &&
                      central_push(c, "lobby-1", "outbox", cp.recs, (size_t)cp.n, &added, err,
                                   sizeof err) &&
                      added == N,
                  "%s", err);
        central_close(c);
        s = inbox_store_open_pg(inbox_db, conninfo, NULL, err, sizeof err);
    }
    CHECK_MSG(s != NULL, "%s", err);
    store_close(kiosk);
    if (s) {
        test_impl(s, &sk, t0, conninfo != NULL);
        test_accounts(s->local);
        inbox_store_close(s);
    }
    /* The inbox database holds the password hashes: owner-only. */
    struct stat sb;
    CHECK(stat(inbox_db, &sb) == 0 && (sb.st_mode & 077) == 0);
    store_wipe(&sk, sizeof sk);
    char cmd[600];
    str_format(cmd, sizeof cmd, "rm -rf -- '%s'", base);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", base);
    return check_done(conninfo ? "test_inbox_store (PostgreSQL)" : "test_inbox_store (sqlite)");
}
