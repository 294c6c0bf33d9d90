/* main.c: tend's arguments and subcommands. Without a command it opens the
 * check-in screens; the commands are for scripts and quick use. Exit status:
 * 0 success, 1 failure (one line "tend: ..." on stderr), 2 usage error. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "tend/app.h"
#include "tend/ui.h"
#include "tend/utf8.h"

#define TEND_VERSION "1.0.0"

static const char usage_text[] =
	"Usage: tend [OPTIONS] [COMMAND]\n"
	"\n"
	"A nightly check-in for two. Without a command, tend opens its screens:\n"
	"first-run setup, then home, the check-in timer, history and journals.\n"
	"\n"
	"Commands:\n"
	"  init --partner NAME --partner NAME [--kdf LEVEL]\n"
	"                        set up a couple (asks each passphrase twice)\n"
	"  write --as NAME [--shared] [TEXT]\n"
	"                        add a journal entry (TEXT, or standard input);\n"
	"                        private unless --shared (asks NAME's passphrase:\n"
	"                        only NAME's key seals it); --shared needs none\n"
	"  read --as NAME        print everything NAME may read (asks NAME's passphrase)\n"
	"  stats [--json]        streaks and tonight's state; needs no passphrase\n"
	"  passphrase --as NAME  change NAME's passphrase (asks the current one,\n"
	"                        then the new one twice; with --passphrase-fd:\n"
	"                        the current line, then the new)\n"
	"  set day-boundary HH:MM | rest-window NIGHTS | bell on|off | flash on|off\n"
	"                        change a setting (the night starts at 04:00 and one\n"
	"                        rest night is allowed in any 7 nights by default)\n"
	"\n"
	"Options:\n"
	"  --db PATH             the database (default: $TEND_DB, or\n"
	"                        $XDG_DATA_HOME/tend/tend.db = ~/.local/share/tend/tend.db)\n"
	"  --plan NAME|PATH      the plan for check-ins (default: nightly)\n"
	"  --kdf LEVEL           key derivation cost at setup: interactive, moderate\n"
	"                        (default) or sensitive\n"
	"  --passphrase-fd N     read passphrases from file descriptor N, one a line\n"
	"                        (never give a passphrase on the command line)\n"
	"  -h, --help            this help\n"
	"  -V, --version         tend's version\n";

/* Everything the command line said. */
struct args {
	const char *db;
	const char *plan;
	int kdf;
	int pass_fd;            /* -1: ask on the terminal */
	const char *partner[2];
	int npartners;
	const char *as;
	bool shared;
	bool json;
	const char *command;    /* NULL: the screens */
	char **rest;            /* arguments after the command */
	int nrest;
	int set_value;          /* set: the value parsed (minutes, or 0/1) */
};

/* A one-line failure on stderr; returns the exit status 1. */
__attribute__((format(printf, 1, 2)))
static int fail(const char *fmt, ...)
{
	va_list ap;

	fputs("tend: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

/* A usage error on stderr; returns the exit status 2. */
__attribute__((format(printf, 1, 2)))
static int usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("tend: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'tend --help'.\n", stderr);
	return 2;
}

static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig)
{
	(void)sig;
	interrupted = 1;
}

/* Reads one line (without its newline) from `fd` into guarded memory, one
 * byte at a time so the next line stays for the next passphrase. Returns
 * its length, or -1 at end of input, on error, or when it is too long. */
static ssize_t read_line_fd(int fd, char *buf, size_t cap)
{
	size_t n = 0;

	for (;;) {
		char ch;
		ssize_t r = read(fd, &ch, 1);

		if (r < 0 && errno == EINTR && !interrupted)
			continue;
		if (r <= 0 && n == 0)
			return -1;
		if (r <= 0 || ch == '\n')
			break; /* a last line without its newline counts too */
		if (n + 1 >= cap)
			return -1;
		buf[n++] = ch;
	}
	if (n > 0 && buf[n - 1] == '\r')
		n--;
	buf[n] = '\0';
	return (ssize_t)n;
}

/* Writes `s` to the terminal `fd`; a prompt that cannot be shown is no
 * reason to stop asking. */
static void say(int fd, const char *s)
{
	ssize_t r = write(fd, s, strlen(s));

	(void)r;
}

/* Asks for a passphrase on the terminal with echo off; Ctrl-C restores the
 * terminal before anything else happens. Returns the length or -1. */
static ssize_t ask_tty(const char *prompt, char *buf, size_t cap)
{
	struct termios old, quiet;
	struct sigaction sa = { 0 }, oldint, oldterm;
	ssize_t n;
	int fd = open("/dev/tty", O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return -1;
	if (tcgetattr(fd, &old) != 0) {
		close(fd);
		return -1;
	}
	sa.sa_handler = on_interrupt;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &oldint);
	sigaction(SIGTERM, &sa, &oldterm);
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
	quiet.c_lflag |= ICANON;
	say(fd, prompt);
	tcsetattr(fd, TCSAFLUSH, &quiet);
	n = read_line_fd(fd, buf, cap);
	tcsetattr(fd, TCSAFLUSH, &old);
	say(fd, "\n");
	sigaction(SIGINT, &oldint, NULL);
	sigaction(SIGTERM, &oldterm, NULL);
	close(fd);
	if (interrupted)
		return -1;
	return n;
}

/* Gets a passphrase for `name`: the next line of --passphrase-fd, or typed
 * on the terminal after "<label> for <name>: " (twice when `confirm`). The
 * text is in guarded memory. */
static ssize_t get_pass(const struct args *a, const char *label, const char *name,
                        bool confirm, char *buf)
{
	char prompt[160];
	char *again;
	ssize_t n, m;

	if (a->pass_fd >= 0)
		return read_line_fd(a->pass_fd, buf, APP_MAX_PASS + 1);
	for (;;) {
		snprintf(prompt, sizeof(prompt), "%s for %s: ", label, name);
		if ((n = ask_tty(prompt, buf, APP_MAX_PASS + 1)) < 0)
			return -1;
		if (!confirm)
			return n;
		if (n == 0) {
			fprintf(stderr, "A passphrase cannot be empty.\n");
			continue;
		}
		if (!(again = app_secure_alloc(APP_MAX_PASS + 1)))
			return -1;
		snprintf(prompt, sizeof(prompt), "The same again, for %s: ", name);
		m = ask_tty(prompt, again, APP_MAX_PASS + 1);
		if (m == n && memcmp(buf, again, (size_t)n) == 0) {
			app_secure_free(again);
			return n;
		}
		app_secure_free(again);
		if (m < 0)
			return -1;
		fprintf(stderr, "Those two did not match; once more.\n");
	}
}

static int cmd_init(const struct args *a, struct app *app)
{
	char *pass[2] = { NULL, NULL };
	size_t len[2] = { 0, 0 };
	enum tend_status st;
	int rc = 1;

	if (app_is_setup(app))
		return fail("this database is already set up for %s and %s",
		            app_name(app, 0), app_name(app, 1));
	for (int i = 0; i < 2; i++) {
		size_t n = strlen(a->partner[i]);
		if (n == 0 || n > APP_MAX_NAME || !utf8_valid_text(a->partner[i], n, false))
			return fail("a name is 1 to %d bytes of text on one line", APP_MAX_NAME);
	}
	if (strcasecmp(a->partner[0], a->partner[1]) == 0)
		return fail("the two partners need different names");
	if (a->pass_fd < 0)
		fprintf(stderr, "Each of you now chooses a passphrase. Nobody, not even tend, can\n"
		        "recover a forgotten passphrase, nor read what it protects without it.\n");
	for (int i = 0; i < 2; i++) {
		ssize_t n;

		if (!(pass[i] = app_secure_alloc(APP_MAX_PASS + 1))) {
			rc = fail("%s", tend_strerror(TEND_ERR_NOMEM));
			goto out;
		}
		n = get_pass(a, "Passphrase", a->partner[i], true, pass[i]);
		if (n <= 0) {
			rc = fail("no passphrase for %s%s", a->partner[i],
			          n == 0 ? " (it cannot be empty)" : "");
			goto out;
		}
		len[i] = (size_t)n;
	}
	st = app_setup(app, a->partner, (const char *const *)pass, len, (enum app_kdf)a->kdf,
	               NULL, time(NULL));
	if (st != TEND_OK) {
		rc = fail("setup failed: %s", tend_strerror(st));
		goto out;
	}
	printf("tend is set up for %s and %s.\n", app_name(app, 0), app_name(app, 1));
	rc = 0;
out:
	app_secure_free(pass[0]);
	app_secure_free(pass[1]);
	return rc;
}

/* The partner named by --as (checked present), or -1 after saying why not. */
static int partner_of(const struct args *a, struct app *app)
{
	int who;

	if (!app_is_setup(app)) {
		fail("%s", tend_strerror(TEND_ERR_NOT_SETUP));
		return -1;
	}
	if ((who = app_partner_by_name(app, a->as)) < 0)
		fail("nobody here is called '%s' (the partners are %s and %s)", a->as,
		     app_name(app, 0), app_name(app, 1));
	return who;
}

/* 0 when the key record of every partner in `mask` (bit i: partner i) can
 * be used; otherwise says by name which cannot, then `then`, and returns 1.
 * Checked before any passphrase is asked for or any text read. */
static int keys_usable(struct app *app, unsigned mask, const char *then)
{
	char why[2 * APP_MAX_NAME + 120];

	for (int i = 0; i < 2; i++) {
		if (!(mask & (1u << i)) || app_partner_key(app, i) == TEND_OK)
			continue;
		app_key_problem(app, i, why, sizeof(why));
		return fail("%s; %s", why, then);
	}
	return 0;
}

/* Unlocks partner `who` with their passphrase (--passphrase-fd: its next
 * line, one try; the terminal: three tries). 0 with *out set, or 1 after
 * saying why not, `then` telling what did not happen. */
static int unlock_as(const struct args *a, struct app *app, int who, const char *then,
                     struct app_reader **out)
{
	enum tend_status st;
	char *pass;
	int tries = a->pass_fd >= 0 ? 1 : 3;

	*out = NULL;
	if (!(pass = app_secure_alloc(APP_MAX_PASS + 1)))
		return fail("%s", tend_strerror(TEND_ERR_NOMEM));
	for (;;) {
		ssize_t n = get_pass(a, "Passphrase", app_name(app, who), false, pass);
		if (n < 0) {
			app_secure_free(pass);
			return fail("no passphrase given; %s", then);
		}
		st = app_unlock(app, who, pass, (size_t)n, out);
		if (st != TEND_ERR_PASSPHRASE || --tries == 0)
			break;
		fprintf(stderr, "That passphrase doesn't open %s's key. Try again.\n",
		        app_name(app, who));
	}
	app_secure_free(pass);
	if (st == TEND_ERR_PASSPHRASE)
		return fail("wrong passphrase for %s; %s", app_name(app, who), then);
	if (st != TEND_OK)
		return fail("cannot unlock: %s", tend_strerror(st));
	return 0;
}

static int cmd_write(const struct args *a, struct app *app)
{
	struct app_reader *writer = NULL;
	char *text;
	size_t len = 0;
	enum tend_status st;
	int who = partner_of(a, app);

	if (who < 0 || keys_usable(app, a->shared ? 3u : 1u << who, "nothing was written"))
		return 1;
	if (!(text = app_secure_alloc(APP_MAX_ENTRY + 2)))
		return fail("%s", tend_strerror(TEND_ERR_NOMEM));
	if (a->nrest == 1) {
		len = strlen(a->rest[0]);
		if (len > APP_MAX_ENTRY) {
			app_secure_free(text);
			return fail("the text is longer than %d bytes", APP_MAX_ENTRY);
		}
		memcpy(text, a->rest[0], len);
	} else {
		for (;;) {
			ssize_t r = read(0, text + len, APP_MAX_ENTRY + 1 - len);
			if (r < 0 && errno == EINTR)
				continue;
			if (r < 0) {
				app_secure_free(text);
				return fail("cannot read standard input: %s", strerror(errno));
			}
			if (r == 0)
				break;
			len += (size_t)r;
			if (len > APP_MAX_ENTRY) {
				app_secure_free(text);
				return fail("the text is longer than %d bytes", APP_MAX_ENTRY);
			}
		}
		while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r'))
			len--;
	}
	text[len] = '\0';
	if (len == 0) {
		app_secure_free(text);
		return fail("nothing to write: the text is empty");
	}
	if (!utf8_valid_text(text, len, true)) {
		app_secure_free(text);
		return fail("the text is not valid UTF-8 (or holds control characters)");
	}
	/* Text only its author may read is sealed with their key: it proves
	 * who wrote it. Shared text needs no passphrase. */
	if (!a->shared && unlock_as(a, app, who, "nothing was written", &writer)) {
		app_secure_free(text);
		return 1;
	}
	st = app_write(app, writer, who, a->shared, text, len, time(NULL));
	app_reader_free(writer);
	app_secure_free(text);
	if (st != TEND_OK)
		return fail("could not save: %s", tend_strerror(st));
	return 0;
}

/* What cmd_read's walk carries. */
struct read_out {
	struct app *app;
	int reader;
	int damaged;
};

static const char *kind_name(int kind)
{
	switch (kind) {
	case APP_ENTRY_JOURNAL: return "journal";
	case APP_ENTRY_REFLECTION: return "reflection";
	case APP_ENTRY_NOTE: return "check-in note";
	}
	return "entry";
}

static int print_item(const struct app_item *it, void *ctx)
{
	struct read_out *o = ctx;
	char date[16];

	night_format(it->night, date, sizeof(date));
	if (it->status == TEND_ERR_FORGED) {
		fprintf(stderr, "tend: entry %lld (%s) claims to be %s's private entry but was not "
		        "written with %s's key: someone else put it in the file\n",
		        (long long)it->id, date, app_name(o->app, it->author),
		        app_name(o->app, it->author));
		o->damaged++;
		return 0;
	}
	if (it->status != TEND_OK) {
		fprintf(stderr, "tend: entry %lld (%s) was changed or damaged and cannot be opened\n",
		        (long long)it->id, date);
		o->damaged++;
		return 0;
	}
	printf("== %s · %s · %s · %s\n", date, kind_name(it->kind), app_name(o->app, it->author),
	       !it->shared ? "only you"
	       : it->kind == APP_ENTRY_NOTE ? "shared by both of you" : "shared");
	if (it->question && it->question[0])
		printf("%s\n", it->question);
	fwrite(it->text, 1, it->len, stdout);
	printf("\n\n");
	return 0;
}

static int cmd_read(const struct args *a, struct app *app)
{
	struct app_reader *r = NULL;
	struct read_out o = { app, 0, 0 };
	enum tend_status st;
	int who = partner_of(a, app);

	if (who < 0 || keys_usable(app, 1u << who, "it cannot be unlocked") ||
	    unlock_as(a, app, who, "nothing was changed", &r))
		return 1;
	o.reader = who;
	st = app_read_each(r, NULL, print_item, &o);
	app_reader_free(r);
	fflush(stdout);
	if (st != TEND_OK)
		return fail("reading failed: %s", tend_strerror(st));
	if (o.damaged)
		return fail("%d entr%s could not be opened; everything else was shown", o.damaged,
		            o.damaged == 1 ? "y" : "ies");
	return 0;
}

static int cmd_passphrase(const struct args *a, struct app *app)
{
	char *old = app_secure_alloc(APP_MAX_PASS + 1);
	char *new = app_secure_alloc(APP_MAX_PASS + 1);
	ssize_t n, m;
	enum tend_status st;
	int rc = 1;
	int who = partner_of(a, app);

	if (who < 0 || !old || !new) {
		if (who >= 0)
			fail("%s", tend_strerror(TEND_ERR_NOMEM));
		goto out;
	}
	if (keys_usable(app, 1u << who, "the passphrase cannot be changed"))
		goto out;
	if ((n = get_pass(a, "Current passphrase", app_name(app, who), false, old)) < 0) {
		fail("no passphrase given");
		goto out;
	}
	if ((m = get_pass(a, "New passphrase", app_name(app, who), true, new)) <= 0) {
		fail("no new passphrase given%s", m == 0 ? " (it cannot be empty)" : "");
		goto out;
	}
	st = app_change_passphrase(app, who, old, (size_t)n, new, (size_t)m);
	if (st == TEND_ERR_PASSPHRASE) {
		fail("that is not %s's passphrase; nothing was changed", app_name(app, who));
		goto out;
	}
	if (st != TEND_OK) {
		fail("could not change the passphrase: %s", tend_strerror(st));
		goto out;
	}
	printf("%s's passphrase is changed; everything written stays readable.\n",
	       app_name(app, who));
	rc = 0;
out:
	app_secure_free(old);
	app_secure_free(new);
	return rc;
}

/* Prints `s` as a JSON string. */
static void json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '"' || ch == '\\')
			printf("\\%c", ch);
		else if (ch < 0x20)
			printf("\\u%04x", ch);
		else
			putchar(ch);
	}
	putchar('"');
}

static int cmd_stats(const struct args *a, struct app *app)
{
	struct app_stats s;
	enum tend_status st;
	char date[16];

	if (!app_is_setup(app))
		return fail("%s", tend_strerror(TEND_ERR_NOT_SETUP));
	if ((st = app_stats(app, time(NULL), &s)) != TEND_OK)
		return fail("%s", tend_strerror(st));
	night_format(s.tonight, date, sizeof(date));
	if (a->json) {
		printf("{\"partners\":[");
		json_string(app_name(app, 0));
		putchar(',');
		json_string(app_name(app, 1));
		printf("],\"tonight\":\"%s\",\"tonight_done\":%s,\"tonight_rest\":%s,"
		       "\"rest_allowed\":%s,\"opens_tonight\":",
		       date, s.tonight_done ? "true" : "false", s.tonight_rest ? "true" : "false",
		       s.rest_allowed ? "true" : "false");
		json_string(app_name(app, s.first_tonight));
		printf(",\"nights_total\":%d,\"nightly\":{\"current\":%d,\"longest\":%d},\"pillars\":{",
		       s.nights_total, s.nightly.current, s.nightly.longest);
		for (int p = 0; p < PILLAR_COUNT; p++)
			printf("%s\"%s\":{\"current\":%d,\"longest\":%d}", p ? "," : "", pillar_key(p),
			       s.pillar[p].current, s.pillar[p].longest);
		printf("}}\n");
		return 0;
	}
	printf("%s and %s\n", app_name(app, 0), app_name(app, 1));
	printf("Tonight (%s): %s\n", date,
	       s.tonight_done ? "checked in" : s.tonight_rest ? "a rest night" : "not yet");
	printf("Nightly streak: %d (longest %d), %d night%s in all\n", s.nightly.current,
	       s.nightly.longest, s.nights_total, s.nights_total == 1 ? "" : "s");
	for (int p = 0; p < PILLAR_COUNT; p++)
		printf("  %-24s %3d (longest %d)\n", pillar_name(p), s.pillar[p].current,
		       s.pillar[p].longest);
	return 0;
}

/* Parses "HH:MM" into minutes after midnight; -1 if it is not one. */
static int parse_hhmm(const char *s)
{
	int h, m;
	char end;

	if (sscanf(s, "%2d:%2d%c", &h, &m, &end) != 2 || h < 0 || h > 23 || m < 0 || m > 59)
		return -1;
	return h * 60 + m;
}

static int cmd_set(const struct args *a, struct app *app)
{
	const char *key = a->rest[0];
	enum tend_status st;

	if (strcmp(key, "day-boundary") == 0)
		st = app_set_boundary(app, a->set_value);
	else if (strcmp(key, "rest-window") == 0)
		st = app_set_rest_window(app, a->set_value);
	else if (strcmp(key, "bell") == 0)
		st = app_set_bell(app, a->set_value);
	else
		st = app_set_flash(app, a->set_value);
	if (st != TEND_OK)
		return fail("could not save the setting: %s", tend_strerror(st));
	return 0;
}

/* Checks a command's arguments before anything is opened, so a usage
 * error never creates or touches a database. Returns 0 or the status 2. */
static int check_usage(struct args *a)
{
	const char *c = a->command;

	if (!c)
		return a->nrest > 0 ? usage_error("unexpected argument '%s'", a->rest[0]) : 0;
	if (strcmp(c, "init") && strcmp(c, "write") && strcmp(c, "read") &&
	    strcmp(c, "stats") && strcmp(c, "set") && strcmp(c, "passphrase"))
		return usage_error("unknown command '%s'", c);
	if (strcmp(c, "write") && strcmp(c, "set") && a->nrest > 0)
		return usage_error("unexpected argument '%s'", a->rest[0]);
	if (strcmp(c, "init") == 0 && a->npartners != 2)
		return usage_error("init needs two partners: --partner NAME --partner NAME");
	if ((strcmp(c, "write") == 0 || strcmp(c, "read") == 0 ||
	     strcmp(c, "passphrase") == 0) && !a->as)
		return usage_error("%s needs --as NAME", c);
	if (strcmp(c, "write") == 0 && a->nrest > 1)
		return usage_error("write takes the text as one argument (quote it) or on standard input");
	if (strcmp(c, "set") == 0) {
		const char *key, *val;

		if (a->nrest != 2)
			return usage_error("set takes a setting and a value, e.g. 'tend set bell off'");
		key = a->rest[0];
		val = a->rest[1];
		if (strcmp(key, "day-boundary") == 0) {
			if ((a->set_value = parse_hhmm(val)) < 0)
				return usage_error("day-boundary takes a time as HH:MM, e.g. 04:00");
		} else if (strcmp(key, "rest-window") == 0) {
			char *end;
			long n = strtol(val, &end, 10);

			if (*end || end == val || n < 1 || n > 365)
				return usage_error("rest-window takes a number of nights, 1 to 365");
			a->set_value = (int)n;
		} else if (strcmp(key, "bell") == 0 || strcmp(key, "flash") == 0) {
			a->set_value = strcmp(val, "on") == 0;
			if (!a->set_value && strcmp(val, "off") != 0)
				return usage_error("%s is on or off", key);
		} else {
			return usage_error("no setting '%s' (day-boundary, rest-window, bell, flash)", key);
		}
	}
	return 0;
}

/* Fills `a` from argv; returns 0, or the exit status of a usage error. */
static int parse_args(int argc, char **argv, struct args *a)
{
	enum { O_DB = 256, O_PLAN, O_KDF, O_PASSFD, O_PARTNER, O_AS, O_SHARED, O_JSON };
	static const struct option opts[] = {
		{ "db", required_argument, NULL, O_DB },
		{ "plan", required_argument, NULL, O_PLAN },
		{ "kdf", required_argument, NULL, O_KDF },
		{ "passphrase-fd", required_argument, NULL, O_PASSFD },
		{ "partner", required_argument, NULL, O_PARTNER },
		{ "as", required_argument, NULL, O_AS },
		{ "shared", no_argument, NULL, O_SHARED },
		{ "json", no_argument, NULL, O_JSON },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	memset(a, 0, sizeof(*a));
	a->kdf = APP_KDF_MODERATE;
	a->pass_fd = -1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "hV", opts, NULL)) != -1) {
		char *end;
		long fd;

		switch (ch) {
		case O_DB: a->db = optarg; break;
		case O_PLAN: a->plan = optarg; break;
		case O_KDF:
			if ((a->kdf = app_kdf_parse(optarg)) < 0)
				return usage_error("--kdf is interactive, moderate or sensitive");
			break;
		case O_PASSFD:
			errno = 0;
			fd = strtol(optarg, &end, 10);
			if (errno || *end || end == optarg || fd < 0 || fd > INT_MAX)
				return usage_error("--passphrase-fd takes a file descriptor number");
			if (fcntl((int)fd, F_GETFD) < 0)
				return usage_error("--passphrase-fd %ld is not open", fd);
			a->pass_fd = (int)fd;
			break;
		case O_PARTNER:
			if (a->npartners == 2)
				return usage_error("a couple is two partners: --partner twice");
			a->partner[a->npartners++] = optarg;
			break;
		case O_AS: a->as = optarg; break;
		case O_SHARED: a->shared = true; break;
		case O_JSON: a->json = true; break;
		case 'h': a->command = "help"; return 0;
		case 'V': a->command = "version"; return 0;
		default:
			if (optopt && optopt < 256)
				return usage_error("unknown option '-%c'", optopt);
			return usage_error("unknown or incomplete option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		a->command = argv[optind++];
	a->rest = argv + optind;
	a->nrest = argc - optind;
	return 0;
}

int main(int argc, char **argv)
{
	struct args a;
	struct app *app = NULL;
	char dbpath[PATH_MAX];
	char err[512] = "";
	enum tend_status st;
	int rc;

	if ((rc = parse_args(argc, argv, &a)) != 0)
		return rc;
	if (a.command && strcmp(a.command, "help") == 0) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (a.command && strcmp(a.command, "version") == 0) {
		printf("tend %s\n", TEND_VERSION);
		return 0;
	}
	if ((rc = check_usage(&a)) != 0)
		return rc;

	if (!a.db)
		a.db = getenv("TEND_DB");
	if (!a.db || !a.db[0]) {
		if (app_default_db(dbpath, sizeof(dbpath)) != TEND_OK)
			return fail("cannot tell where to keep the database: set HOME or use --db PATH");
		a.db = dbpath;
	}
	/* Only setting up creates a database; the other commands need one. */
	if (a.command && strcmp(a.command, "init") && access(a.db, F_OK) != 0)
		return fail("%s", tend_strerror(TEND_ERR_NOT_SETUP));
	if (!a.command && (!isatty(0) || !isatty(1)))
		return fail("the check-in screens need a terminal; see 'tend --help' for commands");

	st = app_open(a.db, a.command == NULL, &app, err, sizeof(err));
	if (st != TEND_OK)
		return fail("%s", err[0] ? err : tend_strerror(st));
	if (!a.command) {
		struct ui_options uo = { a.plan, a.kdf };
		struct plan *plan = NULL;

		/* A plan that cannot load is said now, not after the couple sat down. */
		if (a.plan && app_plan_load(app, a.plan, &plan, err, sizeof(err)) != TEND_OK) {
			app_close(app);
			return fail("%s", err);
		}
		plan_free(plan);
		rc = ui_run(app, &uo);
	} else if (strcmp(a.command, "init") == 0) {
		rc = cmd_init(&a, app);
	} else if (strcmp(a.command, "write") == 0) {
		rc = cmd_write(&a, app);
	} else if (strcmp(a.command, "read") == 0) {
		rc = cmd_read(&a, app);
	} else if (strcmp(a.command, "set") == 0) {
		rc = cmd_set(&a, app);
	} else if (strcmp(a.command, "passphrase") == 0) {
		rc = cmd_passphrase(&a, app);
	} else {
		rc = cmd_stats(&a, app);
	}
	app_close(app);
	return rc;
}
