/* cancellations: meetings cancelled from the staff screen, kept in the data
 * folder (DATA/cancellations), not in the approved content: one line each,
 * "YYYY-MM-DD GROUP-ID REASON". Written whole or not at all (a temporary
 * file renamed over it); a line that does not read is logged and skipped.
 * Nothing personal is in it. The caller owns every buffer. */
#ifndef LANTERN_CANCELLATIONS_H
#define LANTERN_CANCELLATIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/schedule.h"

#define STORE_CANCELLATIONS_NAME "cancellations"

/* Reads the list, leaving out dates before today (YYYY-MM-DD; they have
 * expired). Returns the count (at most max); 0 when there is no file. */
int store_cancellations_load(const char *data_dir, const char *today, schedule_cancel *out,
                             int max);

bool store_cancellations_save(const char *data_dir, const schedule_cancel *list, int count,
                              char *err, size_t err_size);

#endif
