/* keep.c: the commands that keep your words safe and yours: backup,
 * restore, export, verify and forget. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli_internal.h"

/* "Zoë and Łukasz" or "Zoë" for the readers in `mask`. */
static void readers_text(struct app *app, unsigned mask, char *buf, size_t size)
{
	if (mask == 3)
		snprintf(buf, size, "%s's or %s's passphrase opens it", app_name(app, 0),
		         app_name(app, 1));
	else
		snprintf(buf, size, "only %s's passphrase opens it (%s's key record is damaged)",
		         app_name(app, mask == 1 ? 0 : 1), app_name(app, mask == 1 ? 1 : 0));
}

int cli_backup(const struct cli_args *a, struct app *app)
{
	char err[600] = "", who[300];
	unsigned readers = 0;
	struct stat sb;
	enum tend_status st;

	if (!app_is_setup(app))
		return cli_fail("%s", tend_strerror(TEND_ERR_NOT_SETUP));
	if ((st = app_backup(app, a->rest[0], &readers, err, sizeof(err))) != TEND_OK)
		return cli_fail("%s", err[0] ? err : tend_strerror(st));
	readers_text(app, readers, who, sizeof(who));
	cli_out("The backup is in %s (%lld bytes), encrypted: %s.\n", a->rest[0],
	        stat(a->rest[0], &sb) == 0 ? (long long)sb.st_size : 0LL, who);
	return 0;
}

int cli_restore(const struct cli_args *a, struct app *app)
{
	struct app_restore *r = NULL;
	const struct app_restore_summary *sum;
	char err[600] = "", kept[4200] = "", *pass = NULL, first[16], last[16], span[80];
	enum tend_status st;
	int rc = 1, tries = a->pass_fd >= 0 ? 1 : 3;

	(void)app;
	/* Said before any passphrase is asked for; app_restore_apply checks
	 * again. */
	if (app_restore_target(a->db, a->replace, err, sizeof(err)) != TEND_OK)
		return cli_fail("%s", err);
	if (app_restore_open(a->rest[0], &r, err, sizeof(err)) != TEND_OK)
		return cli_fail("%s", err);
	if (!(pass = app_secure_alloc(APP_MAX_PASS + 1))) {
		rc = cli_fail("%s", tend_strerror(TEND_ERR_NOMEM));
		goto out;
	}
	for (;;) {
		ssize_t n = cli_secret(a, "Passphrase (either of you) for the backup: ", pass);

		if (n < 0) {
			rc = cli_fail("%s; nothing was restored", cli_missing(a, n, "passphrase"));
			goto out;
		}
		st = app_restore_unlock(r, pass, (size_t)n, err, sizeof(err));
		if (st != TEND_ERR_PASSPHRASE || --tries == 0)
			break;
		cli_err("That passphrase opens neither key in this backup. Try again.\n");
	}
	app_secure_free(pass);
	pass = NULL;
	if (st != TEND_OK) {
		rc = cli_fail("%s; nothing was restored", err);
		goto out;
	}
	if (cli_no_more_lines(a, 1, "the passphrase"))
		goto out;
	sum = app_restore_summary(r);
	if (sum->checkins) {
		night_format(sum->first, first, sizeof(first));
		night_format(sum->last, last, sizeof(last));
		snprintf(span, sizeof(span), "%zu check-in%s, from %s to %s", sum->checkins,
		         sum->checkins == 1 ? "" : "s", first, last);
	} else {
		snprintf(span, sizeof(span), "no check-in yet");
	}
	cli_out("The backup holds the tend of %s and %s: %s, and %zu text%s; %s's passphrase "
	        "opened it.\n", sum->name[0], sum->name[1], span, sum->entries,
	        sum->entries == 1 ? "" : "s", sum->name[sum->opened_by]);
	st = app_restore_apply(r, a->db, a->replace, time(NULL), kept, sizeof(kept), err,
	                       sizeof(err));
	if (st != TEND_OK) {
		rc = cli_fail("%s", err);
		goto out;
	}
	cli_out("Restored into %s.\n", a->db);
	if (kept[0])
		cli_out("The database that was there is kept as %s.\n", kept);
	rc = 0;
out:
	app_secure_free(pass);
	app_restore_free(r);
	return rc;
}

/* The format of an export: --format, else from -o's ending, else Markdown. */
static int export_format(const struct cli_args *a)
{
	size_t n;

	if (a->format)
		return strcmp(a->format, "json") == 0 ? APP_EXPORT_JSON : APP_EXPORT_MARKDOWN;
	if (a->output && (n = strlen(a->output)) > 5 && strcmp(a->output + n - 5, ".json") == 0)
		return APP_EXPORT_JSON;
	return APP_EXPORT_MARKDOWN;
}

int cli_export(const struct cli_args *a, struct app *app)
{
	struct app_reader *r = NULL;
	struct app_file f = { .fd = -1 };
	size_t unreadable = 0;
	struct stat sb;
	enum tend_status st;
	int who = cli_partner(a, app);

	if (who < 0 || cli_keys_usable(app, 1u << who, "nothing was exported"))
		return 1;
	/* Plain text never goes to a terminal's scrollback, nor over a file. */
	if (!a->output && isatty(1))
		return cli_fail("an export is plain text: give -o FILE, or send it to a program "
		                "(tend export --as %s | less)", app_name(app, who));
	if (a->output && lstat(a->output, &sb) == 0)
		return cli_fail("%s already exists; tend will not write over it (choose another "
		                "name, or remove it first)", a->output);
	if (cli_unlock(a, app, who, "nothing was exported", &r))
		return 1;
	cli_err("tend: this export is plain text: anyone who can read it can read every "
	        "word. Keep it safe, and delete it when you are done with it.\n");
	if (a->output && (st = app_file_create(&f, a->output)) != TEND_OK) {
		app_reader_free(r);
		return cli_fail("cannot write %s: %s", a->output, tend_strerror(st));
	}
	st = app_export(r, (enum app_export_format)export_format(a), time(NULL),
	                a->output ? f.fd : 1, &unreadable);
	app_reader_free(r);
	if (a->output) {
		if (st == TEND_OK)
			st = app_file_commit(&f);
		else
			app_file_abort(&f);
	}
	if (st != TEND_OK)
		return cli_fail("could not export: %s%s", tend_strerror(st),
		                a->output ? "; nothing was written"
		                          : "; what was sent before this is incomplete");
	if (unreadable)
		return cli_fail("%zu entr%s could not be opened (listed as such); everything else "
		                "was exported", unreadable, unreadable == 1 ? "y" : "ies");
	return 0;
}

/* What the verify report shows of a problem. */
static void say_problem(const struct app_problem *p, void *ctx)
{
	struct app *app = ctx;
	char date[16];

	night_format(p->night, date, sizeof(date));
	cli_out("  entry %lld (%s, %s's %s, %s): %s\n", (long long)p->id, date,
	        app_name(app, p->author == 1), app_entry_kind_name(p->kind),
	        p->shared ? "shared" : "private",
	        p->st == TEND_ERR_FORGED ? "forged: not written with its author's key"
	        : p->st == TEND_ERR_CORRUPT ? "stored in a shape no tend writes"
	                                   : "changed or damaged, it cannot be opened");
}

/* "Zoë's is in order" or why not, for a key or recovery record. */
static void record_state(struct app *app, int i, enum tend_status st, bool recovery, char *buf,
                         size_t size)
{
	const char *name = app_name(app, i);

	if (st == TEND_OK)
		snprintf(buf, size, recovery ? "%s has one" : "%s's is in order", name);
	else if (st == TEND_ERR_NOT_FOUND)
		snprintf(buf, size, "%s has none", name);
	else if (st == TEND_ERR_TOO_NEW)
		snprintf(buf, size, "%s's was written by a newer tend", name);
	else
		snprintf(buf, size, "%s's is DAMAGED or was changed", name);
}

int cli_verify(const struct cli_args *a, struct app *app)
{
	struct app_verify_report rep;
	struct app_reader *r = NULL;
	char k[2][200], rc_[2][200];
	enum tend_status st;
	int who = -1;

	if (!app_is_setup(app))
		return cli_fail("%s", tend_strerror(TEND_ERR_NOT_SETUP));
	if (a->as) {
		if ((who = cli_partner(a, app)) < 0 ||
		    cli_keys_usable(app, 1u << who, "nothing was checked") ||
		    cli_unlock(a, app, who, "nothing was checked", &r))
			return 1;
	}
	cli_out("Checking %s\n", a->db);
	fflush(stdout);
	st = app_verify(app, r, &rep, say_problem, app);
	app_reader_free(r);
	if (st != TEND_OK && st != TEND_ERR_CORRUPT)
		return cli_fail("could not check the database: %s", cli_why(a, st));
	for (int i = 0; i < 2; i++) {
		record_state(app, i, rep.key[i], false, k[i], sizeof(k[i]));
		record_state(app, i, rep.recovery[i], true, rc_[i], sizeof(rc_[i]));
	}
	cli_out("SQLite's own check: %s\n", rep.integrity[0] ? rep.integrity : "no problems");
	cli_out("Key records: %s; %s\n", k[0], k[1]);
	cli_out("Recovery codes: %s; %s\n", rc_[0], rc_[1]);
	cli_out("Check-ins: %zu saved%s\n", rep.checkins,
	        rep.drafts ? ", and one interrupted" : "");
	cli_out("Texts: %zu stored%s\n", rep.entries, rep.malformed ? "" : ", each in good shape");
	if (rep.malformed)
		cli_out("  %zu of them in a shape no tend writes\n", rep.malformed);
	if (rep.reader >= 0)
		cli_out("Opened as %s: %zu of the %zu texts %s may read%s\n",
		        app_name(app, rep.reader), rep.opened, rep.readable, app_name(app, rep.reader),
		        rep.forged ? " (some forged)" : "");
	else
		cli_out("Not opened: add --as NAME to check that every text NAME may read opens\n");
	fflush(stdout);
	if (st == TEND_OK) {
		cli_out(rep.reader >= 0 ? "Everything is in order.\n"
		                        : "Everything tend can check without a passphrase is in order.\n");
		return 0;
	}
	return cli_fail("the database has problems (listed above); 'tend backup' before "
	                "anything else keeps what still opens");
}

/* Parses the entry numbers of `tend forget`; -1 for one that is none. */
static int parse_ids(const struct cli_args *a, int64_t *ids)
{
	for (int i = 0; i < a->nrest; i++) {
		const char *s = a->rest[i];
		char *end;
		long long v;

		if (*s == '#')
			s++;
		errno = 0;
		v = strtoll(s, &end, 10);
		if (errno || end == s || *end || v <= 0) {
			cli_fail("'%s' is not an entry number (they are shown by 'tend read')",
			         a->rest[i]);
			return -1;
		}
		ids[i] = v;
	}
	return 0;
}

int cli_forget(const struct cli_args *a, struct app *app)
{
	struct app_reader *r = NULL;
	char question[600];
	int64_t *ids = NULL, bad = 0;
	tend_night night = 0;
	enum tend_status st;
	bool wiped = false;
	int n = 0, rc = 1, who = cli_partner(a, app);

	if (who < 0)
		return 1;
	if (a->night && night_parse(a->night, &night) != 0)
		return cli_fail("--night takes a date as YYYY-MM-DD, e.g. 2026-11-25");
	if (!a->night && !(ids = calloc((size_t)a->nrest, sizeof(*ids))))
		return cli_fail("%s", tend_strerror(TEND_ERR_NOMEM));
	if (!a->night && parse_ids(a, ids) != 0)
		goto out;
	if (!a->yes && !cli_have_tty()) {
		cli_fail("forgetting cannot be undone: add --yes to do it from a script");
		goto out;
	}
	if (cli_keys_usable(app, 1u << who, "nothing was forgotten") ||
	    cli_unlock(a, app, who, "nothing was forgotten", &r))
		goto out;
	if (a->night)
		snprintf(question, sizeof(question),
		         "Forget the night of %s for good: its check-in and everything written in "
		         "it, by both of you? It will no longer count for your streaks, and it "
		         "cannot be brought back (backups made before still hold it). [y/N] ",
		         a->night);
	else if (a->nrest == 1)
		snprintf(question, sizeof(question),
		         "Forget %s's entry %lld for good? It cannot be brought back (backups made "
		         "before still hold it). [y/N] ", app_name(app, who), (long long)ids[0]);
	else
		snprintf(question, sizeof(question),
		         "Forget these %d entries of %s's for good? They cannot be brought back "
		         "(backups made before still hold them). [y/N] ", a->nrest,
		         app_name(app, who));
	if (!a->yes && !cli_yes(question, false)) {
		cli_err("Nothing was forgotten.\n");
		rc = 0;
		goto out;
	}
	if (a->night) {
		st = app_forget_night(r, night, &n, &wiped);
		if (st == TEND_ERR_NOT_FOUND)
			cli_fail("there is no check-in on the night of %s; nothing was forgotten",
			         a->night);
		else if (st == TEND_ERR_BUSY)
			cli_fail("tend's screens are open on this database; close them first "
			         "(a check-in may be running there); nothing was forgotten");
		else if (st != TEND_OK)
			cli_fail("could not forget: %s", tend_strerror(st));
		else
			cli_out("The night of %s is forgotten (%d check-in%s and all written in it).\n",
			        a->night, n, n == 1 ? "" : "s");
	} else {
		st = app_forget_entries(r, ids, (size_t)a->nrest, &bad, &wiped);
		if (st == TEND_ERR_NOT_FOUND)
			cli_fail("there is no entry %lld; nothing was forgotten", (long long)bad);
		else if (st == TEND_ERR_DENIED)
			cli_fail("entry %lld is not %s's to forget (only its author can, and a note "
			         "goes with its night: --night); nothing was forgotten",
			         (long long)bad, app_name(app, who));
		else if (st != TEND_OK)
			cli_fail("could not forget: %s", tend_strerror(st));
		else
			cli_out("Forgotten: %d entr%s.\n", a->nrest, a->nrest == 1 ? "y" : "ies");
	}
	if (st == TEND_OK) {
		if (!wiped)
			cli_out("(Another tend is reading this database: the old pages leave the file "
			        "when it closes.)\n");
		rc = 0;
	}
out:
	app_reader_free(r);
	free(ids);
	return rc;
}
