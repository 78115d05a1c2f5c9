/* inbox_store: what the staff inbox needs from storage, with two
 * implementations behind one small interface:
 *
 * - sqlite (one kiosk): the kiosk's requests.db attached to the inbox's own
 *   inbox.db (store_inbox.h): outcomes and the audit log in inbox.db.
 * - pg (several kiosks): requests, outcomes and the audit log in the central
 *   PostgreSQL (central.h); "Upload a file from a kiosk" imports into it.
 * Staff accounts live in inbox.db in both.
 *
 * Only sealed bytes come out; the inbox opens them with the session's key.
 * Open gives a store to inbox_store_close. Rows given to callbacks are valid
 * during the call only. One thread at a time. */
#ifndef LANTERN_INBOX_STORE_H
#define LANTERN_INBOX_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "central/central.h"
#include "store/store_inbox.h"

typedef struct {
    int64_t id;        /* what set_outcome takes */
    int64_t record_id; /* the kiosk's own id */
    int64_t created_at, outcome_at;
    const char *kiosk, *status, *outcome, *outcome_by;
    int format;
    const unsigned char *sealed;
    size_t sealed_len;
} inbox_request;
typedef bool (*inbox_request_fn)(void *ctx, const inbox_request *r);

typedef struct {
    int64_t at;
    const char *who, *action, *detail;
} inbox_audit;
typedef bool (*inbox_audit_fn)(void *ctx, const inbox_audit *a);

typedef struct inbox_store inbox_store;

typedef struct {
    bool (*each)(inbox_store *s, bool handled, int limit, inbox_request_fn fn, void *ctx, char *err,
                 size_t err_size);
    bool (*count_new)(inbox_store *s, int64_t *count, char *err, size_t err_size);
    /* 1 done, 0 no such unhandled request (or a bad outcome), -1 error */
    int (*set_outcome)(inbox_store *s, int64_t id, const char *outcome, const char *who,
                       int64_t now, char *err, size_t err_size);
    bool (*audit_add)(inbox_store *s, int64_t now, const char *who, const char *action,
                      const char *detail, char *err, size_t err_size);
    bool (*audit_each)(inbox_store *s, int limit, inbox_audit_fn fn, void *ctx, char *err,
                       size_t err_size);
    /* Sealed records from a kiosk's USB file; *added the new ones. false
     * with a reason when this deployment cannot import. */
    bool (*import)(inbox_store *s, const char *kiosk, const central_record *recs, size_t n,
                   int *added, char *err, size_t err_size);
} inbox_store_ops;

struct inbox_store {
    const inbox_store_ops *ops;
    store_inbox *local; /* accounts (both); requests too in the sqlite implementation */
    central *pg;        /* the pg implementation */
    char kiosk_name[48];
};

/* kiosk_name: what the pages call the one kiosk ("kiosk" when NULL). */
inbox_store *inbox_store_open_sqlite(const char *inbox_db, const char *kiosk_db,
                                     const char *kiosk_name, char *err, size_t err_size);
inbox_store *inbox_store_open_pg(const char *inbox_db, const char *conninfo, const char *ca,
                                 char *err, size_t err_size);
void inbox_store_close(inbox_store *s);

#endif
