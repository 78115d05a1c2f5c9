#include "content.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

const char *const content_required_ui_keys[] = {
    "language.name",   "attract.title", "attract.subtitle", "attract.touch",
    "attract.choose_language", "home.title", "nav.home", "nav.back",
    "nav.next",        "nav.previous",  "nav.page_of",      "nav.page_short", "crisis.bar",
    "crisis.title",    "crisis.front_desk", "idle.title",   "idle.body",
    "idle.countdown",  "idle.countdown_one", "idle.stay", "crisis.more", "form.cancel.ask", "form.cancel.erase", "form.cancel.keep", "nav.done",     "reader.reviewed", "reader.parts", "date.format",
    "month.1",         "month.2",       "month.3",          "month.4",
    "month.5",         "month.6",       "month.7",          "month.8",
    "month.9",         "month.10",      "month.11",         "month.12",
    /* read-aloud, text size and contrast, take-home codes (issue 14) */
    "listen.start",
    "listen.stop",
    "listen.headphones",
    "listen.plug_in",
    "text.larger",
    "take_home.caption",
    "take_home.button",
    /* the support groups screen */
    "groups.title",
    "groups.next",
    "groups.now",
    "groups.when",
    "groups.in_person",
    "groups.online",
    "groups.language",
    "groups.cancelled",
    "groups.none",
    "groups.more",
    "time.format",
    "time.am",
    "time.pm",
    "day.0",
    "day.1",
    "day.2",
    "day.3",
    "day.4",
    "day.5",
    "day.6",
    /* staff and facilitator screens */
    "staff.uptime",
    "staff.result.checked",
    "staff.result.rejected",
    "staff.result.live",
    "staff.result.imported",
    "staff.result.import_bad",
    "staff.result.copy_failed",
    "staff.result.not_symlink",
    "staff.result.rolled_back",
    "staff.result.no_rollback",
    "staff.result.unapproved",
    "staff.result.importing",
    "staff.result.history_full",
    "staff.result.rollback_full",
    "staff.approval.review_passed",
    "draft.mark",
    "draft.short",
    "staff.cancel",
    "staff.cancel.title",
    "staff.cancel.reason",
    "staff.cancel.confirm",
    "staff.cancel.yes",
    "staff.cancel.no",
    "staff.cancel.undo",
    "cancel.reason.holiday",
    "cancel.reason.facilitator",
    "cancel.reason.room",
    "staff.result.cancelled",
    "staff.result.uncancelled",
    "staff.pin.title",
    "staff.pin.prompt",
    "staff.pin.wrong",
    "staff.pin.locked",
    "staff.pin.locked_one",
    "staff.pin.enter",
    "staff.title",
    "staff.requests",
    "staff.requests.oldest",
    "staff.content",
    "staff.reviews.due",
    "staff.reviews.ok",
    "staff.reload.last",
    "staff.reload",
    "staff.import",
    "staff.import.none",
    "staff.delivery.waiting",
    "staff.delivery.oldest",
    "staff.delivery.last",
    "staff.delivery.never",
    "staff.handoff",
    "staff.handoff.copying",
    "staff.handoff.done",
    "staff.handoff.none",
    "staff.handoff.no_drive",
    "staff.handoff.full",
    "staff.handoff.failed",
    "staff.rollback",
    "staff.health",
    "staff.errors.none",
    "staff.usage",
    "staff.touch",
    "staff.touch.help",
    "staff.facilitator",
    "staff.exit",
    "staff.exit.confirm",
    "staff.exit.yes",
    "staff.close",
    "facilitator.mark",
    "facilitator.pick",
    "facilitator.prompt",
    "facilitator.leave",
    /* "Ask us to contact you" */
    "contact.unavailable",
    "contact.notice.title",
    "contact.notice.purpose",
    "contact.notice.emergency",
    "contact.notice.health",
    "contact.notice.privacy",
    "contact.start",
    "form.title",
    "form.cancel",
    "form.back",
    "form.next",
    "form.step",
    "form.name.label",
    "form.phone.label",
    "form.email.label",
    "form.contact.hint",
    "form.best_time.label",
    "form.best_time.morning",
    "form.best_time.afternoon",
    "form.best_time.evening",
    "form.language.label",
    "form.voicemail.label",
    "form.yes",
    "form.no",
    "form.topic.label",
    "form.topic.family-programs",
    "form.topic.loved-one",
    "form.topic.myself",
    "form.topic.other",
    "form.consent.text",
    "form.consent.label",
    "form.review.title",
    "form.review.none",
    "form.review.needed",
    "form.review.more",
    "form.submit",
    "form.needs",
    "form.error.name.empty",
    "form.error.name.too_long",
    "form.error.name.bad",
    "form.error.name.format",
    "form.refused.character",
    "form.refused.long",
    "form.error.phone.bad",
    "form.error.email.bad",
    "form.error.contact.none",
    "form.thanks.title",
    "form.thanks.body",
    "form.failed.title",
    "form.failed.body",
    "form.ok",
    "form.demo",
    "key.space",
    "key.shift",
    "key.delete",
    "key.done",
};
const int content_required_ui_key_count =
    (int)(sizeof content_required_ui_keys / sizeof content_required_ui_keys[0]);

const char *content_ui(const content_lang *lang, const char *key)
{
    int lo = 0, hi = lang->string_count - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        int cmp = strcmp(lang->strings[mid].key, key);
        if (cmp == 0)
            return lang->strings[mid].value;
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return key;
}

int content_lang_index(const content_set *set, const char *code)
{
    for (int i = 0; i < set->lang_count; i++)
        if (strcmp(set->langs[i].code, code) == 0)
            return i;
    return -1;
}

void content_destroy(content_set *set)
{
    if (!set)
        return;
    arena_destroy(set->arena);
    free(set);
}

bool content_date_valid(const char *s)
{
    return date_parse(s, 2000, 2100, NULL);
}
