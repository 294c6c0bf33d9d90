/* record.c: sealed records, on libsodium. Each text is encrypted with a
 * key of its own (XChaCha20-Poly1305) bound to its row by the associated
 * data; the key is sealed to each reader (shared) or boxed by its author
 * (private), and records open one by one or many at once on two cores. */
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "tend/vault.h"
#include "vault_internal.h"

/* Canonical little-endian AD; the table length byte keeps "entry" + id
 * from ever reading like another table with other digits. */
size_t vault_ad_encode(const struct vault_ad *ad, int format, uint8_t out[VAULT_AD_MAX])
{
	size_t tlen, n = 0;

	if (ad == NULL || ad->table == NULL || out == NULL || (format != 1 && format != 2))
		return 0;
	tlen = strnlen(ad->table, 256);
	if (tlen == 0 || tlen > 255 || ad->kind < 0 ||
	    (ad->author != 0 && ad->author != 1) ||
	    (ad->visibility != 0 && ad->visibility != 1))
		return 0;
	memcpy(out, "tend", 4);
	n += 4;
	vault_put_u32le(out + n, (uint32_t)format);
	n += 4;
	out[n++] = (uint8_t)tlen;
	memcpy(out + n, ad->table, tlen);
	n += tlen;
	vault_put_u64le(out + n, (uint64_t)ad->id);
	n += 8;
	vault_put_u32le(out + n, (uint32_t)ad->kind);
	n += 4;
	out[n++] = (uint8_t)ad->author;
	out[n++] = (uint8_t)ad->visibility;
	return n;
}

/* *ct (malloc, the caller's) = nonce | ciphertext | tag. */
enum tend_status vault_seal_with_key(const uint8_t key[VAULT_KEY_BYTES],
                                     const uint8_t nonce[VAULT_NONCE_BYTES],
                                     const struct vault_ad *ad, int format,
                                     const char *text, size_t len,
                                     uint8_t **ct, size_t *ctlen)
{
	uint8_t adb[VAULT_AD_MAX];
	size_t adlen, n;
	uint8_t *c;

	if (key == NULL || nonce == NULL || ct == NULL || ctlen == NULL ||
	    (text == NULL && len > 0))
		return TEND_ERR_INVALID;
	*ct = NULL;
	*ctlen = 0;
	adlen = vault_ad_encode(ad, format, adb);
	if (adlen == 0)
		return TEND_ERR_INVALID;
	if (len > VAULT_MAX_TEXT)
		return TEND_ERR_TOO_LONG;
	n = VAULT_NONCE_BYTES + len + VAULT_TAG_BYTES;
	c = malloc(n);
	if (c == NULL)
		return TEND_ERR_NOMEM;
	memcpy(c, nonce, VAULT_NONCE_BYTES);
	if (vault_aead_encrypt(c + VAULT_NONCE_BYTES, (const uint8_t *)text, len, adb, adlen,
			       nonce, key) != 0) {
		free(c);
		return TEND_ERR_CRYPTO;
	}
	*ct = c;
	*ctlen = n;
	return TEND_OK;
}

/* The plaintext length of a record's ciphertext `ct` of `ctlen` bytes, or
 * -1 when no record tend writes could be that long or short. */
static ptrdiff_t text_len(const uint8_t *ct, size_t ctlen)
{
	if (ct == NULL || ctlen < VAULT_NONCE_BYTES + VAULT_TAG_BYTES ||
	    ctlen - VAULT_NONCE_BYTES - VAULT_TAG_BYTES > VAULT_MAX_TEXT)
		return -1;
	return (ptrdiff_t)(ctlen - VAULT_NONCE_BYTES - VAULT_TAG_BYTES);
}

/* Decrypts `ct` under record key `key` and the associated data of `ad` into
 * `m` (room for text_len(ct, ctlen) + 1 bytes), NUL-terminated; sets
 * *mlen. TEND_ERR_TAMPERED on any mismatch. */
static enum tend_status decrypt_into(const uint8_t key[VAULT_KEY_BYTES],
                                     const struct vault_ad *ad, int format, const uint8_t *ct,
                                     size_t ctlen, uint8_t *m, size_t *mlen)
{
	uint8_t adb[VAULT_AD_MAX];
	size_t adlen = vault_ad_encode(ad, format, adb);
	ptrdiff_t n = text_len(ct, ctlen);

	if (adlen == 0 || n < 0 ||
	    vault_aead_decrypt(m, ct + VAULT_NONCE_BYTES, ctlen - VAULT_NONCE_BYTES,
	                       adb, adlen, ct, key) != 0)
		return TEND_ERR_TAMPERED;
	m[n] = '\0';
	*mlen = (size_t)n;
	return TEND_OK;
}

/* *out (guarded memory, the caller's) is set on success only. */
enum tend_status vault_open_with_key(const uint8_t key[VAULT_KEY_BYTES],
                                     const struct vault_ad *ad, int format,
                                     const uint8_t *ct, size_t ctlen,
                                     char **out, size_t *outlen)
{
	enum tend_status st;
	ptrdiff_t n;
	size_t mlen;
	uint8_t *m;

	if (key == NULL || out == NULL || outlen == NULL)
		return TEND_ERR_INVALID;
	*out = NULL;
	*outlen = 0;
	if ((n = text_len(ct, ctlen)) < 0)
		return TEND_ERR_TAMPERED;
	m = vault_secure_alloc((size_t)n + 1);
	if (m == NULL)
		return TEND_ERR_NOMEM;
	if ((st = decrypt_into(key, ad, format, ct, ctlen, m, &mlen)) != TEND_OK) {
		vault_secure_free(m);
		return st;
	}
	*out = (char *)m;
	*outlen = mlen;
	return TEND_OK;
}

/* A fresh record key per record: sealed to each reader's public key for
 * shared text, boxed by the author to themself for private text. */
enum tend_status vault_seal(const uint8_t pk[2][VAULT_PK_BYTES], unsigned readers,
                            const struct vault_ad *ad, const char *text, size_t len,
                            const struct vault_key *author_key, struct vault_box *out)
{
	struct vault_box box;
	uint8_t adb[VAULT_AD_MAX];
	uint8_t nonce[VAULT_NONCE_BYTES];
	uint8_t *rk = NULL;
	enum tend_status st;

	if (out == NULL)
		return TEND_ERR_INVALID;
	memset(out, 0, sizeof *out);
	if (pk == NULL || readers < 1 || readers > 3 || (text == NULL && len > 0) ||
	    vault_ad_encode(ad, 1, adb) == 0)
		return TEND_ERR_INVALID;
	if (ad->visibility == 0 && readers != (1u << ad->author))
		return TEND_ERR_INVALID;
	if (ad->visibility == 0 &&
	    (author_key == NULL || sodium_memcmp(author_key->pk, pk[ad->author], VAULT_PK_BYTES)))
		return TEND_ERR_DENIED;
	if (len > VAULT_MAX_TEXT)
		return TEND_ERR_TOO_LONG;
	memset(&box, 0, sizeof box);
	box.format = ad->visibility == 0 ? 2 : 1;
	rk = sodium_malloc(VAULT_KEY_BYTES);
	if (rk == NULL)
		return TEND_ERR_NOMEM;
	crypto_aead_xchacha20poly1305_ietf_keygen(rk);
	randombytes_buf(nonce, sizeof nonce);
	st = vault_seal_with_key(rk, nonce, ad, box.format, text, len, &box.ct, &box.ctlen);
	if (st != TEND_OK)
		goto out;
	for (int i = 0; i < 2; i++) {
		uint8_t *seal = box.seal[i];

		if (!(readers & (1u << i)))
			continue;
		if (box.format == 2) {
			/* Boxed from the author to the author: only their secret
			 * key can make (or open) this. */
			randombytes_buf(seal, crypto_box_NONCEBYTES);
			if (crypto_box_easy(seal + crypto_box_NONCEBYTES, rk, VAULT_KEY_BYTES, seal,
			                    author_key->pk, author_key->sk) != 0) {
				st = TEND_ERR_INVALID;
				goto out;
			}
		} else if (crypto_box_seal(seal, rk, VAULT_KEY_BYTES, pk[i]) != 0) {
			/* Fails only when pk[i] is a low-order point, not a real key. */
			st = TEND_ERR_INVALID;
			goto out;
		}
	}
	box.readers = readers;
	*out = box;
	box.ct = NULL;
out:
	free(box.ct);
	sodium_free(rk);
	return st;
}

/* Who may read `box`, before any crypto: TEND_OK, TEND_ERR_DENIED when it
 * is not sealed to `reader`, TEND_ERR_TAMPERED when a private record claims
 * more readers than its author, or a format does not fit its visibility. */
static enum tend_status may_open(int reader, const struct vault_ad *ad,
                                 const struct vault_box *box)
{
	if (!(box->readers & (1u << reader)))
		return TEND_ERR_DENIED;
	if (ad->visibility == 0 && (ad->author == 0 || ad->author == 1) &&
	    box->readers != (1u << ad->author))
		return TEND_ERR_TAMPERED;
	if (box->format != 1 && (box->format != 2 || ad->visibility != 0))
		return TEND_ERR_TAMPERED;
	return TEND_OK;
}

/* The record key of `box` for `reader` into `rk`: checks who may read,
 * then opens the author's box (format 2) or the anonymous seal (format 1).
 * A private record without its author's proof is accepted only while the
 * author's slot is still version 1 (tend 1.0 wrote those; the first unlock
 * with version 2 boxes them anew). */
static enum tend_status unseal(const struct vault_key *key, int reader,
                               const struct vault_ad *ad, const struct vault_box *box,
                               uint8_t rk[VAULT_KEY_BYTES])
{
	const uint8_t *seal = box->seal[reader];
	enum tend_status st;

	if ((st = may_open(reader, ad, box)) != TEND_OK)
		return st;
	if (box->format == 2)
		return crypto_box_open_easy(rk, seal + crypto_box_NONCEBYTES,
		                            VAULT_AUTH_SEAL_BYTES - crypto_box_NONCEBYTES, seal,
		                            key->pk, key->sk) == 0 ? TEND_OK : TEND_ERR_TAMPERED;
	if (ad->visibility == 0 && key->version >= 2)
		return TEND_ERR_FORGED;
	return vault_key_open_seal(key, seal, rk);
}

/* Checks who may read before any crypto, then unseals the record key and
 * decrypts. */
enum tend_status vault_open(const struct vault_key *key, int reader,
                            const struct vault_ad *ad, const struct vault_box *box,
                            char **out, size_t *outlen)
{
	uint8_t *rk;
	enum tend_status st;

	if (out == NULL || outlen == NULL)
		return TEND_ERR_INVALID;
	*out = NULL;
	*outlen = 0;
	if (key == NULL || ad == NULL || box == NULL || (reader != 0 && reader != 1) ||
	    (box->readers & ~3u) != 0)
		return TEND_ERR_INVALID;
	rk = sodium_malloc(VAULT_KEY_BYTES);
	if (rk == NULL)
		return TEND_ERR_NOMEM;
	if ((st = unseal(key, reader, ad, box, rk)) == TEND_OK)
		st = vault_open_with_key(rk, ad, box->format, box->ct, box->ctlen, out, outlen);
	sodium_free(rk);
	return st;
}

/* One share of the unsealing in vault_open_each: every `step`-th box from
 * `from`. Unsealing (an X25519 agreement per record) is most of the cost of
 * reading many records, so it runs on two cores. */
struct unseal_job {
	const struct vault_key *key;
	int reader;
	const struct vault_box *boxes;
	const struct vault_ad *ads;
	size_t n, from, step;
	uint8_t *keys;             /* guarded: n record keys */
	enum tend_status *st;      /* per box */
};

static void *unseal_run(void *arg)
{
	struct unseal_job *j = arg;

	for (size_t i = j->from; i < j->n; i += j->step)
		j->st[i] = unseal(j->key, j->reader, &j->ads[i], &j->boxes[i],
		                  j->keys + i * VAULT_KEY_BYTES);
	return NULL;
}

/* Unseals every record key (two threads for a batch worth it), then
 * decrypts the records one by one into one reused guarded buffer. */
enum tend_status vault_open_each(const struct vault_key *key, int reader, size_t n,
                                 const struct vault_box *boxes, const struct vault_ad *ads,
                                 int (*fn)(size_t i, enum tend_status st, const char *text,
                                           size_t len, void *ctx),
                                 void *ctx)
{
	struct unseal_job job[2];
	enum tend_status *st = NULL;
	uint8_t *keys = NULL, *buf = NULL;
	size_t cap = 0;
	pthread_t helper;
	bool threaded = false;
	enum tend_status rc = TEND_OK;

	if (key == NULL || (reader != 0 && reader != 1) || (n > 0 && (!boxes || !ads)) || !fn)
		return TEND_ERR_INVALID;
	if (n == 0)
		return TEND_OK;
	for (size_t i = 0; i < n; i++)
		if (boxes[i].ctlen > cap)
			cap = boxes[i].ctlen;
	st = calloc(n, sizeof(*st));
	keys = n <= VAULT_MAX_ALLOC / VAULT_KEY_BYTES ? vault_secure_alloc(n * VAULT_KEY_BYTES) : NULL;
	buf = vault_secure_alloc(cap + 1);
	if (!st || !keys || !buf) {
		rc = TEND_ERR_NOMEM;
		goto out;
	}
	for (int t = 0; t < 2; t++)
		job[t] = (struct unseal_job){ key, reader, boxes, ads, n, (size_t)t, 2, keys, st };
	if (n >= 16)
		threaded = pthread_create(&helper, NULL, unseal_run, &job[1]) == 0;
	if (!threaded)
		job[0].step = 1;
	unseal_run(&job[0]);
	if (threaded)
		pthread_join(helper, NULL);

	for (size_t i = 0; i < n; i++) {
		size_t mlen = 0;
		int stop;

		if (st[i] == TEND_OK)
			st[i] = decrypt_into(keys + i * VAULT_KEY_BYTES, &ads[i], boxes[i].format,
			                     boxes[i].ct, boxes[i].ctlen, buf, &mlen);
		if (st[i] != TEND_OK)
			buf[0] = '\0';
		stop = fn(i, st[i], st[i] == TEND_OK ? (const char *)buf : NULL, mlen, ctx);
		sodium_memzero(buf, mlen);
		if (stop)
			break;
	}
out:
	free(st);
	vault_secure_free(keys);
	vault_secure_free(buf);
	return rc;
}

/* The ct is not secret, but the struct is cleared so a second free is
 * harmless. */
void vault_box_free(struct vault_box *box)
{
	if (box == NULL)
		return;
	free(box->ct);
	sodium_memzero(box, sizeof *box);
}

size_t vault_box_seal_len(const struct vault_box *box)
{
	return box->format == 2 ? VAULT_AUTH_SEAL_BYTES : VAULT_SEAL_BYTES;
}

/* A damaged seal's bytes stay all zeros: opening it fails. */
void vault_box_put_seal(struct vault_box *box, int i, const uint8_t *seal, size_t len)
{
	int format = len == VAULT_SEAL_BYTES ? 1 : len == VAULT_AUTH_SEAL_BYTES ? 2 : 0;

	if (box == NULL || (i != 0 && i != 1))
		return;
	if (format && seal != NULL)
		memcpy(box->seal[i], seal, len);
	box->format = box->readers == 0 || box->format == format ? format : 0;
	box->readers |= 1u << i;
}
