/* test_vault_backup.c: the backup format (src/vault/backup.c): what the
 * file shows, sealing to each partner, every flipped bit refused, a newer
 * version refused, and a pinned backup that must open forever.
 *
 * The pinned backup below was made once by tend's own vault_backup_seal
 * (libsodium 1.0.18): Łukasz (partner 1) alone, his slot at Argon2id's
 * minimum limits under "pinned backup ♡", the snapshot the 36 bytes of
 * `pinned_data`. If it stops opening, backups people keep would too. */
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
#include "testkit.h"

#define OPS_MIN 1u
#define MEM_MIN 8192u

static const char pinned_data[] = "SQLite format 3\0 a snapshot, pinned";
static const char pinned_pass[] = "pinned backup \xe2\x99\xa1";
static const char pinned_hex[] =
	"e23ee2ab947495a1773cdc219314dcc81f07638a210001ace555a908a47eec3a"
	"d52a8c2de989f716af85c82c573f9256b3b1bb96307eae6421d8bd5bf0cd861a"
	"fed1fb8562d258d60250120cd95fd3f09ecfdd1f62426586f22a9c88ea5408c4"
	"bccd14ef6fbf3f37ce29fd0d3f6db30a4625412e65483390e5dbef31fe131c17"
	"d24fec990fe1ac3d3f1a7b76d955138370efc093e616add06cb3565946234d1d"
	"2c909079251f93872eb10649aa3299efa39349cc6dc0a996ea88185f977d4cd4"
	"bd91c097e3c250467e97763f3c89cb93398b549b42bbcb175c17f505b32d4b06"
	"e33435612b4b4e3baff6d697030c6b967ba05ea171648ca3a19e80e438123614"
	"3fd5c2c971e547c8bd464f2645ba3aac67e8c5c6b6274e799f93a3056bb7aff4"
	"b14001ae11198af13ab7a2e43240c722b67854df04602343fb42e690592351d1"
	"bddc7397986fccb6e5b1f6b384fefcbb678891c77ba1c337b77fd0c409a5108b"
	"ce9aa77882398ac276c69fb9168bdcdf81120d7b2ef1cb17dd7b88aae5455da1"
	"b4402f3b00acb9055fca6bdb47e6ef85324651028f764170ad3798e11d28f89e"
	"92926c1df54ac3afe9f8015fa3b9674135e7b9ed03ed7b913c1ef61e2209ce5c"
	"915bde4980e9d4ec0e7358b34127c806d261be459e7b5cecf1b5b0103c918d91"
	"a9e65caa133d765cea447e42996caf85a539a214a91544246217e7ae337ebf79"
	"6c30b69b1c5b8afbdb52bb36eff756082610b2e9fa4050c674842b36bec1d945"
	"9c94afc217b14f2ed34407280fb3d85a6ba0d97a57838508ba651e4fade7b778"
	"04ce2f6c715fac00b4635934259b777e0b9ff57feaae22354e5a433c59c22eb3"
	"9bae5009b00e70a0d672d6e5cff851cae02c67d829cd61d96c36ebcd5dc47204"
	"b8286abb582fbc99a1ea89b81583e73a0b9327c3ef9c2c8d0b51a1b34734cc0b"
	"ed03711c2d40c2b314f11affb67ef8691e660ad608dca3408945385f";

static const struct vault_owner own[2] = { { 0, "Zo\xc3\xab" }, { 1, "\xc5\x81ukasz" } };

/* Two partners, their keys and encoded passphrase slots. */
struct fixture {
	struct vault_key *key[2];
	uint8_t pk[2][VAULT_PK_BYTES];
	uint8_t slot[2][VAULT_SLOT_BYTES];
	size_t slotlen[2];
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);

	if (!fx || vault_init() != TEND_OK)
		return -1;
	for (int i = 0; i < 2; i++) {
		struct vault_slot s;

		if (vault_key_create(&fx->key[i]) != TEND_OK ||
		    vault_slot_make(fx->key[i], VAULT_SLOT_PASSPHRASE, OPS_MIN, MEM_MIN, &own[i],
		                    "pass", 4, &s) != TEND_OK)
			return -1;
		memcpy(fx->pk[i], vault_key_pk(fx->key[i]), VAULT_PK_BYTES);
		fx->slotlen[i] = vault_slot_encode(&s, fx->slot[i]);
	}
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	for (int i = 0; i < 2; i++)
		vault_key_free(fx->key[i]);
	free(fx);
	return 0;
}

/* A backup of `len` bytes of `data` for `readers`. */
static uint8_t *make(struct fixture *fx, unsigned readers, const void *data, size_t len,
                     size_t *outlen)
{
	const uint8_t *slots[2] = { fx->slot[0], fx->slot[1] };
	uint8_t *out = NULL;

	assert_int_equal(vault_backup_seal((const uint8_t(*)[VAULT_PK_BYTES])fx->pk, readers,
	                                   slots, fx->slotlen, data, len, &out, outlen), TEND_OK);
	return out;
}

static void test_round_trip(void **state)
{
	struct fixture *fx = *state;
	static const char data[] = "SQLite format 3\0 Zo\xc3\xab and \xc5\x81ukasz, 2026-11-25";
	struct vault_backup_info info;
	size_t len, n;
	uint8_t *b = make(fx, 3, data, sizeof data, &len), *out;

	assert_int_equal(len, sizeof data + VAULT_BACKUP_OVERHEAD);
	assert_int_equal(vault_backup_info(b, len, &info), TEND_OK);
	assert_int_equal(info.readers, 3);
	assert_int_equal(info.datalen, sizeof data);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(info.slotlen[i], fx->slotlen[i]);
		assert_memory_equal(info.slot[i], fx->slot[i], fx->slotlen[i]);
		assert_int_equal(vault_backup_open(fx->key[i], i, b, len, &out, &n), TEND_OK);
		assert_int_equal(n, sizeof data);
		assert_memory_equal(out, data, n);
		free(out);
	}
	/* each partner's key opens only their own seal */
	assert_int_equal(vault_backup_open(fx->key[0], 1, b, len, &out, &n), TEND_ERR_CORRUPT);
	assert_null(out);
	free(b);

	/* an empty snapshot is a snapshot too */
	b = make(fx, 1, "", 0, &len);
	assert_int_equal(vault_backup_open(fx->key[0], 0, b, len, &out, &n), TEND_OK);
	assert_int_equal(n, 0);
	free(out);
	free(b);
}

/* Nothing of what is inside shows: no magic, no slot, no name, no byte of
 * the snapshot, and two backups of the same data share no bytes. */
static void test_shows_nothing_but_its_size(void **state)
{
	struct fixture *fx = *state;
	static const char data[] = "SQLite format 3\0 Zo\xc3\xab Zo\xc3\xab Zo\xc3\xab tend";
	const char *needles[] = { "tendback", "tsl2", "SQLite", "Zo\xc3\xab", "tend" };
	size_t len, len2, same = 0;
	uint8_t *b = make(fx, 3, data, sizeof data, &len), *b2 = make(fx, 3, data, sizeof data, &len2);

	for (size_t i = 0; i < sizeof needles / sizeof needles[0]; i++)
		assert_null(memmem(b, len, needles[i], strlen(needles[i])));
	for (int i = 0; i < 2; i++) {
		assert_null(memmem(b, len, fx->pk[i], 8));
		assert_null(memmem(b, len, fx->slot[i] + 4, 8));
	}
	assert_int_equal(len, len2);
	for (size_t i = 0; i < len; i++)
		same += b[i] == b2[i];
	assert_true(same < len / 64); /* about 1 in 256 by chance */
	free(b);
	free(b2);
}

static void test_one_reader(void **state)
{
	struct fixture *fx = *state;
	struct vault_backup_info info;
	size_t len, n;
	uint8_t *b = make(fx, 2, "x", 1, &len), *out = NULL;

	assert_int_equal(vault_backup_info(b, len, &info), TEND_OK);
	assert_int_equal(info.readers, 2);
	assert_int_equal(info.slotlen[0], 0);
	assert_int_equal(info.slotlen[1], fx->slotlen[1]);
	assert_int_equal(vault_backup_open(fx->key[0], 0, b, len, &out, &n), TEND_ERR_DENIED);
	assert_null(out);
	assert_int_equal(vault_backup_open(fx->key[1], 1, b, len, &out, &n), TEND_OK);
	free(out);
	free(b);
}

/* Every bit of the file, flipped alone, is refused: the nonce (the header
 * no longer unmasks), the header and its check, the snapshot. */
static void test_every_bit_flip_refused(void **state)
{
	struct fixture *fx = *state;
	size_t len, n;
	uint8_t *b = make(fx, 3, "a small snapshot", 16, &len), *out;

	for (size_t i = 0; i < len; i++) {
		for (int bit = 0; bit < 8; bit++) {
			enum tend_status st;

			b[i] ^= (uint8_t)(1u << bit);
			out = NULL;
			st = vault_backup_open(fx->key[1], 1, b, len, &out, &n);
			b[i] ^= (uint8_t)(1u << bit);
			if (st == TEND_OK)
				fail_msg("byte %zu bit %d flipped still opened", i, bit);
			assert_null(out);
			assert_true(st == TEND_ERR_NOT_BACKUP || st == TEND_ERR_CORRUPT ||
			            st == TEND_ERR_TOO_NEW || st == TEND_ERR_DENIED);
		}
	}
	assert_int_equal(vault_backup_open(fx->key[1], 1, b, len, &out, &n), TEND_OK);
	free(out);
	/* cut short, or one byte more */
	for (size_t cut = 0; cut < len; cut += 7)
		assert_int_not_equal(vault_backup_open(fx->key[1], 1, b, cut, &out, &n), TEND_OK);
	b = realloc(b, len + 1);
	b[len] = 0;
	assert_int_not_equal(vault_backup_open(fx->key[1], 1, b, len + 1, &out, &n), TEND_OK);
	free(b);
}

/* The header unmasked by hand, as a newer tend would write it. */
static void test_newer_version_refused(void **state)
{
	struct fixture *fx = *state;
	struct vault_backup_info info;
	uint8_t *b, *out = NULL;
	size_t len, n;

	b = make(fx, 3, "snapshot", 8, &len);
	vault_backup_mask(b + 24, 608 + 16, b);
	assert_memory_equal(b + 24, "tendback", 8);
	assert_int_equal(b[32], 1);
	b[32] = 2; /* version 2, whatever else it may have changed */
	vault_backup_mask(b + 24, 608 + 16, b);
	assert_int_equal(vault_backup_info(b, len, &info), TEND_ERR_TOO_NEW);
	assert_int_equal(vault_backup_open(fx->key[0], 0, b, len, &out, &n), TEND_ERR_TOO_NEW);
	free(b);
}

/* Random bytes, an empty file, a database: not a backup. */
static void test_not_a_backup(void **state)
{
	struct fixture *fx = *state;
	struct vault_backup_info info;
	uint8_t junk[2048];
	uint8_t *out = NULL;
	size_t n;

	(void)fx;
	for (size_t i = 0; i < sizeof junk; i++)
		junk[i] = (uint8_t)(i * 131 + 7);
	assert_int_equal(vault_backup_info(junk, sizeof junk, &info), TEND_ERR_NOT_BACKUP);
	assert_int_equal(vault_backup_info(junk, 0, &info), TEND_ERR_NOT_BACKUP);
	assert_int_equal(vault_backup_info(NULL, 0, &info), TEND_ERR_NOT_BACKUP);
	memcpy(junk, "SQLite format 3", 16);
	assert_int_equal(vault_backup_open(fx->key[0], 0, junk, sizeof junk, &out, &n),
	                 TEND_ERR_NOT_BACKUP);
}

static void test_seal_rejects(void **state)
{
	struct fixture *fx = *state;
	const uint8_t *slots[2] = { fx->slot[0], NULL };
	size_t lens[2] = { fx->slotlen[0], 0 };
	uint8_t *out = NULL;
	size_t n;
	const uint8_t(*pk)[VAULT_PK_BYTES] = (const uint8_t(*)[VAULT_PK_BYTES])fx->pk;

	assert_int_equal(vault_backup_seal(pk, 0, slots, lens, (const uint8_t *)"x", 1, &out, &n),
	                 TEND_ERR_INVALID);
	assert_int_equal(vault_backup_seal(pk, 4, slots, lens, (const uint8_t *)"x", 1, &out, &n),
	                 TEND_ERR_INVALID);
	/* a reader without a slot */
	assert_int_equal(vault_backup_seal(pk, 3, slots, lens, (const uint8_t *)"x", 1, &out, &n),
	                 TEND_ERR_INVALID);
	assert_null(out);
	assert_int_equal(vault_backup_seal(pk, 1, slots, lens, (const uint8_t *)"x", 1, &out, &n),
	                 TEND_OK);
	free(out);
}

/* The pinned backup: its header reads, its slot opens with its passphrase,
 * and its snapshot comes out byte for byte. */
static void test_known_answer(void **state)
{
	uint8_t b[sizeof pinned_hex / 2], *out = NULL;
	struct vault_backup_info info;
	struct vault_slot s;
	struct vault_key *k = NULL;
	size_t len = tk_unhex(pinned_hex, b), n;

	(void)state;
	assert_int_equal(len, sizeof pinned_data + VAULT_BACKUP_OVERHEAD);
	assert_int_equal(vault_backup_info(b, len, &info), TEND_OK);
	assert_int_equal(info.readers, 2);
	assert_int_equal(info.slotlen[0], 0);
	assert_int_equal(info.slotlen[1], VAULT_SLOT_BYTES);
	assert_int_equal(info.datalen, sizeof pinned_data);
	assert_int_equal(vault_slot_decode(info.slot[1], info.slotlen[1], &s), TEND_OK);
	assert_int_equal(s.opslimit, OPS_MIN);
	assert_int_equal(s.memlimit, MEM_MIN);
	assert_int_equal(vault_unlock(&s, &own[1], pinned_pass, strlen(pinned_pass), &k), TEND_OK);
	assert_int_equal(vault_backup_open(k, 1, b, len, &out, &n), TEND_OK);
	assert_int_equal(n, sizeof pinned_data);
	assert_memory_equal(out, pinned_data, n);
	free(out);
	vault_key_free(k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_answer),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_shows_nothing_but_its_size),
		cmocka_unit_test(test_one_reader),
		cmocka_unit_test(test_every_bit_flip_refused),
		cmocka_unit_test(test_newer_version_refused),
		cmocka_unit_test(test_not_a_backup),
		cmocka_unit_test(test_seal_rejects),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
