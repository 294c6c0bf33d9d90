/* store.c: tend's SQLite file. The only code in tend that includes sqlite3.h.
 *
 * Every query is a prepared statement with bound values. The statements the
 * app runs again and again are prepared once and cached in struct store;
 * when a cached one is already running (a store_*_each callback calling back
 * into the store) a private copy is prepared for the nested call.
 *
 * Opening checks, before anything is written, that the file is an SQLite
 * database, that it is tend's (application_id) or empty, and that its schema
 * is not newer than this tend; checkpoint-on-close stays off until then, so a
 * foreign or newer database is left byte for byte as it was. */
#include "tend/mem.h"
#include "tend/store.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "schema.h"
#include "store_internal.h"

#define STORE_BUSY_MS 5000

/* Before SQLite's first use: no up-front block for each connection's page
 * cache (20 pages, 87 KiB, most of it never used by a file this small):
 * pages are allocated as they are read. (Once SQLite is initialized this
 * is refused, harmlessly.) */
static void store_config(void)
{
	static bool done;

	if (done)
		return;
	done = true;
	sqlite3_config(SQLITE_CONFIG_PAGECACHE, (void *)NULL, 0, 0);
}
#define CARD_BYTES 4 /* a card id in the cards blob: little-endian u32 */

_Static_assert(sizeof(store_migrations) / sizeof(store_migrations[0]) == STORE_SCHEMA_VERSION,
               "one migration per schema version");

/* The cached statements; stmt_sql[] holds their text. */
enum stmt_id {
	ST_BEGIN,
	ST_BEGIN_READ,
	ST_COMMIT,
	ST_ROLLBACK,
	ST_SAVEPOINT,
	ST_RELEASE,
	ST_ROLLBACK_TO,
	ST_COUPLE_CREATED,
	ST_COUPLE_PARTNERS,
	ST_COUPLE_INSERT,
	ST_PARTNER_INSERT,
	ST_SLOT_UPDATE,
	ST_RECOVERY_GET,
	ST_RECOVERY_PUT,
	ST_SETTING_GET,
	ST_SETTING_PUT,
	ST_DATA_VERSION,
	ST_CHECKIN_INSERT,
	ST_CHECKIN_UPDATE,
	ST_CHECKIN_GET,
	ST_CHECKIN_DRAFT,
	ST_CHECKIN_DELETE,
	ST_NIGHT_DELETE,
	ST_CHECKIN_EACH,
	ST_CHECKIN_ALL,
	ST_CHECKIN_OLDER,
	ST_CHECKIN_NEWER,
	ST_CHECKIN_SAVED,
	ST_NIGHTS,
	ST_RECENT_ENDINGS,
	ST_DONE_PUT,
	ST_DONE_GET,
	ST_RECENT_CARDS,
	ST_REST_LIST,
	ST_FOLD_GET,
	ST_FOLD_CLEAR,
	ST_FOLD_PUT,
	ST_REST_ADD,
	ST_REST_DELETE,
	ST_ENTRY_NEXT_ID,
	ST_ENTRY_INSERT,
	ST_ENTRY_DELETE,
	ST_ENTRY_DELETE_CHECKIN,
	ST_ENTRY_GET,
	ST_COUNT
};

/* Nights from 0001-01-01 to 9999-12-31, and unix seconds in those years:
 * what localtime and the calendar code work with. */
#define NIGHT_FIRST (-719162)
#define NIGHT_LAST 2932896
#define STR_(x) #x
#define STR(x) STR_(x)
/* The history is paged by its key (night, id): a page starts after the key
 * of the row the last one ended on, so that key must be the row's own. A
 * night out of range (a changed file) would be read as another, and a page
 * could start on its own row again: such a row is left out of the pages and
 * of their count, so paging always ends. (Every schema's checkin is STRICT:
 * a night is always a whole number, and the range is one of the index.) */
#define PAGE_NIGHT_OK "night BETWEEN " STR(NIGHT_FIRST) " AND " STR(NIGHT_LAST)

/* The check-in columns after id, in the order checkin_bind() binds them
 * (?1..?16) and checkin_read() reads them (columns 1..16). */
#define CHECKIN_COLS                                                           \
	"night, started, plan, planned_s, ran_s, first, pillars, counted, "    \
	"state, step, step_left_ms, step_len_ms, ran_ms, confirmed, phase, cards, " \
	"ended, topic"
#define CHECKIN_NCOLS 18
/* The same columns as a database of schema version 2 (opened read-only,
 * never migrated) answers them. */
#define CHECKIN_COLS_V2                                                        \
	"night, started, plan, planned_s, ran_s, first, pillars, counted, "    \
	"state, step, step_left_ms, step_len_ms, ran_ms, confirmed, phase, cards, " \
	"0, 0"
#define ENTRY_COLS                                                             \
	"id, checkin, kind, author, visibility, night, created, seq, ct, seal0, seal1"

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

/* Entry queries are built per filter shape so each can use an index:
 * checkin any / none / one (3) x kind any / one (2) x author any / one (2) x
 * reader any / 0 / 1 (3). */
#define FILTER_SHAPES 36

/* What an entry query does with the entries it matches. */
enum entry_walk {
	WALK_ALL,    /* every one, oldest first */
	WALK_COUNT,  /* counts them */
	WALK_OLDER,  /* a page: those before a key, newest first */
	WALK_NEWER,  /* a page: those after a key, oldest first */
	WALK_KINDS
};

struct store {
	sqlite3 *db;
	int64_t version;                      /* its schema version: older only
	                                       * when opened read-only */
	int lock_fd;                          /* -1, or our own fd on the database
	                                       * file carrying the session flock;
	                                       * closed only after sqlite3_close,
	                                       * because closing any fd of the file
	                                       * drops the process's POSIX locks */
	bool session;                         /* lock_fd holds the session lock */
	bool image;                           /* in memory (store_open_image) */
	sqlite3_stmt *stmt[ST_COUNT];         /* cached; NULL until first used */
	sqlite3_stmt *entry_q[WALK_KINDS][FILTER_SHAPES]; /* cached, by walk and
	                                                   * filter shape */
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
static int stmt_get(struct store *s, sqlite3_stmt **slot, const char *sql, sqlite3_stmt **out)
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
static void stmt_done(sqlite3_stmt **slot, sqlite3_stmt *q)
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

/* stmt_get() for a statement of the fixed table. */
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

static int stmt_take(struct store *s, enum stmt_id id, sqlite3_stmt **out)
{
	if (s->version < 3 && stmt_sql_v2[id])
		return stmt_get(s, &s->stmt[id], stmt_sql_v2[id], out);
	return stmt_get(s, &s->stmt[id], stmt_sql[id], out);
}

/* stmt_done() for a statement of the fixed table. */
static void stmt_give(struct store *s, enum stmt_id id, sqlite3_stmt *q)
{
	stmt_done(&s->stmt[id], q);
}

/* Runs fixed statement `id`, which takes no values and returns no rows. */
static int stmt_run(struct store *s, enum stmt_id id)
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
static int bind_blob(sqlite3_stmt *q, int i, const uint8_t *data, size_t len, bool null_if_empty)
{
	if (len == 0)
		return null_if_empty ? sqlite3_bind_null(q, i) : sqlite3_bind_zeroblob(q, i, 0);
	if (!data)
		return SQLITE_MISUSE;
	return sqlite3_bind_blob64(q, i, data, len, SQLITE_STATIC);
}

/* Reads blob column `col` as borrowed bytes (valid until the statement
 * moves on); NULL reads as no bytes. */
static enum tend_status column_blob_borrow(sqlite3_stmt *q, int col, struct store_blob *b)
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
static enum tend_status column_blob_copy(sqlite3_stmt *q, int col, struct store_blob *b)
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
static enum tend_status column_text_copy(sqlite3 *db, sqlite3_stmt *q, int col, char **out)
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
static int64_t column_i64_in(sqlite3_stmt *q, int col, int64_t lo, int64_t hi)
{
	int64_t v = sqlite3_column_int64(q, col);

	return v < lo ? lo : v > hi ? hi : v;
}

/* Column `col` as an int, held to [lo, hi]. */
static int column_int_in(sqlite3_stmt *q, int col, int lo, int hi)
{
	return (int)column_i64_in(q, col, lo, hi);
}

/* Column `col` as an int that must be one of [lo, hi], else `bad` (a
 * value callers refuse, such as -1 for an author, so that a record's
 * associated data no longer matches and it reads as damaged rather than
 * as someone else's). */
static int column_int_or(sqlite3_stmt *q, int col, int lo, int hi, int bad)
{
	int64_t v = sqlite3_column_int64(q, col);

	return v < lo || v > hi ? bad : (int)v;
}

#define INT_SANE (1 << 30) /* far beyond any length or count tend keeps */
#define TIME_FIRST INT64_C(-62135596800)
#define TIME_LAST INT64_C(253402300799)
/* A check-in lasts minutes; a week is far beyond any plan, and three times
 * it in milliseconds still fits an int64 many times over. */
#define SECONDS_LAST (7 * 24 * 3600)

/* Column `col` as a night. */
static tend_night column_night(sqlite3_stmt *q, int col)
{
	return (tend_night)column_i64_in(q, col, NIGHT_FIRST, NIGHT_LAST);
}

/* Column `col` as the pillars of a check-in: bits for pillars tend does
 * not have are dropped. */
static pillar_set column_pillars(sqlite3_stmt *q, int col)
{
	return (pillar_set)((uint64_t)sqlite3_column_int64(q, col) & PILLAR_ALL);
}

/* Runs one-off `sql` (a pragma or a query) and reads the integer in the
 * first column of its first row. Not for hot paths: prepares each time. */
static int query_int(sqlite3 *db, const char *sql, int64_t *value)
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

/* Creates `path` with mode 0600 (whatever the umask) when it does not exist,
 * so SQLite (which gives -wal and -shm the database's mode) never creates it
 * itself. The fd is closed at once, before SQLite holds any lock on the file. */
static enum tend_status create_file(const char *path)
{
	int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

	int e;

	if (fd < 0)
		return errno == EEXIST ? TEND_OK : tend_status_errno(errno);
	if (fchmod(fd, 0600) != 0) {
		e = errno;
		close(fd);
		unlink(path);
		return tend_status_errno(e);
	}
	if (close(fd) != 0)
		return tend_status_errno(errno);
	return TEND_OK;
}

/* Decides whether the open file is tend's, reading only. Sets *version to
 * its schema version and *empty for a file with no tables, no application_id
 * and user_version 0, which tend may take. */
static enum tend_status check_identity(struct store *s, int64_t *version, bool *empty)
{
	int64_t app = 0, uv = 0, nobj = 0;
	int rc;

	*version = 0;
	*empty = false;
	if ((rc = query_int(s->db, "PRAGMA application_id", &app)) != SQLITE_OK ||
	    (rc = query_int(s->db, "PRAGMA user_version", &uv)) != SQLITE_OK)
		return rc == SQLITE_MISMATCH ? TEND_ERR_NOT_TEND : store_status_db(s->db, rc);
	if (app == 0) {
		rc = query_int(s->db, "SELECT count(*) FROM sqlite_schema", &nobj);
		if (rc != SQLITE_OK)
			return store_status_db(s->db, rc);
		if (nobj != 0 || uv != 0)
			return TEND_ERR_NOT_TEND;
		*empty = true;
		return TEND_OK;
	}
	if (app != STORE_APPLICATION_ID || uv < 0)
		return TEND_ERR_NOT_TEND;
	if (uv > STORE_SCHEMA_VERSION)
		return TEND_ERR_TOO_NEW;
	*version = uv;
	return TEND_OK;
}

/* Sets the connection's pragmas for writing.
 *
 * Syncs. A `tend write` makes five fdatasync calls, as the sqlite3 tool
 * does for the same insert, and each is what durability needs:
 * 1. the new log's header: the log (-wal) goes away when the last tend
 *    closes, so each first write starts one;
 * 2. the folder, once, for the new log's name (else a crash could lose the
 *    file and the commit in it);
 * 3. the commit (synchronous = FULL): when tend says "saved", the words are
 *    on the disk, not in a cache a power cut empties (NORMAL would wait for
 *    the next checkpoint, minutes away while the screens are open);
 * 4. and 5. the checkpoint as the last tend closes: the log, then the main
 *    file once the log is copied in, before the log is emptied, so that
 *    tend.db alone holds everything (a couple who copy it copy it all) and
 *    secure_delete's zeroed bytes reach it.
 * While the screens stay open, a save costs the commit's sync alone (the
 * first one 1 to 3 as well). */
static enum tend_status set_pragmas(struct store *s)
{
	sqlite3_stmt *q;
	const unsigned char *mode;
	bool wal;
	int rc;

	rc = sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = WAL", -1, &q, NULL);
	if (rc != SQLITE_OK)
		return store_status_db(s->db, rc);
	rc = sqlite3_step(q);
	mode = rc == SQLITE_ROW ? sqlite3_column_text(q, 0) : NULL;
	wal = mode && strcmp((const char *)mode, "wal") == 0;
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW)
		return store_status_db(s->db, rc);
	if (!wal)
		return TEND_ERR_DB;
	rc = sqlite3_exec(s->db,
	                  "PRAGMA synchronous = FULL;"
	                  "PRAGMA secure_delete = ON;"
	                  "PRAGMA temp_store = MEMORY;"
	                  "PRAGMA foreign_keys = ON;",
	                  NULL, NULL, NULL);
	return store_status_db(s->db, rc);
}

/* Brings the schema from version `from` up to STORE_SCHEMA_VERSION, one
 * transaction per step; each step also stamps application_id and
 * user_version. Re-reads the version inside each transaction, so a second
 * tend migrating at the same moment is harmless. */
static enum tend_status migrate(struct store *s)
{
	char stamp[96];
	int64_t v;
	int rc;

	for (;;) {
		if ((rc = stmt_run(s, ST_BEGIN)) != SQLITE_OK)
			return store_status_db(s->db, rc);
		if ((rc = query_int(s->db, "PRAGMA user_version", &v)) != SQLITE_OK)
			goto fail;
		if (v >= STORE_SCHEMA_VERSION || v < 0) {
			stmt_run(s, ST_ROLLBACK);
			if (v > STORE_SCHEMA_VERSION)
				return TEND_ERR_TOO_NEW;
			return v < 0 ? TEND_ERR_NOT_TEND : TEND_OK;
		}
		if ((rc = sqlite3_exec(s->db, store_migrations[v], NULL, NULL, NULL)) != SQLITE_OK)
			goto fail;
		snprintf(stamp, sizeof(stamp), "PRAGMA application_id = %d; PRAGMA user_version = %d;",
		         STORE_APPLICATION_ID, (int)v + 1);
		if ((rc = sqlite3_exec(s->db, stamp, NULL, NULL, NULL)) != SQLITE_OK)
			goto fail;
		if ((rc = stmt_run(s, ST_COMMIT)) != SQLITE_OK)
			goto fail;
	}
fail:
	if (!sqlite3_get_autocommit(s->db))
		stmt_run(s, ST_ROLLBACK);
	return store_status_db(s->db, rc);
}

/* Loads a copy of the `len` bytes of database image `img` into the empty
 * connection `db`. An image of a database in WAL mode says so in its
 * header (bytes 18 and 19 are 2), which a database in memory cannot be:
 * the copy says rollback journal instead. */
static enum tend_status image_load(sqlite3 *db, const uint8_t *img, size_t len)
{
	unsigned char *buf;
	int rc;

	if (len < 100 || len > (size_t)INT64_MAX || memcmp(img, "SQLite format 3", 16) != 0)
		return TEND_ERR_NOT_TEND;
	if (!(buf = sqlite3_malloc64(len)))
		return TEND_ERR_NOMEM;
	memcpy(buf, img, len);
	if (buf[18] == 2 && buf[19] == 2)
		buf[18] = buf[19] = 1;
	/* On failure SQLite frees buf itself (FREEONCLOSE). */
	rc = sqlite3_deserialize(db, "main", buf, (sqlite3_int64)len, (sqlite3_int64)len,
	                         SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE);
	return rc == SQLITE_OK ? TEND_OK : store_status_db(db, rc);
}

/* How open_common opens: a file for writing, a file for reading only,
 * or an image in memory. */
enum open_mode { OPEN_WRITE, OPEN_READ, OPEN_IMAGE };

/* A big-endian u32 of SQLite's header. */
static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Judges the file at `path` from SQLite's 100-byte header, read by tend
 * itself before SQLite opens it, so that a file tend refuses (someone
 * else's, a newer tend's, one whose header is impossible) gets no -wal or
 * -shm beside it: *absent when there is no file, *current when the header
 * is tend's at this tend's schema version. user_version is bytes 60..63,
 * application_id bytes 68..71. The header of the main file can lag behind a
 * write-ahead log; what it lacks SQLite's own check finds later. */
static enum tend_status header_check(const char *path, bool *absent, bool *current)
{
	uint8_t h[100];
	struct stat sb;
	uint32_t app, pagesize;
	int32_t uv;
	ssize_t n;
	int fd, e;

	*absent = *current = false;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) < 0) {
		if (errno == ENOENT) {
			*absent = true;
			return TEND_OK;
		}
		return tend_status_errno(errno);
	}
	if (fstat(fd, &sb) != 0) {
		e = errno;
		close(fd);
		return tend_status_errno(e);
	}
	if (!S_ISREG(sb.st_mode)) {
		close(fd);
		return TEND_ERR_NOT_TEND;
	}
	do /* read(2), not pread(2): the file was just opened at its start */
		n = read(fd, h, sizeof(h));
	while (n < 0 && errno == EINTR);
	e = errno;
	close(fd);
	if (n < 0)
		return tend_status_errno(e);
	if (sb.st_size == 0)
		return TEND_OK; /* empty: tend may take it */
	if ((size_t)n < sizeof(h) || memcmp(h, "SQLite format 3", 16) != 0)
		return TEND_ERR_NOT_TEND;
	pagesize = (uint32_t)h[16] << 8 | h[17];
	if (pagesize == 1)
		pagesize = 65536;
	if (pagesize < 512 || (pagesize & (pagesize - 1)) != 0)
		return TEND_ERR_CORRUPT;
	uv = (int32_t)be32(h + 60);
	app = be32(h + 68);
	if (app == 0) /* an empty database is tend's to take: check_identity */
		return uv == 0 ? TEND_OK : TEND_ERR_NOT_TEND;
	if (app != STORE_APPLICATION_ID || uv < 0)
		return TEND_ERR_NOT_TEND;
	*current = uv == STORE_SCHEMA_VERSION;
	return uv > STORE_SCHEMA_VERSION ? TEND_ERR_TOO_NEW : TEND_OK;
}

/* Whether `path` with `suffix` ("-wal", "-shm") exists; *size gets its size. */
static bool side_exists(const char *path, const char *suffix, off_t *size)
{
	char p[PATH_MAX];
	struct stat sb;
	int n = snprintf(p, sizeof(p), "%s%s", path, suffix);

	*size = 0;
	if (n < 0 || (size_t)n >= sizeof(p) || stat(p, &sb) != 0)
		return false;
	*size = sb.st_size;
	return true;
}

/* Whether the file at `path` is as `before` found it (the same inode, size
 * and modification time) with still no -wal or -shm beside it. */
static bool unchanged_since(const char *path, const struct stat *before)
{
	struct stat now;
	off_t size;

	return stat(path, &now) == 0 && now.st_ino == before->st_ino &&
	       now.st_dev == before->st_dev && now.st_size == before->st_size &&
	       now.st_mtim.tv_sec == before->st_mtim.tv_sec &&
	       now.st_mtim.tv_nsec == before->st_mtim.tv_nsec &&
	       !side_exists(path, "-wal", &size) && !side_exists(path, "-shm", &size);
}

/* Whether this process may write the file at `path` and the folder that
 * holds it (where SQLite keeps the -wal and -shm): TEND_OK, or how not
 * (TEND_ERR_READONLY for a read-only file, folder or mount). */
static enum tend_status writable(const char *path)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	size_t n;

	if (access(path, W_OK) != 0 && errno != ENOENT)
		return errno == EACCES || errno == EROFS ? TEND_ERR_READONLY
		                                         : tend_status_errno(errno);
	if (!slash) {
		strcpy(dir, ".");
	} else {
		n = slash == path ? 1 : (size_t)(slash - path);
		if (n >= sizeof(dir))
			return TEND_ERR_TOO_LONG;
		memcpy(dir, path, n);
		dir[n] = '\0';
	}
	if (access(dir, W_OK | X_OK) != 0)
		return errno == EACCES || errno == EROFS ? TEND_ERR_READONLY
		                                         : tend_status_errno(errno);
	return TEND_OK;
}

/* Writes into uri (of `size` bytes) the SQLite URI that opens `path` for
 * reading only and, with `immutable`, without locks and without looking
 * for a -wal or -shm, so nothing is created beside it. Every byte that is
 * not plainly safe in a URI is %-escaped. */
static enum tend_status ro_uri(const char *path, bool immutable, char *uri, size_t size)
{
	static const char hex[] = "0123456789ABCDEF";
	const char *tail = immutable ? "?mode=ro&immutable=1" : "?mode=ro";
	size_t len = 0;

	if (size < 6)
		return TEND_ERR_TOO_LONG;
	memcpy(uri, "file:", 5);
	len = 5;
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		bool plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		             (*p >= '0' && *p <= '9') || strchr("/-._~", *p);

		if (len + 3 >= size)
			return TEND_ERR_TOO_LONG;
		if (plain) {
			uri[len++] = (char)*p;
		} else {
			uri[len++] = '%';
			uri[len++] = hex[*p >> 4];
			uri[len++] = hex[*p & 15];
		}
	}
	if (len + strlen(tail) + 1 > size)
		return TEND_ERR_TOO_LONG;
	memcpy(uri + len, tail, strlen(tail) + 1);
	return TEND_OK;
}

/* How open_conn opens a file, beyond its mode (a set of these):
 * CONN_IMMUTABLE: for OPEN_READ, the file as it lies, creating nothing
 *   (see store_open_readonly);
 * CONN_RW: for OPEN_READ, open for writing but with writes refused
 *   (query_only), so that closing tidies the -wal and -shm away as any tend
 *   does;
 * CONN_TIDY: there was no -wal or -shm beside the file, and no probe judged
 *   it first (open_file): if the file turns out damaged, closing checkpoints
 *   (an empty log: nothing is written) so that SQLite takes away the -wal and
 *   -shm it made, unless another connection has come to use them. */
enum { CONN_IMMUTABLE = 1, CONN_RW = 2, CONN_TIDY = 4 };

/* Opens the connection for store_open, store_open_readonly and
 * store_open_image (`path` is then ":memory:" and the image `img` of `len`
 * bytes is loaded into it), as `how` says (CONN_*). On success *out is
 * owned (store_close); on failure nothing is left open. */
static enum tend_status open_conn(const char *path, enum open_mode mode, unsigned how,
                                  const uint8_t *img, size_t len, struct store **out)
{
	const bool rw = how & CONN_RW;
	char uri[PATH_MAX * 3 + 32];
	const char *name = path;
	struct store *s;
	enum tend_status ret;
	int64_t version;
	bool empty;
	int flags, rc;

	*out = NULL;
	if (mode == OPEN_READ && rw) {
		flags = SQLITE_OPEN_READWRITE;
	} else if (mode == OPEN_READ) {
		if ((ret = ro_uri(path, how & CONN_IMMUTABLE, uri, sizeof(uri))) != TEND_OK)
			return ret;
		name = uri;
		flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_URI;
	} else if (mode == OPEN_WRITE) {
		flags = SQLITE_OPEN_READWRITE;
	} else {
		flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY;
	}
	if (!(s = calloc(1, sizeof(*s))))
		return TEND_ERR_NOMEM;
	s->lock_fd = -1;
	s->image = mode == OPEN_IMAGE;
	store_config();
	rc = sqlite3_open_v2(name, &s->db, flags | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		ret = s->db ? store_status_db(s->db, sqlite3_extended_errcode(s->db))
		            : TEND_ERR_NOMEM;
		goto fail;
	}
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, STORE_BUSY_MS);
	/* A small page cache (SQLite's default is 2 MiB): tend reads its
	 * records in one pass, so a long journal is read through it rather
	 * than into it. */
	sqlite3_exec(s->db, "PRAGMA cache_size = -256", NULL, NULL, NULL);
	/* Until the file is known to be ours, closing must not checkpoint. */
	sqlite3_db_config(s->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	sqlite3_db_config(s->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(s->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	sqlite3_db_config(s->db, SQLITE_DBCONFIG_DQS_DDL, 0, NULL);
	sqlite3_db_config(s->db, SQLITE_DBCONFIG_DQS_DML, 0, NULL);
	if (mode == OPEN_IMAGE && (ret = image_load(s->db, img, len)) != TEND_OK)
		goto fail;

	if ((ret = check_identity(s, &version, &empty)) != TEND_OK)
		goto fail;
	if (mode != OPEN_WRITE && (empty || version == 0)) {
		ret = TEND_ERR_NOT_SETUP;
		goto fail;
	}
	if (mode == OPEN_READ) {
		rc = sqlite3_exec(s->db, "PRAGMA query_only = ON; PRAGMA temp_store = MEMORY;",
		                  NULL, NULL, NULL);
		if ((ret = store_status_db(s->db, rc)) != TEND_OK)
			goto fail;
		s->version = version;
	} else {
		sqlite3_db_config(s->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, NULL);
		if (mode == OPEN_WRITE && (ret = set_pragmas(s)) != TEND_OK)
			goto fail;
		if (mode == OPEN_IMAGE &&
		    (ret = store_status(sqlite3_exec(s->db, "PRAGMA foreign_keys = ON;", NULL, NULL,
		                                  NULL))) != TEND_OK)
			goto fail;
		if ((ret = migrate(s)) != TEND_OK)
			goto fail;
		s->version = STORE_SCHEMA_VERSION;
	}
	/* Preparing a statement parses the whole schema: a damaged one shows
	 * now rather than at the first read. */
	{
		sqlite3_stmt *q;

		rc = stmt_take(s, ST_SETTING_GET, &q);
		stmt_give(s, ST_SETTING_GET, q);
		if ((ret = store_status_db(s->db, rc)) != TEND_OK)
			goto fail;
	}
	/* A file of ours opened for reading by a connection that may write:
	 * closing it last checkpoints and removes the -wal and -shm. */
	if (mode == OPEN_READ && rw)
		sqlite3_db_config(s->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, NULL);
	*out = s;
	return TEND_OK;
fail:
	if (s->db)
		sqlite3_db_config(s->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
		                  (how & CONN_TIDY) && ret == TEND_ERR_CORRUPT ? 0 : 1, NULL);
	store_close(s);
	return ret;
}

/* Opens a file for store_open or store_open_readonly. Before SQLite sees
 * it, its header is judged (header_check), so a file tend refuses is left
 * alone with nothing beside it. Then, when no other tend has it open (no
 * -wal, no -shm):
 * - a file whose header is tend's at this version goes straight to the real
 *   connection: should SQLite then find it damaged, that connection takes
 *   away the -wal and -shm it made (CONN_TIDY), and the one schema parse is
 *   all an ordinary open costs (tend write runs often, as a whole process);
 * - any other (empty, or an older tend's still to migrate, or a file that
 *   can only be read) is first read once by SQLite without creating
 *   anything (immutable) to judge the rest.
 * The real connection is chosen for what the file and its folder allow
 * (see store_open_readonly). */
static enum tend_status open_file(const char *path, enum open_mode mode, struct store **out)
{
	struct store *probe = NULL;
	enum tend_status ret, can_write;
	off_t wal_size, shm_size;
	bool absent, current, wal, shm;
	unsigned tidy = 0;

	if (!path || !out)
		return TEND_ERR_INVALID;
	*out = NULL;
	if ((ret = header_check(path, &absent, &current)) != TEND_OK)
		return ret;
	if (absent && mode == OPEN_READ)
		return TEND_ERR_NOT_SETUP;
	can_write = writable(path);
	if (mode == OPEN_WRITE && can_write != TEND_OK)
		return can_write;
	if (absent)
		return (ret = create_file(path)) != TEND_OK ? ret
		                                           : open_conn(path, mode, 0, NULL, 0, out);
	wal = side_exists(path, "-wal", &wal_size);
	shm = side_exists(path, "-shm", &shm_size);
	if (!wal && !shm && current && can_write == TEND_OK) {
		tidy = CONN_TIDY;
	} else if (!wal && !shm) {
		struct stat before;
		bool stat_ok = stat(path, &before) == 0;

		ret = open_conn(path, OPEN_READ, CONN_IMMUTABLE, NULL, 0, &probe);
		/* an empty file is tend's to set up: only writing may take it */
		if (ret == TEND_ERR_NOT_SETUP && mode == OPEN_WRITE)
			ret = TEND_OK;
		/* The probe takes no lock: a refusal counts only if no other tend
		 * opened or changed the file meanwhile (its own -wal and -shm
		 * would show, its checkpoint change the file). Otherwise the
		 * connection below, with SQLite's locks, judges it again. */
		if (ret != TEND_OK && stat_ok && !unchanged_since(path, &before))
			ret = TEND_OK;
		else if (ret != TEND_OK)
			return ret;
		/* reading what cannot be written: the probe is the connection */
		if (probe && mode == OPEN_READ && can_write != TEND_OK) {
			*out = probe;
			return TEND_OK;
		}
		store_close(probe);
	}
	if (mode == OPEN_WRITE)
		return open_conn(path, mode, tidy, NULL, 0, out);
	if (can_write == TEND_OK)
		return open_conn(path, mode, CONN_RW | tidy, NULL, 0, out);
	/* A -wal or -shm is there but cannot be written: a log holding
	 * writes needs SQLite's ordinary reading, and that its -shm (which
	 * cannot be made here); an empty log holds nothing, and the file is
	 * read as it lies. */
	if (wal && wal_size > 0 && !shm)
		return TEND_ERR_WAL_READONLY;
	return open_conn(path, mode, !wal || wal_size == 0 ? CONN_IMMUTABLE : 0, NULL, 0, out);
}

enum tend_status store_open(const char *path, struct store **out)
{
	return open_file(path, OPEN_WRITE, out);
}

enum tend_status store_open_readonly(const char *path, struct store **out)
{
	return open_file(path, OPEN_READ, out);
}

enum tend_status store_open_image(const uint8_t *img, size_t len, struct store **out)
{
	if (!img && len)
		return TEND_ERR_INVALID;
	if (!out)
		return TEND_ERR_INVALID;
	return open_conn(":memory:", OPEN_IMAGE, 0, img, len, out);
}

sqlite3 *store_db(struct store *s)
{
	return s->db;
}

void store_release(struct store *s)
{
	if (!s || !s->db || !sqlite3_get_autocommit(s->db))
		return; /* in a transaction: later */
	for (size_t i = 0; i < ST_COUNT; i++)
		if (s->stmt[i] && !sqlite3_stmt_busy(s->stmt[i])) {
			sqlite3_finalize(s->stmt[i]);
			s->stmt[i] = NULL;
		}
	sqlite3_db_release_memory(s->db);
}

void store_close(struct store *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(s->stmt[i]);
	for (size_t w = 0; w < WALK_KINDS; w++)
		for (size_t i = 0; i < FILTER_SHAPES; i++)
			sqlite3_finalize(s->entry_q[w][i]);
	/* rolls back an open transaction; checkpoints and removes the WAL
	 * when this was the last connection */
	sqlite3_close_v2(s->db);
	if (s->lock_fd >= 0)
		close(s->lock_fd);
	free(s);
}

/* s->lock_fd, opened on the database file when it is not yet (it stays
 * open until store_close, see lock_fd); false when it cannot be. */
static bool lock_fd_open(struct store *s)
{
	const char *path;

	if (s->lock_fd >= 0)
		return true;
	path = sqlite3_db_filename(s->db, "main");
	if (!path || !*path)
		return false;
	return (s->lock_fd = open(path, O_RDONLY | O_CLOEXEC)) >= 0;
}

/* The lock is a flock(2) on a second descriptor of the database file itself:
 * no extra file, and independent of SQLite's fcntl(2) locks on Linux. A
 * lock held by store_session_held (a status line looking, for a few
 * microseconds) is waited for, up to SESSION_WAIT_MS; a screen's is not
 * let go so soon, and is said at once after that. */
#define SESSION_WAIT_MS 50
enum tend_status store_lock_session(struct store *s)
{
	int waited = 0;

	if (!s)
		return TEND_ERR_INVALID;
	if (!lock_fd_open(s))
		return TEND_ERR_IO;
	while (flock(s->lock_fd, LOCK_EX | LOCK_NB) != 0) {
		struct timespec ms = { 0, 1000000 };

		if (errno == EINTR)
			continue;
		if (errno != EWOULDBLOCK)
			return TEND_ERR_IO;
		if (waited++ >= SESSION_WAIT_MS)
			return TEND_ERR_BUSY;
		nanosleep(&ms, NULL);
	}
	s->session = true;
	return TEND_OK;
}

/* A shared flock fails at once while a screen holds its exclusive one;
 * taken, it is let go at once. */
enum tend_status store_session_held(struct store *s, bool *held)
{
	*held = false;
	if (!s)
		return TEND_ERR_INVALID;
	if (s->session) {
		*held = true;
		return TEND_OK;
	}
	if (s->image)
		return TEND_OK; /* a snapshot in memory is nobody's screen */
	if (!lock_fd_open(s))
		return TEND_ERR_IO;
	while (flock(s->lock_fd, LOCK_SH | LOCK_NB) != 0) {
		if (errno == EINTR)
			continue;
		if (errno != EWOULDBLOCK)
			return TEND_ERR_IO;
		*held = true;
		return TEND_OK;
	}
	flock(s->lock_fd, LOCK_UN);
	return TEND_OK;
}

enum tend_status store_begin(struct store *s)
{
	return store_status_db(s->db, stmt_run(s, ST_BEGIN));
}

enum tend_status store_read_begin(struct store *s)
{
	return store_status_db(s->db, stmt_run(s, ST_BEGIN_READ));
}

void store_read_end(struct store *s)
{
	if (s && !sqlite3_get_autocommit(s->db))
		stmt_run(s, ST_COMMIT); /* nothing was written: nothing to keep or lose */
}

enum tend_status store_commit(struct store *s)
{
	int rc = stmt_run(s, ST_COMMIT);
	enum tend_status ret = store_status_db(s->db, rc);

	if (rc != SQLITE_OK)
		store_rollback(s);
	return ret;
}

void store_rollback(struct store *s)
{
	if (s && !sqlite3_get_autocommit(s->db))
		stmt_run(s, ST_ROLLBACK);
}

void store_blob_clear(struct store_blob *b)
{
	if (!b)
		return;
	if (b->data) {
		explicit_bzero(b->data, b->len);
		free(b->data);
	}
	b->data = NULL;
	b->len = 0;
}

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

/* Steps a statement that writes a row and returns nothing. */
static int step_write(sqlite3_stmt *q)
{
	int rc = sqlite3_step(q);

	return rc == SQLITE_DONE ? SQLITE_OK : rc;
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

/* Binds the CHECKIN_COLS of `c` to ?1..?16; `cards` is scratch space for
 * the encoded card ids and must outlive the step. */
static enum tend_status checkin_bind(sqlite3_stmt *q, const struct store_checkin *c,
                                     uint8_t cards[STORE_MAX_CARDS * CARD_BYTES])
{
	/* the numbers, by parameter; ?3 (plan) and ?16 (cards) bound after */
	const int64_t num[CHECKIN_NCOLS + 1] = {
		[1] = c->night, [2] = c->started, [4] = c->planned_s, [5] = c->ran_s,
		[6] = c->first, [7] = c->pillars, [8] = c->counted ? 1 : 0,
		[9] = c->state, [10] = c->step, [11] = c->step_left_ms,
		[12] = c->step_len_ms, [13] = c->ran_ms, [14] = c->confirmed,
		[15] = c->phase, [17] = c->ended, [18] = c->topic,
	};
	int rc = SQLITE_OK;

	if (c->ncards < 0 || c->ncards > STORE_MAX_CARDS ||
	    !memchr(c->plan, '\0', sizeof(c->plan)) ||
	    (c->state != STORE_CHECKIN_DRAFT && c->state != STORE_CHECKIN_DONE) ||
	    c->ended < STORE_ENDED_PLAN || c->ended > STORE_ENDED_TIMEOUT || c->topic < 0)
		return TEND_ERR_INVALID;
	for (int i = 0; i < c->ncards; i++) {
		uint32_t v = c->cards[i];

		cards[i * CARD_BYTES + 0] = (uint8_t)(v & 0xff);
		cards[i * CARD_BYTES + 1] = (uint8_t)((v >> 8) & 0xff);
		cards[i * CARD_BYTES + 2] = (uint8_t)((v >> 16) & 0xff);
		cards[i * CARD_BYTES + 3] = (uint8_t)((v >> 24) & 0xff);
	}
	for (int i = 1; i <= CHECKIN_NCOLS && rc == SQLITE_OK; i++)
		if (i != 3 && i != 16)
			rc = sqlite3_bind_int64(q, i, num[i]);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(q, 3, c->plan, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = bind_blob(q, 16, cards, (size_t)c->ncards * CARD_BYTES, false);
	return store_status(rc);
}

/* Reads a row of "SELECT id, CHECKIN_COLS" into *c. */
static enum tend_status checkin_read(sqlite3 *db, sqlite3_stmt *q, struct store_checkin *c)
{
	struct store_blob cards;
	enum tend_status ret;
	const unsigned char *plan;
	int n;

	memset(c, 0, sizeof(*c));
	c->id = sqlite3_column_int64(q, 0);
	c->night = column_night(q, 1);
	c->started = column_i64_in(q, 2, TIME_FIRST, TIME_LAST);
	plan = sqlite3_column_text(q, 3);
	n = sqlite3_column_bytes(q, 3);
	if (!plan)
		return (sqlite3_errcode(db) & 0xff) == SQLITE_NOMEM ? TEND_ERR_NOMEM
		                                                    : TEND_ERR_CORRUPT;
	if ((size_t)n >= sizeof(c->plan))
		return TEND_ERR_CORRUPT;
	memcpy(c->plan, plan, (size_t)n);
	c->plan[n] = '\0';
	c->planned_s = column_int_in(q, 4, 0, SECONDS_LAST);
	c->ran_s = column_int_in(q, 5, 0, SECONDS_LAST);
	c->first = column_int_in(q, 6, 0, 1);
	c->pillars = column_pillars(q, 7);
	c->counted = sqlite3_column_int64(q, 8) != 0;
	/* the queries pick drafts and saved ones by state; only a read by id
	 * meets another, and a check-in that is not a draft is saved */
	c->state = sqlite3_column_int64(q, 9) == STORE_CHECKIN_DRAFT ? STORE_CHECKIN_DRAFT
	                                                           : STORE_CHECKIN_DONE;
	/* -1 says "damaged, start over"; STORE_MAX_CARDS "past the end". */
	c->step = column_int_in(q, 10, -1, STORE_MAX_CARDS);
	c->step_left_ms = column_i64_in(q, 11, 0, SECONDS_LAST * INT64_C(1000));
	c->step_len_ms = column_i64_in(q, 12, 0, SECONDS_LAST * INT64_C(1000));
	c->ran_ms = column_i64_in(q, 13, 0, SECONDS_LAST * INT64_C(1000));
	/* one bit per step: bits past the last step mean nothing */
	c->confirmed = (unsigned)((uint64_t)sqlite3_column_int64(q, 14) & UINT_MAX);
	c->phase = column_int_in(q, 15, -1, INT_SANE);
	if ((ret = column_blob_borrow(q, 16, &cards)) != TEND_OK)
		return ret;
	if (cards.len % CARD_BYTES != 0 || cards.len / CARD_BYTES > STORE_MAX_CARDS)
		return TEND_ERR_CORRUPT;
	c->ncards = (int)(cards.len / CARD_BYTES);
	for (int i = 0; i < c->ncards; i++) {
		const uint8_t *b = cards.data + (size_t)i * CARD_BYTES;

		c->cards[i] = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
		              (uint32_t)b[3] << 24;
	}
	/* damage: the least generous reading */
	c->ended = column_int_or(q, 17, STORE_ENDED_PLAN, STORE_ENDED_TIMEOUT, STORE_ENDED_EARLY);
	c->topic = column_i64_in(q, 18, 0, INT64_MAX);
	return TEND_OK;
}

enum tend_status store_checkin_insert(struct store *s, struct store_checkin *c)
{
	uint8_t cards[STORE_MAX_CARDS * CARD_BYTES];
	enum tend_status ret;
	sqlite3_stmt *q;
	int rc;

	if (!c)
		return TEND_ERR_INVALID;
	if ((rc = stmt_take(s, ST_CHECKIN_INSERT, &q)) != SQLITE_OK)
		return store_status_db(s->db, rc);
	if ((ret = checkin_bind(q, c, cards)) == TEND_OK &&
	    (ret = store_status_db(s->db, step_write(q))) == TEND_OK)
		c->id = sqlite3_last_insert_rowid(s->db);
	stmt_give(s, ST_CHECKIN_INSERT, q);
	return ret;
}

enum tend_status store_checkin_update(struct store *s, const struct store_checkin *c)
{
	uint8_t cards[STORE_MAX_CARDS * CARD_BYTES];
	enum tend_status ret;
	sqlite3_stmt *q;
	int rc;

	if (!c)
		return TEND_ERR_INVALID;
	if ((rc = stmt_take(s, ST_CHECKIN_UPDATE, &q)) != SQLITE_OK)
		return store_status_db(s->db, rc);
	if ((ret = checkin_bind(q, c, cards)) == TEND_OK &&
	    (ret = store_status(sqlite3_bind_int64(q, 19, c->id))) == TEND_OK &&
	    (ret = store_status_db(s->db, step_write(q))) == TEND_OK && sqlite3_changes(s->db) == 0)
		ret = TEND_ERR_NOT_FOUND;
	stmt_give(s, ST_CHECKIN_UPDATE, q);
	return ret;
}

/* Runs check-in query `id` (bound to `key` when it takes one) and reads its
 * first row into *out; TEND_ERR_NOT_FOUND when there is none. */
static enum tend_status checkin_one(struct store *s, enum stmt_id id, bool has_key,
                                    int64_t key, struct store_checkin *out)
{
	enum tend_status ret;
	sqlite3_stmt *q;
	int rc;

	if (!out)
		return TEND_ERR_INVALID;
	if ((rc = stmt_take(s, id, &q)) != SQLITE_OK)
		return store_status_db(s->db, rc);
	if (has_key && (rc = sqlite3_bind_int64(q, 1, key)) != SQLITE_OK) {
		ret = store_status_db(s->db, rc);
		goto out;
	}
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		ret = checkin_read(s->db, q, out);
	else if (rc == SQLITE_DONE)
		ret = TEND_ERR_NOT_FOUND;
	else
		ret = store_status_db(s->db, rc);
out:
	stmt_give(s, id, q);
	return ret;
}

enum tend_status store_checkin_get(struct store *s, int64_t id, struct store_checkin *out)
{
	return checkin_one(s, ST_CHECKIN_GET, true, id, out);
}

enum tend_status store_checkin_draft(struct store *s, struct store_checkin *out)
{
	return checkin_one(s, ST_CHECKIN_DRAFT, false, 0, out);
}

/* Runs fixed statement `id` with ?1 = `key`, a delete; *changes gets the
 * number of rows it removed (not counting cascades). */
static enum tend_status delete_by(struct store *s, enum stmt_id id, int64_t key, int *changes)
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

/* Entries go with it through ON DELETE CASCADE. */
enum tend_status store_checkin_delete(struct store *s, int64_t id)
{
	enum tend_status ret;
	int n = 0;

	if ((ret = delete_by(s, ST_CHECKIN_DELETE, id, &n)) != TEND_OK)
		return ret;
	return n == 0 ? TEND_ERR_NOT_FOUND : TEND_OK;
}

enum tend_status store_night_delete(struct store *s, tend_night night, int *n)
{
	int changes = 0;
	enum tend_status ret = delete_by(s, ST_NIGHT_DELETE, night, &changes);

	if (n)
		*n = changes;
	return ret;
}

/* Calls fn for each row of the check-in query q until it returns non-zero. */
static enum tend_status checkin_rows(struct store *s, sqlite3_stmt *q,
                                     int (*fn)(const struct store_checkin *c, void *ctx),
                                     void *ctx)
{
	struct store_checkin c;
	enum tend_status ret;
	int rc;

	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if ((ret = checkin_read(s->db, q, &c)) != TEND_OK)
			return ret;
		if (fn(&c, ctx) != 0)
			return TEND_OK;
	}
	return store_status_db(s->db, rc);
}

enum tend_status store_checkin_each(struct store *s, size_t limit,
                                    int (*fn)(const struct store_checkin *c, void *ctx),
                                    void *ctx)
{
	enum tend_status ret = TEND_OK;
	sqlite3_stmt *q;
	int rc;

	if (!fn)
		return TEND_ERR_INVALID;
	if ((rc = stmt_take(s, ST_CHECKIN_EACH, &q)) != SQLITE_OK)
		return store_status_db(s->db, rc);
	rc = sqlite3_bind_int64(q, 1, limit == 0 || limit > INT64_MAX ? -1 : (int64_t)limit);
	if (rc != SQLITE_OK) {
		ret = store_status_db(s->db, rc);
		goto out;
	}
	ret = checkin_rows(s, q, fn, ctx);
out:
	stmt_give(s, ST_CHECKIN_EACH, q);
	return ret;
}

enum tend_status store_checkin_all(struct store *s,
                                   int (*fn)(const struct store_checkin *c, void *ctx),
                                   void *ctx)
{
	enum tend_status ret;
	sqlite3_stmt *q;
	int rc;

	if (!fn)
		return TEND_ERR_INVALID;
	if ((rc = stmt_take(s, ST_CHECKIN_ALL, &q)) != SQLITE_OK)
		return store_status_db(s->db, rc);
	ret = checkin_rows(s, q, fn, ctx);
	stmt_give(s, ST_CHECKIN_ALL, q);
	return ret;
}

enum tend_status store_checkin_page(struct store *s, const struct store_checkin_key *from,
                                    bool older, size_t limit,
                                    int (*fn)(const struct store_checkin *c, void *ctx),
                                    void *ctx)
{
	enum stmt_id id = older ? ST_CHECKIN_OLDER : ST_CHECKIN_NEWER;
	enum tend_status ret = TEND_OK;
	sqlite3_stmt *q;
	int rc;

	if (!fn || limit == 0 || limit > INT32_MAX)
		return TEND_ERR_INVALID;
	if ((rc = stmt_take(s, id, &q)) != SQLITE_OK)
		return store_status_db(s->db, rc);
	/* No key: from beyond either end of every night there can be. */
	if ((rc = sqlite3_bind_int64(q, 1, from ? (int64_t)from->night
	                                        : older ? INT64_MAX : INT64_MIN)) != SQLITE_OK ||
	    (rc = sqlite3_bind_int64(q, 2, from ? from->id : older ? INT64_MAX : INT64_MIN)) !=
	        SQLITE_OK ||
	    (rc = sqlite3_bind_int64(q, 3, (int64_t)limit)) != SQLITE_OK) {
		ret = store_status_db(s->db, rc);
		goto out;
	}
	ret = checkin_rows(s, q, fn, ctx);
out:
	stmt_give(s, id, q);
	return ret;
}

/* How many saved check-ins fall on nights lo..hi, into *n. */
static int checkin_count(struct store *s, int64_t lo, int64_t hi, int64_t *n)
{
	sqlite3_stmt *q;
	int rc;

	*n = 0;
	if ((rc = stmt_take(s, ST_CHECKIN_SAVED, &q)) != SQLITE_OK)
		return rc;
	if ((rc = sqlite3_bind_int64(q, 1, lo)) == SQLITE_OK &&
	    (rc = sqlite3_bind_int64(q, 2, hi)) == SQLITE_OK &&
	    (rc = sqlite3_step(q)) == SQLITE_ROW) {
		*n = column_i64_in(q, 0, 0, INT_SANE);
		rc = SQLITE_OK;
	}
	stmt_give(s, ST_CHECKIN_SAVED, q);
	return rc;
}

/* The nights up to the kept walk's come counted with it, so only those
 * since are counted here: the history's length costs what those do. */
enum tend_status store_checkin_saved(struct store *s, size_t *n)
{
	struct store_fold kept;
	int64_t since = 0;
	int rc;

	if (!n)
		return TEND_ERR_INVALID;
	*n = 0;
	if (store_fold_get(s, &kept) != TEND_OK)
		kept = (struct store_fold){ .upto = NIGHT_FIRST - 1, .saved = 0 };
	if ((rc = checkin_count(s, (int64_t)kept.upto + 1, NIGHT_LAST, &since)) != SQLITE_OK)
		return store_status_db(s->db, rc);
	*n = (size_t)(kept.saved + since);
	return TEND_OK;
}

/* SQLite has no bitwise-or aggregate, so the rows come ordered by night and
 * each night's rows are folded here. */
enum tend_status store_nights(struct store *s, int64_t after, struct store_night **out,
                              size_t *n)
{
	struct store_night *a = NULL;
	size_t len = 0, cap = 0;
	enum tend_status ret = TEND_OK;
	sqlite3_stmt *q;
	int rc;

	if (!out || !n)
		return TEND_ERR_INVALID;
	*out = NULL;
	*n = 0;
	if ((rc = stmt_take(s, ST_NIGHTS, &q)) != SQLITE_OK)
		return store_status_db(s->db, rc);
	if ((rc = sqlite3_bind_int64(q, 1, after)) != SQLITE_OK) {
		ret = store_status_db(s->db, rc);
		goto out;
	}
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		tend_night night = column_night(q, 0);
		bool counted = sqlite3_column_int64(q, 1) != 0;
		/* A pillar ticked at a check-in that did not count earns nothing. */
		pillar_set p = counted ? column_pillars(q, 2) : 0;
		bool timeout = sqlite3_column_int64(q, 3) == STORE_ENDED_TIMEOUT;

		if (len > 0 && a[len - 1].night == night) {
			a[len - 1].counted = a[len - 1].counted || counted;
			a[len - 1].pillars |= p;
			a[len - 1].timeout = a[len - 1].timeout || timeout;
			continue;
		}
		if ((ret = mem_grow((void **)&a, &cap, len, sizeof(*a))) != TEND_OK)
			goto out;
		a[len].night = night;
		a[len].counted = counted;
		a[len].pillars = p;
		a[len].timeout = timeout;
		len++;
	}
	ret = store_status_db(s->db, rc);
out:
	stmt_give(s, ST_NIGHTS, q);
	if (ret != TEND_OK) {
		free(a);
		return ret;
	}
	*out = a;
	*n = len;
	return TEND_OK;
}

/* Zero ids (a step without a card) are left out. */
enum tend_status store_recent_cards(struct store *s, tend_night since,
                                    uint32_t **out, size_t *n)
{
	struct store_blob cards;
	uint32_t *a = NULL;
	size_t len = 0, cap = 0;
	enum tend_status ret = TEND_OK;
	sqlite3_stmt *q;
	int rc;

	if (!out || !n)
		return TEND_ERR_INVALID;
	*out = NULL;
	*n = 0;
	if ((rc = stmt_take(s, ST_RECENT_CARDS, &q)) != SQLITE_OK)
		return store_status_db(s->db, rc);
	if ((rc = sqlite3_bind_int64(q, 1, since)) != SQLITE_OK) {
		ret = store_status_db(s->db, rc);
		goto out;
	}
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if ((ret = column_blob_borrow(q, 0, &cards)) != TEND_OK)
			goto out;
		if (cards.len % CARD_BYTES != 0) {
			ret = TEND_ERR_CORRUPT;
			goto out;
		}
		for (size_t i = 0; i < cards.len; i += CARD_BYTES) {
			const uint8_t *b = cards.data + i;
			uint32_t v = (uint32_t)b[0] | (uint32_t)b[1] << 8 |
			             (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;

			if (v == 0)
				continue;
			if ((ret = mem_grow((void **)&a, &cap, len, sizeof(*a))) != TEND_OK)
				goto out;
			a[len++] = v;
		}
	}
	ret = store_status_db(s->db, rc);
out:
	stmt_give(s, ST_RECENT_CARDS, q);
	if (ret != TEND_OK) {
		free(a);
		return ret;
	}
	*out = a;
	*n = len;
	return TEND_OK;
}

enum tend_status store_rest_list(struct store *s, int64_t after, tend_night **out,
                                 size_t *n)
{
	tend_night *a = NULL;
	size_t len = 0, cap = 0;
	enum tend_status ret = TEND_OK;
	sqlite3_stmt *q;
	int rc;

	if (!out || !n)
		return TEND_ERR_INVALID;
	*out = NULL;
	*n = 0;
	if ((rc = stmt_take(s, ST_REST_LIST, &q)) != SQLITE_OK)
		return store_status_db(s->db, rc);
	if ((rc = sqlite3_bind_int64(q, 1, after)) != SQLITE_OK) {
		ret = store_status_db(s->db, rc);
		goto out;
	}
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if ((ret = mem_grow((void **)&a, &cap, len, sizeof(*a))) != TEND_OK)
			goto out;
		a[len++] = column_night(q, 0);
	}
	ret = store_status_db(s->db, rc);
out:
	stmt_give(s, ST_REST_LIST, q);
	if (ret != TEND_OK) {
		free(a);
		return ret;
	}
	*out = a;
	*n = len;
	return TEND_OK;
}

enum tend_status store_recent_endings(struct store *s, struct store_ending *out, size_t max,
                                      size_t *n)
{
	sqlite3_stmt *q;
	int rc;

	if (!out || !n)
		return TEND_ERR_INVALID;
	*n = 0;
	if ((rc = stmt_take(s, ST_RECENT_ENDINGS, &q)) != SQLITE_OK)
		return store_status_db(s->db, rc);
	rc = sqlite3_bind_int64(q, 1, (int64_t)max);
	while (rc == SQLITE_OK && *n < max && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		int ended = column_int_or(q, 1, STORE_ENDED_PLAN, STORE_ENDED_TIMEOUT,
		                          STORE_ENDED_EARLY);

		out[*n].counted = sqlite3_column_int64(q, 0) != 0;
		out[(*n)++].ended = ended;
		rc = SQLITE_OK;
	}
	stmt_give(s, ST_RECENT_ENDINGS, q);
	return store_status(rc == SQLITE_ROW ? SQLITE_OK : rc);
}

enum tend_status store_done_put(struct store *s, int64_t entry, tend_night night)
{
	sqlite3_stmt *q;
	int rc;

	if ((rc = stmt_take(s, ST_DONE_PUT, &q)) != SQLITE_OK)
		return store_status_db(s->db, rc);
	if ((rc = sqlite3_bind_int64(q, 1, entry)) == SQLITE_OK &&
	    (rc = sqlite3_bind_int64(q, 2, night)) == SQLITE_OK)
		rc = step_write(q);
	stmt_give(s, ST_DONE_PUT, q);
	return store_status_db(s->db, rc);
}

enum tend_status store_done_get(struct store *s, int64_t entry, bool *done)
{
	sqlite3_stmt *q;
	int rc;

	*done = false;
	if ((rc = stmt_take(s, ST_DONE_GET, &q)) != SQLITE_OK)
		return store_status_db(s->db, rc);
	if ((rc = sqlite3_bind_int64(q, 1, entry)) == SQLITE_OK) {
		rc = sqlite3_step(q);
		*done = rc == SQLITE_ROW;
		if (rc == SQLITE_ROW || rc == SQLITE_DONE)
			rc = SQLITE_OK;
	}
	stmt_give(s, ST_DONE_GET, q);
	return store_status_db(s->db, rc);
}

enum tend_status store_fold_get(struct store *s, struct store_fold *out)
{
	enum tend_status ret = TEND_OK;
	sqlite3_stmt *q;
	int rc, k = 0;

	if (!out)
		return TEND_ERR_INVALID;
	memset(out, 0, sizeof(*out));
	if (s->version < 4)
		return TEND_ERR_NOT_FOUND; /* a read-only copy from before */
	if ((rc = stmt_take(s, ST_FOLD_GET, &q)) != SQLITE_OK)
		return store_status_db(s->db, rc);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct streak_fold *f;
		int64_t upto = sqlite3_column_int64(q, 1);

		int saved = column_int_or(q, 7, 0, INT_SANE, -1);

		/* kinds 0..5 in order, one upto and one count for all, each
		 * number an int */
		if (k >= STORE_FOLDS || sqlite3_column_int64(q, 0) != k || upto < NIGHT_FIRST ||
		    upto > NIGHT_LAST || saved < 0 ||
		    (k > 0 && (upto != out->upto || saved != out->saved))) {
			ret = TEND_ERR_NOT_FOUND;
			goto out;
		}
		out->upto = (tend_night)upto;
		out->saved = saved;
		f = &out->f[k++];
		f->seen = sqlite3_column_int64(q, 2) != 0;
		f->prev = column_night(q, 3);
		f->run = column_int_or(q, 4, 0, INT_SANE, -1);
		f->longest = column_int_or(q, 5, 0, INT_SANE, -1);
		f->done = column_int_or(q, 6, 0, INT_SANE, -1);
		if (f->prev != sqlite3_column_int64(q, 3) || f->run < 0 || f->longest < 0 ||
		    f->done < 0) {
			ret = TEND_ERR_NOT_FOUND;
			goto out;
		}
	}
	ret = store_status_db(s->db, rc);
	if (ret == TEND_OK && k != STORE_FOLDS)
		ret = TEND_ERR_NOT_FOUND;
out:
	stmt_give(s, ST_FOLD_GET, q);
	if (ret != TEND_OK)
		memset(out, 0, sizeof(*out));
	return ret;
}

enum tend_status store_fold_put(struct store *s, const struct store_fold *in)
{
	enum tend_status ret;
	sqlite3_stmt *q;
	int64_t saved;
	int rc;

	if (!in)
		return TEND_ERR_INVALID;
	if (s->version < 4)
		return TEND_ERR_READONLY;
	if (!sqlite3_get_autocommit(s->db))
		return TEND_ERR_BUSY;
	if ((ret = store_begin(s)) != TEND_OK)
		return ret;
	if ((rc = stmt_run(s, ST_FOLD_CLEAR)) != SQLITE_OK ||
	    (rc = checkin_count(s, NIGHT_FIRST, in->upto, &saved)) != SQLITE_OK)
		goto fail;
	for (int k = 0; k < STORE_FOLDS; k++) {
		const struct streak_fold *f = &in->f[k];

		if ((rc = stmt_take(s, ST_FOLD_PUT, &q)) != SQLITE_OK)
			goto fail;
		if ((rc = sqlite3_bind_int(q, 1, k)) == SQLITE_OK &&
		    (rc = sqlite3_bind_int64(q, 2, in->upto)) == SQLITE_OK &&
		    (rc = sqlite3_bind_int(q, 3, f->seen)) == SQLITE_OK &&
		    (rc = sqlite3_bind_int64(q, 4, f->prev)) == SQLITE_OK &&
		    (rc = sqlite3_bind_int(q, 5, f->run)) == SQLITE_OK &&
		    (rc = sqlite3_bind_int(q, 6, f->longest)) == SQLITE_OK &&
		    (rc = sqlite3_bind_int(q, 7, f->done)) == SQLITE_OK &&
		    (rc = sqlite3_bind_int64(q, 8, saved)) == SQLITE_OK &&
		    (rc = sqlite3_step(q)) == SQLITE_DONE)
			rc = SQLITE_OK;
		stmt_give(s, ST_FOLD_PUT, q);
		if (rc != SQLITE_OK)
			goto fail;
	}
	return store_commit(s);
fail:
	ret = store_status_db(s->db, rc);
	store_rollback(s);
	return ret;
}

enum tend_status store_rest_add(struct store *s, tend_night night)
{
	sqlite3_stmt *q;
	int rc;

	if ((rc = stmt_take(s, ST_REST_ADD, &q)) != SQLITE_OK)
		return store_status_db(s->db, rc);
	if ((rc = sqlite3_bind_int64(q, 1, night)) == SQLITE_OK)
		rc = step_write(q);
	stmt_give(s, ST_REST_ADD, q);
	return store_status_db(s->db, rc);
}

enum tend_status store_rest_delete(struct store *s, tend_night night)
{
	enum tend_status ret;
	int n = 0;

	if ((ret = delete_by(s, ST_REST_DELETE, night, &n)) != TEND_OK)
		return ret;
	return n == 0 ? TEND_ERR_NOT_FOUND : TEND_OK;
}

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

enum tend_status store_pragma_int(struct store *s, const char *name, int64_t *value)
{
	char sql[64];
	int rc;

	if (!s || !name || !value || !*name || strlen(name) > 32)
		return TEND_ERR_INVALID;
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || *p == '_'))
			return TEND_ERR_INVALID;
	snprintf(sql, sizeof(sql), "PRAGMA %s", name);
	rc = query_int(s->db, sql, value);
	return rc == SQLITE_MISMATCH ? TEND_ERR_INVALID : store_status_db(s->db, rc);
}
