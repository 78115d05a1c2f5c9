/* png_pixels: colours of a PNG at given points and in given boxes, for the
 * contrast tests (issue 13): measured from the pixels the kiosk drew, not
 * from the theme table.
 *   png_pixels FILE x,y ...          prints "x,y R,G,B" for each point
 *   png_pixels FILE --box x,y,w,h    prints "box x,y,w,h BG R,G,B INK R,G,B":
 *       BG the most common colour in the box, INK the one that differs from
 *       it most in luminance (the text's colour when the box holds text)
 * Exit 1 if the file cannot be loaded or an argument is malformed. */
#include <SDL2/SDL.h>
#include <SDL2/SDL_image.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static Uint32 pixel(SDL_Surface *s, int x, int y)
{
    return ((Uint32 *)((Uint8 *)s->pixels + y * s->pitch))[x] & 0xFFFFFF;
}

static double channel(double c)
{
    c /= 255.0;
    return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static double luminance(Uint32 p)
{
    return 0.2126 * channel((p >> 16) & 255) + 0.7152 * channel((p >> 8) & 255) +
           0.0722 * channel(p & 255);
}

static int cmp_u32(const void *a, const void *b)
{
    Uint32 x = *(const Uint32 *)a, y = *(const Uint32 *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: png_pixels FILE x,y ... | --box x,y,w,h ...\n");
        return 1;
    }
    SDL_Surface *raw = IMG_Load(argv[1]);
    SDL_Surface *s = raw ? SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_RGB888, 0) : NULL;
    SDL_FreeSurface(raw);
    if (!s) {
        fprintf(stderr, "%s: cannot load: %s\n", argv[1], IMG_GetError());
        return 1;
    }
    int status = 0;
    for (int i = 2; i < argc; i++) {
        int x, y, w, h;
        if (strcmp(argv[i], "--box") == 0 && i + 1 < argc) {
            i++;
            if (sscanf(argv[i], "%d,%d,%d,%d", &x, &y, &w, &h) != 4 || w <= 0 || h <= 0 || x < 0 ||
                y < 0 || x + w > s->w || y + h > s->h) {
                fprintf(stderr, "bad box %s\n", argv[i]);
                status = 1;
                continue;
            }
            size_t n = (size_t)w * (size_t)h;
            Uint32 *px = malloc(n * sizeof *px);
            if (!px) {
                status = 1;
                break;
            }
            size_t k = 0;
            for (int yy = y; yy < y + h; yy++)
                for (int xx = x; xx < x + w; xx++)
                    px[k++] = pixel(s, xx, yy);
            qsort(px, n, sizeof *px, cmp_u32);
            Uint32 bg = px[0];
            size_t best = 0;
            for (size_t a = 0; a < n;) {
                size_t b = a;
                while (b < n && px[b] == px[a])
                    b++;
                if (b - a > best)
                    best = b - a, bg = px[a];
                a = b;
            }
            Uint32 ink = bg;
            double lb = luminance(bg), far = 0;
            for (size_t a = 0; a < n; a++) {
                double d = fabs(luminance(px[a]) - lb);
                if (d > far)
                    far = d, ink = px[a];
            }
            free(px);
            printf("box %d,%d,%d,%d BG %u,%u,%u INK %u,%u,%u\n", x, y, w, h, (bg >> 16) & 255,
                   (bg >> 8) & 255, bg & 255, (ink >> 16) & 255, (ink >> 8) & 255, ink & 255);
            continue;
        }
        if (sscanf(argv[i], "%d,%d", &x, &y) != 2 || x < 0 || y < 0 || x >= s->w || y >= s->h) {
            fprintf(stderr, "bad point %s\n", argv[i]);
            status = 1;
            continue;
        }
        Uint32 p = pixel(s, x, y);
        printf("%d,%d %u,%u,%u\n", x, y, (p >> 16) & 255, (p >> 8) & 255, p & 255);
    }
    SDL_FreeSurface(s);
    return status;
}
