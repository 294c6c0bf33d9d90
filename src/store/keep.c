/* keep.c: the whole file at once, for keeping it safe: a consistent
 * snapshot for backups, replacing everything with a restored one, a copy
 * beside it, SQLite's own checks, and emptying the write-ahead log after
 * something was forgotten. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store_internal.h"

/* Copies every page of `from`'s main database into `to`'s in one step: one
 * read transaction on `from`, so the copy is consistent. A lock another
 * process holds is waited for by the store's busy timeout, which each
 * connection of a file has. */
static int copy_pages(sqlite3 *to, sqlite3 *from)
{
	sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
	int rc;

	if (!b)
		return sqlite3_extended_errcode(to);
	rc = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

enum tend_status store_snapshot(struct store *s, uint8_t **img, size_t *len)
{
	sqlite3 *mem = NULL;
	sqlite3_int64 n = 0;
	unsigned char *data;
	int rc;

	if (!s || !img || !len)
		return TEND_ERR_INVALID;
	*img = NULL;
	*len = 0;
	if ((rc = sqlite3_open_v2(":memory:", &mem, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY,
	                          NULL)) != SQLITE_OK) {
		sqlite3_close(mem);
		return store_status(rc);
	}
	if ((rc = copy_pages(mem, store_db(s))) != SQLITE_OK) {
		sqlite3_close(mem);
		return store_status_db(store_db(s), rc);
	}
	data = sqlite3_serialize(mem, "main", &n, 0);
	if (data && n > 0 && (*img = malloc((size_t)n)) != NULL) {
		memcpy(*img, data, (size_t)n);
		*len = (size_t)n;
	}
	sqlite3_free(data);
	sqlite3_close(mem);
	return *img ? TEND_OK : TEND_ERR_NOMEM;
}

/* Runs pragma `sql`, whose rows are problems (or one row "ok"); keeps the
 * first in `why`. Returns SQLITE_OK, or the failure; *bad counts rows that
 * were not "ok". */
static int problems(sqlite3 *db, const char *sql, char *why, size_t whylen, int *bad)
{
	sqlite3_stmt *q;
	int rc;

	if ((rc = sqlite3_prepare_v2(db, sql, -1, &q, NULL)) != SQLITE_OK)
		return rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(q, 0);
		char row[200];

		if (sqlite3_column_count(q) == 1 && t && strcmp((const char *)t, "ok") == 0)
			continue;
		if (sqlite3_column_count(q) == 1)
			snprintf(row, sizeof(row), "%s", t ? (const char *)t : "?");
		else { /* foreign_key_check: table, rowid, parent, fkid */
			const unsigned char *parent = sqlite3_column_text(q, 2);

			snprintf(row, sizeof(row), "row %lld of %s points to a missing %s",
			         (long long)sqlite3_column_int64(q, 1),
			         t ? (const char *)t : "?", parent ? (const char *)parent : "?");
		}
		if (*bad == 0 && why && whylen)
			snprintf(why, whylen, "%s", row);
		(*bad)++;
	}
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

enum tend_status store_integrity(struct store *s, char *why, size_t whylen)
{
	int bad = 0, rc;

	if (why && whylen)
		why[0] = '\0';
	if ((rc = problems(store_db(s), "PRAGMA integrity_check", why, whylen, &bad)) != SQLITE_OK ||
	    (rc = problems(store_db(s), "PRAGMA foreign_key_check", why, whylen, &bad)) != SQLITE_OK) {
		if (why && whylen && !why[0])
			snprintf(why, whylen, "%s", sqlite3_errmsg(store_db(s)));
		/* damage, or a read that failed part way: store_status_db tells */
		return store_status_db(store_db(s), rc);
	}
	return bad ? TEND_ERR_CORRUPT : TEND_OK;
}

enum tend_status store_replace(struct store *s, struct store *from)
{
	if (!s || !from)
		return TEND_ERR_INVALID;
	return store_status_db(store_db(s), copy_pages(store_db(s), store_db(from)));
}

enum tend_status store_copy_to(struct store *s, const char *path)
{
	sqlite3_stmt *q;
	int fd, rc, e;

	if (!s || !path)
		return TEND_ERR_INVALID;
	/* VACUUM INTO takes an empty file, so it can be made 0600 first. */
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0)
		return errno == EEXIST ? TEND_ERR_EXISTS : tend_status_errno(errno);
	e = fchmod(fd, 0600) != 0 ? errno : 0;
	if (close(fd) != 0 && e == 0)
		e = errno;
	if (e != 0) {
		unlink(path);
		return tend_status_errno(e);
	}
	rc = sqlite3_prepare_v2(store_db(s), "VACUUM INTO ?1", -1, &q, NULL);
	if (rc == SQLITE_OK) {
		if ((rc = sqlite3_bind_text(q, 1, path, -1, SQLITE_STATIC)) == SQLITE_OK)
			rc = sqlite3_step(q);
		sqlite3_finalize(q);
	}
	if (rc != SQLITE_DONE && rc != SQLITE_OK) {
		unlink(path);
		return store_status_db(store_db(s), rc);
	}
	return TEND_OK;
}

enum tend_status store_scrub(struct store *s)
{
	int log = -1, done = -1, rc;

	if (!s)
		return TEND_ERR_INVALID;
	rc = sqlite3_wal_checkpoint_v2(store_db(s), "main", SQLITE_CHECKPOINT_TRUNCATE, &log,
	                               &done);
	if ((rc & 0xff) == SQLITE_BUSY)
		return TEND_ERR_BUSY;
	return store_status_db(store_db(s), rc);
}
