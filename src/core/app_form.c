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

/* A text step: the question with its icon and the step at the right; the
 * field and, beside it on a wide screen (under it on a narrow one), its
 * error or hint; the keyboard; and along the bottom the buttons, where they
 * are on every step (Back, Cancel beside it, the one Next at the right:
 * the keyboard has none of its own). */
static void draw_text_step(app *a, draw_list *dl, int top)
{
    const metrics *m = &a->m;
    rect full = {0, 0, m->w, m->h};
    form_field field = step_field(a->contact.step);
    kb_layout layout = field == FIELD_NAME ? KB_TEXT : field == FIELD_PHONE ? KB_DIAL : KB_EMAIL;
    /* A 7" panel on its side: five rows of 12 mm keys would not fit under
     * the crisis bar, the compact keyboard's three do (app_form_keys.c). */
    if (form_compact(a) && form_short_step_fits(a, field, layout, top)) {
        form_draw_short_step(a, dl, top, field, layout);
        return;
    }
    int y = top + m->gap / 2;
    /* The buttons' row, and the practice-key note between them. */
    int row_y = m->h - m->margin / 2 - m->button_h;
    int right = form_buttons_row(a, dl, row_y, a->contact.step > 0, ui(a, "form.next"),
                                 ACT_FORM_NEXT, true);
    int left = form_buttons_left(a);
    if (a->contact.demo) {
        const char *demo = ui(a, "form.demo");
        int w = right - left - m->pad;
        int dh = text_block(a, NULL, demo, m->small_px, FONT_BOLD, THEME.text, THEME.desk,
                            (rect){0, 0, w, 0}, ALIGN_LEFT, 3, full);
        if (dh <= m->button_h && w > 0) {
            rect box = {left, row_y, right - left, m->button_h};
            draw_fill(dl, box, THEME.desk);
            text_block(a, dl, demo, m->small_px, FONT_BOLD, THEME.text, THEME.desk,
                       (rect){box.x + m->pad / 2, row_y + (m->button_h - dh) / 2, w, dh},
                       ALIGN_LEFT, 3, box);
        } else {
            y = form_demo_banner(a, dl, y);
        }
    }
    /* The question with its icon, and the step at the right. */
    char step[96];
    form_step_text(a, step, sizeof step);
    const char *step_text = draw_strdup(dl, step);
    int sw =
        a->tm->text_width(a->tm->ctx, step_text, (int)strlen(step_text), m->small_px, FONT_BOLD);
    const char *label = form_field_label(a, field);
    int icon_w = m->icon_px + m->pad / 2;
    int lh_label = text_block(a, dl, label, m->body_px, FONT_BOLD, THEME.tile_title, THEME.bg,
                              (rect){m->col_x + icon_w, y, m->col_w - sw - m->gap - icon_w, 0},
                              ALIGN_LEFT, 2, full);
    int blh = a->tm->line_height(a->tm->ctx, m->body_px, FONT_BOLD);
    draw_icon(dl, (rect){m->col_x, y + (blh - m->icon_px) / 2, m->icon_px, m->icon_px},
              form_field_icon(field), m->icon_px, THEME.accent, THEME.bg);
    int slh = a->tm->line_height(a->tm->ctx, m->small_px, FONT_BOLD);
    text_block(a, dl, step_text, m->small_px, FONT_BOLD, THEME.muted, THEME.bg,
               (rect){m->col_x + m->col_w - sw, y + (blh - slh) / 2, sw, slh}, ALIGN_LEFT, 1, full);
    y += lh_label + m->gap / 4;
    /* The field and, beside it when the screen is wide, its error or hint. */
    bool err = false;
    const char *note = form_note(a, field, &err);
    bool beside = m->w > m->h;
    int field_w = beside ? m->col_w * 3 / 5 : m->col_w;
    rect box = {m->col_x, y, field_w, m->button_h};
    form_draw_field(a, dl, box, field, err);
    int note_bottom = form_note_by_field(a, dl, box, beside, note, err);
    /* The keyboard: its keys as tall as the room left allows, 12 mm when it can. */
    int kb_top = note_bottom + m->gap / 2, kb_bottom = row_y - m->gap;
    int kb_h = keyboard_height(layout, m);
    if (kb_h > kb_bottom - kb_top)
        kb_h = kb_bottom - kb_top;
    /* Standing up (portrait), the keys right under the field: the eye
     * goes from key to field, not down the whole screen and back. */
    int kb_y = beside ? kb_bottom - kb_h : kb_top + m->gap / 2;
    rect kb = {m->margin, kb_y, m->w - 2 * m->margin, kb_h};
    int kb_w = (int)(1500 * m->s);
    if (kb.w > kb_w) {
        kb.x += (kb.w - kb_w) / 2;
        kb.w = kb_w;
    }
    a->frame.key_count = keyboard_build(layout, a->contact.shift, kb, m, a->frame.keys);
    form_draw_keys(a, dl);
}

/* An option: the chosen one is filled and marked, so it never reads as just
 * another Next button, and the others do not look disabled. */
static void choice_button(app *a, draw_list *dl, rect r, const char *label, int arg, bool chosen)
{
    /* A check mark and its own look: never the primary button's. */
    button_look(a, dl, r, label, ACT_CHOICE, arg, LOOK_OPTION, chosen);
}

/* A question and its options in a row; returns the bottom. On a short panel
 * the question stands beside its options (half the width for two options,
 * two fifths for more), or above them when an option's word would not fit
 * beside it. */
static int choice_row(app *a, draw_list *dl, int y, const char *icon, const char *label, int group,
                      const char *const *options, int n, int selected)
{
    const metrics *m = &a->m;
    int x = m->col_x, w = m->col_w, row_h = m->button_h;
    bool beside = false;
    if (form_compact(a)) {
        int span = m->w - 2 * m->margin;
        int lw = n == 2 ? span / 2 : span * 2 / 5;
        int ow = span - lw - m->gap;
        beside = form_options_fit(a, options, n, (ow - (n - 1) * m->gap) / n);
        if (beside) {
            int lh = form_icon_label(a, NULL, icon, label, m->small_px, (rect){0, 0, lw, 0}, 3);
            row_h = lh > row_h ? lh : row_h;
            form_icon_label(a, dl, icon, label, m->small_px, (rect){m->margin, y, lw, row_h}, 3);
            x = m->margin + lw + m->gap;
            w = ow;
        } else {
            x = m->margin;
            w = span;
            y += form_icon_label(a, dl, icon, label, m->small_px, (rect){x, y, w, 0}, 2) +
                 m->gap / 4;
        }
    } else {
        y += form_icon_label(a, dl, icon, label, m->body_px, (rect){x, y, w, 0}, 2) + m->gap / 3;
    }
    int bw = (w - (n - 1) * m->gap) / n;
    int by = y + (row_h - m->button_h) / 2;
    for (int i = 0; i < n; i++)
        choice_button(a, dl, (rect){x + i * (bw + m->gap), by, bw, m->button_h}, options[i],
                      group * 16 + i, i == selected);
    return y + row_h + m->gap;
}

/* The buttons along the bottom of a choice step; on a short panel (no
 * header line above: no room) the step between them when it fits. */
static void choice_buttons(app *a, draw_list *dl)
{
    const metrics *m = &a->m;
    int y = m->h - m->margin / 2 - m->button_h;
    int right = form_buttons_row(a, dl, y, true, ui(a, "form.next"), ACT_FORM_NEXT, true) - m->gap;
    if (!form_compact(a))
        return;
    int left = form_buttons_left(a);
    char step[96];
    form_step_text(a, step, sizeof step);
    int sw = a->tm->text_width(a->tm->ctx, step, (int)strlen(step), m->small_px, FONT_BOLD);
    int slh = a->tm->line_height(a->tm->ctx, m->small_px, FONT_BOLD);
    if (sw <= right - left)
        text_block(a, dl, draw_strdup(dl, step), m->small_px, FONT_BOLD, THEME.muted, THEME.bg,
                   (rect){left + (right - left - sw) / 2, y + (m->button_h - slh) / 2, sw, slh},
                   ALIGN_LEFT, 1, (rect){0, 0, m->w, m->h});
}

static void draw_choice_step(app *a, draw_list *dl, int top)
{
    const metrics *m = &a->m;
    rect full = {0, 0, m->w, m->h};
    bool compact = form_compact(a);
    int y =
        compact ? form_demo_banner(a, dl, top + m->gap / 2) : form_header(a, dl, top + m->gap / 2);
    if (a->contact.step == STEP_PREFERENCES) {
        const char *times[FORM_TIMES];
        for (int i = 0; i < FORM_TIMES; i++) {
            char key[48];
            str_format(key, sizeof key, "form.best_time.%s", form_times[i]);
            times[i] = ui(a, key);
        }
        y = choice_row(a, dl, y, ICON_SCHEDULE, ui(a, "form.best_time.label"), 0, times, FORM_TIMES,
                       a->contact.form.best_time);
        const char *langs[CONTENT_MAX_LANGS];
        for (int i = 0; i < a->content->lang_count; i++)
            langs[i] = content_ui(&a->content->langs[i], "language.name");
        y = choice_row(a, dl, y, ICON_LANGUAGE, ui(a, "form.language.label"), 1, langs,
                       a->content->lang_count, a->contact.form.language);
        const char *yes_no[2] = {ui(a, "form.no"), ui(a, "form.yes")};
        choice_row(a, dl, y, ICON_VOICEMAIL, ui(a, "form.voicemail.label"), 2, yes_no, 2,
                   a->contact.form.voicemail);
    } else if (a->contact.step == STEP_TOPIC) {
        y += form_icon_label(a, dl, ICON_FORUM, ui(a, "form.topic.label"), m->body_px,
                             (rect){m->col_x, y, m->col_w, 0}, 2) +
             m->gap / 3;
        /* One a row; two a row on a short panel, each as tall as two lines
         * of its words (never smaller words). */
        int cols = compact ? 2 : 1, x0 = cols > 1 ? m->margin : m->col_x;
        int cw = ((cols > 1 ? m->w - 2 * m->margin : m->col_w) - (cols - 1) * m->gap) / cols;
        const char *topics[FORM_TOPICS];
        int oh = m->button_h;
        for (int i = 0; i < FORM_TOPICS; i++) {
            char key[48];
            str_format(key, sizeof key, "form.topic.%s", form_topics[i]);
            topics[i] = ui(a, key);
            int th = text_block(a, NULL, topics[i], m->button_px, FONT_BOLD, THEME.text, THEME.tile,
                                (rect){0, 0, cw - m->pad - m->icon_px - m->pad / 2, 0}, ALIGN_LEFT,
                                2, full) +
                     m->pad / 2;
            oh = th > oh ? th : oh;
        }
        for (int i = 0; i < FORM_TOPICS; i++) {
            choice_button(a, dl, (rect){x0 + (i % cols) * (cw + m->gap), y, cw, oh}, topics[i],
                          3 * 16 + i, i == a->contact.form.topic);
            if (i % cols == cols - 1 || i == FORM_TOPICS - 1)
                y += oh + m->gap;
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
    choice_buttons(a, dl);
}

/* The notice: its title and four paragraphs, paged where they do not all
 * fit above the buttons (a 7" panel, a larger text step): Next turns the
 * page, Continue is on the last. */
static void draw_notice(app *a, draw_list *dl, int top)
{
    const metrics *m = &a->m;
    rect full = {0, 0, m->w, m->h};
    static const char *const keys[] = {"contact.notice.purpose", "contact.notice.emergency",
                                       "contact.notice.health", "contact.notice.privacy"};
    int y0 = form_demo_banner(a, dl, top + m->gap);
    const char *title = ui(a, "contact.notice.title");
    int th = text_block(a, NULL, title, m->heading_px, FONT_BOLD, THEME.tile_title, THEME.bg,
                        (rect){0, 0, m->col_w, 0}, ALIGN_LEFT, 2, full) +
             m->gap / 2;
    int ph[4], first[5] = {0}, pages = 1;
    for (int i = 0; i < 4; i++)
        ph[i] = text_block(a, NULL, ui(a, keys[i]), m->body_px, i == 1 ? FONT_BOLD : FONT_REGULAR,
                           THEME.text, THEME.bg, (rect){0, 0, m->col_w, 0}, ALIGN_LEFT, MAX_LINES,
                           full) +
                m->gap / 2;
    int bottom = m->h - m->margin / 2 - m->button_h - m->gap;
    for (int i = 0, y = y0 + th; i < 4; i++) {
        if (y + ph[i] > bottom && i > first[pages - 1]) {
            first[pages++] = i;
            y = y0;
        }
        y += ph[i];
    }
    first[pages] = 4;
    a->contact.notice_pages = pages;
    if (a->contact.notice_page >= pages)
        a->contact.notice_page = pages - 1;
    int page = a->contact.notice_page, y = y0;
    if (page == 0)
        y += text_block(a, dl, title, m->heading_px, FONT_BOLD, THEME.tile_title, THEME.bg,
                        (rect){m->col_x, y, m->col_w, 0}, ALIGN_LEFT, 2, full) +
             m->gap / 2;
    for (int i = first[page]; i < first[page + 1]; i++)
        y += text_block(a, dl, ui(a, keys[i]), m->body_px, i == 1 ? FONT_BOLD : FONT_REGULAR,
                        THEME.text, THEME.bg, (rect){m->col_x, y, m->col_w, 0}, ALIGN_LEFT,
                        MAX_LINES, full) +
             m->gap / 2;
    bool last = page + 1 >= pages;
    int by = m->h - m->margin / 2 - m->button_h;
    int right = form_buttons_row(a, dl, by, false, ui(a, last ? "contact.start" : "nav.next"),
                                 last ? ACT_FORM_START : ACT_NEXT, true);
    if (page > 0) {
        const char *prev = ui(a, "nav.previous");
        int pw = button_width(a, prev);
        if (right - pw >= form_buttons_left(a))
            button(a, dl, (rect){right - pw, by, pw, m->button_h}, prev, ACT_PREV, 0, false);
    }
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
    bool steps = a->visit.screen == SCREEN_FORM, notice = a->visit.screen == SCREEN_NOTICE;
    bool review = a->visit.screen == SCREEN_REVIEW;
    if (page)
        *page = steps    ? a->contact.step
                : notice ? a->contact.notice_page
                : review ? a->contact.review_page
                         : 0;
    int notice_pages = a->contact.notice_pages > 0 ? a->contact.notice_pages : 1;
    int review_pages = a->contact.review_pages > 0 ? a->contact.review_pages : 1;
    return steps ? FORM_STEPS : notice ? notice_pages : review ? review_pages : 1;
}

static void form_next(app *a)
{
    if (a->contact.step <= STEP_EMAIL) {
        form_field field = step_field(a->contact.step);
        a->contact.form.left[field] = true;
        field_status st = form_status(&a->contact.form, field);
        /* Not yet: the error says why (over the keys on a short panel). */
        a->contact.note_open = true;
        if (field == FIELD_NAME && st != FIELD_OK)
            return;
        if (field != FIELD_NAME && st != FIELD_OK && st != FIELD_EMPTY)
            return;
        if (field == FIELD_EMAIL && !form_has_contact(&a->contact.form))
            return; /* the error under the field says to give one of them */
    }
    a->contact.note_open = false;
    a->contact.kb_page = 0;
    a->contact.refused = INSERT_OK;
    if (a->contact.step + 1 < FORM_STEPS) {
        a->contact.step++;
        a->contact.shift = false;
    } else {
        a->visit.screen = SCREEN_REVIEW;
        a->contact.review_row = 0;
        a->contact.review_seen = 0; /* each row to be seen again: it may have changed */
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
    /* Refused, or a value no more typing can fix: an error to see now. */
    if (res != INSERT_OK || form_value_stuck(&a->contact.form, field))
        a->contact.note_open = true;
    if (res == INSERT_OK) {
        /* One-shot shift; a new word in a name starts with a capital. */
        a->contact.shift =
            field == FIELD_NAME &&
            (strcmp(text, " ") == 0 || strcmp(text, "-") == 0 || strcmp(text, ".") == 0);
        /* A name's accented letter typed: back to the letters. */
        if (field == FIELD_NAME)
            a->contact.kb_page = 0;
    }
    a->frame.dirty = true;
}

/* Backspace in a field; a name's new word (or an empty name) starts with a
 * capital again. */
static void delete_back(app *a)
{
    form_field field = step_field(a->contact.step);
    form_backspace(&a->contact.form, field);
    a->contact.refused = INSERT_OK;
    a->contact.note_open = false; /* the visitor is fixing it */
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
    case KK_PAGE:
        a->contact.kb_page = !a->contact.kb_page;
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
    case ACT_FORM_NOTE:
        a->contact.note_open = false;
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
    case ACT_PREV: /* the notice and the review's rows, paged on a small panel */
        if (a->visit.screen == SCREEN_NOTICE) {
            a->contact.notice_page += t->act == ACT_NEXT ? 1 : -1;
            if (a->contact.notice_page >= a->contact.notice_pages)
                a->contact.notice_page = a->contact.notice_pages - 1;
            if (a->contact.notice_page < 0)
                a->contact.notice_page = 0;
            return true;
        }
        if (a->visit.screen != SCREEN_REVIEW)
            return false;
        /* The row to show (plus one) as the frame on screen named it. */
        if (t->arg > 0 && t->arg <= FORM_REVIEW_ROWS)
            a->contact.review_row = t->arg - 1;
        else
            a->contact.review_row = a->contact.review_turn[t->act == ACT_NEXT ? 1 : 0];
        return true;
    case ACT_FORM_BACK:
        if (a->visit.screen == SCREEN_REVIEW) {
            a->visit.screen = SCREEN_FORM;
            a->contact.step = STEP_CONSENT;
        } else if (a->contact.step > 0) {
            a->contact.step--;
        }
        a->contact.shift = false;
        a->contact.kb_page = 0;
        a->contact.note_open = false;
        a->contact.refused = INSERT_OK;
        return true;
    case ACT_FORM_GOTO:
        if (t->arg >= 0 && t->arg < FORM_STEPS) {
            a->visit.screen = SCREEN_FORM;
            a->contact.step = t->arg;
            a->contact.shift = false;
            a->contact.kb_page = 0;
            a->contact.note_open = false;
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
        /* Only what was complete and every row of which was on screen. */
        if (form_can_submit(&a->contact.form) && form_review_all_seen(a))
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

static void form_draw_screen(app *a, draw_list *dl, int top)
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

/* The form's screens take the visitor's text step like every other screen;
 * one that would not fit whole at it (the field and a keyboard of 12 mm keys,
 * the notice, an option's words) is drawn at the largest smaller step that
 * fits, down to the standard size (never smaller: text is never shrunk).
 * The crisis bar above keeps the visitor's step. */
/* What decides how a typed step fits (not the letters typed: the field
 * shows their end): while it stays the same, so does the fit found. */
static form_fit_key fit_key(app *a, int top)
{
    bool error = false;
    form_fit_key k;
    memset(&k, 0, sizeof k); /* compared whole, padding too */
    k.step = a->contact.step;
    k.lang = a->visit.lang;
    k.w = a->m.w;
    k.h = a->m.h;
    k.percent = a->m.text_percent;
    k.top = top;
    k.content = a->content;
    k.note = form_note(a, step_field(a->contact.step), &error);
    k.note_open = a->contact.note_open;
    k.demo = a->contact.demo;
    return k;
}

static void form_draw(app *a, draw_list *dl, int top)
{
    metrics visitor = a->m;
    a->contact.review_drawn = 0; /* the review's rows this frame: set by its draw */
    /* Typing: the fit found for this step at this size, at once (each
     * letter is a frame; finding the fit draws the step up to ten times). */
    bool typing =
        a->visit.screen == SCREEN_FORM && a->contact.step <= STEP_EMAIL && !a->contact.asking_erase;
    form_fit_key key;
    memset(&key, 0, sizeof key);
    if (typing)
        key = fit_key(a, top);
    if (typing && a->contact.fit_valid && memcmp(&key, &a->contact.fit_key, sizeof key) == 0) {
        if (a->contact.fit_percent != a->m.text_percent)
            a->m = metrics_for_text(a->m.w, a->m.h, a->contact.fit_percent);
        a->contact.squeeze = a->contact.fit_squeeze;
        a->frame.key_count = 0;
        form_draw_screen(a, dl, top);
        a->contact.squeeze = false;
        a->m = visitor;
        return;
    }
    a->contact.fit_valid = false;
    for (;;) {
        /* As laid out for the panel; then, where that does not fit, as on a
         * short panel (options beside their questions, the compact keys). */
        for (int squeeze = 0; squeeze < 2; squeeze++) {
            form_list_mark mark = {dl->cmd_count, dl->item_count, dl->target_count, dl->text_used};
            a->contact.squeeze = squeeze;
            a->frame.key_count = 0;
            form_draw_screen(a, dl, top);
            if (form_drawn_fits(a, dl, mark)) {
                a->contact.fit_valid = typing;
                a->contact.fit_key = key;
                a->contact.fit_percent = a->m.text_percent;
                a->contact.fit_squeeze = squeeze;
                goto done;
            }
            /* Undone; the arena's bytes wiped: they may hold typed text. */
            dl->cmd_count = mark.cmds;
            dl->item_count = mark.items;
            dl->target_count = mark.targets;
            memset(dl->text + mark.text, 0, dl->text_used - mark.text);
            dl->text_used = mark.text;
        }
        if (a->m.text_percent <= 100)
            break;
        a->m = metrics_for_text(a->m.w, a->m.h, a->m.text_percent - 5);
    }
    /* Nothing fits (a panel smaller than any the kiosk is made for): the
     * standard size, as laid out for the panel. */
    a->contact.squeeze = false;
    a->frame.key_count = 0;
    form_draw_screen(a, dl, top);
done:
    a->contact.squeeze = false;
    a->m = visitor;
}

const screen_module form_screens = {.owns = form_owns,
                                    .draw = form_draw,
                                    .act = form_act,
                                    .key = form_key,
                                    .text = type_text,
                                    .pages = form_pages};
