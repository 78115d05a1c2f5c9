/* lantern-inbox's HTTP(S) side: libmicrohttpd, sessions, CSRF, routes. */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "core/util.h"
#include "inbox/inbox.h"
#include "inbox/inbox_pages.h"
#include "inbox/inbox_session.h"
#include "inbox/inbox_text.h"
#include "store/store_handoff.h"

enum {
    FORM_MAX = 64 * 1024,
    UPLOAD_MAX = STORE_HANDOFF_MAX_BYTES,
    SECRET_MAX = 1100,
    UNLOCK_TRIES = 5, /* wrong passphrases before the session is signed out */
};

static const char COOKIE[] = "lantern_session";

struct inbox {
    struct MHD_Daemon *d;
    inbox_config cfg;
    inbox_store *store;
    bool tls;
    char *cert_pem, *key_pem;
    int64_t idle_ms;
    pthread_mutex_t lock;
    session sessions[SESSIONS_MAX];
};

/* One HTTP request while its body arrives. */
typedef struct {
    struct MHD_PostProcessor *pp;
    bool post, too_big, bad_body;
    size_t total;
    char csrf[80], name[64], id[24], outcome[24];
    char password[SECRET_MAX], passphrase[SECRET_MAX];
    unsigned char *file;
    size_t file_len, file_cap;
} req_ctx;

static void audit(inbox *ib, const char *who, const char *action, const char *detail)
{
    char err[300];
    if (!ib->store->ops->audit_add(ib->store, (int64_t)time(NULL), who, action, detail, err,
                                   sizeof err))
        log_msg(LOG_ERROR, "inbox: %s", err);
}

static bool idle(const inbox *ib, const session *s, int64_t now)
{
    return now - s->last_ms > ib->idle_ms;
}

/* The session named by the request's cookie, or NULL; *timed_out when it
 * had just expired (it is ended here). */
static session *session_of(inbox *ib, struct MHD_Connection *c, bool *timed_out)
{
    *timed_out = false;
    const char *id = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, COOKIE);
    if (!id || strlen(id) != 64)
        return NULL;
    int64_t now = session_now_ms();
    for (int i = 0; i < SESSIONS_MAX; i++) {
        session *s = &ib->sessions[i];
        if (!s->used || !token_eq(s->id, id))
            continue;
        if (idle(ib, s, now)) {
            if (s->user[0])
                audit(ib, s->user, "signed out after inactivity", "");
            *timed_out = s->user[0] != '\0';
            session_end(s);
            return NULL;
        }
        s->last_ms = now;
        return s;
    }
    return NULL;
}

void inbox_sweep(inbox *ib)
{
    pthread_mutex_lock(&ib->lock);
    int64_t now = session_now_ms();
    for (int i = 0; i < SESSIONS_MAX; i++) {
        session *s = &ib->sessions[i];
        if (s->used && idle(ib, s, now)) {
            if (s->user[0])
                audit(ib, s->user, "signed out after inactivity", "");
            session_end(s);
        }
    }
    pthread_mutex_unlock(&ib->lock);
}

/* ---- responses ---- */

static void security_headers(inbox *ib, struct MHD_Response *r)
{
    MHD_add_response_header(
        r, "Content-Security-Policy",
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    /* Not no-referrer: with it Chrome sends "Origin: null" on form POSTs, which
     * same_origin() refuses. */
    MHD_add_response_header(r, "Referrer-Policy", "same-origin");
    MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
    MHD_add_response_header(r, "Cache-Control", "no-store");
    if (ib->tls)
        MHD_add_response_header(r, "Strict-Transport-Security", "max-age=31536000");
}

typedef struct {
    int status;
    const char *route;
    char user[48]; /* a copy: the session may end before the line is logged */
} log_info;

static enum MHD_Result send_buf(inbox *ib, struct MHD_Connection *c, int status, const char *type,
                                sbuf *b, const session *set_cookie, const char *location,
                                const char *download, log_info *li)
{
    size_t len = 0;
    char *data = sbuf_take(b, &len);
    if (!data && !location) {
        status = MHD_HTTP_INTERNAL_SERVER_ERROR;
        data = NULL;
        len = 0;
    }
    struct MHD_Response *r = MHD_create_response_from_buffer(
        len, data ? data : (void *)"", data ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    if (!r) {
        free(data);
        return MHD_NO;
    }
    security_headers(ib, r);
    if (type)
        MHD_add_response_header(r, "Content-Type", type);
    if (location)
        MHD_add_response_header(r, "Location", location);
    if (download)
        MHD_add_response_header(r, "Content-Disposition", download);
    if (set_cookie) {
        char cookie[200];
        str_format(cookie, sizeof cookie, "%s=%s; Path=/; HttpOnly; Secure; SameSite=Strict",
                   COOKIE, set_cookie->id);
        MHD_add_response_header(r, "Set-Cookie", cookie);
    }
    li->status = status;
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result html(inbox *ib, struct MHD_Connection *c, int status, sbuf *b,
                            const session *cookie, log_info *li)
{
    return send_buf(ib, c, status, "text/html; charset=utf-8", b, cookie, NULL, NULL, li);
}

static enum MHD_Result redirect(inbox *ib, struct MHD_Connection *c, const char *to,
                                const session *cookie, log_info *li)
{
    sbuf b = {0};
    return send_buf(ib, c, MHD_HTTP_SEE_OTHER, NULL, &b, cookie, to, NULL, li);
}

static enum MHD_Result message(inbox *ib, struct MHD_Connection *c, int status, inbox_text_id title,
                               inbox_text_id text, log_info *li)
{
    sbuf b = {0};
    page_message(&b, inbox_text(title), inbox_text(text));
    return html(ib, c, status, &b, NULL, li);
}

/* ---- bodies ---- */

static void append(char *dst, size_t size, const char *data, size_t n, bool *too_big)
{
    size_t have = strlen(dst);
    if (have + n >= size) {
        *too_big = true;
        return;
    }
    memcpy(dst + have, data, n);
    dst[have + n] = '\0';
}

static enum MHD_Result on_post(void *cls, enum MHD_ValueKind kind, const char *key,
                               const char *filename, const char *content_type,
                               const char *transfer_encoding, const char *data, uint64_t off,
                               size_t size)
{
    (void)kind, (void)filename, (void)content_type, (void)transfer_encoding, (void)off;
    req_ctx *rc = cls;
    struct {
        const char *name;
        char *dst;
        size_t size;
    } fields[] = {
        {"csrf", rc->csrf, sizeof rc->csrf},
        {"name", rc->name, sizeof rc->name},
        {"id", rc->id, sizeof rc->id},
        {"outcome", rc->outcome, sizeof rc->outcome},
        {"password", rc->password, sizeof rc->password},
        {"passphrase", rc->passphrase, sizeof rc->passphrase},
    };
    if (size == 0)
        return MHD_YES;
    if (strcmp(key, "file") == 0) {
        if (rc->file_len + size > UPLOAD_MAX) {
            rc->too_big = true;
            return MHD_NO;
        }
        if (rc->file_len + size > rc->file_cap) {
            size_t cap = rc->file_cap ? rc->file_cap : 65536;
            while (cap < rc->file_len + size)
                cap *= 2;
            unsigned char *grown = realloc(rc->file, cap);
            if (!grown) {
                rc->too_big = true;
                return MHD_NO;
            }
            rc->file = grown;
            rc->file_cap = cap;
        }
        memcpy(rc->file + rc->file_len, data, size);
        rc->file_len += size;
        return MHD_YES;
    }
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (strcmp(key, fields[i].name) == 0)
            append(fields[i].dst, fields[i].size, data, size, &rc->too_big);
    return rc->too_big ? MHD_NO : MHD_YES;
}

static void request_done(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls, (void)c, (void)toe;
    req_ctx *rc = *con_cls;
    if (!rc)
        return;
    if (rc->pp)
        MHD_destroy_post_processor(rc->pp);
    free(rc->file);
    explicit_bzero(rc, sizeof *rc);
    free(rc);
    *con_cls = NULL;
}

/* ---- routes ---- */

static const char *const routes[] = {"/",        "/login",     "/unlock",      "/logout",
                                     "/handled", "/audit",     "/export.csv",  "/upload",
                                     "/outcome", "/style.css", "/favicon.svg", "/favicon.ico"};

static const char *route_of(const char *url)
{
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
        if (strcmp(url, routes[i]) == 0)
            return routes[i];
    return NULL;
}

/* A POST from another site is refused even before the CSRF token. */
static bool same_origin(struct MHD_Connection *c)
{
    const char *origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
    const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
    if (!origin)
        return true;
    if (!host)
        return false;
    const char *sep = strstr(origin, "://");
    return sep && strcmp(sep + 3, host) == 0;
}

static enum MHD_Result page_new_or_handled(inbox *ib, struct MHD_Connection *c, session *s,
                                           bool handled, const char *notice, log_info *li)
{
    page_ctx p = {s->csrf, s->user, notice, (int64_t)time(NULL)};
    sbuf b = {0};
    int shown = 0;
    char err[400];
    if (!page_requests(&b, &p, ib->store, &s->key, handled, &shown, err, sizeof err)) {
        log_msg(LOG_ERROR, "inbox: %s", err);
        sbuf_free(&b);
        return message(ib, c, MHD_HTTP_SERVICE_UNAVAILABLE, T_APP, T_ERROR, li);
    }
    char detail[64];
    str_format(detail, sizeof detail, "%d shown", shown);
    audit(ib, s->user, handled ? "viewed handled requests" : "viewed new requests", detail);
    enum MHD_Result r = html(ib, c, MHD_HTTP_OK, &b, NULL, li);
    sbuf_free(&b);
    return r;
}

static enum MHD_Result do_login(inbox *ib, struct MHD_Connection *c, session *pre, req_ctx *rc,
                                log_info *li)
{
    int64_t locked_until = 0;
    store_login result = store_inbox_login(ib->store->local, rc->name, rc->password,
                                           (int64_t)time(NULL), &locked_until);
    explicit_bzero(rc->password, sizeof rc->password);
    const char *who = store_inbox_name_ok(rc->name) ? rc->name : "(not a user name)";
    if (result == STORE_LOGIN_OK) {
        session_end(pre);
        session *s = session_new(ib->sessions, rc->name);
        if (!s)
            return message(ib, c, MHD_HTTP_SERVICE_UNAVAILABLE, T_APP, T_ERROR, li);
        str_copy(li->user, sizeof li->user, s->user);
        audit(ib, s->user, "signed in", "");
        return redirect(ib, c, "/unlock", s, li);
    }
    audit(ib, who,
          result == STORE_LOGIN_LOCKED ? "sign-in refused: account locked" : "sign-in failed", "");
    sbuf b = {0};
    page_login(&b, pre->csrf,
               inbox_text(result == STORE_LOGIN_LOCKED  ? T_LOGIN_LOCKED
                          : result == STORE_LOGIN_WRONG ? T_LOGIN_WRONG
                                                        : T_ERROR));
    return html(ib, c,
                result == STORE_LOGIN_LOCKED  ? MHD_HTTP_TOO_MANY_REQUESTS
                : result == STORE_LOGIN_WRONG ? MHD_HTTP_UNAUTHORIZED
                                              : MHD_HTTP_SERVICE_UNAVAILABLE,
                &b, NULL, li);
}

static enum MHD_Result do_unlock(inbox *ib, struct MHD_Connection *c, session *s, req_ctx *rc,
                                 log_info *li)
{
    char err[1400];
    bool ok = store_load_private_key_passphrase(ib->cfg.private_key, rc->passphrase, &s->key, err,
                                                sizeof err);
    explicit_bzero(rc->passphrase, sizeof rc->passphrase);
    if (ok) {
        s->key_open = true;
        audit(ib, s->user, "opened the staff key", "");
        return redirect(ib, c, "/", NULL, li);
    }
    store_wipe(&s->key, sizeof s->key);
    /* Not the passphrase: the key file itself is missing or unreadable. */
    if (!strstr(err, "passphrase"))
        log_msg(LOG_ERROR, "inbox: %s", err);
    audit(ib, s->user, "wrong passphrase for the staff key", "");
    if (++s->unlock_failures >= UNLOCK_TRIES) {
        audit(ib, s->user, "signed out after repeated wrong passphrases", "");
        session_end(s);
        return redirect(ib, c, "/login", NULL, li);
    }
    page_ctx p = {s->csrf, s->user, inbox_text(T_UNLOCK_WRONG), 0};
    sbuf b = {0};
    page_unlock(&b, &p);
    return html(ib, c, MHD_HTTP_UNAUTHORIZED, &b, NULL, li);
}

static enum MHD_Result do_outcome(inbox *ib, struct MHD_Connection *c, session *s, req_ctx *rc,
                                  log_info *li)
{
    char *end;
    errno = 0;
    long long id = strtoll(rc->id, &end, 10);
    if (errno || end == rc->id || *end || id <= 0 || !store_outcome_ok(rc->outcome))
        return message(ib, c, MHD_HTTP_BAD_REQUEST, T_APP, T_ERROR, li);
    char err[400];
    int r = ib->store->ops->set_outcome(ib->store, id, rc->outcome, s->user, (int64_t)time(NULL),
                                        err, sizeof err);
    if (r < 0) {
        log_msg(LOG_ERROR, "inbox: %s", err);
        return message(ib, c, MHD_HTTP_SERVICE_UNAVAILABLE, T_APP, T_ERROR, li);
    }
    if (r == 0)
        return page_new_or_handled(ib, c, s, false, inbox_text(T_ALREADY_HANDLED), li);
    char detail[96];
    str_format(detail, sizeof detail, "request %lld: %s", id, rc->outcome);
    audit(ib, s->user, "recorded an outcome", detail);
    return redirect(ib, c, "/", NULL, li);
}

static enum MHD_Result do_export(inbox *ib, struct MHD_Connection *c, session *s, log_info *li)
{
    sbuf b = {0};
    int count = 0;
    char err[400];
    if (!csv_requests(&b, ib->store, &s->key, &count, err, sizeof err)) {
        log_msg(LOG_ERROR, "inbox: %s", err);
        sbuf_free(&b);
        return message(ib, c, MHD_HTTP_SERVICE_UNAVAILABLE, T_APP, T_ERROR, li);
    }
    char detail[64], disposition[120], day[16];
    if (!local_date_offset((int64_t)time(NULL), 0, "%Y-%m-%d", day, sizeof day))
        str_copy(day, sizeof day, "today");
    str_format(detail, sizeof detail, "%d new requests", count);
    audit(ib, s->user, "downloaded CSV", detail);
    str_format(disposition, sizeof disposition, "attachment; filename=\"lantern-requests-%s.csv\"",
               day);
    enum MHD_Result r =
        send_buf(ib, c, MHD_HTTP_OK, "text/csv; charset=utf-8", &b, NULL, NULL, disposition, li);
    sbuf_free(&b);
    return r;
}

typedef struct {
    central_record *recs;
    unsigned char *bytes;
    size_t n, used;
} import_ctx;

static bool collect_import(void *ctx, const store_sealed *r)
{
    import_ctx *ic = ctx;
    memcpy(ic->bytes + ic->used, r->sealed, r->sealed_len);
    ic->recs[ic->n] =
        (central_record){r->id, r->created_at, r->format, ic->bytes + ic->used, r->sealed_len};
    ic->used += r->sealed_len;
    ic->n++;
    return true;
}

static enum MHD_Result do_upload(inbox *ib, struct MHD_Connection *c, session *s, req_ctx *rc,
                                 log_info *li)
{
    store_handoff_info info;
    char why[300], notice[400];
    page_ctx p = {s->csrf, s->user, notice, 0};
    int status = MHD_HTTP_OK;
    if (!rc->file_len ||
        !store_handoff_parse(rc->file, rc->file_len, &info, NULL, NULL, why, sizeof why)) {
        if (!rc->file_len)
            str_copy(why, sizeof why, "no file was chosen");
        str_format(notice, sizeof notice, inbox_text(T_UPLOAD_BAD), why);
        audit(ib, s->user, "upload refused", why);
        status = MHD_HTTP_BAD_REQUEST;
    } else {
        /* Every sealed record fits in the file's own size. */
        import_ctx ic = {calloc(info.count, sizeof *ic.recs), malloc(rc->file_len), 0, 0};
        int added = 0;
        bool ok =
            ic.recs && ic.bytes &&
            store_handoff_parse(rc->file, rc->file_len, &info, collect_import, &ic, why,
                                sizeof why) &&
            ib->store->ops->import(ib->store, info.kiosk, ic.recs, ic.n, &added, why, sizeof why);
        free(ic.recs);
        free(ic.bytes);
        if (ok) {
            str_format(notice, sizeof notice, inbox_text(T_UPLOAD_DONE), (int)info.count, added);
            char detail[160];
            str_format(detail, sizeof detail, "kiosk %s: %zu in the file, %d new", info.kiosk,
                       info.count, added);
            audit(ib, s->user, "uploaded a kiosk file", detail);
        } else {
            str_format(notice, sizeof notice, inbox_text(T_UPLOAD_BAD), why);
            audit(ib, s->user, "upload refused", why);
            status = MHD_HTTP_BAD_REQUEST;
        }
    }
    sbuf b = {0};
    page_upload(&b, &p);
    return html(ib, c, status, &b, NULL, li);
}

static enum MHD_Result route(inbox *ib, struct MHD_Connection *c, const char *url, bool post,
                             req_ctx *rc, log_info *li)
{
    const char *path = route_of(url);
    li->route = path ? path : "(other)";
    if (!path)
        return message(ib, c, MHD_HTTP_NOT_FOUND, T_APP, T_NOT_FOUND, li);
    if (strcmp(path, "/style.css") == 0 && !post) {
        sbuf b = {0};
        sbuf_add(&b, inbox_css);
        return send_buf(ib, c, MHD_HTTP_OK, "text/css; charset=utf-8", &b, NULL, NULL, NULL, li);
    }
    if ((strcmp(path, "/favicon.svg") == 0 || strcmp(path, "/favicon.ico") == 0) && !post) {
        sbuf b = {0};
        sbuf_add(&b, inbox_icon_svg);
        return send_buf(ib, c, MHD_HTTP_OK, "image/svg+xml", &b, NULL, NULL, NULL, li);
    }
    bool timed_out = false;
    session *s = session_of(ib, c, &timed_out);
    if (s && s->user[0])
        str_copy(li->user, sizeof li->user, s->user);
    if (post) {
        if (rc->too_big)
            return message(ib, c, MHD_HTTP_CONTENT_TOO_LARGE, T_APP, T_ERROR, li);
        /* Every POST needs its session's CSRF token (login too, with the pre-session's). */
        if (!s || !same_origin(c) || rc->bad_body || !token_eq(s->csrf, rc->csrf)) {
            explicit_bzero(rc->password, sizeof rc->password);
            explicit_bzero(rc->passphrase, sizeof rc->passphrase);
            return message(ib, c, MHD_HTTP_FORBIDDEN, T_APP, T_FORBIDDEN, li);
        }
    }
    if (strcmp(path, "/login") == 0) {
        if (post && !s->user[0])
            return do_login(ib, c, s, rc, li);
        if (s && s->user[0])
            return redirect(ib, c, "/", NULL, li);
        session *pre = s ? s : session_new(ib->sessions, NULL);
        if (!pre)
            return message(ib, c, MHD_HTTP_SERVICE_UNAVAILABLE, T_APP, T_ERROR, li);
        const char *q = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "why");
        const char *notice = !q                            ? NULL
                             : strcmp(q, "timeout") == 0   ? inbox_text(T_TIMED_OUT)
                             : strcmp(q, "signedout") == 0 ? inbox_text(T_LOGGED_OUT)
                                                           : NULL;
        sbuf b = {0};
        page_login(&b, pre->csrf, notice);
        return html(ib, c, MHD_HTTP_OK, &b, pre, li);
    }
    if (!s || !s->user[0])
        return redirect(ib, c, timed_out ? "/login?why=timeout" : "/login", NULL, li);
    if (strcmp(path, "/logout") == 0) {
        if (!post)
            return message(ib, c, MHD_HTTP_METHOD_NOT_ALLOWED, T_APP, T_ERROR, li);
        audit(ib, s->user, "signed out", "");
        session_end(s);
        li->user[0] = '\0';
        return redirect(ib, c, "/login?why=signedout", NULL, li);
    }
    if (strcmp(path, "/unlock") == 0) {
        if (s->key_open)
            return redirect(ib, c, "/", NULL, li);
        if (post)
            return do_unlock(ib, c, s, rc, li);
        page_ctx p = {s->csrf, s->user, NULL, 0};
        sbuf b = {0};
        page_unlock(&b, &p);
        return html(ib, c, MHD_HTTP_OK, &b, NULL, li);
    }
    if (!s->key_open)
        return redirect(ib, c, "/unlock", NULL, li);
    if (strcmp(path, "/") == 0 || strcmp(path, "/handled") == 0) {
        if (post)
            return message(ib, c, MHD_HTTP_METHOD_NOT_ALLOWED, T_APP, T_ERROR, li);
        return page_new_or_handled(ib, c, s, path[1] == 'h', NULL, li);
    }
    if (strcmp(path, "/audit") == 0 && !post) {
        page_ctx p = {s->csrf, s->user, NULL, 0};
        sbuf b = {0};
        char err[400];
        if (!page_audit(&b, &p, ib->store, err, sizeof err)) {
            log_msg(LOG_ERROR, "inbox: %s", err);
            sbuf_free(&b);
            return message(ib, c, MHD_HTTP_SERVICE_UNAVAILABLE, T_APP, T_ERROR, li);
        }
        audit(ib, s->user, "viewed the audit log", "");
        return html(ib, c, MHD_HTTP_OK, &b, NULL, li);
    }
    if (strcmp(path, "/upload") == 0) {
        if (post)
            return do_upload(ib, c, s, rc, li);
        page_ctx p = {s->csrf, s->user, NULL, 0};
        sbuf b = {0};
        page_upload(&b, &p);
        return html(ib, c, MHD_HTTP_OK, &b, NULL, li);
    }
    if (strcmp(path, "/outcome") == 0 && post)
        return do_outcome(ib, c, s, rc, li);
    if (strcmp(path, "/export.csv") == 0 && post)
        return do_export(ib, c, s, li);
    return message(ib, c, MHD_HTTP_METHOD_NOT_ALLOWED, T_APP, T_ERROR, li);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload_data,
                              size_t *upload_data_size, void **con_cls)
{
    (void)version;
    inbox *ib = cls;
    req_ctx *rc = *con_cls;
    bool post = strcmp(method, "POST") == 0;
    if (!rc) {
        rc = calloc(1, sizeof *rc);
        if (!rc)
            return MHD_NO;
        rc->post = post;
        if (post) {
            rc->pp = MHD_create_post_processor(c, 16384, on_post, rc);
            rc->bad_body = rc->pp == NULL; /* not a form encoding */
        }
        *con_cls = rc;
        return MHD_YES;
    }
    if (*upload_data_size) {
        size_t limit = strcmp(url, "/upload") == 0 ? UPLOAD_MAX + FORM_MAX : FORM_MAX;
        rc->total += *upload_data_size;
        if (rc->total > limit)
            rc->too_big = true;
        else if (rc->pp && !rc->too_big &&
                 MHD_post_process(rc->pp, upload_data, *upload_data_size) != MHD_YES)
            rc->bad_body = true;
        *upload_data_size = 0;
        return MHD_YES;
    }
    log_info li = {0};
    enum MHD_Result r;
    if (!post && strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
        li.route = "(other)";
        r = message(ib, c, MHD_HTTP_METHOD_NOT_ALLOWED, T_APP, T_ERROR, &li);
    } else {
        pthread_mutex_lock(&ib->lock);
        r = route(ib, c, url, post, rc, &li);
        pthread_mutex_unlock(&ib->lock);
        /* Opening the key and the requests leaves libsodium scratch on this stack. */
        store_burn_stack();
    }
    /* Method, route, status, user: never a form value, a query or request contents. */
    log_msg(LOG_INFO, "inbox: %s %s %d %s",
            post               ? "POST"
            : method[0] == 'H' ? "HEAD"
                               : "GET",
            li.route ? li.route : "(other)", li.status, li.user[0] ? li.user : "-");
    return r;
}

/* ---- start and stop ---- */

static char *read_pem(const char *path, char *err, size_t err_size)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        str_format(err, err_size, "%s: cannot read: %s", path, strerror(errno));
        return NULL;
    }
    char *buf = malloc(1 << 20);
    size_t n = buf ? fread(buf, 1, (1 << 20) - 1, f) : 0;
    fclose(f);
    if (!buf || n == 0) {
        str_format(err, err_size, "%s: empty or unreadable", path);
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    return buf;
}

static void free_pem(char *p)
{
    if (p) {
        explicit_bzero(p, strlen(p));
        free(p);
    }
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char line[512];
    vsnprintf(line, sizeof line, fmt, ap);
    size_t n = strlen(line);
    while (n > 0 && line[n - 1] == '\n')
        line[--n] = '\0';
    log_msg(LOG_WARN, "inbox: libmicrohttpd: %s", line);
}

inbox *inbox_start(const inbox_config *cfg, inbox_store *backend, char *err, size_t err_size)
{
    inbox *ib = calloc(1, sizeof *ib);
    if (!ib) {
        str_format(err, err_size, "out of memory");
        return NULL;
    }
    ib->cfg = *cfg;
    ib->store = backend;
    pthread_mutex_init(&ib->lock, NULL);
    ib->tls = cfg->cert[0] != '\0';
    ib->idle_ms = (int64_t)cfg->idle_minutes * 60000;
    /* Tests only: a shorter idle time-out (never a longer one), so that a
     * test need not wait 15 minutes. Logged, so it cannot go unnoticed. */
    const char *test_idle = getenv("LANTERN_TEST_IDLE_SECONDS");
    if (test_idle && atoi(test_idle) > 0 && atoi(test_idle) * 1000LL < ib->idle_ms) {
        ib->idle_ms = atoi(test_idle) * 1000LL;
        log_msg(LOG_WARN,
                "inbox: LANTERN_TEST_IDLE_SECONDS: sessions end after %s s idle (a test setting)",
                test_idle);
    }
    if (ib->tls) {
        if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
            str_format(err, err_size, "this libmicrohttpd has no TLS support");
            goto fail;
        }
        ib->cert_pem = read_pem(cfg->cert, err, err_size);
        ib->key_pem = ib->cert_pem ? read_pem(cfg->cert_key, err, err_size) : NULL;
        if (!ib->key_pem)
            goto fail;
    }
    struct sockaddr_in v4 = {0};
    struct sockaddr_in6 v6 = {0};
    struct sockaddr *addr;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;
    if (inet_pton(AF_INET, cfg->listen, &v4.sin_addr) == 1) {
        v4.sin_family = AF_INET;
        v4.sin_port = htons((uint16_t)cfg->port);
        addr = (struct sockaddr *)&v4;
    } else {
        inet_pton(AF_INET6, cfg->listen, &v6.sin6_addr);
        v6.sin6_family = AF_INET6;
        v6.sin6_port = htons((uint16_t)cfg->port);
        addr = (struct sockaddr *)&v6;
        flags |= MHD_USE_IPv6;
    }
    if (ib->tls)
        flags |= MHD_USE_TLS;
    ib->d = MHD_start_daemon(
        flags, (uint16_t)cfg->port, NULL, NULL, handle, ib, MHD_OPTION_EXTERNAL_LOGGER, mhd_log,
        NULL, MHD_OPTION_SOCK_ADDR, addr, MHD_OPTION_NOTIFY_COMPLETED, request_done, NULL,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)64, MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)16,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        (size_t)(128 * 1024), ib->tls ? MHD_OPTION_HTTPS_MEM_KEY : MHD_OPTION_END, ib->key_pem,
        MHD_OPTION_HTTPS_MEM_CERT, ib->cert_pem, MHD_OPTION_END);
    if (!ib->d) {
        str_format(err, err_size,
                   "cannot listen on %s port %d (in use, not an address of this machine, or a bad "
                   "certificate)",
                   cfg->listen, cfg->port);
        goto fail;
    }
    return ib;
fail:
    free_pem(ib->cert_pem);
    free_pem(ib->key_pem);
    pthread_mutex_destroy(&ib->lock);
    free(ib);
    return NULL;
}

int inbox_port(const inbox *ib)
{
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(ib->d, MHD_DAEMON_INFO_BIND_PORT);
    return info ? info->port : -1;
}

void inbox_stop(inbox *ib)
{
    if (!ib)
        return;
    MHD_stop_daemon(ib->d);
    for (int i = 0; i < SESSIONS_MAX; i++)
        if (ib->sessions[i].used)
            session_end(&ib->sessions[i]);
    inbox_store_close(ib->store);
    free_pem(ib->cert_pem);
    free_pem(ib->key_pem);
    pthread_mutex_destroy(&ib->lock);
    free(ib);
}
