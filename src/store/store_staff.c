/* The staff side: reading requests, marking them, purging handled ones. */
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

/* ---- Staff side ---- */

store_status store_each(store *s, const store_private_key *key, const store_filter *filter,
                        store_record_fn fn, void *ctx)
{
    sqlite3_stmt *st = NULL;
    int rc =
        sqlite3_prepare_v2(s->db,
                           "SELECT id, created_at, status_at, format, status, sealed FROM requests"
                           " WHERE created_at >= ?1 AND (?2 IS NULL OR status = ?2) ORDER BY id",
                           -1, &st, NULL);
    if (rc != SQLITE_OK)
        return store_fail(s->db, s->path, rc, "reading requests", NULL, 0);
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
                log_msg(LOG_ERROR, "store: %s: out of memory opening request %lld", s->path,
                        (long long)r.id);
                return STORE_IO;
            }
            if (crypto_box_seal_open((unsigned char *)plain, r.sealed, r.sealed_len, key->pk,
                                     key->sk) == 0) {
                plain[r.plain_len] = '\0';
                r.plain_len = strnlen(plain, r.plain_len); /* without the padding */
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
    store_status result =
        rc == SQLITE_DONE ? STORE_OK : store_fail(s->db, s->path, rc, "reading requests", NULL, 0);
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
        s->db,
        "UPDATE requests SET status = 'exported', status_at = ?2 WHERE id = ?1 AND status = 'new'",
        -1, &st, NULL);
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

store_status store_mark_exported(store *s, const int64_t *ids, size_t n, int64_t now_unix,
                                 int *marked)
{
    mark_job j = {.ids = ids, .n = n, .now = now_unix};
    if (marked)
        *marked = 0;
    if (n == 0)
        return STORE_OK;
    store_status st = store_in_transaction(s, "marking requests exported", mark_exported_body, &j);
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
        rc = sqlite3_prepare_v2(
            s->db, "UPDATE requests SET status = 'handled', status_at = ?2 WHERE id = ?1", -1, &set,
            NULL);
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

store_status store_mark_handled(store *s, const int64_t *ids, size_t n, int64_t now_unix,
                                store_mark *results)
{
    mark_job j = {.ids = ids, .n = n, .now = now_unix, .results = results};
    if (n == 0)
        return STORE_OK;
    return store_in_transaction(s, "marking requests handled", mark_handled_body, &j);
}

static int purge_body(store *s, void *ctx)
{
    mark_job *j = ctx;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(
        s->db, "DELETE FROM requests WHERE status = 'handled' AND status_at < ?1", -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, j->before);
        rc = sqlite3_step(st);
        if (rc == SQLITE_DONE)
            j->marked = sqlite3_changes(s->db);
    }
    sqlite3_finalize(st);
    return rc;
}

store_status store_purge_handled(store *s, int64_t older_than_unix, int *deleted,
                                 bool *checkpointed)
{
    *deleted = 0;
    if (checkpointed)
        *checkpointed = false;
    /* Deleted rows and freed pages are overwritten with zeros, not just unlinked. */
    int rc = store_run_sql(s->db, "PRAGMA secure_delete=ON");
    if (rc != SQLITE_OK)
        return store_fail(s->db, s->path, rc, "turning on secure_delete", NULL, 0);
    mark_job j = {.before = older_than_unix};
    store_status st = store_in_transaction(s, "purging handled requests", purge_body, &j);
    if (st != STORE_OK)
        return st;
    *deleted = j.marked;
    /* Copy the zeroed pages into the database file and empty the -wal file,
     * which still holds the frames written when those requests came in. */
    rc = store_checkpoint_yielding(s, checkpointed);
    if (rc != SQLITE_OK)
        return store_fail(s->db, s->path, rc, "checkpointing after the purge", NULL, 0);
    return STORE_OK;
}
