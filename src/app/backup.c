/* backup.c: files written whole or not at all; backups of the whole
 * database, encrypted to both partners; and restoring one, checked before
 * anything is touched and never over a database unless asked. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app_internal.h"

/* The folder part of `path` into `dir` ("." when there is none). */
static void dir_of(const char *path, char *dir, size_t size)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		snprintf(dir, size, ".");
	else if (slash == path)
		snprintf(dir, size, "/");
	else
		snprintf(dir, size, "%.*s", (int)(slash - path), path);
}

enum tend_status app_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return errno == ENOSPC || errno == EDQUOT ? TEND_ERR_FULL : TEND_ERR_IO;
		p += n;
		len -= (size_t)n;
	}
	return TEND_OK;
}

/* Unnamed first (O_TMPFILE), so nothing half-written can be left behind by
 * a crash; a hidden name where the file system cannot. */
enum tend_status app_file_create(struct app_file *f, const char *path)
{
	char dir[PATH_MAX];
	const char *base;

	memset(f, 0, sizeof(*f));
	f->fd = -1;
	if (!path || !*path || strlen(path) >= sizeof(f->path))
		return TEND_ERR_INVALID;
	strcpy(f->path, path);
	dir_of(path, dir, sizeof(dir));
	f->fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
	if (f->fd < 0) {
		base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
		if (snprintf(f->tmp, sizeof(f->tmp), "%s/.%s.tend-XXXXXX", dir, base) >=
		    (int)sizeof(f->tmp))
			return TEND_ERR_TOO_LONG;
		if ((f->fd = mkostemp(f->tmp, O_CLOEXEC)) < 0) {
			f->tmp[0] = '\0';
			return errno == ENOSPC ? TEND_ERR_FULL : TEND_ERR_IO;
		}
	}
	if (fchmod(f->fd, 0600) != 0) {
		app_file_abort(f);
		return TEND_ERR_IO;
	}
	return TEND_OK;
}

enum tend_status app_file_commit(struct app_file *f)
{
	char dir[PATH_MAX], proc[64];
	int dfd;

	if (f->fd < 0)
		return TEND_ERR_INVALID;
	if (fsync(f->fd) != 0) {
		enum tend_status st = errno == ENOSPC ? TEND_ERR_FULL : TEND_ERR_IO;

		app_file_abort(f);
		return st;
	}
	if (!f->tmp[0]) {
		/* Give the unnamed file a hidden name, then move it over. */
		dir_of(f->path, dir, sizeof(dir));
		snprintf(proc, sizeof(proc), "/proc/self/fd/%d", f->fd);
		for (int tries = 0; tries < 100; tries++) {
			if (snprintf(f->tmp, sizeof(f->tmp), "%.4000s/.tend-%08x", dir,
			             app_random_below(~0u)) >= (int)sizeof(f->tmp)) {
				f->tmp[0] = '\0';
				break;
			}
			if (linkat(AT_FDCWD, proc, AT_FDCWD, f->tmp, AT_SYMLINK_FOLLOW) == 0)
				break;
			f->tmp[0] = '\0';
			if (errno != EEXIST)
				break;
		}
		if (!f->tmp[0]) {
			app_file_abort(f);
			return TEND_ERR_IO;
		}
	}
	close(f->fd);
	f->fd = -1;
	if (rename(f->tmp, f->path) != 0) {
		unlink(f->tmp);
		f->tmp[0] = '\0';
		return TEND_ERR_IO;
	}
	f->tmp[0] = '\0';
	dir_of(f->path, dir, sizeof(dir));
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		fsync(dfd); /* the new name lasts too; a failure here loses nothing */
		close(dfd);
	}
	return TEND_OK;
}

void app_file_abort(struct app_file *f)
{
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
	if (f->tmp[0])
		unlink(f->tmp);
	f->tmp[0] = '\0';
}

/* Whether `path` names the database of `app` or one of its files (-wal,
 * -shm, -journal), existing or not. */
bool app_is_database_file(const struct app *app, const char *path)
{
	static const char *const sides[] = { "", "-wal", "-shm", "-journal" };
	char dir[PATH_MAX], real[PATH_MAX], db[PATH_MAX], dbdir[PATH_MAX];
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	const char *dbbase = strrchr(app->db_path, '/') ? strrchr(app->db_path, '/') + 1
	                                                : app->db_path;
	char want[PATH_MAX + 16];

	dir_of(path, dir, sizeof(dir));
	dir_of(app->db_path, dbdir, sizeof(dbdir));
	if (!realpath(dir, real) || !realpath(dbdir, db))
		return false;
	if (strcmp(real, db) != 0)
		return false;
	for (size_t i = 0; i < sizeof(sides) / sizeof(sides[0]); i++) {
		snprintf(want, sizeof(want), "%s%s", dbbase, sides[i]);
		if (strcmp(base, want) == 0)
			return true;
	}
	return false;
}

/* Whether backup `info` is of this couple: each key record in it has the
 * public key of the same partner's here. */
static bool same_couple(const struct app *app, const struct vault_backup_info *info)
{
	for (int i = 0; i < 2; i++) {
		struct vault_slot s;

		if (!info->slotlen[i])
			continue;
		if (vault_slot_decode(info->slot[i], info->slotlen[i], &s) != TEND_OK ||
		    memcmp(s.pk, app->slot[i].pk, VAULT_PK_BYTES) != 0)
			return false;
	}
	return true;
}

enum tend_status app_backup(struct app *app, const char *path, unsigned *readers,
                            char *err, size_t errlen)
{
	uint8_t enc[2][VAULT_SLOT_BYTES], pk[2][VAULT_PK_BYTES];
	const uint8_t *slots[2] = { enc[0], enc[1] };
	size_t slotlen[2] = { 0, 0 }, imglen = 0, outlen = 0;
	uint8_t *img = NULL, *out = NULL;
	struct app_file f = { .fd = -1 };
	char *old = NULL;
	size_t oldlen = 0;
	unsigned who = 0;
	enum tend_status st;

	*readers = 0;
	if (!app->setup) {
		app_errf(err, errlen, "%s", tend_strerror(TEND_ERR_NOT_SETUP));
		return TEND_ERR_NOT_SETUP;
	}
	if (app_is_database_file(app, path)) {
		app_errf(err, errlen, "%s is the database itself; choose another file for the backup",
		         path);
		return TEND_ERR_INVALID;
	}
	/* An older backup of this couple's may be replaced by a newer one;
	 * anything else stays. */
	st = app_read_file_max(path, VAULT_BACKUP_MAX + VAULT_BACKUP_OVERHEAD, &old, &oldlen);
	if (st == TEND_OK) {
		struct vault_backup_info info;
		enum tend_status is = vault_backup_info((uint8_t *)old, oldlen, &info);

		free(old);
		if (is == TEND_ERR_NOT_BACKUP) {
			app_errf(err, errlen, "%s already exists and is not a tend backup; tend will "
			         "not write over it", path);
			return TEND_ERR_EXISTS;
		}
		if (is != TEND_OK || !same_couple(app, &info)) {
			app_errf(err, errlen, "%s is a backup %s; tend will not write over it (choose "
			         "another name)", path, is == TEND_OK ? "of another couple's tend"
			         : "tend cannot read (damaged, or from a newer tend)");
			return TEND_ERR_EXISTS;
		}
	} else if (st != TEND_ERR_NOT_FOUND) {
		app_errf(err, errlen, "%s already exists and is not a file tend may replace", path);
		return TEND_ERR_EXISTS;
	}
	for (int i = 0; i < 2; i++) {
		memcpy(pk[i], app->slot[i].pk, VAULT_PK_BYTES);
		if (app->slot_st[i] != TEND_OK)
			continue;
		slotlen[i] = vault_slot_encode(&app->slot[i], enc[i]);
		who |= 1u << i;
	}
	if (!who) {
		app_errf(err, errlen, "neither key record can be used, so nobody could open a backup");
		return TEND_ERR_KEY_DAMAGED;
	}
	if ((st = store_snapshot(app->store, &img, &imglen)) != TEND_OK) {
		app_errf(err, errlen, "could not take a snapshot of the database: %s",
		         tend_strerror(st));
		return st;
	}
	st = vault_backup_seal((const uint8_t(*)[VAULT_PK_BYTES])pk, who, slots, slotlen, img,
	                       imglen, &out, &outlen);
	explicit_bzero(img, imglen);
	free(img);
	if (st != TEND_OK) {
		app_errf(err, errlen, "could not encrypt the backup: %s", tend_strerror(st));
		return st;
	}
	if ((st = app_file_create(&f, path)) == TEND_OK &&
	    (st = app_write_all(f.fd, out, outlen)) == TEND_OK)
		st = app_file_commit(&f);
	if (st != TEND_OK) {
		app_file_abort(&f);
		app_errf(err, errlen, "could not write %s: %s", path, tend_strerror(st));
	}
	free(out);
	if (st == TEND_OK)
		*readers = who;
	return st;
}

struct app_restore {
	uint8_t *file;                /* owned: the backup's bytes */
	size_t len;
	struct vault_backup_info info;
	struct store *img;            /* owned: the snapshot, open in memory,
	                               * once unlocked */
	struct app_restore_summary sum;
};

enum tend_status app_restore_open(const char *file, struct app_restore **out, char *err,
                                  size_t errlen)
{
	struct app_restore *r;
	char *data = NULL;
	size_t len = 0;
	enum tend_status st;

	*out = NULL;
	if ((st = vault_init()) != TEND_OK)
		return st;
	st = app_read_file_max(file, VAULT_BACKUP_MAX + VAULT_BACKUP_OVERHEAD, &data, &len);
	if (st != TEND_OK) {
		app_errf(err, errlen, "cannot read %s: %s", file,
		         st == TEND_ERR_NOT_FOUND ? "there is no such file" : tend_strerror(st));
		return st;
	}
	if (!(r = calloc(1, sizeof(*r)))) {
		free(data);
		return TEND_ERR_NOMEM;
	}
	r->file = (uint8_t *)data;
	r->len = len;
	st = vault_backup_info(r->file, r->len, &r->info);
	if (st == TEND_ERR_NOT_BACKUP)
		app_errf(err, errlen, "%s is not a tend backup (or it is damaged beyond telling)",
		         file);
	else if (st == TEND_ERR_TOO_NEW)
		app_errf(err, errlen, "%s was made by a newer tend; update tend to restore it", file);
	else if (st != TEND_OK)
		app_errf(err, errlen, "%s is a tend backup, but it was changed or damaged: it cannot "
		         "be restored", file);
	if (st != TEND_OK) {
		app_restore_free(r);
		return st;
	}
	*out = r;
	return TEND_OK;
}

/* store_checkin_each callback: counts saved check-ins. */
static int count_one(const struct store_checkin *c, void *ctx)
{
	(void)c;
	(*(size_t *)ctx)++;
	return 0;
}

/* Fills r->sum from the snapshot opened by partner `who`. */
static enum tend_status summarise(struct app_restore *r, int who,
                                  const struct store_couple *c)
{
	struct store_night *nights = NULL;
	size_t n = 0;
	enum tend_status st;

	memset(&r->sum, 0, sizeof(r->sum));
	for (int i = 0; i < 2; i++)
		snprintf(r->sum.name[i], sizeof(r->sum.name[i]), "%s",
		         c->name[i] ? c->name[i] : i ? "Partner 2" : "Partner 1");
	r->sum.opened_by = who;
	if ((st = store_checkin_each(r->img, 0, count_one, &r->sum.checkins)) != TEND_OK ||
	    (st = store_entry_count(r->img, NULL, &r->sum.entries)) != TEND_OK ||
	    (st = store_nights(r->img, STORE_ALL_NIGHTS, &nights, &n)) != TEND_OK)
		return st;
	if (n) {
		r->sum.first = nights[0].night;
		r->sum.last = nights[n - 1].night;
	}
	free(nights);
	return TEND_OK;
}

/* Opens the snapshot with partner `who`'s unlocked `key` and checks it:
 * tend's, whole, and holding the very key record that opened it, bound to
 * the name it gives that partner. */
static enum tend_status restore_check(struct app_restore *r, int who, struct vault_key *key,
                                      const struct vault_slot *slot, char *err, size_t errlen)
{
	struct store_couple c = { 0 };
	uint8_t *img = NULL;
	size_t imglen = 0;
	char why[200];
	enum tend_status st;

	if ((st = vault_backup_open(key, who, r->file, r->len, &img, &imglen)) != TEND_OK) {
		app_errf(err, errlen, "the backup was changed or damaged: it cannot be restored");
		return st;
	}
	st = store_open_image(img, imglen, &r->img);
	explicit_bzero(img, imglen);
	free(img);
	if (st != TEND_OK) {
		app_errf(err, errlen, "the database inside the backup cannot be read: %s",
		         tend_strerror(st));
		return st;
	}
	if ((st = store_integrity(r->img, why, sizeof(why))) != TEND_OK) {
		app_errf(err, errlen, "the database inside the backup is damaged (%s)", why);
		return st;
	}
	if ((st = store_couple_get(r->img, &c)) != TEND_OK) {
		app_errf(err, errlen, "the backup holds no couple: %s", tend_strerror(st));
		return st;
	}
	if (!c.name[who] || c.slot[who].len != r->info.slotlen[who] ||
	    memcmp(c.slot[who].data, r->info.slot[who], c.slot[who].len) != 0) {
		st = TEND_ERR_PARTNERS_CHANGED;
	} else if (slot->version == 2) {
		const struct vault_owner owner = { who, c.name[who] };

		st = vault_key_bound(key, slot, &owner);
	}
	if (st == TEND_OK)
		st = summarise(r, who, &c);
	else
		app_errf(err, errlen, "%s", tend_strerror(st));
	store_couple_clear(&c);
	return st;
}

enum tend_status app_restore_unlock(struct app_restore *r, const char *pass, size_t len,
                                    char *err, size_t errlen)
{
	enum tend_status st = TEND_ERR_PASSPHRASE;

	if (r->img) {
		store_close(r->img);
		r->img = NULL;
	}
	app_note("Opening the backup...");
	for (int i = 0; i < 2; i++) {
		struct vault_slot slot;
		struct vault_key *key = NULL;
		enum tend_status s;

		if (!(r->info.readers & (1u << i)))
			continue;
		if (vault_slot_decode(r->info.slot[i], r->info.slotlen[i], &slot) != TEND_OK ||
		    slot.kind != VAULT_SLOT_PASSPHRASE)
			continue;
		s = vault_unlock_unbound(&slot, pass, len, &key);
		if (s == TEND_ERR_PASSPHRASE)
			continue;
		if (s != TEND_OK) {
			app_errf(err, errlen, "could not open the backup: %s", tend_strerror(s));
			return s;
		}
		st = restore_check(r, i, key, &slot, err, errlen);
		vault_key_free(key);
		if (st != TEND_OK && r->img) {
			store_close(r->img);
			r->img = NULL;
		}
		return st;
	}
	app_errf(err, errlen, "that passphrase opens neither partner's key in this backup");
	return st;
}

const struct app_restore_summary *app_restore_summary(const struct app_restore *r)
{
	return r->img ? &r->sum : NULL;
}

/* Where the database that was there is kept: its path and
 * ".before-restore-YYYYMMDD-HHMMSS" of `now`, with "-2", "-3"... when
 * taken. */
static enum tend_status kept_path(const char *db_path, time_t now, char *out, size_t size)
{
	struct tm tm;
	char stamp[32];
	struct stat sb;

	if (!localtime_r(&now, &tm) || !strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm))
		return TEND_ERR_INVALID;
	for (int n = 1; n < 100; n++) {
		int w = n == 1 ? snprintf(out, size, "%s.before-restore-%s", db_path, stamp)
		               : snprintf(out, size, "%s.before-restore-%s-%d", db_path, stamp, n);

		if (w < 0 || (size_t)w >= size)
			return TEND_ERR_TOO_LONG;
		if (lstat(out, &sb) != 0 && errno == ENOENT)
			return TEND_OK;
	}
	return TEND_ERR_EXISTS;
}

/* Whether the open database `s` holds nothing anyone wrote or set up: no
 * couple, no check-in, no entry (a refused setup, or the screens left at
 * their welcome). */
static bool holds_nothing(struct store *s)
{
	struct store_couple c;
	struct store_checkin d;
	size_t checkins = 0, entries = 1;

	if (store_couple_get(s, &c) != TEND_ERR_NOT_SETUP) {
		store_couple_clear(&c);
		return false;
	}
	return store_entry_count(s, NULL, &entries) == TEND_OK && entries == 0 &&
	       store_checkin_each(s, 1, count_one, &checkins) == TEND_OK && checkins == 0 &&
	       store_checkin_draft(s, &d) == TEND_ERR_NOT_FOUND;
}

/* Whether something is at `path` that a restore would replace: *fresh is
 * true when nothing is there, or a database that holds nothing. */
static enum tend_status target_state(const char *db_path, bool *fresh, char *err,
                                     size_t errlen)
{
	struct store *s = NULL;
	struct stat sb;
	enum tend_status st;

	*fresh = true;
	if (lstat(db_path, &sb) != 0)
		return TEND_OK;
	if ((st = store_open_readonly(db_path, &s)) == TEND_ERR_NOT_SETUP)
		return TEND_OK; /* an empty file */
	if (st != TEND_OK) {
		app_errf(err, errlen, "%s: %s%s", db_path, tend_strerror(st),
		         st == TEND_ERR_NOT_TEND ? "; tend will not replace it" : "");
		return st;
	}
	*fresh = holds_nothing(s);
	store_close(s);
	return TEND_OK;
}

/* target_state, then the rule: over a database that holds something only
 * with `replace`. */
static enum tend_status target_check(const char *db_path, bool replace, bool *fresh,
                                     char *err, size_t errlen)
{
	enum tend_status st = target_state(db_path, fresh, err, errlen);

	if (st == TEND_OK && !*fresh && !replace) {
		app_errf(err, errlen, "there is already a database at %s; tend will not write over "
		         "it unless you add --replace (the one there now is then kept beside it)",
		         db_path);
		st = TEND_ERR_EXISTS;
	}
	return st;
}

enum tend_status app_restore_target(const char *db_path, bool replace, char *err,
                                    size_t errlen)
{
	bool fresh;

	return target_check(db_path, replace, &fresh, err, errlen);
}

enum tend_status app_restore_apply(struct app_restore *r, const char *db_path, bool replace,
                                   time_t now, char *kept, size_t keptlen, char *err,
                                   size_t errlen)
{
	struct store *s = NULL;
	struct stat sb;
	char dir[PATH_MAX], why[200];
	bool exists, fresh;
	enum tend_status st;

	if (kept && keptlen)
		kept[0] = '\0';
	if (!r->img)
		return TEND_ERR_INVALID;
	if ((st = target_check(db_path, replace, &fresh, err, errlen)) != TEND_OK)
		return st;
	exists = lstat(db_path, &sb) == 0;
	if (!exists) {
		dir_of(db_path, dir, sizeof(dir));
		if (app_mkdir_p(dir) != TEND_OK) {
			app_errf(err, errlen, "cannot create the folder %s: %s", dir, strerror(errno));
			return TEND_ERR_IO;
		}
	}
	if ((st = store_open(db_path, &s)) != TEND_OK) {
		app_errf(err, errlen, "%s: %s%s", db_path, tend_strerror(st),
		         st == TEND_ERR_NOT_TEND ? "; tend will not replace it" : "");
		goto out; /* store_open may have made the file: it goes again */
	}
	if ((st = store_lock_session(s)) != TEND_OK) {
		app_errf(err, errlen, "tend's screens are open on %s; close them first", db_path);
		goto out;
	}
	if (exists && !fresh) {
		if ((st = kept_path(db_path, now, kept, keptlen)) != TEND_OK ||
		    (st = store_copy_to(s, kept)) != TEND_OK) {
			app_errf(err, errlen, "could not keep a copy of the database there now (%s): %s; "
			         "nothing was changed", kept, tend_strerror(st));
			if (kept && keptlen)
				kept[0] = '\0';
			goto out;
		}
	}
	if ((st = store_replace(s, r->img)) != TEND_OK) {
		app_errf(err, errlen, "could not put the backup in place: %s%s", tend_strerror(st),
		         exists ? "; the database there before is unchanged" : "");
		goto out;
	}
	if ((st = store_integrity(s, why, sizeof(why))) != TEND_OK)
		app_errf(err, errlen, "the restored database does not check out (%s)%s", why,
		         exists && !fresh ? "; the one before is kept beside it" : "");
out:
	store_close(s);
	if (st != TEND_OK && !exists) {
		/* Leave no empty database where there was none. */
		static const char *const sides[] = { "", "-wal", "-shm" };
		char p[PATH_MAX + 8];

		for (size_t i = 0; i < sizeof(sides) / sizeof(sides[0]); i++) {
			snprintf(p, sizeof(p), "%s%s", db_path, sides[i]);
			unlink(p);
		}
	}
	return st;
}

void app_restore_free(struct app_restore *r)
{
	if (!r)
		return;
	store_close(r->img);
	if (r->file) {
		explicit_bzero(r->file, r->len);
		free(r->file);
	}
	free(r);
}
