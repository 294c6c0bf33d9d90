/* vault.h: keys and sealing. The only module that touches libsodium.
 *
 * Each partner has an X25519 key pair. The secret key is wrapped with
 * XChaCha20-Poly1305 under a key derived from the partner's passphrase with
 * Argon2id (crypto_pwhash, ALG_ARGON2ID13); salt and limits are stored with
 * the wrapped key in a "slot". Every record is encrypted under its own random
 * key (XChaCha20-Poly1305, random nonce, associated data binding it to its
 * row: format version, table, id, kind, author, visibility), and that key is
 * sealed (crypto_box_seal) to each reader's public key. So tend can seal
 * shared text for both without a passphrase, and only a reader's own
 * passphrase opens. A private record (format 2) is different: its key is
 * boxed by its author to themself (crypto_box with the author's own key
 * pair), which needs the author's unlocked secret key, so a private record
 * proves who wrote it; one without that proof is reported as forged.
 *
 * A slot (version 2) also binds its owner, their place and name, under
 * the secret key, keeps a check of the passphrase's derived key, so a
 * wrong passphrase is told from a changed slot, and ends with a checksum,
 * so damage (a flipped bit in a public key) is found before anything is
 * sealed to it. Slots tend 1.0 wrote (version 1) are still read, and are
 * rewritten as version 2 when their owner next unlocks.
 *
 * A partner may also have a recovery slot: the same secret key wrapped
 * under a recovery code (130 random bits, typed as 28 letters and digits)
 * instead of their passphrase, with its own magic and contexts, so it opens
 * the key when the passphrase is forgotten and nothing else.
 *
 * A backup is a whole database snapshot encrypted under a fresh key sealed
 * to each partner's public key, carrying their passphrase slots so that
 * either passphrase alone opens it (see vault_backup_seal).
 *
 * Secrets (unlocked keys, passphrases, decrypted text) live in guarded
 * memory from vault_secure_alloc() and are wiped when freed. */
#ifndef TEND_VAULT_H
#define TEND_VAULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tend/status.h"

#define VAULT_PK_BYTES    32
#define VAULT_SLOT_BYTES  208        /* an encoded slot, see vault_slot_encode */
#define VAULT_SLOT_V1_BYTES 144      /* a version 1 slot (tend 1.0) */
#define VAULT_SEAL_BYTES  (32 + 48)  /* a record key sealed to one reader */
#define VAULT_AUTH_SEAL_BYTES (24 + 48) /* a private record's key, boxed by its author */
#define VAULT_MAX_TEXT    (1u << 20) /* the largest record, in bytes */

/* A recovery code: 26 random symbols (130 bits) and 2 check symbols of
 * Crockford's base 32, shown as 7 groups of 4 joined by '-'. */
#define VAULT_RECOVERY_SYMBOLS 28
#define VAULT_RECOVERY_GROUPS  7
#define VAULT_RECOVERY_TEXT    (VAULT_RECOVERY_SYMBOLS + VAULT_RECOVERY_GROUPS - 1)

/* The largest snapshot a backup holds, and what a backup adds to it. */
#define VAULT_BACKUP_MAX      (1ull << 32)
#define VAULT_BACKUP_OVERHEAD (24 + 608 + 16 + 16)

enum vault_kdf_level {
	VAULT_KDF_INTERACTIVE, /* ~64 MiB; for tests and slow machines */
	VAULT_KDF_MODERATE,    /* ~256 MiB; the default */
	VAULT_KDF_SENSITIVE,   /* ~1 GiB */
};

/* Whose a slot is: bound into it under the secret key, so a name or a
 * place changed in the file is caught when the slot is unlocked. */
struct vault_owner {
	int idx;                     /* the partner's place, 0 or 1 */
	const char *name;            /* NUL-terminated UTF-8, as stored */
};

/* What opens a slot. */
enum vault_slot_kind {
	VAULT_SLOT_PASSPHRASE = 0,   /* the partner's passphrase: "tsl1", "tsl2" */
	VAULT_SLOT_RECOVERY = 1,     /* their recovery code: "trc1" */
};

/* One partner's key slot: everything stored about their keys. Public. */
struct vault_slot {
	int kind;                    /* enum vault_slot_kind */
	int version;                 /* 1 (tend 1.0) or 2; a recovery slot is
	                              * laid out and checked as version 2 */
	uint8_t pk[VAULT_PK_BYTES];  /* X25519 public key */
	uint8_t salt[16];            /* Argon2id salt */
	uint64_t opslimit;           /* Argon2id passes */
	uint64_t memlimit;           /* Argon2id memory, bytes */
	int alg;                     /* crypto_pwhash algorithm id (Argon2id13) */
	uint8_t nonce[24];           /* XChaCha20-Poly1305 nonce of the wrap */
	uint8_t wrapped[32 + 16];    /* the secret key, encrypted, with its tag */
	uint8_t passcheck[16];       /* v2: keyed hash under the derived key */
	uint8_t bind[32];            /* v2: keyed hash of place, name and pk
	                              * under a key derived from the secret key */
};

/* An unlocked secret key, in guarded memory. Opaque. */
struct vault_key;

/* A sealed record as stored. */
struct vault_box {
	uint8_t *ct;       /* owned (malloc): nonce, then ciphertext and tag */
	size_t ctlen;
	uint8_t seal[2][VAULT_SEAL_BYTES]; /* the record key for partner i */
	unsigned readers;  /* bit i set: seal[i] is present */
	int format;        /* 1: keys sealed anonymously, VAULT_SEAL_BYTES each
	                    * (shared records; private ones tend 1.0 wrote);
	                    * 2: a private record, its key boxed by its author,
	                    * VAULT_AUTH_SEAL_BYTES. Stored as the seal's length. */
};

/* What a record's associated data binds it to. */
struct vault_ad {
	const char *table; /* "entry" */
	int64_t id;        /* the row id */
	int kind;          /* what the record is (app's enum) */
	int author;        /* partner index 0 or 1 */
	int visibility;    /* 0 private to the author, 1 shared */
};

/* Initialises libsodium and turns core dumps off (RLIMIT_CORE and
 * PR_SET_DUMPABLE). Call once, first. TEND_ERR_CRYPTO when libsodium cannot
 * start, TEND_ERR_DENIED when the system refuses either of the others. */
enum tend_status vault_init(void);

/* Makes a new key pair for `owner` and wraps its secret key under `pass`
 * (`passlen` bytes, any content, taken as is: no Unicode normalisation) at
 * the given level: a version 2 slot. TEND_ERR_NOMEM when the machine cannot
 * give Argon2id its memory. */
enum tend_status vault_slot_create(const char *pass, size_t passlen,
                                   enum vault_kdf_level level,
                                   const struct vault_owner *owner,
                                   struct vault_slot *out);
/* The same with explicit Argon2id limits (tests use the minimum); limits
 * outside [crypto_pwhash_argon2id_*_MIN, *_SENSITIVE] give TEND_ERR_INVALID. */
enum tend_status vault_slot_create_limits(const char *pass, size_t passlen,
                                          uint64_t opslimit, uint64_t memlimit,
                                          const struct vault_owner *owner,
                                          struct vault_slot *out);
/* The Argon2id limits of `level`; TEND_ERR_INVALID for no level. */
enum tend_status vault_kdf_limits(enum vault_kdf_level level, uint64_t *opslimit,
                                  uint64_t *memlimit);
/* The level whose memory limit `slot` has (the nearest below). */
enum vault_kdf_level vault_slot_level(const struct vault_slot *slot);
/* Makes a fresh key pair, in guarded memory (vault_key_free). */
enum tend_status vault_key_create(struct vault_key **out);
/* Wraps `key` under `secret` (`len` bytes: a passphrase, or a recovery
 * code as vault_recovery_parse gives it) with the given Argon2id limits,
 * bound to `owner`: a slot of `kind`, version 2. TEND_ERR_INVALID for
 * limits out of range or a bad owner. */
enum tend_status vault_slot_make(const struct vault_key *key, enum vault_slot_kind kind,
                                 uint64_t opslimit, uint64_t memlimit,
                                 const struct vault_owner *owner,
                                 const char *secret, size_t len, struct vault_slot *out);
/* Re-wraps the key of `slot`, unlocked by `key`, under a passphrase (a new
 * one, or the same to bring a version 1 slot up to date), for `owner`, with
 * a fresh salt and the same kind and limits: a version 2 slot. `out` may be
 * `slot`. */
enum tend_status vault_slot_rewrap(const struct vault_slot *slot,
                                   const struct vault_key *key,
                                   const struct vault_owner *owner,
                                   const char *pass, size_t passlen,
                                   struct vault_slot *out);
/* Little-endian encoding of a slot into `out` (VAULT_SLOT_BYTES of room);
 * returns its length. Version 2, 208 bytes:
 *   "tsl2" | pk 32 | salt 16 | opslimit u64 | memlimit u64 | alg u32 |
 *   nonce 24 | wrapped 48 | passcheck 16 | bind 32 | check 16
 * where check is BLAKE2b-128 of all before it. Version 1 (144 bytes) is
 * "tsl1" and the same up to wrapped. A recovery slot is "trc1" and laid out
 * as version 2. */
size_t vault_slot_encode(const struct vault_slot *slot, uint8_t out[VAULT_SLOT_BYTES]);
/* Decodes and checks a stored slot; limits outside what tend could have
 * written (below the minimum or above SENSITIVE) give TEND_ERR_CORRUPT, so a
 * tampered file cannot make tend derive for hours or allocate gigabytes.
 * A wrong length, magic, algorithm or checksum is TEND_ERR_CORRUPT too; a
 * slot of a later version ("tsl3", "trc2"...) is TEND_ERR_TOO_NEW. */
enum tend_status vault_slot_decode(const uint8_t *in, size_t len, struct vault_slot *out);

/* Derives the wrapping key from `pass` and opens the slot of `owner`; *out
 * (free with vault_key_free) is set on success only, NULL otherwise.
 * TEND_ERR_PASSPHRASE: not this slot's passphrase; nothing changes.
 * TEND_ERR_PARTNERS_CHANGED (version 2): the passphrase is right but the
 * slot is not as it was made: its public key, its wrapped key, or its place
 * or name (`owner`) changed in the file. A version 1 slot cannot tell those
 * apart: any change is TEND_ERR_PASSPHRASE, and `owner` is not checked.
 * Limits out of range: TEND_ERR_CORRUPT; no memory: TEND_ERR_NOMEM. */
enum tend_status vault_unlock(const struct vault_slot *slot, const struct vault_owner *owner,
                              const char *pass, size_t passlen, struct vault_key **out);
/* vault_unlock without the owner: the passphrase check, the unwrap and
 * the public key, for a slot whose owner is not known yet (a backup's,
 * before the snapshot that names them is open). Check the owner with
 * vault_key_bound before trusting who the key belongs to. */
enum tend_status vault_unlock_unbound(const struct vault_slot *slot, const char *pass,
                                      size_t passlen, struct vault_key **out);
/* Whether version 2 `slot` was made for `key` and `owner`: TEND_OK, or
 * TEND_ERR_PARTNERS_CHANGED. */
enum tend_status vault_key_bound(const struct vault_key *key, const struct vault_slot *slot,
                                 const struct vault_owner *owner);
/* The public key of an unlocked key: borrowed, valid until the key is
 * freed. */
const uint8_t *vault_key_pk(const struct vault_key *key);
/* Wipes and frees an unlocked key; NULL is fine. */
void vault_key_free(struct vault_key *key);

/* Encrypts `len` bytes of `text` under a fresh key for the partners in
 * `readers` (bit i: partner i, public key pk[i]). A shared record
 * (visibility 1) seals the key to each reader anonymously: no secret is
 * needed. A private record (visibility 0) must be for its author alone and
 * needs the author's unlocked key `author_key` (TEND_ERR_DENIED without it
 * or with another's): its key is boxed by the author, format 2. `readers` is
 * 1, 2 or 3; ad->table is 1..255 bytes, ad->kind >= 0. TEND_ERR_INVALID for
 * any of that, TEND_ERR_TOO_LONG when len > VAULT_MAX_TEXT. On success *out
 * owns ct (vault_box_free); on failure *out is zeroed. */
enum tend_status vault_seal(const uint8_t pk[2][VAULT_PK_BYTES], unsigned readers,
                            const struct vault_ad *ad, const char *text, size_t len,
                            const struct vault_key *author_key, struct vault_box *out);
/* Opens a record for partner `reader` holding `key`. On success *out is a
 * NUL-terminated copy of the text in guarded memory (free it with
 * vault_secure_free) and *outlen its length. TEND_ERR_DENIED when the record
 * is not sealed to this reader; TEND_ERR_TAMPERED when any byte of it, or
 * the row it claims, was changed (a private record whose `readers` is not
 * its author alone counts as changed); TEND_ERR_FORGED for a private record
 * without its author's proof (format 1) once the author's slot is version
 * 2: tend no longer writes those, so someone else put it in the file. */
enum tend_status vault_open(const struct vault_key *key, int reader,
                            const struct vault_ad *ad, const struct vault_box *box,
                            char **out, size_t *outlen);
/* Opens `n` records for partner `reader` at once, calling fn in order with
 * each record's index, status (as vault_open's) and text: NUL-terminated,
 * in guarded memory wiped after the call, NULL unless the status is
 * TEND_OK. Stops early when fn returns non-zero. Far cheaper than n calls of
 * vault_open: one buffer for all, and the per-record key agreement runs on
 * two cores. Returns TEND_OK or a failure of its own (TEND_ERR_NOMEM). */
enum tend_status vault_open_each(const struct vault_key *key, int reader, size_t n,
                                 const struct vault_box *boxes, const struct vault_ad *ads,
                                 int (*fn)(size_t i, enum tend_status st, const char *text,
                                           size_t len, void *ctx),
                                 void *ctx);
/* Frees box->ct and zeroes the struct (not the struct itself). */
void vault_box_free(struct vault_box *box);
/* The stored length of each of `box`'s seals (its format's). */
size_t vault_box_seal_len(const struct vault_box *box);
/* Puts a stored seal of `len` bytes in as partner `i`'s (0 or 1), marking
 * them a reader; the box's format follows from the seals' lengths. A seal
 * of a length no format has, or seals of two formats, leave the format 0,
 * which vault_open refuses as changed. Call once per stored seal on a
 * zeroed box. */
void vault_box_put_seal(struct vault_box *box, int i, const uint8_t *seal, size_t len);

/* A new recovery code, as people copy it ("7KQM-..."): VAULT_RECOVERY_TEXT
 * characters and a NUL into `out` (guarded memory, the caller's). */
enum tend_status vault_recovery_new(char out[VAULT_RECOVERY_TEXT + 1]);
/* Reads a recovery code as someone typed it: case, spaces and '-' do not
 * matter, O reads as 0 and I or L as 1. Writes its VAULT_RECOVERY_SYMBOLS
 * symbols and a NUL into `out`: the secret vault_slot_make and vault_unlock
 * take. TEND_ERR_INVALID when it is not 28 such symbols; TEND_ERR_PARSE
 * when its check symbols do not match (a typo). */
enum tend_status vault_recovery_parse(const char *in, size_t len,
                                      char out[VAULT_RECOVERY_SYMBOLS + 1]);
/* Whether `typed` (read as vault_recovery_parse reads) is group `group`
 * (0..VAULT_RECOVERY_GROUPS-1) of recovery code `code`. */
bool vault_recovery_group_is(const char *code, int group, const char *typed, size_t len);

/* What a backup's header says, readable without any secret. */
struct vault_backup_info {
	unsigned readers;                   /* bit i: partner i's key opens it */
	uint8_t slot[2][VAULT_SLOT_BYTES];  /* reader i's passphrase slot, encoded */
	size_t slotlen[2];                  /* 0 for a partner who is not a reader */
	uint64_t datalen;                   /* bytes of the snapshot inside */
};
/* Encrypts `len` bytes of `data` (a database snapshot) under a fresh key,
 * sealed (crypto_box_seal) to pk[i] of each partner i in `readers`, whose
 * encoded passphrase slot slot[i] (slotlen[i] bytes) goes in the header so
 * that the backup opens with a passphrase alone. The file shows nothing but
 * its size: 24 random bytes, then the header whitened with a keystream of
 * those bytes (not a secret: it only hides the layout), then the snapshot
 * encrypted (XChaCha20-Poly1305) with the nonce and header as associated
 * data:
 *   nonce 24 | mask(header 608 | check 16) | AEAD(data) (len + 16)
 *   header = "tendback" | version u32 (1) | readers u32 | slotlen[2] u32 |
 *            slot[2] 208 | seal[2] 80 | datalen u64
 *   check  = keyed BLAKE2b-128 of nonce and header.
 * *out (malloc) is the caller's. */
enum tend_status vault_backup_seal(const uint8_t pk[2][VAULT_PK_BYTES], unsigned readers,
                                   const uint8_t *const slot[2], const size_t slotlen[2],
                                   const uint8_t *data, size_t len,
                                   uint8_t **out, size_t *outlen);
/* Reads a backup's header, no secret needed: TEND_ERR_NOT_BACKUP when `in`
 * is no tend backup at all, TEND_ERR_TOO_NEW for one from a newer tend,
 * TEND_ERR_CORRUPT for a tend backup that was changed or damaged. */
enum tend_status vault_backup_info(const uint8_t *in, size_t len,
                                   struct vault_backup_info *out);
/* Opens the snapshot of backup `in` with reader `reader`'s key: *out
 * (malloc; wipe it before free) and *outlen on success. TEND_ERR_DENIED when
 * it is not sealed to this reader, TEND_ERR_CORRUPT when any byte of it was
 * changed, and vault_backup_info's failures. */
enum tend_status vault_backup_open(const struct vault_key *key, int reader,
                                   const uint8_t *in, size_t len,
                                   uint8_t **out, size_t *outlen);

/* A uniformly random number below `upper` (> 0). */
uint32_t vault_random_below(uint32_t upper);

/* Locked memory for secrets: small blocks from a few large locked regions
 * (so thousands of decrypted entries cost a few mappings), larger ones
 * from sodium_malloc with guard pages; excluded from core dumps; wiped when
 * freed; vault_secure_free(NULL) is fine. Needs vault_init() first. Locking
 * can fail (RLIMIT_MEMLOCK): the memory is given all the same, and
 * vault_memlock tells. */
void *vault_secure_alloc(size_t n);
void vault_secure_free(void *p);

/* How locking secret memory is going. */
struct vault_memlock {
	bool failed;     /* some secret memory could not be locked: it may be
	                  * written to swap */
	bool near;       /* all locked so far, but less than 1 MiB of the limit
	                  * is left (and no CAP_IPC_LOCK lifts it) */
	uint64_t locked; /* bytes the process has locked (VmLck) */
	uint64_t limit;  /* RLIMIT_MEMLOCK in bytes; 0 when unlimited */
};
void vault_memlock(struct vault_memlock *out);
/* How many times the vault has locked memory so far: vault_memlock's
 * answer can only have become worse when this changed (it reads /proc, so
 * a loop asks this first). */
uint64_t vault_memlock_changes(void);

#endif
