/* The linter's text measures: syllables, words and sentences, the two
 * reading-level formulas, and banned-phrase matching (see lint.h). */
#include "lint.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "lint_chars.h"

enum { WORD_MAX_LETTERS = 128 };

/* ---- syllables ---- */

static bool in_set(char c, const char *set)
{
    return c && strchr(set, c);
}

static bool en_vowel(char c)
{
    return in_set(c, "aeiou");
}

/* y is a vowel except first in a word or between two vowels ("player"). */
static bool en_is_v(const char *w, int n, int i)
{
    if (en_vowel(w[i]))
        return true;
    if (w[i] != 'y' || i == 0)
        return false;
    return !(en_vowel(w[i - 1]) && i + 1 < n && en_vowel(w[i + 1]));
}

/* Two vowels written together but sounded apart (w[i-1], w[i] both vowels). */
static bool en_split(const char *w, int n, int i)
{
    char a = w[i - 1], b = w[i], before = i >= 2 ? w[i - 2] : 0;
    char after = i + 1 < n ? w[i + 1] : 0, after2 = i + 2 < n ? w[i + 2] : 0;
    if (a == 'y')
        return true; /* cry-ing, fly-er */
    if (a == 'i' && b == 'a')
        return !in_set(before, "ctsg"); /* me-di-a, not so-cial */
    if (a == 'i' && b == 'o')
        return !in_set(before, "tscxg") &&
               after != 'r'; /* pe-ri-od; not ac-tion, anx-ious, be-hav-ior */
    if (a == 'i' && b == 'u')
        return true; /* me-di-um */
    if (a == 'u' && b == 'a')
        return !in_set(before, "qg"); /* ac-tu-al, not lan-guage */
    if (a == 'i' && b == 'e')         /* qui-et, anx-i-e-ty, cli-ent; not pa-tient, friend */
        return after == 't' ||
               (after == 'n' && (after2 == 't' || after2 == 'c') && !in_set(before, "cts"));
    if (a == 'e' && b == 'a' && i + 1 == n)
        return true; /* i-de-a */
    if (b == 'i' && after == 'n' && after2 == 'g' &&
        (i + 3 == n || (i + 4 == n && w[n - 1] == 's')))
        return true; /* go-ing, be-ing */
    return false;
}

/* A final e that is its own vowel group after a consonant, except -le after a
 * consonant (ta-ble), which is sounded. */
static bool en_silent_e_at(const char *w, int k)
{
    if (k < 2 || w[k] != 'e' || en_vowel(w[k - 1]))
        return false;
    char c = w[k - 2];
    return !(w[k - 1] == 'l' && !en_vowel(c) && c != 'y' && c != 'l');
}

static bool ends_with(const char *w, int n, const char *sfx)
{
    int m = (int)strlen(sfx);
    return n >= m && memcmp(w + n - m, sfx, (size_t)m) == 0;
}

/* Collects a word's letters, folded to a-z (others skipped); tells whether
 * all of them were capitals and whether any is a vowel in vowels. */
static int word_letters(const char *word, size_t len, char *w, bool *all_caps, const char *vowels,
                        bool *has_vowel)
{
    int n = 0;
    *all_caps = true;
    *has_vowel = false;
    for (size_t i = 0; i < len;) {
        uint32_t cp = raw_next(word, len, &i);
        if (!is_letter(cp))
            continue;
        uint32_t f = fold(cp);
        if (f < 'a' || f > 'z')
            continue;
        *all_caps = *all_caps && is_upper(cp);
        *has_vowel = *has_vowel || in_set((char)f, vowels);
        if (n < WORD_MAX_LETTERS - 1) /* longer words are counted on their start */
            w[n++] = (char)f;
    }
    w[n] = '\0';
    return n;
}

int lint_syllables_en(const char *word, size_t len)
{
    char w[WORD_MAX_LETTERS];
    bool caps, has_vowel;
    int n = word_letters(word, len, w, &caps, "aeiouy", &has_vowel);
    if (n >= 2 && caps && !has_vowel)
        return n; /* DBT, PTSD: read letter by letter */
    if (n <= 3)
        return 1;
    int count = 0;
    for (int i = 0; i < n; i++)
        if (en_is_v(w, n, i) && (i == 0 || !en_is_v(w, n, i - 1) || en_split(w, n, i)))
            count++;
    int silent = 0;
    char c3 = w[n - 3], c4 = w[n - 4];
    bool le_after_consonant = c3 == 'l' && !en_vowel(c4) && c4 != 'l'; /* troub-led, ta-bles */
    if (en_silent_e_at(w, n - 1))
        silent++; /* hope, care */
    else if (ends_with(w, n, "es") && !en_vowel(c3) && !in_set(c3, "sxzcg") &&
             !(c3 == 'h' && in_set(c4, "cs")) && !le_after_consonant)
        silent++; /* hopes, but pla-ces, wish-es */
    else if (ends_with(w, n, "ed") && !en_vowel(c3) && !in_set(c3, "td") && !le_after_consonant)
        silent++; /* helped, loved, but want-ed */
    static const char *const suffixes[] = {"fully", "ments", "ment", "ness",
                                           "less",  "ful",   "ly",   "ty"};
    for (size_t s = 0; s < sizeof suffixes / sizeof suffixes[0]; s++) {
        int k = n - (int)strlen(suffixes[s]) - 1; /* the e before the suffix */
        if (ends_with(w, n, suffixes[s]) && k >= 2 && w[k - 1] != 'l' && en_silent_e_at(w, k)) {
            silent++; /* safe-ly, care-ful, state-ment */
            break;
        }
    }
    if (n > 4 && strncmp(w, "some", 4) == 0 && !en_vowel(w[4]))
        silent++; /* some-thing, some-times */
    /* Stems whose written vowel pair is sounded apart (su-i-cide, cre-ate),
     * too few to be worth a rule. */
    static const char *const hiatus[] = {"suicid", "creat", "scien", "video", "poet", "poem"};
    for (size_t h = 0; h < sizeof hiatus / sizeof hiatus[0]; h++)
        if (strstr(w, hiatus[h]))
            count++;
    count -= silent;
    return count < 1 ? 1 : count;
}

/* Spanish vowel classes: a strong vowel (a e o, or any accented vowel,
 * since an accented í ú stands alone) or a weak one (i u ü). */
typedef enum { ES_NONE, ES_WEAK, ES_STRONG } es_class;

static es_class es_vowel(uint32_t cp, bool y_is_vowel)
{
    uint32_t f = fold(cp);
    bool accented = cp >= 0xC0 && cp != 0xDC && cp != 0xFC && cp != 0xCF && cp != 0xEF;
    if (f == 'a' || f == 'e' || f == 'o')
        return ES_STRONG;
    if (f == 'i' || f == 'u')
        return accented ? ES_STRONG : ES_WEAK; /* pa-ís, tí-o; but pin-güi-no */
    if (f == 'y' && y_is_vowel)
        return ES_WEAK; /* hoy, muy */
    return ES_NONE;
}

int lint_syllables_es(const char *word, size_t len)
{
    char w[WORD_MAX_LETTERS];
    bool caps, has_vowel;
    int n = word_letters(word, len, w, &caps, "aeiou", &has_vowel);
    if (n >= 2 && caps && !has_vowel)
        return n; /* DBT */
    /* Count vowel nuclei: adjacent vowels share one unless both are strong
     * (hiatus: le-er, pa-ís). h between vowels does not separate them. */
    int count = 0;
    es_class prev = ES_NONE;
    for (size_t i = 0; i < len;) {
        uint32_t cp = raw_next(word, len, &i);
        if (!is_letter(cp))
            continue;
        bool last = true; /* y is a vowel only last in a word after a vowel */
        for (size_t j = i; last && fold(cp) == 'y' && j < len;)
            last = !is_letter(raw_next(word, len, &j));
        es_class v = es_vowel(cp, last && prev != ES_NONE);
        if (v == ES_NONE) {
            if (fold(cp) != 'h')
                prev = ES_NONE;
            continue;
        }
        if (prev == ES_NONE || (prev == ES_STRONG && v == ES_STRONG))
            count++;
        prev = v;
    }
    return count < 1 ? 1 : count;
}

/* ---- words and sentences ---- */

static bool is_terminator(uint32_t cp)
{
    return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026;
}

static bool is_closer(uint32_t cp)
{
    return cp == '"' || cp == '\'' || cp == ')' || cp == ']' || cp == 0x201D || cp == 0x2019 ||
           cp == 0xBB || cp == 0x203A;
}

/* Syllables of a whole word: each run of letters (apostrophes kept inside,
 * hyphens and digits between) counts on its own; a number counts one. */
static int word_syllables(const char *w, size_t len, bool spanish)
{
    int total = 0;
    for (size_t i = 0; i < len;) {
        size_t start = i, end = i;
        while (end < len) {
            size_t j = end;
            uint32_t cp = raw_next(w, len, &j);
            if (!is_letter(cp) && !is_mark(cp) && !is_apostrophe(cp))
                break;
            end = j;
        }
        if (end > start) {
            total += spanish ? lint_syllables_es(w + start, end - start)
                             : lint_syllables_en(w + start, end - start);
            i = end;
        } else {
            raw_next(w, len, &i);
        }
    }
    return total < 1 ? 1 : total;
}

/* A title whose dot does not end a sentence ("Dr. Linehan", "la Dra. Linehan"). */
static bool is_title_abbrev(const char *w, size_t len)
{
    static const char *const titles[] = {"dr",   "dra", "drs", "mr",   "mrs", "ms",  "sr", "sra",
                                         "srta", "jr",  "st",  "prof", "ud",  "uds", "vs"};
    for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++) {
        size_t n = strlen(titles[i]), k = 0;
        if (n != len)
            continue;
        while (k < n && (w[k] | 0x20) == titles[i][k])
            k++;
        if (k == n)
            return true;
    }
    return false;
}

void lint_count(const char *text, bool spanish, lint_counts *acc)
{
    if (!text)
        return;
    size_t len = strlen(text);
    int pending = 0;                            /* words since the last sentence end */
    size_t word_start = 0, word_end = SIZE_MAX; /* the last word, to spot "Dr." */
    for (size_t i = 0; i < len;) {
        size_t next = i;
        uint32_t cp = raw_next(text, len, &next);
        if (is_word_cp(cp)) {
            size_t start = i;
            uint32_t last = cp;
            i = next;
            while (i < len) {
                size_t q = i;
                uint32_t c = raw_next(text, len, &q);
                if (is_word_cp(c) || is_mark(c)) {
                    i = q;
                    last = c;
                    continue;
                }
                size_t r = q;
                uint32_t d = raw_next(text, len, &r);
                bool joins = (is_apostrophe(c) && is_letter(last) && is_letter(d)) ||
                             (is_hyphen(c) && is_word_cp(last) && is_word_cp(d)) ||
                             ((c == '.' || c == ',') && is_digit(last) && is_digit(d));
                if (!joins)
                    break;
                i = q;
            }
            acc->words++;
            acc->syllables += word_syllables(text + start, i - start, spanish);
            word_start = start;
            word_end = i;
            pending++;
            continue;
        }
        if (is_terminator(cp)) {
            /* ends a sentence when the run of . ! ? and closing quotes after
             * it is followed by a space or the end: not "988lifeline.org" */
            size_t j = next;
            for (;;) {
                size_t k = j;
                uint32_t c = raw_next(text, len, &k);
                if (!is_terminator(c) && !is_closer(c))
                    break;
                j = k;
            }
            size_t k = j;
            uint32_t after = raw_next(text, len, &k);
            bool title =
                cp == '.' && word_end == i && is_title_abbrev(text + word_start, i - word_start);
            if (pending > 0 && !title && (after == 0 || is_space(after))) {
                acc->sentences++;
                pending = 0;
            }
            i = j;
            continue;
        }
        i = next;
    }
    if (pending > 0)
        acc->sentences++;
}

double lint_fk_grade_of(lint_counts c)
{
    if (c.words <= 0)
        return NAN;
    double sentences = c.sentences > 0 ? c.sentences : 1;
    return 0.39 * c.words / sentences + 11.8 * c.syllables / c.words - 15.59;
}

/* F is words per sentence, as in Flesch's formula that Fernández Huerta
 * adapted. The version often quoted, F = sentences per 100 words, is a known
 * misprint (G. Law, LINGUIST List 22.2332, 2011; legible.es): with it,
 * shorter sentences would score as harder. */
double lint_fh_of(lint_counts c)
{
    if (c.words <= 0)
        return NAN;
    double sentences = c.sentences > 0 ? c.sentences : 1;
    return 206.84 - 0.60 * (100.0 * c.syllables / c.words) - 1.02 * (c.words / sentences);
}

double lint_flesch_kincaid_grade(const char *text)
{
    lint_counts c = {0};
    lint_count(text, false, &c);
    return lint_fk_grade_of(c);
}

double lint_fernandez_huerta(const char *text)
{
    lint_counts c = {0};
    lint_count(text, true, &c);
    return lint_fh_of(c);
}

/* ---- banned phrases ---- */

/* At the end of a phrase word (letters matched so far in it): accept a plural
 * -s or -es on words of 3 letters or more, then insist the text word ends. */
static bool word_end_ok(const char *t, size_t len, size_t *ti, int letters)
{
    size_t q = *ti;
    uint32_t c = folded_next(t, len, &q);
    if (!is_word_cp(c))
        return true;
    if (letters < 3)
        return false;
    size_t r = q;
    uint32_t d = folded_next(t, len, &r);
    if (c == 's' && !is_word_cp(d)) {
        *ti = q;
        return true;
    }
    size_t u = r;
    if (c == 'e' && d == 's' && !is_word_cp(folded_next(t, len, &u))) {
        *ti = r;
        return true;
    }
    return false;
}

static bool match_at(const char *t, size_t tlen, size_t ti, const char *p, size_t plen, size_t *end)
{
    size_t pi = 0;
    int letters = 0; /* in the current phrase word */
    while (pi < plen) {
        size_t pn = pi;
        uint32_t pc = folded_next(p, plen, &pn);
        if (is_gap(pc)) {
            /* any run of spaces and hyphens matches any other */
            for (size_t q = pn; pn < plen && is_gap(folded_next(p, plen, &q)); q = pn)
                pn = q;
            size_t tn = ti;
            if (!is_gap(folded_next(t, tlen, &tn)))
                return false;
            for (size_t q = tn; tn < tlen && is_gap(folded_next(t, tlen, &q)); q = tn)
                tn = q;
            ti = tn;
            pi = pn;
            letters = 0;
            continue;
        }
        size_t tn = ti;
        if (folded_next(t, tlen, &tn) != pc)
            return false;
        ti = tn;
        pi = pn;
        letters = is_word_cp(pc) ? letters + 1 : 0;
        size_t q = pi;
        if (is_word_cp(pc) && !is_word_cp(folded_next(p, plen, &q)) &&
            !word_end_ok(t, tlen, &ti, letters))
            return false;
    }
    *end = ti;
    return true;
}

const char *lint_phrase_problem(const char *phrase)
{
    size_t len = strlen(phrase), i = 0;
    if (len == 0)
        return "must not be empty";
    if (!utf8_valid(phrase, len))
        return "is not valid UTF-8";
    uint32_t cp = 0, last = 0;
    bool first = true;
    while (i < len) {
        cp = raw_next(phrase, len, &i);
        if (first && !is_word_cp(cp))
            return "must start with a letter or digit";
        if (!is_word_cp(cp) && !is_mark(cp) && cp != ' ' && !is_hyphen(cp) && !is_apostrophe(cp))
            return "may hold only letters, digits, spaces, hyphens and apostrophes";
        first = false;
        last = cp;
    }
    if (!is_word_cp(last) && !is_mark(last))
        return "must end with a letter or digit";
    return NULL;
}

bool lint_match(const char *text, const char *phrase, size_t from, size_t *start, size_t *end)
{
    if (!text || !phrase)
        return false;
    size_t tlen = strlen(text), plen = strlen(phrase), pi = 0;
    uint32_t first = folded_next(phrase, plen, &pi);
    if (!is_word_cp(first))
        return false; /* the loader insists phrases start with a letter or digit */
    size_t s = from;
    while (s < tlen && ((unsigned char)text[s] & 0xC0) == 0x80)
        s++;
    while (s < tlen) {
        size_t next = s;
        uint32_t c = folded_next(text, tlen, &next);
        if (c == first && !is_word_cp(raw_prev(text, s)) && !is_mark(raw_prev(text, s)) &&
            match_at(text, tlen, s, phrase, plen, end)) {
            *start = s;
            return true;
        }
        s = next;
    }
    return false;
}
