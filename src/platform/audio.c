#include "audio.h"

#include <SDL2/SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"

struct audio {
    SDL_AudioDeviceID dev;
    speech *sp;
    bool virtual_clock;
    FILE *capture;
    int rate;
    int64_t owed_us; /* virtual time not yet turned into whole samples */
};

static void callback(void *ctx, Uint8 *stream, int bytes)
{
    audio *au = ctx;
    speech_read(au->sp, (int16_t *)stream, bytes / 2);
}

audio *audio_open(speech *sp, const char *device, bool virtual_clock, const char *capture)
{
    if (!SDL_WasInit(SDL_INIT_AUDIO) && SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
        log_msg(LOG_ERROR, "audio: cannot start SDL audio: %s", SDL_GetError());
        return NULL;
    }
    audio *au = calloc(1, sizeof *au);
    if (!au)
        return NULL;
    au->sp = sp;
    au->virtual_clock = virtual_clock;
    au->rate = speech_rate(sp);
    /* 1024 samples at 22050 Hz: 46 ms a buffer, the device's share of the
     * tap-to-sound latency (bench/speech.c). */
    SDL_AudioSpec want = {.freq = au->rate,
                          .format = AUDIO_S16SYS,
                          .channels = 1,
                          .samples = 1024,
                          .callback = virtual_clock ? NULL : callback,
                          .userdata = au};
    SDL_AudioSpec got;
    au->dev = SDL_OpenAudioDevice(device, 0, &want, &got, 0);
    if (!au->dev) {
        log_msg(LOG_ERROR, "audio: cannot open %s: %s", device ? device : "the default output",
                SDL_GetError());
        free(au);
        return NULL;
    }
    if (capture) {
        au->capture = fopen(capture, "ab"); /* reopened after headphones come back */
        if (!au->capture)
            log_msg(LOG_ERROR, "%s: cannot write the audio capture", capture);
    }
    if (!virtual_clock)
        SDL_PauseAudioDevice(au->dev, 0);
    return au;
}

uint32_t audio_device_id(const audio *au)
{
    return au ? au->dev : 0;
}

void audio_close(audio *au)
{
    if (!au)
        return;
    SDL_CloseAudioDevice(au->dev);
    if (au->capture)
        fclose(au->capture);
    free(au);
}

void audio_advance(audio *au, int ms)
{
    if (!au || !au->virtual_clock || ms <= 0)
        return;
    au->owed_us += (int64_t)ms * 1000;
    int64_t frames = au->owed_us * au->rate / 1000000;
    au->owed_us -= frames * 1000000 / au->rate;
    int16_t buf[4096];
    while (frames > 0) {
        int n = frames < 4096 ? (int)frames : 4096;
        speech_read_wait(au->sp, buf, n);
        if (au->capture)
            fwrite(buf, sizeof buf[0], (size_t)n, au->capture);
        frames -= n;
    }
    if (au->capture)
        fflush(au->capture);
}

int16_t *audio_load_wav(const char *path, int rate, size_t *samples)
{
    SDL_AudioSpec spec;
    Uint8 *buf = NULL;
    Uint32 len = 0;
    if (!SDL_LoadWAV(path, &spec, &buf, &len)) {
        log_msg(LOG_ERROR, "%s: cannot read the recording: %s", path, SDL_GetError());
        return NULL;
    }
    SDL_AudioCVT cvt;
    int built =
        SDL_BuildAudioCVT(&cvt, spec.format, spec.channels, spec.freq, AUDIO_S16SYS, 1, rate);
    int16_t *out = NULL;
    if (built >= 0) {
        cvt.len = (int)len;
        cvt.buf = SDL_malloc((size_t)len * (size_t)(cvt.len_mult > 0 ? cvt.len_mult : 1));
        if (cvt.buf) {
            SDL_memcpy(cvt.buf, buf, len);
            if (SDL_ConvertAudio(&cvt) == 0 && cvt.len_cvt >= 2) {
                out = malloc((size_t)cvt.len_cvt);
                if (out) {
                    memcpy(out, cvt.buf, (size_t)cvt.len_cvt);
                    *samples = (size_t)cvt.len_cvt / 2;
                }
            }
            SDL_free(cvt.buf);
        }
    }
    if (!out)
        log_msg(LOG_ERROR, "%s: cannot convert the recording: %s", path, SDL_GetError());
    SDL_FreeWAV(buf);
    return out;
}
