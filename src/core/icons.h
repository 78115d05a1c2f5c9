/* icons: glyphs of the Material Icons font (Debian's
 * fonts-material-design-icons-iconfont, Apache-2.0), drawn as text in the
 * FONT_ICON style through SDL_ttf: no icon image files of our own.
 *
 * Each ICON_* is the glyph's code point as a UTF-8 string literal, for
 * draw_icon(). icon_name() gives the icon's name for the harness dump and
 * content (a Home tile may name its icon). Static data: nothing to free. */
#ifndef LANTERN_ICONS_H
#define LANTERN_ICONS_H

#include <stdint.h>

#define ICON_PHONE "\xee\x83\x8d"        /* U+E0CD phone */
#define ICON_HOME "\xee\xa2\x8a"         /* U+E88A home */
#define ICON_BACK "\xee\x97\x84"         /* U+E5C4 arrow_back */
#define ICON_NEXT "\xee\x97\x88"         /* U+E5C8 arrow_forward */
#define ICON_CHEVRON "\xee\x97\x8c"      /* U+E5CC chevron_right */
#define ICON_CHEVRON_LEFT "\xee\x97\x8b" /* U+E5CB chevron_left */
#define ICON_CHECK "\xee\x97\x8a"        /* U+E5CA check */
#define ICON_CHECK_CIRCLE "\xee\xa1\xac" /* U+E86C check_circle */
#define ICON_EMERGENCY "\xee\x87\xab"    /* U+E1EB emergency */
#define ICON_SMS "\xee\x98\xa5"          /* U+E625 sms */
#define ICON_GROUPS "\xef\x88\xb3"       /* U+F233 groups */
#define ICON_INFO "\xee\xa2\x8e"         /* U+E88E info */
#define ICON_FAVORITE "\xee\xa1\xbd"     /* U+E87D favorite */
#define ICON_EVENT "\xee\xa1\xb8"        /* U+E878 event */
#define ICON_MAIL "\xee\x85\x98"         /* U+E158 mail */
#define ICON_CONTACT "\xee\x83\x8f"      /* U+E0CF contact_phone */
#define ICON_BOOK "\xee\xa8\x99"         /* U+EA19 menu_book */
#define ICON_LOCK "\xee\xa2\x97"         /* U+E897 lock */
#define ICON_HELP "\xee\xa2\x87"         /* U+E887 help */
#define ICON_HEALING "\xee\x8f\xb3"      /* U+E3F3 healing */
#define ICON_PSYCHOLOGY "\xee\xa9\x8a"   /* U+EA4A psychology */
#define ICON_LANGUAGE "\xee\xa3\xa2"     /* U+E8E2 translate */
#define ICON_BLOCK "\xee\x85\x8b"        /* U+E14B block */
#define ICON_SCHEDULE "\xee\xa2\xb5"     /* U+E8B5 schedule */
#define ICON_TOUCH "\xee\xa4\x93"        /* U+E913 touch_app */
#define ICON_PERSON "\xee\x9f\xbd"       /* U+E7FD person */
#define ICON_FAMILY "\xef\x86\xa2"       /* U+F1A2 family_restroom */
#define ICON_SHIELD "\xee\xa7\xa0"       /* U+E9E0 shield */
#define ICON_FORUM "\xee\x82\xbf"        /* U+E0BF forum */
#define ICON_LIST "\xee\xa2\x96"         /* U+E896 list */
#define ICON_EDIT "\xee\x8f\x89"         /* U+E3C9 edit */
#define ICON_CLOSE "\xee\x97\x8d"        /* U+E5CD close */
#define ICON_BACKSPACE "\xee\x85\x8a"    /* U+E14A backspace */
#define ICON_LIGHTBULB "\xee\x83\xb0"    /* U+E0F0 lightbulb */
#define ICON_LOCATION "\xee\x83\x88"     /* U+E0C8 location_on */
#define ICON_CRISIS "\xee\xaf\xa9"       /* U+EBE9 crisis_alert */
#define ICON_HOSPITAL "\xee\x95\x88"     /* U+E548 local_hospital */
#define ICON_VOLUNTEER "\xee\xa9\xb0"    /* U+EA70 volunteer_activism */
#define ICON_SELF_CARE "\xee\xa9\xb8"    /* U+EA78 self_improvement */
#define ICON_VISIBILITY "\xee\xa3\xb4"   /* U+E8F4 visibility */
#define ICON_MEDICAL "\xef\x84\x89"      /* U+F109 medical_services */
#define ICON_WARNING "\xee\x80\x82"      /* U+E002 warning */
#define ICON_SHIFT "\xee\x8c\x98"        /* U+E318 keyboard_capslock */
#define ICON_VOICEMAIL "\xee\x83\x99"    /* U+E0D9 voicemail */
#define ICON_SPACE_BAR "\xee\x89\x96"    /* U+E256 space_bar */

typedef struct {
    const char *name; /* Material Icons' name: "phone" */
    const char *utf8; /* an ICON_* */
    uint32_t code_point;
} icon_def;

extern const icon_def ICONS[];
extern const int ICON_COUNT;

/* The icon named name ("phone"), or NULL. */
const icon_def *icon_by_name(const char *name);
/* The name of the icon at code point cp, or NULL when it is none of ours. */
const char *icon_name(uint32_t cp);

#endif
