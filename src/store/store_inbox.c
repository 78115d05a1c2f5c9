/* The staff inbox's sqlite side: accounts, lockout, outcomes and audit in
 * inbox.db; the kiosk's requests.db attached in the one-kiosk deployment. */
#include "store_inbox.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/util.h"
#include "store_internal.h"

struct store_inbox {
    sqlite3 *db;
    char path[1024];
    bool kiosk; /* requests.db attached as "kiosk" */
};

static const char inbox_schema_sql[] =
    "CREATE TABLE IF NOT EXISTS users("
    " name TEXT PRIMARY KEY,"
    " hash TEXT NOT NULL,"
    " failures INTEGER NOT NULL DEFAULT 0,"
    " locked_until INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE IF NOT EXISTS outcomes("
    " id INTEGER PRIMARY KEY," /* the kiosk's request id */
    " outcome TEXT NOT NULL CHECK(outcome IN "
    "('reached','left_message','could_not_reach','closed')),"
    " who TEXT NOT NULL,"
    " at INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS audit("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " at INTEGER NOT NULL,"
    " who TEXT NOT NULL,"
    " action TEXT NOT NULL,"
    " detail TEXT NOT NULL DEFAULT '');"
    "CREATE TABLE IF NOT EXISTS inbox_meta(key TEXT PRIMARY KEY, value TEXT);"
    "INSERT OR IGNORE INTO inbox_meta VALUES('schema_version', '1');";

bool store_outcome_ok(const char *o)
{
    return o && (strcmp(o, "reached") == 0 || strcmp(o, "left_message") == 0 ||
                 strcmp(o, "could_not_reach") == 0 || strcmp(o, "closed") == 0);
}

bool store_inbox_name_ok(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    if (n < 1 || n > STORE_INBOX_NAME_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
            return false;
    }
    return true;
}

static store_status fail_si(store_inbox *si, int rc, const char *what)
{
    return store_fail(si->db, si->path, rc, what, NULL, 0);
}

store_inbox *store_inbox_open(const char *inbox_db, const char *kiosk_db, char *err,
                              size_t err_size)
{
    if (sodium_init() < 0) {
        str_format(err, err_size, "libsodium could not start");
        return NULL;
    }
    store_inbox *si = calloc(1, sizeof *si);
    if (!si || !str_copy(si->path, sizeof si->path, inbox_db)) {
        str_format(err, err_size, "%s: out of memory, or the path is too long", inbox_db);
        free(si);
        return NULL;
    }
    /* Created owner-only: it holds the password hashes. */
    int fd = open(inbox_db, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        str_format(err, err_size, "%s: cannot open or create: %s", inbox_db, strerror(errno));
        free(si);
        return NULL;
    }
    close(fd);
    int rc = sqlite3_open_v2(inbox_db, &si->db, SQLITE_OPEN_READWRITE, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_extended_result_codes(si->db, 1);
        sqlite3_busy_timeout(si->db, BUSY_TIMEOUT_MS);
        rc = store_run_sql(
            si->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
    }
    if (rc == SQLITE_OK)
        rc = store_run_sql(si->db, "BEGIN IMMEDIATE");
    if (rc == SQLITE_OK)
        rc = store_run_sql(si->db, inbox_schema_sql);
    if (rc == SQLITE_OK)
        rc = store_run_sql(si->db, "COMMIT");
    if (rc != SQLITE_OK) {
        store_fail(si->db, inbox_db, rc, "opening the inbox database", err, err_size);
        store_inbox_close(si);
        return NULL;
    }
    if (kiosk_db) {
        struct stat sb;
        if (stat(kiosk_db, &sb) != 0 || !S_ISREG(sb.st_mode)) {
            str_format(err, err_size, "%s: no such file (the kiosk's %s)", kiosk_db, STORE_DB_NAME);
            store_inbox_close(si);
            return NULL;
        }
        sqlite3_stmt *st = NULL;
        rc = sqlite3_prepare_v2(si->db, "ATTACH DATABASE ?1 AS kiosk", -1, &st, NULL);
        if (rc == SQLITE_OK) {
            sqlite3_bind_text(st, 1, kiosk_db, -1, SQLITE_STATIC);
            rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(si->db);
        }
        sqlite3_finalize(st);
        char version[32] = "";
        if (rc == SQLITE_OK)
            rc = store_query_text(si->db,
                                  "SELECT value FROM kiosk.meta WHERE key = 'schema_version'",
                                  version, sizeof version);
        if (rc != SQLITE_OK) {
            store_fail(si->db, kiosk_db, rc, "opening the kiosk's request database", err, err_size);
            store_inbox_close(si);
            return NULL;
        }
        int v = atoi(version);
        if (v < 1 || v > SCHEMA_VERSION) {
            str_format(err, err_size,
                       "%s: not a Lantern request database this inbox reads (schema %s)", kiosk_db,
                       version[0] ? version : "none");
            store_inbox_close(si);
            return NULL;
        }
        si->kiosk = true;
    }
    return si;
}

void store_inbox_close(store_inbox *si)
{
    if (!si)
        return;
    sqlite3_close(si->db);
    free(si);
}

bool store_inbox_user_set(store_inbox *si, const char *name, const char *password, char *err,
                          size_t err_size)
{
    if (!store_inbox_name_ok(name)) {
        str_format(err, err_size, "a user name is 1 to %d of a-z, 0-9, \".\", \"_\" and \"-\"",
                   STORE_INBOX_NAME_MAX);
        return false;
    }
    size_t plen = password ? strlen(password) : 0;
    if (plen < STORE_INBOX_PASSWORD_MIN || plen > STORE_INBOX_PASSWORD_MAX) {
        str_format(err, err_size, "a password is %d to %d characters", STORE_INBOX_PASSWORD_MIN,
                   STORE_INBOX_PASSWORD_MAX);
        return false;
    }
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(hash, password, plen, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE,
                              crypto_pwhash_ALG_ARGON2ID13) != 0) {
        str_format(err, err_size, "hashing the password failed (out of memory?)");
        return false;
    }
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(
        si->db,
        "INSERT INTO users(name, hash) VALUES(?1, ?2) ON CONFLICT(name) DO UPDATE"
        " SET hash = excluded.hash, failures = 0, locked_until = 0",
        -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, hash, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
    }
    sqlite3_finalize(st);
    sodium_memzero(hash, sizeof hash);
    if (rc != SQLITE_DONE) {
        store_fail(si->db, si->path, rc, "saving the account", err, err_size);
        return false;
    }
    return true;
}

static int64_t lock_seconds(int failures)
{
    if (failures < STORE_INBOX_FREE_TRIES)
        return 0;
    int64_t d = STORE_INBOX_LOCK_FIRST;
    for (int i = STORE_INBOX_FREE_TRIES; i < failures && d < STORE_INBOX_LOCK_MAX; i++)
        d *= 2;
    return d < STORE_INBOX_LOCK_MAX ? d : STORE_INBOX_LOCK_MAX;
}

store_login store_inbox_login(store_inbox *si, const char *name, const char *password,
                              int64_t now_unix, int64_t *locked_until)
{
    *locked_until = 0;
    char hash[crypto_pwhash_STRBYTES] = "";
    int failures = 0;
    bool known = false;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(
        si->db, "SELECT hash, failures, locked_until FROM users WHERE name = ?1", -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(st, 1, name ? name : "", -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            const unsigned char *h = sqlite3_column_text(st, 0);
            known = h && str_copy(hash, sizeof hash, (const char *)h);
            failures = sqlite3_column_int(st, 1);
            *locked_until = sqlite3_column_int64(st, 2);
            rc = SQLITE_DONE;
        }
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        fail_si(si, rc, "reading an account");
        return STORE_LOGIN_ERROR;
    }
    if (known && now_unix < *locked_until) {
        sodium_memzero(hash, sizeof hash);
        return STORE_LOGIN_LOCKED;
    }
    *locked_until = 0;
    /* An unknown name costs the same Argon2id time as a wrong password. */
    static char dummy[crypto_pwhash_STRBYTES];
    if (!known && !dummy[0] &&
        crypto_pwhash_str_alg(
            dummy, "lantern-dummy-password", 22, crypto_pwhash_OPSLIMIT_INTERACTIVE,
            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
        return STORE_LOGIN_ERROR;
    size_t plen = password ? strlen(password) : 0;
    bool match =
        plen <= STORE_INBOX_PASSWORD_MAX &&
        crypto_pwhash_str_verify(known ? hash : dummy, password ? password : "", plen) == 0 &&
        known;
    sodium_memzero(hash, sizeof hash);
    if (!known)
        return STORE_LOGIN_WRONG;
    failures = match ? 0 : failures + 1;
    int64_t until = match ? 0 : (lock_seconds(failures) ? now_unix + lock_seconds(failures) : 0);
    rc = sqlite3_prepare_v2(
        si->db, "UPDATE users SET failures = ?2, locked_until = ?3 WHERE name = ?1", -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 2, failures);
        sqlite3_bind_int64(st, 3, until);
        rc = sqlite3_step(st);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        /* A failure that cannot be counted must not let guessing go on. */
        fail_si(si, rc, "recording a login");
        return STORE_LOGIN_ERROR;
    }
    *locked_until = until;
    return match ? STORE_LOGIN_OK : STORE_LOGIN_WRONG;
}

static bool need_kiosk(store_inbox *si)
{
    if (si->kiosk)
        return true;
    log_msg(LOG_ERROR, "store: %s: no kiosk database is attached (central deployment)", si->path);
    return false;
}

store_status store_inbox_each(store_inbox *si, bool handled, int limit, store_inbox_row_fn fn,
                              void *ctx)
{
    if (!need_kiosk(si))
        return STORE_IO;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(
        si->db,
        "SELECT r.id, r.created_at, coalesce(o.at, 0), CASE WHEN r.status = 'handled' THEN "
        "'handled'"
        " ELSE 'new' END, coalesce(o.outcome, ''), coalesce(o.who, ''), r.format, r.sealed"
        " FROM kiosk.requests r LEFT JOIN main.outcomes o ON o.id = r.id"
        " WHERE (r.status = 'handled') = ?1 ORDER BY r.created_at DESC, r.id DESC LIMIT ?2",
        -1, &st, NULL);
    if (rc != SQLITE_OK)
        return fail_si(si, rc, "reading requests");
    sqlite3_bind_int(st, 1, handled ? 1 : 0);
    sqlite3_bind_int64(st, 2, limit > 0 ? limit : -1);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        store_inbox_row r = {
            .id = sqlite3_column_int64(st, 0),
            .created_at = sqlite3_column_int64(st, 1),
            .outcome_at = sqlite3_column_int64(st, 2),
            .status = (const char *)sqlite3_column_text(st, 3),
            .outcome = (const char *)sqlite3_column_text(st, 4),
            .outcome_by = (const char *)sqlite3_column_text(st, 5),
            .format = sqlite3_column_int(st, 6),
            .sealed = sqlite3_column_blob(st, 7),
            .sealed_len = (size_t)sqlite3_column_bytes(st, 7),
        };
        if (!fn(ctx, &r)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    store_status result = rc == SQLITE_DONE ? STORE_OK : fail_si(si, rc, "reading requests");
    sqlite3_finalize(st);
    return result;
}

store_status store_inbox_count_new(store_inbox *si, int64_t *count)
{
    *count = 0;
    if (!need_kiosk(si))
        return STORE_IO;
    char out[32];
    int rc = store_query_text(
        si->db, "SELECT count(*) FROM kiosk.requests WHERE status != 'handled'", out, sizeof out);
    if (rc != SQLITE_OK)
        return fail_si(si, rc, "counting new requests");
    *count = strtoll(out, NULL, 10);
    return STORE_OK;
}

int store_inbox_set_outcome(store_inbox *si, int64_t id, const char *outcome, const char *who,
                            int64_t now_unix)
{
    if (!need_kiosk(si))
        return -1;
    if (!store_outcome_ok(outcome) || !store_inbox_name_ok(who))
        return 0;
    int rc = store_run_sql(si->db, "BEGIN IMMEDIATE");
    sqlite3_stmt *st = NULL;
    int changed = 0;
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(si->db,
                                "UPDATE kiosk.requests SET status = 'handled', status_at = ?2"
                                " WHERE id = ?1 AND status != 'handled'",
                                -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, now_unix);
        rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(si->db);
        changed = sqlite3_changes(si->db);
    }
    sqlite3_finalize(st);
    st = NULL;
    if (rc == SQLITE_OK && changed == 1) {
        rc = sqlite3_prepare_v2(
            si->db,
            "INSERT INTO main.outcomes(id, outcome, who, at) VALUES(?1, ?2, ?3, ?4)"
            " ON CONFLICT(id) DO UPDATE SET outcome = excluded.outcome, who = excluded.who,"
            " at = excluded.at",
            -1, &st, NULL);
        if (rc == SQLITE_OK) {
            sqlite3_bind_int64(st, 1, id);
            sqlite3_bind_text(st, 2, outcome, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 3, who, -1, SQLITE_STATIC);
            sqlite3_bind_int64(st, 4, now_unix);
            rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(si->db);
        }
        sqlite3_finalize(st);
    }
    if (rc == SQLITE_OK)
        rc = store_run_sql(si->db, changed == 1 ? "COMMIT" : "ROLLBACK");
    if (rc != SQLITE_OK) {
        fail_si(si, rc, "recording an outcome");
        if (!sqlite3_get_autocommit(si->db))
            store_run_sql(si->db, "ROLLBACK");
        return -1;
    }
    return changed == 1 ? 1 : 0;
}

store_status store_inbox_audit_add(store_inbox *si, int64_t now_unix, const char *who,
                                   const char *action, const char *detail)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(
        si->db, "INSERT INTO audit(at, who, action, detail) VALUES(?1, ?2, ?3, ?4)", -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, now_unix);
        sqlite3_bind_text(st, 2, who ? who : "", -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, action ? action : "", -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, detail ? detail : "", -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? STORE_OK : fail_si(si, rc, "writing the audit log");
}

store_status store_inbox_audit_each(store_inbox *si, int limit, store_audit_fn fn, void *ctx)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(
        si->db, "SELECT at, who, action, detail FROM audit ORDER BY id DESC LIMIT ?1", -1, &st,
        NULL);
    if (rc != SQLITE_OK)
        return fail_si(si, rc, "reading the audit log");
    sqlite3_bind_int64(st, 1, limit > 0 ? limit : -1);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        store_audit_row r = {
            .at = sqlite3_column_int64(st, 0),
            .who = (const char *)sqlite3_column_text(st, 1),
            .action = (const char *)sqlite3_column_text(st, 2),
            .detail = (const char *)sqlite3_column_text(st, 3),
        };
        if (!fn(ctx, &r)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    store_status result = rc == SQLITE_DONE ? STORE_OK : fail_si(si, rc, "reading the audit log");
    sqlite3_finalize(st);
    return result;
}
