/* reload: safe content reload while the kiosk runs.
 *
 * Watches the content folder with inotify (the folder itself, its
 * subfolders, and its parent, so that the documented publish step, swapping
 * a symlink atomically, is seen). On a change it loads and validates the
 * whole new version off to the side: if anything is wrong it logs every
 * problem and keeps the last good content; if all is well it holds the new
 * set and switches at the next session boundary (the attract screen), never
 * under a reader.
 *
 * reloader_create() takes ownership of the initial set; reloader_destroy()
 * frees every set it holds. */
#ifndef LANTERN_RELOAD_H
#define LANTERN_RELOAD_H

#include <stdbool.h>

#include "../content/load.h"
#include "../core/app.h"

typedef struct reloader reloader;

/* path: the configured content folder (often a symlink). NULL on failure
 * (the set is then still the caller's). A watch that cannot be set up is
 * logged and the kiosk runs without reload. */
reloader *reloader_create(const char *path, content_set *initial, const content_checks *checks);
/* The start language the config or --lang chose: every later set starts in it
 * too (a Spanish-first kiosk stays Spanish-first after an update). */
void reloader_set_language(reloader *r, const char *code);
void reloader_destroy(reloader *r);
const content_set *reloader_current(const reloader *r);

/* Reads pending inotify events (never blocks), loads a changed folder, and
 * switches the app over when it is on the attract screen. now_ms is the
 * caller's monotonic clock (the kiosk's ticks, the harness's virtual clock):
 * edits inside the live folder are loaded once it has been quiet for 1.5 s
 * by that clock. Returns true when the app's content was switched (the
 * caller refreshes anything tied to the old set, e.g. cached images). */
bool reloader_poll(reloader *r, app *a, int64_t now_ms);
/* The inotify descriptor to wait on (-1: none), and whether a checked set
 * waits for the attract screen: the kiosk's loop sleeps on both. */
int reloader_fd(const reloader *r);
/* Milliseconds from now_ms until edits made inside the live folder are
 * loaded (they wait for 1.5 s of quiet; a checked set waits with them), or -1
 * when none are waiting: the loop wakes then. */
int64_t reloader_wait_ms(const reloader *r, int64_t now_ms);
/* How many times a folder was loaded and checked (logs, tests). */
int reloader_loads(const reloader *r);
bool reloader_has_pending(const reloader *r);

/* Loads and checks the folder now, as a change would (staff's "reload"):
 * a good version goes live at the next attract screen. */
void reloader_reload_now(reloader *r);

/* What happened last, for logs: "" before any reload. */
const char *reloader_last_result(const reloader *r);
/* The same for the staff screen, worded there from the content. */
void reloader_last(const reloader *r, staff_result *out);

/* The documented publish step, for tests and tools: points the symlink at
 * path to target, atomically (a new link renamed over the old one). */
bool content_publish(const char *path, const char *target, char *err, size_t err_size);

#endif
