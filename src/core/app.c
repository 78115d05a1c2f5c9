/* app: the state machine: sessions, events, timers, and the frame. */
#include "app_internal.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>

void form_wipe(app *a)
{
    a->refused = INSERT_OK;
    form_clear(&a->form, a->wipe);
    a->form.language = a->lang;
    a->step = 0;
    a->shift = false;
    a->submitting = false;
}

/* The one place where a session ends: everything the visitor did or typed
 * is dropped. */
void session_reset(app *a)
{
    a->lang = a->content->default_lang; /* first: the form takes the new language */
    form_wipe(a);
    memset(a->pin, 0, sizeof a->pin);
    a->pin_pending = a->pin_wrong = false;
    a->role = ROLE_NONE;
    a->facilitator = false;
    a->touch_count = 0;
    a->gesture_stage = 0;
    a->staff_req.kind = STAFF_NONE;
    memset(a->reached, 0, sizeof a->reached);
    a->screen = SCREEN_ATTRACT;
    a->lang = a->content->default_lang;
    a->doc = -1;
    a->page = a->home_page = a->crisis_page = 0;
    a->crisis_return = SCREEN_ATTRACT;
    a->warning = false;
    a->reader.doc = a->crisis.doc = NULL;
    a->dirty = true;
}

static bool holds(const void *hay, size_t size, const void *needle, size_t n)
{
    return bytes_contain(hay, size, needle, n);
}

bool app_holds_bytes(const app *a, const void *needle, size_t n)
{
    return holds(a, sizeof *a, needle, n) || holds(a->frame->text, a->frame->text_cap, needle, n);
}

app *app_create(const content_set *content, const text_metrics *tm, int w, int h, app_timing timing)
{
    assert(content && tm && w > 0 && h > 0);
    app *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->frame = draw_list_create(4096, 512, 128, 16384);
    a->shown = a->frame ? calloc((size_t)a->frame->target_cap, sizeof *a->shown) : NULL;
    if (!a->frame || !a->shown) {
        draw_list_destroy(a->frame);
        free(a);
        return NULL;
    }
    a->content = content;
    a->tm = tm;
    a->timing = timing;
    a->m = metrics_for_size(w, h);
    a->crisis_cols = 1;
    session_reset(a);
    return a;
}

void app_destroy(app *a)
{
    if (!a)
        return;
    doc_layout_free(&a->reader.layout);
    doc_layout_free(&a->crisis.layout);
    draw_list_destroy(a->frame);
    free(a->shown);
    free(a);
}

void app_resize(app *a, int w, int h)
{
    if (w == a->m.w && h == a->m.h)
        return;
    a->m = metrics_for_size(w, h);
    a->reader.doc = a->crisis.doc = NULL; /* forces a new layout */
    a->dirty = true;
}

bool app_set_content(app *a, const content_set *content)
{
    if (a->screen != SCREEN_ATTRACT || a->warning)
        return false;
    a->content = content;
    session_reset(a);
    return true;
}

screen_id app_screen(const app *a)
{
    return a->screen;
}

const char *app_screen_name(const app *a)
{
    static const char *const names[] = {
        "attract", "home",   "reader",     "crisis",       "notice",
        "form",    "review", "thanks",     "save_failed",  "groups",
        "pin",     "staff",  "touch_test", "exit_confirm", "facilitator_pick", "cancel"};
    _Static_assert(sizeof names / sizeof names[0] == SCREEN_CANCEL + 1, "a name for every screen");
    return names[a->screen];
}

const char *app_lang_code(const app *a)
{
    return lang_of(a)->code;
}

bool app_idle_warning(const app *a)
{
    return a->warning;
}

static void build_frame(app *a)
{
    draw_list *dl = a->frame;
    draw_list_reset(dl);
    a->key_count = 0;
    dl->clear = THEME.bg;
    dl->screen = app_screen_name(a);
    dl->lang = app_lang_code(a);
    draw_fill(dl, (rect){0, 0, a->m.w, a->m.h}, THEME.bg);
    /* The bar is drawn first so its height is known; its target is added
     * again last so that it is on top of any full-screen target. */
    int top = crisis_bar(a, dl);
    int bar_target = dl->target_count - 1;
    top = draft_mark(a, dl, top);
    if (a->warning) {
        draw_idle_warning(a, dl, top);
    } else {
        switch (a->screen) {
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
            if (a->step <= STEP_EMAIL)
                draw_text_step(a, dl, top);
            else
                draw_choice_step(a, dl, top);
            break;
        case SCREEN_REVIEW:
            draw_review(a, dl, top);
            break;
        case SCREEN_THANKS:
        case SCREEN_SAVE_FAILED:
            draw_form_end(a, dl, top, a->screen == SCREEN_THANKS);
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
        case SCREEN_CANCEL:
            draw_cancel(a, dl, top);
            break;
        }
    }
    if (bar_target >= 0)
        draw_target_add(dl, dl->targets[bar_target].r, ACT_CRISIS, 0);
    if (dl->overflow)
        log_msg(LOG_WARN, "frame for screen %s did not fit the draw list", dl->screen);
    a->dirty = false;
}

const draw_list *app_frame(app *a)
{
    if (a->dirty)
        build_frame(a);
    return a->frame;
}

const draw_list *app_present(app *a)
{
    const draw_list *dl = app_frame(a);
    int n = dl->target_count < a->frame->target_cap ? dl->target_count : a->frame->target_cap;
    memcpy(a->shown, dl->targets, (size_t)n * sizeof *a->shown);
    a->shown_count = n;
    a->shown_valid = true;
    return dl;
}

/* The topmost target of the frame on screen at (x, y); NULL off every
 * target, or when the screen no longer matches the state. */
static const draw_target *shown_hit(const app *a, int x, int y)
{
    if (!a->shown_valid || a->dirty)
        return NULL;
    for (int i = a->shown_count - 1; i >= 0; i--)
        if (rect_contains(a->shown[i].r, x, y))
            return &a->shown[i];
    return NULL;
}

int app_page(app *a)
{
    app_frame(a);
    switch (a->screen) {
    case SCREEN_FORM:
        return a->step;
    case SCREEN_READER:
        return a->page;
    case SCREEN_CRISIS:
        return a->crisis_page;
    case SCREEN_HOME:
        return a->home_page;
    default:
        return 0;
    }
}

int app_page_count(app *a)
{
    app_frame(a);
    switch (a->screen) {
    case SCREEN_FORM:
        return FORM_STEPS;
    case SCREEN_READER:
        return a->reader.doc ? a->reader.layout.page_count : 1;
    case SCREEN_CRISIS:
        return a->crisis.doc ? (a->crisis.layout.page_count + a->crisis_cols - 1) / a->crisis_cols
                             : 1;
    case SCREEN_HOME:
        return a->home_pages;
    default:
        return 1;
    }
}

/* ======================================================================
 * Events
 * ==================================================================== */

static int warning_seconds_left(const app *a)
{
    int64_t left = a->timing.countdown_ms - (a->now - a->warning_since);
    return left <= 0 ? 0 : (int)((left + 999) / 1000);
}

static void turn_page(app *a, int delta)
{
    int *page = a->screen == SCREEN_READER   ? &a->page
                : a->screen == SCREEN_CRISIS ? &a->crisis_page
                : a->screen == SCREEN_HOME   ? &a->home_page
                                             : NULL;
    if (!page)
        return;
    int next = *page + delta;
    if (next >= 0 && next < app_page_count(a)) {
        *page = next;
        a->dirty = true;
        /* Pages reached: counted once a session, the furthest only grows. */
        if (a->screen == SCREEN_READER && a->doc >= 0 && a->doc < CONTENT_MAX_DOCS &&
            next + 1 > a->reached[a->doc] && next < 255) {
            char item[48];
            str_format(item, sizeof item, "%s#%d", lang_of(a)->docs[a->doc].id, next + 1);
            push_usage(a, USAGE_PAGE, item);
            a->reached[a->doc] = (unsigned char)(next + 1);
        }
    }
}

static void open_crisis(app *a)
{
    if (a->screen != SCREEN_CRISIS)
        push_usage(a, USAGE_CRISIS, "");
    if (a->screen != SCREEN_CRISIS)
        a->crisis_return = a->screen;
    a->screen = SCREEN_CRISIS;
    a->crisis_page = 0;
    a->dirty = true;
}

static void form_next(app *a)
{
    if (a->step <= STEP_EMAIL) {
        form_field field = step_field(a->step);
        a->form.left[field] = true;
        field_status st = form_status(&a->form, field);
        if (field == FIELD_NAME && st != FIELD_OK)
            return;
        if (field != FIELD_NAME && st != FIELD_OK && st != FIELD_EMPTY)
            return;
        if (field == FIELD_EMAIL && !form_has_contact(&a->form))
            return; /* the error under the field says to give one of them */
    }
    if (a->step + 1 < FORM_STEPS) {
        a->step++;
        a->shift = false;
    } else {
        a->screen = SCREEN_REVIEW;
    }
}

static void type_text(app *a, const char *text)
{
    if (a->screen != SCREEN_FORM || a->step > STEP_EMAIL)
        return;
    form_field field = step_field(a->step);
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
        res = form_insert(&a->form, field, text);
    a->refused = res;
    if (res == INSERT_OK) {
        /* One-shot shift; a new word in a name starts with a capital. */
        a->shift = field == FIELD_NAME &&
                   (strcmp(text, " ") == 0 || strcmp(text, "-") == 0 || strcmp(text, ".") == 0);
    }
    a->dirty = true;
}

/* Backspace in a field; a name's new word (or an empty name) starts with a
 * capital again. */
static void delete_back(app *a)
{
    form_field field = step_field(a->step);
    form_backspace(&a->form, field);
    if (field == FIELD_NAME) {
        const char *t = a->form.name;
        size_t n = strlen(t);
        a->shift = n == 0 || t[n - 1] == ' ' || t[n - 1] == '-';
    }
}

static void press_pin_key(app *a, const kb_key *k)
{
    size_t n = strlen(a->pin);
    if (k->kind == KK_CHAR && n < PIN_MAX) {
        a->pin[n] = k->text[0];
        a->pin_wrong = false;
    } else if (k->kind == KK_DELETE && n > 0) {
        a->pin[n - 1] = '\0';
    } else if (k->kind == KK_DONE && n >= 4 && a->now >= a->pin_lock_until) {
        a->pin_pending = true;
    }
}

static void press_key(app *a, int index)
{
    if (index < 0 || index >= a->key_count)
        return;
    const kb_key *k = &a->keys[index];
    if (a->screen == SCREEN_PIN) {
        press_pin_key(a, k);
        return;
    }
    switch (k->kind) {
    case KK_CHAR:
    case KK_SPACE:
        type_text(a, k->text);
        break;
    case KK_SHIFT:
        a->shift = !a->shift;
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
        a->screen = SCREEN_HOME;
        a->home_page = 0;
        push_usage(a, USAGE_SESSION, "");
        push_usage(a, USAGE_LANGUAGE, lang_of(a)->code);
        break;
    case ACT_LANG:
        if (t->arg >= 0 && t->arg < a->content->lang_count && t->arg != a->lang) {
            a->lang = t->arg;
            a->reader.doc = a->crisis.doc = NULL;
            if (a->screen != SCREEN_ATTRACT)
                push_usage(a, USAGE_LANGUAGE, lang_of(a)->code);
        }
        if (a->screen == SCREEN_ATTRACT) {
            a->screen = SCREEN_HOME;
            push_usage(a, USAGE_SESSION, "");
            push_usage(a, USAGE_LANGUAGE, lang_of(a)->code);
        }
        a->home_page = 0;
        break;
    case ACT_OPEN_DOC:
        if (t->arg == a->content->contact_doc && a->facilitator)
            break; /* presenting to a group: no visitor form on a facilitator's session */
        if (t->arg == a->content->contact_doc && a->form_available) {
            a->screen = SCREEN_NOTICE;
            break;
        }
        if (t->arg == a->content->groups_doc && lang_of(a)->group_count > 0 && !a->facilitator) {
            a->screen = SCREEN_GROUPS;
            break;
        }
        /* fall through */
    case ACT_READ_DOC:
        a->doc = t->arg;
        a->page = 0;
        a->screen = SCREEN_READER;
        if (a->doc < CONTENT_MAX_DOCS && a->reached[a->doc] == 0) {
            const char *id = lang_of(a)->docs[a->doc].id;
            char item[48];
            push_usage(a, USAGE_MODULE, id);
            str_format(item, sizeof item, "%s#1", id);
            push_usage(a, USAGE_PAGE, item);
            a->reached[a->doc] = 1;
        }
        break;
    case ACT_FORM_START:
        if (a->facilitator || a->role != ROLE_NONE)
            break;
        form_wipe(a);
        a->form.language = a->lang;
        a->screen = SCREEN_FORM;
        a->step = STEP_NAME;
        a->shift = true; /* a name starts with a capital */
        break;
    case ACT_FORM_CANCEL:
    case ACT_FORM_DONE:
        if (a->role != ROLE_NONE || a->facilitator || a->screen == SCREEN_PIN) {
            session_reset(a); /* staff and facilitators leave to the attract screen */
            break;
        }
        form_wipe(a);
        a->screen = SCREEN_HOME;
        break;
    case ACT_STAFF:
        a->staff_req = (staff_request){(staff_request_kind)(t->arg % 16), t->arg / 16};
        break;
    case ACT_STAFF_BACK:
        a->screen = SCREEN_STAFF;
        break;
    case ACT_TOUCH_TEST:
        a->touch_count = 0;
        a->screen = SCREEN_TOUCH_TEST;
        break;
    case ACT_TOUCH_POINT:
        break; /* recorded with its position in app_handle */
    case ACT_FACILITATOR:
        a->facilitator = true;
        a->screen = SCREEN_FACILITATOR_PICK;
        break;
    case ACT_EXIT_ASK:
        a->screen = SCREEN_EXIT_CONFIRM;
        break;
    case ACT_CANCEL:
        cancel_action(a, t->arg);
        break;
    case ACT_FORM_NEXT:
        form_next(a);
        break;
    case ACT_FORM_BACK:
        if (a->screen == SCREEN_REVIEW) {
            a->screen = SCREEN_FORM;
            a->step = STEP_CONSENT;
        } else if (a->step > 0) {
            a->step--;
        }
        a->shift = false;
        break;
    case ACT_FORM_GOTO:
        if (t->arg >= 0 && t->arg < FORM_STEPS) {
            a->screen = SCREEN_FORM;
            a->step = t->arg;
            a->shift = false;
        }
        break;
    case ACT_KEY:
        press_key(a, t->arg);
        break;
    case ACT_CHOICE: {
        int group = t->arg / 16, option = t->arg % 16;
        if (group == 0 && option < FORM_TIMES)
            a->form.best_time = option;
        else if (group == 1 && option < a->content->lang_count)
            a->form.language = option;
        else if (group == 2 && option < 2)
            a->form.voicemail = option;
        else if (group == 3 && option < FORM_TOPICS)
            a->form.topic = option;
        break;
    }
    case ACT_CONSENT:
        a->form.consent = !a->form.consent;
        break;
    case ACT_SUBMIT:
        if (form_can_submit(&a->form))
            a->submitting = true;
        break;
    case ACT_HOME:
        a->screen = SCREEN_HOME;
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
        a->screen = a->crisis_return;
        break;
    case ACT_STAY:
        break;
    }
    a->dirty = true;
}

static bool user_input(app *a)
{
    /* Any touch while the warning shows only dismisses it. */
    a->last_input = a->now;
    if (a->warning) {
        a->warning = false;
        a->dirty = true;
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
    return !app_form_is_empty(a) || a->screen == SCREEN_NOTICE || a->screen == SCREEN_FORM ||
           a->screen == SCREEN_REVIEW;
}

static idle_rule idle_policy(const app *a)
{
    if (form_in_use(a))
        return IDLE_VISITOR;
    if (a->screen == SCREEN_ATTRACT && !a->warning)
        return IDLE_NONE;
    if (a->facilitator && a->screen != SCREEN_FACILITATOR_PICK)
        return IDLE_FACILITATOR; /* presenting to a group: a long ceiling, no warning */
    if (staff_screen(a))
        return IDLE_STAFF;
    return IDLE_VISITOR;
}

static void tick(app *a)
{
    if ((a->screen == SCREEN_THANKS || a->screen == SCREEN_SAVE_FAILED) && !a->warning &&
        a->now - a->thanks_since >= THANKS_MS) {
        a->screen = SCREEN_HOME;
        a->dirty = true;
    }
    switch (idle_policy(a)) {
    case IDLE_NONE:
        return;
    case IDLE_FACILITATOR:
        if (a->now - a->last_input >= FACILITATOR_IDLE_MS)
            session_reset(a);
        return;
    case IDLE_STAFF:
        /* Staff screens are not left open: back to the attract screen, no warning. */
        if (a->now - a->last_input >= STAFF_IDLE_MS)
            session_reset(a);
        else if (a->screen == SCREEN_PIN && a->pin_lock_until > a->now)
            a->dirty = true; /* the lockout countdown */
        return;
    case IDLE_VISITOR:
        break;
    }
    if (!a->warning && a->now - a->last_input >= a->timing.idle_ms) {
        a->warning = true;
        a->warning_since = a->last_input + a->timing.idle_ms;
        a->warning_seconds = warning_seconds_left(a);
        a->dirty = true;
    }
    if (a->warning) {
        if (a->now - a->warning_since >= a->timing.countdown_ms) {
            session_reset(a);
            return;
        }
        int left = warning_seconds_left(a);
        if (left != a->warning_seconds) {
            a->warning_seconds = left;
            a->dirty = true;
        }
    }
}

bool app_handle(app *a, const app_event *ev)
{
    if (ev->now_ms > a->now)
        a->now = ev->now_ms;
    if (ev->wall > 0)
        a->wall = ev->wall;
    tick(a);
    if (ev->type != EV_TICK && a->refused != INSERT_OK) {
        a->refused = INSERT_OK; /* said once, for the key that was refused */
        a->dirty = true;
    }
    switch (ev->type) {
    case EV_TICK:
        break;
    case EV_TAP: {
        const draw_target *t = shown_hit(a, ev->x, ev->y);
        bool was_warning = a->warning;
        user_input(a);
        /* The hidden staff gesture: hold the top-left corner 5 s, then tap
         * the other corners clockwise within 10 s each. The corner taps
         * that follow the hold are taken by the gesture; any other tap
         * ends it and acts as usual. */
        int corner = corner_of(a, ev->x, ev->y);
        if (a->gesture_stage > 0 && a->now <= a->gesture_until && corner == a->gesture_stage) {
            a->gesture_stage++;
            a->gesture_until = a->now + GESTURE_STEP_MS;
            if (a->gesture_stage == 4) {
                bool keep_lock = a->pin_lock_until > a->now;
                int64_t lock = a->pin_lock_until;
                session_reset(a);
                a->pin_lock_until = keep_lock ? lock : 0;
                a->screen = SCREEN_PIN;
            }
            a->dirty = true;
            break;
        }
        a->gesture_stage = 0;
        if (corner == 0 && ev->held_ms >= GESTURE_HOLD_MS) {
            /* A 5-second hold in the corner only arms the gesture: it opens
             * nothing (a visitor's normal tap on the crisis bar still does). */
            a->gesture_stage = 1;
            a->gesture_until = a->now + GESTURE_STEP_MS;
            break;
        }
        if (t && t->act == ACT_TOUCH_POINT && a->screen == SCREEN_TOUCH_TEST) {
            if (a->touch_count == (int)(sizeof a->touches / sizeof a->touches[0])) {
                memmove(a->touches, a->touches + 1, sizeof a->touches - sizeof a->touches[0]);
                a->touch_count--;
            }
            a->touches[a->touch_count++] = (rect){ev->x, ev->y, 0, 0};
            a->dirty = true;
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
        if (a->screen == SCREEN_ATTRACT) {
            a->screen = SCREEN_HOME;
            a->dirty = true;
        } else if (adx >= (int)(120 * a->m.s) && adx > 2 * ady) {
            turn_page(a, dx < 0 ? 1 : -1);
        }
        break;
    }
    case EV_KEY:
        if (user_input(a))
            break;
        if (a->screen == SCREEN_FORM && a->step <= STEP_EMAIL) {
            /* A physical keyboard works too. */
            if (ev->key == KEY_BACKSPACE)
                delete_back(a);
            else if (ev->key == KEY_ENTER || ev->key == KEY_TAB)
                form_next(a);
            a->dirty = true;
        } else if (a->screen >= SCREEN_NOTICE) {
            /* The form's screens have no pages to turn. */
        } else if (a->screen == SCREEN_ATTRACT) {
            a->screen = SCREEN_HOME;
            a->dirty = true;
        } else if (ev->key == KEY_RIGHT || ev->key == KEY_PAGE_DOWN || ev->key == KEY_DOWN) {
            turn_page(a, 1);
        } else if (ev->key == KEY_LEFT || ev->key == KEY_PAGE_UP || ev->key == KEY_UP) {
            turn_page(a, -1);
        } else if (ev->key == KEY_HOME) {
            a->screen = SCREEN_HOME;
            a->dirty = true;
        }
        break;
    case EV_TEXT:
        if (!user_input(a) && ev->text)
            type_text(a, ev->text);
        break;
    }
    return a->dirty;
}

int64_t app_next_deadline(const app *a)
{
    switch (idle_policy(a)) {
    case IDLE_NONE:
        return -1;
    case IDLE_FACILITATOR:
        return a->last_input + FACILITATOR_IDLE_MS;
    case IDLE_STAFF: {
        int64_t idle = a->last_input + STAFF_IDLE_MS;
        if (a->screen == SCREEN_PIN && a->pin_lock_until > a->now) {
            int64_t next =
                a->now + (a->pin_lock_until - a->now - 1) % 1000 + 1; /* the next whole second */
            return next < idle ? next : idle;
        }
        return idle;
    }
    case IDLE_VISITOR:
        break;
    }
    if ((a->screen == SCREEN_THANKS || a->screen == SCREEN_SAVE_FAILED) && !a->warning) {
        int64_t back = a->thanks_since + THANKS_MS, idle = a->last_input + a->timing.idle_ms;
        return back < idle ? back : idle;
    }
    if (!a->warning)
        return a->last_input + a->timing.idle_ms;
    /* Next change of the number on screen, or the reset itself. */
    int left = warning_seconds_left(a);
    return a->warning_since + a->timing.countdown_ms - (int64_t)(left - 1) * 1000;
}
