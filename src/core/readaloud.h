/* readaloud: what the kiosk reads aloud on a screen, sentence by sentence,
 * and where each sentence is on screen (for the highlight). Free of SDL and
 * espeak-ng: it gathers content text only (never anything a visitor typed)
 * and hands the speech module plain sentences.
 *
 * A page's sentences come from its laid-out rows (readaloud_collect), in
 * reading order; headings, help names and numbers are sentences of their
 * own. Numbers are rewritten for the ear: help numbers and phone numbers
 * (988, 911, 323-402-1622) are read digit by digit, as people say them.
 * Other screens add their texts with readaloud_add.
 *
 * Nothing allocated: a readaloud_page is a fixed buffer the caller owns;
 * sentences point into the content (src) and into the page's buffer (what
 * is spoken). */
#ifndef LANTERN_READALOUD_H
#define LANTERN_READALOUD_H

#include "layout.h"

enum { READALOUD_MAX_SENTENCES = 256, READALOUD_BUF = 24 * 1024 };

typedef struct {
    const char *src; /* the sentence as shown (points into the content) */
    int src_len;
    int off, len; /* the sentence as spoken, in buf */
} readaloud_sentence;

typedef struct {
    readaloud_sentence s[READALOUD_MAX_SENTENCES];
    int count;
    char buf[READALOUD_BUF];
    int used;
} readaloud_page;

void readaloud_clear(readaloud_page *p);
/* Adds the sentences of text[0..len) (content text only). */
void readaloud_add(readaloud_page *p, const char *text, int len);
/* Adds text[0..len) as one sentence, unsplit: a label such as a list's
 * "2. Why do people do it?", whose number is not a sentence of its own. */
void readaloud_add_whole(readaloud_page *p, const char *text, int len);
/* Adds the sentences shown on page `page` of a laid-out document (not the
 * "Reviewed by" line, not the take-home caption and labels). */
void readaloud_collect(readaloud_page *p, const doc_layout *dl, int page);
/* Pointers and lengths for speech_say(): texts[i], lens[i] for i < count. */
void readaloud_args(const readaloud_page *p, const char **texts, int *lens);

#endif
