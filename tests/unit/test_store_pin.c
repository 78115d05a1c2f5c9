/* The staff and facilitator PINs (store/store_pin.c) and `lanternctl
 * set-pin`: Argon2id hashes, atomic replacement, the lockout file. */
#define _GNU_SOURCE
#include "store_fixture.h"

/* ---- PINs ---- */

/* run_ctl with stdin read from a file holding input (removed afterwards). */
static int run_ctl_in(const char *input, const char *in_path, const char *out_path, const char *err_path, int argc,
                      const char **argv)
{
    write_file(in_path, input);
    int si = dup(0);
    int fi = open(in_path, O_RDONLY);
    dup2(fi, 0);
    close(fi);
    int rc = run_ctl(out_path, err_path, argc, argv);
    dup2(si, 0);
    close(si);
    unlink(in_path);
    return rc;
}

/* The names in dir (not starting with "."), sorted, space-separated; hidden
 * files are listed with their dot so that leftovers show. */
static void list_dir(const char *dir, char *out, size_t size)
{
    char names[32][256];
    int n = 0;
    out[0] = '\0';
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)) && n < 32) {
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            str_copy(names[n++], sizeof names[0], e->d_name);
    }
    if (d)
        closedir(d);
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            char t[256];
            memcpy(t, names[j], sizeof t);
            memcpy(names[j], names[j - 1], sizeof t);
            memcpy(names[j - 1], t, sizeof t);
        }
    for (int i = 0; i < n; i++) {
        str_append(out, size, i ? " " : "");
        str_append(out, size, names[i]);
    }
}

static void test_pin(const char *base)
{
    char dir[600], staff[700], fac[700], err[1400];
    str_format(dir, sizeof dir, "%s/pin", base);
    str_format(staff, sizeof staff, "%s/staff%s", dir, STORE_PIN_SUFFIX);
    str_format(fac, sizeof fac, "%s/facilitator%s", dir, STORE_PIN_SUFFIX);
    mkdir(dir, 0700);
    const char *pin = "48151623";

    /* No PIN set yet. */
    CHECK(store_pin_check(dir, "staff", pin) == -1);

    mode_t old = umask(0); /* 0600 whatever the umask */
    CHECK(store_pin_set(dir, "staff", pin, err, sizeof err));
    umask(old);
    struct stat sb;
    CHECK(lstat(staff, &sb) == 0 && S_ISREG(sb.st_mode) && (sb.st_mode & 07777) == 0600);
    size_t len;
    char *text = slurp(staff, &len);
    CHECK(text && strncmp(text, "$argon2id$v=19$m=65536,t=2,p=1$", 31) == 0);
    CHECK(text && len > 60 && text[len - 1] == '\n' && strchr(text, '\n') == text + len - 1);
    free(text);
    CHECK(!file_has(staff, pin, strlen(pin)));

    /* Right, wrong, not a PIN at all. */
    CHECK(store_pin_check(dir, "staff", pin) == 1);
    CHECK(store_pin_check(dir, "staff", "48151624") == 0);
    CHECK(store_pin_check(dir, "staff", "4815162") == 0);
    CHECK(store_pin_check(dir, "staff", "481516230") == 0);
    CHECK(store_pin_check(dir, "staff", "") == 0);
    CHECK(store_pin_check(dir, "staff", NULL) == 0);
    CHECK(store_pin_check(dir, "staff", "4815162a") == 0);
    CHECK(store_pin_check(dir, "admin", pin) == -1);

    /* Staff and facilitator PINs are separate. */
    CHECK(store_pin_check(dir, "facilitator", pin) == -1);
    CHECK(store_pin_set(dir, "facilitator", "2718", err, sizeof err));
    CHECK(store_pin_check(dir, "facilitator", "2718") == 1);
    CHECK(store_pin_check(dir, "facilitator", pin) == 0);
    CHECK(store_pin_check(dir, "staff", "2718") == 0);
    CHECK(lstat(fac, &sb) == 0 && (sb.st_mode & 07777) == 0600);

    /* Bad PINs and roles are refused with a message that does not hold the PIN. */
    const struct {
        const char *pin, *expect;
    } bad[] = {
        {"123", "too short"},       {"1234567890123", "too long"}, {"12a4", "digits only"},
        {"12 34", "digits only"},   {"", "too short"},             {"\xd9\xa1\xd9\xa2\xd9\xa3\xd9\xa4", "digits only"},
        {"-1234", "digits only"},   {"1234\n", "digits only"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        bool ok = store_pin_set(dir, "staff", bad[i].pin, err, sizeof err);
        CHECK_MSG(!ok && strstr(err, bad[i].expect) && strstr(err, "a PIN is 4 to 12 digits"), "case %zu: %s", i, err);
        CHECK(!bad[i].pin[0] || !strstr(err, bad[i].pin));
    }
    CHECK(!store_pin_set(dir, "staff", NULL, err, sizeof err));
    CHECK(!store_pin_set(dir, "admin", "1234", err, sizeof err) && strstr(err, "\"staff\" or \"facilitator\""));
    CHECK(!store_pin_set(dir, NULL, "1234", err, sizeof err));
    char nowhere[700];
    str_format(nowhere, sizeof nowhere, "%s/nowhere", base);
    CHECK(!store_pin_set(nowhere, "staff", "1234", err, sizeof err) && strstr(err, "no such folder"));
    CHECK(access(nowhere, F_OK) != 0);
    CHECK(!store_pin_set(staff, "staff", "1234", err, sizeof err) && strstr(err, "not a folder"));
    CHECK(store_pin_check(dir, "staff", pin) == 1); /* none of that changed the PIN */

    /* A new PIN replaces the old one; no temporary file is left. */
    CHECK(store_pin_set(dir, "staff", "90210", err, sizeof err));
    CHECK(store_pin_check(dir, "staff", "90210") == 1);
    CHECK(store_pin_check(dir, "staff", pin) == 0);
    char names[400];
    list_dir(dir, names, sizeof names);
    CHECK_MSG(strcmp(names, "facilitator-pin staff-pin") == 0, "%s", names);

    /* Damaged or foreign PIN files: -1, never a match. */
    const char *damaged[] = {"$argon2id$v=19$m=65536,t=2,p=1$garbage\n", "hello\n", "", "\n",
                             "$argon2i$v=19$m=32768,t=4,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA\n"};
    char dmg_dir[600], dmg[700];
    str_format(dmg_dir, sizeof dmg_dir, "%s/pin-damaged", base);
    str_format(dmg, sizeof dmg, "%s/staff%s", dmg_dir, STORE_PIN_SUFFIX);
    mkdir(dmg_dir, 0700);
    for (size_t i = 0; i < sizeof damaged / sizeof damaged[0]; i++) {
        write_file(dmg, damaged[i]);
        CHECK_MSG(store_pin_check(dmg_dir, "staff", "1234") == -1, "damaged %zu", i);
    }
    /* Two hashes in the file: not ours. */
    text = slurp(staff, &len);
    if (text) {
        char two[400];
        str_format(two, sizeof two, "%s%s", text, text);
        write_file(dmg, two);
        CHECK(store_pin_check(dmg_dir, "staff", "90210") == -1);
        free(text);
    }
    /* Unreadable (not for root, who reads anything). */
    if (geteuid() != 0) {
        chmod(staff, 0);
        CHECK(store_pin_check(dir, "staff", "90210") == -1);
        chmod(staff, 0600);
    }

    /* lanternctl set-pin: the PIN twice on stdin, never on the command line. */
    char in[700], out[700], errs[700], expect[800];
    str_format(in, sizeof in, "%s/pin-stdin.txt", base);
    str_format(out, sizeof out, "%s/pin-out.txt", base);
    str_format(errs, sizeof errs, "%s/pin-err.txt", base);
    const char *set_staff[] = {"set-pin", "--data", dir, "--role", "staff"};
    CHECK(run_ctl_in("5551212\n5551212\n", in, out, errs, 5, set_staff) == 0);
    char *o = slurp(out, &len), *e = slurp(errs, &len);
    str_format(expect, sizeof expect, "staff PIN set: %s\n", staff);
    CHECK_MSG(o && strcmp(o, expect) == 0, "%s", o ? o : "(none)");
    CHECK(e && e[0] == '\0');
    free(o);
    free(e);
    CHECK(store_pin_check(dir, "staff", "5551212") == 1);
    const char *set_fac[] = {"set-pin", "--role", "facilitator", "--data", dir};
    CHECK(run_ctl_in("2468\r\n2468", in, out, errs, 5, set_fac) == 0); /* CRLF, and no newline at the end */
    o = slurp(out, &len);
    str_format(expect, sizeof expect, "facilitator PIN set: %s\n", fac);
    CHECK(o && strcmp(o, expect) == 0);
    free(o);
    CHECK(store_pin_check(dir, "facilitator", "2468") == 1);

    /* Refusals: 1 for what was typed, 2 for bad usage; the PIN stays as it was. */
    char long_pin[300];
    memset(long_pin, '7', 200);
    str_format(long_pin + 200, sizeof long_pin - 200, "\n");
    char long_twice[600];
    str_format(long_twice, sizeof long_twice, "%s%s", long_pin, long_pin);
    const struct {
        const char *input, *expect;
    } typed[] = {
        {"1111\n2222\n", "the two PINs differ"},
        {"1111\n", "read twice from stdin"},
        {"", "read twice from stdin"},
        {"12\n12\n", "a PIN is 4 to 12 digits"},
        {"12345678901234\n12345678901234\n", "too long"},
        {long_twice, "too long"},
        {"12 34\n12 34\n", "digits only"},
    };
    for (size_t i = 0; i < sizeof typed / sizeof typed[0]; i++) {
        int rc = run_ctl_in(typed[i].input, in, out, errs, 5, set_staff);
        o = slurp(out, &len);
        e = slurp(errs, &len);
        CHECK_MSG(rc == 1 && o && o[0] == '\0' && e && strstr(e, typed[i].expect) && strstr(e, "nothing was changed"),
                  "case %zu: %d %s", i, rc, e ? e : "");
        CHECK(e && !strstr(e, "1111") && !strstr(e, "2222") && !strstr(e, "7777"));
        free(o);
        free(e);
    }
    CHECK(store_pin_check(dir, "staff", "5551212") == 1);
    const char *with_pin[] = {"set-pin", "--data", dir, "--role", "staff", "--pin", "9999"};
    const char *pin_arg[] = {"set-pin", "--data", dir, "--role", "staff", "9999"};
    const char *pin_eq[] = {"set-pin", "--data", dir, "--role", "staff", "--pin=9999"};
    const char *bad_role[] = {"set-pin", "--data", dir, "--role", "admin"};
    const char *no_role[] = {"set-pin", "--data", dir};
    const char *no_data[] = {"set-pin", "--role", "staff"};
    const char *twice[] = {"set-pin", "--data", dir, "--role", "staff", "--role", "staff"};
    const struct {
        int argc;
        const char **argv;
    } usage_cases[] = {{7, with_pin}, {6, pin_arg}, {6, pin_eq}, {5, bad_role}, {3, no_role}, {3, no_data}, {7, twice}};
    for (size_t i = 0; i < sizeof usage_cases / sizeof usage_cases[0]; i++) {
        int rc = run_ctl_in("9999\n9999\n", in, out, errs, usage_cases[i].argc, usage_cases[i].argv);
        e = slurp(errs, &len);
        CHECK_MSG(rc == 2 && e && !strstr(e, "9999"), "usage case %zu: %d %s", i, rc, e ? e : "");
        free(e);
    }
    CHECK(store_pin_check(dir, "staff", "9999") == 0);
    str_format(nowhere, sizeof nowhere, "%s/nowhere", base);
    const char *no_dir[] = {"set-pin", "--data", nowhere, "--role", "staff"};
    CHECK(run_ctl_in("4321\n4321\n", in, out, errs, 5, no_dir) == 1);
    e = slurp(errs, &len);
    CHECK(e && strstr(e, "no such folder"));
    free(e);

    /* No PIN, typed or set, is in any file of the data dir; no hash was printed. */
    const char *pins[] = {pin, "90210", "5551212", "2468", "4321"};
    for (size_t i = 0; i < sizeof pins / sizeof pins[0]; i++) {
        int seen = 0;
        CHECK_MSG(files_holding(dir, pins[i], strlen(pins[i]), &seen) == 0, "%s", pins[i]);
        CHECK(seen == 2);
    }
    list_dir(dir, names, sizeof names);
    CHECK_MSG(strcmp(names, "facilitator-pin staff-pin") == 0, "%s", names);
    CHECK(!file_has(out, "argon2", 6) && !file_has(errs, "argon2", 6));
}

static void test_lockout(const char *base)
{
    char dir[600], path[700];
    str_format(dir, sizeof dir, "%s/lockout", base);
    str_format(path, sizeof path, "%s/%s", dir, STORE_PIN_LOCKOUT_NAME);
    mkdir(dir, 0700);
    int failures = -1;
    int64_t until = -1;
    CHECK(store_pin_failures(dir, &failures, &until) && failures == 0 && until == 0);

    /* Four wrong PINs: no lock yet. */
    for (int i = 1; i <= 4; i++) {
        CHECK(store_pin_record(dir, false, T0 + i));
        CHECK(store_pin_failures(dir, &failures, &until) && failures == i && until == 0);
    }
    /* The fifth locks for 30 s, each further one doubles it. */
    mode_t old = umask(0);
    CHECK(store_pin_record(dir, false, T0 + 10));
    umask(old);
    CHECK(store_pin_failures(dir, &failures, &until) && failures == 5 && until == T0 + 40);
    struct stat sb;
    CHECK(lstat(path, &sb) == 0 && S_ISREG(sb.st_mode) && (sb.st_mode & 07777) == 0600);
    CHECK(store_pin_record(dir, false, T0 + 50));
    CHECK(store_pin_failures(dir, &failures, &until) && failures == 6 && until == T0 + 50 + 60);
    CHECK(store_pin_record(dir, false, T0 + 200));
    CHECK(store_pin_failures(dir, &failures, &until) && failures == 7 && until == T0 + 200 + 120);

    /* It is on disk, as plain numbers: a restart (a new process reading the
     * file) sees the same lock. */
    size_t len;
    char *text = slurp(path, &len);
    char expect[80];
    str_format(expect, sizeof expect, "failures 7\nlocked_until %lld\n", (long long)(T0 + 320));
    CHECK(text && strcmp(text, expect) == 0);
    free(text);
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid == 0) {
        int f = 0;
        int64_t u = 0;
        _exit(store_pin_failures(dir, &f, &u) && f == 7 && u == T0 + 320 ? 0 : 1);
    }
    int status = -1;
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);

    /* A success resets it. */
    CHECK(store_pin_record(dir, true, T0 + 400));
    CHECK(store_pin_failures(dir, &failures, &until) && failures == 0 && until == 0);

    /* The lock grows to an hour and stays there. */
    int64_t expect_lock[] = {0, 0, 0, 0, 30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600};
    for (int i = 0; i < (int)(sizeof expect_lock / sizeof expect_lock[0]); i++) {
        int64_t now = T0 + 1000 + i * 10000;
        CHECK(store_pin_record(dir, false, now));
        CHECK(store_pin_failures(dir, &failures, &until));
        CHECK_MSG(failures == i + 1 && until == (expect_lock[i] ? now + expect_lock[i] : 0), "failure %d: %lld", i + 1,
                  (long long)(until - now));
    }
    CHECK(store_pin_record(dir, true, T0 + 999999));

    /* A damaged file: one more wrong PIN locks; the next record repairs it. */
    const char *damaged[] = {"garbage", "failures -1\nlocked_until 0\n", "failures 2\n", "",
                             "failures 2\nlocked_until 5\nmore\n"};
    for (size_t i = 0; i < sizeof damaged / sizeof damaged[0]; i++) {
        write_file(path, damaged[i]);
        CHECK_MSG(!store_pin_failures(dir, &failures, &until) && failures == STORE_PIN_FREE_TRIES && until == 0,
                  "damaged %zu", i);
    }
    CHECK(store_pin_record(dir, false, T0 + 2000));
    CHECK(store_pin_failures(dir, &failures, &until) && failures == 6 && until == T0 + 2060);
    CHECK(store_pin_record(dir, true, T0 + 3000));
    CHECK(store_pin_failures(dir, &failures, &until) && failures == 0);

    /* Nothing else is left in the folder (no temporary files). */
    char names[400];
    list_dir(dir, names, sizeof names);
    CHECK_MSG(strcmp(names, STORE_PIN_LOCKOUT_NAME) == 0, "%s", names);

    /* A data dir that does not exist: the record fails and says so. */
    char nowhere[700];
    str_format(nowhere, sizeof nowhere, "%s/nowhere", base);
    CHECK(!store_pin_record(nowhere, false, T0));
    CHECK(store_pin_failures(nowhere, &failures, &until) && failures == 0);
}

int main(void)
{
    log_set_quiet(true);
    char buf[600];
    char *dir = fixture_dir(buf, sizeof buf);
    CHECK(dir != NULL);
    if (!dir)
        return check_done("test_store_pin");
    test_pin(dir);
    test_lockout(dir);
    rm_tree(dir);
    return check_done("test_store_pin");
}
