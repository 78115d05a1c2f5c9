/* app_a11y: read-aloud, larger text and high contrast, and the take-home QR
 * codes, for every visitor screen. A shared piece like app_widgets.c: the
 * screens and app.c call it; it calls no screen module.
 *
 * Listen reads what the screen shows, in the visitor's language: the
 * visible text items of the frame on screen, in drawing order, leaving out
 * anything tappable (buttons, tiles, the crisis bar, the page count) but the
 * parts in a module's list of parts (the list is what that screen says), and
 * anything a visitor typed (it is only offered on the reader, the crisis
 * screen, the groups screen and the contact form's notice, which hold none).
 * Leaving that screen (a page turn, the list of parts opened, closed or
 * turned, another language, the idle reset, staff entry) stops it. */
#include "app_internal.h"

#include <stdio.h>

#include "look.h"
#include "readaloud.h"

static bool visitor_screen(const app *a)
{
    return !staff_screen(a) &&
           a->visit.screen != SCREEN_ATTRACT; /* the attract screen: any touch wakes */
}

static bool listen_screen(screen_id s)
{
    return s == SCREEN_READER || s == SCREEN_CRISIS || s == SCREEN_GROUPS || s == SCREEN_NOTICE;
}

static bool listen_offered(const app *a)
{
    return a->a11y.available && visitor_screen(a) && listen_screen(a->visit.screen) &&
           !a->idle.warning;
}

static const char *listen_label(const app *a)
{
    return ui(a, a->a11y.speaking                          ? "listen.stop"
                 : a->a11y.headphones && a->a11y.unplugged ? "listen.plug_in"
                 : a->a11y.headphones                      ? "listen.headphones"
                                                           : "listen.start");
}

/* A compact button: its label and padding, at least as wide as it is tall. */
static int control_width(app *a, const char *label)
{
    int w = a->tm->text_width(a->tm->ctx, label, (int)strlen(label), a->m.button_px, FONT_BOLD) +
            2 * a->m.pad;
    return w < a->m.button_h ? a->m.button_h : w;
}

/* A+ everywhere a visitor is, the contact form's screens too (each fits
 * whole at the largest step that fits it: app_form.c). */
static bool larger_offered(const app *a)
{
    return visitor_screen(a) && !a->idle.warning;
}

int a11y_controls_width(app *a)
{
    /* A gap from the crisis bar's own target, between the two, and at the edge. */
    int w = 0;
    if (larger_offered(a))
        w += a->m.gap + control_width(a, ui(a, "text.larger"));
    if (listen_offered(a))
        w += a->m.gap + control_width(a, listen_label(a));
    return w ? w + a->m.gap / 2 : 0;
}

/* A control on the crisis bar, drawn like its "More help" pill: framed in
 * the bar's text colour (a grey edge would be faint on the dark bar). */
static void bar_control(app *a, draw_list *dl, rect r, const char *label, action act)
{
    const metrics *m = &a->m;
    rect full = {0, 0, m->w, m->h};
    look_frame(dl, r, look_edge_px(m), THEME.on_bar);
    int avail = r.w - m->pad / 2;
    int th = text_block(a, NULL, label, m->button_px, FONT_BOLD, THEME.on_bar, THEME.bar,
                        (rect){0, 0, avail, 0}, ALIGN_CENTER, 2, full);
    text_block(a, dl, label, m->button_px, FONT_BOLD, THEME.on_bar, THEME.bar,
               (rect){r.x + m->pad / 4, r.y + (r.h - th) / 2, avail, th}, ALIGN_CENTER, 2, r);
    draw_target_add(dl, r, act, 0);
}

/* The bar is at least a target and a gap tall when the controls are on it
 * (app_widgets.c), so they keep the full target size. */
void a11y_controls(app *a, draw_list *dl, rect area)
{
    int h = a->m.button_h < area.h - a->m.gap / 2 ? a->m.button_h : area.h - a->m.gap / 2;
    int y = area.y + (area.h - h) / 2, right = area.x + area.w - a->m.gap / 2;
    if (larger_offered(a)) {
        const char *larger = ui(a, "text.larger");
        int w = control_width(a, larger);
        bar_control(a, dl, (rect){right - w, y, w, h}, larger, ACT_TEXT_SIZE);
        right -= w + a->m.gap;
    }
    if (listen_offered(a)) {
        const char *label = listen_label(a);
        int w = control_width(a, label);
        bar_control(a, dl, (rect){right - w, y, w, h}, label, ACT_LISTEN);
    }
}

/* The metrics for the window and the visitor's text step; layouts redone. */
static void apply_text_step(app *a)
{
    a->m = metrics_for_text(a->m.w, a->m.h, TEXT_STEPS[a->a11y.text_step]);
    a->cache.reader.doc = a->cache.crisis.doc = NULL;
    a->frame.dirty = true;
}

static void stop(app *a)
{
    if (!a->a11y.speaking)
        return;
    a->a11y.speaking = false;
    a->a11y.sentence = -1;
    a->a11y.request = true; /* the platform stops at once */
    a->frame.dirty = true;
}

/* The section the page starts in, for a recorded reading (NULL: none). */
static const char *page_clip(const app *a)
{
    if (a->visit.screen != SCREEN_READER || a->visit.doc < 0 || a->visit.parts_open)
        return NULL; /* the list of parts is not the page it was opened on */
    const content_doc *doc = &lang_of(a)->docs[a->visit.doc];
    const doc_layout *dl = &a->cache.reader.layout;
    if (!doc->audio_count || a->visit.page >= dl->page_count)
        return NULL;
    for (int r = dl->page_first[a->visit.page]; r < dl->page_first[a->visit.page + 1]; r++) {
        if (dl->rows[r].block < 0)
            continue;
        /* Only a page that starts its section plays the section's recording. */
        int section = content_block_section(doc, dl->rows[r].block);
        bool starts =
            dl->rows[r].block == 0 || doc->blocks[dl->rows[r].block].type == BLOCK_HEADING;
        for (int k = 0; k < doc->audio_count && starts; k++)
            if (doc->audio[k].section == section)
                return doc->audio[k].src;
        return NULL;
    }
    return NULL;
}

/* The screen's text, from the frame on screen (see the file's comment). */
static void start(app *a)
{
    const draw_list *dl = a->frame.dl;
    readaloud_clear(&a->a11y.text);
    for (int i = 0; i < dl->item_count; i++) {
        const draw_item *it = &dl->items[i];
        if (it->sensitive || dl->sensitive)
            continue;
        const draw_target *t = draw_hit(dl, it->r.x + it->r.w / 2, it->r.y + it->r.h / 2);
        if (t && t->act != ACT_PART)
            continue; /* a button, a tile, the crisis bar */
        if (t)        /* a part: "2. Why do people do it?", its number not a sentence apart */
            readaloud_add_whole(&a->a11y.text, it->text, it->len);
        else
            readaloud_add(&a->a11y.text, it->text, it->len);
    }
    if (a->a11y.text.count == 0)
        return;
    a->a11y.speaking = true;
    a->a11y.id++;
    a->a11y.sentence = -1;
    a->a11y.clip_src = page_clip(a);
    a->a11y.clip = a->a11y.clip_src != NULL;
    a->a11y.screen = a->visit.screen;
    a->a11y.lang = a->visit.lang;
    a->a11y.doc = a->visit.doc;
    a->a11y.page = a->visit.screen == SCREEN_CRISIS ? a->visit.crisis_page : a->visit.page;
    a->a11y.parts_open = a->visit.screen == SCREEN_READER && a->visit.parts_open;
    a->a11y.parts_page = a->a11y.parts_open ? a->visit.parts_page : 0;
    a->a11y.request = true;
    a->frame.dirty = true;
}

bool a11y_act(app *a, const draw_target *t)
{
    if (t->act == ACT_TEXT_SIZE) {
        /* 100 -> 125 -> 150 -> 150 and high contrast -> 100 */
        if (a->a11y.text_step + 1 < TEXT_STEP_COUNT) {
            a->a11y.text_step++;
        } else if (!a->a11y.high_contrast) {
            a->a11y.high_contrast = true;
        } else {
            a->a11y.text_step = 0;
            a->a11y.high_contrast = false;
        }
        stop(a); /* the page is laid out again: what was read is not where it was */
        const doc_layout *dl = &a->cache.reader.layout;
        a->a11y.anchor = NULL;
        if (a->visit.screen == SCREEN_READER && a->visit.page < dl->page_count)
            for (int r = dl->page_first[a->visit.page];
                 r < dl->page_first[a->visit.page + 1] && !a->a11y.anchor; r++)
                if (dl->rows[r].kind == ROW_TEXT)
                    a->a11y.anchor = dl->rows[r].text;
        apply_text_step(a);
        return true;
    }
    if (t->act == ACT_LISTEN) {
        if (a->a11y.speaking)
            stop(a);
        else if (listen_offered(a) && !(a->a11y.headphones && a->a11y.unplugged))
            start(a); /* without the headphones nothing plays: the label says why */
        return true;
    }
    return false;
}

void a11y_reset(app *a)
{
    stop(a);
    a->a11y.text_step = 0;
    a->a11y.high_contrast = false;
    a->a11y.qr_counted = false;
    if (a->m.w > 0)
        apply_text_step(a);
}

void a11y_check_place(app *a)
{
    if (!a->a11y.speaking)
        return;
    int page = a->visit.screen == SCREEN_CRISIS ? a->visit.crisis_page : a->visit.page;
    bool parts = a->visit.screen == SCREEN_READER && a->visit.parts_open;
    if (a->visit.screen != a->a11y.screen || a->visit.lang != a->a11y.lang ||
        a->visit.doc != a->a11y.doc || page != a->a11y.page || parts != a->a11y.parts_open ||
        (parts && a->visit.parts_page != a->a11y.parts_page) || a->idle.warning || staff_screen(a))
        stop(a);
}

void a11y_before_draw(app *a)
{
    theme_use(a->a11y.high_contrast);
    const char *hl = NULL;
    int hl_len = 0;
    if (a->a11y.speaking && !a->a11y.clip && a->a11y.sentence >= 0 &&
        a->a11y.sentence < a->a11y.text.count) {
        hl = a->a11y.text.s[a->a11y.sentence].src;
        hl_len = a->a11y.text.s[a->a11y.sentence].src_len;
    }
    a->cache.reader.layout.highlight = a->cache.crisis.layout.highlight = hl;
    a->cache.reader.layout.highlight_len = a->cache.crisis.layout.highlight_len = hl_len;
}

void a11y_after_draw(app *a, draw_list *dl)
{
    /* The sentence heard: a mark beside the text holding it (documents also
     * get the highlight behind the sentence itself). */
    if (a->a11y.speaking && !a->a11y.clip && a->a11y.sentence >= 0 &&
        a->a11y.sentence < a->a11y.text.count) {
        const readaloud_sentence *s = &a->a11y.text.s[a->a11y.sentence];
        for (int i = 0; i < dl->item_count; i++) {
            const draw_item *it = &dl->items[i];
            if (s->src >= it->text && s->src < it->text + it->len) {
                int wbar = a->m.pad / 4 > 3 ? a->m.pad / 4 : 3;
                int x = it->r.x - 2 * wbar > 0 ? it->r.x - 2 * wbar : 0;
                draw_fill(dl, (rect){x, it->r.y, wbar, it->r.h}, THEME.accent);
                break;
            }
        }
    }
    /* "QR shown": once per screen, page and language a code is on. */
    bool qr = false;
    for (int i = 0; i < dl->cmd_count && !qr; i++)
        qr = dl->cmds[i].type == CMD_QR;
    int page = a->visit.screen == SCREEN_CRISIS ? a->visit.crisis_page : a->visit.page;
    bool same = a->a11y.qr_counted && a->a11y.qr_screen == a->visit.screen &&
                a->a11y.qr_doc == a->visit.doc && a->a11y.qr_page == page &&
                a->a11y.qr_lang == a->visit.lang;
    if (qr && !same) {
        const char *id =
            a->visit.screen == SCREEN_CRISIS ? "help"
            : a->visit.screen == SCREEN_GROUPS
                ? (a->content->groups_doc >= 0 ? lang_of(a)->docs[a->content->groups_doc].id
                                               : "groups")
            : a->visit.doc >= 0 ? lang_of(a)->docs[a->visit.doc].id
                                : "";
        session_count(a, USAGE_QR, id);
        a->a11y.qr_counted = true;
        a->a11y.qr_screen = a->visit.screen;
        a->a11y.qr_doc = a->visit.doc;
        a->a11y.qr_page = page;
        a->a11y.qr_lang = a->visit.lang;
    } else if (!qr) {
        a->a11y.qr_counted = false;
    }
}

int a11y_keep_place(app *a, const doc_layout *dl, int page)
{
    const char *anchor = a->a11y.anchor;
    a->a11y.anchor = NULL;
    if (!anchor)
        return page;
    for (int r = 0; r < dl->row_count; r++) {
        const doc_row *row = &dl->rows[r];
        if (row->kind == ROW_TEXT && anchor >= row->text &&
            anchor < row->text + (row->len > 0 ? row->len : 1))
            return row->page;
    }
    return page;
}

int64_t a11y_deadline(const app *a)
{
    return a->a11y.speaking ? a->idle.now + 100 : -1;
}

/* Whether every word of s (a phone number such as 323-402-1622 is one)
 * fits width w whole: a label that does not goes where it does, never
 * broken inside a word. */
static bool words_fit(app *a, const char *s, int px, font_style st, int w)
{
    for (const char *p = s; *p;) {
        while (*p == ' ')
            p++;
        const char *e = p;
        while (*e && *e != ' ')
            e++;
        if (e > p && a->tm->text_width(a->tm->ctx, p, (int)(e - p), px, st) > w)
            return false;
        p = e;
    }
    return true;
}

/* One take-home code's cell: its label beside it when whole there (every
 * line within the code's height, no word broken), else under it. Returns
 * the cell's height; *beside says which. */
static int take_home_cell(app *a, const content_link *link, int per, int side, bool *beside)
{
    const metrics *m = &a->m;
    rect full = {0, 0, m->w, m->h};
    int bw = per - side - m->pad / 2;
    int bh = text_block(a, NULL, link->label, m->small_px, FONT_BOLD, THEME.text, THEME.bg,
                        (rect){0, 0, bw, 0}, ALIGN_LEFT, MAX_LINES, full);
    *beside = bw >= per / 3 && bh <= side && words_fit(a, link->label, m->small_px, FONT_BOLD, bw);
    if (*beside)
        return side;
    return side + m->gap / 2 +
           text_block(a, NULL, link->label, m->small_px, FONT_BOLD, THEME.text, THEME.bg,
                      (rect){0, 0, per, 0}, ALIGN_LEFT, MAX_LINES, full);
}

int a11y_take_home(app *a, draw_list *dl, const content_doc *doc, rect area)
{
    return a11y_take_home_links(a, dl, doc, 0, doc ? doc->link_count : 0, area);
}

int a11y_take_home_links(app *a, draw_list *dl, const content_doc *doc, int first, int count,
                         rect area)
{
    if (!doc || count <= 0 || first < 0 || first + count > doc->link_count)
        return 0;
    const content_link *links = doc->links + first;
    const metrics *m = &a->m;
    const char *caption = ui(a, "take_home.caption");
    int ch = text_block(a, NULL, caption, m->small_px, FONT_BOLD, THEME.text, THEME.bg,
                        (rect){0, 0, area.w, 0}, ALIGN_LEFT, 3, area);
    int avail = area.h - ch - m->gap / 2;
    /* Codes side by side, else one under another; each label beside its
     * code when it is whole there, else under it. */
    bool stacked = false;
    int per = 0, px = 0, side = 0, total = 0;
    for (int pass = 0; pass < 2; pass++) {
        stacked = pass == 1 || count == 1;
        per = stacked ? area.w : (area.w - m->gap) / 2;
        int each_h = stacked ? (avail - (count - 1) * m->gap) / count : avail;
        px = m->qr_px;
        for (int i = 0; i < count; i++) {
            int p = qr_module_px(m, links[i].qr_size, per, each_h);
            px = p < px ? p : px;
        }
        side = 0;
        for (int i = 0; i < count; i++) {
            int s = qr_side(links[i].qr_size, px);
            side = s > side ? s : side;
        }
        total = 0;
        for (int i = 0; i < count; i++) {
            bool beside;
            int h = take_home_cell(a, &links[i], per, side, &beside);
            total = stacked ? total + h + (i ? m->gap : 0) : (h > total ? h : total);
        }
        if (stacked || total <= avail)
            break;
    }
    if (total > avail || px < 3)
        return 0;
    if (dl) {
        text_block(a, dl, caption, m->small_px, FONT_BOLD, THEME.text, THEME.bg,
                   (rect){area.x, area.y, area.w, ch}, ALIGN_LEFT, 3, area);
        int y = area.y + ch + m->gap / 2;
        for (int i = 0; i < count; i++) {
            bool beside;
            int h = take_home_cell(a, &links[i], per, side, &beside);
            int x = stacked ? area.x : area.x + i * (per + m->gap);
            color dark = {0x10, 0x10, 0x10, 255}, light = {0xFF, 0xFF, 0xFF, 255};
            int s = draw_qr(dl, x, y, links[i].qr, links[i].qr_size, px, links[i].url, dark, light);
            rect label = beside ? (rect){x + s + m->pad / 2, y, per - s - m->pad / 2, s}
                                : (rect){x, y + s + m->gap / 2, per, h - s - m->gap / 2};
            text_block(a, dl, links[i].label, m->small_px, FONT_BOLD, THEME.text, THEME.bg, label,
                       ALIGN_LEFT, MAX_LINES, area);
            if (stacked)
                y += h + m->gap;
        }
    }
    return ch + m->gap / 2 + total;
}

/* ---- the platform's side ---- */

void app_set_read_aloud(app *a, bool available, bool headphones)
{
    a->a11y.available = available;
    a->a11y.headphones = headphones;
    a->frame.dirty = true;
}

void app_set_headphones_plugged(app *a, bool plugged)
{
    if (a->a11y.unplugged == !plugged)
        return;
    a->a11y.unplugged = !plugged;
    if (!plugged)
        stop(a); /* never a word through whatever plays when they are pulled out */
    a->frame.dirty = true;
}

bool app_take_speech(app *a, speech_request *out)
{
    if (!a->a11y.request)
        return false;
    a->a11y.request = false;
    memset(out, 0, sizeof *out);
    out->id = a->a11y.id;
    if (!a->a11y.speaking) {
        out->stop = true;
        return true;
    }
    out->lang = lang_of(a)->code;
    out->count = a->a11y.text.count;
    readaloud_args(&a->a11y.text, out->texts, out->lens);
    out->clip = a->a11y.clip_src;
    return true;
}

bool app_speech_progress(app *a, bool active, int id, int sentence)
{
    if (!a->a11y.speaking || id != a->a11y.id)
        return false;
    if (!active) {
        a->a11y.speaking = false;
        a->a11y.sentence = -1;
        a->frame.dirty = true;
        return true;
    }
    if (sentence != a->a11y.sentence) {
        a->a11y.sentence = sentence;
        a->frame.dirty = true;
        return true;
    }
    return false;
}

void app_speech_info(const app *a, bool *speaking, int *count, int *sentence, const char **text,
                     int *len)
{
    *speaking = a->a11y.speaking;
    *count = a->a11y.speaking ? a->a11y.text.count : 0;
    *sentence = a->a11y.speaking && !a->a11y.clip ? a->a11y.sentence : -1;
    *text = NULL;
    *len = 0;
    if (*sentence >= 0 && *sentence < a->a11y.text.count) {
        *text = a->a11y.text.buf + a->a11y.text.s[*sentence].off;
        *len = a->a11y.text.s[*sentence].len;
    }
}

int app_text_percent(const app *a)
{
    return TEXT_STEPS[a->a11y.text_step];
}

bool app_high_contrast(const app *a)
{
    return a->a11y.high_contrast;
}
