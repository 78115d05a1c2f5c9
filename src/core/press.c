#include "press.h"

#include <string.h>

static const draw_target *topmost(const draw_target *targets, int n, int x, int y)
{
    for (int i = n - 1; i >= 0; i--)
        if (rect_contains(targets[i].r, x, y))
            return &targets[i];
    return NULL;
}

bool press_down(press_state *p, const draw_target *targets, int n, int x, int y, int64_t now)
{
    memset(p, 0, sizeof *p);
    p->down = true;
    p->x = x, p->y = y;
    p->since = now;
    const draw_target *t = topmost(targets, n, x, y);
    if (!t || t->act == ACT_NONE)
        return false;
    p->pressed = true;
    p->on = *t;
    return true;
}

bool press_move(press_state *p, int x, int y)
{
    if (!p->pressed || rect_contains(p->on.r, x, y))
        return false;
    p->pressed = false; /* dragged off: it never acts */
    p->cancelled = true;
    return true;
}

bool press_up(press_state *p, int x, int y, draw_target *out)
{
    bool act = p->pressed && rect_contains(p->on.r, x, y);
    if (act)
        *out = p->on;
    memset(p, 0, sizeof *p);
    return act;
}

void press_cancel(press_state *p)
{
    memset(p, 0, sizeof *p);
}

void press_overlay(const press_state *p, draw_list *dl, const metrics *m)
{
    if (!p->pressed)
        return;
    rect r = p->on.r;
    if ((long)r.w * r.h > (long)m->w * m->h / 3)
        return; /* a whole-screen target (wake, touch test): no tint over everything */
    color tint = THEME.pressed;
    tint.a = 96;
    draw_fill(dl, r, tint);
    int ring = (int)(0.8 / m->mm_per_px + 0.5); /* 0.8 mm */
    if (ring < 3)
        ring = 3;
    if (ring * 2 >= r.w || ring * 2 >= r.h)
        return;
    draw_fill(dl, (rect){r.x, r.y, r.w, ring}, THEME.pressed);
    draw_fill(dl, (rect){r.x, r.y + r.h - ring, r.w, ring}, THEME.pressed);
    draw_fill(dl, (rect){r.x, r.y, ring, r.h}, THEME.pressed);
    draw_fill(dl, (rect){r.x + r.w - ring, r.y, ring, r.h}, THEME.pressed);
}
