#include "reload.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>
#include <dirent.h>

#include "../core/util.h"
#include "approved.h"

enum { MAX_WATCHES = 64, RELOAD_QUIET_MS = 1500 };

struct reloader {
    char path[PATH_MAX];
    char parent[PATH_MAX];
    char base[NAME_MAX + 1];
    int fd;
    int parent_wd;
    int tree_wd[MAX_WATCHES];
    int tree_count;
    content_set *current, *pending;
    const content_checks *checks;
    bool quiet_waiting;  /* edits inside the live folder wait for quiet ... */
    int64_t quiet_until; /* ... until then (the caller's monotonic ms) */
    int loads;           /* folders loaded and checked so far */
    char lang[16]; /* the configured start language ("" the manifest's), kept for every new set */
    char last[512];
    staff_result state;
};

/* Writes, renames, creations and deletions: not IN_ATTRIB, which reading the
 * files would set off again (access times) and loop. */
static const uint32_t TREE_EVENTS =
    IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_DELETE_SELF;

/* Watches the folder the path resolves to now, and its subfolders. The new
 * watches are added before the old ones are removed (adding a watched folder
 * again keeps its watch): an edit made while this runs is never missed. */
static void watch_tree(reloader *r)
{
    int old[MAX_WATCHES], old_count = r->tree_count;
    memcpy(old, r->tree_wd, sizeof old);
    r->tree_count = 0;
    char real[PATH_MAX];
    char stack[8][PATH_MAX];
    int depth = 0;
    if (realpath(r->path, real))
        str_copy(stack[depth++], PATH_MAX, real);
    while (depth > 0 && r->tree_count < MAX_WATCHES) {
        char dir[PATH_MAX];
        str_copy(dir, sizeof dir, stack[--depth]);
        int wd = inotify_add_watch(r->fd, dir, TREE_EVENTS);
        if (wd >= 0)
            r->tree_wd[r->tree_count++] = wd;
        DIR *d = opendir(dir);
        struct dirent *e;
        while (d && (e = readdir(d))) {
            char sub[PATH_MAX];
            struct stat st;
            if (e->d_name[0] == '.' || !str_format(sub, sizeof sub, "%s/%s", dir, e->d_name))
                continue;
            if (stat(sub, &st) == 0 && S_ISDIR(st.st_mode)) {
                if (depth < 8)
                    str_copy(stack[depth++], PATH_MAX, sub);
                else
                    log_msg(LOG_WARN,
                            "content: %s: too many folders to watch at once; an edit in it is "
                            "noticed only at the next publish",
                            sub);
            }
        }
        if (d)
            closedir(d);
    }
    if (depth > 0)
        log_msg(LOG_WARN,
                "content: %s has more than %d folders; edits in the rest are noticed only at the "
                "next publish",
                real, MAX_WATCHES);
    for (int i = 0; i < old_count; i++) {
        bool kept = false;
        for (int k = 0; k < r->tree_count && !kept; k++)
            kept = r->tree_wd[k] == old[i];
        if (!kept)
            inotify_rm_watch(r->fd, old[i]);
    }
}

void reloader_set_language(reloader *r, const char *code)
{
    str_copy(r->lang, sizeof r->lang, code ? code : "");
}

reloader *reloader_create(const char *path, content_set *initial, const content_checks *checks)
{
    reloader *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->current = initial;
    r->checks = checks;
    r->fd = -1;
    r->parent_wd = -1;
    str_copy(r->path, sizeof r->path, path);
    /* Split into parent and name; a trailing slash would hide the symlink. */
    size_t n = strlen(r->path);
    while (n > 1 && r->path[n - 1] == '/')
        r->path[--n] = '\0';
    const char *slash = strrchr(r->path, '/');
    if (slash) {
        str_format(r->parent, sizeof r->parent, "%.*s",
                   (int)(slash == r->path ? 1 : slash - r->path), r->path);
        str_copy(r->base, sizeof r->base, slash + 1);
    } else {
        str_copy(r->parent, sizeof r->parent, ".");
        str_copy(r->base, sizeof r->base, r->path);
    }
    r->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (r->fd < 0) {
        log_msg(LOG_WARN, "%s: cannot watch for content updates: %s", r->path, strerror(errno));
        return r;
    }
    r->parent_wd = inotify_add_watch(r->fd, r->parent, IN_CREATE | IN_MOVED_TO | IN_DELETE);
    if (r->parent_wd < 0)
        log_msg(LOG_WARN, "%s: cannot watch for content updates: %s", r->parent, strerror(errno));
    watch_tree(r);
    return r;
}

void reloader_destroy(reloader *r)
{
    if (!r)
        return;
    if (r->fd >= 0)
        close(r->fd);
    if (r->pending != r->current)
        content_destroy(r->pending);
    content_destroy(r->current);
    free(r);
}

const content_set *reloader_current(const reloader *r)
{
    return r->current;
}

const char *reloader_last_result(const reloader *r)
{
    return r->last;
}

void reloader_last(const reloader *r, staff_result *out)
{
    *out = r->state;
}

/* Drains the inotify queue; true when something in the content changed. */
/* Reads the watcher's news: true for a publish (the symlink swapped: a whole
 * new folder, loaded at once); *edited for changes inside the live folder
 * (a copy in progress: loaded once it has been quiet for a moment). */
static bool drain(reloader *r, bool *edited)
{
    bool changed = false;
    *edited = false;
    char buf[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
    for (;;) {
        ssize_t n = read(r->fd, buf, sizeof buf);
        if (n <= 0)
            break;
        for (char *p = buf; p < buf + n;) {
            const struct inotify_event *e = (const struct inotify_event *)p;
            /* IN_IGNORED follows our own removal of a watch (re-watching the
             * tree after a switch): not a change, or it would loop. */
            if (e->mask & IN_IGNORED)
                ;
            else if (e->wd == r->parent_wd)
                changed = changed || (e->len && strcmp(e->name, r->base) == 0);
            else
                *edited = true;
            p += sizeof *e + e->len;
        }
    }
    return changed;
}

static void load_new(reloader *r)
{
    diag_list diags = {0};
    r->loads++;
    content_set *set = content_load(r->path, r->checks, &diags);
    char why[sizeof r->state.detail];
    bool refused = !set || !approved_gate(set, r->path, "reload", why, sizeof why);
    if (refused) {
        /* The folder as it is now is refused: a set checked earlier from it
         * (or from where the link pointed before) is stale and never goes live. */
        content_destroy(r->pending);
        r->pending = NULL;
    }
    if (set && refused) {
        content_destroy(set);
        str_format(r->last, sizeof r->last,
                   "update refused: not approved by a trusted clinician; still showing "
                   "version %s",
                   r->current->version);
        r->state = (staff_result){.kind = RESULT_UNAPPROVED};
        str_copy(r->state.version, sizeof r->state.version, r->current->version);
        str_copy(r->state.folder, sizeof r->state.folder, r->base);
        str_copy(r->state.detail, sizeof r->state.detail, why);
        log_msg(LOG_ERROR, "content: %s", r->last);
    } else if (!set) {
        for (int i = 0; i < diags.count; i++)
            log_msg(LOG_ERROR, "%s", diags.lines[i]);
        str_format(r->last, sizeof r->last,
                   "update rejected (%d problem%s); still showing version %s", diags.errors,
                   diags.errors == 1 ? "" : "s", r->current->version);
        r->state = (staff_result){.kind = RESULT_REJECTED, .count = diags.errors};
        str_copy(r->state.version, sizeof r->state.version, r->current->version);
        str_copy(r->state.detail, sizeof r->state.detail, diags.count ? diags.lines[0] : "");
        log_msg(LOG_ERROR, "content: %s", r->last);
    } else {
        int l = r->lang[0] ? content_lang_index(set, r->lang) : -1;
        if (l >= 0)
            set->default_lang = l;
        else if (r->lang[0])
            log_msg(LOG_WARN,
                    "content: version %s has no language \"%s\"; it starts in its default",
                    set->version, r->lang);
        if (r->pending)
            content_destroy(r->pending);
        r->pending = set;
        str_format(r->last, sizeof r->last,
                   "version %s checked; it goes live at the next welcome screen", set->version);
        r->state = (staff_result){.kind = RESULT_CHECKED};
        str_copy(r->state.version, sizeof r->state.version, set->version);
        log_msg(LOG_INFO, "content: %s", r->last);
    }
    diag_list_free(&diags);
}

void reloader_reload_now(reloader *r)
{
    watch_tree(r);
    load_new(r);
}

/* Edits inside the live folder (files copied in one by one) are loaded once
 * the folder has been quiet for RELOAD_QUIET_MS, so a half-copied mix is
 * never checked (or, if it happened to pass, published): each edit moves the
 * deadline on. */
static void edited_at(reloader *r, int64_t now_ms)
{
    r->quiet_waiting = true;
    r->quiet_until = now_ms + RELOAD_QUIET_MS;
}

/* Loads the folder as it is now. An edit or a publish that arrives while it
 * is read is not lost: it starts a new quiet period (the set just read may
 * hold half of it), and the set waits for that. */
static void load_and_watch(reloader *r, int64_t now_ms)
{
    r->quiet_waiting = false;
    watch_tree(r); /* the symlink may point elsewhere now; new subfolders too */
    load_new(r);
    bool edited = false;
    if (r->fd >= 0 && (drain(r, &edited) || edited))
        edited_at(r, now_ms);
}

int64_t reloader_wait_ms(const reloader *r, int64_t now_ms)
{
    if (!r || !r->quiet_waiting)
        return -1;
    int64_t left = r->quiet_until - now_ms;
    return left > 0 ? left : 0;
}

int reloader_loads(const reloader *r)
{
    return r->loads;
}

bool reloader_poll(reloader *r, app *a, int64_t now_ms)
{
    bool edited = false;
    if (r->fd >= 0 && drain(r, &edited))
        load_and_watch(r, now_ms); /* a publish: a whole new folder, loaded at once */
    else if (edited)
        edited_at(r, now_ms);
    if (r->quiet_waiting && now_ms >= r->quiet_until)
        load_and_watch(r, now_ms);
    /* A checked set never goes live while edits are still settling. */
    if (r->pending && !r->quiet_waiting && app_set_content(a, r->pending)) {
        content_destroy(r->current);
        r->current = r->pending;
        r->pending = NULL;
        str_format(r->last, sizeof r->last, "version %s is live", r->current->version);
        r->state = (staff_result){.kind = RESULT_LIVE};
        str_copy(r->state.version, sizeof r->state.version, r->current->version);
        log_msg(LOG_INFO, "content: %s", r->last);
        return true;
    }
    return false;
}

bool content_publish(const char *path, const char *target, char *err, size_t err_size)
{
    char tmp[PATH_MAX];
    if (!str_format(tmp, sizeof tmp, "%s.publish-%ld", path, (long)getpid())) {
        str_copy(err, err_size, "path too long");
        return false;
    }
    unlink(tmp);
    if (symlink(target, tmp) != 0 || rename(tmp, path) != 0) {
        str_format(err, err_size, "%s -> %s: %s", path, target, strerror(errno));
        unlink(tmp);
        return false;
    }
    return true;
}

int reloader_fd(const reloader *r)
{
    return r ? r->fd : -1;
}

bool reloader_has_pending(const reloader *r)
{
    return r && r->pending;
}
