/* The USB hand-off file: write (temp, fsync, read back, verify, rename)
 * and parse (checksum first, then every line). */
#include "../core/config.h"
#include "store_handoff.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../core/util.h"
#include "store_internal.h"

enum { SEALED_MAX = PAYLOAD_MAX + crypto_box_SEALBYTES };

/* ---- building the file in memory ---- */

typedef struct {
    char *data;
    size_t len, cap;
    bool oom;
    int64_t *ids;
    size_t n, ids_cap;
} file_buf;

static void add(file_buf *f, const char *s, size_t n)
{
    if (f->oom)
        return;
    if (f->len + n > f->cap) {
        size_t cap = f->cap ? f->cap : 65536;
        while (cap < f->len + n)
            cap *= 2;
        char *grown = cap > STORE_HANDOFF_MAX_BYTES ? NULL : realloc(f->data, cap);
        if (!grown) {
            f->oom = true;
            return;
        }
        f->data = grown;
        f->cap = cap;
    }
    memcpy(f->data + f->len, s, n);
    f->len += n;
}

static bool on_waiting(void *ctx, const store_sealed *r)
{
    file_buf *f = ctx;
    char line[96];
    int n = snprintf(line, sizeof line, "%lld %lld %d ", (long long)r->id, (long long)r->created_at,
                     r->format);
    add(f, line, (size_t)n);
    char *hex = malloc(2 * r->sealed_len + 1);
    if (!hex) {
        f->oom = true;
        return false;
    }
    sodium_bin2hex(hex, 2 * r->sealed_len + 1, r->sealed, r->sealed_len);
    add(f, hex, 2 * r->sealed_len);
    add(f, "\n", 1);
    free(hex);
    if (f->n == f->ids_cap) {
        size_t cap = f->ids_cap ? f->ids_cap * 2 : 256;
        int64_t *grown = realloc(f->ids, cap * sizeof *grown);
        if (!grown) {
            f->oom = true;
            return false;
        }
        f->ids = grown;
        f->ids_cap = cap;
    }
    f->ids[f->n++] = r->id;
    return !f->oom;
}

static bool write_fd(int fd, const char *buf, size_t len)
{
    return store_write_all(fd, buf, len);
}

/* Reads the file back and compares it byte for byte. */
static bool read_back(const char *path, const char *expect, size_t len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    /* Ask the kernel to drop cached pages so the read comes from the drive. */
    posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    char *buf = malloc(len + 1);
    size_t used = 0;
    ssize_t got = 0;
    while (buf && used <= len && (got = read(fd, buf + used, len + 1 - used)) > 0)
        used += (size_t)got;
    close(fd);
    bool same = buf && got >= 0 && used == len && memcmp(buf, expect, len) == 0;
    free(buf);
    return same;
}

bool store_handoff_write(store *s, const char *kiosk_id, const char *dir, int64_t now_unix,
                         char *path_out, size_t path_size, int *count, char *err, size_t err_size)
{
    *count = 0;
    if (path_size)
        path_out[0] = '\0';
    if (!kiosk_id || !config_kiosk_id_ok(kiosk_id)) {
        str_format(err, err_size, "the kiosk id is 1 to 40 of a-z, 0-9 and \"-\"");
        return false;
    }
    struct stat sb;
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        str_format(err, err_size, "%s: not a folder (is the USB drive mounted?)", dir);
        return false;
    }
    file_buf f = {0};
    char head[160];
    store_status st = store_outbox_each(s, STORE_HANDOFF_MAX_RECORDS, on_waiting, &f);
    if (st != STORE_OK || f.oom) {
        str_format(err, err_size, "reading the waiting requests: %s",
                   f.oom ? "out of memory" : store_status_text(st));
        goto fail;
    }
    if (f.n == 0) {
        free(f.data);
        free(f.ids);
        return true;
    }
    /* The header goes in front of the records. */
    int hn = snprintf(head, sizeof head, "lantern-handoff 1\nkiosk %s\nwritten %lld\ncount %zu\n",
                      kiosk_id, (long long)now_unix, f.n);
    file_buf whole = {0};
    add(&whole, head, (size_t)hn);
    add(&whole, f.data, f.len);
    unsigned char sum[32];
    char sum_hex[65], end[80];
    if (!whole.oom) {
        crypto_generichash(sum, sizeof sum, (const unsigned char *)whole.data, whole.len, NULL, 0);
        sodium_bin2hex(sum_hex, sizeof sum_hex, sum, sizeof sum);
        int en = snprintf(end, sizeof end, "end %s\n", sum_hex);
        add(&whole, end, (size_t)en);
    }
    free(f.data);
    f.data = NULL;
    if (whole.oom) {
        str_format(err, err_size, "out of memory (or more than %d MiB of requests)",
                   STORE_HANDOFF_MAX_BYTES >> 20);
        free(whole.data);
        goto fail;
    }
    time_t tt = (time_t)now_unix;
    struct tm tm;
    char stamp[32] = "0";
    if (gmtime_r(&tt, &tm))
        strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    char final[1100], tmp[1100];
    if (!str_format(final, sizeof final, "%s/lantern-requests-%s-%s.txt", dir, kiosk_id, stamp) ||
        !str_format(tmp, sizeof tmp, "%s/.lantern-requests-%s.XXXXXX", dir, kiosk_id)) {
        str_format(err, err_size, "%s: the folder path is too long", dir);
        free(whole.data);
        goto fail;
    }
    int fd = mkstemp(tmp);
    const char *why = NULL;
    int e = 0;
    if (fd < 0) {
        why = "cannot create a file there";
        e = errno;
    } else {
        fcntl(fd, F_SETFD, FD_CLOEXEC);
        if (!write_fd(fd, whole.data, whole.len) || fsync(fd) != 0) {
            why = "cannot write (is the drive full or read-only?)";
            e = errno;
        }
        if (close(fd) != 0 && !why) {
            why = "cannot write";
            e = errno;
        }
        store_handoff_info info;
        char perr[200];
        if (!why && (!read_back(tmp, whole.data, whole.len) ||
                     !store_handoff_parse((const unsigned char *)whole.data, whole.len, &info, NULL,
                                          NULL, perr, sizeof perr))) {
            why = "the file read back differs from what was written (a faulty drive?)";
            e = 0;
        }
        if (!why && access(final, F_OK) == 0) {
            why = "a file of that name is already there";
            e = 0;
        }
        if (!why && rename(tmp, final) != 0) {
            why = "cannot rename the file into place";
            e = errno;
        }
        if (why)
            unlink(tmp);
    }
    free(whole.data);
    if (why) {
        str_format(err, err_size, "%s: %s%s%s; nothing was marked handed off", final, why,
                   e ? ": " : "", e ? strerror(e) : "");
        goto fail;
    }
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    st = store_outbox_mark(s, f.ids, f.n, STORE_HANDED_OFF, now_unix);
    if (st != STORE_OK) {
        /* The file is complete; the records stay waiting and go again next
         * time (the inbox ignores what it already has). */
        str_format(err, err_size,
                   "%s was written but the requests could not be marked handed off: %s", final,
                   store_status_text(st));
        goto fail;
    }
    str_copy(path_out, path_size, final);
    *count = (int)f.n;
    free(f.ids);
    return true;
fail:
    free(f.data);
    free(f.ids);
    return false;
}

/* ---- parsing ---- */

static bool parse_i64(const char *s, size_t n, int64_t lo, int64_t *out)
{
    if (n == 0 || n > 19)
        return false;
    int64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    if (v < lo || (n > 1 && s[0] == '0'))
        return false;
    *out = v;
    return true;
}

/* The next line of buf from *pos: [start, end) without the LF. */
static bool next_line(const char *buf, size_t len, size_t *pos, const char **line, size_t *line_len)
{
    if (*pos >= len)
        return false;
    const char *nl = memchr(buf + *pos, '\n', len - *pos);
    if (!nl)
        return false;
    *line = buf + *pos;
    *line_len = (size_t)(nl - *line);
    *pos = (size_t)(nl - buf) + 1;
    return true;
}

static bool word_value(const char *line, size_t n, const char *word, const char **v, size_t *vn)
{
    size_t w = strlen(word);
    if (n <= w + 1 || memcmp(line, word, w) != 0 || line[w] != ' ')
        return false;
    *v = line + w + 1;
    *vn = n - w - 1;
    return true;
}

bool store_handoff_parse(const unsigned char *ubuf, size_t len, store_handoff_info *info,
                         store_sealed_fn fn, void *ctx, char *err, size_t err_size)
{
    const char *buf = (const char *)ubuf;
    memset(info, 0, sizeof *info);
    if (sodium_init() < 0) {
        str_format(err, err_size, "libsodium could not start");
        return false;
    }
    if (len > STORE_HANDOFF_MAX_BYTES) {
        str_format(err, err_size, "too big for a requests file");
        return false;
    }
    /* The checksum line is the last line: check the whole file first. */
    if (len < 70 || buf[len - 1] != '\n') {
        str_format(err, err_size, "not a complete Lantern requests file (cut short?)");
        return false;
    }
    size_t end_start = len - 1;
    while (end_start > 0 && buf[end_start - 1] != '\n')
        end_start--;
    const char *v;
    size_t vn;
    unsigned char sum[32], want[32];
    size_t bin_len = 0;
    if (!word_value(buf + end_start, len - 1 - end_start, "end", &v, &vn) || vn != 64 ||
        sodium_hex2bin(want, sizeof want, v, vn, NULL, &bin_len, NULL) != 0 || bin_len != 32) {
        str_format(err, err_size,
                   "not a complete Lantern requests file (no checksum line at the end)");
        return false;
    }
    crypto_generichash(sum, sizeof sum, ubuf, end_start, NULL, 0);
    if (sodium_memcmp(sum, want, sizeof sum) != 0) {
        str_format(err, err_size, "the file is damaged (its checksum does not match)");
        return false;
    }
    size_t pos = 0;
    const char *line;
    size_t n;
    int64_t written = 0, count = 0;
    if (!next_line(buf, end_start, &pos, &line, &n) || n != 17 ||
        memcmp(line, "lantern-handoff 1", 17) != 0) {
        str_format(err, err_size,
                   "line 1: not a Lantern requests file of a version this Lantern reads");
        return false;
    }
    if (!next_line(buf, end_start, &pos, &line, &n) || !word_value(line, n, "kiosk", &v, &vn) ||
        !config_kiosk_id_ok_n(v, vn)) {
        str_format(err, err_size, "line 2: expected \"kiosk ID\" (a-z, 0-9, \"-\")");
        return false;
    }
    memcpy(info->kiosk, v, vn);
    info->kiosk[vn] = '\0';
    if (!next_line(buf, end_start, &pos, &line, &n) || !word_value(line, n, "written", &v, &vn) ||
        !parse_i64(v, vn, 0, &written)) {
        str_format(err, err_size, "line 3: expected \"written UNIX_SECONDS\"");
        return false;
    }
    if (!next_line(buf, end_start, &pos, &line, &n) || !word_value(line, n, "count", &v, &vn) ||
        !parse_i64(v, vn, 1, &count) || count > STORE_HANDOFF_MAX_RECORDS) {
        str_format(err, err_size, "line 4: expected \"count N\" (1 to %d)",
                   STORE_HANDOFF_MAX_RECORDS);
        return false;
    }
    info->written = written;
    /* Two passes: check every line, then hand out the records. */
    unsigned char *sealed = malloc(SEALED_MAX);
    if (!sealed) {
        str_format(err, err_size, "out of memory");
        return false;
    }
    size_t records_start = pos;
    bool ok = true;
    for (int pass = 0; ok && pass < (fn ? 2 : 1); pass++) {
        pos = records_start;
        for (int64_t i = 0; ok && i < count; i++) {
            int lineno = (int)(5 + i);
            int64_t id = 0, created = 0, format = 0;
            const char *f[4];
            size_t fl[4];
            ok = next_line(buf, end_start, &pos, &line, &n);
            int k = 0;
            for (size_t a = 0; ok && a <= n && k < 4;) {
                size_t b = a;
                while (b < n && line[b] != ' ')
                    b++;
                f[k] = line + a;
                fl[k++] = b - a;
                a = b + 1;
                if (b == n)
                    break;
            }
            size_t bl = 0;
            if (!ok || k != 4 || f[3] + fl[3] != line + n || !parse_i64(f[0], fl[0], 1, &id) ||
                !parse_i64(f[1], fl[1], 0, &created) || !parse_i64(f[2], fl[2], 1, &format) ||
                format > 1000 || fl[3] < 2 * (crypto_box_SEALBYTES + 1) || fl[3] > 2 * SEALED_MAX ||
                sodium_hex2bin(sealed, SEALED_MAX, f[3], fl[3], NULL, &bl, NULL) != 0 ||
                bl * 2 != fl[3]) {
                str_format(err, err_size,
                           "line %d: expected \"RECORD_ID CREATED_AT FORMAT SEALED_HEX\"", lineno);
                ok = false;
                break;
            }
            if (pass == (fn ? 1 : 0) && fn) {
                store_sealed r = {id, created, (int)format, sealed, bl};
                if (!fn(ctx, &r))
                    break;
            }
        }
        if (ok && pass == 0 && pos != end_start) {
            str_format(err, err_size, "line %lld: more lines than the count says",
                       (long long)(5 + count));
            ok = false;
        }
    }
    free(sealed);
    if (ok)
        info->count = (size_t)count;
    return ok;
}
