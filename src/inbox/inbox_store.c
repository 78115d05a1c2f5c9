/* The two implementations of inbox_store: sqlite (one kiosk) and pg. */
#include "inbox/inbox_store.h"

#include <stdlib.h>
#include <string.h>

#include "core/util.h"

/* ---- shared by both ---- */

/* A request or an audit row from either store as the inbox sees it: the
 * store's and central's row types have the same field names. */
#define REQUEST_OF(row, rec_id, kiosk_name)                                                        \
    ((inbox_request){.id = (row)->id,                                                              \
                     .record_id = (rec_id),                                                        \
                     .created_at = (row)->created_at,                                              \
                     .outcome_at = (row)->outcome_at,                                              \
                     .kiosk = (kiosk_name),                                                        \
                     .status = (row)->status,                                                      \
                     .outcome = (row)->outcome,                                                    \
                     .outcome_by = (row)->outcome_by,                                              \
                     .format = (row)->format,                                                      \
                     .sealed = (row)->sealed,                                                      \
                     .sealed_len = (row)->sealed_len})
#define AUDIT_OF(row) ((inbox_audit){(row)->at, (row)->who, (row)->action, (row)->detail})

/* What a row callback passes on: to the caller's request or audit function. */
typedef struct {
    const inbox_store *s;
    inbox_request_fn request;
    inbox_audit_fn audit;
    void *ctx;
} pass_ctx;

/* The part both open the same way: the inbox's own database (users, the
 * one-kiosk requests when kiosk_db is given). */
static inbox_store *store_new(const inbox_store_ops *ops, const char *inbox_db,
                              const char *kiosk_db, char *err, size_t err_size)
{
    inbox_store *s = calloc(1, sizeof *s);
    if (!s) {
        str_format(err, err_size, "out of memory");
        return NULL;
    }
    s->ops = ops;
    s->local = store_inbox_open(inbox_db, kiosk_db, err, err_size);
    if (!s->local) {
        free(s);
        return NULL;
    }
    return s;
}

/* ---- sqlite ---- */

/* true for STORE_OK; else err says what was being done and why it failed. */
static bool sq_ok(store_status st, const char *doing, char *err, size_t err_size)
{
    if (st != STORE_OK)
        str_format(err, err_size, "%s: %s", doing, store_status_text(st));
    return st == STORE_OK;
}

static bool sq_row(void *ctx, const store_inbox_row *row)
{
    const pass_ctx *c = ctx;
    inbox_request r = REQUEST_OF(row, row->id, c->s->kiosk_name);
    return c->request(c->ctx, &r);
}

static bool sq_each(inbox_store *s, bool handled, int limit, inbox_request_fn fn, void *ctx,
                    char *err, size_t err_size)
{
    pass_ctx c = {.s = s, .request = fn, .ctx = ctx};
    return sq_ok(store_inbox_each(s->local, handled, limit, sq_row, &c), "reading requests", err,
                 err_size);
}

static bool sq_count_new(inbox_store *s, int64_t *count, char *err, size_t err_size)
{
    return sq_ok(store_inbox_count_new(s->local, count), "counting requests", err, err_size);
}

static int sq_set_outcome(inbox_store *s, int64_t id, const char *outcome, const char *who,
                          int64_t now, char *err, size_t err_size)
{
    int r = store_inbox_set_outcome(s->local, id, outcome, who, now);
    if (r < 0)
        str_format(err, err_size, "recording an outcome failed (see the log)");
    return r;
}

static bool sq_audit_add(inbox_store *s, int64_t now, const char *who, const char *action,
                         const char *detail, char *err, size_t err_size)
{
    return sq_ok(store_inbox_audit_add(s->local, now, who, action, detail), "writing the audit log",
                 err, err_size);
}

static bool sq_audit_row(void *ctx, const store_audit_row *row)
{
    const pass_ctx *c = ctx;
    inbox_audit a = AUDIT_OF(row);
    return c->audit(c->ctx, &a);
}

static bool sq_audit_each(inbox_store *s, int limit, inbox_audit_fn fn, void *ctx, char *err,
                          size_t err_size)
{
    pass_ctx c = {.s = s, .audit = fn, .ctx = ctx};
    return sq_ok(store_inbox_audit_each(s->local, limit, sq_audit_row, &c), "reading the audit log",
                 err, err_size);
}

static bool sq_import(inbox_store *s, const char *kiosk, const central_record *recs, size_t n,
                      int *added, char *err, size_t err_size)
{
    (void)s, (void)kiosk, (void)recs, (void)n;
    *added = 0;
    str_format(err, err_size,
               "this inbox reads one kiosk's own database: files from other kiosks need the "
               "central (PostgreSQL) deployment");
    return false;
}

static const inbox_store_ops sqlite_ops = {sq_each,      sq_count_new,  sq_set_outcome,
                                           sq_audit_add, sq_audit_each, sq_import};

inbox_store *inbox_store_open_sqlite(const char *inbox_db, const char *kiosk_db,
                                     const char *kiosk_name, char *err, size_t err_size)
{
    inbox_store *s = store_new(&sqlite_ops, inbox_db, kiosk_db, err, err_size);
    if (s)
        str_copy(s->kiosk_name, sizeof s->kiosk_name,
                 kiosk_name && *kiosk_name ? kiosk_name : "kiosk");
    return s;
}

/* ---- pg ---- */

static bool pg_row(void *ctx, const central_row *row)
{
    const pass_ctx *c = ctx;
    inbox_request r = REQUEST_OF(row, row->record_id, row->kiosk);
    return c->request(c->ctx, &r);
}

static bool pg_up(inbox_store *s, char *err, size_t err_size)
{
    if (central_alive(s->pg))
        return true;
    str_format(err, err_size, "the central database cannot be reached");
    return false;
}

static bool pg_each(inbox_store *s, bool handled, int limit, inbox_request_fn fn, void *ctx,
                    char *err, size_t err_size)
{
    pass_ctx c = {.s = s, .request = fn, .ctx = ctx};
    return pg_up(s, err, err_size) &&
           central_each(s->pg, handled ? "handled" : "new", limit, pg_row, &c, err, err_size);
}

static bool pg_count_new(inbox_store *s, int64_t *count, char *err, size_t err_size)
{
    return pg_up(s, err, err_size) && central_count_new(s->pg, count, err, err_size);
}

static int pg_set_outcome(inbox_store *s, int64_t id, const char *outcome, const char *who,
                          int64_t now, char *err, size_t err_size)
{
    (void)now; /* the server's clock */
    if (!store_outcome_ok(outcome))
        return 0;
    return pg_up(s, err, err_size) ? central_set_outcome(s->pg, id, outcome, who, err, err_size)
                                   : -1;
}

static bool pg_audit_add(inbox_store *s, int64_t now, const char *who, const char *action,
                         const char *detail, char *err, size_t err_size)
{
    (void)now;
    return pg_up(s, err, err_size) && central_audit_add(s->pg, who, action, detail, err, err_size);
}

static bool pg_audit_row(void *ctx, const central_audit_row *row)
{
    const pass_ctx *c = ctx;
    inbox_audit a = AUDIT_OF(row);
    return c->audit(c->ctx, &a);
}

static bool pg_audit_each(inbox_store *s, int limit, inbox_audit_fn fn, void *ctx, char *err,
                          size_t err_size)
{
    pass_ctx c = {.s = s, .audit = fn, .ctx = ctx};
    return pg_up(s, err, err_size) &&
           central_audit_each(s->pg, limit, pg_audit_row, &c, err, err_size);
}

static bool pg_import(inbox_store *s, const char *kiosk, const central_record *recs, size_t n,
                      int *added, char *err, size_t err_size)
{
    *added = 0;
    if (!pg_up(s, err, err_size))
        return false;
    for (size_t done = 0; done < n;) {
        size_t batch = n - done < CENTRAL_BATCH_MAX ? n - done : CENTRAL_BATCH_MAX;
        int inserted = 0;
        if (!central_push(s->pg, kiosk, "usb", recs + done, batch, &inserted, err, err_size))
            return false;
        *added += inserted;
        done += batch;
    }
    return true;
}

static const inbox_store_ops pg_ops = {pg_each,      pg_count_new,  pg_set_outcome,
                                       pg_audit_add, pg_audit_each, pg_import};

inbox_store *inbox_store_open_pg(const char *inbox_db, const char *conninfo, const char *ca,
                                 char *err, size_t err_size)
{
    inbox_store *s = store_new(&pg_ops, inbox_db, NULL, err, err_size);
    if (!s)
        return NULL;
    s->pg = central_connect(conninfo, ca, "lantern-inbox", err, err_size);
    if (!s->pg) {
        inbox_store_close(s);
        return NULL;
    }
    int v = central_schema_version(s->pg, err, err_size);
    if (v != CENTRAL_SCHEMA_VERSION) {
        if (v == 0)
            str_format(err, err_size,
                       "the central database has no Lantern schema: run lanternctl central init");
        else if (v > CENTRAL_SCHEMA_VERSION)
            str_format(err, err_size,
                       "the central database has schema version %d, newer than this inbox knows "
                       "(%d): update "
                       "Lantern here",
                       v, CENTRAL_SCHEMA_VERSION);
        inbox_store_close(s);
        return NULL;
    }
    return s;
}

void inbox_store_close(inbox_store *s)
{
    if (!s)
        return;
    store_inbox_close(s->local);
    central_close(s->pg);
    free(s);
}
