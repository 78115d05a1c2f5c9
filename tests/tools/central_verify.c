/* central_verify: reads every request in a central database, opens each with
 * the private key and decodes it, for the outbox tests. Prints one line per
 * request, "KIOSK<TAB>RECORD_ID<TAB>NAME", then "rows R distinct D opened O
 * failed F" on stderr. Exit 0 when every row opened and decoded.
 *
 *   central_verify CONNINFO PRIVATE_KEY < passphrase
 *
 * A protected private key's passphrase is read as one line from stdin. */
#include <stdio.h>
#include <string.h>

#include "central/central.h"
#include "core/request.h"
#include "store/store.h"
#include "store/store_outbox.h"

typedef struct {
    const store_private_key *key;
    long opened, failed;
} verify_ctx;

static bool on_row(void *ctx, const central_row *row)
{
    verify_ctx *v = ctx;
    char *plain = NULL;
    size_t len = 0;
    contact_request r;
    int format = 0;
    char err[200];
    if (store_sealed_open(v->key, row->sealed, row->sealed_len, &plain, &len) &&
        request_decode(plain, len, &r, &format, err, sizeof err) && format == row->format) {
        printf("%s\t%lld\t%s\n", row->kiosk, (long long)row->record_id, r.name);
        v->opened++;
    } else {
        v->failed++;
    }
    store_plain_free(plain, len);
    store_wipe(&r, sizeof r);
    return true;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fputs("usage: central_verify CONNINFO PRIVATE_KEY\n", stderr);
        return 2;
    }
    char err[1400];
    store_private_key key;
    char pass[1100] = "";
    if (!fgets(pass, sizeof pass, stdin))
        pass[0] = '\0';
    pass[strcspn(pass, "\n")] = '\0';
    bool loaded = store_load_private_key_passphrase(argv[2], pass, &key, err, sizeof err);
    store_wipe(pass, sizeof pass);
    if (!loaded) {
        fprintf(stderr, "central_verify: %s\n", err);
        return 1;
    }
    central *c = central_connect(argv[1], NULL, "central_verify", err, sizeof err);
    if (!c) {
        fprintf(stderr, "central_verify: %s\n", err);
        return 1;
    }
    verify_ctx v = {.key = &key};
    int64_t rows = 0, distinct = 0;
    bool ok = central_each(c, NULL, 0, on_row, &v, err, sizeof err) &&
              central_count(c, &rows, &distinct, err, sizeof err);
    central_close(c);
    store_wipe(&key, sizeof key);
    if (!ok) {
        fprintf(stderr, "central_verify: %s\n", err);
        return 1;
    }
    fprintf(stderr, "rows %lld distinct %lld opened %ld failed %ld\n", (long long)rows,
            (long long)distinct, v.opened, v.failed);
    return v.failed == 0 ? 0 : 1;
}
