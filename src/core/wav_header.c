#include "wav_header.h"

#include <stdint.h>
#include <string.h>

#include "util.h"

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static unsigned le16(const unsigned char *p)
{
    return (unsigned)p[0] | (unsigned)p[1] << 8;
}

bool wav_header_read(const void *data, size_t len, wav_info *out, char *why, size_t why_size)
{
    const unsigned char *p = data;
    memset(out, 0, sizeof *out);
    if (len < 12 || memcmp(p, "RIFF", 4) != 0 || memcmp(p + 8, "WAVE", 4) != 0) {
        str_copy(why, why_size, "is not a WAV file (RIFF/WAVE)");
        return false;
    }
    bool have_fmt = false;
    size_t at = 12;
    while (at + 8 <= len) {
        uint32_t size = le32(p + at + 4);
        const unsigned char *body = p + at + 8;
        size_t left = len - at - 8;
        if (memcmp(p + at, "fmt ", 4) == 0) {
            if (size < 16 || left < 16) {
                str_copy(why, why_size, "has a damaged format chunk");
                return false;
            }
            unsigned format = le16(body);
            out->channels = (int)le16(body + 2);
            out->rate = (int)le32(body + 4);
            out->bits = (int)le16(body + 14);
            if (format != 1) {
                str_copy(why, why_size, "is not plain PCM (save it as 16-bit PCM WAV)");
                return false;
            }
            if (out->channels < 1 || out->channels > 2 || out->rate < 8000 || out->rate > 48000 ||
                (out->bits != 8 && out->bits != 16)) {
                str_format(
                    why, why_size,
                    "is %d Hz, %d channels, %d bits: use 8000-48000 Hz, mono or stereo, 16 bits",
                    out->rate, out->channels, out->bits);
                return false;
            }
            have_fmt = true;
        } else if (memcmp(p + at, "data", 4) == 0) {
            if (!have_fmt) {
                str_copy(why, why_size, "has its sound before its format chunk");
                return false;
            }
            if (size > left) {
                str_copy(why, why_size, "is cut short (the data chunk is longer than the file)");
                return false;
            }
            out->data_offset = at + 8;
            out->data_bytes = size;
            size_t frame = (size_t)out->channels * (size_t)(out->bits / 8);
            out->ms = (int)((double)size / (double)frame * 1000.0 / out->rate);
            return true;
        }
        at += 8 + (size_t)size + (size & 1);
    }
    str_copy(why, why_size, have_fmt ? "has no sound (no data chunk)" : "has no format chunk");
    return false;
}
