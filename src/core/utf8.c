/* utf8.c: decoding, validation, display widths and word wrapping of UTF-8.
 * Widths come from wcwidth(3), so they agree with what ncursesw draws; the
 * locale must be a UTF-8 one (tend calls setlocale(LC_ALL, "")). */
#include <limits.h>
#include <wchar.h>

#include "tend/utf8.h"

#define UTF8_REPLACEMENT 0xFFFDu

/* True for the C0 and C1 control characters and DEL. */
static bool utf8_is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp < 0xA0);
}

/* Decodes one well-formed sequence at `s`; returns its length, or 0 when
 * the bytes are malformed, overlong, a surrogate, beyond U+10FFFF or cut
 * short by `len`. */
static size_t utf8_decode_strict(const unsigned char *s, size_t len, uint32_t *cp)
{
	unsigned char b = s[0];
	size_t need;
	uint32_t v, min;

	if (b < 0x80) {
		*cp = b;
		return 1;
	}
	if (b >= 0xC2 && b <= 0xDF) {
		need = 2;
		v = b & 0x1Fu;
		min = 0x80;
	} else if (b >= 0xE0 && b <= 0xEF) {
		need = 3;
		v = b & 0x0Fu;
		min = 0x800;
	} else if (b >= 0xF0 && b <= 0xF4) {
		need = 4;
		v = b & 0x07u;
		min = 0x10000;
	} else {
		return 0; /* a continuation byte, C0/C1 overlong lead, or F5..FF */
	}
	if (len < need)
		return 0;
	for (size_t i = 1; i < need; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3Fu);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return need;
}

/* Walks the text strictly; any malformed sequence or disallowed control
 * character makes it invalid. */
bool utf8_valid_text(const char *s, size_t len, bool multiline)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		uint32_t cp;
		size_t n = utf8_decode_strict(u + i, len - i, &cp);

		if (n == 0)
			return false;
		if (utf8_is_control(cp) && !(multiline && (cp == '\n' || cp == '\t')))
			return false;
		i += n;
	}
	return true;
}

/* Lenient decoding: a malformed byte counts as one U+FFFD, so every byte
 * belongs to exactly one code point. */
size_t utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	size_t n;

	if (len == 0) {
		*cp = UTF8_REPLACEMENT;
		return 0;
	}
	n = utf8_decode_strict((const unsigned char *)s, len, cp);
	if (n == 0) {
		*cp = UTF8_REPLACEMENT;
		return 1;
	}
	return n;
}

/* Standard UTF-8 encoding of a scalar value; surrogates and values above
 * U+10FFFF give 0. */
size_t utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp >= 0xD800 && cp <= 0xDFFF)
		return 0;
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	if (cp <= 0x10FFFF) {
		out[0] = (char)(0xF0 | (cp >> 18));
		out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[3] = (char)(0x80 | (cp & 0x3F));
		return 4;
	}
	return 0;
}

/* Steps back to the start of the code point that ends at `pos`, agreeing
 * with utf8_decode: a malformed byte is a code point of its own. */
size_t utf8_prev(const char *s, size_t pos)
{
	if (pos == 0)
		return 0;
	for (size_t back = 2; back <= 4 && back <= pos; back++) {
		uint32_t cp;
		size_t start = pos - back;

		if (((unsigned char)s[pos - back + 1] & 0xC0) != 0x80)
			break; /* the byte after `start` is no continuation */
		if (utf8_decode_strict((const unsigned char *)s + start, back, &cp) == back)
			return start;
	}
	return pos - 1;
}

/* The offset just past the code point at `pos` (`len` at the end). */
size_t utf8_next(const char *s, size_t len, size_t pos)
{
	uint32_t cp;

	if (pos >= len)
		return len;
	return pos + utf8_decode(s + pos, len - pos, &cp);
}

/* Columns of one code point, as wcwidth(3) says, never -1 for a printable
 * character the locale does not know. */
int utf8_cp_width(uint32_t cp)
{
	int w;

	if (utf8_is_control(cp))
		return -1;
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 1; /* shown as a replacement character */
	w = wcwidth((wchar_t)cp);
	/* Unassigned or unprintable in this locale: the terminal still shows
	 * something one cell wide. */
	return w < 0 ? 1 : w;
}

/* Width of `cp` for layout: controls take no room. */
static int utf8_layout_width(uint32_t cp)
{
	int w = utf8_cp_width(cp);

	return w < 0 ? 0 : w;
}

/* Sum of the code points' widths, saturating at INT_MAX. */
int utf8_width(const char *s, size_t len)
{
	size_t i = 0;
	int total = 0;

	while (i < len) {
		uint32_t cp;
		int w;

		i += utf8_decode(s + i, len - i, &cp);
		w = utf8_layout_width(cp);
		if (total > INT_MAX - w)
			return INT_MAX;
		total += w;
	}
	return total;
}

/* Takes code points while they fit, zero-width ones included, so a mark
 * is never split from its letter at the end. */
size_t utf8_fit(const char *s, size_t len, int cols)
{
	size_t i = 0;
	int used = 0;

	while (i < len) {
		uint32_t cp;
		size_t n = utf8_decode(s + i, len - i, &cp);
		int w = utf8_layout_width(cp);

		if (w > cols - used)
			break;
		used += w;
		i += n;
	}
	return i;
}

/* The lines being built by utf8_wrap. */
struct wrap_out {
	struct utf8_line *lines; /* borrowed; room for max */
	size_t max;
	size_t n;                /* lines needed so far (may exceed max) */
};

static void wrap_emit(struct wrap_out *o, size_t start, size_t len)
{
	if (o->n < o->max) {
		o->lines[o->n].start = start;
		o->lines[o->n].len = len;
	}
	o->n++;
}

/* Bytes of the first code point at `s` with the zero-width ones after it:
 * what a line must hold at least, however narrow. */
static size_t wrap_one_cluster(const char *s, size_t len)
{
	uint32_t cp;
	size_t i = utf8_decode(s, len, &cp);

	while (i < len) {
		size_t n = utf8_decode(s + i, len - i, &cp);

		if (utf8_layout_width(cp) != 0)
			break;
		i += n;
	}
	return i;
}

/* Emits full lines of the too-wide run [*start, end) and leaves in *start
 * the beginning of the last piece, never empty, which stays on the open
 * line (wider than `cols` only when it is one character wider than that). */
static void wrap_chop(struct wrap_out *o, const char *s, size_t *start, size_t end, int cols)
{
	while (utf8_width(s + *start, end - *start) > cols) {
		size_t k = utf8_fit(s + *start, end - *start, cols);

		if (k == 0)
			k = wrap_one_cluster(s + *start, end - *start);
		if (k >= end - *start)
			break;
		wrap_emit(o, *start, k);
		*start += k;
	}
}

/* Wraps the paragraph [a, b), which holds no '\n', into at least one line.
 * A line keeps the spaces after its last word that still fit; spaces past
 * the width belong to no line. */
static void wrap_paragraph(struct wrap_out *o, const char *s, size_t a, size_t b, int cols)
{
	size_t start = a; /* the open line's first byte */
	size_t lend = a;  /* end of what the open line holds */
	int w = 0;        /* its width */
	size_t i = a;

	while (i < b) {
		size_t sp = i, ws;
		int spw, ww;

		while (i < b && s[i] == ' ')
			i++;
		spw = (int)(i - sp < (size_t)INT_MAX ? i - sp : INT_MAX);
		if (i == b) { /* trailing spaces: keep those that fit */
			size_t room = w < cols ? (size_t)(cols - w) : 0;

			lend = sp + (i - sp < room ? i - sp : room);
			break;
		}
		ws = i;
		while (i < b && s[i] != ' ')
			i++;
		ww = utf8_width(s + ws, i - ws);
		if (ww <= cols - w && spw <= cols - w - ww) {
			lend = i;
			w += spw + ww;
			continue;
		}
		if (lend > start) {
			/* Close the open line after the spaces that fit. */
			size_t room = w < cols ? (size_t)(cols - w) : 0;
			size_t nsp = ws - sp;

			wrap_emit(o, start, sp + (nsp < room ? nsp : room) - start);
			start = ws;
		}
		/* `start` begins an empty line: the word (with the paragraph's
		 * leading spaces, if that is where we are) alone. */
		wrap_chop(o, s, &start, i, cols);
		lend = i;
		w = utf8_width(s + start, i - start);
	}
	wrap_emit(o, start, lend - start);
}

/* Splits the text at '\n' and wraps each paragraph on its own. */
size_t utf8_wrap(const char *s, size_t len, int cols,
                 struct utf8_line *lines, size_t max)
{
	struct wrap_out o = { lines, lines ? max : 0, 0 };
	size_t para = 0;

	if (cols < 1)
		cols = 1;
	for (;;) {
		size_t end = para;

		while (end < len && s[end] != '\n')
			end++;
		wrap_paragraph(&o, s, para, end, cols);
		if (end >= len)
			break;
		para = end + 1;
	}
	return o.n;
}
