/* config: the kiosk's settings as a plain struct.
 *
 * Defaults come from config_defaults(); a JSON file (config_load_file in
 * src/content/config_load.c) overrides them, and command-line flags (main.c)
 * override the file. Fixed-size fields: nothing to free. */
#ifndef LANTERN_CONFIG_H
#define LANTERN_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

enum { CONFIG_PATH_MAX = 512, CONFIG_MAX_APPROVERS = 8, CONFIG_MAX_FIT_SIZES = 8 };

/* A screen size lanternctl validate checks content at; diagonal_in 0: the
 * typical panel of that resolution. */
typedef struct {
    int w, h;
    double diagonal_in;
} config_fit_size;

typedef struct {
    char content_dir[CONFIG_PATH_MAX];
    char data_dir[CONFIG_PATH_MAX];
    char font[CONFIG_PATH_MAX];       /* regular face */
    char font_bold[CONFIG_PATH_MAX];  /* bold face */
    int idle_seconds;                 /* before "Are you still there?" */
    int countdown_seconds;            /* before the session is dropped */
    bool kiosk;                       /* full screen, no escape; false: a window */
    int width, height;                /* window size; 0: the display's size */
    char lang[8];                     /* start language; "": the content's default */
    char public_key[CONFIG_PATH_MAX]; /* staff public key; "": DATA/lantern-public.key */
    int db_max_pages;                 /* request database size limit in pages; 0: none */
    char usb_dir[CONFIG_PATH_MAX];    /* where removable media are mounted; "": /media */
    /* This kiosk's name where its requests go (the central database, a USB
     * hand-off file): a-z, 0-9 and "-", 1 to 40, unique among the center's
     * kiosks, the same as kiosk_id in outbox.conf. "": the requests stay on
     * this kiosk (the inbox reads them here): no delivery lines, no "Copy
     * requests to USB". */
    char kiosk_id[48];
    size_t text_cache_bytes;          /* bound on rasterized text kept */
    /* Trusted approver public keys (files): when any, only content whose
     * approval.json verifies against one of them is published. */
    char approvers[CONFIG_MAX_APPROVERS][CONFIG_PATH_MAX];
    int approver_count;
    char theme[CONFIG_PATH_MAX];     /* the look (assets/theme.json); missing: the built-in one */
    char icon_font[CONFIG_PATH_MAX]; /* Material Icons (fonts-material-design-icons-iconfont) */
    double screen_diagonal_in;       /* the panel's diagonal; 0: the display's DPI, else typical */
    /* Sizes lanternctl validate checks fit at; none: 800x480, 1024x600,
     * 1280x800, 1920x1080 and 1080x1920 on their typical panels. */
    config_fit_size fit_sizes[CONFIG_MAX_FIT_SIZES];
    int fit_size_count;
    /* Read-aloud (issue 14). Off unless enabled: a waiting room is shared. */
    bool read_aloud;
    int volume;                         /* 0 to 100 */
    bool headphones_only;               /* play only through audio_device, and say so */
    char audio_device[CONFIG_PATH_MAX]; /* an SDL output device name; "": the default output */
} config;

/* The sizes to check fit at: c's, or the defaults. Returns the count. */
int config_fit_sizes(const config *c, config_fit_size *out, int max);

void config_defaults(config *c);

/* Reads a JSON config file over c. On error writes one line naming the file
 * and key to err and returns false; c may be partly updated. */
bool config_load_file(config *c, const char *path, char *err, size_t err_size);

/* A kiosk id: 1 to 40 of a-z, 0-9 and "-" (it names files and rows). */
bool config_kiosk_id_ok(const char *id);
/* The same for n bytes that need not end in a NUL (a line of a hand-off file). */
bool config_kiosk_id_ok_n(const char *id, size_t n);

/* Checks values that both the file and the flags can set. */
bool config_check(const config *c, char *err, size_t err_size);

#endif
