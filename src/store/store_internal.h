/* store_internal.h: what the files of src/store share and nobody else sees.
 * Like every file of src/store, it may include sqlite3.h. */
#ifndef TEND_STORE_INTERNAL_H
#define TEND_STORE_INTERNAL_H

#include <sqlite3.h>

#include "tend/store.h"

/* The connection behind `s` (borrowed). */
sqlite3 *store_db(struct store *s);
/* The tend status for SQLite result code `rc` (extended codes on). */
enum tend_status store_status(int rc);
/* store_status, told more exactly by the errno SQLite last saw on `db`
 * (NULL: none): "cannot open" becomes permissions, a read-only file
 * system or an I/O error as the system said, and damage reported right
 * after a failed read an I/O error. */
enum tend_status store_status_db(sqlite3 *db, int rc);

#endif
