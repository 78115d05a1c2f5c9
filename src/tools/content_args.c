/* content_args: the options of lanternctl's approval and bundle commands,
 * and `content verify` (see content_args.h). */
#include "content_args.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "core/util.h"
#include "platform/approved.h"

int content_bad_usage(const char *fmt, const char *arg)
{
    return usage_error("lanternctl", "lanternctl --help", fmt, arg);
}

int content_parse(int argc, char **argv, int first, content_args *a)
{
    enum {
        O_APPROVER = 256,
        O_ROLLBACK,
        O_OUT,
        O_KEY,
        O_NAME,
        O_ROLE,
        O_REVIEW_DUE,
        O_TODAY,
        O_AT,
        O_CONTENT,
        O_TRUST,
        O_KEEP
    };
    static const struct option options[] = {
        {"approver", no_argument, NULL, O_APPROVER},
        {"rollback", no_argument, NULL, O_ROLLBACK},
        {"out", required_argument, NULL, O_OUT},
        {"key", required_argument, NULL, O_KEY},
        {"name", required_argument, NULL, O_NAME},
        {"role", required_argument, NULL, O_ROLE},
        {"review-due", required_argument, NULL, O_REVIEW_DUE},
        {"today", required_argument, NULL, O_TODAY},
        {"at", required_argument, NULL, O_AT},
        {"content", required_argument, NULL, O_CONTENT},
        {"trust", required_argument, NULL, O_TRUST},
        {"keep", required_argument, NULL, O_KEEP},
        {NULL, 0, NULL, 0},
    };
    *a = (content_args){.keep = 3};
    /* getopt's argv[0] is the word before the first option. "-": words that
     * are not options come back in order (as 1), so that "--trust A.key
     * B.key" can take every following plain word once DIR is known. */
    int sub_argc = argc - (first - 1);
    char **sub_argv = argv + (first - 1);
    bool in_trust = false;
    opterr = 0;
    optind = 0;
    int opt, idx = 0;
    while ((opt = getopt_long(sub_argc, sub_argv, "-:", options, &idx)) != -1) {
        const char *v = optarg;
        if (opt == 1) {
            if (in_trust && a->dir) {
                if (a->trust_count == CONTENT_MAX_TRUST)
                    return content_bad_usage("at most %s trusted keys", "16");
                a->trust[a->trust_count++] = v;
            } else if (!a->dir) {
                a->dir = v;
            } else {
                return content_bad_usage("unexpected argument \"%s\"", v);
            }
            continue;
        }
        in_trust = false;
        const char **slot = NULL;
        switch (opt) {
        case ':':
            return content_bad_usage("%s needs a value", sub_argv[optind - 1]);
        case '?':
            return content_bad_usage("unknown option \"%s\"", sub_argv[optind - 1]);
        case O_APPROVER:
            a->approver = true;
            break;
        case O_ROLLBACK:
            a->rollback = true;
            break;
        case O_KEEP: {
            char extra;
            if (sscanf(v, "%d%c", &a->keep, &extra) != 1 || a->keep < 1 || a->keep > 20)
                return content_bad_usage("--keep expects 1 to 20 sets, not \"%s\"", v);
            break;
        }
        case O_TRUST:
            if (a->trust_count == CONTENT_MAX_TRUST)
                return content_bad_usage("at most %s trusted keys", "16");
            a->trust[a->trust_count++] = v;
            in_trust = true;
            break;
        case O_OUT:
            slot = &a->out;
            break;
        case O_KEY:
            slot = &a->key;
            break;
        case O_NAME:
            slot = &a->name;
            break;
        case O_ROLE:
            slot = &a->role;
            break;
        case O_REVIEW_DUE:
            slot = &a->review_due;
            break;
        case O_TODAY:
            slot = &a->today;
            break;
        case O_AT:
            slot = &a->at;
            break;
        case O_CONTENT:
            slot = &a->content;
            break;
        }
        if (slot && *slot) {
            char flag[40];
            str_format(flag, sizeof flag, "--%s", options[idx].name);
            return content_bad_usage("%s is given twice", flag);
        }
        if (slot)
            *slot = v;
    }
    return 0;
}

void content_print_problem(void *ctx, const char *message)
{
    (void)ctx;
    printf("%s\n", message);
}

long content_today(const content_args *a)
{
    if (a->today)
        return approval_day_number(a->today);
    return approved_today();
}

/* Loads the --trust keys; prints the problem and returns -1 on failure. */
int content_load_trust(const content_args *a, unsigned char (*keys)[APPROVAL_KEY_BYTES])
{
    for (int i = 0; i < a->trust_count; i++) {
        char err[1200];
        if (!approval_load_public_key(a->trust[i], keys[i], err, sizeof err)) {
            fprintf(stderr, "lanternctl: %s\n", err);
            return -1;
        }
    }
    return a->trust_count;
}

/* ---- content verify ---- */

int content_verify(const content_args *a)
{
    if (!a->dir || a->trust_count == 0)
        return content_bad_usage("%s", "content verify DIR --trust PUBLIC... [--today YYYY-MM-DD]");
    if (a->today && approval_day_number(a->today) < 0)
        return content_bad_usage("--today expects a date as YYYY-MM-DD, not \"%s\"", a->today);
    unsigned char keys[CONTENT_MAX_TRUST][APPROVAL_KEY_BYTES];
    if (content_load_trust(a, keys) < 0)
        return 1;
    approval ap;
    approved_status s =
        approved_check(a->dir, (const unsigned char(*)[APPROVAL_KEY_BYTES])keys, a->trust_count,
                       content_today(a), &ap, content_print_problem, NULL);
    if (s.problems == 0)
        printf("%s: version %s approved by %s (%s) at %s: %d files verified; review due %s\n",
               a->dir, ap.content_version, ap.name, ap.role, ap.approved_at, ap.file_count,
               ap.review_due);
    else
        printf("%s: NOT APPROVED: %d problem%s\n", a->dir, s.problems, s.problems == 1 ? "" : "s");
    approval_clear(&ap);
    return s.problems ? 1 : 0;
}
