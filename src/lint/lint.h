/* lint: the safe-messaging and readability check behind `lanternctl lint`.
 * Plain logic over the content model (content.h): no SDL, no JSON.
 *
 * - Banned phrases (content/lint.json, never in code): found case-, accent-
 *   and spacing-insensitively, as whole words, with a simple plural (-s, -es)
 *   on any word of 3 letters or more. A phrase never matches inside a longer
 *   word ("cutter" finds "Cutters" but not "woodcutter").
 * - Images whose alt text is missing, blank or only the file name.
 * - Each page's reading level: Flesch-Kincaid grade (English) or
 *   Fernández-Huerta score (Spanish) against the language's target, over
 *   paragraphs, list items and callout texts (headings, callout labels and
 *   help lines are not prose: counting them as sentences flatters a score).
 * - Emergency advice (lint_safety.c): a text that speaks of danger to life
 *   must name the emergency number (911); a sentence that gives the crisis
 *   line (988) as the answer to danger to life is an error.
 * - Phone numbers: every number of 5 digits or more anywhere in the content
 *   must be one of the numbers in the language's help.json (a typo in a
 *   crisis number is the worst bug this kiosk can have).
 * - Parity between languages: every document has the same version, the
 *   same blocks in the same order, the same phone numbers and facilitator
 *   prompts for the same sections in every language.
 * Texts linted: modules and pages, help.json, ui.json strings, groups.json
 * (names, who, room, language, how to join, cancellation notes) and the
 * facilitator prompts.
 *
 * A "page" is a section: from one heading block to the next (text before the
 * first heading is a page of its own); pages count from 1, and the document's
 * title and summary are page 0. Findings are handed, one line each, to a
 * lint_report_fn; src/content/lint_load.h has one that fills a diag_list.
 *
 * Ownership: a lint_rules and every string in it belong to its arena and go
 * with lint_rules_destroy(). lint_content() and lint_doc() keep nothing. */
#ifndef LANTERN_LINT_H
#define LANTERN_LINT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/content.h"

enum {
    LINT_MAX_LANGS = 8,
    LINT_MIN_WORDS = 20,    /* pages with fewer words are too short to score */
    LINT_CONTEXT_BYTES = 60 /* text quoted around a banned phrase */
};

typedef struct {
    const char *phrase;  /* as staff wrote it: "committed suicide" */
    const char *instead; /* what to say: "died by suicide" */
} lint_term;

/* Which reading-level check a language gets; the formula decides the
 * syllable rules too (English or Spanish). */
typedef enum {
    LINT_TARGET_NONE,      /* no reading-level check */
    LINT_TARGET_MAX_GRADE, /* Flesch-Kincaid grade at most target */
    LINT_TARGET_MIN_FH,    /* Fernández-Huerta score at least target */
} lint_target_kind;

typedef struct {
    const char *code; /* "en" */
    const lint_term *terms;
    int term_count;
    lint_target_kind target_kind;
    double target; /* a grade (MAX_GRADE) or a score (MIN_FH) */
    /* Emergency advice (lint.json "emergency"): phrases that speak of danger
     * to life ("in danger right now", "hard to wake"), matched like banned
     * phrases; the numbers are the same for every language (NULL: no check). */
    const char *const *danger;
    int danger_count;
    const char *emergency_number; /* "911": a text about danger must name it */
    const char *crisis_line;      /* "988": never the answer to danger to life */
} lint_lang_rules;

typedef struct lint_rules {
    const char *path; /* where the rules came from (lint.json), for messages */
    lint_lang_rules langs[LINT_MAX_LANGS];
    int lang_count;
    struct arena *arena; /* owns every string and array above */
} lint_rules;

/* NULL when code has no rules. Not const, so a tool can override a target. */
lint_lang_rules *lint_rules_find(lint_rules *rules, const char *code);
void lint_rules_destroy(lint_rules *rules);

/* ---- readability ---- */

typedef struct {
    int words, sentences, syllables;
} lint_counts;

/* Adds text's words, sentences and syllables to acc.
 * Words: runs of letters (any UTF-8 letter) and digits; an apostrophe between
 * letters ("don't") and a hyphen, dot or comma between word characters
 * ("self-harm", "800-854-7771", "3.5") stay inside the word. A word without
 * letters (a number) has one syllable; an all-capital word without vowels
 * ("DBT") has one per letter.
 * Sentences: a run of . ! ? or … followed by a space, a closing quote or
 * bracket, or the end (so "988lifeline.org" does not end one); : and ; do
 * not end one, nor the dot of a title ("Dr.", "Dra.", "Sra."). Words after
 * the last end, or in a text with none, make one more sentence, so each list
 * item or heading counts as a sentence. */
void lint_count(const char *text, bool spanish, lint_counts *acc);
/* Syllables in one word of len bytes (letters only are looked at; at least 1). */
int lint_syllables_en(const char *word, size_t len);
int lint_syllables_es(const char *word, size_t len);
/* 0.39 words/sentence + 11.8 syllables/word - 15.59; NAN with no words. */
double lint_fk_grade_of(lint_counts c);
/* 206.84 - 0.60 P - 1.02 F, P syllables per 100 words, F words per sentence
 * (the corrected formula: see lint.c); NAN with no words. */
double lint_fh_of(lint_counts c);
double lint_flesch_kincaid_grade(const char *text); /* English */
double lint_fernandez_huerta(const char *text);     /* Spanish */

/* ---- banned phrases ---- */

/* Why phrase cannot be a banned phrase, or NULL when it can: letters,
 * digits, spaces, hyphens and apostrophes, starting and ending with a letter
 * or digit (the loader checks this). */
const char *lint_phrase_problem(const char *phrase);

/* Finds phrase in text at or after byte offset from, as described above.
 * Stores the byte span [*start, *end) of the first match and returns true. */
bool lint_match(const char *text, const char *phrase, size_t from, size_t *start, size_t *end);

/* ---- whole documents ---- */

/* One finding: a full line such as `FILE: page 2 ("Heading"): ...`. */
typedef void (*lint_report_fn)(void *ctx, bool is_error, const char *line);

/* Lints one document of a language; file names it in every line
 * (DIR/LANG/modules/ID.json). Findings, in document order, errors (E) and
 * warnings (W):
 *   E  FILE: $.sources[i]: "SOURCE" cannot be checked: ...  (no year or n.d., or no link)
 *   E  FILE: page N ("HEADING"): banned phrase "PHRASE" in "…CONTEXT…"; say "INSTEAD" instead
 *   E  FILE: page N ("HEADING"): speaks of danger to life ("PHRASE") but does not name 911 ...
 *   E  FILE: page N ("HEADING"): gives 988 for danger to life ("PHRASE") in "SENTENCE"; ...
 *   E  FILE: page 0 (title): banned phrase ...            (in the title or the summary)
 *   E  FILE: page N ("HEADING"): image "SRC" has no alt text
 *   W  FILE: page N ("HEADING"): reading grade 7.4 is above the target 6.0
 *   W  FILE: page N ("HEADING"): Fernández-Huerta score 64.2 is below the target 70.0
 *      (harder than 6th grade)                            (one line)
 * HEADING is the page's heading, or the title for text before the first one;
 * a page_break does not start a new lint page. A list is read with the
 * paragraph leading into it for emergency advice ("Call 911 if they:" then
 * "Are hard to wake"). NULL rules: images and sources only.
 * Returns the number of findings. */
int lint_doc(const lint_lang_rules *rules, const content_doc *doc, const char *file,
             lint_report_fn report, void *ctx);

/* Lints every language of set: ROOT/LANG/modules/ID.json, ROOT/LANG/help.json,
 * the UI strings as `ROOT/LANG/ui.json: string "KEY": ...`, the groups as
 * `ROOT/LANG/groups.json: group "ID": ...` (`cancellation DATE` for a note),
 * the prompts as `ROOT/LANG/facilitator/ID.json: prompt for section N: ...`;
 * then phone numbers and parity:
 *   E  WHERE: phone number "NUMBER" is not one of the numbers in ROOT/LANG/help.json ...
 *   E  FILE: version V, but OTHER has version W: ...
 *   E  FILE: $.blocks[i]: ... , but OTHER has ...: both languages need the same blocks in the same
 * order E  FILE: phone number "NUMBER" is in OTHER but not here E  FILE: a prompt for section N in
 * OTHER but not here (and the reverse) A language without rules gets one warning. Returns the
 * number of findings. */
int lint_content(const lint_rules *rules, const content_set *set, lint_report_fn report, void *ctx);

/* ---- emergency advice and phone numbers (lint_safety.c) ---- */

/* Digits of each phone number in text, in order: runs of 5 or more digits
 * written with - . ( ) between groups (a space only after ")" or a leading
 * "1" / "+1"); a leading 1 of an 11-digit number is dropped, so
 * "1-800-222-1222" and "800-222-1222" are the same. Calls found(ctx, digits,
 * start, end) for each, with the byte span of the number as written. */
typedef void (*lint_number_fn)(void *ctx, const char *digits, size_t start, size_t end);
void lint_phone_numbers(const char *text, lint_number_fn found, void *ctx);

/* The emergency-advice findings for one text (a paragraph, a list item, a
 * callout, a help line as "NUMBER: DETAIL", a prompt...): at most one
 * message, written to msg (without the `FILE: WHERE: ` prefix). False when
 * the text is fine or rules have no emergency settings. */
bool lint_emergency_problem(const lint_lang_rules *rules, const char *text, char *msg, size_t size);

#endif
