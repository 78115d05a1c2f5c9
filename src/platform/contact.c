#include "contact.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "../core/util.h"
#include "../store/store.h"
#include "delivery.h"

enum { USAGE_SLOTS = 256, KIOSK_BUSY_MS = 1000 };

typedef struct {
    char metric[24], item[48];
    int count;
    char day[16]; /* the local day it was counted on */
} usage_slot;

struct contact {
    char db_path[CONFIG_PATH_MAX + 32];
    usage_slot usage[USAGE_SLOTS];
    int usage_count;
    int64_t usage_hour; /* the hour the counts in memory belong to */
    char usage_day[16];
    store_public_key key;
    bool has_key;
    int max_pages;
    store *db;
};

static void open_db(contact *c)
{
    store_status st;
    char err[512];
    c->db = store_open(c->db_path, &st, err, sizeof err);
    if (!c->db) {
        log_msg(LOG_ERROR, "%s: cannot open the request database (%s): %s", c->db_path, store_status_text(st), err);
        return;
    }
    if (c->max_pages > 0)
        store_set_max_pages(c->db, c->max_pages);
    /* The kiosk never freezes long behind another writer (the outbox, a staff
     * export): its transactions are short, and the nightly purge no longer
     * holds the write lock while it waits (store_checkpoint_yielding). */
    store_set_busy_timeout(c->db, KIOSK_BUSY_MS);
}

contact *contact_create(const config *cfg)
{
    contact *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->max_pages = cfg->db_max_pages;
    if (mkdir(cfg->data_dir, 0700) != 0 && errno != EEXIST)
        log_msg(LOG_ERROR, "%s: cannot create the data folder: %s", cfg->data_dir, strerror(errno));
    str_format(c->db_path, sizeof c->db_path, "%s/%s", cfg->data_dir, STORE_DB_NAME);
    char key_path[CONFIG_PATH_MAX + 32], err[512];
    if (cfg->public_key[0])
        str_copy(key_path, sizeof key_path, cfg->public_key);
    else
        str_format(key_path, sizeof key_path, "%s/%s", cfg->data_dir, STORE_PUBLIC_KEY_NAME);
    /* The database (requests and the anonymous usage counts) is opened when
     * first needed, after the first frame: a locked or slow database never
     * holds up the welcome screen. */
    struct stat st;
    if (!cfg->public_key[0] && stat(key_path, &st) != 0) {
        log_msg(LOG_INFO, "no staff public key at %s: the contact form is not offered (lanternctl keygen makes one)",
                key_path);
        return c;
    }
    c->has_key = store_load_public_key(key_path, &c->key, err, sizeof err);
    if (!c->has_key) {
        log_msg(LOG_ERROR, "%s; the contact form is not offered", err);
        return c;
    }
    if (c->key.demo)
        log_msg(LOG_WARN, "%s is a demo key: the form shows a demo mark; do not use it for real requests", key_path);
    return c;
}

void contact_destroy(contact *c)
{
    if (!c)
        return;
    contact_flush_usage(c, (int64_t)time(NULL), true);
    store_close(c->db);
    store_wipe(&c->key, sizeof c->key);
    free(c);
}

void contact_attach(contact *c, app *a)
{
    app_set_form(a, c && c->has_key, c && c->has_key && c->key.demo, store_wipe);
}

bool contact_poll(contact *c, app *a)
{
    contact_request req;
    if (!app_take_request(a, &req))
        return false;
    char payload[REQUEST_ENCODED_MAX];
    size_t len = request_encode(&req, payload, sizeof payload);
    store_status st = STORE_IO;
    int64_t id = 0;
    if (!c || !c->has_key) {
        st = STORE_IO;
    } else {
        if (!c->db)
            open_db(c); /* the disk may be back */
        if (c->db && len > 0)
            st = store_submit(c->db, &c->key, payload, len, (int64_t)time(NULL), &id);
    }
    store_wipe(payload, sizeof payload);
    store_wipe(&req, sizeof req);
    if (st == STORE_OK)
        log_msg(LOG_INFO, "contact request %lld saved", (long long)id);
    else
        log_msg(LOG_ERROR, "a contact request could not be saved: %s", len ? store_status_text(st) : "it did not encode");
    app_request_done(a, st == STORE_OK);
    return true;
}

int contact_waiting(contact *c)
{
    int count = -1;
    int64_t oldest;
    if (c && !c->db)
        open_db(c);
    if (c && c->db && store_waiting(c->db, &count, &oldest) != STORE_OK)
        count = -1;
    return count;
}

static void local_day(int64_t wall, char *out, size_t size)
{
    if (!local_date_offset(wall, 0, "%Y-%m-%d", out, size))
        str_copy(out, size, "1970-01-01");
}

void contact_flush_usage(contact *c, int64_t wall, bool force)
{
    if (!c || c->usage_count == 0)
        return;
    if (!force && wall / 3600 == c->usage_hour)
        return;
    if (!c->db)
        open_db(c);
    /* Written counts leave memory; a failed write keeps the rest for the next
     * flush (the counts stay exact rather than silently dropped). */
    int kept = 0;
    for (int i = 0; i < c->usage_count; i++) {
        if (c->db && store_usage_add(c->db, c->usage[i].day, c->usage[i].metric, c->usage[i].item,
                                     c->usage[i].count) == STORE_OK)
            continue;
        c->usage[kept++] = c->usage[i];
    }
    if (kept)
        log_msg(LOG_WARN, "%s: %d usage counts could not be written; kept for the next try", c->db_path, kept);
    c->usage_count = kept;
}

void contact_count_usage(contact *c, const usage_event *e, int64_t wall)
{
    static const char *const metric_names[] = {[USAGE_SESSION] = "sessions", [USAGE_MODULE] = "module_opened",
                                          [USAGE_PAGE] = "page_reached", [USAGE_LANGUAGE] = "language",
                                          [USAGE_CRISIS] = "crisis_opened", [USAGE_CONTACT] = "contact_submitted",
                                          [USAGE_QR] = "qr_shown"};
    if (!c)
        return;
    char day[16];
    local_day(wall, day, sizeof day);
    /* A new hour (or day) writes what the last one counted. */
    if (c->usage_count && (wall / 3600 != c->usage_hour || strcmp(day, c->usage_day) != 0))
        contact_flush_usage(c, wall, true);
    c->usage_hour = wall / 3600;
    str_copy(c->usage_day, sizeof c->usage_day, day);
    const char *metric = metric_names[e->kind];
    for (int i = 0; i < c->usage_count; i++)
        if (strcmp(c->usage[i].metric, metric) == 0 && strcmp(c->usage[i].item, e->item) == 0 &&
            strcmp(c->usage[i].day, day) == 0) {
            c->usage[i].count++;
            return;
        }
    if (c->usage_count == USAGE_SLOTS)
        contact_flush_usage(c, wall, true);
    if (c->usage_count == USAGE_SLOTS) {
        log_msg(LOG_WARN, "%s: usage counts cannot be written and memory for them is full; one not counted",
                c->db_path);
        return;
    }
    usage_slot *u = &c->usage[c->usage_count++];
    str_copy(u->day, sizeof u->day, day);
    str_copy(u->metric, sizeof u->metric, metric);
    str_copy(u->item, sizeof u->item, e->item);
    u->count = 1;
}

void contact_staff_info(contact *c, staff_info *info, int64_t wall)
{
    info->waiting = -1;
    info->oldest_unix = 0;
    info->send_waiting = -1;
    info->send_oldest = info->last_push = info->last_handoff = 0;
    info->db_bytes = 0;
    memset(info->usage, 0, sizeof info->usage);
    for (int i = 0; i < 7; i++)
        local_date_offset(wall, i - 6, "%m-%d", info->usage_day[i], sizeof info->usage_day[i]);
    if (!c)
        return;
    struct stat st;
    if (stat(c->db_path, &st) == 0)
        info->db_bytes = st.st_size;
    char wal[CONFIG_PATH_MAX + 40];
    str_format(wal, sizeof wal, "%s-wal", c->db_path);
    if (stat(wal, &st) == 0)
        info->db_bytes += st.st_size;
    if (!c->db)
        open_db(c); /* staff opened their screen: the database is needed now */
    if (!c->db)
        return;
    int count = 0;
    int64_t oldest = 0;
    if (store_waiting(c->db, &count, &oldest) == STORE_OK) {
        info->waiting = count;
        info->oldest_unix = oldest;
    }
    /* Delivery health (issue 10): what the outbox or a USB copy has yet to take. */
    store_outbox_health health;
    if (delivery_health(c->db, &health)) {
        info->send_waiting = health.waiting;
        info->send_oldest = health.oldest_waiting;
        info->last_push = health.last_push;
        info->last_handoff = health.last_handoff;
    }
    char since[16];
    if (!local_date_offset(wall, -6, "%Y-%m-%d", since, sizeof since))
        return;
    store_usage_days(c->db, "sessions", since, 7, info->usage);
    char today[16];
    local_day(wall, today, sizeof today);
    for (int i = 0; i < c->usage_count; i++)
        if (strcmp(c->usage[i].metric, "sessions") == 0 && strcmp(c->usage[i].day, today) == 0)
            info->usage[6] += c->usage[i].count; /* today's, not yet written */
}

bool contact_holds_bytes(const contact *c, const void *needle, size_t n)
{
    return c && bytes_contain(c, sizeof *c, needle, n);
}
