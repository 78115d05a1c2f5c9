/* Reading secrets (PINs, passphrases) from stdin: no echo at a terminal,
 * read(2) a byte at a time so that no stdio buffer keeps a copy, and the
 * terminal restored even on Ctrl+C. */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "core/util.h"
#include "store/store.h"
#include "tools/cli.h"

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

void cli_secret_on_signal(int sig)
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

/* Asks for a secret: at a terminal with a prompt on stderr and echo off;
 * otherwise one plain line. Returns 1, 0 (no line) or -1. */
int cli_ask_secret(const char *prompt, char *buf, size_t size, bool *too_long)
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

static struct sigaction old_actions[4];
static const int guarded[4] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

void cli_guard_terminal(bool on)
{
    if (on) {
        struct sigaction sa = {0};
        sa.sa_handler = cli_secret_on_signal;
        sigemptyset(&sa.sa_mask);
        for (int i = 0; i < 4; i++)
            sigaction(guarded[i], &sa, &old_actions[i]);
    } else {
        for (int i = 0; i < 4; i++)
            sigaction(guarded[i], &old_actions[i], NULL);
    }
}

bool cli_load_private_key(const char *path, store_private_key *key, char *err, size_t err_size)
{
    if (!store_private_key_is_protected(path))
        return store_load_private_key(path, key, err, err_size);
    char pass[SECRET_INPUT_MAX], prompt[1200];
    bool too_long = false;
    str_format(prompt, sizeof prompt, "Passphrase for %s: ", path);
    cli_guard_terminal(true);
    int got = cli_ask_secret(prompt, pass, sizeof pass, &too_long);
    cli_guard_terminal(false);
    bool ok = false;
    if (got != 1)
        str_format(err, err_size,
                   "%s is protected by a passphrase: type it (or give it as a line on stdin)",
                   path);
    else if (too_long)
        str_format(err, err_size, "%s: the passphrase is too long", path);
    else
        ok = store_load_private_key_passphrase(path, pass, key, err, err_size);
    store_wipe(pass, sizeof pass);
    return ok;
}
