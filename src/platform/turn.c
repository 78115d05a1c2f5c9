#include "turn.h"

/* Widths are cached only where nothing a visitor typed can be laid out: the
 * reading screens with an empty form (a form, review or staff screen
 * measures afresh, and leaving the cache off wipes it). */
static void choose_width_cache(kiosk_parts *k)
{
    screen_id s = app_screen(k->a);
    bool reading = s == SCREEN_ATTRACT || s == SCREEN_HOME || s == SCREEN_READER ||
                   s == SCREEN_CRISIS || s == SCREEN_GROUPS;
    renderer_cache_widths(k->rend, reading && app_form_is_empty(k->a));
}

bool kiosk_turn(kiosk_parts *k, const app_event *ev, int64_t wall)
{
    app_event e = *ev;
    if (e.wall == 0)
        e.wall = wall;
    bool changed = app_handle(k->a, &e);
    changed |= contact_poll(k->form, k->a);
    changed |= voice_pump(k->voice, k->a, reloader_current(k->reload)->real_root);
    if (k->staff) {
        int status = staff_poll(k->staff, k->a, k->reload, k->form, wall, e.now_ms, &changed);
        if (status >= 0 && k->exit_status < 0)
            k->exit_status = status;
    }
    /* A set waiting for the attract screen goes live as soon as the turn
     * reached it (an idle reset), not at some later wake-up. */
    changed |= kiosk_take_content(k, e.now_ms);
    choose_width_cache(k);
    return changed;
}

bool kiosk_take_content(kiosk_parts *k, int64_t now_ms)
{
    if (!reloader_poll(k->reload, k->a, now_ms))
        return false;
    renderer_set_content_root(k->rend, reloader_current(k->reload)->real_root);
    return true;
}
