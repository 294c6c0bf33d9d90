/* backup.c: a whole database, encrypted to both partners as one file.
 *
 * Layout (vault.h, vault_backup_seal): a random nonce, a header whitened
 * with a keystream of that nonce, the header's check, then the snapshot
 * under XChaCha20-Poly1305 with a fresh key. The whitening key is public
 * (a hash of a fixed string): it hides the layout, so the file shows
 * nothing but its size, and keeps nothing secret. What is secret is the
 * file key, sealed to each reader's public key; the header carries the
 * readers' passphrase slots so the file opens with a passphrase alone,
 * away from any database. The AEAD binds the nonce and the whole header,
 * so changing any byte of the file is found. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "tend/vault.h"
#include "vault_internal.h"

#define MAGIC         "tendback"
#define VERSION       1u
#define MASK_CONTEXT  "tend backup mask v1"
#define CHECK_CONTEXT "tend backup check v1"

/* Header offsets, after the nonce. */
#define H_MAGIC     0
#define H_VERSION   8
#define H_READERS   12
#define H_SLOTLEN   16
#define H_SLOT      24
#define H_SEAL      (H_SLOT + 2 * VAULT_SLOT_BYTES)
#define H_DATALEN   (H_SEAL + 2 * VAULT_SEAL_BYTES)
#define H_END       (H_DATALEN + 8)
#define CHECK_BYTES 16
#define HEAD_OFF    VAULT_NONCE_BYTES
#define BODY_OFF    (HEAD_OFF + H_END + CHECK_BYTES)

_Static_assert(H_END == 608, "the header's size is vault.h's");
_Static_assert(BODY_OFF + VAULT_TAG_BYTES == VAULT_BACKUP_OVERHEAD, "VAULT_BACKUP_OVERHEAD");

/* The whitening key is a hash of a fixed string: public. */
void vault_backup_mask(uint8_t *p, size_t n, const uint8_t nonce[VAULT_NONCE_BYTES])
{
	uint8_t key[crypto_stream_xchacha20_KEYBYTES];

	crypto_generichash(key, sizeof key, (const uint8_t *)MASK_CONTEXT,
	                   sizeof MASK_CONTEXT - 1, NULL, 0);
	crypto_stream_xchacha20_xor(p, p, n, nonce, key);
}

/* The check of the nonce and the plain header `file` begins with. */
static void head_check(const uint8_t *file, uint8_t out[CHECK_BYTES])
{
	crypto_generichash(out, CHECK_BYTES, file, HEAD_OFF + H_END,
	                   (const uint8_t *)CHECK_CONTEXT, sizeof CHECK_CONTEXT - 1);
}

enum tend_status vault_backup_seal(const uint8_t pk[2][VAULT_PK_BYTES], unsigned readers,
                                   const uint8_t *const slot[2], const size_t slotlen[2],
                                   const uint8_t *data, size_t len,
                                   uint8_t **out, size_t *outlen)
{
	uint8_t *f, *h, *key = NULL;
	size_t n;
	enum tend_status st = TEND_OK;

	if (out == NULL || outlen == NULL)
		return TEND_ERR_INVALID;
	*out = NULL;
	*outlen = 0;
	if (pk == NULL || slot == NULL || slotlen == NULL || readers < 1 || readers > 3 ||
	    (data == NULL && len > 0))
		return TEND_ERR_INVALID;
	for (int i = 0; i < 2; i++)
		if ((readers & (1u << i)) &&
		    (slot[i] == NULL || slotlen[i] == 0 || slotlen[i] > VAULT_SLOT_BYTES))
			return TEND_ERR_INVALID;
	if ((uint64_t)len > VAULT_BACKUP_MAX)
		return TEND_ERR_TOO_LONG;
	n = VAULT_BACKUP_OVERHEAD + len;
	if ((f = calloc(1, n)) == NULL)
		return TEND_ERR_NOMEM;
	if ((key = sodium_malloc(VAULT_KEY_BYTES)) == NULL) {
		free(f);
		return TEND_ERR_NOMEM;
	}
	crypto_aead_xchacha20poly1305_ietf_keygen(key);
	randombytes_buf(f, VAULT_NONCE_BYTES);
	h = f + HEAD_OFF;
	memcpy(h + H_MAGIC, MAGIC, 8);
	vault_put_u32le(h + H_VERSION, VERSION);
	vault_put_u32le(h + H_READERS, readers);
	for (int i = 0; i < 2; i++) {
		if (!(readers & (1u << i)))
			continue;
		vault_put_u32le(h + H_SLOTLEN + 4 * i, (uint32_t)slotlen[i]);
		memcpy(h + H_SLOT + i * VAULT_SLOT_BYTES, slot[i], slotlen[i]);
		if (crypto_box_seal(h + H_SEAL + i * VAULT_SEAL_BYTES, key, VAULT_KEY_BYTES,
		                    pk[i]) != 0) {
			st = TEND_ERR_INVALID; /* a low-order point, not a real key */
			goto out;
		}
	}
	vault_put_u64le(h + H_DATALEN, (uint64_t)len);
	head_check(f, h + H_END);
	if (vault_aead_encrypt(f + BODY_OFF, data, len, f, HEAD_OFF + H_END, f, key) != 0) {
		st = TEND_ERR_CRYPTO;
		goto out;
	}
	vault_backup_mask(h, H_END + CHECK_BYTES, f);
	*out = f;
	*outlen = n;
	f = NULL;
out:
	free(f);
	sodium_free(key);
	return st;
}

/* Unmasks the nonce and header of `in` into `plain` (BODY_OFF bytes) and
 * checks them; fills *info when it is given. */
static enum tend_status head_read(const uint8_t *in, size_t len, uint8_t plain[BODY_OFF],
                                  struct vault_backup_info *info)
{
	const uint8_t *h = plain + HEAD_OFF;
	uint8_t check[CHECK_BYTES];
	uint32_t version, readers;
	uint64_t datalen;

	if (in == NULL || len < BODY_OFF)
		return TEND_ERR_NOT_BACKUP;
	memcpy(plain, in, BODY_OFF);
	vault_backup_mask(plain + HEAD_OFF, H_END + CHECK_BYTES, plain);
	if (memcmp(h + H_MAGIC, MAGIC, 8) != 0)
		return TEND_ERR_NOT_BACKUP;
	/* The version comes before anything a later layout may have moved. */
	version = vault_get_u32le(h + H_VERSION);
	if (version > VERSION)
		return TEND_ERR_TOO_NEW;
	head_check(plain, check);
	if (version != VERSION || sodium_memcmp(check, h + H_END, CHECK_BYTES) != 0)
		return TEND_ERR_CORRUPT;
	readers = vault_get_u32le(h + H_READERS);
	datalen = vault_get_u64le(h + H_DATALEN);
	if (readers < 1 || readers > 3 || datalen > VAULT_BACKUP_MAX ||
	    len - VAULT_BACKUP_OVERHEAD != datalen || len < VAULT_BACKUP_OVERHEAD)
		return TEND_ERR_CORRUPT;
	if (info)
		memset(info, 0, sizeof *info);
	for (int i = 0; i < 2; i++) {
		uint32_t sl = vault_get_u32le(h + H_SLOTLEN + 4 * i);

		if (!(readers & (1u << i)) ? sl != 0 : sl == 0 || sl > VAULT_SLOT_BYTES)
			return TEND_ERR_CORRUPT;
		if (info && sl) {
			memcpy(info->slot[i], h + H_SLOT + i * VAULT_SLOT_BYTES, sl);
			info->slotlen[i] = sl;
		}
	}
	if (info) {
		info->readers = readers;
		info->datalen = datalen;
	}
	return TEND_OK;
}

enum tend_status vault_backup_info(const uint8_t *in, size_t len,
                                   struct vault_backup_info *out)
{
	uint8_t plain[BODY_OFF];
	enum tend_status st;

	if (out == NULL)
		return TEND_ERR_INVALID;
	st = head_read(in, len, plain, out);
	if (st != TEND_OK)
		memset(out, 0, sizeof *out);
	return st;
}

enum tend_status vault_backup_open(const struct vault_key *key, int reader,
                                   const uint8_t *in, size_t len,
                                   uint8_t **out, size_t *outlen)
{
	uint8_t plain[BODY_OFF];
	struct vault_backup_info info;
	uint8_t *fk = NULL, *m = NULL;
	enum tend_status st;

	if (out == NULL || outlen == NULL)
		return TEND_ERR_INVALID;
	*out = NULL;
	*outlen = 0;
	if (key == NULL || (reader != 0 && reader != 1))
		return TEND_ERR_INVALID;
	if ((st = head_read(in, len, plain, &info)) != TEND_OK)
		return st;
	if (!(info.readers & (1u << reader)))
		return TEND_ERR_DENIED;
	if ((fk = sodium_malloc(VAULT_KEY_BYTES)) == NULL)
		return TEND_ERR_NOMEM;
	if (vault_key_open_seal(key, plain + HEAD_OFF + H_SEAL + reader * VAULT_SEAL_BYTES,
	                        fk) != TEND_OK) {
		st = TEND_ERR_CORRUPT;
		goto out;
	}
	if ((m = malloc(info.datalen ? info.datalen : 1)) == NULL) {
		st = TEND_ERR_NOMEM;
		goto out;
	}
	if (vault_aead_decrypt(m, in + BODY_OFF, len - BODY_OFF, plain, HEAD_OFF + H_END, plain,
	                       fk) != 0) {
		free(m);
		st = TEND_ERR_CORRUPT;
		goto out;
	}
	*out = m;
	*outlen = (size_t)info.datalen;
out:
	sodium_free(fk);
	sodium_memzero(plain, sizeof plain);
	return st;
}
