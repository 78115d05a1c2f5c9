/* png_probe: for each PNG named on the command line prints one line
 *   FILE W H COLOURS R,G,B
 * where COLOURS counts distinct colours on a sampling grid and R,G,B is the
 * pixel at (2, 2). The e2e tests use it to check that a shot has the right
 * size, is not blank and shows the crisis bar. Exit 1 if a file can't load. */
#include <SDL2/SDL.h>
#include <SDL2/SDL_image.h>
#include <stdio.h>
#include <stdlib.h>

static int cmp_u32(const void *a, const void *b)
{
    Uint32 x = *(const Uint32 *)a, y = *(const Uint32 *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    int status = 0;
    enum { MAX_SAMPLES = 200 * 200 };
    static Uint32 samples[MAX_SAMPLES];
    for (int i = 1; i < argc; i++) {
        SDL_Surface *raw = IMG_Load(argv[i]);
        SDL_Surface *s = raw ? SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_RGB888, 0) : NULL;
        SDL_FreeSurface(raw);
        if (!s) {
            fprintf(stderr, "%s: cannot load: %s\n", argv[i], IMG_GetError());
            status = 1;
            continue;
        }
        int n = 0;
        for (int y = 0; y < s->h && n < MAX_SAMPLES; y += 7)
            for (int x = 0; x < s->w && n < MAX_SAMPLES; x += 5)
                samples[n++] = ((Uint32 *)((Uint8 *)s->pixels + y * s->pitch))[x] & 0xFFFFFF;
        qsort(samples, (size_t)n, sizeof samples[0], cmp_u32);
        int distinct = n > 0;
        for (int k = 1; k < n; k++)
            distinct += samples[k] != samples[k - 1];
        Uint32 p = ((Uint32 *)((Uint8 *)s->pixels + 2 * s->pitch))[2];
        printf("%s %d %d %d %u,%u,%u\n", argv[i], s->w, s->h, distinct, (p >> 16) & 255, (p >> 8) & 255, p & 255);
        SDL_FreeSurface(s);
    }
    return status;
}
