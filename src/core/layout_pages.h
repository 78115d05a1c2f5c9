/* layout_pages: where a laid-out document's pages break (layout.c's rows in,
 * each row's page and y out).
 *
 * All of a document's breaks are chosen together, the way TeX chooses a
 * paragraph's line breaks: of every legal set of breaks, the one with the
 * fewest pages under LAYOUT_MIN_FILL_PERCENT (a module's last page and a page
 * before an explicit break excepted), then the fewest pages, then the fewest
 * split sections and boxes and the least empty space. A page taking one line
 * from the page before it can save that page from being half empty, which a
 * first-fit pass never sees.
 *
 * Hard rules: an explicit page break; a row kept with the next one (a
 * heading, a box's first line, a lead-in ending in ":") unless a box allows
 * a split there; a heading without a line of its section under it (with one
 * line, not two, only to save a page from being half empty); a row beside
 * a code; inside a sentence that holds a number ("Call 911 or Poison
 * Control now", a phone number): it is read whole, on one page. A chain
 * taller than a page breaks where it must. Softer: a page would rather end
 * at a sentence's end.
 *
 * Memory: scratch arrays for the length of the call, freed before it
 * returns. Out of memory, it falls back to one row after another until a
 * page is full (a layout, if a plainer one). */
#ifndef LANTERN_LAYOUT_PAGES_H
#define LANTERN_LAYOUT_PAGES_H

#include "layout.h"

/* Sets page and y of every row of dl, page_first, page_count and truncated,
 * for a text area area_h high. Rows' h must be as built (it zeroes a blank
 * row at the top of a page). */
void layout_paginate(doc_layout *dl, int area_h);

#endif
