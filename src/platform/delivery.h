/* delivery: the kiosk side of "Copy requests to USB" and the staff screen's
 * delivery-health lines (issue 10), for the staff screen to call. No SDL:
 * plain files and the store.
 *
 * delivery_usb_targets lists the writable folders a USB drive offers under
 * the media folder (/media/USER/LABEL, or /media/LABEL: one or two levels,
 * mount points only, so the kiosk's own disk is never offered).
 * delivery_copy_to_usb writes the waiting sealed requests there
 * (store_handoff.h: temporary name, fsync, read back and verified, renamed)
 * and marks them handed off; msg gets a line that holds no request
 * contents (on failure "Nothing was copied: " and the reason, without the
 * drive's own path: the staff screen shows what follows the colon). delivery_health fills the figures the staff screen
 * shows: waiting, oldest waiting, last push, last hand-off.
 * The caller owns every buffer; nothing to free. */
#ifndef LANTERN_DELIVERY_H
#define LANTERN_DELIVERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "store/store_outbox.h"

enum { DELIVERY_TARGETS_MAX = 8, DELIVERY_PATH_MAX = 1024 };

/* Returns how many (0 to max) folders were put in out. */
int delivery_usb_targets(const char *media_dir, char out[][DELIVERY_PATH_MAX], int max);

/* *count: requests written (0: none waiting, no file). False on failure,
 * with the reason in msg; nothing is marked then. */
bool delivery_copy_to_usb(store *s, const char *kiosk_id, const char *target, int64_t now_unix,
                          int *count, char *msg, size_t msg_size);

/* The staff screen's figures (store_outbox_status); false on a storage error. */
bool delivery_health(store *s, store_outbox_health *out);

#endif
