/* utf8.h: the little UTF-8 tend needs, with display widths from wcwidth(3)
 * (the locale must be a UTF-8 one). Pure. */
#ifndef TEND_UTF8_H
#define TEND_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True when the `len` bytes at `s` are well-formed UTF-8 (no overlongs, no
 * surrogates, nothing above U+10FFFF) and contain no control characters
 * other than '\n' and '\t' when `multiline`, none at all otherwise. */
bool utf8_valid_text(const char *s, size_t len, bool multiline);
/* Decodes one code point at `s` (`len` > 0 bytes available) into `*cp`;
 * returns the bytes used. Malformed input yields U+FFFD and 1. */
size_t utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Encodes `cp` into out (4 bytes room); returns the bytes written (0 if cp
 * is not a Unicode scalar value). */
size_t utf8_encode(uint32_t cp, char out[4]);
/* Byte offset of the code point before / after `pos` in `s` of `len`. */
size_t utf8_prev(const char *s, size_t pos);
size_t utf8_next(const char *s, size_t len, size_t pos);
/* Terminal columns of `cp` (0 for combining marks, 2 for wide; -1 control). */
int utf8_cp_width(uint32_t cp);
/* Terminal columns of the `len` bytes at `s` (controls count 0). */
int utf8_width(const char *s, size_t len);
/* Byte length of the longest prefix of `s` that fits in `cols` columns. */
size_t utf8_fit(const char *s, size_t len, int cols);

/* One line of wrapped text: bytes [start, start+len) of the source. */
struct utf8_line {
	size_t start;
	size_t len;
};
/* Wraps `s` into lines of at most `cols` columns, breaking at spaces where
 * it can and inside a word only when the word alone is too wide; '\n' ends
 * a line. Fills up to `max` lines and returns how many lines the whole text
 * needs (which may be more than `max`). An empty text is one empty line.
 * A line keeps the spaces after its last word that still fit; the spaces
 * past the width and each '\n' belong to no line. `lines` may be NULL when
 * `max` is 0, to count. */
size_t utf8_wrap(const char *s, size_t len, int cols,
                 struct utf8_line *lines, size_t max);

#endif
