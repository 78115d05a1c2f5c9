/* app_widgets: text blocks, buttons, the crisis bar and the navigation. */
#include "app_internal.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>

/* ======================================================================
 * Drawing helpers
 * ==================================================================== */

/* Wraps and (when dl is set) draws text; returns its height. Lines past
 * max_lines are dropped and the last kept line ends in "…". */
int text_block(app *a, draw_list *dl, const char *text, int px, font_style st, color fg, color bg,
               rect box, align al, int max_lines, rect clip)
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
        secure_wipe(buf, sizeof buf); /* it may be a piece of a typed name */
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
        int items = dl->item_count;
        draw_item_add(dl, text, item_len, u, clip);
        if (last_text && dl->item_count > items)
            dl->items[items].cut = true; /* the harness says so: a test can see it */
    }
    return shown * lh;
}

/* The largest size from px down to min_px at which text fits in max_lines. */
int fit_px(app *a, const char *text, int px, int min_px, font_style st, int width, int max_lines)
{
    line_span lines[MAX_LINES];
    for (; px > min_px; px = px * 9 / 10) {
        if (wrap_text(a->tm, text, (int)strlen(text), px, st, width, lines, MAX_LINES) <= max_lines)
            return px;
    }
    return min_px;
}

/* The icon a navigation action carries, or NULL. */
static const char *action_icon(action act)
{
    switch (act) {
    case ACT_HOME:
        return ICON_HOME;
    case ACT_BACK:
    case ACT_FORM_BACK:
    case ACT_STAFF_BACK:
    case ACT_PREV:
        return ICON_BACK;
    case ACT_NEXT:
    case ACT_FORM_NEXT:
        return ICON_NEXT;
    case ACT_PARTS:
        return ICON_LIST;
    default:
        return NULL;
    }
}

int button_width(app *a, const char *label)
{
    /* Room for an icon: any button may carry one. */
    int w = a->tm->text_width(a->tm->ctx, label, (int)strlen(label), a->m.button_px, FONT_BOLD) +
            2 * a->m.pad + a->m.icon_px + a->m.pad / 2;
    return w < a->m.min_button_w ? a->m.min_button_w : w;
}

void button_look(app *a, draw_list *dl, rect r, const char *label, action act, int arg,
                 look_kind kind, bool chosen)
{
    const metrics *m = &a->m;
    look_colors c = look_box(dl, r, kind, chosen, m);
    const char *icon = kind == LOOK_OPTION ? (chosen ? ICON_CHECK : NULL) : action_icon(act);
    int icon_w = icon || kind == LOOK_OPTION ? m->icon_px + m->pad / 2 : 0;
    /* Never below the secondary size: two lines before smaller text. */
    int avail = r.w - m->pad - icon_w;
    int px = fit_px(a, label, m->button_px, m->small_px, FONT_BOLD, avail, 2);
    /* No word split across lines ("Mañan-a"): a word wider than the button
     * takes a smaller size first. */
    int longest = 0, len = (int)strlen(label);
    for (int i = 0, start = 0; i <= len; i++)
        if (i == len || label[i] == ' ') {
            int ww = a->tm->text_width(a->tm->ctx, label + start, i - start, px, FONT_BOLD);
            longest = ww > longest ? ww : longest;
            start = i + 1;
        }
    if (longest > avail && icon && kind != LOOK_OPTION) { /* the icon gives its room first */
        icon = NULL;
        icon_w = 0;
        avail = r.w - m->pad;
    }
    /* Never below the secondary size; an option (its check mark keeps its
     * room) may go a little below rather than split a word. */
    int least = kind == LOOK_OPTION ? m->small_px * 3 / 4 : m->small_px;
    while (longest > avail && px > least) {
        longest = longest * 9 / 10;
        px = px * 9 / 10 > least ? px * 9 / 10 : least;
    }
    int lines_h = text_block(a, NULL, label, px, FONT_BOLD, c.fg, c.bg, (rect){0, 0, avail, 0},
                             ALIGN_CENTER, 3, r);
    /* A narrow button at a larger text step: the navigation icon gives its
     * room to the words first; only then, the words get smaller, so they
     * stay inside the button. */
    if (lines_h > r.h && icon && kind != LOOK_OPTION) {
        icon = NULL;
        icon_w = 0;
        avail = r.w - m->pad;
        px = fit_px(a, label, m->button_px, m->small_px, FONT_BOLD, avail, 2);
        lines_h = text_block(a, NULL, label, px, FONT_BOLD, c.fg, c.bg, (rect){0, 0, avail, 0},
                             ALIGN_CENTER, 3, r);
    }
    while (lines_h > r.h && px > m->small_px * 3 / 4) {
        px = px * 9 / 10;
        lines_h = text_block(a, NULL, label, px, FONT_BOLD, c.fg, c.bg, (rect){0, 0, avail, 0},
                             ALIGN_CENTER, 3, r);
    }
    int lw = 0;
    line_span one[3];
    int n = wrap_text(a->tm, label, (int)strlen(label), px, FONT_BOLD, avail, one, 3);
    for (int i = 0; i < n && i < 3; i++)
        lw = one[i].w > lw ? one[i].w : lw;
    /* The icon and the label centred together; an option's check sits at its left. */
    int group = icon_w + lw, x = kind == LOOK_OPTION ? r.x + m->pad / 2 : r.x + (r.w - group) / 2;
    if (icon)
        draw_icon(dl, (rect){x, r.y + (r.h - m->icon_px) / 2, m->icon_px, m->icon_px}, icon,
                  m->icon_px, c.fg, c.bg);
    rect inner = {x + icon_w, r.y + (r.h - lines_h) / 2, kind == LOOK_OPTION ? avail : lw, lines_h};
    if (inner.x + inner.w > r.x + r.w - m->pad / 2)
        inner.w = r.x + r.w - m->pad / 2 - inner.x;
    text_block(a, dl, label, px, FONT_BOLD, c.fg, c.bg, inner,
               kind == LOOK_OPTION ? ALIGN_LEFT : ALIGN_CENTER, 3, r);
    draw_target_add(dl, r, act, arg);
}

void button(app *a, draw_list *dl, rect r, const char *label, action act, int arg, bool primary)
{
    button_look(a, dl, r, label, act, arg, primary ? LOOK_PRIMARY : LOOK_SECONDARY, false);
}

/* Draws one line centred in [x, x + w) at y without a harness item. */
static int centred_line(app *a, draw_list *dl, const char *s, int len, int px, color fg, color bg,
                        int x, int w, int y)
{
    int lw = a->tm->text_width(a->tm->ctx, s, len, px, FONT_BOLD);
    int lh = a->tm->line_height(a->tm->ctx, px, FONT_BOLD);
    if (dl)
        draw_text(dl, (rect){x + (w - lw) / 2, y, lw, lh}, s, len, px, FONT_BOLD, fg, bg);
    return lw;
}

/* The size of one language's crisis line in the bar within width: the
 * largest (from most_px, never below the secondary size) that shows it in
 * one line; else its two halves at its " · " (so "988" is never left
 * dangling); else wrapped in up to three lines. */
static int bar_text_px(app *a, const char *text, int width, int most_px)
{
    const metrics *m = &a->m;
    int len = (int)strlen(text);
    int one = fit_px(a, text, most_px, m->small_px, FONT_BOLD, width, 1);
    line_span spans[2];
    const char *dot = strstr(text, " · ");
    if (wrap_text(a->tm, text, len, one, FONT_BOLD, width, spans, 2) == 1)
        return one;
    if (dot) {
        int first = (int)(dot - text), second = len - first - (int)strlen(" · ");
        const char *rest = dot + strlen(" · ");
        int px = most_px;
        while (px > m->small_px &&
               (a->tm->text_width(a->tm->ctx, text, first, px, FONT_BOLD) > width ||
                a->tm->text_width(a->tm->ctx, rest, second, px, FONT_BOLD) > width))
            px = px * 9 / 10 > m->small_px ? px * 9 / 10 : m->small_px;
        if (a->tm->text_width(a->tm->ctx, text, first, px, FONT_BOLD) <= width &&
            a->tm->text_width(a->tm->ctx, rest, second, px, FONT_BOLD) <= width)
            return px;
    }
    return fit_px(a, text, most_px, m->small_px, FONT_BOLD, width, 3);
}

/* One language's crisis line in the bar at px: one line if it fits, else
 * broken at its " · ", else wrapped (the help line always whole). Returns
 * the height used; dl NULL only measures. */
static int bar_text(app *a, draw_list *dl, const char *text, int y, rect bar, int x0, int width,
                    int px)
{
    int len = (int)strlen(text);
    line_span spans[2];
    const char *dot = strstr(text, " · ");
    if (wrap_text(a->tm, text, len, px, FONT_BOLD, width, spans, 2) > 1 && dot) {
        int first = (int)(dot - text), second = len - first - (int)strlen(" · ");
        const char *rest = dot + strlen(" · ");
        if (a->tm->text_width(a->tm->ctx, text, first, px, FONT_BOLD) <= width &&
            a->tm->text_width(a->tm->ctx, rest, second, px, FONT_BOLD) <= width) {
            int lh = a->tm->line_height(a->tm->ctx, px, FONT_BOLD);
            if (dl) {
                int w1 =
                    centred_line(a, dl, text, first, px, THEME.on_bar, THEME.bar, x0, width, y);
                int w2 = centred_line(a, dl, rest, second, px, THEME.on_bar, THEME.bar, x0, width,
                                      y + lh);
                int wide = w1 > w2 ? w1 : w2;
                draw_item_add(dl, text, len, (rect){x0 + (width - wide) / 2, y, wide, 2 * lh}, bar);
            }
            return 2 * lh;
        }
    }
    return text_block(a, dl, text, px, FONT_BOLD, THEME.on_bar, THEME.bar, (rect){x0, y, width, 0},
                      ALIGN_CENTER, MAX_LINES, bar);
}

/* The bar's size for its languages: one language's own (bar_text_px); on
 * the attract screen, where every language shows, the smallest any of them
 * needs, for all of them: neither reads as the lesser one. */
static int bar_px(app *a, int langs, int width)
{
    const content_set *c = a->content;
    int px = a->m.bar_px;
    for (int i = 0; i < langs; i++) {
        const char *text = content_ui(&c->langs[(a->visit.lang + i) % c->lang_count], "crisis.bar");
        int own = bar_text_px(a, text, width, a->m.bar_px);
        px = own < px ? own : px;
    }
    return px;
}

/* The crisis bar along the top of every screen, in the visitor's language;
 * the attract screen, which every visitor sees first, has it in all of
 * them. It looks like the button it is: a phone icon, and "More help ›" in
 * a framed pill at its end. A long press opens help too. Returns its height. */
int crisis_bar(app *a, draw_list *dl)
{
    const metrics *m = &a->m;
    const content_set *c = a->content;
    int langs = a->visit.screen == SCREEN_ATTRACT && !a->idle.warning ? c->lang_count : 1;
    /* The A+ and Listen controls, when on, sit at the bar's right end, or
     * in a row of their own under it: whichever makes the shorter bar (the
     * help line always shows whole). */
    int controls = a11y_controls_width(a), bar_w = m->w - controls;
    const char *more = NULL;
    int more_w = 0, pill_w = 0, icon_w = m->icon_px + m->gap / 2, x0 = m->margin + icon_w;
    int width = 0, text_h = 0, best_total = 1 << 30;
    bool below = false;
    int text_px = m->bar_px;
    for (int pass = 0; pass < (controls ? 2 : 1); pass++) {
        int w = pass ? m->w : m->w - controls;
        /* "More help" in each language the bar speaks, one a line. */
        const char *mo = ui(a, "crisis.more");
        int mw = 0;
        for (int i = 0; i < langs; i++) {
            const char *word =
                content_ui(&c->langs[(a->visit.lang + i) % c->lang_count], "crisis.more");
            int ww = a->tm->text_width(a->tm->ctx, word, (int)strlen(word), m->small_px, FONT_BOLD);
            mw = ww > mw ? ww : mw;
        }
        int pw = mw + m->icon_px + m->pad + m->pad / 2;
        int tw = w - 2 * m->margin - icon_w - pw - m->gap;
        if (tw < m->w / 3) { /* a narrow screen: the pill's words go, its chevron stays */
            pw = m->icon_px + m->pad;
            tw = w - 2 * m->margin - icon_w - pw - m->gap;
            mo = NULL;
        }
        int th = 0, px = bar_px(a, langs, tw);
        for (int i = 0; i < langs; i++)
            th += bar_text(a, NULL,
                           content_ui(&c->langs[(a->visit.lang + i) % c->lang_count], "crisis.bar"),
                           0, (rect){0}, x0, tw, px);
        int least = controls && !pass ? m->button_h + m->gap / 2 : m->button_h;
        int total =
            (th + m->pad > least ? th + m->pad : least) + (pass ? m->button_h + 2 * m->gap : 0);
        if (total < best_total) {
            best_total = total;
            below = pass == 1;
            bar_w = w;
            more = mo, more_w = mw, pill_w = pw, width = tw, text_h = th, text_px = px;
        }
    }
    int h = text_h + m->pad;
    int least = controls && !below ? m->button_h + m->gap / 2
                                   : m->button_h; /* controls keep their full size */
    if (h < least)
        h = least;
    rect bar = {0, 0, bar_w, h};
    int total =
        below ? h + m->button_h + 2 * m->gap : h; /* the controls 2 mm from the bar's target */
    draw_fill(dl, (rect){0, 0, m->w, total}, THEME.bar);
    if (controls) /* before the bar's target, which is last */
        a11y_controls(a, dl,
                      below ? (rect){m->w - controls, h, controls, total - h}
                            : (rect){bar.w, 0, controls, h});
    draw_icon(dl, (rect){m->margin, (h - m->icon_px) / 2, m->icon_px, m->icon_px}, ICON_PHONE,
              m->icon_px, THEME.on_bar, THEME.bar);
    int y = (h - text_h) / 2;
    for (int i = 0; i < langs; i++)
        y += bar_text(a, dl,
                      content_ui(&c->langs[(a->visit.lang + i) % c->lang_count], "crisis.bar"), y,
                      bar, x0, width, text_px);
    /* The pill: framed in the bar's text colour, so it reads as a button. */
    int lh = a->tm->line_height(a->tm->ctx, m->small_px, FONT_BOLD);
    int words_h = (more ? langs : 1) * lh;
    int ph = (words_h > m->icon_px ? words_h : m->icon_px) + m->pad / 2;
    rect pill = {bar_w - m->margin - pill_w, (h - ph) / 2, pill_w, ph};
    look_frame(dl, pill, look_edge_px(m), THEME.on_bar);
    int px = pill.x + m->pad / 2;
    for (int i = 0; more && i < langs; i++) {
        const char *word =
            langs > 1 ? content_ui(&c->langs[(a->visit.lang + i) % c->lang_count], "crisis.more")
                      : more;
        int ww = a->tm->text_width(a->tm->ctx, word, (int)strlen(word), m->small_px, FONT_BOLD);
        rect t = {px + (more_w - ww) / 2, pill.y + (ph - words_h) / 2 + i * lh, ww, lh};
        draw_text(dl, t, word, (int)strlen(word), m->small_px, FONT_BOLD, THEME.on_bar, THEME.bar);
        draw_item_add(dl, word, (int)strlen(word), t, bar);
    }
    if (more)
        px += more_w;
    draw_icon(dl, (rect){px, pill.y + (ph - m->icon_px) / 2, m->icon_px, m->icon_px}, ICON_CHEVRON,
              m->icon_px, THEME.on_bar, THEME.bar);
    draw_target_add(dl, bar, ACT_CRISIS, 0);
    return total;
}

int draft_band(app *a, draw_list *dl, int top)
{
    const metrics *m = &a->m;
    rect full = {0, 0, m->w, m->h};
    const char *text = ui(a, "draft.mark");
    int px = m->small_px; /* never below the secondary size */
    int th = text_block(a, NULL, text, px, FONT_BOLD, THEME.text, THEME.desk,
                        (rect){0, 0, m->w - 2 * m->margin, 0}, ALIGN_CENTER, 2, full);
    rect box = {0, top, m->w, th + 2};
    draw_fill(dl, box, THEME.desk);
    text_block(a, dl, text, px, FONT_BOLD, THEME.text, THEME.desk,
               (rect){m->margin, top + 1, m->w - 2 * m->margin, th}, ALIGN_CENTER, 2, box);
    return box.y + box.h;
}

/* Under the crisis bar on every visitor screen while the content is not
 * approved (no trusted approvers configured): sample or draft text must
 * never pass for approved text (a module's pages on a small panel carry it
 * in their running head, draft_in_head). Returns the new top. */
int draft_mark(app *a, draw_list *dl, int top)
{
    if (a->content->approval.verified || draft_in_head(a) || a->visit.screen == SCREEN_PIN ||
        a->visit.screen == SCREEN_STAFF || a->visit.screen == SCREEN_TOUCH_TEST ||
        a->visit.screen == SCREEN_EXIT_CONFIRM || a->visit.screen == SCREEN_CANCEL)
        return top;
    return draft_band(a, dl, top);
}

/* The page count in the ui's words: key "nav.page_of" ("Page 2 of 7") or
 * its short form "nav.page_short" ("2 de 7": never "2/7", a date to a
 * Spanish reader). Written into out (size bytes). */
const char *page_words(app *a, const char *key, int page, int pages, char *out, size_t size)
{
    char num[16], total[16];
    str_format(num, sizeof num, "%d", page + 1);
    str_format(total, sizeof total, "%d", pages);
    const char *names[] = {"page", "pages"}, *values[] = {num, total};
    str_fill(out, size, ui(a, key), names, values, 2);
    return out;
}

static const char *page_label(app *a, draw_list *dl, int page, int pages)
{
    char label[128];
    page_words(a, "nav.page_of", page, pages, label, sizeof label);
    return dl ? draw_strdup(dl, label) : "";
}

/* Bottom navigation. first (Home or Back) sits on the left when given;
 * Previous goes left when there is no first button, else beside Next; Next
 * (or, on the last page, done) sits on the right. The page count is centred
 * on the screen, or between the buttons, or on its own line above them on a
 * narrow screen. dl NULL only measures. Returns the top of the navigation. */
int nav_bar(app *a, draw_list *dl, const char *first_label, action first_act, int page, int pages,
            const char *done_label)
{
    return nav_bar_act(a, dl, first_label, first_act, page, pages, done_label, ACT_NONE);
}

/* nav_bar, the page count a button when count_act is given (the reader's
 * "Page 2 of 9" opens the module's list of parts): a target as tall as the
 * others, with the list icon. */
int nav_bar_act(app *a, draw_list *dl, const char *first_label, action first_act, int page,
                int pages, const char *done_label, action count_act)
{
    const metrics *m = &a->m;
    int y = m->h - m->margin / 2 - m->button_h;
    int left = m->margin, right = m->w - m->margin;
    const char *next = ui(a, "nav.next"), *prev = ui(a, "nav.previous");
    /* Measuring (dl NULL) assumes the widest case: every button shown. */
    bool measuring = dl == NULL;
    const char *right_label = (measuring || page + 1 < pages) ? next : done_label;
    bool show_right = right_label && (pages > 1 || done_label),
         show_prev = pages > 1 && (measuring || page > 0);
    int fw = first_label ? button_width(a, first_label) : 0;
    int rw = show_right ? button_width(a, right_label) : 0;
    if (show_right && measuring && done_label && button_width(a, done_label) > rw)
        rw = button_width(a, done_label);
    int pw = show_prev ? button_width(a, prev) : 0;
    /* Larger text on a narrow screen: the buttons share the width (their
     * labels then take two lines) rather than run into each other. */
    int shown = (fw > 0) + (rw > 0) + (pw > 0),
        room = right - left - (shown > 1 ? (shown - 1) * m->gap : 0);
    if (fw + rw + pw > room && room > 0) {
        long total = fw + rw + pw;
        fw = (int)(fw * (long)room / total), rw = (int)(rw * (long)room / total),
        pw = (int)(pw * (long)room / total);
    }
    if (first_label) {
        if (dl)
            button(a, dl, (rect){left, y, fw, m->button_h}, first_label, first_act, 0, false);
        left += fw + m->gap;
    }
    if (show_right) {
        if (dl)
            button(a, dl, (rect){right - rw, y, rw, m->button_h}, right_label,
                   right_label == next ? ACT_NEXT : ACT_HOME, 0, true);
        right -= rw + m->gap;
    }
    if (show_prev) {
        rect r =
            first_label ? (rect){right - pw, y, pw, m->button_h} : (rect){left, y, pw, m->button_h};
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
    /* The count as a button (the label, its icon, its padding) where the
     * row has room for it, or its short form ("2 of 9"); else the icon
     * alone as the button, beside the count or in the row under it; else
     * the count alone. Never a row of its own for the button. */
    rect icon_only = {0};
    char short_count[128];
    page_words(a, "nav.page_short", measuring ? 87 : page, measuring ? 88 : pages, short_count,
               sizeof short_count);
    if (count_act != ACT_NONE) {
        int bw = button_width(a, text), sw = button_width(a, short_count);
        if (bw <= right - left) {
            lw = bw;
            lh = m->button_h;
        } else if (sw <= right - left) { /* the short form: "2 de 9" */
            text = dl ? draw_strdup(dl, short_count) : short_count;
            len = (int)strlen(text);
            lw = sw;
            lh = m->button_h;
        } else {
            int ib = m->min_button_w;
            if (lw + m->gap + ib <= right - left) { /* the icon beside the count */
                icon_only = (rect){right - ib, y, ib, m->button_h};
                right -= ib + m->gap;
            } else if (lw > right - left && ib <= right - left) { /* the count goes above */
                icon_only = (rect){left + (right - left - ib) / 2, y, ib, m->button_h};
            }
            count_act = ACT_NONE;
        }
    }
    if (dl && icon_only.w > 0)
        button(a, dl, icon_only, "", ACT_PARTS, 0, false);
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
    if (dl && count_act != ACT_NONE) {
        button(a, dl, r, text, count_act, 0, false);
    } else if (dl) {
        draw_text(dl, r, text, len, m->small_px, FONT_REGULAR, THEME.muted, THEME.bg);
        draw_item_add(dl, text, len, r, (rect){0, 0, m->w, m->h});
    }
    return top;
}

/* Where content must end so that any page's navigation fits below it. */
int nav_reserve_top(app *a, const char *first_label, const char *done_label)
{
    return nav_bar(a, NULL, first_label, ACT_NONE, 0, 2, done_label) - a->m.gap;
}

int nav_reserve_top_act(app *a, const char *first_label, const char *done_label, action count_act)
{
    return nav_bar_act(a, NULL, first_label, ACT_NONE, 0, 2, done_label, count_act) - a->m.gap;
}

/* The time as the groups screen and the cancellations write it ("6:30 PM"). */
void format_time(const app *a, const struct tm *tm, char *out, size_t size)
{
    char h12[4], h24[4], mm[4];
    str_format(h12, sizeof h12, "%d", tm->tm_hour % 12 ? tm->tm_hour % 12 : 12);
    str_format(h24, sizeof h24, "%d", tm->tm_hour);
    str_format(mm, sizeof mm, "%02d", tm->tm_min);
    const char *names[] = {"h12", "h24", "mm", "ampm"},
               *values[] = {h12, h24, mm, ui(a, tm->tm_hour < 12 ? "time.am" : "time.pm")};
    str_fill(out, size, ui(a, "time.format"), names, values, 4);
}

void format_when(const app *a, int64_t start_unix, char *out, size_t size)
{
    time_t t = (time_t)start_unix;
    struct tm tm;
    localtime_r(&t, &tm);
    char day_key[8], iso[16], date[64], time_s[32];
    str_format(day_key, sizeof day_key, "day.%d", tm.tm_wday);
    strftime(iso, sizeof iso, "%Y-%m-%d", &tm);
    format_date(a, iso, date, sizeof date);
    format_time(a, &tm, time_s, sizeof time_s);
    const char *names[] = {"day", "date", "time"}, *values[] = {ui(a, day_key), date, time_s};
    str_fill(out, size, ui(a, "groups.when"), names, values, 3);
}

void format_date(const app *a, const char *iso, char *out, size_t size)
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
void ensure_layout(app *a, doc_view *v, const content_doc *doc, int w, int h, bool prompts)
{
    if (v->doc == doc && v->w == w && v->h == h && v->prompts == prompts)
        return;
    /* "Reviewed by" comes only from a verified approval. */
    const char *reviewed = NULL;
    if (doc->kind != DOC_HELP && a->content->approval.verified) {
        char date[64], who[200];
        format_date(a, a->content->approval.date, date, sizeof date);
        str_format(who, sizeof who, "%s, %s", a->content->approval.name, a->content->approval.role);
        const char *names[] = {"reviewer", "date"}, *values[] = {who, date};
        str_fill(v->reviewed, sizeof v->reviewed, ui(a, "reader.reviewed"), names, values, 2);
        reviewed = v->reviewed;
    }
    v->layout.take_home = ui(a, "take_home.caption"); /* codes for the document's links */
    v->layout.prompts = prompts ? doc->prompts : NULL;
    v->layout.prompt_count = prompts ? doc->prompt_count : 0;
    v->layout.prompt_label = ui(a, "facilitator.prompt");
    if (!doc_layout_build(&v->layout, doc, reviewed, a->tm, &a->m, w, h))
        log_msg(LOG_ERROR, "out of memory laying out \"%s\"", doc->id);
    v->doc = doc;
    v->w = w;
    v->h = h;
    v->prompts = prompts;
}

/* The facilitator's prompt for the section a page starts in (NULL: none). */

int rows_to_pages(const int *row_h, int rows, int gap, int h, int *page_first_row)
{
    int pages = 0, used = 0;
    page_first_row[0] = 0;
    for (int r = 0; r < rows; r++) {
        int need = row_h[r] + (used ? gap : 0);
        if (used && used + need > h) {
            page_first_row[++pages] = r;
            used = 0;
            need = row_h[r];
        }
        used += need;
    }
    page_first_row[++pages] = rows;
    return pages;
}
