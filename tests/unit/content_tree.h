/* content_tree: real content folders for the unit tests: the shipped content
 * loaded (layout, a11y, reader_nav; the caller destroys the set), and for the
 * platform's tests (import, reload) a content folder copied as a given
 * version, a file written, a tree removed (regular files and folders only). */
#ifndef LANTERN_CONTENT_TREE_H
#define LANTERN_CONTENT_TREE_H

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "content/load.h"
#include "core/util.h"

/* The shipped content ($LANTERN_CONTENT, else ./content), loaded; NULL (a
 * failed check) when it does not load. The caller content_destroy()s it. */
static inline content_set *shipped_content(void)
{
    const char *dir = getenv("LANTERN_CONTENT");
    diag_list diags = {0};
    content_set *set = content_load(dir ? dir : "content", NULL, &diags);
    diag_list_free(&diags);
    CHECK_MSG(set != NULL, "the shipped content (%s) did not load", dir ? dir : "content");
    return set;
}

static int tree_rm_entry(const char *p, const struct stat *st, int flag, struct FTW *f)
{
    (void)st, (void)f;
    return flag == FTW_DP ? rmdir(p) : unlink(p);
}

static inline void tree_remove(const char *dir)
{
    nftw(dir, tree_rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static const char *tree_cp_from, *tree_cp_to;

static int tree_cp_entry(const char *p, const struct stat *st, int flag, struct FTW *f)
{
    (void)f;
    char to[PATH_MAX];
    str_format(to, sizeof to, "%s%s", tree_cp_to, p + strlen(tree_cp_from));
    if (flag == FTW_D)
        return mkdir(to, 0755) == 0 || errno == EEXIST ? 0 : -1;
    if (flag != FTW_F || !S_ISREG(st->st_mode))
        return 0;
    int in = open(p, O_RDONLY), out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    char buf[65536];
    ssize_t n;
    while (in >= 0 && out >= 0 && (n = read(in, buf, sizeof buf)) > 0)
        if (write(out, buf, (size_t)n) != n)
            break;
    if (in >= 0)
        close(in);
    if (out >= 0)
        close(out);
    return 0;
}

static inline void tree_copy(const char *from, const char *to)
{
    tree_cp_from = from, tree_cp_to = to;
    nftw(from, tree_cp_entry, 16, FTW_PHYS);
}

static inline void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    CHECK_MSG(f != NULL, "%s: %s", path, strerror(errno));
    if (!f)
        return;
    fputs(text, f);
    fclose(f);
}

/* Sets the "version" of the content folder dir's manifest. */
static inline void set_version(const char *dir, const char *version)
{
    char path[PATH_MAX], text[4096];
    str_format(path, sizeof path, "%s/manifest.json", dir);
    FILE *f = fopen(path, "r");
    CHECK_MSG(f != NULL, "%s: no manifest", path);
    if (!f)
        exit(check_done(path));
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    char *v = strstr(text, "\"version\"");
    char *q1 = v ? strchr(v + 9, '"') : NULL, *q2 = q1 ? strchr(q1 + 1, '"') : NULL;
    CHECK_MSG(q2 != NULL, "%s: no version", path);
    if (!q2)
        exit(check_done(path));
    char out[4200];
    str_format(out, sizeof out, "%.*s\"%s\"%s", (int)(q1 - text), text, version, q2 + 1);
    write_file(path, out);
}

/* A copy of the content folder from, as version `version`, at dir. */
static inline void copy_version(const char *from, const char *dir, const char *version)
{
    tree_copy(from, dir);
    set_version(dir, version);
}

#endif
