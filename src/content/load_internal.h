/* load_internal: what the content loader's files share (content_load.c,
 * groups_load.c, prompts_load.c); internal to src/content/ (uses cJSON).
 * Every helper reports its own problem to L->diags as file:line:col and
 * returns NULL or false; strings live in the set's arena. */
#ifndef LANTERN_LOAD_INTERNAL_H
#define LANTERN_LOAD_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "json_doc.h"
#include "load.h"

enum {
    PATH_MAX_LEN = 1024,
    JPATH_LEN = 128,
    IMAGE_MAX_BYTES = 2 * 1024 * 1024,
    IMAGE_MAX_SIDE = 1600
};

typedef struct {
    content_set *set;
    diag_list *diags;
    const content_checks *checks; /* NULL: structure only */
} loader;

typedef struct {
    json_doc doc;
    bool loaded;
    const cJSON *groups_node;                             /* $.groups */
    const cJSON *cancel_node;                             /* $.cancellations, or NULL */
    const cJSON *group_nodes[CONTENT_MAX_GROUPS];         /* the node of lang->groups[i] ... */
    int group_pos[CONTENT_MAX_GROUPS];                    /* ... and its index in $.groups */
    const cJSON *cancel_nodes[CONTENT_MAX_CANCELLATIONS]; /* $.cancellations[i] */
} groups_file;

/* obj's member name (NULL when obj is NULL or has none). */
static inline const cJSON *ld_child(const cJSON *obj, const char *name)
{
    return obj ? cJSON_GetObjectItemCaseSensitive(obj, name) : NULL;
}

/* content_load.c: field helpers */
const char *ld_quoted(char *buf, const char *s);
const cJSON *ld_field(const json_doc *doc, diag_list *d, const cJSON *obj, const char *jpath,
                      const char *name, bool required);
const char *ld_text_field(loader *L, const json_doc *doc, const cJSON *obj, const char *jpath,
                          const char *name, size_t max_len, bool required);
bool ld_only_fields(loader *L, const json_doc *doc, const cJSON *obj, const char *jpath,
                    const char *const *allowed);
bool ld_is_object(loader *L, const json_doc *doc, const cJSON *v, const char *jpath);
bool ld_id_ok(const char *s);
/* Arena memory for what the set keeps (review defect 16): on failure an
 * "out of memory" error at node of doc (doc NULL: at file where, 1:1) and
 * NULL, so that NULL is never taken for "no value" and the load fails. */
void *ld_alloc(loader *L, const json_doc *doc, const cJSON *node, const char *where, size_t size);
char *ld_strdup(loader *L, const json_doc *doc, const cJSON *node, const char *where,
                const char *s);

bool ld_text_ok(const char *s, bool allow_newline);
const char *ld_text_unshowable(const loader *L, const char *s, char *buf, size_t size);

/* image_load.c: out->src (obj's field name) under images/ in the content
 * folder, a regular file whose header gives its size (image_w, image_h);
 * and the manifest's "center" (name, logo) into L->set. */
void ld_image_src(loader *L, const json_doc *doc, const cJSON *obj, const char *name,
                  const char *jpath, content_block *out);
void ld_load_center(loader *L, const json_doc *doc, const cJSON *root);

/* ui_load.c: ui.json, and the same keys in every language */
bool ld_load_ui(loader *L, const char *path, content_lang *lang);
void ld_check_same_keys(loader *L, const content_set *set);

/* groups_load.c: groups.json in one language, then across languages */
bool ld_load_groups(loader *L, const char *path, content_lang *lang, groups_file *gf);
void ld_compare_groups(loader *L, groups_file *gf);

/* media_load.c: a document's "take_home" links (checked, encoded as QR
 * codes) and "audio" recordings (exist, decode, sane length) */
void ld_load_take_home(loader *L, const json_doc *doc, const cJSON *root, content_doc *out);
void ld_load_audio(loader *L, const json_doc *doc, const cJSON *root, content_doc *out);

/* prompts_load.c: facilitator/<id>.json */
bool ld_load_prompts(loader *L, const char *path, const char *expect_id, const char *lang_code,
                     content_doc *doc_out, bool doc_ok);

#endif
