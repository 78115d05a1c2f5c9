/* Page-flow warnings at one screen size (see lint_pages.h). */
#include "lint_pages.h"

#include <string.h>

#include "core/util.h"

typedef struct {
    int first, last; /* pages (0-based) the block shows on; -1 when not seen */
} span;

static bool inside(const char *p, const char *s)
{
    if (!s || !p)
        return false;
    size_t n = strlen(s);
    return p >= s && (p < s + n || (n == 0 && p == s));
}

/* The block a drawn text comes from, or -1 (the title, the page count...). */
static int block_of(const content_doc *doc, const char *text)
{
    for (int b = 0; b < doc->block_count; b++) {
        const content_block *bl = &doc->blocks[b];
        if (inside(text, bl->text) || inside(text, bl->label) || inside(text, bl->number) ||
            inside(text, bl->alt))
            return b;
        for (int i = 0; i < bl->item_count; i++)
            if (inside(text, bl->items[i]))
                return b;
    }
    return -1;
}

static void see(span *spans, int b, int page)
{
    if (spans[b].first < 0 || page < spans[b].first)
        spans[b].first = page;
    if (page > spans[b].last)
        spans[b].last = page;
}

static void check_doc(app *a, const content_doc *doc, int lang, int d, int w, int h,
                      app_fit_fn report, void *ctx)
{
    span spans[CONTENT_MAX_BLOCKS];
    for (int b = 0; b < doc->block_count; b++)
        spans[b] = (span){-1, -1};
    for (int page = 0;; page++) {
        bool shown = d < 0 ? app_show_crisis(a, lang, page) : app_show_doc(a, lang, d, page);
        if (!shown)
            break;
        const draw_list *dl = app_frame(a);
        for (int i = 0; i < dl->item_count; i++) {
            int b = block_of(doc, dl->items[i].text);
            if (b >= 0)
                see(spans, b, page);
        }
    }
    char jpath[32], msg[400];
    int heading = -1; /* the current section's heading block */
    for (int b = 0; b < doc->block_count; b++) {
        const content_block *bl = &doc->blocks[b];
        if (bl->type == BLOCK_HEADING)
            heading = b;
        if (spans[b].last < 0)
            continue;
        str_format(jpath, sizeof jpath, "$.blocks[%d]", b);
        int next = b + 1;
        while (next < doc->block_count && spans[next].first < 0 &&
               doc->blocks[next].type == BLOCK_PAGE_BREAK)
            next++;
        if (bl->type == BLOCK_CALLOUT && bl->avoid && next < doc->block_count &&
            doc->blocks[next].type != BLOCK_HEADING && spans[next].first > spans[b].last) {
            str_format(msg, sizeof msg,
                       "page %d ends on these words not to say at %dx%d, and what follows "
                       "($.blocks[%d]) is on the next page: a reader may stop there; shorten "
                       "the section so they stay together",
                       spans[b].last + 1, w, h, next);
            report(ctx, doc, lang, jpath, false, msg);
        }
        if (bl->type == BLOCK_HELP && heading >= 0 && spans[heading].first >= 0 &&
            spans[b].first != spans[heading].last) {
            str_format(msg, sizeof msg,
                       "this help line is on page %d at %dx%d, apart from its heading "
                       "($.blocks[%d]) on page %d: keep help numbers with their heading; "
                       "shorten the section or split it",
                       spans[b].first + 1, w, h, heading, spans[heading].last + 1);
            report(ctx, doc, lang, jpath, false, msg);
        }
    }
}

void lint_page_flow(app *a, const content_set *set, int w, int h, app_fit_fn report, void *ctx)
{
    for (int l = 0; l < set->lang_count; l++) {
        const content_lang *lang = &set->langs[l];
        for (int d = 0; d < lang->doc_count; d++)
            check_doc(a, &lang->docs[d], l, d, w, h, report, ctx);
        if (lang->help)
            check_doc(a, lang->help, l, -1, w, h, report, ctx);
    }
    app_show_home(a, 0, 0);
}
