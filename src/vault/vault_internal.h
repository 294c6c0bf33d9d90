/* vault_internal.h: the deterministic halves of the vault, for its own
 * known-answer tests, and what the files of src/vault share. Only src/vault
 * and tests/unit/test_vault.c include this; the rest of tend uses
 * include/tend/vault.h. Nothing here draws random bytes, so fixed inputs
 * give fixed outputs. */
#ifndef TEND_VAULT_INTERNAL_H
#define TEND_VAULT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "tend/status.h"
#include "tend/vault.h"

/* arena.c: the memory of vault_secure_alloc. Blocks up to
 * VAULT_ARENA_MAX_BLOCK bytes are carved from at most VAULT_ARENA_REGIONS
 * large locked regions; larger ones (and small ones once every region is
 * full) are a sodium_malloc() of their own. Nothing larger than
 * VAULT_MAX_ALLOC is given. */
#define VAULT_ARENA_MAX_BLOCK (16 * 1024 - 16)
#define VAULT_ARENA_REGIONS   64
#define VAULT_MAX_ALLOC       ((size_t)1 << 40)
void *vault_arena_alloc(size_t n);
/* Wipes and gives back a block of vault_arena_alloc; NULL is fine. A block
 * freed twice, or not from here, aborts: memory is corrupt by then. */
void vault_arena_free(void *p);
/* What the arena holds, for its tests. */
struct vault_arena_stats {
	size_t regions;       /* regions mapped */
	size_t region_bytes;  /* their bytes */
	size_t blocks;        /* blocks in use, from regions or of their own */
};
void vault_arena_stats(struct vault_arena_stats *out);

/* wipe.c: 1 when free() and realloc() wipe what they give back, 2 when
 * ASan fills freed memory with zeros instead. vault_init reads it, so the
 * file is linked into every program that uses the vault. */
extern const int vault_wipes_freed;

#define VAULT_KEY_BYTES   32 /* a record key or a wrapping key */
#define VAULT_NONCE_BYTES 24 /* XChaCha20-Poly1305 nonce */
#define VAULT_TAG_BYTES   16 /* Poly1305 tag */
/* "tend" | u32 format | u8 table length | table | i64 id | u32 kind |
 * u8 author | u8 visibility */
#define VAULT_AD_MAX      (4 + 4 + 1 + 255 + 8 + 4 + 1 + 1)

#define VAULT_SK_BYTES    32 /* an X25519 secret key */

/* The X25519 key pair of one partner, unlocked. The whole struct is one
 * sodium_malloc() block, read-only once filled. */
struct vault_key {
	uint8_t sk[VAULT_SK_BYTES];
	uint8_t pk[VAULT_PK_BYTES];
	int version;                 /* of the slot it came from */
};

/* Little-endian integers: the one byte order of every stored field. */
static inline void vault_put_u32le(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static inline void vault_put_u64le(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static inline uint32_t vault_get_u32le(const uint8_t *p)
{
	uint32_t v = 0;

	for (int i = 3; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static inline uint64_t vault_get_u64le(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

/* Writes the canonical associated data of `ad`, for a record of `format`
 * (1 or 2, see struct vault_box), into `out`; returns its length, or 0 when
 * `ad` holds something tend never writes (no table, a table over 255 bytes
 * or empty, kind < 0, author or visibility not 0/1, another format). */
size_t vault_ad_encode(const struct vault_ad *ad, int format, uint8_t out[VAULT_AD_MAX]);

/* XChaCha20-Poly1305-IETF as tend uses it: `c` gets mlen + 16 bytes.
 * 0 on success, -1 on failure. */
int vault_aead_encrypt(uint8_t *c, const uint8_t *m, size_t mlen,
                       const uint8_t *ad, size_t adlen,
                       const uint8_t nonce[VAULT_NONCE_BYTES],
                       const uint8_t key[VAULT_KEY_BYTES]);
/* The inverse: `m` gets clen - 16 bytes; -1 when the tag does not match. */
int vault_aead_decrypt(uint8_t *m, const uint8_t *c, size_t clen,
                       const uint8_t *ad, size_t adlen,
                       const uint8_t nonce[VAULT_NONCE_BYTES],
                       const uint8_t key[VAULT_KEY_BYTES]);

/* Argon2id13 (crypto_pwhash) of `pass` into the 32 bytes of `out`.
 * TEND_ERR_INVALID for limits out of range, TEND_ERR_NOMEM when Argon2id
 * could not get its memory. */
enum tend_status vault_derive(const char *pass, size_t passlen,
                              const uint8_t salt[16], uint64_t opslimit,
                              uint64_t memlimit, uint8_t out[VAULT_KEY_BYTES]);

/* A record's ciphertext under a given key and nonce: *ct (malloc, caller
 * frees) = nonce | AEAD(text, vault_ad_encode(ad, format)), *ctlen its
 * length. */
enum tend_status vault_seal_with_key(const uint8_t key[VAULT_KEY_BYTES],
                                     const uint8_t nonce[VAULT_NONCE_BYTES],
                                     const struct vault_ad *ad, int format,
                                     const char *text, size_t len,
                                     uint8_t **ct, size_t *ctlen);
/* The inverse: *out is a NUL-terminated copy in guarded memory (free with
 * vault_secure_free), *outlen its length. TEND_ERR_TAMPERED on any
 * mismatch. */
enum tend_status vault_open_with_key(const uint8_t key[VAULT_KEY_BYTES],
                                     const struct vault_ad *ad, int format,
                                     const uint8_t *ct, size_t ctlen,
                                     char **out, size_t *outlen);

/* The checksum that ends a version 2 slot: BLAKE2b-128 of its first
 * VAULT_SLOT_BYTES - 16 bytes `b` into `out`. */
void vault_slot_checksum(const uint8_t *b, uint8_t out[16]);

/* Opens `seal` (VAULT_SEAL_BYTES, crypto_box_seal) with `key` into `out`:
 * TEND_OK or TEND_ERR_TAMPERED. */
enum tend_status vault_key_open_seal(const struct vault_key *key,
                                     const uint8_t seal[VAULT_SEAL_BYTES],
                                     uint8_t out[VAULT_KEY_BYTES]);

/* XORs the `n` bytes at `p` (a backup's header and check) with the
 * whitening keystream of the backup's `nonce`; its own inverse. */
void vault_backup_mask(uint8_t *p, size_t n, const uint8_t nonce[VAULT_NONCE_BYTES]);

/* The two check symbols of a recovery code's 26 random symbols `sym`,
 * into `out`: the test makes codes with known symbols through this. */
void vault_recovery_check(const char sym[VAULT_RECOVERY_SYMBOLS - 2], char out[2]);

#endif
