/* groups.json: the weekly support groups, checked in each language and
 * across languages (docs/content.md). */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "../core/util.h"
#include "load_fields.h"
#include "load_internal.h"

/* ---- groups.json: the weekly support groups ---- */

static const char *const weekday_names[] = {"sunday",   "monday", "tuesday", "wednesday",
                                            "thursday", "friday", "saturday"};

/* One language's groups.json, kept parsed until the languages are compared,
 * so that every problem can name its line. */

/* Day of the week of a calendar date, 0 Sunday .. 6 Saturday (any time zone). */
static int weekday_of(const char *date)
{
    static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
    int y = atoi(date), m = atoi(date + 5), d = atoi(date + 8);
    if (m < 3)
        y--;
    return (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7;
}

/* "HH:MM" on a 24-hour clock, exactly five characters: minutes after midnight, or -1. */
static int parse_time(const char *s)
{
    if (strlen(s) != 5 || s[2] != ':' || !isdigit((unsigned char)s[0]) ||
        !isdigit((unsigned char)s[1]) || !isdigit((unsigned char)s[3]) ||
        !isdigit((unsigned char)s[4]))
        return -1;
    int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
    return h < 24 && m < 60 ? h * 60 + m : -1;
}

static bool load_group(loader *L, const json_doc *doc, const cJSON *g, const char *jpath,
                       content_group *out)
{
    static const char *const group_fields[] = {
        "id", "name", "for", "day", "start", "minutes", "mode", "room", "language", "join", NULL};
    int before = L->diags->errors;
    char p[JPATH_LEN + 32], qb[100];
    *out = (content_group){0};
    if (!ld_is_object(L, doc, g, jpath))
        return false;
    ld_only_fields(L, doc, g, jpath, group_fields);
    out->id = ld_text_field(L, doc, g, jpath, "id", 40, true);
    if (out->id && !ld_id_ok(out->id)) {
        str_format(p, sizeof p, "%s.id", jpath);
        json_doc_error(doc, L->diags, ld_child(g, "id"), p,
                       "group id \"%s\" may use only lowercase letters, digits and -",
                       ld_quoted(qb, out->id));
    }
    out->name = ld_text_field(L, doc, g, jpath, "name", 80, true);
    out->who = ld_text_field(L, doc, g, jpath, "for", 200, true);
    const char *day = ld_text_field(L, doc, g, jpath, "day", 40, true);
    if (day) {
        out->weekday = -1;
        for (int w = 0; w < 7; w++)
            if (strcmp(day, weekday_names[w]) == 0)
                out->weekday = w;
        if (out->weekday < 0) {
            str_format(p, sizeof p, "%s.day", jpath);
            json_doc_error(
                doc, L->diags, ld_child(g, "day"), p,
                "day must be one of monday, tuesday, wednesday, thursday, friday, saturday, sunday "
                "(in English in every language), not \"%s\"",
                ld_quoted(qb, day));
        }
    }
    const char *start = ld_text_field(L, doc, g, jpath, "start", 40, true);
    if (start) {
        out->start_minute = parse_time(start);
        if (out->start_minute < 0) {
            str_format(p, sizeof p, "%s.start", jpath);
            json_doc_error(
                doc, L->diags, ld_child(g, "start"), p,
                "expected a time as HH:MM on a 24-hour clock, 00:00 to 23:59, not \"%s\"",
                ld_quoted(qb, start));
        }
    }
    const cJSON *minutes = ld_field(doc, L->diags, g, jpath, "minutes", true);
    if (minutes) {
        str_format(p, sizeof p, "%s.minutes", jpath);
        if (!cJSON_IsNumber(minutes) || minutes->valuedouble < 15 || minutes->valuedouble > 480 ||
            minutes->valuedouble != (double)(int)minutes->valuedouble)
            json_doc_error(doc, L->diags, minutes, p,
                           "expected a whole number of minutes from 15 to 480%s",
                           cJSON_IsString(minutes) ? ", without quotes" : "");
        else
            out->minutes = minutes->valueint;
    }
    const char *mode = ld_text_field(L, doc, g, jpath, "mode", 40, true);
    if (mode) {
        out->online = strcmp(mode, "online") == 0;
        if (!out->online && strcmp(mode, "in_person") != 0) {
            str_format(p, sizeof p, "%s.mode", jpath);
            json_doc_error(doc, L->diags, ld_child(g, "mode"), p,
                           "mode must be \"in_person\" or \"online\", not \"%s\"",
                           ld_quoted(qb, mode));
        }
    }
    out->room = ld_text_field(L, doc, g, jpath, "room", 120, false);
    if (mode && strcmp(mode, "in_person") == 0 && !ld_child(g, "room"))
        json_doc_error(doc, L->diags, g, jpath,
                       "missing required field \"room\" (an in-person group needs its room)");
    out->language = ld_text_field(L, doc, g, jpath, "language", 60, true);
    out->join = ld_text_field(L, doc, g, jpath, "join", 300, true);
    return L->diags->errors == before;
}

static bool load_cancellation(loader *L, const json_doc *doc, const cJSON *c, const char *jpath,
                              content_cancellation *out)
{
    static const char *const cancel_fields[] = {"date", "group", "note", NULL};
    int before = L->diags->errors;
    char p[JPATH_LEN + 32], qb[100];
    *out = (content_cancellation){0};
    if (!ld_is_object(L, doc, c, jpath))
        return false;
    ld_only_fields(L, doc, c, jpath, cancel_fields);
    out->date = ld_text_field(L, doc, c, jpath, "date", 40, true);
    if (out->date && !content_date_valid(out->date)) {
        str_format(p, sizeof p, "%s.date", jpath);
        json_doc_error(doc, L->diags, ld_child(c, "date"), p,
                       "not a date: expected YYYY-MM-DD, got \"%s\"", ld_quoted(qb, out->date));
    }
    out->group_id = ld_text_field(L, doc, c, jpath, "group", 40, false);
    if (out->group_id && !ld_id_ok(out->group_id)) {
        str_format(p, sizeof p, "%s.group", jpath);
        json_doc_error(doc, L->diags, ld_child(c, "group"), p, "expected a group id, not \"%s\"",
                       ld_quoted(qb, out->group_id));
    }
    out->note = ld_text_field(L, doc, c, jpath, "note", 200, true);
    return L->diags->errors == before;
}

static int find_group(const content_lang *lang, const char *id)
{
    for (int i = 0; i < lang->group_count; i++)
        if (strcmp(lang->groups[i].id, id) == 0)
            return i;
    return -1;
}

static bool same_group_id(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* The cancellations name real groups, on days they meet, each once. */
static void check_cancellations(loader *L, groups_file *gf, const content_lang *lang)
{
    char p[JPATH_LEN + 32], qb[100];
    for (int i = 0; i < lang->cancellation_count; i++) {
        const content_cancellation *c = &lang->cancellations[i];
        const cJSON *node = gf->cancel_nodes[i];
        int wd = weekday_of(c->date);
        if (c->group_id) {
            int g = find_group(lang, c->group_id);
            if (g < 0) {
                str_format(p, sizeof p, "$.cancellations[%d].group", i);
                json_doc_error(&gf->doc, L->diags, ld_child(node, "group"), p,
                               "no group \"%s\" in $.groups", ld_quoted(qb, c->group_id));
            } else if (lang->groups[g].weekday != wd) {
                str_format(p, sizeof p, "$.cancellations[%d].date", i);
                json_doc_error(&gf->doc, L->diags, ld_child(node, "date"), p,
                               "%s is a %s, but \"%s\" meets on %s", c->date, weekday_names[wd],
                               c->group_id, weekday_names[lang->groups[g].weekday]);
            }
        } else {
            bool any = false;
            for (int g = 0; g < lang->group_count; g++)
                any = any || lang->groups[g].weekday == wd;
            if (!any) {
                str_format(p, sizeof p, "$.cancellations[%d].date", i);
                json_doc_error(&gf->doc, L->diags, ld_child(node, "date"), p,
                               "%s is a %s, and no group meets on %s", c->date, weekday_names[wd],
                               weekday_names[wd]);
            }
        }
        for (int e = 0; e < i; e++) {
            const content_cancellation *o = &lang->cancellations[e];
            if (strcmp(o->date, c->date) != 0)
                continue;
            str_format(p, sizeof p, "$.cancellations[%d]", i);
            if (same_group_id(o->group_id, c->group_id)) {
                json_doc_error(&gf->doc, L->diags, node, p,
                               "the same cancellation is already in $.cancellations[%d]", e);
                break;
            }
            if (!o->group_id || !c->group_id) {
                json_doc_error(&gf->doc, L->diags, node, p,
                               "%s is cancelled for every group and for one group "
                               "($.cancellations[%d]): keep one",
                               c->date, e);
                break;
            }
        }
    }
}

/* Loads one language's groups.json into lang; gf keeps the parsed file. */
bool ld_load_groups(loader *L, const char *path, content_lang *lang, groups_file *gf)
{
    static const char *const file_fields[] = {"$schema", "$comment", "groups", "cancellations", NULL};
    if (!json_doc_load(&gf->doc, path, L->diags))
        return false;
    gf->loaded = true;
    int before = L->diags->errors;
    const json_doc *doc = &gf->doc;
    const cJSON *root = doc->root;
    if (!ld_is_object(L, doc, root, "$"))
        return false;
    ld_only_fields(L, doc, root, "$", file_fields);
    const cJSON *groups = ld_field(doc, L->diags, root, "$", "groups", true);
    gf->groups_node = groups;
    if (groups && !cJSON_IsArray(groups)) {
        json_doc_error(doc, L->diags, groups, "$.groups", "expected a list of groups");
    } else if (groups) {
        int n = cJSON_GetArraySize(groups);
        if (n < 1 || n > CONTENT_MAX_GROUPS) {
            json_doc_error(doc, L->diags, groups, "$.groups",
                           "groups.json holds 1 to %d groups, not %d", CONTENT_MAX_GROUPS, n);
        } else {
            lang->groups = arena_alloc(L->set->arena, (size_t)n * sizeof *lang->groups);
            int i = 0;
            for (const cJSON *g = groups->child; g; g = g->next, i++) {
                char p[JPATH_LEN];
                str_format(p, sizeof p, "$.groups[%d]", i);
                content_group *out = &lang->groups[lang->group_count];
                if (!load_group(L, doc, g, p, out))
                    continue;
                int dup = find_group(lang, out->id);
                if (dup >= 0) {
                    char qb[100];
                    str_format(p, sizeof p, "$.groups[%d].id", i);
                    json_doc_error(doc, L->diags, ld_child(g, "id"), p,
                                   "group \"%s\" is already in $.groups[%d]",
                                   ld_quoted(qb, out->id), gf->group_pos[dup]);
                    continue;
                }
                gf->group_pos[lang->group_count] = i;
                gf->group_nodes[lang->group_count++] = g;
            }
        }
    }
    const cJSON *cancels = ld_field(doc, L->diags, root, "$", "cancellations", false);
    gf->cancel_node = cancels;
    if (cancels && !cJSON_IsArray(cancels)) {
        json_doc_error(doc, L->diags, cancels, "$.cancellations",
                       "expected a list of cancellations");
    } else if (cancels) {
        int n = cJSON_GetArraySize(cancels);
        if (n > CONTENT_MAX_CANCELLATIONS) {
            json_doc_error(doc, L->diags, cancels, "$.cancellations",
                           "at most %d cancellations, not %d (remove past ones)",
                           CONTENT_MAX_CANCELLATIONS, n);
        } else if (n > 0) {
            lang->cancellations =
                arena_alloc(L->set->arena, (size_t)n * sizeof *lang->cancellations);
            int i = 0;
            for (const cJSON *c = cancels->child; c; c = c->next, i++) {
                char p[JPATH_LEN];
                str_format(p, sizeof p, "$.cancellations[%d]", i);
                if (load_cancellation(L, doc, c, p, &lang->cancellations[lang->cancellation_count]))
                    gf->cancel_nodes[lang->cancellation_count++] = c;
            }
        }
    }
    /* Names and days of the groups are needed to check the cancellations. */
    if (L->diags->errors == before)
        check_cancellations(L, gf, lang);
    return L->diags->errors == before;
}

static void describe_cancellation(char *buf, size_t size, const content_cancellation *c)
{
    char qb[100];
    if (c->group_id)
        str_format(buf, size, "on %s for \"%s\"", c->date, ld_quoted(qb, c->group_id));
    else
        str_format(buf, size, "on %s for every group", c->date);
}

static int find_cancellation(const content_lang *lang, const content_cancellation *c)
{
    for (int i = 0; i < lang->cancellation_count; i++)
        if (strcmp(lang->cancellations[i].date, c->date) == 0 &&
            same_group_id(lang->cancellations[i].group_id, c->group_id))
            return i;
    return -1;
}

/* Every language has the same groups, at the same times, and the same
 * cancellations (only the words differ); then each language's groups are put
 * in the first language's order. Called when every groups.json loaded cleanly. */
void ld_compare_groups(loader *L, groups_file *gf)
{
    content_set *set = L->set;
    int before = L->diags->errors;
    const content_lang *first = &set->langs[0];
    for (int l = 1; l < set->lang_count; l++) {
        content_lang *other = &set->langs[l];
        groups_file *g0 = &gf[0], *gl = &gf[l];
        char p[JPATH_LEN + 32], qb[100], qb2[100];
        for (int i = 0; i < first->group_count; i++) {
            const content_group *a = &first->groups[i];
            int j = find_group(other, a->id);
            if (j < 0) {
                json_doc_error(&gl->doc, L->diags, gl->groups_node, "$.groups",
                               "missing translation of group \"%s\" (present in %s)",
                               ld_quoted(qb, a->id), first->code);
                continue;
            }
            const content_group *b = &other->groups[j];
            const cJSON *node = gl->group_nodes[j];
            int pos = gl->group_pos[j];
            if (a->weekday != b->weekday) {
                str_format(p, sizeof p, "$.groups[%d].day", pos);
                json_doc_error(&gl->doc, L->diags, ld_child(node, "day"), p,
                               "\"%s\" here but \"%s\" in %s/groups.json: "
                               "the schedule must be the same in every language",
                               weekday_names[b->weekday], weekday_names[a->weekday], first->code);
            }
            if (a->start_minute != b->start_minute) {
                str_format(p, sizeof p, "$.groups[%d].start", pos);
                json_doc_error(&gl->doc, L->diags, ld_child(node, "start"), p,
                               "\"%02d:%02d\" here but \"%02d:%02d\" in %s/groups.json: the "
                               "schedule must be the same "
                               "in every language",
                               b->start_minute / 60, b->start_minute % 60, a->start_minute / 60,
                               a->start_minute % 60, first->code);
            }
            if (a->minutes != b->minutes) {
                str_format(p, sizeof p, "$.groups[%d].minutes", pos);
                json_doc_error(&gl->doc, L->diags, ld_child(node, "minutes"), p,
                               "%d here but %d in %s/groups.json: the schedule must be the same in "
                               "every language",
                               b->minutes, a->minutes, first->code);
            }
            if (a->online != b->online) {
                str_format(p, sizeof p, "$.groups[%d].mode", pos);
                json_doc_error(&gl->doc, L->diags, ld_child(node, "mode"), p,
                               "\"%s\" here but \"%s\" in %s/groups.json: "
                               "the schedule must be the same in every language",
                               b->online ? "online" : "in_person",
                               a->online ? "online" : "in_person", first->code);
            }
        }
        for (int j = 0; j < other->group_count; j++)
            if (find_group(first, other->groups[j].id) < 0)
                json_doc_error(&g0->doc, L->diags, g0->groups_node, "$.groups",
                               "missing translation of group \"%s\" (present in %s)",
                               ld_quoted(qb2, other->groups[j].id), other->code);
        /* Cancellations: the same dates and groups in every language. */
        for (int pass = 0; pass < 2; pass++) {
            const content_lang *from = pass ? other : first, *to = pass ? first : other;
            groups_file *tf = pass ? g0 : gl;
            for (int i = 0; i < from->cancellation_count; i++) {
                if (find_cancellation(to, &from->cancellations[i]) >= 0)
                    continue;
                char what[160];
                describe_cancellation(what, sizeof what, &from->cancellations[i]);
                json_doc_error(&tf->doc, L->diags, tf->cancel_node ? tf->cancel_node : tf->doc.root,
                               tf->cancel_node ? "$.cancellations" : "$",
                               "missing translation of the cancellation %s (present in %s)", what,
                               from->code);
            }
        }
    }
    if (L->diags->errors != before)
        return;
    /* The same order in every language: groups[i].id matches. */
    for (int l = 1; l < set->lang_count; l++) {
        content_lang *other = &set->langs[l];
        content_group *sorted =
            arena_alloc(set->arena, (size_t)other->group_count * sizeof *sorted);
        for (int i = 0; i < first->group_count; i++)
            sorted[i] = other->groups[find_group(other, first->groups[i].id)];
        other->groups = sorted;
    }
}
