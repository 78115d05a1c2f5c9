/* store_internal: what the store's files share and nothing outside
 * src/store may include. The store struct (one sqlite connection, its kept
 * statements), the SQLite helpers that map result codes to store_status and
 * describe failures, the transaction wrapper, and the small-file helpers
 * (read with read(2), write fully, replace atomically).
 *
 * store.c          open, schema, transactions, submit, waiting
 * store_staff.c    staff reads, marks, purge
 * store_keys.c     key files and keygen
 * store_usage.c    anonymous usage figures
 * store_pin.c      PIN hashes and the lockout file (no sqlite)
 * store_files.c    small file helpers (no sqlite) */
#ifndef LANTERN_STORE_INTERNAL_H
#define LANTERN_STORE_INTERNAL_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "store.h"
#include "store_write.h"

enum {
    SCHEMA_VERSION = 3, /* 1: requests and meta; 2: + usage; 3: + delivery, ids never reused */
    BUSY_TIMEOUT_MS = 5000,
    PAYLOAD_MAX = 64 * 1024, /* far above REQUEST_ENCODED_MAX */
    STORE_PADDED_PAYLOAD = 1024, /* every sealed payload at least this long (REQUEST_ENCODED_MAX) */
    KEY_FILE_MAX = 4096,
};

struct store {
    sqlite3 *db;
    char path[1024];
    int version; /* the database's schema version (staff: 1 to 3; kiosk: always 3) */
    sqlite3_stmt *begin, *insert, *commit, *rollback, *waiting;
    sqlite3_stmt *usage_add; /* prepared on first use */
    int busy_ms;             /* the busy timeout set (store_set_busy_timeout) */
};

/* ---- SQLite helpers (store.c) ---- */

/* Maps a SQLite result code (and the errno behind an I/O error) to a store_status. */
store_status store_status_of(sqlite3 *db, int rc);

/* Describes a failure: the path, what was being done, plain words and
 * SQLite's message (never a bound value). With an err buffer the message goes
 * there for the caller to report; without one it is logged. */
store_status store_fail(sqlite3 *db, const char *path, int rc, const char *what, char *err,
                        size_t err_size);

/* Checkpoints the WAL without ever making a writer wait: PASSIVE, then one
 * TRUNCATE try that gives up at once when readers or a writer are busy.
 * *checkpointed (may be NULL): the WAL was emptied. Returns a SQLite code. */
int store_checkpoint_yielding(store *s, bool *checkpointed);

/* Prepares and runs each statement of constant SQL (no values in it). */
int store_run_sql(sqlite3 *db, const char *sql);

/* Runs a one-row query of constant SQL and copies the first column as text. */
int store_query_text(sqlite3 *db, const char *sql, char *out, size_t size);

/* BEGIN IMMEDIATE, then body, then COMMIT, or ROLLBACK on failure. body
 * returns SQLITE_DONE or SQLITE_OK on success. */
store_status store_in_transaction(store *s, const char *what, int (*body)(store *, void *),
                                  void *ctx);

/* ---- Small files (store_files.c) ---- */

/* Reads a whole small file with read(2) (no stdio buffer keeps a copy): up to
 * cap bytes; -1 with *errno_out on failure (EINVAL: not a regular file) and,
 * when why is not NULL, the reason as a phrase ("is a FIFO (named pipe), not
 * a regular file"). A FIFO or device is refused at once, never waited on. */
ssize_t store_read_small(const char *path, char *buf, size_t cap, int *errno_out, char *why,
                         size_t why_size);

/* Replaces dir/name with text, mode 0600: a temporary file in dir, fsync,
 * rename, fsync of dir. A crash leaves the old file or the new one. */
bool store_write_replace(const char *dir, const char *name, const char *text, char *err,
                         size_t err_size);

#endif
