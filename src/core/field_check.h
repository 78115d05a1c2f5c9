/* field_check: validation of what a visitor types into the "Ask us to contact
 * you" form: a name, a US phone number and an email address.
 *
 * Everything typed here is protected health information and may be hostile,
 * so the checks look only at s[0..len) (no NUL needed; a NUL inside is just a
 * refused control character), never read past it, never log it, keep nothing
 * and allocate nothing: the caller owns every buffer, before and after. The
 * only output is the caller's digits_out for a phone number. No SDL, no JSON.
 *
 * Each check gives one field_status; the form shows the matching message, in
 * the visitor's language, next to the field. When several apply, the first of
 * this list wins: EMPTY (nothing, or only spaces), TOO_LONG (the byte bound,
 * then the name's character bound), INVALID_UTF8 (anywhere), BAD_CHARACTER (a
 * character the field never takes, anywhere), BAD_FORMAT (only characters the
 * field takes, but in an impossible place or number).
 *
 * field_accepts_while_typing() lets the keyboard refuse a key that can never
 * lead to a valid value (a letter in the phone, a second "@", a 61st
 * character), so the field stops at its bound. The full check is the
 * authority at submit time: the typing check lets through unfinished values
 * ("Mary ", "(323"), and field_form_ready() says when submit is enabled. */
#ifndef LANTERN_FIELD_CHECK_H
#define LANTERN_FIELD_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum { FIELD_NAME, FIELD_PHONE, FIELD_EMAIL } field_kind;

typedef enum {
    FIELD_OK,
    FIELD_EMPTY,         /* nothing typed, or only spaces */
    FIELD_TOO_LONG,      /* over the field's byte bound (or 60 characters in a name) */
    FIELD_INVALID_UTF8,  /* not well-formed UTF-8 (overlong, surrogate, cut short...) */
    FIELD_BAD_CHARACTER, /* a character the field never takes */
    FIELD_BAD_FORMAT,    /* allowed characters, but not a valid value */
} field_status;

/* Bounds. A form buffer of FIELD_*_MAX_BYTES + 1 bytes holds any value the
 * typing check accepts, with its terminating NUL. */
enum {
    FIELD_NAME_MAX_CHARS = 60,  /* code points */
    FIELD_NAME_MAX_BYTES = 240, /* 60 code points of up to 4 bytes */
    FIELD_NAME_MAX_MARKS = 4,   /* combining marks on one letter (no "Zalgo" towers) */
    FIELD_PHONE_MAX_BYTES = 32,
    FIELD_PHONE_DIGITS = 10, /* digits_out holds these and a NUL */
    FIELD_EMAIL_MAX_BYTES = 254,
    FIELD_EMAIL_LOCAL_MAX = 64, /* before the "@" */
    FIELD_EMAIL_LABEL_MAX = 63, /* each dot-separated part of the domain */
};

/* A name: 1..60 code points of
 * - letters of any script in everyday use (see field_is_letter),
 * - combining marks right after a letter, at most 4 in a row (field_is_mark),
 * - spaces (U+0020), not first, not last, not two in a row,
 * - apostrophes ' and ’ (and the Hebrew geresh ׳), not two in a row and not
 *   next to a hyphen; they may start or end a word ("'t Hooft", "O'Brien"),
 * - hyphens - and ‐ (and the Hebrew maqaf ־), only between letters,
 * - periods, right after a letter, for initials ("J.R.", "Ma. José"),
 * where every space-separated word has a letter. Everything else (digits,
 * symbols, punctuation, emoji, control and format characters including
 * zero-width and bidi controls, private use, unassigned code points) is
 * FIELD_BAD_CHARACTER.
 * Names are compared as typed: no Unicode normalization (precomposed "ễ" and
 * "e" + two combining marks are both accepted, and are different bytes). */
field_status field_check_name(const char *s, size_t len);

/* A US (NANP) phone number: after an optional country code "+1" or "1" come
 * exactly 10 digits; the area code (digits 1-3) and the exchange (digits 4-6)
 * start with 2-9. Spaces may go anywhere but between "+" and "1", dashes and
 * dots anywhere outside brackets; one pair of brackets may hold the area code
 * and nothing else:
 * "(323) 402-1622", "323.402.1622", "+1 323 402 1622", "1-323-402-1622".
 * Only ASCII digits count ("３" or "٣" is FIELD_BAD_CHARACTER); "+" must be
 * first and followed at once by "1" ("+44 ..." is FIELD_BAD_FORMAT).
 * Letters and other characters: FIELD_BAD_CHARACTER. Over 32 bytes:
 * FIELD_TOO_LONG. digits_out may be NULL; otherwise it gets the 10 national
 * digits and a NUL on FIELD_OK, and the empty string on any other status. */
field_status field_check_phone(const char *s, size_t len, char digits_out[FIELD_PHONE_DIGITS + 1]);

/* A plausible email address, deliberately simpler than RFC 5322: at most 254
 * bytes (the shortest that passes, "a@b.co", has 6), exactly one "@"; before it 1..64 of ASCII
 * letters, digits and . _ % + - ' with no dot first, last or twice in a row; after it at least two
 * labels joined by dots, each 1..63 of ASCII letters, digits and "-" (no "-" first or last), the
 * last one letters only and at least 2 long. ASCII only: internationalized addresses
 * ("ü@example.com") are FIELD_BAD_CHARACTER, as are spaces, control characters and punctuation
 * outside that set; a "_" or
 * "+" after the "@" is FIELD_BAD_FORMAT. */
field_status field_check_email(const char *s, size_t len);

/* field_check_name/_phone (digits_out NULL)/_email by kind. */
field_status field_check(field_kind kind, const char *s, size_t len);

/* Most bytes a value of this kind may have: 240, 32 or 254. */
size_t field_max_bytes(field_kind kind);

/* Typing: may the keyboard append insert[0..insert_len) (one key, or an input
 * method's whole commit) to the field's current[0..current_len)? True when the
 * result is within the field's bounds and could still become valid by typing
 * more. False, and the key does nothing, for:
 * - a result over field_max_bytes() (or over 60 characters in a name): the
 *   whole insert is refused, never cut in the middle of a word or character;
 * - invalid UTF-8 in current or in insert (each must be whole characters);
 * - a character the field never takes (a letter in the phone, an emoji or a
 *   digit in a name, a space or "é" in an email);
 * - a mistake no further typing can fix: a name starting with a space, two
 *   spaces, a 5th combining mark; a phone starting with 0, an 11th national
 *   digit, "+" not first, a 2nd bracket pair; a 2nd "@", "..", "@." in an email.
 * Every prefix of a valid value is accepted, so Backspace never strands the
 * visitor. Values are typed at the end (the form has no caret); for an edit
 * in the middle, pass the whole new text as insert with current_len 0. An
 * empty insert asks whether current itself is acceptable so far. */
bool field_accepts_while_typing(field_kind kind, const char *current, size_t current_len,
                                const char *insert, size_t insert_len);

/* Submit is enabled when consent is given, the phone or the email is
 * FIELD_OK, and no field holds something wrong: each of the three is FIELD_OK
 * or FIELD_EMPTY (a name is optional; a bad email next to a good phone still
 * blocks, rather than being dropped silently). */
bool field_form_ready(field_status name, field_status phone, field_status email, bool consent);

/* Character classes behind the name check. Range tables that approximate the
 * Unicode 14.0 general categories, good enough for names, not a Unicode
 * library:
 * - field_is_letter: category L* (letters, including modifier letters such as
 *   ʻ and ー) in the blocks of scripts in everyday use: Latin (Basic, Latin-1,
 *   Extended A-E, Additional, IPA), Greek, Cyrillic, Armenian, Hebrew,
 *   Arabic, Syriac, Thaana, N'Ko, the Indic scripts, Sinhala, Thai, Lao,
 *   Tibetan, Myanmar, Georgian, Hangul, Ethiopic, Cherokee, Canadian
 *   Syllabics, Khmer, Mongolian, Tai scripts, Balinese, Javanese, Sundanese,
 *   Ol Chiki, Tifinagh, Kana, Bopomofo, CJK ideographs (extensions A-G and
 *   compatibility), Yi, Lisu, Vai, Bamum, Meetei Mayek, Adlam, half/full-width
 *   forms. Not: historic scripts, mathematical letters (𝐀), letterlike
 *   symbols (ℍ), ª º µ, invisible Hangul fillers, digits of any script.
 * - field_is_mark: categories Mn and Mc in the same blocks and the combining
 *   diacritics blocks; not enclosing marks (the keycap U+20E3), variation
 *   selectors, or the invisible U+034F, U+17B4-5, U+180B-F.
 * - field_is_control_or_format: Cc (C0, DEL, C1), Cf (soft hyphen, zero-width
 *   U+200B-U+200F including LRM/RLM, bidi embeddings and isolates
 *   U+202A-U+202E and U+2066-U+2069, U+2060-U+2064, BOM U+FEFF, tags
 *   U+E0001 and U+E0020-U+E007F...), line and paragraph separators U+2028-9,
 *   and other default-ignorable code points (variation selectors, Hangul
 *   fillers, U+034F).
 * - field_is_emoji: code points that are emoji or build emoji sequences:
 *   U+1F000-U+1FAFF (faces, flags' regional indicators, skin tones...),
 *   the Miscellaneous Symbols and Dingbats, the older symbols with emoji
 *   forms (© ® ™ ‼ ⌚ ⭐...), ZWJ U+200D, variation selectors U+FE0E-F, the
 *   keycap U+20E3 and tags. */
bool field_is_letter(uint32_t cp);
bool field_is_mark(uint32_t cp);
bool field_is_control_or_format(uint32_t cp);
bool field_is_emoji(uint32_t cp);

#endif
