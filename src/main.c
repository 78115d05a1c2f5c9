/* lantern: the family-education kiosk. Parses flags and config, loads the
 * content (refusing to start on bad content), then runs the kiosk or the
 * headless harness. */
#include <getopt.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <stdlib.h>
#include <string.h>

#include "content/load.h"
#include "content/theme_load.h"
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
    "                       width, height, language, db_max_pages, theme, icon_font,\n"
    "                       screen_diagonal_in)\n"
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
    "  --diagonal INCHES    the panel's diagonal (default: from the display's DPI, else\n"
    "                       the usual panel for the size: 7\" up to 1024x600, 10.1\" up\n"
    "                       to 1280x800, 21.5\" above): text and targets in millimetres\n"
    "  --theme FILE         the look (default: /usr/share/lantern/assets/theme.json)\n"
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
    return usage_error("lantern", "lantern --help", fmt, arg);
}

/* "+": stop at the first word that is not an option (reported as an unknown
 * flag); ":": a missing value is told apart from an unknown option. */
#define OPTSTRING "+:h"

enum {
    OPT_CONFIG = 256,
    OPT_CONTENT,
    OPT_DATA,
    OPT_PUBLIC_KEY,
    OPT_FONT,
    OPT_FONT_BOLD,
    OPT_IDLE,
    OPT_COUNTDOWN,
    OPT_LANG,
    OPT_SIZE,
    OPT_WINDOWED,
    OPT_KIOSK,
    OPT_HEADLESS,
    OPT_SCRIPT,
    OPT_OUT,
    OPT_FRAME_TIMES,
    OPT_EXIT_AFTER_FIRST_FRAME,
    OPT_AUDIO_OUT,
    OPT_THEME,
    OPT_DIAGONAL,
    OPT_VERSION
};

static const struct option long_options[] = {
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {"config", required_argument, NULL, OPT_CONFIG},
    {"content", required_argument, NULL, OPT_CONTENT},
    {"data", required_argument, NULL, OPT_DATA},
    {"public-key", required_argument, NULL, OPT_PUBLIC_KEY},
    {"font", required_argument, NULL, OPT_FONT},
    {"font-bold", required_argument, NULL, OPT_FONT_BOLD},
    {"idle", required_argument, NULL, OPT_IDLE},
    {"countdown", required_argument, NULL, OPT_COUNTDOWN},
    {"lang", required_argument, NULL, OPT_LANG},
    {"size", required_argument, NULL, OPT_SIZE},
    {"windowed", no_argument, NULL, OPT_WINDOWED},
    {"kiosk", no_argument, NULL, OPT_KIOSK},
    {"headless", no_argument, NULL, OPT_HEADLESS},
    {"script", required_argument, NULL, OPT_SCRIPT},
    {"out", required_argument, NULL, OPT_OUT},
    {"frame-times", required_argument, NULL, OPT_FRAME_TIMES},
    {"exit-after-first-frame", no_argument, NULL, OPT_EXIT_AFTER_FIRST_FRAME},
    {"audio-out", required_argument, NULL, OPT_AUDIO_OUT},
    {"theme", required_argument, NULL, OPT_THEME},
    {"diagonal", required_argument, NULL, OPT_DIAGONAL},
    {NULL, 0, NULL, 0},
};

/* "--content" for OPT_CONTENT (messages name the flag as written in --help). */
static const char *option_name(int opt)
{
    static char name[40];
    for (const struct option *o = long_options; o->name; o++)
        if (o->val == opt) {
            str_format(name, sizeof name, "--%s", o->name);
            return name;
        }
    return "?";
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
    run_options opt_run = {0};
    bool headless = false;
    const char *config_path = NULL;

    /* First pass: --help, --version and --config, so flags can override the
     * file; every other problem is reported by the second pass, after the
     * config file's own. */
    opterr = 0;
    int opt;
    while ((opt = getopt_long(argc, argv, OPTSTRING, long_options, NULL)) != -1) {
        if (opt == 'h') {
            fputs(usage, stdout);
            return 0;
        }
        if (opt == OPT_VERSION) {
            printf("lantern %s\n", LANTERN_VERSION);
            return 0;
        }
        if (opt == OPT_CONFIG)
            config_path = optarg;
        else if (opt == ':' && optopt == OPT_CONFIG)
            return bad_usage("%s needs a value", argv[optind - 1]);
    }
    if (config_path) {
        char err[700];
        if (!config_load_file(&cfg, config_path, err, sizeof err)) {
            fprintf(stderr, "lantern: %s\n", err);
            return 2;
        }
    }
    optind = 0; /* glibc: start over */
    while ((opt = getopt_long(argc, argv, OPTSTRING, long_options, NULL)) != -1) {
        const char *v = optarg;
        bool fits = true;
        switch (opt) {
        case ':':
            return bad_usage("%s needs a value", argv[optind - 1]);
        case '?':
            return bad_usage("unknown flag \"%s\"", argv[optind - 1]);
        case OPT_CONFIG: /* read above */
            break;
        case OPT_CONTENT:
            fits = str_copy(cfg.content_dir, sizeof cfg.content_dir, v);
            break;
        case OPT_DATA:
            fits = str_copy(cfg.data_dir, sizeof cfg.data_dir, v);
            break;
        case OPT_PUBLIC_KEY:
            fits = str_copy(cfg.public_key, sizeof cfg.public_key, v);
            break;
        case OPT_FONT:
            fits = str_copy(cfg.font, sizeof cfg.font, v);
            break;
        case OPT_FONT_BOLD:
            fits = str_copy(cfg.font_bold, sizeof cfg.font_bold, v);
            break;
        case OPT_IDLE:
            if (!parse_int(v, &cfg.idle_seconds))
                return bad_usage("--idle expects whole seconds, not \"%s\"", v);
            break;
        case OPT_COUNTDOWN:
            if (!parse_int(v, &cfg.countdown_seconds))
                return bad_usage("--countdown expects whole seconds, not \"%s\"", v);
            break;
        case OPT_LANG:
            if (strlen(v) != 2)
                return bad_usage("--lang expects a two-letter code such as es, not \"%s\"", v);
            str_copy(cfg.lang, sizeof cfg.lang, v);
            break;
        case OPT_SIZE: {
            char extra;
            if (sscanf(v, "%dx%d%c", &cfg.width, &cfg.height, &extra) != 2)
                return bad_usage("--size expects WxH such as 1920x1080, not \"%s\"", v);
            break;
        }
        case OPT_THEME:
            fits = str_copy(cfg.theme, sizeof cfg.theme, v);
            break;
        case OPT_DIAGONAL: {
            char *end;
            cfg.screen_diagonal_in = strtod(v, &end);
            if (!*v || *end || !(cfg.screen_diagonal_in >= 3 && cfg.screen_diagonal_in <= 120))
                return bad_usage("--diagonal expects inches from 3 to 120, not \"%s\"", v);
            break;
        }
        case OPT_WINDOWED:
            cfg.kiosk = false;
            break;
        case OPT_KIOSK:
            cfg.kiosk = true;
            break;
        case OPT_HEADLESS:
            headless = true;
            break;
        case OPT_SCRIPT:
            opt_run.script = v;
            break;
        case OPT_OUT:
            opt_run.out_dir = v;
            break;
        case OPT_FRAME_TIMES:
            opt_run.frame_times = v;
            break;
        case OPT_EXIT_AFTER_FIRST_FRAME:
            opt_run.exit_after_first_frame = true;
            break;
        case OPT_AUDIO_OUT:
            opt_run.audio_out = v;
            break;
        default: /* --help and --version: handled above */
            break;
        }
        if (!fits)
            return bad_usage("the value of %s is too long", option_name(opt));
    }
    if (optind < argc)
        return bad_usage("unknown flag \"%s\"", argv[optind]);
    char why[256];
    if (!config_check(&cfg, why, sizeof why)) {
        fprintf(stderr, "lantern: %s (see lantern --help)\n", why);
        return 2;
    }
    if (headless && (!opt_run.script || !opt_run.out_dir))
        return bad_usage("%s needs --script FILE and --out DIR", "--headless");
    if (!headless && (opt_run.script || opt_run.out_dir))
        return bad_usage("%s only works with --headless", opt_run.script ? "--script" : "--out");

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
    theme_apply_config(cfg.theme, cfg.screen_diagonal_in);
    /* The run takes the content over: a reload may replace it. */
    return headless ? harness_run(&cfg, content, &opt_run) : kiosk_run(&cfg, content, &opt_run);
}
