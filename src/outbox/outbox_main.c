/* lantern-outbox: pushes the kiosk's sealed requests to the central
 * PostgreSQL. See outbox.h and deploy/README.md.
 *
 *   lantern-outbox --config /etc/lantern/outbox.conf [--once]
 *
 * --once: push until nothing is waiting, then exit (0), or exit 1 at the
 * first failure (for a first test of the settings, and for tests).
 * Exit status: 0 stopped cleanly, 1 an error, 2 bad usage. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "outbox/outbox.h"

static volatile sig_atomic_t stop_requested;

static void on_stop(int sig)
{
    (void)sig;
    stop_requested = 1;
}

int main(int argc, char **argv)
{
    static const struct option options[] = {{"config", required_argument, NULL, 'c'},
                                            {"once", no_argument, NULL, 'o'},
                                            {"help", no_argument, NULL, 'h'},
                                            {NULL, 0, NULL, 0}};
    const char *config = NULL;
    bool once = false;
    int opt;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
        if (opt == 'c')
            config = optarg;
        else if (opt == 'o')
            once = true;
        else if (opt == 'h') {
            puts("Usage: lantern-outbox --config FILE [--once]");
            return 0;
        } else {
            fprintf(stderr,
                    "lantern-outbox: unknown option or missing value: %s (usage: lantern-outbox "
                    "--config "
                    "FILE [--once])\n",
                    argv[optind - 1]);
            return 2;
        }
    }
    if (!config || optind < argc) {
        fputs("lantern-outbox: usage: lantern-outbox --config FILE [--once]\n", stderr);
        return 2;
    }
    outbox_config cfg;
    char err[1400];
    if (!outbox_config_load(config, &cfg, err, sizeof err)) {
        fprintf(stderr, "lantern-outbox: %s\n", err);
        return 1;
    }
    struct sigaction sa = {0};
    sa.sa_handler = on_stop;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    int status = outbox_run(&cfg, once, &stop_requested);
    explicit_bzero(cfg.pg, sizeof cfg.pg);
    return status;
}
