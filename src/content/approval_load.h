/* approval_load: reads and writes DIR/approval.json (core/approval.h), the
 * JSON side of content approval; signing and checking are in
 * store/approval_sign.h.
 *
 *   {
 *     "format": 1,
 *     "content_version": "2026-12-05.1",
 *     "name": "Dr. Ana Ruiz",
 *     "role": "Clinical Director",
 *     "approved_at": "2026-12-05T14:03:22Z",
 *     "review_due": "2027-06-01",
 *     "key": "<64 hex: the approver's Ed25519 public key>",
 *     "files": [{"path": "en/help.json", "size": 1234, "blake2b": "<64 hex>"}, ...],
 *     "signature": "<128 hex>"
 *   }
 *
 * approval_load() fills *out (free with approval_clear) or reports every
 * problem to diags as file:line:col: $.path: message and returns false. */
#ifndef LANTERN_APPROVAL_LOAD_H
#define LANTERN_APPROVAL_LOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/approval.h"
#include "load.h"

bool approval_load(const char *path, approval *out, diag_list *diags);

/* Writes path whole or not at all (a temporary file renamed over it). */
bool approval_write(const char *path, const approval *a, char *err, size_t err_size);

#endif
