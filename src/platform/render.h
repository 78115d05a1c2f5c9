/* render: draws a draw_list with an SDL_Renderer.
 *
 * Owns the fonts (at most two TTF_Fonts per style, opened on first use, the
 * least recently used one set to a new size), a bounded cache of rasterized text (a line is
 * rasterized once, only its inked part kept, and reused until evicted, least recently used first),
 * a cache of measured widths (hashes only, see renderer_cache_widths) and a cache of image
 * textures. Provides the text_metrics the logic lays text out with. renderer_create() borrows the
 * SDL_Renderer; renderer_destroy() frees what it made. */
#ifndef LANTERN_RENDER_H
#define LANTERN_RENDER_H

#include <SDL2/SDL.h>
#include <stddef.h>

#include "../core/draw.h"
#include "../core/layout.h"

typedef struct renderer renderer;

typedef struct {
    unsigned long rasterized; /* lines of text turned into textures, ever */
    unsigned long hits;       /* lines drawn from the cache */
    size_t cache_bytes;       /* texture bytes held now */
    unsigned long sensitive;  /* lines of typed text drawn (never cached), ever */
} render_stats;

/* Returns NULL and writes one line to err when a font cannot be opened. */
renderer *renderer_create(SDL_Renderer *sdl, const char *font, const char *font_bold,
                          const char *content_root, size_t cache_bytes, char *err, size_t err_size);
void renderer_destroy(renderer *r);
/* The icon font (FONT_ICON); "" or one that cannot be opened: icons are left
 * out (logged once), the rest draws as before. */
void renderer_set_icon_font(renderer *r, const char *path);
void renderer_set_content_root(renderer *r, const char *root);
const text_metrics *renderer_metrics(renderer *r);
/* Measured widths are remembered (as hashes of the text, never the text)
 * while on; off wipes them and measures afresh. The loop turns it off while
 * anything a visitor typed could be laid out (kiosk_turn). On at start. */
void renderer_cache_widths(renderer *r, bool on);
void renderer_draw(renderer *r, const draw_list *dl);
render_stats renderer_stats(const renderer *r);
/* True when the bytes are anywhere in the renderer's own memory, or the
 * width of exactly that text is cached (for tests: typed text must never be
 * kept there). */
bool renderer_holds_bytes(const renderer *r, const void *needle, size_t n);

#endif
