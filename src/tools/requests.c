#include "requests.h"

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "core/request.h"
#include "core/util.h"
#include "store/store.h"

static const char usage[] =
    "Usage:\n"
    "  lanternctl keygen --out DIR [--demo]\n"
    "      makes the key pair for contact requests (never overwrites a key):\n"
    "        DIR/" STORE_PUBLIC_KEY_NAME "    goes on the kiosk: its data dir, or the path\n"
    "                                  of \"public_key\" in its config\n"
    "        DIR/" STORE_PRIVATE_KEY_NAME "   stays with staff (mode 0600), never on the\n"
    "                                  kiosk; without it no request can be read\n"
    "      --demo marks both as throw-away demo keys (the kiosk shows \"demo\").\n"
    "\n"
    "  lanternctl requests list   --db PATH --key PRIVATE_KEY [--format text|csv|json]\n"
    "                             [--since YYYY-MM-DD] [--status new|exported|handled]\n"
    "      decrypts the requests and shows them (default: text); changes nothing\n"
    "  lanternctl requests export --db PATH --key PRIVATE_KEY [--format csv|json]\n"
    "                             [--since YYYY-MM-DD] [--status new|exported|handled]\n"
    "      decrypts the requests to stdout (default: CSV), then marks the \"new\" ones\n"
    "      that were written as \"exported\"\n"
    "  lanternctl requests mark-handled --db PATH ID...\n"
    "      marks requests as handled (the kiosk's staff screen stops counting them)\n"
    "  lanternctl requests purge --db PATH --handled-older-than Nd\n"
    "      deletes requests handled more than N days ago (the retention rule: 30d\n"
    "      to 90d), overwriting them with zeros\n"
    "\n"
    "--db is the kiosk's " STORE_DB_NAME " (the live one: reading it never blocks the kiosk)\n"
    "or a copy of it taken together with its -wal file. Mark and purge on the live one.\n"
    "Columns: id, created_at (ISO 8601, local time), status, name, phone, email,\n"
    "best_time, language, voicemail_ok, topic, consent_version. In CSV a value that\n"
    "starts with = + - or @ gets a leading ' so a spreadsheet does not run it.\n"
    "The output is personal health information: keep it on the staff computer\n"
    "(umask 077 before redirecting it to a file) and delete it when done.\n"
    "A request that cannot be read (wrong key, damaged, newer format) is named on\n"
    "stderr; the others are still written.\n"
    "\n"
    "  lanternctl set-pin --data DIR --role staff|facilitator\n"
    "      sets the PIN for staff entry on the kiosk (4 to 12 digits; staff and\n"
    "      facilitators each have their own). The PIN is read twice from stdin,\n"
    "      without echo at a terminal, or as two lines from a pipe; never give it\n"
    "      on the command line. Only its Argon2id hash is kept: DIR/ROLE" STORE_PIN_SUFFIX " (0600).\n"
    "\n"
    "  lanternctl stats --db PATH [--since YYYY-MM-DD] [--format text|csv|json]\n"
    "      anonymous usage figures per day: sessions, modules opened, pages reached,\n"
    "      languages, crisis screen opened, contact requests submitted. Columns:\n"
    "      day, metric, item, count. No key needed: nothing in it is personal.\n"
    "\n"
    "Exit status: 0 all good, 1 some requests failed or an error, 2 bad usage.\n";

static int bad_usage(const char *fmt, const char *arg)
{
    fputs("lanternctl: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs(" (see lanternctl requests --help)\n", stderr);
    return 2;
}

/* ---- Output ---- */

static void iso_time(int64_t t, char *out, size_t size)
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

static void day_text(int64_t t, char *out, size_t size)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (!localtime_r(&tt, &tm) || strftime(out, size, "%Y-%m-%d %H:%M", &tm) == 0)
        str_copy(out, size, "?");
}

static void csv_field(FILE *out, const char *v)
{
    bool formula = v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@';
    bool quote = formula || strpbrk(v, ",\"\r\n") != NULL;
    if (!quote) {
        fputs(v, out);
        return;
    }
    fputc('"', out);
    if (formula)
        fputc('\'', out);
    for (const char *p = v; *p; p++) {
        if (*p == '"')
            fputc('"', out);
        fputc(*p, out);
    }
    fputc('"', out);
}

static void json_string(FILE *out, const char *v)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
        switch (*p) {
        case '"':
            fputs("\\\"", out);
            break;
        case '\\':
            fputs("\\\\", out);
            break;
        case '\n':
            fputs("\\n", out);
            break;
        case '\r':
            fputs("\\r", out);
            break;
        case '\t':
            fputs("\\t", out);
            break;
        default:
            if (*p < 0x20 || *p == 0x7F)
                fprintf(out, "\\u%04x", *p);
            else
                fputc(*p, out);
        }
    }
    fputc('"', out);
}

typedef enum { OUT_TEXT, OUT_CSV, OUT_JSON } out_format;

static const char *const columns[] = {"id",    "created_at", "status",       "name",  "phone",          "email",
                                      "best_time", "language", "voicemail_ok", "topic", "consent_version"};
enum { COLUMN_COUNT = sizeof columns / sizeof columns[0] };

typedef struct {
    out_format format;
    FILE *out;
    int written, failed;
    bool oom;
    int64_t *fresh; /* ids of "new" requests written: export marks them */
    size_t fresh_n, fresh_cap;
} out_ctx;

static void write_header(out_ctx *c)
{
    if (c->format == OUT_CSV) {
        for (int i = 0; i < COLUMN_COUNT; i++) {
            fputs(i ? "," : "", c->out);
            fputs(columns[i], c->out);
        }
        fputs("\r\n", c->out);
    } else if (c->format == OUT_JSON) {
        fputs("[", c->out);
    }
}

static void write_footer(out_ctx *c)
{
    if (c->format == OUT_JSON)
        fputs(c->written ? "\n]\n" : "]\n", c->out);
}

static void write_record(out_ctx *c, const store_record *rec, const contact_request *r)
{
    char id[24], when[40];
    str_format(id, sizeof id, "%lld", (long long)rec->id);
    iso_time(rec->created_at, when, sizeof when);
    const char *values[COLUMN_COUNT] = {id,          when,          rec->status,     r->name,
                                        r->phone,    r->email,      r->best_time,    r->language,
                                        r->voicemail_ok, r->topic,  r->consent_version};
    if (c->format == OUT_CSV) {
        for (int i = 0; i < COLUMN_COUNT; i++) {
            fputs(i ? "," : "", c->out);
            csv_field(c->out, values[i]);
        }
        fputs("\r\n", c->out);
    } else if (c->format == OUT_JSON) {
        fputs(c->written ? ",\n  {" : "\n  {", c->out);
        for (int i = 0; i < COLUMN_COUNT; i++) {
            fprintf(c->out, "%s\"%s\": ", i ? ", " : "", columns[i]);
            if (i == 0)
                fputs(id, c->out);
            else
                json_string(c->out, values[i]);
        }
        fputs("}", c->out);
    } else {
        char day[32];
        day_text(rec->created_at, day, sizeof day);
        fprintf(c->out, "request %s  %s  %s\n", id, day, rec->status);
        fprintf(c->out, "  name: %s\n", r->name);
        fprintf(c->out, "  phone: %s\n", r->phone[0] ? r->phone : "-");
        fprintf(c->out, "  email: %s\n", r->email[0] ? r->email : "-");
        fprintf(c->out, "  best time: %s; language: %s; voicemail may name the center: %s\n", r->best_time,
                r->language, r->voicemail_ok);
        fprintf(c->out, "  topic: %s; consent text version: %s\n\n", r->topic, r->consent_version);
    }
    c->written++;
}

static bool on_record(void *ctx, const store_record *rec)
{
    out_ctx *c = ctx;
    long long id = (long long)rec->id;
    if (!rec->opened) {
        if (rec->format > REQUEST_FORMAT)
            fprintf(stderr, "request %lld: record format %d is newer than this lanternctl (%d): update lanternctl\n",
                    id, rec->format, REQUEST_FORMAT);
        else
            fprintf(stderr, "request %lld: cannot be opened with this key (wrong key, or the record is damaged)\n", id);
        c->failed++;
        return true;
    }
    contact_request r;
    int format = 0;
    char err[200];
    bool ok = request_decode(rec->plain, rec->plain_len, &r, &format, err, sizeof err);
    if (!ok) {
        fprintf(stderr, "request %lld: %s\n", id, err);
        c->failed++;
    } else if (format != rec->format) {
        fprintf(stderr, "request %lld: damaged record: format %d inside, %d in the database\n", id, format,
                rec->format);
        c->failed++;
    } else {
        write_record(c, rec, &r);
        if (strcmp(rec->status, "new") == 0) {
            if (c->fresh_n == c->fresh_cap) {
                size_t cap = c->fresh_cap ? c->fresh_cap * 2 : 64;
                int64_t *grown = realloc(c->fresh, cap * sizeof *grown);
                if (!grown) {
                    c->oom = true;
                    store_wipe(&r, sizeof r);
                    return false;
                }
                c->fresh = grown;
                c->fresh_cap = cap;
            }
            c->fresh[c->fresh_n++] = rec->id;
        }
    }
    store_wipe(&r, sizeof r);
    return true;
}

/* Makes sure what was written reached the output (and the disk, for a file)
 * before any request is marked exported. */
static bool output_flushed(FILE *out)
{
    if (fflush(out) != 0 || ferror(out))
        return false;
    if (fsync(fileno(out)) != 0 && errno != EINVAL && errno != EROFS && errno != ENOTSUP)
        return false;
    return true;
}

/* ---- Arguments ---- */

typedef struct {
    const char *db, *key, *format, *since, *status, *older, *out, *data, *role;
    bool demo;
    const char *ids[256];
    int id_count;
} args;

static bool parse_date(const char *s, int64_t *out)
{
    int y, m, d;
    char extra;
    if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &extra) != 3 || s[4] != '-' || s[7] != '-')
        return false;
    struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_isdst = -1};
    time_t t = mktime(&tm);
    if (t == (time_t)-1 || tm.tm_year != y - 1900 || tm.tm_mon != m - 1 || tm.tm_mday != d)
        return false;
    *out = (int64_t)t;
    return true;
}

static bool parse_id(const char *s, int64_t *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || *end || v <= 0 || s[0] == '+')
        return false;
    *out = v;
    return true;
}

/* Parses options after the command word(s). Returns 0, or the exit status. */
static int parse_args(int argc, char **argv, int first, args *a)
{
    for (int i = first; i < argc; i++) {
        const char *f = argv[i];
        const char **slot = NULL;
        if (strcmp(f, "--demo") == 0) {
            a->demo = true;
            continue;
        }
        if (strcmp(f, "--db") == 0)
            slot = &a->db;
        else if (strcmp(f, "--key") == 0)
            slot = &a->key;
        else if (strcmp(f, "--format") == 0)
            slot = &a->format;
        else if (strcmp(f, "--since") == 0)
            slot = &a->since;
        else if (strcmp(f, "--status") == 0)
            slot = &a->status;
        else if (strcmp(f, "--handled-older-than") == 0)
            slot = &a->older;
        else if (strcmp(f, "--out") == 0)
            slot = &a->out;
        else if (strcmp(f, "--data") == 0)
            slot = &a->data;
        else if (strcmp(f, "--role") == 0)
            slot = &a->role;
        if (slot) {
            if (i + 1 >= argc)
                return bad_usage("%s needs a value", f);
            if (*slot)
                return bad_usage("%s is given twice", f);
            *slot = argv[++i];
        } else if (f[0] == '-') {
            return bad_usage("unknown option \"%s\"", f);
        } else if (a->id_count < (int)(sizeof a->ids / sizeof a->ids[0])) {
            a->ids[a->id_count++] = f;
        } else {
            return bad_usage("too many arguments (at most 256 at a time), starting at \"%s\"", f);
        }
    }
    return 0;
}

/* Each command names the options it takes; any other is bad usage. */
static int only(const args *a, const char *cmd, const char *allowed)
{
    struct {
        const char *name;
        bool given;
    } opts[] = {
        {"--db", a->db != NULL},         {"--key", a->key != NULL},
        {"--format", a->format != NULL}, {"--since", a->since != NULL},
        {"--status", a->status != NULL}, {"--handled-older-than", a->older != NULL},
        {"--out", a->out != NULL},       {"--demo", a->demo},
        {"--data", a->data != NULL},     {"--role", a->role != NULL},
    };
    for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++) {
        if (!opts[i].given)
            continue;
        char word[40];
        str_format(word, sizeof word, " %s ", opts[i].name);
        char list[200];
        str_format(list, sizeof list, " %s ", allowed);
        if (!strstr(list, word)) {
            char msg[120];
            str_format(msg, sizeof msg, "%s does not take %%s", cmd);
            return bad_usage(msg, opts[i].name);
        }
    }
    return 0;
}

/* ---- Commands ---- */

static int cmd_keygen(const args *a)
{
    if (!a->out)
        return bad_usage("%s needs --out DIR", "keygen");
    if (a->id_count)
        return bad_usage("unexpected argument \"%s\"", a->ids[0]);
    char err[1200];
    if (!store_keygen(a->out, a->demo, err, sizeof err)) {
        fprintf(stderr, "lanternctl: %s\n", err);
        return 1;
    }
    printf("Wrote a new %skey pair in %s:\n\n", a->demo ? "DEMO " : "", a->out);
    printf("  %s/%s\n", a->out, STORE_PUBLIC_KEY_NAME);
    printf("      goes ON THE KIOSK: copy it into the kiosk's data dir, or set \"public_key\"\n"
           "      in the kiosk's config to its path. The kiosk seals each request to it.\n\n");
    printf("  %s/%s  (mode 0600)\n", a->out, STORE_PRIVATE_KEY_NAME);
    printf("      STAYS WITH STAFF: keep it on the staff computer, never on the kiosk.\n"
           "      lanternctl requests list/export need it; without it no request can be\n"
           "      read, so keep a backup in a safe place.\n");
    if (a->demo)
        printf("\nThese are DEMO keys: the kiosk shows a \"demo\" mark while it uses them.\n"
               "Never use them for real requests.\n");
    return 0;
}

static store *open_db(const char *path, bool writable)
{
    store_status st;
    char err[1400];
    store *s = store_open_staff(path, writable, &st, err, sizeof err);
    if (!s)
        fprintf(stderr, "lanternctl: %s\n", err);
    return s;
}

static int cmd_read(const args *a, bool export)
{
    const char *cmd = export ? "export" : "list";
    if (!a->db || !a->key)
        return bad_usage("requests %s needs --db PATH and --key PRIVATE_KEY", cmd);
    if (a->id_count)
        return bad_usage("unexpected argument \"%s\"", a->ids[0]);
    out_ctx c = {.format = export ? OUT_CSV : OUT_TEXT, .out = stdout};
    if (a->format) {
        if (strcmp(a->format, "csv") == 0)
            c.format = OUT_CSV;
        else if (strcmp(a->format, "json") == 0)
            c.format = OUT_JSON;
        else if (strcmp(a->format, "text") == 0 && !export)
            c.format = OUT_TEXT;
        else
            return bad_usage(export ? "--format is csv or json, not \"%s\"" : "--format is text, csv or json, not \"%s\"",
                             a->format);
    }
    store_filter filter = {0};
    if (a->since && !parse_date(a->since, &filter.since_unix))
        return bad_usage("--since expects a date as YYYY-MM-DD, not \"%s\"", a->since);
    if (a->status) {
        if (strcmp(a->status, "new") != 0 && strcmp(a->status, "exported") != 0 && strcmp(a->status, "handled") != 0)
            return bad_usage("--status is new, exported or handled, not \"%s\"", a->status);
        filter.status = a->status;
    }
    store_private_key key;
    char err[1400];
    if (!store_load_private_key(a->key, &key, err, sizeof err)) {
        fprintf(stderr, "lanternctl: %s\n", err);
        return 1;
    }
    struct stat sb;
    if (stat(a->key, &sb) == 0 && (sb.st_mode & 077))
        fprintf(stderr, "lanternctl: warning: %s can be read by other users (mode %04o): chmod 600 it\n", a->key,
                (unsigned)(sb.st_mode & 07777));
    if (key.demo)
        fprintf(stderr, "lanternctl: note: %s is a DEMO key: requests sealed to it are not real\n", a->key);
    store *s = open_db(a->db, export);
    if (!s) {
        store_wipe(&key, sizeof key);
        return 1;
    }
    write_header(&c);
    store_status st = store_each(s, &key, &filter, on_record, &c);
    store_wipe(&key, sizeof key);
    write_footer(&c);
    int status = c.failed ? 1 : 0;
    if (st != STORE_OK || c.oom) {
        fprintf(stderr, "lanternctl: reading %s stopped: %s\n", a->db,
                c.oom ? "out of memory" : store_status_text(st));
        status = 1;
    }
    bool flushed = output_flushed(stdout);
    if (!flushed) {
        fprintf(stderr, "lanternctl: writing the output failed: %s\n", strerror(errno));
        status = 1;
    }
    int marked = 0;
    if (export && flushed && st == STORE_OK && !c.oom) {
        store_status ms = store_mark_exported(s, c.fresh, c.fresh_n, (int64_t)time(NULL), &marked);
        if (ms != STORE_OK) {
            fprintf(stderr, "lanternctl: the requests were written but could not be marked exported: %s\n",
                    store_status_text(ms));
            status = 1;
        }
    } else if (export && c.fresh_n) {
        fprintf(stderr, "lanternctl: nothing was marked exported\n");
    }
    if (export)
        fprintf(stderr, "lanternctl: exported %d request%s (%d newly marked exported)", c.written,
                c.written == 1 ? "" : "s", marked);
    else
        fprintf(stderr, "lanternctl: %d request%s", c.written, c.written == 1 ? "" : "s");
    if (c.failed)
        fprintf(stderr, "; %d could not be read (see above)", c.failed);
    fputc('\n', stderr);
    free(c.fresh);
    store_close(s);
    return status;
}

static int cmd_mark_handled(const args *a)
{
    if (!a->db)
        return bad_usage("requests %s needs --db PATH", "mark-handled");
    if (a->id_count == 0)
        return bad_usage("requests %s needs the ids of the requests (see requests list)", "mark-handled");
    int64_t ids[sizeof a->ids / sizeof a->ids[0]];
    store_mark results[sizeof a->ids / sizeof a->ids[0]];
    for (int i = 0; i < a->id_count; i++)
        if (!parse_id(a->ids[i], &ids[i]))
            return bad_usage("\"%s\" is not a request id (a whole number, 1 or more)", a->ids[i]);
    store *s = open_db(a->db, true);
    if (!s)
        return 1;
    store_status st = store_mark_handled(s, ids, (size_t)a->id_count, (int64_t)time(NULL), results);
    store_close(s);
    if (st != STORE_OK) {
        fprintf(stderr, "lanternctl: nothing was marked: %s\n", store_status_text(st));
        return 1;
    }
    int status = 0;
    for (int i = 0; i < a->id_count; i++) {
        long long id = (long long)ids[i];
        if (results[i] == STORE_MARKED)
            printf("request %lld: marked handled\n", id);
        else if (results[i] == STORE_MARK_ALREADY)
            printf("request %lld: already handled (its date is kept)\n", id);
        else {
            fprintf(stderr, "request %lld: no such request\n", id);
            status = 1;
        }
    }
    return status;
}

static int cmd_purge(const args *a)
{
    if (!a->db || !a->older)
        return bad_usage("requests %s needs --db PATH and --handled-older-than Nd (for example 30d)", "purge");
    if (a->id_count)
        return bad_usage("unexpected argument \"%s\"", a->ids[0]);
    char *end;
    errno = 0;
    long days = strtol(a->older, &end, 10);
    if (errno || end == a->older || strcmp(end, "d") != 0 || a->older[0] == '+' || days < 1 || days > 3650)
        return bad_usage("--handled-older-than expects a number of days from 1d to 3650d, not \"%s\"", a->older);
    store *s = open_db(a->db, true);
    if (!s)
        return 1;
    int64_t cutoff = (int64_t)time(NULL) - (int64_t)days * 86400;
    int deleted = 0;
    bool checkpointed = false;
    store_status st = store_purge_handled(s, cutoff, &deleted, &checkpointed);
    store_close(s);
    if (st != STORE_OK) {
        fprintf(stderr, "lanternctl: nothing was purged: %s\n", store_status_text(st));
        return 1;
    }
    char day[32];
    day_text(cutoff, day, sizeof day);
    printf("purged %d request%s handled more than %ld days ago (before %s)\n", deleted, deleted == 1 ? "" : "s", days,
           day);
    if (!checkpointed)
        fprintf(stderr, "lanternctl: note: the -wal file could not be emptied yet (the database was being read); "
                        "run purge again later to clear it\n");
    return 0;
}

/* ---- set-pin ---- */

/* The terminal's settings while echo is off, restored on the way out and by
 * a signal (Ctrl+C at the prompt must not leave the terminal silent). */
static struct termios saved_tio;
static volatile sig_atomic_t echo_is_off;

static void restore_echo(void)
{
    if (echo_is_off) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tio);
        echo_is_off = 0;
    }
}

static void on_signal(int sig)
{
    restore_echo();
    signal(sig, SIG_DFL);
    raise(sig);
}

/* Reads one line from stdin with read(2), one byte at a time, so that no
 * stdio buffer keeps a copy. Returns 1 a line (or a last line without a
 * newline), 0 nothing left, -1 a read error; *too_long when it did not fit. */
static int read_secret_line(char *buf, size_t size, bool *too_long)
{
    size_t n = 0;
    bool any = false;
    *too_long = false;
    for (;;) {
        char c;
        ssize_t r = read(STDIN_FILENO, &c, 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            store_wipe(buf, size);
            return -1;
        }
        if (r == 0)
            break;
        any = true;
        if (c == '\n')
            break;
        if (n + 1 < size)
            buf[n++] = c;
        else
            *too_long = true;
        store_wipe(&c, 1);
    }
    if (n > 0 && buf[n - 1] == '\r')
        n--;
    buf[n] = '\0';
    return any ? 1 : 0;
}

/* Asks for a PIN: at a terminal with a prompt on stderr and echo off;
 * otherwise one plain line. Returns 1, 0 (no line) or -1. */
static int ask_pin(const char *prompt, char *buf, size_t size, bool *too_long)
{
    bool tty = isatty(STDIN_FILENO) == 1;
    if (tty) {
        struct termios quiet;
        if (tcgetattr(STDIN_FILENO, &saved_tio) == 0) {
            quiet = saved_tio;
            quiet.c_lflag &= (tcflag_t) ~(ECHO | ECHOE | ECHOK | ECHONL);
            quiet.c_lflag |= ICANON;
            echo_is_off = 1;
            if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) != 0)
                echo_is_off = 0;
        }
        fputs(prompt, stderr);
        fflush(stderr);
    }
    int got = read_secret_line(buf, size, too_long);
    if (tty) {
        restore_echo();
        fputc('\n', stderr);
    }
    return got;
}

static int cmd_set_pin(int argc, char **argv)
{
    const char *data = NULL, *role = NULL;
    for (int i = 1; i < argc; i++) {
        const char **slot = strcmp(argv[i], "--data") == 0 ? &data : strcmp(argv[i], "--role") == 0 ? &role : NULL;
        /* Anything else is not echoed: it may be a PIN typed on the command line. */
        if (!slot)
            return bad_usage("%s", "set-pin takes only --data DIR and --role staff|facilitator; the PIN is read "
                                   "from stdin, never from the command line");
        if (i + 1 >= argc)
            return bad_usage("%s needs a value", argv[i]);
        if (*slot)
            return bad_usage("%s is given twice", argv[i]);
        *slot = argv[++i];
    }
    if (!data || !role)
        return bad_usage("%s needs --data DIR (the kiosk's data dir) and --role staff|facilitator", "set-pin");
    if (strcmp(role, "staff") != 0 && strcmp(role, "facilitator") != 0)
        return bad_usage("--role is staff or facilitator, not \"%s\"", role);

    struct sigaction sa = {0}, old_int, old_term, old_hup, old_quit;
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    sigaction(SIGHUP, &sa, &old_hup);
    sigaction(SIGQUIT, &sa, &old_quit);

    char pin[64], again[64], prompt[80], err[1400];
    bool long1 = false, long2 = false;
    int status = 1;
    str_format(prompt, sizeof prompt, "New %s PIN (%d to %d digits): ", role, STORE_PIN_MIN_DIGITS,
               STORE_PIN_MAX_DIGITS);
    int got = ask_pin(prompt, pin, sizeof pin, &long1);
    if (got == 1)
        got = ask_pin("The same PIN again: ", again, sizeof again, &long2);
    else
        again[0] = '\0';
    if (got < 0)
        fprintf(stderr, "lanternctl: reading the PIN from stdin failed: %s; nothing was changed\n", strerror(errno));
    else if (got == 0)
        fprintf(stderr, "lanternctl: the PIN is read twice from stdin (type it twice, or give two lines); "
                        "nothing was changed\n");
    else if (long1 || long2)
        fprintf(stderr, "lanternctl: the PIN is too long: a PIN is %d to %d digits; nothing was changed\n",
                STORE_PIN_MIN_DIGITS, STORE_PIN_MAX_DIGITS);
    else if (strcmp(pin, again) != 0)
        fprintf(stderr, "lanternctl: the two PINs differ; nothing was changed\n");
    else if (!store_pin_set(data, role, pin, err, sizeof err))
        fprintf(stderr, "lanternctl: %s; nothing was changed\n", err);
    else {
        printf("%s PIN set: %s/%s%s\n", role, data, role, STORE_PIN_SUFFIX);
        status = 0;
    }
    store_wipe(pin, sizeof pin);
    store_wipe(again, sizeof again);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    sigaction(SIGHUP, &old_hup, NULL);
    sigaction(SIGQUIT, &old_quit, NULL);
    if (status == 0 && (fflush(stdout) != 0 || ferror(stdout)))
        status = 1;
    return status;
}

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
            csv_field(c->out, values[i]);
            fputc(',', c->out);
        }
        fprintf(c->out, "%lld\r\n", n);
    } else if (c->format == OUT_JSON) {
        fputs(c->written ? ",\n  {" : "\n  {", c->out);
        const char *values[] = {row->day, row->metric, row->item};
        for (int i = 0; i < 3; i++) {
            fprintf(c->out, "\"%s\": ", usage_columns[i]);
            json_string(c->out, values[i]);
            fputs(", ", c->out);
        }
        fprintf(c->out, "\"count\": %lld}", n);
    } else {
        fprintf(c->out, "%-10s  %-17s  %-30s  %8lld\n", row->day, row->metric, row->item, n);
    }
    c->written++;
    return true;
}

static int cmd_stats(const args *a)
{
    if (!a->db)
        return bad_usage("%s needs --db PATH (the kiosk's " STORE_DB_NAME ", or a copy of it)", "stats");
    if (a->id_count)
        return bad_usage("unexpected argument \"%s\"", a->ids[0]);
    stats_ctx c = {.format = OUT_TEXT, .out = stdout};
    if (a->format) {
        if (strcmp(a->format, "csv") == 0)
            c.format = OUT_CSV;
        else if (strcmp(a->format, "json") == 0)
            c.format = OUT_JSON;
        else if (strcmp(a->format, "text") == 0)
            c.format = OUT_TEXT;
        else
            return bad_usage("--format is text, csv or json, not \"%s\"", a->format);
    }
    int64_t ignored;
    if (a->since && !parse_date(a->since, &ignored))
        return bad_usage("--since expects a date as YYYY-MM-DD, not \"%s\"", a->since);
    store *s = open_db(a->db, false);
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
        fprintf(stderr, "lanternctl: reading the usage figures in %s stopped: %s\n", a->db, store_status_text(st));
        status = 1;
    }
    if (fflush(c.out) != 0 || ferror(c.out)) {
        fprintf(stderr, "lanternctl: writing the output failed: %s\n", strerror(errno));
        status = 1;
    }
    return status;
}

int requests_main(int argc, char **argv)
{
    if (argc < 1)
        return bad_usage("%s", "no command");
    bool keygen = strcmp(argv[0], "keygen") == 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(usage, stdout);
            return 0;
        }
    }
    if (strcmp(argv[0], "set-pin") == 0)
        return cmd_set_pin(argc, argv);
    bool stats = strcmp(argv[0], "stats") == 0;
    if (!keygen && !stats && strcmp(argv[0], "requests") != 0)
        return bad_usage("unknown command \"%s\"", argv[0]);
    args a = {0};
    int rc;
    if (stats) {
        if ((rc = parse_args(argc, argv, 1, &a)) || (rc = only(&a, "stats", "--db --since --format")))
            return rc;
        return cmd_stats(&a);
    }
    if (keygen) {
        if ((rc = parse_args(argc, argv, 1, &a)) || (rc = only(&a, "keygen", "--out --demo")))
            return rc;
        return cmd_keygen(&a);
    }
    if (argc < 2) {
        fputs(usage, stderr);
        return 2;
    }
    const char *sub = argv[1];
    if ((rc = parse_args(argc, argv, 2, &a)))
        return rc;
    if (strcmp(sub, "list") == 0 || strcmp(sub, "export") == 0) {
        bool export = sub[0] == 'e';
        if ((rc = only(&a, export ? "requests export" : "requests list", "--db --key --format --since --status")))
            return rc;
        return cmd_read(&a, export);
    }
    if (strcmp(sub, "mark-handled") == 0) {
        if ((rc = only(&a, "requests mark-handled", "--db")))
            return rc;
        return cmd_mark_handled(&a);
    }
    if (strcmp(sub, "purge") == 0) {
        if ((rc = only(&a, "requests purge", "--db --handled-older-than")))
            return rc;
        return cmd_purge(&a);
    }
    return bad_usage("unknown requests command \"%s\" (list, export, mark-handled or purge)", sub);
}
