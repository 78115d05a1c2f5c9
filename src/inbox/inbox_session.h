/* inbox_session: the staff inbox's sessions, in memory only. A session is
 * a random 256-bit id (the cookie), a CSRF token, the user ("" before sign-in),
 * the time of its last request (monotonic) and, once the passphrase was
 * given, the opened staff key. session_end wipes all of it. The table is a
 * fixed array of SESSIONS_MAX owned by the server; the caller locks. */
#ifndef LANTERN_INBOX_SESSION_H
#define LANTERN_INBOX_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

enum { SESSIONS_MAX = 256 };

typedef struct {
    bool used;
    char id[65], csrf[65];
    char user[48]; /* "" before sign-in */
    int64_t last_ms;
    bool key_open;
    int unlock_failures;
    store_private_key key;
} session;

/* A free slot (or the oldest not signed in), with a fresh id and token;
 * NULL when every slot is a signed-in session or no randomness. */
session *session_new(session *sessions, const char *user);
void session_end(session *s);
/* Equal tokens, in time that does not depend on where they differ. */
bool token_eq(const char *a, const char *b);
int64_t session_now_ms(void);

#endif
