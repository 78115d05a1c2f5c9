/* The kiosk's look (issue 13): assets/theme.json loads, passes its checks and
 * equals the built-in theme; a broken or hostile theme file is refused with a
 * file:line:col message and changes nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "content/theme_load.h"
#include "core/util.h"

static const char *tmp = "/tmp/lantern-test-theme.json";

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = malloc(1 << 16);
    size_t n = buf ? fread(buf, 1, (1 << 16) - 1, f) : 0;
    fclose(f);
    if (buf)
        buf[n] = '\0';
    return buf;
}

/* The shipped file with `from` replaced by `to` is refused, naming `want`. */
static void expect_refused(const char *shipped, const char *from, const char *to, const char *want)
{
    const char *at = strstr(shipped, from);
    CHECK_MSG(at != NULL, "%s not in the theme", from);
    if (!at)
        return;
    FILE *f = fopen(tmp, "w");
    fprintf(f, "%.*s%s%s", (int)(at - shipped), shipped, to, at + strlen(from));
    fclose(f);
    theme t = *theme_builtin();
    t.bg = (color){1, 2, 3, 255};
    diag_list diags = {0};
    CHECK_MSG(!theme_load_file(&t, tmp, &diags), "accepted with %s", to);
    CHECK(t.bg.r == 1 && t.bg.g == 2); /* unchanged */
    CHECK_MSG(diags.count == 1 && strstr(diags.lines[0], want) && strstr(diags.lines[0], tmp),
              "%s: got \"%s\"", to, diags.count ? diags.lines[0] : "");
    diag_list_free(&diags);
}

int main(void)
{
    const char *tests = getenv("LANTERN_TESTS");
    char path[1024];
    str_format(path, sizeof path, "%s/../assets/theme.json", tests ? tests : "tests");
    theme t = {0};
    diag_list diags = {0};
    CHECK(theme_load_file(&t, path, &diags));
    diag_list_print(&diags);
    diag_list_free(&diags);
    const theme *b = theme_builtin();
    char err[256];
    for (int i = 0; i < THEME_COLOR_COUNT; i++)
        CHECK_MSG(memcmp((char *)&t + THEME_COLORS[i].offset,
                         (const char *)b + THEME_COLORS[i].offset, sizeof(color)) == 0,
                  "colour %s differs from the built-in theme", THEME_COLORS[i].name);
    CHECK_MSG(memcmp(&t.mm, &b->mm, sizeof t.mm) == 0,
              "the floors (mm) differ from the built-in theme");
    CHECK_MSG(memcmp(&t.px_1080, &b->px_1080, sizeof t.px_1080) == 0,
              "px_1080 differs from the built-in theme");
    /* The high-contrast theme passes the same checks. */
    CHECK_MSG(theme_check(&THEME_HIGH_CONTRAST, err, sizeof err), "high contrast: %s", err);
    CHECK(theme_check(&t, err, sizeof err));

    char *shipped = read_all(path);
    CHECK(shipped != NULL);
    if (shipped) {
        expect_refused(shipped, "\"bg\": \"#F6F3EE\"", "\"bg\": \"#F6F3E\"",
                       "$.colors.bg: must be \"#RRGGBB\"");
        expect_refused(shipped, "\"bg\": \"#F6F3EE\"", "\"bg\": 12", "$.colors.bg: must be");
        expect_refused(shipped, "\"bg\": \"#F6F3EE\"", "\"bgg\": \"#F6F3EE\"",
                       "$.colors.bgg: unknown colour");
        expect_refused(shipped, "\"muted\": \"#3F4A54\",", "", "\"muted\" is missing");
        /* Contrast: pale grey body text; an edge that vanishes on the page. */
        expect_refused(shipped, "\"text\": \"#1E2A32\"", "\"text\": \"#767676\"",
                       "body text on the page");
        expect_refused(shipped, "\"edge\": \"#5B6B78\"", "\"edge\": \"#E1E7EB\"", "edge");
        /* Physical minimums. */
        expect_refused(shipped, "\"body\": 5.0", "\"body\": 3.0", "body text is 3.00 mm");
        expect_refused(shipped, "\"target\": 12.0", "\"target\": 9.0", "at least 12 mm");
        expect_refused(shipped, "\"gap\": 2.0", "\"gap\": 1e308", "from 1 to 400 mm");
        expect_refused(shipped, "\"small\": 4.25", "\"small\": 3.5", "below body minus 15%");
        expect_refused(shipped, shipped, "[1, 2]", "must be a JSON object");
        expect_refused(shipped, "\"colors\"", "\"colours\"", "unknown key \"colours\"");
        expect_refused(shipped, "\"column\": 1240", "\"column\": -1",
                       "px_1080.column must be from 1 to 4000");
        free(shipped);
    }
    remove(tmp);
    /* A missing file is a clear error too. */
    CHECK(!theme_load_file(&t, "/nonexistent/theme.json", &diags) && diags.count == 1);
    diag_list_free(&diags);
    return check_done("test_theme");
}
