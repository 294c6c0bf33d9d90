/* plain_io.c: plain mode's input and output. Every line goes out in one
 * write, made safe for a terminal first (tend/escape.h), with nothing else
 * around it: no escape sequence, no colour, no cursor movement. Lines come
 * in on standard input, a terminal or a pipe, and are read in one loop
 * that sleeps in a single ppoll until the caller's deadline (so the
 * timer's announcements come on time while nobody types) or a signal,
 * which only sets a flag: never a fixed poll, never a sleep.
 *
 * What is read may be a passphrase or private words: it lives in guarded
 * memory, and each line is wiped once the next is asked for. A passphrase
 * is read with the terminal's echo off, so the scrollback holds only what
 * the couple saw themselves type. */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "plain_internal.h"
#include "tend/escape.h"
#include "tend/utf8.h"

bool plain_open(struct plain *p, struct app *app, const struct ui_options *opt)
{
	memset(p, 0, sizeof(*p));
	p->app = app;
	p->opt = opt;
	p->tty_in = isatty(STDIN_FILENO);
	p->tty_out = isatty(STDOUT_FILENO);
	p->in = app_secure_alloc(PLAIN_LINE_MAX + 1);
	p->line = app_secure_alloc(PLAIN_LINE_MAX + 1);
	if (!p->in || !p->line) {
		app_secure_free(p->in);
		app_secure_free(p->line);
		return false;
	}
	/* Handlers that only set a flag, their signals let in only inside the
	 * wait; a reader that goes away is an end like any other. */
	ui_signals_take(&p->signals, UI_SIG_NO_PIPE);
	return true;
}

/* Echo back on, as the terminal was. */
static void plain_echo_on(struct plain *p)
{
	if (p->hidden)
		tcsetattr(STDIN_FILENO, TCSANOW, &p->saved);
	p->hidden = false;
}

/* Echo off (and lines still whole), when standard input is a terminal.
 * What was typed before the question is thrown away, not taken for the
 * passphrase: it was shown. */
static void plain_echo_off(struct plain *p)
{
	struct termios quiet;

	if (!p->tty_in || p->hidden || tcgetattr(STDIN_FILENO, &p->saved) != 0)
		return;
	quiet = p->saved;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	quiet.c_lflag |= ICANON | ECHONL;
	if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0)
		p->hidden = true;
}

void plain_close(struct plain *p)
{
	plain_echo_on(p);
	ui_signals_give_back(&p->signals);
	app_secure_free(p->in);
	app_secure_free(p->line);
	p->in = p->line = NULL;
	p->inlen = p->linelen = 0;
}

/* Ctrl-Z, or SIGTSTP from outside: the terminal as it was (echo on), a
 * stop as the shell's job control expects, and on `fg` the echo off again
 * if a passphrase was being typed. */
static void plain_suspend(struct plain *p)
{
	bool hidden = p->hidden;

	plain_echo_on(p);
	ui_signal_stop_here();
	if (hidden)
		plain_echo_off(p);
}

void plain_say(struct plain *p, const char *fmt, ...)
{
	char line[4096], safe[ESCAPE_TERM_MAX(sizeof(line)) + 2];
	va_list ap;
	size_t n;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (len < 0)
		return;
	if ((size_t)len >= sizeof(line))
		len = (int)sizeof(line) - 1;
	/* One line each: a line break among what is filled in (a plan name
	 * from the file) is shown, never taken for a line of tend's own. */
	n = escape_line(line, (size_t)len, safe, sizeof(safe) - 1);
	if (n > sizeof(safe) - 2)
		n = sizeof(safe) - 2;
	safe[n++] = '\n';
	if (app_write_all(STDOUT_FILENO, safe, n) != TEND_OK)
		p->quit = true;
}

void plain_say_text(struct plain *p, const char *head, const char *text, size_t len)
{
	size_t hl = strlen(head), n = escape_term(text, len, NULL, 0);
	char *out = app_secure_alloc(hl + n + 2);

	if (!out) {
		plain_say(p, "%s(there is no memory left to show it)", head);
		return;
	}
	/* tend's own words in head; the text made safe after them. */
	memcpy(out, head, hl);
	escape_term(text, len, out + hl, n + 1);
	out[hl + n] = '\n';
	if (app_write_all(STDOUT_FILENO, out, hl + n + 1) != TEND_OK)
		p->quit = true;
	app_secure_free(out); /* wiped */
}

void plain_bell(struct plain *p)
{
	if (p->tty_out && app_write_all(STDOUT_FILENO, "\a", 1) != TEND_OK)
		p->quit = true;
}

void plain_wipe_line(struct plain *p)
{
	if (p->line)
		explicit_bzero(p->line, p->linelen + 1);
	p->linelen = 0;
}

/* Moves the first whole line of p->in into p->line; true when there was
 * one. A line longer than tend takes is dropped to its end, and said. */
static bool plain_take_line(struct plain *p)
{
	for (;;) {
		char *nl = memchr(p->in, '\n', p->inlen);
		size_t n, rest;

		if (!nl) {
			if (p->inlen < PLAIN_LINE_MAX)
				return false;
			explicit_bzero(p->in, p->inlen);
			p->inlen = 0;
			if (!p->skipping)
				plain_say(p, "That line is longer than tend takes (%d bytes); it was "
				          "left out. Please type it again, shorter.", APP_MAX_ENTRY);
			p->skipping = true;
			return false;
		}
		n = (size_t)(nl - p->in);
		rest = p->inlen - n - 1;
		if (!p->skipping) {
			memcpy(p->line, p->in, n);
			if (n > 0 && p->line[n - 1] == '\r')
				n--;
			p->line[n] = '\0';
			p->linelen = n;
		}
		memmove(p->in, nl + 1, rest);
		explicit_bzero(p->in + rest, p->inlen - rest);
		p->inlen = rest;
		if (!p->skipping)
			return true;
		p->skipping = false;
	}
}

/* Reads what standard input has; false at its end (or when it is gone). */
static bool plain_fill(struct plain *p)
{
	for (;;) {
		ssize_t r = read(STDIN_FILENO, p->in + p->inlen, PLAIN_LINE_MAX - p->inlen);

		if (r > 0) {
			p->inlen += (size_t)r;
			return true;
		}
		if (r < 0 && errno == EINTR)
			return true; /* the loop looks at the flags */
		if (r < 0 && errno == EAGAIN)
			return true;
		return false;
	}
}

enum plain_in plain_read(struct plain *p, int64_t deadline)
{
	plain_wipe_line(p);
	for (;;) {
		struct pollfd pfd = { STDIN_FILENO, POLLIN, 0 };
		struct timespec ts, *tsp = NULL;
		int n;

		if (plain_take_line(p))
			return PLAIN_LINE;
		if (ui_signal_quit() || p->quit) {
			p->interrupted = ui_signal_quit() != 0;
			p->quit = true;
			return PLAIN_QUIT;
		}
		if (ui_signal_stop()) {
			plain_suspend(p);
			continue;
		}
		if (p->eof) {
			/* A last line without its newline is still a line. */
			if (p->inlen > 0 && !p->skipping) {
				p->in[p->inlen++] = '\n';
				continue;
			}
			p->quit = true;
			return PLAIN_QUIT;
		}
		if (deadline >= 0) {
			int64_t us = deadline * 1000 - app_mono_us();

			if (us <= 0)
				return PLAIN_TICK;
			ts.tv_sec = (time_t)(us / 1000000);
			ts.tv_nsec = (long)(us % 1000000) * 1000;
			tsp = &ts;
		}
		n = ppoll(&pfd, 1, tsp, &p->signals.wait_mask);
		if (n < 0) {
			if (errno != EINTR)
				p->eof = true;
			continue;
		}
		if (n == 0)
			continue;
		if (!(pfd.revents & (POLLIN | POLLHUP)) || !plain_fill(p))
			p->eof = true;
	}
}

enum plain_in plain_ask(struct plain *p)
{
	return plain_read(p, -1);
}

enum plain_in plain_ask_hidden(struct plain *p)
{
	enum plain_in r;

	plain_echo_off(p);
	r = plain_read(p, -1);
	plain_echo_on(p);
	return r;
}

void plain_word(const struct plain *p, char *out, size_t size)
{
	size_t a = 0, b = p->linelen, n = 0;

	if (size == 0)
		return;
	while (a < b && (p->line[a] == ' ' || p->line[a] == '\t'))
		a++;
	while (b > a && (p->line[b - 1] == ' ' || p->line[b - 1] == '\t'))
		b--;
	if (a == b && p->linelen > 0) {
		snprintf(out, size, "space");
		return;
	}
	for (size_t i = a; i < b && n + 1 < size; i++) {
		char c = p->line[i];

		out[n++] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
	}
	out[n] = '\0';
}

bool plain_line_ok(struct plain *p)
{
	for (size_t i = 0; i < p->linelen; i++)
		if (p->line[i] == '\t')
			p->line[i] = ' ';
	if (utf8_valid_text(p->line, p->linelen, false))
		return true;
	plain_say(p, "That line has a character tend cannot keep (a control character, or "
	          "bytes that are not UTF-8). Please type it again.");
	return false;
}
