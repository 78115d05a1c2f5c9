/* Reads the kiosk's JSON config file (see README "Configuration"). */
#include <limits.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/config.h"
#include "../core/util.h"
#include "json_doc.h"

static bool set_path(char *dst, size_t size, const cJSON *v, const char *file, char *err,
                     size_t err_size)
{
    if (!cJSON_IsString(v) || !*v->valuestring)
        return str_format(err, err_size, "%s: \"%s\" must be a non-empty string", file, v->string),
               false;
    if (!str_copy(dst, size, v->valuestring))
        return str_format(err, err_size, "%s: \"%s\" is too long (at most %zu bytes)", file,
                          v->string, size - 1),
               false;
    return true;
}

static bool set_int(int *dst, const cJSON *v, const char *file, char *err, size_t err_size)
{
    if (!cJSON_IsNumber(v) || v->valuedouble != v->valuedouble)
        return str_format(err, err_size, "%s: \"%s\" must be a whole number", file, v->string),
               false;
    /* Range first: casting 1e12 to int is undefined behaviour. */
    if (v->valuedouble < INT_MIN || v->valuedouble > INT_MAX)
        return str_format(err, err_size, "%s: \"%s\" is out of range", file, v->string), false;
    if (v->valuedouble != (double)(int)v->valuedouble)
        return str_format(err, err_size, "%s: \"%s\" must be a whole number", file, v->string),
               false;
    *dst = v->valueint;
    return true;
}

bool config_load_file(config *c, const char *path, char *err, size_t err_size)
{
    diag_list diags = {0};
    json_doc doc;
    if (!json_doc_load(&doc, path, &diags)) {
        str_copy(err, err_size, diags.count ? diags.lines[0] : path);
        diag_list_free(&diags);
        return false;
    }
    bool ok = true;
    if (!cJSON_IsObject(doc.root)) {
        str_format(err, err_size, "%s: the config must be a JSON object", path);
        ok = false;
    }
    for (const cJSON *v = ok ? doc.root->child : NULL; v && ok; v = v->next) {
        const char *k = v->string;
        if (strcmp(k, "content_dir") == 0)
            ok = set_path(c->content_dir, sizeof c->content_dir, v, path, err, err_size);
        else if (strcmp(k, "data_dir") == 0)
            ok = set_path(c->data_dir, sizeof c->data_dir, v, path, err, err_size);
        else if (strcmp(k, "public_key") == 0)
            ok = set_path(c->public_key, sizeof c->public_key, v, path, err, err_size);
        else if (strcmp(k, "usb_dir") == 0)
            ok = set_path(c->usb_dir, sizeof c->usb_dir, v, path, err, err_size);
        else if (strcmp(k, "kiosk_id") == 0) {
            /* Never copied in part: a hostile value is refused whole (and
             * checked by config_check below). */
            if (!cJSON_IsString(v) || !config_kiosk_id_ok(v->valuestring)) {
                str_format(err, err_size,
                           "%s: \"kiosk_id\" must be 1 to 40 of a-z, 0-9 and \"-\" (like lobby-1)",
                           path);
                ok = false;
            } else
                str_copy(c->kiosk_id, sizeof c->kiosk_id, v->valuestring);
        } else if (strcmp(k, "db_max_pages") == 0)
            ok = set_int(&c->db_max_pages, v, path, err, err_size);
        else if (strcmp(k, "font") == 0)
            ok = set_path(c->font, sizeof c->font, v, path, err, err_size);
        else if (strcmp(k, "font_bold") == 0)
            ok = set_path(c->font_bold, sizeof c->font_bold, v, path, err, err_size);
        else if (strcmp(k, "idle_seconds") == 0)
            ok = set_int(&c->idle_seconds, v, path, err, err_size);
        else if (strcmp(k, "countdown_seconds") == 0)
            ok = set_int(&c->countdown_seconds, v, path, err, err_size);
        else if (strcmp(k, "width") == 0)
            ok = set_int(&c->width, v, path, err, err_size);
        else if (strcmp(k, "height") == 0)
            ok = set_int(&c->height, v, path, err, err_size);
        else if (strcmp(k, "kiosk") == 0) {
            if (!cJSON_IsBool(v)) {
                str_format(err, err_size, "%s: \"kiosk\" must be true or false", path);
                ok = false;
            } else
                c->kiosk = cJSON_IsTrue(v);
        } else if (strcmp(k, "read_aloud") == 0 || strcmp(k, "headphones_only") == 0) {
            if (!cJSON_IsBool(v)) {
                str_format(err, err_size, "%s: \"%s\" must be true or false", path, k);
                ok = false;
            } else
                *(k[0] == 'r' ? &c->read_aloud : &c->headphones_only) = cJSON_IsTrue(v);
        } else if (strcmp(k, "volume") == 0) {
            ok = set_int(&c->volume, v, path, err, err_size);
        } else if (strcmp(k, "audio_device") == 0) {
            if (!cJSON_IsString(v) || !*v->valuestring ||
                !str_copy(c->audio_device, sizeof c->audio_device, v->valuestring)) {
                str_format(err, err_size, "%s: \"audio_device\" must be an output device name",
                           path);
                ok = false;
            }
        } else if (strcmp(k, "approvers") == 0) {
            int n = cJSON_GetArraySize(v);
            if (!cJSON_IsArray(v) || n > CONFIG_MAX_APPROVERS) {
                str_format(err, err_size,
                           "%s: \"approvers\" must be a list of up to %d public key files", path,
                           CONFIG_MAX_APPROVERS);
                ok = false;
            }
            c->approver_count = 0;
            for (const cJSON *e = ok ? v->child : NULL; e && ok; e = e->next) {
                if (!cJSON_IsString(e) || !*e->valuestring ||
                    !str_copy(c->approvers[c->approver_count], CONFIG_PATH_MAX, e->valuestring)) {
                    str_format(err, err_size,
                               "%s: \"approvers\" must list public key files (paths)", path);
                    ok = false;
                } else
                    c->approver_count++;
            }
        } else if (strcmp(k, "theme") == 0) {
            ok = set_path(c->theme, sizeof c->theme, v, path, err, err_size);
        } else if (strcmp(k, "icon_font") == 0) {
            ok = set_path(c->icon_font, sizeof c->icon_font, v, path, err, err_size);
        } else if (strcmp(k, "screen_diagonal_in") == 0) {
            if (!cJSON_IsNumber(v) || !(v->valuedouble >= 3 && v->valuedouble <= 120)) {
                str_format(err, err_size,
                           "%s: \"screen_diagonal_in\" must be a number of inches from 3 to 120",
                           path);
                ok = false;
            } else
                c->screen_diagonal_in = v->valuedouble;
        } else if (strcmp(k, "fit_sizes") == 0) {
            int n = cJSON_GetArraySize(v);
            if (!cJSON_IsArray(v) || n < 1 || n > CONFIG_MAX_FIT_SIZES) {
                str_format(err, err_size,
                           "%s: \"fit_sizes\" must list 1 to %d sizes such as \"800x480\" or "
                           "\"800x480@7\"",
                           path, CONFIG_MAX_FIT_SIZES);
                ok = false;
            }
            c->fit_size_count = 0;
            for (const cJSON *e = ok ? v->child : NULL; e && ok; e = e->next) {
                config_fit_size *f = &c->fit_sizes[c->fit_size_count];
                char extra;
                double diag = 0;
                int got = cJSON_IsString(e)
                              ? sscanf(e->valuestring, "%dx%d@%lf%c", &f->w, &f->h, &diag, &extra)
                              : 0;
                if ((got != 2 && got != 3) || f->w < 320 || f->h < 320 || f->w > 8192 ||
                    f->h > 8192 || (got == 3 && !(diag >= 3 && diag <= 120))) {
                    str_format(err, err_size,
                               "%s: \"fit_sizes\" entries are WxH from 320x320 to 8192x8192, "
                               "optionally @inches (3 to 120)",
                               path);
                    ok = false;
                } else {
                    f->diagonal_in = got == 3 ? diag : 0;
                    c->fit_size_count++;
                }
            }
        } else if (strcmp(k, "language") == 0) {
            if (!cJSON_IsString(v) || strlen(v->valuestring) != 2) {
                str_format(err, err_size, "%s: \"language\" must be a two-letter code", path);
                ok = false;
            } else
                str_copy(c->lang, sizeof c->lang, v->valuestring);
        } else {
            str_format(err, err_size, "%s: unknown key \"%s\"", path, k);
            ok = false;
        }
    }
    if (ok) {
        char why[256];
        if (!config_check(c, why, sizeof why)) {
            str_format(err, err_size, "%s: %s", path, why);
            ok = false;
        }
    }
    json_doc_free(&doc);
    diag_list_free(&diags);
    return ok;
}
