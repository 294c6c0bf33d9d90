/* test_app_keep.c: "your words are yours to keep", below the screens:
 * recovery codes (made at setup and later, used, damaged, swapped), two
 * partners never sharing a passphrase, strength estimates, backups and
 * restores (into a fresh home, over a database only when asked, refused
 * when changed), exports, verify, and forgetting with nothing left in the
 * files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tend/app.h"
#include "tend/store.h"
#include "tend/vault.h"
#include "testkit.h"

/* 2026-11-24 21:00 UTC: a Tuesday evening. */
#define EVENING ((time_t)1795554000)
#define DAY ((time_t)86400)

struct fx {
	char dir[64];
	char db[128];
	struct app *app;
	char *code[2];  /* guarded: Zoë's recovery code; Łukasz has none */
};

static const char *const names[2] = { "Zo\xc3\xab", "\xc5\x81ukasz" };
static const char *const passes[2] = { "correct horse", "battery staple" };

static const char *in_dir(struct fx *f, const char *name)
{
	static char p[256];

	snprintf(p, sizeof(p), "%s/%s", f->dir, name);
	return p;
}

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	const size_t lens[2] = { strlen(passes[0]), strlen(passes[1]) };
	char *codes[2];
	char err[256] = "";

	setenv("TZ", "UTC", 1);
	setenv("TEND_DATA_DIR", "data", 1);
	snprintf(f->dir, sizeof(f->dir), "/tmp/tend-keep-app-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	setenv("XDG_CONFIG_HOME", f->dir, 1);
	snprintf(f->db, sizeof(f->db), "%s/tend.db", f->dir);
	assert_int_equal(app_open(f->db, false, &f->app, err, sizeof(err)), TEND_OK);
	f->code[0] = app_secure_alloc(APP_RECOVERY_TEXT + 1);
	codes[0] = f->code[0];
	codes[1] = NULL;
	assert_int_equal(app_setup(f->app, names, passes, lens, APP_KDF_INTERACTIVE, codes,
	                           EVENING), TEND_OK);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;
	char cmd[160];

	app_close(f->app);
	app_secure_free(f->code[0]);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

static struct app_reader *unlock_with(struct app *app, int who, const char *pass)
{
	struct app_reader *r = NULL;

	assert_int_equal(app_unlock(app, who, pass, strlen(pass), &r), TEND_OK);
	return r;
}

static struct app_reader *unlock(struct app *app, int who)
{
	return unlock_with(app, who, passes[who]);
}

static enum tend_status try_unlock(struct app *app, int who, const char *pass)
{
	struct app_reader *r = NULL;
	enum tend_status st = app_unlock(app, who, pass, strlen(pass), &r);

	app_reader_free(r);
	return st;
}

static void write_as(struct app *app, int who, bool shared, const char *text, time_t now)
{
	struct app_reader *r = shared ? NULL : unlock(app, who);

	assert_int_equal(app_write(app, r, who, shared, text, strlen(text), now), TEND_OK);
	app_reader_free(r);
}

/* What a reader sees, joined. */
struct seen {
	char all[8192];
	int n, bad;
};

static int collect(const struct app_item *it, void *ctx)
{
	struct seen *s = ctx;
	size_t used = strlen(s->all);

	if (it->status != TEND_OK) {
		s->bad++;
		return 0;
	}
	s->n++;
	snprintf(s->all + used, sizeof(s->all) - used, "[%lld|%.*s]", (long long)it->id,
	         (int)it->len, it->text);
	return 0;
}

static struct seen read_all(struct app *app, int who, const char *pass)
{
	struct seen s = { 0 };
	struct app_reader *r = unlock_with(app, who, pass);

	assert_int_equal(app_read_each(r, NULL, collect, &s), TEND_OK);
	app_reader_free(r);
	return s;
}

static void reopen_app(struct fx *f)
{
	char err[256];

	app_close(f->app);
	f->app = NULL;
	assert_int_equal(app_open(f->db, false, &f->app, err, sizeof(err)), TEND_OK);
}

/* ---- passphrases and recovery codes ------------------------------------ */

static void test_setup_gives_a_code_to_whoever_asks(void **state)
{
	struct fx *f = *state;

	assert_int_equal(strlen(f->code[0]), APP_RECOVERY_TEXT);
	/* the cost a new passphrase is judged at is the one set up */
	assert_int_equal(app_partner_kdf(f->app, 0), APP_KDF_INTERACTIVE);
	assert_int_equal(app_partner_kdf(f->app, 1), APP_KDF_INTERACTIVE);
	assert_int_equal(app_recovery_state(f->app, 0), TEND_OK);
	assert_int_equal(app_recovery_state(f->app, 1), TEND_ERR_NOT_FOUND);
	reopen_app(f);
	assert_int_equal(app_recovery_state(f->app, 0), TEND_OK);
	assert_int_equal(app_recovery_state(f->app, 1), TEND_ERR_NOT_FOUND);
	for (int g = 0; g < APP_RECOVERY_GROUPS; g++)
		assert_true(app_recovery_group_is(f->code[0], g, f->code[0] + 5 * g, 4));
	assert_false(app_recovery_group_is(f->code[0], 0, "UUUU", 4));
}

static void test_setup_refuses_one_passphrase_for_two(void **state)
{
	struct fx *f = *state;
	struct app *app = NULL;
	const char *same[2] = { "one for both", "one for both" };
	const size_t lens[2] = { 12, 12 };
	char err[256];

	assert_int_equal(app_open(in_dir(f, "two.db"), false, &app, err, sizeof(err)), TEND_OK);
	assert_int_equal(app_setup(app, names, same, lens, APP_KDF_INTERACTIVE, NULL, EVENING),
	                 TEND_ERR_SAME_PASSPHRASE);
	assert_false(app_is_setup(app));
	app_close(app);
}

/* A recovery code sets a new passphrase; everything written stays
 * readable; the code keeps working; the old passphrase no longer opens. */
static void test_recover(void **state)
{
	struct fx *f = *state;
	char typed[64];
	struct seen s;

	write_as(f->app, 0, false, "Zoe private before", EVENING);
	write_as(f->app, 1, true, "Lukasz shared before", EVENING);
	assert_int_equal(app_recover(f->app, 0, f->code[0], strlen(f->code[0]), "a new lantern",
	                             13), TEND_OK);
	assert_int_equal(try_unlock(f->app, 0, passes[0]), TEND_ERR_PASSPHRASE);
	s = read_all(f->app, 0, "a new lantern");
	assert_int_equal(s.n, 2);
	assert_int_equal(s.bad, 0);
	assert_non_null(strstr(s.all, "Zoe private before"));
	reopen_app(f);
	assert_int_equal(try_unlock(f->app, 0, "a new lantern"), TEND_OK);
	/* typed the way people type it: lower case, spaces, no dashes */
	snprintf(typed, sizeof(typed), "%s", f->code[0]);
	for (char *p = typed; *p; p++)
		*p = *p == '-' ? ' ' : (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
	assert_int_equal(app_recover(f->app, 0, typed, strlen(typed), "and once more", 13), TEND_OK);
	assert_int_equal(try_unlock(f->app, 0, "and once more"), TEND_OK);
	assert_int_equal(try_unlock(f->app, 1, passes[1]), TEND_OK);
}

static void test_recover_refuses(void **state)
{
	struct fx *f = *state;
	char other[APP_RECOVERY_TEXT + 1], typo[APP_RECOVERY_TEXT + 1];
	struct app_reader *r;
	const char *code = f->code[0];

	/* Łukasz has no code */
	assert_int_equal(app_recover(f->app, 1, code, strlen(code), "x y z", 5), TEND_ERR_NOT_FOUND);
	/* not a code at all, or a typo */
	assert_int_equal(app_recover(f->app, 0, "hello", 5, "x y z", 5), TEND_ERR_INVALID);
	snprintf(typo, sizeof(typo), "%s", code);
	typo[0] = typo[0] == '7' ? '8' : '7';
	assert_int_equal(app_recover(f->app, 0, typo, strlen(typo), "x y z", 5), TEND_ERR_PARSE);
	/* a well-formed code that is not Zoë's */
	r = unlock(f->app, 1);
	assert_int_equal(app_recovery_new(r, other), TEND_OK);
	app_reader_free(r);
	assert_int_equal(app_recover(f->app, 0, other, strlen(other), "x y z", 5),
	                 TEND_ERR_PASSPHRASE);
	/* the other partner's passphrase: each needs their own */
	assert_int_equal(app_recover(f->app, 0, code, strlen(code), passes[1], strlen(passes[1])),
	                 TEND_ERR_SAME_PASSPHRASE);
	assert_int_equal(try_unlock(f->app, 0, passes[0]), TEND_OK); /* nothing changed */
}

/* A new code voids the old one. */
static void test_new_code_voids_the_old(void **state)
{
	struct fx *f = *state;
	char *fresh = app_secure_alloc(APP_RECOVERY_TEXT + 1);
	struct app_reader *r = unlock(f->app, 0);

	assert_int_equal(app_recovery_new(r, fresh), TEND_OK);
	app_reader_free(r);
	assert_string_not_equal(fresh, f->code[0]);
	assert_int_equal(app_recover(f->app, 0, f->code[0], strlen(f->code[0]), "x y z", 5),
	                 TEND_ERR_PASSPHRASE);
	reopen_app(f);
	assert_int_equal(app_recover(f->app, 0, f->code[0], strlen(f->code[0]), "x y z", 5),
	                 TEND_ERR_PASSPHRASE);
	assert_int_equal(app_recover(f->app, 0, fresh, strlen(fresh), "x y z", 5), TEND_OK);
	app_secure_free(fresh);
}

/* A damaged key record is mended by the code: the same key, a new
 * passphrase, everything readable again. */
static void test_code_mends_a_damaged_key_record(void **state)
{
	struct fx *f = *state;
	struct seen s;

	write_as(f->app, 0, false, "written before the damage", EVENING);
	tk_sql(f->db, "UPDATE partner SET slot = CAST(substr(slot, 1, 80) || (CASE substr(slot, "
	               "81, 1) WHEN X'00' THEN X'01' ELSE X'00' END) || substr(slot, 82) AS BLOB) "
	               "WHERE idx = 0");
	reopen_app(f);
	assert_int_equal(app_partner_key(f->app, 0), TEND_ERR_KEY_DAMAGED);
	assert_int_equal(app_recover(f->app, 0, f->code[0], strlen(f->code[0]), "mended at last",
	                             14), TEND_OK);
	assert_int_equal(app_partner_key(f->app, 0), TEND_OK);
	reopen_app(f);
	assert_int_equal(app_partner_key(f->app, 0), TEND_OK);
	s = read_all(f->app, 0, "mended at last");
	assert_non_null(strstr(s.all, "written before the damage"));
}

/* The recovery record, changed in the file: a flipped bit, the other
 * partner's record put in its place, a passphrase slot put there. Each is
 * named as damaged; the passphrase still opens. */
static void test_recovery_record_tampered(void **state)
{
	struct fx *f = *state;
	static const char *const attacks[] = {
		"UPDATE recovery SET slot = CAST(substr(slot, 1, 9) || (CASE substr(slot, 10, 1) "
		"WHEN X'77' THEN X'78' ELSE X'77' END) || substr(slot, 11) "
		"AS BLOB) WHERE idx = 0",
		"UPDATE recovery SET slot = (SELECT slot FROM recovery WHERE idx = 1) WHERE idx = 0",
		"UPDATE recovery SET slot = (SELECT slot FROM partner WHERE idx = 0) WHERE idx = 0",
		"UPDATE recovery SET slot = CAST(substr(slot, 1, 100) AS BLOB) WHERE idx = 0",
	};
	struct app_reader *r = unlock(f->app, 1);
	char *lcode = app_secure_alloc(APP_RECOVERY_TEXT + 1);

	assert_int_equal(app_recovery_new(r, lcode), TEND_OK);
	app_reader_free(r);
	tk_sql(f->db, "CREATE TABLE keep AS SELECT * FROM recovery");
	for (size_t i = 0; i < sizeof attacks / sizeof attacks[0]; i++) {
		tk_sql(f->db, attacks[i]);
		reopen_app(f);
		assert_int_equal(app_recovery_state(f->app, 0), TEND_ERR_KEY_DAMAGED);
		assert_int_equal(app_recovery_state(f->app, 1), TEND_OK);
		assert_int_equal(app_recover(f->app, 0, f->code[0], strlen(f->code[0]), "x y z", 5),
		                 TEND_ERR_KEY_DAMAGED);
		assert_int_equal(try_unlock(f->app, 0, passes[0]), TEND_OK);
		tk_sql(f->db, "DELETE FROM recovery; INSERT INTO recovery SELECT * FROM keep");
	}
	reopen_app(f);
	assert_int_equal(app_recovery_state(f->app, 0), TEND_OK);
	app_secure_free(lcode);
}

static void test_change_to_the_others_passphrase_refused(void **state)
{
	struct fx *f = *state;

	assert_int_equal(app_change_passphrase(f->app, 0, passes[0], strlen(passes[0]), passes[1],
	                                       strlen(passes[1])), TEND_ERR_SAME_PASSPHRASE);
	assert_int_equal(try_unlock(f->app, 0, passes[0]), TEND_OK);
	assert_int_equal(app_change_passphrase(f->app, 0, passes[0], strlen(passes[0]),
	                                       "quite another", 13), TEND_OK);
	/* the code outlives a change of passphrase */
	assert_int_equal(app_recover(f->app, 0, f->code[0], strlen(f->code[0]), "x y z", 5), TEND_OK);
}

static void test_pass_judge(void **state)
{
	struct app_pass_verdict v;

	(void)state;
	app_pass_judge(names, "password", APP_KDF_MODERATE, &v);
	assert_true(v.weak);
	assert_true(strlen(v.hint) > 10);
	assert_non_null(strstr(v.estimate, "at once"));
	app_pass_judge(names, "\xc5\x81ukasz2026", APP_KDF_MODERATE, &v);
	assert_true(v.weak);
	assert_non_null(strstr(v.hint, "names"));
	assert_non_null(strstr(v.estimate, "guesses"));
	/* the same passphrase, faster to guess at a cheaper derivation */
	{
		struct app_pass_verdict cheap;

		app_pass_judge(names, "sunset42", APP_KDF_INTERACTIVE, &cheap);
		app_pass_judge(names, "sunset42", APP_KDF_SENSITIVE, &v);
		assert_string_not_equal(cheap.estimate, v.estimate);
	}
	app_pass_judge(names, "lantern moss harbour violin", APP_KDF_MODERATE, &v);
	assert_false(v.weak);
	assert_string_equal(v.hint, "");
	assert_non_null(strstr(v.estimate, "centuries"));
}

/* ---- backup and restore ------------------------------------------------ */

static void test_backup_and_restore_into_a_fresh_home(void **state)
{
	struct fx *f = *state;
	const char *bak = in_dir(f, "tend.bak");
	char newdb[256], err[256] = "", kept[256];
	const struct app_restore_summary *sum;
	struct app_restore *r = NULL;
	struct app *app = NULL;
	unsigned readers = 0;
	struct seen s;

	write_as(f->app, 0, false, "Zoe keeps this private", EVENING);
	write_as(f->app, 1, true, "Lukasz shares this", EVENING + 60);
	assert_int_equal(app_backup(f->app, bak, &readers, err, sizeof(err)), TEND_OK);
	assert_int_equal(readers, 3);
	{
		struct stat sb;

		assert_int_equal(stat(bak, &sb), 0);
		assert_int_equal(sb.st_mode & 0777, 0600);
	}
	assert_false(tk_file_has(bak, names[0], strlen(names[0])));
	assert_false(tk_file_has(bak, "SQLite", 6));
	assert_false(tk_file_has(bak, "tsl2", 4));

	for (int who = 0; who < 2; who++) {
		snprintf(newdb, sizeof(newdb), "%s/home%d/data/tend.db", f->dir, who);
		assert_int_equal(app_restore_open(bak, &r, err, sizeof(err)), TEND_OK);
		assert_int_equal(app_restore_unlock(r, "nobody's", 8, err, sizeof(err)),
		                 TEND_ERR_PASSPHRASE);
		assert_null(app_restore_summary(r));
		assert_int_equal(app_restore_unlock(r, passes[who], strlen(passes[who]), err,
		                                    sizeof(err)), TEND_OK);
		sum = app_restore_summary(r);
		assert_non_null(sum);
		assert_int_equal(sum->opened_by, who);
		assert_string_equal(sum->name[0], names[0]);
		assert_string_equal(sum->name[1], names[1]);
		assert_int_equal(sum->entries, 2);
		assert_int_equal(app_restore_apply(r, newdb, false, EVENING, kept, sizeof(kept), err,
		                                   sizeof(err)), TEND_OK);
		assert_string_equal(kept, "");
		app_restore_free(r);
		assert_int_equal(app_open(newdb, false, &app, err, sizeof(err)), TEND_OK);
		assert_true(app_is_setup(app));
		s = read_all(app, who, passes[who]);
		assert_int_equal(s.bad, 0);
		assert_int_equal(s.n, who == 0 ? 2 : 1);
		assert_non_null(strstr(s.all, "Lukasz shares this"));
		assert_true((strstr(s.all, "Zoe keeps this private") != NULL) == (who == 0));
		/* and the recovery code came along */
		assert_int_equal(app_recovery_state(app, 0), TEND_OK);
		app_close(app);
	}
}

/* Over a database only with replace, and then the old one is kept. */
static void test_restore_over_a_database(void **state)
{
	struct fx *f = *state;
	const char *bak = in_dir(f, "tend.bak");
	char err[256] = "", kept[256] = "";
	struct app_restore *r = NULL;
	unsigned readers;
	uint8_t *before;
	size_t len;
	struct seen s;

	write_as(f->app, 1, true, "in the backup", EVENING);
	assert_int_equal(app_backup(f->app, bak, &readers, err, sizeof(err)), TEND_OK);
	write_as(f->app, 1, true, "written after the backup", EVENING + 60);
	app_close(f->app);
	f->app = NULL;
	before = tk_slurp(f->db, &len);

	assert_int_equal(app_restore_open(bak, &r, err, sizeof(err)), TEND_OK);
	assert_int_equal(app_restore_unlock(r, passes[1], strlen(passes[1]), err, sizeof(err)),
	                 TEND_OK);
	assert_int_equal(app_restore_apply(r, f->db, false, EVENING, kept, sizeof(kept), err,
	                                   sizeof(err)), TEND_ERR_EXISTS);
	assert_non_null(strstr(err, "--replace"));
	{
		size_t now_len;
		uint8_t *now = tk_slurp(f->db, &now_len);

		assert_int_equal(now_len, len);
		assert_memory_equal(now, before, len);
		free(now);
	}
	assert_int_equal(app_restore_apply(r, f->db, true, EVENING, kept, sizeof(kept), err,
	                                   sizeof(err)), TEND_OK);
	app_restore_free(r);
	assert_non_null(strstr(kept, "tend.db.before-restore-20261124-210000"));
	reopen_app(f);
	s = read_all(f->app, 1, passes[1]);
	assert_non_null(strstr(s.all, "in the backup"));
	assert_null(strstr(s.all, "written after the backup"));
	/* what was there is beside it, whole */
	{
		struct app *old = NULL;

		assert_int_equal(app_open(kept, false, &old, err, sizeof(err)), TEND_OK);
		s = read_all(old, 1, passes[1]);
		assert_non_null(strstr(s.all, "written after the backup"));
		app_close(old);
	}
	free(before);
}

static void test_backup_refuses(void **state)
{
	struct fx *f = *state;
	char err[256], p[300];
	unsigned readers;
	int fd;

	assert_int_equal(app_backup(f->app, f->db, &readers, err, sizeof(err)), TEND_ERR_INVALID);
	snprintf(p, sizeof(p), "%s-wal", f->db);
	assert_int_equal(app_backup(f->app, p, &readers, err, sizeof(err)), TEND_ERR_INVALID);
	/* an existing file that is not a backup stays */
	fd = open(in_dir(f, "notes.txt"), O_WRONLY | O_CREAT, 0644);
	assert_true(write(fd, "my notes", 8) == 8);
	close(fd);
	assert_int_equal(app_backup(f->app, in_dir(f, "notes.txt"), &readers, err, sizeof(err)),
	                 TEND_ERR_EXISTS);
	assert_true(tk_file_has(in_dir(f, "notes.txt"), "my notes", 8));
	/* an older backup is replaced by a newer one */
	assert_int_equal(app_backup(f->app, in_dir(f, "b.bak"), &readers, err, sizeof(err)),
	                 TEND_OK);
	write_as(f->app, 0, true, "after the first backup", EVENING);
	assert_int_equal(app_backup(f->app, in_dir(f, "b.bak"), &readers, err, sizeof(err)),
	                 TEND_OK);
	assert_int_equal(app_backup(f->app, in_dir(f, "no/such/dir/b.bak"), &readers, err,
	                            sizeof(err)), TEND_ERR_IO);
}

/* A changed backup is refused before anything is touched: a flipped byte
 * in the header or the body, or a snapshot whose partner record is not the
 * one its key was sealed with. */
static void test_restore_refuses_a_changed_backup(void **state)
{
	struct fx *f = *state;
	const char *bak = in_dir(f, "tend.bak");
	char err[256];
	struct app_restore *r = NULL;
	unsigned readers;
	uint8_t *b;
	size_t len;
	FILE *fp;

	assert_int_equal(app_backup(f->app, bak, &readers, err, sizeof(err)), TEND_OK);
	b = tk_slurp(bak, &len);
	for (size_t at = 30; at < len; at += len / 3) {
		b[at] ^= 0x10;
		fp = fopen(in_dir(f, "bad.bak"), "wb");
		fwrite(b, 1, len, fp);
		fclose(fp);
		b[at] ^= 0x10;
		if (app_restore_open(in_dir(f, "bad.bak"), &r, err, sizeof(err)) == TEND_OK) {
			assert_int_equal(app_restore_unlock(r, passes[0], strlen(passes[0]), err,
			                                    sizeof(err)), TEND_ERR_CORRUPT);
			assert_non_null(strstr(err, "changed or damaged"));
			app_restore_free(r);
		} else {
			assert_non_null(strstr(err, "damaged")); /* or "not a tend backup" */
		}
	}
	free(b);
	assert_int_equal(app_restore_open(in_dir(f, "none.bak"), &r, err, sizeof(err)),
	                 TEND_ERR_NOT_FOUND);
	assert_int_equal(app_restore_open(f->db, &r, err, sizeof(err)), TEND_ERR_NOT_BACKUP);
	assert_null(r);
}

/* Someone who can write the file swaps the two names and makes a backup of
 * that: it opens with Zoë's passphrase (sealing needs no secret), but its
 * partner record is no longer what her key was bound to. */
static void test_restore_refuses_swapped_names(void **state)
{
	struct fx *f = *state;
	struct store *s = NULL;
	uint8_t *img = NULL, *out = NULL, enc[2][VAULT_SLOT_BYTES];
	size_t imglen = 0, outlen = 0, slotlen[2];
	const uint8_t *slots[2] = { enc[0], enc[1] };
	struct store_couple c;
	uint8_t pk[2][VAULT_PK_BYTES];
	struct app_restore *r = NULL;
	char err[256];
	FILE *fp;

	app_close(f->app);
	f->app = NULL;
	tk_sql(f->db, "UPDATE partner SET name = CASE idx WHEN 0 THEN 'x' ELSE 'y' END;"
	               "UPDATE partner SET name = CASE idx WHEN 0 THEN '\xc5\x81ukasz' "
	               "ELSE 'Zo\xc3\xab' END");
	assert_int_equal(store_open(f->db, &s), TEND_OK);
	assert_int_equal(store_couple_get(s, &c), TEND_OK);
	for (int i = 0; i < 2; i++) {
		struct vault_slot sl;

		assert_int_equal(vault_slot_decode(c.slot[i].data, c.slot[i].len, &sl), TEND_OK);
		memcpy(pk[i], sl.pk, VAULT_PK_BYTES);
		slotlen[i] = vault_slot_encode(&sl, enc[i]);
	}
	store_couple_clear(&c);
	assert_int_equal(store_snapshot(s, &img, &imglen), TEND_OK);
	store_close(s);
	assert_int_equal(vault_backup_seal((const uint8_t(*)[VAULT_PK_BYTES])pk, 3, slots, slotlen,
	                                   img, imglen, &out, &outlen), TEND_OK);
	fp = fopen(in_dir(f, "forged.bak"), "wb");
	fwrite(out, 1, outlen, fp);
	fclose(fp);
	free(out);
	free(img);
	assert_int_equal(app_restore_open(in_dir(f, "forged.bak"), &r, err, sizeof(err)), TEND_OK);
	assert_int_equal(app_restore_unlock(r, passes[0], strlen(passes[0]), err, sizeof(err)),
	                 TEND_ERR_PARTNERS_CHANGED);
	assert_null(app_restore_summary(r));
	app_restore_free(r);
	reopen_app(f);
}

/* A backup taken while a check-in is being saved in another connection
 * holds a whole database. */
static void test_backup_while_a_checkin_is_open(void **state)
{
	struct fx *f = *state;
	struct app *screens = NULL;
	struct app_checkin *c = NULL;
	struct app_restore *r = NULL;
	char err[256];
	unsigned readers;

	assert_int_equal(app_open(f->db, true, &screens, err, sizeof(err)), TEND_OK);
	assert_int_equal(app_checkin_begin(screens, NULL, 0, EVENING, 0, &c, err, sizeof(err)),
	                 TEND_OK);
	assert_int_equal(app_backup(f->app, in_dir(f, "mid.bak"), &readers, err, sizeof(err)),
	                 TEND_OK);
	assert_int_equal(app_checkin_save(c, 1000), TEND_OK);
	app_checkin_free(c);
	app_close(screens);
	assert_int_equal(app_restore_open(in_dir(f, "mid.bak"), &r, err, sizeof(err)), TEND_OK);
	assert_int_equal(app_restore_unlock(r, passes[1], strlen(passes[1]), err, sizeof(err)),
	                 TEND_OK);
	assert_int_equal(app_restore_apply(r, in_dir(f, "mid.db"), false, EVENING, NULL, 0, err,
	                                   sizeof(err)), TEND_OK);
	app_restore_free(r);
	{
		struct app *app = NULL;
		struct app_draft_info info;

		assert_int_equal(app_open(in_dir(f, "mid.db"), false, &app, err, sizeof(err)),
		                 TEND_OK);
		assert_int_equal(app_draft_info(app, &info), TEND_OK); /* the open check-in */
		app_close(app);
	}
}

/* ---- export ----------------------------------------------------------- */

/* An export of partner `who`'s into a file; returns its text (malloc). */
static char *export_of(struct fx *f, int who, enum app_export_format fmt, size_t *unreadable)
{
	struct app_reader *r = unlock(f->app, who);
	int fd = open(in_dir(f, "export.out"), O_RDWR | O_CREAT | O_TRUNC, 0600);
	size_t len;
	char *text;

	assert_true(fd >= 0);
	assert_int_equal(app_export(r, fmt, EVENING + DAY, fd, unreadable), TEND_OK);
	close(fd);
	app_reader_free(r);
	text = (char *)tk_slurp(in_dir(f, "export.out"), &len);
	text[len] = '\0';
	return text;
}

static size_t count_of(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

static void test_export_each_sees_only_theirs(void **state)
{
	struct fx *f = *state;
	size_t bad;
	char *j, *m;

	write_as(f->app, 0, false, "Zoe alone: \"quoted\" and back\\slash\tand tab", EVENING);
	write_as(f->app, 0, true, "Zoe shares ```three ticks``` and ````four````", EVENING);
	write_as(f->app, 1, false, "Lukasz alone", EVENING);
	write_as(f->app, 1, true, "Lukasz shares\nover two lines \xf0\x9f\x8c\x99", EVENING);

	j = export_of(f, 0, APP_EXPORT_JSON, &bad);
	assert_int_equal(bad, 0);
	assert_non_null(strstr(j, "\"format\": \"tend export\", \"version\": 1"));
	assert_int_equal(count_of(j, "Zoe alone: \\\"quoted\\\" and back\\\\slash\\tand tab"), 1);
	assert_int_equal(count_of(j, "Zoe shares ```three ticks``` and ````four````"), 1);
	assert_int_equal(count_of(j, "Lukasz shares\\nover two lines \xf0\x9f\x8c\x99"), 1);
	assert_null(strstr(j, "Lukasz alone"));
	assert_non_null(strstr(j, "\"exported_at\": \"2026-11-25T21:00:00+00:00\""));
	free(j);

	m = export_of(f, 1, APP_EXPORT_MARKDOWN, &bad);
	assert_non_null(strstr(m, "# Everything \xc5\x81ukasz can read in tend"));
	assert_non_null(strstr(m, "not encrypted"));
	assert_int_equal(count_of(m, "\n`````text\nZoe shares ```three ticks``` and ````four````\n"
	                             "`````\n"), 1);
	assert_int_equal(count_of(m, "\n```text\nLukasz alone\n```\n"), 1);
	assert_int_equal(count_of(m, "Lukasz shares\nover two lines"), 1);
	assert_null(strstr(m, "Zoe alone"));
	free(m);
}

/* An export longer than the pieces it is written in (64 KiB): every entry
 * once, whole, in order, in each format, and no character cut in two at a
 * piece's edge (Markdown's terminal form would show its bytes as \xc3). */
static void test_export_in_pieces(void **state)
{
	struct fx *f = *state;
	char text[1100], want[1200];
	const char *prev;
	size_t bad;
	char *j, *m;

	for (int i = 0; i < 300; i++) {
		int n = snprintf(text, sizeof(text), "entry %03d \xc3\xbc ", i);

		memset(text + n, 'a' + i % 26, sizeof(text) - 1 - (size_t)n);
		text[sizeof(text) - 1] = '\0';
		write_as(f->app, i % 2, true, text, EVENING);
	}
	j = export_of(f, 0, APP_EXPORT_JSON, &bad);
	m = export_of(f, 1, APP_EXPORT_MARKDOWN, &bad);
	assert_true(strlen(j) > 4 * 65536);
	assert_true(strlen(m) > 4 * 65536);
	assert_null(strstr(m, "\\xc3"));
	assert_null(strstr(j, "\\u"));
	assert_int_equal(count_of(j, "\"kind\": \"journal\""), 300);
	assert_non_null(strstr(j, "\n ],\n \"other_entries\": [],\n \"unreadable\": []}\n"));
	prev = m;
	for (int i = 0; i < 300; i++) {
		const char *at;

		snprintf(want, sizeof(want), "entry %03d \xc3\xbc %c", i, 'a' + i % 26);
		assert_int_equal(count_of(m, want), 1);
		at = strstr(m, want);
		assert_true(at > prev); /* in the order written */
		prev = at;
		assert_int_equal(count_of(j, want), 1);
	}
	free(j);
	free(m);
}

/* A damaged record is listed as such, the rest is exported. */
static void test_export_lists_the_unreadable(void **state)
{
	struct fx *f = *state;
	size_t bad;
	char *j;

	write_as(f->app, 1, true, "the good one", EVENING);
	write_as(f->app, 1, true, "the damaged one", EVENING);
	tk_sql(f->db, "UPDATE entry SET ct = " TK_CT_CHANGED " WHERE id = (SELECT max(id) FROM entry)");
	j = export_of(f, 0, APP_EXPORT_JSON, &bad);
	assert_int_equal(bad, 1);
	assert_non_null(strstr(j, "the good one"));
	assert_non_null(strstr(j, "\"reason\": \"damaged\""));
	free(j);
}

/* ---- verify ----------------------------------------------------------- */

static int problems_seen;

static void note_problem(const struct app_problem *p, void *ctx)
{
	(void)p;
	(void)ctx;
	problems_seen++;
}

static void test_verify(void **state)
{
	struct fx *f = *state;
	struct app_verify_report rep;
	struct app_reader *r;

	write_as(f->app, 0, false, "one", EVENING);
	write_as(f->app, 0, true, "two", EVENING);
	write_as(f->app, 1, false, "three", EVENING);
	problems_seen = 0;
	assert_int_equal(app_verify(f->app, NULL, &rep, note_problem, NULL), TEND_OK);
	assert_int_equal(rep.entries, 3);
	assert_int_equal(rep.reader, -1);
	assert_string_equal(rep.integrity, "");
	assert_int_equal(rep.key[0], TEND_OK);
	assert_int_equal(rep.recovery[0], TEND_OK);
	assert_int_equal(rep.recovery[1], TEND_ERR_NOT_FOUND);
	r = unlock(f->app, 0);
	assert_int_equal(app_verify(f->app, r, &rep, note_problem, NULL), TEND_OK);
	assert_int_equal(rep.readable, 2);
	assert_int_equal(rep.opened, 2);
	app_reader_free(r);
	assert_int_equal(problems_seen, 0);

	/* a changed text, a seal of a length no tend writes */
	tk_sql(f->db, "UPDATE entry SET ct = " TK_CT_CHANGED " WHERE id = 2;"
	               "UPDATE entry SET seal1 = X'00' WHERE id = 3");
	reopen_app(f);
	r = unlock(f->app, 0);
	assert_int_equal(app_verify(f->app, r, &rep, note_problem, NULL), TEND_ERR_CORRUPT);
	assert_int_equal(rep.malformed, 1);
	assert_int_equal(rep.damaged, 1);
	assert_int_equal(rep.opened, 1);
	assert_int_equal(problems_seen, 2);
	app_reader_free(r);
}

/* ---- forget ----------------------------------------------------------- */

/* The ciphertext of entry `id`, hex, to look for in the files. */
static void ct_of(const char *db, int64_t id, uint8_t *out, size_t *len)
{
	sqlite3 *h;
	sqlite3_stmt *q;

	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT ct FROM entry WHERE id = ?1", -1, &q, NULL),
	                 SQLITE_OK);
	sqlite3_bind_int64(q, 1, id);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	*len = (size_t)sqlite3_column_bytes(q, 0);
	memcpy(out, sqlite3_column_blob(q, 0), *len);
	sqlite3_finalize(q);
	sqlite3_close(h);
}

static bool in_any_file(struct fx *f, const uint8_t *ct, size_t len)
{
	char p[300];
	bool found = false;

	for (int i = 0; i < 3; i++) {
		snprintf(p, sizeof(p), "%s%s", f->db, i == 0 ? "" : i == 1 ? "-wal" : "-shm");
		found |= tk_file_has(p, ct, len);
	}
	return found;
}

static void test_forget_entries(void **state)
{
	struct fx *f = *state;
	struct app_reader *r;
	uint8_t ct[256];
	size_t len;
	int64_t bad = 0, ids[2];
	bool wiped = false;
	struct seen s;

	write_as(f->app, 0, false, "Zoe forgets this", EVENING);     /* 1 */
	write_as(f->app, 0, true, "Zoe keeps this", EVENING);        /* 2 */
	write_as(f->app, 1, true, "Lukasz's, not hers", EVENING);    /* 3 */
	ct_of(f->db, 1, ct, &len);
	assert_true(in_any_file(f, ct, len));

	r = unlock(f->app, 0);
	ids[0] = 1;
	ids[1] = 3;
	assert_int_equal(app_forget_entries(r, ids, 2, &bad, &wiped), TEND_ERR_DENIED);
	assert_int_equal(bad, 3);
	ids[1] = 99;
	assert_int_equal(app_forget_entries(r, ids, 2, &bad, &wiped), TEND_ERR_NOT_FOUND);
	assert_int_equal(bad, 99);
	s = read_all(f->app, 0, passes[0]);
	assert_int_equal(s.n, 3); /* nothing was deleted */
	assert_int_equal(app_forget_entries(r, ids, 1, &bad, &wiped), TEND_OK);
	assert_true(wiped);
	app_reader_free(r);
	s = read_all(f->app, 0, passes[0]);
	assert_int_equal(s.n, 2);
	assert_null(strstr(s.all, "Zoe forgets this"));
	assert_false(in_any_file(f, ct, len));
	reopen_app(f);
	assert_false(in_any_file(f, ct, len));
}

/* A whole night: the check-in, its note and both partners' reflections,
 * and the streak it gave. The journal of that night stays. */
static void test_forget_a_night(void **state)
{
	struct fx *f = *state;
	struct app_checkin *c = NULL;
	struct app_reader *zoe, *lukasz;
	struct app_stats st;
	int64_t mono = 1000;
	char err[256];
	int n = 0;
	bool wiped;

	assert_int_equal(app_checkin_begin(f->app, "tests/fixtures/e2e.plan", 0, EVENING, mono, &c,
	                                   err, sizeof(err)), TEND_OK);
	while (!c->turn.done) {
		const struct plan_step *s = turn_step(&c->turn);

		if (s && s->kind == PLAN_ARRIVE) {
			turn_confirm(&c->turn, 0, mono);
			turn_confirm(&c->turn, 1, mono);
		}
		mono += 1000;
		turn_update(&c->turn, mono);
	}
	c->phase = APP_PHASE_PILLARS;
	assert_int_equal(textbuf_set(&c->note, "our night's note", 16), TEND_OK);
	lukasz = unlock(f->app, 1);
	app_checkin_writer(c, lukasz);
	assert_int_equal(textbuf_set(&c->answer[1][0], "his answer", 10), TEND_OK);
	assert_int_equal(app_checkin_finish(c, mono), TEND_OK);
	app_checkin_free(c);
	write_as(f->app, 1, false, "his journal that night", EVENING);
	assert_int_equal(app_stats(f->app, EVENING, &st), TEND_OK);
	assert_int_equal(st.nights_total, 1);

	zoe = unlock(f->app, 0);
	assert_int_equal(app_forget_night(zoe, night_of(EVENING, NIGHT_DEFAULT_BOUNDARY_MIN) + 1,
	                                  &n, &wiped), TEND_ERR_NOT_FOUND);
	assert_int_equal(app_forget_night(zoe, night_of(EVENING, NIGHT_DEFAULT_BOUNDARY_MIN), &n,
	                                  &wiped), TEND_OK);
	assert_int_equal(n, 1);
	assert_true(wiped);
	app_reader_free(zoe);
	assert_int_equal(app_stats(f->app, EVENING, &st), TEND_OK);
	assert_int_equal(st.nights_total, 0);
	{
		struct seen s = { 0 };

		assert_int_equal(app_read_each(lukasz, NULL, collect, &s), TEND_OK);
		assert_int_equal(s.n, 1);
		assert_non_null(strstr(s.all, "his journal that night"));
	}
	app_reader_free(lukasz);
}

/* Forgetting a night while tend's screens are open on the file elsewhere
 * is refused: a check-in could be running there. */
static void test_forget_night_waits_for_the_screens(void **state)
{
	struct fx *f = *state;
	struct app *screens = NULL;
	struct app_reader *r;
	char err[256];
	int n;
	bool wiped;

	assert_int_equal(app_open(f->db, true, &screens, err, sizeof(err)), TEND_OK);
	r = unlock(f->app, 0);
	assert_int_equal(app_forget_night(r, 20000, &n, &wiped), TEND_ERR_BUSY);
	app_close(screens);
	assert_int_equal(app_forget_night(r, 20000, &n, &wiped), TEND_ERR_NOT_FOUND);
	app_reader_free(r);
}

/* Verify, export and the read-only open change nothing in the file. */
static void test_readonly_changes_nothing(void **state)
{
	struct fx *f = *state;
	struct app *ro = NULL;
	struct app_verify_report rep;
	struct app_reader *r = NULL;
	char err[256];
	uint8_t *before, *after;
	size_t blen, alen;

	write_as(f->app, 0, true, "a text", EVENING);
	app_close(f->app);
	f->app = NULL;
	before = tk_slurp(f->db, &blen);
	assert_int_equal(app_open_readonly(f->db, &ro, err, sizeof(err)), TEND_OK);
	assert_int_equal(app_unlock(ro, 0, passes[0], strlen(passes[0]), &r), TEND_OK);
	assert_int_equal(app_verify(ro, r, &rep, NULL, NULL), TEND_OK);
	assert_int_equal(rep.opened, 1);
	assert_int_equal(app_write(ro, NULL, 0, true, "x", 1, EVENING), TEND_ERR_READONLY);
	app_reader_free(r);
	app_close(ro);
	after = tk_slurp(f->db, &alen);
	assert_int_equal(alen, blen);
	assert_memory_equal(after, before, blen);
	free(before);
	free(after);
	assert_int_equal(app_open_readonly(in_dir(f, "absent.db"), &ro, err, sizeof(err)),
	                 TEND_ERR_NOT_SETUP);
	reopen_app(f);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)
	const struct CMUnitTest tests[] = {
		T(test_setup_gives_a_code_to_whoever_asks),
		T(test_setup_refuses_one_passphrase_for_two),
		T(test_recover),
		T(test_recover_refuses),
		T(test_new_code_voids_the_old),
		T(test_code_mends_a_damaged_key_record),
		T(test_recovery_record_tampered),
		T(test_change_to_the_others_passphrase_refused),
		T(test_pass_judge),
		T(test_backup_and_restore_into_a_fresh_home),
		T(test_restore_over_a_database),
		T(test_backup_refuses),
		T(test_restore_refuses_a_changed_backup),
		T(test_restore_refuses_swapped_names),
		T(test_backup_while_a_checkin_is_open),
		T(test_export_each_sees_only_theirs),
		T(test_export_in_pieces),
		T(test_export_lists_the_unreadable),
		T(test_verify),
		T(test_forget_entries),
		T(test_forget_a_night),
		T(test_forget_night_waits_for_the_screens),
		T(test_readonly_changes_nothing),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
