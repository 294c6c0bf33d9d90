/* turn.h: the turn-taking state machine of a check-in. Pure: every call takes
 * the current time as `now`, in milliseconds on a monotonic clock, so it is
 * tested without a clock and never drifts (deadlines are absolute).
 *
 * A turn is one plan step. Partner "A" is the one who opens tonight (`first`,
 * a partner index 0 or 1), "B" the other. Pausing stores the time left and
 * sets a new deadline on resume, so pauses never eat into a turn. */
#ifndef TEND_TURN_H
#define TEND_TURN_H

#include <stdbool.h>
#include <stdint.h>

#include "tend/plan.h"

#define TURN_BOTH (-1) /* turn_speaker(): both partners have the floor */

/* Events returned by the calls that can move the session on. */
#define TURN_EV_STEP  0x1u /* a new step began */
#define TURN_EV_FLOOR 0x2u /* the floor changed hands (a new speaker) */
#define TURN_EV_DONE  0x4u /* the session is over (ran out or ended) */

/* What is saved at every checkpoint and enough to carry on after a crash. */
struct turn_progress {
	int step;             /* index of the current step */
	int64_t step_left_ms; /* time left in it */
	int64_t step_len_ms;  /* its planned length plus any extensions */
	int64_t ran_ms;       /* counted running time of the steps before it */
	unsigned confirmed;   /* arrive steps: bit 0 A confirmed, bit 1 B */
	int64_t added_ms;     /* time added ('+', another go) to every step so
	                       * far, this one's included */
};

struct turn {
	const struct plan *plan; /* borrowed; outlives the turn */
	int first;            /* partner index of A tonight (0 or 1) */
	size_t step;          /* current step; == plan->nsteps when done */
	int64_t deadline;     /* running: monotonic ms at which the step ends */
	int64_t left;         /* paused or waiting: ms left in the step */
	int64_t step_len;     /* ms: this step's planned length plus extensions */
	int64_t ran;          /* ms counted from the finished steps */
	unsigned confirmed;   /* arrive steps: bit 0 A confirmed, bit 1 B */
	int64_t added;        /* ms added to the steps before this one */
	int64_t step_added;   /* ms added to this step */
	bool paused;
	bool done;
	bool ended_early;     /* done because of turn_end(), not the plan */
};

/* Starts `plan` at its first step at `now`, running. */
void turn_start(struct turn *t, const struct plan *plan, int first, int64_t now);
/* Carries on from saved progress, paused (the couple resumes with space).
 * Out-of-range progress is clamped to the plan. Of the time added, what
 * step_len_ms holds beyond the plan is taken as this step's. */
void turn_restore(struct turn *t, const struct plan *plan, int first,
                  const struct turn_progress *p, int64_t now);
/* Moves past every step whose time is up; returns TURN_EV_* bits. */
unsigned turn_update(struct turn *t, int64_t now);
/* Space: pause or resume. */
void turn_toggle_pause(struct turn *t, int64_t now);
/* 'n': end the current step now; returns TURN_EV_* bits. A gated mirror
 * not yet at 0:00 goes to 0:00 instead, to wait for the speaker. */
unsigned turn_skip(struct turn *t, int64_t now);
/* '+': add `seconds` to the current step. */
void turn_extend(struct turn *t, int64_t now, int seconds);
/* An arrive step: partner A (`who` 0) or B (1) confirms; the step ends once
 * both have. Returns TURN_EV_* bits. */
unsigned turn_confirm(struct turn *t, int who, int64_t now);
/* The same by partner index (0: the partner set up first, 1: the other),
 * whoever opens tonight, so a person's key never changes from night to
 * night: key 1 is always partner 0. */
unsigned turn_confirm_partner(struct turn *t, int partner, int64_t now);
/* True when partner `partner` (a partner index) confirmed on this arrive
 * step. */
bool turn_partner_here(const struct turn *t, int partner);
/* A gated mirror (plan_step.gate): the speaker says "you got it", at 0:00
 * or before; the step ends and the roles swap. Returns TURN_EV_* bits. */
unsigned turn_gate_ok(struct turn *t, int64_t now);
/* At a gated mirror's 0:00: another go, PLAN_GATE_AGAIN_SECONDS more. */
void turn_gate_again(struct turn *t, int64_t now);
/* True when a gated mirror is at 0:00 waiting for the speaker. */
bool turn_at_gate(const struct turn *t, int64_t now);
/* Milliseconds until this speaker's floor ends with this step (the next
 * step is the other partner's, or both partners'), or -1 when it does not:
 * the next step keeps the speaker, this one is for both, waits for a key,
 * or is the last. */
int64_t turn_floor_passes_ms(const struct turn *t, int64_t now);
/* 'q', confirmed: end the whole session early. */
void turn_end(struct turn *t, int64_t now);

/* The current step, or NULL when done. Borrowed from the plan. */
const struct plan_step *turn_step(const struct turn *t);
/* Partner index with the floor, TURN_BOTH, for the current step. */
int turn_speaker(const struct turn *t);
/* Partner index listening, or TURN_BOTH when both have the floor. */
int turn_listener(const struct turn *t);
/* Milliseconds left in the current step (0 when done or waiting). */
int64_t turn_left_ms(const struct turn *t, int64_t now);
/* Whole seconds to show: the time left rounded up, so "2:00" shows for the
 * whole first second of a two-minute turn and "0:00" only at its end. */
int turn_left_display(const struct turn *t, int64_t now);
/* Milliseconds until the display next changes or a step ends; -1 when
 * nothing will change without a key (paused, waiting, done). */
int64_t turn_wait_ms(const struct turn *t, int64_t now);
/* True when a step is at 0:00 waiting for a key: an arrive step for both
 * to confirm, or a gated mirror for the speaker. */
bool turn_waiting(const struct turn *t, int64_t now);
/* Counted running time: per step, the time it ran, at most its length. */
int64_t turn_ran_ms(const struct turn *t, int64_t now);
/* The session's length now: the plan's planned time plus all the time
 * added to its steps so far ('+', another go). It grows at once with
 * turn_extend. */
int64_t turn_total_ms(const struct turn *t);
/* Where the session stands in that length at `now`: the lengths of the
 * steps before this one (as planned, plus what was added to them) and the
 * time into this one; turn_total_ms() once done. A step ended early counts
 * whole here (the plan moved on), unlike in turn_ran_ms(). */
int64_t turn_position_ms(const struct turn *t, int64_t now);
/* True when at least two thirds of the plan's planned time ran: the plan's
 * own time, so asking for more time never makes a night harder to count. */
bool turn_counts(const struct turn *t, int64_t now);
/* Snapshot for a checkpoint. */
void turn_progress_get(const struct turn *t, int64_t now, struct turn_progress *out);

#endif
