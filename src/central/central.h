/* central: the central PostgreSQL database that several kiosks' outboxes
 * push sealed requests to, and that the staff inbox reads. The only code
 * that includes libpq-fe.h.
 *
 * - Schema (versioned in lantern_meta.schema_version; CENTRAL_SCHEMA_VERSION):
 *   kiosks(id, first_seen, last_push); requests(id, kiosk, record_id, format,
 *   sealed, created_at, received_at, via, status, outcome, outcome_by,
 *   outcome_at) unique on (kiosk, record_id); audit(id, at, who, action,
 *   detail). Only sealed bytes are stored: the server never sees plain text.
 * - central_init_schema creates or upgrades it in one transaction under an
 *   advisory lock; running it again changes nothing; a database with a newer
 *   schema is refused with a message naming both versions, and so is pushing
 *   to one.
 * - central_push sends a batch in one transaction (multi-row INSERT ... ON
 *   CONFLICT (kiosk, record_id) DO NOTHING) and returns true only once COMMIT
 *   has returned: only then may the kiosk mark the records delivered. The same
 *   batch twice adds nothing.
 *
 * Connection settings are a libpq conninfo string or URI; with a CA file the
 * connection uses sslmode=verify-full (the server's certificate must chain
 * to it and name the host). Errors go to err with what was being done and
 * libpq's message (never a value sent). central_connect gives a connection
 * to central_close. Records given to a central_each callback are valid during
 * the call only. One thread at a time per connection. */
#ifndef LANTERN_CENTRAL_H
#define LANTERN_CENTRAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { CENTRAL_SCHEMA_VERSION = 1, CENTRAL_KIOSK_ID_MAX = 40, CENTRAL_BATCH_MAX = 1000 };

typedef struct central central;

/* Connects (connect_timeout 10 s unless conninfo says otherwise). ca: NULL or
 * "" for the conninfo's own TLS settings, or a CA file: then sslmode is
 * verify-full whatever conninfo says. app: application_name. NULL on failure
 * with the reason in err. */
central *central_connect(const char *conninfo, const char *ca, const char *app, char *err,
                         size_t err_size);
void central_close(central *c);

/* True when the connection is up; a broken one is reset once first (the
 * server restarted). */
bool central_alive(central *c);

/* The database's schema version: 0 when it has none yet, -1 on error. */
int central_schema_version(central *c, char *err, size_t err_size);

/* Creates or upgrades the schema. *from gets the version found (0: none).
 * False on failure, or when the schema is newer than this program's. */
bool central_init_schema(central *c, int *from, char *err, size_t err_size);

/* A kiosk id: 1 to 40 of a-z, 0-9 and "-". */
bool central_kiosk_id_ok(const char *id);

typedef struct {
    int64_t record_id, created_at; /* the kiosk's id and unix time */
    int format;
    const unsigned char *sealed;
    size_t sealed_len;
} central_record;

/* One transaction (a single statement): the kiosk row, then recs[0..n) (n 1 to CENTRAL_BATCH_MAX)
 * with ON CONFLICT DO NOTHING; via is "outbox" or "usb". *inserted (may be
 * NULL) gets how many were new. True only after COMMIT returned. Checks the
 * schema version first (once per connection). */
bool central_push(central *c, const char *kiosk_id, const char *via, const central_record *recs,
                  size_t n, int *inserted, char *err, size_t err_size);

/* A row as the inbox sees it. Times are unix seconds; outcome and
 * outcome_by are "" when not set. */
typedef struct {
    int64_t id, record_id, created_at, received_at, outcome_at;
    const char *kiosk, *status, *outcome, *outcome_by, *via;
    int format;
    const unsigned char *sealed;
    size_t sealed_len;
} central_row;

typedef bool (*central_row_fn)(void *ctx, const central_row *row);

/* Rows with the given status ("new", "handled", or NULL: all), newest first
 * (created_at, then id), at most limit (0: no limit). */
bool central_each(central *c, const char *status, int limit, central_row_fn fn, void *ctx,
                  char *err, size_t err_size);

/* Records the outcome of request id ("reached", "left_message",
 * "could_not_reach", "closed") by who, now, and marks it handled. 1 done, 0
 * no such request not yet handled, -1 an error (err). */
int central_set_outcome(central *c, int64_t id, const char *outcome, const char *who, char *err,
                        size_t err_size);

/* Requests not yet handled. */
bool central_count_new(central *c, int64_t *count, char *err, size_t err_size);

/* The audit log: who did what, when (never request contents). */
bool central_audit_add(central *c, const char *who, const char *action, const char *detail,
                       char *err, size_t err_size);
typedef struct {
    int64_t at;
    const char *who, *action, *detail;
} central_audit_row;
typedef bool (*central_audit_fn)(void *ctx, const central_audit_row *row);
/* Newest first, at most limit (0: all). */
bool central_audit_each(central *c, int limit, central_audit_fn fn, void *ctx, char *err,
                        size_t err_size);

/* Counts: rows in total, and distinct (kiosk, record_id) pairs. */
bool central_count(central *c, int64_t *rows, int64_t *distinct_pairs, char *err, size_t err_size);

#endif
