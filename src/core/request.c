#include "request.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "field_check.h"
#include "util.h"

typedef struct {
    const char *key;
    size_t offset, size;
} field;

#define FIELD(name) {#name, offsetof(contact_request, name), sizeof(((contact_request *)0)->name)}
static const field fields[] = {
    FIELD(name),     FIELD(phone), FIELD(email), FIELD(best_time), FIELD(language), FIELD(voicemail_ok),
    FIELD(topic),    FIELD(consent_version),
};
#undef FIELD
enum { FIELD_COUNT = sizeof fields / sizeof fields[0] };

static const char header[] = "lantern-request ";

static const char *value_of(const contact_request *r, int i)
{
    return (const char *)r + fields[i].offset;
}

static bool one_of(const char *v, const char *const *set)
{
    for (; *set; set++)
        if (strcmp(v, *set) == 0)
            return true;
    return false;
}

/* True when v[0..len) is UTF-8 with no control character (C0, DEL, C1). */
static bool clean_text(const char *v, size_t len)
{
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        int n = utf8_decode(v + i, len - i, &cp);
        if (n == 0 || cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
            return false;
        i += (size_t)n;
    }
    return true;
}

bool request_validate(const contact_request *r, char *err, size_t err_size)
{
    for (int i = 0; i < FIELD_COUNT; i++) {
        const char *v = value_of(r, i);
        const char *end = memchr(v, '\0', fields[i].size);
        if (!end) {
            str_format(err, err_size, "%s: not terminated (at most %zu bytes)", fields[i].key, fields[i].size - 1);
            return false;
        }
        if (!clean_text(v, (size_t)(end - v))) {
            str_format(err, err_size, "%s: holds a control character or invalid UTF-8", fields[i].key);
            return false;
        }
    }
    static const char *const times[] = {"morning", "afternoon", "evening", NULL};
    static const char *const yes_no[] = {"yes", "no", NULL};
    static const char *const topics[] = {"family-programs", "loved-one", "myself", "other", NULL};
    const char *bad = NULL, *why = NULL;
    size_t phone_len = strlen(r->phone);
    if (r->name[0] == '\0')
        bad = "name", why = "is required";
    else if (phone_len != 0 && (phone_len != 10 || strspn(r->phone, "0123456789") != 10))
        bad = "phone", why = "must be 10 digits, or empty";
    else if (r->email[0] != '\0' && field_check_email(r->email, strlen(r->email)) != FIELD_OK)
        bad = "email", why = "is not an email address";
    else if (phone_len == 0 && r->email[0] == '\0')
        bad = "phone", why = "a phone number or an email address is required";
    else if (!one_of(r->best_time, times))
        bad = "best_time", why = "must be morning, afternoon or evening";
    else if (strlen(r->language) < 2 || strspn(r->language, "abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJKLMNOPQRSTUVWXYZ") !=
                                            strlen(r->language))
        bad = "language", why = "must be a language code such as en or es";
    else if (!one_of(r->voicemail_ok, yes_no))
        bad = "voicemail_ok", why = "must be yes or no";
    else if (!one_of(r->topic, topics))
        bad = "topic", why = "must be family-programs, loved-one, myself or other";
    else if (r->consent_version[0] == '\0')
        bad = "consent_version", why = "is required";
    if (bad) {
        str_format(err, err_size, "%s: %s", bad, why);
        return false;
    }
    return true;
}

size_t request_encode(const contact_request *r, char *out, size_t cap)
{
    char why[128];
    if (!r || !out || cap == 0 || !request_validate(r, why, sizeof why))
        return 0;
    size_t used = 0;
    char line[32];
    str_format(line, sizeof line, "%s%d\n", header, REQUEST_FORMAT);
    const char *parts[3 * FIELD_COUNT + 1];
    int n = 0;
    parts[n++] = line;
    for (int i = 0; i < FIELD_COUNT; i++) {
        parts[n++] = fields[i].key;
        parts[n++] = "\t";
        parts[n++] = value_of(r, i);
    }
    for (int i = 0; i < n; i++) {
        size_t len = strlen(parts[i]);
        bool ends_line = i >= 3 && i % 3 == 0; /* after each value */
        if (used + len + (ends_line ? 1 : 0) >= cap)
            goto too_small;
        memcpy(out + used, parts[i], len);
        used += len;
        if (ends_line)
            out[used++] = '\n';
    }
    out[used] = '\0';
    return used;
too_small:
    memset(out, 0, cap); /* no partial copy of personal data left behind */
    return 0;
}

static bool parse_uint(const char *s, size_t len, int *out)
{
    if (len == 0 || len > 9)
        return false;
    int v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

bool request_decode(const char *in, size_t len, contact_request *out, int *format, char *err, size_t err_size)
{
    int fmt = 0;
    memset(out, 0, sizeof *out);
    if (format)
        *format = 0;
    const char *nl = in ? memchr(in, '\n', len) : NULL;
    size_t hlen = sizeof header - 1;
    if (!nl || (size_t)(nl - in) <= hlen || memcmp(in, header, hlen) != 0 ||
        !parse_uint(in + hlen, (size_t)(nl - in) - hlen, &fmt)) {
        str_format(err, err_size, "damaged record: line 1 is not \"lantern-request N\"");
        return false;
    }
    if (format)
        *format = fmt;
    if (fmt > REQUEST_FORMAT) {
        str_format(err, err_size, "record format %d is newer than this lanternctl (%d): update lanternctl", fmt,
                   REQUEST_FORMAT);
        return false;
    }
    if (fmt != REQUEST_FORMAT) {
        str_format(err, err_size, "record format %d is not one this lanternctl reads (%d)", fmt, REQUEST_FORMAT);
        return false;
    }
    bool seen[FIELD_COUNT] = {false};
    const char *p = nl + 1, *end = in + len;
    int line = 1;
    while (p < end) {
        line++;
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol) {
            str_format(err, err_size, "damaged record: line %d is cut short (no line break)", line);
            goto fail;
        }
        const char *tab = memchr(p, '\t', (size_t)(eol - p));
        if (!tab) {
            str_format(err, err_size, "damaged record: line %d has no tab between key and value", line);
            goto fail;
        }
        size_t klen = (size_t)(tab - p), vlen = (size_t)(eol - tab - 1);
        int f = -1;
        for (int i = 0; i < FIELD_COUNT; i++)
            if (strlen(fields[i].key) == klen && memcmp(fields[i].key, p, klen) == 0)
                f = i;
        if (f < 0) {
            str_format(err, err_size, "damaged record: line %d has an unknown key", line);
            goto fail;
        }
        if (seen[f]) {
            str_format(err, err_size, "damaged record: line %d repeats the key %s", line, fields[f].key);
            goto fail;
        }
        seen[f] = true;
        if (vlen >= fields[f].size) {
            str_format(err, err_size, "damaged record: line %d: %s is too long (%zu bytes, at most %zu)", line,
                       fields[f].key, vlen, fields[f].size - 1);
            goto fail;
        }
        if (!clean_text(tab + 1, vlen)) {
            str_format(err, err_size, "damaged record: line %d: %s holds a control character or invalid UTF-8",
                       line, fields[f].key);
            goto fail;
        }
        char *dst = (char *)out + fields[f].offset;
        memcpy(dst, tab + 1, vlen);
        dst[vlen] = '\0';
        p = eol + 1;
    }
    for (int i = 0; i < FIELD_COUNT; i++) {
        if (!seen[i]) {
            str_format(err, err_size, "damaged record: the key %s is missing", fields[i].key);
            goto fail;
        }
    }
    return true;
fail:
    memset(out, 0, sizeof *out);
    return false;
}
