/* Content load benchmark: the kiosk's loader (read, parse, check, copy into
 * plain structs) against the floor, a bare cJSON parse of the same files'
 * bytes (read + parse + free). Both read the files each run, so both pay
 * the same I/O. Prints the median of RUNS runs of each, in ms.
 *   usage: load DIR RUNS */
#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "content/load.h"
#include "core/util.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static char paths[4096][512];
static int path_count;

static void list_json(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        char p[512];
        if (e->d_name[0] == '.' || !str_format(p, sizeof p, "%s/%s", dir, e->d_name))
            continue;
        size_t n = strlen(p);
        if (n > 5 && strcmp(p + n - 5, ".json") == 0) {
            if (path_count < 4096)
                str_copy(paths[path_count++], sizeof paths[0], p);
        } else if (!strchr(e->d_name, '.')) {
            list_json(p);
        }
    }
    if (d)
        closedir(d);
}

static double floor_once(void)
{
    double t0 = now_ms();
    for (int i = 0; i < path_count; i++) {
        FILE *f = fopen(paths[i], "rb");
        if (!f)
            abort();
        fseek(f, 0, SEEK_END);
        long n = ftell(f);
        rewind(f);
        char *buf = malloc((size_t)n + 1);
        if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n)
            abort();
        fclose(f);
        cJSON *root = cJSON_ParseWithLength(buf, (size_t)n);
        if (!root)
            abort();
        cJSON_Delete(root);
        free(buf);
    }
    return now_ms() - t0;
}

static double lantern_once(const char *dir)
{
    double t0 = now_ms();
    diag_list diags = {0};
    content_set *set = content_load(dir, NULL, &diags);
    double t = now_ms() - t0;
    if (!set) {
        diag_list_print(&diags);
        abort();
    }
    content_destroy(set);
    diag_list_free(&diags);
    return t;
}

int main(int argc, char **argv)
{
    if (argc != 3)
        return 2;
    int runs = atoi(argv[2]);
    list_json(argv[1]);
    double *a = calloc((size_t)runs, sizeof *a), *b = calloc((size_t)runs, sizeof *b);
    lantern_once(argv[1]); /* warm the page cache for both */
    floor_once();
    for (int i = 0; i < runs; i++) {
        a[i] = lantern_once(argv[1]);
        b[i] = floor_once();
    }
    qsort(a, (size_t)runs, sizeof *a, cmp_double);
    qsort(b, (size_t)runs, sizeof *b, cmp_double);
    printf("%d %.3f %.3f\n", path_count, a[runs / 2], b[runs / 2]);
    free(a);
    free(b);
    return 0;
}
