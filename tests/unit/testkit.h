/* testkit.h: what the unit tests share: whole files read back, a byte
 * string looked for in them, hex, SQL run on a file behind tend's back, and
 * a temporary folder removed with everything in it. Include after cmocka.h
 * (and sqlite3.h, for tk_sql); everything is static inline, so a test takes
 * only what it uses. */
#ifndef TEND_TESTKIT_H
#define TEND_TESTKIT_H

#include <dirent.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The whole file at `path` (malloc, one byte more for a NUL) and *len; NULL
 * (and 0) when it cannot be read. */
static inline uint8_t *tk_slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *buf;
	long n;

	*len = 0;
	if (!fp)
		return NULL;
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	n = ftell(fp);
	assert_true(n >= 0);
	rewind(fp);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	buf[n] = 0;
	*len = (size_t)n;
	return buf;
}

/* Whether the `n` bytes at `needle` occur in the file at `path` (absent: no). */
static inline bool tk_file_has(const char *path, const void *needle, size_t n)
{
	size_t len;
	uint8_t *b = tk_slurp(path, &len);
	bool found = b && memmem(b, len, needle, n) != NULL;

	free(b);
	return found;
}

/* Decodes `hex` (even length, lower case) into `out`, which has room for
 * strlen(hex) / 2 bytes; returns that count. */
static inline size_t tk_unhex(const char *hex, uint8_t *out)
{
	size_t n = strlen(hex) / 2;

	for (size_t i = 0; i < n; i++) {
		unsigned v;

		assert_int_equal(sscanf(hex + 2 * i, "%2x", &v), 1);
		out[i] = (uint8_t)v;
	}
	return n;
}

#ifdef SQLITE_OK
/* Runs `sql` on a plain SQLite connection of its own to `path`. */
static inline void tk_sql(const char *path, const char *sql)
{
	sqlite3 *db;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_close(db), SQLITE_OK);
}
#endif

/* Removes folder `dir` and the files in it (tests make no deeper ones). */
static inline void tk_rm_dir(const char *dir)
{
	struct dirent *d;
	char p[1024];
	DIR *h = opendir(dir);

	if (h) {
		while ((d = readdir(h)))
			if (strcmp(d->d_name, ".") && strcmp(d->d_name, "..")) {
				snprintf(p, sizeof(p), "%s/%s", dir, d->d_name);
				unlink(p);
			}
		closedir(h);
	}
	rmdir(dir);
}

/* SQL for `ct` with one byte of its ciphertext (the 31st) changed, whatever
 * it was: setting it to a fixed value would change nothing one time in 256. */
#define TK_CT_CHANGED                                                                  \
	"CAST(substr(ct, 1, 30) || (CASE substr(ct, 31, 1) WHEN X'FF' THEN X'FE' ELSE X'FF' " \
	"END) || substr(ct, 32) AS BLOB)"

#endif
