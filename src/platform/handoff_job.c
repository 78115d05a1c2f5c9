/* handoff_job: "Copy requests to USB" on a worker thread (handoff_job.h). */
#include "handoff_job.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include <SDL2/SDL.h>

#include "../core/util.h"
#include "../store/store.h"
#include "delivery.h"

struct handoff_job {
    char db_path[PATH_MAX];
    char media_dir[PATH_MAX];
    char kiosk_id[48];
    int64_t now_unix; /* the copy's time stamp (the file's name, the marks) */
    pthread_mutex_t lock;
    pthread_t thread;
    bool busy;   /* a worker was started and its result not yet taken */
    bool joined; /* ... and it has been joined (handoff_job_settle) */
    bool done;   /* the worker filled result */
    staff_result running, result;
    Uint32 wake_type; /* an SDL event type of its own; 0: none yet */
};

/* A drive by its label (the mount point's last part), never the kiosk's paths. */
static void set_folder(staff_result *r, const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *label = slash && slash[1] ? slash + 1 : path;
    if (!str_copy(r->folder, sizeof r->folder, label))
        str_format(r->folder, sizeof r->folder, "%.*s...", (int)utf8_floor(label, 120), label);
}

static void set_detail(staff_result *r, const char *text)
{
    if (!str_copy(r->detail, sizeof r->detail, text))
        str_format(r->detail, sizeof r->detail, "%.*s...",
                   (int)utf8_floor(text, sizeof r->detail - 4), text);
}

static void copy(handoff_job *j, staff_result *res)
{
    char targets[DELIVERY_TARGETS_MAX][DELIVERY_PATH_MAX];
    int n = delivery_usb_targets(j->media_dir, targets, DELIVERY_TARGETS_MAX);
    if (n == 0) {
        res->kind = RESULT_HANDOFF_NO_DRIVE;
        log_msg(LOG_WARN, "copying requests to USB: no writable drive is mounted under %s",
                j->media_dir);
        return;
    }
    if (n > 1)
        log_msg(LOG_INFO, "copying requests to USB: %d drives mounted, using %s", n, targets[0]);
    set_folder(res, targets[0]);
    store_status st;
    char err[1400], msg[1600];
    store *s = store_open_staff(j->db_path, true, &st, err, sizeof err);
    if (!s) {
        res->kind = RESULT_HANDOFF_FAILED;
        log_msg(LOG_ERROR, "copying requests to USB: the request database cannot be opened: %s",
                store_status_text(st));
        log_msg(LOG_WARN, "delivery: %s", err);
        str_format(msg, sizeof msg, "the kiosk's request database cannot be opened: %s",
                   store_status_text(st));
        set_detail(res, msg);
        return;
    }
    int count = 0;
    bool ok =
        delivery_copy_to_usb(s, j->kiosk_id, targets[0], j->now_unix, &count, msg, sizeof msg);
    store_close(s);
    if (!ok) {
        static const char prefix[] = "Nothing was copied: ";
        size_t p = sizeof prefix - 1;
        /* A full drive, the usual failure, is said in the screen's own
         * language; other reasons (a faulty drive) keep the system's words. */
        bool full = strstr(msg, strerror(ENOSPC)) || strstr(msg, strerror(EDQUOT));
        res->kind = full ? RESULT_HANDOFF_FULL : RESULT_HANDOFF_FAILED;
        set_detail(res, strncmp(msg, prefix, p) == 0 ? msg + p : msg);
        return;
    }
    res->kind = count ? RESULT_HANDOFF_DONE : RESULT_HANDOFF_NONE;
    res->count = count;
}

static void *worker(void *arg)
{
    handoff_job *j = arg;
    staff_result res = {.kind = RESULT_NONE};
    copy(j, &res);
    pthread_mutex_lock(&j->lock);
    j->result = res;
    j->done = true;
    pthread_mutex_unlock(&j->lock);
    /* Wakes the kiosk's loop (SDL_PushEvent is thread-safe). */
    if (j->wake_type != 0 && j->wake_type != (Uint32)-1) {
        SDL_Event wake = {.type = j->wake_type};
        SDL_PushEvent(&wake);
    }
    return NULL;
}

handoff_job *handoff_job_create(const char *db_path, const char *media_dir, const char *kiosk_id)
{
    handoff_job *j = calloc(1, sizeof *j);
    if (!j)
        return NULL;
    if (!str_copy(j->db_path, sizeof j->db_path, db_path) ||
        !str_copy(j->media_dir, sizeof j->media_dir, media_dir) ||
        !str_copy(j->kiosk_id, sizeof j->kiosk_id, kiosk_id)) {
        free(j);
        return NULL;
    }
    pthread_mutex_init(&j->lock, NULL);
    return j;
}

void handoff_job_settle(handoff_job *j)
{
    if (j->busy && !j->joined) {
        pthread_join(j->thread, NULL);
        j->joined = true;
    }
}

void handoff_job_destroy(handoff_job *j)
{
    if (!j)
        return;
    handoff_job_settle(j);
    pthread_mutex_destroy(&j->lock);
    free(j);
}

bool handoff_job_busy(const handoff_job *j)
{
    return j->busy;
}

bool handoff_job_start(handoff_job *j, int64_t now_unix, staff_result *now)
{
    if (j->busy) {
        *now = j->running;
        return false;
    }
    j->now_unix = now_unix;
    j->running = (staff_result){.kind = RESULT_HANDOFF_COPYING};
    str_copy(j->running.folder, sizeof j->running.folder, "USB");
    j->done = false;
    j->joined = false;
    if (j->wake_type == 0 && SDL_WasInit(SDL_INIT_EVENTS))
        j->wake_type = SDL_RegisterEvents(1);
    /* The worker takes no signals: they stay with the loop. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    int rc = pthread_create(&j->thread, NULL, worker, j);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc != 0) {
        log_msg(LOG_ERROR, "copying requests to USB: cannot start the copy thread: %s",
                strerror(rc));
        *now = (staff_result){.kind = RESULT_HANDOFF_FAILED};
        str_copy(now->folder, sizeof now->folder, "USB");
        set_detail(now, "the kiosk could not start the copy");
        return false;
    }
    j->busy = true;
    *now = j->running;
    return true;
}

bool handoff_job_take_result(handoff_job *j, staff_result *out)
{
    if (!j->busy)
        return false;
    pthread_mutex_lock(&j->lock);
    bool done = j->done;
    if (done)
        *out = j->result;
    pthread_mutex_unlock(&j->lock);
    if (!done)
        return false;
    handoff_job_settle(j);
    j->busy = false;
    return true;
}
