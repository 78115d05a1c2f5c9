/* handoff_job: the staff screen's "Copy requests to USB" (issue 10, section
 * 4), run on a worker thread like the USB import (import.h), so the kiosk's
 * loop keeps drawing and pinging the watchdog however slow the drive is.
 *
 * The worker opens its own connection to the kiosk's request database (a
 * store is used by one thread at a time: the loop keeps its own for Submit),
 * looks for a writable drive under the media folder (delivery_usb_targets:
 * mount points only, so the kiosk's own disk is never written), and writes
 * the waiting sealed requests there (delivery_copy_to_usb: temporary name,
 * fsync, read back and verified, renamed, then marked handed off). Only
 * sealed bytes pass through it; messages name the drive by its label, never
 * the kiosk's own paths.
 *
 * Threads: every function is called from the kiosk's loop; the worker hands
 * its result back through a mutex-protected slot (handoff_job_take_result)
 * and wakes the loop with an SDL user event when done.
 * handoff_job_create() copies its arguments; handoff_job_destroy() waits for
 * a running copy and frees everything. */
#ifndef LANTERN_HANDOFF_JOB_H
#define LANTERN_HANDOFF_JOB_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/app.h"

typedef struct handoff_job handoff_job;

/* db_path: the kiosk's requests.db; media_dir: where drives are mounted;
 * kiosk_id: checked by the config (config_kiosk_id_ok). */
handoff_job *handoff_job_create(const char *db_path, const char *media_dir, const char *kiosk_id);
void handoff_job_destroy(handoff_job *j);

/* Starts a copy stamped now_unix and fills *now with what the staff screen
 * shows meanwhile (RESULT_HANDOFF_COPYING). False (nothing started) while
 * another copy runs, or when the thread cannot start (*now says so). */
bool handoff_job_start(handoff_job *j, int64_t now_unix, staff_result *now);
bool handoff_job_busy(const handoff_job *j);
/* The finished copy's result, once; false while running or when none. */
bool handoff_job_take_result(handoff_job *j, staff_result *out);
/* Blocks until no copy runs (the harness's "wait" step; destroy). */
void handoff_job_settle(handoff_job *j);

#endif
