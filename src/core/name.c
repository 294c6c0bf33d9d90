/* name.c: partners' names, by Unicode's rules (libunistring): a name is kept
 * in NFC, two names are the same when their NFC case folds are equal, and
 * they would look the same when their NFKC case folds are, or their
 * skeletons (the look-alike letters of other alphabets read as Latin).
 * Names are not secret (they are stored in the clear), so ordinary heap
 * memory is fine here. */
#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

#include "tend/name.h"

/* Cyrillic and Greek letters drawn like a Latin one, and that Latin letter.
 * Small letters for the small-letter skeleton, capitals for the capital
 * one; name_lookalike compares both, so a capital that looks Latin only as
 * a capital (Cyrillic Н, Greek Ν) and a small letter that looks Latin only
 * small (Greek ν) each count where they do. Sorted by code point. */
static const struct {
	uint32_t from, to;
} lookalikes[] = {
	{ 0x0391, 'A' }, { 0x0392, 'B' }, { 0x0395, 'E' }, { 0x0396, 'Z' }, /* Greek */
	{ 0x0397, 'H' }, { 0x0399, 'I' }, { 0x039A, 'K' }, { 0x039C, 'M' },
	{ 0x039D, 'N' }, { 0x039F, 'O' }, { 0x03A1, 'P' }, { 0x03A4, 'T' },
	{ 0x03A5, 'Y' }, { 0x03A7, 'X' },
	{ 0x03B1, 'a' }, { 0x03B9, 'i' }, { 0x03BA, 'k' }, { 0x03BD, 'v' },
	{ 0x03BF, 'o' }, { 0x03C1, 'p' }, { 0x03C5, 'u' }, { 0x03C7, 'x' },
	{ 0x03C9, 'w' },
	{ 0x0405, 'S' }, { 0x0406, 'I' }, { 0x0408, 'J' }, { 0x0410, 'A' }, /* Cyrillic */
	{ 0x0412, 'B' }, { 0x0415, 'E' }, { 0x041A, 'K' }, { 0x041C, 'M' },
	{ 0x041D, 'H' }, { 0x041E, 'O' }, { 0x0420, 'P' }, { 0x0421, 'C' },
	{ 0x0422, 'T' }, { 0x0423, 'Y' }, { 0x0425, 'X' },
	{ 0x0430, 'a' }, { 0x0435, 'e' }, { 0x043E, 'o' }, { 0x0440, 'p' },
	{ 0x0441, 'c' }, { 0x0443, 'y' }, { 0x0445, 'x' }, { 0x0455, 's' },
	{ 0x0456, 'i' }, { 0x0458, 'j' },
	{ 0x04AE, 'Y' }, { 0x04AF, 'y' }, { 0x04BA, 'H' }, { 0x04BB, 'h' },
	{ 0x04C0, 'I' }, { 0x04CF, 'l' },
	{ 0x0501, 'd' }, { 0x051A, 'Q' }, { 0x051B, 'q' }, { 0x051C, 'W' },
	{ 0x051D, 'w' },
};

/* The Latin letter `cp` is drawn like, or `cp` itself. */
static uint32_t name_unconfuse(uint32_t cp)
{
	size_t lo = 0, hi = sizeof(lookalikes) / sizeof(lookalikes[0]);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (lookalikes[mid].from == cp)
			return lookalikes[mid].to;
		if (lookalikes[mid].from < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return cp;
}

/* White space at either end that a name is trimmed of. */
static bool name_is_space(ucs4_t uc)
{
	return uc_is_property_white_space(uc);
}

/* The bytes of `s` (well-formed UTF-8 or not) without the white space at
 * its ends: *start and the returned length. */
static size_t name_trim(const uint8_t *s, size_t len, size_t *start)
{
	size_t a = 0, b = len;
	ucs4_t uc;

	while (a < b) {
		int n = u8_mbtouc(&uc, s + a, b - a);

		if (!name_is_space(uc))
			break;
		a += (size_t)n;
	}
	while (b > a) {
		const uint8_t *p = u8_prev(&uc, s + b, s + a);

		if (!p || !name_is_space(uc))
			break;
		b = (size_t)(p - s);
	}
	*start = a;
	return b - a;
}

/* Why the character `uc` (after `prev`, 0 at the start) may not be in a
 * name, or NAME_OK. */
static enum name_problem name_char(ucs4_t uc, ucs4_t prev)
{
	if (uc_is_general_category(uc, UC_CATEGORY_Cc) ||
	    uc_is_general_category(uc, UC_CATEGORY_Zl) ||
	    uc_is_general_category(uc, UC_CATEGORY_Zp))
		return NAME_CONTROL;
	if (uc_is_property_bidi_control(uc))
		return NAME_BIDI;
	/* Default-ignorable code points are drawn as nothing at all (zero-width
	 * space and joiners, soft hyphen, variation selectors, Hangul fillers):
	 * with one, two names that look the same would be different names. */
	if (uc_is_general_category(uc, UC_CATEGORY_Cf) ||
	    uc_is_property_default_ignorable_code_point(uc))
		return NAME_INVISIBLE;
	if (prev && name_is_space(uc) && name_is_space(prev))
		return NAME_DOUBLE_SPACE;
	return NAME_OK;
}

enum name_problem name_clean(const char *s, size_t len, char *out, size_t size,
                             uint32_t *cp)
{
	const uint8_t *u = (const uint8_t *)s;
	size_t start, n, nfc_len;
	uint8_t *nfc;
	ucs4_t uc, prev = 0;
	uint32_t dummy;

	if (!cp)
		cp = &dummy;
	*cp = 0;
	if (size == 0)
		return NAME_TOO_LONG;
	out[0] = '\0';
	if (u8_check(u, len))
		return NAME_NOT_TEXT;
	n = name_trim(u, len, &start);
	u += start;
	if (n == 0)
		return NAME_EMPTY;
	for (size_t i = 0; i < n;) {
		enum name_problem p;

		i += (size_t)u8_mbtouc(&uc, u + i, n - i);
		if ((p = name_char(uc, prev)) != NAME_OK) {
			*cp = uc;
			return p;
		}
		prev = uc;
	}
	/* Composing never makes a text shorter than a third (a Hangul syllable
	 * from its three letters), so one this long could not fit: not worth
	 * normalising. */
	if (n / 3 >= size)
		return NAME_TOO_LONG;
	if (!(nfc = u8_normalize(UNINORM_NFC, u, n, NULL, &nfc_len)))
		return NAME_NOMEM;
	if (nfc_len >= size) {
		free(nfc);
		return NAME_TOO_LONG;
	}
	memcpy(out, nfc, nfc_len);
	out[nfc_len] = '\0';
	free(nfc);
	return NAME_OK;
}

/* Whether two malloc'd byte strings are equal; frees both (either may be
 * NULL: out of memory, which counts as not equal). */
static bool name_equal_free(uint8_t *a, size_t alen, uint8_t *b, size_t blen)
{
	bool eq = a && b && alen == blen && memcmp(a, b, alen) == 0;

	free(a);
	free(b);
	return eq;
}

/* The trimmed name `s` case-folded in normal form `nf` (malloc'd, *len), or
 * NULL when it is not UTF-8 or memory ran out. */
static uint8_t *name_fold(const char *s, uninorm_t nf, size_t *len)
{
	const uint8_t *u = (const uint8_t *)s;
	size_t start, n = strlen(s);

	if (u8_check(u, n))
		return NULL;
	n = name_trim(u, n, &start);
	return u8_casefold(u + start, n, NULL, nf, NULL, len);
}

/* Compares `a` and `b` folded in normal form `nf`. */
static bool name_fold_equal(const char *a, const char *b, uninorm_t nf)
{
	size_t alen = 0, blen = 0;
	uint8_t *fa = name_fold(a, nf, &alen), *fb = name_fold(b, nf, &blen);

	return name_equal_free(fa, alen, fb, blen);
}

bool name_same(const char *a, const char *b)
{
	return name_fold_equal(a, b, UNINORM_NFC);
}

/* The skeleton of `s`: its NFKD in capitals (`upper`) or small letters,
 * each look-alike letter replaced by the Latin one it is drawn like
 * (malloc'd, *len), or NULL. Decomposed, so an accent on a look-alike
 * (Cyrillic ё) stays an accent on the Latin letter (ë). */
static uint8_t *name_skeleton(const char *s, bool upper, size_t *len)
{
	const uint8_t *u = (const uint8_t *)s;
	size_t start, n = strlen(s), cased_len = 0, w = 0;
	uint8_t *cased, *out;

	if (u8_check(u, n))
		return NULL;
	n = name_trim(u, n, &start);
	cased = upper ? u8_toupper(u + start, n, NULL, UNINORM_NFKD, NULL, &cased_len)
	              : u8_tolower(u + start, n, NULL, UNINORM_NFKD, NULL, &cased_len);
	if (!cased)
		return NULL;
	/* A Latin replacement is one byte, never more than what it replaces. */
	if (!(out = malloc(cased_len + 1))) {
		free(cased);
		return NULL;
	}
	for (size_t i = 0; i < cased_len;) {
		ucs4_t uc;
		int k = u8_mbtouc(&uc, cased + i, cased_len - i);
		uint32_t to = name_unconfuse(uc);

		if (to != uc)
			out[w++] = (uint8_t)to;
		else {
			memcpy(out + w, cased + i, (size_t)k);
			w += (size_t)k;
		}
		i += (size_t)k;
	}
	free(cased);
	*len = w;
	return out;
}

/* Compares the skeletons of `a` and `b`, in capitals or in small letters. */
static bool name_skeleton_equal(const char *a, const char *b, bool upper)
{
	size_t alen = 0, blen = 0;
	uint8_t *sa = name_skeleton(a, upper, &alen), *sb = name_skeleton(b, upper, &blen);

	return name_equal_free(sa, alen, sb, blen);
}

bool name_lookalike(const char *a, const char *b)
{
	return name_same(a, b) || name_fold_equal(a, b, UNINORM_NFKC) ||
	       name_skeleton_equal(a, b, false) || name_skeleton_equal(a, b, true);
}
