/* image_header: an image's pixel size read from its header alone (PNG IHDR,
 * JPEG SOFn), so that a file claiming 100000 x 100000 px is refused before
 * anything decodes it. No allocation, no I/O: bytes in, size out. */
#ifndef LANTERN_IMAGE_HEADER_H
#define LANTERN_IMAGE_HEADER_H

#include <stdbool.h>
#include <stddef.h>

typedef enum { IMAGE_UNKNOWN, IMAGE_PNG, IMAGE_JPEG } image_format;

/* Fills *w and *h and returns the format, or IMAGE_UNKNOWN when data[0..len)
 * is not a PNG or JPEG whose header gives a size (both sides at least 1). */
image_format image_header_size(const unsigned char *data, size_t len, long *w, long *h);

#endif
