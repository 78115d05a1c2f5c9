/* cli: what lanternctl's request, PIN and stats commands share: usage
 * errors, option parsing (getopt_long), CSV and JSON writers, dates, and
 * opening the request database for staff.
 *
 * Nothing here keeps state between calls apart from getopt's, which
 * cli_parse() resets each time (the commands run more than once in one
 * process in the tests). Nothing to free. */
#ifndef LANTERN_CLI_H
#define LANTERN_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "store/store.h"

/* Output formats of list, export and stats. */
typedef enum { OUT_TEXT, OUT_CSV, OUT_JSON } out_format;

/* The staff commands other than requests/keygen (set_pin.c, stats.c); the
 * same conventions as requests_main (argv[0] is the command word). */
int set_pin_main(int argc, char **argv);
int stats_main(int argc, char **argv);
/* central init, outbox status (central_cmd.c). */
int central_main(int argc, char **argv);
/* inbox add-user, handoff (inbox_cmd.c). */
int inbox_main(int argc, char **argv);

/* Prints "lanternctl: " fmt (with one %s for arg) and the help hint to
 * stderr; returns 2, the exit status for bad usage. (The same for the
 * commands that point to "lanternctl --help": content_bad_usage.) */
int cli_bad_usage(const char *fmt, const char *arg);

/* Options of the staff commands. Each command says which it takes. */
typedef struct {
    const char *db, *key, *format, *since, *status, *older, *out, *data, *role, *pg, *ca, *config,
        *kiosk, *file;
    bool demo, plain;
    const char *ids[256]; /* arguments that are not options */
    int id_count;
} cli_args;

/* Parses argv[0..argc) (argv[0] is the command word, skipped) with
 * getopt_long: "--db PATH" and "--db=PATH" both work. allowed lists the
 * options this command takes ("--db --key"); any other, a missing value or an
 * option given twice is bad usage. Returns 0, or 2 after printing why. */
int cli_parse(int argc, char **argv, const char *cmd, const char *allowed, cli_args *a);

/* A value for a CSV cell: quoted when needed; one starting with = + - or @
 * gets a leading ' so that a spreadsheet does not run it as a formula. */
void cli_csv_field(FILE *out, const char *v);

/* ISO 8601 local time with offset ("2026-11-18T09:30:00-08:00"). */
void cli_iso_time(int64_t t, char *out, size_t size);
/* "2026-11-18 09:30", local. */
void cli_day_text(int64_t t, char *out, size_t size);
/* A YYYY-MM-DD date to the unix time of its local midnight. */
bool cli_parse_date(const char *s, int64_t *out);
/* A request id: a whole number, 1 or more. */
bool cli_parse_id(const char *s, int64_t *out);

/* Asks for a secret: at a terminal a prompt on stderr and echo off;
 * otherwise one plain line from stdin. Returns 1 a line, 0 nothing, -1 a
 * read error; *too_long when it did not fit in size. The caller wipes buf.
 * cli_guard_terminal(true) before and (false) after: a signal meanwhile
 * restores the echo before the program ends. */
enum { SECRET_INPUT_MAX = 1100 }; /* a passphrase of up to 1024 bytes fits */
int cli_ask_secret(const char *prompt, char *buf, size_t size, bool *too_long);
void cli_secret_on_signal(int sig);
void cli_guard_terminal(bool on);

/* Loads a private key file; when it is protected, asks for its passphrase
 * once on stdin (cli_ask_secret) and wipes it after use. */
bool cli_load_private_key(const char *path, store_private_key *key, char *err, size_t err_size);

/* store_open_staff with the error printed; NULL on failure. */
store *cli_open_db(const char *path, bool writable);

/* fflush, ferror and fsync (when it is a file): what was written reached
 * the output before anything is marked as exported. */
bool cli_output_flushed(FILE *out);

#endif
