/* ui.c: the terminal and the one loop every screen waits in. Sets the
 * terminal up and restores it (clearing it first) on every way out, turns
 * SIGINT/SIGTERM/SIGHUP into a flag the loop notices (and SIGTSTP into a
 * suspend it carries out), maps the colour roles, and sleeps in one
 * ppoll until the next key, resize or deadline: the screen's own, the
 * idle lock of the reader, the autosave of a check-in, or a notice fading.
 *
 * A running turn costs one wakeup and one write a second: the wait is the
 * one system call between frames (no timer to arm or read), ncurses is
 * asked for keys only when the terminal has some (it would poll for each
 * look), and it never looks for typeahead while it draws. */
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <poll.h>
#include <malloc.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common.h"
#include "ui_internal.h"

/* How late the kernel may end a poll's timeout of `us` microseconds, to
 * save wakeups (fs/select.c, select_estimate_accuracy): 0.1% of it (0.5%
 * for a niced process), at most 100 ms, at least the thread's timer slack.
 * For a second that is a millisecond. */
static int64_t ui_poll_slack_us(const struct ui *u, int64_t us)
{
	int64_t s = us / (u->niced ? 200 : 1000);

	if (s > 100000)
		s = 100000;
	return s < u->timer_slack_us ? u->timer_slack_us : s;
}

/* Sleeps until input, a signal, or `until_ms` (monotonic ms; -1: no end).
 * One system call a second, no timer to arm or read: a poll timeout, which
 * the kernel may end a little late (ui_poll_slack_us). Of that slack, what
 * is beyond a millisecond is taken off the timeout (a niced tend would be
 * 5 ms late): a second lands within about a millisecond of its boundary.
 * Taking all of it off would wake tend early, and again, most seconds.
 * Returns 1 on input, 2 on another signal (a resize: ncurses has news), 0
 * at the deadline or on one of ours, -1 when the terminal is gone. */
static int ui_wait(struct ui *u, int64_t until_ms)
{
	struct pollfd pfd = { STDIN_FILENO, POLLIN, 0 };
	struct timespec ts, *tsp = NULL;
	int n;

	if (until_ms >= 0) {
		int64_t us = until_ms * 1000 - app_mono_us();

		int64_t slack = ui_poll_slack_us(u, us);

		if (slack > 1000)
			us -= slack - 1000;
		if (us < 0)
			us = 0;
		ts.tv_sec = (time_t)(us / 1000000);
		ts.tv_nsec = (long)(us % 1000000) * 1000;
		tsp = &ts;
	}
	n = ppoll(&pfd, 1, tsp, &u->signals.wait_mask);
	if (n < 0)
		return errno == EINTR && !ui_signal_quit() && !ui_signal_stop() ? 2 : 0;
	if (n == 0)
		return 0;
	if (pfd.revents & (POLLHUP | POLLERR | POLLNVAL))
		return -1;
	return 1;
}

/* What ui_poll_slack_us needs to know, asked once. */
static void ui_wait_open(struct ui *u)
{
	int ns = prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0);

	errno = 0;
	u->niced = getpriority(PRIO_PROCESS, 0) > 0 && errno == 0;
	u->timer_slack_us = ns > 0 ? ns / 1000 : 50;
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

/* Many terminals send the VT220 or the normal-mode keys for Home, End and
 * the keypad's Delete whatever their terminfo entry says (tmux, PuTTY, a
 * console under TERM=xterm): each is taken as the key it means unless the
 * entry already gives the sequence a meaning, so it never reaches a screen as
 * an Escape that leaves it. */
static void ui_keys_known(void)
{
	static const struct {
		const char *seq;
		int key;
	} alt[] = {
		{ "\033[1~", KEY_HOME }, { "\033[7~", KEY_HOME }, { "\033[H", KEY_HOME },
		{ "\033OH", KEY_HOME },  { "\033[4~", KEY_END },  { "\033[8~", KEY_END },
		{ "\033[F", KEY_END },   { "\033OF", KEY_END },   { "\033[3~", KEY_DC },
	};

	for (size_t i = 0; i < sizeof(alt) / sizeof(alt[0]); i++)
		if (key_defined(alt[i].seq) == 0)
			define_key(alt[i].seq, alt[i].key);
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
	ui_keys_known();
	/* ncurses would poll the terminal for typeahead while it draws, every
	 * frame; tend draws a frame at a time and reads keys between them. */
	typeahead(-1);
	u->cursor_hides = curs_set(0) != ERR; /* vt100, ansi, xterm-mono cannot */
	u->cursor_shown = 0;
	ui_colors(u);
}

void ui_say(struct ui *u, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(u->msg, sizeof(u->msg), fmt, ap);
	va_end(ap);
	u->msg_until = -1;
}

void ui_news(struct ui *u, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(u->msg, sizeof(u->msg), fmt, ap);
	va_end(ap);
	u->msg_until = 0; /* ui_next starts its time once it is on screen */
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

/* Hands the stack pages below the caller back to the kernel: starting up
 * (reading the terminal's description, opening the database) leaves tens
 * of KiB of stack written that a running turn never uses again; if it
 * does, the kernel gives zeroed pages. The range below the stack that is
 * not mapped is the kernel's guard gap (nothing else is ever mapped there):
 * madvise skips it. noinline: its own frame is the lowest in use. */
__attribute__((noinline)) static void ui_stack_release(void)
{
	unsigned char here;
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE), top, span = 256 * 1024;

	if (page == 0 || (page & (page - 1)))
		return;
	__asm__ __volatile__("" : : "r"(&here) : "memory");
	top = ((uintptr_t)&here & ~(page - 1)) - page; /* a page of margin */
	if (top <= span)
		return;
	madvise((void *)(top - span), span, MADV_DONTNEED);
}

void ui_release_memory(struct ui *u)
{
	app_release_memory(u->app);
	malloc_trim(0); /* the free pages inside the heap, too (wipe.c wrote them) */
	ui_stack_release();
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
	ui_news(u, "Locked.");
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

/* When a fading notice should go (monotonic ms), or -1: UI_NOTE_MS after
 * the frame that first showed it, which is the one just drawn when its time
 * has not started. A screen whose own next frame comes at most a second
 * later takes it down with that frame (the timer's next second), so it
 * costs no wakeup or write of its own. */
static int64_t ui_fade_at(struct ui *u, int64_t deadline, int64_t now)
{
	if (!u->msg[0] || u->msg_until < 0)
		return -1;
	if (u->msg_until == 0)
		u->msg_until = now + UI_NOTE_MS;
	if (deadline >= u->msg_until && deadline - u->msg_until <= 1000)
		return deadline;
	return u->msg_until;
}

/* Ctrl-Z, or SIGTSTP from outside: locks what is open (a journal is not
 * left open behind the shell), clears the screen, gives the terminal back
 * and stops, as a shell's job control expects; after `fg` the screen draws
 * itself again. Returns whether a reader was locked. */
static bool ui_suspend(struct ui *u)
{
	bool locked = u->reader != NULL;

	if (locked)
		ui_lock(u);
	if (u->quit)
		return locked; /* the terminal could not be had again */
	erase();
	refresh();
	endwin();
	ui_signal_stop_here();
	clearok(curscr, TRUE); /* the next frame repaints all of it */
	u->pending = true;     /* the size may have changed meanwhile */
	if (u->msg_until > 0)
		u->msg_until = 0; /* a fading notice shows its time again after fg */
	return locked;
}

struct ui_ev ui_next(struct ui *u, int64_t deadline, unsigned flags)
{
	for (;;) {
		int64_t now = app_mono_ms(), lock_at = -1, save_at = -1, fade_at, t = -1;
		wint_t ch;
		int r;

		if (ui_signal_quit() || u->quit) {
			u->quit = true;
			return (struct ui_ev){ UI_EV_QUIT, 0 };
		}
		if (ui_signal_stop()) {
			bool locked = ui_suspend(u);

			return (struct ui_ev){ locked && (flags & UI_READER) ? UI_EV_LOCK : UI_EV_NONE,
			                       0 };
		}
		/* Said once, on whichever screen is up when it first holds. */
		if (app_memlock_notice(u->msg, sizeof(u->msg))) {
			u->msg_until = -1; /* a warning: it stays until a key */
			return (struct ui_ev){ UI_EV_NONE, 0 };
		}
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
		fade_at = ui_fade_at(u, deadline, now);
		if (fade_at >= 0 && now >= fade_at) {
			u->msg[0] = '\0';
			u->msg_until = -1;
			return (struct ui_ev){ deadline >= 0 && now >= deadline ? UI_EV_TICK : UI_EV_NONE,
			                       0 };
		}
		if (deadline >= 0 && now >= deadline)
			return (struct ui_ev){ UI_EV_TICK, 0 };
		ui_sooner(&t, deadline, now);
		ui_sooner(&t, lock_at, now);
		ui_sooner(&t, save_at, now);
		ui_sooner(&t, fade_at, now);
		/* Keys (or a resize) ncurses may hold first; then sleep. Asking
		 * ncurses costs a poll, so it is asked only after the terminal had
		 * input or a signal came. A terminal that is readable yet never
		 * yields a key again and again is gone. */
		r = ERR;
		if (u->pending) {
			timeout(0);
			r = get_wch(&ch);
		}
		if (r == ERR) {
			int w;
			int64_t until = t < 0 ? -1 : now + t;

			if (u->pending && u->woke_readable && ++u->lost >= 50) {
				u->quit = true;
				return (struct ui_ev){ UI_EV_QUIT, 0 };
			}
			u->pending = false;
			w = ui_wait(u, until);
			if (w < 0) {
				u->quit = true;
				return (struct ui_ev){ UI_EV_QUIT, 0 };
			}
			u->woke_readable = w == 1;
			u->pending = w > 0;
			continue;
		}
		u->pending = true; /* more may follow at once */
		u->woke_readable = false;
		u->lost = 0;
		u->last_key_ms = app_mono_ms();
		u->msg[0] = '\0';
		u->msg_until = -1;
		/* A key is acted on, and the screen drawn again, with the settings
		 * as the file has them now (`tend set` in another terminal). Not
		 * while typing: no setting changes what a text field does. */
		if (!(flags & UI_TEXT))
			(void)app_settings_refresh(u->app);
		if (r == KEY_CODE_YES) {
			if (ch == KEY_RESIZE)
				return (struct ui_ev){ UI_EV_RESIZE, 0 };
			return (struct ui_ev){ UI_EV_KEY, UI_K((int)ch) };
		}
		if (ch == UI_CTRL('c')) {
			u->quit = true;
			return (struct ui_ev){ UI_EV_QUIT, 0 };
		}
		if (ch == UI_CTRL('z')) {
			bool locked = ui_suspend(u);

			return (struct ui_ev){ locked && (flags & UI_READER) ? UI_EV_LOCK : UI_EV_NONE,
			                       0 };
		}
		if (ch == UI_CTRL('l')) {
			/* As in every full-screen program: the terminal may show
			 * something else by now (a message written over tend, a
			 * reset); the next frame repaints all of it. */
			clearok(curscr, TRUE);
			return (struct ui_ev){ UI_EV_RESIZE, 0 };
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

int ui_run(struct app *app, const struct ui_options *opt)
{
	struct ui u;
	enum ui_result r = UI_DONE;

	if (ui_plain_wanted(opt))
		return ui_plain_run(app, opt);
	memset(&u, 0, sizeof(u));
	u.app = app;
	u.opt = opt;
	u.timing_fd = timing_fd();
	u.timing_last = -1;
	u.idle_ms = ui_idle_ms();
	setlocale(LC_ALL, "");
	u.utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "tend: the check-in screens need a terminal\n");
		return 1;
	}
	ui_signals_take(&u.signals, UI_SIG_WINCH);
	if (!ui_term_known() || !ui_term_open(&u)) {
		char why[600];

		/* A terminal ncurses does not know can still take lines. */
		ui_signals_give_back(&u.signals);
		ui_term_why(why, sizeof(why));
		fprintf(stderr, "tend: %s; meanwhile tend carries on line by line, as with "
		        "tend --plain\n", why);
		return ui_plain_run(app, opt);
	}
	ui_wait_open(&u);
	u.last_key_ms = app_mono_ms();
	app_set_note(ui_say_busy, &u);

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
	app_set_note(NULL, NULL);
	/* Nothing written tonight stays on the screen, nor in ncurses. */
	if (u.scr)
		ui_term_close(&u);
	ui_stack_wipe();
	ui_signals_give_back(&u.signals);
	if (u.fatal)
		fprintf(stderr, "tend: %s\n", u.fatal_msg);
	return u.fatal ? 1 : 0;
}
