/* outbox: lantern-outbox, the kiosk's courier. It reads sealed requests that
 * are waiting in the kiosk's database and pushes them to the central
 * PostgreSQL in batches (central.h), marking them delivered only after the
 * central COMMIT returned; wipes delivered and handed-off requests after the
 * retention period; backs off with jitter while the server is unreachable.
 * It never holds the private key and never sees plain text.
 *
 * Config: a text file of "key = value" lines ("#" starts a comment), which
 * holds the connection settings and so must be readable by its owner only
 * (mode 0600 or 0400; anything wider is refused):
 *
 *   db = /var/lib/lantern/requests.db     the kiosk's database
 *   kiosk_id = lobby-1                    a-z, 0-9, "-", 1 to 40
 *   pg = host=central.example.org dbname=lantern user=kiosk_lobby password=...
 *   ca = /etc/lantern/central-ca.crt      optional: then sslmode=verify-full
 *   batch = 100                           records per transaction, 1 to 1000
 *   poll_seconds = 5                      how often to look for new requests
 *   retention_days = 7                    delivered ones are wiped after this
 *   backoff_max_seconds = 300             the longest wait between retries
 *
 * outbox_config_load fills an outbox_config (plain, nothing to free) or
 * writes "file:line: message" to err. outbox_run loops until *stop is set
 * (SIGTERM), or with once=true until nothing is waiting (0) or a push fails
 * (1). */
#ifndef LANTERN_OUTBOX_H
#define LANTERN_OUTBOX_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct {
    char db[1024];
    char kiosk_id[48];
    char pg[2048];
    char ca[1024];
    int batch, poll_seconds, retention_days, backoff_max_seconds;
} outbox_config;

bool outbox_config_load(const char *path, outbox_config *cfg, char *err, size_t err_size);

/* Returns the exit status. */
int outbox_run(const outbox_config *cfg, bool once, volatile sig_atomic_t *stop);

/* The wait before retry number failures (1, 2, ...): base 1 s doubled each
 * time up to max_seconds, then a random part taken off (jitter: between half
 * and all of it), so kiosks that lost the server together do not return
 * together. r is a random number in [0, 1). In milliseconds. */
long outbox_backoff_ms(int failures, int max_seconds, double r);

#endif
