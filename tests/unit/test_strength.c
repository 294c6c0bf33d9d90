/* test_strength.c: passphrase strength (src/core/strength.c): zxcvbn's
 * estimate, the weak line, the hint, and the time in words. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "tend/strength.h"

static const char *const names[] = { "Zo\xc3\xab", "\xc5\x81ukasz", "tend", NULL };

static struct strength judge(const char *p)
{
	struct strength s;

	strength_judge(p, names, &s);
	return s;
}

static void test_weak_ones(void **state)
{
	static const struct { const char *pass; enum strength_hint hint; } cases[] = {
		{ "password", STRENGTH_HINT_COMMON },
		{ "Password1", STRENGTH_HINT_COMMON },
		{ "qwertyuiop", STRENGTH_HINT_COMMON }, /* in zxcvbn's password list */
		{ "Zo\xc3\xab" "2026", STRENGTH_HINT_NAMES },
		{ "asdfghjkl;'", STRENGTH_HINT_KEYBOARD },
		{ "1234567890", STRENGTH_HINT_REPEATS },
		{ "kX9#", STRENGTH_HINT_SHORT },
		{ "2024-05-01", STRENGTH_HINT_DATES },
		{ "aaaaaaaaaaaaaaaa", STRENGTH_HINT_REPEATS },
		{ "ilovemywife", STRENGTH_HINT_COMMON },
		{ "", STRENGTH_HINT_SHORT },
		{ "x", STRENGTH_HINT_SHORT },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct strength s = judge(cases[i].pass);

		if (!s.weak)
			fail_msg("'%s' (%.1f bits) was not called weak", cases[i].pass, s.bits);
		assert_true(s.bits < STRENGTH_WEAK_BITS);
		if (s.hint != cases[i].hint)
			fail_msg("'%s': hint %d, wanted %d", cases[i].pass, s.hint, cases[i].hint);
		assert_true(strlen(strength_hint_text(s.hint)) > 20);
	}
}

static void test_strong_ones(void **state)
{
	static const char *const strong[] = {
		"sunflower meadow at dusk",
		"correct horse battery staple",
		"kX9#mQ2v!Lp7wR4z",
		"Zo\xc3\xab opens with the blue key 3",
		"\xe7\xbe\x8e\xe5\x92\xb2\xe3\x81\xae\xe6\x98\x9f\xe7\xa9\xba passphrase 9",
	};

	(void)state;
	for (size_t i = 0; i < sizeof strong / sizeof strong[0]; i++) {
		struct strength s = judge(strong[i]);

		if (s.weak)
			fail_msg("'%s' (%.1f bits) was called weak", strong[i], s.bits);
		assert_int_equal(s.hint, STRENGTH_HINT_NONE);
		assert_string_equal(strength_hint_text(s.hint), "");
	}
}

/* A name the couple gave weighs nothing; without it, the same word counts
 * as letters. */
static void test_names_count(void **state)
{
	struct strength with, without;
	const char *const none[] = { NULL };

	(void)state;
	strength_judge("\xc5\x81ukasz\xc5\x81ukasz", names, &with);
	strength_judge("\xc5\x81ukasz\xc5\x81ukasz", none, &without);
	assert_true(with.bits < without.bits);
	strength_judge("x", NULL, &without); /* no list at all is fine */
	assert_true(without.weak);
}

/* Longer phrases are stronger: adding a word never lowers the estimate. */
static void test_more_words_more_bits(void **state)
{
	double last = 0;
	const char *phrases[] = { "lantern", "lantern moss", "lantern moss harbour",
	                          "lantern moss harbour violin",
	                          "lantern moss harbour violin quietly" };

	(void)state;
	for (size_t i = 0; i < sizeof phrases / sizeof phrases[0]; i++) {
		struct strength s = judge(phrases[i]);

		assert_true(s.bits > last);
		last = s.bits;
	}
}

static void test_time_in_words(void **state)
{
	char buf[64];

	(void)state;
	strength_time(0, 100, buf, sizeof buf);
	assert_string_equal(buf, "less than a second");
	strength_time(1, 1, buf, sizeof buf); /* half of 2 guesses at 1 a second */
	assert_string_equal(buf, "about 1 second");
	strength_time(log2(2.0 * 100 * 100), 100, buf, sizeof buf);
	assert_string_equal(buf, "about 2 minutes");
	strength_time(log2(2.0 * 3 * 3600 * 100), 100, buf, sizeof buf);
	assert_string_equal(buf, "about 3 hours");
	strength_time(log2(2.0 * 2 * 86400 * 1000), 1000, buf, sizeof buf);
	assert_string_equal(buf, "about 2 days");
	strength_time(log2(2.0 * 40 * 365.25 * 86400 * 10), 10, buf, sizeof buf);
	assert_string_equal(buf, "about 40 years");
	strength_time(100, 100, buf, sizeof buf);
	assert_string_equal(buf, "centuries");
	strength_time(5000, 100, buf, sizeof buf);
	assert_string_equal(buf, "centuries");
	strength_time(10, 0, buf, sizeof buf);
	assert_string_equal(buf, "centuries");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_weak_ones),
		cmocka_unit_test(test_strong_ones),
		cmocka_unit_test(test_names_count),
		cmocka_unit_test(test_more_words_more_bits),
		cmocka_unit_test(test_time_in_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
