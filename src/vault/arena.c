/* arena.c: locked memory for many small secrets. Each guarded block
 * costs about four mappings (guard pages around it) and at least a page of
 * locked memory, so a journal of 2,600 entries outgrew the 8 MiB locking
 * limit and 16,000 would reach the kernel's limit on mappings. Instead,
 * small blocks (up to ARENA_MAX_BLOCK) come out of a few large guarded
 * regions, each locked once, in size classes with a free list each; a
 * block is wiped when freed and reused. Larger blocks get a guarded
 * mapping of their own. Whether each lock held is remembered, so tend can
 * say when secrets may reach swap (vault_memlock).
 *
 * A guarded mapping is what sodium_malloc() makes (guard pages on both
 * sides, the block's end against the last one, no core dump), but locked
 * with MLOCK_ONFAULT: a page is locked once it is first used, so the
 * 176 KiB of a check-in's text buffers cost the pages written in them,
 * not all of them from the start (sodium_malloc fills each block with
 * garbage, and mlock brings in every page). */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <sodium.h>

#include "tend/vault.h"
#include "vault_internal.h"

#define ARENA_HDR       16                 /* before each block: struct arena_hdr */
#define ARENA_MIN_BLOCK 32                 /* the smallest class, header included */
#define ARENA_CLASSES   10                 /* 32 B, 64 B, ... 16 KiB */
#define ARENA_FIRST     (64u * 1024)       /* the first region; each next doubles */
#define ARENA_LARGEST   (4u * 1024 * 1024) /* ... up to this */
/* Locking is "near its limit" when less than this is left. */
#define ARENA_HEADROOM  (1u * 1024 * 1024)

#define MAGIC_USED 0x75736564u /* a small block in use */
#define MAGIC_FREE 0x66726565u /* a small block on its free list */
#define MAGIC_BIG  0x62696721u /* a block of its own (a guarded mapping) */

/* Before every block handed out. */
struct arena_hdr {
	uint32_t magic;  /* MAGIC_* */
	uint32_t cls;    /* small: the size class; big: 1 when its lock held */
	uint64_t size;   /* big: the bytes asked for, header included */
};
_Static_assert(sizeof(struct arena_hdr) == ARENA_HDR, "header size");
_Static_assert(ARENA_MIN_BLOCK << (ARENA_CLASSES - 1) == VAULT_ARENA_MAX_BLOCK + ARENA_HDR,
               "the largest class holds VAULT_ARENA_MAX_BLOCK");

/* One region: a guarded mapping, carved from the front. */
struct region {
	unsigned char *base;
	size_t size, used;
};

static struct {
	pthread_mutex_t mu;
	struct region r[VAULT_ARENA_REGIONS];
	size_t nr;
	struct arena_hdr *free[ARENA_CLASSES]; /* the next one is stored after each header */
	size_t blocks;                         /* blocks in use, small and big */
	bool failed;                           /* some lock did not hold */
	uint64_t locks;                        /* lock_check calls so far */
} arena = { .mu = PTHREAD_MUTEX_INITIALIZER };

/* Locks [p, p+n), page by page as each is first touched, and remembers a
 * failure. It asks the kernel itself: AddressSanitizer's mlock (SAN=1)
 * does nothing and says it worked, and a check that cannot fail would be
 * no check. A kernel without mlock2 (before 4.4) locks it all at once. The
 * limit (RLIMIT_MEMLOCK) counts the whole range either way. */
static bool lock_check(void *p, size_t n)
{
	arena.locks++;
#ifdef SYS_mlock2
	if (syscall(SYS_mlock2, p, n, MLOCK_ONFAULT) == 0)
		return true;
	if (errno == ENOSYS || errno == EINVAL)
#endif
		if (syscall(SYS_mlock, p, n) == 0)
			return true;
	arena.failed = true;
	return false;
}

static size_t page_size(void)
{
	static size_t page;

	if (!page) {
		long p = sysconf(_SC_PAGESIZE);

		page = p > 0 ? (size_t)p : 4096;
	}
	return page;
}

/* The pages [n, the end of) a block of n bytes takes, whole. */
static size_t pages_for(size_t n)
{
	size_t page = page_size();

	return (n + page - 1) / page * page;
}

/* A block of n bytes (a multiple of 16) between two guard pages, its end
 * against the second one so that running over it faults; out of core
 * dumps; locked by lock_check (*locked: whether that held). NULL when no
 * mapping can be had. Called locked. */
static void *guarded_alloc(size_t n, bool *locked)
{
	size_t page = page_size(), body = pages_for(n);
	unsigned char *base;

	if (n == 0 || body < n || body > SIZE_MAX - 2 * page)
		return NULL;
	base = mmap(NULL, body + 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
	            -1, 0);
	if (base == MAP_FAILED)
		return NULL;
	if (mprotect(base, page, PROT_NONE) != 0 ||
	    mprotect(base + page + body, page, PROT_NONE) != 0) {
		munmap(base, body + 2 * page);
		return NULL;
	}
#ifdef MADV_DONTDUMP
	madvise(base + page, body, MADV_DONTDUMP);
#endif
	*locked = lock_check(base + page, body);
	return base + page + (body - n);
}

/* Wipes and unmaps a block guarded_alloc gave for n bytes. Only the pages
 * ever touched hold anything: the others are not brought in to be wiped. */
static void guarded_free(void *p, size_t n)
{
	size_t page = page_size(), body = pages_for(n), npages = body / page;
	unsigned char *start = (unsigned char *)p - (body - n), vec[64];

	for (size_t i = 0; i < npages; i += sizeof(vec)) {
		size_t k = npages - i < sizeof(vec) ? npages - i : sizeof(vec);

		if (mincore(start + i * page, k * page, vec) != 0)
			memset(vec, 1, k); /* cannot tell: wipe them all */
		for (size_t j = 0; j < k; j++)
			if (vec[j] & 1)
				sodium_memzero(start + (i + j) * page, page);
	}
	munmap(start - page, body + 2 * page);
}

static size_t class_size(unsigned c)
{
	return (size_t)ARENA_MIN_BLOCK << c;
}

/* A block of class `c` from the free list, the last region, or a new one;
 * NULL when no region can be had. Called locked. */
static struct arena_hdr *small_take(unsigned c)
{
	size_t need = class_size(c);
	struct region *g;
	struct arena_hdr *h;

	if ((h = arena.free[c]) != NULL) {
		memcpy(&arena.free[c], (const unsigned char *)(h + 1), sizeof(arena.free[c]));
		return h;
	}
	g = arena.nr ? &arena.r[arena.nr - 1] : NULL;
	if (!g || g->size - g->used < need) {
		size_t size = ARENA_FIRST << (arena.nr < 6 ? arena.nr : 6);
		unsigned char *base;

		if (size > ARENA_LARGEST)
			size = ARENA_LARGEST;
		bool locked;

		if (arena.nr == VAULT_ARENA_REGIONS || (base = guarded_alloc(size, &locked)) == NULL)
			return NULL;
		g = &arena.r[arena.nr++];
		*g = (struct region){ base, size, 0 };
	}
	h = (struct arena_hdr *)(g->base + g->used);
	g->used += need;
	return h;
}

void *vault_arena_alloc(size_t n)
{
	struct arena_hdr *h = NULL;

	if (n > VAULT_MAX_ALLOC)
		return NULL;
	pthread_mutex_lock(&arena.mu);
	if (n <= VAULT_ARENA_MAX_BLOCK) {
		unsigned c = 0;

		while (class_size(c) < n + ARENA_HDR)
			c++;
		if ((h = small_take(c)) != NULL)
			*h = (struct arena_hdr){ MAGIC_USED, c, 0 };
	}
	if (h == NULL) { /* large, or no region left: a block of its own */
		/* A multiple of 16: the block's end is at its guard page, so that
		 * keeps the block aligned. */
		size_t size = (n + ARENA_HDR + 15) & ~(size_t)15;
		bool locked;

		if ((h = guarded_alloc(size, &locked)) != NULL)
			*h = (struct arena_hdr){ MAGIC_BIG, locked, size };
	}
	if (h)
		arena.blocks++;
	pthread_mutex_unlock(&arena.mu);
	return h ? h + 1 : NULL;
}

/* Whether `h` is a block inside one of the regions. Called locked. */
static bool in_regions(const struct arena_hdr *h)
{
	for (size_t i = 0; i < arena.nr; i++) {
		const struct region *g = &arena.r[i];

		if ((const unsigned char *)h >= g->base && (const unsigned char *)h < g->base + g->used)
			return true;
	}
	return false;
}

void vault_arena_free(void *p)
{
	struct arena_hdr *h;

	if (p == NULL)
		return;
	h = (struct arena_hdr *)p - 1;
	pthread_mutex_lock(&arena.mu);
	if (h->magic == MAGIC_BIG) {
		arena.blocks--;
		pthread_mutex_unlock(&arena.mu);
		guarded_free(h, (size_t)h->size); /* wipes, unlocks, unmaps */
		return;
	}
	if (h->magic != MAGIC_USED || h->cls >= ARENA_CLASSES || !in_regions(h)) {
		/* Freed twice, or never ours: memory is already corrupt. */
		pthread_mutex_unlock(&arena.mu);
		abort();
	}
	{
		unsigned c = h->cls;

		sodium_memzero(h, class_size(c));
		*h = (struct arena_hdr){ MAGIC_FREE, c, 0 };
		memcpy((unsigned char *)(h + 1), &arena.free[c], sizeof(arena.free[c]));
		arena.free[c] = h;
	}
	arena.blocks--;
	pthread_mutex_unlock(&arena.mu);
}

void vault_arena_stats(struct vault_arena_stats *out)
{
	pthread_mutex_lock(&arena.mu);
	out->regions = arena.nr;
	out->region_bytes = 0;
	for (size_t i = 0; i < arena.nr; i++)
		out->region_bytes += arena.r[i].size;
	out->blocks = arena.blocks;
	pthread_mutex_unlock(&arena.mu);
}

/* Reads VmLck (bytes) and whether CAP_IPC_LOCK (which locking needs no
 * limit with) is in effect, from /proc/self/status. */
static void proc_status(uint64_t *vmlck, bool *cap_lock)
{
	FILE *f = fopen("/proc/self/status", "re");
	char line[256];
	unsigned long long v;

	*vmlck = 0;
	*cap_lock = false;
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "VmLck: %llu kB", &v) == 1)
			*vmlck = (uint64_t)v * 1024;
		else if (sscanf(line, "CapEff: %llx", &v) == 1)
			*cap_lock = (v >> 14) & 1; /* CAP_IPC_LOCK */
	}
	fclose(f);
}

uint64_t vault_memlock_changes(void)
{
	uint64_t n;

	pthread_mutex_lock(&arena.mu);
	n = arena.locks;
	pthread_mutex_unlock(&arena.mu);
	return n;
}

void vault_memlock(struct vault_memlock *out)
{
	struct rlimit rl;
	bool cap_lock;

	proc_status(&out->locked, &cap_lock);
	out->limit = 0;
	if (getrlimit(RLIMIT_MEMLOCK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
		out->limit = (uint64_t)rl.rlim_cur;
	pthread_mutex_lock(&arena.mu);
	out->failed = arena.failed;
	pthread_mutex_unlock(&arena.mu);
	out->near = !out->failed && !cap_lock && out->limit &&
	            (out->limit < out->locked || out->limit - out->locked < ARENA_HEADROOM);
}
