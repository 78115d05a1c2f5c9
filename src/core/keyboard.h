/* keyboard: the on-screen keyboards of the contact form, as key rectangles.
 *
 * Three layouts: letters with Spanish letters and a shift key (names), an
 * email layout with digits, "@" and ".com", and a large numeric keypad
 * (phone). keyboard_build() lays one out into an area; the app draws the
 * keys and hit-tests them like any other target. Nothing is allocated: the
 * caller passes the array. Key captions that are words (Shift, Delete,
 * space, Done) come from the content's UI strings, by the key given here. */
#ifndef LANTERN_KEYBOARD_H
#define LANTERN_KEYBOARD_H

#include <stdbool.h>

#include "draw.h"
#include "layout.h"

typedef enum { KB_TEXT, KB_EMAIL, KB_PHONE } kb_layout;
typedef enum { KK_CHAR, KK_SHIFT, KK_DELETE, KK_SPACE, KK_DONE } kb_kind;

typedef struct {
    kb_kind kind;
    const char *text;    /* KK_CHAR: what it types (shift applied) */
    const char *ui_key;  /* other kinds: the UI string of its caption */
    rect r;
} kb_key;

enum { KB_MAX_KEYS = 64 };

/* The height the layout needs at this width and scale. */
int keyboard_height(kb_layout layout, const metrics *m);
/* Lays the keys out in area (its height from keyboard_height). Returns the
 * number of keys written to out (at most KB_MAX_KEYS). */
int keyboard_build(kb_layout layout, bool shift, rect area, const metrics *m, kb_key *out);

#endif
