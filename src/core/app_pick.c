/* app_pick: the facilitator's list of modules to present (issue 13), sized
 * for the panel as Home is: one button a module, in Home's order, in as
 * many columns as the width allows before any paging, each title at the
 * buttons' size in at most two lines (never shrunk to fit, never cut, no
 * word split); where the rows do not fit one screen they page with Home's
 * count and Previous/Next. Leave stays in its place at the top right
 * (facilitator_leave_rect), as on every screen a facilitator reaches;
 * "Cancel a meeting" beside it, or last in the list where that saves a page.
 * The grid is chosen again only when what it depends on changes; nothing
 * here allocates. Called by the staff module (app_staff.c). */
#include "app_internal.h"

enum { PICK_MAX = CONTENT_MAX_DOCS + 1, PICK_MAX_COLS = 4 }; /* every module, and Cancel */

typedef struct {
    int cols, button_w;
    int count, doc[PICK_MAX]; /* the modules shown, in order (indexes into the docs; -1 Cancel) */
    int rows, row_h[PICK_MAX];
    int pages, page_first_row[PICK_MAX + 1];
} pick_grid;

/* The modules a facilitator may present: Home's in Home's order, then any
 * module Home does not show, in the content's order. */
static int pick_order(const app *a, int *doc)
{
    const content_lang *lang = lang_of(a);
    int n = 0;
    bool listed[CONTENT_MAX_DOCS] = {false};
    for (int k = 0; k < lang->home_count && n < CONTENT_MAX_DOCS; k++) {
        int d = (int)(lang->home[k] - lang->docs);
        if (d >= 0 && d < CONTENT_MAX_DOCS && lang->docs[d].kind == DOC_MODULE && !listed[d]) {
            listed[d] = true;
            doc[n++] = d;
        }
    }
    for (int d = 0; d < lang->doc_count && d < CONTENT_MAX_DOCS && n < CONTENT_MAX_DOCS; d++)
        if (lang->docs[d].kind == DOC_MODULE && !listed[d])
            doc[n++] = d;
    return n;
}

/* The lines a title takes in a button of width w at the buttons' size, or
 * 0 when it would need a third line or split a word (button_look would
 * then draw it smaller). */
static int title_lines(app *a, const char *title, int w)
{
    const metrics *m = &a->m;
    int inner = w - m->pad; /* button_look's room: no icon on a module's button */
    line_span spans[MAX_LINES];
    int len = (int)strlen(title);
    int n = wrap_text(a->tm, title, len, m->button_px, FONT_BOLD, inner, spans, MAX_LINES);
    if (n > 2)
        return 0;
    for (int l = 0; l < n; l++) {
        int end = spans[l].off + spans[l].len;
        if (end < len && title[end] != ' ' && title[end - 1] != ' ' && title[end - 1] != '-')
            return 0;
    }
    return n;
}

/* The grid in cols columns paged into height h, every row as tall as the
 * tallest (even) or each as its own tallest button; false when a title
 * does not fit its button whole or a row is taller than a page. */
static bool grid_for(app *a, pick_grid *g, int cols, bool even, int avail_w, int h)
{
    const metrics *m = &a->m;
    g->cols = cols;
    g->button_w = (avail_w - (cols - 1) * m->gap) / cols;
    if (g->button_w < m->min_button_w)
        return false;
    int lh = a->tm->line_height(a->tm->ctx, m->button_px, FONT_BOLD);
    g->rows = (g->count + cols - 1) / cols;
    for (int r = 0; r < g->rows; r++) {
        int tallest = m->button_h;
        for (int k = r * cols; k < g->count && k < (r + 1) * cols; k++) {
            int d = g->doc[k];
            int lines = title_lines(a, d < 0 ? ui(a, "staff.cancel") : lang_of(a)->docs[d].title,
                                    g->button_w);
            if (lines == 0)
                return false;
            int th = lines * lh + m->pad;
            tallest = th > tallest ? th : tallest;
        }
        if (tallest > h)
            return false;
        g->row_h[r] = tallest;
    }
    if (even) {
        int most = 0;
        for (int r = 0; r < g->rows; r++)
            most = g->row_h[r] > most ? g->row_h[r] : most;
        for (int r = 0; r < g->rows; r++)
            g->row_h[r] = most;
    }
    g->pages = rows_to_pages(g->row_h, g->rows, m->gap, h, g->page_first_row);
    return true;
}

/* Of the grids whose titles fit whole, the one in the fewest pages (the
 * width before paging); of those, the fewest columns (the widest buttons),
 * rows all one height where that costs no page. None fits (a very long
 * word at a large text step): one column, as button_look then draws it. */
static void choose_grid(app *a, pick_grid *best, int avail_w, int h, bool cancel_down)
{
    pick_grid g;
    g.count = pick_order(a, g.doc);
    if (cancel_down)
        g.doc[g.count++] = -1; /* "Cancel a meeting" */
    bool found = false;
    int most = g.count < PICK_MAX_COLS ? g.count : PICK_MAX_COLS;
    for (int cols = 1; cols <= most; cols++)
        for (int even = 1; even >= 0; even--)
            if (grid_for(a, &g, cols, even, avail_w, h) && (!found || g.pages < best->pages)) {
                *best = g;
                found = true;
            }
    if (found)
        return;
    *best = g;
    best->cols = 1;
    best->button_w = avail_w;
    best->rows = g.count;
    best->pages = 0;
    best->page_first_row[0] = 0;
    int used = 0;
    for (int r = 0; r < best->rows; r++) {
        best->row_h[r] = a->m.button_h;
        if (used && used + a->m.gap + a->m.button_h > h) {
            best->page_first_row[++best->pages] = r;
            used = 0;
        }
        used += (used ? a->m.gap : 0) + a->m.button_h;
    }
    best->page_first_row[++best->pages] = best->rows;
}

/* The list's head: Leave in its place at the top right, "Cancel a
 * meeting" beside it (cancel_up; else it ends the list), the heading at
 * the left where it fits whole in two lines, else in a row of its own
 * under them. dl NULL only measures. Returns where the list starts. */
static int pick_header(app *a, draw_list *dl, int top, bool cancel_up)
{
    const metrics *m = &a->m;
    rect full = {0, 0, m->w, m->h};
    rect leave = facilitator_leave_rect(a, top);
    if (dl)
        button(a, dl, leave, ui(a, "facilitator.leave"), ACT_LEAVE, 0, false);
    int right = leave.x - m->gap;
    if (cancel_up) {
        const char *cancel = ui(a, "staff.cancel");
        int cw = button_width(a, cancel);
        if (dl)
            button(a, dl, (rect){right - cw, leave.y, cw, leave.h}, cancel, ACT_CANCEL, 0, false);
        right -= cw + m->gap;
    }
    const char *heading = ui(a, "facilitator.pick");
    int len = (int)strlen(heading), lh = a->tm->line_height(a->tm->ctx, m->heading_px, FONT_BOLD);
    rect beside = {m->margin, leave.y, right - m->margin, 0};
    line_span spans[MAX_LINES];
    int n = beside.w > 0 ? wrap_text(a->tm, heading, len, m->heading_px, FONT_BOLD, beside.w, spans,
                                     MAX_LINES)
                         : MAX_LINES;
    bool whole = n <= 2;
    for (int l = 0; l < n && whole; l++) {
        int end = spans[l].off + spans[l].len;
        whole = end >= len || heading[end] == ' ' || heading[end - 1] == ' ';
    }
    int bottom = leave.y + leave.h;
    if (whole) {
        int h = n * lh;
        beside.y = h < leave.h ? leave.y + (leave.h - h) / 2 : leave.y;
        text_block(a, dl, heading, m->heading_px, FONT_BOLD, THEME.tile_title, THEME.bg, beside,
                   ALIGN_LEFT, 2, full);
        bottom = beside.y + h > bottom ? beside.y + h : bottom;
    } else {
        rect under = {m->margin, bottom + m->gap / 2, m->w - 2 * m->margin, 0};
        bottom = under.y + text_block(a, dl, heading, m->heading_px, FONT_BOLD, THEME.tile_title,
                                      THEME.bg, under, ALIGN_LEFT, MAX_LINES, full);
    }
    return bottom + m->gap;
}

/* The grid for a head: in one screen's height, or paged above the
 * navigation. */
static void grid_under(app *a, pick_grid *g, int grid_top, bool cancel_down)
{
    const metrics *m = &a->m;
    choose_grid(a, g, m->w - 2 * m->margin, m->h - m->margin / 2 - grid_top, cancel_down);
    if (g->pages > 1)
        choose_grid(a, g, m->w - 2 * m->margin, nav_reserve_top(a, NULL, NULL) - grid_top,
                    cancel_down);
}

void draw_facilitator_pick(app *a, draw_list *dl, int top)
{
    const metrics *m = &a->m;
    const content_lang *lang = lang_of(a);
    /* One kiosk, one list: the grid kept off the stack and chosen again
     * only when what it depends on changed, not on every frame. */
    static pick_grid g;
    static bool cancel_up;
    static struct {
        const app *a;
        const content_lang *lang;
        int w, h, button_px, top;
    } key;
    if (a->cache.pick_stale || key.a != a || key.lang != lang || key.w != m->w || key.h != m->h ||
        key.button_px != m->button_px || key.top != top) {
        /* "Cancel a meeting" (facilitators may cancel one too, app_cancel.c)
         * beside Leave, unless the list then takes more pages than with it
         * as the list's last button (a 7" panel: the heading's own row). */
        cancel_up = false;
        grid_under(a, &g, pick_header(a, NULL, top, false), lang->group_count > 0);
        if (lang->group_count > 0) {
            pick_grid up;
            grid_under(a, &up, pick_header(a, NULL, top, true), false);
            if (up.pages <= g.pages) {
                g = up;
                cancel_up = true;
            }
        }
        key.a = a, key.lang = lang, key.w = m->w, key.h = m->h, key.button_px = m->button_px;
        key.top = top;
        a->cache.pick_stale = false;
    }
    int y = pick_header(a, dl, top, cancel_up);
    a->staff.pick_pages = g.pages;
    if (a->staff.pick_page >= g.pages)
        a->staff.pick_page = g.pages - 1;
    if (a->staff.pick_page < 0)
        a->staff.pick_page = 0;
    int page = a->staff.pick_page;
    for (int r = g.page_first_row[page]; r < g.page_first_row[page + 1]; r++) {
        for (int k = r * g.cols; k < g.count && k < (r + 1) * g.cols; k++) {
            rect b = {m->margin + (k % g.cols) * (g.button_w + m->gap), y, g.button_w, g.row_h[r]};
            if (g.doc[k] < 0)
                button(a, dl, b, ui(a, "staff.cancel"), ACT_CANCEL, 0, false);
            else
                button(a, dl, b, lang->docs[g.doc[k]].title, ACT_OPEN_DOC, g.doc[k], false);
        }
        y += g.row_h[r] + m->gap;
    }
    if (g.pages > 1)
        nav_bar(a, dl, NULL, ACT_NONE, page, g.pages, NULL);
}

/* Turns the list's page by delta where that page exists. */
bool pick_turn(app *a, int delta)
{
    if (a->visit.screen != SCREEN_FACILITATOR_PICK)
        return false;
    int next = a->staff.pick_page + delta;
    if (next >= 0 && next < a->staff.pick_pages) {
        a->staff.pick_page = next;
        a->frame.dirty = true;
    }
    return true;
}
