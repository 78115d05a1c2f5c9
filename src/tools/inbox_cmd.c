/* lanternctl inbox ...: staff accounts of the staff inbox, and the USB
 * hand-off written from the kiosk's side.
 *
 *   lanternctl inbox add-user NAME --config /etc/lantern/inbox.conf
 *       the password is read from stdin (twice at a terminal, without echo;
 *       one line from a pipe); it is never an argument
 *   lanternctl handoff --db PATH --kiosk ID --out DIR
 *       writes the waiting sealed requests to one file in DIR (a mounted USB
 *       drive) and marks them handed off */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/util.h"

#include "inbox/inbox.h"
#include "store/store_handoff.h"
#include "store/store_inbox.h"
#include "tools/cli.h"

static int add_user(const cli_args *a)
{
    if (a->id_count != 1 || !a->config)
        return cli_bad_usage("%s needs a user name and --config FILE (the inbox's config)",
                             "inbox add-user");
    const char *name = a->ids[0];
    if (!store_inbox_name_ok(name))
        return cli_bad_usage(
            "a user name is 1 to 40 of a-z, 0-9, \".\", \"_\" and \"-\", not \"%s\"", name);
    inbox_config cfg;
    char err[1400];
    if (!inbox_config_load(a->config, &cfg, err, sizeof err)) {
        fprintf(stderr, "lanternctl: %s\n", err);
        return 1;
    }
    char pass[SECRET_INPUT_MAX], again[SECRET_INPUT_MAX];
    bool long1 = false, long2 = false, tty = isatty(0) == 1;
    cli_guard_terminal(true);
    int got = cli_ask_secret("Password for the new account: ", pass, sizeof pass, &long1);
    if (got == 1 && tty)
        got = cli_ask_secret("The same password again: ", again, sizeof again, &long2);
    else
        str_copy(again, sizeof again, got == 1 ? pass : "");
    cli_guard_terminal(false);
    int status = 1;
    char db[1100];
    inbox_db_path(&cfg, db, sizeof db);
    store_inbox *si = NULL;
    if (got != 1)
        fprintf(stderr, "lanternctl: the password is read from stdin; nothing was changed\n");
    else if (long1 || long2)
        fprintf(stderr, "lanternctl: the password is too long; nothing was changed\n");
    else if (strcmp(pass, again) != 0)
        fprintf(stderr, "lanternctl: the two passwords differ; nothing was changed\n");
    else if (!(si = store_inbox_open(db, NULL, err, sizeof err)))
        fprintf(stderr, "lanternctl: %s\n", err);
    else if (!store_inbox_user_set(si, name, pass, err, sizeof err))
        fprintf(stderr, "lanternctl: %s; nothing was changed\n", err);
    else {
        printf("inbox account %s: password set\n", name);
        status = 0;
    }
    store_inbox_close(si);
    store_wipe(pass, sizeof pass);
    store_wipe(again, sizeof again);
    return status;
}

static int handoff(const cli_args *a)
{
    if (!a->db || !a->kiosk || !a->out || a->id_count)
        return cli_bad_usage("%s needs --db PATH, --kiosk ID and --out DIR (the mounted USB drive)",
                             "handoff");
    store *s = cli_open_db(a->db, true);
    if (!s)
        return 1;
    char path[1200], err[1400];
    int count = 0;
    bool ok = store_handoff_write(s, a->kiosk, a->out, (int64_t)time(NULL), path, sizeof path,
                                  &count, err, sizeof err);
    store_close(s);
    if (!ok) {
        fprintf(stderr, "lanternctl: %s\n", err);
        return 1;
    }
    if (count == 0)
        printf("no requests are waiting: nothing was written\n");
    else
        printf("wrote %d request%s (sealed) to %s; they are marked handed off\n", count,
               count == 1 ? "" : "s", path);
    return 0;
}

int inbox_main(int argc, char **argv)
{
    cli_args a = {0};
    int rc;
    if (strcmp(argv[0], "handoff") == 0) {
        if ((rc = cli_parse(argc, argv, "handoff", "--db --kiosk --out", &a)))
            return rc;
        return handoff(&a);
    }
    if (argc < 2 || strcmp(argv[1], "add-user") != 0)
        return cli_bad_usage("%s", "inbox needs a command: add-user NAME --config FILE");
    if ((rc = cli_parse(argc - 1, argv + 1, "inbox add-user", "--config", &a)))
        return rc;
    return add_user(&a);
}
