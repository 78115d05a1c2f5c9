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

#include "../core/content.h"

typedef struct {
    char **lines;
    int count, cap;
    int errors, warnings;
} diag_list;

void diag_add(diag_list *d, bool is_error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void diag_list_print(const diag_list *d); /* to stderr, one line each */
void diag_list_free(diag_list *d);

/* Measures an image file: fills w and h and returns true when it can be
 * decoded. Provided by the platform (SDL2_image); NULL skips decoding. */
typedef bool (*image_probe_fn)(void *ctx, const char *path, int *w, int *h);

/* Loads every language of the content folder dir. Returns NULL and fills
 * diags when anything is wrong: the kiosk never runs on partial content. */
content_set *content_load(const char *dir, image_probe_fn probe, void *probe_ctx, diag_list *diags);

#endif
