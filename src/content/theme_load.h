/* theme_load: the kiosk's look (assets/theme.json) into a theme struct.
 *
 * The file names every colour of core/layout.h's theme as "#RRGGBB" (or
 * "#RRGGBBAA" for the translucent dim), and its type scale and spacing in
 * millimetres; nothing may be missing or unknown. The result must pass
 * theme_check() (contrast and physical minimums). On any problem nothing is
 * changed and one `file:line:col: $.path: message` line goes to diags.
 * No allocation is kept: the theme is a plain struct. */
#ifndef LANTERN_THEME_LOAD_H
#define LANTERN_THEME_LOAD_H

#include <stdbool.h>

#include "../core/layout.h"
#include "load.h"

bool theme_load_file(theme *out, const char *path, diag_list *diags);

/* The kiosk's start: THEME from cfg->theme (a missing file: the built-in
 * look, said in the log; a refused one: the built-in look and an error in
 * the log, the kiosk still starts), and the panel's diagonal from
 * cfg->screen_diagonal_in (layout_set_panel). */
void theme_apply_config(const char *theme_path, double screen_diagonal_in);

#endif
