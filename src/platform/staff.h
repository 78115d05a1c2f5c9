/* staff: the platform side of the staff and facilitator screens.
 *
 * Checks PINs against their Argon2id hashes (through the store; the PIN is
 * wiped at once and never logged), keeps the lockout, fills the staff
 * screen's figures, carries out its actions (reload content, import a
 * content folder from a USB drive on a worker thread and publish it through
 * the same safe switch as a reload, roll back: import.h; copy the waiting
 * sealed requests to a USB drive on a worker thread when the kiosk has a
 * kiosk_id: handoff_job.h; exit for maintenance) and hands usage
 * events to the counter.
 *
 * staff_create() borrows the config; staff_destroy() frees the state. */
#ifndef LANTERN_STAFF_H
#define LANTERN_STAFF_H

#include "../core/app.h"
#include "../core/config.h"
#include "contact.h"
#include "reload.h"

enum { EXIT_MAINTENANCE = 75 }; /* EX_TEMPFAIL: the unit does not restart on it */

typedef struct staff_ctl staff_ctl;

staff_ctl *staff_create(const config *cfg, int64_t start_wall);
void staff_destroy(staff_ctl *s);
/* Handles whatever the app asked for. wall: unix seconds (dates, the record
 * on disk); mono_ms: the kiosk's monotonic clock (virtual in the harness),
 * which measures the PIN lockout and uptime. Returns -1 to go on, or the exit
 * status the kiosk should stop with. *changed is set when the screen changed. */
int staff_poll(staff_ctl *s, app *a, reloader *r, contact *c, int64_t wall, int64_t mono_ms, bool *changed);
/* Waits until a USB import or copy running in the background has finished (its
 * result is then taken by the next staff_poll). The harness's "wait" step
 * calls it, so scripts are deterministic; the kiosk never blocks on it. */
void staff_settle(staff_ctl *s);

#endif
