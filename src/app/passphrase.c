/* passphrase.c: the rules a passphrase meets before tend takes it (not
 * easy to guess, unless its owner insists; never the other partner's), and
 * recovery codes, the second way into a partner's key when the passphrase
 * is forgotten. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_internal.h"
#include "tend/strength.h"

_Static_assert(APP_RECOVERY_TEXT == VAULT_RECOVERY_TEXT, "one length of a shown code");
_Static_assert(APP_RECOVERY_GROUPS == VAULT_RECOVERY_GROUPS, "one number of groups");

/* Guesses a second against each level, for someone with a copy of the file
 * and one strong graphics card: Argon2id's memory cost is what slows them
 * (64 MiB, 256 MiB, 1 GiB a guess). Rough on purpose; README: "Passphrases". */
static const double guesses_per_second[] = {
	[APP_KDF_INTERACTIVE] = 1000,
	[APP_KDF_MODERATE] = 100,
	[APP_KDF_SENSITIVE] = 10,
};

/* "about 8 thousand guesses" of 2^bits, in words people read. */
static void guesses_text(double bits, char *buf, size_t size)
{
	static const struct { double at; const char *word; } big[] = {
		{ 1e18, "quintillion" }, { 1e15, "quadrillion" }, { 1e12, "trillion" },
		{ 1e9, "billion" }, { 1e6, "million" }, { 1e3, "thousand" },
	};
	double g = pow(2.0, bits);

	if (bits >= 70) {
		snprintf(buf, size, "more guesses than anyone could try");
		return;
	}
	for (size_t i = 0; i < sizeof(big) / sizeof(big[0]); i++) {
		if (g >= big[i].at) {
			snprintf(buf, size, "about %.0f %s guesses", g / big[i].at, big[i].word);
			return;
		}
	}
	snprintf(buf, size, "about %.0f guesses", g);
}

void app_pass_judge(const char *const name[2], const char *pass, enum app_kdf kdf,
                    struct app_pass_verdict *out)
{
	const char *words[4] = { name && name[0] ? name[0] : NULL, NULL, NULL, NULL };
	struct strength s;
	char guesses[64], time[64];
	size_t n = words[0] ? 1 : 0;

	if (name && name[1])
		words[n++] = name[1];
	words[n] = "tend";
	strength_judge(pass, words, &s);
	if ((unsigned)kdf > APP_KDF_SENSITIVE)
		kdf = APP_KDF_MODERATE;
	guesses_text(s.bits, guesses, sizeof(guesses));
	strength_time(s.bits, guesses_per_second[kdf], time, sizeof(time));
	out->weak = s.weak;
	out->hint = strength_hint_text(s.hint);
	snprintf(out->estimate, sizeof(out->estimate),
	         "tend estimates %s: someone with a copy of the file could find it in %s",
	         guesses, time);
	if (s.bits < log2(10.0))
		snprintf(out->estimate, sizeof(out->estimate),
		         "It is among the first things anyone would try: someone with a copy of "
		         "the file would find it at once");
}

enum tend_status app_other_opens(struct app *app, int partner, const char *pass, size_t len)
{
	struct vault_key *k = NULL;
	const int other = !partner;
	enum tend_status st;

	if (app->slot_st[other] != TEND_OK)
		return TEND_OK;
	app_note("Checking the new passphrase is not %s's...", app->name[other]);
	st = vault_unlock_unbound(&app->slot[other], pass, len, &k);
	vault_key_free(k);
	/* A slot changed after it was made (a right passphrase, then a failing
	 * unwrap) is that passphrase too. */
	return st == TEND_OK || st == TEND_ERR_PARTNERS_CHANGED ? TEND_ERR_SAME_PASSPHRASE : TEND_OK;
}

enum tend_status app_recovery_state(const struct app *app, int partner)
{
	if (!app->setup)
		return TEND_ERR_NOT_SETUP;
	if (partner < 0 || partner > 1)
		return TEND_ERR_INVALID;
	return app->recovery_st[partner];
}

/* Recovery slots use the interactive cost: a code's 130 random bits need
 * no slow derivation to be out of reach, and a person recovering waits
 * less. */
enum tend_status app_recovery_make(const struct vault_key *key, const struct vault_owner *owner,
                                   char *code, uint8_t enc[VAULT_SLOT_BYTES], size_t *enclen)
{
	char *canon = vault_secure_alloc(VAULT_RECOVERY_SYMBOLS + 1);
	struct vault_slot s;
	uint64_t ops, mem;
	enum tend_status st;

	*enclen = 0;
	if (!canon)
		return TEND_ERR_NOMEM;
	if ((st = vault_recovery_new(code)) == TEND_OK &&
	    (st = vault_recovery_parse(code, strlen(code), canon)) == TEND_OK &&
	    (st = vault_kdf_limits(VAULT_KDF_INTERACTIVE, &ops, &mem)) == TEND_OK &&
	    (st = vault_slot_make(key, VAULT_SLOT_RECOVERY, ops, mem, owner, canon,
	                          VAULT_RECOVERY_SYMBOLS, &s)) == TEND_OK)
		*enclen = vault_slot_encode(&s, enc);
	vault_secure_free(canon);
	if (st != TEND_OK)
		explicit_bzero(code, APP_RECOVERY_TEXT + 1);
	return st;
}

enum tend_status app_recovery_new(struct app_reader *r, char *code)
{
	struct app *app = r->app;
	const struct vault_owner owner = { r->partner, app->name[r->partner] };
	uint8_t enc[VAULT_SLOT_BYTES];
	struct store_blob b = { enc, 0 };
	struct vault_slot s;
	enum tend_status st;

	if (app->readonly)
		return TEND_ERR_READONLY;
	app_note("Making %s's new recovery code...", app->name[r->partner]);
	if ((st = app_recovery_make(r->key, &owner, code, enc, &b.len)) != TEND_OK)
		return st;
	if ((st = store_begin(app->store)) == TEND_OK)
		st = app_txn_end(app->store, store_recovery_put(app->store, r->partner, &b));
	if (st == TEND_OK && (st = vault_slot_decode(enc, b.len, &s)) == TEND_OK) {
		app->recovery[r->partner] = s;
		app->recovery_st[r->partner] = TEND_OK;
	}
	if (st != TEND_OK)
		explicit_bzero(code, APP_RECOVERY_TEXT + 1);
	return st;
}

/* The limits a new passphrase slot for `partner` gets: those of the one it
 * replaces, else the other partner's, else the default. */
static void new_limits(const struct app *app, int partner, uint64_t *ops, uint64_t *mem)
{
	const struct vault_slot *s = app->slot_st[partner] == TEND_OK ? &app->slot[partner]
	                           : app->slot_st[!partner] == TEND_OK ? &app->slot[!partner]
	                                                                : NULL;

	if (s) {
		*ops = s->opslimit;
		*mem = s->memlimit;
	} else {
		vault_kdf_limits(VAULT_KDF_MODERATE, ops, mem);
	}
}

/* Opens partner's recovery slot with `code` as typed: *key on success. */
static enum tend_status code_opens(struct app *app, int partner, const char *code,
                                   size_t codelen, struct vault_key **key)
{
	const struct vault_owner owner = { partner, app->name[partner] };
	char *canon;
	enum tend_status st;

	*key = NULL;
	if (app->recovery_st[partner] != TEND_OK)
		return app->recovery_st[partner];
	if (!(canon = vault_secure_alloc(VAULT_RECOVERY_SYMBOLS + 1)))
		return TEND_ERR_NOMEM;
	app_note("Opening %s's key with the recovery code...", app->name[partner]);
	/* The code's slot binds its owner's place, name and key, so it is
	 * trusted even when their key record beside it is damaged. */
	if ((st = vault_recovery_parse(code, codelen, canon)) == TEND_OK)
		st = vault_unlock(&app->recovery[partner], &owner, canon, VAULT_RECOVERY_SYMBOLS,
		                  key);
	vault_secure_free(canon);
	return st;
}

enum tend_status app_recovery_check(struct app *app, int partner, const char *code,
                                    size_t codelen)
{
	struct vault_key *key = NULL;
	enum tend_status st;

	if (!app->setup)
		return TEND_ERR_NOT_SETUP;
	if (partner < 0 || partner > 1 || !code)
		return TEND_ERR_INVALID;
	st = code_opens(app, partner, code, codelen, &key);
	vault_key_free(key);
	return st;
}

enum tend_status app_recover(struct app *app, int partner, const char *code, size_t codelen,
                             const char *pass, size_t passlen)
{
	struct vault_key *key = NULL;
	struct vault_slot slot;
	uint8_t enc[VAULT_SLOT_BYTES];
	struct store_blob b = { enc, 0 };
	uint64_t ops, mem;
	enum tend_status st;

	if (!app->setup)
		return TEND_ERR_NOT_SETUP;
	if (partner < 0 || partner > 1 || !code || passlen == 0 || passlen > APP_MAX_PASS)
		return TEND_ERR_INVALID;
	if (app->readonly)
		return TEND_ERR_READONLY;
	if ((st = code_opens(app, partner, code, codelen, &key)) != TEND_OK)
		goto out;
	const struct vault_owner owner = { partner, app->name[partner] };
	if ((st = app_other_opens(app, partner, pass, passlen)) != TEND_OK)
		goto out;
	new_limits(app, partner, &ops, &mem);
	app_note("Locking %s's key with the new passphrase...", app->name[partner]);
	if ((st = vault_slot_make(key, VAULT_SLOT_PASSPHRASE, ops, mem, &owner, pass, passlen,
	                          &slot)) != TEND_OK)
		goto out;
	b.len = vault_slot_encode(&slot, enc);
	if ((st = store_begin(app->store)) != TEND_OK)
		goto out;
	if ((st = app_txn_end(app->store, store_slot_put(app->store, partner, &b))) == TEND_OK) {
		app->slot[partner] = slot;
		app->slot_st[partner] = TEND_OK;
	}
out:
	vault_key_free(key);
	return st;
}

bool app_recovery_group_is(const char *code, int group, const char *typed, size_t len)
{
	return vault_recovery_group_is(code, group, typed, len);
}
