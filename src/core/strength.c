/* strength.c: passphrase strength from zxcvbn-c's estimate. zxcvbn finds
 * the cheapest way to build the passphrase from dictionary words, names,
 * dates, keyboard rows, repeats and brute force, and returns the entropy
 * of that way in bits; its list of matches says which of those it used. */
#include <dlfcn.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <zxcvbn.h>

#include "tend/strength.h"

/* zxcvbn's two calls, from the library loaded the first time a passphrase
 * is judged. Linked in, its library and dictionary would cost every start
 * of tend a mapping and relocations (every `tend write`, every shell
 * prompt's `tend status`) for what only a new passphrase uses. */
static double (*zx_match)(const char *, const char *[], ZxcMatch_t **);
static void (*zx_free)(ZxcMatch_t *);

static bool zx_load(void)
{
	static bool tried;
	void *h;

	if (tried)
		return zx_match && zx_free;
	tried = true;
	if (!(h = dlopen(STRENGTH_LIBRARY, RTLD_NOW | RTLD_LOCAL)))
		return false;
	/* POSIX's way from dlsym's object pointer to a function pointer. */
	*(void **)&zx_match = dlsym(h, "ZxcvbnMatch");
	*(void **)&zx_free = dlsym(h, "ZxcvbnFreeInfo");
	return zx_match && zx_free;
}

/* The hint of one match type; its place in enum strength_hint is its
 * priority (a smaller value tells more). */
static enum strength_hint hint_of(int type)
{
	if (type >= MULTIPLE_MATCH) /* a part repeated */
		return STRENGTH_HINT_REPEATS;
	switch (type) {
	case USER_MATCH:
	case USER_LEET_MATCH:
		return STRENGTH_HINT_NAMES;
	case DATE_MATCH:
	case YEAR_MATCH:
		return STRENGTH_HINT_DATES;
	case SPATIAL_MATCH:
		return STRENGTH_HINT_KEYBOARD;
	case REPEATS_MATCH:
	case SEQUENCE_MATCH:
		return STRENGTH_HINT_REPEATS;
	case DICTIONARY_MATCH:
	case DICT_LEET_MATCH:
		return STRENGTH_HINT_COMMON;
	default:
		return STRENGTH_HINT_NONE;
	}
}

void strength_judge(const char *pass, const char *const *words, struct strength *out)
{
	ZxcMatch_t *info = NULL;
	enum strength_hint best = STRENGTH_HINT_NONE;

	memset(out, 0, sizeof(*out));
	if (!pass)
		pass = "";
	if (!zx_load()) {
		/* Not judged: tend takes the passphrase as a tend without the
		 * estimate would (Debian installs the library with tend's). */
		out->hint = STRENGTH_HINT_UNKNOWN;
		return;
	}
	/* zxcvbn takes a non-const list it only reads. */
	out->bits = zx_match(pass, (const char **)words, &info);
	for (ZxcMatch_t *m = info; m; m = m->Next) {
		enum strength_hint h = hint_of(m->Type);

		if (h != STRENGTH_HINT_NONE && (best == STRENGTH_HINT_NONE || h < best))
			best = h;
	}
	zx_free(info);
	out->weak = !(out->bits >= STRENGTH_WEAK_BITS);
	if (!out->weak)
		out->hint = STRENGTH_HINT_NONE;
	else if (best != STRENGTH_HINT_NONE)
		out->hint = best;
	else
		out->hint = STRENGTH_HINT_SHORT; /* nothing but brute force: too few */
}

const char *strength_hint_text(enum strength_hint hint)
{
	switch (hint) {
	case STRENGTH_HINT_NAMES:
		return "Your names are among the first things anyone would try.";
	case STRENGTH_HINT_DATES:
		return "Dates and years are easy to guess: birthdays and anniversaries most of all.";
	case STRENGTH_HINT_KEYBOARD:
		return "Rows of keys like qwerty or asdf are tried early.";
	case STRENGTH_HINT_REPEATS:
		return "Repeats and runs like aaaa or 1234 add almost nothing.";
	case STRENGTH_HINT_COMMON:
		return "Common words and passwords are tried first; a few unrelated words "
		       "together are both strong and easy to remember.";
	case STRENGTH_HINT_SHORT:
		return "Longer is stronger: four or five words that have nothing to do with "
		       "each other make a good passphrase.";
	case STRENGTH_HINT_UNKNOWN:
	case STRENGTH_HINT_NONE:
		break;
	}
	return "";
}

void strength_time(double bits, double per_second, char *buf, size_t size)
{
	static const struct { double secs; const char *one, *many; } units[] = {
		{ 365.25 * 86400, "year", "years" }, { 30.44 * 86400, "month", "months" },
		{ 86400, "day", "days" }, { 3600, "hour", "hours" }, { 60, "minute", "minutes" },
		{ 1, "second", "seconds" },
	};
	double secs = per_second > 0 && bits < 1000 ? pow(2.0, bits) / 2 / per_second : INFINITY;

	if (!(secs >= 1)) {
		snprintf(buf, size, "less than a second");
		return;
	}
	if (secs >= 1000 * units[0].secs) {
		snprintf(buf, size, "centuries");
		return;
	}
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (secs >= units[i].secs) {
			long n = lround(secs / units[i].secs);

			snprintf(buf, size, "about %ld %s", n, n == 1 ? units[i].one : units[i].many);
			return;
		}
	}
}
