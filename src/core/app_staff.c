/* app_staff: staff and facilitator screens, and the views the staff tools draw. */
#include "app_internal.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>

/* ======================================================================
 * Staff and facilitators
 * ==================================================================== */

static int corner_size(const app *a)
{
    int s = (int)(130 * a->m.s);
    return s < 60 ? 60 : s;
}

/* Which corner (0 top-left, 1 top-right, 2 bottom-right, 3 bottom-left) holds (x, y), or -1. */
static int corner_of(const app *a, int x, int y)
{
    int c = corner_size(a);
    bool left = x < c, right = x >= a->m.w - c, top = y < c, bottom = y >= a->m.h - c;
    return top && left ? 0 : top && right ? 1 : bottom && right ? 2 : bottom && left ? 3 : -1;
}

static void draw_pin(app *a, draw_list *dl, int top)
{
    const metrics *m = &a->m;
    rect full = {0, 0, m->w, m->h};
    int y = top + m->gap;
    y += text_block(a, dl, ui(a, "staff.pin.title"), m->heading_px, FONT_BOLD, THEME.tile_title,
                    THEME.bg, (rect){m->col_x, y, m->col_w, 0}, ALIGN_CENTER, 2, full) +
         m->gap / 2;
    /* The PIN as dots, never its digits. */
    char dots[64] = "";
    size_t n = strlen(a->staff.pin);
    for (size_t i = 0; i < n; i++)
        str_append(dots, sizeof dots, i ? " •" : "•");
    const char *shown = n ? draw_strdup(dl, dots) : ui(a, "staff.pin.prompt");
    y += text_block(a, dl, shown, m->heading_px, FONT_BOLD, THEME.text, THEME.bg,
                    (rect){m->col_x, y, m->col_w, 0}, ALIGN_CENTER, 1, full) +
         m->gap / 2;
    const char *msg = NULL;
    char line[200];
    if (a->idle.now < a->staff.pin_lock_until) {
        char secs[16];
        int left = (int)((a->staff.pin_lock_until - a->idle.now + 999) / 1000);
        str_format(secs, sizeof secs, "%d", left);
        const char *names[] = {"seconds"}, *values[] = {secs};
        /* "1 second", not "1 seconds": the last second has its own words. */
        str_fill(line, sizeof line, ui(a, left == 1 ? "staff.pin.locked_one" : "staff.pin.locked"),
                 names, values, 1);
        msg = draw_strdup(dl, line);
    } else if (a->staff.pin_wrong) {
        msg = ui(a, "staff.pin.wrong");
    }
    if (msg)
        text_block(a, dl, msg, m->body_px, FONT_BOLD, THEME.avoid_label, THEME.bg,
                   (rect){m->col_x, y, m->col_w, 0}, ALIGN_CENTER, 2, full);
    int kb_h = keyboard_height(KB_PHONE, m);
    rect kb = {m->margin, m->h - m->margin / 2 - kb_h, m->w - 2 * m->margin, kb_h};
    a->frame.key_count = keyboard_build(KB_PHONE, false, kb, m, a->frame.keys);
    for (int i = 0; i < a->frame.key_count; i++) {
        const kb_key *k = &a->frame.keys[i];
        bool done = k->kind == KK_DONE;
        const char *cap = done ? ui(a, "staff.pin.enter") : k->ui_key ? ui(a, k->ui_key) : k->text;
        button(a, dl, k->r, cap, ACT_KEY, i, done);
    }
    const char *cancel = ui(a, "form.cancel");
    int cw = button_width(a, cancel);
    button(a, dl, (rect){m->margin, kb.y - m->gap - m->button_h, cw, m->button_h}, cancel,
           ACT_LEAVE, 0, false);
}

static void format_day(int64_t unix_s, char *out, size_t size)
{
    time_t t = (time_t)unix_s;
    struct tm tm;
    if (unix_s <= 0 || !localtime_r(&t, &tm)) {
        str_copy(out, size, "");
        return;
    }
    strftime(out, size, "%Y-%m-%d %H:%M", &tm);
}

static void human_bytes(long long n, char *out, size_t size)
{
    if (n >= 10LL << 30)
        str_format(out, size, "%lld GB", n >> 30);
    else if (n >= 10LL << 20)
        str_format(out, size, "%lld MB", n >> 20);
    else
        str_format(out, size, "%lld kB", n >> 10);
}

/* Delivery health (a kiosk with a kiosk_id): what waits to be sent and
 * since when, the last push and USB copy, and the last "Copy requests to
 * USB". Counts and times only: the kiosk cannot read a request. Returns the
 * height used from r.y. */
static int draw_delivery(app *a, draw_list *dl, rect r, int px)
{
    const staff_info *in = &a->staff.info;
    rect full = {0, 0, a->m.w, a->m.h};
    char line[600], count[16], day[32], more[200];
    const char *names[2], *values[2];
    /* -1: the database could not be read (the problem is in the list below). */
    if (in->send_waiting < 0)
        str_copy(count, sizeof count, "?");
    else
        str_format(count, sizeof count, "%d", in->send_waiting);
    names[0] = "count", values[0] = count;
    str_fill(line, sizeof line, ui(a, "staff.delivery.waiting"), names, values, 1);
    if (in->send_waiting > 0 && in->send_oldest > 0) {
        format_day(in->send_oldest, day, sizeof day);
        names[0] = "date", values[0] = day;
        str_fill(more, sizeof more, ui(a, "staff.delivery.oldest"), names, values, 1);
        str_append(line, sizeof line, " · ");
        str_append(line, sizeof line, more);
    }
    /* Waiting over a day: drawn in the warning colour, so it is noticed. */
    bool late = in->send_waiting > 0 && in->send_oldest > 0 && a->idle.wall > 0 &&
                a->idle.wall - in->send_oldest > 24 * 3600;
    int y = r.y;
    y += text_block(a, dl, (dl ? draw_strdup(dl, line) : line), px, FONT_BOLD,
                    late ? THEME.avoid_label : THEME.text, THEME.bg, (rect){r.x, y, r.w, 0},
                    ALIGN_LEFT, 2, full);
    char push[32], handoff[32];
    str_copy(push, sizeof push, ui(a, "staff.delivery.never"));
    str_copy(handoff, sizeof handoff, push);
    if (in->last_push > 0)
        format_day(in->last_push, push, sizeof push);
    if (in->last_handoff > 0)
        format_day(in->last_handoff, handoff, sizeof handoff);
    names[0] = "push", values[0] = push, names[1] = "handoff", values[1] = handoff;
    str_fill(line, sizeof line, ui(a, "staff.delivery.last"), names, values, 2);
    y += text_block(a, dl, (dl ? draw_strdup(dl, line) : line), px, FONT_REGULAR, THEME.text,
                    THEME.bg, (rect){r.x, y, r.w, 0}, ALIGN_LEFT, 2, full);
    const staff_result *h = &in->handoff;
    static const char *const keys[] = {[RESULT_HANDOFF_COPYING] = "staff.handoff.copying",
                                       [RESULT_HANDOFF_DONE] = "staff.handoff.done",
                                       [RESULT_HANDOFF_NONE] = "staff.handoff.none",
                                       [RESULT_HANDOFF_NO_DRIVE] = "staff.handoff.no_drive",
                                       [RESULT_HANDOFF_FULL] = "staff.handoff.full",
                                       [RESULT_HANDOFF_FAILED] = "staff.handoff.failed"};
    if (h->kind >= RESULT_HANDOFF_COPYING && h->kind <= RESULT_HANDOFF_FAILED) {
        bool bad = h->kind == RESULT_HANDOFF_NO_DRIVE || h->kind == RESULT_HANDOFF_FULL ||
                   h->kind == RESULT_HANDOFF_FAILED;
        str_format(count, sizeof count, "%d", h->count);
        const char *rn[] = {"folder", "count", "detail"}, *rv[] = {h->folder, count, h->detail};
        str_fill(line, sizeof line, ui(a, keys[h->kind]), rn, rv, 3);
        y += text_block(a, dl, (dl ? draw_strdup(dl, line) : line), px,
                        bad ? FONT_BOLD : FONT_REGULAR, bad ? THEME.avoid_label : THEME.text,
                        THEME.bg, (rect){r.x, y, r.w, 0}, ALIGN_LEFT, 3, full);
    }
    return y - r.y;
}

/* One staff-screen line at y, drawn only when it fits above limit (a
 * small panel drops the last ones). Returns the y under it. */
static int staff_line(app *a, draw_list *dl, const char *text, int px, font_style style, color fg,
                      rect r, int lines, int limit)
{
    rect full = {0, 0, a->m.w, a->m.h};
    int h = text_block(a, NULL, text, px, style, fg, THEME.bg, r, ALIGN_LEFT, lines, full);
    if (r.y + h > limit)
        return r.y;
    return r.y + text_block(a, dl, dl ? draw_strdup(dl, text) : text, px, style, fg, THEME.bg, r,
                            ALIGN_LEFT, lines, full);
}

/* The staff screen's lines (requests or delivery, content, reviews, the
 * last result, health) from y at text size px; dl NULL only measures.
 * Returns the y under them. */
static int staff_lines(app *a, draw_list *dl, int x, int y, int w, int px, int limit)
{
    const staff_info *in = &a->staff.info;
    char line[600], a1[64], a2[64], a3[64], a4[64];
    const char *names[4];
    const char *values[4];
    if (in->delivers) {
        y += draw_delivery(a, dl, (rect){x, y, w, 0}, px);
    } else {
        /* Requests: a count only; the kiosk cannot read them. */
        str_format(a1, sizeof a1, "%d", in->waiting < 0 ? 0 : in->waiting);
        names[0] = "count", values[0] = a1;
        str_fill(line, sizeof line, ui(a, "staff.requests"), names, values, 1);
        if (in->oldest_unix > 0) {
            char day[32], more[200];
            format_day(in->oldest_unix, day, sizeof day);
            names[0] = "date", values[0] = day;
            str_fill(more, sizeof more, ui(a, "staff.requests.oldest"), names, values, 1);
            str_append(line, sizeof line, " · ");
            str_append(line, sizeof line, more);
        }
        y = staff_line(a, dl, line, px, FONT_BOLD, THEME.text, (rect){x, y, w, 0}, 2, limit);
    }
    /* What staff just did, right under the requests: it must not be the
     * line a small panel drops. */
    if (in->result.kind != RESULT_NONE) {
        static const char *const keys[] = {[RESULT_CHECKED] = "staff.result.checked",
                                           [RESULT_REJECTED] = "staff.result.rejected",
                                           [RESULT_LIVE] = "staff.result.live",
                                           [RESULT_IMPORTED] = "staff.result.imported",
                                           [RESULT_IMPORT_BAD] = "staff.result.import_bad",
                                           [RESULT_COPY_FAILED] = "staff.result.copy_failed",
                                           [RESULT_NOT_SYMLINK] = "staff.result.not_symlink",
                                           [RESULT_ROLLED_BACK] = "staff.result.rolled_back",
                                           [RESULT_NO_ROLLBACK] = "staff.result.no_rollback",
                                           [RESULT_UNAPPROVED] = "staff.result.unapproved",
                                           [RESULT_IMPORTING] = "staff.result.importing",
                                           [RESULT_HISTORY_FULL] = "staff.result.history_full",
                                           [RESULT_ROLLBACK_FULL] = "staff.result.rollback_full",
                                           [RESULT_CANCELLED] = "staff.result.cancelled",
                                           [RESULT_UNCANCELLED] = "staff.result.uncancelled"};
        char count[16], result[700];
        str_format(count, sizeof count, "%d", in->result.count);
        const char *rn[] = {"version", "folder", "count", "detail"},
                   *rv[] = {in->result.version, in->result.folder, count, in->result.detail};
        str_fill(result, sizeof result, ui(a, keys[in->result.kind]), rn, rv, 4);
        names[0] = "result", values[0] = result;
        str_fill(line, sizeof line, ui(a, "staff.reload.last"), names, values, 1);
        y = staff_line(a, dl, line, px, FONT_REGULAR, THEME.text, (rect){x, y, w, 0}, 3, limit);
    }
    /* Content: version, reviews due within 30 days or past, the last update. */
    names[0] = "version", values[0] = a->content->version;
    str_fill(line, sizeof line, ui(a, "staff.content"), names, values, 1);
    y = staff_line(a, dl, line, px, FONT_REGULAR, THEME.text, (rect){x, y, w, 0}, 2, limit);
    char titles[400] = "", today[16] = "", soon[16] = "";
    if (a->idle.wall > 0 && (!local_date_offset(a->idle.wall, 0, "%Y-%m-%d", today, sizeof today) ||
                             !local_date_offset(a->idle.wall, 30, "%Y-%m-%d", soon, sizeof soon)))
        soon[0] = '\0';
    const content_lang *lang = lang_of(a);
    for (int d = 0; d < lang->doc_count && soon[0]; d++)
        if (strcmp(lang->docs[d].review_due, soon) <= 0) {
            if (titles[0])
                str_append(titles, sizeof titles, ", ");
            str_append(titles, sizeof titles, lang->docs[d].title);
            str_append(titles, sizeof titles,
                       strcmp(lang->docs[d].review_due, today) < 0 ? " (!)" : "");
        }
    if (titles[0]) {
        names[0] = "titles", values[0] = titles;
        str_fill(line, sizeof line, ui(a, "staff.reviews.due"), names, values, 1);
    } else {
        str_copy(line, sizeof line, ui(a, "staff.reviews.ok"));
    }
    y = staff_line(a, dl, line, px, FONT_REGULAR, THEME.text, (rect){x, y, w, 0}, 2, limit);
    /* Approved content past its review date stays on screen (pulling crisis
     * numbers would be worse); staff are told to have it reviewed. */
    if (a->content->approval.verified && today[0] &&
        strcmp(a->content->approval.review_due, today) < 0) {
        char date[64];
        format_date(a, a->content->approval.review_due, date, sizeof date);
        const char *rn[] = {"date", "name"}, *rv[] = {date, a->content->approval.name};
        str_fill(line, sizeof line, ui(a, "staff.approval.review_passed"), rn, rv, 2);
        y = staff_line(a, dl, line, px, FONT_BOLD, THEME.avoid_label, (rect){x, y, w, 0}, 3, limit);
    }
    /* Health. */
    str_format(a1, sizeof a1, "%s", LANTERN_APP_VERSION);
    char hours[16], minutes[8];
    str_format(hours, sizeof hours, "%lld", (long long)(in->uptime_s / 3600));
    str_format(minutes, sizeof minutes, "%02lld", (long long)(in->uptime_s / 60 % 60));
    const char *un[] = {"hours", "minutes"}, *uv[] = {hours, minutes};
    str_fill(a2, sizeof a2, ui(a, "staff.uptime"), un, uv, 2);
    human_bytes(in->free_bytes, a3, sizeof a3);
    human_bytes(in->db_bytes, a4, sizeof a4);
    const char *hn[] = {"version", "uptime", "disk", "db"}, *hv[] = {a1, a2, a3, a4};
    str_fill(line, sizeof line, ui(a, "staff.health"), hn, hv, 4);
    /* Health last (a 7" panel with many lines drops it first). */
    y = staff_line(a, dl, line, px, FONT_REGULAR, THEME.text, (rect){x, y, w, 0}, 2, limit);
    return y;
}

static void draw_staff(app *a, draw_list *dl, int top)
{
    const metrics *m = &a->m;
    rect full = {0, 0, m->w, m->h};
    const staff_info *in = &a->staff.info;
    int x = m->margin, w = m->w - 2 * m->margin;
    int y = top + m->gap / 2;
    const char *close = ui(a, "staff.close");
    int clw = button_width(a, close);
    button(a, dl, (rect){m->w - m->margin - clw, y, clw, m->button_h}, close, ACT_LEAVE, 0, false);
    text_block(a, dl, ui(a, "staff.title"), m->heading_px, FONT_BOLD, THEME.tile_title, THEME.bg,
               (rect){x, y + m->gap / 2, w - clw - m->gap, 0}, ALIGN_LEFT, 1, full);
    y += m->button_h + m->gap / 2;
    /* Actions, three or four a row, at the bottom; the chart takes what room is left. */
    const char *labels[12];
    action acts[12];
    int args[12], n = 0;
    labels[n] = ui(a, "staff.reload"), acts[n] = ACT_STAFF, args[n++] = STAFF_RELOAD;
    for (int i = 0; i < a->staff.info.usb_count && i < 3; i++) {
        const char *base = strrchr(a->staff.info.usb[i], '/');
        char label[160];
        str_format(label, sizeof label, "%s: %s", ui(a, "staff.import"),
                   base ? base + 1 : a->staff.info.usb[i]);
        labels[n] = draw_strdup(dl, label), acts[n] = ACT_STAFF, args[n++] = STAFF_IMPORT + 16 * i;
    }
    if (a->staff.info.can_rollback)
        labels[n] = ui(a, "staff.rollback"), acts[n] = ACT_STAFF, args[n++] = STAFF_ROLLBACK;
    /* Offered while requests wait (or a copy runs): a kiosk with no network. */
    if (in->delivers && (in->send_waiting > 0 || in->handoff.kind == RESULT_HANDOFF_COPYING))
        labels[n] = ui(a, "staff.handoff"), acts[n] = ACT_STAFF, args[n++] = STAFF_HANDOFF;
    labels[n] = ui(a, "staff.touch"), acts[n] = ACT_TOUCH_TEST, args[n++] = 0;
    labels[n] = ui(a, "staff.facilitator"), acts[n] = ACT_FACILITATOR, args[n++] = 0;
    if (lang_of(a)->group_count > 0) /* app_cancel.c */
        labels[n] = ui(a, "staff.cancel"), acts[n] = ACT_CANCEL, args[n++] = 0;
    labels[n] = ui(a, "staff.exit"), acts[n] = ACT_EXIT_ASK, args[n++] = 0;
    /* Portrait: three a row, so long labels keep their words. */
    int cols = n > 6 && m->w > m->h ? 4 : 3, bwid = (w - (cols - 1) * m->gap) / cols,
        rows = (n + cols - 1) / cols;
    /* Staff work close up: on a short panel (a 7" one) their buttons are
     * 9 mm tall, not the visitors' 12 mm, so the status lines keep room. */
    int sbh = m->h * m->mm_per_px < 100 ? (int)(9.0 / m->mm_per_px) : m->button_h;
    int by = m->h - m->margin / 2 - rows * sbh - (rows - 1) * m->gap;
    /* The lines at the secondary size; on a small panel smaller (staff
     * read them close up) rather than under the buttons. */
    int px = m->small_px;
    int lines_room = by - m->gap / 2 - (a->staff.info.usb_count == 0 ? m->small_px * 2 : 0);
    while (px > m->small_px * 2 / 3 && staff_lines(a, NULL, x, y, w, px, 1 << 30) > lines_room)
        px = px * 9 / 10;
    y = staff_lines(a, dl, x, y, w, px, lines_room);
    /* What is left above the buttons (and the "no content folder" line). */
    int lh = a->tm->line_height(a->tm->ctx, px * 4 / 5, FONT_REGULAR);
    int room_end = by - m->gap / 2 - (a->staff.info.usb_count == 0 ? lh + m->gap / 2 : 0);
    if (in->error_count == 0 && y + a->tm->line_height(a->tm->ctx, px, FONT_REGULAR) <= room_end)
        y += text_block(a, dl, ui(a, "staff.errors.none"), px, FONT_REGULAR, THEME.muted, THEME.bg,
                        (rect){x, y, w, 0}, ALIGN_LEFT, 1, full);
    /* The newest problems first, as many as fit (a small screen with a long
     * hand-off result keeps its buttons clear). */
    for (int i = 0; i < in->error_count && i < 3 && y + lh <= room_end; i++)
        y += text_block(a, dl, in->errors[i], px * 4 / 5, FONT_REGULAR, THEME.avoid_label, THEME.bg,
                        (rect){x, y, w, 0}, ALIGN_LEFT, 1, full);
    /* Usage: sessions a day as a small bar chart, when there is room for
     * its heading and day labels. */
    y += m->gap / 2;
    int head_h = text_block(a, NULL, ui(a, "staff.usage"), px, FONT_BOLD, THEME.tile_title,
                            THEME.bg, (rect){x, y, w, 0}, ALIGN_LEFT, 1, full);
    bool chart = y + head_h + lh + m->gap <= room_end;
    if (chart)
        y += text_block(a, dl, ui(a, "staff.usage"), px, FONT_BOLD, THEME.tile_title, THEME.bg,
                        (rect){x, y, w, 0}, ALIGN_LEFT, 1, full);
    int chart_h = by - y - lh - 2 * m->gap - (a->staff.info.usb_count == 0 ? lh + m->gap / 2 : 0);
    if (chart_h > (int)(140 * m->s))
        chart_h = (int)(140 * m->s);
    if (chart_h < 0)
        chart_h = 0; /* a very small screen: counts without bars */
    int most = 1;
    for (int i = 0; i < 7; i++)
        most = in->usage[i] > most ? in->usage[i] : most;
    int bw = w / 7 - m->gap;
    for (int i = 0; i < 7 && chart; i++) {
        int bx = x + i * (bw + m->gap), bh = in->usage[i] * chart_h / most;
        draw_fill(dl, (rect){bx, y + chart_h - bh, bw, bh > 0 ? bh : 1}, THEME.accent);
        char label[32];
        str_format(label, sizeof label, "%s: %d", in->usage_day[i], in->usage[i]);
        text_block(a, dl, draw_strdup(dl, label), px * 4 / 5, FONT_REGULAR, THEME.muted, THEME.bg,
                   (rect){bx, y + chart_h + 4, bw, lh}, ALIGN_CENTER, 1, full);
    }
    for (int i = 0; i < n; i++)
        button(
            a, dl,
            (rect){x + (i % cols) * (bwid + m->gap), by + (i / cols) * (sbh + m->gap), bwid, sbh},
            labels[i], acts[i], args[i], acts[i] == ACT_STAFF && args[i] == STAFF_RELOAD);
    if (a->staff.info.usb_count == 0)
        text_block(a, dl, ui(a, "staff.import.none"), px * 4 / 5, FONT_REGULAR, THEME.muted,
                   THEME.bg, (rect){x, by - lh - m->gap / 2, w, lh}, ALIGN_LEFT, 1, full);
}

static void draw_touch_test(app *a, draw_list *dl, int top)
{
    const metrics *m = &a->m;
    rect area = {0, top, m->w, m->h - top};
    draw_target_add(dl, area, ACT_TOUCH_POINT, 0);
    for (int i = 1; i < 10; i++) {
        draw_fill(dl, (rect){m->w * i / 10, top, 1, area.h}, THEME.tile_edge);
        draw_fill(dl, (rect){0, top + area.h * i / 10, m->w, 1}, THEME.tile_edge);
    }
    rect full = {0, 0, m->w, m->h};
    text_block(a, dl, ui(a, "staff.touch.help"), m->small_px, FONT_REGULAR, THEME.text, THEME.bg,
               (rect){m->margin, top + m->gap, m->w - 2 * m->margin - (int)(300 * m->s), 0},
               ALIGN_LEFT, 3, full);
    int dot = (int)(24 * m->s) + 2;
    for (int i = 0; i < a->staff.touch_count; i++)
        draw_fill(
            dl, (rect){a->staff.touches[i].x - dot / 2, a->staff.touches[i].y - dot / 2, dot, dot},
            THEME.avoid_label);
    if (a->staff.touch_count > 0) {
        char where[48];
        const rect *t = &a->staff.touches[a->staff.touch_count - 1];
        str_format(where, sizeof where, "%d, %d", t->x, t->y);
        text_block(a, dl, draw_strdup(dl, where), m->body_px, FONT_BOLD, THEME.tile_title, THEME.bg,
                   (rect){m->margin, m->h - m->margin - m->button_h, m->w / 2, 0}, ALIGN_LEFT, 1,
                   full);
    }
    const char *close = ui(a, "staff.close");
    int cw = button_width(a, close);
    button(a, dl, (rect){m->w - m->margin - cw, top + m->gap, cw, m->button_h}, close,
           ACT_STAFF_BACK, 0, true);
}

static void draw_exit_confirm(app *a, draw_list *dl, int top)
{
    const metrics *m = &a->m;
    rect full = {0, 0, m->w, m->h};
    int y = top + (m->h - top) / 3;
    y += text_block(a, dl, ui(a, "staff.exit.confirm"), m->body_px, FONT_BOLD, THEME.text, THEME.bg,
                    (rect){m->col_x, y, m->col_w, 0}, ALIGN_CENTER, 4, full) +
         2 * m->gap;
    const char *yes = ui(a, "staff.exit.yes"), *no = ui(a, "form.cancel");
    int yw = button_width(a, yes), nw = button_width(a, no);
    int x = (m->w - yw - nw - 2 * m->gap) / 2;
    button(a, dl, (rect){x, y, nw, m->button_h}, no, ACT_STAFF_BACK, 0, false);
    button(a, dl, (rect){x + nw + 2 * m->gap, y, yw, m->button_h}, yes, ACT_STAFF, STAFF_EXIT,
           true);
}

bool app_take_pin(app *a, char *pin, size_t size)
{
    if (!a->staff.pin_pending)
        return false;
    a->staff.pin_pending = false;
    str_copy(pin, size, a->staff.pin);
    if (a->contact.wipe)
        a->contact.wipe(a->staff.pin, sizeof a->staff.pin);
    else
        memset(a->staff.pin, 0, sizeof a->staff.pin);
    a->frame.dirty = true;
    return true;
}

void app_pin_result(app *a, staff_role role, int failures, int64_t lock_ms)
{
    (void)failures;
    memset(a->staff.pin, 0, sizeof a->staff.pin);
    a->staff.pin_lock_until = lock_ms > 0 ? a->idle.now + lock_ms : 0;
    a->staff.pin_wrong = role == ROLE_NONE;
    if (role == ROLE_STAFF) {
        a->staff.role = ROLE_STAFF;
        a->visit.screen = SCREEN_STAFF;
    } else if (role == ROLE_FACILITATOR) {
        a->staff.role = ROLE_FACILITATOR;
        a->staff.facilitator = true;
        a->staff.pick_page = 0;
        a->visit.screen = SCREEN_FACILITATOR_PICK;
    }
    a->frame.dirty = true;
}

void app_set_staff_info(app *a, const staff_info *info)
{
    a->staff.info = *info;
    if (staff_screen(a))
        a->frame.dirty = true;
}

bool app_take_staff_request(app *a, staff_request *out)
{
    if (a->staff.req.kind == STAFF_NONE)
        return false;
    *out = a->staff.req;
    a->staff.req.kind = STAFF_NONE;
    return true;
}

bool app_facilitator(const app *a)
{
    return a->staff.facilitator;
}

bool app_take_usage(app *a, usage_event *out)
{
    if (a->out.count == 0)
        return false;
    *out = a->out.usage[0];
    memmove(a->out.usage, a->out.usage + 1, (size_t)(a->out.count - 1) * sizeof a->out.usage[0]);
    a->out.count--;
    return true;
}

/* ======================================================================
 * Staff and facilitators: events
 * ==================================================================== */

static bool staff_owns(screen_id s)
{
    return s == SCREEN_PIN || s == SCREEN_STAFF || s == SCREEN_TOUCH_TEST ||
           s == SCREEN_EXIT_CONFIRM || s == SCREEN_FACILITATOR_PICK;
}

static void press_pin_key(app *a, const kb_key *k)
{
    size_t n = strlen(a->staff.pin);
    if (k->kind == KK_CHAR && n < PIN_MAX) {
        a->staff.pin[n] = k->text[0];
        a->staff.pin_wrong = false;
    } else if (k->kind == KK_DELETE && n > 0) {
        a->staff.pin[n - 1] = '\0';
    } else if (k->kind == KK_DONE && n >= 4 && a->idle.now >= a->staff.pin_lock_until) {
        a->staff.pin_pending = true;
    }
}

static bool staff_act(app *a, const draw_target *t)
{
    switch (t->act) {
    case ACT_LEAVE:
        session_reset(a); /* staff and facilitators leave to the attract screen */
        return true;
    case ACT_STAFF:
        a->staff.req = (staff_request){(staff_request_kind)(t->arg % 16), t->arg / 16};
        return true;
    case ACT_STAFF_BACK:
        a->visit.screen = SCREEN_STAFF;
        return true;
    case ACT_TOUCH_TEST:
        a->staff.touch_count = 0;
        a->visit.screen = SCREEN_TOUCH_TEST;
        return true;
    case ACT_TOUCH_POINT:
        return true; /* recorded with its position in staff_tap */
    case ACT_FACILITATOR:
        a->staff.facilitator = true;
        a->staff.pick_page = 0;
        a->visit.screen = SCREEN_FACILITATOR_PICK;
        return true;
    case ACT_NEXT:
    case ACT_PREV: /* the module list's pages (the visitor's pages are app_visit.c's) */
        return pick_turn(a, t->act == ACT_NEXT ? 1 : -1);
    case ACT_EXIT_ASK:
        a->visit.screen = SCREEN_EXIT_CONFIRM;
        return true;
    case ACT_KEY:
        if (a->visit.screen != SCREEN_PIN || t->arg < 0 || t->arg >= a->frame.key_count)
            return false;
        press_pin_key(a, &a->frame.keys[t->arg]);
        return true;
    default:
        return false;
    }
}

/* Taps the staff module takes before any target: the hidden gesture (hold
 * the top-left corner 5 s, then tap the other corners clockwise within 10 s
 * each) and the touch test's points. True when the tap was taken. */
static bool staff_tap(app *a, const app_event *ev, const draw_target *t)
{
    int corner = corner_of(a, ev->x, ev->y);
    if (a->staff.gesture_stage > 0 && a->idle.now <= a->staff.gesture_until &&
        corner == a->staff.gesture_stage) {
        a->staff.gesture_stage++;
        a->staff.gesture_until = a->idle.now + GESTURE_STEP_MS;
        if (a->staff.gesture_stage == 4) {
            bool keep_lock = a->staff.pin_lock_until > a->idle.now;
            int64_t lock = a->staff.pin_lock_until;
            session_reset(a);
            a->staff.pin_lock_until = keep_lock ? lock : 0;
            a->visit.screen = SCREEN_PIN;
        }
        a->frame.dirty = true;
        return true;
    }
    a->staff.gesture_stage = 0;
    if (corner == 0 && ev->held_ms >= GESTURE_HOLD_MS) {
        /* A 5-second hold in the corner arms the gesture and is not taken:
         * the corner is on the crisis bar, and a visitor's long press there
         * must still open help (staff then tap the other corners on it). */
        a->staff.gesture_stage = 1;
        a->staff.gesture_until = a->idle.now + GESTURE_STEP_MS;
        return false;
    }
    if (t && t->act == ACT_TOUCH_POINT && a->visit.screen == SCREEN_TOUCH_TEST) {
        if (a->staff.touch_count == (int)(sizeof a->staff.touches / sizeof a->staff.touches[0])) {
            memmove(a->staff.touches, a->staff.touches + 1,
                    sizeof a->staff.touches - sizeof a->staff.touches[0]);
            a->staff.touch_count--;
        }
        a->staff.touches[a->staff.touch_count++] = (rect){ev->x, ev->y, 0, 0};
        a->frame.dirty = true;
        return true;
    }
    return false;
}

static void staff_draw(app *a, draw_list *dl, int top)
{
    switch (a->visit.screen) {
    case SCREEN_PIN:
        draw_pin(a, dl, top);
        break;
    case SCREEN_STAFF:
        draw_staff(a, dl, top);
        break;
    case SCREEN_TOUCH_TEST:
        draw_touch_test(a, dl, top);
        break;
    case SCREEN_EXIT_CONFIRM:
        draw_exit_confirm(a, dl, top);
        break;
    default:
        draw_facilitator_pick(a, dl, top);
        break;
    }
}

/* The module list's pages turn with the keys and a swipe, as Home's do. */
static void staff_key(app *a, key_code key)
{
    if (key == KEY_RIGHT || key == KEY_PAGE_DOWN || key == KEY_DOWN)
        pick_turn(a, 1);
    else if (key == KEY_LEFT || key == KEY_PAGE_UP || key == KEY_UP)
        pick_turn(a, -1);
}

static void staff_swipe(app *a, int dx, int dy)
{
    int adx = dx < 0 ? -dx : dx, ady = dy < 0 ? -dy : dy;
    if (adx >= (int)(120 * a->m.s) && adx > 2 * ady)
        pick_turn(a, dx < 0 ? 1 : -1);
}

static int staff_pages(const app *a, int *page)
{
    bool list = a->visit.screen == SCREEN_FACILITATOR_PICK;
    if (page)
        *page = list ? a->staff.pick_page : 0;
    return list && a->staff.pick_pages > 0 ? a->staff.pick_pages : 1;
}

const screen_module staff_screens = {.owns = staff_owns,
                                     .draw = staff_draw,
                                     .act = staff_act,
                                     .tap = staff_tap,
                                     .key = staff_key,
                                     .swipe = staff_swipe,
                                     .pages = staff_pages};
