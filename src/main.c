/* lantern: the family-education kiosk. Parses flags and config, loads the
 * content (refusing to start on bad content), then runs the kiosk or the
 * headless harness. */
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <stdlib.h>
#include <string.h>

#include "content/load.h"
#include "core/config.h"
#include "core/util.h"
#include "platform/approved.h"
#include "platform/platform.h"

#ifndef LANTERN_VERSION
#define LANTERN_VERSION "0.1.0"
#endif

static const char usage[] =
    "Usage: lantern [options]\n"
    "The Lantern family-education kiosk. By default it runs full screen in kiosk\n"
    "mode: no cursor, no screen saver, and no key combination quits it.\n"
    "\n"
    "Options (flags override the config file):\n"
    "  --config FILE        JSON config file (keys: content_dir, data_dir, public_key,\n"
    "                       font, font_bold, idle_seconds, countdown_seconds, kiosk,\n"
    "                       width, height, language, db_max_pages)\n"
    "  --content DIR        content folder (default: content)\n"
    "  --data DIR           data folder (default: data): the request database\n"
    "  --public-key FILE    staff public key (default: DATA/lantern-public.key);\n"
    "                       without one the contact form is not offered\n"
    "  --font FILE          regular font (default: Noto Sans from fonts-noto-core)\n"
    "  --font-bold FILE     bold font\n"
    "  --idle SECONDS       idle time before \"Are you still there?\" (default 120)\n"
    "  --countdown SECONDS  countdown before starting over (default 20)\n"
    "  --lang CODE          start language (default: the content's)\n"
    "  --windowed           a normal window, for development (Ctrl+Q quits)\n"
    "  --kiosk              full screen kiosk mode (the default)\n"
    "  --size WxH           window size (default: the display's in kiosk mode)\n"
    "\n"
    "Headless harness (no display, virtual clock):\n"
    "  --headless --script FILE --out DIR [--size WxH] [--content DIR] [--lang CODE]\n"
    "      plays FILE, a JSON array of steps: {\"tap\":[x,y]}, {\"swipe\":[x1,y1,x2,y2]},\n"
    "      {\"type\":\"text\"}, {\"key\":\"Backspace\"}, {\"tap_text\":\"...\"},\n"
    "      {\"wait_ms\":N}, {\"shot\":\"name\"} (writes DIR/name.png and DIR/name.json)\n"
    "\n"
    "Benchmarking:\n"
    "  --frame-times FILE   write the render time of every frame (ms) to FILE\n"
    "  --audio-out FILE     headless: write what read-aloud plays (raw mono S16LE, 22050 Hz) to FILE\n"
    "  --exit-after-first-frame\n"
    "\n"
    "  --version, --help\n"
    "\n"
    "Exit status: 0 ok, 1 bad content or runtime failure, 2 bad flag or config,\n"
    "3 bad harness script.\n";

static int bad_usage(const char *fmt, const char *arg)
{
    fputs("lantern: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs(" (see lantern --help)\n", stderr);
    return 2;
}

static bool parse_int(const char *s, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < -1000000 || v > 1000000)
        return false;
    *out = (int)v;
    return true;
}

int main(int argc, char **argv)
{
    /* What a visitor types lives in this process's memory: no core dump may
     * carry it (the watchdog's SIGABRT included), and no other process of the
     * same user may read it through ptrace or /proc. */
    struct rlimit no_core = {0, 0};
    setrlimit(RLIMIT_CORE, &no_core);
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    config cfg;
    config_defaults(&cfg);
    run_options opt = {0};
    bool headless = false;
    const char *config_path = NULL;

    /* First pass: --help, --version and --config, so flags can override the file. */
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(usage, stdout);
            return 0;
        }
        if (strcmp(argv[i], "--version") == 0) {
            printf("lantern %s\n", LANTERN_VERSION);
            return 0;
        }
        if (strcmp(argv[i], "--config") == 0) {
            if (i + 1 >= argc)
                return bad_usage("%s needs a value", argv[i]);
            config_path = argv[++i];
        }
    }
    if (config_path) {
        char err[700];
        if (!config_load_file(&cfg, config_path, err, sizeof err)) {
            fprintf(stderr, "lantern: %s\n", err);
            return 2;
        }
    }
    for (int i = 1; i < argc; i++) {
        const char *f = argv[i];
        static const char *const with_value[] = {"--config", "--content", "--data", "--font", "--font-bold", "--public-key",
                                                 "--idle", "--countdown", "--lang", "--size", "--script",
                                                 "--out", "--frame-times", "--audio-out", NULL};
        bool needs = false;
        for (const char *const *w = with_value; *w; w++)
            needs = needs || strcmp(*w, f) == 0;
        const char *v = NULL;
        if (needs) {
            if (i + 1 >= argc)
                return bad_usage("%s needs a value", f);
            v = argv[++i];
        }
        bool fits = true;
        if (strcmp(f, "--config") == 0) {
            /* handled above */
        } else if (strcmp(f, "--content") == 0) {
            fits = str_copy(cfg.content_dir, sizeof cfg.content_dir, v);
        } else if (strcmp(f, "--data") == 0) {
            fits = str_copy(cfg.data_dir, sizeof cfg.data_dir, v);
        } else if (strcmp(f, "--public-key") == 0) {
            fits = str_copy(cfg.public_key, sizeof cfg.public_key, v);
        } else if (strcmp(f, "--font") == 0) {
            fits = str_copy(cfg.font, sizeof cfg.font, v);
        } else if (strcmp(f, "--font-bold") == 0) {
            fits = str_copy(cfg.font_bold, sizeof cfg.font_bold, v);
        } else if (strcmp(f, "--idle") == 0) {
            if (!parse_int(v, &cfg.idle_seconds))
                return bad_usage("--idle expects whole seconds, not \"%s\"", v);
        } else if (strcmp(f, "--countdown") == 0) {
            if (!parse_int(v, &cfg.countdown_seconds))
                return bad_usage("--countdown expects whole seconds, not \"%s\"", v);
        } else if (strcmp(f, "--lang") == 0) {
            if (strlen(v) != 2)
                return bad_usage("--lang expects a two-letter code such as es, not \"%s\"", v);
            str_copy(cfg.lang, sizeof cfg.lang, v);
        } else if (strcmp(f, "--size") == 0) {
            char extra;
            if (sscanf(v, "%dx%d%c", &cfg.width, &cfg.height, &extra) != 2)
                return bad_usage("--size expects WxH such as 1920x1080, not \"%s\"", v);
        } else if (strcmp(f, "--windowed") == 0) {
            cfg.kiosk = false;
        } else if (strcmp(f, "--kiosk") == 0) {
            cfg.kiosk = true;
        } else if (strcmp(f, "--headless") == 0) {
            headless = true;
        } else if (strcmp(f, "--script") == 0) {
            opt.script = v;
        } else if (strcmp(f, "--out") == 0) {
            opt.out_dir = v;
        } else if (strcmp(f, "--frame-times") == 0) {
            opt.frame_times = v;
        } else if (strcmp(f, "--audio-out") == 0) {
            opt.audio_out = v;
        } else if (strcmp(f, "--exit-after-first-frame") == 0) {
            opt.exit_after_first_frame = true;
        } else {
            return bad_usage("unknown flag \"%s\"", f);
        }
        if (!fits)
            return bad_usage("the value of %s is too long", f);
    }
    char why[256];
    if (!config_check(&cfg, why, sizeof why)) {
        fprintf(stderr, "lantern: %s (see lantern --help)\n", why);
        return 2;
    }
    if (headless && (!opt.script || !opt.out_dir))
        return bad_usage("%s needs --script FILE and --out DIR", "--headless");
    if (!headless && (opt.script || opt.out_dir))
        return bad_usage("%s only works with --headless", opt.script ? "--script" : "--out");

    if (!approved_configure(&cfg, why, sizeof why)) {
        fprintf(stderr, "lantern: approvers: %s\n", why);
        return 1;
    }
    diag_list diags = {0};
    content_set *content = content_load(cfg.content_dir, platform_content_checks(&cfg), &diags);
    diag_list_print(&diags);
    /* With trusted approvers, unapproved content never reaches visitors: the
     * newest approved set kept next to it is shown instead. */
    if (approved_required() && (!content || !approved_gate(content, cfg.content_dir, "start", NULL, 0))) {
        char from[1024];
        content_destroy(content);
        content = approved_fallback(cfg.content_dir, platform_content_checks(&cfg), from, sizeof from);
        if (content)
            log_msg(LOG_ERROR, "start: %s is not approved; showing approved version %s from %s instead",
                    cfg.content_dir, content->version, from);
        else
            fprintf(stderr, "lantern: %s is not approved by a trusted clinician and no approved version is kept "
                            "next to it; not starting\n", cfg.content_dir);
        if (!content) {
            diag_list_free(&diags);
            return 1;
        }
    }
    if (!content) {
        fprintf(stderr, "lantern: the content in %s has %d problem%s; not starting\n", cfg.content_dir,
                diags.errors, diags.errors == 1 ? "" : "s");
        diag_list_free(&diags);
        return 1;
    }
    diag_list_free(&diags);
    /* The fonts opened to check the content's characters are closed again:
     * the renderer opens its own, and a later reload reopens these. */
    platform_content_checks_release();
    if (cfg.lang[0]) {
        int l = content_lang_index(content, cfg.lang);
        if (l < 0) {
            fprintf(stderr, "lantern: --lang: \"%s\" is not a language of the content in %s\n", cfg.lang,
                    cfg.content_dir);
            content_destroy(content);
            return 2;
        }
        content->default_lang = l;
    }
    /* The run takes the content over: a reload may replace it. */
    return headless ? harness_run(&cfg, content, &opt) : kiosk_run(&cfg, content, &opt);
}
