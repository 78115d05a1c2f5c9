/* watchdog: the kiosk's side of systemd's service watchdog (sd_notify).
 *
 * Under the lantern systemd unit (Type=notify, WatchdogSec=, NotifyAccess=all)
 * systemd hands the kiosk NOTIFY_SOCKET and WATCHDOG_USEC. The main loop
 * calls watchdog_ping() on every pass; it sends WATCHDOG=1 once half the
 * watchdog interval has gone by since the last ping, so a loop that stops
 * turning (a hang) stops pinging and systemd kills and restarts the kiosk.
 * The loop must wake at least every watchdog_wait_ms() to keep the rhythm.
 * READY=1 goes out once the first frame is on screen, STOPPING=1 at exit.
 *
 * Outside systemd (no NOTIFY_SOCKET: development, tests, the harness) every
 * call is a cheap no-op. WATCHDOG_PID, when set, must be this process
 * (sd_watchdog_enabled's rule): the package's session wrapper unsets it
 * because the kiosk runs as cage's child, not as the unit's main process.
 *
 * Test-only switch: LANTERN_TEST_HANG_AFTER_MS=N, honoured only while the
 * watchdog is enabled, makes watchdog_ping() block for good N ms after
 * watchdog_start(), as a hung main loop would (the pings stop; SIGTERM is
 * not acted on; SIGABRT or SIGKILL ends it). The unit never sets it; it is
 * logged as a warning when it is armed. No visitor action can reach it.
 *
 * Module state is static (one kiosk per process); nothing to free. Times are
 * the caller's monotonic clock in milliseconds (SDL_GetTicks64). */
#ifndef LANTERN_WATCHDOG_H
#define LANTERN_WATCHDOG_H

#include <stdbool.h>
#include <stdint.h>

/* Reads NOTIFY_SOCKET, WATCHDOG_USEC (and WATCHDOG_PID) and the test switch;
 * now_ms starts the clock. Returns true when systemd expects pings. Sends a
 * first ping at once, so a slow start-up does not eat into the interval. */
bool watchdog_start(int64_t now_ms);

/* Every main-loop pass: WATCHDOG=1 when half the interval has passed since
 * the last ping. */
void watchdog_ping(int64_t now_ms);

/* How long the loop may sleep before the next ping is due (0 when it is due
 * now), or -1 when there is no watchdog: cap the event wait with it. */
int64_t watchdog_wait_ms(int64_t now_ms);

/* READY=1 (and a STATUS= line), once, after the first frame is presented. */
void watchdog_ready(void);

/* STOPPING=1, on the way out. */
void watchdog_stopping(void);

/* The ping interval in ms (half of WATCHDOG_USEC), 0 when not enabled. */
int64_t watchdog_interval_ms(void);

#endif
