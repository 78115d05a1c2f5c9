/* load: turns JSON files into the kiosk's plain structs. This folder
 * (src/content/) is the only code that includes cJSON.
 *
 * - content_load(): a whole content folder into a content_set (core/content.h).
 * - Every problem found is appended to a diag_list as one line
 *   `file:line:col: message`; loading goes on to find all of them.
 *
 * Ownership: content_load() gives the caller a set to content_destroy();
 * diag_list_free() releases the messages. */
#ifndef LANTERN_LOAD_H
#define LANTERN_LOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/content.h"

typedef struct {
    char **lines;
    int count, cap;
    int errors, warnings;
} diag_list;

void diag_add(diag_list *d, bool is_error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void diag_list_print(const diag_list *d); /* to stderr, one line each */
void diag_list_free(diag_list *d);

/* What only the platform can check, provided by it (SDL2_image, SDL2_ttf):
 * - decodes: whether an image's bytes (read by the loader, a regular file of
 *   at most 2 MB whose header already gave a size within 1600 x 1600 px)
 *   really decode, and their size; NULL trusts the header.
 * - can_draw: whether the kiosk's fonts can draw code point cp; NULL: every
 *   one. Text the kiosk cannot draw is refused with file:line:col, the same
 *   in lanternctl validate as in the kiosk.
 * The loader never opens anything but regular files, never follows a
 * symlink inside the content folder, and reads image headers before any
 * decoding, so a hostile folder is refused fast, in bounded memory. */
typedef bool (*image_decode_fn)(void *ctx, const void *data, size_t len, int *w, int *h);
typedef struct {
    image_decode_fn decodes;
    bool (*can_draw)(void *ctx, uint32_t cp);
    void *ctx;
    /* Whether a recording's bytes (a WAV whose header the loader already
     * read) really decode, and their length in ms; NULL trusts the header. */
    bool (*audio_decodes)(void *ctx, const void *data, size_t len, int *ms);
} content_checks;

/* Loads every language of the content folder dir. Returns NULL and fills
 * diags when anything is wrong: the kiosk never runs on partial content.
 * checks may be NULL (structure only: no decoding, no glyph coverage). */
content_set *content_load(const char *dir, const content_checks *checks, diag_list *diags);

#endif
