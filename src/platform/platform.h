/* platform: the thin SDL layer (the only code that includes SDL).
 *
 * kiosk_run() opens the window (full screen in kiosk mode) and runs the
 * event loop; harness_run() plays a JSON script with no display and a
 * virtual clock, writing PNG + JSON shots. Both borrow the config and take
 * ownership of the content set (a reload replaces it; they free whatever
 * set they hold at the end). They return the process exit status. */
#ifndef LANTERN_PLATFORM_H
#define LANTERN_PLATFORM_H

#include <stdbool.h>

#include "../core/config.h"
#include "../core/content.h"
#include "../content/load.h"

typedef struct {
    const char *script;      /* harness: the script to play */
    const char *out_dir;     /* harness: where shots go */
    const char *frame_times; /* bench: write each frame's render time (ms) here */
    const char *audio_out;   /* harness: what read-aloud plays, raw mono S16LE at 22050 Hz, here */
    bool exit_after_first_frame; /* bench: start-up time */
} run_options;

int kiosk_run(const config *cfg, content_set *content, const run_options *opt);
int harness_run(const config *cfg, content_set *content, const run_options *opt);

/* lanternctl preview: every Home page, every page of every document and
 * the crisis screen, in each language (or only lang), as OUT/LANG/NAME.png
 * at w x h, plus OUT/index.html, a contact sheet for the clinical reviewer.
 * Returns the exit status. */
int preview_run(const config *cfg, const content_set *content, const char *out_dir, const char *lang, int w,
                int h);

/* What content_load cannot check without SDL: images decode (SDL2_image,
 * from bytes the loader read), and every character can be drawn by the
 * kiosk's fonts (cfg->font and cfg->font_bold, through SDL2_ttf). The same
 * checks for the kiosk at start, its reloads and imports, and lanternctl
 * validate. The fonts stay open until platform_content_checks_release(). */
const content_checks *platform_content_checks(const config *cfg);
void platform_content_checks_release(void);

#endif
