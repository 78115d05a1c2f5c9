/* The kiosk's look and sizes: the themes (standard, loadable; high
 * contrast, built in), their checks, the panel's millimetres and the
 * metrics for a screen (declared in layout.h). */
#include "layout.h"

#include <assert.h>
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "util.h"

#define RGB(r, g, b)                                                                               \
    {                                                                                              \
        r, g, b, 255                                                                               \
    }

/* Floors on the panel: body text 5 mm (about 14 pt), secondary 4.25 mm (body
 * minus 15%), targets 12 mm with 2 mm gaps; a reading column of 150 mm (about
 * 60 characters of 5-mm text: the whole width of a 7" panel). */
#define SIZE_FLOORS                                                                                \
    {                                                                                              \
        .body = 5.0, .small = 4.25, .heading = 6.75, .title = 8.5, .button = 4.75, .bar = 5.0,     \
        .number = 6.25, .icon = 6.0, .margin = 4.0, .gap = 2.0, .pad = 2.5, .target = 12.0,        \
        .min_button_w = 22.0, .column = 150.0                                                      \
    }
/* The 1080p design (pixels on a 1080-px side). */
#define SIZE_DESIGN                                                                                \
    {                                                                                              \
        .body = 40, .small = 34, .heading = 54, .title = 68, .button = 38, .bar = 40,              \
        .number = 50, .icon = 48, .margin = 48, .gap = 24, .pad = 28, .target = 104,               \
        .min_button_w = 200, .column = 1240                                                        \
    }

/* Must equal assets/theme.json (unit_theme checks it): the look the kiosk
 * has when that file is missing or refused. */
#define BUILTIN_THEME                                                                              \
    {                                                                                              \
        .bg = RGB(0xF6, 0xF3, 0xEE), .text = RGB(0x1E, 0x2A, 0x32),                                \
        .muted = RGB(0x3F, 0x4A, 0x54), .accent = RGB(0x1F, 0x5F, 0x66),                           \
        .on_accent = RGB(0xFF, 0xFF, 0xFF), .bar = RGB(0x17, 0x32, 0x4D),                          \
        .on_bar = RGB(0xFF, 0xFF, 0xFF), .tile = RGB(0xFF, 0xFF, 0xFF),                            \
        .tile_edge = RGB(0x1F, 0x5F, 0x66), .tile_title = RGB(0x17, 0x32, 0x4D),                   \
        .callout = RGB(0xE3, 0xEF, 0xEE), .callout_label = RGB(0x17, 0x4F, 0x55),                  \
        .avoid = RGB(0xF3, 0xE6, 0xE1), .avoid_label = RGB(0x7E, 0x2A, 0x1A),                      \
        .help_card = RGB(0xFF, 0xFF, 0xFF), .help_number = RGB(0x17, 0x32, 0x4D),                  \
        .desk = RGB(0xFF, 0xF1, 0xCC), .dim = {0x10, 0x18, 0x20, 150},                             \
        .card = RGB(0xFF, 0xFF, 0xFF), .button2 = RGB(0xE1, 0xE7, 0xEB),                           \
        .on_button2 = RGB(0x17, 0x32, 0x4D), .edge = RGB(0x5B, 0x6B, 0x78),                        \
        .danger = RGB(0x9B, 0x1C, 0x1C), .on_danger = RGB(0xFF, 0xFF, 0xFF),                       \
        .pressed = RGB(0x0F, 0x3F, 0x44), .on_pressed = RGB(0xFF, 0xFF, 0xFF),                     \
        .selected = RGB(0xD5, 0xE8, 0xE6), .on_selected = RGB(0x17, 0x32, 0x4D),                   \
        .disabled = RGB(0xEC, 0xE9, 0xE3), .on_disabled = RGB(0x4A, 0x55, 0x60),                   \
        .mm = SIZE_FLOORS, .px_1080 = SIZE_DESIGN, .highlight = RGB(0xFF, 0xE7, 0x99),             \
    }

static const theme BUILTIN = BUILTIN_THEME;

theme THEME_STANDARD = BUILTIN_THEME;

/* AAA: every text colour is at least 7:1 on every background it is drawn on
 * (tests/unit/test_layout.c checks each pair). Boxes stay apart by their
 * edges and a faint tint, not by colour alone. */
const theme THEME_HIGH_CONTRAST = {
    .bg = RGB(0xFF, 0xFF, 0xFF),
    .text = RGB(0x10, 0x10, 0x10),
    .muted = RGB(0x2E, 0x2E, 0x2E),
    .accent = RGB(0x00, 0x33, 0x3A),
    .on_accent = RGB(0xFF, 0xFF, 0xFF),
    .bar = RGB(0x00, 0x00, 0x00),
    .on_bar = RGB(0xFF, 0xFF, 0xFF),
    .tile = RGB(0xFF, 0xFF, 0xFF),
    .tile_edge = RGB(0x00, 0x00, 0x00),
    .tile_title = RGB(0x00, 0x00, 0x00),
    .callout = RGB(0xF2, 0xF7, 0xF7),
    .callout_label = RGB(0x00, 0x33, 0x3A),
    .avoid = RGB(0xFC, 0xF2, 0xF0),
    .avoid_label = RGB(0x6E, 0x10, 0x00),
    .help_card = RGB(0xFF, 0xFF, 0xFF),
    .help_number = RGB(0x00, 0x00, 0x00),
    .desk = RGB(0xFF, 0xF4, 0xC2),
    .dim = {0x00, 0x00, 0x00, 170},
    .card = RGB(0xFF, 0xFF, 0xFF),
    .button2 = RGB(0xEC, 0xEC, 0xEC),
    .on_button2 = RGB(0x00, 0x00, 0x00),
    .edge = RGB(0x00, 0x00, 0x00),
    .danger = RGB(0x8E, 0x00, 0x00),
    .on_danger = RGB(0xFF, 0xFF, 0xFF),
    .pressed = RGB(0x00, 0x00, 0x00),
    .on_pressed = RGB(0xFF, 0xFF, 0xFF),
    .selected = RGB(0xE0, 0xF0, 0xF0),
    .on_selected = RGB(0x00, 0x00, 0x00),
    .disabled = RGB(0xF0, 0xF0, 0xF0),
    .on_disabled = RGB(0x40, 0x40, 0x40),
    .mm = SIZE_FLOORS,
    .px_1080 = SIZE_DESIGN,
    .highlight = RGB(0xFF, 0xE0, 0x4D),
};

const theme *theme_current = &THEME_STANDARD;

void theme_use(bool high_contrast)
{
    theme_current = high_contrast ? &THEME_HIGH_CONTRAST : &THEME_STANDARD;
}

bool theme_is_high_contrast(void)
{
    return theme_current == &THEME_HIGH_CONTRAST;
}

const int TEXT_STEPS[TEXT_STEP_COUNT] = {100, 125, 150};

const theme *theme_builtin(void)
{
    return &BUILTIN;
}

#define COLOR_FIELD(n)                                                                             \
    {                                                                                              \
#n, offsetof(theme, n)                                                                     \
    }
const theme_field THEME_COLORS[] = {
    COLOR_FIELD(bg),          COLOR_FIELD(text),        COLOR_FIELD(muted),
    COLOR_FIELD(accent),      COLOR_FIELD(on_accent),   COLOR_FIELD(bar),
    COLOR_FIELD(on_bar),      COLOR_FIELD(tile),        COLOR_FIELD(tile_edge),
    COLOR_FIELD(tile_title),  COLOR_FIELD(callout),     COLOR_FIELD(callout_label),
    COLOR_FIELD(avoid),       COLOR_FIELD(avoid_label), COLOR_FIELD(help_card),
    COLOR_FIELD(help_number), COLOR_FIELD(desk),        COLOR_FIELD(dim),
    COLOR_FIELD(card),        COLOR_FIELD(button2),     COLOR_FIELD(on_button2),
    COLOR_FIELD(edge),        COLOR_FIELD(danger),      COLOR_FIELD(on_danger),
    COLOR_FIELD(pressed),     COLOR_FIELD(on_pressed),  COLOR_FIELD(selected),
    COLOR_FIELD(on_selected), COLOR_FIELD(disabled),    COLOR_FIELD(on_disabled),
    COLOR_FIELD(highlight),
};
const int THEME_COLOR_COUNT = (int)(sizeof THEME_COLORS / sizeof THEME_COLORS[0]);
#define SIZE_FIELD(n)                                                                              \
    {                                                                                              \
#n, offsetof(theme_sizes, n)                                                               \
    }
const theme_field THEME_SIZES[] = {
    SIZE_FIELD(body),         SIZE_FIELD(small),  SIZE_FIELD(heading), SIZE_FIELD(title),
    SIZE_FIELD(button),       SIZE_FIELD(bar),    SIZE_FIELD(number),  SIZE_FIELD(icon),
    SIZE_FIELD(margin),       SIZE_FIELD(gap),    SIZE_FIELD(pad),     SIZE_FIELD(target),
    SIZE_FIELD(min_button_w), SIZE_FIELD(column),
};
const int THEME_SIZE_COUNT = (int)(sizeof THEME_SIZES / sizeof THEME_SIZES[0]);

typedef struct {
    size_t fg, bg;
    double min;
    const char *what;
} contrast_rule;

#define PAIR(f, b, r, w)                                                                           \
    {                                                                                              \
        offsetof(theme, f), offsetof(theme, b), r, w                                               \
    }
/* Text on every surface it is drawn on (7:1, AAA; 4.5:1 for bold labels and
 * large numbers), and components against what surrounds them (3:1). */
static const contrast_rule RULES[] = {
    PAIR(text, bg, 7.0, "body text on the page"),
    PAIR(text, tile, 7.0, "body text on a card"),
    PAIR(text, callout, 7.0, "body text in a callout"),
    PAIR(text, avoid, 7.0, "body text in an avoid box"),
    PAIR(text, desk, 7.0, "body text on the front-desk note"),
    PAIR(text, card, 7.0, "body text on a card"),
    PAIR(text, highlight, 7.0, "body text read aloud, on its highlight"),
    PAIR(muted, bg, 7.0, "secondary text on the page"),
    PAIR(muted, tile, 7.0, "secondary text on a card"),
    PAIR(tile_title, tile, 7.0, "a tile's title"),
    PAIR(tile_title, bg, 7.0, "a heading"),
    PAIR(on_accent, accent, 7.0, "text on a primary button"),
    PAIR(on_bar, bar, 7.0, "text on the crisis bar"),
    PAIR(on_button2, button2, 7.0, "text on a secondary button"),
    PAIR(on_danger, danger, 7.0, "text on the emergency accent"),
    PAIR(danger, help_card, 7.0, "the emergency number on its card"),
    PAIR(on_pressed, pressed, 7.0, "text on a pressed button"),
    PAIR(on_selected, selected, 7.0, "text on a selected option"),
    PAIR(help_number, help_card, 7.0, "a help number"),
    PAIR(callout_label, callout, 4.5, "a callout's label"),
    PAIR(avoid_label, avoid, 4.5, "an avoid box's label"),
    PAIR(on_disabled, disabled, 4.5, "text on a disabled button"),
    PAIR(edge, bg, 3.0, "a component's edge on the page"),
    PAIR(edge, tile, 3.0, "a component's edge on a card"),
    PAIR(edge, button2, 3.0, "a secondary button's edge"),
    PAIR(accent, bg, 3.0, "a primary button on the page"),
    PAIR(bar, bg, 3.0, "the crisis bar on the page"),
    PAIR(tile_edge, bg, 3.0, "a card's accent edge on the page"),
    PAIR(tile_edge, tile, 3.0, "a card's accent edge on the card"),
    PAIR(danger, bg, 3.0, "the emergency accent on the page"),
    PAIR(pressed, bg, 3.0, "a pressed button on the page"),
    PAIR(accent, selected, 3.0, "a selected option's edge"),
};

static color field_color(const theme *t, size_t off)
{
    color c;
    memcpy(&c, (const char *)t + off, sizeof c);
    return c;
}

static const char *field_name(const theme_field *fields, int n, size_t off)
{
    for (int i = 0; i < n; i++)
        if (fields[i].offset == off)
            return fields[i].name;
    return "?";
}

bool theme_check(const theme *t, char *err, size_t err_size)
{
    for (size_t i = 0; i < sizeof RULES / sizeof RULES[0]; i++) {
        const contrast_rule *r = &RULES[i];
        color fg = field_color(t, r->fg), bg = field_color(t, r->bg);
        double c = color_contrast(fg, bg);
        if (fg.a != 255 || bg.a != 255 || c + 1e-9 < r->min)
            return str_format(err, err_size, "%s (%s on %s) has contrast %.2f:1, needs %.1f:1",
                              r->what, field_name(THEME_COLORS, THEME_COLOR_COUNT, r->fg),
                              field_name(THEME_COLORS, THEME_COLOR_COUNT, r->bg), c, r->min),
                   false;
    }
    for (int i = 0; i < THEME_SIZE_COUNT; i++) {
        double mm, px;
        memcpy(&mm, (const char *)&t->mm + THEME_SIZES[i].offset, sizeof mm);
        memcpy(&px, (const char *)&t->px_1080 + THEME_SIZES[i].offset, sizeof px);
        if (!(mm >= 1.0 && mm <= 400.0))
            return str_format(err, err_size, "size mm.%s must be from 1 to 400 mm",
                              THEME_SIZES[i].name),
                   false;
        if (!(px >= 1.0 && px <= 4000.0))
            return str_format(err, err_size, "size px_1080.%s must be from 1 to 4000 px",
                              THEME_SIZES[i].name),
                   false;
    }
    const double body = t->mm.body;
    if (body < 4.0)
        return str_format(err, err_size, "body text is %.2f mm, needs at least 4 mm", body), false;
    const double smallest[] = {t->mm.small, t->mm.button, t->mm.bar, t->mm.number};
    for (size_t i = 0; i < sizeof smallest / sizeof smallest[0]; i++)
        if (smallest[i] + 1e-9 < body * 0.85)
            return str_format(err, err_size,
                              "secondary text %.2f mm is below body minus 15%% (%.2f mm)",
                              smallest[i], body * 0.85),
                   false;
    if (t->mm.target < 12.0)
        return str_format(err, err_size, "touch targets are %.2f mm, need at least 12 mm",
                          t->mm.target),
               false;
    if (t->mm.gap < 2.0)
        return str_format(err, err_size, "gaps between targets are %.2f mm, need at least 2 mm",
                          t->mm.gap),
               false;
    return true;
}

/* ---- the panel ---- */

static double panel_diagonal_in, panel_dpi;

void layout_set_panel(double diagonal_in, double dpi)
{
    panel_diagonal_in = diagonal_in > 0 ? diagonal_in : 0;
    panel_dpi = dpi > 0 ? dpi : 0;
}

double layout_typical_diagonal(int w, int h)
{
    int longer = w > h ? w : h, shorter = w < h ? w : h;
    if (longer <= 1024 && shorter <= 600)
        return 7.0;
    if (longer <= 1280 && shorter <= 800)
        return 10.1;
    if (longer <= 1366 && shorter <= 768)
        return 15.6;
    return 21.5;
}

double layout_mm_per_px(int w, int h)
{
    double diag_px = sqrt((double)w * w + (double)h * h);
    if (panel_diagonal_in > 0)
        return panel_diagonal_in * 25.4 / diag_px;
    if (panel_dpi > 0)
        return 25.4 / panel_dpi;
    return layout_typical_diagonal(w, h) * 25.4 / diag_px;
}

/* The larger of the design's pixels on this screen and the floor on this
 * panel, times scale; never below the floor. */
static int size_px(double screen_s, double mm_per_px, double px_1080, double mm, double scale)
{
    double design = px_1080 * screen_s, floor = mm / mm_per_px;
    int r = (int)ceil((design > floor ? design : floor) * scale - 1e-6);
    return r < 1 ? 1 : r;
}

static metrics metrics_at(int w, int h, double mm_per_px, int text_percent)
{
    metrics m = {.w = w, .h = h, .mm_per_px = mm_per_px, .text_percent = text_percent};
    int shorter = w < h ? w : h;
    double ss = shorter / 1080.0;
    const theme *t = &THEME_STANDARD; /* sizes are the same in every theme */
    const theme_sizes *mm = &t->mm, *px = &t->px_1080;
    /* Text, and what holds one line of it growing half as fast (the
     * standard button has room around its label). */
    double ts = text_percent / 100.0, hs = (100 + (text_percent - 100) / 2.0) / 100.0;
    m.margin = size_px(ss, mm_per_px, px->margin, mm->margin, 1);
    m.gap = size_px(ss, mm_per_px, px->gap, mm->gap, 1);
    m.pad = size_px(ss, mm_per_px, px->pad, mm->pad, 1);
    m.body_px = size_px(ss, mm_per_px, px->body, mm->body, ts);
    m.small_px = size_px(ss, mm_per_px, px->small, mm->small, ts);
    m.heading_px = size_px(ss, mm_per_px, px->heading, mm->heading, ts);
    m.title_px = size_px(ss, mm_per_px, px->title, mm->title, ts);
    m.button_px = size_px(ss, mm_per_px, px->button, mm->button, ts);
    m.bar_px = size_px(ss, mm_per_px, px->bar, mm->bar, ts);
    m.number_px = size_px(ss, mm_per_px, px->number, mm->number, ts);
    m.icon_px = size_px(ss, mm_per_px, px->icon, mm->icon, ts);
    m.button_h = size_px(ss, mm_per_px, px->target, mm->target, hs);
    m.min_button_w = size_px(ss, mm_per_px, px->min_button_w, mm->min_button_w, 1);
    /* The scale of the rest of the design's fixed pixels. */
    m.s = (double)m.body_px / px->body / ts;
    /* QR modules of about 1.5 mm (issue 14): a code is then about 4 cm wide
     * (25 modules and the quiet zone), which a phone camera reads from 40 cm. */
    m.qr_px = (int)(1.5 / mm_per_px + 0.5);
    if (m.qr_px < 6)
        m.qr_px = 6;
    int max_col =
        size_px(ss, mm_per_px, px->column, mm->column, 1); /* about 60 characters a line */
    m.col_w = w - 2 * m.margin;
    if (m.col_w > max_col)
        m.col_w = max_col;
    m.col_x = (w - m.col_w) / 2;
    return m;
}

metrics metrics_for_panel(int w, int h, double mm_per_px, int text_percent)
{
    assert(w > 0 && h > 0 && mm_per_px > 0);
    assert(text_percent >= 100 && text_percent <= 150);
    /* A larger text step grows text only while a reading page still holds
     * four lines under the crisis bar, the running head and the buttons, and its
     * lines about 24 characters (a 7"
     * panel is already at its floor at 100 %): a bigger step never leaves a
     * page of one or two lines. 100 % is never reduced: text is never shrunk. */
    metrics m = metrics_at(w, h, mm_per_px, text_percent);
    for (int p = text_percent - 5; p >= 100; p -= 5) {
        /* The page under the crisis bar (a target tall, a line more when
         * its text wraps), the running head and the navigation. */
        int area = m.h - 3 * m.button_h - 4 * m.gap - 2 * m.margin - m.bar_px;
        /* ... and a line still holds about 24 characters (a 7" panel held
         * upright): fewer makes every screen a column of broken phrases. */
        if (area >= 4 * (m.body_px * 4 + 2) / 3 && m.w - 2 * m.margin >= 12 * m.body_px)
            break;
        m = metrics_at(w, h, mm_per_px, p);
    }
    return m;
}

metrics metrics_for_text(int w, int h, int text_percent)
{
    return metrics_for_panel(w, h, layout_mm_per_px(w, h), text_percent);
}

metrics metrics_for_size(int w, int h)
{
    return metrics_for_text(w, h, 100);
}
