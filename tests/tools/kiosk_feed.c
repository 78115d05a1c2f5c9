/* kiosk_feed: submits requests to a kiosk database exactly as the kiosk
 * does (request_encode, store_submit: sealed, one transaction each), for the
 * outbox tests. Names are "Feed TAG N" for N in first..first+count-1, so a
 * test can tell which arrived.
 *
 *   kiosk_feed DB PUBLIC_KEY TAG FIRST COUNT
 *
 * Prints "submitted N" at the end; exits 1 at the first failure. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/request.h"
#include "core/util.h"
#include "store/store.h"

int main(int argc, char **argv)
{
    if (argc != 6) {
        fputs("usage: kiosk_feed DB PUBLIC_KEY TAG FIRST COUNT\n", stderr);
        return 2;
    }
    char err[1400];
    store_public_key key;
    if (!store_load_public_key(argv[2], &key, err, sizeof err)) {
        fprintf(stderr, "kiosk_feed: %s\n", err);
        return 1;
    }
    store_status st;
    store *s = store_open(argv[1], &st, err, sizeof err);
    if (!s) {
        fprintf(stderr, "kiosk_feed: %s\n", err);
        return 1;
    }
    int first = atoi(argv[4]), count = atoi(argv[5]), done = 0;
    for (int i = first; i < first + count; i++) {
        contact_request r = {0};
        str_format(r.name, sizeof r.name, "Feed %s %d", argv[3], i);
        str_copy(r.phone, sizeof r.phone, "2135550100");
        str_copy(r.best_time, sizeof r.best_time, "evening");
        str_copy(r.language, sizeof r.language, "en");
        str_copy(r.voicemail_ok, sizeof r.voicemail_ok, "yes");
        str_copy(r.topic, sizeof r.topic, "loved-one");
        str_copy(r.consent_version, sizeof r.consent_version, "2026-11-01");
        char payload[REQUEST_ENCODED_MAX];
        size_t len = request_encode(&r, payload, sizeof payload);
        if (len == 0 ||
            store_submit(s, &key, payload, len, (int64_t)time(NULL), NULL) != STORE_OK) {
            fprintf(stderr, "kiosk_feed: request %d could not be stored\n", i);
            store_close(s);
            return 1;
        }
        done++;
    }
    store_close(s);
    printf("submitted %d\n", done);
    return 0;
}
