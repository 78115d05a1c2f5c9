/* Loads a content folder (format: docs/content.md) into a content_set. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../core/util.h"
#include "json_doc.h"
#include "../core/field_check.h"
#include "../core/icons.h"
#include "../core/image_header.h"
#include "../core/safe_file.h"
#include "load.h"
#include "load_internal.h"
#include "load_fields.h"

/* ---- field helpers: each reports its own error and returns NULL/false ---- */

void *ld_alloc(loader *L, const json_doc *doc, const cJSON *node, const char *where, size_t size)
{
    void *p = arena_alloc(L->set->arena, size);
    if (!p && doc)
        json_doc_error(doc, L->diags, node, where, "out of memory");
    else if (!p)
        diag_add(L->diags, true, "%s:1:1: out of memory", where);
    return p;
}

char *ld_strdup(loader *L, const json_doc *doc, const cJSON *node, const char *where, const char *s)
{
    size_t len = strlen(s);
    char *p = ld_alloc(L, doc, node, where, len + 1);
    if (p)
        memcpy(p, s, len + 1);
    return p;
}

/* A value echoed in a message: control characters escaped, long text cut,
 * so that every problem stays on one line. buf holds 100 bytes. */
const char *ld_quoted(char *buf, const char *s)
{
    return json_quoted(buf, s);
}

const cJSON *ld_field(const json_doc *doc, diag_list *d, const cJSON *obj, const char *jpath,
                      const char *name, bool required)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (!v && required)
        json_doc_error(doc, d, obj, jpath, "missing required field \"%s\"", name);
    return v;
}

bool ld_only_fields(loader *L, const json_doc *doc, const cJSON *obj, const char *jpath,
                    const char *const *allowed)
{
    return json_only_fields(doc, L->diags, obj, jpath, allowed);
}

bool ld_is_object(loader *L, const json_doc *doc, const cJSON *v, const char *jpath)
{
    if (cJSON_IsObject(v))
        return true;
    json_doc_error(doc, L->diags, v, jpath, "expected an object");
    return false;
}

static const char *date_field(loader *L, const json_doc *doc, const cJSON *obj, const char *name)
{
    const char *s = ld_text_field(L, doc, obj, "$", name, 40, true);
    if (s && !content_date_valid(s)) {
        char path[64], qb[100];
        str_format(path, sizeof path, "$.%s", name);
        json_doc_error(doc, L->diags, cJSON_GetObjectItemCaseSensitive(obj, name), path,
                       "not a date: expected YYYY-MM-DD, got \"%s\"", ld_quoted(qb, s));
        return NULL;
    }
    return s;
}

bool ld_id_ok(const char *s)
{
    if (!*s || strlen(s) > 40)
        return false;
    for (; *s; s++)
        if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) || *s == '-'))
            return false;
    return true;
}

/* ---- documents ---- */

static bool load_block(loader *L, const json_doc *doc, const cJSON *b, const char *jpath,
                       content_block *out)
{
    static const char *const heading_fields[] = {"type", "text", NULL};
    static const char *const list_fields[] = {"type", "items", NULL};
    static const char *const callout_fields[] = {"type", "label", "text", "tone", NULL};
    static const char *const image_fields[] = {"type", "src", "alt", NULL};
    static const char *const help_fields[] = {"type", "name", "number", "detail", "note", NULL};
    static const char *const break_fields[] = {"type", NULL};
    int before = L->diags->errors;
    if (!ld_is_object(L, doc, b, jpath))
        return false;
    const cJSON *type = ld_field(doc, L->diags, b, jpath, "type", true);
    if (!type)
        return false;
    if (!cJSON_IsString(type)) {
        json_doc_error(doc, L->diags, type, jpath, "\"type\" must be a string");
        return false;
    }
    const char *t = type->valuestring;
    if (strcmp(t, "heading") == 0) {
        out->type = BLOCK_HEADING;
        ld_only_fields(L, doc, b, jpath, heading_fields);
        out->text = ld_text_field(L, doc, b, jpath, "text", 120, true);
    } else if (strcmp(t, "paragraph") == 0) {
        out->type = BLOCK_PARAGRAPH;
        ld_only_fields(L, doc, b, jpath, heading_fields);
        out->text = ld_text_field(L, doc, b, jpath, "text", 1200, true);
    } else if (strcmp(t, "list") == 0) {
        out->type = BLOCK_LIST;
        ld_only_fields(L, doc, b, jpath, list_fields);
        const cJSON *items = ld_field(doc, L->diags, b, jpath, "items", true);
        char ipath[JPATH_LEN + 16];
        str_format(ipath, sizeof ipath, "%s.items", jpath);
        if (items && !cJSON_IsArray(items)) {
            json_doc_error(doc, L->diags, items, ipath, "expected a list of texts");
        } else if (items) {
            int n = cJSON_GetArraySize(items);
            if (n < 1 || n > 12) {
                json_doc_error(doc, L->diags, items, ipath, "a list holds 1 to 12 items, not %d",
                               n);
            } else {
                out->items = ld_alloc(L, doc, items, ipath, (size_t)n * sizeof *out->items);
                out->item_count = out->items ? n : 0;
                int i = 0;
                for (const cJSON *it = out->items ? items->child : NULL; it; it = it->next, i++) {
                    char p[JPATH_LEN + 32], why[128];
                    const char *bad;
                    str_format(p, sizeof p, "%s[%d]", ipath, i);
                    if (!cJSON_IsString(it) || !*it->valuestring) {
                        json_doc_error(doc, L->diags, it, p, "expected a non-empty string");
                    } else if (strlen(it->valuestring) > 300) {
                        json_doc_error(doc, L->diags, it, p, "too long: %zu bytes, at most 300",
                                       strlen(it->valuestring));
                    } else if (!ld_text_ok(it->valuestring, false)) {
                        json_doc_error(doc, L->diags, it, p, "control characters are not allowed");
                    } else if ((bad = ld_text_unshowable(L, it->valuestring, why, sizeof why))) {
                        json_doc_error(doc, L->diags, it, p, "%s", bad);
                    } else {
                        out->items[i] = ld_strdup(L, doc, it, p, it->valuestring);
                    }
                }
            }
        }
    } else if (strcmp(t, "callout") == 0) {
        out->type = BLOCK_CALLOUT;
        ld_only_fields(L, doc, b, jpath, callout_fields);
        out->label = ld_text_field(L, doc, b, jpath, "label", 40, true);
        out->text = ld_text_field(L, doc, b, jpath, "text", 400, true);
        const char *tone = ld_text_field(L, doc, b, jpath, "tone", 40, false);
        if (tone && strcmp(tone, "avoid") != 0 && strcmp(tone, "try") != 0) {
            char tpath[JPATH_LEN + 8], qb[100];
            str_format(tpath, sizeof tpath, "%s.tone", jpath);
            json_doc_error(doc, L->diags, cJSON_GetObjectItemCaseSensitive(b, "tone"), tpath,
                           "tone must be \"try\" or \"avoid\", not \"%s\"", ld_quoted(qb, tone));
        }
        out->avoid = tone && strcmp(tone, "avoid") == 0;
    } else if (strcmp(t, "image") == 0) {
        out->type = BLOCK_IMAGE;
        ld_only_fields(L, doc, b, jpath, image_fields);
        out->src = ld_text_field(L, doc, b, jpath, "src", 200, true);
        out->alt = ld_text_field(L, doc, b, jpath, "alt", 200, true);
        if (out->src)
            ld_image_src(L, doc, b, "src", jpath, out);
    } else if (strcmp(t, "help") == 0) {
        out->type = BLOCK_HELP;
        ld_only_fields(L, doc, b, jpath, help_fields);
        out->label = ld_text_field(L, doc, b, jpath, "name", 80, true);
        out->number = ld_text_field(L, doc, b, jpath, "number", 40, true);
        out->text = ld_text_field(L, doc, b, jpath, "detail", 200, true);
        out->note = ld_text_field(L, doc, b, jpath, "note", 80, false);
    } else if (strcmp(t, "page_break") == 0) {
        out->type = BLOCK_PAGE_BREAK;
        ld_only_fields(L, doc, b, jpath, break_fields);
    } else if (strcmp(t, "link") == 0) {
        ld_load_link(L, doc, b, jpath, out);
    } else {
        char qb[100];
        json_doc_error(doc, L->diags, type, jpath,
                       "unknown block type \"%s\" (heading, paragraph, list, callout, image, help, "
                       "page_break, link)",
                       ld_quoted(qb, t));
    }
    return L->diags->errors == before;
}

static bool load_doc(loader *L, const char *path, const char *expect_id, bool help_file,
                     content_doc *out)
{
    static const char *const doc_fields[] = {
        "$schema", "id", "kind", "version", "title", "summary", "sources", "review_due", "blocks",
        "take_home", "audio", "icon",
        /* Removed from the format: refused below with a message of their own. */
        "reviewed_by", "reviewed_on", NULL};
    json_doc doc;
    L->doc_id = expect_id;
    if (!json_doc_load(&doc, path, L->diags))
        return false;
    int before = L->diags->errors;
    const cJSON *root = doc.root;
    if (!ld_is_object(L, &doc, root, "$"))
        goto done;
    ld_only_fields(L, &doc, root, "$", doc_fields);
    /* A typed-in reviewer is not an approval: only a clinician's signature
     * (approval.json) may say who reviewed the text. */
    static const char *const removed_fields[] = {"reviewed_by", "reviewed_on"};
    for (size_t i = 0; i < sizeof removed_fields / sizeof removed_fields[0]; i++) {
        const cJSON *old = cJSON_GetObjectItemCaseSensitive(root, removed_fields[i]);
        if (old)
            json_doc_error(
                &doc, L->diags, old, "$",
                "field \"%s\" is no longer part of the format: delete it (a clinician approves "
                "content by signing it, see \"Approval\" in docs/content.md)",
                removed_fields[i]);
    }
    out->id = ld_text_field(L, &doc, root, "$", "id", 40, true);
    char qb[100], qb2[100];
    if (out->id && !ld_id_ok(out->id))
        json_doc_error(
            &doc, L->diags, cJSON_GetObjectItemCaseSensitive(root, "id"), "$.id",
            "id \"%s\" may use only lowercase letters, digits and - (rename the file too)",
            ld_quoted(qb, out->id));
    else if (out->id && strcmp(out->id, expect_id) != 0)
        json_doc_error(&doc, L->diags, cJSON_GetObjectItemCaseSensitive(root, "id"), "$.id",
                       "id \"%s\" must match the file name \"%s\"", ld_quoted(qb, out->id),
                       ld_quoted(qb2, expect_id));
    const char *kind = ld_text_field(L, &doc, root, "$", "kind", 40, true);
    const cJSON *kind_node = cJSON_GetObjectItemCaseSensitive(root, "kind");
    if (kind) {
        if (strcmp(kind, "module") == 0)
            out->kind = DOC_MODULE;
        else if (strcmp(kind, "page") == 0)
            out->kind = DOC_PAGE;
        else if (strcmp(kind, "help") == 0)
            out->kind = DOC_HELP;
        else
            json_doc_error(&doc, L->diags, kind_node, "$.kind",
                           "kind must be \"module\", \"page\" or \"help\", not \"%s\"",
                           ld_quoted(qb, kind));
        bool is_help = strcmp(kind, "help") == 0;
        if (help_file && !is_help)
            json_doc_error(&doc, L->diags, kind_node, "$.kind",
                           "help.json must have kind \"help\"");
        else if (!help_file && is_help)
            json_doc_error(&doc, L->diags, kind_node, "$.kind", "\"help\" is only for help.json");
    }
    const cJSON *version = ld_field(&doc, L->diags, root, "$", "version", true);
    if (version) {
        if (!cJSON_IsNumber(version) || version->valuedouble < 1 || version->valuedouble > 1e6 ||
            version->valuedouble != (double)(int)version->valuedouble)
            json_doc_error(&doc, L->diags, version, "$.version",
                           "expected a whole number from 1 to 1000000%s",
                           cJSON_IsString(version) ? ", without quotes" : "");
        else
            out->version = version->valueint;
    }
    out->title = ld_text_field(L, &doc, root, "$", "title", 80, true);
    out->summary = ld_text_field(L, &doc, root, "$", "summary", 140, true);
    /* The Home tile's icon: a name of the Material Icons font (core/icons.h). */
    out->icon = ld_text_field(L, &doc, root, "$", "icon", 40, false);
    if (out->icon && !icon_by_name(out->icon)) {
        json_doc_error(&doc, L->diags, ld_child(root, "icon"), "$.icon",
                       "unknown icon \"%s\"; use one of the names in src/core/icons.h (phone, "
                       "home, groups, ...)",
                       out->icon);
        out->icon = NULL;
    }
    out->review_due = date_field(L, &doc, root, "review_due");
    const cJSON *sources = ld_field(&doc, L->diags, root, "$", "sources", true);
    if (sources && !cJSON_IsArray(sources)) {
        json_doc_error(&doc, L->diags, sources, "$.sources", "expected a list of texts");
    } else if (sources) {
        int n = cJSON_GetArraySize(sources);
        out->sources =
            ld_alloc(L, &doc, sources, "$.sources", (size_t)(n ? n : 1) * sizeof *out->sources);
        int i = 0;
        for (const cJSON *s = out->sources ? sources->child : NULL; s; s = s->next, i++) {
            char p[32];
            str_format(p, sizeof p, "$.sources[%d]", i);
            char why[128];
            const char *bad = NULL;
            if (!cJSON_IsString(s) || !*s->valuestring || strlen(s->valuestring) > 300 ||
                !ld_text_ok(s->valuestring, false))
                json_doc_error(&doc, L->diags, s, p, "expected a text of 1 to 300 bytes");
            /* Shown to reviewers (preview), not in the kiosk's font: only the
             * invisible and direction-changing characters are refused. */
            else if ((bad = ld_text_unshowable(&(loader){L->set, L->diags, NULL}, s->valuestring,
                                               why, sizeof why)))
                json_doc_error(&doc, L->diags, s, p, "%s", bad);
            else if ((out->sources[out->source_count] = ld_strdup(L, &doc, s, p, s->valuestring)))
                out->source_count++;
        }
    }
    const cJSON *blocks = ld_field(&doc, L->diags, root, "$", "blocks", true);
    if (blocks && !cJSON_IsArray(blocks)) {
        json_doc_error(&doc, L->diags, blocks, "$.blocks", "expected a list of blocks");
    } else if (blocks) {
        int n = cJSON_GetArraySize(blocks);
        if (n < 1 || n > CONTENT_MAX_BLOCKS) {
            json_doc_error(&doc, L->diags, blocks, "$.blocks",
                           "a document holds 1 to %d blocks, not %d", CONTENT_MAX_BLOCKS, n);
        } else {
            out->blocks = ld_alloc(L, &doc, blocks, "$.blocks", (size_t)n * sizeof *out->blocks);
            out->block_count = out->blocks ? n : 0;
            int i = 0;
            for (const cJSON *b = out->blocks ? blocks->child : NULL; b; b = b->next, i++) {
                char p[JPATH_LEN];
                str_format(p, sizeof p, "$.blocks[%d]", i);
                load_block(L, &doc, b, p, &out->blocks[i]);
            }
        }
    }
    ld_load_take_home(L, &doc, root, out);
    ld_load_audio(L, &doc, root, out);
done:
    json_doc_free(&doc);
    return L->diags->errors == before;
}

/* ---- folder walking ---- */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lists the <dir>/<id>.json ids (file names without .json), sorted; arena-owned.
 * An optional folder that does not exist has no ids. */
static int list_ids(loader *L, const char *dir, char **ids, int max, bool optional)
{
    DIR *d = opendir(dir);
    if (!d && optional && errno == ENOENT)
        return 0;
    if (!d) {
        diag_add(L->diags, true, "%s:1:1: cannot open folder: %s", dir, strerror(errno));
        return -1;
    }
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '.' || len < 6 || strcmp(e->d_name + len - 5, ".json") != 0)
            continue;
        if (n == max) {
            diag_add(L->diags, true, "%s:1:1: more than %d documents", dir, max);
            break;
        }
        char *id = arena_strndup(L->set->arena, e->d_name, len - 5);
        if (!id) {
            diag_add(L->diags, true, "%s:1:1: out of memory", dir);
            break;
        }
        ids[n++] = id;
    }
    closedir(d);
    qsort(ids, (size_t)n, sizeof *ids, cmp_str);
    return n;
}

/* Index of id in the sorted list, or -1. */
static int find_id(char *const *ids, int count, const char *id)
{
    int lo = 0, hi = count - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2, c = strcmp(ids[mid], id);
        if (c == 0)
            return mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

static bool load_manifest(loader *L, const char *dir, json_doc *doc_out, char **home_ids,
                          const cJSON **home_nodes, int *home_count, const char **contact_out,
                          const cJSON **contact_node, const char **groups_out,
                          const cJSON **groups_node)
{
    const char *contact_id = NULL;
    static const char *const manifest_fields[] = {"$schema",          "version", "languages",
                                                  "default_language", "home",    "contact_form",
                                                  "groups_screen",    "center",  NULL};
    char path[PATH_MAX_LEN];
    str_format(path, sizeof path, "%s/manifest.json", dir);
    json_doc *doc_p = doc_out;
#define doc (*doc_p)
    if (!json_doc_load(&doc, path, L->diags))
        return false;
    int before = L->diags->errors;
    content_set *set = L->set;
    const cJSON *root = doc.root;
    if (!ld_is_object(L, &doc, root, "$"))
        goto done;
    ld_only_fields(L, &doc, root, "$", manifest_fields);
    set->version = ld_text_field(L, &doc, root, "$", "version", 40, true);
    ld_load_center(L, &doc, root);
    const cJSON *langs = ld_field(&doc, L->diags, root, "$", "languages", true);
    if (langs) {
        int n = cJSON_IsArray(langs) ? cJSON_GetArraySize(langs) : 0;
        if (n < 1 || n > CONTENT_MAX_LANGS) {
            json_doc_error(&doc, L->diags, langs, "$.languages",
                           "expected a list of 1 to %d language codes", CONTENT_MAX_LANGS);
        } else {
            for (const cJSON *l = langs->child; l; l = l->next) {
                bool ok = cJSON_IsString(l) && strlen(l->valuestring) == 2 &&
                          islower((unsigned char)l->valuestring[0]) &&
                          islower((unsigned char)l->valuestring[1]);
                if (!ok) {
                    json_doc_error(&doc, L->diags, l, "$.languages",
                                   "expected a two-letter language code such as \"es\"");
                } else if (content_lang_index(set, l->valuestring) >= 0) {
                    json_doc_error(&doc, L->diags, l, "$.languages",
                                   "language \"%s\" is listed twice", l->valuestring);
                } else if ((set->langs[set->lang_count].code =
                                ld_strdup(L, &doc, l, "$.languages", l->valuestring))) {
                    set->lang_count++;
                }
            }
        }
    }
    const char *def = ld_text_field(L, &doc, root, "$", "default_language", 40, true);
    if (def) {
        char qb[100];
        set->default_lang = content_lang_index(set, def);
        if (set->default_lang < 0) {
            json_doc_error(
                &doc, L->diags, cJSON_GetObjectItemCaseSensitive(root, "default_language"),
                "$.default_language", "\"%s\" is not in \"languages\"", ld_quoted(qb, def));
            set->default_lang = 0;
        }
    }
    const cJSON *home = ld_field(&doc, L->diags, root, "$", "home", true);
    if (home) {
        int n = cJSON_IsArray(home) ? cJSON_GetArraySize(home) : 0;
        if (n < 1 || n > CONTENT_MAX_DOCS) {
            json_doc_error(&doc, L->diags, home, "$.home",
                           "expected a list of 1 to %d document ids", CONTENT_MAX_DOCS);
        } else {
            int i = 0;
            for (const cJSON *h = home->child; h; h = h->next, i++) {
                char p[32];
                str_format(p, sizeof p, "$.home[%d]", i);
                if (!cJSON_IsString(h) || !ld_id_ok(h->valuestring))
                    json_doc_error(&doc, L->diags, h, p, "expected a document id");
                else if ((home_ids[*home_count] = ld_strdup(L, &doc, h, p, h->valuestring))) {
                    home_nodes[(*home_count)++] = h;
                }
            }
        }
    }
    contact_id = ld_text_field(L, &doc, root, "$", "contact_form", 40, false);
    if (contact_id) {
        *contact_node = cJSON_GetObjectItemCaseSensitive(root, "contact_form");
        *contact_out = contact_id;
    }
    const char *groups_id = ld_text_field(L, &doc, root, "$", "groups_screen", 40, false);
    if (groups_id) {
        *groups_node = cJSON_GetObjectItemCaseSensitive(root, "groups_screen");
        *groups_out = groups_id;
    }
done:
#undef doc
    return L->diags->errors == before;
}

static bool file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 || errno != ENOENT;
}

content_set *content_load(const char *dir, const content_checks *checks, diag_list *diags)
{
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        diag_add(diags, true, "%s:1:1: content folder not found", dir);
        return NULL;
    }
    content_set *set = calloc(1, sizeof *set);
    if (set)
        set->arena = arena_create();
    if (!set || !set->arena) {
        diag_add(diags, true, "%s:1:1: out of memory", dir);
        content_destroy(set);
        return NULL;
    }
    loader L = {set, diags, checks};
    int before = diags->errors;
    /* Pinned to the folder it was read from: a later publish swaps the
     * symlink, and images must still come from this set's own folder. */
    char real[PATH_MAX_LEN];
    set->root = ld_strdup(&L, NULL, NULL, dir, dir);
    set->real_root = ld_strdup(&L, NULL, NULL, dir, realpath(dir, real) ? real : dir);
    if (!set->root || !set->real_root) {
        content_destroy(set);
        return NULL;
    }
    char *home_ids[CONTENT_MAX_DOCS];
    const cJSON *home_nodes[CONTENT_MAX_DOCS];
    int home_count = 0;
    json_doc manifest = {0};
    const char *contact_id = NULL, *groups_id = NULL;
    const cJSON *contact_node = NULL, *groups_node = NULL;
    groups_file *gfiles = NULL;
    set->contact_doc = -1;
    set->groups_doc = -1;
    if (!load_manifest(&L, dir, &manifest, home_ids, home_nodes, &home_count, &contact_id,
                       &contact_node, &groups_id, &groups_node))
        goto fail;

    char *ids[CONTENT_MAX_LANGS][CONTENT_MAX_DOCS];
    int id_count[CONTENT_MAX_LANGS] = {0};
    char *fac_ids[CONTENT_MAX_LANGS][CONTENT_MAX_DOCS];
    int fac_count[CONTENT_MAX_LANGS] = {0};
    bool has_groups[CONTENT_MAX_LANGS] = {0};
    int groups_in = -1; /* a language that has groups.json */
    for (int l = 0; l < set->lang_count; l++) {
        content_lang *lang = &set->langs[l];
        char path[PATH_MAX_LEN];
        str_format(path, sizeof path, "%s/%s/ui.json", dir, lang->code);
        ld_load_ui(&L, path, lang);
        str_format(path, sizeof path, "%s/%s/modules", dir, lang->code);
        id_count[l] = list_ids(&L, path, ids[l], CONTENT_MAX_DOCS - 1, false);
        str_format(path, sizeof path, "%s/%s/facilitator", dir, lang->code);
        fac_count[l] = list_ids(&L, path, fac_ids[l], CONTENT_MAX_DOCS - 1, true);
        str_format(path, sizeof path, "%s/%s/groups.json", dir, lang->code);
        has_groups[l] = file_exists(path);
        if (has_groups[l] && groups_in < 0)
            groups_in = l;
    }
    if (diags->errors != before)
        goto fail;
    ld_check_same_keys(&L, set);
    /* A document (or facilitator file) present in any language must be present in all. */
    for (int l = 0; l < set->lang_count; l++)
        for (int o = 0; o < set->lang_count; o++) {
            for (int i = 0; i < id_count[l] && o != l; i++) {
                bool found = find_id(ids[o], id_count[o], ids[l][i]) >= 0;
                if (!found)
                    diag_add(diags, true,
                             "%s/%s/modules/%s.json:1:1: file missing: the translation of "
                             "%s/%s/modules/%s.json",
                             dir, set->langs[o].code, ids[l][i], dir, set->langs[l].code,
                             ids[l][i]);
            }
            for (int i = 0; i < fac_count[l] && o != l; i++)
                if (find_id(fac_ids[o], fac_count[o], fac_ids[l][i]) < 0)
                    diag_add(diags, true,
                             "%s/%s/facilitator/%s.json:1:1: file missing: "
                             "the translation of %s/%s/facilitator/%s.json",
                             dir, set->langs[o].code, fac_ids[l][i], dir, set->langs[l].code,
                             fac_ids[l][i]);
        }
    /* groups.json: in every language or in none; required by a groups screen. */
    for (int l = 0; l < set->lang_count; l++) {
        if (has_groups[l])
            continue;
        if (groups_in >= 0)
            diag_add(diags, true,
                     "%s/%s/groups.json:1:1: file missing: the translation of %s/%s/groups.json",
                     dir, set->langs[l].code, dir, set->langs[groups_in].code);
        else if (groups_id)
            json_doc_error(
                &manifest, diags, groups_node, "$.groups_screen",
                "the groups screen needs the weekly groups in %s/%s/groups.json: file not found",
                dir, set->langs[l].code);
    }
    /* Every tile on Home names a document. */
    for (int h = 0; h < home_count; h++) {
        bool found = find_id(ids[0], id_count[0], home_ids[h]) >= 0;
        char jp[32];
        str_format(jp, sizeof jp, "$.home[%d]", h);
        for (int e = 0; e < h && found; e++)
            if (strcmp(home_ids[e], home_ids[h]) == 0) {
                json_doc_error(&manifest, diags, home_nodes[h], jp,
                               "\"%s\" is already on Home ($.home[%d])", home_ids[h], e);
                break;
            }
        if (!found)
            json_doc_error(&manifest, diags, home_nodes[h], jp, "no document \"%s\" in %s/modules/",
                           home_ids[h], set->langs[0].code);
    }
    /* The contact form and the groups screen each open from one of the Home tiles. */
    if (contact_id) {
        bool on_home = false;
        for (int h = 0; h < home_count; h++)
            on_home = on_home || strcmp(home_ids[h], contact_id) == 0;
        if (!on_home)
            json_doc_error(&manifest, diags, contact_node, "$.contact_form",
                           "\"%s\" is not one of the Home tiles", contact_id);
        else
            set->contact_doc = find_id(ids[0], id_count[0], contact_id);
    }
    if (groups_id) {
        bool on_home = false;
        for (int h = 0; h < home_count; h++)
            on_home = on_home || strcmp(home_ids[h], groups_id) == 0;
        if (!on_home)
            json_doc_error(&manifest, diags, groups_node, "$.groups_screen",
                           "\"%s\" is not one of the Home tiles", groups_id);
        else if (contact_id && strcmp(contact_id, groups_id) == 0)
            json_doc_error(&manifest, diags, groups_node, "$.groups_screen",
                           "\"%s\" already opens the contact form ($.contact_form): "
                           "give the groups screen its own tile",
                           groups_id);
        else
            set->groups_doc = find_id(ids[0], id_count[0], groups_id);
    }
    if (diags->errors != before)
        goto fail;
    L.doc_ids = ids[0]; /* what a "link" block may name */
    L.doc_id_count = id_count[0];
    L.groups_id = groups_id;
    gfiles = calloc((size_t)set->lang_count, sizeof *gfiles);
    if (!gfiles) {
        diag_add(diags, true, "%s:1:1: out of memory", dir);
        goto fail;
    }
    for (int l = 0; l < set->lang_count; l++) {
        content_lang *lang = &set->langs[l];
        int n = id_count[0];
        bool doc_ok[CONTENT_MAX_DOCS];
        lang->docs = ld_alloc(&L, NULL, NULL, dir, (size_t)(n + 1) * sizeof *lang->docs);
        if (!lang->docs)
            goto fail;
        for (int i = 0; i < n; i++) {
            char path[PATH_MAX_LEN];
            str_format(path, sizeof path, "%s/%s/modules/%s.json", dir, lang->code, ids[0][i]);
            doc_ok[i] = load_doc(&L, path, ids[0][i], false, &lang->docs[i]);
        }
        lang->doc_count = n;
        char path[PATH_MAX_LEN];
        str_format(path, sizeof path, "%s/%s/help.json", dir, lang->code);
        content_doc *help = &lang->docs[n];
        if (load_doc(&L, path, "help", true, help))
            lang->help = help;
        ld_resolve_links(lang);
        for (int h = 0; h < home_count; h++)
            lang->home[lang->home_count++] = &lang->docs[find_id(ids[0], n, home_ids[h])];
        for (int f = 0; f < fac_count[l]; f++) {
            int d = find_id(ids[0], n, fac_ids[l][f]);
            str_format(path, sizeof path, "%s/%s/facilitator/%s.json", dir, lang->code,
                       fac_ids[l][f]);
            ld_load_prompts(&L, path, fac_ids[l][f], lang->code, d >= 0 ? &lang->docs[d] : NULL,
                            d >= 0 && doc_ok[d]);
        }
        if (groups_in >= 0) {
            str_format(path, sizeof path, "%s/%s/groups.json", dir, lang->code);
            ld_load_groups(&L, path, lang, &gfiles[l]);
        }
    }
    if (groups_in >= 0 && diags->errors == before)
        ld_compare_groups(&L, gfiles);
    if (diags->errors != before)
        goto fail;
    for (int l = 0; l < set->lang_count; l++)
        json_doc_free(&gfiles[l].doc);
    free(gfiles);
    json_doc_free(&manifest);
    return set;
fail:
    for (int l = 0; gfiles && l < set->lang_count; l++)
        if (gfiles[l].loaded)
            json_doc_free(&gfiles[l].doc);
    free(gfiles);
    json_doc_free(&manifest);
    content_destroy(set);
    return NULL;
}
