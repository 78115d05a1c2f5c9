/* turn: one turn of the kiosk's loop, the same code for the real kiosk
 * (kiosk.c) and the headless harness (harness.c), so the harness tests the
 * kiosk's real orchestration, not a copy of it.
 *
 * An event (a tick for timers) goes to the app; then what the app asked for
 * is carried out, in this order: the visitor's request stored (contact), the
 * PIN checked and the staff action run, usage counted (staff), read-aloud's
 * requests and progress passed (voice). The parts are
 * borrowed: the loop creates and destroys them. */
#ifndef LANTERN_TURN_H
#define LANTERN_TURN_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/app.h"
#include "contact.h"
#include "reload.h"
#include "render.h"
#include "staff.h"
#include "voice.h"

typedef struct {
    app *a;
    contact *form;
    staff_ctl *staff;
    reloader *reload;
    renderer *rend;
    voice *voice;    /* read-aloud, or NULL when not offered */
    int exit_status; /* -1; >= 0 once staff asked the kiosk to exit */
} kiosk_parts;

/* ev->now_ms is the kiosk's monotonic clock; wall the unix time. True when
 * the screen changed and needs drawing. */
bool kiosk_turn(kiosk_parts *k, const app_event *ev, int64_t wall);

/* A newer, checked content set goes live when the app allows it (the attract
 * screen); the renderer then loads images from its folder. now_ms: the
 * loop's monotonic clock. True when it did. */
bool kiosk_take_content(kiosk_parts *k, int64_t now_ms);

#endif
