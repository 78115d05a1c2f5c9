/* Outbox push throughput against a local PostgreSQL, against the floor: a
 * bare multi-row INSERT of the same sealed bytes in batches of the same size
 * into an identical table (and, as a diagnostic, one COPY of them all).
 *
 *   bench_outbox CONNINFO DIR [N] [BATCH]
 *
 * Setup: N requests (default 5000) submitted to DIR/requests.db as the
 * kiosk does; the central schema (central_init_schema).
 * Lantern: outbox_run(once) on a copy of that database: read a batch of
 * waiting records, push it in one transaction (ON CONFLICT DO NOTHING),
 * mark it delivered after COMMIT, until none is waiting: the outbox's own
 * loop, in process (no process start-up in the figure).
 * Floor: the same sealed bytes, BEGIN; INSERT ... VALUES (...), (...) ...;
 * COMMIT per batch through libpq, into an identical table, no local reads,
 * no marks. Each run on emptied tables; 5 runs each, alternating; medians.
 * Prints: lantern_ms floor_ms copy_ms n batch bytes */
#include <libpq-fe.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "central/central.h"
#include "core/request.h"
#include "core/util.h"
#include "outbox/outbox.h"
#include "store/store.h"
#include "store/store_outbox.h"

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

typedef struct {
    int64_t *ids, *created;
    unsigned char **sealed;
    size_t *len;
    int n, cap;
    size_t bytes;
} records;

static bool grab(void *ctx, const store_sealed *r)
{
    records *c = ctx;
    c->ids[c->n] = r->id;
    c->created[c->n] = r->created_at;
    c->sealed[c->n] = malloc(r->sealed_len);
    memcpy(c->sealed[c->n], r->sealed, r->sealed_len);
    c->len[c->n] = r->sealed_len;
    c->bytes += r->sealed_len;
    c->n++;
    return c->n < c->cap;
}

static void exec_or_die(PGconn *pg, const char *sql)
{
    PGresult *r = PQexec(pg, sql);
    if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK) {
        fprintf(stderr, "bench_outbox: %s: %s", sql, PQerrorMessage(pg));
        exit(1);
    }
    PQclear(r);
}

/* The floor: multi-row INSERTs of the same bytes, batch rows per transaction. */
static double floor_insert(PGconn *pg, const records *rec, int batch)
{
    exec_or_die(pg, "TRUNCATE floor_requests");
    double t0 = now_ms();
    for (int first = 0; first < rec->n; first += batch) {
        int n = rec->n - first < batch ? rec->n - first : batch;
        char *sql = malloc((size_t)n * 80 + 200);
        const char **values = calloc((size_t)n * 4 + 1, sizeof *values);
        int *lengths = calloc((size_t)n * 4 + 1, sizeof *lengths), *formats = calloc((size_t)n * 4 + 1, sizeof *formats);
        char (*num)[2][24] = calloc((size_t)n, sizeof *num);
        size_t used = (size_t)snprintf(sql, 200, "INSERT INTO floor_requests(kiosk, record_id, format, sealed, created_at) VALUES ");
        values[0] = "bench";
        for (int i = 0; i < n; i++) {
            int p = 1 + 3 * i;
            used += (size_t)snprintf(sql + used, 80, "%s($1, $%d, 1, $%d, to_timestamp($%d::bigint))", i ? "," : "", p + 1, p + 2, p + 3);
            snprintf(num[i][0], 24, "%lld", (long long)rec->ids[first + i]);
            snprintf(num[i][1], 24, "%lld", (long long)rec->created[first + i]);
            values[p] = num[i][0];
            values[p + 1] = (const char *)rec->sealed[first + i];
            lengths[p + 1] = (int)rec->len[first + i];
            formats[p + 1] = 1;
            values[p + 2] = num[i][1];
        }
        exec_or_die(pg, "BEGIN");
        PGresult *r = PQexecParams(pg, sql, 1 + 3 * n, NULL, values, lengths, formats, 0);
        if (PQresultStatus(r) != PGRES_COMMAND_OK) {
            fprintf(stderr, "bench_outbox: floor insert: %s", PQerrorMessage(pg));
            exit(1);
        }
        PQclear(r);
        exec_or_die(pg, "COMMIT");
        free(sql);
        free(values);
        free(lengths);
        free(formats);
        free(num);
    }
    return now_ms() - t0;
}

/* Diagnostic: one COPY of every row (text format, bytea as hex). */
static double floor_copy(PGconn *pg, const records *rec)
{
    exec_or_die(pg, "TRUNCATE floor_requests");
    double t0 = now_ms();
    exec_or_die(pg, "BEGIN");
    PGresult *r = PQexec(pg, "COPY floor_requests(kiosk, record_id, format, sealed, created_at) FROM STDIN");
    if (PQresultStatus(r) != PGRES_COPY_IN) {
        fprintf(stderr, "bench_outbox: COPY: %s", PQerrorMessage(pg));
        exit(1);
    }
    PQclear(r);
    char *line = malloc(1 << 16);
    for (int i = 0; i < rec->n; i++) {
        size_t used = (size_t)snprintf(line, 64, "bench\t%lld\t1\t\\\\x", (long long)rec->ids[i]);
        for (size_t k = 0; k < rec->len[i]; k++)
            used += (size_t)snprintf(line + used, 3, "%02x", rec->sealed[i][k]);
        time_t t = (time_t)rec->created[i];
        struct tm tm;
        gmtime_r(&t, &tm);
        used += strftime(line + used, 40, "\t%Y-%m-%d %H:%M:%S+00\n", &tm);
        PQputCopyData(pg, line, (int)used);
    }
    PQputCopyEnd(pg, NULL);
    r = PQgetResult(pg);
    PQclear(r);
    exec_or_die(pg, "COMMIT");
    free(line);
    return now_ms() - t0;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fputs("usage: bench_outbox CONNINFO DIR [N] [BATCH]\n", stderr);
        return 2;
    }
    const char *conninfo = argv[1], *dir = argv[2];
    int n = argc > 3 ? atoi(argv[3]) : 5000, batch = argc > 4 ? atoi(argv[4]) : 100;
    char err[1400], keys[600], pub[700], db[700], copy[800];
    str_format(keys, sizeof keys, "%s/keys", dir);
    str_format(pub, sizeof pub, "%s/%s", keys, STORE_PUBLIC_KEY_NAME);
    str_format(db, sizeof db, "%s/source.db", dir);
    if (!store_keygen(keys, false, err, sizeof err)) {
        fprintf(stderr, "bench_outbox: %s\n", err);
        return 1;
    }
    store_public_key pk;
    store_load_public_key(pub, &pk, err, sizeof err);
    store_status st;
    store *s = store_open(db, &st, err, sizeof err);
    if (!s) {
        fprintf(stderr, "bench_outbox: %s\n", err);
        return 1;
    }
    /* Submissions as the kiosk makes them; synchronous=FULL makes this the slow part of the set-up. */
    for (int i = 0; i < n; i++) {
        contact_request r = {0};
        str_format(r.name, sizeof r.name, "Bench %d", i);
        str_copy(r.phone, sizeof r.phone, "2135550100");
        str_copy(r.email, sizeof r.email, "family.member@example.org");
        str_copy(r.best_time, sizeof r.best_time, "evening");
        str_copy(r.language, sizeof r.language, "en");
        str_copy(r.voicemail_ok, sizeof r.voicemail_ok, "yes");
        str_copy(r.topic, sizeof r.topic, "loved-one");
        str_copy(r.consent_version, sizeof r.consent_version, "2026-11-01");
        char payload[REQUEST_ENCODED_MAX];
        size_t len = request_encode(&r, payload, sizeof payload);
        if (store_submit(s, &pk, payload, len, 1795000000 + i, NULL) != STORE_OK)
            return 1;
    }
    records rec = {calloc((size_t)n, 8), calloc((size_t)n, 8), calloc((size_t)n, sizeof(unsigned char *)),
                   calloc((size_t)n, sizeof(size_t)), 0, n, 0};
    store_outbox_each(s, n, grab, &rec);
    store_close(s);
    central *c = central_connect(conninfo, NULL, "bench", err, sizeof err);
    int from;
    if (!c || !central_init_schema(c, &from, err, sizeof err)) {
        fprintf(stderr, "bench_outbox: %s\n", err);
        return 1;
    }
    central_close(c);
    PGconn *pg = PQconnectdb(conninfo);
    exec_or_die(pg, "CREATE TABLE IF NOT EXISTS floor_requests (LIKE requests INCLUDING ALL)");
    exec_or_die(pg, "ALTER TABLE floor_requests ALTER COLUMN kiosk DROP NOT NULL");
    enum { RUNS = 5 };
    double lantern[RUNS], floor_ms[RUNS], copy_ms[RUNS];
    outbox_config cfg = {0};
    str_copy(cfg.db, sizeof cfg.db, copy);
    str_copy(cfg.kiosk_id, sizeof cfg.kiosk_id, "bench-kiosk");
    str_copy(cfg.pg, sizeof cfg.pg, conninfo);
    cfg.batch = batch;
    cfg.poll_seconds = 1;
    cfg.retention_days = 7;
    cfg.backoff_max_seconds = 1;
    volatile sig_atomic_t stop = 0;
    for (int run = 0; run < RUNS; run++) {
        /* A fresh copy of the kiosk database each run: every record waiting again. */
        str_format(copy, sizeof copy, "%s/kiosk-%d.db", dir, run);
        str_copy(cfg.db, sizeof cfg.db, copy);
        char cmd[2000];
        str_format(cmd, sizeof cmd, "cp '%s' '%s'", db, copy);
        if (system(cmd) != 0)
            return 1;
        exec_or_die(pg, "TRUNCATE requests, kiosks");
        double t0 = now_ms();
        int status = outbox_run(&cfg, true, &stop);
        lantern[run] = now_ms() - t0;
        if (status != 0)
            return 1;
        PGresult *r = PQexec(pg, "SELECT count(*) FROM requests");
        int pushed = atoi(PQgetvalue(r, 0, 0));
        PQclear(r);
        if (pushed != n) {
            fprintf(stderr, "bench_outbox: pushed %d of %d\n", pushed, n);
            return 1;
        }
        floor_ms[run] = floor_insert(pg, &rec, batch);
        copy_ms[run] = floor_copy(pg, &rec);
    }
    PQfinish(pg);
    qsort(lantern, RUNS, sizeof lantern[0], cmp_double);
    qsort(floor_ms, RUNS, sizeof floor_ms[0], cmp_double);
    qsort(copy_ms, RUNS, sizeof copy_ms[0], cmp_double);
    printf("%.1f %.1f %.1f %d %d %zu\n", lantern[RUNS / 2], floor_ms[RUNS / 2], copy_ms[RUNS / 2], n, batch, rec.bytes);
    return 0;
}
