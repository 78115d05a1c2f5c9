#include "inbox/inbox_pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/csv.h"
#include "core/request.h"
#include "core/util.h"
#include "inbox/inbox_text.h"
#include "store/store_outbox.h"

const char inbox_css[] =
    "*{box-sizing:border-box}"
    "body{margin:0;font:16px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',sans-serif;"
    "color:#1d2430;background:#f4f6f8}"
    "header{background:#24476b;color:#fff;padding:.6rem 1rem;display:flex;flex-wrap:wrap;gap:.4rem "
    "1rem;"
    "align-items:center}"
    "header strong{font-size:1.1rem;margin-right:auto}"
    "header a{color:#fff}"
    "header form{display:inline}"
    "main{max-width:52rem;margin:0 auto;padding:1rem}"
    "h1{font-size:1.4rem;margin:.4rem 0 1rem}"
    ".notice{background:#fff6d6;border:1px solid #e3c65a;padding:.6rem .8rem;border-radius:.4rem}"
    ".req{background:#fff;border:1px solid #d5dbe2;border-radius:.5rem;padding:.8rem 1rem;margin:0 "
    "0 1rem}"
    ".req h2{font-size:1.15rem;margin:0 0 "
    ".4rem;display:flex;justify-content:space-between;gap:1rem}"
    ".age{font-weight:normal;color:#5a6472;font-size:.95rem}"
    "dl{display:grid;grid-template-columns:max-content 1fr;gap:.15rem .8rem;margin:.2rem 0 .7rem}"
    "dt{color:#5a6472}dd{margin:0;overflow-wrap:anywhere}"
    ".outcomes{display:flex;flex-wrap:wrap;gap:.5rem}"
    "button,input[type=submit]{font:inherit;padding:.55rem .9rem;border-radius:.4rem;border:1px "
    "solid #24476b;"
    "background:#24476b;color:#fff;cursor:pointer;min-height:2.75rem}"
    "button.alt{background:#fff;color:#24476b}"
    "label{display:block;margin:.6rem 0 .2rem}"
    "input[type=text],input[type=password],input[type=file]{font:inherit;width:100%;max-width:"
    "24rem;"
    "padding:.5rem;border:1px solid #98a2ae;border-radius:.4rem}"
    "table{border-collapse:collapse;width:100%;background:#fff}"
    "th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #e1e5ea;vertical-align:top}"
    "@media (max-width:40rem){main{padding:.6rem}.req h2{flex-direction:column;gap:0}"
    "th,td{font-size:.9rem}}";

/* A lantern-blue square with a warm dot: the tab icon, served by the inbox. */
const char inbox_icon_svg[] = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 16 16\">"
                              "<rect width=\"16\" height=\"16\" rx=\"3\" fill=\"#24476b\"/>"
                              "<circle cx=\"8\" cy=\"8\" r=\"4\" fill=\"#f2c14e\"/></svg>";

static void head(sbuf *b, const char *title, const page_ctx *p)
{
    sbuf_add(b, "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>");
    sbuf_html(b, title);
    sbuf_add(b, " \xc2\xb7 ");
    sbuf_html(b, inbox_text(T_APP));
    sbuf_add(b, "</title><link rel=\"stylesheet\" href=\"/style.css\"><link rel=\"icon\" "
                "href=\"/favicon.svg\" type=\"image/svg+xml\"></head><body><header><strong>");
    sbuf_html(b, inbox_text(T_APP));
    sbuf_add(b, "</strong>");
    if (p && p->user) {
        sbuf_addf(b,
                  "<a href=\"/\">%s</a><a href=\"/handled\">%s</a><a href=\"/upload\">%s</a>"
                  "<a href=\"/audit\">%s</a>",
                  inbox_text(T_NEW_TITLE), inbox_text(T_HANDLED_TITLE), inbox_text(T_UPLOAD_TITLE),
                  inbox_text(T_AUDIT_TITLE));
        sbuf_add(b, "<span>");
        sbuf_html(b, p->user);
        sbuf_add(b, "</span><form method=\"post\" action=\"/logout\"><input type=\"hidden\" "
                    "name=\"csrf\" value=\"");
        sbuf_html(b, p->csrf);
        sbuf_addf(b, "\"><button class=\"alt\" type=\"submit\">%s</button></form>",
                  inbox_text(T_LOGOUT));
    }
    sbuf_add(b, "</header><main>");
    if (p && p->notice) {
        sbuf_add(b, "<p class=\"notice\" role=\"status\">");
        sbuf_html(b, p->notice);
        sbuf_add(b, "</p>");
    }
}

static void foot(sbuf *b)
{
    sbuf_add(b, "</main></body></html>\n");
}

static void hidden_csrf(sbuf *b, const char *csrf)
{
    sbuf_add(b, "<input type=\"hidden\" name=\"csrf\" value=\"");
    sbuf_html(b, csrf);
    sbuf_add(b, "\">");
}

void page_login(sbuf *b, const char *csrf, const char *notice)
{
    page_ctx p = {.csrf = csrf, .notice = notice};
    head(b, inbox_text(T_LOGIN_TITLE), &p);
    sbuf_addf(b, "<h1>%s</h1><form method=\"post\" action=\"/login\">", inbox_text(T_LOGIN_TITLE));
    hidden_csrf(b, csrf);
    sbuf_addf(b,
              "<label for=\"name\">%s</label><input type=\"text\" id=\"name\" name=\"name\" "
              "autocomplete=\"username\""
              " autocapitalize=\"none\" required>"
              "<label for=\"password\">%s</label><input type=\"password\" id=\"password\" "
              "name=\"password\""
              " autocomplete=\"current-password\" required><p><button "
              "type=\"submit\">%s</button></p></form>",
              inbox_text(T_USER), inbox_text(T_PASSWORD), inbox_text(T_LOGIN));
    foot(b);
}

void page_unlock(sbuf *b, const page_ctx *p)
{
    head(b, inbox_text(T_UNLOCK_TITLE), p);
    sbuf_addf(b, "<h1>%s</h1><p>%s</p><form method=\"post\" action=\"/unlock\">",
              inbox_text(T_UNLOCK_TITLE), inbox_text(T_UNLOCK_HELP));
    hidden_csrf(b, p->csrf);
    sbuf_addf(b,
              "<label for=\"passphrase\">%s</label><input type=\"password\" id=\"passphrase\" "
              "name=\"passphrase\""
              " autocomplete=\"off\" required><p><button type=\"submit\">%s</button></p></form>",
              inbox_text(T_PASSPHRASE), inbox_text(T_UNLOCK));
    foot(b);
}

void page_upload(sbuf *b, const page_ctx *p)
{
    head(b, inbox_text(T_UPLOAD_TITLE), p);
    sbuf_addf(b,
              "<h1>%s</h1><p>%s</p><form method=\"post\" action=\"/upload\" "
              "enctype=\"multipart/form-data\">",
              inbox_text(T_UPLOAD_TITLE), inbox_text(T_UPLOAD_HELP));
    hidden_csrf(b, p->csrf);
    sbuf_addf(
        b,
        "<label for=\"file\">%s</label><input type=\"file\" id=\"file\" name=\"file\" required>"
        "<p><button type=\"submit\">%s</button></p></form>",
        inbox_text(T_UPLOAD_FILE), inbox_text(T_UPLOAD_BUTTON));
    foot(b);
}

void page_message(sbuf *b, const char *title, const char *message)
{
    head(b, title, NULL);
    sbuf_add(b, "<h1>");
    sbuf_html(b, title);
    sbuf_add(b, "</h1><p>");
    sbuf_html(b, message);
    sbuf_add(b, "</p><p><a href=\"/\">");
    sbuf_html(b, inbox_text(T_NEW_TITLE));
    sbuf_add(b, "</a></p>");
    foot(b);
}

static void age_text(int64_t now, int64_t then, char *out, size_t size)
{
    long long s = (long long)(now - then);
    if (s < 60)
        str_copy(out, size, inbox_text(T_JUST_NOW));
    else if (s < 120)
        str_copy(out, size, inbox_text(T_MINUTE_AGO));
    else if (s < 3600)
        str_format(out, size, inbox_text(T_MINUTES_AGO), s / 60);
    else if (s < 7200)
        str_copy(out, size, inbox_text(T_HOUR_AGO));
    else if (s < 2 * 86400)
        str_format(out, size, inbox_text(T_HOURS_AGO), s / 3600);
    else if (s < 3 * 86400)
        str_copy(out, size, inbox_text(T_DAY_AGO));
    else
        str_format(out, size, inbox_text(T_DAYS_AGO), s / 86400);
}

static void local_time(int64_t t, char *out, size_t size)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (!localtime_r(&tt, &tm) || strftime(out, size, "%Y-%m-%d %H:%M", &tm) == 0)
        str_copy(out, size, "?");
}

/* Opens and decodes one request; false when it cannot be read. */
static bool open_request(const store_private_key *key, const inbox_request *r, contact_request *out)
{
    char *plain = NULL;
    size_t len = 0;
    int format = 0;
    char err[200];
    bool ok = store_sealed_open(key, r->sealed, r->sealed_len, &plain, &len) &&
              request_decode(plain, len, out, &format, err, sizeof err) && format == r->format;
    store_plain_free(plain, len);
    if (!ok)
        store_wipe(out, sizeof *out);
    return ok;
}

static void field(sbuf *b, inbox_text_id label, const char *value)
{
    sbuf_addf(b, "<dt>%s</dt><dd>", inbox_text(label));
    sbuf_html(b, value && *value ? value : "-");
    sbuf_add(b, "</dd>");
}

typedef struct {
    sbuf *b;
    const page_ctx *p;
    const store_private_key *key;
    bool handled;
    int shown;
} list_ctx;

static bool on_request(void *ctx, const inbox_request *r)
{
    list_ctx *c = ctx;
    sbuf *b = c->b;
    contact_request q;
    char age[48], when[32];
    age_text(c->p->now, r->created_at, age, sizeof age);
    local_time(r->created_at, when, sizeof when);
    sbuf_addf(b, "<article class=\"req\" id=\"r%lld\"><h2><span class=\"name\">", (long long)r->id);
    bool ok = open_request(c->key, r, &q);
    sbuf_html(b, ok ? q.name : inbox_text(T_UNREADABLE));
    sbuf_add(b, "</span><span class=\"age\" title=\"");
    sbuf_html(b, when);
    sbuf_add(b, "\">");
    sbuf_html(b, age);
    sbuf_add(b, "</span></h2><dl>");
    if (ok) {
        if (strlen(q.phone) == 10) {
            char shown[20];
            str_format(shown, sizeof shown, "(%.3s) %.3s-%.4s", q.phone, q.phone + 3, q.phone + 6);
            sbuf_addf(b, "<dt>%s</dt><dd><a href=\"tel:+1%s\">%s</a></dd>", inbox_text(T_PHONE),
                      q.phone, shown);
            store_wipe(shown, sizeof shown);
        } else {
            field(b, T_PHONE, "");
        }
        field(b, T_EMAIL, q.email);
        const char *best = strcmp(q.best_time, "morning") == 0     ? inbox_text(T_MORNING)
                           : strcmp(q.best_time, "afternoon") == 0 ? inbox_text(T_AFTERNOON)
                           : strcmp(q.best_time, "evening") == 0   ? inbox_text(T_EVENING)
                                                                   : q.best_time;
        field(b, T_BEST_TIME, best);
        field(b, T_LANGUAGE, q.language);
        field(b, T_VOICEMAIL,
              strcmp(q.voicemail_ok, "yes") == 0 ? inbox_text(T_YES) : inbox_text(T_NO));
        field(b, T_TOPIC, q.topic);
    }
    field(b, T_KIOSK, r->kiosk);
    if (c->handled) {
        char at[32];
        local_time(r->outcome_at, at, sizeof at);
        char line[200];
        str_format(line, sizeof line, "%s, %s %s, %s", inbox_outcome_label(r->outcome),
                   inbox_text(T_BY), r->outcome_by[0] ? r->outcome_by : "-",
                   r->outcome_at ? at : "-");
        field(b, T_OUTCOME, line);
    }
    sbuf_add(b, "</dl>");
    if (!c->handled) {
        sbuf_add(b, "<form method=\"post\" action=\"/outcome\" class=\"outcomes\">");
        hidden_csrf(b, c->p->csrf);
        sbuf_addf(b, "<input type=\"hidden\" name=\"id\" value=\"%lld\">", (long long)r->id);
        static const char *const words[] = {"reached", "left_message", "could_not_reach", "closed"};
        for (int i = 0; i < 4; i++)
            sbuf_addf(b, "<button type=\"submit\" name=\"outcome\" value=\"%s\"%s>%s</button>",
                      words[i], i ? " class=\"alt\"" : "", inbox_outcome_label(words[i]));
        sbuf_add(b, "</form>");
    }
    sbuf_add(b, "</article>");
    store_wipe(&q, sizeof q);
    c->shown++;
    return !b->oom;
}

bool page_requests(sbuf *b, const page_ctx *p, inbox_store *s, const store_private_key *key,
                   bool handled, int *shown, char *err, size_t err_size)
{
    *shown = 0;
    int64_t count = 0;
    if (!handled && !s->ops->count_new(s, &count, err, err_size))
        return false;
    char title[80];
    if (handled)
        str_copy(title, sizeof title, inbox_text(T_HANDLED_TITLE));
    else
        str_format(title, sizeof title, inbox_text(T_NEW_COUNT), (long long)count);
    head(b, title, p);
    sbuf_add(b, "<h1>");
    sbuf_html(b, title);
    sbuf_add(b, "</h1>");
    if (!handled) {
        sbuf_add(b, "<form method=\"post\" action=\"/export.csv\">");
        hidden_csrf(b, p->csrf);
        sbuf_addf(b, "<p><button type=\"submit\" class=\"alt\">%s</button></p></form>",
                  inbox_text(T_DOWNLOAD_CSV));
    }
    list_ctx c = {b, p, key, handled, 0};
    /* The handled list shows the latest 500; the new list shows them all. */
    if (!s->ops->each(s, handled, handled ? 500 : 0, on_request, &c, err, err_size))
        return false;
    if (c.shown == 0)
        sbuf_addf(b, "<p>%s</p>", inbox_text(handled ? T_HANDLED_NONE : T_NEW_NONE));
    foot(b);
    *shown = c.shown;
    return !b->oom;
}

typedef struct {
    sbuf *b;
} audit_ctx;

static bool on_audit(void *ctx, const inbox_audit *a)
{
    audit_ctx *c = ctx;
    char when[32];
    local_time(a->at, when, sizeof when);
    sbuf_add(c->b, "<tr><td>");
    sbuf_html(c->b, when);
    sbuf_add(c->b, "</td><td>");
    sbuf_html(c->b, a->who);
    sbuf_add(c->b, "</td><td>");
    sbuf_html(c->b, a->action);
    sbuf_add(c->b, "</td><td>");
    sbuf_html(c->b, a->detail);
    sbuf_add(c->b, "</td></tr>");
    return !c->b->oom;
}

bool page_audit(sbuf *b, const page_ctx *p, inbox_store *s, char *err, size_t err_size)
{
    head(b, inbox_text(T_AUDIT_TITLE), p);
    sbuf_addf(b,
              "<h1>%s</h1><table><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></"
              "thead><tbody>",
              inbox_text(T_AUDIT_TITLE), inbox_text(T_WHEN), inbox_text(T_WHO), inbox_text(T_WHAT),
              inbox_text(T_DETAIL));
    audit_ctx c = {b};
    if (!s->ops->audit_each(s, 500, on_audit, &c, err, err_size))
        return false;
    sbuf_add(b, "</tbody></table>");
    foot(b);
    return !b->oom;
}

typedef struct {
    FILE *out;
    const store_private_key *key;
    int count;
} csv_ctx;

static bool on_csv(void *ctx, const inbox_request *r)
{
    csv_ctx *c = ctx;
    contact_request q;
    if (!open_request(c->key, r, &q))
        memset(&q, 0, sizeof q);
    char id[24], record[24], when[40];
    str_format(id, sizeof id, "%lld", (long long)r->id);
    str_format(record, sizeof record, "%lld", (long long)r->record_id);
    time_t tt = (time_t)r->created_at;
    struct tm tm;
    if (!localtime_r(&tt, &tm) || strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S%z", &tm) == 0)
        str_copy(when, sizeof when, "");
    const char *values[] = {
        id,      r->kiosk,    record,     when,           r->status, q.name,           q.phone,
        q.email, q.best_time, q.language, q.voicemail_ok, q.topic,   q.consent_version};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        fputs(i ? "," : "", c->out);
        csv_field(c->out, values[i]);
    }
    fputs("\r\n", c->out);
    store_wipe(&q, sizeof q);
    c->count++;
    return true;
}

bool csv_requests(sbuf *b, inbox_store *s, const store_private_key *key, int *count, char *err,
                  size_t err_size)
{
    *count = 0;
    char *mem = NULL;
    size_t mem_len = 0;
    FILE *out = open_memstream(&mem, &mem_len);
    if (!out) {
        str_format(err, err_size, "out of memory");
        return false;
    }
    fputs("id,kiosk,record_id,created_at,status,name,phone,email,best_time,language,voicemail_ok,"
          "topic,"
          "consent_version\r\n",
          out);
    csv_ctx c = {out, key, 0};
    bool ok = s->ops->each(s, false, 0, on_csv, &c, err, err_size);
    fclose(out);
    if (ok && mem)
        sbuf_add(b, mem);
    if (mem) {
        explicit_bzero(mem, mem_len);
        free(mem);
    }
    *count = c.count;
    return ok && !b->oom;
}
