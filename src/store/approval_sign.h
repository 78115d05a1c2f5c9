/* approval_sign: the libsodium side of content approval (core/approval.h):
 * approver keys, hashing a content folder, signing and verifying.
 *
 * Keys: `lanternctl keygen --approver --out DIR` writes
 *   DIR/approver-public.key  (0644) "# Lantern approver public key" then the
 *                            Ed25519 public key as 64 hex characters
 *   DIR/approver-secret.key  (0600) the Ed25519 secret key under the
 *                            approver's passphrase (store/secret_file.h)
 * The public key goes to every kiosk (config "approvers") and to whoever
 * runs `content verify`; the secret key and its passphrase stay with the
 * clinician who approves content.
 *
 * Verification reports each problem through a callback, one plain sentence
 * each, naming the file and what is wrong, and goes on to find them all.
 *
 * Ownership: approval_scan() fills a->files, freed by approval_clear();
 * secret keys are caller buffers, wiped with approval_wipe(). */
#ifndef LANTERN_APPROVAL_SIGN_H
#define LANTERN_APPROVAL_SIGN_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/approval.h"

#define APPROVER_PUBLIC_KEY_NAME "approver-public.key"
#define APPROVER_SECRET_KEY_NAME "approver-secret.key"

enum { APPROVAL_SECRET_KEY_BYTES = 64 };

/* Makes DIR (0700 when new) and the two key files; never overwrites. */
bool approval_keygen(const char *dir, const char *passphrase, char *err, size_t err_size);

bool approval_load_public_key(const char *path, unsigned char key[APPROVAL_KEY_BYTES], char *err,
                              size_t err_size);
bool approval_load_secret_key(const char *path, const char *passphrase,
                              unsigned char key[APPROVAL_SECRET_KEY_BYTES], char *err,
                              size_t err_size);
void approval_wipe(void *p, size_t n);

typedef void (*approval_problem_fn)(void *ctx, const char *message);

/* Lists every file under dir (but dir/approval.json) with its size and
 * hash into a->files, sorted. A symbolic link, a special file, an
 * unreadable file or a path approval.json could not hold is reported and
 * left out; returns the number of problems (-1: out of memory). */
int approval_scan(const char *dir, approval *a, approval_problem_fn problem, void *ctx);

/* Sets a->key from secret_key and signs the canonical text. */
bool approval_sign(approval *a, const unsigned char secret_key[APPROVAL_SECRET_KEY_BYTES]);

/* True when a->signature is a valid signature of the canonical text by a->key. */
bool approval_signature_ok(const approval *a);

typedef struct {
    const unsigned char (*trusted)[APPROVAL_KEY_BYTES]; /* trusted approver keys */
    int trusted_count;
    long today; /* approval_day_number of today; review_due before it is a problem */
} approval_policy;

typedef struct {
    int problems;       /* all of them, the review date included */
    bool untrusted;     /* signed by a key not in the policy */
    bool bad_signature; /* the signature does not cover these contents */
    bool files_differ;  /* a file changed, added, removed, renamed, a symlink */
    bool review_passed; /* review_due is before today */
} approval_result;

/* Checks the signed approval a (parsed from dir/approval.json) against dir
 * and policy; reports every problem. */
approval_result approval_verify(const char *dir, const approval *a, const approval_policy *policy,
                                approval_problem_fn problem, void *ctx);

#endif
