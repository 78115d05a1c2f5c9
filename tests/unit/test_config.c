/* The JSON config file: good values are taken, and every mistake gives one
 * line naming the file and the key. */
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "core/config.h"
#include "core/util.h"

static const char *path = "/tmp/lantern-test-config.json";

static bool load(config *c, const char *text, char *err, size_t n)
{
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
    config_defaults(c);
    return config_load_file(c, path, err, n);
}

static void expect_error(const char *text, const char *want)
{
    config c;
    char err[512] = "";
    CHECK_MSG(!load(&c, text, err, sizeof err), "accepted: %s", text);
    char full[600];
    str_format(full, sizeof full, "%s%s", path, want);
    CHECK_MSG(strcmp(err, full) == 0, "got \"%s\", want \"%s\"", err, full);
}

int main(void)
{
    config c;
    char err[512];
    config_defaults(&c);
    CHECK(c.idle_seconds == 120 && c.countdown_seconds == 20 && c.kiosk);
    CHECK(load(&c,
               "{\"content_dir\": \"/srv/content\", \"data_dir\": \"/var/lib/lantern\", "
               "\"idle_seconds\": 90,"
               " \"countdown_seconds\": 15, \"kiosk\": false, \"width\": 1080, \"height\": 1920,"
               " \"font\": \"/f.ttf\", \"font_bold\": \"/fb.ttf\", \"language\": \"es\"}",
               err, sizeof err));
    CHECK(strcmp(c.content_dir, "/srv/content") == 0 &&
          strcmp(c.data_dir, "/var/lib/lantern") == 0);
    CHECK(c.idle_seconds == 90 && c.countdown_seconds == 15 && !c.kiosk);
    CHECK(c.width == 1080 && c.height == 1920 && strcmp(c.lang, "es") == 0);
    CHECK(strcmp(c.font, "/f.ttf") == 0 && strcmp(c.font_bold, "/fb.ttf") == 0);

    /* The panel and the sizes lanternctl validate checks (issue 13). */
    config_fit_size fits[CONFIG_MAX_FIT_SIZES];
    CHECK(config_fit_sizes(&c, fits, CONFIG_MAX_FIT_SIZES) == 5 && fits[0].w == 800 &&
          fits[4].h == 1920);
    CHECK(c.screen_diagonal_in == 0 && strstr(c.theme, "theme.json") &&
          strstr(c.icon_font, "MaterialIcons"));
    CHECK(load(&c,
               "{\"screen_diagonal_in\": 7, \"fit_sizes\": [\"800x480@7\", \"1366x768\"], "
               "\"theme\": \"/t.json\"}",
               err, sizeof err));
    CHECK(c.screen_diagonal_in == 7 && c.fit_size_count == 2 && strcmp(c.theme, "/t.json") == 0);
    CHECK(c.fit_sizes[0].w == 800 && c.fit_sizes[0].h == 480 && c.fit_sizes[0].diagonal_in == 7);
    CHECK(c.fit_sizes[1].w == 1366 && c.fit_sizes[1].diagonal_in == 0);
    CHECK(config_fit_sizes(&c, fits, CONFIG_MAX_FIT_SIZES) == 2);
    expect_error("{\"screen_diagonal_in\": 0.5}",
                 ": \"screen_diagonal_in\" must be a number of inches from 3 to 120");
    expect_error("{\"screen_diagonal_in\": \"7\"}",
                 ": \"screen_diagonal_in\" must be a number of inches from 3 to 120");
    expect_error(
        "{\"fit_sizes\": [\"800by480\"]}",
        ": \"fit_sizes\" entries are WxH from 320x320 to 8192x8192, optionally @inches (3 to 120)");
    expect_error(
        "{\"fit_sizes\": [\"800x480@1000\"]}",
        ": \"fit_sizes\" entries are WxH from 320x320 to 8192x8192, optionally @inches (3 to 120)");
    expect_error("{\"fit_sizes\": []}",
                 ": \"fit_sizes\" must list 1 to 8 sizes such as \"800x480\" or \"800x480@7\"");

    expect_error("{\"idle_secs\": 5}", ": unknown key \"idle_secs\"");
    /* Issue 9, defect 15: a huge number was cast to int (undefined) before the range check. */
    expect_error("{\"idle_seconds\": 1e12}", ": \"idle_seconds\" is out of range");
    expect_error("{\"width\": -1e300}", ": \"width\" is out of range");
    /* A config that is a FIFO or a symlink is refused at once, never waited on. */
    unlink("/tmp/lantern-test-fifo.json");
    CHECK(mkfifo("/tmp/lantern-test-fifo.json", 0600) == 0);
    config fifo_cfg;
    config_defaults(&fifo_cfg);
    CHECK(!config_load_file(&fifo_cfg, "/tmp/lantern-test-fifo.json", err, sizeof err) &&
          strstr(err, "FIFO"));
    unlink("/tmp/lantern-test-fifo.json");
    expect_error("{\"idle_seconds\": \"90\"}", ": \"idle_seconds\" must be a whole number");
    expect_error("{\"idle_seconds\": 2}", ": idle_seconds must be from 10 to 3600, not 2");
    expect_error("{\"kiosk\": 1}", ": \"kiosk\" must be true or false");
    expect_error("{\"content_dir\": \"\"}", ": \"content_dir\" must be a non-empty string");
    expect_error("{\"width\": 100, \"height\": 100}",
                 ": size must be WxH from 320x320 to 8192x8192");
    expect_error("[1, 2]", ": the config must be a JSON object");
    /* Read-aloud: off by default; volume in range; headphones need their output named. */
    config_defaults(&c);
    CHECK(!c.read_aloud && c.volume == 70 && !c.headphones_only && !c.audio_device[0]);
    CHECK(load(&c,
               "{\"read_aloud\": true, \"volume\": 40, \"headphones_only\": true, "
               "\"audio_device\": \"Headphones\"}",
               err, sizeof err));
    CHECK(c.read_aloud && c.volume == 40 && c.headphones_only &&
          strcmp(c.audio_device, "Headphones") == 0);
    expect_error("{\"read_aloud\": \"yes\"}", ": \"read_aloud\" must be true or false");
    expect_error("{\"volume\": 101}", ": volume must be from 0 to 100, not 101");
    expect_error("{\"headphones_only\": true}", ": headphones_only needs audio_device: the name of "
                                                "the headphone output (aplay -L lists them)");
    expect_error("{\"audio_device\": 3}", ": \"audio_device\" must be an output device name");
    /* kiosk_id (issue 10: it names the USB hand-off file and the central rows):
     * none by default; hostile values refused whole, never cut or copied in part. */
    config_defaults(&c);
    CHECK(c.kiosk_id[0] == '\0');
    CHECK(load(&c, "{\"kiosk_id\": \"annex-1\"}", err, sizeof err) &&
          strcmp(c.kiosk_id, "annex-1") == 0);
    CHECK(load(&c, "{\"kiosk_id\": \"0123456789012345678901234567890123456789\"}", err,
               sizeof err));
    static const char *const bad_ids[] = {
        "{\"kiosk_id\": \"\"}",
        "{\"kiosk_id\": \"Annex-1\"}",
        "{\"kiosk_id\": \"../../etc\"}",
        "{\"kiosk_id\": \"annex 1\"}",
        "{\"kiosk_id\": \"annex\\u0000x\"}",
        "{\"kiosk_id\": \"annex-\\u00e9\"}",
        "{\"kiosk_id\": \"01234567890123456789012345678901234567890\"}",
        "{\"kiosk_id\": 7}",
        "{\"kiosk_id\": [\"a\"]}",
    };
    for (size_t i = 0; i < sizeof bad_ids / sizeof bad_ids[0]; i++) {
        config_defaults(&c);
        CHECK_MSG(!load(&c, bad_ids[i], err, sizeof err) && strstr(err, "kiosk_id") &&
                      c.kiosk_id[0] == '\0',
                  "accepted or half-copied: %s (%s)", bad_ids[i], err);
    }
    expect_error("{\"idle_seconds\": 90,\n", ":1:21: malformed JSON (the file ends too early)");
    unlink(path);
    return check_done("test_config");
}
