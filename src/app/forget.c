/* forget.c: deleting for good. A partner forgets their own journal entries
 * and reflections; either partner forgets a whole night with everything
 * written in it. The rows go in one transaction; secure_delete zeroes what
 * they held in the database's pages, and a truncating checkpoint then
 * empties the write-ahead log, so no old copy of the page is left in
 * tend.db, tend.db-wal or tend.db-shm. Backups made before still hold it. */
#include <stdlib.h>

#include "app_internal.h"

/* After a delete is committed: empties the log. *wiped is false when
 * another connection was reading, so the log keeps its old pages until the
 * last tend closes (which checkpoints it). */
static void wipe_log(struct app *app, bool *wiped)
{
	enum tend_status st = store_scrub(app->store);

	if (wiped)
		*wiped = st == TEND_OK;
}

enum tend_status app_forget_entries(struct app_reader *r, const int64_t *ids, size_t n,
                                    int64_t *bad, bool *wiped)
{
	struct app *app = r->app;
	enum tend_status st;

	if (bad)
		*bad = 0;
	if (wiped)
		*wiped = false;
	if (app->readonly)
		return TEND_ERR_READONLY;
	if (n == 0 || !ids)
		return TEND_ERR_INVALID;
	if ((st = store_begin(app->store)) != TEND_OK)
		return st;
	for (size_t i = 0; i < n && st == TEND_OK; i++) {
		struct store_entry e;

		if ((st = store_entry_get(app->store, ids[i], &e)) == TEND_ERR_NOT_FOUND) {
			/* Named twice on one command line is fine: it is gone. */
			bool twice = false;

			for (size_t j = 0; j < i; j++)
				twice |= ids[j] == ids[i];
			st = twice ? TEND_OK : st;
		} else if (st == TEND_OK) {
			/* A note, a parked topic, an agreement or a plan together
			 * is the couple's: it goes with its night. */
			if (e.author != r->partner ||
			    (e.kind != APP_ENTRY_JOURNAL && e.kind != APP_ENTRY_REFLECTION))
				st = TEND_ERR_DENIED;
			else
				st = store_entry_delete(app->store, ids[i]);
			store_entry_clear(&e);
		}
		if (st != TEND_OK && bad)
			*bad = ids[i];
	}
	if ((st = app_txn_end(app->store, st)) == TEND_OK)
		wipe_log(app, wiped);
	return st;
}

enum tend_status app_forget_night(struct app_reader *r, tend_night night, int *checkins,
                                  bool *wiped)
{
	struct app *app = r->app;
	enum tend_status st;
	int n = 0;

	if (checkins)
		*checkins = 0;
	if (wiped)
		*wiped = false;
	if (app->readonly)
		return TEND_ERR_READONLY;
	/* Not under a check-in running in tend's screens elsewhere. */
	if (!app->session) {
		if ((st = store_lock_session(app->store)) != TEND_OK)
			return st;
		app->session = true;
	}
	if ((st = store_begin(app->store)) != TEND_OK)
		return st;
	st = store_night_delete(app->store, night, &n);
	if (st == TEND_OK && n == 0)
		st = TEND_ERR_NOT_FOUND;
	if ((st = app_txn_end(app->store, st)) == TEND_OK) {
		if (checkins)
			*checkins = n;
		wipe_log(app, wiped);
	}
	return st;
}
