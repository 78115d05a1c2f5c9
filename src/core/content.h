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

enum {
    CONTENT_MAX_LANGS = 4,
    CONTENT_MAX_DOCS = 512,
    CONTENT_MAX_BLOCKS = 200,
    CONTENT_MAX_GROUPS = 20,         /* groups.json: 1 to 20 weekly groups */
    CONTENT_MAX_CANCELLATIONS = 100, /* groups.json: at most 100 cancellations */
};

typedef enum {
    BLOCK_HEADING,
    BLOCK_PARAGRAPH,
    BLOCK_LIST,
    BLOCK_CALLOUT,
    BLOCK_IMAGE,
    BLOCK_HELP,
    BLOCK_PAGE_BREAK,
    BLOCK_LINK, /* a cross-reference: opens another document (docs/content.md, "link") */
} block_type;

typedef struct {
    block_type type;
    const char *text;   /* heading, paragraph, callout text; help detail */
    const char *label;  /* callout label; help name */
    const char *number; /* help number */
    const char *note;   /* help: a short line shown where the detail does not fit, or NULL */
    const char *src;    /* image: path relative to the content folder */
    const char *alt;    /* image alt text */
    const char **items; /* list items */
    int item_count;
    int image_w, image_h; /* image pixel size, filled by the loader's probe */
    bool avoid;           /* callout: words not to say ("Instead of"), drawn apart */
    /* link: the document it opens ("module" in the file: an id the loader
     * checked exists) as an index into the language's docs; text is that
     * document's title in the same language, the link's label. */
    const char *target;
    int link_doc;
    const char *link_icon; /* the target's Home icon name (core/icons.h), or NULL */
} content_block;

typedef enum { DOC_MODULE, DOC_PAGE, DOC_HELP } doc_kind;

/* A take-home link shown as a QR code ("take_home" in a document). Modules
 * and pages name https pages; help.json may also name a tel: number. The
 * loader checks the link (core/link.h) and encodes the code once (src/qr), so
 * drawing it is copying modules. */
enum { CONTENT_MAX_LINKS = 2, CONTENT_MAX_AUDIO = 60 };
typedef struct {
    const char *url;   /* https://... or tel:+... */
    const char *label; /* under the code: "988 Lifeline website" */
    int qr_size;       /* modules a side (21..57), without the quiet zone */
    /* qr_size * qr_size bytes, row by row, 1 = dark; NULL (as loaded): the
     * renderer encodes url when it first draws the code (qr_encode). */
    const unsigned char *qr;
} content_link;

/* A recorded reading of one section ("audio" in a document): a WAV file in
 * the content folder, played instead of the synthetic voice. */
typedef struct {
    int section;     /* 1-based, as content_block_section() counts */
    const char *src; /* path relative to the content folder: "audio/en-what-helps-1.wav" */
    int ms;          /* its length, from the file's header */
} content_audio;

typedef struct {
    const char *id;
    doc_kind kind;
    int version;
    const char *title;
    const char *summary;
    const char *icon; /* a Material Icons name for its Home tile (core/icons.h), or NULL */
    const char *review_due; /* YYYY-MM-DD: the author's proposal */
    const char **sources;
    int source_count;
    content_block *blocks;
    int block_count;
    /* Facilitator prompts (<lang>/facilitator/<id>.json), never shown to
     * visitors. prompts[i] is for section i + 1, NULL when that section has
     * none; prompt_count is the document's section count when it has a
     * facilitator file, 0 (and prompts NULL) when it has none. */
    const char **prompts;
    int prompt_count;
    content_link links[CONTENT_MAX_LINKS]; /* "take_home" */
    int link_count;
    content_audio *audio; /* "audio", in section order; NULL when none */
    int audio_count;
} content_doc;

/* Sections: the kiosk starts a new page at every heading. The first block
 * starts section 1 (text before the first heading is a section of its own);
 * every later heading starts the next one; a page_break does not. Sections
 * number the facilitator prompts, and match the "page N" of lanternctl lint. */
static inline int content_block_section(const content_doc *doc, int block)
{
    int section = doc->block_count > 0 ? 1 : 0;
    for (int b = 1; b <= block && b < doc->block_count; b++)
        section += doc->blocks[b].type == BLOCK_HEADING;
    return section;
}

static inline int content_section_count(const content_doc *doc)
{
    return content_block_section(doc, doc->block_count - 1);
}

/* One weekly support group (<lang>/groups.json). The schedule fields
 * (weekday, start_minute, minutes, online) are the same in every language. */
typedef struct {
    const char *id;       /* like a module id; the same in every language */
    const char *name;     /* "Family support group" */
    const char *who;      /* who it is for ("for" in the file) */
    const char *room;     /* in person: the room; online: where the link is given, or NULL */
    const char *language; /* the language it is held in, as text: "Spanish", "español" */
    const char *join;     /* how to join: "Ask at the front desk. No sign-up needed." */
    int weekday;          /* 0 Sunday .. 6 Saturday (as struct tm's tm_wday) */
    int start_minute;     /* local time, minutes after midnight: 18:30 is 1110 */
    int minutes;          /* length, 15 to 480 */
    bool online;          /* false: in person */
} content_group;

/* No meeting on a date: of one group, or of every group that meets that day. */
typedef struct {
    const char *date;     /* YYYY-MM-DD, local date of the meeting's start */
    const char *group_id; /* NULL: every group that day */
    const char *note;     /* shown to visitors: "Holiday: no group this week" */
} content_cancellation;

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
    /* Support groups (groups.json; none when the content has no groups.json).
     * Same order in every language: groups[i].id matches. */
    content_group *groups;
    int group_count;
    content_cancellation *cancellations; /* in file order */
    int cancellation_count;
} content_lang;

typedef struct content_set {
    const char *version;
    /* manifest "center": the name (NULL: none) and logo (src NULL: none;
     * image_w/h from its header) on the attract screen */
    const char *center_name;
    content_block center_logo;
    const char *root;      /* folder it was loaded from, as named (for messages) */
    const char *real_root; /* that folder's real path: images come from here, even
                            * after a publish swaps the symlink to a newer set */
    int contact_doc;  /* the document whose Home tile opens the contact form, or -1 */
    int groups_doc;   /* the document whose Home tile opens the groups screen, or -1 */
    int default_lang;
    content_lang langs[CONTENT_MAX_LANGS];
    int lang_count;
    struct arena *arena; /* owns every string and array above */
    /* Filled by the platform after checking approval.json against the
     * trusted approver keys (platform/approved.h); the loader leaves it
     * zero: not verified, and visitors see the draft mark. */
    struct {
        bool verified;
        char name[81], role[81];
        char date[11];       /* YYYY-MM-DD: when it was approved (UTC) */
        char review_due[11]; /* YYYY-MM-DD: the approval's, which wins over the documents' */
    } approval;
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
