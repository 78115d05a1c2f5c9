#include "app.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "keyboard.h"
#include "schedule.h"
#include "util.h"

enum {
    MAX_LINES = 8,
    FORM_STEPS = 6,
    THANKS_MS = 20000,
    STAFF_IDLE_MS = 60000,   /* a staff screen left alone returns to the attract screen */
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

    /* ---- session state: dropped by session_reset() alone ---- */
    screen_id screen;
    int lang;          /* index into content->langs */
    int doc;           /* open document (index into langs[lang].docs) */
    int page;          /* reader page */
    int home_page;     /* Home's page of tiles */
    int crisis_page;   /* crisis screen page */
    screen_id crisis_return; /* where Back on the crisis screen goes */
    form_state form;   /* what the visitor typed: wiped by form_clear() */
    int step;          /* the form's step */
    bool shift;        /* the on-screen keyboard's shift */
    bool submitting;   /* Submit pressed; the platform has not taken it yet */
    int64_t thanks_since;
    staff_role role;   /* signed in as staff or facilitator */
    bool facilitator;  /* presenting: prompts shown, no idle reset, not counted */
    char pin[PIN_MAX + 1];
    bool pin_pending, pin_wrong;
    int64_t pin_lock_until;
    rect touches[32];  /* the touch test's points (x, y) */
    int touch_count;
    staff_request staff_req;
    int gesture_stage;     /* 1..3: corners done after the hold */
    int64_t gesture_until;
    unsigned char reached[CONTENT_MAX_DOCS]; /* furthest page counted, per module */

    /* ---- idle timing ---- */
    int64_t now;
    int64_t last_input;
    bool warning;          /* "Are you still there?" is showing */
    int64_t warning_since;
    int warning_seconds;   /* the number on screen */

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

static const content_lang *lang_of(const app *a)
{
    return &a->content->langs[a->lang];
}

static const char *ui(const app *a, const char *key)
{
    return content_ui(lang_of(a), key);
}

static bool staff_screen(const app *a)
{
    return a->screen >= SCREEN_PIN || a->role != ROLE_NONE;
}

static void form_wipe(app *a)
{
    form_clear(&a->form, a->wipe);
    a->form.language = a->lang;
    a->step = 0;
    a->shift = false;
    a->submitting = false;
}

/* The one place where a session ends: everything the visitor did or typed
 * is dropped. */
static void session_reset(app *a)
{
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

app *app_create(const content_set *content, const text_metrics *tm, int w, int h, app_timing timing)
{
    assert(content && tm && w > 0 && h > 0);
    app *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->frame = draw_list_create(4096, 512, 128, 16384);
    if (!a->frame) {
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
    static const char *const names[] = {"attract", "home",  "reader",     "crisis",      "notice",
                                        "form",    "review", "thanks",    "save_failed", "groups", "pin",
                                        "staff",   "touch_test", "exit_confirm", "facilitator_pick"};
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

/* ======================================================================
 * Drawing helpers
 * ==================================================================== */

typedef enum { ALIGN_LEFT, ALIGN_CENTER } align;

/* Wraps and (when dl is set) draws text; returns its height. Lines past
 * max_lines are dropped and the last kept line ends in "…". */
static int text_block(app *a, draw_list *dl, const char *text, int px, font_style st, color fg,
                      color bg, rect box, align al, int max_lines, rect clip)
{
    line_span lines[MAX_LINES];
    if (max_lines > MAX_LINES)
        max_lines = MAX_LINES;
    int len = (int)strlen(text);
    int n = wrap_text(a->tm, text, len, px, st, box.w, lines, max_lines);
    int lh = a->tm->line_height(a->tm->ctx, px, st);
    int shown = n < max_lines ? n : max_lines;
    if (!dl)
        return shown * lh;
    const char *last_text = NULL;
    int last_len = 0, last_w = 0;
    if (n > max_lines) {
        /* Shorten the last line until it fits with an ellipsis. */
        char buf[512];
        line_span *l = &lines[shown - 1];
        int keep = l->len;
        for (;;) {
            keep = (int)utf8_floor(text + l->off, (size_t)keep);
            str_format(buf, sizeof buf, "%.*s…", keep, text + l->off);
            last_w = a->tm->text_width(a->tm->ctx, buf, (int)strlen(buf), px, st);
            if (last_w <= box.w || keep == 0)
                break;
            keep--;
        }
        last_text = draw_strdup(dl, buf);
        last_len = (int)strlen(last_text);
    }
    rect u = {box.x, box.y, 0, shown * lh};
    int left = box.x + box.w, right = box.x;
    for (int i = 0; i < shown; i++) {
        const char *s = text + lines[i].off;
        int l = lines[i].len, w = lines[i].w;
        if (i == shown - 1 && last_text) {
            s = last_text, l = last_len, w = last_w;
        }
        int x = al == ALIGN_CENTER ? box.x + (box.w - w) / 2 : box.x;
        draw_text(dl, (rect){x, box.y + i * lh, w, lh}, s, l, px, st, fg, bg);
        left = x < left ? x : left;
        right = x + w > right ? x + w : right;
    }
    if (shown > 0) {
        u.x = left;
        u.w = right - left;
        /* The item names the whole text when shown in full, for tap_text. */
        int item_len = last_text ? lines[shown - 1].off + lines[shown - 1].len : len;
        draw_item_add(dl, text, item_len, u, clip);
    }
    return shown * lh;
}

/* The largest size from px down to min_px at which text fits in max_lines. */
static int fit_px(app *a, const char *text, int px, int min_px, font_style st, int width, int max_lines)
{
    line_span lines[MAX_LINES];
    for (; px > min_px; px = px * 9 / 10) {
        if (wrap_text(a->tm, text, (int)strlen(text), px, st, width, lines, MAX_LINES) <= max_lines)
            return px;
    }
    return min_px;
}

static int button_width(app *a, const char *label)
{
    int w = a->tm->text_width(a->tm->ctx, label, (int)strlen(label), a->m.button_px, FONT_BOLD) +
            2 * a->m.pad;
    return w < a->m.min_button_w ? a->m.min_button_w : w;
}

static void button(app *a, draw_list *dl, rect r, const char *label, action act, int arg, bool primary)
{
    color bg = primary ? THEME.accent : THEME.button2;
    color fg = primary ? THEME.on_accent : THEME.on_button2;
    draw_fill(dl, r, bg);
    int px = fit_px(a, label, a->m.button_px, a->m.small_px * 3 / 4, FONT_BOLD, r.w - a->m.pad, 2);
    int lines_h = text_block(a, NULL, label, px, FONT_BOLD, fg, bg, (rect){0, 0, r.w - a->m.pad, 0},
                             ALIGN_CENTER, 2, r);
    rect inner = {r.x + a->m.pad / 2, r.y + (r.h - lines_h) / 2, r.w - a->m.pad, lines_h};
    text_block(a, dl, label, px, FONT_BOLD, fg, bg, inner, ALIGN_CENTER, 2, r);
    draw_target_add(dl, r, act, arg);
}

/* Draws one line centred in [x, x + w) at y without a harness item. */
static int centred_line(app *a, draw_list *dl, const char *s, int len, int px, color fg, color bg, int x,
                        int w, int y)
{
    int lw = a->tm->text_width(a->tm->ctx, s, len, px, FONT_BOLD);
    int lh = a->tm->line_height(a->tm->ctx, px, FONT_BOLD);
    if (dl)
        draw_text(dl, (rect){x + (w - lw) / 2, y, lw, lh}, s, len, px, FONT_BOLD, fg, bg);
    return lw;
}

/* One language's crisis line in the bar: one line if it fits, else broken
 * at its " · " (so "988" is never left dangling), else wrapped. Returns the
 * height used; dl NULL only measures. */
static int bar_text(app *a, draw_list *dl, const char *text, int y, rect bar)
{
    const metrics *m = &a->m;
    int width = m->w - 2 * m->margin, len = (int)strlen(text);
    int one = fit_px(a, text, m->bar_px, m->bar_px * 4 / 5, FONT_BOLD, width, 1);
    line_span spans[2];
    const char *dot = strstr(text, " · ");
    if (wrap_text(a->tm, text, len, one, FONT_BOLD, width, spans, 2) > 1 && dot) {
        int first = (int)(dot - text), second = len - first - (int)strlen(" · ");
        const char *rest = dot + strlen(" · ");
        int px = m->bar_px;
        while (px > m->small_px / 2 &&
               (a->tm->text_width(a->tm->ctx, text, first, px, FONT_BOLD) > width ||
                a->tm->text_width(a->tm->ctx, rest, second, px, FONT_BOLD) > width))
            px = px * 9 / 10;
        int lh = a->tm->line_height(a->tm->ctx, px, FONT_BOLD);
        if (dl) {
            int w1 = centred_line(a, dl, text, first, px, THEME.on_bar, THEME.bar, m->margin, width, y);
            int w2 = centred_line(a, dl, rest, second, px, THEME.on_bar, THEME.bar, m->margin, width, y + lh);
            int wide = w1 > w2 ? w1 : w2;
            draw_item_add(dl, text, len, (rect){m->margin + (width - wide) / 2, y, wide, 2 * lh}, bar);
        }
        return 2 * lh;
    }
    int lines = wrap_text(a->tm, text, len, one, FONT_BOLD, width, spans, 2);
    int px = lines == 1 ? one : fit_px(a, text, m->bar_px, m->small_px * 3 / 4, FONT_BOLD, width, 2);
    return text_block(a, dl, text, px, FONT_BOLD, THEME.on_bar, THEME.bar, (rect){m->margin, y, width, 0},
                      ALIGN_CENTER, 2, bar);
}

/* The crisis bar along the top of every screen, in the visitor's language;
 * the attract screen, which every visitor sees first, has it in all of
 * them. Returns its height. */
static int crisis_bar(app *a, draw_list *dl)
{
    const metrics *m = &a->m;
    const content_set *c = a->content;
    int langs = a->screen == SCREEN_ATTRACT && !a->warning ? c->lang_count : 1;
    int text_h = 0;
    for (int i = 0; i < langs; i++)
        text_h += bar_text(a, NULL, content_ui(&c->langs[(a->lang + i) % c->lang_count], "crisis.bar"), 0,
                           (rect){0});
    int h = text_h + m->pad;
    if (h < m->button_h)
        h = m->button_h;
    rect bar = {0, 0, m->w, h};
    draw_fill(dl, bar, THEME.bar);
    int y = (h - text_h) / 2;
    for (int i = 0; i < langs; i++)
        y += bar_text(a, dl, content_ui(&c->langs[(a->lang + i) % c->lang_count], "crisis.bar"), y, bar);
    draw_target_add(dl, bar, ACT_CRISIS, 0);
    return h;
}

static const char *page_label(app *a, draw_list *dl, int page, int pages)
{
    char num[16], total[16], label[128];
    str_format(num, sizeof num, "%d", page + 1);
    str_format(total, sizeof total, "%d", pages);
    const char *names[] = {"page", "pages"}, *values[] = {num, total};
    str_fill(label, sizeof label, ui(a, "nav.page_of"), names, values, 2);
    return dl ? draw_strdup(dl, label) : "";
}

/* Bottom navigation. first (Home or Back) sits on the left when given;
 * Previous goes left when there is no first button, else beside Next; Next
 * (or, on the last page, done) sits on the right. The page count is centred
 * on the screen, or between the buttons, or on its own line above them on a
 * narrow screen. dl NULL only measures. Returns the top of the navigation. */
static int nav_bar(app *a, draw_list *dl, const char *first_label, action first_act, int page, int pages,
                   const char *done_label)
{
    const metrics *m = &a->m;
    int y = m->h - m->margin / 2 - m->button_h;
    int left = m->margin, right = m->w - m->margin;
    if (first_label) {
        int fw = button_width(a, first_label);
        if (dl)
            button(a, dl, (rect){left, y, fw, m->button_h}, first_label, first_act, 0, false);
        left += fw + m->gap;
    }
    const char *next = ui(a, "nav.next"), *prev = ui(a, "nav.previous");
    /* Measuring (dl NULL) assumes the widest case: every button shown. */
    bool measuring = dl == NULL;
    const char *right_label = (measuring || page + 1 < pages) ? next : done_label;
    if (right_label && (pages > 1 || done_label)) {
        int rw = button_width(a, right_label);
        if (measuring && done_label && button_width(a, done_label) > rw)
            rw = button_width(a, done_label);
        if (dl)
            button(a, dl, (rect){right - rw, y, rw, m->button_h}, right_label,
                   right_label == next ? ACT_NEXT : ACT_HOME, 0, true);
        right -= rw + m->gap;
    }
    if (pages > 1 && (measuring || page > 0)) {
        int pw = button_width(a, prev);
        rect r = first_label ? (rect){right - pw, y, pw, m->button_h} : (rect){left, y, pw, m->button_h};
        if (dl)
            button(a, dl, r, prev, ACT_PREV, 0, true);
        if (first_label)
            right -= pw + m->gap;
        else
            left += pw + m->gap;
    }
    if (pages <= 1)
        return y;
    const char *text = measuring ? "" : page_label(a, dl, page, pages);
    char widest[128];
    if (measuring) {
        const char *names[] = {"page", "pages"}, *values[] = {"88", "88"};
        str_fill(widest, sizeof widest, ui(a, "nav.page_of"), names, values, 2);
        text = widest;
    }
    int len = (int)strlen(text);
    int lw = a->tm->text_width(a->tm->ctx, text, len, m->small_px, FONT_REGULAR);
    int lh = a->tm->line_height(a->tm->ctx, m->small_px, FONT_REGULAR);
    rect r = {(m->w - lw) / 2, y + (m->button_h - lh) / 2, lw, lh};
    int top = y;
    if (r.x < left || r.x + lw > right) {
        if (right - left >= lw) {
            r.x = left + (right - left - lw) / 2;
        } else {
            r = (rect){(m->w - lw) / 2, y - lh - m->gap / 2, lw, lh};
            top = r.y;
        }
    }
    if (dl) {
        draw_text(dl, r, text, len, m->small_px, FONT_REGULAR, THEME.muted, THEME.bg);
        draw_item_add(dl, text, len, r, (rect){0, 0, m->w, m->h});
    }
    return top;
}

/* Where content must end so that any page's navigation fits below it. */
static int nav_reserve_top(app *a, const char *first_label, const char *done_label)
{
    return nav_bar(a, NULL, first_label, ACT_NONE, 0, 2, done_label) - a->m.gap;
}

/* ======================================================================
 * Screens
 * ==================================================================== */

/* The attract screen is every visitor's first screen: it invites in every
 * language, and the language buttons each speak their own. */
static void draw_attract(app *a, draw_list *dl, int top)
{
    const metrics *m = &a->m;
    rect screen = {0, top, m->w, m->h - top};
    draw_target_add(dl, screen, ACT_WAKE, 0);
    int w = m->col_w, x = m->col_x;
    const content_set *c = a->content;
    const char *title = ui(a, "attract.title"), *sub = ui(a, "attract.subtitle");
    const char *choose = ui(a, "attract.choose_language");
    int lang_h = m->button_h * 6 / 5;
    rect measure = {0, 0, w, 0};
    int th = text_block(a, NULL, title, m->title_px, FONT_BOLD, THEME.tile_title, THEME.bg, measure, ALIGN_CENTER, 4, screen);
    int sh = text_block(a, NULL, sub, m->body_px, FONT_REGULAR, THEME.text, THEME.bg, measure, ALIGN_CENTER, 4, screen);
    int ph[CONTENT_MAX_LANGS], touch_h = 0;
    for (int i = 0; i < c->lang_count; i++) {
        int l = (a->lang + i) % c->lang_count;
        ph[i] = text_block(a, NULL, content_ui(&c->langs[l], "attract.touch"), i ? m->body_px : m->heading_px,
                           FONT_BOLD, THEME.accent, THEME.bg, measure, ALIGN_CENTER, 2, screen);
        touch_h += ph[i] + m->gap / 2;
    }
    int ch = text_block(a, NULL, choose, m->small_px, FONT_REGULAR, THEME.muted, THEME.bg, measure, ALIGN_CENTER, 2, screen);
    int total = th + m->gap + sh + 2 * m->gap + touch_h + 2 * m->gap + ch + m->gap / 2 + lang_h;
    int y = top + (m->h - top - total) / 2;
    if (y < top + m->gap)
        y = top + m->gap;
    y += text_block(a, dl, title, m->title_px, FONT_BOLD, THEME.tile_title, THEME.bg, (rect){x, y, w, th}, ALIGN_CENTER, 4, screen) + m->gap;
    y += text_block(a, dl, sub, m->body_px, FONT_REGULAR, THEME.text, THEME.bg, (rect){x, y, w, sh}, ALIGN_CENTER, 4, screen) + 2 * m->gap;
    for (int i = 0; i < c->lang_count; i++) {
        int l = (a->lang + i) % c->lang_count;
        y += text_block(a, dl, content_ui(&c->langs[l], "attract.touch"), i ? m->body_px : m->heading_px, FONT_BOLD,
                        THEME.accent, THEME.bg, (rect){x, y, w, ph[i]}, ALIGN_CENTER, 2, screen) + m->gap / 2;
    }
    y += 2 * m->gap;
    y += text_block(a, dl, choose, m->small_px, FONT_REGULAR, THEME.muted, THEME.bg, (rect){x, y, w, ch}, ALIGN_CENTER, 2, screen) + m->gap / 2;
    /* Language buttons, side by side, each in its own language. */
    int n = c->lang_count;
    int bw = (w - (n - 1) * m->gap * 2) / n;
    int max_bw = (int)(420 * m->s);
    if (bw > max_bw)
        bw = max_bw;
    int row_w = n * bw + (n - 1) * m->gap * 2;
    int bx = (m->w - row_w) / 2;
    for (int i = 0; i < n; i++) {
        const char *name = content_ui(&c->langs[i], "language.name");
        button(a, dl, (rect){bx + i * (bw + 2 * m->gap), y, bw, lang_h}, name, ACT_LANG, i, true);
    }
}

static int tile_title_px(const app *a)
{
    return (int)(46 * a->m.s + 0.5);
}

static void draw_home(app *a, draw_list *dl, int top)
{
    const metrics *m = &a->m;
    const content_lang *lang = lang_of(a);
    /* Header: the title, and the next language's own name to switch to it. */
    int next_lang = (a->lang + 1) % a->content->lang_count;
    const char *switch_label = content_ui(&a->content->langs[next_lang], "language.name");
    int hy = top + m->gap;
    int sw = a->content->lang_count > 1 ? button_width(a, switch_label) : 0;
    rect title_box = {m->margin, hy, m->w - 2 * m->margin - sw - m->gap, 0};
    const char *title = ui(a, "home.title");
    int tpx = fit_px(a, title, m->heading_px, m->body_px, FONT_BOLD, title_box.w, 2);
    int th = text_block(a, NULL, title, tpx, FONT_BOLD, THEME.tile_title, THEME.bg, title_box, ALIGN_LEFT, 2, title_box);
    int header_h = th > m->button_h ? th : m->button_h;
    title_box.y = hy + (header_h - th) / 2;
    title_box.h = th;
    rect full = {0, 0, m->w, m->h};
    text_block(a, dl, title, tpx, FONT_BOLD, THEME.tile_title, THEME.bg, title_box, ALIGN_LEFT, 2, full);
    if (sw)
        button(a, dl, (rect){m->w - m->margin - sw, hy, sw, m->button_h}, switch_label, ACT_LANG, next_lang, false);

    /* Tiles: as many columns as fit, as many rows as fit, then pages. */
    int grid_top = hy + header_h + m->gap;
    int min_tile_w = (int)(560 * m->s);
    int avail_w = m->w - 2 * m->margin;
    int cols = (avail_w + m->gap) / (min_tile_w + m->gap);
    if (cols < 1)
        cols = 1;
    if (cols > 3)
        cols = 3;
    int tile_w = (avail_w - (cols - 1) * m->gap) / cols;
    int edge = (int)(10 * m->s) + 1;
    int inner_w = tile_w - 2 * m->pad - edge;
    int title_px = tile_title_px(a);
    int title_lh = a->tm->line_height(a->tm->ctx, title_px, FONT_BOLD);
    int sum_lh = a->tm->line_height(a->tm->ctx, m->small_px, FONT_REGULAR);
    int title_lines = 1, sum_lines = 1;
    line_span spans[MAX_LINES];
    for (int i = 0; i < lang->home_count; i++) {
        const content_doc *d = lang->home[i];
        int tl = wrap_text(a->tm, d->title, (int)strlen(d->title), title_px, FONT_BOLD, inner_w, spans, MAX_LINES);
        int sl = wrap_text(a->tm, d->summary, (int)strlen(d->summary), m->small_px, FONT_REGULAR, inner_w, spans, MAX_LINES);
        title_lines = tl > title_lines ? tl : title_lines;
        sum_lines = sl > sum_lines ? sl : sum_lines;
    }
    title_lines = title_lines > 2 ? 2 : title_lines;
    sum_lines = sum_lines > 3 ? 3 : sum_lines;
    int tile_h = 2 * m->pad + title_lines * title_lh + m->gap / 3 + sum_lines * sum_lh;
    if (tile_h < m->button_h)
        tile_h = m->button_h;
    int bottom = m->h - m->margin / 2;
    int rows = (bottom - grid_top + m->gap) / (tile_h + m->gap);
    if (rows < 1)
        rows = 1;
    int per_page = rows * cols;
    int pages = 1;
    if (lang->home_count > per_page) {
        bottom = nav_reserve_top(a, NULL, NULL); /* room for the navigation */
        rows = (bottom - grid_top + m->gap) / (tile_h + m->gap);
        if (rows < 1)
            rows = 1;
        per_page = rows * cols;
        pages = (lang->home_count + per_page - 1) / per_page;
    }
    a->home_pages = pages;
    if (a->home_page >= pages)
        a->home_page = pages - 1;
    int first = a->home_page * per_page;
    for (int k = 0; k < per_page && first + k < lang->home_count; k++) {
        const content_doc *d = lang->home[first + k];
        int r = k / cols, c = k % cols;
        rect t = {m->margin + c * (tile_w + m->gap), grid_top + r * (tile_h + m->gap), tile_w, tile_h};
        draw_fill(dl, t, THEME.tile);
        draw_fill(dl, (rect){t.x, t.y, edge, t.h}, THEME.tile_edge);
        rect tb = {t.x + edge + m->pad, t.y + m->pad, inner_w, title_lines * title_lh};
        /* The summary follows the title's own lines; the tile keeps its size. */
        int title_h = text_block(a, dl, d->title, title_px, FONT_BOLD, THEME.tile_title, THEME.tile, tb, ALIGN_LEFT,
                                 title_lines, t);
        rect sb = {tb.x, tb.y + title_h + m->gap / 3, inner_w, sum_lines * sum_lh};
        /* Without a staff key the form is not offered: its tile says where to go instead. */
        bool no_form = (int)(d - lang->docs) == a->content->contact_doc && !a->form_available;
        const char *summary = no_form ? ui(a, "contact.unavailable") : d->summary;
        text_block(a, dl, summary, m->small_px, FONT_REGULAR, THEME.muted, THEME.tile, sb, ALIGN_LEFT, sum_lines, t);
        draw_target_add(dl, t, ACT_OPEN_DOC, (int)(d - lang->docs));
    }
    if (pages > 1)
        nav_bar(a, dl, NULL, ACT_NONE, a->home_page, pages, NULL);
}

static void format_date(const app *a, const char *iso, char *out, size_t size)
{
    int y = 0, mo = 0, d = 0;
    if (!iso || sscanf(iso, "%d-%d-%d", &y, &mo, &d) != 3 || mo < 1 || mo > 12) {
        str_copy(out, size, iso ? iso : "");
        return;
    }
    char key[16], day[8], year[8];
    str_format(key, sizeof key, "month.%d", mo);
    str_format(day, sizeof day, "%d", d);
    str_format(year, sizeof year, "%d", y);
    const char *names[] = {"month", "day", "year"}, *values[] = {ui(a, key), day, year};
    str_fill(out, size, ui(a, "date.format"), names, values, 3);
}

/* Lays doc out for the area if it is not already. */
static void ensure_layout(app *a, doc_view *v, const content_doc *doc, int w, int h)
{
    if (v->doc == doc && v->w == w && v->h == h)
        return;
    const char *reviewed = NULL;
    if (doc->kind != DOC_HELP) {
        char date[64];
        format_date(a, doc->reviewed_on, date, sizeof date);
        const char *names[] = {"reviewer", "date"}, *values[] = {doc->reviewed_by, date};
        str_fill(v->reviewed, sizeof v->reviewed, ui(a, "reader.reviewed"), names, values, 2);
        reviewed = v->reviewed;
    }
    if (!doc_layout_build(&v->layout, doc, reviewed, a->tm, &a->m, w, h))
        log_msg(LOG_ERROR, "out of memory laying out \"%s\"", doc->id);
    v->doc = doc;
    v->w = w;
    v->h = h;
}

/* The facilitator's prompt for the section a page starts in (NULL: none). */
static const char *page_prompt(const app *a, const content_doc *doc, const doc_layout *dl, int page)
{
    if (!doc->prompts || page < 0 || page >= dl->page_count)
        return NULL;
    for (int r = dl->page_first[page]; r < dl->page_first[page + 1]; r++) {
        if (dl->rows[r].block < 0)
            continue;
        int section = content_block_section(doc, dl->rows[r].block);
        return section >= 1 && section <= doc->prompt_count ? doc->prompts[section - 1] : NULL;
    }
    (void)a;
    return NULL;
}

static void draw_reader(app *a, draw_list *dl, int top)
{
    const metrics *m = &a->m;
    const content_doc *doc = &lang_of(a)->docs[a->doc];
    /* Running head: the module title, small, so a reader knows where they are;
     * in facilitator mode it says so, plainly, on every page. */
    rect head = {m->col_x, top + m->gap, m->col_w, 0};
    int hpx = m->small_px;
    char head_text[256];
    str_format(head_text, sizeof head_text, "%s%s%s", a->facilitator ? ui(a, "facilitator.mark") : "",
               a->facilitator ? " · " : "", doc->title);
    const char *head_str = a->facilitator ? draw_strdup(dl, head_text) : doc->title;
    head.h = text_block(a, NULL, head_str, hpx, FONT_BOLD, THEME.muted, THEME.bg, head, ALIGN_LEFT, 1, head);
    rect full = {0, 0, m->w, m->h};
    if (a->facilitator)
        draw_fill(dl, (rect){0, head.y - m->gap / 2, m->w, head.h + m->gap}, THEME.desk);
    text_block(a, dl, head_str, hpx, FONT_BOLD, a->facilitator ? THEME.text : THEME.muted,
               a->facilitator ? THEME.desk : THEME.bg, head, ALIGN_LEFT, 1, full);
    int area_y = head.y + head.h + m->gap;
    const char *home = ui(a, a->facilitator ? "facilitator.leave" : "nav.home"), *done = ui(a, "nav.done");
    int area_bottom = nav_reserve_top(a, home, done);
    /* Facilitators get the discussion prompt above the navigation; the panel
     * keeps one height for the whole module so pages do not shift. */
    int panel_h = 0, label_h = 0;
    if (a->facilitator && doc->prompts) {
        label_h = a->tm->line_height(a->tm->ctx, m->small_px, FONT_BOLD);
        for (int i = 0; i < doc->prompt_count; i++) {
            if (!doc->prompts[i])
                continue;
            int h = text_block(a, NULL, doc->prompts[i], m->small_px, FONT_REGULAR, THEME.text, THEME.desk,
                               (rect){0, 0, m->col_w - 2 * m->pad, 0}, ALIGN_LEFT, 5, full);
            panel_h = h > panel_h ? h : panel_h;
        }
        if (panel_h)
            panel_h += label_h + m->pad;
        area_bottom -= panel_h + (panel_h ? m->gap : 0);
    }
    ensure_layout(a, &a->reader, doc, m->col_w, area_bottom - area_y);
    const doc_layout *dl_ = &a->reader.layout;
    if (a->page >= dl_->page_count)
        a->page = dl_->page_count - 1;
    doc_layout_draw(dl_, a->page, m->col_x, area_y, m, dl);
    if (panel_h) {
        rect panel = {m->col_x, area_bottom + m->gap / 2, m->col_w, panel_h};
        draw_fill(dl, panel, THEME.desk);
        const char *prompt = page_prompt(a, doc, dl_, a->page);
        text_block(a, dl, ui(a, "facilitator.prompt"), m->small_px, FONT_BOLD, THEME.text, THEME.desk,
                   (rect){panel.x + m->pad, panel.y + m->pad / 2, panel.w - 2 * m->pad, label_h}, ALIGN_LEFT, 1, panel);
        if (prompt)
            text_block(a, dl, prompt, m->small_px, FONT_REGULAR, THEME.text, THEME.desk,
                       (rect){panel.x + m->pad, panel.y + m->pad / 2 + label_h, panel.w - 2 * m->pad, 0}, ALIGN_LEFT, 5,
                       panel);
    }
    nav_bar(a, dl, home, a->facilitator ? ACT_FORM_CANCEL : ACT_HOME, a->page, dl_->page_count, done);
}

/* The crisis screen: the front desk first, then every help line. On a wide
 * screen the help lines stand in two columns, so that nobody in crisis has
 * to page far. */
static void draw_crisis(app *a, draw_list *dl, int top)
{
    const metrics *m = &a->m;
    rect full = {0, 0, m->w, m->h};
    bool wide = m->w > m->h;
    int x = wide ? m->margin : m->col_x, w = wide ? m->w - 2 * m->margin : m->col_w;
    int y = top + m->gap;
    const char *title = ui(a, "crisis.title");
    y += text_block(a, dl, title, m->heading_px, FONT_BOLD, THEME.tile_title, THEME.bg, (rect){x, y, w, 0},
                    ALIGN_LEFT, 3, full);
    y += m->gap / 2;
    const char *desk = ui(a, "crisis.front_desk");
    int dh = text_block(a, NULL, desk, m->body_px, FONT_BOLD, THEME.text, THEME.desk,
                        (rect){0, 0, w - 2 * m->pad, 0}, ALIGN_LEFT, 4, full);
    rect box = {x, y, w, dh + m->pad};
    draw_fill(dl, box, THEME.desk);
    text_block(a, dl, desk, m->body_px, FONT_BOLD, THEME.text, THEME.desk,
               (rect){box.x + m->pad, box.y + m->pad / 2, w - 2 * m->pad, dh}, ALIGN_LEFT, 4, box);
    int area_y = box.y + box.h + m->gap;
    const char *back = ui(a, "nav.back");
    a->crisis_cols = wide ? 2 : 1;
    int col_w = (w - (a->crisis_cols - 1) * m->gap) / a->crisis_cols;
    ensure_layout(a, &a->crisis, lang_of(a)->help, col_w, nav_reserve_top(a, back, NULL) - area_y);
    int spreads = (a->crisis.layout.page_count + a->crisis_cols - 1) / a->crisis_cols;
    if (a->crisis_page >= spreads)
        a->crisis_page = spreads - 1;
    for (int c = 0; c < a->crisis_cols; c++)
        doc_layout_draw(&a->crisis.layout, a->crisis_page * a->crisis_cols + c, x + c * (col_w + m->gap), area_y,
                        m, dl);
    nav_bar(a, dl, back, ACT_BACK, a->crisis_page, spreads, NULL);
}

static void draw_idle_warning(app *a, draw_list *dl, int top)
{
    const metrics *m = &a->m;
    rect below = {0, top, m->w, m->h - top};
    draw_fill(dl, below, THEME.bg);
    draw_target_add(dl, below, ACT_STAY, 0);
    int cw = m->col_w < (int)(960 * m->s) ? m->col_w : (int)(960 * m->s);
    int inner = cw - 2 * m->pad;
    char seconds[16], countdown[160];
    str_format(seconds, sizeof seconds, "%d", a->warning_seconds);
    const char *names[] = {"seconds"}, *values[] = {seconds};
    str_fill(countdown, sizeof countdown, ui(a, a->warning_seconds == 1 ? "idle.countdown_one" : "idle.countdown"),
             names, values, 1);
    const char *count_text = draw_strdup(dl, countdown);
    const char *title = ui(a, "idle.title"), *body = ui(a, "idle.body"), *stay = ui(a, "idle.stay");
    int th = text_block(a, NULL, title, m->heading_px, FONT_BOLD, THEME.tile_title, THEME.card, (rect){0, 0, inner, 0}, ALIGN_CENTER, 3, below);
    int bh = text_block(a, NULL, body, m->body_px, FONT_REGULAR, THEME.text, THEME.card, (rect){0, 0, inner, 0}, ALIGN_CENTER, 4, below);
    int ch = text_block(a, NULL, count_text, m->body_px, FONT_BOLD, THEME.accent, THEME.card, (rect){0, 0, inner, 0}, ALIGN_CENTER, 2, below);
    int bth = m->button_h * 6 / 5;
    int stripe = (int)(10 * m->s) + 1;
    int card_h = stripe + m->pad * 2 + th + m->gap + bh + m->gap + ch + 2 * m->gap + bth;
    rect card = {(m->w - cw) / 2, top + (m->h - top - card_h) / 2, cw, card_h};
    draw_fill(dl, card, THEME.card);
    draw_fill(dl, (rect){card.x, card.y, card.w, stripe}, THEME.accent);
    int x = card.x + m->pad, y = card.y + stripe + m->pad;
    y += text_block(a, dl, title, m->heading_px, FONT_BOLD, THEME.tile_title, THEME.card, (rect){x, y, inner, th}, ALIGN_CENTER, 3, card) + m->gap;
    y += text_block(a, dl, body, m->body_px, FONT_REGULAR, THEME.text, THEME.card, (rect){x, y, inner, bh}, ALIGN_CENTER, 4, card) + m->gap;
    y += text_block(a, dl, count_text, m->body_px, FONT_BOLD, THEME.accent, THEME.card, (rect){x, y, inner, ch}, ALIGN_CENTER, 2, card) + 2 * m->gap;
    int bw = button_width(a, stay);
    if (bw > inner)
        bw = inner;
    button(a, dl, (rect){card.x + (cw - bw) / 2, y, bw, bth}, stay, ACT_STAY, 0, true);
}

/* ======================================================================
 * The contact form
 * ==================================================================== */

/* A warm box at the top of the form screens while a practice key is used. */
static int demo_banner(app *a, draw_list *dl, int y)
{
    if (!a->form_demo)
        return y;
    const metrics *m = &a->m;
    rect full = {0, 0, m->w, m->h};
    const char *text = ui(a, "form.demo");
    int th = text_block(a, NULL, text, m->small_px, FONT_BOLD, THEME.text, THEME.desk,
                        (rect){0, 0, m->col_w - 2 * m->pad, 0}, ALIGN_LEFT, 3, full);
    rect box = {m->col_x, y, m->col_w, th + m->pad / 2};
    draw_fill(dl, box, THEME.desk);
    text_block(a, dl, text, m->small_px, FONT_BOLD, THEME.text, THEME.desk,
               (rect){box.x + m->pad, box.y + m->pad / 4, m->col_w - 2 * m->pad, th}, ALIGN_LEFT, 3, box);
    return box.y + box.h + m->gap / 2;
}

/* Cancel on the left; Back and Next (or another primary) on the right, in
 * one row at y. primary NULL: no primary button. */
static void form_buttons(app *a, draw_list *dl, int y, bool back, const char *primary, action primary_act,
                         bool primary_enabled)
{
    const metrics *m = &a->m;
    const char *cancel = ui(a, "form.cancel");
    button(a, dl, (rect){m->margin, y, button_width(a, cancel), m->button_h}, cancel, ACT_FORM_CANCEL, 0, false);
    int right = m->w - m->margin;
    if (primary) {
        int pw = button_width(a, primary);
        rect r = {right - pw, y, pw, m->button_h};
        if (primary_enabled) {
            button(a, dl, r, primary, primary_act, 0, true);
        } else {
            /* Disabled: drawn plainly, with no target. */
            draw_fill(dl, r, THEME.button2);
            int lh = a->tm->line_height(a->tm->ctx, m->button_px, FONT_BOLD);
            text_block(a, dl, primary, m->button_px, FONT_BOLD, THEME.muted, THEME.button2,
                       (rect){r.x + m->pad / 2, r.y + (r.h - lh) / 2, r.w - m->pad, lh}, ALIGN_CENTER, 1, r);
        }
        right -= pw + m->gap;
    }
    if (back) {
        const char *label = ui(a, "form.back");
        int bw = button_width(a, label);
        button(a, dl, (rect){right - bw, y, bw, m->button_h}, label, ACT_FORM_BACK, 0, false);
    }
}

/* The small "Ask us to contact you · Step 2 of 6" line; returns its bottom. */
static int form_header(app *a, draw_list *dl, int y)
{
    const metrics *m = &a->m;
    char num[8], total[8], step[96], line[256];
    str_format(num, sizeof num, "%d", a->step + 1);
    str_format(total, sizeof total, "%d", FORM_STEPS);
    const char *names[] = {"step", "steps"}, *values[] = {num, total};
    str_fill(step, sizeof step, ui(a, "form.step"), names, values, 2);
    str_format(line, sizeof line, "%s · %s", ui(a, "form.title"), step);
    const char *text = draw_strdup(dl, line);
    rect full = {0, 0, m->w, m->h};
    y += text_block(a, dl, text, m->small_px, FONT_BOLD, THEME.muted, THEME.bg, (rect){m->col_x, y, m->col_w, 0},
                    ALIGN_LEFT, 2, full);
    return demo_banner(a, dl, y + m->gap / 2);
}

static form_field step_field(int step)
{
    return step == STEP_NAME ? FIELD_NAME : step == STEP_PHONE ? FIELD_PHONE : FIELD_EMAIL;
}

/* A text step: label, the field with a caret, its error or hint, the
 * buttons, and the keyboard along the bottom. */
static void draw_text_step(app *a, draw_list *dl, int top)
{
    const metrics *m = &a->m;
    rect full = {0, 0, m->w, m->h};
    form_field field = step_field(a->step);
    kb_layout layout = field == FIELD_NAME ? KB_TEXT : field == FIELD_PHONE ? KB_PHONE : KB_EMAIL;
    int kb_h = keyboard_height(layout, m);
    rect kb = {m->margin, m->h - m->margin / 2 - kb_h, m->w - 2 * m->margin, kb_h};
    int kb_w = (int)(1500 * m->s);
    if (kb.w > kb_w) {
        kb.x += (kb.w - kb_w) / 2;
        kb.w = kb_w;
    }
    int y = form_header(a, dl, top + m->gap / 2);
    const char *label = ui(a, field == FIELD_NAME ? "form.name.label" : field == FIELD_PHONE ? "form.phone.label" : "form.email.label");
    y += text_block(a, dl, label, m->body_px, FONT_BOLD, THEME.tile_title, THEME.bg, (rect){m->col_x, y, m->col_w, 0},
                    ALIGN_LEFT, 2, full) + m->gap / 3;
    /* The field: a white box with a thick edge (it has the focus), the
     * text's end always in view, and a caret. */
    rect box = {m->col_x, y, m->col_w, m->button_h};
    int edge = (int)(4 * m->s) + 1;
    draw_fill(dl, box, THEME.accent);
    draw_fill(dl, (rect){box.x + edge, box.y + edge, box.w - 2 * edge, box.h - 2 * edge}, THEME.tile);
    const char *text = form_text(&a->form, field);
    int len = (int)strlen(text), inner = box.w - 2 * m->pad;
    int start = 0;
    while (start < len && a->tm->text_width(a->tm->ctx, text + start, len - start, m->body_px, FONT_REGULAR) > inner) {
        uint32_t cp;
        int step = utf8_decode(text + start, (size_t)(len - start), &cp);
        start += step > 0 ? step : 1;
    }
    int lh = a->tm->line_height(a->tm->ctx, m->body_px, FONT_REGULAR);
    int tw = len > start ? a->tm->text_width(a->tm->ctx, text + start, len - start, m->body_px, FONT_REGULAR) : 0;
    rect tr = {box.x + m->pad, box.y + (box.h - lh) / 2, tw, lh};
    if (len > start) {
        draw_text(dl, tr, text + start, len - start, m->body_px, FONT_REGULAR, THEME.text, THEME.tile);
        draw_item_add(dl, text + start, len - start, tr, box);
    }
    draw_fill(dl, (rect){tr.x + tw + 2, tr.y + lh / 8, edge, lh * 3 / 4}, THEME.text);
    draw_target_add(dl, box, ACT_NONE, 0);
    y = box.y + box.h + m->gap / 3;
    /* Its error, or the hint, right under it. */
    const char *err = form_error_key(&a->form, field);
    const char *note = err ? ui(a, err) : field != FIELD_NAME ? ui(a, "form.contact.hint") : NULL;
    if (note)
        y += text_block(a, dl, note, m->small_px, err ? FONT_BOLD : FONT_REGULAR, err ? THEME.avoid_label : THEME.muted,
                        THEME.bg, (rect){m->col_x, y, m->col_w, 0}, ALIGN_LEFT, 2, full);
    int by = y + m->gap / 2;
    if (by + m->button_h > kb.y - m->gap / 2)
        by = kb.y - m->gap / 2 - m->button_h; /* never under the keyboard */
    form_buttons(a, dl, by, a->step > 0, ui(a, "form.next"), ACT_FORM_NEXT, true);
    /* The keyboard. */
    a->key_count = keyboard_build(layout, a->shift, kb, m, a->keys);
    for (int i = 0; i < a->key_count; i++) {
        const kb_key *k = &a->keys[i];
        bool special = k->kind != KK_CHAR;
        bool on = k->kind == KK_SHIFT && a->shift;
        color bg = k->kind == KK_DONE || on ? THEME.accent : special ? THEME.button2 : THEME.tile;
        color fg = k->kind == KK_DONE || on ? THEME.on_accent : THEME.on_button2;
        draw_fill(dl, k->r, THEME.tile_edge);
        draw_fill(dl, (rect){k->r.x + 1, k->r.y + 1, k->r.w - 2, k->r.h - 2}, bg);
        const char *cap = k->ui_key ? ui(a, k->ui_key) : k->text;
        int px = fit_px(a, cap, special ? m->small_px : m->body_px, m->small_px / 2, FONT_BOLD, k->r.w - 8, 1);
        int kl = a->tm->line_height(a->tm->ctx, px, FONT_BOLD);
        text_block(a, dl, cap, px, FONT_BOLD, fg, bg, (rect){k->r.x + 4, k->r.y + (k->r.h - kl) / 2, k->r.w - 8, kl},
                   ALIGN_CENTER, 1, k->r);
        draw_target_add(dl, k->r, ACT_KEY, i);
    }
}

/* A row of choice buttons under a label; returns the bottom. */
static int choice_row(app *a, draw_list *dl, int y, const char *label, int group, const char *const *options, int n,
                      int selected)
{
    const metrics *m = &a->m;
    rect full = {0, 0, m->w, m->h};
    y += text_block(a, dl, label, m->body_px, FONT_BOLD, THEME.tile_title, THEME.bg, (rect){m->col_x, y, m->col_w, 0},
                    ALIGN_LEFT, 2, full) + m->gap / 3;
    int bw = (m->col_w - (n - 1) * m->gap) / n;
    for (int i = 0; i < n; i++)
        button(a, dl, (rect){m->col_x + i * (bw + m->gap), y, bw, m->button_h}, options[i], ACT_CHOICE, group * 16 + i,
               i == selected);
    return y + m->button_h + m->gap;
}

static void draw_choice_step(app *a, draw_list *dl, int top)
{
    const metrics *m = &a->m;
    rect full = {0, 0, m->w, m->h};
    int y = form_header(a, dl, top + m->gap / 2);
    if (a->step == STEP_PREFERENCES) {
        const char *times[FORM_TIMES];
        for (int i = 0; i < FORM_TIMES; i++) {
            char key[48];
            str_format(key, sizeof key, "form.best_time.%s", form_times[i]);
            times[i] = ui(a, key);
        }
        y = choice_row(a, dl, y, ui(a, "form.best_time.label"), 0, times, FORM_TIMES, a->form.best_time);
        const char *langs[CONTENT_MAX_LANGS];
        for (int i = 0; i < a->content->lang_count; i++)
            langs[i] = content_ui(&a->content->langs[i], "language.name");
        y = choice_row(a, dl, y, ui(a, "form.language.label"), 1, langs, a->content->lang_count, a->form.language);
        const char *yes_no[2] = {ui(a, "form.no"), ui(a, "form.yes")};
        choice_row(a, dl, y, ui(a, "form.voicemail.label"), 2, yes_no, 2, a->form.voicemail);
    } else if (a->step == STEP_TOPIC) {
        y += text_block(a, dl, ui(a, "form.topic.label"), m->body_px, FONT_BOLD, THEME.tile_title, THEME.bg,
                        (rect){m->col_x, y, m->col_w, 0}, ALIGN_LEFT, 2, full) + m->gap / 3;
        for (int i = 0; i < FORM_TOPICS; i++) {
            char key[48];
            str_format(key, sizeof key, "form.topic.%s", form_topics[i]);
            button(a, dl, (rect){m->col_x, y, m->col_w, m->button_h}, ui(a, key), ACT_CHOICE, 3 * 16 + i,
                   i == a->form.topic);
            y += m->button_h + m->gap;
        }
    } else {
        /* Consent: the content's text, then a large box to tick. */
        y += text_block(a, dl, ui(a, "form.consent.text"), m->body_px, FONT_REGULAR, THEME.text, THEME.bg,
                        (rect){m->col_x, y, m->col_w, 0}, ALIGN_LEFT, 8, full) + m->gap;
        int side = m->button_h;
        rect hit = {m->col_x, y, m->col_w, side};
        rect box = {m->col_x, y, side, side};
        int edge = (int)(5 * m->s) + 1;
        draw_fill(dl, box, THEME.accent);
        draw_fill(dl, (rect){box.x + edge, box.y + edge, side - 2 * edge, side - 2 * edge}, THEME.tile);
        if (a->form.consent)
            draw_fill(dl, (rect){box.x + side / 4, box.y + side / 4, side / 2, side / 2}, THEME.accent);
        const char *label = ui(a, "form.consent.label");
        int lh = a->tm->line_height(a->tm->ctx, m->body_px, FONT_BOLD);
        text_block(a, dl, label, m->body_px, FONT_BOLD, THEME.tile_title, THEME.bg,
                   (rect){box.x + side + m->gap, y + (side - lh) / 2, m->col_w - side - m->gap, lh}, ALIGN_LEFT, 1, hit);
        draw_target_add(dl, hit, ACT_CONSENT, 0);
    }
    form_buttons(a, dl, m->h - m->margin / 2 - m->button_h, true, ui(a, "form.next"), ACT_FORM_NEXT, true);
}

static void draw_notice(app *a, draw_list *dl, int top)
{
    const metrics *m = &a->m;
    rect full = {0, 0, m->w, m->h};
    int y = demo_banner(a, dl, top + m->gap);
    y += text_block(a, dl, ui(a, "contact.notice.title"), m->heading_px, FONT_BOLD, THEME.tile_title, THEME.bg,
                    (rect){m->col_x, y, m->col_w, 0}, ALIGN_LEFT, 2, full) + m->gap / 2;
    static const char *const keys[] = {"contact.notice.purpose", "contact.notice.emergency", "contact.notice.health",
                                       "contact.notice.privacy"};
    for (int i = 0; i < 4; i++)
        y += text_block(a, dl, ui(a, keys[i]), m->body_px, i == 1 ? FONT_BOLD : FONT_REGULAR, THEME.text, THEME.bg,
                        (rect){m->col_x, y, m->col_w, 0}, ALIGN_LEFT, 6, full) + m->gap / 2;
    form_buttons(a, dl, m->h - m->margin / 2 - m->button_h, false, ui(a, "contact.start"), ACT_FORM_START, true);
}

static void draw_review(app *a, draw_list *dl, int top)
{
    const metrics *m = &a->m;
    rect full = {0, 0, m->w, m->h};
    int y = demo_banner(a, dl, top + m->gap / 2);
    y += text_block(a, dl, ui(a, "form.review.title"), m->heading_px, FONT_BOLD, THEME.tile_title, THEME.bg,
                    (rect){m->col_x, y, m->col_w, 0}, ALIGN_LEFT, 2, full) + m->gap / 3;
    const form_state *f = &a->form;
    char time_key[48], topic_key[48];
    str_format(time_key, sizeof time_key, "form.best_time.%s", f->best_time >= 0 ? form_times[f->best_time] : "");
    str_format(topic_key, sizeof topic_key, "form.topic.%s", f->topic >= 0 ? form_topics[f->topic] : "");
    const char *none = ui(a, "form.review.none"), *needed = ui(a, "form.review.needed");
    bool no_contact = !form_has_contact(f);
    struct {
        const char *label, *value;
        int step;
    } rows[] = {
        {ui(a, "form.name.label"), f->name[0] ? f->name : needed, STEP_NAME},
        {ui(a, "form.phone.label"), f->phone[0] ? f->phone : no_contact ? needed : none, STEP_PHONE},
        {ui(a, "form.email.label"), f->email[0] ? f->email : no_contact ? needed : none, STEP_EMAIL},
        {ui(a, "form.best_time.label"), f->best_time >= 0 ? ui(a, time_key) : needed, STEP_PREFERENCES},
        {ui(a, "form.language.label"), content_ui(&a->content->langs[f->language], "language.name"), STEP_PREFERENCES},
        {ui(a, "form.voicemail.label"), ui(a, f->voicemail ? "form.yes" : "form.no"), STEP_PREFERENCES},
        {ui(a, "form.topic.label"), f->topic >= 0 ? ui(a, topic_key) : needed, STEP_TOPIC},
        {ui(a, "form.consent.label"), f->consent ? ui(a, "form.yes") : needed, STEP_CONSENT},
    };
    /* Each row: the question, small, and the answer; tapping it goes back
     * there. On a wide screen the rows stand in two columns. */
    int n_rows = (int)(sizeof rows / sizeof rows[0]);
    bool wide = m->w > m->h;
    int cols = wide ? 2 : 1;
    int x0 = wide ? m->margin : m->col_x, span = wide ? m->w - 2 * m->margin : m->col_w;
    int cw = (span - (cols - 1) * m->gap) / cols;
    int label_w = cw * 45 / 100, value_w = cw - label_w - m->gap;
    int per_col = (n_rows + cols - 1) / cols, top_y = y, bottom = y;
    for (int i = 0; i < n_rows; i++) {
        if (i % per_col == 0)
            y = top_y;
        int x = x0 + (i / per_col) * (cw + m->gap);
        int lh = text_block(a, NULL, rows[i].label, m->small_px, FONT_REGULAR, THEME.muted, THEME.tile,
                            (rect){0, 0, label_w - m->pad, 0}, ALIGN_LEFT, 3, full);
        int vh = text_block(a, NULL, rows[i].value, m->body_px, FONT_BOLD, THEME.text, THEME.tile,
                            (rect){0, 0, value_w - m->pad / 2, 0}, ALIGN_LEFT, 2, full);
        int h = (lh > vh ? lh : vh) + m->pad / 2;
        if (h < (int)(80 * m->s))
            h = (int)(80 * m->s);
        rect row = {x, y, cw, h};
        draw_fill(dl, row, THEME.tile);
        text_block(a, dl, rows[i].label, m->small_px, FONT_REGULAR, THEME.muted, THEME.tile,
                   (rect){row.x + m->pad / 2, row.y + (h - lh) / 2, label_w - m->pad, lh}, ALIGN_LEFT, 3, row);
        text_block(a, dl, rows[i].value, m->body_px, FONT_BOLD, rows[i].value == needed ? THEME.avoid_label : THEME.text,
                   THEME.tile, (rect){row.x + label_w, row.y + (h - vh) / 2, value_w - m->pad / 2, vh}, ALIGN_LEFT, 2, row);
        draw_target_add(dl, row, ACT_FORM_GOTO, rows[i].step);
        y += h + m->gap / 2 + 1; /* apart enough that a shaky finger hits one row */
        bottom = y > bottom ? y : bottom;
    }
    y = bottom;
    bool ok = form_can_submit(f);
    if (!ok)
        text_block(a, dl, ui(a, "form.needs"), m->small_px, FONT_BOLD, THEME.avoid_label, THEME.bg,
                   (rect){m->col_x, y + m->gap / 3, m->col_w, 0}, ALIGN_LEFT, 2, full);
    form_buttons(a, dl, m->h - m->margin / 2 - m->button_h, true, ui(a, "form.submit"), ACT_SUBMIT, ok);
}

/* Thank-you and could-not-save: a calm message and one button. */
static void draw_form_end(app *a, draw_list *dl, int top, bool saved)
{
    const metrics *m = &a->m;
    rect full = {0, 0, m->w, m->h};
    const char *title = ui(a, saved ? "form.thanks.title" : "form.failed.title");
    const char *body = ui(a, saved ? "form.thanks.body" : "form.failed.body");
    int th = text_block(a, NULL, title, m->title_px, FONT_BOLD, THEME.tile_title, THEME.bg, (rect){0, 0, m->col_w, 0}, ALIGN_CENTER, 3, full);
    int bh = text_block(a, NULL, body, m->body_px, FONT_REGULAR, THEME.text, THEME.bg, (rect){0, 0, m->col_w, 0}, ALIGN_CENTER, 6, full);
    int total = th + m->gap + bh + 2 * m->gap + m->button_h;
    int y = top + (m->h - top - total) / 2;
    y += text_block(a, dl, title, m->title_px, FONT_BOLD, THEME.tile_title, THEME.bg, (rect){m->col_x, y, m->col_w, th}, ALIGN_CENTER, 3, full) + m->gap;
    y += text_block(a, dl, body, m->body_px, FONT_REGULAR, THEME.text, THEME.bg, (rect){m->col_x, y, m->col_w, bh}, ALIGN_CENTER, 6, full) + 2 * m->gap;
    const char *ok = ui(a, "form.ok");
    int bw = button_width(a, ok) * 3 / 2;
    button(a, dl, (rect){(m->w - bw) / 2, y, bw, m->button_h}, ok, ACT_FORM_DONE, 0, true);
}

/* ======================================================================
 * Staff and facilitators
 * ==================================================================== */

static int corner_size(const app *a)
{
    int s = (int)(130 * a->m.s);
    return s < 60 ? 60 : s;
}

/* Which corner (0 top-left, 1 top-right, 2 bottom-right, 3 bottom-left) holds (x, y), or -1. */
static int corner_of(const app *a, int x, int y)
{
    int c = corner_size(a);
    bool left = x < c, right = x >= a->m.w - c, top = y < c, bottom = y >= a->m.h - c;
    return top && left ? 0 : top && right ? 1 : bottom && right ? 2 : bottom && left ? 3 : -1;
}

static void push_usage(app *a, usage_kind kind, const char *item)
{
    /* Facilitators' sessions are not families' reading: not counted. */
    if (a->facilitator || a->role != ROLE_NONE || a->usage_count == USAGE_QUEUE)
        return;
    usage_event *e = &a->usage[a->usage_count++];
    e->kind = kind;
    str_copy(e->item, sizeof e->item, item ? item : "");
}

static void draw_pin(app *a, draw_list *dl, int top)
{
    const metrics *m = &a->m;
    rect full = {0, 0, m->w, m->h};
    int y = top + m->gap;
    y += text_block(a, dl, ui(a, "staff.pin.title"), m->heading_px, FONT_BOLD, THEME.tile_title, THEME.bg,
                    (rect){m->col_x, y, m->col_w, 0}, ALIGN_CENTER, 2, full) + m->gap / 2;
    /* The PIN as dots, never its digits. */
    char dots[64] = "";
    size_t n = strlen(a->pin);
    for (size_t i = 0; i < n; i++)
        str_append(dots, sizeof dots, i ? " ●" : "●");
    const char *shown = n ? draw_strdup(dl, dots) : ui(a, "staff.pin.prompt");
    y += text_block(a, dl, shown, m->heading_px, FONT_BOLD, THEME.text, THEME.bg, (rect){m->col_x, y, m->col_w, 0},
                    ALIGN_CENTER, 1, full) + m->gap / 2;
    const char *msg = NULL;
    char line[200];
    if (a->now < a->pin_lock_until) {
        char secs[16];
        str_format(secs, sizeof secs, "%d", (int)((a->pin_lock_until - a->now + 999) / 1000));
        const char *names[] = {"seconds"}, *values[] = {secs};
        str_fill(line, sizeof line, ui(a, "staff.pin.locked"), names, values, 1);
        msg = draw_strdup(dl, line);
    } else if (a->pin_wrong) {
        msg = ui(a, "staff.pin.wrong");
    }
    if (msg)
        text_block(a, dl, msg, m->body_px, FONT_BOLD, THEME.avoid_label, THEME.bg, (rect){m->col_x, y, m->col_w, 0},
                   ALIGN_CENTER, 2, full);
    int kb_h = keyboard_height(KB_PHONE, m);
    rect kb = {m->margin, m->h - m->margin / 2 - kb_h, m->w - 2 * m->margin, kb_h};
    a->key_count = keyboard_build(KB_PHONE, false, kb, m, a->keys);
    for (int i = 0; i < a->key_count; i++) {
        const kb_key *k = &a->keys[i];
        bool done = k->kind == KK_DONE;
        const char *cap = done ? ui(a, "staff.pin.enter") : k->ui_key ? ui(a, k->ui_key) : k->text;
        button(a, dl, k->r, cap, ACT_KEY, i, done);
    }
    const char *cancel = ui(a, "form.cancel");
    int cw = button_width(a, cancel);
    button(a, dl, (rect){m->margin, kb.y - m->gap - m->button_h, cw, m->button_h}, cancel, ACT_FORM_CANCEL, 0, false);
}

static void format_day(int64_t unix_s, char *out, size_t size)
{
    time_t t = (time_t)unix_s;
    struct tm tm;
    if (unix_s <= 0 || !localtime_r(&t, &tm)) {
        str_copy(out, size, "");
        return;
    }
    strftime(out, size, "%Y-%m-%d %H:%M", &tm);
}

static void human_bytes(long long n, char *out, size_t size)
{
    if (n >= 10LL << 30)
        str_format(out, size, "%lld GB", n >> 30);
    else if (n >= 10LL << 20)
        str_format(out, size, "%lld MB", n >> 20);
    else
        str_format(out, size, "%lld kB", n >> 10);
}

static void draw_staff(app *a, draw_list *dl, int top)
{
    const metrics *m = &a->m;
    rect full = {0, 0, m->w, m->h};
    const staff_info *in = &a->info;
    int x = m->margin, w = m->w - 2 * m->margin;
    int y = top + m->gap / 2;
    const char *close = ui(a, "staff.close");
    int clw = button_width(a, close);
    button(a, dl, (rect){m->w - m->margin - clw, y, clw, m->button_h}, close, ACT_FORM_CANCEL, 0, false);
    text_block(a, dl, ui(a, "staff.title"), m->heading_px, FONT_BOLD, THEME.tile_title, THEME.bg,
               (rect){x, y + m->gap / 2, w - clw - m->gap, 0}, ALIGN_LEFT, 1, full);
    y += m->button_h + m->gap / 2;
    char line[600], a1[64], a2[64], a3[64], a4[64];
    const char *names[4];
    const char *values[4];
    /* Requests: a count only; the kiosk cannot read them. */
    str_format(a1, sizeof a1, "%d", in->waiting < 0 ? 0 : in->waiting);
    names[0] = "count", values[0] = a1;
    str_fill(line, sizeof line, ui(a, "staff.requests"), names, values, 1);
    if (in->oldest_unix > 0) {
        char day[32], more[200];
        format_day(in->oldest_unix, day, sizeof day);
        names[0] = "date", values[0] = day;
        str_fill(more, sizeof more, ui(a, "staff.requests.oldest"), names, values, 1);
        str_append(line, sizeof line, " · ");
        str_append(line, sizeof line, more);
    }
    int px = m->small_px;
    y += text_block(a, dl, draw_strdup(dl, line), px, FONT_BOLD, THEME.text, THEME.bg, (rect){x, y, w, 0}, ALIGN_LEFT, 2, full);
    /* Content: version, reviews due within 30 days or past, the last update. */
    names[0] = "version", values[0] = a->content->version;
    str_fill(line, sizeof line, ui(a, "staff.content"), names, values, 1);
    y += text_block(a, dl, draw_strdup(dl, line), px, FONT_REGULAR, THEME.text, THEME.bg, (rect){x, y, w, 0}, ALIGN_LEFT, 2, full);
    char titles[400] = "", today[16] = "", soon[16] = "";
    if (a->wall > 0) {
        time_t t = (time_t)a->wall, t30 = (time_t)(a->wall + 30 * 86400);
        struct tm tm;
        localtime_r(&t, &tm);
        strftime(today, sizeof today, "%Y-%m-%d", &tm);
        localtime_r(&t30, &tm);
        strftime(soon, sizeof soon, "%Y-%m-%d", &tm);
    }
    const content_lang *lang = lang_of(a);
    for (int d = 0; d < lang->doc_count && soon[0]; d++)
        if (strcmp(lang->docs[d].review_due, soon) <= 0) {
            if (titles[0])
                str_append(titles, sizeof titles, ", ");
            str_append(titles, sizeof titles, lang->docs[d].title);
            str_append(titles, sizeof titles, strcmp(lang->docs[d].review_due, today) < 0 ? " (!)" : "");
        }
    if (titles[0]) {
        names[0] = "titles", values[0] = titles;
        str_fill(line, sizeof line, ui(a, "staff.reviews.due"), names, values, 1);
    } else {
        str_copy(line, sizeof line, ui(a, "staff.reviews.ok"));
    }
    y += text_block(a, dl, draw_strdup(dl, line), px, FONT_REGULAR, THEME.text, THEME.bg, (rect){x, y, w, 0}, ALIGN_LEFT, 2, full);
    if (in->result.kind != RESULT_NONE) {
        static const char *const keys[] = {
            [RESULT_CHECKED] = "staff.result.checked",         [RESULT_REJECTED] = "staff.result.rejected",
            [RESULT_LIVE] = "staff.result.live",               [RESULT_IMPORTED] = "staff.result.imported",
            [RESULT_IMPORT_BAD] = "staff.result.import_bad",   [RESULT_COPY_FAILED] = "staff.result.copy_failed",
            [RESULT_NOT_SYMLINK] = "staff.result.not_symlink", [RESULT_ROLLED_BACK] = "staff.result.rolled_back",
            [RESULT_NO_ROLLBACK] = "staff.result.no_rollback"};
        char count[16], result[700];
        str_format(count, sizeof count, "%d", in->result.count);
        const char *rn[] = {"version", "folder", "count", "detail"},
                   *rv[] = {in->result.version, in->result.folder, count, in->result.detail};
        str_fill(result, sizeof result, ui(a, keys[in->result.kind]), rn, rv, 4);
        names[0] = "result", values[0] = result;
        str_fill(line, sizeof line, ui(a, "staff.reload.last"), names, values, 1);
        y += text_block(a, dl, draw_strdup(dl, line), px, FONT_REGULAR, THEME.text, THEME.bg, (rect){x, y, w, 0}, ALIGN_LEFT, 3, full);
    }
    /* Health. */
    str_format(a1, sizeof a1, "%s", LANTERN_APP_VERSION);
    char hours[16], minutes[8];
    str_format(hours, sizeof hours, "%lld", (long long)(in->uptime_s / 3600));
    str_format(minutes, sizeof minutes, "%02lld", (long long)(in->uptime_s / 60 % 60));
    const char *un[] = {"hours", "minutes"}, *uv[] = {hours, minutes};
    str_fill(a2, sizeof a2, ui(a, "staff.uptime"), un, uv, 2);
    human_bytes(in->free_bytes, a3, sizeof a3);
    human_bytes(in->db_bytes, a4, sizeof a4);
    const char *hn[] = {"version", "uptime", "disk", "db"}, *hv[] = {a1, a2, a3, a4};
    str_fill(line, sizeof line, ui(a, "staff.health"), hn, hv, 4);
    y += text_block(a, dl, draw_strdup(dl, line), px, FONT_REGULAR, THEME.text, THEME.bg, (rect){x, y, w, 0}, ALIGN_LEFT, 2, full);
    if (in->error_count == 0)
        y += text_block(a, dl, ui(a, "staff.errors.none"), px, FONT_REGULAR, THEME.muted, THEME.bg, (rect){x, y, w, 0}, ALIGN_LEFT, 1, full);
    for (int i = 0; i < in->error_count && i < 3; i++)
        y += text_block(a, dl, in->errors[i], px * 4 / 5, FONT_REGULAR, THEME.avoid_label, THEME.bg, (rect){x, y, w, 0},
                        ALIGN_LEFT, 1, full);
    /* Usage: sessions a day as a small bar chart. */
    y += m->gap / 2;
    y += text_block(a, dl, ui(a, "staff.usage"), px, FONT_BOLD, THEME.tile_title, THEME.bg, (rect){x, y, w, 0}, ALIGN_LEFT, 1, full);
    int chart_h = (int)(140 * m->s), most = 1;
    for (int i = 0; i < 7; i++)
        most = in->usage[i] > most ? in->usage[i] : most;
    int bw = w / 7 - m->gap;
    int lh = a->tm->line_height(a->tm->ctx, px * 4 / 5, FONT_REGULAR);
    for (int i = 0; i < 7; i++) {
        int bx = x + i * (bw + m->gap), bh = in->usage[i] * chart_h / most;
        draw_fill(dl, (rect){bx, y + chart_h - bh, bw, bh > 0 ? bh : 1}, THEME.accent);
        char label[32];
        str_format(label, sizeof label, "%s: %d", in->usage_day[i], in->usage[i]);
        text_block(a, dl, draw_strdup(dl, label), px * 4 / 5, FONT_REGULAR, THEME.muted, THEME.bg,
                   (rect){bx, y + chart_h + 4, bw, lh}, ALIGN_CENTER, 1, full);
    }
    y += chart_h + lh + m->gap;
    /* Actions, three a row, at the bottom. */
    const char *labels[12];
    action acts[12];
    int args[12], n = 0;
    labels[n] = ui(a, "staff.reload"), acts[n] = ACT_STAFF, args[n++] = STAFF_RELOAD;
    for (int i = 0; i < a->info.usb_count && n < 8; i++) {
        const char *base = strrchr(a->info.usb[i], '/');
        char label[160];
        str_format(label, sizeof label, "%s: %s", ui(a, "staff.import"), base ? base + 1 : a->info.usb[i]);
        labels[n] = draw_strdup(dl, label), acts[n] = ACT_STAFF, args[n++] = STAFF_IMPORT + 16 * i;
    }
    if (a->info.can_rollback)
        labels[n] = ui(a, "staff.rollback"), acts[n] = ACT_STAFF, args[n++] = STAFF_ROLLBACK;
    labels[n] = ui(a, "staff.touch"), acts[n] = ACT_TOUCH_TEST, args[n++] = 0;
    labels[n] = ui(a, "staff.facilitator"), acts[n] = ACT_FACILITATOR, args[n++] = 0;
    labels[n] = ui(a, "staff.exit"), acts[n] = ACT_EXIT_ASK, args[n++] = 0;
    int cols = 3, bwid = (w - (cols - 1) * m->gap) / cols, rows = (n + cols - 1) / cols;
    int by = m->h - m->margin / 2 - rows * m->button_h - (rows - 1) * m->gap;
    if (by < y)
        by = y;
    for (int i = 0; i < n; i++)
        button(a, dl, (rect){x + (i % cols) * (bwid + m->gap), by + (i / cols) * (m->button_h + m->gap), bwid, m->button_h},
               labels[i], acts[i], args[i], acts[i] == ACT_STAFF && args[i] == STAFF_RELOAD);
    if (a->info.usb_count == 0)
        text_block(a, dl, ui(a, "staff.import.none"), px * 4 / 5, FONT_REGULAR, THEME.muted, THEME.bg,
                   (rect){x, by - lh - m->gap / 2, w, lh}, ALIGN_LEFT, 1, full);
}

static void draw_touch_test(app *a, draw_list *dl, int top)
{
    const metrics *m = &a->m;
    rect area = {0, top, m->w, m->h - top};
    draw_target_add(dl, area, ACT_TOUCH_POINT, 0);
    for (int i = 1; i < 10; i++) {
        draw_fill(dl, (rect){m->w * i / 10, top, 1, area.h}, THEME.tile_edge);
        draw_fill(dl, (rect){0, top + area.h * i / 10, m->w, 1}, THEME.tile_edge);
    }
    rect full = {0, 0, m->w, m->h};
    text_block(a, dl, ui(a, "staff.touch.help"), m->small_px, FONT_REGULAR, THEME.text, THEME.bg,
               (rect){m->margin, top + m->gap, m->w - 2 * m->margin - (int)(300 * m->s), 0}, ALIGN_LEFT, 3, full);
    int dot = (int)(24 * m->s) + 2;
    for (int i = 0; i < a->touch_count; i++)
        draw_fill(dl, (rect){a->touches[i].x - dot / 2, a->touches[i].y - dot / 2, dot, dot}, THEME.avoid_label);
    if (a->touch_count > 0) {
        char where[48];
        const rect *t = &a->touches[a->touch_count - 1];
        str_format(where, sizeof where, "%d, %d", t->x, t->y);
        text_block(a, dl, draw_strdup(dl, where), m->body_px, FONT_BOLD, THEME.tile_title, THEME.bg,
                   (rect){m->margin, m->h - m->margin - m->button_h, m->w / 2, 0}, ALIGN_LEFT, 1, full);
    }
    const char *close = ui(a, "staff.close");
    int cw = button_width(a, close);
    button(a, dl, (rect){m->w - m->margin - cw, top + m->gap, cw, m->button_h}, close, ACT_STAFF_BACK, 0, true);
}

static void draw_exit_confirm(app *a, draw_list *dl, int top)
{
    const metrics *m = &a->m;
    rect full = {0, 0, m->w, m->h};
    int y = top + (m->h - top) / 3;
    y += text_block(a, dl, ui(a, "staff.exit.confirm"), m->body_px, FONT_BOLD, THEME.text, THEME.bg,
                    (rect){m->col_x, y, m->col_w, 0}, ALIGN_CENTER, 4, full) + 2 * m->gap;
    const char *yes = ui(a, "staff.exit.yes"), *no = ui(a, "form.cancel");
    int yw = button_width(a, yes), nw = button_width(a, no);
    int x = (m->w - yw - nw - 2 * m->gap) / 2;
    button(a, dl, (rect){x, y, nw, m->button_h}, no, ACT_STAFF_BACK, 0, false);
    button(a, dl, (rect){x + nw + 2 * m->gap, y, yw, m->button_h}, yes, ACT_STAFF, STAFF_EXIT, true);
}

static void draw_facilitator_pick(app *a, draw_list *dl, int top)
{
    const metrics *m = &a->m;
    rect full = {0, 0, m->w, m->h};
    int y = top + m->gap;
    const char *leave = ui(a, "facilitator.leave");
    int lw = button_width(a, leave);
    button(a, dl, (rect){m->w - m->margin - lw, y, lw, m->button_h}, leave, ACT_FORM_CANCEL, 0, false);
    text_block(a, dl, ui(a, "facilitator.pick"), m->heading_px, FONT_BOLD, THEME.tile_title, THEME.bg,
               (rect){m->margin, y + m->gap / 2, m->w - 3 * m->margin - lw, 0}, ALIGN_LEFT, 2, full);
    y += m->button_h + m->gap;
    const content_lang *lang = lang_of(a);
    int cols = m->w > m->h ? 2 : 1, n = 0;
    int bw = (m->w - 2 * m->margin - (cols - 1) * m->gap) / cols;
    for (int d = 0; d < lang->doc_count; d++) {
        if (lang->docs[d].kind != DOC_MODULE)
            continue;
        rect r = {m->margin + (n % cols) * (bw + m->gap), y + (n / cols) * (m->button_h + m->gap), bw, m->button_h};
        button(a, dl, r, lang->docs[d].title, ACT_OPEN_DOC, d, false);
        n++;
    }
}


/* ======================================================================
 * Support groups
 * ==================================================================== */

static void format_time(const app *a, const struct tm *tm, char *out, size_t size)
{
    char h12[4], h24[4], mm[4];
    str_format(h12, sizeof h12, "%d", tm->tm_hour % 12 ? tm->tm_hour % 12 : 12);
    str_format(h24, sizeof h24, "%d", tm->tm_hour);
    str_format(mm, sizeof mm, "%02d", tm->tm_min);
    const char *names[] = {"h12", "h24", "mm", "ampm"},
               *values[] = {h12, h24, mm, ui(a, tm->tm_hour < 12 ? "time.am" : "time.pm")};
    str_fill(out, size, ui(a, "time.format"), names, values, 4);
}

static void format_iso(const app *a, const char *iso, char *out, size_t size)
{
    format_date(a, iso, out, size);
}

/* One group's card text at detail size px; dl NULL only measures. Returns
 * the height used. */
static int group_card(app *a, draw_list *dl, const schedule_entry *e, bool next, rect card, int edge, int px)
{
    const metrics *m = &a->m;
    const content_group *g = &lang_of(a)->groups[e->group];
    int inner = card.w - edge - 2 * m->pad, cx = card.x + edge + m->pad, cy = card.y + m->pad / 2;
    if (next)
        cy += text_block(a, dl, ui(a, e->in_progress ? "groups.now" : "groups.next"), px, FONT_BOLD, THEME.accent,
                         THEME.tile, (rect){cx, cy, inner, 0}, ALIGN_LEFT, 1, card);
    cy += text_block(a, dl, g->name, px * 5 / 4, FONT_BOLD, THEME.tile_title, THEME.tile, (rect){cx, cy, inner, 0},
                     ALIGN_LEFT, 2, card);
    char line[400];
    if (!e->none) {
        time_t t = (time_t)e->start_unix;
        struct tm tm;
        localtime_r(&t, &tm);
        char day_key[8], iso[16], date[64], time_s[32];
        str_format(day_key, sizeof day_key, "day.%d", tm.tm_wday);
        strftime(iso, sizeof iso, "%Y-%m-%d", &tm);
        format_iso(a, iso, date, sizeof date);
        format_time(a, &tm, time_s, sizeof time_s);
        const char *names[] = {"day", "date", "time"}, *values[] = {ui(a, day_key), date, time_s};
        str_fill(line, sizeof line, ui(a, "groups.when"), names, values, 3);
        cy += text_block(a, dl, dl ? draw_strdup(dl, line) : line, px, FONT_BOLD, THEME.text, THEME.tile,
                         (rect){cx, cy, inner, 0}, ALIGN_LEFT, 2, card);
    } else {
        cy += text_block(a, dl, ui(a, "groups.none"), px, FONT_BOLD, THEME.avoid_label, THEME.tile,
                         (rect){cx, cy, inner, 0}, ALIGN_LEFT, 2, card);
    }
    const char *names1[] = {"room"}, *values1[] = {g->room ? g->room : ""};
    str_fill(line, sizeof line, ui(a, g->online ? "groups.online" : "groups.in_person"), names1, values1, 1);
    const char *names2[] = {"language"}, *values2[] = {g->language};
    char lang_line[160];
    str_fill(lang_line, sizeof lang_line, ui(a, "groups.language"), names2, values2, 1);
    str_append(line, sizeof line, " · ");
    str_append(line, sizeof line, lang_line);
    cy += text_block(a, dl, dl ? draw_strdup(dl, line) : line, px, FONT_REGULAR, THEME.muted, THEME.tile,
                     (rect){cx, cy, inner, 0}, ALIGN_LEFT, 3, card);
    cy += text_block(a, dl, g->join, px, FONT_REGULAR, THEME.muted, THEME.tile, (rect){cx, cy, inner, 0}, ALIGN_LEFT, 3,
                     card);
    if (e->skipped) {
        char date[64];
        format_iso(a, e->skipped->date, date, sizeof date);
        const char *names3[] = {"date", "note"}, *values3[] = {date, e->skipped->note};
        str_fill(line, sizeof line, ui(a, "groups.cancelled"), names3, values3, 2);
        cy += text_block(a, dl, dl ? draw_strdup(dl, line) : line, px, FONT_BOLD, THEME.avoid_label, THEME.tile,
                         (rect){cx, cy, inner, 0}, ALIGN_LEFT, 3, card);
    }
    return cy - card.y + m->pad / 2;
}

static void draw_groups(app *a, draw_list *dl, int top)
{
    const metrics *m = &a->m;
    rect full = {0, 0, m->w, m->h};
    const content_lang *lang = lang_of(a);
    int y = top + m->gap;
    y += text_block(a, dl, ui(a, "groups.title"), m->heading_px, FONT_BOLD, THEME.tile_title, THEME.bg,
                    (rect){m->margin, y, m->w - 2 * m->margin, 0}, ALIGN_LEFT, 2, full) + m->gap / 2;
    schedule_entry entries[CONTENT_MAX_GROUPS];
    int n = schedule_upcoming(lang, a->wall > 0 ? a->wall : 0, entries, CONTENT_MAX_GROUPS);
    /* Buttons: one tap to be contacted above the navigation row. */
    const char *contact = a->content->contact_doc >= 0 ? lang->docs[a->content->contact_doc].title : NULL;
    int nav_y = m->h - m->margin / 2 - m->button_h;
    int contact_y = nav_y - m->gap - m->button_h;
    int bottom = (contact ? contact_y : nav_y) - m->gap;
    bool wide = m->w > m->h;
    int cols = wide ? 2 : 1, cw = (m->w - 2 * m->margin - (cols - 1) * m->gap) / cols;
    int rows = (n + cols - 1) / cols, ch = rows ? (bottom - y - (rows - 1) * m->gap) / rows : 0;
    /* The largest detail size at which every card's text fits its card. */
    int px = m->small_px;
    for (; px > m->small_px * 2 / 3; px = px * 9 / 10) {
        bool fits = true;
        for (int i = 0; i < n && fits; i++)
            fits = group_card(a, NULL, &entries[i], i == 0 && !entries[i].none, (rect){0, 0, cw, ch},
                              (int)(14 * m->s) + 2, px) <= ch;
        if (fits)
            break;
    }
    for (int i = 0; i < n; i++) {
        rect card = {m->margin + (i % cols) * (cw + m->gap), y + (i / cols) * (ch + m->gap), cw, ch};
        bool next = i == 0 && !entries[i].none;
        draw_fill(dl, card, next ? THEME.accent : THEME.tile_edge);
        int edge = next ? (int)(14 * m->s) + 2 : (int)(6 * m->s) + 1;
        draw_fill(dl, (rect){card.x + edge, card.y, card.w - edge, card.h}, THEME.tile);
        group_card(a, dl, &entries[i], next, card, edge, px);
    }
    nav_bar(a, dl, ui(a, "nav.home"), ACT_HOME, 0, 1, NULL);
    if (a->content->groups_doc >= 0) {
        const char *more = ui(a, "groups.more");
        int w = button_width(a, more);
        button(a, dl, (rect){m->w - m->margin - w, nav_y, w, m->button_h}, more, ACT_READ_DOC, a->content->groups_doc,
               false);
    }
    if (contact)
        button(a, dl, (rect){m->margin, contact_y, m->w - 2 * m->margin, m->button_h}, contact, ACT_OPEN_DOC,
               a->content->contact_doc, true);
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
        return a->crisis.doc ? (a->crisis.layout.page_count + a->crisis_cols - 1) / a->crisis_cols : 1;
    case SCREEN_HOME:
        return a->home_pages;
    default:
        return 1;
    }
}

/* ======================================================================
 * The contact form's public side
 * ==================================================================== */

void app_set_form(app *a, bool available, bool demo, wipe_fn wipe)
{
    a->form_available = available;
    a->form_demo = available && demo;
    a->wipe = wipe;
    a->dirty = true;
}

bool app_take_request(app *a, contact_request *out)
{
    if (!a->submitting)
        return false;
    a->submitting = false;
    const char *lang = a->content->langs[a->form.language].code;
    bool ok = form_to_request(&a->form, lang, a->content->version, out);
    /* The form is wiped now, whatever the store then says. */
    form_wipe(a);
    a->dirty = true;
    if (!ok) {
        a->screen = SCREEN_SAVE_FAILED;
        a->thanks_since = a->now;
    }
    return ok;
}

void app_request_done(app *a, bool saved)
{
    form_wipe(a);
    if (saved)
        push_usage(a, USAGE_CONTACT, "");
    a->screen = saved ? SCREEN_THANKS : SCREEN_SAVE_FAILED;
    a->thanks_since = a->now;
    a->dirty = true;
}

bool app_take_pin(app *a, char *pin, size_t size)
{
    if (!a->pin_pending)
        return false;
    a->pin_pending = false;
    str_copy(pin, size, a->pin);
    if (a->wipe)
        a->wipe(a->pin, sizeof a->pin);
    else
        memset(a->pin, 0, sizeof a->pin);
    a->dirty = true;
    return true;
}

void app_pin_result(app *a, staff_role role, int failures, int64_t lock_ms)
{
    (void)failures;
    memset(a->pin, 0, sizeof a->pin);
    a->pin_lock_until = lock_ms > 0 ? a->now + lock_ms : 0;
    a->pin_wrong = role == ROLE_NONE;
    if (role == ROLE_STAFF) {
        a->role = ROLE_STAFF;
        a->screen = SCREEN_STAFF;
    } else if (role == ROLE_FACILITATOR) {
        a->role = ROLE_FACILITATOR;
        a->facilitator = true;
        a->screen = SCREEN_FACILITATOR_PICK;
    }
    a->dirty = true;
}

void app_set_staff_info(app *a, const staff_info *info)
{
    a->info = *info;
    if (staff_screen(a))
        a->dirty = true;
}

bool app_take_staff_request(app *a, staff_request *out)
{
    if (a->staff_req.kind == STAFF_NONE)
        return false;
    *out = a->staff_req;
    a->staff_req.kind = STAFF_NONE;
    return true;
}

bool app_facilitator(const app *a)
{
    return a->facilitator;
}

bool app_take_usage(app *a, usage_event *out)
{
    if (a->usage_count == 0)
        return false;
    *out = a->usage[0];
    memmove(a->usage, a->usage + 1, (size_t)(a->usage_count - 1) * sizeof a->usage[0]);
    a->usage_count--;
    return true;
}

bool app_form_is_empty(const app *a)
{
    const form_state *f = &a->form;
    return !f->name[0] && !f->phone[0] && !f->email[0] && !f->consent && f->topic < 0 && f->best_time < 0;
}

/* ======================================================================
 * Staff tools
 * ==================================================================== */

static bool show(app *a, int lang, screen_id screen)
{
    if (lang < 0 || lang >= a->content->lang_count)
        return false;
    session_reset(a);
    if (lang != a->lang)
        a->lang = lang;
    a->screen = screen;
    return true;
}

bool app_show_home(app *a, int lang, int page)
{
    if (!show(a, lang, SCREEN_HOME))
        return false;
    a->home_page = page;
    return page >= 0 && page < app_page_count(a);
}

bool app_show_doc(app *a, int lang, int doc, int page)
{
    if (doc < 0 || !show(a, lang, SCREEN_HOME) || doc >= lang_of(a)->doc_count)
        return false;
    a->screen = SCREEN_READER;
    a->doc = doc;
    a->page = page;
    return page >= 0 && page < app_page_count(a);
}

bool app_show_crisis(app *a, int lang, int page)
{
    if (!show(a, lang, SCREEN_CRISIS))
        return false;
    a->crisis_page = page;
    return page >= 0 && page < app_page_count(a);
}

/* Checks a laid-out document: boxes taller than a page, sections longer than one. */
static void check_doc_fit(app *a, const doc_layout *dl, const content_doc *doc, int lang, app_fit_fn report,
                          void *ctx)
{
    char jpath[32], msg[256];
    int size_w = a->m.w, size_h = a->m.h;
    for (int i = 0; i < dl->row_count;) {
        const doc_row *r = &dl->rows[i];
        int j = i + 1, h = r->h;
        if (r->box >= 0) {
            while (j < dl->row_count && dl->rows[j].box == r->box)
                h += dl->rows[j++].h;
            if (h > dl->area_h) {
                str_format(jpath, sizeof jpath, "$.blocks[%d]", r->block);
                str_format(msg, sizeof msg, "too long for one page at %dx%d: shorten it", size_w, size_h);
                report(ctx, doc, lang, jpath, true, msg);
            }
        }
        i = j;
    }
    /* A section runs from a row that starts a page to the next such row. */
    for (int i = 0; i < dl->row_count;) {
        int j = i + 1;
        while (j < dl->row_count && !dl->rows[j].starts_page && dl->rows[j].block >= 0)
            j++;
        int pages = dl->rows[j - 1].page - dl->rows[i].page + 1;
        /* The help list is meant to page; a module section is one idea. */
        if (pages > 1 && dl->rows[i].block >= 0 && doc->kind != DOC_HELP) {
            str_format(jpath, sizeof jpath, "$.blocks[%d]", dl->rows[i].block);
            str_format(msg, sizeof msg,
                       "this section needs %d pages at %dx%d; one idea a page: shorten it or split it", pages,
                       size_w, size_h);
            report(ctx, doc, lang, jpath, false, msg);
        }
        i = j;
        while (i < dl->row_count && dl->rows[i].block < 0)
            i++;
    }
}

void app_check_fit(app *a, app_fit_fn report, void *ctx)
{
    char msg[256];
    for (int l = 0; l < a->content->lang_count; l++) {
        const content_lang *lang = &a->content->langs[l];
        /* Home tiles: a title or summary shown cut short. */
        for (int page = 0; app_show_home(a, l, page); page++) {
            const draw_list *dl = app_frame(a);
            for (int i = 0; i < dl->item_count; i++) {
                const draw_item *it = &dl->items[i];
                for (int d = 0; d < lang->home_count; d++) {
                    const content_doc *doc = lang->home[d];
                    const char *field = it->text == doc->title ? "$.title" : it->text == doc->summary ? "$.summary" : NULL;
                    if (field && (size_t)it->len < strlen(it->text)) {
                        str_format(msg, sizeof msg, "too long for its Home tile at %dx%d: it is cut short", a->m.w, a->m.h);
                        report(ctx, doc, l, field, true, msg);
                    }
                }
            }
        }
        for (int d = 0; d < lang->doc_count; d++) {
            app_show_doc(a, l, d, 0);
            app_frame(a);
            check_doc_fit(a, &a->reader.layout, &lang->docs[d], l, report, ctx);
        }
        app_show_crisis(a, l, 0);
        app_frame(a);
        check_doc_fit(a, &a->crisis.layout, lang->help, l, report, ctx);
    }
    session_reset(a);
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
        if (a->screen == SCREEN_READER && a->doc >= 0 && a->doc < CONTENT_MAX_DOCS && next + 1 > a->reached[a->doc] &&
            next < 255) {
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
    if (form_insert(&a->form, field, text)) {
        /* One-shot shift; a new word in a name starts with a capital. */
        a->shift = field == FIELD_NAME && (strcmp(text, " ") == 0 || strcmp(text, "-") == 0);
    }
    a->dirty = true;
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
        form_backspace(&a->form, step_field(a->step));
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

static void tick(app *a)
{
    if ((a->screen == SCREEN_THANKS || a->screen == SCREEN_SAVE_FAILED) && !a->warning &&
        a->now - a->thanks_since >= THANKS_MS) {
        a->screen = SCREEN_HOME;
        a->dirty = true;
    }
    if (a->screen == SCREEN_ATTRACT && !a->warning)
        return;
    if (a->facilitator && a->screen != SCREEN_FACILITATOR_PICK)
        return; /* presenting to a group: no idle reset */
    if (staff_screen(a)) {
        /* Staff screens are not left open: back to the attract screen, no warning. */
        if (a->now - a->last_input >= STAFF_IDLE_MS)
            session_reset(a);
        else if (a->screen == SCREEN_PIN && a->pin_lock_until > a->now)
            a->dirty = true; /* the lockout countdown */
        return;
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
    switch (ev->type) {
    case EV_TICK:
        break;
    case EV_TAP: {
        const draw_target *t = draw_hit(app_frame(a), ev->x, ev->y);
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
                form_backspace(&a->form, step_field(a->step));
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
    if (a->facilitator && a->screen != SCREEN_FACILITATOR_PICK)
        return -1;
    if (staff_screen(a)) {
        int64_t idle = a->last_input + STAFF_IDLE_MS;
        if (a->screen == SCREEN_PIN && a->pin_lock_until > a->now) {
            int64_t next = a->now + (a->pin_lock_until - a->now - 1) % 1000 + 1; /* the next whole second */
            return next < idle ? next : idle;
        }
        return idle;
    }
    if ((a->screen == SCREEN_THANKS || a->screen == SCREEN_SAVE_FAILED) && !a->warning) {
        int64_t back = a->thanks_since + THANKS_MS, idle = a->last_input + a->timing.idle_ms;
        return back < idle ? back : idle;
    }
    if (a->screen == SCREEN_ATTRACT && !a->warning)
        return -1;
    if (!a->warning)
        return a->last_input + a->timing.idle_ms;
    /* Next change of the number on screen, or the reset itself. */
    int left = warning_seconds_left(a);
    return a->warning_since + a->timing.countdown_ms - (int64_t)(left - 1) * 1000;
}
