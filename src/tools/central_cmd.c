/* lanternctl central ... and lanternctl outbox ...: the central PostgreSQL
 * schema, and the kiosk's delivery state.
 *
 *   lanternctl central init --pg URL [--ca FILE]
 *   lanternctl outbox status --db PATH */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "central/central.h"
#include "store/store.h"
#include "store/store_outbox.h"
#include "tools/cli.h"

static int central_init(const cli_args *a)
{
    if (!a->pg)
        return cli_bad_usage("%s needs --pg URL (a libpq connection string or postgresql:// URL)",
                             "central init");
    if (a->id_count)
        return cli_bad_usage("unexpected argument \"%s\"", a->ids[0]);
    char err[1400];
    central *c = central_connect(a->pg, a->ca, "lanternctl", err, sizeof err);
    if (!c) {
        fprintf(stderr, "lanternctl: %s\n", err);
        return 1;
    }
    int from = -1;
    bool ok = central_init_schema(c, &from, err, sizeof err);
    central_close(c);
    if (!ok) {
        fprintf(stderr, "lanternctl: %s\n", err);
        return 1;
    }
    if (from == CENTRAL_SCHEMA_VERSION)
        printf("central schema: already at version %d; nothing changed\n", from);
    else if (from == 0)
        printf("central schema: created (version %d)\n", CENTRAL_SCHEMA_VERSION);
    else
        printf("central schema: upgraded from version %d to %d\n", from, CENTRAL_SCHEMA_VERSION);
    return 0;
}

static int outbox_status(const cli_args *a)
{
    if (!a->db)
        return cli_bad_usage("%s needs --db PATH (the kiosk's " STORE_DB_NAME ")", "outbox status");
    store *s = cli_open_db(a->db, false);
    if (!s)
        return 1;
    store_outbox_health h;
    store_status st = store_outbox_status(s, &h);
    store_close(s);
    if (st != STORE_OK) {
        fprintf(stderr, "lanternctl: reading the delivery state of %s failed: %s\n", a->db,
                store_status_text(st));
        return 1;
    }
    char when[40];
    printf("waiting: %d\n", h.waiting);
    cli_day_text(h.oldest_waiting, when, sizeof when);
    printf("oldest waiting: %s\n", h.oldest_waiting ? when : "-");
    cli_day_text(h.last_push, when, sizeof when);
    printf("last push: %s\n", h.last_push ? when : "never");
    cli_day_text(h.last_handoff, when, sizeof when);
    printf("last USB hand-off: %s\n", h.last_handoff ? when : "never");
    return fflush(stdout) == 0 ? 0 : 1;
}

int central_main(int argc, char **argv)
{
    bool outbox = strcmp(argv[0], "outbox") == 0;
    if (argc < 2)
        return cli_bad_usage("%s", outbox ? "outbox needs a command: status"
                                          : "central needs a command: init");
    const char *sub = argv[1];
    cli_args a = {0};
    int rc;
    if (!outbox && strcmp(sub, "init") == 0) {
        /* --key is not taken here; --ca is spelled as the outbox config's. */
        if ((rc = cli_parse(argc - 1, argv + 1, "central init", "--pg --ca", &a)))
            return rc;
        return central_init(&a);
    }
    if (outbox && strcmp(sub, "status") == 0) {
        if ((rc = cli_parse(argc - 1, argv + 1, "outbox status", "--db", &a)))
            return rc;
        return outbox_status(&a);
    }
    return cli_bad_usage("unknown command \"%s\"", sub);
}
