/* lanternctl stats: the anonymous usage figures per day (no key needed). */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/json_out.h"
#include "core/util.h"
#include "store/store.h"
#include "tools/cli.h"

/* ---- stats ---- */

static const char *const usage_columns[] = {"day", "metric", "item", "count"};

typedef struct {
    out_format format;
    FILE *out;
    int written;
} stats_ctx;

static bool on_usage(void *ctx, const store_usage_row *row)
{
    stats_ctx *c = ctx;
    long long n = (long long)row->count;
    if (c->format == OUT_CSV) {
        const char *values[] = {row->day, row->metric, row->item};
        for (int i = 0; i < 3; i++) {
            cli_csv_field(c->out, values[i]);
            fputc(',', c->out);
        }
        fprintf(c->out, "%lld\r\n", n);
    } else if (c->format == OUT_JSON) {
        fputs(c->written ? ",\n  {" : "\n  {", c->out);
        const char *values[] = {row->day, row->metric, row->item};
        for (int i = 0; i < 3; i++) {
            fprintf(c->out, "\"%s\": ", usage_columns[i]);
            json_out_string(c->out, values[i]);
            fputs(", ", c->out);
        }
        fprintf(c->out, "\"count\": %lld}", n);
    } else {
        fprintf(c->out, "%-10s  %-17s  %-30s  %8lld\n", row->day, row->metric, row->item, n);
    }
    c->written++;
    return true;
}

int stats_main(int argc, char **argv)
{
    cli_args args = {0};
    int rc = cli_parse(argc, argv, "stats", "--db --since --format", &args);
    if (rc)
        return rc;
    const cli_args *a = &args;
    if (!a->db)
        return cli_bad_usage("%s needs --db PATH (the kiosk's " STORE_DB_NAME ", or a copy of it)",
                             "stats");
    if (a->id_count)
        return cli_bad_usage("unexpected argument \"%s\"", a->ids[0]);
    stats_ctx c = {.format = OUT_TEXT, .out = stdout};
    if (a->format) {
        if (strcmp(a->format, "csv") == 0)
            c.format = OUT_CSV;
        else if (strcmp(a->format, "json") == 0)
            c.format = OUT_JSON;
        else if (strcmp(a->format, "text") == 0)
            c.format = OUT_TEXT;
        else
            return cli_bad_usage("--format is text, csv or json, not \"%s\"", a->format);
    }
    int64_t ignored;
    if (a->since && !cli_parse_date(a->since, &ignored))
        return cli_bad_usage("--since expects a date as YYYY-MM-DD, not \"%s\"", a->since);
    store *s = cli_open_db(a->db, false);
    if (!s)
        return 1;
    if (c.format == OUT_CSV)
        fputs("day,metric,item,count\r\n", c.out);
    else if (c.format == OUT_JSON)
        fputs("[", c.out);
    else
        fprintf(c.out, "%-10s  %-17s  %-30s  %8s\n", "day", "metric", "item", "count");
    store_status st = store_usage_each(s, a->since, on_usage, &c);
    store_close(s);
    if (c.format == OUT_JSON)
        fputs(c.written ? "\n]\n" : "]\n", c.out);
    else if (c.format == OUT_TEXT && c.written == 0)
        fputs("(no usage figures)\n", c.out);
    int status = 0;
    if (st != STORE_OK) {
        fprintf(stderr, "lanternctl: reading the usage figures in %s stopped: %s\n", a->db,
                store_status_text(st));
        status = 1;
    }
    if (fflush(c.out) != 0 || ferror(c.out)) {
        fprintf(stderr, "lanternctl: writing the output failed: %s\n", strerror(errno));
        status = 1;
    }
    return status;
}
