/* approved: is this content folder approved by a trusted clinician? Joins
 * the JSON side (content/approval_load.h) and the signature side
 * (store/approval_sign.h) for the kiosk, reload, USB import and lanternctl.
 *
 * approved_check() loads DIR/approval.json, checks the signature against the
 * trusted keys and every file against the list, and reports each problem as
 * one line "DIR/PATH: message" through the callback. The caller owns *out
 * (approval_clear). */
#ifndef LANTERN_APPROVED_H
#define LANTERN_APPROVED_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/approval.h"
#include "../core/config.h"
#include "../store/approval_sign.h"

typedef struct {
    bool approval_missing; /* no approval.json */
    bool approval_broken;  /* approval.json cannot be read */
    approval_result verify;
    int problems; /* every problem, the review date included */
} approved_status;

/* Problems that stop content from being published: everything but a
 * passed review date (policy in docs/content.md: still shown, staff warned). */
static inline bool approved_ok_to_publish(const approved_status *s)
{
    return !s->approval_missing && !s->approval_broken && !s->verify.untrusted &&
           !s->verify.bad_signature && !s->verify.files_differ;
}

approved_status approved_check(const char *dir, const unsigned char (*trusted)[APPROVAL_KEY_BYTES],
                               int trusted_count, long today, approval *out,
                               approval_problem_fn problem, void *ctx);

/* Loads the config's approver public keys into keys (CONFIG_MAX_APPROVERS).
 * Returns the count, or -1 with err set when one cannot be read. */
int approved_load_keys(const config *cfg, unsigned char (*keys)[APPROVAL_KEY_BYTES], char *err,
                       size_t err_size);

/* Today's local date as a day number (approval_day_number). */
long approved_today(void);

#endif
