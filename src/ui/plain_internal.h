/* plain_internal.h: what the files of tend's plain mode share (plain.c,
 * plain_io.c, plain_checkin.c): the state of a plain run, writing lines
 * and reading them. Plain mode is for screen readers and dumb terminals:
 * line by line, no drawing, no colour, no escape sequence, no curses (so
 * this header must never include curses.h, nor ui_internal.h). */
#ifndef TEND_UI_PLAIN_INTERNAL_H
#define TEND_UI_PLAIN_INTERNAL_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <termios.h>

#include "common.h"
#include "tend/app.h"
#include "tend/ui.h"

/* The longest line read: a journal entry, or an answer, and its newline. */
#define PLAIN_LINE_MAX (APP_MAX_ENTRY + 1)

/* What a plain run holds. */
struct plain {
	struct app *app;              /* borrowed */
	const struct ui_options *opt; /* borrowed */
	char *in;                     /* guarded, PLAIN_LINE_MAX + 1: read, not yet a line */
	size_t inlen;                 /* bytes in `in` */
	bool skipping;                /* dropping a line that was too long, to its end */
	char *line;                   /* guarded, PLAIN_LINE_MAX + 1: the last line read */
	size_t linelen;               /* its bytes, without the newline */
	bool eof;                     /* standard input ended */
	bool quit;                    /* a signal, the end of input, or output gone */
	bool interrupted;             /* of which a signal (Ctrl-C: "^C" ends the line) */
	bool tty_in, tty_out;         /* standard input / output is a terminal */
	bool hidden;                  /* echo is off now (a passphrase is typed) */
	struct termios saved;         /* the terminal as it was, while hidden */
	struct ui_signals signals;    /* ours, and what was there before (common.h) */
	struct app_checkin *checkin;  /* the check-in in progress, or NULL (owned) */
	bool fatal;                   /* leave with exit status 1 */
	char fatal_msg[300];          /* printed to stderr at the end */
};

/* What reading a line gave. */
enum plain_in {
	PLAIN_LINE,  /* p->line holds one */
	PLAIN_TICK,  /* the deadline came first */
	PLAIN_QUIT,  /* leave now, saving: Ctrl-C, a signal, input ended */
};

/* What a step of the dialogue gives back to the one that started it. */
enum plain_res {
	PLAIN_DONE,  /* finished */
	PLAIN_BACK,  /* nothing done: back to where it came from */
	PLAIN_STOP,  /* a time-out stopped the check-in (plain_checkin.c) */
	PLAIN_EXIT,  /* leave tend */
};

/* plain_io.c: the terminal, or pipes. */
/* Takes the signals (a flag each; SIGPIPE ignored), notes what is a
 * terminal and allocates the line buffers; false without memory. */
bool plain_open(struct plain *p, struct app *app, const struct ui_options *opt);
/* Gives back the terminal as it was and wipes the buffers. */
void plain_close(struct plain *p);
/* Writes one line (printf-style; the newline is added), made safe for a
 * terminal on one line (escape_line): nothing in it is ever acted on, and
 * a line break in it is shown as \x0a. Longer texts: plain_say_text. A failed
 * write (the reader went away) sets p->quit. */
void plain_say(struct plain *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Writes `head` then `len` bytes of stored `text` (decrypted, perhaps) as
 * one line, the safe form made in guarded memory. */
void plain_say_text(struct plain *p, const char *head, const char *text, size_t len);
/* The terminal bell, when standard output is a terminal. */
void plain_bell(struct plain *p);
/* Waits for a line until `deadline` (monotonic ms; -1 for none). Never
 * sleeps otherwise: one poll on standard input with the time left. */
enum plain_in plain_read(struct plain *p, int64_t deadline);
/* plain_read with no deadline. */
enum plain_in plain_ask(struct plain *p);
/* A line with echo off when standard input is a terminal (a passphrase),
 * read as any line from a pipe. */
enum plain_in plain_ask_hidden(struct plain *p);
/* Wipes the last line. */
void plain_wipe_line(struct plain *p);
/* The last line as a command: trimmed and in small letters, into `out`;
 * a line of spaces only is "space", an empty one "". */
void plain_word(const struct plain *p, char *out, size_t size);
/* Whether the last line is text tend can keep (UTF-8 without control
 * characters; tabs are made spaces); says why not when it is not. */
bool plain_line_ok(struct plain *p);

/* plain.c: shared steps of the dialogue. */
/* "Type 1 for Zoë or 2 for Łukasz": *who (0 or 1), PLAIN_BACK (an empty
 * line) or PLAIN_EXIT. */
enum plain_res plain_pick_partner(struct plain *p, const char *question, int *who);
/* Asks `who` for their passphrase until it opens their key: PLAIN_DONE
 * with *out theirs (the caller frees it), PLAIN_BACK or PLAIN_EXIT. */
enum plain_res plain_unlock(struct plain *p, int who, struct app_reader **out);
/* Asks a yes-or-no question (`question` says how to answer): *yes, or
 * PLAIN_EXIT. Anything but y or yes is no. */
enum plain_res plain_yes(struct plain *p, const char *question, bool *yes);
/* "M:SS" of whole seconds. */
void plain_clock(int seconds, char *buf, size_t size);

/* plain_checkin.c: a new check-in of `plan` (NULL: the default) talking
 * `topic` through (0: none; `topic_text` its words, guarded, or NULL), or
 * the interrupted one (`resume`), to its save. While it runs p->checkin
 * owns it. PLAIN_DONE or PLAIN_EXIT. */
enum plain_res plain_checkin(struct plain *p, bool resume, const char *plan, int64_t topic,
                             const char *topic_text);

#endif
