/* test_reload: the reloader's quiet period (platform/reload.c) on a real
 * content folder, real inotify and the real loader, with a virtual clock:
 * edits made inside the live folder keep postponing the reload, it happens
 * after 1.5 s of quiet, a burst of edits gives one reload, an edit made while
 * the folder is being read is not lost (and the set read then does not go
 * live), a publish loads at once, and a folder that turns bad drops a
 * checked set that had not gone live yet.
 * LANTERN_TESTS: the tests folder (its content-min is the content). */
#define _GNU_SOURCE
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "content/load.h"
#include "content_tree.h"
#include "core/app.h"
#include "core/util.h"
#include "fake_metrics.h"
#include "platform/reload.h"

enum { QUIET_MS = 1500 };

static char root[PATH_MAX], live[PATH_MAX];

/* The loader asks whether each character can be drawn: the one moment a
 * test can act while a folder is being read. When armed, it edits the live
 * folder then, once. */
typedef struct {
    const char *edit_version; /* non-NULL: the version to write during the next load */
    int edits;
} during_load;

static bool edit_while_loading(void *ctx, uint32_t cp)
{
    (void)cp;
    during_load *d = ctx;
    if (d->edit_version) {
        set_version(live, d->edit_version);
        d->edit_version = NULL;
        d->edits++;
    }
    return true;
}

static const char *live_version(const reloader *r)
{
    return reloader_current(r)->version;
}

int main(void)
{
    const char *tests = getenv("LANTERN_TESTS");
    if (!tests) {
        fprintf(stderr, "test_reload: set LANTERN_TESTS to the tests folder\n");
        return 2;
    }
    str_format(root, sizeof root, "%s/lantern-reload-XXXXXX",
               getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(root))
        return 2;
    char min[PATH_MAX], a[PATH_MAX], b[PATH_MAX], bad_file[PATH_MAX];
    str_format(min, sizeof min, "%s/content-min", tests);
    str_format(a, sizeof a, "%s/a", root);
    str_format(b, sizeof b, "%s/b", root);
    str_format(live, sizeof live, "%s/live", root);
    copy_version(min, a, "a.0");
    copy_version(min, b, "b.0");
    CHECK(symlink(a, live) == 0);

    during_load hook = {0};
    content_checks checks = {.can_draw = edit_while_loading, .ctx = &hook};
    diag_list diags = {0};
    content_set *set = content_load(live, &checks, &diags);
    diag_list_print(&diags);
    diag_list_free(&diags);
    CHECK(set != NULL);
    if (!set)
        return check_done("reload");
    reloader *r = reloader_create(live, set, &checks);
    app *ap = app_create(set, &FAKE_METRICS, 1280, 800, (app_timing){120000, 20000});
    CHECK(r && ap && app_screen(ap) == SCREEN_ATTRACT);
    int64_t now = 1000;
    CHECK(!reloader_poll(r, ap, now));
    CHECK(reloader_wait_ms(r, now) == -1); /* nothing waits */
    CHECK(reloader_loads(r) == 0);

    /* Edits keep postponing the reload: each one starts the 1.5 s again. */
    set_version(live, "a.1");
    CHECK(!reloader_poll(r, ap, now));
    CHECK(reloader_wait_ms(r, now) == QUIET_MS);
    now += 1000;
    CHECK(!reloader_poll(r, ap, now));
    CHECK(reloader_wait_ms(r, now) == QUIET_MS - 1000);
    set_version(live, "a.2");
    CHECK(!reloader_poll(r, ap, now));
    CHECK_MSG(reloader_wait_ms(r, now) == QUIET_MS, "waits %lld",
              (long long)reloader_wait_ms(r, now));
    now += QUIET_MS - 1; /* 2.5 s after the first edit, 1 ms short of quiet */
    CHECK(!reloader_poll(r, ap, now));
    CHECK(reloader_loads(r) == 0);
    CHECK(reloader_wait_ms(r, now) == 1);
    CHECK(strcmp(live_version(r), "a.0") == 0);
    /* 1.5 s of quiet: loaded, checked, live (the app is on the attract screen). */
    now += 1;
    CHECK(reloader_wait_ms(r, now) == 0);
    CHECK(reloader_poll(r, ap, now));
    CHECK(reloader_loads(r) == 1);
    CHECK_MSG(strcmp(live_version(r), "a.2") == 0, "live: %s", live_version(r));
    CHECK(reloader_wait_ms(r, now) == -1);

    /* A burst of edits (a copy of many files, 10 ms apart): one reload, of
     * the last state. */
    char path[PATH_MAX], version[32];
    for (int i = 0; i < 60; i++) {
        str_format(version, sizeof version, "burst.%d", i);
        set_version(live, version);
        str_format(path, sizeof path, "%s/en/extra-%d.txt", live,
                   i % 5); /* any file in a subfolder too */
        write_file(path, version);
        CHECK(!reloader_poll(r, ap, now));
        now += 10;
    }
    CHECK(reloader_wait_ms(r, now) == QUIET_MS - 10);
    for (int64_t wait; (wait = reloader_wait_ms(r, now)) >= 0;) {
        now += wait;
        reloader_poll(r, ap, now);
    }
    CHECK_MSG(reloader_loads(r) == 2, "%d loads", reloader_loads(r));
    CHECK_MSG(strcmp(live_version(r), "burst.59") == 0, "live: %s", live_version(r));

    /* An edit while the folder is being read: not lost. The set read then
     * may hold half of it, so it does not go live; the edit's own quiet
     * period follows, then the reload that has it. */
    set_version(live, "during.0");
    reloader_poll(r, ap, now);
    now += QUIET_MS;
    hook.edit_version = "during.1";
    CHECK(!reloader_poll(r, ap, now));
    CHECK(hook.edits == 1);
    CHECK(reloader_loads(r) == 3);
    CHECK(strcmp(live_version(r), "burst.59") == 0); /* held, though the attract screen shows */
    CHECK(reloader_has_pending(r));
    CHECK_MSG(reloader_wait_ms(r, now) == QUIET_MS, "waits %lld",
              (long long)reloader_wait_ms(r, now));
    now += QUIET_MS;
    CHECK(reloader_poll(r, ap, now));
    CHECK(reloader_loads(r) == 4);
    CHECK_MSG(strcmp(live_version(r), "during.1") == 0, "live: %s", live_version(r));
    CHECK(reloader_wait_ms(r, now) == -1);

    /* A publish (the symlink swapped) is a whole folder: loaded at once. */
    char err[256];
    CHECK(content_publish(live, b, err, sizeof err));
    CHECK(reloader_poll(r, ap, now));
    CHECK(reloader_loads(r) == 5);
    CHECK(strcmp(live_version(r), "b.0") == 0);
    CHECK(reloader_wait_ms(r, now) == -1);
    /* Edits in the newly published folder are watched too. */
    set_version(live, "b.1");
    CHECK(!reloader_poll(r, ap, now));
    CHECK(reloader_wait_ms(r, now) == QUIET_MS);

    /* A visitor is reading: a checked set waits for the attract screen. If
     * the folder then turns bad, that set is stale and never goes live. */
    app_present(ap);
    app_handle(ap, &(app_event){.type = EV_TAP, .now_ms = now, .x = 640, .y = 400});
    CHECK(app_screen(ap) != SCREEN_ATTRACT);
    now += QUIET_MS;
    CHECK(!reloader_poll(r, ap, now));
    CHECK(reloader_has_pending(r));
    str_format(bad_file, sizeof bad_file, "%s/en/ui.json", live);
    write_file(bad_file, "{\"strings\": {");
    now += 10;
    reloader_poll(r, ap, now);
    now += QUIET_MS;
    CHECK(!reloader_poll(r, ap, now));
    CHECK(reloader_loads(r) == 7);
    CHECK(!reloader_has_pending(r));
    staff_result last;
    reloader_last(r, &last);
    CHECK_MSG(last.kind == RESULT_REJECTED && strcmp(last.version, "b.0") == 0, "%d %s", last.kind,
              last.version);

    app_destroy(ap);
    reloader_destroy(r);
    tree_remove(root);
    return check_done("reload");
}
