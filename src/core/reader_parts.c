#include "reader_parts.h"

int doc_part_page(const content_doc *doc, const doc_layout *layout, int part)
{
    for (int r = 0; r < layout->row_count; r++) {
        const doc_row *row = &layout->rows[r];
        if (row->kind == ROW_SPACE || row->block < 0 || row->block >= doc->block_count)
            continue;
        if (content_block_section(doc, row->block) == part)
            return row->page;
    }
    return -1;
}

const char *doc_part_heading(const content_doc *doc, int part)
{
    for (int b = 0; b < doc->block_count; b++)
        if (content_block_section(doc, b) == part)
            return doc->blocks[b].type == BLOCK_HEADING ? doc->blocks[b].text : NULL;
    return NULL;
}
