/* press: a finger on the screen, from down to up, against the targets of
 * the frame on screen.
 *
 * Finger-down on a target presses it (drawn pressed in the next frame: see
 * press_overlay); moving off the target cancels the press (a drag off never
 * acts); lifting inside the same target acts, once. A finger-down on no
 * target presses nothing. Plain struct: nothing to free. */
#ifndef LANTERN_PRESS_H
#define LANTERN_PRESS_H

#include <stdbool.h>
#include <stdint.h>

#include "draw.h"
#include "layout.h"

typedef struct {
    bool down;      /* a finger is on the screen */
    bool pressed;   /* ... on a target, and has not left it */
    bool cancelled; /* it left its target: lifting does nothing */
    draw_target on; /* that target (its rect, action and argument) */
    int x, y;       /* where the finger went down */
    int64_t since;  /* when, on the kiosk's clock */
} press_state;

/* Finger down at (x, y): the topmost of the n targets under it is pressed.
 * Returns true when something is now drawn pressed. */
bool press_down(press_state *p, const draw_target *targets, int n, int x, int y, int64_t now);
/* The finger moved to (x, y). Returns true when the press was cancelled (it
 * left its target): the frame must be redrawn without it. */
bool press_move(press_state *p, int x, int y);
/* The finger lifted at (x, y). Returns true, with the target in out, when
 * it lifted inside the target it pressed; either way the press ends. */
bool press_up(press_state *p, int x, int y, draw_target *out);
/* Ends any press without acting (the screen changed under the finger). */
void press_cancel(press_state *p);

/* Draws the pressed look over the pressed target: a darker tint and a thick
 * inner ring in THEME.pressed, so every button, tile, key and option shows
 * it the same way. Nothing when no target is pressed. */
void press_overlay(const press_state *p, draw_list *dl, const metrics *m);

#endif
