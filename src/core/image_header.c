#include "image_header.h"

#include <string.h>

static unsigned long be32(const unsigned char *p)
{
    return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 | p[3];
}

static unsigned be16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

image_format image_header_size(const unsigned char *d, size_t len, long *w, long *h)
{
    static const unsigned char png_sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    *w = *h = 0;
    /* PNG: the signature, then IHDR first, width and height big-endian. */
    if (len >= 24 && memcmp(d, png_sig, 8) == 0) {
        if (memcmp(d + 12, "IHDR", 4) != 0)
            return IMAGE_UNKNOWN;
        *w = (long)be32(d + 16);
        *h = (long)be32(d + 20);
        return *w > 0 && *h > 0 ? IMAGE_PNG : IMAGE_UNKNOWN;
    }
    /* JPEG: SOI, then segments until a start-of-frame (SOF0-SOF15 but DHT
     * C4, JPG C8 and DAC CC), which holds height then width. */
    if (len >= 4 && d[0] == 0xFF && d[1] == 0xD8) {
        size_t i = 2;
        while (i + 4 <= len) {
            if (d[i] != 0xFF)
                return IMAGE_UNKNOWN;
            unsigned char marker = d[i + 1];
            if (marker == 0xFF) { /* fill bytes */
                i++;
                continue;
            }
            if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
                i += 2; /* markers without a length */
                continue;
            }
            if (marker == 0xD9 || marker == 0xDA)
                return IMAGE_UNKNOWN; /* end of image, or scan data before any frame header */
            unsigned seg = be16(d + i + 2);
            if (seg < 2 || i + 2 + seg > len)
                return IMAGE_UNKNOWN;
            if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                if (seg < 7)
                    return IMAGE_UNKNOWN;
                *h = (long)be16(d + i + 5);
                *w = (long)be16(d + i + 7);
                return *w > 0 && *h > 0 ? IMAGE_JPEG : IMAGE_UNKNOWN;
            }
            i += 2 + seg;
        }
    }
    return IMAGE_UNKNOWN;
}
