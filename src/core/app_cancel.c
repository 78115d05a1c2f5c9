/* app_cancel: a screen module (app_internal.h): staff or a facilitator
 * cancel one of the next meetings (or undo a cancellation) without touching
 * content: pick a meeting, pick a reason (UI strings cancel.reason.*),
 * confirm. The platform takes the choice (app_take_cancellation), stores the
 * list in the data folder and gives it back (app_set_cancellations); the
 * Support groups screen (app_visit.c) shows it in every language. Owns
 * struct app's cancel part. */
#include "app_internal.h"

static const char *const reasons[] = {"holiday", "facilitator", "room"};
enum { REASON_COUNT = 3, LIST_MAX = 6, MEETINGS_PER_GROUP = 3 };

enum { OP_OPEN, OP_MEETING, OP_REASON, OP_CONFIRM, OP_BACK };

static int staff_index(const app *a, const schedule_cancel *c)
{
    for (int i = 0; i < a->cancel.count; i++)
        if (strcmp(a->cancel.list[i].date, c->date) == 0 &&
            strcmp(a->cancel.list[i].group_id, c->group_id) == 0)
            return i;
    return -1;
}

/* "Tuesday, December 8 at 6:30 PM · Family support group" */
static void meeting_label(const app *a, int group, int64_t start, char *out, size_t size)
{
    char when[200];
    format_when(a, start, when, sizeof when);
    str_format(out, size, "%s · %s", when, lang_of(a)->groups[group].name);
}

typedef struct {
    int group;
    int64_t start;
} meeting;

/* The next meetings of every group (the content's own cancellations left
 * out, the staff's kept so they can be undone), soonest first. */
static int next_meetings(const app *a, meeting *out, int max)
{
    const content_lang *lang = lang_of(a);
    meeting all[CONTENT_MAX_GROUPS * MEETINGS_PER_GROUP];
    int n = 0;
    for (int g = 0; g < lang->group_count; g++) {
        int64_t t = a->idle.wall > 0 ? a->idle.wall : 0;
        for (int k = 0; k < MEETINGS_PER_GROUP; k++) {
            schedule_entry e = schedule_next(lang, g, t);
            if (e.none)
                break;
            int i = n++;
            while (i > 0 && all[i - 1].start > e.start_unix) {
                all[i] = all[i - 1];
                i--;
            }
            all[i] = (meeting){g, e.start_unix};
            t = e.end_unix;
        }
    }
    int count = n < max ? n : max;
    for (int i = 0; i < count; i++)
        out[i] = all[i];
    return count;
}

/* The picked meeting, as on the list. */
static void picked_label(const app *a, char *out, size_t size)
{
    meeting list[LIST_MAX];
    int n = next_meetings(a, list, LIST_MAX);
    for (int i = 0; i < n; i++) {
        char iso[16];
        local_date_offset(list[i].start, 0, "%Y-%m-%d", iso, sizeof iso);
        if (strcmp(iso, a->cancel.pick.date) == 0 &&
            strcmp(lang_of(a)->groups[list[i].group].id, a->cancel.pick.group_id) == 0) {
            meeting_label(a, list[i].group, list[i].start, out, size);
            return;
        }
    }
    str_copy(out, size, a->cancel.pick.date);
}

static void draw_cancel(app *a, draw_list *dl, int top)
{
    const metrics *m = &a->m;
    rect full = {0, 0, m->w, m->h};
    int y = top + m->gap;
    const char *back = ui(a, "nav.back");
    int bw = button_width(a, back);
    button(a, dl, (rect){m->w - m->margin - bw, y, bw, m->button_h}, back, ACT_CANCEL,
           OP_BACK * 256, false);
    const char *title =
        a->cancel.step == 0 ? ui(a, "staff.cancel.title") : ui(a, "staff.cancel.reason");
    char line[600], meeting_text[300];
    if (a->cancel.step == 2) {
        char key[48];
        picked_label(a, meeting_text, sizeof meeting_text);
        str_format(key, sizeof key, "cancel.reason.%s", a->cancel.pick.reason);
        const char *names[] = {"meeting", "reason"}, *values[] = {meeting_text, ui(a, key)};
        str_fill(line, sizeof line, ui(a, "staff.cancel.confirm"), names, values, 2);
        title = draw_strdup(dl, line);
    }
    y += text_block(a, dl, title, m->body_px, FONT_BOLD, THEME.tile_title, THEME.bg,
                    (rect){m->margin, y, m->w - 3 * m->margin - bw, 0}, ALIGN_LEFT, 3, full);
    y = y > top + m->gap + m->button_h ? y + m->gap : top + 2 * m->gap + m->button_h;
    int cols = m->w > m->h ? 2 : 1, cw = (m->w - 2 * m->margin - (cols - 1) * m->gap) / cols;
    if (a->cancel.step == 0) {
        meeting list[LIST_MAX];
        int n = next_meetings(a, list, LIST_MAX);
        a->cancel.shown_count = n;
        for (int i = 0; i < n; i++) {
            schedule_cancel *c = &a->cancel.shown[i];
            local_date_offset(list[i].start, 0, "%Y-%m-%d", c->date, sizeof c->date);
            str_copy(c->group_id, sizeof c->group_id, lang_of(a)->groups[list[i].group].id);
            a->cancel.shown_undo[i] = staff_index(a, c) >= 0;
            meeting_label(a, list[i].group, list[i].start, meeting_text, sizeof meeting_text);
            if (a->cancel.shown_undo[i]) {
                const char *names[] = {"meeting"}, *values[] = {meeting_text};
                str_fill(line, sizeof line, ui(a, "staff.cancel.undo"), names, values, 1);
            } else {
                str_copy(line, sizeof line, meeting_text);
            }
            rect r = {m->margin + (i % cols) * (cw + m->gap),
                      y + (i / cols) * (m->button_h + m->gap), cw, m->button_h};
            button(a, dl, r, draw_strdup(dl, line), ACT_CANCEL, OP_MEETING * 256 + i,
                   a->cancel.shown_undo[i]);
        }
    } else if (a->cancel.step == 1) {
        for (int i = 0; i < REASON_COUNT; i++) {
            char key[48];
            str_format(key, sizeof key, "cancel.reason.%s", reasons[i]);
            rect r = {m->margin + (i % cols) * (cw + m->gap),
                      y + (i / cols) * (m->button_h + m->gap), cw, m->button_h};
            button(a, dl, r, ui(a, key), ACT_CANCEL, OP_REASON * 256 + i, false);
        }
    } else {
        const char *yes = ui(a, "staff.cancel.yes"), *no = ui(a, "staff.cancel.no");
        int yw = button_width(a, yes), nw = button_width(a, no);
        button(a, dl, (rect){m->margin, y, nw, m->button_h}, no, ACT_CANCEL, OP_BACK * 256, false);
        button(a, dl, (rect){m->margin + nw + 2 * m->gap, y, yw, m->button_h}, yes, ACT_CANCEL,
               OP_CONFIRM * 256, true);
    }
}

static void cancel_action(app *a, int arg)
{
    int op = arg / 256, value = arg % 256;
    switch (op) {
    case OP_OPEN:
        a->visit.screen = SCREEN_CANCEL;
        a->cancel.step = 0;
        a->cancel.shown_count = 0;
        break;
    case OP_MEETING:
        if (value < 0 || value >= a->cancel.shown_count)
            break;
        a->cancel.pick = a->cancel.shown[value];
        if (a->cancel.shown_undo[value]) {
            /* Undo needs no reason: hand it to the platform at once. */
            a->cancel.pending = true;
            a->cancel.undo = true;
            a->visit.screen = a->staff.facilitator ? SCREEN_FACILITATOR_PICK : SCREEN_STAFF;
        } else {
            a->cancel.step = 1;
        }
        break;
    case OP_REASON:
        if (value < 0 || value >= REASON_COUNT)
            break;
        str_copy(a->cancel.pick.reason, sizeof a->cancel.pick.reason, reasons[value]);
        a->cancel.step = 2;
        break;
    case OP_CONFIRM:
        a->cancel.pending = true;
        a->cancel.undo = false;
        a->visit.screen = a->staff.facilitator ? SCREEN_FACILITATOR_PICK : SCREEN_STAFF;
        break;
    case OP_BACK:
        if (a->cancel.step > 0)
            a->cancel.step--;
        else
            a->visit.screen = a->staff.facilitator ? SCREEN_FACILITATOR_PICK : SCREEN_STAFF;
        break;
    }
    a->frame.dirty = true;
}

void app_set_cancellations(app *a, const schedule_cancel *list, int count)
{
    if (count > SCHEDULE_STAFF_CANCEL_MAX)
        count = SCHEDULE_STAFF_CANCEL_MAX;
    /* Redrawn only when the list changed: a needless redraw drops a tap that
     * arrives before the new frame is on screen (the day's first load). */
    bool same = count == a->cancel.count &&
                (count == 0 || memcmp(a->cancel.list, list, (size_t)count * sizeof *list) == 0);
    for (int i = 0; i < count; i++)
        a->cancel.list[i] = list[i];
    a->cancel.count = count;
    if (!same)
        a->frame.dirty = true;
}

bool app_take_cancellation(app *a, schedule_cancel *out, bool *undo)
{
    if (!a->cancel.pending)
        return false;
    a->cancel.pending = false;
    *out = a->cancel.pick;
    *undo = a->cancel.undo;
    return true;
}

static bool cancel_owns(screen_id s)
{
    return s == SCREEN_CANCEL;
}

static bool cancel_act(app *a, const draw_target *t)
{
    if (t->act != ACT_CANCEL)
        return false;
    cancel_action(a, t->arg);
    return true;
}

const screen_module cancel_screens = {.owns = cancel_owns, .draw = draw_cancel, .act = cancel_act};
