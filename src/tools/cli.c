#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/csv.h"
#include "core/util.h"

int cli_bad_usage(const char *fmt, const char *arg)
{
    return usage_error("lanternctl", "lanternctl requests --help", fmt, arg);
}

/* Every option any staff command takes; cli_parse refuses the ones a
 * command does not list. */
enum {
    OPT_DB = 1,
    OPT_KEY,
    OPT_FORMAT,
    OPT_SINCE,
    OPT_STATUS,
    OPT_OLDER,
    OPT_OUT,
    OPT_DATA,
    OPT_ROLE,
    OPT_PG,
    OPT_CA,
    OPT_CONFIG,
    OPT_KIOSK,
    OPT_FILE,
    OPT_DEMO,
    OPT_PLAIN
};

static const struct option long_options[] = {
    {"db", required_argument, NULL, OPT_DB},
    {"key", required_argument, NULL, OPT_KEY},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"since", required_argument, NULL, OPT_SINCE},
    {"status", required_argument, NULL, OPT_STATUS},
    {"handled-older-than", required_argument, NULL, OPT_OLDER},
    {"out", required_argument, NULL, OPT_OUT},
    {"data", required_argument, NULL, OPT_DATA},
    {"role", required_argument, NULL, OPT_ROLE},
    {"pg", required_argument, NULL, OPT_PG},
    {"ca", required_argument, NULL, OPT_CA},
    {"config", required_argument, NULL, OPT_CONFIG},
    {"kiosk", required_argument, NULL, OPT_KIOSK},
    {"file", required_argument, NULL, OPT_FILE},
    {"demo", no_argument, NULL, OPT_DEMO},
    {"plain", no_argument, NULL, OPT_PLAIN},
    {NULL, 0, NULL, 0},
};

static const char **slot_of(cli_args *a, int opt)
{
    switch (opt) {
    case OPT_DB:
        return &a->db;
    case OPT_KEY:
        return &a->key;
    case OPT_FORMAT:
        return &a->format;
    case OPT_SINCE:
        return &a->since;
    case OPT_STATUS:
        return &a->status;
    case OPT_OLDER:
        return &a->older;
    case OPT_OUT:
        return &a->out;
    case OPT_DATA:
        return &a->data;
    case OPT_ROLE:
        return &a->role;
    case OPT_PG:
        return &a->pg;
    case OPT_CA:
        return &a->ca;
    case OPT_CONFIG:
        return &a->config;
    case OPT_KIOSK:
        return &a->kiosk;
    case OPT_FILE:
        return &a->file;
    default:
        return NULL;
    }
}

static const char *name_of(int opt)
{
    for (const struct option *o = long_options; o->name; o++)
        if (o->val == opt)
            return o->name;
    return "?";
}

int cli_parse(int argc, char **argv, const char *cmd, const char *allowed, cli_args *a)
{
    char list[300];
    str_format(list, sizeof list, " %s ", allowed);
    opterr = 0;
    optind = 0; /* glibc: start over (the commands may run more than once) */
    int opt;
    while ((opt = getopt_long(argc, argv, "", long_options, NULL)) != -1) {
        if (opt == '?' || opt == ':') {
            const char *bad = optind > 0 && optind <= argc ? argv[optind - 1] : "";
            if (optopt >= OPT_DB && optopt <= OPT_PLAIN)
                return cli_bad_usage("%s needs a value", bad);
            return cli_bad_usage("unknown option \"%s\"", bad);
        }
        char word[40];
        str_format(word, sizeof word, " --%s ", name_of(opt));
        if (!strstr(list, word)) {
            char msg[120];
            str_format(msg, sizeof msg, "%s does not take %%s", cmd);
            return cli_bad_usage(msg, word + 1);
        }
        if (opt == OPT_DEMO) {
            a->demo = true;
            continue;
        }
        if (opt == OPT_PLAIN) {
            a->plain = true;
            continue;
        }
        const char **slot = slot_of(a, opt);
        if (*slot)
            return cli_bad_usage("--%s is given twice", name_of(opt));
        *slot = optarg;
    }
    for (int i = optind; i < argc; i++) {
        if (a->id_count >= (int)(sizeof a->ids / sizeof a->ids[0]))
            return cli_bad_usage("too many arguments (at most 256 at a time), starting at \"%s\"",
                                 argv[i]);
        a->ids[a->id_count++] = argv[i];
    }
    return 0;
}

void cli_csv_field(FILE *out, const char *v)
{
    csv_field(out, v);
}

void cli_iso_time(int64_t t, char *out, size_t size)
{
    time_t tt = (time_t)t;
    struct tm tm;
    char zone[8];
    if (!localtime_r(&tt, &tm) || strftime(out, size, "%Y-%m-%dT%H:%M:%S", &tm) == 0 ||
        strftime(zone, sizeof zone, "%z", &tm) == 0 || strlen(zone) != 5) {
        str_copy(out, size, "");
        return;
    }
    /* ISO 8601 extended offset: +0100 -> +01:00 */
    char offset[8] = {zone[0], zone[1], zone[2], ':', zone[3], zone[4], '\0'};
    str_append(out, size, offset);
}

void cli_day_text(int64_t t, char *out, size_t size)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (!localtime_r(&tt, &tm) || strftime(out, size, "%Y-%m-%d %H:%M", &tm) == 0)
        str_copy(out, size, "?");
}

bool cli_parse_date(const char *s, int64_t *out)
{
    if (!date_parse(s, 1, 9999, NULL))
        return false;
    /* Digits only now, so atoi reads each part exactly. */
    struct tm tm = {.tm_year = atoi(s) - 1900,
                    .tm_mon = atoi(s + 5) - 1,
                    .tm_mday = atoi(s + 8),
                    .tm_isdst = -1};
    time_t t = mktime(&tm); /* local midnight of that day */
    if (t == (time_t)-1)
        return false;
    *out = (int64_t)t;
    return true;
}

bool cli_parse_id(const char *s, int64_t *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || *end || v <= 0 || s[0] == '+')
        return false;
    *out = v;
    return true;
}

store *cli_open_db(const char *path, bool writable)
{
    store_status st;
    char err[1400];
    store *s = store_open_staff(path, writable, &st, err, sizeof err);
    if (!s)
        fprintf(stderr, "lanternctl: %s\n", err);
    return s;
}

bool cli_output_flushed(FILE *out)
{
    if (fflush(out) != 0 || ferror(out))
        return false;
    if (fsync(fileno(out)) != 0 && errno != EINVAL && errno != EROFS && errno != ENOTSUP)
        return false;
    return true;
}
