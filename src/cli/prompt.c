/* prompt.c: asking people things on the terminal, and reading the same
 * answers from a script. Passphrases and codes go into guarded memory;
 * echo is off while they are typed and is put back on every way out,
 * Ctrl-C included (the handler only sets a flag). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli_internal.h"

static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig)
{
	(void)sig;
	interrupted = 1;
}

const char *cli_why(const struct cli_args *a, enum tend_status st)
{
	static char buf[PATH_MAX + 256];

	switch (st) {
	case TEND_ERR_IO:
	case TEND_ERR_FULL:
	case TEND_ERR_PERM:
	case TEND_ERR_READONLY:
	case TEND_ERR_WAL_READONLY:
	case TEND_ERR_CORRUPT:
		if (a && a->db) {
			snprintf(buf, sizeof(buf), "%s: %s", a->db, tend_strerror(st));
			return buf;
		}
		/* fall through */
	default:
		return tend_strerror(st);
	}
}

int cli_partner(const struct cli_args *a, struct app *app)
{
	int who;

	if (!app_is_setup(app)) {
		cli_fail("%s", tend_strerror(TEND_ERR_NOT_SETUP));
		return -1;
	}
	if ((who = app_partner_by_name(app, a->as)) < 0)
		cli_fail("nobody here is called '%s' (the partners are %s and %s)", a->as,
		         app_name(app, 0), app_name(app, 1));
	return who;
}

int cli_keys_usable(struct app *app, unsigned mask, const char *then)
{
	char why[2 * APP_MAX_NAME + 120];

	for (int i = 0; i < 2; i++) {
		if (!(mask & (1u << i)) || app_partner_key(app, i) == TEND_OK)
			continue;
		app_key_problem(app, i, why, sizeof(why));
		return cli_fail("%s; %s", why, then);
	}
	return 0;
}

ssize_t cli_read_line(int fd, char *buf, size_t cap)
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
			return CLI_TOO_LONG;
		buf[n++] = ch;
	}
	if (n > 0 && buf[n - 1] == '\r')
		n--;
	buf[n] = '\0';
	return (ssize_t)n;
}

/* Writes `s` to the terminal `fd` as it is: tend's own sequences (the
 * alternate screen) and a recovery code; everything else goes through
 * cli_say. */
static void say_raw(int fd, const char *s)
{
	ssize_t r = write(fd, s, strlen(s));

	(void)r;
}

/* How a script gives what tend could not ask for: "" when tend had
 * --passphrase-fd or a terminal to ask on. For `tend write` standard input
 * may be the text, so the passphrase needs another descriptor. */
static const char *no_tty_hint(const struct cli_args *a)
{
	if (a->pass_fd >= 0 || cli_have_tty())
		return "";
	if (a->command && strcmp(a->command, "write") == 0 && a->nrest == 0)
		return " (there is no terminal to ask on, and standard input is the text: give the "
		       "passphrase on another descriptor, e.g. --passphrase-fd 3 3<pass.txt)";
	return " (there is no terminal to ask on: to give it from a pipe or a file, add "
	       "--passphrase-fd 0)";
}

const char *cli_missing(const struct cli_args *a, ssize_t n, const char *what)
{
	static char buf[320];

	if (n == CLI_TOO_LONG)
		snprintf(buf, sizeof(buf), "the %s line is longer than %d bytes, more than any "
		         "%s can be", what, APP_MAX_PASS, what);
	else
		snprintf(buf, sizeof(buf), "no %s given%s", what, no_tty_hint(a));
	return buf;
}

bool cli_have_tty(void)
{
	int fd = open("/dev/tty", O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return false;
	close(fd);
	return true;
}

ssize_t cli_ask(const char *prompt, char *buf, size_t cap, bool hidden)
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
	if (hidden)
		quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
	quiet.c_lflag |= ICANON;
	cli_say(fd, prompt);
	tcsetattr(fd, TCSAFLUSH, &quiet);
	n = cli_read_line(fd, buf, cap);
	tcsetattr(fd, TCSAFLUSH, &old);
	if (hidden)
		cli_say(fd, "\n");
	sigaction(SIGINT, &oldint, NULL);
	sigaction(SIGTERM, &oldterm, NULL);
	close(fd);
	if (interrupted)
		return -1;
	return n;
}

ssize_t cli_secret(const struct cli_args *a, const char *prompt, char *buf)
{
	if (a->pass_fd >= 0)
		return cli_read_line(a->pass_fd, buf, APP_MAX_PASS + 1);
	return cli_ask(prompt, buf, APP_MAX_PASS + 1, true);
}

/* Looks without waiting: what a script gave is there by now (a file, a
 * here-string, a pipe it wrote to), while a pipe someone keeps open for
 * more must not make tend wait for ever. */
int cli_no_more_lines(const struct cli_args *a, int lines, const char *which)
{
	struct pollfd p = { a->pass_fd, POLLIN, 0 };
	char ch;
	ssize_t r;
	int n;

	if (a->pass_fd < 0 || isatty(a->pass_fd))
		return 0;
	while ((n = poll(&p, 1, 0)) < 0 && errno == EINTR)
		;
	if (n <= 0 || !(p.revents & POLLIN))
		return 0;
	while ((r = read(a->pass_fd, &ch, 1)) < 0 && errno == EINTR)
		;
	if (r <= 0)
		return 0;
	return cli_fail("--passphrase-fd had more than the %d line%s tend reads here (%s); "
	                "nothing was done", lines, lines == 1 ? "" : "s", which);
}

int cli_unlock(const struct cli_args *a, struct app *app, int who, const char *then,
               struct app_reader **out)
{
	char prompt[APP_MAX_NAME + 32], *pass = app_secure_alloc(APP_MAX_PASS + 1);
	enum tend_status st = TEND_ERR_PASSPHRASE;
	int tries = a->pass_fd >= 0 ? 1 : 3;

	*out = NULL;
	if (!pass)
		return cli_fail("%s", tend_strerror(TEND_ERR_NOMEM));
	snprintf(prompt, sizeof(prompt), "Passphrase for %s: ", app_name(app, who));
	while (tries-- > 0) {
		ssize_t n = cli_secret(a, prompt, pass);

		if (n < 0) {
			app_secure_free(pass);
			return cli_fail("%s%s%s", cli_missing(a, n, "passphrase"), then ? "; " : "",
			                then ? then : "");
		}
		if ((st = app_unlock(app, who, pass, (size_t)n, out)) != TEND_ERR_PASSPHRASE)
			break;
		if (tries)
			cli_err("That passphrase doesn't open %s's key. Try again.\n",
			        app_name(app, who));
	}
	app_secure_free(pass);
	if (st == TEND_ERR_PASSPHRASE)
		return cli_fail("wrong passphrase for %s%s%s", app_name(app, who), then ? "; " : "",
		                then ? then : "");
	if (st != TEND_OK)
		return cli_fail("cannot unlock: %s", tend_strerror(st));
	if (cli_no_more_lines(a, 1, "the passphrase")) {
		app_reader_free(*out);
		*out = NULL;
		return 1;
	}
	return 0;
}

/* Says what tend thinks of weak passphrase `v` for `name`, on stderr. */
static void say_weak(const char *name, const struct app_pass_verdict *v)
{
	cli_err("%s, that passphrase is easy to guess. %s.\n%s\n", name, v->estimate,
	        v->hint);
}

ssize_t cli_new_pass(const struct cli_args *a, const char *label, const char *const names[2],
                     int who, enum app_kdf kdf, char *buf)
{
	struct app_pass_verdict v;
	char prompt[APP_MAX_NAME + 64];
	char *again;
	ssize_t n, m;

	if (a->pass_fd >= 0) {
		if ((n = cli_read_line(a->pass_fd, buf, APP_MAX_PASS + 1)) <= 0) {
			if (n == CLI_TOO_LONG)
				cli_fail("%s (for %s); nothing was done", cli_missing(a, n, "passphrase"),
				         names[who]);
			else
				cli_fail("no passphrase for %s%s", names[who],
				         n == 0 ? " (it cannot be empty)" : "");
			return -1;
		}
		app_pass_judge(names, buf, kdf, &v);
		if (v.weak && !a->allow_weak) {
			cli_fail("%s's passphrase is easy to guess (%s); choose a stronger one, or "
			         "add --allow-weak to use it anyway; nothing was done", names[who],
			         v.estimate);
			return -1;
		}
		return n;
	}
	if (!(again = app_secure_alloc(APP_MAX_PASS + 1))) {
		cli_fail("%s", tend_strerror(TEND_ERR_NOMEM));
		return -1;
	}
	for (;;) {
		snprintf(prompt, sizeof(prompt), "%s for %s: ", label, names[who]);
		if ((n = cli_ask(prompt, buf, APP_MAX_PASS + 1, true)) < 0)
			break;
		if (n == 0) {
			cli_err("A passphrase cannot be empty.\n");
			continue;
		}
		app_pass_judge(names, buf, kdf, &v);
		if (v.weak) {
			say_weak(names[who], &v);
			if (!cli_yes("Use it anyway? [y/N] ", false)) {
				if (interrupted) {
					n = -1;
					break;
				}
				continue;
			}
		}
		snprintf(prompt, sizeof(prompt), "The same again, for %s: ", names[who]);
		m = cli_ask(prompt, again, APP_MAX_PASS + 1, true);
		if (m == n && memcmp(buf, again, (size_t)n) == 0)
			break;
		if (m < 0) {
			n = -1;
			break;
		}
		cli_err("Those two did not match; once more.\n");
	}
	app_secure_free(again);
	if (n < 0)
		cli_fail("no passphrase for %s%s; nothing was done", names[who], no_tty_hint(a));
	return n;
}

bool cli_yes(const char *question, bool dflt)
{
	char answer[16];
	ssize_t n = cli_ask(question, answer, sizeof(answer), false);

	if (n < 0)
		return false;
	if (n == 0)
		return dflt;
	return answer[0] == 'y' || answer[0] == 'Y';
}

/* "1st", "2nd", "3rd", "4th"... */
static const char *nth(int i)
{
	static const char *const words[] = { "first", "second", "third", "fourth", "fifth",
	                                     "sixth", "seventh" };

	return i >= 0 && i < 7 ? words[i] : "?";
}

/* Shows the code on the alternate screen of `tty` until Enter. The code
 * (letters, digits and '-') is written as it is, never copied into the
 * buffers that make the names around it safe. */
static void code_screen(int tty, const char *name, const char *other, const char *code,
                        bool alt)
{
	char text[1000];

	if (alt)
		say_raw(tty, "\033[H\033[2J");
	snprintf(text, sizeof(text), "%s%s's recovery code (%s, please look away)\n\n    ",
	         alt ? "" : "\n", name, other);
	cli_say(tty, text);
	say_raw(tty, code);
	snprintf(text, sizeof(text),
	         "\n\n"
	         "With this code %s can set a new passphrase after forgetting the old one.\n"
	         "Write it on paper, exactly as it is, and keep it somewhere safe, away from\n"
	         "this laptop: together with this database it opens what only %s may read.\n"
	         "tend shows it only this once, and nobody can recover a lost one for you.\n\n",
	         name, name);
	cli_say(tty, text);
}

int cli_show_code(const struct cli_args *a, const char *name, const char *other,
                  const char *code)
{
	const char *term = getenv("TERM");
	bool alt = term && *term && strcmp(term, "dumb") != 0;
	char typed[32], prompt[96];
	int tty, g[2], rc = 1;

	if (a->pass_fd >= 0) {
		cli_out("%s's recovery code: ", name);
		printf("%s\n", code); /* as before: only its name needs making safe */
		fflush(stdout);
		return 0;
	}
	if ((tty = open("/dev/tty", O_RDWR | O_CLOEXEC)) < 0)
		return cli_fail("no terminal to show %s's recovery code on", name);
	if (alt)
		say_raw(tty, "\033[?1049h");
	for (;;) {
		code_screen(tty, name, other, code, alt);
		if (cli_ask("Press Enter when it is written down. ", typed, sizeof(typed), true) < 0)
			break;
		if (alt)
			say_raw(tty, "\033[H\033[2J");
		cli_say(tty, "To be sure it is written down right, type two of its groups of four.\n\n");
		g[0] = (int)app_random_below(APP_RECOVERY_GROUPS);
		g[1] = (g[0] + 1 + (int)app_random_below(APP_RECOVERY_GROUPS - 1)) %
		       APP_RECOVERY_GROUPS;
		bool right = true;
		for (int i = 0; i < 2 && right; i++) {
			ssize_t n;

			snprintf(prompt, sizeof(prompt), "The %s group: ", nth(g[i]));
			if ((n = cli_ask(prompt, typed, sizeof(typed), false)) < 0)
				goto out;
			right = app_recovery_group_is(code, g[i], typed, (size_t)n);
		}
		explicit_bzero(typed, sizeof(typed));
		if (right) {
			rc = 0;
			break;
		}
		cli_say(tty, "\nThat is not what the code says. Press Enter to see it again.");
		if (cli_ask(" ", typed, sizeof(typed), true) < 0)
			break;
	}
out:
	explicit_bzero(typed, sizeof(typed));
	if (alt)
		say_raw(tty, "\033[H\033[2J\033[?1049l");
	close(tty);
	if (rc != 0)
		return cli_fail("%s's recovery code was made but not checked; it works, but if it "
		                "was not written down make a new one: tend recovery --as %s", name,
		                name);
	cli_err("%s's recovery code is written down. Keep it safe.\n", name);
	return 0;
}

const char *cli_recover_problem(struct app *app, int who, enum tend_status st, char *buf,
                                size_t size)
{
	const char *name = app_name(app, who), *other = app_name(app, !who);

	switch (st) {
	case TEND_ERR_INVALID:
		snprintf(buf, size, "that is not a recovery code: one has 28 letters and digits, "
		         "in 7 groups of 4");
		break;
	case TEND_ERR_PARSE:
		snprintf(buf, size, "that recovery code has a typo: check each group against what "
		         "was written down");
		break;
	case TEND_ERR_NOT_FOUND:
		snprintf(buf, size, "%s has no recovery code: without the passphrase, what only %s "
		         "may read cannot be opened by anyone", name, name);
		break;
	case TEND_ERR_PASSPHRASE:
		snprintf(buf, size, "that is not %s's recovery code (a newer one replaces the old)",
		         name);
		break;
	case TEND_ERR_SAME_PASSPHRASE:
		snprintf(buf, size, "that passphrase opens %s's key, so it cannot be %s's too; "
		         "choose another (and %s may want a new one: tend passphrase --as %s)",
		         other, name, other, other);
		break;
	case TEND_ERR_KEY_DAMAGED:
		snprintf(buf, size, "%s's recovery record in this database is damaged or was "
		         "changed, so the code cannot open anything", name);
		break;
	default:
		snprintf(buf, size, "%s", tend_strerror(st));
	}
	return buf;
}
