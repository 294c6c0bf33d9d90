/* fuzz.h: what the libFuzzer targets of tests/fuzz share. Each target is
 * one file defining LLVMFuzzerTestOneInput; `make fuzz` builds them with
 * clang (-fsanitize=fuzzer,address,undefined) into build-fuzz/ and runs
 * each over its seed corpus, tests/fuzz/corpus/<name>/. A crash, a leak or
 * undefined behaviour stops the run with the input that caused it. */
#ifndef TEND_FUZZ_H
#define TEND_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The repository, for the seed files a target reads once at start
 * (set by the Makefile). */
#ifndef FUZZ_ROOT
#define FUZZ_ROOT "."
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* A fixed instant, 2026-11-25 21:00 UTC: the targets never read the clock. */
#define FUZZ_NOW ((time_t)1795640400)

/* The passphrases of the seed database and backup, made by seeds.sh:
 * the db and backup targets unlock them once at start. */
#define FUZZ_PASS_A "fuzz seed key Zoë 1"
#define FUZZ_PASS_B "fuzz seed key Łukasz 2"

/* Aborts the run with `what`: a target's own set-up failed, which is no
 * finding in tend, but must not pass for a clean run either. */
static inline _Noreturn void fuzz_die(const char *what)
{
	fprintf(stderr, "fuzz set-up: %s\n", what);
	abort();
}

/* The whole file at FUZZ_ROOT/`rel` (malloc) and *len; dies when absent. */
static inline uint8_t *fuzz_slurp(const char *rel, size_t *len)
{
	char path[4096];
	FILE *fp;
	uint8_t *buf;
	long n;

	snprintf(path, sizeof(path), "%s/%s", FUZZ_ROOT, rel);
	if (!(fp = fopen(path, "rb")) || fseek(fp, 0, SEEK_END) != 0 || (n = ftell(fp)) < 0)
		fuzz_die(path);
	rewind(fp);
	if (!(buf = malloc((size_t)n + 1)) || fread(buf, 1, (size_t)n, fp) != (size_t)n)
		fuzz_die(path);
	fclose(fp);
	*len = (size_t)n;
	return buf;
}

/* Puts `size` bytes of `data` in the file `path` (replacing it), for the
 * loaders that read a file by name; dies when it cannot. */
static inline void fuzz_put_file(const char *path, const uint8_t *data, size_t size)
{
	FILE *fp = fopen(path, "wb");

	if (!fp || (size && fwrite(data, 1, size, fp) != size) || fclose(fp) != 0)
		fuzz_die(path);
}

/* A private folder for this process's files (under $TMPDIR or /tmp),
 * removed at exit. */
const char *fuzz_tmpdir(void);

#endif
