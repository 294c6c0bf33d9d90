/* turn.c: the turn-taking state machine of a check-in (see turn.h).
 *
 * Invariant: the time a step has counted so far is always
 * step_len - (time left in it), because pausing moves the deadline and
 * extending adds the same amount to both the length and the time left. So
 * no start time is kept, and a finished step adds exactly that to `ran`
 * (at most its length: the wait of an arrive step at 0:00 never counts).
 *
 * Choices the header leaves open:
 * - Skipping (and an arrive step confirmed by both) while paused resumes: the
 *   next step starts running at `now`. A couple who press 'n' want to move
 *   on, and a paused screen showing a fresh, untouched timer is confusing.
 * - Extending while paused stays paused (the time is added to what is left);
 *   extending an arrive step waiting at 0:00 starts it counting down again.
 * - turn_waiting() is false while paused: "paused" is what the couple chose
 *   and what the screen should say.
 * - A step whose deadline passed before turn_update() saw it (the caller
 *   did not update first) counts at most its length, and a key acting on
 *   it works from `now`. turn_wait_ms() returns 0 for it: update at once. */
#include <stddef.h>

#include "tend/turn.h"

/* Longest time a step may grow to by extensions, and the bound for every
 * saved time restored from disk (a week: anything bigger is damage). */
#define TURN_LIMIT_MS ((int64_t)7 * 24 * 60 * 60 * 1000)

/* The planned length of step `i` in ms (0 for a nonsense length). */
static int64_t step_ms(const struct plan *plan, size_t i)
{
	int s = plan->steps[i].seconds;

	return s > 0 ? (int64_t)s * 1000 : 0;
}

/* True when the current step exists and is an arrive step. */
static bool on_arrive(const struct turn *t)
{
	return !t->done && t->plan->steps[t->step].kind == PLAN_ARRIVE;
}

/* True when the current step is a gated mirror not yet confirmed. */
static bool on_gate(const struct turn *t)
{
	return !t->done && t->plan->steps[t->step].gate && t->confirmed != 3u;
}

/* True when the step holds at 0:00 until someone presses a key. */
static bool holds(const struct turn *t)
{
	return (on_arrive(t) && t->confirmed != 3u) || on_gate(t);
}

/* Moves what was added to the current step to the steps before it, as it
 * ends. */
static void fold_added(struct turn *t)
{
	t->added += t->step_added;
	t->step_added = 0;
}

/* Marks the session over by the plan running out. */
static void set_done(struct turn *t)
{
	fold_added(t);
	t->done = true;
	t->paused = false;
	t->step = t->plan ? t->plan->nsteps : 0;
	t->step_len = 0;
	t->left = 0;
	t->confirmed = 0;
}

/* Begins step `i` at `start`, running; or ends the session when `i` is past
 * the plan. Returns TURN_EV_STEP or TURN_EV_DONE. */
static unsigned begin_step(struct turn *t, size_t i, int64_t start)
{
	fold_added(t);
	if (i >= t->plan->nsteps) {
		set_done(t);
		return TURN_EV_DONE;
	}
	t->step = i;
	t->step_len = step_ms(t->plan, i);
	t->deadline = start + t->step_len;
	t->left = 0;
	t->confirmed = 0;
	t->paused = false;
	return TURN_EV_STEP;
}

/* Adds the floor-change bit to `ev` when a step began and its speaker is
 * not `before`, the speaker when the calling function was entered. */
static unsigned with_floor(const struct turn *t, unsigned ev, int before)
{
	if ((ev & TURN_EV_STEP) && !t->done && turn_speaker(t) != before)
		ev |= TURN_EV_FLOOR;
	return ev;
}

/* Ends the current step at `now`, counting the time it ran, and starts the
 * next one running at `now`. Returns TURN_EV_* bits. */
static unsigned end_step_now(struct turn *t, int64_t now)
{
	int before = turn_speaker(t);

	t->ran += t->step_len - turn_left_ms(t, now);
	return with_floor(t, begin_step(t, t->step + 1, now), before);
}

void turn_start(struct turn *t, const struct plan *plan, int first, int64_t now)
{
	*t = (struct turn){ .plan = plan, .first = first == 1 ? 1 : 0 };
	if (!plan || plan->nsteps == 0 || !plan->steps) {
		set_done(t);
		return;
	}
	begin_step(t, 0, now);
}

/* Clamps `v` to [lo, hi]. */
static int64_t clamp64(int64_t v, int64_t lo, int64_t hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

void turn_restore(struct turn *t, const struct plan *plan, int first,
                  const struct turn_progress *p, int64_t now)
{
	int64_t planned, most;

	turn_start(t, plan, first, now);
	if (t->done)
		return;
	t->ran = clamp64(p->ran_ms, 0, TURN_LIMIT_MS);
	if (p->step >= 0 && (size_t)p->step >= plan->nsteps) {
		t->added = clamp64(p->added_ms, 0, TURN_LIMIT_MS);
		set_done(t); /* it had ended by the plan */
		return;
	}
	/* A negative step is damage: carry on from the first. */
	t->step = p->step < 0 ? 0 : (size_t)p->step;
	planned = step_ms(plan, t->step);
	most = planned > TURN_LIMIT_MS ? planned : TURN_LIMIT_MS;
	t->step_len = clamp64(p->step_len_ms, planned, most);
	t->left = clamp64(p->step_left_ms, 0, t->step_len);
	t->confirmed = on_arrive(t) || t->plan->steps[t->step].gate ? (p->confirmed & 3u) : 0;
	t->added = clamp64(p->added_ms, 0, TURN_LIMIT_MS);
	t->step_added = clamp64(t->step_len - planned, 0, t->added);
	t->added -= t->step_added;
	t->deadline = now + t->left;
	t->paused = true;
}

unsigned turn_update(struct turn *t, int64_t now)
{
	int before;
	unsigned ev = 0;

	if (t->done || t->paused)
		return 0;
	before = turn_speaker(t);
	while (!t->done && t->deadline <= now) {
		if (holds(t))
			break; /* waits at 0:00 for both, or for the speaker */
		/* It ran to its deadline, so it counts whole. */
		t->ran += t->step_len;
		ev |= begin_step(t, t->step + 1, t->deadline);
	}
	return with_floor(t, ev, before);
}

void turn_toggle_pause(struct turn *t, int64_t now)
{
	if (t->done)
		return;
	if (t->paused) {
		t->deadline = now + t->left;
		t->paused = false;
	} else {
		t->left = turn_left_ms(t, now);
		t->paused = true;
	}
}

unsigned turn_skip(struct turn *t, int64_t now)
{
	int64_t left;

	if (t->done)
		return 0;
	left = turn_left_ms(t, now);
	if (on_gate(t) && left > 0) {
		/* To the speaker's "you got it", counting what ran. */
		t->step_len -= left;
		t->left = 0;
		t->deadline = now;
		t->paused = false;
		return 0;
	}
	return end_step_now(t, now);
}

unsigned turn_gate_ok(struct turn *t, int64_t now)
{
	if (!on_gate(t))
		return 0;
	t->confirmed = 3u;
	return end_step_now(t, now);
}

void turn_gate_again(struct turn *t, int64_t now)
{
	if (on_gate(t) && turn_left_ms(t, now) == 0)
		turn_extend(t, now, PLAN_GATE_AGAIN_SECONDS);
}

bool turn_at_gate(const struct turn *t, int64_t now)
{
	return on_gate(t) && !t->paused && t->deadline <= now;
}

int64_t turn_floor_passes_ms(const struct turn *t, int64_t now)
{
	int s, next;
	const struct plan_step *n;

	if (t->done || on_gate(t) || on_arrive(t) || t->step + 1 >= t->plan->nsteps)
		return -1;
	n = &t->plan->steps[t->step + 1];
	s = turn_speaker(t);
	next = n->floor == PLAN_FLOOR_A ? t->first : n->floor == PLAN_FLOOR_B ? 1 - t->first
	                                                                      : TURN_BOTH;
	if (s == next || s == TURN_BOTH)
		return -1;
	return turn_left_ms(t, now);
}

void turn_extend(struct turn *t, int64_t now, int seconds)
{
	int64_t add, left;

	if (t->done || seconds <= 0)
		return;
	add = (int64_t)seconds * 1000;
	if (add > TURN_LIMIT_MS - t->step_len)
		add = TURN_LIMIT_MS - t->step_len;
	if (add <= 0)
		return;
	left = turn_left_ms(t, now);
	t->step_len += add;
	t->step_added += add;
	if (t->paused)
		t->left = left + add;
	else if (left > 0)
		t->deadline += add; /* keeps the second boundaries where they were */
	else
		t->deadline = now + add; /* waiting at 0:00: count down again */
}

unsigned turn_confirm(struct turn *t, int who, int64_t now)
{
	if (!on_arrive(t) || (who != 0 && who != 1))
		return 0;
	t->confirmed |= 1u << who;
	if (t->confirmed != 3u)
		return 0;
	return end_step_now(t, now);
}

/* A (`who` 0) is tonight's opener, t->first; B the other partner. */
static int role_of(const struct turn *t, int partner)
{
	return partner == t->first ? 0 : 1;
}

unsigned turn_confirm_partner(struct turn *t, int partner, int64_t now)
{
	if (partner != 0 && partner != 1)
		return 0;
	return turn_confirm(t, role_of(t, partner), now);
}

bool turn_partner_here(const struct turn *t, int partner)
{
	return (partner == 0 || partner == 1) && on_arrive(t) &&
	       (t->confirmed & (1u << role_of(t, partner)));
}

void turn_end(struct turn *t, int64_t now)
{
	if (t->done)
		return;
	t->ran += t->step_len - turn_left_ms(t, now);
	set_done(t);
	t->ended_early = true;
}

const struct plan_step *turn_step(const struct turn *t)
{
	return t->done ? NULL : &t->plan->steps[t->step];
}

int turn_speaker(const struct turn *t)
{
	if (t->done)
		return TURN_BOTH;
	switch (t->plan->steps[t->step].floor) {
	case PLAN_FLOOR_A:
		return t->first;
	case PLAN_FLOOR_B:
		return 1 - t->first;
	default:
		return TURN_BOTH;
	}
}

int turn_listener(const struct turn *t)
{
	int s = turn_speaker(t);

	return s == TURN_BOTH ? TURN_BOTH : 1 - s;
}

int64_t turn_left_ms(const struct turn *t, int64_t now)
{
	if (t->done)
		return 0;
	if (t->paused)
		return t->left;
	return t->deadline > now ? t->deadline - now : 0;
}

int turn_left_display(const struct turn *t, int64_t now)
{
	return (int)((turn_left_ms(t, now) + 999) / 1000);
}

int64_t turn_wait_ms(const struct turn *t, int64_t now)
{
	int64_t left;

	if (t->done || t->paused || turn_waiting(t, now))
		return -1;
	left = turn_left_ms(t, now);
	if (left == 0)
		return 0; /* its time is up: call turn_update() now */
	return left - (int64_t)(turn_left_display(t, now) - 1) * 1000;
}

bool turn_waiting(const struct turn *t, int64_t now)
{
	return holds(t) && !t->paused && t->deadline <= now;
}

int64_t turn_ran_ms(const struct turn *t, int64_t now)
{
	if (t->done)
		return t->ran;
	return t->ran + t->step_len - turn_left_ms(t, now);
}

int64_t turn_total_ms(const struct turn *t)
{
	if (!t->plan)
		return 0;
	return (int64_t)t->plan->total_seconds * 1000 + t->added + t->step_added;
}

int64_t turn_position_ms(const struct turn *t, int64_t now)
{
	int64_t pos, len, in;

	if (t->done || !t->plan)
		return turn_total_ms(t);
	pos = t->added;
	for (size_t i = 0; i < t->step; i++)
		pos += step_ms(t->plan, i);
	/* A gated mirror ended early keeps less than its length in step_len:
	 * its left is 0 then, so it stands at its end here. */
	len = step_ms(t->plan, t->step) + t->step_added;
	in = len - turn_left_ms(t, now);
	return pos + clamp64(in, 0, len);
}

bool turn_counts(const struct turn *t, int64_t now)
{
	int64_t planned;

	if (!t->plan)
		return false;
	planned = (int64_t)t->plan->total_seconds * 1000;
	return 3 * turn_ran_ms(t, now) >= 2 * planned;
}

void turn_progress_get(const struct turn *t, int64_t now, struct turn_progress *out)
{
	*out = (struct turn_progress){
		.step = (int)t->step,
		.step_left_ms = turn_left_ms(t, now),
		.step_len_ms = t->step_len,
		.ran_ms = t->ran,
		.confirmed = t->confirmed,
		.added_ms = t->added + t->step_added,
	};
}
