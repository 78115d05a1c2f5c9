/* wake: lets the kiosk's loop sleep until something happens, with no
 * periodic wake-up. A small thread waits (poll) on SIGTERM/SIGINT (through a
 * signalfd: the signals are blocked in every thread) and on the content
 * watcher's inotify descriptor, and turns each into an SDL event, which ends
 * the loop's SDL_WaitEventTimeout. After handling a content wake the loop
 * calls wake_rearm(), so the thread never spins on a descriptor the loop has
 * not drained yet.
 *
 * wake_block_signals() must run before SDL_Init (before any thread starts);
 * wake_start() returns NULL on failure (the loop then falls back to waking
 * once a second). wake_stop() joins the thread and frees everything. */
#ifndef LANTERN_WAKE_H
#define LANTERN_WAKE_H

#include <stdbool.h>
#include <stdint.h>

typedef struct waker waker;

bool wake_block_signals(void);
/* watch_fd: a descriptor to wake on when readable (-1: none). */
waker *wake_start(int watch_fd);
/* True once SIGTERM or SIGINT arrived. */
bool wake_stop_requested(const waker *w);
/* True when e (an SDL_Event's type) is this module's. */
bool wake_is_event(const waker *w, uint32_t sdl_event_type);
void wake_rearm(waker *w);
void wake_stop(waker *w);

#endif
