/* lanternctl preview: renders what visitors will see, through the kiosk's
 * own app and renderer, so a reviewer signs off on the real screens. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../core/app.h"
#include "../core/util.h"
#include "offscreen.h"
#include "platform.h"

static void html_text(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        case '"': fputs("&quot;", f); break;
        default: fputc(*s, f);
        }
    }
}

static bool make_dir(const char *path)
{
    if (mkdir(path, 0755) == 0 || errno == EEXIST)
        return true;
    fprintf(stderr, "lanternctl: %s: cannot create: %s\n", path, strerror(errno));
    return false;
}

/* Saves the app's current frame as OUT/LANG/NAME.png and adds a thumbnail. */
static bool shot(offscreen *o, app *a, const char *out, const char *lang, const char *name, FILE *html,
                 const char *caption)
{
    char path[1024], err[1200];
    offscreen_draw(o, app_frame(a));
    str_format(path, sizeof path, "%s/%s/%s.png", out, lang, name);
    if (!offscreen_save_png(o, path, err, sizeof err)) {
        fprintf(stderr, "lanternctl: %s\n", err);
        return false;
    }
    fprintf(html, "<figure><a href=\"%s/%s.png\"><img src=\"%s/%s.png\" loading=\"lazy\" alt=\"\"></a><figcaption>", lang,
            name, lang, name);
    html_text(html, caption);
    fputs("</figcaption></figure>\n", html);
    return true;
}

static bool pages(offscreen *o, app *a, const char *out, const content_lang *lang, const char *prefix, FILE *html,
                  bool (*show)(app *, int, int, int), int lang_index, int doc)
{
    int n = 0;
    for (int p = 0; p < LAYOUT_MAX_PAGES; p++) {
        bool ok = doc >= 0 ? app_show_doc(a, lang_index, doc, p)
                           : show(a, lang_index, p, 0);
        if (!ok)
            break;
        n = app_page_count(a);
        char name[128], caption[256], num[16], total[16];
        str_format(name, sizeof name, "%s-p%d", prefix, p + 1);
        str_format(num, sizeof num, "%d", p + 1);
        str_format(total, sizeof total, "%d", n);
        const char *names[] = {"page", "pages"}, *values[] = {num, total};
        str_fill(caption, sizeof caption, content_ui(lang, "nav.page_of"), names, values, 2);
        if (!shot(o, a, out, lang->code, name, html, caption))
            return false;
    }
    return n > 0;
}

static bool show_home(app *a, int lang, int page, int unused)
{
    (void)unused;
    return app_show_home(a, lang, page);
}

static bool show_crisis(app *a, int lang, int page, int unused)
{
    (void)unused;
    return app_show_crisis(a, lang, page);
}

/* Where out is, or will be once created: the real path of its nearest
 * existing ancestor (symlinks resolved) with the missing parts appended.
 * False (errno set) when that cannot be worked out. */
static bool resolve_future_path(const char *out, char *resolved, size_t size)
{
    char head[PATH_MAX], tail[PATH_MAX] = "";
    if (!str_copy(head, sizeof head, out[0] ? out : "."))
        return errno = ENAMETOOLONG, false;
    for (;;) {
        char real[PATH_MAX];
        if (realpath(head, real))
            return str_format(resolved, size, "%s%s", strcmp(real, "/") == 0 && tail[0] ? "" : real,
                              tail) ||
                   (errno = ENAMETOOLONG, false);
        if (errno != ENOENT)
            return false;
        /* head does not exist yet: its last part moves to tail. */
        size_t n = strlen(head);
        while (n > 1 && head[n - 1] == '/')
            head[--n] = '\0';
        char *slash = strrchr(head, '/');
        const char *part = slash ? slash + 1 : head;
        if (strcmp(part, "..") == 0)
            return errno = ENOENT, false; /* ".." after a missing folder */
        if (strcmp(part, ".") != 0) {
            char joined[PATH_MAX];
            if (!str_format(joined, sizeof joined, "/%s%s", part, tail) ||
                !str_copy(tail, sizeof tail, joined))
                return errno = ENAMETOOLONG, false;
        }
        if (!slash)
            str_copy(head, sizeof head, ".");
        else if (slash == head)
            head[1] = '\0';
        else
            *slash = '\0';
    }
}

int preview_run(const config *cfg, const content_set *content, const char *out, const char *only_lang, int w, int h)
{
    /* The preview never writes into the content folder it shows: a PNG or
     * index.html there would be published with the content (and would break
     * its approval). */
    char out_real[PATH_MAX];
    size_t root_len = strlen(content->real_root);
    if (!resolve_future_path(out, out_real, sizeof out_real)) {
        fprintf(stderr, "lanternctl: --out %s: cannot tell where that is: %s\n", out, strerror(errno));
        return 2;
    }
    if (strncmp(out_real, content->real_root, root_len) == 0 &&
        (out_real[root_len] == '\0' || out_real[root_len] == '/' || root_len == 1)) {
        fprintf(stderr,
                "lanternctl: --out %s is inside the content folder %s: write the preview outside it\n",
                out, content->root);
        return 2;
    }
    if (!make_dir(out))
        return 1;
    char path[1024], err[600];
    str_format(path, sizeof path, "%s/index.html", out);
    FILE *html = fopen(path, "w");
    if (!html) {
        fprintf(stderr, "lanternctl: %s: cannot write: %s\n", path, strerror(errno));
        return 1;
    }
    offscreen *o = offscreen_create(cfg, content->real_root, w, h, err, sizeof err);
    app *a = o ? app_create(content, renderer_metrics(offscreen_renderer(o)), w, h, (app_timing){120000, 20000})
               : NULL;
    if (!a) {
        fprintf(stderr, "lanternctl: %s\n", o ? "out of memory" : err);
        fclose(html);
        offscreen_destroy(o);
        return 1;
    }
    fprintf(html, "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Lantern preview: ");
    html_text(html, content->version);
    fprintf(html, "</title>\n<style>body{font-family:sans-serif;margin:2em;background:#f6f3ee;color:#1e2a32}"
                  "figure{display:inline-block;margin:0 1em 1em 0;vertical-align:top}"
                  "img{width:%dpx;border:1px solid #999}figcaption{font-size:.9em}"
                  "h2{border-top:3px solid #1f5f66;padding-top:.5em}.meta{color:#4a5560;font-size:.9em}</style>"
                  "</head><body>\n<h1>Content preview: ",
            w >= h ? 480 : 270);
    html_text(html, content->version);
    fprintf(html, "</h1>\n<p class=\"meta\">Every screen at %dx%d, drawn by the kiosk's own renderer. "
                  "Folder: ", w, h);
    html_text(html, content->root);
    fputs("</p>\n", html);
    bool ok = true;
    for (int l = 0; l < content->lang_count && ok; l++) {
        const content_lang *lang = &content->langs[l];
        if (only_lang && strcmp(only_lang, lang->code) != 0)
            continue;
        str_format(path, sizeof path, "%s/%s", out, lang->code);
        if (!make_dir(path)) {
            ok = false;
            break;
        }
        fputs("<h2>", html);
        html_text(html, content_ui(lang, "language.name"));
        fputs("</h2>\n<h3>", html);
        html_text(html, content_ui(lang, "home.title"));
        fputs("</h3>\n", html);
        ok = pages(o, a, out, lang, "home", html, show_home, l, -1);
        fputs("<h3>", html);
        html_text(html, content_ui(lang, "crisis.title"));
        fputs("</h3>\n", html);
        ok = ok && pages(o, a, out, lang, "crisis", html, show_crisis, l, -1);
        for (int d = 0; d < lang->doc_count && ok; d++) {
            const content_doc *doc = &lang->docs[d];
            fputs("<h3>", html);
            html_text(html, doc->title);
            fputs("</h3>\n<p class=\"meta\">", html);
            html_text(html, doc->id);
            fprintf(html, ", version %d. Review proposed by ", doc->version);
            html_text(html, doc->review_due);
            fputs(".<br>Sources: ", html);
            for (int s = 0; s < doc->source_count; s++) {
                if (s)
                    fputs("; ", html);
                html_text(html, doc->sources[s]);
            }
            fputs("</p>\n", html);
            ok = pages(o, a, out, lang, doc->id, html, NULL, l, d);
        }
    }
    fputs("</body></html>\n", html);
    if (fclose(html) != 0)
        ok = false;
    app_destroy(a);
    offscreen_destroy(o);
    if (ok)
        printf("lanternctl: preview written to %s/index.html\n", out);
    return ok ? 0 : 1;
}
