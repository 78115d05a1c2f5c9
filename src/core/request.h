/* request: the "ask us to contact you" record and its payload format, shared
 * by the kiosk (request_encode, before the store seals it) and lanternctl
 * (request_decode, after it opens a sealed record on the staff computer).
 *
 * The payload is small text: a first line "lantern-request N" (N is the
 * record format) and one "key<TAB>value<LF>" line for every field, in the
 * order of the struct. Values are UTF-8 without control characters, so they
 * never hold a tab or a line break. A new field or a changed meaning is a new
 * REQUEST_FORMAT; an older lanternctl then refuses the record by name
 * instead of guessing.
 *
 * Everything in a contact_request is personal: wipe it after use
 * (store_wipe), never log it. Messages written to err name fields and line
 * numbers, never values. Fixed-size fields: nothing to free. */
#ifndef LANTERN_REQUEST_H
#define LANTERN_REQUEST_H

#include <stdbool.h>
#include <stddef.h>

enum { REQUEST_FORMAT = 1 };

/* Enough for any encoded request (every field at its longest). */
enum { REQUEST_ENCODED_MAX = 1024 };

typedef struct {
    char name[244];           /* first name or initials; required */
    char phone[12];           /* 10 digits, or empty */
    char email[256];          /* an address, or empty; phone and email not both empty */
    char best_time[12];       /* morning | afternoon | evening */
    char language[8];         /* preferred language: a code such as "en", "es" */
    char voicemail_ok[4];     /* yes | no: may a voicemail name the center */
    char topic[32];           /* family-programs | loved-one | myself | other */
    char consent_version[64]; /* the content version whose consent text was shown */
} contact_request;

/* Checks every field against the rules above; the email address with the
 * form's own check (field_check_email), so the rules live in one place. On
 * failure writes "FIELD: what is wrong" (never the value) and returns false. */
bool request_validate(const contact_request *r, char *err, size_t err_size);

/* Writes the payload of r to out (cap bytes; REQUEST_ENCODED_MAX is always
 * enough) and returns its length in bytes, not counting the NUL written after
 * it. Returns 0 when r fails request_validate (a control character, invalid
 * UTF-8, a value out of its set) or out is too small. */
size_t request_encode(const contact_request *r, char *out, size_t cap);

/* Reads a payload of len bytes (need not be NUL-terminated) into out.
 * *format gets the record format from the first line (0 when there is no
 * readable first line). Refuses, with a message in err: a format other than
 * REQUEST_FORMAT ("record format 2 is newer than this lanternctl (1): update
 * lanternctl"), damaged text (no first line, a line without a tab, control
 * characters, invalid UTF-8, a missing last line break, a missing or repeated
 * key), unknown keys and over-long values. Values are not checked against
 * their sets, so a topic added later without a format change still exports. */
bool request_decode(const char *in, size_t len, contact_request *out, int *format, char *err, size_t err_size);

#endif
