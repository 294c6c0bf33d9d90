/* test_vault_init.c: vault.c built with a prctl(2) the system refuses:
 * vault_init then says the system refused (TEND_ERR_DENIED, "core dumps"
 * in the app's words), not that the encryption library failed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <sys/prctl.h>

static int prctl_fails;

static int test_prctl(int option, unsigned long a, unsigned long b, unsigned long c,
                      unsigned long d)
{
	if (prctl_fails) {
		errno = EPERM;
		return -1;
	}
	return prctl(option, a, b, c, d);
}

#define prctl test_prctl
#include "../../src/vault/vault.c"
#undef prctl

static void test_refused_is_not_crypto(void **state)
{
	(void)state;
	prctl_fails = 1;
	assert_int_equal(vault_init(), TEND_ERR_DENIED);
	prctl_fails = 0;
	assert_int_equal(vault_init(), TEND_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refused_is_not_crypto),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
