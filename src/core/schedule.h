/* schedule: the support groups' next meetings from the kiosk's clock.
 * Plain logic over the content model (content.h): no SDL, no JSON.
 *
 * Times are the kiosk's local time (the TZ of the process: localtime_r and
 * mktime), so a group at 18:30 stays at 18:30 across daylight-saving changes.
 * A group's meetings are its weekday at start_minute, every week; a meeting
 * lasts `minutes` of real time. A cancellation removes the meeting that starts
 * on its date (for one group, or for every group that day).
 *
 * Ownership: schedule_entry points into the content_lang it was computed
 * from (its cancellations); nothing is allocated. */
#ifndef LANTERN_SCHEDULE_H
#define LANTERN_SCHEDULE_H

#include <stdbool.h>
#include <stdint.h>

#include "content.h"

enum { SCHEDULE_WEEKS_AHEAD = 8 }; /* how far to look past cancelled dates */

typedef struct {
    int group;          /* index in lang->groups */
    int64_t start_unix; /* the next meeting's start; 0 when none */
    int64_t end_unix;   /* its end (start + minutes); 0 when none */
    bool in_progress;   /* started and not over yet: show it as "now" */
    bool none;          /* every meeting in the next SCHEDULE_WEEKS_AHEAD weeks is cancelled */
    /* The first cancellation passed over to reach the next meeting, so the
     * screen can say "No group on Dec 24: Holiday" (NULL when the group's
     * next regular date takes place), and how many dates in a row were
     * cancelled from there. */
    const content_cancellation *skipped;
    int skipped_count;
} schedule_entry;

/* A meeting cancelled from the staff screen (kept in the data folder by the
 * store, not in content): the group's meeting that starts on date. reason is
 * a word whose text is the UI string "cancel.reason.<reason>". */
enum { SCHEDULE_STAFF_CANCEL_MAX = 32 };
typedef struct {
    char date[11];     /* YYYY-MM-DD, local */
    char group_id[41]; /* content_group.id */
    char reason[24];   /* holiday, facilitator, room */
} schedule_cancel;

/* The same as below, with extra cancellations (staff-entered, as
 * content_cancellation in the visitor's language) besides the content's. */
int schedule_upcoming_extra(const content_lang *lang, const content_cancellation *extra, int extra_count,
                            int64_t now_unix, schedule_entry *out, int max);
schedule_entry schedule_next_extra(const content_lang *lang, const content_cancellation *extra, int extra_count,
                                   int group, int64_t now_unix);

/* Fills out[] with one entry per group (at most max) for the clock now_unix:
 * the next meeting that has not ended (a meeting in progress is the next one),
 * skipping cancelled dates. Sorted by start, soonest first, so out[0] is the
 * meeting to highlight (unless out[0].none: then no group meets soon); groups
 * with no meeting are last, in content order; ties keep content order.
 * Returns the number of entries. */
int schedule_upcoming(const content_lang *lang, int64_t now_unix, schedule_entry *out, int max);

/* The next meeting of one group at or after now_unix (still going on counts),
 * as schedule_upcoming() computes it for that group. */
schedule_entry schedule_next(const content_lang *lang, int group, int64_t now_unix);

/* The cancellation that removes group's meeting starting on date
 * ("YYYY-MM-DD", local), or NULL: one naming the group, else one for every
 * group that day. */
const content_cancellation *schedule_cancellation(const content_lang *lang, int group,
                                                  const char *date);

#endif
