/* The loader's checks of one text field: no control characters, nothing a
 * visitor would not see as written (invisible, direction-changing or
 * undrawable characters), within its length; then copied into the set's
 * arena. Each reports its own error (file:line:col) and returns NULL/false. */
#include <stdint.h>
#include <string.h>

#include "../core/field_check.h"
#include "../core/util.h"
#include "json_doc.h"
#include "load_internal.h"

bool ld_text_ok(const char *s, bool allow_newline)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p < 0x20 && !(allow_newline && *p == '\n')) || *p == 0x7F)
            return false;
    return true;
}

/* What in a text a visitor would not see as written: an invisible or
 * direction-changing character (U+202E turns a line around), or one the
 * kiosk's font cannot draw (it would show as an empty box). NULL when fine;
 * otherwise a message in buf. */
const char *ld_text_unshowable(const loader *L, const char *s, char *buf, size_t size)
{
    size_t n = strlen(s);
    bool check_glyphs = L->checks && L->checks->can_draw;
    for (size_t i = 0; i < n;) {
        /* Without a font to ask, only non-ASCII characters need a look:
         * runs of ASCII are skipped eight bytes at a time. */
        while (!check_glyphs && i + 8 <= n) {
            uint64_t eight;
            memcpy(&eight, s + i, sizeof eight);
            if (eight & 0x8080808080808080ull)
                break;
            i += 8;
        }
        if (i >= n)
            break;
        uint32_t cp = (unsigned char)s[i];
        int step = 1;
        /* ASCII (most of every text) decodes as itself: no call per byte. */
        if (cp >= 0x80)
            step = utf8_decode(s + i, n - i, &cp);
        if (step <= 0)
            return "not valid UTF-8";
        if (cp >= 0x80 && field_is_control_or_format(cp)) {
            str_format(buf, size, "invisible or direction-changing character U+%04X is not allowed",
                       (unsigned)cp);
            return buf;
        }
        if (cp > ' ' && check_glyphs && !L->checks->can_draw(L->checks->ctx, cp)) {
            str_format(buf, size, "character U+%04X cannot be shown by the kiosk's font: remove it",
                       (unsigned)cp);
            return buf;
        }
        i += (size_t)step;
    }
    return NULL;
}

static const char *field_path(char *buf, size_t size, const char *jpath, const char *name)
{
    str_format(buf, size, "%s.%s", jpath, name);
    return buf;
}

const char *ld_text_field(loader *L, const json_doc *doc, const cJSON *obj, const char *jpath,
                          const char *name, size_t max_len, bool required)
{
    const cJSON *v = ld_field(doc, L->diags, obj, jpath, name, required);
    if (!v)
        return NULL;
    /* The field's path is formatted only for a message: a load checks
     * thousands of fields, nearly all of them fine. */
    char path[JPATH_LEN + 64];
    if (!cJSON_IsString(v)) {
        json_doc_error(doc, L->diags, v, field_path(path, sizeof path, jpath, name),
                       "expected a string");
        return NULL;
    }
    size_t len = strlen(v->valuestring);
    if (len == 0) {
        json_doc_error(doc, L->diags, v, field_path(path, sizeof path, jpath, name),
                       "must not be empty");
        return NULL;
    }
    if (len > max_len) {
        json_doc_error(doc, L->diags, v, field_path(path, sizeof path, jpath, name),
                       "too long: %zu bytes, at most %zu", len, max_len);
        return NULL;
    }
    if (!ld_text_ok(v->valuestring, false)) {
        json_doc_error(doc, L->diags, v, field_path(path, sizeof path, jpath, name),
                       "control characters are not allowed");
        return NULL;
    }
    char why[128];
    const char *bad = ld_text_unshowable(L, v->valuestring, why, sizeof why);
    if (bad) {
        json_doc_error(doc, L->diags, v, field_path(path, sizeof path, jpath, name), "%s", bad);
        return NULL;
    }
    char *copy = arena_alloc(L->set->arena, len + 1);
    if (!copy) {
        json_doc_error(doc, L->diags, v, field_path(path, sizeof path, jpath, name),
                       "out of memory");
        return NULL;
    }
    memcpy(copy, v->valuestring, len + 1);
    return copy;
}
