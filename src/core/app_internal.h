/* app_internal: what the app's source files share, and nothing else sees.
 *
 * The app is one state machine split by concern: app.c (state, events, the
 * frame), app_widgets.c (text blocks, buttons, the crisis bar, navigation),
 * app_visit.c (the visitor's screens), app_form.c (the contact form) and
 * app_staff.c (staff, facilitators, and the staff tools' views). They all
 * work on struct app, defined here; only app.h is public. */
#ifndef LANTERN_APP_INTERNAL_H
#define LANTERN_APP_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "keyboard.h"
#include "schedule.h"
#include "util.h"

enum {
    MAX_LINES = 8,
    FORM_STEPS = 6,
    THANKS_MS = 20000,
    STAFF_IDLE_MS = 60000,   /* a staff screen left alone returns to the attract screen */
    FACILITATOR_IDLE_MS = 30 * 60000, /* a facilitator who walked away: session dropped */
    GESTURE_HOLD_MS = 5000,  /* hold the top-left corner this long ... */
    GESTURE_STEP_MS = 10000, /* ... then each next corner within this long */
    USAGE_QUEUE = 32,
    PIN_MAX = 12,
};

#define LANTERN_APP_VERSION LANTERN_VERSION

/* The form's steps, one thing at a time so the keyboard never covers the
 * field being typed into, in either orientation. */
enum { STEP_NAME, STEP_PHONE, STEP_EMAIL, STEP_PREFERENCES, STEP_TOPIC, STEP_CONSENT };

/* A laid-out document and what it was laid out for. */
typedef struct {
    doc_layout layout;
    const content_doc *doc;
    int w, h;
    char reviewed[256]; /* the "Reviewed by" line; rows point into it */
} doc_view;

struct app {
    const content_set *content;
    const text_metrics *tm;
    metrics m;
    app_timing timing;
    draw_list *frame;
    bool dirty;
    draw_target *shown; /* the targets of the frame last presented (hit testing) */
    int shown_count;
    bool shown_valid;

    /* ---- session state: dropped by session_reset() alone ---- */
    screen_id screen;
    int lang;                /* index into content->langs */
    int doc;                 /* open document (index into langs[lang].docs) */
    int page;                /* reader page */
    int home_page;           /* Home's page of tiles */
    int crisis_page;         /* crisis screen page */
    screen_id crisis_return; /* where Back on the crisis screen goes */
    form_state form;         /* what the visitor typed: wiped by form_clear() */
    int step;                /* the form's step */
    bool shift;              /* the on-screen keyboard's shift */
    form_insert_result refused; /* the last typing refused, said under the field */
    bool submitting;         /* Submit pressed; the platform has not taken it yet */
    int64_t thanks_since;
    staff_role role;  /* signed in as staff or facilitator */
    bool facilitator; /* presenting: prompts shown, no idle reset, not counted */
    char pin[PIN_MAX + 1];
    bool pin_pending, pin_wrong;
    int64_t pin_lock_until;
    rect touches[32]; /* the touch test's points (x, y) */
    int touch_count;
    staff_request staff_req;
    /* Meeting cancellations (app_cancel.c): the list, and the staff's choice. */
    schedule_cancel cancels[SCHEDULE_STAFF_CANCEL_MAX];
    int cancel_count;
    int cancel_step; /* 0 pick a meeting, 1 a reason, 2 confirm */
    schedule_cancel cancel_pick;
    schedule_cancel cancel_list[6]; /* the meetings on screen, in order */
    bool cancel_list_undo[6];       /* already cancelled: the button undoes it */
    int cancel_list_count;
    bool cancel_pending, cancel_undo;
    int gesture_stage; /* 1..3: corners done after the hold */
    int64_t gesture_until;
    unsigned char reached[CONTENT_MAX_DOCS]; /* furthest page counted, per module */

    /* ---- idle timing ---- */
    int64_t now;
    int64_t last_input;
    bool warning; /* "Are you still there?" is showing */
    int64_t warning_since;
    int warning_seconds; /* the number on screen */

    /* ---- the contact form's setup (not session state) ---- */
    bool form_available, form_demo;
    wipe_fn wipe;
    kb_key keys[KB_MAX_KEYS]; /* the on-screen keys of the frame on screen */
    int key_count;
    staff_info info;
    usage_event usage[USAGE_QUEUE]; /* for the platform to count */
    int usage_count;
    int64_t wall;

    /* ---- layout caches, rebuilt on open, resize or language change ---- */
    doc_view reader, crisis;
    int crisis_cols; /* help lines side by side on a wide screen */
    int home_pages;
};

static inline const content_lang *lang_of(const app *a)
{
    return &a->content->langs[a->lang];
}

static inline const char *ui(const app *a, const char *key)
{
    return content_ui(lang_of(a), key);
}

/* Staff screens, and any screen while signed in as staff or facilitator. */
static inline bool staff_screen(const app *a)
{
    return a->screen >= SCREEN_PIN || a->role != ROLE_NONE;
}

typedef enum { ALIGN_LEFT, ALIGN_CENTER } align;

/* app.c: the one place a session ends; the form's wipe */
void session_reset(app *a);
void form_wipe(app *a);

/* app_widgets.c: text, buttons, the crisis bar, navigation */
int text_block(app *a, draw_list *dl, const char *text, int px, font_style st, color fg, color bg,
               rect box, align al, int max_lines, rect clip);
int fit_px(app *a, const char *text, int px, int min_px, font_style st, int width, int max_lines);
int button_width(app *a, const char *label);
void button(app *a, draw_list *dl, rect r, const char *label, action act, int arg, bool primary);
int crisis_bar(app *a, draw_list *dl);
int nav_bar(app *a, draw_list *dl, const char *first_label, action first_act, int page, int pages,
            const char *done_label);
int nav_reserve_top(app *a, const char *first_label, const char *done_label);
void format_date(const app *a, const char *iso, char *out, size_t size);
int draft_mark(app *a, draw_list *dl, int top);
void ensure_layout(app *a, doc_view *v, const content_doc *doc, int w, int h);

/* app_visit.c: the visitor's screens */
void draw_attract(app *a, draw_list *dl, int top);
void draw_home(app *a, draw_list *dl, int top);
void draw_reader(app *a, draw_list *dl, int top);
void draw_crisis(app *a, draw_list *dl, int top);
void draw_idle_warning(app *a, draw_list *dl, int top);
void draw_groups(app *a, draw_list *dl, int top);

/* app_form.c: the contact form */
void draw_notice(app *a, draw_list *dl, int top);
void draw_text_step(app *a, draw_list *dl, int top);
void draw_choice_step(app *a, draw_list *dl, int top);
void draw_review(app *a, draw_list *dl, int top);
void draw_form_end(app *a, draw_list *dl, int top, bool saved);
form_field step_field(int step);

/* app_staff.c: staff and facilitators */
void draw_pin(app *a, draw_list *dl, int top);
void draw_staff(app *a, draw_list *dl, int top);
void draw_touch_test(app *a, draw_list *dl, int top);
void draw_exit_confirm(app *a, draw_list *dl, int top);
void draw_facilitator_pick(app *a, draw_list *dl, int top);

/* app_cancel.c: cancel a meeting from the staff screen */
void draw_cancel(app *a, draw_list *dl, int top);
void cancel_action(app *a, int arg);
/* The staff cancellations as content_cancellation in the visitor's
 * language (note: the reason's text), for schedule_upcoming_extra(). */
int cancel_extra(const app *a, content_cancellation *out, int max);
void format_time(const app *a, const struct tm *tm, char *out, size_t size);
void push_usage(app *a, usage_kind kind, const char *item);
int corner_of(const app *a, int x, int y);

#endif
