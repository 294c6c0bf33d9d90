/* name.h: partners' names. What makes one usable, the form it is kept in,
 * and when two are the same name or would look the same on the screen.
 * Pure: Unicode rules from libunistring, no terminal, no storage. */
#ifndef TEND_NAME_H
#define TEND_NAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Why a name cannot be used (NAME_OK when it can). */
enum name_problem {
	NAME_OK,
	NAME_EMPTY,        /* nothing but white space */
	NAME_TOO_LONG,     /* does not fit, kept in NFC */
	NAME_NOT_TEXT,     /* not well-formed UTF-8 */
	NAME_CONTROL,      /* a control character or a line break */
	NAME_BIDI,         /* a control that turns the direction of writing */
	NAME_INVISIBLE,    /* an invisible or formatting character (zero width) */
	NAME_DOUBLE_SPACE, /* two spaces (of any kind) in a row */
	NAME_NOMEM,
};

/* Makes the `len` bytes at `s` into the form tend keeps a name in: white
 * space taken off both ends (so " A" and "A " are both "A"), then Unicode
 * NFC. Writes it, NUL-terminated, to `out` (`size` bytes, at most size - 1
 * of name) and returns NAME_OK; or returns why not, with *cp (may be NULL)
 * the character at fault (0 when no one character is). */
enum name_problem name_clean(const char *s, size_t len, char *out, size_t size,
                             uint32_t *cp);

/* Whether names `a` and `b` (NUL-terminated, as typed or as stored by any
 * version, NFC or not) are the same name: equal once white space is off
 * their ends, in NFC and with Unicode case folding ("Zoë" = "ZOË", "Zoë" in
 * NFC = "Zoë" in NFD). False when either is not UTF-8. */
bool name_same(const char *a, const char *b);

/* Whether names `a` and `b` would look the same to a reader: name_same, or
 * equal in NFKC with case folding (full-width letters, ligatures, unusual
 * spaces), or equal once the Cyrillic and Greek letters drawn like Latin
 * ones (Cyrillic а е о р с х у і ј ѕ һ ԁ ԛ ԝ ӏ ү, Greek ο α ν ρ ι κ υ χ ω
 * and the capitals drawn like A B C E H I J K M N O P Q S T W X Y Z) are
 * read as those Latin letters, in small letters or in capitals. Names written
 * otherwise alike in Latin only (l and I, 0 and O, rn and m) and
 * look-alikes from other scripts are not caught. */
bool name_lookalike(const char *a, const char *b);

#endif
