/* test_pillar.c: pillar names and keys, and the one status vocabulary. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "tend/pillar.h"
#include "tend/status.h"

static void test_names_and_keys(void **state)
{
	static const char *const names[PILLAR_COUNT] = {
		"Vulnerability", "Active Listening", "Empathy", "Consistent Affirmation",
		"Shared Experiences",
	};
	static const char *const keys[PILLAR_COUNT] = {
		"vulnerability", "listening", "empathy", "affirmation", "shared",
	};
	(void)state;

	for (int p = 0; p < PILLAR_COUNT; p++) {
		assert_string_equal(pillar_name(p), names[p]);
		assert_string_equal(pillar_key(p), keys[p]);
		assert_int_equal(pillar_from_key(keys[p], strlen(keys[p])), p);
	}
	assert_string_equal(pillar_name(PILLAR_COUNT), "?");
	assert_string_equal(pillar_key((enum pillar)-1), "?");
	assert_int_equal(PILLAR_ALL, 0x1f);
}

static void test_from_key(void **state)
{
	(void)state;
	assert_int_equal(pillar_from_key("EMPATHY", 7), PILLAR_EMPATHY);
	assert_int_equal(pillar_from_key("Shared", 6), PILLAR_SHARED);
	/* only the `len` bytes count, and all of them must match */
	assert_int_equal(pillar_from_key("listening steps", 9), PILLAR_LISTENING);
	assert_int_equal(pillar_from_key("listen", 6), -1);
	assert_int_equal(pillar_from_key("listeningx", 10), -1);
	assert_int_equal(pillar_from_key("", 0), -1);
	assert_int_equal(pillar_from_key("any", 3), -1);
}

static void test_every_status_has_a_message(void **state)
{
	(void)state;
	assert_string_equal(tend_strerror(TEND_OK), "ok");
	for (int st = 1; st < TEND_STATUS_COUNT; st++) {
		const char *m = tend_strerror(st);

		assert_non_null(m);
		assert_true(strlen(m) > 5);
		/* one wording each: no two statuses share a message */
		for (int o = 0; o < st; o++)
			assert_string_not_equal(m, tend_strerror(o));
	}
	assert_string_equal(tend_strerror(TEND_STATUS_COUNT), "unknown error");
	assert_string_equal(tend_strerror((enum tend_status)-1), "unknown error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_and_keys),
		cmocka_unit_test(test_from_key),
		cmocka_unit_test(test_every_status_has_a_message),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
