#include "voice.h"

#include <stdio.h>
#include <stdlib.h>

#include "../core/util.h"
#include "../speech/speech.h"
#include "audio.h"

struct voice {
    speech *sp;
    audio *au; /* NULL while the headphones are unplugged */
    bool headphones, virtual_clock;
    char device[sizeof((config *)0)->audio_device];
    char capture[1024];
};

static audio *open_device(voice *v)
{
    return audio_open(v->sp, v->device[0] ? v->device : NULL, v->virtual_clock,
                      v->capture[0] ? v->capture : NULL);
}

voice *voice_create(const config *cfg, bool virtual_clock, const char *capture)
{
    if (!cfg->read_aloud)
        return NULL;
    voice *v = calloc(1, sizeof *v);
    if (!v)
        return NULL;
    v->headphones = cfg->headphones_only;
    v->virtual_clock = virtual_clock;
    str_copy(v->device, sizeof v->device, cfg->audio_device);
    if (capture && !str_copy(v->capture, sizeof v->capture, capture)) {
        log_msg(LOG_ERROR, "%s: the audio capture path is too long", capture);
        voice_destroy(v);
        return NULL;
    }
    if (capture) {
        FILE *f = fopen(capture, "wb"); /* the device appends: one capture a run */
        if (f)
            fclose(f);
    }
    v->sp = speech_create(NULL);
    if (v->sp) {
        speech_set_volume(v->sp, cfg->volume);
        v->au = open_device(v);
    }
    /* Headphones that are not plugged in yet are no reason to give up:
     * Listen says to plug them in, and they are opened when they come. */
    if (!v->sp || (!v->au && !v->headphones)) {
        log_msg(LOG_ERROR, "read-aloud is not offered: speech or audio could not start");
        voice_destroy(v);
        return NULL;
    }
    return v;
}

void voice_destroy(voice *v)
{
    if (!v)
        return;
    audio_close(v->au); /* first: the device's callback reads the speech */
    speech_destroy(v->sp);
    free(v);
}

void voice_attach(voice *v, app *a)
{
    app_set_read_aloud(a, v != NULL, v && v->headphones);
    if (v && v->headphones)
        app_set_headphones_plugged(a, v->au != NULL);
}

bool voice_headphones(voice *v, app *a, bool plugged)
{
    if (!v || !v->headphones || plugged == (v->au != NULL))
        return false;
    if (plugged) {
        v->au = open_device(v); /* NULL: not our headphones after all */
        if (v->au)
            log_msg(LOG_INFO, "audio: the headphones are back: Listen is offered");
    } else {
        speech_stop(v->sp);
        audio_close(v->au);
        v->au = NULL;
        log_msg(LOG_INFO, "audio: the headphones were unplugged: Listen waits for them");
    }
    app_set_headphones_plugged(a, v->au != NULL);
    return true;
}

bool voice_audio_event(voice *v, app *a, bool added, uint32_t device)
{
    if (!v || !v->headphones)
        return false;
    if (!added && (!v->au || device != audio_device_id(v->au)))
        return false; /* another output went away */
    return voice_headphones(v, a, added);
}

bool voice_pump(voice *v, app *a, const char *content_root)
{
    if (!v)
        return false;
    speech_request req;
    while (app_take_speech(a, &req)) {
        if (req.stop) {
            speech_stop(v->sp);
            continue;
        }
        bool started = false;
        if (req.clip) {
            char path[1024];
            size_t samples = 0;
            int16_t *pcm = str_format(path, sizeof path, "%s/%s", content_root, req.clip)
                               ? audio_load_wav(path, speech_rate(v->sp), &samples)
                               : NULL;
            started = pcm && speech_play(v->sp, pcm, samples, req.id);
            free(pcm);
        }
        if (!started && !speech_say(v->sp, req.lang, req.texts, req.lens, req.count, req.id))
            speech_stop(v->sp);
    }
    speech_status_info st;
    speech_status(v->sp, &st);
    return app_speech_progress(a, st.active, st.id, st.sentence);
}

void voice_advance(voice *v, int ms)
{
    if (v)
        audio_advance(v->au, ms);
}
