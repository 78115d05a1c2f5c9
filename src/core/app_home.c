/* app_home: Home's tiles and the "Get help now" screen, laid out for the
 * panel (issue 13). Home shows every tile on one screen when they fit (a
 * 1080p screen does), "In a crisis" and "Ask us to contact you" first in
 * reading order; the crisis screen shows every help line on one screen
 * (core/crisis_card.c), with Back alone in its fixed place. Called by the
 * visitor module (app_visit.c). */
#include "app_internal.h"

#include "crisis_card.h"

/* The tile shown k-th: the first Home tile (the crisis topic), then the
 * contact form's, then the rest in the manifest's order. */
static const content_doc *tile_at(const app *a, int k)
{
    const content_lang *lang = lang_of(a);
    int contact = -1;
    for (int i = 0; i < lang->home_count; i++)
        if ((int)(lang->home[i] - lang->docs) == a->content->contact_doc)
            contact = i;
    if (contact <= 1 || k == 0)
        return lang->home[k];
    if (k == 1)
        return lang->home[contact];
    return lang->home[k <= contact ? k - 1 : k];
}

enum { MAX_TILES = CONTENT_MAX_DOCS };

typedef struct {
    int cols, tile_w, title_px, inner;
    bool summaries;
    bool desk_note;       /* the contact tile's front-desk note, when no form is offered */
    bool whole;           /* every title whole, no word split */
    int row_h[MAX_TILES]; /* each row as tall as its tallest tile */
    int rows;
    int pages, page_first_row[MAX_TILES + 1];
} home_grid;

static int tile_lines(app *a, const char *s, int px, font_style st, int w, int most)
{
    line_span spans[MAX_LINES];
    int n = wrap_text(a->tm, s, (int)strlen(s), px, st, w, spans, MAX_LINES);
    return n > most ? most : n;
}

/* Whether the contact tile carries the front-desk note in place of the
 * form: no staff key, or a facilitator's session (nobody would wipe it). */
static bool form_not_offered(const app *a, const content_doc *d)
{
    return (int)(d - lang_of(a)->docs) == a->content->contact_doc &&
           (!a->contact.available || a->staff.facilitator);
}

/* Lays the tiles out in cols columns (with or without summaries) and pages
 * the rows into height h. as_offered lays the contact tile out as it is
 * with the form offered (its summary, never the note): the twin a grid
 * without the key must page like. */
static void grid_for(app *a, home_grid *g, int cols, bool summaries, bool desk_note, int title_px,
                     int avail_w, int h, bool as_offered)
{
    const metrics *m = &a->m;
    int count = lang_of(a)->home_count;
    g->cols = cols;
    g->summaries = summaries;
    g->desk_note = desk_note;
    g->title_px = title_px;
    g->tile_w = (avail_w - (cols - 1) * m->gap) / cols;
    g->inner = g->tile_w - 2 * m->pad - m->icon_px;
    int title_lh = a->tm->line_height(a->tm->ctx, g->title_px, FONT_BOLD);
    int sum_lh = a->tm->line_height(a->tm->ctx, m->small_px, FONT_REGULAR);
    g->rows = (count + cols - 1) / cols;
    g->whole = true;
    for (int r = 0; r < g->rows; r++) {
        int tallest = m->button_h;
        for (int k = r * cols; k < count && k < (r + 1) * cols; k++) {
            const content_doc *d = tile_at(a, k);
            /* A title shows whole, in at most three lines, no word split. */
            line_span spans[MAX_LINES];
            int lines = wrap_text(a->tm, d->title, (int)strlen(d->title), g->title_px, FONT_BOLD,
                                  g->inner, spans, MAX_LINES);
            for (int l = 0; l < lines && l < MAX_LINES; l++) {
                int end = spans[l].off + spans[l].len;
                bool split = end < (int)strlen(d->title) && d->title[end] != ' ' &&
                             d->title[end - 1] != ' ' && d->title[end - 1] != '-';
                g->whole = g->whole && !split;
            }
            g->whole = g->whole && lines <= 3;
            int th = m->pad / 2 + (lines > 3 ? 3 : lines) * title_lh;
            bool no_form = !as_offered && form_not_offered(a, d);
            const char *summary = no_form     ? (desk_note ? ui(a, "contact.unavailable") : NULL)
                                  : summaries ? d->summary
                                              : NULL;
            if (summary) /* the front-desk note whole; a summary in at most three lines */
                th += m->gap / 3 +
                      tile_lines(a, summary, m->small_px, FONT_REGULAR, g->inner, no_form ? 6 : 3) *
                          sum_lh;
            tallest = th > tallest ? th : tallest;
        }
        g->row_h[r] = tallest;
    }
    g->pages = rows_to_pages(g->row_h, g->rows, m->gap, h, g->page_first_row);
}

/* No row taller than a page (a short panel at a larger text step). */
static bool rows_fit(const home_grid *g, int h)
{
    for (int r = 0; r < g->rows; r++)
        if (g->row_h[r] > h)
            return false;
    return true;
}

/* Whether two grids break their pages at the same rows. */
static bool same_pages(const home_grid *x, const home_grid *y)
{
    if (x->pages != y->pages || x->cols != y->cols)
        return false;
    for (int p = 0; p <= x->pages; p++)
        if (x->page_first_row[p] != y->page_first_row[p])
            return false;
    return true;
}

/* Home in the fewest pages, each a full grid: of the grids whose titles
 * show whole (else any), whose rows each fit a page and whose first page
 * holds "In a crisis" and "Ask us to contact you" (where any does), the one
 * with the fewest pages; of those, the first in the order tried: titles at
 * the bold body size before the secondary one (never below it, and on a
 * 1080p screen still over 8 mm); summaries, then the contact tile's
 * front-desk note, then titles alone; fewer, wider columns first. Without
 * the staff key the note or a summary is shown only where Home pages
 * exactly as it does with the form offered (the module the tile opens says
 * to ask at the front desk too): the same pages, tiles and title size with
 * and without the key. */
static void choose_grid(app *a, home_grid *best, int avail_w, int h)
{
    const metrics *m = &a->m;
    int min_tile_w = (int)(60.0 / m->mm_per_px); /* 60 mm: a title in two or three lines */
    int max_cols = (avail_w + m->gap) / (min_tile_w + m->gap);
    max_cols = max_cols < 1 ? 1 : max_cols > 4 ? 4 : max_cols;
    int count = lang_of(a)->home_count, first_two = count < 2 ? count : 2;
    home_grid g, twin;
    bool found = false, best_first = false;
    /* The last resort (no grid's rows fit): titles alone, one column. */
    grid_for(a, best, 1, false, false, m->small_px, avail_w, h, false);
    const int sizes[] = {m->body_px, m->small_px};
    /* Titles whole first; a title too long for any tile (a word wider than
     * the widest tile) is then wrapped as it comes. */
    for (int need_whole = 1; need_whole >= 0 && !found; need_whole--)
        for (int s = 0; s < 2; s++)
            for (int detail = 2; detail >= 0; detail--) /* summaries, the note, titles alone */
                for (int cols = 1; cols <= max_cols; cols++) {
                    grid_for(a, &g, cols, detail == 2, detail >= 1, sizes[s], avail_w, h, false);
                    if ((need_whole && !g.whole) || !rows_fit(&g, h))
                        continue;
                    if (detail > 0) { /* pages as with the form offered, and as titles alone */
                        grid_for(a, &twin, cols, detail == 2, false, sizes[s], avail_w, h, true);
                        if (!same_pages(&g, &twin))
                            continue;
                    }
                    bool first = g.page_first_row[1] * cols >= first_two;
                    if (!found || (first && !best_first) ||
                        (first == best_first && g.pages < best->pages)) {
                        *best = g;
                        best_first = first;
                        found = true;
                    }
                }
}

void draw_home(app *a, draw_list *dl, int top)
{
    const metrics *m = &a->m;
    const content_lang *lang = lang_of(a);
    rect full = {0, 0, m->w, m->h};
    /* Header: the title, and the next language's own name to switch to it. */
    int next_lang = (a->visit.lang + 1) % a->content->lang_count;
    const char *switch_label = content_ui(&a->content->langs[next_lang], "language.name");
    int hy = top + m->gap / 2;
    int sw = a->content->lang_count > 1 ? button_width(a, switch_label) : 0;
    rect title_box = {m->margin, hy, m->w - 2 * m->margin - sw - m->gap, 0};
    const char *title = ui(a, "home.title");
    int th = text_block(a, NULL, title, m->heading_px, FONT_BOLD, THEME.tile_title, THEME.bg,
                        title_box, ALIGN_LEFT, 2, title_box);
    int header_h = th > m->button_h ? th : m->button_h;
    title_box.y = hy + (header_h - th) / 2;
    title_box.h = th;
    text_block(a, dl, title, m->heading_px, FONT_BOLD, THEME.tile_title, THEME.bg, title_box,
               ALIGN_LEFT, 2, full);
    if (sw)
        button_look(a, dl, (rect){m->w - m->margin - sw, hy, sw, m->button_h}, switch_label,
                    ACT_LANG, next_lang, LOOK_SECONDARY, false);

    int grid_top = hy + header_h + m->gap, avail_w = m->w - 2 * m->margin;
    /* One kiosk, one Home: the grid kept off the stack, and chosen again
     * (some fifty trial layouts) only when what it depends on changed, not
     * on every frame (a press, a countdown). */
    static home_grid g;
    static struct {
        const app *a;
        const content_lang *lang;
        int w, h, body_px, grid_top;
        bool offered, facilitator;
    } key;
    bool offered = a->contact.available, facilitator = a->staff.facilitator;
    if (a->cache.home_stale || key.a != a || key.lang != lang || key.w != m->w || key.h != m->h ||
        key.body_px != m->body_px || key.grid_top != grid_top || key.offered != offered ||
        key.facilitator != facilitator) {
        choose_grid(a, &g, avail_w, m->h - m->margin / 2 - grid_top);
        if (g.pages > 1)
            choose_grid(a, &g, avail_w, nav_reserve_top(a, NULL, NULL) - grid_top);
        key.a = a, key.lang = lang, key.w = m->w, key.h = m->h, key.body_px = m->body_px;
        key.grid_top = grid_top, key.offered = offered, key.facilitator = facilitator;
        a->cache.home_stale = false;
    }
    a->cache.home_pages = g.pages;
    if (a->visit.home_page >= g.pages)
        a->visit.home_page = g.pages - 1;
    int edge = look_edge_px(m);
    int title_lh = a->tm->line_height(a->tm->ctx, g.title_px, FONT_BOLD);
    int y = grid_top;
    for (int r = g.page_first_row[a->visit.home_page]; r < g.page_first_row[a->visit.home_page + 1];
         r++) {
        for (int k = r * g.cols; k < lang->home_count && k < (r + 1) * g.cols; k++) {
            const content_doc *d = tile_at(a, k);
            int c = k % g.cols;
            rect t = {m->margin + c * (g.tile_w + m->gap), y, g.tile_w, g.row_h[r]};
            bool crisis_topic = d == lang->home[0];
            draw_fill(dl, t, THEME.tile);
            look_frame(dl, t, edge, THEME.edge);
            draw_fill(dl, (rect){t.x, t.y, edge * 4, t.h},
                      crisis_topic ? THEME.danger : THEME.tile_edge);
            const icon_def *icon = d->icon ? icon_by_name(d->icon) : NULL;
            int ix = t.x + edge * 4 + m->pad / 2;
            draw_icon(dl, (rect){ix, t.y + m->pad / 4, m->icon_px, m->icon_px},
                      icon ? icon->utf8 : ICON_BOOK, m->icon_px,
                      crisis_topic ? THEME.danger : THEME.accent, THEME.tile);
            rect tb = {ix + m->icon_px + m->pad / 2, t.y + m->pad / 4, g.inner, t.h - m->pad / 2};
            int title_h = text_block(a, dl, d->title, g.title_px, FONT_BOLD, THEME.tile_title,
                                     THEME.tile, tb, ALIGN_LEFT, 3, t);
            /* Without a staff key the form is not offered: its tile says where to go instead. */
            /* A facilitator's session never offers it either: nobody would wipe it. */
            bool is_contact = (int)(d - lang->docs) == a->content->contact_doc;
            bool no_form = form_not_offered(a, d);
            rect sb = {tb.x, tb.y + title_h + m->gap / 3, g.inner,
                       t.y + t.h - m->pad / 4 - (tb.y + title_h + m->gap / 3)};
            int sum_lh = a->tm->line_height(a->tm->ctx, m->small_px, FONT_REGULAR);
            if ((g.summaries || (no_form && g.desk_note)) && sb.h >= sum_lh)
                text_block(a, dl, no_form ? ui(a, "contact.unavailable") : d->summary, m->small_px,
                           FONT_REGULAR, THEME.muted, THEME.tile, sb, ALIGN_LEFT, sb.h / sum_lh, t);
            if (!(is_contact && a->staff.facilitator))
                draw_target_add(dl, t, ACT_OPEN_DOC, (int)(d - lang->docs));
            (void)title_lh;
        }
        y += g.row_h[r] + m->gap; /* rows apart by at least 2 mm, like every target */
    }
    if (g.pages > 1)
        nav_bar(a, dl, NULL, ACT_NONE, a->visit.home_page, g.pages, NULL);
}

/* The bottom row's front-desk note: its width and text height. */
static int desk_height(app *a, int width)
{
    rect full = {0, 0, a->m.w, a->m.h};
    return text_block(a, NULL, ui(a, "crisis.front_desk"), a->m.small_px, FONT_BOLD, THEME.text,
                      THEME.desk, (rect){0, 0, width, 0}, ALIGN_LEFT, 3, full);
}

/* What sits at the bottom row's right: nothing, Previous and Next (a small
 * panel that pages), or the take-home codes' button. */
typedef enum { TURN_NONE, TURN_PAGES, TURN_TAKE_HOME } turn_kind;

/* The bottom row: Back in its fixed place, the front desk note beside it
 * (on the first screen; on a narrow screen in a row of its own above), and
 * at the right the take-home button, or Previous and Next where the list
 * pages (each only where it leads somewhere). */
typedef struct {
    rect back, prev, next, take, desk;
    int desk_w, desk_h, top;
    bool desk_shown;
} crisis_bottom;

static crisis_bottom crisis_bottom_row(app *a, turn_kind kind, int page, int pages, bool desk)
{
    const metrics *m = &a->m;
    crisis_bottom b = {0};
    int y = m->h - m->margin / 2 - m->button_h, room = m->w - 2 * m->margin;
    int bw = button_width(a, ui(a, "nav.back"));
    bool prev = kind == TURN_PAGES && page > 0, next = kind == TURN_PAGES && page + 1 < pages;
    int pw = prev ? button_width(a, ui(a, "nav.previous")) : 0,
        nw = next ? button_width(a, ui(a, "nav.next")) : 0;
    int tw = kind == TURN_TAKE_HOME ? button_width(a, ui(a, "take_home.button")) : 0;
    int shown = 1 + (pw > 0) + (nw > 0) + (tw > 0),
        total = bw + pw + nw + tw + (shown - 1) * m->gap;
    if (total > room) { /* larger text on a narrow screen: they share the row */
        long sum = bw + pw + nw + tw, share = room - (shown - 1) * m->gap;
        bw = (int)(bw * share / sum), pw = (int)(pw * share / sum), nw = (int)(nw * share / sum),
        tw = (int)(tw * share / sum);
    }
    b.back = (rect){m->margin, y, bw, m->button_h};
    int right = m->w - m->margin;
    if (nw) {
        b.next = (rect){right - nw, y, nw, m->button_h};
        right -= nw + m->gap;
    }
    if (pw) {
        b.prev = (rect){right - pw, y, pw, m->button_h};
        right -= pw + m->gap;
    }
    if (tw) {
        b.take = (rect){right - tw, y, tw, m->button_h};
        right -= tw + m->gap;
    }
    b.top = y;
    b.desk_shown = desk;
    if (!b.desk_shown)
        return b;
    int x = m->margin + bw + m->gap;
    right += shown > 1 ? 0 : m->gap; /* nothing at the right: the note runs to the margin */
    b.desk_w = right - x - 2 * m->pad;
    if (b.desk_w < m->w / 3) {
        b.desk_w = room - 2 * m->pad;
        b.desk_h = desk_height(a, b.desk_w);
        int bh = b.desk_h + m->pad / 2;
        b.desk = (rect){m->margin, y - m->gap - bh, room, bh};
    } else {
        b.desk_h = desk_height(a, b.desk_w);
        b.desk = (rect){x, y, right - x, m->button_h};
        if (b.desk_h + m->pad / 2 > b.desk.h) {
            b.desk.h = b.desk_h + m->pad / 2;
            b.desk.y = y + m->button_h - b.desk.h;
        }
    }
    b.top = b.desk.y < y ? b.desk.y : y;
    return b;
}

/* The title's width: up to Leave when presenting. */
static int title_width(app *a, int top)
{
    const metrics *m = &a->m;
    if (presenting(a))
        return facilitator_leave_rect(a, top).x - m->gap - m->margin;
    return m->w - 2 * m->margin;
}

/* Whether the page count fits on the title's line at its right (else it
 * takes a line of its own under the title). */
static bool count_beside(app *a, int top)
{
    const metrics *m = &a->m;
    char widest[128];
    page_words(a, "nav.page_of", 87, 88, widest, sizeof widest); /* the widest count */
    const char *title = ui(a, "crisis.title");
    int tw = a->tm->text_width(a->tm->ctx, title, (int)strlen(title), m->heading_px, FONT_BOLD);
    int cw = a->tm->text_width(a->tm->ctx, widest, (int)strlen(widest), m->small_px, FONT_BOLD);
    return tw + m->gap + cw <= title_width(a, top);
}

/* The title row: the title's line (and the page count's where the list
 * pages and it does not fit beside), or as tall as Leave when presenting. */
static int title_row(app *a, int top, int *title_y, bool counted)
{
    const metrics *m = &a->m;
    int lh = a->tm->line_height(a->tm->ctx, m->heading_px, FONT_BOLD);
    *title_y = top + m->gap / 2;
    if (counted && !count_beside(a, top))
        lh += a->tm->line_height(a->tm->ctx, m->small_px, FONT_BOLD);
    /* Presenting, Leave sits at the title row's right (facilitator_band):
     * the row is as tall as the button, with a target's gap under it. */
    int row = lh + m->gap / 2;
    if (presenting(a)) {
        rect leave = facilitator_leave_rect(a, top);
        int under = leave.y + leave.h + m->gap - *title_y;
        row = under > row ? under : row;
    }
    return *title_y + row;
}

/* The area under the title and above the bottom row, desk: with the
 * front-desk note in that row. */
static rect area_with(app *a, int top, int *title_y, turn_kind kind, int page, int pages, bool desk)
{
    const metrics *m = &a->m;
    rect area = {m->margin, title_row(a, top, title_y, kind == TURN_PAGES), m->w - 2 * m->margin,
                 0};
    area.h = crisis_bottom_row(a, kind, page, pages, desk).top - m->gap / 2 - area.y;
    return area;
}

/* A full screen of help lines where the list pages (any after the first:
 * no desk note): the cards' columns are chosen for it, the same on every
 * screen. */
static int page_height(app *a, int top)
{
    int title_y;
    return area_with(a, top, &title_y, TURN_PAGES, 1, 3, false).h;
}

/* Where the list pages, the front-desk note sits beside Back on the first
 * screen unless even the first row of cards would not fit above it (the
 * largest text step on a 7" panel): then that screen goes without it. */
static bool desk_on_first(app *a, int top)
{
    int title_y;
    rect area = area_with(a, top, &title_y, TURN_PAGES, 0, 2, true);
    crisis_fit f =
        crisis_card_layout(NULL, lang_of(a)->help, a->tm, &a->m, area, 0, page_height(a, top));
    return f.height <= area.h;
}

static bool desk_shown(app *a, int top, turn_kind kind, int page)
{
    return kind != TURN_PAGES || (page == 0 && desk_on_first(a, top));
}

/* The area the help lines have on screen page of pages, under the title
 * and above the bottom row. */
static rect crisis_area(app *a, int top, int *title_y, turn_kind kind, int page, int pages)
{
    return area_with(a, top, title_y, kind, page, pages, desk_shown(a, top, kind, page));
}

/* The take-home codes' own screen: no front-desk note and no title (the
 * caption is the title there), the room down to the buttons; where the
 * list pages, under the page count's line. */
static rect codes_area(app *a, int top, bool paged)
{
    const metrics *m = &a->m;
    int title_y;
    rect area = {m->margin, title_row(a, top, &title_y, false), m->w - 2 * m->margin, 0};
    area.y =
        title_y + (paged ? a->tm->line_height(a->tm->ctx, m->small_px, FONT_BOLD) + m->gap / 2 : 0);
    area.h = m->h - m->margin / 2 - m->button_h - m->gap / 2 - area.y;
    return area;
}

/* A help-lines screen of several: the front-desk note on the first only,
 * the next ones get the room down to the buttons. */
static rect lines_area(app *a, int top, int page, int pages)
{
    int title_y;
    return crisis_area(a, top, &title_y, TURN_PAGES, page, pages);
}

/* Whether the help lines fit area in the given form or a richer one, every
 * name and detail whole. */
static bool fits_as(app *a, const content_doc *help, rect area, crisis_form form)
{
    crisis_fit f = crisis_card_layout(NULL, help, a->tm, &a->m, area, 0, 0);
    return f.fits && f.form <= form && !f.cut;
}

/* The take-home codes (988's site, the center's phone) on the help lines'
 * screen when both fit: in a column at the right on a wide screen, else
 * under the lines. Shrinks *area to what the lines keep and sets *codes;
 * false (nothing changed) when they do not fit together. */
static bool codes_with_card(app *a, rect *area, rect *codes)
{
    const metrics *m = &a->m;
    const content_doc *help = lang_of(a)->help;
    if (!help->link_count)
        return false;
    /* The lines first: the codes join them only where the lines keep the
     * form they have alone (details, names whole), never a cramped one. */
    crisis_form alone = crisis_card_layout(NULL, help, a->tm, m, *area, 0, 0).form;
    if (alone == CRISIS_BARE) /* the room goes to the lines' notes first (their own button) */
        return false;
    if (m->w > m->h)
        for (int part = 4; part >= 3; part--) { /* a quarter of the width, or a third */
            rect col = {area->x + area->w - area->w / part, area->y, area->w / part, area->h};
            int h = a11y_take_home(a, NULL, help, col);
            rect rest = *area;
            rest.w -= col.w + m->gap;
            if (h > 0 && fits_as(a, help, rest, alone)) {
                *area = rest;
                *codes = (rect){col.x, col.y, col.w, h};
                return true;
            }
        }
    for (int part = 2; part <= 4; part++) { /* at most half the height, a third, a quarter */
        int h = a11y_take_home(a, NULL, help, (rect){area->x, 0, area->w, area->h / part});
        rect rest = *area;
        rest.h -= h + m->gap;
        if (h > 0 && fits_as(a, help, rest, alone)) {
            *area = rest;
            *codes = (rect){area->x, area->y + area->h + m->gap, area->w, h};
            return true;
        }
    }
    return false;
}

/* How many screens the take-home codes take when they cannot join the help
 * lines: one, or on a small panel one a code. */
static int codes_screens(app *a, rect area)
{
    const content_doc *help = lang_of(a)->help;
    if (!help->link_count)
        return 0;
    return a11y_take_home(a, NULL, help, area) > 0 ? 1 : help->link_count;
}

/* How many help lines the screens before page show (the list pages). */
static int lines_before(app *a, int top, int page, int pages)
{
    const content_doc *help = lang_of(a)->help;
    int first = 0;
    for (int p = 0; p < page; p++)
        first += crisis_card_layout(NULL, help, a->tm, &a->m, lines_area(a, top, p, pages), first,
                                    page_height(a, top))
                     .shown;
    return first;
}

/* Screens of help lines (1 unless even the compact list cannot fit); and
 * in *codes, the screens after them for the take-home codes when they do
 * not fit under the lines: the lines come first, always. */
static int card_pages(app *a, int top, int *codes, bool *button)
{
    int title_y;
    rect area = crisis_area(a, top, &title_y, TURN_NONE, 0, 1);
    const content_doc *help = lang_of(a)->help;
    *codes = 0;
    *button = false;
    if (crisis_card_layout(NULL, help, a->tm, &a->m, area, 0, 0).fits &&
        (!help->link_count || codes_with_card(a, &area, &(rect){0})))
        return 1;
    /* The help lines on one screen, the codes behind a button of their own
     * beside Back (never paging buttons for a person in crisis). */
    area = crisis_area(a, top, &title_y, TURN_TAKE_HOME, 0, 1);
    if (crisis_card_layout(NULL, help, a->tm, &a->m, area, 0, 0).fits &&
        a11y_take_home(a, NULL, help, codes_area(a, top, false)) > 0) {
        *button = true;
        return 1;
    }
    /* Paging (a 7-inch panel): Next at the bottom right of the first
     * screen; the codes on screens of their own after the lines. */
    *codes = codes_screens(a, codes_area(a, top, true));
    int pages = 0;
    for (int first = 0; pages < CONTENT_MAX_DOCS;) {
        /* Screens after the first have no desk note: any page count > 1 lays them out alike. */
        crisis_fit f =
            crisis_card_layout(NULL, help, a->tm, &a->m, lines_area(a, top, pages, pages + 2),
                               first, page_height(a, top));
        pages++;
        first += f.shown;
        if (f.shown <= 0 || first >= f.cards)
            break;
    }
    return pages;
}

/* Where the list pages and the first screen has no room for the front-desk
 * note beside its first row of cards (the largest text on a 7" panel), the
 * note has a screen of its own after the help lines: 1, else 0. */
static int desk_page(app *a, int top, int pages)
{
    return pages > 1 && !desk_on_first(a, top) ? 1 : 0;
}

int crisis_pages(app *a, int top)
{
    int codes;
    bool take_button;
    int pages = card_pages(a, top, &codes, &take_button);
    return pages + (pages > 1 || codes ? desk_page(a, top, pages + codes) : 0) + codes;
}

/* The crisis screen: every help line on one screen (911 first, red, then
 * 988), the take-home codes under them when they fit, the front desk
 * beside Back at the bottom. Only where even the compact list cannot fit (a
 * 7-inch panel) does it page: "Page 1 of 3" at the title's right, Previous
 * and Next beside each other at the bottom right, the front desk on the
 * first screen. */
void draw_crisis_screen(app *a, draw_list *dl, int top)
{
    const metrics *m = &a->m;
    rect full = {0, 0, m->w, m->h};
    const content_doc *help = lang_of(a)->help;
    int title_y;
    int codes;
    bool take_button;
    int cards = card_pages(a, top, &codes, &take_button);
    int desk_alone = desk_page(a, top, cards + codes);
    int pages = cards + desk_alone + codes;
    turn_kind turn = pages > 1 ? TURN_PAGES : take_button ? TURN_TAKE_HOME : TURN_NONE;
    a->cache.crisis_pages = pages;
    if (a->visit.crisis_page >= pages)
        a->visit.crisis_page = pages - 1;
    if (!take_button)
        a->visit.crisis_codes = false;
    int page = a->visit.crisis_page;
    rect area = crisis_area(a, top, &title_y, turn, page, pages);
    bool on_desk = desk_alone && page == cards && !a->visit.crisis_codes;
    bool on_codes = page >= cards + desk_alone || a->visit.crisis_codes;
    int title_w = title_width(a, top);
    if (pages > 1) {
        /* Where the visitor is: the page count at the title's right, or on
         * a line of its own under it where it does not fit beside. */
        char label[128];
        page_words(a, "nav.page_of", page, pages, label, sizeof label);
        const char *count = dl ? draw_strdup(dl, label) : label;
        int cw = a->tm->text_width(a->tm->ctx, count, (int)strlen(count), m->small_px, FONT_BOLD);
        int lh = a->tm->line_height(a->tm->ctx, m->heading_px, FONT_BOLD);
        int ch = a->tm->line_height(a->tm->ctx, m->small_px, FONT_BOLD);
        rect at = count_beside(a, top)
                      ? (rect){m->margin + title_w - cw, title_y + (lh - ch) / 2, cw, ch}
                      : (rect){m->margin, title_y + lh, cw < title_w ? cw : title_w, ch};
        if (on_codes) /* the codes' screens: the count alone at the top */
            at = (rect){m->margin, title_y, cw < title_w ? cw : title_w, ch};
        text_block(a, dl, count, m->small_px, FONT_BOLD, THEME.muted, THEME.bg, at, ALIGN_LEFT, 1,
                   full);
        if (count_beside(a, top))
            title_w -= cw + m->gap;
    }
    if (!on_codes)
        text_block(a, dl, ui(a, "crisis.title"), m->heading_px, FONT_BOLD, THEME.tile_title,
                   THEME.bg, (rect){m->margin, title_y, title_w, 0}, ALIGN_LEFT, 1, full);
    if (on_codes) {
        area = codes_area(a, top, pages > 1);
        if (codes <= 1) /* the codes' own screen, or one screen a code */
            a11y_take_home(a, dl, help, area);
        else
            a11y_take_home_links(a, dl, help, page - cards - desk_alone, 1, area);
    } else if (on_desk) {
        /* The front-desk note's own screen, its box at the top. */
        const char *desk = ui(a, "crisis.front_desk");
        int inner = area.w - 2 * m->pad;
        int dh = text_block(a, NULL, desk, m->small_px, FONT_BOLD, THEME.text, THEME.desk,
                            (rect){0, 0, inner, 0}, ALIGN_LEFT, MAX_LINES, full);
        rect box = {area.x, area.y, area.w, dh + m->pad};
        draw_fill(dl, box, THEME.desk);
        text_block(a, dl, desk, m->small_px, FONT_BOLD, THEME.text, THEME.desk,
                   (rect){box.x + m->pad, box.y + m->pad / 2, inner, dh}, ALIGN_LEFT, MAX_LINES,
                   box);
    } else {
        rect codes_r = {0};
        bool with_codes = pages == 1 && !take_button && codes_with_card(a, &area, &codes_r);
        int first = pages > 1 ? lines_before(a, top, page, pages) : 0;
        a->cache.crisis_bare =
            crisis_card_layout(dl, help, a->tm, m, area, first, pages > 1 ? page_height(a, top) : 0)
                .form == CRISIS_BARE;
        if (with_codes)
            a11y_take_home(a, dl, help, codes_r);
    }
    /* Bottom row: Back in its fixed place, the front desk beside it, and
     * the take-home button or, on a small panel that pages, Previous and Next. */
    turn_kind row = a->visit.crisis_codes ? TURN_NONE : turn;
    bool desk = !on_codes && !on_desk && desk_shown(a, top, row, page);
    crisis_bottom b = crisis_bottom_row(a, row, page, pages, desk);
    button(a, dl, b.back, ui(a, "nav.back"), ACT_BACK, 0, false);
    if (b.take.w > 0)
        button(a, dl, b.take, ui(a, "take_home.button"), ACT_TAKE_HOME, 0, false);
    if (b.prev.w > 0)
        button(a, dl, b.prev, ui(a, "nav.previous"), ACT_PREV, 0, true);
    if (b.next.w > 0)
        button(a, dl, b.next, ui(a, "nav.next"), ACT_NEXT, 0, true);
    if (!b.desk_shown)
        return;
    draw_fill(dl, b.desk, THEME.desk);
    text_block(a, dl, ui(a, "crisis.front_desk"), m->small_px, FONT_BOLD, THEME.text, THEME.desk,
               (rect){b.desk.x + m->pad, b.desk.y + (b.desk.h - b.desk_h) / 2, b.desk_w, b.desk_h},
               ALIGN_LEFT, 3, b.desk);
}
