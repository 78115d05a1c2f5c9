/* store_handoff: the USB hand-off for kiosks with no network. The kiosk
 * writes its waiting sealed requests to one file on a mounted drive; the
 * staff inbox imports it ("Upload a file from a kiosk"). The file holds only
 * sealed records: a lost USB stick leaks nothing readable.
 *
 * File format, version 1 (text, LF line ends):
 *   lantern-handoff 1
 *   kiosk KIOSK_ID                  (a-z, 0-9, "-", 1 to 40)
 *   written UNIX_SECONDS
 *   count N
 *   N lines: RECORD_ID CREATED_AT FORMAT SEALED_HEX
 *   end BLAKE2B_HEX                 (32-byte BLAKE2b of every byte before
 *                                    this line: a truncated or changed file
 *                                    is refused as a whole)
 *
 * Writing: a temporary name in the folder, fsync, read back and verified
 * byte for byte and parsed, renamed to its final name, folder fsynced; only
 * then are the records marked handed off. Nothing is ever half written
 * under the final name. Parsing refuses anything else (as hostile input)
 * with a message that names the line. */
#ifndef LANTERN_STORE_HANDOFF_H
#define LANTERN_STORE_HANDOFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store.h"
#include "store_outbox.h"

enum { STORE_HANDOFF_MAX_RECORDS = 100000, STORE_HANDOFF_MAX_BYTES = 64 * 1024 * 1024 };

/* Writes the waiting requests of s to dir/lantern-requests-KIOSK-YYYYMMDD-HHMMSS.txt
 * and marks them handed off. *count gets how many (0: no file written);
 * path_out the file's path. */
bool store_handoff_write(store *s, const char *kiosk_id, const char *dir, int64_t now_unix,
                         char *path_out, size_t path_size, int *count, char *err, size_t err_size);

typedef struct {
    char kiosk[48];
    int64_t written;
    size_t count;
} store_handoff_info;

/* Checks the whole file (header, every line, the checksum) and only then
 * calls fn for each record (fn may be NULL: check only). */
bool store_handoff_parse(const unsigned char *buf, size_t len, store_handoff_info *info,
                         store_sealed_fn fn, void *ctx, char *err, size_t err_size);

#endif
