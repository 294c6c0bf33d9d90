/* mem.c: growing arrays. */
#include <stdint.h>
#include <stdlib.h>

#include "tend/mem.h"

enum tend_status mem_grow(void **p, size_t *cap, size_t n, size_t size)
{
	size_t ncap;
	void *np;

	if (n < *cap)
		return TEND_OK;
	ncap = *cap ? *cap * 2 : 16;
	if (ncap < *cap || size == 0 || ncap > SIZE_MAX / size)
		return TEND_ERR_NOMEM;
	if (!(np = realloc(*p, ncap * size)))
		return TEND_ERR_NOMEM;
	*p = np;
	*cap = ncap;
	return TEND_OK;
}
