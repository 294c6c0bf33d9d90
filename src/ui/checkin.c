/* checkin.c: a check-in on screen. The timer (whose turn it is, by name,
 * and the time left in big digits), then each partner's private
 * reflections and the shared note (reflect.c), the pillars practised, and
 * the save.
 *
 * The timer never polls: the loop sleeps until turn_wait_ms() says the
 * display changes (once a second while running, never while paused). The
 * phase is kept in c->phase and saved as it changes, so an interrupted
 * check-in comes back where it stopped. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tend/utf8.h"
#include "ui_internal.h"

#define BANNER_MS 4000 /* how long "Now: <name> speaks" stays lit */
/* The banner's end falls this much before the turn's fourth second, so
 * that second's frame takes it down (no wakeup of its own). */
#define BANNER_EARLY_MS 20
#define FLASH_MS 150   /* the visual bell: the screen in reverse video */
#define CUE_MS 15000   /* "finish your thought" this long before the floor passes */
#define CUE_MIN_STEP 30 /* on steps at least this many seconds long */
#define PARK_MAX 300   /* bytes of a parked topic */

/* What the timer screen shows besides the turn itself. */
struct timer_view {
	int64_t banner_until; /* monotonic ms; the banner shows before it */
	int64_t flash_until;  /* monotonic ms; the screen is reversed before it */
	bool floor_new;       /* the floor changed since the last frame */
	int banner_who;       /* the new speaker, or TURN_BOTH */
	bool help;            /* the help box is open */
	bool ask_end;         /* "End now?" is asked */
	bool timeout;         /* the time-out guidance is open (paused) */
	bool save;            /* a step changed: save once the screen shows it */
	const char *topic;    /* tonight's parked topic (guarded), or NULL */
};

static const char timer_help[] =
	"space  pause, or carry on after a pause\n"
	"t      time-out: stop for a while when it gets heated\n"
	"p      park a topic for the weekly talk (while speaking or mirroring)\n"
	"n      end this turn now and go to the next\n"
	"+      one more minute for this turn\n"
	"1, 2   on the first step: each of you says you are here\n"
	"y, a   after a mirror that asks: \"you got it\", or another go\n"
	"q      end the check-in (what you did is kept)\n"
	"L      lock a passphrase typed earlier\n"
	"\n"
	"The listener reads the card aloud to the speaker. Fifteen seconds before "
	"the turn passes, a quiet \"finish your thought\" shows; then the new "
	"speaker's name lights up at the top.\n"
	"\n"
	"A time-out is always allowed, and it never costs a streak.";

static const char timeout_text[] =
	"Taking a break is a good move, not a failure. When a talk gets heated, "
	"our bodies fill with stress and nobody can listen well.\n\n"
	"Spend about twenty minutes apart doing something soothing: a walk, a "
	"shower, music, slow breathing. Try not to rehearse the argument in your "
	"head.\n\n"
	"Then come back and carry on, or stop for tonight and park the topic for "
	"your weekly talk. Stopping here pauses your streaks like a rest night.";

/* The name of partner `p`, or "both of you" for TURN_BOTH. */
static const char *who_name(const struct ui *u, int p)
{
	return p == TURN_BOTH ? "both of you" : app_name(u->app, p);
}

/* Rings and flashes as the couple asked, and lights the banner: all of it
 * in the new turn's first frame. The flash is that frame in reverse video
 * until FLASH_MS later (or the bell, on a terminal that has no reverse). */
static void floor_changed(struct ui *u, struct app_checkin *c, struct timer_view *tv,
                          int64_t now)
{
	(void)app_settings_refresh(u->app); /* `tend set bell off` meanwhile */
	if (app_bell(u->app))
		u->bell_due = true;
	if (app_flash(u->app)) {
		if (termattrs() & A_REVERSE)
			tv->flash_until = now + FLASH_MS;
		else
			u->bell_due = true;
	}
	tv->banner_until = now + BANNER_MS - BANNER_EARLY_MS;
	tv->banner_who = turn_speaker(&c->turn);
	tv->floor_new = true;
}

/* Acts on TURN_EV_* bits from the timer; a new step is saved after the
 * next drawing (tv->save). */
static void timer_events(struct ui *u, struct app_checkin *c, struct timer_view *tv,
                         unsigned ev, int64_t now)
{
	if ((ev & TURN_EV_FLOOR) && !c->turn.done)
		floor_changed(u, c, tv, now);
	if (ev & (TURN_EV_STEP | TURN_EV_DONE))
		tv->save = true;
}

/* "Zoë speaks · Łukasz listens", centred, each name in its role. */
static void draw_who(struct ui *u, const struct turn *t, int y, struct ui_rect c)
{
	int s = turn_speaker(t), l = turn_listener(t);
	char a[APP_MAX_NAME + 16], b[APP_MAX_NAME + 16], sep[8];
	int w, x;

	if (s == TURN_BOTH) {
		ui_put_center(u, y, c.x, c.w, "Together", ui_attr(u, UI_SPEAKER));
		return;
	}
	snprintf(a, sizeof(a), "%s speaks", app_name(u->app, s));
	snprintf(b, sizeof(b), "%s listens", app_name(u->app, l));
	snprintf(sep, sizeof(sep), " %s ", ui_dot(u));
	w = utf8_width(a, strlen(a)) + utf8_width(sep, strlen(sep)) + utf8_width(b, strlen(b));
	x = c.x + (w < c.w ? (c.w - w) / 2 : 0);
	x += ui_put(u, y, x, a, (size_t)-1, c.x + c.w - x, ui_attr(u, UI_SPEAKER));
	x += ui_put(u, y, x, sep, (size_t)-1, c.x + c.w - x, A_NORMAL);
	ui_put(u, y, x, b, (size_t)-1, c.x + c.w - x, ui_attr(u, UI_LISTENER));
}

/* "Now: Łukasz speaks", lit, across the row. */
static void draw_banner(struct ui *u, int who, int y, struct ui_rect c)
{
	char line[APP_MAX_NAME + 32];
	attr_t a = ui_attr(u, UI_BANNER);

	if (who == TURN_BOTH)
		snprintf(line, sizeof(line), "Now: together");
	else
		snprintf(line, sizeof(line), "Now: %s speaks", app_name(u->app, who));
	attrset(a);
	mvhline(y, c.x, ' ', c.w);
	attrset(A_NORMAL);
	ui_put_center(u, y, c.x, c.w, line, a);
}

/* The session bar: where in the session the couple is, of its length now
 * (the plan's, and every minute added: what the history keeps). */
static void draw_bar(struct ui *u, const struct turn *t, int64_t now, int y, struct ui_rect c)
{
	int64_t total = turn_total_ms(t), pos = turn_position_ms(t, now);
	char tail[48], a[16], b[16];
	int bw, fill;

	ui_clock((int)(pos / 1000), a, sizeof(a));
	ui_clock((int)(total / 1000), b, sizeof(b));
	snprintf(tail, sizeof(tail), " %s of %s", a, b);
	bw = c.w - 2 - (int)strlen(tail);
	if (bw < 4) {
		ui_put_center(u, y, c.x, c.w, tail + 1, ui_attr(u, UI_MUTED));
		return;
	}
	fill = total > 0 ? (int)(pos * bw / total) : 0;
	if (fill > bw)
		fill = bw;
	mvaddch(y, c.x, '[');
	attrset(ui_attr(u, UI_ACCENT));
	mvhline(y, c.x + 1, '=', fill);
	attrset(ui_attr(u, UI_MUTED));
	mvhline(y, c.x + 1 + fill, '-', bw - fill);
	attrset(A_NORMAL);
	mvaddch(y, c.x + 1 + bw, ']');
	ui_put(u, y, c.x + 2 + bw, tail, (size_t)-1, (int)strlen(tail), ui_attr(u, UI_MUTED));
}

/* The arrive step: each name with its key and whether they are here. A
 * person's key is theirs for good (1 for the partner set up first), as on
 * every screen that asks who, whoever opens tonight. */
static void draw_arrive(struct ui *u, const struct turn *t, int y, struct ui_rect c)
{
	for (int p = 0; p < 2; p++) {
		bool here = turn_partner_here(t, p);
		char line[APP_MAX_NAME + 48];

		if (here)
			snprintf(line, sizeof(line), "[x] %s is here", app_name(u->app, p));
		else
			snprintf(line, sizeof(line), "[ ] %s: press %d when you are here",
			         app_name(u->app, p), p + 1);
		ui_put_center(u, y + p, c.x, c.w, line, here ? ui_attr(u, UI_OK) : A_BOLD);
	}
}

/* The line above a card: the listener reads it aloud to the speaker, so
 * each sees whose words are asked for ("Noor, read this to Sam:"). */
static void card_heading(struct ui *u, const struct app_checkin *c, const struct turn *t,
                         bool topic, char *buf, size_t size)
{
	int sp = turn_speaker(t), li = turn_listener(t);
	int p = c->step_pillar[t->step];

	if (topic)
		snprintf(buf, size, "Tonight's topic, parked for this talk:");
	else if (sp == TURN_BOTH)
		snprintf(buf, size, "One of you, read this aloud:");
	else if (p >= 0 && p < PILLAR_COUNT)
		snprintf(buf, size, "%s, read this to %s (%s):", who_name(u, li), who_name(u, sp),
		         pillar_name(p));
	else
		snprintf(buf, size, "%s, read this to %s:", who_name(u, li), who_name(u, sp));
}

/* Draws the timer screen at `now`. */
static void timer_draw(struct ui *u, const struct app_checkin *c, const struct timer_view *tv,
                       int64_t now)
{
	const struct turn *t = &c->turn;
	const struct plan_step *s = turn_step(t);
	const struct prompt_card *card = s && !t->done ? c->card[t->step] : NULL;
	bool arrive = s && s->kind == PLAN_ARRIVE;
	bool gate = turn_at_gate(t, now);
	bool topic = s && s->card == PLAN_CARD_TOPIC && c->topic != 0;
	const char *card_text = topic ? (tv->topic ? tv->topic : "The topic you chose for "
	                                 "tonight. Its words stay locked after an "
	                                 "interruption: say it again in your own.")
	                        : card ? card->text : NULL;
	int64_t passes = turn_floor_passes_ms(t, now);
	char n1[APP_MAX_NAME + 16], n2[APP_MAX_NAME + 16], right[48], clock[16], head[160];
	const char *keys[24];
	struct ui_timer_layout l;
	struct ui_rect c2, tx;
	int k = 0, y, instr_need, card_need, extra;

	if (!s)
		return;
	if (arrive) {
		snprintf(n1, sizeof(n1), "%s is here", app_name(u->app, 0));
		snprintf(n2, sizeof(n2), "%s is here", app_name(u->app, 1));
		keys[k++] = "1";
		keys[k++] = n1;
		keys[k++] = "2";
		keys[k++] = n2;
	}
	if (gate) {
		keys[k++] = "y";
		keys[k++] = "you got it";
		keys[k++] = "a";
		keys[k++] = "another go";
	}
	keys[k++] = "space";
	keys[k++] = t->paused ? "carry on" : "pause";
	keys[k++] = "t";
	keys[k++] = "time-out";
	if (s->kind == PLAN_SPEAK || s->kind == PLAN_MIRROR) {
		keys[k++] = "p";
		keys[k++] = "park a topic";
	}
	keys[k++] = "n";
	keys[k++] = "end this turn";
	keys[k++] = "+";
	keys[k++] = "add a minute";
	keys[k++] = "?";
	keys[k++] = "help";
	keys[k++] = "q";
	keys[k++] = "end";
	keys[k] = NULL;
	snprintf(right, sizeof(right), "turn %zu of %zu", t->step + 1, t->plan->nsteps);
	if (!ui_frame(u, t->plan->title, right, keys, UI_MIN_W, UI_MIN_H, &c2)) {
		ui_show(u);
		return;
	}
	ui_clock(turn_left_display(t, now), clock, sizeof(clock));
	/* The words run in a column of a readable width in the middle. */
	tx = c2;
	if (tx.w > UI_TEXT_W_MAX + 6) {
		tx.x += (tx.w - UI_TEXT_W_MAX - 6) / 2;
		tx.w = UI_TEXT_W_MAX + 6;
	}
	instr_need = ui_wrap_rows(s->instruction, strlen(s->instruction), tx.w - 4);
	card_need = card_text ? ui_wrap_rows(card_text, strlen(card_text), tx.w - 6) : 0;
	l = ui_timer_layout(c2, instr_need, card_need, arrive, card_text != NULL, clock);
	/* Centred in the rows above the session bar, which keeps the last. */
	extra = c2.h - l.total;
	y = c2.y + (extra > 0 ? (extra + l.gap) / 2 : 0);

	if (tv->banner_until > now)
		draw_banner(u, tv->banner_who, y, c2);
	else
		draw_who(u, t, y, c2);
	y += 1 + l.gap;
	if (arrive) {
		/* Which evening tonight is, said once at its start. */
		snprintf(head, sizeof(head), "%s %s %s", t->plan->title, ui_dot(u),
		         plan_kind_label(s->kind));
		ui_put_center(u, y, c2.x, c2.w, head, A_BOLD);
	} else {
		ui_put_center(u, y, c2.x, c2.w, plan_kind_label(s->kind), A_BOLD);
	}
	y++;
	if (l.instr > 0)
		ui_wrap(u, (struct ui_rect){ y, tx.x + 2, l.instr, tx.w - 4 }, s->instruction,
		        strlen(s->instruction), 0, A_NORMAL, true);
	y += l.instr + l.gap;
	if (l.scale) {
		ui_big(u, y, c2.x + (c2.w - ui_big_width(clock, l.scale)) / 2, clock, l.scale,
		       t->paused ? ui_attr(u, UI_MUTED) : ui_attr(u, UI_ACCENT));
		y += UI_BIG_ROWS * l.scale;
	} else {
		snprintf(head, sizeof(head), "%s left", clock);
		ui_put_center(u, y, c2.x, c2.w, head, ui_attr(u, UI_ACCENT));
		y++;
	}
	if (t->paused) {
		ui_put_center(u, y, c2.x, c2.w, " Paused - press space to carry on ",
		              A_REVERSE | A_BOLD);
	} else if (gate) {
		snprintf(head, sizeof(head), "%s: did %s get it?  y: you got it  a: another go",
		         who_name(u, turn_listener(t)), who_name(u, turn_speaker(t)));
		ui_put_center(u, y, c2.x, c2.w, head, A_BOLD);
	} else if (turn_waiting(t, now)) {
		ui_put_center(u, y, c2.x, c2.w, "Waiting for both of you", A_BOLD);
	} else if (passes >= 0 && passes <= CUE_MS && s->seconds >= CUE_MIN_STEP) {
		/* Quiet and visual: no bell, the speaker is mid-sentence. */
		ui_put_center(u, y, c2.x, c2.w, "finish your thought", ui_attr(u, UI_MUTED));
	}
	y += 1 + l.gap;
	if (arrive) {
		draw_arrive(u, t, y, c2);
		y += 2 + l.gap;
	} else if (card_text && l.card > 0) {
		card_heading(u, c, t, topic, head, sizeof(head));
		ui_put(u, y, tx.x + 2, head, (size_t)-1, tx.w - 4, ui_attr(u, UI_MUTED));
		ui_wrap(u, (struct ui_rect){ y + 1, tx.x + 4, l.card, tx.w - 6 }, card_text,
		        strlen(card_text), 0, A_NORMAL, false);
		y += 1 + l.card + l.gap;
	}
	if (y < c2.y + c2.h - 1)
		y = c2.y + c2.h - 1;
	draw_bar(u, t, now, y, c2);
	if (tv->help)
		ui_popup(u, "Keys during the check-in", timer_help, "any key: close");
	else if (tv->timeout)
		ui_popup(u, "Time-out", timeout_text,
		         "[space] carry on   [s] stop for tonight (park the topic)");
	else if (tv->ask_end)
		ui_popup(u, "End the check-in", "End now? What you've done is kept. [y/n]",
		         "[y] yes, end it   [n] no, carry on");
	if (now < tv->flash_until)
		ui_invert();
	ui_show(u);
}

/* For `make bench` only (TEND_TIMING_FD): after a new second reached the
 * screen, writes how many microseconds after its monotonic boundary that
 * was. Numbers only; never anything typed. */
static void timing_note(struct ui *u, const struct turn *t, int64_t now, bool floor)
{
	char line[40];
	int shown, n;
	int64_t boundary_us;

	if (u->timing_fd < 0 || t->paused || turn_waiting(t, now) || t->done)
		return;
	shown = turn_left_display(t, now);
	if (shown == u->timing_last)
		return;
	u->timing_last = shown;
	boundary_us = (t->deadline - (int64_t)shown * 1000) * 1000;
	/* "floor": the first second of a new turn */
	n = snprintf(line, sizeof(line), "%lld%s\n", (long long)(app_mono_us() - boundary_us),
	             floor ? " floor" : "");
	if (write(u->timing_fd, line, (size_t)n) < 0)
		u->timing_fd = -1;
}

/* [p], or stopping at a time-out: one line, sealed to both at once. The
 * timer keeps running behind it. UI_DONE (parked, or nothing typed), UI_CANCEL
 * (Esc: back), or UI_QUIT. */
static enum ui_result park_topic(struct ui *u, struct app_checkin *c, const char *body)
{
	char *mem = app_secure_alloc(PARK_MAX + 1);
	struct ui_prompt pr = { .title = "Park a topic", .body = body, .label = "Topic:",
	                        .enter = "park it", .esc = "back" };
	struct textbuf tb;
	enum ui_result r;
	enum tend_status st;

	if (!mem) {
		ui_say(u, "There is no memory left to park a topic.");
		return UI_DONE;
	}
	textbuf_init(&tb, mem, PARK_MAX + 1);
	r = ui_prompt_line(u, &pr, &tb);
	if (r == UI_DONE && tb.len > 0) {
		st = app_checkin_park(c, tb.buf, tb.len, time(NULL));
		if (st == TEND_OK)
			ui_news(u, "Parked for your weekly talk. Sealed for you both.");
		else
			ui_say(u, "Could not park it: %s.", tend_strerror(st));
	}
	textbuf_wipe(&tb);
	app_secure_free(mem);
	return r == UI_QUIT || r == UI_CANCEL ? r : UI_DONE;
}

static const char park_body[] =
	"A topic that needs more room than tonight: a few words to find it again "
	"at your weekly talk. The timer keeps running.";
static const char park_stop_body[] =
	"Stopping for tonight is fine. If there is a topic to come back to when you "
	"are both calm, write a few words for your weekly talk; or leave it empty.";

/* The timer, until the plan runs out or the couple ends it. UI_CANCEL when
 * they stopped at a time-out. */
static enum ui_result timer_run(struct ui *u, struct app_checkin *c, const char *topic)
{
	struct turn *t = &c->turn;
	struct timer_view tv = { .banner_who = TURN_BOTH, .topic = topic };

	for (;;) {
		int64_t now = app_mono_ms(), wait, deadline;
		struct ui_ev ev;

		timer_events(u, c, &tv, turn_update(t, now), now);
		if (t->done)
			break;
		timer_draw(u, c, &tv, now);
		timing_note(u, t, now, tv.floor_new);
		tv.floor_new = false;
		if (tv.save) {
			/* After drawing: the new turn shows at once, the disk after.
			 * Then nothing the turn does not use is kept: the database's
			 * statements and pages, the stack of starting up. */
			ui_checkin_save(u);
			ui_release_memory(u);
			tv.save = false;
		}
		wait = turn_wait_ms(t, now);
		deadline = wait >= 0 ? now + wait : -1;
		/* While the clock runs, the banner ends with the frame of one of
		 * its seconds, not a wakeup of its own; the flash between two. */
		if (tv.banner_until > now &&
		    (deadline < 0 || tv.banner_until < deadline - BANNER_EARLY_MS - 30))
			deadline = tv.banner_until;
		if (tv.flash_until > now && (deadline < 0 || tv.flash_until < deadline))
			deadline = tv.flash_until;
		ev = ui_next(u, deadline, 0);
		if (ev.kind == UI_EV_QUIT)
			return UI_QUIT;
		if (ev.kind != UI_EV_KEY)
			continue;
		now = app_mono_ms();
		timer_events(u, c, &tv, turn_update(t, now), now);
		if (t->done)
			break;
		if (tv.help) {
			tv.help = false;
			continue;
		}
		if (tv.timeout) {
			if (ev.key == ' ' || ev.key == UI_ESC) {
				tv.timeout = false;
				if (t->paused)
					turn_toggle_pause(t, now);
				ui_checkin_save(u);
			} else if (ev.key == 's' || ev.key == 'S') {
				enum ui_result r = park_topic(u, c, park_stop_body);

				if (r == UI_QUIT)
					return UI_QUIT;
				if (r == UI_CANCEL)
					continue; /* back to the time-out: nothing stopped */
				app_checkin_timeout(c, app_mono_ms());
				return UI_CANCEL;
			}
			continue;
		}
		if (tv.ask_end) {
			if (ev.key == 'y' || ev.key == 'Y') {
				turn_end(t, now);
				break;
			}
			if (ev.key == 'n' || ev.key == 'N' || ev.key == UI_ESC)
				tv.ask_end = false;
			continue;
		}
		switch (ev.key) {
		case ' ':
			turn_toggle_pause(t, now);
			ui_checkin_save(u);
			break;
		case 'n':
		case UI_K(KEY_RIGHT):
			timer_events(u, c, &tv, turn_skip(t, now), now);
			break;
		case '+':
		case '=':
			turn_extend(t, now, 60);
			break;
		case '1':
		case '2':
			timer_events(u, c, &tv, turn_confirm_partner(t, ev.key - '1', now), now);
			break;
		case 't':
		case 'T':
			if (!t->paused)
				turn_toggle_pause(t, now);
			tv.timeout = true;
			ui_checkin_save(u);
			break;
		case 'p':
		case 'P':
			if (turn_step(t)->kind == PLAN_SPEAK || turn_step(t)->kind == PLAN_MIRROR) {
				if (park_topic(u, c, park_body) == UI_QUIT)
					return UI_QUIT;
			}
			break;
		case 'y':
		case 'Y':
			if (turn_step(t)->gate)
				timer_events(u, c, &tv, turn_gate_ok(t, now), now);
			break;
		case 'a':
		case 'A':
			if (turn_at_gate(t, now))
				turn_gate_again(t, now);
			break;
		case '?':
		case UI_K(KEY_F(1)):
			tv.help = true;
			break;
		case 'q':
		case UI_ESC:
			tv.ask_end = true;
			break;
		default:
			break;
		}
		if (t->done)
			break;
	}
	c->phase = APP_PHASE_REFLECT;
	ui_checkin_save(u);
	return UI_DONE;
}

/* What each pillar means, in a few words. */
static const char *const pillar_about[PILLAR_COUNT] = {
	"showing what is tender or unsure",
	"hearing fully before answering",
	"feeling with your partner, not fixing",
	"saying out loud the good you see",
	"making moments and memories together",
};

/* Ticks the pillars practised; UI_DONE on Enter. */
static enum ui_result pillars_run(struct ui *u, struct app_checkin *c)
{
	static const char *const keys[] = { "1-5", "tick", "space", "tick", "Up/Down", "move",
	                                    "Enter", "save the check-in", NULL };
	int sel = 0;

	for (;;) {
		struct ui_rect r;
		struct ui_ev ev;

		if (ui_frame(u, "Pillars", NULL, keys, UI_MIN_W, UI_MIN_H, &r)) {
			int y = r.y + 1;

			y += ui_wrap(u, (struct ui_rect){ y, r.x + 1, 2, r.w - 2 },
			             "Which of these felt alive tonight? Tick any that did, or "
			             "none; either is fine.", (size_t)-1, 0, A_NORMAL, false);
			y++;
			for (int p = 0; p < PILLAR_COUNT && y < r.y + r.h; p++, y++) {
				char line[160];
				bool on = c->pillars & (1u << p);

				snprintf(line, sizeof(line), "[%c] %d %s", on ? 'x' : ' ', p + 1,
				         pillar_name(p));
				ui_put(u, y, r.x + 2, line, (size_t)-1, r.w - 3,
				       p == sel ? A_REVERSE : on ? A_BOLD : A_NORMAL);
				if (r.w > 60) {
					snprintf(line, sizeof(line), "- %s", pillar_about[p]);
					ui_put(u, y, r.x + 32, line, (size_t)-1, r.w - 33, ui_attr(u, UI_MUTED));
				}
			}
		}
		ui_show(u);
		ev = ui_next(u, -1, 0);
		if (ev.kind == UI_EV_QUIT)
			return UI_QUIT;
		if (ev.kind != UI_EV_KEY)
			continue;
		if (ev.key >= '1' && ev.key < '1' + PILLAR_COUNT) {
			sel = ev.key - '1';
			c->pillars ^= 1u << sel;
		} else if (ev.key == ' ') {
			c->pillars ^= 1u << sel;
		} else if (ev.key == UI_K(KEY_UP) || ev.key == 'k') {
			sel = (sel + PILLAR_COUNT - 1) % PILLAR_COUNT;
		} else if (ev.key == UI_K(KEY_DOWN) || ev.key == 'j') {
			sel = (sel + 1) % PILLAR_COUNT;
		} else if (ui_is_enter(ev.key) || ev.key == UI_CTRL('d')) {
			return UI_DONE;
		}
	}
}

/* Saves the check-in for good and says so kindly; the last word is a
 * thank-you, never a number. */
static enum ui_result finish(struct ui *u, struct app_checkin *c)
{
	int64_t now = app_mono_ms();
	bool counted = turn_counts(&c->turn, now);
	bool timeout = c->ended == APP_ENDED_TIMEOUT;
	struct app_stats st;
	enum tend_status s;
	char text[600], streak[160] = "";

	for (;;) {
		bool again;
		enum ui_result r;

		s = app_checkin_finish(c, now);
		if (s == TEND_OK)
			break;
		snprintf(text, sizeof(text),
		         "The check-in could not be saved: %s.\n\nTry again? (If not, it is "
		         "kept as unfinished, and tend offers to finish it next time.)",
		         tend_strerror(s));
		r = ui_confirm(u, "Saving", text, &again);
		if (r != UI_DONE)
			return r;
		if (!again) {
			ui_checkin_save(u);
			app_checkin_free(c);
			u->checkin = NULL;
			return UI_DONE;
		}
	}
	app_checkin_free(c);
	u->checkin = NULL;
	u->text_dirty = false;
	if (app_streaks(u->app) && app_stats(u->app, time(NULL), &st) == TEND_OK && counted)
		snprintf(streak, sizeof(streak), "\n\n%d %s in a row.", st.nightly.current,
		         st.nightly.current == 1 ? "night" : "nights");
	if (timeout)
		snprintf(text, sizeof(text),
		         "Saved. Stopping when it got too much was a caring thing to do.\n\n"
		         "Tonight pauses your streaks like a rest night: nothing is lost. Give "
		         "yourselves time apart to settle, and come back to it when you are "
		         "both calm, or at your weekly talk.\n\nThank you both. Sleep well.");
	else if (counted)
		snprintf(text, sizeof(text), "Saved.%s\n\nThank you both. Sleep well.", streak);
	else
		snprintf(text, sizeof(text),
		         "Saved. A short evening together still matters: what you said is "
		         "kept. (A night adds to your streaks when about two thirds of the plan "
		         "ran.)\n\nThank you both. Sleep well.");
	return ui_notice(u, "Saved", text);
}

enum ui_result ui_checkin(struct ui *u, bool resume, const char *plan, int64_t topic,
                          const char *topic_text)
{
	struct app_checkin *c = NULL;
	enum tend_status st;
	enum ui_result r = UI_DONE;
	char err[300] = "", text[400];
	int64_t now = app_mono_ms();

	if (resume)
		st = app_checkin_resume(u->app, time(NULL), now, &c, err, sizeof(err));
	else
		st = app_checkin_begin(u->app, plan, topic, time(NULL), now, &c, err, sizeof(err));
	if (st != TEND_OK) {
		snprintf(text, sizeof(text), "The check-in could not start.\n\n%s",
		         err[0] ? err : tend_strerror(st));
		return ui_notice(u, "Check-in", text);
	}
	u->checkin = c;
	u->text_dirty = false;
	u->save_try_ms = now;
	while (r == UI_DONE && u->checkin) {
		switch (c->phase) {
		case APP_PHASE_TIMER:
			r = timer_run(u, c, topic_text);
			if (r == UI_CANCEL) /* a time-out: saved as it stands */
				return finish(u, c);
			break;
		case APP_PHASE_REFLECT:
		case APP_PHASE_REFLECT_SECOND:
			r = ui_reflect(u, c);
			break;
		case APP_PHASE_NOTE:
			r = ui_note(u, c);
			break;
		case APP_PHASE_PILLARS:
		default:
			r = pillars_run(u, c);
			if (r == UI_DONE)
				return finish(u, c);
			break;
		}
	}
	return r;
}
