/* approved: the kiosk's gate and the fall-back to the last approved set
 * (the check itself is in approved_check.c). */
#include "approved.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../core/util.h"

/* ---- the kiosk's gate ---- */

static unsigned char gate_keys[CONFIG_MAX_APPROVERS][APPROVAL_KEY_BYTES];
static int gate_key_count;

bool approved_configure(const config *cfg, char *err, size_t err_size)
{
    gate_key_count = 0;
    int n = approved_load_keys(cfg, gate_keys, err, err_size);
    if (n < 0)
        return false;
    gate_key_count = n;
    if (n > 0)
        log_msg(LOG_INFO, "content: %d trusted approver key%s: only approved content is published",
                n, n == 1 ? "" : "s");
    return true;
}

int approved_keys(const unsigned char (**keys)[APPROVAL_KEY_BYTES])
{
    *keys = (const unsigned char(*)[APPROVAL_KEY_BYTES])gate_keys;
    return gate_key_count;
}

bool approved_required(void)
{
    return gate_key_count > 0;
}

typedef struct {
    const char *what;
    char *detail;
    size_t detail_size;
    int count;
} gate_ctx;

static void gate_problem(void *ctx, const char *message)
{
    gate_ctx *g = ctx;
    log_msg(LOG_ERROR, "%s: %s", g->what, message);
    if (g->count++ == 0 && g->detail)
        str_copy(g->detail, g->detail_size, message);
}

static void fill(content_set *set, const approval *ap)
{
    set->approval.verified = true;
    str_copy(set->approval.name, sizeof set->approval.name, ap->name);
    str_copy(set->approval.role, sizeof set->approval.role, ap->role);
    str_format(set->approval.date, sizeof set->approval.date, "%.10s", ap->approved_at);
    str_copy(set->approval.review_due, sizeof set->approval.review_due, ap->review_due);
}

bool approved_gate(content_set *set, const char *dir, const char *what, char *detail,
                   size_t detail_size)
{
    set->approval.verified = false;
    if (detail && detail_size)
        detail[0] = '\0';
    if (gate_key_count == 0)
        return true;
    gate_ctx g = {.what = what, .detail = detail, .detail_size = detail_size};
    approval ap;
    approved_status s = approved_check(dir, (const unsigned char(*)[APPROVAL_KEY_BYTES])gate_keys,
                                       gate_key_count, approved_today(), &ap, gate_problem, &g);
    bool ok = approved_ok_to_publish(&s);
    if (ok)
        fill(set, &ap);
    else
        log_msg(LOG_ERROR,
                "%s: %s is not approved by a trusted clinician (%d problem%s); not published", what,
                dir, s.problems, s.problems == 1 ? "" : "s");
    approval_clear(&ap);
    return ok;
}

static void ignore_problem(void *ctx, const char *message)
{
    (void)ctx;
    (void)message;
}

/* The newest approved set among the folders in parent (not skip). */
static void newest_in(const char *parent, const char *skip, char *best, size_t best_size,
                      char *best_at)
{
    DIR *d = opendir(parent);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        char dir[PATH_MAX], real[PATH_MAX];
        struct stat st;
        if (e->d_name[0] == '.' || !str_format(dir, sizeof dir, "%s/%s", parent, e->d_name) ||
            lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode) || !realpath(dir, real) ||
            strcmp(real, skip) == 0)
            continue;
        approval ap;
        approved_status s =
            approved_check(dir, (const unsigned char(*)[APPROVAL_KEY_BYTES])gate_keys,
                           gate_key_count, approved_today(), &ap, ignore_problem, NULL);
        if (approved_ok_to_publish(&s) && strcmp(ap.approved_at, best_at) > 0) {
            str_copy(best, best_size, dir);
            str_copy(best_at, 24, ap.approved_at);
        }
        approval_clear(&ap);
    }
    closedir(d);
}

static void parent_of(const char *path, char *out, size_t size)
{
    str_copy(out, size, path);
    size_t n = strlen(out);
    while (n > 1 && out[n - 1] == '/')
        out[--n] = '\0';
    char *slash = strrchr(out, '/');
    if (!slash)
        str_copy(out, size, ".");
    else if (slash == out)
        out[1] = '\0';
    else
        *slash = '\0';
}

content_set *approved_fallback(const char *content_dir, const content_checks *checks, char *from,
                               size_t from_size)
{
    /* Where sets are kept: next to the content link (installed bundles,
     * published folders) and next to the folder it points at (imports). */
    char real[PATH_MAX], parent[PATH_MAX], target_parent[PATH_MAX];
    if (!realpath(content_dir, real))
        str_copy(real, sizeof real, content_dir);
    parent_of(content_dir, parent, sizeof parent);
    parent_of(real, target_parent, sizeof target_parent);
    char best[PATH_MAX] = "", best_at[24] = "";
    newest_in(parent, real, best, sizeof best, best_at);
    char real_parent[PATH_MAX], real_target_parent[PATH_MAX];
    if (!realpath(parent, real_parent) || !realpath(target_parent, real_target_parent) ||
        strcmp(real_parent, real_target_parent) != 0)
        newest_in(target_parent, real, best, sizeof best, best_at);
    if (!best[0])
        return NULL;
    diag_list diags = {0};
    content_set *set = content_load(best, checks, &diags);
    diag_list_free(&diags);
    if (set && !approved_gate(set, best, "start", NULL, 0)) {
        content_destroy(set);
        set = NULL;
    }
    if (set)
        str_copy(from, from_size, best);
    return set;
}
