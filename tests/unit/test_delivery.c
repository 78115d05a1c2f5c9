/* The kiosk side of "Copy requests to USB" (platform/delivery.h): a real
 * tmpfs mounted as the "USB drive" in a private mount namespace (as root, as
 * tests/e2e/form.py does for a full disk; in a user namespace when not root),
 * the real kiosk database. */
#define _GNU_SOURCE
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <stdio.h>

#include "check.h"
#include "core/request.h"
#include "core/util.h"
#include "platform/delivery.h"
#include "platform/handoff_job.h"
#include "store/store_handoff.h"

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    CHECK_MSG(f && fputs(text, f) >= 0 && fclose(f) == 0, "%s", path);
}

static int child(const char *base)
{
    char media[600], drive[700], disk[700], db[700], keys[700], pub[800], err[1400];
    str_format(media, sizeof media, "%s/media", base);
    str_format(drive, sizeof drive, "%s/ana/USBSTICK", media);
    str_format(disk, sizeof disk, "%s/not-a-drive", media);
    mkdir(media, 0755);
    str_format(db, sizeof db, "%s/ana", media);
    mkdir(db, 0755);
    mkdir(drive, 0755);
    mkdir(disk, 0755);
    /* The "USB drive": a small tmpfs of its own, in a private mount namespace
     * (in a user namespace too when not root, where mounting a tmpfs is allowed). */
    if (geteuid() != 0) {
        char map[64];
        uid_t uid = getuid();
        gid_t gid = getgid();
        CHECK(unshare(CLONE_NEWUSER | CLONE_NEWNS) == 0);
        write_file("/proc/self/setgroups", "deny");
        str_format(map, sizeof map, "0 %d 1", (int)uid);
        write_file("/proc/self/uid_map", map);
        str_format(map, sizeof map, "0 %d 1", (int)gid);
        write_file("/proc/self/gid_map", map);
    } else {
        CHECK(unshare(CLONE_NEWNS) == 0);
    }
    CHECK(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0);
    CHECK(mount("tmpfs", drive, "tmpfs", 0, "size=4m") == 0);
    char targets[DELIVERY_TARGETS_MAX][DELIVERY_PATH_MAX];
    int n = delivery_usb_targets(media, targets, DELIVERY_TARGETS_MAX);
    CHECK_MSG(n == 1 && strcmp(targets[0], drive) == 0, "%d targets", n);

    str_format(keys, sizeof keys, "%s/keys", base);
    str_format(pub, sizeof pub, "%s/%s", keys, STORE_PUBLIC_KEY_NAME);
    str_format(db, sizeof db, "%s/%s", base, STORE_DB_NAME);
    store_public_key pk;
    CHECK(store_keygen(keys, false, err, sizeof err) &&
          store_load_public_key(pub, &pk, err, sizeof err));
    store_status st;
    store *s = store_open(db, &st, err, sizeof err);
    CHECK(s != NULL);
    if (!s)
        return 1;
    int count = -1;
    char msg[1600];
    CHECK(delivery_copy_to_usb(s, "annex-1", drive, 1795000000, &count, msg, sizeof msg) &&
          count == 0);
    for (int i = 0; i < 3; i++) {
        contact_request r = {0};
        str_format(r.name, sizeof r.name, "Usb %d", i);
        str_copy(r.phone, sizeof r.phone, "2135550100");
        str_copy(r.best_time, sizeof r.best_time, "evening");
        str_copy(r.language, sizeof r.language, "en");
        str_copy(r.voicemail_ok, sizeof r.voicemail_ok, "no");
        str_copy(r.topic, sizeof r.topic, "other");
        str_copy(r.consent_version, sizeof r.consent_version, "2026-11-01");
        char payload[REQUEST_ENCODED_MAX];
        size_t len = request_encode(&r, payload, sizeof payload);
        CHECK(store_submit(s, &pk, payload, len, 1795000000 + i, NULL) == STORE_OK);
    }
    store_outbox_health h;
    CHECK(delivery_health(s, &h) && h.waiting == 3 && h.oldest_waiting == 1795000000 &&
          h.last_handoff == 0);
    CHECK(delivery_copy_to_usb(s, "annex-1", drive, 1795000100, &count, msg, sizeof msg) &&
          count == 3);
    CHECK(strstr(msg, "3 requests copied") && !strstr(msg, "Usb"));
    CHECK(delivery_health(s, &h) && h.waiting == 0 && h.last_handoff == 1795000100);
    /* The file on the drive parses and holds the three sealed records. */
    char file[900];
    str_format(file, sizeof file, "%s/lantern-requests-annex-1-20261118-110820.txt", drive);
    FILE *f = fopen(file, "rb");
    CHECK_MSG(f != NULL, "%s", file);
    if (f) {
        static unsigned char buf[1 << 16];
        size_t len = fread(buf, 1, sizeof buf, f);
        fclose(f);
        store_handoff_info info;
        CHECK(store_handoff_parse(buf, len, &info, NULL, NULL, err, sizeof err) &&
              info.count == 3 && strcmp(info.kiosk, "annex-1") == 0);
        CHECK(!memmem(buf, len, "Usb", 3));
        /* One changed byte: refused whole. */
        buf[len / 2] ^= 1;
        CHECK(!store_handoff_parse(buf, len, &info, NULL, NULL, err, sizeof err));
    }
    /* A full drive: nothing marked, no file left under the final name. */
    for (int i = 0; i < 3; i++) {
        contact_request r = {0};
        str_copy(r.name, sizeof r.name, "Later");
        str_copy(r.phone, sizeof r.phone, "2135550100");
        str_copy(r.best_time, sizeof r.best_time, "evening");
        str_copy(r.language, sizeof r.language, "en");
        str_copy(r.voicemail_ok, sizeof r.voicemail_ok, "no");
        str_copy(r.topic, sizeof r.topic, "other");
        str_copy(r.consent_version, sizeof r.consent_version, "2026-11-01");
        char payload[REQUEST_ENCODED_MAX];
        size_t len = request_encode(&r, payload, sizeof payload);
        CHECK(store_submit(s, &pk, payload, len, 1795000200 + i, NULL) == STORE_OK);
    }
    char filler[800];
    str_format(filler, sizeof filler, "%s/filler", drive);
    FILE *fill = fopen(filler, "wb");
    static char block[65536];
    while (fill && fwrite(block, 1, sizeof block, fill) == sizeof block)
        ;
    if (fill)
        fclose(fill);
    CHECK(!delivery_copy_to_usb(s, "annex-1", drive, 1795000300, &count, msg, sizeof msg) &&
          count == 0 && strstr(msg, "Nothing was copied: lantern-requests-annex-1-") &&
          !strstr(msg, base));
    CHECK(delivery_health(s, &h) && h.waiting == 3);

    /* The staff screen's worker (handoff_job): its own connection to the
     * database, the drive found under the media folder, messages that name
     * the drive by its label and never the kiosk's paths. */
    handoff_job *job = handoff_job_create(db, media, "annex-1");
    CHECK(job != NULL);
    staff_result now, res;
    CHECK(handoff_job_start(job, 1795000400, &now) && now.kind == RESULT_HANDOFF_COPYING);
    CHECK(handoff_job_busy(job) && !handoff_job_start(job, 1795000401, &now));
    handoff_job_settle(job);
    CHECK(handoff_job_take_result(job, &res) && res.kind == RESULT_HANDOFF_FULL &&
          strcmp(res.folder, "USBSTICK") == 0 && !strstr(res.detail, base) &&
          strstr(res.detail, "lantern-requests-annex-1-"));
    CHECK(!handoff_job_busy(job) && !handoff_job_take_result(job, &res));
    CHECK(delivery_health(s, &h) && h.waiting == 3);
    unlink(filler);
    CHECK(handoff_job_start(job, 1795000500, &now));
    handoff_job_settle(job);
    CHECK_MSG(handoff_job_take_result(job, &res) && res.kind == RESULT_HANDOFF_DONE &&
                  res.count == 3 && strcmp(res.folder, "USBSTICK") == 0,
              "kind %d count %d detail %s", res.kind, res.count, res.detail);
    CHECK(delivery_health(s, &h) && h.waiting == 0 && h.last_handoff == 1795000500);
    CHECK(handoff_job_start(job, 1795000600, &now));
    handoff_job_settle(job);
    CHECK(handoff_job_take_result(job, &res) && res.kind == RESULT_HANDOFF_NONE);
    /* The drive pulled out: nothing to write to, said as such. */
    CHECK(umount(drive) == 0);
    CHECK(handoff_job_start(job, 1795000700, &now));
    handoff_job_settle(job);
    CHECK(handoff_job_take_result(job, &res) && res.kind == RESULT_HANDOFF_NO_DRIVE);
    handoff_job_destroy(job);
    store_close(s);
    umount(drive);
    return check_done("test_delivery");
}

int main(void)
{
    char base[] = "/tmp/lantern-delivery-XXXXXX";
    if (!mkdtemp(base))
        return 1;
    pid_t pid = fork();
    if (pid == 0) {
        int rc = child(base);
        fflush(stdout);
        _exit(rc);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    char cmd[600];
    str_format(cmd, sizeof cmd, "rm -rf -- '%s'", base);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", base);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
