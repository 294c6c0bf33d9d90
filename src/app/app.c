/* app.c: opening tend's database, setting up a couple, settings, and the
 * small services the UI needs (guarded memory, the monotonic clock). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "app_internal.h"
#include "tend/escape.h"
#include "tend/name.h"
#include "tend/utf8.h"

void app_errf(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

enum tend_status app_txn_end(struct store *s, enum tend_status st)
{
	if (st != TEND_OK) {
		store_rollback(s);
		return st;
	}
	return store_commit(s);
}

enum tend_status app_mkdir_p(const char *dir)
{
	char path[PATH_MAX];
	size_t len = strlen(dir);

	if (len == 0 || len >= sizeof(path))
		return TEND_ERR_INVALID;
	memcpy(path, dir, len + 1);
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0700) != 0 && errno != EEXIST)
			return TEND_ERR_IO;
		*p = '/';
	}
	if (mkdir(path, 0700) != 0 && errno != EEXIST)
		return TEND_ERR_IO;
	return TEND_OK;
}

enum tend_status app_default_db(char *buf, size_t size)
{
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	int n;

	if (xdg && xdg[0] == '/')
		n = snprintf(buf, size, "%s/tend/tend.db", xdg);
	else if (home && home[0])
		n = snprintf(buf, size, "%s/.local/share/tend/tend.db", home);
	else
		return TEND_ERR_NOT_FOUND;
	return n > 0 && (size_t)n < size ? TEND_OK : TEND_ERR_TOO_LONG;
}

/* Reads partner i's recovery record into app->recovery[i] and its state
 * into app->recovery_st[i]: usable (TEND_OK) only when it is a recovery
 * slot for the same public key as their key record (when that one can be
 * read). Returns a failure of the store, else TEND_OK. */
static enum tend_status load_recovery(struct app *app, int i)
{
	struct store_blob b = { NULL, 0 };
	enum tend_status st = store_recovery_get(app->store, i, &b);

	if (st == TEND_ERR_NOT_FOUND) {
		app->recovery_st[i] = st;
		return TEND_OK;
	}
	if (st != TEND_OK)
		return st;
	st = vault_slot_decode(b.data, b.len, &app->recovery[i]);
	store_blob_clear(&b);
	if (st == TEND_OK && (app->recovery[i].kind != VAULT_SLOT_RECOVERY ||
	                      (app->slot_st[i] == TEND_OK &&
	                       memcmp(app->recovery[i].pk, app->slot[i].pk, VAULT_PK_BYTES))))
		st = TEND_ERR_KEY_DAMAGED;
	app->recovery_st[i] = st == TEND_OK || st == TEND_ERR_TOO_NEW ? st : TEND_ERR_KEY_DAMAGED;
	return TEND_OK;
}

/* Reads the settings from the store into `app`, noting the file's data
 * version they were read at (app_settings_refresh). */
static enum tend_status load_settings(struct app *app)
{
	enum tend_status st;
	int64_t v;

	if ((st = store_data_version(app->store, &app->data_version)) != TEND_OK)
		return st;
	v = NIGHT_DEFAULT_BOUNDARY_MIN;
	if ((st = store_setting_get(app->store, "boundary_min", &v)) != TEND_OK)
		return st;
	app->boundary_min = v >= 0 && v < NIGHT_MINUTES ? (int)v : NIGHT_DEFAULT_BOUNDARY_MIN;
	v = STREAK_REST_WINDOW_DEFAULT;
	if ((st = store_setting_get(app->store, "rest_window", &v)) != TEND_OK)
		return st;
	app->rest_window = v >= 1 && v <= STREAK_REST_WINDOW_MAX ? (int)v : STREAK_REST_WINDOW_DEFAULT;
	if ((st = app_calendar_load(app)) != TEND_OK)
		return st;
	v = 1;
	if ((st = store_setting_get(app->store, "bell", &v)) != TEND_OK)
		return st;
	app->bell = v != 0;
	v = 1;
	if ((st = store_setting_get(app->store, "flash", &v)) != TEND_OK)
		return st;
	app->flash = v != 0;
	v = 1;
	if ((st = store_setting_get(app->store, "streaks", &v)) != TEND_OK)
		return st;
	app->streaks = v != 0;
	return TEND_OK;
}

enum tend_status app_settings_refresh(struct app *app)
{
	int64_t v;
	enum tend_status st = store_data_version(app->store, &v);

	if (st != TEND_OK || v == app->data_version)
		return st;
	return load_settings(app);
}

/* A partner's name as the file holds it, into `out`. A name is one line:
 * tend never keeps a line break or a tab in one (app_name_check), so a name
 * holding one was put in the file by hand, maybe to pass for a line of
 * tend's own ("Ana\nTonight: done"). Such a name is kept in its one-line
 * visible form (escape_line: "Ana\x0aTonight: done"), which every screen,
 * command and status line then shows as it is, cut at a character to fit.
 * Other names stay as they are: each printer makes them safe (escape.h). */
static void keep_name(char out[APP_MAX_NAME + 1], const char *stored)
{
	size_t n = strlen(stored);
	char shown[ESCAPE_TERM_MAX(APP_MAX_NAME) + 1];

	if (n > APP_MAX_NAME)
		n = APP_MAX_NAME;
	if (escape_line(stored, n, NULL, 0) == escape_term(stored, n, NULL, 0)) {
		memcpy(out, stored, n);
		out[n] = '\0';
		return;
	}
	escape_line(stored, n, shown, sizeof(shown));
	n = strlen(shown);
	while (n > APP_MAX_NAME)
		n = utf8_prev(shown, n);
	memcpy(out, shown, n);
	out[n] = '\0';
}

/* Reads the couple and settings from the store into `app`. */
static enum tend_status load_couple(struct app *app)
{
	struct store_couple c = { 0 };
	enum tend_status st;

	if ((st = load_settings(app)) != TEND_OK)
		return st;
	st = store_couple_get(app->store, &c);
	if (st == TEND_ERR_NOT_SETUP) {
		app->setup = false;
		return TEND_OK;
	}
	if (st != TEND_OK)
		return st;
	/* Each partner on their own: a damaged record is remembered, named
	 * when used, and does not stop the other partner. */
	for (int i = 0; i < 2; i++) {
		if (!c.name[i]) {
			snprintf(app->name[i], sizeof(app->name[i]), "Partner %d", i + 1);
			app->slot_st[i] = TEND_ERR_KEY_DAMAGED;
			continue;
		}
		keep_name(app->name[i], c.name[i]);
		st = vault_slot_decode(c.slot[i].data, c.slot[i].len, &app->slot[i]);
		if (st == TEND_OK && app->slot[i].kind != VAULT_SLOT_PASSPHRASE)
			st = TEND_ERR_KEY_DAMAGED;
		app->slot_st[i] = st == TEND_OK || st == TEND_ERR_TOO_NEW ? st : TEND_ERR_KEY_DAMAGED;
	}
	store_couple_clear(&c);
	for (int i = 0; i < 2; i++)
		if ((st = load_recovery(app, i)) != TEND_OK)
			return st;
	app->setup = true;
	return TEND_OK;
}

enum tend_status app_load_couple(struct app *app)
{
	enum tend_status st = store_read_begin(app->store);

	/* The settings, the couple and their recovery records from one
	 * snapshot of the file, its locks taken once for all of them. */
	if (st == TEND_OK)
		st = load_couple(app);
	store_read_end(app->store);
	return st;
}

/* Opens for app_open and app_open_readonly. */
static enum tend_status open_common(const char *db_path, bool interactive, bool readonly,
                                    struct app **out, char *err, size_t errlen)
{
	struct app *app;
	enum tend_status st;
	char dir[PATH_MAX];
	const char *slash;

	*out = NULL;
	if ((st = vault_init()) != TEND_OK) {
		app_errf(err, errlen, st == TEND_ERR_DENIED
		         ? "the system did not let tend keep private memory out of core dumps "
		           "(setrlimit or prctl refused); nothing was opened"
		         : "could not start the encryption library");
		return st;
	}
	slash = strrchr(db_path, '/');
	if (!readonly && slash && slash != db_path) {
		size_t n = (size_t)(slash - db_path);
		if (n >= sizeof(dir))
			return TEND_ERR_TOO_LONG;
		memcpy(dir, db_path, n);
		dir[n] = '\0';
		if (app_mkdir_p(dir) != TEND_OK) {
			app_errf(err, errlen, "cannot create the folder %s: %s", dir, strerror(errno));
			return TEND_ERR_IO;
		}
	}
	app = calloc(1, sizeof(*app));
	if (!app)
		return TEND_ERR_NOMEM;
	app->readonly = readonly;
	if (strlen(db_path) >= sizeof(app->db_path)) {
		free(app);
		return TEND_ERR_TOO_LONG;
	}
	strcpy(app->db_path, db_path);
	st = readonly ? store_open_readonly(db_path, &app->store) : store_open(db_path, &app->store);
	/* A command on a file that cannot be written (a read-only backup, a
	 * read-only mount) still reads it; any write it tries is then refused
	 * as read-only, losing nothing. The screens are not opened so: a
	 * check-in that could not be kept would waste the couple's evening. */
	if (st == TEND_ERR_READONLY && !interactive) {
		enum tend_status ro = store_open_readonly(db_path, &app->store);

		/* why reading failed too says more than "read-only" */
		if (ro != TEND_ERR_NOT_SETUP)
			st = ro;
		app->readonly = ro == TEND_OK;
	}
	if (st != TEND_OK) {
		app_errf(err, errlen, "%s: %s", db_path, tend_strerror(st));
		goto fail;
	}
	if (interactive && (st = store_lock_session(app->store)) != TEND_OK) {
		app_errf(err, errlen, "tend is already open on %s (in another window?); "
		         "close it there first", db_path);
		goto fail;
	}
	app->session = interactive;
	if ((st = app_load_couple(app)) != TEND_OK) {
		app_errf(err, errlen, "%s: %s", db_path, tend_strerror(st));
		goto fail;
	}
	*out = app;
	return TEND_OK;
fail:
	app_close(app);
	return st;
}

enum tend_status app_open(const char *db_path, bool interactive, struct app **out,
                          char *err, size_t errlen)
{
	return open_common(db_path, interactive, false, out, err, errlen);
}

enum tend_status app_open_readonly(const char *db_path, struct app **out, char *err,
                                   size_t errlen)
{
	return open_common(db_path, false, true, out, err, errlen);
}

void app_close(struct app *app)
{
	if (!app)
		return;
	if (app->store)
		store_close(app->store);
	prompt_deck_free(&app->deck);
	prompt_deck_free(&app->reflections);
	prompt_deck_free(&app->journal);
	free(app);
}

bool app_is_setup(const struct app *app)
{
	return app->setup;
}

const char *app_name(const struct app *app, int partner)
{
	if (!app->setup || partner < 0 || partner > 1)
		return "";
	return app->name[partner];
}

enum tend_status app_partner_key(const struct app *app, int partner)
{
	if (!app->setup)
		return TEND_ERR_NOT_SETUP;
	if (partner < 0 || partner > 1)
		return TEND_ERR_INVALID;
	return app->slot_st[partner];
}

void app_key_problem(const struct app *app, int partner, char *buf, size_t size)
{
	enum tend_status st = app_partner_key(app, partner);
	const char *name = app_name(app, partner), *other = app_name(app, !partner);

	if (st == TEND_OK || partner < 0 || partner > 1)
		app_errf(buf, size, "%s", "");
	else if (st == TEND_ERR_TOO_NEW)
		app_errf(buf, size, "%s's key record was written by a newer tend", name);
	else if (app_partner_key(app, !partner) == TEND_OK)
		app_errf(buf, size, "%s's key record in this database is damaged or was changed "
		         "(%s's is not affected)", name, other);
	else
		app_errf(buf, size, "%s's key record in this database is damaged or was changed",
		         name);
}

int app_partner_by_name(const struct app *app, const char *name)
{
	if (!app->setup || !name)
		return -1;
	/* The very bytes first: a database set up before names were compared
	 * by Unicode's rules may hold two names that fold alike. */
	for (int i = 0; i < 2; i++)
		if (strcmp(app->name[i], name) == 0)
			return i;
	for (int i = 0; i < 2; i++)
		if (name_same(app->name[i], name))
			return i;
	return -1;
}

/* Cleans `name` as name_clean does into `out`; the problem, and in err
 * (when not NULL) why, in words that follow "the first name". */
static enum name_problem app_name_why(const char *name, char out[APP_MAX_NAME + 1],
                                      char *err, size_t errlen)
{
	uint32_t cp = 0;
	enum name_problem p = name_clean(name, strlen(name), out, APP_MAX_NAME + 1, &cp);

	switch (p) {
	case NAME_OK:
		app_errf(err, errlen, "%s", "");
		break;
	case NAME_EMPTY:
		app_errf(err, errlen, "is empty");
		break;
	case NAME_TOO_LONG:
		app_errf(err, errlen, "is too long: a name is at most %d bytes (as many plain "
		         "letters, fewer with accents or in other alphabets)", APP_MAX_NAME);
		break;
	case NAME_NOT_TEXT:
		app_errf(err, errlen, "is not readable text (not UTF-8)");
		break;
	case NAME_CONTROL:
		app_errf(err, errlen, "has a control character or a line break in it (U+%04X)",
		         (unsigned)cp);
		break;
	case NAME_BIDI:
		app_errf(err, errlen, "has a character in it that turns the direction of writing "
		         "(U+%04X), which can make a name look like another", (unsigned)cp);
		break;
	case NAME_INVISIBLE:
		app_errf(err, errlen, "has an invisible character in it (U+%04X), which would let "
		         "two names look the same and still differ", (unsigned)cp);
		break;
	case NAME_DOUBLE_SPACE:
		app_errf(err, errlen, "has two spaces in a row");
		break;
	case NAME_NOMEM:
	default:
		app_errf(err, errlen, "could not be checked: %s", tend_strerror(TEND_ERR_NOMEM));
		break;
	}
	return p;
}

enum tend_status app_name_check(const char *name, char *err, size_t errlen)
{
	char out[APP_MAX_NAME + 1];
	enum name_problem p = app_name_why(name ? name : "", out, err, errlen);

	return p == NAME_OK ? TEND_OK : p == NAME_NOMEM ? TEND_ERR_NOMEM : TEND_ERR_INVALID;
}

enum tend_status app_name_clean(const char *name, char out[APP_MAX_NAME + 1])
{
	enum name_problem p = app_name_why(name ? name : "", out, NULL, 0);

	return p == NAME_OK ? TEND_OK : p == NAME_NOMEM ? TEND_ERR_NOMEM : TEND_ERR_INVALID;
}

enum tend_status app_names_check(const char *const name[2], char *err, size_t errlen)
{
	static const char *const which[2] = { "first", "second" };
	char out[2][APP_MAX_NAME + 1], why[300];
	enum tend_status st;

	for (int i = 0; i < 2; i++)
		if ((st = app_name_check(name[i], why, sizeof(why))) != TEND_OK) {
			app_errf(err, errlen, "the %s name %s", which[i], why);
			return st;
		}
	for (int i = 0; i < 2; i++)
		app_name_clean(name[i], out[i]);
	/* --as finds a partner by the same name, so these must differ. */
	if (name_same(out[0], out[1])) {
		app_errf(err, errlen, "the two names need to be different (tend takes capital and "
		         "small letters as the same, and spaces at either end do not count)");
		return TEND_ERR_INVALID;
	}
	if (name_lookalike(out[0], out[1])) {
		app_errf(err, errlen, "those two names would look the same: a letter from another "
		         "alphabet, or another form of a letter, can look just like yours");
		return TEND_ERR_INVALID;
	}
	app_errf(err, errlen, "%s", "");
	return TEND_OK;
}

int app_kdf_parse(const char *s)
{
	if (!s)
		return -1;
	if (strcmp(s, "interactive") == 0)
		return APP_KDF_INTERACTIVE;
	if (strcmp(s, "moderate") == 0)
		return APP_KDF_MODERATE;
	if (strcmp(s, "sensitive") == 0)
		return APP_KDF_SENSITIVE;
	return -1;
}

/* The vault's level of each of the app's key derivation costs. */
static const enum vault_kdf_level levels[] = {
	[APP_KDF_INTERACTIVE] = VAULT_KDF_INTERACTIVE,
	[APP_KDF_MODERATE] = VAULT_KDF_MODERATE,
	[APP_KDF_SENSITIVE] = VAULT_KDF_SENSITIVE,
};

enum tend_status app_setup(struct app *app, const char *const name[2],
                           const char *const pass[2], const size_t passlen[2],
                           enum app_kdf kdf, char *const code[2], time_t now)
{
	struct vault_slot slot;
	uint8_t enc[2][VAULT_SLOT_BYTES], renc[2][VAULT_SLOT_BYTES];
	struct store_blob rec[2] = { { NULL, 0 }, { NULL, 0 } };
	struct store_couple c = { 0 };
	struct vault_key *key = NULL;
	char kept[2][APP_MAX_NAME + 1];
	uint64_t ops, mem;
	enum tend_status st;

	if (app->setup)
		return TEND_ERR_EXISTS;
	if ((unsigned)kdf > APP_KDF_SENSITIVE)
		return TEND_ERR_INVALID;
	if ((st = app_names_check(name, NULL, 0)) != TEND_OK)
		return st;
	for (int i = 0; i < 2; i++)
		if (passlen[i] == 0 || passlen[i] > APP_MAX_PASS)
			return TEND_ERR_INVALID;
	/* Kept, and bound into each key record, in the form they are compared in. */
	for (int i = 0; i < 2; i++)
		app_name_clean(name[i], kept[i]);
	/* Either passphrase would open both partners' private writing. */
	if (passlen[0] == passlen[1] && memcmp(pass[0], pass[1], passlen[0]) == 0)
		return TEND_ERR_SAME_PASSPHRASE;
	if ((st = vault_kdf_limits(levels[kdf], &ops, &mem)) != TEND_OK)
		return st;
	for (int i = 0; i < 2; i++) {
		const struct vault_owner owner = { i, kept[i] };

		app_note("Making %s's key...", kept[i]);
		if ((st = vault_key_create(&key)) != TEND_OK)
			goto out;
		st = vault_slot_make(key, VAULT_SLOT_PASSPHRASE, ops, mem, &owner, pass[i],
		                     passlen[i], &slot);
		if (st == TEND_OK && code && code[i]) {
			rec[i].data = renc[i];
			st = app_recovery_make(key, &owner, code[i], renc[i], &rec[i].len);
		}
		vault_key_free(key);
		key = NULL;
		if (st != TEND_OK)
			goto out;
		c.name[i] = kept[i];
		c.slot[i].data = enc[i];
		c.slot[i].len = vault_slot_encode(&slot, enc[i]);
	}
	c.created = (int64_t)now;
	if ((st = store_begin(app->store)) != TEND_OK)
		goto out;
	st = store_couple_put(app->store, &c);
	for (int i = 0; i < 2 && st == TEND_OK; i++)
		if (rec[i].len)
			st = store_recovery_put(app->store, i, &rec[i]);
	if ((st = app_txn_end(app->store, st)) == TEND_OK)
		st = app_load_couple(app);
out:
	/* A code that was not stored opens nothing: do not show it. */
	for (int i = 0; code && i < 2; i++)
		if (code[i] && st != TEND_OK)
			explicit_bzero(code[i], APP_RECOVERY_TEXT + 1);
	return st;
}

enum app_kdf app_partner_kdf(const struct app *app, int partner)
{
	enum vault_kdf_level level;

	if (partner < 0 || partner > 1 || app->slot_st[partner] != TEND_OK)
		return APP_KDF_MODERATE;
	level = vault_slot_level(&app->slot[partner]);
	for (int k = APP_KDF_INTERACTIVE; k <= APP_KDF_SENSITIVE; k++)
		if (levels[k] == level)
			return (enum app_kdf)k;
	return APP_KDF_MODERATE;
}

unsigned app_random_below(unsigned upper)
{
	return vault_random_below(upper);
}

bool app_bell(const struct app *app)
{
	return app->bell;
}

bool app_flash(const struct app *app)
{
	return app->flash;
}

int app_rest_window(const struct app *app)
{
	return app->rest_window;
}

/* Stores one integer setting in its own transaction. */
static enum tend_status put_setting(struct app *app, const char *key, int64_t v)
{
	enum tend_status st;

	if ((st = store_begin(app->store)) != TEND_OK)
		return st;
	return app_txn_end(app->store, store_setting_put(app->store, key, v));
}

enum tend_status app_setting_put(struct app *app, const char *key, int64_t v)
{
	return put_setting(app, key, v);
}

enum tend_status app_set_bell(struct app *app, bool on)
{
	enum tend_status st = put_setting(app, "bell", on);

	if (st == TEND_OK)
		app->bell = on;
	return st;
}

enum tend_status app_set_flash(struct app *app, bool on)
{
	enum tend_status st = put_setting(app, "flash", on);

	if (st == TEND_OK)
		app->flash = on;
	return st;
}

bool app_streaks(const struct app *app)
{
	return app->streaks;
}

enum tend_status app_set_streaks(struct app *app, bool on)
{
	enum tend_status st = put_setting(app, "streaks", on);

	if (st == TEND_OK)
		app->streaks = on;
	return st;
}

const char *app_entry_kind_name(int kind)
{
	switch (kind) {
	case APP_ENTRY_JOURNAL: return "journal entry";
	case APP_ENTRY_REFLECTION: return "reflection";
	case APP_ENTRY_NOTE: return "note";
	case APP_ENTRY_TOPIC: return "parked topic";
	case APP_ENTRY_AGREEMENT: return "agreement";
	case APP_ENTRY_TOGETHER: return "next together";
	default: return "record";
	}
}

int app_boundary(const struct app *app)
{
	return app->boundary_min;
}

enum tend_status app_set_boundary(struct app *app, int minutes)
{
	enum tend_status st;

	if (minutes < 0 || minutes >= NIGHT_MINUTES)
		return TEND_ERR_INVALID;
	if ((st = put_setting(app, "boundary_min", minutes)) == TEND_OK)
		app->boundary_min = minutes;
	return st;
}

int64_t app_mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

enum tend_status app_set_rest_window(struct app *app, int nights)
{
	enum tend_status st;

	if (nights < 1 || nights > STREAK_REST_WINDOW_MAX)
		return TEND_ERR_INVALID;
	if ((st = put_setting(app, "rest_window", nights)) == TEND_OK)
		app->rest_window = nights;
	return st;
}

void *app_secure_alloc(size_t n)
{
	return vault_secure_alloc(n);
}

void app_release_memory(struct app *app)
{
	store_release(app->store);
}

void app_secure_free(void *p)
{
	vault_secure_free(p);
}

int64_t app_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The front end's voice for slow work (app_set_note): one a process, as
 * the screens and the commands never run at once. */
static app_note_fn note_fn;
static void *note_ctx;

void app_set_note(app_note_fn fn, void *ctx)
{
	note_fn = fn;
	note_ctx = ctx;
}

void app_note(const char *fmt, ...)
{
	char text[2 * APP_MAX_NAME + 120];
	va_list ap;

	if (!note_fn)
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	note_fn(note_ctx, text);
}
