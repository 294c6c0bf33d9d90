/* data.c: where plans and prompt decks live, and reading them.
 *
 * Shipped data is found next to the program, so neither a source tree nor
 * an installed copy needs a path compiled in: <exe>/data (the source tree),
 * <exe>/../data (a build folder), <exe>/../share/tend (installed). The
 * environment variable TEND_DATA_DIR overrides them. A couple's own plans
 * and decks live in $XDG_CONFIG_HOME/tend (~/.config/tend): plans/NAME.plan
 * adds or replaces a plan, prompts/PILLAR.deck replaces a deck. */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app_internal.h"

#define MAX_DATA_FILE (1u << 20)

/* snprintf into a path buffer; false when it did not fit. */
__attribute__((format(printf, 3, 4)))
static bool pathf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n >= 0 && (size_t)n < size;
}

static bool is_dir(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

static bool is_file(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* Whether `dir` looks like tend's data folder. */
static bool data_ok(const char *dir)
{
	char p[PATH_MAX];

	return pathf(p, sizeof(p), "%s/plans", dir) && is_dir(p);
}

void app_data_locate(struct app *app)
{
	static const char *const rel[] = { "data", "../data", "../share/tend" };
	const char *env = getenv("TEND_DATA_DIR");
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	char exe[PATH_MAX];
	ssize_t n;

	if (app->data_located)
		return;
	app->data_located = true;
	app->data_dir[0] = '\0';
	if (env && env[0]) {
		snprintf(app->data_dir, sizeof(app->data_dir), "%s", env);
	} else if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) > 0) {
		char *slash;

		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')))
			*slash = '\0';
		for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
			char cand[PATH_MAX];

			if (!pathf(cand, sizeof(cand), "%s/%s", exe, rel[i]))
				continue;
			if (data_ok(cand)) {
				if (!realpath(cand, app->data_dir))
					snprintf(app->data_dir, sizeof(app->data_dir), "%s", cand);
				break;
			}
		}
	}
	app->user_dir[0] = '\0';
	if (xdg && xdg[0] == '/')
		snprintf(app->user_dir, sizeof(app->user_dir), "%s/tend", xdg);
	else if (home && home[0])
		snprintf(app->user_dir, sizeof(app->user_dir), "%s/.config/tend", home);
}

enum tend_status app_read_file(const char *path, char **out, size_t *len)
{
	return app_read_file_max(path, MAX_DATA_FILE, out, len);
}

enum tend_status app_read_file_max(const char *path, uint64_t max, char **out, size_t *len)
{
	struct stat sb;
	char *buf = NULL;
	size_t got = 0;
	int fd;
	enum tend_status st = TEND_OK;

	*out = NULL;
	*len = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? TEND_ERR_NOT_FOUND : TEND_ERR_IO;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		st = TEND_ERR_IO;
		goto out;
	}
	if ((uint64_t)sb.st_size > max) {
		st = TEND_ERR_TOO_LONG;
		goto out;
	}
	buf = malloc((size_t)sb.st_size + 1);
	if (!buf) {
		st = TEND_ERR_NOMEM;
		goto out;
	}
	while (got < (size_t)sb.st_size) {
		ssize_t r = read(fd, buf + got, (size_t)sb.st_size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) { /* an error, not a file cut short */
			st = TEND_ERR_IO;
			goto out;
		}
		if (r == 0)
			break; /* shorter than it was a moment ago: what is there */
		got += (size_t)r;
	}
	buf[got] = '\0';
	*out = buf;
	*len = got;
	buf = NULL;
out:
	free(buf);
	close(fd);
	return st;
}

/* A plan name is a plain word, so it can never climb out of a folder. */
static bool plan_name_ok(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > 48)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = name[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '-' || ch == '_'))
			return false;
	}
	return true;
}

/* Whether `s` ends in ".plan" (and is more than that). */
static bool plan_suffix(const char *s, size_t n)
{
	return n > 5 && strcmp(s + n - 5, ".plan") == 0;
}

bool app_plan_is_path(const char *ref)
{
	return strchr(ref, '/') || plan_suffix(ref, strlen(ref));
}

/* The base name of a path without ".plan": the plan's name. */
static void name_from_path(const char *path, char *name, size_t size)
{
	const char *base = strrchr(path, '/');
	size_t n;

	base = base ? base + 1 : path;
	n = strlen(base);
	if (plan_suffix(base, n))
		n -= 5;
	if (n >= size)
		n = size - 1;
	memcpy(name, base, n);
	name[n] = '\0';
}

/* Plan names joined with ", ", for a message. */
struct name_list {
	char buf[256];
	size_t len;
};

static void add_name(const char *name, void *ctx)
{
	struct name_list *l = ctx;
	int n = snprintf(l->buf + l->len, sizeof(l->buf) - l->len, "%s%s",
	                 l->len ? ", " : "", name);

	if (n > 0 && (size_t)n < sizeof(l->buf) - l->len)
		l->len += (size_t)n;
}

void app_plan_display(const char *ref, char *out, size_t size)
{
	name_from_path(ref, out, size);
}

enum tend_status app_plan_load(struct app *app, const char *name, struct plan **out,
                               char *err, size_t errlen)
{
	char path[PATH_MAX] = "";
	char pname[64];
	struct plan_error perr = { 0 };
	enum tend_status st;
	char *text;
	size_t len;

	*out = NULL;
	app_data_locate(app);
	if (!name || !name[0])
		name = "nightly";
	if (app_plan_is_path(name)) {
		snprintf(path, sizeof(path), "%s", name);
	} else {
		if (!plan_name_ok(name)) {
			app_errf(err, errlen, "'%s' is not a plan name (letters, digits, - and _)", name);
			return TEND_ERR_INVALID;
		}
		if (!app->user_dir[0] ||
		    !pathf(path, sizeof(path), "%s/plans/%s.plan", app->user_dir, name) ||
		    !is_file(path)) {
			if (!app->data_dir[0]) {
				app_errf(err, errlen, "cannot find tend's data folder "
				         "(set TEND_DATA_DIR to the folder holding plans/)");
				return TEND_ERR_NOT_FOUND;
			}
			if (!pathf(path, sizeof(path), "%s/plans/%s.plan", app->data_dir, name))
				return TEND_ERR_TOO_LONG;
		}
	}
	st = app_read_file(path, &text, &len);
	if (st == TEND_ERR_NOT_FOUND) {
		struct name_list known = { "", 0 };

		app_plan_each(app, add_name, &known);
		app_errf(err, errlen, "there is no plan '%s' (%s); the plans here are: %s", name,
		         path, known.len ? known.buf : "none");
		return st;
	}
	if (st != TEND_OK) {
		app_errf(err, errlen, "%s: %s", path, tend_strerror(st));
		return st;
	}
	name_from_path(path, pname, sizeof(pname));
	st = plan_parse(text, len, pname, out, &perr);
	free(text);
	if (st == TEND_ERR_PARSE) {
		if (perr.line > 0)
			app_errf(err, errlen, "%s:%d: %s", path, perr.line, perr.reason);
		else
			app_errf(err, errlen, "%s: %s", path, perr.reason);
	} else if (st != TEND_OK) {
		app_errf(err, errlen, "%s: %s", path, tend_strerror(st));
	}
	return st;
}

#define MAX_PLANS 64

/* Adds the name of each *.plan in `dir` to `seen` unless it is there. */
static void gather(const char *dir, char seen[][64], size_t *nseen)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d)) && *nseen < MAX_PLANS) {
		size_t n = strlen(de->d_name);
		char name[64];
		bool dup = false;

		if (!plan_suffix(de->d_name, n))
			continue;
		name_from_path(de->d_name, name, sizeof(name));
		if (!plan_name_ok(name))
			continue;
		for (size_t i = 0; i < *nseen; i++)
			dup |= strcmp(seen[i], name) == 0;
		if (!dup)
			memcpy(seen[(*nseen)++], name, sizeof(name));
	}
	closedir(d);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(a, b);
}

void app_plan_each(struct app *app, void (*fn)(const char *name, void *ctx), void *ctx)
{
	char seen[MAX_PLANS][64];
	size_t nseen = 0;
	char dir[PATH_MAX];

	app_data_locate(app);
	if (app->user_dir[0] && pathf(dir, sizeof(dir), "%s/plans", app->user_dir))
		gather(dir, seen, &nseen);
	if (app->data_dir[0] && pathf(dir, sizeof(dir), "%s/plans", app->data_dir))
		gather(dir, seen, &nseen);
	qsort(seen, nseen, sizeof(seen[0]), by_name);
	for (size_t i = 0; i < nseen; i++)
		fn(seen[i], ctx);
}

/* Parses the deck at `path` into `deck`; errors name the file and line. */
static enum tend_status load_deck(struct prompt_deck *deck, int pillar, const char *path,
                                  char *err, size_t errlen)
{
	struct plan_error perr = { 0 };
	enum tend_status st;
	char *text;
	size_t len;

	st = app_read_file(path, &text, &len);
	if (st != TEND_OK) {
		app_errf(err, errlen, "%s: %s", path,
		         st == TEND_ERR_NOT_FOUND ? "missing" : tend_strerror(st));
		return st;
	}
	st = prompt_deck_parse(deck, pillar, text, len, &perr);
	free(text);
	if (st == TEND_ERR_PARSE)
		app_errf(err, errlen, "%s:%d: %s", path, perr.line, perr.reason);
	else if (st != TEND_OK)
		app_errf(err, errlen, "%s: %s", path, tend_strerror(st));
	return st;
}

/* The user's copy of `rel` when there is one, else the shipped one. */
static void pick(struct app *app, const char *rel, char *path, size_t size)
{
	app_data_locate(app);
	if (app->user_dir[0] && pathf(path, size, "%s/%s", app->user_dir, rel) && is_file(path))
		return;
	if (!pathf(path, size, "%s/%s", app->data_dir, rel))
		path[0] = '\0';
}

enum tend_status app_decks_load(struct app *app, char *err, size_t errlen)
{
	char rel[64], path[PATH_MAX];
	enum tend_status st;

	if (app->decks_loaded)
		return TEND_OK;
	app_data_locate(app);
	if (!app->data_dir[0]) {
		app_errf(err, errlen, "cannot find tend's data folder "
		         "(set TEND_DATA_DIR to the folder holding plans/ and prompts/)");
		return TEND_ERR_NOT_FOUND;
	}
	for (int p = 0; p < PILLAR_COUNT; p++) {
		snprintf(rel, sizeof(rel), "prompts/%s.deck", pillar_key(p));
		pick(app, rel, path, sizeof(path));
		if ((st = load_deck(&app->deck, p, path, err, errlen)) != TEND_OK)
			goto fail;
	}
	pick(app, "reflections.deck", path, sizeof(path));
	if ((st = load_deck(&app->reflections, -1, path, err, errlen)) != TEND_OK)
		goto fail;
	app->decks_loaded = true;
	return TEND_OK;
fail:
	prompt_deck_free(&app->deck);
	prompt_deck_free(&app->reflections);
	return st;
}

/* app_plans: one plan's line in the chooser. */
struct plans_ctx {
	struct app *app;
	const char *tonight; /* the default plan's name */
	struct app_plan_info *out;
	size_t max, n;
};

static void plan_info(const char *name, void *ctx)
{
	struct plans_ctx *c = ctx;
	struct app_plan_info *pi;
	struct plan *plan = NULL;
	char err[300] = "";

	if (c->n >= c->max)
		return;
	pi = &c->out[c->n++];
	memset(pi, 0, sizeof(*pi));
	snprintf(pi->name, sizeof(pi->name), "%s", name);
	pi->is_default = strcmp(name, c->tonight) == 0;
	if (app_plan_load(c->app, name, &plan, err, sizeof(err)) != TEND_OK) {
		snprintf(pi->title, sizeof(pi->title), "%s", name);
		snprintf(pi->about, sizeof(pi->about), "This plan does not load: %.*s",
		         (int)(sizeof(pi->about) - 30), err);
		return;
	}
	pi->ok = true;
	snprintf(pi->title, sizeof(pi->title), "%s", plan->title);
	snprintf(pi->about, sizeof(pi->about), "%s", plan->about);
	pi->total_seconds = plan->total_seconds;
	plan_free(plan);
}

size_t app_plans(struct app *app, time_t now, struct app_plan_info *out, size_t max)
{
	/* On the weekly talk's night the weekly talk comes first. */
	bool weekly = night_weekday(night_of(now, app->boundary_min)) == app_weekly_day(app);
	struct plans_ctx c = { app, weekly ? "weekly" : "nightly", out, max, 0 };
	bool found = false;

	app_plan_each(app, plan_info, &c);
	for (size_t i = 0; i < c.n; i++)
		found = found || (out[i].is_default && out[i].ok);
	if (!found) /* no weekly plan here (or it does not load): the nightly one */
		for (size_t i = 0; i < c.n; i++)
			out[i].is_default = strcmp(out[i].name, "nightly") == 0;
	/* Tonight's default first, the others stay in name order. */
	for (size_t i = 1; i < c.n; i++) {
		if (out[i].is_default) {
			struct app_plan_info d = out[i];

			memmove(&out[1], &out[0], i * sizeof(out[0]));
			out[0] = d;
			break;
		}
	}
	return c.n;
}

const char *app_journal_question(struct app *app, time_t now)
{
	const struct prompt_card *q = NULL;
	char path[PATH_MAX];

	if (!app->journal_loaded) {
		char err[64];

		app->journal_loaded = true;
		pick(app, "journal.deck", path, sizeof(path));
		/* Optional: without the deck a journal entry starts blank. */
		if (!path[0] || load_deck(&app->journal, -1, path, err, sizeof(err)) != TEND_OK)
			prompt_deck_free(&app->journal);
	}
	if (prompt_pick(&app->journal, (uint32_t)night_of(now, app->boundary_min), 1, &q) != 1)
		return NULL;
	return q->text;
}
