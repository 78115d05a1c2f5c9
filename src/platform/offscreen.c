#include "offscreen.h"
#include "image_lib.h"

#include <SDL2/SDL.h>
#include <SDL2/SDL_ttf.h>
#include <stdlib.h>

#include "../core/util.h"

struct offscreen {
    SDL_Surface *surface;
    SDL_Renderer *sdl;
    renderer *rend;
};

offscreen *offscreen_create(const config *cfg, const char *content_root, int w, int h, char *err, size_t err_size)
{
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
    SDL_setenv("SDL_VIDEODRIVER", "dummy", 1);
    SDL_setenv("SDL_AUDIODRIVER", "dummy", 1);
    if (SDL_Init(SDL_INIT_VIDEO) != 0 || TTF_Init() != 0) {
        str_format(err, err_size, "cannot start SDL: %s", SDL_GetError());
        return NULL;
    }
    offscreen *o = calloc(1, sizeof *o);
    if (!o) {
        str_copy(err, err_size, "out of memory");
        goto fail;
    }
    o->surface = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    o->sdl = o->surface ? SDL_CreateSoftwareRenderer(o->surface) : NULL;
    if (!o->sdl) {
        str_format(err, err_size, "cannot create the software renderer: %s", SDL_GetError());
        goto fail;
    }
    o->rend = renderer_create(o->sdl, cfg->font, cfg->font_bold, content_root, cfg->text_cache_bytes, err, err_size);
    if (!o->rend)
        goto fail;
    renderer_set_icon_font(o->rend, cfg->icon_font);
    return o;
fail:
    offscreen_destroy(o);
    return NULL;
}

void offscreen_destroy(offscreen *o)
{
    if (o) {
        renderer_destroy(o->rend);
        if (o->sdl)
            SDL_DestroyRenderer(o->sdl);
        SDL_FreeSurface(o->surface);
        free(o);
    }
    image_lib_unload();
    TTF_Quit();
    SDL_Quit();
}

renderer *offscreen_renderer(offscreen *o)
{
    return o->rend;
}

void offscreen_draw(offscreen *o, const draw_list *dl)
{
    renderer_draw(o->rend, dl);
    SDL_RenderFlush(o->sdl);
}

bool offscreen_save_png(offscreen *o, const char *path, char *err, size_t err_size)
{
    if (image_save_png(o->surface, path) != 0) {
        str_format(err, err_size, "%s: cannot write: %s", path, SDL_GetError());
        return false;
    }
    return true;
}
