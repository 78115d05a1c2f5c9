/* app: the state machine: sessions, events, timers, and the frame. */
#include "app_internal.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>

app *app_create(const content_set *content, const text_metrics *tm, int w, int h, app_timing timing)
{
    assert(content && tm && w > 0 && h > 0);
    app *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->frame.dl = draw_list_create(4096, 512, 128, 16384);
    a->frame.shown =
        a->frame.dl ? calloc((size_t)a->frame.dl->target_cap, sizeof *a->frame.shown) : NULL;
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
    a->cache.home_stale = a->cache.pick_stale = true;
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
    a->m = metrics_for_text(w, h, app_text_percent(a));
    a->cache.reader.doc = a->cache.crisis.doc = NULL; /* forces a new layout */
    a->frame.dirty = true;
}

bool app_set_content(app *a, const content_set *content)
{
    if (a->visit.screen != SCREEN_ATTRACT || a->idle.warning)
        return false;
    a->content = content;
    a->cache.home_stale = a->cache.pick_stale = true;
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
        "attract",    "home",         "reader",           "crisis", "notice", "form",
        "review",     "thanks",       "save_failed",      "groups", "pin",    "staff",
        "touch_test", "exit_confirm", "facilitator_pick", "cancel"};
    _Static_assert(sizeof names / sizeof names[0] == SCREEN_CANCEL + 1, "a name for every screen");
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

/* The screen modules; each owns its screens' drawing and events. */
static const screen_module *const MODULES[] = {&visit_screens, &form_screens, &staff_screens,
                                               &cancel_screens};
enum { MODULE_COUNT = (int)(sizeof MODULES / sizeof MODULES[0]) };

static const screen_module *module_of(screen_id s)
{
    for (int i = 0; i < MODULE_COUNT; i++)
        if (MODULES[i]->owns(s))
            return MODULES[i];
    assert(!"every screen has a module");
    return &visit_screens;
}

/* An action goes to the module it belongs to (the crisis bar's is the
 * visitor module's on every screen). */
static void do_action(app *a, const draw_target *t)
{
    if (a11y_act(a, t)) {
        a->frame.dirty = true;
        return;
    }
    for (int i = 0; i < MODULE_COUNT && t->act != ACT_NONE; i++)
        if (MODULES[i]->act && MODULES[i]->act(a, t))
            break;
    a->frame.dirty = true;
}

/* Whether dl has target t (same place, same action). */
static bool target_in(const draw_list *dl, const draw_target *t)
{
    for (int i = 0; i < dl->target_count; i++)
        if (dl->targets[i].act == t->act && dl->targets[i].arg == t->arg &&
            memcmp(&dl->targets[i].r, &t->r, sizeof t->r) == 0)
            return true;
    return false;
}

static bool form_in_use(const app *a);

static void build_frame(app *a)
{
    draw_list *dl = a->frame.dl;
    draw_list_reset(dl);
    a->frame.key_count = 0;
    a11y_before_draw(a); /* the visitor's contrast, the sentence being read */
    dl->clear = THEME.bg;
    dl->screen = app_screen_name(a);
    dl->lang = app_lang_code(a);
    draw_fill(dl, (rect){0, 0, a->m.w, a->m.h}, THEME.bg);
    /* The bar is drawn first so its height is known; its target is added
     * again last so that it is on top of any full-screen target. */
    int top = crisis_bar(a, dl);
    int bar_target = dl->target_count - 1;
    /* The draft mark belongs to the page; the idle question covers the
     * page (and on a small panel needs the room). */
    if (!a->idle.warning)
        top = draft_mark(a, dl, top);
    /* Presenting: the way out in its one place on screens without their own. */
    if (!a->idle.warning)
        top = facilitator_band(a, dl, top);
    if (a->idle.warning) {
        /* The page stays in place behind a dim (the reader keeps their
         * place), but nothing on it is tappable or dumped; the form's screens
         * are not drawn at all: what was typed stays out of sight. */
        if (!form_in_use(a) && a->visit.screen != SCREEN_ATTRACT) {
            int items = dl->item_count, targets = dl->target_count;
            module_of(a->visit.screen)->draw(a, dl, top);
            dl->item_count = items;
            dl->target_count = targets;
            draw_fill(dl, (rect){0, top, a->m.w, a->m.h - top}, THEME.dim);
        }
        draw_idle_warning(a, dl, top);
    } else {
        module_of(a->visit.screen)->draw(a, dl, top);
    }
    a11y_after_draw(a, dl);
    if (bar_target >= 0)
        draw_target_add(dl, dl->targets[bar_target].r, ACT_CRISIS, 0);
    /* The pressed look, over whatever is pressed, when it is still there. */
    if (a->frame.press.pressed && !target_in(dl, &a->frame.press.on))
        press_cancel(&a->frame.press);
    press_overlay(&a->frame.press, dl, &a->m);
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
    form_review_presented(a);
    return dl;
}

/* The topmost target of the frame on screen at (x, y); NULL off every
 * target, or when the state changed since that frame was presented in a way
 * that moved or changed its targets (then the visitor never saw what the tap
 * would press). A change that leaves every target as it was (a countdown's
 * number, staff figures) keeps the tap. */
static const draw_target *shown_hit(app *a, int x, int y)
{
    if (!a->frame.shown_valid)
        return NULL;
    if (a->frame.dirty) {
        const draw_list *now = app_frame(a);
        if (now->target_count != a->frame.shown_count ||
            memcmp(now->targets, a->frame.shown,
                   (size_t)a->frame.shown_count * sizeof *a->frame.shown) != 0)
            return NULL;
    }
    for (int i = a->frame.shown_count - 1; i >= 0; i--)
        if (rect_contains(a->frame.shown[i].r, x, y))
            return &a->frame.shown[i];
    return NULL;
}

int app_page(app *a)
{
    app_frame(a);
    int page = 0;
    const screen_module *mod = module_of(a->visit.screen);
    if (mod->pages)
        mod->pages(a, &page);
    return page;
}

int app_page_count(app *a)
{
    app_frame(a);
    const screen_module *mod = module_of(a->visit.screen);
    return mod->pages ? mod->pages(a, NULL) : 1;
}

/* ======================================================================
 * Events
 * ==================================================================== */

static int warning_seconds_left(const app *a)
{
    int64_t left = a->idle.timing.countdown_ms - (a->idle.now - a->idle.warning_since);
    return left <= 0 ? 0 : (int)((left + 999) / 1000);
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
    return !app_form_is_empty(a) || a->visit.screen == SCREEN_NOTICE ||
           a->visit.screen == SCREEN_FORM || a->visit.screen == SCREEN_REVIEW;
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
    if ((a->visit.screen == SCREEN_THANKS || a->visit.screen == SCREEN_SAVE_FAILED) &&
        !a->idle.warning && a->idle.now - a->contact.thanks_since >= THANKS_MS) {
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

/* A tap on t (NULL: on no target): the modules' own taps first (the staff
 * gesture), then t's action. */
static void tap_at(app *a, const app_event *ev, const draw_target *t)
{
    bool was_warning = a->idle.warning;
    user_input(a);
    bool taken = false;
    for (int i = 0; i < MODULE_COUNT && !taken; i++)
        taken = MODULES[i]->tap && MODULES[i]->tap(a, ev, t);
    /* During the warning a touch only dismisses it, unless it asks for help. */
    if (!taken && t && (!was_warning || t->act == ACT_CRISIS))
        do_action(a, t);
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
    case EV_DOWN:
        /* Pressed at once, on what the visitor sees (the frame on screen). */
        if (a->frame.shown_valid && !a->frame.dirty &&
            press_down(&a->frame.press, a->frame.shown, a->frame.shown_count, ev->x, ev->y,
                       a->idle.now))
            a->frame.dirty = true;
        else if (!a->frame.shown_valid || a->frame.dirty)
            press_down(&a->frame.press, NULL, 0, ev->x, ev->y, a->idle.now);
        break;
    case EV_MOVE:
        if (press_move(&a->frame.press, ev->x, ev->y))
            a->frame.dirty = true;
        break;
    case EV_UP: {
        /* Lifted inside what it pressed: a tap on it, if it is still on
         * screen; dragged off: nothing; down on no target: a tap on none
         * (the staff gesture's corners, dismissing the idle warning). */
        press_state p = a->frame.press;
        draw_target on;
        bool act = press_up(&a->frame.press, ev->x, ev->y, &on);
        if (p.pressed)
            a->frame.dirty = true; /* the pressed look goes */
        if (!p.down || p.cancelled || (p.pressed && !act)) {
            user_input(a);
            break;
        }
        app_event tap = *ev;
        tap.type = EV_TAP;
        tap.held_ms = (int)(a->idle.now - p.since);
        if (act && !target_in(app_frame(a), &on))
            break; /* the screen changed under the finger (a timeout): nothing */
        tap_at(a, &tap, act ? &on : NULL);
        break;
    }
    case EV_TAP: {
        tap_at(a, ev, shown_hit(a, ev->x, ev->y));
        break;
    }
    case EV_SWIPE: {
        if (a->frame.press.down) { /* a swipe ends a press without acting */
            a->frame.dirty |= a->frame.press.pressed;
            press_cancel(&a->frame.press);
        }
        if (user_input(a))
            break;
        const screen_module *mod = module_of(a->visit.screen);
        if (mod->swipe)
            mod->swipe(a, ev->x2 - ev->x, ev->y2 - ev->y);
        break;
    }
    case EV_KEY: {
        if (user_input(a))
            break;
        app_frame(a); /* keys turn pages of the layout as it is now */
        const screen_module *mod = module_of(a->visit.screen);
        if (mod->key)
            mod->key(a, ev->key);
        break;
    }
    case EV_TEXT: {
        if (user_input(a) || !ev->text)
            break;
        const screen_module *mod = module_of(a->visit.screen);
        if (mod->text)
            mod->text(a, ev->text);
        break;
    }
    }
    a11y_check_place(a); /* leaving the screen being read stops it */
    return a->frame.dirty;
}

static int64_t idle_deadline(const app *a);

int64_t app_next_deadline(const app *a)
{
    int64_t idle = idle_deadline(a), reading = a11y_deadline(a);
    if (reading < 0)
        return idle;
    return idle < 0 || reading < idle ? reading : idle;
}

static int64_t idle_deadline(const app *a)
{
    switch (idle_policy(a)) {
    case IDLE_NONE:
        return -1;
    case IDLE_FACILITATOR:
        return a->idle.last_input + FACILITATOR_IDLE_MS;
    case IDLE_STAFF: {
        int64_t idle = a->idle.last_input + STAFF_IDLE_MS;
        if (a->visit.screen == SCREEN_PIN && a->staff.pin_lock_until > a->idle.now) {
            int64_t next = a->idle.now + (a->staff.pin_lock_until - a->idle.now - 1) % 1000 +
                           1; /* the next whole second */
            return next < idle ? next : idle;
        }
        return idle;
    }
    case IDLE_VISITOR:
        break;
    }
    if ((a->visit.screen == SCREEN_THANKS || a->visit.screen == SCREEN_SAVE_FAILED) &&
        !a->idle.warning) {
        int64_t back = a->contact.thanks_since + THANKS_MS,
                idle = a->idle.last_input + a->idle.timing.idle_ms;
        return back < idle ? back : idle;
    }
    if (!a->idle.warning)
        return a->idle.last_input + a->idle.timing.idle_ms;
    /* Next change of the number on screen, or the reset itself. */
    int left = warning_seconds_left(a);
    return a->idle.warning_since + a->idle.timing.countdown_ms - (int64_t)(left - 1) * 1000;
}
