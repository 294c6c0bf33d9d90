/* common.h: what the screens and plain mode (plain*.c) share, kept once
 * so that they never drift apart: words both say, rules both keep. No
 * curses here. */
#ifndef TEND_UI_COMMON_H
#define TEND_UI_COMMON_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tend/app.h"

/* "When to get help": its own page, and part of the help. Paragraphs
 * between blank lines, the first line its title. */
#define UI_GET_HELP_SIZE 1024 /* bytes it may hold, its NUL included */
extern const char ui_get_help[UI_GET_HELP_SIZE];

/* How long an unlocked reader may sit idle before it locks, in ms:
 * APP_IDLE_LOCK_S, or sooner when TEND_IDLE_LOCK_S asks for fewer seconds
 * (a couple who want it sooner; the tests, which cannot wait five
 * minutes). Never later: a typo cannot leave the journal open. */
int64_t ui_idle_ms(void);

/* How tonight stands, as home says it: "Tonight: done", "Tonight: not yet -
 * Zoë opens"; early in the day after a check-in, what just happened ("Last
 * night's check-in is saved"), until the next evening. Into buf. */
enum ui_tonight_tone { UI_TONIGHT_PLAIN, UI_TONIGHT_GOOD, UI_TONIGHT_ASKS };
enum ui_tonight_tone ui_tonight_words(struct app *app, const struct app_stats *st, char *buf,
                                      size_t size);

/* The open parked topics, copied into guarded memory for a choice. */
#define UI_MAX_TOPICS 64
#define UI_TOPIC_TEXT 512 /* bytes of a topic kept for the check-in */
struct ui_topics {
	int64_t id[UI_MAX_TOPICS];
	tend_night night[UI_MAX_TOPICS];
	char *text[UI_MAX_TOPICS]; /* guarded, NUL-ended; NULL once taken */
	size_t n;
};
/* Fills `l` (emptied first) with the open topics `r` can read, at most
 * UI_MAX_TOPICS of them; what memory does not allow is left out. */
enum tend_status ui_topics_read(struct app_reader *r, struct ui_topics *l);
/* Topic i's text, now the caller's (app_secure_free); the list forgets it. */
char *ui_topics_take(struct ui_topics *l, size_t i);
/* Wipes and frees what the list still holds. */
void ui_topics_free(struct ui_topics *l);

/* signals.c: SIGINT, SIGTERM, SIGHUP and SIGTSTP, each setting a flag and
 * blocked but inside the wait: a face's loop looks at the flags, then
 * sleeps in ppoll(..., &wait_mask), which lets them in. */
#define UI_NSIGNALS 4
enum {
	UI_SIG_WINCH = 1,   /* SIGWINCH too is let in only inside the wait, so a
	                     * resize always wakes it (ncurses keeps its handler) */
	UI_SIG_NO_PIPE = 2, /* SIGPIPE ignored: a reader gone is an end like
	                     * any other, with the check-in saved */
};
struct ui_signals {
	struct sigaction old[UI_NSIGNALS], old_pipe; /* the actions replaced */
	sigset_t old_mask;  /* the mask before */
	sigset_t wait_mask; /* the mask inside the wait: ours unblocked */
	unsigned flags;
};
/* Installs the handlers (the flags cleared) and blocks their signals,
 * keeping what was there in `s`; the screens call it before newterm, so
 * ncurses leaves these signals to tend. */
void ui_signals_take(struct ui_signals *s, unsigned flags);
/* Puts back the actions and the mask ui_signals_take replaced. */
void ui_signals_give_back(const struct ui_signals *s);
/* The signal that asked tend to end (SIGINT, SIGTERM or SIGHUP), or 0. */
int ui_signal_quit(void);
/* Whether SIGTSTP came (Ctrl-Z, or from outside). */
bool ui_signal_stop(void);
/* Stops the process as a shell's job control expects, until SIGCONT, with
 * SIGTSTP's own action for the moment; the flag cleared. The caller gives
 * the terminal back first and takes it again after. */
void ui_signal_stop_here(void);

#endif
