#include "look.h"

int look_edge_px(const metrics *m)
{
    int px = (int)(0.5 / m->mm_per_px + 0.5);
    return px < 2 ? 2 : px;
}

void look_frame(draw_list *dl, rect r, int px, color c)
{
    if (px * 2 >= r.w || px * 2 >= r.h) {
        draw_fill(dl, r, c);
        return;
    }
    draw_fill(dl, (rect){r.x, r.y, r.w, px}, c);
    draw_fill(dl, (rect){r.x, r.y + r.h - px, r.w, px}, c);
    draw_fill(dl, (rect){r.x, r.y + px, px, r.h - 2 * px}, c);
    draw_fill(dl, (rect){r.x + r.w - px, r.y + px, px, r.h - 2 * px}, c);
}

look_colors look_box(draw_list *dl, rect r, look_kind kind, bool chosen, const metrics *m)
{
    int edge = look_edge_px(m);
    switch (kind) {
    case LOOK_PRIMARY:
        draw_fill(dl, r, THEME.accent);
        return (look_colors){THEME.on_accent, THEME.accent};
    case LOOK_DANGER:
        draw_fill(dl, r, THEME.danger);
        return (look_colors){THEME.on_danger, THEME.danger};
    case LOOK_DISABLED:
        draw_fill(dl, r, THEME.disabled);
        look_frame(dl, r, edge, THEME.edge); /* still a button, that cannot act yet */
        return (look_colors){THEME.on_disabled, THEME.disabled};
    case LOOK_OPTION:
        if (chosen) {
            draw_fill(dl, r, THEME.selected);
            look_frame(dl, r, edge * 2, THEME.accent);
            return (look_colors){THEME.on_selected, THEME.selected};
        }
        draw_fill(dl, r, THEME.tile);
        look_frame(dl, r, edge, THEME.edge);
        return (look_colors){THEME.tile_title, THEME.tile};
    case LOOK_SECONDARY:
    default:
        draw_fill(dl, r, THEME.button2);
        look_frame(dl, r, edge, THEME.edge);
        return (look_colors){THEME.on_button2, THEME.button2};
    }
}
