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

enum {
    SCHEMA_VERSION = 2, /* 1: requests and meta; 2: + usage */
    BUSY_TIMEOUT_MS = 5000,
    PAYLOAD_MAX = 64 * 1024, /* far above REQUEST_ENCODED_MAX */
    KEY_FILE_MAX = 4096,
};

struct store {
    sqlite3 *db;
    char path[1024];
    int version; /* the database's schema version (staff: 1 or 2; kiosk: always 2) */
    sqlite3_stmt *begin, *insert, *commit, *rollback, *waiting;
    sqlite3_stmt *usage_add; /* prepared on first use */
};

static const char schema_sql[] =
    "CREATE TABLE IF NOT EXISTS requests("
    " id INTEGER PRIMARY KEY,"
    " created_at INTEGER NOT NULL," /* unix seconds */
    " format INTEGER NOT NULL,"
    " status TEXT NOT NULL CHECK(status IN ('new','exported','handled')),"
    " status_at INTEGER NOT NULL,"
    " sealed BLOB NOT NULL);"
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);"
    "INSERT OR IGNORE INTO meta(key, value) VALUES('schema_version', '2');"; /* a new database: SCHEMA_VERSION */

/* Schema 2: anonymous usage counts. No rowid: nothing records the order in
 * which rows first appeared. */
static const char usage_sql[] =
    "CREATE TABLE IF NOT EXISTS usage("
    " day TEXT NOT NULL," /* YYYY-MM-DD, local */
    " metric TEXT NOT NULL,"
    " item TEXT NOT NULL DEFAULT '',"
    " count INTEGER NOT NULL,"
    " PRIMARY KEY(day, metric, item)) WITHOUT ROWID;";

/* Version 1 -> 2, in the kiosk's schema transaction. */
static const char upgrade_1_sql[] = "UPDATE meta SET value = '2' WHERE key = 'schema_version';";

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

void store_wipe(void *p, size_t n)
{
    if (p && n)
        sodium_memzero(p, n);
}

/* ---- SQLite helpers ---- */

static store_status status_of(sqlite3 *db, int rc)
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
static store_status fail(sqlite3 *db, const char *path, int rc, const char *what, char *err, size_t err_size)
{
    store_status st = status_of(db, rc);
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
static int run_sql(sqlite3 *db, const char *sql)
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
static int query_text(sqlite3 *db, const char *sql, char *out, size_t size)
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
    sqlite3_stmt **stmts[] = {&s->begin, &s->insert, &s->commit, &s->rollback, &s->waiting, &s->usage_add};
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
        {&s->insert, "INSERT INTO requests(created_at, format, status, status_at, sealed) VALUES(?1, ?2, 'new', ?1, ?3)"},
        {&s->commit, "COMMIT"},
        {&s->rollback, "ROLLBACK"},
        {&s->waiting, "SELECT count(*), coalesce(min(created_at), 0) FROM requests WHERE status = 'new'"},
    };
    for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++) {
        int rc = sqlite3_prepare_v3(s->db, kept[i].sql, -1, SQLITE_PREPARE_PERSISTENT, kept[i].st, NULL);
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
    int rc = query_text(s->db, "SELECT value FROM meta WHERE key = 'schema_version'", version, sizeof version);
    if (rc == SQLITE_ERROR || (rc == SQLITE_OK && version[0] == '\0')) {
        str_format(err, err_size, "%s: not a Lantern request database (no schema_version)", s->path);
        return STORE_CORRUPT;
    }
    if (rc != SQLITE_OK)
        return fail(s->db, s->path, rc, "reading the schema version", err, err_size);
    int v = atoi(version);
    if (v > SCHEMA_VERSION || v < (kiosk ? SCHEMA_VERSION : 1)) {
        str_format(err, err_size, "%s: the database has schema version %s; this Lantern reads version %d: update it",
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
    int rc = run_sql(db, "BEGIN IMMEDIATE");
    if (rc == SQLITE_OK)
        rc = run_sql(db, schema_sql);
    char version[32] = "";
    if (rc == SQLITE_OK)
        rc = query_text(db, "SELECT value FROM meta WHERE key = 'schema_version'", version, sizeof version);
    int v = atoi(version);
    if (rc == SQLITE_OK && (v == 1 || v == SCHEMA_VERSION))
        rc = run_sql(db, usage_sql);
    if (rc == SQLITE_OK && v == 1)
        rc = run_sql(db, upgrade_1_sql);
    if (rc == SQLITE_OK)
        rc = run_sql(db, v >= 1 && v <= SCHEMA_VERSION ? "COMMIT" : "ROLLBACK");
    return rc;
}

/* open_name is what SQLite opens (path, or a file: URI for it); path names it in messages. */
static store *open_common(const char *path, const char *open_name, int flags, bool kiosk, store_status *status,
                          char *err, size_t err_size)
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
        st = fail(s->db, path, rc, "cannot open the request database", err, err_size);
        goto out;
    }
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
    if (kiosk && sqlite3_db_readonly(s->db, "main") == 1) {
        /* SQLite fell back to read-only: the file or its file system cannot be written. */
        str_format(err, err_size, "%s: %s", path, store_status_text(STORE_READONLY));
        st = STORE_READONLY;
        goto out;
    }
    if (kiosk) {
        char mode[16];
        rc = query_text(s->db, "PRAGMA journal_mode=WAL", mode, sizeof mode);
        if (rc != SQLITE_OK) {
            st = fail(s->db, path, rc, "setting WAL mode", err, err_size);
            goto out;
        }
        if (strcmp(mode, "wal") != 0) {
            str_format(err, err_size, "%s: the database cannot use WAL mode here (journal mode %s)", path, mode);
            goto out;
        }
    }
    rc = run_sql(s->db, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
    if (rc != SQLITE_OK) {
        st = fail(s->db, path, rc, "setting pragmas", err, err_size);
        goto out;
    }
    if (kiosk) {
        rc = create_schema(s->db);
        if (rc != SQLITE_OK) {
            st = fail(s->db, path, rc, "creating the tables", err, err_size);
            if (!sqlite3_get_autocommit(s->db))
                run_sql(s->db, "ROLLBACK");
            goto out;
        }
    }
    st = check_schema(s, kiosk, err, err_size);
    if (st != STORE_OK)
        goto out;
    rc = prepare_kept(s);
    if (rc != SQLITE_OK) {
        st = fail(s->db, path, rc, "preparing statements", err, err_size);
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
    return open_common(path, path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, true, status, err, err_size);
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
        bool plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
                     strchr("/-._~", *p) != NULL;
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

store *store_open_staff(const char *path, bool writable, store_status *status, char *err, size_t err_size)
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
        str_format(err, err_size, "%s: %s (give the kiosk's %s, or a copy of it with its -wal file)", path, why,
                   STORE_DB_NAME);
        *status = STORE_IO;
        return NULL;
    }
    store *s = open_common(path, path, writable ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY, false, status, err,
                           err_size);
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
    if (access(dir, W_OK) == 0 || access(wal, F_OK) == 0 || !file_uri(path, "immutable=1", uri, sizeof uri))
        return NULL;
    char err2[256];
    store_status st2;
    s = open_common(path, uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, false, &st2, err2, sizeof err2);
    if (s)
        *status = STORE_OK;
    return s;
}

store_status store_set_max_pages(store *s, int pages)
{
    char sql[64];
    str_format(sql, sizeof sql, "PRAGMA max_page_count=%d", pages > 0 ? pages : 1);
    char out[32];
    int rc = query_text(s->db, sql, out, sizeof out);
    return rc == SQLITE_OK ? STORE_OK : fail(s->db, s->path, rc, "setting max_page_count", NULL, 0);
}

store_status store_set_busy_timeout(store *s, int ms)
{
    int rc = sqlite3_busy_timeout(s->db, ms);
    return rc == SQLITE_OK ? STORE_OK : fail(s->db, s->path, rc, "setting the busy timeout", NULL, 0);
}

store_status store_check(store *s, char *err, size_t err_size)
{
    char result[256];
    int rc = query_text(s->db, "PRAGMA integrity_check", result, sizeof result);
    if (rc != SQLITE_OK)
        return fail(s->db, s->path, rc, "checking integrity", err, err_size);
    if (strcmp(result, "ok") != 0) {
        str_format(err, err_size, "%s: integrity check: %s", s->path, result);
        return STORE_CORRUPT;
    }
    return STORE_OK;
}

/* BEGIN IMMEDIATE, then f for the body, then COMMIT, or ROLLBACK on failure. */
static store_status in_transaction(store *s, const char *what, int (*body)(store *, void *), void *ctx)
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
    store_status st = fail(s->db, s->path, rc, what, NULL, 0);
    if (!sqlite3_get_autocommit(s->db)) {
        sqlite3_step(s->rollback);
        sqlite3_reset(s->rollback);
    }
    return st;
}

/* ---- Submitting (the kiosk) ---- */

/* The INSERT of one sealed request, inside in_transaction(). */
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

store_status store_submit(store *s, const store_public_key *key, const char *payload, size_t len, int64_t now_unix,
                          int64_t *id_out)
{
    return store_submit_format(s, key, REQUEST_FORMAT, payload, len, now_unix, id_out);
}

store_status store_submit_format(store *s, const store_public_key *key, int format, const char *payload, size_t len,
                                 int64_t now_unix, int64_t *id_out)
{
    if (id_out)
        *id_out = 0;
    if (!s || !key || !payload || len == 0 || len > PAYLOAD_MAX) {
        log_msg(LOG_ERROR, "store: %s: refusing to save a request: no store, no key, or an empty or oversized payload",
                s ? s->path : "(no store)");
        return STORE_IO;
    }
    /* Sealing writes only ciphertext: no clear copy of the payload is made here. */
    size_t sealed_len = len + crypto_box_SEALBYTES;
    unsigned char *sealed = malloc(sealed_len);
    if (!sealed) {
        log_msg(LOG_ERROR, "store: %s: out of memory sealing a request", s->path);
        return STORE_IO;
    }
    if (crypto_box_seal(sealed, (const unsigned char *)payload, len, key->pk) != 0) {
        log_msg(LOG_ERROR, "store: %s: sealing a request failed: the public key is not usable", s->path);
        free(sealed);
        return STORE_IO;
    }
    insert_ctx ctx = {sealed, sealed_len, format, now_unix, 0};
    store_status st = in_transaction(s, "saving a request", insert_body, &ctx);
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
    return rc == SQLITE_ROW ? STORE_OK : fail(s->db, s->path, rc, "counting waiting requests", NULL, 0);
}

/* ---- Key files ---- */

static bool contains_word(const char *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++) {
        size_t j = 0;
        while (j < n) {
            char c = hay[i + j];
            if (c >= 'A' && c <= 'Z')
                c = (char)(c - 'A' + 'a');
            if (c != needle[j])
                break;
            j++;
        }
        if (j == n)
            return true;
    }
    return false;
}

/* Reads a whole small file with read(2) (no stdio buffer keeps a copy). */
static ssize_t read_small(const char *path, char *buf, size_t cap, int *errno_out)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        *errno_out = errno;
        return -1;
    }
    size_t used = 0;
    for (;;) {
        ssize_t n = read(fd, buf + used, cap - used);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            *errno_out = errno;
            close(fd);
            return -1;
        }
        if (n == 0)
            break;
        used += (size_t)n;
        if (used == cap)
            break;
    }
    close(fd);
    return (ssize_t)used;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* Parses a key file: line 1 a "#" comment naming the kind, line 2 the key. */
static bool read_key_file(const char *path, bool want_private, unsigned char key[32], bool *demo, char *err,
                          size_t err_size)
{
    char buf[KEY_FILE_MAX + 1];
    int e = 0;
    bool ok = false;
    ssize_t got = read_small(path, buf, sizeof buf, &e);
    if (got < 0) {
        str_format(err, err_size, "%s: cannot read: %s", path, strerror(e));
        return false;
    }
    size_t len = (size_t)got;
    const char *kind = want_private ? "private" : "public";
    if (len > KEY_FILE_MAX) {
        str_format(err, err_size, "%s: too big for a key file (a comment line and a 64-character key)", path);
        goto out;
    }
    if (sodium_init() < 0) {
        str_format(err, err_size, "%s: libsodium could not start", path);
        goto out;
    }
    if (len == 0) {
        str_format(err, err_size, "%s:1: the file is empty (expected a \"#\" comment line, then the %s key)", path,
                   kind);
        goto out;
    }
    const char *end = buf + len;
    const char *nl = memchr(buf, '\n', len);
    const char *line1_end = nl ? nl : end;
    size_t c_len = (size_t)(line1_end - buf);
    if (buf[0] != '#') {
        str_format(err, err_size,
                   "%s:1: a key file starts with a comment line (\"# Lantern ... key\") saying what it is", path);
        goto out;
    }
    bool says_private = contains_word(buf, c_len, "private key");
    bool says_public = contains_word(buf, c_len, "public key");
    if (!want_private && says_private) {
        str_format(err, err_size,
                   "%s:1: this is the PRIVATE key: it stays with staff and must never be on the kiosk; "
                   "the kiosk needs %s",
                   path, STORE_PUBLIC_KEY_NAME);
        goto out;
    }
    if (want_private && !says_private && says_public) {
        str_format(err, err_size, "%s:1: this is the public key (it goes on the kiosk); lanternctl needs the private "
                                  "key, %s",
                   path, STORE_PRIVATE_KEY_NAME);
        goto out;
    }
    if (want_private ? !says_private : !says_public) {
        str_format(err, err_size, "%s:1: the comment does not say \"%s key\": not a Lantern %s key file", path, kind,
                   kind);
        goto out;
    }
    *demo = contains_word(buf, c_len, "demo");
    if (!nl) {
        str_format(err, err_size, "%s:2: the key is missing (64 hex characters on the line after the comment)", path);
        goto out;
    }
    const char *k = nl + 1;
    const char *k_end = memchr(k, '\n', (size_t)(end - k));
    if (!k_end)
        k_end = end;
    const char *next = k_end < end ? k_end + 1 : end;
    while (k_end > k && is_space(k_end[-1]))
        k_end--;
    size_t k_len = (size_t)(k_end - k);
    if (k_len != 64) {
        str_format(err, err_size, "%s:2: the key must be 64 hex characters; this line has %zu", path, k_len);
        goto out;
    }
    for (size_t i = 0; i < 64; i++) {
        char c = k[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
            str_format(err, err_size, "%s:2:%zu: not a hex digit (the key is 64 characters 0-9 and a-f)", path,
                       i + 1);
            goto out;
        }
    }
    size_t bin_len = 0;
    if (sodium_hex2bin(key, 32, k, 64, NULL, &bin_len, NULL) != 0 || bin_len != 32) {
        str_format(err, err_size, "%s:2: not a 32-byte hex key", path);
        goto out;
    }
    int line = 3;
    for (const char *p = next; p < end; p++) {
        if (*p == '\n')
            line++;
        else if (!is_space(*p)) {
            str_format(err, err_size, "%s:%d: unexpected text after the key", path, line);
            sodium_memzero(key, 32);
            goto out;
        }
    }
    ok = true;
out:
    sodium_memzero(buf, sizeof buf);
    return ok;
}

bool store_load_public_key(const char *path, store_public_key *out, char *err, size_t err_size)
{
    memset(out, 0, sizeof *out);
    if (!read_key_file(path, false, out->pk, &out->demo, err, err_size))
        return false;
    /* A key that cannot seal (all zeros, a weak point) is refused now, not at the first visitor. */
    unsigned char probe[1 + crypto_box_SEALBYTES];
    if (crypto_box_seal(probe, (const unsigned char *)"x", 1, out->pk) != 0) {
        str_format(err, err_size, "%s:2: not a usable public key", path);
        memset(out, 0, sizeof *out);
        return false;
    }
    return true;
}

bool store_load_private_key(const char *path, store_private_key *out, char *err, size_t err_size)
{
    memset(out, 0, sizeof *out);
    if (!read_key_file(path, true, out->sk, &out->demo, err, err_size))
        return false;
    if (crypto_scalarmult_base(out->pk, out->sk) != 0) {
        str_format(err, err_size, "%s:2: not a usable private key", path);
        sodium_memzero(out, sizeof *out);
        return false;
    }
    return true;
}

static bool write_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        buf += n;
        len -= (size_t)n;
    }
    return true;
}

/* Creates path with O_EXCL and the final mode from the start, writes text, syncs. */
static bool write_new_file(const char *path, mode_t mode, const char *text, char *err, size_t err_size)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
    if (fd < 0) {
        str_format(err, err_size, "%s: cannot create: %s", path, strerror(errno));
        return false;
    }
    bool ok = write_all(fd, text, strlen(text)) && fsync(fd) == 0;
    int e = errno;
    if (close(fd) != 0 && ok) {
        ok = false;
        e = errno;
    }
    if (!ok) {
        str_format(err, err_size, "%s: cannot write: %s", path, strerror(e));
        unlink(path);
    }
    return ok;
}

bool store_keygen(const char *dir, bool demo, char *err, size_t err_size)
{
    if (sodium_init() < 0) {
        str_format(err, err_size, "libsodium could not start");
        return false;
    }
    struct stat sb;
    if (stat(dir, &sb) != 0) {
        if (errno != ENOENT || mkdir(dir, 0700) != 0) {
            str_format(err, err_size, "%s: cannot create the folder: %s", dir, strerror(errno));
            return false;
        }
    } else if (!S_ISDIR(sb.st_mode)) {
        str_format(err, err_size, "%s: not a folder", dir);
        return false;
    }
    char pub_path[1100], priv_path[1100];
    if (!str_format(pub_path, sizeof pub_path, "%s/%s", dir, STORE_PUBLIC_KEY_NAME) ||
        !str_format(priv_path, sizeof priv_path, "%s/%s", dir, STORE_PRIVATE_KEY_NAME)) {
        str_format(err, err_size, "the folder path is too long");
        return false;
    }
    const char *paths[] = {pub_path, priv_path};
    for (int i = 0; i < 2; i++) {
        if (lstat(paths[i], &sb) == 0) {
            str_format(err, err_size,
                       "%s already exists: keygen never overwrites a key (requests sealed to the old public key "
                       "can only be read with the old private key); move the old pair away or choose another --out",
                       paths[i]);
            return false;
        }
    }
    unsigned char pk[crypto_box_PUBLICKEYBYTES], sk[crypto_box_SECRETKEYBYTES];
    char hex[2 * 32 + 1];
    char text[512];
    bool ok = false;
    crypto_box_keypair(pk, sk);

    sodium_bin2hex(hex, sizeof hex, sk, sizeof sk);
    str_format(text, sizeof text, "%s\n%s\n",
               demo ? "# Lantern DEMO private key (contact requests): throw-away, for development only."
                    : "# Lantern private key (contact requests): stays with staff, never on the kiosk. "
                      "Without it no request can be read; keep a backup in a safe place.",
               hex);
    if (!write_new_file(priv_path, 0600, text, err, err_size))
        goto out;

    sodium_bin2hex(hex, sizeof hex, pk, sizeof pk);
    str_format(text, sizeof text, "%s\n%s\n",
               demo ? "# Lantern DEMO public key (contact requests): throw-away, for development only; "
                      "never use it for real requests."
                    : "# Lantern public key (contact requests): goes on the kiosk (its data dir, or the path "
                      "of \"public_key\" in its config).",
               hex);
    if (!write_new_file(pub_path, 0644, text, err, err_size)) {
        unlink(priv_path);
        goto out;
    }
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    ok = true;
out:
    sodium_memzero(sk, sizeof sk);
    sodium_memzero(hex, sizeof hex);
    sodium_memzero(text, sizeof text);
    return ok;
}

/* ---- Staff side ---- */

store_status store_each(store *s, const store_private_key *key, const store_filter *filter, store_record_fn fn,
                        void *ctx)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db,
                                "SELECT id, created_at, status_at, format, status, sealed FROM requests"
                                " WHERE created_at >= ?1 AND (?2 IS NULL OR status = ?2) ORDER BY id",
                                -1, &st, NULL);
    if (rc != SQLITE_OK)
        return fail(s->db, s->path, rc, "reading requests", NULL, 0);
    sqlite3_bind_int64(st, 1, filter ? filter->since_unix : 0);
    if (filter && filter->status)
        sqlite3_bind_text(st, 2, filter->status, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, 2);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        store_record r = {0};
        r.id = sqlite3_column_int64(st, 0);
        r.created_at = sqlite3_column_int64(st, 1);
        r.status_at = sqlite3_column_int64(st, 2);
        r.format = sqlite3_column_int(st, 3);
        const unsigned char *status = sqlite3_column_text(st, 4);
        r.status = status ? (const char *)status : "";
        r.sealed = sqlite3_column_blob(st, 5);
        r.sealed_len = (size_t)sqlite3_column_bytes(st, 5);
        char *plain = NULL;
        size_t plain_cap = 0;
        if (key && r.sealed && r.sealed_len > crypto_box_SEALBYTES) {
            r.plain_len = r.sealed_len - crypto_box_SEALBYTES;
            plain_cap = r.plain_len + 1;
            plain = malloc(plain_cap);
            if (!plain) {
                sqlite3_finalize(st);
                log_msg(LOG_ERROR, "store: %s: out of memory opening request %lld", s->path, (long long)r.id);
                return STORE_IO;
            }
            if (crypto_box_seal_open((unsigned char *)plain, r.sealed, r.sealed_len, key->pk, key->sk) == 0) {
                plain[r.plain_len] = '\0';
                r.plain = plain;
                r.opened = true;
            } else {
                r.plain_len = 0;
            }
        }
        bool go_on = fn(ctx, &r);
        if (plain) {
            sodium_memzero(plain, plain_cap);
            free(plain);
        }
        if (!go_on) {
            rc = SQLITE_DONE;
            break;
        }
    }
    store_status result = rc == SQLITE_DONE ? STORE_OK : fail(s->db, s->path, rc, "reading requests", NULL, 0);
    sqlite3_finalize(st);
    return result;
}


typedef struct {
    const int64_t *ids;
    size_t n;
    int64_t now;
    int marked;
    store_mark *results;
    int64_t before;
} mark_job;

static int mark_exported_body(store *s, void *ctx)
{
    mark_job *j = ctx;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(
        s->db, "UPDATE requests SET status = 'exported', status_at = ?2 WHERE id = ?1 AND status = 'new'", -1, &st,
        NULL);
    for (size_t i = 0; rc == SQLITE_OK && i < j->n; i++) {
        sqlite3_bind_int64(st, 1, j->ids[i]);
        sqlite3_bind_int64(st, 2, j->now);
        rc = sqlite3_step(st);
        sqlite3_reset(st);
        if (rc == SQLITE_DONE) {
            j->marked += sqlite3_changes(s->db);
            rc = SQLITE_OK;
        }
    }
    sqlite3_finalize(st);
    return rc == SQLITE_OK ? SQLITE_DONE : rc;
}

store_status store_mark_exported(store *s, const int64_t *ids, size_t n, int64_t now_unix, int *marked)
{
    mark_job j = {.ids = ids, .n = n, .now = now_unix};
    if (marked)
        *marked = 0;
    if (n == 0)
        return STORE_OK;
    store_status st = in_transaction(s, "marking requests exported", mark_exported_body, &j);
    if (marked && st == STORE_OK)
        *marked = j.marked;
    return st;
}

static int mark_handled_body(store *s, void *ctx)
{
    mark_job *j = ctx;
    sqlite3_stmt *get = NULL, *set = NULL;
    int rc = sqlite3_prepare_v2(s->db, "SELECT status FROM requests WHERE id = ?1", -1, &get, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(s->db, "UPDATE requests SET status = 'handled', status_at = ?2 WHERE id = ?1", -1,
                                &set, NULL);
    for (size_t i = 0; rc == SQLITE_OK && i < j->n; i++) {
        sqlite3_bind_int64(get, 1, j->ids[i]);
        rc = sqlite3_step(get);
        if (rc == SQLITE_DONE) {
            j->results[i] = STORE_MARK_MISSING;
            rc = SQLITE_OK;
        } else if (rc == SQLITE_ROW) {
            const unsigned char *status = sqlite3_column_text(get, 0);
            bool handled = status && strcmp((const char *)status, "handled") == 0;
            rc = SQLITE_OK;
            if (handled) {
                j->results[i] = STORE_MARK_ALREADY;
            } else {
                sqlite3_bind_int64(set, 1, j->ids[i]);
                sqlite3_bind_int64(set, 2, j->now);
                rc = sqlite3_step(set);
                sqlite3_reset(set);
                if (rc == SQLITE_DONE) {
                    j->results[i] = STORE_MARKED;
                    rc = SQLITE_OK;
                }
            }
        }
        sqlite3_reset(get);
    }
    sqlite3_finalize(get);
    sqlite3_finalize(set);
    return rc == SQLITE_OK ? SQLITE_DONE : rc;
}

store_status store_mark_handled(store *s, const int64_t *ids, size_t n, int64_t now_unix, store_mark *results)
{
    mark_job j = {.ids = ids, .n = n, .now = now_unix, .results = results};
    if (n == 0)
        return STORE_OK;
    return in_transaction(s, "marking requests handled", mark_handled_body, &j);
}

static int purge_body(store *s, void *ctx)
{
    mark_job *j = ctx;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, "DELETE FROM requests WHERE status = 'handled' AND status_at < ?1", -1, &st,
                                NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, j->before);
        rc = sqlite3_step(st);
        if (rc == SQLITE_DONE)
            j->marked = sqlite3_changes(s->db);
    }
    sqlite3_finalize(st);
    return rc;
}

store_status store_purge_handled(store *s, int64_t older_than_unix, int *deleted, bool *checkpointed)
{
    *deleted = 0;
    if (checkpointed)
        *checkpointed = false;
    /* Deleted rows and freed pages are overwritten with zeros, not just unlinked. */
    int rc = run_sql(s->db, "PRAGMA secure_delete=ON");
    if (rc != SQLITE_OK)
        return fail(s->db, s->path, rc, "turning on secure_delete", NULL, 0);
    mark_job j = {.before = older_than_unix};
    store_status st = in_transaction(s, "purging handled requests", purge_body, &j);
    if (st != STORE_OK)
        return st;
    *deleted = j.marked;
    /* Copy the zeroed pages into the database file and empty the -wal file,
     * which still holds the frames written when those requests came in. */
    sqlite3_stmt *cp = NULL;
    rc = sqlite3_prepare_v2(s->db, "PRAGMA wal_checkpoint(TRUNCATE)", -1, &cp, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(cp);
        if (rc == SQLITE_ROW) {
            if (checkpointed)
                *checkpointed = sqlite3_column_int(cp, 0) == 0;
            rc = SQLITE_OK;
        }
    }
    sqlite3_finalize(cp);
    if (rc != SQLITE_OK)
        return fail(s->db, s->path, rc, "checkpointing after the purge", NULL, 0);
    return STORE_OK;
}

/* ---- Small files in the data dir: PINs and the PIN lockout ---- */

/* Replaces dir/name with text, mode 0600: a temporary file in dir, fsync,
 * rename, fsync of dir. A crash leaves the old file or the new one. */
static bool write_replace(const char *dir, const char *name, const char *text, char *err, size_t err_size)
{
    char path[1100], tmp[1100];
    if (!str_format(path, sizeof path, "%s/%s", dir, name) ||
        !str_format(tmp, sizeof tmp, "%s/.%s.XXXXXX", dir, name)) {
        str_format(err, err_size, "%s: the folder path is too long", dir);
        return false;
    }
    int fd = mkstemp(tmp);
    if (fd < 0) {
        str_format(err, err_size, "%s: cannot create a file there: %s", dir, strerror(errno));
        return false;
    }
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    bool ok = fchmod(fd, 0600) == 0 && write_all(fd, text, strlen(text)) && fsync(fd) == 0;
    int e = errno;
    if (close(fd) != 0 && ok) {
        ok = false;
        e = errno;
    }
    if (ok && rename(tmp, path) != 0) {
        ok = false;
        e = errno;
    }
    if (!ok) {
        unlink(tmp);
        str_format(err, err_size, "%s: cannot write: %s", path, strerror(e));
        return false;
    }
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    return true;
}

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
        str_format(err, err_size, "%s: a PIN is %d to %d digits", why, STORE_PIN_MIN_DIGITS, STORE_PIN_MAX_DIGITS);
    return !why;
}

bool store_pin_set(const char *data_dir, const char *role, const char *pin, char *err, size_t err_size)
{
    if (err_size)
        err[0] = '\0';
    if (!pin_role_ok(role)) {
        str_format(err, err_size, "the role is \"staff\" or \"facilitator\", not \"%s\"", role ? role : "");
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
        str_format(err, err_size, "%s: %s (give the kiosk's data dir)", data_dir ? data_dir : "", why);
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
                              crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0) {
        str_format(err, err_size, "hashing the PIN failed (out of memory?); nothing was changed");
        goto out;
    }
    str_format(text, sizeof text, "%s\n", hash);
    ok = write_replace(data_dir, name, text, err, err_size);
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
    ssize_t got = read_small(path, buf, sizeof buf - 1, &e);
    if (got < 0) {
        if (e == ENOENT)
            log_msg(LOG_WARN, "store: %s: no %s PIN is set (lanternctl set-pin --role %s)", path, role, role);
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
        log_msg(LOG_ERROR, "store: %s: not an Argon2id PIN hash: set the PIN again with lanternctl set-pin", path);
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
        log_msg(LOG_ERROR, "store: %s: the PIN could not be checked (%s): set the PIN again with lanternctl set-pin "
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
    ssize_t got = read_small(path, buf, sizeof buf - 1, &e);
    if (got < 0 && e == ENOENT)
        return true;
    if (got < 0) {
        log_msg(LOG_ERROR, "store: %s: cannot read the PIN lockout: %s; one more wrong PIN will lock entry", path,
                strerror(e));
        *failures = STORE_PIN_FREE_TRIES;
        return false;
    }
    buf[got] = '\0';
    int n = 0, used = -1;
    long long until = 0;
    if (strlen(buf) != (size_t)got || sscanf(buf, "failures %d locked_until %lld %n", &n, &until, &used) != 2 ||
        used != (int)got || n < 0 || n > PIN_FAILURES_CAP || until < 0) {
        log_msg(LOG_ERROR, "store: %s: the PIN lockout file is damaged; one more wrong PIN will lock entry", path);
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
        store_pin_failures(data_dir, &failures, &until); /* a damaged file counts as STORE_PIN_FREE_TRIES */
        if (failures < PIN_FAILURES_CAP)
            failures++;
        int64_t lock = store_pin_lock_seconds(failures);
        until = lock ? now_unix + lock : 0;
    }
    char text[96], err[1300];
    str_format(text, sizeof text, "failures %d\nlocked_until %lld\n", failures, (long long)until);
    if (!data_dir || !write_replace(data_dir, STORE_PIN_LOCKOUT_NAME, text, err, sizeof err)) {
        log_msg(LOG_ERROR, "store: recording a PIN %s: %s", success ? "success" : "failure",
                data_dir ? err : "no data dir");
        return false;
    }
    return true;
}

/* ---- Usage figures ---- */

enum { USAGE_ADD_MAX = 1000000, USAGE_DAYS_MAX = 366, USAGE_ID_MAX = 40 };

typedef enum { M_SESSIONS, M_MODULE, M_PAGE, M_LANGUAGE, M_CRISIS, M_CONTACT, METRIC_COUNT } usage_metric;

static const char *const metric_names[METRIC_COUNT] = {"sessions",     "module_opened", "page_reached",
                                                       "language",     "crisis_opened", "contact_submitted"};

static int metric_index(const char *metric)
{
    for (int i = 0; metric && i < METRIC_COUNT; i++)
        if (strcmp(metric, metric_names[i]) == 0)
            return i;
    return -1;
}

/* len bytes of a-z, 0-9 and "-", 1 to max of them. */
static bool id_chars(const char *s, size_t len, size_t max)
{
    if (len == 0 || len > max)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
            return false;
    return true;
}

static bool usage_item_ok(int metric, const char *item)
{
    size_t len = strlen(item);
    switch (metric) {
    case M_MODULE:
        return id_chars(item, len, USAGE_ID_MAX);
    case M_PAGE: {
        const char *hash = strchr(item, '#');
        if (!hash || !id_chars(item, (size_t)(hash - item), USAGE_ID_MAX))
            return false;
        const char *num = hash + 1;
        size_t digits = strlen(num);
        if (digits < 1 || digits > 4 || num[0] == '0')
            return false;
        for (size_t i = 0; i < digits; i++)
            if (num[i] < '0' || num[i] > '9')
                return false;
        return true;
    }
    case M_LANGUAGE:
        return len >= 2 && item[0] >= 'a' && item[0] <= 'z' && id_chars(item, len, 12);
    default:
        return len == 0;
    }
}

/* Days since 1970-01-01 of a proleptic Gregorian date, and back. */
static long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, char out[STORE_DAY_SIZE])
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    long y = yoe + era * 400 + (m <= 2);
    str_format(out, STORE_DAY_SIZE, "%04ld-%02ld-%02ld", y, m, d);
}

/* A "YYYY-MM-DD" date (years 1970 to 9999) and its day number. */
static bool day_parse(const char *day, long *out)
{
    if (!day || strlen(day) != 10 || day[4] != '-' || day[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (day[i] < '0' || day[i] > '9'))
            return false;
    int y = atoi(day), m = (day[5] - '0') * 10 + (day[6] - '0'), d = (day[8] - '0') * 10 + (day[9] - '0');
    static const int month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1970 || m < 1 || m > 12 || d < 1)
        return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (d > month_days[m - 1] + (m == 2 && leap))
        return false;
    *out = days_from_civil(y, m, d);
    return true;
}

/* A metric name fit for a log line (it comes from code, but be safe). */
static const char *loggable(const char *metric)
{
    if (!metric || !*metric || strlen(metric) > 32)
        return "(unprintable)";
    for (const char *p = metric; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || *p == '_'))
            return "(unprintable)";
    return metric;
}

typedef struct {
    const char *day, *metric, *item;
    int n;
} usage_job;

static int usage_add_body(store *s, void *ctx)
{
    usage_job *j = ctx;
    sqlite3_bind_text(s->usage_add, 1, j->day, -1, SQLITE_STATIC);
    sqlite3_bind_text(s->usage_add, 2, j->metric, -1, SQLITE_STATIC);
    sqlite3_bind_text(s->usage_add, 3, j->item, -1, SQLITE_STATIC);
    sqlite3_bind_int(s->usage_add, 4, j->n);
    int rc = sqlite3_step(s->usage_add);
    sqlite3_reset(s->usage_add);
    sqlite3_clear_bindings(s->usage_add);
    return rc;
}

store_status store_usage_add(store *s, const char *day, const char *metric, const char *item, int n)
{
    if (!item)
        item = "";
    const char *path = s ? s->path : "(no store)";
    int m = metric_index(metric);
    long dn;
    if (!s) {
        log_msg(LOG_ERROR, "store: refusing a usage count: no store");
        return STORE_IO;
    }
    if (m < 0) {
        log_msg(LOG_ERROR, "store: %s: refusing a usage count for an unknown metric %s", path, loggable(metric));
        return STORE_IO;
    }
    if (!day_parse(day, &dn)) {
        log_msg(LOG_ERROR, "store: %s: refusing a %s count: the day is not a YYYY-MM-DD date", path, metric);
        return STORE_IO;
    }
    if (!usage_item_ok(m, item)) {
        log_msg(LOG_ERROR, "store: %s: refusing a %s count: its item is not valid for that metric", path, metric);
        return STORE_IO;
    }
    if (n < 1 || n > USAGE_ADD_MAX) {
        log_msg(LOG_ERROR, "store: %s: refusing a %s count of %d (1 to %d at a time)", path, metric, n,
                USAGE_ADD_MAX);
        return STORE_IO;
    }
    if (s->version < 2) {
        log_msg(LOG_ERROR, "store: %s: this database predates usage figures (schema %d): open it with the kiosk "
                           "to upgrade it",
                path, s->version);
        return STORE_IO;
    }
    if (!s->usage_add) {
        int rc = sqlite3_prepare_v3(s->db,
                                    "INSERT INTO usage(day, metric, item, count) VALUES(?1, ?2, ?3, ?4)"
                                    " ON CONFLICT(day, metric, item) DO UPDATE SET count = count + excluded.count",
                                    -1, SQLITE_PREPARE_PERSISTENT, &s->usage_add, NULL);
        if (rc != SQLITE_OK)
            return fail(s->db, s->path, rc, "preparing the usage count", NULL, 0);
    }
    usage_job j = {.day = day, .metric = metric, .item = item, .n = n};
    return in_transaction(s, "adding a usage count", usage_add_body, &j);
}

store_status store_usage_days(store *s, const char *metric, const char *since_day, int days, int *counts)
{
    long first;
    if (!s || !counts || days < 1 || days > USAGE_DAYS_MAX || metric_index(metric) < 0 ||
        !day_parse(since_day, &first)) {
        log_msg(LOG_ERROR, "store: %s: usage by day: an unknown metric, a day that is not YYYY-MM-DD, or not 1 to "
                           "%d days",
                s ? s->path : "(no store)", USAGE_DAYS_MAX);
        return STORE_IO;
    }
    memset(counts, 0, (size_t)days * sizeof *counts);
    if (s->version < 2)
        return STORE_OK;
    char last_day[STORE_DAY_SIZE];
    civil_from_days(first + days - 1, last_day);
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db,
                                "SELECT day, sum(count) FROM usage WHERE metric = ?1 AND day BETWEEN ?2 AND ?3"
                                " GROUP BY day",
                                -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(st, 1, metric, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, since_day, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, last_day, -1, SQLITE_STATIC);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            const unsigned char *day = sqlite3_column_text(st, 0);
            long dn;
            if (!day || !day_parse((const char *)day, &dn) || dn < first || dn >= first + days)
                continue; /* not written by store_usage_add */
            int64_t sum = sqlite3_column_int64(st, 1);
            counts[dn - first] = sum > INT_MAX ? INT_MAX : sum < 0 ? 0 : (int)sum;
        }
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? STORE_OK : fail(s->db, s->path, rc, "reading usage by day", NULL, 0);
}

store_status store_usage_each(store *s, const char *since_day, store_usage_fn fn, void *ctx)
{
    long dn;
    if (!s || !fn || (since_day && !day_parse(since_day, &dn))) {
        log_msg(LOG_ERROR, "store: %s: reading usage figures: no callback, or a day that is not YYYY-MM-DD",
                s ? s->path : "(no store)");
        return STORE_IO;
    }
    if (s->version < 2)
        return STORE_OK;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(
        s->db,
        "SELECT day, metric, item, count FROM usage WHERE ?1 IS NULL OR day >= ?1"
        " ORDER BY day,"
        " CASE metric WHEN 'sessions' THEN 0 WHEN 'module_opened' THEN 1 WHEN 'page_reached' THEN 2"
        "  WHEN 'language' THEN 3 WHEN 'crisis_opened' THEN 4 WHEN 'contact_submitted' THEN 5 ELSE 6 END, metric,"
        " CASE WHEN metric = 'page_reached' AND instr(item, '#') > 0"
        "  THEN substr(item, 1, instr(item, '#') - 1) ELSE item END,"
        " CASE WHEN metric = 'page_reached' AND instr(item, '#') > 0"
        "  THEN CAST(substr(item, instr(item, '#') + 1) AS INTEGER) ELSE 0 END, item",
        -1, &st, NULL);
    if (rc != SQLITE_OK)
        return fail(s->db, s->path, rc, "reading usage figures", NULL, 0);
    if (since_day)
        sqlite3_bind_text(st, 1, since_day, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, 1);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const unsigned char *day = sqlite3_column_text(st, 0), *metric = sqlite3_column_text(st, 1),
                            *item = sqlite3_column_text(st, 2);
        store_usage_row row = {
            .day = day ? (const char *)day : "",
            .metric = metric ? (const char *)metric : "",
            .item = item ? (const char *)item : "",
            .count = sqlite3_column_int64(st, 3),
        };
        if (!fn(ctx, &row)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    store_status result = rc == SQLITE_DONE ? STORE_OK : fail(s->db, s->path, rc, "reading usage figures", NULL, 0);
    sqlite3_finalize(st);
    return result;
}
