/* speech: read-aloud (the only code including libespeak-ng).
 *
 * speech_say() hands a page's sentences to a worker thread, which
 * synthesizes them one by one with espeak-ng into a PCM ring buffer (mono,
 * signed 16-bit, speech_rate() Hz). The audio device's callback (or the
 * headless harness, on its virtual clock) pulls samples with speech_read();
 * the worker waits while the ring is full. Because each sentence is
 * synthesized on its own, the sample where each one starts is known, and
 * speech_status() says which sentence is being heard, for the highlight.
 * speech_play() queues a recorded clip (already converted to this format)
 * the same way. speech_stop() ends it at once: the ring is emptied under the
 * lock, so the next speech_read() is silence, and the worker abandons the
 * sentence it is synthesizing.
 *
 * The UI never waits on the worker: every call here only takes the lock for
 * a copy. Nothing a visitor typed may ever be given to it (the app passes
 * only content text).
 *
 * espeak-ng is one engine per process: one speech at a time.
 * Ownership: speech_create() copies nothing it is given later; speech_say()
 * and speech_play() copy their input; speech_destroy() stops and joins the
 * worker and frees everything. */
#ifndef LANTERN_SPEECH_H
#define LANTERN_SPEECH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct speech speech;

enum { SPEECH_MAX_SENTENCES = 256 };

/* data_path: espeak-ng's data folder, or NULL for the system's. NULL when
 * espeak-ng cannot start (its data missing): read-aloud is then not offered. */
speech *speech_create(const char *data_path);
void speech_destroy(speech *sp);
int speech_rate(const speech *sp); /* samples a second */

/* 0..100 (a gain applied as samples are read). */
void speech_set_volume(speech *sp, int volume);

/* Starts reading sentences (UTF-8, sentence i is texts[i][0..lens[i])) in
 * language lang ("en", "es": the voice is en-us or es-419), replacing
 * whatever was being read. id is the caller's tag for this reading, echoed
 * by speech_status(). False (nothing changes) when the language has no
 * voice or count is out of range. */
bool speech_say(speech *sp, const char *lang, const char *const *texts, const int *lens, int count,
                int id);
/* Plays a recorded clip (mono S16 at speech_rate()), replacing whatever was
 * being read; the clip counts as one sentence. */
bool speech_play(speech *sp, const int16_t *pcm, size_t samples, int id);
void speech_stop(speech *sp);

/* Copies up to frames samples into out and fills the rest with silence.
 * Returns the samples that were speech. Never blocks on synthesis. */
int speech_read(speech *sp, int16_t *out, int frames);
/* For the headless harness: like speech_read() but first waits until frames
 * samples are ready or the reading has ended, so what is heard depends only
 * on the virtual clock, not on the machine's speed. */
int speech_read_wait(speech *sp, int16_t *out, int frames);

typedef struct {
    bool active;    /* a reading is queued or playing */
    int id;         /* the tag given to speech_say/speech_play */
    int sentence;   /* the sentence being heard (0-based), -1 before the first sample */
    int64_t played; /* samples handed out so far in this reading */
    int64_t voiced; /* of which above a silence threshold */
} speech_status_info;
void speech_status(speech *sp, speech_status_info *out);

#endif
