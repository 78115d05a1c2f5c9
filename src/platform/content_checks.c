/* The platform's half of content validation: image decoding and glyph
 * coverage, with SDL2_image and SDL2_ttf (see platform.h). */
#include <pthread.h>

#include <SDL2/SDL.h>
#include <SDL2/SDL_ttf.h>

#include "../content/load.h"
#include "../core/util.h"
#include "image_lib.h"
#include "platform.h"

static struct {
    TTF_Font *regular, *bold;
    bool ttf_started, tried;
    /* ASCII answers, asked once per font pair (most of every text is ASCII):
     * 0 not yet asked, 1 drawn, -1 not. */
    signed char ascii[128];
    char regular_path[CONFIG_PATH_MAX], bold_path[CONFIG_PATH_MAX];
    content_checks checks;
} cc;

/* The USB import validates on its worker thread while a reload may validate
 * on the loop: one check at a time (the fonts here are shared). */
static pthread_mutex_t cc_lock = PTHREAD_MUTEX_INITIALIZER;

static bool decodes(void *ctx, const void *data, size_t len, int *w, int *h)
{
    (void)ctx;
    pthread_mutex_lock(&cc_lock);
    SDL_RWops *rw = SDL_RWFromConstMem(data, (int)len);
    SDL_Surface *s = rw ? image_load_rw(rw) : NULL;
    if (s) {
        *w = s->w;
        *h = s->h;
        SDL_FreeSurface(s);
    }
    pthread_mutex_unlock(&cc_lock);
    return s && *w > 0 && *h > 0;
}

/* A recording: SDL's own WAV decoder, the one that plays it. */
static bool audio_decodes(void *ctx, const void *data, size_t len, int *ms)
{
    (void)ctx;
    SDL_RWops *rw = SDL_RWFromConstMem(data, (int)len);
    SDL_AudioSpec spec;
    Uint8 *buf = NULL;
    Uint32 bytes = 0;
    if (!rw || !SDL_LoadWAV_RW(rw, 1, &spec, &buf, &bytes))
        return false;
    int frame = SDL_AUDIO_BITSIZE(spec.format) / 8 * spec.channels;
    *ms = frame > 0 && spec.freq > 0 ? (int)((double)bytes / frame * 1000.0 / spec.freq) : 0;
    SDL_FreeWAV(buf);
    return *ms > 0;
}

static bool open_fonts(void)
{
    if (cc.tried)
        return cc.regular && cc.bold;
    cc.tried = true;
    if (!TTF_WasInit()) {
        if (TTF_Init() != 0) {
            log_msg(LOG_ERROR, "cannot start SDL_ttf: %s", TTF_GetError());
            return false;
        }
        cc.ttf_started = true;
    }
    cc.regular = TTF_OpenFont(cc.regular_path, 32);
    cc.bold = TTF_OpenFont(cc.bold_path, 32);
    if (!cc.regular || !cc.bold)
        log_msg(LOG_ERROR, "%s: cannot open font to check content: %s",
                cc.regular ? cc.bold_path : cc.regular_path, TTF_GetError());
    return cc.regular && cc.bold;
}

/* Both styles must have the glyph: headings are bold, body text regular. */
static bool can_draw(void *ctx, uint32_t cp)
{
    (void)ctx;
    pthread_mutex_lock(&cc_lock);
    bool ok;
    if (cp < 128 && cc.ascii[cp] != 0) {
        ok = cc.ascii[cp] > 0;
    } else {
        ok = !open_fonts() /* the font problem itself stops the kiosk, with its own message */
             || (cp <= 0xFFFF && TTF_GlyphIsProvided32(cc.regular, cp) && TTF_GlyphIsProvided32(cc.bold, cp));
        if (cp < 128 && cc.regular && cc.bold)
            cc.ascii[cp] = ok ? 1 : -1;
    }
    pthread_mutex_unlock(&cc_lock);
    return ok;
}

const content_checks *platform_content_checks(const config *cfg)
{
    if (strcmp(cc.regular_path, cfg->font) != 0 || strcmp(cc.bold_path, cfg->font_bold) != 0) {
        platform_content_checks_release();
        str_copy(cc.regular_path, sizeof cc.regular_path, cfg->font);
        str_copy(cc.bold_path, sizeof cc.bold_path, cfg->font_bold);
    }
    cc.checks = (content_checks){decodes, can_draw, NULL, audio_decodes};
    return &cc.checks;
}

void platform_content_checks_release(void)
{
    pthread_mutex_lock(&cc_lock);
    if (cc.regular)
        TTF_CloseFont(cc.regular);
    if (cc.bold)
        TTF_CloseFont(cc.bold);
    if (cc.ttf_started)
        TTF_Quit();
    cc.regular = cc.bold = NULL;
    cc.ttf_started = cc.tried = false;
    memset(cc.ascii, 0, sizeof cc.ascii);
    pthread_mutex_unlock(&cc_lock);
}
