/* reader_parts: where each part of a module starts, from its laid-out pages.
 * A part is a module's section (content_block_section): the text before the
 * first heading, then each heading and what follows it. The reader's list of
 * parts (reader_nav.c) opens the page a part starts on. Pure functions over a
 * document and its layout; nothing to free. */
#ifndef LANTERN_READER_PARTS_H
#define LANTERN_READER_PARTS_H

#include "content.h"
#include "layout.h"

/* The page (0-based) part `part` (1-based) starts on: the page of its first
 * drawn row; -1 when the layout has no row of that part (a part number out
 * of range). */
int doc_part_page(const content_doc *doc, const doc_layout *layout, int part);

/* Part `part`'s heading, or NULL (text before the first heading has none). */
const char *doc_part_heading(const content_doc *doc, int part);

#endif
