/* The support groups' next meetings from the kiosk's clock, in the time zone
 * of the kiosk (America/Los_Angeles): before, during and after a meeting, the
 * week's wrap-around, cancelled dates, daylight-saving weeks; and the shipped
 * groups and facilitator prompts. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "content/load.h"
#include "core/schedule.h"

/* Seconds since the epoch of a UTC date and time, by the calendar alone
 * (not by mktime, which the code under test uses). */
static int64_t utc(int y, int m, int d, int hh, int mm)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    int64_t days = era * 146097 + doe - 719468;
    return days * 86400 + hh * 3600 + mm * 60;
}

/* Los Angeles wall-clock time: PST is UTC-8, PDT is UTC-7. */
static int64_t pst(int y, int m, int d, int hh, int mm)
{
    return utc(y, m, d, hh, mm) + 8 * 3600;
}

static int64_t pdt(int y, int m, int d, int hh, int mm)
{
    return utc(y, m, d, hh, mm) + 7 * 3600;
}

static content_group group(const char *id, int weekday, int hh, int mm, int minutes)
{
    return (content_group){.id = id,
                           .name = id,
                           .who = "Families",
                           .room = "Room 1",
                           .language = "English",
                           .join = "Ask at the front desk",
                           .weekday = weekday,
                           .start_minute = hh * 60 + mm,
                           .minutes = minutes};
}

enum { SUN, MON, TUE, WED, THU, FRI, SAT };

static content_lang lang_of(content_group *groups, int n, content_cancellation *cancels, int c)
{
    return (content_lang){.code = "en",
                          .groups = groups,
                          .group_count = n,
                          .cancellations = cancels,
                          .cancellation_count = c};
}

/* The entry of group g among n entries, or NULL. */
static const schedule_entry *entry_for(const schedule_entry *e, int n, int g)
{
    for (int i = 0; i < n; i++)
        if (e[i].group == g)
            return &e[i];
    return NULL;
}

static void test_clock_times(void)
{
    content_group g[] = {group("tue", TUE, 18, 30, 90), group("sat", SAT, 10, 0, 60),
                         group("thu", THU, 18, 30, 90)};
    content_lang lang = lang_of(g, 3, NULL, 0);
    schedule_entry e[8];

    /* Tuesday 2026-12-22, 17:00: the Tuesday group is later today. */
    int n = schedule_upcoming(&lang, pst(2026, 12, 22, 17, 0), e, 8);
    CHECK(n == 3);
    CHECK(e[0].group == 0 && e[0].start_unix == pst(2026, 12, 22, 18, 30) && !e[0].in_progress);
    CHECK(e[0].end_unix == pst(2026, 12, 22, 20, 0));
    CHECK(e[1].group == 2 && e[1].start_unix == pst(2026, 12, 24, 18, 30));
    CHECK(e[2].group == 1 && e[2].start_unix == pst(2026, 12, 26, 10, 0));
    for (int i = 0; i < n; i++)
        CHECK(!e[i].skipped && e[i].skipped_count == 0 && !e[i].none);

    /* At the start, and during: in progress, still the next meeting. */
    n = schedule_upcoming(&lang, pst(2026, 12, 22, 18, 30), e, 8);
    CHECK(e[0].group == 0 && e[0].in_progress && e[0].start_unix == pst(2026, 12, 22, 18, 30));
    n = schedule_upcoming(&lang, pst(2026, 12, 22, 19, 59), e, 8);
    CHECK(e[0].group == 0 && e[0].in_progress && e[0].start_unix == pst(2026, 12, 22, 18, 30));
    CHECK(!e[1].in_progress && !e[2].in_progress);

    /* At its end it is over: next Tuesday, now last in the list. */
    n = schedule_upcoming(&lang, pst(2026, 12, 22, 20, 0), e, 8);
    CHECK(n == 3);
    CHECK(e[0].group == 2 && e[1].group == 1);
    CHECK(e[2].group == 0 && e[2].start_unix == pst(2026, 12, 29, 18, 30) && !e[2].in_progress);

    /* Saturday night: everything wraps to next week. */
    n = schedule_upcoming(&lang, pst(2026, 12, 26, 22, 0), e, 8);
    CHECK(n == 3);
    CHECK(e[0].group == 0 && e[0].start_unix == pst(2026, 12, 29, 18, 30));
    CHECK(e[1].group == 2 && e[1].start_unix == pst(2026, 12, 31, 18, 30));
    CHECK(e[2].group == 1 && e[2].start_unix == pst(2027, 1, 2, 10, 0));

    /* A meeting running past midnight is still in progress the next day. */
    content_group late[] = {group("late", FRI, 22, 0, 240)};
    content_lang late_lang = lang_of(late, 1, NULL, 0);
    n = schedule_upcoming(&late_lang, pst(2026, 12, 26, 1, 0), e, 8); /* Saturday 01:00 */
    CHECK(n == 1 && e[0].in_progress && e[0].start_unix == pst(2026, 12, 25, 22, 0));
    n = schedule_upcoming(&late_lang, pst(2026, 12, 26, 2, 0), e, 8); /* over at 02:00 */
    CHECK(n == 1 && !e[0].in_progress && e[0].start_unix == pst(2027, 1, 1, 22, 0));

    /* max limits the entries: the soonest of those computed. */
    n = schedule_upcoming(&lang, pst(2026, 12, 22, 17, 0), e, 2);
    CHECK(n == 2 && e[0].group == 0);
    CHECK(schedule_upcoming(&lang, pst(2026, 12, 22, 17, 0), e, 0) == 0);
}

static void test_cancellations(void)
{
    content_group g[] = {group("tue", TUE, 18, 30, 90), group("tue-am", TUE, 10, 0, 60),
                         group("thu", THU, 18, 30, 90), group("sat", SAT, 10, 0, 60)};
    content_cancellation c[] = {
        {"2026-12-24", NULL, "Holiday"},   /* every group: only "thu" meets on Thursdays */
        {"2026-12-31", "thu", "New Year"}, /* one group */
        {"2026-12-29", NULL, "Closed"},    /* every group on a Tuesday: both Tuesday groups */
        {"2026-12-26", "tue", "Not a Tuesday: matches nothing"},
    };
    content_lang lang = lang_of(g, 4, c, 4);
    schedule_entry e[8];

    /* Tuesday 2026-12-22 at 21:00: both Tuesday groups are over for today;
     * next Tuesday is cancelled for all; Thursday has two cancelled dates in a row. */
    int n = schedule_upcoming(&lang, pst(2026, 12, 22, 21, 0), e, 8);
    CHECK(n == 4);
    const schedule_entry *thu = entry_for(e, n, 2), *tue = entry_for(e, n, 0),
                         *tue_am = entry_for(e, n, 1), *sat = entry_for(e, n, 3);
    CHECK(thu && thu->start_unix == pst(2027, 1, 7, 18, 30));
    CHECK(thu && thu->skipped == &c[0] && thu->skipped_count == 2);
    CHECK(tue && tue->start_unix == pst(2027, 1, 5, 18, 30) && tue->skipped == &c[2] &&
          tue->skipped_count == 1);
    CHECK(tue_am && tue_am->start_unix == pst(2027, 1, 5, 10, 0) && tue_am->skipped == &c[2]);
    /* A cancellation for another group's date does not touch Saturday. */
    CHECK(sat && sat->start_unix == pst(2026, 12, 26, 10, 0) && !sat->skipped);
    /* Sorted by start: Saturday first, then the Tuesday morning group, Tuesday evening, Thursday.
     */
    CHECK(e[0].group == 3 && e[1].group == 1 && e[2].group == 0 && e[3].group == 2);

    /* A cancelled meeting in progress is not "now". */
    n = schedule_upcoming(&lang, pst(2026, 12, 24, 19, 0), e, 8);
    thu = entry_for(e, n, 2);
    CHECK(thu && !thu->in_progress && thu->start_unix == pst(2027, 1, 7, 18, 30) &&
          thu->skipped == &c[0]);
    /* After the cancelled dates have passed, nothing is reported skipped. */
    n = schedule_upcoming(&lang, pst(2027, 1, 1, 12, 0), e, 8);
    thu = entry_for(e, n, 2);
    CHECK(thu && thu->start_unix == pst(2027, 1, 7, 18, 30) && !thu->skipped &&
          thu->skipped_count == 0);

    /* A group-specific cancellation wins over one for every group (its note is the one to show). */
    content_cancellation both[] = {{"2026-12-24", NULL, "Holiday"},
                                   {"2026-12-24", "thu", "Facilitator away"}};
    content_lang both_lang = lang_of(g, 4, both, 2);
    CHECK(schedule_cancellation(&both_lang, 2, "2026-12-24") == &both[1]);
    CHECK(schedule_cancellation(&both_lang, 0, "2026-12-24") == &both[0]);
    CHECK(schedule_cancellation(&both_lang, 0, "2026-12-25") == NULL);

    /* Every date for eight weeks and more cancelled: no meeting, listed last. */
    content_cancellation run[10];
    char dates[10][11];
    for (int i = 0; i < 10; i++) {
        time_t t = (time_t)(pst(2026, 12, 26, 12, 0) + (int64_t)i * 7 * 86400);
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(dates[i], sizeof dates[i], "%Y-%m-%d", &tm);
        run[i] = (content_cancellation){dates[i], "sat", "Room repairs"};
    }
    content_lang run_lang = lang_of(g, 4, run, 10);
    n = schedule_upcoming(&run_lang, pst(2026, 12, 22, 21, 0), e, 8);
    CHECK(n == 4);
    CHECK(e[3].group == 3 && e[3].none && e[3].start_unix == 0 && e[3].skipped == &run[0]);
    CHECK(e[3].skipped_count == SCHEDULE_WEEKS_AHEAD + 1);
    CHECK(!e[0].none && !e[1].none && !e[2].none);
    /* Eight cancelled weeks in a row, then a meeting: found. */
    content_lang eight = lang_of(g, 4, run, SCHEDULE_WEEKS_AHEAD);
    schedule_entry s = schedule_next(&eight, 3, pst(2026, 12, 22, 21, 0));
    CHECK(!s.none && s.skipped_count == SCHEDULE_WEEKS_AHEAD &&
          s.start_unix == pst(2027, 2, 20, 10, 0));
}

static void test_dst(void)
{
    content_group g[] = {group("sun", SUN, 10, 0, 90), group("tue", TUE, 18, 30, 90),
                         group("sat-night", SAT, 23, 30, 240), group("sun-early", SUN, 2, 30, 60)};
    content_lang lang = lang_of(g, 4, NULL, 0);
    schedule_entry e[8];

    /* Spring forward: Sunday 2026-03-08, 02:00 PST becomes 03:00 PDT. */
    int n = schedule_upcoming(&lang, pst(2026, 3, 7, 12, 0), e, 8);
    CHECK(n == 4);
    CHECK(entry_for(e, n, 0)->start_unix == pdt(2026, 3, 8, 10, 0)); /* 10:00 on the wall clock */
    CHECK(entry_for(e, n, 1)->start_unix == pdt(2026, 3, 10, 18, 30));
    CHECK(entry_for(e, n, 2)->start_unix == pst(2026, 3, 7, 23, 30));
    /* 02:30 does not exist that night: the meeting is still that Sunday, after midnight. */
    int64_t early = entry_for(e, n, 3)->start_unix;
    CHECK(early >= pst(2026, 3, 8, 0, 0) && early < pdt(2026, 3, 8, 12, 0));
    /* 240 real minutes from 23:30 PST end at 04:30 PDT: in progress at 04:00 PDT. */
    n = schedule_upcoming(&lang, pdt(2026, 3, 8, 4, 0), e, 8);
    CHECK(e[0].group == 2 && e[0].in_progress && e[0].end_unix == pdt(2026, 3, 8, 4, 30));
    /* The week before the change, next Sunday's meeting is in daylight time. */
    n = schedule_upcoming(&lang, pst(2026, 3, 1, 12, 0), e, 8);
    CHECK(entry_for(e, n, 0)->start_unix == pdt(2026, 3, 8, 10, 0));

    /* Fall back: Sunday 2026-11-01, 02:00 PDT becomes 01:00 PST. */
    n = schedule_upcoming(&lang, pdt(2026, 10, 31, 12, 0), e, 8);
    CHECK(entry_for(e, n, 0)->start_unix == pst(2026, 11, 1, 10, 0));
    CHECK(entry_for(e, n, 1)->start_unix == pst(2026, 11, 3, 18, 30));
    /* From the Sunday before (meeting over), a week ahead lands at 10:00 PST,
     * not 7 x 24 hours later (which would be 09:00). */
    n = schedule_upcoming(&lang, pdt(2026, 10, 25, 12, 0), e, 8);
    CHECK(entry_for(e, n, 0)->start_unix == pst(2026, 11, 1, 10, 0));
    CHECK(entry_for(e, n, 0)->start_unix - pdt(2026, 10, 25, 10, 0) == 7 * 86400 + 3600);
    /* On the day itself, after the change. */
    n = schedule_upcoming(&lang, pst(2026, 11, 1, 9, 0), e, 8);
    CHECK(e[0].group == 0 && e[0].start_unix == pst(2026, 11, 1, 10, 0));
}

static int find_doc(const content_lang *lang, const char *id)
{
    for (int i = 0; i < lang->doc_count; i++)
        if (strcmp(lang->docs[i].id, id) == 0)
            return i;
    return -1;
}

static void test_shipped(const char *dir)
{
    diag_list d = {0};
    content_set *s = content_load(dir, NULL, &d);
    diag_list_print(&d);
    CHECK(s != NULL && d.errors == 0);
    diag_list_free(&d);
    if (!s)
        return;
    CHECK(s->groups_doc >= 0 && s->groups_doc == find_doc(&s->langs[0], "support-groups"));
    CHECK(s->groups_doc != s->contact_doc);
    static const char *const modules[] = {"understanding-self-harm",
                                          "recognizing-the-signs",
                                          "talking-with-your-loved-one",
                                          "in-a-crisis",
                                          "what-helps",
                                          "self-harm-and-substance-use",
                                          "how-treatment-works",
                                          "caring-for-yourself"};
    for (int l = 0; l < s->lang_count; l++) {
        const content_lang *lang = &s->langs[l];
        CHECK(lang->group_count >= 3 && lang->group_count <= CONTENT_MAX_GROUPS);
        CHECK(lang->group_count == s->langs[0].group_count);
        bool online = false, in_person = false;
        for (int i = 0; i < lang->group_count && i < s->langs[0].group_count; i++) {
            const content_group *g = &lang->groups[i], *g0 = &s->langs[0].groups[i];
            /* Same group at the same index, at the same time, in every language. */
            CHECK(strcmp(g->id, g0->id) == 0);
            CHECK(g->weekday == g0->weekday && g->start_minute == g0->start_minute &&
                  g->minutes == g0->minutes);
            CHECK(g->name && g->who && g->language && g->join);
            CHECK(g->online || g->room);
            online = online || g->online;
            in_person = in_person || !g->online;
        }
        CHECK(online && in_person);
        CHECK(lang->cancellation_count == 3);
        /* Facilitator prompts for all eight modules: 2 to 6, by section. */
        for (size_t m = 0; m < sizeof modules / sizeof modules[0]; m++) {
            int i = find_doc(lang, modules[m]);
            CHECK_MSG(i >= 0, "%s: no module %s", lang->code, modules[m]);
            if (i < 0)
                continue;
            const content_doc *doc = &lang->docs[i];
            CHECK(doc->kind == DOC_MODULE);
            CHECK_MSG(doc->prompt_count == content_section_count(doc), "%s/%s", lang->code,
                      modules[m]);
            int prompts = 0;
            for (int p = 0; p < doc->prompt_count; p++)
                prompts += doc->prompts[p] != NULL;
            CHECK_MSG(prompts >= 2 && prompts <= 6, "%s/%s has %d prompts", lang->code, modules[m],
                      prompts);
        }
        /* Pages without a facilitator file have no prompts. */
        const content_doc *contact = &lang->docs[s->contact_doc];
        CHECK(contact->prompt_count == 0 && contact->prompts == NULL);
        CHECK(lang->help->prompt_count == 0);

        /* The shipped schedule: Tuesday 2026-12-22, 17:00. The Tuesday group
         * is next; the Spanish-language group skips two holidays. */
        schedule_entry e[CONTENT_MAX_GROUPS];
        int n = schedule_upcoming(lang, pst(2026, 12, 22, 17, 0), e, CONTENT_MAX_GROUPS);
        CHECK(n == lang->group_count);
        CHECK(strcmp(lang->groups[e[0].group].id, "family-evening") == 0);
        CHECK(e[0].start_unix == pst(2026, 12, 22, 18, 30));
        for (int i = 0; i < n; i++) {
            const content_group *g = &lang->groups[e[i].group];
            if (strcmp(g->id, "familias-espanol") == 0) {
                CHECK(e[i].start_unix == pst(2027, 1, 7, 18, 30));
                CHECK(e[i].skipped && strcmp(e[i].skipped->date, "2026-12-24") == 0 &&
                      !e[i].skipped->group_id);
                CHECK(e[i].skipped_count == 2);
            } else {
                CHECK(!e[i].skipped);
            }
            CHECK(!e[i].none);
            CHECK(i == 0 || e[i - 1].start_unix <= e[i].start_unix);
        }
    }
    /* Section numbering follows the headings (as lanternctl lint's pages). */
    const content_doc *th = &s->langs[0].docs[find_doc(&s->langs[0], "how-treatment-works")];
    CHECK(content_block_section(th, 0) == 1);
    CHECK(content_block_section(th, th->block_count - 1) == content_section_count(th));
    content_destroy(s);
}

static void test_sections(void)
{
    content_block with_intro[] = {{.type = BLOCK_PARAGRAPH, .text = "Intro"},
                                  {.type = BLOCK_HEADING, .text = "One"},
                                  {.type = BLOCK_PAGE_BREAK},
                                  {.type = BLOCK_PARAGRAPH, .text = "Still one"},
                                  {.type = BLOCK_HEADING, .text = "Two"}};
    content_doc d = {.blocks = with_intro, .block_count = 5};
    CHECK(content_section_count(&d) == 3); /* the intro, then each heading; not the page break */
    CHECK(content_block_section(&d, 0) == 1 && content_block_section(&d, 1) == 2);
    CHECK(content_block_section(&d, 3) == 2 && content_block_section(&d, 4) == 3);
    d.blocks = with_intro + 1; /* starting with a heading: that heading is section 1 */
    d.block_count = 4;
    CHECK(content_section_count(&d) == 2 && content_block_section(&d, 0) == 1);
    d.block_count = 0;
    CHECK(content_section_count(&d) == 0);
}

int main(void)
{
    setenv("TZ", "America/Los_Angeles", 1);
    tzset();
    const char *dir = getenv("LANTERN_CONTENT");
    test_clock_times();
    test_cancellations();
    test_dst();
    test_sections();
    test_shipped(dir ? dir : "content");
    return check_done("test_schedule");
}
