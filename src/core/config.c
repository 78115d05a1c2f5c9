#include "config.h"

#include <string.h>

#include "util.h"

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
}

bool config_kiosk_id_ok(const char *id)
{
    size_t n = strnlen(id, 41);
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
