/* import_copy: the USB import's folder walk (import.c's steps 1 and 3):
 * regular files and folders only, never following a link, each file hashed
 * (BLAKE2b-256) and, when a destination is open, copied in process.
 * Internal to import.c; file_list_free() frees what copy_walk() fills. */
#ifndef LANTERN_IMPORT_COPY_H
#define LANTERN_IMPORT_COPY_H

#include <stdbool.h>
#include <stddef.h>

#include "../store/file_hash.h"

enum {
    IMPORT_MAX_FILES = 4096,
    IMPORT_MAX_DEPTH = 12,
};

typedef struct {
    char *rel;
    long long size;
    unsigned char hash[FILE_HASH_BYTES];
} file_entry;

typedef struct {
    file_entry *v;
    int n, cap;
    long long bytes;
    bool refused;     /* the folder itself is wrong: problem says why */
    bool write_error; /* the copy could not be written: err holds errno */
    int err;
    char problem[400];
} file_list;

/* Walks the folder open as src, hashing every regular file into l; with
 * dst >= 0 copies each into the folder open as dst. rel: the path inside
 * the drive's folder, for messages ("" at the top). False with l->refused
 * (the folder is wrong: l->problem names the file) or l->write_error
 * (l->err: the copy could not be written). */
bool copy_walk(int src, int dst, const char *rel, int depth, file_list *l);
void file_list_free(file_list *l);
/* NULL when a and b hold the same files with the same contents; otherwise
 * the first path that differs (sorts both). */
const char *file_lists_differ(file_list *a, file_list *b);
/* Removes name under the folder open as dir, never following a link. */
int remove_tree_at(int dir, const char *name, int depth);
bool write_all(int fd, const unsigned char *p, size_t n);

#endif
