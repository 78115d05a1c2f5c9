/* wav_header: reads what a WAV file says about itself (format, rate,
 * channels, length) from its bytes, without decoding, so a content check can
 * refuse a bad recording fast. PCM (format 1) 8/16-bit, 1 or 2 channels,
 * 8000 to 48000 Hz: what SDL_LoadWAV plays. Nothing allocated. */
#ifndef LANTERN_WAV_HEADER_H
#define LANTERN_WAV_HEADER_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    int rate, channels, bits;
    size_t data_offset, data_bytes;
    int ms; /* data_bytes as milliseconds */
} wav_info;

/* False, with why filled, when data is not a WAV file the kiosk plays. */
bool wav_header_read(const void *data, size_t len, wav_info *out, char *why, size_t why_size);

#endif
