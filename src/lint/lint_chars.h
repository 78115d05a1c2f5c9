/* lint_chars: the linter's small UTF-8 character model, shared by its files.
 * No locale: letters and combining marks come from the one Unicode letter
 * classifier of the kiosk (core/field_check.h); folding to a base letter
 * covers ASCII and Latin-1, which is what English and Spanish need.
 * Internal to src/lint; everything here is static inline. */
#ifndef LANTERN_LINT_CHARS_H
#define LANTERN_LINT_CHARS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/field_check.h"
#include "core/util.h"

/* Base letters of U+00C0..U+00FF, lowercase and without accents; '*' marks
 * the two symbols in the block (multiplication and division signs). Æ, Ø, Þ
 * and ß have no exact one-letter base; these are close enough to compare. */
static const char latin1_base[] = "aaaaaaaceeeeiiiidnooooo*ouuuuyts"
                                  "aaaaaaaceeeeiiiidnooooo*ouuuuyty";

/* Combining marks (category Mn/Mc): part of the letter before. */
static inline bool is_mark(uint32_t cp)
{
    return field_is_mark(cp);
}

static inline bool is_digit(uint32_t cp)
{
    return cp >= '0' && cp <= '9';
}

/* Letters of any script in everyday use (category L*). */
static inline bool is_letter(uint32_t cp)
{
    return field_is_letter(cp);
}

static inline bool is_word_cp(uint32_t cp)
{
    return is_letter(cp) || is_digit(cp);
}

static inline bool is_upper(uint32_t cp)
{
    return (cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7);
}

/* Lowercase base letter for ASCII and Latin-1; typographic apostrophes to '. */
static inline uint32_t fold(uint32_t cp)
{
    if (cp >= 'A' && cp <= 'Z')
        return cp + ('a' - 'A');
    if (cp >= 0xC0 && cp <= 0xFF && cp != 0xD7 && cp != 0xF7)
        return (uint32_t)latin1_base[cp - 0xC0];
    if (cp == 0x2019 || cp == 0x2018 || cp == 0x02BC)
        return '\'';
    return cp;
}

static inline bool is_space(uint32_t cp)
{
    return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0xA0 || cp == 0x1680 ||
           (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
           cp == 0x205F || cp == 0x3000;
}

static inline bool is_hyphen(uint32_t cp)
{
    return cp == '-' || cp == 0x2010 || cp == 0x2011;
}

/* Between the words of a banned phrase, any run of these matches any other. */
static inline bool is_gap(uint32_t cp)
{
    return is_space(cp) || is_hyphen(cp);
}

static inline bool is_apostrophe(uint32_t cp)
{
    return cp == '\'' || cp == 0x2019 || cp == 0x02BC;
}

/* The code point at s[*i] (0 at the end; an invalid byte reads as U+FFFD),
 * advancing *i past it. */
static inline uint32_t raw_next(const char *s, size_t len, size_t *i)
{
    if (*i >= len)
        return 0;
    uint32_t cp;
    int n = utf8_decode(s + *i, len - *i, &cp);
    if (n == 0) {
        *i += 1;
        return 0xFFFD;
    }
    *i += (size_t)n;
    return cp;
}

/* Folded code point at s[*i], skipping combining accents after it, so a
 * decomposed "o" + U+0301 compares as "o". */
static inline uint32_t folded_next(const char *s, size_t len, size_t *i)
{
    uint32_t cp = fold(raw_next(s, len, i));
    for (;;) {
        size_t j = *i;
        if (!is_mark(raw_next(s, len, &j)))
            return cp;
        *i = j;
    }
}

/* The code point ending just before byte i (0 at the start). */
static inline uint32_t raw_prev(const char *s, size_t i)
{
    if (i == 0)
        return 0;
    size_t j = i - 1;
    while (j > 0 && ((unsigned char)s[j] & 0xC0) == 0x80)
        j--;
    return raw_next(s, i, &j);
}

#endif
