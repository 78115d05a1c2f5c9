/* import: the staff screen's USB content import and roll-back.
 *
 * An import runs on one worker thread, so the kiosk's loop keeps drawing and
 * pinging the watchdog however slow the drive is. For a content folder the
 * worker:
 *   1. walks the drive's folder without following links (openat, fstatat):
 *      regular files and folders only; a symbolic link, FIFO, device or
 *      socket is refused with its name; every file is hashed (BLAKE2b-256);
 *   2. validates the drive's folder (content_load, the approval gate);
 *   3. copies it, in process (no fork/exec), into a new folder of its own
 *      (mkdtemp) in the kiosk's data folder, which is writable on a packaged
 *      install where the shipped content is not, hashing what it copies;
 *      a file list or hash that differs from step 1 means the folder changed
 *      during the import: refused, never a mix of two versions;
 *   4. validates the copy, saves the way back (below), and only then points
 *      the content link at the copy (content_publish: one atomic rename).
 * A failure at any step removes the new folder and changes nothing else; the
 * live folder is never written or removed. A *.bundle file is installed by
 * bundle_install() on the same worker.
 *
 * The way back: DATA/content-history lists known-good versions, one
 * absolute folder per line, oldest first (written whole: a temporary file,
 * fsync, rename). Before a switch the live version is appended; if that
 * cannot be written (a full data folder) nothing is switched and the staff
 * screen says so. Roll-back drops the live version from the end of the list
 * and goes to the one before it, so a second roll-back goes further back,
 * never forward. Imported folders that fall out of the list (and are not
 * live) are removed.
 *
 * Threads: every function is called from the kiosk's loop; only the worker
 * runs beside it, and hands its result back through a mutex-protected slot
 * (import_take_result) and wakes the loop with an SDL user event when
 * done. import_create() copies its arguments;
 * import_destroy() waits for a running import and frees everything. */
#ifndef LANTERN_IMPORT_H
#define LANTERN_IMPORT_H

#include <stdbool.h>

#include "../content/load.h"
#include "../core/app.h"

typedef struct import_ctl import_ctl;

#define IMPORT_HISTORY_NAME "content-history"
enum { IMPORT_HISTORY_MAX = 6 }; /* versions kept for roll-back, the live one included */

/* data_dir: the kiosk's writable data folder; link: the content symlink;
 * checks: borrowed, used from the worker (content_checks.c locks). */
import_ctl *import_create(const char *data_dir, const char *link, const content_checks *checks);
void import_destroy(import_ctl *im);

/* Starts importing path (a folder holding manifest.json, or a *.bundle file)
 * and fills *now with what the staff screen shows meanwhile ("importing").
 * False (nothing started) while another import runs. */
bool import_start(import_ctl *im, const char *path, staff_result *now);
bool import_busy(import_ctl *im);
/* The finished import's result, once; false while running or when none. */
bool import_take_result(import_ctl *im, staff_result *out);
/* Blocks until no import runs (the harness's "wait" step; destroy). */
void import_settle(import_ctl *im);

/* Goes back one known-good version (synchronous: a small file and a rename;
 * refused while an import runs). */
void import_roll_back(import_ctl *im, staff_result *out);
/* True when a roll-back has somewhere to go. */
bool import_can_roll_back(import_ctl *im);

/* Test seam: called on the worker between the steps above ("validated",
 * "copied"), so a test can change the drive's folder mid-import. */
typedef void (*import_step_fn)(void *ctx, const char *step);
void import_set_step_hook(import_ctl *im, import_step_fn fn, void *ctx);

#endif
