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
 * foreign or newer database is left byte for byte as it was.
 *
 * This file opens, checks, migrates, locks and closes the file and runs
 * its transactions; stmt.c holds the statements and the helpers every file
 * of the store uses, couple.c the partners, their key records and the
 * settings, checkins.c check-ins, nights, cards and rest nights, entry.c
 * the written entries, keep.c snapshots and integrity. */
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

_Static_assert(sizeof(store_migrations) / sizeof(store_migrations[0]) == STORE_SCHEMA_VERSION,
               "one migration per schema version");

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
