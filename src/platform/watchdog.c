/* watchdog: sd_notify READY=1 / WATCHDOG=1 / STOPPING=1 for the lantern unit
 * (see watchdog.h). */
#include "watchdog.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <systemd/sd-daemon.h>
#include <time.h>

#include "../core/util.h"

static struct {
    bool notify;          /* NOTIFY_SOCKET is set: READY/STOPPING go out */
    bool ready_sent;
    int64_t interval_ms;  /* ping every this long; 0: no watchdog */
    int64_t last_ping_ms;
    int64_t hang_at_ms;   /* test switch: hang from this time on; -1: never */
} wd = {.hang_at_ms = -1};

static void send_ping(int64_t now_ms)
{
    int r = sd_notify(0, "WATCHDOG=1");
    if (r < 0)
        log_msg(LOG_WARN, "watchdog: cannot notify systemd: %s", strerror(-r));
    wd.last_ping_ms = now_ms;
}

/* The test switch's simulated hang: the loop never turns again. */
static void hang_for_good(void)
{
    log_msg(LOG_WARN, "watchdog: LANTERN_TEST_HANG_AFTER_MS reached: the main loop now hangs (test only)");
    for (;;) {
        struct timespec ts = {1, 0};
        nanosleep(&ts, NULL);
    }
}

bool watchdog_start(int64_t now_ms)
{
    const char *sock = getenv("NOTIFY_SOCKET");
    wd.notify = sock && *sock;
    wd.ready_sent = false;
    wd.interval_ms = 0;
    wd.hang_at_ms = -1;
    uint64_t usec = 0;
    int r = sd_watchdog_enabled(0, &usec);
    if (r < 0)
        log_msg(LOG_WARN, "watchdog: WATCHDOG_USEC or WATCHDOG_PID is not valid: %s", strerror(-r));
    if (r > 0 && wd.notify && usec > 0) {
        /* Half the interval, as sd_watchdog_enabled(3) recommends; at least 1 ms. */
        wd.interval_ms = (int64_t)(usec / 2000);
        if (wd.interval_ms < 1)
            wd.interval_ms = 1;
        const char *hang = getenv("LANTERN_TEST_HANG_AFTER_MS");
        if (hang && *hang) {
            char *end;
            errno = 0;
            long long ms = strtoll(hang, &end, 10);
            if (!*end && !errno && ms >= 0) {
                wd.hang_at_ms = now_ms + ms;
                log_msg(LOG_WARN, "watchdog: test switch LANTERN_TEST_HANG_AFTER_MS=%lld armed", ms);
            }
        }
        log_msg(LOG_INFO, "watchdog: pinging systemd every %lld ms", (long long)wd.interval_ms);
        send_ping(now_ms);
    }
    return wd.interval_ms > 0;
}

void watchdog_ping(int64_t now_ms)
{
    if (wd.interval_ms <= 0)
        return;
    if (wd.hang_at_ms >= 0 && now_ms >= wd.hang_at_ms)
        hang_for_good();
    if (now_ms - wd.last_ping_ms >= wd.interval_ms || now_ms < wd.last_ping_ms)
        send_ping(now_ms);
}

int64_t watchdog_wait_ms(int64_t now_ms)
{
    if (wd.interval_ms <= 0)
        return -1;
    int64_t due = wd.last_ping_ms + wd.interval_ms;
    if (wd.hang_at_ms >= 0 && wd.hang_at_ms < due)
        due = wd.hang_at_ms;
    return due > now_ms ? due - now_ms : 0;
}

void watchdog_ready(void)
{
    if (!wd.notify || wd.ready_sent)
        return;
    wd.ready_sent = true;
    int r = sd_notify(0, "READY=1\nSTATUS=Showing the kiosk");
    if (r < 0)
        log_msg(LOG_WARN, "watchdog: cannot notify systemd: %s", strerror(-r));
}

void watchdog_stopping(void)
{
    if (!wd.notify)
        return;
    sd_notify(0, "STOPPING=1\nSTATUS=Stopping");
}

int64_t watchdog_interval_ms(void)
{
    return wd.interval_ms;
}
