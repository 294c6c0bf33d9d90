/* test_strength_missing.c: strength.c built to load a zxcvbn library that
 * does not exist, as on a machine where libzxcvbn0 was removed: tend still
 * starts and takes a passphrase (nothing is judged, nothing is said), and
 * the program itself never links zxcvbn (the library is loaded only when a
 * passphrase is judged, so no other start pays for it). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STRENGTH_LIBRARY "libtend-test-no-such-zxcvbn.so.0"
#include "../../src/core/strength.c"

static void test_missing_library_judges_nothing(void **state)
{
	const char *const names[] = { "Zo\xc3\xab", NULL };
	struct strength s;

	(void)state;
	strength_judge("password", names, &s);
	assert_false(s.weak);
	assert_int_equal(s.hint, STRENGTH_HINT_UNKNOWN);
	assert_true(s.bits == 0);
	assert_string_equal(strength_hint_text(s.hint), "");
	strength_judge("kX9#", NULL, &s); /* asked again: the same, no crash */
	assert_int_equal(s.hint, STRENGTH_HINT_UNKNOWN);
}

/* build/tend names no zxcvbn library it needs (readelf's NEEDED lines). */
static void test_program_does_not_link_zxcvbn(void **state)
{
	const char *bin = getenv("TEND_BIN");
	char cmd[512], line[256];
	FILE *p;
	int needed = 0, zx = 0;

	(void)state;
	if (!bin)
		bin = "build/tend";
	snprintf(cmd, sizeof(cmd), "readelf -d '%s' 2>/dev/null", bin);
	assert_non_null(p = popen(cmd, "r"));
	while (fgets(line, sizeof(line), p)) {
		needed += strstr(line, "(NEEDED)") != NULL;
		zx += strstr(line, "(NEEDED)") && strstr(line, "zxcvbn");
	}
	pclose(p);
	assert_true(needed > 0); /* readelf ran and read it */
	assert_int_equal(zx, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_missing_library_judges_nothing),
		cmocka_unit_test(test_program_does_not_link_zxcvbn),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
