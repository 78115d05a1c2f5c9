/* image_lib: SDL2_image, loaded only when an image is first needed (a
 * content image, a screenshot), through SDL_LoadObject. The kiosk's welcome
 * screen has no picture, so start-up maps none of the codec libraries (PNG,
 * JPEG, TIFF, WebP...): lower start-up memory, and nothing of them touched
 * for a visitor who never opens a module with an image.
 *
 * Every function loads the library on first use; when it cannot be loaded
 * they fail (NULL, -1) with SDL_GetError() saying why. The functions that
 * take an SDL_RWops always free it. image_lib_unload() at exit. */
#ifndef LANTERN_IMAGE_LIB_H
#define LANTERN_IMAGE_LIB_H

#include <SDL2/SDL.h>
#include <stdbool.h>

bool image_lib_load(void);
SDL_Surface *image_load_rw(SDL_RWops *rw);
SDL_Texture *image_load_texture_rw(SDL_Renderer *r, SDL_RWops *rw);
int image_save_png(SDL_Surface *s, const char *path);
void image_lib_unload(void);

#endif
