/* ui.json: a language's interface strings, and the same keys in every
 * language (docs/content.md). */
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "load_fields.h"
#include "load_internal.h"

/* ---- ui.json ---- */

static int cmp_ui(const void *a, const void *b)
{
    return strcmp(((const ui_string *)a)->key, ((const ui_string *)b)->key);
}

bool ld_load_ui(loader *L, const char *path, content_lang *lang)
{
    static const char *const ui_fields[] = {"$schema", "strings", NULL};
    json_doc doc;
    if (!json_doc_load(&doc, path, L->diags))
        return false;
    int before = L->diags->errors;
    const cJSON *strings = NULL;
    if (ld_is_object(L, &doc, doc.root, "$")) {
        ld_only_fields(L, &doc, doc.root, "$", ui_fields);
        strings = ld_field(&doc, L->diags, doc.root, "$", "strings", true);
    }
    if (strings && ld_is_object(L, &doc, strings, "$.strings")) {
        int n = cJSON_GetArraySize(strings);
        lang->strings = arena_alloc(L->set->arena, (size_t)(n ? n : 1) * sizeof *lang->strings);
        for (const cJSON *s = strings->child; s; s = s->next) {
            char p[JPATH_LEN + 64], why[128];
            const char *bad;
            str_format(p, sizeof p, "$.strings[\"%.60s\"]", s->string);
            if (!cJSON_IsString(s) || !*s->valuestring)
                json_doc_error(&doc, L->diags, s, p, "expected a non-empty string");
            else if (strlen(s->valuestring) > 400)
                json_doc_error(&doc, L->diags, s, p, "too long: at most 400 bytes");
            else if (!ld_text_ok(s->valuestring, false))
                json_doc_error(&doc, L->diags, s, p, "control characters are not allowed");
            else if ((bad = ld_text_unshowable(L, s->valuestring, why, sizeof why)))
                json_doc_error(&doc, L->diags, s, p, "%s", bad);
            else
                lang->strings[lang->string_count++] =
                    (ui_string){arena_strdup(L->set->arena, s->string),
                                arena_strdup(L->set->arena, s->valuestring)};
        }
        qsort(lang->strings, (size_t)lang->string_count, sizeof *lang->strings, cmp_ui);
        for (const cJSON *c = strings->child; c; c = c->next)
            for (const cJSON *e = c->next; e; e = e->next)
                if (strcmp(c->string, e->string) == 0) {
                    char qb[100];
                    json_doc_error(&doc, L->diags, e, "$.strings", "key \"%s\" appears twice",
                                   ld_quoted(qb, e->string));
                }
        for (int k = 0; k < content_required_ui_key_count; k++) {
            const char *key = content_required_ui_keys[k];
            if (content_ui(lang, key) == key)
                json_doc_error(&doc, L->diags, strings, "$.strings", "missing UI string \"%s\"",
                               key);
        }
    }
    json_doc_free(&doc);
    return L->diags->errors == before;
}

void ld_check_same_keys(loader *L, const content_set *set)
{
    const content_lang *first = &set->langs[0];
    for (int l = 1; l < set->lang_count; l++) {
        const content_lang *other = &set->langs[l];
        for (int i = 0; i < first->string_count; i++)
            if (content_ui(other, first->strings[i].key) == first->strings[i].key)
                diag_add(
                    L->diags, true,
                    "%s/%s/ui.json:1:1: $.strings: missing translation of \"%s\" (present in %s)",
                    set->root, other->code, first->strings[i].key, first->code);
        for (int i = 0; i < other->string_count; i++)
            if (content_ui(first, other->strings[i].key) == other->strings[i].key)
                diag_add(
                    L->diags, true,
                    "%s/%s/ui.json:1:1: $.strings: missing translation of \"%s\" (present in %s)",
                    set->root, first->code, other->strings[i].key, other->code);
    }
}

/* True when path is an existing file (or anything but "not found"). */
