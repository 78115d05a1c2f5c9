/* lanternctl-tools: the staff tool's full program (lanternctl, the small
 * front in lanternctl_front.c, runs it for every command but --help and
 * content verify). Checks, lints and previews content so that a change never
 * breaks the screen in the waiting room.
 *
 *   lanternctl validate DIR [--strict] [--today YYYY-MM-DD]
 *   lanternctl lint DIR
 *   lanternctl preview DIR --out OUT [--lang CODE] [--size WxH]
 *
 * Exit status: 0 clean (warnings allowed), 1 problems found, 2 bad usage. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "content/lint_load.h"
#include "content/load.h"
#include "core/app.h"
#include "core/config.h"
#include "core/util.h"
#include "lint/lint_pages.h"
#include "platform/offscreen.h"
#include "platform/platform.h"
#include "tools/content_args.h"
#include "tools/content_cmd.h"
#include "tools/requests.h"
#include "tools/usage.h"


/* Days since 1970-01-01 of a YYYY-MM-DD date (checked by the loader), or 0. */
static long day_number(const char *iso)
{
    long day = 0;
    return date_parse(iso, 2000, 2100, &day) ? day : 0;
}

static void doc_path(const content_set *set, int lang, const content_doc *doc, char *out,
                     size_t size)
{
    if (doc->kind == DOC_HELP)
        str_format(out, size, "%s/%s/help.json", set->root, set->langs[lang].code);
    else
        str_format(out, size, "%s/%s/modules/%s.json", set->root, set->langs[lang].code, doc->id);
}

typedef struct {
    const content_set *set;
    diag_list *diags;
} fit_ctx;

static void on_fit(void *ctx, const content_doc *doc, int lang, const char *jpath, bool is_error,
                   const char *message)
{
    fit_ctx *f = ctx;
    char path[1024];
    doc_path(f->set, lang, doc, path, sizeof path);
    diag_add(f->diags, is_error, "%s: %s: %s%s", path, jpath, is_error ? "" : "warning: ", message);
}

/* Every page must read well at the sizes the center names (config
 * fit_sizes; by default the five panels kiosks ship with, each at its usual
 * diagonal): text and targets in millimetres on that panel. */
static bool fit_check(const config *cfg, const content_set *set_in, diag_list *diags)
{
    /* Checked as visitors will see it once approved: no draft mark, and a
     * long "Reviewed by" line on every module's last page. */
    content_set approved = *set_in;
    const content_set *set = &approved;
    approved.approval.verified = true;
    str_copy(approved.approval.name, sizeof approved.approval.name, "Dr. Alexandra Montgomery");
    str_copy(approved.approval.role, sizeof approved.approval.role, "Clinical Director");
    str_copy(approved.approval.date, sizeof approved.approval.date, "2026-09-30");
    str_copy(approved.approval.review_due, sizeof approved.approval.review_due, "2100-01-01");
    fit_ctx f = {.set = set, .diags = diags};
    config_fit_size sizes[CONFIG_MAX_FIT_SIZES];
    int n = config_fit_sizes(cfg, sizes, CONFIG_MAX_FIT_SIZES);
    for (int i = 0; i < n; i++) {
        char err[600];
        layout_set_panel(sizes[i].diagonal_in, 0);
        offscreen *o = offscreen_create(cfg, set->root, sizes[i].w, sizes[i].h, err, sizeof err);
        if (!o) {
            fprintf(stderr, "lanternctl: %s\n", err);
            return false;
        }
        app *a = app_create(set, renderer_metrics(offscreen_renderer(o)), sizes[i].w, sizes[i].h,
                            (app_timing){120000, 20000});
        if (a) {
            app_check_fit(a, on_fit, &f);
            lint_page_flow(a, set, sizes[i].w, sizes[i].h, on_fit, &f);
        }
        app_destroy(a);
        offscreen_destroy(o);
    }
    layout_set_panel(0, 0);
    return true;
}

static void review_dates(const content_set *set, const char *today, bool strict, diag_list *diags)
{
    long now = day_number(today);
    for (int l = 0; l < set->lang_count; l++) {
        const content_lang *lang = &set->langs[l];
        for (int d = 0; d <= lang->doc_count; d++) {
            const content_doc *doc = d < lang->doc_count ? &lang->docs[d] : lang->help;
            char path[1024];
            doc_path(set, l, doc, path, sizeof path);
            long due = day_number(doc->review_due);
            if (due < now)
                diag_add(diags, strict, "%s: $.review_due: %sreview was due on %s (%ld days ago)",
                         path, strict ? "" : "warning: ", doc->review_due, now - due);
            else if (due - now <= 30)
                diag_add(diags, false,
                         "%s: $.review_due: warning: review is due on %s (in %ld days)", path,
                         doc->review_due, due - now);
        }
    }
}

static int cmd_validate(const config *cfg, const char *dir, bool strict, const char *today)
{
    diag_list diags = {0};
    content_set *set = content_load(dir, platform_content_checks(cfg), &diags);
    if (set) {
        review_dates(set, today, strict, &diags);
        if (!fit_check(cfg, set, &diags))
            diags.errors++;
    }
    for (int i = 0; i < diags.count; i++)
        printf("%s\n", diags.lines[i]);
    int errors = diags.errors;
    printf("%s: %d error%s, %d warning%s\n", dir, errors, errors == 1 ? "" : "s", diags.warnings,
           diags.warnings == 1 ? "" : "s");
    diag_list_free(&diags);
    content_destroy(set);
    return errors ? 1 : 0;
}

static int cmd_lint(const char *dir)
{
    diag_list diags = {0};
    char path[1024];
    str_format(path, sizeof path, "%s/lint.json", dir);
    lint_rules *rules = lint_rules_load(path, &diags);
    content_set *set = rules ? content_load(dir, NULL, &diags) : NULL;
    if (set)
        lint_content(rules, set, lint_report_to_diags, &diags);
    for (int i = 0; i < diags.count; i++)
        printf("%s\n", diags.lines[i]);
    int errors = diags.errors;
    if (!set)
        fprintf(stderr, "lanternctl: lint needs content that loads; run lanternctl validate %s\n",
                dir);
    printf("%s: %d error%s, %d warning%s\n", dir, errors, errors == 1 ? "" : "s", diags.warnings,
           diags.warnings == 1 ? "" : "s");
    diag_list_free(&diags);
    content_destroy(set);
    lint_rules_destroy(rules);
    return errors || !set ? 1 : 0;
}

int main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(lanternctl_usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const char *cmd = argv[1];
    /* Approval and bundles: their own file. */
    bool approver = false;
    for (int i = 2; i < argc; i++)
        approver = approver || strcmp(argv[i], "--approver") == 0;
    if (strcmp(cmd, "content") == 0 || (strcmp(cmd, "keygen") == 0 && approver))
        return content_cmd_main(argc - 1, argv + 1);
    /* Contact requests and keys live in their own module (the store). */
    if (strcmp(cmd, "keygen") == 0 || strcmp(cmd, "requests") == 0 || strcmp(cmd, "set-pin") == 0 ||
        strcmp(cmd, "stats") == 0 || strcmp(cmd, "central") == 0 || strcmp(cmd, "outbox") == 0 ||
        strcmp(cmd, "inbox") == 0 || strcmp(cmd, "handoff") == 0)
        return requests_main(argc - 1, argv + 1);
    config cfg;
    config_defaults(&cfg);
    const char *dir = NULL, *out = NULL, *lang = NULL, *today = NULL;
    bool strict = false;
    int w = 1920, h = 1080;
    char today_buf[16];
    enum { OPT_STRICT = 256, OPT_TODAY, OPT_OUT, OPT_LANG, OPT_SIZE, OPT_FONT, OPT_FONT_BOLD };
    static const struct option long_options[] = {
        {"strict", no_argument, NULL, OPT_STRICT},
        {"today", required_argument, NULL, OPT_TODAY},
        {"out", required_argument, NULL, OPT_OUT},
        {"lang", required_argument, NULL, OPT_LANG},
        {"size", required_argument, NULL, OPT_SIZE},
        {"font", required_argument, NULL, OPT_FONT},
        {"font-bold", required_argument, NULL, OPT_FONT_BOLD},
        {NULL, 0, NULL, 0},
    };
    /* argv[1] (the command) stands in for the program name; options and the
     * folder may come in any order (getopt_long permutes). */
    int sub_argc = argc - 1;
    char **sub_argv = argv + 1;
    opterr = 0;
    optind = 0;
    int opt;
    while ((opt = getopt_long(sub_argc, sub_argv, ":", long_options, NULL)) != -1) {
        const char *v = optarg;
        switch (opt) {
        case ':':
            return content_bad_usage("%s needs a value", sub_argv[optind - 1]);
        case '?':
            return content_bad_usage("unknown option \"%s\"", sub_argv[optind - 1]);
        case OPT_STRICT:
            strict = true;
            break;
        case OPT_TODAY:
            if (!content_date_valid(v))
                return content_bad_usage("--today expects a date as YYYY-MM-DD, not \"%s\"", v);
            today = v;
            break;
        case OPT_OUT:
            out = v;
            break;
        case OPT_LANG:
            lang = v;
            break;
        case OPT_SIZE: {
            char extra;
            if (sscanf(v, "%dx%d%c", &w, &h, &extra) != 2 || w < 320 || h < 320 || w > 8192 ||
                h > 8192)
                return content_bad_usage("--size expects WxH from 320x320 to 8192x8192, not \"%s\"", v);
            break;
        }
        case OPT_FONT:
        case OPT_FONT_BOLD:
            if (!str_copy(opt == OPT_FONT ? cfg.font : cfg.font_bold, sizeof cfg.font, v))
                return content_bad_usage("the value of %s is too long",
                                 opt == OPT_FONT ? "--font" : "--font-bold");
            break;
        }
    }
    for (int i = optind; i < sub_argc; i++) {
        if (dir)
            return content_bad_usage("unexpected argument \"%s\"", sub_argv[i]);
        dir = sub_argv[i];
    }
    if (!today) {
        if (!local_date_offset((int64_t)time(NULL), 0, "%Y-%m-%d", today_buf, sizeof today_buf))
            return content_bad_usage("%s", "today's date is unknown: give --today YYYY-MM-DD");
        today = today_buf;
    }
    if (strcmp(cmd, "validate") == 0) {
        if (!dir)
            return content_bad_usage("%s needs a content folder", cmd);
        return cmd_validate(&cfg, dir, strict, today);
    }
    if (strcmp(cmd, "lint") == 0) {
        if (!dir)
            return content_bad_usage("%s needs a content folder", cmd);
        return cmd_lint(dir);
    }
    if (strcmp(cmd, "preview") == 0) {
        if (!dir || !out)
            return content_bad_usage("%s needs a content folder and --out OUT", cmd);
        diag_list diags = {0};
        content_set *set = content_load(dir, platform_content_checks(&cfg), &diags);
        for (int i = 0; i < diags.count; i++)
            printf("%s\n", diags.lines[i]);
        diag_list_free(&diags);
        if (!set) {
            fprintf(stderr,
                    "lanternctl: %s has problems; fix them first (lanternctl validate %s)\n", dir,
                    dir);
            return 1;
        }
        if (lang && content_lang_index(set, lang) < 0) {
            content_destroy(set);
            return content_bad_usage("--lang: \"%s\" is not a language of this content", lang);
        }
        int status = preview_run(&cfg, set, out, lang, w, h);
        content_destroy(set);
        return status;
    }
    return content_bad_usage("unknown command \"%s\"", cmd);
}
