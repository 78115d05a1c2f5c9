/* reader_nav: where the reader is in a module, and the way back from a link.
 *
 * The running head names the module and, on a page that goes on with a
 * part, the part's heading ("Understanding self-harm · Why do they do it?")
 * on one line, and under it, in the gap the head always
 * had, a bar of one segment a page filled up to this one: nothing is taken
 * from the page's text. A link (a "link" block, "About the groups") keeps the
 * place it was tapped on in a short list; Back returns there, Home forgets
 * them all. Shared by the screens (calls no screen module). */
#include "app_internal.h"
#include "reader_parts.h"

#include <stdio.h>

/* The section (1-based) the page's text starts in: its first row (not a
 * space) from a block; *opens: that row is the section's heading. */
static int page_section(const content_doc *doc, const doc_layout *layout, int page, bool *opens)
{
    *opens = false;
    if (page < 0 || page >= layout->page_count)
        return 1;
    for (int r = layout->page_first[page]; r < layout->page_first[page + 1]; r++) {
        const doc_row *row = &layout->rows[r];
        if (row->kind == ROW_SPACE || row->block < 0 || row->block >= doc->block_count)
            continue; /* the space after the last page's block is not this page's text */
        *opens = doc->blocks[row->block].type == BLOCK_HEADING &&
                 (r == 0 || layout->rows[r - 1].block != row->block);
        return content_block_section(doc, row->block);
    }
    return content_section_count(doc); /* a page of codes after the text: the last part */
}

int reader_head_height(app *a)
{
    return a->tm->line_height(a->tm->ctx, a->m.small_px, FONT_BOLD);
}

bool draft_in_head(const app *a)
{
    return !a->content->approval.verified &&
           (a->visit.screen == SCREEN_READER || a->visit.screen == SCREEN_GROUPS) &&
           !presenting(a) && a->m.h * a->m.mm_per_px < 100;
}

int draft_chip(app *a, draw_list *dl, rect line)
{
    const metrics *m = &a->m;
    if (!draft_in_head(a))
        return line.w;
    const char *mark = ui(a, "draft.short");
    int lh = a->tm->line_height(a->tm->ctx, m->small_px, FONT_BOLD);
    int tw = a->tm->text_width(a->tm->ctx, mark, (int)strlen(mark), m->small_px, FONT_BOLD);
    int cw = tw + 2 * m->pad < line.w / 2 ? tw + 2 * m->pad : line.w / 2;
    rect chip = {line.x + line.w - cw, line.y, cw, lh};
    draw_fill(dl, chip, THEME.desk); /* the mark's own colour */
    text_block(a, dl, mark, m->small_px, FONT_BOLD, THEME.text, THEME.desk,
               (rect){chip.x + m->pad, chip.y, chip.w - 2 * m->pad, lh}, ALIGN_LEFT, 1, chip);
    return line.w - cw - m->gap;
}

int reader_text_top(app *a, int top)
{
    /* Presenting, the head shares its row with Leave (a button's height). */
    int row = presenting(a) ? a->m.button_h : reader_head_height(a);
    return top + a->m.gap + row + a->m.gap;
}

rect facilitator_leave_rect(app *a, int top)
{
    const metrics *m = &a->m;
    int lw = button_width(a, ui(a, "facilitator.leave"));
    return (rect){m->w - m->margin - lw, top + m->gap, lw, m->button_h};
}

int facilitator_band(app *a, draw_list *dl, int top)
{
    const metrics *m = &a->m;
    screen_id s = a->visit.screen;
    if (!presenting(a) || s == SCREEN_READER || s == SCREEN_ATTRACT || s >= SCREEN_PIN)
        return top;
    rect leave = facilitator_leave_rect(a, top), full = {0, 0, m->w, m->h};
    if (s == SCREEN_CRISIS) {
        /* Crisis help stays one screen: Leave in its place, beside the
         * title (crisis_area keeps the title's row a button tall). */
        button(a, dl, leave, ui(a, "facilitator.leave"), ACT_LEAVE, 0, false);
        return top;
    }
    rect band = {0, top, m->w, leave.y + leave.h + m->gap / 2 - top};
    draw_fill(dl, band, THEME.desk);
    int lh = reader_head_height(a);
    text_block(a, dl, ui(a, "facilitator.mark"), m->small_px, FONT_BOLD, THEME.text, THEME.desk,
               (rect){m->margin, leave.y + (leave.h - lh) / 2, leave.x - m->gap - m->margin, lh},
               ALIGN_LEFT, 1, full);
    button(a, dl, leave, ui(a, "facilitator.leave"), ACT_LEAVE, 0, false);
    return band.y + band.h;
}

void progress_bar(app *a, draw_list *dl, rect line, int page, int pages)
{
    /* One segment a page, those read so far thick in the accent, the rest a
     * thin line in the edge colour (3:1 on the page), centred on line's
     * middle. */
    const metrics *m = &a->m;
    pages = pages > 0 ? pages : 1;
    int thick = m->gap / 3 > 3 ? m->gap / 3 : 3, thin = thick / 3 > 1 ? thick / 3 : 1;
    int mid = line.y + line.h / 2;
    int space = pages > 1 ? (m->gap / 2 > 3 ? m->gap / 2 : 3) : 0;
    int seg = (line.w - (pages - 1) * space) / pages;
    if (seg < 4 || pages > 12) { /* many pages (a small panel): one bar, calmer than dashes */
        int done = (int)((long)line.w * (page + 1) / pages);
        draw_fill(dl, (rect){line.x, mid - thin / 2, line.w, thin}, THEME.edge);
        draw_fill(dl, (rect){line.x, mid - thick / 2, done, thick}, THEME.accent);
        return;
    }
    for (int p = 0; p < pages; p++) {
        bool read = p <= page;
        int h = read ? thick : thin;
        draw_fill(dl, (rect){line.x + p * (seg + space), mid - h / 2, seg, h},
                  read ? THEME.accent : THEME.edge);
    }
}

static bool one_line(app *a, const char *s, int w)
{
    return a->tm->text_width(a->tm->ctx, s, (int)strlen(s), a->m.small_px, FONT_BOLD) <= w;
}

int reader_head(app *a, draw_list *dl, const content_doc *doc, const doc_layout *layout, int page,
                int top)
{
    const metrics *m = &a->m;
    bool fac = presenting(a), opens = false;
    int section = page_section(doc, layout, page, &opens), sections = content_section_count(doc);
    int lh = reader_head_height(a);
    rect full = {0, 0, m->w, m->h};
    /* The line, in the room the title alone had; presenting, in a row as
     * tall as Leave beside it, Leave where it is on every screen. */
    rect head = {m->col_x, top + m->gap - m->gap / 3, m->col_w, lh};
    int row_bottom = head.y + head.h;
    if (fac) {
        rect leave = facilitator_leave_rect(a, top);
        draw_fill(dl, (rect){0, top, m->w, leave.y + leave.h + m->gap / 2 - top}, THEME.desk);
        head.y = leave.y + (leave.h - lh) / 2;
        if (head.x + head.w > leave.x - m->gap)
            head.w = leave.x - m->gap - head.x;
        button(a, dl, leave, ui(a, "facilitator.leave"), ACT_LEAVE, 0, false);
        row_bottom = leave.y + leave.h;
    }
    int bar_w = head.w; /* the pages read: under the whole line */
    head.w = draft_chip(a, dl, head);
    /* One line: the module's name (what is being read), and on a page
     * that continues a part, the part's heading after it ("Understanding
     * self-harm · Why do they do it?"), the heading alone where both do not
     * fit (shortened with "…" when the line is full). No part number: the
     * page count ("Page 2 of 8") is the one count on the screen. */
    char title[256], text[768];
    str_format(title, sizeof title, "%s%s%s", fac ? ui(a, "facilitator.mark") : "",
               fac ? " · " : "", doc->title);
    const char *heading = doc_part_heading(doc, section);
    if (sections <= 1 || opens || !heading)
        str_copy(text, sizeof text, title);
    else if (!str_format(text, sizeof text, "%s · %s", title, heading) ||
             !one_line(a, text, head.w))
        str_copy(text, sizeof text, heading);
    text_block(a, dl, draw_strdup(dl, text), m->small_px, FONT_BOLD, fac ? THEME.text : THEME.muted,
               fac ? THEME.desk : THEME.bg, head, ALIGN_LEFT, 1, full);
    /* The pages read: a bar in the middle of the gap under the line (the
     * line sits gap / 3 higher than the gap's top). */
    int text_top = reader_text_top(a, top), mid = (row_bottom + text_top) / 2;
    progress_bar(a, dl, (rect){head.x, mid, bar_w, 0}, page, layout->page_count);
    return text_top;
}

/* ---- the list of parts ---- */

void reader_parts_draw(app *a, draw_list *dl, const content_doc *doc, const doc_layout *layout,
                       int top)
{
    const metrics *m = &a->m;
    visit_state *v = &a->visit;
    rect full = {0, 0, m->w, m->h};
    if (draft_in_head(a))
        top = draft_band(a, dl, top); /* the page's layout stays as it is under the list */
    int y = top + m->gap;
    if (presenting(a)) {
        rect leave = facilitator_leave_rect(a, top);
        button(a, dl, leave, ui(a, "facilitator.leave"), ACT_LEAVE, 0, false);
    }
    int title_w =
        (presenting(a) ? facilitator_leave_rect(a, top).x - m->gap : m->w - m->margin) - m->margin;
    y += text_block(a, dl, ui(a, "reader.parts"), m->heading_px, FONT_BOLD, THEME.tile_title,
                    THEME.bg, (rect){m->margin, y, title_w, 0}, ALIGN_LEFT, 2, full);
    y += text_block(a, dl, doc->title, m->small_px, FONT_BOLD, THEME.muted, THEME.bg,
                    (rect){m->margin, y, title_w, 0}, ALIGN_LEFT, 2, full) +
         m->gap;
    int sections = content_section_count(doc);
    bool opens;
    int here = page_section(doc, layout, v->page, &opens);
    (void)opens;
    const char *back = ui(a, "nav.back");
    int bottom = nav_reserve_top(a, back, NULL);
    int cols = m->w > m->h ? 2 : 1;
    int bw = (m->w - 2 * m->margin - (cols - 1) * m->gap) / cols;
    /* Two lines of button text at most: every part's button one height. */
    int bh = m->button_h * 5 / 4;
    int rows = (bottom - y + m->gap) / (bh + m->gap);
    if (rows < 1)
        rows = 1;
    int per_page = rows * cols;
    v->parts_pages = (sections + per_page - 1) / per_page;
    if (v->parts_page < 0) /* just opened: the list's page with the part read now */
        v->parts_page = (here - 1) / per_page;
    if (v->parts_page >= v->parts_pages)
        v->parts_page = v->parts_pages - 1;
    int first = v->parts_page * per_page;
    for (int i = first; i < sections && i < first + per_page; i++) {
        int s = i + 1, k = i - first;
        char label[600];
        const char *heading = doc_part_heading(doc, s);
        /* "1. When to call 911"; a part before any heading: the module's name. */
        str_format(label, sizeof label, "%d. %s", s, heading ? heading : doc->title);
        rect r = {m->margin + (k % cols) * (bw + m->gap), y + (k / cols) * (bh + m->gap), bw, bh};
        button_look(a, dl, r, draw_strdup(dl, label), ACT_PART, s, LOOK_OPTION, s == here);
    }
    nav_bar(a, dl, back, ACT_BACK, v->parts_page, v->parts_pages, NULL);
}

static void count_reached(app *a, int page)
{
    visit_state *v = &a->visit;
    if (v->doc < 0 || v->doc >= CONTENT_MAX_DOCS || page + 1 <= v->reached[v->doc] || page >= 255)
        return;
    char item[48];
    str_format(item, sizeof item, "%s#%d", lang_of(a)->docs[v->doc].id, page + 1);
    session_count(a, USAGE_PAGE, item);
    v->reached[v->doc] = (unsigned char)(page + 1);
}

bool reader_parts_act(app *a, const draw_target *t)
{
    visit_state *v = &a->visit;
    if (v->screen != SCREEN_READER)
        return false;
    const doc_view *rv = &a->cache.reader;
    switch (t->act) {
    case ACT_PARTS:
        if (!rv->doc)
            return true;
        v->parts_open = true;
        v->parts_page = -1; /* the page with the part read now, found when drawn */
        v->parts_pages = 1;
        a->frame.dirty = true;
        return true;
    case ACT_PART: {
        if (!v->parts_open || !rv->doc)
            return true;
        int page = doc_part_page(rv->doc, &rv->layout, t->arg);
        if (page >= 0 && page < rv->layout.page_count) {
            v->page = page;
            count_reached(a, page);
        }
        v->parts_open = false;
        a->frame.dirty = true;
        return true;
    }
    case ACT_BACK:
        if (!v->parts_open)
            return false;
        v->parts_open = false; /* back to the page the list was opened on */
        a->frame.dirty = true;
        return true;
    default:
        return false;
    }
}

/* ---- places to go back to ---- */

void nav_push(app *a)
{
    visit_state *v = &a->visit;
    if (v->back_count == VISIT_BACK_MAX) { /* the oldest place goes */
        memmove(&v->back[0], &v->back[1], (VISIT_BACK_MAX - 1) * sizeof v->back[0]);
        v->back_count--;
    }
    v->back[v->back_count++] = (visit_place){v->screen, v->doc, v->page, v->groups_page};
}

bool nav_pop(app *a)
{
    visit_state *v = &a->visit;
    if (v->back_count == 0)
        return false;
    visit_place p = v->back[--v->back_count];
    v->parts_open = false;
    v->screen = p.screen;
    v->doc = p.doc;
    v->page = p.page;
    v->groups_page = p.groups_page;
    a->frame.dirty = true;
    return true;
}

void nav_forget(app *a)
{
    a->visit.back_count = 0;
}

bool nav_can_go_back(const app *a)
{
    return a->visit.back_count > 0;
}

/* ---- for the harness ---- */

const char *app_doc_id(const app *a)
{
    if (a->visit.screen != SCREEN_READER || a->visit.doc < 0 ||
        a->visit.doc >= lang_of(a)->doc_count)
        return NULL;
    return lang_of(a)->docs[a->visit.doc].id;
}

int app_reader_part(const app *a, int *parts)
{
    *parts = 0;
    if (!app_doc_id(a) || a->cache.reader.doc != &lang_of(a)->docs[a->visit.doc])
        return 0;
    const content_doc *doc = a->cache.reader.doc;
    bool opens;
    *parts = content_section_count(doc);
    return page_section(doc, &a->cache.reader.layout, a->visit.page, &opens);
}
