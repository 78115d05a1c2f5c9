/* qr: QR codes for the take-home links (the only code using libqrencode).
 *
 * qr_encode() turns a short text (an https URL, a tel: link) into a square
 * module bitmap: size x size modules, one byte each, 1 dark and 0 light,
 * without the quiet zone (whoever draws it leaves 4 light modules around).
 * Error correction level M (15 % of the code may be unreadable: a glare on
 * the glass, a finger print), 8-bit mode so a URL is encoded byte for byte.
 *
 * Ownership: the caller owns the qr_code (a plain struct, no heap). */
#ifndef LANTERN_QR_H
#define LANTERN_QR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Version 10 (57 x 57 modules) holds 213 bytes at level M: more than the 200
 * bytes a content link may have. */
enum { QR_MAX_MODULES = 57, QR_QUIET_MODULES = 4 };

typedef struct {
    int size; /* modules a side: 21 (version 1) .. 57 (version 10) */
    uint8_t dark[QR_MAX_MODULES * QR_MAX_MODULES]; /* row by row */
} qr_code;

/* The modules a side qr_encode() gives a text of len bytes (its version
 * depends on the length alone: 8-bit mode, level M), without encoding it;
 * 0 when len is 0 or over 200. The loader sizes a code with this and the
 * renderer encodes it when first drawn (a code costs more to encode than
 * the rest of its document costs to load). */
int qr_size_for_length(size_t len);

/* Encodes text (1 to 200 bytes). False when it is empty, too long for version
 * 10 or the library fails (out of memory); out is then size 0. */
bool qr_encode(const char *text, qr_code *out);

static inline bool qr_dark(const qr_code *q, int x, int y)
{
    return q->dark[y * q->size + x] != 0;
}

#endif
