/* requests: lanternctl's staff commands for contact requests.
 *
 *   lanternctl keygen --out DIR [--demo]
 *   lanternctl requests list   --db PATH --key PRIVATE_KEY [--format text|csv|json] [--since DATE]
 * [--status S] lanternctl requests export --db PATH --key PRIVATE_KEY [--format csv|json] [--since
 * DATE] [--status S] lanternctl requests mark-handled --db PATH ID... lanternctl requests purge
 * --db PATH --handled-older-than Nd lanternctl set-pin --data DIR --role staff|facilitator
 *   lanternctl stats --db PATH [--since YYYY-MM-DD] [--format text|csv|json]
 *
 * Decrypted requests go to stdout (they are personal health information: they
 * stay on the staff computer); per-record problems and summaries go to
 * stderr and never hold anything a visitor typed.
 *
 * set-pin reads the PIN twice from stdin (no echo at a terminal, plain lines
 * from a pipe; never from argv, which ps shows), wipes its copies, and prints
 * only "ROLE PIN set: PATH". stats prints the anonymous usage counts (day,
 * metric, item, count) and needs no key.
 *
 * requests_main() takes lanternctl's argv from the command on: argv[0] is
 * "keygen", "requests", "set-pin" or "stats". Exit status: 0 all good, 1 some
 * records failed or an error, 2 bad usage. Nothing to free. */
#ifndef LANTERN_REQUESTS_H
#define LANTERN_REQUESTS_H

int requests_main(int argc, char **argv);

#endif
