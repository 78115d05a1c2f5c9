#include "layout_link.h"

#include <string.h>

#include "icons.h"
#include "look.h"

enum { LINK_MAX_LINES = 3 };

/* Room the two icons take beside the label. */
static int icons_w(const metrics *m)
{
    return 2 * (m->icon_px + m->pad / 2) + 2 * m->pad / 2 + m->pad / 2;
}

void link_button_size(const text_metrics *tm, const metrics *m, const char *label, int area_w,
                      int *w, int *h)
{
    int len = (int)strlen(label), room = area_w - icons_w(m);
    line_span lines[LINK_MAX_LINES];
    int n = wrap_text(tm, label, len, m->button_px, FONT_BOLD, room, lines, LINK_MAX_LINES);
    if (n > LINK_MAX_LINES)
        n = LINK_MAX_LINES;
    int widest = 0;
    for (int i = 0; i < n; i++)
        widest = lines[i].w > widest ? lines[i].w : widest;
    int lh = tm->line_height(tm->ctx, m->button_px, FONT_BOLD);
    *w = widest + icons_w(m);
    if (*w < m->min_button_w)
        *w = m->min_button_w;
    if (*w > area_w)
        *w = area_w;
    *h = n * lh + m->pad / 2 > m->button_h ? n * lh + m->pad / 2 : m->button_h;
}

void link_button_draw(draw_list *out, const text_metrics *tm, const metrics *m, rect r,
                      const char *label, const char *icon_name, int doc, rect clip)
{
    look_colors c = look_box(out, r, LOOK_SECONDARY, false, m);
    const icon_def *icon = icon_name ? icon_by_name(icon_name) : NULL;
    int icon_y = r.y + (r.h - m->icon_px) / 2;
    draw_icon(out, (rect){r.x + m->pad / 2, icon_y, m->icon_px, m->icon_px},
              icon ? icon->utf8 : ICON_BOOK, m->icon_px, c.fg, c.bg);
    draw_icon(out, (rect){r.x + r.w - m->pad / 2 - m->icon_px, icon_y, m->icon_px, m->icon_px},
              ICON_CHEVRON, m->icon_px, c.fg, c.bg);
    int len = (int)strlen(label), room = r.w - icons_w(m);
    line_span lines[LINK_MAX_LINES];
    int n = wrap_text(tm, label, len, m->button_px, FONT_BOLD, room, lines, LINK_MAX_LINES);
    if (n > LINK_MAX_LINES)
        n = LINK_MAX_LINES;
    int lh = tm->line_height(tm->ctx, m->button_px, FONT_BOLD);
    int x = r.x + m->pad / 2 + m->icon_px + m->pad / 2 + m->pad / 2, y = r.y + (r.h - n * lh) / 2;
    int widest = 0;
    for (int i = 0; i < n; i++) {
        draw_text(out, (rect){x, y + i * lh, lines[i].w, lh}, label + lines[i].off, lines[i].len,
                  m->button_px, FONT_BOLD, c.fg, c.bg);
        widest = lines[i].w > widest ? lines[i].w : widest;
    }
    if (n > 0) {
        int shown = lines[n - 1].off + lines[n - 1].len;
        draw_item_add(out, label, shown, (rect){x, y, widest, n * lh}, clip);
    }
    draw_target_add(out, r, ACT_LINK, doc);
}
