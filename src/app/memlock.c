/* memlock.c: telling the couple, once, that their private text may reach
 * the swap disk: when the vault could not lock some of its memory, or is
 * close to the limit on locked memory. tend keeps working either way. */
#include <stdbool.h>
#include <stdio.h>

#include "tend/app.h"
#include "tend/vault.h"

/* "64 KiB", "8 MiB". */
static void size_words(uint64_t n, char *buf, size_t size)
{
	if (n >= 1024 * 1024 && n % (1024 * 1024) == 0)
		snprintf(buf, size, "%llu MiB", (unsigned long long)(n / (1024 * 1024)));
	else
		snprintf(buf, size, "%llu KiB", (unsigned long long)(n / 1024));
}

bool app_memlock_notice(char *buf, size_t size)
{
	static bool told;
	static uint64_t seen = UINT64_MAX;
	struct vault_memlock m;
	char lim[32];
	uint64_t changes = vault_memlock_changes();

	/* Asked before every wait of the screens: /proc only when it may
	 * have changed. */
	if (told || changes == seen)
		return false;
	seen = changes;
	vault_memlock(&m);
	if (!m.failed && !m.near)
		return false;
	told = true;
	size_words(m.limit, lim, sizeof(lim));
	if (m.failed && !m.limit)
		snprintf(buf, size, "Some private text could not be kept in locked memory, so it "
		         "may reach the swap disk. Everything else works.");
	else
		snprintf(buf, size, "This computer lets tend lock only %s of memory, so private "
		         "text may reach the swap disk. To raise it: ulimit -l, or memlock in "
		         "/etc/security/limits.conf.", lim);
	return true;
}
