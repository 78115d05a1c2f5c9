#include "central.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"

struct central {
    PGconn *conn;
    bool schema_checked; /* central_push checked the version on this connection */
};

/* Version 1. Times are timestamptz; the kiosk's created_at comes as unix seconds. */
static const char schema_v1_sql[] =
    "CREATE TABLE kiosks("
    " id text PRIMARY KEY CHECK (id ~ '^[a-z0-9-]{1,40}$'),"
    " first_seen timestamptz NOT NULL DEFAULT now(),"
    " last_push timestamptz);"
    "CREATE TABLE requests("
    " id bigserial PRIMARY KEY,"
    " kiosk text NOT NULL CHECK (kiosk ~ '^[a-z0-9-]{1,40}$')," /* kiosks holds its row: same
                                                                   statement */
    " record_id bigint NOT NULL CHECK (record_id > 0),"
    " format integer NOT NULL,"
    " sealed bytea NOT NULL,"
    " created_at timestamptz NOT NULL,"
    " received_at timestamptz NOT NULL DEFAULT now(),"
    " via text NOT NULL DEFAULT 'outbox' CHECK (via IN ('outbox', 'usb')),"
    " status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'handled')),"
    " outcome text CHECK (outcome IN ('reached', 'left_message', 'could_not_reach', 'closed')),"
    " outcome_by text,"
    " outcome_at timestamptz,"
    " UNIQUE (kiosk, record_id));"
    "CREATE INDEX requests_by_status ON requests(status, created_at DESC, id DESC);"
    /* Who viewed, marked or downloaded what, and when: never request contents. */
    "CREATE TABLE audit("
    " id bigserial PRIMARY KEY,"
    " at timestamptz NOT NULL DEFAULT now(),"
    " who text NOT NULL,"
    " action text NOT NULL,"
    " detail text NOT NULL DEFAULT '');"
    "INSERT INTO lantern_meta(key, value) VALUES ('schema_version', '1');";

static void set_err(char *err, size_t err_size, const char *what, const char *detail)
{
    char clean[512];
    str_copy(clean, sizeof clean, detail ? detail : "");
    size_t n = strlen(clean);
    while (n > 0 && (clean[n - 1] == '\n' || clean[n - 1] == ' '))
        clean[--n] = '\0';
    for (char *p = clean; *p; p++)
        if (*p == '\n')
            *p = ' ';
    str_format(err, err_size, "central database: %s: %s", what, clean[0] ? clean : "failed");
}

central *central_connect(const char *conninfo, const char *ca, const char *app, char *err,
                         size_t err_size)
{
    const char *keys[12], *values[12];
    int k = 0;
    /* Defaults first: the conninfo's own values override them... */
    keys[k] = "connect_timeout", values[k++] = "10";
    /* A connection that silently died (a pulled cable) is noticed in about
     * 20 s, not after the kernel's two hours of TCP keepalive. */
    keys[k] = "keepalives_idle", values[k++] = "10";
    keys[k] = "keepalives_interval", values[k++] = "5";
    keys[k] = "keepalives_count", values[k++] = "2";
    keys[k] = "tcp_user_timeout", values[k++] = "20000";
    keys[k] = "application_name", values[k++] = app && *app ? app : "lantern";
    keys[k] = "dbname", values[k++] = conninfo ? conninfo : "";
    /* ...but a configured CA always means full verification. */
    if (ca && *ca) {
        keys[k] = "sslmode", values[k++] = "verify-full";
        keys[k] = "sslrootcert", values[k++] = ca;
    }
    keys[k] = NULL, values[k] = NULL;
    PGconn *conn = PQconnectdbParams(keys, values, 1);
    if (!conn || PQstatus(conn) != CONNECTION_OK) {
        set_err(err, err_size, "cannot connect", conn ? PQerrorMessage(conn) : "out of memory");
        PQfinish(conn);
        return NULL;
    }
    central *c = calloc(1, sizeof *c);
    if (!c) {
        PQfinish(conn);
        set_err(err, err_size, "cannot connect", "out of memory");
        return NULL;
    }
    c->conn = conn;
    /* Nothing in this program depends on the server's settings for these. */
    PGresult *r = PQexec(
        conn, "SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'; SET statement_timeout = '60s'");
    bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
    if (!ok) {
        set_err(err, err_size, "setting up the session", PQerrorMessage(conn));
        central_close(c);
        return NULL;
    }
    return c;
}

void central_close(central *c)
{
    if (!c)
        return;
    PQfinish(c->conn);
    free(c);
}

bool central_alive(central *c)
{
    if (PQstatus(c->conn) == CONNECTION_OK)
        return true;
    PQreset(c->conn);
    c->schema_checked = false;
    return PQstatus(c->conn) == CONNECTION_OK;
}

/* Runs constant SQL (no values) and expects no rows. */
static bool exec_ok(central *c, const char *sql, const char *what, char *err, size_t err_size)
{
    PGresult *r = PQexec(c->conn, sql);
    ExecStatusType s = PQresultStatus(r);
    bool ok = s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
    if (!ok)
        set_err(err, err_size, what, PQresultErrorMessage(r));
    PQclear(r);
    return ok;
}

static void rollback(central *c)
{
    PGresult *r = PQexec(c->conn, "ROLLBACK");
    PQclear(r);
}

/* The version in lantern_meta (0 when the table or the row is missing). */
static int read_version(central *c, char *err, size_t err_size)
{
    PGresult *r = PQexec(c->conn, "SELECT to_regclass('lantern_meta') IS NOT NULL");
    if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
        set_err(err, err_size, "reading the schema version", PQresultErrorMessage(r));
        PQclear(r);
        return -1;
    }
    bool has_meta = strcmp(PQgetvalue(r, 0, 0), "t") == 0;
    PQclear(r);
    if (!has_meta)
        return 0;
    r = PQexec(c->conn, "SELECT value FROM lantern_meta WHERE key = 'schema_version'");
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        set_err(err, err_size, "reading the schema version", PQresultErrorMessage(r));
        PQclear(r);
        return -1;
    }
    int v = PQntuples(r) == 1 ? atoi(PQgetvalue(r, 0, 0)) : 0;
    PQclear(r);
    if (v < 0) {
        set_err(err, err_size, "reading the schema version",
                "lantern_meta.schema_version is not a version");
        return -1;
    }
    return v;
}

int central_schema_version(central *c, char *err, size_t err_size)
{
    return read_version(c, err, err_size);
}

static bool refuse_newer(int v, char *err, size_t err_size)
{
    str_format(err, err_size,
               "central database: its schema version is %d, newer than this program knows (%d): "
               "update Lantern "
               "here before using that database",
               v, CENTRAL_SCHEMA_VERSION);
    return false;
}

bool central_init_schema(central *c, int *from, char *err, size_t err_size)
{
    *from = -1;
    if (!exec_ok(c, "BEGIN", "starting the schema transaction", err, err_size))
        return false;
    /* Two inits at once: the second waits, then finds the schema done. */
    if (!exec_ok(c, "SELECT pg_advisory_xact_lock(7370616)", "locking the schema", err, err_size) ||
        !exec_ok(
            c, "CREATE TABLE IF NOT EXISTS lantern_meta(key text PRIMARY KEY, value text NOT NULL)",
            "creating lantern_meta", err, err_size)) {
        rollback(c);
        return false;
    }
    int v = read_version(c, err, err_size);
    if (v < 0) {
        rollback(c);
        return false;
    }
    *from = v;
    if (v > CENTRAL_SCHEMA_VERSION) {
        rollback(c);
        return refuse_newer(v, err, err_size);
    }
    if (v == 0 && !exec_ok(c, schema_v1_sql, "creating the schema (version 1)", err, err_size)) {
        rollback(c);
        return false;
    }
    /* Later versions: if (v < 2) upgrade_1_to_2 ... in this same transaction. */
    if (!exec_ok(c, "COMMIT", "committing the schema", err, err_size)) {
        rollback(c);
        return false;
    }
    return true;
}

bool central_kiosk_id_ok(const char *id)
{
    size_t n = id ? strlen(id) : 0;
    if (n < 1 || n > CENTRAL_KIOSK_ID_MAX)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((id[i] >= 'a' && id[i] <= 'z') || (id[i] >= '0' && id[i] <= '9') || id[i] == '-'))
            return false;
    return true;
}

static bool check_schema(central *c, char *err, size_t err_size)
{
    if (c->schema_checked)
        return true;
    int v = read_version(c, err, err_size);
    if (v < 0)
        return false;
    if (v == 0) {
        str_format(err, err_size,
                   "central database: it has no Lantern schema yet: run lanternctl central init "
                   "--pg URL on it first");
        return false;
    }
    if (v > CENTRAL_SCHEMA_VERSION)
        return refuse_newer(v, err, err_size);
    c->schema_checked = true;
    return true;
}

bool central_push(central *c, const char *kiosk_id, const char *via, const central_record *recs,
                  size_t n, int *inserted, char *err, size_t err_size)
{
    if (inserted)
        *inserted = 0;
    if (!c || !central_kiosk_id_ok(kiosk_id) || !recs || n < 1 || n > CENTRAL_BATCH_MAX || !via ||
        (strcmp(via, "outbox") != 0 && strcmp(via, "usb") != 0)) {
        str_format(err, err_size,
                   "central database: a push needs a kiosk id (a-z, 0-9, -), 1 to %d records and "
                   "a source",
                   CENTRAL_BATCH_MAX);
        return false;
    }
    if (!check_schema(c, err, err_size))
        return false;
    /* INSERT ... VALUES ($1,$2,$3,$4,$5,to_timestamp($6)), ($1,$2,$7,...) */
    size_t nparams = 2 + 4 * n;
    size_t sql_cap = 400 + n * 80;
    char *sql = malloc(sql_cap);
    const char **values = calloc(nparams, sizeof *values);
    int *lengths = calloc(nparams, sizeof *lengths), *formats = calloc(nparams, sizeof *formats);
    char(*numbers)[3][24] = calloc(n, sizeof *numbers);
    bool ok = false;
    PGresult *r = NULL;
    if (!sql || !values || !lengths || !formats || !numbers) {
        str_format(err, err_size, "central database: out of memory for a batch of %zu", n);
        goto out;
    }
    /* One statement, so one round trip and one transaction (autocommit): the
     * kiosk row, then the batch. (No foreign key from requests to kiosks: the
     * same statement always writes the kiosk row, and a per-row check would
     * cost a third of the push.) */
    str_copy(sql, sql_cap,
             "WITH k AS (INSERT INTO kiosks(id, last_push) VALUES ($1, now())"
             " ON CONFLICT (id) DO UPDATE SET last_push = now() RETURNING id)"
             " INSERT INTO requests(kiosk, via, record_id, format, sealed, created_at) VALUES ");
    values[0] = kiosk_id;
    values[1] = via;
    for (size_t i = 0; i < n; i++) {
        size_t p = 2 + 4 * i; /* 0-based index of this row's first parameter */
        char row[96];
        str_format(row, sizeof row, "%s($1, $2, $%zu, $%zu, $%zu, to_timestamp($%zu::bigint))",
                   i ? ", " : "", p + 1, p + 2, p + 3, p + 4);
        str_append(sql, sql_cap, row);
        str_format(numbers[i][0], sizeof numbers[i][0], "%lld", (long long)recs[i].record_id);
        str_format(numbers[i][1], sizeof numbers[i][1], "%d", recs[i].format);
        str_format(numbers[i][2], sizeof numbers[i][2], "%lld", (long long)recs[i].created_at);
        values[p] = numbers[i][0];
        values[p + 1] = numbers[i][1];
        values[p + 2] = (const char *)recs[i].sealed;
        lengths[p + 2] = (int)recs[i].sealed_len;
        formats[p + 2] = 1; /* binary: the sealed bytes as they are */
        values[p + 3] = numbers[i][2];
    }
    str_append(sql, sql_cap, " ON CONFLICT (kiosk, record_id) DO NOTHING");
    r = PQexecParams(c->conn, sql, (int)nparams, NULL, values, lengths, formats, 0);
    /* PGRES_COMMAND_OK for a single statement in autocommit: it committed. */
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        set_err(err, err_size, "inserting a batch", PQresultErrorMessage(r));
        goto out;
    }
    int added = atoi(PQcmdTuples(r));
    if (inserted)
        *inserted = added;
    ok = true;
out:
    PQclear(r);
    free(sql);
    free(values);
    free(lengths);
    free(formats);
    free(numbers);
    return ok;
}

static int64_t int_at(PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? 0 : strtoll(PQgetvalue(r, row, col), NULL, 10);
}

bool central_each(central *c, const char *status, int limit, central_row_fn fn, void *ctx,
                  char *err, size_t err_size)
{
    char lim[24];
    str_format(lim, sizeof lim, "%d", limit > 0 ? limit : 0);
    const char *values[] = {status, limit > 0 ? lim : NULL};
    /* Binary results for the sealed bytes only would need binary for all
     * columns; text rows with the sealed bytes in hex are decoded here. */
    PGresult *r =
        PQexecParams(c->conn,
                     "SELECT id, record_id, extract(epoch FROM created_at)::bigint,"
                     " extract(epoch FROM received_at)::bigint,"
                     " coalesce(extract(epoch FROM outcome_at)::bigint, 0), kiosk, status,"
                     " coalesce(outcome, ''), coalesce(outcome_by, ''), via, format, sealed"
                     " FROM requests WHERE ($1::text IS NULL OR status = $1)"
                     " ORDER BY created_at DESC, id DESC LIMIT $2::bigint",
                     2, NULL, values, NULL, NULL, 1);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        set_err(err, err_size, "reading requests", PQresultErrorMessage(r));
        PQclear(r);
        return false;
    }
    /* Binary results: integers are big-endian, text is as is. */
    int rows = PQntuples(r);
    for (int i = 0; i < rows; i++) {
        int64_t ints[5];
        for (int col = 0; col < 5; col++) {
            const unsigned char *b = (const unsigned char *)PQgetvalue(r, i, col);
            uint64_t v = 0;
            for (int k = 0; k < 8 && PQgetlength(r, i, col) == 8; k++)
                v = v << 8 | b[k];
            ints[col] = (int64_t)v;
        }
        const unsigned char *fb = (const unsigned char *)PQgetvalue(r, i, 10);
        int format = PQgetlength(r, i, 10) == 4
                         ? (int)((uint32_t)fb[0] << 24 | (uint32_t)fb[1] << 16 |
                                 (uint32_t)fb[2] << 8 | fb[3])
                         : 0;
        central_row row = {
            .id = ints[0],
            .record_id = ints[1],
            .created_at = ints[2],
            .received_at = ints[3],
            .outcome_at = ints[4],
            .kiosk = PQgetvalue(r, i, 5),
            .status = PQgetvalue(r, i, 6),
            .outcome = PQgetvalue(r, i, 7),
            .outcome_by = PQgetvalue(r, i, 8),
            .via = PQgetvalue(r, i, 9),
            .format = format,
            .sealed = (const unsigned char *)PQgetvalue(r, i, 11),
            .sealed_len = (size_t)PQgetlength(r, i, 11),
        };
        if (!fn(ctx, &row))
            break;
    }
    PQclear(r);
    return true;
}

bool central_count(central *c, int64_t *rows, int64_t *distinct_pairs, char *err, size_t err_size)
{
    PGresult *r =
        PQexec(c->conn, "SELECT count(*), count(DISTINCT (kiosk, record_id)) FROM requests");
    if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
        set_err(err, err_size, "counting requests", PQresultErrorMessage(r));
        PQclear(r);
        return false;
    }
    *rows = int_at(r, 0, 0);
    *distinct_pairs = int_at(r, 0, 1);
    PQclear(r);
    return true;
}

int central_set_outcome(central *c, int64_t id, const char *outcome, const char *who, char *err,
                        size_t err_size)
{
    char idtext[24];
    str_format(idtext, sizeof idtext, "%lld", (long long)id);
    const char *values[] = {idtext, outcome, who};
    PGresult *r =
        PQexecParams(c->conn,
                     "UPDATE requests SET status = 'handled', outcome = $2, outcome_by = $3,"
                     " outcome_at = now() WHERE id = $1::bigint AND status = 'new'",
                     3, NULL, values, NULL, NULL, 0);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        /* An unknown outcome word is refused by the CHECK: not a storage error. */
        const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
        bool check = state && strcmp(state, "23514") == 0;
        if (!check)
            set_err(err, err_size, "recording an outcome", PQresultErrorMessage(r));
        PQclear(r);
        return check ? 0 : -1;
    }
    int n = atoi(PQcmdTuples(r));
    PQclear(r);
    return n == 1 ? 1 : 0;
}

bool central_count_new(central *c, int64_t *count, char *err, size_t err_size)
{
    PGresult *r = PQexec(c->conn, "SELECT count(*) FROM requests WHERE status = 'new'");
    if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
        set_err(err, err_size, "counting new requests", PQresultErrorMessage(r));
        PQclear(r);
        return false;
    }
    *count = int_at(r, 0, 0);
    PQclear(r);
    return true;
}

bool central_audit_add(central *c, const char *who, const char *action, const char *detail,
                       char *err, size_t err_size)
{
    const char *values[] = {who ? who : "", action ? action : "", detail ? detail : ""};
    PGresult *r =
        PQexecParams(c->conn, "INSERT INTO audit(who, action, detail) VALUES ($1, $2, $3)", 3, NULL,
                     values, NULL, NULL, 0);
    bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok)
        set_err(err, err_size, "writing the audit log", PQresultErrorMessage(r));
    PQclear(r);
    return ok;
}

bool central_audit_each(central *c, int limit, central_audit_fn fn, void *ctx, char *err,
                        size_t err_size)
{
    char lim[24];
    str_format(lim, sizeof lim, "%d", limit);
    const char *values[] = {limit > 0 ? lim : NULL};
    PGresult *r =
        PQexecParams(c->conn,
                     "SELECT extract(epoch FROM at)::bigint, who, action, detail FROM audit"
                     " ORDER BY id DESC LIMIT $1::bigint",
                     1, NULL, values, NULL, NULL, 0);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        set_err(err, err_size, "reading the audit log", PQresultErrorMessage(r));
        PQclear(r);
        return false;
    }
    for (int i = 0; i < PQntuples(r); i++) {
        central_audit_row row = {int_at(r, i, 0), PQgetvalue(r, i, 1), PQgetvalue(r, i, 2),
                                 PQgetvalue(r, i, 3)};
        if (!fn(ctx, &row))
            break;
    }
    PQclear(r);
    return true;
}
