/* util: small helpers every module uses.
 *
 * - Bounded string copy and formatting (no strcpy/sprintf anywhere).
 * - UTF-8 decoding and validation.
 * - Logging to stderr with a level; callers put `file:line:col:` context in
 *   the message themselves. Nothing typed by a visitor may ever be logged.
 * - A chunked string arena: many small strings freed at once.
 *
 * Ownership: str_dup_* return malloc'd memory the caller frees; arena strings
 * belong to the arena and go with arena_destroy. */
#ifndef LANTERN_UTIL_H
#define LANTERN_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Copies src into dst (size bytes), always terminating; returns false when cut. */
bool str_copy(char *dst, size_t size, const char *src);
/* snprintf that returns false when the output was cut. */
bool str_format(char *dst, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Appends to dst (size bytes, already terminated); false when cut. */
bool str_append(char *dst, size_t size, const char *src);

/* Replaces {name} placeholders in tmpl with values; names[i] ↔ values[i].
 * Unknown placeholders are copied as they are. False when the output was cut. */
bool str_fill(char *dst, size_t size, const char *tmpl, const char *const *names,
              const char *const *values, int count);

/* Decodes one UTF-8 code point at s (len bytes left). Returns its length in
 * bytes (1..4) and stores it in *cp, or returns 0 on an invalid sequence. */
int utf8_decode(const char *s, size_t len, uint32_t *cp);
/* True when s[0..len) is valid UTF-8 (no overlongs, no surrogates). */
bool utf8_valid(const char *s, size_t len);
/* Byte offset of the code point boundary at or before pos. */
size_t utf8_floor(const char *s, size_t pos);

typedef enum { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR } log_level;
void log_set_quiet(bool quiet);
void log_msg(log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A bad flag or argument on a command line: "program: " fmt (one %s, for
 * arg) " (see help)" on stderr. Returns 2, every program's exit status for
 * bad usage. The one copy for lantern and lanternctl. */
int usage_error(const char *program, const char *help, const char *fmt, const char *arg);
/* The last error lines logged, newest first, for the staff screen (logs
 * never hold anything a visitor typed). Returns how many were copied. */
int log_recent_errors(char (*out)[200], int max);

typedef struct arena arena;
arena *arena_create(void);
void arena_destroy(arena *a);
/* Returns a copy of s[0..len) terminated with NUL, or NULL when out of memory. */
char *arena_strndup(arena *a, const char *s, size_t len);
char *arena_strdup(arena *a, const char *s);
/* Zeroed, 16-byte aligned memory owned by the arena. */
void *arena_alloc(arena *a, size_t size);
size_t arena_bytes(const arena *a);

/* The local calendar date offset_days days from the one wall (unix seconds)
 * falls on, formatted with strftime's fmt ("%Y-%m-%d", "%m-%d"). Counted in
 * calendar days at noon, never as 86400-second steps, so a DST change
 * neither skips nor repeats a day. False when it cannot be formatted. */
bool local_date_offset(int64_t wall, int offset_days, const char *fmt, char *out, size_t size);

/* The one calendar-date helper (content review dates and cancellations,
 * approvals, usage days, lanternctl): a date written exactly "YYYY-MM-DD"
 * (digits only: no spaces, signs or trailing text) that exists in the
 * proleptic Gregorian calendar, with a year from min_year to max_year. True
 * and its day number (days since 1970-01-01, negative before) in *day_out
 * (may be NULL); false otherwise. Time zones play no part. */
bool date_parse(const char *s, int min_year, int max_year, long *day_out);
/* The day number back as "YYYY-MM-DD" (out holds 11 bytes; years 0-9999). */
void date_format(long day, char out[11]);
/* The day of the week of a day number: 0 Sunday .. 6 Saturday. */
int date_weekday(long day);

/* Clears n bytes so the compiler cannot drop it (explicit_bzero): the one
 * way core code wipes what a visitor typed. */
void secure_wipe(void *p, size_t n);
/* True when needle[0..n) occurs in hay[0..size) (n > 0). */
bool bytes_contain(const void *hay, size_t size, const void *needle, size_t n);

#endif
