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
    /* What goes when the panel is short: the subtitles, then the "choose
     * your language" line (the buttons say it in each language). */
    bool with_choose = blocks + ch + m->gap / 2 + lang_h + m->gap <= m->h - top;
    int rest = (with_choose ? ch + m->gap / 2 : 0) + lang_h;
    bool with_sub = blocks + subs + rest + m->gap <= m->h - top;
    int total = blocks + (with_sub ? subs : 0) + rest;
    int y = top + (m->h - top - total) / 2;
    if (y < top + m->gap / 2)
        y = top + m->gap / 2;
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
    /* Running head: the module title, small, so a reader knows where they are;
     * in facilitator mode it says so, plainly, on every page. */
    rect head = {m->col_x, top + m->gap, m->col_w, 0};
    int hpx = m->small_px;
    char head_text[256];
    str_format(head_text, sizeof head_text, "%s%s%s",
               a->staff.facilitator ? ui(a, "facilitator.mark") : "",
               a->staff.facilitator ? " · " : "", doc->title);
    const char *head_str = a->staff.facilitator ? draw_strdup(dl, head_text) : doc->title;
    head.h = text_block(a, NULL, head_str, hpx, FONT_BOLD, THEME.muted, THEME.bg, head, ALIGN_LEFT,
                        1, head);
    rect full = {0, 0, m->w, m->h};
    if (a->staff.facilitator)
        draw_fill(dl, (rect){0, head.y - m->gap / 2, m->w, head.h + m->gap}, THEME.desk);
    text_block(a, dl, head_str, hpx, FONT_BOLD, a->staff.facilitator ? THEME.text : THEME.muted,
               a->staff.facilitator ? THEME.desk : THEME.bg, head, ALIGN_LEFT, 1, full);
    int area_y = head.y + head.h + m->gap;
    /* One Home, in its fixed place: no second "Back to topics" that does the same. */
    const char *home = ui(a, a->staff.facilitator ? "facilitator.leave" : "nav.home"), *done = NULL;
    int area_bottom = nav_reserve_top(a, home, done);
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
    a->visit.page = a11y_keep_place(a, dl_, a->visit.page); /* after "A+": the same text on screen */
    if (a->visit.page >= dl_->page_count)
        a->visit.page = dl_->page_count - 1;
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
    nav_bar(a, dl, home, presenting(a) ? ACT_LEAVE : ACT_HOME, a->visit.page, dl_->page_count,
            done);
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

static void format_time(const app *a, const struct tm *tm, char *out, size_t size)
{
    char h12[4], h24[4], mm[4];
    str_format(h12, sizeof h12, "%d", tm->tm_hour % 12 ? tm->tm_hour % 12 : 12);
    str_format(h24, sizeof h24, "%d", tm->tm_hour);
    str_format(mm, sizeof mm, "%02d", tm->tm_min);
    const char *names[] = {"h12", "h24", "mm", "ampm"},
               *values[] = {h12, h24, mm, ui(a, tm->tm_hour < 12 ? "time.am" : "time.pm")};
    str_fill(out, size, ui(a, "time.format"), names, values, 4);
}

static void format_iso(const app *a, const char *iso, char *out, size_t size)
{
    format_date(a, iso, out, size);
}

/* One group's card text at detail size px; dl NULL only measures. Returns
 * the height used. */
static int group_card(app *a, draw_list *dl, const schedule_entry *e, bool next, rect card,
                      int edge, int px)
{
    const metrics *m = &a->m;
    const content_group *g = &lang_of(a)->groups[e->group];
    int inner = card.w - edge - 2 * m->pad, cx = card.x + edge + m->pad, cy = card.y + m->pad / 2;
    if (next)
        cy += text_block(a, dl, ui(a, e->in_progress ? "groups.now" : "groups.next"), px, FONT_BOLD,
                         THEME.accent, THEME.tile, (rect){cx, cy, inner, 0}, ALIGN_LEFT, 1, card);
    cy += text_block(a, dl, g->name, px * 5 / 4, FONT_BOLD, THEME.tile_title, THEME.tile,
                     (rect){cx, cy, inner, 0}, ALIGN_LEFT, 2, card);
    char line[400];
    if (!e->none) {
        time_t t = (time_t)e->start_unix;
        struct tm tm;
        localtime_r(&t, &tm);
        char day_key[8], iso[16], date[64], time_s[32];
        str_format(day_key, sizeof day_key, "day.%d", tm.tm_wday);
        strftime(iso, sizeof iso, "%Y-%m-%d", &tm);
        format_iso(a, iso, date, sizeof date);
        format_time(a, &tm, time_s, sizeof time_s);
        const char *names[] = {"day", "date", "time"}, *values[] = {ui(a, day_key), date, time_s};
        str_fill(line, sizeof line, ui(a, "groups.when"), names, values, 3);
        cy += text_block(a, dl, dl ? draw_strdup(dl, line) : line, px, FONT_BOLD, THEME.text,
                         THEME.tile, (rect){cx, cy, inner, 0}, ALIGN_LEFT, 2, card);
    } else {
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
    cy += text_block(a, dl, dl ? draw_strdup(dl, line) : line, px, FONT_REGULAR, THEME.muted,
                     THEME.tile, (rect){cx, cy, inner, 0}, ALIGN_LEFT, MAX_LINES, card);
    cy += text_block(a, dl, g->join, px, FONT_REGULAR, THEME.muted, THEME.tile,
                     (rect){cx, cy, inner, 0}, ALIGN_LEFT, MAX_LINES, card);
    if (e->skipped) {
        char date[64];
        format_iso(a, e->skipped->date, date, sizeof date);
        const char *names3[] = {"date", "note"}, *values3[] = {date, e->skipped->note};
        str_fill(line, sizeof line, ui(a, "groups.cancelled"), names3, values3, 2);
        cy += text_block(a, dl, dl ? draw_strdup(dl, line) : line, px, FONT_BOLD, THEME.avoid_label,
                         THEME.tile, (rect){cx, cy, inner, 0}, ALIGN_LEFT, 3, card);
    }
    return cy - card.y + m->pad / 2;
}

static void draw_groups(app *a, draw_list *dl, int top)
{
    const metrics *m = &a->m;
    rect full = {0, 0, m->w, m->h};
    const content_lang *lang = lang_of(a);
    int y = top + m->gap;
    y += text_block(a, dl, ui(a, "groups.title"), m->heading_px, FONT_BOLD, THEME.tile_title,
                    THEME.bg, (rect){m->margin, y, m->w - 2 * m->margin, 0}, ALIGN_LEFT, 2, full) +
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
    /* Buttons: one tap to be contacted above the navigation row. */
    const char *contact =
        a->content->contact_doc >= 0 ? lang->docs[a->content->contact_doc].title : NULL;
    int nav_y = m->h - m->margin / 2 - m->button_h;
    int contact_y = nav_y - m->gap - m->button_h;
    int bottom = (contact ? contact_y : nav_y) - m->gap;
    bool wide = m->w > m->h;
    int cols = wide ? 2 : 1, cw = (m->w - 2 * m->margin - (cols - 1) * m->gap) / cols;
    /* Details at the secondary size, never smaller: cards that do not fit
     * one screen go on the next (rows of cols cards, as tall as their tallest). */
    int px = m->small_px, edge_next = (int)(14 * m->s) + 2;
    int row_h[CONTENT_MAX_GROUPS] = {0}, rows = 0;
    for (;; cols = 1, cw = m->w - 2 * m->margin) {
        rows = (n + cols - 1) / cols;
        int tallest = 0;
        memset(row_h, 0, sizeof row_h);
        for (int i = 0; i < n; i++) {
            int h = group_card(a, NULL, &entries[i], i == 0 && !entries[i].none,
                               (rect){0, 0, cw, 0}, edge_next, px);
            row_h[i / cols] = h > row_h[i / cols] ? h : row_h[i / cols];
            tallest = row_h[i / cols] > tallest ? row_h[i / cols] : tallest;
        }
        /* A row taller than a page with its paging row: one card a row, full width. */
        if (cols == 1 || y + tallest <= bottom - m->button_h - m->gap)
            break;
    }
    /* The family-programs page to take home, above the buttons, when every
     * card still fits one screen beside it (else "About the groups" has it). */
    const content_doc *groups_doc = a->content->groups_doc >= 0 ? &lang->docs[a->content->groups_doc] : NULL;
    rect take = {m->margin, 0, m->w - 2 * m->margin, (bottom - y) / 2};
    take.h = a11y_take_home(a, NULL, groups_doc, take);
    int all_rows = 0;
    for (int r = 0; r < rows; r++)
        all_rows += row_h[r] + m->gap;
    if (take.h > 0 && y + all_rows <= bottom - take.h - m->gap) {
        bottom -= take.h + m->gap;
        take.y = bottom + m->gap;
        a11y_take_home(a, dl, groups_doc, take);
    }
    /* Pages of rows; when it pages, Previous/Next take a row above the buttons. */
    int page_first[CONTENT_MAX_GROUPS + 1] = {0}, pages = 0;
    for (int pass = 0; pass < 2; pass++) {
        int limit = bottom - (pass ? m->button_h + m->gap : 0), used = 0;
        pages = 0;
        for (int r = 0; r < rows; r++) {
            if (used && y + used + row_h[r] > limit) {
                page_first[++pages] = r;
                used = 0;
            }
            used += row_h[r] + m->gap;
        }
        page_first[++pages] = rows;
        if (pages == 1)
            break;
    }
    a->cache.groups_pages = pages;
    if (a->visit.groups_page >= pages)
        a->visit.groups_page = pages - 1;
    for (int r = page_first[a->visit.groups_page]; r < page_first[a->visit.groups_page + 1]; r++) {
        for (int i = r * cols; i < n && i < (r + 1) * cols; i++) {
            rect card = {m->margin + (i % cols) * (cw + m->gap), y, cw, row_h[r]};
            bool next = i == 0 && !entries[i].none;
            draw_fill(dl, card, next ? THEME.accent : THEME.tile_edge);
            int edge = next ? edge_next : (int)(6 * m->s) + 1;
            draw_fill(dl, (rect){card.x + edge, card.y, card.w - edge, card.h}, THEME.tile);
            group_card(a, dl, &entries[i], next, card, edge, px);
        }
        y += row_h[r] + m->gap;
    }
    if (pages > 1) {
        /* Previous and Next above the contact button; Home stays in its place. */
        int py = (contact ? contact_y : nav_y) - m->gap - m->button_h;
        const char *prev = ui(a, "nav.previous"), *nxt = ui(a, "nav.next");
        if (a->visit.groups_page > 0)
            button(a, dl, (rect){m->margin, py, button_width(a, prev), m->button_h}, prev, ACT_PREV,
                   0, true);
        if (a->visit.groups_page + 1 < pages)
            button(a, dl,
                   (rect){m->w - m->margin - button_width(a, nxt), py, button_width(a, nxt),
                          m->button_h},
                   nxt, ACT_NEXT, 0, true);
    }
    nav_bar(a, dl, ui(a, "nav.home"), ACT_HOME, 0, 1, NULL);
    if (a->content->groups_doc >= 0) {
        const char *more = ui(a, "groups.more");
        int w = button_width(a, more);
        button(a, dl, (rect){m->w - m->margin - w, nav_y, w, m->button_h}, more, ACT_READ_DOC,
               a->content->groups_doc, false);
    }
    if (contact && !a->staff.facilitator)
        button(a, dl, (rect){m->margin, contact_y, m->w - 2 * m->margin, m->button_h}, contact,
               ACT_OPEN_DOC, a->content->contact_doc, true);
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
        p = a->visit.page;
        n = a->cache.reader.doc ? a->cache.reader.layout.page_count : 1;
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

static void turn_page(app *a, int delta)
{
    int *page = a->visit.screen == SCREEN_READER   ? &a->visit.page
                : a->visit.screen == SCREEN_CRISIS ? &a->visit.crisis_page
                : a->visit.screen == SCREEN_HOME   ? &a->visit.home_page
                : a->visit.screen == SCREEN_GROUPS ? &a->visit.groups_page
                                                   : NULL;
    if (!page)
        return;
    int next = *page + delta;
    if (next >= 0 && next < visit_pages(a, NULL)) {
        *page = next;
        a->frame.dirty = true;
        /* Pages reached: counted once a session, the furthest only grows. */
        if (a->visit.screen == SCREEN_READER && a->visit.doc >= 0 &&
            a->visit.doc < CONTENT_MAX_DOCS && next + 1 > a->visit.reached[a->visit.doc] &&
            next < 255) {
            char item[48];
            str_format(item, sizeof item, "%s#%d", lang_of(a)->docs[a->visit.doc].id, next + 1);
            session_count(a, USAGE_PAGE, item);
            a->visit.reached[a->visit.doc] = (unsigned char)(next + 1);
        }
    }
}

static void open_crisis(app *a)
{
    if (a->visit.screen != SCREEN_CRISIS)
        session_count(a, USAGE_CRISIS, "");
    if (a->visit.screen != SCREEN_CRISIS)
        a->visit.crisis_return = a->visit.screen;
    a->visit.screen = SCREEN_CRISIS;
    a->visit.crisis_page = 0;
    a->frame.dirty = true;
}

static bool visit_act(app *a, const draw_target *t)
{
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
    case ACT_OPEN_DOC:
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
        a->visit.doc = t->arg;
        a->visit.page = 0;
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
        a->visit.screen = SCREEN_HOME;
        return true;
    case ACT_NEXT:
        turn_page(a, 1);
        return true;
    case ACT_PREV:
        turn_page(a, -1);
        return true;
    case ACT_CRISIS:
        open_crisis(a);
        return true;
    case ACT_BACK:
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
        a->visit.screen = SCREEN_HOME;
        a->frame.dirty = true;
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
