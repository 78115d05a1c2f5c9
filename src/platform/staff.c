#include "staff.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../content/load.h"
#include "../core/util.h"
#include "../store/store.h"
#include "approved.h"
#include "bundle.h"
#include "platform.h"

struct staff_ctl {
    char data_dir[CONFIG_PATH_MAX];
    char content_dir[CONFIG_PATH_MAX];
    char usb_dir[CONFIG_PATH_MAX];
    int64_t start_wall;
    const content_checks *checks; /* images decode, fonts cover the text */
    int64_t start_mono_ms; /* the monotonic clock at the first poll: uptime */
    bool started;
    screen_id last_screen;
    staff_result result; /* the last staff action's; RESULT_NONE: show the reload's */
    /* The PIN lockout, kept in memory too, on the kiosk's monotonic clock: it
     * holds when the data folder cannot be written, and no step of the wall
     * clock can stretch or clear it. */
    int pin_failures;
    int64_t pin_locked_until_ms;
    int64_t pin_seen_file_until; /* the record's locked_until last taken in */
};

staff_ctl *staff_create(const config *cfg, int64_t start_wall)
{
    staff_ctl *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    str_copy(s->data_dir, sizeof s->data_dir, cfg->data_dir);
    str_copy(s->content_dir, sizeof s->content_dir, cfg->content_dir);
    str_copy(s->usb_dir, sizeof s->usb_dir, cfg->usb_dir[0] ? cfg->usb_dir : "/media");
    s->start_wall = start_wall;
    s->checks = platform_content_checks(cfg);
    s->last_screen = SCREEN_ATTRACT;
    return s;
}

void staff_destroy(staff_ctl *s)
{
    free(s);
}

/* ---- PINs ---- */

/* What is left of the lockout, in ms, on the monotonic clock. A record on
 * disk (from before a restart, or just written) is taken in once, when it
 * changes, and capped at what its count of failures can earn: a wall clock
 * stepped back never turns 30 s into a day, and stepped forward never clears
 * a lockout. */
static int64_t pin_lock_left_ms(staff_ctl *s, int file_failures, int64_t file_until, int64_t wall,
                                int64_t mono_ms)
{
    if (file_until != s->pin_seen_file_until) {
        s->pin_seen_file_until = file_until;
        int64_t file_left = file_until > wall ? (file_until - wall) * 1000 : 0;
        int64_t cap = store_pin_lock_seconds(file_failures) * 1000;
        if (file_left > cap)
            file_left = cap;
        if (mono_ms + file_left > s->pin_locked_until_ms)
            s->pin_locked_until_ms = mono_ms + file_left;
    }
    return s->pin_locked_until_ms > mono_ms ? s->pin_locked_until_ms - mono_ms : 0;
}

static void check_pin(staff_ctl *s, app *a, int64_t wall, int64_t mono_ms)
{
    char pin[32];
    if (!app_take_pin(a, pin, sizeof pin))
        return;
    int file_failures = 0;
    int64_t until = 0;
    store_pin_failures(s->data_dir, &file_failures, &until);
    int failures = file_failures > s->pin_failures ? file_failures : s->pin_failures;
    int64_t left = pin_lock_left_ms(s, file_failures, until, wall, mono_ms);
    staff_role role = ROLE_NONE;
    if (left <= 0) {
        /* The failure is counted before the slow check, so that pulling the
         * plug during it does not escape the lockout; a match resets it. When
         * it cannot be recorded, entry is refused: no unlimited guesses on a
         * read-only or full disk. */
        s->pin_failures = failures + 1;
        bool recorded = store_pin_record(s->data_dir, false, wall);
        if (!recorded) {
            log_msg(LOG_ERROR, "%s: PIN entry refused: the lockout record cannot be written", s->data_dir);
        } else {
            int staff = store_pin_check(s->data_dir, "staff", pin);
            int facilitator = staff == 1 ? 0 : store_pin_check(s->data_dir, "facilitator", pin);
            if (staff < 0 && facilitator < 0)
                log_msg(LOG_WARN, "no staff or facilitator PIN is set (lanternctl set-pin)");
            role = staff == 1 ? ROLE_STAFF : facilitator == 1 ? ROLE_FACILITATOR : ROLE_NONE;
        }
        if (role != ROLE_NONE && store_pin_record(s->data_dir, true, wall)) {
            s->pin_failures = 0;
            s->pin_locked_until_ms = 0;
        } else if (role == ROLE_NONE) {
            int64_t lock = store_pin_lock_seconds(s->pin_failures);
            s->pin_locked_until_ms = lock ? mono_ms + lock * 1000 : 0;
        }
        store_pin_failures(s->data_dir, &file_failures, &until);
        failures = file_failures > s->pin_failures ? file_failures : s->pin_failures;
        left = pin_lock_left_ms(s, file_failures, until, wall, mono_ms);
        log_msg(role != ROLE_NONE ? LOG_INFO : LOG_WARN, "staff sign-in: %s",
                role == ROLE_STAFF ? "staff" : role == ROLE_FACILITATOR ? "facilitator" : "wrong PIN");
    }
    store_wipe(pin, sizeof pin);
    app_pin_result(a, role, failures, left);
}

/* ---- content from a USB drive ---- */

static bool has_manifest(const char *dir)
{
    char path[PATH_MAX];
    struct stat st;
    return str_format(path, sizeof path, "%s/manifest.json", dir) && stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Content folders on removable media: a folder holding manifest.json, up to
 * three levels under the media folder (/media/USER/LABEL/content); and
 * content bundles (lanternctl content pack): files named *.bundle. */
static bool is_bundle(const char *path)
{
    size_t n = strlen(path);
    return n > 7 && strcmp(path + n - 7, ".bundle") == 0;
}

static void scan_usb(const char *dir, int depth, staff_info *info)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)) && info->usb_count < (int)(sizeof info->usb / sizeof info->usb[0])) {
        char sub[PATH_MAX];
        struct stat st;
        if (e->d_name[0] == '.' || !str_format(sub, sizeof sub, "%s/%s", dir, e->d_name))
            continue;
        if (stat(sub, &st) == 0 && S_ISREG(st.st_mode) && is_bundle(sub)) {
            str_copy(info->usb[info->usb_count++], sizeof info->usb[0], sub);
            continue;
        }
        if (stat(sub, &st) != 0 || !S_ISDIR(st.st_mode))
            continue;
        if (has_manifest(sub))
            str_copy(info->usb[info->usb_count++], sizeof info->usb[0], sub);
        else if (depth < 3)
            scan_usb(sub, depth + 1, info);
    }
    if (d)
        closedir(d);
}

/* Runs a program without a shell: paths from a USB drive are never parsed. */
static int run(char *const argv[])
{
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        execvp(argv[0], argv);
        _exit(127);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static bool previous_path(staff_ctl *s, char *out, size_t size)
{
    char path[PATH_MAX];
    str_format(path, sizeof path, "%s/content-previous", s->data_dir);
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    bool ok = fgets(out, (int)size, f) != NULL;
    fclose(f);
    if (ok)
        out[strcspn(out, "\n")] = '\0';
    struct stat st;
    return ok && out[0] && stat(out, &st) == 0 && S_ISDIR(st.st_mode);
}

static void remember_previous(staff_ctl *s, const char *target)
{
    char path[PATH_MAX];
    str_format(path, sizeof path, "%s/content-previous", s->data_dir);
    FILE *f = fopen(path, "w");
    if (f) {
        fprintf(f, "%s\n", target);
        fclose(f);
    }
}

/* Points the content symlink at target, keeping the old target for a roll-back. */
static bool switch_to(staff_ctl *s, const char *target)
{
    char old[PATH_MAX];
    ssize_t n = readlink(s->content_dir, old, sizeof old - 1);
    if (n < 0) {
        log_msg(LOG_ERROR, "%s is not a symlink, so content cannot be switched safely (see deploy/README.md)",
                s->content_dir);
        s->result = (staff_result){.kind = RESULT_NOT_SYMLINK};
        return false;
    }
    old[n] = '\0';
    char err[512];
    if (!content_publish(s->content_dir, target, err, sizeof err)) {
        log_msg(LOG_ERROR, "content: could not switch: %s", err);
        s->result = (staff_result){.kind = RESULT_COPY_FAILED};
        return false;
    }
    remember_previous(s, old);
    return true;
}

static void remove_tree(const char *dir)
{
    char *rm[] = {"rm", "-rf", "--", (char *)dir, NULL};
    run(rm);
}

static void log_bundle_line(void *ctx, bundle_say_kind kind, const char *line)
{
    (void)ctx;
    log_msg(kind == SAY_INFO ? LOG_INFO : LOG_ERROR, "import: %s", line);
}

/* A bundle file: installed by the same code as lanternctl content install,
 * which needs trusted approvers (a bundle's worth is its signature). */
static void import_bundle(staff_ctl *s, const char *src)
{
    staff_result *res = &s->result;
    const char *base = strrchr(src, '/');
    str_copy(res->folder, sizeof res->folder, base ? base + 1 : src);
    const unsigned char(*keys)[APPROVAL_KEY_BYTES] = NULL;
    int n = approved_keys(&keys);
    if (n == 0) {
        res->kind = RESULT_UNAPPROVED;
        str_copy(res->detail, sizeof res->detail,
                 "no trusted approvers are configured, so a bundle cannot be checked (config \"approvers\")");
        log_msg(LOG_ERROR, "import: %s: %s", src, res->detail);
        return;
    }
    char old[PATH_MAX];
    ssize_t len = readlink(s->content_dir, old, sizeof old - 1);
    old[len > 0 ? len : 0] = '\0';
    bundle_report report = {.say = log_bundle_line};
    bool ok = bundle_install(src, s->content_dir, keys, n, approved_today(), false, 3, s->checks, NULL, &report);
    str_copy(res->version, sizeof res->version, report.version);
    if (ok) {
        res->kind = RESULT_IMPORTED;
        char now[PATH_MAX];
        len = readlink(s->content_dir, now, sizeof now - 1);
        now[len > 0 ? len : 0] = '\0';
        if (old[0] && strcmp(old, now) != 0) {
            /* The staff screen's roll-back goes back to it (a relative link
             * target is relative to the link's folder). */
            char previous[PATH_MAX * 2];
            const char *slash = strrchr(s->content_dir, '/');
            if (old[0] != '/' && slash)
                str_format(previous, sizeof previous, "%.*s/%s", (int)(slash - s->content_dir), s->content_dir,
                           old);
            else
                str_copy(previous, sizeof previous, old);
            remember_previous(s, previous);
        }
        return;
    }
    res->kind = RESULT_UNAPPROVED;
    const char *first = report.first;
    size_t src_len = strlen(src);
    if (strncmp(first, src, src_len) == 0 && first[src_len] == ':')
        first += src_len + (first[src_len + 1] == ' ' ? 2 : 1);
    str_copy(res->detail, sizeof res->detail, first);
}

static void import_folder(staff_ctl *s, const char *src)
{
    if (is_bundle(src)) {
        s->result = (staff_result){.kind = RESULT_NONE};
        import_bundle(s, src);
        return;
    }
    staff_result *res = &s->result;
    *res = (staff_result){.kind = RESULT_NONE};
    /* Staff see the folder's name and the problem inside it, not long paths. */
    const char *base = strrchr(src, '/');
    str_copy(res->folder, sizeof res->folder, base ? base + 1 : src);
    size_t src_len = strlen(src);
    /* Check it where it is first: a bad folder changes nothing. */
    diag_list diags = {0};
    content_set *set = content_load(src, s->checks, &diags);
    if (!set) {
        res->kind = RESULT_IMPORT_BAD;
        res->count = diags.errors;
        const char *first = diags.count ? diags.lines[0] : "";
        if (strncmp(first, src, src_len) == 0 && first[src_len] == '/')
            first += src_len + 1;
        str_copy(res->detail, sizeof res->detail, first);
        for (int i = 0; i < diags.count; i++)
            log_msg(LOG_ERROR, "import: %s", diags.lines[i]);
        diag_list_free(&diags);
        return;
    }
    str_copy(res->version, sizeof res->version, set->version);
    /* With trusted approvers configured, only approved content comes in. */
    char why[sizeof res->detail];
    bool approved = approved_gate(set, src, "import", why, sizeof why);
    content_destroy(set);
    diag_list_free(&diags);
    if (!approved) {
        res->kind = RESULT_UNAPPROVED;
        const char *first = strncmp(why, src, src_len) == 0 && why[src_len] == '/' ? why + src_len + 1 : why;
        str_copy(res->detail, sizeof res->detail, first);
        return;
    }
    /* Copy it next to the live content, check the copy, then switch. */
    char real[PATH_MAX], parent[PATH_MAX], dest[PATH_MAX];
    if (!realpath(s->content_dir, real)) {
        res->kind = RESULT_NOT_SYMLINK;
        return;
    }
    str_copy(parent, sizeof parent, real);
    char *slash = strrchr(parent, '/');
    if (slash)
        *slash = '\0';
    str_format(dest, sizeof dest, "%s/content-import-%ld", parent, (long)time(NULL));
    char *cp[] = {"cp", "-R", "--", (char *)src, dest, NULL};
    if (run(cp) != 0) {
        log_msg(LOG_ERROR, "import: copying %s to %s failed", src, dest);
        res->kind = RESULT_COPY_FAILED;
        remove_tree(dest);
        return;
    }
    diag_list again = {0};
    set = content_load(dest, s->checks, &again);
    bool good = set != NULL;
    if (!good) {
        res->kind = RESULT_IMPORT_BAD;
        res->count = again.errors;
        str_copy(res->detail, sizeof res->detail, again.count ? again.lines[0] : "");
    } else if (!approved_gate(set, dest, "import", res->detail, sizeof res->detail)) {
        res->kind = RESULT_UNAPPROVED; /* the copy differs from what was checked */
        good = false;
    }
    content_destroy(set);
    diag_list_free(&again);
    if (!good || !switch_to(s, dest)) {
        remove_tree(dest);
        return;
    }
    res->kind = RESULT_IMPORTED;
    log_msg(LOG_INFO, "content: version %s imported from %s into %s", res->version, src, dest);
}

static void roll_back(staff_ctl *s)
{
    char prev[PATH_MAX];
    s->result = (staff_result){.kind = RESULT_NO_ROLLBACK};
    if (!previous_path(s, prev, sizeof prev))
        return;
    if (switch_to(s, prev)) {
        s->result = (staff_result){.kind = RESULT_ROLLED_BACK};
        log_msg(LOG_INFO, "content: rolled back to %s", prev);
    }
}

static void fill_info(staff_ctl *s, app *a, reloader *r, contact *c, int64_t wall, int64_t mono_ms)
{
    staff_info info;
    memset(&info, 0, sizeof info);
    contact_staff_info(c, &info, wall);
    if (s->result.kind != RESULT_NONE)
        info.result = s->result;
    else
        reloader_last(r, &info.result);
    info.error_count = log_recent_errors(info.errors, 3);
    struct statvfs vfs;
    if (statvfs(s->data_dir, &vfs) == 0)
        info.free_bytes = (long long)vfs.f_bavail * (long long)vfs.f_frsize;
    info.uptime_s = (mono_ms - s->start_mono_ms) / 1000; /* not the wall clock: it may step */
    scan_usb(s->usb_dir, 0, &info);
    char prev[PATH_MAX];
    info.can_rollback = previous_path(s, prev, sizeof prev);
    app_set_staff_info(a, &info);
}

int staff_poll(staff_ctl *s, app *a, reloader *r, contact *c, int64_t wall, int64_t mono_ms, bool *changed)
{
    int status = -1;
    if (!s->started) {
        s->started = true;
        s->start_mono_ms = mono_ms;
    }
    check_pin(s, a, wall, mono_ms);
    usage_event e;
    while (app_take_usage(a, &e))
        contact_count_usage(c, &e, wall);
    contact_flush_usage(c, wall, false);
    staff_request req;
    bool acted = false;
    if (app_take_staff_request(a, &req)) {
        acted = true;
        switch (req.kind) {
        case STAFF_RELOAD:
            reloader_reload_now(r);
            s->result.kind = RESULT_NONE; /* show the reload's own result */
            break;
        case STAFF_IMPORT: {
            staff_info scan;
            memset(&scan, 0, sizeof scan);
            scan_usb(s->usb_dir, 0, &scan);
            if (req.arg >= 0 && req.arg < scan.usb_count)
                import_folder(s, scan.usb[req.arg]);
            break;
        }
        case STAFF_ROLLBACK:
            roll_back(s);
            break;
        case STAFF_EXIT:
            log_msg(LOG_INFO, "staff asked the kiosk to exit for maintenance");
            status = EXIT_MAINTENANCE;
            break;
        case STAFF_NONE:
            break;
        }
    }
    screen_id now_screen = app_screen(a);
    if (now_screen == SCREEN_STAFF && (acted || s->last_screen != SCREEN_STAFF)) {
        fill_info(s, a, r, c, wall, mono_ms);
        *changed = true;
    }
    s->last_screen = now_screen;
    return status;
}
