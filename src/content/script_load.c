#include "script.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/util.h"
#include "json_doc.h"

enum { MAX_STEPS = 100000, MAX_TEXT = 100000 };

static bool int_array(const cJSON *v, int *out, int n)
{
    if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) != n)
        return false;
    int i = 0;
    for (const cJSON *e = v->child; e; e = e->next, i++) {
        if (!cJSON_IsNumber(e) || e->valuedouble != (double)(int)e->valuedouble)
            return false;
        out[i] = e->valueint;
    }
    return true;
}

static char *dup_text(const cJSON *v)
{
    if (!cJSON_IsString(v) || strlen(v->valuestring) > MAX_TEXT)
        return NULL;
    size_t n = strlen(v->valuestring) + 1;
    char *s = malloc(n);
    if (s)
        memcpy(s, v->valuestring, n);
    return s;
}

script *script_load(const char *path, char *err, size_t err_size)
{
    diag_list diags = {0};
    json_doc doc;
    if (!json_doc_load(&doc, path, &diags)) {
        str_copy(err, err_size, diags.count ? diags.lines[0] : path);
        diag_list_free(&diags);
        return NULL;
    }
    diag_list_free(&diags);
    script *s = calloc(1, sizeof *s);
    int n = cJSON_IsArray(doc.root) ? cJSON_GetArraySize(doc.root) : -1;
    if (!s || n < 0 || n > MAX_STEPS) {
        str_format(err, err_size, "%s: a script is a JSON array of at most %d steps", path, MAX_STEPS);
        goto fail;
    }
    s->steps = calloc((size_t)(n ? n : 1), sizeof *s->steps);
    if (!s->steps) {
        str_format(err, err_size, "%s: out of memory", path);
        goto fail;
    }
    int i = 0;
    for (const cJSON *e = doc.root->child; e; e = e->next, i++) {
        script_step *st = &s->steps[i];
        s->count = i + 1;
        if (!cJSON_IsObject(e) || cJSON_GetArraySize(e) != 1) {
            str_format(err, err_size, "%s: step %d: expected an object with exactly one key", path, i);
            goto fail;
        }
        const cJSON *v = e->child;
        const char *k = v->string;
        int xy[4] = {0};
        bool ok = true;
        if (strcmp(k, "tap") == 0) {
            st->kind = STEP_TAP;
            ok = int_array(v, xy, 2);
            st->x = xy[0], st->y = xy[1];
        } else if (strcmp(k, "down") == 0 || strcmp(k, "move") == 0 || strcmp(k, "up") == 0) {
            st->kind = k[0] == 'd' ? STEP_DOWN : k[0] == 'm' ? STEP_MOVE : STEP_UP;
            ok = int_array(v, xy, 2);
            st->x = xy[0], st->y = xy[1];
        } else if (strcmp(k, "swipe") == 0) {
            st->kind = STEP_SWIPE;
            ok = int_array(v, xy, 4);
            st->x = xy[0], st->y = xy[1], st->x2 = xy[2], st->y2 = xy[3];
        } else if (strcmp(k, "hold") == 0) {
            st->kind = STEP_HOLD;
            ok = int_array(v, xy, 3) && xy[2] >= 0 && xy[2] <= 600000;
            st->x = xy[0], st->y = xy[1], st->x2 = xy[2];
        } else if (strcmp(k, "clock") == 0) {
            st->kind = STEP_CLOCK;
            struct tm tm;
            memset(&tm, 0, sizeof tm);
            char extra;
            ok = cJSON_IsString(v) && strlen(v->valuestring) == 16 &&
                 sscanf(v->valuestring, "%4d-%2d-%2dT%2d:%2d%c", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                        &tm.tm_min, &extra) == 5 &&
                 tm.tm_mon >= 1 && tm.tm_mon <= 12 && tm.tm_mday >= 1 && tm.tm_mday <= 31 && tm.tm_hour < 24 &&
                 tm.tm_min < 60;
            tm.tm_year -= 1900;
            tm.tm_mon -= 1;
            tm.tm_isdst = -1;
            st->ms = ok ? (int64_t)mktime(&tm) : 0;
        } else if (strcmp(k, "wait_ms") == 0) {
            st->kind = STEP_WAIT;
            ok = cJSON_IsNumber(v) && v->valuedouble >= 0 && v->valuedouble <= 7 * 24 * 3600e3;
            st->ms = ok ? (int64_t)v->valuedouble : 0;
        } else if (strcmp(k, "type") == 0 || strcmp(k, "key") == 0 || strcmp(k, "tap_text") == 0 ||
                   strcmp(k, "shot") == 0 || strcmp(k, "publish") == 0 || strcmp(k, "mark") == 0 ||
                   strcmp(k, "expect_screen") == 0 || strcmp(k, "expect_forgotten") == 0) {
            st->kind = strcmp(k, "key") == 0        ? STEP_KEY
                       : strcmp(k, "shot") == 0     ? STEP_SHOT
                       : strcmp(k, "tap_text") == 0 ? STEP_TAP_TEXT
                       : strcmp(k, "publish") == 0  ? STEP_PUBLISH
                       : strcmp(k, "mark") == 0     ? STEP_MARK
                       : strcmp(k, "expect_screen") == 0 ? STEP_EXPECT_SCREEN
                       : strcmp(k, "expect_forgotten") == 0 ? STEP_EXPECT_FORGOTTEN
                                                    : STEP_TYPE;
            st->text = dup_text(v);
            ok = st->text != NULL && *st->text;
            if (ok && st->kind == STEP_SHOT)
                for (const char *p = st->text; *p && ok; p++)
                    ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                         (*p >= '0' && *p <= '9') || *p == '-' || *p == '_';
        } else if (strcmp(k, "headphones") == 0) {
            st->kind = STEP_HEADPHONES;
            ok = cJSON_IsBool(v);
            st->ms = cJSON_IsTrue(v);
        } else if (strcmp(k, "write") == 0) {
            st->kind = STEP_WRITE;
            const cJSON *file = cJSON_GetArrayItem(v, 0), *text = cJSON_GetArrayItem(v, 1);
            ok = cJSON_IsArray(v) && cJSON_GetArraySize(v) == 2 && cJSON_IsString(file) &&
                 *file->valuestring && cJSON_IsString(text);
            st->text = ok ? dup_text(file) : NULL;
            st->text2 = ok ? dup_text(text) : NULL;
            ok = ok && st->text && st->text2;
        } else {
            str_format(err, err_size, "%s: step %d: unknown step \"%s\"", path, i, k);
            goto fail;
        }
        if (!ok) {
            static const char *const expect[] = {
                [STEP_TAP] = "[x, y] in whole pixels", [STEP_SWIPE] = "[x1, y1, x2, y2] in whole pixels",
                [STEP_TYPE] = "a non-empty string", [STEP_KEY] = "a key name",
                [STEP_TAP_TEXT] = "a non-empty string", [STEP_WAIT] = "a number of ms from 0 to one week",
                [STEP_SHOT] = "a name of letters, digits, - and _", [STEP_PUBLISH] = "a folder path",
                [STEP_MARK] = "a non-empty string", [STEP_EXPECT_SCREEN] = "a screen name",
                [STEP_EXPECT_FORGOTTEN] = "a non-empty string",
                [STEP_HOLD] = "[x, y, ms] with ms from 0 to 600000", [STEP_WRITE] = "[\"file\", \"text\"]", [STEP_CLOCK] = "a local time as YYYY-MM-DDTHH:MM",
                [STEP_HEADPHONES] = "true (plugged in) or false (pulled out)"};
            str_format(err, err_size, "%s: step %d: \"%s\" expects %s", path, i, k, expect[st->kind]);
            goto fail;
        }
    }
    json_doc_free(&doc);
    return s;
fail:
    json_doc_free(&doc);
    script_free(s);
    return NULL;
}

void script_free(script *s)
{
    if (!s)
        return;
    for (int i = 0; i < s->count; i++) {
        free(s->steps[i].text);
        free(s->steps[i].text2);
    }
    free(s->steps);
    free(s);
}
