/* test_mem.c: growing arrays. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>

#include "tend/mem.h"

static void test_grows_by_doubling(void **state)
{
	int *a = NULL;
	size_t cap = 0, n = 0;
	(void)state;

	for (int i = 0; i < 1000; i++) {
		size_t before = cap;

		assert_int_equal(mem_grow((void **)&a, &cap, n, sizeof(*a)), TEND_OK);
		assert_true(cap > n);
		/* only a full array grows, and then to twice its room (16 first) */
		if (n < before)
			assert_int_equal(cap, before);
		else
			assert_int_equal(cap, before ? 2 * before : 16);
		a[n++] = i;
	}
	for (int i = 0; i < 1000; i++)
		assert_int_equal(a[i], i);
	free(a);
}

static void test_overflow_refused(void **state)
{
	char *a = malloc(16);
	char *keep = a;
	size_t cap = 16;
	(void)state;

	assert_non_null(a);
	/* 32 elements of SIZE_MAX / 20 bytes cannot be counted in a size_t */
	assert_int_equal(mem_grow((void **)&a, &cap, 16, SIZE_MAX / 20), TEND_ERR_NOMEM);
	assert_ptr_equal(a, keep);
	assert_int_equal(cap, 16);
	cap = SIZE_MAX / 2 + 1; /* doubling wraps around */
	assert_int_equal(mem_grow((void **)&a, &cap, cap, 1), TEND_ERR_NOMEM);
	assert_ptr_equal(a, keep);
	free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grows_by_doubling),
		cmocka_unit_test(test_overflow_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
