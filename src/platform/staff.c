#include "staff.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "../content/load.h"
#include "../core/util.h"
#include "../store/cancellations.h"
#include "../store/store.h"
#include "approved.h"
#include "handoff_job.h"
#include "import.h"
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
    import_ctl *import;  /* USB import and roll-back (a worker thread) */
    handoff_job *handoff; /* "Copy requests to USB" (a worker thread); NULL: no kiosk_id */
    staff_result handoff_result; /* its last result (shown like the import's) */
    /* The drive's folders as the staff screen last listed them: an import
     * button names one of these, whatever the drive holds by the tap. */
    char shown_usb[6][256];
    int shown_usb_count;
    char cancel_day[16];  /* the local day the cancellations were last loaded for */
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
    s->import = import_create(s->data_dir, s->content_dir, s->checks);
    if (!s->import) {
        free(s);
        return NULL;
    }
    /* Requests leave this kiosk (central database, USB) only when it has a
     * name to deliver them under (issue 10). */
    if (cfg->kiosk_id[0]) {
        char db[CONFIG_PATH_MAX + 32];
        str_format(db, sizeof db, "%s/%s", cfg->data_dir, STORE_DB_NAME);
        s->handoff = handoff_job_create(db, s->usb_dir, cfg->kiosk_id);
        if (!s->handoff) {
            import_destroy(s->import);
            free(s);
            return NULL;
        }
    }
    return s;
}

void staff_destroy(staff_ctl *s)
{
    if (!s)
        return;
    import_destroy(s->import);
    handoff_job_destroy(s->handoff);
    free(s);
}

void staff_settle(staff_ctl *s)
{
    import_settle(s->import);
    if (s->handoff)
        handoff_job_settle(s->handoff);
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
    return str_format(path, sizeof path, "%s/manifest.json", dir) && lstat(path, &st) == 0 && S_ISREG(st.st_mode);
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
        /* lstat: a link on the drive is never followed (out of the drive). */
        if (lstat(sub, &st) == 0 && S_ISREG(st.st_mode) && is_bundle(sub)) {
            str_copy(info->usb[info->usb_count++], sizeof info->usb[0], sub);
            continue;
        }
        if (lstat(sub, &st) != 0 || !S_ISDIR(st.st_mode))
            continue;
        if (has_manifest(sub))
            str_copy(info->usb[info->usb_count++], sizeof info->usb[0], sub);
        else if (depth < 3)
            scan_usb(sub, depth + 1, info);
    }
    if (d)
        closedir(d);
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
    memcpy(s->shown_usb, info.usb, sizeof s->shown_usb);
    s->shown_usb_count = info.usb_count;
    info.can_rollback = !import_busy(s->import) && import_can_roll_back(s->import);
    info.delivers = s->handoff != NULL;
    info.handoff = s->handoff_result;
    app_set_staff_info(a, &info);
}

/* ---- meeting cancellations (data folder) ---- */

/* Gives the app the list at the first poll and at each new day (expired
 * dates drop out, and the file is rewritten without them). */
static bool refresh_cancellations(staff_ctl *s, app *a, int64_t wall)
{
    char today[16];
    if (!local_date_offset(wall, 0, "%Y-%m-%d", today, sizeof today) || strcmp(today, s->cancel_day) == 0)
        return false;
    str_copy(s->cancel_day, sizeof s->cancel_day, today);
    schedule_cancel list[SCHEDULE_STAFF_CANCEL_MAX];
    int n = store_cancellations_load(s->data_dir, today, list, SCHEDULE_STAFF_CANCEL_MAX);
    char path[PATH_MAX], err[600];
    struct stat st;
    str_format(path, sizeof path, "%s/%s", s->data_dir, STORE_CANCELLATIONS_NAME);
    if (stat(path, &st) == 0 && !store_cancellations_save(s->data_dir, list, n, err, sizeof err))
        log_msg(LOG_ERROR, "cancellations: %s", err);
    app_set_cancellations(a, list, n);
    return true;
}

/* A meeting staff cancelled or restored; true when there was one. */
static bool change_cancellation(staff_ctl *s, app *a, int64_t wall)
{
    schedule_cancel pick;
    bool undo;
    if (!app_take_cancellation(a, &pick, &undo))
        return false;
    char today[16], err[600];
    if (!local_date_offset(wall, 0, "%Y-%m-%d", today, sizeof today))
        today[0] = '\0'; /* no date: nothing counts as past, nothing is dropped */
    schedule_cancel list[SCHEDULE_STAFF_CANCEL_MAX];
    int n = store_cancellations_load(s->data_dir, today, list, SCHEDULE_STAFF_CANCEL_MAX);
    int found = -1;
    for (int i = 0; i < n; i++)
        if (strcmp(list[i].date, pick.date) == 0 && strcmp(list[i].group_id, pick.group_id) == 0)
            found = i;
    if (undo && found >= 0)
        list[found] = list[--n];
    else if (!undo && found < 0 && n < SCHEDULE_STAFF_CANCEL_MAX)
        list[n++] = pick;
    else if (!undo && found >= 0)
        list[found] = pick;
    s->result = (staff_result){.kind = undo ? RESULT_UNCANCELLED : RESULT_CANCELLED};
    if (!store_cancellations_save(s->data_dir, list, n, err, sizeof err)) {
        log_msg(LOG_ERROR, "cancellations: %s; nothing changed", err);
        s->result = (staff_result){.kind = RESULT_NONE};
        return true;
    }
    log_msg(LOG_INFO, "staff %s the %s meeting of %s (%s)", undo ? "restored" : "cancelled", pick.group_id, pick.date,
            undo ? "undo" : pick.reason);
    app_set_cancellations(a, list, n);
    return true;
}

int staff_poll(staff_ctl *s, app *a, reloader *r, contact *c, int64_t wall, int64_t mono_ms, bool *changed)
{
    if (refresh_cancellations(s, a, wall))
        *changed = true;
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
    bool acted = false, started = false;
    if (app_take_staff_request(a, &req)) {
        acted = true;
        switch (req.kind) {
        case STAFF_RELOAD:
            reloader_reload_now(r);
            s->result.kind = RESULT_NONE; /* show the reload's own result */
            break;
        case STAFF_IMPORT:
            /* The folder the button named (the list as drawn), never a
             * position in a list read again now. */
            if (req.arg >= 0 && req.arg < s->shown_usb_count)
                started = import_start(s->import, s->shown_usb[req.arg], &s->result);
            break;
        case STAFF_HANDOFF:
            if (s->handoff)
                started = handoff_job_start(s->handoff, wall, &s->handoff_result) || started;
            break;
        case STAFF_ROLLBACK:
            import_roll_back(s->import, &s->result);
            break;
        case STAFF_EXIT:
            log_msg(LOG_INFO, "staff asked the kiosk to exit for maintenance");
            status = EXIT_MAINTENANCE;
            break;
        case STAFF_NONE:
            break;
        }
    }
    staff_result done;
    /* Never in the turn that started it: "importing..." is drawn at least once. */
    if (!started && import_take_result(s->import, &done)) {
        s->result = done; /* shown now, or when staff next open the screen */
        acted = true;
    }
    if (!started && s->handoff && handoff_job_take_result(s->handoff, &done)) {
        s->handoff_result = done; /* shown now, or when staff next open the screen */
        acted = true;
    }
    if (change_cancellation(s, a, wall))
        acted = true;
    screen_id now_screen = app_screen(a);
    if (now_screen == SCREEN_STAFF && (acted || s->last_screen != SCREEN_STAFF)) {
        fill_info(s, a, r, c, wall, mono_ms);
        *changed = true;
    }
    s->last_screen = now_screen;
    return status;
}
