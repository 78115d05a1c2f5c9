#include "platform/delivery.h"

#include <dirent.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util.h"
#include "store/store_handoff.h"

/* A mount point: its device differs from its parent's. */
static bool mount_point(const char *path, const struct stat *sb)
{
    char parent[DELIVERY_PATH_MAX + 4];
    struct stat pb;
    return str_format(parent, sizeof parent, "%s/..", path) && stat(parent, &pb) == 0 &&
           pb.st_dev != sb->st_dev;
}

static void scan(const char *dir, int depth, char out[][DELIVERY_PATH_MAX], int max, int *n)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && *n < max && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char sub[DELIVERY_PATH_MAX];
        struct stat sb;
        if (!str_format(sub, sizeof sub, "%s/%s", dir, e->d_name) || lstat(sub, &sb) != 0 ||
            !S_ISDIR(sb.st_mode))
            continue;
        if (mount_point(sub, &sb)) {
            if (access(sub, W_OK) == 0)
                str_copy(out[(*n)++], DELIVERY_PATH_MAX, sub);
        } else if (depth < 1) {
            scan(sub, depth + 1, out, max, n);
        }
    }
    if (d)
        closedir(d);
}

int delivery_usb_targets(const char *media_dir, char out[][DELIVERY_PATH_MAX], int max)
{
    int n = 0;
    if (media_dir && max > 0)
        scan(media_dir, 0, out, max, &n);
    return n;
}

/* The reason as staff read it: the drive's own path left out (the file's
 * name kept), and the "nothing was marked" tail that the screen says in its
 * own words. */
static void staff_reason(const char *err, const char *target, char *out, size_t size)
{
    size_t n = strlen(target);
    if (n && strncmp(err, target, n) == 0 && (err[n] == '/' || err[n] == ':')) {
        err += n + 1;
        while (*err == ' ')
            err++;
    }
    str_copy(out, size, err);
    static const char tail[] = "; nothing was marked handed off";
    size_t len = strlen(out), t = sizeof tail - 1;
    if (len > t && strcmp(out + len - t, tail) == 0)
        out[len - t] = '\0';
}

bool delivery_copy_to_usb(store *s, const char *kiosk_id, const char *target, int64_t now_unix,
                          int *count, char *msg, size_t msg_size)
{
    char path[1200], err[1400], reason[1400];
    *count = 0;
    if (!store_handoff_write(s, kiosk_id, target, now_unix, path, sizeof path, count, err,
                             sizeof err)) {
        staff_reason(err, target, reason, sizeof reason);
        /* The list of recent problems on the staff screen shows errors: no
         * internal paths there; the whole line goes to the journal. */
        const char *label = strrchr(target, '/');
        log_msg(LOG_ERROR, "copying requests to USB (%s): %s", label ? label + 1 : target, reason);
        log_msg(LOG_WARN, "delivery: copying requests to USB: %s", err);
        str_format(msg, msg_size, "Nothing was copied: %s", reason);
        return false;
    }
    log_msg(LOG_INFO, "delivery: %d sealed request%s copied to %s", *count, *count == 1 ? "" : "s",
            *count ? path : target);
    if (*count)
        str_format(msg, msg_size, "%d request%s copied (sealed) to %s", *count,
                   *count == 1 ? "" : "s", path);
    else
        str_format(msg, msg_size, "No requests are waiting: nothing to copy");
    return true;
}

bool delivery_health(store *s, store_outbox_health *out)
{
    return store_outbox_status(s, out) == STORE_OK;
}
