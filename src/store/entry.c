/* entry.c: the written entries (journal entries, reflections, notes,
 * topics, agreements), each a sealed record, in the store: written,
 * read one by one, walked, paged and counted by filter. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "store_internal.h"

/* Never hands out an id a deleted entry had: the entry table is
 * AUTOINCREMENT and sqlite_sequence remembers the highest id used. */
enum tend_status store_entry_next_id(struct store *s, int64_t *id)
{
	sqlite3_stmt *q;
	int rc;

	if (!id)
		return TEND_ERR_INVALID;
	if ((rc = stmt_take(s, ST_ENTRY_NEXT_ID, &q)) != SQLITE_OK)
		return store_status_db(s->db, rc);
	rc = sqlite3_step(q);
	/* an id near the end of int64 (the file was changed) comes back as a
	 * real number from SQLite's overflowing "+ 1": no id to give out */
	if (rc == SQLITE_ROW && sqlite3_column_type(q, 0) != SQLITE_INTEGER) {
		stmt_give(s, ST_ENTRY_NEXT_ID, q);
		return TEND_ERR_CORRUPT;
	}
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(q, 0);
	stmt_give(s, ST_ENTRY_NEXT_ID, q);
	if (rc == SQLITE_ROW && *id <= 0)
		return TEND_ERR_CORRUPT;
	return store_status_db(s->db, rc);
}

/* A blob without bytes (data NULL, len > 0) is refused as invalid. */
enum tend_status store_entry_insert(struct store *s, const struct store_entry *e)
{
	int64_t num[8]; /* the numbers of ENTRY_COLS by column; 1 (checkin) unused */
	sqlite3_stmt *q;
	int rc;

	if (!e || e->id <= 0 || e->checkin < 0)
		return TEND_ERR_INVALID;
	num[0] = e->id;
	num[1] = 0;
	num[2] = e->kind;
	num[3] = e->author;
	num[4] = e->visibility;
	num[5] = e->night;
	num[6] = e->created;
	num[7] = e->seq;
	if ((rc = stmt_take(s, ST_ENTRY_INSERT, &q)) != SQLITE_OK)
		return store_status_db(s->db, rc);
	for (int i = 0; i < 8 && rc == SQLITE_OK; i++)
		if (i != 1)
			rc = sqlite3_bind_int64(q, i + 1, num[i]);
	if (rc == SQLITE_OK)
		rc = e->checkin ? sqlite3_bind_int64(q, 2, e->checkin) : sqlite3_bind_null(q, 2);
	if (rc == SQLITE_OK)
		rc = bind_blob(q, 9, e->ct.data, e->ct.len, false);
	for (int i = 0; i < 2 && rc == SQLITE_OK; i++)
		rc = bind_blob(q, 10 + i, e->seal[i].data, e->seal[i].len, true);
	if (rc == SQLITE_OK)
		rc = step_write(q);
	stmt_give(s, ST_ENTRY_INSERT, q);
	return rc == SQLITE_MISUSE ? TEND_ERR_INVALID : store_status_db(s->db, rc);
}

enum tend_status store_entry_delete(struct store *s, int64_t id)
{
	enum tend_status ret;
	int n = 0;

	if ((ret = delete_by(s, ST_ENTRY_DELETE, id, &n)) != TEND_OK)
		return ret;
	return n == 0 ? TEND_ERR_NOT_FOUND : TEND_OK;
}

/* Reads the ENTRY_COLS of the row `q` stands on into *e, its blobs
 * borrowed from SQLite's row buffers (valid until the statement moves). */
static enum tend_status entry_read(sqlite3_stmt *q, struct store_entry *e)
{
	enum tend_status ret;

	memset(e, 0, sizeof(*e));
	e->id = sqlite3_column_int64(q, 0);
	e->checkin = column_i64_in(q, 1, 0, INT64_MAX); /* NULL reads as 0 */
	/* bound into the record's associated data: a value out of range
	 * must not wrap round to one that matches, so it reads as -1 and the
	 * record as damaged */
	e->kind = column_int_or(q, 2, 0, INT_SANE, -1);
	e->author = column_int_or(q, 3, 0, 1, -1);
	e->visibility = column_int_or(q, 4, 0, 1, -1);
	e->night = column_night(q, 5);
	e->created = column_i64_in(q, 6, TIME_FIRST, TIME_LAST);
	e->seq = column_int_in(q, 7, 0, INT_SANE);
	if ((ret = column_blob_borrow(q, 8, &e->ct)) != TEND_OK ||
	    (ret = column_blob_borrow(q, 9, &e->seal[0])) != TEND_OK ||
	    (ret = column_blob_borrow(q, 10, &e->seal[1])) != TEND_OK)
		memset(e, 0, sizeof(*e));
	return ret;
}

enum tend_status store_entry_get(struct store *s, int64_t id, struct store_entry *out)
{
	struct store_entry e;
	enum tend_status ret;
	sqlite3_stmt *q;
	int rc;

	if (!out)
		return TEND_ERR_INVALID;
	memset(out, 0, sizeof(*out));
	if ((rc = stmt_take(s, ST_ENTRY_GET, &q)) != SQLITE_OK)
		return store_status_db(s->db, rc);
	if ((rc = sqlite3_bind_int64(q, 1, id)) != SQLITE_OK) {
		ret = store_status_db(s->db, rc);
	} else if ((rc = sqlite3_step(q)) != SQLITE_ROW) {
		ret = rc == SQLITE_DONE ? TEND_ERR_NOT_FOUND : store_status_db(s->db, rc);
	} else if ((ret = entry_read(q, &e)) == TEND_OK) {
		struct store_blob b[3] = { e.ct, e.seal[0], e.seal[1] };

		*out = e;
		memset(&out->ct, 0, sizeof(out->ct));
		memset(out->seal, 0, sizeof(out->seal));
		for (int i = 0; i < 3 && ret == TEND_OK; i++) {
			struct store_blob *to = i == 0 ? &out->ct : &out->seal[i - 1];

			if (b[i].len && !(to->data = malloc(b[i].len)))
				ret = TEND_ERR_NOMEM;
			else if (b[i].len)
				memcpy(to->data, b[i].data, (to->len = b[i].len));
		}
		if (ret != TEND_OK)
			store_entry_clear(out);
	}
	stmt_give(s, ST_ENTRY_GET, q);
	return ret;
}

void store_entry_clear(struct store_entry *e)
{
	if (!e)
		return;
	store_blob_clear(&e->ct);
	store_blob_clear(&e->seal[0]);
	store_blob_clear(&e->seal[1]);
	memset(e, 0, sizeof(*e));
}

/* Appends `part` to the SQL text of `len` bytes in buf; on overflow sets
 * len to `size` and appends nothing more. */
static void sql_add(char *buf, size_t size, size_t *len, const char *part)
{
	size_t n = strlen(part);

	if (*len >= size || n >= size - *len) {
		*len = size;
		return;
	}
	memcpy(buf + *len, part, n + 1);
	*len += n;
}

/* Appends a condition: " WHERE cond" first, " AND cond" after. */
static void sql_where(char *buf, size_t size, size_t *len, const char *cond)
{
	bool first = *len < size && !strstr(buf, " WHERE ");

	sql_add(buf, size, len, first ? " WHERE " : " AND ");
	sql_add(buf, size, len, cond);
}

/* The statement for filter `f` (NULL: every entry) and walk `walk`, from
 * the cache of its shape; bound and ready to step. A page starts after id
 * `from` (0: at the newest or oldest end) and holds at most `limit`. */
static enum tend_status entry_query(struct store *s, const struct store_entry_filter *f,
                                    enum entry_walk walk, int64_t from, size_t limit,
                                    sqlite3_stmt ***slot, sqlite3_stmt **out)
{
	static const struct store_entry_filter all = { -1, -1, -1, -1 };
	bool page = walk == WALK_OLDER || walk == WALK_NEWER;
	char sql[512];
	size_t len;
	int cmode, rmode, shape, rc;

	*out = NULL;
	if (!f)
		f = &all;
	if (f->checkin < -1 || f->reader < -1 || f->reader > 1)
		return TEND_ERR_INVALID;
	if (page && (from < 0 || limit == 0 || limit > INT32_MAX))
		return TEND_ERR_INVALID;
	cmode = f->checkin == -1 ? 0 : f->checkin == 0 ? 1 : 2;
	rmode = f->reader + 1;
	shape = ((cmode * 2 + (f->kind != -1)) * 2 + (f->author != -1)) * 3 + rmode;
	*slot = &s->entry_q[walk][shape];

	len = 0;
	sql_add(sql, sizeof(sql), &len, walk == WALK_COUNT ? "SELECT count(*) FROM entry"
	                                                   : "SELECT " ENTRY_COLS " FROM entry");
	if (cmode == 1)
		sql_where(sql, sizeof(sql), &len, "checkin IS NULL");
	if (cmode == 2)
		sql_where(sql, sizeof(sql), &len, "checkin = ?1");
	if (f->kind != -1)
		sql_where(sql, sizeof(sql), &len, "kind = ?2");
	if (f->author != -1)
		sql_where(sql, sizeof(sql), &len, "author = ?3");
	if (rmode == 1)
		sql_where(sql, sizeof(sql), &len, "seal0 IS NOT NULL");
	if (rmode == 2)
		sql_where(sql, sizeof(sql), &len, "seal1 IS NOT NULL");
	/* A page walks the rows in id order from its key and stops at its
	 * limit: what it costs is the page, not the table. */
	if (walk == WALK_OLDER)
		sql_where(sql, sizeof(sql), &len, "id < ?4 ORDER BY id DESC LIMIT ?5");
	else if (walk == WALK_NEWER)
		sql_where(sql, sizeof(sql), &len, "id > ?4 ORDER BY id LIMIT ?5");
	else if (walk == WALK_ALL)
		sql_add(sql, sizeof(sql), &len, " ORDER BY id");
	if (len >= sizeof(sql))
		return TEND_ERR_DB;

	if ((rc = stmt_get(s, *slot, sql, out)) != SQLITE_OK)
		return store_status_db(s->db, rc);
	if (cmode == 2 && rc == SQLITE_OK)
		rc = sqlite3_bind_int64(*out, 1, f->checkin);
	if (f->kind != -1 && rc == SQLITE_OK)
		rc = sqlite3_bind_int64(*out, 2, f->kind);
	if (f->author != -1 && rc == SQLITE_OK)
		rc = sqlite3_bind_int64(*out, 3, f->author);
	if (page && rc == SQLITE_OK)
		rc = sqlite3_bind_int64(*out, 4, from ? from : walk == WALK_OLDER ? INT64_MAX : 0);
	if (page && rc == SQLITE_OK)
		rc = sqlite3_bind_int64(*out, 5, (int64_t)limit);
	if (rc != SQLITE_OK) {
		stmt_done(*slot, *out);
		*out = NULL;
	}
	return store_status_db(s->db, rc);
}

/* Steps `q` (from entry_query) and calls `fn` for each row, until it
 * returns non-zero. The entry's blobs point into SQLite's row buffers: no
 * copy per entry. */
static enum tend_status entry_rows(sqlite3_stmt **slot, sqlite3_stmt *q, sqlite3 *db,
                                   int (*fn)(const struct store_entry *e, void *ctx),
                                   void *ctx)
{
	struct store_entry e;
	enum tend_status ret;
	int rc;

	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if ((ret = entry_read(q, &e)) != TEND_OK)
			goto out;
		if (fn(&e, ctx) != 0)
			goto out;
	}
	ret = store_status_db(db, rc);
out:
	stmt_done(slot, q);
	return ret;
}

enum tend_status store_entry_each(struct store *s, const struct store_entry_filter *f,
                                  int (*fn)(const struct store_entry *e, void *ctx),
                                  void *ctx)
{
	sqlite3_stmt **slot, *q;
	enum tend_status ret;

	if (!fn)
		return TEND_ERR_INVALID;
	if ((ret = entry_query(s, f, WALK_ALL, 0, 0, &slot, &q)) != TEND_OK)
		return ret;
	return entry_rows(slot, q, s->db, fn, ctx);
}

enum tend_status store_entry_page(struct store *s, const struct store_entry_filter *f,
                                  int64_t from, bool older, size_t limit,
                                  int (*fn)(const struct store_entry *e, void *ctx),
                                  void *ctx)
{
	sqlite3_stmt **slot, *q;
	enum tend_status ret;

	if (!fn)
		return TEND_ERR_INVALID;
	if ((ret = entry_query(s, f, older ? WALK_OLDER : WALK_NEWER, from, limit, &slot, &q)) !=
	    TEND_OK)
		return ret;
	return entry_rows(slot, q, s->db, fn, ctx);
}

enum tend_status store_entry_count(struct store *s, const struct store_entry_filter *f,
                                   size_t *n)
{
	sqlite3_stmt **slot, *q;
	enum tend_status ret;
	int rc;

	if (!n)
		return TEND_ERR_INVALID;
	if ((ret = entry_query(s, f, WALK_COUNT, 0, 0, &slot, &q)) != TEND_OK)
		return ret;
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		*n = (size_t)column_i64_in(q, 0, 0, INT64_MAX);
	stmt_done(slot, q);
	return store_status_db(s->db, rc);
}
