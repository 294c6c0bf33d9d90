/* wipe.c: freed heap memory is wiped, in the whole process. Decrypted text
 * is kept in the vault's locked memory, but copies of it end up in ordinary
 * heap blocks tend does not own: ncurses' screen cells and output buffer
 * (resizes reallocate its line arrays and free the old ones), SQLite's
 * buffers, stdio. glibc's free() leaves their bytes in place, where they
 * outlive the lock. So this file defines free() and realloc() for the
 * program: every block is wiped (all malloc_usable_size bytes) before glibc
 * gets it back. It lives in the vault because keeping secrets from lingering
 * is the vault's job; it is in libtend.a, so tend and every unit test run
 * with it.
 *
 * Under AddressSanitizer (SAN=1) the program cannot replace free(): ASan
 * owns the allocator. There ASan is asked to do the same (free_fill_byte=0,
 * max_free_fill_size: every freed byte is set to 0). */
#include <stddef.h>

#include "vault_internal.h"

/* GCC says ASan is on by __SANITIZE_ADDRESS__, clang (make fuzz) by
 * __has_feature. */
#if defined(__SANITIZE_ADDRESS__)
#define WIPE_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define WIPE_UNDER_ASAN 1
#endif
#endif

#if defined(WIPE_UNDER_ASAN)

/* ASan reads its defaults from here; ASAN_OPTIONS still adds to them. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "free_fill_byte=0:max_free_fill_size=2147483647";
}

const int vault_wipes_freed = 2;

#else

#include <malloc.h>
#include <string.h>

/* glibc's own allocator, under the names it exports for exactly this use
 * (a program that wraps malloc). */
extern void __libc_free(void *p);
extern void *__libc_malloc(size_t n);

void free(void *p)
{
	if (p == NULL)
		return;
	explicit_bzero(p, malloc_usable_size(p));
	__libc_free(p);
}

/* glibc's realloc would hand the old block back unwiped when it moves the
 * data, so a block that must grow is copied to a new one instead. A block
 * that already has room is kept as it is. */
void *realloc(void *p, size_t n)
{
	size_t have;
	void *q;

	if (p == NULL)
		return __libc_malloc(n);
	if (n == 0) {
		free(p);
		return NULL;
	}
	have = malloc_usable_size(p);
	if (n <= have)
		return p;
	if ((q = __libc_malloc(n)) == NULL)
		return NULL;
	memcpy(q, p, have);
	free(p);
	return q;
}

const int vault_wipes_freed = 1;

#endif
