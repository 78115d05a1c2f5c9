/* app_visit: the visitor's screens: attract, Home, reader, crisis, idle warning, groups. */
#include "app_internal.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>

/* ======================================================================
 * Screens
 * ==================================================================== */

/* The attract screen is every visitor's first screen: it invites in every
 * language, and the language buttons each speak their own. */
static void draw_attract(app *a, draw_list *dl, int top)
{
    const metrics *m = &a->m;
    rect screen = {0, top, m->w, m->h - top};
    draw_target_add(dl, screen, ACT_WAKE, 0);
    int w = m->col_w, x = m->col_x;
    const content_set *c = a->content;
    const char *title = ui(a, "attract.title"), *sub = ui(a, "attract.subtitle");
    /* "Choose your language · Elija su idioma": every language's own words. */
    char choose_all[512] = "";
    for (int i = 0; i < c->lang_count; i++) {
        if (i)
            str_append(choose_all, sizeof choose_all, " · ");
        str_append(
            choose_all, sizeof choose_all,
            content_ui(&c->langs[(a->visit.lang + i) % c->lang_count], "attract.choose_language"));
    }
    const char *choose =
        c->lang_count > 1 ? draw_strdup(dl, choose_all) : ui(a, "attract.choose_language");
    int lang_h = m->button_h * 6 / 5;
    rect measure = {0, 0, w, 0};
    int th = text_block(a, NULL, title, m->title_px, FONT_BOLD, THEME.tile_title, THEME.bg, measure,
                        ALIGN_CENTER, 4, screen);
    /* The welcome in the other languages too, one size down. */
    int oh[CONTENT_MAX_LANGS], others_h = 0;
    for (int i = 1; i < c->lang_count; i++) {
        const char *t = content_ui(&c->langs[(a->visit.lang + i) % c->lang_count], "attract.title");
        oh[i] = text_block(a, NULL, t, m->heading_px, FONT_BOLD, THEME.tile_title, THEME.bg,
                           measure, ALIGN_CENTER, 3, screen);
        others_h += oh[i] + m->gap / 2;
    }
    int sh = text_block(a, NULL, sub, m->body_px, FONT_REGULAR, THEME.text, THEME.bg, measure,
                        ALIGN_CENTER, 4, screen);
    int ph[CONTENT_MAX_LANGS], touch_h = 0;
    for (int i = 0; i < c->lang_count; i++) {
        int l = (a->visit.lang + i) % c->lang_count;
        ph[i] = text_block(a, NULL, content_ui(&c->langs[l], "attract.touch"),
                           i ? m->body_px : m->heading_px, FONT_BOLD, THEME.accent, THEME.bg,
                           measure, ALIGN_CENTER, 2, screen);
        touch_h += ph[i] + m->gap / 2;
    }
    int ch = text_block(a, NULL, choose, m->small_px, FONT_REGULAR, THEME.muted, THEME.bg, measure,
                        ALIGN_CENTER, 2, screen);
    int total = th + m->gap / 2 + others_h + m->gap + sh + 2 * m->gap + touch_h + 2 * m->gap + ch +
                m->gap / 2 + lang_h;
    int y = top + (m->h - top - total) / 2;
    if (y < top + m->gap)
        y = top + m->gap;
    y += text_block(a, dl, title, m->title_px, FONT_BOLD, THEME.tile_title, THEME.bg,
                    (rect){x, y, w, th}, ALIGN_CENTER, 4, screen) +
         m->gap / 2;
    for (int i = 1; i < c->lang_count; i++)
        y += text_block(a, dl,
                        content_ui(&c->langs[(a->visit.lang + i) % c->lang_count], "attract.title"),
                        m->heading_px, FONT_BOLD, THEME.tile_title, THEME.bg,
                        (rect){x, y, w, oh[i]}, ALIGN_CENTER, 3, screen) +
             m->gap / 2;
    y += m->gap / 2;
    y += text_block(a, dl, sub, m->body_px, FONT_REGULAR, THEME.text, THEME.bg, (rect){x, y, w, sh},
                    ALIGN_CENTER, 4, screen) +
         2 * m->gap;
    for (int i = 0; i < c->lang_count; i++) {
        int l = (a->visit.lang + i) % c->lang_count;
        y += text_block(a, dl, content_ui(&c->langs[l], "attract.touch"),
                        i ? m->body_px : m->heading_px, FONT_BOLD, THEME.accent, THEME.bg,
                        (rect){x, y, w, ph[i]}, ALIGN_CENTER, 2, screen) +
             m->gap / 2;
    }
    y += 2 * m->gap;
    y += text_block(a, dl, choose, m->small_px, FONT_REGULAR, THEME.muted, THEME.bg,
                    (rect){x, y, w, ch}, ALIGN_CENTER, 2, screen) +
         m->gap / 2;
    /* Language buttons, side by side, each in its own language. */
    int n = c->lang_count;
    int bw = (w - (n - 1) * m->gap * 2) / n;
    int max_bw = (int)(420 * m->s);
    if (bw > max_bw)
        bw = max_bw;
    int row_w = n * bw + (n - 1) * m->gap * 2;
    int bx = (m->w - row_w) / 2;
    for (int i = 0; i < n; i++) {
        const char *name = content_ui(&c->langs[i], "language.name");
        button(a, dl, (rect){bx + i * (bw + 2 * m->gap), y, bw, lang_h}, name, ACT_LANG, i, true);
    }
}

static int tile_title_px(const app *a)
{
    return (int)(46 * a->m.s + 0.5);
}

static void draw_home(app *a, draw_list *dl, int top)
{
    const metrics *m = &a->m;
    const content_lang *lang = lang_of(a);
    /* Header: the title, and the next language's own name to switch to it. */
    int next_lang = (a->visit.lang + 1) % a->content->lang_count;
    const char *switch_label = content_ui(&a->content->langs[next_lang], "language.name");
    int hy = top + m->gap;
    int sw = a->content->lang_count > 1 ? button_width(a, switch_label) : 0;
    rect title_box = {m->margin, hy, m->w - 2 * m->margin - sw - m->gap, 0};
    const char *title = ui(a, "home.title");
    int tpx = fit_px(a, title, m->heading_px, m->body_px, FONT_BOLD, title_box.w, 2);
    int th = text_block(a, NULL, title, tpx, FONT_BOLD, THEME.tile_title, THEME.bg, title_box,
                        ALIGN_LEFT, 2, title_box);
    int header_h = th > m->button_h ? th : m->button_h;
    title_box.y = hy + (header_h - th) / 2;
    title_box.h = th;
    rect full = {0, 0, m->w, m->h};
    text_block(a, dl, title, tpx, FONT_BOLD, THEME.tile_title, THEME.bg, title_box, ALIGN_LEFT, 2,
               full);
    if (sw)
        button(a, dl, (rect){m->w - m->margin - sw, hy, sw, m->button_h}, switch_label, ACT_LANG,
               next_lang, false);

    /* Tiles: as many columns as fit, as many rows as fit, then pages. */
    int grid_top = hy + header_h + m->gap;
    int min_tile_w = (int)(560 * m->s);
    int avail_w = m->w - 2 * m->margin;
    int cols = (avail_w + m->gap) / (min_tile_w + m->gap);
    if (cols < 1)
        cols = 1;
    if (cols > 3)
        cols = 3;
    int tile_w = (avail_w - (cols - 1) * m->gap) / cols;
    int edge = (int)(10 * m->s) + 1;
    int inner_w = tile_w - 2 * m->pad - edge;
    int title_px = tile_title_px(a);
    int title_lh = a->tm->line_height(a->tm->ctx, title_px, FONT_BOLD);
    int sum_lh = a->tm->line_height(a->tm->ctx, m->small_px, FONT_REGULAR);
    int title_lines = 1, sum_lines = 1;
    line_span spans[MAX_LINES];
    for (int i = 0; i < lang->home_count; i++) {
        const content_doc *d = lang->home[i];
        int tl = wrap_text(a->tm, d->title, (int)strlen(d->title), title_px, FONT_BOLD, inner_w,
                           spans, MAX_LINES);
        int sl = wrap_text(a->tm, d->summary, (int)strlen(d->summary), m->small_px, FONT_REGULAR,
                           inner_w, spans, MAX_LINES);
        title_lines = tl > title_lines ? tl : title_lines;
        sum_lines = sl > sum_lines ? sl : sum_lines;
    }
    title_lines = title_lines > 2 ? 2 : title_lines;
    sum_lines = sum_lines > 3 ? 3 : sum_lines;
    int tile_h = 2 * m->pad + title_lines * title_lh + m->gap / 3 + sum_lines * sum_lh;
    if (tile_h < m->button_h)
        tile_h = m->button_h;
    int bottom = m->h - m->margin / 2;
    int rows = (bottom - grid_top + m->gap) / (tile_h + m->gap);
    if (rows < 1)
        rows = 1;
    int per_page = rows * cols;
    int pages = 1;
    if (lang->home_count > per_page) {
        bottom = nav_reserve_top(a, NULL, NULL); /* room for the navigation */
        rows = (bottom - grid_top + m->gap) / (tile_h + m->gap);
        if (rows < 1)
            rows = 1;
        per_page = rows * cols;
        pages = (lang->home_count + per_page - 1) / per_page;
    }
    a->cache.home_pages = pages;
    if (a->visit.home_page >= pages)
        a->visit.home_page = pages - 1;
    int first = a->visit.home_page * per_page;
    for (int k = 0; k < per_page && first + k < lang->home_count; k++) {
        const content_doc *d = lang->home[first + k];
        int r = k / cols, c = k % cols;
        rect t = {m->margin + c * (tile_w + m->gap), grid_top + r * (tile_h + m->gap), tile_w,
                  tile_h};
        draw_fill(dl, t, THEME.tile);
        draw_fill(dl, (rect){t.x, t.y, edge, t.h}, THEME.tile_edge);
        rect tb = {t.x + edge + m->pad, t.y + m->pad, inner_w, title_lines * title_lh};
        /* The summary follows the title's own lines; the tile keeps its size. */
        int title_h = text_block(a, dl, d->title, title_px, FONT_BOLD, THEME.tile_title, THEME.tile,
                                 tb, ALIGN_LEFT, title_lines, t);
        rect sb = {tb.x, tb.y + title_h + m->gap / 3, inner_w, sum_lines * sum_lh};
        /* Without a staff key the form is not offered: its tile says where to go instead. */
        /* A facilitator's session never offers it either: nobody would wipe it. */
        bool is_contact = (int)(d - lang->docs) == a->content->contact_doc;
        bool no_form = is_contact && (!a->contact.available || a->staff.facilitator);
        const char *summary = no_form ? ui(a, "contact.unavailable") : d->summary;
        text_block(a, dl, summary, m->small_px, FONT_REGULAR, THEME.muted, THEME.tile, sb,
                   ALIGN_LEFT, sum_lines, t);
        if (!(is_contact && a->staff.facilitator))
            draw_target_add(dl, t, ACT_OPEN_DOC, (int)(d - lang->docs));
    }
    if (pages > 1)
        nav_bar(a, dl, NULL, ACT_NONE, a->visit.home_page, pages, NULL);
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
    const char *home = ui(a, a->staff.facilitator ? "facilitator.leave" : "nav.home"),
               *done = ui(a, "nav.done");
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

/* The crisis screen: the front desk first, then every help line. On a wide
 * screen the help lines stand in two columns, so that nobody in crisis has
 * to page far. */
static void draw_crisis(app *a, draw_list *dl, int top)
{
    const metrics *m = &a->m;
    rect full = {0, 0, m->w, m->h};
    bool wide = m->w > m->h;
    int x = wide ? m->margin : m->col_x, w = wide ? m->w - 2 * m->margin : m->col_w;
    int y = top + m->gap;
    const char *title = ui(a, "crisis.title");
    y += text_block(a, dl, title, m->heading_px, FONT_BOLD, THEME.tile_title, THEME.bg,
                    (rect){x, y, w, 0}, ALIGN_LEFT, 3, full);
    y += m->gap / 2;
    const char *desk = ui(a, "crisis.front_desk");
    int dh = text_block(a, NULL, desk, m->body_px, FONT_BOLD, THEME.text, THEME.desk,
                        (rect){0, 0, w - 2 * m->pad, 0}, ALIGN_LEFT, 4, full);
    rect box = {x, y, w, dh + m->pad};
    draw_fill(dl, box, THEME.desk);
    text_block(a, dl, desk, m->body_px, FONT_BOLD, THEME.text, THEME.desk,
               (rect){box.x + m->pad, box.y + m->pad / 2, w - 2 * m->pad, dh}, ALIGN_LEFT, 4, box);
    int area_y = box.y + box.h + m->gap;
    const char *back = ui(a, "nav.back");
    a->cache.crisis_cols = wide ? 2 : 1;
    int col_w = (w - (a->cache.crisis_cols - 1) * m->gap) / a->cache.crisis_cols;
    ensure_layout(a, &a->cache.crisis, lang_of(a)->help, col_w,
                  nav_reserve_top(a, back, NULL) - area_y);
    int spreads =
        (a->cache.crisis.layout.page_count + a->cache.crisis_cols - 1) / a->cache.crisis_cols;
    if (a->visit.crisis_page >= spreads)
        a->visit.crisis_page = spreads - 1;
    for (int c = 0; c < a->cache.crisis_cols; c++)
        doc_layout_draw(&a->cache.crisis.layout, a->visit.crisis_page * a->cache.crisis_cols + c,
                        x + c * (col_w + m->gap), area_y, m, dl);
    nav_bar(a, dl, back, ACT_BACK, a->visit.crisis_page, spreads, NULL);
}

void draw_idle_warning(app *a, draw_list *dl, int top)
{
    const metrics *m = &a->m;
    rect below = {0, top, m->w, m->h - top};
    draw_fill(dl, below, THEME.bg);
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
    int bw = button_width(a, stay);
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
                     THEME.tile, (rect){cx, cy, inner, 0}, ALIGN_LEFT, 3, card);
    cy += text_block(a, dl, g->join, px, FONT_REGULAR, THEME.muted, THEME.tile,
                     (rect){cx, cy, inner, 0}, ALIGN_LEFT, 3, card);
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

/* The smallest detail size on the cards: that of the standard text step, so
 * that on a small screen at a larger step every card still shows whole. */
static int groups_min_px(const app *a)
{
    return metrics_for_size(a->m.w, a->m.h).small_px * 2 / 3;
}

/* Whether every card fits, at the smallest detail size, in height h. */
static bool cards_fit(app *a, const schedule_entry *entries, int n, int cols, int cw, int h)
{
    const metrics *m = &a->m;
    int rows = (n + cols - 1) / cols, ch = rows ? (h - (rows - 1) * m->gap) / rows : 0;
    int px = groups_min_px(a);
    for (int i = 0; i < n; i++)
        if (group_card(a, NULL, &entries[i], i == 0 && !entries[i].none, (rect){0, 0, cw, ch},
                       (int)(14 * m->s) + 2, px) > ch)
            return false;
    return true;
}

/* The groups screen at the current metrics; false when the cards do not
 * fit whole even at the smallest detail size. */
static bool draw_groups_at(app *a, draw_list *dl, int top)
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
        str_format(reason_keys[i], sizeof reason_keys[i], "cancel.reason.%s", a->cancel.list[i].reason);
        extra[i] = (content_cancellation){a->cancel.list[i].date, a->cancel.list[i].group_id,
                                          ui(a, reason_keys[i])};
    }
    int n = schedule_upcoming_extra(lang, extra, a->cancel.count, a->idle.wall > 0 ? a->idle.wall : 0,
                                    entries, CONTENT_MAX_GROUPS);
    /* Buttons: one tap to be contacted above the navigation row. */
    const char *contact =
        a->content->contact_doc >= 0 ? lang->docs[a->content->contact_doc].title : NULL;
    int nav_y = m->h - m->margin / 2 - m->button_h;
    int contact_y = nav_y - m->gap - m->button_h;
    int bottom = (contact ? contact_y : nav_y) - m->gap;
    bool wide = m->w > m->h;
    int cols = wide ? 2 : 1, cw = (m->w - 2 * m->margin - (cols - 1) * m->gap) / cols;
    /* The family-programs page to take home, above the buttons, when the
     * cards still fit without it (else "About the groups" has it). */
    const content_doc *groups_doc = a->content->groups_doc >= 0 ? &lang->docs[a->content->groups_doc] : NULL;
    rect take = {m->margin, 0, m->w - 2 * m->margin, (bottom - y) / 2};
    take.h = a11y_take_home(a, NULL, groups_doc, take);
    if (take.h > 0 && !cards_fit(a, entries, n, cols, cw, bottom - take.h - m->gap - y))
        take.h = 0;
    if (take.h > 0) {
        bottom -= take.h + m->gap;
        take.y = bottom + m->gap;
        a11y_take_home(a, dl, groups_doc, take);
    }
    int rows = (n + cols - 1) / cols, ch = rows ? (bottom - y - (rows - 1) * m->gap) / rows : 0;
    /* The largest detail size at which every card's text fits its card. */
    int px = m->small_px;
    bool fits = false;
    for (; px > groups_min_px(a); px = px * 9 / 10) {
        fits = true;
        for (int i = 0; i < n && fits; i++)
            fits = group_card(a, NULL, &entries[i], i == 0 && !entries[i].none,
                              (rect){0, 0, cw, ch}, (int)(14 * m->s) + 2, px) <= ch;
        if (fits)
            break;
    }
    for (int i = 0; i < n; i++) {
        rect card = {m->margin + (i % cols) * (cw + m->gap), y + (i / cols) * (ch + m->gap), cw,
                     ch};
        bool next = i == 0 && !entries[i].none;
        draw_fill(dl, card, next ? THEME.accent : THEME.tile_edge);
        int edge = next ? (int)(14 * m->s) + 2 : (int)(6 * m->s) + 1;
        draw_fill(dl, (rect){card.x + edge, card.y, card.w - edge, card.h}, THEME.tile);
        group_card(a, dl, &entries[i], next, card, edge, px);
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
    return fits;
}

/* Larger text that does not fit the cards of a small screen: this screen at
 * the standard size instead ("About the groups" has the same at the
 * visitor's size). The draw list goes back to where the screen began. */
static void draw_groups(app *a, draw_list *dl, int top)
{
    int cmds = dl->cmd_count, items = dl->item_count, targets = dl->target_count;
    size_t text = dl->text_used;
    if (draw_groups_at(a, dl, top) || a->m.text_percent == 100)
        return;
    dl->cmd_count = cmds, dl->item_count = items, dl->target_count = targets, dl->text_used = text;
    metrics visitor = a->m;
    a->m = metrics_for_size(a->m.w, a->m.h);
    draw_groups_at(a, dl, top);
    a->m = visitor;
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
        n = a->cache.crisis.doc ? (a->cache.crisis.layout.page_count + a->cache.crisis_cols - 1) /
                                      a->cache.crisis_cols
                                : 1;
        break;
    case SCREEN_HOME:
        p = a->visit.home_page;
        n = a->cache.home_pages;
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
        draw_crisis(a, dl, top);
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
