/* approval: a clinician's signed approval of a whole content folder, as plain
 * data (DIR/approval.json; format in docs/content.md, "Approval").
 *
 * The approval lists every file of the folder (except approval.json) with
 * its size and BLAKE2b-256 hash, the content version (manifest.json's
 * "version"), who approved it, their role, when, when the next review is
 * due, and the approver's Ed25519 public key; the signature covers the
 * canonical text of all of it (approval_canonical), never the JSON bytes, so
 * that the JSON's spacing does not matter and nothing outside the canonical
 * text can change what was signed.
 *
 * Who does what: src/content/approval_load.c reads and writes approval.json
 * (cJSON); src/store/approval.c hashes, signs and verifies (libsodium); this
 * file owns the struct and the canonical text. approval_clear() frees the
 * file list; everything else is fixed-size. */
#ifndef LANTERN_APPROVAL_H
#define LANTERN_APPROVAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define APPROVAL_FILE_NAME "approval.json"

enum {
    APPROVAL_FORMAT = 1,
    APPROVAL_KEY_BYTES = 32,       /* Ed25519 public key */
    APPROVAL_SIGNATURE_BYTES = 64, /* Ed25519 signature */
    APPROVAL_HASH_BYTES = 32,      /* BLAKE2b-256 */
    APPROVAL_TEXT_MAX = 80,        /* name, role, content version: bytes */
    APPROVAL_PATH_MAX = 255,       /* a file's path inside the folder */
    APPROVAL_MAX_FILES = 20000,
};

typedef struct {
    char *path; /* relative, '/'-separated, no "." or ".." parts */
    uint64_t size;
    unsigned char hash[APPROVAL_HASH_BYTES];
} approval_file;

typedef struct {
    int format;
    char content_version[APPROVAL_TEXT_MAX + 1];
    char name[APPROVAL_TEXT_MAX + 1];
    char role[APPROVAL_TEXT_MAX + 1];
    char approved_at[24]; /* YYYY-MM-DDTHH:MM:SSZ, UTC */
    char review_due[11];  /* YYYY-MM-DD */
    unsigned char key[APPROVAL_KEY_BYTES];
    approval_file *files; /* sorted by path (strcmp) */
    int file_count;
    unsigned char signature[APPROVAL_SIGNATURE_BYTES];
} approval;

void approval_clear(approval *a);

/* A text field is 1 to APPROVAL_TEXT_MAX bytes with no control characters. */
bool approval_text_ok(const char *s);
/* A path as approval.json may list it (see approval_file.path). */
bool approval_path_ok(const char *path);
/* YYYY-MM-DDTHH:MM:SSZ */
bool approval_time_ok(const char *s);

/* Sorts a->files by path; false when two files have the same path. */
bool approval_sort_files(approval *a);

/* The signed text: malloc'd, NUL-terminated, *len without the NUL; NULL when
 * out of memory. Lines: "lantern-approval 1", "content-version V", "name N",
 * "role R", "approved-at T", "review-due D", "key HEX", "files COUNT", then
 * "HASH SIZE PATH" for each file in path order. */
char *approval_canonical(const approval *a, size_t *len);

/* Lowercase hex of n bytes into out (2n + 1 bytes). */
void approval_hex(const unsigned char *bytes, size_t n, char *out);
/* Parses exactly 2n hex digits; false otherwise. */
bool approval_unhex(const char *hex, unsigned char *bytes, size_t n);

/* Days since 1970-01-01 of YYYY-MM-DD (or of the date part of a time); -1
 * when it is not one. */
long approval_day_number(const char *iso);

#endif
