#include "crisis_card.h"

#include <string.h>

#include "icons.h"
#include "look.h"

enum { MAX_CARDS = 24, NAME_LINES = 3, DETAIL_LINES = 4, MAX_COLS = 3 };

/* Wrapped text at (x, y) in width w; draws when dl is set. Returns its height. */
/* cut, when set, counts texts cut short or with a word split across lines. */
static int wrapped(draw_list *dl, const text_metrics *tm, const char *text, int px, font_style st,
                   color fg, color bg, int x, int y, int w, int max_lines, rect clip, int *cut)
{
    line_span lines[DETAIL_LINES > NAME_LINES ? DETAIL_LINES + 4 : NAME_LINES + 4];
    int cap = (int)(sizeof lines / sizeof lines[0]);
    int len = (int)strlen(text);
    int n = wrap_text(tm, text, len, px, st, w, lines, cap);
    if (cut) {
        bool whole = n <= max_lines;
        for (int i = 0; i + 1 < n && i < cap && whole; i++) {
            int end = lines[i].off + lines[i].len;
            whole = end >= len || text[end] == ' ' || text[end - 1] == ' ' || text[end - 1] == '-';
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
    int icon = m->icon_px;
    int x = r.x + bar + pad, inner = r.w - bar - 2 * pad;
    int text_x = x + icon + pad, text_w = inner - icon - pad;
    if (text_w < inner / 2) /* narrow: the icon goes above nothing, text keeps its width */
        text_x = x, text_w = inner;
    color fg_num = danger ? THEME.danger : THEME.help_number;
    if (dl) {
        draw_fill(dl, r, THEME.help_card);
        look_frame(dl, r, edge, THEME.edge);
        draw_fill(dl, (rect){r.x, r.y, bar, r.h}, danger ? THEME.danger : THEME.tile_edge);
        if (text_x != x)
            draw_icon(dl, (rect){x, r.y + pad, icon, icon}, card_icon(b), icon,
                      danger ? THEME.danger : THEME.accent, THEME.help_card);
    }
    int y = r.y + pad;
    int num_px = m->number_px;
    /* A number never wider than its card: it steps down to the body size
     * (a narrow panel at a larger step); measuring, a card too narrow even
     * for that reports itself too tall, so the layout takes fewer columns. */
    int num_len = (int)strlen(b->number);
    while (num_px > m->body_px && tm->text_width(tm->ctx, b->number, num_len, num_px, FONT_BOLD) > text_w)
        num_px = num_px * 9 / 10 > m->body_px ? num_px * 9 / 10 : m->body_px;
    if (!dl && tm->text_width(tm->ctx, b->number, num_len, num_px, FONT_BOLD) > text_w)
        return 1 << 20;
    if (form == CRISIS_COMPACT) {
        /* A table row: the number, large, then the name beside it in
         * secondary size (wrapped under itself, never under the number). */
        int nw = tm->text_width(tm->ctx, b->number, (int)strlen(b->number), num_px, FONT_BOLD);
        int nh = tm->line_height(tm->ctx, num_px, FONT_BOLD);
        int gap = m->pad / 2, name_x = text_x + nw + gap, name_w = text_x + text_w - name_x;
        if (dl) {
            draw_text(dl, (rect){text_x, y, nw, nh}, b->number, (int)strlen(b->number), num_px,
                      FONT_BOLD, fg_num, THEME.help_card);
            draw_item_add(dl, b->number, (int)strlen(b->number), (rect){text_x, y, nw, nh}, r);
        }
        int h = nh;
        if (name_w >= text_w / 3) {
            int nm = wrapped(dl, tm, b->label, m->small_px, FONT_BOLD, THEME.text, THEME.help_card,
                             name_x, y, name_w, NAME_LINES, r, cut);
            h = nm > h ? nm : h;
        } else {
            h += wrapped(dl, tm, b->label, m->small_px, FONT_BOLD, THEME.text, THEME.help_card,
                         text_x, y + nh, text_w, NAME_LINES, r, cut);
        }
        h = h > icon ? h : icon;
        return h + 2 * pad;
    }
    int h = wrapped(dl, tm, b->number, num_px, FONT_BOLD, fg_num, THEME.help_card, text_x, y,
                    text_w, 1, r, cut);
    h += wrapped(dl, tm, b->label, m->body_px, FONT_BOLD, THEME.text, THEME.help_card, text_x,
                 y + h, text_w, NAME_LINES, r, cut);
    if (form == CRISIS_FULL && b->text && *b->text)
        h += wrapped(dl, tm, b->text, m->small_px, FONT_REGULAR, THEME.text, THEME.help_card,
                     text_x, y + h, text_w, DETAIL_LINES, r, cut);
    h = h > icon ? h : icon;
    return h + 2 * pad;
}

crisis_fit crisis_card_layout(draw_list *dl, const content_doc *help, const text_metrics *tm,
                              const metrics *m, rect area, int first)
{
    const content_block *cards[MAX_CARDS];
    int n = 0;
    for (int i = 0; i < help->block_count && n < MAX_CARDS; i++)
        if (help->blocks[i].type == BLOCK_HELP)
            cards[n++] = &help->blocks[i];
    crisis_fit best = {CRISIS_COMPACT, 1, 0, false};
    if (n == 0)
        return (crisis_fit){CRISIS_FULL, 1, 0, true, 0, 0};
    /* A column is at least 60 mm wide (or the whole width), for a readable line. */
    int min_col = (int)(60.0 / m->mm_per_px);
    int max_cols = 1;
    while (max_cols < MAX_COLS && (area.w - max_cols * m->gap) / (max_cols + 1) >= min_col)
        max_cols++;
    bool found = false;
    for (int form = CRISIS_FULL; form <= CRISIS_COMPACT && !found; form++) {
        /* Fewest columns that fit: wider cards read better. */
        for (int cols = 1; cols <= max_cols && !found; cols++) {
            int col_w = (area.w - (cols - 1) * m->gap) / cols, total = 0;
            for (int i = 0; i < n; i += cols) {
                int row = 0;
                for (int k = i; k < i + cols && k < n; k++) {
                    int h = card(NULL, cards[k], (crisis_form)form, tm, m, (rect){0, 0, col_w, 0}, NULL);
                    row = h > row ? h : row;
                }
                total += row + (i + cols < n ? m->gap / 2 : 0);
            }
            best = (crisis_fit){(crisis_form)form, cols, total, total <= area.h, n, n};
            found = best.fits;
        }
    }
    if (!found) {
        /* Paged (a small panel): the most compact form, in the most columns
         * whose every row fits a page and holds its numbers; else the
         * columns with the shortest rows. */
        int best_tallest = 1 << 30;
        best.cols = 1;
        for (int cols = max_cols; cols >= 1; cols--) {
            int col_w = (area.w - (cols - 1) * m->gap) / cols, tallest = 0;
            for (int k = 0; k < n; k++) {
                int h = card(NULL, cards[k], CRISIS_COMPACT, tm, m, (rect){0, 0, col_w, 0}, NULL);
                tallest = h > tallest ? h : tallest;
            }
            if (tallest <= area.h) {
                best.cols = cols;
                break;
            }
            if (tallest < best_tallest) {
                best_tallest = tallest;
                best.cols = cols;
            }
        }
    }
    /* Draw (or count) the rows that fit, from first on. */
    int col_w = (area.w - (best.cols - 1) * m->gap) / best.cols, y = area.y, total = 0, shown = 0, cut = 0;
    if (first < 0 || first >= n)
        first = 0;
    for (int i = first; i < n; i += best.cols) {
        int row = 0;
        for (int k = i; k < i + best.cols && k < n; k++) {
            int h = card(NULL, cards[k], best.form, tm, m, (rect){0, 0, col_w, 0}, &cut);
            row = h > row ? h : row;
        }
        if (y + row > area.y + area.h && i > first)
            break; /* never past the area */
        for (int k = i; k < i + best.cols && k < n; k++) {
            if (dl)
                card(dl, cards[k], best.form, tm, m,
                     (rect){area.x + (k - i) * (col_w + m->gap), y, col_w, row}, NULL);
            shown++;
        }
        y += row + m->gap / 2;
        total = y - area.y;
    }
    if (dl)
        best.height = total;
    best.shown = shown;
    best.cut = cut > 0;
    return best;
}
