/* facilitator/<id>.json: a module's discussion prompts (docs/content.md). */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "../core/util.h"
#include "load_fields.h"
#include "load_internal.h"

/* ---- facilitator/<id>.json: discussion prompts for a module ---- */

/* Loads the prompts for doc (NULL when the file names no document; doc_ok
 * false when the document itself has errors, so its sections are unknown). */
bool ld_load_prompts(loader *L, const char *path, const char *expect_id, const char *lang_code,
                     content_doc *doc_out, bool doc_ok)
{
    static const char *const file_fields[] = {"$schema", "module", "prompts", NULL};
    static const char *const prompt_fields[] = {"section", "text", NULL};
    json_doc doc;
    if (!json_doc_load(&doc, path, L->diags))
        return false;
    int before = L->diags->errors;
    const cJSON *root = doc.root;
    char qb[100], qb2[100];
    if (!ld_is_object(L, &doc, root, "$"))
        goto done;
    ld_only_fields(L, &doc, root, "$", file_fields);
    const char *module = ld_text_field(L, &doc, root, "$", "module", 40, true);
    if (module && !ld_id_ok(module))
        json_doc_error(
            &doc, L->diags, ld_child(root, "module"), "$.module",
            "module \"%s\" may use only lowercase letters, digits and - (rename the file too)",
            ld_quoted(qb, module));
    else if (module && strcmp(module, expect_id) != 0)
        json_doc_error(&doc, L->diags, ld_child(root, "module"), "$.module",
                       "module \"%s\" must match the file name \"%s\"", ld_quoted(qb, module),
                       ld_quoted(qb2, expect_id));
    else if (module && !doc_out)
        json_doc_error(&doc, L->diags, ld_child(root, "module"), "$.module",
                       "no module \"%s\" in %s/modules/", ld_quoted(qb, module), lang_code);
    int sections = doc_out && doc_ok ? content_section_count(doc_out) : 0;
    const char **prompts =
        sections ? arena_alloc(L->set->arena, (size_t)sections * sizeof *prompts) : NULL;
    const cJSON *list = ld_field(&doc, L->diags, root, "$", "prompts", true);
    if (list && !cJSON_IsArray(list)) {
        json_doc_error(&doc, L->diags, list, "$.prompts", "expected a list of prompts");
    } else if (list) {
        int n = cJSON_GetArraySize(list);
        if (n < 1 || n > CONTENT_MAX_BLOCKS) {
            json_doc_error(&doc, L->diags, list, "$.prompts",
                           "a facilitator file holds 1 to %d prompts, not %d", CONTENT_MAX_BLOCKS,
                           n);
        } else {
            const cJSON *seen[CONTENT_MAX_BLOCKS + 1] = {0};
            int seen_at[CONTENT_MAX_BLOCKS + 1] = {0};
            int i = 0;
            for (const cJSON *pr = list->child; pr; pr = pr->next, i++) {
                char jp[JPATH_LEN], sp[JPATH_LEN + 16];
                str_format(jp, sizeof jp, "$.prompts[%d]", i);
                str_format(sp, sizeof sp, "%s.section", jp);
                if (!ld_is_object(L, &doc, pr, jp))
                    continue;
                ld_only_fields(L, &doc, pr, jp, prompt_fields);
                const char *text = ld_text_field(L, &doc, pr, jp, "text", 400, true);
                const cJSON *sec = ld_field(&doc, L->diags, pr, jp, "section", true);
                if (!sec)
                    continue;
                if (!cJSON_IsNumber(sec) || sec->valuedouble < 1 ||
                    sec->valuedouble > CONTENT_MAX_BLOCKS ||
                    sec->valuedouble != (double)(int)sec->valuedouble) {
                    json_doc_error(&doc, L->diags, sec, sp,
                                   "expected a section number from 1 to %d%s", CONTENT_MAX_BLOCKS,
                                   cJSON_IsString(sec) ? ", without quotes" : "");
                    continue;
                }
                int s = sec->valueint;
                if (seen[s]) {
                    json_doc_error(&doc, L->diags, sec, sp,
                                   "section %d already has a prompt ($.prompts[%d])", s,
                                   seen_at[s]);
                    continue;
                }
                seen[s] = sec;
                seen_at[s] = i;
                if (doc_out && doc_ok && s > sections)
                    json_doc_error(
                        &doc, L->diags, sec, sp,
                        "no section %d: \"%s\" has %d section%s (each heading starts one)", s,
                        expect_id, sections, sections == 1 ? "" : "s");
                else if (prompts && text)
                    prompts[s - 1] = text;
            }
        }
    }
    if (doc_out && L->diags->errors == before) {
        doc_out->prompts = prompts;
        doc_out->prompt_count = sections;
    }
done:
    json_doc_free(&doc);
    return L->diags->errors == before;
}

/* Loads manifest.json into doc, which the caller frees after checking the
 * Home entries (so that their errors can name their lines). */
