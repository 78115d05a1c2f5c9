#include "voice.h"

#include <stdlib.h>

#include "../core/util.h"
#include "../speech/speech.h"
#include "audio.h"

struct voice {
    speech *sp;
    audio *au;
    bool headphones;
};

voice *voice_create(const config *cfg, bool virtual_clock, const char *capture)
{
    if (!cfg->read_aloud)
        return NULL;
    voice *v = calloc(1, sizeof *v);
    if (!v)
        return NULL;
    v->headphones = cfg->headphones_only;
    v->sp = speech_create(NULL);
    if (v->sp) {
        speech_set_volume(v->sp, cfg->volume);
        v->au = audio_open(v->sp, cfg->audio_device[0] ? cfg->audio_device : NULL, virtual_clock,
                           capture);
    }
    if (!v->sp || !v->au) {
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
