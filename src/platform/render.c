#include "render.h"
#include "image_lib.h"

#include <SDL2/SDL_ttf.h>
#include <stdlib.h>
#include <string.h>

#include "../core/image_header.h"
#include "../core/safe_file.h"
#include "../core/util.h"
#include "../qr/qr.h"

enum {
    FONTS_PER_STYLE = 2,
    MAX_FONTS = 3 * FONTS_PER_STYLE,
    TEXT_SLOTS = 2048,
    IMAGE_SLOTS = 64,
    MEASURE_MAX = 4096,
    WIDTH_SLOTS = 1024,
    QR_SLOTS = 8
};
/* The loader's own bounds for content images (docs/content.md). */
enum { IMAGE_MAX_FILE_BYTES = 2 * 1024 * 1024, IMAGE_MAX_PX = 1600 };

typedef struct {
    int px;
    font_style style;
    TTF_Font *font;
    uint64_t last_used; /* font_uses when last asked for */
} font_slot;

typedef struct {
    uint64_t key;
    uint64_t check; /* a second, independent hash of the same text: a hit needs both */
    uint64_t last_used;
    SDL_Texture *tex;
    int w, h;         /* the line's whole box, as SDL_ttf made it */
    int ink_x, ink_y; /* the texture: only the box's inked part, from here */
    int ink_w, ink_h;
    size_t bytes;
} text_slot;

/* A measured width: the layout measures the same words every frame (wrapping,
 * fitting the crisis bar), and shaping them again was a quarter of a page
 * turn. Only hashes are kept, never the text, and only while nothing a
 * visitor typed is on screen (renderer_cache_widths). */
typedef struct {
    uint64_t key;
    uint32_t check;
    int32_t width;
} width_slot;

/* A take-home link's QR code, encoded when first drawn (the content loader
 * only sizes it). */
typedef struct {
    uint64_t key;
    uint32_t check;
    qr_code code;
} qr_slot;

typedef struct {
    char path[512];
    SDL_Texture *tex;
    uint64_t last_used; /* frame number: the least recently drawn is evicted */
} image_slot;

struct renderer {
    SDL_Renderer *sdl;
    char font_path[3][512]; /* regular, bold, icons (empty: icons are left out) */
    bool icon_warned;
    font_slot fonts[MAX_FONTS];
    int font_count;
    uint64_t font_uses;
    text_slot text[TEXT_SLOTS]; /* text[0..text_count) are in use */
    int text_count;
    size_t cache_limit, cache_bytes;
    uint64_t frame;
    image_slot images[IMAGE_SLOTS];
    char content_root[512];
    text_metrics metrics;
    render_stats stats;
    char measure_buf[MEASURE_MAX];
    bool widths_on;
    int width_count;
    width_slot widths[WIDTH_SLOTS];
    qr_slot qr[QR_SLOTS];
    int qr_next; /* the slot the next new code replaces, round robin */
};

/* At most two TTF_Fonts per style, the least recently used one set to a
 * new size when a third is asked for: each open font holds its own FreeType
 * face and HarfBuzz's copy of the font's layout tables (about 0.1 MiB), and
 * a screen uses five or six sizes. A change of size empties SDL_ttf's glyph
 * cache, but a drawn line is a cached texture and a measured width is
 * cached too (on the reading screens), so sizes change only when a screen is
 * laid out or rasterized for the first time; two per style keep that cheap
 * where a page alternates a heading size and a body size (one per style made
 * such a page's first visit twice as slow). */
static TTF_Font *font_for(renderer *r, int px, font_style st)
{
    int want_hinting = px > 20 ? TTF_HINTING_NONE : TTF_HINTING_NORMAL;
    font_slot *lru = NULL;
    int of_style = 0;
    r->font_uses++;
    for (int i = 0; i < r->font_count; i++) {
        font_slot *fs = &r->fonts[i];
        if (fs->style != st)
            continue;
        if (fs->px == px) {
            fs->last_used = r->font_uses;
            return fs->font;
        }
        of_style++;
        if (!lru || fs->last_used < lru->last_used)
            lru = fs;
    }
    if (lru && of_style == FONTS_PER_STYLE) {
        /* The style's least recently used size is set to this one. */
        if (TTF_SetFontSize(lru->font, px) != 0) {
            log_msg(LOG_ERROR, "%s: cannot set the font to %d px: %s", r->font_path[st], px,
                    TTF_GetError());
            return NULL;
        }
        lru->px = px;
        lru->last_used = r->font_uses;
        if (TTF_GetFontHinting(lru->font) != want_hinting)
            TTF_SetFontHinting(lru->font, want_hinting);
        return lru->font;
    }
    if (st == FONT_ICON && !r->font_path[FONT_ICON][0])
        return NULL;
    TTF_Font *f = TTF_OpenFont(r->font_path[st], px);
    if (!f && st == FONT_ICON) {
        if (!r->icon_warned)
            log_msg(LOG_WARN, "%s: cannot open the icon font: %s; icons are left out",
                    r->font_path[st], TTF_GetError());
        r->icon_warned = true;
        r->font_path[FONT_ICON][0] = '\0';
        return NULL;
    }
    if (!f) {
        log_msg(LOG_ERROR, "%s: cannot open font at %d px: %s", r->font_path[st], px,
                TTF_GetError());
        return NULL;
    }
    /* At kiosk sizes (over 20 px) hinting adds nothing visible, and running
     * the font's hinting programs is most of the cost of rasterizing. */
    if (want_hinting != TTF_HINTING_NORMAL)
        TTF_SetFontHinting(f, want_hinting);
    r->fonts[r->font_count++] = (font_slot){px, st, f, r->font_uses};
    return f;
}

/* The style's font at whatever size it has (which glyphs a font has does
 * not depend on the size, and no glyph cache is emptied to ask). */
static TTF_Font *font_any_size(renderer *r, font_style st)
{
    for (int i = 0; i < r->font_count; i++)
        if (r->fonts[i].style == st)
            return r->fonts[i].font;
    return font_for(r, 32, st);
}

static const char *terminated(renderer *r, const char *s, int len)
{
    if (len >= MEASURE_MAX)
        len = (int)utf8_floor(s, MEASURE_MAX - 1);
    memcpy(r->measure_buf, s, (size_t)len);
    r->measure_buf[len] = '\0';
    return r->measure_buf;
}

/* The measure buffer may hold what a visitor is typing: wiped after each use. */
static void forget_measured(renderer *r, int len)
{
    explicit_bzero(r->measure_buf, (size_t)(len < MEASURE_MAX ? len + 1 : MEASURE_MAX));
}

static uint64_t hash_text(const char *text, int len, int px, font_style style, color fg)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (int i = 0; i < len; i++) {
        h ^= (unsigned char)text[i];
        h *= 1099511628211ull;
    }
    uint64_t extra = (uint64_t)px << 40 ^ (uint64_t)style << 36 ^ (uint64_t)len << 8 ^
                     ((uint64_t)fg.r << 24 | (uint64_t)fg.g << 16 | (uint64_t)fg.b << 8 | fg.a);
    h ^= extra * 0x9E3779B97F4A7C15ull;
    return h ? h : 1;
}

/* A second hash (djb2 over the bytes, then the length and size): two texts
 * that collide in hash_text() are not also equal here, so a cache never
 * gives one line's texture or width for another. */
static uint64_t check_text(const char *text, int len, int px, font_style style, color fg)
{
    uint64_t h = 5381;
    for (int i = 0; i < len; i++)
        h = h * 33 + (unsigned char)text[i];
    return h ^ ((uint64_t)len << 32) ^ ((uint64_t)px << 16) ^ (uint64_t)style ^
           ((uint64_t)fg.r << 56 | (uint64_t)fg.g << 48 | (uint64_t)fg.b << 40);
}

/* Open addressing, linear probing; full past three quarters: emptied (the
 * layout of one screen measures a few hundred strings at most). */
static int32_t *width_lookup(renderer *r, uint64_t key, uint32_t check, bool *found)
{
    unsigned i = (unsigned)(key & (WIDTH_SLOTS - 1));
    for (;; i = (i + 1) & (WIDTH_SLOTS - 1)) {
        width_slot *w = &r->widths[i];
        if (w->key == 0 || (w->key == key && w->check == check)) {
            *found = w->key != 0;
            if (!*found) {
                if (r->width_count >= WIDTH_SLOTS * 3 / 4) {
                    memset(r->widths, 0, sizeof r->widths);
                    r->width_count = 0;
                    return width_lookup(r, key, check, found);
                }
                w->key = key;
                w->check = check;
                r->width_count++;
            }
            return &w->width;
        }
    }
}

static int measure_width(void *ctx, const char *s, int len, int px, font_style st)
{
    renderer *r = ctx;
    TTF_Font *f = font_for(r, px, st);
    int w = 0, h = 0;
    if (!f || len == 0)
        return f ? 0 : len * px / 2;
    int32_t *cached = NULL;
    if (r->widths_on) {
        bool found = false;
        color none = {0, 0, 0, 0};
        cached = width_lookup(r, hash_text(s, len, px, st, none),
                              (uint32_t)check_text(s, len, px, st, none), &found);
        if (found)
            return *cached;
    }
    int ok = TTF_SizeUTF8(f, terminated(r, s, len), &w, &h);
    forget_measured(r, len);
    if (cached)
        *cached = ok == 0 ? w : 0;
    return ok == 0 ? w : 0;
}

static bool can_draw(void *ctx, uint32_t cp)
{
    renderer *r = ctx;
    TTF_Font *f = font_any_size(r, FONT_REGULAR), *b = font_any_size(r, FONT_BOLD);
    return f && b && cp <= 0xFFFF && TTF_GlyphIsProvided32(f, cp) && TTF_GlyphIsProvided32(b, cp);
}

static int measure_line_height(void *ctx, int px, font_style st)
{
    renderer *r = ctx;
    TTF_Font *f = font_for(r, px, st);
    return f ? TTF_FontLineSkip(f) : px * 4 / 3;
}

renderer *renderer_create(SDL_Renderer *sdl, const char *font, const char *font_bold,
                          const char *content_root, size_t cache_bytes, char *err, size_t err_size)
{
    renderer *r = calloc(1, sizeof *r);
    if (!r) {
        str_copy(err, err_size, "out of memory");
        return NULL;
    }
    r->sdl = sdl;
    str_copy(r->font_path[FONT_REGULAR], sizeof r->font_path[0], font);
    str_copy(r->font_path[FONT_BOLD], sizeof r->font_path[1], font_bold);
    str_copy(r->content_root, sizeof r->content_root, content_root);
    r->cache_limit = cache_bytes;
    r->widths_on = true;
    r->metrics = (text_metrics){measure_width, measure_line_height, r, can_draw};
    for (int st = 0; st < 2; st++) {
        TTF_Font *f = TTF_OpenFont(r->font_path[st], 32);
        if (!f) {
            str_format(err, err_size, "%s: cannot open font: %s", r->font_path[st], TTF_GetError());
            free(r);
            return NULL;
        }
        TTF_CloseFont(f);
    }
    return r;
}

void renderer_set_icon_font(renderer *r, const char *path)
{
    str_copy(r->font_path[FONT_ICON], sizeof r->font_path[FONT_ICON], path ? path : "");
    r->icon_warned = false;
}

void renderer_destroy(renderer *r)
{
    if (!r)
        return;
    for (int i = 0; i < r->font_count; i++)
        TTF_CloseFont(r->fonts[i].font);
    for (int i = 0; i < r->text_count; i++)
        SDL_DestroyTexture(r->text[i].tex);
    for (int i = 0; i < IMAGE_SLOTS; i++)
        if (r->images[i].tex)
            SDL_DestroyTexture(r->images[i].tex);
    free(r);
}

void renderer_set_content_root(renderer *r, const char *root)
{
    str_copy(r->content_root, sizeof r->content_root, root);
    for (int i = 0; i < IMAGE_SLOTS; i++) {
        if (r->images[i].tex)
            SDL_DestroyTexture(r->images[i].tex);
        memset(&r->images[i], 0, sizeof r->images[i]);
    }
}

void renderer_cache_widths(renderer *r, bool on)
{
    if (!on && r->width_count > 0) {
        explicit_bzero(r->widths, sizeof r->widths);
        r->width_count = 0;
    }
    r->widths_on = on;
}

const text_metrics *renderer_metrics(renderer *r)
{
    return &r->metrics;
}

render_stats renderer_stats(const renderer *r)
{
    render_stats s = r->stats;
    s.cache_bytes = r->cache_bytes;
    return s;
}

static uint64_t text_key(const draw_cmd *c)
{
    return hash_text(c->text, c->len, c->px, c->style, c->fg);
}

static uint64_t text_check(const draw_cmd *c)
{
    return check_text(c->text, c->len, c->px, c->style, c->fg);
}

/* Frees least recently used lines (never this frame's) until need fits;
 * returns the slot to fill (the end of the used ones), or -1 when all are
 * in use this frame. The used slots stay packed at the front, so a lookup
 * reads only those. */
static int make_room(renderer *r, size_t need)
{
    for (;;) {
        if (r->text_count < TEXT_SLOTS && r->cache_bytes + need <= r->cache_limit)
            return r->text_count;
        int lru = -1;
        for (int i = 0; i < r->text_count; i++)
            if (r->text[i].last_used != r->frame &&
                (lru < 0 || r->text[i].last_used < r->text[lru].last_used))
                lru = i;
        if (lru < 0) /* everything is in use this frame: go over the bound */
            return r->text_count < TEXT_SLOTS ? r->text_count : -1;
        r->cache_bytes -= r->text[lru].bytes;
        SDL_DestroyTexture(r->text[lru].tex);
        r->text[lru] = r->text[--r->text_count];
        memset(&r->text[r->text_count], 0, sizeof r->text[0]);
    }
}

/* The inked part of a rasterized line (alpha above zero): most lines have
 * empty rows above the capitals and below the baseline, and the texture
 * keeps only the rest (drawn at the same place: the same pixels, about a
 * fifth less memory). An empty line keeps one pixel. */
static SDL_Rect ink_box(const SDL_Surface *s)
{
    int top = s->h, bottom = -1, left = s->w, right = -1;
    for (int y = 0; y < s->h; y++) {
        const Uint32 *row =
            (const Uint32 *)((const Uint8 *)s->pixels + (size_t)y * (size_t)s->pitch);
        int x0 = 0, x1 = s->w - 1;
        while (x0 < s->w && (row[x0] & s->format->Amask) == 0)
            x0++;
        if (x0 == s->w)
            continue;
        while ((row[x1] & s->format->Amask) == 0)
            x1--;
        if (y < top)
            top = y;
        bottom = y;
        if (x0 < left)
            left = x0;
        if (x1 > right)
            right = x1;
    }
    if (bottom < 0)
        return (SDL_Rect){0, 0, 1, 1};
    return (SDL_Rect){left, top, right - left + 1, bottom - top + 1};
}

/* A texture of the ink box's pixels, with the surface's blending. */
static SDL_Texture *ink_texture(renderer *r, SDL_Surface *s, SDL_Rect ink)
{
    if (s->format->BytesPerPixel != 4 || s->format->Amask == 0 || SDL_MUSTLOCK(s))
        return SDL_CreateTextureFromSurface(r->sdl, s);
    SDL_Surface *view = SDL_CreateRGBSurfaceWithFormatFrom(
        (Uint8 *)s->pixels + (size_t)ink.y * (size_t)s->pitch + (size_t)ink.x * 4, ink.w, ink.h, 32,
        s->pitch, s->format->format);
    if (!view)
        return NULL;
    SDL_BlendMode mode;
    Uint8 alpha;
    if (SDL_GetSurfaceBlendMode(s, &mode) == 0)
        SDL_SetSurfaceBlendMode(view, mode);
    if (SDL_GetSurfaceAlphaMod(s, &alpha) == 0)
        SDL_SetSurfaceAlphaMod(view, alpha);
    SDL_Texture *t = SDL_CreateTextureFromSurface(r->sdl, view);
    SDL_FreeSurface(view);
    return t;
}

/* Typed text: rasterized for this frame only, into a streaming texture that
 * is wiped before it is freed, like the surface; never cached, never logged. */
static void draw_sensitive_text(renderer *r, const draw_cmd *c)
{
    TTF_Font *f = font_for(r, c->px, c->style);
    if (!f)
        return;
    SDL_Color fg = {c->fg.r, c->fg.g, c->fg.b, c->fg.a};
    SDL_Surface *s = TTF_RenderUTF8_Blended(f, terminated(r, c->text, c->len), fg);
    forget_measured(r, c->len);
    if (!s)
        return;
    SDL_Texture *t =
        SDL_CreateTexture(r->sdl, s->format->format, SDL_TEXTUREACCESS_STREAMING, s->w, s->h);
    if (t) {
        SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
        SDL_UpdateTexture(t, NULL, s->pixels, s->pitch);
        SDL_Rect to = {c->r.x, c->r.y + (c->r.h - s->h) / 2, s->w, s->h};
        SDL_RenderCopy(r->sdl, t, NULL, &to);
        void *pixels;
        int pitch;
        /* Locking flushes the queued copy first, so the frame keeps the text. */
        if (SDL_LockTexture(t, NULL, &pixels, &pitch) == 0) {
            explicit_bzero(pixels, (size_t)pitch * (size_t)s->h);
            SDL_UnlockTexture(t);
        }
        SDL_DestroyTexture(t);
    }
    if (SDL_MUSTLOCK(s))
        SDL_LockSurface(s);
    explicit_bzero(s->pixels, (size_t)s->pitch * (size_t)s->h);
    if (SDL_MUSTLOCK(s))
        SDL_UnlockSurface(s);
    SDL_FreeSurface(s);
    r->stats.sensitive++;
}

static text_slot *text_texture(renderer *r, const draw_cmd *c)
{
    uint64_t key = text_key(c), check = text_check(c);
    for (int i = 0; i < r->text_count; i++) {
        if (r->text[i].key == key && r->text[i].check == check) {
            r->text[i].last_used = r->frame;
            r->stats.hits++;
            return &r->text[i];
        }
    }
    TTF_Font *f = font_for(r, c->px, c->style);
    if (!f)
        return NULL;
    /* A character the font lacks would show as an empty box: say which. */
    for (int i = 0; i < c->len;) {
        uint32_t cp;
        int step = utf8_decode(c->text + i, (size_t)(c->len - i), &cp);
        if (step <= 0)
            break;
        if (cp > ' ' && !TTF_GlyphIsProvided32(f, cp))
            log_msg(LOG_WARN, "%s has no glyph for U+%04X", r->font_path[c->style], (unsigned)cp);
        i += step;
    }
    SDL_Color fg = {c->fg.r, c->fg.g, c->fg.b, c->fg.a};
    SDL_Surface *s = TTF_RenderUTF8_Blended(f, terminated(r, c->text, c->len), fg);
    forget_measured(r, c->len);
    if (!s)
        return NULL;
    bool ink_only = s->format->BytesPerPixel == 4 && s->format->Amask != 0 && !SDL_MUSTLOCK(s);
    SDL_Rect ink = ink_only ? ink_box(s) : (SDL_Rect){0, 0, s->w, s->h};
    size_t bytes = (size_t)ink.w * (size_t)ink.h * 4;
    int slot = make_room(r, bytes);
    SDL_Texture *t =
        slot >= 0 ? ink_only ? ink_texture(r, s, ink) : SDL_CreateTextureFromSurface(r->sdl, s)
                  : NULL;
    text_slot *ts = NULL;
    if (t) {
        ts = &r->text[slot];
        *ts = (text_slot){key, check, r->frame, t, s->w, s->h, ink.x, ink.y, ink.w, ink.h, bytes};
        r->text_count++;
        r->cache_bytes += bytes;
        r->stats.rasterized++;
    }
    SDL_FreeSurface(s);
    return ts;
}

/* Images are read like the loader reads them: a regular file only (never a
 * FIFO or a symlink), at most 2 MB, its header's size checked before
 * decoding; the 65th image evicts the least recently drawn. */
static SDL_Texture *image_texture(renderer *r, const char *path)
{
    int slot = -1;
    for (int i = 0; i < IMAGE_SLOTS; i++) {
        if (r->images[i].tex && strcmp(r->images[i].path, path) == 0) {
            r->images[i].last_used = r->frame;
            return r->images[i].tex;
        }
        /* An empty slot first; else the least recently drawn. */
        bool empty = !r->images[i].tex;
        if (slot < 0 || (empty && r->images[slot].tex) ||
            (!empty && r->images[slot].tex && r->images[i].last_used < r->images[slot].last_used))
            slot = i;
    }
    char full[1024], why[160];
    str_format(full, sizeof full, "%s/%s", r->content_root, path);
    size_t len = 0;
    unsigned char *data =
        (unsigned char *)safe_read_all(full, false, IMAGE_MAX_FILE_BYTES, &len, why, sizeof why);
    long w = 0, h = 0;
    if (!data || image_header_size(data, len, &w, &h) == IMAGE_UNKNOWN || w > IMAGE_MAX_PX ||
        h > IMAGE_MAX_PX) {
        log_msg(LOG_ERROR, "%s: cannot load image: %s", full,
                data ? "not a PNG or JPEG of at most 1600 px" : why);
        free(data);
        return NULL;
    }
    SDL_RWops *rw = SDL_RWFromConstMem(data, (int)len);
    SDL_Texture *t = rw ? image_load_texture_rw(r->sdl, rw) : NULL;
    free(data);
    if (!t) {
        log_msg(LOG_ERROR, "%s: cannot load image: %s", full, SDL_GetError());
        return NULL;
    }
    if (r->images[slot].tex)
        SDL_DestroyTexture(r->images[slot].tex);
    str_copy(r->images[slot].path, sizeof r->images[slot].path, path);
    r->images[slot].tex = t;
    r->images[slot].last_used = r->frame;
    return t;
}

/* The modules of a code drawn from its link: encoded once, then kept (a
 * screen shows at most a few codes). NULL if it cannot be encoded or is not
 * the size the layout was made for (logged). */
static const unsigned char *qr_modules(renderer *r, const draw_cmd *c)
{
    color none = {0, 0, 0, 0};
    uint64_t key = hash_text(c->text, c->len, 0, FONT_REGULAR, none);
    uint32_t check = (uint32_t)check_text(c->text, c->len, 0, FONT_REGULAR, none);
    for (int i = 0; i < QR_SLOTS; i++)
        if (r->qr[i].key == key && r->qr[i].check == check && r->qr[i].code.size > 0)
            return r->qr[i].code.dark;
    qr_slot *q = &r->qr[r->qr_next];
    r->qr_next = (r->qr_next + 1) % QR_SLOTS;
    *q = (qr_slot){key, check, {0}};
    /* A content link (at most 200 bytes), never typed text. */
    bool ok = c->len > 0 && c->len < MEASURE_MAX &&
              qr_encode(terminated(r, c->text, c->len), &q->code) && q->code.size == c->qr_size;
    if (c->len > 0)
        forget_measured(r, c->len);
    if (!ok) {
        log_msg(LOG_ERROR,
                "cannot draw the QR code of a %d-byte link (%d modules a side expected, got %d)",
                c->len, c->qr_size, q->code.size);
        memset(q, 0, sizeof *q);
        return NULL;
    }
    return q->code.dark;
}

/* A QR code: the light quiet zone, then each run of dark modules in a row as
 * one rectangle, at integer pixels (no texture, no scaling: crisp edges). */
static void draw_qr_modules(renderer *r, const draw_cmd *c)
{
    const unsigned char *qr = c->qr ? c->qr : qr_modules(r, c);
    if (!qr)
        return;
    SDL_Renderer *sdl = r->sdl;
    SDL_SetRenderDrawBlendMode(sdl, SDL_BLENDMODE_NONE);
    SDL_SetRenderDrawColor(sdl, c->bg.r, c->bg.g, c->bg.b, 255);
    SDL_Rect all = {c->r.x, c->r.y, c->r.w, c->r.h};
    SDL_RenderFillRect(sdl, &all);
    SDL_SetRenderDrawColor(sdl, c->fg.r, c->fg.g, c->fg.b, 255);
    int n = c->qr_size, px = c->module_px, x0 = c->r.x + 4 * px, y0 = c->r.y + 4 * px;
    for (int y = 0; y < n; y++) {
        for (int x = 0; x < n;) {
            if (!qr[y * n + x]) {
                x++;
                continue;
            }
            int run = x;
            while (run < n && qr[y * n + run])
                run++;
            SDL_Rect m = {x0 + x * px, y0 + y * px, (run - x) * px, px};
            SDL_RenderFillRect(sdl, &m);
            x = run;
        }
    }
}

void renderer_draw(renderer *r, const draw_list *dl)
{
    r->frame++;
    /* A page's own background is an opaque fill of the whole screen: clearing
     * first would write every pixel twice (a full-screen clear is about a
     * fifth of a frame in software). */
    int out_w = 0, out_h = 0, first = 0;
    SDL_GetRendererOutputSize(r->sdl, &out_w, &out_h);
    if (dl->cmd_count > 0 && dl->cmds[0].type == CMD_FILL && dl->cmds[0].fg.a == 255 &&
        dl->cmds[0].r.x <= 0 && dl->cmds[0].r.y <= 0 &&
        dl->cmds[0].r.x + dl->cmds[0].r.w >= out_w && dl->cmds[0].r.y + dl->cmds[0].r.h >= out_h) {
        const color bg = dl->cmds[0].fg;
        SDL_SetRenderDrawColor(r->sdl, bg.r, bg.g, bg.b, 255);
        first = 1;
    } else {
        SDL_SetRenderDrawColor(r->sdl, dl->clear.r, dl->clear.g, dl->clear.b, 255);
    }
    SDL_RenderClear(r->sdl);
    for (int i = first; i < dl->cmd_count; i++) {
        const draw_cmd *c = &dl->cmds[i];
        SDL_Rect dst = {c->r.x, c->r.y, c->r.w, c->r.h};
        switch (c->type) {
        case CMD_FILL:
            SDL_SetRenderDrawBlendMode(r->sdl,
                                       c->fg.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
            SDL_SetRenderDrawColor(r->sdl, c->fg.r, c->fg.g, c->fg.b, c->fg.a);
            SDL_RenderFillRect(r->sdl, &dst);
            break;
        case CMD_TEXT: {
            if (c->len == 0)
                break;
            if (c->sensitive) {
                draw_sensitive_text(r, c);
                break;
            }
            text_slot *t = text_texture(r, c);
            if (!t)
                break;
            /* Centre the glyph box in the line box (an icon in its box both ways). */
            int x = c->style == FONT_ICON ? c->r.x + (c->r.w - t->w) / 2 : c->r.x;
            SDL_Rect to = {x + t->ink_x, c->r.y + (c->r.h - t->h) / 2 + t->ink_y, t->ink_w,
                           t->ink_h};
            SDL_RenderCopy(r->sdl, t->tex, NULL, &to);
            break;
        }
        case CMD_IMAGE: {
            SDL_Texture *t = image_texture(r, c->image);
            if (t)
                SDL_RenderCopy(r->sdl, t, NULL, &dst);
            break;
        }
        case CMD_QR:
            draw_qr_modules(r, c);
            break;
        }
    }
}

/* Whether a width of exactly this text is remembered, at any size and style
 * (the cache keeps hashes, so a plain search of the memory cannot tell). */
static bool widths_hold(const renderer *r, const char *s, size_t n)
{
    if (r->width_count == 0 || n == 0 || n >= MEASURE_MAX)
        return false;
    const color none = {0, 0, 0, 0};
    for (int st = FONT_REGULAR; st <= FONT_ICON; st++) {
        for (int px = 1; px <= 512; px++) {
            uint64_t key = hash_text(s, (int)n, px, (font_style)st, none);
            uint32_t check = (uint32_t)check_text(s, (int)n, px, (font_style)st, none);
            for (unsigned i = (unsigned)(key & (WIDTH_SLOTS - 1)); r->widths[i].key != 0;
                 i = (i + 1) & (WIDTH_SLOTS - 1))
                if (r->widths[i].key == key && r->widths[i].check == check)
                    return true;
        }
    }
    return false;
}

bool renderer_holds_bytes(const renderer *r, const void *needle, size_t n)
{
    return bytes_contain(r, sizeof *r, needle, n) || widths_hold(r, needle, n);
}
