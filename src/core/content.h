/* content: the kiosk's content as plain C structs, free of JSON and SDL.
 *
 * A content_set holds every language's UI strings and documents (modules,
 * information pages, the crisis help list). It is built by content_load()
 * (src/content/content_load.c, the only code that reads content JSON) and
 * freed with content_destroy(); every string inside belongs to the set.
 * The kiosk swaps whole sets, never edits one. */
#ifndef LANTERN_CONTENT_H
#define LANTERN_CONTENT_H

#include <stdbool.h>
#include <stddef.h>

enum { CONTENT_MAX_LANGS = 4, CONTENT_MAX_DOCS = 512, CONTENT_MAX_BLOCKS = 200 };

typedef enum {
    BLOCK_HEADING,
    BLOCK_PARAGRAPH,
    BLOCK_LIST,
    BLOCK_CALLOUT,
    BLOCK_IMAGE,
    BLOCK_HELP,
    BLOCK_PAGE_BREAK,
} block_type;

typedef struct {
    block_type type;
    const char *text;   /* heading, paragraph, callout text; help detail */
    const char *label;  /* callout label; help name */
    const char *number; /* help number */
    const char *src;    /* image: path relative to the content folder */
    const char *alt;    /* image alt text */
    const char **items; /* list items */
    int item_count;
    int image_w, image_h; /* image pixel size, filled by the loader's probe */
    bool avoid;           /* callout: words not to say ("Instead of"), drawn apart */
} content_block;

typedef enum { DOC_MODULE, DOC_PAGE, DOC_HELP } doc_kind;

typedef struct {
    const char *id;
    doc_kind kind;
    int version;
    const char *title;
    const char *summary;
    const char *reviewed_by;
    const char *reviewed_on; /* YYYY-MM-DD */
    const char *review_due;  /* YYYY-MM-DD */
    const char **sources;
    int source_count;
    content_block *blocks;
    int block_count;
} content_doc;

typedef struct {
    const char *key;
    const char *value;
} ui_string;

typedef struct {
    const char *code; /* "en" */
    ui_string *strings; /* sorted by key */
    int string_count;
    content_doc *docs; /* same order in every language: docs[i].id matches */
    int doc_count;
    const content_doc *help; /* the crisis screen */
    const content_doc *home[CONTENT_MAX_DOCS]; /* tiles, in manifest order */
    int home_count;
} content_lang;

typedef struct content_set {
    const char *version;
    const char *root; /* folder it was loaded from */
    int contact_doc;  /* the document whose Home tile opens the contact form, or -1 */
    int default_lang;
    content_lang langs[CONTENT_MAX_LANGS];
    int lang_count;
    struct arena *arena; /* owns every string and array above */
} content_set;

/* The UI string keys the kiosk uses; the loader insists each language has all. */
extern const char *const content_required_ui_keys[];
extern const int content_required_ui_key_count;

/* Looks a UI string up; returns the key itself when missing (never NULL),
 * which the loader makes impossible for required keys. */
const char *content_ui(const content_lang *lang, const char *key);
int content_lang_index(const content_set *set, const char *code); /* -1 when absent */
/* True for a real calendar date written exactly YYYY-MM-DD (2000 to 2100). */
bool content_date_valid(const char *s);
void content_destroy(content_set *set);

#endif
