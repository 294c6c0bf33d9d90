/* pillar.c: names and keys of the five pillars. */
#include <strings.h>
#include <string.h>

#include "tend/pillar.h"

static const struct {
	const char *name;
	const char *key;
} pillars[PILLAR_COUNT] = {
	[PILLAR_VULNERABILITY] = { "Vulnerability", "vulnerability" },
	[PILLAR_LISTENING] = { "Active Listening", "listening" },
	[PILLAR_EMPATHY] = { "Empathy", "empathy" },
	[PILLAR_AFFIRMATION] = { "Consistent Affirmation", "affirmation" },
	[PILLAR_SHARED] = { "Shared Experiences", "shared" },
};

const char *pillar_name(enum pillar p)
{
	return (unsigned)p < PILLAR_COUNT ? pillars[p].name : "?";
}

const char *pillar_key(enum pillar p)
{
	return (unsigned)p < PILLAR_COUNT ? pillars[p].key : "?";
}

int pillar_from_key(const char *s, size_t len)
{
	for (int p = 0; p < PILLAR_COUNT; p++)
		if (strlen(pillars[p].key) == len && strncasecmp(pillars[p].key, s, len) == 0)
			return p;
	return -1;
}
