/* cli.h: tend's commands for scripts and quick use (src/cli): what the
 * command line said, and one function per command. src/main.c parses the
 * arguments and picks the command; each returns the exit status: 0
 * success, 1 failure (one line "tend: ..." on stderr), 2 usage error. */
#ifndef TEND_CLI_H
#define TEND_CLI_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "tend/app.h"

/* Everything the command line said. */
struct cli_args {
	const char *db;         /* --db, TEND_DB or the default */
	const char *plan;       /* --plan */
	int kdf;                /* --kdf: enum app_kdf */
	int pass_fd;            /* --passphrase-fd; -1: ask on the terminal */
	const char *partner[2]; /* init --partner, twice */
	int npartners;
	const char *as;         /* --as NAME */
	bool shared;            /* write --shared */
	bool json;              /* stats --json */
	bool recovery;          /* init, passphrase: --recovery */
	bool allow_weak;        /* --allow-weak: take a weak passphrase */
	bool replace;           /* restore --replace */
	bool yes;               /* forget --yes: no question */
	const char *format;     /* export, status: --format */
	const char *output;     /* export, calendar: -o FILE */
	const char *night;      /* forget --night YYYY-MM-DD */
	bool plain;             /* --plain: the screens line by line */
	const char *command;    /* NULL: the screens */
	char **rest;            /* arguments after the command */
	int nrest;
	int set_value;          /* set: the value parsed (minutes, nights, 0/1) */
};

/* app_set_note's hook for the commands: the sentence on standard error,
 * only when that is a terminal, so a script's output stays its own. */
void cli_note(void *ctx, const char *text);

/* A one-line failure on stderr ("tend: ..."); returns the exit status 1.
 * Like everything the commands print, it is made safe for a terminal
 * (src/cli/out.c): what the arguments bring is shown, never acted on. */
int cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The same line from a va_list (main.c's usage errors add a hint to it). */
int cli_vfail(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
/* vfprintf to `fp`, made safe for a terminal the same way. */
void cli_vprint(FILE *fp, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* `s` between single quotes for a message (src/cli/out.c), with everything a terminal
 * would act on shown as a code, and newlines and tabs too (\n, \t), so a
 * path stays on its line. Into `buf` (`size` bytes; cut short when it does
 * not fit); returns buf. */
const char *cli_quote(const char *s, char *buf, size_t size);

/* src/cli/commands.c */
int cli_init(const struct cli_args *a, struct app *app);
int cli_write(const struct cli_args *a, struct app *app);
int cli_read(const struct cli_args *a, struct app *app);
int cli_stats(const struct cli_args *a, struct app *app);
/* With a setting and a value, changes it; with only a setting, prints its
 * value; alone, prints every setting and its value, one a line. */
int cli_set(const struct cli_args *a, struct app *app);
/* Whether `tend set` has a setting called `key` (checked before anything
 * is opened). */
bool cli_set_key_known(const char *key);
int cli_passphrase(const struct cli_args *a, struct app *app);
int cli_recovery(const struct cli_args *a, struct app *app);

/* src/cli/keep.c */
int cli_backup(const struct cli_args *a, struct app *app);
/* Opens no database of its own: `app` is NULL. */
int cli_restore(const struct cli_args *a, struct app *app);
int cli_export(const struct cli_args *a, struct app *app);
/* `app` is opened read-only. */
int cli_verify(const struct cli_args *a, struct app *app);
int cli_forget(const struct cli_args *a, struct app *app);

/* src/cli/status.c: tend status, one line for a shell prompt. `app` is
 * opened read-only, or NULL when there is no database or nobody in it.
 * Besides 0 (tonight is done, a rest night, a time-out or a short one) it
 * exits with one of these, and 1 when the database cannot be read. */
#define CLI_STATUS_NOT_YET 3     /* nothing yet tonight */
#define CLI_STATUS_BEGUN 4       /* a check-in under way, or interrupted */
#define CLI_STATUS_NOT_SET_UP 5  /* nobody is set up (no database) */
int cli_status(const struct cli_args *a, struct app *app);
/* Whether `fmt` (--format; NULL: the default) is a status format: 0, or 2
 * with the sentence why not in `why` (a usage error). Its pieces: %s, %t,
 * %n, %w, %p, %o and %% (see usage in main.c); no control characters. */
int cli_status_check(const char *fmt, char *why, size_t size);

/* src/cli/calendar.c */
int cli_calendar(const struct cli_args *a, struct app *app);
/* `tend set` of a shared-time setting (ritual-time, weekly-day, date-night,
 * date-time): true with *st set when `a` names one, false otherwise. */
bool cli_set_shared_time(const struct cli_args *a, struct app *app, enum tend_status *st);

#endif
