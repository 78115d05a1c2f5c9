/* form: the "Ask us to contact you" form's state, free of SDL and storage.
 *
 * Holds what the visitor typed and chose in fixed buffers (nothing is
 * allocated, so nothing can linger in freed heap), checks each field with
 * field_check, and fills a contact_request for the store. form_clear()
 * wipes every byte with the wipe function given (sodium_memzero in the
 * kiosk): after submit, cancel or the idle reset nothing remains. */
#ifndef LANTERN_FORM_H
#define LANTERN_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "field_check.h"
#include "request.h"

/* The three typed fields are field_check's kinds: FIELD_NAME, FIELD_PHONE, FIELD_EMAIL. */
typedef field_kind form_field;
enum { FIELD_TEXT_COUNT = 3 };

enum {
    FORM_NAME_BYTES = FIELD_NAME_MAX_BYTES,
    FORM_PHONE_BYTES = FIELD_PHONE_MAX_BYTES,
    FORM_EMAIL_BYTES = FIELD_EMAIL_MAX_BYTES,
    FORM_TOPICS = 4,
    FORM_TIMES = 3,
};

typedef void (*wipe_fn)(void *p, size_t n);

typedef struct {
    char name[FORM_NAME_BYTES + 1];
    char phone[FORM_PHONE_BYTES + 1];
    char email[FORM_EMAIL_BYTES + 1];
    int best_time; /* -1 none, else 0 morning, 1 afternoon, 2 evening */
    int language;  /* index into the content's languages */
    int voicemail; /* 0 no (the default: a voicemail names nothing), 1 yes */
    int topic;     /* -1 none, else an index into form_topics */
    bool consent;
    bool left[FIELD_TEXT_COUNT]; /* the visitor moved on: show this field's error */
} form_state;

extern const char *const form_topics[FORM_TOPICS]; /* "family-programs", ... */
extern const char *const form_times[FORM_TIMES];   /* "morning", ... */

void form_clear(form_state *f, wipe_fn wipe);
char *form_text(form_state *f, form_field field);
size_t form_capacity(form_field field);

/* Adds typed text at the end of a field, exactly as typed: nothing is ever
 * dropped or rewritten. A value that is wrong for its field (a letter in the
 * phone, 11 digits, a second "@") is kept and shown with its error, and the
 * form does not go on until the visitor fixes it. Refused whole, changing
 * nothing, is only what the field could not show or hold: a control, format
 * or emoji character or invalid UTF-8 (INSERT_CANNOT_SHOW), or more than the
 * field's bound (INSERT_TOO_LONG); the form says so on screen. */
typedef enum { INSERT_OK, INSERT_CANNOT_SHOW, INSERT_TOO_LONG } form_insert_result;
form_insert_result form_insert(form_state *f, form_field field, const char *utf8);
/* True when the field's value is wrong in a way no further typing can fix
 * (its error is then shown at once, not only when the visitor moves on). */
bool form_value_stuck(const form_state *f, form_field field);
/* Removes the last character (a whole UTF-8 sequence). */
void form_backspace(form_state *f, form_field field);

field_status form_status(const form_state *f, form_field field);
/* The key of the error message to show under a field, or NULL. */
const char *form_error_key(const form_state *f, form_field field);
bool form_has_contact(const form_state *f); /* a valid phone or email, and no invalid one */
/* A valid name, a valid phone or email (and no invalid one), a best time, a topic, consent. */
bool form_can_submit(const form_state *f);

/* Fills a request from the form (phone normalized to its 10 digits). */
bool form_to_request(const form_state *f, const char *lang_code, const char *consent_version, contact_request *out);

#endif
