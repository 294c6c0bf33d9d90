/* pillar.h: the five pillars of emotional intimacy tend keeps streaks for.
 * Pure data: names for people, keys for files, and bit sets of pillars. */
#ifndef TEND_PILLAR_H
#define TEND_PILLAR_H

#include <stddef.h>

enum pillar {
	PILLAR_VULNERABILITY,
	PILLAR_LISTENING,   /* Active Listening */
	PILLAR_EMPATHY,
	PILLAR_AFFIRMATION, /* Consistent Affirmation */
	PILLAR_SHARED,      /* Shared Experiences */
	PILLAR_COUNT
};

/* A set of pillars: bit (1u << pillar) for each member. */
typedef unsigned pillar_set;
#define PILLAR_ALL ((pillar_set)((1u << PILLAR_COUNT) - 1))

/* "Active Listening": the name shown to people. */
const char *pillar_name(enum pillar p);
/* "listening": the one-word key used in plan and deck files. */
const char *pillar_key(enum pillar p);
/* The pillar whose key is the `len` bytes at `s` (case-insensitive), or -1. */
int pillar_from_key(const char *s, size_t len);

#endif
