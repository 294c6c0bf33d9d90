/* strength.h: how hard a passphrase would be to guess, from zxcvbn's
 * estimate (zxcvbn-c), and what would make it harder. Pure: no clock, no
 * terminal, no storage; the passphrase is only read. */
#ifndef TEND_STRENGTH_H
#define TEND_STRENGTH_H

#include <stdbool.h>
#include <stddef.h>

/* Below 2^35 estimated guesses a passphrase is called weak: at the hundred
 * guesses a second a strong graphics card makes against tend's default key
 * derivation, half of them take under six years. */
#define STRENGTH_WEAK_BITS 35.0

/* What made a weak passphrase easy to guess, most telling first. */
enum strength_hint {
	STRENGTH_HINT_NONE,     /* not weak */
	STRENGTH_HINT_NAMES,    /* one of the names given (the couple's, "tend") */
	STRENGTH_HINT_DATES,    /* a date or a year */
	STRENGTH_HINT_KEYBOARD, /* a row of keys: qwerty, asdf */
	STRENGTH_HINT_REPEATS,  /* repeats and runs: aaaa, 1234, abcabc */
	STRENGTH_HINT_COMMON,   /* common words and passwords */
	STRENGTH_HINT_SHORT,    /* simply too short */
	STRENGTH_HINT_UNKNOWN,  /* not judged: zxcvbn's library could not be loaded */
};

/* The library zxcvbn is loaded from, when a passphrase is first judged. */
#ifndef STRENGTH_LIBRARY
#define STRENGTH_LIBRARY "libzxcvbn.so.0"
#endif

struct strength {
	double bits;            /* log2 of the guesses zxcvbn estimates */
	bool weak;              /* bits < STRENGTH_WEAK_BITS */
	enum strength_hint hint;
};

/* Judges NUL-terminated `pass`; `words` (NULL-ended, may be NULL) are
 * words an attacker would try first: the partners' names. Without zxcvbn's
 * library nothing is judged: not weak, bits 0, hint STRENGTH_HINT_UNKNOWN. */
void strength_judge(const char *pass, const char *const *words, struct strength *out);
/* A sentence for `hint` that says what would help; "" for none. */
const char *strength_hint_text(enum strength_hint hint);
/* How long trying half of 2^bits guesses takes at `per_second`, in words:
 * "less than a second", "about 3 hours", "about 40 years", "centuries". */
void strength_time(double bits, double per_second, char *buf, size_t size);

#endif
