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

#include "../content/load.h"
#include "../core/approval.h"

/* What pack and install say, one line at a time: SAY_INFO the outcome,
 * SAY_PROBLEM a reason for refusing (a file, the signature, the date),
 * SAY_ERROR a failure of the tool itself (I/O). first keeps the first
 * problem or error, for the staff screen. */
typedef enum { SAY_INFO, SAY_PROBLEM, SAY_ERROR } bundle_say_kind;
typedef struct {
    void (*say)(void *ctx, bundle_say_kind kind, const char *line);
    void *ctx;
    char first[200];
    char version[64]; /* install: the bundle's content version, once read */
} bundle_report;

/* Packs the approved folder dir into out (written whole or not at all). */
bool bundle_pack(const char *dir, const char *out, long today, bundle_report *r);

/* Installs file as the content behind the symlink link (bundle.h's top). True:
 * installed, or already live. */
/* lint, when not NULL, runs the content linter over the unpacked folder and
 * adds its findings to diags (lanternctl passes it; the kiosk's USB import
 * does not link the linter, a staff tool, and relies on the signature and on
 * validation). */
typedef void (*bundle_lint_fn)(const char *dir, const content_set *set, diag_list *diags);
bool bundle_install(const char *file, const char *link,
                    const unsigned char (*trusted)[APPROVAL_KEY_BYTES], int trusted_count,
                    long today, bool rollback, int keep, const content_checks *checks,
                    bundle_lint_fn lint, bundle_report *r);

#endif
