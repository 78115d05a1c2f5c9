/* approval_load: approval.json in and out (format in approval_load.h). */
#include "approval_load.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../core/util.h"
#include "json_doc.h"

static const char *text(const json_doc *doc, diag_list *d, const cJSON *root, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, name);
    char jpath[64];
    str_format(jpath, sizeof jpath, "$.%s", name);
    if (!v) {
        json_doc_error(doc, d, root, "$", "missing required field \"%s\"", name);
        return NULL;
    }
    if (!cJSON_IsString(v)) {
        json_doc_error(doc, d, v, jpath, "expected a text");
        return NULL;
    }
    return v->valuestring;
}

static void copy_text(const json_doc *doc, diag_list *d, const cJSON *root, const char *name,
                      char *out, size_t size)
{
    const char *s = text(doc, d, root, name);
    char jpath[64];
    str_format(jpath, sizeof jpath, "$.%s", name);
    if (s && !approval_text_ok(s))
        json_doc_error(doc, d, cJSON_GetObjectItemCaseSensitive(root, name), jpath,
                       "expected 1 to %d bytes on one line", APPROVAL_TEXT_MAX);
    else if (s)
        str_copy(out, size, s);
}

static void copy_hex(const json_doc *doc, diag_list *d, const cJSON *node, const char *jpath,
                     const char *s, unsigned char *out, size_t n)
{
    if (s && !approval_unhex(s, out, n))
        json_doc_error(doc, d, node, jpath, "expected %zu lowercase hex characters", 2 * n);
}

bool approval_load(const char *path, approval *out, diag_list *diags)
{
    *out = (approval){0};
    json_doc doc;
    if (!json_doc_load(&doc, path, diags))
        return false;
    int before = diags->errors;
    const cJSON *root = doc.root;
    static const char *const fields[] = {
        "format", "content_version", "name",      "role", "approved_at", "review_due",
        "key",    "files",           "signature", NULL};
    if (!cJSON_IsObject(root)) {
        json_doc_error(&doc, diags, root, "$", "expected an object");
        goto done;
    }
    for (const cJSON *c = root->child; c; c = c->next) {
        bool known = false;
        for (const char *const *f = fields; *f; f++)
            known = known || strcmp(*f, c->string) == 0;
        if (!known)
            json_doc_error(&doc, diags, c, "$", "unknown field \"%.60s\"", c->string);
        for (const cJSON *e = c->next; e; e = e->next)
            if (strcmp(e->string, c->string) == 0)
                json_doc_error(&doc, diags, e, "$", "field \"%.60s\" appears twice", c->string);
    }
    const cJSON *format = cJSON_GetObjectItemCaseSensitive(root, "format");
    if (!format || !cJSON_IsNumber(format) || format->valuedouble != APPROVAL_FORMAT) {
        json_doc_error(&doc, diags, format ? format : root, "$.format",
                       "this Lantern reads approval format %d only", APPROVAL_FORMAT);
        goto done;
    }
    out->format = APPROVAL_FORMAT;
    copy_text(&doc, diags, root, "content_version", out->content_version,
              sizeof out->content_version);
    copy_text(&doc, diags, root, "name", out->name, sizeof out->name);
    copy_text(&doc, diags, root, "role", out->role, sizeof out->role);
    const char *at = text(&doc, diags, root, "approved_at");
    if (at && !approval_time_ok(at))
        json_doc_error(&doc, diags, cJSON_GetObjectItemCaseSensitive(root, "approved_at"),
                       "$.approved_at", "expected YYYY-MM-DDTHH:MM:SSZ");
    else if (at)
        str_copy(out->approved_at, sizeof out->approved_at, at);
    const char *due = text(&doc, diags, root, "review_due");
    if (due && (strlen(due) != 10 || approval_day_number(due) < 0))
        json_doc_error(&doc, diags, cJSON_GetObjectItemCaseSensitive(root, "review_due"),
                       "$.review_due", "expected YYYY-MM-DD");
    else if (due)
        str_copy(out->review_due, sizeof out->review_due, due);
    copy_hex(&doc, diags, cJSON_GetObjectItemCaseSensitive(root, "key"), "$.key",
             text(&doc, diags, root, "key"), out->key, APPROVAL_KEY_BYTES);
    copy_hex(&doc, diags, cJSON_GetObjectItemCaseSensitive(root, "signature"), "$.signature",
             text(&doc, diags, root, "signature"), out->signature, APPROVAL_SIGNATURE_BYTES);

    const cJSON *files = cJSON_GetObjectItemCaseSensitive(root, "files");
    int n = files ? cJSON_GetArraySize(files) : 0;
    if (!files || !cJSON_IsArray(files) || n < 1 || n > APPROVAL_MAX_FILES) {
        json_doc_error(&doc, diags, files ? files : root, "$.files",
                       "expected a list of 1 to %d files", APPROVAL_MAX_FILES);
        goto done;
    }
    out->files = calloc((size_t)n, sizeof *out->files);
    if (!out->files) {
        diag_add(diags, true, "%s: out of memory", path);
        goto done;
    }
    int i = 0;
    for (const cJSON *f = files->child; f; f = f->next, i++) {
        char jpath[48];
        str_format(jpath, sizeof jpath, "$.files[%d]", i);
        const cJSON *p = cJSON_GetObjectItemCaseSensitive(f, "path");
        const cJSON *size = cJSON_GetObjectItemCaseSensitive(f, "size");
        const cJSON *hash = cJSON_GetObjectItemCaseSensitive(f, "blake2b");
        if (!cJSON_IsObject(f) || cJSON_GetArraySize(f) != 3 || !cJSON_IsString(p) ||
            !cJSON_IsNumber(size) || !cJSON_IsString(hash)) {
            json_doc_error(&doc, diags, f, jpath,
                           "expected {\"path\": text, \"size\": number, \"blake2b\": hex}");
            continue;
        }
        if (!approval_path_ok(p->valuestring)) {
            json_doc_error(&doc, diags, p, jpath, "not a path inside the folder: \"%.100s\"",
                           p->valuestring);
            continue;
        }
        if (size->valuedouble < 0 || size->valuedouble > 9007199254740991.0 ||
            size->valuedouble != (double)(uint64_t)size->valuedouble) {
            json_doc_error(&doc, diags, size, jpath, "expected a whole number of bytes");
            continue;
        }
        approval_file *af = &out->files[out->file_count];
        if (!approval_unhex(hash->valuestring, af->hash, APPROVAL_HASH_BYTES)) {
            json_doc_error(&doc, diags, hash, jpath, "expected %d lowercase hex characters",
                           2 * APPROVAL_HASH_BYTES);
            continue;
        }
        af->path = strdup(p->valuestring);
        af->size = (uint64_t)size->valuedouble;
        if (af->path)
            out->file_count++;
    }
    if (diags->errors == before && !approval_sort_files(out))
        json_doc_error(&doc, diags, files, "$.files", "a path is listed twice");
done:;
    bool ok = diags->errors == before;
    json_doc_free(&doc);
    if (!ok)
        approval_clear(out);
    return ok;
}

bool approval_write(const char *path, const approval *a, char *err, size_t err_size)
{
    char hex[2 * APPROVAL_SIGNATURE_BYTES + 1];
    cJSON *root = cJSON_CreateObject();
    cJSON *files = cJSON_CreateArray();
    bool ok = root && files;
    if (ok) {
        cJSON_AddNumberToObject(root, "format", a->format);
        cJSON_AddStringToObject(root, "content_version", a->content_version);
        cJSON_AddStringToObject(root, "name", a->name);
        cJSON_AddStringToObject(root, "role", a->role);
        cJSON_AddStringToObject(root, "approved_at", a->approved_at);
        cJSON_AddStringToObject(root, "review_due", a->review_due);
        approval_hex(a->key, APPROVAL_KEY_BYTES, hex);
        cJSON_AddStringToObject(root, "key", hex);
        for (int i = 0; i < a->file_count && ok; i++) {
            cJSON *f = cJSON_CreateObject();
            ok = f != NULL;
            if (f) {
                cJSON_AddStringToObject(f, "path", a->files[i].path);
                cJSON_AddNumberToObject(f, "size", (double)a->files[i].size);
                approval_hex(a->files[i].hash, APPROVAL_HASH_BYTES, hex);
                cJSON_AddStringToObject(f, "blake2b", hex);
                cJSON_AddItemToArray(files, f);
            }
        }
        cJSON_AddItemToObject(root, "files", files);
        files = NULL;
        approval_hex(a->signature, APPROVAL_SIGNATURE_BYTES, hex);
        cJSON_AddStringToObject(root, "signature", hex);
    }
    char *json = ok ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    cJSON_Delete(files);
    if (!json) {
        str_format(err, err_size, "%s: out of memory", path);
        return false;
    }
    char tmp[PATH_MAX];
    str_format(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
    size_t len = strlen(json);
    ok = fd >= 0 && write(fd, json, len) == (ssize_t)len && write(fd, "\n", 1) == 1 &&
         fsync(fd) == 0;
    int e = errno;
    if (fd >= 0 && close(fd) != 0)
        ok = false;
    free(json);
    if (ok && rename(tmp, path) != 0) {
        ok = false;
        e = errno;
    }
    if (!ok) {
        str_format(err, err_size, "%s: cannot write: %s", path, strerror(e));
        unlink(tmp);
    }
    return ok;
}
