#include "sentences.h"

#include <string.h>

static int ender_len(const char *s, int i, int len)
{
    char c = s[i];
    if (c == '.' || c == '!' || c == '?')
        return 1;
    if (i + 2 < len && memcmp(s + i, "…", 3) == 0)
        return 3;
    return 0;
}

static int closer_len(const char *s, int i, int len)
{
    char c = s[i];
    if (c == '"' || c == '\'' || c == ')' || c == ']')
        return 1;
    if (i + 2 < len && (memcmp(s + i, "”", 3) == 0 || memcmp(s + i, "’", 3) == 0))
        return 3;
    if (i + 1 < len && memcmp(s + i, "»", 2) == 0)
        return 2;
    return 0;
}

int sentence_split(const char *s, int len, sentence_span *out, int max)
{
    int n = 0, i = 0;
    while (i < len) {
        while (i < len && (s[i] == ' ' || s[i] == '\n'))
            i++;
        if (i >= len)
            break;
        int start = i, end = len;
        while (i < len) {
            int e = ender_len(s, i, len);
            if (!e) {
                i++;
                continue;
            }
            int j = i + e, c;
            while (j < len && (e = ender_len(s, j, len)) > 0) /* "?!", "..." */
                j += e;
            while (j < len && (c = closer_len(s, j, len)) > 0)
                j += c;
            /* A decimal point or "e.g." inside a word does not end a sentence. */
            if (j >= len || s[j] == ' ' || s[j] == '\n') {
                end = j;
                break;
            }
            i = j;
        }
        if (n < max)
            out[n] = (sentence_span){start, end - start};
        n++;
        i = end;
    }
    return n;
}
