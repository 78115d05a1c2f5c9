/* app_groups: the support groups' schedule, a visitor's screen of app_visit.c
 * (which owns its events): the cards, on one screen when they fit, else paged
 * between a card's pieces, with the reader's "where am I" line. */
#include "app_internal.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* ======================================================================
 * Support groups
 * ==================================================================== */

/* A card's pieces, in order: what a small panel may split between pages
 * (the first three always stay together: which meeting, which group, when). */
enum { PIECE_LABEL, PIECE_NAME, PIECE_WHEN, PIECE_PLACE, PIECE_JOIN, PIECE_CANCELLED, PIECE_COUNT };
enum { PIECES_KEPT = PIECE_PLACE };

/* One group's card text at detail size px, its pieces [first, end) only;
 * dl NULL only measures. Returns the height used. */
static int group_card_part(app *a, draw_list *dl, const schedule_entry *e, bool next, rect card,
                           int edge, int px, int first, int end)
{
    const metrics *m = &a->m;
    const content_group *g = &lang_of(a)->groups[e->group];
    int inner = card.w - edge - 2 * m->pad, cx = card.x + edge + m->pad, cy = card.y + m->pad / 2;
#define ON(k) ((k) >= first && (k) < end)
    /* "Next meeting" at the end of the name's line where both fit on it
     * (a line of a small panel's page back), else on a line above. */
    const char *label = next ? ui(a, e->in_progress ? "groups.now" : "groups.next") : NULL;
    int name_px = px * 5 / 4;
    int label_w =
        label ? a->tm->text_width(a->tm->ctx, label, (int)strlen(label), px, FONT_BOLD) : 0;
    int name_w = a->tm->text_width(a->tm->ctx, g->name, (int)strlen(g->name), name_px, FONT_BOLD);
    bool beside =
        label && ON(PIECE_LABEL) && ON(PIECE_NAME) && name_w + 2 * m->gap + label_w <= inner;
    char line[400] = "";
    if (!e->none)
        format_when(a, e->start_unix, line, sizeof line);
    /* Else at the start of the date's line ("Next meeting  Tuesday, ..."). */
    int when_w = a->tm->text_width(a->tm->ctx, line, (int)strlen(line), px, FONT_BOLD);
    bool before_when = label && !beside && !e->none && ON(PIECE_LABEL) && ON(PIECE_WHEN) &&
                       label_w + 2 * m->gap + when_w <= inner;
    if (label && ON(PIECE_LABEL) && !beside && !before_when)
        cy += text_block(a, dl, label, px, FONT_BOLD, THEME.accent, THEME.tile,
                         (rect){cx, cy, inner, 0}, ALIGN_LEFT, 1, card);
    if (beside) {
        int name_lh = a->tm->line_height(a->tm->ctx, name_px, FONT_BOLD);
        int label_lh = a->tm->line_height(a->tm->ctx, px, FONT_BOLD);
        text_block(a, dl, label, px, FONT_BOLD, THEME.accent, THEME.tile,
                   (rect){cx + inner - label_w, cy + (name_lh - label_lh) / 2, label_w, 0},
                   ALIGN_LEFT, 1, card);
    }
    if (ON(PIECE_NAME) || first > PIECE_NAME) /* a card continued: its name again */
        cy += text_block(a, dl, g->name, name_px, FONT_BOLD, THEME.tile_title, THEME.tile,
                         (rect){cx, cy, beside ? inner - label_w - 2 * m->gap : inner, 0},
                         ALIGN_LEFT, 2, card);
    if (ON(PIECE_WHEN) && !e->none) {
        int wx = cx;
        if (before_when) {
            text_block(a, dl, label, px, FONT_BOLD, THEME.accent, THEME.tile,
                       (rect){cx, cy, label_w, 0}, ALIGN_LEFT, 1, card);
            wx += label_w + 2 * m->gap;
        }
        cy += text_block(a, dl, dl ? draw_strdup(dl, line) : line, px, FONT_BOLD, THEME.text,
                         THEME.tile, (rect){wx, cy, cx + inner - wx, 0}, ALIGN_LEFT, 2, card);
    } else if (ON(PIECE_WHEN)) {
        cy += text_block(a, dl, ui(a, "groups.none"), px, FONT_BOLD, THEME.avoid_label, THEME.tile,
                         (rect){cx, cy, inner, 0}, ALIGN_LEFT, 2, card);
    }
    const char *names1[] = {"room"}, *values1[] = {g->room ? g->room : ""};
    str_fill(line, sizeof line, ui(a, g->online ? "groups.online" : "groups.in_person"), names1,
             values1, 1);
    const char *names2[] = {"language"}, *values2[] = {g->language};
    char lang_line[160];
    str_fill(lang_line, sizeof lang_line, ui(a, "groups.language"), names2, values2, 1);
    str_append(line, sizeof line, " · ");
    str_append(line, sizeof line, lang_line);
    if (ON(PIECE_PLACE))
        cy += text_block(a, dl, dl ? draw_strdup(dl, line) : line, px, FONT_REGULAR, THEME.muted,
                         THEME.tile, (rect){cx, cy, inner, 0}, ALIGN_LEFT, MAX_LINES, card);
    if (ON(PIECE_JOIN))
        cy += text_block(a, dl, g->join, px, FONT_REGULAR, THEME.muted, THEME.tile,
                         (rect){cx, cy, inner, 0}, ALIGN_LEFT, MAX_LINES, card);
    if (e->skipped && ON(PIECE_CANCELLED)) {
        char date[64];
        format_date(a, e->skipped->date, date, sizeof date);
        const char *names3[] = {"date", "note"}, *values3[] = {date, e->skipped->note};
        str_fill(line, sizeof line, ui(a, "groups.cancelled"), names3, values3, 2);
        cy += text_block(a, dl, dl ? draw_strdup(dl, line) : line, px, FONT_BOLD, THEME.avoid_label,
                         THEME.tile, (rect){cx, cy, inner, 0}, ALIGN_LEFT, 3, card);
    }
#undef ON
    return cy - card.y + m->pad / 2;
}

/* Whether two words are the same, case aside (ASCII letters: "español" and
 * "Español"). */
static bool same_word(const char *x, const char *y)
{
    for (; *x && *y; x++, y++) {
        char cx = *x >= 'A' && *x <= 'Z' ? (char)(*x - 'A' + 'a') : *x;
        char cy = *y >= 'A' && *y <= 'Z' ? (char)(*y - 'A' + 'a') : *y;
        if (cx != cy)
            return false;
    }
    return *x == *y;
}

/* The groups held in the visitor's language first (a group's "language" is
 * the language's own name, "language.name", case aside: "español" for a
 * Spanish reader), each part in the schedule's order (by date). Returns
 * where the soonest meeting went (its card says "Next meeting"), or -1. */
static int visitor_language_first(const app *a, schedule_entry *entries, int n)
{
    const content_lang *lang = lang_of(a);
    const char *own = content_ui(lang, "language.name");
    schedule_entry sorted[CONTENT_MAX_GROUPS];
    int k = 0, next = -1;
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < n; i++) {
            const char *held = lang->groups[entries[i].group].language;
            bool mine = held && own && same_word(held, own);
            if (mine == (pass == 0)) {
                if (i == 0 && !entries[0].none)
                    next = k;
                sorted[k++] = entries[i];
            }
        }
    memcpy(entries, sorted, (size_t)n * sizeof *entries);
    return next;
}

/* The whole card. */
static int group_card(app *a, draw_list *dl, const schedule_entry *e, bool next, rect card,
                      int edge, int px)
{
    return group_card_part(a, dl, e, next, card, edge, px, 0, PIECE_COUNT);
}

/* A stretch of one card on a page of the schedule: its pieces [first, end). */
typedef struct {
    int card, first, end, h;
    int col; /* its column: the parts of a row (col 0 first) share its height */
} card_part;

/* The groups screen's buttons: "Ask us to contact you" and "About the
 * groups" in one row above the navigation when the schedule pages (else
 * contact above, About beside Home), so the schedule keeps the room. */
typedef struct {
    const char *contact, *more;
    rect contact_r, more_r;
    int top; /* of the buttons */
} groups_buttons;

static groups_buttons place_groups_buttons(app *a, const char *contact, bool paging)
{
    const metrics *m = &a->m;
    groups_buttons b = {
        contact, a->content->groups_doc >= 0 ? ui(a, "groups.more") : NULL, {0}, {0}, 0};
    int nav_y = m->h - m->margin / 2 - m->button_h, row_y = nav_y - m->gap - m->button_h;
    if (paging) /* the page count may take a line of its own above the navigation */
        row_y = nav_reserve_top(a, ui(a, "nav.home"), NULL) - m->button_h;
    int mw = b.more ? button_width(a, b.more) : 0, room = m->w - 2 * m->margin;
    if (!paging || !b.more) {
        if (b.more)
            b.more_r = (rect){m->w - m->margin - mw, nav_y, mw, m->button_h};
        if (contact)
            b.contact_r = (rect){m->margin, row_y, room, m->button_h};
        b.top = contact ? row_y : nav_y;
        return b;
    }
    /* Paging: Previous and Next join Home on the navigation row. */
    if (contact) { /* side by side; on a narrow screen they share the row (labels in two lines) */
        int cw = button_width(a, contact);
        if (cw + m->gap + mw > room) {
            mw = (int)((long)mw * (room - m->gap) / (cw + mw));
            cw = room - m->gap - mw;
        } else {
            cw = room - mw - m->gap;
        }
        b.contact_r = (rect){m->margin, row_y, cw, m->button_h};
        b.more_r = (rect){m->w - m->margin - mw, row_y, mw, m->button_h};
    } else {
        b.more_r = (rect){m->w - m->margin - mw, row_y, mw, m->button_h};
    }
    b.top = row_y;
    return b;
}

/* Height of parts [first, end) on one page, with the gaps between (a row
 * of cards counted once). */
static int parts_height(const app *a, const card_part *parts, int first, int end)
{
    int h = 0;
    for (int k = first; k < end; k++)
        if (parts[k].col == 0)
            h += (k > first ? a->m.gap : 0) + parts[k].h;
    return h;
}

/* Whole cards in rows of cols (a wide screen's two columns): every row on
 * one page, as tall as its tallest card. The first page has room, the
 * others room_rest. Fills parts and page_first like page_cards; returns
 * the page count, or 0 when a row is taller than a page. */
static int page_rows(app *a, const schedule_entry *entries, int n, int next_card, int cols, int cw,
                     int edge, int px, int room, int room_rest, card_part *parts, int *part_count,
                     int *page_first)
{
    const metrics *m = &a->m;
    int pages = 0, used = 0;
    page_first[0] = 0;
    for (int r = 0; r * cols < n; r++) {
        int row_h = 0;
        for (int i = r * cols; i < n && i < (r + 1) * cols; i++) {
            int h = group_card(a, NULL, &entries[i], i == next_card, (rect){0, 0, cw, 0}, edge, px);
            row_h = h > row_h ? h : row_h;
        }
        if (row_h > (room > room_rest ? room : room_rest))
            return 0;
        int need = (used ? m->gap : 0) + row_h;
        if (used && used + need > (pages == 0 ? room : room_rest)) {
            page_first[++pages] = r * cols;
            used = 0;
            need = row_h;
        }
        used += need;
        for (int i = r * cols; i < n && i < (r + 1) * cols; i++)
            parts[i] = (card_part){i, 0, PIECE_COUNT, row_h, i % cols};
    }
    page_first[++pages] = n;
    *part_count = n;
    return pages;
}

/* Splits the cards, one a row, into pages, every card whole on one page (a
 * card split over two reads as two meetings, one without a date or a
 * place): the first page has room, the others room_rest. Only a card
 * taller than a whole page (a narrow panel at a larger text step) goes on
 * between its pieces, its first three (which meeting, which group, when)
 * together, its name again on the next page. Fills parts and page_first
 * (parts index of each page's first part, pages + 1 entries); returns the
 * page count. */
static int page_cards(app *a, const schedule_entry *entries, int n, int next_card, int cw, int edge,
                      int px, int room, int room_rest, card_part *parts, int *part_count,
                      int *page_first, int max_pages)
{
    const metrics *m = &a->m;
    int pages = 0, used = 0, count = 0;
    page_first[0] = 0;
    for (int i = 0; i < n; i++) {
        bool next = i == next_card;
        int whole_card[] = {0, PIECE_COUNT};
        int kept[] = {0, PIECES_KEPT, PIECE_JOIN, PIECE_CANCELLED, PIECE_COUNT};
        int each[] = {0,          PIECE_NAME,      PIECE_WHEN, PIECE_PLACE,
                      PIECE_JOIN, PIECE_CANCELLED, PIECE_COUNT};
        rect measure = {0, 0, cw, 0};
        /* Which meeting, which group and when stay together, unless together
         * they are taller than a page (a narrow panel at a larger step). */
        int kept_h = group_card_part(a, NULL, &entries[i], next, measure, edge, px, 0, PIECES_KEPT);
        int whole_h = group_card(a, NULL, &entries[i], next, measure, edge, px);
        int most = room > room_rest ? room : room_rest;
        const int *bounds = whole_h <= most ? whole_card : kept_h <= most ? kept : each;
        int bound_count = whole_h <= most  ? 2
                          : kept_h <= most ? (int)(sizeof kept / sizeof kept[0])
                                           : (int)(sizeof each / sizeof each[0]);
        int name_h = group_card_part(a, NULL, &entries[i], next, measure, edge, px, PIECE_NAME,
                                     PIECE_NAME + 1) -
                     m->pad;
        for (int u = 0; u + 1 < bound_count; u++) {
            int h = group_card_part(a, NULL, &entries[i], next, measure, edge, px, bounds[u],
                                    bounds[u + 1]) -
                    m->pad - (bounds[u] > PIECE_NAME ? name_h : 0);
            if (h <= 0)
                continue;
            bool joins = count > page_first[pages] && parts[count - 1].card == i;
            int opened =
                m->pad +
                (bounds[u] > PIECE_NAME ? name_h : 0); /* a continued card repeats its name */
            int need = joins ? h : (used ? m->gap : 0) + opened + h;
            if (used && used + need > (pages == 0 ? room : room_rest) && pages + 1 < max_pages) {
                page_first[++pages] = count;
                used = 0;
                joins = false;
                need = opened + h;
            }
            if (joins) {
                parts[count - 1].end = bounds[u + 1];
                parts[count - 1].h += h;
            } else {
                parts[count++] = (card_part){i, bounds[u], bounds[u + 1], opened + h, 0};
            }
            used += need;
        }
    }
    page_first[++pages] = count;
    *part_count = count;
    return pages;
}

static void draw_group_part(app *a, draw_list *dl, const schedule_entry *entries, int next_card,
                            card_part p, rect card, int edge_next, int px)
{
    const metrics *m = &a->m;
    bool next = p.card == next_card;
    draw_fill(dl, card, next ? THEME.accent : THEME.tile_edge);
    int edge = next ? edge_next : (int)(6 * m->s) + 1;
    draw_fill(dl, (rect){card.x + edge, card.y, card.w - edge, card.h}, THEME.tile);
    group_card_part(a, dl, &entries[p.card], next, card, edge, px, p.first, p.end);
}

void draw_groups(app *a, draw_list *dl, int top)
{
    const metrics *m = &a->m;
    rect full = {0, 0, m->w, m->h};
    const content_lang *lang = lang_of(a);
    int y = top + m->gap;
    /* The title at the heading size, or (a narrow panel at a larger step,
     * where the heading would leave the schedule under a quarter of the
     * screen) at the bold body size. */
    int title_px = m->heading_px;
    rect title_box = {m->margin, y, m->w - 2 * m->margin, 0};
    int th = text_block(a, NULL, ui(a, "groups.title"), title_px, FONT_BOLD, THEME.tile_title,
                        THEME.bg, title_box, ALIGN_LEFT, 2, full);
    if (place_groups_buttons(a, NULL, true).top - 2 * m->button_h - (y + th) < m->h / 4)
        title_px = m->body_px;
    int title_y = y;
    y += text_block(a, NULL, ui(a, "groups.title"), title_px, FONT_BOLD, THEME.tile_title, THEME.bg,
                    title_box, ALIGN_LEFT, 2, full) +
         m->gap / 2;
    schedule_entry entries[CONTENT_MAX_GROUPS];
    /* Meetings staff cancelled (data folder), worded in this language. */
    content_cancellation extra[SCHEDULE_STAFF_CANCEL_MAX];
    char reason_keys[SCHEDULE_STAFF_CANCEL_MAX][48];
    for (int i = 0; i < a->cancel.count; i++) {
        str_format(reason_keys[i], sizeof reason_keys[i], "cancel.reason.%s",
                   a->cancel.list[i].reason);
        extra[i] = (content_cancellation){a->cancel.list[i].date, a->cancel.list[i].group_id,
                                          ui(a, reason_keys[i])};
    }
    int n =
        schedule_upcoming_extra(lang, extra, a->cancel.count, a->idle.wall > 0 ? a->idle.wall : 0,
                                entries, CONTENT_MAX_GROUPS);
    int next_card = visitor_language_first(a, entries, n);
    const char *contact = a->content->contact_doc >= 0 && !a->staff.facilitator
                              ? lang->docs[a->content->contact_doc].title
                              : NULL;
    /* Details at the secondary size, never smaller. On one screen when every
     * card fits whole (two a row on a wide screen); else one card a row,
     * paged, a long card continued on the next page between its pieces. */
    int px = m->small_px, edge_next = (int)(14 * m->s) + 2;
    groups_buttons b = place_groups_buttons(a, contact, false);
    int bottom = b.top - m->gap;
    int cols = m->w > m->h ? 2 : 1, cw = 0, rows = 0, all_rows = 0;
    int row_h[CONTENT_MAX_GROUPS] = {0};
    for (;; cols--) {
        cw = (m->w - 2 * m->margin - (cols - 1) * m->gap) / cols;
        rows = (n + cols - 1) / cols;
        memset(row_h, 0, sizeof row_h);
        all_rows = 0;
        for (int i = 0; i < n; i++) {
            int h = group_card(a, NULL, &entries[i], i == next_card, (rect){0, 0, cw, 0}, edge_next,
                               px);
            row_h[i / cols] = h > row_h[i / cols] ? h : row_h[i / cols];
        }
        for (int r = 0; r < rows; r++)
            all_rows += row_h[r] + m->gap;
        if (cols == 1 || y + all_rows <= bottom)
            break;
    }
    int pages = 1;
    bool with_buttons = true;
    if (y + all_rows <= bottom) {
        int title_w = draft_chip(a, dl, (rect){m->margin, title_y, title_box.w, 0});
        text_block(a, dl, ui(a, "groups.title"), title_px, FONT_BOLD, THEME.tile_title, THEME.bg,
                   (rect){m->margin, title_y, title_w, 0}, ALIGN_LEFT, 2, full);
        /* One screen. The family-programs page to take home above the
         * buttons, when the cards still fit beside it (else "About the
         * groups" has it). */
        const content_doc *groups_doc =
            a->content->groups_doc >= 0 ? &lang->docs[a->content->groups_doc] : NULL;
        rect take = {m->margin, 0, m->w - 2 * m->margin, (bottom - y) / 2};
        take.h = a11y_take_home(a, NULL, groups_doc, take);
        if (take.h > 0 && y + all_rows <= bottom - take.h - m->gap) {
            take.y = bottom - take.h;
            a11y_take_home(a, dl, groups_doc, take);
        }
        for (int r = 0; r < rows; r++) {
            for (int i = r * cols; i < n && i < (r + 1) * cols; i++)
                draw_group_part(a, dl, entries, next_card, (card_part){i, 0, PIECE_COUNT, row_h[r]},
                                (rect){m->margin + (i % cols) * (cw + m->gap), y, cw, row_h[r]},
                                edge_next, px);
            y += row_h[r] + m->gap;
        }
    } else {
        /* Paged: where the visitor is, as in the reader: the title over a
         * bar of one segment a page, the page count in the navigation. */
        int lh = reader_head_height(a);
        rect head = {m->margin, top + m->gap, m->w - 2 * m->margin, lh};
        y = head.y + head.h + m->gap;
        b = place_groups_buttons(a, contact, true);
        enum { MAX_PARTS = CONTENT_MAX_GROUPS * 4, MAX_PAGES = MAX_PARTS };
        static card_part parts[MAX_PARTS], try_parts[MAX_PARTS]; /* one kiosk: off the stack */
        int part_count = 0, page_first[MAX_PAGES + 2], try_first[MAX_PAGES + 2];
        /* A page's cards end a target's gap above the navigation (or the
         * buttons, where they are). */
        int room = b.top - m->gap - y, room_rest = nav_reserve_top(a, ui(a, "nav.home"), NULL) - y;
        /* Whole cards in rows: two a row on a wide screen where that takes
         * fewer pages, else one (a card taller than a page goes on between
         * its pieces: page_cards). The buttons go with the first meeting
         * where it fits whole beside them; else after the last meeting, on
         * its page or a page of their own. */
        bool buttons_first = false;
        pages = 0;
        for (int c = m->w > m->h ? 2 : 1; c >= 1; c--) {
            int ccw = (m->w - 2 * m->margin - (c - 1) * m->gap) / c, count = 0;
            int got = page_rows(a, entries, n, next_card, c, ccw, edge_next, px, room_rest,
                                room_rest, try_parts, &count, try_first);
            if (got == 0 && c > 1)
                continue;
            bool first = count > 0 && try_parts[0].h <= room;
            if (got > 0)
                got = page_rows(a, entries, n, next_card, c, ccw, edge_next, px,
                                first ? room : room_rest, room_rest, try_parts, &count, try_first);
            else { /* a card taller than a page, one column */
                first = false;
                got = page_cards(a, entries, n, next_card, ccw, edge_next, px, room_rest, room_rest,
                                 try_parts, &count, try_first, MAX_PAGES);
            }
            bool last_fits = parts_height(a, try_parts, try_first[got - 1], try_first[got]) <= room;
            if (!first && !last_fits)
                try_first[++got] = count; /* the buttons' own page, after the meetings */
            if (pages == 0 || got < pages) {
                pages = got, part_count = count, buttons_first = first, cw = ccw;
                memcpy(parts, try_parts, sizeof parts);
                memcpy(page_first, try_first, (size_t)(got + 1) * sizeof *page_first);
            }
        }
        bool last_fits = page_first[pages - 1] < part_count &&
                         parts_height(a, parts, page_first[pages - 1], page_first[pages]) <= room;
        if (a->visit.groups_page >= pages)
            a->visit.groups_page = pages - 1;
        int page = a->visit.groups_page;
        with_buttons = (buttons_first && page == 0) ||
                       (page == pages - 1 && (page_first[page] == part_count || last_fits));
        if (page_first[page] == part_count) { /* the buttons' page: the programs' code above */
            const content_doc *groups_doc =
                a->content->groups_doc >= 0 ? &lang->docs[a->content->groups_doc] : NULL;
            rect take = {m->margin, y, m->w - 2 * m->margin, room};
            take.h = a11y_take_home(a, NULL, groups_doc, take);
            if (take.h > 0) {
                take.y = b.top - m->gap - take.h;
                a11y_take_home(a, dl, groups_doc, take);
            }
        }
        /* The title and the draft mark: the page count is the navigation's,
         * at the bottom as in the reader (not said twice). */
        rect words = head;
        words.w = draft_chip(a, dl, head);
        text_block(a, dl, ui(a, "groups.title"), m->small_px, FONT_BOLD, THEME.tile_title,
                   THEME.bg, words, ALIGN_LEFT, 1, full);
        progress_bar(a, dl, (rect){head.x, head.y + head.h + m->gap / 2, head.w, 0}, page, pages);
        for (int k = page_first[page]; k < page_first[page + 1]; k++) {
            if (parts[k].col == 0 && k > page_first[page])
                y += parts[k - 1].h + m->gap;
            draw_group_part(a, dl, entries, next_card, parts[k],
                            (rect){m->margin + parts[k].col * (cw + m->gap), y, cw, parts[k].h},
                            edge_next, px);
        }
    }
    a->cache.groups_pages = pages;
    if (a->visit.groups_page >= pages)
        a->visit.groups_page = pages - 1;
    bool back = nav_can_go_back(a); /* reached by a link: Back returns to its page */
    nav_bar(a, dl, ui(a, back ? "nav.back" : "nav.home"), back ? ACT_BACK : ACT_HOME,
            a->visit.groups_page, pages, NULL);
    if (b.more && with_buttons)
        button(a, dl, b.more_r, b.more, ACT_READ_DOC, a->content->groups_doc, false);
    if (contact && with_buttons)
        button(a, dl, b.contact_r, contact, ACT_OPEN_DOC, a->content->contact_doc, true);
}
