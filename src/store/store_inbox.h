/* store_inbox: the staff inbox's sqlite side.
 *
 * - inbox.db (the inbox's own database, created 0600 in its data dir):
 *   staff accounts (name, Argon2id password hash, login failures and lock),
 *   and, in the one-kiosk deployment, each request's outcome (who, when)
 *   and the audit log.
 * - One-kiosk deployment: the kiosk's requests.db is attached read-write:
 *   the inbox lists its requests (sealed bytes only; the inbox opens them
 *   with the session's key) and sets a handled request's status there too,
 *   so the kiosk's staff screen stops counting it.
 *   Central deployment: kiosk_db is NULL; only the accounts live here
 *   (requests, outcomes and the audit log are in PostgreSQL, central.h).
 *
 * Passwords are never stored or logged; the caller wipes its buffers.
 * store_inbox_open gives a handle to store_inbox_close. Rows given to a
 * callback are valid during the call only. One thread at a time. */
#ifndef LANTERN_STORE_INBOX_H
#define LANTERN_STORE_INBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store.h"

enum {
    STORE_INBOX_NAME_MAX = 40,     /* a-z, 0-9, ".", "_", "-" */
    STORE_INBOX_PASSWORD_MIN = 10, /* bytes */
    STORE_INBOX_PASSWORD_MAX = 1024,
    STORE_INBOX_FREE_TRIES = 5,  /* wrong passwords in a row before a lock */
    STORE_INBOX_LOCK_FIRST = 60, /* seconds, doubled each further failure */
    STORE_INBOX_LOCK_MAX = 3600,
};

typedef struct store_inbox store_inbox;

store_inbox *store_inbox_open(const char *inbox_db, const char *kiosk_db, char *err,
                              size_t err_size);
void store_inbox_close(store_inbox *si);

/* Adds a staff account or replaces its password (and clears its lock). */
bool store_inbox_user_set(store_inbox *si, const char *name, const char *password, char *err,
                          size_t err_size);
bool store_inbox_name_ok(const char *name);

typedef enum {
    STORE_LOGIN_OK,
    STORE_LOGIN_WRONG,  /* unknown name or wrong password (the same answer, the same time) */
    STORE_LOGIN_LOCKED, /* too many failures: *locked_until says until when */
    STORE_LOGIN_ERROR,  /* the database could not be read or written (logged) */
} store_login;

/* Checks a login and records it: a success clears the failures; from the
 * 5th failure in a row the account is locked 60 s, then 120, ... up to an
 * hour. While locked the password is not even checked. */
store_login store_inbox_login(store_inbox *si, const char *name, const char *password,
                              int64_t now_unix, int64_t *locked_until);

/* ---- One-kiosk requests (kiosk_db given) ---- */

typedef struct {
    int64_t id, created_at, outcome_at; /* outcome_at 0: none */
    const char *status;                 /* "new" or "handled" */
    const char *outcome, *outcome_by;   /* "" when none */
    int format;
    const unsigned char *sealed;
    size_t sealed_len;
} store_inbox_row;

typedef bool (*store_inbox_row_fn)(void *ctx, const store_inbox_row *row);

/* Requests not handled (handled=false) or handled, newest first, at most
 * limit (0: all). */
store_status store_inbox_each(store_inbox *si, bool handled, int limit, store_inbox_row_fn fn,
                              void *ctx);
store_status store_inbox_count_new(store_inbox *si, int64_t *count);

/* Records the outcome of request id ("reached", "left_message",
 * "could_not_reach", "closed") by who at now and marks it handled. 1 done, 0
 * no such request (or an unknown outcome), -1 a storage error (logged). */
int store_inbox_set_outcome(store_inbox *si, int64_t id, const char *outcome, const char *who,
                            int64_t now_unix);

/* ---- Audit log (one-kiosk deployment) ---- */

store_status store_inbox_audit_add(store_inbox *si, int64_t now_unix, const char *who,
                                   const char *action, const char *detail);

typedef struct {
    int64_t at;
    const char *who, *action, *detail;
} store_audit_row;

typedef bool (*store_audit_fn)(void *ctx, const store_audit_row *row);

/* Newest first, at most limit (0: all). */
store_status store_inbox_audit_each(store_inbox *si, int limit, store_audit_fn fn, void *ctx);

/* An outcome word the inbox and the central schema accept. */
bool store_outcome_ok(const char *outcome);

#endif
