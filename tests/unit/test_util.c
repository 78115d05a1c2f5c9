/* Bounded strings, placeholders and UTF-8. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "core/json_out.h"
#include "core/util.h"

/* Issue 9, defect 11: the staff chart went back in 86400-second steps, so
 * across the spring DST change a day was skipped and the window started a
 * day early. */
static void defect_dst_staff_chart(void)
{
    setenv("TZ", "America/Los_Angeles", 1);
    tzset();
    struct tm at = {.tm_year = 126, .tm_mon = 2, .tm_mday = 9, .tm_hour = 0, .tm_min = 30, .tm_isdst = -1};
    int64_t wall = (int64_t)mktime(&at); /* 2026-03-09 00:30, the day after the change */
    const char *want[7] = {"03-03", "03-04", "03-05", "03-06", "03-07", "03-08", "03-09"};
    for (int i = 0; i < 7; i++) {
        char day[8];
        CHECK(local_date_offset(wall, i - 6, "%m-%d", day, sizeof day));
        CHECK_MSG(strcmp(day, want[i]) == 0, "day %d is %s, want %s", i, day, want[i]);
    }
    char since[16];
    CHECK(local_date_offset(wall, -6, "%Y-%m-%d", since, sizeof since) && strcmp(since, "2026-03-03") == 0);
    /* And the autumn change, where a day has 25 hours. */
    struct tm fall = {.tm_year = 126, .tm_mon = 10, .tm_mday = 1, .tm_hour = 23, .tm_min = 30, .tm_isdst = -1};
    char next[16];
    CHECK(local_date_offset((int64_t)mktime(&fall), 1, "%Y-%m-%d", next, sizeof next) &&
          strcmp(next, "2026-11-02") == 0);
}

/* The one JSON string writer (harness dumps, lanternctl --json). */
static void json_out_escapes(void)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    CHECK(f != NULL);
    if (!f)
        return;
    json_out_string(f, "a\"b\\c\nd\re\tf\x01g\x7fñ");
    fputc(' ', f);
    json_out_string_n(f, "xyz", 2);
    fclose(f);
    CHECK_MSG(strcmp(buf, "\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g\\u007fñ\" \"xy\"") == 0, "%s", buf);
    free(buf);
}

/* The one calendar-date helper: exact form, real days, year bounds, weekday. */
static void dates(void)
{
    long day = -99;
    CHECK(date_parse("1970-01-01", 1970, 9999, &day) && day == 0);
    CHECK(date_parse("2026-12-22", 2000, 2100, &day) && day == 20809 && date_weekday(day) == 2);
    CHECK(date_parse("2000-02-29", 2000, 2100, NULL));  /* divisible by 400: leap */
    CHECK(!date_parse("2100-02-29", 2000, 2100, NULL)); /* by 100 only: not */
    CHECK(date_parse("2028-02-29", 2000, 2100, NULL) &&
          !date_parse("2026-02-29", 2000, 2100, NULL));
    const char *bad[] = {"2026-02-30", "2026-13-01", "2026-00-10", "2026-04-31",  "26-1-1",
                         "2026-1-01",  "2099- 1-01", "+026-01-01", "2026-01-01 ", "2026/01/01",
                         "",           "1999-12-31", "2101-01-01"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        CHECK_MSG(!date_parse(bad[i], 2000, 2100, &day), "%s", bad[i]);
    CHECK(!date_parse(NULL, 2000, 2100, &day));
    char out[11];
    for (long d = -719528; d <= 2932896; d += 997) /* years 0 to 9999 */ {
        date_format(d, out);
        long back = 0;
        CHECK_MSG(date_parse(out, 0, 9999, &back) && back == d, "%ld -> %s", d, out);
    }
    CHECK(date_weekday(0) == 4 && date_weekday(-1) == 3 && date_weekday(-7) == 4);
}

int main(void)
{
    defect_dst_staff_chart();
    dates();
    json_out_escapes();
    char buf[8];
    CHECK(str_copy(buf, sizeof buf, "short") && strcmp(buf, "short") == 0);
    CHECK(!str_copy(buf, sizeof buf, "much too long") && strlen(buf) == 7);
    /* Cutting never splits a character. */
    CHECK(!str_copy(buf, sizeof buf, "abcdefñ") && strcmp(buf, "abcdef") == 0);
    CHECK(!str_format(buf, sizeof buf, "%d", 123456789));
    char out[64];
    const char *names[] = {"page", "pages"}, *values[] = {"2", "6"};
    CHECK(str_fill(out, sizeof out, "Page {page} of {pages}", names, values, 2));
    CHECK(strcmp(out, "Page 2 of 6") == 0);
    CHECK(str_fill(out, sizeof out, "{unknown} {page", names, values, 2));
    CHECK(strcmp(out, "{unknown} {page") == 0);
    char tiny[6];
    CHECK(!str_fill(tiny, sizeof tiny, "Page {page} of {pages}", names, values, 2));
    CHECK(strlen(tiny) == 5);
    /* A cut never splits a character, and an exact fit keeps every byte. */
    const char *n1[] = {"x"}, *v1[] = {"ññ"};
    char five[5];
    CHECK(!str_fill(five, sizeof five, "a{x}b", n1, v1, 1) && strcmp(five, "añ") == 0);
    char six[7];
    CHECK(str_fill(six, sizeof six, "a{x}b", n1, v1, 1) && strcmp(six, "aññb") == 0);
    /* Issue 9, defect 12: a cut inside the template's own text ("Pá" into 3
     * bytes) gave "P\xC3", half a character. */
    char three[3];
    CHECK(!str_fill(three, sizeof three, "Pá", NULL, NULL, 0) && strcmp(three, "P") == 0);
    CHECK(utf8_valid(three, strlen(three)));
    char four[4];
    CHECK(!str_fill(four, sizeof four, "Página {page}", names, values, 2) && strcmp(four, "Pá") == 0);

    CHECK(utf8_valid("Señales á é í ó ú ü ¿", strlen("Señales á é í ó ú ü ¿")));
    CHECK(!utf8_valid("\xC3", 1));              /* cut short */
    CHECK(!utf8_valid("\xC0\xAF", 2));          /* overlong */
    CHECK(!utf8_valid("\xED\xA0\x80", 3));      /* surrogate */
    CHECK(!utf8_valid("\xF4\x90\x80\x80", 4));  /* past U+10FFFF */
    CHECK(!utf8_valid("\xFF", 1));
    uint32_t cp;
    CHECK(utf8_decode("\xF0\x9F\x98\x80", 4, &cp) == 4 && cp == 0x1F600);
    CHECK(utf8_floor("añb", 2) == 1);

    arena *a = arena_create();
    CHECK(a != NULL);
    char *s = arena_strdup(a, "hello");
    CHECK(s && strcmp(s, "hello") == 0);
    void *big = arena_alloc(a, 200000);
    CHECK(big != NULL);
    char *after = arena_strdup(a, "still small");
    CHECK(after && strcmp(after, "still small") == 0 && strcmp(s, "hello") == 0);
    arena_destroy(a);
    return check_done("test_util");
}
