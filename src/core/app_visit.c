/* app_visit: the visitor's screens: attract, Home, reader, crisis, idle warning, groups. */
#include "app_internal.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>

/* ======================================================================
 * Screens
 * ==================================================================== */

/* The attract screen is every visitor's first screen: it invites in every
 * language, each the same size, and tapping a language's own words starts in
 * that language (a tap anywhere else starts in the first). The center's name
 * and language buttons follow. */
static void draw_attract(app *a, draw_list *dl, int top)
{
    const metrics *m = &a->m;
    rect screen = {0, top, m->w, m->h - top};
    draw_target_add(dl, screen, ACT_WAKE, 0);
    int w = m->col_w, x = m->col_x;
    const content_set *c = a->content;
    int n = c->lang_count;
    /* "Choose your language · Elija su idioma": every language's own words. */
    char choose_all[512] = "";
    for (int i = 0; i < n; i++) {
        if (i)
            str_append(choose_all, sizeof choose_all, " · ");
        str_append(choose_all, sizeof choose_all,
                   content_ui(&c->langs[(a->visit.lang + i) % n], "attract.choose_language"));
    }
    const char *choose = n > 1 ? draw_strdup(dl, choose_all) : ui(a, "attract.choose_language");
    int lang_h = m->button_h;
    rect measure = {0, 0, w, 0};
    /* Each language's block: title, subtitle (when there is room), invitation. */
    int tpx = n > 1 ? m->heading_px : m->title_px;
    int block_h[CONTENT_MAX_LANGS], sub_h[CONTENT_MAX_LANGS], blocks = 0, subs = 0;
    for (int i = 0; i < n; i++) {
        const content_lang *l = &c->langs[(a->visit.lang + i) % n];
        block_h[i] = text_block(a, NULL, content_ui(l, "attract.title"), tpx, FONT_BOLD,
                                THEME.tile_title, THEME.bg, measure, ALIGN_CENTER, 3, screen) +
                     text_block(a, NULL, content_ui(l, "attract.touch"), m->body_px, FONT_BOLD,
                                THEME.accent, THEME.bg, measure, ALIGN_CENTER, 2, screen) +
                     m->gap / 4;
        sub_h[i] = text_block(a, NULL, content_ui(l, "attract.subtitle"), m->small_px, FONT_REGULAR,
                              THEME.text, THEME.bg, measure, ALIGN_CENTER, 3, screen);
        blocks += block_h[i] + m->gap + m->gap / 4;
        subs += sub_h[i];
    }
    int ch = text_block(a, NULL, choose, m->small_px, FONT_REGULAR, THEME.muted, THEME.bg, measure,
                        ALIGN_CENTER, 2, screen);
    /* The center's logo and name (content's manifest "center"), first. */
    rect logo = {0};
    int name_h = c->center_name
                     ? text_block(a, NULL, c->center_name, m->small_px, FONT_BOLD, THEME.muted,
                                  THEME.bg, measure, ALIGN_CENTER, 2, screen) +
                           m->gap / 2
                     : 0;
    if (c->center_logo.src && c->center_logo.image_w > 0 && c->center_logo.image_h > 0) {
        /* About 15 mm tall (a sixth of a short panel at most), never wider than the column. */
        logo.h = (int)(15.0 / m->mm_per_px);
        if (logo.h > (m->h - top) / 6)
            logo.h = (m->h - top) / 6;
        logo.w = (int)((long long)logo.h * c->center_logo.image_w / c->center_logo.image_h);
        if (logo.w > w) {
            logo.w = w;
            logo.h = (int)((long long)w * c->center_logo.image_h / c->center_logo.image_w);
        }
    }
    /* What goes when the panel is short: the subtitles, the "choose your
     * language" line (the buttons say it in each language), then the logo,
     * then the name. */
    int avail = m->h - top, core = blocks + lang_h + m->gap;
    int logo_h = logo.h > 0 ? logo.h + m->gap / 2 : 0;
    int ident = core + name_h + logo_h <= avail ? name_h + logo_h
                : core + name_h <= avail        ? name_h
                                                : 0;
    if (ident < name_h + logo_h)
        logo.h = 0;
    bool with_choose = blocks + ident + ch + m->gap / 2 + lang_h + m->gap <= avail;
    int rest = ident + (with_choose ? ch + m->gap / 2 : 0) + lang_h;
    bool with_sub = blocks + subs + rest + m->gap <= avail;
    int total = blocks + (with_sub ? subs : 0) + rest;
    int y = top + (m->h - top - total) / 2;
    if (y < top + m->gap / 2)
        y = top + m->gap / 2;
    if (logo.h > 0) {
        logo.x = (m->w - logo.w) / 2;
        logo.y = y;
        draw_image(dl, logo, c->center_logo.src);
        y += logo_h;
    }
    if (ident > 0 && c->center_name)
        y += text_block(a, dl, c->center_name, m->small_px, FONT_BOLD, THEME.muted, THEME.bg,
                        (rect){x, y, w, 0}, ALIGN_CENTER, 2, screen) +
             m->gap / 2;
    for (int i = 0; i < n; i++) {
        int li = (a->visit.lang + i) % n;
        const content_lang *l = &c->langs[li];
        int y0 = y;
        y += text_block(a, dl, content_ui(l, "attract.title"), tpx, FONT_BOLD, THEME.tile_title,
                        THEME.bg, (rect){x, y, w, 0}, ALIGN_CENTER, 3, screen);
        if (with_sub)
            y += text_block(a, dl, content_ui(l, "attract.subtitle"), m->small_px, FONT_REGULAR,
                            THEME.text, THEME.bg, (rect){x, y, w, 0}, ALIGN_CENTER, 3, screen);
        y += m->gap / 4;
        y += text_block(a, dl, content_ui(l, "attract.touch"), m->body_px, FONT_BOLD,
                        THEME.callout_label, THEME.bg, (rect){x, y, w, 0}, ALIGN_CENTER, 2, screen);
        /* This language's words start in this language. */
        if (n > 1)
            draw_target_add(dl, (rect){x, y0, w, y - y0}, ACT_LANG, li);
        y += m->gap + m->gap / 4;
    }
    if (with_choose)
        y += text_block(a, dl, choose, m->small_px, FONT_REGULAR, THEME.muted, THEME.bg,
                        (rect){x, y, w, ch}, ALIGN_CENTER, 2, screen) +
             m->gap / 2;
    /* Language buttons, side by side, each in its own language. */
    int bw = (w - (n - 1) * m->gap * 2) / n;
    int max_bw = (int)(420 * m->s);
    if (bw > max_bw)
        bw = max_bw;
    int row_w = n * bw + (n - 1) * m->gap * 2;
    int bx = (m->w - row_w) / 2;
    if (y + lang_h > m->h - m->margin / 4) {
        /* A short panel: the buttons keep their place at the bottom, and the
         * invitations' targets end a gap above them. */
        y = m->h - m->margin / 4 - lang_h;
        for (int t = 0; t < dl->target_count; t++) {
            draw_target *tg = &dl->targets[t];
            if (tg->act == ACT_LANG && tg->r.y + tg->r.h > y - m->gap)
                tg->r.h = y - m->gap - tg->r.y > 1 ? y - m->gap - tg->r.y : 1;
        }
    }
    for (int i = 0; i < n; i++) {
        const char *name = content_ui(&c->langs[i], "language.name");
        button(a, dl, (rect){bx + i * (bw + 2 * m->gap), y, bw, lang_h}, name, ACT_LANG, i, true);
    }
}

static const char *page_prompt(const app *a, const content_doc *doc, const doc_layout *dl, int page)
{
    if (!doc->prompts || page < 0 || page >= dl->page_count)
        return NULL;
    for (int r = dl->page_first[page]; r < dl->page_first[page + 1]; r++) {
        if (dl->rows[r].block < 0)
            continue;
        int section = content_block_section(doc, dl->rows[r].block);
        return section >= 1 && section <= doc->prompt_count ? doc->prompts[section - 1] : NULL;
    }
    (void)a;
    return NULL;
}

static void draw_reader(app *a, draw_list *dl, int top)
{
    const metrics *m = &a->m;
    const content_doc *doc = &lang_of(a)->docs[a->visit.doc];
    /* Running head: the module, the part this page is in and a bar of the
     * pages read (reader_nav.c): a control that opens the list of parts;
     * presenting, Leave beside it, where it is on every screen presenting
     * reaches. */
    rect full = {0, 0, m->w, m->h};
    /* One Home (presenting: the list of modules), in its fixed place, and
     * after a link or from the list of parts, Back in that place. */
    bool back = nav_can_go_back(a) || a->visit.parts_open;
    const char *home = ui(a, back ? "nav.back" : "nav.home"), *done = NULL;
    /* The page's room is the same whichever word is there. */
    const char *widest =
        button_width(a, ui(a, "nav.back")) > button_width(a, home) ? ui(a, "nav.back") : home;
    int area_bottom = nav_reserve_top(a, widest, done);
    int area_y = reader_text_top(a, top);
    /* Facilitators get the discussion prompt above the navigation; the panel
     * keeps one height for the whole module so pages do not shift. */
    int panel_h = 0, label_h = 0;
    if (a->staff.facilitator && doc->prompts) {
        label_h = a->tm->line_height(a->tm->ctx, m->small_px, FONT_BOLD);
        for (int i = 0; i < doc->prompt_count; i++) {
            if (!doc->prompts[i])
                continue;
            int h =
                text_block(a, NULL, doc->prompts[i], m->small_px, FONT_REGULAR, THEME.text,
                           THEME.desk, (rect){0, 0, m->col_w - 2 * m->pad, 0}, ALIGN_LEFT, 5, full);
            panel_h = h > panel_h ? h : panel_h;
        }
        if (panel_h)
            panel_h += label_h + m->pad;
        area_bottom -= panel_h + (panel_h ? m->gap : 0);
    }
    ensure_layout(a, &a->cache.reader, doc, m->col_w, area_bottom - area_y);
    const doc_layout *dl_ = &a->cache.reader.layout;
    a->visit.page =
        a11y_keep_place(a, dl_, a->visit.page); /* after "A+": the same text on screen */
    if (a->visit.page >= dl_->page_count)
        a->visit.page = dl_->page_count - 1;
    if (a->visit.parts_open) {
        reader_parts_draw(a, dl, doc, dl_, top);
        return;
    }
    reader_head(a, dl, doc, dl_, a->visit.page, top); /* read aloud before the page */
    doc_layout_draw(dl_, a->visit.page, m->col_x, area_y, m, dl);
    if (panel_h) {
        rect panel = {m->col_x, area_bottom + m->gap / 2, m->col_w, panel_h};
        draw_fill(dl, panel, THEME.desk);
        const char *prompt = page_prompt(a, doc, dl_, a->visit.page);
        text_block(a, dl, ui(a, "facilitator.prompt"), m->small_px, FONT_BOLD, THEME.text,
                   THEME.desk,
                   (rect){panel.x + m->pad, panel.y + m->pad / 2, panel.w - 2 * m->pad, label_h},
                   ALIGN_LEFT, 1, panel);
        if (prompt)
            text_block(
                a, dl, prompt, m->small_px, FONT_REGULAR, THEME.text, THEME.desk,
                (rect){panel.x + m->pad, panel.y + m->pad / 2 + label_h, panel.w - 2 * m->pad, 0},
                ALIGN_LEFT, 5, panel);
    }
    nav_bar(a, dl, home, back ? ACT_BACK : ACT_HOME, a->visit.page, dl_->page_count, done);
}

void draw_idle_warning(app *a, draw_list *dl, int top)
{
    const metrics *m = &a->m;
    rect below = {0, top, m->w, m->h - top};
    if (a->visit.screen == SCREEN_ATTRACT || a->visit.screen == SCREEN_NOTICE ||
        a->visit.screen == SCREEN_FORM || a->visit.screen == SCREEN_REVIEW)
        draw_fill(dl, below, THEME.bg); /* else the page is behind a dim */
    draw_target_add(dl, below, ACT_STAY, 0);
    int cw = m->col_w < (int)(960 * m->s) ? m->col_w : (int)(960 * m->s);
    int inner = cw - 2 * m->pad;
    char seconds[16], countdown[160];
    str_format(seconds, sizeof seconds, "%d", a->idle.warning_seconds);
    const char *names[] = {"seconds"}, *values[] = {seconds};
    str_fill(countdown, sizeof countdown,
             ui(a, a->idle.warning_seconds == 1 ? "idle.countdown_one" : "idle.countdown"), names,
             values, 1);
    const char *count_text = draw_strdup(dl, countdown);
    const char *title = ui(a, "idle.title"), *body = ui(a, "idle.body"), *stay = ui(a, "idle.stay");
    int th = text_block(a, NULL, title, m->heading_px, FONT_BOLD, THEME.tile_title, THEME.card,
                        (rect){0, 0, inner, 0}, ALIGN_CENTER, 3, below);
    int bh = text_block(a, NULL, body, m->body_px, FONT_REGULAR, THEME.text, THEME.card,
                        (rect){0, 0, inner, 0}, ALIGN_CENTER, 4, below);
    int ch = text_block(a, NULL, count_text, m->body_px, FONT_BOLD, THEME.accent, THEME.card,
                        (rect){0, 0, inner, 0}, ALIGN_CENTER, 2, below);
    int bth = m->button_h * 6 / 5;
    int stripe = (int)(10 * m->s) + 1;
    int card_h = stripe + m->pad * 2 + th + m->gap + bh + m->gap + ch + 2 * m->gap + bth;
    rect card = {(m->w - cw) / 2, top + (m->h - top - card_h) / 2, cw, card_h};
    draw_fill(dl, card, THEME.card);
    look_frame(dl, card, look_edge_px(m), THEME.edge);
    draw_fill(dl, (rect){card.x, card.y, card.w, stripe}, THEME.accent);
    int x = card.x + m->pad, y = card.y + stripe + m->pad;
    y += text_block(a, dl, title, m->heading_px, FONT_BOLD, THEME.tile_title, THEME.card,
                    (rect){x, y, inner, th}, ALIGN_CENTER, 3, card) +
         m->gap;
    y += text_block(a, dl, body, m->body_px, FONT_REGULAR, THEME.text, THEME.card,
                    (rect){x, y, inner, bh}, ALIGN_CENTER, 4, card) +
         m->gap;
    y += text_block(a, dl, count_text, m->body_px, FONT_BOLD, THEME.accent, THEME.card,
                    (rect){x, y, inner, ch}, ALIGN_CENTER, 2, card) +
         2 * m->gap;
    int bw = button_width(a, stay) * 3 / 2; /* the one thing to do: a large button */
    if (bw > inner)
        bw = inner;
    button(a, dl, (rect){card.x + (cw - bw) / 2, y, bw, bth}, stay, ACT_STAY, 0, true);
}

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
    if (next && ON(PIECE_LABEL))
        cy += text_block(a, dl, ui(a, e->in_progress ? "groups.now" : "groups.next"), px, FONT_BOLD,
                         THEME.accent, THEME.tile, (rect){cx, cy, inner, 0}, ALIGN_LEFT, 1, card);
    if (ON(PIECE_NAME) || first > PIECE_NAME) /* a card continued: its name again */
        cy += text_block(a, dl, g->name, px * 5 / 4, FONT_BOLD, THEME.tile_title, THEME.tile,
                         (rect){cx, cy, inner, 0}, ALIGN_LEFT, 2, card);
    char line[400];
    if (ON(PIECE_WHEN) && !e->none) {
        time_t t = (time_t)e->start_unix;
        struct tm tm;
        localtime_r(&t, &tm);
        char day_key[8], iso[16], date[64], time_s[32];
        str_format(day_key, sizeof day_key, "day.%d", tm.tm_wday);
        strftime(iso, sizeof iso, "%Y-%m-%d", &tm);
        format_date(a, iso, date, sizeof date);
        format_time(a, &tm, time_s, sizeof time_s);
        const char *names[] = {"day", "date", "time"}, *values[] = {ui(a, day_key), date, time_s};
        str_fill(line, sizeof line, ui(a, "groups.when"), names, values, 3);
        cy += text_block(a, dl, dl ? draw_strdup(dl, line) : line, px, FONT_BOLD, THEME.text,
                         THEME.tile, (rect){cx, cy, inner, 0}, ALIGN_LEFT, 2, card);
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

/* The whole card. */
static int group_card(app *a, draw_list *dl, const schedule_entry *e, bool next, rect card,
                      int edge, int px)
{
    return group_card_part(a, dl, e, next, card, edge, px, 0, PIECE_COUNT);
}

/* A stretch of one card on a page of the schedule: its pieces [first, end). */
typedef struct {
    int card, first, end, h;
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

/* Height of parts [first, end) on one page, with the gaps between. */
static int parts_height(const app *a, const card_part *parts, int first, int end)
{
    int h = 0;
    for (int k = first; k < end; k++)
        h += (k > first ? a->m.gap : 0) + parts[k].h;
    return h;
}

/* Splits the cards, one a row, into pages at piece boundaries (a card's
 * first three pieces stay together): the first and the last page have room
 * (the buttons sit above their navigation), the pages between room_rest
 * (the buttons are not repeated on them: the schedule takes their room).
 * Fills parts and page_first (parts index of each page's first part, pages
 * + 1 entries); returns the page count. */
static int page_cards(app *a, const schedule_entry *entries, int n, int cw, int edge, int px,
                      int room, int room_rest, card_part *parts, int *part_count, int *page_first,
                      int max_pages)
{
    const metrics *m = &a->m;
    int pages = 0, used = 0, count = 0;
    page_first[0] = 0;
    for (int i = 0; i < n; i++) {
        bool next = i == 0 && !entries[i].none;
        int kept[] = {0, PIECES_KEPT, PIECE_JOIN, PIECE_CANCELLED, PIECE_COUNT};
        int each[] = {0,          PIECE_NAME,      PIECE_WHEN, PIECE_PLACE,
                      PIECE_JOIN, PIECE_CANCELLED, PIECE_COUNT};
        rect measure = {0, 0, cw, 0};
        /* Which meeting, which group and when stay together, unless together
         * they are taller than a page (a narrow panel at a larger step). */
        int kept_h = group_card_part(a, NULL, &entries[i], next, measure, edge, px, 0, PIECES_KEPT);
        const int *bounds = kept_h <= room ? kept : each;
        int bound_count = kept_h <= room ? (int)(sizeof kept / sizeof kept[0])
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
                parts[count++] = (card_part){i, bounds[u], bounds[u + 1], opened + h};
            }
            used += need;
        }
    }
    page_first[++pages] = count;
    /* The last page holds the buttons too: what does not fit with them
     * moves on to a page of its own (the fewest parts that must; a part
     * alone too tall for them stays, and that page goes without them). */
    int last = page_first[pages - 1];
    if (pages > 1 && parts_height(a, parts, last, count) > room && pages < max_pages) {
        int k = last + 1;
        while (k < count && parts_height(a, parts, k, count) > room)
            k++;
        if (k < count) {
            page_first[pages] = k;
            page_first[++pages] = count;
        }
    }
    *part_count = count;
    return pages;
}

static void draw_group_part(app *a, draw_list *dl, const schedule_entry *entries, card_part p,
                            rect card, int edge_next, int px)
{
    const metrics *m = &a->m;
    bool next = p.card == 0 && !entries[0].none;
    draw_fill(dl, card, next ? THEME.accent : THEME.tile_edge);
    int edge = next ? edge_next : (int)(6 * m->s) + 1;
    draw_fill(dl, (rect){card.x + edge, card.y, card.w - edge, card.h}, THEME.tile);
    group_card_part(a, dl, &entries[p.card], next, card, edge, px, p.first, p.end);
}

static void draw_groups(app *a, draw_list *dl, int top)
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
            int h = group_card(a, NULL, &entries[i], i == 0 && !entries[i].none,
                               (rect){0, 0, cw, 0}, edge_next, px);
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
        text_block(a, dl, ui(a, "groups.title"), title_px, FONT_BOLD, THEME.tile_title, THEME.bg,
                   (rect){m->margin, title_y, title_box.w, 0}, ALIGN_LEFT, 2, full);
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
                draw_group_part(a, dl, entries, (card_part){i, 0, PIECE_COUNT, row_h[r]},
                                (rect){m->margin + (i % cols) * (cw + m->gap), y, cw, row_h[r]},
                                edge_next, px);
            y += row_h[r] + m->gap;
        }
    } else {
        /* Paged: where the visitor is, as in the reader: the title, the
         * page of the pages and a bar of one segment a page, on one line. */
        int lh = reader_head_height(a);
        rect head = {m->margin, top + m->gap, m->w - 2 * m->margin, lh};
        y = head.y + head.h + m->gap;
        b = place_groups_buttons(a, contact, true);
        enum { MAX_PARTS = CONTENT_MAX_GROUPS * 4, MAX_PAGES = MAX_PARTS };
        card_part parts[MAX_PARTS];
        int part_count = 0, page_first[MAX_PAGES + 1];
        int room_rest = nav_reserve_top(a, ui(a, "nav.home"), NULL) - m->gap - y;
        pages = page_cards(a, entries, n, cw, edge_next, px, b.top - m->gap - y, room_rest, parts,
                           &part_count, page_first, MAX_PAGES);
        if (a->visit.groups_page >= pages)
            a->visit.groups_page = pages - 1;
        int page = a->visit.groups_page;
        with_buttons = page == 0 || (page == pages - 1 &&
                                     parts_height(a, parts, page_first[page],
                                                  page_first[page + 1]) <= b.top - m->gap - y);
        char num[16], total[16], where[128], line[512];
        str_format(num, sizeof num, "%d", page + 1);
        str_format(total, sizeof total, "%d", pages);
        const char *names[] = {"page", "pages"}, *values[] = {num, total};
        str_fill(where, sizeof where, ui(a, "nav.page_of"), names, values, 2);
        str_format(line, sizeof line, "%s · %s", ui(a, "groups.title"), where);
        text_block(a, dl, draw_strdup(dl, line), m->small_px, FONT_BOLD, THEME.tile_title, THEME.bg,
                   head, ALIGN_LEFT, 1, full);
        progress_bar(a, dl, head, page, pages);
        for (int k = page_first[a->visit.groups_page]; k < page_first[a->visit.groups_page + 1];
             k++) {
            draw_group_part(a, dl, entries, parts[k], (rect){m->margin, y, cw, parts[k].h},
                            edge_next, px);
            y += parts[k].h + m->gap;
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

/* ======================================================================
 * The visitor's screens: events
 * ==================================================================== */

static bool visit_owns(screen_id s)
{
    return s == SCREEN_ATTRACT || s == SCREEN_HOME || s == SCREEN_READER || s == SCREEN_CRISIS ||
           s == SCREEN_GROUPS;
}

/* Pages of the paged screens, from the layouts drawn (1 elsewhere). */
static int visit_pages(const app *a, int *page)
{
    int p = 0, n = 1;
    switch (a->visit.screen) {
    case SCREEN_READER:
        p = a->visit.parts_open ? a->visit.parts_page : a->visit.page;
        n = a->visit.parts_open   ? a->visit.parts_pages
            : a->cache.reader.doc ? a->cache.reader.layout.page_count
                                  : 1;
        break;
    case SCREEN_CRISIS:
        p = a->visit.crisis_page;
        n = a->cache.crisis_pages;
        break;
    case SCREEN_HOME:
        p = a->visit.home_page;
        n = a->cache.home_pages;
        break;
    case SCREEN_GROUPS:
        p = a->visit.groups_page;
        n = a->cache.groups_pages;
        break;
    default:
        break;
    }
    if (page)
        *page = p;
    return n;
}

/* False on a screen this module does not page (the form's notice and
 * review page themselves). */
static bool turn_page(app *a, int delta)
{
    int *page = a->visit.screen == SCREEN_READER && a->visit.parts_open ? &a->visit.parts_page
                : a->visit.screen == SCREEN_READER                      ? &a->visit.page
                : a->visit.screen == SCREEN_CRISIS                      ? &a->visit.crisis_page
                : a->visit.screen == SCREEN_HOME                        ? &a->visit.home_page
                : a->visit.screen == SCREEN_GROUPS                      ? &a->visit.groups_page
                                                                        : NULL;
    if (!page)
        return false;
    int next = *page + delta;
    if (next >= 0 && next < visit_pages(a, NULL)) {
        *page = next;
        a->frame.dirty = true;
        /* Pages reached: counted once a session, the furthest only grows. */
        if (a->visit.screen == SCREEN_READER && !a->visit.parts_open && a->visit.doc >= 0 &&
            a->visit.doc < CONTENT_MAX_DOCS && next + 1 > a->visit.reached[a->visit.doc] &&
            next < 255) {
            char item[48];
            str_format(item, sizeof item, "%s#%d", lang_of(a)->docs[a->visit.doc].id, next + 1);
            session_count(a, USAGE_PAGE, item);
            a->visit.reached[a->visit.doc] = (unsigned char)(next + 1);
        }
    }
    return true;
}

static void open_crisis(app *a)
{
    if (a->visit.screen != SCREEN_CRISIS)
        session_count(a, USAGE_CRISIS, "");
    if (a->visit.screen != SCREEN_CRISIS)
        a->visit.crisis_return = a->visit.screen;
    a->visit.screen = SCREEN_CRISIS;
    a->visit.crisis_page = 0;
    a->visit.crisis_codes = false;
    a->frame.dirty = true;
}

/* Home: the visitor's Home; presenting, the list of modules to present. */
static void go_home(app *a)
{
    a->visit.screen = presenting(a) ? SCREEN_FACILITATOR_PICK : SCREEN_HOME;
    a->visit.parts_open = false;
    nav_forget(a);
    a->frame.dirty = true;
}

static bool visit_act(app *a, const draw_target *t)
{
    if (reader_parts_act(a, t))
        return true;
    switch (t->act) {
    case ACT_WAKE:
        a->visit.screen = SCREEN_HOME;
        a->visit.home_page = 0;
        session_count(a, USAGE_SESSION, "");
        session_count(a, USAGE_LANGUAGE, lang_of(a)->code);
        return true;
    case ACT_LANG:
        if (t->arg >= 0 && t->arg < a->content->lang_count && t->arg != a->visit.lang) {
            a->visit.lang = t->arg;
            a->cache.reader.doc = a->cache.crisis.doc = NULL;
            if (a->visit.screen != SCREEN_ATTRACT)
                session_count(a, USAGE_LANGUAGE, lang_of(a)->code);
        }
        if (a->visit.screen == SCREEN_ATTRACT) {
            a->visit.screen = SCREEN_HOME;
            session_count(a, USAGE_SESSION, "");
            session_count(a, USAGE_LANGUAGE, lang_of(a)->code);
        }
        a->visit.home_page = 0;
        return true;
    case ACT_LINK: /* a link in a page: Back returns to the page it is on */
        if (t->arg < 0 || t->arg >= lang_of(a)->doc_count)
            return true;
        nav_push(a);
        return visit_act(a, &(draw_target){t->r, ACT_OPEN_DOC, t->arg});
    case ACT_OPEN_DOC:
        if (a->visit.screen == SCREEN_HOME || a->visit.screen == SCREEN_FACILITATOR_PICK)
            nav_forget(a); /* a tile starts a new trail (Home reached any way) */
        if (t->arg == a->content->contact_doc && presenting(a))
            return true; /* presenting to a group: no visitor form on a facilitator's session */
        if (t->arg == a->content->contact_doc && a->contact.available) {
            a->visit.screen = SCREEN_NOTICE; /* the form's first screen */
            return true;
        }
        if (t->arg == a->content->groups_doc && lang_of(a)->group_count > 0 && !presenting(a)) {
            a->visit.screen = SCREEN_GROUPS;
            a->visit.groups_page = 0;
            return true;
        }
        /* fall through */
    case ACT_READ_DOC:
        if (t->act == ACT_READ_DOC && a->visit.screen == SCREEN_GROUPS)
            nav_push(a); /* "About the groups": Back returns to the schedule */
        a->visit.doc = t->arg;
        a->visit.page = 0;
        a->visit.parts_open = false;
        a->visit.screen = SCREEN_READER;
        if (a->visit.doc < CONTENT_MAX_DOCS && a->visit.reached[a->visit.doc] == 0) {
            const char *id = lang_of(a)->docs[a->visit.doc].id;
            char item[48];
            session_count(a, USAGE_MODULE, id);
            str_format(item, sizeof item, "%s#1", id);
            session_count(a, USAGE_PAGE, item);
            a->visit.reached[a->visit.doc] = 1;
        }
        return true;
    case ACT_HOME:
        go_home(a);
        return true;
    case ACT_NEXT:
        return turn_page(a, 1);
    case ACT_PREV:
        return turn_page(a, -1);
    case ACT_CRISIS:
        open_crisis(a);
        return true;
    case ACT_TAKE_HOME:
        a->visit.crisis_codes = true;
        return true;
    case ACT_BACK:
        if (a->visit.screen == SCREEN_CRISIS && a->visit.crisis_codes)
            a->visit.crisis_codes = false; /* from the codes back to the help lines */
        else if (a->visit.screen != SCREEN_CRISIS && nav_pop(a))
            a->cache.reader.doc = NULL; /* back to a page: laid out again, its number kept */
        else
            a->visit.screen = a->visit.crisis_return;
        return true;
    case ACT_STAY:
        return true;
    default:
        return false;
    }
}

static void visit_key(app *a, key_code key)
{
    if (a->visit.screen == SCREEN_ATTRACT) {
        a->visit.screen = SCREEN_HOME;
        a->frame.dirty = true;
    } else if (key == KEY_RIGHT || key == KEY_PAGE_DOWN || key == KEY_DOWN) {
        turn_page(a, 1);
    } else if (key == KEY_LEFT || key == KEY_PAGE_UP || key == KEY_UP) {
        turn_page(a, -1);
    } else if (key == KEY_HOME) {
        go_home(a);
    }
}

static void visit_swipe(app *a, int dx, int dy)
{
    int adx = dx < 0 ? -dx : dx, ady = dy < 0 ? -dy : dy;
    if (a->visit.screen == SCREEN_ATTRACT) {
        a->visit.screen = SCREEN_HOME;
        a->frame.dirty = true;
    } else if (adx >= (int)(120 * a->m.s) && adx > 2 * ady) {
        turn_page(a, dx < 0 ? 1 : -1);
    }
}

static void visit_draw(app *a, draw_list *dl, int top)
{
    switch (a->visit.screen) {
    case SCREEN_ATTRACT:
        draw_attract(a, dl, top);
        break;
    case SCREEN_HOME:
        draw_home(a, dl, top);
        break;
    case SCREEN_READER:
        draw_reader(a, dl, top);
        break;
    case SCREEN_CRISIS:
        draw_crisis_screen(a, dl, top);
        break;
    default:
        draw_groups(a, dl, top);
        break;
    }
}

const screen_module visit_screens = {.owns = visit_owns,
                                     .draw = visit_draw,
                                     .act = visit_act,
                                     .key = visit_key,
                                     .swipe = visit_swipe,
                                     .pages = visit_pages};
