/* requests: lanternctl's staff commands for contact requests.
 *
 *   lanternctl keygen --out DIR [--demo]
 *   lanternctl requests list   --db PATH --key PRIVATE_KEY [--format text|csv|json] [--since DATE] [--status S]
 *   lanternctl requests export --db PATH --key PRIVATE_KEY [--format csv|json] [--since DATE] [--status S]
 *   lanternctl requests mark-handled --db PATH ID...
 *   lanternctl requests purge --db PATH --handled-older-than Nd
 *
 * Decrypted requests go to stdout (they are personal health information: they
 * stay on the staff computer); per-record problems and summaries go to
 * stderr and never hold anything a visitor typed.
 *
 * requests_main() takes lanternctl's argv from the command on: argv[0] is
 * "keygen" or "requests". Exit status: 0 all good, 1 some records failed or
 * an error, 2 bad usage. Nothing to free. */
#ifndef LANTERN_REQUESTS_H
#define LANTERN_REQUESTS_H

int requests_main(int argc, char **argv);

#endif
