/* Issue 14 through the app: every visitor screen at every text step and in
 * high contrast (both languages, down to a 7-inch 800x480 panel), the A+
 * cycle and its reset at idle, Listen (what is read, the highlight, what
 * stops it, never typed text), the take-home codes and "QR shown". */
#include <stdio.h>
#include <stdlib.h>

#include "app_driver.h"
#include "content/load.h"
#include "core/util.h"

/* What holds on every frame (as test_app.c's check, with AAA contrast in
 * high contrast). */
static void check_frame(app *a, const char *where)
{
    const draw_list *dl = app_frame(a);
    int w = dl->cmds[0].r.w, h = dl->cmds[0].r.h;
    metrics m = metrics_for_size(w, h);
    CHECK_MSG(!dl->overflow, "%s", where);
    const char *bar =
        content_ui(&content->langs[content_lang_index(content, app_lang_code(a))], "crisis.bar");
    const draw_item *bar_item = find_item(a, bar);
    CHECK_MSG(bar_item && bar_item->r.y < h / 8, "%s: crisis bar", where);
    if (bar_item) {
        const draw_target *t =
            draw_hit(dl, bar_item->r.x + bar_item->r.w / 2, bar_item->r.y + bar_item->r.h / 2);
        CHECK_MSG(t && t->act == ACT_CRISIS, "%s: the crisis bar is not tappable", where);
    }
    rect screen = {0, 0, w, h};
    for (int i = 0; i < dl->item_count; i++) {
        const draw_item *it = &dl->items[i];
        CHECK_MSG(rect_inside(it->r, screen), "%s: item %d off screen", where, i);
        CHECK_MSG(rect_inside(it->r, it->clip),
                  "%s: item %d (%.*s) clipped (%d,%d %dx%d in %d,%d %dx%d)", where, i, it->len,
                  it->text, it->r.x, it->r.y, it->r.w, it->r.h, it->clip.x, it->clip.y, it->clip.w,
                  it->clip.h);
        for (int j = i + 1; j < dl->item_count; j++)
            CHECK_MSG(!rect_overlaps(it->r, dl->items[j].r),
                      "%s: items %d (%.*s) and %d (%.*s) overlap", where, i, it->len, it->text, j,
                      dl->items[j].len, dl->items[j].text);
    }
    int min_target = (int)(80 * m.s);
    for (int i = 0; i < dl->target_count; i++) {
        rect r = dl->targets[i].r;
        CHECK_MSG(r.w >= min_target && r.h >= min_target, "%s: target %d is %dx%d", where, i, r.w,
                  r.h);
        CHECK(rect_inside(r, screen));
    }
    double need = app_high_contrast(a) ? 7.0 : 4.5;
    for (int i = 0; i < dl->cmd_count; i++) {
        const draw_cmd *c = &dl->cmds[i];
        if (c->type == CMD_TEXT)
            CHECK_MSG(color_contrast(c->fg, c->bg) >= need, "%s: text %d (%.*s) contrast %.2f",
                      where, i, c->len, c->text, color_contrast(c->fg, c->bg));
        if (c->type == CMD_QR) {
            CHECK_MSG(rect_inside(c->r, screen), "%s: QR code off screen", where);
            CHECK(c->module_px >= 3 && c->r.w == (c->qr_size + 8) * c->module_px);
        }
    }
}

static void a_plus(app *a, int taps)
{
    for (int i = 0; i < taps; i++)
        tap_text(a, "A+");
}

/* Every module's every page, the groups screen and the crisis screen. */
static void walk(int w, int h, int taps)
{
    char where[96];
    app *a = start(w, h);
    tap(a, w / 2, h - 5); /* not on a language's words: those choose it */
    a_plus(a, taps);
    int pct = app_text_percent(a);
    bool hc = app_high_contrast(a);
    CHECK(pct == TEXT_STEPS[taps < TEXT_STEP_COUNT ? taps : TEXT_STEP_COUNT - 1] &&
          hc == (taps == TEXT_STEP_COUNT));
    for (int l = 0; l < content->lang_count; l++) {
        const content_lang *lang = &content->langs[l];
        if (strcmp(app_lang_code(a), lang->code) != 0)
            tap_text(a, content_ui(lang, "language.name"));
        /* The visitor's choice stays through the session. */
        CHECK(app_text_percent(a) == pct && app_high_contrast(a) == hc);
        str_format(where, sizeof where, "%dx%d %d%%%s %s home", w, h, pct, hc ? " hc" : "",
                   lang->code);
        check_frame(a, where);
        for (int d = 0; d < lang->home_count; d++) {
            const char *next = content_ui(lang, "nav.next"), *prev = content_ui(lang, "nav.previous");
            for (int guard = 0; guard < 20 && !find_item(a, lang->home[d]->title) && find_item(a, next); guard++)
                tap_text(a, next);
            for (int guard = 0; guard < 20 && !find_item(a, lang->home[d]->title) && find_item(a, prev); guard++)
                tap_text(a, prev);
            tap_text(a, lang->home[d]->title);
            if (app_screen(a) == SCREEN_GROUPS) {
                str_format(where, sizeof where, "%dx%d %d%%%s %s groups", w, h, pct,
                           hc ? " hc" : "", lang->code);
                check_frame(a, where);
                /* "About the groups" sits with the first meeting where both
                 * fit, else after the last (a 7" panel): page on to it. */
                const char *more = content_ui(lang, "groups.more");
                for (int guard = 0; guard < 16 && !find_item(a, more); guard++)
                    tap_text(a, content_ui(lang, "nav.next"));
                tap_text(a, content_ui(lang, "groups.more"));
            }
            if (app_screen(a) != SCREEN_READER) {
                tap_text(a, content_ui(lang, "nav.home")); /* the contact notice */
                continue;
            }
            /* "About the groups": Back returns to the schedule, then Home (issue 13). */
            bool from_groups = content->groups_doc >= 0 && lang->group_count > 0 &&
                               lang->home[d] == &lang->docs[content->groups_doc];
            int pages = app_page_count(a), codes = 0;
            for (int p = 0; p < pages; p++) {
                str_format(where, sizeof where, "%dx%d %d%%%s %s %s p%d", w, h, pct,
                           hc ? " hc" : "", lang->code, lang->home[d]->id, p + 1);
                check_frame(a, where);
                const draw_list *dl = app_frame(a);
                for (int c = 0; c < dl->cmd_count; c++)
                    codes += dl->cmds[c].type == CMD_QR;
                if (p + 1 < pages)
                    tap_text(a, content_ui(lang, "nav.next"));
            }
            /* Every take-home link is on some page, once. */
            CHECK_MSG(codes == lang->home[d]->link_count, "%s: %d codes for %d links", where,
                      codes, lang->home[d]->link_count);
            if (from_groups)
                tap_text(a, content_ui(lang, "nav.back"));
            tap_text(a, content_ui(lang, "nav.home"));
        }
        tap_text(a, content_ui(lang, "crisis.bar"));
        int pages = app_page_count(a), codes = 0;
        for (int p = 0; p < pages; p++) {
            str_format(where, sizeof where, "%dx%d %d%%%s %s crisis p%d", w, h, pct,
                       hc ? " hc" : "", lang->code, p + 1);
            check_frame(a, where);
            const draw_list *dl = app_frame(a);
            for (int c = 0; c < dl->cmd_count; c++)
                codes += dl->cmds[c].type == CMD_QR;
            if (p + 1 < pages)
                tap_text(a, content_ui(lang, "nav.next"));
        }
        if (find_item(a, content_ui(lang, "take_home.button"))) {
            /* Help on one screen, the codes behind their own button; Back returns to the help. */
            tap_text(a, content_ui(lang, "take_home.button"));
            str_format(where, sizeof where, "%dx%d %d%%%s %s crisis codes", w, h, pct, hc ? " hc" : "", lang->code);
            check_frame(a, where);
            const draw_list *dl = app_frame(a);
            for (int c = 0; c < dl->cmd_count; c++)
                codes += dl->cmds[c].type == CMD_QR;
            tap_text(a, content_ui(lang, "nav.back"));
            CHECK(app_screen(a) == SCREEN_CRISIS && find_item(a, content_ui(lang, "take_home.button")));
        }
        CHECK_MSG(codes >= lang->help->link_count, "%s: %d codes", where, codes); /* 988's site and the center's phone */
        tap_text(a, content_ui(lang, "nav.back"));
    }
    /* The idle reset puts the standard text and contrast back. */
    advance(a, 120000 + 20000);
    CHECK(app_screen(a) == SCREEN_ATTRACT && app_text_percent(a) == 100 && !app_high_contrast(a));
    CHECK(!theme_is_high_contrast() || (app_frame(a), !theme_is_high_contrast()));
    app_destroy(a);
}

/* Turns Home's pages until the tile shows, then opens it. */
static void open_tile(app *a, const content_lang *lang, const char *title)
{
    const char *next = content_ui(lang, "nav.next"), *prev = content_ui(lang, "nav.previous");
    for (int guard = 0; guard < 20 && !find_item(a, title) && find_item(a, next); guard++)
        tap_text(a, next);
    for (int guard = 0; guard < 20 && !find_item(a, title) && find_item(a, prev); guard++)
        tap_text(a, prev);
    tap_text(a, title);
}

static bool take(app *a, speech_request *r)
{
    app_frame(a);
    return app_take_speech(a, r);
}

static void test_listen(void)
{
    app *a = start(1920, 1080);
    tap(a, 960, 1075);
    const content_lang *en = &content->langs[0];
    /* Off unless the platform offers it (config read_aloud). */
    open_tile(a, en, en->home[3]->title);
    CHECK(app_screen(a) == SCREEN_READER && !find_item(a, content_ui(en, "listen.start")));
    app_set_read_aloud(a, true, false);
    CHECK(find_item(a, content_ui(en, "listen.start")) != NULL);
    speech_request r;
    CHECK(!take(a, &r));
    tap_text(a, content_ui(en, "listen.start"));
    CHECK(take(a, &r) && !r.stop && strcmp(r.lang, "en") == 0 && r.count > 2 && !r.clip);
    int id = r.id;
    /* What is read is what the page shows, not its buttons. */
    bool heading = false, button_read = false;
    int heading_at = -1;
    for (int i = 0; i < r.count; i++) {
        if (strcmp(r.texts[i], en->home[3]->blocks[0].text) == 0 && heading_at < 0)
            heading_at = i;
        heading |= heading_at == i;
        button_read |= strcmp(r.texts[i], content_ui(en, "nav.next")) == 0 ||
                       strcmp(r.texts[i], content_ui(en, "crisis.bar")) == 0;
    }
    CHECK(heading && !button_read);
    CHECK(find_item(a, content_ui(en, "listen.stop")) != NULL);
    /* The sentence heard is highlighted behind its text (the page's heading:
     * before it come the draft mark and the running head). */
    CHECK(app_speech_progress(a, true, id, 1));
    bool speaking;
    int count, sentence, len;
    const char *text;
    app_speech_info(a, &speaking, &count, &sentence, &text, &len);
    CHECK(speaking && count == r.count && sentence == 1 && text && strcmp(text, r.texts[1]) == 0);
    CHECK(heading_at > 1 && app_speech_progress(a, true, id, heading_at));
    const draw_list *dl = app_frame(a);
    int marks = 0;
    for (int c = 0; c < dl->cmd_count; c++)
        marks += dl->cmds[c].type == CMD_FILL &&
                 memcmp(&dl->cmds[c].fg, &THEME.highlight, sizeof(color)) == 0;
    CHECK(marks >= 1);
    CHECK(!app_speech_progress(a, true, id + 7, 2)); /* an old reading's news is ignored */
    /* A page turn stops it at once. */
    tap_text(a, content_ui(en, "nav.next"));
    CHECK(take(a, &r) && r.stop);
    app_speech_info(a, &speaking, &count, &sentence, &text, &len);
    CHECK(!speaking && sentence == -1);
    /* Stop stops; the end of the reading turns the button back. */
    tap_text(a, content_ui(en, "listen.start"));
    CHECK(take(a, &r) && !r.stop);
    tap_text(a, content_ui(en, "listen.stop"));
    CHECK(take(a, &r) && r.stop);
    tap_text(a, content_ui(en, "listen.start"));
    CHECK(take(a, &r) && !r.stop);
    CHECK(app_speech_progress(a, false, r.id, -1) && find_item(a, content_ui(en, "listen.start")));
    /* Language change, idle reset and staff entry stop it. */
    tap_text(a, content_ui(en, "listen.start"));
    CHECK(take(a, &r) && !r.stop);
    tap_text(a, content_ui(en, "nav.home"));
    CHECK(take(a, &r) && r.stop);
    tap_text(a, content_ui(en, "crisis.bar"));
    tap_text(a, content_ui(en, "listen.start"));
    CHECK(take(a, &r) && !r.stop && r.count > 3);
    CHECK(app_next_deadline(a) == now + 100); /* polled while reading */
    advance(a, 140000);
    CHECK(take(a, &r) && r.stop && app_screen(a) == SCREEN_ATTRACT);
    /* Not on Home, not on the form's steps (typed text is never read). */
    tap(a, 960, 1075);
    CHECK(!find_item(a, content_ui(en, "listen.start")));
    app_set_form(a, true, true, NULL);
    open_tile(a, en, en->docs[content->contact_doc].title);
    CHECK(app_screen(a) == SCREEN_NOTICE && find_item(a, content_ui(en, "listen.start")));
    app_set_read_aloud(a, true, true); /* headphones only: the button says so */
    CHECK(find_item(a, content_ui(en, "listen.headphones")) != NULL);
    /* Pulled out while reading: the reading stops at once; the button says to
     * plug them in, and a tap on it asks for nothing to be played. */
    tap_text(a, content_ui(en, "listen.headphones"));
    CHECK(take(a, &r) && !r.stop);
    app_set_headphones_plugged(a, false);
    CHECK(take(a, &r) && r.stop);
    CHECK(find_item(a, content_ui(en, "listen.plug_in")) != NULL);
    tap_text(a, content_ui(en, "listen.plug_in"));
    CHECK(!take(a, &r));
    app_set_headphones_plugged(a, true);
    CHECK(find_item(a, content_ui(en, "listen.headphones")) != NULL);
    app_destroy(a);
}

static void test_qr_count(void)
{
    app *a = start(1920, 1080);
    tap(a, 960, 1075);
    tap_text(a, content_ui(&content->langs[0], "crisis.bar"));
    usage_event e;
    while (app_take_usage(a, &e))
        ;
    int pages = app_page_count(a), shown = 0;
    for (int p = 0; p < pages; p++) {
        app_frame(a);
        app_frame(a); /* drawn twice: counted once */
        while (app_take_usage(a, &e))
            if (e.kind == USAGE_QR) {
                shown++;
                CHECK(strcmp(e.item, "help") == 0);
            }
        if (p + 1 < pages)
            tap_text(a, content_ui(&content->langs[0], "nav.next"));
    }
    if (find_item(a, content_ui(&content->langs[0], "take_home.button"))) {
        tap_text(a, content_ui(&content->langs[0], "take_home.button"));
        app_frame(a);
        app_frame(a);
        while (app_take_usage(a, &e))
            if (e.kind == USAGE_QR) {
                shown++;
                CHECK(strcmp(e.item, "help") == 0);
            }
    }
    CHECK(shown == 1); /* the codes are on one page of the crisis screen, or behind its button */
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
        return check_done("test_a11y_app");
    content = set;
    const int sizes[][2] = {{800, 480}, {480, 800}, {1920, 1080}, {1080, 1920}};
    for (int s = 0; s < 4; s++)
        for (int taps = 0; taps <= TEXT_STEP_COUNT; taps++)
            walk(sizes[s][0], sizes[s][1], taps);
    test_listen();
    test_qr_count();
    content_destroy(set);
    return check_done("test_a11y_app");
}
