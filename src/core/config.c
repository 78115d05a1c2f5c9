#include "config.h"

#include <string.h>

#include "util.h"

#ifndef LANTERN_ASSETS_DIR
#define LANTERN_ASSETS_DIR "/usr/share/lantern/assets"
#endif
#ifndef LANTERN_ICON_FONT
#define LANTERN_ICON_FONT                                                                          \
    "/usr/share/fonts/truetype/material-design-icons-iconfont/MaterialIcons-Regular.ttf"
#endif
#ifndef LANTERN_FONT_DIR
#define LANTERN_FONT_DIR "/usr/share/fonts/truetype/noto"
#endif

void config_defaults(config *c)
{
    memset(c, 0, sizeof *c);
    str_copy(c->content_dir, sizeof c->content_dir, "content");
    str_copy(c->data_dir, sizeof c->data_dir, "data");
    str_copy(c->font, sizeof c->font, LANTERN_FONT_DIR "/NotoSans-Regular.ttf");
    str_copy(c->font_bold, sizeof c->font_bold, LANTERN_FONT_DIR "/NotoSans-Bold.ttf");
    c->idle_seconds = 120;
    c->countdown_seconds = 20;
    c->kiosk = true;
    c->text_cache_bytes = 48u * 1024 * 1024;
    c->volume = 70;
    str_copy(c->theme, sizeof c->theme, LANTERN_ASSETS_DIR "/theme.json");
    str_copy(c->icon_font, sizeof c->icon_font, LANTERN_ICON_FONT);
}

int config_fit_sizes(const config *c, config_fit_size *out, int max)
{
    static const config_fit_size defaults[] = {
        {800, 480, 0}, {1024, 600, 0}, {1280, 800, 0}, {1920, 1080, 0}, {1080, 1920, 0}};
    const config_fit_size *from = c && c->fit_size_count ? c->fit_sizes : defaults;
    int n =
        c && c->fit_size_count ? c->fit_size_count : (int)(sizeof defaults / sizeof defaults[0]);
    if (n > max)
        n = max;
    memcpy(out, from, (size_t)n * sizeof *out);
    return n;
}

bool config_kiosk_id_ok(const char *id)
{
    return config_kiosk_id_ok_n(id, strnlen(id, 41));
}

bool config_kiosk_id_ok_n(const char *id, size_t n)
{
    if (n < 1 || n > 40)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((id[i] >= 'a' && id[i] <= 'z') || (id[i] >= '0' && id[i] <= '9') || id[i] == '-'))
            return false;
    return true;
}

bool config_check(const config *c, char *err, size_t err_size)
{
    if (c->idle_seconds < 10 || c->idle_seconds > 3600)
        return str_format(err, err_size, "idle_seconds must be from 10 to 3600, not %d",
                          c->idle_seconds),
               false;
    if (c->countdown_seconds < 5 || c->countdown_seconds > 300)
        return str_format(err, err_size, "countdown_seconds must be from 5 to 300, not %d",
                          c->countdown_seconds),
               false;
    if (c->db_max_pages < 0)
        return str_format(err, err_size, "db_max_pages must be 0 (no limit) or more"), false;
    if ((c->width == 0) != (c->height == 0) || c->width < 0 || c->height < 0 ||
        (c->width && (c->width < 320 || c->height < 320 || c->width > 8192 || c->height > 8192)))
        return str_format(err, err_size, "size must be WxH from 320x320 to 8192x8192"), false;
    if (c->screen_diagonal_in != 0 && !(c->screen_diagonal_in >= 3 && c->screen_diagonal_in <= 120))
        return str_format(err, err_size,
                          "screen_diagonal_in must be from 3 to 120 inches (0: unknown)"),
               false;
    if (c->volume < 0 || c->volume > 100)
        return str_format(err, err_size, "volume must be from 0 to 100, not %d", c->volume), false;
    if (c->headphones_only && !c->audio_device[0])
        return str_format(err, err_size,
                          "headphones_only needs audio_device: the name of the headphone output "
                          "(aplay -L lists them)"),
               false;
    if (c->kiosk_id[0] && !config_kiosk_id_ok(c->kiosk_id))
        return str_format(err, err_size,
                          "kiosk_id must be 1 to 40 of a-z, 0-9 and \"-\" (like lobby-1)"),
               false;
    return true;
}
