/* backup.c (fuzz): reading a backup file, as `tend restore` does before it
 * asks for a passphrase (app_restore_open: the file read back, its header
 * unmasked and checked by vault_backup_info), and opening its snapshot with
 * a partner's key (vault_backup_open), which must refuse every changed
 * byte. Odd first byte: the input is a patch list, pairs of (offset u32,
 * xor u8) over the real backup tests/fuzz/corpus/backup/real.tbk; even:
 * the rest of the input is the file itself. The key is unlocked once at
 * start from that backup's own slot, with its passphrase. */
#include <stdbool.h>

#include "fuzz.h"
#include "tend/app.h"
#include "tend/store.h"
#include "tend/vault.h"

static uint8_t *real;
static size_t real_len;
static struct vault_key *key;
static char path[4096];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct vault_backup_info info;
	struct vault_slot slot;

	(void)argc, (void)argv;
	if (vault_init() != TEND_OK)
		fuzz_die("vault_init");
	real = fuzz_slurp("tests/fuzz/corpus/backup/real.tbk", &real_len);
	if (vault_backup_info(real, real_len, &info) != TEND_OK ||
	    vault_slot_decode(info.slot[0], info.slotlen[0], &slot) != TEND_OK ||
	    vault_unlock_unbound(&slot, FUZZ_PASS_A, strlen(FUZZ_PASS_A), &key) != TEND_OK)
		fuzz_die("the seed backup does not open with FUZZ_PASS_A (run tests/fuzz/seeds.sh)");
	snprintf(path, sizeof(path), "%s/fuzz.tbk", fuzz_tmpdir());
	return 0;
}

/* Everything tend does with a backup's bytes before a passphrase. */
static void read_backup(const uint8_t *d, size_t n, bool changed)
{
	struct vault_backup_info info;
	struct app_restore *r = NULL;
	char err[512];
	uint8_t *img = NULL;
	size_t imglen = 0;
	enum tend_status st;

	st = vault_backup_info(d, n, &info);
	if (st == TEND_OK && (info.readers & ~3u))
		abort();
	for (int i = 0; st == TEND_OK && i < 2; i++) {
		struct vault_slot s;
		if (info.slotlen[i] > VAULT_SLOT_BYTES)
			abort();
		(void)vault_slot_decode(info.slot[i], info.slotlen[i], &s);
	}
	fuzz_put_file(path, d, n);
	err[0] = '\0';
	enum tend_status ast = app_restore_open(path, &r, err, sizeof(err));
	if (ast != st && !(ast == TEND_ERR_TOO_LONG || ast == TEND_ERR_NOMEM))
		abort(); /* the app says what the vault found */
	if (ast != TEND_OK && !err[0])
		abort(); /* a refusal always comes with a sentence */
	app_restore_free(r);

	st = vault_backup_open(key, 0, d, n, &img, &imglen);
	if ((st == TEND_OK) == changed)
		abort(); /* a changed byte must be caught; the real one must open */
	if (st == TEND_OK) {
		struct store *s = NULL;
		if (store_open_image(img, imglen, &s) != TEND_OK)
			abort();
		store_close(s);
		explicit_bzero(img, imglen);
		free(img);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	if (data[0] & 1) {
		uint8_t *f = malloc(real_len);
		if (!f)
			return 0;
		memcpy(f, real, real_len);
		for (size_t i = 1; i + 5 <= size; i += 5) {
			uint32_t at = data[i] | (uint32_t)data[i + 1] << 8 |
			              (uint32_t)data[i + 2] << 16 | (uint32_t)data[i + 3] << 24;
			f[at % real_len] ^= data[i + 4];
		}
		read_backup(f, real_len, memcmp(f, real, real_len) != 0);
		free(f);
	} else {
		/* anything but the real backup, byte for byte, is changed */
		read_backup(data + 1, size - 1,
		            size - 1 != real_len || memcmp(data + 1, real, real_len) != 0);
	}
	return 0;
}
