/* app_driver: drives the app like a visitor in unit tests: taps on what is
 * drawn, typed text, and the virtual clock. One copy for every app test. */
#ifndef LANTERN_APP_DRIVER_H
#define LANTERN_APP_DRIVER_H

#include <string.h>

#include "check.h"
#include "core/app.h"
#include "fake_metrics.h"

static const content_set *content;
static int64_t now;

static inline app *start(int w, int h)
{
    now = 0;
    return app_create(content, &FAKE_METRICS, w, h, (app_timing){120000, 20000});
}

/* A tap on what is on screen: the display shows the current frame first. */
static inline bool tap(app *a, int x, int y)
{
    app_present(a);
    return app_handle(a, &(app_event){.type = EV_TAP, .now_ms = now, .x = x, .y = y});
}

static inline bool tap_held(app *a, int x, int y, int held_ms)
{
    app_present(a);
    return app_handle(a, &(app_event){.type = EV_TAP, .now_ms = now, .x = x, .y = y, .held_ms = held_ms});
}

static inline bool type(app *a, const char *text)
{
    return app_handle(a, &(app_event){.type = EV_TEXT, .now_ms = now, .text = text});
}

static inline const draw_item *find_item(app *a, const char *text)
{
    const draw_list *dl = app_frame(a);
    for (int i = 0; i < dl->item_count; i++)
        if ((size_t)dl->items[i].len == strlen(text) && memcmp(dl->items[i].text, text, strlen(text)) == 0)
            return &dl->items[i];
    return NULL;
}

/* True when any visible text item contains needle. */
static inline bool frame_contains(app *a, const char *needle)
{
    const draw_list *dl = app_frame(a);
    size_t n = strlen(needle);
    for (int i = 0; i < dl->item_count; i++)
        for (int k = 0; k + (int)n <= dl->items[i].len; k++)
            if (memcmp(dl->items[i].text + k, needle, n) == 0)
                return true;
    for (int i = 0; i < dl->cmd_count; i++)
        if (dl->cmds[i].type == CMD_TEXT)
            for (int k = 0; k + (int)n <= dl->cmds[i].len; k++)
                if (memcmp(dl->cmds[i].text + k, needle, n) == 0)
                    return true;
    return false;
}

static inline bool tap_text(app *a, const char *text)
{
    const draw_item *it = find_item(a, text);
    CHECK_MSG(it != NULL, "no item \"%s\" on %s", text, app_screen_name(a));
    if (!it)
        return false;
    return tap(a, it->r.x + it->r.w / 2, it->r.y + it->r.h / 2);
}

static inline void advance(app *a, int64_t ms)
{
    int64_t target = now + ms;
    for (int64_t d = app_next_deadline(a); d >= 0 && d <= target; d = app_next_deadline(a)) {
        now = d;
        app_handle(a, &(app_event){.type = EV_TICK, .now_ms = now});
        if (app_next_deadline(a) == d)
            break;
    }
    now = target;
    app_handle(a, &(app_event){.type = EV_TICK, .now_ms = now});
}

static inline const char *ui_en(const char *key)
{
    return content_ui(&content->langs[0], key);
}

static inline const char *ui_es(const char *key)
{
    return content_ui(&content->langs[1], key);
}

/* The hidden staff gesture: hold top-left 5 s, then the other corners. */
static inline void staff_gesture(app *a, int w, int h)
{
    tap_held(a, 5, 5, 5000);
    tap(a, w - 5, 5);
    tap(a, w - 5, h - 5);
    tap(a, 5, h - 5);
}

#endif
