/* The screen state machine, hit testing and idle timing, on the shipped
 * content with fake font metrics: no display. */
#include <stdlib.h>
#include <string.h>

#include "app_driver.h"
#include "check.h"
#include "content/load.h"
#include "core/app.h"
#include "core/util.h"
#include "fake_metrics.h"

/* Checks that hold on every frame: crisis bar on top, target sizes and
 * spacing, contrast, nothing overlapping or outside its box. */
static void check_frame(app *a, const char *where)
{
    const draw_list *dl = app_frame(a);
    const metrics m = metrics_for_size(dl->cmds[0].r.w, dl->cmds[0].r.h);
    CHECK_MSG(!dl->overflow, "%s", where);
    const char *bar = content_ui(&content->langs[content_lang_index(content, app_lang_code(a))], "crisis.bar");
    const draw_item *bar_item = find_item(a, bar);
    CHECK_MSG(bar_item && bar_item->r.y < m.h / 8, "%s: crisis bar", where);
    if (bar_item) {
        const draw_target *t = draw_hit(dl, bar_item->r.x + 1, bar_item->r.y + 1);
        CHECK_MSG(t && t->act == ACT_CRISIS, "%s: the crisis bar is not tappable", where);
    }
    rect screen = {0, 0, m.w, m.h};
    for (int i = 0; i < dl->item_count; i++) {
        const draw_item *it = &dl->items[i];
        CHECK_MSG(rect_inside(it->r, screen), "%s: item %d off screen", where, i);
        CHECK_MSG(rect_inside(it->r, it->clip), "%s: item %d (%.*s) clipped", where, i, it->len, it->text);
        for (int j = i + 1; j < dl->item_count; j++)
            CHECK_MSG(!rect_overlaps(it->r, dl->items[j].r), "%s: items %d and %d overlap", where, i, j);
    }
    int min_target = (int)(80 * m.s);
    for (int i = 0; i < dl->target_count; i++) {
        rect r = dl->targets[i].r;
        CHECK_MSG(r.w >= min_target && r.h >= min_target, "%s: target %d is %dx%d", where, i, r.w, r.h);
        CHECK(rect_inside(r, screen));
        /* Separate buttons never touch: a shaky finger does not hit the neighbour. */
        for (int j = i + 1; j < dl->target_count; j++) {
            rect q = dl->targets[j].r;
            bool big = (long)r.w * r.h > (long)m.w * m.h / 3 || (long)q.w * q.h > (long)m.w * m.h / 3;
            bool same = memcmp(&r, &q, sizeof r) == 0;
            if (big || same)
                continue;
            rect grown = {r.x - m.gap / 2, r.y - m.gap / 2, r.w + m.gap, r.h + m.gap};
            CHECK_MSG(!rect_overlaps(grown, q), "%s: targets %d and %d closer than %d px", where, i, j, m.gap / 2);
        }
    }
    for (int i = 0; i < dl->cmd_count; i++)
        if (dl->cmds[i].type == CMD_TEXT)
            CHECK_MSG(color_contrast(dl->cmds[i].fg, dl->cmds[i].bg) >= 4.5, "%s: text %d contrast", where, i);
}

static void test_walk(int w, int h)
{
    char where[64];
    app *a = start(w, h);
    CHECK(app_screen(a) == SCREEN_ATTRACT);
    CHECK(app_next_deadline(a) == -1); /* the attract screen never times out */
    str_format(where, sizeof where, "%dx%d attract", w, h);
    check_frame(a, where);
    /* The touch that wakes the screen only wakes it: tapping where a tile
     * will be does not open it (near the bottom edge: not on a language's
     * own words, which start in that language). */
    tap(a, w / 2, h - 3);
    CHECK(app_screen(a) == SCREEN_HOME);
    CHECK(strcmp(app_lang_code(a), "en") == 0);
    str_format(where, sizeof where, "%dx%d home", w, h);
    check_frame(a, where);
    /* Every module, every page, in both languages. */
    for (int l = 0; l < content->lang_count; l++) {
        const content_lang *lang = &content->langs[l];
        if (strcmp(app_lang_code(a), lang->code) != 0)
            tap_text(a, content_ui(lang, "language.name"));
        CHECK(strcmp(app_lang_code(a), lang->code) == 0);
        for (int d = 0; d < lang->home_count; d++) {
            /* Turn Home's pages until the tile shows. */
            for (int guard = 0; guard < 5 && !find_item(a, lang->home[d]->title); guard++)
                tap_text(a, content_ui(lang, "nav.next"));
            if (!find_item(a, lang->home[d]->title))
                for (int guard = 0; guard < 5 && !find_item(a, lang->home[d]->title); guard++)
                    tap_text(a, content_ui(lang, "nav.previous"));
            tap_text(a, lang->home[d]->title);
            if (app_screen(a) == SCREEN_GROUPS) {
                /* The groups tile opens the schedule; its page is one tap on. */
                str_format(where, sizeof where, "%dx%d %s groups", w, h, lang->code);
                check_frame(a, where);
                /* "About the groups" sits with the first meeting where both
                 * fit, else after the last (a 7" panel): page on to it. */
                const char *more = content_ui(lang, "groups.more");
                for (int guard = 0; guard < 16 && !find_item(a, more); guard++)
                    tap_text(a, content_ui(lang, "nav.next"));
                tap_text(a, content_ui(lang, "groups.more"));
            }
            /* "About the groups": Back returns to the schedule (issue 13). */
            bool from_groups = content->groups_doc >= 0 && lang->group_count > 0 &&
                               lang->home[d] == &lang->docs[content->groups_doc];
            CHECK(app_screen(a) == SCREEN_READER);
            int pages = app_page_count(a);
            CHECK(pages >= 1);
            for (int p = 0; p < pages; p++) {
                CHECK(app_page(a) == p);
                str_format(where, sizeof where, "%dx%d %s %s p%d", w, h, lang->code, lang->home[d]->id, p + 1);
                check_frame(a, where);
                if (p + 1 < pages)
                    tap_text(a, content_ui(lang, "nav.next"));
            }
            /* No Next on the last page, and one Home (issue 13: no second
             * "Back to topics" doing the same); swipes and keys go back and stop
             * at the ends. */
            CHECK(!find_item(a, content_ui(lang, "nav.next")));
            CHECK(!find_item(a, content_ui(lang, "nav.done")) &&
                  find_item(a, content_ui(lang, from_groups ? "nav.back" : "nav.home")));
            if (pages > 1) {
                app_handle(a, &(app_event){.type = EV_SWIPE, .now_ms = now, .x = w / 5, .y = h / 2, .x2 = w * 4 / 5, .y2 = h / 2});
                CHECK(app_page(a) == pages - 2);
                app_handle(a, &(app_event){.type = EV_KEY, .now_ms = now, .key = KEY_RIGHT});
                CHECK(app_page(a) == pages - 1);
                app_handle(a, &(app_event){.type = EV_KEY, .now_ms = now, .key = KEY_RIGHT});
                CHECK(app_page(a) == pages - 1);
                /* A mostly vertical drag is not a page turn. */
                app_handle(a, &(app_event){.type = EV_SWIPE, .now_ms = now, .x = w / 2, .y = h / 5, .x2 = w / 2 + 50, .y2 = h * 4 / 5});
                CHECK(app_page(a) == pages - 1);
            }
            if (from_groups) {
                tap_text(a, content_ui(lang, "nav.back"));
                CHECK(app_screen(a) == SCREEN_GROUPS);
            }
            tap_text(a, content_ui(lang, "nav.home"));
            CHECK(app_screen(a) == SCREEN_HOME);
        }
        /* The crisis screen, from Home, every page; Back returns. */
        tap_text(a, content_ui(lang, "crisis.bar"));
        CHECK(app_screen(a) == SCREEN_CRISIS);
        CHECK(find_item(a, content_ui(lang, "crisis.front_desk")) != NULL);
        for (int p = 0; p < app_page_count(a); p++) {
            str_format(where, sizeof where, "%dx%d %s crisis p%d", w, h, lang->code, p + 1);
            check_frame(a, where);
            if (p + 1 < app_page_count(a))
                tap_text(a, content_ui(lang, "nav.next"));
        }
        tap_text(a, content_ui(lang, "nav.back"));
        CHECK(app_screen(a) == SCREEN_HOME);
    }
    app_destroy(a);
}

static void test_language_choice(void)
{
    app *a = start(1920, 1080);
    tap_text(a, ui_es("language.name"));
    CHECK(app_screen(a) == SCREEN_HOME);
    CHECK(strcmp(app_lang_code(a), "es") == 0);
    CHECK(find_item(a, ui_es("home.title")) != NULL);
    CHECK(find_item(a, ui_en("home.title")) == NULL);
    app_destroy(a);
}

static void test_crisis_from_attract(void)
{
    app *a = start(1080, 1920);
    tap_text(a, ui_en("crisis.bar"));
    CHECK(app_screen(a) == SCREEN_CRISIS);
    tap_text(a, ui_en("nav.back"));
    CHECK(app_screen(a) == SCREEN_ATTRACT);
    app_destroy(a);
}

static void test_idle(void)
{
    app *a = start(1920, 1080);
    tap(a, 500, 500); /* wake */
    tap_text(a, ui_es("language.name"));
    tap_text(a, content->langs[1].home[0]->title);
    tap_text(a, ui_es("nav.next"));
    CHECK(app_screen(a) == SCREEN_READER && app_page(a) == 1);
    CHECK(app_next_deadline(a) == now + 120000);
    advance(a, 119999);
    CHECK(!app_idle_warning(a));
    /* Redraw only on change: a tick that changes nothing asks for no frame. */
    CHECK(!app_handle(a, &(app_event){.type = EV_TICK, .now_ms = now}));
    advance(a, 1);
    CHECK(app_idle_warning(a));
    CHECK(find_item(a, ui_es("idle.title")) != NULL);
    CHECK(find_item(a, "Volverá al inicio en 20 segundos") != NULL);
    CHECK(app_next_deadline(a) == now + 1000);
    advance(a, 1000);
    CHECK(find_item(a, "Volverá al inicio en 19 segundos") != NULL);
    check_frame(a, "idle warning");
    /* A touch during the warning keeps the session and does nothing else. */
    tap(a, 10, 1000);
    CHECK(!app_idle_warning(a));
    CHECK(app_screen(a) == SCREEN_READER && app_page(a) == 1);
    CHECK(strcmp(app_lang_code(a), "es") == 0);
    /* Left alone: warning, countdown, then everything is dropped. */
    advance(a, 120000 + 19999);
    CHECK(app_idle_warning(a));
    CHECK(find_item(a, "Volverá al inicio en 1 segundo") != NULL);
    advance(a, 1);
    CHECK(!app_idle_warning(a));
    CHECK(app_screen(a) == SCREEN_ATTRACT);
    CHECK(strcmp(app_lang_code(a), "en") == 0);
    CHECK(app_next_deadline(a) == -1);
    /* After the reset the next visitor starts on Home at page one. */
    tap(a, 500, 500);
    CHECK(app_screen(a) == SCREEN_HOME && app_page(a) == 0);
    /* A long gap in ticks (a stalled clock) still resets, never stays stuck. */
    now += 10 * 60 * 1000;
    app_handle(a, &(app_event){.type = EV_TICK, .now_ms = now});
    advance(a, 20000);
    CHECK(app_screen(a) == SCREEN_ATTRACT);
    app_destroy(a);
}

static void test_idle_on_crisis_screen(void)
{
    app *a = start(1080, 1920);
    tap(a, 500, 1000);
    tap_text(a, ui_en("crisis.bar"));
    advance(a, 140000);
    CHECK(app_screen(a) == SCREEN_ATTRACT);
    app_destroy(a);
}

static void test_resize(void)
{
    app *a = start(1920, 1080);
    tap(a, 500, 500);
    tap_text(a, content->langs[0].home[2]->title);
    int landscape_pages = app_page_count(a);
    app_resize(a, 1080, 1920);
    app_frame(a);
    CHECK(app_page_count(a) >= 1);
    check_frame(a, "after resize");
    CHECK(landscape_pages >= 1);
    app_destroy(a);
}

/* The form's screens carry A+; a text step is whole: A+ on the bar, the
 * keyboard's keys all there. */
static void check_form_frame(app *a, const char *where, bool keys)
{
    check_frame(a, where);
    const draw_list *dl = app_frame(a);
    bool larger = false;
    int key_count = 0;
    for (int i = 0; i < dl->target_count; i++) {
        larger |= dl->targets[i].act == ACT_TEXT_SIZE;
        key_count += dl->targets[i].act == ACT_KEY;
    }
    CHECK_MSG(larger, "%s: no A+ on a form screen", where);
    if (keys)
        CHECK_MSG(key_count >= 11, "%s: a keyboard of %d keys", where, key_count);
}

/* The review's rows start with these questions (a long one may wrap: its
 * first line is an item of its own). */
static unsigned review_rows_shown(app *a)
{
    static const char *const labels[] = {"form.name.label",      "form.phone.label",
                                         "form.email.label",     "form.best_time.label",
                                         "form.language.label",  "form.voicemail.label",
                                         "form.topic.label",     "form.consent.label"};
    const draw_list *dl = app_frame(a);
    unsigned shown = 0;
    for (int r = 0; r < 8; r++) {
        const char *label = ui_en(labels[r]);
        for (int i = 0; i < dl->item_count; i++)
            if (dl->items[i].len >= 4 && strncmp(label, dl->items[i].text, (size_t)dl->items[i].len) == 0)
                shown |= 1u << r;
    }
    return shown;
}

/* Through the review's pages to Send (issue 13): on every page before
 * Send shows, "More details" and no Send, nothing sent; Send only once
 * every answer has been on screen. Returns the pages turned. */
static int review_to_send(app *a, const char *where)
{
    unsigned shown = 0;
    int turns = 0;
    for (; turns < 10; turns++) {
        check_form_frame(a, where, false);
        shown |= review_rows_shown(a);
        contact_request req;
        CHECK_MSG(!app_take_request(a, &req), "%s: sent from the review's page %d", where, turns + 1);
        if (find_item(a, ui_en("form.submit")))
            break;
        const draw_item *more = find_item(a, ui_en("form.review.more"));
        CHECK_MSG(more != NULL, "%s: neither Send nor More details on page %d", where, turns + 1);
        if (!more)
            break;
        /* A tap on More details, never a send. */
        tap(a, more->r.x + more->r.w / 2, more->r.y + more->r.h / 2);
    }
    CHECK_MSG(shown == 0xffu, "%s: Send offered before every answer was shown (rows %#x)", where, shown);
    return turns;
}

/* The form from notice to thanks at w x h, after taps on "A+" (1: 125 %,
 * 2: 150 %, 3: 150 % in high contrast): the form's screens take the step
 * (each at the largest that fits it whole). */
static void form_steps(int w, int h, int larger)
{
    char where[64];
    app *a = start(w, h);
    app_set_form(a, true, true, NULL);
    tap(a, 5, h - 5);
    for (int i = 0; i < larger; i++)
        tap_text(a, "A+");
    const content_lang *en = &content->langs[0];
    const char *tile = en->docs[content->contact_doc].title;
    for (int guard = 0; guard < 4 && !find_item(a, tile); guard++)
        tap_text(a, ui_en("nav.next"));
    tap_text(a, tile);
    CHECK(app_screen(a) == SCREEN_NOTICE);
    CHECK(app_text_percent(a) == (larger == 0 ? 100 : larger == 1 ? 125 : 150));
    /* The notice may page (a larger step): each page, then Continue. */
    for (int p = 0; p < 4; p++) {
        str_format(where, sizeof where, "%dx%d +%d notice p%d", w, h, larger, p + 1);
        check_form_frame(a, where, false);
        if (find_item(a, ui_en("contact.start")))
            break;
        tap_text(a, ui_en("nav.next"));
    }
    tap_text(a, ui_en("contact.start"));
    for (int step = 0; step < 6; step++) {
        CHECK(app_screen(a) == SCREEN_FORM && app_page(a) == step);
        if (step == 0)
            app_handle(a, &(app_event){.type = EV_TEXT, .now_ms = now, .text = "Zoë"});
        if (step == 1)
            app_handle(a, &(app_event){.type = EV_TEXT, .now_ms = now, .text = "323-402-1622"});
        if (step == 3)
            tap_text(a, ui_en("form.best_time.morning"));
        if (step == 4)
            tap_text(a, ui_en("form.topic.other"));
        if (step == 5)
            tap_text(a, ui_en("form.consent.label"));
        str_format(where, sizeof where, "%dx%d +%d form step %d", w, h, larger, step + 1);
        check_form_frame(a, where, step < 3);
        tap_text(a, ui_en("form.next"));
    }
    CHECK(app_screen(a) == SCREEN_REVIEW);
    str_format(where, sizeof where, "%dx%d +%d review", w, h, larger);
    int turns = review_to_send(a, where);
    if (turns > 0) {
        /* Back a page and on again: Send on the last page, at once (every
         * answer was seen) ... */
        tap_text(a, ui_en("nav.previous"));
        CHECK_MSG(find_item(a, ui_en("form.submit")) == NULL, "%s: Send before the last page", where);
        tap_text(a, ui_en("form.review.more"));
        CHECK_MSG(find_item(a, ui_en("form.submit")) != NULL, "%s: no Send on the last page again", where);
        for (int guard = 0; guard < 8 && app_page(a) > 0; guard++)
            tap_text(a, ui_en("nav.previous"));
        /* ... until an answer is changed: then every page again. */
        tap_text(a, "Zoë");
        CHECK(app_screen(a) == SCREEN_FORM && app_page(a) == 0);
        for (int step = 0; step < 6; step++)
            tap_text(a, ui_en("form.next"));
        CHECK(app_screen(a) == SCREEN_REVIEW && app_page(a) == 0);
        CHECK_MSG(review_to_send(a, where) == turns, "%s: the pages not shown again", where);
    }
    tap_text(a, ui_en("form.submit"));
    contact_request req;
    CHECK(app_take_request(a, &req));
    CHECK(strcmp(req.name, "Zoë") == 0 && strcmp(req.phone, "3234021622") == 0 && strcmp(req.topic, "other") == 0);
    CHECK(strcmp(req.best_time, "morning") == 0 && strcmp(req.voicemail_ok, "no") == 0);
    CHECK(app_form_is_empty(a)); /* wiped the moment it was taken */
    CHECK(!app_take_request(a, &req));
    app_request_done(a, true);
    CHECK(app_screen(a) == SCREEN_THANKS);
    str_format(where, sizeof where, "%dx%d +%d thanks", w, h, larger);
    check_form_frame(a, where, false);
    advance(a, 20000);
    CHECK(app_screen(a) == SCREEN_HOME);
    app_destroy(a);
}

static void form_not_offered(void)
{
    /* Where there is room, the contact tile says to ask at the front desk;
     * on a 1080p screen every tile shows at once first (issue 13), and the
     * note gives way: the module the tile opens says the same. */
    const int sizes[][2] = {{1080, 1920}, {1920, 1080}};
    for (int z = 0; z < 2; z++) {
        app *a = start(sizes[z][0], sizes[z][1]);
        app_set_form(a, false, false, NULL);
        tap(a, 5, sizes[z][1] - 5);
        const content_lang *en = &content->langs[0];
        CHECK_MSG(find_item(a, ui_en("nav.next")) == NULL, "%dx%d: Home pages", sizes[z][0],
                  sizes[z][1]);
        for (int k = 0; k < en->home_count; k++)
            CHECK_MSG(find_item(a, en->home[k]->title) != NULL, "%dx%d: no tile \"%s\"",
                      sizes[z][0], sizes[z][1], en->home[k]->title);
        if (z == 0)
            CHECK(find_item(a, ui_en("contact.unavailable")) != NULL);
        tap_text(a, en->docs[content->contact_doc].title);
        CHECK(app_screen(a) == SCREEN_READER); /* the page saying to ask at the front desk */
        app_destroy(a);
    }
}

/* Issue 13: Home on a 7-inch panel and at 720p pages the same with the staff
 * key (the form offered) as without it (the contact tile's front-desk
 * note), tile for tile, and its first page holds "In a crisis" and "Ask us
 * to contact you". */
static void home_same_with_key(void)
{
    const int sizes[][2] = {{800, 480}, {1024, 600}, {1280, 720}};
    for (int z = 0; z < 3; z++)
        for (int l = 0; l < content->lang_count; l++) {
            const content_lang *lang = &content->langs[l];
            int pages[2] = {0, 0}, tile_page[2][CONTENT_MAX_DOCS];
            for (int keyed = 0; keyed < 2; keyed++) {
                app *a = start(sizes[z][0], sizes[z][1]);
                app_set_form(a, keyed, false, NULL);
                if (l == 0)
                    tap(a, 5, sizes[z][1] - 5);
                else
                    tap_text(a, content_ui(lang, "language.name"));
                pages[keyed] = app_page_count(a);
                for (int p = 0; p < pages[keyed]; p++) {
                    for (int k = 0; k < lang->home_count; k++)
                        if (find_item(a, lang->home[k]->title))
                            tile_page[keyed][k] = p;
                    if (p + 1 < pages[keyed])
                        tap_text(a, content_ui(lang, "nav.next"));
                }
                app_destroy(a);
            }
            CHECK_MSG(pages[0] == pages[1], "%dx%d %s: Home %d pages without the key, %d with it",
                      sizes[z][0], sizes[z][1], lang->code, pages[0], pages[1]);
            for (int k = 0; k < lang->home_count; k++)
                CHECK_MSG(tile_page[0][k] == tile_page[1][k],
                          "%dx%d %s: tile \"%s\" on page %d without the key, %d with it",
                          sizes[z][0], sizes[z][1], lang->code, lang->home[k]->title,
                          tile_page[0][k] + 1, tile_page[1][k] + 1);
            int contact = -1;
            for (int k = 0; k < lang->home_count; k++)
                if ((int)(lang->home[k] - lang->docs) == content->contact_doc)
                    contact = k;
            CHECK_MSG(tile_page[0][0] == 0 && (contact < 0 || tile_page[0][contact] == 0),
                      "%dx%d %s: crisis or contact tile not on Home's first page", sizes[z][0],
                      sizes[z][1], lang->code);
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
        return check_done("test_app");
    content = set;
    CHECK(content_lang_index(set, "en") == 0 && content_lang_index(set, "es") == 1);
    test_walk(1920, 1080);
    test_walk(1080, 1920);
    test_walk(1280, 720);
    test_language_choice();
    test_crisis_from_attract();
    test_idle();
    test_idle_on_crisis_screen();
    test_resize();
    for (int larger = 0; larger <= 3; larger++) {
        form_steps(1920, 1080, larger);
        form_steps(1080, 1920, larger);
        form_steps(1280, 720, larger); /* 7-inch panels: tests/e2e/form_panel.py, real fonts */
    }
    form_not_offered();
    home_same_with_key();
    content_destroy(set);
    return check_done("test_app");
}
