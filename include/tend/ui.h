/* ui.h: the terminal screens of tend (ncurses). The only module that draws;
 * it never touches SQL or keys, only the app's use cases. */
#ifndef TEND_UI_H
#define TEND_UI_H

#include "tend/app.h"

struct ui_options {
	const char *plan; /* --plan NAME|PATH for check-ins; NULL: the default */
	int kdf;          /* enum app_kdf used by first-run setup */
};

/* Runs the screens on an open app until the couple quits; restores the
 * terminal (and clears it, so no text stays visible) on every way out.
 * Returns the process exit status: 0, or 1 after a fatal error (the message
 * printed to stderr after the terminal is restored). */
int ui_run(struct app *app, const struct ui_options *opt);

#endif
