#include "schedule.h"

#include <string.h>
#include <time.h>

const content_cancellation *schedule_cancellation(const content_lang *lang, int group,
                                                  const char *date)
{
    const content_cancellation *every = NULL;
    const char *id = lang->groups[group].id;
    for (int i = 0; i < lang->cancellation_count; i++) {
        const content_cancellation *c = &lang->cancellations[i];
        if (strcmp(c->date, date) != 0)
            continue;
        if (c->group_id && strcmp(c->group_id, id) == 0)
            return c;
        if (!c->group_id && !every)
            every = c;
    }
    return every;
}

/* The local calendar day `offset` days after the day of `base` (a local
 * struct tm), as y/m/d and weekday. Noon keeps DST shifts off the date. */
static bool local_day(const struct tm *base, int offset, struct tm *day)
{
    struct tm t = {0};
    t.tm_year = base->tm_year;
    t.tm_mon = base->tm_mon;
    t.tm_mday = base->tm_mday + offset;
    t.tm_hour = 12;
    t.tm_isdst = -1;
    if (mktime(&t) == (time_t)-1)
        return false;
    *day = t;
    return true;
}

/* The Unix time of minute `minute` after midnight, local time, on day's date.
 * tm_isdst = -1 lets mktime pick standard or daylight time for that moment; a
 * time that does not exist (the hour skipped in spring) comes out an hour
 * later, which is what a wall clock shows. */
static bool local_time(const struct tm *day, int minute, int64_t *out)
{
    struct tm t = {0};
    t.tm_year = day->tm_year;
    t.tm_mon = day->tm_mon;
    t.tm_mday = day->tm_mday;
    t.tm_hour = minute / 60;
    t.tm_min = minute % 60;
    t.tm_isdst = -1;
    time_t s = mktime(&t);
    if (s == (time_t)-1)
        return false;
    *out = (int64_t)s;
    return true;
}

/* The content's cancellation of that meeting, else a staff-entered one. */
static const content_cancellation *cancelled(const content_lang *lang, const content_cancellation *extra,
                                             int extra_count, int group, const char *date)
{
    const content_cancellation *c = schedule_cancellation(lang, group, date);
    for (int i = 0; !c && i < extra_count; i++)
        if (strcmp(extra[i].date, date) == 0 &&
            (!extra[i].group_id || strcmp(extra[i].group_id, lang->groups[group].id) == 0))
            c = &extra[i];
    return c;
}

schedule_entry schedule_next(const content_lang *lang, int group, int64_t now_unix)
{
    return schedule_next_extra(lang, NULL, 0, group, now_unix);
}

schedule_entry schedule_next_extra(const content_lang *lang, const content_cancellation *extra, int extra_count,
                                   int group, int64_t now_unix)
{
    schedule_entry e = {.group = group, .none = true};
    const content_group *g = &lang->groups[group];
    time_t now = (time_t)now_unix;
    struct tm today;
    if (!localtime_r(&now, &today))
        return e;
    /* From yesterday (a meeting may run past midnight) for this week and
     * SCHEDULE_WEEKS_AHEAD more of the group's dates that have not ended. */
    int first = (g->weekday - today.tm_wday + 7) % 7 - 7; /* -7 .. -1 */
    int dates = 0;
    for (int offset = first; dates <= SCHEDULE_WEEKS_AHEAD; offset += 7) {
        struct tm day;
        int64_t start;
        if (!local_day(&today, offset, &day) || !local_time(&day, g->start_minute, &start))
            return e;
        int64_t end = start + (int64_t)g->minutes * 60;
        if (end <= now_unix)
            continue; /* over already */
        dates++;
        char date[32];
        if (strftime(date, sizeof date, "%Y-%m-%d", &day) == 0)
            return e;
        const content_cancellation *c = cancelled(lang, extra, extra_count, group, date);
        if (c) {
            if (!e.skipped)
                e.skipped = c;
            e.skipped_count++;
            continue;
        }
        e.start_unix = start;
        e.end_unix = end;
        e.in_progress = start <= now_unix;
        e.none = false;
        return e;
    }
    return e;
}

static bool before(const schedule_entry *a, const schedule_entry *b)
{
    if (a->none != b->none)
        return !a->none;
    if (!a->none && a->start_unix != b->start_unix)
        return a->start_unix < b->start_unix;
    return a->group < b->group;
}

int schedule_upcoming(const content_lang *lang, int64_t now_unix, schedule_entry *out, int max)
{
    return schedule_upcoming_extra(lang, NULL, 0, now_unix, out, max);
}

int schedule_upcoming_extra(const content_lang *lang, const content_cancellation *extra, int extra_count,
                            int64_t now_unix, schedule_entry *out, int max)
{
    int n = 0;
    for (int g = 0; g < lang->group_count && n < max; g++) {
        schedule_entry e = schedule_next_extra(lang, extra, extra_count, g, now_unix);
        /* Insertion sort: at most CONTENT_MAX_GROUPS entries. */
        int i = n++;
        while (i > 0 && before(&e, &out[i - 1])) {
            out[i] = out[i - 1];
            i--;
        }
        out[i] = e;
    }
    return n;
}
