/* store_outbox: the delivery side of the kiosk's request database, for
 * lantern-outbox (push to the central PostgreSQL), the USB hand-off and the
 * staff screen's delivery health. Only sealed bytes pass through here: the
 * outbox never holds the private key and never sees plain text.
 *
 * Schema 3 keeps delivery state in its own table (delivery: id, state,
 * at), so the visitor's Submit (one INSERT into requests) is unchanged. A
 * request with no delivery row is waiting. Request ids are never reused
 * (AUTOINCREMENT), so (kiosk id, record id) names one request for good.
 *
 * The functions take a store opened with store_open() (the kiosk) or
 * store_open_staff(path, true, ...) (the outbox, lanternctl); on a database
 * older than schema 3 they fail with STORE_IO ("open it with the kiosk
 * first", which upgrades it). Records given to a callback are valid during
 * the call only. store_sealed_open() gives a malloc'd plain text that the
 * caller passes to store_plain_free() (it wipes before freeing). */
#ifndef LANTERN_STORE_OUTBOX_H
#define LANTERN_STORE_OUTBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store.h"

typedef struct {
    int64_t id;         /* the kiosk's record id: never reused */
    int64_t created_at; /* unix seconds */
    int format;         /* record format (REQUEST_FORMAT) */
    const unsigned char *sealed;
    size_t sealed_len;
} store_sealed;

/* Return false to stop. */
typedef bool (*store_sealed_fn)(void *ctx, const store_sealed *rec);

/* Calls fn for up to limit (1 to 100000) waiting requests (neither delivered
 * nor handed off), oldest first, in one read transaction. */
store_status store_outbox_each(store *s, int limit, store_sealed_fn fn, void *ctx);
/* The same, only ids above after_id: the outbox's cursor, so that a long
 * list of delivered records kept for the retention period is not scanned
 * again for every batch. */
store_status store_outbox_each_after(store *s, int64_t after_id, int limit, store_sealed_fn fn,
                                     void *ctx);

typedef enum { STORE_DELIVERED, STORE_HANDED_OFF } store_delivery;

/* Records ids as delivered (after the central COMMIT returned) or handed off
 * (after the USB file was verified), at now_unix, in one transaction. An id
 * already recorded keeps its first state and time; an id that is not (or no
 * longer) in requests is skipped. Delivering also sets meta 'last_push'. */
store_status store_outbox_mark(store *s, const int64_t *ids, size_t n, store_delivery how,
                               int64_t now_unix);

/* For the staff screen and `lanternctl outbox status`: requests waiting, the
 * time of the oldest waiting (0: none), of the last successful push and of
 * the last hand-off (0: never). */
typedef struct {
    int waiting;
    int64_t oldest_waiting, last_push, last_handoff;
} store_outbox_health;
store_status store_outbox_status(store *s, store_outbox_health *out);

/* Retention on the kiosk: deletes requests delivered or handed off before
 * older_than_unix (never a waiting one), with secure_delete, then a TRUNCATE
 * checkpoint like store_purge_handled. *deleted gets the count. */
store_status store_outbox_wipe(store *s, int64_t older_than_unix, int *deleted, bool *checkpointed);

/* Opens one sealed record with the private key: *plain (NUL-terminated,
 * malloc'd) and *plain_len; false when the key does not open it (or out of
 * memory), with *plain NULL. */
bool store_sealed_open(const store_private_key *key, const unsigned char *sealed, size_t sealed_len,
                       char **plain, size_t *plain_len);
/* Wipes and frees what store_sealed_open gave (NULL is fine). */
void store_plain_free(char *plain, size_t plain_len);

#endif
