/* lantern-outbox's config file (core/kvconf.h: key = value, owner-only). */
#include <string.h>
#include <unistd.h>
#include <errno.h>

#include "central/central.h"
#include "core/kvconf.h"
#include "core/util.h"
#include "outbox/outbox.h"

static const char *on_pair(void *ctx, const char *key, const char *value)
{
    outbox_config *cfg = ctx;
    if (strcmp(key, "db") == 0)
        return str_copy(cfg->db, sizeof cfg->db, value) ? NULL : "too long";
    if (strcmp(key, "kiosk_id") == 0)
        return central_kiosk_id_ok(value) && str_copy(cfg->kiosk_id, sizeof cfg->kiosk_id, value)
                   ? NULL
                   : "1 to 40 of a-z, 0-9 and \"-\"";
    if (strcmp(key, "pg") == 0)
        return str_copy(cfg->pg, sizeof cfg->pg, value) ? NULL : "too long";
    if (strcmp(key, "ca") == 0)
        return str_copy(cfg->ca, sizeof cfg->ca, value) ? NULL : "too long";
    if (strcmp(key, "batch") == 0)
        return kvconf_int(value, 1, CENTRAL_BATCH_MAX, &cfg->batch) ? NULL : "1 to 1000";
    if (strcmp(key, "poll_seconds") == 0)
        return kvconf_int(value, 1, 3600, &cfg->poll_seconds) ? NULL : "1 to 3600";
    if (strcmp(key, "retention_days") == 0)
        return kvconf_int(value, 1, 3650, &cfg->retention_days) ? NULL : "1 to 3650";
    return kvconf_int(value, 1, 86400, &cfg->backoff_max_seconds) ? NULL : "1 to 86400";
}

bool outbox_config_load(const char *path, outbox_config *cfg, char *err, size_t err_size)
{
    static const char *const keys[] = {"db",
                                       "kiosk_id",
                                       "pg",
                                       "ca",
                                       "batch",
                                       "poll_seconds",
                                       "retention_days",
                                       "backoff_max_seconds",
                                       NULL};
    memset(cfg, 0, sizeof *cfg);
    cfg->batch = 100;
    cfg->poll_seconds = 5;
    cfg->retention_days = 7;
    cfg->backoff_max_seconds = 300;
    if (!kvconf_read(path, keys, on_pair, cfg, err, err_size))
        return false;
    const char *missing = !cfg->db[0]         ? "db"
                          : !cfg->kiosk_id[0] ? "kiosk_id"
                          : !cfg->pg[0]       ? "pg"
                                              : NULL;
    if (missing) {
        str_format(err, err_size, "%s: %s is missing", path, missing);
        return false;
    }
    if (cfg->ca[0] && access(cfg->ca, R_OK) != 0) {
        str_format(err, err_size, "%s: ca: %s: cannot read: %s", path, cfg->ca, strerror(errno));
        return false;
    }
    return true;
}
