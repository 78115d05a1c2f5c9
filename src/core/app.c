/* app: the state machine: sessions, events, timers, and the frame. */
#include "app_internal.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>

void form_wipe(app *a)
{
    a->contact.refused = INSERT_OK;
    form_clear(&a->contact.form, a->contact.wipe);
    a->contact.form.language = a->visit.lang;
    a->contact.step = 0;
    a->contact.shift = false;
    a->contact.submitting = false;
}

/* The one place where a session ends: everything the visitor did or typed
 * is dropped. */
void session_reset(app *a)
{
    a->visit.lang = a->content->default_lang; /* first: the form takes the new language */
    form_wipe(a);
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
    a->visit.page = a->visit.home_page = a->visit.crisis_page = 0;
    a->visit.crisis_return = SCREEN_ATTRACT;
    a->idle.warning = false;
    a->cache.reader.doc = a->cache.crisis.doc = NULL;
    a->frame.dirty = true;
}

static bool holds(const void *hay, size_t size, const void *needle, size_t n)
{
    return bytes_contain(hay, size, needle, n);
}

bool app_holds_bytes(const app *a, const void *needle, size_t n)
{
    return holds(a, sizeof *a, needle, n) || holds(a->frame.dl->text, a->frame.dl->text_cap, needle, n);
}

app *app_create(const content_set *content, const text_metrics *tm, int w, int h, app_timing timing)
{
    assert(content && tm && w > 0 && h > 0);
    app *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->frame.dl = draw_list_create(4096, 512, 128, 16384);
    a->frame.shown = a->frame.dl ? calloc((size_t)a->frame.dl->target_cap, sizeof *a->frame.shown) : NULL;
    if (!a->frame.dl || !a->frame.shown) {
        draw_list_destroy(a->frame.dl);
        free(a);
        return NULL;
    }
    a->content = content;
    a->tm = tm;
    a->idle.timing = timing;
    a->m = metrics_for_size(w, h);
    a->cache.crisis_cols = 1;
    session_reset(a);
    return a;
}

void app_destroy(app *a)
{
    if (!a)
        return;
    doc_layout_free(&a->cache.reader.layout);
    doc_layout_free(&a->cache.crisis.layout);
    draw_list_destroy(a->frame.dl);
    free(a->frame.shown);
    free(a);
}

void app_resize(app *a, int w, int h)
{
    if (w == a->m.w && h == a->m.h)
        return;
    a->m = metrics_for_size(w, h);
    a->cache.reader.doc = a->cache.crisis.doc = NULL; /* forces a new layout */
    a->frame.dirty = true;
}

bool app_set_content(app *a, const content_set *content)
{
    if (a->visit.screen != SCREEN_ATTRACT || a->idle.warning)
        return false;
    a->content = content;
    session_reset(a);
    return true;
}

screen_id app_screen(const app *a)
{
    return a->visit.screen;
}

const char *app_screen_name(const app *a)
{
    static const char *const names[] = {
        "attract", "home",   "reader",     "crisis",       "notice",
        "form",    "review", "thanks",     "save_failed",  "groups",
        "pin",     "staff",  "touch_test", "exit_confirm", "facilitator_pick"};
    return names[a->visit.screen];
}

const char *app_lang_code(const app *a)
{
    return lang_of(a)->code;
}

bool app_idle_warning(const app *a)
{
    return a->idle.warning;
}

static void build_frame(app *a)
{
    draw_list *dl = a->frame.dl;
    draw_list_reset(dl);
    a->frame.key_count = 0;
    dl->clear = THEME.bg;
    dl->screen = app_screen_name(a);
    dl->lang = app_lang_code(a);
    draw_fill(dl, (rect){0, 0, a->m.w, a->m.h}, THEME.bg);
    /* The bar is drawn first so its height is known; its target is added
     * again last so that it is on top of any full-screen target. */
    int top = crisis_bar(a, dl);
    int bar_target = dl->target_count - 1;
    top = draft_mark(a, dl, top);
    if (a->idle.warning) {
        draw_idle_warning(a, dl, top);
    } else {
        switch (a->visit.screen) {
        case SCREEN_ATTRACT:
            draw_attract(a, dl, top);
            break;
        case SCREEN_HOME:
            draw_home(a, dl, top);
            break;
        case SCREEN_READER:
            draw_reader(a, dl, top);
            break;
        case SCREEN_CRISIS:
            draw_crisis(a, dl, top);
            break;
        case SCREEN_NOTICE:
            draw_notice(a, dl, top);
            break;
        case SCREEN_FORM:
            if (a->contact.step <= STEP_EMAIL)
                draw_text_step(a, dl, top);
            else
                draw_choice_step(a, dl, top);
            break;
        case SCREEN_REVIEW:
            draw_review(a, dl, top);
            break;
        case SCREEN_THANKS:
        case SCREEN_SAVE_FAILED:
            draw_form_end(a, dl, top, a->visit.screen == SCREEN_THANKS);
            break;
        case SCREEN_GROUPS:
            draw_groups(a, dl, top);
            break;
        case SCREEN_PIN:
            draw_pin(a, dl, top);
            break;
        case SCREEN_STAFF:
            draw_staff(a, dl, top);
            break;
        case SCREEN_TOUCH_TEST:
            draw_touch_test(a, dl, top);
            break;
        case SCREEN_EXIT_CONFIRM:
            draw_exit_confirm(a, dl, top);
            break;
        case SCREEN_FACILITATOR_PICK:
            draw_facilitator_pick(a, dl, top);
            break;
        }
    }
    if (bar_target >= 0)
        draw_target_add(dl, dl->targets[bar_target].r, ACT_CRISIS, 0);
    if (dl->overflow)
        log_msg(LOG_WARN, "frame for screen %s did not fit the draw list", dl->screen);
    a->frame.dirty = false;
}

const draw_list *app_frame(app *a)
{
    if (a->frame.dirty)
        build_frame(a);
    return a->frame.dl;
}

const draw_list *app_present(app *a)
{
    const draw_list *dl = app_frame(a);
    int n = dl->target_count < a->frame.dl->target_cap ? dl->target_count : a->frame.dl->target_cap;
    memcpy(a->frame.shown, dl->targets, (size_t)n * sizeof *a->frame.shown);
    a->frame.shown_count = n;
    a->frame.shown_valid = true;
    return dl;
}

/* The topmost target of the frame on screen at (x, y); NULL off every
 * target, or when the screen no longer matches the state. */
static const draw_target *shown_hit(const app *a, int x, int y)
{
    if (!a->frame.shown_valid || a->frame.dirty)
        return NULL;
    for (int i = a->frame.shown_count - 1; i >= 0; i--)
        if (rect_contains(a->frame.shown[i].r, x, y))
            return &a->frame.shown[i];
    return NULL;
}

int app_page(app *a)
{
    app_frame(a);
    switch (a->visit.screen) {
    case SCREEN_FORM:
        return a->contact.step;
    case SCREEN_READER:
        return a->visit.page;
    case SCREEN_CRISIS:
        return a->visit.crisis_page;
    case SCREEN_HOME:
        return a->visit.home_page;
    default:
        return 0;
    }
}

int app_page_count(app *a)
{
    app_frame(a);
    switch (a->visit.screen) {
    case SCREEN_FORM:
        return FORM_STEPS;
    case SCREEN_READER:
        return a->cache.reader.doc ? a->cache.reader.layout.page_count : 1;
    case SCREEN_CRISIS:
        return a->cache.crisis.doc ? (a->cache.crisis.layout.page_count + a->cache.crisis_cols - 1) / a->cache.crisis_cols
                             : 1;
    case SCREEN_HOME:
        return a->cache.home_pages;
    default:
        return 1;
    }
}

/* ======================================================================
 * Events
 * ==================================================================== */

static int warning_seconds_left(const app *a)
{
    int64_t left = a->idle.timing.countdown_ms - (a->idle.now - a->idle.warning_since);
    return left <= 0 ? 0 : (int)((left + 999) / 1000);
}

static void turn_page(app *a, int delta)
{
    int *page = a->visit.screen == SCREEN_READER   ? &a->visit.page
                : a->visit.screen == SCREEN_CRISIS ? &a->visit.crisis_page
                : a->visit.screen == SCREEN_HOME   ? &a->visit.home_page
                                             : NULL;
    if (!page)
        return;
    int next = *page + delta;
    if (next >= 0 && next < app_page_count(a)) {
        *page = next;
        a->frame.dirty = true;
        /* Pages reached: counted once a session, the furthest only grows. */
        if (a->visit.screen == SCREEN_READER && a->visit.doc >= 0 && a->visit.doc < CONTENT_MAX_DOCS &&
            next + 1 > a->visit.reached[a->visit.doc] && next < 255) {
            char item[48];
            str_format(item, sizeof item, "%s#%d", lang_of(a)->docs[a->visit.doc].id, next + 1);
            push_usage(a, USAGE_PAGE, item);
            a->visit.reached[a->visit.doc] = (unsigned char)(next + 1);
        }
    }
}

static void open_crisis(app *a)
{
    if (a->visit.screen != SCREEN_CRISIS)
        push_usage(a, USAGE_CRISIS, "");
    if (a->visit.screen != SCREEN_CRISIS)
        a->visit.crisis_return = a->visit.screen;
    a->visit.screen = SCREEN_CRISIS;
    a->visit.crisis_page = 0;
    a->frame.dirty = true;
}

static void form_next(app *a)
{
    if (a->contact.step <= STEP_EMAIL) {
        form_field field = step_field(a->contact.step);
        a->contact.form.left[field] = true;
        field_status st = form_status(&a->contact.form, field);
        if (field == FIELD_NAME && st != FIELD_OK)
            return;
        if (field != FIELD_NAME && st != FIELD_OK && st != FIELD_EMPTY)
            return;
        if (field == FIELD_EMAIL && !form_has_contact(&a->contact.form))
            return; /* the error under the field says to give one of them */
    }
    if (a->contact.step + 1 < FORM_STEPS) {
        a->contact.step++;
        a->contact.shift = false;
    } else {
        a->visit.screen = SCREEN_REVIEW;
    }
}

static void type_text(app *a, const char *text)
{
    if (a->visit.screen != SCREEN_FORM || a->contact.step > STEP_EMAIL)
        return;
    form_field field = step_field(a->contact.step);
    form_insert_result res = INSERT_OK;
    /* Only what the kiosk's font can show: a box in place of a letter would
     * not be what the visitor typed. */
    size_t n = strlen(text);
    for (size_t i = 0; i < n && a->tm->can_draw;) {
        uint32_t cp;
        int step = utf8_decode(text + i, n - i, &cp);
        if (step <= 0)
            break;
        if (cp > ' ' && !a->tm->can_draw(a->tm->ctx, cp)) {
            res = INSERT_CANNOT_SHOW;
            break;
        }
        i += (size_t)step;
    }
    if (res == INSERT_OK)
        res = form_insert(&a->contact.form, field, text);
    a->contact.refused = res;
    if (res == INSERT_OK) {
        /* One-shot shift; a new word in a name starts with a capital. */
        a->contact.shift = field == FIELD_NAME &&
                   (strcmp(text, " ") == 0 || strcmp(text, "-") == 0 || strcmp(text, ".") == 0);
    }
    a->frame.dirty = true;
}

/* Backspace in a field; a name's new word (or an empty name) starts with a
 * capital again. */
static void delete_back(app *a)
{
    form_field field = step_field(a->contact.step);
    form_backspace(&a->contact.form, field);
    if (field == FIELD_NAME) {
        const char *t = a->contact.form.name;
        size_t n = strlen(t);
        a->contact.shift = n == 0 || t[n - 1] == ' ' || t[n - 1] == '-';
    }
}

static void press_pin_key(app *a, const kb_key *k)
{
    size_t n = strlen(a->staff.pin);
    if (k->kind == KK_CHAR && n < PIN_MAX) {
        a->staff.pin[n] = k->text[0];
        a->staff.pin_wrong = false;
    } else if (k->kind == KK_DELETE && n > 0) {
        a->staff.pin[n - 1] = '\0';
    } else if (k->kind == KK_DONE && n >= 4 && a->idle.now >= a->staff.pin_lock_until) {
        a->staff.pin_pending = true;
    }
}

static void press_key(app *a, int index)
{
    if (index < 0 || index >= a->frame.key_count)
        return;
    const kb_key *k = &a->frame.keys[index];
    if (a->visit.screen == SCREEN_PIN) {
        press_pin_key(a, k);
        return;
    }
    switch (k->kind) {
    case KK_CHAR:
    case KK_SPACE:
        type_text(a, k->text);
        break;
    case KK_SHIFT:
        a->contact.shift = !a->contact.shift;
        break;
    case KK_DELETE:
        delete_back(a);
        break;
    case KK_DONE:
        form_next(a);
        break;
    }
}

static void do_action(app *a, const draw_target *t)
{
    switch (t->act) {
    case ACT_NONE:
        break;
    case ACT_WAKE:
        a->visit.screen = SCREEN_HOME;
        a->visit.home_page = 0;
        push_usage(a, USAGE_SESSION, "");
        push_usage(a, USAGE_LANGUAGE, lang_of(a)->code);
        break;
    case ACT_LANG:
        if (t->arg >= 0 && t->arg < a->content->lang_count && t->arg != a->visit.lang) {
            a->visit.lang = t->arg;
            a->cache.reader.doc = a->cache.crisis.doc = NULL;
            if (a->visit.screen != SCREEN_ATTRACT)
                push_usage(a, USAGE_LANGUAGE, lang_of(a)->code);
        }
        if (a->visit.screen == SCREEN_ATTRACT) {
            a->visit.screen = SCREEN_HOME;
            push_usage(a, USAGE_SESSION, "");
            push_usage(a, USAGE_LANGUAGE, lang_of(a)->code);
        }
        a->visit.home_page = 0;
        break;
    case ACT_OPEN_DOC:
        if (t->arg == a->content->contact_doc && a->staff.facilitator)
            break; /* presenting to a group: no visitor form on a facilitator's session */
        if (t->arg == a->content->contact_doc && a->contact.available) {
            a->visit.screen = SCREEN_NOTICE;
            break;
        }
        if (t->arg == a->content->groups_doc && lang_of(a)->group_count > 0 && !a->staff.facilitator) {
            a->visit.screen = SCREEN_GROUPS;
            break;
        }
        /* fall through */
    case ACT_READ_DOC:
        a->visit.doc = t->arg;
        a->visit.page = 0;
        a->visit.screen = SCREEN_READER;
        if (a->visit.doc < CONTENT_MAX_DOCS && a->visit.reached[a->visit.doc] == 0) {
            const char *id = lang_of(a)->docs[a->visit.doc].id;
            char item[48];
            push_usage(a, USAGE_MODULE, id);
            str_format(item, sizeof item, "%s#1", id);
            push_usage(a, USAGE_PAGE, item);
            a->visit.reached[a->visit.doc] = 1;
        }
        break;
    case ACT_FORM_START:
        if (a->staff.facilitator || a->staff.role != ROLE_NONE)
            break;
        form_wipe(a);
        a->contact.form.language = a->visit.lang;
        a->visit.screen = SCREEN_FORM;
        a->contact.step = STEP_NAME;
        a->contact.shift = true; /* a name starts with a capital */
        break;
    case ACT_FORM_CANCEL:
    case ACT_FORM_DONE:
        if (a->staff.role != ROLE_NONE || a->staff.facilitator || a->visit.screen == SCREEN_PIN) {
            session_reset(a); /* staff and facilitators leave to the attract screen */
            break;
        }
        form_wipe(a);
        a->visit.screen = SCREEN_HOME;
        break;
    case ACT_STAFF:
        a->staff.req = (staff_request){(staff_request_kind)(t->arg % 16), t->arg / 16};
        break;
    case ACT_STAFF_BACK:
        a->visit.screen = SCREEN_STAFF;
        break;
    case ACT_TOUCH_TEST:
        a->staff.touch_count = 0;
        a->visit.screen = SCREEN_TOUCH_TEST;
        break;
    case ACT_TOUCH_POINT:
        break; /* recorded with its position in app_handle */
    case ACT_FACILITATOR:
        a->staff.facilitator = true;
        a->visit.screen = SCREEN_FACILITATOR_PICK;
        break;
    case ACT_EXIT_ASK:
        a->visit.screen = SCREEN_EXIT_CONFIRM;
        break;
    case ACT_FORM_NEXT:
        form_next(a);
        break;
    case ACT_FORM_BACK:
        if (a->visit.screen == SCREEN_REVIEW) {
            a->visit.screen = SCREEN_FORM;
            a->contact.step = STEP_CONSENT;
        } else if (a->contact.step > 0) {
            a->contact.step--;
        }
        a->contact.shift = false;
        break;
    case ACT_FORM_GOTO:
        if (t->arg >= 0 && t->arg < FORM_STEPS) {
            a->visit.screen = SCREEN_FORM;
            a->contact.step = t->arg;
            a->contact.shift = false;
        }
        break;
    case ACT_KEY:
        press_key(a, t->arg);
        break;
    case ACT_CHOICE: {
        int group = t->arg / 16, option = t->arg % 16;
        if (group == 0 && option < FORM_TIMES)
            a->contact.form.best_time = option;
        else if (group == 1 && option < a->content->lang_count)
            a->contact.form.language = option;
        else if (group == 2 && option < 2)
            a->contact.form.voicemail = option;
        else if (group == 3 && option < FORM_TOPICS)
            a->contact.form.topic = option;
        break;
    }
    case ACT_CONSENT:
        a->contact.form.consent = !a->contact.form.consent;
        break;
    case ACT_SUBMIT:
        if (form_can_submit(&a->contact.form))
            a->contact.submitting = true;
        break;
    case ACT_HOME:
        a->visit.screen = SCREEN_HOME;
        break;
    case ACT_NEXT:
        turn_page(a, 1);
        break;
    case ACT_PREV:
        turn_page(a, -1);
        break;
    case ACT_CRISIS:
        open_crisis(a);
        break;
    case ACT_BACK:
        a->visit.screen = a->visit.crisis_return;
        break;
    case ACT_STAY:
        break;
    }
    a->frame.dirty = true;
}

static bool user_input(app *a)
{
    /* Any touch while the warning shows only dismisses it. */
    a->idle.last_input = a->idle.now;
    if (a->idle.warning) {
        a->idle.warning = false;
        a->frame.dirty = true;
        return true;
    }
    return false;
}

/* Which idle rule applies now: the one place that decides it. A form with
 * anything in it, or any form screen, always gets the visitor's timeout,
 * whoever is signed in: typed text must never outlive the visitor. */
typedef enum { IDLE_NONE, IDLE_VISITOR, IDLE_STAFF, IDLE_FACILITATOR } idle_rule;

static bool form_in_use(const app *a)
{
    return !app_form_is_empty(a) || a->visit.screen == SCREEN_NOTICE || a->visit.screen == SCREEN_FORM ||
           a->visit.screen == SCREEN_REVIEW;
}

static idle_rule idle_policy(const app *a)
{
    if (form_in_use(a))
        return IDLE_VISITOR;
    if (a->visit.screen == SCREEN_ATTRACT && !a->idle.warning)
        return IDLE_NONE;
    if (a->staff.facilitator && a->visit.screen != SCREEN_FACILITATOR_PICK)
        return IDLE_FACILITATOR; /* presenting to a group: a long ceiling, no warning */
    if (staff_screen(a))
        return IDLE_STAFF;
    return IDLE_VISITOR;
}

static void tick(app *a)
{
    if ((a->visit.screen == SCREEN_THANKS || a->visit.screen == SCREEN_SAVE_FAILED) && !a->idle.warning &&
        a->idle.now - a->contact.thanks_since >= THANKS_MS) {
        a->visit.screen = SCREEN_HOME;
        a->frame.dirty = true;
    }
    switch (idle_policy(a)) {
    case IDLE_NONE:
        return;
    case IDLE_FACILITATOR:
        if (a->idle.now - a->idle.last_input >= FACILITATOR_IDLE_MS)
            session_reset(a);
        return;
    case IDLE_STAFF:
        /* Staff screens are not left open: back to the attract screen, no warning. */
        if (a->idle.now - a->idle.last_input >= STAFF_IDLE_MS)
            session_reset(a);
        else if (a->visit.screen == SCREEN_PIN && a->staff.pin_lock_until > a->idle.now)
            a->frame.dirty = true; /* the lockout countdown */
        return;
    case IDLE_VISITOR:
        break;
    }
    if (!a->idle.warning && a->idle.now - a->idle.last_input >= a->idle.timing.idle_ms) {
        a->idle.warning = true;
        a->idle.warning_since = a->idle.last_input + a->idle.timing.idle_ms;
        a->idle.warning_seconds = warning_seconds_left(a);
        a->frame.dirty = true;
    }
    if (a->idle.warning) {
        if (a->idle.now - a->idle.warning_since >= a->idle.timing.countdown_ms) {
            session_reset(a);
            return;
        }
        int left = warning_seconds_left(a);
        if (left != a->idle.warning_seconds) {
            a->idle.warning_seconds = left;
            a->frame.dirty = true;
        }
    }
}

bool app_handle(app *a, const app_event *ev)
{
    if (ev->now_ms > a->idle.now)
        a->idle.now = ev->now_ms;
    if (ev->wall > 0)
        a->idle.wall = ev->wall;
    tick(a);
    if (ev->type != EV_TICK && a->contact.refused != INSERT_OK) {
        a->contact.refused = INSERT_OK; /* said once, for the key that was refused */
        a->frame.dirty = true;
    }
    switch (ev->type) {
    case EV_TICK:
        break;
    case EV_TAP: {
        const draw_target *t = shown_hit(a, ev->x, ev->y);
        bool was_warning = a->idle.warning;
        user_input(a);
        /* The hidden staff gesture: hold the top-left corner 5 s, then tap
         * the other corners clockwise within 10 s each. The corner taps
         * that follow the hold are taken by the gesture; any other tap
         * ends it and acts as usual. */
        int corner = corner_of(a, ev->x, ev->y);
        if (a->staff.gesture_stage > 0 && a->idle.now <= a->staff.gesture_until && corner == a->staff.gesture_stage) {
            a->staff.gesture_stage++;
            a->staff.gesture_until = a->idle.now + GESTURE_STEP_MS;
            if (a->staff.gesture_stage == 4) {
                bool keep_lock = a->staff.pin_lock_until > a->idle.now;
                int64_t lock = a->staff.pin_lock_until;
                session_reset(a);
                a->staff.pin_lock_until = keep_lock ? lock : 0;
                a->visit.screen = SCREEN_PIN;
            }
            a->frame.dirty = true;
            break;
        }
        a->staff.gesture_stage = 0;
        if (corner == 0 && ev->held_ms >= GESTURE_HOLD_MS) {
            /* A 5-second hold in the corner only arms the gesture: it opens
             * nothing (a visitor's normal tap on the crisis bar still does). */
            a->staff.gesture_stage = 1;
            a->staff.gesture_until = a->idle.now + GESTURE_STEP_MS;
            break;
        }
        if (t && t->act == ACT_TOUCH_POINT && a->visit.screen == SCREEN_TOUCH_TEST) {
            if (a->staff.touch_count == (int)(sizeof a->staff.touches / sizeof a->staff.touches[0])) {
                memmove(a->staff.touches, a->staff.touches + 1, sizeof a->staff.touches - sizeof a->staff.touches[0]);
                a->staff.touch_count--;
            }
            a->staff.touches[a->staff.touch_count++] = (rect){ev->x, ev->y, 0, 0};
            a->frame.dirty = true;
            break;
        }
        if (t && (!was_warning || t->act == ACT_CRISIS))
            do_action(a, t);
        break;
    }
    case EV_SWIPE: {
        if (user_input(a))
            break;
        int dx = ev->x2 - ev->x, dy = ev->y2 - ev->y;
        int adx = dx < 0 ? -dx : dx, ady = dy < 0 ? -dy : dy;
        if (a->visit.screen == SCREEN_ATTRACT) {
            a->visit.screen = SCREEN_HOME;
            a->frame.dirty = true;
        } else if (adx >= (int)(120 * a->m.s) && adx > 2 * ady) {
            turn_page(a, dx < 0 ? 1 : -1);
        }
        break;
    }
    case EV_KEY:
        if (user_input(a))
            break;
        if (a->visit.screen == SCREEN_FORM && a->contact.step <= STEP_EMAIL) {
            /* A physical keyboard works too. */
            if (ev->key == KEY_BACKSPACE)
                delete_back(a);
            else if (ev->key == KEY_ENTER || ev->key == KEY_TAB)
                form_next(a);
            a->frame.dirty = true;
        } else if (a->visit.screen >= SCREEN_NOTICE) {
            /* The form's screens have no pages to turn. */
        } else if (a->visit.screen == SCREEN_ATTRACT) {
            a->visit.screen = SCREEN_HOME;
            a->frame.dirty = true;
        } else if (ev->key == KEY_RIGHT || ev->key == KEY_PAGE_DOWN || ev->key == KEY_DOWN) {
            turn_page(a, 1);
        } else if (ev->key == KEY_LEFT || ev->key == KEY_PAGE_UP || ev->key == KEY_UP) {
            turn_page(a, -1);
        } else if (ev->key == KEY_HOME) {
            a->visit.screen = SCREEN_HOME;
            a->frame.dirty = true;
        }
        break;
    case EV_TEXT:
        if (!user_input(a) && ev->text)
            type_text(a, ev->text);
        break;
    }
    return a->frame.dirty;
}

int64_t app_next_deadline(const app *a)
{
    switch (idle_policy(a)) {
    case IDLE_NONE:
        return -1;
    case IDLE_FACILITATOR:
        return a->idle.last_input + FACILITATOR_IDLE_MS;
    case IDLE_STAFF: {
        int64_t idle = a->idle.last_input + STAFF_IDLE_MS;
        if (a->visit.screen == SCREEN_PIN && a->staff.pin_lock_until > a->idle.now) {
            int64_t next =
                a->idle.now + (a->staff.pin_lock_until - a->idle.now - 1) % 1000 + 1; /* the next whole second */
            return next < idle ? next : idle;
        }
        return idle;
    }
    case IDLE_VISITOR:
        break;
    }
    if ((a->visit.screen == SCREEN_THANKS || a->visit.screen == SCREEN_SAVE_FAILED) && !a->idle.warning) {
        int64_t back = a->contact.thanks_since + THANKS_MS, idle = a->idle.last_input + a->idle.timing.idle_ms;
        return back < idle ? back : idle;
    }
    if (!a->idle.warning)
        return a->idle.last_input + a->idle.timing.idle_ms;
    /* Next change of the number on screen, or the reset itself. */
    int left = warning_seconds_left(a);
    return a->idle.warning_since + a->idle.timing.countdown_ms - (int64_t)(left - 1) * 1000;
}
