/* offscreen: SDL's software renderer drawing to a surface, with no display.
 * The headless harness, `lanternctl preview` and `lanternctl validate` draw
 * and measure through it exactly as the kiosk does on screen.
 *
 * offscreen_create() starts SDL (dummy video driver), SDL_ttf and SDL_image;
 * offscreen_destroy() stops them and frees everything. */
#ifndef LANTERN_OFFSCREEN_H
#define LANTERN_OFFSCREEN_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/config.h"
#include "render.h"

typedef struct offscreen offscreen;

offscreen *offscreen_create(const config *cfg, const char *content_root, int w, int h, char *err, size_t err_size);
void offscreen_destroy(offscreen *o);
renderer *offscreen_renderer(offscreen *o);
/* Draws dl onto the surface (the frame as it would be displayed). */
void offscreen_draw(offscreen *o, const draw_list *dl);
/* Saves the surface as a PNG; false (with SDL's reason in err) on failure. */
bool offscreen_save_png(offscreen *o, const char *path, char *err, size_t err_size);

#endif
