/* test_vault_arena.c: the locked arena behind vault_secure_alloc
 * (src/vault/arena.c): blocks are usable and apart, wiped when freed and
 * reused, tens of thousands cost a few regions and mappings, the size
 * limits hold, a double free stops the program, and a lock that fails is
 * told (vault_memlock) while the memory still works. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <linux/capability.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tend/status.h"
#include "tend/vault.h"
#include "../../src/vault/vault_internal.h"

static int setup(void **state)
{
	(void)state;
	return vault_init() == TEND_OK ? 0 : -1;
}

/* Lines of /proc/self/maps: the process's mappings. */
static size_t mappings(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	size_t n = 0;
	int c;

	assert_non_null(f);
	while ((c = fgetc(f)) != EOF)
		n += c == '\n';
	fclose(f);
	return n;
}

static void test_blocks_are_usable_and_apart(void **state)
{
	static const size_t sizes[] = { 0, 1, 15, 16, 17, 100, 1000, 4096, VAULT_ARENA_MAX_BLOCK,
	                                VAULT_ARENA_MAX_BLOCK + 1, 100000 };
	unsigned char *p[sizeof(sizes) / sizeof(sizes[0])];
	struct vault_arena_stats before, after;

	(void)state;
	vault_arena_stats(&before);
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		p[i] = vault_secure_alloc(sizes[i]);
		assert_non_null(p[i]);
		assert_int_equal((uintptr_t)p[i] % 16, 0);
		memset(p[i], (int)(i + 1), sizes[i]);
	}
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		for (size_t j = 0; j < sizes[i]; j++)
			assert_int_equal(p[i][j], i + 1); /* no block wrote over another */
	vault_arena_stats(&after);
	assert_int_equal(after.blocks, before.blocks + sizeof(sizes) / sizeof(sizes[0]));
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		vault_secure_free(p[i]);
	vault_arena_stats(&after);
	assert_int_equal(after.blocks, before.blocks);
	vault_secure_free(NULL);
}

/* A freed block is all zeros (but for the free list's pointer at its start)
 * and the next block of its size is the same memory. */
static void test_wiped_and_reused(void **state)
{
	volatile unsigned char *p, *q;

	(void)state;
	p = vault_secure_alloc(200);
	assert_non_null(p);
	memset((void *)p, 'S', 200);
	vault_secure_free((void *)p);
	for (size_t i = sizeof(void *); i < 200; i++)
		assert_int_equal(p[i], 0); /* the region stays mapped: readable */
	q = vault_secure_alloc(190); /* the same class */
	assert_ptr_equal(q, p);
	vault_secure_free((void *)q);
}

/* 20,000 entries' worth: a few regions and a few new mappings, where a
 * sodium_malloc each took about four mappings (80,000, beyond the
 * kernel's default 65,530). */
static void test_many_blocks_few_mappings(void **state)
{
	enum { N = 20000 };
	char **p = calloc(N, sizeof(*p));
	size_t maps_before = mappings(), maps_after;
	struct vault_arena_stats st;

	(void)state;
	assert_non_null(p);
	for (size_t i = 0; i < N; i++) {
		size_t n = 40 + (i * 37) % 400;

		p[i] = vault_secure_alloc(n);
		assert_non_null(p[i]);
		snprintf(p[i], n, "entry %zu", i);
	}
	maps_after = mappings();
	vault_arena_stats(&st);
	assert_true(st.regions <= 10);
	assert_true(maps_after < maps_before + 50);
	for (size_t i = 0; i < N; i++) {
		char want[32];

		snprintf(want, sizeof(want), "entry %zu", i);
		assert_string_equal(p[i], want);
		vault_secure_free(p[i]);
	}
	vault_arena_stats(&st);
	assert_int_equal(st.blocks, 0);
	free(p);
}

static void test_limits(void **state)
{
	struct vault_arena_stats a, b;
	void *p;

	(void)state;
	assert_null(vault_secure_alloc(SIZE_MAX));
	assert_null(vault_secure_alloc(SIZE_MAX - 15));
	assert_null(vault_secure_alloc(VAULT_MAX_ALLOC + 1));
	/* The largest small block comes from a region; one byte more does not. */
	vault_arena_stats(&a);
	p = vault_secure_alloc(VAULT_ARENA_MAX_BLOCK + 1);
	assert_non_null(p);
	vault_arena_stats(&b);
	assert_int_equal(b.region_bytes, a.region_bytes);
	vault_secure_free(p);
}

/* Runs fn in a child; returns how the child ended (waitpid's status). */
static int in_child(void (*fn)(void))
{
	pid_t pid = fork();
	int ws = 0;

	assert_true(pid >= 0);
	if (pid == 0) {
		fn();
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &ws, 0), pid);
	return ws;
}

static void free_twice(void)
{
	void *p = vault_secure_alloc(50);

	vault_secure_free(p);
	vault_secure_free(p);
}

static void test_double_free_aborts(void **state)
{
	int ws = in_child(free_twice);

	(void)state;
	assert_true(WIFSIGNALED(ws));
	assert_int_equal(WTERMSIG(ws), SIGABRT);
}

/* In the child: without CAP_IPC_LOCK (root has it; it lifts the limit)
 * and with RLIMIT_MEMLOCK at 64 KiB, as on many machines. Exit status:
 * 0 when every check held, else the number of the one that did not. */
static void low_limit(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];
	struct rlimit rl = { 64 * 1024, 64 * 1024 };
	struct vault_memlock m;
	struct vault_arena_stats st;
	static char *p[4096];
	size_t regions, n = 0;

	if (syscall(SYS_capget, &h, d) != 0)
		_exit(10);
	d[0].effective &= ~(1u << CAP_IPC_LOCK);
	if (syscall(SYS_capset, &h, d) != 0 || setrlimit(RLIMIT_MEMLOCK, &rl) != 0)
		_exit(11);
	vault_memlock(&m);
	if (m.failed || !m.near || m.limit != 64 * 1024)
		_exit(1); /* nothing failed yet, but the limit is near */
	/* Blocks of 8 KiB until a new region is needed (memory locks are not
	 * inherited, but the regions are): it cannot be locked. */
	vault_arena_stats(&st);
	regions = st.regions;
	while (st.regions == regions) {
		if (n == 4096 || (p[n] = vault_secure_alloc(8000)) == NULL)
			_exit(2); /* the memory is given all the same */
		memset(p[n++], 'x', 8000);
		vault_arena_stats(&st);
	}
	vault_memlock(&m);
	if (!m.failed)
		_exit(3);
	for (size_t i = 0; i < n; i++)
		vault_secure_free(p[i]);
	_exit(0);
}

static void test_failed_lock_is_told(void **state)
{
	int ws;

	(void)state;
	ws = in_child(low_limit);
	assert_true(WIFEXITED(ws));
	assert_int_equal(WEXITSTATUS(ws), 0);
}

static void test_memlock_normally(void **state)
{
	struct vault_memlock m;
	void *p;

	(void)state;
	p = vault_secure_alloc(100);
	vault_memlock(&m);
	assert_false(m.failed); /* the test machine's limit (8 MiB) or root */
	assert_true(m.locked > 0);
	vault_secure_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_blocks_are_usable_and_apart),
		cmocka_unit_test(test_wiped_and_reused),
		cmocka_unit_test(test_many_blocks_few_mappings),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_double_free_aborts),
		cmocka_unit_test(test_failed_lock_is_told),
		cmocka_unit_test(test_memlock_normally),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
