/* layout_link: a link block's button inside a document page (layout.c asks
 * its size when laying the page out, and draws it with it).
 *
 * The button reads as one: the page's secondary control look (an edge that
 * stands out 3:1), the target's own Home icon at its left, the label (the
 * target's title) in the buttons' type, and a chevron at its right; at least
 * the panel's target height. Keeps nothing; draws into the caller's list. */
#ifndef LANTERN_LAYOUT_LINK_H
#define LANTERN_LAYOUT_LINK_H

#include "draw.h"
#include "layout.h"

/* The button's size for label in a column area_w wide: *w at most area_w. */
void link_button_size(const text_metrics *tm, const metrics *m, const char *label, int area_w,
                      int *w, int *h);
/* Draws it in r: its box, icon (icon_name, a Material Icons name, or NULL
 * for a book), label and chevron, the label as a harness item clipped to
 * clip, and a tap target r opening document doc (ACT_LINK). */
void link_button_draw(draw_list *out, const text_metrics *tm, const metrics *m, rect r,
                      const char *label, const char *icon_name, int doc, rect clip);

#endif
