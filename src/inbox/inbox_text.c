#include "inbox/inbox_text.h"

#include <string.h>

static const char *const english[T_COUNT] = {
    [T_APP] = "Lantern inbox",
    [T_LOGIN_TITLE] = "Sign in",
    [T_USER] = "User name",
    [T_PASSWORD] = "Password",
    [T_LOGIN] = "Sign in",
    [T_LOGIN_WRONG] = "That user name and password do not match.",
    [T_LOGIN_LOCKED] =
        "Too many wrong passwords: this account is locked for a while. Try again later.",
    [T_TIMED_OUT] = "You were signed out after a time without activity.",
    [T_LOGGED_OUT] = "You are signed out.",
    [T_UNLOCK_TITLE] = "Open the requests",
    [T_UNLOCK_HELP] =
        "Requests are sealed. Type the passphrase of the staff key to read them in this session. "
        "It is kept only until you sign out.",
    [T_PASSPHRASE] = "Passphrase",
    [T_UNLOCK] = "Open",
    [T_UNLOCK_WRONG] = "That passphrase does not open the staff key.",
    [T_NEW_TITLE] = "New requests",
    [T_NEW_NONE] = "No new requests.",
    [T_HANDLED_TITLE] = "Handled",
    [T_HANDLED_NONE] = "Nothing handled yet.",
    [T_AUDIT_TITLE] = "Audit log",
    [T_UPLOAD_TITLE] = "Upload a file from a kiosk",
    [T_UPLOAD_HELP] =
        "Choose the requests file a kiosk wrote to a USB drive (\"Copy requests to USB\"). "
        "Uploading the same file twice adds nothing.",
    [T_UPLOAD_FILE] = "Requests file",
    [T_UPLOAD_BUTTON] = "Upload",
    [T_UPLOAD_DONE] = "File read: %d requests, %d of them new.",
    [T_UPLOAD_BAD] = "This file cannot be imported: %s",
    [T_DOWNLOAD_CSV] = "Download CSV",
    [T_LOGOUT] = "Sign out",
    [T_PHONE] = "Phone",
    [T_EMAIL] = "Email",
    [T_BEST_TIME] = "Best time",
    [T_LANGUAGE] = "Language",
    [T_VOICEMAIL] = "Voicemail OK",
    [T_TOPIC] = "Topic",
    [T_KIOSK] = "Kiosk",
    [T_RECEIVED] = "Received",
    [T_OUTCOME] = "Outcome",
    [T_BY] = "by",
    [T_REACHED] = "Reached",
    [T_LEFT_MESSAGE] = "Left a message",
    [T_COULD_NOT_REACH] = "Could not reach",
    [T_CLOSED] = "Closed",
    [T_UNREADABLE] = "This request cannot be opened with the staff key (wrong key, or damaged).",
    [T_ALREADY_HANDLED] = "That request was already handled.",
    [T_ERROR] = "Something went wrong; nothing was changed. Try again.",
    [T_FORBIDDEN] = "This form has expired. Go back and try again.",
    [T_NOT_FOUND] = "Not found.",
    [T_YES] = "yes",
    [T_NO] = "no",
    [T_WHEN] = "When",
    [T_WHO] = "Who",
    [T_WHAT] = "What",
    [T_DETAIL] = "Detail",
    [T_JUST_NOW] = "just now",
    [T_MINUTE_AGO] = "1 minute ago",
    [T_HOUR_AGO] = "1 hour ago",
    [T_DAY_AGO] = "1 day ago",
    [T_MORNING] = "morning",
    [T_AFTERNOON] = "afternoon",
    [T_EVENING] = "evening",
    [T_NEW_COUNT] = "(%lld) New requests",
    [T_MINUTES_AGO] = "%lld minutes ago",
    [T_HOURS_AGO] = "%lld hours ago",
    [T_DAYS_AGO] = "%lld days ago",
};

const char *inbox_text(inbox_text_id id)
{
    const char *s = id >= 0 && id < T_COUNT ? english[id] : NULL;
    return s ? s : "";
}

const char *inbox_outcome_label(const char *o)
{
    if (!o)
        return "";
    if (strcmp(o, "reached") == 0)
        return inbox_text(T_REACHED);
    if (strcmp(o, "left_message") == 0)
        return inbox_text(T_LEFT_MESSAGE);
    if (strcmp(o, "could_not_reach") == 0)
        return inbox_text(T_COULD_NOT_REACH);
    if (strcmp(o, "closed") == 0)
        return inbox_text(T_CLOSED);
    return o;
}
