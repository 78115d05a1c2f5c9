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

/* The terminal's settings while echo is off, restored on the way out and by
 * a signal (Ctrl+C at the prompt must not leave the terminal silent). */
static struct termios saved_tio;
static volatile sig_atomic_t echo_is_off;

static void restore_echo(void)
{
    if (echo_is_off) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tio);
        echo_is_off = 0;
    }
}

static void on_signal(int sig)
{
    restore_echo();
    signal(sig, SIG_DFL);
    raise(sig);
}

/* Reads one line from stdin with read(2), one byte at a time, so that no
 * stdio buffer keeps a copy. Returns 1 a line (or a last line without a
 * newline), 0 nothing left, -1 a read error; *too_long when it did not fit. */
static int read_secret_line(char *buf, size_t size, bool *too_long)
{
    size_t n = 0;
    bool any = false;
    *too_long = false;
    for (;;) {
        char c;
        ssize_t r = read(STDIN_FILENO, &c, 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            store_wipe(buf, size);
            return -1;
        }
        if (r == 0)
            break;
        any = true;
        if (c == '\n')
            break;
        if (n + 1 < size)
            buf[n++] = c;
        else
            *too_long = true;
        store_wipe(&c, 1);
    }
    if (n > 0 && buf[n - 1] == '\r')
        n--;
    buf[n] = '\0';
    return any ? 1 : 0;
}

/* Asks for a PIN: at a terminal with a prompt on stderr and echo off;
 * otherwise one plain line. Returns 1, 0 (no line) or -1. */
static int ask_pin(const char *prompt, char *buf, size_t size, bool *too_long)
{
    bool tty = isatty(STDIN_FILENO) == 1;
    if (tty) {
        struct termios quiet;
        if (tcgetattr(STDIN_FILENO, &saved_tio) == 0) {
            quiet = saved_tio;
            quiet.c_lflag &= (tcflag_t) ~(ECHO | ECHOE | ECHOK | ECHONL);
            quiet.c_lflag |= ICANON;
            echo_is_off = 1;
            if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) != 0)
                echo_is_off = 0;
        }
        fputs(prompt, stderr);
        fflush(stderr);
    }
    int got = read_secret_line(buf, size, too_long);
    if (tty) {
        restore_echo();
        fputc('\n', stderr);
    }
    return got;
}

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
    sa.sa_handler = on_signal;
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
    int got = ask_pin(prompt, pin, sizeof pin, &long1);
    if (got == 1)
        got = ask_pin("The same PIN again: ", again, sizeof again, &long2);
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
