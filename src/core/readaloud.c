#include "readaloud.h"

#include <string.h>

#include "sentences.h"

void readaloud_clear(readaloud_page *p)
{
    p->count = 0;
    p->used = 0;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static void put(readaloud_page *p, char c)
{
    if (p->used < READALOUD_BUF - 1)
        p->buf[p->used++] = c;
}

/* A phone-like run: digits and "-", "." or " " between digit groups, with at
 * least one group of exactly 3 digits or 7 and more digits in all. Years
 * ("2019") and counts ("20 minutes") stay numbers. */
static int phone_run(const char *s, int len, int i, int *digits_out)
{
    int j = i, digits = 0, groups = 0, group_len = 0;
    bool has3 = false;
    while (j < len) {
        if (is_digit(s[j])) {
            digits++, group_len++, j++;
            continue;
        }
        if ((s[j] == '-' || s[j] == '.') && group_len > 0 && j + 1 < len && is_digit(s[j + 1])) {
            has3 = has3 || group_len == 3;
            groups++, group_len = 0, j++;
            continue;
        }
        break;
    }
    has3 = has3 || group_len == 3;
    groups++;
    *digits_out = digits;
    bool spoken_as_digits = (digits == 3 && groups == 1) || (groups > 1 && has3) || digits >= 7;
    return spoken_as_digits ? j - i : 0;
}

/* Copies src into the buffer as it should be heard. */
static void add_spoken(readaloud_page *p, const char *s, int len)
{
    for (int i = 0; i < len;) {
        int digits = 0, run = is_digit(s[i]) && (i == 0 || !is_digit(s[i - 1]))
                                  ? phone_run(s, len, i, &digits)
                                  : 0;
        if (run > 0) {
            for (int k = i; k < i + run; k++) {
                if (is_digit(s[k])) {
                    put(p, s[k]);
                    if (k + 1 < i + run && is_digit(s[k + 1]))
                        put(p, ' ');
                } else {
                    put(p, ',');
                    put(p, ' ');
                }
            }
            i += run;
            continue;
        }
        put(p, s[i++]);
    }
}

/* One sentence, text[0..len), as shown and as spoken. */
static void add_sentence(readaloud_page *p, const char *text, int len)
{
    if (p->count >= READALOUD_MAX_SENTENCES)
        return;
    readaloud_sentence *s = &p->s[p->count];
    s->src = text;
    s->src_len = len;
    s->off = p->used;
    add_spoken(p, s->src, s->src_len);
    s->len = p->used - s->off;
    if (s->len > 0 && p->used < READALOUD_BUF - 1) {
        put(p, '\0'); /* each spoken sentence ends in NUL: easy to hand over */
        p->count++;
    } else {
        p->used = s->off; /* full: leave it out whole */
    }
}

void readaloud_add(readaloud_page *p, const char *text, int len)
{
    sentence_span spans[64];
    int n = sentence_split(text, len, spans, 64);
    if (n > 64)
        n = 64;
    for (int k = 0; k < n; k++)
        add_sentence(p, text + spans[k].off, spans[k].len);
}

void readaloud_add_whole(readaloud_page *p, const char *text, int len)
{
    while (len > 0 && (*text == ' ' || *text == '\n')) /* as sentence_split trims */
        text++, len--;
    while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\n'))
        len--;
    if (len > 0)
        add_sentence(p, text, len);
}

void readaloud_collect(readaloud_page *p, const doc_layout *dl, int page)
{
    if (page < 0 || page >= dl->page_count)
        return;
    int first = dl->page_first[page], last = dl->page_first[page + 1];
    for (int i = first; i < last; i++) {
        const doc_row *r = &dl->rows[i];
        if (r->kind != ROW_TEXT || r->beside || r->role == ROLE_MUTED ||
            (dl->take_home && r->text >= dl->take_home &&
             r->text < dl->take_home + strlen(dl->take_home)))
            continue;
        if (i > first && dl->rows[i - 1].piece == r->piece && dl->rows[i - 1].kind == ROW_TEXT)
            continue; /* not the piece's first line on this page */
        const doc_row *end = r;
        for (int j = i + 1; j < last && dl->rows[j].piece == r->piece; j++)
            end = &dl->rows[j];
        readaloud_add(p, r->text, (int)(end->text + end->len - r->text));
    }
}

void readaloud_args(const readaloud_page *p, const char **texts, int *lens)
{
    for (int i = 0; i < p->count; i++) {
        texts[i] = p->buf + p->s[i].off;
        lens[i] = p->s[i].len;
    }
}
