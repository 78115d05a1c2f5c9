/* app: the kiosk's screens as a state machine, free of SDL.
 *
 * Plain events go in (tap, swipe, key, text, clock tick: each carries the
 * kiosk's clock in ms), and app_frame() gives the draw list for the current
 * state: draw commands, the visible text items and the tap targets. The
 * frame is rebuilt only after something changed; hit testing uses the frame
 * on screen, so what is tapped is what is seen.
 *
 * Session state (language, screen, open module, page) is dropped in one
 * place only, session_reset() in app.c: idle timeout and nothing else.
 *
 * Ownership: app_create() borrows the content set and the metrics callback
 * (both must outlive the app, or be replaced with app_set_content());
 * app_destroy() frees the app and its draw list. */
#ifndef LANTERN_APP_H
#define LANTERN_APP_H

#include <stdbool.h>
#include <stdint.h>

#include "content.h"
#include "draw.h"
#include "form.h"
#include "layout.h"
#include "readaloud.h"
#include "schedule.h"

typedef enum {
    SCREEN_ATTRACT,
    SCREEN_HOME,
    SCREEN_READER,
    SCREEN_CRISIS,
    SCREEN_NOTICE, /* what the contact form is for, before any typing */
    SCREEN_FORM,   /* the form's steps */
    SCREEN_REVIEW,
    SCREEN_THANKS,
    SCREEN_SAVE_FAILED,
    SCREEN_GROUPS,       /* the support groups' schedule */
    SCREEN_PIN,          /* staff sign-in, reached by the hidden gesture */
    SCREEN_STAFF,
    SCREEN_TOUCH_TEST,
    SCREEN_EXIT_CONFIRM,
    SCREEN_FACILITATOR_PICK,
    SCREEN_CANCEL, /* staff: cancel a meeting, or undo (app_cancel.c) */
} screen_id;

/* EV_DOWN, EV_MOVE, EV_UP: a finger's own events, where the platform has
 * them (the kiosk, the harness's down/move/up steps): down presses the target
 * under it (drawn pressed), a move off it cancels, up inside it acts as a tap
 * (held_ms from down). EV_TAP is the whole of it at once. */
typedef enum { EV_TAP, EV_SWIPE, EV_KEY, EV_TEXT, EV_TICK, EV_DOWN, EV_MOVE, EV_UP } event_type;

typedef enum {
    KEY_OTHER,
    KEY_LEFT,
    KEY_RIGHT,
    KEY_UP,
    KEY_DOWN,
    KEY_PAGE_UP,
    KEY_PAGE_DOWN,
    KEY_HOME,
    KEY_BACKSPACE,
    KEY_ENTER,
    KEY_TAB,
    KEY_ESCAPE,
} key_code;

typedef struct {
    event_type type;
    int64_t now_ms; /* the kiosk's clock: real or virtual (harness) */
    int x, y;       /* tap; swipe start */
    int x2, y2;     /* swipe end */
    key_code key;
    const char *text; /* EV_TEXT: UTF-8 */
    int held_ms;      /* EV_TAP: how long the finger stayed down */
    int64_t wall;     /* the wall clock, unix seconds (0: unknown) */
} app_event;

typedef struct {
    int idle_ms;      /* no touch for this long: "Are you still there?" */
    int countdown_ms; /* then this long until the session is dropped */
} app_timing;

typedef struct app app;

app *app_create(const content_set *content, const text_metrics *tm, int w, int h, app_timing timing);
void app_destroy(app *a);

/* Feeds one event. Returns true when the screen changed and needs drawing. */
bool app_handle(app *a, const app_event *ev);
/* The clock time (ms) at which the app next needs a tick, or -1 for none. */
int64_t app_next_deadline(const app *a);
/* The draw list for the current state (rebuilt only when stale). */
const draw_list *app_frame(app *a);
/* The same, as it goes on screen: the platform calls this for the frame it
 * presents. Taps are hit-tested against the targets of the frame last
 * presented, never a newer layout; a tap arriving after the state changed
 * and before the new frame was presented (a second queued tap, a timeout
 * firing) does nothing, so nothing is pressed that was never seen. */
const draw_list *app_present(app *a);
void app_resize(app *a, int w, int h);

/* Swaps in new content; only done on the attract screen, where no session
 * holds pointers into the old set. Returns false (and changes nothing)
 * anywhere else. The caller frees the old set afterwards. */
bool app_set_content(app *a, const content_set *content);

/* ---- the contact form ---- */

/* Offers the form (a staff public key is configured) or not (its Home tile
 * then says to ask at the front desk). demo: a throw-away key is in use and
 * the form screens say so. wipe clears the form's memory (sodium_memzero in
 * the kiosk; NULL: a plain memset). */
void app_set_form(app *a, bool available, bool demo, wipe_fn wipe);
/* After Submit: fills out with the request once and returns true; the
 * platform stores it, wipes out, and calls app_request_done(). */
bool app_take_request(app *a, contact_request *out);
/* The store's answer: thank-you screen or the calm could-not-save screen.
 * Either way the form has already been wiped. */
void app_request_done(app *a, bool saved);
/* True when the visible screen shows no trace of a form (for tests). */
bool app_form_is_empty(const app *a);
/* True when the n bytes at needle are anywhere in the app's own memory (its
 * state and its frame's text arena): tests check typed text is gone. */
bool app_holds_bytes(const app *a, const void *needle, size_t n);

/* ---- staff and facilitators ---- */

typedef enum { ROLE_NONE, ROLE_STAFF, ROLE_FACILITATOR } staff_role;

/* What the staff screen shows; the platform fills it (the app cannot read
 * the store or the disk). Counts only: nothing personal. */
/* What the last content update or staff action did; the app words it from
 * the content's UI strings (staff.result.*). */
typedef enum {
    RESULT_NONE,
    RESULT_CHECKED,       /* a new version was checked; live at the next attract screen */
    RESULT_REJECTED,      /* an update with problems was refused */
    RESULT_LIVE,          /* a new version is live */
    RESULT_IMPORTED,      /* copied from a USB drive; live at the next attract screen */
    RESULT_IMPORT_BAD,    /* a USB folder with problems: nothing changed */
    RESULT_COPY_FAILED,   /* copying it failed; detail says why */
    RESULT_NOT_SYMLINK,   /* the content folder cannot be switched safely */
    RESULT_ROLLED_BACK,
    RESULT_NO_ROLLBACK,
    RESULT_UNAPPROVED, /* a reload or import whose approval does not verify: nothing changed */
    RESULT_IMPORTING,     /* a USB import runs in the background; the kiosk keeps going */
    RESULT_HISTORY_FULL,  /* not imported: the way back could not be saved (data folder full) */
    RESULT_ROLLBACK_FULL, /* not rolled back: the list of versions could not be saved */
    RESULT_CANCELLED,   /* a meeting marked cancelled */
    RESULT_UNCANCELLED, /* a cancellation undone */
    /* "Copy requests to USB" (staff_info.handoff): */
    RESULT_HANDOFF_COPYING,  /* running on a worker; folder: the drive */
    RESULT_HANDOFF_DONE,     /* count sealed requests copied to folder, marked handed off */
    RESULT_HANDOFF_NONE,     /* nothing was waiting: no file written */
    RESULT_HANDOFF_NO_DRIVE, /* no writable drive mounted: nothing copied */
    RESULT_HANDOFF_FULL,     /* the drive (folder) is full: nothing copied, nothing marked */
    RESULT_HANDOFF_FAILED,   /* nothing copied to folder, nothing marked; detail says why */
} staff_result_kind;

typedef struct {
    staff_result_kind kind;
    char version[64];
    char folder[256];
    int count;        /* problems */
    char detail[200]; /* the first problem, as file:line:col: message */
} staff_result;

typedef struct {
    int waiting;               /* contact requests not yet exported; -1 unknown */
    int64_t oldest_unix;       /* the oldest waiting one, 0 none */
    staff_result result;       /* the last content update or staff action */
    char errors[3][200];       /* the last problems from the log, newest first */
    int error_count;
    long long free_bytes, db_bytes;
    int64_t uptime_s;
    int usage[7];              /* sessions a day, oldest first, today last */
    char usage_day[7][8];      /* their labels ("11-20") */
    char usb[6][256];          /* content folders found on removable media */
    int usb_count;
    bool can_rollback;
    /* Delivery health (issue 10), when the kiosk has a kiosk_id (its
     * requests go to a central database or on a USB drive). Times in unix
     * seconds, 0: none or never. */
    bool delivers;
    int send_waiting; /* requests neither delivered nor handed off; -1 unknown */
    int64_t send_oldest, last_push, last_handoff;
    staff_result handoff; /* the last "Copy requests to USB"; RESULT_NONE: none yet */
} staff_info;

typedef enum {
    STAFF_NONE,
    STAFF_RELOAD,
    STAFF_IMPORT,
    STAFF_ROLLBACK,
    STAFF_EXIT,
    STAFF_HANDOFF, /* copy the waiting sealed requests to a USB drive */
} staff_request_kind;

typedef struct {
    staff_request_kind kind;
    int arg; /* STAFF_IMPORT: index into staff_info.usb */
} staff_request;

/* After the PIN pad's Enter: the PIN typed (digits) once, for the platform to
 * check; it is wiped from the app. */
bool app_take_pin(app *a, char *pin, size_t size);
/* The check's result; failures and lock_ms drive the lockout shown. */
void app_pin_result(app *a, staff_role role, int failures, int64_t lock_ms);
void app_set_staff_info(app *a, const staff_info *info);
bool app_take_staff_request(app *a, staff_request *out);
bool app_facilitator(const app *a);

/* Meetings cancelled from the staff screen (the platform keeps them in the
 * data folder): shown on the Support groups screen in every language, with
 * the reason's UI text "cancel.reason.<reason>". The app copies the list. */
void app_set_cancellations(app *a, const schedule_cancel *list, int count);
/* Once staff confirmed: the meeting to cancel (*undo false) or to restore;
 * the platform polls it like the staff requests. */
bool app_take_cancellation(app *a, schedule_cancel *out, bool *undo);

/* Anonymous usage, for the counts staff see: what happened, never who. */
typedef enum {
    USAGE_SESSION,
    USAGE_MODULE,
    USAGE_PAGE,
    USAGE_LANGUAGE,
    USAGE_CRISIS,
    USAGE_CONTACT,
    USAGE_QR, /* a take-home QR code was shown: item is the document's id */
} usage_kind;
typedef struct {
    usage_kind kind;
    char item[48]; /* module id, "id#page", language code, or "" */
} usage_event;
bool app_take_usage(app *a, usage_event *out);

/* ---- read-aloud, text size and contrast (app_a11y.c) ---- */

/* Offers "Listen" (config read_aloud); headphones: the button says to use
 * them (config headphones_only). */
void app_set_read_aloud(app *a, bool available, bool headphones);
/* Headphones only: whether the headphone output is there now (a USB headset
 * plugged in). Without it, Listen says to plug them in and does nothing else,
 * and a reading stops at once. */
void app_set_headphones_plugged(app *a, bool plugged);

/* What the platform's speech must do: read sentences (content only, never
 * typed text), play a recorded clip instead, or stop. The texts live in the
 * app until the next request. */
typedef struct {
    bool stop;
    int id; /* echoed by app_speech_progress() */
    const char *lang;
    const char *texts[READALOUD_MAX_SENTENCES];
    int lens[READALOUD_MAX_SENTENCES];
    int count;
    const char *clip; /* a recording, relative to the content folder (play it instead), or NULL */
} speech_request;
bool app_take_speech(app *a, speech_request *out);
/* The speech's state: still reading id, and which sentence is heard (-1
 * none yet). Returns true when the screen changed (the highlight moved, or
 * the reading ended). */
bool app_speech_progress(app *a, bool active, int id, int sentence);
/* For the harness dump: whether a reading is on, how many sentences, the
 * one highlighted (-1 none) and its text as spoken (NULL none). */
void app_speech_info(const app *a, bool *speaking, int *count, int *sentence, const char **text, int *len);
/* The text step (percent) and the contrast in use. */
int app_text_percent(const app *a);
bool app_high_contrast(const app *a);

/* ---- for the staff tools (lanternctl preview and validate) ---- */

/* Shows a screen as a visitor would reach it: Home's page, a document's
 * page, the crisis screen's page; in language lang. False when out of range. */
bool app_show_home(app *a, int lang, int page);
bool app_show_doc(app *a, int lang, int doc, int page);
bool app_show_crisis(app *a, int lang, int page);

/* Reports what will not fit well at the app's current size: a Home tile's
 * title or summary cut short, a box (callout, help line) taller than a page
 * (errors), a section that needs more than one page (warning). jpath names
 * the field, e.g. "$.blocks[3]". Leaves the app on the attract screen. */
typedef void (*app_fit_fn)(void *ctx, const content_doc *doc, int lang, const char *jpath, bool is_error,
                           const char *message);
void app_check_fit(app *a, app_fit_fn report, void *ctx);

screen_id app_screen(const app *a);
const char *app_screen_name(const app *a);
const char *app_lang_code(const app *a);
bool app_idle_warning(const app *a);
/* Page (0-based) and page count on paged screens; 0 and 1 elsewhere.
 * They lay the screen out first when it is stale. */
int app_page(app *a);
int app_page_count(app *a);

#endif
