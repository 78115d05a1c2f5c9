/* lantern-outbox's loop: wait, read a batch, push, mark, back off. */
#include "outbox/outbox.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "central/central.h"
#include "core/util.h"
#include "platform/watchdog.h"
#include "store/store.h"
#include "store/store_outbox.h"

enum { WIPE_EVERY_S = 3600, OPEN_RETRY_MAX_S = 60 };

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static double random_unit(void)
{
    uint32_t v = 0;
    if (getrandom(&v, sizeof v, GRND_NONBLOCK) != (ssize_t)sizeof v)
        v = (uint32_t)mono_ms() * 2654435761u;
    return (double)v / 4294967296.0;
}

long outbox_backoff_ms(int failures, int max_seconds, double r)
{
    long cap = (long)max_seconds * 1000, d = 1000;
    for (int i = 1; i < failures && d < cap; i++)
        d *= 2;
    if (d > cap)
        d = cap;
    long jittered = d - (long)(d * 0.5 * r);
    return jittered < 100 ? 100 : jittered;
}

/* Sleeps ms in steps short enough to keep the watchdog fed; returns early
 * when stop is set (SIGTERM interrupts nanosleep). Never spins. */
static void wait_ms(long ms, volatile sig_atomic_t *stop)
{
    int64_t end = mono_ms() + ms;
    while (!*stop) {
        int64_t now = mono_ms();
        watchdog_ping(now);
        int64_t left = end - now;
        if (left <= 0)
            break;
        int64_t step = watchdog_wait_ms(now);
        if (step < 0 || step > left)
            step = left;
        if (step < 10)
            step = 10;
        struct timespec ts = {(time_t)(step / 1000), (long)(step % 1000) * 1000000};
        nanosleep(&ts, NULL);
    }
}

/* A batch copied out of the database (the read transaction ends before the
 * network round trip, so the kiosk's writes never wait on it). */
typedef struct {
    central_record *recs;
    int64_t *ids;
    unsigned char *bytes;
    size_t n, cap, used, bytes_cap;
    bool oom;
} batch;

static bool collect(void *ctx, const store_sealed *rec)
{
    batch *b = ctx;
    if (b->used + rec->sealed_len > b->bytes_cap) {
        size_t cap = b->bytes_cap ? b->bytes_cap : 65536;
        while (cap < b->used + rec->sealed_len)
            cap *= 2;
        unsigned char *grown = realloc(b->bytes, cap);
        if (!grown) {
            b->oom = true;
            return false;
        }
        b->bytes = grown;
        b->bytes_cap = cap;
    }
    memcpy(b->bytes + b->used, rec->sealed, rec->sealed_len);
    /* Pointers are fixed up after collecting (the buffer may move). */
    b->recs[b->n] = (central_record){rec->id, rec->created_at, rec->format, NULL, rec->sealed_len};
    b->ids[b->n] = rec->id;
    b->used += rec->sealed_len;
    b->n++;
    return b->n < b->cap;
}

static store *open_store(const outbox_config *cfg)
{
    store_status st;
    char err[1400];
    store *s = store_open_staff(cfg->db, true, &st, err, sizeof err);
    if (!s)
        log_msg(LOG_ERROR, "outbox: %s", err);
    else
        store_set_relaxed_sync(s); /* a lost mark is a repeated push, which the server ignores */
    return s;
}

int outbox_run(const outbox_config *cfg, bool once, volatile sig_atomic_t *stop)
{
    batch b = {.cap = (size_t)cfg->batch};
    b.recs = calloc(b.cap, sizeof *b.recs);
    b.ids = calloc(b.cap, sizeof *b.ids);
    if (!b.recs || !b.ids) {
        log_msg(LOG_ERROR, "outbox: out of memory");
        free(b.recs);
        free(b.ids);
        return 1;
    }
    watchdog_start(mono_ms());
    watchdog_ready();
    store *s = NULL;
    central *c = NULL;
    int failures = 0, status = 0;
    int64_t cursor = 0; /* the last id delivered in this run: the next batch starts after it */
    int64_t next_wipe = 0, pushed_total = 0;
    while (!*stop) {
        int64_t now = mono_ms();
        watchdog_ping(now);
        if (!s) {
            s = open_store(cfg);
            if (!s) {
                if (once) {
                    status = 1;
                    break;
                }
                /* The kiosk creates the database on its first start. */
                wait_ms(outbox_backoff_ms(++failures, OPEN_RETRY_MAX_S, random_unit()), stop);
                continue;
            }
        }
        if (now >= next_wipe) {
            int deleted = 0;
            int64_t cutoff = (int64_t)time(NULL) - (int64_t)cfg->retention_days * 86400;
            if (store_outbox_wipe(s, cutoff, &deleted, NULL) == STORE_OK && deleted > 0)
                log_msg(LOG_INFO, "outbox: wiped %d request%s delivered more than %d days ago",
                        deleted, deleted == 1 ? "" : "s", cfg->retention_days);
            next_wipe = now + WIPE_EVERY_S * 1000;
        }
        b.n = b.used = 0;
        b.oom = false;
        store_status st = store_outbox_each_after(s, cursor, cfg->batch, collect, &b);
        if (st != STORE_OK || b.oom) {
            log_msg(LOG_ERROR, "outbox: reading waiting requests failed: %s",
                    b.oom ? "out of memory" : store_status_text(st));
            store_close(s);
            s = NULL;
            if (once) {
                status = 1;
                break;
            }
            wait_ms(outbox_backoff_ms(++failures, cfg->backoff_max_seconds, random_unit()), stop);
            continue;
        }
        if (b.n == 0 && cursor > 0) {
            cursor = 0; /* once more from the start: anything skipped (a failed mark) */
            continue;
        }
        if (b.n == 0) {
            if (once)
                break;
            wait_ms((long)cfg->poll_seconds * 1000, stop);
            continue;
        }
        size_t off = 0;
        for (size_t i = 0; i < b.n; i++) {
            b.recs[i].sealed = b.bytes + off;
            off += b.recs[i].sealed_len;
        }
        char err[1024];
        int inserted = 0;
        if (!c)
            c = central_connect(cfg->pg, cfg->ca, "lantern-outbox", err, sizeof err);
        bool ok =
            c && central_push(c, cfg->kiosk_id, "outbox", b.recs, b.n, &inserted, err, sizeof err);
        if (!ok) {
            failures++;
            long delay = outbox_backoff_ms(failures, cfg->backoff_max_seconds, random_unit());
            log_msg(LOG_WARN, "outbox: %zu request%s waiting; %s; retry %d in %.1f s", b.n,
                    b.n == 1 ? "" : "s", err, failures, delay / 1000.0);
            central_close(c);
            c = NULL;
            if (once) {
                status = 1;
                break;
            }
            wait_ms(delay, stop);
            continue;
        }
        /* COMMIT returned: now, and only now, delivered. If this mark fails
         * the batch is pushed again later and the server ignores it. */
        st = store_outbox_mark(s, b.ids, b.n, STORE_DELIVERED, (int64_t)time(NULL));
        if (st == STORE_OK)
            cursor = b.ids[b.n - 1];
        else
            log_msg(LOG_WARN,
                    "outbox: pushed %zu but could not mark them delivered (%s); they will be sent "
                    "again and ignored centrally",
                    b.n, store_status_text(st));
        if (failures)
            log_msg(LOG_INFO, "outbox: the central database is reachable again");
        failures = 0;
        pushed_total += (int64_t)b.n;
        log_msg(LOG_INFO, "outbox: pushed %zu request%s (%d new centrally)", b.n,
                b.n == 1 ? "" : "s", inserted);
    }
    watchdog_stopping();
    central_close(c);
    store_close(s);
    if (b.bytes)
        explicit_bzero(b.bytes, b.bytes_cap);
    free(b.bytes);
    free(b.recs);
    free(b.ids);
    log_msg(LOG_INFO, "outbox: stopping after pushing %lld request%s", (long long)pushed_total,
            pushed_total == 1 ? "" : "s");
    return status;
}
