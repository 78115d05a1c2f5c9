/* libFuzzer target for the content loader: the first input byte picks which
 * JSON file of a valid content folder the rest replaces (manifest, UI
 * strings, help, modules, groups, facilitator prompts, lint settings), then
 * the whole folder is loaded as the kiosk would. Any crash, sanitizer report
 * or leak fails the run.
 *
 * The folder is copied once from $LANTERN_FUZZ_BASE; its files are listed then. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <dirent.h>

#include "content/load.h"
#include "core/layout.h"
#include "core/util.h"
#include "../unit/fake_metrics.h"

static char dir[64];
static char targets[256][96]; /* paths of the JSON files, relative to dir */
static int target_count;

static void list_targets(const char *base, const char *rel)
{
    char path[512];
    str_format(path, sizeof path, "%s/%s", base, rel);
    DIR *d = opendir(path);
    struct dirent *e;
    while (d && (e = readdir(d)) && target_count < 256) {
        if (e->d_name[0] == '.')
            continue;
        char sub[128];
        str_format(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", e->d_name);
        size_t n = strlen(e->d_name);
        if (n > 5 && strcmp(e->d_name + n - 5, ".json") == 0)
            str_copy(targets[target_count++], sizeof targets[0], sub);
        else if (!strchr(e->d_name, '.'))
            list_targets(base, sub);
    }
    if (d)
        closedir(d);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *base = getenv("LANTERN_FUZZ_BASE");
    if (!base) {
        fprintf(stderr, "fuzz_content: set LANTERN_FUZZ_BASE to a valid content folder\n");
        exit(2);
    }
    str_copy(dir, sizeof dir, "/tmp/lantern-fuzz-XXXXXX");
    if (!mkdtemp(dir))
        exit(2);
    char cmd[1024];
    str_format(cmd, sizeof cmd, "cp -r '%s'/. '%s'/", base, dir);
    if (system(cmd) != 0)
        exit(2);
    list_targets(dir, "");
    if (target_count == 0)
        exit(2);
    log_set_quiet(true);
    return 0;
}

/* Content that loads is also laid out and drawn, page by page, at a small,
 * a wide and a tall size (issue 9: pagination once wrote past its page array
 * on content within every loader limit). */
static void lay_out_everything(const content_set *set)
{
    static draw_list *out;
    if (!out)
        out = draw_list_create(4096, 512, 128, 16384);
    static const int sizes[][2] = {{800, 480}, {1920, 1080}, {1080, 1920}};
    for (int s = 0; s < 3; s++) {
        metrics m = metrics_for_size(sizes[s][0], sizes[s][1]);
        for (int l = 0; l < set->lang_count; l++) {
            for (int d = 0; d < set->langs[l].doc_count; d++) {
                doc_layout dl = {0};
                int area_w = m.w - 2 * m.margin, area_h = m.h / 2;
                if (doc_layout_build(&dl, &set->langs[l].docs[d], "Reviewed", &FAKE_METRICS, &m, area_w, area_h)) {
                    if (dl.page_count < 1 || dl.page_count > LAYOUT_MAX_PAGES ||
                        dl.page_first[dl.page_count] != dl.row_count)
                        abort();
                    for (int p = 0; p < dl.page_count; p++) {
                        draw_list_reset(out);
                        doc_layout_draw(&dl, p, 0, 0, &m, out);
                        for (int i = 0; i < out->cmd_count; i++)
                            if (out->cmds[i].r.y + out->cmds[i].r.h > area_h + 1)
                                abort(); /* drawn below the page */
                    }
                }
                doc_layout_free(&dl);
            }
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const char *target = targets[data[0] % target_count];
    char path[128];
    str_format(path, sizeof path, "%s/%s", dir, target);
    /* Keep the original to put back: each input changes one file only. */
    FILE *f = fopen(path, "rb");
    static char original[1 << 20];
    size_t original_len = f ? fread(original, 1, sizeof original, f) : 0;
    if (f)
        fclose(f);
    f = fopen(path, "wb");
    if (!f)
        return 0;
    fwrite(data + 1, 1, size - 1, f);
    fclose(f);

    diag_list diags = {0};
    content_set *set = content_load(dir, NULL, &diags);
    /* A set is only returned with no errors; errors always come with a set refused. */
    if ((set != NULL) == (diags.errors != 0))
        abort();
    if (set)
        lay_out_everything(set);
    content_destroy(set);
    diag_list_free(&diags);

    f = fopen(path, "wb");
    if (f) {
        fwrite(original, 1, original_len, f);
        fclose(f);
    }
    return 0;
}
