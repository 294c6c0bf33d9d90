/* test_vault.c: keys, slots and sealed records.
 *
 * Slots are made at Argon2id's minimum limits so the whole file runs in
 * well under a second; one test makes a real INTERACTIVE slot. The pinned
 * vectors below were computed once with libsodium 1.0.18 through tend's own
 * functions and cross-checked with an independent implementation (Python
 * `cryptography`: its Argon2id, and HChaCha20 + IETF ChaCha20-Poly1305 for
 * XChaCha20-Poly1305, which itself reproduces the draft's vector). They are
 * there to catch any change of algorithm, parameter or byte layout: if one
 * fails, existing databases would no longer open. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tend/status.h"
#include "tend/vault.h"
#include "../../src/vault/vault_internal.h"
#include "testkit.h"

/* libsodium's Argon2id minimum limits (crypto_pwhash_argon2id_*_MIN). */
#define OPS_MIN 1u
#define MEM_MIN 8192u

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

/* Two partners with slots at the minimum limits, unlocked once for all. */
struct fixture {
	struct vault_slot slot[2];
	struct vault_key *key[2];
	uint8_t pk[2][VAULT_PK_BYTES];
};

static const char *const pass[2] = { "river stones at dusk", "Łukasz's lantern" };
/* Whose each fixture slot is (and the ad-hoc slots, partner 0's). */
static const struct vault_owner own[2] = { { 0, "Zoë" }, { 1, "Łukasz" } };

static int group_setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);

	if (fx == NULL || vault_init() != TEND_OK)
		return -1;
	for (int i = 0; i < 2; i++) {
		if (vault_slot_create_limits(pass[i], strlen(pass[i]), OPS_MIN, MEM_MIN, &own[i],
					     &fx->slot[i]) != TEND_OK)
			return -1;
		if (vault_unlock(&fx->slot[i], &own[i], pass[i], strlen(pass[i]), &fx->key[i]) !=
		    TEND_OK)
			return -1;
		memcpy(fx->pk[i], fx->slot[i].pk, VAULT_PK_BYTES);
	}
	*state = fx;
	return 0;
}

static int group_teardown(void **state)
{
	struct fixture *fx = *state;

	if (fx != NULL) {
		vault_key_free(fx->key[0]);
		vault_key_free(fx->key[1]);
		free(fx);
	}
	return 0;
}

/* The key a private record's author seals it with (theirs, from the
 * fixture); NULL for a shared one, which needs none. */
static const struct vault_key *author_key(const struct fixture *fx, const struct vault_ad *ad)
{
	if (fx == NULL || ad == NULL || ad->visibility != 0 || (ad->author != 0 && ad->author != 1))
		return NULL;
	return fx->key[ad->author];
}

/* Opens `box` as partner `who` and returns the status, checking that a
 * failure leaves *out NULL and freeing a success. */
static enum tend_status open_as(struct fixture *fx, int who, int reader,
                                const struct vault_ad *ad, const struct vault_box *box)
{
	char *text = (char *)1;
	size_t len = 99;
	enum tend_status st = vault_open(fx->key[who], reader, ad, box, &text, &len);

	if (st != TEND_OK) {
		assert_null(text);
		assert_int_equal(len, 0);
	}
	vault_secure_free(st == TEND_OK ? text : NULL);
	return st;
}

/* Opens `box` as partner `who` and checks the text is exactly `want`. */
static void assert_opens_to(struct fixture *fx, int who, const struct vault_ad *ad,
                            const struct vault_box *box, const char *want, size_t wantlen)
{
	char *text = NULL;
	size_t len = 0;

	assert_int_equal(vault_open(fx->key[who], who, ad, box, &text, &len), TEND_OK);
	assert_non_null(text);
	assert_int_equal(len, wantlen);
	assert_memory_equal(text, want, wantlen);
	assert_int_equal(text[len], '\0');
	vault_secure_free(text);
}

/* ---- known answers ---- */

/* draft-irtf-cfrg-xchacha-03, A.3.1: AEAD_XChaCha20_Poly1305. */
static void test_kat_xchacha_draft(void **state)
{
	static const char msg[] = "Ladies and Gentlemen of the class of '99: If I could offer "
				  "you only one tip for the future, sunscreen would be it.";
	static const char want_hex[] =
		"bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb"
		"731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216cb96b72e1213b452"
		"2f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff9"
		"21f9664c97637da9768812f615c68b13b52e"
		"c0875924c1c7987947deafd8780acf49"; /* the tag */
	uint8_t key[32], nonce[24], ad[12], want[sizeof msg - 1 + 16];
	uint8_t c[sizeof msg - 1 + 16], m[sizeof msg - 1];
	size_t mlen = sizeof msg - 1;

	(void)state;
	tk_unhex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f", key);
	tk_unhex("404142434445464748494a4b4c4d4e4f5051525354555657", nonce);
	tk_unhex("50515253c0c1c2c3c4c5c6c7", ad);
	assert_int_equal(tk_unhex(want_hex, want), sizeof want);
	assert_int_equal(vault_aead_encrypt(c, (const uint8_t *)msg, mlen, ad, sizeof ad,
					    nonce, key), 0);
	assert_memory_equal(c, want, sizeof want);
	assert_int_equal(vault_aead_decrypt(m, c, sizeof c, ad, sizeof ad, nonce, key), 0);
	assert_memory_equal(m, msg, mlen);
	c[sizeof c - 1] ^= 1;
	assert_int_equal(vault_aead_decrypt(m, c, sizeof c, ad, sizeof ad, nonce, key), -1);
	assert_int_equal(vault_aead_decrypt(m, c, 15, ad, sizeof ad, nonce, key), -1);
}

/* Argon2id13 through vault_derive, pinned (computed with libsodium,
 * confirmed with another Argon2id): ops 2, mem 64 KiB, one lane. */
static void test_kat_argon2id(void **state)
{
	const char *pw = "tend \xe2\x99\xa1 passphrase";
	uint8_t salt[16], out[32], want[32];

	(void)state;
	for (int i = 0; i < 16; i++)
		salt[i] = (uint8_t)(0xa0 + i);
	tk_unhex("9d27ea1366940e7cd861a1e4859f464fce1b8fda15579ebb37bd1d73c33ac612", want);
	assert_int_equal(vault_derive(pw, strlen(pw), salt, 2, 65536, out), TEND_OK);
	assert_memory_equal(out, want, 32);
	/* Each parameter counts. */
	assert_int_equal(vault_derive(pw, strlen(pw), salt, 3, 65536, out), TEND_OK);
	assert_memory_not_equal(out, want, 32);
	assert_int_equal(vault_derive(pw, strlen(pw), salt, 2, 2 * 65536, out), TEND_OK);
	assert_memory_not_equal(out, want, 32);
	salt[15] ^= 1;
	assert_int_equal(vault_derive(pw, strlen(pw), salt, 2, 65536, out), TEND_OK);
	assert_memory_not_equal(out, want, 32);
	/* Out of range limits are never run. */
	assert_int_equal(vault_derive(pw, 1, salt, 0, 65536, out), TEND_ERR_INVALID);
	assert_int_equal(vault_derive(pw, 1, salt, 2, MEM_MIN - 1, out), TEND_ERR_INVALID);
	assert_int_equal(vault_derive(pw, 1, salt, 5, 65536, out), TEND_ERR_INVALID);
	assert_int_equal(vault_derive(pw, 1, salt, 2, (1ull << 30) + 1, out), TEND_ERR_INVALID);
}

/* tend's record format: associated data bytes and a whole ciphertext. */
static void test_kat_record_format(void **state)
{
	static const char ad_hex[] = "74656e64" "01000000" "05" "656e747279"
				     "2a00000000000000" "03000000" "01" "00";
	static const char ad2_hex[] = "74656e64" "01000000" "05" "656e747279"
				      "feffffffffffffff" "04030201" "00" "01";
	static const char ct_hex[] =
		"404142434445464748494a4b4c4d4e4f5051525354555657" /* the nonce */
		"835c2507b18c1273ebd4e5c78fe80df7b2c8c4b2762b7de3ce6236cd68a24a01"
		"9360f0f95a9a20";
	const char *text = "We walked by the river.";
	struct vault_ad ad = { "entry", 42, 3, 1, 0 };
	struct vault_ad ad2 = { "entry", -2, 0x01020304, 0, 1 };
	uint8_t key[32], nonce[24], adb[VAULT_AD_MAX], want[VAULT_AD_MAX + 64];
	uint8_t *ct = NULL;
	size_t ctlen = 0, n, outlen;
	char *out;

	(void)state;
	for (int i = 0; i < 32; i++)
		key[i] = (uint8_t)i;
	for (int i = 0; i < 24; i++)
		nonce[i] = (uint8_t)(0x40 + i);

	n = tk_unhex(ad_hex, want);
	assert_int_equal(vault_ad_encode(&ad, 1, adb), n);
	assert_memory_equal(adb, want, n);
	n = tk_unhex(ad2_hex, want);
	assert_int_equal(vault_ad_encode(&ad2, 1, adb), n);
	assert_memory_equal(adb, want, n);

	assert_int_equal(vault_seal_with_key(key, nonce, &ad, 1, text, strlen(text), &ct, &ctlen),
			 TEND_OK);
	n = tk_unhex(ct_hex, want);
	assert_int_equal(ctlen, n);
	assert_memory_equal(ct, want, n);

	assert_int_equal(vault_open_with_key(key, &ad, 1, ct, ctlen, &out, &outlen), TEND_OK);
	assert_int_equal(outlen, strlen(text));
	assert_string_equal(out, text);
	vault_secure_free(out);
	assert_int_equal(vault_open_with_key(key, &ad2, 1, ct, ctlen, &out, &outlen),
			 TEND_ERR_TAMPERED);
	assert_null(out);
	free(ct);
}

/* A stored slot and a private record sealed to it, as tend 1 wrote them:
 * they must open forever. The slot was also unwrapped independently from
 * the layout in vault.h (its Argon2id, XChaCha20-Poly1305 with the
 * "tend slot v1" AD, and X25519 of the secret key giving the pk). */
static void test_kat_stored_slot_and_record(void **state)
{
	static const char slot_hex[] =
		"74736c3175e0b161cc36903ba37545a5df4b3b7ea6acaf2474bbeb26ba89d9ef"
		"083d441aca12141b8ba50726c4979a29372256b4010000000000000000200000"
		"00000000020000004ee20b559f1810e3eb0544027350e3f05b5aa4e13bf3ae41"
		"62d56828e1e8dcb608b51a221b830ccf25c61694f354cc7291ba8e6de70cdc20"
		"60551a39676662833aecbd6483dd4b3b";
	static const char ct_hex[] =
		"6bec6299197358bf2c2957935b9d63a29695074259cd8cefff8b3bec6eba313e"
		"35dd2660949d727e5e0d70561b58d8629323dac06d";
	static const char seal_hex[] =
		"186e411810e3ea9876bd6ba52b82a7f26866839e259cb70ec476003ea085c040"
		"35b129044b8e8985ee680a3470c8e42092ecb7c9daaa024a48e4d517ce60a139"
		"c9698442b88f5f632c3417d3634e78b4";
	const char *pw = "pinned \xe2\x99\xa1";
	const struct vault_ad ad = { "entry", 1001, 2, 0, 0 };
	uint8_t b[VAULT_SLOT_BYTES], ct[64];
	struct vault_slot s;
	struct vault_key *k = NULL;
	struct vault_box box;
	char *text = NULL;
	size_t len = 0;

	(void)state;
	assert_int_equal(tk_unhex(slot_hex, b), VAULT_SLOT_V1_BYTES);
	assert_int_equal(vault_slot_decode(b, VAULT_SLOT_V1_BYTES, &s), TEND_OK);
	assert_int_equal(s.version, 1);
	assert_int_equal(s.opslimit, 1);
	assert_int_equal(s.memlimit, 8192);
	/* A version 1 slot binds no owner: any (or none) is accepted. */
	assert_int_equal(vault_unlock(&s, NULL, pw, strlen(pw), &k), TEND_OK);
	vault_key_free(k);
	assert_int_equal(vault_unlock(&s, &own[1], pw, strlen(pw), &k), TEND_OK);
	vault_key_free(k);
	assert_int_equal(vault_unlock(&s, &own[0], "pinned", 6, &k), TEND_ERR_PASSPHRASE);
	assert_int_equal(vault_unlock(&s, &own[0], pw, strlen(pw), &k), TEND_OK);
	assert_memory_equal(vault_key_pk(k), b + 4, VAULT_PK_BYTES);
	/* ... and is brought up to version 2 with the same passphrase: the same
	 * key, now bound to its owner. */
	{
		struct vault_slot up;
		struct vault_key *k2 = NULL;
		uint8_t e[VAULT_SLOT_BYTES];

		assert_int_equal(vault_slot_rewrap(&s, k, &own[0], pw, strlen(pw), &up), TEND_OK);
		assert_int_equal(up.version, 2);
		assert_int_equal(vault_slot_encode(&up, e), VAULT_SLOT_BYTES);
		assert_int_equal(vault_slot_decode(e, sizeof e, &up), TEND_OK);
		assert_int_equal(vault_unlock(&up, &own[0], pw, strlen(pw), &k2), TEND_OK);
		assert_memory_equal(vault_key_pk(k2), b + 4, VAULT_PK_BYTES);
		vault_key_free(k2);
		assert_int_equal(vault_unlock(&up, &own[1], pw, strlen(pw), &k2),
		                 TEND_ERR_PARTNERS_CHANGED);
		assert_null(k2);
		/* A version 1 slot still encodes as it was stored. */
		assert_int_equal(vault_slot_encode(&s, e), VAULT_SLOT_V1_BYTES);
		assert_memory_equal(e, b, VAULT_SLOT_V1_BYTES);
	}

	memset(&box, 0, sizeof box);
	box.ct = ct;
	box.ctlen = tk_unhex(ct_hex, ct);
	assert_int_equal(tk_unhex(seal_hex, box.seal[0]), VAULT_SEAL_BYTES);
	box.readers = 1;
	box.format = 1;
	assert_int_equal(vault_open(k, 0, &ad, &box, &text, &len), TEND_OK);
	assert_int_equal(len, 13);
	assert_string_equal(text, "pinned record");
	vault_secure_free(text);

	/* Once the slot is version 2, a private record without its author's
	 * proof is one tend no longer writes: reported as forged. (tend boxes
	 * its author's old ones anew when it brings the slot up to date.) */
	{
		struct vault_slot up;
		struct vault_key *k2 = NULL;

		assert_int_equal(vault_slot_rewrap(&s, k, &own[0], pw, strlen(pw), &up), TEND_OK);
		assert_int_equal(vault_unlock(&up, &own[0], pw, strlen(pw), &k2), TEND_OK);
		text = (char *)1;
		assert_int_equal(vault_open(k2, 0, &ad, &box, &text, &len), TEND_ERR_FORGED);
		assert_null(text);
		vault_key_free(k2);
	}
	vault_key_free(k);
}

/* Values tend never writes have no encoding (so they can never collide). */
static void test_ad_encode_rejects(void **state)
{
	char table[257];
	uint8_t adb[VAULT_AD_MAX];
	struct vault_ad ok = { "entry", 1, 0, 0, 1 }, ad;

	(void)state;
	assert_int_not_equal(vault_ad_encode(&ok, 1, adb), 0);
	ad = ok, ad.table = NULL;
	assert_int_equal(vault_ad_encode(&ad, 1, adb), 0);
	ad = ok, ad.table = "";
	assert_int_equal(vault_ad_encode(&ad, 1, adb), 0);
	memset(table, 't', 256);
	table[256] = '\0';
	ad = ok, ad.table = table;
	assert_int_equal(vault_ad_encode(&ad, 1, adb), 0);
	table[255] = '\0';
	assert_int_equal(vault_ad_encode(&ad, 1, adb), VAULT_AD_MAX);
	ad = ok, ad.kind = -1;
	assert_int_equal(vault_ad_encode(&ad, 1, adb), 0);
	ad = ok, ad.author = 2;
	assert_int_equal(vault_ad_encode(&ad, 1, adb), 0);
	ad = ok, ad.author = -1;
	assert_int_equal(vault_ad_encode(&ad, 1, adb), 0);
	ad = ok, ad.visibility = 2;
	assert_int_equal(vault_ad_encode(&ad, 1, adb), 0);
	assert_int_equal(vault_ad_encode(NULL, 1, adb), 0);
}

/* ---- set-up ---- */

static void test_init_disables_core_dumps(void **state)
{
	struct rlimit rl;

	(void)state;
	assert_int_equal(vault_init(), TEND_OK); /* a second call is fine */
	assert_int_equal(getrlimit(RLIMIT_CORE, &rl), 0);
	assert_int_equal(rl.rlim_cur, 0);
	assert_int_equal(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
}

/* ---- slots ---- */

static void test_unlock_right_and_wrong(void **state)
{
	struct fixture *fx = *state;
	struct vault_key *k = (struct vault_key *)1;
	const char *p = pass[0];

	assert_int_equal(vault_unlock(&fx->slot[0], &own[0], p, strlen(p), &k), TEND_OK);
	assert_non_null(k);
	assert_memory_equal(vault_key_pk(k), fx->slot[0].pk, VAULT_PK_BYTES);
	vault_key_free(k);

	assert_int_equal(vault_unlock(&fx->slot[0], &own[0], pass[1], strlen(pass[1]), &k),
			 TEND_ERR_PASSPHRASE);
	assert_null(k);
	assert_int_equal(vault_unlock(&fx->slot[0], &own[0], p, strlen(p) - 1, &k), TEND_ERR_PASSPHRASE);
	assert_int_equal(vault_unlock(&fx->slot[0], &own[0], "River stones at dusk", strlen(p), &k),
			 TEND_ERR_PASSPHRASE);
	assert_int_equal(vault_unlock(&fx->slot[0], &own[0], "", 0, &k), TEND_ERR_PASSPHRASE);
	assert_null(k);
	/* Each partner's key is their own. */
	assert_memory_not_equal(fx->slot[0].pk, fx->slot[1].pk, VAULT_PK_BYTES);
	assert_int_equal(vault_unlock(&fx->slot[1], &own[1], p, strlen(p), &k), TEND_ERR_PASSPHRASE);
	assert_int_equal(vault_unlock(NULL, &own[0], p, strlen(p), &k), TEND_ERR_INVALID);
	assert_int_equal(vault_unlock(&fx->slot[0], &own[0], NULL, 3, &k), TEND_ERR_INVALID);
	assert_int_equal(vault_unlock(&fx->slot[0], &own[0], p, strlen(p), NULL), TEND_ERR_INVALID);
	vault_key_free(NULL);
}

static void test_empty_passphrase(void **state)
{
	struct vault_slot s;
	struct vault_key *k = NULL;

	(void)state;
	assert_int_equal(vault_slot_create_limits(NULL, 0, OPS_MIN, MEM_MIN, &own[0], &s), TEND_OK);
	assert_int_equal(vault_unlock(&s, &own[0], "", 0, &k), TEND_OK);
	vault_key_free(k);
	assert_int_equal(vault_unlock(&s, &own[0], NULL, 0, &k), TEND_OK);
	vault_key_free(k);
	assert_int_equal(vault_unlock(&s, &own[0], " ", 1, &k), TEND_ERR_PASSPHRASE);
	assert_int_equal(vault_unlock(&s, &own[0], "\0", 1, &k), TEND_ERR_PASSPHRASE);
	assert_int_equal(vault_slot_create_limits(NULL, 4, OPS_MIN, MEM_MIN, &own[0], &s), TEND_ERR_INVALID);
}

/* Passphrases are bytes: UTF-8 works, no normalisation, NUL is a byte. */
static void test_utf8_passphrase(void **state)
{
	const char *nfc = "Zo\xc3\xab \xe7\xbe\x8e\xe5\x92\xb2 \xf0\x9f\x8c\x99";   /* Zoë 美咲 🌙 */
	const char *nfd = "Zoe\xcc\x88 \xe7\xbe\x8e\xe5\x92\xb2 \xf0\x9f\x8c\x99";  /* e + U+0308 */
	const char nul[] = "ab\0cd";
	struct vault_slot s;
	struct vault_key *k = NULL;

	(void)state;
	assert_int_equal(vault_slot_create_limits(nfc, strlen(nfc), OPS_MIN, MEM_MIN, &own[0], &s), TEND_OK);
	assert_int_equal(vault_unlock(&s, &own[0], nfc, strlen(nfc), &k), TEND_OK);
	vault_key_free(k);
	assert_int_equal(vault_unlock(&s, &own[0], nfd, strlen(nfd), &k), TEND_ERR_PASSPHRASE);

	assert_int_equal(vault_slot_create_limits(nul, 5, OPS_MIN, MEM_MIN, &own[0], &s), TEND_OK);
	assert_int_equal(vault_unlock(&s, &own[0], nul, 5, &k), TEND_OK);
	vault_key_free(k);
	assert_int_equal(vault_unlock(&s, &own[0], nul, 2, &k), TEND_ERR_PASSPHRASE);
}

/* The one slow test: real INTERACTIVE limits, as first-run set-up uses. */
static void test_interactive_slot(void **state)
{
	struct vault_slot s;
	struct vault_key *k = NULL;

	(void)state;
	assert_int_equal(vault_slot_create("p", 1, VAULT_KDF_INTERACTIVE, &own[0], &s), TEND_OK);
	assert_int_equal(s.opslimit, 2);
	assert_int_equal(s.memlimit, 64u << 20);
	assert_int_equal(s.alg, 2); /* crypto_pwhash_ALG_ARGON2ID13 */
	assert_int_equal(vault_unlock(&s, &own[0], "p", 1, &k), TEND_OK);
	vault_key_free(k);
	assert_int_equal(vault_slot_create("p", 1, (enum vault_kdf_level)7, &own[0], &s), TEND_ERR_INVALID);
}

static void test_create_limits_bounds(void **state)
{
	struct vault_slot s;

	(void)state;
	assert_int_equal(vault_slot_create_limits("p", 1, 0, MEM_MIN, &own[0], &s), TEND_ERR_INVALID);
	assert_int_equal(vault_slot_create_limits("p", 1, OPS_MIN, MEM_MIN - 1, &own[0], &s),
			 TEND_ERR_INVALID);
	assert_int_equal(vault_slot_create_limits("p", 1, 5, MEM_MIN, &own[0], &s), TEND_ERR_INVALID);
	assert_int_equal(vault_slot_create_limits("p", 1, OPS_MIN, (1ull << 30) + 1, &own[0], &s),
			 TEND_ERR_INVALID);
	assert_int_equal(vault_slot_create_limits("p", 1, OPS_MIN, MEM_MIN, &own[0], NULL),
			 TEND_ERR_INVALID);
	assert_int_equal(vault_slot_create_limits("p", 1, OPS_MIN, MEM_MIN, &own[0], &s), TEND_OK);
	assert_int_equal(s.opslimit, OPS_MIN);
	assert_int_equal(s.memlimit, MEM_MIN);
}

static void test_slot_encode_decode(void **state)
{
	struct fixture *fx = *state;
	uint8_t b[VAULT_SLOT_BYTES], check[16];
	struct vault_slot d;
	struct vault_key *k = NULL;

	assert_int_equal(VAULT_SLOT_BYTES, 208);
	assert_int_equal(fx->slot[0].version, 2);
	assert_int_equal(vault_slot_encode(&fx->slot[0], b), VAULT_SLOT_BYTES);
	assert_memory_equal(b, "tsl2", 4);
	assert_memory_equal(b + 4, fx->slot[0].pk, 32);
	assert_memory_equal(b + 36, fx->slot[0].salt, 16);
	assert_memory_equal(b + 52, "\x01\0\0\0\0\0\0\0", 8);     /* opslimit 1, LE */
	assert_memory_equal(b + 60, "\x00\x20\0\0\0\0\0\0", 8);   /* memlimit 8192, LE */
	assert_memory_equal(b + 68, "\x02\0\0\0", 4);             /* Argon2id13 */
	assert_memory_equal(b + 72, fx->slot[0].nonce, 24);
	assert_memory_equal(b + 96, fx->slot[0].wrapped, 48);
	assert_memory_equal(b + 144, fx->slot[0].passcheck, 16);
	assert_memory_equal(b + 160, fx->slot[0].bind, 32);
	vault_slot_checksum(b, check);
	assert_memory_equal(b + 192, check, 16);

	memset(&d, 0xee, sizeof d);
	assert_int_equal(vault_slot_decode(b, sizeof b, &d), TEND_OK);
	assert_int_equal(d.version, 2);
	assert_memory_equal(d.pk, fx->slot[0].pk, 32);
	assert_memory_equal(d.salt, fx->slot[0].salt, 16);
	assert_int_equal(d.opslimit, fx->slot[0].opslimit);
	assert_int_equal(d.memlimit, fx->slot[0].memlimit);
	assert_int_equal(d.alg, fx->slot[0].alg);
	assert_memory_equal(d.nonce, fx->slot[0].nonce, 24);
	assert_memory_equal(d.wrapped, fx->slot[0].wrapped, 48);
	assert_memory_equal(d.passcheck, fx->slot[0].passcheck, 16);
	assert_memory_equal(d.bind, fx->slot[0].bind, 32);
	assert_int_equal(vault_unlock(&d, &own[0], pass[0], strlen(pass[0]), &k), TEND_OK);
	vault_key_free(k);
}

/* Decodes `b` after writing `v` as a little-endian `width`-byte field at
 * `off`; returns the status. */
static enum tend_status decode_with(const uint8_t *orig, size_t off, int width, uint64_t v)
{
	uint8_t b[VAULT_SLOT_BYTES];
	struct vault_slot d;

	memcpy(b, orig, sizeof b);
	for (int i = 0; i < width; i++)
		b[off + i] = (uint8_t)(v >> (8 * i));
	vault_slot_checksum(b, b + VAULT_SLOT_BYTES - 16); /* as someone would, on purpose */
	return vault_slot_decode(b, sizeof b, &d);
}

static void test_slot_decode_rejects(void **state)
{
	struct fixture *fx = *state;
	uint8_t b[VAULT_SLOT_BYTES + 1];
	struct vault_slot d, big;
	struct vault_key *k = (struct vault_key *)1;

	vault_slot_encode(&fx->slot[0], b);
	b[VAULT_SLOT_BYTES] = 0;
	assert_int_equal(vault_slot_decode(b, VAULT_SLOT_BYTES - 1, &d), TEND_ERR_CORRUPT);
	assert_int_equal(vault_slot_decode(b, VAULT_SLOT_BYTES + 1, &d), TEND_ERR_CORRUPT);
	assert_int_equal(vault_slot_decode(b, VAULT_SLOT_V1_BYTES, &d), TEND_ERR_CORRUPT);
	assert_int_equal(vault_slot_decode(b, 0, &d), TEND_ERR_CORRUPT);
	assert_int_equal(vault_slot_decode(b, 3, &d), TEND_ERR_CORRUPT);
	assert_int_equal(vault_slot_decode(NULL, VAULT_SLOT_BYTES, &d), TEND_ERR_INVALID);
	assert_int_equal(vault_slot_decode(b, VAULT_SLOT_BYTES, NULL), TEND_ERR_INVALID);

	assert_int_equal(decode_with(b, 0, 1, 'T'), TEND_ERR_CORRUPT);   /* magic */
	assert_int_equal(decode_with(b, 3, 1, '0'), TEND_ERR_CORRUPT);   /* version 0 */
	assert_int_equal(decode_with(b, 3, 1, '1'), TEND_ERR_CORRUPT);   /* 1, at 2's length */
	assert_int_equal(decode_with(b, 3, 1, '3'), TEND_ERR_TOO_NEW);   /* a later tend */
	assert_int_equal(decode_with(b, 68, 4, 1), TEND_ERR_CORRUPT);    /* Argon2i13 */
	assert_int_equal(decode_with(b, 68, 4, 0), TEND_ERR_CORRUPT);
	assert_int_equal(decode_with(b, 68, 4, 0x102), TEND_ERR_CORRUPT);
	assert_int_equal(decode_with(b, 68, 4, UINT32_MAX), TEND_ERR_CORRUPT);
	assert_int_equal(decode_with(b, 52, 8, 0), TEND_ERR_CORRUPT);    /* zero passes */
	assert_int_equal(decode_with(b, 60, 8, 0), TEND_ERR_CORRUPT);    /* zero memory */
	assert_int_equal(decode_with(b, 52, 8, 1ull << 40), TEND_ERR_CORRUPT);
	assert_int_equal(decode_with(b, 52, 8, 5), TEND_ERR_CORRUPT);
	assert_int_equal(decode_with(b, 60, 8, 100ull << 30), TEND_ERR_CORRUPT); /* 100 GiB */
	assert_int_equal(decode_with(b, 60, 8, (1ull << 30) + 1024), TEND_ERR_CORRUPT);
	assert_int_equal(decode_with(b, 60, 8, MEM_MIN - 1), TEND_ERR_CORRUPT);
	assert_int_equal(decode_with(b, 60, 8, UINT64_MAX), TEND_ERR_CORRUPT);
	/* The bounds themselves are fine. */
	assert_int_equal(decode_with(b, 52, 8, 4), TEND_OK);
	assert_int_equal(decode_with(b, 60, 8, 1ull << 30), TEND_OK);

	/* A slot that bypassed decode is refused by unlock, without deriving. */
	big = fx->slot[0];
	big.memlimit = 100ull << 30;
	assert_int_equal(vault_unlock(&big, &own[0], pass[0], strlen(pass[0]), &k), TEND_ERR_CORRUPT);
	assert_null(k);
	big = fx->slot[0];
	big.opslimit = 1ull << 40;
	assert_int_equal(vault_unlock(&big, &own[0], pass[0], strlen(pass[0]), &k), TEND_ERR_CORRUPT);
	big = fx->slot[0];
	big.alg = 1;
	assert_int_equal(vault_unlock(&big, &own[0], pass[0], strlen(pass[0]), &k), TEND_ERR_CORRUPT);
}

/* Any changed byte of a stored slot is damage: its checksum no longer
 * matches, so decode refuses it before anything is sealed to it. */
static void test_slot_every_byte_flip(void **state)
{
	static const uint8_t masks[] = { 0x01, 0xff };
	struct fixture *fx = *state;
	uint8_t orig[VAULT_SLOT_BYTES], b[VAULT_SLOT_BYTES];

	vault_slot_encode(&fx->slot[0], orig);
	for (size_t m = 0; m < sizeof masks; m++) {
		for (size_t i = 0; i < VAULT_SLOT_BYTES; i++) {
			struct vault_slot d;
			enum tend_status st;

			memcpy(b, orig, sizeof b);
			b[i] ^= masks[m];
			st = vault_slot_decode(b, sizeof b, &d);
			if (st == TEND_OK)
				fail_msg("slot byte %zu ^ 0x%02x decoded", i, masks[m]);
			if (i == 3 && st == TEND_ERR_TOO_NEW) /* '2' ^ 1 is '3' */
				continue;
			assert_int_equal(st, TEND_ERR_CORRUPT);
		}
	}
}

/* The same changes made on purpose, the checksum made again: unlock with
 * the right passphrase never succeeds, and says which kind of change it
 * was. The salt, limits or passphrase check: a wrong passphrase (they are
 * what the passphrase is checked with). The key, nonce, wrapped key or
 * binding (and limits that derive the same key): the record changed. */
static void test_slot_every_byte_changed_on_purpose(void **state)
{
	struct fixture *fx = *state;
	uint8_t orig[VAULT_SLOT_BYTES], b[VAULT_SLOT_BYTES];
	const char *p = pass[0];

	vault_slot_encode(&fx->slot[0], orig);
	for (size_t i = 4; i < VAULT_SLOT_BYTES - 16; i++) {
		struct vault_slot d;
		struct vault_key *k = NULL;
		enum tend_status st, want;

		memcpy(b, orig, sizeof b);
		b[i] ^= 0x01;
		vault_slot_checksum(b, b + VAULT_SLOT_BYTES - 16);
		st = vault_slot_decode(b, sizeof b, &d);
		if (i >= 52 && i < 72) { /* limits and algorithm */
			if (st == TEND_ERR_CORRUPT)
				continue;
			/* Argon2id counts memory in KiB: a low bit of it can leave
			 * the derived key as it was, and then the wrap's AD
			 * catches it. Either way it does not open. */
			assert_int_equal(st, TEND_OK);
			st = vault_unlock(&d, &own[0], p, strlen(p), &k);
			if (st != TEND_ERR_PASSPHRASE && st != TEND_ERR_PARTNERS_CHANGED)
				fail_msg("slot byte %zu changed: unlock said %d", i, st);
			assert_null(k);
			continue;
		} else if ((i >= 36 && i < 52) || (i >= 144 && i < 160)) {
			want = TEND_ERR_PASSPHRASE; /* salt, passphrase check */
		} else {
			want = TEND_ERR_PARTNERS_CHANGED; /* pk, nonce, wrapped, binding */
		}
		assert_int_equal(st, TEND_OK);
		st = vault_unlock(&d, &own[0], p, strlen(p), &k);
		if (st != want)
			fail_msg("slot byte %zu changed: unlock said %d, wanted %d", i, st, want);
		assert_null(k);
	}
}

/* Whose a slot is, and its key, are bound: another place, another name or
 * another public key is caught at unlock, and told from a wrong passphrase.
 * Lowered limits change the derived key: a wrong passphrase. */
static void test_slot_binds_owner_pk_and_limits(void **state)
{
	struct fixture *fx = *state;
	const struct vault_owner place = { 1, "Zoë" }, name = { 0, "Zoe" }, none = { 0, NULL };
	struct vault_slot s;
	struct vault_key *k = NULL;
	const char *p = pass[0];

	assert_int_equal(vault_unlock(&fx->slot[0], &place, p, strlen(p), &k),
	                 TEND_ERR_PARTNERS_CHANGED);
	assert_int_equal(vault_unlock(&fx->slot[0], &name, p, strlen(p), &k),
	                 TEND_ERR_PARTNERS_CHANGED);
	assert_int_equal(vault_unlock(&fx->slot[0], &own[1], p, strlen(p), &k),
	                 TEND_ERR_PARTNERS_CHANGED);
	assert_int_equal(vault_unlock(&fx->slot[0], &none, p, strlen(p), &k), TEND_ERR_INVALID);
	assert_int_equal(vault_unlock(&fx->slot[0], NULL, p, strlen(p), &k), TEND_ERR_INVALID);
	/* a wrong passphrase is still that, whoever is named */
	assert_int_equal(vault_unlock(&fx->slot[0], &place, "nope", 4, &k), TEND_ERR_PASSPHRASE);
	assert_null(k);

	s = fx->slot[0];
	memcpy(s.pk, fx->slot[1].pk, VAULT_PK_BYTES);
	assert_int_equal(vault_unlock(&s, &own[0], p, strlen(p), &k), TEND_ERR_PARTNERS_CHANGED);
	assert_int_equal(vault_slot_create_limits(p, strlen(p), 2, 16384, &own[0], &s), TEND_OK);
	s.opslimit = 1;
	assert_int_equal(vault_unlock(&s, &own[0], p, strlen(p), &k), TEND_ERR_PASSPHRASE);
	s.opslimit = 2;
	s.memlimit = 8192;
	assert_int_equal(vault_unlock(&s, &own[0], p, strlen(p), &k), TEND_ERR_PASSPHRASE);
	s.memlimit = 16384;
	assert_int_equal(vault_unlock(&s, &own[0], p, strlen(p), &k), TEND_OK);
	vault_key_free(k);
	assert_int_equal(vault_slot_create_limits(p, strlen(p), 2, 16384, NULL, &s),
	                 TEND_ERR_INVALID);
}

static void test_rewrap(void **state)
{
	struct fixture *fx = *state;
	const char *np = "a new passphrase";
	struct vault_slot s, r;
	struct vault_key *k = NULL, *k2 = NULL;
	char *text = NULL;
	size_t len;
	struct vault_ad ad = { "entry", 5, 1, 0, 0 };
	struct vault_box box;

	assert_int_equal(vault_slot_create_limits("old", 3, OPS_MIN, MEM_MIN, &own[0], &s), TEND_OK);
	assert_int_equal(vault_unlock(&s, &own[0], "old", 3, &k), TEND_OK);
	assert_int_equal(vault_slot_rewrap(&s, k, &own[0], np, strlen(np), &r), TEND_OK);
	assert_int_equal(r.version, 2);
	assert_memory_equal(r.pk, s.pk, VAULT_PK_BYTES);
	assert_memory_not_equal(r.salt, s.salt, 16);
	assert_int_equal(r.opslimit, s.opslimit);
	assert_int_equal(r.memlimit, s.memlimit);
	assert_int_equal(vault_unlock(&r, &own[0], "old", 3, &k2), TEND_ERR_PASSPHRASE);
	assert_int_equal(vault_unlock(&r, &own[0], np, strlen(np), &k2), TEND_OK);
	assert_memory_equal(vault_key_pk(k2), s.pk, VAULT_PK_BYTES);

	/* The rewrapped key opens what was sealed to the old one. */
	uint8_t pk[2][VAULT_PK_BYTES];
	memcpy(pk[0], s.pk, VAULT_PK_BYTES);
	memcpy(pk[1], fx->pk[1], VAULT_PK_BYTES);
	assert_int_equal(vault_seal((const uint8_t(*)[VAULT_PK_BYTES])pk, 1, &ad, "hi", 2, k2, &box),
			 TEND_OK);
	assert_int_equal(vault_open(k2, 0, &ad, &box, &text, &len), TEND_OK);
	assert_string_equal(text, "hi");
	vault_secure_free(text);
	vault_box_free(&box);

	/* In place, and refusing a key that is not the slot's. */
	assert_int_equal(vault_slot_rewrap(&r, k2, &own[0], "x", 1, &r), TEND_OK);
	vault_key_free(k2);
	assert_int_equal(vault_unlock(&r, &own[0], "x", 1, &k2), TEND_OK);
	vault_key_free(k2);
	assert_int_equal(vault_slot_rewrap(&s, fx->key[1], &own[0], "y", 1, &r), TEND_ERR_INVALID);
	assert_int_equal(vault_slot_rewrap(&s, NULL, &own[0], "y", 1, &r), TEND_ERR_INVALID);
	vault_key_free(k);
}

/* ---- records ---- */

/* What vault_open_each handed to its callback, in order. */
struct each_seen {
	size_t n, stop_at;          /* stop_at: return 1 at this call (0: never) */
	size_t idx[64];
	enum tend_status st[64];
	char text[64][16];
};

static int each_note(size_t i, enum tend_status st, const char *text, size_t len, void *ctx)
{
	struct each_seen *e = ctx;

	e->idx[e->n] = i;
	e->st[e->n] = st;
	if (text)
		snprintf(e->text[e->n], sizeof(e->text[0]), "%.*s", (int)len, text);
	else
		assert_int_equal(len, 0);
	e->n++;
	return e->n == e->stop_at;
}

/* Many records at once, in both the one-thread (n < 16) and two-thread
 * batches: in order, a damaged one named and the rest opened, a record
 * sealed to the other partner only refused, and an early stop obeyed. */
static void test_open_each(void **state)
{
	struct fixture *fx = *state;
	static const size_t sizes[] = { 0, 1, 5, 40 };

	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		size_t n = sizes[k];
		struct vault_box box[40];
		struct vault_ad ad[40];
		struct each_seen e = { 0 };

		for (size_t i = 0; i < n; i++) {
			char t[32];
			bool other = i % 7 == 3; /* private to partner 1 */

			snprintf(t, sizeof(t), "record %zu", i);
			ad[i] = (struct vault_ad){ "entry", (int64_t)i + 1, 1, other ? 1 : 0,
			                           other ? 0 : 1 };
			assert_int_equal(vault_seal(fx->pk, other ? 2u : 3u, &ad[i], t, strlen(t), author_key(fx, &ad[i]), &box[i]), TEND_OK);
		}
		if (n > 4)
			box[4].ct[30] ^= 0x01;
		assert_int_equal(vault_open_each(fx->key[0], 0, n, box, ad, each_note, &e), TEND_OK);
		assert_int_equal(e.n, n);
		for (size_t i = 0; i < n; i++) {
			char t[32];

			snprintf(t, sizeof(t), "record %zu", i);
			assert_int_equal(e.idx[i], i);
			if (i % 7 == 3)
				assert_int_equal(e.st[i], TEND_ERR_DENIED);
			else if (i == 4)
				assert_int_equal(e.st[i], TEND_ERR_TAMPERED);
			else
				assert_string_equal(e.text[i], t);
		}
		if (n > 10) {
			struct each_seen stop = { .stop_at = 10 };

			assert_int_equal(vault_open_each(fx->key[0], 0, n, box, ad, each_note, &stop),
			                 TEND_OK);
			assert_int_equal(stop.n, 10);
		}
		for (size_t i = 0; i < n; i++)
			vault_box_free(&box[i]);
	}
	assert_int_equal(vault_open_each(NULL, 0, 0, NULL, NULL, each_note, NULL),
	                 TEND_ERR_INVALID);
	assert_int_equal(vault_open_each(fx->key[0], 2, 0, NULL, NULL, each_note, NULL),
	                 TEND_ERR_INVALID);
}

static void test_seal_open_shared(void **state)
{
	struct fixture *fx = *state;
	const char *t = "We made soup and laughed about the burnt onions. \xf0\x9f\x8d\xb2";
	struct vault_ad ad = { "entry", 7, 2, 1, 1 };
	struct vault_box box;

	assert_int_equal(vault_seal(fx->pk, 3, &ad, t, strlen(t), author_key(fx, &ad), &box), TEND_OK);
	assert_int_equal(box.readers, 3);
	assert_int_equal(box.ctlen, 24 + strlen(t) + 16);
	assert_memory_not_equal(box.seal[0], box.seal[1], VAULT_SEAL_BYTES);
	assert_null(memmem(box.ct, box.ctlen, "soup", 4));
	assert_opens_to(fx, 0, &ad, &box, t, strlen(t));
	assert_opens_to(fx, 1, &ad, &box, t, strlen(t));
	vault_box_free(&box);
}

static void test_seal_is_fresh_each_time(void **state)
{
	struct fixture *fx = *state;
	struct vault_ad ad = { "entry", 7, 2, 0, 1 };
	struct vault_box a, b;

	assert_int_equal(vault_seal(fx->pk, 3, &ad, "same", 4, author_key(fx, &ad), &a), TEND_OK);
	assert_int_equal(vault_seal(fx->pk, 3, &ad, "same", 4, author_key(fx, &ad), &b), TEND_OK);
	assert_int_equal(a.ctlen, b.ctlen);
	assert_memory_not_equal(a.ct, b.ct, a.ctlen);
	assert_memory_not_equal(a.seal[0], b.seal[0], VAULT_SEAL_BYTES);
	vault_box_free(&a);
	vault_box_free(&b);
}

/* A private journal entry: its author only, by any path. */
static void test_private_stays_private(void **state)
{
	struct fixture *fx = *state;
	const char *t = "something I am not ready to say yet";
	size_t n = strlen(t);

	for (int author = 0; author < 2; author++) {
		int other = !author;
		struct vault_ad ad = { "entry", 11, 4, author, 0 };
		struct vault_box box;

		assert_int_equal(vault_seal(fx->pk, 1u << author, &ad, t, n, author_key(fx, &ad), &box), TEND_OK);
		assert_int_equal(box.readers, 1u << author);
		assert_opens_to(fx, author, &ad, &box, t, n);
		/* Not sealed to the other partner. */
		assert_int_equal(open_as(fx, other, other, &ad, &box), TEND_ERR_DENIED);
		/* Their key cannot open the author's seal. */
		assert_int_equal(open_as(fx, other, author, &ad, &box), TEND_ERR_TAMPERED);
		/* Nor a copy of it pretending to be theirs. */
		memcpy(box.seal[other], box.seal[author], VAULT_SEAL_BYTES);
		box.readers = 3;
		assert_int_equal(open_as(fx, other, other, &ad, &box), TEND_ERR_TAMPERED);
		/* A private record claiming a second reader is refused even to
		 * its author: someone tried to widen it. */
		assert_int_equal(open_as(fx, author, author, &ad, &box), TEND_ERR_TAMPERED);
		/* Claiming it was shared does not help either. */
		ad.visibility = 1;
		assert_int_equal(open_as(fx, other, other, &ad, &box), TEND_ERR_TAMPERED);
		assert_int_equal(open_as(fx, author, author, &ad, &box), TEND_ERR_TAMPERED);
		vault_box_free(&box);
	}
}

static void test_private_needs_author_alone(void **state)
{
	struct fixture *fx = *state;
	struct vault_ad ad = { "entry", 1, 0, 0, 0 };
	struct vault_box box;

	assert_int_equal(vault_seal(fx->pk, 2, &ad, "x", 1, author_key(fx, &ad), &box), TEND_ERR_INVALID);
	assert_null(box.ct);
	assert_int_equal(vault_seal(fx->pk, 3, &ad, "x", 1, author_key(fx, &ad), &box), TEND_ERR_INVALID);
	ad.author = 1;
	assert_int_equal(vault_seal(fx->pk, 1, &ad, "x", 1, author_key(fx, &ad), &box), TEND_ERR_INVALID);
	assert_int_equal(vault_seal(fx->pk, 2, &ad, "x", 1, author_key(fx, &ad), &box), TEND_OK);
	vault_box_free(&box);
	/* A shared record may still be sealed to one partner only. */
	ad.author = 0;
	ad.visibility = 1;
	assert_int_equal(vault_seal(fx->pk, 1, &ad, "x", 1, author_key(fx, &ad), &box), TEND_OK);
	assert_int_equal(open_as(fx, 1, 1, &ad, &box), TEND_ERR_DENIED);
	vault_box_free(&box);
}

static void test_flip_every_bit_of_ct(void **state)
{
	struct fixture *fx = *state;
	const char *t = "our walk, the rain, your hand";
	struct vault_ad ad = { "entry", 3, 1, 0, 1 };
	struct vault_box box;

	assert_int_equal(vault_seal(fx->pk, 3, &ad, t, strlen(t), author_key(fx, &ad), &box), TEND_OK);
	for (size_t i = 0; i < box.ctlen; i++) {
		for (int bit = 0; bit < 8; bit++) {
			box.ct[i] ^= (uint8_t)(1u << bit);
			if (open_as(fx, 0, 0, &ad, &box) != TEND_ERR_TAMPERED)
				fail_msg("ct byte %zu bit %d not caught", i, bit);
			box.ct[i] ^= (uint8_t)(1u << bit);
		}
	}
	/* Shorter or longer is tampering too. */
	box.ctlen--;
	assert_int_equal(open_as(fx, 0, 0, &ad, &box), TEND_ERR_TAMPERED);
	box.ctlen = 39;
	assert_int_equal(open_as(fx, 0, 0, &ad, &box), TEND_ERR_TAMPERED);
	box.ctlen = 0;
	assert_int_equal(open_as(fx, 0, 0, &ad, &box), TEND_ERR_TAMPERED);
	box.ctlen = 24 + strlen(t) + 16;
	assert_opens_to(fx, 0, &ad, &box, t, strlen(t));
	vault_box_free(&box);
}

static void test_flip_every_bit_of_seals(void **state)
{
	struct fixture *fx = *state;
	const char *t = "thank you for listening tonight";
	struct vault_ad ad = { "entry", 4, 1, 1, 1 };
	struct vault_box box;

	assert_int_equal(vault_seal(fx->pk, 3, &ad, t, strlen(t), author_key(fx, &ad), &box), TEND_OK);
	for (int who = 0; who < 2; who++) {
		for (size_t i = 0; i < VAULT_SEAL_BYTES; i++) {
			for (int bit = 0; bit < 8; bit++) {
				box.seal[who][i] ^= (uint8_t)(1u << bit);
				if (open_as(fx, who, who, &ad, &box) != TEND_ERR_TAMPERED)
					fail_msg("seal %d byte %zu bit %d not caught", who, i, bit);
				box.seal[who][i] ^= (uint8_t)(1u << bit);
			}
		}
		assert_opens_to(fx, who, &ad, &box, t, strlen(t));
	}
	vault_box_free(&box);
}

/* A private record is sealed only with its author's own key, boxed by
 * them to themself (format 2): nobody else can make one, and any change to
 * its box is caught. */
static void test_private_needs_and_proves_its_author(void **state)
{
	struct fixture *fx = *state;
	const struct vault_ad ad = { "entry", 31, 1, 0, 0 };
	struct vault_box box;
	uint8_t keep[VAULT_SEAL_BYTES];

	assert_int_equal(vault_seal(fx->pk, 1, &ad, "mine", 4, NULL, &box), TEND_ERR_DENIED);
	assert_null(box.ct);
	assert_int_equal(vault_seal(fx->pk, 1, &ad, "mine", 4, fx->key[1], &box), TEND_ERR_DENIED);
	assert_int_equal(vault_seal(fx->pk, 1, &ad, "mine", 4, fx->key[0], &box), TEND_OK);
	assert_int_equal(box.format, 2);
	assert_int_equal(box.readers, 1);
	assert_opens_to(fx, 0, &ad, &box, "mine", 4);
	assert_int_equal(open_as(fx, 1, 1, &ad, &box), TEND_ERR_DENIED);
	memcpy(keep, box.seal[0], sizeof keep);
	for (size_t i = 0; i < VAULT_AUTH_SEAL_BYTES; i++) {
		box.seal[0][i] ^= 0x01;
		if (open_as(fx, 0, 0, &ad, &box) != TEND_ERR_TAMPERED)
			fail_msg("boxed key byte %zu changed and still opened", i);
		memcpy(box.seal[0], keep, sizeof keep);
	}
	box.format = 1; /* read as if sealed anonymously: no proof, so forged */
	assert_int_equal(open_as(fx, 0, 0, &ad, &box), TEND_ERR_FORGED);
	box.format = 3;
	assert_int_equal(open_as(fx, 0, 0, &ad, &box), TEND_ERR_TAMPERED);
	box.format = 2;
	assert_opens_to(fx, 0, &ad, &box, "mine", 4);
	vault_box_free(&box);
}

/* A stored box's format follows from its seals' lengths; anything else is
 * format 0, which never opens. */
static void test_box_format_from_seals(void **state)
{
	struct fixture *fx = *state;
	const uint8_t z[VAULT_SEAL_BYTES] = { 0 };
	const struct vault_ad ad = { "entry", 41, 1, 0, 0 };
	struct vault_box b, sealed;

	(void)fx;
	memset(&b, 0, sizeof b);
	vault_box_put_seal(&b, 0, z, VAULT_SEAL_BYTES);
	vault_box_put_seal(&b, 1, z, VAULT_SEAL_BYTES);
	assert_int_equal(b.format, 1);
	assert_int_equal(b.readers, 3);
	assert_int_equal(vault_box_seal_len(&b), VAULT_SEAL_BYTES);
	memset(&b, 0, sizeof b);
	vault_box_put_seal(&b, 1, z, VAULT_AUTH_SEAL_BYTES);
	assert_int_equal(b.format, 2);
	assert_int_equal(b.readers, 2);
	assert_int_equal(vault_box_seal_len(&b), VAULT_AUTH_SEAL_BYTES);
	vault_box_put_seal(&b, 0, z, VAULT_SEAL_BYTES); /* two formats */
	assert_int_equal(b.format, 0);
	memset(&b, 0, sizeof b);
	vault_box_put_seal(&b, 0, z, VAULT_SEAL_BYTES - 1); /* no format has it */
	assert_int_equal(b.format, 0);
	assert_int_equal(b.readers, 1);

	/* a real private record, its seal put back as stored, opens */
	assert_int_equal(vault_seal(fx->pk, 1, &ad, "kept", 4, fx->key[0], &sealed), TEND_OK);
	memset(&b, 0, sizeof b);
	b.ct = sealed.ct;
	b.ctlen = sealed.ctlen;
	vault_box_put_seal(&b, 0, sealed.seal[0], vault_box_seal_len(&sealed));
	assert_opens_to(fx, 0, &ad, &b, "kept", 4);
	vault_box_put_seal(&b, 1, z, VAULT_AUTH_SEAL_BYTES); /* a second reader */
	assert_int_equal(open_as(fx, 0, 0, &ad, &b), TEND_ERR_TAMPERED);
	vault_box_free(&sealed);
}

/* Every field of the row a record claims is bound to it. */
static void test_ad_fields_are_bound(void **state)
{
	struct fixture *fx = *state;
	const char *t = "a shared note";
	const struct vault_ad ad = { "entry", 21, 2, 0, 1 };
	struct vault_ad x;
	struct vault_box box;

	assert_int_equal(vault_seal(fx->pk, 3, &ad, t, strlen(t), author_key(fx, &ad), &box), TEND_OK);
	assert_opens_to(fx, 1, &ad, &box, t, strlen(t));
	x = ad, x.table = "entrx";
	assert_int_equal(open_as(fx, 1, 1, &x, &box), TEND_ERR_TAMPERED);
	x = ad, x.table = "entries";
	assert_int_equal(open_as(fx, 1, 1, &x, &box), TEND_ERR_TAMPERED);
	x = ad, x.table = "note";
	assert_int_equal(open_as(fx, 1, 1, &x, &box), TEND_ERR_TAMPERED);
	x = ad, x.id = 22;
	assert_int_equal(open_as(fx, 1, 1, &x, &box), TEND_ERR_TAMPERED);
	x = ad, x.id = 21 + (1ll << 32);
	assert_int_equal(open_as(fx, 1, 1, &x, &box), TEND_ERR_TAMPERED);
	x = ad, x.kind = 3;
	assert_int_equal(open_as(fx, 1, 1, &x, &box), TEND_ERR_TAMPERED);
	x = ad, x.author = 1;
	assert_int_equal(open_as(fx, 1, 1, &x, &box), TEND_ERR_TAMPERED);
	x = ad, x.visibility = 0; /* shared -> private */
	assert_int_equal(open_as(fx, 0, 0, &x, &box), TEND_ERR_TAMPERED);
	box.readers = 1;          /* ...even with the readers made to fit: then it */
	assert_int_equal(open_as(fx, 0, 0, &x, &box), TEND_ERR_FORGED); /* lacks the proof */
	box.readers = 3;
	x = ad, x.author = 5;     /* values tend never writes */
	assert_int_equal(open_as(fx, 1, 1, &x, &box), TEND_ERR_TAMPERED);
	x = ad, x.kind = -1;
	assert_int_equal(open_as(fx, 1, 1, &x, &box), TEND_ERR_TAMPERED);
	assert_opens_to(fx, 1, &ad, &box, t, strlen(t));
	vault_box_free(&box);
}

/* Records moved between rows, or parts of records mixed, do not open. */
static void test_swapped_records(void **state)
{
	struct fixture *fx = *state;
	struct vault_ad a1 = { "entry", 1, 1, 0, 1 }, a2 = { "entry", 2, 1, 0, 1 };
	struct vault_box b1, b2, mix;

	assert_int_equal(vault_seal(fx->pk, 3, &a1, "first", 5, author_key(fx, &a1), &b1), TEND_OK);
	assert_int_equal(vault_seal(fx->pk, 3, &a2, "other", 5, author_key(fx, &a2), &b2), TEND_OK);
	/* Row 2 holding row 1's record. */
	assert_int_equal(open_as(fx, 0, 0, &a2, &b1), TEND_ERR_TAMPERED);
	assert_int_equal(open_as(fx, 1, 1, &a1, &b2), TEND_ERR_TAMPERED);
	/* Row 1's ciphertext with row 2's seals (a valid key, the wrong one). */
	mix = b1;
	memcpy(mix.seal, b2.seal, sizeof mix.seal);
	assert_int_equal(open_as(fx, 0, 0, &a1, &mix), TEND_ERR_TAMPERED);
	/* One foreign seal among good ones. */
	mix = b1;
	memcpy(mix.seal[1], b2.seal[1], VAULT_SEAL_BYTES);
	assert_int_equal(open_as(fx, 1, 1, &a1, &mix), TEND_ERR_TAMPERED);
	assert_opens_to(fx, 0, &a1, &mix, "first", 5);
	/* Seals swapped between the partners. */
	mix = b1;
	memcpy(mix.seal[0], b1.seal[1], VAULT_SEAL_BYTES);
	memcpy(mix.seal[1], b1.seal[0], VAULT_SEAL_BYTES);
	assert_int_equal(open_as(fx, 0, 0, &a1, &mix), TEND_ERR_TAMPERED);
	assert_int_equal(open_as(fx, 1, 1, &a1, &mix), TEND_ERR_TAMPERED);
	vault_box_free(&b1);
	vault_box_free(&b2);
}

static void test_text_sizes(void **state)
{
	struct fixture *fx = *state;
	struct vault_ad ad = { "entry", 9, 0, 1, 1 };
	const char bin[] = "line\0with\0nuls\n";
	struct vault_box box;
	char *big;

	assert_int_equal(vault_seal(fx->pk, 3, &ad, "", 0, author_key(fx, &ad), &box), TEND_OK);
	assert_int_equal(box.ctlen, 40);
	assert_opens_to(fx, 0, &ad, &box, "", 0);
	vault_box_free(&box);
	assert_int_equal(vault_seal(fx->pk, 3, &ad, NULL, 0, author_key(fx, &ad), &box), TEND_OK);
	assert_opens_to(fx, 1, &ad, &box, "", 0);
	vault_box_free(&box);

	assert_int_equal(vault_seal(fx->pk, 3, &ad, bin, sizeof bin - 1, author_key(fx, &ad), &box), TEND_OK);
	assert_opens_to(fx, 1, &ad, &box, bin, sizeof bin - 1);
	vault_box_free(&box);

	big = malloc(VAULT_MAX_TEXT + 1);
	assert_non_null(big);
	for (size_t i = 0; i <= VAULT_MAX_TEXT; i++)
		big[i] = (char)('a' + i % 26);
	assert_int_equal(vault_seal(fx->pk, 3, &ad, big, VAULT_MAX_TEXT, author_key(fx, &ad), &box), TEND_OK);
	assert_int_equal(box.ctlen, 24 + VAULT_MAX_TEXT + 16);
	assert_opens_to(fx, 1, &ad, &box, big, VAULT_MAX_TEXT);
	vault_box_free(&box);
	assert_int_equal(vault_seal(fx->pk, 3, &ad, big, VAULT_MAX_TEXT + 1, author_key(fx, &ad), &box),
			 TEND_ERR_TOO_LONG);
	assert_null(box.ct);
	assert_int_equal(box.readers, 0);
	free(big);
}

static void test_invalid_arguments(void **state)
{
	struct fixture *fx = *state;
	struct vault_ad ad = { "entry", 1, 0, 0, 1 }, x;
	uint8_t zero_pk[2][VAULT_PK_BYTES] = { { 0 } };
	struct vault_box box;
	char *text = (char *)1;
	size_t len = 5;

	assert_int_equal(vault_seal(fx->pk, 0, &ad, "x", 1, author_key(fx, &ad), &box), TEND_ERR_INVALID);
	assert_int_equal(vault_seal(fx->pk, 4, &ad, "x", 1, author_key(fx, &ad), &box), TEND_ERR_INVALID);
	assert_int_equal(vault_seal(fx->pk, 7, &ad, "x", 1, author_key(fx, &ad), &box), TEND_ERR_INVALID);
	assert_int_equal(vault_seal(NULL, 3, &ad, "x", 1, author_key(fx, &ad), &box), TEND_ERR_INVALID);
	assert_int_equal(vault_seal(fx->pk, 3, NULL, "x", 1, author_key(fx, NULL), &box), TEND_ERR_INVALID);
	assert_int_equal(vault_seal(fx->pk, 3, &ad, NULL, 1, author_key(fx, &ad), &box), TEND_ERR_INVALID);
	assert_int_equal(vault_seal(fx->pk, 3, &ad, "x", 1, author_key(fx, &ad), NULL), TEND_ERR_INVALID);
	x = ad, x.author = 2;
	assert_int_equal(vault_seal(fx->pk, 3, &x, "x", 1, author_key(fx, &x), &box), TEND_ERR_INVALID);
	x = ad, x.visibility = 2;
	assert_int_equal(vault_seal(fx->pk, 3, &x, "x", 1, author_key(fx, &x), &box), TEND_ERR_INVALID);
	x = ad, x.table = NULL;
	assert_int_equal(vault_seal(fx->pk, 3, &x, "x", 1, author_key(fx, &x), &box), TEND_ERR_INVALID);
	x = ad, x.kind = -3;
	assert_int_equal(vault_seal(fx->pk, 3, &x, "x", 1, author_key(fx, &x), &box), TEND_ERR_INVALID);
	/* The all-zero point is not a public key. */
	assert_int_equal(vault_seal((const uint8_t(*)[VAULT_PK_BYTES])zero_pk, 1, &ad, "x", 1, author_key(fx, &ad), &box),
			 TEND_ERR_INVALID);
	assert_null(box.ct);

	assert_int_equal(vault_seal(fx->pk, 3, &ad, "x", 1, author_key(fx, &ad), &box), TEND_OK);
	assert_int_equal(vault_open(NULL, 0, &ad, &box, &text, &len), TEND_ERR_INVALID);
	assert_null(text);
	assert_int_equal(len, 0);
	assert_int_equal(vault_open(fx->key[0], 2, &ad, &box, &text, &len), TEND_ERR_INVALID);
	assert_int_equal(vault_open(fx->key[0], -1, &ad, &box, &text, &len), TEND_ERR_INVALID);
	assert_int_equal(vault_open(fx->key[0], 0, NULL, &box, &text, &len), TEND_ERR_INVALID);
	assert_int_equal(vault_open(fx->key[0], 0, &ad, NULL, &text, &len), TEND_ERR_INVALID);
	assert_int_equal(vault_open(fx->key[0], 0, &ad, &box, NULL, &len), TEND_ERR_INVALID);
	assert_int_equal(vault_open(fx->key[0], 0, &ad, &box, &text, NULL), TEND_ERR_INVALID);
	box.readers = 7;
	assert_int_equal(vault_open(fx->key[0], 0, &ad, &box, &text, &len), TEND_ERR_INVALID);
	box.readers = 3;
	uint8_t *ct = box.ct;
	box.ct = NULL;
	assert_int_equal(open_as(fx, 0, 0, &ad, &box), TEND_ERR_TAMPERED);
	box.ct = ct;
	assert_opens_to(fx, 0, &ad, &box, "x", 1);
	vault_box_free(&box);
	assert_null(box.ct);
	assert_int_equal(box.ctlen, 0);
	vault_box_free(&box); /* twice is harmless */
	vault_box_free(NULL);
}

static void test_secure_helpers(void **state)
{
	uint8_t *p;

	(void)state;
	p = vault_secure_alloc(64);
	assert_non_null(p);
	memset(p, 0x5a, 64);
	assert_int_equal(p[63], 0x5a);
	vault_secure_free(p);
	vault_secure_free(NULL);
}

#ifndef UNDER_ASAN
/* The process's virtual size, in bytes, from /proc; 0 when unknown. */
static unsigned long long vm_size(void)
{
	char line[256];
	unsigned long long kb = 0;
	FILE *f = fopen("/proc/self/status", "r");

	if (f == NULL)
		return 0;
	while (fgets(line, sizeof line, f) != NULL)
		if (sscanf(line, "VmSize: %llu kB", &kb) == 1)
			break;
	fclose(f);
	return kb * 1024;
}

/* Argon2id that cannot get its memory reports TEND_ERR_NOMEM. Runs in a
 * child with a capped address space. Not built under ASan, whose shadow
 * memory does not fit under any such cap (and not skip()ped: cmocka's TAP
 * prints a skip as "not ok", which tests/run.sh counts as a failure). */
static void test_kdf_out_of_memory(void **state)
{
	unsigned long long vm;
	pid_t pid;
	int ws;

	(void)state;
	vm = vm_size();
	assert_true(vm > 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct rlimit rl = { vm + (64ull << 20), vm + (64ull << 20) };
		struct vault_slot s;

		if (setrlimit(RLIMIT_AS, &rl) != 0)
			_exit(100);
		_exit(vault_slot_create_limits("p", 1, OPS_MIN, 512ull << 20, &own[0], &s));
	}
	assert_int_equal(waitpid(pid, &ws, 0), pid);
	assert_true(WIFEXITED(ws));
	assert_int_equal(WEXITSTATUS(ws), TEND_ERR_NOMEM);
}
#endif

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kat_xchacha_draft),
		cmocka_unit_test(test_kat_argon2id),
		cmocka_unit_test(test_kat_record_format),
		cmocka_unit_test(test_kat_stored_slot_and_record),
		cmocka_unit_test(test_ad_encode_rejects),
		cmocka_unit_test(test_init_disables_core_dumps),
		cmocka_unit_test(test_unlock_right_and_wrong),
		cmocka_unit_test(test_empty_passphrase),
		cmocka_unit_test(test_utf8_passphrase),
		cmocka_unit_test(test_interactive_slot),
		cmocka_unit_test(test_create_limits_bounds),
		cmocka_unit_test(test_slot_encode_decode),
		cmocka_unit_test(test_slot_decode_rejects),
		cmocka_unit_test(test_slot_every_byte_flip),
		cmocka_unit_test(test_slot_every_byte_changed_on_purpose),
		cmocka_unit_test(test_slot_binds_owner_pk_and_limits),
		cmocka_unit_test(test_rewrap),
		cmocka_unit_test(test_open_each),
		cmocka_unit_test(test_seal_open_shared),
		cmocka_unit_test(test_seal_is_fresh_each_time),
		cmocka_unit_test(test_private_stays_private),
		cmocka_unit_test(test_private_needs_author_alone),
		cmocka_unit_test(test_flip_every_bit_of_ct),
		cmocka_unit_test(test_flip_every_bit_of_seals),
		cmocka_unit_test(test_private_needs_and_proves_its_author),
		cmocka_unit_test(test_box_format_from_seals),
		cmocka_unit_test(test_ad_fields_are_bound),
		cmocka_unit_test(test_swapped_records),
		cmocka_unit_test(test_text_sizes),
		cmocka_unit_test(test_invalid_arguments),
		cmocka_unit_test(test_secure_helpers),
#ifndef UNDER_ASAN
		cmocka_unit_test(test_kdf_out_of_memory),
#endif
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
