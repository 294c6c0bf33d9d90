/* main.c: tend's arguments and subcommands. Without a command it opens the
 * check-in screens; the commands (src/cli) are for scripts and quick use.
 * Exit status: 0 success, 1 failure (one line "tend: ..." on stderr), 2
 * usage error. Usage is checked whole before any file is opened, so a
 * mistyped command never creates or touches a database. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "tend/app.h"
#include "tend/cli.h"
#include "tend/ui.h"

#define TEND_VERSION "1.1.0"

static const char usage_text[] =
	"Usage: tend [OPTIONS] [COMMAND]\n"
	"\n"
	"A nightly check-in for two. Without a command, tend opens its screens:\n"
	"first-run setup, then home, the check-in timer, history and journals.\n"
	"\n"
	"Commands:\n"
	"  init --partner NAME --partner NAME [--kdf LEVEL] [--recovery]\n"
	"                        set up a couple. On a terminal it asks each passphrase\n"
	"                        twice and whether each of you wants a recovery code\n"
	"                        (--recovery: both do). With --passphrase-fd it reads\n"
	"                        exactly two lines, the first partner's passphrase and\n"
	"                        then the second's, and --recovery prints both codes\n"
	"  write --as NAME [--shared] [TEXT]\n"
	"                        add a journal entry (TEXT, or standard input);\n"
	"                        private unless --shared (asks NAME's passphrase:\n"
	"                        only NAME's key seals it); --shared needs none.\n"
	"                        TEXT given here stays in your shell's history, and\n"
	"                        others on this computer can see it while tend runs:\n"
	"                        better leave it out and type (Ctrl-D ends), or pipe\n"
	"                        it in (tend write --as NAME < note.txt)\n"
	"  read --as NAME        print everything NAME may read (asks NAME's passphrase)\n"
	"  stats [--json]        streaks and tonight's state; needs no passphrase\n"
	"  status [--format FMT] one line for a shell prompt or a status bar, e.g.\n"
	"                        \"tend: tonight not yet\" or \"tend: done tonight\";\n"
	"                        needs no passphrase, changes nothing, creates no file.\n"
	"                        FMT (default \"tend: %s\") takes %s tonight in words,\n"
	"                        %t as a word (not-yet, under-way, interrupted, done,\n"
	"                        last-night, rest, time-out, short, not-set-up), %n the\n"
	"                        nightly streak (empty when streaks are off), %w nights\n"
	"                        together of the last 14, %p your names, %o who opens,\n"
	"                        %% a percent sign. Exit status: 0 done, a rest night,\n"
	"                        a time-out or a short one (or last night's, early in\n"
	"                        the day); 3 not yet; 4 a check-in under way or\n"
	"                        interrupted; 5 nobody set up here\n"
	"  passphrase --as NAME [--recovery]\n"
	"                        change NAME's passphrase: asks the current one (with\n"
	"                        --recovery: NAME's recovery code instead), then the new\n"
	"                        one twice; with --passphrase-fd two lines, the current\n"
	"                        passphrase (or the code), then the new one\n"
	"  recovery --as NAME    make NAME a new recovery code (asks NAME's passphrase);\n"
	"                        the old code stops working\n"
	"  backup FILE           write an encrypted backup of the whole database to FILE;\n"
	"                        needs no passphrase, and either passphrase opens it\n"
	"  restore FILE [--replace]\n"
	"                        put a backup in place as the database (asks either\n"
	"                        passphrase); over an existing one only with --replace,\n"
	"                        which keeps the old one beside it\n"
	"  export --as NAME [--format markdown|json] [-o FILE]\n"
	"                        everything NAME may read, decrypted, as plain text\n"
	"                        (to FILE, or to a program through standard output)\n"
	"  verify [--as NAME]    check the whole database (with --as: that everything\n"
	"                        NAME may read opens); changes nothing\n"
	"  calendar [-o FILE]    your shared time as an iCalendar file to import into a\n"
	"                        calendar app: the nightly check-in, the weekly talk and\n"
	"                        date night, repeating each week; no names and nothing\n"
	"                        you wrote (to FILE, or to standard output)\n"
	"  forget --as NAME ENTRY... | forget --as NAME --night YYYY-MM-DD [--yes]\n"
	"                        delete for good NAME's own entries (numbers from 'tend\n"
	"                        read'), or one night's check-in with all written in it\n"
	"  set [KEY]             list every setting and its value, one a line, as 'tend\n"
	"                        set' takes it back (with KEY: that value alone); needs\n"
	"                        no passphrase\n"
	"  set day-boundary HH:MM | rest-window NIGHTS | bell on|off | flash on|off |\n"
	"      streaks on|off\n"
	"                        change a setting (the night starts at 04:00 and one\n"
	"                        rest night is allowed in any 7 nights by default)\n"
	"  set ritual-time HH:MM | weekly-day DAY | date-night DAY|off | date-time HH:MM\n"
	"                        when you meet (DAY: mon ... sun): the nightly check-in\n"
	"                        at 21:00, the weekly talk in its place on sun, date\n"
	"                        night on sat at 19:00 by default (see calendar)\n"
	"\n"
	"Options:\n"
	"  --db PATH             the database (default: $TEND_DB, or\n"
	"                        $XDG_DATA_HOME/tend/tend.db = ~/.local/share/tend/tend.db)\n"
	"  --plan NAME|PATH      the plan for check-ins (default: nightly)\n"
	"  --plain               line by line instead of screens, for a screen reader\n"
	"                        or a terminal that cannot draw: no big digits, no\n"
	"                        lines, no colour, no escape sequences; each step, who\n"
	"                        speaks, the card and the time left are said, and keys\n"
	"                        are typed as a line and Enter (also when TERM is dumb\n"
	"                        or unset; reads a pipe too)\n"
	"  --kdf LEVEL           key derivation cost at setup: interactive, moderate\n"
	"                        (default) or sensitive\n"
	"  --passphrase-fd N     read passphrases (and codes) from file descriptor N, one\n"
	"                        a line, exactly as many as the command says; anything\n"
	"                        after them is refused (never give a passphrase on the\n"
	"                        command line)\n"
	"  --allow-weak          take a passphrase tend finds easy to guess (on a\n"
	"                        terminal tend asks instead)\n"
	"  --yes                 forget without asking first\n"
	"  -o, --output FILE     where export or calendar writes (for export, a .json\n"
	"                        name picks JSON)\n"
	"  -h, --help            this help\n"
	"  -V, --version         tend's version\n"
	"\n"
	"Exit status: 0 success, 1 failure (one line \"tend: ...\" on standard error),\n"
	"2 usage error; tend status also 3, 4 and 5 (see status).\n";

/* What a command needs of the command line and of the database. */
enum {
	NEEDS_AS = 1u << 0,    /* --as NAME */
	NO_DB = 1u << 1,       /* opens no database of tend's own (restore) */
	READ_ONLY = 1u << 2,   /* opens the database for reading only */
	CREATES = 1u << 3,     /* may create the database (init) */
	PROMPT = 1u << 4,      /* runs on every shell prompt (status): with no
	                        * database, or nobody in it, it runs with app
	                        * NULL; it prints nothing but its line */
};

/* One command: its name, what it takes, and what runs it. */
struct command {
	const char *name;
	int (*run)(const struct cli_args *a, struct app *app);
	unsigned needs;
	int min_args, max_args;  /* arguments after the command */
	const char *args_usage;  /* what to say when they are wrong */
};

static const struct command commands[] = {
	{ "init", cli_init, CREATES, 0, 0, NULL },
	{ "write", cli_write, NEEDS_AS, 0, 1,
	  "write takes the text as one argument (quote it) or on standard input" },
	{ "read", cli_read, NEEDS_AS, 0, 0, NULL },
	{ "stats", cli_stats, 0, 0, 0, NULL },
	{ "status", cli_status, READ_ONLY | PROMPT, 0, 0, NULL },
	{ "set", cli_set, 0, 0, 2,
	  "set takes a setting and a value, e.g. 'tend set bell off' (alone, it lists them)" },
	{ "passphrase", cli_passphrase, NEEDS_AS, 0, 0, NULL },
	{ "recovery", cli_recovery, NEEDS_AS, 0, 0, NULL },
	{ "backup", cli_backup, 0, 1, 1, "backup takes the file to write: tend backup FILE" },
	{ "restore", cli_restore, NO_DB, 1, 1, "restore takes the backup: tend restore FILE" },
	{ "export", cli_export, NEEDS_AS, 0, 0, NULL },
	{ "verify", cli_verify, READ_ONLY, 0, 0, NULL },
	{ "calendar", cli_calendar, 0, 0, 0, NULL },
	{ "forget", cli_forget, NEEDS_AS, 0, 1024,
	  "forget takes entry numbers, or --night YYYY-MM-DD" },
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

/* A usage error on stderr; returns the exit status 2. What was typed is
 * quoted safe for the terminal (cli_vprint), like all tend prints. */
__attribute__((format(printf, 1, 2)))
static int usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cli_vfail(fmt, ap);
	va_end(ap);
	fputs("Try 'tend --help'.\n", stderr);
	return 2;
}

static const struct command *command_of(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
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

/* A shared-time setting's value into a->set_value: 0, status 2, or -1
 * when `key` is not one of them. */
static int check_shared_time(struct cli_args *a, const char *key, const char *val)
{
	if (strcmp(key, "ritual-time") == 0) {
		if ((a->set_value = parse_hhmm(val)) < 0)
			return usage_error("ritual-time takes the time of your nightly check-in as "
			                   "HH:MM, e.g. 21:00");
	} else if (strcmp(key, "date-time") == 0) {
		if ((a->set_value = parse_hhmm(val)) < 0)
			return usage_error("date-time takes the time date night starts as HH:MM, "
			                   "e.g. 19:00");
	} else if (strcmp(key, "weekly-day") == 0) {
		if ((a->set_value = app_weekday_parse(val)) < 0)
			return usage_error("weekly-day takes a day of the week: mon, tue, wed, thu, "
			                   "fri, sat or sun (or its full name)");
	} else if (strcmp(key, "date-night") == 0) {
		if (strcasecmp(val, "off") == 0)
			a->set_value = APP_DATE_NIGHT_OFF;
		else if ((a->set_value = app_weekday_parse(val)) < 0)
			return usage_error("date-night takes a day of the week (mon, tue, wed, thu, "
			                   "fri, sat or sun) or off");
	} else {
		return -1;
	}
	return 0;
}

/* `tend set [KEY [VALUE]]`: the key is one tend has, and a value given is
 * parsed into a->set_value; 0 or status 2. */
static int check_set(struct cli_args *a)
{
	const char *key = a->nrest > 0 ? a->rest[0] : NULL;
	const char *val = a->nrest > 1 ? a->rest[1] : NULL;
	int rc;

	if (!key)
		return 0;
	if (!cli_set_key_known(key))
		return usage_error("no setting '%s' (day-boundary, rest-window, bell, flash, "
		                   "streaks, ritual-time, weekly-day, date-night, date-time)", key);
	if (!val)
		return 0;
	if ((rc = check_shared_time(a, key, val)) >= 0)
		return rc;
	if (strcmp(key, "day-boundary") == 0) {
		if ((a->set_value = parse_hhmm(val)) < 0)
			return usage_error("day-boundary takes a time as HH:MM, e.g. 04:00");
	} else if (strcmp(key, "rest-window") == 0) {
		char *end;
		long n = strtol(val, &end, 10);

		if (*end || end == val || n < 1 || n > STREAK_REST_WINDOW_MAX)
			return usage_error("rest-window takes a number of nights, 1 to %d",
			                   STREAK_REST_WINDOW_MAX);
		a->set_value = (int)n;
	} else { /* bell, flash, streaks */
		a->set_value = strcmp(val, "on") == 0;
		if (!a->set_value && strcmp(val, "off") != 0)
			return usage_error("%s is on or off", key);
	}
	return 0;
}

/* Options that only some commands take: each named with those it fits. */
static int check_options(const struct cli_args *a, const char *c)
{
	static const struct {
		const char *option;
		const char *commands;   /* space-separated, with spaces around */
	} fits[] = {
		{ "--partner", " init " }, { "--shared", " write " }, { "--json", " stats " },
		{ "--recovery", " init passphrase " }, { "--replace", " restore " },
		{ "--yes", " forget " }, { "--format", " export status " },
		{ "--output", " export calendar " }, { "--night", " forget " },
		{ "--allow-weak", " init passphrase " },
	};
	const bool given[] = { a->npartners > 0, a->shared, a->json, a->recovery, a->replace,
	                       a->yes, a->format != NULL, a->output != NULL, a->night != NULL,
	                       a->allow_weak };
	char word[32];

	snprintf(word, sizeof(word), " %s ", c);
	for (size_t i = 0; i < sizeof(fits) / sizeof(fits[0]); i++)
		if (given[i] && !strstr(fits[i].commands, word))
			return usage_error("%s is not an option of %s", fits[i].option, c);
	return 0;
}

/* Checks a command's arguments before anything is opened, so a usage
 * error never creates or touches a database. Returns 0 or the status 2. */
static int check_usage(struct cli_args *a, const struct command **cmd)
{
	const char *c = a->command;
	const struct command *k;
	int rc;

	*cmd = NULL;
	if (!c)
		return a->nrest > 0 ? usage_error("unexpected argument '%s'", a->rest[0]) : 0;
	if (!(k = command_of(c)))
		return usage_error("unknown command '%s'", c);
	if (a->plain)
		return usage_error("--plain is for the screens (tend --plain), not for %s", c);
	if ((rc = check_options(a, c)) != 0)
		return rc;
	if (a->nrest < k->min_args || a->nrest > k->max_args) {
		if (k->args_usage)
			return usage_error("%s", k->args_usage);
		return usage_error("unexpected argument '%s'", a->rest[0]);
	}
	if ((k->needs & NEEDS_AS) && !a->as)
		return usage_error("%s needs --as NAME", c);
	if (a->as && !(k->needs & NEEDS_AS) && strcmp(c, "verify") != 0)
		return usage_error("--as is not an option of %s", c);
	if (strcmp(c, "init") == 0 && a->npartners != 2)
		return usage_error("init needs two partners: --partner NAME --partner NAME");
	if (strcmp(c, "set") == 0 && (rc = check_set(a)) != 0)
		return rc;
	if (strcmp(c, "export") == 0 && a->format && strcmp(a->format, "markdown") &&
	    strcmp(a->format, "json"))
		return usage_error("--format is markdown or json");
	if (strcmp(c, "status") == 0) {
		char why[400];

		if (cli_status_check(a->format, why, sizeof(why)) != 0)
			return usage_error("%s", why);
	}
	if (strcmp(c, "forget") == 0 && (a->night ? a->nrest > 0 : a->nrest == 0))
		return usage_error("forget takes entry numbers, or --night YYYY-MM-DD (not both)");
	*cmd = k;
	return 0;
}

/* Whether `word` (an argument as typed, maybe "--name=value") would give a
 * passphrase on the command line: --passphrase, --password, --pass and the
 * like, which getopt would otherwise take as an abbreviation of
 * --passphrase-fd. Only --passphrase-fd itself, spelled out, is taken. */
static bool gives_passphrase(const char *word)
{
	size_t n = strcspn(word, "=");

	return n >= 6 && strncmp(word, "--pass", 6) == 0 &&
	       !(n == 15 && strncmp(word, "--passphrase-fd", 15) == 0);
}

/* The usage error for a passphrase on the command line. What followed the
 * option is never repeated: it may be the passphrase. */
static int passphrase_usage(void)
{
	return usage_error("passphrases never go on the command line, where others on this "
	                   "computer can see them: type yours when tend asks, or give it on a "
	                   "file descriptor, e.g. --passphrase-fd 3 3<pass.txt");
}

/* Fills `a` from argv; returns 0, or the exit status of a usage error. */
static int parse_args(int argc, char **argv, struct cli_args *a)
{
	enum { O_DB = 256, O_PLAN, O_KDF, O_PASSFD, O_PARTNER, O_AS, O_SHARED, O_JSON,
	       O_RECOVERY, O_WEAK, O_REPLACE, O_YES, O_FORMAT, O_NIGHT, O_PLAIN };
	static const struct option opts[] = {
		{ "db", required_argument, NULL, O_DB },
		{ "plan", required_argument, NULL, O_PLAN },
		{ "kdf", required_argument, NULL, O_KDF },
		{ "passphrase-fd", required_argument, NULL, O_PASSFD },
		{ "partner", required_argument, NULL, O_PARTNER },
		{ "as", required_argument, NULL, O_AS },
		{ "shared", no_argument, NULL, O_SHARED },
		{ "json", no_argument, NULL, O_JSON },
		{ "recovery", no_argument, NULL, O_RECOVERY },
		{ "allow-weak", no_argument, NULL, O_WEAK },
		{ "replace", no_argument, NULL, O_REPLACE },
		{ "yes", no_argument, NULL, O_YES },
		{ "format", required_argument, NULL, O_FORMAT },
		{ "output", required_argument, NULL, 'o' },
		{ "night", required_argument, NULL, O_NIGHT },
		{ "plain", no_argument, NULL, O_PLAIN },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	memset(a, 0, sizeof(*a));
	a->kdf = APP_KDF_MODERATE;
	a->pass_fd = -1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":hVo:", opts, NULL)) != -1) {
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
			/* "--passphrase-fd=N" is one word; "--passphrase-fd N" two. */
			if (gives_passphrase(optarg == argv[optind - 1] ? argv[optind - 2]
			                                                : argv[optind - 1]))
				return passphrase_usage();
			errno = 0;
			fd = strtol(optarg, &end, 10);
			if (errno || *end || end == optarg || fd < 0 || fd > INT_MAX)
				return usage_error("--passphrase-fd takes the number of a file descriptor "
				                   "that holds the passphrase, e.g. --passphrase-fd 3 "
				                   "3<pass.txt (never the passphrase itself)");
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
		case O_RECOVERY: a->recovery = true; break;
		case O_WEAK: a->allow_weak = true; break;
		case O_REPLACE: a->replace = true; break;
		case O_YES: a->yes = true; break;
		case O_FORMAT: a->format = optarg; break;
		case 'o': a->output = optarg; break;
		case O_NIGHT: a->night = optarg; break;
		case O_PLAIN: a->plain = true; break;
		case 'h': a->command = "help"; return 0;
		case 'V': a->command = "version"; return 0;
		case ':':
			if (gives_passphrase(argv[optind - 1]))
				return passphrase_usage();
			return usage_error("%s needs a value", argv[optind - 1]);
		default:
			if (optopt && optopt < 256)
				return usage_error("unknown option '-%c'", optopt);
			if (gives_passphrase(argv[optind - 1]))
				return passphrase_usage();
			/* Only the option's name: what follows '=' may be a secret. */
			return usage_error("unknown or incomplete option '%.*s'",
			                   (int)strcspn(argv[optind - 1], "="), argv[optind - 1]);
		}
	}
	if (optind < argc)
		a->command = argv[optind++];
	a->rest = argv + optind;
	a->nrest = argc - optind;
	return 0;
}

/* Says why the database `a->db` is not there for a command that needs
 * one, naming it and where it came from (`from`: "--db", "TEND_DB", or
 * NULL for tend's usual place); `e` is access()'s errno. Returns 1. */
static int no_database(const struct cli_args *a, const char *from, int e)
{
	char q[4 * PATH_MAX + 8];

	cli_quote(a->db, q, sizeof(q));
	if (e != ENOENT && e != ENOTDIR)
		return cli_fail("%s: %s", q, tend_strerror(tend_status_errno(e)));
	if (!from)
		return cli_fail("nobody is set up here yet: there is no database at %s; run "
		                "'tend' or 'tend init' first", q);
	return cli_fail("nobody is set up here yet: there is no database at %s (from %s); "
	                "check the path, or run 'tend init' to set up there", q, from);
}

/* Removes the database at `path` and its -wal and -shm files, when it
 * holds no couple (a set-up that failed). */
static void remove_db(const char *path)
{
	static const char *const sides[] = { "", "-wal", "-shm" };
	char p[PATH_MAX + 8], err[256];
	struct app *app = NULL;
	bool setup;

	if (app_open_readonly(path, &app, err, sizeof(err)) == TEND_OK) {
		setup = app_is_setup(app);
		app_close(app);
		if (setup)
			return;
	}

	for (size_t i = 0; i < sizeof(sides) / sizeof(sides[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", path, sides[i]);
		unlink(p);
	}
}

int main(int argc, char **argv)
{
	const struct command *cmd;
	const char *from = NULL;   /* where a.db came from, for messages */
	struct cli_args a;
	struct app *app = NULL;
	char dbpath[PATH_MAX];
	char err[512] = "";
	enum tend_status st;
	bool existed, plain = false;
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
	if ((rc = check_usage(&a, &cmd)) != 0)
		return rc;

	if (a.db)
		from = "--db";
	else if ((a.db = getenv("TEND_DB")) && a.db[0])
		from = "TEND_DB";
	if (!a.db || !a.db[0]) {
		from = NULL;
		if (app_default_db(dbpath, sizeof(dbpath)) != TEND_OK)
			return cli_fail("cannot tell where to keep the database: set HOME or use --db PATH");
		a.db = dbpath;
	}
	/* What the commands' key derivations are for, on a terminal. */
	if (cmd)
		app_set_note(cli_note, NULL);
	if (cmd && (cmd->needs & NO_DB))
		return cmd->run(&a, NULL);
	/* Only setting up creates a database; the other commands need one, but
	 * for the status line that nobody is set up is an answer. */
	if (cmd && !(cmd->needs & CREATES) && access(a.db, F_OK) != 0)
		return cmd->needs & PROMPT ? cmd->run(&a, NULL) : no_database(&a, from, errno);
	if (!cmd) {
		struct ui_options want = { .plain = a.plain };

		plain = ui_plain_wanted(&want);
		if (!plain && (!isatty(0) || !isatty(1)))
			return cli_fail("the check-in screens need a terminal (tend --plain talks line "
			                "by line, through a pipe too); see 'tend --help' for commands");
		/* Plain mode sets nobody up: it makes no database to leave empty. */
		if (plain && access(a.db, F_OK) != 0) {
			char q[4 * PATH_MAX + 8];

			return cli_fail("nobody is set up here yet (%s): set up with 'tend init "
			                "--partner NAME --partner NAME', which asks each passphrase "
			                "line by line", cli_quote(a.db, q, sizeof(q)));
		}
	}

	/* A set-up that fails leaves no database behind where there was none. */
	existed = access(a.db, F_OK) == 0;
	if (cmd && (cmd->needs & READ_ONLY))
		st = app_open_readonly(a.db, &app, err, sizeof(err));
	else
		st = app_open(a.db, cmd == NULL, &app, err, sizeof(err));
	if (st == TEND_ERR_NOT_SETUP && cmd && (cmd->needs & PROMPT))
		return cmd->run(&a, NULL); /* an empty file */
	if (st != TEND_OK)
		return cli_fail("%s", err[0] ? err : tend_strerror(st));
	if (!cmd) {
		struct ui_options uo = { a.plan, a.kdf, a.plain };
		struct plan *plan = NULL;

		/* A plan that cannot load is said now, not after the couple sat down. */
		if (a.plan && app_plan_load(app, a.plan, &plan, err, sizeof(err)) != TEND_OK) {
			app_close(app);
			return cli_fail("%s", err);
		}
		plan_free(plan);
		rc = ui_run(app, &uo);
	} else {
		rc = cmd->run(&a, app);
		if (!(cmd->needs & PROMPT) && app_memlock_notice(err, sizeof(err)))
			fprintf(stderr, "tend: note: %s\n", err);
	}
	app_close(app);
	if (rc != 0 && cmd && (cmd->needs & CREATES) && !existed)
		remove_db(a.db);
	return rc;
}
