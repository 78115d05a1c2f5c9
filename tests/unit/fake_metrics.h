/* A fixed-width stand-in for the font: every code point is px/2 wide (bold
 * px*0.55), lines are px*4/3 apart. Lets layout run without SDL. */
#ifndef LANTERN_FAKE_METRICS_H
#define LANTERN_FAKE_METRICS_H

#include "core/layout.h"

static int fake_width(void *ctx, const char *s, int len, int px, font_style st)
{
    (void)ctx;
    int cps = 0;
    for (int i = 0; i < len; i++)
        cps += ((unsigned char)s[i] & 0xC0) != 0x80;
    return st == FONT_BOLD ? cps * px * 55 / 100 : cps * px / 2;
}

static int fake_line_height(void *ctx, int px, font_style st)
{
    (void)ctx;
    (void)st;
    return px * 4 / 3;
}

static const text_metrics FAKE_METRICS = {fake_width, fake_line_height, NULL};

#endif
