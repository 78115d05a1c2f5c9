/* lint_load: reads the lint settings staff edit, content/lint.json, into
 * lint_rules (lint/lint.h), and passes lint findings on to a diag_list.
 *
 *   {"targets": {"en": {"max_grade": 6.0}, "es": {"min_fernandez_huerta": 70}},
 *    "banned": {"en": [{"phrase": "committed suicide", "instead": "died by suicide"}, ...],
 *               "es": [...]}}
 *
 * Every problem is one line `file:line:col: $.path: message` in diags; a
 * phrase another one already finds is a warning, not an error.
 *
 * Ownership: lint_rules_load() gives the caller rules to lint_rules_destroy()
 * (lint/lint.h); nothing points into the file afterwards. */
#ifndef LANTERN_LINT_LOAD_H
#define LANTERN_LINT_LOAD_H

#include <stdbool.h>

#include "../lint/lint.h"
#include "load.h"

/* Reads path (normally DIR/lint.json). NULL, with the reasons in diags, when
 * the file is missing or wrong. */
lint_rules *lint_rules_load(const char *path, diag_list *diags);

/* A lint_report_fn: ctx is a diag_list *; each finding becomes one line. */
void lint_report_to_diags(void *diags, bool is_error, const char *line);

#endif
