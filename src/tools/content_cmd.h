/* content_cmd: lanternctl's approval and bundle commands.
 *
 *   lanternctl keygen --approver --out DIR
 *   lanternctl content approve DIR --key SECRET --name NAME --role ROLE [--review-due DATE]
 *   lanternctl content verify DIR --trust PUBLIC... [--today DATE]
 *   lanternctl content pack DIR --out FILE --trust PUBLIC...
 *   lanternctl content install FILE --content LINK --trust PUBLIC... [--rollback] [--keep N]
 *
 * Passphrases are read from stdin (keygen: twice), never from argv.
 * content_cmd_main() takes argv from the command on ("keygen" or "content").
 * Exit status: 0 good, 1 refused or failed, 2 bad usage. Nothing to free. */
#ifndef LANTERN_CONTENT_CMD_H
#define LANTERN_CONTENT_CMD_H

int content_cmd_main(int argc, char **argv);

#endif
