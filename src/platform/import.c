/* import: USB content import on a worker thread, and roll-back through a
 * list of known-good versions (design and guarantees in import.h). */
#define _GNU_SOURCE
#include "import.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <SDL2/SDL.h>

#include "../core/util.h"
#include "../store/file_hash.h"
#include "approved.h"
#include "bundle.h"
#include "image_lib.h"
#include "import_copy.h"
#include "reload.h"

static const char IMPORT_PREFIX[] = "content-import-";

struct import_ctl {
    char data_dir[PATH_MAX];
    char link[PATH_MAX];
    const content_checks *checks;
    import_step_fn hook;
    void *hook_ctx;
    pthread_mutex_t lock;
    pthread_t thread;
    bool busy;   /* a worker was started and its result not yet taken */
    bool joined; /* ... and it has been joined (import_settle) */
    bool done;   /* the worker filled result */
    char job[PATH_MAX];
    staff_result running; /* what the screen shows meanwhile */
    staff_result result;
    Uint32 wake_type; /* an SDL event type of its own; 0: none yet */
};

/* ---- messages for the staff screen ---- */

/* Copies src into dst whole, or cut at a space with "..." added: a message
 * is never cut in the middle of a word (or of a UTF-8 character). */
static void fit_words(char *dst, size_t size, const char *src)
{
    if (str_copy(dst, size, src))
        return;
    size_t keep = utf8_floor(src, size > 4 ? size - 4 : 0);
    while (keep > 0 && src[keep] != ' ')
        keep--;
    while (keep > 0 && (src[keep - 1] == ' ' || src[keep - 1] == ',' || src[keep - 1] == ':'))
        keep--;
    str_format(dst, size, "%.*s...", (int)keep, src);
}

/* A problem as staff read it: the file inside the drive's folder, never the
 * kiosk's own paths (the drive's mount point, the data folder). */
static void set_detail(staff_result *r, const char *line, const char *strip1, const char *strip2)
{
    const char *strips[] = {strip1, strip2};
    for (int i = 0; i < 2; i++) {
        size_t n = strips[i] ? strlen(strips[i]) : 0;
        if (n && strncmp(line, strips[i], n) == 0 && (line[n] == '/' || line[n] == ':')) {
            line += n + 1;
            while (*line == ' ')
                line++;
            break;
        }
    }
    fit_words(r->detail, sizeof r->detail, line);
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash && slash[1] ? slash + 1 : path;
}

/* Logs a problem as the staff screen's list of recent errors shows it: the
 * drive's folder by name and the file inside it, no internal paths (those
 * go to the journal at warning level). */
static void log_problem(const char *src, const char *line, const char *strip1, const char *strip2)
{
    staff_result tmp;
    set_detail(&tmp, line, strip1, strip2);
    log_msg(LOG_ERROR, "import from %s: %s", base_name(src), tmp.detail);
}

/* Removes one of our own import folders in the data folder (by name, never
 * following links out of it). */
static void remove_import_folder(import_ctl *im, const char *name)
{
    if (strncmp(name, IMPORT_PREFIX, sizeof IMPORT_PREFIX - 1) != 0 || strchr(name, '/'))
        return;
    int dir = open(im->data_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0)
        return;
    if (remove_tree_at(dir, name, 0) != 0 && errno != ENOENT)
        log_msg(LOG_WARN, "import: %s/%s: cannot remove: %s", im->data_dir, name, strerror(errno));
    close(dir);
}

static void sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

/* ---- the list of known-good versions ---- */

typedef struct {
    char path[IMPORT_HISTORY_MAX + 1][PATH_MAX];
    int n;
} history;

static void history_push(history *h, const char *path)
{
    if (h->n == IMPORT_HISTORY_MAX + 1) {
        memmove(h->path[0], h->path[1], sizeof h->path[0] * (size_t)(h->n - 1));
        h->n--;
    }
    str_copy(h->path[h->n++], sizeof h->path[0], path);
}

static void history_read(import_ctl *im, history *h)
{
    h->n = 0;
    char path[PATH_MAX];
    str_format(path, sizeof path, "%s/%s", im->data_dir, IMPORT_HISTORY_NAME);
    FILE *f = fopen(path, "re");
    if (!f) {
        /* Before the list there was one remembered folder. */
        str_format(path, sizeof path, "%s/content-previous", im->data_dir);
        f = fopen(path, "re");
    }
    if (!f)
        return;
    char line[PATH_MAX + 2];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        if (line[0] == '/')
            history_push(h, line);
    }
    fclose(f);
}

/* Writes the list whole (temporary file, fsync, rename): a crash or a full
 * disk leaves the old list or the new one, never a cut one. */
static bool history_write(import_ctl *im, const history *h, int *err)
{
    char path[PATH_MAX], tmp[PATH_MAX + 8];
    str_format(path, sizeof path, "%s/%s", im->data_dir, IMPORT_HISTORY_NAME);
    str_format(tmp, sizeof tmp, "%s.new", path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    bool ok = fd >= 0;
    int first = h->n > IMPORT_HISTORY_MAX ? h->n - IMPORT_HISTORY_MAX : 0;
    for (int i = first; ok && i < h->n; i++)
        ok = write_all(fd, (const unsigned char *)h->path[i], strlen(h->path[i])) &&
             write_all(fd, (const unsigned char *)"\n", 1);
    ok = ok && fsync(fd) == 0;
    *err = ok ? 0 : errno;
    if (fd >= 0 && close(fd) != 0 && ok) {
        ok = false;
        *err = errno;
    }
    if (ok && rename(tmp, path) != 0) {
        ok = false;
        *err = errno;
    }
    if (!ok) {
        unlink(tmp);
        log_msg(LOG_ERROR, "cannot save the list of versions to roll back to: %s", strerror(*err));
        log_msg(LOG_WARN, "import: %s: cannot write the list of versions to roll back to: %s", path,
                strerror(*err));
        return false;
    }
    sync_dir(im->data_dir);
    return true;
}

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The live version, as an absolute path with no links ("" when the link is
 * broken). */
static void live_path(import_ctl *im, char *out, size_t size)
{
    char real[PATH_MAX];
    str_copy(out, size, realpath(im->link, real) ? real : "");
}

/* Drops the live version and vanished folders from the end: what is left
 * last is where a roll-back goes. */
static void history_trim_for_roll_back(history *h, const char *live)
{
    while (h->n > 0 && (strcmp(h->path[h->n - 1], live) == 0 || !is_dir(h->path[h->n - 1])))
        h->n--;
}

/* Removes our import folders that are neither live nor in the list (rolled
 * back from, fallen off the list, or left by an import cut short). */
static void prune(import_ctl *im, const history *h)
{
    char live[PATH_MAX];
    live_path(im, live, sizeof live);
    DIR *d = opendir(im->data_dir);
    if (!d)
        return;
    char names[64][NAME_MAX + 1];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 64) {
        if (strncmp(e->d_name, IMPORT_PREFIX, sizeof IMPORT_PREFIX - 1) != 0)
            continue;
        char path[PATH_MAX], real[PATH_MAX];
        if (!str_format(path, sizeof path, "%s/%s", im->data_dir, e->d_name) ||
            !realpath(path, real))
            continue;
        bool keep = strcmp(real, live) == 0;
        for (int i = 0; i < h->n && !keep; i++)
            keep = strcmp(real, h->path[i]) == 0;
        if (!keep)
            str_copy(names[n++], sizeof names[0], e->d_name);
    }
    closedir(d);
    for (int i = 0; i < n; i++)
        remove_import_folder(im, names[i]);
}

/* Before a switch: the live version goes on the list. False (and the staff
 * screen says so) when the list cannot be written. */
static bool keep_way_back(import_ctl *im, history *h, staff_result *res)
{
    char live[PATH_MAX];
    live_path(im, live, sizeof live);
    history_read(im, h);
    if (live[0] && (h->n == 0 || strcmp(h->path[h->n - 1], live) != 0))
        history_push(h, live);
    int err;
    if (!history_write(im, h, &err)) {
        res->kind = RESULT_HISTORY_FULL;
        str_format(res->detail, sizeof res->detail, "%s", strerror(err));
        return false;
    }
    return true;
}

/* After a switch: the new live version goes on the list too. If that
 * cannot be written the list still ends with the one before, where a
 * roll-back goes anyway. */
static void note_new_live(import_ctl *im, history *h)
{
    char live[PATH_MAX];
    live_path(im, live, sizeof live);
    if (live[0] && (h->n == 0 || strcmp(h->path[h->n - 1], live) != 0))
        history_push(h, live);
    int err;
    if (history_write(im, h, &err)) {
        if (h->n > IMPORT_HISTORY_MAX) {
            memmove(h->path[0], h->path[1], sizeof h->path[0] * (size_t)(h->n - 1));
            h->n--;
        }
        prune(im, h);
    }
}

/* ---- the worker ---- */

static void step(import_ctl *im, const char *name)
{
    if (im->hook)
        im->hook(im->hook_ctx, name);
}

static bool link_is_symlink(import_ctl *im, staff_result *res)
{
    struct stat st;
    if (lstat(im->link, &st) == 0 && S_ISLNK(st.st_mode))
        return true;
    log_msg(LOG_ERROR, "the content folder is not a symlink, so content cannot be switched safely "
                       "(see deploy/README.md)");
    log_msg(LOG_WARN, "content folder: %s", im->link);
    res->kind = RESULT_NOT_SYMLINK;
    return false;
}

typedef struct {
    const char *src, *dir;
    staff_result *res;
    int count;
} problem_ctx;

static void approval_problem(void *ctx, const char *message)
{
    problem_ctx *pc = ctx;
    log_problem(pc->src, message, pc->dir, pc->src);
    if (pc->count++ == 0)
        set_detail(pc->res, message, pc->dir, pc->src);
}

/* Validates dir (content and approval); fills res on a problem. */
static bool check_folder(import_ctl *im, const char *dir, const char *src, staff_result *res)
{
    diag_list diags = {0};
    content_set *set = content_load(dir, im->checks, &diags);
    bool ok = set != NULL;
    if (!ok) {
        res->kind = RESULT_IMPORT_BAD;
        res->count = diags.errors;
        set_detail(res, diags.count ? diags.lines[0] : "", dir, src);
        for (int i = 0; i < diags.count; i++)
            log_problem(src, diags.lines[i], dir, src);
    } else {
        str_copy(res->version, sizeof res->version, set->version);
        if (approved_required()) {
            /* The gate's own check, with problems worded for staff. */
            const unsigned char(*keys)[APPROVAL_KEY_BYTES] = NULL;
            int n = approved_keys(&keys);
            approval ap = {0};
            problem_ctx pc = {.src = src, .dir = dir, .res = res};
            approved_status st =
                approved_check(dir, keys, n, approved_today(), &ap, approval_problem, &pc);
            approval_clear(&ap);
            if (!approved_ok_to_publish(&st)) {
                res->kind = RESULT_UNAPPROVED;
                ok = false;
            }
        }
    }
    content_destroy(set);
    diag_list_free(&diags);
    return ok;
}

static void import_folder(import_ctl *im, const char *src, staff_result *res)
{
    if (!link_is_symlink(im, res))
        return;
    /* 1. The drive's folder: regular files only, each hashed. */
    file_list seen = {0}, copied = {0};
    int src_fd = open(src, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (src_fd < 0) {
        res->kind = RESULT_IMPORT_BAD;
        set_detail(res, "the folder is no longer on the drive", NULL, NULL);
        return;
    }
    char dest[PATH_MAX] = "";
    if (!copy_walk(src_fd, -1, "", 0, &seen)) {
        res->kind = seen.refused ? RESULT_IMPORT_BAD : RESULT_COPY_FAILED;
        res->count = 1;
        set_detail(res, seen.refused ? seen.problem : strerror(seen.err), NULL, NULL);
        log_problem(src, res->detail, NULL, NULL);
        goto done;
    }
    /* 2. Validated where it is: a bad folder changes nothing. */
    if (!check_folder(im, src, src, res))
        goto done;
    step(im, "validated");
    /* 3. Copied into a folder of its own in the data folder. */
    if (!str_format(dest, sizeof dest, "%s/%sXXXXXX", im->data_dir, IMPORT_PREFIX) ||
        !mkdtemp(dest)) {
        int err = errno;
        dest[0] = '\0';
        res->kind = RESULT_COPY_FAILED;
        set_detail(
            res, err == ENOSPC || err == EDQUOT ? "the kiosk's data folder is full" : strerror(err),
            NULL, NULL);
        log_problem(src, res->detail, NULL, NULL);
        log_msg(LOG_WARN, "import: %s: cannot make a folder in %s: %s", src, im->data_dir,
                strerror(err));
        goto done;
    }
    chmod(dest, 0755);
    int dest_fd = open(dest, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    bool copied_ok = dest_fd >= 0 && copy_walk(src_fd, dest_fd, "", 0, &copied);
    if (dest_fd >= 0) {
        fsync(dest_fd);
        close(dest_fd);
    }
    step(im, "copied");
    if (!copied_ok) {
        if (copied.refused) {
            res->kind = RESULT_IMPORT_BAD;
            res->count = 1;
            set_detail(res, copied.problem, NULL, NULL);
        } else {
            int err = dest_fd < 0 ? errno : copied.err;
            res->kind = RESULT_COPY_FAILED;
            set_detail(res,
                       err == ENOSPC || err == EDQUOT ? "the kiosk's data folder is full"
                                                      : strerror(err),
                       NULL, NULL);
        }
        log_problem(src, res->detail, NULL, NULL);
        log_msg(LOG_WARN, "import: copying %s to %s failed: %s", src, dest, res->detail);
        goto failed;
    }
    /* 4. The copy holds exactly what was validated (a folder changed during
     * the import would publish a mix of two versions). */
    const char *differs = file_lists_differ(&seen, &copied);
    if (differs) {
        res->kind = RESULT_IMPORT_BAD;
        res->count = 1;
        char why[400];
        str_format(why, sizeof why,
                   "%s changed on the drive during the import; try again once nothing writes to it",
                   differs);
        set_detail(res, why, NULL, NULL);
        log_problem(src, why, NULL, NULL);
        goto failed;
    }
    /* 5. The copy validated, the way back saved, then the switch. */
    if (!check_folder(im, dest, src, res))
        goto failed;
    history h;
    if (!keep_way_back(im, &h, res))
        goto failed;
    char err[600];
    if (!content_publish(im->link, dest, err, sizeof err)) {
        log_msg(LOG_WARN, "import: could not switch: %s", err);
        log_problem(src, "the content link could not be switched", NULL, NULL);
        res->kind = RESULT_COPY_FAILED;
        set_detail(res, "the content link could not be switched", NULL, NULL);
        goto failed;
    }
    sync_dir(im->data_dir);
    res->kind = RESULT_IMPORTED;
    log_msg(LOG_INFO, "content: version %s imported from %s into %s", res->version, src, dest);
    note_new_live(im, &h);
    goto done;
failed:
    if (dest[0])
        remove_import_folder(im, base_name(dest));
done:
    close(src_fd);
    file_list_free(&seen);
    file_list_free(&copied);
}

static void log_bundle_line(void *ctx, bundle_say_kind kind, const char *line)
{
    if (kind == SAY_INFO)
        log_msg(LOG_INFO, "import: %s", line);
    else
        log_problem(ctx, line, ctx, NULL);
}

/* A bundle file: installed by the same code as lanternctl content install,
 * which needs trusted approvers (a bundle's worth is its signature). */
static void import_bundle(import_ctl *im, const char *src, staff_result *res)
{
    const unsigned char(*keys)[APPROVAL_KEY_BYTES] = NULL;
    int n = approved_keys(&keys);
    if (n == 0) {
        res->kind = RESULT_UNAPPROVED;
        set_detail(res,
                   "no trusted approvers are configured, so a bundle cannot be checked (config "
                   "\"approvers\")",
                   NULL, NULL);
        log_problem(src, res->detail, NULL, NULL);
        return;
    }
    if (!link_is_symlink(im, res))
        return;
    history h;
    if (!keep_way_back(im, &h, res))
        return;
    bundle_report report = {.say = log_bundle_line, .ctx = (void *)src};
    bool ok = bundle_install(src, im->link, keys, n, approved_today(), false, 3, im->checks, NULL,
                             &report);
    str_copy(res->version, sizeof res->version, report.version);
    if (ok) {
        res->kind = RESULT_IMPORTED;
        note_new_live(im, &h);
        return;
    }
    res->kind = RESULT_UNAPPROVED;
    set_detail(res, report.first, src, NULL);
}

static void *worker(void *arg)
{
    import_ctl *im = arg;
    staff_result res = {.kind = RESULT_NONE};
    fit_words(res.folder, sizeof res.folder, base_name(im->job));
    size_t n = strlen(im->job);
    if (n > 7 && strcmp(im->job + n - 7, ".bundle") == 0)
        import_bundle(im, im->job, &res);
    else
        import_folder(im, im->job, &res);
    pthread_mutex_lock(&im->lock);
    im->result = res;
    im->done = true;
    pthread_mutex_unlock(&im->lock);
    /* Wakes the kiosk's loop (SDL_PushEvent is thread-safe): the result is
     * shown at once, even by a loop that sleeps until the next event. */
    if (im->wake_type != 0 && im->wake_type != (Uint32)-1) {
        SDL_Event wake = {.type = im->wake_type};
        SDL_PushEvent(&wake);
    }
    return NULL;
}

/* ---- the kiosk's side ---- */

import_ctl *import_create(const char *data_dir, const char *link, const content_checks *checks)
{
    import_ctl *im = calloc(1, sizeof *im);
    if (!im)
        return NULL;
    str_copy(im->data_dir, sizeof im->data_dir, data_dir);
    str_copy(im->link, sizeof im->link, link);
    im->checks = checks;
    pthread_mutex_init(&im->lock, NULL);
    return im;
}

void import_settle(import_ctl *im)
{
    if (im->busy && !im->joined) {
        pthread_join(im->thread, NULL);
        im->joined = true;
    }
}

void import_destroy(import_ctl *im)
{
    if (!im)
        return;
    import_settle(im);
    pthread_mutex_destroy(&im->lock);
    free(im);
}

bool import_busy(import_ctl *im)
{
    return im->busy;
}

bool import_start(import_ctl *im, const char *path, staff_result *now)
{
    if (im->busy) {
        *now = im->running;
        return false;
    }
    str_copy(im->job, sizeof im->job, path);
    im->running = (staff_result){.kind = RESULT_IMPORTING};
    fit_words(im->running.folder, sizeof im->running.folder, base_name(path));
    im->done = false;
    im->joined = false;
    /* SDL2_image is loaded at run time on first use (image_lib.c, not
     * thread-safe): here, on the loop, before the worker checks images. */
    image_lib_load();
    /* An event type of our own (never another module's) to wake the loop. */
    if (im->wake_type == 0 && SDL_WasInit(SDL_INIT_EVENTS))
        im->wake_type = SDL_RegisterEvents(1);
    /* Likewise the fonts the check opens (FreeType faces are made on the loop). */
    if (im->checks && im->checks->can_draw)
        im->checks->can_draw(im->checks->ctx, 'A');
    /* The worker takes no signals: they stay with the loop. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    int rc = pthread_create(&im->thread, NULL, worker, im);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc != 0) {
        log_msg(LOG_ERROR, "import: cannot start the import thread: %s", strerror(rc));
        *now = (staff_result){.kind = RESULT_COPY_FAILED};
        str_copy(now->folder, sizeof now->folder, base_name(path));
        set_detail(now, "the kiosk could not start the copy", NULL, NULL);
        return false;
    }
    im->busy = true;
    *now = im->running;
    return true;
}

bool import_take_result(import_ctl *im, staff_result *out)
{
    if (!im->busy)
        return false;
    pthread_mutex_lock(&im->lock);
    bool done = im->done;
    if (done)
        *out = im->result;
    pthread_mutex_unlock(&im->lock);
    if (!done)
        return false;
    import_settle(im);
    im->busy = false;
    return true;
}

void import_roll_back(import_ctl *im, staff_result *out)
{
    if (im->busy) {
        *out = im->running;
        return;
    }
    *out = (staff_result){.kind = RESULT_NO_ROLLBACK};
    history h, before;
    history_read(im, &h);
    before = h;
    char live[PATH_MAX];
    live_path(im, live, sizeof live);
    history_trim_for_roll_back(&h, live);
    if (h.n == 0)
        return;
    if (!link_is_symlink(im, out))
        return;
    /* The list first: if it cannot be written nothing is switched, so the
     * way back is never lost to a full disk. */
    int err;
    if (!history_write(im, &h, &err)) {
        *out = (staff_result){.kind = RESULT_ROLLBACK_FULL};
        return;
    }
    char msg[600];
    if (!content_publish(im->link, h.path[h.n - 1], msg, sizeof msg)) {
        log_msg(LOG_ERROR, "content: could not roll back: the content link could not be switched");
        log_msg(LOG_WARN, "content: could not roll back: %s", msg);
        history_write(im, &before, &err);
        *out = (staff_result){.kind = RESULT_COPY_FAILED};
        set_detail(out, "the content link could not be switched", NULL, NULL);
        return;
    }
    sync_dir(im->data_dir);
    *out = (staff_result){.kind = RESULT_ROLLED_BACK};
    log_msg(LOG_INFO, "content: rolled back from %s to %s", live, h.path[h.n - 1]);
    prune(im, &h);
}

bool import_can_roll_back(import_ctl *im)
{
    history h;
    history_read(im, &h);
    char live[PATH_MAX];
    live_path(im, live, sizeof live);
    history_trim_for_roll_back(&h, live);
    return h.n > 0;
}

void import_set_step_hook(import_ctl *im, import_step_fn fn, void *ctx)
{
    im->hook = fn;
    im->hook_ctx = ctx;
}
