/* test_store_keep.c: the store's whole-file work (src/store/keep.c and the
 * schema's second version): snapshots opened in memory, a database replaced
 * by one, a copy beside it, SQLite's checks, the truncating checkpoint that
 * leaves a forgotten entry nowhere, recovery slots, and the migration of a
 * tend 1.0 file. Each test runs in a fresh temporary folder. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "tend/store.h"
#include "testkit.h"

struct fx {
	char dir[64];   /* mkdtemp folder, removed with everything in it */
	char path[128]; /* dir/tend.db */
	struct store *s;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	strcpy(f->dir, "/tmp/tend-keep-XXXXXX");
	if (!mkdtemp(f->dir)) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof(f->path), "%s/tend.db", f->dir);
	if (store_open(f->path, &f->s) != TEND_OK)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	store_close(f->s);
	tk_rm_dir(f->dir);
	free(f);
	return 0;
}

/* f->dir/name, in a static buffer (one at a time). */
static const char *in_dir(struct fx *f, const char *name)
{
	static char p[200];

	snprintf(p, sizeof(p), "%s/%s", f->dir, name);
	return p;
}

/* A saved check-in on `night`; returns its id. */
static int64_t checkin_add(struct store *s, tend_night night)
{
	struct store_checkin c;

	memset(&c, 0, sizeof(c));
	c.night = night;
	c.started = (int64_t)night * 86400 + 20 * 3600;
	strcpy(c.plan, "nightly");
	c.planned_s = 900;
	c.ran_s = 900;
	c.counted = true;
	c.state = STORE_CHECKIN_DONE;
	assert_int_equal(store_checkin_insert(s, &c), TEND_OK);
	return c.id;
}

/* An entry whose ciphertext is `ct` (text, for scanning the file). */
static int64_t entry_add(struct store *s, int64_t checkin, tend_night night, int author,
                         const char *ct)
{
	static uint8_t seal[4] = { 's', 'e', 'a', 'l' };
	struct store_entry e;

	memset(&e, 0, sizeof(e));
	assert_int_equal(store_entry_next_id(s, &e.id), TEND_OK);
	e.checkin = checkin;
	e.kind = 1;
	e.author = author;
	e.night = night;
	e.created = 1700000000 + e.id;
	e.ct.data = (uint8_t *)ct;
	e.ct.len = strlen(ct);
	e.seal[author].data = seal;
	e.seal[author].len = sizeof seal;
	assert_int_equal(store_entry_insert(s, &e), TEND_OK);
	return e.id;
}

static size_t count_entries(struct store *s)
{
	size_t n = 999;

	assert_int_equal(store_entry_count(s, NULL, &n), TEND_OK);
	return n;
}

static void test_recovery_rows(void **state)
{
	struct fx *f = *state;
	struct store_blob b = { NULL, 0 }, in = { (uint8_t *)"trc1 slot", 9 };

	assert_int_equal(store_recovery_get(f->s, 0, &b), TEND_ERR_NOT_FOUND);
	assert_int_equal(store_recovery_put(f->s, 0, &in), TEND_OK);
	assert_int_equal(store_recovery_get(f->s, 0, &b), TEND_OK);
	assert_int_equal(b.len, 9);
	assert_memory_equal(b.data, "trc1 slot", 9);
	store_blob_clear(&b);
	assert_int_equal(store_recovery_get(f->s, 1, &b), TEND_ERR_NOT_FOUND);
	/* a second put replaces the first: the old code is void */
	in.data = (uint8_t *)"trc1 new";
	in.len = 8;
	assert_int_equal(store_recovery_put(f->s, 0, &in), TEND_OK);
	assert_int_equal(store_recovery_get(f->s, 0, &b), TEND_OK);
	assert_memory_equal(b.data, "trc1 new", 8);
	store_blob_clear(&b);
	assert_int_equal(store_recovery_put(f->s, 2, &in), TEND_ERR_INVALID);
	assert_int_equal(store_recovery_get(f->s, -1, &b), TEND_ERR_INVALID);
	in.len = 0;
	assert_int_equal(store_recovery_put(f->s, 1, &in), TEND_ERR_INVALID);
}

/* A file tend 1.0 wrote (schema version 1) gains the recovery table and
 * keeps everything; read-only, it is read as it is. */
static void test_migrate_from_v1(void **state)
{
	struct fx *f = *state;
	struct store *ro = NULL;
	struct store_blob b = { NULL, 0 };
	struct store_couple c;
	sqlite3 *db;
	int64_t v = 0;

	store_close(f->s);
	f->s = NULL;
	unlink(f->path);
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
		"PRAGMA journal_mode = WAL;"
		"CREATE TABLE couple (id INTEGER PRIMARY KEY CHECK (id = 1), created INTEGER NOT NULL) STRICT;"
		"CREATE TABLE partner (idx INTEGER PRIMARY KEY CHECK (idx IN (0, 1)), name TEXT NOT NULL, slot BLOB NOT NULL) STRICT;"
		"CREATE TABLE setting (key TEXT PRIMARY KEY NOT NULL, value INTEGER NOT NULL) WITHOUT ROWID, STRICT;"
		"CREATE TABLE checkin (id INTEGER PRIMARY KEY AUTOINCREMENT, night INTEGER NOT NULL, started INTEGER NOT NULL, plan TEXT NOT NULL, planned_s INTEGER NOT NULL, ran_s INTEGER NOT NULL, first INTEGER NOT NULL, pillars INTEGER NOT NULL CHECK (pillars >= 0), counted INTEGER NOT NULL CHECK (counted IN (0, 1)), state INTEGER NOT NULL CHECK (state IN (0, 1)), step INTEGER NOT NULL, step_left_ms INTEGER NOT NULL, step_len_ms INTEGER NOT NULL, ran_ms INTEGER NOT NULL, confirmed INTEGER NOT NULL, phase INTEGER NOT NULL, cards BLOB NOT NULL CHECK (length(cards) % 4 = 0)) STRICT;"
		"CREATE INDEX checkin_state_night ON checkin(state, night, counted, pillars);"
		"CREATE TABLE entry (id INTEGER PRIMARY KEY AUTOINCREMENT, checkin INTEGER REFERENCES checkin(id) ON DELETE CASCADE, kind INTEGER NOT NULL, author INTEGER NOT NULL CHECK (author IN (0, 1)), visibility INTEGER NOT NULL CHECK (visibility IN (0, 1)), night INTEGER NOT NULL, created INTEGER NOT NULL, seq INTEGER NOT NULL, ct BLOB NOT NULL, seal0 BLOB, seal1 BLOB) STRICT;"
		"CREATE INDEX entry_checkin ON entry(checkin);"
		"CREATE INDEX entry_author_kind ON entry(author, kind);"
		"CREATE TABLE rest (night INTEGER PRIMARY KEY) STRICT;"
		"INSERT INTO couple VALUES (1, 1700000000);"
		"INSERT INTO partner VALUES (0, 'Zoë', x'74736c31'), (1, 'Łukasz', x'74736c31');"
		"PRAGMA application_id = 1952804452; PRAGMA user_version = 1;",
		NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_close(db), SQLITE_OK);

	assert_int_equal(store_open_readonly(f->path, &ro), TEND_OK);
	assert_int_equal(store_pragma_int(ro, "user_version", &v), TEND_OK);
	assert_int_equal(v, 1);
	assert_int_equal(store_recovery_get(ro, 0, &b), TEND_ERR_NOT_FOUND);
	assert_int_equal(store_couple_get(ro, &c), TEND_OK);
	assert_string_equal(c.name[1], "\xc5\x81ukasz");
	store_couple_clear(&c);
	store_close(ro);

	assert_int_equal(store_open(f->path, &f->s), TEND_OK);
	assert_int_equal(store_pragma_int(f->s, "user_version", &v), TEND_OK);
	assert_int_equal(v, STORE_SCHEMA_VERSION);
	assert_int_equal(store_couple_get(f->s, &c), TEND_OK);
	assert_string_equal(c.name[0], "Zo\xc3\xab");
	store_couple_clear(&c);
	b.data = (uint8_t *)"trc1";
	b.len = 4;
	assert_int_equal(store_recovery_put(f->s, 1, &b), TEND_OK);
}

/* A snapshot opens in memory with everything in it, while the file goes on
 * changing, and taking it changes nothing in the file. */
static void test_snapshot_and_image(void **state)
{
	struct fx *f = *state;
	struct store *img = NULL;
	uint8_t *data = NULL;
	size_t len = 0;
	int64_t ci = checkin_add(f->s, 20400), v = 0;

	entry_add(f->s, ci, 20400, 0, "ct-one");
	entry_add(f->s, 0, 20401, 1, "ct-two");
	assert_int_equal(store_snapshot(f->s, &data, &len), TEND_OK);
	assert_true(len >= 4096);
	assert_memory_equal(data, "SQLite format 3", 16);
	/* later writes are not in it */
	entry_add(f->s, 0, 20402, 1, "ct-three");
	assert_int_equal(store_open_image(data, len, &img), TEND_OK);
	assert_int_equal(count_entries(img), 2);
	assert_int_equal(store_pragma_int(img, "user_version", &v), TEND_OK);
	assert_int_equal(v, STORE_SCHEMA_VERSION);
	assert_int_equal(store_integrity(img, NULL, 0), TEND_OK);
	/* an image can be written to, in memory only */
	assert_int_equal(store_rest_add(img, 20400), TEND_OK);
	store_close(img);
	assert_int_equal(count_entries(f->s), 3);
	free(data);
}

/* A snapshot taken while another connection holds a write transaction
 * open (a check-in being saved in the screens) is the last committed
 * state, whole. */
static void test_snapshot_during_a_write(void **state)
{
	struct fx *f = *state;
	struct store *other = NULL, *img = NULL;
	uint8_t *data = NULL;
	size_t len = 0;

	entry_add(f->s, 0, 20400, 0, "ct-before");
	assert_int_equal(store_open(f->path, &other), TEND_OK);
	assert_int_equal(store_begin(other), TEND_OK);
	entry_add(other, 0, 20400, 1, "ct-uncommitted");
	assert_int_equal(store_snapshot(f->s, &data, &len), TEND_OK);
	assert_int_equal(store_commit(other), TEND_OK);
	store_close(other);
	assert_int_equal(store_open_image(data, len, &img), TEND_OK);
	assert_int_equal(count_entries(img), 1);
	store_close(img);
	free(data);
}

static void test_image_rejects(void **state)
{
	struct fx *f = *state;
	struct store *img = NULL;
	uint8_t junk[8192], *data = NULL;
	size_t len = 0;
	sqlite3 *db;

	(void)f;
	memset(junk, 0x5a, sizeof junk);
	assert_int_equal(store_open_image(junk, sizeof junk, &img), TEND_ERR_NOT_TEND);
	assert_null(img);
	assert_int_equal(store_open_image(junk, 0, &img), TEND_ERR_NOT_TEND);
	assert_int_equal(store_open_image(NULL, 10, &img), TEND_ERR_INVALID);

	/* another program's database */
	assert_int_equal(sqlite3_open(in_dir(f, "other.db"), &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE t (x); INSERT INTO t VALUES (1);", NULL,
	                              NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	data = tk_slurp(in_dir(f, "other.db"), &len);
	assert_int_equal(store_open_image(data, len, &img), TEND_ERR_NOT_TEND);
	free(data);

	/* a newer tend's */
	assert_int_equal(store_snapshot(f->s, &data, &len), TEND_OK);
	assert_int_equal(store_open_image(data, len, &img), TEND_OK);
	store_close(img);
	data[60 + 3] = 99; /* user_version, big-endian at offset 60 */
	assert_int_equal(store_open_image(data, len, &img), TEND_ERR_TOO_NEW);
	assert_null(img);
	free(data);
}

/* A damaged page is found by the integrity check, not taken for data. */
static void test_integrity_finds_damage(void **state)
{
	struct fx *f = *state;
	struct store *img = NULL;
	char why[200] = "unset";
	uint8_t *data = NULL;
	size_t len = 0, page = 4096;

	for (int i = 0; i < 200; i++)
		entry_add(f->s, 0, 20400 + i, i & 1,
		          "a long enough ciphertext to fill several pages of the entry table");
	assert_int_equal(store_integrity(f->s, why, sizeof why), TEND_OK);
	assert_string_equal(why, "");
	assert_int_equal(store_snapshot(f->s, &data, &len), TEND_OK);
	assert_true(len > 4 * page);
	/* scribble over the header of the last page (entry rows), keeping the
	 * schema on page 1 readable */
	memset(data + len - page, 0xee, 12);
	assert_int_equal(store_open_image(data, len, &img), TEND_OK);
	assert_int_equal(store_integrity(img, why, sizeof why), TEND_ERR_CORRUPT);
	assert_true(strlen(why) > 0);
	store_close(img);
	free(data);
}

/* Replacing a database with an image: every row is the image's, other
 * connections see the new one, and the file stays a WAL database. */
static void test_replace(void **state)
{
	struct fx *f = *state;
	struct store *other = NULL, *src = NULL, *img = NULL;
	uint8_t *data = NULL;
	size_t len = 0;

	entry_add(f->s, 0, 20400, 0, "ct-old-one");
	entry_add(f->s, 0, 20400, 0, "ct-old-two");
	assert_int_equal(store_open(in_dir(f, "src.db"), &src), TEND_OK);
	entry_add(src, checkin_add(src, 20500), 20500, 1, "ct-restored");
	assert_int_equal(store_snapshot(src, &data, &len), TEND_OK);
	store_close(src);
	assert_int_equal(store_open_image(data, len, &img), TEND_OK);
	free(data);

	assert_int_equal(store_open(f->path, &other), TEND_OK);
	assert_int_equal(store_replace(f->s, img), TEND_OK);
	store_close(img);
	assert_int_equal(count_entries(f->s), 1);
	assert_int_equal(count_entries(other), 1);
	assert_int_equal(store_integrity(f->s, NULL, 0), TEND_OK);
	store_close(other);
	store_close(f->s);
	f->s = NULL;
	assert_int_equal(store_open(f->path, &f->s), TEND_OK);
	assert_int_equal(count_entries(f->s), 1);
	{
		size_t n;
		uint8_t *b = tk_slurp(f->path, &n);

		assert_true(n > 20);
		assert_int_equal(b[18], 2); /* still WAL */
		assert_int_equal(b[19], 2);
		free(b);
	}
}

static void test_copy_to(void **state)
{
	struct fx *f = *state;
	struct store *copy = NULL;
	struct stat sb;

	entry_add(f->s, 0, 20400, 0, "ct-kept");
	assert_int_equal(store_copy_to(f->s, in_dir(f, "kept.db")), TEND_OK);
	assert_int_equal(stat(in_dir(f, "kept.db"), &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(store_copy_to(f->s, in_dir(f, "kept.db")), TEND_ERR_EXISTS);
	assert_int_equal(store_open_readonly(in_dir(f, "kept.db"), &copy), TEND_OK);
	assert_int_equal(count_entries(copy), 1);
	store_close(copy);
	assert_int_equal(store_copy_to(f->s, in_dir(f, "no/such/folder.db")), TEND_ERR_IO);
}

/* Forgetting: a night goes with its entries, and after the truncating
 * checkpoint no byte of a forgotten ciphertext is in the database, its
 * write-ahead log or its index. */
static void test_forget_leaves_nothing(void **state)
{
	struct fx *f = *state;
	static const char canary[] = "CANARY-ct-8f2c1e-forget-me";
	static const char kept[] = "KEEP-ct-3a9d-still-here";
	int n = -1;
	int64_t ci = checkin_add(f->s, 20400), id;
	const char *sides[] = { "", "-wal", "-shm" };

	checkin_add(f->s, 20401);
	id = entry_add(f->s, ci, 20400, 0, canary);
	entry_add(f->s, 0, 20400, 1, kept);
	store_close(f->s); /* the canary reaches the file itself */
	f->s = NULL;
	assert_int_equal(store_open(f->path, &f->s), TEND_OK);
	assert_true(tk_file_has(f->path, canary, sizeof canary - 1) ||
	            tk_file_has(in_dir(f, "tend.db-wal"), canary, sizeof canary - 1));

	assert_int_equal(store_begin(f->s), TEND_OK);
	assert_int_equal(store_night_delete(f->s, 20400, &n), TEND_OK);
	assert_int_equal(store_commit(f->s), TEND_OK);
	assert_int_equal(n, 1);
	assert_int_equal(store_entry_get(f->s, id, &(struct store_entry){ 0 }), TEND_ERR_NOT_FOUND);
	assert_int_equal(count_entries(f->s), 1);
	assert_int_equal(store_scrub(f->s), TEND_OK);
	for (size_t i = 0; i < 3; i++) {
		char p[160];

		snprintf(p, sizeof p, "%s%s", f->path, sides[i]);
		if (tk_file_has(p, canary, sizeof canary - 1))
			fail_msg("the forgotten ciphertext is still in tend.db%s", sides[i]);
	}
	assert_true(tk_file_has(f->path, kept, sizeof kept - 1));
	/* a night with nothing is no error */
	assert_int_equal(store_night_delete(f->s, 20999, &n), TEND_OK);
	assert_int_equal(n, 0);
}

static void test_entry_get(void **state)
{
	struct fx *f = *state;
	struct store_entry e;
	int64_t id = entry_add(f->s, 0, 20402, 1, "ct-get");

	assert_int_equal(store_entry_get(f->s, id, &e), TEND_OK);
	assert_int_equal(e.id, id);
	assert_int_equal(e.author, 1);
	assert_int_equal(e.night, 20402);
	assert_int_equal(e.checkin, 0);
	assert_int_equal(e.ct.len, 6);
	assert_memory_equal(e.ct.data, "ct-get", 6);
	assert_int_equal(e.seal[0].len, 0);
	assert_int_equal(e.seal[1].len, 4);
	store_entry_clear(&e);
	assert_null(e.ct.data);
	assert_int_equal(store_entry_get(f->s, id + 1, &e), TEND_ERR_NOT_FOUND);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_recovery_rows),
		T(test_migrate_from_v1),
		T(test_snapshot_and_image),
		T(test_snapshot_during_a_write),
		T(test_image_rejects),
		T(test_integrity_finds_damage),
		T(test_replace),
		T(test_copy_to),
		T(test_forget_leaves_nothing),
		T(test_entry_get),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
