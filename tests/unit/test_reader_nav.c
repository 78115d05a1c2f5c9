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

int main(void)
{
    test_link_button();
    test_link_kept_with_text();
    test_shipped_links();
    return check_done("test_reader_nav");
}
