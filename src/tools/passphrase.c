/* passphrase: stdin, no echo at a terminal, one byte at a time (no stdio copy). */
#include "passphrase.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "store/approval_sign.h"

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

static int read_line(char *buf, size_t size, bool *too_long)
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
            approval_wipe(buf, size);
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
        approval_wipe(&c, 1);
    }
    if (n > 0 && buf[n - 1] == '\r')
        n--;
    buf[n] = '\0';
    if (*too_long) {
        approval_wipe(buf, size);
        return -1;
    }
    return any ? 1 : 0;
}

int passphrase_read(const char *prompt, char *buf, size_t size, bool *too_long)
{
    bool tty = isatty(STDIN_FILENO) == 1;
    struct sigaction sa = {0}, old_int, old_term;
    if (tty) {
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGINT, &sa, &old_int);
        sigaction(SIGTERM, &sa, &old_term);
        if (tcgetattr(STDIN_FILENO, &saved_tio) == 0) {
            struct termios quiet = saved_tio;
            quiet.c_lflag &= (tcflag_t) ~(ECHO | ECHOE | ECHOK | ECHONL);
            quiet.c_lflag |= ICANON;
            echo_is_off = 1;
            if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) != 0)
                echo_is_off = 0;
        }
        fputs(prompt, stderr);
        fflush(stderr);
    }
    int got = read_line(buf, size, too_long);
    if (tty) {
        restore_echo();
        fputc('\n', stderr);
        sigaction(SIGINT, &old_int, NULL);
        sigaction(SIGTERM, &old_term, NULL);
    }
    return got;
}
