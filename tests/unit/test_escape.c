/* test_escape.c: the terminal, one-line and JSON forms of stored text, byte by byte:
 * what is kept, how each kind of control, override and broken byte is
 * shown, and, over every code point and every pair of bytes, that nothing a
 * terminal acts on is left. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "tend/escape.h"
#include "tend/utf8.h"

#define S(lit) (lit), (sizeof(lit) - 1)

typedef size_t form_fn(const char *s, size_t len, char *out, size_t cap);

/* The form made by `form` of `len` bytes at `s` equals `want`, within
 * `max` bytes, and counting alone (no buffer) agrees. */
static void form_is(form_fn *form, size_t max, const char *s, size_t len, const char *want)
{
	char out[512];
	size_t n = form(s, len, out, sizeof(out));

	assert_true(n < sizeof(out));
	assert_int_equal(n, strlen(want));
	assert_string_equal(out, want);
	assert_true(n <= max);
	assert_int_equal(form(s, len, NULL, 0), n);
}

/* The terminal form, and the JSON string, of `len` bytes at `s`. */
static void term_is(const char *s, size_t len, const char *want)
{
	form_is(escape_term, ESCAPE_TERM_MAX(len), s, len, want);
}

static void json_is(const char *s, size_t len, const char *want)
{
	form_is(escape_json, ESCAPE_JSON_MAX(len), s, len, want);
}

static void test_term_keeps_readable_text(void **state)
{
	(void)state;
	term_is(S(""), "");
	term_is(S("plain words, and a \\ backslash"), "plain words, and a \\ backslash");
	term_is(S("Zo\xc3\xab \xc5\x81ukasz \xe7\xbe\x8e\xe5\x92\xb2 \xf0\x9f\x98\x80"),
	        "Zo\xc3\xab \xc5\x81ukasz \xe7\xbe\x8e\xe5\x92\xb2 \xf0\x9f\x98\x80");
	term_is(S("two\nlines\tand a tab\n"), "two\nlines\tand a tab\n");
	term_is(S("\xef\xbf\xbd"), "\xef\xbf\xbd");             /* a real U+FFFD */
	term_is(S("\xc2\xa0\xe2\x80\x8f\xe2\x80\xa9"), "\xc2\xa0\xe2\x80\x8f\xe2\x80\xa9");
	/* U+00A0, U+200F (a mark, not an override) and U+2029 are kept; so are
	 * the neighbours of the overrides and isolates. */
	term_is(S("\xe2\x80\xa9\xe2\x80\xaf\xe2\x81\xa5\xe2\x81\xaa"),
	        "\xe2\x80\xa9\xe2\x80\xaf\xe2\x81\xa5\xe2\x81\xaa");
}

static void test_term_shows_each_control(void **state)
{
	(void)state;
	for (unsigned b = 0; b < 0x20; b++) {
		char in[3] = { 'a', (char)b, 'z' }, want[16];

		if (b == '\n' || b == '\t')
			snprintf(want, sizeof(want), "a%cz", (char)b);
		else
			snprintf(want, sizeof(want), "a\\x%02xz", b);
		term_is(in, 3, want);
	}
	term_is(S("\x7f"), "\\x7f");
	for (uint32_t cp = 0x80; cp < 0xA0; cp++) {
		char in[2] = { (char)(0xC0 | (cp >> 6)), (char)(0x80 | (cp & 0x3F)) }, want[16];

		snprintf(want, sizeof(want), "\\u%04x", (unsigned)cp);
		term_is(in, 2, want);
	}
}

static void test_term_shows_overrides(void **state)
{
	static const uint32_t bidi[] = { 0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
	                                 0x2066, 0x2067, 0x2068, 0x2069 };

	(void)state;
	for (size_t i = 0; i < sizeof(bidi) / sizeof(bidi[0]); i++) {
		char in[4], want[16];
		size_t n = utf8_encode(bidi[i], in);

		snprintf(want, sizeof(want), "\\u%04x", (unsigned)bidi[i]);
		term_is(in, n, want);
		assert_true(escape_is_unsafe(bidi[i]));
	}
	/* "evil" read back to front by the terminal: shown as it is stored. */
	term_is(S("abc\xe2\x80\xaeLIVE\xe2\x80\xac"), "abc\\u202eLIVE\\u202c");
}

static void test_term_shows_broken_bytes(void **state)
{
	(void)state;
	term_is(S("\x80"), "\\x80");
	term_is(S("\xff\xfe"), "\\xff\\xfe");
	term_is(S("\x9b"), "\\x9b");                     /* a raw 8-bit CSI */
	term_is(S("ok\xe2\x80"), "ok\\xe2\\x80");         /* cut short at the end */
	term_is(S("\xc3\x28"), "\\xc3(");                 /* a lead without its tail */
	term_is(S("\xc0\xaf"), "\\xc0\\xaf");             /* overlong '/' */
	term_is(S("\xed\xa0\x80"), "\\xed\\xa0\\x80");     /* a surrogate */
	term_is(S("\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80"); /* above U+10FFFF */
	term_is(S("a\0b"), "a\\x00b");                    /* a NUL is a byte like any */
}

static void test_term_the_attacks_seen(void **state)
{
	(void)state;
	/* The name that set the terminal's title during `tend stats`. */
	term_is(S("Al\x1b]2;TITLE\x07ice"), "Al\\x1b]2;TITLE\\x07ice");
	/* OSC 52 (a clipboard write), SGR, OSC 0, C1 CSI, a bare CR, backspace. */
	term_is(S("\x1b]52;c;SGVsbG8=\x07"), "\\x1b]52;c;SGVsbG8=\\x07");
	term_is(S("\x1b[31mred\x1b[0m"), "\\x1b[31mred\\x1b[0m");
	term_is(S("\x1b]0;t\x1b\\"), "\\x1b]0;t\\x1b\\");
	term_is(S("\xc2\x9b" "2J"), "\\u009b2J");
	term_is(S("paid\rowed"), "paid\\x0dowed");
	term_is(S("yes\b\b\bno"), "yes\\x08\\x08\\x08no");
	term_is(S("\x1bP1$r\x1b\\"), "\\x1bP1$r\\x1b\\");  /* DCS */
}

static void test_term_cut_short_like_snprintf(void **state)
{
	char out[8];

	(void)state;
	memset(out, 'Q', sizeof(out));
	assert_int_equal(escape_term(S("ab\x1b" "cd"), out, 5), 8);
	assert_string_equal(out, "ab\\x");
	assert_int_equal(out[5], 'Q');                   /* nothing past cap */
	assert_int_equal(escape_term(S("abc"), out, 1), 3);
	assert_string_equal(out, "");
	assert_int_equal(escape_json(S("a\n"), out, 4), 5);
	assert_string_equal(out, "\"a\\");
}

/* Whether `s` (NUL-terminated) is text a terminal only shows: valid UTF-8
 * with nothing unsafe in it, but '\n' and '\t' when `newlines`. */
static bool shows_only(const char *s, bool newlines)
{
	size_t len = strlen(s);

	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = utf8_decode(s + i, len - i, &cp);

		if (cp == 0xFFFD && n == 1)
			return false;
		if (escape_is_unsafe(cp) && !(newlines && (cp == '\n' || cp == '\t')))
			return false;
		i += n;
	}
	return true;
}

static void test_every_code_point(void **state)
{
	(void)state;
	for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
		char in[4], t[32], j[32];
		size_t n = utf8_encode(cp, in), tn, jn;

		if (n == 0)
			continue; /* a surrogate */
		tn = escape_term(in, n, t, sizeof(t));
		jn = escape_json(in, n, j, sizeof(j));
		assert_true(tn <= ESCAPE_TERM_MAX(n) && jn <= ESCAPE_JSON_MAX(n));
		assert_true(shows_only(t, true));
		assert_true(shows_only(j, false));
		/* Kept exactly when it is safe; '\n' and '\t' too on a terminal. */
		if (!escape_is_unsafe(cp) || cp == '\n' || cp == '\t')
			assert_memory_equal(t, in, n);
		else
			assert_int_equal(t[0], '\\');
	}
}

static void test_every_pair_of_bytes(void **state)
{
	(void)state;
	for (unsigned a = 0; a < 256; a++) {
		for (unsigned b = 0; b < 256; b++) {
			char in[2] = { (char)a, (char)b }, t[32], j[32];
			size_t tn = escape_term(in, 2, t, sizeof(t));
			size_t jn = escape_json(in, 2, j, sizeof(j));

			assert_true(tn <= ESCAPE_TERM_MAX(2) && jn <= ESCAPE_JSON_MAX(2));
			assert_int_equal(strlen(t), tn); /* no NUL inside */
			assert_true(shows_only(t, true));
			assert_true(shows_only(j, false));
		}
	}
}

static void line_is(const char *s, size_t len, const char *want)
{
	form_is(escape_line, ESCAPE_TERM_MAX(len), s, len, want);
}

/* The one-line form: the terminal form, with line ends and tabs shown too. */
static void test_line_is_one_line(void **state)
{
	(void)state;
	line_is(S("Zo\xc3\xab & \xe7\xbe\x8e\xe5\x92\xb2"), "Zo\xc3\xab & \xe7\xbe\x8e\xe5\x92\xb2");
	line_is(S("two\nlines\tand a tab\r\n"), "two\\x0alines\\x09and a tab\\x0d\\x0a");
	line_is(S("a\xe2\x80\xa8" "b\xe2\x80\xa9" "c"), "a\\u2028b\\u2029c");
	line_is(S("Al\x1b]2;TITLE\x07ice"), "Al\\x1b]2;TITLE\\x07ice");
	line_is(S("\xc2\x85\xe2\x80\xae\xff"), "\\u0085\\u202e\\xff");
	line_is(S("\xe2\x80\xa7\xe2\x80\xaf"), "\xe2\x80\xa7\xe2\x80\xaf"); /* neighbours kept */
	/* Over every code point: kept exactly when safe and not a line end. */
	for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
		char in[4], t[32];
		size_t n = utf8_encode(cp, in);

		if (n == 0)
			continue;
		assert_true(escape_line(in, n, t, sizeof(t)) <= ESCAPE_TERM_MAX(n));
		assert_true(shows_only(t, false));
		if (!escape_is_unsafe(cp) && cp != 0x2028 && cp != 0x2029)
			assert_memory_equal(t, in, n);
		else
			assert_int_equal(t[0], '\\');
	}
}

static void test_json_escapes(void **state)
{
	(void)state;
	json_is(S(""), "\"\"");
	json_is(S("Zo\xc3\xab \xe7\xbe\x8e\xe5\x92\xb2"), "\"Zo\xc3\xab \xe7\xbe\x8e\xe5\x92\xb2\"");
	json_is(S("say \"hi\" \\ back"), "\"say \\\"hi\\\" \\\\ back\"");
	json_is(S("\b\t\n\f\r"), "\"\\b\\t\\n\\f\\r\"");
	json_is(S("\x00\x01\x1b\x1f"), "\"\\u0000\\u0001\\u001b\\u001f\"");
	json_is(S("\x7f\xc2\x80\xc2\x9b\xc2\x9f"), "\"\\u007f\\u0080\\u009b\\u009f\"");
	json_is(S("\xe2\x80\xa8\xe2\x80\xa9\xe2\x80\xae\xe2\x81\xa6"),
	        "\"\\u2028\\u2029\\u202e\\u2066\"");
	json_is(S("\xff" "a\xe2\x80"), "\"\\ufffda\\ufffd\\ufffd\"");
	json_is(S("\xef\xbf\xbd"), "\"\xef\xbf\xbd\"");   /* a real U+FFFD stays */
	json_is(S("Al\x1b]2;TITLE\x07ice"), "\"Al\\u001b]2;TITLE\\u0007ice\"");
	json_is(S("/ <"), "\"/ <\"");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_term_keeps_readable_text),
		cmocka_unit_test(test_term_shows_each_control),
		cmocka_unit_test(test_term_shows_overrides),
		cmocka_unit_test(test_term_shows_broken_bytes),
		cmocka_unit_test(test_term_the_attacks_seen),
		cmocka_unit_test(test_term_cut_short_like_snprintf),
		cmocka_unit_test(test_every_code_point),
		cmocka_unit_test(test_every_pair_of_bytes),
		cmocka_unit_test(test_line_is_one_line),
		cmocka_unit_test(test_json_escapes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
