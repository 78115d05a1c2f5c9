#include "speech.h"

#include <assert.h>
#include <dlfcn.h>
#include <espeak-ng/speak_lib.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"

enum {
    RING_SECONDS = 4,     /* synthesized ahead of what is heard, at most */
    CHUNK_MS = 40,        /* espeak-ng hands samples over in pieces this long */
    VOICED_LEVEL = 500,   /* |sample| above this counts as sound, not silence */
    SPEAK_RATE_WPM = 155, /* a little slower than espeak-ng's 175: calmer, clearer */
};

struct speech {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t work, space, data;
    bool quit;
    int rate, volume;
    /* The ring: count samples from head. */
    int16_t *ring;
    size_t cap, head, count;
    /* The reading: gen changes on every say, play and stop, so the worker
     * can tell that what it is synthesizing is no longer wanted. */
    uint64_t gen;
    bool pending; /* a job waits for the worker */
    char **texts;
    int text_count;
    int16_t *clip;
    size_t clip_samples;
    char voice[16];
    int id;
    bool active, synth_done;
    int64_t starts[SPEECH_MAX_SENTENCES];
    int started;
    int64_t produced, played, voiced;
};

/* espeak-ng's callback has no context pointer: one engine per process. */
static speech *the_speech;
static uint64_t worker_gen; /* the reading the worker is synthesizing (worker thread only) */

static void free_job(speech *sp)
{
    for (int i = 0; i < sp->text_count; i++)
        free(sp->texts[i]);
    free(sp->texts);
    free(sp->clip);
    sp->texts = NULL;
    sp->text_count = 0;
    sp->clip = NULL;
    sp->clip_samples = 0;
}

/* Appends samples to the ring, waiting for room. False when the reading was
 * stopped or replaced meanwhile (the samples are then dropped). */
static bool push(speech *sp, uint64_t gen, const int16_t *pcm, size_t n)
{
    pthread_mutex_lock(&sp->mu);
    while (n > 0) {
        while (sp->gen == gen && !sp->quit && sp->count == sp->cap)
            pthread_cond_wait(&sp->space, &sp->mu);
        if (sp->gen != gen || sp->quit) {
            pthread_mutex_unlock(&sp->mu);
            return false;
        }
        size_t room = sp->cap - sp->count, k = n < room ? n : room;
        for (size_t i = 0; i < k; i++)
            sp->ring[(sp->head + sp->count + i) % sp->cap] = pcm[i];
        sp->count += k;
        sp->produced += (int64_t)k;
        pcm += k;
        n -= k;
        pthread_cond_broadcast(&sp->data);
    }
    pthread_mutex_unlock(&sp->mu);
    return true;
}

/* libespeak-ng is opened at the first speech_create(), not linked: a kiosk
 * without read-aloud never maps it, nor the C++ runtime and audio libraries
 * it pulls in (about 1.2 MiB of start-up memory). Kept open once loaded. */
static struct {
    void *handle;
    __typeof__(espeak_Initialize) *initialize;
    __typeof__(espeak_SetSynthCallback) *set_synth_callback;
    __typeof__(espeak_SetParameter) *set_parameter;
    __typeof__(espeak_SetVoiceByName) *set_voice_by_name;
    __typeof__(espeak_Synth) *synth;
    __typeof__(espeak_Terminate) *terminate;
} es;

static bool espeak_open(void)
{
    if (es.handle)
        return true;
    void *h = dlopen("libespeak-ng.so.1", RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        log_msg(LOG_ERROR, "speech: espeak-ng cannot be loaded (libespeak-ng1): %s", dlerror());
        return false;
    }
    /* POSIX: a data pointer from dlsym converts to a function pointer. */
    *(void **)&es.initialize = dlsym(h, "espeak_Initialize");
    *(void **)&es.set_synth_callback = dlsym(h, "espeak_SetSynthCallback");
    *(void **)&es.set_parameter = dlsym(h, "espeak_SetParameter");
    *(void **)&es.set_voice_by_name = dlsym(h, "espeak_SetVoiceByName");
    *(void **)&es.synth = dlsym(h, "espeak_Synth");
    *(void **)&es.terminate = dlsym(h, "espeak_Terminate");
    if (!es.initialize || !es.set_synth_callback || !es.set_parameter || !es.set_voice_by_name ||
        !es.synth || !es.terminate) {
        log_msg(LOG_ERROR, "speech: libespeak-ng.so.1 lacks a function Lantern needs");
        dlclose(h);
        return false;
    }
    es.handle = h;
    return true;
}

static int on_samples(short *wav, int n, espeak_EVENT *events)
{
    (void)events;
    if (!wav || n <= 0)
        return 0;
    return push(the_speech, worker_gen, wav, (size_t)n) ? 0 : 1; /* 1: abort this synthesis */
}

static void *worker(void *arg)
{
    speech *sp = arg;
    pthread_mutex_lock(&sp->mu);
    for (;;) {
        while (!sp->quit && !sp->pending)
            pthread_cond_wait(&sp->work, &sp->mu);
        if (sp->quit)
            break;
        uint64_t gen = sp->gen;
        char **texts = sp->texts;
        int count = sp->text_count;
        int16_t *clip = sp->clip;
        size_t clip_samples = sp->clip_samples;
        char voice[16];
        str_copy(voice, sizeof voice, sp->voice);
        sp->texts = NULL, sp->text_count = 0, sp->clip = NULL, sp->clip_samples = 0;
        sp->pending = false;
        pthread_mutex_unlock(&sp->mu);

        worker_gen = gen;
        if (clip) {
            pthread_mutex_lock(&sp->mu);
            if (sp->gen == gen)
                sp->starts[0] = 0, sp->started = 1;
            pthread_mutex_unlock(&sp->mu);
            push(sp, gen, clip, clip_samples);
        } else if (es.set_voice_by_name(voice) == EE_OK) {
            for (int i = 0; i < count; i++) {
                pthread_mutex_lock(&sp->mu);
                bool current = sp->gen == gen;
                if (current)
                    sp->starts[i] = sp->produced, sp->started = i + 1;
                pthread_mutex_unlock(&sp->mu);
                if (!current)
                    break;
                es.synth(texts[i], strlen(texts[i]) + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8,
                         NULL, NULL);
            }
        } else {
            log_msg(LOG_ERROR, "speech: espeak-ng has no voice \"%s\"", voice);
        }
        for (int i = 0; i < count; i++)
            free(texts[i]);
        free(texts);
        free(clip);

        pthread_mutex_lock(&sp->mu);
        if (sp->gen == gen) {
            sp->synth_done = true;
            if (sp->count == 0)
                sp->active = false;
            pthread_cond_broadcast(&sp->data);
        }
    }
    pthread_mutex_unlock(&sp->mu);
    return NULL;
}

speech *speech_create(const char *data_path)
{
    assert(!the_speech); /* espeak-ng is one engine per process */
    if (!espeak_open())
        return NULL;
    int rate =
        es.initialize(AUDIO_OUTPUT_SYNCHRONOUS, CHUNK_MS, data_path, espeakINITIALIZE_DONT_EXIT);
    if (rate <= 0) {
        log_msg(LOG_ERROR, "speech: espeak-ng cannot start (data folder %s)",
                data_path ? data_path : "default");
        return NULL;
    }
    speech *sp = calloc(1, sizeof *sp);
    if (!sp)
        return NULL;
    sp->rate = rate;
    sp->volume = 100;
    sp->cap = (size_t)rate * RING_SECONDS;
    sp->ring = malloc(sp->cap * sizeof *sp->ring);
    if (!sp->ring) {
        free(sp);
        return NULL;
    }
    es.set_synth_callback(on_samples);
    es.set_parameter(espeakRATE, SPEAK_RATE_WPM, 0);
    pthread_mutex_init(&sp->mu, NULL);
    pthread_cond_init(&sp->work, NULL);
    pthread_cond_init(&sp->space, NULL);
    pthread_cond_init(&sp->data, NULL);
    the_speech = sp;
    if (pthread_create(&sp->thread, NULL, worker, sp) != 0) {
        log_msg(LOG_ERROR, "speech: cannot start its worker thread");
        the_speech = NULL;
        free(sp->ring);
        free(sp);
        return NULL;
    }
    return sp;
}

void speech_destroy(speech *sp)
{
    if (!sp)
        return;
    pthread_mutex_lock(&sp->mu);
    sp->quit = true;
    sp->gen++;
    pthread_cond_broadcast(&sp->work);
    pthread_cond_broadcast(&sp->space);
    pthread_mutex_unlock(&sp->mu);
    pthread_join(sp->thread, NULL);
    free_job(sp);
    es.terminate();
    pthread_mutex_destroy(&sp->mu);
    pthread_cond_destroy(&sp->work);
    pthread_cond_destroy(&sp->space);
    pthread_cond_destroy(&sp->data);
    free(sp->ring);
    the_speech = NULL;
    free(sp);
}

int speech_rate(const speech *sp)
{
    return sp->rate;
}

void speech_set_volume(speech *sp, int volume)
{
    pthread_mutex_lock(&sp->mu);
    sp->volume = volume < 0 ? 0 : volume > 100 ? 100 : volume;
    pthread_mutex_unlock(&sp->mu);
}

/* Drops whatever was read or queued and starts a new reading (locked). */
static void restart(speech *sp, int id)
{
    sp->gen++;
    free_job(sp);
    sp->head = sp->count = 0;
    sp->produced = sp->played = sp->voiced = 0;
    sp->started = 0;
    sp->synth_done = false;
    sp->id = id;
    pthread_cond_broadcast(&sp->space); /* a worker waiting for room gives up its sentence */
}

static const char *voice_for(const char *lang)
{
    if (strcmp(lang, "en") == 0)
        return "en-us";
    if (strcmp(lang, "es") == 0)
        return "es-419"; /* Latin American Spanish: the families of Los Angeles */
    return NULL;
}

bool speech_say(speech *sp, const char *lang, const char *const *texts, const int *lens, int count,
                int id)
{
    const char *voice = voice_for(lang);
    if (!voice || count < 1 || count > SPEECH_MAX_SENTENCES)
        return false;
    char **copy = calloc((size_t)count, sizeof *copy);
    if (!copy)
        return false;
    for (int i = 0; i < count; i++) {
        copy[i] = malloc((size_t)lens[i] + 1);
        if (!copy[i]) {
            for (int k = 0; k < i; k++)
                free(copy[k]);
            free(copy);
            return false;
        }
        memcpy(copy[i], texts[i], (size_t)lens[i]);
        copy[i][lens[i]] = '\0';
    }
    pthread_mutex_lock(&sp->mu);
    restart(sp, id);
    sp->texts = copy;
    sp->text_count = count;
    str_copy(sp->voice, sizeof sp->voice, voice);
    sp->pending = sp->active = true;
    pthread_cond_signal(&sp->work);
    pthread_mutex_unlock(&sp->mu);
    return true;
}

bool speech_play(speech *sp, const int16_t *pcm, size_t samples, int id)
{
    if (samples == 0)
        return false;
    int16_t *copy = malloc(samples * sizeof *copy);
    if (!copy)
        return false;
    memcpy(copy, pcm, samples * sizeof *copy);
    pthread_mutex_lock(&sp->mu);
    restart(sp, id);
    sp->clip = copy;
    sp->clip_samples = samples;
    sp->pending = sp->active = true;
    pthread_cond_signal(&sp->work);
    pthread_mutex_unlock(&sp->mu);
    return true;
}

void speech_stop(speech *sp)
{
    pthread_mutex_lock(&sp->mu);
    restart(sp, sp->id);
    sp->active = false;
    pthread_mutex_unlock(&sp->mu);
}

/* Takes up to frames samples from the ring (locked). */
static int take(speech *sp, int16_t *out, int frames)
{
    int n = sp->count < (size_t)frames ? (int)sp->count : frames;
    for (int i = 0; i < n; i++) {
        int32_t v = sp->ring[(sp->head + (size_t)i) % sp->cap];
        v = v * sp->volume / 100;
        out[i] = (int16_t)v;
        if (v > VOICED_LEVEL || v < -VOICED_LEVEL)
            sp->voiced++;
    }
    sp->head = (sp->head + (size_t)n) % sp->cap;
    sp->count -= (size_t)n;
    sp->played += n;
    if (n > 0)
        pthread_cond_broadcast(&sp->space);
    if (sp->count == 0 && sp->synth_done && !sp->pending)
        sp->active = false;
    memset(out + n, 0, (size_t)(frames - n) * sizeof *out);
    return n;
}

int speech_read(speech *sp, int16_t *out, int frames)
{
    pthread_mutex_lock(&sp->mu);
    int n = take(sp, out, frames);
    pthread_mutex_unlock(&sp->mu);
    return n;
}

int speech_read_wait(speech *sp, int16_t *out, int frames)
{
    pthread_mutex_lock(&sp->mu);
    while (sp->active && sp->count < (size_t)frames && (sp->pending || !sp->synth_done))
        pthread_cond_wait(&sp->data, &sp->mu);
    int n = take(sp, out, frames);
    pthread_mutex_unlock(&sp->mu);
    return n;
}

void speech_status(speech *sp, speech_status_info *out)
{
    pthread_mutex_lock(&sp->mu);
    out->active = sp->active;
    out->id = sp->id;
    out->played = sp->played;
    out->voiced = sp->voiced;
    out->sentence = -1;
    if (sp->played > 0)
        for (int i = 0; i < sp->started; i++)
            if (sp->starts[i] < sp->played)
                out->sentence = i;
    pthread_mutex_unlock(&sp->mu);
}
