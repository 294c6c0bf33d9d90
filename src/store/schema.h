/* schema.h: the store's migrations, private to src/store. */
#ifndef TEND_STORE_SCHEMA_H
#define TEND_STORE_SCHEMA_H

#include "tend/store.h"

/* store_migrations[v] is the SQL that takes a database from schema version
 * v to v + 1. store.c runs each in one transaction that also sets
 * user_version to v + 1, so adding schema version 2 means one new entry here
 * and STORE_SCHEMA_VERSION raised to 2. */
extern const char *const store_migrations[STORE_SCHEMA_VERSION];

#endif
