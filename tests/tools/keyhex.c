/* keyhex.c: a test tool, not part of tend. Unlocks partner NAME's key in
 * database DB with the passphrase on standard input (one line) the way tend
 * does, and prints the secret key in hex, so tests/e2e/memory.sh can look
 * for those bytes in a running tend's memory. It reaches the key through
 * the app's and the vault's own layouts (the secret key is the first field
 * of struct vault_key) and checks that layout against the public key, so
 * tend needs no test-only way to give its key away.
 *   keyhex DB NAME < passphrase */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../../src/app/app_internal.h"

int main(int argc, char **argv)
{
	char pass[APP_MAX_PASS + 2], err[300];
	struct app *app = NULL;
	struct app_reader *r = NULL;
	const uint8_t *sk;
	size_t len;
	int partner = -1;

	if (argc != 3 || !fgets(pass, sizeof(pass), stdin)) {
		fprintf(stderr, "usage: keyhex DB NAME < passphrase\n");
		return 2;
	}
	len = strcspn(pass, "\n");
	if (app_open(argv[1], false, &app, err, sizeof(err)) != TEND_OK) {
		fprintf(stderr, "keyhex: %s\n", err);
		return 1;
	}
	for (int p = 0; p < 2; p++)
		if (strcmp(app_name(app, p), argv[2]) == 0)
			partner = p;
	if (partner < 0 || app_unlock(app, partner, pass, len, &r) != TEND_OK) {
		fprintf(stderr, "keyhex: cannot unlock %s\n", argv[2]);
		app_close(app);
		return 1;
	}
	sk = (const uint8_t *)r->key;
	/* struct vault_key { sk[32]; pk[32]; ... }: the public key must follow. */
	if (memcmp(sk + 32, vault_key_pk(r->key), VAULT_PK_BYTES) != 0) {
		fprintf(stderr, "keyhex: struct vault_key is laid out differently now\n");
		app_reader_free(r);
		app_close(app);
		return 1;
	}
	for (int i = 0; i < 32; i++)
		printf("%02x", sk[i]);
	printf("\n");
	app_reader_free(r);
	app_close(app);
	return 0;
}
