/* The on-screen keyboards' layouts (keyboard.c), without a display: the
 * form's keyboards have no Next key (the form's one Next is its button;
 * issue 13), the staff PIN pad keeps its Enter, the phone's 0 stays under
 * the 8; the compact keyboards of a 7" panel keep their letters 12 mm and
 * give the word keys (Shift, Delete, space) the room their row has left,
 * every key inside the area and 2 mm apart. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "core/keyboard.h"
#include "core/layout.h"
#include "core/util.h"

static int count_kind(const kb_key *keys, int n, kb_kind kind)
{
    int c = 0;
    for (int i = 0; i < n; i++)
        c += keys[i].kind == kind;
    return c;
}

static const kb_key *find_text(const kb_key *keys, int n, const char *text)
{
    for (int i = 0; i < n; i++)
        if (keys[i].text && strcmp(keys[i].text, text) == 0)
            return &keys[i];
    return NULL;
}

static bool inside(rect r, rect area)
{
    return r.x >= area.x && r.y >= area.y && r.x + r.w <= area.x + area.w &&
           r.y + r.h <= area.y + area.h;
}

/* Keys inside the area, none overlapping, min_gap px apart in a row. */
static void check_keys(const kb_key *keys, int n, rect area, int min_gap, const char *where)
{
    for (int i = 0; i < n; i++) {
        CHECK_MSG(inside(keys[i].r, area), "%s: key %d outside the area", where, i);
        for (int j = i + 1; j < n; j++) {
            rect a = keys[i].r, b = keys[j].r;
            if (a.y != b.y)
                continue;
            int gap = a.x < b.x ? b.x - (a.x + a.w) : a.x - (b.x + b.w);
            CHECK_MSG(gap >= min_gap, "%s: keys %d and %d %d px apart, under %d", where, i, j, gap,
                      min_gap);
        }
    }
}

static void test_full_keyboards(void)
{
    static const int sizes[][2] = {{1920, 1080}, {1080, 1920}, {1280, 800}};
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        int w = sizes[s][0], h = sizes[s][1];
        metrics m = metrics_for_size(w, h);
        char where[64];
        kb_key keys[KB_MAX_KEYS];
        for (kb_layout l = KB_TEXT; l <= KB_DIAL; l++) {
            int kh = keyboard_height(l, &m);
            rect area = {m.margin, h - kh - m.margin, w - 2 * m.margin, kh};
            int n = keyboard_build(l, false, area, &m, keys);
            str_format(where, sizeof where, "%dx%d layout %d", w, h, (int)l);
            CHECK_MSG(n >= 11, "%s: %d keys", where, n);
            /* The staff PIN pad has its Enter; the form's keyboards no Next. */
            CHECK_MSG(count_kind(keys, n, KK_DONE) == (l == KB_PHONE ? 1 : 0), "%s: %d Done keys",
                      where, count_kind(keys, n, KK_DONE));
            CHECK_MSG(count_kind(keys, n, KK_DELETE) == 1, "%s: no Delete", where);
            check_keys(keys, n, area, 2, where);
        }
        /* The form's keypad: 0 under 8, Delete under 7, nothing under 9. */
        int kh = keyboard_height(KB_DIAL, &m);
        rect area = {m.margin, h - kh - m.margin, w - 2 * m.margin, kh};
        int n = keyboard_build(KB_DIAL, false, area, &m, keys);
        const kb_key *zero = find_text(keys, n, "0"), *eight = find_text(keys, n, "8"),
                     *seven = find_text(keys, n, "7"), *nine = find_text(keys, n, "9");
        CHECK(n == 11 && zero && eight && seven && nine);
        if (zero && eight && seven && nine) {
            CHECK_MSG(zero->r.x == eight->r.x, "%dx%d: 0 at x %d, 8 at %d", w, h, zero->r.x,
                      eight->r.x);
            for (int i = 0; i < n; i++) {
                if (keys[i].kind == KK_DELETE)
                    CHECK(keys[i].r.x == seven->r.x && keys[i].r.y == zero->r.y);
                CHECK(!(keys[i].r.x == nine->r.x && keys[i].r.y == zero->r.y));
            }
        }
    }
}

static void test_compact_keyboards(void)
{
    static const int sizes[][2] = {{800, 480}, {1024, 600}};
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        int w = sizes[s][0], h = sizes[s][1];
        metrics m = metrics_for_size(w, h);
        int twelve = (int)(12.0 / m.mm_per_px + 0.999), two = (int)(2.0 / m.mm_per_px + 0.999);
        int side = keyboard_edge_px(&m) > m.margin / 2 ? keyboard_edge_px(&m) : m.margin / 2;
        for (kb_layout l = KB_TEXT; l <= KB_DIAL; l++) {
            if (l == KB_PHONE)
                continue; /* the PIN pad is never compact */
            for (int page = 0; page < 2; page++) {
                char where[64];
                str_format(where, sizeof where, "%dx%d compact layout %d page %d", w, h, (int)l,
                           page);
                kb_key keys[KB_MAX_KEYS];
                int kh = keyboard_compact_height(l, &m);
                rect area = {side, h - keyboard_edge_px(&m) - kh, w - 2 * side, kh};
                CHECK_MSG(keyboard_compact_width(l, &m) <= area.w, "%s: too wide", where);
                int n = keyboard_compact_build(l, page == 1, page, area, &m, keys);
                CHECK_MSG(count_kind(keys, n, KK_DONE) == 0, "%s: a Done key", where);
                check_keys(keys, n, area, two, where);
                int letter = 0;
                for (int i = 0; i < n; i++) {
                    CHECK_MSG(keys[i].r.w >= twelve && keys[i].r.h >= twelve,
                              "%s: key %d is %dx%d px, under 12 mm (%d px)", where, i, keys[i].r.w,
                              keys[i].r.h, twelve);
                    if (keys[i].kind == KK_CHAR && strlen(keys[i].text) == 1)
                        letter = keys[i].r.w;
                }
                /* The word keys: wider than a letter, by a quarter at least. */
                for (int i = 0; i < n; i++)
                    if (keys[i].kind == KK_SHIFT || keys[i].kind == KK_SPACE ||
                        (keys[i].kind == KK_DELETE && l != KB_DIAL))
                        CHECK_MSG(keys[i].r.w * 4 >= letter * 5, "%s: word key %d %d px, letter %d",
                                  where, i, keys[i].r.w, letter);
                if (l == KB_TEXT) {
                    CHECK(count_kind(keys, n, KK_SHIFT) == 1 &&
                          count_kind(keys, n, KK_SPACE) == 1 &&
                          count_kind(keys, n, KK_DELETE) == 1 && count_kind(keys, n, KK_PAGE) == 1);
                    /* The bottom row's word keys take its leftover room: the row
                     * is as wide as the area. */
                    int lo = area.x + area.w, hi = area.x;
                    for (int i = 0; i < n; i++)
                        if (keys[i].r.y == area.y + area.h - keys[i].r.h) {
                            lo = keys[i].r.x < lo ? keys[i].r.x : lo;
                            hi = keys[i].r.x + keys[i].r.w > hi ? keys[i].r.x + keys[i].r.w : hi;
                        }
                    CHECK_MSG(hi - lo >= area.w - 4, "%s: the bottom row %d px of %d", where,
                              hi - lo, area.w);
                }
            }
        }
    }
}

int main(void)
{
    layout_set_panel(0, 0);
    test_full_keyboards();
    test_compact_keyboards();
    return check_done("keyboard");
}
