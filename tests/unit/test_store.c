/* test_store.c: the SQLite store, each test in a fresh temporary folder. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "tend/store.h"
#include "testkit.h"
#include "../../src/store/store_internal.h" /* store_status */

static sqlite3_int64 full_budget = -1; /* test_commit_full_disk's VFS: bytes
                                        * writes may still add; -1: no limit */

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
	strcpy(f->dir, "/tmp/tend-store-XXXXXX");
	if (!mkdtemp(f->dir)) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof(f->path), "%s/tend.db", f->dir);
	full_budget = -1;
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

/* f->path with `suffix` appended, in a static buffer. */
static const char *side(struct fx *f, const char *suffix)
{
	static char p[160];

	snprintf(p, sizeof(p), "%s%s", f->path, suffix);
	return p;
}

/* The whole file at `path` (malloc) and its length; it must be there. */
static uint8_t *slurp(const char *path, size_t *len)
{
	uint8_t *buf = tk_slurp(path, len);

	assert_non_null(buf);
	return buf;
}

static void spit(const char *path, const void *data, size_t len)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

/* Asserts the file at `path` still holds exactly `len` bytes `want`. */
static void assert_same_bytes(const char *path, const uint8_t *want, size_t len)
{
	size_t n;
	uint8_t *now = slurp(path, &n);

	assert_int_equal(n, len);
	assert_memory_equal(now, want, len);
	free(now);
}

static uint32_t rng_next(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

static mode_t mode_of(const char *path)
{
	struct stat sb;

	assert_int_equal(stat(path, &sb), 0);
	return sb.st_mode & 07777;
}

static struct store *open_ok(struct fx *f)
{
	assert_int_equal(store_open(f->path, &f->s), TEND_OK);
	assert_non_null(f->s);
	return f->s;
}

/* A database tend made, holding the setting bell = `bell`, closed again. */
static void made_closed(struct fx *f, int bell)
{
	open_ok(f);
	assert_int_equal(store_setting_put(f->s, "bell", bell), TEND_OK);
	store_close(f->s);
	f->s = NULL;
}

static void reopen(struct fx *f)
{
	store_close(f->s);
	f->s = NULL;
	open_ok(f);
}

static struct store_checkin checkin_make(tend_night night, int state, bool counted,
                                         pillar_set pillars)
{
	struct store_checkin c;

	memset(&c, 0, sizeof(c));
	c.night = night;
	c.started = (int64_t)night * 86400 + 20 * 3600;
	strcpy(c.plan, "nightly");
	c.planned_s = 900;
	c.ran_s = counted ? 900 : 60;
	c.first = night & 1;
	c.pillars = pillars;
	c.counted = counted;
	c.state = state;
	return c;
}

static void assert_checkin_equal(const struct store_checkin *a, const struct store_checkin *b)
{
	assert_int_equal(a->id, b->id);
	assert_int_equal(a->night, b->night);
	assert_int_equal(a->started, b->started);
	assert_string_equal(a->plan, b->plan);
	assert_int_equal(a->planned_s, b->planned_s);
	assert_int_equal(a->ran_s, b->ran_s);
	assert_int_equal(a->first, b->first);
	assert_int_equal(a->pillars, b->pillars);
	assert_int_equal(a->counted, b->counted);
	assert_int_equal(a->state, b->state);
	assert_int_equal(a->step, b->step);
	assert_int_equal(a->step_left_ms, b->step_left_ms);
	assert_int_equal(a->step_len_ms, b->step_len_ms);
	assert_int_equal(a->ran_ms, b->ran_ms);
	assert_int_equal(a->confirmed, b->confirmed);
	assert_int_equal(a->phase, b->phase);
	assert_int_equal(a->ncards, b->ncards);
	for (int i = 0; i < a->ncards; i++)
		assert_int_equal(a->cards[i], b->cards[i]);
}

/* Inserts an entry with next_id; ct is "ct<id>", seals as asked. */
static int64_t entry_add(struct store *s, int64_t checkin, int kind, int author,
                         bool seal0, bool seal1)
{
	static uint8_t sealbuf[2][4] = { { 's', '0', 0, 1 }, { 's', '1', 0, 2 } };
	struct store_entry e;
	char ct[32];

	memset(&e, 0, sizeof(e));
	assert_int_equal(store_entry_next_id(s, &e.id), TEND_OK);
	snprintf(ct, sizeof(ct), "ct%lld", (long long)e.id);
	e.checkin = checkin;
	e.kind = kind;
	e.author = author;
	e.visibility = seal0 && seal1;
	e.night = 20000;
	e.created = 1700000000 + e.id;
	e.seq = (int)e.id;
	e.ct.data = (uint8_t *)ct;
	e.ct.len = strlen(ct);
	if (seal0) {
		e.seal[0].data = sealbuf[0];
		e.seal[0].len = sizeof(sealbuf[0]);
	}
	if (seal1) {
		e.seal[1].data = sealbuf[1];
		e.seal[1].len = sizeof(sealbuf[1]);
	}
	assert_int_equal(store_entry_insert(s, &e), TEND_OK);
	return e.id;
}

/* Collects the ids store_entry_each visits (and checks each ct). */
struct ids {
	int64_t id[64];
	size_t n;
	size_t stop_after; /* 0: never stop */
};

static int collect_entry(const struct store_entry *e, void *ctx)
{
	struct ids *ids = ctx;
	char ct[32];

	snprintf(ct, sizeof(ct), "ct%lld", (long long)e->id);
	assert_int_equal(e->ct.len, strlen(ct));
	assert_memory_equal(e->ct.data, ct, e->ct.len);
	assert_true(ids->n < 64);
	ids->id[ids->n++] = e->id;
	return ids->stop_after && ids->n >= ids->stop_after;
}

/* Visits every entry, checking nothing: for damaged files. */
static int collect_entry_any(const struct store_entry *e, void *ctx)
{
	(void)e;
	(void)ctx;
	return 0;
}

static struct ids each_ids(struct store *s, int64_t checkin, int kind, int author, int reader)
{
	struct store_entry_filter flt = { checkin, kind, author, reader };
	struct ids ids = { .n = 0 };
	size_t n = 999;

	assert_int_equal(store_entry_each(s, &flt, collect_entry, &ids), TEND_OK);
	assert_int_equal(store_entry_count(s, &flt, &n), TEND_OK);
	assert_int_equal(n, ids.n);
	return ids;
}

static void assert_ids(struct ids got, const int64_t *want, size_t n)
{
	assert_int_equal(got.n, n);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(got.id[i], want[i]);
}

/* ---- opening ---------------------------------------------------------- */

static void test_open_creates_0600(void **state)
{
	struct fx *f = *state;
	mode_t old = umask(0); /* the loosest umask: 0600 must come from tend */

	open_ok(f);
	assert_int_equal(mode_of(f->path), 0600);
	assert_int_equal(store_begin(f->s), TEND_OK);
	assert_int_equal(store_setting_put(f->s, "bell", 0), TEND_OK);
	assert_int_equal(store_commit(f->s), TEND_OK);
	assert_int_equal(mode_of(side(f, "-wal")), 0600);
	assert_int_equal(mode_of(side(f, "-shm")), 0600);
	umask(old);
	/* a missing folder is an I/O error, not a crash */
	{
		struct store *s2 = NULL;
		char p[200];

		snprintf(p, sizeof(p), "%s/nope/tend.db", f->dir);
		assert_int_equal(store_open(p, &s2), TEND_ERR_IO);
		assert_null(s2);
	}
}

/* Whether `len` bytes `needle` are anywhere in the file at `path` (absent
 * file: no). */
static bool file_holds(const char *path, const uint8_t *needle, size_t len)
{
	size_t n = 0;
	uint8_t *buf = tk_slurp(path, &n);
	bool found = buf && n >= len && memmem(buf, n, needle, len) != NULL;

	free(buf);
	return found;
}

/* What is deleted is gone from the disk, not left in a free page or an old
 * frame of the log: an entry's bytes are in the file while it stands, and
 * neither in tend.db nor in its -wal once it is deleted and the store closed,
 * nor after another entry is written and deleted beside it while open. */
static void test_deleted_bytes_gone(void **state)
{
	struct fx *f = *state;
	uint8_t ct[300], seal[48];
	struct store_entry e;

	for (size_t i = 0; i < sizeof(ct); i++)
		ct[i] = (uint8_t)("deleted words must not stay "[i % 28] ^ (i / 28));
	memset(seal, 0xA5, sizeof(seal));
	open_ok(f);
	memset(&e, 0, sizeof(e));
	assert_int_equal(store_entry_next_id(f->s, &e.id), TEND_OK);
	e.visibility = 1;
	e.night = 20000;
	e.ct.data = ct;
	e.ct.len = sizeof(ct);
	e.seal[0].data = e.seal[1].data = seal;
	e.seal[0].len = e.seal[1].len = sizeof(seal);
	assert_int_equal(store_entry_insert(f->s, &e), TEND_OK);
	reopen(f); /* checkpointed: now in tend.db itself */
	assert_true(file_holds(f->path, ct, sizeof(ct)));
	assert_int_equal(store_entry_delete(f->s, e.id), TEND_OK);
	store_close(f->s);
	f->s = NULL;
	assert_false(file_holds(f->path, ct, sizeof(ct)));
	assert_false(file_holds(f->path, seal, sizeof(seal)));
	assert_false(file_holds(side(f, "-wal"), ct, sizeof(ct)));

	/* Written and deleted while open, then closed: in neither file. */
	open_ok(f);
	ct[0] ^= 0xff; /* another text */
	assert_int_equal(store_entry_next_id(f->s, &e.id), TEND_OK);
	assert_int_equal(store_entry_insert(f->s, &e), TEND_OK);
	assert_int_equal(store_entry_delete(f->s, e.id), TEND_OK);
	store_close(f->s);
	f->s = NULL;
	assert_false(file_holds(f->path, ct, sizeof(ct)));
	assert_false(file_holds(side(f, "-wal"), ct, sizeof(ct)));
}

static void test_pragmas(void **state)
{
	struct fx *f = *state;
	int64_t v = -1;
	sqlite3 *db;
	sqlite3_stmt *q;

	open_ok(f);
	assert_int_equal(store_pragma_int(f->s, "synchronous", &v), TEND_OK);
	assert_int_equal(v, 2); /* FULL */
	assert_int_equal(store_pragma_int(f->s, "secure_delete", &v), TEND_OK);
	assert_int_equal(v, 1);
	assert_int_equal(store_pragma_int(f->s, "temp_store", &v), TEND_OK);
	assert_int_equal(v, 2); /* MEMORY */
	assert_int_equal(store_pragma_int(f->s, "foreign_keys", &v), TEND_OK);
	assert_int_equal(v, 1);
	assert_int_equal(store_pragma_int(f->s, "busy_timeout", &v), TEND_OK);
	assert_int_equal(v, 5000);
	assert_int_equal(store_pragma_int(f->s, "application_id", &v), TEND_OK);
	assert_int_equal(v, STORE_APPLICATION_ID);
	assert_int_equal(store_pragma_int(f->s, "user_version", &v), TEND_OK);
	assert_int_equal(v, STORE_SCHEMA_VERSION);
	assert_int_equal(store_pragma_int(f->s, "journal_mode", &v), TEND_ERR_INVALID);
	assert_int_equal(store_pragma_int(f->s, "user_version; drop", &v), TEND_ERR_INVALID);
	assert_int_equal(store_pragma_int(f->s, "USER_VERSION", &v), TEND_ERR_INVALID);

	/* WAL is a property of the file: another connection sees it */
	assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(q, 0), "wal");
	sqlite3_finalize(q);
	sqlite3_close(db);
}

static void test_reopen_keeps_data(void **state)
{
	struct fx *f = *state;
	struct store_checkin c = checkin_make(500, STORE_CHECKIN_DONE, true, 3), got;
	int64_t v = 0;

	open_ok(f);
	assert_int_equal(store_setting_put(f->s, "boundary_min", 300), TEND_OK);
	assert_int_equal(store_checkin_insert(f->s, &c), TEND_OK);
	assert_int_equal(store_rest_add(f->s, 42), TEND_OK);
	reopen(f);
	assert_int_equal(store_setting_get(f->s, "boundary_min", &v), TEND_OK);
	assert_int_equal(v, 300);
	assert_int_equal(store_checkin_get(f->s, c.id, &got), TEND_OK);
	assert_checkin_equal(&got, &c);
	/* closing the last connection folds the WAL back into the file */
	store_close(f->s);
	f->s = NULL;
	assert_int_equal(access(side(f, "-wal"), F_OK), -1);
	open_ok(f);
	assert_int_equal(store_checkin_get(f->s, c.id, &got), TEND_OK);
}

/* ---- couple and settings ---------------------------------------------- */

static void test_couple(void **state)
{
	struct fx *f = *state;
	uint8_t slot0[] = { 0, 1, 2, 0, 255 }, slot1[] = { 9, 0, 9 }, slot2[] = { 7, 7 };
	struct store_couple c = { 0 }, got = { 0 };
	struct store_blob b = { slot2, sizeof(slot2) };

	open_ok(f);
	assert_int_equal(store_couple_get(f->s, &got), TEND_ERR_NOT_SETUP);
	assert_null(got.name[0]);
	assert_int_equal(store_slot_put(f->s, 0, &b), TEND_ERR_NOT_SETUP);

	c.name[0] = "Zoë";
	c.name[1] = "美咲 🌙";
	c.slot[0].data = slot0;
	c.slot[0].len = sizeof(slot0);
	c.slot[1].data = slot1;
	c.slot[1].len = sizeof(slot1);
	c.created = 1764000000;
	assert_int_equal(store_couple_put(f->s, &c), TEND_OK);
	reopen(f);
	assert_int_equal(store_couple_get(f->s, &got), TEND_OK);
	assert_string_equal(got.name[0], "Zoë");
	assert_string_equal(got.name[1], "美咲 🌙");
	assert_int_equal(got.slot[0].len, sizeof(slot0));
	assert_memory_equal(got.slot[0].data, slot0, sizeof(slot0));
	assert_int_equal(got.slot[1].len, sizeof(slot1));
	assert_memory_equal(got.slot[1].data, slot1, sizeof(slot1));
	assert_int_equal(got.created, 1764000000);
	store_couple_clear(&got);
	assert_null(got.name[0]);
	assert_null(got.slot[1].data);

	/* a second couple is refused and the first one stays */
	c.name[0] = "Other";
	assert_int_equal(store_couple_put(f->s, &c), TEND_ERR_EXISTS);
	assert_int_equal(store_couple_get(f->s, &got), TEND_OK);
	assert_string_equal(got.name[0], "Zoë");
	store_couple_clear(&got);

	/* a passphrase change replaces one slot */
	assert_int_equal(store_slot_put(f->s, 1, &b), TEND_OK);
	assert_int_equal(store_slot_put(f->s, 2, &b), TEND_ERR_INVALID);
	assert_int_equal(store_couple_get(f->s, &got), TEND_OK);
	assert_int_equal(got.slot[1].len, sizeof(slot2));
	assert_memory_equal(got.slot[1].data, slot2, sizeof(slot2));
	assert_memory_equal(got.slot[0].data, slot0, sizeof(slot0));
	store_couple_clear(&got);

	/* a partner row deleted behind tend's back: the other is still read */
	{
		sqlite3 *db;

		assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
		assert_int_equal(sqlite3_exec(db, "DELETE FROM partner WHERE idx = 0", NULL, NULL,
		                              NULL), SQLITE_OK);
		sqlite3_close(db);
	}
	reopen(f);
	assert_int_equal(store_couple_get(f->s, &got), TEND_OK);
	assert_null(got.name[0]);
	assert_null(got.slot[0].data);
	assert_int_equal(got.slot[0].len, 0);
	assert_string_equal(got.name[1], "美咲 🌙");
	assert_memory_equal(got.slot[1].data, slot2, sizeof(slot2));
	store_couple_clear(&got);
}

static void test_couple_put_is_atomic(void **state)
{
	struct fx *f = *state;
	struct store_couple c = { 0 }, got = { 0 };
	uint8_t slot[] = { 1 };
	int64_t v = 0;

	open_ok(f);
	c.name[0] = "A";
	c.name[1] = NULL;
	assert_int_equal(store_couple_put(f->s, &c), TEND_ERR_INVALID);
	c.name[1] = "B";
	c.slot[0].data = slot;
	c.slot[0].len = 1;
	c.slot[1].data = NULL;
	c.slot[1].len = 1; /* bytes missing: partner 1's insert fails */
	assert_int_equal(store_begin(f->s), TEND_OK);
	assert_int_equal(store_setting_put(f->s, "bell", 0), TEND_OK);
	assert_int_not_equal(store_couple_put(f->s, &c), TEND_OK);
	/* the savepoint undid the couple's rows, not the transaction */
	assert_int_equal(store_commit(f->s), TEND_OK);
	assert_int_equal(store_couple_get(f->s, &got), TEND_ERR_NOT_SETUP);
	assert_int_equal(store_setting_get(f->s, "bell", &v), TEND_OK);
	assert_int_equal(v, 0);
	/* and a correct put afterwards works */
	c.slot[1].data = slot;
	assert_int_equal(store_couple_put(f->s, &c), TEND_OK);
	assert_int_equal(store_couple_get(f->s, &got), TEND_OK);
	assert_string_equal(got.name[1], "B");
	store_couple_clear(&got);
}

static void test_settings(void **state)
{
	struct fx *f = *state;
	int64_t v = 77;

	open_ok(f);
	assert_int_equal(store_setting_get(f->s, "flash", &v), TEND_OK);
	assert_int_equal(v, 77); /* absent: left alone */
	assert_int_equal(store_setting_put(f->s, "flash", 1), TEND_OK);
	assert_int_equal(store_setting_put(f->s, "bell", -5), TEND_OK);
	assert_int_equal(store_setting_get(f->s, "flash", &v), TEND_OK);
	assert_int_equal(v, 1);
	assert_int_equal(store_setting_put(f->s, "flash", 0), TEND_OK);
	assert_int_equal(store_setting_get(f->s, "flash", &v), TEND_OK);
	assert_int_equal(v, 0);
	assert_int_equal(store_setting_get(f->s, "bell", &v), TEND_OK);
	assert_int_equal(v, -5);
	assert_int_equal(store_setting_put(f->s, NULL, 1), TEND_ERR_INVALID);
}

/* ---- check-ins -------------------------------------------------------- */

static void test_checkin_roundtrip(void **state)
{
	struct fx *f = *state;
	struct store_checkin c = checkin_make(20000, STORE_CHECKIN_DRAFT, false, 0), got;

	open_ok(f);
	c.step = 3;
	c.step_left_ms = 123456;
	c.step_len_ms = 180000;
	c.ran_ms = 400001;
	c.confirmed = 0x5u;
	c.phase = 2;
	c.ncards = STORE_MAX_CARDS;
	for (int i = 0; i < c.ncards; i++)
		c.cards[i] = i == 5 ? 0xfedcba98u : (uint32_t)(i * 7);
	strcpy(c.plan, "a plan with a long name, 63 bytes exactly .....................");
	assert_int_equal(strlen(c.plan), 63);
	assert_int_equal(store_checkin_insert(f->s, &c), TEND_OK);
	assert_true(c.id > 0);
	assert_int_equal(store_checkin_get(f->s, c.id, &got), TEND_OK);
	assert_checkin_equal(&got, &c);

	c.state = STORE_CHECKIN_DONE;
	c.counted = true;
	c.pillars = PILLAR_ALL;
	c.ncards = 2;
	strcpy(c.plan, "short");
	assert_int_equal(store_checkin_update(f->s, &c), TEND_OK);
	assert_int_equal(store_checkin_get(f->s, c.id, &got), TEND_OK);
	assert_checkin_equal(&got, &c);

	assert_int_equal(store_checkin_get(f->s, c.id + 100, &got), TEND_ERR_NOT_FOUND);
	got = c;
	got.id += 100;
	assert_int_equal(store_checkin_update(f->s, &got), TEND_ERR_NOT_FOUND);
	got = c;
	got.ncards = STORE_MAX_CARDS + 1;
	assert_int_equal(store_checkin_insert(f->s, &got), TEND_ERR_INVALID);
	got = c;
	memset(got.plan, 'x', sizeof(got.plan)); /* no terminator */
	assert_int_equal(store_checkin_insert(f->s, &got), TEND_ERR_INVALID);
	got = c;
	got.state = 7;
	assert_int_equal(store_checkin_update(f->s, &got), TEND_ERR_INVALID);
}

static void test_checkin_draft(void **state)
{
	struct fx *f = *state;
	struct store_checkin a = checkin_make(10, STORE_CHECKIN_DRAFT, false, 0);
	struct store_checkin b = checkin_make(11, STORE_CHECKIN_DRAFT, false, 0);
	struct store_checkin d = checkin_make(12, STORE_CHECKIN_DONE, true, 1), got;

	open_ok(f);
	assert_int_equal(store_checkin_draft(f->s, &got), TEND_ERR_NOT_FOUND);
	assert_int_equal(store_checkin_insert(f->s, &a), TEND_OK);
	assert_int_equal(store_checkin_insert(f->s, &b), TEND_OK);
	assert_int_equal(store_checkin_insert(f->s, &d), TEND_OK);
	assert_int_equal(store_checkin_draft(f->s, &got), TEND_OK);
	assert_int_equal(got.id, b.id);
	b.state = STORE_CHECKIN_DONE;
	assert_int_equal(store_checkin_update(f->s, &b), TEND_OK);
	assert_int_equal(store_checkin_draft(f->s, &got), TEND_OK);
	assert_int_equal(got.id, a.id);
	assert_int_equal(store_checkin_delete(f->s, a.id), TEND_OK);
	assert_int_equal(store_checkin_draft(f->s, &got), TEND_ERR_NOT_FOUND);
}

/* Numbers no tend writes, put in the file behind its back, come back held
 * to what tend can compute with: a draft's step of -2147483649 once
 * overflowed where the draft question adds one to it. */
static void test_checkin_numbers_held(void **state)
{
	struct fx *f = *state;
	struct store_checkin a = checkin_make(10, STORE_CHECKIN_DRAFT, false, 0), got;

	open_ok(f);
	assert_int_equal(store_checkin_insert(f->s, &a), TEND_OK);
	store_close(f->s);
	f->s = NULL;
	tk_sql(f->path, "UPDATE checkin SET step = -2147483649, planned_s = 9223372036854775807, "
	                "ran_s = -5, first = 7, phase = 4294967296");
	open_ok(f);
	assert_int_equal(store_checkin_draft(f->s, &got), TEND_OK);
	assert_int_equal(got.step, -1);
	assert_int_equal(got.planned_s, 7 * 24 * 3600); /* a week: beyond any plan */
	assert_int_equal(got.ran_s, 0);
	assert_int_equal(got.first, 1);
	assert_int_equal(got.phase, 1 << 30);
	store_close(f->s);
	f->s = NULL;
	tk_sql(f->path, "UPDATE checkin SET step = 2147483648");
	open_ok(f);
	assert_int_equal(store_checkin_draft(f->s, &got), TEND_OK);
	assert_int_equal(got.step, STORE_MAX_CARDS);
}

static void test_checkin_delete_cascades(void **state)
{
	struct fx *f = *state;
	struct store_checkin a = checkin_make(10, STORE_CHECKIN_DONE, true, 1);
	struct store_checkin b = checkin_make(11, STORE_CHECKIN_DONE, true, 1);
	int64_t journal, kept;
	size_t n = 0;

	open_ok(f);
	assert_int_equal(store_checkin_insert(f->s, &a), TEND_OK);
	assert_int_equal(store_checkin_insert(f->s, &b), TEND_OK);
	entry_add(f->s, a.id, 2, 0, true, false);
	entry_add(f->s, a.id, 2, 1, false, true);
	journal = entry_add(f->s, 0, 1, 0, true, false);
	kept = entry_add(f->s, b.id, 3, 1, true, true);

	assert_int_equal(store_checkin_delete(f->s, a.id), TEND_OK);
	assert_int_equal(store_checkin_delete(f->s, a.id), TEND_ERR_NOT_FOUND);
	assert_ids(each_ids(f->s, a.id, -1, -1, -1), NULL, 0);
	assert_ids(each_ids(f->s, -1, -1, -1, -1), (int64_t[]){ journal, kept }, 2);
	/* deleting an entry leaves its check-in */
	assert_int_equal(store_entry_delete(f->s, kept), TEND_OK);
	assert_int_equal(store_entry_count(f->s, NULL, &n), TEND_OK);
	assert_int_equal(n, 1);
	assert_int_equal(store_checkin_get(f->s, b.id, &a), TEND_OK);
}

struct seen {
	int64_t id[32];
	size_t n;
	size_t stop_after; /* 0: never */
};

static int collect_checkin(const struct store_checkin *c, void *ctx)
{
	struct seen *seen = ctx;

	assert_int_equal(c->state, STORE_CHECKIN_DONE);
	assert_true(seen->n < 32);
	seen->id[seen->n++] = c->id;
	return seen->stop_after && seen->n >= seen->stop_after;
}

/* Five check-ins: four saved on nights 30, 32, 31 and 32 again (the
 * second of night 32 with a later id), and a draft on night 33. */
static void five_checkins(struct store_checkin c[5])
{
	c[0] = checkin_make(30, STORE_CHECKIN_DONE, true, 1);
	c[1] = checkin_make(32, STORE_CHECKIN_DONE, true, 1);
	c[2] = checkin_make(31, STORE_CHECKIN_DONE, false, 1);
	c[3] = checkin_make(32, STORE_CHECKIN_DONE, true, 2);
	c[4] = checkin_make(33, STORE_CHECKIN_DRAFT, false, 0);
}

static void test_checkin_each(void **state)
{
	struct fx *f = *state;
	struct store_checkin c[5];
	struct seen seen = { .n = 0 };

	open_ok(f);
	five_checkins(c);
	for (int i = 0; i < 5; i++)
		assert_int_equal(store_checkin_insert(f->s, &c[i]), TEND_OK);
	assert_int_equal(store_checkin_each(f->s, 0, collect_checkin, &seen), TEND_OK);
	assert_int_equal(seen.n, 4);
	assert_int_equal(seen.id[0], c[3].id); /* night 32, later id */
	assert_int_equal(seen.id[1], c[1].id);
	assert_int_equal(seen.id[2], c[2].id);
	assert_int_equal(seen.id[3], c[0].id);
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(store_checkin_each(f->s, 2, collect_checkin, &seen), TEND_OK);
	assert_int_equal(seen.n, 2);
	memset(&seen, 0, sizeof(seen));
	seen.stop_after = 3;
	assert_int_equal(store_checkin_each(f->s, 0, collect_checkin, &seen), TEND_OK);
	assert_int_equal(seen.n, 3);
}

/* Pages of the history, by key: each page starts next to the check-in the
 * last one ended on, in either direction, with a night of two check-ins
 * split across pages, and drafts never in them. */
static void test_checkin_page(void **state)
{
	struct fx *f = *state;
	struct store_checkin c[5];
	struct seen seen = { .n = 0 };
	struct store_checkin_key k;
	size_t n = 99;

	open_ok(f);
	assert_int_equal(store_checkin_saved(f->s, &n), TEND_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_checkin_page(f->s, NULL, true, 2, collect_checkin, &seen), TEND_OK);
	assert_int_equal(seen.n, 0);
	five_checkins(c);
	for (int i = 0; i < 5; i++)
		assert_int_equal(store_checkin_insert(f->s, &c[i]), TEND_OK);
	assert_int_equal(store_checkin_saved(f->s, &n), TEND_OK);
	assert_int_equal(n, 4);

	/* newest first, two at a time: 32 (later id), 32 | 31, 30 | none */
	assert_int_equal(store_checkin_page(f->s, NULL, true, 2, collect_checkin, &seen), TEND_OK);
	assert_int_equal(seen.n, 2);
	assert_int_equal(seen.id[0], c[3].id);
	assert_int_equal(seen.id[1], c[1].id);
	k = (struct store_checkin_key){ 32, c[1].id };
	assert_int_equal(store_checkin_page(f->s, &k, true, 2, collect_checkin, &seen), TEND_OK);
	assert_int_equal(seen.n, 4);
	assert_int_equal(seen.id[2], c[2].id);
	assert_int_equal(seen.id[3], c[0].id);
	k = (struct store_checkin_key){ 30, c[0].id };
	assert_int_equal(store_checkin_page(f->s, &k, true, 2, collect_checkin, &seen), TEND_OK);
	assert_int_equal(seen.n, 4);

	/* oldest first from the start, and newer from inside night 32 */
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(store_checkin_page(f->s, NULL, false, 3, collect_checkin, &seen),
	                 TEND_OK);
	assert_int_equal(seen.n, 3);
	assert_int_equal(seen.id[0], c[0].id);
	assert_int_equal(seen.id[1], c[2].id);
	assert_int_equal(seen.id[2], c[1].id);
	k = (struct store_checkin_key){ 32, c[1].id };
	assert_int_equal(store_checkin_page(f->s, &k, false, 3, collect_checkin, &seen), TEND_OK);
	assert_int_equal(seen.n, 4);
	assert_int_equal(seen.id[3], c[3].id);

	/* the callback stops a page; a page of none or too many is refused */
	memset(&seen, 0, sizeof(seen));
	seen.stop_after = 1;
	assert_int_equal(store_checkin_page(f->s, NULL, true, 3, collect_checkin, &seen), TEND_OK);
	assert_int_equal(seen.n, 1);
	assert_int_equal(store_checkin_page(f->s, NULL, true, 0, collect_checkin, &seen),
	                 TEND_ERR_INVALID);
	assert_int_equal(store_checkin_page(f->s, NULL, true, 1, NULL, &seen), TEND_ERR_INVALID);
}

/* The kept walk (schema 4's fold): put and got back whole; never written
 * inside another transaction; rows the file holds at odds with each other
 * read as none kept; a check-in or rest night on or before its night
 * forgets it, one after it does not. */
static void test_fold(void **state)
{
	struct fx *f = *state;
	struct store_fold in, out;
	struct store_checkin c = checkin_make(90, STORE_CHECKIN_DONE, true, 1);

	open_ok(f);
	assert_int_equal(store_fold_get(f->s, &out), TEND_ERR_NOT_FOUND);
	memset(&in, 0, sizeof(in));
	in.upto = 100;
	for (int k = 0; k < STORE_FOLDS; k++)
		in.f[k] = (struct streak_fold){ true, 100 - k, k, 2 * k, 3 * k };
	assert_int_equal(store_fold_put(f->s, &in), TEND_OK);
	assert_int_equal(store_fold_get(f->s, &out), TEND_OK);
	assert_int_equal(out.upto, 100);
	for (int k = 0; k < STORE_FOLDS; k++) {
		assert_true(out.f[k].seen);
		assert_int_equal(out.f[k].prev, 100 - k);
		assert_int_equal(out.f[k].run, k);
		assert_int_equal(out.f[k].longest, 2 * k);
		assert_int_equal(out.f[k].done, 3 * k);
	}
	assert_int_equal(store_begin(f->s), TEND_OK);
	assert_int_equal(store_fold_put(f->s, &in), TEND_ERR_BUSY);
	store_rollback(f->s);

	static const char *const odd[] = {
		"UPDATE fold SET upto = 99 WHERE kind = 4",
		"DELETE FROM fold WHERE kind = 0",
		"UPDATE fold SET prev = 4000000000 WHERE kind = 1",
		"UPDATE fold SET run = -1 WHERE kind = 2",
		"UPDATE fold SET longest = 1 << 40 WHERE kind = 3",
	};
	for (size_t i = 0; i < sizeof(odd) / sizeof(odd[0]); i++) {
		assert_int_equal(store_fold_put(f->s, &in), TEND_OK);
		assert_int_equal(sqlite3_exec(store_db(f->s), odd[i], NULL, NULL, NULL), SQLITE_OK);
		assert_int_equal(store_fold_get(f->s, &out), TEND_ERR_NOT_FOUND);
	}

	/* The count of saved check-ins goes on from the one kept with it:
	 * the same as counting all (drafts left out), unless its rows are at
	 * odds, when all are counted. */
	size_t saved = 0;
	for (int i = 0; i < 5; i++) {
		c.night = 60 + i;
		assert_int_equal(store_checkin_insert(f->s, &c), TEND_OK);
	}
	struct store_checkin draft = checkin_make(70, STORE_CHECKIN_DRAFT, false, 0);
	assert_int_equal(store_checkin_insert(f->s, &draft), TEND_OK);
	assert_int_equal(store_fold_put(f->s, &in), TEND_OK);
	assert_int_equal(store_checkin_saved(f->s, &saved), TEND_OK);
	assert_int_equal(saved, 5);
	c.night = 200;
	assert_int_equal(store_checkin_insert(f->s, &c), TEND_OK);
	assert_int_equal(store_checkin_saved(f->s, &saved), TEND_OK);
	assert_int_equal(saved, 6);
	assert_int_equal(store_fold_get(f->s, &out), TEND_OK); /* kept: after its night */
	assert_int_equal(sqlite3_exec(store_db(f->s), "UPDATE fold SET saved = 1000", NULL, NULL,
	                              NULL), SQLITE_OK);
	assert_int_equal(store_checkin_saved(f->s, &saved), TEND_OK);
	assert_int_equal(saved, 1001); /* a count tend could have kept: believed */
	assert_int_equal(sqlite3_exec(store_db(f->s), "UPDATE fold SET saved = 7 WHERE kind = 2",
	                              NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(store_checkin_saved(f->s, &saved), TEND_OK);
	assert_int_equal(saved, 6); /* at odds: all counted */
	assert_int_equal(sqlite3_exec(store_db(f->s), "UPDATE fold SET saved = -1", NULL, NULL,
	                              NULL), SQLITE_OK);
	assert_int_equal(store_checkin_saved(f->s, &saved), TEND_OK);
	assert_int_equal(saved, 6);
	assert_int_equal(sqlite3_exec(store_db(f->s), "DELETE FROM checkin WHERE night >= 60",
	                              NULL, NULL, NULL), SQLITE_OK);

	/* after its night: kept; on or before: forgotten */
	assert_int_equal(store_fold_put(f->s, &in), TEND_OK);
	c.night = 101;
	assert_int_equal(store_checkin_insert(f->s, &c), TEND_OK);
	assert_int_equal(store_rest_add(f->s, 102), TEND_OK);
	assert_int_equal(store_fold_get(f->s, &out), TEND_OK);
	assert_int_equal(store_rest_add(f->s, 100), TEND_OK);
	assert_int_equal(store_fold_get(f->s, &out), TEND_ERR_NOT_FOUND);
	assert_int_equal(store_fold_put(f->s, &in), TEND_OK);
	c.night = 50;
	assert_int_equal(store_checkin_insert(f->s, &c), TEND_OK);
	assert_int_equal(store_fold_get(f->s, &out), TEND_ERR_NOT_FOUND);
}

static void test_nights(void **state)
{
	struct fx *f = *state;
	struct store_checkin c[] = {
		checkin_make(100, STORE_CHECKIN_DONE, false, 1u << PILLAR_EMPATHY),
		checkin_make(99, STORE_CHECKIN_DONE, false, 0),
		checkin_make(100, STORE_CHECKIN_DONE, true, 1u << PILLAR_SHARED),
		checkin_make(101, STORE_CHECKIN_DRAFT, true, PILLAR_ALL),
		checkin_make(100, STORE_CHECKIN_DRAFT, true, 1u << PILLAR_LISTENING),
	};
	struct store_night *n = NULL;
	size_t len = 99;

	open_ok(f);
	assert_int_equal(store_nights(f->s, STORE_ALL_NIGHTS, &n, &len), TEND_OK);
	assert_int_equal(len, 0);
	free(n);
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++)
		assert_int_equal(store_checkin_insert(f->s, &c[i]), TEND_OK);
	assert_int_equal(store_nights(f->s, STORE_ALL_NIGHTS, &n, &len), TEND_OK);
	assert_int_equal(len, 2);
	assert_int_equal(n[0].night, 99);
	assert_false(n[0].counted);
	assert_int_equal(n[0].pillars, 0);
	assert_int_equal(n[1].night, 100);
	assert_true(n[1].counted);
	/* Empathy was ticked at a check-in that did not count: it earns no
	 * pillar night; drafts count for nothing. */
	assert_int_equal(n[1].pillars, 1u << PILLAR_SHARED);
	assert_false(n[1].timeout);
	free(n);
}

static void test_recent_cards(void **state)
{
	struct fx *f = *state;
	struct store_checkin a = checkin_make(12, STORE_CHECKIN_DRAFT, false, 0);
	struct store_checkin b = checkin_make(10, STORE_CHECKIN_DONE, true, 0);
	struct store_checkin old = checkin_make(8, STORE_CHECKIN_DONE, true, 0);
	uint32_t *cards = NULL;
	size_t n = 0;

	open_ok(f);
	a.ncards = 3;
	a.cards[0] = 3;
	a.cards[1] = 0; /* a step without a card */
	a.cards[2] = 4;
	b.ncards = 2;
	b.cards[0] = 1;
	b.cards[1] = 2;
	old.ncards = 1;
	old.cards[0] = 9;
	assert_int_equal(store_checkin_insert(f->s, &a), TEND_OK);
	assert_int_equal(store_checkin_insert(f->s, &b), TEND_OK);
	assert_int_equal(store_checkin_insert(f->s, &old), TEND_OK);
	assert_int_equal(store_recent_cards(f->s, 10, &cards, &n), TEND_OK);
	assert_int_equal(n, 4);
	assert_int_equal(cards[0], 1);
	assert_int_equal(cards[1], 2);
	assert_int_equal(cards[2], 3);
	assert_int_equal(cards[3], 4);
	free(cards);
	assert_int_equal(store_recent_cards(f->s, 13, &cards, &n), TEND_OK);
	assert_int_equal(n, 0);
	free(cards);
}

static void test_rest(void **state)
{
	struct fx *f = *state;
	tend_night *r = NULL;
	size_t n = 0;

	open_ok(f);
	assert_int_equal(store_rest_add(f->s, 5), TEND_OK);
	assert_int_equal(store_rest_add(f->s, 3), TEND_OK);
	assert_int_equal(store_rest_add(f->s, 9), TEND_OK);
	assert_int_equal(store_rest_add(f->s, 5), TEND_ERR_EXISTS);
	assert_int_equal(store_rest_list(f->s, STORE_ALL_NIGHTS, &r, &n), TEND_OK);
	assert_int_equal(n, 3);
	assert_int_equal(r[0], 3);
	assert_int_equal(r[1], 5);
	assert_int_equal(r[2], 9);
	free(r);
	assert_int_equal(store_rest_delete(f->s, 5), TEND_OK);
	assert_int_equal(store_rest_delete(f->s, 5), TEND_ERR_NOT_FOUND);
	assert_int_equal(store_rest_list(f->s, STORE_ALL_NIGHTS, &r, &n), TEND_OK);
	assert_int_equal(n, 2);
	assert_int_equal(r[0], 3);
	assert_int_equal(r[1], 9);
	free(r);
}

/* ---- entries ---------------------------------------------------------- */

static void test_entries_filter(void **state)
{
	struct fx *f = *state;
	struct store_checkin a = checkin_make(10, STORE_CHECKIN_DONE, true, 1);
	struct store_checkin b = checkin_make(11, STORE_CHECKIN_DONE, true, 1);
	struct store_entry_filter bad = { -2, -1, -1, -1 };
	int64_t j0, j1, r0, r1, n0, r2;
	struct ids ids = { .n = 0 };
	size_t n;

	open_ok(f);
	assert_int_equal(store_checkin_insert(f->s, &a), TEND_OK);
	assert_int_equal(store_checkin_insert(f->s, &b), TEND_OK);
	j0 = entry_add(f->s, 0, 1, 0, true, false);     /* 0's private journal */
	r0 = entry_add(f->s, a.id, 2, 0, true, false);  /* 0's reflection, private */
	r1 = entry_add(f->s, a.id, 2, 1, true, true);   /* 1's reflection, shared */
	n0 = entry_add(f->s, a.id, 3, 0, true, true);   /* the note */
	j1 = entry_add(f->s, 0, 1, 1, true, true);      /* 1's journal, shared */
	r2 = entry_add(f->s, b.id, 2, 1, false, true);

	assert_ids(each_ids(f->s, -1, -1, -1, -1), (int64_t[]){ j0, r0, r1, n0, j1, r2 }, 6);
	assert_ids(each_ids(f->s, 0, -1, -1, -1), (int64_t[]){ j0, j1 }, 2);
	assert_ids(each_ids(f->s, a.id, -1, -1, -1), (int64_t[]){ r0, r1, n0 }, 3);
	assert_ids(each_ids(f->s, -1, 2, -1, -1), (int64_t[]){ r0, r1, r2 }, 3);
	assert_ids(each_ids(f->s, -1, -1, 1, -1), (int64_t[]){ r1, j1, r2 }, 3);
	assert_ids(each_ids(f->s, -1, -1, -1, 0), (int64_t[]){ j0, r0, r1, n0, j1 }, 5);
	assert_ids(each_ids(f->s, -1, -1, -1, 1), (int64_t[]){ r1, n0, j1, r2 }, 4);
	assert_ids(each_ids(f->s, a.id, 2, 0, 1), NULL, 0);
	assert_ids(each_ids(f->s, a.id, 2, 1, 0), (int64_t[]){ r1 }, 1);
	assert_ids(each_ids(f->s, 0, 1, 0, 0), (int64_t[]){ j0 }, 1);
	assert_ids(each_ids(f->s, 9999, -1, -1, -1), NULL, 0);

	/* NULL filter: everything; non-zero return stops */
	ids.stop_after = 2;
	assert_int_equal(store_entry_each(f->s, NULL, collect_entry, &ids), TEND_OK);
	assert_int_equal(ids.n, 2);
	assert_int_equal(store_entry_count(f->s, NULL, &n), TEND_OK);
	assert_int_equal(n, 6);
	assert_int_equal(store_entry_count(f->s, &bad, &n), TEND_ERR_INVALID);
	bad.checkin = -1;
	bad.reader = 2;
	assert_int_equal(store_entry_each(f->s, &bad, collect_entry, &ids), TEND_ERR_INVALID);

	assert_int_equal(store_entry_delete(f->s, r0), TEND_OK);
	assert_int_equal(store_entry_delete(f->s, r0), TEND_ERR_NOT_FOUND);
	assert_ids(each_ids(f->s, a.id, -1, -1, -1), (int64_t[]){ r1, n0 }, 2);
}

/* A page of the filter (checkin, kind, reader as in each_ids) from `from`. */
static struct ids page_ids(struct store *s, int64_t checkin, int kind, int reader, int64_t from,
                           bool older, size_t limit)
{
	struct store_entry_filter flt = { checkin, kind, -1, reader };
	struct ids ids = { .n = 0 };

	assert_int_equal(store_entry_page(s, &flt, from, older, limit, collect_entry, &ids),
	                 TEND_OK);
	return ids;
}

/* Pages of the journal partner 1 may read, between entries it may not:
 * each page holds what lies next to its key, in order, and no more. */
static void test_entry_page(void **state)
{
	struct fx *f = *state;
	struct store_checkin a = checkin_make(10, STORE_CHECKIN_DONE, true, 1);
	struct store_entry_filter flt = { 0, 1, -1, 1 };
	struct ids ids = { .n = 0 };
	int64_t j[6], p[3];

	open_ok(f);
	assert_int_equal(store_checkin_insert(f->s, &a), TEND_OK);
	j[0] = entry_add(f->s, 0, 1, 1, false, true);  /* 1's private */
	p[0] = entry_add(f->s, 0, 1, 0, true, false);  /* 0's private: never */
	j[1] = entry_add(f->s, 0, 1, 0, true, true);   /* 0's shared */
	entry_add(f->s, a.id, 1, 1, false, true);      /* in a check-in: never */
	j[2] = entry_add(f->s, 0, 1, 1, false, true);
	entry_add(f->s, 0, 2, 1, false, true);         /* another kind: never */
	p[1] = entry_add(f->s, 0, 1, 0, true, false);
	p[2] = entry_add(f->s, 0, 1, 0, true, false);
	j[3] = entry_add(f->s, 0, 1, 1, true, true);
	j[4] = entry_add(f->s, 0, 1, 0, true, true);
	j[5] = entry_add(f->s, 0, 1, 1, false, true);

	/* from the newest end, newest first, a page at a time */
	assert_ids(page_ids(f->s, 0, 1, 1, 0, true, 2), (int64_t[]){ j[5], j[4] }, 2);
	assert_ids(page_ids(f->s, 0, 1, 1, j[4], true, 2), (int64_t[]){ j[3], j[2] }, 2);
	assert_ids(page_ids(f->s, 0, 1, 1, j[2], true, 2), (int64_t[]){ j[1], j[0] }, 2);
	assert_ids(page_ids(f->s, 0, 1, 1, j[0], true, 2), NULL, 0);
	/* from the oldest end, oldest first */
	assert_ids(page_ids(f->s, 0, 1, 1, 0, false, 4), (int64_t[]){ j[0], j[1], j[2], j[3] }, 4);
	assert_ids(page_ids(f->s, 0, 1, 1, j[3], false, 4), (int64_t[]){ j[4], j[5] }, 2);
	/* a key that is no entry of the filter's (deleted, or another's) */
	assert_ids(page_ids(f->s, 0, 1, 1, j[3] - 1, true, 1), (int64_t[]){ j[2] }, 1);
	assert_ids(page_ids(f->s, 0, 1, 1, j[3] - 1, false, 1), (int64_t[]){ j[3] }, 1);
	assert_ids(page_ids(f->s, 0, 1, 1, j[5] + 100, true, 1), (int64_t[]){ j[5] }, 1);
	/* partner 0 reads its own and the shared */
	assert_ids(page_ids(f->s, 0, 1, 0, j[4], true, 9),
	           (int64_t[]){ j[3], p[2], p[1], j[1], p[0] }, 5);
	/* a stop from the callback ends the page */
	ids.stop_after = 1;
	assert_int_equal(store_entry_page(f->s, &flt, 0, true, 5, collect_entry, &ids), TEND_OK);
	assert_int_equal(ids.n, 1);
	assert_int_equal(store_entry_page(f->s, &flt, 0, true, 0, collect_entry, &ids),
	                 TEND_ERR_INVALID);
	assert_int_equal(store_entry_page(f->s, &flt, -1, true, 1, collect_entry, &ids),
	                 TEND_ERR_INVALID);
	assert_int_equal(store_entry_page(f->s, &flt, 0, true, 1, NULL, &ids), TEND_ERR_INVALID);
}

/* Checks every field of the one entry test_entry_fields wrote. */
static int check_fields(const struct store_entry *e, void *ctx)
{
	int *calls = ctx;
	static const uint8_t ct[] = { 0, 1, 2, 3, 0, 255 };
	static const uint8_t seal1[] = { 42, 0, 42 };

	(*calls)++;
	assert_int_equal(e->id, 7);
	assert_int_equal(e->checkin, 0);
	assert_int_equal(e->kind, 3);
	assert_int_equal(e->author, 1);
	assert_int_equal(e->visibility, 1);
	assert_int_equal(e->night, -3);
	assert_int_equal(e->created, INT64_C(4102444800));
	assert_int_equal(e->seq, 12);
	assert_int_equal(e->ct.len, sizeof(ct));
	assert_memory_equal(e->ct.data, ct, sizeof(ct));
	assert_int_equal(e->seal[0].len, 0);
	assert_int_equal(e->seal[1].len, sizeof(seal1));
	assert_memory_equal(e->seal[1].data, seal1, sizeof(seal1));
	return 0;
}

static void test_entry_fields_and_ids(void **state)
{
	struct fx *f = *state;
	uint8_t ct[] = { 0, 1, 2, 3, 0, 255 }, seal1[] = { 42, 0, 42 };
	struct store_entry e;
	int64_t id = 0;
	int calls = 0;

	open_ok(f);
	assert_int_equal(store_entry_next_id(f->s, &id), TEND_OK);
	assert_int_equal(id, 1);
	memset(&e, 0, sizeof(e));
	e.id = 7;
	e.kind = 3;
	e.author = 1;
	e.visibility = 1;
	e.night = -3;
	e.created = INT64_C(4102444800);
	e.seq = 12;
	e.ct.data = ct;
	e.ct.len = sizeof(ct);
	e.seal[1].data = seal1;
	e.seal[1].len = sizeof(seal1);
	assert_int_equal(store_entry_insert(f->s, &e), TEND_OK);
	assert_int_equal(store_entry_insert(f->s, &e), TEND_ERR_EXISTS);
	assert_int_equal(store_entry_each(f->s, NULL, check_fields, &calls), TEND_OK);
	assert_int_equal(calls, 1);
	assert_int_equal(store_entry_next_id(f->s, &id), TEND_OK);
	assert_int_equal(id, 8);
	/* a deleted entry's id is never handed out again */
	assert_int_equal(store_entry_delete(f->s, 7), TEND_OK);
	reopen(f);
	assert_int_equal(store_entry_next_id(f->s, &id), TEND_OK);
	assert_int_equal(id, 8);

	e.id = 0;
	assert_int_equal(store_entry_insert(f->s, &e), TEND_ERR_INVALID);
	e.id = 8;
	e.author = 2;
	assert_int_equal(store_entry_insert(f->s, &e), TEND_ERR_INVALID); /* CHECK */
	e.author = 0;
	e.checkin = 12345; /* no such check-in */
	assert_int_equal(store_entry_insert(f->s, &e), TEND_ERR_INVALID);
	e.checkin = 0;
	assert_int_equal(store_entry_insert(f->s, &e), TEND_OK);
}

/* store_entry_each called again from inside its own callback. */
static int nested(const struct store_entry *e, void *ctx)
{
	struct store *s = ctx;
	struct ids ids = { .n = 0 };
	int64_t id;

	assert_int_equal(store_entry_each(s, NULL, collect_entry, &ids), TEND_OK);
	assert_int_equal(ids.n, 3);
	assert_int_equal(store_entry_next_id(s, &id), TEND_OK);
	assert_int_equal(id, 4);
	/* the outer entry is intact after the inner query */
	assert_true(e->ct.len >= 3);
	assert_memory_equal(e->ct.data, "ct", 2);
	return 0;
}

static void test_entry_each_reentrant(void **state)
{
	struct fx *f = *state;

	open_ok(f);
	for (int i = 0; i < 3; i++)
		entry_add(f->s, 0, 1, 0, true, false);
	assert_int_equal(store_entry_each(f->s, NULL, nested, f->s), TEND_OK);
}

/* ---- transactions ----------------------------------------------------- */

static void test_transactions(void **state)
{
	struct fx *f = *state;
	struct store_checkin c = checkin_make(10, STORE_CHECKIN_DONE, true, 1), got;
	int64_t v = -1;
	size_t n = 9;

	open_ok(f);
	store_rollback(f->s); /* nothing open: harmless */
	assert_int_equal(store_begin(f->s), TEND_OK);
	assert_int_not_equal(store_begin(f->s), TEND_OK); /* no nesting */
	assert_int_equal(store_checkin_insert(f->s, &c), TEND_OK);
	entry_add(f->s, c.id, 2, 0, true, false);
	assert_int_equal(store_setting_put(f->s, "bell", 1), TEND_OK);
	assert_int_equal(store_rest_add(f->s, 4), TEND_OK);
	store_rollback(f->s);
	store_rollback(f->s);
	assert_int_equal(store_checkin_get(f->s, c.id, &got), TEND_ERR_NOT_FOUND);
	assert_int_equal(store_entry_count(f->s, NULL, &n), TEND_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_setting_get(f->s, "bell", &v), TEND_OK);
	assert_int_equal(v, -1);

	assert_int_equal(store_begin(f->s), TEND_OK);
	assert_int_equal(store_checkin_insert(f->s, &c), TEND_OK);
	assert_int_equal(store_commit(f->s), TEND_OK);
	reopen(f);
	assert_int_equal(store_checkin_get(f->s, c.id, &got), TEND_OK);
	assert_int_not_equal(store_commit(f->s), TEND_OK); /* none open */
}

/* A commit that cannot write (file size limit: the disk "fills up") fails
 * cleanly, rolls back, and the store carries on afterwards. */
static void test_commit_failure_rolls_back(void **state)
{
	struct fx *f = *state;
	struct store_entry e;
	struct rlimit old, lim;
	enum tend_status st;
	size_t big = 1u << 20, n = 9; /* under the page cache: written at commit */
	uint8_t *ct = calloc(1, big);
	void (*oldsig)(int);
	int64_t v = -1;
	struct stat sb;
	off_t top = 0;

	assert_non_null(ct);
	open_ok(f);
	assert_int_equal(store_setting_put(f->s, "bell", 1), TEND_OK);
	memset(&e, 0, sizeof(e));
	assert_int_equal(store_entry_next_id(f->s, &e.id), TEND_OK);
	e.ct.data = ct;
	e.ct.len = big;
	assert_int_equal(stat(f->path, &sb), 0);
	top = sb.st_size;
	assert_int_equal(stat(side(f, "-wal"), &sb), 0);
	if (sb.st_size > top)
		top = sb.st_size;

	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	oldsig = signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(store_begin(f->s), TEND_OK);
	assert_int_equal(store_setting_put(f->s, "bell", 0), TEND_OK);
	st = store_entry_insert(f->s, &e);
	lim = old;
	lim.rlim_cur = (rlim_t)top + 256 * 1024;
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	if (st == TEND_OK)
		st = store_commit(f->s);
	else
		store_rollback(f->s);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, oldsig);
	/* SQLite says SQLITE_FULL for ENOSPC only; EFBIG is an I/O error */
	assert_true(st == TEND_ERR_FULL || st == TEND_ERR_IO);

	/* nothing half-written: neither the entry nor the setting change */
	assert_int_equal(store_entry_count(f->s, NULL, &n), TEND_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_setting_get(f->s, "bell", &v), TEND_OK);
	assert_int_equal(v, 1);
	/* and with room again, the same transaction goes through */
	assert_int_equal(store_begin(f->s), TEND_OK);
	assert_int_equal(store_entry_insert(f->s, &e), TEND_OK);
	assert_int_equal(store_commit(f->s), TEND_OK);
	assert_int_equal(store_entry_count(f->s, NULL, &n), TEND_OK);
	assert_int_equal(n, 1);
	free(ct);
}

/* A "full disk" VFS for the next test: forwards to the default VFS, but
 * xWrite answers SQLITE_FULL once full_budget bytes have been written. */
static sqlite3_vfs *full_real;         /* the VFS it forwards to */

struct full_file {
	sqlite3_file base;
	sqlite3_file *real; /* the real VFS's file, right after this struct */
};

#define REAL(f) (((struct full_file *)(f))->real)

static int full_close(sqlite3_file *f)
{
	return REAL(f)->pMethods->xClose(REAL(f));
}

/* The one method that differs: refuses writes past the budget. */
static int full_write(sqlite3_file *f, const void *b, int n, sqlite3_int64 o)
{
	if (full_budget >= 0) {
		if (n > full_budget)
			return SQLITE_FULL;
		full_budget -= n;
	}
	return REAL(f)->pMethods->xWrite(REAL(f), b, n, o);
}

static int full_read(sqlite3_file *f, void *b, int n, sqlite3_int64 o)
{
	return REAL(f)->pMethods->xRead(REAL(f), b, n, o);
}

static int full_truncate(sqlite3_file *f, sqlite3_int64 n)
{
	return REAL(f)->pMethods->xTruncate(REAL(f), n);
}

static int full_sync(sqlite3_file *f, int fl)
{
	return REAL(f)->pMethods->xSync(REAL(f), fl);
}

static int full_size(sqlite3_file *f, sqlite3_int64 *n)
{
	return REAL(f)->pMethods->xFileSize(REAL(f), n);
}

static int full_lock(sqlite3_file *f, int l)
{
	return REAL(f)->pMethods->xLock(REAL(f), l);
}

static int full_unlock(sqlite3_file *f, int l)
{
	return REAL(f)->pMethods->xUnlock(REAL(f), l);
}

static int full_reserved(sqlite3_file *f, int *r)
{
	return REAL(f)->pMethods->xCheckReservedLock(REAL(f), r);
}

static int full_fcntl(sqlite3_file *f, int op, void *a)
{
	return REAL(f)->pMethods->xFileControl(REAL(f), op, a);
}

static int full_sector(sqlite3_file *f)
{
	return REAL(f)->pMethods->xSectorSize(REAL(f));
}

static int full_dev(sqlite3_file *f)
{
	return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}

static int full_shm_map(sqlite3_file *f, int i, int sz, int ext, void volatile **p)
{
	return REAL(f)->pMethods->xShmMap(REAL(f), i, sz, ext, p);
}

static int full_shm_lock(sqlite3_file *f, int o, int n, int fl)
{
	return REAL(f)->pMethods->xShmLock(REAL(f), o, n, fl);
}

static void full_shm_barrier(sqlite3_file *f)
{
	REAL(f)->pMethods->xShmBarrier(REAL(f));
}

static int full_shm_unmap(sqlite3_file *f, int d)
{
	return REAL(f)->pMethods->xShmUnmap(REAL(f), d);
}

static int full_fetch(sqlite3_file *f, sqlite3_int64 o, int n, void **p)
{
	return REAL(f)->pMethods->xFetch(REAL(f), o, n, p);
}

static int full_unfetch(sqlite3_file *f, sqlite3_int64 o, void *p)
{
	return REAL(f)->pMethods->xUnfetch(REAL(f), o, p);
}
#undef REAL

static const sqlite3_io_methods full_io = {
	3, full_close, full_read, full_write, full_truncate, full_sync, full_size,
	full_lock, full_unlock, full_reserved, full_fcntl, full_sector, full_dev,
	full_shm_map, full_shm_lock, full_shm_barrier, full_shm_unmap,
	full_fetch, full_unfetch,
};

static int full_open(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *file,
                     int flags, int *out_flags)
{
	struct full_file *ff = (struct full_file *)file;
	int rc;

	(void)vfs;
	ff->real = (sqlite3_file *)(ff + 1);
	rc = full_real->xOpen(full_real, name, ff->real, flags, out_flags);
	ff->base.pMethods = ff->real->pMethods ? &full_io : NULL;
	return rc;
}

static void test_commit_full_disk(void **state)
{
	struct fx *f = *state;
	static uint8_t ct[65536];
	static sqlite3_vfs vfs; /* static: stays valid if an assert jumps out */
	struct store_entry e;
	size_t n = 9;
	int64_t v = -1;

	full_real = sqlite3_vfs_find(NULL);
	assert_non_null(full_real);
	vfs = *full_real;
	vfs.pNext = NULL;
	vfs.zName = "tend-test-full";
	vfs.szOsFile = (int)sizeof(struct full_file) + full_real->szOsFile;
	vfs.xOpen = full_open;
	assert_int_equal(sqlite3_vfs_register(&vfs, 1), SQLITE_OK);
	full_budget = -1;

	open_ok(f);
	assert_int_equal(store_setting_put(f->s, "bell", 1), TEND_OK);
	memset(&e, 0, sizeof(e));
	assert_int_equal(store_entry_next_id(f->s, &e.id), TEND_OK);
	e.ct.data = ct;
	e.ct.len = sizeof(ct);
	assert_int_equal(store_begin(f->s), TEND_OK);
	assert_int_equal(store_setting_put(f->s, "bell", 0), TEND_OK);
	assert_int_equal(store_entry_insert(f->s, &e), TEND_OK);
	full_budget = 8192; /* room for a frame or two, not the transaction */
	assert_int_equal(store_commit(f->s), TEND_ERR_FULL);
	full_budget = -1;
	/* no transaction left open: a new one can begin */
	assert_int_equal(store_begin(f->s), TEND_OK);
	store_rollback(f->s);
	assert_int_equal(store_entry_count(f->s, NULL, &n), TEND_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_setting_get(f->s, "bell", &v), TEND_OK);
	assert_int_equal(v, 1);
	/* a full disk during a write outside a transaction */
	full_budget = 0;
	assert_int_equal(store_entry_insert(f->s, &e), TEND_ERR_FULL);
	full_budget = -1;
	assert_int_equal(store_entry_insert(f->s, &e), TEND_OK);
	reopen(f);
	assert_int_equal(store_entry_count(f->s, NULL, &n), TEND_OK);
	assert_int_equal(n, 1);
	store_close(f->s);
	f->s = NULL;
	assert_int_equal(sqlite3_vfs_register(full_real, 1), SQLITE_OK);
	assert_int_equal(sqlite3_vfs_unregister(&vfs), SQLITE_OK);
}

/* ---- files that are not (or no longer) tend's -------------------------- */

static void test_random_file_not_tend(void **state)
{
	struct fx *f = *state;
	uint8_t buf[16384], *small = (uint8_t *)"just some text\n";
	uint32_t x = 12345;
	struct store *s = (struct store *)1;

	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)rng_next(&x);
	spit(f->path, buf, sizeof(buf));
	assert_int_equal(store_open(f->path, &s), TEND_ERR_NOT_TEND);
	assert_null(s);
	assert_same_bytes(f->path, buf, sizeof(buf));
	assert_int_equal(store_open_readonly(f->path, &s), TEND_ERR_NOT_TEND);
	assert_same_bytes(f->path, buf, sizeof(buf));
	assert_int_equal(access(side(f, "-wal"), F_OK), -1);

	spit(f->path, small, strlen((char *)small));
	assert_int_equal(store_open(f->path, &s), TEND_ERR_NOT_TEND);
	assert_same_bytes(f->path, small, strlen((char *)small));
}

static void test_other_application_not_tend(void **state)
{
	struct fx *f = *state;
	uint8_t *before;
	size_t len;

	tk_sql(f->path, "PRAGMA application_id = 1234; CREATE TABLE t (x); "
	                  "INSERT INTO t VALUES (1);");
	before = slurp(f->path, &len);
	assert_int_equal(store_open(f->path, &f->s), TEND_ERR_NOT_TEND);
	assert_null(f->s);
	assert_same_bytes(f->path, before, len);
	free(before);

	/* no application_id, but tables: someone else's database too */
	unlink(f->path);
	tk_sql(f->path, "CREATE TABLE t (x); INSERT INTO t VALUES (1);");
	before = slurp(f->path, &len);
	assert_int_equal(store_open(f->path, &f->s), TEND_ERR_NOT_TEND);
	assert_same_bytes(f->path, before, len);
	free(before);
}

static void test_too_new_untouched(void **state)
{
	struct fx *f = *state;
	uint8_t *before;
	size_t len;

	made_closed(f, 1);
	tk_sql(f->path, "PRAGMA user_version = 99;");
	before = slurp(f->path, &len);
	assert_int_equal(store_open(f->path, &f->s), TEND_ERR_TOO_NEW);
	assert_null(f->s);
	assert_same_bytes(f->path, before, len);
	assert_int_equal(store_open_readonly(f->path, &f->s), TEND_ERR_TOO_NEW);
	assert_same_bytes(f->path, before, len);
	free(before);

	/* a newer tend that stopped with its last change still in the WAL: the
	 * refusal must not checkpoint that change into the file either */
	{
		uint8_t *wal;
		size_t wlen;
		sqlite3 *db;

		assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
		assert_int_equal(sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL),
		                 SQLITE_OK);
		assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 98;", NULL, NULL, NULL),
		                 SQLITE_OK);
		assert_int_equal(sqlite3_close(db), SQLITE_OK);
		before = slurp(f->path, &len);
		wal = slurp(side(f, "-wal"), &wlen);
		assert_true(wlen > 0);
		assert_int_equal(store_open(f->path, &f->s), TEND_ERR_TOO_NEW);
		assert_same_bytes(f->path, before, len);
		assert_same_bytes(side(f, "-wal"), wal, wlen);
		free(before);
		free(wal);
	}
}

static void test_migrate_from_v0(void **state)
{
	struct fx *f = *state;
	int64_t v = 0;

	/* an SQLite file with a header and nothing in it */
	tk_sql(f->path, "CREATE TABLE x (y); DROP TABLE x;");
	open_ok(f);
	assert_int_equal(store_pragma_int(f->s, "user_version", &v), TEND_OK);
	assert_int_equal(v, STORE_SCHEMA_VERSION);
	assert_int_equal(store_pragma_int(f->s, "application_id", &v), TEND_OK);
	assert_int_equal(v, STORE_APPLICATION_ID);
	assert_int_equal(store_rest_add(f->s, 1), TEND_OK);
	store_close(f->s);
	f->s = NULL;

	/* a zero-byte file is taken too */
	unlink(f->path);
	spit(f->path, "", 0);
	open_ok(f);
	assert_int_equal(store_rest_add(f->s, 1), TEND_OK);
	reopen(f);
	assert_int_equal(store_rest_add(f->s, 1), TEND_ERR_EXISTS);
}

/* How many of the schema's objects are named `name` (0 or 1). */
static int64_t schema_has(struct store *s, const char *name)
{
	sqlite3_stmt *q;
	int64_t n = -1;

	assert_int_equal(sqlite3_prepare_v2(store_db(s),
	                                    "SELECT count(*) FROM sqlite_schema WHERE name = ?1", -1,
	                                    &q, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	n = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return n;
}

/* A file of schema version 4, with its rows, gains version 5's indexes and
 * keeps every row; and the history's page then walks without sorting. */
static void test_migrate_v4_to_v5(void **state)
{
	struct fx *f = *state;
	struct store_checkin c = checkin_make(20, STORE_CHECKIN_DONE, true, 3), got;
	int64_t v = 0;
	sqlite3_stmt *q;
	bool sorts = false;

	open_ok(f);
	assert_int_equal(store_checkin_insert(f->s, &c), TEND_OK);
	store_close(f->s);
	f->s = NULL;
	tk_sql(f->path, "DROP INDEX checkin_page; DROP INDEX entry_checkin_kind;"
	                "PRAGMA user_version = 4;");
	open_ok(f);
	assert_int_equal(store_pragma_int(f->s, "user_version", &v), TEND_OK);
	assert_int_equal(v, 5);
	assert_int_equal(schema_has(f->s, "checkin_page"), 1);
	assert_int_equal(schema_has(f->s, "entry_checkin_kind"), 1);
	assert_int_equal(store_checkin_get(f->s, c.id, &got), TEND_OK);
	assert_checkin_equal(&got, &c);
	/* the page's order comes from the index: no temporary b-tree */
	assert_int_equal(sqlite3_prepare_v2(store_db(f->s),
	                                    "EXPLAIN QUERY PLAN SELECT * FROM checkin WHERE "
	                                    "state = 1 AND (night, id) < (?1, ?2) ORDER BY "
	                                    "night DESC, id DESC LIMIT 24",
	                                    -1, &q, NULL),
	                 SQLITE_OK);
	while (sqlite3_step(q) == SQLITE_ROW)
		sorts |= strstr((const char *)sqlite3_column_text(q, 3), "TEMP B-TREE") != NULL;
	sqlite3_finalize(q);
	assert_false(sorts);
}

static void test_readonly(void **state)
{
	struct fx *f = *state;
	struct store *ro = NULL;
	struct store_checkin c = checkin_make(10, STORE_CHECKIN_DONE, true, 1), got;
	int64_t v = 0;

	assert_int_equal(store_open_readonly(f->path, &ro), TEND_ERR_NOT_SETUP);
	assert_int_equal(access(f->path, F_OK), -1); /* never creates */
	spit(f->path, "", 0);
	assert_int_equal(store_open_readonly(f->path, &ro), TEND_ERR_NOT_SETUP);
	unlink(f->path);

	open_ok(f);
	assert_int_equal(store_checkin_insert(f->s, &c), TEND_OK);
	store_close(f->s);
	f->s = NULL;
	assert_int_equal(store_open_readonly(f->path, &ro), TEND_OK);
	assert_int_equal(store_checkin_get(ro, c.id, &got), TEND_OK);
	assert_checkin_equal(&got, &c);
	assert_int_equal(store_pragma_int(ro, "user_version", &v), TEND_OK);
	assert_int_equal(v, STORE_SCHEMA_VERSION);
	assert_int_equal(store_setting_put(ro, "bell", 1), TEND_ERR_READONLY);
	v = 42;
	assert_int_equal(store_setting_get(ro, "bell", &v), TEND_OK);
	assert_int_equal(v, 42); /* still absent: nothing was written */
	store_close(ro);
}

static void test_session_lock(void **state)
{
	struct fx *f = *state;
	struct store *s2 = NULL;
	int64_t v = 0;

	open_ok(f);
	assert_int_equal(store_lock_session(f->s), TEND_OK);
	assert_int_equal(store_lock_session(f->s), TEND_OK); /* again: still ours */
	assert_int_equal(store_open(f->path, &s2), TEND_OK);
	assert_int_equal(store_lock_session(s2), TEND_ERR_BUSY);
	/* the lock is only for sessions: plain writes still go through */
	assert_int_equal(store_setting_put(s2, "bell", 3), TEND_OK);
	assert_int_equal(store_setting_get(f->s, "bell", &v), TEND_OK);
	assert_int_equal(v, 3);
	store_close(f->s);
	f->s = NULL;
	assert_int_equal(store_lock_session(s2), TEND_OK);
	store_close(s2);
	/* no lock file left behind */
	assert_int_equal(access(side(f, ".lock"), F_OK), -1);
}

/* What a status line sees: whether a screen holds the session lock, looked
 * at without keeping it. */
static void test_session_held(void **state)
{
	struct fx *f = *state;
	struct store *s2 = NULL;
	bool held = true;

	open_ok(f);
	assert_int_equal(store_open_readonly(f->path, &s2), TEND_OK);
	assert_int_equal(store_session_held(s2, &held), TEND_OK);
	assert_false(held);
	assert_int_equal(store_lock_session(f->s), TEND_OK); /* looking took nothing */
	assert_int_equal(store_session_held(s2, &held), TEND_OK);
	assert_true(held);
	assert_int_equal(store_session_held(f->s, &held), TEND_OK);
	assert_true(held);                                    /* its own, kept */
	assert_int_equal(store_session_held(s2, &held), TEND_OK);
	assert_true(held);
	store_close(f->s);
	f->s = NULL;
	assert_int_equal(store_session_held(s2, &held), TEND_OK);
	assert_false(held);
	store_close(s2);
	/* a database in memory (a backup's snapshot) is nobody's screen */
	{
		size_t len = 0;
		uint8_t *img = tk_slurp(f->path, &len);

		assert_non_null(img);
		assert_int_equal(store_open_image(img, len, &s2), TEND_OK);
		held = true;
		assert_int_equal(store_session_held(s2, &held), TEND_OK);
		assert_false(held);
		store_close(s2);
		free(img);
	}
}

/* Lets go of the shared flock on *fd after a few milliseconds. */
static void *unlock_soon(void *arg)
{
	struct timespec ms = { 0, 2000000 };

	nanosleep(&ms, NULL);
	flock(*(int *)arg, LOCK_UN);
	return NULL;
}

/* A screen starting while a status line looks (its shared flock held)
 * waits for it, instead of saying tend is open elsewhere. */
static void test_session_lock_waits_for_a_look(void **state)
{
	struct fx *f = *state;
	pthread_t t;
	int fd;

	open_ok(f);
	assert_true((fd = open(f->path, O_RDONLY | O_CLOEXEC)) >= 0);
	assert_int_equal(flock(fd, LOCK_SH | LOCK_NB), 0);
	assert_int_equal(pthread_create(&t, NULL, unlock_soon, &fd), 0);
	assert_int_equal(store_lock_session(f->s), TEND_OK);
	assert_int_equal(pthread_join(t, NULL), 0);
	/* a lock that stays is said, after that short wait */
	assert_int_equal(flock(fd, LOCK_SH | LOCK_NB), -1);
	store_close(f->s);
	f->s = NULL;
	assert_int_equal(flock(fd, LOCK_EX | LOCK_NB), 0);
	assert_int_equal(store_open(f->path, &f->s), TEND_OK);
	assert_int_equal(store_lock_session(f->s), TEND_ERR_BUSY);
	close(fd);
}

/* Damage the middle of a database with many pages. */
static void test_corrupt(void **state)
{
	struct fx *f = *state;
	uint8_t *ct = malloc(2000), *bytes;
	struct store_entry e;
	enum tend_status st;
	uint32_t x = 99;
	size_t len, n;

	assert_non_null(ct);
	open_ok(f);
	assert_int_equal(store_begin(f->s), TEND_OK);
	for (int i = 0; i < 300; i++) {
		memset(&e, 0, sizeof(e));
		assert_int_equal(store_entry_next_id(f->s, &e.id), TEND_OK);
		memset(ct, i, 2000);
		e.ct.data = ct;
		e.ct.len = 2000;
		assert_int_equal(store_entry_insert(f->s, &e), TEND_OK);
	}
	assert_int_equal(store_commit(f->s), TEND_OK);
	store_close(f->s);
	f->s = NULL;
	free(ct);

	/* garbage over the middle pages */
	bytes = slurp(f->path, &len);
	assert_true(len > 200000);
	for (size_t i = len / 3; i < len / 3 + 65536; i++)
		bytes[i] = (uint8_t)rng_next(&x);
	spit(f->path, bytes, len);
	st = store_open(f->path, &f->s);
	if (st == TEND_OK)
		st = store_entry_count(f->s, NULL, &n);
	if (st == TEND_OK)
		st = store_entry_each(f->s, NULL, collect_entry_any, NULL);
	assert_true(st == TEND_ERR_CORRUPT || st == TEND_ERR_NOT_TEND);
	store_close(f->s);
	f->s = NULL;

	/* cut in half */
	spit(f->path, bytes, len / 2);
	st = store_open(f->path, &f->s);
	if (st == TEND_OK)
		st = store_entry_each(f->s, NULL, collect_entry_any, NULL);
	assert_true(st == TEND_ERR_CORRUPT || st == TEND_ERR_NOT_TEND);
	store_close(f->s);
	f->s = NULL;

	/* the schema page destroyed, header kept */
	for (size_t i = 100; i < 4096; i++)
		bytes[i] = (uint8_t)rng_next(&x);
	spit(f->path, bytes, len);
	st = store_open(f->path, &f->s);
	assert_true(st == TEND_ERR_CORRUPT || st == TEND_ERR_NOT_TEND);
	assert_null(f->s);
	st = store_open_readonly(f->path, &f->s);
	assert_true(st == TEND_ERR_CORRUPT || st == TEND_ERR_NOT_TEND);
	free(bytes);
}

/* ---- what failures are called ------------------------------------------ */

static void test_status_mapping(void **state)
{
	(void)state;
	/* I/O errors are I/O errors, whatever was being read */
	assert_int_equal(store_status(SQLITE_IOERR), TEND_ERR_IO);
	assert_int_equal(store_status(SQLITE_IOERR_READ), TEND_ERR_IO);
	assert_int_equal(store_status(SQLITE_IOERR_SHORT_READ), TEND_ERR_IO);
	assert_int_equal(store_status(SQLITE_IOERR_WRITE), TEND_ERR_IO);
	assert_int_equal(store_status(SQLITE_IOERR_FSYNC), TEND_ERR_IO);
	assert_int_equal(store_status(SQLITE_IOERR_SHMMAP), TEND_ERR_IO);
	assert_int_equal(store_status(SQLITE_IOERR_NOMEM), TEND_ERR_NOMEM);
	/* damage is damage */
	assert_int_equal(store_status(SQLITE_CORRUPT), TEND_ERR_CORRUPT);
	assert_int_equal(store_status(SQLITE_CORRUPT_INDEX), TEND_ERR_CORRUPT);
	assert_int_equal(store_status(SQLITE_NOTADB), TEND_ERR_CORRUPT);
	/* permissions are permissions, read-only is read-only */
	assert_int_equal(store_status(SQLITE_CANTOPEN), TEND_ERR_PERM);
	assert_int_equal(store_status(SQLITE_PERM), TEND_ERR_PERM);
	assert_int_equal(store_status(SQLITE_READONLY), TEND_ERR_READONLY);
	assert_int_equal(store_status(SQLITE_READONLY_CANTINIT), TEND_ERR_READONLY);
	assert_int_equal(store_status(SQLITE_FULL), TEND_ERR_FULL);
	assert_int_equal(store_status(SQLITE_BUSY_SNAPSHOT), TEND_ERR_BUSY);
	assert_int_equal(store_status(SQLITE_OK), TEND_OK);
	assert_int_equal(store_status(SQLITE_DONE), TEND_OK);
	assert_int_equal(store_status_db(NULL, SQLITE_IOERR_READ), TEND_ERR_IO);

	assert_int_equal(tend_status_errno(EACCES), TEND_ERR_PERM);
	assert_int_equal(tend_status_errno(EPERM), TEND_ERR_PERM);
	assert_int_equal(tend_status_errno(EROFS), TEND_ERR_READONLY);
	assert_int_equal(tend_status_errno(ENOSPC), TEND_ERR_FULL);
	assert_int_equal(tend_status_errno(EIO), TEND_ERR_IO);
	assert_int_equal(tend_status_errno(EMFILE), TEND_ERR_IO);
	assert_int_equal(tend_status_errno(0), TEND_OK);
	/* the messages say which they are */
	assert_non_null(strstr(tend_strerror(TEND_ERR_IO), "failed to read or write"));
	assert_non_null(strstr(tend_strerror(TEND_ERR_PERM), "not allowed to open"));
	assert_non_null(strstr(tend_strerror(TEND_ERR_READONLY), "read-only"));
	assert_non_null(strstr(tend_strerror(TEND_ERR_CORRUPT), "damaged"));
}

/* The entries of folder `dir`, sorted, one a line, into buf. */
static void listing(const char *dir, char *buf, size_t size)
{
	struct dirent **names;
	size_t len = 0;
	int n = scandir(dir, &names, NULL, alphasort);

	assert_true(n >= 0);
	buf[0] = '\0';
	for (int i = 0; i < n; i++) {
		len += (size_t)snprintf(buf + len, len < size ? size - len : 0, "%s\n",
		                        names[i]->d_name);
		free(names[i]);
	}
	free(names);
	assert_true(len < size);
}

/* Every refusal leaves the folder as it was: no -wal, no -shm. */
static void test_refusals_create_nothing(void **state)
{
	struct fx *f = *state;
	char before[512], after[512];
	uint8_t *bytes;
	size_t len;
	struct {
		const char *what;
		enum tend_status st;
	} cases[] = {
		{ "too new", TEND_ERR_TOO_NEW },
		{ "someone else's", TEND_ERR_NOT_TEND },
		{ "schema damaged", TEND_ERR_CORRUPT },
	};

	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		unlink(f->path);
		open_ok(f);
		assert_int_equal(store_rest_add(f->s, 3), TEND_OK);
		store_close(f->s);
		f->s = NULL;
		if (k == 0) {
			char sql[64];

			snprintf(sql, sizeof(sql), "PRAGMA user_version = %d;",
			         STORE_SCHEMA_VERSION + 1);
			tk_sql(f->path, sql);
		}
		if (k == 1)
			tk_sql(f->path, "PRAGMA application_id = 77;");
		/* the sqlite3 tool leaves the file in WAL mode and tidies up */
		assert_int_equal(access(side(f, "-wal"), F_OK), -1);
		bytes = slurp(f->path, &len);
		if (k == 2) {
			/* the schema page (page 1 after the header) overwritten */
			memset(bytes + 100, 0x5a, 3900);
			spit(f->path, bytes, len);
		}
		listing(f->dir, before, sizeof(before));
		assert_int_equal(store_open(f->path, &f->s), cases[k].st);
		assert_null(f->s);
		assert_int_equal(store_open_readonly(f->path, &f->s), cases[k].st);
		assert_null(f->s);
		listing(f->dir, after, sizeof(after));
		assert_string_equal(after, before);
		assert_same_bytes(f->path, bytes, len);
		free(bytes);
	}
}

/* Reading a database that can be written leaves no -wal or -shm behind,
 * and changes no byte of it. */
static void test_readonly_leaves_folder_tidy(void **state)
{
	struct fx *f = *state;
	char before[512], after[512];
	struct store *ro = NULL;
	uint8_t *bytes;
	size_t len;
	int64_t v = 0;

	made_closed(f, 5);
	bytes = slurp(f->path, &len);
	listing(f->dir, before, sizeof(before));
	assert_int_equal(store_open_readonly(f->path, &ro), TEND_OK);
	assert_int_equal(store_setting_get(ro, "bell", &v), TEND_OK);
	assert_int_equal(v, 5);
	assert_int_equal(store_setting_put(ro, "bell", 6), TEND_ERR_READONLY);
	store_close(ro);
	listing(f->dir, after, sizeof(after));
	assert_string_equal(after, before);
	assert_same_bytes(f->path, bytes, len);
	free(bytes);
}

/* Gives `path` to the user as_nobody runs as: nobody when the tests run as
 * root, else it stays ours (and permissions already stop us). */
static void give_away(const char *path)
{
	if (geteuid() == 0)
		assert_int_equal(chown(path, 65534, 65534), 0);
}

/* Takes `path` back from that user (see give_away). */
static void take_back(const char *path)
{
	if (geteuid() == 0)
		assert_int_equal(chown(path, 0, 0), 0);
}

/* What a process of another user (nobody) sees of `path`: the status of
 * store_open_readonly, of a read through it, and of store_open; run in a
 * child that, when the tests run as root (whom permissions do not stop),
 * becomes nobody. Each status is one byte of the child's report on a pipe. */
static void as_nobody(const char *path, enum tend_status got[3])
{
	int fds[2], status;
	uint8_t rep[3] = { 0xff, 0xff, 0xff };
	pid_t pid;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct store *s = NULL;
		int64_t v = 0;

		close(fds[0]);
		if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
			_exit(2);
		rep[0] = (uint8_t)store_open_readonly(path, &s);
		rep[1] = s ? (uint8_t)store_setting_get(s, "bell", &v) : 0xff;
		store_close(s);
		s = NULL;
		rep[2] = (uint8_t)store_open(path, &s);
		store_close(s);
		_exit(write(fds[1], rep, sizeof(rep)) == (ssize_t)sizeof(rep) ? 0 : 3);
	}
	close(fds[1]);
	assert_int_equal(read(fds[0], rep, sizeof(rep)), (ssize_t)sizeof(rep));
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	for (int i = 0; i < 3; i++)
		got[i] = (enum tend_status)rep[i];
}

/* As `nobody`: the file at `path` reads (both ways), refuses writing as
 * read-only, and the folder `dir` still lists `before`, the file still
 * holds its `len` bytes. */
static void assert_read_as_it_lies(const char *path, const char *dir, const char *before,
                                   const uint8_t *bytes, size_t len)
{
	enum tend_status got[3];
	char after[512];

	as_nobody(path, got);
	assert_int_equal(got[0], TEND_OK);
	assert_int_equal(got[1], TEND_OK);
	assert_int_equal(got[2], TEND_ERR_READONLY);
	listing(dir, after, sizeof(after));
	assert_string_equal(after, before);
	assert_same_bytes(path, bytes, len);
}

/* A file and a folder that cannot be written: read as they lie (nothing
 * created, not a byte changed); writing is refused as read-only; and a
 * file the user may not read at all is a matter of permissions. */
static void test_readonly_file_and_folder(void **state)
{
	struct fx *f = *state;
	char before[512];
	enum tend_status got[3];
	uint8_t *bytes;
	size_t len;

	made_closed(f, 5);
	bytes = slurp(f->path, &len);
	give_away(f->dir);
	give_away(f->path);

	/* a 0400 file in a folder that may be written */
	assert_int_equal(chmod(f->path, 0400), 0);
	listing(f->dir, before, sizeof(before));
	for (int twice = 0; twice < 2; twice++) /* the first leaves no -shm in the way */
		assert_read_as_it_lies(f->path, f->dir, before, bytes, len);

	/* a writable file in a folder that may not be written */
	assert_int_equal(chmod(f->path, 0600), 0);
	assert_int_equal(chmod(f->dir, 0500), 0);
	assert_read_as_it_lies(f->path, f->dir, before, bytes, len);

	/* a file its user may not read */
	assert_int_equal(chmod(f->dir, 0700), 0);
	if (geteuid() == 0)
		take_back(f->path);
	else
		assert_int_equal(chmod(f->path, 0000), 0);
	as_nobody(f->path, got);
	assert_int_equal(got[0], TEND_ERR_PERM);
	assert_int_equal(got[2], TEND_ERR_PERM);
	assert_int_equal(chmod(f->path, 0600), 0);
	take_back(f->dir);
	free(bytes);
}

/* A read-only file whose name SQLite's URIs would misread ('?', '#', '%',
 * a space) is still read as itself, through the escaped URI. */
static void test_readonly_odd_name(void **state)
{
	struct fx *f = *state;
	char odd[192];
	enum tend_status got[3];

	made_closed(f, 5);
	snprintf(odd, sizeof(odd), "%s/our ?mode=rw#1 %%41.db", f->dir);
	assert_int_equal(rename(f->path, odd), 0);
	give_away(f->dir);
	give_away(odd);
	assert_int_equal(chmod(odd, 0400), 0);
	as_nobody(odd, got);
	assert_int_equal(got[0], TEND_OK);
	assert_int_equal(got[1], TEND_OK);
	assert_int_equal(got[2], TEND_ERR_READONLY);
	assert_int_equal(access(side(f, ""), F_OK), -1); /* no file by the plain name */
	take_back(f->dir);
}

/* Every number of a check-in, an entry, a night and a rest night that
 * someone put out of range reads as one tend could have written. */
static void test_numbers_from_the_file_held(void **state)
{
	struct fx *f = *state;
	struct store_checkin a = checkin_make(10, STORE_CHECKIN_DONE, true, 1), got;
	struct store_entry e = { 0 };
	struct store_night *nights = NULL;
	tend_night *rest = NULL;
	struct store_ending end[2];
	uint8_t ct[] = { 1, 2, 3 };
	size_t n = 0;
	int64_t id = 0;

	open_ok(f);
	assert_int_equal(store_checkin_insert(f->s, &a), TEND_OK);
	assert_int_equal(store_entry_next_id(f->s, &id), TEND_OK);
	e.id = id;
	e.kind = 1;
	e.night = 10;
	e.ct.data = ct;
	e.ct.len = sizeof(ct);
	assert_int_equal(store_entry_insert(f->s, &e), TEND_OK);
	assert_int_equal(store_rest_add(f->s, 12), TEND_OK);
	store_close(f->s);
	f->s = NULL;
	/* the sqlite3 tool can switch SQLite's CHECKs off */
	tk_sql(f->path,
	       "PRAGMA ignore_check_constraints = ON;"
	       "UPDATE checkin SET night = 9223372036854775807, started = -9223372036854775808, "
	       "pillars = -1, state = 7, step_left_ms = -1, step_len_ms = 9223372036854775807, "
	       "ran_ms = 4611686018427387904, confirmed = -1, ended = 4294967298, topic = -4;"
	       "UPDATE entry SET kind = 4294967297, author = 4294967296, visibility = -4294967295, "
	       "night = -9223372036854775807, created = 9223372036854775807, seq = -3;"
	       "UPDATE rest SET night = 4294967308;");
	open_ok(f);
	assert_int_equal(store_checkin_get(f->s, a.id, &got), TEND_OK);
	assert_int_equal(got.night, 2932896); /* 9999-12-31 */
	assert_int_equal(got.started, INT64_C(-62135596800));
	assert_int_equal(got.pillars, PILLAR_ALL);
	assert_int_equal(got.state, STORE_CHECKIN_DONE);
	assert_int_equal(got.step_left_ms, 0);
	assert_int_equal(got.step_len_ms, INT64_C(7) * 24 * 3600 * 1000);
	assert_int_equal(got.ran_ms, INT64_C(7) * 24 * 3600 * 1000);
	assert_int_equal(got.ended, STORE_ENDED_EARLY); /* 4294967298 is not 2 */
	assert_int_equal(got.topic, 0);
	/* the lists pick saved check-ins by state: make it one again */
	store_close(f->s);
	f->s = NULL;
	tk_sql(f->path, "UPDATE checkin SET state = 1;");
	open_ok(f);
	assert_int_equal(store_recent_endings(f->s, end, 2, &n), TEND_OK);
	assert_int_equal(n, 1);
	assert_int_equal(end[0].ended, STORE_ENDED_EARLY);
	assert_int_equal(store_nights(f->s, STORE_ALL_NIGHTS, &nights, &n), TEND_OK);
	assert_int_equal(n, 1);
	assert_int_equal(nights[0].night, 2932896);
	assert_int_equal(nights[0].pillars, PILLAR_ALL);
	free(nights);
	assert_int_equal(store_rest_list(f->s, STORE_ALL_NIGHTS, &rest, &n), TEND_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rest[0], 2932896); /* not 12, as a cut to 32 bits would say */
	free(rest);

	/* the entry's numbers bound into its record read as impossible ones,
	 * never as a 32-bit cut that could match another's */
	assert_int_equal(store_entry_get(f->s, id, &e), TEND_OK);
	assert_int_equal(e.kind, -1);
	assert_int_equal(e.author, -1);
	assert_int_equal(e.visibility, -1);
	assert_int_equal(e.night, -719162);
	assert_int_equal(e.created, INT64_C(253402300799));
	assert_int_equal(e.seq, 0);
	store_entry_clear(&e);

	/* an entry id at the end of int64: no next id, said as damage */
	store_close(f->s);
	f->s = NULL;
	tk_sql(f->path, "UPDATE entry SET id = 9223372036854775807;");
	open_ok(f);
	assert_int_equal(store_entry_next_id(f->s, &id), TEND_ERR_CORRUPT);
}

/* ---- scale ------------------------------------------------------------ */

static void test_twenty_years(void **state)
{
	struct fx *f = *state;
	const int nights = 7300, base = 12000;
	struct store_checkin c;
	struct store_night *n = NULL;
	size_t len = 0;

	open_ok(f);
	assert_int_equal(store_begin(f->s), TEND_OK);
	for (int i = 0; i < nights; i++) {
		c = checkin_make(base + i, STORE_CHECKIN_DONE, i % 3 != 0, (pillar_set)(i % 32));
		c.ncards = 4;
		for (int k = 0; k < 4; k++)
			c.cards[k] = (uint32_t)(i * 4 + k + 1);
		assert_int_equal(store_checkin_insert(f->s, &c), TEND_OK);
	}
	assert_int_equal(store_commit(f->s), TEND_OK);
	assert_int_equal(store_nights(f->s, STORE_ALL_NIGHTS, &n, &len), TEND_OK);
	assert_int_equal(len, (size_t)nights);
	for (int i = 0; i < nights; i++) {
		assert_int_equal(n[i].night, base + i);
		assert_int_equal(n[i].counted, i % 3 != 0);
		assert_int_equal(n[i].pillars, i % 3 != 0 ? (pillar_set)(i % 32) : 0);
	}
	free(n);
	{
		uint32_t *cards = NULL;
		size_t nc = 0;

		assert_int_equal(store_recent_cards(f->s, base + nights - 7, &cards, &nc), TEND_OK);
		assert_int_equal(nc, 28);
		assert_int_equal(cards[0], (uint32_t)((nights - 7) * 4 + 1));
		free(cards);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_open_creates_0600),
		T(test_pragmas),
		T(test_deleted_bytes_gone),
		T(test_reopen_keeps_data),
		T(test_couple),
		T(test_couple_put_is_atomic),
		T(test_settings),
		T(test_checkin_roundtrip),
		T(test_checkin_draft),
		T(test_checkin_numbers_held),
		T(test_checkin_delete_cascades),
		T(test_checkin_each),
		T(test_checkin_page),
		T(test_fold),
		T(test_nights),
		T(test_recent_cards),
		T(test_rest),
		T(test_entries_filter),
		T(test_entry_page),
		T(test_entry_fields_and_ids),
		T(test_entry_each_reentrant),
		T(test_transactions),
		T(test_commit_failure_rolls_back),
		T(test_commit_full_disk),
		T(test_random_file_not_tend),
		T(test_other_application_not_tend),
		T(test_too_new_untouched),
		T(test_migrate_from_v0),
		T(test_migrate_v4_to_v5),
		T(test_readonly),
		T(test_session_lock),
		T(test_session_held),
		T(test_session_lock_waits_for_a_look),
		T(test_corrupt),
		T(test_twenty_years),
		T(test_status_mapping),
		T(test_refusals_create_nothing),
		T(test_readonly_leaves_folder_tidy),
		T(test_readonly_file_and_folder),
		T(test_readonly_odd_name),
		T(test_numbers_from_the_file_held),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
