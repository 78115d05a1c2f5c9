#include "requests.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/json_out.h"
#include "core/request.h"
#include "core/util.h"
#include "store/store.h"
#include "tools/cli.h"

static const char usage[] =
    "Usage:\n"
    "  lanternctl keygen --out DIR [--demo]\n"
    "      makes the key pair for contact requests (never overwrites a key):\n"
    "        DIR/" STORE_PUBLIC_KEY_NAME "    goes on the kiosk: its data dir, or the path\n"
    "                                  of \"public_key\" in its config\n"
    "        DIR/" STORE_PRIVATE_KEY_NAME "   stays with staff (mode 0600), never on the\n"
    "                                  kiosk; without it no request can be read\n"
    "      The private key is protected by a passphrase (Argon2id + secretbox), read\n"
    "      twice from stdin (no echo at a terminal); the passphrase is never stored.\n"
    "      list and export ask for it. --demo makes throw-away demo keys instead\n"
    "      (plain, no passphrase; the kiosk shows \"demo\").\n"
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
    "      on the command line. Only its Argon2id hash is kept: DIR/ROLE" STORE_PIN_SUFFIX
    " (0600).\n"
    "\n"
    "  lanternctl stats --db PATH [--since YYYY-MM-DD] [--format text|csv|json]\n"
    "      anonymous usage figures per day: sessions, modules opened, pages reached,\n"
    "      languages, crisis screen opened, contact requests submitted. Columns:\n"
    "      day, metric, item, count. No key needed: nothing in it is personal.\n"
    "\n"
    "Exit status: 0 all good, 1 some requests failed or an error, 2 bad usage.\n";

/* ---- Output ---- */

static const char *const columns[] = {"id",           "created_at", "status",         "name",
                                      "phone",        "email",      "best_time",      "language",
                                      "voicemail_ok", "topic",      "consent_version"};
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
    cli_iso_time(rec->created_at, when, sizeof when);
    const char *values[COLUMN_COUNT] = {
        id,           when,        rec->status,     r->name,  r->phone,          r->email,
        r->best_time, r->language, r->voicemail_ok, r->topic, r->consent_version};
    if (c->format == OUT_CSV) {
        for (int i = 0; i < COLUMN_COUNT; i++) {
            fputs(i ? "," : "", c->out);
            cli_csv_field(c->out, values[i]);
        }
        fputs("\r\n", c->out);
    } else if (c->format == OUT_JSON) {
        fputs(c->written ? ",\n  {" : "\n  {", c->out);
        for (int i = 0; i < COLUMN_COUNT; i++) {
            fprintf(c->out, "%s\"%s\": ", i ? ", " : "", columns[i]);
            if (i == 0)
                fputs(id, c->out);
            else
                json_out_string(c->out, values[i]);
        }
        fputs("}", c->out);
    } else {
        char day[32];
        cli_day_text(rec->created_at, day, sizeof day);
        fprintf(c->out, "request %s  %s  %s\n", id, day, rec->status);
        fprintf(c->out, "  name: %s\n", r->name);
        fprintf(c->out, "  phone: %s\n", r->phone[0] ? r->phone : "-");
        fprintf(c->out, "  email: %s\n", r->email[0] ? r->email : "-");
        fprintf(c->out, "  best time: %s; language: %s; voicemail may name the center: %s\n",
                r->best_time, r->language, r->voicemail_ok);
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
            fprintf(stderr,
                    "request %lld: record format %d is newer than this lanternctl (%d): update "
                    "lanternctl\n",
                    id, rec->format, REQUEST_FORMAT);
        else
            fprintf(stderr,
                    "request %lld: cannot be opened with this key (wrong key, or the record is "
                    "damaged)\n",
                    id);
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
        fprintf(stderr, "request %lld: damaged record: format %d inside, %d in the database\n", id,
                format, rec->format);
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

/* ---- Commands ---- */

static int cmd_keygen(const cli_args *a)
{
    if (!a->out)
        return cli_bad_usage("%s needs --out DIR", "keygen");
    if (a->id_count)
        return cli_bad_usage("unexpected argument \"%s\"", a->ids[0]);
    char err[1200];
    if (a->demo) {
        /* Throw-away development keys stay plain: nothing real is sealed to them. */
        if (!store_keygen(a->out, true, err, sizeof err)) {
            fprintf(stderr, "lanternctl: %s\n", err);
            return 1;
        }
    } else {
        char pass[SECRET_INPUT_MAX], again[SECRET_INPUT_MAX];
        bool long1 = false, long2 = false;
        int status = 1;
        cli_guard_terminal(true);
        int got =
            cli_ask_secret("Passphrase for the new private key (8 characters or more): ", pass,
                           sizeof pass, &long1);
        if (got == 1)
            got = cli_ask_secret("The same passphrase again: ", again, sizeof again, &long2);
        else
            again[0] = '\0';
        cli_guard_terminal(false);
        if (got != 1)
            fprintf(
                stderr,
                "lanternctl: keygen reads the passphrase twice from stdin (it protects the private "
                "key; it is never stored); nothing was written\n");
        else if (long1 || long2)
            fprintf(stderr, "lanternctl: the passphrase is too long; nothing was written\n");
        else if (strcmp(pass, again) != 0)
            fprintf(stderr, "lanternctl: the two passphrases differ; nothing was written\n");
        else if (!store_keygen_protected(a->out, pass, err, sizeof err))
            fprintf(stderr, "lanternctl: %s; nothing was written\n", err);
        else
            status = 0;
        store_wipe(pass, sizeof pass);
        store_wipe(again, sizeof again);
        if (status)
            return status;
    }
    printf("Wrote a new %skey pair in %s:\n\n", a->demo ? "DEMO " : "", a->out);
    printf("  %s/%s\n", a->out, STORE_PUBLIC_KEY_NAME);
    printf("      goes ON THE KIOSK: copy it into the kiosk's data dir, or set \"public_key\"\n"
           "      in the kiosk's config to its path. The kiosk seals each request to it.\n\n");
    printf("  %s/%s  (mode 0600)\n", a->out, STORE_PRIVATE_KEY_NAME);
    printf("      STAYS WITH STAFF: keep it on the staff computer, never on the kiosk.\n"
           "      lanternctl requests list/export need it; without it no request can be\n"
           "      read, so keep a backup in a safe place.\n");
    if (!a->demo)
        printf("      It is protected by the passphrase you typed: without the passphrase the\n"
               "      file is useless, so keep the passphrase apart from the file (and from the\n"
               "      backup). Nobody can recover a forgotten passphrase.\n");
    if (a->demo)
        printf("\nThese are DEMO keys: the kiosk shows a \"demo\" mark while it uses them.\n"
               "Never use them for real requests.\n");
    return 0;
}

static int cmd_read(const cli_args *a, bool export)
{
    const char *cmd = export ? "export" : "list";
    if (!a->db || !a->key)
        return cli_bad_usage("requests %s needs --db PATH and --key PRIVATE_KEY", cmd);
    if (a->id_count)
        return cli_bad_usage("unexpected argument \"%s\"", a->ids[0]);
    out_ctx c = {.format = export ? OUT_CSV : OUT_TEXT, .out = stdout};
    if (a->format) {
        if (strcmp(a->format, "csv") == 0)
            c.format = OUT_CSV;
        else if (strcmp(a->format, "json") == 0)
            c.format = OUT_JSON;
        else if (strcmp(a->format, "text") == 0 && !export)
            c.format = OUT_TEXT;
        else
            return cli_bad_usage(export ? "--format is csv or json, not \"%s\""
                                        : "--format is text, csv or json, not \"%s\"",
                                 a->format);
    }
    store_filter filter = {0};
    if (a->since && !cli_parse_date(a->since, &filter.since_unix))
        return cli_bad_usage("--since expects a date as YYYY-MM-DD, not \"%s\"", a->since);
    if (a->status) {
        if (strcmp(a->status, "new") != 0 && strcmp(a->status, "exported") != 0 &&
            strcmp(a->status, "handled") != 0)
            return cli_bad_usage("--status is new, exported or handled, not \"%s\"", a->status);
        filter.status = a->status;
    }
    store_private_key key;
    char err[1400];
    if (!cli_load_private_key(a->key, &key, err, sizeof err)) {
        fprintf(stderr, "lanternctl: %s\n", err);
        return 1;
    }
    struct stat sb;
    if (stat(a->key, &sb) == 0 && (sb.st_mode & 077))
        fprintf(stderr,
                "lanternctl: warning: %s can be read by other users (mode %04o): chmod 600 it\n",
                a->key, (unsigned)(sb.st_mode & 07777));
    if (key.demo)
        fprintf(stderr, "lanternctl: note: %s is a DEMO key: requests sealed to it are not real\n",
                a->key);
    store *s = cli_open_db(a->db, export);
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
    bool flushed = cli_output_flushed(stdout);
    if (!flushed) {
        fprintf(stderr, "lanternctl: writing the output failed: %s\n", strerror(errno));
        status = 1;
    }
    int marked = 0;
    if (export && flushed && st == STORE_OK && !c.oom) {
        store_status ms = store_mark_exported(s, c.fresh, c.fresh_n, (int64_t)time(NULL), &marked);
        if (ms != STORE_OK) {
            fprintf(stderr,
                    "lanternctl: the requests were written but could not be marked exported: %s\n",
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

static int cmd_mark_handled(const cli_args *a)
{
    if (!a->db)
        return cli_bad_usage("requests %s needs --db PATH", "mark-handled");
    if (a->id_count == 0)
        return cli_bad_usage("requests %s needs the ids of the requests (see requests list)",
                             "mark-handled");
    int64_t ids[sizeof a->ids / sizeof a->ids[0]];
    store_mark results[sizeof a->ids / sizeof a->ids[0]];
    for (int i = 0; i < a->id_count; i++)
        if (!cli_parse_id(a->ids[i], &ids[i]))
            return cli_bad_usage("\"%s\" is not a request id (a whole number, 1 or more)",
                                 a->ids[i]);
    store *s = cli_open_db(a->db, true);
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

static int cmd_purge(const cli_args *a)
{
    if (!a->db || !a->older)
        return cli_bad_usage(
            "requests %s needs --db PATH and --handled-older-than Nd (for example 30d)", "purge");
    if (a->id_count)
        return cli_bad_usage("unexpected argument \"%s\"", a->ids[0]);
    char *end;
    errno = 0;
    long days = strtol(a->older, &end, 10);
    if (errno || end == a->older || strcmp(end, "d") != 0 || a->older[0] == '+' || days < 1 ||
        days > 3650)
        return cli_bad_usage(
            "--handled-older-than expects a number of days from 1d to 3650d, not \"%s\"", a->older);
    store *s = cli_open_db(a->db, true);
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
    cli_day_text(cutoff, day, sizeof day);
    printf("purged %d request%s handled more than %ld days ago (before %s)\n", deleted,
           deleted == 1 ? "" : "s", days, day);
    if (!checkpointed)
        fprintf(stderr, "lanternctl: note: the -wal file could not be emptied yet (the database "
                        "was being read); "
                        "run purge again later to clear it\n");
    return 0;
}

int requests_main(int argc, char **argv)
{
    if (argc < 1)
        return cli_bad_usage("%s", "no command");
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(usage, stdout);
            return 0;
        }
    }
    if (strcmp(argv[0], "set-pin") == 0)
        return set_pin_main(argc, argv);
    if (strcmp(argv[0], "stats") == 0)
        return stats_main(argc, argv);
    if (strcmp(argv[0], "central") == 0 || strcmp(argv[0], "outbox") == 0)
        return central_main(argc, argv);
    if (strcmp(argv[0], "inbox") == 0 || strcmp(argv[0], "handoff") == 0)
        return inbox_main(argc, argv);
    cli_args a = {0};
    int rc;
    if (strcmp(argv[0], "keygen") == 0) {
        if ((rc = cli_parse(argc, argv, "keygen", "--out --demo", &a)))
            return rc;
        return cmd_keygen(&a);
    }
    if (strcmp(argv[0], "requests") != 0)
        return cli_bad_usage("unknown command \"%s\"", argv[0]);
    if (argc < 2) {
        fputs(usage, stderr);
        return 2;
    }
    const char *sub = argv[1];
    if (strcmp(sub, "list") == 0 || strcmp(sub, "export") == 0) {
        bool export = sub[0] == 'e';
        if ((rc = cli_parse(argc - 1, argv + 1, export ? "requests export" : "requests list",
                            "--db --key --format --since --status", &a)))
            return rc;
        return cmd_read(&a, export);
    }
    if (strcmp(sub, "mark-handled") == 0) {
        if ((rc = cli_parse(argc - 1, argv + 1, "requests mark-handled", "--db", &a)))
            return rc;
        return cmd_mark_handled(&a);
    }
    if (strcmp(sub, "purge") == 0) {
        if ((rc = cli_parse(argc - 1, argv + 1, "requests purge", "--db --handled-older-than", &a)))
            return rc;
        return cmd_purge(&a);
    }
    return cli_bad_usage("unknown requests command \"%s\" (list, export, mark-handled or purge)",
                         sub);
}
