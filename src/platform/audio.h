/* audio: the SDL audio device that plays read-aloud (the only code that
 * opens SDL audio). It pulls samples from the speech module (src/speech) in
 * SDL's audio callback. In the headless harness the device is opened the same
 * way (SDL's dummy driver) but paused, and audio_advance() pulls exactly the
 * samples that fit in the virtual time that passed, optionally appending them
 * to a capture file (raw mono S16LE at speech_rate()), so tests can check
 * what would have been heard without depending on the machine's speed.
 *
 * Ownership: audio_open() borrows the speech, which must outlive it;
 * audio_close() closes the device and the capture file.
 * audio_load_wav() returns malloc'd samples the caller frees. */
#ifndef LANTERN_AUDIO_H
#define LANTERN_AUDIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../speech/speech.h"

typedef struct audio audio;

/* device: an SDL output device name (the headphone output), or NULL for the
 * default one. virtual_clock: the harness's mode. capture: a file to append
 * what is played to (voice_create empties it once), or NULL. NULL when no device opens (logged). */
audio *audio_open(speech *sp, const char *device, bool virtual_clock, const char *capture);
void audio_close(audio *au);
/* The SDL device id (SDL_AUDIODEVICEREMOVED names it); 0 for NULL. */
uint32_t audio_device_id(const audio *au);
/* Virtual clock only: plays ms milliseconds' worth of samples. */
void audio_advance(audio *au, int ms);

/* Reads a WAV file (the content's recordings) and converts it to mono S16
 * at rate. NULL when it cannot be read (logged with the path). */
int16_t *audio_load_wav(const char *path, int rate, size_t *samples);

#endif
