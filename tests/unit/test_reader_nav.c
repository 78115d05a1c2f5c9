/* Links between documents (issue 13): a link block's button in the layout
 * (size, target, kept with the text before it), and the shipped content's
 * cross-references, every one a link that names a document and carries its
 * title in the same language. Without a display. */
#define _GNU_SOURCE /* nftw in content_tree.h */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "content_tree.h"
#include "content/load.h"
#include "core/layout.h"
#include "core/reader_parts.h"
#include "core/util.h"
#include "fake_metrics.h"

static content_block para(const char *t)
{
    return (content_block){.type = BLOCK_PARAGRAPH, .text = t};
}

static content_block link_to(int doc, const char *title)
{
    return (content_block){.type = BLOCK_LINK,
                           .target = "target",
                           .link_doc = doc,
                           .text = title,
                           .link_icon = "warning"};
}

static void test_link_button(void)
{
    const int sizes[][2] = {{800, 480}, {1920, 1080}, {1080, 1920}};
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        metrics m = metrics_for_size(sizes[s][0], sizes[s][1]);
        content_block blocks[] = {{.type = BLOCK_HEADING, .text = "When you notice signs"},
                                  para("Talk with your loved one calmly."),
                                  link_to(7, "Talking with your loved one")};
        content_doc doc = {.id = "t", .blocks = blocks, .block_count = 3};
        doc_layout dl = {0};
        CHECK(doc_layout_build(&dl, &doc, NULL, &FAKE_METRICS, &m, m.col_w, m.h / 2));
        int link = -1;
        for (int i = 0; i < dl.row_count; i++)
            if (dl.rows[i].kind == ROW_LINK)
                link = i;
        CHECK(link >= 0);
        if (link < 0) {
            doc_layout_free(&dl);
            continue;
        }
        const doc_row *r = &dl.rows[link];
        /* A target at least the panel's size, inside the column. */
        CHECK(r->h >= m.button_h && r->w >= m.min_button_w && r->w <= m.col_w);
        CHECK(r->link_doc == 7 && strcmp(r->text, "Talking with your loved one") == 0);
        /* The text before it goes along to its page. */
        for (int i = 0; i < link; i++)
            if (dl.rows[i].block == 1)
                CHECK(dl.rows[i].keep_with_next && dl.rows[i].page == r->page);
        draw_list *out = draw_list_create(512, 64, 16, 4096);
        doc_layout_draw(&dl, r->page, m.col_x, 100, &m, out);
        int found = 0;
        for (int t = 0; t < out->target_count; t++) {
            const draw_target *tg = &out->targets[t];
            if (tg->act != ACT_LINK)
                continue;
            found++;
            CHECK(tg->arg == 7 && tg->r.h >= m.button_h && tg->r.y == 100 + r->y);
            /* Its label is a harness item over the target (tap_text finds it). */
            int labels = 0;
            for (int i = 0; i < out->item_count; i++) {
                const draw_item *it = &out->items[i];
                if (it->len == r->len && memcmp(it->text, r->text, (size_t)r->len) == 0) {
                    labels++;
                    CHECK(rect_inside(it->r, tg->r));
                }
            }
            CHECK(labels == 1);
        }
        CHECK(found == 1);
        draw_list_destroy(out);
        doc_layout_free(&dl);
    }
}

/* A page nearly full: the link does not start the next page alone. */
static void test_link_kept_with_text(void)
{
    metrics m = metrics_for_size(800, 480);
    static char filler[900];
    memset(filler, 0, sizeof filler);
    for (int i = 0; i < 60; i++)
        str_append(filler, sizeof filler, "word ten ");
    content_block blocks[] = {para(filler), para("Short lead-in to the link:"),
                              link_to(2, "Recognizing the signs")};
    content_doc doc = {.id = "t", .blocks = blocks, .block_count = 3};
    for (int area_h = 150; area_h <= 400; area_h += 7) {
        doc_layout dl = {0};
        doc_layout_build(&dl, &doc, NULL, &FAKE_METRICS, &m, m.col_w, area_h);
        int lead_page = -1, link_page = -2;
        for (int i = 0; i < dl.row_count; i++) {
            if (dl.rows[i].block == 1 && dl.rows[i].kind == ROW_TEXT)
                lead_page = dl.rows[i].page;
            if (dl.rows[i].kind == ROW_LINK)
                link_page = dl.rows[i].page;
        }
        char where[64];
        str_format(where, sizeof where, "area %d px", area_h);
        if (lead_page != link_page)
            fprintf(stderr, "%s: lead-in on page %d, link on page %d\n", where, lead_page,
                    link_page);
        CHECK(lead_page == link_page);
        doc_layout_free(&dl);
    }
}

/* The shipped content: every link names a document and is labelled with its
 * title in the same language; no cross-reference is left as "see X on Home". */
static void test_shipped_links(void)
{
    content_set *set = shipped_content();
    if (!set)
        return;
    int links = 0;
    const char *stale[] = {"on Home", "en Inicio", "Home screen", "pantalla de grupos",
                           "Support groups screen"};
    for (int l = 0; l < set->lang_count; l++) {
        const content_lang *lang = &set->langs[l];
        for (int d = 0; d < lang->doc_count; d++) {
            const content_doc *doc = &lang->docs[d];
            for (int b = 0; b < doc->block_count; b++) {
                const content_block *blk = &doc->blocks[b];
                if (blk->type == BLOCK_LINK) {
                    links++;
                    CHECK(blk->link_doc >= 0 && blk->link_doc < lang->doc_count);
                    if (blk->link_doc >= 0 && blk->link_doc < lang->doc_count) {
                        CHECK(strcmp(blk->target, lang->docs[blk->link_doc].id) == 0);
                        CHECK(blk->text == lang->docs[blk->link_doc].title);
                    }
                    continue;
                }
                const char *texts[16] = {blk->text, blk->label};
                int n = 2;
                for (int i = 0; i < blk->item_count && n < 16; i++)
                    texts[n++] = blk->items[i];
                for (int i = 0; i < n; i++)
                    for (size_t k = 0; texts[i] && k < sizeof stale / sizeof stale[0]; k++)
                        if (strstr(texts[i], stale[k])) {
                            fprintf(stderr, "%s/%s: a cross-reference in words: \"%s\"\n",
                                    lang->code, doc->id, texts[i]);
                            CHECK(false);
                        }
            }
        }
    }
    CHECK(links >= 12); /* six in each language */
    printf("shipped content: %d links\n", links);
    content_destroy(set);
}

/* A made-up module: text before the first heading (part 1), then three
 * headed parts; each part opens the page its first row is on. */
static void test_part_pages_made_up(void)
{
    metrics m = metrics_for_size(800, 480);
    static char filler[700];
    filler[0] = '\0';
    for (int i = 0; i < 40; i++)
        str_append(filler, sizeof filler, "words fill ");
    content_block blocks[] = {para("Before any heading."),
                              {.type = BLOCK_HEADING, .text = "Second"},
                              para(filler),
                              {.type = BLOCK_HEADING, .text = "Third"},
                              para(filler),
                              {.type = BLOCK_HEADING, .text = "Fourth"},
                              para("Short.")};
    content_doc doc = {.id = "t", .blocks = blocks, .block_count = 7};
    CHECK(content_section_count(&doc) == 4);
    doc_layout dl = {0};
    CHECK(doc_layout_build(&dl, &doc, NULL, &FAKE_METRICS, &m, m.col_w, 200));
    CHECK(dl.page_count >= 3);
    CHECK(doc_part_page(&doc, &dl, 1) == 0);
    CHECK(doc_part_heading(&doc, 1) == NULL);
    const char *names[] = {NULL, NULL, "Second", "Third", "Fourth"};
    for (int s = 2; s <= 4; s++) {
        int heading_page = -1;
        for (int r = 0; r < dl.row_count && heading_page < 0; r++)
            if (dl.rows[r].block >= 0 && blocks[dl.rows[r].block].text == names[s])
                heading_page = dl.rows[r].page;
        CHECK_MSG(doc_part_page(&doc, &dl, s) == heading_page, "part %d: page %d, heading on %d", s,
                  doc_part_page(&doc, &dl, s), heading_page);
        CHECK(strcmp(doc_part_heading(&doc, s), names[s]) == 0);
    }
    /* Pages only grow from part to part; no such part: -1. */
    CHECK(doc_part_page(&doc, &dl, 2) <= doc_part_page(&doc, &dl, 3));
    CHECK(doc_part_page(&doc, &dl, 3) < doc_part_page(&doc, &dl, 4));
    CHECK(doc_part_page(&doc, &dl, 0) == -1 && doc_part_page(&doc, &dl, 5) == -1);
    doc_layout_free(&dl);
}

/* The shipped modules at the 7-inch and the 1080p size: each part opens the
 * first page that shows any of its text (found page by page here), and that
 * page shows its heading. */
static void test_part_pages_shipped(void)
{
    content_set *set = shipped_content();
    if (!set)
        return;
    const int sizes[][2] = {{800, 480}, {1920, 1080}};
    int checked = 0;
    for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
        metrics m = metrics_for_size(sizes[z][0], sizes[z][1]);
        int area_h = m.h - 3 * m.button_h - 4 * m.gap - m.margin;
        for (int l = 0; l < set->lang_count; l++) {
            const content_lang *lang = &set->langs[l];
            for (int d = 0; d < lang->doc_count; d++) {
                const content_doc *doc = &lang->docs[d];
                doc_layout dl = {0};
                CHECK(doc_layout_build(&dl, doc, NULL, &FAKE_METRICS, &m, m.col_w, area_h));
                int parts = content_section_count(doc);
                for (int s = 1; s <= parts; s++) {
                    int want = -1;
                    bool heading_there = doc_part_heading(doc, s) == NULL;
                    for (int p = 0; p < dl.page_count && want < 0; p++)
                        for (int r = dl.page_first[p]; r < dl.page_first[p + 1]; r++) {
                            const doc_row *row = &dl.rows[r];
                            if (row->kind == ROW_SPACE || row->block < 0 ||
                                content_block_section(doc, row->block) != s)
                                continue;
                            want = p;
                            heading_there |= doc->blocks[row->block].type == BLOCK_HEADING;
                        }
                    CHECK_MSG(doc_part_page(doc, &dl, s) == want && heading_there,
                              "%dx%d %s/%s part %d: page %d, first shown on %d (heading %d)", m.w,
                              m.h, lang->code, doc->id, s, doc_part_page(doc, &dl, s), want,
                              heading_there);
                    checked++;
                }
                doc_layout_free(&dl);
            }
        }
    }
    CHECK(checked > 100);
    printf("part pages: %d parts checked\n", checked);
    content_destroy(set);
}

int main(void)
{
    test_part_pages_made_up();
    test_part_pages_shipped();
    test_link_button();
    test_link_kept_with_text();
    test_shipped_links();
    return check_done("test_reader_nav");
}
