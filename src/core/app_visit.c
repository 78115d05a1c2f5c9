/* app_visit: the visitor's screens: attract, Home, reader, crisis, idle warning, groups. */
#include "app_internal.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>

/* ======================================================================
 * Screens
 * ==================================================================== */

/* A centred text in balanced lines: as many as at width w, each about as
 * long ("Aquí encontrará apoyo." rather than "apoyo." alone on the last).
 * Returns the height; dl NULL only measures. */
static int balanced_block(app *a, draw_list *dl, const char *s, int px, font_style st, color fg,
                          rect box, int max_lines, rect clip)
{
    line_span spans[MAX_LINES];
    int len = (int)strlen(s);
    int n = wrap_text(a->tm, s, len, px, st, box.w, spans, MAX_LINES);
    int lo = box.w / (n > 0 ? n : 1), hi = box.w;
    while (n > 1 && n <= max_lines && lo < hi) { /* the narrowest width that keeps n lines */
        int mid = (lo + hi) / 2;
        if (wrap_text(a->tm, s, len, px, st, mid, spans, MAX_LINES) <= n)
            hi = mid;
        else
            lo = mid + 1;
    }
    rect r = {box.x + (box.w - hi) / 2, box.y, hi, box.h};
    return text_block(a, dl, s, px, st, fg, THEME.bg, r, ALIGN_CENTER, max_lines, clip);
}

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
        y += balanced_block(a, dl, content_ui(l, "attract.title"), tpx, FONT_BOLD, THEME.tile_title,
                            (rect){x, y, w, 0}, 3, screen);
        if (with_sub)
            y += balanced_block(a, dl, content_ui(l, "attract.subtitle"), m->small_px, FONT_REGULAR,
                                THEME.text, (rect){x, y, w, 0}, 3, screen);
        y += m->gap / 4;
        y += balanced_block(a, dl, content_ui(l, "attract.touch"), m->body_px, FONT_BOLD,
                            THEME.callout_label, (rect){x, y, w, 0}, 2, screen);
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
    /* The page count is a button that opens the list of parts (a module
     * of more than one): in the navigation's row, it takes none of the
     * page's room where the row has it. */
    action count_act = content_section_count(doc) > 1 ? ACT_PARTS : ACT_NONE;
    int area_bottom = nav_reserve_top_act(a, widest, done, count_act);
    int area_y = reader_text_top(a, top);
    /* Facilitators get the discussion prompt above the navigation; the panel
     * keeps one height for the whole module so pages do not shift. */
    int panel_h = 0, label_h = 0;
    bool inline_prompts = false;
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
        /* A panel that would leave the page under four lines (a 7" panel):
         * the prompts go in the text instead, each at its section's start. */
        int body_lh = a->tm->line_height(a->tm->ctx, m->body_px, FONT_REGULAR);
        if (area_bottom - panel_h - m->gap - area_y < 4 * body_lh)
            inline_prompts = true, panel_h = 0;
        area_bottom -= panel_h + (panel_h ? m->gap : 0);
    }
    ensure_layout(a, &a->cache.reader, doc, m->col_w, area_bottom - area_y, inline_prompts);
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
    nav_bar_act(a, dl, home, back ? ACT_BACK : ACT_HOME, a->visit.page, dl_->page_count, done,
                count_act);
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
        /* Presenting to a group, no visitor form on a facilitator's session:
         * a link to it opens what the front desk offers instead, the form's
         * own page (the one shown where there is no form), Back to the link. */
        if (t->arg == a->content->contact_doc && a->contact.available && !presenting(a)) {
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
