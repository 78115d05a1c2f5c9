#include "core/kvconf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util.h"

enum { KVCONF_MAX = 16384, KVCONF_KEYS_MAX = 32 };

bool kvconf_int(const char *v, int lo, int hi, int *out)
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

static bool parse(char *buf, const char *path, const char *const *keys, kvconf_pair_fn on_pair,
                  void *ctx, char *err, size_t err_size)
{
    bool seen[KVCONF_KEYS_MAX] = {false};
    int line = 0;
    char *next = NULL;
    for (char *l = buf; l; l = next) {
        line++;
        char *nl = strchr(l, '\n');
        next = nl ? nl + 1 : NULL;
        if (nl)
            *nl = '\0';
        char *t = trim(l);
        if (!*t || *t == '#')
            continue;
        char *eq = strchr(t, '=');
        if (!eq) {
            str_format(err, err_size, "%s:%d: expected key = value", path, line);
            return false;
        }
        *eq = '\0';
        char *key = trim(t), *value = trim(eq + 1);
        int k = -1;
        for (int i = 0; keys[i] && i < KVCONF_KEYS_MAX; i++)
            if (strcmp(key, keys[i]) == 0)
                k = i;
        if (k < 0) {
            char list[600] = "";
            for (int i = 0; keys[i] && i < KVCONF_KEYS_MAX; i++) {
                str_append(list, sizeof list, i ? ", " : "");
                str_append(list, sizeof list, keys[i]);
            }
            str_format(err, err_size, "%s:%d: unknown key \"%.40s\" (known: %s)", path, line, key,
                       list);
            return false;
        }
        if (seen[k]) {
            str_format(err, err_size, "%s:%d: %s is given twice", path, line, key);
            return false;
        }
        seen[k] = true;
        const char *why = on_pair(ctx, key, value);
        if (why) {
            str_format(err, err_size, "%s:%d: %s: %s", path, line, key, why);
            return false;
        }
    }
    return true;
}

bool kvconf_read(const char *path, const char *const *keys, kvconf_pair_fn on_pair, void *ctx,
                 char *err, size_t err_size)
{
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
                   "%s: other users can read it (mode %04o) and it holds connection settings: "
                   "chmod 600 it "
                   "(owner: the service's user)",
                   path, (unsigned)(sb.st_mode & 07777));
        close(fd);
        return false;
    }
    char *buf = malloc(KVCONF_MAX + 1);
    size_t used = 0;
    ssize_t got = 0;
    while (buf && used < KVCONF_MAX && (got = read(fd, buf + used, KVCONF_MAX - used)) > 0)
        used += (size_t)got;
    int e = errno;
    close(fd);
    if (!buf || got < 0) {
        str_format(err, err_size, "%s: cannot read: %s", path, buf ? strerror(e) : "out of memory");
        free(buf);
        return false;
    }
    bool ok = used < KVCONF_MAX;
    if (!ok)
        str_format(err, err_size, "%s: too big for a config file (at most %d bytes)", path,
                   KVCONF_MAX - 1);
    buf[used] = '\0';
    if (ok && strlen(buf) != used) {
        str_format(err, err_size, "%s: a config file is text (it holds a NUL byte)", path);
        ok = false;
    }
    if (ok)
        ok = parse(buf, path, keys, on_pair, ctx, err, err_size);
    explicit_bzero(buf, KVCONF_MAX + 1);
    free(buf);
    return ok;
}
