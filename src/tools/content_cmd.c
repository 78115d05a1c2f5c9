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
#include "tools/content_args.h"

enum { PASSPHRASE_MAX = 1024 };

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

/* ---- keygen --approver ---- */

static int cmd_keygen(const content_args *a)
{
    if (!a->approver)
        return content_bad_usage("%s", "keygen --approver --out DIR");
    if (!a->out || a->dir)
        return content_bad_usage(
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

static int cmd_approve(const content_args *a)
{
    if (!a->dir || !a->key || !a->name || !a->role)
        return content_bad_usage(
            "%s", "content approve DIR --key SECRET --name NAME --role ROLE [--review-due DATE]");
    if (!approval_text_ok(a->name) || !approval_text_ok(a->role))
        return content_bad_usage("--name and --role are 1 to %s bytes on one line", "80");
    long today = content_today(a);
    if (a->review_due && (strlen(a->review_due) != 10 || approval_day_number(a->review_due) < 0))
        return content_bad_usage("--review-due expects a date as YYYY-MM-DD, not \"%s\"",
                                 a->review_due);
    if (a->review_due && approval_day_number(a->review_due) <= today)
        return content_bad_usage("--review-due must be after today, not %s", a->review_due);
    if (a->at && !approval_time_ok(a->at))
        return content_bad_usage("--at expects YYYY-MM-DDTHH:MM:SSZ, not \"%s\"", a->at);

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
    int problems = approval_scan(a->dir, &ap, content_print_problem, NULL);
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
    content_args a;
    if (strcmp(argv[0], "keygen") == 0) {
        int st = content_parse(argc, argv, 1, &a);
        return st ? st : cmd_keygen(&a);
    }
    if (argc < 2)
        return content_bad_usage("%s", "content needs a command: approve, verify, pack or install");
    const char *cmd = argv[1];
    int st = content_parse(argc, argv, 2, &a);
    if (st)
        return st;
    if (strcmp(cmd, "approve") == 0)
        return cmd_approve(&a);
    if (strcmp(cmd, "verify") == 0)
        return content_verify(&a);
    bundle_report report = {.say = say_line};
    if (strcmp(cmd, "pack") == 0) {
        if (!a.dir || !a.out)
            return content_bad_usage("%s", "content pack DIR --out FILE");
        return bundle_pack(a.dir, a.out, content_today(&a), &report) ? 0 : 1;
    }
    if (strcmp(cmd, "install") == 0) {
        if (!a.dir || !a.content || a.trust_count == 0)
            return content_bad_usage(
                "%s",
                "content install FILE --content LINK --trust PUBLIC... [--rollback] [--keep N]");
        unsigned char keys[CONTENT_MAX_TRUST][APPROVAL_KEY_BYTES];
        if (content_load_trust(&a, keys) < 0)
            return 1;
        config cfg;
        config_defaults(&cfg);
        bool ok = bundle_install(a.dir, a.content, (const unsigned char(*)[APPROVAL_KEY_BYTES])keys,
                                 a.trust_count, content_today(&a), a.rollback, a.keep,
                                 platform_content_checks(&cfg), lint_bundle, &report);
        platform_content_checks_release();
        return ok ? 0 : 1;
    }
    return content_bad_usage("unknown content command \"%s\"", cmd);
}
