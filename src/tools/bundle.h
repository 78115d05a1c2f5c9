/* bundle: one file that carries an approved content folder to many kiosks
 * (lanternctl content pack / install; docs/content.md, "Bundles").
 *
 * Format, version 1: the 8 bytes "LNTNBDL1", then one entry per file, the
 * first always approval.json, then an end entry:
 *   path length  2 bytes, little-endian (0: the end entry; nothing follows)
 *   path         that many bytes, relative, '/'-separated (approval_path_ok)
 *   size         8 bytes, little-endian
 *   data         size bytes
 * The container has no checksum of its own: approval.json lists every file
 * with its BLAKE2b hash under the approver's signature, and install checks
 * the unpacked folder against it before anything is published, so a
 * truncated, padded or altered bundle is refused.
 *
 * Install unpacks into a hidden folder next to the live content link, checks
 * signature, files, validate and lint, then renames it to
 * content-<approved-at>-<signature prefix> and switches the link with one
 * rename (content_publish): a crash at any moment leaves the old set or the
 * new one live, whole. The last --keep sets (default 3) besides the live one
 * are kept for --rollback; older ones are removed. */
#ifndef LANTERN_BUNDLE_H
#define LANTERN_BUNDLE_H

#include <stdbool.h>

#include "core/approval.h"

int bundle_pack_cmd(const char *dir, const char *out, long today);
int bundle_install_cmd(const char *file, const char *link,
                       const unsigned char (*trusted)[APPROVAL_KEY_BYTES], int trusted_count,
                       long today, bool rollback, int keep);

#endif
