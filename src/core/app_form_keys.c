/* app_form_keys: the form's typed steps' parts: the field and its note, the on-screen
 * keys, the question's line, and the whole typed step on a short panel (a
 * 7-inch one on its side, under 100 mm tall), where three rows of 12 mm keys
 * fit under the crisis bar only when the step keeps to one line of question,
 * one row of field and buttons, and the keyboard (keyboard.h's compact
 * layouts). Called only by the form's screen module (app_form.c). What the
 * visitor typed is drawn with the sensitive pen: never cached, never logged. */
#include "app_internal.h"

#include "look.h"

const char *form_field_icon(form_field field)
{
    return field == FIELD_NAME ? ICON_PERSON : field == FIELD_PHONE ? ICON_PHONE : ICON_MAIL;
}

const char *form_field_label(app *a, form_field field)
{
    return ui(a, field == FIELD_NAME    ? "form.name.label"
                 : field == FIELD_PHONE ? "form.phone.label"
                                        : "form.email.label");
}

const char *form_note(app *a, form_field field, bool *error)
{
    const char *err = a->contact.refused == INSERT_TOO_LONG ? "form.refused.long"
                      : a->contact.refused == INSERT_CANNOT_SHOW
                          ? "form.refused.character"
                          : form_error_key(&a->contact.form, field);
    *error = err != NULL;
    return err ? ui(a, err) : field != FIELD_NAME ? ui(a, "form.contact.hint") : NULL;
}

void form_step_text(app *a, char *out, size_t size)
{
    char num[8], total[8];
    str_format(num, sizeof num, "%d", a->contact.step + 1);
    str_format(total, sizeof total, "%d", FORM_STEPS);
    const char *names[] = {"step", "steps"}, *values[] = {num, total};
    str_fill(out, size, ui(a, "form.step"), names, values, 2);
}

void form_draw_field(app *a, draw_list *dl, rect box, form_field field, bool error)
{
    const metrics *m = &a->m;
    int edge = look_edge_px(m) * 2;
    /* An answer to fix has the error's colour round it, not only words. */
    draw_fill(dl, box, error ? THEME.avoid_label : THEME.accent);
    draw_fill(dl, (rect){box.x + edge, box.y + edge, box.w - 2 * edge, box.h - 2 * edge},
              THEME.tile);
    const char *text = form_text(&a->contact.form, field);
    int len = (int)strlen(text), inner = box.w - 2 * m->pad;
    int start = 0; /* the end of a long answer shows: where the visitor types */
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
    draw_fill(dl, (rect){tr.x + tw + 2, tr.y + lh / 8, look_edge_px(m) * 2, lh * 3 / 4},
              THEME.text);
    draw_target_add(dl, box, ACT_NONE, 0);
}

/* A wide screen's typed step: the field's error or hint beside it (under
 * it on a narrow screen), an error with its icon (not told by its colour
 * alone). Returns the bottom of the field and note. */
int form_note_by_field(app *a, draw_list *dl, rect box, bool beside, const char *note, bool err)
{
    const metrics *m = &a->m;
    rect full = {0, 0, m->w, m->h};
    int field_w = box.w;
    int note_bottom = box.y + box.h;
    if (note) {
        rect nb = beside ? (rect){box.x + box.w + m->gap, box.y, m->col_w - field_w - m->gap, 0}
                         : (rect){m->col_x, box.y + box.h + m->gap / 4, m->col_w, 0};
        /* An error's icon before it, as on a 7" panel: an error is not told
         * by its colour alone. */
        int ilh = a->tm->line_height(a->tm->ctx, m->small_px, FONT_BOLD);
        int ip = !err ? 0 : m->icon_px < ilh ? m->icon_px : ilh;
        if (err) {
            nb.x += ip + m->pad / 2;
            nb.w -= ip + m->pad / 2;
        }
        int nh = text_block(a, NULL, note, m->small_px, err ? FONT_BOLD : FONT_REGULAR, THEME.muted,
                            THEME.bg, nb, ALIGN_LEFT, MAX_LINES, full);
        if (beside && nh < box.h)
            nb.y += (box.h - nh) / 2;
        if (err)
            draw_icon(dl, (rect){nb.x - ip - m->pad / 2, nb.y + (ilh - ip) / 2, ip, ip},
                      ICON_WARNING, ip, THEME.avoid_label, THEME.bg);
        nh = text_block(a, dl, note, m->small_px, err ? FONT_BOLD : FONT_REGULAR,
                        err ? THEME.avoid_label : THEME.muted, THEME.bg, nb, ALIGN_LEFT, MAX_LINES,
                        full);
        note_bottom = nb.y + nh > note_bottom ? nb.y + nh : note_bottom;
    }
    return note_bottom;
}

/* The icon a special key shows when its word does not fit it at the
 * secondary size (a 12 mm key at a larger text step). */
static const char *key_icon(kb_kind kind)
{
    return kind == KK_DELETE  ? ICON_BACKSPACE
           : kind == KK_SHIFT ? ICON_SHIFT
           : kind == KK_SPACE ? ICON_SPACE_BAR
           : kind == KK_DONE  ? ICON_NEXT
                              : NULL;
}

void form_draw_keys(app *a, draw_list *dl)
{
    const metrics *m = &a->m;
    for (int i = 0; i < a->frame.key_count; i++) {
        const kb_key *k = &a->frame.keys[i];
        bool special = k->kind != KK_CHAR;
        bool on =
            (k->kind == KK_SHIFT && a->contact.shift) || (k->kind == KK_PAGE && a->contact.kb_page);
        color bg = k->kind == KK_DONE || on ? THEME.accent : special ? THEME.button2 : THEME.tile;
        color fg = k->kind == KK_DONE || on ? THEME.on_accent : THEME.on_button2;
        /* Each key with an edge that stands out from the page (3:1). */
        int ke = look_edge_px(m);
        draw_fill(dl, k->r, THEME.edge);
        draw_fill(dl, (rect){k->r.x + ke, k->r.y + ke, k->r.w - 2 * ke, k->r.h - 2 * ke}, bg);
        const char *cap = k->ui_key ? ui(a, k->ui_key) : k->text;
        int room = k->r.w - 2 * ke - 4;
        /* Never below the secondary size: a word that does not fit gives
         * way to its key's icon (Delete, Shift, space). */
        int px =
            fit_px(a, cap, special ? m->small_px : m->body_px, m->small_px, FONT_BOLD, room, 1);
        int cw = a->tm->text_width(a->tm->ctx, cap, (int)strlen(cap), px, FONT_BOLD);
        if (cw > room && key_icon(k->kind)) {
            int ip = m->icon_px < k->r.h - 2 * ke ? m->icon_px : k->r.h - 2 * ke;
            draw_icon(dl, (rect){k->r.x + (k->r.w - ip) / 2, k->r.y + (k->r.h - ip) / 2, ip, ip},
                      key_icon(k->kind), ip, fg, bg);
        } else {
            int kl = a->tm->line_height(a->tm->ctx, px, FONT_BOLD);
            text_block(a, dl, cap, px, FONT_BOLD, fg, bg,
                       (rect){k->r.x + ke + 2, k->r.y + (k->r.h - kl) / 2, room, kl}, ALIGN_CENTER,
                       1, k->r);
        }
        draw_target_add(dl, k->r, ACT_KEY, i);
    }
}

/* The question's line: its icon, the question (body size, bold) and, when
 * there is room at the right, the step. Returns its height; dl NULL
 * measures. */
static int question_line(app *a, draw_list *dl, form_field field, int y, bool with_step)
{
    const metrics *m = &a->m;
    rect full = {0, 0, m->w, m->h};
    const char *label = form_field_label(a, field);
    char step[96] = "";
    if (with_step)
        form_step_text(a, step, sizeof step);
    int sw = with_step
                 ? a->tm->text_width(a->tm->ctx, step, (int)strlen(step), m->small_px, FONT_BOLD)
                 : 0;
    int icon_w = m->icon_px + m->pad / 2, x = m->margin, w = m->w - 2 * m->margin;
    int qw = w - icon_w - (sw ? sw + m->gap : 0);
    int qh = text_block(a, NULL, label, m->body_px, FONT_BOLD, THEME.tile_title, THEME.bg,
                        (rect){0, 0, qw, 0}, ALIGN_LEFT, 2, full);
    if (!dl)
        return qh;
    int lh = a->tm->line_height(a->tm->ctx, m->body_px, FONT_BOLD);
    draw_icon(dl, (rect){x, y + (lh - m->icon_px) / 2, m->icon_px, m->icon_px},
              form_field_icon(field), m->icon_px, THEME.accent, THEME.bg);
    text_block(a, dl, label, m->body_px, FONT_BOLD, THEME.tile_title, THEME.bg,
               (rect){x + icon_w, y, qw, qh}, ALIGN_LEFT, 2, full);
    if (sw) {
        int slh = a->tm->line_height(a->tm->ctx, m->small_px, FONT_BOLD);
        text_block(a, dl, draw_strdup(dl, step), m->small_px, FONT_BOLD, THEME.muted, THEME.bg,
                   (rect){x + w - sw, y + (lh - slh) / 2, sw, slh}, ALIGN_LEFT, 1, full);
    }
    return qh;
}

/* An error or hint under (or instead of) the question: an icon and the
 * words, at the secondary size. Returns its height; dl NULL measures. */
static int note_block(app *a, draw_list *dl, const char *note, bool error, int y)
{
    const metrics *m = &a->m;
    rect full = {0, 0, m->w, m->h};
    int icon_w = m->icon_px + m->pad / 2, w = m->w - 2 * m->margin - icon_w;
    font_style st = error ? FONT_BOLD : FONT_REGULAR;
    color fg = error ? THEME.avoid_label : THEME.muted;
    int nh = text_block(a, NULL, note, m->small_px, st, fg, THEME.bg, (rect){0, 0, w, 0},
                        ALIGN_LEFT, MAX_LINES, full);
    if (!dl)
        return nh;
    int lh = a->tm->line_height(a->tm->ctx, m->small_px, st);
    int ip = m->icon_px < lh ? m->icon_px : lh;
    draw_icon(dl, (rect){m->margin + (m->icon_px - ip) / 2, y + (lh - ip) / 2, ip, ip},
              error ? ICON_WARNING : ICON_INFO, ip, fg, THEME.bg);
    text_block(a, dl, note, m->small_px, st, fg, THEME.bg, (rect){m->margin + icon_w, y, w, nh},
               ALIGN_LEFT, MAX_LINES, full);
    return nh;
}

/* The compact keyboard's inset from the screen's sides: half the margin,
 * and 2 mm at least (keyboard_edge_px). */
static int kb_side(const metrics *m)
{
    int edge = keyboard_edge_px(m);
    return edge > m->margin / 2 ? edge : m->margin / 2;
}

/* Where the parts of a short panel's typed step go. */
typedef struct {
    int row_y, kb_top, kb_h, room, top;
} short_plan;

static short_plan plan_short(app *a, kb_layout layout, int top)
{
    const metrics *m = &a->m;
    short_plan p;
    p.kb_h = keyboard_compact_height(layout, m);
    p.kb_top = m->h - keyboard_edge_px(m) - p.kb_h; /* 2 mm off the bezel at least */
    p.row_y = p.kb_top - m->gap - m->button_h;      /* 2 mm from the keys */
    p.top = top + m->gap / 4;
    p.room = p.row_y - m->gap / 4 - p.top;
    return p;
}

/* The field's width in the row, beside Back (after the first step),
 * Cancel and Next. */
static int row_field_width(app *a)
{
    const metrics *m = &a->m;
    int w = m->w - 2 * m->margin - button_width(a, ui(a, "form.cancel")) -
            button_width(a, ui(a, "form.next")) - 2 * m->gap;
    if (a->contact.step > 0)
        w -= button_width(a, ui(a, "nav.back")) + m->gap;
    return w;
}

bool form_short_step_fits(app *a, form_field field, kb_layout layout, int top)
{
    short_plan p = plan_short(a, layout, top);
    int width = a->m.w - 2 * kb_side(&a->m);
    /* A field of 30 mm at least, and room in it for a whole phone number
     * (ten digits and two more) at the body size. */
    const metrics *m = &a->m;
    int digits = a->tm->text_width(a->tm->ctx, "000000000000", 12, m->body_px, FONT_REGULAR);
    int field_w = row_field_width(a);
    return question_line(a, NULL, field, 0, false) <= p.room &&
           keyboard_compact_width(layout, m) <= width && field_w * m->mm_per_px >= 30.0 &&
           field_w - 2 * m->pad >= digits;
}

/* The note over the keyboard's place, until tapped: an error too long for
 * the room above the field, at the body size, with an OK to go on typing. */
static void note_sheet(app *a, draw_list *dl, rect area, const char *note)
{
    const metrics *m = &a->m;
    draw_fill(dl, area, THEME.avoid);
    look_frame(dl, area, look_edge_px(m), THEME.edge);
    draw_target_add(dl, area, ACT_FORM_NOTE, 0);
    const char *ok = ui(a, "form.ok");
    int icon_w = m->icon_px + m->pad / 2, w = area.w - 2 * m->pad - icon_w;
    int nh = text_block(a, NULL, note, m->body_px, FONT_BOLD, THEME.avoid_label, THEME.avoid,
                        (rect){0, 0, w, 0}, ALIGN_LEFT, MAX_LINES, area);
    int bw = button_width(a, ok) * 3 / 2;
    int total = nh + m->gap + m->button_h;
    int y = area.y + (area.h - total) / 2;
    int lh = a->tm->line_height(a->tm->ctx, m->body_px, FONT_BOLD);
    draw_icon(dl, (rect){area.x + m->pad, y + (lh - m->icon_px) / 2, m->icon_px, m->icon_px},
              ICON_WARNING, m->icon_px, THEME.avoid_label, THEME.avoid);
    text_block(a, dl, note, m->body_px, FONT_BOLD, THEME.avoid_label, THEME.avoid,
               (rect){area.x + m->pad + icon_w, y, w, nh}, ALIGN_LEFT, MAX_LINES, area);
    button_look(a, dl, (rect){area.x + (area.w - bw) / 2, y + nh + m->gap, bw, m->button_h}, ok,
                ACT_FORM_NOTE, 0, LOOK_PRIMARY, false);
}

void form_draw_short_step(app *a, draw_list *dl, int top, form_field field, kb_layout layout)
{
    const metrics *m = &a->m;
    short_plan p = plan_short(a, layout, top);
    bool error = false;
    const char *note = form_note(a, field, &error);
    /* Above the field: the question and the step, always (the visitor
     * keeps what was asked and how far along), and the note under them
     * when it fits; else an error the visitor has not yet seen waits over
     * the keyboard, just under the field. A hint that does not fit is left
     * out (the phone step, with its short keypad, always has it). */
    int qh_step = question_line(a, NULL, field, 0, true);
    int qh = question_line(a, NULL, field, 0, false);
    bool with_step = qh_step <= p.room;
    int q = with_step ? qh_step : qh;
    int nh = note ? note_block(a, NULL, note, error, 0) : 0;
    bool both = note && q + nh <= p.room;
    /* An error the room has not quite space for: the question and the
     * error closer together, the error's line against the field it is
     * about (their lines' own leading keeps them apart). */
    int tight_top = p.top - m->gap / 4, tight_room = p.row_y - tight_top;
    bool tight = note && error && !both && q + nh <= tight_room;
    bool sheet = note && error && !both && !tight && a->contact.note_open;
    int q_y = tight ? tight_top : p.top;
    question_line(a, dl, field, q_y, with_step);
    if (both || tight)
        note_block(a, dl, note, error, tight ? p.row_y - nh : p.top + q + m->gap / 4);
    /* The row: Back (after the first step), Cancel beside it, the field
     * and Next: the same ways on and out as on every step. */
    const char *next = ui(a, "form.next"), *cancel = ui(a, "form.cancel");
    int x = m->margin, right = m->w - m->margin;
    if (a->contact.step > 0) {
        const char *back = ui(a, "nav.back");
        int bw = button_width(a, back);
        button(a, dl, (rect){x, p.row_y, bw, m->button_h}, back, ACT_FORM_BACK, 0, false);
        x += bw + m->gap;
    }
    int cw = button_width(a, cancel);
    button(a, dl, (rect){x, p.row_y, cw, m->button_h}, cancel, ACT_FORM_CANCEL, 0, false);
    x += cw + m->gap;
    int nw = button_width(a, next);
    button_look(a, dl, (rect){right - nw, p.row_y, nw, m->button_h}, next, ACT_FORM_NEXT, 0,
                LOOK_PRIMARY, false);
    form_draw_field(a, dl, (rect){x, p.row_y, row_field_width(a), m->button_h}, field, error);
    /* The keyboard, or the error waiting to be seen in its place. */
    rect kb = {kb_side(m), p.kb_top, m->w - 2 * kb_side(m), p.kb_h};
    if (sheet) {
        a->frame.key_count = 0;
        note_sheet(a, dl, kb, note);
        return;
    }
    a->frame.key_count =
        keyboard_compact_build(layout, a->contact.shift, a->contact.kb_page, kb, m, a->frame.keys);
    form_draw_keys(a, dl);
}
