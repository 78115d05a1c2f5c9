#include "keyboard.h"

#include <string.h>

/* A row is a list of keys, each "text" or a special, with a width in units. */
typedef struct {
    const char *text, *shifted;
    kb_kind kind;
    int units; /* key width in quarter keys: a normal key is 4 */
} key_def;

#define K(t, s)                                                                                    \
    {                                                                                              \
        t, s, KK_CHAR, 4                                                                           \
    }
#define END                                                                                        \
    {                                                                                              \
        NULL, NULL, KK_CHAR, 0                                                                     \
    }

/* Room a key's width, with no key in it: the phone's 0 stays under the 8. */
#define SPACER(units)                                                                              \
    {                                                                                              \
        NULL, NULL, KK_PAGE, units                                                                 \
    }

/* No Next (Done) key on the keyboards: the form's Next stands in its one
 * place on every step (the buttons' row), never a second one on the keys. */
static const key_def text_rows[][12] = {
    {K("á", "Á"), K("é", "É"), K("í", "Í"), K("ó", "Ó"), K("ú", "Ú"), K("ñ", "Ñ"), K("ü", "Ü"),
     K("'", "'"), K("-", "-"), K(".", "."), END},
    {K("q", "Q"), K("w", "W"), K("e", "E"), K("r", "R"), K("t", "T"), K("y", "Y"), K("u", "U"),
     K("i", "I"), K("o", "O"), K("p", "P"), END},
    {K("a", "A"), K("s", "S"), K("d", "D"), K("f", "F"), K("g", "G"), K("h", "H"), K("j", "J"),
     K("k", "K"), K("l", "L"), END},
    {{NULL, NULL, KK_SHIFT, 6},
     K("z", "Z"),
     K("x", "X"),
     K("c", "C"),
     K("v", "V"),
     K("b", "B"),
     K("n", "N"),
     K("m", "M"),
     {NULL, NULL, KK_DELETE, 6},
     END},
    {{" ", " ", KK_SPACE, 24}, END},
};

static const key_def email_rows[][12] = {
    {K("1", "1"), K("2", "2"), K("3", "3"), K("4", "4"), K("5", "5"), K("6", "6"), K("7", "7"),
     K("8", "8"), K("9", "9"), K("0", "0"), END},
    {K("q", "q"), K("w", "w"), K("e", "e"), K("r", "r"), K("t", "t"), K("y", "y"), K("u", "u"),
     K("i", "i"), K("o", "o"), K("p", "p"), END},
    {K("a", "a"), K("s", "s"), K("d", "d"), K("f", "f"), K("g", "g"), K("h", "h"), K("j", "j"),
     K("k", "k"), K("l", "l"), K("@", "@"), END},
    {K("z", "z"), K("x", "x"), K("c", "c"), K("v", "v"), K("b", "b"), K("n", "n"), K("m", "m"),
     K(".", "."), K("_", "_"), K("-", "-"), END},
    {{".com", ".com", KK_CHAR, 8}, K("+", "+"), {NULL, NULL, KK_DELETE, 8}, END},
};

static const key_def phone_rows[][12] = {
    {K("1", "1"), K("2", "2"), K("3", "3"), END},
    {K("4", "4"), K("5", "5"), K("6", "6"), END},
    {K("7", "7"), K("8", "8"), K("9", "9"), END},
    {{NULL, NULL, KK_DELETE, 4}, K("0", "0"), {NULL, NULL, KK_DONE, 4}, END},
};

/* The form's phone keypad: the staff PIN pad's, without its Enter. */
static const key_def dial_rows[][12] = {
    {K("1", "1"), K("2", "2"), K("3", "3"), END},
    {K("4", "4"), K("5", "5"), K("6", "6"), END},
    {K("7", "7"), K("8", "8"), K("9", "9"), END},
    {{NULL, NULL, KK_DELETE, 4}, K("0", "0"), SPACER(4), END},
};

/* The compact keyboards of a short panel: three rows of at most ten keys
 * (a 7" panel is about 152 mm wide: ten 12 mm keys and their 2 mm gaps),
 * the rest on page 1. A special key is a key and a quarter wide, for its
 * word. */
#define PAGE(caption, units)                                                                       \
    {                                                                                              \
        caption, caption, KK_PAGE, units                                                           \
    }
#define QWERTY_P                                                                                   \
    K("q", "Q"), K("w", "W"), K("e", "E"), K("r", "R"), K("t", "T"), K("y", "Y"), K("u", "U"),     \
        K("i", "I"), K("o", "O"), K("p", "P")
#define QWERTY_L                                                                                   \
    K("a", "A"), K("s", "S"), K("d", "D"), K("f", "F"), K("g", "G"), K("h", "H"), K("j", "J"),     \
        K("k", "K"), K("l", "L")
#define QWERTY_M                                                                                   \
    K("z", "Z"), K("x", "X"), K("c", "C"), K("v", "V"), K("b", "B"), K("n", "N"), K("m", "M")
#define LOWER_P                                                                                    \
    K("q", "q"), K("w", "w"), K("e", "e"), K("r", "r"), K("t", "t"), K("y", "y"), K("u", "u"),     \
        K("i", "i"), K("o", "o"), K("p", "p")
#define LOWER_L                                                                                    \
    K("a", "a"), K("s", "s"), K("d", "d"), K("f", "f"), K("g", "g"), K("h", "h"), K("j", "j"),     \
        K("k", "k"), K("l", "l")
#define LOWER_M                                                                                    \
    K("z", "z"), K("x", "x"), K("c", "c"), K("v", "v"), K("b", "b"), K("n", "n"), K("m", "m")
#define DIGITS                                                                                     \
    K("1", "1"), K("2", "2"), K("3", "3"), K("4", "4"), K("5", "5"), K("6", "6"), K("7", "7"),     \
        K("8", "8"), K("9", "9"), K("0", "0")

/* Space at the end of the middle row, Delete beside the page key: the
 * bottom row's 12 mm letters leave Shift and Delete room for their words in
 * either language ("Mayús", "Borrar"), the middle row room for "espacio". */
static const key_def compact_text[2][3][12] = {
    {{QWERTY_P, END},
     {QWERTY_L, {" ", " ", KK_SPACE, 5}, END},
     {{NULL, NULL, KK_SHIFT, 5}, QWERTY_M, {NULL, NULL, KK_DELETE, 5}, PAGE("áñ", 4), END}},
    {{K("á", "Á"), K("é", "É"), K("í", "Í"), K("ó", "Ó"), K("ú", "Ú"), K("ñ", "Ñ"), K("ü", "Ü"),
      K("'", "'"), K("-", "-"), K(".", "."), END},
     {QWERTY_L, {" ", " ", KK_SPACE, 5}, END},
     {{NULL, NULL, KK_SHIFT, 5}, QWERTY_M, {NULL, NULL, KK_DELETE, 5}, PAGE("abc", 4), END}},
};

static const key_def compact_email[2][3][12] = {
    {{LOWER_P, END},
     {LOWER_L, K("@", "@"), END},
     {PAGE("123", 5), LOWER_M, K(".", "."), {NULL, NULL, KK_DELETE, 5}, END}},
    {{DIGITS, END},
     {K("-", "-"), K("_", "_"), K("+", "+"), {".com", ".com", KK_CHAR, 8}, K("@", "@"), END},
     {PAGE("abc", 5), LOWER_M, K(".", "."), {NULL, NULL, KK_DELETE, 5}, END}},
};

static const key_def compact_phone[2][12] = {
    {DIGITS, END},
    {{NULL, NULL, KK_DELETE, 8}, END},
};

/* The staff's PIN pad and the form's phone keypad. */
static bool keypad(kb_layout layout)
{
    return layout == KB_PHONE || layout == KB_DIAL;
}

static int key_h(kb_layout layout, const metrics *m)
{
    /* Above the 80-px minimum on a 1080-px side and at least 12 mm on the
     * panel; the keypad's keys are larger. */
    int h = (int)((keypad(layout) ? 104 : 88) * m->s + 0.5);
    int min_h = (int)(12.0 / m->mm_per_px + 0.999);
    return h > min_h ? h : min_h;
}

static int gap(const metrics *m)
{
    int g = (int)(12 * m->s + 0.5) + 1, min_g = (int)(2.0 / m->mm_per_px + 0.999); /* 2 mm */
    return g > min_g ? g : min_g;
}

static int row_count(kb_layout layout)
{
    return keypad(layout) ? 4 : 5;
}

int keyboard_height(kb_layout layout, const metrics *m)
{
    int rows = row_count(layout);
    return rows * key_h(layout, m) + (rows - 1) * gap(m);
}

/* A key whose caption is a word (Shift, Delete, space): on the compact
 * keyboards it takes the room its row has left. */
static bool word_key(kb_kind kind)
{
    return kind == KK_SHIFT || kind == KK_DELETE || kind == KK_SPACE;
}

/* Lays rows out in area: keys kh tall, in width (centred in area). letter
 * 0: every key as wide as its units at the widest unit every row fits;
 * else (the compact keyboards) a unit key is letter wide and the word keys
 * of a row that also has others share what the row has left (at most
 * twice their own width), so a word fits without smaller keys. */
static int lay_out(const key_def (*rows)[12], int n_rows, int kh, int width, int letter, bool shift,
                   rect area, const metrics *m, kb_key *out)
{
    int g = gap(m), count = 0;
    /* The width of a normal key: every row, keys and gaps, fits the width. */
    int unit = width;
    for (int r = 0; r < n_rows; r++) {
        int units = 0, keys = 0;
        for (const key_def *k = rows[r]; k->units; k++, keys++)
            units += k->units;
        int u = (width - (keys - 1) * g) * 4 / units;
        if (u < unit)
            unit = u;
    }
    if (letter > 0 && letter < unit)
        unit = letter;
    int x0 = area.x + (area.w - width) / 2;
    for (int r = 0; r < n_rows; r++) {
        int units = 0, keys = 0, word_units = 0, others = 0;
        for (const key_def *k = rows[r]; k->units; k++, keys++) {
            units += k->units;
            if (word_key(k->kind))
                word_units += k->units;
            else
                others += k->units * unit / 4;
        }
        /* The word keys' share of the row (compact keyboards only). */
        int words_w = word_units * unit / 4;
        if (letter > 0 && word_units > 0 && others > 0) {
            int left = width - others - (keys - 1) * g;
            int most = word_units * unit / 2;
            words_w = left < words_w ? words_w : left > most ? most : left;
        }
        int row_w = others + words_w + (keys - 1) * g;
        int x = x0 + (width - row_w) / 2, y = area.y + r * (kh + g);
        int words_left = words_w, units_left = word_units;
        for (const key_def *k = rows[r]; k->units && count < KB_MAX_KEYS; k++) {
            int w = k->units * unit / 4;
            if (word_key(k->kind)) {
                w = words_left * k->units / units_left;
                words_left -= w;
                units_left -= k->units;
            }
            if (k->kind == KK_PAGE && !k->text) { /* a spacer */
                x += w + g;
                continue;
            }
            kb_key *key = &out[count++];
            memset(key, 0, sizeof *key);
            key->kind = k->kind;
            key->r = (rect){x, y, w, kh};
            if (k->kind == KK_CHAR || k->kind == KK_SPACE || k->kind == KK_PAGE)
                key->text = shift ? k->shifted : k->text;
            key->ui_key = k->kind == KK_SHIFT    ? "key.shift"
                          : k->kind == KK_DELETE ? "key.delete"
                          : k->kind == KK_SPACE  ? "key.space"
                          : k->kind == KK_DONE   ? "key.done"
                                                 : NULL;
            x += w + g;
        }
    }
    return count;
}

int keyboard_build(kb_layout layout, bool shift, rect area, const metrics *m, kb_key *out)
{
    const key_def(*rows)[12] = layout == KB_TEXT    ? text_rows
                               : layout == KB_EMAIL ? email_rows
                               : layout == KB_DIAL  ? dial_rows
                                                    : phone_rows;
    int n_rows = row_count(layout), kh = key_h(layout, m), g = gap(m);
    /* Keys as tall as the area allows when it is short of 12 mm ones (a
     * small panel); the caller says so (lanternctl validate). */
    if (area.h > 0 && kh > (area.h - (n_rows - 1) * g) / n_rows)
        kh = (area.h - (n_rows - 1) * g) / n_rows;
    int width = area.w;
    if (keypad(layout)) {
        int pad_w = (int)(760 * m->s); /* a compact keypad, centred */
        width = width < pad_w ? width : pad_w;
    }
    return lay_out(rows, n_rows, kh, width, 0, shift, area, m, out);
}

/* 12 mm, and no more: on a short panel every millimetre counts. */
static int compact_key(const metrics *m)
{
    return (int)(12.0 / m->mm_per_px + 0.999);
}

static int compact_rows(kb_layout layout)
{
    return keypad(layout) ? 2 : 3;
}

int keyboard_compact_height(kb_layout layout, const metrics *m)
{
    int rows = compact_rows(layout);
    return rows * compact_key(m) + (rows - 1) * gap(m);
}

int keyboard_compact_width(kb_layout layout, const metrics *m)
{
    /* The widest row: ten keys and a quarter (42 quarter keys) or ten keys. */
    int quarters = keypad(layout) ? 40 : 42;
    return (compact_key(m) * quarters + 3) / 4 + 9 * gap(m);
}

int keyboard_compact_build(kb_layout layout, bool shift, int page, rect area, const metrics *m,
                           kb_key *out)
{
    page = page ? 1 : 0;
    const key_def(*rows)[12] = layout == KB_TEXT    ? compact_text[page]
                               : layout == KB_EMAIL ? compact_email[page]
                                                    : compact_phone; /* no Enter either */
    int width = area.w, most = keyboard_compact_width(layout, m) * 5 / 4;
    if (width > most) /* keys no wider than they need be, centred */
        width = most;
    int key = compact_key(m);
    return lay_out(rows, compact_rows(layout), key, width, key, shift, area, m, out);
}

int keyboard_edge_px(const metrics *m)
{
    int two_mm = (int)(2.0 / m->mm_per_px + 0.999) + 1; /* +1: rounding never brings it under */
    return two_mm > m->margin / 4 ? two_mm : m->margin / 4;
}
