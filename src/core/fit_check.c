/* fit_check: the views the staff tools draw (lanternctl preview and
 * validate): a screen shown as a visitor would reach it, and what will not fit
 * at a size. Not a screen: it drives the app through its public API. */
#include "app_internal.h"

#include <string.h>

/* ======================================================================
 * Staff tools
 * ==================================================================== */

static bool show(app *a, int lang, screen_id screen)
{
    if (lang < 0 || lang >= a->content->lang_count)
        return false;
    session_reset(a);
    if (lang != a->visit.lang)
        a->visit.lang = lang;
    a->visit.screen = screen;
    return true;
}

bool app_show_home(app *a, int lang, int page)
{
    if (!show(a, lang, SCREEN_HOME))
        return false;
    a->visit.home_page = page;
    return page >= 0 && page < app_page_count(a);
}

bool app_show_doc(app *a, int lang, int doc, int page)
{
    if (doc < 0 || !show(a, lang, SCREEN_HOME) || doc >= lang_of(a)->doc_count)
        return false;
    a->visit.screen = SCREEN_READER;
    a->visit.doc = doc;
    a->visit.page = page;
    return page >= 0 && page < app_page_count(a);
}

bool app_show_crisis(app *a, int lang, int page)
{
    if (!show(a, lang, SCREEN_CRISIS))
        return false;
    a->visit.crisis_page = page;
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
                /* On a panel under 100 mm tall (a 7" one) the box is split
                 * over two pages: a warning; on a larger one, an error. */
                bool small = size_h * a->m.mm_per_px < 100;
                str_format(jpath, sizeof jpath, "$.blocks[%d]", r->block);
                str_format(msg, sizeof msg, "too long for one page at %dx%d: %s", size_w, size_h,
                           small ? "it is split over two pages there; shorten it" : "shorten it");
                report(ctx, doc, lang, jpath, !small, msg);
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
        /* The help list is meant to page; a module section is one idea. A
         * panel under 100 mm tall shows fewer words a page, never smaller
         * ones: sections run over pages there by design. */
        if (pages > 1 && dl->rows[i].block >= 0 && doc->kind != DOC_HELP &&
            size_h * a->m.mm_per_px >= 100) {
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
    /* Each page of a module at least 60% full but for its last (or one
     * before a page break): a warning naming the block that could not come up. */
    for (int p = 0; doc->kind != DOC_HELP && p + 1 < dl->page_count; p++) {
        int first = dl->page_first[p], last = dl->page_first[p + 1], used = 0;
        for (int i = first; i < last; i++)
            if (dl->rows[i].h > 0 && !dl->rows[i].beside)
                used = dl->rows[i].y + dl->rows[i].h;
        if (dl->rows[last].starts_page || used * 100 >= dl->area_h * LAYOUT_MIN_FILL_PERCENT)
            continue;
        /* A picture (with its heading) moved on whole: shortening text would not help. */
        bool picture = false;
        for (int j = last; j < dl->row_count && j < last + 6 && !picture; j++)
            picture = dl->rows[j].kind == ROW_IMAGE;
        if (picture)
            continue;
        str_format(jpath, sizeof jpath, "$.blocks[%d]", dl->rows[last].block);
        str_format(
            msg, sizeof msg,
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
            check_doc_fit(a, &a->cache.reader.layout, &lang->docs[d], l, report, ctx);
        }
        app_show_crisis(a, l, 0);
        app_frame(a);
        /* "Get help now" is one screen (app_home.c); where even its compact
         * list cannot fit (a 7" panel) it pages, and that is said. */
        if (app_page_count(a) > 1) {
            str_format(msg, sizeof msg,
                       "the crisis help needs %d screens at %dx%d; it fits one on a larger panel",
                       app_page_count(a), a->m.w, a->m.h);
            report(ctx, lang->help, l, "$.blocks", a->m.h * a->m.mm_per_px >= 100, msg);
        }
        /* One screen, but only without the lines' notes (which are not
         * crisis lines, Spanish access): said, so the names can be shortened. */
        if (a->cache.crisis_bare) {
            str_format(msg, sizeof msg,
                       "the help lines fit one screen at %dx%d only without their notes: shorten "
                       "the longest names or notes",
                       a->m.w, a->m.h);
            report(ctx, lang->help, l, "$.blocks", false, msg);
        }
    }
    session_reset(a);
}
