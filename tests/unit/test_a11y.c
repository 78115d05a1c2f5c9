/* Issue 14's logic without a display: take-home links and their QR codes in
 * content, WAV headers, sentence splitting for read-aloud, the text steps
 * and the high-contrast theme, and every shipped page fitting 800x480 at 150 %. */
#define _GNU_SOURCE /* nftw in content_tree.h */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "content_tree.h"
#include "content/load.h"
#include "core/layout.h"
#include "core/link.h"
#include "core/readaloud.h"
#include "core/sentences.h"
#include "core/util.h"
#include "core/wav_header.h"
#include "fake_metrics.h"
#include "qr/qr.h"

static void test_links(void)
{
    char why[200];
    const char *good[] = {"https://www.clearviewtreatment.com/", "https://988lifeline.org/",
                          "https://example.org/a/b?x=1&y=%20#top",
                          "https://a-b.example.org:8443/path"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        CHECK_MSG(link_check(good[i], false, why, sizeof why), "%s: %s", good[i], why);
    const char *bad[] = {"http://988lifeline.org/",   "https://",
                         "https://localhost/",        "https://user:pw@evil.org/",
                         "https://exa mple.org/",     "https://example.org/ñ",
                         "https://-bad.org/",         "https://bad-.org/",
                         "https://example..org/",     "https://example.org/%zz",
                         "https://example.org:port/", "javascript:alert(1)",
                         "ftp://example.org/",        "",
                         "tel:+13234021622"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK_MSG(!link_check(bad[i], false, why, sizeof why), "accepted %s", bad[i]);
    CHECK(link_check("tel:+13234021622", true, why, sizeof why));
    CHECK(!link_check("tel:323-402-1622", true, why, sizeof why));
    CHECK(!link_check("tel:+1", true, why, sizeof why));
    char longurl[260] = "https://example.org/";
    while (strlen(longurl) < 201)
        str_append(longurl, sizeof longurl, "a");
    CHECK(!link_check(longurl, false, why, sizeof why) && strstr(why, "200"));
}

static void test_qr(void)
{
    qr_code q;
    CHECK(qr_encode("https://988lifeline.org/", &q));
    CHECK(q.size == 25); /* version 2 at level M */
    /* The three finder patterns: dark 7x7 rings in three corners. */
    const int corners[3][2] = {{0, 0}, {q.size - 7, 0}, {0, q.size - 7}};
    for (int c = 0; c < 3; c++) {
        int x0 = corners[c][0], y0 = corners[c][1];
        CHECK(qr_dark(&q, x0, y0) && qr_dark(&q, x0 + 6, y0 + 6) && !qr_dark(&q, x0 + 1, y0 + 1) &&
              qr_dark(&q, x0 + 3, y0 + 3));
    }
    CHECK(qr_encode("tel:+13234021622", &q) && q.size == 25); /* 16 bytes: over version 1-M's 14 */
    char big[202];
    memset(big, 'a', 201);
    big[201] = '\0';
    CHECK(!qr_encode(big, &q) && q.size == 0);
    CHECK(!qr_encode("", &q));
    memset(big, 'a', 200);
    big[200] = '\0';
    CHECK(qr_encode(big, &q) && q.size <= QR_MAX_MODULES);
    /* The loader sizes a code without encoding it (the renderer encodes it
     * when first drawn): the size must be the one the encoder makes, at
     * every length. */
    CHECK(qr_size_for_length(0) == 0 && qr_size_for_length(201) == 0);
    for (size_t len = 1; len <= 200; len++) {
        memset(big, "ah:/7."[len % 6], len);
        big[len] = '\0';
        CHECK(qr_encode(big, &q) && qr_size_for_length(len) == q.size);
    }
}

static void put32(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)v, p[1] = (unsigned char)(v >> 8), p[2] = (unsigned char)(v >> 16),
    p[3] = (unsigned char)(v >> 24);
}

static void test_wav(void)
{
    unsigned char w[44 + 200] = "RIFF....WAVEfmt ";
    put32(w + 16, 16);
    w[20] = 1, w[22] = 1; /* PCM, mono */
    put32(w + 24, 8000);  /* Hz */
    put32(w + 28, 16000);
    w[32] = 2, w[34] = 16; /* 16 bits */
    memcpy(w + 36, "data", 4);
    put32(w + 40, 160); /* 80 samples: 10 ms */
    wav_info info;
    char why[160];
    CHECK(wav_header_read(w, sizeof w, &info, why, sizeof why));
    CHECK(info.rate == 8000 && info.channels == 1 && info.bits == 16 && info.ms == 10 &&
          info.data_offset == 44);
    put32(w + 40, 100000); /* longer than the file */
    CHECK(!wav_header_read(w, sizeof w, &info, why, sizeof why) && strstr(why, "cut short"));
    put32(w + 40, 160);
    w[20] = 3; /* float */
    CHECK(!wav_header_read(w, sizeof w, &info, why, sizeof why) && strstr(why, "PCM"));
    CHECK(!wav_header_read("OggS", 4, &info, why, sizeof why));
    CHECK(!wav_header_read(w, 12, &info, why, sizeof why));
}

static void test_sentences(void)
{
    sentence_span s[8];
    const char *t =
        "You are not alone. Call 988 now! Is it 3.5 hours? ¿Estás bien? \"Yes,\" she said.";
    int n = sentence_split(t, (int)strlen(t), s, 8);
    CHECK(n == 5);
    CHECK(s[0].off == 0 && s[0].len == 18);
    CHECK(strncmp(t + s[1].off, "Call 988 now!", (size_t)s[1].len) == 0 && s[1].len == 13);
    CHECK(strncmp(t + s[2].off, "Is it 3.5 hours?", (size_t)s[2].len) == 0 && s[2].len == 16);
    CHECK(strncmp(t + s[3].off, "¿Estás bien?", (size_t)s[3].len) == 0);
    CHECK(strncmp(t + s[4].off, "\"Yes,\" she said.", (size_t)s[4].len) == 0);
    CHECK(sentence_split("No full stop", 12, s, 8) == 1 && s[0].len == 12);
    CHECK(sentence_split("  ", 2, s, 8) == 0);
    const char *many = "A. B. C. D.";
    CHECK(sentence_split(many, (int)strlen(many), s, 2) == 4); /* counts beyond max */
}

static void test_theme_and_steps(void)
{
    const theme *themes[] = {&THEME_STANDARD, &THEME_HIGH_CONTRAST};
    for (int t = 0; t < 2; t++) {
        const theme *th = themes[t];
        double need = t ? 7.0 : 4.5;
        /* Every text colour on every background it is drawn on. */
        struct {
            color fg, bg;
        } pairs[] = {{th->text, th->bg},
                     {th->muted, th->bg},
                     {th->on_accent, th->accent},
                     {th->on_bar, th->bar},
                     {th->tile_title, th->tile},
                     {th->text, th->tile},
                     {th->text, th->callout},
                     {th->callout_label, th->callout},
                     {th->text, th->avoid},
                     {th->avoid_label, th->avoid},
                     {th->help_number, th->help_card},
                     {th->text, th->help_card},
                     {th->text, th->desk},
                     {th->text, th->card},
                     {th->on_button2, th->button2},
                     {th->accent, th->bg},
                     {th->accent, th->card}};
        for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
            CHECK_MSG(color_contrast(pairs[i].fg, pairs[i].bg) >= need, "theme %d pair %zu: %.2f",
                      t, i, color_contrast(pairs[i].fg, pairs[i].bg));
    }
    CHECK(!theme_is_high_contrast());
    theme_use(true);
    CHECK(theme_is_high_contrast() && THEME.bg.r == 0xFF && THEME.text.r == 0x10);
    theme_use(false);
    CHECK(!theme_is_high_contrast() && THEME.bg.r == THEME_STANDARD.bg.r);

    metrics base = metrics_for_size(1920, 1080);
    for (int i = 0; i < TEXT_STEP_COUNT; i++) {
        metrics m = metrics_for_text(1920, 1080, TEXT_STEPS[i]);
        CHECK(m.text_percent == TEXT_STEPS[i]);
        /* Text grows in proportion (rounding aside); targets never shrink; margins stay. */
        CHECK(abs(m.body_px * 100 - base.body_px * TEXT_STEPS[i]) <= 100);
        CHECK(m.button_h >= base.button_h && m.margin == base.margin && m.gap == base.gap);
        CHECK(m.button_h > m.button_px);
    }
    /* On a 7" 800x480 panel text is already at its 5 mm floor at 100 % (issue
     * 13): a step grows it only while a page still holds four lines, so the
     * steps never shrink text and never go past the one asked for. */
    base = metrics_for_size(800, 480);
    int last = 0;
    for (int i = 0; i < TEXT_STEP_COUNT; i++) {
        metrics m = metrics_for_text(800, 480, TEXT_STEPS[i]);
        CHECK(m.text_percent >= 100 && m.text_percent <= TEXT_STEPS[i] && m.text_percent >= last);
        last = m.text_percent;
        CHECK(abs(m.body_px * 100 - base.body_px * m.text_percent) <= 100);
        CHECK(m.button_h >= base.button_h && m.margin == base.margin && m.gap == base.gap);
        CHECK(m.button_h > m.button_px);
    }
    CHECK(TEXT_STEPS[0] == 100 && TEXT_STEPS[TEXT_STEP_COUNT - 1] == 150);
}

/* A reading column on a 7-inch 800x480 panel at 150 %: the top bar, the
 * navigation and the crisis bar (three button heights and their gaps) come
 * off the height. Every shipped page lays out within the page count limit,
 * nothing is drawn past the page, no line is wider than the column, and a
 * box is split over pages only when it is taller than a page. (The fit of
 * whole screens at every step is checked through the app: test_app.c and the
 * harness walks.) */
static void test_fit_largest_step(void)
{
    content_set *set = shipped_content();
    if (!set)
        return;
    const int sizes[][2] = {{800, 480}, {480, 800}};
    for (int z = 0; z < 2; z++) {
        metrics m = metrics_for_text(sizes[z][0], sizes[z][1], 150);
        int area_h = m.h - 3 * m.button_h - 5 * m.gap - 2 * m.margin;
        CHECK(area_h > 4 * FAKE_METRICS.line_height(NULL, m.body_px, FONT_REGULAR));
        for (int l = 0; l < set->lang_count; l++) {
            const content_lang *lang = &set->langs[l];
            for (int d = 0; d < lang->doc_count; d++) {
                doc_layout dl = {0};
                CHECK(doc_layout_build(&dl, &lang->docs[d], "Reviewed by a clinician",
                                       &FAKE_METRICS, &m, m.col_w, area_h));
                CHECK_MSG(!dl.truncated, "%s/%s truncated at %dx%d", lang->code, lang->docs[d].id,
                          m.w, m.h);
                for (int r = 0; r < dl.row_count; r++) {
                    const doc_row *row = &dl.rows[r];
                    CHECK_MSG(row->y + row->h <= area_h, "%s/%s row %d past the page", lang->code,
                              lang->docs[d].id, r);
                    CHECK(row->x + row->w <= m.col_w);
                    /* A box runs over a page only when it is taller than a whole page,
                     * or where it may (split_ok) because moving it whole would leave
                     * the page under-filled; it continues, drawn as a box, on the next. */
                    if (row->box >= 0 && r > 0 && dl.rows[r - 1].box == row->box &&
                        dl.rows[r - 1].page != row->page) {
                        int box_h = 0, used = 0, start = r - 1;
                        for (int k = 0; k < dl.row_count; k++)
                            box_h += dl.rows[k].box == row->box ? dl.rows[k].h : 0;
                        /* How full the page was where the box's chain (a heading
                         * kept with it) began: what is drawn, not spacing. */
                        while (start > 0 && dl.rows[start - 1].keep_with_next &&
                               dl.rows[start - 1].page == row[-1].page)
                            start--;
                        for (int k = start - 1; k >= 0 && !used && dl.rows[k].page == row[-1].page;
                             k--)
                            if (dl.rows[k].kind != ROW_SPACE && dl.rows[k].h > 0)
                                used = dl.rows[k].y + dl.rows[k].h;
                        CHECK_MSG(box_h > area_h || (row->split_ok &&
                                                     used * 100 < area_h * LAYOUT_MIN_FILL_PERCENT),
                                  "%s/%s box split though it fits a page", lang->code,
                                  lang->docs[d].id);
                    }
                }
                doc_layout_free(&dl);
            }
        }
    }
    content_destroy(set);
}

/* The take-home codes at the end of a document: caption, code, label beside
 * it, all on one page, inside the area, at every text step; drawn as one
 * CMD_QR each, carrying the link. */
static void test_take_home_layout(void)
{
    content_set *set = shipped_content();
    if (!set)
        return;
    const int sizes[][2] = {{800, 480}, {480, 800}, {1920, 1080}, {1080, 1920}};
    draw_list *out = draw_list_create(4000, 1000, 200, 1 << 16);
    int codes_seen = 0;
    for (int z = 0; z < 4; z++)
        for (int step = 0; step < TEXT_STEP_COUNT; step++) {
            metrics m = metrics_for_text(sizes[z][0], sizes[z][1], TEXT_STEPS[step]);
            int area_h = m.h - 3 * m.button_h - 5 * m.gap - 2 * m.margin;
            for (int l = 0; l < set->lang_count; l++)
                for (int d = 0; d < set->langs[l].doc_count; d++) {
                    const content_doc *doc = &set->langs[l].docs[d];
                    doc_layout dl = {.take_home = "Take this home: scan with your phone's camera"};
                    CHECK(doc_layout_build(&dl, doc, NULL, &FAKE_METRICS, &m, m.col_w, area_h));
                    int qr_rows = 0;
                    for (int r = 0; r < dl.row_count; r++) {
                        const doc_row *row = &dl.rows[r];
                        CHECK(row->y + row->h <= area_h && row->x + row->w <= m.col_w);
                        if (row->kind != ROW_QR)
                            continue;
                        qr_rows++;
                        CHECK(row->module_px >= 3 && row->module_px <= m.qr_px);
                        /* The caption is on the first code's page; labels beside their code. */
                        if (row->link == &doc->links[0])
                            CHECK(dl.rows[r - 1].role == ROLE_LABEL &&
                                  dl.rows[r - 1].page == row->page);
                        /* Its label beside it, or (no room beside it on a
                         * small panel at a larger step) right under it, on
                         * the same page. */
                        CHECK(r + 1 < dl.row_count && dl.rows[r + 1].page == row->page &&
                              (dl.rows[r + 1].beside ||
                               (row->keep_with_next && dl.rows[r + 1].role == ROLE_HEADING)));
                        draw_list_reset(out);
                        doc_layout_draw(&dl, row->page, m.col_x, 100, &m, out);
                        int found = 0;
                        for (int c = 0; c < out->cmd_count; c++)
                            found +=
                                out->cmds[c].type == CMD_QR &&
                                out->cmds[c].text == row->link->url &&
                                out->cmds[c].r.w == qr_side(row->link->qr_size, row->module_px);
                        CHECK(found == 1);
                    }
                    CHECK(qr_rows == doc->link_count);
                    codes_seen += qr_rows;
                    doc_layout_free(&dl);
                    /* Without a caption, no codes. */
                    doc_layout plain = {0};
                    CHECK(doc_layout_build(&plain, doc, NULL, &FAKE_METRICS, &m, m.col_w, area_h));
                    for (int r = 0; r < plain.row_count; r++)
                        CHECK(plain.rows[r].kind != ROW_QR);
                    doc_layout_free(&plain);
                }
        }
    CHECK(codes_seen > 0);
    /* The module size: 8 px on a 7-inch 800x480 panel, 6 px at 1080p. */
    CHECK(metrics_for_size(800, 480).qr_px == 8 && metrics_for_size(1920, 1080).qr_px == 6);
    draw_list_destroy(out);
    content_destroy(set);
}

/* What is read aloud: a page's sentences in order, numbers as people say
 * them, no "Reviewed by" line, no take-home caption; and the highlight drawn
 * behind exactly the sentence being read. */
static void test_readaloud(void)
{
    static readaloud_page p;
    readaloud_clear(&p);
    const char *t = "Call or text 988. Call 911 if life is in danger. Questions: call "
                    "323-402-1622. In 2019, 20 people came.";
    readaloud_add(&p, t, (int)strlen(t));
    CHECK(p.count == 4);
    CHECK(strcmp(p.buf + p.s[0].off, "Call or text 9 8 8.") == 0);
    CHECK(strcmp(p.buf + p.s[1].off, "Call 9 1 1 if life is in danger.") == 0);
    CHECK(strcmp(p.buf + p.s[2].off, "Questions: call 3 2 3, 4 0 2, 1 6 2 2.") == 0 ||
          strcmp(p.buf + p.s[3].off, "Questions: call 3 2 3, 4 0 2, 1 6 2 2.") == 0);
    CHECK(p.s[0].src == t && p.s[0].src_len == 17);
    const char *texts[READALOUD_MAX_SENTENCES];
    int lens[READALOUD_MAX_SENTENCES];
    readaloud_args(&p, texts, lens);
    CHECK(texts[1] == p.buf + p.s[1].off && lens[1] == (int)strlen(texts[1]));

    content_block blocks[] = {
        {.type = BLOCK_HEADING, .text = "Help now"},
        {.type = BLOCK_PARAGRAPH, .text = "You are not alone. Ask for help."},
        {.type = BLOCK_HELP, .label = "Lifeline", .number = "988", .text = "Any time."}};
    static const unsigned char bits[21 * 21] = {1};
    content_doc doc = {.id = "t",
                       .kind = DOC_HELP,
                       .title = "T",
                       .blocks = blocks,
                       .block_count = 3,
                       .links = {{"https://988lifeline.org/", "Lifeline site", 21, bits}},
                       .link_count = 1};
    metrics m = metrics_for_size(1920, 1080);
    doc_layout dl = {.take_home = "Take this home"};
    CHECK(doc_layout_build(&dl, &doc, "Reviewed by Dr. X", &FAKE_METRICS, &m, m.col_w, 900));
    CHECK(dl.page_count == 1);
    readaloud_clear(&p);
    readaloud_collect(&p, &dl, 0);
    const char *want[] = {"Help now", "You are not alone.", "Ask for help.", "Lifeline",
                          "9 8 8",    "Any time."};
    CHECK(p.count == 6);
    for (int i = 0; i < 6 && i < p.count; i++)
        CHECK_MSG(strcmp(p.buf + p.s[i].off, want[i]) == 0, "sentence %d is \"%s\"", i,
                  p.buf + p.s[i].off);
    /* The highlight: one fill behind "Ask for help." at its place in the line. */
    draw_list *out = draw_list_create(200, 100, 20, 4096);
    dl.highlight = p.s[2].src;
    dl.highlight_len = p.s[2].src_len;
    doc_layout_draw(&dl, 0, 0, 0, &m, out);
    int fills = 0;
    for (int c = 0; c < out->cmd_count; c++) {
        const draw_cmd *cmd = &out->cmds[c];
        if (cmd->type == CMD_FILL && memcmp(&cmd->fg, &THEME.highlight, sizeof(color)) == 0) {
            fills++;
            int px = m.body_px;
            CHECK(cmd->r.x ==
                  FAKE_METRICS.text_width(NULL, "You are not alone. ", 19, px, FONT_REGULAR));
            CHECK(cmd->r.w == FAKE_METRICS.text_width(NULL, "Ask for help.", 13, px, FONT_REGULAR));
        }
        if (cmd->type == CMD_TEXT && cmd->text == blocks[1].text)
            CHECK(memcmp(&cmd->bg, &THEME.highlight, sizeof(color)) == 0);
    }
    CHECK(fills == 1);
    draw_list_destroy(out);
    doc_layout_free(&dl);

    /* A list's label, whole: its number is not a sentence of its own; its
     * spaces trimmed as sentence_split trims; a phone number still read
     * digit by digit; nothing added for an empty label. */
    readaloud_clear(&p);
    const char *part = " 2. Why do people do it? ";
    readaloud_add_whole(&p, part, (int)strlen(part));
    readaloud_add_whole(&p, "  ", 2);
    readaloud_add_whole(&p, "3. Call 323-402-1622", 20);
    CHECK(p.count == 2);
    CHECK(p.count > 0 && strcmp(p.buf + p.s[0].off, "2. Why do people do it?") == 0);
    CHECK(p.count > 0 && p.s[0].src == part + 1 && p.s[0].src_len == 23);
    CHECK(p.count > 1 && strcmp(p.buf + p.s[1].off, "3. Call 3 2 3, 4 0 2, 1 6 2 2") == 0);
    readaloud_clear(&p);
    readaloud_add(&p, part, (int)strlen(part)); /* split, the number stands alone */
    CHECK(p.count == 2);
}

int main(void)
{
    test_links();
    test_qr();
    test_wav();
    test_sentences();
    test_theme_and_steps();
    test_fit_largest_step();
    test_take_home_layout();
    test_readaloud();
    return check_done("a11y");
}
