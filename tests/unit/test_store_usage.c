/* The anonymous usage figures (store/store_usage.c) with `lanternctl
 * stats`, and upgrading a database from an earlier Lantern (schema 1 to the
 * current one). Talks to SQLite directly to look at the schema. */
#define _GNU_SOURCE
#include "store_fixture.h"

/* ---- usage figures ---- */

typedef struct {
    char text[4096];
    int rows;
} usage_seen;

static bool collect_usage(void *ctx, const store_usage_row *row)
{
    usage_seen *u = ctx;
    char line[200];
    str_format(line, sizeof line, "%s|%s|%s|%lld\n", row->day, row->metric, row->item, (long long)row->count);
    str_append(u->text, sizeof u->text, line);
    u->rows++;
    return true;
}

static void table_columns(sqlite3 *raw, const char *table, char *out, size_t size)
{
    char sql[120];
    str_format(sql, sizeof sql, "SELECT name FROM pragma_table_info('%s') ORDER BY cid", table);
    sqlite3_stmt *q = NULL;
    out[0] = '\0';
    if (sqlite3_prepare_v2(raw, sql, -1, &q, NULL) == SQLITE_OK) {
        while (sqlite3_step(q) == SQLITE_ROW) {
            str_append(out, size, (const char *)sqlite3_column_text(q, 0));
            str_append(out, size, " ");
        }
    }
    sqlite3_finalize(q);
}

static void query_one(sqlite3 *raw, const char *sql, char *out, size_t size)
{
    sqlite3_stmt *q = NULL;
    out[0] = '\0';
    if (sqlite3_prepare_v2(raw, sql, -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW &&
        sqlite3_column_text(q, 0))
        str_copy(out, size, (const char *)sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
}

static const char usage_expected[] = "2026-11-29|sessions||3\n"
                                     "2026-11-29|module_opened|recognizing-signs|2\n"
                                     "2026-11-29|module_opened|supporting-a-loved-one|1\n"
                                     "2026-11-29|page_reached|recognizing-signs#1|1\n"
                                     "2026-11-29|page_reached|recognizing-signs#2|1\n"
                                     "2026-11-29|page_reached|recognizing-signs#10|5\n"
                                     "2026-11-29|language|en|1\n"
                                     "2026-11-29|language|es|2\n"
                                     "2026-11-29|crisis_opened||1\n"
                                     "2026-11-29|contact_submitted||1\n"
                                     "2026-12-01|sessions||2\n";

static void test_usage(const char *base)
{
    char dir[600], db[700], err[1400];
    str_format(dir, sizeof dir, "%s/usage", base);
    str_format(db, sizeof db, "%s/%s", dir, STORE_DB_NAME);
    mkdir(dir, 0700);
    store_status st;
    store *s = store_open(db, &st, err, sizeof err);
    CHECK(s != NULL);
    if (!s)
        return;
    const char *d1 = "2026-11-29", *d3 = "2026-12-01";
    for (int i = 0; i < 3; i++)
        CHECK(store_usage_add(s, d1, "sessions", NULL, 1) == STORE_OK);
    CHECK(store_usage_add(s, d3, "sessions", "", 2) == STORE_OK);
    CHECK(store_usage_add(s, d1, "module_opened", "recognizing-signs", 1) == STORE_OK);
    CHECK(store_usage_add(s, d1, "module_opened", "supporting-a-loved-one", 1) == STORE_OK);
    CHECK(store_usage_add(s, d1, "module_opened", "recognizing-signs", 1) == STORE_OK);
    CHECK(store_usage_add(s, d1, "page_reached", "recognizing-signs#10", 4) == STORE_OK);
    CHECK(store_usage_add(s, d1, "page_reached", "recognizing-signs#2", 1) == STORE_OK);
    CHECK(store_usage_add(s, d1, "page_reached", "recognizing-signs#1", 1) == STORE_OK);
    CHECK(store_usage_add(s, d1, "page_reached", "recognizing-signs#10", 1) == STORE_OK);
    CHECK(store_usage_add(s, d1, "language", "es", 2) == STORE_OK);
    CHECK(store_usage_add(s, d1, "language", "en", 1) == STORE_OK);
    CHECK(store_usage_add(s, d1, "crisis_opened", NULL, 1) == STORE_OK);
    CHECK(store_usage_add(s, d1, "contact_submitted", NULL, 1) == STORE_OK);

    /* Refused, and nothing changes. */
    char long_id[80];
    memset(long_id, 'a', 41);
    long_id[41] = '\0';
    const struct {
        const char *day, *metric, *item;
        int n;
    } refused[] = {
        {"2026-11-29", "visitor", "", 1},
        {"2026-11-29", "Sessions", "", 1},
        {"2026-11-29", NULL, "", 1},
        {"2026-11-29", "sessions", "x", 1},
        {"2026-11-29", "crisis_opened", "988", 1},
        {"2026-11-29", "contact_submitted", "Ana", 1},
        {"2026-11-29", "module_opened", "", 1},
        {"2026-11-29", "module_opened", "Recognizing", 1},
        {"2026-11-29", "module_opened", "a b", 1},
        {"2026-11-29", "module_opened", "signs\n", 1},
        {"2026-11-29", "module_opened", "signs\x01", 1},
        {"2026-11-29", "module_opened", long_id, 1},
        {"2026-11-29", "module_opened", "sign\xc3\xa9", 1},
        {"2026-11-29", "module_opened", "x'; DROP TABLE usage; --", 1},
        {"2026-11-29", "page_reached", "recognizing-signs", 1},
        {"2026-11-29", "page_reached", "recognizing-signs#0", 1},
        {"2026-11-29", "page_reached", "recognizing-signs#01", 1},
        {"2026-11-29", "page_reached", "recognizing-signs#x", 1},
        {"2026-11-29", "page_reached", "recognizing-signs#", 1},
        {"2026-11-29", "page_reached", "#3", 1},
        {"2026-11-29", "page_reached", "recognizing-signs#12345", 1},
        {"2026-11-29", "page_reached", "recognizing-signs#3#4", 1},
        {"2026-11-29", "language", "e", 1},
        {"2026-11-29", "language", "ES", 1},
        {"2026-11-29", "language", "-es", 1},
        {"2026-11-29", "language", "", 1},
        {"2026-11-29", "sessions", "", 0},
        {"2026-11-29", "sessions", "", -3},
        {"2026-11-29", "sessions", "", 1000001},
        {"2026-11-29T10", "sessions", "", 1},
        {"2026-11-29 10:00", "sessions", "", 1},
        {"2026-13-01", "sessions", "", 1},
        {"2026-02-29", "sessions", "", 1},
        {"2026-11-31", "sessions", "", 1},
        {"1969-12-31", "sessions", "", 1},
        {"26-11-29", "sessions", "", 1},
        {"2026/11/29", "sessions", "", 1},
        {"", "sessions", "", 1},
        {NULL, "sessions", "", 1},
    };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
        CHECK_MSG(store_usage_add(s, refused[i].day, refused[i].metric, refused[i].item, refused[i].n) == STORE_IO,
                  "refused case %zu", i);
    CHECK(store_usage_add(s, "2028-02-29", "sessions", "", 1) == STORE_OK); /* a leap day is a day */
    CHECK(store_usage_add(NULL, d1, "sessions", "", 1) == STORE_IO);

    usage_seen u = {0};
    CHECK(store_usage_each(s, NULL, collect_usage, &u) == STORE_OK);
    char expect[4096];
    str_format(expect, sizeof expect, "%s2028-02-29|sessions||1\n", usage_expected);
    CHECK_MSG(strcmp(u.text, expect) == 0, "\n%s", u.text);
    memset(&u, 0, sizeof u);
    CHECK(store_usage_each(s, "2026-11-30", collect_usage, &u) == STORE_OK);
    CHECK(strcmp(u.text, "2026-12-01|sessions||2\n2028-02-29|sessions||1\n") == 0);
    memset(&u, 0, sizeof u);
    CHECK(store_usage_each(s, "2026-11-30x", collect_usage, &u) == STORE_IO && u.rows == 0);

    /* Days with gaps: zeros, oldest first, across a month's end. */
    int counts[8] = {-1, -1, -1, -1, -1, -1, -1, -1};
    CHECK(store_usage_days(s, "sessions", "2026-11-28", 7, counts) == STORE_OK);
    CHECK(counts[0] == 0 && counts[1] == 3 && counts[2] == 0 && counts[3] == 2 && counts[4] == 0 && counts[5] == 0 &&
          counts[6] == 0 && counts[7] == -1);
    CHECK(store_usage_days(s, "module_opened", d1, 1, counts) == STORE_OK && counts[0] == 3);
    CHECK(store_usage_days(s, "page_reached", d1, 2, counts) == STORE_OK && counts[0] == 7 && counts[1] == 0);
    CHECK(store_usage_days(s, "sessions", "2028-02-28", 3, counts) == STORE_OK && counts[0] == 0 && counts[1] == 1 &&
          counts[2] == 0);
    CHECK(store_usage_days(s, "sessions", "2025-12-30", 366, NULL) == STORE_IO);
    static int year[366];
    CHECK(store_usage_days(s, "sessions", "2025-12-30", 366, year) == STORE_OK && year[334] == 3 && year[336] == 2);
    CHECK(store_usage_days(s, "visitors", d1, 7, counts) == STORE_IO);
    CHECK(store_usage_days(s, "sessions", d1, 0, counts) == STORE_IO);
    CHECK(store_usage_days(s, "sessions", d1, 367, counts) == STORE_IO);
    CHECK(store_usage_days(s, "sessions", "2026-11-31", 7, counts) == STORE_IO);

    /* A read-only staff handle cannot add; it reads the same. */
    store *ro = store_open_staff(db, false, &st, err, sizeof err);
    CHECK(ro != NULL);
    if (ro) {
        CHECK(store_usage_add(ro, d1, "sessions", "", 1) == STORE_READONLY);
        CHECK(store_usage_days(ro, "sessions", "2026-11-28", 7, counts) == STORE_OK && counts[1] == 3);
        store_close(ro);
    }
    store_close(s);

    /* The schema: usage holds day, metric, item and count, and nothing that
     * could tell one visit from another: no rowid, no other table. */
    sqlite3 *raw = NULL;
    CHECK(sqlite3_open_v2(db, &raw, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK);
    char cols[200], text[200];
    table_columns(raw, "usage", cols, sizeof cols);
    CHECK_MSG(strcmp(cols, "day metric item count ") == 0, "%s", cols);
    sqlite3_stmt *q = NULL;
    CHECK(sqlite3_prepare_v2(raw, "SELECT rowid FROM usage", -1, &q, NULL) != SQLITE_OK);
    sqlite3_finalize(q);
    query_one(raw, "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_master WHERE type = 'table' "
                   "ORDER BY name)",
              text, sizeof text);
    CHECK_MSG(strcmp(text, "delivery meta requests sqlite_sequence usage") == 0, "%s", text);
    query_one(raw, "SELECT value FROM meta WHERE key = 'schema_version'", text, sizeof text);
    CHECK(strcmp(text, "3") == 0);
    query_one(raw, "SELECT count(*) FROM usage WHERE length(day) != 10", text, sizeof text);
    CHECK(strcmp(text, "0") == 0);
    sqlite3_close(raw);
}

/* A database from the first Lantern (schema 1: no usage table). */
static void test_upgrade(const char *base)
{
    char dir[600], db[700], err[1400], out[700], errs[700];
    str_format(dir, sizeof dir, "%s/upgrade", base);
    str_format(db, sizeof db, "%s/%s", dir, STORE_DB_NAME);
    str_format(out, sizeof out, "%s/up-out.txt", base);
    str_format(errs, sizeof errs, "%s/up-err.txt", base);
    mkdir(dir, 0700);
    sqlite3 *raw = NULL;
    CHECK(sqlite3_open(db, &raw) == SQLITE_OK);
    CHECK(sqlite3_exec(raw,
                       "PRAGMA journal_mode=WAL;"
                       "CREATE TABLE requests(id INTEGER PRIMARY KEY, created_at INTEGER NOT NULL,"
                       " format INTEGER NOT NULL,"
                       " status TEXT NOT NULL CHECK(status IN ('new','exported','handled')),"
                       " status_at INTEGER NOT NULL, sealed BLOB NOT NULL);"
                       "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);"
                       "INSERT INTO meta(key, value) VALUES('schema_version', '1');"
                       "INSERT INTO requests VALUES(1, 1795000000, 1, 'new', 1795000000, randomblob(200));",
                       NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_close(raw);

    /* The staff tool reads it as it is: requests, and no usage figures. */
    store_status st;
    store *s = store_open_staff(db, false, &st, err, sizeof err);
    CHECK_MSG(s != NULL, "%s", err);
    if (s) {
        int waiting = 0;
        int64_t oldest = 0;
        CHECK(store_waiting(s, &waiting, &oldest) == STORE_OK && waiting == 1);
        usage_seen u = {0};
        CHECK(store_usage_each(s, NULL, collect_usage, &u) == STORE_OK && u.rows == 0);
        int counts[7] = {9, 9, 9, 9, 9, 9, 9};
        CHECK(store_usage_days(s, "sessions", "2026-11-28", 7, counts) == STORE_OK && counts[0] == 0 &&
              counts[6] == 0);
        store_close(s);
    }
    s = store_open_staff(db, true, &st, err, sizeof err);
    CHECK(s && store_usage_add(s, "2026-11-29", "sessions", "", 1) == STORE_IO);
    store_close(s);
    const char *stats_csv[] = {"stats", "--db", db, "--format", "csv"};
    CHECK(run_ctl(out, errs, 5, stats_csv) == 0);
    size_t len;
    char *o = slurp(out, &len);
    CHECK(o && strcmp(o, "day,metric,item,count\r\n") == 0);
    free(o);
    CHECK(sqlite3_open(db, &raw) == SQLITE_OK);
    char text[200];
    query_one(raw, "SELECT value FROM meta WHERE key = 'schema_version'", text, sizeof text);
    CHECK(strcmp(text, "1") == 0); /* the staff tool changed nothing */
    sqlite3_close(raw);

    /* The kiosk upgrades it in place; the request is still there. Twice is the same as once. */
    for (int round = 0; round < 2; round++) {
        s = store_open(db, &st, err, sizeof err);
        CHECK_MSG(s != NULL, "%s", err);
        if (!s)
            return;
        int waiting = 0;
        int64_t oldest = 0;
        CHECK(store_waiting(s, &waiting, &oldest) == STORE_OK && waiting == 1 && oldest == 1795000000);
        CHECK(store_usage_add(s, "2026-11-29", "sessions", "", 1) == STORE_OK);
        CHECK(store_check(s, err, sizeof err) == STORE_OK);
        store_close(s);
    }
    CHECK(sqlite3_open(db, &raw) == SQLITE_OK);
    query_one(raw, "SELECT value FROM meta WHERE key = 'schema_version'", text, sizeof text);
    CHECK(strcmp(text, "3") == 0);
    /* Schema 3: ids are never reused (AUTOINCREMENT), the old request kept its id. */
    query_one(raw, "SELECT count(*) FROM sqlite_master WHERE name = 'requests' AND sql LIKE '%AUTOINCREMENT%'", text,
              sizeof text);
    CHECK(strcmp(text, "1") == 0);
    query_one(raw, "SELECT id FROM requests", text, sizeof text);
    CHECK(strcmp(text, "1") == 0);
    char cols[200];
    table_columns(raw, "usage", cols, sizeof cols);
    CHECK(strcmp(cols, "day metric item count ") == 0);
    table_columns(raw, "requests", cols, sizeof cols);
    CHECK(strcmp(cols, "id created_at format status status_at sealed ") == 0);
    query_one(raw, "SELECT count FROM usage", text, sizeof text);
    CHECK(strcmp(text, "2") == 0);
    sqlite3_close(raw);
}

/* lanternctl stats on the database of test_usage. */
static void test_stats(const char *base)
{
    char db[700], out[700], errs[700];
    str_format(db, sizeof db, "%s/usage/%s", base, STORE_DB_NAME);
    str_format(out, sizeof out, "%s/stats-out.txt", base);
    str_format(errs, sizeof errs, "%s/stats-err.txt", base);
    size_t len;

    const char *csv[] = {"stats", "--db", db, "--format", "csv", "--since", "2026-11-01"};
    CHECK(run_ctl(out, errs, 7, csv) == 0);
    char *o = slurp(out, &len);
    const char *expect_csv = "day,metric,item,count\r\n"
                             "2026-11-29,sessions,,3\r\n"
                             "2026-11-29,module_opened,recognizing-signs,2\r\n"
                             "2026-11-29,module_opened,supporting-a-loved-one,1\r\n"
                             "2026-11-29,page_reached,recognizing-signs#1,1\r\n"
                             "2026-11-29,page_reached,recognizing-signs#2,1\r\n"
                             "2026-11-29,page_reached,recognizing-signs#10,5\r\n"
                             "2026-11-29,language,en,1\r\n"
                             "2026-11-29,language,es,2\r\n"
                             "2026-11-29,crisis_opened,,1\r\n"
                             "2026-11-29,contact_submitted,,1\r\n"
                             "2026-12-01,sessions,,2\r\n"
                             "2028-02-29,sessions,,1\r\n";
    CHECK_MSG(o && strcmp(o, expect_csv) == 0, "\n%s", o ? o : "");
    free(o);
    char *e = slurp(errs, &len);
    CHECK(e && e[0] == '\0');
    free(e);

    const char *json[] = {"stats", "--db", db, "--format", "json", "--since", "2026-12-01"};
    CHECK(run_ctl(out, errs, 7, json) == 0);
    o = slurp(out, &len);
    CHECK_MSG(o && strcmp(o, "[\n"
                             "  {\"day\": \"2026-12-01\", \"metric\": \"sessions\", \"item\": \"\", \"count\": 2},\n"
                             "  {\"day\": \"2028-02-29\", \"metric\": \"sessions\", \"item\": \"\", \"count\": 1}\n"
                             "]\n") == 0,
              "\n%s", o ? o : "");
    free(o);
    const char *json_none[] = {"stats", "--db", db, "--format", "json", "--since", "2030-01-01"};
    CHECK(run_ctl(out, errs, 7, json_none) == 0);
    o = slurp(out, &len);
    CHECK(o && strcmp(o, "[]\n") == 0);
    free(o);

    const char *text[] = {"stats", "--db", db};
    CHECK(run_ctl(out, errs, 3, text) == 0);
    o = slurp(out, &len);
    CHECK(o && strncmp(o, "day         metric             item                               count\n", 72) == 0);
    CHECK(o && strstr(o, "\n2026-11-29  page_reached       recognizing-signs#10                   5\n"));
    CHECK(o && strstr(o, "\n2026-11-29  sessions                                                  3\n"));
    free(o);
    const char *text_none[] = {"stats", "--db", db, "--since", "2030-01-01", "--format", "text"};
    CHECK(run_ctl(out, errs, 7, text_none) == 0);
    o = slurp(out, &len);
    CHECK(o && strstr(o, "(no usage figures)\n"));
    free(o);

    /* Bad usage: 2; a missing database: 1, and it is not created. */
    const char *bad_format[] = {"stats", "--db", db, "--format", "xml"};
    const char *bad_since[] = {"stats", "--db", db, "--since", "2026-02-30"};
    const char *no_db[] = {"stats"};
    const char *with_key[] = {"stats", "--db", db, "--key", "k"};
    const char *extra[] = {"stats", "--db", db, "more"};
    CHECK(run_ctl(out, errs, 5, bad_format) == 2);
    CHECK(run_ctl(out, errs, 5, bad_since) == 2);
    CHECK(run_ctl(out, errs, 1, no_db) == 2);
    CHECK(run_ctl(out, errs, 5, with_key) == 2);
    CHECK(run_ctl(out, errs, 4, extra) == 2);
    char nowhere[700];
    str_format(nowhere, sizeof nowhere, "%s/usage/nowhere.db", base);
    const char *missing[] = {"stats", "--db", nowhere};
    CHECK(run_ctl(out, errs, 3, missing) == 1);
    CHECK(access(nowhere, F_OK) != 0);
    e = slurp(errs, &len);
    CHECK(e && strstr(e, "no such file"));
    free(e);
    const char *help[] = {"stats", "--help"};
    CHECK(run_ctl(out, errs, 2, help) == 0);
    o = slurp(out, &len);
    CHECK(o && strstr(o, "lanternctl stats --db PATH") && strstr(o, "lanternctl set-pin --data DIR"));
    free(o);
}

int main(void)
{
    log_set_quiet(true);
    char buf[600];
    char *dir = fixture_dir(buf, sizeof buf);
    CHECK(dir != NULL);
    if (!dir)
        return check_done("test_store_usage");
    test_usage(dir);
    test_stats(dir);
    test_upgrade(dir);
    rm_tree(dir);
    return check_done("test_store_usage");
}
