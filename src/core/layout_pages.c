/* layout_pages: every page break of a document chosen at once; see the header. */
#include "layout_pages.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* What each choice costs. The weights make the order strict: a page under
 * the minimum fill outweighs any number of pages a document could have, a
 * page outweighs every finer preference of one page, and so on down. */
enum {
    /* Words not to say ("Instead of: ...") last on a page, what to say
     * instead on the next: a reader may stop there (safe messaging). */
    COST_AVOID_ENDS_PAGE = 3000000,
    COST_SHORT_PAGE = 1000000,      /* a page under LAYOUT_MIN_FILL_PERCENT */
    COST_SHORT_PERCENT = 10000,     /* each point under (60 at most: the count comes first) */
    COST_FORCED = 100000,           /* a chain taller than a page, broken where it must */
    COST_HEADING_ONE_LINE = 100000, /* a heading ends a page with one line under it, not two */
    COST_FITTING_SECTION = 20000,   /* a heading moved on though its section fit */
    COST_PAGE = 10000,
    COST_BOX_SPLIT = 15000,   /* a callout or help box continued: worse than a page more */
    COST_SECTION_SPLIT = 300, /* a section continued on the next page */
    COST_LONE_LINE = 150,     /* a paragraph's first or last line alone on a page */
    COST_MID_SENTENCE = 3000, /* a page ending inside a sentence ("Call" | "911 ...") */
};

typedef struct {
    int64_t cost;
    int from; /* the page that ends here starts at this row; -1: unreachable */
} page_end;

/* What the search knows of each row, worked out once: where a page may
 * start (a BREAK_* value), and the height from the row to its section's end
 * (the next heading or explicit break). */
typedef struct {
    unsigned char *rule;
    int *to_section_end;
} row_facts;

/* The row after a heading's own rows and the first `lines` text rows under
 * it. */
static int heading_start_end(const doc_layout *dl, int i, int lines)
{
    int j = i, text_rows = 0, piece = dl->rows[i].piece;
    while (j < dl->row_count && (dl->rows[j].piece == piece || dl->rows[j].kind == ROW_SPACE) &&
           (j == i || !dl->rows[j].starts_section))
        j++;
    while (j < dl->row_count && text_rows < lines && !dl->rows[j].starts_section &&
           !dl->rows[j].starts_page) {
        text_rows += dl->rows[j].kind != ROW_SPACE;
        j++;
    }
    return j;
}

static bool same_paragraph(const doc_row *a, const doc_row *b)
{
    return a->kind == ROW_TEXT && b->kind == ROW_TEXT && a->piece == b->piece && !b->beside;
}

/* Whether a line of text ends a sentence (., ?, !, : or ;, before any
 * closing quotes or brackets). */
static bool ends_sentence(const doc_row *r)
{
    if (r->kind != ROW_TEXT || !r->text)
        return false;
    int n = r->len;
    for (;;) {
        while (n > 0 && strchr(" \"')", r->text[n - 1]))
            n--;
        if (n >= 3 && memcmp(r->text + n - 3, "\xE2\x80\x9D", 3) == 0) /* a closing ” */
            n -= 3;
        else if (n >= 2 && memcmp(r->text + n - 2, "\xC2\xBB", 2) == 0) /* a closing » */
            n -= 2;
        else
            break;
    }
    return n > 0 && strchr(".?!:;", r->text[n - 1]) != NULL;
}

/* Whether a break before row i (a line of the paragraph row i-1 is in)
 * would split a sentence holding a number: "Call 911 or Poison Control
 * now" or a phone number is read whole, on one page. */
static bool splits_numbered_sentence(const doc_layout *dl, int i)
{
    const doc_row *rows = dl->rows;
    int first = i - 1, last = i;
    while (first > 0 && same_paragraph(&rows[first - 1], &rows[first]))
        first--;
    while (last + 1 < dl->row_count && same_paragraph(&rows[last], &rows[last + 1]))
        last++;
    const char *start = rows[first].text, *end = rows[last].text + rows[last].len;
    const char *at = rows[i].text, *back = at;
    while (back > start && back[-1] == ' ')
        back--;
    if (back == start || ends_sentence(&rows[i - 1]))
        return false; /* the break falls between sentences */
    while (back > start && !strchr(".?!:", back[-1]))
        back--;
    for (const char *c = back; c < end && !(c >= at && strchr(".?!:", *c)); c++)
        if (*c >= '0' && *c <= '9')
            return true;
    return false;
}

/* Where a page may start: anywhere (BREAK_FREE); after a heading and one
 * line of its section, not two (BREAK_ONE_LINE: only to save a page from
 * being half empty); or never (BREAK_HELD: kept with the row before it, or
 * a heading without a line of its section under it). */
enum { BREAK_FREE, BREAK_ONE_LINE, BREAK_HELD };

static void mark_breaks(const doc_layout *dl, unsigned char *rule)
{
    int n = dl->row_count;
    for (int i = 0; i <= n; i++)
        rule[i] = BREAK_FREE;
    for (int i = 1; i < n; i++) {
        const doc_row *r = &dl->rows[i];
        if (r->beside || (dl->rows[i - 1].keep_with_next && !r->split_ok) ||
            (same_paragraph(&dl->rows[i - 1], r) && splits_numbered_sentence(dl, i)))
            rule[i] = BREAK_HELD;
    }
    for (int i = 0; i < n; i++) {
        if (!dl->rows[i].starts_section)
            continue;
        int one = heading_start_end(dl, i, 1), two = heading_start_end(dl, i, 2);
        for (int j = i + 1; j < two; j++)
            if (j < one)
                rule[j] = BREAK_HELD;
            else if (rule[j] == BREAK_FREE)
                rule[j] = BREAK_ONE_LINE;
    }
}

/* to_section_end[i]: the height of rows i up to the next heading or break
 * (rows beside a code take none). */
static void measure_sections(const doc_layout *dl, int *to_section_end)
{
    int n = dl->row_count, rest = 0;
    for (int i = n - 1; i >= 0; i--) {
        const doc_row *next = i + 1 < n ? &dl->rows[i + 1] : NULL;
        if (!next || next->starts_section || next->starts_page)
            rest = 0;
        rest += dl->rows[i].beside ? 0 : dl->rows[i].h;
        to_section_end[i] = rest;
    }
}

/* What a page of rows [from, to) costs beyond the pages before it: drawn is
 * how far down it has something drawn, used its whole height. */
static int64_t page_cost(const doc_layout *dl, const row_facts *facts, int from, int to, int drawn,
                         int used, int area_h)
{
    const unsigned char *rule = facts->rule;
    const doc_row *rows = dl->rows;
    int64_t cost = COST_PAGE;
    if (to == dl->row_count || rows[to].starts_page)
        return cost; /* a document's last page, or one before an explicit break */
    if (rule[to] == BREAK_ONE_LINE)
        cost += COST_HEADING_ONE_LINE;
    int fill = area_h > 0 ? (int)((int64_t)drawn * 100 / area_h) : 100;
    if (fill < LAYOUT_MIN_FILL_PERCENT) /* and where one must be, the least short */
        cost += COST_SHORT_PAGE + (LAYOUT_MIN_FILL_PERCENT - fill) * COST_SHORT_PERCENT;
    if (fill < 100)
        cost += (100 - fill) * (100 - fill) / 10; /* prefer fuller pages, and even ones */
    if (rows[to].starts_section) {
        if (used + facts->to_section_end[to] <= area_h)
            cost += COST_FITTING_SECTION;
    } else {
        cost += COST_SECTION_SPLIT;
    }
    int last = to - 1; /* the last thing drawn, past spacing */
    while (last > from && rows[last].kind == ROW_SPACE && rows[last].box < 0)
        last--;
    if (rows[last].box_kind == BOX_AVOID && rows[to].box != rows[last].box &&
        !rows[to].starts_section)
        cost += COST_AVOID_ENDS_PAGE;
    if (rows[to].split_ok && rows[to - 1].keep_with_next)
        cost += COST_BOX_SPLIT;
    if (same_paragraph(&rows[to - 1], &rows[to]) && !ends_sentence(&rows[to - 1]))
        cost += COST_MID_SENTENCE;
    if (same_paragraph(&rows[to - 1], &rows[to]) &&
        (to - 1 == from || !same_paragraph(&rows[to - 2], &rows[to - 1]) ||
         to + 1 >= dl->row_count || !same_paragraph(&rows[to], &rows[to + 1])))
        cost += COST_LONE_LINE;
    return cost;
}

/* A row's height at y on its page: blank space never opens a page. */
static int height_at(const doc_row *r, int y)
{
    return y == 0 && r->kind == ROW_SPACE && r->box < 0 ? 0 : r->h;
}

int layout_cont_top(const doc_layout *dl, int first)
{
    if (first <= 0 || first >= dl->row_count)
        return 0;
    const doc_row *r = &dl->rows[first];
    return r->box >= 0 && r->box_kind == BOX_HELP && dl->rows[first - 1].box == r->box ? dl->cont_h
                                                                                       : 0;
}

static void relax(page_end *ends, int from, int to, int64_t cost)
{
    int64_t total = ends[from].cost + cost;
    if (ends[to].from < 0 || total < ends[to].cost) {
        ends[to].cost = total;
        ends[to].from = from;
    }
}

/* Fills ends[]: for each row, the cheapest way to end a page before it. */
static void choose_breaks(const doc_layout *dl, const row_facts *facts, page_end *ends, int area_h)
{
    int n = dl->row_count;
    for (int i = 0; i <= n; i++)
        ends[i] = (page_end){.cost = 0, .from = -1};
    ends[0].from = 0;
    for (int from = 0; from < n; from++) {
        if (ends[from].from < 0)
            continue;
        /* Two passes: the legal breaks; then, only when none fits (one
         * chain taller than the page), every break that fits, at a cost. */
        for (int pass = 0; pass < 2; pass++) {
            int y = layout_cont_top(dl, from), drawn = y, drawn_row = from;
            bool any = false;
            for (int to = from + 1; to <= n; to++) {
                const doc_row *r = &dl->rows[to - 1];
                if (!r->beside) {
                    int h = height_at(r, y);
                    if (y + h > area_h && to - 1 > from)
                        break; /* row to-1 does not fit: the page ends before it */
                    y += h;
                    if (r->kind != ROW_SPACE && h > 0)
                        drawn = y, drawn_row = to - 1;
                }
                if (y == 0 && to < n)
                    continue; /* nothing on the page yet (blank rows at a document's
                                 end go on the page before: see layout_paginate) */
                if (to < n && dl->rows[to].beside)
                    continue; /* a code's label stays beside it */
                bool forced = to == n || dl->rows[to].starts_page;
                if (forced || pass == 1 || facts->rule[to] != BREAK_HELD) {
                    int64_t cost = page_cost(dl, facts, from, to, drawn, y, area_h);
                    if (pass == 1 && !forced) /* twice when a heading would end the page */
                        cost += dl->rows[drawn_row].role == ROLE_HEADING ? 2 * COST_FORCED
                                                                         : COST_FORCED;
                    relax(ends, from, to, cost);
                    any = true;
                }
                if (forced)
                    break;
            }
            if (any)
                break;
        }
    }
}

/* Sets each row's page and y from page_first and page_count. */
static void place_rows(doc_layout *dl)
{
    int anchor = -1; /* the row a "beside" row sits next to */
    for (int p = 0; p < dl->page_count; p++) {
        int end = p + 1 < dl->page_count ? dl->page_first[p + 1] : dl->row_count;
        int y = layout_cont_top(dl, dl->page_first[p]);
        for (int i = dl->page_first[p]; i < end; i++) {
            doc_row *r = &dl->rows[i];
            if (r->beside && anchor >= 0) {
                r->page = dl->rows[anchor].page;
                r->y = dl->rows[anchor].y + r->beside_dy;
                continue;
            }
            anchor = i;
            r->h = height_at(r, y);
            r->page = p;
            r->y = y;
            y += r->h;
        }
    }
}

/* page_first and page_count from the chosen breaks. Pages past
 * LAYOUT_MAX_PAGES go on the last one (the validator refuses such content;
 * the layout never writes past). */
static void take_breaks(doc_layout *dl, const page_end *ends)
{
    int pages = 0;
    for (int to = dl->row_count; to > 0; to = ends[to].from)
        pages++;
    int page = pages;
    for (int to = dl->row_count; to > 0; to = ends[to].from)
        if (--page < LAYOUT_MAX_PAGES)
            dl->page_first[page] = ends[to].from;
    dl->truncated = pages > LAYOUT_MAX_PAGES;
    dl->page_count = pages < 1 ? 1 : pages > LAYOUT_MAX_PAGES ? LAYOUT_MAX_PAGES : pages;
    dl->page_first[0] = 0;
}

/* Out of memory: one row after another until the page is full. */
static void take_first_fit(doc_layout *dl, int area_h)
{
    int page = 0, y = 0;
    dl->page_first[0] = 0;
    for (int i = 0; i < dl->row_count; i++) {
        const doc_row *r = &dl->rows[i];
        if (r->beside)
            continue;
        if (y > 0 && (r->starts_page || y + r->h > area_h)) {
            if (page + 1 >= LAYOUT_MAX_PAGES) {
                dl->truncated = true;
                break;
            }
            dl->page_first[++page] = i;
            y = layout_cont_top(dl, i);
        }
        y += height_at(r, y);
    }
    dl->page_count = page + 1;
}

void layout_paginate(doc_layout *dl, int area_h)
{
    int n = dl->row_count;
    dl->truncated = false;
    row_facts facts = {malloc((size_t)(n + 1)), malloc((size_t)(n + 1) * sizeof(int))};
    page_end *ends = malloc((size_t)(n + 1) * sizeof *ends);
    if (facts.rule && facts.to_section_end && ends) {
        mark_breaks(dl, facts.rule);
        measure_sections(dl, facts.to_section_end);
        choose_breaks(dl, &facts, ends, area_h);
        take_breaks(dl, ends);
    } else {
        take_first_fit(dl, area_h);
    }
    place_rows(dl);
    free(facts.rule);
    free(facts.to_section_end);
    free(ends);
    /* Trailing spaces never make a page of their own. */
    while (dl->page_count > 1) {
        int first = dl->page_first[dl->page_count - 1];
        bool empty = true;
        for (int i = first; i < dl->row_count && empty; i++)
            empty = dl->rows[i].kind == ROW_SPACE;
        if (!empty)
            break;
        for (int i = first; i < dl->row_count; i++)
            dl->rows[i].page = dl->page_count - 2, dl->rows[i].h = 0;
        dl->page_count--;
    }
    dl->page_first[dl->page_count] = dl->row_count;
}
