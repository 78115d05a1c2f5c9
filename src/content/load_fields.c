/* Field checks shared by the content and lint settings readers (see load_fields.h). */
#include "load_fields.h"

#include <stdint.h>
#include <string.h>

#include "../core/util.h"

const char *json_quoted(char buf[JSON_QUOTED_BYTES], const char *s)
{
    static const char hex[] = "0123456789abcdef";
    size_t o = 0, len = strlen(s), i = 0;
    while (i < len && o < 80) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == '"' || c == '\\') {
            const char *esc = c == '\n'   ? "\\n"
                              : c == '\t' ? "\\t"
                              : c == '"'  ? "\\\""
                              : c == '\\' ? "\\\\"
                                          : NULL;
            if (esc) {
                memcpy(buf + o, esc, 2);
                o += 2;
            } else {
                memcpy(buf + o, "\\u00", 4);
                buf[o + 4] = hex[c >> 4];
                buf[o + 5] = hex[c & 15];
                o += 6;
            }
            i++;
            continue;
        }
        /* Whole characters only (the reader has checked the UTF-8). */
        uint32_t cp;
        int step = utf8_decode(s + i, len - i, &cp);
        if (step <= 0)
            step = 1;
        memcpy(buf + o, s + i, (size_t)step);
        o += (size_t)step;
        i += (size_t)step;
    }
    buf[o] = '\0';
    if (i < len)
        memcpy(buf + o, "…", sizeof "…");
    return buf;
}

bool json_only_fields(const json_doc *doc, diag_list *diags, const cJSON *obj, const char *jpath,
                      const char *const *allowed)
{
    bool ok = true;
    for (const cJSON *c = obj->child; c; c = c->next) {
        bool known = false;
        for (const char *const *a = allowed; *a; a++)
            known = known || strcmp(*a, c->string) == 0;
        char qb[JSON_QUOTED_BYTES];
        if (!known) {
            json_doc_error(doc, diags, c, jpath, "unknown field \"%s\"",
                           json_quoted(qb, c->string));
            ok = false;
        }
        for (const cJSON *e = c->next; e; e = e->next)
            if (strcmp(e->string, c->string) == 0) {
                json_doc_error(doc, diags, e, jpath, "field \"%s\" appears twice",
                               json_quoted(qb, c->string));
                ok = false;
            }
    }
    return ok;
}
