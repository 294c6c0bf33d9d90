/* vault.c (fuzz): decoding what the vault reads from the database: a key
 * slot from bytes (src/vault/vault.c vault_slot_decode), a recovery code
 * as typed, and a sealed record (vault_open, vault_open_each) both from raw
 * bytes and as a genuine record with bytes of it flipped. The first input
 * byte picks which; the rest is the input. No key derivation runs here:
 * that needs a passphrase and costs seconds, and it reads only the limits
 * vault_slot_decode has checked.
 *
 * Raw record layout (mode 2): flags u8 (bit 0/1: seal 0/1 present, bit 2:
 * private, bit 3: reader 1), id i64, kind u8, author u8, seal lengths u8
 * each, the seals, then the ciphertext. Flipped record (mode 3): pairs of
 * (offset u16, xor u8) over the genuine record's ciphertext, seals and id;
 * with no byte changed it must open to the text sealed. */
#include <stdbool.h>

#include "fuzz.h"
#include "tend/vault.h"

static struct vault_key *key;
static const char text[] = "the fuzzer's sealed line: Zoë and Łukasz";
static struct vault_box genuine[2];  /* shared, private: both to `key` */
static const struct vault_ad genuine_ad[2] = {
	{ "entry", 42, 2, 0, 1 },
	{ "entry", 43, 1, 0, 0 },
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	uint8_t pk[2][VAULT_PK_BYTES];

	(void)argc, (void)argv;
	if (vault_init() != TEND_OK || vault_key_create(&key) != TEND_OK)
		fuzz_die("vault_init / vault_key_create");
	memcpy(pk[0], vault_key_pk(key), VAULT_PK_BYTES);
	memcpy(pk[1], vault_key_pk(key), VAULT_PK_BYTES);
	if (vault_seal(pk, 3, &genuine_ad[0], text, strlen(text), NULL, &genuine[0]) != TEND_OK ||
	    vault_seal(pk, 1, &genuine_ad[1], text, strlen(text), key, &genuine[1]) != TEND_OK)
		fuzz_die("vault_seal");
	return 0;
}

static uint64_t get64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static int each_cb(size_t i, enum tend_status st, const char *t, size_t len, void *ctx)
{
	(void)i, (void)ctx;
	if ((st == TEND_OK) != (t != NULL) || (t && strlen(t) != len))
		abort();
	return 0;
}

/* Opens `box` as partner `reader`, once alone and once through
 * vault_open_each, which must agree; returns the status. */
static enum tend_status open_both(int reader, const struct vault_ad *ad,
                                  const struct vault_box *box)
{
	char *out = NULL;
	size_t len = 0;
	enum tend_status st = vault_open(key, reader, ad, box, &out, &len);

	if ((st == TEND_OK) != (out != NULL))
		abort();
	if (out) {
		if (strlen(out) != len)
			abort();
		vault_secure_free(out);
	}
	if (vault_open_each(key, reader, 1, box, ad, each_cb, NULL) != TEND_OK)
		abort();
	return st;
}

static void slot(const uint8_t *d, size_t n)
{
	struct vault_slot s;
	uint8_t enc[VAULT_SLOT_BYTES];

	if (vault_slot_decode(d, n, &s) != TEND_OK)
		return;
	/* what was accepted encodes back to the same bytes */
	if (vault_slot_encode(&s, enc) != n || memcmp(enc, d, n) != 0)
		abort();
	(void)vault_slot_level(&s);
}

static void recovery(const uint8_t *d, size_t n)
{
	char sym[VAULT_RECOVERY_SYMBOLS + 1];

	if (vault_recovery_parse((const char *)d, n, sym) == TEND_OK &&
	    strlen(sym) != VAULT_RECOVERY_SYMBOLS)
		abort();
	char code[VAULT_RECOVERY_TEXT + 1];
	memset(code, 'A', VAULT_RECOVERY_TEXT);
	code[VAULT_RECOVERY_TEXT] = '\0';
	(void)vault_recovery_group_is(code, n % VAULT_RECOVERY_GROUPS, (const char *)d, n);
}

static void raw_record(const uint8_t *d, size_t n)
{
	struct vault_box box = { 0 };
	struct vault_ad ad;
	size_t l0, l1;

	if (n < 1 + 8 + 2 + 2)
		return;
	uint8_t flags = d[0];
	ad = (struct vault_ad){ "entry", (int64_t)get64(d + 1), d[9], d[10] & 1, !(flags & 4) };
	l0 = d[11], l1 = d[12];
	d += 13, n -= 13;
	if ((flags & 1) && l0 <= n && l0 <= VAULT_SEAL_BYTES) {
		vault_box_put_seal(&box, 0, d, l0);
		d += l0, n -= l0;
	}
	if ((flags & 2) && l1 <= n && l1 <= VAULT_SEAL_BYTES) {
		vault_box_put_seal(&box, 1, d, l1);
		d += l1, n -= l1;
	}
	box.ct = malloc(n ? n : 1);
	if (!box.ct)
		return;
	memcpy(box.ct, d, n);
	box.ctlen = n;
	(void)open_both((flags >> 3) & 1, &ad, &box);
	vault_box_free(&box);
}

static void flipped_record(const uint8_t *d, size_t n)
{
	int which = n & 1;
	const struct vault_box *g = &genuine[which];
	struct vault_box box = *g;
	struct vault_ad ad = genuine_ad[which];
	size_t sl = vault_box_seal_len(g), total = g->ctlen + sl + 8;
	uint8_t *all = malloc(total), *orig = malloc(total);
	bool changed;

	if (!all || !orig) {
		free(all), free(orig);
		return;
	}
	memcpy(all, g->ct, g->ctlen);
	memcpy(all + g->ctlen, g->seal[0], sl);
	for (int i = 0; i < 8; i++)
		all[g->ctlen + sl + i] = (uint8_t)((uint64_t)ad.id >> (8 * i));
	memcpy(orig, all, total);
	for (size_t i = 0; i + 3 <= n; i += 3) {
		size_t at = (d[i] | (size_t)d[i + 1] << 8) % total;
		all[at] ^= d[i + 2];
	}
	changed = memcmp(all, orig, total) != 0; /* two flips may undo each other */
	box.ct = all;
	memcpy(box.seal[0], all + g->ctlen, sl);
	ad.id = (int64_t)get64(all + g->ctlen + sl);
	enum tend_status st = open_both(0, &ad, &box);
	/* a changed byte is always caught, an unchanged record always opens */
	if (changed == (st == TEND_OK))
		abort();
	free(all), free(orig);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	switch (data[0] % 4) {
	case 0: slot(data + 1, size - 1); break;
	case 1: recovery(data + 1, size - 1); break;
	case 2: raw_record(data + 1, size - 1); break;
	case 3: flipped_record(data + 1, size - 1); break;
	}
	return 0;
}
