/* The floor for Lantern's benchmark: the least an SDL2 + SDL2_ttf program
 * can do to put one line of text on the screen. It opens a window with SDL's
 * software renderer, draws one line of Noto Sans at 40 px, presents, and then
 * either exits (--exit-after-first-frame) or sleeps in SDL_WaitEvent until it
 * is closed, redrawing only when the window system asks (expose, resize).
 *
 *   floor [--size WxH] [--font FILE] [--exit-after-first-frame]
 *   floor --headless-frames N --frame-times FILE [--size WxH] [--font FILE]
 *
 * The second form draws N frames on an off-screen software surface, as
 * Lantern's headless harness does, and writes each frame's render time in ms
 * (clear, copy the line, flush), one per line: the cost of a frame with
 * nothing on it, for comparison with Lantern's paging frame times.
 *
 * Build: gcc -std=c11 -O2 -Wall -Wextra -Werror floor.c -o floor \
 *            $(pkg-config --cflags --libs sdl2 SDL2_ttf)
 */
#include <SDL2/SDL.h>
#include <SDL2/SDL_ttf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char LINE[] = "Lantern benchmark floor: one line of text.";

static void usage(void)
{
    fputs("usage: floor [--size WxH] [--font FILE] [--exit-after-first-frame]\n"
          "       floor --headless-frames N --frame-times FILE [--size WxH] [--font FILE]\n",
          stderr);
}

/* Renders LINE once into a texture for this renderer. */
static SDL_Texture *make_line(SDL_Renderer *r, TTF_Font *font, int *w, int *h)
{
    SDL_Surface *s = TTF_RenderUTF8_Blended(font, LINE, (SDL_Color){20, 20, 20, 255});
    if (!s) {
        fprintf(stderr, "floor: cannot render text: %s\n", TTF_GetError());
        return NULL;
    }
    SDL_Texture *t = SDL_CreateTextureFromSurface(r, s);
    *w = s->w;
    *h = s->h;
    SDL_FreeSurface(s);
    if (!t)
        fprintf(stderr, "floor: cannot create texture: %s\n", SDL_GetError());
    return t;
}

static void draw(SDL_Renderer *r, SDL_Texture *t, int tw, int th)
{
    SDL_SetRenderDrawColor(r, 250, 248, 242, 255);
    SDL_RenderClear(r);
    SDL_Rect dst = {80, 80, tw, th};
    SDL_RenderCopy(r, t, NULL, &dst);
}

static int run_window(TTF_Font *font, int w, int h, int exit_after_first)
{
    SDL_Window *win = SDL_CreateWindow("Lantern floor", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h,
                                       SDL_WINDOW_ALLOW_HIGHDPI | SDL_WINDOW_RESIZABLE);
    if (!win) {
        fprintf(stderr, "floor: cannot open the window: %s\n", SDL_GetError());
        return 1;
    }
    SDL_Renderer *r = SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE);
    if (!r) {
        fprintf(stderr, "floor: cannot create the renderer: %s\n", SDL_GetError());
        SDL_DestroyWindow(win);
        return 1;
    }
    int tw = 0, th = 0;
    SDL_Texture *t = make_line(r, font, &tw, &th);
    int status = t ? 0 : 1;
    int redraw = 1, running = t != NULL;
    while (running) {
        if (redraw) {
            draw(r, t, tw, th);
            SDL_RenderPresent(r);
            redraw = 0;
            if (exit_after_first)
                break;
        }
        SDL_Event e;
        if (!SDL_WaitEvent(&e)) {
            fprintf(stderr, "floor: SDL_WaitEvent: %s\n", SDL_GetError());
            status = 1;
            break;
        }
        do {
            if (e.type == SDL_QUIT)
                running = 0;
            else if (e.type == SDL_WINDOWEVENT)
                redraw = 1;
        } while (SDL_PollEvent(&e));
    }
    if (t)
        SDL_DestroyTexture(t);
    SDL_DestroyRenderer(r);
    SDL_DestroyWindow(win);
    return status;
}

static int run_headless(TTF_Font *font, int w, int h, long frames, const char *times_path)
{
    FILE *out = fopen(times_path, "w");
    if (!out) {
        perror(times_path);
        return 1;
    }
    SDL_Surface *surface = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *r = surface ? SDL_CreateSoftwareRenderer(surface) : NULL;
    int tw = 0, th = 0;
    SDL_Texture *t = r ? make_line(r, font, &tw, &th) : NULL;
    int status = 1;
    if (t) {
        status = 0;
        for (long i = 0; i < frames; i++) {
            Uint64 t0 = SDL_GetPerformanceCounter();
            draw(r, t, tw, th);
            SDL_RenderFlush(r);
            fprintf(out, "%.3f\n", (SDL_GetPerformanceCounter() - t0) * 1000.0 / SDL_GetPerformanceFrequency());
        }
    } else {
        fprintf(stderr, "floor: cannot set up the off-screen renderer: %s\n", SDL_GetError());
    }
    if (t)
        SDL_DestroyTexture(t);
    if (r)
        SDL_DestroyRenderer(r);
    SDL_FreeSurface(surface);
    if (fclose(out) != 0)
        status = 1;
    return status;
}

int main(int argc, char **argv)
{
    int w = 1920, h = 1080, exit_after_first = 0;
    long headless_frames = 0;
    const char *font_path = "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf";
    const char *times_path = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--exit-after-first-frame") == 0) {
            exit_after_first = 1;
        } else if (strcmp(argv[i], "--size") == 0 && i + 1 < argc) {
            if (sscanf(argv[++i], "%dx%d", &w, &h) != 2 || w < 1 || h < 1 || w > 16384 || h > 16384) {
                fprintf(stderr, "floor: bad --size: %s\n", argv[i]);
                return 2;
            }
        } else if (strcmp(argv[i], "--font") == 0 && i + 1 < argc) {
            font_path = argv[++i];
        } else if (strcmp(argv[i], "--headless-frames") == 0 && i + 1 < argc) {
            char *end = NULL;
            headless_frames = strtol(argv[++i], &end, 10);
            if (!end || *end || headless_frames < 1 || headless_frames > 1000000) {
                fprintf(stderr, "floor: bad --headless-frames: %s\n", argv[i]);
                return 2;
            }
        } else if (strcmp(argv[i], "--frame-times") == 0 && i + 1 < argc) {
            times_path = argv[++i];
        } else {
            usage();
            return 2;
        }
    }
    if (headless_frames && !times_path) {
        usage();
        return 2;
    }
    if (headless_frames)
        SDL_setenv("SDL_VIDEODRIVER", "dummy", 1);
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        fprintf(stderr, "floor: cannot start SDL: %s\n", SDL_GetError());
        return 1;
    }
    if (TTF_Init() != 0) {
        fprintf(stderr, "floor: cannot start SDL_ttf: %s\n", TTF_GetError());
        SDL_Quit();
        return 1;
    }
    int status = 1;
    TTF_Font *font = TTF_OpenFont(font_path, 40);
    if (!font) {
        fprintf(stderr, "floor: %s: %s\n", font_path, TTF_GetError());
    } else {
        status = headless_frames ? run_headless(font, w, h, headless_frames, times_path)
                                 : run_window(font, w, h, exit_after_first);
        TTF_CloseFont(font);
    }
    TTF_Quit();
    SDL_Quit();
    return status;
}
