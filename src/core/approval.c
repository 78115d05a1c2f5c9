/* approval: the canonical text a clinician's signature covers. */
#include "approval.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

void approval_clear(approval *a)
{
    for (int i = 0; i < a->file_count; i++)
        free(a->files[i].path);
    free(a->files);
    a->files = NULL;
    a->file_count = 0;
}

bool approval_text_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > APPROVAL_TEXT_MAX)
        return false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7F)
            return false;
    return true;
}

bool approval_path_ok(const char *path)
{
    size_t n = strlen(path);
    if (n == 0 || n > APPROVAL_PATH_MAX || path[0] == '/' || path[n - 1] == '/')
        return false;
    for (const unsigned char *p = (const unsigned char *)path; *p; p++)
        if (*p < 0x20 || *p == 0x7F || *p == '\\')
            return false;
    /* No empty, "." or ".." part. */
    const char *part = path;
    for (;;) {
        const char *slash = strchr(part, '/');
        size_t len = slash ? (size_t)(slash - part) : strlen(part);
        if (len == 0 || (len == 1 && part[0] == '.') ||
            (len == 2 && part[0] == '.' && part[1] == '.'))
            return false;
        if (!slash)
            return true;
        part = slash + 1;
    }
}

static bool digits(const char *s, int n)
{
    for (int i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

long approval_day_number(const char *iso)
{
    char date[11];
    long day;
    if (strlen(iso) < 10)
        return -1;
    memcpy(date, iso, 10);
    date[10] = '\0';
    return date_parse(date, 2000, 2100, &day) ? day : -1;
}

bool approval_time_ok(const char *s)
{
    return strlen(s) == 20 && approval_day_number(s) >= 0 && s[10] == 'T' && digits(s + 11, 2) &&
           s[13] == ':' && digits(s + 14, 2) && s[16] == ':' && digits(s + 17, 2) && s[19] == 'Z' &&
           atoi(s + 11) < 24 && atoi(s + 14) < 60 && atoi(s + 17) < 60;
}

static int by_path(const void *x, const void *y)
{
    return strcmp(((const approval_file *)x)->path, ((const approval_file *)y)->path);
}

bool approval_sort_files(approval *a)
{
    if (a->file_count > 1)
        qsort(a->files, (size_t)a->file_count, sizeof *a->files, by_path);
    for (int i = 1; i < a->file_count; i++)
        if (strcmp(a->files[i - 1].path, a->files[i].path) == 0)
            return false;
    return true;
}

void approval_hex(const unsigned char *bytes, size_t n, char *out)
{
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = hex[bytes[i] >> 4];
        out[2 * i + 1] = hex[bytes[i] & 15];
    }
    out[2 * n] = '\0';
}

static int hex_value(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

bool approval_unhex(const char *hex, unsigned char *bytes, size_t n)
{
    if (strlen(hex) != 2 * n)
        return false;
    for (size_t i = 0; i < n; i++) {
        int hi = hex_value(hex[2 * i]), lo = hex_value(hex[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return false;
        bytes[i] = (unsigned char)(hi << 4 | lo);
    }
    return true;
}

char *approval_canonical(const approval *a, size_t *len)
{
    char key[2 * APPROVAL_KEY_BYTES + 1];
    approval_hex(a->key, APPROVAL_KEY_BYTES, key);
    size_t cap = 1024;
    for (int i = 0; i < a->file_count; i++)
        cap += strlen(a->files[i].path) + 2 * APPROVAL_HASH_BYTES + 24;
    char *text = malloc(cap);
    if (!text)
        return NULL;
    int n = snprintf(
        text, cap,
        "lantern-approval %d\ncontent-version %s\nname %s\nrole %s\napproved-at %s\nreview-due "
        "%s\nkey %s\nfiles %d\n",
        a->format, a->content_version, a->name, a->role, a->approved_at, a->review_due, key,
        a->file_count);
    size_t used = n > 0 ? (size_t)n : 0;
    for (int i = 0; i < a->file_count && used < cap; i++) {
        char hash[2 * APPROVAL_HASH_BYTES + 1];
        approval_hex(a->files[i].hash, APPROVAL_HASH_BYTES, hash);
        n = snprintf(text + used, cap - used, "%s %llu %s\n", hash,
                     (unsigned long long)a->files[i].size, a->files[i].path);
        used += n > 0 ? (size_t)n : 0;
    }
    if (used >= cap) { /* cannot happen: cap counts every line */
        free(text);
        return NULL;
    }
    *len = used;
    return text;
}
