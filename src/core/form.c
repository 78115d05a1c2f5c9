#include "form.h"

#include <assert.h>
#include <stdint.h>
#include <string.h>

#include "util.h"

const char *const form_topics[FORM_TOPICS] = {"family-programs", "loved-one", "myself", "other"};
const char *const form_times[FORM_TIMES] = {"morning", "afternoon", "evening"};

void form_clear(form_state *f, wipe_fn wipe)
{
    if (wipe)
        wipe(f, sizeof *f);
    else
        secure_wipe(f, sizeof *f);
    f->best_time = -1;
    f->topic = -1;
    f->language = 0;
    f->voicemail = 0;
}

char *form_text(form_state *f, form_field field)
{
    switch (field) {
    case FIELD_NAME:
        return f->name;
    case FIELD_PHONE:
        return f->phone;
    default:
        return f->email;
    }
}

static const char *form_text_c(const form_state *f, form_field field)
{
    return form_text((form_state *)f, field);
}

size_t form_capacity(form_field field)
{
    return field == FIELD_NAME ? FORM_NAME_BYTES : field == FIELD_PHONE ? FORM_PHONE_BYTES : FORM_EMAIL_BYTES;
}

static size_t utf8_count(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

form_insert_result form_insert(form_state *f, form_field field, const char *utf8)
{
    char *text = form_text(f, field);
    size_t used = strlen(text), add = strlen(utf8);
    if (add == 0 || !utf8_valid(utf8, add))
        return INSERT_CANNOT_SHOW;
    for (size_t i = 0; i < add;) {
        uint32_t cp;
        int step = utf8_decode(utf8 + i, add - i, &cp);
        if (step <= 0 || field_is_control_or_format(cp) || field_is_emoji(cp))
            return INSERT_CANNOT_SHOW;
        i += (size_t)step;
    }
    if (used + add > form_capacity(field))
        return INSERT_TOO_LONG;
    if (field == FIELD_NAME && utf8_count(text, used) + utf8_count(utf8, add) > FIELD_NAME_MAX_CHARS)
        return INSERT_TOO_LONG;
    memcpy(text + used, utf8, add + 1);
    return INSERT_OK;
}

bool form_value_stuck(const form_state *f, form_field field)
{
    const char *t = form_text_c(f, field);
    size_t len = strlen(t);
    return len > 0 && !field_accepts_while_typing(field, "", 0, t, len);
}

void form_backspace(form_state *f, form_field field)
{
    char *text = form_text(f, field);
    size_t used = strlen(text);
    if (used == 0)
        return;
    size_t cut = utf8_floor(text, used - 1);
    memset(text + cut, 0, used - cut);
}

field_status form_status(const form_state *f, form_field field)
{
    const char *t = form_text_c(f, field);
    size_t len = strlen(t);
    if (field == FIELD_NAME)
        return field_check_name(t, len);
    if (field == FIELD_PHONE) {
        char digits[11];
        field_status st = field_check_phone(t, len, digits);
        secure_wipe(digits, sizeof digits);
        return st;
    }
    return field_check_email(t, len);
}

bool form_has_contact(const form_state *f)
{
    field_status phone = form_status(f, FIELD_PHONE), email = form_status(f, FIELD_EMAIL);
    bool phone_ok = phone == FIELD_OK, email_ok = email == FIELD_OK;
    /* A half-typed second method must not slip through unnoticed. */
    return (phone_ok || email_ok) && (phone_ok || phone == FIELD_EMPTY) && (email_ok || email == FIELD_EMPTY);
}

const char *form_error_key(const form_state *f, form_field field)
{
    if (!f->left[field] && !form_value_stuck(f, field))
        return NULL;
    field_status st = form_status(f, field);
    switch (field) {
    case FIELD_NAME:
        return st == FIELD_OK           ? NULL
               : st == FIELD_EMPTY      ? "form.error.name.empty"
               : st == FIELD_TOO_LONG   ? "form.error.name.too_long"
               : st == FIELD_BAD_FORMAT ? "form.error.name.format" /* e.g. "Ann-" */
                                        : "form.error.name.bad";
    case FIELD_PHONE:
        if (st == FIELD_EMPTY)
            return form_status(f, FIELD_EMAIL) == FIELD_EMPTY && f->left[FIELD_EMAIL] ? "form.error.contact.none" : NULL;
        return st == FIELD_OK ? NULL : "form.error.phone.bad";
    default:
        if (st == FIELD_EMPTY)
            return form_status(f, FIELD_PHONE) == FIELD_EMPTY ? "form.error.contact.none" : NULL;
        return st == FIELD_OK ? NULL : "form.error.email.bad";
    }
}

bool form_can_submit(const form_state *f)
{
    /* field_check's rule (a valid contact method, nothing invalid, consent)
     * and what the call needs: a name to ask for, a time and a topic. */
    return field_form_ready(form_status(f, FIELD_NAME), form_status(f, FIELD_PHONE), form_status(f, FIELD_EMAIL),
                            f->consent) &&
           form_status(f, FIELD_NAME) == FIELD_OK && f->best_time >= 0 && f->best_time < FORM_TIMES &&
           f->topic >= 0 && f->topic < FORM_TOPICS;
}

bool form_to_request(const form_state *f, const char *lang_code, const char *consent_version, contact_request *out)
{
    memset(out, 0, sizeof *out);
    if (!form_can_submit(f))
        return false;
    char digits[11] = "";
    if (form_status(f, FIELD_PHONE) == FIELD_OK)
        field_check_phone(f->phone, strlen(f->phone), digits);
    bool ok = str_copy(out->name, sizeof out->name, f->name) && str_copy(out->phone, sizeof out->phone, digits) &&
              str_copy(out->email, sizeof out->email, f->email) &&
              str_copy(out->best_time, sizeof out->best_time, f->best_time >= 0 ? form_times[f->best_time] : "") &&
              str_copy(out->language, sizeof out->language, lang_code) &&
              str_copy(out->voicemail_ok, sizeof out->voicemail_ok, f->voicemail ? "yes" : "no") &&
              str_copy(out->topic, sizeof out->topic, form_topics[f->topic]) &&
              str_copy(out->consent_version, sizeof out->consent_version, consent_version);
    return ok;
}
