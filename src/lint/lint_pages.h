/* lint_pages: page-flow warnings that depend on the screen size, for
 * `lanternctl validate` (next to app_check_fit). The app lays every document
 * out as a visitor would see it; these checks read which page each block
 * lands on, through the public app_show_doc / app_show_crisis / app_frame.
 *
 *   W  a page that ends on an "instead of" (don't say) box while the section
 *      goes on, with what to say instead, on the next page;
 *   W  a help line on another page than its section's heading.
 *
 * Keeps nothing; leaves the app on Home. */
#ifndef LANTERN_LINT_PAGES_H
#define LANTERN_LINT_PAGES_H

#include "core/app.h"

void lint_page_flow(app *a, const content_set *set, int w, int h, app_fit_fn report, void *ctx);

#endif
