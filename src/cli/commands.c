/* commands.c: setting up, writing, reading, streaks, settings, and the two
 * ways to a new passphrase (the current one, or a recovery code). */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli_internal.h"
#include "tend/escape.h"
#include "tend/utf8.h"

/* Asks on the terminal whether partner `name` wants a recovery code. */
static bool wants_code(const char *name)
{
	char q[APP_MAX_NAME + 160];

	snprintf(q, sizeof(q), "%s, do you want a recovery code? If you ever forget your "
	         "passphrase, it lets you set a new one. [Y/n] ", name);
	return cli_yes(q, true);
}

int cli_init(const struct cli_args *a, struct app *app)
{
	char *pass[2] = { NULL, NULL }, *code[2] = { NULL, NULL };
	char kept[2][APP_MAX_NAME + 1], why[400];
	const char *const partner[2] = { kept[0], kept[1] };
	bool want[2] = { a->recovery, a->recovery };
	size_t len[2] = { 0, 0 };
	enum tend_status st;
	int rc = 1;

	if (app_is_setup(app))
		return cli_fail("this database is already set up for %s and %s",
		                app_name(app, 0), app_name(app, 1));
	if (app_names_check(a->partner, why, sizeof(why)) != TEND_OK)
		return cli_fail("%s; nothing was set up", why);
	/* From here on, the names as tend keeps them (no spaces at the ends). */
	for (int i = 0; i < 2; i++)
		app_name_clean(a->partner[i], kept[i]);
	if (a->pass_fd < 0 && cli_have_tty())
		cli_err("Each of you now chooses a passphrase, while the other looks away.\n"
		        "Without it (or a recovery code) nobody, not even tend, can open what it "
		        "protects.\n");
	for (int i = 0; i < 2; i++) {
		ssize_t n;

		if (!(pass[i] = app_secure_alloc(APP_MAX_PASS + 1)) ||
		    !(code[i] = app_secure_alloc(APP_RECOVERY_TEXT + 1))) {
			rc = cli_fail("%s", tend_strerror(TEND_ERR_NOMEM));
			goto out;
		}
		if ((n = cli_new_pass(a, "Passphrase", partner, i, (enum app_kdf)a->kdf,
		                      pass[i])) < 0)
			goto out;
		len[i] = (size_t)n;
		if (i == 1 && len[0] == len[1] && memcmp(pass[0], pass[1], len[0]) == 0) {
			rc = cli_fail("%s and %s gave the same passphrase: each of you needs your own, "
			              "or either could open what only the other may read; nothing was "
			              "set up", partner[0], partner[1]);
			goto out;
		}
		if (a->pass_fd < 0 && !a->recovery)
			want[i] = wants_code(partner[i]);
	}
	if (cli_no_more_lines(a, 2, "the first partner's passphrase, then the second's"))
		goto out;
	if (a->pass_fd < 0)
		cli_err("Making your keys...\n");
	{
		char *const codes[2] = { want[0] ? code[0] : NULL, want[1] ? code[1] : NULL };

		st = app_setup(app, partner, (const char *const *)pass, len,
		               (enum app_kdf)a->kdf, codes, time(NULL));
	}
	if (st != TEND_OK) {
		rc = cli_fail("setup failed: %s", tend_strerror(st));
		goto out;
	}
	cli_out("tend is set up for %s and %s.\n", app_name(app, 0), app_name(app, 1));
	fflush(stdout);
	rc = 0;
	for (int i = 0; i < 2; i++)
		if (want[i] && cli_show_code(a, app_name(app, i), app_name(app, !i), code[i]) != 0)
			rc = 1;
out:
	for (int i = 0; i < 2; i++) {
		app_secure_free(pass[i]);
		app_secure_free(code[i]);
	}
	return rc;
}

/* Reads the text of `tend write` from standard input into `text` (room
 * for APP_MAX_ENTRY + 1 bytes); *len its length without the line ends
 * after it ("\n", "\r\n"), which a here-document or `echo` adds and which
 * do not count towards the limit. 0, or 1 after saying why not. */
static int read_entry(char *text, size_t *len)
{
	size_t n = 0;

	for (;;) {
		ssize_t r = read(0, text + n, APP_MAX_ENTRY + 1 - n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return cli_fail("cannot read standard input: %s; nothing was written",
			                strerror(errno));
		if (r == 0)
			break;
		n += (size_t)r;
		if (n <= APP_MAX_ENTRY)
			continue;
		/* One byte past the limit: only line ends may follow, and they
		 * would be taken off, so they are not kept. */
		if (text[APP_MAX_ENTRY] != '\n' && text[APP_MAX_ENTRY] != '\r')
			break;
		n = APP_MAX_ENTRY;
	}
	if (n > APP_MAX_ENTRY)
		return cli_fail("the text is longer than the %d bytes an entry can hold; nothing "
		                "was written", APP_MAX_ENTRY);
	while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == '\r'))
		n--;
	*len = n;
	return 0;
}

int cli_write(const struct cli_args *a, struct app *app)
{
	struct app_reader *writer = NULL;
	char *text;
	size_t len = 0;
	enum tend_status st;
	int who = cli_partner(a, app);

	if (who < 0 || cli_keys_usable(app, a->shared ? 3u : 1u << who, "nothing was written"))
		return 1;
	if (!(text = app_secure_alloc(APP_MAX_ENTRY + 1)))
		return cli_fail("%s", tend_strerror(TEND_ERR_NOMEM));
	if (a->nrest == 1) {
		/* Typed on the command line, the text is in the shell's history and,
		 * while tend runs, in its command line for anyone on the machine. */
		if (isatty(0))
			cli_err("Note: words given on the command line stay in your shell's history, "
			        "and others on this computer can see them while tend runs; 'tend write "
			        "--as %s' alone lets you type them instead.\n", app_name(app, who));
		len = strlen(a->rest[0]);
		if (len > APP_MAX_ENTRY) {
			app_secure_free(text);
			return cli_fail("the text is longer than the %d bytes an entry can hold; "
			                "nothing was written", APP_MAX_ENTRY);
		}
		memcpy(text, a->rest[0], len);
	} else {
		if (isatty(0))
			cli_err("Write your entry, then press Ctrl-D at the start of a new line.\n");
		if (read_entry(text, &len) != 0) {
			app_secure_free(text);
			return 1;
		}
	}
	text[len] = '\0';
	if (len == 0) {
		app_secure_free(text);
		return cli_fail("nothing to write: the text is empty");
	}
	if (!utf8_valid_text(text, len, true)) {
		app_secure_free(text);
		return cli_fail("the text is not valid UTF-8 (or holds control characters)");
	}
	/* Text only its author may read is sealed with their key: it proves
	 * who wrote it. Shared text needs no passphrase. */
	if (!a->shared && cli_unlock(a, app, who, "nothing was written", &writer)) {
		app_secure_free(text);
		return 1;
	}
	st = app_write(app, writer, who, a->shared, text, len, time(NULL));
	app_reader_free(writer);
	app_secure_free(text);
	if (st != TEND_OK)
		return cli_fail("could not save: %s", cli_why(a, st));
	return 0;
}

/* What cli_read's walk carries. */
struct read_out {
	struct app *app;
	int shown;              /* texts printed */
	int damaged;
	bool cut;               /* stopped: a text could not be written */
	struct cli_text safe;   /* the safe form of each text, in turn */
};

static const char *kind_name(int kind)
{
	switch (kind) {
	case APP_ENTRY_JOURNAL: return "journal";
	case APP_ENTRY_REFLECTION: return "reflection";
	case APP_ENTRY_NOTE: return "check-in note";
	case APP_ENTRY_TOPIC: return "parked topic";
	case APP_ENTRY_AGREEMENT: return "agreement";
	case APP_ENTRY_TOGETHER: return "next together";
	}
	return "entry";
}

static int print_item(const struct app_item *it, void *ctx)
{
	struct read_out *o = ctx;
	char date[16];

	night_format(it->night, date, sizeof(date));
	if (it->status == TEND_ERR_FORGED) {
		cli_err("tend: entry %lld (%s) claims to be %s's private entry but was not "
		        "written with %s's key: someone else put it in the file\n",
		        (long long)it->id, date, app_name(o->app, it->author),
		        app_name(o->app, it->author));
		o->damaged++;
		return 0;
	}
	if (it->status != TEND_OK) {
		cli_err("tend: entry %lld (%s) was changed or damaged and cannot be opened\n",
		        (long long)it->id, date);
		o->damaged++;
		return 0;
	}
	cli_out("== %s · %s · %s · %s · entry %lld\n", date, kind_name(it->kind),
	        app_name(o->app, it->author),
	        !it->shared ? "only you"
	        : it->kind == APP_ENTRY_JOURNAL || it->kind == APP_ENTRY_REFLECTION ? "shared"
	                                                                            : "shared by both of you",
	        (long long)it->id);
	/* The question and the text are decrypted: made safe in guarded memory. */
	if (it->question && it->question[0]) {
		if ((o->cut = cli_out_text(&o->safe, it->question, strlen(it->question)) != 0))
			return 1;
		cli_out("\n");
	}
	if ((o->cut = cli_out_text(&o->safe, it->text, it->len) != 0))
		return 1;
	cli_out("\n\n");
	o->shown++;
	return 0;
}

int cli_read(const struct cli_args *a, struct app *app)
{
	struct app_reader *r = NULL;
	struct read_out o = { app, 0, 0, false, { NULL, 0 } };
	enum tend_status st;
	int who = cli_partner(a, app);

	/* Reading changes nothing, so a refusal has nothing to reassure about. */
	if (who < 0 || cli_keys_usable(app, 1u << who, "it cannot be unlocked") ||
	    cli_unlock(a, app, who, NULL, &r))
		return 1;
	st = app_read_each(r, NULL, print_item, &o);
	app_reader_free(r);
	cli_text_free(&o.safe);
	fflush(stdout);
	if (st != TEND_OK)
		return cli_fail("reading failed: %s", cli_why(a, st));
	if (o.cut)
		return 1;
	if (o.damaged)
		return cli_fail("%d entr%s could not be opened; everything else was shown", o.damaged,
		                o.damaged == 1 ? "y" : "ies");
	/* Said where a script piping standard output will not take it as text. */
	if (o.shown == 0)
		cli_err("tend: nothing for %s to read yet\n", app_name(app, who));
	return 0;
}

/* Prints `s` as a JSON string (tend/escape.h). */
static void json_string(const char *s)
{
	size_t len = strlen(s), n = escape_json(s, len, NULL, 0);
	char *out = malloc(n + 1);

	if (!out) {
		fputs("\"\"", stdout);
		return;
	}
	escape_json(s, len, out, n + 1);
	cli_out("%s", out);
	free(out);
}

int cli_stats(const struct cli_args *a, struct app *app)
{
	struct app_stats s;
	enum tend_status st;
	char date[16];

	if (!app_is_setup(app))
		return cli_fail("%s", tend_strerror(TEND_ERR_NOT_SETUP));
	if ((st = app_stats(app, time(NULL), &s)) != TEND_OK)
		return cli_fail("%s", cli_why(a, st));
	night_format(s.tonight, date, sizeof(date));
	if (a->json) {
		cli_out("{\"partners\":[");
		json_string(app_name(app, 0));
		cli_out(",");
		json_string(app_name(app, 1));
		cli_out("],\"tonight\":\"%s\",\"tonight_done\":%s,\"tonight_rest\":%s,"
		        "\"rest_allowed\":%s,\"opens_tonight\":",
		        date, s.tonight_done ? "true" : "false", s.tonight_rest ? "true" : "false",
		        s.rest_allowed ? "true" : "false");
		json_string(app_name(app, s.first_tonight));
		cli_out(",\"together_last_%d\":%d,\"tonight_timeout\":%s", APP_TOGETHER_WINDOW,
		        s.together, s.tonight_timeout ? "true" : "false");
		cli_out(",\"nights_total\":%d,\"nightly\":{\"current\":%d,\"longest\":%d},\"pillars\":{",
		        s.nights_total, s.nightly.current, s.nightly.longest);
		for (int p = 0; p < PILLAR_COUNT; p++)
			cli_out("%s\"%s\":{\"current\":%d,\"longest\":%d}", p ? "," : "", pillar_key(p),
			        s.pillar[p].current, s.pillar[p].longest);
		cli_out("}}\n");
		return 0;
	}
	cli_out("%s and %s\n", app_name(app, 0), app_name(app, 1));
	cli_out("Tonight (%s): %s\n", date,
	        s.tonight_done ? "checked in" : s.tonight_rest ? "a rest night"
	        : s.tonight_timeout ? "a time-out (your streaks are paused)" : "not yet");
	cli_out("Together: %d of the last %d nights\n", s.together, APP_TOGETHER_WINDOW);
	if (!app_streaks(app)) {
		cli_out("Streak numbers are hidden ('tend set streaks on' shows them).\n");
		return 0;
	}
	cli_out("Nightly streak: %d (longest %d), %d night%s in all\n", s.nightly.current,
	        s.nightly.longest, s.nights_total, s.nights_total == 1 ? "" : "s");
	for (int p = 0; p < PILLAR_COUNT; p++)
		cli_out("  %-24s %3d (longest %d)\n", pillar_name(p), s.pillar[p].current,
		        s.pillar[p].longest);
	return 0;
}

/* The settings `tend set` takes, in the order it lists them. */
static const char *const set_keys[] = {
	"day-boundary", "rest-window", "bell", "flash", "streaks",
	"ritual-time", "weekly-day", "date-night", "date-time",
};
#define NSET_KEYS (sizeof(set_keys) / sizeof(set_keys[0]))

bool cli_set_key_known(const char *key)
{
	for (size_t i = 0; i < NSET_KEYS; i++)
		if (strcmp(set_keys[i], key) == 0)
			return true;
	return false;
}

/* The value of setting `key` as `tend set KEY VALUE` takes it, in `buf`
 * (room for 16 bytes). */
static const char *set_value_text(const struct app *app, const char *key, char buf[16])
{
	static const char *const day[7] = { "sun", "mon", "tue", "wed", "thu", "fri", "sat" };
	int v;

	if (strcmp(key, "bell") == 0)
		return app_bell(app) ? "on" : "off";
	if (strcmp(key, "flash") == 0)
		return app_flash(app) ? "on" : "off";
	if (strcmp(key, "streaks") == 0)
		return app_streaks(app) ? "on" : "off";
	if (strcmp(key, "rest-window") == 0) {
		snprintf(buf, 16, "%d", app_rest_window(app));
		return buf;
	}
	if (strcmp(key, "weekly-day") == 0 || strcmp(key, "date-night") == 0) {
		v = key[0] == 'w' ? app_weekly_day(app) : app_date_night(app);
		return v >= 0 && v < 7 ? day[v] : "off";
	}
	v = strcmp(key, "day-boundary") == 0 ? app_boundary(app)
	    : strcmp(key, "ritual-time") == 0 ? app_ritual_time(app)
	                                      : app_date_time(app);
	snprintf(buf, 16, "%02d:%02d", v / 60 % 24, v % 60);
	return buf;
}

/* `tend set` alone: every setting and its value, one a line, as `tend
 * set` takes them back; `tend set KEY`: that value alone. */
static int show_settings(const struct cli_args *a, const struct app *app)
{
	char buf[16];

	if (a->nrest == 1) {
		cli_out("%s\n", set_value_text(app, a->rest[0], buf));
		return 0;
	}
	for (size_t i = 0; i < NSET_KEYS; i++)
		cli_out("%s %s\n", set_keys[i], set_value_text(app, set_keys[i], buf));
	return 0;
}

int cli_set(const struct cli_args *a, struct app *app)
{
	const char *key;
	enum tend_status st;

	if (a->nrest < 2)
		return show_settings(a, app);
	key = a->rest[0];
	if (cli_set_shared_time(a, app, &st))
		return st == TEND_OK ? 0
		                     : cli_fail("could not save the setting: %s", cli_why(a, st));
	if (strcmp(key, "day-boundary") == 0)
		st = app_set_boundary(app, a->set_value);
	else if (strcmp(key, "rest-window") == 0)
		st = app_set_rest_window(app, a->set_value);
	else if (strcmp(key, "bell") == 0)
		st = app_set_bell(app, a->set_value);
	else if (strcmp(key, "streaks") == 0)
		st = app_set_streaks(app, a->set_value);
	else
		st = app_set_flash(app, a->set_value);
	if (st != TEND_OK)
		return cli_fail("could not save the setting: %s", cli_why(a, st));
	return 0;
}

/* Both partners' names, as cli_new_pass takes them. */
static void names_of(struct app *app, const char *names[2])
{
	names[0] = app_name(app, 0);
	names[1] = app_name(app, 1);
}

/* tend passphrase --as NAME --recovery: the code, then a new passphrase. */
static int passphrase_by_code(const struct cli_args *a, struct app *app, int who)
{
	char *code = app_secure_alloc(APP_MAX_PASS + 1), *new = app_secure_alloc(APP_MAX_PASS + 1);
	char prompt[APP_MAX_NAME + 32], why[400];
	const char *names[2];
	enum tend_status st = TEND_ERR_INVALID;
	int rc = 1, tries = a->pass_fd >= 0 ? 1 : 3;
	ssize_t n, m;

	names_of(app, names);
	if (!code || !new) {
		rc = cli_fail("%s", tend_strerror(TEND_ERR_NOMEM));
		goto out;
	}
	if ((st = app_recovery_state(app, who)) != TEND_OK) {
		rc = cli_fail("%s", cli_recover_problem(app, who, st, why, sizeof(why)));
		goto out;
	}
	snprintf(prompt, sizeof(prompt), "Recovery code for %s: ", names[who]);
	/* The code first, so a typo is told before a new passphrase is chosen. */
	for (;;) {
		if ((n = cli_secret(a, prompt, code)) < 0) {
			rc = cli_fail("%s; nothing was changed", cli_missing(a, n, "recovery code"));
			goto out;
		}
		st = app_recovery_check(app, who, code, (size_t)n);
		if (st == TEND_OK || --tries == 0 ||
		    (st != TEND_ERR_INVALID && st != TEND_ERR_PARSE && st != TEND_ERR_PASSPHRASE))
			break;
		cli_recover_problem(app, who, st, why, sizeof(why));
		why[0] = (char)toupper((unsigned char)why[0]);
		cli_err("%s. Try again.\n", why);
	}
	for (tries = a->pass_fd >= 0 ? 1 : 3; st == TEND_OK;) {
		if ((m = cli_new_pass(a, "New passphrase", names, who, app_partner_kdf(app, who),
		                      new)) < 0)
			goto out;
		if (cli_no_more_lines(a, 2, "the recovery code, then the new passphrase"))
			goto out;
		st = app_recover(app, who, code, (size_t)n, new, (size_t)m);
		if (st != TEND_ERR_SAME_PASSPHRASE || --tries == 0)
			break;
		cli_recover_problem(app, who, st, why, sizeof(why));
		why[0] = (char)toupper((unsigned char)why[0]);
		cli_err("%s.\n", why);
		st = TEND_OK;
	}
	if (st != TEND_OK) {
		rc = cli_fail("%s; nothing was changed", cli_recover_problem(app, who, st, why,
		                                                              sizeof(why)));
		goto out;
	}
	cli_out("%s's passphrase is set; everything written stays readable, and the recovery "
	        "code still works (a new one: tend recovery --as %s).\n", names[who], names[who]);
	rc = 0;
out:
	app_secure_free(code);
	app_secure_free(new);
	return rc;
}

int cli_passphrase(const struct cli_args *a, struct app *app)
{
	char *old = NULL, *new = NULL, prompt[APP_MAX_NAME + 40];
	const char *names[2];
	ssize_t n, m;
	enum tend_status st;
	int rc = 1;
	int who = cli_partner(a, app);

	if (who < 0)
		return 1;
	if (a->recovery)
		return passphrase_by_code(a, app, who);
	if (cli_keys_usable(app, 1u << who, "the passphrase cannot be changed (a recovery code "
	                    "can mend it: tend passphrase --as NAME --recovery)"))
		return 1;
	old = app_secure_alloc(APP_MAX_PASS + 1);
	new = app_secure_alloc(APP_MAX_PASS + 1);
	if (!old || !new) {
		cli_fail("%s", tend_strerror(TEND_ERR_NOMEM));
		goto out;
	}
	names_of(app, names);
	snprintf(prompt, sizeof(prompt), "Current passphrase for %s: ", names[who]);
	if ((n = cli_secret(a, prompt, old)) < 0) {
		cli_fail("%s; nothing was changed", cli_missing(a, n, "passphrase"));
		goto out;
	}
	if ((m = cli_new_pass(a, "New passphrase", names, who, app_partner_kdf(app, who),
	                      new)) < 0)
		goto out;
	if (cli_no_more_lines(a, 2, "the current passphrase, then the new one"))
		goto out;
	st = app_change_passphrase(app, who, old, (size_t)n, new, (size_t)m);
	if (st == TEND_ERR_PASSPHRASE) {
		cli_fail("that is not %s's passphrase; nothing was changed", names[who]);
		goto out;
	}
	if (st == TEND_ERR_SAME_PASSPHRASE) {
		char why[400];

		cli_fail("%s; nothing was changed", cli_recover_problem(app, who, st, why, sizeof(why)));
		goto out;
	}
	if (st != TEND_OK) {
		cli_fail("could not change the passphrase: %s", tend_strerror(st));
		goto out;
	}
	cli_out("%s's passphrase is changed; everything written stays readable.\n", names[who]);
	rc = 0;
out:
	app_secure_free(old);
	app_secure_free(new);
	return rc;
}

int cli_recovery(const struct cli_args *a, struct app *app)
{
	struct app_reader *r = NULL;
	char *code;
	enum tend_status st;
	int rc, who = cli_partner(a, app);

	if (who < 0 || cli_keys_usable(app, 1u << who, "no recovery code can be made"))
		return 1;
	if (!(code = app_secure_alloc(APP_RECOVERY_TEXT + 1)))
		return cli_fail("%s", tend_strerror(TEND_ERR_NOMEM));
	if (cli_unlock(a, app, who, "no recovery code was made", &r)) {
		app_secure_free(code);
		return 1;
	}
	st = app_recovery_new(r, code);
	app_reader_free(r);
	if (st != TEND_OK) {
		app_secure_free(code);
		return cli_fail("could not make a recovery code: %s", tend_strerror(st));
	}
	rc = cli_show_code(a, app_name(app, who), app_name(app, !who), code);
	app_secure_free(code);
	return rc;
}
