/* approved_check: approval.json + signature + files, in one check (see
 * approved.h). Apart from the kiosk's gate (approved.c) so that lanternctl's
 * `content verify` links only this, cJSON and libsodium: no SDL. */
#include "approved.h"

#include <stdio.h>
#include <sys/stat.h>
#include <time.h>

#include "../content/approval_load.h"
#include "../core/util.h"

typedef struct {
    const char *dir;
    approval_problem_fn problem;
    void *ctx;
} prefix_ctx;

static void with_dir(void *ctx, const char *message)
{
    prefix_ctx *p = ctx;
    char line[1600];
    str_format(line, sizeof line, "%s/%s", p->dir, message);
    if (p->problem)
        p->problem(p->ctx, line);
}

approved_status approved_check(const char *dir, const unsigned char (*trusted)[APPROVAL_KEY_BYTES],
                               int trusted_count, long today, approval *out,
                               approval_problem_fn problem, void *ctx)
{
    approved_status s = {0};
    *out = (approval){0};
    char path[1200];
    str_format(path, sizeof path, "%s/%s", dir, APPROVAL_FILE_NAME);
    struct stat st;
    if (lstat(path, &st) != 0) {
        char line[1400];
        str_format(line, sizeof line,
                   "%s: missing: this content is not approved (a clinician approves it with "
                   "lanternctl content "
                   "approve)",
                   path);
        if (problem)
            problem(ctx, line);
        s.approval_missing = true;
        s.problems = 1;
        return s;
    }
    diag_list diags = {0};
    if (!S_ISREG(st.st_mode) || !approval_load(path, out, &diags)) {
        if (!S_ISREG(st.st_mode))
            diag_add(&diags, true, "%s: not a plain file", path);
        for (int i = 0; i < diags.count && problem; i++)
            problem(ctx, diags.lines[i]);
        s.approval_broken = true;
        s.problems = diags.count ? diags.count : 1;
        diag_list_free(&diags);
        return s;
    }
    diag_list_free(&diags);
    approval_policy policy = {.trusted = trusted, .trusted_count = trusted_count, .today = today};
    prefix_ctx p = {.dir = dir, .problem = problem, .ctx = ctx};
    s.verify = approval_verify(dir, out, &policy, with_dir, &p);
    s.problems = s.verify.problems;
    return s;
}

int approved_load_keys(const config *cfg, unsigned char (*keys)[APPROVAL_KEY_BYTES], char *err,
                       size_t err_size)
{
    for (int i = 0; i < cfg->approver_count; i++)
        if (!approval_load_public_key(cfg->approvers[i], keys[i], err, err_size))
            return -1;
    return cfg->approver_count;
}

long approved_today(void)
{
    char day[16];
    if (!local_date_offset((int64_t)time(NULL), 0, "%Y-%m-%d", day, sizeof day))
        return -1;
    return approval_day_number(day);
}
