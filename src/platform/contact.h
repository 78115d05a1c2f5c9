/* contact: connects the contact form to the sealed store.
 *
 * At start it loads the staff's public key (config "public_key", or
 * DATA/lantern-public.key) and opens DATA/requests.db. With no key the form
 * is not offered. After Submit it takes the request from the app, encodes
 * it, seals and stores it in one transaction, wipes every copy
 * (sodium_memzero through store_wipe) and tells the app whether it was
 * saved. Nothing personal is logged: only ids and store statuses.
 *
 * contact_create() never fails hard (a missing key or database is logged
 * and handled); contact_destroy() closes the store. */
#ifndef LANTERN_CONTACT_H
#define LANTERN_CONTACT_H

#include <stdbool.h>

#include "../core/app.h"
#include "../core/config.h"

typedef struct contact contact;

contact *contact_create(const config *cfg);
void contact_destroy(contact *c);
/* Offers the form to the app, or not, and hands it the wipe function. */
void contact_attach(contact *c, app *a);
/* True when the bytes are anywhere in the module's own memory (tests). */
bool contact_holds_bytes(const contact *c, const void *needle, size_t n);
/* Stores a submitted request, if there is one. Returns true when it did
 * something (the screen changed). */
bool contact_poll(contact *c, app *a);
/* For the staff screen and tests: "new" requests waiting (-1 unknown). */
int contact_waiting(contact *c);

/* Usage figures: counted in memory and written once an hour (and at the
 * end), so that the database does not date single visits. */
void contact_count_usage(contact *c, const usage_event *e, int64_t wall);
void contact_flush_usage(contact *c, int64_t wall, bool force);
/* Fills the staff screen's counts: requests waiting, database size, the
 * last 7 days' sessions (today's unwritten ones included). */
void contact_staff_info(contact *c, staff_info *info, int64_t wall);

#endif
