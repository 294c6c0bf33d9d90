/* store_internal.h: what the files of src/store share and nobody else sees:
 * struct store, the statements' ids, the helpers of stmt.c, the columns'
 * bounds.
 * Like every file of src/store, it may include sqlite3.h. */
#ifndef TEND_STORE_INTERNAL_H
#define TEND_STORE_INTERNAL_H

#include <sqlite3.h>

#include "tend/store.h"

#define CARD_BYTES 4 /* a card id in the cards blob: little-endian u32 */

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

#define INT_SANE (1 << 30) /* far beyond any length or count tend keeps */
#define TIME_FIRST INT64_C(-62135596800)
#define TIME_LAST INT64_C(253402300799)
/* A check-in lasts minutes; a week is far beyond any plan, and three times
 * it in milliseconds still fits an int64 many times over. */
#define SECONDS_LAST (7 * 24 * 3600)

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

/* The connection behind `s` (borrowed). */
sqlite3 *store_db(struct store *s);
/* The tend status for SQLite result code `rc` (extended codes on). */
enum tend_status store_status(int rc);
/* store_status, told more exactly by the errno SQLite last saw on `db`
 * (NULL: none): "cannot open" becomes permissions, a read-only file
 * system or an I/O error as the system said, and damage reported right
 * after a failed read an I/O error. */
enum tend_status store_status_db(sqlite3 *db, int rc);

/* stmt.c: the statements and their helpers (each described there). */
int stmt_get(struct store *s, sqlite3_stmt **slot, const char *sql, sqlite3_stmt **out);
void stmt_done(sqlite3_stmt **slot, sqlite3_stmt *q);
int stmt_take(struct store *s, enum stmt_id id, sqlite3_stmt **out);
void stmt_give(struct store *s, enum stmt_id id, sqlite3_stmt *q);
int stmt_run(struct store *s, enum stmt_id id);
int step_write(sqlite3_stmt *q);
enum tend_status delete_by(struct store *s, enum stmt_id id, int64_t key, int *changes);
int query_int(sqlite3 *db, const char *sql, int64_t *value);
int bind_blob(sqlite3_stmt *q, int i, const uint8_t *data, size_t len, bool null_if_empty);
enum tend_status column_blob_borrow(sqlite3_stmt *q, int col, struct store_blob *b);
enum tend_status column_blob_copy(sqlite3_stmt *q, int col, struct store_blob *b);
enum tend_status column_text_copy(sqlite3 *db, sqlite3_stmt *q, int col, char **out);
int64_t column_i64_in(sqlite3_stmt *q, int col, int64_t lo, int64_t hi);
int column_int_in(sqlite3_stmt *q, int col, int lo, int hi);
int column_int_or(sqlite3_stmt *q, int col, int lo, int hi, int bad);
tend_night column_night(sqlite3_stmt *q, int col);
pillar_set column_pillars(sqlite3_stmt *q, int col);

#endif
