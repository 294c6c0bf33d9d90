/* status.c: tend status, one line for a shell prompt or a status bar, and
 * an exit status a script can test. It runs on every prompt, so it reads
 * only what app_tonight needs, from a database opened read-only; it asks
 * for nothing, and when nobody is set up it says so on its one line, with
 * nothing on standard error.
 *
 * The line is --format with its placeholders filled in (cli.h lists them).
 * The format is the user's own words and is checked before anything is
 * opened; the names come from a file anyone at the laptop may have edited,
 * so the whole line is made safe and kept on one line (escape_line). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli_internal.h"
#include "tend/escape.h"
#include "tend/utf8.h"

#define DEFAULT_FORMAT "tend: %s"
#define PLACEHOLDERS "stnwpo%"

/* What the placeholders stand for, tonight. */
struct pieces {
	const char *said;              /* %s: what tonight is, in words */
	const char *word;              /* %t: the same as one word, for scripts */
	char streak[16];               /* %n: "" when streak numbers are hidden */
	char together[16];             /* %w */
	char names[2 * APP_MAX_NAME + 4]; /* %p: "Zoë & 美咲" */
	const char *opens;             /* %o: borrowed from the app */
	int rc;                        /* the exit status */
};

/* Each state's words and exit status. */
static const struct {
	const char *said, *word;
	int rc;
} states[] = {
	[APP_TONIGHT_NOT_YET] = { "tonight not yet", "not-yet", CLI_STATUS_NOT_YET },
	[APP_TONIGHT_UNDER_WAY] = { "check-in under way", "under-way", CLI_STATUS_BEGUN },
	[APP_TONIGHT_INTERRUPTED] = { "tonight's check-in was interrupted", "interrupted",
	                              CLI_STATUS_BEGUN },
	[APP_TONIGHT_DONE] = { "done tonight", "done", 0 },
	[APP_TONIGHT_REST] = { "a rest night", "rest", 0 },
	[APP_TONIGHT_TIMEOUT] = { "a time-out tonight", "time-out", 0 },
	[APP_TONIGHT_SHORT] = { "a short one tonight", "short", 0 },
	[APP_TONIGHT_LAST_NIGHT] = { "last night's check-in is saved", "last-night", 0 },
};

int cli_status_check(const char *fmt, char *why, size_t size)
{
	size_t len;

	why[0] = '\0';
	if (!fmt)
		return 0;
	len = strlen(fmt);
	/* A line another program places: nothing a terminal would act on, and
	 * no line end (it would break the prompt in two). */
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = utf8_decode(fmt + i, len - i, &cp);

		if (!utf8_valid_text(fmt + i, n, false) || escape_is_unsafe(cp) ||
		    cp == 0x2028 || cp == 0x2029) {
			snprintf(why, size, "--format holds a control character or a byte that is "
			         "not UTF-8; the status is one line of text");
			return 2;
		}
		i += n;
	}
	for (const char *p = fmt; (p = strchr(p, '%')); p += 2) {
		if (!p[1]) {
			snprintf(why, size, "--format ends in a lone %%; %%%% is a percent sign");
			return 2;
		}
		if (!strchr(PLACEHOLDERS, p[1])) {
			size_t n = utf8_next(p + 1, strlen(p + 1), 0);

			snprintf(why, size, "--format: %%%.*s is not one of its pieces, which are %%s "
			         "(tonight in words), %%t (as a word), %%n (nightly streak), %%w (nights "
			         "together), %%p (your names), %%o (who opens) and %%%% (a percent sign)",
			         (int)n, p + 1);
			return 2;
		}
	}
	return 0;
}

/* The piece placeholder `c` stands for (one of PLACEHOLDERS). */
static const char *piece(const struct pieces *p, char c)
{
	switch (c) {
	case 's': return p->said;
	case 't': return p->word;
	case 'n': return p->streak;
	case 'w': return p->together;
	case 'p': return p->names;
	case 'o': return p->opens;
	}
	return "%";
}

/* `fmt` with its placeholders filled in, into `out` (room for `cap`
 * bytes, may be NULL when 0); like snprintf, returns the whole length. */
static size_t expand(const char *fmt, const struct pieces *p, char *out, size_t cap)
{
	size_t len = 0;

	for (const char *f = fmt; *f; f++) {
		const char *s = f;
		size_t n = 1;

		if (*f == '%') {
			s = piece(p, *++f);
			n = strlen(s);
		}
		if (len < cap)
			memcpy(out + len, s, n < cap - len ? n : cap - len);
		len += n;
	}
	if (cap)
		out[len < cap ? len : cap - 1] = '\0';
	return len;
}

/* Fills `p` for the couple of `app` (NULL: nobody is set up). 0, or 1
 * after saying why tonight could not be read. */
static int pieces_of(const struct cli_args *a, struct app *app, struct pieces *p)
{
	struct app_tonight t;
	enum tend_status st;

	memset(p, 0, sizeof(*p));
	p->opens = "";
	if (!app || !app_is_setup(app)) {
		p->said = "not set up yet";
		p->word = "not-set-up";
		p->rc = CLI_STATUS_NOT_SET_UP;
		return 0;
	}
	if ((st = app_tonight(app, time(NULL), &t)) != TEND_OK)
		return cli_fail("cannot tell how tonight is: %s", cli_why(a, st));
	p->said = states[t.state].said;
	p->word = states[t.state].word;
	p->rc = states[t.state].rc;
	if (app_streaks(app))
		snprintf(p->streak, sizeof(p->streak), "%d", t.nightly.current);
	snprintf(p->together, sizeof(p->together), "%d", t.together);
	snprintf(p->names, sizeof(p->names), "%s & %s", app_name(app, 0), app_name(app, 1));
	p->opens = app_name(app, t.first);
	return 0;
}

int cli_status(const struct cli_args *a, struct app *app)
{
	const char *fmt = a->format ? a->format : DEFAULT_FORMAT;
	struct pieces p;
	char *raw, *line;
	size_t n, m;
	int rc;

	if (pieces_of(a, app, &p) != 0)
		return 1;
	n = expand(fmt, &p, NULL, 0);
	if (!(raw = malloc(n + 1)))
		return cli_fail("%s", tend_strerror(TEND_ERR_NOMEM));
	expand(fmt, &p, raw, n + 1);
	m = escape_line(raw, n, NULL, 0);
	if (!(line = malloc(m + 2))) {
		free(raw);
		return cli_fail("%s", tend_strerror(TEND_ERR_NOMEM));
	}
	escape_line(raw, n, line, m + 1);
	line[m] = '\n';
	rc = fwrite(line, 1, m + 1, stdout) == m + 1 && fflush(stdout) == 0
	     ? p.rc : cli_fail("cannot write the status line to standard output");
	free(raw);
	free(line);
	return rc;
}
