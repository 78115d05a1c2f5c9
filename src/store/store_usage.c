/* Anonymous usage figures: counts per day, metric and item. */
#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/request.h"
#include "../core/util.h"
#include "store_internal.h"

/* ---- Usage figures ---- */

enum { USAGE_ADD_MAX = 1000000, USAGE_DAYS_MAX = 366, USAGE_ID_MAX = 40 };

typedef enum {
    M_SESSIONS,
    M_MODULE,
    M_PAGE,
    M_LANGUAGE,
    M_CRISIS,
    M_CONTACT,
    M_QR, /* a take-home QR code was shown (item: the document's id) */
    METRIC_COUNT
} usage_metric;

static const char *const metric_names[METRIC_COUNT] = {
    "sessions", "module_opened", "page_reached", "language", "crisis_opened", "contact_submitted", "qr_shown"};

static int metric_index(const char *metric)
{
    for (int i = 0; metric && i < METRIC_COUNT; i++)
        if (strcmp(metric, metric_names[i]) == 0)
            return i;
    return -1;
}

/* len bytes of a-z, 0-9 and "-", 1 to max of them. */
static bool id_chars(const char *s, size_t len, size_t max)
{
    if (len == 0 || len > max)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
            return false;
    return true;
}

static bool usage_item_ok(int metric, const char *item)
{
    size_t len = strlen(item);
    switch (metric) {
    case M_MODULE:
    case M_QR:
        return id_chars(item, len, USAGE_ID_MAX);
    case M_PAGE: {
        const char *hash = strchr(item, '#');
        if (!hash || !id_chars(item, (size_t)(hash - item), USAGE_ID_MAX))
            return false;
        const char *num = hash + 1;
        size_t digits = strlen(num);
        if (digits < 1 || digits > 4 || num[0] == '0')
            return false;
        for (size_t i = 0; i < digits; i++)
            if (num[i] < '0' || num[i] > '9')
                return false;
        return true;
    }
    case M_LANGUAGE:
        return len >= 2 && item[0] >= 'a' && item[0] <= 'z' && id_chars(item, len, 12);
    default:
        return len == 0;
    }
}

/* Days since 1970-01-01 of a proleptic Gregorian date, and back. */
static long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, char out[STORE_DAY_SIZE])
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    long y = yoe + era * 400 + (m <= 2);
    str_format(out, STORE_DAY_SIZE, "%04ld-%02ld-%02ld", y, m, d);
}

/* A "YYYY-MM-DD" date (years 1970 to 9999) and its day number. */
static bool day_parse(const char *day, long *out)
{
    if (!day || strlen(day) != 10 || day[4] != '-' || day[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (day[i] < '0' || day[i] > '9'))
            return false;
    int y = atoi(day), m = (day[5] - '0') * 10 + (day[6] - '0'),
        d = (day[8] - '0') * 10 + (day[9] - '0');
    static const int month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1970 || m < 1 || m > 12 || d < 1)
        return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (d > month_days[m - 1] + (m == 2 && leap))
        return false;
    *out = days_from_civil(y, m, d);
    return true;
}

/* A metric name fit for a log line (it comes from code, but be safe). */
static const char *loggable(const char *metric)
{
    if (!metric || !*metric || strlen(metric) > 32)
        return "(unprintable)";
    for (const char *p = metric; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || *p == '_'))
            return "(unprintable)";
    return metric;
}

typedef struct {
    const char *day, *metric, *item;
    int n;
} usage_job;

static int usage_add_body(store *s, void *ctx)
{
    usage_job *j = ctx;
    sqlite3_bind_text(s->usage_add, 1, j->day, -1, SQLITE_STATIC);
    sqlite3_bind_text(s->usage_add, 2, j->metric, -1, SQLITE_STATIC);
    sqlite3_bind_text(s->usage_add, 3, j->item, -1, SQLITE_STATIC);
    sqlite3_bind_int(s->usage_add, 4, j->n);
    int rc = sqlite3_step(s->usage_add);
    sqlite3_reset(s->usage_add);
    sqlite3_clear_bindings(s->usage_add);
    return rc;
}

store_status store_usage_add(store *s, const char *day, const char *metric, const char *item, int n)
{
    if (!item)
        item = "";
    const char *path = s ? s->path : "(no store)";
    int m = metric_index(metric);
    long dn;
    if (!s) {
        log_msg(LOG_ERROR, "store: refusing a usage count: no store");
        return STORE_IO;
    }
    if (m < 0) {
        log_msg(LOG_ERROR, "store: %s: refusing a usage count for an unknown metric %s", path,
                loggable(metric));
        return STORE_IO;
    }
    if (!day_parse(day, &dn)) {
        log_msg(LOG_ERROR, "store: %s: refusing a %s count: the day is not a YYYY-MM-DD date", path,
                metric);
        return STORE_IO;
    }
    if (!usage_item_ok(m, item)) {
        log_msg(LOG_ERROR, "store: %s: refusing a %s count: its item is not valid for that metric",
                path, metric);
        return STORE_IO;
    }
    if (n < 1 || n > USAGE_ADD_MAX) {
        log_msg(LOG_ERROR, "store: %s: refusing a %s count of %d (1 to %d at a time)", path, metric,
                n, USAGE_ADD_MAX);
        return STORE_IO;
    }
    if (s->version < 2) {
        log_msg(
            LOG_ERROR,
            "store: %s: this database predates usage figures (schema %d): open it with the kiosk "
            "to upgrade it",
            path, s->version);
        return STORE_IO;
    }
    if (!s->usage_add) {
        int rc = sqlite3_prepare_v3(
            s->db,
            "INSERT INTO usage(day, metric, item, count) VALUES(?1, ?2, ?3, ?4)"
            " ON CONFLICT(day, metric, item) DO UPDATE SET count = count + excluded.count",
            -1, SQLITE_PREPARE_PERSISTENT, &s->usage_add, NULL);
        if (rc != SQLITE_OK)
            return store_fail(s->db, s->path, rc, "preparing the usage count", NULL, 0);
    }
    usage_job j = {.day = day, .metric = metric, .item = item, .n = n};
    return store_in_transaction(s, "adding a usage count", usage_add_body, &j);
}

store_status store_usage_days(store *s, const char *metric, const char *since_day, int days,
                              int *counts)
{
    long first;
    if (!s || !counts || days < 1 || days > USAGE_DAYS_MAX || metric_index(metric) < 0 ||
        !day_parse(since_day, &first)) {
        log_msg(
            LOG_ERROR,
            "store: %s: usage by day: an unknown metric, a day that is not YYYY-MM-DD, or not 1 to "
            "%d days",
            s ? s->path : "(no store)", USAGE_DAYS_MAX);
        return STORE_IO;
    }
    memset(counts, 0, (size_t)days * sizeof *counts);
    if (s->version < 2)
        return STORE_OK;
    char last_day[STORE_DAY_SIZE];
    civil_from_days(first + days - 1, last_day);
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(
        s->db,
        "SELECT day, sum(count) FROM usage WHERE metric = ?1 AND day BETWEEN ?2 AND ?3"
        " GROUP BY day",
        -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(st, 1, metric, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, since_day, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, last_day, -1, SQLITE_STATIC);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            const unsigned char *day = sqlite3_column_text(st, 0);
            long dn;
            if (!day || !day_parse((const char *)day, &dn) || dn < first || dn >= first + days)
                continue; /* not written by store_usage_add */
            int64_t sum = sqlite3_column_int64(st, 1);
            counts[dn - first] = sum > INT_MAX ? INT_MAX : sum < 0 ? 0 : (int)sum;
        }
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? STORE_OK
                             : store_fail(s->db, s->path, rc, "reading usage by day", NULL, 0);
}

store_status store_usage_each(store *s, const char *since_day, store_usage_fn fn, void *ctx)
{
    long dn;
    if (!s || !fn || (since_day && !day_parse(since_day, &dn))) {
        log_msg(LOG_ERROR,
                "store: %s: reading usage figures: no callback, or a day that is not YYYY-MM-DD",
                s ? s->path : "(no store)");
        return STORE_IO;
    }
    if (s->version < 2)
        return STORE_OK;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(
        s->db,
        "SELECT day, metric, item, count FROM usage WHERE ?1 IS NULL OR day >= ?1"
        " ORDER BY day,"
        " CASE metric WHEN 'sessions' THEN 0 WHEN 'module_opened' THEN 1 WHEN 'page_reached' THEN 2"
        "  WHEN 'language' THEN 3 WHEN 'crisis_opened' THEN 4 WHEN 'contact_submitted' THEN 5 ELSE "
        "6 END, metric,"
        " CASE WHEN metric = 'page_reached' AND instr(item, '#') > 0"
        "  THEN substr(item, 1, instr(item, '#') - 1) ELSE item END,"
        " CASE WHEN metric = 'page_reached' AND instr(item, '#') > 0"
        "  THEN CAST(substr(item, instr(item, '#') + 1) AS INTEGER) ELSE 0 END, item",
        -1, &st, NULL);
    if (rc != SQLITE_OK)
        return store_fail(s->db, s->path, rc, "reading usage figures", NULL, 0);
    if (since_day)
        sqlite3_bind_text(st, 1, since_day, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, 1);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const unsigned char *day = sqlite3_column_text(st, 0), *metric = sqlite3_column_text(st, 1),
                            *item = sqlite3_column_text(st, 2);
        store_usage_row row = {
            .day = day ? (const char *)day : "",
            .metric = metric ? (const char *)metric : "",
            .item = item ? (const char *)item : "",
            .count = sqlite3_column_int64(st, 3),
        };
        if (!fn(ctx, &row)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    store_status result = rc == SQLITE_DONE
                              ? STORE_OK
                              : store_fail(s->db, s->path, rc, "reading usage figures", NULL, 0);
    sqlite3_finalize(st);
    return result;
}
