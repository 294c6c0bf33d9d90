/* plain.c: tend in plain mode (tend --plain, or TERM=dumb): line by line,
 * for a screen reader or a terminal that cannot draw. Home is a short
 * menu; the check-in (plain_checkin.c), the journal and the history work
 * through the same app calls as the screens, and every question says
 * which keys it takes, each typed as a line and Enter. Nothing here draws
 * or needs curses: plain_io.c reads and writes the lines. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "plain_internal.h"
#include "common.h"

#define PLAIN_MAX_PLANS 32
#define JOURNAL_SHOWN 20    /* entries read out at a time, the newest */
#define HISTORY_SHOWN 10    /* check-ins listed, the newest */

bool ui_plain_wanted(const struct ui_options *opt)
{
	const char *term = getenv("TERM");

	return (opt && opt->plain) || !term || !term[0] || strcmp(term, "dumb") == 0;
}

void plain_clock(int seconds, char *buf, size_t size)
{
	if (seconds < 0)
		seconds = 0;
	snprintf(buf, size, "%d:%02d", seconds / 60, seconds % 60);
}

/* "Tuesday 2026-11-24". */
static void night_long(tend_night n, char *buf, size_t size)
{
	char date[16];

	night_format(n, date, sizeof(date));
	snprintf(buf, size, "%s %s", app_weekday_name(night_weekday(n)), date);
}

/* Says a text of paragraphs (lines; blank lines between them) line by
 * line, without the blank ones. */
static void say_paragraphs(struct plain *p, const char *text)
{
	while (*text) {
		const char *nl = strchr(text, '\n');
		size_t n = nl ? (size_t)(nl - text) : strlen(text);

		if (n > 0)
			plain_say(p, "%.*s", (int)n, text);
		text += n + (nl ? 1 : 0);
	}
}

enum plain_res plain_yes(struct plain *p, const char *question, bool *yes)
{
	char w[16];

	*yes = false;
	plain_say(p, "%s", question);
	if (plain_ask(p) == PLAIN_QUIT)
		return PLAIN_EXIT;
	plain_word(p, w, sizeof(w));
	plain_wipe_line(p);
	*yes = strcmp(w, "y") == 0 || strcmp(w, "yes") == 0;
	return PLAIN_DONE;
}

enum plain_res plain_pick_partner(struct plain *p, const char *question, int *who)
{
	for (;;) {
		char w[16];

		plain_say(p, "%s Type 1 for %s or 2 for %s, then Enter; Enter alone goes back.",
		          question, app_name(p->app, 0), app_name(p->app, 1));
		if (plain_ask(p) == PLAIN_QUIT)
			return PLAIN_EXIT;
		plain_word(p, w, sizeof(w));
		plain_wipe_line(p);
		if (strcmp(w, "") == 0)
			return PLAIN_BACK;
		if (strcmp(w, "1") == 0 || strcmp(w, "2") == 0) {
			*who = w[0] - '1';
			return PLAIN_DONE;
		}
		plain_say(p, "That is not one of the keys here.");
	}
}

enum plain_res plain_unlock(struct plain *p, int who, struct app_reader **out)
{
	const char *name = app_name(p->app, who), *other = app_name(p->app, 1 - who);
	bool code = app_recovery_state(p->app, who) == TEND_OK;

	*out = NULL;
	if (app_partner_key(p->app, who) != TEND_OK) {
		char why[2 * APP_MAX_NAME + 120];

		/* No passphrase can help: said before one is typed. */
		app_key_problem(p->app, who, why, sizeof(why));
		plain_say(p, "%s, so it cannot be unlocked.%s", why,
		          code ? " The recovery code can mend it, with a new passphrase: tend "
		                 "passphrase --as NAME --recovery." : "");
		return PLAIN_BACK;
	}
	for (;;) {
		struct app_reader *reader = NULL;
		enum tend_status st;

		plain_say(p, "%s, type your passphrase and Enter%s; Enter alone goes back. %s, "
		          "please look away for a moment.", name,
		          p->tty_in ? " (nothing shows as you type)" : "", other);
		if (plain_ask_hidden(p) == PLAIN_QUIT)
			return PLAIN_EXIT;
		if (p->linelen == 0)
			return PLAIN_BACK;
		plain_say(p, "Opening %s's key...", name);
		st = app_unlock(p->app, who, p->line, p->linelen, &reader);
		plain_wipe_line(p);
		if (st == TEND_OK) {
			*out = reader;
			return PLAIN_DONE;
		}
		if (st != TEND_ERR_PASSPHRASE) {
			plain_say(p, "Could not unlock: %s.", tend_strerror(st));
			return PLAIN_BACK;
		}
		plain_say(p, "That passphrase doesn't open %s's key. Try again.%s", name,
		          code ? " (Forgot it? Your recovery code sets a new one: tend passphrase "
		                 "--as NAME --recovery.)" : "");
	}
}

/* ---- choosing the evening ---------------------------------------------- */

/* Which plan tonight: UI_DONE with `name` filled, PLAIN_BACK or EXIT. */
static enum plain_res choose_plan(struct plain *p, char *name, size_t size)
{
	struct app_plan_info pl[PLAIN_MAX_PLANS];
	size_t n = app_plans(p->app, time(NULL), pl, PLAIN_MAX_PLANS);

	if (n == 0) {
		snprintf(name, size, "nightly"); /* the error comes from loading it */
		return PLAIN_DONE;
	}
	plain_say(p, "Which evening would you like tonight?");
	for (size_t i = 0; i < n; i++) {
		char len[16];

		plain_clock(pl[i].total_seconds, len, sizeof(len));
		if (!pl[i].ok)
			plain_say(p, "%zu. %s: it does not load: %s", i + 1, pl[i].title, pl[i].about);
		else
			plain_say(p, "%zu. %s, %s%s.%s%s", i + 1, pl[i].title, len,
			          pl[i].is_default ? ", tonight's default" : "", pl[i].about[0] ? " " : "",
			          pl[i].about);
	}
	for (;;) {
		char w[16], *end;
		long k;

		plain_say(p, "Type its number and Enter (Enter alone: 1, tonight's default); b "
		          "goes back.");
		if (plain_ask(p) == PLAIN_QUIT)
			return PLAIN_EXIT;
		plain_word(p, w, sizeof(w));
		plain_wipe_line(p);
		if (strcmp(w, "b") == 0)
			return PLAIN_BACK;
		k = strcmp(w, "") == 0 ? 1 : strtol(w, &end, 10);
		if (strcmp(w, "") != 0 && (*end || end == w))
			k = 0;
		if (k < 1 || (size_t)k > n) {
			plain_say(p, "Please type a number from 1 to %zu.", n);
			continue;
		}
		if (!pl[k - 1].ok) {
			plain_say(p, "That plan does not load: %s", pl[k - 1].about);
			continue;
		}
		snprintf(name, size, "%s", pl[k - 1].name);
		return PLAIN_DONE;
	}
}

/* For a plan that talks a parked topic through: one of them unlocks (the
 * topics are sealed to both), hears the open ones and picks one or none.
 * PLAIN_DONE (*id 0 for none, else *text its words, guarded, the
 * caller's), or PLAIN_EXIT. */
static enum plain_res choose_topic(struct plain *p, int64_t *id, char **text)
{
	struct ui_topics l = { .n = 0 };
	struct app_reader *reader = NULL;
	size_t open = 0;
	enum plain_res r;
	int who = 0;

	*id = 0;
	*text = NULL;
	if (app_topics_open(p->app, APP_ENTRY_TOPIC, &open) != TEND_OK || open == 0) {
		plain_say(p, "No parked topics: tonight, talk about anything that matters to you.");
		return PLAIN_DONE;
	}
	plain_say(p, "You have %zu parked %s. They are sealed for you both: to choose one, "
	          "one of you unlocks.", open, open == 1 ? "topic" : "topics");
	r = plain_pick_partner(p, "Who unlocks? (Going back: the talk goes on without one.)",
	                       &who);
	if (r == PLAIN_DONE)
		r = plain_unlock(p, who, &reader);
	if (r != PLAIN_DONE)
		return r == PLAIN_EXIT ? r : PLAIN_DONE;
	ui_topics_read(reader, &l);
	app_reader_free(reader); /* locked again: the list is all it was for */
	if (l.n == 0) {
		plain_say(p, "The parked topics could not be read just now.");
		return PLAIN_DONE;
	}
	for (size_t i = 0; i < l.n; i++) {
		char head[96], date[40];

		night_long(l.night[i], date, sizeof(date));
		snprintf(head, sizeof(head), "%zu. Parked %s: ", i + 1, date);
		plain_say_text(p, head, l.text[i], strlen(l.text[i]));
	}
	for (r = PLAIN_BACK; r == PLAIN_BACK;) {
		char w[16], *end;
		long k;

		plain_say(p, "Pick one to talk through tonight (one is plenty; the others wait for "
		          "another week): type its number and Enter, or n (or Enter alone) for "
		          "none tonight.");
		if (plain_ask(p) == PLAIN_QUIT) {
			r = PLAIN_EXIT;
			break;
		}
		plain_word(p, w, sizeof(w));
		plain_wipe_line(p);
		if (strcmp(w, "") == 0 || strcmp(w, "n") == 0) {
			r = PLAIN_DONE;
			break;
		}
		k = strtol(w, &end, 10);
		if (*end || end == w || k < 1 || (size_t)k > l.n) {
			plain_say(p, "Please type a number from 1 to %zu, or n.", l.n);
			continue;
		}
		*id = l.id[k - 1];
		*text = ui_topics_take(&l, (size_t)(k - 1));
		r = PLAIN_DONE;
	}
	ui_topics_free(&l);
	return r;
}

/* [c]: which plan (unless --plan said), which topic, then the check-in. */
static enum plain_res evening(struct plain *p)
{
	char name[64], err[300], *text = NULL;
	const char *plan = p->opt ? p->opt->plan : NULL;
	struct plan *pl = NULL;
	int64_t topic = 0;
	enum plain_res r;

	if (!plan) {
		if ((r = choose_plan(p, name, sizeof(name))) != PLAIN_DONE)
			return r;
		plan = name;
	}
	if (app_plan_load(p->app, plan, &pl, err, sizeof(err)) == TEND_OK &&
	    app_plan_wants_topic(pl) && choose_topic(p, &topic, &text) == PLAIN_EXIT) {
		plan_free(pl);
		return PLAIN_EXIT;
	}
	plan_free(pl);
	r = plain_checkin(p, false, plan, topic, text);
	app_secure_free(text);
	return r;
}

/* ---- the journal --------------------------------------------------------- */

/* What journal_one needs. */
struct journal_read {
	struct plain *p;
	int me;           /* the reader */
	size_t shown;
};

/* One entry read out: its number, night, whose and shared or not, then
 * its words (the reader's own, or shared with them). */
static int journal_one(const struct app_item *it, void *ctx)
{
	struct journal_read *jr = ctx;
	char date[40], head[2 * APP_MAX_NAME + 120];

	night_long(it->night, date, sizeof(date));
	jr->shown++;
	if (it->status != TEND_OK || !it->text) {
		plain_say(jr->p, "Entry %lld, %s: it does not open (it was damaged or changed).",
		          (long long)it->id, date);
		return 0;
	}
	if (it->author == jr->me)
		snprintf(head, sizeof(head), "Entry %lld, %s, yours, %s:", (long long)it->id, date,
		         it->shared ? "shared" : "only you");
	else
		snprintf(head, sizeof(head), "Entry %lld, %s, from %s, shared:", (long long)it->id,
		         date, app_name(jr->p->app, it->author));
	plain_say(jr->p, "%s", head);
	plain_say_text(jr->p, "", it->text, it->len);
	return 0;
}

/* w in the journal: one entry, private unless they share it. */
static enum plain_res journal_write(struct plain *p, struct app_reader *reader)
{
	int me = app_reader_partner(reader);
	const char *question = app_journal_question(p->app, time(NULL));
	char *text, ask[APP_MAX_NAME + 120];
	size_t len;
	enum tend_status st;
	bool shared = false;

	if (question)
		plain_say(p, "A question to start from, if you like: %s", question);
	for (;;) {
		plain_say(p, "Type your entry on one line and Enter; Enter alone writes nothing.");
		if (plain_ask(p) == PLAIN_QUIT)
			return PLAIN_EXIT;
		if (p->linelen == 0)
			return PLAIN_BACK;
		if (plain_line_ok(p))
			break;
	}
	len = p->linelen;
	if (!(text = app_secure_alloc(len + 1))) {
		plain_say(p, "There is no memory left to keep it: nothing was written.");
		return PLAIN_BACK;
	}
	memcpy(text, p->line, len + 1);
	plain_wipe_line(p);
	snprintf(ask, sizeof(ask), "Share it with %s? Type y to share it, or n (or Enter "
	         "alone) to keep it only yours.", app_name(p->app, 1 - me));
	if (plain_yes(p, ask, &shared) == PLAIN_EXIT) {
		app_secure_free(text);
		return PLAIN_EXIT;
	}
	st = app_write(p->app, reader, me, shared, text, len, time(NULL));
	app_secure_free(text);
	if (st != TEND_OK)
		plain_say(p, "Could not save it: %s. Nothing was written.", tend_strerror(st));
	else if (shared)
		plain_say(p, "Saved in your journal, shared with %s.", app_name(p->app, 1 - me));
	else
		plain_say(p, "Saved in your journal, only for you.");
	return PLAIN_DONE;
}

/* [j]: one of them unlocks their journal, writes or hears it, and it
 * locks again when they go back, or when nothing is typed at its menu for
 * the idle time (ui_idle_ms; not while an entry is being typed, which
 * tend sees only when its line ends). */
static enum plain_res journal(struct plain *p)
{
	struct app_reader *reader = NULL;
	enum plain_res r;
	int64_t idle = ui_idle_ms();
	bool idled = false;
	int who = 0;

	r = plain_pick_partner(p, "Whose journal?", &who);
	if (r == PLAIN_DONE)
		r = plain_unlock(p, who, &reader);
	if (r != PLAIN_DONE)
		return r;
	for (r = PLAIN_DONE; r != PLAIN_EXIT;) {
		char w[16];

		plain_say(p, "%s's journal is open. Type w and Enter to write an entry, r to read "
		          "the newest %d, or Enter alone to lock it and go back.",
		          app_name(p->app, who), JOURNAL_SHOWN);
		enum plain_in in = plain_read(p, app_mono_ms() + idle);

		if (in == PLAIN_QUIT) {
			r = PLAIN_EXIT;
			break;
		}
		if (in == PLAIN_TICK) {
			idled = true;
			break;
		}
		plain_word(p, w, sizeof(w));
		plain_wipe_line(p);
		if (strcmp(w, "") == 0) {
			break;
		} else if (strcmp(w, "w") == 0) {
			r = journal_write(p, reader);
		} else if (strcmp(w, "r") == 0) {
			struct app_read_filter f = { 0, APP_ENTRY_JOURNAL, -1 };
			struct journal_read jr = { p, who, 0 };
			enum tend_status st = app_read_page(reader, &f, 0, true, JOURNAL_SHOWN,
			                                    journal_one, &jr);

			if (st != TEND_OK)
				plain_say(p, "The journal could not be read just now: %s.",
				          tend_strerror(st));
			else if (jr.shown == 0)
				plain_say(p, "Nothing written here yet.");
			else
				plain_say(p, "That was the newest %zu, newest first.", jr.shown);
		} else {
			plain_say(p, "That is not one of the keys here.");
		}
	}
	app_reader_free(reader);
	if (idled)
		plain_say(p, "Nothing was typed for a while, so %s's journal is locked again.",
		          app_name(p->app, who));
	else if (r != PLAIN_EXIT)
		plain_say(p, "%s's journal is locked again.", app_name(p->app, who));
	return r == PLAIN_EXIT ? r : PLAIN_DONE;
}

/* ---- history, help, home ------------------------------------------------- */

/* [h]: the newest check-ins, what the file says of them (no passphrase:
 * nothing anyone wrote). */
static void history(struct plain *p)
{
	struct app_history_item it[HISTORY_SHOWN];
	size_t n = 0, total = 0;
	enum tend_status st = app_history_page(p->app, NULL, true, it, HISTORY_SHOWN, &n);

	if (st == TEND_OK)
		st = app_history_count(p->app, &total);
	if (st != TEND_OK) {
		plain_say(p, "The history could not be read just now: %s.", tend_strerror(st));
		return;
	}
	if (n == 0) {
		plain_say(p, "No check-ins saved yet.");
		return;
	}
	plain_say(p, "History: %zu %s saved; the newest %zu, newest first.", total,
	          total == 1 ? "check-in" : "check-ins", n);
	for (size_t i = 0; i < n; i++) {
		char date[40], ran[16], planned[16], pillars[160] = "";

		night_long(it[i].night, date, sizeof(date));
		plain_clock(it[i].ran_s, ran, sizeof(ran));
		plain_clock(it[i].planned_s, planned, sizeof(planned));
		for (int k = 0; k < PILLAR_COUNT; k++)
			if (it[i].pillars & (1u << k))
				snprintf(pillars + strlen(pillars), sizeof(pillars) - strlen(pillars),
				         "%s%s", pillars[0] ? ", " : "", pillar_name(k));
		plain_say(p, "%s: %s, ran %s of %s, %s; %s opened; pillars: %s%s.", date,
		          it[i].plan, ran, planned,
		          it[i].counted ? "counted" : it[i].ended == APP_ENDED_TIMEOUT ?
		                          "a time-out" : "too short to count",
		          app_name(p->app, it[i].first == 1), pillars[0] ? pillars : "none",
		          it[i].parked ? "; a topic parked" : "");
	}
	plain_say(p, "What you wrote in them: tend read --as NAME reads it out.");
}

static const char plain_help[] =
	"How tend works\n"
	"Each night, sit down together with your phones put away and type c to check "
	"in. The timer takes you through short turns: one of you speaks while the other "
	"listens and then says back what they heard, and only then do you swap. tend "
	"says each turn as it begins, whose it is, and the card the listener reads "
	"aloud; then the time left at each minute and at 30 and 10 seconds. Afterwards "
	"each of you answers two short questions in private, you may leave a note for "
	"the two of you, and you tick the pillars that felt alive.\n"
	"Type t at any moment of the timer for a time-out: twenty minutes apart doing "
	"something soothing helps more than pushing on.\n"
	"Your answers and journal are locked with your own passphrase. Only you can read "
	"them, unless you choose to share one with your partner.\n"
	"Every question says which keys it takes: type the key, then Enter. Ctrl-C saves "
	"and quits.";

/* "Tonight: ..." as home says it (ui_tonight_words). */
static void tonight_line(struct plain *p, const struct app_stats *st)
{
	char line[256];

	ui_tonight_words(p->app, st, line, sizeof(line));
	plain_say(p, "%s.", line);
}

/* What home says before its menu. */
static void home_say(struct plain *p, bool *stall_seen)
{
	struct app_stats st;
	enum tend_status s = app_stats(p->app, time(NULL), &st);

	plain_say(p, "Home: %s and %s.", app_name(p->app, 0), app_name(p->app, 1));
	if (s != TEND_OK) {
		plain_say(p, "The streaks could not be read just now: %s.", tend_strerror(s));
		return;
	}
	plain_say(p, "%d of the last %d nights together.", st.together, APP_TOGETHER_WINDOW);
	tonight_line(p, &st);
	if (app_streaks(p->app))
		plain_say(p, "Nightly streak %d, longest %d, %d in all.", st.nightly.current,
		          st.nightly.longest, st.nights_total);
	if (st.stall && !*stall_seen) {
		*stall_seen = true;
		app_stall_shown(p->app, time(NULL));
		plain_say(p, "A gentle word: a few of your recent check-ins ended early or with a "
		          "time-out. That happens, and stopping was often the right call. If it "
		          "keeps happening, it can help to talk with someone trained for it: type "
		          "g to hear \"When to get help\".");
	}
}

/* Home, until q. */
static enum plain_res home(struct plain *p)
{
	bool stall_seen = false, say = true;

	for (;;) {
		char w[16];
		enum plain_res r = PLAIN_DONE;

		if (say)
			home_say(p, &stall_seen);
		say = true;
		plain_say(p, "Type a key and Enter: c check in, j journal, h history, g when to "
		          "get help, ? help, q quit.");
		if (plain_ask(p) == PLAIN_QUIT)
			return PLAIN_EXIT;
		plain_word(p, w, sizeof(w));
		plain_wipe_line(p);
		if (strcmp(w, "c") == 0) {
			r = evening(p);
		} else if (strcmp(w, "j") == 0) {
			r = journal(p);
		} else if (strcmp(w, "h") == 0) {
			history(p);
			say = false;
		} else if (strcmp(w, "g") == 0) {
			say_paragraphs(p, ui_get_help);
			say = false;
		} else if (strcmp(w, "?") == 0 || strcmp(w, "help") == 0) {
			say_paragraphs(p, plain_help);
			say = false;
		} else if (strcmp(w, "q") == 0) {
			return PLAIN_DONE;
		} else if (strcmp(w, "") != 0) {
			plain_say(p, "That is not one of the keys here.");
			say = false;
		}
		if (r == PLAIN_EXIT || p->fatal)
			return PLAIN_EXIT;
	}
}

/* "Finish or discard?" when a check-in was interrupted. */
static enum plain_res draft(struct plain *p)
{
	struct app_draft_info info;
	enum tend_status st = app_draft_info(p->app, &info);
	char date[40];

	if (st == TEND_ERR_NOT_FOUND)
		return PLAIN_DONE;
	if (st != TEND_OK) {
		plain_say(p, "Could not look for an unfinished check-in: %s.", tend_strerror(st));
		return PLAIN_DONE;
	}
	night_long(info.night, date, sizeof(date));
	plain_say(p, "Welcome back. A check-in from %s was interrupted (step %d of %d%s).",
	          date, info.phase == APP_PHASE_TIMER ? info.step + 1 : info.nsteps, info.nsteps,
	          info.phase == APP_PHASE_TIMER ? "" : ", after the timer");
	if (info.texts > 0)
		plain_say(p, "What was written in it (%zu %s) is kept, locked as before.", info.texts,
		          info.texts == 1 ? "text" : "texts");
	for (;;) {
		char w[16];
		bool yes = false;

		plain_say(p, "Type f and Enter to finish it, d to discard it, or q to quit.");
		if (plain_ask(p) == PLAIN_QUIT)
			return PLAIN_EXIT;
		plain_word(p, w, sizeof(w));
		plain_wipe_line(p);
		if (strcmp(w, "f") == 0)
			return plain_checkin(p, true, NULL, 0, NULL);
		if (strcmp(w, "q") == 0)
			return PLAIN_EXIT;
		if (strcmp(w, "d") != 0) {
			plain_say(p, "That is not one of the keys here.");
			continue;
		}
		if (plain_yes(p, "Discard the interrupted check-in? What was typed in it will be "
		              "deleted. Type y to discard it, or n to keep it.", &yes) == PLAIN_EXIT)
			return PLAIN_EXIT;
		if (!yes)
			continue;
		st = app_draft_discard(p->app);
		if (st == TEND_OK) {
			plain_say(p, "Discarded.");
			return PLAIN_DONE;
		}
		plain_say(p, "Could not discard it: %s.", tend_strerror(st));
	}
}

int ui_plain_run(struct app *app, const struct ui_options *opt)
{
	struct plain p;
	enum plain_res r = PLAIN_DONE;

	setlocale(LC_ALL, "");
	if (!plain_open(&p, app, opt)) {
		fprintf(stderr, "tend: there is no memory left to start\n");
		return 1;
	}
	plain_say(&p, "tend, line by line. Each question says which keys it takes: type one, "
	          "then Enter.");
	if (!app_is_setup(app)) {
		plain_say(&p, "Nobody is set up here yet. Set up first with: tend init --partner "
		          "NAME --partner NAME (it asks each passphrase, line by line).");
		plain_close(&p);
		return 1;
	}
	r = draft(&p);
	if (r != PLAIN_EXIT && !p.fatal)
		r = home(&p);
	if (p.interrupted && p.tty_out)
		plain_say(&p, "%s", ""); /* after the "^C" the terminal showed */
	if (p.checkin) {
		enum tend_status st = app_checkin_save(p.checkin, app_mono_ms());

		if (st != TEND_OK) {
			p.fatal = true;
			snprintf(p.fatal_msg, sizeof(p.fatal_msg), "could not save the check-in: %s",
			         tend_strerror(st));
		} else {
			plain_say(&p, "The check-in is saved as it stands; tend offers to finish it "
			          "next time.");
		}
		app_checkin_free(p.checkin);
		p.checkin = NULL;
	}
	plain_say(&p, "tend is closed.");
	plain_close(&p);
	if (p.fatal)
		fprintf(stderr, "tend: %s\n", p.fatal_msg);
	return p.fatal ? 1 : 0;
}
