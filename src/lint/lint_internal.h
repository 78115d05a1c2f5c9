/* lint_internal: what the linter's files share beyond lint.h. Internal to
 * src/lint. */
#ifndef LANTERN_LINT_INTERNAL_H
#define LANTERN_LINT_INTERNAL_H

#include "lint.h"

enum { LINT_LINE_MAX_BYTES = 1024 };

/* The file a document of language lang comes from:
 * ROOT/LANG/modules/ID.json, or ROOT/LANG/help.json. */
void lint_doc_file(const content_set *set, int lang, const content_doc *doc, char *out,
                   size_t size);

/* Parity between the first language and every other (see lint_content).
 * Returns the number of findings. */
int lint_parity(const content_set *set, lint_report_fn report, void *ctx);

#endif
