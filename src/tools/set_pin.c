/* lanternctl set-pin: the staff and facilitator PINs, read twice from
 * stdin (no echo at a terminal), hashed with Argon2id by the store. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "core/util.h"
#include "store/store.h"
#include "tools/cli.h"

/* ---- set-pin ---- */

int set_pin_main(int argc, char **argv)
{
    static const struct option options[] = {{"data", required_argument, NULL, 'd'},
                                            {"role", required_argument, NULL, 'r'},
                                            {NULL, 0, NULL, 0}};
    const char *data = NULL, *role = NULL;
    opterr = 0;
    optind = 0; /* glibc: start over */
    int opt;
    while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
        /* Anything else is not echoed: it may be a PIN typed on the command line. */
        if (opt == '?')
            return cli_bad_usage(
                "%s", optopt == 'd' || optopt == 'r'
                          ? "--data and --role need a value"
                          : "set-pin takes only --data DIR and --role staff|facilitator; the PIN "
                            "is read from stdin, never from the command line");
        const char **slot = opt == 'd' ? &data : &role;
        if (*slot)
            return cli_bad_usage("%s is given twice", opt == 'd' ? "--data" : "--role");
        *slot = optarg;
    }
    if (optind < argc)
        return cli_bad_usage(
            "%s", "set-pin takes only --data DIR and --role staff|facilitator; the PIN is read "
                  "from stdin, never from the command line");
    if (!data || !role)
        return cli_bad_usage(
            "%s needs --data DIR (the kiosk's data dir) and --role staff|facilitator", "set-pin");
    if (strcmp(role, "staff") != 0 && strcmp(role, "facilitator") != 0)
        return cli_bad_usage("--role is staff or facilitator, not \"%s\"", role);

    struct sigaction sa = {0}, old_int, old_term, old_hup, old_quit;
    sa.sa_handler = cli_secret_on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    sigaction(SIGHUP, &sa, &old_hup);
    sigaction(SIGQUIT, &sa, &old_quit);

    char pin[64], again[64], prompt[80], err[1400];
    bool long1 = false, long2 = false;
    int status = 1;
    str_format(prompt, sizeof prompt, "New %s PIN (%d to %d digits): ", role, STORE_PIN_MIN_DIGITS,
               STORE_PIN_MAX_DIGITS);
    int got = cli_ask_secret(prompt, pin, sizeof pin, &long1);
    if (got == 1)
        got = cli_ask_secret("The same PIN again: ", again, sizeof again, &long2);
    else
        again[0] = '\0';
    if (got < 0)
        fprintf(stderr, "lanternctl: reading the PIN from stdin failed: %s; nothing was changed\n",
                strerror(errno));
    else if (got == 0)
        fprintf(stderr,
                "lanternctl: the PIN is read twice from stdin (type it twice, or give two lines); "
                "nothing was changed\n");
    else if (long1 || long2)
        fprintf(stderr,
                "lanternctl: the PIN is too long: a PIN is %d to %d digits; nothing was changed\n",
                STORE_PIN_MIN_DIGITS, STORE_PIN_MAX_DIGITS);
    else if (strcmp(pin, again) != 0)
        fprintf(stderr, "lanternctl: the two PINs differ; nothing was changed\n");
    else if (!store_pin_set(data, role, pin, err, sizeof err))
        fprintf(stderr, "lanternctl: %s; nothing was changed\n", err);
    else {
        printf("%s PIN set: %s/%s%s\n", role, data, role, STORE_PIN_SUFFIX);
        status = 0;
    }
    store_wipe(pin, sizeof pin);
    store_wipe(again, sizeof again);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    sigaction(SIGHUP, &old_hup, NULL);
    sigaction(SIGQUIT, &old_quit, NULL);
    if (status == 0 && (fflush(stdout) != 0 || ferror(stdout)))
        status = 1;
    return status;
}
