/* test_utf8.c: validation, decoding, widths and wrapping of UTF-8. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tend/utf8.h"

#define S(lit) (lit), (sizeof(lit) - 1)

static void test_valid_sequences(void **state)
{
	(void)state;
	assert_true(utf8_valid_text(S(""), false));
	assert_true(utf8_valid_text(S("plain ASCII"), false));
	assert_true(utf8_valid_text(S("Zo\xc3\xab"), false));           /* Zoë */
	assert_true(utf8_valid_text(S("\xc5\x81ukasz"), false));        /* Łukasz */
	assert_true(utf8_valid_text(S("\xe7\xbe\x8e\xe5\x92\xb2"), false)); /* 美咲 */
	assert_true(utf8_valid_text(S("\xf0\x9f\x98\x80"), false));     /* 😀 */
	assert_true(utf8_valid_text(S("\xf4\x8f\xbf\xbf"), false));     /* U+10FFFF */
	assert_true(utf8_valid_text(S("\xef\xbf\xbd"), false));         /* U+FFFD */
	assert_true(utf8_valid_text(S("\xed\x9f\xbf"), false));         /* U+D7FF */
	assert_true(utf8_valid_text(S("\xee\x80\x80"), false));         /* U+E000 */
}

static void test_invalid_sequences(void **state)
{
	static const struct {
		const char *s;
		size_t len;
	} bad[] = {
		{ S("\x80") },                 /* lone continuation */
		{ S("a\xbf") },
		{ S("\xc3") },                 /* truncated */
		{ S("\xe7\xbe") },
		{ S("\xf0\x9f\x98") },
		{ S("\xc3\x28") },             /* lead without continuation */
		{ S("\xc0\xaf") },             /* overlong '/' */
		{ S("\xc1\xbf") },
		{ S("\xe0\x80\xaf") },
		{ S("\xe0\x9f\xbf") },         /* overlong U+07FF */
		{ S("\xf0\x80\x80\xaf") },
		{ S("\xf0\x8f\xbf\xbf") },     /* overlong U+FFFF */
		{ S("\xed\xa0\x80") },         /* surrogate U+D800 */
		{ S("\xed\xbf\xbf") },         /* surrogate U+DFFF */
		{ S("\xf4\x90\x80\x80") },     /* U+110000 */
		{ S("\xf5\x80\x80\x80") },
		{ S("\xfe") },
		{ S("\xff") },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_false(utf8_valid_text(bad[i].s, bad[i].len, false));
		assert_false(utf8_valid_text(bad[i].s, bad[i].len, true));
	}
}

static void test_control_characters(void **state)
{
	(void)state;
	assert_false(utf8_valid_text(S("a\tb"), false));
	assert_true(utf8_valid_text(S("a\tb"), true));
	assert_false(utf8_valid_text(S("a\nb"), false));
	assert_true(utf8_valid_text(S("a\nb"), true));
	assert_false(utf8_valid_text(S("a\rb"), true));
	assert_false(utf8_valid_text(S("a\x01"), true));
	assert_false(utf8_valid_text(S("\x1b[2J"), true));
	assert_false(utf8_valid_text(S("a\x7f"), true));
	assert_false(utf8_valid_text(S("a\xc2\x85"), true)); /* C1 NEL */
	assert_false(utf8_valid_text("a\0b", 3, true));
	assert_true(utf8_valid_text(S("a\xc2\xa0"), false)); /* NBSP is fine */
}

static void test_decode(void **state)
{
	uint32_t cp = 0;

	(void)state;
	assert_int_equal(utf8_decode(S("A"), &cp), 1);
	assert_int_equal(cp, 'A');
	assert_int_equal(utf8_decode(S("\xc3\xab!"), &cp), 2);
	assert_int_equal(cp, 0xEB);
	assert_int_equal(utf8_decode(S("\xe7\xbe\x8e"), &cp), 3);
	assert_int_equal(cp, 0x7F8E);
	assert_int_equal(utf8_decode(S("\xf0\x9f\x98\x80"), &cp), 4);
	assert_int_equal(cp, 0x1F600);
	/* Malformed: U+FFFD and one byte. */
	assert_int_equal(utf8_decode(S("\xc0\xaf"), &cp), 1);
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(utf8_decode(S("\xed\xa0\x80"), &cp), 1);
	assert_int_equal(cp, 0xFFFD);
	/* Cut short by len, though more bytes follow in memory. */
	assert_int_equal(utf8_decode("\xe7\xbe\x8e", 2, &cp), 1);
	assert_int_equal(cp, 0xFFFD);
}

static void test_encode(void **state)
{
	static const uint32_t cps[] = { 0, 'a', 0x7F, 0x80, 0xEB, 0x7FF, 0x800, 0x7F8E,
	                                0xD7FF, 0xE000, 0xFFFD, 0xFFFF, 0x10000, 0x1F600,
	                                0x10FFFF };
	char out[4];

	(void)state;
	for (size_t i = 0; i < sizeof(cps) / sizeof(cps[0]); i++) {
		uint32_t back = 0xDEAD;
		size_t n = utf8_encode(cps[i], out);

		assert_true(n >= 1 && n <= 4);
		assert_int_equal(utf8_decode(out, n, &back), n);
		assert_int_equal(back, cps[i]);
	}
	assert_int_equal(utf8_encode(0xEB, out), 2);
	assert_memory_equal(out, "\xc3\xab", 2);
	assert_int_equal(utf8_encode(0xD800, out), 0);
	assert_int_equal(utf8_encode(0xDFFF, out), 0);
	assert_int_equal(utf8_encode(0x110000, out), 0);
}

static void test_prev_next(void **state)
{
	const char s[] = "a\xc3\xab\xe7\xbe\x8e\xf0\x9f\x98\x80z"; /* aë美😀z */
	size_t len = sizeof(s) - 1;
	size_t fwd[] = { 0, 1, 3, 6, 10, 11 };

	(void)state;
	for (size_t i = 0; i + 1 < sizeof(fwd) / sizeof(fwd[0]); i++) {
		assert_int_equal(utf8_next(s, len, fwd[i]), fwd[i + 1]);
		assert_int_equal(utf8_prev(s, fwd[i + 1]), fwd[i]);
	}
	assert_int_equal(utf8_next(s, len, len), len);
	assert_int_equal(utf8_prev(s, 0), 0);
}

/* Walking backwards with utf8_prev meets exactly the boundaries that
 * walking forwards with utf8_next does, even through malformed bytes. */
static void test_prev_agrees_with_next(void **state)
{
	static const char *const texts[] = {
		"a\x80\x80z", "\xc3\xab\xab", "\xf0\xe2\x82\xac", "\xf0\x9f\x98\xc3\xa9",
		"\xe2\x82\xac\x82\xac", "\xed\xa0\x80x", "\xff\xfe\xc3", "\xf0\x9f\x98\x80\x80",
		"Zo\xc3\xab \xe7\xbe\x8e\xe5\x92\xb2", "\xc0\xaf\xe0\x80\xaf",
	};

	(void)state;
	for (size_t t = 0; t < sizeof(texts) / sizeof(texts[0]); t++) {
		const char *s = texts[t];
		size_t len = strlen(s), b[32], n = 0, pos = 0;

		while (pos < len) {
			b[n++] = pos;
			pos = utf8_next(s, len, pos);
		}
		pos = len;
		while (n > 0) {
			pos = utf8_prev(s, pos);
			assert_int_equal(pos, b[--n]);
		}
	}
}

static void test_widths(void **state)
{
	(void)state;
	assert_int_equal(utf8_width(S("Zo\xc3\xab")), 3);          /* Zoë */
	assert_int_equal(utf8_width(S("Zoe\xcc\x88")), 3);        /* Zoë, combining */
	assert_int_equal(utf8_width(S("\xc5\x81ukasz")), 6);       /* Łukasz */
	assert_int_equal(utf8_width(S("\xe7\xbe\x8e\xe5\x92\xb2")), 4); /* 美咲 */
	assert_int_equal(utf8_width(S("\xf0\x9f\x98\x80")), 2);    /* 😀 */
	assert_int_equal(utf8_width(S("")), 0);
	assert_int_equal(utf8_width(S("a\tb")), 2);                /* controls: 0 */
	assert_int_equal(utf8_cp_width('a'), 1);
	assert_int_equal(utf8_cp_width(0x301), 0);
	assert_int_equal(utf8_cp_width(0x7F8E), 2);
	assert_int_equal(utf8_cp_width(0x1F600), 2);
	assert_int_equal(utf8_cp_width('\n'), -1);
	assert_int_equal(utf8_cp_width(0x1B), -1);
	assert_int_equal(utf8_cp_width(0x85), -1);
}

static void test_fit(void **state)
{
	(void)state;
	assert_int_equal(utf8_fit(S("hello"), 3), 3);
	assert_int_equal(utf8_fit(S("hello"), 10), 5);
	assert_int_equal(utf8_fit(S("hello"), 0), 0);
	assert_int_equal(utf8_fit(S("\xe7\xbe\x8e\xe5\x92\xb2"), 3), 3); /* half of 咲 won't do */
	assert_int_equal(utf8_fit(S("\xe7\xbe\x8e\xe5\x92\xb2"), 1), 0);
	assert_int_equal(utf8_fit(S("e\xcc\x81x"), 1), 3);          /* mark stays with e */
	assert_int_equal(utf8_fit(S("Zo\xc3\xab!"), 3), 4);
}

/* Wraps `s` and checks the lines against `want` (NULL-terminated). */
static void check_wrap(const char *s, int cols, const char *const *want)
{
	struct utf8_line lines[32];
	size_t n = utf8_wrap(s, strlen(s), cols, lines, 32);
	size_t i;

	for (i = 0; want[i]; i++) {
		assert_true(i < n);
		assert_int_equal(lines[i].len, strlen(want[i]));
		assert_memory_equal(s + lines[i].start, want[i], lines[i].len);
	}
	assert_int_equal(n, i);
}

static void test_wrap_words(void **state)
{
	(void)state;
	check_wrap("hello world", 20, (const char *[]){ "hello world", NULL });
	check_wrap("hello world", 5, (const char *[]){ "hello", "world", NULL });
	check_wrap("hello world", 8, (const char *[]){ "hello ", "world", NULL });
	check_wrap("one two three four", 8,
	           (const char *[]){ "one two ", "three ", "four", NULL });
	check_wrap("", 10, (const char *[]){ "", NULL });
	check_wrap("a b", 1, (const char *[]){ "a", "b", NULL });
}

static void test_wrap_newlines(void **state)
{
	(void)state;
	check_wrap("a\n\nb", 10, (const char *[]){ "a", "", "b", NULL });
	check_wrap("abc\n", 10, (const char *[]){ "abc", "", NULL });
	check_wrap("\n", 10, (const char *[]){ "", "", NULL });
	check_wrap("hello world\nbye", 5, (const char *[]){ "hello", "world", "bye", NULL });
}

static void test_wrap_long_words(void **state)
{
	(void)state;
	check_wrap("abcdefghij", 4, (const char *[]){ "abcd", "efgh", "ij", NULL });
	check_wrap("hi abcdefghij", 4, (const char *[]){ "hi ", "abcd", "efgh", "ij", NULL });
	check_wrap("abcdefgh xy", 4, (const char *[]){ "abcd", "efgh", "xy", NULL });
	/* Leading spaces are kept, and broken like a word when too wide. */
	check_wrap("  ab", 10, (const char *[]){ "  ab", NULL });
	check_wrap("    abcd", 4, (const char *[]){ "    ", "abcd", NULL });
}

static void test_wrap_wide_and_combining(void **state)
{
	(void)state;
	/* 美咲美咲美: two wide characters fill 4 of 5 columns. */
	check_wrap("\xe7\xbe\x8e\xe5\x92\xb2\xe7\xbe\x8e\xe5\x92\xb2\xe7\xbe\x8e", 5,
	           (const char *[]){ "\xe7\xbe\x8e\xe5\x92\xb2", "\xe7\xbe\x8e\xe5\x92\xb2",
	                             "\xe7\xbe\x8e", NULL });
	/* A wide character in 1 column still makes progress, one a line. */
	check_wrap("\xe7\xbe\x8e\xe5\x92\xb2", 1,
	           (const char *[]){ "\xe7\xbe\x8e", "\xe5\x92\xb2", NULL });
	check_wrap("\xe7\xbe\x8e \xe5\x92\xb2", 1,
	           (const char *[]){ "\xe7\xbe\x8e", "\xe5\x92\xb2", NULL });
	/* Combining marks stay with their letter. */
	check_wrap("e\xcc\x81" "e\xcc\x81" "e\xcc\x81", 2,
	           (const char *[]){ "e\xcc\x81" "e\xcc\x81", "e\xcc\x81", NULL });
	/* Emoji are two columns. */
	check_wrap("ok \xf0\x9f\x98\x80\xf0\x9f\x98\x80", 4,
	           (const char *[]){ "ok ", "\xf0\x9f\x98\x80\xf0\x9f\x98\x80", NULL });
	check_wrap("Zo\xc3\xab and \xc5\x81ukasz", 9,
	           (const char *[]){ "Zo\xc3\xab and ", "\xc5\x81ukasz", NULL });
}

static void test_wrap_trailing_spaces(void **state)
{
	(void)state;
	check_wrap("hello   ", 20, (const char *[]){ "hello   ", NULL });
	check_wrap("hello   ", 6, (const char *[]){ "hello ", NULL });
	check_wrap("hello   ", 5, (const char *[]){ "hello", NULL });
	check_wrap("hi   \nyo", 3, (const char *[]){ "hi ", "yo", NULL });
	check_wrap("   ", 2, (const char *[]){ "  ", NULL });
}

static void test_wrap_counts_beyond_max(void **state)
{
	struct utf8_line lines[2];
	const char *s = "aa bb cc dd";

	(void)state;
	memset(lines, 0xAB, sizeof(lines));
	assert_int_equal(utf8_wrap(s, strlen(s), 2, lines, 2), 4);
	assert_int_equal(lines[0].start, 0);
	assert_int_equal(lines[1].start, 3);
	assert_int_equal(utf8_wrap(s, strlen(s), 2, NULL, 0), 4);
	/* A width below one is treated as one. */
	assert_int_equal(utf8_wrap(S("abc"), 0, NULL, 0), 3);
}

/* For many texts and widths: lines are in order, never overlap, are at most
 * `cols` wide, and every byte that is not a space or '\n' is on a line. */
static void test_wrap_invariants(void **state)
{
	static const char *const texts[] = {
		"The quick brown fox jumps over the lazy dog",
		"Zo\xc3\xab and \xc5\x81ukasz met \xe7\xbe\x8e\xe5\x92\xb2 \xf0\x9f\x98\x80 today",
		"supercalifragilistic  expialidocious\n\n  indented line  \n",
		"\xe7\xbe\x8e\xe5\x92\xb2\xe7\xbe\x8e\xe5\x92\xb2 \xe7\xbe\x8e\xe5\x92\xb2\xe7\xbe\x8e",
		"e\xcc\x81t\xc3\xa9 a\xcc\x8a   x",
	};
	struct utf8_line lines[128];

	(void)state;
	for (size_t t = 0; t < sizeof(texts) / sizeof(texts[0]); t++) {
		const char *s = texts[t];
		size_t len = strlen(s);

		for (int cols = 2; cols <= 30; cols++) {
			size_t n = utf8_wrap(s, len, cols, lines, 128);
			size_t covered = 0;

			assert_true(n >= 1 && n <= 128);
			for (size_t i = 0; i < n; i++) {
				assert_true(lines[i].start + lines[i].len <= len);
				assert_true(utf8_width(s + lines[i].start, lines[i].len) <= cols);
				if (i > 0)
					assert_true(lines[i].start >= lines[i - 1].start + lines[i - 1].len);
				for (size_t b = covered; b < lines[i].start; b++)
					assert_true(s[b] == ' ' || s[b] == '\n');
				covered = lines[i].start + lines[i].len;
			}
			for (size_t b = covered; b < len; b++)
				assert_true(s[b] == ' ' || s[b] == '\n');
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_sequences),
		cmocka_unit_test(test_invalid_sequences),
		cmocka_unit_test(test_control_characters),
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_encode),
		cmocka_unit_test(test_prev_next),
		cmocka_unit_test(test_prev_agrees_with_next),
		cmocka_unit_test(test_widths),
		cmocka_unit_test(test_fit),
		cmocka_unit_test(test_wrap_words),
		cmocka_unit_test(test_wrap_newlines),
		cmocka_unit_test(test_wrap_long_words),
		cmocka_unit_test(test_wrap_wide_and_combining),
		cmocka_unit_test(test_wrap_trailing_spaces),
		cmocka_unit_test(test_wrap_counts_beyond_max),
		cmocka_unit_test(test_wrap_invariants),
	};

	if (!setlocale(LC_ALL, "C.UTF-8"))
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
