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
int corner_of(const app *a, int x, int y)
{
    int c = corner_size(a);
    bool left = x < c, right = x >= a->m.w - c, top = y < c, bottom = y >= a->m.h - c;
    return top && left ? 0 : top && right ? 1 : bottom && right ? 2 : bottom && left ? 3 : -1;
}

void push_usage(app *a, usage_kind kind, const char *item)
{
    /* Facilitators' sessions are not families' reading: not counted. */
    if (a->facilitator || a->role != ROLE_NONE || a->usage_count == USAGE_QUEUE)
        return;
    usage_event *e = &a->usage[a->usage_count++];
    e->kind = kind;
    str_copy(e->item, sizeof e->item, item ? item : "");
}

void draw_pin(app *a, draw_list *dl, int top)
{
    const metrics *m = &a->m;
    rect full = {0, 0, m->w, m->h};
    int y = top + m->gap;
    y += text_block(a, dl, ui(a, "staff.pin.title"), m->heading_px, FONT_BOLD, THEME.tile_title,
                    THEME.bg, (rect){m->col_x, y, m->col_w, 0}, ALIGN_CENTER, 2, full) +
         m->gap / 2;
    /* The PIN as dots, never its digits. */
    char dots[64] = "";
    size_t n = strlen(a->pin);
    for (size_t i = 0; i < n; i++)
        str_append(dots, sizeof dots, i ? " •" : "•");
    const char *shown = n ? draw_strdup(dl, dots) : ui(a, "staff.pin.prompt");
    y += text_block(a, dl, shown, m->heading_px, FONT_BOLD, THEME.text, THEME.bg,
                    (rect){m->col_x, y, m->col_w, 0}, ALIGN_CENTER, 1, full) +
         m->gap / 2;
    const char *msg = NULL;
    char line[200];
    if (a->now < a->pin_lock_until) {
        char secs[16];
        str_format(secs, sizeof secs, "%d", (int)((a->pin_lock_until - a->now + 999) / 1000));
        const char *names[] = {"seconds"}, *values[] = {secs};
        str_fill(line, sizeof line, ui(a, "staff.pin.locked"), names, values, 1);
        msg = draw_strdup(dl, line);
    } else if (a->pin_wrong) {
        msg = ui(a, "staff.pin.wrong");
    }
    if (msg)
        text_block(a, dl, msg, m->body_px, FONT_BOLD, THEME.avoid_label, THEME.bg,
                   (rect){m->col_x, y, m->col_w, 0}, ALIGN_CENTER, 2, full);
    int kb_h = keyboard_height(KB_PHONE, m);
    rect kb = {m->margin, m->h - m->margin / 2 - kb_h, m->w - 2 * m->margin, kb_h};
    a->key_count = keyboard_build(KB_PHONE, false, kb, m, a->keys);
    for (int i = 0; i < a->key_count; i++) {
        const kb_key *k = &a->keys[i];
        bool done = k->kind == KK_DONE;
        const char *cap = done ? ui(a, "staff.pin.enter") : k->ui_key ? ui(a, k->ui_key) : k->text;
        button(a, dl, k->r, cap, ACT_KEY, i, done);
    }
    const char *cancel = ui(a, "form.cancel");
    int cw = button_width(a, cancel);
    button(a, dl, (rect){m->margin, kb.y - m->gap - m->button_h, cw, m->button_h}, cancel,
           ACT_FORM_CANCEL, 0, false);
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

void draw_staff(app *a, draw_list *dl, int top)
{
    const metrics *m = &a->m;
    rect full = {0, 0, m->w, m->h};
    const staff_info *in = &a->info;
    int x = m->margin, w = m->w - 2 * m->margin;
    int y = top + m->gap / 2;
    const char *close = ui(a, "staff.close");
    int clw = button_width(a, close);
    button(a, dl, (rect){m->w - m->margin - clw, y, clw, m->button_h}, close, ACT_FORM_CANCEL, 0,
           false);
    text_block(a, dl, ui(a, "staff.title"), m->heading_px, FONT_BOLD, THEME.tile_title, THEME.bg,
               (rect){x, y + m->gap / 2, w - clw - m->gap, 0}, ALIGN_LEFT, 1, full);
    y += m->button_h + m->gap / 2;
    char line[600], a1[64], a2[64], a3[64], a4[64];
    const char *names[4];
    const char *values[4];
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
    int px = m->small_px;
    y += text_block(a, dl, draw_strdup(dl, line), px, FONT_BOLD, THEME.text, THEME.bg,
                    (rect){x, y, w, 0}, ALIGN_LEFT, 2, full);
    /* Content: version, reviews due within 30 days or past, the last update. */
    names[0] = "version", values[0] = a->content->version;
    str_fill(line, sizeof line, ui(a, "staff.content"), names, values, 1);
    y += text_block(a, dl, draw_strdup(dl, line), px, FONT_REGULAR, THEME.text, THEME.bg,
                    (rect){x, y, w, 0}, ALIGN_LEFT, 2, full);
    char titles[400] = "", today[16] = "", soon[16] = "";
    if (a->wall > 0) {
        time_t t = (time_t)a->wall, t30 = (time_t)(a->wall + 30 * 86400);
        struct tm tm;
        localtime_r(&t, &tm);
        strftime(today, sizeof today, "%Y-%m-%d", &tm);
        localtime_r(&t30, &tm);
        strftime(soon, sizeof soon, "%Y-%m-%d", &tm);
    }
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
    y += text_block(a, dl, draw_strdup(dl, line), px, FONT_REGULAR, THEME.text, THEME.bg,
                    (rect){x, y, w, 0}, ALIGN_LEFT, 2, full);
    /* Approved content past its review date stays on screen (pulling crisis
     * numbers would be worse); staff are told to have it reviewed. */
    if (a->content->approval.verified && today[0] &&
        strcmp(a->content->approval.review_due, today) < 0) {
        char date[64];
        format_date(a, a->content->approval.review_due, date, sizeof date);
        const char *rn[] = {"date", "name"}, *rv[] = {date, a->content->approval.name};
        str_fill(line, sizeof line, ui(a, "staff.approval.review_passed"), rn, rv, 2);
        y += text_block(a, dl, draw_strdup(dl, line), px, FONT_BOLD, THEME.avoid_label, THEME.bg,
                        (rect){x, y, w, 0}, ALIGN_LEFT, 3, full);
    }
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
                                           [RESULT_UNAPPROVED] = "staff.result.unapproved"};
        char count[16], result[700];
        str_format(count, sizeof count, "%d", in->result.count);
        const char *rn[] = {"version", "folder", "count", "detail"},
                   *rv[] = {in->result.version, in->result.folder, count, in->result.detail};
        str_fill(result, sizeof result, ui(a, keys[in->result.kind]), rn, rv, 4);
        names[0] = "result", values[0] = result;
        str_fill(line, sizeof line, ui(a, "staff.reload.last"), names, values, 1);
        y += text_block(a, dl, draw_strdup(dl, line), px, FONT_REGULAR, THEME.text, THEME.bg,
                        (rect){x, y, w, 0}, ALIGN_LEFT, 3, full);
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
    y += text_block(a, dl, draw_strdup(dl, line), px, FONT_REGULAR, THEME.text, THEME.bg,
                    (rect){x, y, w, 0}, ALIGN_LEFT, 2, full);
    if (in->error_count == 0)
        y += text_block(a, dl, ui(a, "staff.errors.none"), px, FONT_REGULAR, THEME.muted, THEME.bg,
                        (rect){x, y, w, 0}, ALIGN_LEFT, 1, full);
    for (int i = 0; i < in->error_count && i < 3; i++)
        y += text_block(a, dl, in->errors[i], px * 4 / 5, FONT_REGULAR, THEME.avoid_label, THEME.bg,
                        (rect){x, y, w, 0}, ALIGN_LEFT, 1, full);
    /* Actions, three or four a row, at the bottom; the chart takes what room is left. */
    const char *labels[12];
    action acts[12];
    int args[12], n = 0;
    labels[n] = ui(a, "staff.reload"), acts[n] = ACT_STAFF, args[n++] = STAFF_RELOAD;
    for (int i = 0; i < a->info.usb_count && i < 3; i++) {
        const char *base = strrchr(a->info.usb[i], '/');
        char label[160];
        str_format(label, sizeof label, "%s: %s", ui(a, "staff.import"),
                   base ? base + 1 : a->info.usb[i]);
        labels[n] = draw_strdup(dl, label), acts[n] = ACT_STAFF, args[n++] = STAFF_IMPORT + 16 * i;
    }
    if (a->info.can_rollback)
        labels[n] = ui(a, "staff.rollback"), acts[n] = ACT_STAFF, args[n++] = STAFF_ROLLBACK;
    labels[n] = ui(a, "staff.touch"), acts[n] = ACT_TOUCH_TEST, args[n++] = 0;
    labels[n] = ui(a, "staff.facilitator"), acts[n] = ACT_FACILITATOR, args[n++] = 0;
    labels[n] = ui(a, "staff.exit"), acts[n] = ACT_EXIT_ASK, args[n++] = 0;
    int cols = n > 6 ? 4 : 3, bwid = (w - (cols - 1) * m->gap) / cols, rows = (n + cols - 1) / cols;
    int by = m->h - m->margin / 2 - rows * m->button_h - (rows - 1) * m->gap;
    /* Usage: sessions a day as a small bar chart. */
    y += m->gap / 2;
    y += text_block(a, dl, ui(a, "staff.usage"), px, FONT_BOLD, THEME.tile_title, THEME.bg,
                    (rect){x, y, w, 0}, ALIGN_LEFT, 1, full);
    int lh = a->tm->line_height(a->tm->ctx, px * 4 / 5, FONT_REGULAR);
    int chart_h = by - y - lh - 2 * m->gap - (a->info.usb_count == 0 ? lh + m->gap / 2 : 0);
    if (chart_h > (int)(140 * m->s))
        chart_h = (int)(140 * m->s);
    if (chart_h < 0)
        chart_h = 0; /* a very small screen: counts without bars */
    int most = 1;
    for (int i = 0; i < 7; i++)
        most = in->usage[i] > most ? in->usage[i] : most;
    int bw = w / 7 - m->gap;
    for (int i = 0; i < 7; i++) {
        int bx = x + i * (bw + m->gap), bh = in->usage[i] * chart_h / most;
        draw_fill(dl, (rect){bx, y + chart_h - bh, bw, bh > 0 ? bh : 1}, THEME.accent);
        char label[32];
        str_format(label, sizeof label, "%s: %d", in->usage_day[i], in->usage[i]);
        text_block(a, dl, draw_strdup(dl, label), px * 4 / 5, FONT_REGULAR, THEME.muted, THEME.bg,
                   (rect){bx, y + chart_h + 4, bw, lh}, ALIGN_CENTER, 1, full);
    }
    y += chart_h + lh + m->gap;
    for (int i = 0; i < n; i++)
        button(a, dl,
               (rect){x + (i % cols) * (bwid + m->gap), by + (i / cols) * (m->button_h + m->gap),
                      bwid, m->button_h},
               labels[i], acts[i], args[i], acts[i] == ACT_STAFF && args[i] == STAFF_RELOAD);
    if (a->info.usb_count == 0)
        text_block(a, dl, ui(a, "staff.import.none"), px * 4 / 5, FONT_REGULAR, THEME.muted,
                   THEME.bg, (rect){x, by - lh - m->gap / 2, w, lh}, ALIGN_LEFT, 1, full);
}

void draw_touch_test(app *a, draw_list *dl, int top)
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
    for (int i = 0; i < a->touch_count; i++)
        draw_fill(dl, (rect){a->touches[i].x - dot / 2, a->touches[i].y - dot / 2, dot, dot},
                  THEME.avoid_label);
    if (a->touch_count > 0) {
        char where[48];
        const rect *t = &a->touches[a->touch_count - 1];
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

void draw_exit_confirm(app *a, draw_list *dl, int top)
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

void draw_facilitator_pick(app *a, draw_list *dl, int top)
{
    const metrics *m = &a->m;
    rect full = {0, 0, m->w, m->h};
    int y = top + m->gap;
    const char *leave = ui(a, "facilitator.leave");
    int lw = button_width(a, leave);
    button(a, dl, (rect){m->w - m->margin - lw, y, lw, m->button_h}, leave, ACT_FORM_CANCEL, 0,
           false);
    text_block(a, dl, ui(a, "facilitator.pick"), m->heading_px, FONT_BOLD, THEME.tile_title,
               THEME.bg, (rect){m->margin, y + m->gap / 2, m->w - 3 * m->margin - lw, 0},
               ALIGN_LEFT, 2, full);
    y += m->button_h + m->gap;
    const content_lang *lang = lang_of(a);
    int cols = m->w > m->h ? 2 : 1, n = 0;
    int bw = (m->w - 2 * m->margin - (cols - 1) * m->gap) / cols;
    for (int d = 0; d < lang->doc_count; d++) {
        if (lang->docs[d].kind != DOC_MODULE)
            continue;
        rect r = {m->margin + (n % cols) * (bw + m->gap), y + (n / cols) * (m->button_h + m->gap),
                  bw, m->button_h};
        button(a, dl, r, lang->docs[d].title, ACT_OPEN_DOC, d, false);
        n++;
    }
}

bool app_take_pin(app *a, char *pin, size_t size)
{
    if (!a->pin_pending)
        return false;
    a->pin_pending = false;
    str_copy(pin, size, a->pin);
    if (a->wipe)
        a->wipe(a->pin, sizeof a->pin);
    else
        memset(a->pin, 0, sizeof a->pin);
    a->dirty = true;
    return true;
}

void app_pin_result(app *a, staff_role role, int failures, int64_t lock_ms)
{
    (void)failures;
    memset(a->pin, 0, sizeof a->pin);
    a->pin_lock_until = lock_ms > 0 ? a->now + lock_ms : 0;
    a->pin_wrong = role == ROLE_NONE;
    if (role == ROLE_STAFF) {
        a->role = ROLE_STAFF;
        a->screen = SCREEN_STAFF;
    } else if (role == ROLE_FACILITATOR) {
        a->role = ROLE_FACILITATOR;
        a->facilitator = true;
        a->screen = SCREEN_FACILITATOR_PICK;
    }
    a->dirty = true;
}

void app_set_staff_info(app *a, const staff_info *info)
{
    a->info = *info;
    if (staff_screen(a))
        a->dirty = true;
}

bool app_take_staff_request(app *a, staff_request *out)
{
    if (a->staff_req.kind == STAFF_NONE)
        return false;
    *out = a->staff_req;
    a->staff_req.kind = STAFF_NONE;
    return true;
}

bool app_facilitator(const app *a)
{
    return a->facilitator;
}

bool app_take_usage(app *a, usage_event *out)
{
    if (a->usage_count == 0)
        return false;
    *out = a->usage[0];
    memmove(a->usage, a->usage + 1, (size_t)(a->usage_count - 1) * sizeof a->usage[0]);
    a->usage_count--;
    return true;
}

/* ======================================================================
 * Staff tools
 * ==================================================================== */

static bool show(app *a, int lang, screen_id screen)
{
    if (lang < 0 || lang >= a->content->lang_count)
        return false;
    session_reset(a);
    if (lang != a->lang)
        a->lang = lang;
    a->screen = screen;
    return true;
}

bool app_show_home(app *a, int lang, int page)
{
    if (!show(a, lang, SCREEN_HOME))
        return false;
    a->home_page = page;
    return page >= 0 && page < app_page_count(a);
}

bool app_show_doc(app *a, int lang, int doc, int page)
{
    if (doc < 0 || !show(a, lang, SCREEN_HOME) || doc >= lang_of(a)->doc_count)
        return false;
    a->screen = SCREEN_READER;
    a->doc = doc;
    a->page = page;
    return page >= 0 && page < app_page_count(a);
}

bool app_show_crisis(app *a, int lang, int page)
{
    if (!show(a, lang, SCREEN_CRISIS))
        return false;
    a->crisis_page = page;
    return page >= 0 && page < app_page_count(a);
}

/* Checks a laid-out document: boxes taller than a page, sections longer than one. */
static void check_doc_fit(app *a, const doc_layout *dl, const content_doc *doc, int lang,
                          app_fit_fn report, void *ctx)
{
    char jpath[32], msg[256];
    int size_w = a->m.w, size_h = a->m.h;
    if (dl->truncated) {
        str_format(msg, sizeof msg, "needs more than %d pages at %dx%d: split it into modules",
                   LAYOUT_MAX_PAGES, size_w, size_h);
        report(ctx, doc, lang, "$.blocks", true, msg);
    }
    for (int i = 0; i < dl->row_count;) {
        const doc_row *r = &dl->rows[i];
        int j = i + 1, h = r->h;
        if (r->box >= 0) {
            while (j < dl->row_count && dl->rows[j].box == r->box)
                h += dl->rows[j++].h;
            if (h > dl->area_h) {
                str_format(jpath, sizeof jpath, "$.blocks[%d]", r->block);
                str_format(msg, sizeof msg, "too long for one page at %dx%d: shorten it", size_w,
                           size_h);
                report(ctx, doc, lang, jpath, true, msg);
            }
        }
        i = j;
    }
    /* A section runs from a heading (or a page break) to the next one. */
    for (int i = 0; i < dl->row_count;) {
        int j = i + 1, h = dl->rows[i].h;
        while (j < dl->row_count && !dl->rows[j].starts_page && !dl->rows[j].starts_section &&
               dl->rows[j].block >= 0)
            h += dl->rows[j++].h;
        int pages = (h + dl->area_h - 1) / dl->area_h;
        /* The help list is meant to page; a module section is one idea. */
        if (pages > 1 && dl->rows[i].block >= 0 && doc->kind != DOC_HELP) {
            str_format(jpath, sizeof jpath, "$.blocks[%d]", dl->rows[i].block);
            str_format(
                msg, sizeof msg,
                "this section needs %d pages at %dx%d; one idea a page: shorten it or split it",
                pages, size_w, size_h);
            report(ctx, doc, lang, jpath, false, msg);
        }
        i = j;
        while (i < dl->row_count && dl->rows[i].block < 0)
            i++;
    }
    /* Each page: crisis help on one screen; a module's pages at least 60%
     * full but for its last (or one before a page break). */
    if (doc->kind == DOC_HELP && dl->page_count > 1) {
        str_format(msg, sizeof msg, "the crisis help needs %d screens at %dx%d; it must fit on one: shorten it",
                   dl->page_count, size_w, size_h);
        report(ctx, doc, lang, "$.blocks", false, msg);
    }
    for (int p = 0; doc->kind != DOC_HELP && p + 1 < dl->page_count; p++) {
        int first = dl->page_first[p], last = dl->page_first[p + 1], used = 0;
        for (int i = first; i < last; i++)
            if (dl->rows[i].h > 0)
                used = dl->rows[i].y + dl->rows[i].h;
        if (dl->rows[last].starts_page || used * 100 >= dl->area_h * LAYOUT_MIN_FILL_PERCENT)
            continue;
        str_format(jpath, sizeof jpath, "$.blocks[%d]", dl->rows[last].block);
        str_format(msg, sizeof msg,
                   "page %d is only %d%% full at %dx%d: this block stays together and starts page %d; "
                   "a shorter block would fill the page",
                   p + 1, used * 100 / dl->area_h, size_w, size_h, p + 2);
        report(ctx, doc, lang, jpath, false, msg);
    }
}

void app_check_fit(app *a, app_fit_fn report, void *ctx)
{
    char msg[256];
    for (int l = 0; l < a->content->lang_count; l++) {
        const content_lang *lang = &a->content->langs[l];
        /* Home tiles: a title or summary shown cut short. */
        for (int page = 0; app_show_home(a, l, page); page++) {
            const draw_list *dl = app_frame(a);
            for (int i = 0; i < dl->item_count; i++) {
                const draw_item *it = &dl->items[i];
                for (int d = 0; d < lang->home_count; d++) {
                    const content_doc *doc = lang->home[d];
                    const char *field = it->text == doc->title     ? "$.title"
                                        : it->text == doc->summary ? "$.summary"
                                                                   : NULL;
                    if (field && (size_t)it->len < strlen(it->text)) {
                        str_format(msg, sizeof msg,
                                   "too long for its Home tile at %dx%d: it is cut short", a->m.w,
                                   a->m.h);
                        report(ctx, doc, l, field, true, msg);
                    }
                }
            }
        }
        for (int d = 0; d < lang->doc_count; d++) {
            app_show_doc(a, l, d, 0);
            app_frame(a);
            check_doc_fit(a, &a->reader.layout, &lang->docs[d], l, report, ctx);
        }
        app_show_crisis(a, l, 0);
        app_frame(a);
        check_doc_fit(a, &a->crisis.layout, lang->help, l, report, ctx);
    }
    session_reset(a);
}
