/* escape.c: the terminal and JSON forms of stored text (see escape.h).
 * Both walk the text one code point at a time with utf8_decode, which
 * counts each byte that is not UTF-8 as a code point of its own. */
#include <stdio.h>
#include <string.h>

#include "tend/escape.h"
#include "tend/utf8.h"

/* Where a form is being written: like snprintf, it counts what it would
 * need even past the room it has. */
struct esc_out {
	char *p;
	size_t cap;
	size_t len; /* the whole form so far, written or not */
};

static void esc_add(struct esc_out *o, const char *s, size_t n)
{
	if (o->len < o->cap) {
		size_t room = o->cap - 1 - o->len;

		memcpy(o->p + o->len, s, n < room ? n : room);
	}
	o->len += n;
}

/* "\x" or "\u" and the hex digits of `v`: 2 for a byte, 4 for a
 * character. */
static void esc_hex(struct esc_out *o, char kind, unsigned v)
{
	char buf[8];

	snprintf(buf, sizeof(buf), kind == 'x' ? "\\x%02x" : "\\u%04x", v);
	esc_add(o, buf, kind == 'x' ? 4 : 6);
}

static size_t esc_end(struct esc_out *o)
{
	if (o->cap > 0)
		o->p[o->len < o->cap ? o->len : o->cap - 1] = '\0';
	return o->len;
}

bool escape_is_unsafe(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

/* Whether the `n` bytes at `s`, decoded as `cp`, are a byte that is not
 * UTF-8 (and not a U+FFFD the text really holds). */
static bool not_utf8(const char *s, size_t n, uint32_t cp)
{
	return cp == 0xFFFD && n == 1 && (unsigned char)s[0] >= 0x80;
}

/* escape_term, and with `line` escape_line: there '\n', '\t' and the
 * Unicode line and paragraph separators are shown too. */
static size_t term_form(const char *s, size_t len, bool line, char *out, size_t cap)
{
	struct esc_out o = { out, cap, 0 };

	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = utf8_decode(s + i, len - i, &cp);
		bool keep = line ? !escape_is_unsafe(cp) && cp != 0x2028 && cp != 0x2029
		                 : cp == '\n' || cp == '\t' || !escape_is_unsafe(cp);

		if (not_utf8(s + i, n, cp))
			esc_hex(&o, 'x', (unsigned char)s[i]);
		else if (keep)
			esc_add(&o, s + i, n);
		else
			esc_hex(&o, cp < 0x80 ? 'x' : 'u', cp);
		i += n;
	}
	return esc_end(&o);
}

size_t escape_term(const char *s, size_t len, char *out, size_t cap)
{
	return term_form(s, len, false, out, cap);
}

size_t escape_line(const char *s, size_t len, char *out, size_t cap)
{
	return term_form(s, len, true, out, cap);
}

size_t escape_json(const char *s, size_t len, char *out, size_t cap)
{
	static const char shortcut[][3] = { ['\b'] = "\\b", ['\t'] = "\\t", ['\n'] = "\\n",
	                                    ['\f'] = "\\f", ['\r'] = "\\r" };
	struct esc_out o = { out, cap, 0 };

	esc_add(&o, "\"", 1);
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = utf8_decode(s + i, len - i, &cp);

		if (not_utf8(s + i, n, cp)) {
			esc_add(&o, "\\ufffd", 6);
		} else if (cp == '"' || cp == '\\') {
			esc_add(&o, "\\", 1);
			esc_add(&o, s + i, 1);
		} else if (cp < sizeof(shortcut) / sizeof(shortcut[0]) && shortcut[cp][0]) {
			esc_add(&o, shortcut[cp], 2);
		} else if (escape_is_unsafe(cp) || cp == 0x2028 || cp == 0x2029) {
			esc_hex(&o, 'u', cp);
		} else {
			esc_add(&o, s + i, n);
		}
		i += n;
	}
	esc_add(&o, "\"", 1);
	return esc_end(&o);
}
