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

#include "../content/load.h"
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

/* ---- the kiosk's gate ----
 * approved_configure() reads the config's approver keys once (main.c);
 * afterwards every place that publishes content (start, reload, USB
 * import, install) asks approved_gate(). Without approvers configured the
 * gate lets content through unverified (visitors see the draft mark). */
bool approved_configure(const config *cfg, char *err, size_t err_size);
bool approved_required(void);
/* The configured keys (valid for the life of the process); returns their count. */
int approved_keys(const unsigned char (**keys)[APPROVAL_KEY_BYTES]);

/* Checks dir's approval for set (loaded from dir). Fills set->approval when
 * it verifies. Returns false when approvers are configured and it does not
 * verify; each problem is logged (prefix: what, e.g. "reload") and the first
 * goes to detail. */
bool approved_gate(content_set *set, const char *dir, const char *what, char *detail,
                   size_t detail_size);

/* At start, with approvers configured and the configured content not
 * approved: the newest approved set among the folders next to it (where
 * imports, bundles and earlier versions are kept), loaded; NULL when there
 * is none. *from gets its folder. */
content_set *approved_fallback(const char *content_dir, const content_checks *checks, char *from,
                               size_t from_size);

#endif
