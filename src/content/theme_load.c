#include "theme_load.h"

#include <math.h>
#include <sys/stat.h>
#include <string.h>

#include "../core/util.h"
#include "json_doc.h"

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static bool parse_color(const char *s, color *out)
{
    size_t n = strlen(s);
    if (s[0] != '#' || (n != 7 && n != 9))
        return false;
    uint8_t v[4] = {0, 0, 0, 255};
    for (size_t i = 0; i < (n - 1) / 2; i++) {
        int hi = hex_digit(s[1 + 2 * i]), lo = hex_digit(s[2 + 2 * i]);
        if (hi < 0 || lo < 0)
            return false;
        v[i] = (uint8_t)(hi * 16 + lo);
    }
    *out = (color){v[0], v[1], v[2], v[3]};
    return true;
}

static const theme_field *find_field(const theme_field *fields, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(fields[i].name, name) == 0)
            return &fields[i];
    return NULL;
}

/* Reads one section ("colors", "mm" or "px_1080") of every field in fields
 * into base + each field's offset. */
static bool read_section(const json_doc *doc, const cJSON *obj, const char *section,
                         const theme_field *fields, int n, bool colors, void *base,
                         diag_list *diags)
{
    char jpath[96];
    if (!cJSON_IsObject(obj)) {
        json_doc_error(doc, diags, obj ? obj : doc->root, "$", "\"%s\" must be an object", section);
        return false;
    }
    bool seen[64] = {false};
    for (const cJSON *v = obj->child; v; v = v->next) {
        str_format(jpath, sizeof jpath, "$.%s.%s", section, v->string);
        const theme_field *f = find_field(fields, n, v->string);
        if (!f) {
            json_doc_error(doc, diags, v, jpath, "unknown %s", colors ? "colour" : "size");
            return false;
        }
        seen[f - fields] = true;
        if (colors) {
            color c;
            if (!cJSON_IsString(v) || !parse_color(v->valuestring, &c)) {
                json_doc_error(doc, diags, v, jpath, "must be \"#RRGGBB\" or \"#RRGGBBAA\"");
                return false;
            }
            memcpy((char *)base + f->offset, &c, sizeof c);
        } else {
            if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble)) {
                json_doc_error(doc, diags, v, jpath, "must be a number");
                return false;
            }
            double size = v->valuedouble;
            memcpy((char *)base + f->offset, &size, sizeof size);
        }
    }
    for (int i = 0; i < n; i++)
        if (!seen[i]) {
            str_format(jpath, sizeof jpath, "$.%s", section);
            json_doc_error(doc, diags, obj, jpath, "\"%s\" is missing", fields[i].name);
            return false;
        }
    return true;
}

bool theme_load_file(theme *out, const char *path, diag_list *diags)
{
    json_doc doc;
    if (!json_doc_load(&doc, path, diags))
        return false;
    theme t = *theme_builtin();
    bool ok = true;
    if (!cJSON_IsObject(doc.root)) {
        json_doc_error(&doc, diags, doc.root, "$", "the theme must be a JSON object");
        ok = false;
    }
    for (const cJSON *v = ok ? doc.root->child : NULL; v && ok; v = v->next)
        if (strcmp(v->string, "colors") && strcmp(v->string, "mm") &&
            strcmp(v->string, "px_1080") && strcmp(v->string, "about")) {
            json_doc_error(&doc, diags, v, "$", "unknown key \"%s\" (colors, mm, px_1080, about)",
                           v->string);
            ok = false;
        }
    ok = ok && read_section(&doc, cJSON_GetObjectItemCaseSensitive(doc.root, "colors"), "colors",
                            THEME_COLORS, THEME_COLOR_COUNT, true, &t, diags);
    ok = ok && read_section(&doc, cJSON_GetObjectItemCaseSensitive(doc.root, "mm"), "mm",
                            THEME_SIZES, THEME_SIZE_COUNT, false, &t.mm, diags);
    ok = ok && read_section(&doc, cJSON_GetObjectItemCaseSensitive(doc.root, "px_1080"), "px_1080",
                            THEME_SIZES, THEME_SIZE_COUNT, false, &t.px_1080, diags);
    char why[256];
    if (ok && !theme_check(&t, why, sizeof why)) {
        json_doc_error(&doc, diags, doc.root, "$", "%s", why);
        ok = false;
    }
    if (ok)
        *out = t;
    json_doc_free(&doc);
    return ok;
}

void theme_apply_config(const char *theme_path, double screen_diagonal_in)
{
    layout_set_panel(screen_diagonal_in, 0);
    struct stat st;
    if (!theme_path || !*theme_path || stat(theme_path, &st) != 0) {
        log_msg(LOG_INFO, "%s: no theme file; the built-in look is used",
                theme_path ? theme_path : "");
        THEME_STANDARD = *theme_builtin();
        return;
    }
    diag_list diags = {0};
    theme t;
    if (theme_load_file(&t, theme_path, &diags)) {
        THEME_STANDARD = t;
    } else {
        for (int i = 0; i < diags.count; i++)
            log_msg(LOG_ERROR, "%s (the built-in look is used)", diags.lines[i]);
        THEME_STANDARD = *theme_builtin();
    }
    diag_list_free(&diags);
}
