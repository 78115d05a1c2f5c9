/* link: the take-home links a visitor may scan (QR codes), checked before
 * anything is encoded.
 *
 * A link is either a public web page, "https://host/path" (https only, a
 * real host name with a dot, no user name or password in it, printable ASCII,
 * at most 200 bytes), or, where the content allows it, a phone number as
 * "tel:+13234021622" (E.164: "+", 8 to 15 digits). Nothing allocated. */
#ifndef LANTERN_LINK_H
#define LANTERN_LINK_H

#include <stdbool.h>
#include <stddef.h>

enum { LINK_MAX_BYTES = 200 };

/* True when url is a well-formed link; otherwise false and why says what is
 * wrong, in words a content editor understands. allow_tel: tel: links are
 * accepted too. */
bool link_check(const char *url, bool allow_tel, char *why, size_t why_size);

#endif
