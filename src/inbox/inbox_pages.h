/* inbox_pages: the staff inbox's HTML pages and CSV, built into an sbuf.
 * No scripts, no external assets: one stylesheet served by the inbox
 * (inbox_css). Every value shown is HTML-escaped. Request contents are
 * opened with the session's key only to build the page and wiped after. */
#ifndef LANTERN_INBOX_PAGES_H
#define LANTERN_INBOX_PAGES_H

#include <stdbool.h>
#include <stdint.h>

#include "inbox/inbox_html.h"
#include "inbox/inbox_store.h"
#include "store/store.h"

extern const char inbox_css[];
extern const char inbox_icon_svg[];

/* What every signed-in page needs. notice: a line shown at the top, or NULL. */
typedef struct {
    const char *csrf, *user, *notice;
    int64_t now;
} page_ctx;

void page_login(sbuf *b, const char *csrf, const char *notice);
void page_unlock(sbuf *b, const page_ctx *p);
void page_upload(sbuf *b, const page_ctx *p);
void page_message(sbuf *b, const char *title, const char *message);

/* New (handled=false) or handled requests; *shown gets how many. */
bool page_requests(sbuf *b, const page_ctx *p, inbox_store *s, const store_private_key *key,
                   bool handled, int *shown, char *err, size_t err_size);
bool page_audit(sbuf *b, const page_ctx *p, inbox_store *s, char *err, size_t err_size);

/* The new requests as CSV (the columns of lanternctl requests export, plus
 * kiosk and outcome), formula-safe; *count gets how many rows. */
bool csv_requests(sbuf *b, inbox_store *s, const store_private_key *key, int *count, char *err,
                  size_t err_size);

#endif
