#include "inbox/inbox_html.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool reserve(sbuf *b, size_t more)
{
    if (b->oom)
        return false;
    if (b->len + more + 1 <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + more + 1)
        cap *= 2;
    char *grown = malloc(cap);
    if (!grown) {
        b->oom = true;
        return false;
    }
    if (b->data) {
        memcpy(grown, b->data, b->len);
        explicit_bzero(b->data, b->cap);
        free(b->data);
    }
    b->data = grown;
    b->cap = cap;
    b->data[b->len] = '\0';
    return true;
}

static void add_n(sbuf *b, const char *s, size_t n)
{
    if (!reserve(b, n))
        return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void sbuf_add(sbuf *b, const char *s)
{
    add_n(b, s, strlen(s));
}

void sbuf_addf(sbuf *b, const char *fmt, ...)
{
    char small[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof small) {
        add_n(b, small, (size_t)n);
    } else if (reserve(b, (size_t)n)) {
        va_start(ap, fmt);
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
        va_end(ap);
        b->len += (size_t)n;
    }
    explicit_bzero(small, sizeof small);
}

void sbuf_html(sbuf *b, const char *s)
{
    for (const char *p = s; p && *p; p++) {
        switch (*p) {
        case '&':
            sbuf_add(b, "&amp;");
            break;
        case '<':
            sbuf_add(b, "&lt;");
            break;
        case '>':
            sbuf_add(b, "&gt;");
            break;
        case '"':
            sbuf_add(b, "&quot;");
            break;
        case '\'':
            sbuf_add(b, "&#39;");
            break;
        default:
            add_n(b, p, 1);
        }
    }
}

char *sbuf_take(sbuf *b, size_t *len)
{
    if (!reserve(b, 0)) {
        *len = 0;
        return NULL;
    }
    char *d = b->data;
    *len = b->len;
    b->data = NULL;
    b->len = b->cap = 0;
    return d;
}

void sbuf_free(sbuf *b)
{
    if (b->data) {
        explicit_bzero(b->data, b->cap);
        free(b->data);
    }
    b->data = NULL;
    b->len = b->cap = 0;
}
