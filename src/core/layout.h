/* layout: sizes, colours, line wrapping and the pagination of documents.
 *
 * Everything is derived from the window size, so any resolution and either
 * orientation works. Text is measured through a text_metrics callback (the
 * platform's font in the kiosk, a fixed-width fake in unit tests).
 *
 * doc_layout_build() lays a document out into pages once (on opening it, or
 * when the size or language changes); drawing a page then only walks rows.
 * doc_layout_free() releases its rows. */
#ifndef LANTERN_LAYOUT_H
#define LANTERN_LAYOUT_H

#include "content.h"
#include "draw.h"

typedef struct {
    /* Width in pixels of s[0..len) set at px size in style st. */
    int (*text_width)(void *ctx, const char *s, int len, int px, font_style st);
    /* Distance between baselines of consecutive lines at px size. */
    int (*line_height)(void *ctx, int px, font_style st);
    void *ctx;
    /* Whether the font can draw code point cp (NULL: every one can). What a
     * visitor may type is limited to what the kiosk can show. */
    bool (*can_draw)(void *ctx, uint32_t cp);
} text_metrics;

/* The kiosk's look: colours, and the type scale and spacing in millimetres.
 * Built-in defaults equal assets/theme.json, which the kiosk loads over them
 * (theme_load_file in src/content/theme_load.c) and theme_check() validates:
 * body text at least 7:1 on every surface it is drawn on (WCAG AAA),
 * components (buttons, cards, keys, fields, their edges) at least 3:1 against
 * the page (WCAG 1.4.11). The high-contrast theme (issue 14) is built in,
 * near-black on white, and passes the same checks. */
typedef struct {
    double body, small, heading, title, button, bar, number, icon;
    double margin, gap, pad, target, min_button_w, column;
} theme_sizes;

typedef struct {
    color bg, text, muted, accent, on_accent, bar, on_bar, tile, tile_edge, tile_title, callout,
        callout_label, avoid, avoid_label, help_card, help_number, desk, dim, card, button2,
        on_button2, highlight;   /* highlight: behind the sentence being read aloud */
    color edge;                  /* the boundary of buttons, cards, keys and fields */
    color danger, on_danger;     /* 911: the emergency accent */
    color pressed, on_pressed;   /* a target under a finger */
    color selected, on_selected; /* a chosen option (with a check mark) */
    color disabled, on_disabled; /* a button that cannot act yet */
    /* Every size twice: its floor in millimetres on the panel, and the
     * 1080p design's pixels (scaled with the screen's shorter side). A size
     * is the larger of the two (metrics_for_panel). */
    theme_sizes mm, px_1080;
} theme;
/* The standard look: the built-in one, replaced at start by assets/theme.json. */
extern theme THEME_STANDARD;
extern const theme THEME_HIGH_CONTRAST; /* near-black on white, AAA */
/* The built-in standard theme (what THEME_STANDARD starts as). */
const theme *theme_builtin(void);
/* The theme frames are drawn with. One kiosk, one screen: the visitor's "A+"
 * choice sets it (theme_use) before a frame is built, and the idle reset puts
 * the standard one back. Every drawing function reads THEME.x. */
extern const theme *theme_current;
#define THEME (*theme_current)
void theme_use(bool high_contrast);
bool theme_is_high_contrast(void);

/* The named fields of a theme, for its loader and checks (THEME_SIZES'
 * offsets are within a theme_sizes). */
typedef struct {
    const char *name;
    size_t offset;
} theme_field;
extern const theme_field THEME_COLORS[];
extern const int THEME_COLOR_COUNT;
extern const theme_field THEME_SIZES[];
extern const int THEME_SIZE_COUNT;

/* Whether t is fit to show visitors: every contrast rule above and the
 * physical minimums (body text >= 4 mm, secondary >= body - 15%, targets >=
 * 12 mm, gaps >= 2 mm). On failure writes the first problem to err. */
bool theme_check(const theme *t, char *err, size_t err_size);

/* Pixel sizes for one window size. */
typedef struct {
    int w, h;
    double s; /* design pixels (the 1080-px grid) to screen pixels */
    double mm_per_px;
    int margin; /* outer margin */
    int gap;    /* space between touch targets (at least 2 mm) */
    int body_px, heading_px, title_px, small_px, button_px, bar_px, number_px, icon_px;
    int button_h; /* height of every button and target (at least 12 mm) */
    int min_button_w;
    int col_x, col_w; /* the reading column */
    int pad;          /* inner padding of tiles, boxes and buttons */
    int text_percent; /* the text step these sizes were made for */
    int qr_px;        /* a QR module: about 1.5 mm on the panels the kiosk runs on (layout.c) */
} metrics;

/* The panel: its diagonal in inches (config screen_diagonal_in), else the
 * display's reported diagonal DPI, else (both 0) the typical panel for the
 * resolution (layout_typical_diagonal). Process-wide: one kiosk, one panel. */
void layout_set_panel(double diagonal_in, double dpi);
/* The usual diagonal of panels sold at w x h: 7" up to 1024x600, 10.1" up to
 * 1280x800, 15.6" up to 1366x768, else 21.5" (a 1080p monitor). */
double layout_typical_diagonal(int w, int h);
/* Millimetres per pixel of the panel set above, at w x h. */
double layout_mm_per_px(int w, int h);
/* The text steps a visitor can choose with "A+" (percent of the standard
 * text size). */
enum { TEXT_STEP_COUNT = 3 };
extern const int TEXT_STEPS[TEXT_STEP_COUNT]; /* 100, 125, 150 */

/* Sizes from the standard theme's millimetres: a size is never below its
 * millimetres on this panel, and on large screens grows with the screen as
 * the 1080p design does (8 px a millimetre on a 1080-px side). Text is never
 * shrunk to fit. text_percent (100..150) scales every text size, and the
 * button and bar heights that hold text half as fast; margins and gaps stay,
 * so larger text takes room from the page, never from the touch targets. */
metrics metrics_for_panel(int w, int h, double mm_per_px, int text_percent);
/* metrics_for_panel with the panel set by layout_set_panel. */
metrics metrics_for_text(int w, int h, int text_percent);
metrics metrics_for_size(int w, int h); /* text at 100 % */

typedef struct {
    int off, len, w;
} line_span;

/* Greedy word wrap of s[0..len) to max_w. Fills up to max_lines spans and
 * returns the number of lines needed (which may exceed max_lines). Words
 * longer than a line are broken between code points. */
int wrap_text(const text_metrics *tm, const char *s, int len, int px, font_style st, int max_w,
              line_span *out, int max_lines);

/* ---- documents ---- */

/* ROW_LINK: a link block, drawn as a button (its label is text, its icon
 * image, and it is a tap target of at least the panel's target size). */
typedef enum { ROW_TEXT, ROW_SPACE, ROW_IMAGE, ROW_QR, ROW_LINK } row_kind;
typedef enum {
    ROLE_BODY,
    ROLE_HEADING,
    ROLE_LABEL,
    ROLE_NUMBER,
    ROLE_HELP_NAME,
    ROLE_MUTED
} text_role;

/* What a box holds decides its look. */
/* BOX_PROMPT: a facilitator's discussion prompt laid out in the text. */
typedef enum { BOX_NONE, BOX_TRY, BOX_AVOID, BOX_HELP, BOX_PROMPT } box_kind;

typedef struct {
    row_kind kind;
    int page;
    int y, h;  /* y within the page's text area */
    int x, w;  /* x offset within the column, measured width */
    int piece; /* rows of one text piece share it: the harness item */
    int block; /* the content block it comes from, or -1 */
    int box;   /* callout/help box id, or -1 */
    box_kind box_kind;
    bool keep_with_next;
    /* A box may break before this row, though it keeps with what follows,
     * rather than leave a page under LAYOUT_MIN_FILL_PERCENT full. */
    bool split_ok;
    bool starts_page;    /* an explicit page break: always starts a page */
    bool starts_section; /* a heading: starts a page only when its section would not fit */
    bool bullet;         /* first line of a list item: draw a bullet before it */
    const char *text;
    int len, px;
    font_style style;
    text_role role;
    const char *image;        /* ROW_IMAGE: the file; ROW_LINK: the target's icon name, or NULL */
    const content_link *link; /* ROW_QR: the code */
    int module_px;            /* ROW_QR */
    int link_doc;             /* ROW_LINK: the document it opens */
    bool beside;              /* sits beside the row before it (a code's label): takes no height */
    int beside_dy;            /* its offset from that row's top */
} doc_row;

/* The most pages one document may take at any size. lanternctl validate
 * refuses a document that needs more (a kiosk module is read standing up);
 * the layout itself never writes past it: rows beyond go on the last page,
 * and truncated says so. */
enum { LAYOUT_MAX_PAGES = 60 };

typedef struct {
    doc_row *rows;
    int row_count, row_cap;
    int page_first[LAYOUT_MAX_PAGES + 1]; /* first row of each page, then row_count */
    int page_count;
    bool truncated; /* more pages were needed than LAYOUT_MAX_PAGES */
    int area_w, area_h;
    /* Set by the caller before doc_layout_build: the caption over the
     * document's take-home QR codes ("Take this home: scan with your phone's
     * camera"), or NULL to leave the codes out. */
    const char *take_home;
    /* Set by the caller before doc_layout_build: a facilitator's discussion
     * prompts to lay out in the text, each a box at its section's start
     * (prompts[i] for section i + 1, NULL for none), under prompt_label;
     * prompts NULL: none. For a panel with no room for them beside the
     * page. */
    const char *const *prompts;
    int prompt_count;
    const char *prompt_label;
    /* Set by the caller before doc_layout_draw: the sentence being read aloud
     * (a range of the content's text; NULL: none), drawn over a highlight. */
    const char *highlight;
    int highlight_len;
    const text_metrics *tm; /* the metrics it was built with (for the highlight) */
    int cont_h; /* the name-and-number line over a help box continued on a page */
} doc_layout;

/* Where a page starting at row `first` has its first row: under the line
 * that repeats a help box's name and number when the page continues the box
 * (cont_h), else at 0. */
int layout_cont_top(const doc_layout *dl, int first);

/* How full every page but a document's last (or one before an explicit
 * page break) should be, in percent of the area's height. The pagination
 * (layout_pages.c) chooses the breaks that leave the fewest pages under it;
 * one is left only where a block kept together leaves no other way. */
enum { LAYOUT_MIN_FILL_PERCENT = 60 };

/* Lays doc out for a text area of area_w x area_h. reviewed is an extra
 * muted line at the end ("Reviewed by …"), or NULL. Returns false when out
 * of memory (the layout is then empty). */
bool doc_layout_build(doc_layout *dl, const content_doc *doc, const char *reviewed,
                      const text_metrics *tm, const metrics *m, int area_w, int area_h);
void doc_layout_free(doc_layout *dl);

/* The module size for a code of size modules in an area of area_w x avail_h:
 * m->qr_px, smaller only when the code would not fit (never below 3 px). */
int qr_module_px(const metrics *m, int size, int area_w, int avail_h);

/* Appends page p's draw commands and items to out, with the area's top-left
 * at (x, y). */
void doc_layout_draw(const doc_layout *dl, int page, int x, int y, const metrics *m,
                     draw_list *out);

#endif
