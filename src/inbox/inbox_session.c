#include "inbox/inbox_session.h"

#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "core/util.h"

int64_t session_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static bool random_hex(char out[65])
{
    unsigned char raw[32];
    if (getrandom(raw, sizeof raw, 0) != (ssize_t)sizeof raw)
        return false;
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        out[2 * i] = hex[raw[i] >> 4];
        out[2 * i + 1] = hex[raw[i] & 15];
    }
    out[64] = '\0';
    explicit_bzero(raw, sizeof raw);
    return true;
}

/* Constant time for equal lengths: tokens are compared without leaking
 * how much of a guess was right. */
bool token_eq(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    unsigned char diff = n != m || n == 0;
    for (size_t i = 0; i < n && i < m; i++)
        diff |= (unsigned char)(a[i] ^ b[i]);
    return diff == 0;
}

void session_end(session *s)
{
    store_wipe(&s->key, sizeof s->key);
    explicit_bzero(s, sizeof *s);
}

session *session_new(session *sessions, const char *user)
{
    session *slot = NULL;
    for (int i = 0; i < SESSIONS_MAX && !slot; i++)
        if (!sessions[i].used)
            slot = &sessions[i];
    if (!slot) {
        /* Full: the oldest session that has not signed in makes room. */
        for (int i = 0; i < SESSIONS_MAX; i++) {
            session *s = &sessions[i];
            if (!s->user[0] && (!slot || s->last_ms < slot->last_ms))
                slot = s;
        }
        if (!slot)
            return NULL;
        session_end(slot);
    }
    if (!random_hex(slot->id) || !random_hex(slot->csrf)) {
        session_end(slot);
        return NULL;
    }
    slot->used = true;
    str_copy(slot->user, sizeof slot->user, user ? user : "");
    slot->last_ms = session_now_ms();
    return slot;
}
