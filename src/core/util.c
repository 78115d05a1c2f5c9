#include "util.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

bool str_copy(char *dst, size_t size, const char *src)
{
    if (size == 0)
        return false;
    size_t n = strlen(src);
    bool fits = n < size;
    if (!fits)
        n = utf8_floor(src, size - 1);
    memcpy(dst, src, n);
    dst[n] = '\0';
    return fits;
}

bool str_format(char *dst, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(dst, size, fmt, ap);
    va_end(ap);
    return n >= 0 && (size_t)n < size;
}

bool str_append(char *dst, size_t size, const char *src)
{
    size_t used = strlen(dst);
    if (used >= size)
        return false;
    return str_copy(dst + used, size - used, src);
}

bool str_fill(char *dst, size_t size, const char *tmpl, const char *const *names,
              const char *const *values, int count)
{
    size_t out = 0;
    bool ok = true;
    if (size == 0)
        return false;
    for (const char *p = tmpl; *p;) {
        const char *piece = p;
        /* A literal run: up to the next '{' (whole characters, so a cut
         * below can see where each one starts). */
        size_t piece_len = *p == '{' ? 1 : strcspn(p + 1, "{") + 1;
        if (*p == '{') {
            const char *close = strchr(p, '}');
            if (close) {
                size_t name_len = (size_t)(close - p - 1);
                for (int i = 0; i < count; i++) {
                    if (strlen(names[i]) == name_len && memcmp(names[i], p + 1, name_len) == 0) {
                        piece = values[i];
                        piece_len = strlen(values[i]);
                        p = close + 1;
                        goto emit;
                    }
                }
            }
        }
        p += piece_len;
    emit:
        if (out + piece_len >= size) {
            /* Cut between characters: piece[size - 1 - out] exists, as piece is longer. */
            piece_len = utf8_floor(piece, size - 1 - out);
            ok = false;
        }
        memcpy(dst + out, piece, piece_len);
        out += piece_len;
        if (!ok)
            break;
    }
    dst[out] = '\0';
    return ok;
}

int utf8_decode(const char *str, size_t len, uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    if (len == 0)
        return 0;
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    int n;
    uint32_t c, min;
    if ((s[0] & 0xE0) == 0xC0) {
        n = 2, c = s[0] & 0x1F, min = 0x80;
    } else if ((s[0] & 0xF0) == 0xE0) {
        n = 3, c = s[0] & 0x0F, min = 0x800;
    } else if ((s[0] & 0xF8) == 0xF0) {
        n = 4, c = s[0] & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if ((size_t)n > len)
        return 0;
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return n;
}

bool utf8_valid(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        int n = utf8_decode(s + i, len - i, &cp);
        if (n == 0)
            return false;
        i += (size_t)n;
    }
    return true;
}

size_t utf8_floor(const char *s, size_t pos)
{
    while (pos > 0 && ((unsigned char)s[pos] & 0xC0) == 0x80)
        pos--;
    return pos;
}

static bool log_quiet;
static char recent[3][200];
static pthread_mutex_t recent_lock = PTHREAD_MUTEX_INITIALIZER;
static int recent_count, recent_next;

void log_set_quiet(bool quiet)
{
    log_quiet = quiet;
}

void log_msg(log_level level, const char *fmt, ...)
{
    static const char *const names[] = {"debug", "info", "warning", "error"};
    if (log_quiet && level < LOG_WARN)
        return;
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    fprintf(stderr, "lantern: %s: %s\n", names[level], line);
    if (level == LOG_ERROR) {
        pthread_mutex_lock(&recent_lock); /* the USB import logs from its worker */
        str_copy(recent[recent_next], sizeof recent[0], line);
        recent_next = (recent_next + 1) % 3;
        recent_count = recent_count < 3 ? recent_count + 1 : 3;
        pthread_mutex_unlock(&recent_lock);
    }
}

int log_recent_errors(char (*out)[200], int max)
{
    int n = 0;
    pthread_mutex_lock(&recent_lock);
    for (int i = 0; i < recent_count && n < max; i++)
        str_copy(out[n++], 200, recent[(recent_next - 1 - i + 3) % 3]);
    pthread_mutex_unlock(&recent_lock);
    return n;
}

/* Arena: a list of chunks; big requests get a chunk of their own. */
typedef struct chunk {
    struct chunk *next;
    size_t used, size;
    max_align_t data[];
} chunk;

struct arena {
    chunk *head;
    size_t total;
};

enum { ARENA_CHUNK = 64 * 1024 };

arena *arena_create(void)
{
    return calloc(1, sizeof(arena));
}

void arena_destroy(arena *a)
{
    if (!a)
        return;
    for (chunk *c = a->head; c;) {
        chunk *next = c->next;
        free(c);
        c = next;
    }
    free(a);
}

void *arena_alloc(arena *a, size_t size)
{
    size = (size + 15) & ~(size_t)15;
    if (!a->head || a->head->size - a->head->used < size) {
        size_t cap = size > ARENA_CHUNK ? size : ARENA_CHUNK;
        chunk *c = calloc(1, sizeof(chunk) + cap);
        if (!c)
            return NULL;
        c->size = cap;
        if (a->head && size > ARENA_CHUNK) {
            /* Keep the partly used chunk at the head for later small strings. */
            c->next = a->head->next;
            a->head->next = c;
        } else {
            c->next = a->head;
            a->head = c;
        }
        a->total += cap;
        if (size > ARENA_CHUNK) {
            c->used = size;
            return c->data;
        }
    }
    void *p = (char *)a->head->data + a->head->used;
    a->head->used += size;
    return p;
}

char *arena_strndup(arena *a, const char *s, size_t len)
{
    char *p = arena_alloc(a, len + 1);
    if (!p)
        return NULL;
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *arena_strdup(arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

size_t arena_bytes(const arena *a)
{
    return a->total;
}

void secure_wipe(void *p, size_t n)
{
    if (p && n)
        explicit_bzero(p, n);
}

bool bytes_contain(const void *hay, size_t size, const void *needle, size_t n)
{
    const unsigned char *h = hay, *x = needle;
    if (n == 0 || size < n)
        return false;
    for (size_t i = 0; i + n <= size; i++)
        if (h[i] == x[0] && memcmp(h + i, x, n) == 0)
            return true;
    return false;
}

int usage_error(const char *program, const char *help, const char *fmt, const char *arg)
{
    fprintf(stderr, "%s: ", program);
    fprintf(stderr, fmt, arg);
    fprintf(stderr, " (see %s)\n", help);
    return 2;
}

bool local_date_offset(int64_t wall, int offset_days, const char *fmt, char *out, size_t size)
{
    time_t t = (time_t)wall;
    struct tm base, day = {0};
    if (!localtime_r(&t, &base))
        return false;
    day.tm_year = base.tm_year;
    day.tm_mon = base.tm_mon;
    day.tm_mday = base.tm_mday + offset_days;
    day.tm_hour = 12;
    day.tm_isdst = -1;
    if (mktime(&day) == (time_t)-1)
        return false;
    return strftime(out, size, fmt, &day) > 0;
}

/* Days from civil and back: H. Hinnant's algorithms (exact for every
 * proleptic Gregorian date). */
static long days_from_civil(long y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

bool date_parse(const char *s, int min_year, int max_year, long *day_out)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    static const int month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (y < min_year || y > max_year || m < 1 || m > 12 || d < 1 ||
        d > month_days[m - 1] + (m == 2 && leap))
        return false;
    if (day_out)
        *day_out = days_from_civil(y, m, d);
    return true;
}

void date_format(long day, char out[11])
{
    long z = day + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    long y = yoe + era * 400 + (m <= 2);
    str_format(out, 11, "%04ld-%02ld-%02ld", y, m, d);
}

int date_weekday(long day)
{
    return (int)(((day % 7) + 11) % 7); /* 1970-01-01 was a Thursday */
}
