/* test_import: the staff screen's USB import and roll-back (import.h,
 * staff.c) on real folders and the shipped content, with the worker thread:
 * a drive folder that changes during the import, special files, the import
 * button acting on the folder listed, a roll-back whose list cannot be
 * written, and roll-back walking back, never forward.
 * LANTERN_CONTENT: the shipped content folder. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "content_tree.h"
#include "content/load.h"
#include "core/app.h"
#include "core/config.h"
#include "core/draw.h"
#include "core/util.h"
#include "fake_metrics.h"
#include "platform/contact.h"
#include "platform/import.h"
#include "platform/platform.h"
#include "platform/reload.h"
#include "platform/staff.h"

static char root[PATH_MAX];
static const char *shipped;

/* A copy of the shipped content as version `version`, at dir. */
static void make_version(const char *dir, const char *version)
{
    copy_version(shipped, dir, version);
}

/* One test's folders, named after it under root: a drive (usb), the kiosk's
 * data folder, and live content at version "a" (folder a) behind the
 * symlink link. Each buffer holds PATH_MAX. */
static void set_up(const char *name, char *usb, char *data, char *a, char *link)
{
    str_format(usb, PATH_MAX, "%s/%s-usb", root, name);
    str_format(data, PATH_MAX, "%s/%s-data", root, name);
    str_format(a, PATH_MAX, "%s/%s-a", root, name);
    str_format(link, PATH_MAX, "%s/%s-live", root, name);
    mkdir(usb, 0755), mkdir(data, 0755);
    make_version(a, "a");
    CHECK(symlink(a, link) == 0);
}

static void live_real(const char *link, char *out)
{
    if (!realpath(link, out))
        out[0] = '\0';
}

static int count_imports(const char *data)
{
    DIR *d = opendir(data);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        n += strncmp(e->d_name, "content-import-", 15) == 0;
    if (d)
        closedir(d);
    return n;
}

static staff_result run_import(import_ctl *im, const char *src)
{
    staff_result now, done = {0};
    CHECK(import_start(im, src, &now));
    CHECK(now.kind == RESULT_IMPORTING);
    import_settle(im);
    CHECK(import_take_result(im, &done));
    return done;
}

typedef struct {
    char path[PATH_MAX];
    int calls;
} change_ctx;

/* Between validating the drive's folder and copying it, another version is
 * written over one of its files (a staff member saving to the drive). */
static void change_during(void *ctx, const char *step)
{
    change_ctx *c = ctx;
    if (strcmp(step, "validated") == 0) {
        c->calls++;
        make_version(c->path, "changed-midway");
    }
}

static void changing_folder(void)
{
    char usb[PATH_MAX], data[PATH_MAX], a[PATH_MAX], link[PATH_MAX], src[PATH_MAX],
        before[PATH_MAX], after[PATH_MAX];
    set_up("changing", usb, data, a, link);
    str_format(src, sizeof src, "%s/new", usb);
    make_version(src, "new");
    live_real(link, before);
    import_ctl *im = import_create(data, link, NULL);
    change_ctx c = {.calls = 0};
    str_copy(c.path, sizeof c.path, src);
    import_set_step_hook(im, change_during, &c);
    staff_result r = run_import(im, src);
    CHECK(c.calls == 1);
    CHECK_MSG(r.kind == RESULT_IMPORT_BAD, "kind %d", r.kind);
    CHECK_MSG(strstr(r.detail, "manifest.json changed on the drive during the import") != NULL,
              "%s", r.detail);
    live_real(link, after);
    CHECK_MSG(strcmp(before, after) == 0, "the link moved to %s", after);
    CHECK(count_imports(data) == 0); /* the copy was removed */
    /* Once the drive is quiet, the same folder imports whole. */
    import_set_step_hook(im, NULL, NULL);
    r = run_import(im, src);
    CHECK_MSG(r.kind == RESULT_IMPORTED && strcmp(r.version, "changed-midway") == 0, "kind %d %s",
              r.kind, r.version);
    import_destroy(im);
}

static void special_files(void)
{
    char usb[PATH_MAX], data[PATH_MAX], a[PATH_MAX], link[PATH_MAX], src[PATH_MAX], path[PATH_MAX];
    set_up("special", usb, data, a, link);
    import_ctl *im = import_create(data, link, NULL);
    /* A FIFO as a module file: refused at once, by name (never a hang). */
    str_format(src, sizeof src, "%s/fifo", usb);
    make_version(src, "fifo");
    str_format(path, sizeof path, "%s/en/zz-extra.json", src);
    CHECK(mkfifo(path, 0644) == 0);
    staff_result r = run_import(im, src);
    CHECK_MSG(r.kind == RESULT_IMPORT_BAD &&
                  strcmp(r.detail, "en/zz-extra.json is a FIFO (named pipe): only regular "
                                   "files are imported") == 0,
              "%d %s", r.kind, r.detail);
    CHECK(strcmp(r.folder, "fifo") == 0);
    /* A symbolic link to a file elsewhere on the drive. */
    str_format(src, sizeof src, "%s/linked", usb);
    make_version(src, "linked");
    str_format(path, sizeof path, "%s/en/ui.json", src);
    char target[PATH_MAX];
    str_format(target, sizeof target, "%s/fifo/en/ui.json", usb);
    unlink(path);
    CHECK(symlink(target, path) == 0);
    r = run_import(im, src);
    CHECK_MSG(r.kind == RESULT_IMPORT_BAD &&
                  strstr(r.detail, "en/ui.json is a symbolic link") == r.detail,
              "%d %s", r.kind, r.detail);
    CHECK(strstr(r.detail, root) == NULL); /* no internal path on the staff screen */
    CHECK(count_imports(data) == 0);
    /* A message too long for the screen is cut between words, never inside one. */
    str_format(src, sizeof src, "%s/long", usb);
    make_version(src, "long");
    char deep[PATH_MAX], rel[PATH_MAX] = "";
    str_copy(deep, sizeof deep, src);
    for (int i = 0; i < 4; i++) {
        char part[80];
        str_format(part, sizeof part, "folder %d with a rather long descriptive name for testing",
                   i);
        str_append(deep, sizeof deep, "/");
        str_append(deep, sizeof deep, part);
        str_append(rel, sizeof rel, rel[0] ? "/" : "");
        str_append(rel, sizeof rel, part);
        mkdir(deep, 0755);
    }
    str_append(deep, sizeof deep, "/pipe");
    CHECK(mkfifo(deep, 0644) == 0);
    r = run_import(im, src);
    size_t len = strlen(r.detail);
    CHECK_MSG(r.kind == RESULT_IMPORT_BAD && len > 3 && len < sizeof r.detail &&
                  strcmp(r.detail + len - 3, "...") == 0,
              "%d %s", r.kind, r.detail);
    char whole[PATH_MAX + 100];
    str_format(whole, sizeof whole,
               "%s/pipe is a FIFO (named pipe): only regular files are imported", rel);
    CHECK_MSG(len > 3 && strncmp(whole, r.detail, len - 3) == 0 && strchr(" ,:", whole[len - 3]),
              "cut inside a word: %s", r.detail);
    /* A broken module: the message names the file inside the drive's folder. */
    str_format(src, sizeof src, "%s/broken", usb);
    make_version(src, "broken");
    str_format(path, sizeof path, "%s/en/ui.json", src);
    write_file(path, "{\"strings\": {");
    r = run_import(im, src);
    CHECK_MSG(r.kind == RESULT_IMPORT_BAD && strncmp(r.detail, "en/ui.json:", 11) == 0, "%d %s",
              r.kind, r.detail);
    import_destroy(im);
}

/* Roll-back walks back; a list that cannot be written stops it, loudly. */
static void roll_back_walk(void)
{
    char usb[PATH_MAX], data[PATH_MAX], a[PATH_MAX], link[PATH_MAX], b[PATH_MAX], c[PATH_MAX],
        live[PATH_MAX], live_b[PATH_MAX], block[PATH_MAX];
    set_up("walk", usb, data, a, link);
    str_format(b, sizeof b, "%s/b", usb);
    str_format(c, sizeof c, "%s/c", usb);
    make_version(b, "b");
    make_version(c, "c");
    import_ctl *im = import_create(data, link, NULL);
    CHECK(!import_can_roll_back(im));
    CHECK(run_import(im, b).kind == RESULT_IMPORTED);
    live_real(link, live_b);
    CHECK(strncmp(live_b, data, strlen(data)) == 0); /* the copy is in the data folder */
    CHECK(run_import(im, c).kind == RESULT_IMPORTED);
    CHECK(count_imports(data) == 2);
    /* The list cannot be written (here: its temporary name is taken by a
     * folder; on a kiosk, a full disk): nothing switches, and staff are told. */
    str_format(block, sizeof block, "%s/%s.new", data, IMPORT_HISTORY_NAME);
    mkdir(block, 0755);
    char before[PATH_MAX];
    live_real(link, before);
    staff_result r;
    import_roll_back(im, &r);
    CHECK_MSG(r.kind == RESULT_ROLLBACK_FULL, "kind %d", r.kind);
    live_real(link, live);
    CHECK(strcmp(live, before) == 0);
    CHECK(import_can_roll_back(im));
    rmdir(block);
    /* Then: back to b, back to a, and no further; never forward to c. */
    import_roll_back(im, &r);
    CHECK(r.kind == RESULT_ROLLED_BACK);
    live_real(link, live);
    CHECK_MSG(strcmp(live, live_b) == 0, "first roll-back went to %s", live);
    CHECK(count_imports(data) == 1); /* c, withdrawn, is removed */
    import_roll_back(im, &r);
    CHECK(r.kind == RESULT_ROLLED_BACK);
    live_real(link, live);
    char real_a[PATH_MAX];
    live_real(a, real_a);
    CHECK_MSG(strcmp(live, real_a) == 0, "second roll-back went to %s", live);
    import_roll_back(im, &r);
    CHECK(r.kind == RESULT_NO_ROLLBACK);
    live_real(link, live);
    CHECK(strcmp(live, real_a) == 0);
    CHECK(!import_can_roll_back(im));
    import_destroy(im);
}

/* While a copy runs, a second import or a roll-back changes nothing: the
 * worker is held inside its "validated" step until the loop has tried. */
typedef struct {
    int entered[2], release[2];
} hold_ctx;

static void hold_worker(void *ctx, const char *step)
{
    hold_ctx *h = ctx;
    if (strcmp(step, "validated") != 0)
        return;
    char c = 1;
    if (write(h->entered[1], &c, 1) != 1 || read(h->release[0], &c, 1) != 1)
        abort();
}

static void one_at_a_time(void)
{
    char usb[PATH_MAX], data[PATH_MAX], a[PATH_MAX], link[PATH_MAX], b[PATH_MAX], c[PATH_MAX],
        live[PATH_MAX];
    set_up("busy", usb, data, a, link);
    str_format(b, sizeof b, "%s/b", usb);
    str_format(c, sizeof c, "%s/c", usb);
    make_version(b, "b");
    make_version(c, "c");
    import_ctl *im = import_create(data, link, NULL);
    hold_ctx h;
    CHECK(pipe(h.entered) == 0 && pipe(h.release) == 0);
    import_set_step_hook(im, hold_worker, &h);
    staff_result now, done;
    CHECK(import_start(im, b, &now));
    char x;
    /* The worker is inside the import (a hang guard only: it answers at once). */
    struct pollfd pfd = {.fd = h.entered[0], .events = POLLIN};
    bool entered = poll(&pfd, 1, 120000) == 1 && read(h.entered[0], &x, 1) == 1;
    CHECK_MSG(entered, "the import never reached its \"validated\" step");
    if (!entered) {
        import_set_step_hook(im, NULL, NULL);
        import_destroy(im);
        return;
    }
    CHECK(import_busy(im));
    CHECK(!import_take_result(im, &done));
    CHECK(!import_start(im, c, &now));
    CHECK(now.kind == RESULT_IMPORTING && strcmp(now.folder, "b") == 0);
    import_roll_back(im, &now);
    CHECK(now.kind == RESULT_IMPORTING);
    CHECK(write(h.release[1], &x, 1) == 1);
    import_settle(im);
    CHECK(import_take_result(im, &done));
    CHECK_MSG(done.kind == RESULT_IMPORTED && strcmp(done.version, "b") == 0, "%d %s", done.kind,
              done.version);
    CHECK(!import_busy(im));
    live_real(link, live);
    CHECK(strncmp(live, data, strlen(data)) == 0);
    import_destroy(im);
    close(h.entered[0]), close(h.entered[1]), close(h.release[0]), close(h.release[1]);
}

/* The staff screen's import button imports the folder it names, even when
 * the drive's list changed after it was drawn. */
static void button_by_name(void)
{
    char usb[PATH_MAX], data[PATH_MAX], a[PATH_MAX], link[PATH_MAX], first[PATH_MAX],
        second[PATH_MAX];
    set_up("button", usb, data, a, link);
    str_format(first, sizeof first, "%s/first", usb);
    str_format(second, sizeof second, "%s/second", usb);
    make_version(first, "first");
    make_version(second, "second");
    config cfg;
    config_defaults(&cfg);
    str_copy(cfg.data_dir, sizeof cfg.data_dir, data);
    str_copy(cfg.content_dir, sizeof cfg.content_dir, link);
    str_copy(cfg.usb_dir, sizeof cfg.usb_dir, usb);
    diag_list diags = {0};
    content_set *set = content_load(link, NULL, &diags);
    diag_list_free(&diags);
    CHECK(set != NULL);
    if (!set)
        return;
    reloader *r = reloader_create(link, set, NULL);
    app *ap = app_create(set, &FAKE_METRICS, 1280, 720, (app_timing){120000, 20000});
    contact *form = contact_create(&cfg);
    contact_attach(form, ap);
    staff_ctl *s = staff_create(&cfg, 1764950000);
    bool changed = false;
    app_pin_result(ap, ROLE_STAFF, 0, 0);
    staff_poll(s, ap, r, form, 1764950000, 0, &changed);
    app_present(ap);
    /* What the button says, from the content's own words. */
    const char *imp = content_ui(&set->langs[set->default_lang], "staff.import");
    char label[300];
    str_format(label, sizeof label, "%s: second", imp);
    const draw_list *dl = app_frame(ap);
    const draw_item *button = NULL;
    for (int i = 0; i < dl->item_count; i++)
        if ((size_t)dl->items[i].len == strlen(label) &&
            memcmp(dl->items[i].text, label, strlen(label)) == 0)
            button = &dl->items[i];
    CHECK_MSG(button != NULL, "no button \"%s\"", label);
    if (button) {
        int x = button->r.x + button->r.w / 2, y = button->r.y + button->r.h / 2;
        /* The drive changes between drawing and the tap: "first" goes away
         * and a folder that lists before "second" arrives. */
        tree_remove(first);
        char other[PATH_MAX];
        str_format(other, sizeof other, "%s/aaa", usb);
        make_version(other, "aaa");
        app_handle(ap, &(app_event){.type = EV_TAP, .now_ms = 10, .x = x, .y = y});
        staff_poll(s, ap, r, form, 1764950000, 10, &changed);
        staff_settle(s);
        staff_poll(s, ap, r, form, 1764950000, 20, &changed);
        char live[PATH_MAX];
        live_real(link, live);
        diag_list d2 = {0};
        content_set *now = content_load(live, NULL, &d2);
        diag_list_free(&d2);
        CHECK_MSG(now && strcmp(now->version, "second") == 0, "imported %s",
                  now ? now->version : "(nothing)");
        content_destroy(now);
    }
    staff_destroy(s);
    contact_destroy(form);
    app_destroy(ap);
    reloader_destroy(r);
}

int main(void)
{
    shipped = getenv("LANTERN_CONTENT");
    if (!shipped)
        shipped = "content";
    log_set_quiet(true);
    str_format(root, sizeof root, "%s/lantern-test-import-XXXXXX",
               getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(root)) {
        perror("mkdtemp");
        return 1;
    }
    changing_folder();
    special_files();
    roll_back_walk();
    one_at_a_time();
    button_by_name();
    tree_remove(root);
    return check_done("import");
}
