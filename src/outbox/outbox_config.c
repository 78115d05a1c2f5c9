/* lantern-outbox's config file: key = value lines, owner-only. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "central/central.h"
#include "core/util.h"
#include "outbox/outbox.h"

enum { CONFIG_MAX = 16384 };

static bool int_value(const char *v, int lo, int hi, int *out)
{
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (errno || end == v || *end || n < lo || n > hi)
        return false;
    *out = (int)n;
    return true;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

bool outbox_config_load(const char *path, outbox_config *cfg, char *err, size_t err_size)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->batch = 100;
    cfg->poll_seconds = 5;
    cfg->retention_days = 7;
    cfg->backoff_max_seconds = 300;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        str_format(err, err_size, "%s: cannot open: %s", path, strerror(errno));
        return false;
    }
    struct stat sb;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        str_format(err, err_size, "%s: not a file", path);
        close(fd);
        return false;
    }
    if (sb.st_mode & 077) {
        str_format(err, err_size,
                   "%s: other users can read it (mode %04o) and it holds the connection settings: "
                   "chmod 600 it "
                   "(owner: the outbox's user)",
                   path, (unsigned)(sb.st_mode & 07777));
        close(fd);
        return false;
    }
    char *buf = malloc(CONFIG_MAX + 1);
    size_t used = 0;
    ssize_t got = 0;
    while (buf && used < CONFIG_MAX && (got = read(fd, buf + used, CONFIG_MAX - used)) > 0)
        used += (size_t)got;
    close(fd);
    if (!buf || got < 0) {
        str_format(err, err_size, "%s: cannot read: %s", path,
                   buf ? strerror(errno) : "out of memory");
        free(buf);
        return false;
    }
    if (used == CONFIG_MAX) {
        str_format(err, err_size, "%s: too big for a config file (at most %d bytes)", path,
                   CONFIG_MAX - 1);
        free(buf);
        return false;
    }
    buf[used] = '\0';
    bool ok = true;
    int line = 0;
    char *save = NULL;
    bool seen[8] = {false};
    for (char *l = buf; ok && l; l = save) {
        line++;
        char *nl = strchr(l, '\n');
        save = nl ? nl + 1 : NULL;
        if (nl)
            *nl = '\0';
        char *t = trim(l);
        if (!*t || *t == '#')
            continue;
        char *eq = strchr(t, '=');
        if (!eq) {
            str_format(err, err_size, "%s:%d: expected key = value", path, line);
            ok = false;
            break;
        }
        *eq = '\0';
        char *key = trim(t), *value = trim(eq + 1);
        static const char *const keys[] = {"db",
                                           "kiosk_id",
                                           "pg",
                                           "ca",
                                           "batch",
                                           "poll_seconds",
                                           "retention_days",
                                           "backoff_max_seconds"};
        int k = -1;
        for (int i = 0; i < 8; i++)
            if (strcmp(key, keys[i]) == 0)
                k = i;
        if (k < 0) {
            str_format(err, err_size,
                       "%s:%d: unknown key \"%.40s\" (db, kiosk_id, pg, ca, batch, poll_seconds, "
                       "retention_days, backoff_max_seconds)",
                       path, line, key);
            ok = false;
        } else if (seen[k]) {
            str_format(err, err_size, "%s:%d: %s is given twice", path, line, key);
            ok = false;
        } else {
            seen[k] = true;
            switch (k) {
            case 0:
                ok = str_copy(cfg->db, sizeof cfg->db, value);
                break;
            case 1:
                ok = central_kiosk_id_ok(value) &&
                     str_copy(cfg->kiosk_id, sizeof cfg->kiosk_id, value);
                if (!ok)
                    str_format(err, err_size, "%s:%d: kiosk_id is 1 to %d of a-z, 0-9 and \"-\"",
                               path, line, CENTRAL_KIOSK_ID_MAX);
                break;
            case 2:
                ok = str_copy(cfg->pg, sizeof cfg->pg, value);
                break;
            case 3:
                ok = str_copy(cfg->ca, sizeof cfg->ca, value);
                break;
            case 4:
                ok = int_value(value, 1, CENTRAL_BATCH_MAX, &cfg->batch);
                break;
            case 5:
                ok = int_value(value, 1, 3600, &cfg->poll_seconds);
                break;
            case 6:
                ok = int_value(value, 1, 3650, &cfg->retention_days);
                break;
            case 7:
                ok = int_value(value, 1, 86400, &cfg->backoff_max_seconds);
                break;
            }
            if (!ok && k != 1)
                str_format(err, err_size, "%s:%d: %s: the value is out of range or too long", path,
                           line, key);
        }
    }
    /* The buffer held the connection settings (maybe a password). */
    explicit_bzero(buf, CONFIG_MAX + 1);
    free(buf);
    if (!ok)
        return false;
    const char *missing = !cfg->db[0]         ? "db"
                          : !cfg->kiosk_id[0] ? "kiosk_id"
                          : !cfg->pg[0]       ? "pg"
                                              : NULL;
    if (missing) {
        str_format(err, err_size, "%s: %s is missing", path, missing);
        return false;
    }
    if (cfg->ca[0] && access(cfg->ca, R_OK) != 0) {
        str_format(err, err_size, "%s: ca: %s: cannot read: %s", path, cfg->ca, strerror(errno));
        return false;
    }
    return true;
}
