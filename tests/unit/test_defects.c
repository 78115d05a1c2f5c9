/* Regression tests for the defects the code review (issue 9) found in the
 * app's logic: each test is named after its defect and failed on the code
 * before the fix. Shipped content, fake font metrics, no display. */
#include <stdlib.h>
#include <string.h>

#include "app_driver.h"
#include "check.h"
#include "content/load.h"
#include "core/app.h"
#include "core/layout.h"
#include "core/util.h"
#include "fake_metrics.h"

static void sign_in_as_facilitator(app *a, int w, int h)
{
    staff_gesture(a, w, h);
    CHECK(app_screen(a) == SCREEN_PIN);
    app_pin_result(a, ROLE_FACILITATOR, 0, 0);
    CHECK(app_screen(a) == SCREEN_FACILITATOR_PICK && app_facilitator(a));
}

/* Defect 1: facilitator mode switched off the idle wipe, and the contact
 * tile opened the visitor's form on a facilitator's session. */
static void defect_facilitator_mode_keeps_form_without_idle_wipe(void)
{
    app *a = start(1920, 1080);
    app_set_form(a, true, true, NULL);
    sign_in_as_facilitator(a, 1920, 1080);
    int module = 0;
    while (content->langs[0].docs[module].kind != DOC_MODULE)
        module++;
    tap_text(a, content->langs[0].docs[module].title);
    CHECK(app_screen(a) == SCREEN_READER);
    /* Home, presenting, is the list of modules (issue 13): no visitor Home,
     * so no contact tile to open the visitor's form from. */
    app_handle(a, &(app_event){.type = EV_KEY, .now_ms = now, .key = KEY_HOME});
    CHECK(app_screen(a) == SCREEN_FACILITATOR_PICK && app_facilitator(a));
    const char *tile = content->langs[0].docs[content->contact_doc].title;
    const draw_item *it = find_item(a, tile);
    if (it) {
        const draw_target *t = draw_hit(app_frame(a), it->r.x + 1, it->r.y + 1);
        CHECK_MSG(!t || t->act != ACT_OPEN_DOC, "the contact form is offered in facilitator mode");
    }
    CHECK(app_screen(a) != SCREEN_NOTICE && app_screen(a) != SCREEN_FORM);
    /* A facilitator who walks away: the session is dropped, not kept for ever. */
    advance(a, 60 * 60 * 1000);
    CHECK(app_screen(a) == SCREEN_ATTRACT && !app_facilitator(a));
    app_destroy(a);
}

/* Defect 1 (the rule): a form with anything in it gets the visitor's
 * timeout, and nothing typed survives it. */
static void defect_form_always_gets_visitor_timeout(void)
{
    app *a = start(1080, 1920);
    app_set_form(a, true, true, NULL);
    tap(a, 500, 1000);
    const char *tile = content->langs[0].docs[content->contact_doc].title;
    for (int guard = 0; guard < 4 && !find_item(a, tile); guard++)
        tap_text(a, ui_en("nav.next"));
    tap_text(a, tile);
    tap_text(a, ui_en("contact.start"));
    type(a, "Ana");
    CHECK(!app_form_is_empty(a));
    advance(a, 120000);
    CHECK(app_idle_warning(a));
    advance(a, 20000);
    CHECK(app_screen(a) == SCREEN_ATTRACT && app_form_is_empty(a));
    app_destroy(a);
}

/* Defect 3: pagination wrote past the end of its page array for a document
 * within every loader limit (200 lists x 12 items x 300 bytes). */
static void defect_pagination_past_page_array(void)
{
    static char item_text[301];
    memset(item_text, 'a', 300);
    for (int i = 7; i < 300; i += 8)
        item_text[i] = ' ';
    static const char *items[12];
    for (int i = 0; i < 12; i++)
        items[i] = item_text;
    static content_block blocks[CONTENT_MAX_BLOCKS];
    for (int b = 0; b < CONTENT_MAX_BLOCKS; b++)
        blocks[b] = (content_block){.type = BLOCK_LIST, .items = items, .item_count = 12};
    content_doc doc = {.id = "huge",
                       .kind = DOC_MODULE,
                       .version = 1,
                       .title = "Huge",
                       .summary = "s",
                       .blocks = blocks,
                       .block_count = CONTENT_MAX_BLOCKS};
    int sizes[][2] = {{1920, 1080}, {800, 480}, {1080, 1920}};
    for (int s = 0; s < 3; s++) {
        metrics m = metrics_for_size(sizes[s][0], sizes[s][1]);
        doc_layout dl = {0};
        CHECK(doc_layout_build(&dl, &doc, NULL, &FAKE_METRICS, &m, m.w - 2 * m.margin, m.h / 2));
        CHECK_MSG(dl.page_count >= 1 && dl.page_count <= LAYOUT_MAX_PAGES, "page_count %d",
                  dl.page_count);
        CHECK(dl.truncated);
        CHECK(dl.page_first[dl.page_count] == dl.row_count);
        for (int p = 1; p < dl.page_count; p++)
            CHECK(dl.page_first[p] > dl.page_first[p - 1]);
        /* Every page draws inside its area, the overflowing last one too. */
        draw_list *out = draw_list_create(4096, 512, 128, 16384);
        for (int p = 0; p < dl.page_count; p++) {
            draw_list_reset(out);
            doc_layout_draw(&dl, p, 0, 0, &m, out);
            for (int i = 0; i < out->cmd_count; i++)
                CHECK_MSG(out->cmds[i].r.y + out->cmds[i].r.h <= dl.area_h,
                          "page %d cmd %d below the area", p, i);
        }
        draw_list_destroy(out);
        doc_layout_free(&dl);
    }
}

/* Taps sent straight to the app, without the display showing the new frame
 * in between: what two queued taps or a tap racing a timeout look like. */
static void raw_tap(app *a, int x, int y)
{
    app_handle(a, &(app_event){.type = EV_TAP, .now_ms = now, .x = x, .y = y});
}

static app *form_at_consent(void)
{
    app *a = start(1920, 1080);
    app_set_form(a, true, true, NULL);
    tap(a, 500, 1075);
    const char *tile = content->langs[0].docs[content->contact_doc].title;
    for (int guard = 0; guard < 4 && !find_item(a, tile); guard++)
        tap_text(a, ui_en("nav.next"));
    tap_text(a, tile);
    tap_text(a, ui_en("contact.start"));
    type(a, "Ana");
    tap_text(a, ui_en("form.next"));
    type(a, "323 402 1622");
    tap_text(a, ui_en("form.next"));
    tap_text(a, ui_en("form.next"));
    tap_text(a, ui_en("form.best_time.morning"));
    tap_text(a, ui_en("form.next"));
    tap_text(a, ui_en("form.topic.other"));
    tap_text(a, ui_en("form.next"));
    tap_text(a, ui_en("form.consent.label"));
    CHECK(app_screen(a) == SCREEN_FORM && app_page(a) == 5);
    return a;
}

/* Defect 9: two queued taps on the consent step's Next reached Send, in the
 * same place on the review screen, without the review ever being shown. */
static void defect_taps_act_on_frames_never_shown(void)
{
    app *a = form_at_consent();
    const draw_item *next = find_item(a, ui_en("form.next"));
    CHECK(next != NULL);
    if (next) {
        int x = next->r.x + next->r.w / 2, y = next->r.y + next->r.h / 2;
        app_present(a);
        raw_tap(a, x, y);
        raw_tap(a, x, y); /* queued behind the first: the review was never drawn */
        CHECK(app_screen(a) == SCREEN_REVIEW);
        contact_request req;
        CHECK_MSG(!app_take_request(a, &req), "Send was pressed on a screen never shown");
        /* Once the review is on screen, Send works. */
        tap_text(a, ui_en("form.submit"));
        CHECK(app_take_request(a, &req));
        secure_wipe(&req, sizeof req);
    }
    app_destroy(a);

    /* A double tap on Next turns one page, not two. */
    a = start(1920, 1080);
    tap(a, 500, 1075);
    for (int k = 0; k < content->langs[0].home_count; k++) {
        const content_doc *d = content->langs[0].home[k];
        if (d->kind == DOC_MODULE && find_item(a, d->title)) {
            tap_text(a, d->title);
            break;
        }
    }
    const draw_item *more = find_item(a, ui_en("nav.next"));
    CHECK(more != NULL && app_page_count(a) > 2);
    if (more) {
        app_present(a);
        raw_tap(a, more->r.x + 2, more->r.y + 2);
        raw_tap(a, more->r.x + 2, more->r.y + 2);
        CHECK_MSG(app_page(a) == 1, "a double tap turned %d pages", app_page(a));
    }
    app_destroy(a);

    /* A tap on OK as the thank-you screen times out lands on nothing. */
    a = form_at_consent();
    tap_text(a, ui_en("form.next"));
    tap_text(a, ui_en("form.submit"));
    contact_request req;
    CHECK(app_take_request(a, &req));
    app_request_done(a, true);
    const draw_item *ok = find_item(a, ui_en("form.ok"));
    CHECK(ok != NULL);
    if (ok) {
        app_present(a);
        now += 20000; /* the timeout fires inside the tap's own handling */
        raw_tap(a, ok->r.x + ok->r.w / 2, ok->r.y + ok->r.h / 2);
        CHECK(app_screen(a) == SCREEN_HOME);
    }
    app_destroy(a);
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
        return check_done("test_defects");
    content = set;
    defect_facilitator_mode_keeps_form_without_idle_wipe();
    defect_form_always_gets_visitor_timeout();
    defect_pagination_past_page_array();
    defect_taps_act_on_frames_never_shown();
    content_destroy(set);
    return check_done("test_defects");
}
