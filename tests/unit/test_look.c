/* Issue 13's pieces without a display: the press of a finger (pressed on
 * down, cancelled by a drag off, acting on release inside), the controls'
 * look (contrast from the draw commands), and the one-screen crisis list at
 * the five panel sizes in every shipped language. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "content/load.h"
#include "core/crisis_card.h"
#include "core/icons.h"
#include "core/look.h"
#include "core/press.h"
#include "core/util.h"
#include "fake_metrics.h"

static void test_press(void)
{
    draw_target t[] = {{{0, 0, 100, 100}, ACT_HOME, 0},
                       {{200, 0, 100, 100}, ACT_NEXT, 7},
                       {{50, 50, 20, 20}, ACT_NONE, 0}};
    press_state p;
    draw_target out;
    metrics m = metrics_for_size(800, 480);
    draw_list *dl = draw_list_create(64, 16, 16, 1024);
    /* Down, a wobble inside, up inside: acts once, on what was pressed. */
    CHECK(press_down(&p, t, 2, 210, 10, 1000) && p.pressed && p.on.act == ACT_NEXT);
    draw_list_reset(dl);
    press_overlay(&p, dl, &m);
    CHECK(dl->cmd_count == 5 && dl->cmds[0].r.x == 200 &&
          dl->cmds[0].fg.a < 255); /* tint and ring */
    CHECK(!press_move(&p, 290, 90) && p.pressed);
    CHECK(press_up(&p, 280, 80, &out) && out.act == ACT_NEXT && out.arg == 7);
    CHECK(!p.down && !p.pressed && !press_up(&p, 280, 80, &out)); /* once */
    /* A drag off the target cancels it: lifting back inside does nothing. */
    CHECK(press_down(&p, t, 2, 10, 10, 0));
    CHECK(press_move(&p, 150, 10) && !p.pressed);
    draw_list_reset(dl);
    press_overlay(&p, dl, &m);
    CHECK(dl->cmd_count == 0);
    CHECK(!press_move(&p, 10, 10) && !press_up(&p, 10, 10, &out));
    /* Lifting on another target does not act on either. */
    CHECK(press_down(&p, t, 2, 10, 10, 0) && !press_up(&p, 210, 10, &out));
    /* Down on nothing, or on a target that does nothing (a field), presses nothing. */
    CHECK(!press_down(&p, t, 2, 150, 150, 0) && p.down && !p.pressed);
    CHECK(!press_down(&p, t, 3, 55, 55, 0) && !p.pressed);
    press_cancel(&p);
    CHECK(!p.down);
    draw_list_destroy(dl);
}

/* The colour of the command drawn last over (x, y). */
static color colour_at(const draw_list *dl, int x, int y)
{
    color c = dl->clear;
    for (int i = 0; i < dl->cmd_count; i++)
        if (dl->cmds[i].type == CMD_FILL && rect_contains(dl->cmds[i].r, x, y))
            c = dl->cmds[i].fg;
    return c;
}

static void test_look(void)
{
    metrics m = metrics_for_size(1920, 1080);
    draw_list *dl = draw_list_create(64, 16, 16, 1024);
    const look_kind kinds[] = {LOOK_PRIMARY, LOOK_SECONDARY, LOOK_OPTION, LOOK_OPTION, LOOK_DANGER};
    for (int t = 0; t < 2; t++) {
        theme_use(t == 1);
        for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
            draw_list_reset(dl);
            dl->clear = THEME.bg;
            rect r = {100, 100, 300, 100};
            look_colors c = look_box(dl, r, kinds[k], k == 3, &m);
            /* The edge against the page (3:1), the label against the box (7:1). */
            color edge = colour_at(dl, r.x, r.y + 50), page = colour_at(dl, r.x - 1, r.y + 50);
            CHECK_MSG(color_contrast(edge, page) >= 3.0, "theme %d kind %zu: edge %.2f:1", t, k,
                      color_contrast(edge, page));
            CHECK_MSG(color_contrast(c.fg, c.bg) >= 7.0, "theme %d kind %zu: label %.2f:1", t, k,
                      color_contrast(c.fg, c.bg));
            color inside = colour_at(dl, r.x + r.w / 2, r.y + r.h / 2);
            CHECK(memcmp(&inside, &c.bg, sizeof inside) == 0);
        }
        /* A chosen option does not look like the primary button, nor like an unchosen one. */
        draw_list_reset(dl);
        look_colors chosen = look_box(dl, (rect){0, 0, 100, 100}, LOOK_OPTION, true, &m);
        look_colors plain = look_box(dl, (rect){0, 0, 100, 100}, LOOK_OPTION, false, &m);
        look_colors primary = look_box(dl, (rect){0, 0, 100, 100}, LOOK_PRIMARY, false, &m);
        CHECK(memcmp(&chosen.bg, &primary.bg, sizeof chosen.bg) != 0 &&
              memcmp(&chosen.bg, &plain.bg, sizeof chosen.bg) != 0);
        look_colors off = look_box(dl, (rect){0, 0, 100, 100}, LOOK_DISABLED, false, &m);
        CHECK(memcmp(&off.bg, &primary.bg, sizeof off.bg) != 0 &&
              color_contrast(off.fg, off.bg) >= 4.5);
    }
    theme_use(false);
    draw_list_destroy(dl);
}

/* A card's name without its number repeated (review finding 14): the
 * number as a word goes with one space; a name that is only the number,
 * or holds it inside a longer word, stays. */
static void test_card_name(void)
{
    char buf[128];
    const struct {
        const char *name, *number, *want;
    } cases[] = {
        {"988 Suicide & Crisis Lifeline", "988", "Suicide & Crisis Lifeline"},
        {"Línea 988 de Prevención del Suicidio y Crisis", "988", "Línea de Prevención del Suicidio y Crisis"},
        {"Call 988", "988", "Call"},
        {"Line 988: crisis", "988", "Line: crisis"},
        {"Emergency", "911", "Emergency"},
        {"988", "988", "988"},
        {"Line 9881", "988", "Line 9881"},
        {"Text 741741 for help", "741741", "Text for help"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = crisis_card_name(cases[i].name, cases[i].number, buf, sizeof buf);
        CHECK_MSG(strcmp(got, cases[i].want) == 0, "name %s: got %s, want %s", cases[i].name, got,
                  cases[i].want);
    }
    /* Too long for the buffer: the name unchanged, never cut. */
    char small[8];
    CHECK(strcmp(crisis_card_name("988 Suicide", "988", small, sizeof small), "988 Suicide") == 0);
}

static void test_crisis(const content_set *set)
{
    const struct {
        int w, h;
    } sizes[] = {{800, 480}, {1024, 600}, {1280, 800}, {1920, 1080}, {1080, 1920}};
    draw_list *dl = draw_list_create(4096, 512, 64, 1 << 16);
    for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
        layout_set_panel(0, 0);
        metrics m = metrics_for_size(sizes[z].w, sizes[z].h);
        /* Under the crisis bar and the title, above the bottom row (Back and
         * the front-desk line beside it): as the crisis screen lays it out. */
        int lh = FAKE_METRICS.line_height(NULL, m.heading_px, FONT_BOLD);
        rect area = {m.margin, m.button_h + lh + 2 * m.gap, m.w - 2 * m.margin, 0};
        area.h = m.h - area.y - m.button_h - 2 * m.gap - m.margin / 2;
        /* A 7" panel cannot hold eight lines with their names at 5 mm: there
         * the list pages (every line reachable, 911 and 988 first). */
        bool must_fit = m.mm_per_px * m.h > 100;
        for (int l = 0; l < set->lang_count; l++) {
            const content_doc *help = set->langs[l].help;
            crisis_fit fit = crisis_card_layout(NULL, help, &FAKE_METRICS, &m, area, 0, 0);
            char where[64];
            str_format(where, sizeof where, "%dx%d %s", m.w, m.h, set->langs[l].code);
            CHECK_MSG(fit.fits || !must_fit,
                      "%s: the crisis list does not fit one screen (%d of %d px)", where,
                      fit.height, area.h);
            printf("crisis %s: form %d, %d columns, %d of %d px\n", where, fit.form, fit.cols,
                   fit.height, area.h);
            draw_list_reset(dl);
            crisis_fit drawn = crisis_card_layout(dl, help, &FAKE_METRICS, &m, area, 0, 0);
            CHECK(drawn.form == fit.form && drawn.cols == fit.cols && !dl->overflow);
            /* 911 first, then 988; every number shown, large; nothing outside the area. */
            int numbers = 0, first911 = -1, first988 = -1;
            for (int i = 0; i < dl->item_count; i++) {
                const draw_item *it = &dl->items[i];
                CHECK_MSG(rect_inside(it->r, area) && rect_inside(it->r, it->clip),
                          "%s: item %d outside", where, i);
                for (int b = 0; b < help->block_count; b++)
                    if (help->blocks[b].type == BLOCK_HELP && it->text == help->blocks[b].number) {
                        numbers++;
                        if (!strcmp(it->text, "911") && first911 < 0)
                            first911 = i;
                        if (!strcmp(it->text, "988") && first988 < 0)
                            first988 = i;
                    }
            }
            int helps = 0;
            for (int b = 0; b < help->block_count; b++)
                helps += help->blocks[b].type == BLOCK_HELP;
            CHECK_MSG(numbers == drawn.shown && (numbers == helps || !must_fit),
                      "%s: %d of %d numbers shown", where, numbers, helps);
            CHECK(drawn.shown >= 2); /* 911 and 988 on the first screen always */
            for (int first = drawn.shown, guard = 0; first < helps && guard < 8; guard++) {
                crisis_fit next = crisis_card_layout(NULL, help, &FAKE_METRICS, &m, area, first, 0);
                CHECK(next.shown > 0);
                first += next.shown > 0 ? next.shown : helps;
            }
            CHECK(first911 >= 0 && first988 > first911);
            /* Every form but the bare one shows each line's detail or note. */
            if (drawn.form != CRISIS_BARE && drawn.shown == helps)
                for (int b = 0; b < help->block_count; b++) {
                    const content_block *bl = &help->blocks[b];
                    if (bl->type != BLOCK_HELP)
                        continue;
                    bool more = false;
                    for (int i = 0; i < dl->item_count; i++)
                        more = more || dl->items[i].text == bl->text || (bl->note && dl->items[i].text == bl->note);
                    CHECK_MSG(more, "%s: %s shown without its detail or note (form %d)", where, bl->number,
                              drawn.form);
                }
            /* The emergency line is red, with its icon. */
            bool red = false, icon = false;
            for (int i = 0; i < dl->cmd_count; i++) {
                const draw_cmd *c = &dl->cmds[i];
                red = red || (c->type == CMD_TEXT && c->len == 3 && !memcmp(c->text, "911", 3) &&
                              !memcmp(&c->fg, &THEME.danger, sizeof c->fg));
                icon = icon || (c->type == CMD_TEXT && c->style == FONT_ICON &&
                                c->len == (int)strlen(ICON_EMERGENCY) &&
                                !memcmp(c->text, ICON_EMERGENCY, (size_t)c->len));
            }
            CHECK_MSG(red, "%s: 911 is not in the emergency colour", where);
            CHECK_MSG(icon, "%s: no emergency icon", where);
        }
    }
    draw_list_destroy(dl);
}

int main(void)
{
    test_press();
    test_look();
    test_card_name();
    const char *dir = getenv("LANTERN_CONTENT");
    diag_list diags = {0};
    content_set *set = content_load(dir ? dir : "content", NULL, &diags);
    diag_list_free(&diags);
    CHECK(set != NULL);
    if (set)
        test_crisis(set);
    content_destroy(set);
    return check_done("test_look");
}
