/* lantern-display: the kiosk screen's night schedule (lantern-display.service).
 *
 * Reads LANTERN_NIGHT=HH:MM-HH:MM and LANTERN_WAKE_MINUTES from
 * /etc/lantern/session.conf. Outside the night window it keeps the screen on
 * and does nothing else. In it, it turns the screen off (the panel's
 * backlight through /sys/class/backlight, or a monitor's power through DDC/CI
 * with ddcutil when that is installed) and grabs the touch screens and mice
 * (EVIOCGRAB), so that the touch that wakes the screen reaches neither cage
 * nor the kiosk: it is swallowed. The screen then stays on until
 * LANTERN_WAKE_MINUTES pass with no touch, and goes dark again. At the end of
 * the window, on SIGTERM and on exit it turns the screen back on and lets go
 * of every device.
 *
 *   lantern-display                 the daemon (exits 0 at once without a schedule)
 *   lantern-display on|off          turns the screen on or off once (staff, tests)
 *   lantern-display --check         prints the schedule, day or night, the screen
 *                                   controls and input devices found; exit 2 on
 *                                   a bad schedule
 *
 * Test hooks (environment): LANTERN_SESSION_CONF (the settings file),
 * LANTERN_DISPLAY_SYSFS (instead of /sys/class/backlight),
 * LANTERN_DISPLAY_INPUT (instead of /dev/input), LANTERN_DISPLAY_NOW=HH:MM
 * (instead of the local time), LANTERN_DISPLAY_NO_DDC=1.
 *
 * Everything is on the stack or in fixed static arrays: nothing to free. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/input.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/util.h"

enum { MAX_DEVICES = 32, MAX_PANELS = 8 };

typedef struct {
    int start, end;   /* minutes after midnight; start == end: no schedule */
    int wake_minutes; /* the screen stays on this long after a touch */
} schedule;

static volatile sig_atomic_t stop_requested;
static int devices[MAX_DEVICES];
static int device_count;
static bool grabbed;

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("lantern-display: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

static const char *env_or(const char *name, const char *fallback)
{
    const char *v = getenv(name);
    return v && *v ? v : fallback;
}

static bool parse_hhmm(const char *s, int *minutes)
{
    int h, m;
    char extra;
    if (sscanf(s, "%2d:%2d%c", &h, &m, &extra) != 2 || h < 0 || h > 23 || m < 0 || m > 59)
        return false;
    *minutes = h * 60 + m;
    return true;
}

/* Strips blanks and one pair of quotes around a value, in place. */
static char *trim_value(char *v)
{
    while (*v == ' ' || *v == '\t')
        v++;
    size_t n = strlen(v);
    while (n && (v[n - 1] == '\n' || v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\r'))
        v[--n] = '\0';
    if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) {
        v[n - 1] = '\0';
        v++;
    }
    return v;
}

/* Reads the schedule from the session settings. False (with a message) on a
 * bad value; no LANTERN_NIGHT (or an empty one) is a valid "no schedule". */
static bool load_schedule(const char *path, schedule *s, char *err, size_t err_size)
{
    *s = (schedule){0, 0, 5};
    FILE *f = fopen(path, "r");
    if (!f) {
        if (errno == ENOENT)
            return true;
        str_format(err, err_size, "%s: %s", path, strerror(errno));
        return false;
    }
    char line[512];
    bool ok = true;
    while (ok && fgets(line, sizeof line, f)) {
        char *eq = strchr(line, '=');
        if (line[0] == '#' || !eq)
            continue;
        *eq = '\0';
        char *key = trim_value(line), *value = trim_value(eq + 1);
        if (strcmp(key, "LANTERN_NIGHT") == 0 && *value) {
            char from[16], to[16];
            const char *dash = strchr(value, '-');
            size_t n = dash ? (size_t)(dash - value) : sizeof from;
            ok = n < sizeof from && str_copy(to, sizeof to, dash + 1);
            if (ok) {
                memcpy(from, value, n);
                from[n] = '\0';
                ok = parse_hhmm(trim_value(from), &s->start) && parse_hhmm(trim_value(to), &s->end) &&
                     s->start != s->end;
            }
            if (!ok)
                str_format(err, err_size, "%s: LANTERN_NIGHT must be HH:MM-HH:MM (two different times), not \"%s\"",
                           path, value);
        } else if (strcmp(key, "LANTERN_WAKE_MINUTES") == 0 && *value) {
            char *end;
            long m = strtol(value, &end, 10);
            ok = !*end && m >= 1 && m <= 240;
            if (ok)
                s->wake_minutes = (int)m;
            else
                str_format(err, err_size, "%s: LANTERN_WAKE_MINUTES must be 1 to 240, not \"%s\"", path, value);
        }
    }
    fclose(f);
    return ok;
}

static int now_minutes(void)
{
    int m;
    const char *fake = getenv("LANTERN_DISPLAY_NOW");
    if (fake && parse_hhmm(fake, &m))
        return m;
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    return tm.tm_hour * 60 + tm.tm_min;
}

static bool is_night(const schedule *s, int now)
{
    if (s->start == s->end)
        return false;
    if (s->start < s->end)
        return now >= s->start && now < s->end;
    return now >= s->start || now < s->end; /* past midnight */
}

/* --- the screen ---------------------------------------------------------- */

static bool write_file(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    bool ok = write(fd, text, strlen(text)) == (ssize_t)strlen(text);
    return close(fd) == 0 && ok;
}

/* Backlights: bl_power 4 (FB_BLANK_POWERDOWN) is off, 0 is on. Returns how
 * many panels took it. */
static int set_backlights(bool on)
{
    const char *root = env_or("LANTERN_DISPLAY_SYSFS", "/sys/class/backlight");
    DIR *d = opendir(root);
    if (!d)
        return 0;
    int done = 0;
    struct dirent *e;
    while ((e = readdir(d)) && done < MAX_PANELS) {
        if (e->d_name[0] == '.')
            continue;
        char path[1024];
        if (str_format(path, sizeof path, "%s/%s/bl_power", root, e->d_name) && write_file(path, on ? "0\n" : "4\n"))
            done++;
        else
            say("%s: cannot set bl_power: %s", path, strerror(errno));
    }
    closedir(d);
    return done;
}

/* DDC/CI through ddcutil (VCP D6 power mode: 01 on, 04 off). */
static bool set_ddc(bool on)
{
    const char *no = getenv("LANTERN_DISPLAY_NO_DDC");
    if ((no && *no == '1') || access("/usr/bin/ddcutil", X_OK) != 0)
        return false;
    pid_t pid = fork();
    if (pid < 0)
        return false;
    if (pid == 0) {
        execl("/usr/bin/ddcutil", "ddcutil", "--noverify", "setvcp", "d6", on ? "01" : "04", (char *)NULL);
        _exit(127);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static void set_screen(bool on)
{
    int panels = set_backlights(on);
    bool ddc = panels == 0 && set_ddc(on);
    if (panels)
        say("screen %s (%d backlight%s)", on ? "on" : "off", panels, panels == 1 ? "" : "s");
    else if (ddc)
        say("screen %s (DDC/CI)", on ? "on" : "off");
    else if (!on)
        say("no backlight or DDC/CI monitor found: this screen cannot be turned off; touches are still swallowed "
            "until one wakes it");
}

/* --- input --------------------------------------------------------------- */

static bool test_bit(const unsigned long *bits, int bit)
{
    return (bits[bit / (8 * sizeof(long))] >> (bit % (8 * sizeof(long)))) & 1;
}

/* Touch screens and mice: what a visitor could wake the screen with. */
static bool wanted_device(int fd)
{
    unsigned long keys[(KEY_MAX + 1) / (8 * sizeof(long)) + 1] = {0};
    unsigned long abs[(ABS_MAX + 1) / (8 * sizeof(long)) + 1] = {0};
    if (ioctl(fd, EVIOCGBIT(EV_KEY, sizeof keys), keys) < 0)
        return false;
    ioctl(fd, EVIOCGBIT(EV_ABS, sizeof abs), abs);
    bool touch = test_bit(keys, BTN_TOUCH) && (test_bit(abs, ABS_X) || test_bit(abs, ABS_MT_POSITION_X));
    return touch || test_bit(keys, BTN_LEFT);
}

static void close_devices(void)
{
    for (int i = 0; i < device_count; i++) {
        if (grabbed)
            ioctl(devices[i], EVIOCGRAB, 0);
        close(devices[i]);
    }
    device_count = 0;
    grabbed = false;
}

/* (Re)opens every wanted device under the input directory. */
static void open_devices(void)
{
    close_devices();
    const char *root = env_or("LANTERN_DISPLAY_INPUT", "/dev/input");
    DIR *d = opendir(root);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) && device_count < MAX_DEVICES) {
        if (strncmp(e->d_name, "event", 5) != 0)
            continue;
        char path[1024];
        if (!str_format(path, sizeof path, "%s/%s", root, e->d_name))
            continue;
        int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0)
            continue;
        if (wanted_device(fd))
            devices[device_count++] = fd;
        else
            close(fd);
    }
    closedir(d);
}

static void grab(bool on)
{
    for (int i = 0; i < device_count; i++)
        if (ioctl(devices[i], EVIOCGRAB, on ? 1 : 0) < 0 && on)
            say("cannot grab an input device: %s (its wake-up touch will reach the kiosk)", strerror(errno));
    grabbed = on;
}

/* Waits up to ms for input; reads it all. Returns 1 on a press (finger down,
 * button down), 0 on other input, -1 on none. *down tracks fingers/buttons. */
static int wait_input(int ms, int *down)
{
    struct pollfd fds[MAX_DEVICES];
    for (int i = 0; i < device_count; i++)
        fds[i] = (struct pollfd){.fd = devices[i], .events = POLLIN};
    if (device_count == 0) {
        struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000};
        nanosleep(&ts, NULL);
        return -1;
    }
    if (poll(fds, (nfds_t)device_count, ms) <= 0)
        return -1;
    int result = 0;
    for (int i = 0; i < device_count; i++) {
        if (!(fds[i].revents & POLLIN))
            continue;
        struct input_event ev[64];
        ssize_t r;
        while ((r = read(devices[i], ev, sizeof ev)) > 0) {
            for (size_t k = 0; k < (size_t)r / sizeof ev[0]; k++) {
                if (ev[k].type == EV_KEY && (ev[k].code == BTN_TOUCH || ev[k].code == BTN_LEFT)) {
                    if (ev[k].value == 1) {
                        (*down)++;
                        result = 1;
                    } else if (ev[k].value == 0 && *down > 0) {
                        (*down)--;
                    }
                }
            }
        }
    }
    return result;
}

/* --- the daemon ---------------------------------------------------------- */

static int run_daemon(const schedule *s)
{
    struct sigaction sa = {0};
    sa.sa_handler = on_signal;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    say("night %02d:%02d-%02d:%02d, a touch wakes the screen for %d min", s->start / 60, s->start % 60,
        s->end / 60, s->end % 60, s->wake_minutes);
    bool dark = false;
    bool first = true; /* the screen's state is unknown at start (a restart?) */
    int64_t awake_until = 0; /* monotonic ms; the screen is on after a touch */
    int down = 0;
    int rescan = 0;
    while (!stop_requested) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        int64_t now_ms = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
        bool night = is_night(s, now_minutes());
        if (rescan-- <= 0) { /* touch screens plugged in later */
            bool was = grabbed;
            open_devices();
            if (was)
                grab(true);
            rescan = 60;
        }
        if (!night) {
            if (dark || grabbed || first) {
                grab(false);
                set_screen(true);
                say("day: the screen stays on");
            }
            first = false;
            dark = false;
            awake_until = 0;
            wait_input(1000, &down);
            continue;
        }
        if (!dark && now_ms >= awake_until) {
            /* Going dark: only once every finger is up, so no touch is cut. */
            if (down > 0) {
                wait_input(500, &down);
                continue;
            }
            grab(true);
            set_screen(false);
            dark = true;
        }
        first = false;
        int got = wait_input(1000, &down);
        if (dark && got == 1) {
            set_screen(true);
            dark = false;
            /* Swallow the whole wake-up touch: keep the grab until it ends. */
            for (int t = 0; down > 0 && t < 100 && !stop_requested; t++)
                wait_input(100, &down);
            grab(false);
            down = 0;
            clock_gettime(CLOCK_MONOTONIC, &ts);
            awake_until = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 + (int64_t)s->wake_minutes * 60000;
            say("woken by a touch (swallowed): on for %d min", s->wake_minutes);
        } else if (!dark && got >= 0) {
            awake_until = now_ms + (int64_t)s->wake_minutes * 60000; /* still in use */
        }
    }
    grab(false);
    close_devices();
    if (dark)
        set_screen(true);
    say("stopped: the screen is on");
    return 0;
}

int main(int argc, char **argv)
{
    const char *conf = env_or("LANTERN_SESSION_CONF", "/etc/lantern/session.conf");
    schedule s;
    char err[700];
    const char *cmd = argc > 1 ? argv[1] : "";
    if (argc > 2 || (argc == 2 && strcmp(cmd, "on") != 0 && strcmp(cmd, "off") != 0 && strcmp(cmd, "--check") != 0)) {
        fputs("usage: lantern-display [on|off|--check]\n", stderr);
        return 2;
    }
    if (strcmp(cmd, "on") == 0 || strcmp(cmd, "off") == 0) {
        set_screen(strcmp(cmd, "on") == 0);
        return 0;
    }
    if (!load_schedule(conf, &s, err, sizeof err)) {
        say("%s", err);
        return 2;
    }
    if (strcmp(cmd, "--check") == 0) {
        if (s.start == s.end)
            printf("schedule: none (the screen stays on)\n");
        else
            printf("schedule: night %02d:%02d-%02d:%02d, wake %d min\nnow: %s\n", s.start / 60, s.start % 60,
                   s.end / 60, s.end % 60, s.wake_minutes, is_night(&s, now_minutes()) ? "night" : "day");
        int panels = 0;
        DIR *d = opendir(env_or("LANTERN_DISPLAY_SYSFS", "/sys/class/backlight"));
        for (struct dirent *e; d && (e = readdir(d));)
            panels += e->d_name[0] != '.';
        if (d)
            closedir(d);
        open_devices();
        printf("backlights: %d\nddcutil: %s\ninput devices: %d\n", panels,
               access("/usr/bin/ddcutil", X_OK) == 0 ? "yes" : "no", device_count);
        close_devices();
        return 0;
    }
    if (s.start == s.end) {
        say("no night schedule (LANTERN_NIGHT in %s): the screen stays on", conf);
        return 0;
    }
    return run_daemon(&s);
}
