/* lantern-inbox: the staff inbox. See inbox.h and deploy/README.md.
 *
 *   lantern-inbox --config /etc/lantern/inbox.conf
 *
 * Prints "lantern-inbox: listening on ADDRESS port N" once serving (the
 * tests read the port from it when the config says port = 0). Stops on
 * SIGTERM or SIGINT, wiping every session's key. Exit: 0 stopped cleanly,
 * 1 an error, 2 bad usage. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>

#include "core/util.h"
#include "inbox/inbox.h"
#include "platform/watchdog.h"

static volatile sig_atomic_t stop_requested;

static void on_stop(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int main(int argc, char **argv)
{
    static const struct option options[] = {{"config", required_argument, NULL, 'c'},
                                            {"help", no_argument, NULL, 'h'},
                                            {NULL, 0, NULL, 0}};
    const char *config = NULL;
    int opt;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
        if (opt == 'c') {
            config = optarg;
        } else if (opt == 'h') {
            puts("Usage: lantern-inbox --config FILE");
            return 0;
        } else {
            fputs("lantern-inbox: usage: lantern-inbox --config FILE\n", stderr);
            return 2;
        }
    }
    if (!config || optind < argc) {
        fputs("lantern-inbox: usage: lantern-inbox --config FILE\n", stderr);
        return 2;
    }
    /* The opened staff key lives in this process: no core dumps of it, and
     * no other process of the same user may read its memory. Tests that run
     * without root set LANTERN_TEST_KEEP_DUMPABLE to look for the key in it
     * themselves (logged, so it cannot go unnoticed). */
    if (getenv("LANTERN_TEST_KEEP_DUMPABLE"))
        log_msg(LOG_WARN, "inbox: LANTERN_TEST_KEEP_DUMPABLE: this process stays dumpable (a test setting)");
    else
        prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    inbox_config cfg;
    char err[1400];
    if (!inbox_config_load(config, &cfg, err, sizeof err)) {
        fprintf(stderr, "lantern-inbox: %s\n", err);
        return 1;
    }
    inbox_store *st = inbox_open_store(&cfg, err, sizeof err);
    if (!st) {
        fprintf(stderr, "lantern-inbox: %s\n", err);
        return 1;
    }
    struct sigaction sa = {0};
    sa.sa_handler = on_stop;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    inbox *ib = inbox_start(&cfg, st, err, sizeof err);
    if (!ib) {
        inbox_store_close(st);
        fprintf(stderr, "lantern-inbox: %s\n", err);
        return 1;
    }
    explicit_bzero(cfg.pg, sizeof cfg.pg);
    fprintf(stderr, "lantern-inbox: listening on %s port %d (%s)\n", cfg.listen, inbox_port(ib),
            cfg.cert[0] ? "HTTPS" : "HTTP, loopback only");
    fflush(stderr);
    watchdog_start(mono_ms());
    watchdog_ready();
    while (!stop_requested) {
        struct timespec ts = {1, 0};
        nanosleep(&ts, NULL);
        watchdog_ping(mono_ms());
        inbox_sweep(ib);
    }
    watchdog_stopping();
    inbox_stop(ib);
    log_msg(LOG_INFO, "inbox: stopped; every session's key was wiped");
    return 0;
}
