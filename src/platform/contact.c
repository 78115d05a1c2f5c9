#include "contact.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "../core/util.h"
#include "../store/store.h"

struct contact {
    char db_path[CONFIG_PATH_MAX + 32];
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
    open_db(c);
    return c;
}

void contact_destroy(contact *c)
{
    if (!c)
        return;
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
    if (c && c->db && store_waiting(c->db, &count, &oldest) != STORE_OK)
        count = -1;
    return count;
}
