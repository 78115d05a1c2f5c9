/* app_form: the "Ask us to contact you" screens and their public side. */
#include "app_internal.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>

/* ======================================================================
 * The contact form
 * ==================================================================== */

/* The small "Ask us to contact you · Step 2 of 6" line; returns its bottom. */
static int form_header(app *a, draw_list *dl, int y)
{
    const metrics *m = &a->m;
    char num[8], total[8], step[96], line[256];
    str_format(num, sizeof num, "%d", a->contact.step + 1);
    str_format(total, sizeof total, "%d", FORM_STEPS);
    const char *names[] = {"step", "steps"}, *values[] = {num, total};
    str_fill(step, sizeof step, ui(a, "form.step"), names, values, 2);
    str_format(line, sizeof line, "%s · %s", ui(a, "form.title"), step);
    const char *text = draw_strdup(dl, line);
    rect full = {0, 0, m->w, m->h};
    y += text_block(a, dl, text, m->small_px, FONT_BOLD, THEME.muted, THEME.bg,
                    (rect){m->col_x, y, m->col_w, 0}, ALIGN_LEFT, 2, full);
    return form_demo_banner(a, dl, y + m->gap / 2);
}

static form_field step_field(int step)
{
    return step == STEP_NAME ? FIELD_NAME : step == STEP_PHONE ? FIELD_PHONE : FIELD_EMAIL;
}

/* A text step, in as few rows as fit above a keyboard of 12 mm keys: the
 * buttons (Back where Back always is, Cancel beside it, Next at the right)
 * with the step line between them; the label; the field with its error or
 * hint beside it on a wide screen (under it on a narrow one); the keyboard
 * along the bottom. */
static void draw_text_step(app *a, draw_list *dl, int top)
{
    const metrics *m = &a->m;
    rect full = {0, 0, m->w, m->h};
    form_field field = step_field(a->contact.step);
    kb_layout layout = field == FIELD_NAME ? KB_TEXT : field == FIELD_PHONE ? KB_PHONE : KB_EMAIL;
    int y = top + m->gap / 2;
    /* Row 1: the buttons, and the practice-key note between them. */
    int right =
        form_buttons_row(a, dl, y, a->contact.step > 0, ui(a, "form.next"), ACT_FORM_NEXT, true);
    int left = form_buttons_left(a);
    if (a->contact.demo) {
        const char *demo = ui(a, "form.demo");
        int w = right - left - m->pad;
        int dh = text_block(a, NULL, demo, m->small_px, FONT_BOLD, THEME.text, THEME.desk,
                            (rect){0, 0, w, 0}, ALIGN_LEFT, 3, full);
        if (dh <= m->button_h && w > 0) {
            rect box = {left, y, right - left, m->button_h};
            draw_fill(dl, box, THEME.desk);
            text_block(a, dl, demo, m->small_px, FONT_BOLD, THEME.text, THEME.desk,
                       (rect){box.x + m->pad / 2, y + (m->button_h - dh) / 2, w, dh}, ALIGN_LEFT, 3,
                       box);
        } else {
            y = form_demo_banner(a, dl, y + m->button_h + m->gap / 2) - m->button_h - m->gap / 2;
        }
    }
    y += m->button_h + m->gap / 2;
    /* Row 2: the label, and the step at the right. */
    char num[8], total[8], step[96];
    str_format(num, sizeof num, "%d", a->contact.step + 1);
    str_format(total, sizeof total, "%d", FORM_STEPS);
    const char *names[] = {"step", "steps"}, *values[] = {num, total};
    str_fill(step, sizeof step, ui(a, "form.step"), names, values, 2);
    const char *step_text = draw_strdup(dl, step);
    int sw =
        a->tm->text_width(a->tm->ctx, step_text, (int)strlen(step_text), m->small_px, FONT_BOLD);
    const char *label = ui(a, field == FIELD_NAME    ? "form.name.label"
                              : field == FIELD_PHONE ? "form.phone.label"
                                                     : "form.email.label");
    int lh_label = text_block(a, dl, label, m->body_px, FONT_BOLD, THEME.tile_title, THEME.bg,
                              (rect){m->col_x, y, m->col_w - sw - m->gap, 0}, ALIGN_LEFT, 2, full);
    int slh = a->tm->line_height(a->tm->ctx, m->small_px, FONT_BOLD);
    text_block(a, dl, step_text, m->small_px, FONT_BOLD, THEME.muted, THEME.bg,
               (rect){m->col_x + m->col_w - sw, y + (lh_label - slh) / 2, sw, slh}, ALIGN_LEFT, 1,
               full);
    y += lh_label + m->gap / 4;
    /* The field and, beside it when the screen is wide, its error or hint. */
    const char *err = a->contact.refused == INSERT_TOO_LONG ? "form.refused.long"
                      : a->contact.refused == INSERT_CANNOT_SHOW
                          ? "form.refused.character"
                          : form_error_key(&a->contact.form, field);
    const char *note = err ? ui(a, err) : field != FIELD_NAME ? ui(a, "form.contact.hint") : NULL;
    bool beside = m->w > m->h;
    int field_w = beside ? m->col_w * 3 / 5 : m->col_w;
    rect box = {m->col_x, y, field_w, m->button_h};
    int edge = look_edge_px(m) * 2;
    draw_fill(dl, box, THEME.accent);
    draw_fill(dl, (rect){box.x + edge, box.y + edge, box.w - 2 * edge, box.h - 2 * edge},
              THEME.tile);
    const char *text = form_text(&a->contact.form, field);
    int len = (int)strlen(text), inner = box.w - 2 * m->pad;
    int start = 0;
    while (start < len && a->tm->text_width(a->tm->ctx, text + start, len - start, m->body_px,
                                            FONT_REGULAR) > inner) {
        uint32_t cp;
        int step_len = utf8_decode(text + start, (size_t)(len - start), &cp);
        start += step_len > 0 ? step_len : 1;
    }
    int lh = a->tm->line_height(a->tm->ctx, m->body_px, FONT_REGULAR);
    int tw = len > start ? a->tm->text_width(a->tm->ctx, text + start, len - start, m->body_px,
                                             FONT_REGULAR)
                         : 0;
    rect tr = {box.x + m->pad, box.y + (box.h - lh) / 2, tw, lh};
    if (len > start) {
        draw_sensitive(dl, true);
        draw_text(dl, tr, text + start, len - start, m->body_px, FONT_REGULAR, THEME.text,
                  THEME.tile);
        draw_item_add(dl, text + start, len - start, tr, box);
        draw_sensitive(dl, false);
    }
    draw_fill(dl, (rect){tr.x + tw + 2, tr.y + lh / 8, edge, lh * 3 / 4}, THEME.text);
    draw_target_add(dl, box, ACT_NONE, 0);
    int note_bottom = box.y + box.h;
    if (note) {
        rect nb = beside ? (rect){box.x + box.w + m->gap, box.y, m->col_w - field_w - m->gap, 0}
                         : (rect){m->col_x, box.y + box.h + m->gap / 4, m->col_w, 0};
        int nh = text_block(a, NULL, note, m->small_px, err ? FONT_BOLD : FONT_REGULAR, THEME.muted,
                            THEME.bg, nb, ALIGN_LEFT, MAX_LINES, full);
        if (beside && nh < box.h)
            nb.y += (box.h - nh) / 2;
        nh = text_block(a, dl, note, m->small_px, err ? FONT_BOLD : FONT_REGULAR,
                        err ? THEME.avoid_label : THEME.muted, THEME.bg, nb, ALIGN_LEFT, MAX_LINES,
                        full);
        note_bottom = nb.y + nh > note_bottom ? nb.y + nh : note_bottom;
    }
    /* The keyboard: its keys as tall as the room left allows, 12 mm when it can. */
    int kb_top = note_bottom + m->gap / 2, kb_bottom = m->h - m->margin / 4;
    int kb_h = keyboard_height(layout, m);
    if (kb_h > kb_bottom - kb_top)
        kb_h = kb_bottom - kb_top;
    rect kb = {m->margin, kb_bottom - kb_h, m->w - 2 * m->margin, kb_h};
    int kb_w = (int)(1500 * m->s);
    if (kb.w > kb_w) {
        kb.x += (kb.w - kb_w) / 2;
        kb.w = kb_w;
    }
    /* The keyboard. */
    a->frame.key_count = keyboard_build(layout, a->contact.shift, kb, m, a->frame.keys);
    for (int i = 0; i < a->frame.key_count; i++) {
        const kb_key *k = &a->frame.keys[i];
        bool special = k->kind != KK_CHAR;
        bool on = k->kind == KK_SHIFT && a->contact.shift;
        color bg = k->kind == KK_DONE || on ? THEME.accent : special ? THEME.button2 : THEME.tile;
        color fg = k->kind == KK_DONE || on ? THEME.on_accent : THEME.on_button2;
        /* Each key with an edge that stands out from the page (3:1). */
        int ke = look_edge_px(m);
        draw_fill(dl, k->r, THEME.edge);
        draw_fill(dl, (rect){k->r.x + ke, k->r.y + ke, k->r.w - 2 * ke, k->r.h - 2 * ke}, bg);
        const char *cap = k->ui_key ? ui(a, k->ui_key) : k->text;
        int px = fit_px(a, cap, special ? m->small_px : m->body_px, m->small_px / 2, FONT_BOLD,
                        k->r.w - 8, 1);
        int kl = a->tm->line_height(a->tm->ctx, px, FONT_BOLD);
        text_block(a, dl, cap, px, FONT_BOLD, fg, bg,
                   (rect){k->r.x + 4, k->r.y + (k->r.h - kl) / 2, k->r.w - 8, kl}, ALIGN_CENTER, 1,
                   k->r);
        draw_target_add(dl, k->r, ACT_KEY, i);
    }
}

/* An option: the chosen one is filled and marked, so it never reads as just
 * another Next button, and the others do not look disabled. */
static void choice_button(app *a, draw_list *dl, rect r, const char *label, int arg, bool chosen)
{
    /* A check mark and its own look: never the primary button's. */
    button_look(a, dl, r, label, ACT_CHOICE, arg, LOOK_OPTION, chosen);
}

/* A row of choice buttons under a label; returns the bottom. */
/* A panel under 100 mm tall, wider than tall (a 7" one): labels go beside
 * their options, and options side by side, so a step fits one screen. */
static bool short_panel(const app *a)
{
    return a->m.w > a->m.h && a->m.h * a->m.mm_per_px < 100;
}

static int choice_row(app *a, draw_list *dl, int y, const char *label, int group,
                      const char *const *options, int n, int selected)
{
    const metrics *m = &a->m;
    rect full = {0, 0, m->w, m->h};
    int x = m->col_x, w = m->col_w;
    if (short_panel(a)) {
        int lw = (m->w - 2 * m->margin) * 2 / 5;
        int lh = text_block(a, NULL, label, m->small_px, FONT_BOLD, THEME.tile_title, THEME.bg,
                            (rect){0, 0, lw, 0}, ALIGN_LEFT, 3, full);
        text_block(a, dl, label, m->small_px, FONT_BOLD, THEME.tile_title, THEME.bg,
                   (rect){m->margin, y + (lh < m->button_h ? (m->button_h - lh) / 2 : 0), lw, lh},
                   ALIGN_LEFT, 3, full);
        x = m->margin + lw + m->gap;
        w = m->w - m->margin - x;
    } else {
        y += text_block(a, dl, label, m->body_px, FONT_BOLD, THEME.tile_title, THEME.bg,
                        (rect){x, y, w, 0}, ALIGN_LEFT, 2, full) +
             m->gap / 3;
    }
    int bw = (w - (n - 1) * m->gap) / n;
    for (int i = 0; i < n; i++)
        choice_button(a, dl, (rect){x + i * (bw + m->gap), y, bw, m->button_h}, options[i],
                      group * 16 + i, i == selected);
    return y + m->button_h + m->gap;
}

static void draw_choice_step(app *a, draw_list *dl, int top)
{
    const metrics *m = &a->m;
    rect full = {0, 0, m->w, m->h};
    int y = form_header(a, dl, top + m->gap / 2);
    if (a->contact.step == STEP_PREFERENCES) {
        const char *times[FORM_TIMES];
        for (int i = 0; i < FORM_TIMES; i++) {
            char key[48];
            str_format(key, sizeof key, "form.best_time.%s", form_times[i]);
            times[i] = ui(a, key);
        }
        y = choice_row(a, dl, y, ui(a, "form.best_time.label"), 0, times, FORM_TIMES,
                       a->contact.form.best_time);
        const char *langs[CONTENT_MAX_LANGS];
        for (int i = 0; i < a->content->lang_count; i++)
            langs[i] = content_ui(&a->content->langs[i], "language.name");
        y = choice_row(a, dl, y, ui(a, "form.language.label"), 1, langs, a->content->lang_count,
                       a->contact.form.language);
        const char *yes_no[2] = {ui(a, "form.no"), ui(a, "form.yes")};
        choice_row(a, dl, y, ui(a, "form.voicemail.label"), 2, yes_no, 2,
                   a->contact.form.voicemail);
    } else if (a->contact.step == STEP_TOPIC) {
        y += text_block(a, dl, ui(a, "form.topic.label"), m->body_px, FONT_BOLD, THEME.tile_title,
                        THEME.bg, (rect){m->col_x, y, m->col_w, 0}, ALIGN_LEFT, 2, full) +
             m->gap / 3;
        /* One a row; two a row on a short panel. */
        int cols = short_panel(a) ? 2 : 1, x0 = cols > 1 ? m->margin : m->col_x;
        int cw = ((cols > 1 ? m->w - 2 * m->margin : m->col_w) - (cols - 1) * m->gap) / cols;
        for (int i = 0; i < FORM_TOPICS; i++) {
            char key[48];
            str_format(key, sizeof key, "form.topic.%s", form_topics[i]);
            choice_button(a, dl, (rect){x0 + (i % cols) * (cw + m->gap), y, cw, m->button_h},
                          ui(a, key), 3 * 16 + i, i == a->contact.form.topic);
            if (i % cols == cols - 1 || i == FORM_TOPICS - 1)
                y += m->button_h + m->gap;
        }
    } else {
        /* Consent: the content's text, then a large box to tick. */
        y += text_block(a, dl, ui(a, "form.consent.text"), m->body_px, FONT_REGULAR, THEME.text,
                        THEME.bg, (rect){m->col_x, y, m->col_w, 0}, ALIGN_LEFT, 8, full) +
             m->gap;
        int side = m->button_h;
        rect hit = {m->col_x, y, m->col_w, side};
        rect box = {m->col_x, y, side, side};
        int edge = (int)(5 * m->s) + 1;
        draw_fill(dl, box, THEME.accent);
        draw_fill(dl, (rect){box.x + edge, box.y + edge, side - 2 * edge, side - 2 * edge},
                  THEME.tile);
        if (a->contact.form.consent) /* ticked: a check mark */
            draw_icon(dl, box, ICON_CHECK, side * 3 / 4, THEME.accent, THEME.tile);
        const char *label = ui(a, "form.consent.label");
        int lh = a->tm->line_height(a->tm->ctx, m->body_px, FONT_BOLD);
        text_block(a, dl, label, m->body_px, FONT_BOLD, THEME.tile_title, THEME.bg,
                   (rect){box.x + side + m->gap, y + (side - lh) / 2, m->col_w - side - m->gap, lh},
                   ALIGN_LEFT, 1, hit);
        draw_target_add(dl, hit, ACT_CONSENT, 0);
    }
    form_buttons(a, dl, m->h - m->margin / 2 - m->button_h, true, ui(a, "form.next"), ACT_FORM_NEXT,
                 true);
}

static void draw_notice(app *a, draw_list *dl, int top)
{
    const metrics *m = &a->m;
    rect full = {0, 0, m->w, m->h};
    int y = form_demo_banner(a, dl, top + m->gap);
    y +=
        text_block(a, dl, ui(a, "contact.notice.title"), m->heading_px, FONT_BOLD, THEME.tile_title,
                   THEME.bg, (rect){m->col_x, y, m->col_w, 0}, ALIGN_LEFT, 2, full) +
        m->gap / 2;
    static const char *const keys[] = {"contact.notice.purpose", "contact.notice.emergency",
                                       "contact.notice.health", "contact.notice.privacy"};
    for (int i = 0; i < 4; i++)
        y += text_block(a, dl, ui(a, keys[i]), m->body_px, i == 1 ? FONT_BOLD : FONT_REGULAR,
                        THEME.text, THEME.bg, (rect){m->col_x, y, m->col_w, 0}, ALIGN_LEFT, 6,
                        full) +
             m->gap / 2;
    form_buttons(a, dl, m->h - m->margin / 2 - m->button_h, false, ui(a, "contact.start"),
                 ACT_FORM_START, true);
}

/* Thank-you and could-not-save: a calm message and one button. */
static void draw_form_end(app *a, draw_list *dl, int top, bool saved)
{
    const metrics *m = &a->m;
    rect full = {0, 0, m->w, m->h};
    const char *title = ui(a, saved ? "form.thanks.title" : "form.failed.title");
    const char *body = ui(a, saved ? "form.thanks.body" : "form.failed.body");
    int th = text_block(a, NULL, title, m->title_px, FONT_BOLD, THEME.tile_title, THEME.bg,
                        (rect){0, 0, m->col_w, 0}, ALIGN_CENTER, 3, full);
    int bh = text_block(a, NULL, body, m->body_px, FONT_REGULAR, THEME.text, THEME.bg,
                        (rect){0, 0, m->col_w, 0}, ALIGN_CENTER, 6, full);
    int total = th + m->gap + bh + 2 * m->gap + m->button_h;
    int y = top + (m->h - top - total) / 2;
    y += text_block(a, dl, title, m->title_px, FONT_BOLD, THEME.tile_title, THEME.bg,
                    (rect){m->col_x, y, m->col_w, th}, ALIGN_CENTER, 3, full) +
         m->gap;
    y += text_block(a, dl, body, m->body_px, FONT_REGULAR, THEME.text, THEME.bg,
                    (rect){m->col_x, y, m->col_w, bh}, ALIGN_CENTER, 6, full) +
         2 * m->gap;
    const char *ok = ui(a, "form.ok");
    int bw = button_width(a, ok) * 3 / 2;
    button(a, dl, (rect){(m->w - bw) / 2, y, bw, m->button_h}, ok, ACT_FORM_DONE, 0, true);
}

/* ======================================================================
 * The contact form's public side
 * ==================================================================== */

void app_set_form(app *a, bool available, bool demo, wipe_fn wipe)
{
    a->contact.available = available;
    a->contact.demo = available && demo;
    a->contact.wipe = wipe;
    a->frame.dirty = true;
}

bool app_take_request(app *a, contact_request *out)
{
    if (!a->contact.submitting)
        return false;
    a->contact.submitting = false;
    const char *lang = a->content->langs[a->contact.form.language].code;
    bool ok = form_to_request(&a->contact.form, lang, a->content->version, out);
    /* The form is wiped now, whatever the store then says. */
    session_form_wipe(a);
    a->frame.dirty = true;
    if (!ok) {
        a->visit.screen = SCREEN_SAVE_FAILED;
        a->contact.thanks_since = a->idle.now;
    }
    return ok;
}

void app_request_done(app *a, bool saved)
{
    session_form_wipe(a);
    if (saved)
        session_count(a, USAGE_CONTACT, "");
    a->visit.screen = saved ? SCREEN_THANKS : SCREEN_SAVE_FAILED;
    a->contact.thanks_since = a->idle.now;
    a->frame.dirty = true;
}

bool app_form_is_empty(const app *a)
{
    const form_state *f = &a->contact.form;
    return !f->name[0] && !f->phone[0] && !f->email[0] && !f->consent && f->topic < 0 &&
           f->best_time < 0;
}

/* ======================================================================
 * The contact form: events
 * ==================================================================== */

static bool form_owns(screen_id s)
{
    return s == SCREEN_NOTICE || s == SCREEN_FORM || s == SCREEN_REVIEW || s == SCREEN_THANKS ||
           s == SCREEN_SAVE_FAILED;
}

static int form_pages(const app *a, int *page)
{
    bool steps = a->visit.screen == SCREEN_FORM;
    if (page)
        *page = steps ? a->contact.step : 0;
    return steps ? FORM_STEPS : 1;
}

static void form_next(app *a)
{
    if (a->contact.step <= STEP_EMAIL) {
        form_field field = step_field(a->contact.step);
        a->contact.form.left[field] = true;
        field_status st = form_status(&a->contact.form, field);
        if (field == FIELD_NAME && st != FIELD_OK)
            return;
        if (field != FIELD_NAME && st != FIELD_OK && st != FIELD_EMPTY)
            return;
        if (field == FIELD_EMAIL && !form_has_contact(&a->contact.form))
            return; /* the error under the field says to give one of them */
    }
    if (a->contact.step + 1 < FORM_STEPS) {
        a->contact.step++;
        a->contact.shift = false;
    } else {
        a->visit.screen = SCREEN_REVIEW;
        a->contact.review_page = 0;
    }
}

static void type_text(app *a, const char *text)
{
    if (a->visit.screen != SCREEN_FORM || a->contact.step > STEP_EMAIL)
        return;
    form_field field = step_field(a->contact.step);
    form_insert_result res = INSERT_OK;
    /* Only what the kiosk's font can show: a box in place of a letter would
     * not be what the visitor typed. */
    size_t n = strlen(text);
    for (size_t i = 0; i < n && a->tm->can_draw;) {
        uint32_t cp;
        int step = utf8_decode(text + i, n - i, &cp);
        if (step <= 0)
            break;
        if (cp > ' ' && !a->tm->can_draw(a->tm->ctx, cp)) {
            res = INSERT_CANNOT_SHOW;
            break;
        }
        i += (size_t)step;
    }
    if (res == INSERT_OK)
        res = form_insert(&a->contact.form, field, text);
    a->contact.refused = res;
    if (res == INSERT_OK) {
        /* One-shot shift; a new word in a name starts with a capital. */
        a->contact.shift =
            field == FIELD_NAME &&
            (strcmp(text, " ") == 0 || strcmp(text, "-") == 0 || strcmp(text, ".") == 0);
    }
    a->frame.dirty = true;
}

/* Backspace in a field; a name's new word (or an empty name) starts with a
 * capital again. */
static void delete_back(app *a)
{
    form_field field = step_field(a->contact.step);
    form_backspace(&a->contact.form, field);
    if (field == FIELD_NAME) {
        const char *t = a->contact.form.name;
        size_t n = strlen(t);
        a->contact.shift = n == 0 || t[n - 1] == ' ' || t[n - 1] == '-';
    }
}

static void form_press_key(app *a, int index)
{
    if (index < 0 || index >= a->frame.key_count)
        return;
    const kb_key *k = &a->frame.keys[index];
    switch (k->kind) {
    case KK_CHAR:
    case KK_SPACE:
        type_text(a, k->text);
        break;
    case KK_SHIFT:
        a->contact.shift = !a->contact.shift;
        break;
    case KK_DELETE:
        delete_back(a);
        break;
    case KK_DONE:
        form_next(a);
        break;
    }
}

static bool form_act(app *a, const draw_target *t)
{
    switch (t->act) {
    case ACT_FORM_START:
        if (presenting(a) || a->staff.role != ROLE_NONE)
            return true;
        session_form_wipe(a);
        a->contact.form.language = a->visit.lang;
        a->visit.screen = SCREEN_FORM;
        a->contact.step = STEP_NAME;
        a->contact.shift = true; /* a name starts with a capital */
        return true;
    case ACT_FORM_CANCEL:
        /* Nothing typed or chosen yet: nothing to lose. Else ask first. */
        if (!app_form_is_empty(a) && a->visit.screen != SCREEN_NOTICE) {
            a->contact.asking_erase = true;
            return true;
        }
        session_form_wipe(a);
        if (!nav_pop(a)) /* reached by a link: back to its page */
            a->visit.screen = SCREEN_HOME;
        return true;
    case ACT_FORM_KEEP:
        a->contact.asking_erase = false;
        return true;
    case ACT_FORM_WHY:
        a->contact.why = true;
        return true;
    case ACT_FORM_ERASE:
    case ACT_FORM_DONE:
        session_form_wipe(a);
        if (!nav_pop(a)) /* reached by a link: back to its page */
            a->visit.screen = SCREEN_HOME;
        return true;
    case ACT_FORM_NEXT:
        form_next(a);
        return true;
    case ACT_NEXT:
    case ACT_PREV: /* the review's rows, paged on a small panel */
        if (a->visit.screen != SCREEN_REVIEW)
            return false;
        a->contact.review_page += t->act == ACT_NEXT ? 1 : -1;
        if (a->contact.review_page < 0)
            a->contact.review_page = 0;
        if (a->contact.review_page >= a->contact.review_pages)
            a->contact.review_page = a->contact.review_pages - 1;
        return true;
    case ACT_FORM_BACK:
        if (a->visit.screen == SCREEN_REVIEW) {
            a->visit.screen = SCREEN_FORM;
            a->contact.step = STEP_CONSENT;
        } else if (a->contact.step > 0) {
            a->contact.step--;
        }
        a->contact.shift = false;
        return true;
    case ACT_FORM_GOTO:
        if (t->arg >= 0 && t->arg < FORM_STEPS) {
            a->visit.screen = SCREEN_FORM;
            a->contact.step = t->arg;
            a->contact.shift = false;
        }
        return true;
    case ACT_KEY:
        if (a->visit.screen != SCREEN_FORM)
            return false;
        form_press_key(a, t->arg);
        return true;
    case ACT_CHOICE: {
        int group = t->arg / 16, option = t->arg % 16;
        if (group == 0 && option < FORM_TIMES)
            a->contact.form.best_time = option;
        else if (group == 1 && option < a->content->lang_count)
            a->contact.form.language = option;
        else if (group == 2 && option < 2)
            a->contact.form.voicemail = option;
        else if (group == 3 && option < FORM_TOPICS)
            a->contact.form.topic = option;
        return true;
    }
    case ACT_CONSENT:
        a->contact.form.consent = !a->contact.form.consent;
        return true;
    case ACT_SUBMIT:
        if (form_can_submit(&a->contact.form))
            a->contact.submitting = true;
        return true;
    default:
        return false;
    }
}

/* A physical keyboard works too, on the typed steps. */
static void form_key(app *a, key_code key)
{
    if (a->visit.screen != SCREEN_FORM || a->contact.step > STEP_EMAIL)
        return; /* the form's other screens have no pages to turn */
    if (key == KEY_BACKSPACE)
        delete_back(a);
    else if (key == KEY_ENTER || key == KEY_TAB)
        form_next(a);
    a->frame.dirty = true;
}

/* "Erase your answers?" over the form (the form itself is not drawn
 * behind it: what was typed stays out of sight): keep them (the friendly
 * choice) or erase them (the red one). */
static void draw_erase_question(app *a, draw_list *dl, int top)
{
    const metrics *m = &a->m;
    rect below = {0, top, m->w, m->h - top};
    draw_target_add(dl, below, ACT_NONE, 0);
    const char *q = ui(a, "form.cancel.ask"), *keep = ui(a, "form.cancel.keep"),
               *erase = ui(a, "form.cancel.erase");
    int cw = m->col_w, inner = cw - 2 * m->pad;
    int qh = text_block(a, NULL, q, m->heading_px, FONT_BOLD, THEME.tile_title, THEME.card,
                        (rect){0, 0, inner, 0}, ALIGN_CENTER, 3, below);
    int kw = button_width(a, keep), ew = button_width(a, erase);
    bool side = kw + ew + m->gap <= inner;
    int rows_h = side ? m->button_h : 2 * m->button_h + m->gap;
    int card_h = 2 * m->pad + qh + m->gap + rows_h;
    rect card = {(m->w - cw) / 2, top + (m->h - top - card_h) / 2, cw, card_h};
    draw_fill(dl, card, THEME.card);
    look_frame(dl, card, look_edge_px(m), THEME.edge);
    int y = card.y + m->pad;
    y += text_block(a, dl, q, m->heading_px, FONT_BOLD, THEME.tile_title, THEME.card,
                    (rect){card.x + m->pad, y, inner, qh}, ALIGN_CENTER, 3, card) +
         m->gap;
    if (side) {
        int x = card.x + (cw - kw - ew - m->gap) / 2;
        button_look(a, dl, (rect){x, y, kw, m->button_h}, keep, ACT_FORM_KEEP, 0, LOOK_PRIMARY,
                    false);
        button_look(a, dl, (rect){x + kw + m->gap, y, ew, m->button_h}, erase, ACT_FORM_ERASE, 0,
                    LOOK_DANGER, false);
    } else {
        button_look(a, dl, (rect){card.x + m->pad, y, inner, m->button_h}, keep, ACT_FORM_KEEP, 0,
                    LOOK_PRIMARY, false);
        button_look(a, dl, (rect){card.x + m->pad, y + m->button_h + m->gap, inner, m->button_h},
                    erase, ACT_FORM_ERASE, 0, LOOK_DANGER, false);
    }
}

static void form_draw(app *a, draw_list *dl, int top)
{
    if (a->contact.asking_erase &&
        (a->visit.screen == SCREEN_FORM || a->visit.screen == SCREEN_REVIEW)) {
        draw_erase_question(a, dl, top);
        return;
    }
    switch (a->visit.screen) {
    case SCREEN_NOTICE:
        draw_notice(a, dl, top);
        break;
    case SCREEN_FORM:
        if (a->contact.step <= STEP_EMAIL)
            draw_text_step(a, dl, top);
        else
            draw_choice_step(a, dl, top);
        break;
    case SCREEN_REVIEW:
        form_draw_review(a, dl, top);
        break;
    default:
        draw_form_end(a, dl, top, a->visit.screen == SCREEN_THANKS);
        break;
    }
}

const screen_module form_screens = {.owns = form_owns,
                                    .draw = form_draw,
                                    .act = form_act,
                                    .key = form_key,
                                    .text = type_text,
                                    .pages = form_pages};
