/* approval_sign: approver keys, folder hashing, signing, verifying. */
#include "approval_sign.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/safe_file.h"
#include "../core/util.h"
#include "secret_file.h"

_Static_assert(APPROVAL_KEY_BYTES == crypto_sign_PUBLICKEYBYTES, "Ed25519 public key");
_Static_assert(APPROVAL_SECRET_KEY_BYTES == crypto_sign_SECRETKEYBYTES, "Ed25519 secret key");
_Static_assert(APPROVAL_SIGNATURE_BYTES == crypto_sign_BYTES, "Ed25519 signature");

enum { HASH_BUFFER = 256 * 1024, MAX_DEPTH = 16 };

void approval_wipe(void *p, size_t n)
{
    if (p && n)
        sodium_memzero(p, n);
}

static void report(approval_problem_fn problem, void *ctx, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void report(approval_problem_fn problem, void *ctx, const char *fmt, ...)
{
    char msg[1400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (problem)
        problem(ctx, msg);
}

/* ---- keys ---- */

bool approval_keygen(const char *dir, const char *passphrase, char *err, size_t err_size)
{
    if (sodium_init() < 0) {
        str_copy(err, err_size, "libsodium could not start");
        return false;
    }
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
        str_format(err, err_size, "%s: cannot create: %s", dir, strerror(errno));
        return false;
    }
    char pub_path[PATH_MAX], sec_path[PATH_MAX];
    if (!str_format(pub_path, sizeof pub_path, "%s/%s", dir, APPROVER_PUBLIC_KEY_NAME) ||
        !str_format(sec_path, sizeof sec_path, "%s/%s", dir, APPROVER_SECRET_KEY_NAME)) {
        str_format(err, err_size, "%s: path too long", dir);
        return false;
    }
    struct stat st;
    if (lstat(pub_path, &st) == 0) {
        str_format(err, err_size,
                   "%s: already exists; it is never overwritten (move it away first)", pub_path);
        return false;
    }
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    crypto_sign_keypair(pk, sk);
    bool ok =
        secret_file_write(sec_path, sk, sizeof sk, passphrase, err, err_size) == SECRET_FILE_OK;
    sodium_memzero(sk, sizeof sk);
    if (!ok)
        return false;
    char hex[2 * APPROVAL_KEY_BYTES + 1], text[256];
    approval_hex(pk, sizeof pk, hex);
    str_format(text, sizeof text,
               "# Lantern approver public key (Ed25519): give it to kiosks and reviewers\n%s\n",
               hex);
    int fd = open(pub_path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    size_t len = strlen(text);
    ok = fd >= 0 && write(fd, text, len) == (ssize_t)len && fsync(fd) == 0;
    int e = errno;
    if (fd >= 0 && close(fd) != 0)
        ok = false;
    if (!ok) {
        str_format(err, err_size, "%s: cannot write: %s", pub_path, strerror(e));
        unlink(pub_path);
        unlink(sec_path);
    }
    return ok;
}

bool approval_load_public_key(const char *path, unsigned char key[APPROVAL_KEY_BYTES], char *err,
                              size_t err_size)
{
    /* A regular file only: fopen on a FIFO would wait for a writer for ever. */
    struct stat st;
    char why[160];
    int fd = safe_open_regular(path, true, &st, why, sizeof why);
    FILE *f = fd >= 0 ? fdopen(fd, "r") : NULL;
    if (!f) {
        if (fd >= 0) {
            str_format(why, sizeof why, "cannot open: %s", strerror(errno));
            close(fd);
        }
        str_format(err, err_size, "%s: %s", path, why);
        return false;
    }
    char line[512];
    int line_no = 0;
    bool ok = false, found = false;
    while (!found && fgets(line, sizeof line, f)) {
        line_no++;
        if (line_no == 1 && strncmp(line, "LNTNSEC", 7) == 0) {
            str_format(err, err_size, "%s: this is a secret key; give the public key (%s)", path,
                       APPROVER_PUBLIC_KEY_NAME);
            found = true;
            break;
        }
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '#' || line[0] == '\0')
            continue;
        found = true;
        ok = approval_unhex(line, key, APPROVAL_KEY_BYTES);
        if (!ok)
            str_format(err, err_size, "%s:%d: expected an approver public key: 64 hex characters",
                       path, line_no);
    }
    if (!found)
        str_format(err, err_size, "%s: no key in the file (expected 64 hex characters)", path);
    fclose(f);
    return ok;
}

bool approval_load_secret_key(const char *path, const char *passphrase,
                              unsigned char key[APPROVAL_SECRET_KEY_BYTES], char *err,
                              size_t err_size)
{
    size_t len = 0;
    if (secret_file_read(path, passphrase, key, APPROVAL_SECRET_KEY_BYTES, &len, err, err_size) !=
        SECRET_FILE_OK)
        return false;
    if (len != APPROVAL_SECRET_KEY_BYTES) {
        sodium_memzero(key, APPROVAL_SECRET_KEY_BYTES);
        str_format(err, err_size, "%s: not an approver secret key", path);
        return false;
    }
    return true;
}

/* ---- scanning ---- */

typedef struct {
    approval *a;
    int cap;
    unsigned char *buf;
    approval_problem_fn problem;
    void *ctx;
    int problems;
    bool oom;
    char **bad; /* paths reported as problems, so verify does not call them removed */
    int bad_count, bad_cap;
} scan_state;

static void mark_bad(scan_state *s, const char *rel)
{
    if (s->bad_count == s->bad_cap) {
        int cap = s->bad_cap ? 2 * s->bad_cap : 16;
        char **grown = realloc(s->bad, (size_t)cap * sizeof *grown);
        if (!grown) {
            s->oom = true;
            return;
        }
        s->bad = grown;
        s->bad_cap = cap;
    }
    char *copy = strdup(rel);
    if (!copy) {
        s->oom = true;
        return;
    }
    s->bad[s->bad_count++] = copy;
}

static void scan_problem(scan_state *s, const char *rel, const char *what)
{
    report(s->problem, s->ctx, "%s: %s", rel, what);
    s->problems++;
    mark_bad(s, rel);
}

static bool hash_file(scan_state *s, const char *full, const char *rel, approval_file *out)
{
    /* O_NONBLOCK: were it swapped for a FIFO since the scan looked, no wait. */
    int fd = open(full, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        char what[300];
        str_format(what, sizeof what, "cannot read: %s", strerror(errno));
        scan_problem(s, rel, what);
        return false;
    }
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, APPROVAL_HASH_BYTES);
    uint64_t size = 0;
    for (;;) {
        ssize_t r = read(fd, s->buf, HASH_BUFFER);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            char what[300];
            str_format(what, sizeof what, "cannot read: %s", strerror(errno));
            scan_problem(s, rel, what);
            close(fd);
            return false;
        }
        if (r == 0)
            break;
        crypto_generichash_update(&st, s->buf, (unsigned long long)r);
        size += (uint64_t)r;
    }
    close(fd);
    crypto_generichash_final(&st, out->hash, APPROVAL_HASH_BYTES);
    out->size = size;
    return true;
}

static void scan_dir(scan_state *s, const char *root, const char *rel_dir, int depth)
{
    char dir[PATH_MAX];
    str_format(dir, sizeof dir, "%s%s%s", root, rel_dir[0] ? "/" : "", rel_dir);
    DIR *d = opendir(dir);
    if (!d) {
        char what[300];
        str_format(what, sizeof what, "cannot read the folder: %s", strerror(errno));
        scan_problem(s, rel_dir[0] ? rel_dir : ".", what);
        return;
    }
    struct dirent *e;
    while (!s->oom && (e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (!rel_dir[0] && strcmp(e->d_name, APPROVAL_FILE_NAME) == 0)
            continue;
        char rel[PATH_MAX], full[PATH_MAX];
        if (!str_format(rel, sizeof rel, "%s%s%s", rel_dir, rel_dir[0] ? "/" : "", e->d_name) ||
            !str_format(full, sizeof full, "%s/%s", root, rel)) {
            scan_problem(s, e->d_name, "path too long");
            continue;
        }
        struct stat st;
        if (lstat(full, &st) != 0) {
            char what[300];
            str_format(what, sizeof what, "cannot read: %s", strerror(errno));
            scan_problem(s, rel, what);
        } else if (S_ISLNK(st.st_mode)) {
            scan_problem(s, rel, "is a symbolic link; approved content holds plain files only");
        } else if (S_ISDIR(st.st_mode)) {
            if (depth >= MAX_DEPTH)
                scan_problem(s, rel, "folders nested too deep");
            else
                scan_dir(s, root, rel, depth + 1);
        } else if (!S_ISREG(st.st_mode)) {
            scan_problem(s, rel, "is not a plain file (a device, pipe or socket)");
        } else if (!approval_path_ok(rel)) {
            scan_problem(
                s, rel,
                "a file name approval.json cannot hold (control characters, backslash, too long)");
        } else if (s->a->file_count >= APPROVAL_MAX_FILES) {
            scan_problem(s, rel, "too many files in the folder");
        } else {
            if (s->a->file_count == s->cap) {
                int cap = s->cap ? 2 * s->cap : 64;
                approval_file *grown = realloc(s->a->files, (size_t)cap * sizeof *grown);
                if (!grown) {
                    s->oom = true;
                    break;
                }
                s->a->files = grown;
                s->cap = cap;
            }
            approval_file *f = &s->a->files[s->a->file_count];
            f->path = strdup(rel);
            if (!f->path) {
                s->oom = true;
                break;
            }
            if (hash_file(s, full, rel, f))
                s->a->file_count++;
            else
                free(f->path);
        }
    }
    closedir(d);
}

static void free_bad(scan_state *s)
{
    for (int i = 0; i < s->bad_count; i++)
        free(s->bad[i]);
    free(s->bad);
}

static int scan(const char *dir, approval *a, approval_problem_fn problem, void *ctx, scan_state *s)
{
    *s = (scan_state){.a = a, .problem = problem, .ctx = ctx};
    approval_clear(a);
    if (sodium_init() < 0)
        return -1;
    s->buf = malloc(HASH_BUFFER);
    if (!s->buf)
        return -1;
    scan_dir(s, dir, "", 0);
    free(s->buf);
    s->buf = NULL;
    if (s->oom)
        return -1;
    approval_sort_files(a); /* names from one folder tree are unique */
    return s->problems;
}

int approval_scan(const char *dir, approval *a, approval_problem_fn problem, void *ctx)
{
    scan_state s;
    int n = scan(dir, a, problem, ctx, &s);
    free_bad(&s);
    return n;
}

/* ---- signing and verifying ---- */

bool approval_sign(approval *a, const unsigned char secret_key[APPROVAL_SECRET_KEY_BYTES])
{
    if (sodium_init() < 0)
        return false;
    crypto_sign_ed25519_sk_to_pk(a->key, secret_key);
    size_t len;
    char *text = approval_canonical(a, &len);
    if (!text)
        return false;
    bool ok =
        crypto_sign_detached(a->signature, NULL, (const unsigned char *)text, len, secret_key) == 0;
    free(text);
    return ok;
}

bool approval_signature_ok(const approval *a)
{
    if (sodium_init() < 0)
        return false;
    size_t len;
    char *text = approval_canonical(a, &len);
    if (!text)
        return false;
    bool ok =
        crypto_sign_verify_detached(a->signature, (const unsigned char *)text, len, a->key) == 0;
    free(text);
    return ok;
}

static bool is_bad(const scan_state *s, const char *path)
{
    for (int i = 0; i < s->bad_count; i++)
        if (strcmp(s->bad[i], path) == 0)
            return true;
    return false;
}

approval_result approval_verify(const char *dir, const approval *a, const approval_policy *policy,
                                approval_problem_fn problem, void *ctx)
{
    approval_result r = {0};
    char key_hex[2 * APPROVAL_KEY_BYTES + 1];
    approval_hex(a->key, APPROVAL_KEY_BYTES, key_hex);
    bool trusted = false;
    for (int i = 0; i < policy->trusted_count; i++)
        trusted = trusted || sodium_memcmp(policy->trusted[i], a->key, APPROVAL_KEY_BYTES) == 0;
    if (!trusted) {
        report(problem, ctx, "%s: signed by key %.16s…, which is not a trusted approver key",
               APPROVAL_FILE_NAME, key_hex);
        r.untrusted = true;
        r.problems++;
    }
    if (!approval_signature_ok(a)) {
        report(problem, ctx,
               "%s: the signature does not match what it lists: approval.json was changed after it "
               "was signed",
               APPROVAL_FILE_NAME);
        r.bad_signature = true;
        r.problems++;
    }

    approval found = {0};
    scan_state s;
    int scan_problems = scan(dir, &found, problem, ctx, &s);
    if (scan_problems < 0) {
        report(problem, ctx, "%s: out of memory while checking the files", dir);
        r.files_differ = true;
        r.problems++;
    } else {
        r.problems += scan_problems;
        r.files_differ = scan_problems > 0;
        /* Walk both sorted lists: same path, compare; only listed: removed
         * (or renamed); only on disk: added (or the new name). */
        bool *added = calloc((size_t)found.file_count + 1, sizeof *added);
        bool *removed = calloc((size_t)a->file_count + 1, sizeof *removed);
        int i = 0, j = 0;
        while (added && removed && (i < a->file_count || j < found.file_count)) {
            int c = i >= a->file_count      ? 1
                    : j >= found.file_count ? -1
                                            : strcmp(a->files[i].path, found.files[j].path);
            if (c == 0) {
                const approval_file *want = &a->files[i], *got = &found.files[j];
                if (want->size != got->size ||
                    sodium_memcmp(want->hash, got->hash, APPROVAL_HASH_BYTES) != 0) {
                    if (want->size != got->size)
                        report(problem, ctx,
                               "%s: changed since it was approved (%llu bytes, approved %llu)",
                               got->path, (unsigned long long)got->size,
                               (unsigned long long)want->size);
                    else
                        report(problem, ctx,
                               "%s: changed since it was approved (same size, different bytes)",
                               got->path);
                    r.files_differ = true;
                    r.problems++;
                }
                i++;
                j++;
            } else if (c < 0) {
                removed[i] = !is_bad(&s, a->files[i].path);
                i++;
            } else {
                added[j++] = true;
            }
        }
        for (i = 0; removed && added && i < a->file_count; i++) {
            if (!removed[i])
                continue;
            int to = -1;
            for (j = 0; j < found.file_count && to < 0; j++)
                if (added[j] && found.files[j].size == a->files[i].size &&
                    sodium_memcmp(found.files[j].hash, a->files[i].hash, APPROVAL_HASH_BYTES) == 0)
                    to = j;
            if (to >= 0) {
                report(problem, ctx, "%s: renamed to %s since it was approved", a->files[i].path,
                       found.files[to].path);
                added[to] = false;
            } else {
                report(problem, ctx, "%s: removed since it was approved", a->files[i].path);
            }
            r.files_differ = true;
            r.problems++;
        }
        for (j = 0; removed && added && j < found.file_count; j++) {
            if (!added[j])
                continue;
            report(problem, ctx, "%s: added since it was approved (approval.json does not list it)",
                   found.files[j].path);
            r.files_differ = true;
            r.problems++;
        }
        if (!added || !removed) {
            report(problem, ctx, "%s: out of memory while checking the files", dir);
            r.files_differ = true;
            r.problems++;
        }
        free(added);
        free(removed);
    }
    free_bad(&s);
    approval_clear(&found);

    long due = approval_day_number(a->review_due);
    if (due < policy->today) {
        report(problem, ctx,
               "%s: the clinical review was due on %s (%ld day%s ago): %s (%s) or another approver "
               "must review "
               "the content and approve it again",
               APPROVAL_FILE_NAME, a->review_due, policy->today - due,
               policy->today - due == 1 ? "" : "s", a->name, a->role);
        r.review_passed = true;
        r.problems++;
    }
    return r;
}
