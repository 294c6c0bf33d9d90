/* ui.h: the terminal screens of tend (ncurses), and its plain mode, line
 * by line for screen readers and dumb terminals (no curses at all). The
 * only module that talks with the couple on the terminal; it never
 * touches SQL or keys, only the app's use cases. */
#ifndef TEND_UI_H
#define TEND_UI_H

#include <stdbool.h>

#include "tend/app.h"

struct ui_options {
	const char *plan; /* --plan NAME|PATH for check-ins; NULL: the default */
	int kdf;          /* enum app_kdf used by first-run setup */
	bool plain;       /* --plain: line by line, nothing drawn */
};

/* Whether tend talks line by line rather than drawing screens: --plain,
 * or a terminal that cannot draw (TERM unset, empty or "dumb"). */
bool ui_plain_wanted(const struct ui_options *opt);

/* Runs the screens on an open app until the couple quits; restores the
 * terminal (and clears it, so no text stays visible) on every way out.
 * Returns the process exit status: 0, or 1 after a fatal error (the message
 * printed to stderr after the terminal is restored). */
int ui_run(struct app *app, const struct ui_options *opt);
/* Plain mode on an open app (ui_run starts it when ui_plain_wanted, or
 * when the terminal is one ncurses does not know): home as a short menu,
 * the check-in, the journal and the history, line by line on standard
 * input and output, terminals or pipes. Leaves the terminal as it found
 * it. Returns the exit status like ui_run. */
int ui_plain_run(struct app *app, const struct ui_options *opt);

#endif
