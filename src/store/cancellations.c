/* cancellations: the staff's meeting cancellations, one text line each. */
#include "cancellations.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../core/util.h"

static bool word_ok(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n == 0 || n > max)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
            return false;
    return true;
}

static bool date_ok(const char *s)
{
    int y, m, d;
    char extra;
    return strlen(s) == 10 && sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &extra) == 3 && y >= 2000 &&
           y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

int store_cancellations_load(const char *data_dir, const char *today, schedule_cancel *out, int max)
{
    char path[PATH_MAX];
    str_format(path, sizeof path, "%s/%s", data_dir, STORE_CANCELLATIONS_NAME);
    FILE *f = fopen(path, "r");
    if (!f) {
        if (errno != ENOENT)
            log_msg(LOG_ERROR, "%s: cannot read: %s", path, strerror(errno));
        return 0;
    }
    char line[256];
    int n = 0, line_no = 0;
    while (fgets(line, sizeof line, f) && n < max) {
        line_no++;
        line[strcspn(line, "\n")] = '\0';
        schedule_cancel c = {0};
        char date[16], group[64], reason[64], extra[2];
        int got = sscanf(line, "%15s %63s %63s %1s", date, group, reason, extra);
        if (got != 3 || !date_ok(date) || !word_ok(group, 40) || !word_ok(reason, 23)) {
            log_msg(LOG_WARN, "%s:%d: not \"YYYY-MM-DD GROUP REASON\"; skipped", path, line_no);
            continue;
        }
        if (strcmp(date, today) < 0)
            continue; /* that meeting is over: the cancellation has expired */
        str_copy(c.date, sizeof c.date, date);
        str_copy(c.group_id, sizeof c.group_id, group);
        str_copy(c.reason, sizeof c.reason, reason);
        out[n++] = c;
    }
    fclose(f);
    return n;
}

bool store_cancellations_save(const char *data_dir, const schedule_cancel *list, int count,
                              char *err, size_t err_size)
{
    char path[PATH_MAX], tmp[PATH_MAX];
    str_format(path, sizeof path, "%s/%s", data_dir, STORE_CANCELLATIONS_NAME);
    str_format(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
    bool ok = fd >= 0;
    for (int i = 0; ok && i < count; i++) {
        char line[128];
        str_format(line, sizeof line, "%s %s %s\n", list[i].date, list[i].group_id, list[i].reason);
        size_t len = strlen(line);
        ok = write(fd, line, len) == (ssize_t)len;
    }
    ok = ok && fsync(fd) == 0;
    int e = errno;
    if (fd >= 0 && close(fd) != 0 && ok) {
        ok = false;
        e = errno;
    }
    if (ok && rename(tmp, path) != 0) {
        ok = false;
        e = errno;
    }
    if (!ok) {
        str_format(err, err_size, "%s: cannot write: %s", path, strerror(e));
        unlink(tmp);
        return false;
    }
    int dfd = open(data_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    return true;
}
