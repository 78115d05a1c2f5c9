/* bundle: pack an approved folder into one file; install one safely (format
 * and guarantees in bundle.h). */
#define _XOPEN_SOURCE 700
#include "bundle.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../content/approval_load.h"
#include "../content/load.h"
#include "../core/config.h"
#include "../core/util.h"
#include "approved.h"
#include "platform.h"
#include "reload.h"

static const char MAGIC[8] = {'L', 'N', 'T', 'N', 'B', 'D', 'L', '1'};
static const uint64_t MAX_BUNDLE_BYTES = 512ull * 1024 * 1024;
enum { COPY_BUFFER = 256 * 1024 };

/* ---- small file helpers ---- */

static bool write_all(int fd, const void *p, size_t n)
{
    const unsigned char *b = p;
    while (n > 0) {
        ssize_t w = write(fd, b, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        b += w;
        n -= (size_t)w;
    }
    return true;
}

/* 1 all read, 0 the file ended first, -1 an error. */
static int read_all(int fd, void *p, size_t n)
{
    unsigned char *b = p;
    while (n > 0) {
        ssize_t r = read(fd, b, n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (r == 0)
            return 0;
        b += r;
        n -= (size_t)r;
    }
    return 1;
}

static void put_le(unsigned char *p, uint64_t v, int bytes)
{
    for (int i = 0; i < bytes; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t get_le(const unsigned char *p, int bytes)
{
    uint64_t v = 0;
    for (int i = bytes - 1; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

static void sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    if (flag == FTW_DP)
        rmdir(path);
    else
        unlink(path);
    return 0;
}

static void remove_tree(const char *dir)
{
    nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Removes a set so that no half-deleted folder ever keeps a set's name:
 * first renamed to a hidden name, then deleted. */
static void discard_set(const char *parent, const char *name)
{
    char from[PATH_MAX], to[PATH_MAX];
    str_format(from, sizeof from, "%s/%s", parent, name);
    str_format(to, sizeof to, "%s/.content-delete-%s", parent, name);
    if (rename(from, to) == 0) {
        sync_dir(parent);
        remove_tree(to);
    }
}

static void split_link(const char *link, char *parent, size_t psize, char *base, size_t bsize)
{
    char copy[PATH_MAX];
    str_copy(copy, sizeof copy, link);
    size_t n = strlen(copy);
    while (n > 1 && copy[n - 1] == '/')
        copy[--n] = '\0';
    const char *slash = strrchr(copy, '/');
    if (!slash) {
        str_copy(parent, psize, ".");
        str_copy(base, bsize, copy);
    } else {
        str_format(parent, psize, "%.*s", (int)(slash == copy ? 1 : slash - copy), copy);
        str_copy(base, bsize, slash + 1);
    }
}

/* ---- pack ---- */

static void say(bundle_report *r, bundle_say_kind kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void say(bundle_report *r, bundle_say_kind kind, const char *fmt, ...)
{
    char line[1600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (kind != SAY_INFO && !r->first[0])
        str_copy(r->first, sizeof r->first, line);
    if (r->say)
        r->say(r->ctx, kind, line);
}

typedef struct {
    const char *strip; /* prefix to drop from messages */
    const char *label; /* what to print instead */
    bundle_report *r;
} print_ctx;

static void print_problem(void *ctx, const char *message)
{
    const print_ctx *p = ctx;
    bundle_report *r = p->r;
    size_t n = p && p->strip ? strlen(p->strip) : 0;
    if (n && strncmp(message, p->strip, n) == 0 && message[n] == '/')
        say(r, SAY_PROBLEM, "%s: %s", p->label, message + n + 1);
    else
        say(r, SAY_PROBLEM, "%s", message);
}

static bool add_entry(bundle_report *r, int out, const char *dir, const char *rel,
                      unsigned char *buf)
{
    char path[PATH_MAX];
    str_format(path, sizeof path, "%s/%s", dir, rel);
    int in = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    struct stat st;
    if (in < 0 || fstat(in, &st) != 0 || !S_ISREG(st.st_mode)) {
        say(r, SAY_ERROR, "%s: cannot read: %s", path, strerror(errno));
        if (in >= 0)
            close(in);
        return false;
    }
    unsigned char head[2 + APPROVAL_PATH_MAX + 8];
    size_t len = strlen(rel);
    put_le(head, len, 2);
    memcpy(head + 2, rel, len);
    put_le(head + 2 + len, (uint64_t)st.st_size, 8);
    bool ok = write_all(out, head, 2 + len + 8);
    uint64_t left = (uint64_t)st.st_size;
    while (ok && left > 0) {
        size_t chunk = left < COPY_BUFFER ? (size_t)left : COPY_BUFFER;
        ok = read_all(in, buf, chunk) == 1 && write_all(out, buf, chunk);
        left -= chunk;
    }
    close(in);
    if (!ok)
        say(r, SAY_ERROR, "%s: changed while it was packed, or a write failed", path);
    return ok;
}

bool bundle_pack(const char *dir, const char *out, long today, bundle_report *r)
{
    /* Only a folder whose approval holds: its own key, every file, the date. */
    char path[PATH_MAX];
    str_format(path, sizeof path, "%s/%s", dir, APPROVAL_FILE_NAME);
    approval ap;
    diag_list diags = {0};
    if (!approval_load(path, &ap, &diags)) {
        for (int i = 0; i < diags.count; i++)
            say(r, SAY_PROBLEM, "%s", diags.lines[i]);
        if (diags.count == 0)
            say(r, SAY_PROBLEM,
                "%s: missing: approve the folder first (lanternctl content approve)", path);
        diag_list_free(&diags);
        say(r, SAY_ERROR, "%s is not approved; nothing was packed", dir);
        return false;
    }
    diag_list_free(&diags);
    print_ctx pc = {.r = r};
    unsigned char own[1][APPROVAL_KEY_BYTES];
    memcpy(own[0], ap.key, APPROVAL_KEY_BYTES);
    approval_clear(&ap);
    approved_status s = approved_check(dir, (const unsigned char(*)[APPROVAL_KEY_BYTES])own, 1,
                                       today, &ap, print_problem, &pc);
    if (s.problems) {
        say(r, SAY_ERROR, "%s does not match its approval (above); nothing was packed", dir);
        approval_clear(&ap);
        return false;
    }
    char tmp[PATH_MAX];
    str_format(tmp, sizeof tmp, "%s.tmp-%ld", out, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
    unsigned char *buf = malloc(COPY_BUFFER);
    bool ok = fd >= 0 && buf && write_all(fd, MAGIC, sizeof MAGIC) &&
              add_entry(r, fd, dir, APPROVAL_FILE_NAME, buf);
    for (int i = 0; ok && i < ap.file_count; i++)
        ok = add_entry(r, fd, dir, ap.files[i].path, buf);
    unsigned char end[2] = {0, 0};
    ok = ok && write_all(fd, end, 2) && fsync(fd) == 0;
    if (fd >= 0 && close(fd) != 0)
        ok = false;
    free(buf);
    if (ok && rename(tmp, out) != 0)
        ok = false;
    if (!ok) {
        say(r, SAY_ERROR, "%s: cannot write the bundle: %s", out, strerror(errno));
        unlink(tmp);
    } else {
        say(r, SAY_INFO, "%s: version %s approved by %s (%s) at %s: %d files", out,
            ap.content_version, ap.name, ap.role, ap.approved_at, ap.file_count);
    }
    approval_clear(&ap);
    return ok;
}

/* ---- install ---- */

/* Makes the folders of rel under root. */
static bool make_parents(const char *root, const char *rel)
{
    char path[PATH_MAX];
    str_format(path, sizeof path, "%s/%s", root, rel);
    size_t skip = strlen(root) + 1;
    for (char *p = path + skip; (p = strchr(p, '/')); p++) {
        *p = '\0';
        if (mkdir(path, 0755) != 0 && errno != EEXIST)
            return false;
        *p = '/';
    }
    return true;
}

/* Unpacks file into dir (new, empty). Prints the problem and returns false. */
static bool unpack(bundle_report *r, const char *file, const char *dir)
{
    int in = open(file, O_RDONLY | O_CLOEXEC);
    if (in < 0) {
        say(r, SAY_PROBLEM, "%s: cannot open: %s", file, strerror(errno));
        return false;
    }
    struct stat st;
    char magic[8];
    if (fstat(in, &st) != 0 || !S_ISREG(st.st_mode) || (uint64_t)st.st_size > MAX_BUNDLE_BYTES ||
        read_all(in, magic, sizeof magic) != 1 || memcmp(magic, MAGIC, sizeof magic) != 0) {
        say(r, SAY_PROBLEM, "%s: not a Lantern content bundle (lanternctl content pack makes one)",
            file);
        close(in);
        return false;
    }
    unsigned char *buf = malloc(COPY_BUFFER);
    bool ok = buf != NULL;
    uint64_t total = 0;
    for (int n = 0; ok; n++) {
        unsigned char head[8];
        char rel[APPROVAL_PATH_MAX + 1];
        if (read_all(in, head, 2) != 1) {
            say(r, SAY_PROBLEM, "%s: truncated: the bundle ends in the middle (entry %d)", file,
                n + 1);
            ok = false;
            break;
        }
        size_t len = (size_t)get_le(head, 2);
        if (len == 0) {
            char extra;
            if (read_all(in, &extra, 1) != 0) {
                say(r, SAY_PROBLEM, "%s: bytes after the end of the bundle", file);
                ok = false;
            } else if (n == 0) {
                say(r, SAY_PROBLEM, "%s: an empty bundle", file);
                ok = false;
            }
            break;
        }
        if (len > APPROVAL_PATH_MAX || read_all(in, rel, len) != 1 || read_all(in, head, 8) != 1) {
            say(r, SAY_PROBLEM, "%s: truncated or damaged (entry %d)", file, n + 1);
            ok = false;
            break;
        }
        rel[len] = '\0';
        uint64_t size = get_le(head, 8);
        total += size;
        if (strlen(rel) != len || !approval_path_ok(rel) ||
            (n == 0) != (strcmp(rel, APPROVAL_FILE_NAME) == 0)) {
            say(r, SAY_PROBLEM, "%s: entry %d: a path a bundle may not hold: \"%.80s\"", file,
                n + 1, rel);
            ok = false;
            break;
        }
        if (total > MAX_BUNDLE_BYTES || n >= APPROVAL_MAX_FILES + 1) {
            say(r, SAY_PROBLEM, "%s: too big", file);
            ok = false;
            break;
        }
        char path[PATH_MAX];
        str_format(path, sizeof path, "%s/%s", dir, rel);
        int out = make_parents(dir, rel)
                      ? open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644)
                      : -1;
        if (out < 0) {
            say(r, SAY_PROBLEM, "%s: entry %d: cannot create %s: %s", file, n + 1, rel,
                errno == EEXIST ? "listed twice" : strerror(errno));
            ok = false;
            break;
        }
        uint64_t left = size;
        while (ok && left > 0) {
            size_t chunk = left < COPY_BUFFER ? (size_t)left : COPY_BUFFER;
            int got = read_all(in, buf, chunk);
            if (got != 1) {
                say(r, SAY_PROBLEM, "%s: truncated: %s ends early", file, rel);
                ok = false;
            } else if (!write_all(out, buf, chunk)) {
                say(r, SAY_PROBLEM, "%s: cannot write %s: %s", file, rel, strerror(errno));
                ok = false;
            }
            left -= chunk;
        }
        if (ok && fsync(out) != 0) {
            say(r, SAY_PROBLEM, "%s: cannot write %s: %s", file, rel, strerror(errno));
            ok = false;
        }
        close(out);
    }
    free(buf);
    close(in);
    return ok;
}

static int sync_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    if (flag == FTW_DP)
        sync_dir(path);
    return 0;
}

/* The live set's approval time, or "" when it has none that reads. */
static void live_approved_at(const char *link, char *at, size_t size, unsigned char *signature)
{
    at[0] = '\0';
    char path[PATH_MAX];
    str_format(path, sizeof path, "%s/%s", link, APPROVAL_FILE_NAME);
    approval ap;
    diag_list diags = {0};
    if (approval_load(path, &ap, &diags)) {
        str_copy(at, size, ap.approved_at);
        memcpy(signature, ap.signature, APPROVAL_SIGNATURE_BYTES);
        approval_clear(&ap);
    }
    diag_list_free(&diags);
}

static int by_name_desc(const void *x, const void *y)
{
    return strcmp(*(char *const *)y, *(char *const *)x);
}

/* Keeps the newest `keep` sets and the previous live one; removes the rest. */
static void prune(const char *parent, const char *live, const char *previous, int keep)
{
    DIR *d = opendir(parent);
    if (!d)
        return;
    char *names[256];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 256) {
        size_t len = strlen(e->d_name);
        /* content-YYYYMMDDTHHMMSSZ-xxxxxxxx */
        if (strncmp(e->d_name, "content-", 8) == 0 && len == 8 + 16 + 1 + 8 &&
            e->d_name[16] == 'T' && e->d_name[23] == 'Z')
            names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof *names, by_name_desc);
    int kept = 0;
    for (int i = 0; i < n; i++) {
        if (!names[i])
            continue;
        bool protect = strcmp(names[i], live) == 0 || (previous && strcmp(names[i], previous) == 0);
        if (protect || kept < keep)
            kept++;
        else
            discard_set(parent, names[i]);
        free(names[i]);
    }
}

/* Leftovers of an install or a removal that was cut short. */
static void clean_leftovers(const char *parent)
{
    DIR *d = opendir(parent);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strncmp(e->d_name, ".content-install-", 17) != 0 &&
            strncmp(e->d_name, ".content-delete-", 16) != 0)
            continue;
        char path[PATH_MAX];
        str_format(path, sizeof path, "%s/%s", parent, e->d_name);
        remove_tree(path);
    }
    closedir(d);
}

bool bundle_install(const char *file, const char *link,
                    const unsigned char (*trusted)[APPROVAL_KEY_BYTES], int trusted_count,
                    long today, bool rollback, int keep, const content_checks *checks,
                    bundle_lint_fn lint, bundle_report *r)
{
    char parent[PATH_MAX], base[NAME_MAX + 1];
    split_link(link, parent, sizeof parent, base, sizeof base);
    struct stat st;
    if (lstat(link, &st) == 0 && !S_ISLNK(st.st_mode)) {
        fprintf(stderr,
                "lanternctl: %s is not a symlink, so content cannot be switched safely "
                "(deploy/README.md)\n",
                link);
        return false;
    }
    clean_leftovers(parent);
    char tmp[PATH_MAX];
    str_format(tmp, sizeof tmp, "%s/.content-install-%ld", parent, (long)getpid());
    if (mkdir(tmp, 0755) != 0) {
        say(r, SAY_ERROR, "%s: cannot create: %s", tmp, strerror(errno));
        return false;
    }
    int status = 1;
    approval ap = {0};
    content_set *set = NULL;
    diag_list diags = {0};
    print_ctx pc = {.strip = tmp, .label = file, .r = r};
    if (!unpack(r, file, tmp))
        goto refused;
    /* 1. The signature, by a trusted key, over exactly these files, in date. */
    approved_status s = approved_check(tmp, trusted, trusted_count, today, &ap, print_problem, &pc);
    str_copy(r->version, sizeof r->version, ap.content_version);
    if (s.problems)
        goto refused;
    /* 2. Validate and lint, as for any content. */
    set = content_load(tmp, checks, &diags);
    if (set && lint)
        lint(tmp, set, &diags);
    for (int i = 0; i < diags.count; i++)
        print_problem(&pc, diags.lines[i]);
    if (!set || diags.errors)
        goto refused;
    /* 3. Never backwards without --rollback. */
    char live_at[24];
    unsigned char live_sig[APPROVAL_SIGNATURE_BYTES];
    live_approved_at(link, live_at, sizeof live_at, live_sig);
    if (live_at[0] && strcmp(ap.approved_at, live_at) == 0 &&
        memcmp(ap.signature, live_sig, APPROVAL_SIGNATURE_BYTES) == 0) {
        say(r, SAY_INFO, "%s: version %s (approved at %s) is already live; nothing changed", file,
            ap.content_version, ap.approved_at);
        status = 0;
        goto done;
    }
    if (live_at[0] && strcmp(ap.approved_at, live_at) < 0 && !rollback) {
        say(r, SAY_PROBLEM,
            "%s: approved at %s, before the live version (approved at %s): an older bundle is "
            "installed only "
            "with --rollback\n",
            file, ap.approved_at, live_at);
        goto refused;
    }
    /* 4. Give the checked folder its name, then switch the link. */
    char name[NAME_MAX + 1], compact[24] = "", sig[17], target[PATH_MAX];
    for (const char *c = ap.approved_at; *c; c++)
        if (*c != '-' && *c != ':')
            str_format(compact + strlen(compact), sizeof compact - strlen(compact), "%c", *c);
    approval_hex(ap.signature, 4, sig);
    str_format(name, sizeof name, "content-%s-%s", compact, sig);
    str_format(target, sizeof target, "%s/%s", parent, name);
    nftw(tmp, sync_entry, 16, FTW_DEPTH | FTW_PHYS);
    if (lstat(target, &st) == 0)
        discard_set(parent, name); /* an earlier copy of this set: replaced by the checked one */
    char previous[PATH_MAX] = "", err[600];
    char real[PATH_MAX];
    if (realpath(link, real)) {
        const char *slash = strrchr(real, '/');
        str_copy(previous, sizeof previous, slash ? slash + 1 : real);
    }
    if (rename(tmp, target) != 0) {
        say(r, SAY_ERROR, "%s: cannot rename: %s", target, strerror(errno));
        goto refused_quiet;
    }
    sync_dir(parent);
    if (!content_publish(link, name, err, sizeof err)) {
        say(r, SAY_ERROR, "could not switch: %s", err);
        goto done;
    }
    sync_dir(parent);
    say(r, SAY_INFO, "%s: version %s approved by %s (%s) at %s is live: %s -> %s", file,
        ap.content_version, ap.name, ap.role, ap.approved_at, link, name);
    prune(parent, name, previous[0] ? previous : NULL, keep);
    status = 0;
    goto done;
refused:
    say(r, SAY_PROBLEM, "%s: refused; nothing changed", file);
refused_quiet:
    remove_tree(tmp);
done:
    diag_list_free(&diags);
    content_destroy(set);
    approval_clear(&ap);
    if (status != 0 || lstat(tmp, &st) == 0)
        remove_tree(tmp);
    return status == 0;
}
