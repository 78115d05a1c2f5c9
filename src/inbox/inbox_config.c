/* lantern-inbox's config file (core/kvconf.h) and storage choice. */
#include <arpa/inet.h>
#include <string.h>

#include "core/kvconf.h"
#include "core/util.h"
#include "inbox/inbox.h"

static const char *path_value(char *out, size_t size, const char *value)
{
    if (!*value)
        return "empty";
    return str_copy(out, size, value) ? NULL : "too long";
}

static const char *on_pair(void *ctx, const char *key, const char *value)
{
    inbox_config *c = ctx;
    if (strcmp(key, "listen") == 0) {
        unsigned char addr[16];
        if (inet_pton(AF_INET, value, addr) != 1 && inet_pton(AF_INET6, value, addr) != 1)
            return "an IPv4 or IPv6 address (0.0.0.0 for all)";
        return path_value(c->listen, sizeof c->listen, value);
    }
    if (strcmp(key, "port") == 0)
        return kvconf_int(value, 0, 65535, &c->port) ? NULL : "0 to 65535";
    if (strcmp(key, "idle_minutes") == 0)
        return kvconf_int(value, 1, 24 * 60, &c->idle_minutes) ? NULL : "1 to 1440";
    if (strcmp(key, "kiosk_name") == 0)
        return path_value(c->kiosk_name, sizeof c->kiosk_name, value);
    struct {
        const char *key;
        char *out;
        size_t size;
    } paths[] = {
        {"cert", c->cert, sizeof c->cert},
        {"cert_key", c->cert_key, sizeof c->cert_key},
        {"data", c->data, sizeof c->data},
        {"private_key", c->private_key, sizeof c->private_key},
        {"kiosk_db", c->kiosk_db, sizeof c->kiosk_db},
        {"pg", c->pg, sizeof c->pg},
        {"ca", c->ca, sizeof c->ca},
    };
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++)
        if (strcmp(key, paths[i].key) == 0)
            return path_value(paths[i].out, paths[i].size, value);
    return "unknown";
}

static bool loopback(const char *addr)
{
    return strncmp(addr, "127.", 4) == 0 || strcmp(addr, "::1") == 0;
}

bool inbox_config_load(const char *path, inbox_config *cfg, char *err, size_t err_size)
{
    static const char *const keys[] = {"listen", "port",        "cert",         "cert_key",
                                       "data",   "private_key", "kiosk_db",     "pg",
                                       "ca",     "kiosk_name",  "idle_minutes", NULL};
    memset(cfg, 0, sizeof *cfg);
    str_copy(cfg->listen, sizeof cfg->listen, "0.0.0.0");
    cfg->port = 8443;
    cfg->idle_minutes = 15;
    str_copy(cfg->kiosk_name, sizeof cfg->kiosk_name, "kiosk");
    if (!kvconf_read(path, keys, on_pair, cfg, err, err_size))
        return false;
    const char *why = NULL;
    if (!cfg->data[0])
        why = "data is missing (the inbox's own folder)";
    else if (!cfg->private_key[0])
        why = "private_key is missing (the staff key, protected by its passphrase)";
    else if (!cfg->kiosk_db[0] == !cfg->pg[0])
        why = "give either kiosk_db (one kiosk) or pg (the central database), not both";
    else if (!cfg->cert[0] != !cfg->cert_key[0])
        why = "give both cert and cert_key, or neither";
    else if (!cfg->cert[0] && !loopback(cfg->listen))
        why = "without cert and cert_key the inbox listens on 127.0.0.1 or ::1 only (behind a TLS "
              "proxy); "
              "give a certificate to serve the network";
    if (why) {
        str_format(err, err_size, "%s: %s", path, why);
        return false;
    }
    return true;
}

void inbox_db_path(const inbox_config *cfg, char *out, size_t size)
{
    str_format(out, size, "%s/inbox.db", cfg->data);
}

inbox_store *inbox_open_store(const inbox_config *cfg, char *err, size_t err_size)
{
    char db[1100];
    inbox_db_path(cfg, db, sizeof db);
    if (cfg->pg[0])
        return inbox_store_open_pg(db, cfg->pg, cfg->ca, err, err_size);
    return inbox_store_open_sqlite(db, cfg->kiosk_db, cfg->kiosk_name, err, err_size);
}
