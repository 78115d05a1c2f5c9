/* Pictures in content: a block's image and the center's logo (manifest
 * "center"), each a regular file under images/ whose size is read from its
 * header before anything decodes it (docs/content.md, "image" and "center"). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../core/image_header.h"
#include "../core/safe_file.h"
#include "../core/util.h"
#include "load_internal.h"

/* An image: a regular file (never a FIFO, device or symlink) of at most
 * IMAGE_MAX_BYTES, read once; its size taken from its header and checked
 * before anything decodes it (a header may claim 100000 x 100000 px); only
 * then decoded, by the platform, from the bytes already read. */
static void check_image(loader *L, const json_doc *doc, const cJSON *src, const char *spath,
                        content_block *out, const char *full)
{
    char why[160];
    size_t len = 0;
    unsigned char *data =
        (unsigned char *)safe_read_all(full, false, IMAGE_MAX_BYTES, &len, why, sizeof why);
    if (!data) {
        if (strncmp(why, "cannot open", 11) == 0 && strstr(why, strerror(ENOENT)))
            json_doc_error(doc, L->diags, src, spath, "image \"%s\" not found", out->src);
        else if (strncmp(why, "is larger", 9) == 0)
            json_doc_error(doc, L->diags, src, spath, "image \"%s\" is over %d bytes", out->src,
                           IMAGE_MAX_BYTES);
        else
            json_doc_error(doc, L->diags, src, spath, "image \"%s\" %s", out->src, why);
        return;
    }
    long w = 0, h = 0;
    if (image_header_size(data, len, &w, &h) == IMAGE_UNKNOWN) {
        json_doc_error(doc, L->diags, src, spath, "cannot read image \"%s\" (PNG or JPEG)",
                       out->src);
    } else if (w > IMAGE_MAX_SIDE || h > IMAGE_MAX_SIDE) {
        json_doc_error(doc, L->diags, src, spath, "image \"%s\" is %ldx%ld px; at most %dx%d",
                       out->src, w, h, IMAGE_MAX_SIDE, IMAGE_MAX_SIDE);
    } else {
        out->image_w = (int)w;
        out->image_h = (int)h;
        int dw = 0, dh = 0;
        if (L->checks && L->checks->decodes &&
            (!L->checks->decodes(L->checks->ctx, data, len, &dw, &dh) || dw != w || dh != h))
            json_doc_error(doc, L->diags, src, spath, "cannot read image \"%s\" (PNG or JPEG)",
                           out->src);
    }
    free(data);
}

/* out->src, obj's field name: under images/ in the content folder, then
 * checked as check_image does. */
void ld_image_src(loader *L, const json_doc *doc, const cJSON *obj, const char *name,
                  const char *jpath, content_block *out)
{
    char full[PATH_MAX_LEN];
    const cJSON *src = cJSON_GetObjectItemCaseSensitive(obj, name);
    char spath[JPATH_LEN + 8];
    str_format(spath, sizeof spath, "%s.%s", jpath, name);
    if (strstr(out->src, "..") || out->src[0] == '/' || strncmp(out->src, "images/", 7) != 0)
        json_doc_error(doc, L->diags, src, spath,
                       "images must be under images/ in the content folder");
    else if (!str_format(full, sizeof full, "%s/%s", L->set->root, out->src))
        json_doc_error(doc, L->diags, src, spath, "image path too long");
    else
        check_image(L, doc, src, spath, out, full);
}

void ld_load_center(loader *L, const json_doc *doc, const cJSON *root)
{
    const cJSON *center = ld_field(doc, L->diags, root, "$", "center", false);
    if (center && ld_is_object(L, doc, center, "$.center")) {
        static const char *const center_fields[] = {"name", "logo", NULL};
        ld_only_fields(L, doc, center, "$.center", center_fields);
        L->set->center_name = ld_text_field(L, doc, center, "$.center", "name", 80, true);
        L->set->center_logo.type = BLOCK_IMAGE;
        L->set->center_logo.src = ld_text_field(L, doc, center, "$.center", "logo", 200, false);
        L->set->center_logo.alt = L->set->center_name;
        if (L->set->center_logo.src)
            ld_image_src(L, doc, center, "logo", "$.center", &L->set->center_logo);
    }
}
