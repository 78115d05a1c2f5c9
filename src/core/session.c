/* session: the one place a visitor's session ends, and what it leaves. Every
 * path (idle, cancel, submit, staff entry, facilitator entry) goes through
 * session_reset(); the typed form through session_form_wipe(). Tests check
 * with app_holds_bytes() that no typed byte remains. */
#include "app_internal.h"

#include <string.h>

void session_form_wipe(app *a)
{
    a->contact.refused = INSERT_OK;
    form_clear(&a->contact.form, a->contact.wipe);
    a->contact.form.language = a->visit.lang;
    a->contact.step = 0;
    a->contact.shift = false;
    a->contact.kb_page = 0;
    a->contact.note_open = false;
    a->contact.submitting = false;
    a->contact.asking_erase = a->contact.why = false;
    a->contact.review_page = a->contact.review_row = 0;
    a->contact.review_drawn = a->contact.review_seen = 0;
    a->contact.notice_page = 0;
}

/* The one place where a session ends: everything the visitor did or typed
 * is dropped. */
void session_reset(app *a)
{
    a->visit.lang = a->content->default_lang; /* first: the form takes the new language */
    session_form_wipe(a);
    memset(a->staff.pin, 0, sizeof a->staff.pin);
    a->staff.pin_pending = a->staff.pin_wrong = false;
    a->staff.role = ROLE_NONE;
    a->staff.facilitator = false;
    a->staff.touch_count = 0;
    a->staff.gesture_stage = 0;
    a->staff.req.kind = STAFF_NONE;
    memset(a->visit.reached, 0, sizeof a->visit.reached);
    a->visit.screen = SCREEN_ATTRACT;
    a->visit.lang = a->content->default_lang;
    a->visit.doc = -1;
    a->visit.back_count = 0; /* no way back into the last visitor's pages */
    a->visit.parts_open = false;
    a->visit.page = a->visit.home_page = a->visit.crisis_page = 0;
    a->visit.crisis_codes = false;
    a->visit.crisis_return = SCREEN_ATTRACT;
    a->idle.warning = false;
    a11y_reset(a); /* standard text and contrast; any reading stops */
    a->cache.reader.doc = a->cache.crisis.doc = NULL;
    a->frame.dirty = true;
}

static bool holds(const void *hay, size_t size, const void *needle, size_t n)
{
    return bytes_contain(hay, size, needle, n);
}

bool app_holds_bytes(const app *a, const void *needle, size_t n)
{
    return holds(a, sizeof *a, needle, n) ||
           holds(a->frame.dl->text, a->frame.dl->text_cap, needle, n);
}

void session_count(app *a, usage_kind kind, const char *item)
{
    /* Facilitators' sessions are not families' reading: not counted. */
    if (a->staff.facilitator || a->staff.role != ROLE_NONE || a->out.count == USAGE_QUEUE)
        return;
    usage_event *e = &a->out.usage[a->out.count++];
    e->kind = kind;
    str_copy(e->item, sizeof e->item, item ? item : "");
}
