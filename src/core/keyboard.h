/* keyboard: the on-screen keyboards of the contact form, as key rectangles.
 *
 * Three layouts: letters with Spanish letters and a shift key (names), an
 * email layout with digits, "@" and ".com", and a large numeric keypad
 * (phone; with an Enter key for the staff PIN pad). keyboard_build() lays one out into an area; the
 * app draws the keys and hit-tests them like any other target. Nothing is allocated: the caller
 * passes the array. Key captions that are words (Shift, Delete, space, Done) come from the
 * content's UI strings, by the key given here.
 *
 * A short panel (a 7" one on its side: under 100 mm tall) has room for three
 * rows of 12 mm keys under the crisis bar and the field, never five: its
 * compact keyboards put the letters in three rows of at most ten keys, and
 * what does not fit (accented letters, digits and symbols) on a second page
 * that a key turns to (KK_PAGE). The phone's compact keypad is the ten digits
 * in one row and Delete. Their word keys (Shift, Delete, space) share what
 * their row leaves beside the 12 mm letters, so their words fit. */
#ifndef LANTERN_KEYBOARD_H
#define LANTERN_KEYBOARD_H

#include <stdbool.h>

#include "draw.h"
#include "layout.h"

/* KB_PHONE: the keypad with Enter (KK_DONE: the staff PIN pad); KB_DIAL:
 * the same keypad without it (the form's phone step, whose Next is the
 * form's own button). The letters' and email keyboards have no Done key:
 * a form step has one Next, in its place. */
typedef enum { KB_TEXT, KB_EMAIL, KB_PHONE, KB_DIAL } kb_layout;
typedef enum { KK_CHAR, KK_SHIFT, KK_DELETE, KK_SPACE, KK_DONE, KK_PAGE } kb_kind;

typedef struct {
    kb_kind kind;
    const char *text;   /* KK_CHAR: what it types (shift applied); KK_PAGE: its caption */
    const char *ui_key; /* other kinds: the UI string of its caption */
    rect r;
} kb_key;

enum { KB_MAX_KEYS = 64 };

/* The height the layout needs at this width and scale. */
int keyboard_height(kb_layout layout, const metrics *m);
/* Lays the keys out in area (its height from keyboard_height). Returns the
 * number of keys written to out (at most KB_MAX_KEYS). */
int keyboard_build(kb_layout layout, bool shift, rect area, const metrics *m, kb_key *out);

/* The compact keyboards (a short panel): their height, and their keys for
 * page 0 (letters) or 1 (accents, or digits and symbols) in area. The keys
 * are 12 mm both ways with 2 mm gaps when area is at least
 * keyboard_compact_width() wide. */
int keyboard_compact_height(kb_layout layout, const metrics *m);
int keyboard_compact_width(kb_layout layout, const metrics *m);
int keyboard_compact_build(kb_layout layout, bool shift, int page, rect area, const metrics *m,
                           kb_key *out);

/* How far every key keeps from the screen's edges: at least 2 mm on the
 * panel (a finger on the bottom row must not meet the bezel), and never
 * less than a quarter of the margin. The caller lays the keyboard out
 * inside the screen inset by it. */
int keyboard_edge_px(const metrics *m);

#endif
