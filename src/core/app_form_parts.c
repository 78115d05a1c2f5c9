/* app_form_parts: what the form's screens share with its review (the
 * practice-key banner, the Back/Cancel/primary row) and the review itself,
 * kept apart from app_form.c so each file stays readable. Called only by the
 * form's screen module (app_form.c); calls only the shared widgets. */
#include "app_internal.h"

#include <stdio.h>
#include <string.h>

#include "look.h"

/* A warm box at the top of the form screens while a practice key is used. */
int form_demo_banner(app *a, draw_list *dl, int y)
{
    if (!a->contact.demo)
        return y;
    const metrics *m = &a->m;
    rect full = {0, 0, m->w, m->h};
    const char *text = ui(a, "form.demo");
    int th = text_block(a, NULL, text, m->small_px, FONT_BOLD, THEME.text, THEME.desk,
                        (rect){0, 0, m->col_w - 2 * m->pad, 0}, ALIGN_LEFT, 3, full);
    rect box = {m->col_x, y, m->col_w, th + m->pad / 2};
    draw_fill(dl, box, THEME.desk);
    text_block(a, dl, text, m->small_px, FONT_BOLD, THEME.text, THEME.desk,
               (rect){box.x + m->pad, box.y + m->pad / 4, m->col_w - 2 * m->pad, th}, ALIGN_LEFT, 3,
               box);
    return box.y + box.h + m->gap / 2;
}

/* The one backward button's width. Its words are every screen's Back
 * ("nav.back": one word for Back in each language); on a review paged in
 * two or more, as wide as the wider of Back and Previous on every page, so
 * Cancel beside it stays where it is while the word changes. */
static int back_slot_width(app *a)
{
    int w = button_width(a, ui(a, "nav.back"));
    if (a->visit.screen == SCREEN_REVIEW && a->contact.review_pages > 1) {
        int pw = button_width(a, ui(a, "nav.previous"));
        w = pw > w ? pw : w;
    }
    return w;
}

/* The left end of the button row: Back (where Back always is) and Cancel. */
int form_buttons_left(app *a)
{
    const metrics *m = &a->m;
    int x = m->margin + button_width(a, ui(a, "form.cancel")) + m->gap;
    if (a->contact.step > 0 || a->visit.screen == SCREEN_REVIEW)
        x += back_slot_width(a) + m->gap;
    return x;
}

/* The row, its backward button given: label NULL for none. */
static int buttons_row(app *a, draw_list *dl, int y, const char *back_label, action back_act,
                       int back_arg, const char *primary, action primary_act, bool primary_enabled)
{
    const metrics *m = &a->m;
    int x = m->margin;
    if (back_label) {
        int bw = back_slot_width(a);
        button(a, dl, (rect){x, y, bw, m->button_h}, back_label, back_act, back_arg, false);
        x += bw + m->gap;
    }
    const char *cancel = ui(a, "form.cancel");
    button(a, dl, (rect){x, y, button_width(a, cancel), m->button_h}, cancel, ACT_FORM_CANCEL, 0,
           false);
    int right = m->w - m->margin;
    if (primary) {
        int pw = button_width(a, primary);
        rect r = {right - pw, y, pw, m->button_h};
        button_look(a, dl, r, primary, primary_enabled ? primary_act : ACT_FORM_WHY, 0,
                    primary_enabled ? LOOK_PRIMARY : LOOK_DISABLED, false);
        right -= pw + m->gap;
    }
    return right;
}

/* Back on the left (its place on every screen), Cancel beside it, the
 * primary button on the right, in one row at y. primary NULL: none. A
 * primary that cannot act yet is drawn disabled and, tapped, says why.
 * Returns the left end of the primary button. */
int form_buttons_row(app *a, draw_list *dl, int y, bool back, const char *primary,
                     action primary_act, bool primary_enabled)
{
    return buttons_row(a, dl, y, back ? ui(a, "nav.back") : NULL, ACT_FORM_BACK, 0, primary,
                       primary_act, primary_enabled);
}

void form_draw_review(app *a, draw_list *dl, int top)
{
    const metrics *m = &a->m;
    rect full = {0, 0, m->w, m->h};
    int y = form_demo_banner(a, dl, top + m->gap / 2);
    const char *title = ui(a, "form.review.title");
    /* On a wide screen the rows stand in two columns across the screen: the
     * title (and the page count at its right) lines up with them. */
    bool wide = m->w > m->h;
    int x0 = wide ? m->margin : m->col_x, span = wide ? m->w - 2 * m->margin : m->col_w;
    int title_y = y, title_h = text_block(a, dl, title, m->heading_px, FONT_BOLD, THEME.tile_title,
                                          THEME.bg, (rect){x0, y, span, 0}, ALIGN_LEFT, 2, full);
    y += title_h + m->gap / 3;
    const form_state *f = &a->contact.form;
    char time_key[48], topic_key[48];
    str_format(time_key, sizeof time_key, "form.best_time.%s",
               f->best_time >= 0 ? form_times[f->best_time] : "");
    str_format(topic_key, sizeof topic_key, "form.topic.%s",
               f->topic >= 0 ? form_topics[f->topic] : "");
    const char *none = ui(a, "form.review.none"), *needed = ui(a, "form.review.needed");
    bool no_contact = !form_has_contact(f);
    struct {
        const char *label, *value;
        int step;
    } rows[] = {
        {ui(a, "form.name.label"), f->name[0] ? f->name : needed, STEP_NAME},
        {ui(a, "form.phone.label"),
         f->phone[0]  ? f->phone
         : no_contact ? needed
                      : none,
         STEP_PHONE},
        {ui(a, "form.email.label"),
         f->email[0]  ? f->email
         : no_contact ? needed
                      : none,
         STEP_EMAIL},
        {ui(a, "form.best_time.label"), f->best_time >= 0 ? ui(a, time_key) : needed,
         STEP_PREFERENCES},
        {ui(a, "form.language.label"), content_ui(&a->content->langs[f->language], "language.name"),
         STEP_PREFERENCES},
        {ui(a, "form.voicemail.label"), ui(a, f->voicemail ? "form.yes" : "form.no"),
         STEP_PREFERENCES},
        {ui(a, "form.topic.label"), f->topic >= 0 ? ui(a, topic_key) : needed, STEP_TOPIC},
        {ui(a, "form.consent.label"), f->consent ? ui(a, "form.yes") : needed, STEP_CONSENT},
    };
    /* Each row: the question, small, and the answer; tapping it goes back
     * there. On a wide screen the rows stand in two columns. Where they do
     * not all fit (a 7" panel) they are paged; nothing is cut short. */
    int n_rows = (int)(sizeof rows / sizeof rows[0]);
    _Static_assert(sizeof rows / sizeof rows[0] == FORM_REVIEW_ROWS, "a bit a row");
    int cols = wide ? 2 : 1;
    int cw = (span - (cols - 1) * m->gap) / cols;
    /* On a 7" panel the question stands over its answer (beside it, a
     * question took three lines of a narrow column). */
    bool stack = form_compact(a);
    int label_w = stack ? cw : cw * 45 / 100, value_w = stack ? cw : cw - label_w - m->gap;
    /* Rows 2 mm apart at least: a shaky finger hits one row. */
    int row_h[8], label_h[8], value_h[8], step_gap = m->gap / 2 + 1;
    if (step_gap < (int)(2.0 / m->mm_per_px + 0.999))
        step_gap = (int)(2.0 / m->mm_per_px + 0.999);
    int least = (int)(80 * m->s) > m->button_h ? (int)(80 * m->s) : m->button_h;
    for (int i = 0; i < n_rows; i++) {
        label_h[i] =
            text_block(a, NULL, rows[i].label, m->small_px, FONT_REGULAR, THEME.muted, THEME.tile,
                       (rect){0, 0, label_w - m->pad, 0}, ALIGN_LEFT, MAX_LINES, full);
        value_h[i] =
            text_block(a, NULL, rows[i].value, m->body_px, FONT_BOLD, THEME.text, THEME.tile,
                       (rect){0, 0, value_w - m->pad, 0}, ALIGN_LEFT, MAX_LINES, full);
        row_h[i] = (stack                     ? label_h[i] + value_h[i]
                    : label_h[i] > value_h[i] ? label_h[i]
                                              : value_h[i]) +
                   m->pad / 2;
        if (row_h[i] < least)
            row_h[i] = least;
    }
    bool ok = form_can_submit(f);
    int needs_h =
        ok ? 0
           : text_block(a, NULL, ui(a, "form.needs"), a->contact.why ? m->body_px : m->small_px,
                        FONT_BOLD, THEME.avoid_label, THEME.avoid, (rect){0, 0, span, 0},
                        ALIGN_LEFT, 3, full) +
                 m->gap;
    int buttons_y = m->h - m->margin / 2 - m->button_h;
    /* Rows [first, first + k) in cols columns, column by column: their height. */
#define REVIEW_COLUMNS_H(first, k, out)                                                            \
    do {                                                                                           \
        int per_ = ((k) + cols - 1) / cols, tallest_ = 0;                                          \
        for (int c_ = 0; c_ < cols; c_++) {                                                        \
            int h_ = 0;                                                                            \
            for (int r_ = (first) + c_ * per_;                                                     \
                 r_ < (first) + (k) && r_ < (first) + (c_ + 1) * per_; r_++)                       \
                h_ += row_h[r_] + step_gap;                                                        \
            tallest_ = h_ > tallest_ ? h_ : tallest_;                                              \
        }                                                                                          \
        (out) = tallest_;                                                                          \
    } while (0)
    int all_h;
    REVIEW_COLUMNS_H(0, n_rows, all_h);
    int page_first[9] = {0}, pages = 1;
    /* One button on, one back, on every page, in the form's row: the
     * primary button turns the pages ("More details") up to the last, where
     * Send is; the backward button in Back's place is Back (to the form) on
     * the first page and Previous (the page before) on a later one, never
     * both side by side. */
    const char *send = ui(a, "form.submit"), *more = ui(a, "form.review.more");
    if (y + all_h > buttons_y - m->gap - needs_h) {
        int room = buttons_y - m->gap - needs_h - y;
        pages = 0;
        for (int first = 0; first < n_rows; pages++) {
            int k = n_rows - first;
            for (int h = 0; k > 1; k--) {
                REVIEW_COLUMNS_H(first, k, h);
                if (h <= room)
                    break;
            }
            page_first[pages] = first;
            first += k;
        }
    }
    page_first[pages] = n_rows;
#undef REVIEW_COLUMNS_H
    a->contact.review_pages = pages;
    /* The page holding the row asked for: a turn names the row, not a page
     * number, since another text step pages the rows differently. */
    int page = 0;
    while (page + 1 < pages && page_first[page + 1] <= a->contact.review_row)
        page++;
    a->contact.review_page = page;
    int first = page_first[page], count = page_first[page + 1] - first;
    /* Send only once every row has been on screen: what is stored is what
     * the visitor saw. */
    unsigned page_rows = 0;
    for (int k = 0; k < count; k++)
        page_rows |= 1u << (first + k);
    a->contact.review_drawn = page_rows;
    unsigned seen = a->contact.review_seen | page_rows, all = (1u << n_rows) - 1;
    bool all_seen = (seen & all) == all;
    int unseen_row = page_first[page + 1] % n_rows;
    for (int k = 0; k < n_rows && (seen >> unseen_row & 1u); k++)
        unseen_row = (unseen_row + 1) % n_rows;
    a->contact.review_turn[0] = page > 0 ? page_first[page - 1] : 0;
    a->contact.review_turn[1] = page + 1 < pages ? page_first[page + 1] : first;
    int per_col = (count + cols - 1) / cols, top_y = y, bottom = y;
    for (int k = 0; k < count; k++) {
        int i = first + k;
        if (k % per_col == 0)
            y = top_y;
        int x = x0 + (k / per_col) * (cw + m->gap);
        int h = row_h[i], lh = label_h[i], vh = value_h[i];
        rect row = {x, y, cw, h};
        draw_fill(dl, row, THEME.tile);
        look_frame(dl, row, look_edge_px(m), THEME.edge); /* a row to tap, with an edge */
        int ly = stack ? row.y + (h - lh - vh) / 2 : row.y + (h - lh) / 2;
        text_block(a, dl, rows[i].label, m->small_px, FONT_REGULAR, THEME.muted, THEME.tile,
                   (rect){row.x + m->pad / 2, ly, label_w - m->pad, lh}, ALIGN_LEFT, MAX_LINES,
                   row);
        /* The first three rows show what the visitor typed. */
        draw_sensitive(dl, i < 3);
        rect vr = stack ? (rect){row.x + m->pad / 2, ly + lh, value_w - m->pad, vh}
                        : (rect){row.x + label_w, row.y + (h - vh) / 2, value_w - m->pad, vh};
        text_block(a, dl, rows[i].value, m->body_px, FONT_BOLD,
                   rows[i].value == needed ? THEME.avoid_label : THEME.text, THEME.tile, vr,
                   ALIGN_LEFT, MAX_LINES, row);
        draw_sensitive(dl, false);
        draw_target_add(dl, row, ACT_FORM_GOTO, rows[i].step);
        y += h + step_gap; /* apart enough that a shaky finger hits one row */
        bottom = y > bottom ? y : bottom;
    }
    if (pages > 1) {
        /* "Page 1 of 2" at the title's right, where it fits on its line:
         * the visitor knows more answers follow. */
        char num[8], total[8], line[96];
        str_format(num, sizeof num, "%d", page + 1);
        str_format(total, sizeof total, "%d", pages);
        const char *names[] = {"page", "pages"}, *values[] = {num, total};
        str_fill(line, sizeof line, ui(a, "nav.page_of"), names, values, 2);
        int tw = a->tm->text_width(a->tm->ctx, title, (int)strlen(title), m->heading_px, FONT_BOLD);
        int lw = a->tm->text_width(a->tm->ctx, line, (int)strlen(line), m->small_px, FONT_BOLD);
        int tlh = a->tm->line_height(a->tm->ctx, m->heading_px, FONT_BOLD);
        int llh = a->tm->line_height(a->tm->ctx, m->small_px, FONT_BOLD);
        if (title_h <= tlh && tw + m->gap + lw <= span)
            text_block(a, dl, draw_strdup(dl, line), m->small_px, FONT_BOLD, THEME.muted, THEME.bg,
                       (rect){x0 + span - lw, title_y + (tlh - llh) / 2, lw, llh}, ALIGN_LEFT, 1,
                       full);
    }
    y = bottom;
    if (!ok) {
        /* What is needed to send; tapped, the disabled Send makes it stand out. */
        rect nb = {x0, y + m->gap / 3, span, 0};
        int px = a->contact.why ? m->body_px : m->small_px;
        int nh = text_block(a, NULL, ui(a, "form.needs"), px, FONT_BOLD, THEME.avoid_label,
                            THEME.avoid, nb, ALIGN_LEFT, 3, full);
        if (a->contact.why) {
            draw_fill(dl,
                      (rect){nb.x - m->pad / 2, nb.y - m->pad / 4, nb.w + m->pad, nh + m->pad / 2},
                      THEME.avoid);
            draw_icon(dl, (rect){nb.x, nb.y, m->icon_px, nh}, ICON_INFO, m->icon_px,
                      THEME.avoid_label, THEME.avoid);
            nb.x += m->icon_px + m->pad / 2;
            nb.w -= m->icon_px + m->pad / 2;
        }
        text_block(a, dl, ui(a, "form.needs"), px, FONT_BOLD, THEME.avoid_label,
                   a->contact.why ? THEME.avoid : THEME.bg, nb, ALIGN_LEFT, 3, full);
    }
    /* ACT_NEXT and ACT_PREV carry the row to show, plus one. */
    const char *back = ui(a, page > 0 ? "nav.previous" : "nav.back");
    action back_act = page > 0 ? ACT_PREV : ACT_FORM_BACK;
    int back_arg = page > 0 ? a->contact.review_turn[0] + 1 : 0;
    if (page + 1 == pages && all_seen) {
        buttons_row(a, dl, buttons_y, back, back_act, back_arg, send, ACT_SUBMIT, ok);
    } else {
        /* On the last page with a row not yet seen (another text step paged
         * the rows anew): to that row. */
        int to = page + 1 < pages ? page_first[page + 1] : unseen_row;
        buttons_row(a, dl, buttons_y, back, back_act, back_arg, NULL, ACT_NONE, false);
        int mw = button_width(a, more);
        button_look(a, dl, (rect){m->w - m->margin - mw, buttons_y, mw, m->button_h}, more,
                    ACT_NEXT, to + 1, LOOK_PRIMARY, false);
    }
}

void form_review_presented(app *a)
{
    if (a->visit.screen == SCREEN_REVIEW && !a->contact.asking_erase && !a->idle.warning)
        a->contact.review_seen |= a->contact.review_drawn;
}

bool form_review_all_seen(const app *a)
{
    unsigned all = (1u << FORM_REVIEW_ROWS) - 1;
    return (a->contact.review_seen & all) == all;
}

/* A panel under 100 mm tall, wider than tall (a 7" one): labels go beside
 * their options, and options side by side, so a step fits one screen. */
bool form_compact(const app *a)
{
    return a->contact.squeeze || (a->m.w > a->m.h && a->m.h * a->m.mm_per_px < 100);
}

/* A question's words with its icon before them (decorative: the words
 * stay). Returns the height; dl NULL measures. */
int form_icon_label(app *a, draw_list *dl, const char *icon, const char *label, int px, rect r,
                    int max_lines)
{
    const metrics *m = &a->m;
    rect full = {0, 0, m->w, m->h};
    int iw = m->icon_px + m->pad / 2;
    int h = text_block(a, NULL, label, px, FONT_BOLD, THEME.tile_title, THEME.bg,
                       (rect){0, 0, r.w - iw, 0}, ALIGN_LEFT, max_lines, full);
    if (!dl)
        return h;
    int lh = a->tm->line_height(a->tm->ctx, px, FONT_BOLD);
    int ip = m->icon_px < lh ? m->icon_px : lh;
    int y = r.y + (r.h > h ? (r.h - h) / 2 : 0);
    draw_icon(dl, (rect){r.x + (m->icon_px - ip) / 2, y + (lh - ip) / 2, ip, ip}, icon, ip,
              THEME.accent, THEME.bg);
    text_block(a, dl, label, px, FONT_BOLD, THEME.tile_title, THEME.bg,
               (rect){r.x + iw, y, r.w - iw, h}, ALIGN_LEFT, max_lines, full);
    return h;
}

/* True when every word of every option fits an option w wide at the
 * button size beside its check mark. */
bool form_options_fit(app *a, const char *const *options, int n, int w)
{
    const metrics *m = &a->m;
    int avail = w - m->pad - m->icon_px - m->pad / 2;
    for (int i = 0; i < n; i++) {
        const char *o = options[i];
        int len = (int)strlen(o);
        for (int k = 0, start = 0; k <= len; k++)
            if (k == len || o[k] == ' ') {
                if (a->tm->text_width(a->tm->ctx, o + start, k - start, m->button_px, FONT_BOLD) >
                    avail)
                    return false;
                start = k + 1;
            }
    }
    return true;
}

/* What a frame's list held before a screen was drawn into it. */
/* The screen drawn since mark fits: its words whole, on the screen, apart
 * from each other and from what was there; its targets apart; its keys of
 * full size. */
bool form_drawn_fits(const app *a, const draw_list *dl, form_list_mark mark)
{
    const metrics *m = &a->m;
    rect screen = {0, 0, m->w, m->h};
    if (dl->overflow)
        return false;
    for (int i = mark.items; i < dl->item_count; i++) {
        const draw_item *it = &dl->items[i];
        if (!rect_inside(it->r, screen) || !rect_inside(it->r, it->clip))
            return false;
        for (int j = 0; j < i; j++)
            if (rect_overlaps(it->r, dl->items[j].r))
                return false;
    }
    int apart = (int)(2.0 / m->mm_per_px + 0.999); /* targets 2 mm apart */
    apart = apart > m->gap / 2 ? apart : m->gap / 2;
    for (int i = mark.targets; i < dl->target_count; i++) {
        rect r = dl->targets[i].r;
        if (!rect_inside(r, screen))
            return false;
        rect grown = {r.x - apart, r.y - apart, r.w + 2 * apart, r.h + 2 * apart};
        for (int j = mark.targets; j < i; j++) {
            rect q = dl->targets[j].r;
            bool big =
                (long)r.w * r.h > (long)m->w * m->h / 3 || (long)q.w * q.h > (long)m->w * m->h / 3;
            if (!big && memcmp(&r, &q, sizeof r) != 0 && rect_overlaps(grown, q))
                return false;
        }
    }
    /* Keys of 12 mm, and not below the design's 80 px on a 1080-px side. */
    int key_min = (int)(12.0 / m->mm_per_px);
    key_min = key_min > (int)(80 * m->s) ? key_min : (int)(80 * m->s);
    for (int i = 0; i < a->frame.key_count; i++)
        if (a->frame.keys[i].r.h < key_min || a->frame.keys[i].r.w < key_min)
            return false;
    return true;
}
