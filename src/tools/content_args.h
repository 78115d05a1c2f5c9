/* content_args: the options of lanternctl's approval and bundle commands
 * (keygen --approver, content approve|verify|pack|install), parsed one way
 * for all of them, and `content verify` itself.
 *
 * Apart from content_cmd.c so that the small lanternctl front
 * (lanternctl_front.c) runs `content verify` in its own process, linking
 * only this, the approval check (platform/approved.h), cJSON and libsodium:
 * no SDL, no sqlite3, no libpq.
 *
 * content_parse() fills *a with pointers into argv (nothing to free).
 * Errors: "lanternctl: ... (see lanternctl --help)" on stderr, status 2. */
#ifndef LANTERN_CONTENT_ARGS_H
#define LANTERN_CONTENT_ARGS_H

#include <stdbool.h>

#include "store/approval_sign.h"

enum { CONTENT_MAX_TRUST = 16 };

typedef struct {
    const char *dir, *out, *key, *name, *role, *review_due, *today, *at, *content, *file;
    const char *trust[CONTENT_MAX_TRUST];
    int trust_count;
    bool approver, rollback;
    int keep;
} content_args;

/* Parses argv[first..]; argv[first - 1] is the command word. Returns 0, or
 * 2 after printing a usage error. */
int content_parse(int argc, char **argv, int first, content_args *a);

/* Prints "lanternctl: <fmt with arg> (see lanternctl --help)"; returns 2. */
int content_bad_usage(const char *fmt, const char *arg);

/* A problem line to stdout (an approval_problem_fn; ctx unused). */
void content_print_problem(void *ctx, const char *message);

/* --today as a day number, or today's local date. */
long content_today(const content_args *a);

/* Loads the --trust keys into keys (CONTENT_MAX_TRUST); prints the problem
 * and returns -1 on failure, else their count. */
int content_load_trust(const content_args *a, unsigned char (*keys)[APPROVAL_KEY_BYTES]);

/* lanternctl content verify DIR --trust PUBLIC... [--today DATE]:
 * 0 verifies, 1 problems (each printed), 2 bad usage. */
int content_verify(const content_args *a);

#endif
