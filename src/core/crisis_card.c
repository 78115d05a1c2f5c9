#include "crisis_card.h"

#include <string.h>

#include "icons.h"
#include "look.h"
#include "util.h"

enum {
    MAX_CARDS = 24,
    NAME_LINES = 3,
    DETAIL_LINES = 6,
    NOTE_LINES = 2,
    MAX_COLS = 3,
    NAME_MAX = 256
};

const char *crisis_card_name(const char *name, const char *number, char *out, size_t size)
{
    size_t nl = number ? strlen(number) : 0;
    if (!name || nl == 0)
        return name;
    for (const char *p = strstr(name, number); p; p = strstr(p + 1, number)) {
        const char *end = p + nl;
        bool starts = p == name || p[-1] == ' ';
        bool ends = !*end || *end == ' ' || *end == ',' || *end == ':' || *end == ')';
        if (!starts || !ends)
            continue;
        /* The number and one space beside it go: "988 Suicide..." -> "Suicide...",
         * "Línea 988 de..." -> "Línea de...". */
        size_t before = (size_t)(p - name), after_at = (size_t)(end - name);
        if (*end == ' ')
            after_at++;
        else if (before > 0)
            before--;
        if (strlen(name) - (after_at - before) == 0 || strlen(name) >= size)
            return name;
        memcpy(out, name, before);
        str_copy(out + before, size - before, name + after_at);
        return out;
    }
    return name;
}

/* Wrapped text at (x, y) in width w; draws when dl is set. Returns its height.
 * cut, when set, counts texts longer than max_lines or with a word (a phone
 * number) split across lines: a form with a cut text does not fit. */
static int wrapped(draw_list *dl, const text_metrics *tm, const char *text, int px, font_style st,
                   color fg, color bg, int x, int y, int w, int max_lines, rect clip, int *cut)
{
    line_span lines[DETAIL_LINES + 4];
    int cap = (int)(sizeof lines / sizeof lines[0]);
    int len = (int)strlen(text);
    int n = wrap_text(tm, text, len, px, st, w, lines, cap);
    if (cut) {
        bool whole = n <= max_lines;
        for (int i = 0; i + 1 < n && i < cap && whole; i++) {
            int end = lines[i].off + lines[i].len;
            whole = end >= len || text[end] == ' ' || text[end - 1] == ' ';
        }
        *cut += !whole;
    }
    if (n > max_lines)
        n = max_lines > cap ? cap : max_lines;
    int lh = tm->line_height(tm->ctx, px, st);
    if (dl && n > 0) {
        int right = x;
        for (int i = 0; i < n; i++) {
            draw_text(dl, (rect){x, y + i * lh, lines[i].w, lh}, text + lines[i].off, lines[i].len,
                      px, st, fg, bg);
            right = x + lines[i].w > right ? x + lines[i].w : right;
        }
        int shown = lines[n - 1].off + lines[n - 1].len;
        draw_item_add(dl, text, shown, (rect){x, y, right - x, n * lh}, clip);
    }
    return n * lh;
}

static bool is_emergency(const content_block *b)
{
    return b->number && strcmp(b->number, "911") == 0;
}

/* A short code (741741) is texted, a number with a dash or ten digits is called. */
static const char *card_icon(const content_block *b)
{
    if (is_emergency(b))
        return ICON_EMERGENCY;
    int digits = 0;
    for (const char *s = b->number; s && *s; s++)
        digits += *s >= '0' && *s <= '9';
    return digits == 6 || digits == 5 ? ICON_SMS : ICON_PHONE;
}

/* One card's height (dl NULL) or the card drawn in r (dl set). */
static int card(draw_list *dl, const content_block *b, crisis_form form, const text_metrics *tm,
                const metrics *m, rect r, int *cut)
{
    bool danger = is_emergency(b);
    int edge = look_edge_px(m), bar = edge * 3, pad = m->pad / 2 > edge * 2 ? m->pad / 2 : edge * 2;
    /* The compact form is a table row: half the padding above and below. */
    bool compact = form >= CRISIS_COMPACT;
    int vpad = !compact ? pad : pad / 2 > edge * 2 ? pad / 2 : edge * 2;
    int icon = m->icon_px;
    int x = r.x + bar + pad, inner = r.w - bar - 2 * pad;
    int text_x = x + icon + pad, text_w = inner - icon - pad;
    if (text_w < inner / 2) /* narrow: the icon goes above nothing, text keeps its width */
        text_x = x, text_w = inner;
    color fg_num = danger ? THEME.danger : THEME.help_number;
    char name_buf[NAME_MAX];
    const char *name = crisis_card_name(b->label, b->number, name_buf, sizeof name_buf);
    if (dl) {
        if (name == name_buf)
            name = draw_strdup(dl, name_buf);
        draw_fill(dl, r, THEME.help_card);
        look_frame(dl, r, edge, THEME.edge);
        draw_fill(dl, (rect){r.x, r.y, bar, r.h}, danger ? THEME.danger : THEME.tile_edge);
        /* The icon at the card's top left; in the compact form centred on
         * the number's line, the lines under it running under it too. */
        int icon_y = r.y + vpad;
        if (compact)
            icon_y += (tm->line_height(tm->ctx, m->number_px, FONT_BOLD) - icon) / 2;
        if (text_x != x)
            draw_icon(dl, (rect){x, icon_y, icon, icon}, card_icon(b), icon,
                      danger ? THEME.danger : THEME.accent, THEME.help_card);
    }
    int y = r.y + vpad;
    int num_px = m->number_px;
    /* A number never wider than its card: it steps down to the body size
     * (a narrow panel at a larger step); measuring, a card too narrow even
     * for that reports itself too tall, so the layout takes fewer columns. */
    int num_len = (int)strlen(b->number);
    while (num_px > m->body_px &&
           tm->text_width(tm->ctx, b->number, num_len, num_px, FONT_BOLD) > text_w)
        num_px = num_px * 9 / 10 > m->body_px ? num_px * 9 / 10 : m->body_px;
    if (!dl && tm->text_width(tm->ctx, b->number, num_len, num_px, FONT_BOLD) > text_w)
        return 1 << 20;
    const char *note = b->note && *b->note && form != CRISIS_BARE ? b->note : NULL;
    int h;
    if (compact) {
        /* The number, large, then the name beside it in secondary size,
         * the note under both. */
        int nw = tm->text_width(tm->ctx, b->number, num_len, num_px, FONT_BOLD);
        int nh = tm->line_height(tm->ctx, num_px, FONT_BOLD);
        int slh = tm->line_height(tm->ctx, m->small_px, FONT_BOLD), lift = (nh - slh) / 2;
        int gap = m->pad / 2, name_x = text_x + nw + gap, name_w = text_x + text_w - name_x;
        /* Beside the name, the number's box is the name's first line box,
         * centred on it as the renderer centres a glyph box: its digits (no
         * descenders, cap height within a small line) sit inside it, and the
         * lines under it keep the small lines' rhythm. */
        line_span first = {0, 0, 0};
        int len = (int)strlen(name);
        int lines = name_w >= text_w / 4
                        ? wrap_text(tm, name, len, m->small_px, FONT_BOLD, name_w, &first, 1)
                        : 0;
        int split = lines > 0 ? first.off + first.len : 0;
        /* A name split beside its number only when that makes the card
         * shorter (never one short word left beside the number for nothing). */
        bool beside = lines == 1;
        if (lines > 1 && (name[split] == ' ' || name[split - 1] == ' ')) {
            line_span spans[NAME_LINES + 4];
            int rest_at = split;
            while (name[rest_at] == ' ')
                rest_at++;
            int under =
                wrap_text(tm, name, len, m->small_px, FONT_BOLD, inner, spans, NAME_LINES + 4);
            int after = wrap_text(tm, name + rest_at, len - rest_at, m->small_px, FONT_BOLD, inner,
                                  spans, NAME_LINES + 4);
            /* Beside when it makes the card shorter and more than one word goes there. */
            bool words = memchr(name + first.off, ' ', (size_t)first.len) != NULL;
            beside = lift + slh * (1 + after) < nh + slh * under && (words || after < under);
        }
        rect num_r = beside ? (rect){text_x, y + lift, nw, slh} : (rect){text_x, y, nw, nh};
        if (dl) {
            draw_text(dl, num_r, b->number, num_len, num_px, FONT_BOLD, fg_num, THEME.help_card);
            draw_item_add(dl, b->number, num_len, num_r, r);
        }
        h = num_r.y + num_r.h - y;
        const char *rest = name;
        int rest_lines = NAME_LINES;
        if (beside) {
            if (dl) {
                draw_text(dl, (rect){name_x, y + lift, first.w, slh}, name + first.off, first.len,
                          m->small_px, FONT_BOLD, THEME.text, THEME.help_card);
                draw_item_add(dl, name, split, (rect){name_x, y + lift, first.w, slh}, r);
            }
            while (name[split] == ' ')
                split++;
            rest = name[split] ? (dl ? draw_strdup(dl, name + split) : name + split) : NULL;
            rest_lines = NAME_LINES - 1;
        }
        /* The rest of the name under both at the card's full text width (a
         * long name costs the fewest lines). */
        if (rest)
            h += wrapped(dl, tm, rest, m->small_px, FONT_BOLD, THEME.text, THEME.help_card, x,
                         y + h, inner, rest_lines, r, cut);
        if (note)
            h += wrapped(dl, tm, note, m->small_px, FONT_REGULAR, THEME.text, THEME.help_card, x,
                         y + h, inner, NOTE_LINES, r, cut);
    } else {
        h = wrapped(dl, tm, b->number, num_px, FONT_BOLD, fg_num, THEME.help_card, text_x, y,
                    text_w, 1, r, cut);
        h += wrapped(dl, tm, name, m->body_px, FONT_BOLD, THEME.text, THEME.help_card, text_x,
                     y + h, text_w, NAME_LINES, r, cut);
        const char *more = form == CRISIS_FULL && b->text && *b->text ? b->text : note;
        if (more)
            h += wrapped(dl, tm, more, m->small_px, FONT_REGULAR, THEME.text, THEME.help_card,
                         text_x, y + h, text_w, more == note ? NOTE_LINES : DETAIL_LINES, r, cut);
    }
    h = h > icon ? h : icon;
    return h + 2 * vpad;
}

/* The grid's height in cols columns of the given form; *cut counts texts
 * that would be cut. Paged (rows), a row is as tall as its tallest card;
 * on one screen the cards go down the columns in order (911 and 988 at the
 * top of the first), each as tall as itself. */
static int grid_height(const content_block *const *cards, int n, crisis_form form, int cols,
                       bool rows, const text_metrics *tm, const metrics *m, rect area, int *cut)
{
    int col_w = (area.w - (cols - 1) * m->gap) / cols, total = 0;
    if (!rows) {
        int per = (n + cols - 1) / cols;
        for (int c = 0; c * per < n; c++) {
            int h = 0;
            for (int k = c * per; k < (c + 1) * per && k < n; k++)
                h += card(NULL, cards[k], form, tm, m, (rect){0, 0, col_w, 0}, cut) +
                     (k > c * per ? m->gap / 2 : 0);
            total = h > total ? h : total;
        }
        return total;
    }
    for (int i = 0; i < n; i += cols) {
        int row = 0;
        for (int k = i; k < i + cols && k < n; k++) {
            int h = card(NULL, cards[k], form, tm, m, (rect){0, 0, col_w, 0}, cut);
            row = h > row ? h : row;
        }
        total += row + (i + cols < n ? m->gap / 2 : 0);
    }
    return total;
}

crisis_fit crisis_card_layout(draw_list *dl, const content_doc *help, const text_metrics *tm,
                              const metrics *m, rect area, int first, int page_h)
{
    const content_block *cards[MAX_CARDS];
    int n = 0;
    for (int i = 0; i < help->block_count && n < MAX_CARDS; i++)
        if (help->blocks[i].type == BLOCK_HELP)
            cards[n++] = &help->blocks[i];
    crisis_fit best = {CRISIS_COMPACT, 1, 0, false, n, 0, false, true};
    if (n == 0)
        return (crisis_fit){CRISIS_FULL, 1, 0, true, 0, 0, false, true};
    /* A column is at least 60 mm wide (or the whole width), for a readable line. */
    int min_col = (int)(60.0 / m->mm_per_px);
    int max_cols = 1;
    while (max_cols < MAX_COLS && (area.w - max_cols * m->gap) / (max_cols + 1) >= min_col)
        max_cols++;
    bool found = false;
    /* The bare form (no notes) only where nothing else fits one screen but
     * it does: one screen matters more than the notes there. */
    for (int form = CRISIS_FULL; form <= CRISIS_BARE && !found; form++) {
        /* Fewest columns that fit with every text whole: wider cards read better. */
        /* In rows (cards side by side aligned) first, else down the columns
         * (each card as tall as itself: fits where one tall card would
         * stretch its row). */
        for (int cols = 1; cols <= max_cols && !found; cols++)
            for (int in_rows = 1; in_rows >= 0 && !found; in_rows--) {
                int cut = 0;
                int total =
                    grid_height(cards, n, (crisis_form)form, cols, in_rows, tm, m, area, &cut);
                if (total <= area.h && cut == 0) {
                    best = (crisis_fit){(crisis_form)form, cols, total, true, n, n, false, in_rows};
                    found = true;
                }
            }
    }
    if (!found) {
        /* Paged (a small panel): the compact form with its notes; among
         * the columns whose every card fits a full page, those that make the
         * whole list shortest (the fewest pages); else the columns with the
         * shortest cards. It depends on the width and page_h alone, so every
         * page of the list has the same columns. */
        int shortest = 1 << 30, lowest = 1 << 30;
        bool any = false;
        if (page_h <= 0)
            page_h = area.h;
        best.cols = 1;
        for (int cols = 1; cols <= max_cols; cols++) {
            int col_w = (area.w - (cols - 1) * m->gap) / cols, tallest = 0;
            for (int k = 0; k < n; k++) {
                int h = card(NULL, cards[k], CRISIS_COMPACT, tm, m, (rect){0, 0, col_w, 0}, NULL);
                tallest = h > tallest ? h : tallest;
            }
            int h = grid_height(cards, n, CRISIS_COMPACT, cols, true, tm, m, area, NULL);
            bool fits = tallest <= page_h;
            if ((fits && (!any || h < shortest)) || (!fits && !any && tallest < lowest)) {
                best.cols = cols;
                shortest = h;
                lowest = tallest;
                any = any || fits;
            }
        }
    }
    int col_w = (area.w - (best.cols - 1) * m->gap) / best.cols, y = area.y, total = 0, shown = 0,
        cut = 0;
    if (found && !best.rows) {
        /* One screen, down the columns. */
        int per = (n + best.cols - 1) / best.cols;
        for (int c = 0; c * per < n; c++) {
            y = area.y;
            for (int k = c * per; k < (c + 1) * per && k < n; k++) {
                int h = card(NULL, cards[k], best.form, tm, m, (rect){0, 0, col_w, 0}, &cut);
                if (dl)
                    card(dl, cards[k], best.form, tm, m,
                         (rect){area.x + c * (col_w + m->gap), y, col_w, h}, NULL);
                y += h + m->gap / 2;
                shown++;
            }
            total = y - m->gap / 2 - area.y > total ? y - m->gap / 2 - area.y : total;
        }
        best.height = total;
        best.shown = shown;
        best.cut = cut > 0;
        return best;
    }
    /* In rows: draw (or count) the rows that fit, from first on (paged, or all of them). */
    if (first < 0 || first >= n)
        first = 0;
    for (int i = first; i < n; i += best.cols) {
        int row = 0, row_cut = 0;
        for (int k = i; k < i + best.cols && k < n; k++) {
            int h = card(NULL, cards[k], best.form, tm, m, (rect){0, 0, col_w, 0}, &row_cut);
            row = h > row ? h : row;
        }
        if (y + row > area.y + area.h && i > first)
            break; /* never past the area */
        cut += row_cut;
        for (int k = i; k < i + best.cols && k < n; k++) {
            if (dl)
                card(dl, cards[k], best.form, tm, m,
                     (rect){area.x + (k - i) * (col_w + m->gap), y, col_w, row}, NULL);
            shown++;
        }
        y += row + m->gap / 2;
        total = y - m->gap / 2 - area.y;
    }
    if (dl || !found)
        best.height = total;
    best.shown = shown;
    best.cut = cut > 0;
    return best;
}
