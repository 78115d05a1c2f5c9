/* inbox: lantern-inbox, the staff inbox: a small HTTPS server
 * (libmicrohttpd with GnuTLS; the only code that includes microhttpd.h)
 * where staff sign in, open the sealed requests with the staff key's
 * passphrase, record outcomes, download CSV, read the audit log and upload
 * kiosks' USB files.
 *
 * Config (core/kvconf.h: key = value, owner-only):
 *   listen = 0.0.0.0             address to bind (IPv4 or IPv6)
 *   port = 8443
 *   cert = /etc/lantern/inbox.crt    TLS certificate chain (PEM) ...
 *   cert_key = /etc/lantern/inbox.key ... and its key; without both the inbox
 *                                   serves plain HTTP on a loopback address only
 *   data = /var/lib/lantern-inbox   its own database (accounts; one-kiosk
 *                                   outcomes and audit log)
 *   private_key = /etc/lantern/lantern-private.key  the staff key (protected)
 *   kiosk_db = /var/lib/lantern/requests.db   one kiosk, or:
 *   pg = host=... dbname=lantern user=inbox   the central database
 *   ca = /etc/lantern/central-ca.crt          (optional: verify-full)
 *   kiosk_name = lobby            the one kiosk's name on the pages
 *   idle_minutes = 15             sign-out after this long without a request
 *
 * Sessions live in memory only: a random id in a cookie (HttpOnly, Secure,
 * SameSite=Strict), a CSRF token checked on every POST, the opened key wiped
 * at sign-out, at idle time-out and when the server stops. The server log
 * names method, route, status and user; never a form value or request
 * contents. inbox_start gives a server to inbox_stop. */
#ifndef LANTERN_INBOX_H
#define LANTERN_INBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "inbox/inbox_store.h"

typedef struct {
    char listen[64];
    int port;
    char cert[1024], cert_key[1024];
    char data[1024];
    char private_key[1024];
    char kiosk_db[1024], kiosk_name[48];
    char pg[2048], ca[1024];
    int idle_minutes;
} inbox_config;

bool inbox_config_load(const char *path, inbox_config *cfg, char *err, size_t err_size);

/* The path of the inbox's own database (data/inbox.db). */
void inbox_db_path(const inbox_config *cfg, char *out, size_t size);

/* Opens the storage the config names (sqlite or pg). */
inbox_store *inbox_open_store(const inbox_config *cfg, char *err, size_t err_size);

typedef struct inbox inbox;

/* Starts serving (its own thread). The store is used only by that thread
 * from now on and closed by inbox_stop. */
inbox *inbox_start(const inbox_config *cfg, inbox_store *backend, char *err, size_t err_size);
/* The port bound (port = 0 in the config: any free one). */
int inbox_port(const inbox *ib);
/* Signs out sessions idle for longer than idle_minutes (their keys wiped);
 * call about once a second. */
void inbox_sweep(inbox *ib);
void inbox_stop(inbox *ib);

#endif
