/* plain_checkin.c: a check-in in plain mode, line by line. The timer says
 * each step as it begins (what it is, who speaks, the card), the time left
 * at each whole minute and at 30 and 10 seconds, "finish your thought"
 * before the floor passes, and what waits for a key; between those it
 * sleeps until the next of them is due, or a line comes. Then each
 * partner's reflections, the note and the pillars, saved through the same
 * app calls as the screens (src/ui/checkin.c), which this file mirrors
 * step for step; the turns themselves are the core's (tend/turn.h). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "plain_internal.h"

#define CUE_MS 15000    /* "finish your thought" this long before the floor passes */
#define CUE_MIN_STEP 30 /* on steps at least this many seconds long */
#define PARK_MAX 300    /* bytes of a parked topic */

/* What the timer is waiting for from the next line. */
enum timer_mode {
	MODE_KEYS,      /* a key: the timer's commands */
	MODE_END,       /* "End now?": y or n */
	MODE_TIMEOUT,   /* the time-out (paused): space carries on, s stops */
	MODE_PARK,      /* the words of a topic to park (the timer runs on) */
	MODE_PARK_STOP, /* the same, stopping at a time-out */
};

/* What has been said of the current step. */
struct timer_say {
	size_t step;        /* the step announced; (size_t)-1 before the first */
	int said;           /* seconds: every mark of the time left at or above
	                     * it is said (or was passed before the step began) */
	bool waiting;       /* "waiting for a key" said at this step's 0:00 */
	bool cue;           /* "finish your thought" said */
	bool floor_new;     /* the floor changed hands since the last step said */
	enum timer_mode mode;
	const char *topic;  /* tonight's parked topic (guarded), or NULL */
};

static const char *const timer_help[] = {
	"Keys during the check-in: type one and press Enter.",
	"space (a space, then Enter): pause, or carry on after a pause.",
	"t: time-out, stop for a while when it gets heated.",
	"p: park a topic for the weekly talk (while speaking or mirroring).",
	"n: end this turn now and go to the next.",
	"+: one more minute for this turn.",
	"1 and 2: on the first step, each of you says you are here.",
	"y and a: after a mirror that asks, \"you got it\", or another go.",
	"q: end the check-in (what you did is kept).",
	"Enter alone: where you are and the time left.",
	"The listener reads the card aloud to the speaker. A time-out is always "
	"allowed, and it never costs a streak.",
};

static const char *const timeout_text[] = {
	"Time-out. Taking a break is a good move, not a failure. When a talk gets "
	"heated, our bodies fill with stress and nobody can listen well.",
	"Spend about twenty minutes apart doing something soothing: a walk, a "
	"shower, music, slow breathing. Try not to rehearse the argument in your head.",
	"Then come back and carry on, or stop for tonight and park the topic for "
	"your weekly talk. Stopping here pauses your streaks like a rest night.",
};

/* What each pillar means, in a few words (as on the screens). */
static const char *const pillar_about[PILLAR_COUNT] = {
	"showing what is tender or unsure",
	"hearing fully before answering",
	"feeling with your partner, not fixing",
	"saying out loud the good you see",
	"making moments and memories together",
};

/* The name of partner `who`, or "both of you" for TURN_BOTH. */
static const char *who_name(const struct plain *p, int who)
{
	return who == TURN_BOTH ? "both of you" : app_name(p->app, who);
}

/* Saves the check-in in progress; a failure is said. */
static void plain_save(struct plain *p)
{
	enum tend_status st;

	if (!p->checkin)
		return;
	st = app_checkin_save(p->checkin, app_mono_ms());
	if (st != TEND_OK)
		plain_say(p, "Could not save: %s.", tend_strerror(st));
}

/* The largest mark of the time left below `s` seconds: each whole minute,
 * then 30 and 10 seconds; 0 when there is none. */
static int mark_below(int s)
{
	if (s > 60)
		return (s - 1) / 60 * 60;
	if (s > 30)
		return 30;
	if (s > 10)
		return 10;
	return 0;
}

/* The keys of the current step, as one line. */
static void say_keys(struct plain *p, const struct turn *t, int64_t now)
{
	const struct plan_step *s = turn_step(t);
	char line[600];
	int n = 0;

	n += snprintf(line + n, sizeof(line) - (size_t)n, "Keys, then Enter:");
	if (s->kind == PLAN_ARRIVE)
		n += snprintf(line + n, sizeof(line) - (size_t)n, " 1 %s is here, 2 %s is here,",
		              app_name(p->app, 0), app_name(p->app, 1));
	if (turn_at_gate(t, now))
		n += snprintf(line + n, sizeof(line) - (size_t)n, " y you got it, a another go,");
	n += snprintf(line + n, sizeof(line) - (size_t)n, " space %s, t time-out,",
	              t->paused ? "carry on" : "pause");
	if (s->kind == PLAN_SPEAK || s->kind == PLAN_MIRROR)
		n += snprintf(line + n, sizeof(line) - (size_t)n, " p park a topic,");
	snprintf(line + n, sizeof(line) - (size_t)n,
	         " n end this turn, + one more minute, q end, ? help; Enter alone: where you are.");
	plain_say(p, "%s", line);
}

/* "Zoë speaks, Łukasz listens." (or "Together."), with "Now: " when the
 * floor has just changed hands. */
static void say_who(struct plain *p, const struct turn *t, bool now_word)
{
	int s = turn_speaker(t), l = turn_listener(t);

	if (s == TURN_BOTH)
		plain_say(p, "%s", now_word ? "Now: together." : "Together.");
	else
		plain_say(p, "%s%s speaks, %s listens.", now_word ? "Now: " : "",
		          app_name(p->app, s), app_name(p->app, l));
}

/* The card of the step, if it has one, with whose words it asks for. */
static void say_card(struct plain *p, const struct app_checkin *c, const struct timer_say *ts)
{
	const struct turn *t = &c->turn;
	const struct plan_step *s = turn_step(t);
	const struct prompt_card *card = c->card[t->step];
	int sp = turn_speaker(t), li = turn_listener(t), pl = c->step_pillar[t->step];
	char head[3 * APP_MAX_NAME + 64];

	if (s->card == PLAN_CARD_TOPIC && c->topic != 0) {
		if (ts->topic)
			plain_say_text(p, "Tonight's topic, parked for this talk: ", ts->topic,
			               strlen(ts->topic));
		else
			plain_say(p, "Tonight's topic, parked for this talk: the topic you chose "
			          "for tonight. Its words stay locked after an interruption: say it "
			          "again in your own.");
		return;
	}
	if (!card || !card->text)
		return;
	if (sp == TURN_BOTH)
		snprintf(head, sizeof(head), "Card, one of you read this aloud: ");
	else if (pl >= 0 && pl < PILLAR_COUNT)
		snprintf(head, sizeof(head), "Card, %s, read this to %s (%s): ", who_name(p, li),
		         who_name(p, sp), pillar_name(pl));
	else
		snprintf(head, sizeof(head), "Card, %s, read this to %s: ", who_name(p, li),
		         who_name(p, sp));
	plain_say(p, "%s%s", head, card->text);
}

/* A new step: what it is, for how long, who speaks, what to do, the card
 * (or, on the first, who types which key), and its keys. */
static void say_step(struct plain *p, struct app_checkin *c, struct timer_say *ts, int64_t now)
{
	const struct turn *t = &c->turn;
	const struct plan_step *s = turn_step(t);
	char clock[16];

	plain_clock(turn_left_display(t, now), clock, sizeof(clock));
	if (s->kind == PLAN_ARRIVE)
		plain_say(p, "%s. Step %zu of %zu: %s, %s.", t->plan->title, t->step + 1,
		          t->plan->nsteps, plan_kind_label(s->kind), clock);
	else
		plain_say(p, "Step %zu of %zu: %s, %s.", t->step + 1, t->plan->nsteps,
		          plan_kind_label(s->kind), clock);
	say_who(p, t, ts->floor_new);
	plain_say(p, "%s", s->instruction);
	say_card(p, c, ts);
	if (s->kind == PLAN_ARRIVE)
		plain_say(p, "%s: type 1 and Enter when you are here. %s: type 2 and Enter.",
		          app_name(p->app, 0), app_name(p->app, 1));
	if (t->paused)
		plain_say(p, "Paused. Type space and Enter to carry on.");
	say_keys(p, t, now);
	ts->step = t->step;
	ts->said = turn_left_display(t, now);
	ts->waiting = false;
	ts->cue = false;
	ts->floor_new = false;
}

/* Says what is due now: a new step, a mark of the time left, the cue
 * before the floor passes, a wait for a key at 0:00. */
static void say_due(struct plain *p, struct app_checkin *c, struct timer_say *ts, int64_t now)
{
	const struct turn *t = &c->turn;
	const struct plan_step *s = turn_step(t);
	int64_t left = turn_left_ms(t, now), passes = turn_floor_passes_ms(t, now);
	int mark = 0;

	if (t->step != ts->step)
		say_step(p, c, ts, now);
	if (t->paused)
		return;
	/* At 0:00 (a turn ended early, or waiting) no mark is due any more. */
	if (left <= 0)
		ts->said = 0;
	for (int m = mark_below(ts->said); m > 0 && left <= (int64_t)m * 1000; m = mark_below(m))
		mark = m;
	if (mark > 0) {
		char clock[16];

		ts->said = mark;
		plain_clock(turn_left_display(t, now), clock, sizeof(clock));
		/* Late (tend was stopped, say): the time it is, not the mark. */
		if (left < (int64_t)mark * 1000 - 1000)
			plain_say(p, "%s left.", clock);
		else if (mark >= 120)
			plain_say(p, "%d minutes left.", mark / 60);
		else if (mark == 60)
			plain_say(p, "1 minute left.");
		else
			plain_say(p, "%d seconds left.", mark);
	}
	if (!ts->cue && passes >= 0 && passes <= CUE_MS && s->seconds >= CUE_MIN_STEP) {
		ts->cue = true;
		plain_say(p, "Finish your thought: the turn passes in %d seconds.",
		          (int)((passes + 999) / 1000));
	}
	if (!ts->waiting && turn_waiting(t, now)) {
		ts->waiting = true;
		if (s->kind == PLAN_ARRIVE) {
			char names[2 * APP_MAX_NAME + 32] = "";

			for (int k = 0; k < 2; k++) {
				int who = k == 0 ? t->first : 1 - t->first;

				if (!(t->confirmed & (1u << k)))
					snprintf(names + strlen(names), sizeof(names) - strlen(names),
					         "%s%s types %d", names[0] ? ", " : "", app_name(p->app, who),
					         who + 1);
			}
			plain_say(p, "Waiting for both of you: %s, then Enter.", names);
		} else {
			plain_say(p, "%s: did %s get it? Type y (you got it) or a (another go).",
			          who_name(p, turn_listener(t)), who_name(p, turn_speaker(t)));
		}
	}
}

/* When the next thing is due to be said (monotonic ms), or -1: the end
 * of the step, the next mark of the time left, the cue. */
static int64_t next_due(const struct app_checkin *c, const struct timer_say *ts, int64_t now)
{
	const struct turn *t = &c->turn;
	int64_t left = turn_left_ms(t, now), passes = turn_floor_passes_ms(t, now), d;
	int m = mark_below(ts->said);

	if (t->paused || t->done || left <= 0)
		return -1;
	d = now + left;
	if (m > 0 && (int64_t)m * 1000 < left && now + left - (int64_t)m * 1000 < d)
		d = now + left - (int64_t)m * 1000;
	if (!ts->cue && turn_step(t)->seconds >= CUE_MIN_STEP && passes > CUE_MS &&
	    now + passes - CUE_MS < d)
		d = now + passes - CUE_MS;
	return d;
}

/* Moves the turns on to `now`, noting a new floor and saving a new step
 * (and ringing, as the couple asked, when the floor changes hands). */
static void timer_update(struct plain *p, struct app_checkin *c, struct timer_say *ts,
                         unsigned ev)
{
	if ((ev & TURN_EV_FLOOR) && !c->turn.done) {
		ts->floor_new = true;
		/* The flash has no picture here: it rings too. */
		if (app_bell(p->app) || app_flash(p->app))
			plain_bell(p);
	}
	if (ev & (TURN_EV_STEP | TURN_EV_DONE)) {
		plain_save(p);
		app_release_memory(p->app);
	}
}

/* Enter alone: where the couple is, and the time left. */
static void say_where(struct plain *p, const struct turn *t, int64_t now)
{
	const struct plan_step *s = turn_step(t);
	char clock[16];

	plain_clock(turn_left_display(t, now), clock, sizeof(clock));
	plain_say(p, "Step %zu of %zu, %s: %s left%s.", t->step + 1, t->plan->nsteps,
	          plan_kind_label(s->kind), clock, t->paused ? ", paused" : "");
	say_who(p, t, false);
}

/* The words of a topic to park, in p->line: sealed to both at once. */
static void park_line(struct plain *p, struct app_checkin *c)
{
	enum tend_status st;

	if (p->linelen == 0)
		return;
	if (p->linelen > PARK_MAX) {
		plain_say(p, "That is longer than a parked topic takes (%d bytes): nothing was "
		          "parked. A few words are enough to find it again.", PARK_MAX);
		return;
	}
	st = app_checkin_park(c, p->line, p->linelen, time(NULL));
	if (st == TEND_OK)
		plain_say(p, "Parked for your weekly talk. Sealed for you both.");
	else
		plain_say(p, "Could not park it: %s.", tend_strerror(st));
}

/* A key (the word `w`) while the timer runs. */
static void timer_key(struct plain *p, struct app_checkin *c, struct timer_say *ts,
                      const char *w, int64_t now)
{
	struct turn *t = &c->turn;
	const struct plan_step *s = turn_step(t);
	char clock[16];

	if (strcmp(w, "") == 0) {
		say_where(p, t, now);
	} else if (strcmp(w, "space") == 0 || strcmp(w, "pause") == 0) {
		turn_toggle_pause(t, now);
		plain_save(p);
		plain_clock(turn_left_display(t, now), clock, sizeof(clock));
		if (t->paused)
			plain_say(p, "Paused at %s. Type space and Enter to carry on.", clock);
		else
			plain_say(p, "Carrying on: %s left.", clock);
	} else if (strcmp(w, "n") == 0) {
		timer_update(p, c, ts, turn_skip(t, now));
	} else if (strcmp(w, "+") == 0 || strcmp(w, "=") == 0) {
		turn_extend(t, now, 60);
		ts->said = turn_left_display(t, now);
		ts->waiting = false;
		ts->cue = false;
		plain_clock(turn_left_display(t, now), clock, sizeof(clock));
		plain_say(p, "One more minute: %s left.", clock);
	} else if ((strcmp(w, "1") == 0 || strcmp(w, "2") == 0) && s->kind == PLAN_ARRIVE) {
		int who = w[0] - '1', k = who == t->first ? 0 : 1;

		if (t->confirmed & (1u << k)) {
			plain_say(p, "%s is here already.", app_name(p->app, who));
			return;
		}
		plain_say(p, "%s is here.", app_name(p->app, who));
		timer_update(p, c, ts, turn_confirm(t, k, now));
	} else if (strcmp(w, "1") == 0 || strcmp(w, "2") == 0) {
		plain_say(p, "1 and 2 are for arriving, on the first step.");
	} else if (strcmp(w, "t") == 0) {
		if (!t->paused)
			turn_toggle_pause(t, now);
		ts->mode = MODE_TIMEOUT;
		plain_save(p);
		for (size_t i = 0; i < sizeof(timeout_text) / sizeof(timeout_text[0]); i++)
			plain_say(p, "%s", timeout_text[i]);
		plain_say(p, "Type space (or Enter alone) to carry on, or s to stop for tonight.");
	} else if (strcmp(w, "p") == 0) {
		if (s->kind != PLAN_SPEAK && s->kind != PLAN_MIRROR) {
			plain_say(p, "A topic is parked while one of you speaks or mirrors.");
			return;
		}
		ts->mode = MODE_PARK;
		plain_say(p, "Park a topic: a topic that needs more room than tonight, in a few "
		          "words to find it again at your weekly talk. Type them and Enter; "
		          "Enter alone parks nothing. The timer keeps running.");
	} else if (strcmp(w, "y") == 0 && s->gate) {
		timer_update(p, c, ts, turn_gate_ok(t, now));
	} else if (strcmp(w, "a") == 0 && turn_at_gate(t, now)) {
		turn_gate_again(t, now);
		ts->said = turn_left_display(t, now);
		ts->waiting = false;
		plain_clock(ts->said, clock, sizeof(clock));
		plain_say(p, "Another go: %s.", clock);
	} else if (strcmp(w, "?") == 0 || strcmp(w, "help") == 0) {
		for (size_t i = 0; i < sizeof(timer_help) / sizeof(timer_help[0]); i++)
			plain_say(p, "%s", timer_help[i]);
	} else if (strcmp(w, "q") == 0) {
		ts->mode = MODE_END;
		plain_say(p, "End the check-in now? What you have done is kept. Type y to end "
		          "it, or n to carry on.");
	} else {
		plain_say(p, "That is not a key here.");
		say_keys(p, t, now);
	}
}

/* The timer, until the plan runs out or the couple ends it: PLAIN_DONE,
 * PLAIN_STOP (they stopped at a time-out) or PLAIN_EXIT. */
static enum plain_res timer_run(struct plain *p, struct app_checkin *c, const char *topic)
{
	struct turn *t = &c->turn;
	struct timer_say ts = { .step = (size_t)-1, .topic = topic };

	for (;;) {
		int64_t now = app_mono_ms();
		enum plain_in in;
		char w[16];

		timer_update(p, c, &ts, turn_update(t, now));
		if (t->done)
			break;
		say_due(p, c, &ts, now);
		in = plain_read(p, ts.mode == MODE_TIMEOUT ? -1 : next_due(c, &ts, now));
		if (in == PLAIN_QUIT)
			return PLAIN_EXIT;
		if (in == PLAIN_TICK)
			continue;
		now = app_mono_ms();
		timer_update(p, c, &ts, turn_update(t, now));
		if (t->done)
			break;
		if (ts.mode == MODE_PARK || ts.mode == MODE_PARK_STOP) {
			if (!plain_line_ok(p))
				continue;
			park_line(p, c);
			if (ts.mode == MODE_PARK_STOP) {
				app_checkin_timeout(c, app_mono_ms());
				return PLAIN_STOP;
			}
			ts.mode = MODE_KEYS;
			continue;
		}
		plain_word(p, w, sizeof(w));
		plain_wipe_line(p);
		if (ts.mode == MODE_END) {
			if (strcmp(w, "y") == 0 || strcmp(w, "yes") == 0) {
				turn_end(t, now);
				break;
			}
			ts.mode = MODE_KEYS;
			plain_say(p, "Carrying on.");
		} else if (ts.mode == MODE_TIMEOUT) {
			if (strcmp(w, "space") == 0 || strcmp(w, "") == 0) {
				ts.mode = MODE_KEYS;
				if (t->paused)
					turn_toggle_pause(t, now);
				plain_save(p);
				plain_say(p, "Carrying on.");
			} else if (strcmp(w, "s") == 0) {
				ts.mode = MODE_PARK_STOP;
				plain_say(p, "Stopping for tonight is fine. If there is a topic to come "
				          "back to when you are both calm, type a few words for your "
				          "weekly talk and Enter; or Enter alone to park nothing.");
			} else {
				plain_say(p, "Type space (or Enter alone) to carry on, or s to stop for "
				          "tonight.");
			}
		} else {
			timer_key(p, c, &ts, w, now);
		}
		if (t->done)
			break;
	}
	c->phase = APP_PHASE_REFLECT;
	plain_save(p);
	plain_say(p, "The timer is done.");
	return PLAIN_DONE;
}

/* Before a partner's reflections: the other looks away, and the writer
 * unlocks their key for this stretch. PLAIN_DONE with *writer set,
 * PLAIN_BACK when they skip theirs tonight, or PLAIN_EXIT. */
static enum plain_res reflect_intro(struct plain *p, int who, bool first,
                                    struct app_reader **writer)
{
	const char *me = app_name(p->app, who), *other = app_name(p->app, 1 - who);

	plain_say(p, "Reflections. %s, this part is %s's%s. Please look away for a moment.",
	          other, me, first ? "; the next one is yours" : "");
	for (;;) {
		char w[16];
		enum plain_res r;

		plain_say(p, "%s, press Enter when you are ready to write (your passphrase keeps "
		          "your answers yours), or type s and Enter to skip yours tonight.", me);
		if (plain_ask(p) == PLAIN_QUIT)
			return PLAIN_EXIT;
		plain_word(p, w, sizeof(w));
		plain_wipe_line(p);
		if (strcmp(w, "s") == 0) {
			plain_say(p, "%s's reflections are skipped tonight.", me);
			return PLAIN_BACK;
		}
		if (strcmp(w, "") != 0) {
			plain_say(p, "That is not a key here.");
			continue;
		}
		if ((r = plain_unlock(p, who, writer)) != PLAIN_BACK)
			return r;
	}
}

/* One line of text into `tb`: an empty line keeps what is there. */
static enum plain_res ask_text(struct plain *p, struct textbuf *tb, const char *what)
{
	if (tb->len > 0) {
		plain_say_text(p, "What is written here so far: ", tb->buf, tb->len);
		plain_say(p, "Type %s and Enter to write it anew; Enter alone keeps it.", what);
	} else {
		plain_say(p, "Type %s on one line and Enter; Enter alone leaves it empty.", what);
	}
	for (;;) {
		if (plain_ask(p) == PLAIN_QUIT)
			return PLAIN_EXIT;
		if (p->linelen == 0)
			return PLAIN_DONE;
		if (!plain_line_ok(p))
			continue;
		if (p->linelen >= tb->cap) {
			plain_say(p, "That is longer than tend keeps here (%zu bytes); please type it "
			          "shorter.", tb->cap - 1);
			continue;
		}
		textbuf_set(tb, p->line, p->linelen);
		plain_wipe_line(p);
		return PLAIN_DONE;
	}
}

/* The unlocked partner `who` answers their questions. */
static enum plain_res reflect_answers(struct plain *p, struct app_checkin *c, int who, int nq)
{
	const char *me = app_name(p->app, who), *other = app_name(p->app, 1 - who);
	int i = 0;

	plain_say(p, "%s's reflections. %s, only you can read these answers unless you share "
	          "one with %s. Any answer may stay empty.", me, me, other);
	for (int q = 0; q < APP_QUESTIONS; q++) {
		struct textbuf *tb = &c->answer[who][q];
		char ask[APP_MAX_NAME + 120];

		if (!c->question[who][q] || !c->question[who][q]->text)
			continue;
		plain_say(p, "Question %d of %d: %s", ++i, nq, c->question[who][q]->text);
		if (ask_text(p, tb, "your answer") == PLAIN_EXIT)
			return PLAIN_EXIT;
		if (tb->len > 0) {
			bool yes = false;

			snprintf(ask, sizeof(ask), "Share this answer with %s? Type y to share it, "
			         "or n (or Enter alone) to keep it only yours.", other);
			if (plain_yes(p, ask, &yes) == PLAIN_EXIT)
				return PLAIN_EXIT;
			c->answer_shared[who][q] = yes;
			if (yes)
				plain_say(p, "Shared with %s.", other);
			else
				plain_say(p, "Only for you.");
		}
		plain_save(p); /* sealed while the key is open */
	}
	return PLAIN_DONE;
}

/* Each partner, A then B, answers the questions in private. */
static enum plain_res reflect_run(struct plain *p, struct app_checkin *c)
{
	/* A check-in resumed after the opener was done starts with the other. */
	for (int k = c->phase == APP_PHASE_REFLECT_SECOND ? 1 : 0; k < 2; k++) {
		int who = k == 0 ? c->first : 1 - c->first, nq = 0;
		struct app_reader *writer = NULL;
		enum plain_res r;
		bool wrote;

		for (int q = 0; q < APP_QUESTIONS; q++)
			if (c->question[who][q] && c->question[who][q]->text)
				nq++;
		if (nq == 0)
			break;
		if ((r = reflect_intro(p, who, k == 0, &writer)) == PLAIN_EXIT)
			return r;
		r = PLAIN_DONE;
		wrote = writer != NULL;
		if (writer) {
			app_checkin_writer(c, writer);
			r = reflect_answers(p, c, who, nq);
		}
		if (k == 0 && r != PLAIN_EXIT)
			c->phase = APP_PHASE_REFLECT_SECOND;
		plain_save(p); /* while the key is still open, on quitting too */
		app_checkin_writer(c, NULL);
		app_reader_free(writer);
		if (r == PLAIN_EXIT)
			return r;
		if (wrote)
			plain_say(p, "Thank you, %s. Your answers are locked again.",
			          app_name(p->app, who));
	}
	c->phase = APP_PHASE_NOTE;
	plain_save(p);
	return PLAIN_DONE;
}

/* The couple's note, with the agreement after a solve step and the small
 * thing to enjoy together after a close. */
static enum plain_res note_run(struct plain *p, struct app_checkin *c)
{
	plain_say(p, "A note for you both. Anything from tonight you want to keep: a "
	          "thank-you, a plan, a small promise. Write it together, or leave any of it "
	          "empty. You can both read all of it.");
	plain_say(p, "Our note.");
	if (ask_text(p, &c->note, "your note") == PLAIN_EXIT)
		return PLAIN_EXIT;
	plain_save(p);
	if (plan_has_kind(c->plan, PLAN_SOLVE)) {
		plain_say(p, "Our small trial agreement: who does what, until when, and when we "
		          "look at it again.");
		if (ask_text(p, &c->agreement, "your agreement") == PLAIN_EXIT)
			return PLAIN_EXIT;
		plain_save(p);
	}
	if (plan_has_kind(c->plan, PLAN_CLOSE)) {
		plain_say(p, "Next together: one small thing to enjoy together soon (home shows "
		          "it until it is done).");
		if (ask_text(p, &c->together, "it") == PLAIN_EXIT)
			return PLAIN_EXIT;
	}
	c->phase = APP_PHASE_PILLARS;
	plain_save(p);
	return PLAIN_DONE;
}

/* Reads "1 4" (or "1,4") into *set; false when the line is anything else. */
static bool pillars_parse(const char *s, size_t len, pillar_set *set)
{
	*set = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] >= '1' && s[i] < '1' + PILLAR_COUNT)
			*set |= 1u << (s[i] - '1');
		else if (s[i] != ' ' && s[i] != ',')
			return false;
	}
	return true;
}

/* The pillars practised, typed as their numbers. */
static enum plain_res pillars_run(struct plain *p, struct app_checkin *c)
{
	plain_say(p, "Pillars. Which of these felt alive tonight? Tick any that did, or none; "
	          "either is fine.");
	for (int i = 0; i < PILLAR_COUNT; i++)
		plain_say(p, "%d %s: %s.", i + 1, pillar_name(i), pillar_about[i]);
	for (;;) {
		pillar_set set;

		plain_say(p, "Type the numbers of those that did (for example 1 4) and Enter, or "
		          "Enter alone for none. This saves the check-in.");
		if (plain_ask(p) == PLAIN_QUIT)
			return PLAIN_EXIT;
		if (!pillars_parse(p->line, p->linelen, &set)) {
			plain_say(p, "Please type numbers from 1 to %d, with spaces between them.",
			          PILLAR_COUNT);
			continue;
		}
		c->pillars = set;
		return PLAIN_DONE;
	}
}

/* Saves the check-in for good and says so kindly; the last word is a
 * thank-you, never a number. */
static enum plain_res finish(struct plain *p, struct app_checkin *c)
{
	int64_t now = app_mono_ms();
	bool counted = turn_counts(&c->turn, now), timeout = c->ended == APP_ENDED_TIMEOUT;
	struct app_stats st;
	enum tend_status s;

	for (;;) {
		bool again = false;

		s = app_checkin_finish(c, now);
		if (s == TEND_OK)
			break;
		plain_say(p, "The check-in could not be saved: %s.", tend_strerror(s));
		if (plain_yes(p, "Try again? Type y to try again, or n to keep it as unfinished "
		              "(tend offers to finish it next time).", &again) == PLAIN_EXIT)
			return PLAIN_EXIT;
		if (!again) {
			plain_save(p);
			app_checkin_free(c);
			p->checkin = NULL;
			return PLAIN_DONE;
		}
	}
	app_checkin_free(c);
	p->checkin = NULL;
	if (timeout) {
		plain_say(p, "Saved. Stopping when it got too much was a caring thing to do.");
		plain_say(p, "Tonight pauses your streaks like a rest night: nothing is lost. Give "
		          "yourselves time apart to settle, and come back to it when you are both "
		          "calm, or at your weekly talk.");
	} else if (counted) {
		plain_say(p, "Saved.");
		if (app_streaks(p->app) && app_stats(p->app, time(NULL), &st) == TEND_OK)
			plain_say(p, "%d %s in a row.", st.nightly.current,
			          st.nightly.current == 1 ? "night" : "nights");
	} else {
		plain_say(p, "Saved. A short evening together still matters: what you said is "
		          "kept. (A night adds to your streaks when about two thirds of the plan "
		          "ran.)");
	}
	plain_say(p, "Thank you both. Sleep well.");
	return PLAIN_DONE;
}

enum plain_res plain_checkin(struct plain *p, bool resume, const char *plan, int64_t topic,
                             const char *topic_text)
{
	struct app_checkin *c = NULL;
	enum tend_status st;
	enum plain_res r = PLAIN_DONE;
	char err[300] = "";
	int64_t now = app_mono_ms();

	if (resume)
		st = app_checkin_resume(p->app, time(NULL), now, &c, err, sizeof(err));
	else
		st = app_checkin_begin(p->app, plan, topic, time(NULL), now, &c, err, sizeof(err));
	if (st != TEND_OK) {
		plain_say(p, "The check-in could not start: %s", err[0] ? err : tend_strerror(st));
		return PLAIN_DONE;
	}
	p->checkin = c;
	while (r == PLAIN_DONE && p->checkin) {
		switch (c->phase) {
		case APP_PHASE_TIMER:
			r = timer_run(p, c, topic_text);
			if (r == PLAIN_STOP) /* a time-out: saved as it stands */
				return finish(p, c);
			break;
		case APP_PHASE_REFLECT:
		case APP_PHASE_REFLECT_SECOND:
			r = reflect_run(p, c);
			break;
		case APP_PHASE_NOTE:
			r = note_run(p, c);
			break;
		case APP_PHASE_PILLARS:
		default:
			r = pillars_run(p, c);
			if (r == PLAIN_DONE)
				return finish(p, c);
			break;
		}
	}
	return r;
}
