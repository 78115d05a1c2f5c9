/* reader_nav: where the reader is in a module, and the way back from a link.
 *
 * The running head names the module and the part the page is in ("Part 2 of
 * 4: When to call 911") on one line, and under it, in the gap the head always
 * had, a bar of one segment a page filled up to this one: nothing is taken
 * from the page's text. A link (a "link" block, "About the groups") keeps the
 * place it was tapped on in a short list; Back returns there, Home forgets
 * them all. Shared by the screens (calls no screen module). */
#include "app_internal.h"

#include <stdio.h>

/* The section (1-based) the page's text starts in: its first row (not a
 * space) from a block; *opens: that row is the section's heading. */
static int page_section(const content_doc *doc, const doc_layout *layout, int page, bool *opens)
{
    *opens = false;
    if (page < 0 || page >= layout->page_count)
        return 1;
    for (int r = layout->page_first[page]; r < layout->page_first[page + 1]; r++) {
        const doc_row *row = &layout->rows[r];
        if (row->kind == ROW_SPACE || row->block < 0 || row->block >= doc->block_count)
            continue; /* the space after the last page's block is not this page's text */
        *opens = doc->blocks[row->block].type == BLOCK_HEADING &&
                 (r == 0 || layout->rows[r - 1].block != row->block);
        return content_block_section(doc, row->block);
    }
    return content_section_count(doc); /* a page of codes after the text: the last part */
}

/* Section s's heading, or NULL (text before the first heading has none). */
static const char *section_heading(const content_doc *doc, int s)
{
    for (int b = 0; b < doc->block_count; b++)
        if (content_block_section(doc, b) == s)
            return doc->blocks[b].type == BLOCK_HEADING ? doc->blocks[b].text : NULL;
    return NULL;
}

int reader_head_height(app *a)
{
    return a->tm->line_height(a->tm->ctx, a->m.small_px, FONT_BOLD);
}

static bool one_line(app *a, const char *s)
{
    return a->tm->text_width(a->tm->ctx, s, (int)strlen(s), a->m.small_px, FONT_BOLD) <= a->m.col_w;
}

void reader_head(app *a, draw_list *dl, const content_doc *doc, const doc_layout *layout, int page,
                 rect head)
{
    const metrics *m = &a->m;
    bool fac = a->staff.facilitator, opens = false;
    int section = page_section(doc, layout, page, &opens), sections = content_section_count(doc);
    char title[256], part[256], with_heading[512], text[768];
    str_format(title, sizeof title, "%s%s%s", fac ? ui(a, "facilitator.mark") : "",
               fac ? " · " : "", doc->title);
    char num[16], total[16];
    str_format(num, sizeof num, "%d", section);
    str_format(total, sizeof total, "%d", sections);
    const char *heading = section_heading(doc, section);
    const char *names[] = {"part", "parts", "heading"},
               *values[] = {num, total, heading ? heading : ""};
    str_fill(with_heading, sizeof with_heading, ui(a, "reader.part"), names, values, 3);
    /* Without a heading: the words up to the heading's slot ("Part 2 of 4"). */
    str_copy(part, sizeof part, with_heading);
    const char *slot = strstr(ui(a, "reader.part"), "{heading}");
    if (slot) {
        char format[256];
        str_copy(format, sizeof format, ui(a, "reader.part"));
        format[slot - ui(a, "reader.part")] = '\0';
        str_fill(part, sizeof part, format, names, values, 3);
        size_t n = strlen(part); /* "Part 2 of 4: " loses its ": " */
        while (n > 0 && (part[n - 1] == ' ' || part[n - 1] == ':'))
            part[--n] = '\0';
    }
    if (!heading)
        str_copy(with_heading, sizeof with_heading, part);
    /* One line, the module's name first (what is being read): on a page
     * that opens with its part's heading, the part's number (the heading is
     * right under it); on a page that continues a part, its heading too,
     * shortened with "…" when the line is full; on a narrow line the part
     * alone, its heading shortened. */
    char probe[768];
    str_format(probe, sizeof probe, "%s · %s: …", title, part);
    if (sections <= 1)
        str_copy(text, sizeof text, title);
    else if (opens && str_format(text, sizeof text, "%s · %s", title, part) && one_line(a, text))
        ;
    else if (!opens && one_line(a, probe))
        str_format(text, sizeof text, "%s · %s", title, with_heading);
    else
        str_copy(text, sizeof text, opens ? part : with_heading);
    rect full = {0, 0, m->w, m->h};
    if (fac)
        draw_fill(dl, (rect){0, head.y - m->gap / 2, m->w, head.h + m->gap}, THEME.desk);
    text_block(a, dl, draw_strdup(dl, text), m->small_px, FONT_BOLD, fac ? THEME.text : THEME.muted,
               fac ? THEME.desk : THEME.bg, head, ALIGN_LEFT, 1, full);
    /* The bar, in the middle of the gap under the line: one segment a page,
     * those read so far thick in the accent, the rest a thin line in the
     * edge colour (3:1 on the page). */
    int pages = layout->page_count > 0 ? layout->page_count : 1;
    int thick = m->gap / 3 > 3 ? m->gap / 3 : 3, thin = thick / 3 > 1 ? thick / 3 : 1;
    int mid = head.y + head.h + (m->gap + m->gap / 3) / 2; /* the line sits gap / 3 higher */
    int space = pages > 1 ? (m->gap / 2 > 3 ? m->gap / 2 : 3) : 0;
    int seg = (head.w - (pages - 1) * space) / pages;
    if (seg < 4 || pages > 12) { /* many pages (a small panel): one bar, calmer than dashes */
        int done = (int)((long)head.w * (page + 1) / pages);
        draw_fill(dl, (rect){head.x, mid - thin / 2, head.w, thin}, THEME.edge);
        draw_fill(dl, (rect){head.x, mid - thick / 2, done, thick}, THEME.accent);
        return;
    }
    for (int p = 0; p < pages; p++) {
        bool read = p <= page;
        int h = read ? thick : thin;
        draw_fill(dl, (rect){head.x + p * (seg + space), mid - h / 2, seg, h},
                  read ? THEME.accent : THEME.edge);
    }
}

/* ---- places to go back to ---- */

void nav_push(app *a)
{
    visit_state *v = &a->visit;
    if (v->back_count == VISIT_BACK_MAX) { /* the oldest place goes */
        memmove(&v->back[0], &v->back[1], (VISIT_BACK_MAX - 1) * sizeof v->back[0]);
        v->back_count--;
    }
    v->back[v->back_count++] = (visit_place){v->screen, v->doc, v->page, v->groups_page};
}

bool nav_pop(app *a)
{
    visit_state *v = &a->visit;
    if (v->back_count == 0)
        return false;
    visit_place p = v->back[--v->back_count];
    v->screen = p.screen;
    v->doc = p.doc;
    v->page = p.page;
    v->groups_page = p.groups_page;
    a->frame.dirty = true;
    return true;
}

void nav_forget(app *a)
{
    a->visit.back_count = 0;
}

bool nav_can_go_back(const app *a)
{
    return a->visit.back_count > 0;
}

/* ---- for the harness ---- */

const char *app_doc_id(const app *a)
{
    if (a->visit.screen != SCREEN_READER || a->visit.doc < 0 ||
        a->visit.doc >= lang_of(a)->doc_count)
        return NULL;
    return lang_of(a)->docs[a->visit.doc].id;
}

int app_reader_part(const app *a, int *parts)
{
    *parts = 0;
    if (!app_doc_id(a) || a->cache.reader.doc != &lang_of(a)->docs[a->visit.doc])
        return 0;
    const content_doc *doc = a->cache.reader.doc;
    bool opens;
    *parts = content_section_count(doc);
    return page_section(doc, &a->cache.reader.layout, a->visit.page, &opens);
}
