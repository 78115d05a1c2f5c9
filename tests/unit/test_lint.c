/* The content lint: syllables and reading scores, banned-phrase matching,
 * the exact finding lines for small documents, and lint.json loading. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "content/lint_load.h"
#include "lint/lint.h"
#include "core/util.h"

static int syl_en(const char *w)
{
    return lint_syllables_en(w, strlen(w));
}

static int syl_es(const char *w)
{
    return lint_syllables_es(w, strlen(w));
}

static void test_syllables(void)
{
    /* English: vowel groups, silent final e, -le, -es, -ed, minimum 1. */
    /* clang-format off */
    const struct {
        const char *word;
        int n;
    } en[] = {
        {"the", 1},       {"cat", 1},      {"table", 2},       {"people", 2},     {"hope", 1},
        {"hopes", 1},     {"places", 2},   {"wishes", 2},      {"helped", 1},     {"loved", 1},
        {"wanted", 2},    {"needed", 2},   {"troubled", 2},    {"played", 1},     {"safely", 2},
        {"careful", 2},   {"statement", 2}, {"someone", 2},    {"sometimes", 2},  {"going", 2},
        {"crying", 2},    {"player", 2},   {"quiet", 2},       {"anxiety", 4},    {"idea", 3},
        {"media", 3},     {"social", 2},   {"period", 3},      {"action", 2},     {"actual", 3},
        {"language", 2},  {"family", 3},   {"recovery", 4},    {"treatment", 2},  {"suicide", 3},
        {"suicidal", 4},  {"behavior", 3}, {"don't", 1},       {"they're", 1},    {"through", 1},
        {"DBT", 3},       {"PTSD", 4},     {"NAMI", 2},        {"hospitalization", 6},
        {"interdisciplinary", 7},          {"reconsideration", 6},                {"Hope", 1},
        {"HOPE", 1},      {"brrr", 1},     {"", 1},
    };
    /* clang-format on */
    for (size_t i = 0; i < sizeof en / sizeof en[0]; i++)
        CHECK_MSG(syl_en(en[i].word) == en[i].n, "\"%s\": %d syllables, expected %d", en[i].word,
                  syl_en(en[i].word), en[i].n);

    /* Spanish: vowel nuclei; a e o split (hiatus), an accented í ú stands
     * alone, i u ü join; final y after a vowel joins; h does not separate. */
    const struct {
        const char *word;
        int n;
    } es[] = {
        {"gato", 2},      {"casa", 2},        {"suicidio", 3}, {"autolesión", 4}, {"país", 2},
        {"tío", 2},       {"leía", 3},        {"oído", 3},     {"aéreo", 4},      {"Europa", 3},
        {"ciudad", 2},    {"pingüino", 3},    {"queso", 2},    {"guitarra", 3},   {"hoy", 1},
        {"muy", 1},       {"y", 1},           {"reyes", 2},    {"buey", 1},       {"Uruguay", 3},
        {"ahora", 3},     {"tratamiento", 4}, {"familia", 3},  {"cometió", 3},    {"MURIÓ", 2},
        {"estudiáis", 3}, {"DBT", 3},
    };
    for (size_t i = 0; i < sizeof es / sizeof es[0]; i++)
        CHECK_MSG(syl_es(es[i].word) == es[i].n, "\"%s\": %d syllables, expected %d", es[i].word,
                  syl_es(es[i].word), es[i].n);
}

static lint_counts count(const char *text, bool spanish)
{
    lint_counts c = {0};
    lint_count(text, spanish, &c);
    return c;
}

static void test_readability(void)
{
    /* 6 words, 6 syllables, 1 sentence: 0.39*6 + 11.8 - 15.59 = -1.45 */
    double g = lint_flesch_kincaid_grade("The cat sat on the mat.");
    CHECK_MSG(fabs(g - -1.45) < 1e-9, "FK %f", g);
    /* 10 words, 45 syllables: 0.39*10 + 11.8*4.5 - 15.59 = 41.41 */
    g = lint_flesch_kincaid_grade("The epistemological ramifications of interdisciplinary "
                                  "methodologies necessitate comprehensive institutional "
                                  "reconsideration.");
    CHECK_MSG(g > 30 && fabs(g - 41.41) < 1e-9, "FK %f", g);
    /* 6 words, 9 syllables, 1 sentence: 206.84 - 0.6*150 - 1.02*6 = 110.72 */
    double fh = lint_fernandez_huerta("El gato come en la casa.");
    CHECK_MSG(fh > 80 && fabs(fh - 110.72) < 1e-9, "FH %f", fh);
    /* The same words in shorter sentences read easier (F is words per
     * sentence, not the often-quoted misprint, sentences per 100 words). */
    CHECK(lint_fernandez_huerta("El gato come. En la casa.") > fh);
    CHECK(lint_flesch_kincaid_grade("The cat sat. It sat on the mat.") <
          lint_flesch_kincaid_grade("The cat sat and it sat on the mat."));
    fh = lint_fernandez_huerta("La interdisciplinariedad metodológica exige reconsideraciones "
                               "institucionales extraordinariamente comprehensivas.");
    CHECK_MSG(fh < 30, "FH %f", fh);
    CHECK(isnan(lint_flesch_kincaid_grade("")) && isnan(lint_fernandez_huerta(" ... ")));

    /* Words: numbers and hyphenated or dotted numbers are one word of one
     * syllable; a URL's dot neither joins nor ends a sentence. */
    lint_counts c = count("Call 988 or 800-854-7771 now. Visit 988lifeline.org! It's 3.5 hours, "
                          "isn't it? \"Stop, for me.\" But no",
                          false);
    CHECK_MSG(c.words == 18 && c.sentences == 5, "%d words, %d sentences", c.words, c.sentences);
    c = count("988", false);
    CHECK(c.words == 1 && c.syllables == 1 && c.sentences == 1);
    c = count("self-harm", false);
    CHECK(c.words == 1 && c.syllables == 2);
    /* : and ; do not end a sentence; a text with no end is one sentence. */
    c = count("One thing: call; talk; stay", false);
    CHECK(c.words == 5 && c.sentences == 1);
    /* Titles do not end one; an ellipsis does. */
    c = count("La Dra. Linehan creó la DBT. ¿Y usted?", true);
    CHECK_MSG(c.words == 8 && c.sentences == 2, "%d words, %d sentences", c.words, c.sentences);
    c = count("Wait... what?", false);
    CHECK(c.words == 2 && c.sentences == 2);
    /* Counts add up over pieces (each list item is a sentence of its own). */
    c = (lint_counts){0};
    lint_count("Demanding that they stop", false, &c);
    lint_count("Power struggles", false, &c);
    CHECK(c.words == 6 && c.sentences == 2);
    lint_count(NULL, false, &c);
    CHECK(c.words == 6);
}

static bool find(const char *text, const char *phrase)
{
    size_t s, e;
    return lint_match(text, phrase, 0, &s, &e);
}

static void test_match(void)
{
    size_t s, e;
    /* Case, spacing, and the span of the match. */
    CHECK(lint_match("He COMMITTED\n  Suicide.", "committed suicide", 0, &s, &e) && s == 3 &&
          e == 22);
    CHECK(find("committed\xC2\xA0suicide", "committed suicide")); /* no-break space */
    CHECK(!find("committedsuicide", "committed suicide"));
    CHECK(!find("committed to suicide prevention", "committed suicide"));
    /* Whole words, with a simple plural; never inside a longer word. */
    CHECK(find("a cutter", "cutter") && find("Cutters", "cutter") && find("CUTTER'S", "cutter"));
    CHECK(find("cutter-like", "cutter"));
    CHECK(!find("woodcutter", "cutter") && !find("cuttery", "cutter") &&
          !find("cutterss", "cutter"));
    CHECK(!find("paper-woodcutters", "cutter"));
    CHECK(find("epidemics", "epidemic") && find("epidemias", "epidemia"));
    CHECK(find("los cortadores", "cortador") && !find("cortadoras", "cortador"));
    CHECK(find("intentos fallidos", "intento fallido")); /* every word may be plural */
    CHECK(!find("just as phase", "just a phase"));       /* not on words under 3 letters */
    /* Hyphen and space between words are alike. */
    CHECK(find("attention seeking", "attention-seeking"));
    CHECK(find("Attention-Seeking", "attention seeking"));
    CHECK(find("self\xE2\x80\x91harmers", "self-harmer")); /* non-breaking hyphen */
    /* Accents are ignored both ways, composed or not. */
    CHECK(find("Cometio suicidio", "cometió suicidio"));
    CHECK(find("COMETIÓ SUICIDIO", "cometio suicidio"));
    CHECK(find("se suicido\xCC\x81 ayer", "se suicidó")); /* o + combining acute */
    CHECK(find("la automutilación", "AUTOMUTILACIÓN"));
    CHECK(!find("se suicidaba", "se suicidó"));
    CHECK(find("cometió suicidios", "cometió suicidio")); /* plural is allowed */
    /* Typographic apostrophes match plain ones. */
    CHECK(find("it\xE2\x80\x99s just a phase", "it's just a phase"));
    /* Searching on from an offset finds the next one; a bad offset is safe. */
    CHECK(lint_match("cutter and cutter", "cutter", 1, &s, &e) && s == 11 && e == 17);
    CHECK(!lint_match("cutter", "cutter", 99, &s, &e));
    CHECK(lint_match("ñ cutter", "cutter", 1, &s, &e) && s == 3); /* 1 is inside ñ */
    CHECK(!find("cutter", "") && !find("", "cutter"));
    /* Invalid UTF-8 in text does not stop the search. */
    CHECK(find("\xFF\xFE cutter", "cutter"));

    CHECK(lint_phrase_problem("committed suicide") == NULL);
    CHECK(lint_phrase_problem("it's just a phase") == NULL);
    CHECK(lint_phrase_problem("cometió suicidio") == NULL);
    CHECK(lint_phrase_problem("") != NULL);
    CHECK(lint_phrase_problem(" cutter") != NULL);
    CHECK(lint_phrase_problem("cutter-") != NULL);
    CHECK(lint_phrase_problem("cut*ter") != NULL);
    CHECK(lint_phrase_problem("\xFF") != NULL);
}

/* ---- findings ---- */

static void expect_lines(const diag_list *d, const char *const *want, int n, const char *what)
{
    CHECK_MSG(d->count == n, "%s: %d findings, expected %d", what, d->count, n);
    for (int i = 0; i < d->count && i < n; i++)
        CHECK_MSG(strcmp(d->lines[i], want[i]) == 0, "%s: finding %d\n  got:  %s\n  want: %s", what,
                  i, d->lines[i], want[i]);
    if (d->count != n)
        diag_list_print(d);
}

static const lint_term en_terms[] = {
    {"committed suicide", "died by suicide"},
    {"attention-seeking", "a sign they need support"},
    {"cutter", "a person who self-injures"},
    {"just a phase", "a sign of real pain that needs care"},
    {"successful suicide", "died by suicide"},
    {"successful suicide attempt", "died by suicide"},
};

#define HARD_EN                                                                                    \
    "Interdisciplinary methodologies necessitate comprehensive institutional reconsideration"

static void test_doc_en(void)
{
    lint_lang_rules rules = {"en", en_terms, (int)(sizeof en_terms / sizeof en_terms[0]),
                             LINT_TARGET_MAX_GRADE, 6.0};
    const char *items[] = {"They are not a Cutter.", "A woodcutter is fine."};
    content_block blocks[] = {
        {.type = BLOCK_PARAGRAPH, .text = "Some people call it attention-seeking."},
        {.type = BLOCK_HEADING, .text = "A hard page"},
        {.type = BLOCK_PARAGRAPH, .text = HARD_EN ", and " HARD_EN ", so " HARD_EN " today."},
        {.type = BLOCK_IMAGE, .src = "images/bench.png", .alt = "Bench.PNG"},
        {.type = BLOCK_IMAGE, .src = "images/two-people.png", .alt = "Two people on a bench"},
        {.type = BLOCK_HEADING, .text = "Short"},
        {.type = BLOCK_LIST, .items = items, .item_count = 2},
        {.type = BLOCK_CALLOUT,
         .label = "Instead of",
         .text = "It is just a\n  phase.",
         .avoid = true},
        {.type = BLOCK_HELP,
         .label = "988 Lifeline",
         .number = "988",
         .text = HARD_EN " " HARD_EN " " HARD_EN " " HARD_EN "."}, /* not scored */
        {.type = BLOCK_PAGE_BREAK},
        {.type = BLOCK_IMAGE, .src = "images/two_people.jpg", .alt = "two people"},
        {.type = BLOCK_IMAGE, .src = "images/x.png", .alt = "  "},
        {.type = BLOCK_IMAGE, .src = "images/y.png"},
        {.type = BLOCK_HEADING, .text = "Overlaps"},
        {.type = BLOCK_PARAGRAPH, .text = "Never say a successful suicide attempt."},
    };
    content_doc doc = {.id = "talking",
                       .kind = DOC_MODULE,
                       .title = "Talking about it",
                       .summary = "Words like committed suicide can hurt.",
                       .blocks = blocks,
                       .block_count = (int)(sizeof blocks / sizeof blocks[0])};
    diag_list d = {0};
    int n = lint_doc(&rules, &doc, "content/en/modules/talking.json", lint_report_to_diags, &d);
    /* Page 2: the heading "A hard page" is not prose and is not counted (a
     * sentence of its own would flatter the page); 21 words of 97 syllables
     * in one sentence: 0.39*21 + 11.8*97/21 - 15.59 = 47.10. */
    const char *want[] = {
        "content/en/modules/talking.json: page 0 (title): banned phrase \"committed suicide\" in "
        "\"Words like committed suicide can hurt.\"; say \"died by suicide\" instead",
        "content/en/modules/talking.json: page 1 (\"Talking about it\"): banned phrase "
        "\"attention-seeking\" in \"Some people call it attention-seeking.\"; say \"a sign they "
        "need support\" instead",
        "content/en/modules/talking.json: page 2 (\"A hard page\"): image \"images/bench.png\" has "
        "no alt text",
        "content/en/modules/talking.json: page 2 (\"A hard page\"): reading grade 47.1 is above "
        "the target 6.0",
        "content/en/modules/talking.json: page 3 (\"Short\"): banned phrase \"cutter\" in \"They "
        "are not a Cutter.\"; say \"a person who self-injures\" instead",
        "content/en/modules/talking.json: page 3 (\"Short\"): banned phrase \"just a phase\" in "
        "\"It is just a phase.\"; say \"a sign of real pain that needs care\" instead",
        "content/en/modules/talking.json: page 3 (\"Short\"): image \"images/two_people.jpg\" has "
        "no alt text",
        "content/en/modules/talking.json: page 3 (\"Short\"): image \"images/x.png\" has no alt "
        "text",
        "content/en/modules/talking.json: page 3 (\"Short\"): image \"images/y.png\" has no alt "
        "text",
        "content/en/modules/talking.json: page 4 (\"Overlaps\"): banned phrase \"successful "
        "suicide attempt\" in \"Never say a successful suicide attempt.\"; say \"died by "
        "suicide\" instead",
    };
    int want_n = (int)(sizeof want / sizeof want[0]);
    expect_lines(&d, want, want_n, "English document");
    CHECK(n == want_n && d.errors == want_n - 1 && d.warnings == 1);
    diag_list_free(&d);

    /* Without rules (a language missing from lint.json) only images are checked. */
    n = lint_doc(NULL, &doc, "x.json", lint_report_to_diags, &d);
    CHECK(n == 4 && d.count == 4);
    diag_list_free(&d);

    /* At the target exactly, after rounding to what the line shows: no warning. */
    rules.target = 47.1;
    content_doc hard = {
        .id = "hard", .title = "T", .summary = "S", .blocks = blocks + 1, .block_count = 2};
    CHECK(lint_doc(&rules, &hard, "h.json", lint_report_to_diags, &d) == 0);
    rules.target = 47.0;
    CHECK(lint_doc(&rules, &hard, "h.json", lint_report_to_diags, &d) == 1);
    diag_list_free(&d);
}

static void test_context(void)
{
    static const lint_term cut[] = {{"cutter", "a person who self-injures"}};
    lint_lang_rules rules = {"en", cut, 1, LINT_TARGET_NONE, 0};
    /* 30 two-byte letters, two spaces, the phrase, then plain text: the cut
     * 27 bytes before the phrase falls inside a letter and moves back. */
    char text[512];
    str_format(text, sizeof text, "%s  cutter %s", "éééééééééééééééééééééééééééééé",
               "and then a long tail of words that goes on and on and on");
    content_block b[] = {
        {.type = BLOCK_PARAGRAPH, .text = text},
        /* A text that fits is quoted whole, whatever side the phrase is on. */
        {.type = BLOCK_PARAGRAPH, .text = "Please never call anyone a cutter, not even as a joke."},
    };
    content_doc doc = {.id = "c", .title = "T", .summary = "S", .blocks = b, .block_count = 2};
    diag_list d = {0};
    lint_doc(&rules, &doc, "c.json", lint_report_to_diags, &d);
    const char *want[] = {"c.json: page 1 (\"T\"): banned phrase \"cutter\" in "
                          "\"…ééééééééééééé cutter and then a long tail of wo…\"; say \"a person "
                          "who self-injures\" instead",
                          "c.json: page 1 (\"T\"): banned phrase \"cutter\" in \"Please never call "
                          "anyone a cutter, not even as a joke.\"; say \"a person who "
                          "self-injures\" instead"};
    expect_lines(&d, want, 2, "context");
    for (int i = 0; i < d.count; i++)
        CHECK(utf8_valid(d.lines[i], strlen(d.lines[i])));
    diag_list_free(&d);
}

static const lint_term es_terms[] = {
    {"cometió suicidio", "murió por suicidio"},
    {"se suicidó", "murió por suicidio"},
};

static void test_doc_es(void)
{
    lint_lang_rules rules = {"es", es_terms, 2, LINT_TARGET_MIN_FH, 70};
    content_block blocks[] = {
        {.type = BLOCK_HEADING, .text = "Palabras"},
        {.type = BLOCK_PARAGRAPH,
         .text = "Algunos dicen que se suicido. Otros dicen que COMETIO  SUICIDIO."},
        {.type = BLOCK_HEADING, .text = "Difícil"},
        {.type = BLOCK_PARAGRAPH,
         .text = "La interdisciplinariedad metodológica contemporánea exige reconsideraciones "
                 "institucionales comprehensivas y fundamentadas, particularmente cuando las "
                 "administraciones gubernamentales descentralizadas establecen procedimientos "
                 "extraordinariamente burocráticos."},
        {.type = BLOCK_HEADING, .text = "Fácil"},
        {.type = BLOCK_PARAGRAPH,
         .text = "Usted no está solo. Hable con calma. Escuche sin juzgar. Pida ayuda si la "
                 "necesita. Llame al 988 a cualquier hora. Estamos aquí para usted."},
    };
    content_doc doc = {.id = "palabras",
                       .title = "Palabras que ayudan",
                       .summary = "Cómo hablar.",
                       .blocks = blocks,
                       .block_count = (int)(sizeof blocks / sizeof blocks[0])};
    diag_list d = {0};
    lint_doc(&rules, &doc, "content/es/modules/palabras.json", lint_report_to_diags, &d);
    /* Page 2, without its heading: 20 words, 97 syllables, 1 sentence:
     * 206.84 - 0.6*(9700/20) - 1.02*20 = -104.56. Page 3 is plain
     * Spanish: 26 words, 49 syllables, 7 sentences: 89.97, no warning. */
    const char *want[] = {
        "content/es/modules/palabras.json: page 1 (\"Palabras\"): banned phrase \"se suicidó\" in "
        "\"Algunos dicen que se suicido. Otros dicen que COMETIO SUICI…\"; say \"murió por "
        "suicidio\" instead",
        "content/es/modules/palabras.json: page 1 (\"Palabras\"): banned phrase \"cometió "
        "suicidio\" in \"…nos dicen que se suicido. Otros dicen que COMETIO SUICIDIO.\"; say "
        "\"murió por suicidio\" instead",
        ("content/es/modules/palabras.json: page 2 (\"Difícil\"): Fernández-Huerta score -104.6 "
         "is below the target 70.0 (harder than 6th grade)"),
    };
    expect_lines(&d, want, 3, "Spanish document");
    diag_list_free(&d);
    /* The parenthesis follows the target's place on Fernández-Huerta's scale. */
    rules.target = 85;
    content_doc hard = {
        .id = "h", .title = "T", .summary = "S", .blocks = blocks + 2, .block_count = 2};
    lint_doc(&rules, &hard, "h.json", lint_report_to_diags, &d);
    CHECK(d.count == 1 && strstr(d.lines[0], "below the target 85.0 (harder than 5th grade)"));
    diag_list_free(&d);
}

/* ---- phone numbers and emergency advice ---- */

typedef struct {
    char found[8][24];
    int count;
} numbers;

static void on_number(void *ctx, const char *digits, size_t start, size_t end)
{
    numbers *n = ctx;
    (void)start;
    (void)end;
    if (n->count < 8)
        str_copy(n->found[n->count++], sizeof n->found[0], digits);
}

static int phones(const char *text, numbers *n)
{
    n->count = 0;
    lint_phone_numbers(text, on_number, n);
    return n->count;
}

static void test_phone_numbers(void)
{
    numbers n;
    CHECK(phones("Call 1-800-222-1222 or 800-854-7771.", &n) == 2);
    CHECK(strcmp(n.found[0], "8002221222") == 0 && strcmp(n.found[1], "8008547771") == 0);
    CHECK(phones("Call (323) 402-1622, or +1 442-298-3263.", &n) == 2);
    CHECK(strcmp(n.found[0], "3234021622") == 0 && strcmp(n.found[1], "4422983263") == 0);
    CHECK(phones("Text HOME to 741741, or \"helpline\" to 62640.", &n) == 2);
    CHECK(strcmp(n.found[0], "741741") == 0 && strcmp(n.found[1], "62640") == 0);
    CHECK(phones("1.800.662.4357", &n) == 1 && strcmp(n.found[0], "8006624357") == 0);
    /* Not phone numbers: short numbers, years, times, words with digits. */
    CHECK(phones("Call 988 or 911. In 2019, 18:30, 3 in 10, 100,000 people, v12345, 12345th.",
                 &n) == 0);
}

static const char *const en_danger[] = {"in danger", "fear for someone's life", "hard to wake"};
static const char *const es_danger[] = {"en peligro", "teme por la vida"};

static bool emergency(const lint_lang_rules *r, const char *text, const char *want)
{
    char msg[600];
    bool got = lint_emergency_problem(r, text, msg, sizeof msg);
    if (!want)
        return !got;
    if (!got || strcmp(msg, want) != 0) {
        fprintf(stderr, "  got:  %s\n  want: %s\n", got ? msg : "(nothing)", want);
        return false;
    }
    return true;
}

static void test_emergency(void)
{
    lint_lang_rules en = {.code = "en",
                          .danger = en_danger,
                          .danger_count = 3,
                          .emergency_number = "911",
                          .crisis_line = "988"};
    lint_lang_rules es = {.code = "es",
                          .danger = es_danger,
                          .danger_count = 2,
                          .emergency_number = "911",
                          .crisis_line = "988"};
    CHECK(emergency(&en, "If someone is in danger right now, call 911. To talk, call 988.", NULL));
    CHECK(emergency(&en, "Call or text 988 any time.", NULL));
    CHECK(emergency(&en, "If you fear for someone's life, call or text 988.",
                    "gives 988 for danger to life (\"fear for someone's life\") in \"If you fear "
                    "for someone's life, call or text 988.\"; 988 is for talking with a crisis "
                    "counselor: for danger to life right now, say call 911"));
    CHECK(emergency(&en, "If they are in danger, call 911 or 988.",
                    "gives 988 for danger to life (\"in danger\") in \"If they are in danger, "
                    "call 911 or 988.\"; 988 is for talking with a crisis counselor: for danger "
                    "to life right now, say call 911"));
    CHECK(emergency(&en, "If they are very sleepy or hard to wake, get help.",
                    "speaks of danger to life (\"hard to wake\") but does not name 911 in \"If "
                    "they are very sleepy or hard to wake, get help.\"; say call 911"));
    CHECK(emergency(&es, "Si alguien está en peligro ahora mismo, llame al 911.", NULL));
    CHECK(emergency(&es, "Si teme por la vida de alguien, llame o escriba al 988.",
                    "gives 988 for danger to life (\"teme por la vida\") in \"Si teme por la "
                    "vida de alguien, llame o escriba al 988.\"; 988 is for talking with a crisis "
                    "counselor: for danger to life right now, say call 911"));
    /* "dangerous" is another word; no rules, no check. */
    CHECK(emergency(&en, "Lock dangerous things away.", NULL));
    CHECK(emergency(NULL, "In danger? Call 988.", NULL));
}

/* ---- lint.json ---- */

static char tmpdir[64];

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static bool has_line(const diag_list *d, const char *want)
{
    for (int i = 0; i < d->count; i++)
        if (strcmp(d->lines[i], want) == 0)
            return true;
    return false;
}

static void test_load(void)
{
    const char *content = getenv("LANTERN_CONTENT");
    CHECK_MSG(content != NULL, "LANTERN_CONTENT is not set");
    if (!content)
        return;
    char path[1024];
    str_format(path, sizeof path, "%s/lint.json", content);
    diag_list d = {0};
    lint_rules *r = lint_rules_load(path, &d);
    CHECK_MSG(r != NULL && d.count == 0, "%s does not load cleanly", path);
    diag_list_print(&d);
    diag_list_free(&d);
    if (r) {
        lint_lang_rules *en = lint_rules_find(r, "en"), *es = lint_rules_find(r, "es");
        CHECK(en && en->target_kind == LINT_TARGET_MAX_GRADE && en->target == 6.0);
        CHECK(es && es->target_kind == LINT_TARGET_MIN_FH && es->target == 70.0);
        CHECK(lint_rules_find(r, "fr") == NULL);
        /* The brief's words are all there, and each finds its own example. */
        const char *const en_must[] = {"committed suicide here",
                                       "a successful attempt",
                                       "a failed attempt",
                                       "an epidemic",
                                       "cutters",
                                       "a self-harmer",
                                       "self-abuse",
                                       "attention-seeking",
                                       "attention seeking",
                                       "just a phase"};
        const char *const es_must[] = {
            "cometió suicidio",  "se suicidó",  "intento exitoso", "intentos fallidos",
            "una epidemia",      "cortadores",  "autoabuso",       "para llamar la atención",
            "es solo una etapa", "manipuladora"};
        for (size_t i = 0; i < sizeof en_must / sizeof en_must[0]; i++) {
            bool found = false;
            for (int t = 0; en && t < en->term_count && !found; t++)
                found = find(en_must[i], en->terms[t].phrase);
            CHECK_MSG(found, "no English phrase finds \"%s\"", en_must[i]);
        }
        for (size_t i = 0; i < sizeof es_must / sizeof es_must[0]; i++) {
            bool found = false;
            for (int t = 0; es && t < es->term_count && !found; t++)
                found = find(es_must[i], es->terms[t].phrase);
            CHECK_MSG(found, "no Spanish phrase finds \"%s\"", es_must[i]);
        }
        /* Words the kiosk does use are not banned. */
        const char *const fine[] = {"died by suicide", "a person who self-injures", "self-harm",
                                    "ask for help", "attention"};
        for (size_t i = 0; i < sizeof fine / sizeof fine[0]; i++)
            for (int t = 0; en && t < en->term_count; t++)
                CHECK_MSG(!find(fine[i], en->terms[t].phrase), "\"%s\" bans \"%s\"",
                          en->terms[t].phrase, fine[i]);
        lint_rules_destroy(r);
    }

    /* The shipped content lints without crashing, every line naming a file
     * in the content folder (content_shipped_lint insists on no findings). */
    content_set *set = content_load(content, NULL, &d);
    CHECK(set != NULL);
    diag_list_free(&d);
    r = lint_rules_load(path, &d);
    if (set && r) {
        int n = lint_content(r, set, lint_report_to_diags, &d);
        CHECK(n == d.count);
        size_t clen = strlen(content);
        for (int i = 0; i < d.count; i++)
            CHECK_MSG(strncmp(d.lines[i], content, clen) == 0 && strstr(d.lines[i], ".json: "),
                      "%s", d.lines[i]);
    }
    lint_rules_destroy(r);
    content_destroy(set);
    diag_list_free(&d);

    /* A missing file says what it is for. */
    str_format(path, sizeof path, "%s/missing.json", tmpdir);
    CHECK(lint_rules_load(path, &d) == NULL);
    char want[1400];
    str_format(want, sizeof want,
               "%s:1:1: no lint settings (No such file or directory): this file holds the banned "
               "phrases and the reading-level targets, and lint cannot run without it",
               path);
    CHECK_MSG(d.count == 1 && strcmp(d.lines[0], want) == 0, "%s", d.count ? d.lines[0] : "");
    diag_list_free(&d);

    /* Every mistake is one `file:line:col: $.path: message` line. */
    str_format(path, sizeof path, "%s/lint.json", tmpdir);
    write_file(
        path,
        "{\n"
        "  \"targets\": {\"en\": {\"max_grade\": 40}, \"es\": {}, \"EN\": {\"max_grade\": 6}},\n"
        "  \"banned\": {\"en\": [\n"
        "    {\"phrase\": \" cutter\", \"instead\": \"x\"},\n"
        "    {\"phrase\": \"epidemic\", \"instead\": \"an epidemic\"},\n"
        "    {\"phrase\": \"cutter\"},\n"
        "    {\"phrase\": \"cutter\", \"instead\": \"y\", \"note\": 1}\n"
        "  ]},\n"
        "  \"extra\": true\n"
        "}\n");
    CHECK(lint_rules_load(path, &d) == NULL);
    const char *const lines[] = {
        ":9:12: $: unknown field \"extra\"",
        ":2:35: $.targets.en.max_grade: expected a number from 1 to 20",
        ":2:46: $.targets.es: give one target: \"max_grade\" (Flesch-Kincaid, English) or "
        "\"min_fernandez_huerta\" (Spanish)",
        ":2:56: $.targets: \"EN\" is not a language code: expected two lowercase letters such as "
        "\"es\"",
        ":4:16: $.banned.en[0].phrase: \" cutter\" must start with a letter or digit",
        ":6:5: $.banned.en[2]: missing required field \"instead\"",
        ":7:50: $.banned.en[3]: unknown field \"note\"",
        ":5:39: $.banned.en[1].instead: \"an epidemic\" uses the banned phrase \"epidemic\"",
    };
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        str_format(want, sizeof want, "%s%s", path, lines[i]);
        CHECK_MSG(has_line(&d, want), "expected %s", want);
    }
    CHECK_MSG(d.errors == (int)(sizeof lines / sizeof lines[0]), "%d errors", d.errors);
    if (d.errors != (int)(sizeof lines / sizeof lines[0]))
        diag_list_print(&d);
    diag_list_free(&d);

    /* A phrase another one already finds is only a warning. */
    write_file(path,
               "{\"targets\": {\"es\": {\"min_fernandez_huerta\": 70}},\n"
               " \"banned\": {\"es\": [{\"phrase\": \"cortador\", \"instead\": \"persona\"},\n"
               "   {\"phrase\": \"Cortadores\", \"instead\": \"persona\"}]}}\n");
    r = lint_rules_load(path, &d);
    CHECK(r != NULL && d.errors == 0 && d.warnings == 1);
    str_format(want, sizeof want,
               "%s:3:15: $.banned.es[1].phrase: \"Cortadores\" is already found by \"cortador\" "
               "(case, accents, plurals and space or hyphen are matched anyway)",
               path);
    CHECK_MSG(has_line(&d, want), "expected %s", want);
    lint_lang_rules *es = r ? lint_rules_find(r, "es") : NULL;
    CHECK(es && es->term_count == 1 && lint_rules_find(r, "en") == NULL);
    lint_rules_destroy(r);
    diag_list_free(&d);

    /* Broken JSON is reported by the shared reader. */
    write_file(path, "{\"targets\": {");
    CHECK(lint_rules_load(path, &d) == NULL && d.count == 1 &&
          strstr(d.lines[0], "malformed JSON"));
    diag_list_free(&d);
    unlink(path);
}

int main(void)
{
    str_copy(tmpdir, sizeof tmpdir, "/tmp/lantern-lint-XXXXXX");
    CHECK(mkdtemp(tmpdir) != NULL);
    test_syllables();
    test_readability();
    test_match();
    test_doc_en();
    test_context();
    test_doc_es();
    test_phone_numbers();
    test_emergency();
    test_load();
    rmdir(tmpdir);
    return check_done("test_lint");
}
