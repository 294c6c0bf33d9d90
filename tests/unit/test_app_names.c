/* test_app_names.c: partners' names at setup and at --as: each refusal said
 * with its reason, names kept in NFC, found by the same name in any case
 * or normal form, and names an older tend stored (not NFC, or two that fold
 * alike) still found and still opening their keys. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tend/app.h"
#include "tend/store.h"
#include "tend/vault.h"
#include "testkit.h"

/* 2026-11-24 21:00 UTC: a Tuesday evening. */
#define EVENING ((time_t)1795554000)

#define ZOE_NFC "Zo\xc3\xab"  /* Zoë, ë as one code point */
#define ZOE_NFD "Zoe\xcc\x88" /* Zoë, e and a combining diaeresis */

struct fx {
	char dir[64];
	char db[128];
};

static const char *const passes[2] = { "correct horse", "battery staple" };
static const size_t lens[2] = { 13, 14 };

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	setenv("TZ", "UTC", 1);
	setenv("TEND_DATA_DIR", "data", 1);
	snprintf(f->dir, sizeof(f->dir), "/tmp/tend-names-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	setenv("XDG_CONFIG_HOME", f->dir, 1);
	snprintf(f->db, sizeof(f->db), "%s/tend.db", f->dir);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;

	tk_rm_dir(f->dir);
	free(f);
	return 0;
}

/* The check of two names: refused (err holding `want`) or taken. */
static void names_check(const char *a, const char *b, const char *want)
{
	const char *const name[2] = { a, b };
	char err[400] = "x";

	if (!want) {
		assert_int_equal(app_names_check(name, err, sizeof(err)), TEND_OK);
		assert_string_equal(err, "");
		return;
	}
	assert_int_equal(app_names_check(name, err, sizeof(err)), TEND_ERR_INVALID);
	if (!strstr(err, want))
		fail_msg("'%s' and '%s': got \"%s\", wanted \"%s\"", a, b, err, want);
}

/* Every kind of refusal says which name and why, naming the character. */
static void test_reasons(void **state)
{
	(void)state;
	names_check("Zo\xc3\xab", "\xc5\x81ukasz", NULL);
	names_check(" Sam ", "Alex", NULL);
	names_check("", "Sam", "the first name is empty");
	names_check("Sam", "   ", "the second name is empty");
	names_check("A\xe2\x80\x8b" "B", "Sam", "the first name has an invisible character in it "
	            "(U+200B)");
	names_check("Sam", "A\xe2\x80\x8d" "B", "the second name has an invisible character in it "
	            "(U+200D)");
	names_check("A\xe2\x80\xae" "B", "Sam", "the first name has a character in it that turns "
	            "the direction of writing (U+202E)");
	names_check("Sam", "A\xe2\x81\xa6" "B", "turns the direction of writing (U+2066)");
	names_check("Al\x1b]2;T\x07ice", "Bob", "the first name has a control character or a line "
	            "break in it (U+001B)");
	names_check("A\nB", "Bob", "(U+000A)");
	names_check("Anna  Lee", "Bob", "the first name has two spaces in a row");
	names_check("A\xff", "Bob", "the first name is not readable text (not UTF-8)");
	names_check("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "Bob",
	            "the first name is too long: a name is at most 64 bytes");
	names_check(ZOE_NFC, ZOE_NFD, "the two names need to be different");
	names_check("\xc3\x89VA", "\xc3\xa9VA", "the two names need to be different");
	names_check(" A", "A ", "the two names need to be different");
	names_check("Anna", "\xd0\x90nna", "those two names would look the same");
	names_check("Sam", "\xef\xbc\xb3\xef\xbd\x81\xef\xbd\x8d", "those two names would look "
	            "the same");
}

/* Setup keeps each name trimmed and in NFC, and refuses what the check
 * refuses, setting nothing up. */
static void test_setup_keeps_nfc(void **state)
{
	struct fx *f = *state;
	static const char *const bad[][2] = {
		{ ZOE_NFC, ZOE_NFD }, { "\xc3\x89VA", "\xc3\xa9VA" }, { " A", "A " },
		{ "Anna", "\xd0\x90nna" }, { "A\xe2\x80\x8b" "B", "Sam" },
		{ "Sam", "A\xe2\x80\xae" "B" }, { "A  B", "Sam" },
	};
	const char *const names[2] = { "  " ZOE_NFD " ", "\xc5\x81ukasz" };
	struct app *app = NULL;
	struct app_reader *r = NULL;
	char err[256];

	assert_int_equal(app_open(f->db, false, &app, err, sizeof(err)), TEND_OK);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(app_setup(app, bad[i], passes, lens, APP_KDF_INTERACTIVE, NULL,
		                           EVENING), TEND_ERR_INVALID);
		assert_false(app_is_setup(app));
	}
	assert_int_equal(app_setup(app, names, passes, lens, APP_KDF_INTERACTIVE, NULL, EVENING),
	                 TEND_OK);
	assert_string_equal(app_name(app, 0), ZOE_NFC);
	app_close(app);
	app = NULL;
	assert_true(tk_file_has(f->db, ZOE_NFC, strlen(ZOE_NFC)));
	assert_false(tk_file_has(f->db, ZOE_NFD, strlen(ZOE_NFD)));

	assert_int_equal(app_open(f->db, false, &app, err, sizeof(err)), TEND_OK);
	assert_string_equal(app_name(app, 0), ZOE_NFC);
	assert_int_equal(app_partner_by_name(app, ZOE_NFC), 0);
	assert_int_equal(app_partner_by_name(app, ZOE_NFD), 0);
	assert_int_equal(app_partner_by_name(app, "zoe\xcc\x88"), 0);  /* zoë in NFD */
	assert_int_equal(app_partner_by_name(app, "ZO\xc3\x8b"), 0);   /* ZOË */
	assert_int_equal(app_partner_by_name(app, " Zo\xc3\xab  "), 0);
	assert_int_equal(app_partner_by_name(app, "\xc5\x82ukasz"), 1); /* łukasz */
	assert_int_equal(app_partner_by_name(app, "Zoe"), -1);
	assert_int_equal(app_partner_by_name(app, "Z\xd0\xbe\xc3\xab"), -1); /* a Cyrillic о */
	/* the kept name is the one bound into her key: her passphrase opens it */
	assert_int_equal(app_unlock(app, 0, passes[0], lens[0], &r), TEND_OK);
	app_reader_free(r);
	app_close(app);
}

/* Sets a couple up as a tend before this one did: the names as given,
 * byte for byte, in the database and bound into each key record. */
static void old_setup(const char *db, const char *const name[2])
{
	struct store *s = NULL;
	struct store_couple c = { 0 };
	uint8_t enc[2][VAULT_SLOT_BYTES];
	struct app *app = NULL;
	uint64_t ops, mem;
	char err[256];

	assert_int_equal(app_open(db, false, &app, err, sizeof(err)), TEND_OK);
	app_close(app);
	assert_int_equal(store_open(db, &s), TEND_OK);
	assert_int_equal(vault_kdf_limits(VAULT_KDF_INTERACTIVE, &ops, &mem), TEND_OK);
	for (int i = 0; i < 2; i++) {
		const struct vault_owner owner = { i, name[i] };
		struct vault_key *key = NULL;
		struct vault_slot slot;

		assert_int_equal(vault_key_create(&key), TEND_OK);
		assert_int_equal(vault_slot_make(key, VAULT_SLOT_PASSPHRASE, ops, mem, &owner,
		                                 passes[i], lens[i], &slot), TEND_OK);
		vault_key_free(key);
		c.name[i] = (char *)name[i];
		c.slot[i].data = enc[i];
		c.slot[i].len = vault_slot_encode(&slot, enc[i]);
	}
	c.created = EVENING;
	assert_int_equal(store_couple_put(s, &c), TEND_OK);
	store_close(s);
}

/* A name an older tend stored in NFD is found by the same name typed in
 * NFC or in other case, and still opens its key (its bytes are kept). */
static void test_older_name_found(void **state)
{
	struct fx *f = *state;
	const char *const names[2] = { ZOE_NFD, "\xc5\x81ukasz" };
	struct app *app = NULL;
	struct app_reader *r = NULL;
	char err[256];

	old_setup(f->db, names);
	assert_int_equal(app_open(f->db, false, &app, err, sizeof(err)), TEND_OK);
	assert_true(app_is_setup(app));
	assert_string_equal(app_name(app, 0), ZOE_NFD);
	assert_int_equal(app_partner_by_name(app, ZOE_NFC), 0);
	assert_int_equal(app_partner_by_name(app, "zo\xc3\xab"), 0);
	assert_int_equal(app_partner_by_name(app, "ZOE\xcc\x88"), 0);
	assert_int_equal(app_partner_by_name(app, "\xc5\x81UKASZ"), 1);
	assert_int_equal(app_unlock(app, 0, passes[0], lens[0], &r), TEND_OK);
	app_reader_free(r);
	app_close(app);
}

/* Two names an older tend let through that fold alike: each is found by
 * its own bytes; another spelling finds the first. */
static void test_older_names_alike(void **state)
{
	struct fx *f = *state;
	const char *const names[2] = { ZOE_NFC, ZOE_NFD };
	struct app *app = NULL;
	char err[256];

	old_setup(f->db, names);
	assert_int_equal(app_open(f->db, false, &app, err, sizeof(err)), TEND_OK);
	assert_int_equal(app_partner_by_name(app, ZOE_NFC), 0);
	assert_int_equal(app_partner_by_name(app, ZOE_NFD), 1);
	assert_int_equal(app_partner_by_name(app, "ZO\xc3\x8b"), 0);
	app_close(app);
}

/* A name the file holds with a line break or a tab (tend never keeps one:
 * put there by hand) is shown on one line, in its visible form, cut at a
 * character to the longest a name is; one without them stays as stored,
 * escape sequence and all (each printer makes that safe); the other
 * partner's key opens as before. */
static void test_line_break_name_shown(void **state)
{
	struct fx *f = *state;
	const char *const names[2] = { "Al\nTonight: done\tice", "Bo\x1b]2;t\x07" };
	/* 16 line breaks and a last 'é': 64 bytes shown in all, the 'é' cut. */
	const char *const longer[2] = { "\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\xc3\xa9", "Bo" };
	struct app *app = NULL;
	struct app_reader *r = NULL;
	char err[256];

	old_setup(f->db, names);
	assert_int_equal(app_open(f->db, false, &app, err, sizeof(err)), TEND_OK);
	assert_string_equal(app_name(app, 0), "Al\\x0aTonight: done\\x09ice");
	assert_string_equal(app_name(app, 1), "Bo\x1b]2;t\x07");
	assert_int_equal(app_partner_by_name(app, "Al\\x0aTonight: done\\x09ice"), 0);
	assert_int_equal(app_unlock(app, 1, passes[1], lens[1], &r), TEND_OK);
	app_reader_free(r);
	app_close(app);

	tk_rm_dir(f->dir);
	assert_non_null(mkdtemp(strcpy(f->dir, "/tmp/tend-names-XXXXXX")));
	setenv("XDG_CONFIG_HOME", f->dir, 1);
	snprintf(f->db, sizeof(f->db), "%s/tend.db", f->dir);
	old_setup(f->db, longer);
	assert_int_equal(app_open(f->db, false, &app, err, sizeof(err)), TEND_OK);
	assert_int_equal(strlen(app_name(app, 0)), 64);
	for (int i = 0; i < 16; i++)
		assert_memory_equal(app_name(app, 0) + 4 * i, "\\x0a", 4);
	app_close(app);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reasons),
		cmocka_unit_test_setup_teardown(test_setup_keeps_nfc, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_older_name_found, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_older_names_alike, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_line_break_name_shown, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
