/* Take-home links (QR codes) and recorded readings of a document
 * (docs/content.md, "take_home" and "audio"). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../core/link.h"
#include "../core/safe_file.h"
#include "../core/util.h"
#include "../core/wav_header.h"
#include "../qr/qr.h"
#include "load_internal.h"

/* A recorded section: 16-bit mono 22050 Hz is 2.6 MB a minute; ten minutes
 * is longer than any section should take to read aloud. */
enum { AUDIO_MAX_BYTES = 64 * 1024 * 1024, AUDIO_MIN_MS = 500, AUDIO_MAX_MS = 10 * 60 * 1000 };
/* "take_home": up to CONTENT_MAX_LINKS links, each shown as a QR code. Only
 * help.json (the crisis screen) may name a tel: number. */
void ld_load_take_home(loader *L, const json_doc *doc, const cJSON *root, content_doc *out)
{
    static const char *const link_fields[] = {"url", "label", NULL};
    const cJSON *links = cJSON_GetObjectItemCaseSensitive(root, "take_home");
    if (!links)
        return;
    int n = cJSON_IsArray(links) ? cJSON_GetArraySize(links) : -1;
    if (n < 1 || n > CONTENT_MAX_LINKS) {
        json_doc_error(doc, L->diags, links, "$.take_home", "expected a list of 1 to %d links",
                       CONTENT_MAX_LINKS);
        return;
    }
    int i = 0;
    for (const cJSON *l = links->child; l; l = l->next, i++) {
        char p[JPATH_LEN];
        str_format(p, sizeof p, "$.take_home[%d]", i);
        if (!ld_is_object(L, doc, l, p))
            continue;
        ld_only_fields(L, doc, l, p, link_fields);
        const char *url = ld_text_field(L, doc, l, p, "url", LINK_MAX_BYTES, true);
        const char *label = ld_text_field(L, doc, l, p, "label", 60, true);
        if (!url || !label)
            continue;
        char why[160], up[JPATH_LEN + 8];
        str_format(up, sizeof up, "%s.url", p);
        const cJSON *url_node = cJSON_GetObjectItemCaseSensitive(l, "url");
        if (!link_check(url, out->kind == DOC_HELP, why, sizeof why)) {
            json_doc_error(doc, L->diags, url_node, up, "%s", why);
            continue;
        }
        /* Sized now (pages are laid out with it), encoded when first drawn. */
        int size = qr_size_for_length(strlen(url));
        if (size == 0) {
            json_doc_error(doc, L->diags, url_node, up, "cannot make a QR code of this link");
            continue;
        }
        out->links[out->link_count++] = (content_link){url, label, size, NULL};
    }
}

/* "audio": recorded readings, one per section at most, each a WAV file under
 * audio/ that the platform can decode and of a sane length. */
void ld_load_audio(loader *L, const json_doc *doc, const cJSON *root, content_doc *out)
{
    static const char *const audio_fields[] = {"section", "src", NULL};
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, "audio");
    if (!list)
        return;
    int n = cJSON_IsArray(list) ? cJSON_GetArraySize(list) : -1;
    if (n < 1 || n > CONTENT_MAX_AUDIO) {
        json_doc_error(doc, L->diags, list, "$.audio", "expected a list of 1 to %d recordings",
                       CONTENT_MAX_AUDIO);
        return;
    }
    out->audio = arena_alloc(L->set->arena, (size_t)n * sizeof *out->audio);
    if (!out->audio)
        return;
    int sections = content_section_count(out), i = 0, last_section = 0;
    for (const cJSON *a = list->child; a; a = a->next, i++) {
        char p[JPATH_LEN], sp[JPATH_LEN + 8];
        str_format(p, sizeof p, "$.audio[%d]", i);
        if (!ld_is_object(L, doc, a, p))
            continue;
        ld_only_fields(L, doc, a, p, audio_fields);
        const cJSON *sec = ld_field(doc, L->diags, a, p, "section", true);
        const char *src = ld_text_field(L, doc, a, p, "src", 200, true);
        if (!sec || !src)
            continue;
        str_format(sp, sizeof sp, "%s.section", p);
        if (!cJSON_IsNumber(sec) || sec->valuedouble != (double)(int)sec->valuedouble ||
            sec->valueint < 1 || (sections > 0 && sec->valueint > sections)) {
            json_doc_error(doc, L->diags, sec, sp, "expected a section number from 1 to %d",
                           sections);
            continue;
        }
        if (last_section >= sec->valueint) {
            json_doc_error(doc, L->diags, sec, sp, "sections must be in order, each at most once");
            continue;
        }
        last_section = sec->valueint;
        const cJSON *src_node = cJSON_GetObjectItemCaseSensitive(a, "src");
        str_format(sp, sizeof sp, "%s.src", p);
        char full[PATH_MAX_LEN], why[160];
        size_t sl = strlen(src);
        if (strstr(src, "..") || strncmp(src, "audio/", 6) != 0 || sl < 5 ||
            strcmp(src + sl - 4, ".wav") != 0) {
            json_doc_error(doc, L->diags, src_node, sp,
                           "recordings must be .wav files under audio/ in the content folder");
            continue;
        }
        if (!str_format(full, sizeof full, "%s/%s", L->set->root, src)) {
            json_doc_error(doc, L->diags, src_node, sp, "recording path too long");
            continue;
        }
        size_t len = 0;
        char *data = safe_read_all(full, false, AUDIO_MAX_BYTES, &len, why, sizeof why);
        if (!data) {
            if (strncmp(why, "cannot open", 11) == 0 && strstr(why, strerror(ENOENT)))
                json_doc_error(doc, L->diags, src_node, sp, "recording \"%s\" not found", src);
            else
                json_doc_error(doc, L->diags, src_node, sp, "recording \"%s\" %s", src, why);
            continue;
        }
        wav_info info;
        int decoded_ms = 0;
        if (!wav_header_read(data, len, &info, why, sizeof why))
            json_doc_error(doc, L->diags, src_node, sp, "recording \"%s\" %s", src, why);
        else if (info.ms < AUDIO_MIN_MS || info.ms > AUDIO_MAX_MS)
            json_doc_error(doc, L->diags, src_node, sp,
                           "recording \"%s\" lasts %d ms; expected %d ms to %d minutes", src,
                           info.ms, AUDIO_MIN_MS, AUDIO_MAX_MS / 60000);
        else if (L->checks && L->checks->audio_decodes &&
                 (!L->checks->audio_decodes(L->checks->ctx, data, len, &decoded_ms) ||
                  decoded_ms < info.ms - 50 || decoded_ms > info.ms + 50))
            json_doc_error(doc, L->diags, src_node, sp, "recording \"%s\" does not decode", src);
        else
            out->audio[out->audio_count++] =
                (content_audio){sec->valueint, arena_strdup(L->set->arena, src), info.ms};
        free(data);
    }
}
