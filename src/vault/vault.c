/* vault.c: keys and key slots, on libsodium (record.c seals and opens the
 * records, recovery.c the recovery codes, backup.c the backups; only the
 * files of src/vault include sodium.h).
 *
 * Secret keys, wrapping keys and record keys only ever live in
 * sodium_malloc() memory and are wiped when freed. Ciphertext, slots and
 * public keys are not secret and live anywhere. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include <sodium.h>

#include "tend/vault.h"
#include "vault_internal.h"

/* The header's sizes are libsodium's sizes. */
_Static_assert(VAULT_PK_BYTES == crypto_box_PUBLICKEYBYTES, "pk size");
_Static_assert(crypto_box_SECRETKEYBYTES == VAULT_SK_BYTES, "sk size");
_Static_assert(VAULT_SEAL_BYTES == crypto_box_SEALBYTES + VAULT_KEY_BYTES, "seal size");
_Static_assert(VAULT_AUTH_SEAL_BYTES ==
	       crypto_box_NONCEBYTES + crypto_box_MACBYTES + VAULT_KEY_BYTES, "boxed key size");
_Static_assert(VAULT_KEY_BYTES == crypto_aead_xchacha20poly1305_ietf_KEYBYTES, "key size");
_Static_assert(VAULT_NONCE_BYTES == crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, "nonce size");
_Static_assert(VAULT_TAG_BYTES == crypto_aead_xchacha20poly1305_ietf_ABYTES, "tag size");
_Static_assert(sizeof(((struct vault_slot *)0)->salt) == crypto_pwhash_argon2id_SALTBYTES, "salt size");
_Static_assert(sizeof(((struct vault_slot *)0)->nonce) == VAULT_NONCE_BYTES, "wrap nonce size");
_Static_assert(sizeof(((struct vault_slot *)0)->wrapped) ==
	       crypto_box_SECRETKEYBYTES + VAULT_TAG_BYTES, "wrapped size");

/* Slot layout, see vault_slot_encode. Version 2 is version 1 with three
 * fields after it; a recovery slot has the layout of version 2. */
#define SLOT_OFF_PK     4
#define SLOT_OFF_SALT   (SLOT_OFF_PK + 32)
#define SLOT_OFF_OPS    (SLOT_OFF_SALT + 16)
#define SLOT_OFF_MEM    (SLOT_OFF_OPS + 8)
#define SLOT_OFF_ALG    (SLOT_OFF_MEM + 8)
#define SLOT_OFF_NONCE  (SLOT_OFF_ALG + 4)
#define SLOT_OFF_WRAP   (SLOT_OFF_NONCE + 24)
#define SLOT_V1_END     (SLOT_OFF_WRAP + 48)
#define SLOT_OFF_PASS   SLOT_V1_END
#define SLOT_OFF_BIND   (SLOT_OFF_PASS + 16)
#define SLOT_OFF_CHECK  (SLOT_OFF_BIND + 32)
#define SLOT_END        (SLOT_OFF_CHECK + 16)
_Static_assert(SLOT_V1_END == VAULT_SLOT_V1_BYTES, "VAULT_SLOT_V1_BYTES matches the layout");
_Static_assert(SLOT_END == VAULT_SLOT_BYTES, "VAULT_SLOT_BYTES matches the layout");

/* What keeps the two kinds of slot apart: each has its own magic and its
 * own contexts for the wrap's associated data, the passphrase check and the
 * owner binding, so a recovery slot put where a passphrase slot belongs (or
 * the other way round) opens nothing and binds nobody. The AD context is
 * the same in both passphrase versions: the wrap itself did not change. */
#define PASS_AD_CONTEXT     "tend slot v1"
#define RECOVERY_AD_CONTEXT "tend recovery v1"
static const struct slot_kind_ctx {
	const char *magic;      /* three letters, then the version character */
	char version;           /* the version this tend writes */
	const char *ad;         /* the wrap's associated data */
	const char *passcheck;  /* the check of the secret's derived key */
	const char *bind;       /* the owner binding */
} slot_kinds[] = {
	[VAULT_SLOT_PASSPHRASE] = { "tsl", '2', PASS_AD_CONTEXT, "tend passphrase check v1",
	                            "tend owner v1" },
	[VAULT_SLOT_RECOVERY] = { "trc", '1', RECOVERY_AD_CONTEXT, "tend recovery check v1",
	                          "tend recovery owner v1" },
};
#define SLOT_AD_CONTEXT_MAX 16  /* the longest ad context above */
_Static_assert(sizeof PASS_AD_CONTEXT - 1 <= SLOT_AD_CONTEXT_MAX &&
               sizeof RECOVERY_AD_CONTEXT - 1 <= SLOT_AD_CONTEXT_MAX, "SLOT_AD_CONTEXT_MAX");
#define SLOT_AD_MAX     (SLOT_AD_CONTEXT_MAX + 32 + 16 + 8 + 8 + 4)

/* The contexts of the keyed hashes every bound slot holds. */
#define BINDKEY_CONTEXT   "tend owner key v1"
#define CHECK_CONTEXT     "tend slot check v1"

static const struct slot_kind_ctx *kind_ctx(int kind)
{
	return kind == VAULT_SLOT_RECOVERY ? &slot_kinds[VAULT_SLOT_RECOVERY]
	                                   : &slot_kinds[VAULT_SLOT_PASSPHRASE];
}

/* True for Argon2id limits tend could have written: from libsodium's
 * minimum to SENSITIVE. Anything else is refused before any work. */
static bool limits_ok(uint64_t opslimit, uint64_t memlimit)
{
	return opslimit >= crypto_pwhash_argon2id_OPSLIMIT_MIN &&
	       opslimit <= crypto_pwhash_argon2id_OPSLIMIT_SENSITIVE &&
	       memlimit >= crypto_pwhash_argon2id_MEMLIMIT_MIN &&
	       memlimit <= crypto_pwhash_argon2id_MEMLIMIT_SENSITIVE;
}

/* Initialises libsodium, then keeps secrets out of core files: no core
 * dumps at all, and the process is not dumpable (nor ptrace-attachable by
 * other users' tools). */
enum tend_status vault_init(void)
{
	struct rlimit rl = { 0, 0 };

	if (sodium_init() < 0 || !vault_wipes_freed)
		return TEND_ERR_CRYPTO;
	if (setrlimit(RLIMIT_CORE, &rl) != 0 || prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
		return TEND_ERR_DENIED; /* the system's refusal, not the library's */
	return TEND_OK;
}

/* Argon2id only: the algorithm is named, not left to libsodium's default,
 * so a future default cannot silently change what a slot means. */
enum tend_status vault_derive(const char *pass, size_t passlen,
                              const uint8_t salt[16], uint64_t opslimit,
                              uint64_t memlimit, uint8_t out[VAULT_KEY_BYTES])
{
	if ((pass == NULL && passlen > 0) || salt == NULL || out == NULL)
		return TEND_ERR_INVALID;
	if (!limits_ok(opslimit, memlimit) || passlen > crypto_pwhash_argon2id_PASSWD_MAX)
		return TEND_ERR_INVALID;
	errno = 0;
	if (crypto_pwhash(out, VAULT_KEY_BYTES, pass != NULL ? pass : "", passlen, salt,
			  (unsigned long long)opslimit, (size_t)memlimit,
			  crypto_pwhash_ALG_ARGON2ID13) != 0)
		return errno == ENOMEM ? TEND_ERR_NOMEM : TEND_ERR_CRYPTO;
	return TEND_OK;
}

/* Thin on purpose: the known-answer test pins exactly this construction. */
int vault_aead_encrypt(uint8_t *c, const uint8_t *m, size_t mlen,
                       const uint8_t *ad, size_t adlen,
                       const uint8_t nonce[VAULT_NONCE_BYTES],
                       const uint8_t key[VAULT_KEY_BYTES])
{
	return crypto_aead_xchacha20poly1305_ietf_encrypt(c, NULL, m, mlen, ad, adlen,
							  NULL, nonce, key);
}

/* Verifies the tag before writing any plaintext. */
int vault_aead_decrypt(uint8_t *m, const uint8_t *c, size_t clen,
                       const uint8_t *ad, size_t adlen,
                       const uint8_t nonce[VAULT_NONCE_BYTES],
                       const uint8_t key[VAULT_KEY_BYTES])
{
	if (clen < VAULT_TAG_BYTES)
		return -1;
	return crypto_aead_xchacha20poly1305_ietf_decrypt(m, NULL, NULL, c, clen, ad, adlen,
							  nonce, key);
}

/* The associated data of a slot's wrap into `out` (SLOT_AD_MAX of room);
 * returns its length: the kind's context string, the public key and the
 * KDF parameters, so a swapped pk or lowered limits make the unwrap fail. */
static size_t slot_ad(const struct vault_slot *s, uint8_t out[SLOT_AD_MAX])
{
	const char *ctx = kind_ctx(s->kind)->ad;
	size_t n = strlen(ctx);

	memcpy(out, ctx, n);
	memcpy(out + n, s->pk, 32);
	memcpy(out + n + 32, s->salt, 16);
	vault_put_u64le(out + n + 48, s->opslimit);
	vault_put_u64le(out + n + 56, s->memlimit);
	vault_put_u32le(out + n + 64, (uint32_t)s->alg);
	return n + 68;
}

/* The passphrase check of a version 2 slot: a keyed hash under the
 * wrapping key, so unlock can tell a wrong passphrase (no match) from a
 * slot changed after it was made (a match, then a failing unwrap). It
 * gives a guesser nothing the unwrap did not: each guess still costs one
 * Argon2id. */
static void passcheck(int kind, const uint8_t wk[VAULT_KEY_BYTES], uint8_t out[16])
{
	const char *ctx = kind_ctx(kind)->passcheck;

	crypto_generichash(out, 16, (const uint8_t *)ctx, strlen(ctx), wk, VAULT_KEY_BYTES);
}

/* The owner binding of a version 2 slot: a keyed hash of place, name and
 * public key under a key derived from the secret key `sk`, so only the
 * owner (their passphrase) can make one, and a changed name, place or key
 * in the file no longer matches. TEND_ERR_INVALID for a bad owner. */
static enum tend_status owner_bind(int kind, const uint8_t *sk, const uint8_t pk[VAULT_PK_BYTES],
                                   const struct vault_owner *owner, uint8_t out[32])
{
	const char *bind_ctx = kind_ctx(kind)->bind;
	crypto_generichash_state h;
	uint8_t *bk, n[8];
	size_t namelen;

	if (owner == NULL || (owner->idx != 0 && owner->idx != 1) || owner->name == NULL)
		return TEND_ERR_INVALID;
	namelen = strlen(owner->name);
	if (namelen > UINT32_MAX)
		return TEND_ERR_INVALID;
	if ((bk = sodium_malloc(32)) == NULL)
		return TEND_ERR_NOMEM;
	crypto_generichash(bk, 32, (const uint8_t *)BINDKEY_CONTEXT, sizeof BINDKEY_CONTEXT - 1,
	                   sk, crypto_box_SECRETKEYBYTES);
	crypto_generichash_init(&h, bk, 32, 32);
	crypto_generichash_update(&h, (const uint8_t *)bind_ctx, strlen(bind_ctx));
	vault_put_u32le(n, (uint32_t)owner->idx);
	vault_put_u32le(n + 4, (uint32_t)namelen);
	crypto_generichash_update(&h, n, 8);
	crypto_generichash_update(&h, (const uint8_t *)owner->name, namelen);
	crypto_generichash_update(&h, pk, VAULT_PK_BYTES);
	crypto_generichash_final(&h, out, 32);
	sodium_memzero(&h, sizeof h);
	sodium_free(bk);
	return TEND_OK;
}

/* The checksum ending a version 2 slot: BLAKE2b-128 of every byte before
 * it. Not a secret: it finds damage (a flipped bit), while a deliberate
 * change is caught at unlock by the passphrase check and the binding. */
void vault_slot_checksum(const uint8_t *b, uint8_t out[16])
{
	crypto_generichash(out, 16, b, SLOT_OFF_CHECK, (const uint8_t *)CHECK_CONTEXT,
	                   sizeof CHECK_CONTEXT - 1);
}

/* Fills s->salt and s->nonce with fresh random bytes, s->wrapped with `sk`
 * encrypted under the key derived from `pass`, and s->passcheck. s->pk,
 * limits and alg must already be set. */
static enum tend_status slot_wrap(struct vault_slot *s, const uint8_t *sk,
                                  const char *pass, size_t passlen)
{
	uint8_t ad[SLOT_AD_MAX];
	size_t adlen;
	uint8_t *wk;
	enum tend_status st;

	wk = sodium_malloc(VAULT_KEY_BYTES);
	if (wk == NULL)
		return TEND_ERR_NOMEM;
	randombytes_buf(s->salt, sizeof s->salt);
	randombytes_buf(s->nonce, sizeof s->nonce);
	st = vault_derive(pass, passlen, s->salt, s->opslimit, s->memlimit, wk);
	if (st != TEND_OK)
		goto out;
	adlen = slot_ad(s, ad);
	if (vault_aead_encrypt(s->wrapped, sk, crypto_box_SECRETKEYBYTES, ad, adlen,
			       s->nonce, wk) != 0)
		st = TEND_ERR_CRYPTO;
	else
		passcheck(s->kind, wk, s->passcheck);
out:
	sodium_free(wk);
	return st;
}

/* Argon2id limits of each level (libsodium's named presets). */
enum tend_status vault_kdf_limits(enum vault_kdf_level level, uint64_t *opslimit,
                                  uint64_t *memlimit)
{
	switch (level) {
	case VAULT_KDF_INTERACTIVE:
		*opslimit = crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE;
		*memlimit = crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE;
		return TEND_OK;
	case VAULT_KDF_MODERATE:
		*opslimit = crypto_pwhash_argon2id_OPSLIMIT_MODERATE;
		*memlimit = crypto_pwhash_argon2id_MEMLIMIT_MODERATE;
		return TEND_OK;
	case VAULT_KDF_SENSITIVE:
		*opslimit = crypto_pwhash_argon2id_OPSLIMIT_SENSITIVE;
		*memlimit = crypto_pwhash_argon2id_MEMLIMIT_SENSITIVE;
		return TEND_OK;
	}
	return TEND_ERR_INVALID;
}

/* The level whose limits a slot has, or the nearest one below. */
enum vault_kdf_level vault_slot_level(const struct vault_slot *slot)
{
	if (slot->memlimit >= crypto_pwhash_argon2id_MEMLIMIT_SENSITIVE)
		return VAULT_KDF_SENSITIVE;
	if (slot->memlimit >= crypto_pwhash_argon2id_MEMLIMIT_MODERATE)
		return VAULT_KDF_MODERATE;
	return VAULT_KDF_INTERACTIVE;
}

enum tend_status vault_slot_create(const char *pass, size_t passlen,
                                   enum vault_kdf_level level,
                                   const struct vault_owner *owner,
                                   struct vault_slot *out)
{
	uint64_t ops, mem;

	if (vault_kdf_limits(level, &ops, &mem) != TEND_OK)
		return TEND_ERR_INVALID;
	return vault_slot_create_limits(pass, passlen, ops, mem, owner, out);
}

/* A fresh key pair in one guarded block, read-only once made. */
enum tend_status vault_key_create(struct vault_key **out)
{
	struct vault_key *k;

	if (out == NULL)
		return TEND_ERR_INVALID;
	*out = NULL;
	if ((k = sodium_malloc(sizeof *k)) == NULL)
		return TEND_ERR_NOMEM;
	if (crypto_box_keypair(k->pk, k->sk) != 0) {
		sodium_free(k);
		return TEND_ERR_CRYPTO;
	}
	k->version = 2;
	(void)sodium_mprotect_readonly(k); /* hardening only: a failure is harmless */
	*out = k;
	return TEND_OK;
}

/* A version 2 slot (or a recovery slot) of `key` for `owner`: wrapped
 * under `secret` with the given limits, and bound. *out is written on
 * success only. */
enum tend_status vault_slot_make(const struct vault_key *key, enum vault_slot_kind kind,
                                 uint64_t opslimit, uint64_t memlimit,
                                 const struct vault_owner *owner,
                                 const char *secret, size_t len, struct vault_slot *out)
{
	struct vault_slot s;
	enum tend_status st;

	if (key == NULL || out == NULL || (secret == NULL && len > 0) ||
	    (kind != VAULT_SLOT_PASSPHRASE && kind != VAULT_SLOT_RECOVERY) ||
	    !limits_ok(opslimit, memlimit))
		return TEND_ERR_INVALID;
	memset(&s, 0, sizeof s);
	s.kind = kind;
	s.version = 2;
	memcpy(s.pk, key->pk, VAULT_PK_BYTES);
	s.opslimit = opslimit;
	s.memlimit = memlimit;
	s.alg = crypto_pwhash_ALG_ARGON2ID13;
	if ((st = owner_bind(kind, key->sk, s.pk, owner, s.bind)) != TEND_OK)
		return st;
	if ((st = slot_wrap(&s, key->sk, secret, len)) == TEND_OK)
		*out = s;
	return st;
}

/* A fresh key pair, its secret key wrapped; *out is written on success
 * only. */
enum tend_status vault_slot_create_limits(const char *pass, size_t passlen,
                                          uint64_t opslimit, uint64_t memlimit,
                                          const struct vault_owner *owner,
                                          struct vault_slot *out)
{
	struct vault_key *k = NULL;
	enum tend_status st;

	if ((pass == NULL && passlen > 0) || out == NULL || !limits_ok(opslimit, memlimit))
		return TEND_ERR_INVALID;
	if ((st = vault_key_create(&k)) != TEND_OK)
		return st;
	st = vault_slot_make(k, VAULT_SLOT_PASSPHRASE, opslimit, memlimit, owner, pass, passlen,
	                     out);
	vault_key_free(k);
	return st;
}

/* Same key pair, kind and limits, new salt, nonce and passphrase; always a
 * version 2 slot. */
enum tend_status vault_slot_rewrap(const struct vault_slot *slot,
                                   const struct vault_key *key,
                                   const struct vault_owner *owner,
                                   const char *pass, size_t passlen,
                                   struct vault_slot *out)
{
	if (slot == NULL || key == NULL || out == NULL || (pass == NULL && passlen > 0))
		return TEND_ERR_INVALID;
	if (slot->alg != crypto_pwhash_ALG_ARGON2ID13 || !limits_ok(slot->opslimit, slot->memlimit))
		return TEND_ERR_CORRUPT;
	if (sodium_memcmp(slot->pk, key->pk, VAULT_PK_BYTES) != 0)
		return TEND_ERR_INVALID;
	return vault_slot_make(key, (enum vault_slot_kind)slot->kind, slot->opslimit,
	                       slot->memlimit, owner, pass, passlen, out);
}

/* Writes the layout given in vault.h; never fails. */
size_t vault_slot_encode(const struct vault_slot *slot, uint8_t out[VAULT_SLOT_BYTES])
{
	const struct slot_kind_ctx *k = kind_ctx(slot->kind);

	memcpy(out, k->magic, 3);
	out[3] = slot->version == 1 && slot->kind == VAULT_SLOT_PASSPHRASE ? '1' : k->version;
	memcpy(out + SLOT_OFF_PK, slot->pk, 32);
	memcpy(out + SLOT_OFF_SALT, slot->salt, 16);
	vault_put_u64le(out + SLOT_OFF_OPS, slot->opslimit);
	vault_put_u64le(out + SLOT_OFF_MEM, slot->memlimit);
	vault_put_u32le(out + SLOT_OFF_ALG, (uint32_t)slot->alg);
	memcpy(out + SLOT_OFF_NONCE, slot->nonce, 24);
	memcpy(out + SLOT_OFF_WRAP, slot->wrapped, 48);
	if (slot->version == 1 && slot->kind == VAULT_SLOT_PASSPHRASE)
		return SLOT_V1_END;
	memcpy(out + SLOT_OFF_PASS, slot->passcheck, 16);
	memcpy(out + SLOT_OFF_BIND, slot->bind, 32);
	vault_slot_checksum(out, out + SLOT_OFF_CHECK);
	return SLOT_END;
}

/* Checks before copying: *out is written only for a slot tend could have
 * made. */
enum tend_status vault_slot_decode(const uint8_t *in, size_t len, struct vault_slot *out)
{
	struct vault_slot s;
	uint8_t check[16];
	uint32_t alg;
	const struct slot_kind_ctx *k;
	int kind;

	if (in == NULL || out == NULL)
		return TEND_ERR_INVALID;
	if (len < 4)
		return TEND_ERR_CORRUPT;
	if (memcmp(in, slot_kinds[VAULT_SLOT_PASSPHRASE].magic, 3) == 0)
		kind = VAULT_SLOT_PASSPHRASE;
	else if (memcmp(in, slot_kinds[VAULT_SLOT_RECOVERY].magic, 3) == 0)
		kind = VAULT_SLOT_RECOVERY;
	else
		return TEND_ERR_CORRUPT;
	k = &slot_kinds[kind];
	if (in[3] > k->version && in[3] <= '9')
		return TEND_ERR_TOO_NEW;
	memset(&s, 0, sizeof s);
	s.kind = kind;
	if (kind == VAULT_SLOT_PASSPHRASE && in[3] == '1' && len == SLOT_V1_END) {
		s.version = 1;
	} else if (in[3] == k->version && len == SLOT_END) {
		vault_slot_checksum(in, check);
		if (sodium_memcmp(check, in + SLOT_OFF_CHECK, sizeof check) != 0)
			return TEND_ERR_CORRUPT;
		s.version = 2;
		memcpy(s.passcheck, in + SLOT_OFF_PASS, 16);
		memcpy(s.bind, in + SLOT_OFF_BIND, 32);
	} else {
		return TEND_ERR_CORRUPT;
	}
	memcpy(s.pk, in + SLOT_OFF_PK, 32);
	memcpy(s.salt, in + SLOT_OFF_SALT, 16);
	s.opslimit = vault_get_u64le(in + SLOT_OFF_OPS);
	s.memlimit = vault_get_u64le(in + SLOT_OFF_MEM);
	alg = vault_get_u32le(in + SLOT_OFF_ALG);
	if (alg != crypto_pwhash_ALG_ARGON2ID13 || !limits_ok(s.opslimit, s.memlimit))
		return TEND_ERR_CORRUPT;
	s.alg = (int)alg;
	memcpy(s.nonce, in + SLOT_OFF_NONCE, 24);
	memcpy(s.wrapped, in + SLOT_OFF_WRAP, 48);
	*out = s;
	return TEND_OK;
}

/* *out: a new key (vault_key_free) on success, NULL otherwise. The limits
 * are checked again here, whatever path the slot came by. For a version 2
 * slot the order tells the failures apart: the passphrase check first
 * (a wrong passphrase), then the unwrap, the public key and the owner
 * binding (the slot was changed). */
enum tend_status vault_unlock(const struct vault_slot *slot, const struct vault_owner *owner,
                              const char *pass, size_t passlen, struct vault_key **out)
{
	enum tend_status st;

	if (out == NULL)
		return TEND_ERR_INVALID;
	*out = NULL;
	if (slot != NULL && slot->version == 2 &&
	    (owner == NULL || owner->name == NULL || (owner->idx != 0 && owner->idx != 1)))
		return TEND_ERR_INVALID;
	if ((st = vault_unlock_unbound(slot, pass, passlen, out)) != TEND_OK)
		return st;
	if (slot->version == 2 && (st = vault_key_bound(*out, slot, owner)) != TEND_OK) {
		vault_key_free(*out);
		*out = NULL;
	}
	return st;
}

/* The first half of vault_unlock: the passphrase check, the unwrap and the
 * public key, without the owner. */
enum tend_status vault_unlock_unbound(const struct vault_slot *slot, const char *pass,
                                      size_t passlen, struct vault_key **out)
{
	struct vault_key *k = NULL;
	uint8_t *wk = NULL;
	uint8_t ad[SLOT_AD_MAX];
	uint8_t pk[VAULT_PK_BYTES], check[16];
	size_t adlen;
	bool v2;
	enum tend_status st;

	if (out == NULL)
		return TEND_ERR_INVALID;
	*out = NULL;
	if (slot == NULL || (pass == NULL && passlen > 0) ||
	    (slot->version != 1 && slot->version != 2) ||
	    (slot->version == 1 && slot->kind != VAULT_SLOT_PASSPHRASE))
		return TEND_ERR_INVALID;
	v2 = slot->version == 2;
	if (slot->alg != crypto_pwhash_ALG_ARGON2ID13 || !limits_ok(slot->opslimit, slot->memlimit))
		return TEND_ERR_CORRUPT;
	k = sodium_malloc(sizeof *k);
	wk = sodium_malloc(VAULT_KEY_BYTES);
	if (k == NULL || wk == NULL) {
		st = TEND_ERR_NOMEM;
		goto out;
	}
	st = vault_derive(pass, passlen, slot->salt, slot->opslimit, slot->memlimit, wk);
	if (st != TEND_OK)
		goto out;
	if (v2) {
		passcheck(slot->kind, wk, check);
		if (sodium_memcmp(check, slot->passcheck, sizeof check) != 0) {
			st = TEND_ERR_PASSPHRASE;
			goto out;
		}
	}
	adlen = slot_ad(slot, ad);
	if (vault_aead_decrypt(k->sk, slot->wrapped, sizeof slot->wrapped, ad, adlen,
			       slot->nonce, wk) != 0) {
		st = v2 ? TEND_ERR_PARTNERS_CHANGED : TEND_ERR_PASSPHRASE;
		goto out;
	}
	/* Authenticated with pk in the AD, so this can only fail for a slot
	 * crafted by someone who knew the passphrase; refuse it anyway. */
	if (crypto_scalarmult_base(pk, k->sk) != 0 ||
	    sodium_memcmp(pk, slot->pk, VAULT_PK_BYTES) != 0) {
		st = v2 ? TEND_ERR_PARTNERS_CHANGED : TEND_ERR_CORRUPT;
		goto out;
	}
	memcpy(k->pk, slot->pk, VAULT_PK_BYTES);
	k->version = slot->version;
	(void)sodium_mprotect_readonly(k); /* hardening only: a failure is harmless */
	*out = k;
	k = NULL;
out:
	sodium_free(wk);
	sodium_free(k);
	return st;
}

/* The owner binding is made from the secret key, so it can only be checked
 * with the key unlocked. */
enum tend_status vault_key_bound(const struct vault_key *key, const struct vault_slot *slot,
                                 const struct vault_owner *owner)
{
	uint8_t bind[32];
	enum tend_status st;

	if (key == NULL || slot == NULL || slot->version != 2)
		return TEND_ERR_INVALID;
	if (sodium_memcmp(key->pk, slot->pk, VAULT_PK_BYTES) != 0)
		return TEND_ERR_PARTNERS_CHANGED;
	if ((st = owner_bind(slot->kind, key->sk, slot->pk, owner, bind)) != TEND_OK)
		return st;
	return sodium_memcmp(bind, slot->bind, sizeof bind) == 0 ? TEND_OK
	                                                         : TEND_ERR_PARTNERS_CHANGED;
}

enum tend_status vault_key_open_seal(const struct vault_key *key,
                                     const uint8_t seal[VAULT_SEAL_BYTES],
                                     uint8_t out[VAULT_KEY_BYTES])
{
	return crypto_box_seal_open(out, seal, VAULT_SEAL_BYTES, key->pk, key->sk) == 0
	       ? TEND_OK : TEND_ERR_TAMPERED;
}

/* Borrowed from the key's guarded block. */
const uint8_t *vault_key_pk(const struct vault_key *key)
{
	return key != NULL ? key->pk : NULL;
}

/* The key is read-only; sodium_free() handles that. */
void vault_key_free(struct vault_key *key)
{
	sodium_free(key); /* makes it writable, wipes it, unmaps it */
}

/* Small blocks from the locked arena (arena.c), larger ones with guard
 * pages of their own; locked in RAM when the limit allows, excluded from
 * core dumps, wiped when freed. */
void *vault_secure_alloc(size_t n)
{
	return vault_arena_alloc(n);
}

void vault_secure_free(void *p)
{
	vault_arena_free(p); /* NULL-safe; wipes */
}

