/* json_out: the one JSON string writer for code that writes JSON by hand
 * (the harness's screen dumps, lanternctl's --json exports); reading JSON is
 * src/content's job (cJSON). Nothing to free. */
#ifndef LANTERN_JSON_OUT_H
#define LANTERN_JSON_OUT_H

#include <stddef.h>
#include <stdio.h>

/* Writes s[0..len) as a JSON string with its quotes: " and \ escaped, \n \r \t
 * by name, other control characters and DEL as \u00XX; every other byte as it
 * is (the callers' text is UTF-8 already). */
void json_out_string_n(FILE *out, const char *s, size_t len);

/* The same for a NUL-terminated s. */
void json_out_string(FILE *out, const char *s);

#endif
