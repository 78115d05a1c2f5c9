/* draw: the list of draw commands a frame is made of, plus what the harness
 * dumps (visible text items) and what hit testing uses (tap targets).
 *
 * The logic fills a draw_list; the platform layer renders it. A list is
 * created once with fixed capacities and reset every frame, so building a
 * frame never allocates. Text pointers point into the content set or into
 * the list's own text arena (for formatted strings such as "Page 2 of 6"). */
#ifndef LANTERN_DRAW_H
#define LANTERN_DRAW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint8_t r, g, b, a;
} color;

typedef struct {
    int x, y, w, h;
} rect;

/* FONT_ICON: the icon font (core/icons.h); its text is one icon's code point. */
typedef enum { FONT_REGULAR, FONT_BOLD, FONT_ICON } font_style;

/* CMD_QR: a QR code as its modules, one command per code (not a fill per
 * module: a code has hundreds, and the list's capacity is fixed). r is the
 * whole code with its light quiet zone; every module is module_px square at
 * an integer position, so the renderer draws it crisp, never scaled. */
typedef enum { CMD_FILL, CMD_TEXT, CMD_IMAGE, CMD_QR } cmd_type;

typedef struct {
    cmd_type type;
    rect r;           /* text: the line's box (x, y top-left; w measured; h line height) */
    color fg, bg;     /* fill uses fg; text draws fg over bg (bg kept for contrast checks) */
    const char *text; /* text: not terminated; len bytes */
    int len;
    int px;
    font_style style;
    const char *image; /* image: path */
    bool sensitive;    /* text a visitor typed: never cached, never logged */
    /* CMD_QR: qr_size * qr_size modules, 1 = dark, or NULL (the renderer
     * encodes text, the link); text is also what the dump shows. */
    const unsigned char *qr;
    int qr_size, module_px;
} draw_cmd;

/* One visible piece of text (possibly several lines) for the harness dump. */
typedef struct {
    const char *text;
    int len;
    rect r;
    rect clip;      /* the area it must stay inside (its box or the screen) */
    bool sensitive; /* what a visitor typed */
    bool cut;       /* shown shortened: its last line ends in "…" (text names the full line) */
} draw_item;

typedef enum {
    ACT_NONE,
    ACT_WAKE,     /* attract: go to Home */
    ACT_LANG,     /* arg: language index */
    ACT_OPEN_DOC, /* arg: document index */
    ACT_HOME,
    ACT_NEXT,
    ACT_PREV,
    ACT_CRISIS,
    ACT_BACK,
    ACT_STAY, /* "I'm still here" */
    /* the contact form */
    ACT_FORM_START,  /* the notice's Continue */
    ACT_FORM_CANCEL, /* wipes the form, back to Home */
    ACT_FORM_NEXT,
    ACT_FORM_BACK,
    ACT_FORM_GOTO, /* arg: step (review rows) */
    ACT_KEY,       /* arg: index of an on-screen key */
    ACT_CHOICE,    /* arg: group * 16 + option */
    ACT_CONSENT,   /* toggles the consent box */
    ACT_SUBMIT,
    ACT_FORM_DONE, /* OK on the thank-you or could-not-save screen */
    /* staff */
    ACT_STAFF,      /* arg: staff_request_kind + 16 * its argument */
    ACT_STAFF_BACK, /* back to the staff screen */
    ACT_TOUCH_TEST,
    ACT_TOUCH_POINT,
    ACT_FACILITATOR,
    ACT_EXIT_ASK,
    ACT_READ_DOC, /* arg: document, opened as a page even if its tile opens a screen */
    ACT_TEXT_SIZE, /* "A+": the next text step, then high contrast, then back */
    ACT_LISTEN,    /* read the screen aloud, or stop */
    ACT_FORM_WHY,   /* a disabled Send: says what is still needed */
    ACT_FORM_ERASE, /* "Yes, erase them": the form is wiped, back to Home */
    ACT_FORM_KEEP,  /* "No, keep them": back to the form */
    ACT_TAKE_HOME,  /* the crisis screen's codes, where they do not fit beside the help */
    ACT_LEAVE,    /* staff and facilitators leave: the session ends, back to the attract screen */
    ACT_CANCEL,   /* staff: cancel a meeting (app_cancel.c); arg: step * 256 + choice */
    ACT_FORM_NOTE, /* a short panel: the error shown over the keyboard was seen */
    ACT_LINK,     /* a link block in a document: arg: the document it opens (reader_nav.c) */
    ACT_PARTS,    /* the reader's running head: the list of the module's parts (reader_nav.c) */
    ACT_PART,     /* a part in that list: arg: the part (1-based); its first page opens */
} action;

typedef struct {
    rect r;
    action act;
    int arg;
} draw_target;

typedef struct {
    draw_cmd *cmds;
    int cmd_count, cmd_cap;
    draw_item *items;
    int item_count, item_cap;
    draw_target *targets;
    int target_count, target_cap;
    char *text;
    size_t text_used, text_cap;
    color clear;
    const char *screen; /* "attract", "home", "reader", "crisis" */
    const char *lang;
    bool overflow;  /* a capacity was too small: something was left out */
    bool sensitive; /* the pen: text and items added now are what a visitor typed */
} draw_list;

draw_list *draw_list_create(int cmd_cap, int item_cap, int target_cap, size_t text_cap);
void draw_list_destroy(draw_list *dl);
/* Empties the list for the next frame; wipes its text arena, which may hold
 * pieces of typed text (an ellipsized name). */
void draw_list_reset(draw_list *dl);
/* Everything drawn between draw_sensitive(dl, true) and (dl, false) is what a
 * visitor typed: the renderer draws it without caching or logging it. The one
 * way typed text is marked; draw_list_reset() turns it off. */
void draw_sensitive(draw_list *dl, bool on);

void draw_fill(draw_list *dl, rect r, color c);
void draw_text(draw_list *dl, rect r, const char *text, int len, int px, font_style st, color fg,
               color bg);
void draw_image(draw_list *dl, rect r, const char *path);
/* An icon (an ICON_* of core/icons.h) px tall, centred in r. Not a harness
 * item: icons go with a label that is. */
void draw_icon(draw_list *dl, rect r, const char *icon, int px, color fg, color bg);
/* A QR code with its quiet zone (4 modules) at (x, y): fg the dark modules,
 * bg the light ones. Returns its side in px. link is what it encodes, for
 * the harness dump; modules NULL: the renderer encodes link itself. */
int draw_qr(draw_list *dl, int x, int y, const unsigned char *modules, int size, int module_px,
            const char *link, color fg, color bg);
/* The side in px of such a code. */
int qr_side(int size, int module_px);
void draw_item_add(draw_list *dl, const char *text, int len, rect r, rect clip);
void draw_target_add(draw_list *dl, rect r, action act, int arg);
/* Copies a formatted string into the list's arena; returns "" when full. */
const char *draw_strdup(draw_list *dl, const char *s);

/* Topmost target containing (x, y), or NULL. Later targets are on top. */
const draw_target *draw_hit(const draw_list *dl, int x, int y);
bool rect_contains(rect r, int x, int y);
bool rect_overlaps(rect a, rect b);
bool rect_inside(rect inner, rect outer);

/* WCAG 2 contrast ratio between two opaque colours (1..21). */
double color_contrast(color a, color b);

#endif
