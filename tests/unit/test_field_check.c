/* The contact form's fields (name, phone, email) against a hostile-input
 * corpus, the typing check, the submit rule and the character classes.
 * Every input is copied into a buffer of exactly its length (no NUL after
 * it), so AddressSanitizer catches any read past len. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/field_check.h"
#include "core/util.h"

typedef struct {
    field_kind kind;
    const char *in;
    size_t len; /* covers any NUL inside */
    field_status want;
    const char *why;
} row;

/* clang-format off */
#define R(kind, lit, want, why) {kind, lit, sizeof(lit) - 1, want, why}
/* clang-format on */
#define N FIELD_NAME
#define P FIELD_PHONE
#define E FIELD_EMAIL

static const char *const STATUS[] = {"OK",           "EMPTY",         "TOO_LONG",
                                     "INVALID_UTF8", "BAD_CHARACTER", "BAD_FORMAT"};
static const char *const KIND[] = {"name", "phone", "email"};

/* Inputs too big to write out, filled in by make_big(). */
static char name_10k_ascii[10000];      /* 10,000 characters */
static char name_10k_n[20000];          /* 10,000 × "ñ" */
static char name_60[60], name_61[61];   /* at the bound, and one over */
static char name_61_e[122];             /* 61 × "é": 122 bytes, under 240, but 61 characters */
static char name_60_cjk[240];           /* 60 × U+20BB7 "𠮷": 4 bytes each, exactly 240 */
static char phone_10k[10000];           /* 10,000 digits */
static char phone_33[33];               /* a valid number padded with spaces to 33 bytes */
static char email_300[300];             /* 300 bytes */
static char email_254[254];             /* exactly at the bound */
static char email_local_64[64 + 7];     /* 64 before "@xx.org": fine */
static char email_local_65[65 + 7];     /* 65 before "@xx.org" */
static char email_label_64[2 + 64 + 4]; /* a@ + a 64-byte label + .org */

static void fill(char *dst, size_t size, const char *unit)
{
    size_t n = strlen(unit);
    for (size_t i = 0; i + n <= size; i += n)
        memcpy(dst + i, unit, n);
}

static void make_big(void)
{
    fill(name_10k_ascii, sizeof name_10k_ascii, "a");
    fill(name_10k_n, sizeof name_10k_n, "ñ");
    fill(name_60, sizeof name_60, "a");
    fill(name_61, sizeof name_61, "a");
    fill(name_61_e, sizeof name_61_e, "é");
    fill(name_60_cjk, sizeof name_60_cjk, "\xF0\xA0\xAE\xB7");
    fill(phone_10k, sizeof phone_10k, "5");
    fill(phone_33, sizeof phone_33, " ");
    memcpy(phone_33 + 10, "3234021622", 10);
    fill(email_300, sizeof email_300, "a");
    memcpy(email_300 + 290, "@x.example", 10);
    fill(email_254, sizeof email_254, "a");
    /* 64 + "@" + 63 + "." + 63 + "." + 57 + ".org" = 254 */
    email_254[64] = '@';
    email_254[128] = '.';
    email_254[192] = '.';
    memcpy(email_254 + 250, ".org", 4);
    fill(email_local_64, sizeof email_local_64, "b");
    memcpy(email_local_64 + 64, "@xx.org", 7);
    fill(email_local_65, sizeof email_local_65, "b");
    memcpy(email_local_65 + 65, "@xx.org", 7);
    fill(email_label_64, sizeof email_label_64, "c");
    memcpy(email_label_64, "a@", 2);
    memcpy(email_label_64 + 66, ".org", 4);
}

static void run_corpus(int *count)
{
    const row rows[] = {
        /* ---- names: valid, in many scripts ---- */
        R(N, "José Ñúñez", FIELD_OK, "Spanish accents, precomposed"),
        R(N, "O'Brien", FIELD_OK, "ASCII apostrophe inside a word"),
        R(N, "D’Angelo", FIELD_OK, "typographic apostrophe U+2019"),
        R(N, "'t Hooft", FIELD_OK, "apostrophe starting a word"),
        R(N, "Mary-Jane", FIELD_OK, "hyphen between letters"),
        R(N, "Ana López\u2010García", FIELD_OK, "Unicode hyphen U+2010"),
        R(N, "Zoë", FIELD_OK, "diaeresis"),
        R(N, "李小龙", FIELD_OK, "CJK ideographs"),
        R(N, "佐々木", FIELD_OK, "Japanese iteration mark 々 (a modifier letter)"),
        R(N, "ジョーンズ", FIELD_OK, "Katakana with the prolonged sound mark ー"),
        R(N, "さくら", FIELD_OK, "Hiragana"),
        R(N, "김민준", FIELD_OK, "Hangul syllables"),
        R(N, "Иван Петров", FIELD_OK, "Cyrillic"),
        R(N, "Αλέξανδρος", FIELD_OK, "Greek with tonos"),
        R(N, "Արամ", FIELD_OK, "Armenian"),
        R(N, "გიორგი", FIELD_OK, "Georgian"),
        R(N, "محمد", FIELD_OK, "Arabic, right to left, no marks needed"),
        R(N, "شَيْماء", FIELD_OK, "Arabic with harakat (combining marks)"),
        R(N, "שרה", FIELD_OK, "Hebrew"),
        R(N, "ג׳ון", FIELD_OK, "Hebrew geresh as the apostrophe"),
        R(N, "בן־גוריון", FIELD_OK, "Hebrew maqaf as the hyphen"),
        R(N, "नमस्ते", FIELD_OK,
          "Devanagari letters + vowel sign + virama: a greeting, not a name, but no check can "
          "tell a greeting from a name (नमिता is built the same way): accepted"),
        R(N, "สมศักดิ์", FIELD_OK, "Thai with stacked vowel and tone marks"),
        R(N, "አበበ", FIELD_OK, "Ethiopic"),
        R(N, "ʻIolani", FIELD_OK, "Hawaiian ʻokina U+02BB is a modifier letter"),
        R(N, "Nguyễn Văn An", FIELD_OK, "Vietnamese, precomposed"),
        R(N, "Nguye\xCC\x82\xCC\x83n Va\xCC\x86n An", FIELD_OK,
          "Vietnamese, decomposed: e + circumflex + tilde (two marks on one letter)"),
        R(N, "Z\xCC\x81\xCC\x82\xCC\x83\xCC\x84", FIELD_OK, "four combining marks: the limit"),

        /* ---- names: empty, structure ---- */
        R(N, "", FIELD_EMPTY, "nothing typed"),
        R(N, "   ", FIELD_EMPTY, "only spaces"),
        R(N, " Ana", FIELD_BAD_FORMAT, "leading space"),
        R(N, "Ana ", FIELD_BAD_FORMAT, "trailing space"),
        R(N, "A  B", FIELD_BAD_FORMAT, "double space"),
        R(N, "'", FIELD_BAD_FORMAT, "a single apostrophe: no letter"),
        R(N, "-", FIELD_BAD_FORMAT, "a single hyphen"),
        R(N, "' Ana", FIELD_BAD_FORMAT, "a word that is only an apostrophe"),
        R(N, "Ana '", FIELD_BAD_FORMAT, "a last word that is only an apostrophe"),
        R(N, "Ana’s Bar", FIELD_OK, "apostrophe then space after a word with letters"),
        R(N, "O''Brien", FIELD_BAD_FORMAT, "two apostrophes"),
        R(N, "Mary--Jane", FIELD_BAD_FORMAT, "two hyphens (also an SQL comment)"),
        R(N, "Mary-", FIELD_BAD_FORMAT, "hyphen last"),
        R(N, "-Mary", FIELD_BAD_FORMAT, "hyphen first"),
        R(N, "Mary - Jane", FIELD_BAD_FORMAT, "hyphen between spaces"),
        R(N, "\u0301Ana", FIELD_BAD_FORMAT, "combining mark with no letter before it"),
        R(N, "Ana \xCC\x81", FIELD_BAD_FORMAT, "combining mark after a space"),
        R(N, "Z\xCC\x81\xCC\x82\xCC\x83\xCC\x84\xCC\x85", FIELD_BAD_FORMAT,
          "five stacked marks (\"Zalgo\" text that draws outside the field)"),

        /* ---- names: characters never in a name ---- */
        R(N, "John3", FIELD_BAD_CHARACTER, "digit"),
        R(N, "@home", FIELD_BAD_CHARACTER, "symbol"),
        R(N, "Jr.", FIELD_OK, "initials: a period after a letter"),
        R(N, "J.R.", FIELD_OK, "initials with periods"),
        R(N, "Ma. José", FIELD_OK, "an abbreviated first name"),
        R(N, "J..R", FIELD_BAD_FORMAT, "two periods"),
        R(N, ".J", FIELD_BAD_FORMAT, "a period first"),
        R(N, "J .R", FIELD_BAD_FORMAT, "a period after a space"),
        R(N, "محمد٣", FIELD_BAD_CHARACTER, "Arabic-Indic digit"),
        R(N, "Ana😀", FIELD_BAD_CHARACTER, "emoji"),
        R(N, "👍🏽", FIELD_BAD_CHARACTER, "emoji with a skin-tone modifier"),
        R(N, "🇺🇸", FIELD_BAD_CHARACTER, "flag: two regional indicators"),
        R(N, "👨\u200D👩\u200D👧", FIELD_BAD_CHARACTER, "ZWJ family sequence"),
        R(N, "Ana\u200D", FIELD_BAD_CHARACTER, "zero-width joiner after a letter"),
        R(N, "Ana\xEF\xB8\x8F", FIELD_BAD_CHARACTER,
          "emoji variation selector VS16 after a letter"),
        R(N, "1\xEF\xB8\x8F\xE2\x83\xA3", FIELD_BAD_CHARACTER, "keycap sequence"),
        R(N, "Ana\u200FLopez", FIELD_BAD_CHARACTER, "right-to-left mark U+200F inside"),
        R(N, "Ana\u200E", FIELD_BAD_CHARACTER, "left-to-right mark U+200E at the end"),
        R(N, "\u202Ezeuqsav", FIELD_BAD_CHARACTER,
          "right-to-left override U+202E (spoofs display)"),
        R(N, "Ana \u2067محمد\u2069", FIELD_BAD_CHARACTER, "RTL isolate U+2067 … U+2069"),
        R(N, "A\u200Bna", FIELD_BAD_CHARACTER, "zero-width space"),
        R(N, "\uFEFFAna", FIELD_BAD_CHARACTER, "byte order mark U+FEFF first"),
        R(N, "Ana\u00ADLopez", FIELD_BAD_CHARACTER, "soft hyphen U+00AD (invisible)"),
        R(N, "Ana\xC2\xA0Lopez", FIELD_BAD_CHARACTER, "no-break space"),
        R(N, "Ana\u2028Lopez", FIELD_BAD_CHARACTER, "line separator U+2028"),
        R(N, "\xE3\x85\xA4", FIELD_BAD_CHARACTER, "Hangul filler U+3164: an invisible \"letter\""),
        R(N, "\xF0\x9D\x90\x80na", FIELD_BAD_CHARACTER, "mathematical bold A U+1D400"),
        R(N, "Ana\xEE\x80\x80", FIELD_BAD_CHARACTER, "private use U+E000"),
        R(N, "Ana\xF1\x90\x80\x80", FIELD_BAD_CHARACTER, "unassigned plane 5, U+50000"),
        R(N, "Ana\xF3\xA0\x80\x81", FIELD_BAD_CHARACTER, "language tag U+E0001"),
        R(N, "Ana\tLopez", FIELD_BAD_CHARACTER, "tab"),
        R(N, "Ana\n", FIELD_BAD_CHARACTER, "newline"),
        R(N, "Ana\r\nLopez", FIELD_BAD_CHARACTER, "CR LF (header injection shape)"),
        R(N, "A\x01", FIELD_BAD_CHARACTER, "C0 control U+0001"),
        R(N, "A\x7F", FIELD_BAD_CHARACTER, "DEL"),
        R(N, "A\xC2\x85", FIELD_BAD_CHARACTER, "C1 control NEL U+0085"),
        R(N, "Jo\0hn", FIELD_BAD_CHARACTER, "NUL inside, covered by len"),
        R(N, "Robert'); DROP TABLE requests;--", FIELD_BAD_CHARACTER, "SQL injection"),
        R(N, "' OR 1=1 --", FIELD_BAD_CHARACTER, "SQL tautology"),
        R(N, "<script>alert(1)</script>", FIELD_BAD_CHARACTER, "HTML script tag"),
        R(N, "$(rm -rf /)", FIELD_BAD_CHARACTER, "shell command substitution"),
        R(N, "`id`", FIELD_BAD_CHARACTER, "shell backticks"),
        R(N, "%s%n", FIELD_BAD_CHARACTER, "printf format string"),
        R(N, "../../etc/passwd", FIELD_BAD_CHARACTER, "path traversal"),

        /* ---- names: invalid UTF-8 ---- */
        R(N, "\x80", FIELD_INVALID_UTF8, "lone continuation byte"),
        R(N, "\xC0\xAF", FIELD_INVALID_UTF8, "overlong '/'"),
        R(N, "Ana\xED\xA0\x80", FIELD_INVALID_UTF8, "UTF-16 surrogate U+D800 encoded"),
        R(N, "Ana\xC3", FIELD_INVALID_UTF8, "truncated two-byte sequence"),
        R(N, "\xE2\x82", FIELD_INVALID_UTF8, "truncated three-byte sequence"),
        R(N, "\xFF", FIELD_INVALID_UTF8, "0xFF never appears in UTF-8"),
        R(N, "\xF4\x90\x80\x80", FIELD_INVALID_UTF8, "past U+10FFFF"),
        R(N, "John3\xFF", FIELD_INVALID_UTF8, "invalid UTF-8 wins over a bad character before it"),
        R(N, " John3", FIELD_BAD_CHARACTER, "a bad character wins over a leading space"),

        /* ---- names: length ---- */
        {N, name_10k_ascii, sizeof name_10k_ascii, FIELD_TOO_LONG, "10,000 characters"},
        {N, name_10k_n, sizeof name_10k_n, FIELD_TOO_LONG, "10,000 × ñ (20,000 bytes)"},
        {N, name_60, sizeof name_60, FIELD_OK, "60 characters: the bound"},
        {N, name_61, sizeof name_61, FIELD_TOO_LONG, "61 characters"},
        {N, name_61_e, sizeof name_61_e, FIELD_TOO_LONG, "61 × é: 122 bytes but 61 characters"},
        {N, name_60_cjk, sizeof name_60_cjk, FIELD_OK, "60 four-byte ideographs: 240 bytes"},

        /* ---- phones: valid in every tolerated format ---- */
        R(P, "(323) 402-1622", FIELD_OK, "brackets, space, dash"),
        R(P, "323.402.1622", FIELD_OK, "dots"),
        R(P, "323-402-1622", FIELD_OK, "dashes"),
        R(P, "+1 323 402 1622", FIELD_OK, "+1 and spaces"),
        R(P, "+13234021622", FIELD_OK, "+1 run together"),
        R(P, "+1 (323) 402-1622", FIELD_OK, "+1 and brackets"),
        R(P, "1-323-402-1622", FIELD_OK, "leading 1 and dashes"),
        R(P, "1 (323) 402-1622", FIELD_OK, "leading 1 and brackets"),
        R(P, "3234021622", FIELD_OK, "bare 10 digits"),
        R(P, "13234021622", FIELD_OK, "bare 11 digits with the country code"),
        R(P, "  323 402 1622  ", FIELD_OK, "spaces around"),

        /* ---- phones: refused ---- */
        R(P, "", FIELD_EMPTY, "nothing typed"),
        R(P, "    ", FIELD_EMPTY, "only spaces"),
        R(P, "555-CALL-NOW", FIELD_BAD_CHARACTER, "letters (vanity number)"),
        R(P, "323-402-1622 ext 5", FIELD_BAD_CHARACTER, "extension words"),
        R(P, "323-402-1622;DROP TABLE x", FIELD_BAD_CHARACTER, "SQL after a number"),
        R(P, "' OR 1=1 --", FIELD_BAD_CHARACTER, "SQL tautology"),
        R(P, "$(reboot)", FIELD_BAD_CHARACTER, "shell"),
        R(P, "%s%n%x", FIELD_BAD_CHARACTER, "format string"),
        R(P, "323\000402 1622", FIELD_BAD_CHARACTER, "NUL inside (\\000, then 402)"),
        R(P, "323\t402\t1622", FIELD_BAD_CHARACTER, "tabs"),
        R(P, "323-402-1622\n", FIELD_BAD_CHARACTER, "newline"),
        R(P, "３２３４０２１６２２", FIELD_BAD_CHARACTER, "full-width digits"),
        R(P, "٣٢٣٤٠٢١٦٢٢", FIELD_BAD_CHARACTER, "Arabic-Indic digits"),
        R(P, "323-402-1622😀", FIELD_BAD_CHARACTER, "emoji"),
        R(P, "\u202E2261-204-323", FIELD_BAD_CHARACTER, "right-to-left override"),
        R(P, "3234021622\xC0\xAF", FIELD_INVALID_UTF8, "overlong '/' after the digits"),
        R(P, "323-402-162", FIELD_BAD_FORMAT, "9 digits"),
        R(P, "323-402-16222", FIELD_BAD_FORMAT, "11 digits not starting with 1"),
        R(P, "+44 20 7946 0958", FIELD_BAD_FORMAT, "UK number"),
        R(P, "+442079460958", FIELD_BAD_FORMAT, "UK number run together"),
        R(P, "+ 1 323 402 1622", FIELD_BAD_FORMAT, "space between + and 1"),
        R(P, "++1 323 402 1622", FIELD_BAD_FORMAT, "two pluses"),
        R(P, "323-402+1622", FIELD_BAD_FORMAT, "plus inside"),
        R(P, "+", FIELD_BAD_FORMAT, "only a plus"),
        R(P, "1", FIELD_BAD_FORMAT, "only a country code"),
        R(P, "---", FIELD_BAD_FORMAT, "only dashes"),
        R(P, "023-402-1622", FIELD_BAD_FORMAT, "area code starting with 0"),
        R(P, "123-402-1622", FIELD_BAD_FORMAT,
          "area code starting with 1 (read as +1, then 9 digits)"),
        R(P, "1-023-402-1622", FIELD_BAD_FORMAT, "+1 then area code starting with 0"),
        R(P, "11-323-402-1622", FIELD_BAD_FORMAT, "two leading 1s"),
        R(P, "323-102-1622", FIELD_BAD_FORMAT, "exchange starting with 1"),
        R(P, "323-002-1622", FIELD_BAD_FORMAT, "exchange starting with 0"),
        R(P, "(323 402-1622", FIELD_BAD_FORMAT, "bracket not closed"),
        R(P, "323) 402-1622", FIELD_BAD_FORMAT, "bracket not opened"),
        R(P, "(3234) 02-1622", FIELD_BAD_FORMAT, "brackets around 4 digits"),
        R(P, "((323)) 402-1622", FIELD_BAD_FORMAT, "double brackets"),
        R(P, "(1) 323 402 1622", FIELD_BAD_FORMAT, "country code in brackets"),
        R(P, "(323) (402) 1622", FIELD_BAD_FORMAT, "second pair of brackets"),
        {P, phone_10k, sizeof phone_10k, FIELD_TOO_LONG, "10,000 digits"},
        {P, phone_33, sizeof phone_33, FIELD_TOO_LONG, "valid digits padded to 33 bytes"},

        /* ---- emails: valid ---- */
        R(E, "a@b.co", FIELD_OK, "shortest plausible"),
        R(E, "first.last+tag@sub.example.org", FIELD_OK, "dots, plus tag, subdomain"),
        R(E, "o'brien@example.com", FIELD_OK, "apostrophe in the local part"),
        R(E, "USER_1%x@Example-Mail.COM", FIELD_OK, "capitals, underscore, percent, hyphen"),
        R(E, "a@xn--bcher-kva.example", FIELD_OK, "punycode domain"),
        R(E, "%s%n@x.co", FIELD_OK,
          "looks like a format string but is a plausible address; typed text is never used as a "
          "format, so this is only data"),
        {E, email_254, sizeof email_254, FIELD_OK, "exactly 254 bytes"},
        {E, email_local_64, sizeof email_local_64, FIELD_OK, "64-byte local part"},

        /* ---- emails: refused ---- */
        R(E, "", FIELD_EMPTY, "nothing typed"),
        R(E, "ab", FIELD_BAD_FORMAT, "under 3 bytes, no @"),
        R(E, "plainaddress", FIELD_BAD_FORMAT, "no @"),
        R(E, "a@@b.co", FIELD_BAD_FORMAT, "two @ together"),
        R(E, "a@b@c.co", FIELD_BAD_FORMAT, "two @ apart"),
        R(E, "@b.co", FIELD_BAD_FORMAT, "empty local part"),
        R(E, ".a@b.co", FIELD_BAD_FORMAT, "dot first"),
        R(E, "a.@b.co", FIELD_BAD_FORMAT, "dot before @"),
        R(E, "a..b@c.co", FIELD_BAD_FORMAT, "double dot in the local part"),
        R(E, "a@b.co.", FIELD_BAD_FORMAT, "dot last"),
        R(E, "a@.b.co", FIELD_BAD_FORMAT, "dot right after @"),
        R(E, "a@b..co", FIELD_BAD_FORMAT, "double dot in the domain"),
        R(E, "a@-b.co", FIELD_BAD_FORMAT, "label starting with -"),
        R(E, "a@b-.co", FIELD_BAD_FORMAT, "label ending with -"),
        R(E, "a@b_c.co", FIELD_BAD_FORMAT, "underscore in the domain"),
        R(E, "example@localhost", FIELD_BAD_FORMAT, "one label"),
        R(E, "a@b.c", FIELD_BAD_FORMAT, "one-letter top-level label"),
        R(E, "a@b.c0m", FIELD_BAD_FORMAT, "digit in the top-level label"),
        R(E, "a@1.2.3.4", FIELD_BAD_FORMAT, "IP address"),
        R(E, "a b@c.co", FIELD_BAD_CHARACTER, "space inside"),
        R(E, " a@b.co", FIELD_BAD_CHARACTER, "leading space"),
        R(E, "a@b.co\n", FIELD_BAD_CHARACTER, "newline (header injection)"),
        R(E, "a@b.co\r\nBcc: x@y.co", FIELD_BAD_CHARACTER, "CR LF header injection"),
        R(E, "a@b.co\0", FIELD_BAD_CHARACTER, "NUL at the end, covered by len"),
        R(E, "ünïcode@example.com", FIELD_BAD_CHARACTER, "non-ASCII local part (kept simple)"),
        R(E, "a@exämple.com", FIELD_BAD_CHARACTER, "non-ASCII domain"),
        R(E, "a@b.co\u200B", FIELD_BAD_CHARACTER, "zero-width space"),
        R(E, "a@b.co😀", FIELD_BAD_CHARACTER, "emoji"),
        R(E, "x' OR '1'='1@x.co", FIELD_BAD_CHARACTER, "SQL tautology"),
        R(E, "\"><script>@x.co", FIELD_BAD_CHARACTER, "HTML"),
        R(E, "a;rm -rf /@x.co", FIELD_BAD_CHARACTER, "shell"),
        R(E, "a@\xFF.co", FIELD_INVALID_UTF8, "0xFF in the domain"),
        R(E, "a@b.co\xC3", FIELD_INVALID_UTF8, "truncated at the end"),
        {E, email_300, sizeof email_300, FIELD_TOO_LONG, "300 bytes"},
        {E, email_local_65, sizeof email_local_65, FIELD_BAD_FORMAT, "65-byte local part"},
        {E, email_label_64, sizeof email_label_64, FIELD_BAD_FORMAT, "64-byte domain label"},
    };
    int n = (int)(sizeof rows / sizeof rows[0]);
    *count = n;
    for (int i = 0; i < n; i++) {
        const row *r = &rows[i];
        /* An exact-size copy: reading past len is an ASan error. */
        char *buf = malloc(r->len ? r->len : 1);
        if (!buf)
            abort();
        memcpy(buf, r->in, r->len);
        field_status got = field_check(r->kind, buf, r->len);
        CHECK_MSG(got == r->want, "row %d (%s: %s): got %s, want %s", i, KIND[r->kind], r->why,
                  STATUS[got], STATUS[r->want]);
        if (r->kind == FIELD_NAME)
            CHECK(field_check_name(buf, r->len) == got);
        else if (r->kind == FIELD_EMAIL)
            CHECK(field_check_email(buf, r->len) == got);
        else {
            /* digits_out: exactly the 10 national digits on OK, empty otherwise. */
            char digits[FIELD_PHONE_DIGITS + 1];
            memset(digits, 'X', sizeof digits);
            CHECK(field_check_phone(buf, r->len, digits) == got);
            if (got == FIELD_OK)
                CHECK_MSG(strcmp(digits, "3234021622") == 0, "row %d (%s): digits %s", i, r->why,
                          digits);
            else
                CHECK_MSG(digits[0] == '\0', "row %d (%s): digits left behind", i, r->why);
        }
        /* Every prefix of a valid value is accepted key by key (one code point
         * at a time, as the on-screen keyboard types it), and so is the whole
         * value as one input-method commit. */
        if (got == FIELD_OK) {
            size_t at = 0;
            while (at < r->len) {
                uint32_t cp;
                int step = utf8_decode(buf + at, r->len - at, &cp);
                CHECK(step > 0);
                if (step <= 0)
                    break;
                CHECK_MSG(field_accepts_while_typing(r->kind, buf, at, buf + at, (size_t)step),
                          "row %d (%s): key at byte %zu refused", i, r->why, at);
                at += (size_t)step;
            }
            CHECK_MSG(field_accepts_while_typing(r->kind, NULL, 0, buf, r->len), "row %d (%s)", i,
                      r->why);
        }
        /* The typing check never lets through a bad character, invalid UTF-8
         * or an over-long value. */
        if (got == FIELD_BAD_CHARACTER || got == FIELD_INVALID_UTF8 || got == FIELD_TOO_LONG)
            CHECK_MSG(!field_accepts_while_typing(r->kind, NULL, 0, buf, r->len),
                      "row %d (%s): accepted while typing", i, r->why);
        free(buf);
    }
}

static bool type_ok(field_kind k, const char *current, const char *insert)
{
    return field_accepts_while_typing(k, current, strlen(current), insert, strlen(insert));
}

static void test_typing(void)
{
    /* Phone: only digits and the tolerated separators; nothing that can't lead to a number. */
    CHECK(type_ok(P, "", "3"));
    CHECK(type_ok(P, "", "1")); /* the country code */
    CHECK(type_ok(P, "", "+"));
    CHECK(type_ok(P, "", "("));
    CHECK(type_ok(P, "+", "1"));
    CHECK(!type_ok(P, "+", "4")); /* +44: not a US number */
    CHECK(!type_ok(P, "", "0"));  /* no number starts with 0 */
    CHECK(!type_ok(P, "1", "1")); /* nor with 1 after the country code */
    CHECK(!type_ok(P, "555-", "C"));
    CHECK(!type_ok(P, "323", "a"));
    CHECK(!type_ok(P, "323", " ext"));
    CHECK(!type_ok(P, "323", "+"));
    CHECK(!type_ok(P, "323", "３"));
    CHECK(!type_ok(P, "3234021622", "5")); /* an 11th national digit */
    CHECK(type_ok(P, "(323", ")"));
    CHECK(!type_ok(P, "(32", ")"));
    CHECK(!type_ok(P, "(323) 402", "("));
    /* At the 32-byte bound: nothing more, not even a space. */
    char p32[33];
    fill(p32, 32, " ");
    memcpy(p32, "3234021622", 10);
    p32[32] = '\0';
    CHECK(!type_ok(P, p32, " "));
    p32[31] = '\0';
    CHECK(type_ok(P, p32, " ")); /* 31 bytes + 1 */
    /* Unfinished values pass while typing and fail at submit. */
    CHECK(type_ok(P, "(323", ") 4"));
    CHECK(!type_ok(P, "(323", " 4")); /* a 4th digit inside the brackets */
    CHECK(field_check_phone("(323", 4, NULL) == FIELD_BAD_FORMAT);

    /* Name. */
    CHECK(type_ok(N, "", "A"));
    CHECK(type_ok(N, "", "'"));  /* 't Hooft */
    CHECK(!type_ok(N, "", " ")); /* never a leading space */
    CHECK(!type_ok(N, "", "-"));
    CHECK(!type_ok(N, "'", " ")); /* a word with no letter */
    CHECK(type_ok(N, "Ana", " "));
    CHECK(!type_ok(N, "Ana ", " "));
    CHECK(!type_ok(N, "Ana ", "-"));
    CHECK(!type_ok(N, "Ana", "3"));
    CHECK(!type_ok(N, "Ana", "😀"));
    CHECK(!type_ok(N, "Ana", "\u200F"));
    CHECK(!type_ok(N, "Ana", "\xC3")); /* half a character */
    CHECK(type_ok(N, "", "李小龙"));   /* an input method's commit */
    CHECK(!type_ok(N, "", "李小龙3")); /* refused whole, not cut */
    CHECK(type_ok(N, "Mary", "-"));
    CHECK(field_check_name("Mary ", 5) == FIELD_BAD_FORMAT);
    CHECK(field_check_name("Mary-", 5) == FIELD_BAD_FORMAT);
    char n59[60];
    fill(n59, 59, "a");
    n59[59] = '\0';
    CHECK(type_ok(N, n59, "b"));                                      /* the 60th character */
    CHECK(!type_ok(N, n59, "bc"));                                    /* 61 */
    CHECK(!field_accepts_while_typing(N, name_60_cjk, 236, "ab", 2)); /* 59 ideographs + 2 = 61 */
    CHECK(field_accepts_while_typing(N, name_60_cjk, 236, "\xF0\xA0\xAE\xB7", 4)); /* 240 bytes */
    CHECK(!field_accepts_while_typing(N, name_60_cjk, 240, "a", 1));
    /* The byte bound: Latin-1 letters need 2 bytes, 60 of them fit; 4-byte letters too. */
    CHECK(field_accepts_while_typing(N, name_61_e, 118, "é", 2));
    CHECK(!field_accepts_while_typing(N, name_61_e, 120, "é", 2));

    /* Email. */
    CHECK(type_ok(E, "", "a"));
    CHECK(!type_ok(E, "", " "));
    CHECK(!type_ok(E, "", "."));
    CHECK(!type_ok(E, "", "@"));
    CHECK(!type_ok(E, "a", "é"));
    CHECK(!type_ok(E, "a.", "."));
    CHECK(!type_ok(E, "a.", "@"));
    CHECK(type_ok(E, "a", "@"));
    CHECK(!type_ok(E, "a@b", "@"));
    CHECK(!type_ok(E, "a@", "."));
    CHECK(!type_ok(E, "a@", "-"));
    CHECK(!type_ok(E, "a@b", "_"));
    CHECK(type_ok(E, "a@b", "."));
    CHECK(field_check_email("a@b.", 4) == FIELD_BAD_FORMAT); /* unfinished */
    CHECK(!field_accepts_while_typing(E, email_254, 254, "a", 1));

    /* Hostile arguments: lengths are checked before anything is read. */
    char one = 'a';
    CHECK(!field_accepts_while_typing(N, &one, SIZE_MAX, "a", 1));
    CHECK(!field_accepts_while_typing(N, &one, 1, "a", SIZE_MAX));
    CHECK(!field_accepts_while_typing(N, &one, 200, "a", SIZE_MAX - 100)); /* no wrap-around */
    CHECK(!field_accepts_while_typing(N, NULL, 3, "a", 1));
    CHECK(!field_accepts_while_typing(N, "a", 1, NULL, 1));
    CHECK(field_accepts_while_typing(N, NULL, 0, NULL, 0)); /* nothing, so far fine */
    CHECK(field_accepts_while_typing(N, "Ana", 3, "", 0));  /* empty insert: is current fine? */
    CHECK(!field_accepts_while_typing(N, " Ana", 4, "", 0));
    CHECK(field_check_name(NULL, 5) == FIELD_EMPTY);
    char d[FIELD_PHONE_DIGITS + 1] = "XXXXXXXXXX";
    CHECK(field_check_phone(NULL, 10, d) == FIELD_EMPTY && d[0] == '\0');
    CHECK(field_check_phone("3234021622", 10, NULL) == FIELD_OK); /* digits_out optional */
    CHECK(field_max_bytes(N) == 240 && field_max_bytes(P) == 32 && field_max_bytes(E) == 254);
}

static void test_form_ready(void)
{
    const field_status OK = FIELD_OK, EM = FIELD_EMPTY, BAD = FIELD_BAD_FORMAT;
    CHECK(field_form_ready(OK, OK, EM, true));
    CHECK(field_form_ready(OK, EM, OK, true));
    CHECK(field_form_ready(EM, OK, OK, true));   /* the name is optional */
    CHECK(!field_form_ready(OK, OK, OK, false)); /* no consent */
    CHECK(!field_form_ready(OK, EM, EM, true));  /* no way to reach the visitor */
    CHECK(!field_form_ready(OK, OK, BAD, true)); /* a bad email is not dropped silently */
    CHECK(!field_form_ready(OK, FIELD_TOO_LONG, OK, true));
    CHECK(!field_form_ready(FIELD_BAD_CHARACTER, OK, OK, true));
    CHECK(!field_form_ready(OK, FIELD_INVALID_UTF8, EM, true));
}

static void test_classes(void)
{
    CHECK(field_is_letter('a') && field_is_letter('Z') && !field_is_letter('1') &&
          !field_is_letter('_'));
    CHECK(field_is_letter(0x00E9) && field_is_letter(0x00F1) &&
          field_is_letter(0x0178)); /* é ñ Ÿ */
    CHECK(field_is_letter(0x4E00) && field_is_letter(0x20BB7) && field_is_letter(0xAC00));
    CHECK(field_is_letter(0x05D0) && field_is_letter(0x0628) && field_is_letter(0x0915));
    CHECK(!field_is_letter(0x00D7) && !field_is_letter(0x00F7));  /* × ÷ */
    CHECK(!field_is_letter(0x0660) && !field_is_letter(0x0966));  /* Arabic, Devanagari digits */
    CHECK(!field_is_letter(0x0E3F) && !field_is_letter(0x1D400)); /* ฿, math bold A */
    CHECK(!field_is_letter(0x00AA) && !field_is_letter(0x00B5));  /* ª µ */
    CHECK(!field_is_letter(0x3164) && !field_is_letter(0xE000) && !field_is_letter(0x50000));
    CHECK(field_is_mark(0x0301) && field_is_mark(0x094D) && field_is_mark(0x05B8));
    CHECK(!field_is_mark(0x20E3) && !field_is_mark(0xFE0F) && !field_is_mark(0x034F));
    CHECK(field_is_control_or_format(0x00) && field_is_control_or_format(0x1F));
    CHECK(field_is_control_or_format(0x7F) && field_is_control_or_format(0x85));
    CHECK(field_is_control_or_format(0x200B) && field_is_control_or_format(0x200E) &&
          field_is_control_or_format(0x200F));
    CHECK(field_is_control_or_format(0x202A) && field_is_control_or_format(0x202E));
    CHECK(field_is_control_or_format(0x2066) && field_is_control_or_format(0x2069));
    CHECK(field_is_control_or_format(0xFEFF) && field_is_control_or_format(0xE0001));
    CHECK(!field_is_control_or_format('a') && !field_is_control_or_format(' '));
    CHECK(field_is_emoji(0x1F600) && field_is_emoji(0x1F3FD) && field_is_emoji(0x1F1FA));
    CHECK(field_is_emoji(0x200D) && field_is_emoji(0x2764) && field_is_emoji(0xFE0F));
    CHECK(!field_is_emoji('a') && !field_is_emoji(0x4E00) && !field_is_emoji('1'));

    /* Across every code point: a letter is never a mark, a control or an emoji. */
    int overlaps = 0;
    for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
        bool l = field_is_letter(cp), m = field_is_mark(cp);
        if ((l && m) || ((l || m) && (field_is_control_or_format(cp) || field_is_emoji(cp))))
            overlaps++;
    }
    CHECK_MSG(overlaps == 0, "%d code points in two classes", overlaps);
}

/* Random bytes from a hostile alphabet: no crash, no read past len (ASan),
 * and every accepted value keeps the promises of the header. */
static void test_random(void)
{
    static const char *const pieces[] = {
        "a",
        "Z",
        "ñ",
        "李",
        " ",
        "'",
        "’",
        "-",
        "\xCC\x81",
        "1",
        "2",
        "3",
        "0",
        "+",
        "(",
        ")",
        ".",
        "@",
        "_",
        "%",
        "\x00",
        "\n",
        "\x7F",
        "\xC2\x85",
        "\u200F",
        "\u202E",
        "😀",
        "\xFF",
        "\x80",
        "\xC3",
        "\xED\xA0\x80",
        "co",
        "example",
        "323",
        "402",
        "1622",
    };
    const int npieces = (int)(sizeof pieces / sizeof pieces[0]);
    uint32_t seed = 12345;
    for (int iter = 0; iter < 30000; iter++) {
        char tmp[300];
        size_t len = 0;
        seed = seed * 1103515245u + 12345u;
        int count = (int)((seed >> 16) % 20);
        for (int k = 0; k < count; k++) {
            seed = seed * 1103515245u + 12345u;
            const char *pc = pieces[(seed >> 16) % (uint32_t)npieces];
            size_t pl = pc[0] ? strlen(pc) : 1; /* "\x00" is one NUL byte */
            if (len + pl > sizeof tmp)
                break;
            memcpy(tmp + len, pc, pl);
            len += pl;
        }
        char *buf = malloc(len ? len : 1);
        if (!buf)
            abort();
        memcpy(buf, tmp, len);
        for (int kind = FIELD_NAME; kind <= FIELD_EMAIL; kind++) {
            char digits[FIELD_PHONE_DIGITS + 1];
            field_status st = kind == FIELD_PHONE ? field_check_phone(buf, len, digits)
                                                  : field_check((field_kind)kind, buf, len);
            CHECK(st >= FIELD_OK && st <= FIELD_BAD_FORMAT);
            if (st != FIELD_OK)
                continue;
            CHECK(utf8_valid(buf, len) && len <= field_max_bytes((field_kind)kind));
            CHECK(field_accepts_while_typing((field_kind)kind, NULL, 0, buf, len));
            CHECK(memchr(buf, '\0', len) == NULL);
            if (kind == FIELD_PHONE) {
                CHECK(strlen(digits) == 10 && strspn(digits, "0123456789") == 10);
                CHECK(digits[0] >= '2' && digits[3] >= '2');
            }
            if (kind == FIELD_EMAIL)
                CHECK(memchr(buf, '@', len) && memchr(buf, ' ', len) == NULL);
        }
        free(buf);
    }
}

int main(void)
{
    make_big();
    int rows = 0;
    run_corpus(&rows);
    CHECK_MSG(rows >= 60, "only %d corpus rows", rows);
    printf("test_field_check: %d corpus rows\n", rows);
    test_typing();
    test_form_ready();
    test_classes();
    test_random();
    return check_done("test_field_check");
}
