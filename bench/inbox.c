/* The staff inbox's "New requests" page with many requests waiting, against
 * the floor: a bare SELECT of the same rows plus opening each sealed record
 * (crypto_box_seal_open), nothing else.
 *
 *   bench_inbox DIR [N] [CONNINFO]
 *
 * Setup: N requests (default 10000) submitted as the kiosk does (to
 * DIR/requests.db); with CONNINFO, also pushed to that central database.
 * Lantern: page_requests() for "New requests", the server's whole work for
 * that page minus TLS and the socket: count, read every waiting request,
 * open and decode each, build the HTML (about 1 KiB per request), through
 * the sqlite implementation of inbox_store (and the PostgreSQL one).
 * Floor: sqlite3 (or libpq) SELECT of the same columns of the same rows,
 * newest first, and crypto_box_seal_open of each into a buffer.
 * 7 runs each, alternating; medians. Prints one line per implementation:
 *   sqlite|pg lantern_ms floor_ms page_bytes n */
#include <libpq-fe.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "central/central.h"
#include "core/request.h"
#include "core/util.h"
#include "inbox/inbox_pages.h"
#include "inbox/inbox_store.h"
#include "store/store.h"
#include "store/store_outbox.h"

enum { RUNS = 7 };

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v)
{
    qsort(v, RUNS, sizeof v[0], cmp_double);
    return v[RUNS / 2];
}

static int open_all_sqlite(const char *db, const store_private_key *key)
{
    sqlite3 *raw = NULL;
    sqlite3_stmt *st = NULL;
    sqlite3_open_v2(db, &raw, SQLITE_OPEN_READONLY, NULL);
    sqlite3_prepare_v2(raw,
                       "SELECT id, created_at, format, sealed FROM requests WHERE status != 'handled'"
                       " ORDER BY created_at DESC, id DESC",
                       -1, &st, NULL);
    unsigned char plain[2048];
    int opened = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const unsigned char *sealed = sqlite3_column_blob(st, 3);
        int len = sqlite3_column_bytes(st, 3);
        if (len > (int)crypto_box_SEALBYTES && len - (int)crypto_box_SEALBYTES <= (int)sizeof plain &&
            crypto_box_seal_open(plain, sealed, (unsigned long long)len, key->pk, key->sk) == 0)
            opened++;
    }
    sqlite3_finalize(st);
    sqlite3_close(raw);
    sodium_memzero(plain, sizeof plain);
    return opened;
}

static int open_all_pg(PGconn *pg, const store_private_key *key)
{
    PGresult *r = PQexecParams(pg,
                               "SELECT id, record_id, created_at, format, sealed FROM requests WHERE status = 'new'"
                               " ORDER BY created_at DESC, id DESC",
                               0, NULL, NULL, NULL, NULL, 1);
    unsigned char plain[2048];
    int opened = 0;
    for (int i = 0; i < PQntuples(r); i++) {
        const unsigned char *sealed = (const unsigned char *)PQgetvalue(r, i, 4);
        int len = PQgetlength(r, i, 4);
        if (len > (int)crypto_box_SEALBYTES && len - (int)crypto_box_SEALBYTES <= (int)sizeof plain &&
            crypto_box_seal_open(plain, sealed, (unsigned long long)len, key->pk, key->sk) == 0)
            opened++;
    }
    PQclear(r);
    sodium_memzero(plain, sizeof plain);
    return opened;
}

typedef struct {
    central_record *recs;
    unsigned char *bytes;
    size_t used;
    int n;
} copy_ctx;

static bool copy_one(void *ctx, const store_sealed *r)
{
    copy_ctx *c = ctx;
    memcpy(c->bytes + c->used, r->sealed, r->sealed_len);
    c->recs[c->n++] = (central_record){r->id, r->created_at, r->format, c->bytes + c->used, r->sealed_len};
    c->used += r->sealed_len;
    return true;
}

static int bench(const char *label, inbox_store *s, const store_private_key *key, int n, const char *db,
                 PGconn *pg)
{
    double lantern[RUNS], floor_ms[RUNS];
    size_t page_bytes = 0;
    page_ctx p = {"0000000000000000000000000000000000000000000000000000000000000000", "bench", NULL,
                  (int64_t)time(NULL)};
    for (int run = 0; run < RUNS; run++) {
        sbuf b = {0};
        int shown = 0;
        char err[400];
        double t0 = now_ms();
        bool ok = page_requests(&b, &p, s, key, false, &shown, err, sizeof err);
        lantern[run] = now_ms() - t0;
        page_bytes = b.len;
        sbuf_free(&b);
        if (!ok || shown != n) {
            fprintf(stderr, "bench_inbox: %s: shown %d of %d: %s\n", label, shown, n, ok ? "" : err);
            return 1;
        }
        t0 = now_ms();
        int opened = pg ? open_all_pg(pg, key) : open_all_sqlite(db, key);
        floor_ms[run] = now_ms() - t0;
        if (opened != n) {
            fprintf(stderr, "bench_inbox: %s floor opened %d of %d\n", label, opened, n);
            return 1;
        }
    }
    printf("%s %.1f %.1f %zu %d\n", label, median(lantern), median(floor_ms), page_bytes, n);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs("usage: bench_inbox DIR [N] [CONNINFO]\n", stderr);
        return 2;
    }
    const char *dir = argv[1], *conninfo = argc > 3 ? argv[3] : NULL;
    int n = argc > 2 ? atoi(argv[2]) : 10000;
    char err[1400], keys[600], pub[700], priv[700], db[700], inbox_db[700];
    str_format(keys, sizeof keys, "%s/keys", dir);
    str_format(pub, sizeof pub, "%s/%s", keys, STORE_PUBLIC_KEY_NAME);
    str_format(priv, sizeof priv, "%s/%s", keys, STORE_PRIVATE_KEY_NAME);
    str_format(db, sizeof db, "%s/requests.db", dir);
    str_format(inbox_db, sizeof inbox_db, "%s/inbox.db", dir);
    store_public_key pk;
    store_private_key sk;
    if (sodium_init() < 0 || !store_keygen(keys, false, err, sizeof err) ||
        !store_load_public_key(pub, &pk, err, sizeof err) || !store_load_private_key(priv, &sk, err, sizeof err)) {
        fprintf(stderr, "bench_inbox: %s\n", err);
        return 1;
    }
    store_status st;
    store *s = store_open(db, &st, err, sizeof err);
    if (!s)
        return 1;
    /* Setup only: one transaction per request would take minutes of fsyncs. */
    store_set_relaxed_sync(s);
    int64_t t0 = (int64_t)time(NULL) - 30 * 86400;
    for (int i = 0; i < n; i++) {
        contact_request r = {0};
        str_format(r.name, sizeof r.name, "Family member %d", i);
        str_copy(r.phone, sizeof r.phone, "2135550100");
        str_copy(r.email, sizeof r.email, "family.member@example.org");
        str_copy(r.best_time, sizeof r.best_time, "evening");
        str_copy(r.language, sizeof r.language, "es");
        str_copy(r.voicemail_ok, sizeof r.voicemail_ok, "no");
        str_copy(r.topic, sizeof r.topic, "loved-one");
        str_copy(r.consent_version, sizeof r.consent_version, "2026-11-01");
        char payload[REQUEST_ENCODED_MAX];
        size_t len = request_encode(&r, payload, sizeof payload);
        if (store_submit(s, &pk, payload, len, t0 + i * 60, NULL) != STORE_OK)
            return 1;
    }
    copy_ctx cp = {calloc((size_t)n, sizeof(central_record)), malloc((size_t)n * 1024), 0, 0};
    store_outbox_each(s, n, copy_one, &cp);
    store_close(s);
    inbox_store *is = inbox_store_open_sqlite(inbox_db, db, "lobby", err, sizeof err);
    if (!is || bench("sqlite", is, &sk, n, db, NULL) != 0)
        return 1;
    inbox_store_close(is);
    if (conninfo) {
        central *c = central_connect(conninfo, NULL, "bench", err, sizeof err);
        int from;
        if (!c || !central_init_schema(c, &from, err, sizeof err)) {
            fprintf(stderr, "bench_inbox: %s\n", err);
            return 1;
        }
        for (int done = 0; done < n; done += CENTRAL_BATCH_MAX) {
            int batch = n - done < CENTRAL_BATCH_MAX ? n - done : CENTRAL_BATCH_MAX, added;
            if (!central_push(c, "lobby-1", "outbox", cp.recs + done, (size_t)batch, &added, err, sizeof err)) {
                fprintf(stderr, "bench_inbox: %s\n", err);
                return 1;
            }
        }
        central_close(c);
        char pg_inbox_db[700];
        str_format(pg_inbox_db, sizeof pg_inbox_db, "%s/inbox-pg.db", dir);
        is = inbox_store_open_pg(pg_inbox_db, conninfo, NULL, err, sizeof err);
        PGconn *pg = PQconnectdb(conninfo);
        if (!is || PQstatus(pg) != CONNECTION_OK || bench("pg", is, &sk, n, NULL, pg) != 0)
            return 1;
        PQfinish(pg);
        inbox_store_close(is);
    }
    store_wipe(&sk, sizeof sk);
    return 0;
}
