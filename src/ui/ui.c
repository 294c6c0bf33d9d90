/* ui.c: the terminal and the one loop every screen waits in. Sets the
 * terminal up and restores it (clearing it first) on every way out, turns
 * SIGINT/SIGTERM/SIGHUP into a flag the loop notices, maps the colour roles,
 * and sleeps in wget_wch until the next key or deadline: the screen's own,
 * the idle lock of the reader, or the autosave of a check-in. */
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <poll.h>
#include <sys/timerfd.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ui_internal.h"

/* The one piece of global state: a signal handler can reach nothing else. */
static volatile sig_atomic_t ui_signalled;

/* Only notes that a signal came; the loop does the rest. */
static void ui_on_signal(int sig)
{
	ui_signalled = sig;
}

static const int ui_signals[] = { SIGINT, SIGTERM, SIGHUP };
#define UI_NSIGNALS (sizeof(ui_signals) / sizeof(ui_signals[0]))

/* Installs the flag-setting handlers and keeps their signals blocked except
 * inside the one wait (ppoll with u->wait_mask), so a signal can never slip
 * in between the loop's look at the flag and its sleep. Keeps the old
 * actions in `old` and the old mask in u->old_mask. Installed before newterm
 * so ncurses leaves these signals to us. */
static void ui_signals_install(struct ui *u, struct sigaction old[UI_NSIGNALS])
{
	struct sigaction sa;
	sigset_t block;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = ui_on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;
	sigemptyset(&block);
	for (size_t i = 0; i < UI_NSIGNALS; i++) {
		sigaction(ui_signals[i], &sa, &old[i]);
		sigaddset(&block, ui_signals[i]);
	}
	sigprocmask(SIG_BLOCK, &block, &u->old_mask);
	u->wait_mask = u->old_mask;
	for (size_t i = 0; i < UI_NSIGNALS; i++)
		sigdelset(&u->wait_mask, ui_signals[i]);
}

/* Puts back the actions and the mask ui_signals_install replaced. */
static void ui_signals_restore(const struct ui *u, const struct sigaction old[UI_NSIGNALS])
{
	sigprocmask(SIG_SETMASK, &u->old_mask, NULL);
	for (size_t i = 0; i < UI_NSIGNALS; i++)
		sigaction(ui_signals[i], &old[i], NULL);
}

/* Sleeps until input, a signal, or `until_ms` (monotonic ms; -1: no end),
 * so a second lands on the screen right at its boundary. The deadline is a
 * timerfd armed for the time left: a poll timeout would be rounded
 * to whole milliseconds by ncurses and stretched by the kernel's poll slack
 * (0.1% of the timeout, a millisecond late every second). Returns 1 on
 * input, 0 at the deadline or on a signal, -1 when the terminal is gone. */
static int ui_wait(struct ui *u, int64_t until_ms)
{
	struct pollfd pfd[2] = { { STDIN_FILENO, POLLIN, 0 }, { u->timer_fd, POLLIN, 0 } };
	struct itimerspec its;
	struct timespec ts, *tsp = NULL;
	int n;

	memset(&its, 0, sizeof(its));
	if (until_ms >= 0) {
		/* Relative to now: an absolute expiry would go wrong in a process
		 * whose clock is shifted (faketime, which the tests use). */
		int64_t us = until_ms * 1000 - app_mono_us();

		if (us <= 0)
			us = 1; /* 0 would disarm the timer */
		ts.tv_sec = (time_t)(us / 1000000);
		ts.tv_nsec = (long)(us % 1000000) * 1000;
		its.it_value = ts;
		if (u->timer_fd < 0)
			tsp = &ts; /* no timerfd: a plain timeout, a little late */
	}
	if (u->timer_fd >= 0)
		timerfd_settime(u->timer_fd, 0, &its, NULL);
	n = ppoll(pfd, u->timer_fd >= 0 ? 2 : 1, tsp, &u->wait_mask);
	if (n <= 0)
		return 0;
	if (pfd[1].revents & POLLIN) {
		uint64_t expired;
		/* Clears the expiry; it fails only if nothing is left to clear. */
		ssize_t r = read(u->timer_fd, &expired, sizeof(expired));

		(void)r;
	}
	if (pfd[0].revents & (POLLHUP | POLLERR | POLLNVAL))
		return -1;
	return pfd[0].revents & POLLIN ? 1 : 0;
}

/* The colour roles: a colour with an attribute, and the attribute a
 * terminal without colour (or with NO_COLOR set) uses instead. Meaning never
 * rests on the colour alone: every role also has words on screen. */
static const struct {
	short fg;    /* COLOR_*, or -1 for the terminal's own */
	attr_t with; /* added to the colour */
	attr_t mono; /* used alone without colour */
} ui_roles[UI_ROLE_COUNT] = {
	[UI_NORMAL] = { -1, A_NORMAL, A_NORMAL },
	[UI_SPEAKER] = { COLOR_YELLOW, A_BOLD, A_BOLD },
	[UI_LISTENER] = { COLOR_CYAN, A_NORMAL, A_UNDERLINE },
	[UI_ACCENT] = { COLOR_CYAN, A_BOLD, A_BOLD },
	[UI_WARNING] = { COLOR_RED, A_BOLD, A_BOLD | A_UNDERLINE },
	[UI_MUTED] = { -1, A_DIM, A_DIM },
	[UI_OK] = { COLOR_GREEN, A_BOLD, A_BOLD },
	[UI_BANNER] = { COLOR_YELLOW, A_REVERSE | A_BOLD, A_REVERSE | A_BOLD },
};

attr_t ui_attr(const struct ui *u, enum ui_role role)
{
	if ((unsigned)role >= UI_ROLE_COUNT)
		return A_NORMAL;
	if (u->color && ui_roles[role].fg >= 0)
		return COLOR_PAIR((short)role) | ui_roles[role].with;
	return u->color ? ui_roles[role].with : ui_roles[role].mono;
}

/* Sets up colour pairs unless NO_COLOR is set or the terminal has none. */
static void ui_colors(struct ui *u)
{
	const char *no = getenv("NO_COLOR");
	short bg = -1;

	u->color = false;
	if ((no && no[0]) || !has_colors() || start_color() == ERR)
		return;
	if (use_default_colors() == ERR)
		bg = COLOR_BLACK;
	for (int r = 1; r < UI_ROLE_COUNT; r++)
		if (ui_roles[r].fg >= 0)
			init_pair((short)r, ui_roles[r].fg, bg);
	u->color = true;
}

/* Puts the terminal in the mode tend needs. raw(): Ctrl-C arrives as a key
 * and is handled as "save and leave"; Ctrl-S/Ctrl-Q reach tend unused. */
static void ui_term_setup(struct ui *u)
{
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	meta(stdscr, TRUE);
	set_escdelay(100);
	curs_set(0);
	u->cursor_shown = 0;
	ui_colors(u);
}

void ui_say(struct ui *u, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(u->msg, sizeof(u->msg), fmt, ap);
	va_end(ap);
}

/* Opens the terminal and puts it in tend's mode; false when it cannot. */
static bool ui_term_open(struct ui *u)
{
	u->scr = newterm(NULL, stdout, stdin);
	if (!u->scr)
		return false;
	set_term(u->scr);
	ui_term_setup(u);
	return true;
}

/* Clears the screen and gives the terminal back, freeing everything ncurses
 * held: its windows' cells, its copy of the screen, its output buffer and
 * the keys it read. wipe.c wipes each block as it is freed. */
static void ui_term_close(struct ui *u)
{
	erase();
	refresh();
	curs_set(1);
	endwin();
	delscreen(u->scr);
	u->scr = NULL;
}

/* Wipes a stretch of the stack below the caller, where drawing and
 * decrypting leave copies in locals long returned from (wide characters on
 * their way to ncurses, a line being wrapped). noinline: it must run in a
 * frame of its own, below the caller's. */
__attribute__((noinline)) static void ui_stack_wipe(void)
{
	unsigned char junk[64 * 1024];

	explicit_bzero(junk, sizeof(junk));
	__asm__ __volatile__("" : : "r"(junk) : "memory");
}

void ui_lock(struct ui *u)
{
	if (u->reader) {
		app_reader_free(u->reader);
		u->reader = NULL;
		/* What was shown is in ncurses' buffers, live ones included: they
		 * go with the old terminal, and a new one is built. */
		ui_term_close(u);
		ui_stack_wipe();
		if (!ui_term_open(u)) {
			u->quit = true;
			u->fatal = true;
			snprintf(u->fatal_msg, sizeof(u->fatal_msg),
			         "cannot use this terminal again after locking (TERM=%s)",
			         getenv("TERM") ? getenv("TERM") : "");
		}
	}
	ui_say(u, "Locked.");
}

void ui_checkin_save(struct ui *u)
{
	int64_t now = app_mono_ms();
	enum tend_status st;

	if (!u->checkin)
		return;
	u->save_try_ms = now;
	st = app_checkin_save(u->checkin, now);
	if (st == TEND_OK)
		u->text_dirty = false;
	else
		ui_say(u, "Could not save: %s.", tend_strerror(st));
}

/* Lowers *t to `deadline - now` when that deadline is set and sooner. */
static void ui_sooner(int64_t *t, int64_t deadline, int64_t now)
{
	int64_t d;

	if (deadline < 0)
		return;
	d = deadline > now ? deadline - now : 0;
	if (*t < 0 || d < *t)
		*t = d;
}

struct ui_ev ui_next(struct ui *u, int64_t deadline, unsigned flags)
{
	for (;;) {
		int64_t now = app_mono_ms(), lock_at = -1, save_at = -1, t = -1;
		wint_t ch;
		int r;

		if (ui_signalled || u->quit) {
			u->quit = true;
			return (struct ui_ev){ UI_EV_QUIT, 0 };
		}
		/* Said once, on whichever screen is up when it first holds. */
		if (app_memlock_notice(u->msg, sizeof(u->msg)))
			return (struct ui_ev){ UI_EV_NONE, 0 };
		if (u->reader) {
			lock_at = u->last_key_ms + u->idle_ms;
			if (now >= lock_at) {
				ui_lock(u);
				return (struct ui_ev){ (flags & UI_READER) ? UI_EV_LOCK : UI_EV_NONE, 0 };
			}
		}
		if (u->checkin && u->text_dirty) {
			save_at = u->save_try_ms + APP_SAVE_EVERY_MS;
			if (now >= save_at) {
				ui_checkin_save(u);
				return (struct ui_ev){ UI_EV_NONE, 0 };
			}
		}
		if (deadline >= 0 && now >= deadline)
			return (struct ui_ev){ UI_EV_TICK, 0 };
		ui_sooner(&t, deadline, now);
		ui_sooner(&t, lock_at, now);
		ui_sooner(&t, save_at, now);
		/* Whatever ncurses already holds (keys, a resize) first; then
		 * sleep. A terminal that is readable yet never yields a key again
		 * and again is gone. */
		timeout(0);
		r = get_wch(&ch);
		if (r == ERR) {
			int w;

			if (u->woke_readable && ++u->lost >= 50) {
				u->quit = true;
				return (struct ui_ev){ UI_EV_QUIT, 0 };
			}
			w = ui_wait(u, t < 0 ? -1 : now + t);
			if (w < 0) {
				u->quit = true;
				return (struct ui_ev){ UI_EV_QUIT, 0 };
			}
			u->woke_readable = w > 0;
			continue;
		}
		u->woke_readable = false;
		u->lost = 0;
		u->last_key_ms = app_mono_ms();
		u->msg[0] = '\0';
		if (r == KEY_CODE_YES) {
			if (ch == KEY_RESIZE)
				return (struct ui_ev){ UI_EV_RESIZE, 0 };
			return (struct ui_ev){ UI_EV_KEY, UI_K((int)ch) };
		}
		if (ch == UI_CTRL('c')) {
			u->quit = true;
			return (struct ui_ev){ UI_EV_QUIT, 0 };
		}
		if (!(flags & UI_TEXT) && (ch == 'L' || ch == 'l')) {
			ui_lock(u);
			return (struct ui_ev){ (flags & UI_READER) ? UI_EV_LOCK : UI_EV_NONE, 0 };
		}
		return (struct ui_ev){ UI_EV_KEY, (int)ch };
	}
}

/* `make bench` measures when each second reaches the screen through the
 * descriptor named by TEND_TIMING_FD; -1 when unset or not open. */
static int timing_fd(void)
{
	const char *v = getenv("TEND_TIMING_FD");
	char *end;
	long fd;

	if (!v || !*v)
		return -1;
	fd = strtol(v, &end, 10);
	if (*end || fd < 3 || fd > 1024 || fcntl((int)fd, F_GETFD) < 0)
		return -1;
	return (int)fd;
}

/* The idle lock: APP_IDLE_LOCK_S, or sooner when TEND_IDLE_LOCK_S asks for
 * fewer seconds (a couple who want it sooner; the tests, which cannot wait
 * five minutes). Never later: a typo cannot leave the journal open. */
static int64_t idle_ms(void)
{
	const char *v = getenv("TEND_IDLE_LOCK_S");
	char *end;
	long s;

	if (!v || !*v)
		return (int64_t)APP_IDLE_LOCK_S * 1000;
	s = strtol(v, &end, 10);
	if (*end || s < 1 || s > APP_IDLE_LOCK_S)
		return (int64_t)APP_IDLE_LOCK_S * 1000;
	return (int64_t)s * 1000;
}

int ui_run(struct app *app, const struct ui_options *opt)
{
	struct sigaction old[UI_NSIGNALS];
	struct ui u;
	enum ui_result r = UI_DONE;

	memset(&u, 0, sizeof(u));
	u.app = app;
	u.opt = opt;
	u.timing_fd = timing_fd();
	u.timing_last = -1;
	u.idle_ms = idle_ms();
	setlocale(LC_ALL, "");
	u.utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "tend: the check-in screens need a terminal\n");
		return 1;
	}
	ui_signalled = 0;
	ui_signals_install(&u, old);
	if (!ui_term_open(&u)) {
		ui_signals_restore(&u, old);
		fprintf(stderr, "tend: cannot use this terminal (TERM=%s)\n",
		        getenv("TERM") ? getenv("TERM") : "");
		return 1;
	}
	u.timer_fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	u.last_key_ms = app_mono_ms();

	if (!app_is_setup(app))
		r = ui_setup(&u);
	if (r != UI_QUIT && !u.fatal && app_is_setup(app))
		r = ui_draft(&u);
	if (r != UI_QUIT && !u.fatal && app_is_setup(app))
		ui_home(&u);

	if (u.checkin) {
		enum tend_status st = app_checkin_save(u.checkin, app_mono_ms());

		if (st != TEND_OK && !u.fatal) {
			u.fatal = true;
			snprintf(u.fatal_msg, sizeof(u.fatal_msg),
			         "could not save the check-in: %s", tend_strerror(st));
		}
		app_checkin_free(u.checkin);
		u.checkin = NULL;
	}
	if (u.reader)
		app_reader_free(u.reader);
	/* Nothing written tonight stays on the screen, nor in ncurses. */
	if (u.scr)
		ui_term_close(&u);
	ui_stack_wipe();
	ui_signals_restore(&u, old);
	if (u.timer_fd >= 0)
		close(u.timer_fd);
	if (u.fatal)
		fprintf(stderr, "tend: %s\n", u.fatal_msg);
	return u.fatal ? 1 : 0;
}
