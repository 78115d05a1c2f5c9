/* The content loader: the shipped content loads; broken content is refused
 * with one `file:line:col: message` line per problem. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "content/load.h"
#include "core/util.h"

static const char *shipped;

static void write_file(const char *dir, const char *rel, const char *text)
{
    char path[1024];
    str_format(path, sizeof path, "%s/%s", dir, rel);
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

/* A fresh copy of the shipped content to break. */
static void fresh_copy(char *dir, size_t size)
{
    str_copy(dir, size, "/tmp/lantern-content-XXXXXX");
    CHECK(mkdtemp(dir) != NULL);
    char cmd[2048];
    str_format(cmd, sizeof cmd, "cp -r '%s'/. '%s'/", shipped, dir);
    CHECK(system(cmd) == 0);
}

static void remove_tree(const char *dir)
{
    char cmd[1100];
    str_format(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0);
}

/* Loads dir and expects it refused with a line ending in want (after the folder). */
static void expect_error(const char *dir, const char *want)
{
    diag_list d = {0};
    content_set *s = content_load(dir, NULL, NULL, &d);
    CHECK_MSG(s == NULL, "content with \"%s\" was accepted", want);
    content_destroy(s);
    bool found = false;
    char full[1400];
    str_format(full, sizeof full, "%s/%s", dir, want);
    for (int i = 0; i < d.count; i++)
        found = found || strcmp(d.lines[i], full) == 0 || strcmp(d.lines[i], want) == 0;
    CHECK_MSG(found, "expected \"%s\"", full);
    if (!found)
        diag_list_print(&d);
    diag_list_free(&d);
}

static const char *doc_head = "{\n  \"id\": \"what-helps\",\n  \"kind\": \"module\",\n  \"version\": 1,\n";
static const char *doc_meta = "  \"summary\": \"S\",\n  \"sources\": [\"Mayo Clinic\"],\n"
                              "  \"reviewed_by\": \"Clinical director\",\n  \"reviewed_on\": \"2026-11-01\",\n"
                              "  \"review_due\": \"2027-05-01\",\n";

static void broken(const char *rel, const char *text, const char *want)
{
    char dir[64];
    fresh_copy(dir, sizeof dir);
    write_file(dir, rel, text);
    expect_error(dir, want);
    remove_tree(dir);
}

int main(void)
{
    shipped = getenv("LANTERN_CONTENT");
    if (!shipped)
        shipped = "content";
    diag_list d = {0};
    content_set *s = content_load(shipped, NULL, NULL, &d);
    diag_list_print(&d);
    CHECK(s != NULL && d.errors == 0);
    if (s) {
        CHECK(s->lang_count == 2);
        for (int l = 0; l < s->lang_count; l++) {
            const content_lang *lang = &s->langs[l];
            CHECK(lang->help && lang->help->kind == DOC_HELP);
            CHECK(lang->home_count >= 3);
            int modules = 0;
            for (int i = 0; i < lang->doc_count; i++) {
                modules += lang->docs[i].kind == DOC_MODULE;
                /* Same document at the same index in every language. */
                CHECK(strcmp(lang->docs[i].id, s->langs[0].docs[i].id) == 0);
            }
            CHECK(modules >= 3);
            for (int k = 0; k < content_required_ui_key_count; k++)
                CHECK(content_ui(lang, content_required_ui_keys[k]) != content_required_ui_keys[k]);
        }
        /* The crisis screen has every help number of the brief. */
        const char *numbers[] = {"988", "911", "741741", "800-854-7771", "1-800-662-4357", "323-402-1622"};
        for (int l = 0; l < s->lang_count; l++)
            for (size_t n = 0; n < sizeof numbers / sizeof numbers[0]; n++) {
                bool found = false;
                const content_doc *h = s->langs[l].help;
                for (int b = 0; b < h->block_count; b++)
                    found = found || (h->blocks[b].number && strcmp(h->blocks[b].number, numbers[n]) == 0);
                CHECK_MSG(found, "%s help.json has no %s", s->langs[l].code, numbers[n]);
            }
    }
    content_destroy(s);
    diag_list_free(&d);

    expect_error("/nonexistent/content", "/nonexistent/content:1:1: content folder not found");

    /* Malformed JSON, with the place it goes wrong. */
    broken("en/modules/what-helps.json", "{\n  \"id\": \"what-helps\",\n  oops\n}\n",
           "en/modules/what-helps.json:3:3: malformed JSON");
    broken("en/modules/what-helps.json", "{\n  \"id\": \"what-",
           "en/modules/what-helps.json:2:15: malformed JSON (the file ends too early)");
    /* A missing required field names the object it belongs in. */
    {
        char text[1024];
        str_format(text, sizeof text, "%s%s  \"blocks\": [{\"type\": \"paragraph\", \"text\": \"x\"}]\n}\n", doc_head, doc_meta);
        broken("es/modules/what-helps.json", text, "es/modules/what-helps.json:1:1: $: missing required field \"title\"");
    }
    /* Wrong type, at the value. */
    {
        char text[1024];
        str_format(text, sizeof text,
                   "{\n  \"id\": \"what-helps\",\n  \"kind\": \"module\",\n  \"version\": \"1\",\n  \"title\": \"T\",\n%s"
                   "  \"blocks\": [{\"type\": \"paragraph\", \"text\": \"x\"}]\n}\n", doc_meta);
        broken("en/modules/what-helps.json", text, "en/modules/what-helps.json:4:14: $.version: expected a whole number from 1 to 1000000, without quotes");
    }
    /* A block missing its text, and an unknown block type. */
    {
        char text[1024];
        str_format(text, sizeof text, "%s  \"title\": \"T\",\n%s  \"blocks\": [\n    {\"type\": \"paragraph\"}\n  ]\n}\n", doc_head, doc_meta);
        broken("en/modules/what-helps.json", text, "en/modules/what-helps.json:12:5: $.blocks[0]: missing required field \"text\"");
        str_format(text, sizeof text, "%s  \"title\": \"T\",\n%s  \"blocks\": [\n    {\"type\": \"video\"}\n  ]\n}\n", doc_head, doc_meta);
        broken("en/modules/what-helps.json", text,
               "en/modules/what-helps.json:12:14: $.blocks[0]: unknown block type \"video\" (heading, paragraph, list, callout, image, help, page_break)");
    }
    /* Unknown field; bad date. */
    {
        char text[1024];
        str_format(text, sizeof text, "%s  \"title\": \"T\",\n  \"colour\": \"red\",\n%s  \"blocks\": [{\"type\": \"paragraph\", \"text\": \"x\"}]\n}\n", doc_head, doc_meta);
        broken("en/modules/what-helps.json", text, "en/modules/what-helps.json:6:13: $: unknown field \"colour\"");
        str_format(text, sizeof text, "%s  \"title\": \"T\",\n  \"summary\": \"S\",\n  \"sources\": [],\n  \"reviewed_by\": \"R\",\n"
                   "  \"reviewed_on\": \"2026-02-30\",\n  \"review_due\": \"2027-05-01\",\n  \"blocks\": [{\"type\": \"paragraph\", \"text\": \"x\"}]\n}\n", doc_head);
        broken("en/modules/what-helps.json", text, "en/modules/what-helps.json:9:18: $.reviewed_on: not a date: expected YYYY-MM-DD, got \"2026-02-30\"");
    }
    /* Invalid UTF-8, with its place. */
    broken("es/modules/what-helps.json", "{\n  \"id\": \"se\xF1" "ales\"\n}\n", "es/modules/what-helps.json:2:12: invalid UTF-8");
    /* A missing translation: a module, and a UI string. */
    {
        char dir[64], path[200];
        fresh_copy(dir, sizeof dir);
        str_format(path, sizeof path, "%s/es/modules/contact.json", dir);
        CHECK(unlink(path) == 0);
        char want[600];
        str_format(want, sizeof want, "es/modules/contact.json:1:1: file missing: the translation of %s/en/modules/contact.json", dir);
        expect_error(dir, want);
        remove_tree(dir);

        fresh_copy(dir, sizeof dir);
        write_file(dir, "es/ui.json", "{\"strings\": {\"language.name\": \"Español\"}}\n");
        expect_error(dir, "es/ui.json:1:13: $.strings: missing UI string \"nav.next\"");
        remove_tree(dir);
    }
    /* The manifest names a tile that does not exist. */
    broken("manifest.json",
           "{\"version\": \"1\", \"languages\": [\"en\", \"es\"], \"default_language\": \"en\", \"home\": [\"nope\"]}",
           "manifest.json:1:80: $.home[0]: no document \"nope\" in en/modules/");
    return check_done("test_content");
}
