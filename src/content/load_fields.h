/* load_fields: checks shared by the readers of content JSON (the content
 * loader, content_load.c, and the lint settings reader, lint_load.c), so a
 * field problem reads the same whichever file it is in. Internal to
 * src/content/ (uses cJSON). Nothing here allocates. */
#ifndef LANTERN_LOAD_FIELDS_H
#define LANTERN_LOAD_FIELDS_H

#include <stdbool.h>

#include "json_doc.h"

enum { JSON_QUOTED_BYTES = 100 };

/* s as echoed in a message: control characters, quotes and backslashes
 * escaped, cut after about 80 bytes (with "…"), so every problem stays on
 * one line. buf holds JSON_QUOTED_BYTES; returns buf. */
const char *json_quoted(char buf[JSON_QUOTED_BYTES], const char *s);

/* Reports each field of object obj not in allowed (a NULL-terminated list)
 * as `unknown field "NAME"`, and each field that appears twice. True when
 * there was neither. */
bool json_only_fields(const json_doc *doc, diag_list *diags, const cJSON *obj, const char *jpath,
                      const char *const *allowed);

#endif
