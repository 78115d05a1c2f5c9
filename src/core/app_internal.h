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
#include "press.h"
#include "look.h"
#include "icons.h"
#include "schedule.h"
#include "util.h"

enum {
    MAX_LINES = 8,
    FORM_STEPS = 6,
    FORM_REVIEW_ROWS = 8,             /* name, phone, email, time, language, voicemail, topic, consent */
    THANKS_MS = 20000,
    STAFF_IDLE_MS = 60000,            /* a staff screen left alone returns to the attract screen */
    FACILITATOR_IDLE_MS = 30 * 60000, /* a facilitator who walked away: session dropped */
    GESTURE_HOLD_MS = 5000,           /* hold the top-left corner this long ... */
    GESTURE_STEP_MS = 10000,          /* ... then each next corner within this long */
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
    bool prompts;       /* laid out with the facilitator's prompts in the text */
    char reviewed[256]; /* the "Reviewed by" line; rows point into it */
} doc_view;

/* A place to go back to (reader_nav.c): a link was followed from it. */
typedef struct {
    screen_id screen;
    int doc, page, groups_page;
} visit_place;
enum { VISIT_BACK_MAX = 8 };

/* The visitor's place in the kiosk: dropped by session_reset() alone. */
typedef struct {
    screen_id screen;
    int lang;                                /* index into content->langs */
    int doc;                                 /* open document (index into langs[lang].docs) */
    int page;                                /* reader page */
    int home_page;                           /* Home's page of tiles */
    int crisis_page;                         /* crisis screen page */
    bool crisis_codes; /* the take-home codes shown instead of the help lines (their button) */
    int groups_page;                         /* the groups schedule's page (a small panel) */
    screen_id crisis_return;                 /* where Back on the crisis screen goes */
    unsigned char reached[CONTENT_MAX_DOCS]; /* furthest page counted, per module */
    visit_place back[VISIT_BACK_MAX];        /* where Back goes after links, newest last */
    int back_count;
    bool parts_open;             /* the reader shows the module's list of parts (reader_nav.c) */
    int parts_page, parts_pages; /* the list's page, and its pages as last drawn */
} visit_state;

/* What a typed step's fit depends on (app_form.c): no typed text. */
typedef struct {
    int step, lang, w, h, percent, top;
    const void *content; /* the content set the note is from */
    const char *note;    /* the error or hint shown (a UI string) */
    bool note_open, demo;
} form_fit_key;

/* The contact form: what the visitor typed and chose (wiped by
 * session_form_wipe() alone), and the form's setup from the platform. */
typedef struct {
    form_state form;            /* what the visitor typed: sensitive */
    int step;                   /* the form's step */
    bool shift;                 /* the on-screen keyboard's shift */
    int kb_page;                /* a short panel's keyboard: 0 letters, 1 the rest */
    bool note_open;             /* an error not yet seen (a short panel shows it over the keys) */
    bool squeeze;               /* this frame: laid out as on a short panel (app_form.c) */
    form_fit_key fit_key;       /* the last typed step's fit: for this key ... */
    int fit_percent;            /* ... this text step ... */
    bool fit_squeeze, fit_valid; /* ... and layout */
    form_insert_result refused; /* the last typing refused, said under the field */
    bool submitting;            /* Submit pressed; the platform has not taken it yet */
    bool asking_erase;          /* Cancel pressed: "Erase your answers?" shows */
    bool why;                   /* a disabled Send was tapped: what is needed stands out */
    int review_page, review_pages; /* the review's rows paged on a small panel */
    int review_row;                /* the row whose page shows (a turn names a row) */
    int review_turn[2];            /* as last drawn: the rows Previous and Next show */
    /* The review's rows, a bit each: those in the frame last drawn, and
     * those in a frame presented since the review was reached. Send acts
     * only once every row has been on screen (issue 13). */
    unsigned review_drawn, review_seen;
    int notice_page, notice_pages; /* the notice, paged on a small panel */
    int64_t thanks_since;
    bool available, demo; /* setup (app_set_form), not session state */
    wipe_fn wipe;
} form_session;

/* Staff and facilitators: sign-in, the staff screen's requests and figures. */
typedef struct {
    staff_role role;  /* signed in as staff or facilitator */
    bool facilitator; /* presenting: prompts shown, a long idle ceiling, not counted */
    char pin[PIN_MAX + 1];
    bool pin_pending, pin_wrong;
    int64_t pin_lock_until;
    rect touches[32]; /* the touch test's points (x, y) */
    int touch_count;
    staff_request req;
    int gesture_stage; /* 1..3: corners done after the hold */
    int64_t gesture_until;
    staff_info info; /* filled by the platform: counts only */
    int pick_page, pick_pages; /* the module list's page, and its pages as last drawn (app_pick.c) */
} staff_session;

/* Time and the idle policy's state. */
typedef struct {
    app_timing timing;
    int64_t now;  /* the kiosk's monotonic clock, ms */
    int64_t wall; /* unix seconds, for dates */
    int64_t last_input;
    bool warning; /* "Are you still there?" is showing */
    int64_t warning_since;
    int warning_seconds; /* the number on screen */
} idle_state;

/* What is drawn, and what the visitor saw: hit testing uses shown. */
typedef struct {
    draw_list *dl;
    bool dirty;
    draw_target *shown; /* the targets of the frame last presented */
    int shown_count;
    bool shown_valid;
    press_state press;        /* a finger on a target of the shown frame: drawn pressed */
    kb_key keys[KB_MAX_KEYS]; /* the on-screen keys of the frame being built */
    int key_count;
} frame_state;

/* Layouts, rebuilt on open, resize or language change. */
typedef struct {
    doc_view reader, crisis;
    int crisis_cols;  /* help lines side by side on a wide screen */
    int crisis_pages; /* 1 but on a panel too small for the whole list */
    bool crisis_bare; /* the help lines shown without their notes (nothing else fits one screen) */
    int groups_pages; /* the same for the groups schedule */
    int home_pages;
    bool home_stale; /* Home's grid must be chosen again (new content) */
    bool pick_stale; /* the same for the facilitator's module list (app_pick.c) */
} layout_cache;

/* Read-aloud, text size and contrast: the visitor's choices (dropped with
 * the session by a11y_reset) and the platform's setup. */
typedef struct {
    int text_step; /* index into TEXT_STEPS */
    bool high_contrast;
    bool available, headphones; /* setup (app_set_read_aloud), not session state */
    bool unplugged;             /* headphones only, and the headphones are not there */
    bool speaking;              /* a reading was asked for and has not ended */
    int id;                     /* the current reading's tag */
    int sentence;               /* the sentence heard, -1 none yet */
    bool clip;                  /* a recording: nothing to highlight */
    /* What was on screen when Listen was tapped: leaving it stops the reading. */
    screen_id screen;
    int lang, doc, page;
    bool parts_open; /* the reader's list of parts, not its page, and the list's page */
    int parts_page;
    bool request; /* a request waits for the platform (say or stop) */
    readaloud_page text;
    const char *clip_src;
    /* The last screen a QR code was counted on (counted once per view). */
    screen_id qr_screen;
    int qr_doc, qr_page, qr_lang;
    bool qr_counted;
    const char *anchor; /* the first text of the reader page when "A+" was tapped */
} a11y_state;

/* Meetings cancelled from the staff screen (app_cancel.c): the list the
 * platform keeps in the data folder, and the staff's choice in progress. */
typedef struct {
    schedule_cancel list[SCHEDULE_STAFF_CANCEL_MAX];
    int count;
    int step; /* 0 pick a meeting, 1 a reason, 2 confirm */
    schedule_cancel pick;
    schedule_cancel shown[6]; /* the meetings on screen, in order */
    bool shown_undo[6];       /* already cancelled: the button undoes it */
    int shown_count;
    bool pending, undo; /* confirmed, for the platform to take */
} cancel_state;

/* Anonymous usage events for the platform to count. */
typedef struct {
    usage_event usage[USAGE_QUEUE];
    int count;
} effect_queue;

/* The app, grouped by owner. Plumbing (content, metrics) is replaced only by
 * create, resize and set_content; each other part has one owner file:
 * visit (app_visit.c), contact (app_form.c), staff (app_staff.c), idle
 * (app.c's idle policy), frame (app.c), and all session parts are dropped
 * together by session.c. */
struct app {
    const content_set *content;
    const text_metrics *tm;
    metrics m;
    frame_state frame;
    idle_state idle;
    visit_state visit;
    form_session contact;
    staff_session staff;
    layout_cache cache;
    effect_queue out;
    a11y_state a11y;
    cancel_state cancel;
};

static inline const content_lang *lang_of(const app *a)
{
    return &a->content->langs[a->visit.lang];
}

static inline const char *ui(const app *a, const char *key)
{
    return content_ui(lang_of(a), key);
}

/* A facilitator is presenting to a group. */
static inline bool presenting(const app *a)
{
    return a->staff.facilitator;
}

/* Staff screens, and any screen while signed in as staff or facilitator. */
static inline bool staff_screen(const app *a)
{
    return a->visit.screen >= SCREEN_PIN || a->staff.role != ROLE_NONE;
}

typedef enum { ALIGN_LEFT, ALIGN_CENTER } align;

/* session.c: the one place a session ends; the form's wipe; usage counted */
void session_reset(app *a);
void session_form_wipe(app *a);
void session_count(app *a, usage_kind kind, const char *item);

/* app_widgets.c: text, buttons, the crisis bar, navigation */
int text_block(app *a, draw_list *dl, const char *text, int px, font_style st, color fg, color bg,
               rect box, align al, int max_lines, rect clip);
int fit_px(app *a, const char *text, int px, int min_px, font_style st, int width, int max_lines);
int button_width(app *a, const char *label);
void button(app *a, draw_list *dl, rect r, const char *label, action act, int arg, bool primary);
/* A control of any look (core/look.h): chosen marks a selected option with a
 * check. Navigation actions carry their icon (Home, Back, Next). */
void button_look(app *a, draw_list *dl, rect r, const char *label, action act, int arg, look_kind kind,
                 bool chosen);
int crisis_bar(app *a, draw_list *dl);
/* Home and the crisis screen (app_home.c). */
void draw_home(app *a, draw_list *dl, int top);
void draw_crisis_screen(app *a, draw_list *dl, int top);
/* The support groups' schedule (app_groups.c). */
void draw_groups(app *a, draw_list *dl, int top);
int crisis_pages(app *a, int top);
int nav_bar(app *a, draw_list *dl, const char *first_label, action first_act, int page, int pages,
            const char *done_label);
int nav_reserve_top(app *a, const char *first_label, const char *done_label);
int nav_bar_act(app *a, draw_list *dl, const char *first_label, action first_act, int page,
                int pages, const char *done_label, action count_act);
int nav_reserve_top_act(app *a, const char *first_label, const char *done_label, action count_act);
void format_date(const app *a, const char *iso, char *out, size_t size);
void format_time(const app *a, const struct tm *tm, char *out, size_t size);
/* When a meeting is, as the groups screen and the cancellations write it
 * ("Tuesday, December 8 at 6:30 PM"): the ui's groups.when, local time. */
void format_when(const app *a, int64_t start_unix, char *out, size_t size);
/* The draft mark's own line under the crisis bar, unless draft_in_head;
 * returns the new top. */
int draft_mark(app *a, draw_list *dl, int top);
/* A page count in the ui's words: key "nav.page_of" ("Page 2 of 7") or
 * "nav.page_short" ("2 de 7") for page (0-based) of pages, into out. */
const char *page_words(app *a, const char *key, int page, int pages, char *out, size_t size);
/* Rows of the given heights, gap apart, onto pages h tall (a row taller
 * than a page has one of its own): writes each page's first row and, after
 * the last, rows into page_first_row (pages + 1 entries); returns pages. */
int rows_to_pages(const int *row_h, int rows, int gap, int h, int *page_first_row);
/* The draft mark's line at top, whatever the screen; returns its bottom. */
int draft_band(app *a, draw_list *dl, int top);
/* Lays doc out for a w x h area unless it already is; prompts: with the
 * facilitator's prompts in the text (see doc_layout.prompts). */
void ensure_layout(app *a, doc_view *v, const content_doc *doc, int w, int h, bool prompts);

/* reader_nav.c: the reader's running head (the module, the part the page is
 * in, a bar of the pages read) and the places Back returns to after a link */
int reader_head_height(app *a);
/* Whether the draft mark sits at the end of the running head (short words)
 * instead of on its own line: a module's pages and the groups schedule
 * (app_groups.c draws it) on a panel under 100 mm tall, where that line
 * would take one of the page's five or six (or a meeting card's room). The
 * list of parts (no running head) draws the line in its own area. */
bool draft_in_head(const app *a);
/* The draft mark's short words at the end of line (a head's one line),
 * when draft_in_head; returns the width left for the line's own text. */
int draft_chip(app *a, draw_list *dl, rect line);
int reader_text_top(app *a, int top); /* where the reader's page starts under its head */
/* The running head at top (presenting, in a row beside Leave); returns
 * where the page's text starts. The navigation's page count opens the list
 * of parts (ACT_PARTS). */
int reader_head(app *a, draw_list *dl, const content_doc *doc, const doc_layout *layout, int page,
                int top);
/* The list of the module's parts in place of the page: one button a part,
 * the one read now marked; Back closes it. */
void reader_parts_draw(app *a, draw_list *dl, const content_doc *doc, const doc_layout *layout,
                       int top);
/* ACT_PARTS, ACT_PART and, with the list open, ACT_BACK; false otherwise. */
bool reader_parts_act(app *a, const draw_target *t);
/* One bar segment a page, those up to page thick in the accent, across
 * line's width, centred on its middle (the reader and the groups schedule). */
void progress_bar(app *a, draw_list *dl, rect line, int page, int pages);
/* A facilitator's way out, in one place on every screen presenting reaches
 * (the module list's Leave too): the top right, under the crisis bar. */
rect facilitator_leave_rect(app *a, int top);
/* Presenting, on a screen without its own Leave (crisis help): a strip with
 * the mode's name and Leave; returns the new top. Else returns top. */
int facilitator_band(app *a, draw_list *dl, int top);
void nav_push(app *a);  /* remembers the place on screen (the oldest goes when full) */
bool nav_pop(app *a);   /* back to the last place remembered; false: none */
void nav_forget(app *a); /* Home: no way back */
bool nav_can_go_back(const app *a);

/* app_a11y.c: read-aloud, text size and contrast, take-home codes (shared:
 * calls no screen module) */
int a11y_controls_width(app *a);
void a11y_controls(app *a, draw_list *dl, rect area);
bool a11y_act(app *a, const draw_target *t);
void a11y_reset(app *a);                   /* session end: standard text, no reading */
void a11y_check_place(app *a);             /* after an event: leaving the read screen stops it */
void a11y_before_draw(app *a);             /* theme, highlight */
void a11y_after_draw(app *a, draw_list *dl); /* the highlight mark on plain text; "QR shown" */
int64_t a11y_deadline(const app *a);       /* while reading: the next progress poll, else -1 */
/* After a text step change, the reader page that holds the text that was at
 * the top of the page before; else page. */
int a11y_keep_place(app *a, const doc_layout *dl, int page);
/* The take-home codes of doc in area (caption, codes with labels); returns
 * the height used (0: none, or they do not fit). dl NULL measures. */
/* app_form_parts.c: the form's banner, its button row and the review. */
int form_demo_banner(app *a, draw_list *dl, int y);
int form_buttons_left(app *a);
int form_buttons_row(app *a, draw_list *dl, int y, bool back, const char *primary, action primary_act,
                     bool primary_enabled);
void form_draw_review(app *a, draw_list *dl, int top);
/* The frame going on screen: the review's rows in it count as seen. */
void form_review_presented(app *a);
/* Every row of the review has been on screen: Send may act. */
bool form_review_all_seen(const app *a);
/* A 7" panel on its side (under 100 mm tall), or a screen laid out as on one
 * because it would not fit otherwise (contact.squeeze). */
bool form_compact(const app *a);
/* A question's words after its icon; returns the height (dl NULL measures). */
int form_icon_label(app *a, draw_list *dl, const char *icon, const char *label, int px, rect r,
                    int max_lines);
/* Every word of every option fits an option w wide at the button size. */
bool form_options_fit(app *a, const char *const *options, int n, int w);
/* What a frame's list held before a screen was drawn into it. */
typedef struct {
    int cmds, items, targets;
    size_t text;
} form_list_mark;
/* What was drawn since mark fits: words whole and apart, targets 2 mm apart,
 * keys of full size. */
bool form_drawn_fits(const app *a, const draw_list *dl, form_list_mark mark);
/* app_form_keys.c: the typed steps' field, keys and notes; a short panel's typed step. */
const char *form_field_icon(form_field field);
const char *form_field_label(app *a, form_field field);
const char *form_note(app *a, form_field field, bool *error); /* error, else hint, else NULL */
void form_step_text(app *a, char *out, size_t size);         /* "Step 2 of 6" */
void form_draw_field(app *a, draw_list *dl, rect box, form_field field, bool error);
void form_draw_keys(app *a, draw_list *dl); /* a->frame.keys */
/* The field's note on a wide screen's typed step: beside it, or under it
 * when not beside; returns the bottom of the field and note. */
int form_note_by_field(app *a, draw_list *dl, rect box, bool beside, const char *note, bool err);
bool form_short_step_fits(app *a, form_field field, kb_layout layout, int top);
void form_draw_short_step(app *a, draw_list *dl, int top, form_field field, kb_layout layout);
int a11y_take_home(app *a, draw_list *dl, const content_doc *doc, rect area);
/* The same for the count links from first (a small panel: one code a page). */
int a11y_take_home_links(app *a, draw_list *dl, const content_doc *doc, int first, int count, rect area);

/* A screen module: one file owning some screens, their drawing and their
 * events. app.c dispatches to the module of the screen showing (and offers
 * actions and taps to each); no module calls another: what they share is in
 * app_widgets.c (drawing) and session.c (ending a session, counting usage).
 * Hooks a module does not need are NULL. */
typedef struct {
    bool (*owns)(screen_id s);
    void (*draw)(app *a, draw_list *dl, int top);
    /* Handles t's action if it is this module's; true when it was. */
    bool (*act)(app *a, const draw_target *t);
    /* A tap taken before any target (the staff gesture); true when taken. */
    bool (*tap)(app *a, const app_event *ev, const draw_target *t);
    void (*key)(app *a, key_code key);
    void (*text)(app *a, const char *utf8);
    void (*swipe)(app *a, int dx, int dy);
    /* Page count (and *page, when not NULL) on paged screens; NULL: one page. */
    int (*pages)(const app *a, int *page);
} screen_module;

extern const screen_module visit_screens; /* app_visit.c: attract, Home, reader, crisis, groups */
extern const screen_module form_screens;  /* app_form.c: notice, form steps, review, thanks */
extern const screen_module
    staff_screens; /* app_staff.c: PIN, staff, touch test, exit, facilitator pick */
extern const screen_module cancel_screens; /* app_cancel.c: cancel a meeting, undo */

/* app_pick.c: the facilitator's list of modules, and turning its pages
 * (false on any other screen). */
void draw_facilitator_pick(app *a, draw_list *dl, int top);
bool pick_turn(app *a, int delta);

/* app_visit.c: the idle warning, drawn over any screen by app.c */
void draw_idle_warning(app *a, draw_list *dl, int top);

#endif
