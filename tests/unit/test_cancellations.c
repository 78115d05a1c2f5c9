/* store/cancellations: the staff's meeting cancellations in the data folder. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "core/util.h"
#include "store/cancellations.h"

static char dir[64];

static void write_file(const char *text)
{
    char path[128];
    str_format(path, sizeof path, "%s/%s", dir, STORE_CANCELLATIONS_NAME);
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
}

int main(void)
{
    str_copy(dir, sizeof dir, "/tmp/lantern-cancel-XXXXXX");
    CHECK(mkdtemp(dir) != NULL);
    schedule_cancel list[SCHEDULE_STAFF_CANCEL_MAX];
    /* No file: none. */
    CHECK(store_cancellations_load(dir, "2026-12-07", list, SCHEDULE_STAFF_CANCEL_MAX) == 0);
    /* Round trip. */
    schedule_cancel in[2] = {{"2026-12-08", "family-evening", "holiday"},
                             {"2026-12-10", "familias-espanol", "room"}};
    char err[600];
    CHECK(store_cancellations_save(dir, in, 2, err, sizeof err));
    int n = store_cancellations_load(dir, "2026-12-07", list, SCHEDULE_STAFF_CANCEL_MAX);
    CHECK(n == 2 && strcmp(list[1].group_id, "familias-espanol") == 0 &&
          strcmp(list[0].reason, "holiday") == 0);
    /* The day after a meeting its cancellation has expired; the day itself it holds. */
    CHECK(store_cancellations_load(dir, "2026-12-08", list, SCHEDULE_STAFF_CANCEL_MAX) == 2);
    CHECK(store_cancellations_load(dir, "2026-12-09", list, SCHEDULE_STAFF_CANCEL_MAX) == 1);
    CHECK(store_cancellations_load(dir, "2026-12-11", list, SCHEDULE_STAFF_CANCEL_MAX) == 0);
    /* Hostile lines are skipped, the good ones kept. */
    write_file("2026-12-08 family-evening holiday\n"
               "garbage\n"
               "2026-13-08 family-evening holiday\n"
               "2026-12-08 ../../etc holiday\n"
               "2026-12-08 family-evening holiday extra\n"
               "2026-12-08 Family holiday\n"
               "2026-12-09 family-education facilitator\n");
    n = store_cancellations_load(dir, "2026-12-07", list, SCHEDULE_STAFF_CANCEL_MAX);
    CHECK_MSG(n == 2, "%d", n);
    CHECK(n == 2 && strcmp(list[1].reason, "facilitator") == 0);
    /* At most max. */
    CHECK(store_cancellations_load(dir, "2026-12-07", list, 1) == 1);
    /* An empty list is an empty file. */
    CHECK(store_cancellations_save(dir, list, 0, err, sizeof err));
    CHECK(store_cancellations_load(dir, "2026-12-07", list, SCHEDULE_STAFF_CANCEL_MAX) == 0);
    /* A data folder that cannot be written: an error that names it. */
    CHECK(!store_cancellations_save("/nonexistent-lantern", in, 1, err, sizeof err));
    CHECK_MSG(strstr(err, "/nonexistent-lantern/cancellations") != NULL, "%s", err);
    char cmd[128];
    str_format(cmd, sizeof cmd, "rm -rf %s", dir);
    CHECK(system(cmd) == 0);
    return check_done("test_cancellations");
}
