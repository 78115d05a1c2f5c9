/* content_cmd: approve, verify, pack and install content (see content_cmd.h
 * and docs/content.md, "Approval"). */
#include "content_cmd.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "content/approval_load.h"
#include "content/lint_load.h"
#include "lint/lint.h"
#include "content/load.h"
#include "core/config.h"
#include "core/util.h"
#include "platform/approved.h"
#include "platform/platform.h"
#include "store/approval_sign.h"
#include "platform/bundle.h"
#include "tools/cli.h"

enum { MAX_TRUST = 16, PASSPHRASE_MAX = 1024 };

/* A passphrase from stdin: the one secret reader of the staff tools
 * (tools/secret_input.c: no echo at a terminal, no stdio copy), with the
 * terminal restored even on Ctrl+C. */
static int ask_passphrase(const char *prompt, char *buf, size_t size, bool *too_long)
{
    cli_guard_terminal(true);
    int got = cli_ask_secret(prompt, buf, size, too_long);
    cli_guard_terminal(false);
    return got;
}

typedef struct {
    const char *dir, *out, *key, *name, *role, *review_due, *today, *at, *content, *file;
    const char *trust[MAX_TRUST];
    int trust_count;
    bool approver, rollback;
    int keep;
} args;

static int parse(int argc, char **argv, int first, args *a)
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
    *a = (args){.keep = 3};
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
                if (a->trust_count == MAX_TRUST)
                    return cli_usage("at most %s trusted keys", "16");
                a->trust[a->trust_count++] = v;
            } else if (!a->dir) {
                a->dir = v;
            } else {
                return cli_usage("unexpected argument \"%s\"", v);
            }
            continue;
        }
        in_trust = false;
        const char **slot = NULL;
        switch (opt) {
        case ':':
            return cli_usage("%s needs a value", sub_argv[optind - 1]);
        case '?':
            return cli_usage("unknown option \"%s\"", sub_argv[optind - 1]);
        case O_APPROVER:
            a->approver = true;
            break;
        case O_ROLLBACK:
            a->rollback = true;
            break;
        case O_KEEP: {
            char extra;
            if (sscanf(v, "%d%c", &a->keep, &extra) != 1 || a->keep < 1 || a->keep > 20)
                return cli_usage("--keep expects 1 to 20 sets, not \"%s\"", v);
            break;
        }
        case O_TRUST:
            if (a->trust_count == MAX_TRUST)
                return cli_usage("at most %s trusted keys", "16");
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
            return cli_usage("%s is given twice", flag);
        }
        if (slot)
            *slot = v;
    }
    return 0;
}

static void print_problem(void *ctx, const char *message)
{
    (void)ctx;
    printf("%s\n", message);
}

static long today_of(const args *a)
{
    if (a->today)
        return approval_day_number(a->today);
    return approved_today();
}

/* Loads the --trust keys; prints the problem and returns -1 on failure. */
static int load_trust(const args *a, unsigned char (*keys)[APPROVAL_KEY_BYTES])
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

/* ---- keygen --approver ---- */

static int cmd_keygen(const args *a)
{
    if (!a->approver)
        return cli_usage("%s", "keygen --approver --out DIR");
    if (!a->out || a->dir)
        return cli_usage(
            "%s", "keygen --approver takes only --out DIR; the passphrase is read from stdin");
    char pass[PASSPHRASE_MAX], again[PASSPHRASE_MAX];
    bool long1 = false, long2 = false;
    int got = ask_passphrase("Passphrase for the new approver key: ", pass, sizeof pass, &long1);
    if (got == 1)
        got = ask_passphrase("The same passphrase again: ", again, sizeof again, &long2);
    else
        again[0] = '\0';
    int status = 1;
    char err[1400];
    if (got < 0 || long1 || long2)
        fprintf(stderr, "lanternctl: reading the passphrase failed (too long, or a read error); "
                        "nothing was made\n");
    else if (got == 0)
        fprintf(stderr, "lanternctl: the passphrase is read twice from stdin; nothing was made\n");
    else if (strcmp(pass, again) != 0)
        fprintf(stderr, "lanternctl: the two passphrases differ; nothing was made\n");
    else if (!approval_keygen(a->out, pass, err, sizeof err))
        fprintf(stderr, "lanternctl: %s; nothing was made\n", err);
    else {
        printf("approver key pair: %s/%s (give it to kiosks and reviewers), %s/%s (keep it; "
               "protected by the "
               "passphrase)\n",
               a->out, APPROVER_PUBLIC_KEY_NAME, a->out, APPROVER_SECRET_KEY_NAME);
        status = 0;
    }
    approval_wipe(pass, sizeof pass);
    approval_wipe(again, sizeof again);
    return status;
}

/* ---- content approve ---- */

static int cmd_approve(const args *a)
{
    if (!a->dir || !a->key || !a->name || !a->role)
        return cli_usage(
            "%s", "content approve DIR --key SECRET --name NAME --role ROLE [--review-due DATE]");
    if (!approval_text_ok(a->name) || !approval_text_ok(a->role))
        return cli_usage("--name and --role are 1 to %s bytes on one line", "80");
    long today = today_of(a);
    if (a->review_due && (strlen(a->review_due) != 10 || approval_day_number(a->review_due) < 0))
        return cli_usage("--review-due expects a date as YYYY-MM-DD, not \"%s\"", a->review_due);
    if (a->review_due && approval_day_number(a->review_due) <= today)
        return cli_usage("--review-due must be after today, not %s", a->review_due);
    if (a->at && !approval_time_ok(a->at))
        return cli_usage("--at expects YYYY-MM-DDTHH:MM:SSZ, not \"%s\"", a->at);

    /* Only content that loads whole can be approved. */
    diag_list diags = {0};
    config cfg;
    config_defaults(&cfg);
    content_set *set = content_load(a->dir, platform_content_checks(&cfg), &diags);
    platform_content_checks_release();
    for (int i = 0; i < diags.count; i++)
        printf("%s\n", diags.lines[i]);
    diag_list_free(&diags);
    if (!set) {
        fprintf(stderr,
                "lanternctl: %s has problems; nothing was approved (lanternctl validate %s)\n",
                a->dir, a->dir);
        return 1;
    }
    approval ap = {.format = APPROVAL_FORMAT};
    str_copy(ap.content_version, sizeof ap.content_version, set->version);
    str_copy(ap.name, sizeof ap.name, a->name);
    str_copy(ap.role, sizeof ap.role, a->role);
    /* The review is due when the approver says, or at the earliest date the
     * authors proposed. */
    const char *due = a->review_due;
    for (int l = 0; !a->review_due && l < set->lang_count; l++) {
        const content_lang *lang = &set->langs[l];
        for (int d = 0; d <= lang->doc_count; d++) {
            const content_doc *doc = d < lang->doc_count ? &lang->docs[d] : lang->help;
            if (!due || strcmp(doc->review_due, due) < 0)
                due = doc->review_due;
        }
    }
    str_copy(ap.review_due, sizeof ap.review_due, due ? due : "");
    content_destroy(set);
    if (approval_day_number(ap.review_due) <= today) {
        fprintf(stderr,
                "lanternctl: the earliest proposed review date, %s, is not after today: give "
                "--review-due DATE\n",
                ap.review_due);
        return 1;
    }
    if (a->at) {
        str_copy(ap.approved_at, sizeof ap.approved_at, a->at);
    } else {
        time_t t = time(NULL);
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(ap.approved_at, sizeof ap.approved_at, "%Y-%m-%dT%H:%M:%SZ", &tm);
    }
    int problems = approval_scan(a->dir, &ap, print_problem, NULL);
    if (problems != 0) {
        fprintf(stderr, "lanternctl: %s: %s; nothing was approved\n", a->dir,
                problems < 0 ? "out of memory"
                             : "the folder holds files that cannot be approved (above)");
        approval_clear(&ap);
        return 1;
    }

    char pass[PASSPHRASE_MAX], err[1400];
    bool too_long = false;
    unsigned char sk[APPROVAL_SECRET_KEY_BYTES];
    int got = ask_passphrase("Passphrase of the approver key: ", pass, sizeof pass, &too_long);
    bool ok = got == 1 && approval_load_secret_key(a->key, pass, sk, err, sizeof err);
    approval_wipe(pass, sizeof pass);
    if (!ok) {
        if (got != 1)
            fprintf(stderr,
                    "lanternctl: the passphrase is read from stdin; nothing was approved\n");
        else
            fprintf(stderr, "lanternctl: %s; nothing was approved\n", err);
        approval_clear(&ap);
        return 1;
    }
    ok = approval_sign(&ap, sk);
    approval_wipe(sk, sizeof sk);
    char path[1200];
    str_format(path, sizeof path, "%s/%s", a->dir, APPROVAL_FILE_NAME);
    if (!ok || !approval_write(path, &ap, err, sizeof err)) {
        fprintf(stderr, "lanternctl: %s; nothing was approved\n", ok ? err : "signing failed");
        approval_clear(&ap);
        return 1;
    }
    char key[2 * APPROVAL_KEY_BYTES + 1];
    approval_hex(ap.key, APPROVAL_KEY_BYTES, key);
    printf("%s: version %s approved by %s (%s) at %s: %d files; review due %s; key %.16s…\n", path,
           ap.content_version, ap.name, ap.role, ap.approved_at, ap.file_count, ap.review_due, key);
    approval_clear(&ap);
    return 0;
}

/* ---- content verify ---- */

static int cmd_verify(const args *a)
{
    if (!a->dir || a->trust_count == 0)
        return cli_usage("%s", "content verify DIR --trust PUBLIC... [--today YYYY-MM-DD]");
    if (a->today && approval_day_number(a->today) < 0)
        return cli_usage("--today expects a date as YYYY-MM-DD, not \"%s\"", a->today);
    unsigned char keys[MAX_TRUST][APPROVAL_KEY_BYTES];
    if (load_trust(a, keys) < 0)
        return 1;
    approval ap;
    approved_status s = approved_check(a->dir, (const unsigned char(*)[APPROVAL_KEY_BYTES])keys,
                                       a->trust_count, today_of(a), &ap, print_problem, NULL);
    if (s.problems == 0)
        printf("%s: version %s approved by %s (%s) at %s: %d files verified; review due %s\n",
               a->dir, ap.content_version, ap.name, ap.role, ap.approved_at, ap.file_count,
               ap.review_due);
    else
        printf("%s: NOT APPROVED: %d problem%s\n", a->dir, s.problems, s.problems == 1 ? "" : "s");
    approval_clear(&ap);
    return s.problems ? 1 : 0;
}

/* lanternctl content install lints a bundle like any content (the kiosk's
 * USB import does not link the linter). */
static void lint_bundle(const char *dir, const content_set *set, diag_list *diags)
{
    char path[4096];
    str_format(path, sizeof path, "%s/lint.json", dir);
    lint_rules *rules = lint_rules_load(path, diags);
    if (rules)
        lint_content(rules, set, lint_report_to_diags, diags);
    lint_rules_destroy(rules);
}

static void say_line(void *ctx, bundle_say_kind kind, const char *line)
{
    (void)ctx;
    if (kind == SAY_ERROR)
        fprintf(stderr, "lanternctl: %s\n", line);
    else
        printf("%s\n", line);
}

int content_cmd_main(int argc, char **argv)
{
    args a;
    if (strcmp(argv[0], "keygen") == 0) {
        int st = parse(argc, argv, 1, &a);
        return st ? st : cmd_keygen(&a);
    }
    if (argc < 2)
        return cli_usage("%s", "content needs a command: approve, verify, pack or install");
    const char *cmd = argv[1];
    int st = parse(argc, argv, 2, &a);
    if (st)
        return st;
    if (strcmp(cmd, "approve") == 0)
        return cmd_approve(&a);
    if (strcmp(cmd, "verify") == 0)
        return cmd_verify(&a);
    bundle_report report = {.say = say_line};
    if (strcmp(cmd, "pack") == 0) {
        if (!a.dir || !a.out)
            return cli_usage("%s", "content pack DIR --out FILE");
        return bundle_pack(a.dir, a.out, today_of(&a), &report) ? 0 : 1;
    }
    if (strcmp(cmd, "install") == 0) {
        if (!a.dir || !a.content || a.trust_count == 0)
            return cli_usage(
                "%s",
                "content install FILE --content LINK --trust PUBLIC... [--rollback] [--keep N]");
        unsigned char keys[MAX_TRUST][APPROVAL_KEY_BYTES];
        if (load_trust(&a, keys) < 0)
            return 1;
        config cfg;
        config_defaults(&cfg);
        bool ok = bundle_install(a.dir, a.content, (const unsigned char(*)[APPROVAL_KEY_BYTES])keys,
                                 a.trust_count, today_of(&a), a.rollback, a.keep,
                                 platform_content_checks(&cfg), lint_bundle, &report);
        platform_content_checks_release();
        return ok ? 0 : 1;
    }
    return cli_usage("unknown content command \"%s\"", cmd);
}
