#include "wake.h"

#include <SDL2/SDL.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "../core/util.h"

struct waker {
    pthread_t thread;
    int signal_fd, watch_fd, quit_fd; /* quit_fd: an eventfd wake_stop() writes */
    SDL_sem *rearm;
    Uint32 event_type;
    volatile sig_atomic_t stop;
};

bool wake_block_signals(void)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    return pthread_sigmask(SIG_BLOCK, &set, NULL) == 0;
}

static void push(waker *w, int code)
{
    SDL_Event e = {0};
    e.type = w->event_type;
    e.user.code = code;
    SDL_PushEvent(&e); /* thread-safe */
}

static void *run(void *arg)
{
    waker *w = arg;
    for (;;) {
        struct pollfd fds[3] = {{w->signal_fd, POLLIN, 0}, {w->quit_fd, POLLIN, 0}, {w->watch_fd, POLLIN, 0}};
        int n = poll(fds, w->watch_fd >= 0 ? 3 : 2, -1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 || (fds[1].revents & POLLIN))
            return NULL;
        if (fds[0].revents & POLLIN) {
            struct signalfd_siginfo si;
            if (read(w->signal_fd, &si, sizeof si) == (ssize_t)sizeof si) {
                w->stop = 1;
                push(w, 0);
                return NULL;
            }
        }
        if (w->watch_fd >= 0 && (fds[2].revents & (POLLIN | POLLERR | POLLHUP))) {
            push(w, 1);
            /* Wait until the loop has read the descriptor (or at most a
             * second, if it never does), so as never to spin on it. */
            SDL_SemWaitTimeout(w->rearm, 1000);
        }
    }
}

waker *wake_start(int watch_fd)
{
    waker *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    w->signal_fd = signalfd(-1, &set, SFD_CLOEXEC);
    w->quit_fd = eventfd(0, EFD_CLOEXEC);
    w->watch_fd = watch_fd;
    w->rearm = SDL_CreateSemaphore(0);
    w->event_type = SDL_RegisterEvents(1);
    if (w->signal_fd < 0 || w->quit_fd < 0 || !w->rearm || w->event_type == (Uint32)-1 ||
        pthread_create(&w->thread, NULL, run, w) != 0) {
        log_msg(LOG_WARN, "cannot start the wake thread; the kiosk wakes once a second instead");
        if (w->signal_fd >= 0)
            close(w->signal_fd);
        if (w->quit_fd >= 0)
            close(w->quit_fd);
        if (w->rearm)
            SDL_DestroySemaphore(w->rearm);
        free(w);
        return NULL;
    }
    return w;
}

bool wake_stop_requested(const waker *w)
{
    return w && w->stop;
}

bool wake_is_event(const waker *w, uint32_t type)
{
    return w && type == w->event_type;
}

void wake_rearm(waker *w)
{
    if (w)
        SDL_SemPost(w->rearm);
}

void wake_stop(waker *w)
{
    if (!w)
        return;
    uint64_t one = 1;
    if (write(w->quit_fd, &one, sizeof one) < 0)
        log_msg(LOG_WARN, "wake: cannot signal the thread: %s", strerror(errno));
    SDL_SemPost(w->rearm);
    pthread_join(w->thread, NULL);
    close(w->signal_fd);
    close(w->quit_fd);
    SDL_DestroySemaphore(w->rearm);
    free(w);
}
