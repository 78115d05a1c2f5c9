/* inbox_text: every string the staff inbox shows, in one table (English;
 * a translation is a second table). inbox_text(T_X) never returns NULL. */
#ifndef LANTERN_INBOX_TEXT_H
#define LANTERN_INBOX_TEXT_H

typedef enum {
    T_APP,
    T_LOGIN_TITLE,
    T_USER,
    T_PASSWORD,
    T_LOGIN,
    T_LOGIN_WRONG,
    T_LOGIN_LOCKED,
    T_TIMED_OUT,
    T_LOGGED_OUT,
    T_UNLOCK_TITLE,
    T_UNLOCK_HELP,
    T_PASSPHRASE,
    T_UNLOCK,
    T_UNLOCK_WRONG,
    T_NEW_TITLE,
    T_NEW_NONE,
    T_HANDLED_TITLE,
    T_HANDLED_NONE,
    T_AUDIT_TITLE,
    T_UPLOAD_TITLE,
    T_UPLOAD_HELP,
    T_UPLOAD_FILE,
    T_UPLOAD_BUTTON,
    T_UPLOAD_DONE,
    T_UPLOAD_BAD,
    T_DOWNLOAD_CSV,
    T_LOGOUT,
    T_PHONE,
    T_EMAIL,
    T_BEST_TIME,
    T_LANGUAGE,
    T_VOICEMAIL,
    T_TOPIC,
    T_KIOSK,
    T_RECEIVED,
    T_OUTCOME,
    T_BY,
    T_REACHED,
    T_LEFT_MESSAGE,
    T_COULD_NOT_REACH,
    T_CLOSED,
    T_UNREADABLE,
    T_ALREADY_HANDLED,
    T_ERROR,
    T_FORBIDDEN,
    T_NOT_FOUND,
    T_YES,
    T_NO,
    T_WHEN,
    T_WHO,
    T_WHAT,
    T_DETAIL,
    T_JUST_NOW,
    T_MINUTE_AGO,
    T_HOUR_AGO,
    T_DAY_AGO,
    T_MORNING,
    T_AFTERNOON,
    T_EVENING,
    T_NEW_COUNT,
    T_MINUTES_AGO,
    T_HOURS_AGO,
    T_DAYS_AGO,
    T_COUNT
} inbox_text_id;

const char *inbox_text(inbox_text_id id);

/* The label of an outcome word ("reached" -> "Reached"), or the word. */
const char *inbox_outcome_label(const char *outcome);

#endif
