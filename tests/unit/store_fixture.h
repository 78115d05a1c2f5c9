/* store_fixture: what the store's test programs share (test_store*.c):
 * temporary folders, reading files back, sample requests, running
 * lanternctl's request commands with their output in files. Header-only
 * (static inline), included once by each test program, which defines
 * _GNU_SOURCE first (unshare, memmem). */
#ifndef LANTERN_STORE_FIXTURE_H
#define LANTERN_STORE_FIXTURE_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <sqlite3.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "core/request.h"
#include "core/util.h"
#include "store/store.h"
#include "tools/requests.h"

static const int64_t T0 __attribute__((unused)) = 1795000000; /* 2026-11-18 */

/* ---- helpers ---- */

static inline char *slurp(const char *path, size_t *len)
{
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap + 1);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *grown = realloc(buf, cap * 2 + 1);
            if (!grown) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = grown;
            cap *= 2;
        }
    }
    fclose(f);
    if (buf) {
        buf[n] = '\0';
        *len = n;
    }
    return buf;
}

static inline bool has_bytes(const char *hay, size_t hay_len, const void *needle, size_t n)
{
    if (n == 0 || hay_len < n)
        return false;
    for (size_t i = 0; i + n <= hay_len; i++)
        if (memcmp(hay + i, needle, n) == 0)
            return true;
    return false;
}

static inline bool file_has(const char *path, const void *needle, size_t n)
{
    size_t len;
    char *buf = slurp(path, &len);
    bool found = buf && has_bytes(buf, len, needle, n);
    free(buf);
    return found;
}

/* Number of files in dir (not recursive) that hold needle. */
static inline int files_holding(const char *dir, const void *needle, size_t n, int *files_seen)
{
    int found = 0;
    *files_seen = 0;
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char path[1024];
        str_format(path, sizeof path, "%s/%s", dir, e->d_name);
        (*files_seen)++;
        if (file_has(path, needle, n)) {
            found++;
            fprintf(stderr, "found the plaintext in %s\n", path);
        }
    }
    closedir(d);
    return found;
}

static inline void rm_tree(const char *path)
{
    struct stat sb;
    if (lstat(path, &sb) != 0)
        return;
    if (S_ISDIR(sb.st_mode)) {
        DIR *d = opendir(path);
        struct dirent *e;
        while (d && (e = readdir(d))) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char child[1024];
            str_format(child, sizeof child, "%s/%s", path, e->d_name);
            rm_tree(child);
        }
        if (d)
            closedir(d);
        rmdir(path);
    } else {
        unlink(path);
    }
}

static inline void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static inline contact_request sample(const char *name, const char *phone, const char *email)
{
    contact_request r = {0};
    str_copy(r.name, sizeof r.name, name);
    str_copy(r.phone, sizeof r.phone, phone);
    str_copy(r.email, sizeof r.email, email);
    str_copy(r.best_time, sizeof r.best_time, "evening");
    str_copy(r.language, sizeof r.language, "es");
    str_copy(r.voicemail_ok, sizeof r.voicemail_ok, "no");
    str_copy(r.topic, sizeof r.topic, "loved-one");
    str_copy(r.consent_version, sizeof r.consent_version, "2026-11-01");
    return r;
}

/* Encodes and submits r as the kiosk does; returns the status. */
static inline store_status submit(store *s, const store_public_key *key, const contact_request *r, int64_t now,
                           int64_t *id)
{
    char payload[REQUEST_ENCODED_MAX];
    size_t len = request_encode(r, payload, sizeof payload);
    if (len == 0)
        return STORE_IO;
    store_status st = store_submit(s, key, payload, len, now, id);
    store_wipe(payload, sizeof payload);
    return st;
}

/* Runs requests_main with stdout and stderr sent to files; returns its status. */
static inline int run_ctl(const char *out_path, const char *err_path, int argc, const char **argv)
{
    fflush(stdout);
    fflush(stderr);
    int so = dup(1), se = dup(2);
    int fo = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int fe = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fo, 1);
    dup2(fe, 2);
    close(fo);
    close(fe);
    int rc = requests_main(argc, (char **)argv);
    fflush(stdout);
    fflush(stderr);
    dup2(so, 1);
    dup2(se, 2);
    close(so);
    close(se);
    return rc;
}

typedef struct {
    int count, opened;
    int64_t ids[64];
    char status[64][12];
    unsigned char first_sealed[64][48];
} seen_records;

static inline bool collect(void *ctx, const store_record *r)
{
    seen_records *s = ctx;
    if (s->count < 64) {
        s->ids[s->count] = r->id;
        str_copy(s->status[s->count], sizeof s->status[0], r->status);
        if (r->sealed_len >= 48)
            memcpy(s->first_sealed[s->count], r->sealed, 48);
    }
    s->count++;
    s->opened += r->opened;
    return true;
}

static inline const char *status_of_id(const seen_records *s, int64_t id)
{
    for (int i = 0; i < s->count && i < 64; i++)
        if (s->ids[i] == id)
            return s->status[i];
    return "";
}

/* A fresh temporary folder under $TMPDIR (or /tmp) in buf; NULL on failure. */
static inline char *fixture_dir(char *buf, size_t size)
{
    const char *tmp = getenv("TMPDIR");
    str_format(buf, size, "%s/lantern-store-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    return mkdtemp(buf);
}

#endif
