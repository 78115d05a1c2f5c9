/* Line wrapping and pagination at several screen sizes, without a display. */
#include <string.h>

#include "check.h"
#include "core/layout.h"
#include "core/util.h"
#include "fake_metrics.h"

static void test_wrap(void)
{
    line_span l[16];
    const char *s = "one two three four five six";
    /* px 20: 10 px a character; 100 px fits "one two" (7 chars) but not "one two three". */
    int n = wrap_text(&FAKE_METRICS, s, (int)strlen(s), 20, FONT_REGULAR, 100, l, 16);
    CHECK(n == 3); /* "one two", "three four" (exactly 100 px), "five six" */
    CHECK(l[0].off == 0 && l[0].len == 7);
    for (int i = 0; i < n; i++)
        CHECK(l[i].w <= 100);
    /* Reassembling the lines gives every word back in order. */
    char joined[64] = "";
    for (int i = 0; i < n; i++) {
        char piece[32];
        str_format(piece, sizeof piece, "%s%.*s", i ? " " : "", l[i].len, s + l[i].off);
        str_append(joined, sizeof joined, piece);
    }
    CHECK(strcmp(joined, s) == 0);

    /* A word longer than the line is broken between code points, never mid-character. */
    const char *longword = "ñññññññññññññññññññññññ";
    n = wrap_text(&FAKE_METRICS, longword, (int)strlen(longword), 20, FONT_REGULAR, 100, l, 16);
    CHECK(n == 3);
    for (int i = 0; i < n && i < 16; i++) {
        CHECK(l[i].w <= 100);
        CHECK(utf8_valid(longword + l[i].off, (size_t)l[i].len));
    }
    /* A long address breaks after its "@" (or "."), not in the middle of a word. */
    const char *email = "familia.prueba@example.org";
    n = wrap_text(&FAKE_METRICS, email, (int)strlen(email), 20, FONT_REGULAR, 200, l, 16);
    CHECK(n == 2 && l[0].len == 15 && memcmp(email + l[1].off, "example.org", 11) == 0);
    /* Explicit newlines break lines; empty text has no lines. */
    n = wrap_text(&FAKE_METRICS, "a\nb", 3, 20, FONT_REGULAR, 1000, l, 16);
    CHECK(n == 2);
    CHECK(wrap_text(&FAKE_METRICS, "", 0, 20, FONT_REGULAR, 100, l, 16) == 0);
    CHECK(wrap_text(&FAKE_METRICS, "   ", 3, 20, FONT_REGULAR, 100, l, 16) == 0);
}

static void test_metrics(void)
{
    const int sizes[][2] = {{1920, 1080}, {1080, 1920}, {1280, 720}, {2560, 1440}, {800, 1280}};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        metrics m = metrics_for_size(sizes[i][0], sizes[i][1]);
        int shorter = sizes[i][0] < sizes[i][1] ? sizes[i][0] : sizes[i][1];
        /* 80 px on a 1080-px side, in proportion elsewhere. */
        CHECK(m.button_h * 1080 >= 80 * shorter);
        CHECK(m.col_x >= m.margin && m.col_x + m.col_w <= m.w - m.margin);
        CHECK(m.body_px >= 20);
    }
}

static content_block para(const char *t)
{
    return (content_block){.type = BLOCK_PARAGRAPH, .text = t};
}

static void check_layout_invariants(const doc_layout *dl, const content_doc *doc, const char *where)
{
    CHECK_MSG(dl->page_count >= 1, "%s", where);
    int headings_seen = 0;
    for (int i = 0; i < dl->row_count; i++) {
        const doc_row *r = &dl->rows[i];
        /* Nothing runs past the bottom of its page or the side of the column. */
        CHECK_MSG(r->y + r->h <= dl->area_h, "%s: row %d ends at %d of %d", where, i, r->y + r->h, dl->area_h);
        CHECK_MSG(r->x + r->w <= dl->area_w, "%s: row %d is %d wide of %d", where, i, r->x + r->w, dl->area_w);
        CHECK(r->page >= 0 && r->page < dl->page_count);
        if (i > 0)
            CHECK(r->page >= dl->rows[i - 1].page);
        /* A heading starts its page (one idea a page) and is never last on one. */
        if (r->kind == ROW_TEXT && r->role == ROLE_HEADING && (i == 0 || dl->rows[i - 1].piece != r->piece)) {
            headings_seen++;
            CHECK_MSG(r->y == 0, "%s: heading row %d at y %d", where, i, r->y);
        }
        if (r->keep_with_next && i + 1 < dl->row_count && r->kind == ROW_TEXT && r->role == ROLE_HEADING)
            CHECK_MSG(dl->rows[i + 1].page == r->page || dl->rows[i + 1].kind == ROW_SPACE,
                      "%s: heading row %d left alone at a page end", where, i);
    }
    int headings = 0;
    for (int b = 0; b < doc->block_count; b++)
        headings += doc->blocks[b].type == BLOCK_HEADING;
    CHECK(headings_seen == headings);
    CHECK(dl->page_count >= headings);
}

static void test_pagination(void)
{
    static const char *long_text =
        "Families often feel shock, anger, sadness or guilt. These feelings are normal. Take a breath "
        "before you talk. Calm, respectful curiosity helps more than questions fired one after another. "
        "Recovery takes time, and setbacks are part of it, not a failure. Support for yourself matters too.";
    content_block blocks[40];
    int n = 0;
    const char *items[] = {"Patience", "Learning about self-harm", "Noticing progress over months"};
    for (int s = 0; s < 6; s++) {
        blocks[n++] = (content_block){.type = BLOCK_HEADING, .text = "A heading that says what this page is about"};
        for (int p = 0; p < s; p++)
            blocks[n++] = para(long_text);
        blocks[n++] = (content_block){.type = BLOCK_LIST, .items = items, .item_count = 3};
        blocks[n++] = (content_block){.type = BLOCK_CALLOUT, .label = "Try saying", .text = "I'm here for you."};
    }
    blocks[n++] = (content_block){.type = BLOCK_HELP, .label = "988 Lifeline", .number = "988", .text = "Call or text."};
    content_doc doc = {.id = "t", .title = "T", .blocks = blocks, .block_count = n};
    const int sizes[][2] = {{1920, 1080}, {1080, 1920}, {1280, 720}, {1024, 768}};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        metrics m = metrics_for_size(sizes[i][0], sizes[i][1]);
        int area_h = m.h * 6 / 10;
        doc_layout dl = {0};
        CHECK(doc_layout_build(&dl, &doc, "Reviewed by Clinical director, November 1, 2026",
                               &FAKE_METRICS, &m, m.col_w, area_h));
        char where[64];
        str_format(where, sizeof where, "%dx%d", sizes[i][0], sizes[i][1]);
        check_layout_invariants(&dl, &doc, where);
        /* Long sections continue on a following page: more pages than headings. */
        CHECK_MSG(dl.page_count > 6, "%s: %d pages", where, dl.page_count);
        /* Boxes (callouts, help) that fit on a page are never split. */
        for (int r = 1; r < dl.row_count; r++)
            if (dl.rows[r].box >= 0 && dl.rows[r].box == dl.rows[r - 1].box)
                CHECK_MSG(dl.rows[r].page == dl.rows[r - 1].page, "%s: box %d split", where, dl.rows[r].box);
        /* Drawing a page produces items inside the area, none overlapping. */
        draw_list *out = draw_list_create(2048, 256, 16, 4096);
        for (int p = 0; p < dl.page_count; p++) {
            draw_list_reset(out);
            doc_layout_draw(&dl, p, m.col_x, 100, &m, out);
            CHECK(out->item_count > 0);
            for (int a = 0; a < out->item_count; a++) {
                CHECK(rect_inside(out->items[a].r, (rect){m.col_x, 100, m.col_w, area_h}));
                for (int b = a + 1; b < out->item_count; b++)
                    CHECK_MSG(!rect_overlaps(out->items[a].r, out->items[b].r), "%s page %d items %d/%d", where, p, a, b);
            }
        }
        /* The reviewed line is on the last page. */
        draw_list_reset(out);
        doc_layout_draw(&dl, dl.page_count - 1, 0, 0, &m, out);
        const draw_item *last = &out->items[out->item_count - 1];
        CHECK(last->len > 11 && memcmp(last->text, "Reviewed by", 11) == 0);
        draw_list_destroy(out);
        doc_layout_free(&dl);
    }
}

static void test_page_break(void)
{
    content_block blocks[] = {para("First page."), {.type = BLOCK_PAGE_BREAK}, para("Second page.")};
    content_doc doc = {.id = "t", .blocks = blocks, .block_count = 3};
    metrics m = metrics_for_size(1920, 1080);
    doc_layout dl = {0};
    doc_layout_build(&dl, &doc, NULL, &FAKE_METRICS, &m, m.col_w, 600);
    CHECK(dl.page_count == 2);
    doc_layout_free(&dl);
}

static void test_contrast(void)
{
    /* Every text colour on the background it is drawn on: WCAG AA, 4.5:1. */
    const color pairs[][2] = {
        {THEME.text, THEME.bg},        {THEME.muted, THEME.bg},          {THEME.on_accent, THEME.accent},
        {THEME.on_bar, THEME.bar},     {THEME.tile_title, THEME.tile},   {THEME.muted, THEME.tile},
        {THEME.callout_label, THEME.callout}, {THEME.text, THEME.callout}, {THEME.avoid_label, THEME.avoid}, {THEME.text, THEME.avoid}, {THEME.help_number, THEME.help_card},
        {THEME.text, THEME.desk},      {THEME.on_button2, THEME.button2}, {THEME.tile_title, THEME.bg},
        {THEME.accent, THEME.bg},      {THEME.accent, THEME.card},       {THEME.tile_title, THEME.card},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
        CHECK_MSG(color_contrast(pairs[i][0], pairs[i][1]) >= 4.5, "pair %zu: %.2f", i,
                  color_contrast(pairs[i][0], pairs[i][1]));
    CHECK(color_contrast((color){0, 0, 0, 255}, (color){255, 255, 255, 255}) > 20.9);
}

int main(void)
{
    test_wrap();
    test_metrics();
    test_pagination();
    test_page_break();
    test_contrast();
    return check_done("test_layout");
}
