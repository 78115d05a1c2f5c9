/* sentences: splits a text into the sentences read aloud one at a time, so
 * the sentence being heard can be highlighted. A sentence ends after ".",
 * "!", "?" or "…" (and any closing quotes or brackets) followed by a
 * space or the end; "¿" and "¡" stay with the sentence they open. Nothing
 * allocated: spans point into the text. */
#ifndef LANTERN_SENTENCES_H
#define LANTERN_SENTENCES_H

typedef struct {
    int off, len; /* without the spaces around it */
} sentence_span;

/* Fills up to max spans of s[0..len) and returns how many sentences there
 * are (which may exceed max). */
int sentence_split(const char *s, int len, sentence_span *out, int max);

#endif
