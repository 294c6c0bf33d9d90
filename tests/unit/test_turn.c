/* test_turn.c: the turn state machine, driven by a simulated clock. Plans are
 * built by hand here, so these tests do not depend on the plan parser. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "tend/turn.h"

#define T0 ((int64_t)123457) /* an odd start, so nothing lines up by luck */
#define SEC ((int64_t)1000)

/* A plan over `steps` (borrowed), with its total computed. */
static struct plan make_plan(struct plan_step *steps, size_t n)
{
	struct plan p = { .name = "test", .title = "Test", .about = "",
	                  .steps = steps, .nsteps = n };

	for (size_t i = 0; i < n; i++)
		p.total_seconds += steps[i].seconds;
	return p;
}

#define STEP(k, secs, fl) { .kind = (k), .seconds = (secs), .floor = (fl), .pillar = PLAN_ANY_PILLAR }

/* 15 minutes: the shape of a nightly check-in, no arrive step. */
static struct plan_step nightly[] = {
	STEP(PLAN_APPRECIATE, 60, PLAN_FLOOR_A),
	STEP(PLAN_APPRECIATE, 60, PLAN_FLOOR_B),
	STEP(PLAN_SPEAK, 180, PLAN_FLOOR_A),
	STEP(PLAN_MIRROR, 90, PLAN_FLOOR_B),
	STEP(PLAN_SPEAK, 180, PLAN_FLOOR_B),
	STEP(PLAN_MIRROR, 90, PLAN_FLOOR_A),
	STEP(PLAN_WISH, 120, PLAN_FLOOR_BOTH),
	STEP(PLAN_CLOSE, 120, PLAN_FLOOR_BOTH),
};

/* A short plan: speak A 60, mirror B 30, wish both 20, close A 10. */
static struct plan_step shortp[] = {
	STEP(PLAN_SPEAK, 60, PLAN_FLOOR_A),
	STEP(PLAN_MIRROR, 30, PLAN_FLOOR_B),
	STEP(PLAN_WISH, 20, PLAN_FLOOR_BOTH),
	STEP(PLAN_CLOSE, 10, PLAN_FLOOR_A),
};

/* Arrive 30 s, then speak A 60. */
static struct plan_step arrivep[] = {
	STEP(PLAN_ARRIVE, 30, PLAN_FLOOR_BOTH),
	STEP(PLAN_SPEAK, 60, PLAN_FLOOR_A),
};

/* Every floor change: A, B, A, A, both, A, B. */
static struct plan_step floors[] = {
	STEP(PLAN_SPEAK, 10, PLAN_FLOOR_A),
	STEP(PLAN_SPEAK, 10, PLAN_FLOOR_B),
	STEP(PLAN_SPEAK, 10, PLAN_FLOOR_A),
	STEP(PLAN_MIRROR, 10, PLAN_FLOOR_A),
	STEP(PLAN_WISH, 10, PLAN_FLOOR_BOTH),
	STEP(PLAN_SPEAK, 10, PLAN_FLOOR_A),
	STEP(PLAN_SPEAK, 10, PLAN_FLOOR_B),
};

#define NSTEPS(a) (sizeof(a) / sizeof((a)[0]))

static void test_start(void **state)
{
	(void)state;
	struct plan p = make_plan(shortp, NSTEPS(shortp));
	struct turn t;

	turn_start(&t, &p, 0, T0);
	assert_ptr_equal(turn_step(&t), &shortp[0]);
	assert_false(t.paused);
	assert_false(t.done);
	assert_int_equal(t.deadline, T0 + 60 * SEC);
	assert_int_equal(t.step_len, 60 * SEC);
	assert_int_equal(turn_ran_ms(&t, T0), 0);
	assert_int_equal(turn_left_ms(&t, T0), 60 * SEC);
	assert_int_equal(turn_left_display(&t, T0), 60);
	assert_int_equal(turn_update(&t, T0), 0);
}

static void test_whole_plan_runs_by_itself(void **state)
{
	(void)state;
	struct plan p = make_plan(shortp, NSTEPS(shortp));
	struct turn t;

	turn_start(&t, &p, 0, T0);
	assert_int_equal(turn_update(&t, T0 + 60 * SEC - 1), 0);
	assert_int_equal(t.step, 0);
	assert_int_equal(turn_update(&t, T0 + 60 * SEC), TURN_EV_STEP | TURN_EV_FLOOR);
	assert_int_equal(t.step, 1);
	assert_int_equal(turn_speaker(&t), 1);
	assert_int_equal(turn_update(&t, T0 + 90 * SEC - 1), 0);
	assert_int_equal(turn_update(&t, T0 + 90 * SEC), TURN_EV_STEP | TURN_EV_FLOOR);
	assert_int_equal(turn_speaker(&t), TURN_BOTH);
	assert_int_equal(turn_update(&t, T0 + 110 * SEC), TURN_EV_STEP | TURN_EV_FLOOR);
	assert_int_equal(turn_speaker(&t), 0);
	assert_int_equal(turn_update(&t, T0 + 120 * SEC - 1), 0);
	assert_int_equal(turn_update(&t, T0 + 120 * SEC), TURN_EV_DONE);
	assert_true(t.done);
	assert_false(t.ended_early);
	assert_null(turn_step(&t));
	assert_int_equal(turn_ran_ms(&t, T0 + 500 * SEC), 120 * SEC);
	assert_true(turn_counts(&t, T0 + 500 * SEC));
	assert_int_equal(turn_wait_ms(&t, T0 + 120 * SEC), -1);
	assert_int_equal(turn_update(&t, T0 + 130 * SEC), 0);
}

static void test_display_around_second_boundaries(void **state)
{
	(void)state;
	struct plan_step s[] = { STEP(PLAN_SPEAK, 120, PLAN_FLOOR_A) };
	struct plan p = make_plan(s, 1);
	struct turn t;

	turn_start(&t, &p, 0, T0);
	assert_int_equal(turn_left_display(&t, T0), 120);
	assert_int_equal(turn_wait_ms(&t, T0), 1000);
	assert_int_equal(turn_left_display(&t, T0 + 1), 120);
	assert_int_equal(turn_wait_ms(&t, T0 + 1), 999);
	assert_int_equal(turn_left_display(&t, T0 + 999), 120);
	assert_int_equal(turn_wait_ms(&t, T0 + 999), 1);
	assert_int_equal(turn_left_display(&t, T0 + 1000), 119);
	assert_int_equal(turn_wait_ms(&t, T0 + 1000), 1000);
	assert_int_equal(turn_left_display(&t, T0 + 1001), 119);
	assert_int_equal(turn_wait_ms(&t, T0 + 1001), 999);
	assert_int_equal(turn_left_display(&t, T0 + 119 * SEC - 1), 2);
	assert_int_equal(turn_left_display(&t, T0 + 119 * SEC), 1);
	assert_int_equal(turn_left_display(&t, T0 + 120 * SEC - 1), 1);
	assert_int_equal(turn_wait_ms(&t, T0 + 120 * SEC - 1), 1);
	assert_int_equal(turn_left_display(&t, T0 + 120 * SEC), 0);
}

static void test_wait_sequence_has_no_drift(void **state)
{
	(void)state;
	struct plan p = make_plan(nightly, NSTEPS(nightly));
	struct turn t;
	int64_t now = T0, w;
	int wakes = 0, changes = 0, steps = 0, shown;
	size_t step;

	assert_int_equal(p.total_seconds, 900);
	turn_start(&t, &p, 1, now);
	shown = turn_left_display(&t, now);
	step = t.step;
	while ((w = turn_wait_ms(&t, now)) >= 0) {
		assert_in_range(w, 1, 1000);
		now += w;
		wakes++;
		assert_int_equal((now - T0) % 1000, 0);
		if (turn_update(&t, now) & TURN_EV_STEP)
			steps++;
		if (t.done || t.step != step || turn_left_display(&t, now) != shown)
			changes++;
		if (!t.done) {
			step = t.step;
			shown = turn_left_display(&t, now);
		}
		assert_true(wakes <= 900);
	}
	assert_int_equal(wakes, 900);
	assert_int_equal(changes, 900);
	assert_int_equal(steps, 7);
	assert_true(t.done);
	assert_int_equal(now, T0 + 900 * SEC);
	assert_int_equal(turn_ran_ms(&t, now), 900 * SEC);
}

static void test_late_wake_does_not_drift(void **state)
{
	(void)state;
	struct plan p = make_plan(shortp, NSTEPS(shortp));
	struct turn t;

	turn_start(&t, &p, 0, T0);
	/* The loop woke 700 ms late: the next step still ends 30 s after the
	 * first one's deadline, not 30 s after the wake. */
	assert_int_equal(turn_update(&t, T0 + 60 * SEC + 700), TURN_EV_STEP | TURN_EV_FLOOR);
	assert_int_equal(t.deadline, T0 + 90 * SEC);
	assert_int_equal(turn_left_ms(&t, T0 + 60 * SEC + 700), 29300);
	assert_int_equal(turn_wait_ms(&t, T0 + 60 * SEC + 700), 300);
	assert_int_equal(turn_ran_ms(&t, T0 + 60 * SEC + 700), 60 * SEC + 700);
}

static void test_wait_is_zero_when_overdue(void **state)
{
	(void)state;
	struct plan p = make_plan(shortp, NSTEPS(shortp));
	struct turn t;

	turn_start(&t, &p, 0, T0);
	assert_int_equal(turn_wait_ms(&t, T0 + 61 * SEC), 0);
	assert_int_equal(turn_left_display(&t, T0 + 61 * SEC), 0);
	assert_false(turn_waiting(&t, T0 + 61 * SEC));
}

static void test_pause_resume_long_pause(void **state)
{
	(void)state;
	struct plan p = make_plan(shortp, NSTEPS(shortp));
	struct turn t;
	int64_t back = T0 + 10500 + 3600 * SEC;

	turn_start(&t, &p, 0, T0);
	turn_toggle_pause(&t, T0 + 10500);
	assert_true(t.paused);
	assert_int_equal(t.left, 49500);
	/* An hour later nothing moved. */
	assert_int_equal(turn_update(&t, back), 0);
	assert_int_equal(t.step, 0);
	assert_int_equal(turn_wait_ms(&t, back), -1);
	assert_int_equal(turn_left_ms(&t, back), 49500);
	assert_int_equal(turn_left_display(&t, back), 50);
	assert_int_equal(turn_ran_ms(&t, back), 10500);
	turn_toggle_pause(&t, back);
	assert_false(t.paused);
	assert_int_equal(t.deadline, back + 49500);
	assert_int_equal(turn_wait_ms(&t, back), 500);
	assert_int_equal(turn_update(&t, back + 49499), 0);
	assert_int_equal(turn_update(&t, back + 49500), TURN_EV_STEP | TURN_EV_FLOOR);
	assert_int_equal(turn_ran_ms(&t, back + 49500), 60 * SEC);
	assert_int_equal(t.deadline, back + 49500 + 30 * SEC);
}

static void test_pause_many_times_loses_nothing(void **state)
{
	(void)state;
	struct plan p = make_plan(shortp, NSTEPS(shortp));
	struct turn t;
	int64_t now = T0, running = 0;

	turn_start(&t, &p, 0, now);
	/* Run 1234 ms, pause 5 s, ten times over. */
	for (int i = 0; i < 10; i++) {
		now += 1234;
		running += 1234;
		turn_toggle_pause(&t, now);
		now += 5000;
		turn_toggle_pause(&t, now);
	}
	assert_int_equal(turn_left_ms(&t, now), 60 * SEC - running);
	assert_int_equal(turn_ran_ms(&t, now), running);
	assert_int_equal(t.deadline, now + 60 * SEC - running);
}

static void test_skip_running(void **state)
{
	(void)state;
	struct plan p = make_plan(shortp, NSTEPS(shortp));
	struct turn t;

	turn_start(&t, &p, 0, T0);
	assert_int_equal(turn_skip(&t, T0 + 20 * SEC), TURN_EV_STEP | TURN_EV_FLOOR);
	assert_int_equal(t.step, 1);
	assert_int_equal(t.deadline, T0 + 50 * SEC);
	assert_int_equal(turn_left_display(&t, T0 + 20 * SEC), 30);
	assert_int_equal(turn_ran_ms(&t, T0 + 20 * SEC), 20 * SEC);
	assert_int_equal(turn_wait_ms(&t, T0 + 20 * SEC), 1000);
}

static void test_skip_while_paused_resumes(void **state)
{
	(void)state;
	struct plan p = make_plan(shortp, NSTEPS(shortp));
	struct turn t;

	turn_start(&t, &p, 0, T0);
	turn_toggle_pause(&t, T0 + 5 * SEC);
	assert_int_equal(turn_skip(&t, T0 + 100 * SEC), TURN_EV_STEP | TURN_EV_FLOOR);
	assert_false(t.paused);
	assert_int_equal(t.step, 1);
	assert_int_equal(t.deadline, T0 + 130 * SEC);
	/* Only the five running seconds count, not the pause. */
	assert_int_equal(turn_ran_ms(&t, T0 + 100 * SEC), 5 * SEC);
}

static void test_skip_last_step_is_done(void **state)
{
	(void)state;
	struct plan p = make_plan(shortp, NSTEPS(shortp));
	struct turn t;

	turn_start(&t, &p, 0, T0);
	assert_int_equal(turn_skip(&t, T0), TURN_EV_STEP | TURN_EV_FLOOR);
	assert_int_equal(turn_skip(&t, T0), TURN_EV_STEP | TURN_EV_FLOOR);
	assert_int_equal(turn_skip(&t, T0), TURN_EV_STEP | TURN_EV_FLOOR);
	assert_int_equal(turn_skip(&t, T0), TURN_EV_DONE);
	assert_true(t.done);
	assert_false(t.ended_early);
	assert_int_equal(turn_ran_ms(&t, T0), 0);
	assert_int_equal(turn_skip(&t, T0), 0);
}

static void test_extend_running_keeps_boundaries(void **state)
{
	(void)state;
	struct plan p = make_plan(shortp, NSTEPS(shortp));
	struct turn t;
	int64_t now = T0 + 10 * SEC + 250;

	turn_start(&t, &p, 0, T0);
	turn_extend(&t, now, 30);
	assert_int_equal(t.step_len, 90 * SEC);
	assert_int_equal(turn_left_ms(&t, now), 79750);
	assert_int_equal(turn_left_display(&t, now), 80);
	assert_int_equal(turn_wait_ms(&t, now), 750);
	assert_int_equal(turn_update(&t, T0 + 90 * SEC - 1), 0);
	assert_int_equal(turn_update(&t, T0 + 90 * SEC), TURN_EV_STEP | TURN_EV_FLOOR);
	assert_int_equal(turn_ran_ms(&t, T0 + 90 * SEC), 90 * SEC);
	/* The extension belongs to that step only. */
	assert_int_equal(t.step_len, 30 * SEC);
}

static void test_extend_while_paused(void **state)
{
	(void)state;
	struct plan p = make_plan(shortp, NSTEPS(shortp));
	struct turn t;

	turn_start(&t, &p, 0, T0);
	turn_toggle_pause(&t, T0 + 50 * SEC);
	turn_extend(&t, T0 + 70 * SEC, 20);
	assert_true(t.paused);
	assert_int_equal(turn_left_ms(&t, T0 + 70 * SEC), 30 * SEC);
	assert_int_equal(turn_wait_ms(&t, T0 + 70 * SEC), -1);
	turn_toggle_pause(&t, T0 + 100 * SEC);
	assert_int_equal(turn_update(&t, T0 + 130 * SEC - 1), 0);
	assert_int_equal(turn_update(&t, T0 + 130 * SEC), TURN_EV_STEP | TURN_EV_FLOOR);
	assert_int_equal(turn_ran_ms(&t, T0 + 130 * SEC), 80 * SEC);
}

static void test_extend_ignores_nonsense(void **state)
{
	(void)state;
	struct plan p = make_plan(shortp, NSTEPS(shortp));
	struct turn t;

	turn_start(&t, &p, 0, T0);
	turn_extend(&t, T0, 0);
	turn_extend(&t, T0, -30);
	assert_int_equal(t.step_len, 60 * SEC);
	assert_int_equal(t.deadline, T0 + 60 * SEC);
	turn_end(&t, T0);
	turn_extend(&t, T0, 30);
	assert_int_equal(turn_left_ms(&t, T0), 0);
	assert_int_equal(turn_wait_ms(&t, T0), -1);
}

static void test_arrive_confirm_a_then_b(void **state)
{
	(void)state;
	struct plan p = make_plan(arrivep, NSTEPS(arrivep));
	struct turn t;

	turn_start(&t, &p, 0, T0);
	assert_int_equal(turn_confirm(&t, 0, T0 + 3 * SEC), 0);
	assert_int_equal(t.step, 0);
	assert_int_equal(turn_confirm(&t, 1, T0 + 7 * SEC), TURN_EV_STEP | TURN_EV_FLOOR);
	assert_int_equal(t.step, 1);
	assert_int_equal(t.deadline, T0 + 67 * SEC);
	assert_int_equal(t.confirmed, 0);
	assert_int_equal(turn_ran_ms(&t, T0 + 7 * SEC), 7 * SEC);
}

static void test_arrive_confirm_b_then_a_with_repeats(void **state)
{
	(void)state;
	struct plan p = make_plan(arrivep, NSTEPS(arrivep));
	struct turn t;

	turn_start(&t, &p, 1, T0);
	assert_int_equal(turn_confirm(&t, 1, T0 + 1 * SEC), 0);
	assert_int_equal(turn_confirm(&t, 1, T0 + 2 * SEC), 0);
	assert_int_equal(turn_confirm(&t, 2, T0 + 2 * SEC), 0);
	assert_int_equal(turn_confirm(&t, -1, T0 + 2 * SEC), 0);
	assert_int_equal(t.step, 0);
	assert_int_equal(t.confirmed, 2u);
	assert_int_equal(turn_confirm(&t, 0, T0 + 4 * SEC), TURN_EV_STEP | TURN_EV_FLOOR);
	assert_int_equal(t.step, 1);
	assert_int_equal(turn_speaker(&t), 1);
}

/* By partner index: partner 0 is partner 0 whoever opens, so the screen's
 * key 1 is always the same person. */
static void test_arrive_confirm_by_partner(void **state)
{
	(void)state;
	struct plan p = make_plan(arrivep, NSTEPS(arrivep));
	struct turn t;

	for (int first = 0; first < 2; first++) {
		turn_start(&t, &p, first, T0);
		assert_false(turn_partner_here(&t, 0));
		assert_false(turn_partner_here(&t, 1));
		assert_int_equal(turn_confirm_partner(&t, 0, T0 + SEC), 0);
		assert_true(turn_partner_here(&t, 0));
		assert_false(turn_partner_here(&t, 1));
		/* Partner 0 is A on the night they open, B on the other. */
		assert_int_equal(t.confirmed, first == 0 ? 1u : 2u);
		assert_int_equal(turn_confirm_partner(&t, 0, T0 + 2 * SEC), 0);
		assert_int_equal(turn_confirm_partner(&t, 2, T0 + 2 * SEC), 0);
		assert_int_equal(turn_confirm_partner(&t, -1, T0 + 2 * SEC), 0);
		assert_false(turn_partner_here(&t, 2));
		assert_int_equal(t.step, 0);
		assert_int_equal(turn_confirm_partner(&t, 1, T0 + 3 * SEC),
		                 TURN_EV_STEP | TURN_EV_FLOOR);
		assert_int_equal(t.step, 1);
		assert_int_equal(turn_speaker(&t), first);
		/* Off the arrive step nobody is "here" any more. */
		assert_false(turn_partner_here(&t, 0));
		assert_false(turn_partner_here(&t, 1));
	}
}

static void test_arrive_waits_at_zero(void **state)
{
	(void)state;
	struct plan p = make_plan(arrivep, NSTEPS(arrivep));
	struct turn t;
	int64_t late = T0 + 30 * SEC + 600 * SEC;

	turn_start(&t, &p, 0, T0);
	assert_false(turn_waiting(&t, T0 + 30 * SEC - 1));
	assert_int_equal(turn_confirm(&t, 0, T0 + 10 * SEC), 0);
	assert_int_equal(turn_update(&t, T0 + 30 * SEC), 0);
	assert_int_equal(t.step, 0);
	assert_true(turn_waiting(&t, T0 + 30 * SEC));
	assert_int_equal(turn_wait_ms(&t, T0 + 30 * SEC), -1);
	assert_int_equal(turn_left_display(&t, T0 + 30 * SEC), 0);
	/* Ten minutes on, still waiting, and the wait does not count. */
	assert_int_equal(turn_update(&t, late), 0);
	assert_true(turn_waiting(&t, late));
	assert_int_equal(turn_ran_ms(&t, late), 30 * SEC);
	assert_int_equal(turn_confirm(&t, 1, late), TURN_EV_STEP | TURN_EV_FLOOR);
	assert_false(turn_waiting(&t, late));
	assert_int_equal(t.deadline, late + 60 * SEC);
	assert_int_equal(turn_ran_ms(&t, late), 30 * SEC);
}

static void test_arrive_skip_while_waiting(void **state)
{
	(void)state;
	struct plan p = make_plan(arrivep, NSTEPS(arrivep));
	struct turn t;

	turn_start(&t, &p, 0, T0);
	turn_update(&t, T0 + 40 * SEC);
	assert_true(turn_waiting(&t, T0 + 40 * SEC));
	assert_int_equal(turn_skip(&t, T0 + 45 * SEC), TURN_EV_STEP | TURN_EV_FLOOR);
	assert_int_equal(t.step, 1);
	assert_int_equal(turn_ran_ms(&t, T0 + 45 * SEC), 30 * SEC);
}

static void test_arrive_extend_while_waiting(void **state)
{
	(void)state;
	struct plan p = make_plan(arrivep, NSTEPS(arrivep));
	struct turn t;
	int64_t now = T0 + 50 * SEC + 300;

	turn_start(&t, &p, 0, T0);
	turn_update(&t, now);
	assert_true(turn_waiting(&t, now));
	turn_extend(&t, now, 10);
	assert_false(turn_waiting(&t, now));
	assert_int_equal(turn_left_ms(&t, now), 10 * SEC);
	assert_int_equal(turn_left_display(&t, now), 10);
	assert_int_equal(turn_wait_ms(&t, now), 1000);
	assert_int_equal(turn_update(&t, now + 10 * SEC), 0);
	assert_true(turn_waiting(&t, now + 10 * SEC));
	assert_int_equal(turn_ran_ms(&t, now + 99 * SEC), 40 * SEC);
	turn_confirm(&t, 0, now + 99 * SEC);
	assert_int_equal(turn_confirm(&t, 1, now + 99 * SEC), TURN_EV_STEP | TURN_EV_FLOOR);
	assert_int_equal(turn_ran_ms(&t, now + 99 * SEC), 40 * SEC);
}

static void test_arrive_confirmed_while_paused(void **state)
{
	(void)state;
	struct plan p = make_plan(arrivep, NSTEPS(arrivep));
	struct turn t;

	turn_start(&t, &p, 0, T0);
	turn_toggle_pause(&t, T0 + 8 * SEC);
	assert_false(turn_waiting(&t, T0 + 90 * SEC));
	turn_confirm(&t, 1, T0 + 90 * SEC);
	assert_int_equal(turn_confirm(&t, 0, T0 + 91 * SEC), TURN_EV_STEP | TURN_EV_FLOOR);
	assert_false(t.paused);
	assert_int_equal(t.deadline, T0 + 151 * SEC);
	assert_int_equal(turn_ran_ms(&t, T0 + 91 * SEC), 8 * SEC);
}

static void test_confirm_ignored_off_arrive(void **state)
{
	(void)state;
	struct plan p = make_plan(shortp, NSTEPS(shortp));
	struct turn t;

	turn_start(&t, &p, 0, T0);
	assert_int_equal(turn_confirm(&t, 0, T0 + SEC), 0);
	assert_int_equal(turn_confirm(&t, 1, T0 + SEC), 0);
	assert_int_equal(t.step, 0);
	assert_int_equal(t.confirmed, 0);
	/* Nor does time running out on a non-arrive step wait. */
	assert_int_equal(turn_update(&t, T0 + 60 * SEC), TURN_EV_STEP | TURN_EV_FLOOR);
}

static void test_end_early(void **state)
{
	(void)state;
	struct plan p = make_plan(shortp, NSTEPS(shortp));
	struct turn t;

	turn_start(&t, &p, 0, T0);
	turn_update(&t, T0 + 70 * SEC);
	turn_end(&t, T0 + 75 * SEC);
	assert_true(t.done);
	assert_true(t.ended_early);
	assert_null(turn_step(&t));
	assert_int_equal(turn_speaker(&t), TURN_BOTH);
	assert_int_equal(turn_wait_ms(&t, T0 + 75 * SEC), -1);
	assert_int_equal(turn_left_ms(&t, T0 + 75 * SEC), 0);
	assert_int_equal(turn_ran_ms(&t, T0 + 999 * SEC), 75 * SEC);
	assert_int_equal(turn_update(&t, T0 + 999 * SEC), 0);
	assert_int_equal(turn_confirm(&t, 0, T0 + 999 * SEC), 0);
	turn_toggle_pause(&t, T0 + 999 * SEC);
	assert_false(t.paused);
}

/* The nightly plan ended at `at` ms after the start: does it count? */
static bool counts_if_ended_at(int64_t at)
{
	struct plan p = make_plan(nightly, NSTEPS(nightly));
	struct turn t;

	turn_start(&t, &p, 0, T0);
	turn_update(&t, T0 + at);
	turn_end(&t, T0 + at);
	assert_int_equal(turn_ran_ms(&t, T0 + at + 5000), at);
	return turn_counts(&t, T0 + at + 5000);
}

static void test_counts_just_under(void **state)
{
	(void)state;
	assert_false(counts_if_ended_at(600 * SEC - 1));
	assert_false(counts_if_ended_at(0));
}

static void test_counts_exactly_at(void **state)
{
	(void)state;
	assert_true(counts_if_ended_at(600 * SEC));
}

static void test_counts_over(void **state)
{
	(void)state;
	assert_true(counts_if_ended_at(600 * SEC + 1));
	assert_true(counts_if_ended_at(900 * SEC));
}

static void test_counts_uses_planned_time(void **state)
{
	(void)state;
	struct plan_step s[] = { STEP(PLAN_SPEAK, 60, PLAN_FLOOR_A) };
	struct plan p = make_plan(s, 1);
	struct turn t;

	/* Extending to two minutes does not raise the bar above 40 s. */
	turn_start(&t, &p, 0, T0);
	turn_extend(&t, T0, 60);
	assert_false(turn_counts(&t, T0 + 40 * SEC - 1));
	turn_end(&t, T0 + 40 * SEC);
	assert_true(turn_counts(&t, T0 + 40 * SEC));
	/* Pausing does not count as time ran. */
	turn_start(&t, &p, 0, T0);
	turn_toggle_pause(&t, T0 + 39 * SEC);
	assert_false(turn_counts(&t, T0 + 900 * SEC));
}

/* Floors A, B, A, A, both, A, B: the events of each step change. */
static void test_floor_events(void **state)
{
	(void)state;
	struct plan p = make_plan(floors, NSTEPS(floors));
	struct turn t;

	turn_start(&t, &p, 0, T0);
	assert_int_equal(turn_speaker(&t), 0);
	/* A -> B */
	assert_int_equal(turn_update(&t, T0 + 10 * SEC), TURN_EV_STEP | TURN_EV_FLOOR);
	assert_int_equal(turn_speaker(&t), 1);
	/* B -> A */
	assert_int_equal(turn_update(&t, T0 + 20 * SEC), TURN_EV_STEP | TURN_EV_FLOOR);
	assert_int_equal(turn_speaker(&t), 0);
	/* A -> A: a new step, the same speaker */
	assert_int_equal(turn_update(&t, T0 + 30 * SEC), TURN_EV_STEP);
	assert_int_equal(turn_speaker(&t), 0);
	/* A -> both */
	assert_int_equal(turn_update(&t, T0 + 40 * SEC), TURN_EV_STEP | TURN_EV_FLOOR);
	assert_int_equal(turn_speaker(&t), TURN_BOTH);
	assert_int_equal(turn_listener(&t), TURN_BOTH);
	/* both -> A */
	assert_int_equal(turn_update(&t, T0 + 50 * SEC), TURN_EV_STEP | TURN_EV_FLOOR);
	assert_int_equal(turn_speaker(&t), 0);
	/* A -> B, then the end: done, no floor */
	assert_int_equal(turn_skip(&t, T0 + 55 * SEC), TURN_EV_STEP | TURN_EV_FLOOR);
	assert_int_equal(turn_update(&t, T0 + 65 * SEC), TURN_EV_DONE);
}

static void test_several_steps_in_one_update(void **state)
{
	(void)state;
	struct plan p = make_plan(nightly, NSTEPS(nightly));
	struct turn t;

	turn_start(&t, &p, 0, T0);
	/* 60 + 60 + 180 = 300 s end three steps; 12.5 s into the mirror (B). */
	assert_int_equal(turn_update(&t, T0 + 312500), TURN_EV_STEP | TURN_EV_FLOOR);
	assert_int_equal(t.step, 3);
	assert_int_equal(t.deadline, T0 + 390 * SEC);
	assert_int_equal(turn_ran_ms(&t, T0 + 312500), 312500);
	assert_int_equal(turn_speaker(&t), 1);
	/* Through B, A and both: from B to both. */
	assert_int_equal(turn_update(&t, T0 + 780 * SEC), TURN_EV_STEP | TURN_EV_FLOOR);
	assert_int_equal(t.step, 7);
}

static void test_several_steps_back_to_same_speaker(void **state)
{
	(void)state;
	struct plan p = make_plan(floors, NSTEPS(floors));
	struct turn t;

	turn_start(&t, &p, 0, T0);
	/* A -> B -> A within one update: the speaker did not change. */
	assert_int_equal(turn_update(&t, T0 + 25 * SEC), TURN_EV_STEP);
	assert_int_equal(t.step, 2);
}

static void test_update_past_the_end(void **state)
{
	(void)state;
	struct plan p = make_plan(nightly, NSTEPS(nightly));
	struct turn t;

	turn_start(&t, &p, 0, T0);
	turn_update(&t, T0 + 100 * SEC);
	assert_int_equal(turn_update(&t, T0 + 5000 * SEC), TURN_EV_STEP | TURN_EV_DONE);
	assert_true(t.done);
	assert_int_equal(t.step, NSTEPS(nightly));
	assert_int_equal(turn_ran_ms(&t, T0 + 5000 * SEC), 900 * SEC);
}

static void test_arrive_stops_a_long_update(void **state)
{
	(void)state;
	struct plan_step s[] = {
		STEP(PLAN_SPEAK, 10, PLAN_FLOOR_A),
		STEP(PLAN_ARRIVE, 10, PLAN_FLOOR_BOTH),
		STEP(PLAN_SPEAK, 10, PLAN_FLOOR_B),
	};
	struct plan p = make_plan(s, 3);
	struct turn t;

	turn_start(&t, &p, 0, T0);
	assert_int_equal(turn_update(&t, T0 + 100 * SEC), TURN_EV_STEP | TURN_EV_FLOOR);
	assert_int_equal(t.step, 1);
	assert_true(turn_waiting(&t, T0 + 100 * SEC));
	assert_int_equal(turn_ran_ms(&t, T0 + 100 * SEC), 20 * SEC);
}

static void test_first_is_zero_or_one(void **state)
{
	(void)state;
	struct plan p = make_plan(shortp, NSTEPS(shortp));
	struct turn t;

	turn_start(&t, &p, 0, T0);
	assert_int_equal(turn_speaker(&t), 0);
	assert_int_equal(turn_listener(&t), 1);
	turn_skip(&t, T0);
	assert_int_equal(turn_speaker(&t), 1);
	assert_int_equal(turn_listener(&t), 0);

	turn_start(&t, &p, 1, T0);
	assert_int_equal(turn_speaker(&t), 1);
	assert_int_equal(turn_listener(&t), 0);
	turn_skip(&t, T0);
	assert_int_equal(turn_speaker(&t), 0);
	assert_int_equal(turn_listener(&t), 1);
	turn_skip(&t, T0);
	assert_int_equal(turn_speaker(&t), TURN_BOTH);
	assert_int_equal(turn_listener(&t), TURN_BOTH);
}

static void test_progress_round_trip(void **state)
{
	(void)state;
	struct plan p = make_plan(shortp, NSTEPS(shortp));
	struct turn t, r;
	struct turn_progress pg;
	int64_t later = T0 + 7777 * SEC;

	turn_start(&t, &p, 1, T0);
	turn_update(&t, T0 + 61 * SEC);
	turn_extend(&t, T0 + 61 * SEC, 15);
	turn_progress_get(&t, T0 + 64500, &pg);
	assert_int_equal(pg.step, 1);
	assert_int_equal(pg.step_left_ms, 40500);
	assert_int_equal(pg.step_len_ms, 45 * SEC);
	assert_int_equal(pg.ran_ms, 60 * SEC);

	turn_restore(&r, &p, 1, &pg, later);
	assert_true(r.paused);
	assert_false(r.done);
	assert_int_equal(r.step, 1);
	assert_int_equal(turn_speaker(&r), 0);
	assert_int_equal(turn_left_ms(&r, later), 40500);
	assert_int_equal(turn_ran_ms(&r, later), 64500);
	assert_int_equal(turn_wait_ms(&r, later), -1);
	assert_int_equal(turn_update(&r, later + 100 * SEC), 0);
	turn_toggle_pause(&r, later);
	assert_int_equal(turn_update(&r, later + 40499), 0);
	assert_int_equal(turn_update(&r, later + 40500), TURN_EV_STEP | TURN_EV_FLOOR);
	assert_int_equal(turn_ran_ms(&r, later + 40500), 105 * SEC);
}

static void test_progress_round_trip_arrive(void **state)
{
	(void)state;
	struct plan p = make_plan(arrivep, NSTEPS(arrivep));
	struct turn t, r;
	struct turn_progress pg;

	turn_start(&t, &p, 0, T0);
	turn_confirm(&t, 1, T0 + SEC);
	turn_progress_get(&t, T0 + 2 * SEC, &pg);
	assert_int_equal(pg.confirmed, 2u);
	turn_restore(&r, &p, 0, &pg, T0);
	assert_int_equal(r.confirmed, 2u);
	turn_toggle_pause(&r, T0);
	assert_int_equal(turn_confirm(&r, 0, T0 + SEC), TURN_EV_STEP | TURN_EV_FLOOR);
	assert_int_equal(turn_ran_ms(&r, T0 + SEC), 3 * SEC);
}

static void test_progress_of_a_finished_session(void **state)
{
	(void)state;
	struct plan p = make_plan(shortp, NSTEPS(shortp));
	struct turn t, r;
	struct turn_progress pg;

	turn_start(&t, &p, 0, T0);
	turn_update(&t, T0 + 200 * SEC);
	turn_progress_get(&t, T0 + 200 * SEC, &pg);
	assert_int_equal(pg.step, 4);
	assert_int_equal(pg.ran_ms, 120 * SEC);
	turn_restore(&r, &p, 0, &pg, T0);
	assert_true(r.done);
	assert_null(turn_step(&r));
	assert_int_equal(turn_ran_ms(&r, T0), 120 * SEC);
	assert_true(turn_counts(&r, T0));
}

static void test_restore_clamps_step(void **state)
{
	(void)state;
	struct plan p = make_plan(shortp, NSTEPS(shortp));
	struct turn r;
	struct turn_progress pg = { .step = 99, .step_left_ms = 5000,
	                            .step_len_ms = 10000, .ran_ms = 1000 };

	turn_restore(&r, &p, 0, &pg, T0);
	assert_true(r.done);
	assert_null(turn_step(&r));
	assert_int_equal(turn_wait_ms(&r, T0), -1);

	pg.step = -3;
	turn_restore(&r, &p, 0, &pg, T0);
	assert_false(r.done);
	assert_int_equal(r.step, 0);
	assert_int_equal(turn_left_ms(&r, T0), 5000);
	assert_int_equal(r.step_len, 60 * SEC); /* raised to the planned length */
}

static void test_restore_clamps_times(void **state)
{
	(void)state;
	struct plan p = make_plan(arrivep, NSTEPS(arrivep));
	struct turn r;
	struct turn_progress pg = { .step = 1, .step_left_ms = -500,
	                            .step_len_ms = 1000, .ran_ms = -42,
	                            .confirmed = 3 };

	turn_restore(&r, &p, 0, &pg, T0);
	assert_int_equal(r.step_len, 60 * SEC);
	assert_int_equal(turn_left_ms(&r, T0), 0);
	assert_int_equal(r.ran, 0);
	assert_int_equal(r.confirmed, 0); /* not an arrive step */

	pg.step_left_ms = 10 * 60 * SEC;
	pg.step_len_ms = 75 * SEC;
	pg.ran_ms = INT64_MAX;
	turn_restore(&r, &p, 0, &pg, T0);
	assert_int_equal(r.step_len, 75 * SEC);
	assert_int_equal(turn_left_ms(&r, T0), 75 * SEC);
	assert_true(r.ran > 0);
	assert_true(turn_counts(&r, T0)); /* no overflow in 3 * ran */

	pg.step = 0;
	pg.confirmed = 0xff;
	pg.step_len_ms = INT64_MAX;
	turn_restore(&r, &p, 0, &pg, T0);
	assert_int_equal(r.confirmed, 3u);
	assert_true(r.step_len >= 30 * SEC);
	assert_true(r.step_len < INT64_MAX / 4);
}

static void test_empty_plan_is_done(void **state)
{
	(void)state;
	struct plan p = make_plan(NULL, 0);
	struct turn t;

	turn_start(&t, &p, 0, T0);
	assert_true(t.done);
	assert_null(turn_step(&t));
	assert_int_equal(turn_update(&t, T0 + SEC), 0);
	assert_int_equal(turn_skip(&t, T0 + SEC), 0);
	assert_int_equal(turn_wait_ms(&t, T0), -1);
}

/* A gated mirror: it holds at 0:00 for the speaker's "you got it"; "another
 * go" gives 30 seconds more; 'n' goes to the question, not past it. */
static void test_gate(void **state)
{
	struct plan_step steps[] = {
		STEP(PLAN_SPEAK, 60, PLAN_FLOOR_A),
		STEP(PLAN_MIRROR, 30, PLAN_FLOOR_B),
		STEP(PLAN_SPEAK, 60, PLAN_FLOOR_B),
	};
	struct plan p;
	struct turn t;
	unsigned ev;
	(void)state;

	steps[1].gate = true;
	p = make_plan(steps, 3);
	turn_start(&t, &p, 0, T0);
	/* The floor passes to B's mirror as usual. */
	ev = turn_update(&t, T0 + 60 * SEC);
	assert_true(ev & TURN_EV_FLOOR);
	assert_int_equal(t.step, 1);
	assert_false(turn_at_gate(&t, T0 + 60 * SEC));
	/* "you got it" is not asked for before the speaker... */
	assert_int_equal(turn_floor_passes_ms(&t, T0 + 70 * SEC), -1);
	/* ...and at 0:00 it waits, however long. */
	assert_int_equal(turn_update(&t, T0 + 90 * SEC), 0);
	assert_int_equal(turn_update(&t, T0 + 500 * SEC), 0);
	assert_int_equal(t.step, 1);
	assert_true(turn_at_gate(&t, T0 + 500 * SEC));
	assert_true(turn_waiting(&t, T0 + 500 * SEC));
	assert_int_equal(turn_wait_ms(&t, T0 + 500 * SEC), -1);
	/* Another go: 30 seconds, counting down again. */
	turn_gate_again(&t, T0 + 500 * SEC);
	assert_false(turn_at_gate(&t, T0 + 500 * SEC));
	assert_int_equal(turn_left_display(&t, T0 + 500 * SEC), 30);
	assert_int_equal(turn_update(&t, T0 + 530 * SEC), 0);
	assert_true(turn_at_gate(&t, T0 + 530 * SEC));
	/* Another go is only for the question at 0:00. */
	ev = turn_gate_ok(&t, T0 + 531 * SEC);
	assert_true(ev & TURN_EV_STEP);
	assert_int_equal(t.step, 2);
	/* Counted: the 30 planned and the 30 of the other go, not the waits. */
	assert_int_equal(turn_ran_ms(&t, T0 + 531 * SEC), 60 * SEC + 60 * SEC);

	/* 'n' on the gated mirror goes to the question, counting what ran. */
	turn_start(&t, &p, 0, T0);
	turn_skip(&t, T0 + 10 * SEC);
	assert_int_equal(t.step, 1);
	assert_int_equal(turn_skip(&t, T0 + 20 * SEC), 0);
	assert_int_equal(t.step, 1);
	assert_true(turn_at_gate(&t, T0 + 20 * SEC));
	assert_int_equal(turn_ran_ms(&t, T0 + 20 * SEC), 20 * SEC);
	/* A second 'n' at the question moves on (B mirrored, B speaks next). */
	ev = turn_skip(&t, T0 + 25 * SEC);
	assert_true(ev & TURN_EV_STEP);
	assert_int_equal(t.step, 2);
	/* "you got it" before 0:00 is fine too; on other steps it does nothing. */
	turn_start(&t, &p, 0, T0);
	assert_int_equal(turn_gate_ok(&t, T0 + SEC), 0);
	turn_update(&t, T0 + 60 * SEC);
	assert_true(turn_gate_ok(&t, T0 + 65 * SEC) & TURN_EV_STEP);
	assert_int_equal(t.step, 2);
}

/* The "finish your thought" cue knows when the floor passes next. */
static void test_floor_passes(void **state)
{
	struct plan_step steps[] = {
		STEP(PLAN_ARRIVE, 10, PLAN_FLOOR_BOTH),
		STEP(PLAN_SPEAK, 60, PLAN_FLOOR_A),
		STEP(PLAN_SPEAK, 60, PLAN_FLOOR_A),
		STEP(PLAN_MIRROR, 30, PLAN_FLOOR_B),
		STEP(PLAN_CLOSE, 30, PLAN_FLOOR_BOTH),
	};
	struct plan p = make_plan(steps, 5);
	struct turn t;
	(void)state;

	turn_start(&t, &p, 1, T0);
	assert_int_equal(turn_floor_passes_ms(&t, T0), -1); /* arrive */
	turn_confirm(&t, 0, T0);
	turn_confirm(&t, 1, T0);
	assert_int_equal(turn_floor_passes_ms(&t, T0), -1); /* A goes on speaking */
	turn_skip(&t, T0);
	assert_int_equal(turn_floor_passes_ms(&t, T0 + 45 * SEC), 15 * SEC);
	turn_skip(&t, T0 + 45 * SEC);
	/* B (partner 0 tonight) mirrors, then both close together: B's floor
	 * ends there too. */
	assert_int_equal(turn_speaker(&t), 0);
	assert_int_equal(turn_floor_passes_ms(&t, T0 + 45 * SEC), 30 * SEC);
	turn_skip(&t, T0 + 50 * SEC);
	assert_int_equal(turn_floor_passes_ms(&t, T0 + 50 * SEC), -1); /* the last */
}

/* The session's length grows at once with '+', wherever the time goes;
 * the position runs on through the added time and never back. */
static void test_total_grows_with_extend(void **state)
{
	(void)state;
	struct plan p = make_plan(shortp, NSTEPS(shortp)); /* 60 + 30 + 20 + 10 */
	struct turn t, r;
	struct turn_progress pg;

	turn_start(&t, &p, 0, T0);
	assert_int_equal(turn_total_ms(&t), 120 * SEC);
	assert_int_equal(turn_position_ms(&t, T0), 0);
	assert_int_equal(turn_position_ms(&t, T0 + 30 * SEC), 30 * SEC);
	turn_extend(&t, T0 + 30 * SEC, 60);
	assert_int_equal(turn_total_ms(&t), 180 * SEC);
	/* Past the step's planned 60 s the position runs on with the clock. */
	assert_int_equal(turn_position_ms(&t, T0 + 30 * SEC), 30 * SEC);
	assert_int_equal(turn_position_ms(&t, T0 + 90 * SEC), 90 * SEC);
	assert_int_equal(turn_position_ms(&t, T0 + 119 * SEC), 119 * SEC);
	/* The step ends at 120 s, as its clock said; the next starts there. */
	assert_int_equal(turn_update(&t, T0 + 120 * SEC), TURN_EV_STEP | TURN_EV_FLOOR);
	assert_int_equal(t.step, 1);
	assert_int_equal(turn_total_ms(&t), 180 * SEC);
	assert_int_equal(turn_position_ms(&t, T0 + 120 * SEC), 120 * SEC);
	/* Paused, a minute more: the total grows at once, the position waits. */
	turn_toggle_pause(&t, T0 + 130 * SEC);
	turn_extend(&t, T0 + 140 * SEC, 60);
	assert_int_equal(turn_total_ms(&t), 240 * SEC);
	assert_int_equal(turn_position_ms(&t, T0 + 999 * SEC), 130 * SEC);
	/* Saved and carried on: the same length, the same place. */
	turn_progress_get(&t, T0 + 150 * SEC, &pg);
	assert_int_equal(pg.added_ms, 120 * SEC);
	turn_restore(&r, &p, 0, &pg, T0 + 5000 * SEC);
	assert_int_equal(turn_total_ms(&r), 240 * SEC);
	assert_int_equal(turn_position_ms(&r, T0 + 5000 * SEC), 130 * SEC);
	/* A step ended early counts whole in the position (the plan moved on),
	 * its added minute with it; the time ran does not. */
	turn_toggle_pause(&r, T0 + 5000 * SEC);
	turn_skip(&r, T0 + 5010 * SEC);
	assert_int_equal(r.step, 2);
	assert_int_equal(turn_position_ms(&r, T0 + 5010 * SEC), 120 * SEC + 90 * SEC);
	assert_int_equal(turn_ran_ms(&r, T0 + 5010 * SEC), 120 * SEC + 20 * SEC);
	assert_int_equal(turn_total_ms(&r), 240 * SEC);
	/* Done: the position is the whole length, which stays. */
	turn_end(&r, T0 + 5015 * SEC);
	assert_int_equal(turn_total_ms(&r), 240 * SEC);
	assert_int_equal(turn_position_ms(&r, T0 + 5015 * SEC), 240 * SEC);
	turn_progress_get(&r, T0 + 5015 * SEC, &pg);
	assert_int_equal(pg.added_ms, 120 * SEC);
	/* Counting stays with the plan's own two thirds: 80 of 120 s. */
	turn_start(&t, &p, 0, T0);
	turn_extend(&t, T0, 600);
	turn_end(&t, T0 + 80 * SEC);
	assert_true(turn_counts(&t, T0 + 80 * SEC));
}

/* Another go at a gated mirror adds its 30 s to the length too; the
 * question at 0:00 (after 'n') stands at the step's end. */
static void test_total_with_gate(void **state)
{
	struct plan_step steps[] = {
		STEP(PLAN_SPEAK, 60, PLAN_FLOOR_A),
		STEP(PLAN_MIRROR, 30, PLAN_FLOOR_B),
		STEP(PLAN_SPEAK, 60, PLAN_FLOOR_B),
	};
	struct plan p;
	struct turn t;
	(void)state;

	steps[1].gate = true;
	p = make_plan(steps, 3);
	turn_start(&t, &p, 0, T0);
	turn_update(&t, T0 + 60 * SEC);
	turn_skip(&t, T0 + 70 * SEC); /* to the question, 20 s early */
	assert_true(turn_at_gate(&t, T0 + 70 * SEC));
	assert_int_equal(turn_position_ms(&t, T0 + 70 * SEC), 90 * SEC);
	turn_gate_again(&t, T0 + 80 * SEC);
	assert_int_equal(turn_total_ms(&t), 180 * SEC);
	assert_int_equal(turn_position_ms(&t, T0 + 80 * SEC), 90 * SEC);
	assert_int_equal(turn_position_ms(&t, T0 + 95 * SEC), 105 * SEC);
	turn_gate_ok(&t, T0 + 95 * SEC);
	assert_int_equal(t.step, 2);
	assert_int_equal(turn_position_ms(&t, T0 + 95 * SEC), 120 * SEC);
	assert_int_equal(turn_total_ms(&t), 180 * SEC);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_start),
		cmocka_unit_test(test_whole_plan_runs_by_itself),
		cmocka_unit_test(test_display_around_second_boundaries),
		cmocka_unit_test(test_wait_sequence_has_no_drift),
		cmocka_unit_test(test_late_wake_does_not_drift),
		cmocka_unit_test(test_wait_is_zero_when_overdue),
		cmocka_unit_test(test_pause_resume_long_pause),
		cmocka_unit_test(test_pause_many_times_loses_nothing),
		cmocka_unit_test(test_skip_running),
		cmocka_unit_test(test_skip_while_paused_resumes),
		cmocka_unit_test(test_skip_last_step_is_done),
		cmocka_unit_test(test_extend_running_keeps_boundaries),
		cmocka_unit_test(test_extend_while_paused),
		cmocka_unit_test(test_extend_ignores_nonsense),
		cmocka_unit_test(test_arrive_confirm_a_then_b),
		cmocka_unit_test(test_arrive_confirm_b_then_a_with_repeats),
		cmocka_unit_test(test_arrive_confirm_by_partner),
		cmocka_unit_test(test_arrive_waits_at_zero),
		cmocka_unit_test(test_arrive_skip_while_waiting),
		cmocka_unit_test(test_arrive_extend_while_waiting),
		cmocka_unit_test(test_arrive_confirmed_while_paused),
		cmocka_unit_test(test_confirm_ignored_off_arrive),
		cmocka_unit_test(test_end_early),
		cmocka_unit_test(test_counts_just_under),
		cmocka_unit_test(test_counts_exactly_at),
		cmocka_unit_test(test_counts_over),
		cmocka_unit_test(test_counts_uses_planned_time),
		cmocka_unit_test(test_floor_events),
		cmocka_unit_test(test_several_steps_in_one_update),
		cmocka_unit_test(test_several_steps_back_to_same_speaker),
		cmocka_unit_test(test_update_past_the_end),
		cmocka_unit_test(test_arrive_stops_a_long_update),
		cmocka_unit_test(test_first_is_zero_or_one),
		cmocka_unit_test(test_progress_round_trip),
		cmocka_unit_test(test_progress_round_trip_arrive),
		cmocka_unit_test(test_progress_of_a_finished_session),
		cmocka_unit_test(test_restore_clamps_step),
		cmocka_unit_test(test_restore_clamps_times),
		cmocka_unit_test(test_empty_plan_is_done),
		cmocka_unit_test(test_gate),
		cmocka_unit_test(test_total_grows_with_extend),
		cmocka_unit_test(test_total_with_gate),
		cmocka_unit_test(test_floor_passes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
