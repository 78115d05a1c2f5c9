/* look: how the kiosk's controls are drawn, one place for every screen.
 *
 * A control is a box with an edge that stands out from the page (WCAG
 * 1.4.11: 3:1), and a label in a colour that stands out from the box (7:1):
 *   LOOK_PRIMARY    the action a screen leads to (Next, Send): solid accent
 *   LOOK_SECONDARY  everything else (Home, Back, Cancel): light, with an edge
 *   LOOK_OPTION     a choice; chosen: tinted, a thick accent edge and a check
 *   LOOK_DANGER     the emergency line: the red accent
 *   LOOK_DISABLED   cannot act yet: flat, its own colours, no edge accent
 * look_box() draws the box and returns the label's colours. Draws into the
 * caller's draw list; keeps nothing. */
#ifndef LANTERN_LOOK_H
#define LANTERN_LOOK_H

#include <stdbool.h>

#include "draw.h"
#include "layout.h"

typedef enum { LOOK_PRIMARY, LOOK_SECONDARY, LOOK_OPTION, LOOK_DANGER, LOOK_DISABLED } look_kind;

typedef struct {
    color fg, bg; /* the label's colour and what it sits on */
} look_colors;

/* The width of a control's edge: 0.5 mm, at least 2 px. */
int look_edge_px(const metrics *m);
/* Draws the box of a control of kind in r (chosen: an option that is
 * selected). */
look_colors look_box(draw_list *dl, rect r, look_kind kind, bool chosen, const metrics *m);
/* An edge of width px around r, inside it, in c. */
void look_frame(draw_list *dl, rect r, int px, color c);

#endif
