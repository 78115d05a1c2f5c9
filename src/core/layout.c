#include "layout.h"

#include <assert.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "layout_link.h"
#include "layout_pages.h"
#include "util.h"

/* ---- wrapping ---- */

static bool is_space(char c)
{
    return c == ' ' || c == '\n';
}

int wrap_text(const text_metrics *tm, const char *s, int len, int px, font_style st, int max_w,
              line_span *out, int max_lines)
{
    int lines = 0;
    int i = 0;
    while (i < len) {
        while (i < len && s[i] == ' ')
            i++;
        if (i >= len)
            break;
        int start = i, end = i, best = -1, best_w = 0;
        /* Grow word by word while the whole line still fits. */
        while (end < len) {
            int next = end;
            while (next < len && is_space(s[next]))
                next++;
            while (next < len && !is_space(s[next]))
                next++;
            int w = tm->text_width(tm->ctx, s + start, next - start, px, st);
            if (w > max_w)
                break;
            best = next, best_w = w;
            end = next;
            if (end < len && s[end] == '\n')
                break;
        }
        if (best < 0) {
            /* One word wider than the line: break it between code points,
             * after an "@", "." or "/" when there is one (an email address
             * breaks where a reader expects). */
            int cut = start, soft = -1, soft_w = 0;
            while (cut < len && !is_space(s[cut])) {
                uint32_t cp;
                int step = utf8_decode(s + cut, (size_t)(len - cut), &cp);
                if (step <= 0)
                    step = 1;
                int w = tm->text_width(tm->ctx, s + start, cut + step - start, px, st);
                if (w > max_w && cut > start)
                    break;
                cut += step;
                best_w = w;
                if (cp == '@' || cp == '.' || cp == '/')
                    soft = cut, soft_w = w;
            }
            best = cut;
            if (soft > start && cut < len && !is_space(s[cut]))
                best = soft, best_w = soft_w;
        }
        if (lines < max_lines)
            out[lines] = (line_span){start, best - start, best_w};
        lines++;
        i = best;
        if (i < len && s[i] == '\n')
            i++;
    }
    return lines;
}

/* ---- document rows ---- */

/* Lets a box break before rows first..last-1 of a run of lines, keeping
 * `head` lines before the first break and `tail` after the last: a box
 * that would leave a page nearly empty continues on the next one, but never
 * leaves a line or two alone. */
static void allow_splits(doc_layout *dl, int first, int last, int head, int tail)
{
    for (int i = first + head; i <= last - tail; i++)
        if (i > first && i < last)
            dl->rows[i].split_ok = true;
}

typedef struct {
    doc_layout *dl;
    const text_metrics *tm;
    const metrics *m;
    int piece, box;
    int block;         /* the block being added */
    box_kind open_box; /* the kind of the box being added */
    bool next_starts_page, next_starts_section;
    bool ok;
} row_builder;

static doc_row *add_row(row_builder *b, row_kind kind, int h)
{
    doc_layout *dl = b->dl;
    if (dl->row_count == dl->row_cap) {
        int cap = dl->row_cap ? dl->row_cap * 2 : 256;
        doc_row *grown = realloc(dl->rows, (size_t)cap * sizeof *grown);
        if (!grown) {
            b->ok = false;
            return NULL;
        }
        dl->rows = grown;
        dl->row_cap = cap;
    }
    doc_row *r = &dl->rows[dl->row_count++];
    memset(r, 0, sizeof *r);
    r->kind = kind;
    r->h = h;
    r->box = -1;
    r->piece = -1;
    r->block = b->block;
    r->starts_page = b->next_starts_page;
    r->starts_section = b->next_starts_section;
    b->next_starts_page = b->next_starts_section = false;
    return r;
}

static void add_space(row_builder *b, int h, int box, bool keep)
{
    doc_row *r = add_row(b, ROW_SPACE, h);
    if (r) {
        r->box = box;
        r->box_kind = box >= 0 ? b->open_box : BOX_NONE;
        r->keep_with_next = keep;
    }
}

typedef enum { KEEP_NONE, KEEP_LAST, KEEP_ALL } keep_mode;

/* Adds the wrapped lines of one text piece. keep says which of its lines
 * must stay on the same page as the row after them. */
static void add_text(row_builder *b, const char *text, int px, font_style st, text_role role, int x,
                     int width, int box, keep_mode keep, bool bullet)
{
    enum { MAX_LINES = 64 };
    line_span lines[MAX_LINES];
    int len = (int)strlen(text);
    int n = wrap_text(b->tm, text, len, px, st, width, lines, MAX_LINES);
    if (n > MAX_LINES)
        n = MAX_LINES; /* bounded by the content limits; never reached with valid content */
    int lh = b->tm->line_height(b->tm->ctx, px, st);
    int piece = b->piece++;
    for (int i = 0; i < n; i++) {
        doc_row *r = add_row(b, ROW_TEXT, lh);
        if (!r)
            return;
        r->text = text + lines[i].off;
        r->len = lines[i].len;
        r->w = lines[i].w;
        r->x = x;
        r->px = px;
        r->style = st;
        r->role = role;
        r->piece = piece;
        r->box = box;
        r->box_kind = box >= 0 ? b->open_box : BOX_NONE;
        r->keep_with_next = keep == KEEP_ALL || (keep == KEEP_LAST && i == n - 1);
        r->bullet = bullet && i == 0;
    }
}

/* A facilitator's prompt for section s, as a box (see doc_layout.prompts). */
static void add_prompt(row_builder *b, const content_doc *doc, int s, int area_w)
{
    const doc_layout *dl = b->dl;
    (void)doc;
    if (!dl->prompts || s < 1 || s > dl->prompt_count || !dl->prompts[s - 1])
        return;
    const metrics *m = b->m;
    int box = b->box++;
    b->open_box = BOX_PROMPT;
    add_space(b, m->pad / 2, box, true);
    add_text(b, dl->prompt_label ? dl->prompt_label : "", m->small_px, FONT_BOLD, ROLE_LABEL,
             m->pad, area_w - 2 * m->pad, box, KEEP_ALL, false);
    int body = b->dl->row_count;
    add_text(b, dl->prompts[s - 1], m->small_px, FONT_REGULAR, ROLE_BODY, m->pad,
             area_w - 2 * m->pad, box, KEEP_ALL, false);
    if (b->ok)
        allow_splits(b->dl, body, b->dl->row_count, 2, 2);
    add_space(b, m->pad / 2, box, false);
    add_space(b, m->gap / 2, -1, false);
}

static void build_rows(row_builder *b, const content_doc *doc, const char *reviewed, int area_w,
                       int area_h)
{
    const metrics *m = b->m;
    const text_metrics *tm = b->tm;
    int body_lh = tm->line_height(tm->ctx, m->body_px, FONT_REGULAR);
    int after = body_lh / 2;
    int prompted = 0; /* the last section whose prompt is laid out */
    for (int i = 0; i < doc->block_count && b->ok; i++) {
        const content_block *blk = &doc->blocks[i];
        int section = content_block_section(doc, i);
        b->block = i;
        if (section != prompted && blk->type != BLOCK_HEADING) {
            /* The prompt at its section's start: under the heading, or first. */
            prompted = section;
            add_prompt(b, doc, section, area_w);
        }
        switch (blk->type) {
        case BLOCK_HEADING:
            b->next_starts_section = true;
            add_text(b, blk->text, m->heading_px, FONT_BOLD, ROLE_HEADING, 0, area_w, -1, KEEP_LAST,
                     false);
            add_space(b, after / 2, -1, true);
            break;
        case BLOCK_PARAGRAPH: {
            /* A lead-in ("Call 911 right away if your loved one:") stays
             * with the first line of what it leads in to. */
            size_t len = strlen(blk->text);
            bool lead_in = len > 0 && blk->text[len - 1] == ':' && i + 1 < doc->block_count;
            add_text(b, blk->text, m->body_px, FONT_REGULAR, ROLE_BODY, 0, area_w, -1,
                     lead_in ? KEEP_LAST : KEEP_NONE, false);
            add_space(b, after, -1, lead_in);
            break;
        }
        case BLOCK_LIST: {
            int indent = tm->text_width(tm->ctx, "•  ", 5, m->body_px, FONT_REGULAR);
            for (int k = 0; k < blk->item_count; k++) {
                add_text(b, blk->items[k], m->body_px, FONT_REGULAR, ROLE_BODY, indent,
                         area_w - indent, -1, KEEP_NONE, true);
                add_space(b, body_lh / 4, -1, false);
            }
            add_space(b, after, -1, false);
            break;
        }
        case BLOCK_CALLOUT: {
            int box = b->box++;
            b->open_box = blk->avoid ? BOX_AVOID : BOX_TRY;
            add_space(b, m->pad, box, true);
            /* A box stays whole on one page when it fits on one, unless
             * that would leave this page under-filled (split_ok). */
            add_text(b, blk->label, m->small_px, FONT_BOLD, ROLE_LABEL, m->pad, area_w - 2 * m->pad,
                     box, KEEP_ALL, false);
            int body = b->dl->row_count;
            add_text(b, blk->text, m->body_px, FONT_REGULAR, ROLE_BODY, m->pad, area_w - 2 * m->pad,
                     box, KEEP_ALL, false);
            if (b->ok)
                allow_splits(b->dl, body, b->dl->row_count, 2, 2);
            add_space(b, m->pad, box, false);
            add_space(b, after, -1, false);
            break;
        }
        case BLOCK_HELP: {
            int box = b->box++;
            b->open_box = BOX_HELP;
            int inner = area_w - 2 * m->pad;
            add_space(b, m->pad / 2, box, true);
            add_text(b, blk->label, m->body_px, FONT_BOLD, ROLE_HELP_NAME, m->pad, inner, box,
                     KEEP_ALL, false);
            add_text(b, blk->number, m->number_px, FONT_BOLD, ROLE_NUMBER, m->pad, inner, box,
                     KEEP_ALL, false);
            /* The name and number stay together; the detail may go on, under
             * the name and number again (doc_layout.cont_h): "Spanish:
             * press 2" is never read apart from its number. */
            int detail = b->dl->row_count;
            add_text(b, blk->text, m->small_px, FONT_REGULAR, ROLE_BODY, m->pad, inner, box,
                     KEEP_ALL, false);
            if (b->ok)
                allow_splits(b->dl, detail - 1, b->dl->row_count, 1, 1);
            add_space(b, m->pad / 2, box, false);
            add_space(b, m->gap / 2, -1, false);
            break;
        }
        case BLOCK_IMAGE: {
            int max_h = area_h * 45 / 100;
            int iw = blk->image_w > 0 ? blk->image_w : 16, ih = blk->image_h > 0 ? blk->image_h : 9;
            int w = area_w, h = (int)((long long)area_w * ih / iw);
            if (h > max_h) {
                h = max_h;
                w = (int)((long long)h * iw / ih);
            }
            doc_row *r = add_row(b, ROW_IMAGE, h);
            if (r) {
                r->x = (area_w - w) / 2;
                r->w = w;
                r->image = blk->src;
            }
            add_space(b, after, -1, false);
            break;
        }
        case BLOCK_PAGE_BREAK:
            b->next_starts_page = true;
            break;
        case BLOCK_LINK: { /* a button to another document (layout_link.c) */
            int w = 0, h = 0;
            link_button_size(tm, m, blk->text ? blk->text : "", area_w, &w, &h);
            /* Never alone at the top of a page: the last two lines of the
             * text it follows go along (the rest may stay and fill the page). */
            for (int k = b->dl->row_count - 1, piece = -2, lines = 0; k >= 0 && lines < 2; k--) {
                doc_row *prev = &b->dl->rows[k];
                if (piece != -2 && prev->piece != piece)
                    break; /* the spacing before that text stays free */
                if (prev->kind != ROW_SPACE)
                    piece = prev->piece, lines++;
                prev->keep_with_next = true;
            }
            doc_row *r = blk->text ? add_row(b, ROW_LINK, h) : NULL;
            if (r) {
                r->w = w, r->text = blk->text, r->len = (int)strlen(blk->text);
                r->px = m->button_px, r->style = FONT_BOLD, r->piece = b->piece++;
                r->image = blk->link_icon, r->link_doc = blk->link_doc;
            }
            add_space(b, after, -1, false);
            break;
        }
        }
    }
    b->block = -1;
    if (reviewed && b->ok) {
        /* The reviewed line never stands alone on a last page: the last line
         * (or box) before it goes along. */
        if (b->dl->row_count > 0)
            b->dl->rows[b->dl->row_count - 1].keep_with_next = true;
        add_space(b, after, -1, true);
        add_text(b, reviewed, m->small_px, FONT_REGULAR, ROLE_MUTED, 0, area_w, -1, KEEP_NONE,
                 false);
    }
}

int qr_module_px(const metrics *m, int size, int area_w, int avail_h)
{
    int px = m->qr_px;
    int side_modules = size + 8; /* the 4-module quiet zone on each side */
    if (px * side_modules > avail_h)
        px = avail_h / side_modules;
    if (px * side_modules > area_w * 2 / 3) /* room for its label beside it */
        px = area_w * 2 / 3 / side_modules;
    return px < 3 ? 3 : px;
}

/* Height of rows [from, to). */
static int rows_height(const doc_layout *dl, int from, int to)
{
    int h = 0;
    for (int i = from; i < to && i < dl->row_count; i++)
        h += dl->rows[i].beside ? 0 : dl->rows[i].h; /* beside rows sit next to a code */
    return h;
}

/* The lines of text (n spans of it) beside the code just added, from dy
 * below its top, as one piece. False when the rows ran out. */
static bool add_beside(row_builder *b, const char *text, const line_span *spans, int n, int lh,
                       int dy, int x, int px, font_style st, text_role role)
{
    int piece = b->piece++;
    for (int k = 0; k < n; k++) {
        doc_row *t = add_row(b, ROW_TEXT, lh);
        if (!t)
            return false;
        t->beside = true;
        t->beside_dy = dy + k * lh;
        t->text = text + spans[k].off;
        t->len = spans[k].len;
        t->w = spans[k].w;
        t->x = x;
        t->px = px;
        t->style = st;
        t->role = role;
        t->piece = piece;
    }
    return true;
}

/* The take-home codes, after everything else: the caption, then each code
 * with its label beside it, the caption kept with the first code; then the
 * reviewed line (NULL: none), the module's last words. */
static void add_take_home(row_builder *b, const content_doc *doc, const char *reviewed, int area_w,
                          int area_h)
{
    int nr = 0; /* the reviewed line's lines beside the last code */
    const metrics *m = b->m;
    const text_metrics *tm = b->tm;
    int lh = tm->line_height(tm->ctx, m->small_px, FONT_BOLD);
    if (b->dl->row_count > 0)
        add_space(b, lh, -1, false);
    int caption_first = b->dl->row_count;
    add_text(b, b->dl->take_home, m->small_px, FONT_BOLD, ROLE_LABEL, 0, area_w, -1, KEEP_ALL,
             false);
    /* The first code fits a page with the caption kept above it; on a page
     * too short for both (a small panel), the caption goes beside the first
     * code, above its label. */
    int caption_h = rows_height(b->dl, caption_first, b->dl->row_count);
    bool caption_beside = false;
    if (doc->link_count > 0) {
        int size = doc->links[0].qr_size;
        caption_beside =
            caption_h + qr_side(size, qr_module_px(m, size, area_w, area_h - caption_h)) > area_h;
        if (caption_beside)
            b->dl->row_count = caption_first;
    }
    for (int i = 0; i < doc->link_count && b->ok; i++) {
        const content_link *link = &doc->links[i];
        int px =
            qr_module_px(m, link->qr_size, area_w, caption_beside ? area_h : area_h - caption_h);
        doc_row *r = add_row(b, ROW_QR, qr_side(link->qr_size, px));
        if (!r)
            return;
        r->w = r->h;
        r->link = link;
        r->module_px = px;
        r->piece = b->piece++;
        /* Its label beside it, vertically centred, when it fits there in at
         * most 4 lines; else under it, kept with it. */
        int side = r->h, lx = side + m->pad, lw = area_w - lx;
        int llh = tm->line_height(tm->ctx, m->body_px, FONT_BOLD);
        enum { LABEL_LINES = 4 };
        line_span label[LABEL_LINES];
        int n = lw > 0 ? wrap_text(tm, link->label, (int)strlen(link->label), m->body_px, FONT_BOLD,
                                   lw, label, LABEL_LINES)
                       : LABEL_LINES + 1;
        enum { CAPTION_LINES = 3 };
        line_span cap[CAPTION_LINES];
        int nc = 0;
        if (caption_beside && i == 0)
            nc = lw > 0 ? wrap_text(tm, b->dl->take_home, (int)strlen(b->dl->take_home),
                                    m->small_px, FONT_BOLD, lw, cap, CAPTION_LINES)
                        : CAPTION_LINES + 1;
        /* The reviewed line beside the last code, under its label, where
         * they fit there together (a page of its own would hold only it). */
        enum { STAMP_LINES = 3 };
        line_span stamp[STAMP_LINES];
        int nc_beside = nc <= CAPTION_LINES && nc * lh + n * llh <= side ? nc : 0;
        nr = 0;
        if (reviewed && i + 1 == doc->link_count && lw > 0 && n <= LABEL_LINES) {
            nr = wrap_text(tm, reviewed, (int)strlen(reviewed), m->small_px, FONT_REGULAR, lw,
                           stamp, STAMP_LINES);
            if (nr > STAMP_LINES || nc_beside * lh + n * llh + m->gap + nr * lh > side)
                nr = 0;
        }
        /* What stands beside the code, centred on it. */
        int top = (side - nc_beside * lh - n * llh - (nr ? m->gap + nr * lh : 0)) / 2;
        if (nc > CAPTION_LINES || nc * lh + n * llh > side) {
            /* No room beside it even so: the caption back above the code. */
            if (nc > 0) {
                caption_beside = false;
                b->dl->row_count--; /* this code's row, added again after the caption */
                add_text(b, b->dl->take_home, m->small_px, FONT_BOLD, ROLE_LABEL, 0, area_w, -1,
                         KEEP_ALL, false);
                r = add_row(b, ROW_QR, qr_side(link->qr_size, px));
                if (!r)
                    return;
                r->w = r->h;
                r->link = link;
                r->module_px = px;
                r->piece = b->piece++;
                nc = 0;
            }
        } else if (nc > 0) {
            if (!add_beside(b, b->dl->take_home, cap, nc, lh, top, lx, m->small_px, FONT_BOLD,
                            ROLE_LABEL))
                return;
        }
        if (n > LABEL_LINES || n * llh > side - nc * lh) {
            r->keep_with_next = true; /* the label stays whole, with its code */
            add_text(b, link->label, m->body_px, FONT_BOLD, ROLE_HEADING, 0, area_w, -1, KEEP_ALL,
                     false);
            if (b->ok)
                b->dl->rows[b->dl->row_count - 1].keep_with_next = false;
        } else {
            if (!add_beside(b, link->label, label, n, llh, top + nc * lh, lx, m->body_px, FONT_BOLD,
                            ROLE_HEADING))
                return;
            if (nr > 0 && !add_beside(b, reviewed, stamp, nr, lh, top + nc * lh + n * llh + m->gap,
                                      lx, m->small_px, FONT_REGULAR, ROLE_MUTED))
                return;
        }
        if (i + 1 < doc->link_count)
            add_space(b, m->gap, -1, false);
    }
    if (reviewed && nr == 0 && b->ok) {
        /* No room beside the last code: under it, kept with it. */
        b->dl->rows[b->dl->row_count - 1].keep_with_next = true;
        add_space(b, m->gap, -1, true);
        add_text(b, reviewed, m->small_px, FONT_REGULAR, ROLE_MUTED, 0, area_w, -1, KEEP_NONE,
                 false);
    }
}

bool doc_layout_build(doc_layout *dl, const content_doc *doc, const char *reviewed,
                      const text_metrics *tm, const metrics *m, int area_w, int area_h)
{
    dl->row_count = 0;
    dl->page_count = 0;
    dl->area_w = area_w;
    dl->area_h = area_h;
    dl->tm = tm;
    /* A help box continued on a page opens with its name and number on one
     * line (layout_cont_top). */
    dl->cont_h = tm->line_height(tm->ctx, m->body_px, FONT_BOLD) + m->pad / 2;
    row_builder b = {.dl = dl, .tm = tm, .m = m, .ok = true};
    bool codes = dl->take_home && doc->link_count > 0;
    build_rows(&b, doc, codes ? NULL : reviewed, area_w, area_h);
    if (b.ok && codes)
        add_take_home(&b, doc, reviewed, area_w, area_h);
    if (!b.ok) {
        dl->row_count = 0;
    }
    layout_paginate(dl, area_h);
    return b.ok;
}

void doc_layout_free(doc_layout *dl)
{
    free(dl->rows);
    memset(dl, 0, sizeof *dl);
}

static color role_color(text_role role, box_kind box)
{
    switch (role) {
    case ROLE_HEADING:
        return THEME.tile_title;
    case ROLE_LABEL:
        return box == BOX_AVOID    ? THEME.avoid_label
               : box == BOX_PROMPT ? THEME.text
                                   : THEME.callout_label;
    case ROLE_NUMBER:
        return THEME.help_number;
    case ROLE_MUTED:
        return THEME.muted;
    default:
        return THEME.text;
    }
}

static color box_color(box_kind box)
{
    switch (box) {
    case BOX_TRY:
        return THEME.callout;
    case BOX_AVOID:
        return THEME.avoid;
    case BOX_HELP:
        return THEME.help_card;
    case BOX_PROMPT:
        return THEME.desk;
    default:
        return THEME.bg;
    }
}

/* A help box continued from the page before: its name and number on the
 * first line, "988 Suicide & Crisis Lifeline · 988" (the number alone when
 * both do not fit), in the box's colours. */
static void draw_cont_header(const doc_layout *dl, int first, int x0, int y0, const metrics *m,
                             draw_list *out)
{
    const char *name = NULL, *number = NULL;
    for (int i = first - 1; i >= 0 && dl->rows[i].box == dl->rows[first].box; i--) {
        if (dl->rows[i].role == ROLE_HELP_NAME)
            name = dl->rows[i].text; /* the first line's start: the whole name */
        else if (dl->rows[i].role == ROLE_NUMBER)
            number = dl->rows[i].text;
    }
    if (!number || !dl->tm)
        return;
    int px = m->body_px, lh = dl->tm->line_height(dl->tm->ctx, px, FONT_BOLD);
    int w = dl->area_w - 2 * m->pad;
    char text[256];
    if (!name || !str_format(text, sizeof text, "%s · %s", name, number) ||
        dl->tm->text_width(dl->tm->ctx, text, (int)strlen(text), px, FONT_BOLD) > w)
        str_copy(text, sizeof text, number);
    const char *shown = draw_strdup(out, text);
    int len = (int)strlen(shown), tw = dl->tm->text_width(dl->tm->ctx, shown, len, px, FONT_BOLD);
    rect line = {x0 + m->pad, y0 + (dl->cont_h - lh) / 2, tw < w ? tw : w, lh};
    draw_text(out, line, shown, len, px, FONT_BOLD, THEME.help_number, THEME.help_card);
    draw_item_add(out, shown, len, line, (rect){x0, y0, dl->area_w, dl->area_h});
}

void doc_layout_draw(const doc_layout *dl, int page, int x0, int y0, const metrics *m,
                     draw_list *out)
{
    if (page < 0 || page >= dl->page_count)
        return;
    int first = dl->page_first[page], last = dl->page_first[page + 1];
    rect area = {x0, y0, dl->area_w, dl->area_h};
    /* Boxes first, behind their text: an edge in the box's accent, then the box. */
    for (int i = first; i < last; i++) {
        const doc_row *r = &dl->rows[i];
        if (r->box < 0 || (i > first && dl->rows[i - 1].box == r->box))
            continue;
        int bottom = r->y + r->h;
        for (int j = i; j < last && dl->rows[j].box == r->box; j++)
            bottom = dl->rows[j].y + dl->rows[j].h;
        if (r->y >= dl->area_h)
            continue; /* a truncated layout's overflow */
        if (bottom > dl->area_h)
            bottom = dl->area_h;
        int top = i == first ? r->y - layout_cont_top(dl, first) : r->y; /* its header too */
        rect box = {x0, y0 + top, dl->area_w, bottom - top};
        int edge = m->pad / 4 > 2 ? m->pad / 4 : 2;
        color accent = r->box_kind == BOX_AVOID ? THEME.avoid_label : THEME.tile_edge;
        draw_fill(out, box, accent);
        draw_fill(out, (rect){box.x + edge, box.y, box.w - edge, box.h}, box_color(r->box_kind));
    }
    if (layout_cont_top(dl, first) > 0)
        draw_cont_header(dl, first, x0, y0, m, out);
    /* The sentence being read aloud: a highlight behind its part of each line. */
    const char *hl = dl->highlight,
               *hl_end = dl->highlight ? dl->highlight + dl->highlight_len : NULL;
    for (int i = first; i < last && hl && dl->tm; i++) {
        const doc_row *r = &dl->rows[i];
        if (r->kind != ROW_TEXT || r->y + r->h > dl->area_h)
            continue;
        const char *a = r->text > hl ? r->text : hl,
                   *b = r->text + r->len < hl_end ? r->text + r->len : hl_end;
        if (a >= b)
            continue;
        int from = dl->tm->text_width(dl->tm->ctx, r->text, (int)(a - r->text), r->px, r->style);
        int w = dl->tm->text_width(dl->tm->ctx, a, (int)(b - a), r->px, r->style);
        draw_fill(out, (rect){x0 + r->x + from, y0 + r->y, w, r->h}, THEME.highlight);
    }
    for (int i = first; i < last; i++) {
        const doc_row *r = &dl->rows[i];
        if (r->y + r->h > dl->area_h)
            break; /* only on a truncated layout's last page: never draw past the area */
        if (r->kind == ROW_IMAGE) {
            draw_image(out, (rect){x0 + r->x, y0 + r->y, r->w, r->h}, r->image);
            continue;
        }
        if (r->kind == ROW_QR) {
            /* Near-black on white whatever the theme: what phone cameras read best. */
            color dark = {0x10, 0x10, 0x10, 255}, light = {0xFF, 0xFF, 0xFF, 255};
            int side = draw_qr(out, x0 + r->x, y0 + r->y, r->link->qr, r->link->qr_size,
                               r->module_px, r->link->url, dark, light);
            (void)side;
            continue;
        }
        if (r->kind == ROW_LINK)
            link_button_draw(out, dl->tm, m, (rect){x0 + r->x, y0 + r->y, r->w, r->h}, r->text,
                             r->image, r->link_doc, area);
        if (r->kind != ROW_TEXT)
            continue;
        color bg = box_color(r->box_kind);
        if (hl && r->text < hl_end && r->text + r->len > hl)
            bg = THEME.highlight; /* for the contrast checks: the text stands on the highlight */
        color fg = role_color(r->role, r->box_kind);
        rect line = {x0 + r->x, y0 + r->y, r->w, r->h};
        draw_text(out, line, r->text, r->len, r->px, r->style, fg, bg);
        if (r->bullet)
            draw_text(out, (rect){x0, line.y, r->x, r->h}, "•", 3, r->px, FONT_REGULAR, fg, bg);
        /* One harness item per run of lines of the same piece. */
        bool starts = i == first || dl->rows[i - 1].piece != r->piece;
        if (starts) {
            rect u = line;
            for (int j = i + 1; j < last && dl->rows[j].piece == r->piece; j++) {
                const doc_row *n = &dl->rows[j];
                int right = u.x + u.w > x0 + n->x + n->w ? u.x + u.w : x0 + n->x + n->w;
                u.w = right - u.x;
                u.h = n->y + n->h + y0 - u.y;
            }
            const doc_row *end = r;
            for (int j = i + 1; j < last && dl->rows[j].piece == r->piece; j++)
                end = &dl->rows[j];
            int len = (int)(end->text + end->len - r->text);
            draw_item_add(out, r->text, len, u, area);
        }
    }
}
