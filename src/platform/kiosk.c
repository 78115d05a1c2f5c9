/* The real kiosk: a window (full screen, no way out, in kiosk mode), an
 * event loop that sleeps until the next event or deadline, and a redraw only
 * when something changed. */
#include <SDL2/SDL.h>
#include <errno.h>
#include <string.h>
#include <SDL2/SDL_ttf.h>
#include <pthread.h>
#include <signal.h>
#include <time.h>
#include <malloc.h>
#include <stdio.h>

#include "../core/app.h"
#include "../core/util.h"
#include "platform.h"
#include "contact.h"
#include "staff.h"
#include "watchdog.h"
#include "reload.h"
#include "render.h"
#include "image_lib.h"
#include "turn.h"
#include "wake.h"

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static key_code map_key(SDL_Keycode k)
{
    switch (k) {
    case SDLK_LEFT: return KEY_LEFT;
    case SDLK_RIGHT: return KEY_RIGHT;
    case SDLK_UP: return KEY_UP;
    case SDLK_DOWN: return KEY_DOWN;
    case SDLK_PAGEUP: return KEY_PAGE_UP;
    case SDLK_PAGEDOWN: return KEY_PAGE_DOWN;
    case SDLK_HOME: return KEY_HOME;
    case SDLK_BACKSPACE: return KEY_BACKSPACE;
    case SDLK_RETURN: case SDLK_KP_ENTER: return KEY_ENTER;
    case SDLK_TAB: return KEY_TAB;
    case SDLK_ESCAPE: return KEY_ESCAPE;
    default: return KEY_OTHER;
    }
}

int kiosk_run(const config *cfg, content_set *content, const run_options *opt)
{
    reloader *reload = reloader_create(cfg->content_dir, content, platform_content_checks(cfg));
    if (reload)
        reloader_set_language(reload, cfg->lang);
    if (!reload) {
        content_destroy(content);
        return 1;
    }
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
    SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
    SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "0");
    if (cfg->kiosk)
        SDL_SetHint(SDL_HINT_GRAB_KEYBOARD, "1"); /* Alt+Tab and friends stay with us */
    struct sigaction sa = {0};
    sa.sa_handler = on_signal;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    /* Blocked before SDL starts any thread: the wake thread takes them from a
     * signalfd, so a stop request wakes the loop at once, with no polling. */
    bool blocked = wake_block_signals();

    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        log_msg(LOG_ERROR, "cannot start the display: %s", SDL_GetError());
        reloader_destroy(reload);
        return 1;
    }
    if (TTF_Init() != 0) {
        log_msg(LOG_ERROR, "cannot start SDL_ttf: %s", TTF_GetError());
        SDL_Quit();
        reloader_destroy(reload);
        return 1;
    }
    waker *wk = blocked ? wake_start(reloader_fd(reload)) : NULL;
    if (!wk && blocked) {
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIGTERM);
        sigaddset(&set, SIGINT);
        pthread_sigmask(SIG_UNBLOCK, &set, NULL); /* the handler and a 1 s wake instead */
    }
    watchdog_start((int64_t)SDL_GetTicks64());
    int status = 1;
    int w = cfg->width ? cfg->width : 1280, h = cfg->height ? cfg->height : 800;
    Uint32 flags = SDL_WINDOW_ALLOW_HIGHDPI;
    if (cfg->kiosk)
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP | SDL_WINDOW_BORDERLESS;
    else
        flags |= SDL_WINDOW_RESIZABLE;
    SDL_Window *win = SDL_CreateWindow("Lantern", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h, flags);
    SDL_Renderer *sdl = win ? SDL_CreateRenderer(win, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC) : NULL;
    if (win && !sdl)
        sdl = SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE);
    renderer *rend = NULL;
    app *a = NULL;
    contact *form = NULL;
    staff_ctl *staff = NULL;
    voice *vo = NULL;
    FILE *times = NULL;
    if (!win || !sdl) {
        log_msg(LOG_ERROR, "cannot open the window: %s", SDL_GetError());
        goto done;
    }
    if (cfg->kiosk)
        SDL_ShowCursor(SDL_DISABLE);
    SDL_DisableScreenSaver();
    SDL_GetRendererOutputSize(sdl, &w, &h);
    if (cfg->screen_diagonal_in <= 0) {
        /* No diagonal configured: the display's DPI, when it reports a real
         * one (96 is X's placeholder), else the usual panel for the size. */
        float ddpi = 0;
        int display = SDL_GetWindowDisplayIndex(win);
        if (display >= 0 && SDL_GetDisplayDPI(display, &ddpi, NULL, NULL) == 0 && ddpi >= 50 && ddpi <= 600 &&
            ddpi != 96.0f)
            layout_set_panel(0, ddpi);
        log_msg(LOG_INFO, "panel: %dx%d at %.3f mm a pixel", w, h, layout_mm_per_px(w, h));
    }
    char err[600];
    /* Loading and checking the content freed its parse trees and the fonts
     * its glyph checks opened: give those pages back before the first frame
     * (the fonts and text textures below reuse only part of them). */
    malloc_trim(0);
    rend = renderer_create(sdl, cfg->font, cfg->font_bold, reloader_current(reload)->real_root, cfg->text_cache_bytes,
                           err, sizeof err);
    if (!rend) {
        log_msg(LOG_ERROR, "%s", err);
        goto done;
    }
    renderer_set_icon_font(rend, cfg->icon_font);
    a = app_create(reloader_current(reload), renderer_metrics(rend), w, h,
                   (app_timing){cfg->idle_seconds * 1000, cfg->countdown_seconds * 1000});
    if (!a) {
        log_msg(LOG_ERROR, "out of memory");
        goto done;
    }
    if (opt->frame_times)
        times = fopen(opt->frame_times, "w");
    if (opt->frame_times && !times)
        log_msg(LOG_WARN, "%s: cannot write frame times: %s", opt->frame_times, strerror(errno));
    form = contact_create(cfg);
    contact_attach(form, a);
    staff = staff_create(cfg, (int64_t)time(NULL));
    vo = voice_create(cfg, false, NULL); /* NULL: read-aloud is not offered */
    voice_attach(vo, a);
    Uint64 down_at = 0;

    /* Pointer state: a press and release close together is a tap, else a swipe. */
    bool down = false;
    int down_x = 0, down_y = 0;
    bool redraw = true, images_started = false;
    status = 0;
    kiosk_parts parts = {a, form, staff, reload, rend, vo, -1};
    while (!stop_requested && !wake_stop_requested(wk)) {
        if (redraw) {
            Uint64 t0 = SDL_GetPerformanceCounter();
            renderer_draw(rend, app_present(a));
            SDL_RenderPresent(sdl);
            watchdog_ready(); /* READY=1 once the first frame is on screen */
            if (times)
                fprintf(times, "%.3f\n", (SDL_GetPerformanceCounter() - t0) * 1000.0 / SDL_GetPerformanceFrequency());
            redraw = false;
            if (opt->exit_after_first_frame)
                break;
            if (!images_started) {
                /* The image codecs after the first frame: the welcome screen
                 * has no picture, and start-up memory stays low. */
                images_started = true;
                image_lib_load();
            }
        }
        int64_t now = (int64_t)SDL_GetTicks64();
        watchdog_ping(now);
        int64_t deadline = app_next_deadline(a);
        /* Idle is idle: with the wake thread, the loop sleeps until an event,
         * the app's next deadline, a content change or a stop request. It
         * still looks once a second while staff work (an import or a check
         * may finish) or a checked content set waits, and without the thread. */
        bool poll_often = !wk || app_screen(a) >= SCREEN_PIN || reloader_has_pending(reload);
        int64_t wait = deadline < 0 ? -1 : deadline - now;
        if (poll_often && (wait < 0 || wait > 1000))
            wait = 1000;
        int64_t ping_in = watchdog_wait_ms(now); /* -1: no watchdog */
        if (ping_in >= 0 && (wait < 0 || ping_in < wait))
            wait = ping_in;
        int64_t quiet_in = reloader_wait_ms(reload, now); /* edits in the live folder settling */
        if (quiet_in >= 0 && (wait < 0 || quiet_in < wait))
            wait = quiet_in;
        if (wait > INT32_MAX)
            wait = INT32_MAX;
        SDL_Event e;
        int got = wait < 0 ? SDL_WaitEvent(&e) : wait > 0 ? SDL_WaitEventTimeout(&e, (int)wait) : SDL_PollEvent(&e);
        now = (int64_t)SDL_GetTicks64();
        redraw |= kiosk_take_content(&parts, now);
        if (!got) {
            redraw |= kiosk_turn(&parts, &(app_event){.type = EV_TICK, .now_ms = now}, (int64_t)time(NULL));
            if (parts.exit_status >= 0) {
                status = parts.exit_status;
                stop_requested = 1;
            }
            continue;
        }
        do {
            app_event ev = {.type = EV_TICK, .now_ms = now};
            if (wake_is_event(wk, e.type)) {
                if (e.user.code == 1) {
                    redraw |= kiosk_take_content(&parts, now); /* reads the watcher's news */
                    wake_rearm(wk);
                }
                continue;
            }
            switch (e.type) {
            case SDL_QUIT:
                /* Window close or Alt+F4: only a developer's window obeys. */
                if (!cfg->kiosk)
                    stop_requested = 1;
                break;
            case SDL_AUDIODEVICEADDED:
            case SDL_AUDIODEVICEREMOVED:
                /* A USB headset plugged in or pulled out (headphones only). */
                if (!e.adevice.iscapture)
                    redraw |= voice_audio_event(vo, a, e.type == SDL_AUDIODEVICEADDED, e.adevice.which);
                break;
            case SDL_WINDOWEVENT:
                if (e.window.event == SDL_WINDOWEVENT_SIZE_CHANGED) {
                    SDL_GetRendererOutputSize(sdl, &w, &h);
                    app_resize(a, w, h);
                }
                redraw = true; /* exposed, restored or resized */
                break;
            case SDL_MOUSEBUTTONDOWN:
                /* Touch arrives as the mouse (SDL's touch-to-mouse): the
                 * press shows at once; it acts on release (issue 13). */
                if (e.button.button == SDL_BUTTON_LEFT) {
                    down = true;
                    down_x = e.button.x, down_y = e.button.y;
                    down_at = SDL_GetTicks64();
                    ev = (app_event){.type = EV_DOWN, .now_ms = now, .x = down_x, .y = down_y};
                }
                break;
            case SDL_MOUSEMOTION:
                if (down)
                    ev = (app_event){.type = EV_MOVE, .now_ms = now, .x = e.motion.x, .y = e.motion.y};
                break;
            case SDL_MOUSEBUTTONUP: {
                if (!down || e.button.button != SDL_BUTTON_LEFT)
                    break;
                down = false;
                int dx = e.button.x - down_x, dy = e.button.y - down_y;
                int slop = (w < h ? w : h) / 36; /* about 30 px on a 1080-px side */
                if (dx * dx + dy * dy <= slop * slop)
                    ev = (app_event){.type = EV_UP, .now_ms = now, .x = e.button.x, .y = e.button.y,
                                     .held_ms = (int)(SDL_GetTicks64() - down_at)};
                else /* a swipe: it ends the press without acting */
                    ev = (app_event){.type = EV_SWIPE, .now_ms = now, .x = down_x, .y = down_y,
                                     .x2 = e.button.x, .y2 = e.button.y};
                break;
            }
            case SDL_KEYDOWN: {
                SDL_Keycode k = e.key.keysym.sym;
                SDL_Keymod mod = SDL_GetModState();
                if (!cfg->kiosk && (mod & KMOD_CTRL) && k == SDLK_q) {
                    stop_requested = 1;
                    break;
                }
                if (mod & (KMOD_ALT | KMOD_GUI))
                    break; /* Alt+F4, Alt+Tab: nothing */
                ev = (app_event){.type = EV_KEY, .now_ms = now, .key = map_key(k)};
                break;
            }
            case SDL_TEXTINPUT:
                ev = (app_event){.type = EV_TEXT, .now_ms = now, .text = e.text.text};
                break;
            default:
                break;
            }
            redraw |= kiosk_turn(&parts, &ev, (int64_t)time(NULL));
            if (parts.exit_status >= 0) {
                status = parts.exit_status;
                stop_requested = 1;
            }
        } while (SDL_PollEvent(&e));
    }
done:
    watchdog_stopping();
    wake_stop(wk);
    if (times)
        fclose(times);
    staff_destroy(staff);
    contact_destroy(form);
    voice_destroy(vo);
    app_destroy(a);
    renderer_destroy(rend);
    if (sdl)
        SDL_DestroyRenderer(sdl);
    if (win)
        SDL_DestroyWindow(win);
    image_lib_unload();
    TTF_Quit();
    SDL_Quit();
    reloader_destroy(reload);
    return status;
}
