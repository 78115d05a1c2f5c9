/* script: the headless harness's JSON scripts as plain steps.
 *
 * A script is an array of one-key objects ({"tap":[x,y]}, {"swipe":[x1,y1,
 * x2,y2]}, {"type":"text"}, {"key":"Backspace"}, {"tap_text":"…"},
 * {"wait_ms":N}, {"shot":"name"}, and for reload tests {"publish":"DIR"}: the
 * documented symlink swap of the content folder to DIR, and {"write":["FILE",
 * "text"]}: FILE replaced with text, as a staff member editing the live
 * folder in place), {"mark":"text"} (prints
 * "mark: text" on stdout at once) and {"expect_screen":"thanks"} (fails the
 * script when another screen shows), {"hold":[x,y,ms]} (a finger held down that
 * long, the clock running) and {"clock":"2026-11-26T18:00"} (sets the wall
 * clock, local time; it then moves with the virtual clock), {"expect_forgotten":
 * "text"} (fails the script when those bytes are still anywhere in the app's,
 * the renderer's or the contact module's memory: typed text must be wiped),
 * {"down":[x,y]}, {"move":[x,y]} and {"up":[x,y]} (a finger put down, moved
 * and lifted, each its own event: the pressed state shows between them).
 * script_load() returns them, or NULL with
 * one line in err naming the step index and the reason. script_free()
 * releases the steps and their strings. */
#ifndef LANTERN_SCRIPT_H
#define LANTERN_SCRIPT_H

#include <stddef.h>
#include <stdint.h>

typedef enum { STEP_TAP, STEP_SWIPE, STEP_TYPE, STEP_KEY, STEP_TAP_TEXT, STEP_WAIT, STEP_SHOT, STEP_PUBLISH, STEP_MARK,
               STEP_EXPECT_SCREEN, STEP_HOLD, STEP_CLOCK, STEP_EXPECT_FORGOTTEN, STEP_WRITE,
               STEP_DOWN, STEP_MOVE, STEP_UP, STEP_HEADPHONES } step_kind;

typedef struct {
    step_kind kind;
    int x, y, x2, y2;
    int64_t ms; /* wait_ms; clock: the unix time; headphones: 1 plugged in, 0 pulled out */
    char *text;  /* type, key, tap_text, shot; write: the file */
    char *text2; /* write: the file's new text */
} script_step;

typedef struct {
    script_step *steps;
    int count;
} script;

script *script_load(const char *path, char *err, size_t err_size);
void script_free(script *s);

#endif
