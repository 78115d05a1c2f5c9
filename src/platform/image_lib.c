#include "image_lib.h"

#include <SDL2/SDL_image.h>

#include "../core/util.h"

static struct {
    void *handle;
    bool tried;
    int (*init)(int flags);
    void (*quit)(void);
    SDL_Surface *(*load_rw)(SDL_RWops *src, int freesrc);
    SDL_Texture *(*load_texture_rw)(SDL_Renderer *renderer, SDL_RWops *src, int freesrc);
    int (*save_png)(SDL_Surface *surface, const char *file);
} lib;

bool image_lib_load(void)
{
    if (lib.tried)
        return lib.handle != NULL;
    lib.tried = true;
    lib.handle = SDL_LoadObject("libSDL2_image-2.0.so.0");
    if (lib.handle) {
        lib.init = (int (*)(int))SDL_LoadFunction(lib.handle, "IMG_Init");
        lib.quit = (void (*)(void))SDL_LoadFunction(lib.handle, "IMG_Quit");
        lib.load_rw = (SDL_Surface * (*)(SDL_RWops *, int)) SDL_LoadFunction(lib.handle, "IMG_Load_RW");
        lib.load_texture_rw = (SDL_Texture * (*)(SDL_Renderer *, SDL_RWops *, int))
            SDL_LoadFunction(lib.handle, "IMG_LoadTexture_RW");
        lib.save_png = (int (*)(SDL_Surface *, const char *))SDL_LoadFunction(lib.handle, "IMG_SavePNG");
    }
    if (!lib.handle || !lib.init || !lib.quit || !lib.load_rw || !lib.load_texture_rw || !lib.save_png) {
        log_msg(LOG_ERROR, "SDL2_image cannot be loaded (libsdl2-image-2.0-0): %s; images will not show",
                SDL_GetError());
        if (lib.handle)
            SDL_UnloadObject(lib.handle);
        lib.handle = NULL;
        return false;
    }
    int want = IMG_INIT_PNG | IMG_INIT_JPG;
    if ((lib.init(want) & want) != want)
        log_msg(LOG_WARN, "SDL_image: PNG or JPEG support missing: %s", SDL_GetError());
    return true;
}

SDL_Surface *image_load_rw(SDL_RWops *rw)
{
    if (!image_lib_load()) {
        SDL_RWclose(rw);
        return NULL;
    }
    return lib.load_rw(rw, 1);
}

SDL_Texture *image_load_texture_rw(SDL_Renderer *r, SDL_RWops *rw)
{
    if (!image_lib_load()) {
        SDL_RWclose(rw);
        return NULL;
    }
    return lib.load_texture_rw(r, rw, 1);
}

int image_save_png(SDL_Surface *s, const char *path)
{
    return image_lib_load() ? lib.save_png(s, path) : -1;
}

void image_lib_unload(void)
{
    if (lib.handle) {
        lib.quit();
        SDL_UnloadObject(lib.handle);
    }
    lib.handle = NULL;
    lib.tried = false;
}
