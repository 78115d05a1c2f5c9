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

static const char schema_sql[] =
    "CREATE TABLE IF NOT EXISTS requests("
    " id INTEGER PRIMARY KEY AUTOINCREMENT," /* never reused: the outbox's key centrally */
    " created_at INTEGER NOT NULL,"          /* unix seconds */
    " format INTEGER NOT NULL,"
    " status TEXT NOT NULL CHECK(status IN ('new','exported','handled')),"
    " status_at INTEGER NOT NULL,"
    " sealed BLOB NOT NULL);"
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);"
    /* a new database: SCHEMA_VERSION */
    "INSERT OR IGNORE INTO meta(key, value) VALUES('schema_version', '3');";

/* Schema 2: anonymous usage counts. No rowid: nothing records the order in
 * which rows first appeared. */
static const char usage_sql[] = "CREATE TABLE IF NOT EXISTS usage("
                                " day TEXT NOT NULL," /* YYYY-MM-DD, local */
                                " metric TEXT NOT NULL,"
                                " item TEXT NOT NULL DEFAULT '',"
                                " count INTEGER NOT NULL,"
                                " PRIMARY KEY(day, metric, item)) WITHOUT ROWID;";

/* Version 1 -> 2, in the kiosk's schema transaction. */
static const char upgrade_1_sql[] = "UPDATE meta SET value = '2' WHERE key = 'schema_version';";

/* Version 2 -> 3: request ids are never reused (AUTOINCREMENT), because the
 * outbox delivers each as (kiosk id, record id) and the central database
 * ignores a pair it has already seen; a reused id after a purge would be a
 * request silently dropped. SQLite cannot add AUTOINCREMENT in place, so the
 * table is copied (same ids, same bytes) in the schema transaction. */
static const char upgrade_2_sql[] =
    "CREATE TABLE requests_v3("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " created_at INTEGER NOT NULL,"
    " format INTEGER NOT NULL,"
    " status TEXT NOT NULL CHECK(status IN ('new','exported','handled')),"
    " status_at INTEGER NOT NULL,"
    " sealed BLOB NOT NULL);"
    "INSERT INTO requests_v3(id, created_at, format, status, status_at, sealed)"
    " SELECT id, created_at, format, status, status_at, sealed FROM requests;"
    "DROP TABLE requests;"
    "ALTER TABLE requests_v3 RENAME TO requests;"
    "UPDATE meta SET value = '3' WHERE key = 'schema_version';";

/* Schema 3: delivery state, kept beside the requests so that Submit's INSERT
 * is unchanged. A request with no row here is waiting for the outbox (or a
 * USB hand-off); meta 'last_push' is the time of the last successful push. */
static const char delivery_sql[] =
    "CREATE TABLE IF NOT EXISTS delivery("
    " id INTEGER PRIMARY KEY REFERENCES requests(id) ON DELETE CASCADE,"
    " state TEXT NOT NULL CHECK(state IN ('delivered','handed_off')),"
    " at INTEGER NOT NULL);";

const char *store_status_text(store_status status)
{
    switch (status) {
    case STORE_OK:
        return "no error";
    case STORE_FULL:
        return "the disk is full";
    case STORE_READONLY:
        return "the database cannot be written (read-only file or file system)";
    case STORE_BUSY:
        return "the database is locked by another program";
    case STORE_CORRUPT:
        return "the database is damaged, or is not a Lantern request database";
    case STORE_IO:
        break;
    }
    return "a storage error (input/output)";
}

__attribute__((noinline)) void store_burn_stack(void)
{
    unsigned char burn[65536];
    sodium_memzero(burn, sizeof burn);
    /* Keep the compiler from dropping the buffer. */
    __asm__ volatile("" : : "r"(burn) : "memory");
}

void store_wipe(void *p, size_t n)
{
    if (p && n)
        sodium_memzero(p, n);
}

/* ---- SQLite helpers ---- */

store_status store_status_of(sqlite3 *db, int rc)
{
    switch (rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_ROW:
    case SQLITE_DONE:
        return STORE_OK;
    case SQLITE_FULL:
        return STORE_FULL;
    case SQLITE_READONLY:
        return STORE_READONLY;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return STORE_BUSY;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return STORE_CORRUPT;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN: {
        /* The errno behind an I/O error: only meaningful right after one. */
        int sys = db ? sqlite3_system_errno(db) : 0;
        if (sys == EROFS || sys == EACCES || sys == EPERM)
            return STORE_READONLY;
        if (sys == ENOSPC || sys == EDQUOT)
            return STORE_FULL;
        return STORE_IO;
    }
    default:
        return STORE_IO;
    }
}

/* Describes a failure: the path, what was being done, plain words and
 * SQLite's message (never a bound value). With an err buffer the message goes
 * there for the caller to report; without one it is logged here. */
store_status store_fail(sqlite3 *db, const char *path, int rc, const char *what, char *err,
                        size_t err_size)
{
    store_status st = store_status_of(db, rc);
    if (st == STORE_OK)
        st = STORE_IO;
    const char *detail = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    if (err && err_size)
        str_format(err, err_size, "%s: %s: %s (%s)", path, what, store_status_text(st), detail);
    else
        log_msg(LOG_ERROR, "store: %s: %s: %s (%s)", path, what, store_status_text(st), detail);
    return st;
}

/* Prepares and runs each statement of constant SQL (no values in it). */
int store_run_sql(sqlite3 *db, const char *sql)
{
    while (sql && *sql) {
        sqlite3_stmt *st = NULL;
        const char *tail = NULL;
        int rc = sqlite3_prepare_v2(db, sql, -1, &st, &tail);
        if (rc != SQLITE_OK)
            return rc;
        if (!st) /* whitespace or a comment */
            break;
        do
            rc = sqlite3_step(st);
        while (rc == SQLITE_ROW);
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE)
            return rc;
        sql = tail;
    }
    return SQLITE_OK;
}

/* Runs a one-row query of constant SQL and copies the first column as text. */
int store_query_text(sqlite3 *db, const char *sql, char *out, size_t size)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return rc;
    rc = sqlite3_step(st);
    out[0] = '\0';
    if (rc == SQLITE_ROW) {
        const unsigned char *t = sqlite3_column_text(st, 0);
        str_copy(out, size, t ? (const char *)t : "");
        rc = SQLITE_OK;
    } else if (rc == SQLITE_DONE) {
        rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    return rc;
}

static void close_db(store *s)
{
    sqlite3_stmt **stmts[] = {&s->begin,    &s->insert,  &s->commit,
                              &s->rollback, &s->waiting, &s->usage_add};
    for (size_t i = 0; i < sizeof stmts / sizeof stmts[0]; i++) {
        sqlite3_finalize(*stmts[i]);
        *stmts[i] = NULL;
    }
    if (s->db)
        sqlite3_close(s->db);
    s->db = NULL;
}

void store_close(store *s)
{
    if (!s)
        return;
    close_db(s);
    free(s);
}

static int prepare_kept(store *s)
{
    struct {
        sqlite3_stmt **st;
        const char *sql;
    } kept[] = {
        {&s->begin, "BEGIN IMMEDIATE"},
        {&s->insert, "INSERT INTO requests(created_at, format, status, status_at, sealed) "
                     "VALUES(?1, ?2, 'new', ?1, ?3)"},
        {&s->commit, "COMMIT"},
        {&s->rollback, "ROLLBACK"},
        {&s->waiting,
         "SELECT count(*), coalesce(min(created_at), 0) FROM requests WHERE status = 'new'"},
    };
    for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++) {
        int rc =
            sqlite3_prepare_v3(s->db, kept[i].sql, -1, SQLITE_PREPARE_PERSISTENT, kept[i].st, NULL);
        if (rc != SQLITE_OK)
            return rc;
    }
    return SQLITE_OK;
}

/* Checks meta.schema_version: the kiosk needs SCHEMA_VERSION (it has just
 * upgraded); the staff tool also reads older ones. A missing table is not ours. */
static store_status check_schema(store *s, bool kiosk, char *err, size_t err_size)
{
    char version[32];
    int rc = store_query_text(s->db, "SELECT value FROM meta WHERE key = 'schema_version'", version,
                              sizeof version);
    if (rc == SQLITE_ERROR || (rc == SQLITE_OK && version[0] == '\0')) {
        str_format(err, err_size, "%s: not a Lantern request database (no schema_version)",
                   s->path);
        return STORE_CORRUPT;
    }
    if (rc != SQLITE_OK)
        return store_fail(s->db, s->path, rc, "reading the schema version", err, err_size);
    int v = atoi(version);
    if (v > SCHEMA_VERSION || v < (kiosk ? SCHEMA_VERSION : 1)) {
        str_format(
            err, err_size,
            "%s: the database has schema version %s; this Lantern reads version %d: update it",
            s->path, version, SCHEMA_VERSION);
        return STORE_CORRUPT;
    }
    s->version = v;
    return STORE_OK;
}

/* The kiosk's schema transaction: creates what is missing and upgrades an
 * older database; a newer one is left untouched (check_schema refuses it). */
static int create_schema(sqlite3 *db)
{
    int rc = store_run_sql(db, "BEGIN IMMEDIATE");
    if (rc == SQLITE_OK)
        rc = store_run_sql(db, schema_sql);
    char version[32] = "";
    if (rc == SQLITE_OK)
        rc = store_query_text(db, "SELECT value FROM meta WHERE key = 'schema_version'", version,
                              sizeof version);
    int v = atoi(version);
    bool known = v >= 1 && v <= SCHEMA_VERSION;
    if (rc == SQLITE_OK && v == 1) {
        rc = store_run_sql(db, usage_sql);
        if (rc == SQLITE_OK)
            rc = store_run_sql(db, upgrade_1_sql);
        v = 2;
    }
    if (rc == SQLITE_OK && v == 2) {
        rc = store_run_sql(db, upgrade_2_sql);
        v = 3;
    }
    if (rc == SQLITE_OK && v == SCHEMA_VERSION) {
        rc = store_run_sql(db, usage_sql);
        if (rc == SQLITE_OK)
            rc = store_run_sql(db, delivery_sql);
    }
    if (rc == SQLITE_OK)
        rc = store_run_sql(db, known ? "COMMIT" : "ROLLBACK");
    return rc;
}

/* open_name is what SQLite opens (path, or a file: URI for it); path names it in messages. */
static store *open_common(const char *path, const char *open_name, int flags, bool kiosk,
                          store_status *status, char *err, size_t err_size)
{
    store_status st = STORE_IO;
    if (err_size)
        err[0] = '\0';
    store *s = calloc(1, sizeof *s);
    if (!s || sodium_init() < 0) {
        str_format(err, err_size, "%s: out of memory, or libsodium could not start", path);
        free(s);
        *status = STORE_IO;
        return NULL;
    }
    if (!str_copy(s->path, sizeof s->path, path)) {
        str_format(err, err_size, "the database path is too long");
        free(s);
        *status = STORE_IO;
        return NULL;
    }
    int rc = sqlite3_open_v2(open_name, &s->db, flags, NULL);
    if (rc != SQLITE_OK) {
        st = store_fail(s->db, path, rc, "cannot open the request database", err, err_size);
        goto out;
    }
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
    s->busy_ms = BUSY_TIMEOUT_MS;
    if (kiosk && sqlite3_db_readonly(s->db, "main") == 1) {
        /* SQLite fell back to read-only: the file or its file system cannot be written. */
        str_format(err, err_size, "%s: %s", path, store_status_text(STORE_READONLY));
        st = STORE_READONLY;
        goto out;
    }
    if (kiosk) {
        char mode[16];
        rc = store_query_text(s->db, "PRAGMA journal_mode=WAL", mode, sizeof mode);
        if (rc != SQLITE_OK) {
            st = store_fail(s->db, path, rc, "setting WAL mode", err, err_size);
            goto out;
        }
        if (strcmp(mode, "wal") != 0) {
            str_format(err, err_size, "%s: the database cannot use WAL mode here (journal mode %s)",
                       path, mode);
            goto out;
        }
    }
    rc = store_run_sql(s->db, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
    if (rc != SQLITE_OK) {
        st = store_fail(s->db, path, rc, "setting pragmas", err, err_size);
        goto out;
    }
    if (kiosk) {
        rc = create_schema(s->db);
        if (rc != SQLITE_OK) {
            st = store_fail(s->db, path, rc, "creating the tables", err, err_size);
            if (!sqlite3_get_autocommit(s->db))
                store_run_sql(s->db, "ROLLBACK");
            goto out;
        }
    }
    st = check_schema(s, kiosk, err, err_size);
    if (st != STORE_OK)
        goto out;
    rc = prepare_kept(s);
    if (rc != SQLITE_OK) {
        st = store_fail(s->db, path, rc, "preparing statements", err, err_size);
        goto out;
    }
    *status = STORE_OK;
    return s;
out:
    store_close(s);
    *status = st;
    return NULL;
}

store *store_open(const char *path, store_status *status, char *err, size_t err_size)
{
    return open_common(path, path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, true, status, err,
                       err_size);
}

/* "file:" URI for path (percent-encoding all but unreserved characters and
 * "/"), with a query. */
static bool file_uri(const char *path, const char *query, char *out, size_t size)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = 0;
    char prefix[] = "file:";
    if (size < sizeof prefix)
        return false;
    memcpy(out, prefix, sizeof prefix - 1);
    n = sizeof prefix - 1;
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        bool plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                     (*p >= '0' && *p <= '9') || strchr("/-._~", *p) != NULL;
        if (n + 4 >= size)
            return false;
        if (plain) {
            out[n++] = (char)*p;
        } else {
            out[n++] = '%';
            out[n++] = hex[*p >> 4];
            out[n++] = hex[*p & 15];
        }
    }
    out[n] = '\0';
    return str_append(out, size, "?") && str_append(out, size, query);
}

store *store_open_staff(const char *path, bool writable, store_status *status, char *err,
                        size_t err_size)
{
    struct stat sb;
    const char *why = NULL;
    if (stat(path, &sb) != 0)
        why = errno == ENOENT ? "no such file" : strerror(errno);
    else if (!S_ISREG(sb.st_mode))
        why = "not a file";
    if (why) {
        /* Never create a database here: a mistyped path must not look like "no requests". */
        if (err_size)
            err[0] = '\0';
        str_format(err, err_size,
                   "%s: %s (give the kiosk's %s, or a copy of it with its -wal file)", path, why,
                   STORE_DB_NAME);
        *status = STORE_IO;
        return NULL;
    }
    store *s = open_common(path, path, writable ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY,
                           false, status, err, err_size);
    if (s || writable)
        return s;
    /* A copy on read-only media: SQLite cannot create the -shm file a WAL
     * database needs. With no -wal file beside it nothing is pending, and the
     * file cannot change under us, so it is read as immutable. */
    char dir[1024], wal[1100], uri[3200];
    str_copy(dir, sizeof dir, path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *(slash == dir ? slash + 1 : slash) = '\0';
    else
        str_copy(dir, sizeof dir, ".");
    str_format(wal, sizeof wal, "%s-wal", path);
    if (access(dir, W_OK) == 0 || access(wal, F_OK) == 0 ||
        !file_uri(path, "immutable=1", uri, sizeof uri))
        return NULL;
    char err2[256];
    store_status st2;
    s = open_common(path, uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, false, &st2, err2,
                    sizeof err2);
    if (s)
        *status = STORE_OK;
    return s;
}

store_status store_set_max_pages(store *s, int pages)
{
    char sql[64];
    str_format(sql, sizeof sql, "PRAGMA max_page_count=%d", pages > 0 ? pages : 1);
    char out[32];
    int rc = store_query_text(s->db, sql, out, sizeof out);
    return rc == SQLITE_OK ? STORE_OK
                           : store_fail(s->db, s->path, rc, "setting max_page_count", NULL, 0);
}

store_status store_set_relaxed_sync(store *s)
{
    int rc = store_run_sql(s->db, "PRAGMA synchronous=NORMAL");
    return rc == SQLITE_OK ? STORE_OK
                           : store_fail(s->db, s->path, rc, "setting synchronous=NORMAL", NULL, 0);
}

store_status store_set_busy_timeout(store *s, int ms)
{
    int rc = sqlite3_busy_timeout(s->db, ms);
    if (rc == SQLITE_OK)
        s->busy_ms = ms;
    return rc == SQLITE_OK ? STORE_OK
                           : store_fail(s->db, s->path, rc, "setting the busy timeout", NULL, 0);
}

store_status store_check(store *s, char *err, size_t err_size)
{
    char result[256];
    int rc = store_query_text(s->db, "PRAGMA integrity_check", result, sizeof result);
    if (rc != SQLITE_OK)
        return store_fail(s->db, s->path, rc, "checking integrity", err, err_size);
    if (strcmp(result, "ok") != 0) {
        str_format(err, err_size, "%s: integrity check: %s", s->path, result);
        return STORE_CORRUPT;
    }
    return STORE_OK;
}

/* BEGIN IMMEDIATE, then f for the body, then COMMIT, or ROLLBACK on failure. */
store_status store_in_transaction(store *s, const char *what, int (*body)(store *, void *),
                                  void *ctx)
{
    int rc = sqlite3_step(s->begin);
    sqlite3_reset(s->begin);
    if (rc == SQLITE_DONE)
        rc = body(s, ctx);
    if (rc == SQLITE_DONE || rc == SQLITE_OK) {
        rc = sqlite3_step(s->commit);
        sqlite3_reset(s->commit);
    }
    if (rc == SQLITE_DONE)
        return STORE_OK;
    store_status st = store_fail(s->db, s->path, rc, what, NULL, 0);
    if (!sqlite3_get_autocommit(s->db)) {
        sqlite3_step(s->rollback);
        sqlite3_reset(s->rollback);
    }
    return st;
}

/* ---- Submitting (the kiosk) ---- */

/* The INSERT of one sealed request, inside store_in_transaction(). */
typedef struct {
    const unsigned char *sealed;
    size_t sealed_len;
    int format;
    int64_t now_unix, id;
} insert_ctx;

static int insert_body(store *s, void *arg)
{
    insert_ctx *c = arg;
    sqlite3_bind_int64(s->insert, 1, c->now_unix);
    sqlite3_bind_int(s->insert, 2, c->format);
    sqlite3_bind_blob(s->insert, 3, c->sealed, (int)c->sealed_len, SQLITE_STATIC);
    int rc = sqlite3_step(s->insert);
    sqlite3_reset(s->insert);
    sqlite3_clear_bindings(s->insert);
    c->id = sqlite3_last_insert_rowid(s->db);
    return rc;
}

store_status store_submit(store *s, const store_public_key *key, const char *payload, size_t len,
                          int64_t now_unix, int64_t *id_out)
{
    return store_submit_format(s, key, REQUEST_FORMAT, payload, len, now_unix, id_out);
}

store_status store_submit_format(store *s, const store_public_key *key, int format,
                                 const char *payload, size_t len, int64_t now_unix, int64_t *id_out)
{
    if (id_out)
        *id_out = 0;
    if (!s || !key || !payload || len == 0 || len > PAYLOAD_MAX) {
        log_msg(LOG_ERROR,
                "store: %s: refusing to save a request: no store, no key, or an empty or oversized "
                "payload",
                s ? s->path : "(no store)");
        return STORE_IO;
    }
    /* Every payload is padded with NULs to the same size before sealing, so a
     * record's length gives away nothing of the name or address in it (text
     * payloads hold no NUL; opening strips the padding). */
    size_t padded_len = len < STORE_PADDED_PAYLOAD ? STORE_PADDED_PAYLOAD : len;
    unsigned char *padded = sodium_malloc(padded_len);
    size_t sealed_len = padded_len + crypto_box_SEALBYTES;
    unsigned char *sealed = malloc(sealed_len);
    if (!sealed || !padded) {
        log_msg(LOG_ERROR, "store: %s: out of memory sealing a request", s->path);
        free(sealed);
        if (padded)
            sodium_free(padded);
        return STORE_IO;
    }
    memcpy(padded, payload, len);
    memset(padded + len, 0, padded_len - len);
    int sealed_rc = crypto_box_seal(sealed, padded, padded_len, key->pk);
    sodium_free(padded); /* wiped on free */
    if (sealed_rc != 0) {
        log_msg(LOG_ERROR, "store: %s: sealing a request failed: the public key is not usable",
                s->path);
        free(sealed);
        return STORE_IO;
    }
    insert_ctx ctx = {sealed, sealed_len, format, now_unix, 0};
    store_status st = store_in_transaction(s, "saving a request", insert_body, &ctx);
    free(sealed);
    if (st == STORE_OK && id_out)
        *id_out = ctx.id;
    return st;
}

store_status store_waiting(store *s, int *count_new, int64_t *oldest_new_unix)
{
    *count_new = 0;
    *oldest_new_unix = 0;
    int rc = sqlite3_step(s->waiting);
    if (rc == SQLITE_ROW) {
        *count_new = sqlite3_column_int(s->waiting, 0);
        *oldest_new_unix = sqlite3_column_int64(s->waiting, 1);
    }
    sqlite3_reset(s->waiting);
    return rc == SQLITE_ROW ? STORE_OK
                            : store_fail(s->db, s->path, rc, "counting waiting requests", NULL, 0);
}

int store_checkpoint_yielding(store *s, bool *checkpointed)
{
    if (checkpointed)
        *checkpointed = false;
    /* PASSIVE copies what it can and never waits, never blocks a writer. */
    int rc = store_run_sql(s->db, "PRAGMA wal_checkpoint(PASSIVE)");
    if (rc != SQLITE_OK)
        return rc;
    /* TRUNCATE takes the writer lock while it waits for readers: tried once,
     * with no waiting, so that a visitor's Submit never waits behind it. What
     * it could not do now, the next run does. */
    sqlite3_busy_timeout(s->db, 0);
    sqlite3_stmt *cp = NULL;
    rc = sqlite3_prepare_v2(s->db, "PRAGMA wal_checkpoint(TRUNCATE)", -1, &cp, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(cp);
        if (rc == SQLITE_ROW) {
            if (checkpointed)
                *checkpointed = sqlite3_column_int(cp, 0) == 0;
            rc = SQLITE_OK;
        } else if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
            rc = SQLITE_OK; /* busy now: left for the next run */
        }
    }
    sqlite3_finalize(cp);
    sqlite3_busy_timeout(s->db, s->busy_ms);
    return rc;
}
