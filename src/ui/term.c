/* term.c: what terminfo says of the terminal TERM names, asked apart from
 * newterm: whether it is known at all (before newterm, which keeps memory
 * of its own for good when it fails; an unknown TERM makes tend carry on
 * line by line instead), and why not, in words a person can act on, with a
 * type it does know to try. A file of its own so that term.h's many macros
 * (lines, columns, bell...) stay in one file. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tend/escape.h"
#include "ui_internal.h"

#include <term.h>

/* Whether terminfo describes `name`, and the reason it does not (setupterm's
 * errret: 1 hardcopy, 0 unknown or too generic, -1 no terminfo at all). */
static bool term_known(const char *name, int *why)
{
	int err = 0;

	if (setupterm(name, STDOUT_FILENO, &err) != OK) {
		*why = err;
		return false;
	}
	del_curterm(cur_term);
	*why = 1;
	return true;
}

bool ui_term_known(void)
{
	int why;

	return term_known(NULL, &why);
}

/* A type terminfo knows, near `name`: its family's 256-colour entry or the
 * family itself ("xterm-ghostty": xterm-256color), else xterm-256color, else
 * vt100; NULL when none is known. */
static const char *term_near(const char *name, char *buf, size_t size)
{
	static const char *const last[] = { "xterm-256color", "vt100" };
	size_t fam = strcspn(name, "-");
	int why;

	if (fam > 0 && fam < size - 10) {
		snprintf(buf, size, "%.*s-256color", (int)fam, name);
		if (strcmp(buf, name) != 0 && term_known(buf, &why))
			return buf;
		snprintf(buf, size, "%.*s", (int)fam, name);
		if (strcmp(buf, name) != 0 && term_known(buf, &why))
			return buf;
	}
	for (size_t i = 0; i < sizeof(last) / sizeof(last[0]); i++)
		if (term_known(last[i], &why))
			return last[i];
	return NULL;
}

void ui_term_why(char *buf, size_t size)
{
	const char *term = getenv("TERM");
	char shown[ESCAPE_TERM_MAX(64) + 1], near[80];
	const char *alt;
	int why;

	if (!term || !*term) {
		snprintf(buf, size, "TERM is not set, so tend cannot tell what this terminal can do: "
		         "set it to your terminal's type (e.g. TERM=xterm-256color) and start "
		         "tend again");
		return;
	}
	/* TERM is the user's, but may hold anything: shown, never acted on. */
	escape_term(term, strnlen(term, 64), shown, sizeof(shown));
	if (term_known(term, &why)) {
		snprintf(buf, size, "cannot use this terminal (TERM=%s)", shown);
		return;
	}
	if (why < 0) {
		snprintf(buf, size, "this computer has no terminal descriptions (terminfo) to look "
		         "TERM=%s up in: install them (on Debian, the ncurses-base package) and "
		         "start tend again", shown);
		return;
	}
	if (why > 0) {
		snprintf(buf, size, "the terminal TERM=%s prints on paper: tend's screens need one "
		         "that can move its cursor", shown);
		return;
	}
	alt = term_near(term, near, sizeof(near));
	if (alt)
		snprintf(buf, size, "this computer has no description of the terminal TERM=%s: "
		         "try \"TERM=%s tend\", or install its description (on Debian, the "
		         "ncurses-term package)", shown, alt);
	else
		snprintf(buf, size, "this computer has no description of the terminal TERM=%s: "
		         "install it (on Debian, the ncurses-term package) and start tend again",
		         shown);
}
