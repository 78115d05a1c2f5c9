/* The facilitator's module list (app_pick.c) with fake font metrics: at
 * five sizes every module is a button on exactly one page, inside the
 * screen, and Next and Previous turn the pages; the list is laid out again
 * for a new size and for a new content set (never a stale grid naming the
 * old set's documents). */
#include <stdlib.h>

#include "app_driver.h"
#include "check.h"
#include "content/load.h"
#include "core/app.h"
#include "core/util.h"

/* Signed in as a facilitator: the module list. */
static app *presenting_at(int w, int h)
{
    app *a = start(w, h);
    app_handle(a, &(app_event){.type = EV_TAP, .now_ms = now, .x = w / 2, .y = h - 5});
    staff_gesture(a, w, h);
    app_pin_result(a, ROLE_FACILITATOR, 0, 0);
    return a;
}

static int module_count(const content_set *set)
{
    int n = 0;
    for (int d = 0; d < set->langs[0].doc_count; d++)
        n += set->langs[0].docs[d].kind == DOC_MODULE;
    return n;
}

/* The target with act (the first), or NULL. */
static const draw_target *target_with(app *a, action act)
{
    const draw_list *dl = app_frame(a);
    for (int i = 0; i < dl->target_count; i++)
        if (dl->targets[i].act == act)
            return &dl->targets[i];
    return NULL;
}

/* Walks every page with Next: each module once, its button on screen. */
static void every_module_once(app *a, const content_set *set, int w, int h)
{
    CHECK_MSG(strcmp(app_screen_name(a), "facilitator_pick") == 0, "%dx%d: on %s", w, h,
              app_screen_name(a));
    int seen[CONTENT_MAX_DOCS] = {0};
    int pages = app_page_count(a);
    CHECK_MSG(pages >= 1 && pages <= module_count(set), "%dx%d: %d pages", w, h, pages);
    for (int p = 0; p < pages; p++) {
        CHECK_MSG(app_page(a) == p, "%dx%d: on page %d, not %d", w, h, app_page(a), p);
        const draw_list *dl = app_frame(a);
        for (int i = 0; i < dl->target_count; i++) {
            const draw_target *t = &dl->targets[i];
            if (t->act != ACT_OPEN_DOC)
                continue;
            CHECK_MSG(t->arg >= 0 && t->arg < set->langs[0].doc_count &&
                          set->langs[0].docs[t->arg].kind == DOC_MODULE,
                      "%dx%d: a button opens document %d, not a module", w, h, t->arg);
            CHECK_MSG(rect_inside(t->r, (rect){0, 0, w, h}), "%dx%d: a module's button off screen",
                      w, h);
            if (t->arg >= 0 && t->arg < CONTENT_MAX_DOCS)
                seen[t->arg]++;
        }
        const draw_target *prev = target_with(a, ACT_PREV), *next = target_with(a, ACT_NEXT);
        CHECK_MSG((prev != NULL) == (p > 0) && (next != NULL) == (p + 1 < pages),
                  "%dx%d page %d: Previous/Next where they lead nowhere, or missing", w, h, p);
        if (next)
            tap(a, next->r.x + next->r.w / 2, next->r.y + next->r.h / 2);
    }
    for (int d = 0; d < set->langs[0].doc_count; d++)
        if (set->langs[0].docs[d].kind == DOC_MODULE)
            CHECK_MSG(seen[d] == 1, "%dx%d: %s on %d pages", w, h, set->langs[0].docs[d].id,
                      seen[d]);
    for (int p = pages - 1; p > 0; p--) {
        const draw_target *prev = target_with(a, ACT_PREV);
        if (prev)
            tap(a, prev->r.x + prev->r.w / 2, prev->r.y + prev->r.h / 2);
    }
    CHECK_MSG(app_page(a) == 0, "%dx%d: Previous did not go back to the first page", w, h);
}

int main(void)
{
    const char *dir = getenv("LANTERN_CONTENT");
    const char *tests = getenv("LANTERN_TESTS");
    diag_list diags = {0};
    content_set *shipped = content_load(dir ? dir : "content", NULL, &diags);
    char min_dir[512];
    str_format(min_dir, sizeof min_dir, "%s/content-min", tests ? tests : "tests");
    content_set *min = content_load(min_dir, NULL, &diags);
    diag_list_print(&diags);
    diag_list_free(&diags);
    CHECK(shipped != NULL && min != NULL);
    if (!shipped || !min)
        return check_done("test_pick");
    content = shipped;
    static const int sizes[][2] = {
        {800, 480}, {1024, 600}, {1280, 800}, {1920, 1080}, {1080, 1920}};
    for (int z = 0; z < 5; z++) {
        app *a = presenting_at(sizes[z][0], sizes[z][1]);
        every_module_once(a, shipped, sizes[z][0], sizes[z][1]);
        app_destroy(a);
    }
    /* A new size: the list laid out again (a 7" panel pages, 1080p does not). */
    app *a = presenting_at(800, 480);
    int small_pages = app_page_count(a);
    app_resize(a, 1920, 1080);
    app_frame(a);
    CHECK_MSG(small_pages > 1 && app_page_count(a) == 1, "pages %d at 800x480, %d at 1920x1080",
              small_pages, app_page_count(a));
    every_module_once(a, shipped, 1920, 1080);
    /* A new content set (staff reload it from the attract screen): its modules only. */
    tap_text(a, ui_en("facilitator.leave"));
    CHECK(strcmp(app_screen_name(a), "attract") == 0);
    CHECK(app_set_content(a, min));
    content = min;
    staff_gesture(a, 1920, 1080);
    app_pin_result(a, ROLE_FACILITATOR, 0, 0);
    every_module_once(a, min, 1920, 1080);
    app_destroy(a);
    content_destroy(shipped);
    content_destroy(min);
    return check_done("test_pick");
}
