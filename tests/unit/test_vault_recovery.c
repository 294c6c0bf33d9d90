/* test_vault_recovery.c: recovery codes and recovery slots, the second way
 * into a partner's key (src/vault/recovery.c and the slot kinds of
 * src/vault/vault.c). Slots are made at Argon2id's minimum limits. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tend/status.h"
#include "tend/vault.h"
#include "../../src/vault/vault_internal.h"

#define OPS_MIN 1u
#define MEM_MIN 8192u

static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
static const struct vault_owner zoe = { 0, "Zo\xc3\xab" }, lukasz = { 1, "\xc5\x81ukasz" };

/* A code with the 26 given symbols and their check, as a person reads it. */
static void code_of(const char sym26[26], char out[VAULT_RECOVERY_TEXT + 1])
{
	char sym[VAULT_RECOVERY_SYMBOLS];
	size_t n = 0;

	memcpy(sym, sym26, 26);
	vault_recovery_check(sym, sym + 26);
	for (int i = 0; i < VAULT_RECOVERY_SYMBOLS; i++) {
		if (i > 0 && i % 4 == 0)
			out[n++] = '-';
		out[n++] = sym[i];
	}
	out[n] = '\0';
}

static int setup(void **state)
{
	(void)state;
	return vault_init() == TEND_OK ? 0 : -1;
}

/* Pinned: the check of a known code never changes, or codes people wrote
 * down would stop reading. */
static void test_check_known_answer(void **state)
{
	char code[VAULT_RECOVERY_TEXT + 1], canon[VAULT_RECOVERY_SYMBOLS + 1];

	(void)state;
	code_of("0123456789ABCDEFGHJKMNPQRS", code);
	/* sum((i + 1) * i) for i < 26 = 5850; 5850 mod 1021 = 745 = 23 * 32 + 9 */
	assert_string_equal(code, "0123-4567-89AB-CDEF-GHJK-MNPQ-RSQ9");
	assert_int_equal(vault_recovery_parse(code, strlen(code), canon), TEND_OK);
	assert_string_equal(canon, "0123456789ABCDEFGHJKMNPQRSQ9");
}

static void test_new_codes(void **state)
{
	char seen[8][VAULT_RECOVERY_TEXT + 1];

	(void)state;
	for (int k = 0; k < 8; k++) {
		char *code = seen[k], canon[VAULT_RECOVERY_SYMBOLS + 1];

		assert_int_equal(vault_recovery_new(code), TEND_OK);
		assert_int_equal(strlen(code), VAULT_RECOVERY_TEXT);
		for (int i = 0; i < VAULT_RECOVERY_TEXT; i++) {
			if (i % 5 == 4)
				assert_int_equal(code[i], '-');
			else
				assert_non_null(strchr(alphabet, code[i]));
		}
		assert_int_equal(vault_recovery_parse(code, strlen(code), canon), TEND_OK);
		assert_int_equal(strlen(canon), VAULT_RECOVERY_SYMBOLS);
		for (int j = 0; j < k; j++)
			assert_string_not_equal(seen[j], code);
	}
}

/* Read as people type: any case, spaces or no dashes, O for 0, I or L
 * for 1. */
static void test_parse_is_generous(void **state)
{
	char code[VAULT_RECOVERY_TEXT + 1], canon[VAULT_RECOVERY_SYMBOLS + 1];
	const char *typed[] = {
		"0123-4567-89AB-CDEF-GHJK-MNPQ-RSQ9",
		"0123 4567 89ab cdef ghjk mnpq rsq9",
		"0123456789ABCDEFGHJKMNPQRSQ9",
		"O123-4567-89AB-CDEF-GHJK-MNPQ-RSQ9",
		"0I23-4567-89AB-CDEF-GHJK-MNPQ-RSQ9",
		"0l23 - 4567 - 89AB\tCDEF-GHJK-MNPQ-RSQ9",
	};
	const char *bad[] = {
		"", "0123-4567-89AB-CDEF-GHJK-MNPQ-RSQ", "0123-4567-89AB-CDEF-GHJK-MNPQ-RSQ90",
		"0123-4567-89AB-CDEF-GHJK-MNPQ-RSQU", "0123-4567-89AB-CDEF-GHJK-MNPQ-RSQ9!",
		"0123-4567-89AB-CDEF-GHJK-MNPQ-RS\xc3\xa9",
	};

	(void)state;
	code_of("0123456789ABCDEFGHJKMNPQRS", code);
	for (size_t i = 0; i < sizeof typed / sizeof typed[0]; i++) {
		assert_int_equal(vault_recovery_parse(typed[i], strlen(typed[i]), canon), TEND_OK);
		assert_string_equal(canon, "0123456789ABCDEFGHJKMNPQRSQ9");
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(vault_recovery_parse(bad[i], strlen(bad[i]), canon),
		                 TEND_ERR_INVALID);
	assert_int_equal(vault_recovery_parse(NULL, 0, canon), TEND_ERR_INVALID);
}

/* Every single mistyped symbol, anywhere (the check symbols too), and
 * every swap of two different neighbours is found by the check. */
static void test_every_typo_is_found(void **state)
{
	char code[VAULT_RECOVERY_TEXT + 1];
	int caught = 0;

	(void)state;
	assert_int_equal(vault_recovery_new(code), TEND_OK);
	for (int pos = 0; pos < VAULT_RECOVERY_TEXT; pos++) {
		if (code[pos] == '-')
			continue;
		for (int a = 0; a < 32; a++) {
			char t[VAULT_RECOVERY_TEXT + 1], canon[VAULT_RECOVERY_SYMBOLS + 1];

			if (alphabet[a] == code[pos])
				continue;
			memcpy(t, code, sizeof t);
			t[pos] = alphabet[a];
			assert_int_equal(vault_recovery_parse(t, strlen(t), canon), TEND_ERR_PARSE);
			caught++;
		}
	}
	assert_int_equal(caught, VAULT_RECOVERY_SYMBOLS * 31);
	for (int pos = 0; pos + 1 < VAULT_RECOVERY_TEXT; pos++) {
		char t[VAULT_RECOVERY_TEXT + 1], canon[VAULT_RECOVERY_SYMBOLS + 1], c;
		int next = code[pos + 1] == '-' ? pos + 2 : pos + 1;

		if (code[pos] == '-' || code[pos] == code[next])
			continue;
		memcpy(t, code, sizeof t);
		c = t[pos];
		t[pos] = t[next];
		t[next] = c;
		assert_int_equal(vault_recovery_parse(t, strlen(t), canon), TEND_ERR_PARSE);
	}
}

static void test_groups(void **state)
{
	char code[VAULT_RECOVERY_TEXT + 1];

	(void)state;
	code_of("0123456789ABCDEFGHJKMNPQRS", code);
	assert_true(vault_recovery_group_is(code, 0, "0123", 4));
	assert_true(vault_recovery_group_is(code, 2, "89ab", 4));
	assert_true(vault_recovery_group_is(code, 2, " 89 AB ", 7));
	assert_true(vault_recovery_group_is(code, 6, "RSQ9", 4));
	assert_false(vault_recovery_group_is(code, 0, "O1Z3", 4));
	assert_true(vault_recovery_group_is(code, 0, "OI23", 4));
	assert_false(vault_recovery_group_is(code, 1, "0123", 4));
	assert_false(vault_recovery_group_is(code, 2, "89A", 3));
	assert_false(vault_recovery_group_is(code, 2, "89ABC", 5));
	assert_false(vault_recovery_group_is(code, 7, "0123", 4));
	assert_false(vault_recovery_group_is(code, -1, "0123", 4));
}

/* A key made once, wrapped twice: under a passphrase and under a code. */
struct pair {
	struct vault_key *key;
	struct vault_slot pass, rec;
	char code[VAULT_RECOVERY_TEXT + 1];
	char canon[VAULT_RECOVERY_SYMBOLS + 1];
};

static void pair_make(struct pair *p, const struct vault_owner *o)
{
	assert_int_equal(vault_key_create(&p->key), TEND_OK);
	assert_int_equal(vault_slot_make(p->key, VAULT_SLOT_PASSPHRASE, OPS_MIN, MEM_MIN, o,
	                                 "a passphrase", 12, &p->pass), TEND_OK);
	assert_int_equal(vault_recovery_new(p->code), TEND_OK);
	assert_int_equal(vault_recovery_parse(p->code, strlen(p->code), p->canon), TEND_OK);
	assert_int_equal(vault_slot_make(p->key, VAULT_SLOT_RECOVERY, OPS_MIN, MEM_MIN, o, p->canon,
	                                 strlen(p->canon), &p->rec), TEND_OK);
}

static void test_recovery_slot_opens_the_same_key(void **state)
{
	struct pair p;
	struct vault_key *k = NULL;
	uint8_t b[VAULT_SLOT_BYTES];
	struct vault_slot d;

	(void)state;
	pair_make(&p, &zoe);
	assert_int_equal(p.rec.kind, VAULT_SLOT_RECOVERY);
	assert_int_equal(vault_slot_encode(&p.rec, b), VAULT_SLOT_BYTES);
	assert_memory_equal(b, "trc1", 4);
	assert_int_equal(vault_slot_decode(b, sizeof b, &d), TEND_OK);
	assert_int_equal(d.kind, VAULT_SLOT_RECOVERY);
	assert_int_equal(d.version, 2);
	assert_int_equal(vault_unlock(&d, &zoe, p.canon, strlen(p.canon), &k), TEND_OK);
	assert_memory_equal(vault_key_pk(k), vault_key_pk(p.key), VAULT_PK_BYTES);
	vault_key_free(k);
	/* the code is a secret as given, not as typed: read it first */
	assert_int_equal(vault_unlock(&d, &zoe, p.code, strlen(p.code), &k), TEND_ERR_PASSPHRASE);
	assert_int_equal(vault_unlock(&d, &zoe, "a passphrase", 12, &k), TEND_ERR_PASSPHRASE);
	assert_null(k);
	/* bound to its owner like a passphrase slot */
	assert_int_equal(vault_unlock(&d, &lukasz, p.canon, strlen(p.canon), &k),
	                 TEND_ERR_PARTNERS_CHANGED);
	assert_null(k);
	/* the passphrase slot beside it is untouched by all this */
	assert_int_equal(vault_unlock(&p.pass, &zoe, "a passphrase", 12, &k), TEND_OK);
	vault_key_free(k);
	assert_int_equal(vault_unlock(&p.pass, &zoe, p.canon, strlen(p.canon), &k),
	                 TEND_ERR_PASSPHRASE);
	vault_key_free(p.key);
}

/* A recovery slot dressed as a passphrase slot (its magic changed and the
 * checksum made again), or the other way round, opens for neither secret:
 * each kind has its own contexts. */
static void test_kinds_do_not_mix(void **state)
{
	struct pair p;
	struct vault_key *k = NULL;
	uint8_t b[VAULT_SLOT_BYTES];
	struct vault_slot d;

	(void)state;
	pair_make(&p, &zoe);
	vault_slot_encode(&p.rec, b);
	memcpy(b, "tsl2", 4);
	vault_slot_checksum(b, b + VAULT_SLOT_BYTES - 16);
	assert_int_equal(vault_slot_decode(b, sizeof b, &d), TEND_OK);
	assert_int_equal(d.kind, VAULT_SLOT_PASSPHRASE);
	assert_int_equal(vault_unlock(&d, &zoe, p.canon, strlen(p.canon), &k), TEND_ERR_PASSPHRASE);
	assert_null(k);

	vault_slot_encode(&p.pass, b);
	memcpy(b, "trc1", 4);
	vault_slot_checksum(b, b + VAULT_SLOT_BYTES - 16);
	assert_int_equal(vault_slot_decode(b, sizeof b, &d), TEND_OK);
	assert_int_equal(d.kind, VAULT_SLOT_RECOVERY);
	assert_int_equal(vault_unlock(&d, &zoe, "a passphrase", 12, &k), TEND_ERR_PASSPHRASE);
	assert_null(k);
	vault_key_free(p.key);
}

static void test_recovery_slot_every_byte_flip(void **state)
{
	struct pair p;
	uint8_t orig[VAULT_SLOT_BYTES], b[VAULT_SLOT_BYTES];

	(void)state;
	pair_make(&p, &lukasz);
	vault_slot_encode(&p.rec, orig);
	for (size_t i = 0; i < VAULT_SLOT_BYTES; i++) {
		struct vault_slot d;
		enum tend_status st;

		memcpy(b, orig, sizeof b);
		b[i] ^= 0x01;
		st = vault_slot_decode(b, sizeof b, &d);
		if (st == TEND_OK)
			fail_msg("recovery slot byte %zu ^ 0x01 decoded", i);
		assert_int_equal(st, TEND_ERR_CORRUPT);
	}
	vault_key_free(p.key);
}

static void test_recovery_slot_versions(void **state)
{
	struct pair p;
	uint8_t b[VAULT_SLOT_BYTES];
	struct vault_slot d;

	(void)state;
	pair_make(&p, &zoe);
	vault_slot_encode(&p.rec, b);
	b[3] = '2';
	assert_int_equal(vault_slot_decode(b, sizeof b, &d), TEND_ERR_TOO_NEW);
	b[3] = '9';
	assert_int_equal(vault_slot_decode(b, sizeof b, &d), TEND_ERR_TOO_NEW);
	b[3] = '0';
	assert_int_equal(vault_slot_decode(b, sizeof b, &d), TEND_ERR_CORRUPT);
	/* no version 1 layout for recovery slots */
	vault_slot_encode(&p.rec, b);
	assert_int_equal(vault_slot_decode(b, VAULT_SLOT_V1_BYTES, &d), TEND_ERR_CORRUPT);
	vault_key_free(p.key);
}

/* Rewrapping keeps the kind: a recovery slot stays one. */
static void test_rewrap_keeps_kind(void **state)
{
	struct pair p;
	struct vault_slot r;
	struct vault_key *k = NULL;

	(void)state;
	pair_make(&p, &zoe);
	assert_int_equal(vault_slot_rewrap(&p.rec, p.key, &zoe, "other", 5, &r), TEND_OK);
	assert_int_equal(r.kind, VAULT_SLOT_RECOVERY);
	assert_int_equal(vault_unlock(&r, &zoe, "other", 5, &k), TEND_OK);
	vault_key_free(k);
	vault_key_free(p.key);
}

/* The unbound half opens without knowing the owner; the binding is then
 * checked apart. */
static void test_unbound_then_bound(void **state)
{
	struct pair p, q;
	struct vault_key *k = NULL;

	(void)state;
	pair_make(&p, &zoe);
	pair_make(&q, &lukasz);
	assert_int_equal(vault_unlock_unbound(&p.pass, "a passphrase", 12, &k), TEND_OK);
	assert_int_equal(vault_key_bound(k, &p.pass, &zoe), TEND_OK);
	assert_int_equal(vault_key_bound(k, &p.pass, &lukasz), TEND_ERR_PARTNERS_CHANGED);
	assert_int_equal(vault_key_bound(k, &q.pass, &lukasz), TEND_ERR_PARTNERS_CHANGED);
	vault_key_free(k);
	assert_int_equal(vault_unlock_unbound(&p.pass, "not it", 6, &k), TEND_ERR_PASSPHRASE);
	assert_null(k);
	assert_int_equal(vault_unlock(&p.pass, NULL, "a passphrase", 12, &k), TEND_ERR_INVALID);
	assert_null(k);
	vault_key_free(p.key);
	vault_key_free(q.key);
}

static void test_make_rejects(void **state)
{
	struct vault_key *k = NULL;
	struct vault_slot s;

	(void)state;
	assert_int_equal(vault_key_create(NULL), TEND_ERR_INVALID);
	assert_int_equal(vault_key_create(&k), TEND_OK);
	assert_int_equal(vault_slot_make(NULL, VAULT_SLOT_RECOVERY, OPS_MIN, MEM_MIN, &zoe, "x", 1,
	                                 &s), TEND_ERR_INVALID);
	assert_int_equal(vault_slot_make(k, (enum vault_slot_kind)2, OPS_MIN, MEM_MIN, &zoe, "x",
	                                 1, &s), TEND_ERR_INVALID);
	assert_int_equal(vault_slot_make(k, VAULT_SLOT_RECOVERY, 0, MEM_MIN, &zoe, "x", 1, &s),
	                 TEND_ERR_INVALID);
	assert_int_equal(vault_slot_make(k, VAULT_SLOT_RECOVERY, OPS_MIN, MEM_MIN, NULL, "x", 1, &s),
	                 TEND_ERR_INVALID);
	vault_key_free(k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_known_answer),
		cmocka_unit_test(test_new_codes),
		cmocka_unit_test(test_parse_is_generous),
		cmocka_unit_test(test_every_typo_is_found),
		cmocka_unit_test(test_groups),
		cmocka_unit_test(test_recovery_slot_opens_the_same_key),
		cmocka_unit_test(test_kinds_do_not_mix),
		cmocka_unit_test(test_recovery_slot_every_byte_flip),
		cmocka_unit_test(test_recovery_slot_versions),
		cmocka_unit_test(test_rewrap_keeps_kind),
		cmocka_unit_test(test_unbound_then_bound),
		cmocka_unit_test(test_make_rejects),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
