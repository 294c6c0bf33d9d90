/* stmt.c: the statements of the store (each cached once prepared, in
 * struct store) and what every file of src/store uses to run them and read
 * their columns; the tend status for SQLite's result codes. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "store_internal.h"

static const char *const stmt_sql[ST_COUNT] = {
	[ST_BEGIN] = "BEGIN IMMEDIATE",
	[ST_BEGIN_READ] = "BEGIN",
	[ST_COMMIT] = "COMMIT",
	[ST_ROLLBACK] = "ROLLBACK",
	[ST_SAVEPOINT] = "SAVEPOINT store_step",
	[ST_RELEASE] = "RELEASE store_step",
	[ST_ROLLBACK_TO] = "ROLLBACK TO store_step",
	[ST_COUPLE_CREATED] = "SELECT created FROM couple WHERE id = 1",
	[ST_COUPLE_PARTNERS] = "SELECT idx, name, slot FROM partner ORDER BY idx",
	[ST_COUPLE_INSERT] = "INSERT INTO couple (id, created) VALUES (1, ?1)",
	[ST_PARTNER_INSERT] = "INSERT INTO partner (idx, name, slot) VALUES (?1, ?2, ?3)",
	[ST_SLOT_UPDATE] = "UPDATE partner SET slot = ?2 WHERE idx = ?1",
	[ST_RECOVERY_GET] = "SELECT slot FROM recovery WHERE idx = ?1",
	[ST_RECOVERY_PUT] = "INSERT INTO recovery (idx, slot) VALUES (?1, ?2) "
	                    "ON CONFLICT (idx) DO UPDATE SET slot = excluded.slot",
	[ST_SETTING_GET] = "SELECT value FROM setting WHERE key = ?1",
	[ST_DATA_VERSION] = "PRAGMA data_version",
	[ST_SETTING_PUT] = "INSERT INTO setting (key, value) VALUES (?1, ?2) "
	                   "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
	[ST_CHECKIN_INSERT] = "INSERT INTO checkin (" CHECKIN_COLS ") VALUES "
	                      "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
	                      "?17, ?18)",
	[ST_CHECKIN_UPDATE] = "UPDATE checkin SET night = ?1, started = ?2, plan = ?3, "
	                      "planned_s = ?4, ran_s = ?5, first = ?6, pillars = ?7, "
	                      "counted = ?8, state = ?9, step = ?10, step_left_ms = ?11, "
	                      "step_len_ms = ?12, ran_ms = ?13, confirmed = ?14, "
	                      "phase = ?15, cards = ?16, ended = ?17, topic = ?18 WHERE id = ?19",
	[ST_CHECKIN_GET] = "SELECT id, " CHECKIN_COLS " FROM checkin WHERE id = ?1",
	[ST_CHECKIN_DRAFT] = "SELECT id, " CHECKIN_COLS " FROM checkin WHERE state = 0 "
	                     "ORDER BY id DESC LIMIT 1",
	[ST_CHECKIN_DELETE] = "DELETE FROM checkin WHERE id = ?1",
	[ST_NIGHT_DELETE] = "DELETE FROM checkin WHERE night = ?1",
	[ST_CHECKIN_OLDER] = "SELECT id, " CHECKIN_COLS " FROM checkin WHERE state = 1 AND "
	                     "(night, id) < (?1, ?2) AND " PAGE_NIGHT_OK
	                     " ORDER BY night DESC, id DESC LIMIT ?3",
	[ST_CHECKIN_NEWER] = "SELECT id, " CHECKIN_COLS " FROM checkin WHERE state = 1 AND "
	                     "(night, id) > (?1, ?2) AND " PAGE_NIGHT_OK
	                     " ORDER BY night, id LIMIT ?3",
	[ST_CHECKIN_SAVED] = "SELECT count(*) FROM checkin WHERE state = 1 AND "
	                     "night BETWEEN ?1 AND ?2",
	[ST_CHECKIN_EACH] = "SELECT id, " CHECKIN_COLS " FROM checkin WHERE state = 1 "
	                    "ORDER BY night DESC, id DESC LIMIT ?1",
	[ST_CHECKIN_ALL] = "SELECT id, " CHECKIN_COLS " FROM checkin WHERE state = 1 "
	                   "ORDER BY night, id",
	[ST_NIGHTS] = "SELECT night, counted, pillars, ended FROM checkin WHERE state = 1 "
	              "AND night > ?1 ORDER BY night",
	[ST_RECENT_ENDINGS] = "SELECT counted, ended FROM checkin WHERE state = 1 "
	                      "ORDER BY night DESC, id DESC LIMIT ?1",
	[ST_DONE_PUT] = "INSERT INTO done (entry, night) VALUES (?1, ?2) "
	                "ON CONFLICT (entry) DO NOTHING",
	[ST_DONE_GET] = "SELECT 1 FROM done WHERE entry = ?1",
	[ST_RECENT_CARDS] = "SELECT cards FROM checkin WHERE state IN (0, 1) AND night >= ?1 "
	                    "ORDER BY night, id",
	[ST_REST_LIST] = "SELECT night FROM rest WHERE night > ?1 ORDER BY night",
	[ST_FOLD_GET] = "SELECT kind, upto, seen, prev, run, longest, done, saved FROM fold "
	                "ORDER BY kind",
	[ST_FOLD_CLEAR] = "DELETE FROM fold",
	[ST_FOLD_PUT] = "INSERT INTO fold (kind, upto, seen, prev, run, longest, done, saved) "
	                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[ST_REST_ADD] = "INSERT INTO rest (night) VALUES (?1)",
	[ST_REST_DELETE] = "DELETE FROM rest WHERE night = ?1",
	[ST_ENTRY_NEXT_ID] = "SELECT max(coalesce((SELECT max(id) FROM entry), 0), "
	                     "coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'entry'), 0)) + 1",
	[ST_ENTRY_INSERT] = "INSERT INTO entry (" ENTRY_COLS ") VALUES "
	                    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	[ST_ENTRY_DELETE] = "DELETE FROM entry WHERE id = ?1",
	[ST_ENTRY_DELETE_CHECKIN] = "DELETE FROM entry WHERE checkin = ?1",
	[ST_ENTRY_GET] = "SELECT " ENTRY_COLS " FROM entry WHERE id = ?1",
};

/* The tend status for SQLite result code `rc` (extended codes on): I/O
 * errors as I/O errors, damage as damage, permissions as permissions. */
enum tend_status store_status(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_ROW:
	case SQLITE_DONE:
		return TEND_OK;
	case SQLITE_NOMEM:
		return TEND_ERR_NOMEM;
	case SQLITE_FULL:
		return TEND_ERR_FULL;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return TEND_ERR_BUSY;
	case SQLITE_CANTOPEN:
	case SQLITE_PERM:
		return TEND_ERR_PERM;
	case SQLITE_IOERR:
		return rc == SQLITE_IOERR_NOMEM ? TEND_ERR_NOMEM : TEND_ERR_IO;
	/* The header was checked before SQLite read the file (header_check),
	 * so a file SQLite cannot read after all is damaged, not foreign. */
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return TEND_ERR_CORRUPT;
	case SQLITE_READONLY:
		return TEND_ERR_READONLY;
	case SQLITE_AUTH:
		return TEND_ERR_DENIED;
	case SQLITE_TOOBIG:
		return TEND_ERR_TOO_LONG;
	case SQLITE_CONSTRAINT:
		if (rc == SQLITE_CONSTRAINT_PRIMARYKEY || rc == SQLITE_CONSTRAINT_UNIQUE)
			return TEND_ERR_EXISTS;
		return TEND_ERR_INVALID;
	default:
		return TEND_ERR_DB;
	}
}

/* Whether `e` is an errno a failed read(2) or pread(2) gives (not a
 * missing or forbidden file, which opening a -wal or -shm may leave). */
static bool read_errno(int e)
{
	switch (e) {
	case EIO:
	case EAGAIN:
	case EBADF:
	case EFAULT:
	case EINVAL:
	case EISDIR:
	case ENXIO:
	case EOVERFLOW:
	case ESPIPE:
	case ERANGE:
		return true;
	default:
		return false;
	}
}

enum tend_status store_status_db(sqlite3 *db, int rc)
{
	enum tend_status st = store_status(rc);
	int e = db ? sqlite3_system_errno(db) : 0;

	/* What the system said is plainer than SQLite's "cannot open": a
	 * folder without permission, a read-only mount, a full disk. */
	if ((rc & 0xff) == SQLITE_CANTOPEN && e != 0)
		return tend_status_errno(e);
	if ((rc & 0xff) == SQLITE_IOERR && rc != SQLITE_IOERR_NOMEM &&
	    (e == ENOSPC || e == EDQUOT))
		return TEND_ERR_FULL;
	/* SQLite calls a read that failed with EIO "corrupt" (its
	 * SQLITE_IOERR_CORRUPTFS becomes SQLITE_CORRUPT), so reads made to fail
	 * under libfiu said "damaged" of a whole file. When the last failure
	 * the system reported on the file was a read error, the honest word
	 * is an I/O error. */
	if (st == TEND_ERR_CORRUPT && db) {
		int last = 0;

		if (sqlite3_file_control(db, "main", SQLITE_FCNTL_LAST_ERRNO, &last) != SQLITE_OK)
			last = 0;
		if (read_errno(e) || read_errno(last))
			return TEND_ERR_IO;
	}
	return st;
}

/* Hands out the statement `sql` through *out: the one cached in *slot
 * (preparing it on first use), or a private one when the cached statement
 * is in the middle of a query. Give it back with stmt_done(). */
int stmt_get(struct store *s, sqlite3_stmt **slot, const char *sql, sqlite3_stmt **out)
{
	int rc;

	*out = NULL;
	if (*slot && !sqlite3_stmt_busy(*slot)) {
		*out = *slot;
		return SQLITE_OK;
	}
	if (*slot)
		return sqlite3_prepare_v2(s->db, sql, -1, out, NULL);
	rc = sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, slot, NULL);
	*out = *slot;
	return rc;
}

/* Returns a statement from stmt_get(): resets a cached one, finalizes a
 * private one. NULL is fine. */
void stmt_done(sqlite3_stmt **slot, sqlite3_stmt *q)
{
	if (!q)
		return;
	if (q == *slot) {
		sqlite3_reset(q);
		sqlite3_clear_bindings(q);
	} else {
		sqlite3_finalize(q);
	}
}

/* What the statements that read version 3's columns ask of an older
 * database opened read-only. */
static const char *const stmt_sql_v2[ST_COUNT] = {
	[ST_CHECKIN_GET] = "SELECT id, " CHECKIN_COLS_V2 " FROM checkin WHERE id = ?1",
	[ST_CHECKIN_DRAFT] = "SELECT id, " CHECKIN_COLS_V2 " FROM checkin WHERE state = 0 "
	                     "ORDER BY id DESC LIMIT 1",
	[ST_CHECKIN_OLDER] = "SELECT id, " CHECKIN_COLS_V2 " FROM checkin WHERE state = 1 AND "
	                     "(night, id) < (?1, ?2) AND " PAGE_NIGHT_OK
	                     " ORDER BY night DESC, id DESC LIMIT ?3",
	[ST_CHECKIN_NEWER] = "SELECT id, " CHECKIN_COLS_V2 " FROM checkin WHERE state = 1 AND "
	                     "(night, id) > (?1, ?2) AND " PAGE_NIGHT_OK
	                     " ORDER BY night, id LIMIT ?3",
	[ST_CHECKIN_EACH] = "SELECT id, " CHECKIN_COLS_V2 " FROM checkin WHERE state = 1 "
	                    "ORDER BY night DESC, id DESC LIMIT ?1",
	[ST_CHECKIN_ALL] = "SELECT id, " CHECKIN_COLS_V2 " FROM checkin WHERE state = 1 "
	                   "ORDER BY night, id",
	[ST_NIGHTS] = "SELECT night, counted, pillars, 0 FROM checkin WHERE state = 1 "
	              "AND night > ?1 ORDER BY night",
	[ST_RECENT_ENDINGS] = "SELECT counted, 0 FROM checkin WHERE state = 1 "
	                      "ORDER BY night DESC, id DESC LIMIT ?1",
	[ST_DONE_GET] = "SELECT 1 WHERE ?1 IS NULL",
};

/* stmt_get() for a statement of the fixed table. */
int stmt_take(struct store *s, enum stmt_id id, sqlite3_stmt **out)
{
	if (s->version < 3 && stmt_sql_v2[id])
		return stmt_get(s, &s->stmt[id], stmt_sql_v2[id], out);
	return stmt_get(s, &s->stmt[id], stmt_sql[id], out);
}

/* stmt_done() for a statement of the fixed table. */
void stmt_give(struct store *s, enum stmt_id id, sqlite3_stmt *q)
{
	stmt_done(&s->stmt[id], q);
}

/* Runs fixed statement `id`, which takes no values and returns no rows. */
int stmt_run(struct store *s, enum stmt_id id)
{
	sqlite3_stmt *q;
	int rc;

	if ((rc = stmt_take(s, id, &q)) != SQLITE_OK)
		return rc;
	rc = sqlite3_step(q);
	stmt_give(s, id, q);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
}

/* Binds `len` bytes at `data` as a blob; zero bytes bind an empty blob, or
 * NULL when `null_if_empty`. The bytes are borrowed until the step. */
int bind_blob(sqlite3_stmt *q, int i, const uint8_t *data, size_t len, bool null_if_empty)
{
	if (len == 0)
		return null_if_empty ? sqlite3_bind_null(q, i) : sqlite3_bind_zeroblob(q, i, 0);
	if (!data)
		return SQLITE_MISUSE;
	return sqlite3_bind_blob64(q, i, data, len, SQLITE_STATIC);
}

/* Reads blob column `col` as borrowed bytes (valid until the statement
 * moves on); NULL reads as no bytes. */
enum tend_status column_blob_borrow(sqlite3_stmt *q, int col, struct store_blob *b)
{
	const void *p = sqlite3_column_blob(q, col);
	int n = sqlite3_column_bytes(q, col);

	b->data = NULL;
	b->len = 0;
	if (!p) {
		/* NULL or an empty blob; or out of memory converting it */
		if (sqlite3_column_type(q, col) != SQLITE_NULL && n > 0)
			return TEND_ERR_NOMEM;
		return TEND_OK;
	}
	/* sqlite's buffer: read-only to callers, as the store_entry is const */
	b->data = (uint8_t *)p;
	b->len = (size_t)n;
	return TEND_OK;
}

/* Copies blob column `col` into *b (owned, malloc; NULL data when empty). */
enum tend_status column_blob_copy(sqlite3_stmt *q, int col, struct store_blob *b)
{
	struct store_blob view;
	enum tend_status ret;

	b->data = NULL;
	b->len = 0;
	if ((ret = column_blob_borrow(q, col, &view)) != TEND_OK)
		return ret;
	if (view.len == 0)
		return TEND_OK;
	if (!(b->data = malloc(view.len)))
		return TEND_ERR_NOMEM;
	memcpy(b->data, view.data, view.len);
	b->len = view.len;
	return TEND_OK;
}

/* Copies text column `col` into *out (owned, malloc, NUL-terminated). */
enum tend_status column_text_copy(sqlite3 *db, sqlite3_stmt *q, int col, char **out)
{
	const unsigned char *t = sqlite3_column_text(q, col);
	int n = sqlite3_column_bytes(q, col);

	*out = NULL;
	if (!t)
		return (sqlite3_errcode(db) & 0xff) == SQLITE_NOMEM ? TEND_ERR_NOMEM
		                                                    : TEND_ERR_CORRUPT;
	if (!(*out = malloc((size_t)n + 1)))
		return TEND_ERR_NOMEM;
	memcpy(*out, t, (size_t)n);
	(*out)[n] = '\0';
	return TEND_OK;
}

/* The file is the couple's to edit (the sqlite3 tool opens it), so every
 * number read from it is held to what tend itself writes before anyone
 * computes with it. A value out of range is clamped to the nearest one tend
 * could have written: the row still shows and nothing is lost, and no
 * caller overflows. */

/* Column `col` as an int64, held to [lo, hi]. */
int64_t column_i64_in(sqlite3_stmt *q, int col, int64_t lo, int64_t hi)
{
	int64_t v = sqlite3_column_int64(q, col);

	return v < lo ? lo : v > hi ? hi : v;
}

/* Column `col` as an int, held to [lo, hi]. */
int column_int_in(sqlite3_stmt *q, int col, int lo, int hi)
{
	return (int)column_i64_in(q, col, lo, hi);
}

/* Column `col` as an int that must be one of [lo, hi], else `bad` (a
 * value callers refuse, such as -1 for an author, so that a record's
 * associated data no longer matches and it reads as damaged rather than
 * as someone else's). */
int column_int_or(sqlite3_stmt *q, int col, int lo, int hi, int bad)
{
	int64_t v = sqlite3_column_int64(q, col);

	return v < lo || v > hi ? bad : (int)v;
}

/* Column `col` as a night. */
tend_night column_night(sqlite3_stmt *q, int col)
{
	return (tend_night)column_i64_in(q, col, NIGHT_FIRST, NIGHT_LAST);
}

/* Column `col` as the pillars of a check-in: bits for pillars tend does
 * not have are dropped. */
pillar_set column_pillars(sqlite3_stmt *q, int col)
{
	return (pillar_set)((uint64_t)sqlite3_column_int64(q, col) & PILLAR_ALL);
}

/* Runs one-off `sql` (a pragma or a query) and reads the integer in the
 * first column of its first row. Not for hot paths: prepares each time. */
int query_int(sqlite3 *db, const char *sql, int64_t *value)
{
	sqlite3_stmt *q;
	int rc;

	if ((rc = sqlite3_prepare_v2(db, sql, -1, &q, NULL)) != SQLITE_OK)
		return rc;
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		if (sqlite3_column_type(q, 0) == SQLITE_INTEGER) {
			*value = sqlite3_column_int64(q, 0);
			rc = SQLITE_OK;
		} else {
			rc = SQLITE_MISMATCH;
		}
	} else if (rc == SQLITE_DONE) {
		rc = SQLITE_MISMATCH;
	}
	sqlite3_finalize(q);
	return rc;
}

/* Steps a statement that writes a row and returns nothing. */
int step_write(sqlite3_stmt *q)
{
	int rc = sqlite3_step(q);

	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Runs fixed statement `id` with ?1 = `key`, a delete; *changes gets the
 * number of rows it removed (not counting cascades). */
enum tend_status delete_by(struct store *s, enum stmt_id id, int64_t key, int *changes)
{
	sqlite3_stmt *q;
	int rc;

	*changes = 0;
	if ((rc = stmt_take(s, id, &q)) != SQLITE_OK)
		return store_status_db(s->db, rc);
	if ((rc = sqlite3_bind_int64(q, 1, key)) == SQLITE_OK)
		rc = step_write(q);
	stmt_give(s, id, q);
	*changes = rc == SQLITE_OK ? sqlite3_changes(s->db) : 0;
	return store_status_db(s->db, rc);
}
