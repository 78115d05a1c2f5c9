/* store: where contact requests are kept. The only code that includes
 * sqlite3.h and sodium.h.
 *
 * - One SQLite database file (STORE_DB_NAME in the kiosk's data dir) in WAL
 *   mode with synchronous=FULL: a request is durable when store_submit()
 *   returns STORE_OK. One transaction per request, prepared statements only,
 *   kept for the life of the store.
 * - The kiosk seals each payload (core/request.h) to the staff's public key
 *   with crypto_box_seal before it is stored; it never holds the private key
 *   and cannot read a request back. In the clear the database keeps only the
 *   id, the time, the record format and the status (new / exported / handled).
 * - The staff side (lanternctl) opens records with the private key, marks
 *   them exported or handled and purges handled ones after the retention
 *   period. Reads never block the kiosk (WAL).
 * - Errors come back as a store_status with the path and what was being done,
 *   never with anything a visitor typed: functions that take an err buffer
 *   put the message there for the caller to log or print; the others log it
 *   themselves (log_msg).
 *
 * - The same database keeps anonymous usage figures (counts per day, see
 *   "Usage figures" below), and the data dir holds the staff and facilitator
 *   PIN hashes and the PIN lockout state ("PINs" below): small files, not
 *   in the database, so that a PIN works even when the database does not.
 *
 * A store is used by one thread at a time (its prepared statements are kept).
 * Ownership: store_open*() give a store to store_close(). Key structs are
 * plain (nothing to free); wipe a store_private_key with store_wipe() when
 * done. Records given to a store_each() callback are valid during the call
 * only; their plaintext is wiped right after it; the same holds for the rows
 * given to a store_usage_each() callback. The PIN functions take only
 * caller-owned strings and keep nothing; the caller wipes its PIN buffers. */
#ifndef LANTERN_STORE_H
#define LANTERN_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define STORE_DB_NAME "requests.db"
#define STORE_PUBLIC_KEY_NAME "lantern-public.key"
#define STORE_PRIVATE_KEY_NAME "lantern-private.key"

typedef enum {
    STORE_OK,
    STORE_FULL,     /* the disk (or the size limit) is full */
    STORE_READONLY, /* read-only file, connection or file system */
    STORE_BUSY,     /* still locked by another writer after the busy timeout */
    STORE_CORRUPT,  /* damaged, or not a Lantern database */
    STORE_IO,       /* anything else: I/O error, out of memory, misuse */
} store_status;

/* Plain words for logs and staff messages ("the disk is full"); static. */
const char *store_status_text(store_status status);

typedef struct store store;

/* The kiosk: opens or creates the database at path (mode 0660 with its -wal
 * and -shm: the outbox and the inbox share the kiosk's group), sets WAL, synchronous=FULL,
 * busy_timeout=5000, foreign_keys=ON and creates the tables, upgrading a
 * database from an earlier Lantern in the same transaction (schema 1: no
 * usage table). On failure
 * returns NULL, sets *status and writes one line to err. A database that can
 * only be read (read-only file system) fails with STORE_READONLY. */
store *store_open(const char *path, store_status *status, char *err, size_t err_size);

/* The staff tool: opens an existing Lantern database (never creates one, never
 * changes its journal mode). writable=false opens it read-only (list);
 * true read-write (export, mark-handled, purge). Same failures as store_open;
 * a file that is not a Lantern database, or one from a newer Lantern, fails
 * with STORE_CORRUPT. A database from an earlier Lantern opens as it is (its
 * requests read the same; it simply has no usage figures). */
store *store_open_staff(const char *path, bool writable, store_status *status, char *err, size_t err_size);

void store_close(store *s);

/* For tests and operations: caps the database at pages pages (PRAGMA
 * max_page_count; never below its current size), and changes the busy
 * timeout (default 5000 ms). */
store_status store_set_max_pages(store *s, int pages);
store_status store_set_busy_timeout(store *s, int ms);

/* For the outbox's own connection: PRAGMA synchronous=NORMAL (WAL: still
 * consistent after a crash, but its last commits may be lost). A lost
 * "delivered" mark only means the batch is pushed again, and the central
 * database ignores it; the kiosk's Submit keeps FULL on its connection. */
store_status store_set_relaxed_sync(store *s);

/* Runs PRAGMA integrity_check; STORE_OK when the database is sound. */
store_status store_check(store *s, char *err, size_t err_size);

/* Key files are text: one comment line starting with "#" that says what the
 * file is, then the key as 64 hex characters on the second line (blank lines
 * may follow). A demo key's comment contains "demo". */
typedef struct {
    unsigned char pk[32];
    bool demo; /* a throw-away development key: the kiosk shows a "demo" mark */
} store_public_key;

typedef struct {
    unsigned char sk[32];
    unsigned char pk[32]; /* derived with crypto_scalarmult_base */
    bool demo;
} store_private_key;

/* Read a key file; on failure write "file:line: message" (or "file: message")
 * to err and return false. The public loader refuses a private key file and
 * the private loader a public one, saying which file goes where. */
bool store_load_public_key(const char *path, store_public_key *out, char *err, size_t err_size);
bool store_load_private_key(const char *path, store_private_key *out, char *err, size_t err_size);

/* Writes a new key pair: DIR/lantern-public.key (0644) and
 * DIR/lantern-private.key (created 0600 with O_EXCL). Creates DIR (0700)
 * when missing; refuses to overwrite either file. demo marks both as demo. */
bool store_keygen(const char *dir, bool demo, char *err, size_t err_size);

/* Private keys under a passphrase (secret_file.h: Argon2id + secretbox).
 * store_keygen_protected writes the pair like store_keygen (never a demo
 * pair), the private key as a secret file (0600) that opens only with
 * passphrase (8 to 1024 bytes; never stored). store_private_key_is_protected
 * says whether path is such a file. store_load_private_key_passphrase opens
 * a protected file with passphrase, or reads a plain key file (passphrase
 * unused); "wrong passphrase" and the like go to err. The caller wipes its
 * passphrase buffer and the key (store_wipe). */
bool store_keygen_protected(const char *dir, const char *passphrase, char *err, size_t err_size);
bool store_private_key_is_protected(const char *path);
bool store_load_private_key_passphrase(const char *path, const char *passphrase, store_private_key *out,
                                       char *err, size_t err_size);

/* Seals payload[0..len) to key and stores it as a new request of format
 * REQUEST_FORMAT with status "new": BEGIN IMMEDIATE; INSERT; COMMIT. The
 * request is durable when this returns STORE_OK; *id_out (may be NULL) gets
 * its id. The payload is neither copied in the clear nor logged; the caller
 * wipes its own buffer. */
store_status store_submit(store *s, const store_public_key *key, const char *payload, size_t len, int64_t now_unix,
                          int64_t *id_out);
/* The same with an explicit record format (tests, and future formats). */
store_status store_submit_format(store *s, const store_public_key *key, int format, const char *payload, size_t len,
                                 int64_t now_unix, int64_t *id_out);

/* Counts for the staff screen: requests still "new" and the time of the
 * oldest (0 when none). */
store_status store_waiting(store *s, int *count_new, int64_t *oldest_new_unix);

/* Overwrites 64 KiB of the stack below the caller with zeros. libsodium
 * leaves some intermediate values on the stack (crypto_secretbox_open keeps
 * the first 32 bytes of the plain text in a local block): call this after
 * opening a key or records, from the same or a shallower frame. */
void store_burn_stack(void);

/* Overwrites n bytes at p with zeros in a way the compiler keeps
 * (sodium_memzero). For form fields, payload buffers and keys. */
void store_wipe(void *p, size_t n);

/* ---- Staff side (lanternctl) ---- */

typedef struct {
    int64_t id;
    int64_t created_at; /* unix seconds */
    int64_t status_at;  /* when the status last changed */
    int format;         /* record format, from the clear column */
    const char *status; /* "new", "exported" or "handled" */
    const unsigned char *sealed;
    size_t sealed_len;
    bool opened;       /* false: no key given, or the key does not open it */
    const char *plain; /* the payload, NUL-terminated, when opened; else NULL */
    size_t plain_len;
} store_record;

/* Return false to stop. */
typedef bool (*store_record_fn)(void *ctx, const store_record *rec);

typedef struct {
    int64_t since_unix; /* created_at >= since_unix; 0: all */
    const char *status; /* "new", "exported", "handled", or NULL: any */
} store_filter;

/* Calls fn for each request matching filter (NULL: all), oldest first, in one
 * read transaction (it never blocks the kiosk). With a key each record is
 * opened with crypto_box_seal_open; a record that does not open is still
 * given, with opened=false. */
store_status store_each(store *s, const store_private_key *key, const store_filter *filter, store_record_fn fn,
                        void *ctx);

/* Sets "new" requests among ids to "exported" (status_at = now), in one
 * transaction; *marked (may be NULL) gets how many changed. */
store_status store_mark_exported(store *s, const int64_t *ids, size_t n, int64_t now_unix, int *marked);

typedef enum { STORE_MARKED, STORE_MARK_ALREADY, STORE_MARK_MISSING } store_mark;

/* Sets requests to "handled" (status_at = now) in one transaction; results[i]
 * says what happened to ids[i] (an already handled one keeps its date, so the
 * retention clock is not restarted). */
store_status store_mark_handled(store *s, const int64_t *ids, size_t n, int64_t now_unix, store_mark *results);

/* Deletes handled requests whose status_at is before older_than_unix, with
 * secure_delete on (their bytes are overwritten with zeros), in one
 * transaction, then PRAGMA wal_checkpoint(TRUNCATE) so no copy stays in the
 * -wal file. *deleted gets the count; *checkpointed (may be NULL) is false when
 * a reader kept the checkpoint from finishing (run purge again later). */
store_status store_purge_handled(store *s, int64_t older_than_unix, int *deleted, bool *checkpointed);

/* ---- PINs (staff entry on the kiosk) ----
 *
 * DATA/<role>-pin holds one line: the Argon2id hash of the PIN
 * (crypto_pwhash_str, "$argon2id$v=19$m=...", OPSLIMIT/MEMLIMIT_INTERACTIVE),
 * written by `lanternctl set-pin`. The PIN itself is never stored, and
 * neither the PIN nor its hash is ever logged or shown. A PIN is 4 to 12
 * digits. role is "staff" or "facilitator"; each has its own file. */

#define STORE_PIN_SUFFIX "-pin" /* DATA/staff-pin, DATA/facilitator-pin */
#define STORE_PIN_LOCKOUT_NAME "pin-lockout"
enum {
    STORE_PIN_MIN_DIGITS = 4,
    STORE_PIN_MAX_DIGITS = 12,
    STORE_PIN_FREE_TRIES = 5,   /* wrong PINs in a row before the first lock */
    STORE_PIN_LOCK_FIRST = 30,  /* seconds locked after the 5th; doubled by each further wrong PIN */
    STORE_PIN_LOCK_MAX = 3600,  /* ...up to an hour */
};

/* Hashes pin and writes DATA/<role>-pin (mode 0600): a temporary file in
 * data_dir, fsync, rename over the old one, fsync of the folder, so a crash
 * leaves the old PIN or the new one, never half a file. data_dir must exist.
 * Refuses a role other than "staff" or "facilitator" and a PIN that is not 4
 * to 12 digits, with a message in err that never holds the PIN. */
bool store_pin_set(const char *data_dir, const char *role, const char *pin, char *err, size_t err_size);

/* 1: pin matches role's PIN; 0: it does not (or is not 4 to 12 digits);
 * -1: no PIN is set for role, or its file cannot be read or is not an
 * Argon2id hash (logged with the path, never with the PIN or the hash).
 * Takes about a tenth of a second (Argon2id) and 64 MiB while it runs.
 * Does not look at the lockout: check store_pin_failures() first. */
int store_pin_check(const char *data_dir, const char *role, const char *pin);

/* The lockout, shared by both roles (one PIN pad), in DATA/pin-lockout
 * (mode 0600, replaced atomically like the PIN files) so that a restart or
 * a pulled plug does not reset it.
 *
 * store_pin_failures: wrong PINs in a row, and until when (unix seconds)
 * entry is locked; 0 when not locked. Entry is locked while now <
 * *locked_until_unix; the kiosk shows the seconds left and does not call
 * store_pin_check() meanwhile. No file: 0 and 0, true. A file that cannot be
 * read or is damaged: logged, *failures = STORE_PIN_FREE_TRIES (the next
 * wrong PIN locks), *locked_until_unix = 0, false.
 *
 * store_pin_record: success resets both to 0. A failure adds one; from the
 * 5th in a row entry is locked for 30 s from now_unix, then 60, 120, ... up to
 * 3600 s. Returns false (logged) when the file could not be written: the
 * kiosk should then keep counting in memory for as long as it runs.
 * So that pulling the plug during the check counts too, the kiosk may record
 * a failure before store_pin_check() and a success after a match. */
bool store_pin_failures(const char *data_dir, int *failures, int64_t *locked_until_unix);
/* Seconds entry is locked after the failures-th wrong PIN in a row (0, 30,
 * 60, ... 3600): also the most a lockout on record may still have left. */
int64_t store_pin_lock_seconds(int failures);
bool store_pin_record(const char *data_dir, bool success, int64_t now_unix);

/* ---- Usage figures (anonymous counts per day) ----
 *
 * Table usage(day, metric, item, count), WITHOUT ROWID: one row per day,
 * metric and item holding a running count, and nothing else: no session id,
 * no time finer than the day, no insertion order. Metrics and their items:
 *
 *   sessions           ""         a visitor session started
 *   module_opened      module id  ("recognizing-signs": a-z, 0-9, "-", up to 40)
 *   page_reached       "<module id>#<page>" (page 1 to 9999)
 *   language           language code ("es": 2 to 12 of a-z, 0-9, "-")
 *   crisis_opened      ""         the crisis screen was opened
 *   contact_submitted  ""         a contact request was stored (a count only)
 *
 * day is "YYYY-MM-DD" in the kiosk's local time. Anything else is refused
 * (STORE_IO, logged without the item) and changes nothing. So that the file
 * does not date single events either, the kiosk should add up counts in
 * memory and write them once an hour (and when it stops), not at each tap. */

#define STORE_DAY_SIZE 11 /* "YYYY-MM-DD" and its NUL */

/* Adds n (1 to 1000000) to the count of (day, metric, item): one UPSERT in its
 * own transaction (BEGIN IMMEDIATE; INSERT ... ON CONFLICT DO UPDATE SET
 * count = count + excluded.count; COMMIT). item may be NULL for "". */
store_status store_usage_add(store *s, const char *day, const char *metric, const char *item, int n);

/* counts[0..days) gets the total of metric (over all its items) on each of
 * the days days from since_day on, oldest first, 0 for a day with none: the
 * staff screen's 7-day chart is store_usage_days(s, "sessions", "<6 days
 * ago>", 7, counts). days is 1 to 366. A database from before usage figures
 * gives zeros. */
store_status store_usage_days(store *s, const char *metric, const char *since_day, int days, int *counts);

typedef struct {
    const char *day, *metric, *item; /* item "" for sessions, crisis_opened, contact_submitted */
    int64_t count;
} store_usage_row;

/* Return false to stop. */
typedef bool (*store_usage_fn)(void *ctx, const store_usage_row *row);

/* Calls fn for each row with day >= since_day (NULL: all), ordered by day,
 * then metric in the order listed above, then item (pages by module, then
 * page number), in one read transaction. */
store_status store_usage_each(store *s, const char *since_day, store_usage_fn fn, void *ctx);

#endif
