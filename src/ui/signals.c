/* signals.c: the signals both faces take (the screens, ui.c; plain mode,
 * plain_io.c), kept once. A handler only sets a flag; the signals are
 * blocked but inside the one wait (ppoll with the wait mask), so a signal
 * can never slip in between a loop's look at the flag and its sleep. */
#include <signal.h>
#include <string.h>

#include "common.h"

/* The only global state: a handler can reach nothing else. */
static volatile sig_atomic_t sig_quit; /* SIGINT, SIGTERM or SIGHUP came */
static volatile sig_atomic_t sig_stop; /* SIGTSTP came */

/* SIGTSTP is taken too: ncurses would otherwise catch it itself, and so
 * change its handler twice in every doupdate. */
static const int sig_ours[UI_NSIGNALS] = { SIGINT, SIGTERM, SIGHUP, SIGTSTP };

/* Only notes that a signal came; the loop does the rest. */
static void on_signal(int sig)
{
	if (sig == SIGTSTP)
		sig_stop = 1;
	else
		sig_quit = sig;
}

void ui_signals_take(struct ui_signals *s, unsigned flags)
{
	struct sigaction sa;
	sigset_t block;

	memset(s, 0, sizeof(*s));
	s->flags = flags;
	sig_quit = 0;
	sig_stop = 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigemptyset(&block);
	for (size_t i = 0; i < UI_NSIGNALS; i++) {
		sigaction(sig_ours[i], &sa, &s->old[i]);
		sigaddset(&block, sig_ours[i]);
	}
	if (flags & UI_SIG_NO_PIPE) {
		sa.sa_handler = SIG_IGN;
		sigaction(SIGPIPE, &sa, &s->old_pipe);
	}
	if (flags & UI_SIG_WINCH)
		sigaddset(&block, SIGWINCH);
	sigprocmask(SIG_BLOCK, &block, &s->old_mask);
	s->wait_mask = s->old_mask;
	for (size_t i = 0; i < UI_NSIGNALS; i++)
		sigdelset(&s->wait_mask, sig_ours[i]);
	if (flags & UI_SIG_WINCH)
		sigdelset(&s->wait_mask, SIGWINCH);
}

void ui_signals_give_back(const struct ui_signals *s)
{
	sigprocmask(SIG_SETMASK, &s->old_mask, NULL);
	for (size_t i = 0; i < UI_NSIGNALS; i++)
		sigaction(sig_ours[i], &s->old[i], NULL);
	if (s->flags & UI_SIG_NO_PIPE)
		sigaction(SIGPIPE, &s->old_pipe, NULL);
}

int ui_signal_quit(void)
{
	return sig_quit;
}

bool ui_signal_stop(void)
{
	return sig_stop != 0;
}

void ui_signal_stop_here(void)
{
	struct sigaction dfl, ours;
	sigset_t tstp;

	sig_stop = 0;
	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	sigaction(SIGTSTP, &dfl, &ours);
	sigemptyset(&tstp);
	sigaddset(&tstp, SIGTSTP);
	raise(SIGTSTP);                        /* pending: it is blocked */
	sigprocmask(SIG_UNBLOCK, &tstp, NULL); /* stops here until SIGCONT */
	sigprocmask(SIG_BLOCK, &tstp, NULL);
	sigaction(SIGTSTP, &ours, NULL);
	sig_stop = 0;
}
