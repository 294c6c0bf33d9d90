/* forge.c: what anyone with a copy of the database can do, for
 * tests/e2e/escapes.sh (which builds it; it is no test of its own): make a
 * shared entry of their own, sealed to both partners' public keys as tend
 * seals shared text (no passphrase needed), holding text tend itself never
 * lets anyone write: control characters, escape sequences, broken UTF-8.
 *
 *     forge ID KIND AUTHOR PK0HEX PK1HEX < TEXT
 *
 * prints the ct, seal0 and seal1 columns in hex, for the entry row with
 * that id, kind and author and visibility 1 (sqlite3 puts it in). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tend/vault.h"

/* Decodes `n` bytes of hex at `s` into `out`; 0, or -1 when it is not. */
static int unhex(const char *s, uint8_t *out, size_t n)
{
	if (strlen(s) != 2 * n)
		return -1;
	for (size_t i = 0; i < n; i++) {
		unsigned v;

		if (sscanf(s + 2 * i, "%2x", &v) != 1)
			return -1;
		out[i] = (uint8_t)v;
	}
	return 0;
}

static void hex(const uint8_t *p, size_t n, const char *after)
{
	for (size_t i = 0; i < n; i++)
		printf("%02X", p[i]);
	fputs(after, stdout);
}

int main(int argc, char **argv)
{
	static char text[VAULT_MAX_TEXT];
	uint8_t pk[2][VAULT_PK_BYTES];
	struct vault_box box;
	struct vault_ad ad = { "entry", 0, 0, 0, 1 };
	size_t len;

	if (argc != 6 || unhex(argv[4], pk[0], VAULT_PK_BYTES) ||
	    unhex(argv[5], pk[1], VAULT_PK_BYTES)) {
		fputs("usage: forge ID KIND AUTHOR PK0HEX PK1HEX < TEXT\n", stderr);
		return 2;
	}
	ad.id = atoll(argv[1]);
	ad.kind = atoi(argv[2]);
	ad.author = atoi(argv[3]);
	len = fread(text, 1, sizeof(text), stdin);
	if (vault_init() != TEND_OK ||
	    vault_seal((const uint8_t(*)[VAULT_PK_BYTES])pk, 3, &ad, text, len, NULL, &box) !=
	        TEND_OK) {
		fputs("forge: cannot seal\n", stderr);
		return 1;
	}
	hex(box.ct, box.ctlen, " ");
	hex(box.seal[0], vault_box_seal_len(&box), " ");
	hex(box.seal[1], vault_box_seal_len(&box), "\n");
	vault_box_free(&box);
	return 0;
}
