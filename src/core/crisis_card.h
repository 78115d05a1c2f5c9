/* crisis_card: the "Get help now" list, for a person in crisis.
 *
 * Every help line of the document as a card in a grid, in content order
 * (911 first, then 988): a phone, text or emergency icon, the number large,
 * the name (without the number repeated in it: "988 · Suicide & Crisis
 * Lifeline", not "988 · 988 Suicide..."), and what it is for. The emergency
 * line (911) has the red accent. The richest form that fits the area is
 * chosen: the whole detail, else the line's short note (content's "note":
 * which lines are not crisis lines, how to reach them in Spanish) under the
 * name, else the name beside the number with the note under both (else,
 * only where that is what makes one screen, without the notes); in as few
 * columns as fit at a readable measure. Text is never shrunk and never
 * cut: a form fits only when every name, detail and note is whole. Cards
 * are not tap targets (a kiosk cannot call). Keeps nothing. */
#ifndef LANTERN_CRISIS_CARD_H
#define LANTERN_CRISIS_CARD_H

#include <stdbool.h>

#include "content.h"
#include "draw.h"
#include "layout.h"

/* Richest first. CRISIS_BARE (the compact form without notes) is the last
 * resort for one screen, never used to page. */
typedef enum { CRISIS_FULL, CRISIS_NOTE, CRISIS_COMPACT, CRISIS_BARE } crisis_form;

typedef struct {
    crisis_form form;
    int cols;
    int height; /* of the grid */
    bool fits;  /* false: even the compact form is taller than the area */
    int cards;  /* help lines in the document */
    int shown;  /* drawn (from first): all of them when it fits */
    bool cut;   /* a name, detail or note shown cut short, or a word split across lines */
    bool rows;  /* in rows (cards side by side aligned), else down the columns in order */
} crisis_fit;

/* Chooses the form and columns for area (dl NULL) or draws it (dl set),
 * from the first-th help line on: when even the compact form does not fit
 * (a small panel), as many rows as fit are drawn in the compact form (with
 * the notes) and the caller pages. page_h: then, the height of a full page,
 * which alone (with the width) picks the columns, so that every page has
 * the same (0: area.h). The first row is drawn even when taller than area:
 * height then says so. */
crisis_fit crisis_card_layout(draw_list *dl, const content_doc *help, const text_metrics *tm,
                              const metrics *m, rect area, int first, int page_h);

/* The name as a card shows it under or beside its number: without the
 * number when the name repeats it as a word ("988 Suicide & Crisis
 * Lifeline" -> "Suicide & Crisis Lifeline"), else the name itself. Writes
 * into out (size bytes) and returns it, or returns name unchanged. */
const char *crisis_card_name(const char *name, const char *number, char *out, size_t size);

#endif
