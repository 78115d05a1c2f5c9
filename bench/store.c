/* Contact request storage benchmark: the time from Submit to the request
 * being durable, against the floor, a bare SQLite insert of a row of the same
 * size with the same pragmas.
 *
 *   store DIR [N]
 *
 * Lantern: request_encode() + store_submit() (crypto_box_seal, then BEGIN
 * IMMEDIATE; INSERT; COMMIT with prepared statements, WAL, synchronous=FULL)
 * + store_wipe() of the payload, on DIR/requests.db.
 * Floor: BEGIN IMMEDIATE; INSERT of a random blob as long as Lantern's sealed
 * one into the same table; COMMIT, prepared statements, the same pragmas, on
 * DIR/floor.db. (The floor talks to SQLite directly on purpose: it is the
 * least any program could do.)
 *
 * After 10 warm-up submissions each, N submissions each (default 301),
 * alternating which goes first. Prints one line:
 *   lantern_median_ms floor_median_ms lantern_p90_ms floor_p90_ms seal_median_ms payload_bytes n
 *
 * Build: see bench/store.sh. */
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/request.h"
#include "core/util.h"
#include "store/store.h"

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

/* Nearest-rank percentile of a sorted array. */
static double pct(const double *sorted, int n, double p)
{
    int rank = (int)(p / 100.0 * n + 0.999999);
    if (rank < 1)
        rank = 1;
    if (rank > n)
        rank = n;
    return sorted[rank - 1];
}

typedef struct {
    sqlite3 *db;
    sqlite3_stmt *begin, *insert, *commit;
} floor_db;

static int floor_open(floor_db *f, const char *path)
{
    if (sqlite3_open(path, &f->db) != SQLITE_OK)
        return -1;
    sqlite3_busy_timeout(f->db, 5000);
    const char *setup = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
                        "CREATE TABLE IF NOT EXISTS requests("
                        " id INTEGER PRIMARY KEY, created_at INTEGER NOT NULL, format INTEGER NOT NULL,"
                        " status TEXT NOT NULL CHECK(status IN ('new','exported','handled')),"
                        " status_at INTEGER NOT NULL, sealed BLOB NOT NULL);";
    if (sqlite3_exec(f->db, setup, NULL, NULL, NULL) != SQLITE_OK)
        return -1;
    if (sqlite3_prepare_v2(f->db, "BEGIN IMMEDIATE", -1, &f->begin, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(f->db,
                           "INSERT INTO requests(created_at, format, status, status_at, sealed)"
                           " VALUES(?1, ?2, 'new', ?1, ?3)",
                           -1, &f->insert, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(f->db, "COMMIT", -1, &f->commit, NULL) != SQLITE_OK)
        return -1;
    return 0;
}

static int floor_insert(floor_db *f, const unsigned char *blob, int len, sqlite3_int64 now)
{
    int rc = sqlite3_step(f->begin);
    sqlite3_reset(f->begin);
    if (rc != SQLITE_DONE)
        return -1;
    sqlite3_bind_int64(f->insert, 1, now);
    sqlite3_bind_int(f->insert, 2, 1);
    sqlite3_bind_blob(f->insert, 3, blob, len, SQLITE_STATIC);
    rc = sqlite3_step(f->insert);
    sqlite3_reset(f->insert);
    if (rc != SQLITE_DONE)
        return -1;
    rc = sqlite3_step(f->commit);
    sqlite3_reset(f->commit);
    return rc == SQLITE_DONE ? 0 : -1;
}

static void floor_close(floor_db *f)
{
    sqlite3_finalize(f->begin);
    sqlite3_finalize(f->insert);
    sqlite3_finalize(f->commit);
    sqlite3_close(f->db);
}

static contact_request typical(void)
{
    contact_request r = {0};
    str_copy(r.name, sizeof r.name, "María José");
    str_copy(r.phone, sizeof r.phone, "3234021622");
    str_copy(r.email, sizeof r.email, "maria.jose.hernandez@example.org");
    str_copy(r.best_time, sizeof r.best_time, "afternoon");
    str_copy(r.language, sizeof r.language, "es");
    str_copy(r.voicemail_ok, sizeof r.voicemail_ok, "no");
    str_copy(r.topic, sizeof r.topic, "family-programs");
    str_copy(r.consent_version, sizeof r.consent_version, "2026-11-01");
    return r;
}

/* One Lantern submission as the kiosk does it after Submit. */
static int lantern_submit(store *s, const store_public_key *pk, const contact_request *r, int64_t now)
{
    char payload[REQUEST_ENCODED_MAX];
    size_t len = request_encode(r, payload, sizeof payload);
    store_status st = len ? store_submit(s, pk, payload, len, now, NULL) : STORE_IO;
    store_wipe(payload, sizeof payload);
    return st == STORE_OK ? 0 : -1;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs("usage: store DIR [N]\n", stderr);
        return 2;
    }
    const char *dir = argv[1];
    int n = argc > 2 ? atoi(argv[2]) : 301;
    if (n < 1 || n > 100000 || sodium_init() < 0)
        return 2;
    char err[1400], keys[1024], pub[1100], db[1100], floor_path[1100];
    str_format(keys, sizeof keys, "%s/keys", dir);
    str_format(pub, sizeof pub, "%s/%s", keys, STORE_PUBLIC_KEY_NAME);
    str_format(db, sizeof db, "%s/%s", dir, STORE_DB_NAME);
    str_format(floor_path, sizeof floor_path, "%s/floor.db", dir);
    store_public_key pk;
    if (!store_keygen(keys, false, err, sizeof err) || !store_load_public_key(pub, &pk, err, sizeof err)) {
        fprintf(stderr, "store bench: %s\n", err);
        return 1;
    }
    store_status st;
    store *s = store_open(db, &st, err, sizeof err);
    floor_db f = {0};
    if (!s || floor_open(&f, floor_path) != 0) {
        fprintf(stderr, "store bench: cannot open the databases: %s\n", s ? sqlite3_errmsg(f.db) : err);
        return 1;
    }
    contact_request r = typical();
    char payload[REQUEST_ENCODED_MAX];
    size_t payload_len = request_encode(&r, payload, sizeof payload);
    int blob_len = (int)(payload_len + crypto_box_SEALBYTES);
    unsigned char *blob = malloc((size_t)blob_len);
    double *lt = malloc(sizeof(double) * (size_t)n), *ft = malloc(sizeof(double) * (size_t)n);
    double *seal = malloc(sizeof(double) * (size_t)n);
    if (!blob || !lt || !ft || !seal)
        return 1;
    randombytes_buf(blob, (size_t)blob_len);
    int64_t t = (int64_t)time(NULL);
    for (int i = 0; i < 10; i++) {
        if (lantern_submit(s, &pk, &r, t) != 0 || floor_insert(&f, blob, blob_len, t) != 0) {
            fputs("store bench: warm-up failed\n", stderr);
            return 1;
        }
    }
    for (int i = 0; i < n; i++) {
        for (int k = 0; k < 2; k++) {
            bool lantern_turn = (i + k) % 2 == 0;
            double t0 = now_ms();
            int rc = lantern_turn ? lantern_submit(s, &pk, &r, t) : floor_insert(&f, blob, blob_len, t);
            double dt = now_ms() - t0;
            if (rc != 0) {
                fputs("store bench: a submission failed\n", stderr);
                return 1;
            }
            (lantern_turn ? lt : ft)[i] = dt;
        }
        /* The cost of sealing alone (a diagnostic: part of Lantern's time). */
        unsigned char sealed[REQUEST_ENCODED_MAX + crypto_box_SEALBYTES];
        double t0 = now_ms();
        crypto_box_seal(sealed, (const unsigned char *)payload, payload_len, pk.pk);
        seal[i] = now_ms() - t0;
    }
    qsort(lt, (size_t)n, sizeof *lt, cmp_double);
    qsort(ft, (size_t)n, sizeof *ft, cmp_double);
    qsort(seal, (size_t)n, sizeof *seal, cmp_double);
    printf("%.4f %.4f %.4f %.4f %.4f %zu %d\n", pct(lt, n, 50), pct(ft, n, 50), pct(lt, n, 90), pct(ft, n, 90),
           pct(seal, n, 50), payload_len, n);
    store_wipe(payload, sizeof payload);
    store_close(s);
    floor_close(&f);
    free(blob);
    free(lt);
    free(ft);
    free(seal);
    return 0;
}
