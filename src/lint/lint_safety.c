/* The linter's safety rules: emergency advice (911 for danger to life, never
 * 988 alone), phone numbers, and parity between languages (see lint.h). */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "lint_chars.h"
#include "lint_internal.h"

enum { PHONE_MIN_DIGITS = 5, PHONE_MAX_DIGITS = 15, QUOTE_BYTES = 90, MAX_NUMBERS = 64 };

/* ---- phone numbers ---- */

static bool digit_at(const char *s, size_t len, size_t i)
{
    return i < len && s[i] >= '0' && s[i] <= '9';
}

void lint_phone_numbers(const char *text, lint_number_fn found, void *ctx)
{
    if (!text)
        return;
    size_t len = strlen(text);
    for (size_t i = 0; i < len;) {
        bool plus = text[i] == '+' && digit_at(text, len, i + 1);
        bool paren = text[i] == '(' && digit_at(text, len, i + 1);
        if (!plus && !paren && !digit_at(text, len, i)) {
            i++;
            continue;
        }
        /* Not in the middle of a word or a longer token ("A1", "v2.3"). */
        if (i > 0 && is_word_cp(raw_prev(text, i))) {
            while (i < len && (digit_at(text, len, i) || text[i] == '+' || text[i] == '('))
                i++;
            continue;
        }
        size_t start = i, end = i;
        char digits[PHONE_MAX_DIGITS + 8];
        size_t n = 0, group = 0; /* digits in the current group */
        bool group_is_one = false, after_paren = false;
        size_t j = plus || paren ? i + 1 : i;
        for (;;) {
            if (digit_at(text, len, j)) {
                if (n < PHONE_MAX_DIGITS + 1)
                    digits[n++] = text[j];
                group++;
                j++;
                end = j;
                group_is_one = group == 1 && text[j - 1] == '1';
                after_paren = false;
                continue;
            }
            if (j < len && text[j] == ')' && digit_at(text, len, j - 1)) {
                j++;
                end = j;
                after_paren = true;
                group = 0;
                continue;
            }
            char c = j < len ? text[j] : 0;
            bool joins = (c == '-' || c == '.') && group > 0 && digit_at(text, len, j + 1);
            joins = joins || (c == ' ' && (after_paren || group_is_one) &&
                              (digit_at(text, len, j + 1) || (j + 1 < len && text[j + 1] == '(')));
            joins = joins || (c == '(' && group_is_one && digit_at(text, len, j + 1));
            if (!joins)
                break;
            group = 0;
            group_is_one = false;
            after_paren = text[j] == ' ' ? after_paren : false;
            j++;
            if (j < len && text[j] == '(')
                j++;
        }
        /* A number followed by letters is a word ("3rd"), not a phone number. */
        size_t k = end;
        bool word_after = is_letter(raw_next(text, len, &k));
        digits[n < PHONE_MAX_DIGITS + 1 ? n : PHONE_MAX_DIGITS + 1] = '\0';
        char *d = digits;
        if (n == 11 && d[0] == '1') {
            d++;
            n--;
        }
        if (n >= PHONE_MIN_DIGITS && n <= PHONE_MAX_DIGITS && !word_after)
            found(ctx, d, start, end);
        i = end > i ? end : i + 1;
    }
}

/* ---- emergency advice ---- */

/* The first danger phrase in text[from, to), or -1; *at its start. */
static int find_danger(const lint_lang_rules *r, const char *text, size_t from, size_t to,
                       size_t *at)
{
    int best = -1;
    size_t best_start = SIZE_MAX;
    for (int i = 0; i < r->danger_count; i++) {
        size_t s, e;
        if (lint_match(text, r->danger[i], from, &s, &e) && e <= to && s < best_start) {
            best = i;
            best_start = s;
        }
    }
    *at = best_start;
    return best;
}

static bool names_in(const char *text, const char *number, size_t from, size_t to)
{
    size_t s, e;
    return number && lint_match(text, number, from, &s, &e) && e <= to;
}

/* The end of the sentence starting at from: after . ! ? followed by a space
 * or the end of the text. */
static size_t sentence_end(const char *text, size_t len, size_t from)
{
    for (size_t i = from; i < len; i++)
        if ((text[i] == '.' || text[i] == '!' || text[i] == '?') &&
            (i + 1 == len || text[i + 1] == ' '))
            return i + 1;
    return len;
}

/* s[from, to) trimmed, cut between characters to fit QUOTE_BYTES, "…" when cut. */
static void quote_span(const char *s, size_t from, size_t to, char *out, size_t size)
{
    while (from < to && s[from] == ' ')
        from++;
    bool cut = to - from > QUOTE_BYTES;
    if (cut)
        to = utf8_floor(s, from + QUOTE_BYTES);
    str_format(out, size, "%.*s%s", (int)(to - from), s + from, cut ? "…" : "");
}

bool lint_emergency_problem(const lint_lang_rules *r, const char *text, char *msg, size_t size)
{
    if (!r || !text || r->danger_count == 0 || !r->emergency_number)
        return false;
    size_t len = strlen(text), at;
    /* A sentence that speaks of danger to life and gives the crisis line. */
    for (size_t from = 0; from < len;) {
        size_t end = sentence_end(text, len, from);
        int d = find_danger(r, text, from, end, &at);
        if (d >= 0 && names_in(text, r->crisis_line, from, end)) {
            char q[QUOTE_BYTES * 2];
            quote_span(text, from, end, q, sizeof q);
            str_format(msg, size,
                       "gives %s for danger to life (\"%s\") in \"%s\"; %s is for talking with a "
                       "crisis counselor: for danger to life right now, say call %s",
                       r->crisis_line, r->danger[d], q, r->crisis_line, r->emergency_number);
            return true;
        }
        from = end;
    }
    int d = find_danger(r, text, 0, len, &at);
    if (d >= 0 && !names_in(text, r->emergency_number, 0, len)) {
        char q[QUOTE_BYTES * 2];
        quote_span(text, 0, len, q, sizeof q);
        str_format(msg, size,
                   "speaks of danger to life (\"%s\") but does not name %s in \"%s\"; say call %s",
                   r->danger[d], r->emergency_number, q, r->emergency_number);
        return true;
    }
    return false;
}

/* ---- parity between languages ---- */

typedef struct {
    char numbers[MAX_NUMBERS][PHONE_MAX_DIGITS + 1];
    int count;
} number_set;

static void add_number(void *ctx, const char *digits, size_t start, size_t end)
{
    (void)start;
    (void)end;
    number_set *ns = ctx;
    for (int i = 0; i < ns->count; i++)
        if (strcmp(ns->numbers[i], digits) == 0)
            return;
    if (ns->count < MAX_NUMBERS)
        str_copy(ns->numbers[ns->count++], sizeof ns->numbers[0], digits);
}

static void doc_numbers(const content_doc *doc, number_set *ns)
{
    ns->count = 0;
    for (int b = 0; b < doc->block_count; b++) {
        const content_block *bl = &doc->blocks[b];
        lint_phone_numbers(bl->text, add_number, ns);
        lint_phone_numbers(bl->label, add_number, ns);
        lint_phone_numbers(bl->number, add_number, ns);
        for (int i = 0; i < bl->item_count; i++)
            lint_phone_numbers(bl->items[i], add_number, ns);
    }
}

static bool has_number(const number_set *ns, const char *digits)
{
    for (int i = 0; i < ns->count; i++)
        if (strcmp(ns->numbers[i], digits) == 0)
            return true;
    return false;
}

static const char *block_name(const content_block *b)
{
    switch (b->type) {
    case BLOCK_HEADING:
        return "a heading";
    case BLOCK_PARAGRAPH:
        return "a paragraph";
    case BLOCK_LIST:
        return "a list";
    case BLOCK_CALLOUT:
        return b->avoid ? "an \"instead of\" callout" : "a callout";
    case BLOCK_IMAGE:
        return "an image";
    case BLOCK_HELP:
        return "a help line";
    case BLOCK_PAGE_BREAK:
        return "a page break";
    case BLOCK_LINK:
        return "a link";
    }
    return "a block";
}

typedef struct {
    lint_report_fn report;
    void *ctx;
    int found;
} reporter;

static void tell(reporter *R, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void tell(reporter *R, const char *fmt, ...)
{
    char line[LINT_LINE_MAX_BYTES];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    R->report(R->ctx, true, line);
    R->found++;
}

static void compare_docs(reporter *R, const content_set *set, int l, const content_doc *ref,
                         const content_doc *doc)
{
    char file[LINT_LINE_MAX_BYTES / 2], other[LINT_LINE_MAX_BYTES / 2];
    lint_doc_file(set, l, doc, file, sizeof file);
    lint_doc_file(set, 0, ref, other, sizeof other);
    if (doc->version != ref->version)
        tell(R,
             "%s: version %d, but %s has version %d: change every language together and give "
             "them the same version",
             file, doc->version, other, ref->version);
    int n = doc->block_count < ref->block_count ? doc->block_count : ref->block_count;
    bool same = true;
    for (int b = 0; b < n && same; b++) {
        const content_block *x = &doc->blocks[b], *y = &ref->blocks[b];
        if (x->type != y->type || x->avoid != y->avoid) {
            tell(R,
                 "%s: $.blocks[%d]: %s, but %s has %s there: every language needs the same "
                 "blocks in the same order",
                 file, b, block_name(x), other, block_name(y));
            same = false;
        } else if (x->type == BLOCK_LIST && x->item_count != y->item_count) {
            tell(R, "%s: $.blocks[%d]: a list of %d items, but %s has %d there", file, b,
                 x->item_count, other, y->item_count);
            same = false;
        }
    }
    if (same && doc->block_count != ref->block_count)
        tell(R,
             "%s: %d blocks, but %s has %d: every language needs the same blocks in the same "
             "order",
             file, doc->block_count, other, ref->block_count);
    number_set a, b;
    doc_numbers(doc, &a);
    doc_numbers(ref, &b);
    for (int i = 0; i < b.count; i++)
        if (!has_number(&a, b.numbers[i]))
            tell(R, "%s: phone number %s is in %s but not here", file, b.numbers[i], other);
    for (int i = 0; i < a.count; i++)
        if (!has_number(&b, a.numbers[i]))
            tell(R, "%s: phone number %s is here but not in %s", file, a.numbers[i], other);
    int sections = doc->prompt_count < ref->prompt_count ? doc->prompt_count : ref->prompt_count;
    for (int s = 0; s < sections; s++)
        if ((doc->prompts[s] != NULL) != (ref->prompts[s] != NULL))
            tell(R, "%s: %s facilitator prompt for section %d, but %s %s", file,
                 doc->prompts[s] ? "a" : "no", s + 1, other,
                 doc->prompts[s] ? "has none" : "has one");
}

int lint_parity(const content_set *set, lint_report_fn report, void *ctx)
{
    reporter R = {report, ctx, 0};
    if (set->lang_count < 2)
        return 0;
    const content_lang *first = &set->langs[0];
    for (int l = 1; l < set->lang_count; l++) {
        const content_lang *lang = &set->langs[l];
        int n = lang->doc_count < first->doc_count ? lang->doc_count : first->doc_count;
        for (int d = 0; d < n; d++)
            compare_docs(&R, set, l, &first->docs[d], &lang->docs[d]);
        if (lang->help && first->help)
            compare_docs(&R, set, l, first->help, lang->help);
    }
    return R.found;
}
