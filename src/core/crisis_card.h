/* crisis_card: the "Get help now" list on one screen, for a person in crisis.
 *
 * Every help line of the document as a card in a grid, in content order
 * (911 first, then 988): a phone, text or emergency icon, the number large,
 * the name, and the detail when the screen has room for it. The emergency
 * line (911) has the red accent. The richest form that fits the area is
 * chosen (cards with details, then without, then one line each), in as many
 * columns as the width allows at a readable measure; text is never shrunk.
 * Cards are not tap targets (a kiosk cannot call). Keeps nothing. */
#ifndef LANTERN_CRISIS_CARD_H
#define LANTERN_CRISIS_CARD_H

#include <stdbool.h>

#include "content.h"
#include "draw.h"
#include "layout.h"

typedef enum { CRISIS_FULL, CRISIS_NO_DETAIL, CRISIS_COMPACT } crisis_form;

typedef struct {
    crisis_form form;
    int cols;
    int height; /* of the grid */
    bool fits;  /* false: even the compact form is taller than the area */
    int cards;  /* help lines in the document */
    int shown;  /* drawn (from first): all of them when it fits */
    bool cut;   /* a name or detail shown cut short, or a word split across lines */
} crisis_fit;

/* Chooses the form and columns for area (dl NULL) or draws it (dl set),
 * from the first-th help line on: when even the compact form does not fit
 * (a small panel), as many rows as fit are drawn and the caller pages. */
crisis_fit crisis_card_layout(draw_list *dl, const content_doc *help, const text_metrics *tm,
                              const metrics *m, rect area, int first);

#endif
