/* test_streak.c: every streak rule by hand, then random check-in histories
 * in several time zones against a plain day-by-day reference. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "tend/night.h"
#include "tend/streak.h"

#define T 20000 /* "today" in the hand-written cases */
#define LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Runs streak_compute and checks both numbers. */
static void expect_run(const tend_night *done, size_t nd, const tend_night *rest,
                       size_t nr, tend_night today, int current, int longest)
{
	struct streak_run r = { -1, -1 };

	streak_compute(done, nd, rest, nr, today, &r);
	assert_int_equal(r.current, current);
	assert_int_equal(r.longest, longest);
}

static void test_empty(void **state)
{
	const tend_night rest[] = { T - 1, T };

	(void)state;
	expect_run(NULL, 0, NULL, 0, T, 0, 0);
	expect_run(NULL, 0, rest, LEN(rest), T, 0, 0); /* rest nights alone */
}

static void test_today_done(void **state)
{
	const tend_night done[] = { T - 2, T - 1, T };
	const tend_night one[] = { T };

	(void)state;
	expect_run(done, LEN(done), NULL, 0, T, 3, 3);
	expect_run(one, LEN(one), NULL, 0, T, 1, 1);
}

/* Before tonight's check-in the run up to last night still shows. */
static void test_today_not_done(void **state)
{
	const tend_night done[] = { T - 2, T - 1 };

	(void)state;
	expect_run(done, LEN(done), NULL, 0, T, 2, 2);
	/* seen the next night, that missed night broke it */
	expect_run(done, LEN(done), NULL, 0, T + 1, 0, 2);
}

static void test_gap_breaks(void **state)
{
	const tend_night done[] = { T - 5, T - 4, T - 2, T - 1, T };
	const tend_night old[] = { T - 3, T - 2 };

	(void)state;
	expect_run(done, LEN(done), NULL, 0, T, 3, 3);
	expect_run(done, LEN(done), NULL, 0, T - 2, 1, 2);
	expect_run(old, LEN(old), NULL, 0, T, 0, 2); /* yesterday missed */
}

static void test_rest_bridges(void **state)
{
	const tend_night done[] = { T - 4, T - 3, T - 1, T };
	const tend_night rest[] = { T - 2 };
	const tend_night done2[] = { T - 6, T - 3 };
	const tend_night rest2[] = { T - 5, T - 4 };

	(void)state;
	expect_run(done, LEN(done), rest, LEN(rest), T, 4, 4);
	/* on the rest night itself the run neither grows nor ends */
	expect_run(done, LEN(done), rest, LEN(rest), T - 2, 2, 2);
	expect_run(done, LEN(done), rest, LEN(rest), T - 1, 3, 3);
	/* two rest nights in a row bridge as well (the window is not
	 * streak_compute's business) */
	expect_run(done2, LEN(done2), rest2, LEN(rest2), T - 3, 2, 2);
	expect_run(done2, LEN(done2), rest2, LEN(rest2), T - 2, 2, 2);
	expect_run(done2, LEN(done2), rest2, LEN(rest2), T - 1, 0, 2);
}

/* A rest night does not bridge a missed night next to it. */
static void test_rest_does_not_bridge_gap(void **state)
{
	const tend_night done[] = { T - 4, T - 1 };
	const tend_night rest[] = { T - 3 };
	const tend_night first[] = { T - 2, T - 1 };
	const tend_night rest_first[] = { T - 3 };

	(void)state;
	expect_run(done, LEN(done), rest, LEN(rest), T, 1, 1);
	/* history starting with a rest night */
	expect_run(first, LEN(first), rest_first, LEN(rest_first), T, 2, 2);
}

static void test_rest_today(void **state)
{
	const tend_night done[] = { T - 2, T - 1 };
	const tend_night rest[] = { T };
	const tend_night done_y[] = { T - 3, T - 2 };
	const tend_night rest_y[] = { T - 1 };
	const tend_night done_g[] = { T - 4 };

	(void)state;
	expect_run(done, LEN(done), rest, LEN(rest), T, 2, 2);
	expect_run(done, LEN(done), rest, LEN(rest), T + 1, 2, 2);
	expect_run(done, LEN(done), rest, LEN(rest), T + 2, 0, 2);
	/* rest last night, not checked in yet tonight */
	expect_run(done_y, LEN(done_y), rest_y, LEN(rest_y), T, 2, 2);
	/* rest last night, but the run had ended before it */
	expect_run(done_g, LEN(done_g), rest_y, LEN(rest_y), T, 0, 1);
}

static void test_longest_in_past(void **state)
{
	const tend_night done[] = { T - 20, T - 19, T - 18, T - 17, T - 16,
	                            T - 10, T - 9, T - 2, T - 1 };
	const tend_night rest[] = { T - 15, T - 12 };

	(void)state;
	expect_run(done, LEN(done), NULL, 0, T, 2, 5);
	/* T-15 rest extends nothing: T-14 was missed */
	expect_run(done, LEN(done), rest, LEN(rest), T, 2, 5);
	expect_run(done, LEN(done), rest, LEN(rest), T - 15, 5, 5);
	expect_run(done, LEN(done), rest, LEN(rest), T - 14, 5, 5);
	expect_run(done, LEN(done), rest, LEN(rest), T - 13, 0, 5);
}

static void test_future_ignored(void **state)
{
	const tend_night done[] = { T - 1, T, T + 1, T + 2, T + 3, T + 4, T + 5 };
	const tend_night rest[] = { T + 6 };
	const tend_night later[] = { T + 5, T + 6 };

	(void)state;
	expect_run(done, LEN(done), rest, LEN(rest), T, 2, 2);
	expect_run(done, LEN(done), rest, LEN(rest), T - 1, 1, 1);
	expect_run(done, LEN(done), rest, LEN(rest), T - 2, 0, 0);
	expect_run(done, LEN(done), rest, LEN(rest), T + 20, 0, 7);
	expect_run(later, LEN(later), NULL, 0, T, 0, 0);
	expect_run(NULL, 0, rest, LEN(rest), T, 0, 0);
}

/* A night both done and rest counts as done. */
static void test_in_both_arrays(void **state)
{
	const tend_night done[] = { T - 2, T - 1, T };
	const tend_night rest[] = { T - 1 };
	const tend_night rest_today[] = { T };
	const tend_night rest_all[] = { T - 2, T - 1, T };

	(void)state;
	expect_run(done, LEN(done), rest, LEN(rest), T, 3, 3);
	expect_run(done, LEN(done), rest_today, LEN(rest_today), T, 3, 3);
	expect_run(done, LEN(done), rest_all, LEN(rest_all), T, 3, 3);
}

/* Outside the contract but tolerated: repeats; and nights at the ends of
 * the int32 range (no overflow under UBSan). */
static void test_repeats_and_extremes(void **state)
{
	const tend_night rep[] = { T - 2, T - 1, T - 1, T };
	const tend_night rep_rest[] = { T - 1, T - 1 };
	const tend_night top[] = { INT32_MAX - 1, INT32_MAX };
	const tend_night bottom[] = { INT32_MIN, INT32_MIN + 1 };

	(void)state;
	expect_run(rep, LEN(rep), rep_rest, LEN(rep_rest), T, 3, 3);
	expect_run(top, LEN(top), NULL, 0, INT32_MAX, 2, 2);
	expect_run(bottom, LEN(bottom), NULL, 0, INT32_MIN + 1, 2, 2);
	expect_run(bottom, LEN(bottom), top, LEN(top), INT32_MAX, 0, 2);
}

/* Twenty years of nightly history, a rest night each week: linear, and
 * far under a millisecond per call (even under the sanitizers). */
/* Twenty years of nights, a rest night each week: one run from the first to
 * tonight. (How fast that is, `make bench` measures: a timed assertion here
 * would fail on a busy machine.) */
static void test_twenty_years(void **state)
{
	enum { NIGHTS = 7300 };
	static tend_night done[NIGHTS], rest[NIGHTS / 7 + 1];
	size_t nd = 0, nr = 0;
	struct streak_run r = { 0, 0 };

	(void)state;
	for (int i = 0; i < NIGHTS; i++) {
		if (i % 7 == 3)
			rest[nr++] = T + i;
		else
			done[nd++] = T + i;
	}
	streak_compute(done, nd, rest, nr, T + NIGHTS - 1, &r);
	assert_int_equal(r.current, (int)nd);
	assert_int_equal(r.longest, (int)nd);
	streak_compute(done, nd, rest, nr, T + NIGHTS - 2, &r);
	assert_int_equal(r.current, (int)nd - 1); /* the last night not in yet */
	assert_int_equal(r.longest, (int)nd - 1);
}

static void test_rest_allowed_cases(void **state)
{
	const tend_night rest[] = { T - 20, T };

	(void)state;
	assert_true(streak_rest_allowed(NULL, 0, T, 7));
	assert_false(streak_rest_allowed(rest, LEN(rest), T, 7)); /* already rest */
	assert_false(streak_rest_allowed(rest, LEN(rest), T + 6, 7));
	assert_false(streak_rest_allowed(rest, LEN(rest), T - 6, 7));
	assert_true(streak_rest_allowed(rest, LEN(rest), T + 7, 7));
	assert_true(streak_rest_allowed(rest, LEN(rest), T - 7, 7));
	assert_true(streak_rest_allowed(rest, LEN(rest), T - 13, 7));
	assert_false(streak_rest_allowed(rest, LEN(rest), T - 14, 7));
	assert_true(streak_rest_allowed(rest, LEN(rest), T + 1, 1));
	assert_false(streak_rest_allowed(rest, LEN(rest), T, 1));
	assert_false(streak_rest_allowed(rest, LEN(rest), T, 0));
	assert_true(streak_rest_allowed(rest, LEN(rest), T - 1, 0));
	assert_false(streak_rest_allowed(rest, LEN(rest), T - 1, STREAK_REST_WINDOW_DEFAULT));
}

/* ---- randomised comparison with a plain reference ---- */

/* xorshift64: tiny, fixed-seed, reproducible. */
static uint64_t rng_next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* splitmix64: turns a round number into a seed, so that the rounds do not
 * replay one xorshift sequence shifted by a few steps. */
static uint64_t seed_of(uint64_t k)
{
	uint64_t z = k * 0x9e3779b97f4a7c15ULL + 0x7e4d5eedULL;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (z ^ (z >> 31)) | 1; /* xorshift needs a non-zero state */
}

/* A uniform-enough integer in [0, n). */
static int rng_below(uint64_t *s, int n)
{
	return (int)(rng_next(s) % (uint64_t)n);
}

static int cmp_night(const void *a, const void *b)
{
	tend_night x = *(const tend_night *)a, y = *(const tend_night *)b;
	return (x > y) - (x < y);
}

/* Sorts and drops repeats; returns the new count. */
static size_t sort_unique(tend_night *v, size_t n)
{
	size_t k = 0;

	qsort(v, n, sizeof v[0], cmp_night);
	for (size_t i = 0; i < n; i++)
		if (k == 0 || v[k - 1] != v[i])
			v[k++] = v[i];
	return k;
}

/* The reference night, by another road than night.c: the local date from
 * localtime_r, moved back a day in a struct tm when before the boundary,
 * normalised and counted by timegm. */
static tend_night ref_night(time_t t, int boundary)
{
	struct tm lt, day = { 0 };

	assert_non_null(localtime_r(&t, &lt));
	day.tm_year = lt.tm_year;
	day.tm_mon = lt.tm_mon;
	day.tm_mday = lt.tm_mday - (lt.tm_hour * 60 + lt.tm_min < boundary);
	day.tm_hour = 12;
	return (tend_night)(timegm(&day) / 86400);
}

/* The instant of local wall-clock time on the date `day_utc` (a day
 * count); mktime settles times that do not exist or exist twice. */
static time_t local_instant(long day_utc, int hour, int min, int sec)
{
	time_t noon = (time_t)day_utc * 86400 + 12 * 3600;
	struct tm tm;

	assert_non_null(gmtime_r(&noon, &tm));
	tm.tm_hour = hour;
	tm.tm_min = min;
	tm.tm_sec = sec;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

#define SPAN 760 /* calendar days of history, about two years */
#define MAX_CHECKINS (SPAN * 3)

/* The reference streak over boolean arrays indexed from night `lo`. */
struct ref_hist {
	tend_night lo;         /* night of index 0 */
	int len;               /* entries in done and rest */
	bool done[SPAN + 64];  /* a counted check-in that night */
	bool rest[SPAN + 64];  /* a rest night */
};

static bool ref_is(const bool *v, const struct ref_hist *h, long night)
{
	long i = night - h->lo;
	return i >= 0 && i < h->len && v[i];
}

/* current: tonight if done, then back night by night; longest: a forward
 * day-by-day loop. */
static struct streak_run ref_compute(const struct ref_hist *h, long today)
{
	struct streak_run r = { 0, 0 };
	int run = 0;

	if (ref_is(h->done, h, today))
		r.current = 1;
	for (long k = today - 1; k >= h->lo - 1; k--) {
		if (ref_is(h->done, h, k))
			r.current++;
		else if (!ref_is(h->rest, h, k))
			break;
	}
	for (long k = h->lo; k <= today; k++) {
		if (ref_is(h->done, h, k))
			run++;
		else if (!ref_is(h->rest, h, k))
			run = 0;
		if (run > r.longest)
			r.longest = run;
	}
	return r;
}

/* A check-in time of day: evening, small hours, right at the boundary, or
 * anywhere. */
static void random_time(uint64_t *s, int boundary, int *h, int *m, int *sec)
{
	int kind = rng_below(s, 10);

	*sec = rng_below(s, 60);
	if (kind < 4) {
		*h = 19 + rng_below(s, 5);
		*m = rng_below(s, 60);
	} else if (kind < 7) {
		*h = rng_below(s, 5);
		*m = rng_below(s, 60);
	} else if (kind < 8) {
		*h = boundary / 60;
		*m = boundary % 60 + rng_below(s, 7) - 3; /* mktime normalises */
	} else {
		*h = rng_below(s, 24);
		*m = rng_below(s, 60);
	}
}

/* One random history in zone `tz`, checked for every `today` around it. */
static void check_random_history(const char *tz, uint64_t seed, int boundary)
{
	static time_t when[MAX_CHECKINS];
	static tend_night done[MAX_CHECKINS], rest[SPAN];
	static struct ref_hist h;
	struct tm start = { .tm_year = 125, .tm_mon = 8, .tm_mday = 1 };
	long first_day = (long)(timegm(&start) / 86400); /* 2025-09-01 */
	uint64_t s = seed;
	size_t nw = 0, nd, nr = 0;
	bool active = true;

	assert_int_equal(setenv("TZ", tz, 1), 0);
	tzset();
	for (int d = 0; d < SPAN; d++) {
		if (rng_below(&s, 100) < 10)
			active = !active;
		int p = rng_below(&s, 100);
		int count = active ? (p < 8 ? 0 : p < 80 ? 1 : 2) : (p < 75 ? 0 : 1);
		for (int c = 0; c < count; c++) {
			int hh, mm, ss;
			random_time(&s, boundary, &hh, &mm, &ss);
			when[nw++] = local_instant(first_day + d, hh, mm, ss);
		}
		if (rng_below(&s, 100) < 9)
			rest[nr++] = (tend_night)(first_day + d);
	}

	memset(&h, 0, sizeof h);
	h.lo = (tend_night)(first_day - 8);
	h.len = SPAN + 16;
	for (size_t i = 0; i < nw; i++) {
		tend_night got = night_of(when[i], boundary);
		tend_night want = ref_night(when[i], boundary);
		if (got != want)
			fail_msg("seed %llu TZ=%s boundary %d: t=%lld night %d, reference %d",
			         (unsigned long long)seed, tz, boundary,
			         (long long)when[i], (int)got, (int)want);
		done[i] = got;
		assert_true(want >= h.lo && want - h.lo < h.len);
		h.done[want - h.lo] = true;
	}
	nd = sort_unique(done, nw);
	nr = sort_unique(rest, nr);
	for (size_t i = 0; i < nr; i++)
		h.rest[rest[i] - h.lo] = true;

	for (long today = h.lo - 2; today < h.lo + h.len + 2; today++) {
		struct streak_run got = { -1, -1 };
		struct streak_run want = ref_compute(&h, today);

		streak_compute(done, nd, rest, nr, (tend_night)today, &got);
		if (got.current != want.current || got.longest != want.longest)
			fail_msg("seed %llu TZ=%s boundary %d today %ld: got %d/%d, "
			         "reference %d/%d", (unsigned long long)seed, tz,
			         boundary, today, got.current, got.longest,
			         want.current, want.longest);
		assert_true(got.longest >= got.current);
	}
}

static void test_random_histories(void **state)
{
	static const char *zones[] = {
		"UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe",
		"Asia/Kolkata", "Pacific/Kiritimati", "America/St_Johns",
	};

	(void)state;
	for (size_t z = 0; z < LEN(zones); z++) {
		for (int round = 0; round < 5; round++) {
			uint64_t seed = seed_of(z * 100 + (uint64_t)round);
			int boundary = round == 0 ? NIGHT_DEFAULT_BOUNDARY_MIN :
			               round == 1 ? 0 : (int)(seed % (24 * 60));
			check_random_history(zones[z], seed, boundary);
		}
	}
}

/* How many of done[0, n) are on or before `today`. */
static int done_upto(const tend_night *done, size_t n, tend_night today)
{
	int k = 0;

	for (size_t i = 0; i < n; i++)
		k += done[i] <= today;
	return k;
}

/* A walk kept after any night and carried on later gives what one walk
 * gives, and passes streak_fold_valid as of that night; a walk changed as a
 * file could hold it is refused. */
static void test_fold_split(void **state)
{
	uint64_t s = seed_of(4242);

	(void)state;
	for (int round = 0; round < 200; round++) {
		tend_night night[120];
		bool done[120];
		size_t n = 0;
		tend_night today = (tend_night)(T + 100 + rng_below(&s, 30));
		tend_night dn[120], rn[120];
		size_t nd = 0, nr = 0;
		struct streak_run want;

		for (int d = 0; d < 120; d++) {
			int p = rng_below(&s, 100);
			if (p < 60 || p >= 85) {
				night[n] = (tend_night)(T + d);
				done[n] = p < 60;
				if (done[n])
					dn[nd++] = night[n];
				else
					rn[nr++] = night[n];
				n++;
			}
		}
		streak_compute(dn, nd, rn, nr, today, &want);
		/* kept after each night up to today (the app keeps one only
		 * of nights long past) */
		for (size_t k = 0; k <= n && (k == 0 || night[k - 1] <= today); k++) {
			struct streak_fold f, kept;
			struct streak_run got;
			tend_night upto = k ? night[k - 1] : (tend_night)(T - 1);

			streak_fold_start(&f);
			for (size_t i = 0; i < k; i++)
				streak_fold_night(&f, night[i], done[i]);
			kept = f;
			assert_true(streak_fold_valid(&kept, T, upto));
			{
				/* one walk of all, its snapshot taken at upto */
				struct streak_fold w, snap;

				streak_fold_start(&w);
				streak_fold_walk(&w, dn, nd, rn, nr, today, upto, &snap);
				assert_int_equal(snap.seen, f.seen);
				assert_int_equal(snap.prev, f.prev);
				assert_int_equal(snap.run, f.run);
				assert_int_equal(snap.longest, f.longest);
				assert_int_equal(snap.done, f.done);
				streak_fold_end(&w, today, &got);
				assert_int_equal(got.current, want.current);
				assert_int_equal(got.longest, want.longest);
			}
			for (size_t i = k; i < n && night[i] <= today; i++)
				streak_fold_night(&kept, night[i], done[i]);
			streak_fold_end(&kept, today, &got);
			assert_int_equal(got.current, want.current);
			assert_int_equal(got.longest, want.longest);
			assert_int_equal(kept.done, done_upto(dn, nd, today));
		}
	}
	{
		struct streak_fold f = { true, T + 5, 3, 4, 4 };

		assert_true(streak_fold_valid(&f, T, T + 5));
		assert_false(streak_fold_valid(&f, T, T + 4)); /* a night past its end */
		assert_false(streak_fold_valid(&f, T + 6, T + 9)); /* before its start */
		f.run = 5; /* a run longer than the longest */
		assert_false(streak_fold_valid(&f, T, T + 5));
		f = (struct streak_fold){ true, T + 5, 3, 4, 3 }; /* longest > done */
		assert_false(streak_fold_valid(&f, T, T + 5));
		f = (struct streak_fold){ true, T + 2, 1, 4, 4 }; /* 4 done in 3 nights */
		assert_false(streak_fold_valid(&f, T, T + 5));
		f = (struct streak_fold){ true, T + 5, -1, 4, 4 };
		assert_false(streak_fold_valid(&f, T, T + 5));
		f = (struct streak_fold){ false, 0, 0, 0, 0 };
		assert_true(streak_fold_valid(&f, T, T + 5));
		f.longest = 1; /* nothing walked, yet a run */
		assert_false(streak_fold_valid(&f, T, T + 5));
	}
}

/* streak_rest_allowed against the rule read literally. */
static void test_rest_allowed_random(void **state)
{
	uint64_t s = seed_of(999);
	tend_night rest[80];

	(void)state;
	for (int round = 0; round < 3000; round++) {
		size_t nr = 0;
		int density = 1 + rng_below(&s, 30);
		int window = rng_below(&s, 11) - 1;
		tend_night night = (tend_night)(T - 10 + rng_below(&s, 80));

		for (int k = 0; k < 60; k++)
			if (rng_below(&s, 100) < density)
				rest[nr++] = (tend_night)(T + k);
		bool want = true;
		for (size_t i = 0; i < nr; i++) {
			long dist = labs((long)rest[i] - night);
			if (rest[i] == night || dist < window)
				want = false;
		}
		if (streak_rest_allowed(rest, nr, night, window) != want)
			fail_msg("round %d: night %d window %d: expected %s", round,
			         (int)(night - T), window, want ? "allowed" : "refused");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_today_done),
		cmocka_unit_test(test_today_not_done),
		cmocka_unit_test(test_gap_breaks),
		cmocka_unit_test(test_rest_bridges),
		cmocka_unit_test(test_rest_does_not_bridge_gap),
		cmocka_unit_test(test_rest_today),
		cmocka_unit_test(test_longest_in_past),
		cmocka_unit_test(test_future_ignored),
		cmocka_unit_test(test_in_both_arrays),
		cmocka_unit_test(test_repeats_and_extremes),
		cmocka_unit_test(test_twenty_years),
		cmocka_unit_test(test_rest_allowed_cases),
		cmocka_unit_test(test_random_histories),
		cmocka_unit_test(test_rest_allowed_random),
		cmocka_unit_test(test_fold_split),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
