/* mem.h: growing arrays, the one way tend does it. Pure. */
#ifndef TEND_MEM_H
#define TEND_MEM_H

#include <stddef.h>

#include "tend/status.h"

/* Makes room for one more element of `size` bytes in the array *p, which
 * holds `n` elements in room for *cap: doubles *cap (from 16) when full,
 * checking for overflow. The array stays the caller's (free()); on
 * TEND_ERR_NOMEM it is left as it was. */
enum tend_status mem_grow(void **p, size_t *cap, size_t n, size_t size);

#endif
