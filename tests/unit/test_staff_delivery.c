/* The staff screen's delivery health and "Copy requests to USB" (issue 10),
 * the SDL-free side: figures in (staff_info), draw commands and a staff
 * request out. Shipped content, fake font metrics, in English and Spanish,
 * at the sizes kiosks use: nothing off screen, no two texts overlapping. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_driver.h"
#include "check.h"
#include "content/load.h"
#include "core/app.h"
#include "core/util.h"
#include "fake_metrics.h"

static const char *ui_of(int lang, const char *key)
{
    return content_ui(&content->langs[lang], key);
}

/* A staff screen with every button it can offer and a long last result. */
static staff_info busy_info(void)
{
    staff_info in;
    memset(&in, 0, sizeof in);
    in.waiting = 5;
    in.oldest_unix = 1795000000;
    in.delivers = true;
    in.send_waiting = 2;
    in.send_oldest = 1795000000;
    in.last_push = 1794990000;
    in.last_handoff = 0;
    in.usb_count = 3;
    for (int i = 0; i < 3; i++)
        str_format(in.usb[i], sizeof in.usb[i], "/media/ana/STICK/content-%d", i);
    in.can_rollback = true;
    in.error_count = 3;
    for (int i = 0; i < 3; i++)
        str_format(in.errors[i], sizeof in.errors[i], "copying requests to USB (STICK): problem %d",
                   i);
    in.handoff = (staff_result){.kind = RESULT_HANDOFF_FAILED, .folder = "USBSTICK"};
    str_copy(in.handoff.detail, sizeof in.handoff.detail,
             "lantern-requests-annex-1-20261118-110820.txt: cannot write (is the drive full or "
             "read-only?): No space left on device");
    in.result = (staff_result){.kind = RESULT_LIVE, .version = "2026-11-20"};
    return in;
}

static app *staff_app(int w, int h, int lang, const staff_info *in)
{
    app *a = start(w, h);
    if (lang)
        app_show_home(a, lang, 0);
    app_pin_result(a, ROLE_STAFF, 0, 0);
    app_set_staff_info(a, in);
    app_present(a);
    return a;
}

static bool rect_overlap(rect a, rect b)
{
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/* Every text on screen, none over another. */
static void check_layout(app *a, int w, int h, const char *where)
{
    const draw_list *dl = app_frame(a);
    for (int i = 0; i < dl->item_count; i++) {
        rect r = dl->items[i].r;
        CHECK_MSG(r.x >= 0 && r.y >= 0 && r.x + r.w <= w && r.y + r.h <= h,
                  "%s: \"%.*s\" off screen (%d,%d %dx%d)", where, dl->items[i].len,
                  dl->items[i].text, r.x, r.y, r.w, r.h);
        for (int k = 0; k < i; k++)
            CHECK_MSG(!rect_overlap(r, dl->items[k].r), "%s: \"%.*s\" overlaps \"%.*s\"", where,
                      dl->items[i].len, dl->items[i].text, dl->items[k].len, dl->items[k].text);
    }
}

static void test_health_and_button(int lang)
{
    staff_info in = busy_info();
    in.handoff.kind = RESULT_NONE;
    app *a = staff_app(1280, 720, lang, &in);
    CHECK(app_screen(a) == SCREEN_STAFF);
    char want[300];
    str_copy(want, sizeof want, ui_of(lang, "staff.delivery.waiting"));
    *strchr(want, '{') = '\0';
    str_append(want, sizeof want, "2");
    CHECK_MSG(frame_contains(a, want), "no \"%s\"", want);
    str_copy(want, sizeof want, ui_of(lang, "staff.delivery.oldest"));
    *strchr(want, '{') = '\0';
    CHECK_MSG(frame_contains(a, want), "no oldest date (\"%s\")", want);
    /* Never copied to USB: said in words; the last push has a date. */
    CHECK(frame_contains(a, ui_of(lang, "staff.delivery.never")));
    /* The delivery lines replace the old count (which counts requests not yet
     * handled, meaningless when they are handled elsewhere). */
    str_copy(want, sizeof want, ui_of(lang, "staff.requests"));
    *strchr(want, '{') = '\0';
    CHECK(!frame_contains(a, want));
    /* The button asks the platform for the copy. */
    staff_request req;
    CHECK(!app_take_staff_request(a, &req));
    if (tap_text(a, ui_of(lang, "staff.handoff"))) {
        CHECK(app_take_staff_request(a, &req) && req.kind == STAFF_HANDOFF);
        CHECK(app_screen(a) == SCREEN_STAFF);
    }
    /* Nothing waiting: no button; the last copy's date instead of "never". */
    in.send_waiting = 0;
    in.last_handoff = 1795000100;
    app_set_staff_info(a, &in);
    app_present(a);
    CHECK(!find_item(a, ui_of(lang, "staff.handoff")));
    CHECK(!frame_contains(a, ui_of(lang, "staff.delivery.never")));
    /* The database unreadable: unknown, never a reassuring 0. */
    in.send_waiting = -1;
    app_set_staff_info(a, &in);
    app_present(a);
    str_copy(want, sizeof want, ui_of(lang, "staff.delivery.waiting"));
    *strchr(want, '{') = '\0';
    str_append(want, sizeof want, "?");
    CHECK_MSG(frame_contains(a, want), "no \"%s\"", want);
    app_destroy(a);
}

static void test_results(int lang)
{
    staff_info in = busy_info();
    struct {
        staff_result_kind kind;
        const char *key;
        bool button;
    } cases[] = {{RESULT_HANDOFF_COPYING, "staff.handoff.copying", true},
                 {RESULT_HANDOFF_DONE, "staff.handoff.done", false},
                 {RESULT_HANDOFF_NONE, "staff.handoff.none", false},
                 {RESULT_HANDOFF_NO_DRIVE, "staff.handoff.no_drive", true},
                 {RESULT_HANDOFF_FULL, "staff.handoff.full", true},
                 {RESULT_HANDOFF_FAILED, "staff.handoff.failed", true}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        in.handoff = (staff_result){.kind = cases[i].kind, .folder = "USBSTICK", .count = 2};
        str_copy(in.handoff.detail, sizeof in.handoff.detail, "the drive is full");
        /* After a copy nothing waits; while it runs, the figures are the old ones. */
        in.send_waiting = cases[i].button ? 2 : 0;
        app *a = staff_app(1280, 720, lang, &in);
        const char *rn[] = {"folder", "count", "detail"},
                   *rv[] = {"USBSTICK", "2", "the drive is full"};
        char want[800];
        str_fill(want, sizeof want, ui_of(lang, cases[i].key), rn, rv, 3);
        /* The first words (a wrapped line holds the start of the sentence). */
        want[utf8_floor(want, 30)] = '\0';
        CHECK_MSG(frame_contains(a, want), "%s: no \"%s\"", cases[i].key, want);
        CHECK_MSG(!find_item(a, ui_of(lang, "staff.handoff")) == !cases[i].button, "%s: button",
                  cases[i].key);
        app_destroy(a);
    }
}

/* A kiosk without a kiosk_id keeps its requests (the inbox reads them
 * there): the old count, no delivery lines, no button. */
static void test_no_kiosk_id(void)
{
    staff_info in = busy_info();
    in.delivers = false;
    app *a = staff_app(1280, 720, 0, &in);
    char want[300];
    str_copy(want, sizeof want, ui_of(0, "staff.requests"));
    *strchr(want, '{') = '\0';
    str_append(want, sizeof want, "5");
    CHECK_MSG(frame_contains(a, want), "no \"%s\"", want);
    str_copy(want, sizeof want, ui_of(0, "staff.delivery.waiting"));
    *strchr(want, '{') = '\0';
    CHECK(!frame_contains(a, want));
    CHECK(!find_item(a, ui_of(0, "staff.handoff")));
    app_destroy(a);
}

static void test_sizes(void)
{
    static const int sizes[][2] = {
        {800, 480}, {1024, 600}, {1280, 720}, {1920, 1080}, {1080, 1920}};
    staff_info in = busy_info();
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++)
        for (int lang = 0; lang < 2; lang++) {
            app *a = staff_app(sizes[s][0], sizes[s][1], lang, &in);
            char where[64];
            str_format(where, sizeof where, "%dx%d %s", sizes[s][0], sizes[s][1],
                       lang ? "es" : "en");
            check_layout(a, sizes[s][0], sizes[s][1], where);
            CHECK_MSG(find_item(a, ui_of(lang, "staff.handoff")) != NULL, "%s: no button", where);
            app_destroy(a);
        }
}

int main(void)
{
    const char *dir = getenv("LANTERN_CONTENT");
    diag_list diags = {0};
    content_set *set = content_load(dir ? dir : "content", NULL, &diags);
    diag_list_print(&diags);
    diag_list_free(&diags);
    CHECK(set != NULL);
    if (!set)
        return check_done("test_staff_delivery");
    content = set;
    CHECK(content_lang_index(set, "es") == 1);
    test_health_and_button(0);
    test_health_and_button(1);
    test_results(0);
    test_results(1);
    test_no_kiosk_id();
    test_sizes();
    content_destroy(set);
    return check_done("test_staff_delivery");
}
