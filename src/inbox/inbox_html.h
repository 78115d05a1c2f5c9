/* inbox_html: a growing text buffer for pages and CSV, with HTML escaping.
 * A failed allocation sets oom and later appends do nothing (the caller
 * answers 500). sbuf_free wipes before freeing: pages hold request data. */
#ifndef LANTERN_INBOX_HTML_H
#define LANTERN_INBOX_HTML_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    char *data;
    size_t len, cap;
    bool oom;
} sbuf;

void sbuf_add(sbuf *b, const char *s);
void sbuf_addf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* s with & < > " ' escaped. */
void sbuf_html(sbuf *b, const char *s);
/* Hands the bytes over (the caller frees); the buffer is empty after. */
char *sbuf_take(sbuf *b, size_t *len);
void sbuf_free(sbuf *b);

#endif
