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
    content_set *s = content_load(dir, NULL, &d);
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
                              "  \"review_due\": \"2027-05-01\",\n";

static void broken(const char *rel, const char *text, const char *want)
{
    char dir[64];
    fresh_copy(dir, sizeof dir);
    write_file(dir, rel, text);
    expect_error(dir, want);
    remove_tree(dir);
}


/* Writes several files into a fresh copy (NULL text: delete the file) and
 * expects the content refused with want. */
static void broken_files(const char *const *rels, const char *const *texts, int n, const char *want)
{
    char dir[64];
    fresh_copy(dir, sizeof dir);
    for (int i = 0; i < n; i++) {
        if (texts[i]) {
            write_file(dir, rels[i], texts[i]);
        } else {
            char path[1024];
            str_format(path, sizeof path, "%s/%s", dir, rels[i]);
            CHECK(unlink(path) == 0);
        }
    }
    char full[1400];
    /* A want starting with '$' names the folder (for lines that quote it). */
    if (want[0] == '$')
        str_format(full, sizeof full, want + 1, dir, dir);
    else
        str_copy(full, sizeof full, want);
    expect_error(dir, full);
    remove_tree(dir);
}

/* One group a line (line 3, 4, ... of the file), fields in a fixed order so
 * that each error's column is known. */
static void group_line(char *buf, size_t size, const char *id, const char *day, const char *start,
                       const char *minutes, const char *mode_and_room)
{
    str_format(buf, size,
               "    {\"id\": \"%s\", \"name\": \"N\", \"for\": \"F\", \"day\": \"%s\", \"start\": \"%s\", \"minutes\": %s, "
               "%s, \"language\": \"L\", \"join\": \"J\"}",
               id, day, start, minutes, mode_and_room);
}

#define IN_PERSON "\"mode\": \"in_person\", \"room\": \"R\""

/* A groups.json of the given group lines and cancellation lines. */
static void groups_file_text(char *buf, size_t size, const char *const *groups, int n, const char *cancellations)
{
    str_copy(buf, size, "{\n  \"groups\": [\n");
    for (int i = 0; i < n; i++) {
        str_append(buf, size, groups[i]);
        str_append(buf, size, i + 1 < n ? ",\n" : "\n");
    }
    str_append(buf, size, "  ],\n  \"cancellations\": [");
    str_append(buf, size, cancellations);
    str_append(buf, size, "]\n}\n");
}

static void test_groups(void)
{
    char a[512], b[512], bad[512], en[2048], es[2048];
    const char *rels[] = {"en/groups.json", "es/groups.json"};
    group_line(a, sizeof a, "a", "tuesday", "18:30", "90", IN_PERSON);
    group_line(b, sizeof b, "b", "saturday", "10:00", "60", "\"mode\": \"online\"");
    const char *ab[] = {a, b};
    groups_file_text(en, sizeof en, ab, 2, "");
    {
        /* The two files above load. */
        char dir[64];
        fresh_copy(dir, sizeof dir);
        write_file(dir, rels[0], en);
        write_file(dir, rels[1], en);
        diag_list d = {0};
        content_set *s = content_load(dir, NULL, &d);
        diag_list_print(&d);
        CHECK(s && s->langs[1].group_count == 2 && s->langs[1].groups[1].online && !s->langs[1].groups[1].room);
        CHECK(s && s->langs[0].groups[0].weekday == 2 && s->langs[0].groups[0].start_minute == 18 * 60 + 30);
        content_destroy(s);
        diag_list_free(&d);
        remove_tree(dir);
    }
    /* A bad day, a bad time, minutes out of range, a bad mode, no room. */
    group_line(bad, sizeof bad, "a", "martes", "18:30", "90", IN_PERSON);
    const char *g1[] = {bad};
    groups_file_text(es, sizeof es, g1, 1, "");
    broken("en/groups.json", es,
           "en/groups.json:3:49: $.groups[0].day: day must be one of monday, tuesday, wednesday, thursday, friday, "
           "saturday, sunday (in English in every language), not \"martes\"");
    group_line(bad, sizeof bad, "a", "tuesday", "6:30 PM", "90", IN_PERSON);
    groups_file_text(es, sizeof es, g1, 1, "");
    broken("en/groups.json", es,
           "en/groups.json:3:69: $.groups[0].start: expected a time as HH:MM on a 24-hour clock, 00:00 to 23:59, not \"6:30 PM\"");
    group_line(bad, sizeof bad, "a", "tuesday", "24:00", "90", IN_PERSON);
    groups_file_text(es, sizeof es, g1, 1, "");
    broken("en/groups.json", es,
           "en/groups.json:3:69: $.groups[0].start: expected a time as HH:MM on a 24-hour clock, 00:00 to 23:59, not \"24:00\"");
    group_line(bad, sizeof bad, "a", "tuesday", "18:30", "600", IN_PERSON);
    groups_file_text(es, sizeof es, g1, 1, "");
    broken("en/groups.json", es, "en/groups.json:3:89: $.groups[0].minutes: expected a whole number of minutes from 15 to 480");
    group_line(bad, sizeof bad, "a", "tuesday", "18:30", "90", "\"mode\": \"zoom\", \"room\": \"R\"");
    groups_file_text(es, sizeof es, g1, 1, "");
    broken("en/groups.json", es, "en/groups.json:3:101: $.groups[0].mode: mode must be \"in_person\" or \"online\", not \"zoom\"");
    group_line(bad, sizeof bad, "a", "tuesday", "18:30", "90", "\"mode\": \"in_person\"");
    groups_file_text(es, sizeof es, g1, 1, "");
    broken("en/groups.json", es,
           "en/groups.json:3:5: $.groups[0]: missing required field \"room\" (an in-person group needs its room)");
    /* An unknown field; a group id twice; no groups. */
    group_line(bad, sizeof bad, "a", "tuesday", "18:30", "90", IN_PERSON ", \"colour\": \"red\"");
    groups_file_text(es, sizeof es, g1, 1, "");
    broken("en/groups.json", es, "en/groups.json:3:137: $.groups[0]: unknown field \"colour\"");
    const char *aa[] = {a, a};
    groups_file_text(es, sizeof es, aa, 2, "");
    broken("en/groups.json", es, "en/groups.json:4:12: $.groups[1].id: group \"a\" is already in $.groups[0]");
    broken("en/groups.json", "{\"groups\": []}", "en/groups.json:1:12: $.groups: groups.json holds 1 to 20 groups, not 0");

    /* A group missing in one language; a schedule that differs. */
    const char *only_a[] = {a};
    groups_file_text(es, sizeof es, only_a, 1, "");
    {
        const char *texts[] = {en, es};
        broken_files(rels, texts, 2, "es/groups.json:2:13: $.groups: missing translation of group \"b\" (present in en)");
        const char *reversed[] = {es, en};
        broken_files(rels, reversed, 2, "en/groups.json:2:13: $.groups: missing translation of group \"b\" (present in es)");
    }
    group_line(bad, sizeof bad, "a", "tuesday", "18:00", "90", IN_PERSON);
    const char *a_early[] = {bad, b};
    groups_file_text(es, sizeof es, a_early, 2, "");
    {
        const char *texts[] = {en, es};
        broken_files(rels, texts, 2,
                     "es/groups.json:3:69: $.groups[0].start: \"18:00\" here but \"18:30\" in en/groups.json: the "
                     "schedule must be the same in every language");
    }

    /* Cancellations: an unknown group, a day the group does not meet, a bad
     * date, one twice, one missing in a language. */
    groups_file_text(es, sizeof es, ab, 2, "{\"date\": \"2026-12-22\", \"group\": \"zz\", \"note\": \"N\"}");
    broken("en/groups.json", es, "en/groups.json:6:53: $.cancellations[0].group: no group \"zz\" in $.groups");
    groups_file_text(es, sizeof es, ab, 2, "{\"date\": \"2026-12-24\", \"group\": \"a\", \"note\": \"N\"}");
    broken("en/groups.json", es,
           "en/groups.json:6:30: $.cancellations[0].date: 2026-12-24 is a thursday, but \"a\" meets on tuesday");
    groups_file_text(es, sizeof es, ab, 2, "{\"date\": \"2026-12-24\", \"note\": \"N\"}");
    broken("en/groups.json", es,
           "en/groups.json:6:30: $.cancellations[0].date: 2026-12-24 is a thursday, and no group meets on thursday");
    groups_file_text(es, sizeof es, ab, 2, "{\"date\": \"2026-02-30\", \"note\": \"N\"}");
    broken("en/groups.json", es,
           "en/groups.json:6:30: $.cancellations[0].date: not a date: expected YYYY-MM-DD, got \"2026-02-30\"");
    groups_file_text(es, sizeof es, ab, 2,
                     "{\"date\": \"2026-12-22\", \"note\": \"N\"}, {\"date\": \"2026-12-22\", \"note\": \"M\"}");
    broken("en/groups.json", es, "en/groups.json:6:58: $.cancellations[1]: the same cancellation is already in $.cancellations[0]");
    groups_file_text(es, sizeof es, ab, 2, "{\"date\": \"2026-12-22\", \"group\": \"a\", \"note\": \"N\"}");
    {
        const char *texts[] = {es, en};
        broken_files(rels, texts, 2,
                     "es/groups.json:6:20: $.cancellations: missing translation of the cancellation on 2026-12-22 for "
                     "\"a\" (present in en)");
    }

    /* groups.json missing in one language, in all with a groups screen; the
     * groups screen not on Home. */
    {
        const char *gone[] = {NULL};
        const char *es_only[] = {"es/groups.json"};
        broken_files(es_only, gone, 1, "$%s/es/groups.json:1:1: file missing: the translation of %s/en/groups.json");
        const char *three[] = {"manifest.json", "en/groups.json", "es/groups.json"};
        const char *none[] = {"{\"version\": \"1\", \"languages\": [\"en\", \"es\"], \"default_language\": \"en\", "
                              "\"home\": [\"support-groups\"],\n \"groups_screen\": \"support-groups\"}",
                              NULL, NULL};
        broken_files(three, none, 3,
                     "$%s/manifest.json:2:19: $.groups_screen: the groups screen needs the weekly groups in "
                     "%s/en/groups.json: file not found");
    }
    broken("manifest.json",
           "{\"version\": \"1\", \"languages\": [\"en\", \"es\"], \"default_language\": \"en\", \"home\": [\"contact\"],\n"
           " \"contact_form\": \"contact\", \"groups_screen\": \"contact\"}",
           "manifest.json:2:46: $.groups_screen: \"contact\" already opens the contact form ($.contact_form): give the "
           "groups screen its own tile");
    broken("manifest.json",
           "{\"version\": \"1\", \"languages\": [\"en\", \"es\"], \"default_language\": \"en\", \"home\": [\"contact\"],\n"
           " \"groups_screen\": \"support-groups\"}",
           "manifest.json:2:19: $.groups_screen: \"support-groups\" is not one of the Home tiles");
}

static void test_prompts(void)
{
    /* A section past the module's sections (what-helps has 7). */
    broken("en/facilitator/what-helps.json",
           "{\n  \"module\": \"what-helps\",\n  \"prompts\": [\n    {\"section\": 1, \"text\": \"A question\"},\n"
           "    {\"section\": 9, \"text\": \"Another\"}\n  ]\n}\n",
           "en/facilitator/what-helps.json:5:17: $.prompts[1].section: no section 9: \"what-helps\" has 7 sections "
           "(each heading starts one)");
    /* A section twice, a section that is not a number, control characters. */
    broken("en/facilitator/what-helps.json",
           "{\"module\": \"what-helps\", \"prompts\": [{\"section\": 2, \"text\": \"A\"}, {\"section\": 2, \"text\": \"B\"}]}",
           "en/facilitator/what-helps.json:1:79: $.prompts[1].section: section 2 already has a prompt ($.prompts[0])");
    broken("en/facilitator/what-helps.json",
           "{\"module\": \"what-helps\", \"prompts\": [{\"section\": \"2\", \"text\": \"A\"}]}",
           "en/facilitator/what-helps.json:1:50: $.prompts[0].section: expected a section number from 1 to 200, without quotes");
    broken("en/facilitator/what-helps.json",
           "{\"module\": \"what-helps\", \"prompts\": [{\"section\": 2, \"text\": \"A\\tB\"}]}",
           "en/facilitator/what-helps.json:1:61: $.prompts[0].text: control characters are not allowed");
    broken("en/facilitator/what-helps.json",
           "{\"module\": \"what-helps\", \"prompts\": [{\"section\": 2, \"text\": \"A\", \"speaker\": \"me\"}]}",
           "en/facilitator/what-helps.json:1:77: $.prompts[0]: unknown field \"speaker\"");
    /* The module field must match the file name, and name a module. */
    broken("en/facilitator/what-helps.json", "{\"module\": \"caring-for-yourself\", \"prompts\": [{\"section\": 1, \"text\": \"A\"}]}",
           "en/facilitator/what-helps.json:1:12: $.module: module \"caring-for-yourself\" must match the file name \"what-helps\"");
    {
        const char *rels[] = {"en/facilitator/nope.json", "es/facilitator/nope.json"};
        const char *text = "{\"module\": \"nope\", \"prompts\": [{\"section\": 1, \"text\": \"A\"}]}";
        const char *texts[] = {text, text};
        broken_files(rels, texts, 2, "en/facilitator/nope.json:1:12: $.module: no module \"nope\" in en/modules/");
        /* Present in one language only. */
        broken_files(rels, texts, 1,
                     "$%s/es/facilitator/nope.json:1:1: file missing: the translation of %s/en/facilitator/nope.json");
        const char *gone[] = {NULL};
        const char *es_what[] = {"es/facilitator/what-helps.json"};
        broken_files(es_what, gone, 1,
                     "$%s/es/facilitator/what-helps.json:1:1: file missing: the translation of "
                     "%s/en/facilitator/what-helps.json");
    }
}

int main(void)
{
    shipped = getenv("LANTERN_CONTENT");
    if (!shipped)
        shipped = "content";
    diag_list d = {0};
    content_set *s = content_load(shipped, NULL, &d);
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
        broken("en/modules/what-helps.json", text, "en/modules/what-helps.json:10:5: $.blocks[0]: missing required field \"text\"");
        str_format(text, sizeof text, "%s  \"title\": \"T\",\n%s  \"blocks\": [\n    {\"type\": \"video\"}\n  ]\n}\n", doc_head, doc_meta);
        broken("en/modules/what-helps.json", text,
               "en/modules/what-helps.json:10:14: $.blocks[0]: unknown block type \"video\" (heading, paragraph, list, callout, image, help, page_break, link)");
    }
    /* Unknown field; bad date. */
    {
        char text[1024];
        str_format(text, sizeof text, "%s  \"title\": \"T\",\n  \"colour\": \"red\",\n%s  \"blocks\": [{\"type\": \"paragraph\", \"text\": \"x\"}]\n}\n", doc_head, doc_meta);
        broken("en/modules/what-helps.json", text, "en/modules/what-helps.json:6:13: $: unknown field \"colour\"");
        str_format(text, sizeof text, "%s  \"title\": \"T\",\n  \"summary\": \"S\",\n  \"sources\": [],\n"
                   "  \"review_due\": \"2026-02-30\",\n  \"blocks\": [{\"type\": \"paragraph\", \"text\": \"x\"}]\n}\n", doc_head);
        broken("en/modules/what-helps.json", text, "en/modules/what-helps.json:8:17: $.review_due: not a date: expected YYYY-MM-DD, got \"2026-02-30\"");
        /* The removed free-text reviewer is refused with a pointer to approval. */
        str_format(text, sizeof text, "%s  \"title\": \"T\",\n  \"reviewed_by\": \"Clinical director\",\n%s  \"blocks\": [{\"type\": \"paragraph\", \"text\": \"x\"}]\n}\n", doc_head, doc_meta);
        broken("en/modules/what-helps.json", text,
               "en/modules/what-helps.json:6:18: $: field \"reviewed_by\" is no longer part of the format: delete it "
               "(a clinician approves content by signing it, see \"Approval\" in docs/content.md)");
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
    test_groups();
    test_prompts();
    return check_done("test_content");
}
