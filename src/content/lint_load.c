/* Reads content/lint.json (banned phrases and reading targets) into lint_rules. */
#include "lint_load.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../core/util.h"
#include "json_doc.h"
#include "load_fields.h"

enum { JPATH_LEN = 96, MAX_TERMS = 500, PHRASE_MAX = 80, INSTEAD_MAX = 120 };

typedef struct {
    const json_doc *doc;
    diag_list *diags;
    lint_rules *rules;
} reader;

void lint_report_to_diags(void *diags, bool is_error, const char *line)
{
    diag_add(diags, is_error, "%s", line);
}

static bool only_fields(reader *R, const cJSON *obj, const char *jpath, const char *const *allowed)
{
    return json_only_fields(R->doc, R->diags, obj, jpath, allowed);
}

/* A copy in the rules' arena; NULL after an "out of memory" error at node. */
static const char *keep(reader *R, const cJSON *node, const char *jpath, const char *s)
{
    char *copy = arena_strdup(R->rules->arena, s);
    if (!copy)
        json_doc_error(R->doc, R->diags, node, jpath, "out of memory");
    return copy;
}

static bool is_object(reader *R, const cJSON *v, const char *jpath)
{
    if (cJSON_IsObject(v))
        return true;
    json_doc_error(R->doc, R->diags, v, jpath, "expected an object");
    return false;
}

/* The rules of language code, added on first sight; NULL (reported) when
 * the code is not two lowercase letters or there are too many languages. */
static lint_lang_rules *lang_for(reader *R, const cJSON *key_node, const char *jpath)
{
    const char *code = key_node->string;
    if (strlen(code) != 2 || code[0] < 'a' || code[0] > 'z' || code[1] < 'a' || code[1] > 'z') {
        json_doc_error(
            R->doc, R->diags, key_node, jpath,
            "\"%s\" is not a language code: expected two lowercase letters such as \"es\"", code);
        return NULL;
    }
    lint_lang_rules *l = lint_rules_find(R->rules, code);
    if (l)
        return l;
    if (R->rules->lang_count == LINT_MAX_LANGS) {
        json_doc_error(R->doc, R->diags, key_node, jpath, "more than %d languages", LINT_MAX_LANGS);
        return NULL;
    }
    const char *copy = keep(R, key_node, jpath, code);
    if (!copy)
        return NULL;
    l = &R->rules->langs[R->rules->lang_count++];
    l->code = copy;
    return l;
}

static bool text_ok(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7F)
            return false;
    return true;
}

/* A required non-empty one-line string of at most max bytes, or NULL (reported). */
static const char *text_field(reader *R, const cJSON *obj, const char *jpath, const char *name,
                              size_t max)
{
    char path[JPATH_LEN + 32];
    str_format(path, sizeof path, "%s.%s", jpath, name);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (!v) {
        json_doc_error(R->doc, R->diags, obj, jpath, "missing required field \"%s\"", name);
        return NULL;
    }
    if (!cJSON_IsString(v) || !v->valuestring[0]) {
        json_doc_error(R->doc, R->diags, v, path, "expected a non-empty string");
        return NULL;
    }
    size_t len = strlen(v->valuestring);
    if (len > max) {
        json_doc_error(R->doc, R->diags, v, path, "too long: %zu bytes, at most %zu", len, max);
        return NULL;
    }
    if (!text_ok(v->valuestring)) {
        json_doc_error(R->doc, R->diags, v, path, "control characters are not allowed");
        return NULL;
    }
    return v->valuestring;
}

static void read_targets(reader *R, const cJSON *targets)
{
    static const char *const target_fields[] = {"max_grade", "min_fernandez_huerta", NULL};
    if (!is_object(R, targets, "$.targets"))
        return;
    for (const cJSON *t = targets->child; t; t = t->next) {
        char jpath[JPATH_LEN];
        str_format(jpath, sizeof jpath, "$.targets.%.40s", t->string);
        for (const cJSON *e = t->next; e; e = e->next)
            if (strcmp(e->string, t->string) == 0)
                json_doc_error(R->doc, R->diags, e, "$.targets", "language \"%s\" appears twice",
                               t->string);
        lint_lang_rules *l = lang_for(R, t, "$.targets");
        if (!l || !is_object(R, t, jpath) || !only_fields(R, t, jpath, target_fields))
            continue;
        const cJSON *grade = cJSON_GetObjectItemCaseSensitive(t, "max_grade");
        const cJSON *fh = cJSON_GetObjectItemCaseSensitive(t, "min_fernandez_huerta");
        if ((grade != NULL) == (fh != NULL)) {
            json_doc_error(R->doc, R->diags, t, jpath,
                           "give one target: \"max_grade\" (Flesch-Kincaid, English) or "
                           "\"min_fernandez_huerta\" (Spanish)");
            continue;
        }
        const cJSON *v = grade ? grade : fh;
        double lo = grade ? 1 : 0, hi = grade ? 20 : 100;
        char vpath[JPATH_LEN + 32];
        str_format(vpath, sizeof vpath, "%s.%s", jpath, v->string);
        if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) || v->valuedouble < lo ||
            v->valuedouble > hi) {
            json_doc_error(R->doc, R->diags, v, vpath, "expected a number from %g to %g", lo, hi);
            continue;
        }
        l->target_kind = grade ? LINT_TARGET_MAX_GRADE : LINT_TARGET_MIN_FH;
        l->target = v->valuedouble;
    }
}

static void warn_at(reader *R, const cJSON *node, const char *jpath, const char *msg)
{
    int line, col;
    json_doc_where(R->doc, node, &line, &col);
    diag_add(R->diags, false, "%s:%d:%d: %s: %s", R->doc->path, line, col, jpath, msg);
}

/* Whether phrase a finds all of text b (then b adds nothing to a). */
static bool covers(const char *a, const char *b)
{
    size_t s, e;
    return lint_match(b, a, 0, &s, &e) && s == 0 && e == strlen(b);
}

static void read_list(reader *R, const cJSON *list, const char *jpath, lint_lang_rules *l)
{
    static const char *const term_fields[] = {"phrase", "instead", NULL};
    if (!cJSON_IsArray(list)) {
        json_doc_error(R->doc, R->diags, list, jpath,
                       "expected a list of {\"phrase\", \"instead\"}");
        return;
    }
    int n = cJSON_GetArraySize(list);
    if (n > MAX_TERMS) {
        json_doc_error(R->doc, R->diags, list, jpath, "at most %d phrases a language, not %d",
                       MAX_TERMS, n);
        return;
    }
    lint_term *terms = arena_alloc(R->rules->arena, (size_t)(n ? n : 1) * sizeof *terms);
    int *index = calloc((size_t)(n ? n : 1), sizeof *index); /* for later messages */
    if (!terms || !index) {
        json_doc_error(R->doc, R->diags, list, jpath, "out of memory");
        free(index);
        return;
    }
    int count = 0, i = 0;
    for (const cJSON *t = list->child; t; t = t->next, i++) {
        char tpath[JPATH_LEN + 16];
        str_format(tpath, sizeof tpath, "%s[%d]", jpath, i);
        if (!is_object(R, t, tpath) || !only_fields(R, t, tpath, term_fields))
            continue;
        const char *phrase = text_field(R, t, tpath, "phrase", PHRASE_MAX);
        const char *instead = text_field(R, t, tpath, "instead", INSTEAD_MAX);
        if (!phrase || !instead)
            continue;
        char ppath[JPATH_LEN + 32];
        str_format(ppath, sizeof ppath, "%s.phrase", tpath);
        const cJSON *pnode = cJSON_GetObjectItemCaseSensitive(t, "phrase");
        const char *problem = lint_phrase_problem(phrase);
        if (problem) {
            json_doc_error(R->doc, R->diags, pnode, ppath, "\"%s\" %s", phrase, problem);
            continue;
        }
        bool redundant = false;
        for (int j = 0; j < count && !redundant; j++) {
            if (covers(terms[j].phrase, phrase)) {
                char msg[400];
                str_format(msg, sizeof msg,
                           "\"%s\" is already found by \"%s\" (case, accents, plurals and "
                           "space or hyphen are matched anyway)",
                           phrase, terms[j].phrase);
                warn_at(R, pnode, ppath, msg);
                redundant = true;
            }
        }
        if (redundant)
            continue;
        terms[count] = (lint_term){keep(R, t, tpath, phrase), keep(R, t, tpath, instead)};
        if (!terms[count].phrase || !terms[count].instead)
            continue;
        index[count++] = i;
    }
    /* A suggestion must not use a banned phrase of its own language. */
    for (int a = 0; a < count; a++)
        for (int b = 0; b < count; b++) {
            size_t s, e;
            if (lint_match(terms[a].instead, terms[b].phrase, 0, &s, &e)) {
                char ipath[JPATH_LEN + 32];
                str_format(ipath, sizeof ipath, "%s[%d].instead", jpath, index[a]);
                const cJSON *t = cJSON_GetArrayItem(list, index[a]);
                json_doc_error(R->doc, R->diags, cJSON_GetObjectItemCaseSensitive(t, "instead"),
                               ipath, "\"%s\" uses the banned phrase \"%s\"", terms[a].instead,
                               terms[b].phrase);
            }
        }
    free(index);
    l->terms = terms;
    l->term_count = count;
}

static void read_banned(reader *R, const cJSON *banned)
{
    if (!is_object(R, banned, "$.banned"))
        return;
    for (const cJSON *b = banned->child; b; b = b->next) {
        char jpath[JPATH_LEN];
        str_format(jpath, sizeof jpath, "$.banned.%.40s", b->string);
        bool twice = false;
        for (const cJSON *e = b->next; e; e = e->next)
            if (strcmp(e->string, b->string) == 0) {
                json_doc_error(R->doc, R->diags, e, "$.banned", "language \"%s\" appears twice",
                               b->string);
                twice = true;
            }
        lint_lang_rules *l = lang_for(R, b, "$.banned");
        if (l && !twice && !l->terms)
            read_list(R, b, jpath, l);
    }
}

/* "emergency": {"emergency_number": "911", "crisis_line": "988",
 *               "danger": {"en": ["in danger right now", ...], "es": [...]}} */
static void read_emergency(reader *R, const cJSON *em)
{
    static const char *const fields[] = {"emergency_number", "crisis_line", "danger", NULL};
    if (!is_object(R, em, "$.emergency") || !only_fields(R, em, "$.emergency", fields))
        return;
    const char *emergency = text_field(R, em, "$.emergency", "emergency_number", 20);
    const char *crisis = text_field(R, em, "$.emergency", "crisis_line", 20);
    const char *numbers[] = {emergency, crisis};
    const char *names[] = {"emergency_number", "crisis_line"};
    for (int i = 0; i < 2; i++) {
        const char *problem = numbers[i] ? lint_phrase_problem(numbers[i]) : NULL;
        if (problem) {
            char jpath[JPATH_LEN];
            str_format(jpath, sizeof jpath, "$.emergency.%s", names[i]);
            json_doc_error(R->doc, R->diags, cJSON_GetObjectItemCaseSensitive(em, names[i]), jpath,
                           "\"%s\" %s", numbers[i], problem);
            return;
        }
    }
    const cJSON *danger = cJSON_GetObjectItemCaseSensitive(em, "danger");
    if (!danger) {
        json_doc_error(R->doc, R->diags, em, "$.emergency", "missing required field \"danger\"");
        return;
    }
    if (!emergency || !crisis || !is_object(R, danger, "$.emergency.danger"))
        return;
    for (const cJSON *d = danger->child; d; d = d->next) {
        char jpath[JPATH_LEN];
        str_format(jpath, sizeof jpath, "$.emergency.danger.%.40s", d->string);
        lint_lang_rules *l = lang_for(R, d, "$.emergency.danger");
        if (!l)
            continue;
        if (l->danger) {
            json_doc_error(R->doc, R->diags, d, "$.emergency.danger",
                           "language \"%s\" appears twice", d->string);
            continue;
        }
        int n = cJSON_IsArray(d) ? cJSON_GetArraySize(d) : -1;
        if (n < 1 || n > MAX_TERMS) {
            json_doc_error(R->doc, R->diags, d, jpath, "expected a list of 1 to %d phrases",
                           MAX_TERMS);
            continue;
        }
        const char **list = arena_alloc(R->rules->arena, (size_t)n * sizeof *list);
        if (!list) {
            json_doc_error(R->doc, R->diags, d, jpath, "out of memory");
            return;
        }
        int count = 0, i = 0;
        for (const cJSON *p = d->child; p; p = p->next, i++) {
            char ppath[JPATH_LEN + 16];
            str_format(ppath, sizeof ppath, "%s[%d]", jpath, i);
            if (!cJSON_IsString(p) || !p->valuestring[0] || strlen(p->valuestring) > PHRASE_MAX) {
                json_doc_error(R->doc, R->diags, p, ppath, "expected a phrase of 1 to %d bytes",
                               PHRASE_MAX);
                continue;
            }
            const char *problem = lint_phrase_problem(p->valuestring);
            if (problem) {
                json_doc_error(R->doc, R->diags, p, ppath, "\"%s\" %s", p->valuestring, problem);
                continue;
            }
            if ((list[count] = keep(R, p, ppath, p->valuestring)))
                count++;
        }
        l->danger = list;
        l->danger_count = count;
    }
    /* The numbers are the same in every language. */
    for (int i = 0; i < R->rules->lang_count; i++) {
        R->rules->langs[i].emergency_number = keep(R, em, "$.emergency", emergency);
        R->rules->langs[i].crisis_line = keep(R, em, "$.emergency", crisis);
    }
}

lint_rules *lint_rules_load(const char *path, diag_list *diags)
{
    static const char *const root_fields[] = {"$schema", "targets", "banned", "emergency", NULL};
    struct stat st;
    if (stat(path, &st) != 0) {
        diag_add(diags, true,
                 "%s:1:1: no lint settings (%s): this file holds the banned phrases and the "
                 "reading-level targets, and lint cannot run without it",
                 path, strerror(errno));
        return NULL;
    }
    json_doc doc;
    if (!json_doc_load(&doc, path, diags))
        return NULL;
    int before = diags->errors;
    lint_rules *rules = calloc(1, sizeof *rules);
    if (rules)
        rules->arena = arena_create();
    if (!rules || !rules->arena) {
        diag_add(diags, true, "%s:1:1: out of memory", path);
        goto fail;
    }
    reader R = {&doc, diags, rules};
    if (!(rules->path = keep(&R, doc.root, "$", path)))
        goto fail;
    if (!is_object(&R, doc.root, "$"))
        goto fail;
    only_fields(&R, doc.root, "$", root_fields);
    const cJSON *targets = cJSON_GetObjectItemCaseSensitive(doc.root, "targets");
    const cJSON *banned = cJSON_GetObjectItemCaseSensitive(doc.root, "banned");
    if (!targets)
        json_doc_error(&doc, diags, doc.root, "$", "missing required field \"targets\"");
    else
        read_targets(&R, targets);
    if (!banned)
        json_doc_error(&doc, diags, doc.root, "$", "missing required field \"banned\"");
    else
        read_banned(&R, banned);
    const cJSON *emergency = cJSON_GetObjectItemCaseSensitive(doc.root, "emergency");
    if (emergency) /* optional: without it, emergency advice is not checked */
        read_emergency(&R, emergency);
    if (diags->errors != before)
        goto fail;
    json_doc_free(&doc);
    return rules;
fail:
    json_doc_free(&doc);
    lint_rules_destroy(rules);
    return NULL;
}
