/* json_doc: a parsed JSON file that remembers where each value sits, so every
 * error can say `file:line:col: $.path: message`. Internal to src/content/,
 * the only code that includes cJSON.
 *
 * json_doc_load() reads and parses a file; json_doc_free() releases it.
 * Diagnostics go to a diag_list (see load.h). */
#ifndef LANTERN_JSON_DOC_H
#define LANTERN_JSON_DOC_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "load.h"

typedef struct {
    const char *path; /* points at path_buf: the document keeps its own copy */
    char path_buf[1024];
    char *text;
    size_t len;
    cJSON *root;
    const cJSON **nodes; /* every value in document order ... */
    size_t *offsets;     /* ... and the byte offset where it starts */
    size_t count;
} json_doc;

/* Limits a content file must stay within (hostile input is bounded). */
enum {
    JSON_MAX_FILE_BYTES = 4 * 1024 * 1024,
    /* Keys in one object, and values in one file (lists are bounded by it): far
     * above any real content (ui.json has about 150 keys), far below what
     * would make checking a hostile file slow. Checked right after parsing,
     * so loading stays linear in the file's size. */
    JSON_MAX_CHILDREN = 2000,
    JSON_MAX_VALUES = 200000,
};

/* Reads and parses path. On failure reports to diags and returns false. */
bool json_doc_load(json_doc *doc, const char *path, diag_list *diags);
void json_doc_free(json_doc *doc);
/* 1-based line and column of node (1:1 when unknown). */
void json_doc_where(const json_doc *doc, const cJSON *node, int *line, int *col);
/* Reports `file:line:col: $.jpath: message` for node. */
void json_doc_error(const json_doc *doc, diag_list *diags, const cJSON *node, const char *jpath,
                    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

#endif
