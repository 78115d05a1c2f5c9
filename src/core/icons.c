#include "icons.h"

#include <string.h>

const icon_def ICONS[] = {
    {"phone", ICON_PHONE, 0xE0CD},
    {"home", ICON_HOME, 0xE88A},
    {"arrow_back", ICON_BACK, 0xE5C4},
    {"arrow_forward", ICON_NEXT, 0xE5C8},
    {"chevron_right", ICON_CHEVRON, 0xE5CC},
    {"chevron_left", ICON_CHEVRON_LEFT, 0xE5CB},
    {"check", ICON_CHECK, 0xE5CA},
    {"check_circle", ICON_CHECK_CIRCLE, 0xE86C},
    {"emergency", ICON_EMERGENCY, 0xE1EB},
    {"sms", ICON_SMS, 0xE625},
    {"groups", ICON_GROUPS, 0xF233},
    {"info", ICON_INFO, 0xE88E},
    {"favorite", ICON_FAVORITE, 0xE87D},
    {"event", ICON_EVENT, 0xE878},
    {"mail", ICON_MAIL, 0xE158},
    {"contact_phone", ICON_CONTACT, 0xE0CF},
    {"menu_book", ICON_BOOK, 0xEA19},
    {"lock", ICON_LOCK, 0xE897},
    {"help", ICON_HELP, 0xE887},
    {"healing", ICON_HEALING, 0xE3F3},
    {"psychology", ICON_PSYCHOLOGY, 0xEA4A},
    {"translate", ICON_LANGUAGE, 0xE8E2},
    {"block", ICON_BLOCK, 0xE14B},
    {"schedule", ICON_SCHEDULE, 0xE8B5},
    {"touch_app", ICON_TOUCH, 0xE913},
    {"person", ICON_PERSON, 0xE7FD},
    {"family_restroom", ICON_FAMILY, 0xF1A2},
    {"shield", ICON_SHIELD, 0xE9E0},
    {"forum", ICON_FORUM, 0xE0BF},
    {"list", ICON_LIST, 0xE896},
    {"edit", ICON_EDIT, 0xE3C9},
    {"close", ICON_CLOSE, 0xE5CD},
    {"backspace", ICON_BACKSPACE, 0xE14A},
    {"lightbulb", ICON_LIGHTBULB, 0xE0F0},
    {"location_on", ICON_LOCATION, 0xE0C8},
    {"crisis_alert", ICON_CRISIS, 0xEBE9},
    {"local_hospital", ICON_HOSPITAL, 0xE548},
    {"volunteer_activism", ICON_VOLUNTEER, 0xEA70},
    {"self_improvement", ICON_SELF_CARE, 0xEA78},
    {"warning", ICON_WARNING, 0xE002},
    {"visibility", ICON_VISIBILITY, 0xE8F4},
    {"medical_services", ICON_MEDICAL, 0xF109},
    {"keyboard_capslock", ICON_SHIFT, 0xE318},
    {"space_bar", ICON_SPACE_BAR, 0xE256},
    {"voicemail", ICON_VOICEMAIL, 0xE0D9},
};
const int ICON_COUNT = (int)(sizeof ICONS / sizeof ICONS[0]);

const icon_def *icon_by_name(const char *name)
{
    for (int i = 0; i < ICON_COUNT; i++)
        if (strcmp(ICONS[i].name, name) == 0)
            return &ICONS[i];
    return NULL;
}

const char *icon_name(uint32_t cp)
{
    for (int i = 0; i < ICON_COUNT; i++)
        if (ICONS[i].code_point == cp)
            return ICONS[i].name;
    return NULL;
}
