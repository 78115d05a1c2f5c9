/* Storage errors the store must survive, set up through SQLite directly:
 * - a full database: store_set_max_pages (SQLITE_FULL), always;
 * - a read-only database: a second handle opened read-only
 *   (store_open_staff(path, false), SQLITE_OPEN_READONLY), always; another
 *   writer holding the lock; a damaged sealed blob; a newer schema;
 * - a real full disk (ENOSPC) and a real read-only file system (EROFS): in a
 *   forked child with its own mount namespace (unshare + a small tmpfs),
 *   when the test may mount (root); otherwise reported as skipped. */
#define _GNU_SOURCE
#include "store_fixture.h"

/* ---- storage errors ---- */

/* A case's own folder, base/name (dir, at least 600 bytes), with a new
 * database in it (db, at least 700), opened; *pk gets the public key the
 * tests seal to (base/keys, made in main). NULL when it cannot be opened. */
static store *open_case(const char *base, const char *name, char *dir, char *db,
                        store_public_key *pk)
{
    char err[1400], pub[700];
    str_format(dir, 600, "%s/%s", base, name);
    str_format(db, 700, "%s/%s", dir, STORE_DB_NAME);
    str_format(pub, sizeof pub, "%s/keys/%s", base, STORE_PUBLIC_KEY_NAME);
    mkdir(dir, 0700);
    CHECK_MSG(store_load_public_key(pub, pk, err, sizeof err), "%s", err);
    store_status st;
    store *s = store_open(db, &st, err, sizeof err);
    CHECK_MSG(s != NULL, "%s", err);
    return s;
}

static void test_full(const char *base)
{
    char dir[600], db[700], err[1400];
    store_public_key pk;
    store *s = open_case(base, "full", dir, db, &pk);
    if (!s)
        return;
    CHECK(store_set_max_pages(s, 8) == STORE_OK);
    int saved = 0;
    store_status last = STORE_OK;
    for (int i = 0; i < 200 && last == STORE_OK; i++) {
        contact_request r = sample("Full Disk", "3235550103", "full@example.org");
        last = submit(s, &pk, &r, T0 + i, NULL);
        saved += last == STORE_OK;
    }
    CHECK(last == STORE_FULL);
    CHECK(saved > 0);
    CHECK(strcmp(store_status_text(STORE_FULL), "the disk is full") == 0);
    int waiting = 0;
    int64_t oldest = 0;
    CHECK(store_waiting(s, &waiting, &oldest) == STORE_OK && waiting == saved);
    CHECK(store_check(s, err, sizeof err) == STORE_OK);
    /* Once there is room again, saving works again. */
    CHECK(store_set_max_pages(s, 100000) == STORE_OK);
    contact_request r = sample("Room Again", "3235550104", "");
    CHECK(submit(s, &pk, &r, T0 + 300, NULL) == STORE_OK);
    store_close(s);
}

static void test_readonly_busy_corrupt(const char *base)
{
    char dir[600], db[700], err[1400];
    store_public_key pk;
    store_status st;
    store *s = open_case(base, "ro", dir, db, &pk);
    if (!s)
        return;
    contact_request r = sample("Read Only", "3235550105", "");
    CHECK(submit(s, &pk, &r, T0, NULL) == STORE_OK);

    /* Read-only: a second handle opened with SQLITE_OPEN_READONLY. */
    store *ro = store_open_staff(db, false, &st, err, sizeof err);
    CHECK(ro != NULL);
    if (ro) {
        CHECK(submit(ro, &pk, &r, T0 + 1, NULL) == STORE_READONLY);
        int waiting = 0;
        int64_t oldest = 0;
        CHECK(store_waiting(ro, &waiting, &oldest) == STORE_OK && waiting == 1);
        store_close(ro);
    }

    /* Locked: another writer holds the lock past the busy timeout. */
    sqlite3 *raw = NULL;
    CHECK(sqlite3_open(db, &raw) == SQLITE_OK);
    CHECK(sqlite3_exec(raw, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK);
    CHECK(store_set_busy_timeout(s, 50) == STORE_OK);
    CHECK(submit(s, &pk, &r, T0 + 2, NULL) == STORE_BUSY);
    sqlite3_exec(raw, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(raw);
    CHECK(submit(s, &pk, &r, T0 + 3, NULL) == STORE_OK);
    int waiting = 0;
    int64_t oldest = 0;
    CHECK(store_waiting(s, &waiting, &oldest) == STORE_OK && waiting == 2);
    store_close(s);

    /* Not a database: corrupt, with a clear message; nothing crashes. */
    char junk[700];
    str_format(junk, sizeof junk, "%s/junk.db", dir);
    char noise[8192];
    for (size_t i = 0; i < sizeof noise; i++)
        noise[i] = (char)(i * 7919 % 251);
    FILE *f = fopen(junk, "wb");
    if (f) {
        fwrite(noise, 1, sizeof noise, f);
        fclose(f);
    }
    s = store_open(junk, &st, err, sizeof err);
    CHECK(!s && st == STORE_CORRUPT && strstr(err, junk));
    s = store_open_staff(junk, false, &st, err, sizeof err);
    CHECK(!s && st == STORE_CORRUPT);
    /* A database that is not Lantern's. */
    char foreign[700];
    str_format(foreign, sizeof foreign, "%s/foreign.db", dir);
    CHECK(sqlite3_open(foreign, &raw) == SQLITE_OK);
    sqlite3_exec(raw, "CREATE TABLE t(x)", NULL, NULL, NULL);
    sqlite3_close(raw);
    s = store_open_staff(foreign, true, &st, err, sizeof err);
    CHECK(!s && st == STORE_CORRUPT && strstr(err, "not a Lantern request database"));
    /* A newer schema is refused by name, by the kiosk and the staff tool, and left as it is. */
    CHECK(sqlite3_open(db, &raw) == SQLITE_OK);
    sqlite3_exec(raw, "UPDATE meta SET value = '4' WHERE key = 'schema_version'", NULL, NULL, NULL);
    sqlite3_close(raw);
    s = store_open(db, &st, err, sizeof err);
    CHECK(!s && st == STORE_CORRUPT && strstr(err, "schema version 4"));
    s = store_open_staff(db, false, &st, err, sizeof err);
    CHECK(!s && st == STORE_CORRUPT && strstr(err, "schema version 4"));
    CHECK(sqlite3_open(db, &raw) == SQLITE_OK);
    sqlite3_stmt *vq = NULL;
    char vtext[8] = "";
    if (sqlite3_prepare_v2(raw, "SELECT value FROM meta WHERE key = 'schema_version'", -1, &vq, NULL) == SQLITE_OK &&
        sqlite3_step(vq) == SQLITE_ROW)
        str_copy(vtext, sizeof vtext, (const char *)sqlite3_column_text(vq, 0));
    sqlite3_finalize(vq);
    sqlite3_close(raw);
    CHECK(strcmp(vtext, "4") == 0);
    /* A damaged page: the integrity check says so. */
    char bad[700];
    str_format(bad, sizeof bad, "%s/damaged.db", dir);
    CHECK(sqlite3_open(bad, &raw) == SQLITE_OK);
    sqlite3_exec(raw, "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT); INSERT INTO meta VALUES('schema_version','1');"
                      "CREATE TABLE requests(id INTEGER PRIMARY KEY, created_at INTEGER NOT NULL, format INTEGER NOT NULL,"
                      " status TEXT NOT NULL, status_at INTEGER NOT NULL, sealed BLOB NOT NULL);"
                      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 200)"
                      " INSERT INTO requests SELECT i, 0, 1, 'new', 0, randomblob(300) FROM n;",
                 NULL, NULL, NULL);
    sqlite3_close(raw);
    int fd = open(bad, O_WRONLY);
    if (fd >= 0) {
        CHECK(pwrite(fd, noise, 4096, 4096 * 3) == 4096);
        close(fd);
    }
    s = store_open_staff(bad, false, &st, err, sizeof err);
    if (s) {
        CHECK(store_check(s, err, sizeof err) == STORE_CORRUPT);
        seen_records seen = {0};
        CHECK(store_each(s, NULL, NULL, collect, &seen) != STORE_OK);
        store_close(s);
    } else {
        CHECK(st == STORE_CORRUPT);
    }
}

/* A real full disk and a real read-only file system, in a child with its own
 * mount namespace. Returns 0 passed, 1 failed, 77 cannot mount here. */
static int fs_child(const char *base)
{
    char mnt[600], db[700], filler[700], err[1400], pub[700];
    str_format(mnt, sizeof mnt, "%s/mnt", base);
    str_format(db, sizeof db, "%s/%s", mnt, STORE_DB_NAME);
    str_format(filler, sizeof filler, "%s/filler", mnt);
    str_format(pub, sizeof pub, "%s/keys/%s", base, STORE_PUBLIC_KEY_NAME);
    store_public_key pk;
    if (!store_load_public_key(pub, &pk, err, sizeof err))
        return 1;
    mkdir(mnt, 0700);
    if (unshare(CLONE_NEWNS) != 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
        mount("tmpfs", mnt, "tmpfs", 0, "size=512k") != 0)
        return 77;
    check_failed = 0;
    store_status st;
    store *s = store_open(db, &st, err, sizeof err);
    CHECK(s != NULL);
    if (!s)
        return 1;
    contact_request r = sample("Disk Full", "3235550106", "");
    CHECK(submit(s, &pk, &r, T0, NULL) == STORE_OK);
    /* Fill the file system to the last byte. */
    FILE *f = fopen(filler, "wb");
    char block[4096] = {0};
    while (f && fwrite(block, 1, sizeof block, f) == sizeof block && fflush(f) == 0)
        ;
    while (f && fwrite(block, 1, 1, f) == 1 && fflush(f) == 0)
        ;
    if (f)
        fclose(f);
    store_status last = STORE_OK;
    int saved = 1;
    for (int i = 0; i < 100 && last == STORE_OK; i++) {
        last = submit(s, &pk, &r, T0 + 1 + i, NULL);
        saved += last == STORE_OK;
    }
    CHECK_MSG(last == STORE_FULL, "got %s", store_status_text(last));
    int waiting = 0;
    int64_t oldest = 0;
    CHECK(store_waiting(s, &waiting, &oldest) == STORE_OK && waiting == saved);
    CHECK(store_check(s, err, sizeof err) == STORE_OK);
    unlink(filler);
    CHECK(submit(s, &pk, &r, T0 + 200, NULL) == STORE_OK);
    /* With the database open for writing, the file system cannot be made read-only (EBUSY). */
    CHECK(mount(NULL, mnt, NULL, MS_REMOUNT | MS_RDONLY, NULL) != 0 && errno == EBUSY);
    store_close(s);
    /* Read-only file system: opening gives STORE_READONLY and a clear message. */
    CHECK(mount(NULL, mnt, NULL, MS_REMOUNT | MS_RDONLY, NULL) == 0);
    s = store_open(db, &st, err, sizeof err);
    CHECK_MSG(!s && st == STORE_READONLY, "%s", err);
    CHECK(strstr(err, "read-only"));
    store_close(s);
    /* The staff tool can still read it there (a copy on read-only media). */
    store *ro = store_open_staff(db, false, &st, err, sizeof err);
    CHECK_MSG(ro != NULL, "%s", err);
    if (ro) {
        CHECK(store_waiting(ro, &waiting, &oldest) == STORE_OK && waiting == saved + 1);
        CHECK(submit(ro, &pk, &r, T0 + 300, NULL) == STORE_READONLY);
        store_close(ro);
    }
    umount(mnt);
    return check_failed ? 1 : 0;
}

static void test_real_fs(const char *base)
{
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid == 0)
        _exit(fs_child(base));
    int status = 0;
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status));
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (code == 77)
        printf("test_store: skipped the real full-disk and read-only file system cases (cannot mount here)\n");
    else
        CHECK_MSG(code == 0, "the full-disk / read-only file system child failed (%d)", code);
}

int main(void)
{
    log_set_quiet(true);
    char buf[600];
    char *dir = fixture_dir(buf, sizeof buf);
    CHECK(dir != NULL);
    if (!dir)
        return check_done("test_store_errors");
    /* The key pair the tests seal to (test_store.c's test_keys makes the same). */
    char keys[700], err[1400];
    str_format(keys, sizeof keys, "%s/keys", dir);
    CHECK(store_keygen(keys, false, err, sizeof err));
    test_full(dir);
    test_readonly_busy_corrupt(dir);
    test_real_fs(dir);
    rm_tree(dir);
    return check_done("test_store_errors");
}
