#include "json_doc.h"

#include "../core/safe_file.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <strings.h>
#include <sys/stat.h>
#include <threads.h>

#include "../core/util.h"

void diag_add(diag_list *d, bool is_error, const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (is_error)
        d->errors++;
    else
        d->warnings++;
    if (d->count == d->cap) {
        int cap = d->cap ? d->cap * 2 : 16;
        char **grown = realloc(d->lines, (size_t)cap * sizeof *grown);
        if (!grown)
            return;
        d->lines = grown;
        d->cap = cap;
    }
    size_t n = strlen(line) + 1;
    char *copy = malloc(n);
    if (!copy)
        return;
    memcpy(copy, line, n);
    d->lines[d->count++] = copy;
}

void diag_list_print(const diag_list *d)
{
    for (int i = 0; i < d->count; i++)
        fprintf(stderr, "%s\n", d->lines[i]);
}

void diag_list_free(diag_list *d)
{
    for (int i = 0; i < d->count; i++)
        free(d->lines[i]);
    free(d->lines);
    memset(d, 0, sizeof *d);
}

static void where_offset(const char *text, size_t off, int *line, int *col)
{
    int l = 1, c = 1;
    for (size_t i = 0; i < off && text[i]; i++) {
        if (text[i] == '\n') {
            l++;
            c = 1;
        } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
            c++; /* count code points, as editors do */
        }
    }
    *line = l;
    *col = c;
}

/* A scanner over text that cJSON already accepted: records where each value
 * starts, in the same pre-order cJSON's tree uses. */
typedef struct {
    const char *s;
    size_t i, len;
    size_t *offsets;
    size_t count, cap;
} scan;

static void skip_ws(scan *sc)
{
    while (sc->i < sc->len && strchr(" \t\r\n", sc->s[sc->i]) && sc->s[sc->i])
        sc->i++;
}

static void skip_string(scan *sc)
{
    sc->i++; /* opening quote */
    while (sc->i < sc->len && sc->s[sc->i] != '"') {
        if (sc->s[sc->i] == '\\')
            sc->i++;
        sc->i++;
    }
    sc->i++;
}

static bool record(scan *sc)
{
    if (sc->count == sc->cap) {
        size_t cap = sc->cap ? sc->cap * 2 : 256;
        size_t *grown = realloc(sc->offsets, cap * sizeof *grown);
        if (!grown)
            return false;
        sc->offsets = grown;
        sc->cap = cap;
    }
    sc->offsets[sc->count++] = sc->i;
    return true;
}

static bool scan_value(scan *sc)
{
    skip_ws(sc);
    if (sc->i >= sc->len || !record(sc))
        return false;
    char c = sc->s[sc->i];
    if (c == '{' || c == '[') {
        char close = c == '{' ? '}' : ']';
        sc->i++;
        skip_ws(sc);
        if (sc->i < sc->len && sc->s[sc->i] == close) {
            sc->i++;
            return true;
        }
        for (;;) {
            if (c == '{') {
                skip_ws(sc);
                skip_string(sc);
                skip_ws(sc);
                sc->i++; /* ':' */
            }
            if (!scan_value(sc))
                return false;
            skip_ws(sc);
            if (sc->i >= sc->len)
                return false;
            if (sc->s[sc->i++] == close)
                return true;
        }
    }
    if (c == '"') {
        skip_string(sc);
        return true;
    }
    while (sc->i < sc->len && !strchr(",]} \t\r\n", sc->s[sc->i]))
        sc->i++;
    return true;
}

static size_t count_nodes(const cJSON *n)
{
    size_t total = 1;
    for (const cJSON *c = n->child; c; c = c->next)
        total += count_nodes(c);
    return total;
}

static void list_nodes(const cJSON *n, const cJSON **out, size_t *at)
{
    out[(*at)++] = n;
    for (const cJSON *c = n->child; c; c = c->next)
        list_nodes(c, out, at);
}

/* Where the structure stands at byte off: depth of [ and {, and whether
 * inside a string. Used to explain a syntax error in plain words. */
static void structure_at(const char *s, size_t off, int *depth, bool *in_string)
{
    int d = 0;
    bool str = false;
    for (size_t i = 0; i < off; i++) {
        char c = s[i];
        if (str) {
            if (c == '\\')
                i++;
            else if (c == '"')
                str = false;
        } else if (c == '"') {
            str = true;
        } else if (c == '[' || c == '{') {
            d++;
        } else if (c == ']' || c == '}') {
            d--;
        }
    }
    *depth = d;
    *in_string = str;
}

/* Turns cJSON's failure into one clear line. cJSON reports the place it
 * gave up, which for an unfinished file is not its end, and for a missing
 * field name one character late; this says what went wrong where a person
 * would look. */
static void report_syntax_error(json_doc *doc, diag_list *diags, const char *end)
{
    const char *t = doc->text;
    size_t n = doc->len;
    size_t off = end && end >= t ? (size_t)(end - t) : 0;
    if (off > n)
        off = n;
    const char *why = "";
    int depth, at_depth;
    bool in_string, at_string;
    structure_at(t, n, &depth, &in_string);
    structure_at(t, off, &at_depth, &at_string);
    size_t first = 0;
    while (first < n && strchr(" \t\r\n", t[first]))
        first++;
    const char *tail_end = NULL;
    cJSON *whole = cJSON_ParseWithLengthOpts(t, n, &tail_end, false);
    if (first == n) {
        off = 0;
        why = " (the file is empty)";
    } else if (at_depth >= CJSON_NESTING_LIMIT) {
        why = " nested too deeply";
    } else if (whole) {
        /* A complete value followed by more text. */
        cJSON_Delete(whole);
        off = tail_end ? (size_t)(tail_end - t) : n;
        while (off < n && strchr(" \t\r\n", t[off]))
            off++;
        why = " (more text after the end)";
    } else if (in_string || depth > 0) {
        /* Unfinished: name where the text stops, where the missing part belongs. */
        off = n;
        while (off > 0 && strchr(" \t\r\n", t[off - 1]))
            off--;
        why = " (the file ends too early)";
    } else if (off > 0 && off < n && t[off - 1] != '"') {
        /* A field name was expected: cJSON points one past its first character. */
        size_t p = off - 1;
        while (p > 0 && strchr(" \t\r\n", t[p - 1]))
            p--;
        if (p > 0 && (t[p - 1] == '{' || t[p - 1] == ','))
            off--;
    }
    int line, col;
    where_offset(t, off, &line, &col);
    if (strcmp(why, " nested too deeply") == 0)
        diag_add(diags, true, "%s:%d:%d: nested too deeply: at most %d levels of [ ] and { }", doc->path, line, col,
                 CJSON_NESTING_LIMIT);
    else
        diag_add(diags, true, "%s:%d:%d: malformed JSON%s", doc->path, line, col, why);
}

/* True when the text holds a \u0000 escape: cJSON would silently cut the
 * string there, so such files are looked at closely. */
static bool has_nul_escape(const char *s, size_t n)
{
    for (const char *p = s; (p = memchr(p, '\\', n - (size_t)(p - s))); p++) {
        size_t run = 1;
        while (p + run < s + n && p[run] == '\\')
            run++;
        if (run % 2 == 1 && p + run + 5 <= s + n && strncasecmp(p + run, "u0000", 5) == 0)
            return true;
        p += run - 1;
    }
    return false;
}

/* Reports every string value whose source holds \u0000, with its path. */
static bool check_nul_walk(json_doc *doc, diag_list *diags, const cJSON *node, char *path, size_t len, size_t cap)
{
    bool ok = true;
    if (cJSON_IsString(node)) {
        int line, col;
        json_doc_where(doc, node, &line, &col);
        size_t i;
        for (i = 0; i < doc->count && doc->nodes[i] != node; i++)
            ;
        if (i < doc->count) {
            const char *q = doc->text + doc->offsets[i] + 1, *e = q;
            while (*e && *e != '"')
                e += *e == '\\' ? 2 : 1;
            if (has_nul_escape(q, (size_t)(e - q))) {
                json_doc_error(doc, diags, node, path, "control characters are not allowed");
                ok = false;
            }
        }
    }
    int k = 0;
    for (const cJSON *c = node->child; c; c = c->next, k++) {
        size_t l = len;
        if (node->type == cJSON_Array)
            str_format(path + len, cap - len, "[%d]", k);
        else
            str_format(path + len, cap - len, ".%s", c->string);
        ok = check_nul_walk(doc, diags, c, path, strlen(path), cap) && ok;
        path[l] = '\0';
    }
    return ok;
}

static bool check_nul_escapes(json_doc *doc, diag_list *diags)
{
    char path[512] = "$";
    return check_nul_walk(doc, diags, doc->root, path, 1, sizeof path);
}

static void index_positions(json_doc *doc);

/* Counts every value; *crowded is the first object with more than
 * JSON_MAX_CHILDREN children (whose count is returned). Recursion is bounded
 * by cJSON's own nesting limit (1000). */
static int count_children(const cJSON *node, size_t *values, const cJSON **crowded)
{
    (*values)++;
    int k = 0;
    for (const cJSON *c = node->child; c; c = c->next)
        k++;
    if (k > JSON_MAX_CHILDREN && cJSON_IsObject(node)) {
        *crowded = node;
        return k;
    }
    for (const cJSON *c = node->child; c && !*crowded && *values <= JSON_MAX_VALUES; c = c->next) {
        int n = count_children(c, values, crowded);
        if (*crowded)
            return n;
    }
    return 0;
}

/* cJSON says only "no" when it cannot parse; a failed allocation is told
 * apart from bad text by watching its allocations (per thread: a reload may
 * parse on another thread). */
static _Thread_local bool parse_ran_out;

static void *watched_malloc(size_t size)
{
    void *p = malloc(size);
    if (!p)
        parse_ran_out = true;
    return p;
}

static void watch_cjson_allocations(void)
{
    cJSON_Hooks hooks = {watched_malloc, free};
    cJSON_InitHooks(&hooks);
}

bool json_doc_load(json_doc *doc, const char *path, diag_list *diags)
{
    static once_flag watch_once = ONCE_FLAG_INIT;
    call_once(&watch_once, watch_cjson_allocations);
    memset(doc, 0, sizeof *doc);
    str_copy(doc->path_buf, sizeof doc->path_buf, path);
    doc->path = doc->path_buf;
    /* Only a regular file, opened without blocking: a FIFO or a device in a
     * content folder must never hang the kiosk or the staff tool, and a
     * symlink could point anywhere (into a USB drive, outside the folder). */
    struct stat st;
    char why[160];
    int fd = safe_open_regular(path, false, &st, why, sizeof why);
    FILE *f = fd >= 0 ? fdopen(fd, "rb") : NULL;
    if (!f) {
        if (fd >= 0)
            close(fd);
        diag_add(diags, true, "%s:1:1: %s", path, fd >= 0 ? "cannot open" : why);
        return false;
    }
    if (st.st_size > JSON_MAX_FILE_BYTES) {
        diag_add(diags, true, "%s:1:1: file is larger than %d bytes", path, JSON_MAX_FILE_BYTES);
        fclose(f);
        return false;
    }
    /* One byte more than the size tells a file that grew while being read. */
    size_t cap = (size_t)st.st_size + 1;
    doc->text = malloc(cap + 1);
    size_t n = doc->text ? fread(doc->text, 1, cap, f) : 0;
    bool read_error = ferror(f);
    fclose(f);
    if (!doc->text) {
        diag_add(diags, true, "%s:1:1: out of memory", path);
        return false;
    }
    if (read_error || n == cap) {
        diag_add(diags, true, "%s:1:1: cannot read the file%s", path, n == cap ? " (it changed while read)" : "");
        json_doc_free(doc);
        return false;
    }
    doc->text[n] = '\0';
    doc->len = n;
    for (size_t i = 0; i < n;) {
        /* Plain ASCII without NUL, the common case: eight bytes at a time. */
        while (i + 8 <= n) {
            uint64_t eight;
            memcpy(&eight, doc->text + i, sizeof eight);
            const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
            /* A byte with its high bit set, or a zero byte: looked at below. */
            if ((eight & highs) || ((eight - ones) & ~eight & highs))
                break;
            i += 8;
        }
        if (i >= n)
            break;
        unsigned char c = (unsigned char)doc->text[i];
        if (c >= 0x01 && c < 0x80) { /* plain ASCII: the common case */
            i++;
            continue;
        }
        uint32_t cp;
        int step = utf8_decode(doc->text + i, n - i, &cp);
        if (step == 0 || cp == 0) {
            int line, col;
            where_offset(doc->text, i, &line, &col);
            diag_add(diags, true, "%s:%d:%d: %s", path, line, col,
                     step == 0 ? "invalid UTF-8" : "NUL byte in the file");
            json_doc_free(doc);
            return false;
        }
        i += (size_t)step;
    }
    const char *end = NULL;
    /* The terminating NUL is passed too: with the exact length cJSON's check
     * for text after the end misreads a file that ends in whitespace. */
    parse_ran_out = false;
    doc->root = cJSON_ParseWithLengthOpts(doc->text, n + 1, &end, true);
    if (!doc->root && parse_ran_out) {
        diag_add(diags, true, "%s:1:1: out of memory", path);
        json_doc_free(doc);
        return false;
    }
    if (!doc->root) {
        report_syntax_error(doc, diags, end);
        json_doc_free(doc);
        return false;
    }
    size_t values = 0;
    const cJSON *crowded = NULL;
    int children = count_children(doc->root, &values, &crowded);
    if (crowded || values > JSON_MAX_VALUES) {
        if (crowded)
            json_doc_error(doc, diags, crowded, "$", "%d keys in one object; at most %d", children,
                           JSON_MAX_CHILDREN);
        else
            diag_add(diags, true, "%s:1:1: %zu values in one file; at most %d", path, values, JSON_MAX_VALUES);
        json_doc_free(doc);
        return false;
    }
    if (has_nul_escape(doc->text, n) && !check_nul_escapes(doc, diags)) {
        json_doc_free(doc);
        return false;
    }
    return true;
}

/* Maps every value to where it starts, on the first error only: valid
 * files (the common case) never pay for it. */
static void index_positions(json_doc *doc)
{
    if (doc->nodes || !doc->root)
        return;
    scan sc = {.s = doc->text, .len = doc->len};
    size_t count = count_nodes(doc->root);
    const cJSON **nodes = malloc(count * sizeof *nodes);
    if (nodes && scan_value(&sc) && sc.count == count) {
        size_t at = 0;
        list_nodes(doc->root, nodes, &at);
        doc->nodes = nodes;
        doc->offsets = sc.offsets;
        doc->count = count;
    } else {
        free(sc.offsets); /* positions unknown: errors say 1:1 */
        free(nodes);
    }
}

void json_doc_free(json_doc *doc)
{
    cJSON_Delete(doc->root);
    free(doc->text);
    free(doc->nodes);
    free(doc->offsets);
    memset(doc, 0, sizeof *doc);
}

void json_doc_where(const json_doc *doc, const cJSON *node, int *line, int *col)
{
    *line = *col = 1;
    index_positions((json_doc *)doc); /* a cache: the document itself is unchanged */
    for (size_t i = 0; i < doc->count; i++) {
        if (doc->nodes[i] == node) {
            where_offset(doc->text, doc->offsets[i], line, col);
            return;
        }
    }
}

void json_doc_error(const json_doc *doc, diag_list *diags, const cJSON *node, const char *jpath,
                    const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    int line, col;
    json_doc_where(doc, node, &line, &col);
    diag_add(diags, true, "%s:%d:%d: %s: %s", doc->path, line, col, jpath, msg);
}
