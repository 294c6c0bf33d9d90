/* recovery.c: recovery codes, the second way into a partner's key.
 *
 * A code is 26 random symbols of Crockford's base 32 (130 bits, drawn from
 * libsodium's generator) and 2 check symbols holding sum((i + 1) * v[i])
 * mod 1021 over the 26 values v. 1021 is a prime above every weight and
 * every difference of two values, so any one mistyped symbol, and any two
 * neighbours swapped, change the sum: such typos are always found before
 * a key derivation is spent on them. People see it as 7 groups of 4 ("7KQM-3XPA-..."); what they
 * type back is read generously: case, spaces and dashes do not matter, and
 * the letters Crockford leaves out read as the digits they look like. The
 * 28 canonical symbols are the secret a recovery slot is wrapped under. */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include <sodium.h>

#include "tend/vault.h"
#include "vault_internal.h"

#define RANDOM_SYMBOLS (VAULT_RECOVERY_SYMBOLS - 2)
#define GROUP_LEN      4
#define CHECK_MOD      1021 /* prime, < 32 * 32 */

_Static_assert(VAULT_RECOVERY_SYMBOLS == GROUP_LEN * VAULT_RECOVERY_GROUPS, "whole groups");
_Static_assert(RANDOM_SYMBOLS * 5 >= 128, "at least 128 random bits");

/* Crockford's base 32: no I, L, O or U. */
static const char alphabet[32] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/* The value of symbol `c` as typed, or -1 when no symbol reads so. */
static int symbol_value(char c)
{
	const char *p;

	if (c >= 'a' && c <= 'z')
		c = (char)(c - 'a' + 'A');
	if (c == 'O')
		c = '0';
	else if (c == 'I' || c == 'L')
		c = '1';
	if (c == '\0' || (p = memchr(alphabet, c, sizeof alphabet)) == NULL)
		return -1;
	return (int)(p - alphabet);
}

/* Whether `c` is something people put between symbols. */
static bool is_separator(char c)
{
	return c == ' ' || c == '-' || c == '\t';
}

/* `sym` holds canonical symbols only (vault_recovery_new, read_symbols). */
void vault_recovery_check(const char sym[RANDOM_SYMBOLS], char out[2])
{
	unsigned v = 0;

	for (int i = 0; i < RANDOM_SYMBOLS; i++)
		v = (v + (unsigned)(i + 1) * (unsigned)symbol_value(sym[i])) % CHECK_MOD;
	out[0] = alphabet[v >> 5];
	out[1] = alphabet[v & 31];
}

/* Five bits at a time from the random bytes, then the check, then the
 * dashes between groups. */
enum tend_status vault_recovery_new(char out[VAULT_RECOVERY_TEXT + 1])
{
	uint8_t *raw = sodium_malloc(17);
	char *sym = sodium_malloc(VAULT_RECOVERY_SYMBOLS);
	enum tend_status st = TEND_OK;
	size_t n = 0;

	if (out == NULL || raw == NULL || sym == NULL) {
		st = out == NULL ? TEND_ERR_INVALID : TEND_ERR_NOMEM;
		goto out;
	}
	randombytes_buf(raw, 17);
	for (int i = 0; i < RANDOM_SYMBOLS; i++) {
		int bit = 5 * i;
		unsigned v = ((unsigned)raw[bit / 8] << 8 | raw[bit / 8 + 1]) >> (11 - bit % 8);

		sym[i] = alphabet[v & 31];
	}
	vault_recovery_check(sym, sym + RANDOM_SYMBOLS);
	for (int i = 0; i < VAULT_RECOVERY_SYMBOLS; i++) {
		if (i > 0 && i % GROUP_LEN == 0)
			out[n++] = '-';
		out[n++] = sym[i];
	}
	out[n] = '\0';
out:
	sodium_free(raw);
	sodium_free(sym);
	return st;
}

/* Reads up to `cap` symbols of `in` into `out` (canonical letters); returns
 * how many there were, or -1 for a character that is neither a symbol nor
 * a separator, or more than `cap` symbols. */
static int read_symbols(const char *in, size_t len, char *out, int cap)
{
	int n = 0;

	for (size_t i = 0; i < len; i++) {
		int v;

		if (is_separator(in[i]))
			continue;
		if ((v = symbol_value(in[i])) < 0 || n == cap)
			return -1;
		out[n++] = alphabet[v];
	}
	return n;
}

enum tend_status vault_recovery_parse(const char *in, size_t len,
                                      char out[VAULT_RECOVERY_SYMBOLS + 1])
{
	char check[2];

	if (in == NULL || out == NULL)
		return TEND_ERR_INVALID;
	if (read_symbols(in, len, out, VAULT_RECOVERY_SYMBOLS) != VAULT_RECOVERY_SYMBOLS) {
		sodium_memzero(out, VAULT_RECOVERY_SYMBOLS + 1);
		return TEND_ERR_INVALID;
	}
	out[VAULT_RECOVERY_SYMBOLS] = '\0';
	vault_recovery_check(out, check);
	if (memcmp(check, out + RANDOM_SYMBOLS, 2) != 0) {
		sodium_memzero(out, VAULT_RECOVERY_SYMBOLS + 1);
		return TEND_ERR_PARSE;
	}
	return TEND_OK;
}

bool vault_recovery_group_is(const char *code, int group, const char *typed, size_t len)
{
	char want[VAULT_RECOVERY_SYMBOLS + 1], got[GROUP_LEN];
	bool same;

	if (code == NULL || typed == NULL || group < 0 || group >= VAULT_RECOVERY_GROUPS)
		return false;
	if (read_symbols(code, strlen(code), want, VAULT_RECOVERY_SYMBOLS) !=
	    VAULT_RECOVERY_SYMBOLS) {
		sodium_memzero(want, sizeof want);
		return false;
	}
	same = read_symbols(typed, len, got, GROUP_LEN) == GROUP_LEN &&
	       sodium_memcmp(got, want + group * GROUP_LEN, GROUP_LEN) == 0;
	sodium_memzero(want, sizeof want);
	sodium_memzero(got, sizeof got);
	return same;
}

uint32_t vault_random_below(uint32_t upper)
{
	return upper > 0 ? randombytes_uniform(upper) : 0;
}
