/* couple.c: the two partners (names, key records), their recovery records
 * and the settings, in the store. */
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "store_internal.h"

void store_couple_clear(struct store_couple *c)
{
	if (!c)
		return;
	for (int i = 0; i < 2; i++) {
		free(c->name[i]);
		c->name[i] = NULL;
		store_blob_clear(&c->slot[i]);
	}
	c->created = 0;
}

enum tend_status store_couple_get(struct store *s, struct store_couple *out)
{
	enum tend_status ret = TEND_OK;
	sqlite3_stmt *q = NULL;
	bool seen[2] = { false, false };
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = stmt_take(s, ST_COUPLE_CREATED, &q)) != SQLITE_OK)
		return store_status_db(s->db, rc);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		out->created = column_i64_in(q, 0, TIME_FIRST, TIME_LAST);
	stmt_give(s, ST_COUPLE_CREATED, q);
	if (rc == SQLITE_DONE)
		return TEND_ERR_NOT_SETUP;
	if (rc != SQLITE_ROW)
		return store_status_db(s->db, rc);

	if ((rc = stmt_take(s, ST_COUPLE_PARTNERS, &q)) != SQLITE_OK)
		return store_status_db(s->db, rc);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		int64_t i = sqlite3_column_int64(q, 0);

		if (i < 0 || i > 1 || seen[i]) {
			ret = TEND_ERR_CORRUPT;
			goto out;
		}
		seen[i] = true;
		if ((ret = column_text_copy(s->db, q, 1, &out->name[i])) != TEND_OK ||
		    (ret = column_blob_copy(q, 2, &out->slot[i])) != TEND_OK)
			goto out;
	}
	/* A partner whose row is gone is left out (name NULL): the caller names
	 * the damage, and the other partner carries on. */
	if (rc != SQLITE_DONE)
		ret = store_status_db(s->db, rc);
out:
	stmt_give(s, ST_COUPLE_PARTNERS, q);
	if (ret != TEND_OK)
		store_couple_clear(out);
	return ret;
}

/* Inserts partner `i` of `c` with the cached insert statement. */
static int partner_insert(struct store *s, int i, const struct store_couple *c)
{
	sqlite3_stmt *q;
	int rc;

	if ((rc = stmt_take(s, ST_PARTNER_INSERT, &q)) != SQLITE_OK)
		return rc;
	if ((rc = sqlite3_bind_int(q, 1, i)) == SQLITE_OK &&
	    (rc = sqlite3_bind_text(q, 2, c->name[i], -1, SQLITE_STATIC)) == SQLITE_OK &&
	    (rc = bind_blob(q, 3, c->slot[i].data, c->slot[i].len, false)) == SQLITE_OK)
		rc = step_write(q);
	stmt_give(s, ST_PARTNER_INSERT, q);
	return rc;
}

/* All three rows or none, inside the caller's transaction or not: a
 * savepoint wraps them. */
enum tend_status store_couple_put(struct store *s, const struct store_couple *c)
{
	sqlite3_stmt *q;
	int rc;

	if (!c || !c->name[0] || !c->name[1])
		return TEND_ERR_INVALID;
	if ((rc = stmt_run(s, ST_SAVEPOINT)) != SQLITE_OK)
		return store_status_db(s->db, rc);
	if ((rc = stmt_take(s, ST_COUPLE_INSERT, &q)) != SQLITE_OK)
		goto fail;
	if ((rc = sqlite3_bind_int64(q, 1, c->created)) == SQLITE_OK)
		rc = step_write(q);
	stmt_give(s, ST_COUPLE_INSERT, q);
	if (rc != SQLITE_OK)
		goto fail;
	for (int i = 0; i < 2; i++)
		if ((rc = partner_insert(s, i, c)) != SQLITE_OK)
			goto fail;
	if ((rc = stmt_run(s, ST_RELEASE)) != SQLITE_OK)
		goto fail;
	return TEND_OK;
fail:
	stmt_run(s, ST_ROLLBACK_TO);
	stmt_run(s, ST_RELEASE);
	return store_status_db(s->db, rc);
}

enum tend_status store_slot_put(struct store *s, int partner, const struct store_blob *slot)
{
	sqlite3_stmt *q;
	int rc;

	if (partner < 0 || partner > 1 || !slot)
		return TEND_ERR_INVALID;
	if ((rc = stmt_take(s, ST_SLOT_UPDATE, &q)) != SQLITE_OK)
		return store_status_db(s->db, rc);
	if ((rc = sqlite3_bind_int(q, 1, partner)) == SQLITE_OK &&
	    (rc = bind_blob(q, 2, slot->data, slot->len, false)) == SQLITE_OK)
		rc = step_write(q);
	stmt_give(s, ST_SLOT_UPDATE, q);
	if (rc != SQLITE_OK)
		return store_status_db(s->db, rc);
	return sqlite3_changes(s->db) == 0 ? TEND_ERR_NOT_SETUP : TEND_OK;
}

/* A schema older than version 2 (read-only) has no recovery table. */
enum tend_status store_recovery_get(struct store *s, int partner, struct store_blob *out)
{
	enum tend_status ret;
	sqlite3_stmt *q;
	int rc;

	if (partner < 0 || partner > 1 || !out)
		return TEND_ERR_INVALID;
	out->data = NULL;
	out->len = 0;
	if (s->version < 2)
		return TEND_ERR_NOT_FOUND;
	if ((rc = stmt_take(s, ST_RECOVERY_GET, &q)) != SQLITE_OK)
		return store_status_db(s->db, rc);
	if ((rc = sqlite3_bind_int(q, 1, partner)) != SQLITE_OK)
		ret = store_status_db(s->db, rc);
	else if ((rc = sqlite3_step(q)) == SQLITE_ROW)
		ret = column_blob_copy(q, 0, out);
	else
		ret = rc == SQLITE_DONE ? TEND_ERR_NOT_FOUND : store_status_db(s->db, rc);
	stmt_give(s, ST_RECOVERY_GET, q);
	return ret;
}

enum tend_status store_recovery_put(struct store *s, int partner, const struct store_blob *slot)
{
	sqlite3_stmt *q;
	int rc;

	if (partner < 0 || partner > 1 || !slot || slot->len == 0)
		return TEND_ERR_INVALID;
	if ((rc = stmt_take(s, ST_RECOVERY_PUT, &q)) != SQLITE_OK)
		return store_status_db(s->db, rc);
	if ((rc = sqlite3_bind_int(q, 1, partner)) == SQLITE_OK &&
	    (rc = bind_blob(q, 2, slot->data, slot->len, false)) == SQLITE_OK)
		rc = step_write(q);
	stmt_give(s, ST_RECOVERY_PUT, q);
	return store_status_db(s->db, rc);
}

enum tend_status store_setting_get(struct store *s, const char *key, int64_t *value)
{
	sqlite3_stmt *q;
	int rc;

	if (!key || !value)
		return TEND_ERR_INVALID;
	if ((rc = stmt_take(s, ST_SETTING_GET, &q)) != SQLITE_OK)
		return store_status_db(s->db, rc);
	if ((rc = sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC)) == SQLITE_OK) {
		rc = sqlite3_step(q);
		if (rc == SQLITE_ROW)
			*value = sqlite3_column_int64(q, 0);
	}
	stmt_give(s, ST_SETTING_GET, q);
	return store_status_db(s->db, rc);
}

enum tend_status store_data_version(struct store *s, int64_t *out)
{
	sqlite3_stmt *q;
	int rc;

	if ((rc = stmt_take(s, ST_DATA_VERSION, &q)) != SQLITE_OK)
		return store_status_db(s->db, rc);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(q, 0);
	stmt_give(s, ST_DATA_VERSION, q);
	return store_status_db(s->db, rc);
}

enum tend_status store_setting_put(struct store *s, const char *key, int64_t value)
{
	sqlite3_stmt *q;
	int rc;

	if (!key)
		return TEND_ERR_INVALID;
	if ((rc = stmt_take(s, ST_SETTING_PUT, &q)) != SQLITE_OK)
		return store_status_db(s->db, rc);
	if ((rc = sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC)) == SQLITE_OK &&
	    (rc = sqlite3_bind_int64(q, 2, value)) == SQLITE_OK)
		rc = step_write(q);
	stmt_give(s, ST_SETTING_PUT, q);
	return store_status_db(s->db, rc);
}
