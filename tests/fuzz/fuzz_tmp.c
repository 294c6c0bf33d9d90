/* fuzz_tmp.c: a private temporary folder for the targets that hand tend a
 * file by name (backup, db), made once and removed at exit. */
#include <limits.h>
#include <stdlib.h>

#include "fuzz.h"

static char tmp[PATH_MAX];

static void remove_tmp(void)
{
	char cmd[PATH_MAX + 16];

	/* Only our own mkdtemp folder, whose name has no quote in it. */
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	if (system(cmd) != 0)
		fprintf(stderr, "fuzz: could not remove %s\n", tmp);
}

const char *fuzz_tmpdir(void)
{
	const char *base = getenv("TMPDIR");

	if (tmp[0])
		return tmp;
	snprintf(tmp, sizeof(tmp), "%s/tend-fuzz.XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(tmp))
		fuzz_die("mkdtemp");
	atexit(remove_tmp);
	return tmp;
}
