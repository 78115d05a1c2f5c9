/* voice: read-aloud between the app and the speech module. It takes the
 * app's speech requests (say, play a recording, stop) to the speech module
 * and tells the app which sentence is heard. The kiosk plays through the
 * audio device in real time; the harness moves the audio along with its
 * virtual clock (voice_advance) and may capture what is played.
 *
 * Ownership: voice_create() owns its speech and audio device; voice_destroy()
 * stops and frees them. NULL (read-aloud not offered) when the config does
 * not enable it or speech or audio cannot start (logged). */
#ifndef LANTERN_VOICE_H
#define LANTERN_VOICE_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/app.h"
#include "../core/config.h"

typedef struct voice voice;

voice *voice_create(const config *cfg, bool virtual_clock, const char *capture);
void voice_destroy(voice *v);
/* Tells the app whether Listen is offered (and with headphones). */
void voice_attach(voice *v, app *a);
/* Passes requests and progress; content_root: where recordings are. Returns
 * true when the screen changed. v may be NULL (nothing to do). */
bool voice_pump(voice *v, app *a, const char *content_root);
/* Headphones only (config headphones_only): an output device came or went
 * (SDL_AUDIODEVICEADDED, with its index, or SDL_AUDIODEVICEREMOVED, with
 * the id of an open device). When the headphone output goes, reading stops
 * and the device is closed; when one comes, it is opened by its configured
 * name (so only the headphones count). True when the app's state changed. */
bool voice_audio_event(voice *v, app *a, bool added, uint32_t device);
/* The same, for the harness's "headphones" step: plugged in or pulled out. */
bool voice_headphones(voice *v, app *a, bool plugged);
/* Harness: plays ms of audio on the virtual clock. */
void voice_advance(voice *v, int ms);

#endif
