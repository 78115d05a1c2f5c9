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
#include "../core/image_header.h"
#include "../core/link.h"
#include "../core/wav_header.h"
#include "../qr/qr.h"
#include "../core/safe_file.h"
#include "load.h"
#include "load_fields.h"

enum { PATH_MAX_LEN = 1024, JPATH_LEN = 128, IMAGE_MAX_BYTES = 2 * 1024 * 1024, IMAGE_MAX_SIDE = 1600 };
/* A recorded section: 16-bit mono 22050 Hz is 2.6 MB a minute; ten minutes
 * is longer than any section should take to read aloud. */
enum { AUDIO_MAX_BYTES = 64 * 1024 * 1024, AUDIO_MIN_MS = 500, AUDIO_MAX_MS = 10 * 60 * 1000 };

typedef struct {
    content_set *set;
    diag_list *diags;
    const content_checks *checks; /* NULL: structure only */
} loader;

/* ---- field helpers: each reports its own error and returns NULL/false ---- */

static bool text_ok(const char *s, bool allow_newline)
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
static const char *text_unshowable(const loader *L, const char *s, char *buf, size_t size)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        int step = utf8_decode(s + i, n - i, &cp);
        if (step <= 0)
            return "not valid UTF-8";
        if (cp >= 0x80 && field_is_control_or_format(cp)) {
            str_format(buf, size, "invisible or direction-changing character U+%04X is not allowed",
                       (unsigned)cp);
            return buf;
        }
        if (cp > ' ' && L->checks && L->checks->can_draw && !L->checks->can_draw(L->checks->ctx, cp)) {
            str_format(buf, size, "character U+%04X cannot be shown by the kiosk's font: remove it",
                       (unsigned)cp);
            return buf;
        }
        i += (size_t)step;
    }
    return NULL;
}

/* A value echoed in a message: control characters escaped, long text cut,
 * so that every problem stays on one line. buf holds 100 bytes. */
static const char *quoted(char *buf, const char *s)
{
    return json_quoted(buf, s);
}

static const cJSON *field(const json_doc *doc, diag_list *d, const cJSON *obj, const char *jpath,
                          const char *name, bool required)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (!v && required)
        json_doc_error(doc, d, obj, jpath, "missing required field \"%s\"", name);
    return v;
}

static const char *text_field(loader *L, const json_doc *doc, const cJSON *obj, const char *jpath,
                              const char *name, size_t max_len, bool required)
{
    const cJSON *v = field(doc, L->diags, obj, jpath, name, required);
    if (!v)
        return NULL;
    char path[JPATH_LEN + 64];
    str_format(path, sizeof path, "%s.%s", jpath, name);
    if (!cJSON_IsString(v)) {
        json_doc_error(doc, L->diags, v, path, "expected a string");
        return NULL;
    }
    size_t len = strlen(v->valuestring);
    if (len == 0) {
        json_doc_error(doc, L->diags, v, path, "must not be empty");
        return NULL;
    }
    if (len > max_len) {
        json_doc_error(doc, L->diags, v, path, "too long: %zu bytes, at most %zu", len, max_len);
        return NULL;
    }
    if (!text_ok(v->valuestring, false)) {
        json_doc_error(doc, L->diags, v, path, "control characters are not allowed");
        return NULL;
    }
    char why[128];
    const char *bad = text_unshowable(L, v->valuestring, why, sizeof why);
    if (bad) {
        json_doc_error(doc, L->diags, v, path, "%s", bad);
        return NULL;
    }
    return arena_strdup(L->set->arena, v->valuestring);
}

/* An image: a regular file (never a FIFO, device or symlink) of at most
 * IMAGE_MAX_BYTES, read once; its size taken from its header and checked
 * before anything decodes it (a header may claim 100000 x 100000 px); only
 * then decoded, by the platform, from the bytes already read. */
static void check_image(loader *L, const json_doc *doc, const cJSON *src, const char *spath, content_block *out,
                        const char *full)
{
    char why[160];
    size_t len = 0;
    unsigned char *data =
        (unsigned char *)safe_read_all(full, false, IMAGE_MAX_BYTES, &len, why, sizeof why);
    if (!data) {
        if (strncmp(why, "cannot open", 11) == 0 && strstr(why, strerror(ENOENT)))
            json_doc_error(doc, L->diags, src, spath, "image \"%s\" not found", out->src);
        else if (strncmp(why, "is larger", 9) == 0)
            json_doc_error(doc, L->diags, src, spath, "image \"%s\" is over %d bytes", out->src, IMAGE_MAX_BYTES);
        else
            json_doc_error(doc, L->diags, src, spath, "image \"%s\" %s", out->src, why);
        return;
    }
    long w = 0, h = 0;
    if (image_header_size(data, len, &w, &h) == IMAGE_UNKNOWN) {
        json_doc_error(doc, L->diags, src, spath, "cannot read image \"%s\" (PNG or JPEG)", out->src);
    } else if (w > IMAGE_MAX_SIDE || h > IMAGE_MAX_SIDE) {
        json_doc_error(doc, L->diags, src, spath, "image \"%s\" is %ldx%ld px; at most %dx%d", out->src, w, h,
                       IMAGE_MAX_SIDE, IMAGE_MAX_SIDE);
    } else {
        out->image_w = (int)w;
        out->image_h = (int)h;
        int dw = 0, dh = 0;
        if (L->checks && L->checks->decodes &&
            (!L->checks->decodes(L->checks->ctx, data, len, &dw, &dh) || dw != w || dh != h))
            json_doc_error(doc, L->diags, src, spath, "cannot read image \"%s\" (PNG or JPEG)", out->src);
    }
    free(data);
}

static bool only_fields(loader *L, const json_doc *doc, const cJSON *obj, const char *jpath,
                        const char *const *allowed)
{
    return json_only_fields(doc, L->diags, obj, jpath, allowed);
}

static bool is_object(loader *L, const json_doc *doc, const cJSON *v, const char *jpath)
{
    if (cJSON_IsObject(v))
        return true;
    json_doc_error(doc, L->diags, v, jpath, "expected an object");
    return false;
}

static const char *date_field(loader *L, const json_doc *doc, const cJSON *obj, const char *name)
{
    const char *s = text_field(L, doc, obj, "$", name, 40, true);
    if (s && !content_date_valid(s)) {
        char path[64], qb[100];
        str_format(path, sizeof path, "$.%s", name);
        json_doc_error(doc, L->diags, cJSON_GetObjectItemCaseSensitive(obj, name), path,
                       "not a date: expected YYYY-MM-DD, got \"%s\"", quoted(qb, s));
        return NULL;
    }
    return s;
}

static bool id_ok(const char *s)
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
    static const char *const help_fields[] = {"type", "name", "number", "detail", NULL};
    static const char *const break_fields[] = {"type", NULL};
    int before = L->diags->errors;
    if (!is_object(L, doc, b, jpath))
        return false;
    const cJSON *type = field(doc, L->diags, b, jpath, "type", true);
    if (!type)
        return false;
    if (!cJSON_IsString(type)) {
        json_doc_error(doc, L->diags, type, jpath, "\"type\" must be a string");
        return false;
    }
    const char *t = type->valuestring;
    if (strcmp(t, "heading") == 0) {
        out->type = BLOCK_HEADING;
        only_fields(L, doc, b, jpath, heading_fields);
        out->text = text_field(L, doc, b, jpath, "text", 120, true);
    } else if (strcmp(t, "paragraph") == 0) {
        out->type = BLOCK_PARAGRAPH;
        only_fields(L, doc, b, jpath, heading_fields);
        out->text = text_field(L, doc, b, jpath, "text", 1200, true);
    } else if (strcmp(t, "list") == 0) {
        out->type = BLOCK_LIST;
        only_fields(L, doc, b, jpath, list_fields);
        const cJSON *items = field(doc, L->diags, b, jpath, "items", true);
        char ipath[JPATH_LEN + 16];
        str_format(ipath, sizeof ipath, "%s.items", jpath);
        if (items && !cJSON_IsArray(items)) {
            json_doc_error(doc, L->diags, items, ipath, "expected a list of texts");
        } else if (items) {
            int n = cJSON_GetArraySize(items);
            if (n < 1 || n > 12) {
                json_doc_error(doc, L->diags, items, ipath, "a list holds 1 to 12 items, not %d", n);
            } else {
                out->items = arena_alloc(L->set->arena, (size_t)n * sizeof *out->items);
                out->item_count = n;
                int i = 0;
                for (const cJSON *it = items->child; it; it = it->next, i++) {
                    char p[JPATH_LEN + 32], why[128];
                    const char *bad;
                    str_format(p, sizeof p, "%s[%d]", ipath, i);
                    if (!cJSON_IsString(it) || !*it->valuestring) {
                        json_doc_error(doc, L->diags, it, p, "expected a non-empty string");
                    } else if (strlen(it->valuestring) > 300) {
                        json_doc_error(doc, L->diags, it, p, "too long: %zu bytes, at most 300",
                                       strlen(it->valuestring));
                    } else if (!text_ok(it->valuestring, false)) {
                        json_doc_error(doc, L->diags, it, p, "control characters are not allowed");
                    } else if ((bad = text_unshowable(L, it->valuestring, why, sizeof why))) {
                        json_doc_error(doc, L->diags, it, p, "%s", bad);
                    } else {
                        out->items[i] = arena_strdup(L->set->arena, it->valuestring);
                    }
                }
            }
        }
    } else if (strcmp(t, "callout") == 0) {
        out->type = BLOCK_CALLOUT;
        only_fields(L, doc, b, jpath, callout_fields);
        out->label = text_field(L, doc, b, jpath, "label", 40, true);
        out->text = text_field(L, doc, b, jpath, "text", 400, true);
        const char *tone = text_field(L, doc, b, jpath, "tone", 40, false);
        if (tone && strcmp(tone, "avoid") != 0 && strcmp(tone, "try") != 0) {
            char tpath[JPATH_LEN + 8], qb[100];
            str_format(tpath, sizeof tpath, "%s.tone", jpath);
            json_doc_error(doc, L->diags, cJSON_GetObjectItemCaseSensitive(b, "tone"), tpath,
                           "tone must be \"try\" or \"avoid\", not \"%s\"", quoted(qb, tone));
        }
        out->avoid = tone && strcmp(tone, "avoid") == 0;
    } else if (strcmp(t, "image") == 0) {
        out->type = BLOCK_IMAGE;
        only_fields(L, doc, b, jpath, image_fields);
        out->src = text_field(L, doc, b, jpath, "src", 200, true);
        out->alt = text_field(L, doc, b, jpath, "alt", 200, true);
        if (out->src) {
            char full[PATH_MAX_LEN];
            const cJSON *src = cJSON_GetObjectItemCaseSensitive(b, "src");
            char spath[JPATH_LEN + 8];
            str_format(spath, sizeof spath, "%s.src", jpath);
            if (strstr(out->src, "..") || out->src[0] == '/' || strncmp(out->src, "images/", 7) != 0) {
                json_doc_error(doc, L->diags, src, spath, "images must be under images/ in the content folder");
            } else if (!str_format(full, sizeof full, "%s/%s", L->set->root, out->src)) {
                json_doc_error(doc, L->diags, src, spath, "image path too long");
            } else {
                check_image(L, doc, src, spath, out, full);
            }
        }
    } else if (strcmp(t, "help") == 0) {
        out->type = BLOCK_HELP;
        only_fields(L, doc, b, jpath, help_fields);
        out->label = text_field(L, doc, b, jpath, "name", 80, true);
        out->number = text_field(L, doc, b, jpath, "number", 40, true);
        out->text = text_field(L, doc, b, jpath, "detail", 200, true);
    } else if (strcmp(t, "page_break") == 0) {
        out->type = BLOCK_PAGE_BREAK;
        only_fields(L, doc, b, jpath, break_fields);
    } else {
        char qb[100];
        json_doc_error(doc, L->diags, type, jpath,
                       "unknown block type \"%s\" (heading, paragraph, list, callout, image, help, "
                       "page_break)",
                       quoted(qb, t));
    }
    return L->diags->errors == before;
}

/* "take_home": up to CONTENT_MAX_LINKS links, each shown as a QR code. Only
 * help.json (the crisis screen) may name a tel: number. */
static void load_take_home(loader *L, const json_doc *doc, const cJSON *root, content_doc *out)
{
    static const char *const link_fields[] = {"url", "label", NULL};
    const cJSON *links = cJSON_GetObjectItemCaseSensitive(root, "take_home");
    if (!links)
        return;
    int n = cJSON_IsArray(links) ? cJSON_GetArraySize(links) : -1;
    if (n < 1 || n > CONTENT_MAX_LINKS) {
        json_doc_error(doc, L->diags, links, "$.take_home", "expected a list of 1 to %d links", CONTENT_MAX_LINKS);
        return;
    }
    int i = 0;
    for (const cJSON *l = links->child; l; l = l->next, i++) {
        char p[JPATH_LEN];
        str_format(p, sizeof p, "$.take_home[%d]", i);
        if (!is_object(L, doc, l, p))
            continue;
        only_fields(L, doc, l, p, link_fields);
        const char *url = text_field(L, doc, l, p, "url", LINK_MAX_BYTES, true);
        const char *label = text_field(L, doc, l, p, "label", 60, true);
        if (!url || !label)
            continue;
        char why[160], up[JPATH_LEN + 8];
        str_format(up, sizeof up, "%s.url", p);
        const cJSON *url_node = cJSON_GetObjectItemCaseSensitive(l, "url");
        if (!link_check(url, out->kind == DOC_HELP, why, sizeof why)) {
            json_doc_error(doc, L->diags, url_node, up, "%s", why);
            continue;
        }
        qr_code code;
        if (!qr_encode(url, &code)) {
            json_doc_error(doc, L->diags, url_node, up, "cannot make a QR code of this link");
            continue;
        }
        size_t bytes = (size_t)code.size * (size_t)code.size;
        unsigned char *bits = arena_alloc(L->set->arena, bytes);
        if (!bits)
            continue;
        memcpy(bits, code.dark, bytes);
        out->links[out->link_count++] = (content_link){url, label, code.size, bits};
    }
}

/* "audio": recorded readings, one per section at most, each a WAV file under
 * audio/ that the platform can decode and of a sane length. */
static void load_audio(loader *L, const json_doc *doc, const cJSON *root, content_doc *out)
{
    static const char *const audio_fields[] = {"section", "src", NULL};
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, "audio");
    if (!list)
        return;
    int n = cJSON_IsArray(list) ? cJSON_GetArraySize(list) : -1;
    if (n < 1 || n > CONTENT_MAX_AUDIO) {
        json_doc_error(doc, L->diags, list, "$.audio", "expected a list of 1 to %d recordings", CONTENT_MAX_AUDIO);
        return;
    }
    out->audio = arena_alloc(L->set->arena, (size_t)n * sizeof *out->audio);
    if (!out->audio)
        return;
    int sections = content_section_count(out), i = 0, last_section = 0;
    for (const cJSON *a = list->child; a; a = a->next, i++) {
        char p[JPATH_LEN], sp[JPATH_LEN + 8];
        str_format(p, sizeof p, "$.audio[%d]", i);
        if (!is_object(L, doc, a, p))
            continue;
        only_fields(L, doc, a, p, audio_fields);
        const cJSON *sec = field(doc, L->diags, a, p, "section", true);
        const char *src = text_field(L, doc, a, p, "src", 200, true);
        if (!sec || !src)
            continue;
        str_format(sp, sizeof sp, "%s.section", p);
        if (!cJSON_IsNumber(sec) || sec->valuedouble != (double)(int)sec->valuedouble || sec->valueint < 1 ||
            (sections > 0 && sec->valueint > sections)) {
            json_doc_error(doc, L->diags, sec, sp, "expected a section number from 1 to %d", sections);
            continue;
        }
        if (last_section >= sec->valueint) {
            json_doc_error(doc, L->diags, sec, sp, "sections must be in order, each at most once");
            continue;
        }
        last_section = sec->valueint;
        const cJSON *src_node = cJSON_GetObjectItemCaseSensitive(a, "src");
        str_format(sp, sizeof sp, "%s.src", p);
        char full[PATH_MAX_LEN], why[160];
        size_t sl = strlen(src);
        if (strstr(src, "..") || strncmp(src, "audio/", 6) != 0 || sl < 5 || strcmp(src + sl - 4, ".wav") != 0) {
            json_doc_error(doc, L->diags, src_node, sp, "recordings must be .wav files under audio/ in the content folder");
            continue;
        }
        if (!str_format(full, sizeof full, "%s/%s", L->set->root, src)) {
            json_doc_error(doc, L->diags, src_node, sp, "recording path too long");
            continue;
        }
        size_t len = 0;
        char *data = safe_read_all(full, false, AUDIO_MAX_BYTES, &len, why, sizeof why);
        if (!data) {
            if (strncmp(why, "cannot open", 11) == 0 && strstr(why, strerror(ENOENT)))
                json_doc_error(doc, L->diags, src_node, sp, "recording \"%s\" not found", src);
            else
                json_doc_error(doc, L->diags, src_node, sp, "recording \"%s\" %s", src, why);
            continue;
        }
        wav_info info;
        int decoded_ms = 0;
        if (!wav_header_read(data, len, &info, why, sizeof why))
            json_doc_error(doc, L->diags, src_node, sp, "recording \"%s\" %s", src, why);
        else if (info.ms < AUDIO_MIN_MS || info.ms > AUDIO_MAX_MS)
            json_doc_error(doc, L->diags, src_node, sp, "recording \"%s\" lasts %d ms; expected %d ms to %d minutes",
                           src, info.ms, AUDIO_MIN_MS, AUDIO_MAX_MS / 60000);
        else if (L->checks && L->checks->audio_decodes &&
                 (!L->checks->audio_decodes(L->checks->ctx, data, len, &decoded_ms) ||
                  decoded_ms < info.ms - 50 || decoded_ms > info.ms + 50))
            json_doc_error(doc, L->diags, src_node, sp, "recording \"%s\" does not decode", src);
        else
            out->audio[out->audio_count++] = (content_audio){sec->valueint, arena_strdup(L->set->arena, src), info.ms};
        free(data);
    }
}

static bool load_doc(loader *L, const char *path, const char *expect_id, bool help_file, content_doc *out)
{
    static const char *const doc_fields[] = {
        "$schema", "id", "kind", "version", "title", "summary", "sources", "review_due", "blocks",
        "take_home", "audio",
        /* Removed from the format: refused below with a message of their own. */
        "reviewed_by", "reviewed_on", NULL};
    json_doc doc;
    if (!json_doc_load(&doc, path, L->diags))
        return false;
    int before = L->diags->errors;
    const cJSON *root = doc.root;
    if (!is_object(L, &doc, root, "$"))
        goto done;
    only_fields(L, &doc, root, "$", doc_fields);
    /* A typed-in reviewer is not an approval: only a clinician's signature
     * (approval.json) may say who reviewed the text. */
    static const char *const removed_fields[] = {"reviewed_by", "reviewed_on"};
    for (size_t i = 0; i < sizeof removed_fields / sizeof removed_fields[0]; i++) {
        const cJSON *old = cJSON_GetObjectItemCaseSensitive(root, removed_fields[i]);
        if (old)
            json_doc_error(&doc, L->diags, old, "$",
                           "field \"%s\" is no longer part of the format: delete it (a clinician approves "
                           "content by signing it, see \"Approval\" in docs/content.md)",
                           removed_fields[i]);
    }
    out->id = text_field(L, &doc, root, "$", "id", 40, true);
    char qb[100], qb2[100];
    if (out->id && !id_ok(out->id))
        json_doc_error(&doc, L->diags, cJSON_GetObjectItemCaseSensitive(root, "id"), "$.id",
                       "id \"%s\" may use only lowercase letters, digits and - (rename the file too)",
                       quoted(qb, out->id));
    else if (out->id && strcmp(out->id, expect_id) != 0)
        json_doc_error(&doc, L->diags, cJSON_GetObjectItemCaseSensitive(root, "id"), "$.id",
                       "id \"%s\" must match the file name \"%s\"", quoted(qb, out->id), quoted(qb2, expect_id));
    const char *kind = text_field(L, &doc, root, "$", "kind", 40, true);
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
                           "kind must be \"module\", \"page\" or \"help\", not \"%s\"", quoted(qb, kind));
        bool is_help = strcmp(kind, "help") == 0;
        if (help_file && !is_help)
            json_doc_error(&doc, L->diags, kind_node, "$.kind", "help.json must have kind \"help\"");
        else if (!help_file && is_help)
            json_doc_error(&doc, L->diags, kind_node, "$.kind", "\"help\" is only for help.json");
    }
    const cJSON *version = field(&doc, L->diags, root, "$", "version", true);
    if (version) {
        if (!cJSON_IsNumber(version) || version->valuedouble < 1 || version->valuedouble > 1e6 ||
            version->valuedouble != (double)(int)version->valuedouble)
            json_doc_error(&doc, L->diags, version, "$.version", "expected a whole number from 1 to 1000000%s",
                           cJSON_IsString(version) ? ", without quotes" : "");
        else
            out->version = version->valueint;
    }
    out->title = text_field(L, &doc, root, "$", "title", 80, true);
    out->summary = text_field(L, &doc, root, "$", "summary", 140, true);
    out->review_due = date_field(L, &doc, root, "review_due");
    const cJSON *sources = field(&doc, L->diags, root, "$", "sources", true);
    if (sources && !cJSON_IsArray(sources)) {
        json_doc_error(&doc, L->diags, sources, "$.sources", "expected a list of texts");
    } else if (sources) {
        int n = cJSON_GetArraySize(sources);
        out->sources = arena_alloc(L->set->arena, (size_t)(n ? n : 1) * sizeof *out->sources);
        int i = 0;
        for (const cJSON *s = sources->child; s; s = s->next, i++) {
            char p[32];
            str_format(p, sizeof p, "$.sources[%d]", i);
            if (!cJSON_IsString(s) || !*s->valuestring || strlen(s->valuestring) > 300 ||
                !text_ok(s->valuestring, false))
                json_doc_error(&doc, L->diags, s, p, "expected a text of 1 to 300 bytes");
            else
                out->sources[out->source_count++] = arena_strdup(L->set->arena, s->valuestring);
        }
    }
    const cJSON *blocks = field(&doc, L->diags, root, "$", "blocks", true);
    if (blocks && !cJSON_IsArray(blocks)) {
        json_doc_error(&doc, L->diags, blocks, "$.blocks", "expected a list of blocks");
    } else if (blocks) {
        int n = cJSON_GetArraySize(blocks);
        if (n < 1 || n > CONTENT_MAX_BLOCKS) {
            json_doc_error(&doc, L->diags, blocks, "$.blocks", "a document holds 1 to %d blocks, not %d",
                           CONTENT_MAX_BLOCKS, n);
        } else {
            out->blocks = arena_alloc(L->set->arena, (size_t)n * sizeof *out->blocks);
            out->block_count = n;
            int i = 0;
            for (const cJSON *b = blocks->child; b; b = b->next, i++) {
                char p[JPATH_LEN];
                str_format(p, sizeof p, "$.blocks[%d]", i);
                load_block(L, &doc, b, p, &out->blocks[i]);
            }
        }
    }
    load_take_home(L, &doc, root, out);
    load_audio(L, &doc, root, out);
done:
    json_doc_free(&doc);
    return L->diags->errors == before;
}

/* ---- ui.json ---- */

static int cmp_ui(const void *a, const void *b)
{
    return strcmp(((const ui_string *)a)->key, ((const ui_string *)b)->key);
}

static bool load_ui(loader *L, const char *path, content_lang *lang)
{
    static const char *const ui_fields[] = {"$schema", "strings", NULL};
    json_doc doc;
    if (!json_doc_load(&doc, path, L->diags))
        return false;
    int before = L->diags->errors;
    const cJSON *strings = NULL;
    if (is_object(L, &doc, doc.root, "$")) {
        only_fields(L, &doc, doc.root, "$", ui_fields);
        strings = field(&doc, L->diags, doc.root, "$", "strings", true);
    }
    if (strings && is_object(L, &doc, strings, "$.strings")) {
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
            else if (!text_ok(s->valuestring, false))
                json_doc_error(&doc, L->diags, s, p, "control characters are not allowed");
            else if ((bad = text_unshowable(L, s->valuestring, why, sizeof why)))
                json_doc_error(&doc, L->diags, s, p, "%s", bad);
            else
                lang->strings[lang->string_count++] = (ui_string){
                    arena_strdup(L->set->arena, s->string), arena_strdup(L->set->arena, s->valuestring)};
        }
        qsort(lang->strings, (size_t)lang->string_count, sizeof *lang->strings, cmp_ui);
        for (const cJSON *c = strings->child; c; c = c->next)
            for (const cJSON *e = c->next; e; e = e->next)
                if (strcmp(c->string, e->string) == 0) {
                    char qb[100];
                    json_doc_error(&doc, L->diags, e, "$.strings", "key \"%s\" appears twice", quoted(qb, e->string));
                }
        for (int k = 0; k < content_required_ui_key_count; k++) {
            const char *key = content_required_ui_keys[k];
            if (content_ui(lang, key) == key)
                json_doc_error(&doc, L->diags, strings, "$.strings", "missing UI string \"%s\"", key);
        }
    }
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
        ids[n++] = arena_strndup(L->set->arena, e->d_name, len - 5);
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

/* ---- groups.json: the weekly support groups ---- */

static const char *const weekday_names[] = {"sunday",   "monday", "tuesday", "wednesday",
                                            "thursday", "friday", "saturday"};

/* One language's groups.json, kept parsed until the languages are compared,
 * so that every problem can name its line. */
typedef struct {
    json_doc doc;
    bool loaded;
    const cJSON *groups_node;                                  /* $.groups */
    const cJSON *cancel_node;                                  /* $.cancellations, or NULL */
    const cJSON *group_nodes[CONTENT_MAX_GROUPS];              /* the node of lang->groups[i] ... */
    int group_pos[CONTENT_MAX_GROUPS];                         /* ... and its index in $.groups */
    const cJSON *cancel_nodes[CONTENT_MAX_CANCELLATIONS];      /* $.cancellations[i] */
} groups_file;

/* Day of the week of a calendar date, 0 Sunday .. 6 Saturday (any time zone). */
static int weekday_of(const char *date)
{
    static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
    int y = atoi(date), m = atoi(date + 5), d = atoi(date + 8);
    if (m < 3)
        y--;
    return (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7;
}

/* "HH:MM" on a 24-hour clock, exactly five characters: minutes after midnight, or -1. */
static int parse_time(const char *s)
{
    if (strlen(s) != 5 || s[2] != ':' || !isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]) ||
        !isdigit((unsigned char)s[3]) || !isdigit((unsigned char)s[4]))
        return -1;
    int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
    return h < 24 && m < 60 ? h * 60 + m : -1;
}

static const cJSON *child(const cJSON *obj, const char *name)
{
    return obj ? cJSON_GetObjectItemCaseSensitive(obj, name) : NULL;
}

static bool load_group(loader *L, const json_doc *doc, const cJSON *g, const char *jpath, content_group *out)
{
    static const char *const group_fields[] = {"id",   "name", "for",  "day",      "start", "minutes",
                                               "mode", "room", "language", "join", NULL};
    int before = L->diags->errors;
    char p[JPATH_LEN + 32], qb[100];
    *out = (content_group){0};
    if (!is_object(L, doc, g, jpath))
        return false;
    only_fields(L, doc, g, jpath, group_fields);
    out->id = text_field(L, doc, g, jpath, "id", 40, true);
    if (out->id && !id_ok(out->id)) {
        str_format(p, sizeof p, "%s.id", jpath);
        json_doc_error(doc, L->diags, child(g, "id"), p,
                       "group id \"%s\" may use only lowercase letters, digits and -", quoted(qb, out->id));
    }
    out->name = text_field(L, doc, g, jpath, "name", 80, true);
    out->who = text_field(L, doc, g, jpath, "for", 200, true);
    const char *day = text_field(L, doc, g, jpath, "day", 40, true);
    if (day) {
        out->weekday = -1;
        for (int w = 0; w < 7; w++)
            if (strcmp(day, weekday_names[w]) == 0)
                out->weekday = w;
        if (out->weekday < 0) {
            str_format(p, sizeof p, "%s.day", jpath);
            json_doc_error(doc, L->diags, child(g, "day"), p,
                           "day must be one of monday, tuesday, wednesday, thursday, friday, saturday, sunday "
                           "(in English in every language), not \"%s\"",
                           quoted(qb, day));
        }
    }
    const char *start = text_field(L, doc, g, jpath, "start", 40, true);
    if (start) {
        out->start_minute = parse_time(start);
        if (out->start_minute < 0) {
            str_format(p, sizeof p, "%s.start", jpath);
            json_doc_error(doc, L->diags, child(g, "start"), p,
                           "expected a time as HH:MM on a 24-hour clock, 00:00 to 23:59, not \"%s\"",
                           quoted(qb, start));
        }
    }
    const cJSON *minutes = field(doc, L->diags, g, jpath, "minutes", true);
    if (minutes) {
        str_format(p, sizeof p, "%s.minutes", jpath);
        if (!cJSON_IsNumber(minutes) || minutes->valuedouble < 15 || minutes->valuedouble > 480 ||
            minutes->valuedouble != (double)(int)minutes->valuedouble)
            json_doc_error(doc, L->diags, minutes, p, "expected a whole number of minutes from 15 to 480%s",
                           cJSON_IsString(minutes) ? ", without quotes" : "");
        else
            out->minutes = minutes->valueint;
    }
    const char *mode = text_field(L, doc, g, jpath, "mode", 40, true);
    if (mode) {
        out->online = strcmp(mode, "online") == 0;
        if (!out->online && strcmp(mode, "in_person") != 0) {
            str_format(p, sizeof p, "%s.mode", jpath);
            json_doc_error(doc, L->diags, child(g, "mode"), p, "mode must be \"in_person\" or \"online\", not \"%s\"",
                           quoted(qb, mode));
        }
    }
    out->room = text_field(L, doc, g, jpath, "room", 120, false);
    if (mode && strcmp(mode, "in_person") == 0 && !child(g, "room"))
        json_doc_error(doc, L->diags, g, jpath, "missing required field \"room\" (an in-person group needs its room)");
    out->language = text_field(L, doc, g, jpath, "language", 60, true);
    out->join = text_field(L, doc, g, jpath, "join", 300, true);
    return L->diags->errors == before;
}

static bool load_cancellation(loader *L, const json_doc *doc, const cJSON *c, const char *jpath,
                              content_cancellation *out)
{
    static const char *const cancel_fields[] = {"date", "group", "note", NULL};
    int before = L->diags->errors;
    char p[JPATH_LEN + 32], qb[100];
    *out = (content_cancellation){0};
    if (!is_object(L, doc, c, jpath))
        return false;
    only_fields(L, doc, c, jpath, cancel_fields);
    out->date = text_field(L, doc, c, jpath, "date", 40, true);
    if (out->date && !content_date_valid(out->date)) {
        str_format(p, sizeof p, "%s.date", jpath);
        json_doc_error(doc, L->diags, child(c, "date"), p, "not a date: expected YYYY-MM-DD, got \"%s\"",
                       quoted(qb, out->date));
    }
    out->group_id = text_field(L, doc, c, jpath, "group", 40, false);
    if (out->group_id && !id_ok(out->group_id)) {
        str_format(p, sizeof p, "%s.group", jpath);
        json_doc_error(doc, L->diags, child(c, "group"), p, "expected a group id, not \"%s\"",
                       quoted(qb, out->group_id));
    }
    out->note = text_field(L, doc, c, jpath, "note", 200, true);
    return L->diags->errors == before;
}

static int find_group(const content_lang *lang, const char *id)
{
    for (int i = 0; i < lang->group_count; i++)
        if (strcmp(lang->groups[i].id, id) == 0)
            return i;
    return -1;
}

static bool same_group_id(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* The cancellations name real groups, on days they meet, each once. */
static void check_cancellations(loader *L, groups_file *gf, const content_lang *lang)
{
    char p[JPATH_LEN + 32], qb[100];
    for (int i = 0; i < lang->cancellation_count; i++) {
        const content_cancellation *c = &lang->cancellations[i];
        const cJSON *node = gf->cancel_nodes[i];
        int wd = weekday_of(c->date);
        if (c->group_id) {
            int g = find_group(lang, c->group_id);
            if (g < 0) {
                str_format(p, sizeof p, "$.cancellations[%d].group", i);
                json_doc_error(&gf->doc, L->diags, child(node, "group"), p, "no group \"%s\" in $.groups",
                               quoted(qb, c->group_id));
            } else if (lang->groups[g].weekday != wd) {
                str_format(p, sizeof p, "$.cancellations[%d].date", i);
                json_doc_error(&gf->doc, L->diags, child(node, "date"), p,
                               "%s is a %s, but \"%s\" meets on %s", c->date, weekday_names[wd], c->group_id,
                               weekday_names[lang->groups[g].weekday]);
            }
        } else {
            bool any = false;
            for (int g = 0; g < lang->group_count; g++)
                any = any || lang->groups[g].weekday == wd;
            if (!any) {
                str_format(p, sizeof p, "$.cancellations[%d].date", i);
                json_doc_error(&gf->doc, L->diags, child(node, "date"), p, "%s is a %s, and no group meets on %s",
                               c->date, weekday_names[wd], weekday_names[wd]);
            }
        }
        for (int e = 0; e < i; e++) {
            const content_cancellation *o = &lang->cancellations[e];
            if (strcmp(o->date, c->date) != 0)
                continue;
            str_format(p, sizeof p, "$.cancellations[%d]", i);
            if (same_group_id(o->group_id, c->group_id)) {
                json_doc_error(&gf->doc, L->diags, node, p,
                               "the same cancellation is already in $.cancellations[%d]", e);
                break;
            }
            if (!o->group_id || !c->group_id) {
                json_doc_error(&gf->doc, L->diags, node, p,
                               "%s is cancelled for every group and for one group ($.cancellations[%d]): keep one",
                               c->date, e);
                break;
            }
        }
    }
}

/* Loads one language's groups.json into lang; gf keeps the parsed file. */
static bool load_groups(loader *L, const char *path, content_lang *lang, groups_file *gf)
{
    static const char *const file_fields[] = {"$schema", "groups", "cancellations", NULL};
    if (!json_doc_load(&gf->doc, path, L->diags))
        return false;
    gf->loaded = true;
    int before = L->diags->errors;
    const json_doc *doc = &gf->doc;
    const cJSON *root = doc->root;
    if (!is_object(L, doc, root, "$"))
        return false;
    only_fields(L, doc, root, "$", file_fields);
    const cJSON *groups = field(doc, L->diags, root, "$", "groups", true);
    gf->groups_node = groups;
    if (groups && !cJSON_IsArray(groups)) {
        json_doc_error(doc, L->diags, groups, "$.groups", "expected a list of groups");
    } else if (groups) {
        int n = cJSON_GetArraySize(groups);
        if (n < 1 || n > CONTENT_MAX_GROUPS) {
            json_doc_error(doc, L->diags, groups, "$.groups", "groups.json holds 1 to %d groups, not %d",
                           CONTENT_MAX_GROUPS, n);
        } else {
            lang->groups = arena_alloc(L->set->arena, (size_t)n * sizeof *lang->groups);
            int i = 0;
            for (const cJSON *g = groups->child; g; g = g->next, i++) {
                char p[JPATH_LEN];
                str_format(p, sizeof p, "$.groups[%d]", i);
                content_group *out = &lang->groups[lang->group_count];
                if (!load_group(L, doc, g, p, out))
                    continue;
                int dup = find_group(lang, out->id);
                if (dup >= 0) {
                    char qb[100];
                    str_format(p, sizeof p, "$.groups[%d].id", i);
                    json_doc_error(doc, L->diags, child(g, "id"), p, "group \"%s\" is already in $.groups[%d]",
                                   quoted(qb, out->id), gf->group_pos[dup]);
                    continue;
                }
                gf->group_pos[lang->group_count] = i;
                gf->group_nodes[lang->group_count++] = g;
            }
        }
    }
    const cJSON *cancels = field(doc, L->diags, root, "$", "cancellations", false);
    gf->cancel_node = cancels;
    if (cancels && !cJSON_IsArray(cancels)) {
        json_doc_error(doc, L->diags, cancels, "$.cancellations", "expected a list of cancellations");
    } else if (cancels) {
        int n = cJSON_GetArraySize(cancels);
        if (n > CONTENT_MAX_CANCELLATIONS) {
            json_doc_error(doc, L->diags, cancels, "$.cancellations",
                           "at most %d cancellations, not %d (remove past ones)", CONTENT_MAX_CANCELLATIONS, n);
        } else if (n > 0) {
            lang->cancellations = arena_alloc(L->set->arena, (size_t)n * sizeof *lang->cancellations);
            int i = 0;
            for (const cJSON *c = cancels->child; c; c = c->next, i++) {
                char p[JPATH_LEN];
                str_format(p, sizeof p, "$.cancellations[%d]", i);
                if (load_cancellation(L, doc, c, p, &lang->cancellations[lang->cancellation_count]))
                    gf->cancel_nodes[lang->cancellation_count++] = c;
            }
        }
    }
    /* Names and days of the groups are needed to check the cancellations. */
    if (L->diags->errors == before)
        check_cancellations(L, gf, lang);
    return L->diags->errors == before;
}

static void describe_cancellation(char *buf, size_t size, const content_cancellation *c)
{
    char qb[100];
    if (c->group_id)
        str_format(buf, size, "on %s for \"%s\"", c->date, quoted(qb, c->group_id));
    else
        str_format(buf, size, "on %s for every group", c->date);
}

static int find_cancellation(const content_lang *lang, const content_cancellation *c)
{
    for (int i = 0; i < lang->cancellation_count; i++)
        if (strcmp(lang->cancellations[i].date, c->date) == 0 &&
            same_group_id(lang->cancellations[i].group_id, c->group_id))
            return i;
    return -1;
}

/* Every language has the same groups, at the same times, and the same
 * cancellations (only the words differ); then each language's groups are put
 * in the first language's order. Called when every groups.json loaded cleanly. */
static void compare_groups(loader *L, groups_file *gf)
{
    content_set *set = L->set;
    int before = L->diags->errors;
    const content_lang *first = &set->langs[0];
    for (int l = 1; l < set->lang_count; l++) {
        content_lang *other = &set->langs[l];
        groups_file *g0 = &gf[0], *gl = &gf[l];
        char p[JPATH_LEN + 32], qb[100], qb2[100];
        for (int i = 0; i < first->group_count; i++) {
            const content_group *a = &first->groups[i];
            int j = find_group(other, a->id);
            if (j < 0) {
                json_doc_error(&gl->doc, L->diags, gl->groups_node, "$.groups",
                               "missing translation of group \"%s\" (present in %s)", quoted(qb, a->id), first->code);
                continue;
            }
            const content_group *b = &other->groups[j];
            const cJSON *node = gl->group_nodes[j];
            int pos = gl->group_pos[j];
            if (a->weekday != b->weekday) {
                str_format(p, sizeof p, "$.groups[%d].day", pos);
                json_doc_error(&gl->doc, L->diags, child(node, "day"), p,
                               "\"%s\" here but \"%s\" in %s/groups.json: "
                               "the schedule must be the same in every language",
                               weekday_names[b->weekday], weekday_names[a->weekday], first->code);
            }
            if (a->start_minute != b->start_minute) {
                str_format(p, sizeof p, "$.groups[%d].start", pos);
                json_doc_error(&gl->doc, L->diags, child(node, "start"), p,
                               "\"%02d:%02d\" here but \"%02d:%02d\" in %s/groups.json: the schedule must be the same "
                               "in every language",
                               b->start_minute / 60, b->start_minute % 60, a->start_minute / 60, a->start_minute % 60,
                               first->code);
            }
            if (a->minutes != b->minutes) {
                str_format(p, sizeof p, "$.groups[%d].minutes", pos);
                json_doc_error(&gl->doc, L->diags, child(node, "minutes"), p,
                               "%d here but %d in %s/groups.json: the schedule must be the same in every language",
                               b->minutes, a->minutes, first->code);
            }
            if (a->online != b->online) {
                str_format(p, sizeof p, "$.groups[%d].mode", pos);
                json_doc_error(&gl->doc, L->diags, child(node, "mode"), p,
                               "\"%s\" here but \"%s\" in %s/groups.json: "
                               "the schedule must be the same in every language",
                               b->online ? "online" : "in_person", a->online ? "online" : "in_person", first->code);
            }
        }
        for (int j = 0; j < other->group_count; j++)
            if (find_group(first, other->groups[j].id) < 0)
                json_doc_error(&g0->doc, L->diags, g0->groups_node, "$.groups",
                               "missing translation of group \"%s\" (present in %s)", quoted(qb2, other->groups[j].id),
                               other->code);
        /* Cancellations: the same dates and groups in every language. */
        for (int pass = 0; pass < 2; pass++) {
            const content_lang *from = pass ? other : first, *to = pass ? first : other;
            groups_file *tf = pass ? g0 : gl;
            for (int i = 0; i < from->cancellation_count; i++) {
                if (find_cancellation(to, &from->cancellations[i]) >= 0)
                    continue;
                char what[160];
                describe_cancellation(what, sizeof what, &from->cancellations[i]);
                json_doc_error(&tf->doc, L->diags, tf->cancel_node ? tf->cancel_node : tf->doc.root,
                               tf->cancel_node ? "$.cancellations" : "$",
                               "missing translation of the cancellation %s (present in %s)", what, from->code);
            }
        }
    }
    if (L->diags->errors != before)
        return;
    /* The same order in every language: groups[i].id matches. */
    for (int l = 1; l < set->lang_count; l++) {
        content_lang *other = &set->langs[l];
        content_group *sorted = arena_alloc(set->arena, (size_t)other->group_count * sizeof *sorted);
        for (int i = 0; i < first->group_count; i++)
            sorted[i] = other->groups[find_group(other, first->groups[i].id)];
        other->groups = sorted;
    }
}

/* ---- facilitator/<id>.json: discussion prompts for a module ---- */

/* Loads the prompts for doc (NULL when the file names no document; doc_ok
 * false when the document itself has errors, so its sections are unknown). */
static bool load_prompts(loader *L, const char *path, const char *expect_id, const char *lang_code,
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
    if (!is_object(L, &doc, root, "$"))
        goto done;
    only_fields(L, &doc, root, "$", file_fields);
    const char *module = text_field(L, &doc, root, "$", "module", 40, true);
    if (module && !id_ok(module))
        json_doc_error(&doc, L->diags, child(root, "module"), "$.module",
                       "module \"%s\" may use only lowercase letters, digits and - (rename the file too)",
                       quoted(qb, module));
    else if (module && strcmp(module, expect_id) != 0)
        json_doc_error(&doc, L->diags, child(root, "module"), "$.module",
                       "module \"%s\" must match the file name \"%s\"", quoted(qb, module), quoted(qb2, expect_id));
    else if (module && !doc_out)
        json_doc_error(&doc, L->diags, child(root, "module"), "$.module", "no module \"%s\" in %s/modules/",
                       quoted(qb, module), lang_code);
    int sections = doc_out && doc_ok ? content_section_count(doc_out) : 0;
    const char **prompts = sections ? arena_alloc(L->set->arena, (size_t)sections * sizeof *prompts) : NULL;
    const cJSON *list = field(&doc, L->diags, root, "$", "prompts", true);
    if (list && !cJSON_IsArray(list)) {
        json_doc_error(&doc, L->diags, list, "$.prompts", "expected a list of prompts");
    } else if (list) {
        int n = cJSON_GetArraySize(list);
        if (n < 1 || n > CONTENT_MAX_BLOCKS) {
            json_doc_error(&doc, L->diags, list, "$.prompts", "a facilitator file holds 1 to %d prompts, not %d",
                           CONTENT_MAX_BLOCKS, n);
        } else {
            const cJSON *seen[CONTENT_MAX_BLOCKS + 1] = {0};
            int seen_at[CONTENT_MAX_BLOCKS + 1] = {0};
            int i = 0;
            for (const cJSON *pr = list->child; pr; pr = pr->next, i++) {
                char jp[JPATH_LEN], sp[JPATH_LEN + 16];
                str_format(jp, sizeof jp, "$.prompts[%d]", i);
                str_format(sp, sizeof sp, "%s.section", jp);
                if (!is_object(L, &doc, pr, jp))
                    continue;
                only_fields(L, &doc, pr, jp, prompt_fields);
                const char *text = text_field(L, &doc, pr, jp, "text", 400, true);
                const cJSON *sec = field(&doc, L->diags, pr, jp, "section", true);
                if (!sec)
                    continue;
                if (!cJSON_IsNumber(sec) || sec->valuedouble < 1 || sec->valuedouble > CONTENT_MAX_BLOCKS ||
                    sec->valuedouble != (double)(int)sec->valuedouble) {
                    json_doc_error(&doc, L->diags, sec, sp, "expected a section number from 1 to %d%s",
                                   CONTENT_MAX_BLOCKS, cJSON_IsString(sec) ? ", without quotes" : "");
                    continue;
                }
                int s = sec->valueint;
                if (seen[s]) {
                    json_doc_error(&doc, L->diags, sec, sp, "section %d already has a prompt ($.prompts[%d])", s,
                                   seen_at[s]);
                    continue;
                }
                seen[s] = sec;
                seen_at[s] = i;
                if (doc_out && doc_ok && s > sections)
                    json_doc_error(&doc, L->diags, sec, sp,
                                   "no section %d: \"%s\" has %d section%s (each heading starts one)", s, expect_id,
                                   sections, sections == 1 ? "" : "s");
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
static bool load_manifest(loader *L, const char *dir, json_doc *doc_out, char **home_ids, const cJSON **home_nodes,
                          int *home_count, const char **contact_out, const cJSON **contact_node,
                          const char **groups_out, const cJSON **groups_node)
{
    const char *contact_id = NULL;
    static const char *const manifest_fields[] = {"$schema", "version", "languages", "default_language",
                                                  "home", "contact_form", "groups_screen", NULL};
    char path[PATH_MAX_LEN];
    str_format(path, sizeof path, "%s/manifest.json", dir);
    json_doc *doc_p = doc_out;
#define doc (*doc_p)
    if (!json_doc_load(&doc, path, L->diags))
        return false;
    int before = L->diags->errors;
    content_set *set = L->set;
    const cJSON *root = doc.root;
    if (!is_object(L, &doc, root, "$"))
        goto done;
    only_fields(L, &doc, root, "$", manifest_fields);
    set->version = text_field(L, &doc, root, "$", "version", 40, true);
    const cJSON *langs = field(&doc, L->diags, root, "$", "languages", true);
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
                    json_doc_error(&doc, L->diags, l, "$.languages", "language \"%s\" is listed twice",
                                   l->valuestring);
                } else {
                    set->langs[set->lang_count++].code = arena_strdup(set->arena, l->valuestring);
                }
            }
        }
    }
    const char *def = text_field(L, &doc, root, "$", "default_language", 40, true);
    if (def) {
        char qb[100];
        set->default_lang = content_lang_index(set, def);
        if (set->default_lang < 0) {
            json_doc_error(&doc, L->diags, cJSON_GetObjectItemCaseSensitive(root, "default_language"),
                           "$.default_language", "\"%s\" is not in \"languages\"", quoted(qb, def));
            set->default_lang = 0;
        }
    }
    const cJSON *home = field(&doc, L->diags, root, "$", "home", true);
    if (home) {
        int n = cJSON_IsArray(home) ? cJSON_GetArraySize(home) : 0;
        if (n < 1 || n > CONTENT_MAX_DOCS) {
            json_doc_error(&doc, L->diags, home, "$.home", "expected a list of 1 to %d document ids",
                           CONTENT_MAX_DOCS);
        } else {
            int i = 0;
            for (const cJSON *h = home->child; h; h = h->next, i++) {
                char p[32];
                str_format(p, sizeof p, "$.home[%d]", i);
                if (!cJSON_IsString(h) || !id_ok(h->valuestring))
                    json_doc_error(&doc, L->diags, h, p, "expected a document id");
                else {
                    home_nodes[*home_count] = h;
                    home_ids[(*home_count)++] = arena_strdup(set->arena, h->valuestring);
                }
            }
        }
    }
    contact_id = text_field(L, &doc, root, "$", "contact_form", 40, false);
    if (contact_id) {
        *contact_node = cJSON_GetObjectItemCaseSensitive(root, "contact_form");
        *contact_out = contact_id;
    }
    const char *groups_id = text_field(L, &doc, root, "$", "groups_screen", 40, false);
    if (groups_id) {
        *groups_node = cJSON_GetObjectItemCaseSensitive(root, "groups_screen");
        *groups_out = groups_id;
    }
done:
#undef doc
    return L->diags->errors == before;
}

static void check_same_keys(loader *L, const content_set *set)
{
    const content_lang *first = &set->langs[0];
    for (int l = 1; l < set->lang_count; l++) {
        const content_lang *other = &set->langs[l];
        for (int i = 0; i < first->string_count; i++)
            if (content_ui(other, first->strings[i].key) == first->strings[i].key)
                diag_add(L->diags, true, "%s/%s/ui.json:1:1: $.strings: missing translation of \"%s\" (present in %s)",
                         set->root, other->code, first->strings[i].key, first->code);
        for (int i = 0; i < other->string_count; i++)
            if (content_ui(first, other->strings[i].key) == other->strings[i].key)
                diag_add(L->diags, true, "%s/%s/ui.json:1:1: $.strings: missing translation of \"%s\" (present in %s)",
                         set->root, first->code, other->strings[i].key, other->code);
    }
}

/* True when path is an existing file (or anything but "not found"). */
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
    set->root = arena_strdup(set->arena, dir);
    set->real_root = arena_strdup(set->arena, realpath(dir, real) ? real : dir);
    char *home_ids[CONTENT_MAX_DOCS];
    const cJSON *home_nodes[CONTENT_MAX_DOCS];
    int home_count = 0;
    json_doc manifest = {0};
    const char *contact_id = NULL, *groups_id = NULL;
    const cJSON *contact_node = NULL, *groups_node = NULL;
    groups_file *gfiles = NULL;
    set->contact_doc = -1;
    set->groups_doc = -1;
    if (!load_manifest(&L, dir, &manifest, home_ids, home_nodes, &home_count, &contact_id, &contact_node,
                       &groups_id, &groups_node))
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
        load_ui(&L, path, lang);
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
    check_same_keys(&L, set);
    /* A document (or facilitator file) present in any language must be present in all. */
    for (int l = 0; l < set->lang_count; l++)
        for (int o = 0; o < set->lang_count; o++) {
            for (int i = 0; i < id_count[l] && o != l; i++) {
                bool found = find_id(ids[o], id_count[o], ids[l][i]) >= 0;
                if (!found)
                    diag_add(diags, true, "%s/%s/modules/%s.json:1:1: file missing: the translation of %s/%s/modules/%s.json",
                             dir, set->langs[o].code, ids[l][i], dir, set->langs[l].code, ids[l][i]);
            }
            for (int i = 0; i < fac_count[l] && o != l; i++)
                if (find_id(fac_ids[o], fac_count[o], fac_ids[l][i]) < 0)
                    diag_add(diags, true,
                             "%s/%s/facilitator/%s.json:1:1: file missing: "
                             "the translation of %s/%s/facilitator/%s.json",
                             dir, set->langs[o].code, fac_ids[l][i], dir, set->langs[l].code, fac_ids[l][i]);
        }
    /* groups.json: in every language or in none; required by a groups screen. */
    for (int l = 0; l < set->lang_count; l++) {
        if (has_groups[l])
            continue;
        if (groups_in >= 0)
            diag_add(diags, true, "%s/%s/groups.json:1:1: file missing: the translation of %s/%s/groups.json", dir,
                     set->langs[l].code, dir, set->langs[groups_in].code);
        else if (groups_id)
            json_doc_error(&manifest, diags, groups_node, "$.groups_screen",
                           "the groups screen needs the weekly groups in %s/%s/groups.json: file not found", dir,
                           set->langs[l].code);
    }
    /* Every tile on Home names a document. */
    for (int h = 0; h < home_count; h++) {
        bool found = find_id(ids[0], id_count[0], home_ids[h]) >= 0;
        char jp[32];
        str_format(jp, sizeof jp, "$.home[%d]", h);
        for (int e = 0; e < h && found; e++)
            if (strcmp(home_ids[e], home_ids[h]) == 0) {
                json_doc_error(&manifest, diags, home_nodes[h], jp, "\"%s\" is already on Home ($.home[%d])",
                               home_ids[h], e);
                break;
            }
        if (!found)
            json_doc_error(&manifest, diags, home_nodes[h], jp, "no document \"%s\" in %s/modules/", home_ids[h],
                           set->langs[0].code);
    }
    /* The contact form and the groups screen each open from one of the Home tiles. */
    if (contact_id) {
        bool on_home = false;
        for (int h = 0; h < home_count; h++)
            on_home = on_home || strcmp(home_ids[h], contact_id) == 0;
        if (!on_home)
            json_doc_error(&manifest, diags, contact_node, "$.contact_form", "\"%s\" is not one of the Home tiles",
                           contact_id);
        else
            set->contact_doc = find_id(ids[0], id_count[0], contact_id);
    }
    if (groups_id) {
        bool on_home = false;
        for (int h = 0; h < home_count; h++)
            on_home = on_home || strcmp(home_ids[h], groups_id) == 0;
        if (!on_home)
            json_doc_error(&manifest, diags, groups_node, "$.groups_screen", "\"%s\" is not one of the Home tiles",
                           groups_id);
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
    gfiles = calloc((size_t)set->lang_count, sizeof *gfiles);
    if (!gfiles) {
        diag_add(diags, true, "%s:1:1: out of memory", dir);
        goto fail;
    }
    for (int l = 0; l < set->lang_count; l++) {
        content_lang *lang = &set->langs[l];
        int n = id_count[0];
        bool doc_ok[CONTENT_MAX_DOCS];
        lang->docs = arena_alloc(set->arena, (size_t)(n + 1) * sizeof *lang->docs);
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
        for (int h = 0; h < home_count; h++)
            lang->home[lang->home_count++] = &lang->docs[find_id(ids[0], n, home_ids[h])];
        for (int f = 0; f < fac_count[l]; f++) {
            int d = find_id(ids[0], n, fac_ids[l][f]);
            str_format(path, sizeof path, "%s/%s/facilitator/%s.json", dir, lang->code, fac_ids[l][f]);
            load_prompts(&L, path, fac_ids[l][f], lang->code, d >= 0 ? &lang->docs[d] : NULL, d >= 0 && doc_ok[d]);
        }
        if (groups_in >= 0) {
            str_format(path, sizeof path, "%s/%s/groups.json", dir, lang->code);
            load_groups(&L, path, lang, &gfiles[l]);
        }
    }
    if (groups_in >= 0 && diags->errors == before)
        compare_groups(&L, gfiles);
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
