/* The linter's checks of documents and whole content sets: banned phrases,
 * alt text and reading level per page (see lint.h). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "lint_chars.h"
#include "lint_internal.h"

enum { LINE_MAX_BYTES = LINT_LINE_MAX_BYTES, MAX_KNOWN = 64, NUMBER_MAX_DIGITS = 16 };

/* The phone numbers of a language's help.json: the only ones content may use. */
typedef struct {
    const char *file; /* ROOT/LANG/help.json, for messages */
    char digits[MAX_KNOWN][NUMBER_MAX_DIGITS];
    int count;
} known_numbers;

/* ---- reporting ---- */

typedef struct {
    const lint_lang_rules *rules;
    const char *file;
    char where[200];            /* `page 2 ("Heading")`, `page 0 (title)`, `string "key"` */
    const known_numbers *known; /* NULL: phone numbers are not checked */
    lint_report_fn report;
    void *ctx;
    int found;
} linter;

static void say(linter *L, bool is_error, const char *msg)
{
    char line[LINE_MAX_BYTES];
    str_format(line, sizeof line, "%s: %s: %s", L->file, L->where, msg);
    L->report(L->ctx, is_error, line);
    L->found++;
}

/* Appends s[0..len) to out, one space for each run of white space inside it
 * (none at its ends), stopping between characters when out is full. */
static void put_squeezed(char *out, size_t size, size_t *n, const char *s, size_t len)
{
    bool space = false, wrote = false;
    for (size_t i = 0; i < len;) {
        size_t start = i;
        uint32_t cp = raw_next(s, len, &i);
        if (is_space(cp) || cp < 0x20) {
            space = wrote;
            continue;
        }
        size_t need = (space ? 1 : 0) + (i - start);
        if (*n + need >= size)
            break;
        if (space)
            out[(*n)++] = ' ';
        space = false;
        wrote = true;
        memcpy(out + *n, s + start, i - start);
        *n += i - start;
    }
    out[*n] = '\0';
}

/* About LINT_CONTEXT_BYTES of text around [s, e), cut between characters,
 * with … where it was cut; room one side does not need goes to the other. */
static void context(const char *text, size_t s, size_t e, char *out, size_t size)
{
    size_t len = strlen(text), n = 0;
    size_t room = e - s < LINT_CONTEXT_BYTES ? LINT_CONTEXT_BYTES - (e - s) : 0;
    size_t left = s < room / 2 ? s : room / 2;
    size_t right = len - e < room - left ? len - e : room - left;
    left = s < room - right ? s : room - right;
    size_t cs = utf8_floor(text, s - left);
    size_t ce = e + right < len ? utf8_floor(text, e + right) : len;
    out[0] = '\0';
    if (cs > 0)
        put_squeezed(out, size, &n, "…", strlen("…"));
    put_squeezed(out, size, &n, text + cs, ce - cs);
    if (ce < len)
        put_squeezed(out, size, &n, "…", strlen("…"));
}

typedef struct {
    size_t start, end;
    int term;
} hit;

static int cmp_hit(const void *a, const void *b)
{
    const hit *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->end != y->end)
        return x->end > y->end ? -1 : 1; /* the longer phrase first */
    return x->term - y->term;
}

/* Reports every banned phrase in text, in text order; where phrases overlap
 * ("attention-seeking" and "seeking attention") only the first is told. */
static void check_banned(linter *L, const char *text)
{
    if (!text || !L->rules || L->rules->term_count == 0)
        return;
    hit *hits = NULL;
    int count = 0, cap = 0;
    for (int t = 0; t < L->rules->term_count; t++) {
        size_t from = 0, s, e;
        while (lint_match(text, L->rules->terms[t].phrase, from, &s, &e)) {
            if (count == cap) {
                int grown_cap = cap ? cap * 2 : 8;
                hit *grown = realloc(hits, (size_t)grown_cap * sizeof *grown);
                if (!grown)
                    break;
                hits = grown;
                cap = grown_cap;
            }
            hits[count++] = (hit){s, e, t};
            from = e;
        }
    }
    if (count > 1)
        qsort(hits, (size_t)count, sizeof *hits, cmp_hit);
    size_t covered = 0;
    for (int i = 0; i < count; i++) {
        if (i > 0 && hits[i].start < covered)
            continue;
        covered = hits[i].end;
        const lint_term *term = &L->rules->terms[hits[i].term];
        char ctx[LINT_CONTEXT_BYTES * 3], msg[LINE_MAX_BYTES];
        context(text, hits[i].start, hits[i].end, ctx, sizeof ctx);
        str_format(msg, sizeof msg, "banned phrase \"%s\" in \"%s\"; say \"%s\" instead",
                   term->phrase, ctx, term->instead);
        say(L, true, msg);
    }
    free(hits);
}

/* Letters and digits of s, folded, for comparing alt text with a file name. */
static void squash(const char *s, size_t len, char *out, size_t size)
{
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        size_t start = i;
        uint32_t cp = raw_next(s, len, &i);
        if (!is_word_cp(cp))
            continue;
        uint32_t f = fold(cp);
        if (f < 0x80 && n + 1 < size) {
            out[n++] = (char)f;
        } else if (f >= 0x80 && n + (i - start) < size) {
            memcpy(out + n, s + start, i - start);
            n += i - start;
        }
    }
    out[n] = '\0';
}

static bool alt_missing(const char *src, const char *alt)
{
    char a[512], f[512];
    squash(alt ? alt : "", alt ? strlen(alt) : 0, a, sizeof a);
    if (!a[0])
        return true;
    if (!src)
        return false;
    /* "images/together.png", "together.png" and "together" are all just the file name */
    const char *slash = strrchr(src, '/'), *base = slash ? slash + 1 : src;
    const char *dot = strrchr(base, '.');
    const size_t lens[] = {strlen(src), strlen(base), dot ? (size_t)(dot - base) : strlen(base)};
    const char *starts[] = {src, base, base};
    for (int i = 0; i < 3; i++) {
        squash(starts[i], lens[i], f, sizeof f);
        if (strcmp(a, f) == 0)
            return true;
    }
    return false;
}

/* Fernández-Huerta's own scale: the school grade a score stands for. */
static const char *fh_grade(double score)
{
    if (score >= 90)
        return "4th grade";
    if (score >= 80)
        return "5th grade";
    if (score >= 70)
        return "6th grade";
    if (score >= 60)
        return "7th to 8th grade";
    if (score >= 50)
        return "high school";
    if (score >= 30)
        return "college";
    return "college graduate";
}

static double round1(double x)
{
    return floor(x * 10.0 + 0.5) / 10.0;
}

/* Compares rounded scores, so the line never says "6.0 is above 6.0". */
static void check_level(linter *L, lint_counts c)
{
    if (!L->rules || c.words < LINT_MIN_WORDS)
        return;
    char msg[256];
    if (L->rules->target_kind == LINT_TARGET_MAX_GRADE) {
        double g = round1(lint_fk_grade_of(c));
        if (g > L->rules->target + 1e-9) {
            str_format(msg, sizeof msg, "reading grade %.1f is above the target %.1f", g,
                       L->rules->target);
            say(L, false, msg);
        }
    } else if (L->rules->target_kind == LINT_TARGET_MIN_FH) {
        double s = round1(lint_fh_of(c));
        if (s < L->rules->target - 1e-9) {
            str_format(msg, sizeof msg,
                       "Fernández-Huerta score %.1f is below the target %.1f (harder than %s)", s,
                       L->rules->target, fh_grade(L->rules->target));
            say(L, false, msg);
        }
    }
}

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

typedef struct {
    linter *L;
    const char *text;
} number_check;

static void check_number(void *ctx, const char *digits, size_t start, size_t end)
{
    number_check *c = ctx;
    const known_numbers *k = c->L->known;
    for (int i = 0; i < k->count; i++)
        if (strcmp(k->digits[i], digits) == 0)
            return;
    char msg[LINE_MAX_BYTES];
    str_format(msg, sizeof msg,
               "phone number \"%.*s\" is not one of the numbers in %s: check every digit, or "
               "add the line to help.json first",
               (int)(end - start), c->text + start, k->file);
    say(c->L, true, msg);
}

/* The checks every visitor-facing text gets: banned phrases, emergency
 * advice (911 for danger to life) and phone numbers. */
static void check_words(linter *L, const char *text, bool emergency)
{
    if (!text)
        return;
    check_banned(L, text);
    char msg[LINE_MAX_BYTES];
    if (emergency && lint_emergency_problem(L->rules, text, msg, sizeof msg))
        say(L, true, msg);
    if (L->known) {
        number_check c = {L, text};
        lint_phone_numbers(text, check_number, &c);
    }
}

static void check_text(linter *L, const char *text)
{
    check_words(L, text, true);
}

/* A list is read as one text for emergency advice, with the paragraph that
 * leads into it ("Call 911 if your loved one:" then "Is hard to wake"):
 * each item is one sentence, so 988 beside a danger phrase in an item is
 * still caught, and 911 named in the lead-in or any item covers the list. */
static void check_list(linter *L, const content_block *bl, const content_block *before)
{
    char unit[4096];
    size_t n = 0;
    unit[0] = '\0';
    char msg[LINE_MAX_BYTES];
    /* A lead-in with a problem of its own has been reported already. */
    if (before && before->type == BLOCK_PARAGRAPH && before->text &&
        !lint_emergency_problem(L->rules, before->text, msg, sizeof msg) &&
        str_copy(unit, sizeof unit, before->text))
        n = strlen(unit);
    for (int i = 0; i < bl->item_count; i++) {
        check_words(L, bl->items[i], false);
        const char *item = bl->items[i] ? bl->items[i] : "";
        size_t len = strlen(item);
        bool ends = len > 0 && strchr(".!?", item[len - 1]);
        if (n + len + 3 < sizeof unit) {
            str_format(unit + n, sizeof unit - n, "%s%s%s", n ? " " : "", item, ends ? "" : ".");
            n = strlen(unit);
        }
    }
    if (lint_emergency_problem(L->rules, unit, msg, sizeof msg))
        say(L, true, msg);
}

/* A help line: its name, and its detail read with its number in front
 * ("911: Call if someone is badly hurt..."), so a line about danger to life
 * is fine when its number is 911, and wrong when it is 988. */
static void check_help(linter *L, const content_block *bl)
{
    check_banned(L, bl->label);
    check_banned(L, bl->text);
    check_banned(L, bl->note);
    char unit[1600], msg[LINE_MAX_BYTES];
    str_format(unit, sizeof unit, "%s: %s", or_empty(bl->number), or_empty(bl->text));
    if (lint_emergency_problem(L->rules, unit, msg, sizeof msg))
        say(L, true, msg);
    /* The note stands in for the detail on a small screen: the same rules. */
    str_format(unit, sizeof unit, "%s: %s", or_empty(bl->number), or_empty(bl->note));
    if (bl->note && lint_emergency_problem(L->rules, unit, msg, sizeof msg))
        say(L, true, msg);
    if (L->known) {
        number_check c = {L, bl->text};
        if (bl->text)
            lint_phone_numbers(bl->text, check_number, &c);
        c.text = bl->note;
        if (bl->note)
            lint_phone_numbers(bl->note, check_number, &c);
        c.text = bl->number;
        if (bl->number)
            lint_phone_numbers(bl->number, check_number, &c);
    }
}

/* Whether a source says when (a year from 1900 to 2099, or "n.d." for a page
 * without a date) and where (a web link), so a reviewer can check it. */
static bool source_checkable(const char *s)
{
    bool year = strstr(s, "n.d.") != NULL;
    for (const char *p = s; *p && !year; p++) {
        bool digits = (p[0] == '1' && p[1] == '9') || (p[0] == '2' && p[1] == '0');
        digits = digits && p[2] >= '0' && p[2] <= '9' && p[3] >= '0' && p[3] <= '9';
        bool alone = (p == s || !(p[-1] >= '0' && p[-1] <= '9')) && !(p[4] >= '0' && p[4] <= '9');
        year = digits && alone;
    }
    return year && (strstr(s, "https://") || strstr(s, "http://"));
}

static int lint_doc_with(const lint_lang_rules *rules, const known_numbers *known,
                         const content_doc *doc, const char *file, lint_report_fn report, void *ctx)
{
    linter L = {.rules = rules, .file = file, .known = known, .report = report, .ctx = ctx};
    bool spanish = rules && rules->target_kind == LINT_TARGET_MIN_FH;
    for (int i = 0; i < doc->source_count; i++) {
        if (source_checkable(doc->sources[i]))
            continue;
        char msg[LINE_MAX_BYTES];
        str_format(L.where, sizeof L.where, "$.sources[%d]", i);
        str_format(msg, sizeof msg,
                   "\"%.80s\" cannot be checked: give the author, the year (or n.d.), the title "
                   "and a link, as in \"Mayo Clinic Staff (n.d.). Self-injury/cutting. "
                   "https://www.mayoclinic.org/...\"",
                   doc->sources[i]);
        say(&L, true, msg);
    }
    str_copy(L.where, sizeof L.where, "page 0 (title)");
    check_banned(&L, doc->title);
    check_text(&L, doc->summary);
    int page = 0;
    lint_counts counts = {0};
    for (int b = 0; b < doc->block_count; b++) {
        const content_block *bl = &doc->blocks[b];
        if (bl->type == BLOCK_HEADING || page == 0) {
            if (page > 0)
                check_level(&L, counts);
            counts = (lint_counts){0};
            page++;
            const char *heading =
                bl->type == BLOCK_HEADING && bl->text ? bl->text : or_empty(doc->title);
            str_format(L.where, sizeof L.where, "page %d (\"%s\")", page, heading);
        }
        /* Only prose is scored: a heading or a callout label is a few words
         * without a full stop, and counting it as a sentence flatters the page. */
        switch (bl->type) {
        case BLOCK_HEADING:
            check_banned(&L, bl->text);
            break;
        case BLOCK_PARAGRAPH:
            check_text(&L, bl->text);
            lint_count(bl->text, spanish, &counts);
            break;
        case BLOCK_LIST:
            check_list(&L, bl, b > 0 ? &doc->blocks[b - 1] : NULL);
            for (int i = 0; i < bl->item_count; i++)
                lint_count(bl->items[i], spanish, &counts);
            break;
        case BLOCK_CALLOUT:
            check_banned(&L, bl->label);
            check_text(&L, bl->text);
            lint_count(bl->text, spanish, &counts);
            break;
        case BLOCK_IMAGE:
            if (alt_missing(bl->src, bl->alt)) {
                char msg[LINE_MAX_BYTES];
                str_format(msg, sizeof msg, "image \"%s\" has no alt text", or_empty(bl->src));
                say(&L, true, msg);
            }
            check_banned(&L, bl->alt);
            break;
        case BLOCK_HELP: /* phone numbers would skew the reading level: not scored */
            check_help(&L, bl);
            break;
        case BLOCK_PAGE_BREAK:
        case BLOCK_LINK: /* its label is the target's title, linted with that document */
            break;
        }
    }
    if (page > 0)
        check_level(&L, counts);
    return L.found;
}

int lint_doc(const lint_lang_rules *rules, const content_doc *doc, const char *file,
             lint_report_fn report, void *ctx)
{
    return lint_doc_with(rules, NULL, doc, file, report, ctx);
}

/* ---- rules and whole content sets ---- */

static const lint_lang_rules *find_rules(const lint_rules *rules, const char *code)
{
    for (int i = 0; rules && i < rules->lang_count; i++)
        if (rules->langs[i].code && strcmp(rules->langs[i].code, code) == 0)
            return &rules->langs[i];
    return NULL;
}

lint_lang_rules *lint_rules_find(lint_rules *rules, const char *code)
{
    return (lint_lang_rules *)find_rules(rules, code);
}

void lint_rules_destroy(lint_rules *rules)
{
    if (!rules)
        return;
    arena_destroy(rules->arena);
    free(rules);
}

void lint_doc_file(const content_set *set, int lang, const content_doc *doc, char *out, size_t size)
{
    const char *root = set->root ? set->root : ".";
    if (doc->kind == DOC_HELP)
        str_format(out, size, "%s/%s/help.json", root, set->langs[lang].code);
    else
        str_format(out, size, "%s/%s/modules/%s.json", root, set->langs[lang].code,
                   or_empty(doc->id));
}

static void add_known(void *ctx, const char *digits, size_t start, size_t end)
{
    (void)start;
    (void)end;
    known_numbers *k = ctx;
    for (int i = 0; i < k->count; i++)
        if (strcmp(k->digits[i], digits) == 0)
            return;
    if (k->count < MAX_KNOWN)
        str_copy(k->digits[k->count++], sizeof k->digits[0], digits);
}

/* Every phone number written in help.json, its numbers and its details. */
static void collect_known(const content_doc *help, known_numbers *k)
{
    for (int b = 0; help && b < help->block_count; b++) {
        lint_phone_numbers(help->blocks[b].number, add_known, k);
        lint_phone_numbers(help->blocks[b].text, add_known, k);
    }
}

/* Groups are read by visitors on their own screen: every text field, and
 * each cancellation's note. */
static void lint_groups(linter *L, const content_lang *lang)
{
    for (int g = 0; g < lang->group_count; g++) {
        const content_group *gr = &lang->groups[g];
        str_format(L->where, sizeof L->where, "group \"%s\"", or_empty(gr->id));
        check_text(L, gr->name);
        check_text(L, gr->who);
        check_text(L, gr->room);
        check_text(L, gr->language);
        check_text(L, gr->join);
    }
    for (int c = 0; c < lang->cancellation_count; c++) {
        str_format(L->where, sizeof L->where, "cancellation %s",
                   or_empty(lang->cancellations[c].date));
        check_text(L, lang->cancellations[c].note);
    }
}

int lint_content(const lint_rules *rules, const content_set *set, lint_report_fn report, void *ctx)
{
    int found = 0;
    const char *root = set->root ? set->root : ".";
    for (int l = 0; l < set->lang_count; l++) {
        const content_lang *lang = &set->langs[l];
        const lint_lang_rules *r = find_rules(rules, lang->code);
        char file[LINE_MAX_BYTES / 2], help_file[LINE_MAX_BYTES / 2];
        if (!r) {
            char line[LINE_MAX_BYTES];
            str_format(line, sizeof line,
                       "%s: no banned phrases or reading target for language \"%s\"",
                       rules && rules->path ? rules->path : "lint.json", lang->code);
            report(ctx, false, line);
            found++;
        }
        str_format(help_file, sizeof help_file, "%s/%s/help.json", root, lang->code);
        known_numbers known = {.file = help_file};
        collect_known(lang->help, &known);
        str_format(file, sizeof file, "%s/%s/ui.json", root, lang->code);
        linter L = {.rules = r, .file = file, .known = &known, .report = report, .ctx = ctx};
        for (int i = 0; i < lang->string_count; i++) {
            str_format(L.where, sizeof L.where, "string \"%s\"", lang->strings[i].key);
            check_text(&L, lang->strings[i].value);
        }
        if (lang->group_count > 0) {
            str_format(file, sizeof file, "%s/%s/groups.json", root, lang->code);
            lint_groups(&L, lang);
        }
        found += L.found;
        for (int d = 0; d < lang->doc_count; d++) {
            const content_doc *doc = &lang->docs[d];
            str_format(file, sizeof file, "%s/%s/modules/%s.json", root, lang->code,
                       or_empty(doc->id));
            found += lint_doc_with(r, &known, doc, file, report, ctx);
            /* Facilitator prompts are read aloud to a group: the same rules. */
            str_format(file, sizeof file, "%s/%s/facilitator/%s.json", root, lang->code,
                       or_empty(doc->id));
            linter P = {.rules = r, .file = file, .known = &known, .report = report, .ctx = ctx};
            for (int s = 0; s < doc->prompt_count; s++) {
                if (!doc->prompts[s])
                    continue;
                str_format(P.where, sizeof P.where, "prompt for section %d", s + 1);
                check_text(&P, doc->prompts[s]);
            }
            found += P.found;
        }
        if (lang->help)
            found += lint_doc_with(r, &known, lang->help, help_file, report, ctx);
    }
    return found + lint_parity(set, report, ctx);
}
