/* Delivery state: waiting records for the outbox and the USB hand-off,
 * marking them delivered or handed off, health figures, retention. */
#include "store_outbox.h"

#include <sodium.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "store_internal.h"

enum { OUTBOX_LIMIT_MAX = 100000 };

static bool has_delivery(store *s)
{
    if (s->version >= 3)
        return true;
    log_msg(LOG_ERROR,
            "store: %s: this database predates delivery state (schema %d): start the kiosk once to "
            "upgrade it",
            s->path, s->version);
    return false;
}

store_status store_outbox_each(store *s, int limit, store_sealed_fn fn, void *ctx)
{
    return store_outbox_each_after(s, 0, limit, fn, ctx);
}

store_status store_outbox_each_after(store *s, int64_t after_id, int limit, store_sealed_fn fn,
                                     void *ctx)
{
    if (!s || !fn || limit < 1 || limit > OUTBOX_LIMIT_MAX) {
        log_msg(
            LOG_ERROR,
            "store: reading waiting requests: no store, no callback, or a limit outside 1 to %d",
            OUTBOX_LIMIT_MAX);
        return STORE_IO;
    }
    if (!has_delivery(s))
        return STORE_IO;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(
        s->db,
        "SELECT r.id, r.created_at, r.format, r.sealed FROM requests r"
        " WHERE r.id > ?2 AND NOT EXISTS (SELECT 1 FROM delivery d WHERE d.id = r.id)"
        " ORDER BY r.id LIMIT ?1",
        -1, &st, NULL);
    if (rc != SQLITE_OK)
        return store_fail(s->db, s->path, rc, "reading waiting requests", NULL, 0);
    sqlite3_bind_int(st, 1, limit);
    sqlite3_bind_int64(st, 2, after_id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        store_sealed r = {
            .id = sqlite3_column_int64(st, 0),
            .created_at = sqlite3_column_int64(st, 1),
            .format = sqlite3_column_int(st, 2),
            .sealed = sqlite3_column_blob(st, 3),
            .sealed_len = (size_t)sqlite3_column_bytes(st, 3),
        };
        if (!fn(ctx, &r)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    store_status result = rc == SQLITE_DONE
                              ? STORE_OK
                              : store_fail(s->db, s->path, rc, "reading waiting requests", NULL, 0);
    sqlite3_finalize(st);
    return result;
}

typedef struct {
    const int64_t *ids;
    size_t n;
    store_delivery how;
    int64_t now;
} mark_job;

static int mark_body(store *s, void *ctx)
{
    mark_job *j = ctx;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(
        s->db,
        "INSERT INTO delivery(id, state, at) SELECT id, ?2, ?3 FROM requests WHERE id = ?1"
        " ON CONFLICT(id) DO NOTHING",
        -1, &st, NULL);
    const char *state = j->how == STORE_DELIVERED ? "delivered" : "handed_off";
    for (size_t i = 0; rc == SQLITE_OK && i < j->n; i++) {
        sqlite3_bind_int64(st, 1, j->ids[i]);
        sqlite3_bind_text(st, 2, state, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, j->now);
        rc = sqlite3_step(st);
        sqlite3_reset(st);
        if (rc == SQLITE_DONE)
            rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    if (rc == SQLITE_OK) {
        rc = sqlite3_prepare_v2(s->db,
                                "INSERT INTO meta(key, value) VALUES(?1, ?2)"
                                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                                -1, &st, NULL);
        if (rc == SQLITE_OK) {
            char when[24];
            str_format(when, sizeof when, "%lld", (long long)j->now);
            sqlite3_bind_text(st, 1, j->how == STORE_DELIVERED ? "last_push" : "last_handoff", -1,
                              SQLITE_STATIC);
            sqlite3_bind_text(st, 2, when, -1, SQLITE_TRANSIENT);
            rc = sqlite3_step(st);
        }
        sqlite3_finalize(st);
    }
    return rc == SQLITE_OK ? SQLITE_DONE : rc;
}

store_status store_outbox_mark(store *s, const int64_t *ids, size_t n, store_delivery how,
                               int64_t now_unix)
{
    if (!s || (n && !ids))
        return STORE_IO;
    if (!has_delivery(s))
        return STORE_IO;
    if (n == 0 && how == STORE_HANDED_OFF)
        return STORE_OK;
    mark_job j = {.ids = ids, .n = n, .how = how, .now = now_unix};
    return store_in_transaction(
        s, how == STORE_DELIVERED ? "marking requests delivered" : "marking requests handed off",
        mark_body, &j);
}

static int64_t meta_time(store *s, const char *key)
{
    char sql[128], out[32];
    str_format(sql, sizeof sql, "SELECT value FROM meta WHERE key = '%s'", key);
    if (store_query_text(s->db, sql, out, sizeof out) != SQLITE_OK)
        return 0;
    return strtoll(out, NULL, 10);
}

store_status store_outbox_status(store *s, store_outbox_health *out)
{
    memset(out, 0, sizeof *out);
    if (!s || !has_delivery(s))
        return STORE_IO;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db,
                                "SELECT count(*), coalesce(min(created_at), 0) FROM requests r"
                                " WHERE NOT EXISTS (SELECT 1 FROM delivery d WHERE d.id = r.id)",
                                -1, &st, NULL);
    if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        out->waiting = sqlite3_column_int(st, 0);
        out->oldest_waiting = sqlite3_column_int64(st, 1);
        rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_OK)
        return store_fail(s->db, s->path, rc, "counting waiting requests", NULL, 0);
    out->last_push = meta_time(s, "last_push");
    out->last_handoff = meta_time(s, "last_handoff");
    return STORE_OK;
}

typedef struct {
    int64_t before;
    int deleted;
} wipe_job;

static int wipe_body(store *s, void *ctx)
{
    wipe_job *j = ctx;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(
        s->db, "DELETE FROM requests WHERE id IN (SELECT id FROM delivery WHERE at < ?1)", -1, &st,
        NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, j->before);
        rc = sqlite3_step(st);
        if (rc == SQLITE_DONE)
            j->deleted = sqlite3_changes(s->db);
    }
    sqlite3_finalize(st);
    return rc;
}

store_status store_outbox_wipe(store *s, int64_t older_than_unix, int *deleted, bool *checkpointed)
{
    *deleted = 0;
    if (checkpointed)
        *checkpointed = false;
    if (!s || !has_delivery(s))
        return STORE_IO;
    int rc = store_run_sql(s->db, "PRAGMA secure_delete=ON");
    if (rc != SQLITE_OK)
        return store_fail(s->db, s->path, rc, "turning on secure_delete", NULL, 0);
    wipe_job j = {.before = older_than_unix};
    store_status st = store_in_transaction(s, "wiping delivered requests", wipe_body, &j);
    if (st != STORE_OK)
        return st;
    *deleted = j.deleted;
    if (j.deleted == 0) {
        if (checkpointed)
            *checkpointed = true;
        return STORE_OK;
    }
    rc = store_checkpoint_yielding(s, checkpointed);
    return rc == SQLITE_OK
               ? STORE_OK
               : store_fail(s->db, s->path, rc, "checkpointing after the wipe", NULL, 0);
}

bool store_sealed_open(const store_private_key *key, const unsigned char *sealed, size_t sealed_len,
                       char **plain, size_t *plain_len)
{
    *plain = NULL;
    *plain_len = 0;
    if (!key || !sealed || sealed_len <= crypto_box_SEALBYTES || sodium_init() < 0)
        return false;
    size_t len = sealed_len - crypto_box_SEALBYTES;
    char *p = malloc(len + 1);
    if (!p)
        return false;
    if (crypto_box_seal_open((unsigned char *)p, sealed, sealed_len, key->pk, key->sk) != 0) {
        sodium_memzero(p, len + 1);
        free(p);
        return false;
    }
    p[len] = '\0';
    *plain = p;
    *plain_len = strnlen(p, len); /* without the padding */
    return true;
}

void store_plain_free(char *plain, size_t plain_len)
{
    if (!plain)
        return;
    sodium_memzero(plain, plain_len + 1);
    free(plain);
}
