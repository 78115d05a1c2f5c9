/* The headless harness: plays a JSON script against the real app and the
 * real renderer (SDL's software renderer on an off-screen surface), on a
 * virtual clock, and writes each shot as DIR/name.png and DIR/name.json. */
#include <SDL2/SDL.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "../content/script.h"
#include "../core/app.h"
#include "../core/json_out.h"
#include "../core/icons.h"
#include "../core/util.h"
#include "platform.h"
#include "offscreen.h"
#include "contact.h"
#include "staff.h"
#include "reload.h"
#include "render.h"
#include "turn.h"
#include "voice.h"

/* The size in px an item's first line is set at (0: not found). */
static int item_px(const draw_list *dl, const draw_item *it)
{
    for (int i = 0; i < dl->cmd_count; i++)
        if (dl->cmds[i].type == CMD_TEXT && dl->cmds[i].text == it->text)
            return dl->cmds[i].px;
    /* A shortened line is drawn from a copy ending in "…": its size from
     * the text drawn inside the item. */
    for (int i = 0; it->cut && i < dl->cmd_count; i++) {
        const draw_cmd *c = &dl->cmds[i];
        if (c->type == CMD_TEXT && c->style != FONT_ICON && c->r.x >= it->r.x &&
            c->r.y >= it->r.y && c->r.x + c->r.w <= it->r.x + it->r.w &&
            c->r.y + c->r.h <= it->r.y + it->r.h)
            return c->px;
    }
    return 0;
}

static void write_icons(FILE *f, const draw_list *dl)
{
    fprintf(f, ",\n\"icons\":[");
    int n = 0;
    for (int i = 0; i < dl->cmd_count; i++) {
        const draw_cmd *c = &dl->cmds[i];
        uint32_t cp = 0;
        if (c->type != CMD_TEXT || c->style != FONT_ICON ||
            utf8_decode(c->text, (size_t)c->len, &cp) <= 0)
            continue;
        const char *name = icon_name(cp);
        fprintf(f, "%s{\"name\":\"%s\",\"x\":%d,\"y\":%d,\"w\":%d,\"h\":%d,\"px\":%d}",
                n++ ? "," : "", name ? name : "?", c->r.x, c->r.y, c->r.w, c->r.h, c->px);
    }
    fputc(']', f);
}

static bool write_dump(const char *path, app *a, const draw_list *dl, const render_stats *st, int w,
                       int h)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return false;
    fprintf(f, "{\"screen\":\"%s\",\"lang\":\"%s\",\"idle_warning\":%s,\"page\":%d,\"pages\":%d,\"form_empty\":%s,",
            dl->screen, dl->lang, app_idle_warning(a) ? "true" : "false", app_page(a) + 1, app_page_count(a),
            app_form_is_empty(a) ? "true" : "false");
    /* The reader's module and the part its page is in (links land on their target). */
    const char *doc_id = app_doc_id(a);
    int parts = 0, part = app_reader_part(a, &parts);
    fprintf(f, "\"doc\":");
    if (doc_id)
        json_out_string_n(f, doc_id, strlen(doc_id));
    else
        fputs("null", f);
    fprintf(f, ",\"part\":%d,\"parts\":%d,", part, parts);
    bool speaking;
    int sentences, sentence, spoken_len;
    const char *spoken;
    app_speech_info(a, &speaking, &sentences, &sentence, &spoken, &spoken_len);
    fprintf(f, "\"speaking\":%s,\"sentences\":%d,\"sentence\":%d,\"spoken\":", speaking ? "true" : "false",
            sentences, sentence);
    if (spoken)
        json_out_string_n(f, spoken, (size_t)spoken_len);
    else
        fputs("null", f);
    fprintf(f, ",\"text_percent\":%d,\"high_contrast\":%s,", app_text_percent(a),
            app_high_contrast(a) ? "true" : "false");
    fprintf(f, "\"text_rasterized\":%lu,\"overflow\":%s,\"mm_per_px\":%.5f,\n\"items\":[", st->rasterized,
            dl->overflow ? "true" : "false", layout_mm_per_px(w, h));
    for (int i = 0; i < dl->item_count; i++) {
        const draw_item *it = &dl->items[i];
        int cx = it->r.x + it->r.w / 2, cy = it->r.y + it->r.h / 2;
        fprintf(f, "%s\n{\"text\":", i ? "," : "");
        json_out_string_n(f, it->text, (size_t)it->len);
        fprintf(f,
                ",\"x\":%d,\"y\":%d,\"w\":%d,\"h\":%d,\"px\":%d,\"tap\":%s,\"cut\":%s,"
                "\"clip\":[%d,%d,%d,%d]",
                it->r.x, it->r.y, it->r.w, it->r.h, item_px(dl, it),
                draw_hit(dl, cx, cy) ? "true" : "false", it->cut ? "true" : "false", it->clip.x,
                it->clip.y, it->clip.w, it->clip.h);
        /* Its lines as drawn (a test sees where a text broke: never inside a
         * phone number). */
        fputs(",\"lines\":[", f);
        for (int c = 0, n = 0; c < dl->cmd_count; c++) {
            const draw_cmd *cmd = &dl->cmds[c];
            if (cmd->type != CMD_TEXT || cmd->style == FONT_ICON || cmd->text < it->text ||
                cmd->text + cmd->len > it->text + it->len)
                continue;
            fputs(n++ ? "," : "", f);
            json_out_string_n(f, cmd->text, (size_t)cmd->len);
        }
        fputs("]}", f);
    }
    /* Every QR code on screen: where, how large, and what it encodes. */
    fprintf(f, "],\n\"qr\":[");
    int qr_count = 0;
    for (int i = 0; i < dl->cmd_count; i++) {
        const draw_cmd *c = &dl->cmds[i];
        if (c->type != CMD_QR)
            continue;
        fprintf(f, "%s{\"x\":%d,\"y\":%d,\"w\":%d,\"h\":%d,\"modules\":%d,\"module_px\":%d,\"text\":",
                qr_count++ ? "," : "", c->r.x, c->r.y, c->r.w, c->r.h, c->qr_size, c->module_px);
        json_out_string_n(f, c->text, (size_t)c->len);
        fprintf(f, "}");
    }
    /* Every picture drawn: where, and which content file. */
    fprintf(f, "],\n\"images\":[");
    int image_count = 0;
    for (int i = 0; i < dl->cmd_count; i++) {
        const draw_cmd *c = &dl->cmds[i];
        if (c->type != CMD_IMAGE)
            continue;
        fprintf(f, "%s{\"x\":%d,\"y\":%d,\"w\":%d,\"h\":%d,\"src\":", image_count++ ? "," : "",
                c->r.x, c->r.y, c->r.w, c->r.h);
        json_out_string_n(f, c->image, strlen(c->image));
        fprintf(f, "}");
    }
    fprintf(f, "],\n\"targets\":[");
    for (int i = 0; i < dl->target_count; i++) {
        const draw_target *t = &dl->targets[i];
        fprintf(f, "%s{\"x\":%d,\"y\":%d,\"w\":%d,\"h\":%d,\"action\":%d}", i ? "," : "", t->r.x,
                t->r.y, t->r.w, t->r.h, (int)t->act);
    }
    fputc(']', f);
    write_icons(f, dl);
    fprintf(f, "}\n");
    return fclose(f) == 0;
}

/* The next moment the loop must wake: the app's timers, or edits in the
 * live content folder that have settled (the kiosk's loop waits for both). */
static int64_t next_deadline(const kiosk_parts *k, int64_t now)
{
    int64_t d = app_next_deadline(k->a), quiet = reloader_wait_ms(k->reload, now); /* edits settling */
    return quiet >= 0 && (d < 0 || now + quiet < d) ? now + quiet : d;
}

/* Moves the virtual clock to target, delivering every deadline on the way
 * as the real loop would (a full turn each). Returns whether the screen changed. */
static bool advance_clock(kiosk_parts *k, int64_t *now, int64_t target, int64_t wall_base, int64_t wall_at)
{
    bool dirty = false;
    for (int64_t d = next_deadline(k, *now); d >= 0 && d <= target; d = next_deadline(k, *now)) {
        if (d > *now)
            voice_advance(k->voice, (int)(d - *now)); /* read-aloud plays along with the virtual clock */
        *now = d > *now ? d : *now;
        dirty |= kiosk_turn(k, &(app_event){.type = EV_TICK, .now_ms = *now}, wall_base + (*now - wall_at) / 1000);
        if (next_deadline(k, *now) == d)
            break; /* no progress: never spin */
    }
    if (target > *now)
        voice_advance(k->voice, (int)(target - *now));
    *now = target;
    return dirty;
}

static bool parse_key(const char *name, key_code *out)
{
    static const struct {
        const char *name;
        key_code key;
    } keys[] = {{"Left", KEY_LEFT}, {"Right", KEY_RIGHT},         {"Up", KEY_UP},
                {"Down", KEY_DOWN}, {"PageUp", KEY_PAGE_UP},      {"PageDown", KEY_PAGE_DOWN},
                {"Home", KEY_HOME}, {"Backspace", KEY_BACKSPACE}, {"Enter", KEY_ENTER},
                {"Tab", KEY_TAB},   {"Escape", KEY_ESCAPE}};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        if (strcmp(keys[i].name, name) == 0) {
            *out = keys[i].key;
            return true;
        }
    }
    return false;
}

int harness_run(const config *cfg, content_set *content, const run_options *opt)
{
    char err[1024];
    script *sc = script_load(opt->script, err, sizeof err);
    if (!sc) {
        fprintf(stderr, "lantern: %s\n", err);
        content_destroy(content);
        return 3;
    }
    if (mkdir(opt->out_dir, 0755) != 0 && errno != EEXIST) {
        fprintf(stderr, "lantern: %s: cannot create the output folder: %s\n", opt->out_dir,
                strerror(errno));
        script_free(sc);
        content_destroy(content);
        return 1;
    }
    int status = 1;
    int w = cfg->width ? cfg->width : 1920, h = cfg->height ? cfg->height : 1080;
    app *a = NULL;
    FILE *times = NULL;
    reloader *reload = reloader_create(cfg->content_dir, content, platform_content_checks(cfg));
    if (reload)
        reloader_set_language(reload, cfg->lang);
    offscreen *off =
        reload ? offscreen_create(cfg, content->real_root, w, h, err, sizeof err) : NULL;
    if (!off) {
        fprintf(stderr, "lantern: %s\n", reload ? err : "out of memory");
        script_free(sc);
        if (reload)
            reloader_destroy(reload);
        else
            content_destroy(content);
        return 1;
    }
    renderer *rend = offscreen_renderer(off);
    a = app_create(content, renderer_metrics(rend), w, h,
                   (app_timing){cfg->idle_seconds * 1000, cfg->countdown_seconds * 1000});
    if (!a)
        status = 1;
    contact *form = a ? contact_create(cfg) : NULL;
    /* The wall clock: real time, unless a "clock" step sets it; it moves
     * with the virtual clock. */
    int64_t wall_base = (int64_t)time(NULL), wall_at = 0;
    staff_ctl *staff = a ? staff_create(cfg, wall_base) : NULL;
    if (a)
        contact_attach(form, a);
    /* Headless: never a real sound card; read-aloud follows the virtual clock. */
    setenv("SDL_AUDIODRIVER", "dummy", 1);
    voice *vo = a ? voice_create(cfg, true, opt->audio_out) : NULL;
    if (a)
        voice_attach(vo, a);
    if (a && opt->frame_times)
        times = fopen(opt->frame_times, "w");
    if (opt && opt->frame_times && !times)
        log_msg(LOG_WARN, "%s: cannot write frame times: %s", opt->frame_times, strerror(errno));
    int64_t now = 0;
    bool dirty = true;
    status = a ? 0 : 1;
    if (a)
        offscreen_draw(off, app_present(a)); /* the first frame is on screen before the first step */
    kiosk_parts parts = {a, form, staff, reload, rend, vo, -1};
#define WALL (wall_base + (now - wall_at) / 1000)
    for (int i = 0; i < sc->count && status == 0; i++) {
        const script_step *st = &sc->steps[i];
        app_event ev = {.type = EV_TICK, .now_ms = now};
        dirty |= kiosk_turn(&parts, &ev, WALL);
        dirty |= kiosk_take_content(&parts, now);
        switch (st->kind) {
        case STEP_CLOCK:
            wall_base = st->ms;
            wall_at = now;
            dirty |= kiosk_turn(&parts, &(app_event){.type = EV_TICK, .now_ms = now}, WALL);
            break;
        case STEP_HOLD: {
            /* A finger held down: the clock runs while it stays. */
            if (st->x < 0 || st->y < 0 || st->x >= w || st->y >= h) {
                fprintf(stderr, "lantern: %s: step %d: hold is off the %dx%d screen\n", opt->script,
                        i, w, h);
                status = 3;
                break;
            }
            dirty |= advance_clock(&parts, &now, now + st->x2, wall_base, wall_at);
            dirty |= kiosk_turn(&parts,
                                &(app_event){.type = EV_TAP, .now_ms = now, .x = st->x, .y = st->y, .held_ms = st->x2},
                                WALL);
            break;
        }
        case STEP_DOWN:
        case STEP_MOVE:
        case STEP_UP:
            /* A finger's own events: down (pressed), moved, lifted. */
            if (st->x < 0 || st->y < 0 || st->x >= w || st->y >= h) {
                fprintf(stderr, "lantern: %s: step %d: %s is off the %dx%d screen\n", opt->script, i,
                        st->kind == STEP_DOWN ? "down" : st->kind == STEP_MOVE ? "move" : "up", w, h);
                status = 3;
                break;
            }
            dirty |= kiosk_turn(&parts,
                                &(app_event){.type = st->kind == STEP_DOWN   ? EV_DOWN
                                                     : st->kind == STEP_MOVE ? EV_MOVE
                                                                             : EV_UP,
                                             .now_ms = now,
                                             .x = st->x,
                                             .y = st->y},
                                WALL);
            break;
        case STEP_MARK:
            /* For tests that stop the kiosk at random: what was reached. */
            printf("mark: %s\n", st->text);
            fflush(stdout);
            break;
        case STEP_EXPECT_SCREEN:
            if (strcmp(app_screen_name(a), st->text) != 0) {
                fprintf(stderr, "lantern: %s: step %d: expected screen %s, but it is %s\n",
                        opt->script, i, st->text, app_screen_name(a));
                status = 3;
            }
            break;
        case STEP_EXPECT_FORGOTTEN: {
            size_t n = strlen(st->text);
            const char *where = app_holds_bytes(a, st->text, n)           ? "the app"
                                : renderer_holds_bytes(rend, st->text, n) ? "the renderer"
                                : contact_holds_bytes(form, st->text, n)  ? "the contact module"
                                                                          : NULL;
            if (where) {
                fprintf(stderr, "lantern: %s: step %d: typed text is still in %s's memory\n",
                        opt->script, i, where);
                status = 3;
            }
            break;
        }
        case STEP_PUBLISH:
            if (!content_publish(cfg->content_dir, st->text, err, sizeof err)) {
                fprintf(stderr, "lantern: %s: step %d: cannot publish: %s\n", opt->script, i, err);
                status = 3;
                break;
            }
            dirty |= kiosk_take_content(&parts, now);
            break;
        case STEP_HEADPHONES:
            /* What the kiosk does on SDL_AUDIODEVICEADDED/REMOVED for the headphones. */
            dirty |= voice_headphones(vo, a, st->ms != 0);
            break;
        case STEP_WRITE: {
            /* An edit in place: the reloader waits for the folder to be quiet. */
            FILE *f = fopen(st->text, "w");
            bool wrote = f && fputs(st->text2, f) >= 0;
            if (f && fclose(f) != 0)
                wrote = false;
            if (!wrote) {
                fprintf(stderr, "lantern: %s: step %d: cannot write %s: %s\n", opt->script, i, st->text,
                        strerror(errno));
                status = 3;
                break;
            }
            dirty |= kiosk_take_content(&parts, now);
            break;
        }
        case STEP_TAP:
        case STEP_SWIPE:
            if (st->x < 0 || st->y < 0 || st->x >= w || st->y >= h ||
                (st->kind == STEP_SWIPE &&
                 (st->x2 < 0 || st->y2 < 0 || st->x2 >= w || st->y2 >= h))) {
                fprintf(stderr, "lantern: %s: step %d: %s is off the %dx%d screen\n", opt->script,
                        i, st->kind == STEP_TAP ? "tap" : "swipe", w, h);
                status = 3;
                break;
            }
            ev = (app_event){.type = st->kind == STEP_TAP ? EV_TAP : EV_SWIPE, .now_ms = now,
                             .x = st->x, .y = st->y, .x2 = st->x2, .y2 = st->y2};
            dirty |= kiosk_turn(&parts, &ev, WALL);
            break;
        case STEP_TAP_TEXT: {
            const draw_list *dl = app_frame(a);
            const draw_item *found = NULL;
            size_t want = strlen(st->text);
            for (int k = 0; k < dl->item_count && !found; k++) {
                const draw_item *it = &dl->items[k];
                int cx = it->r.x + it->r.w / 2, cy = it->r.y + it->r.h / 2;
                if ((size_t)it->len == want && memcmp(it->text, st->text, want) == 0 &&
                    draw_hit(dl, cx, cy))
                    found = it;
            }
            if (!found) {
                fprintf(stderr,
                        "lantern: %s: step %d: no visible tappable item with text \"%s\" on screen "
                        "%s\n",
                        opt->script, i, st->text, dl->screen);
                status = 3;
                break;
            }
            ev = (app_event){.type = EV_TAP,
                             .now_ms = now,
                             .x = found->r.x + found->r.w / 2,
                             .y = found->r.y + found->r.h / 2};
            dirty |= kiosk_turn(&parts, &ev, WALL);
            break;
        }
        case STEP_TYPE:
            if (!utf8_valid(st->text, strlen(st->text))) {
                fprintf(stderr, "lantern: %s: step %d: \"type\" text is not valid UTF-8\n",
                        opt->script, i);
                status = 3;
                break;
            }
            dirty |= kiosk_turn(&parts, &(app_event){.type = EV_TEXT, .now_ms = now, .text = st->text}, WALL);
            break;
        case STEP_KEY: {
            key_code k;
            if (!parse_key(st->text, &k)) {
                fprintf(stderr, "lantern: %s: step %d: unknown key \"%s\"\n", opt->script, i,
                        st->text);
                status = 3;
                break;
            }
            dirty |= kiosk_turn(&parts, &(app_event){.type = EV_KEY, .now_ms = now, .key = k}, WALL);
            break;
        }
        case STEP_WAIT: {
            if (staff)
                staff_settle(staff); /* a USB import finishes within any wait */
            dirty |= advance_clock(&parts, &now, now + st->ms, wall_base, wall_at);
            dirty |= kiosk_turn(&parts, &(app_event){.type = EV_TICK, .now_ms = now}, WALL);
            break;
        }
        case STEP_SHOT: {
            const draw_list *dl = app_present(a);
            offscreen_draw(off, dl);
            dirty = false;
            char path[1024];
            str_format(path, sizeof path, "%s/%s.png", opt->out_dir, st->text);
            if (!offscreen_save_png(off, path, err, sizeof err)) {
                fprintf(stderr, "lantern: %s\n", err);
                status = 1;
                break;
            }
            render_stats rs = renderer_stats(rend);
            str_format(path, sizeof path, "%s/%s.json", opt->out_dir, st->text);
            if (!write_dump(path, a, dl, &rs, w, h)) {
                fprintf(stderr, "lantern: %s: cannot write: %s\n", path, strerror(errno));
                status = 1;
            }
            break;
        }
        }
        if (parts.exit_status >= 0 && status == 0) {
            status = parts.exit_status; /* staff asked to exit: the script ends here */
            break;
        }
        if (status == 0 && dirty) {
            /* Draw as the kiosk would after each change, timing it for the bench. */
            Uint64 t0 = SDL_GetPerformanceCounter();
            offscreen_draw(off, app_present(a));
            if (times)
                fprintf(times, "%.3f\n",
                        (SDL_GetPerformanceCounter() - t0) * 1000.0 /
                            SDL_GetPerformanceFrequency());
            dirty = false;
        }
    }
#undef WALL
    if (times)
        fclose(times);
    staff_destroy(staff);
    contact_destroy(form);
    voice_destroy(vo);
    app_destroy(a);
    offscreen_destroy(off);
    reloader_destroy(reload);
    script_free(sc);
    return status;
}
