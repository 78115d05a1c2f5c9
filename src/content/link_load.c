/* "link" blocks (docs/content.md): a cross-reference drawn as a button that
 * opens another document. The loader refuses a link to a document that does
 * not exist, with the file:line:col of its "module"; the label is not typed
 * by authors but taken from the target's title in the same language, so a
 * renamed module never leaves a stale label behind. */
#include <string.h>

#include "../core/util.h"
#include "load_internal.h"

void ld_load_link(loader *L, const json_doc *doc, const cJSON *b, const char *jpath,
                  content_block *out)
{
    static const char *const link_fields[] = {"type", "module", NULL};
    out->type = BLOCK_LINK;
    out->link_doc = -1;
    ld_only_fields(L, doc, b, jpath, link_fields);
    const char *target = ld_text_field(L, doc, b, jpath, "module", 40, true);
    if (!target)
        return;
    const cJSON *node = ld_child(b, "module");
    char mpath[JPATH_LEN + 8], qb[100];
    str_format(mpath, sizeof mpath, "%s.module", jpath);
    if (!ld_id_ok(target)) {
        json_doc_error(doc, L->diags, node, mpath,
                       "\"%s\" is not a module id (lowercase letters, digits and -)",
                       ld_quoted(qb, target));
        return;
    }
    if (!L->doc_ids) {
        out->target = target; /* checking one file alone: the form only */
        return;
    }
    int found = -1;
    for (int i = 0; i < L->doc_id_count && found < 0; i++)
        if (strcmp(L->doc_ids[i], target) == 0)
            found = i;
    if (found < 0) {
        json_doc_error(doc, L->diags, node, mpath,
                       "links to \"%s\", which is not a module of the content (no %s.json in "
                       "modules/)",
                       ld_quoted(qb, target), target);
        return;
    }
    if (L->doc_id && strcmp(L->doc_id, target) == 0 &&
        !(L->groups_id && strcmp(L->groups_id, target) == 0)) {
        json_doc_error(doc, L->diags, node, mpath,
                       "links to \"%s\", the document it is in (only the groups screen's document "
                       "may: its link opens the schedule)",
                       ld_quoted(qb, target));
        return;
    }
    out->target = target;
    out->link_doc = found;
}

void ld_resolve_links(content_lang *lang)
{
    for (int d = 0; d <= lang->doc_count; d++) {
        content_doc *doc = &lang->docs[d];
        if (d == lang->doc_count && !lang->help)
            break;
        for (int b = 0; b < doc->block_count && doc->blocks; b++) {
            content_block *blk = &doc->blocks[b];
            if (blk->type == BLOCK_LINK && blk->link_doc >= 0 && blk->link_doc < lang->doc_count)
                blk->text = lang->docs[blk->link_doc].title,
                blk->link_icon = lang->docs[blk->link_doc].icon;
        }
    }
}
