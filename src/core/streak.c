/* streak.c: current and longest runs from sorted arrays of nights, in one
 * linear pass without allocating. */
#include <stdint.h>

#include "tend/streak.h"

void streak_fold_start(struct streak_fold *f)
{
	*f = (struct streak_fold){ false, 0, 0, 0, 0 };
}

/* A run grows on each done night, stays as it is on a rest night, and ends
 * at the first missing night (a gap between two nights walked). */
void streak_fold_night(struct streak_fold *f, tend_night n, bool done)
{
	if (f->seen && n == f->prev)
		return;
	if (f->seen && (int64_t)n != (int64_t)f->prev + 1)
		f->run = 0; /* a night with neither a check-in nor a rest */
	if (done) {
		f->done++;
		if (++f->run > f->longest)
			f->longest = f->run;
	}
	f->prev = n;
	f->seen = true;
}

/* The run is still alive tonight if the last night walked is tonight or
 * last night: tonight, not yet checked in, breaks nothing. */
void streak_fold_end(const struct streak_fold *f, tend_night today, struct streak_run *out)
{
	out->current = f->seen && (int64_t)f->prev >= (int64_t)today - 1 ? f->run : 0;
	out->longest = f->longest;
}

bool streak_fold_valid(const struct streak_fold *f, tend_night first, tend_night upto)
{
	int64_t span = (int64_t)f->prev - first + 1; /* nights from first to prev */

	if (!f->seen)
		return f->prev == 0 && f->run == 0 && f->longest == 0 && f->done == 0;
	return f->prev >= first && f->prev <= upto && f->run >= 0 && f->run <= f->longest &&
	       f->longest <= f->done && (int64_t)f->done <= span;
}

void streak_fold_walk(struct streak_fold *f, const tend_night *done, size_t ndone,
                      const tend_night *rest, size_t nrest, tend_night today,
                      tend_night snap_at, struct streak_fold *snap)
{
	size_t i = 0, j = 0;
	bool snapped = false;

	if (!done)
		ndone = 0;
	if (!rest)
		nrest = 0;
	for (;;) {
		tend_night n;
		bool is_done;

		if (i < ndone && (j >= nrest || done[i] <= rest[j])) {
			n = done[i++];
			is_done = true;
			if (j < nrest && rest[j] == n)
				j++; /* in both arrays: counts as done */
		} else if (j < nrest) {
			n = rest[j++];
			is_done = false;
		} else {
			break;
		}
		if (n > today)
			break; /* both arrays are sorted: the rest is in the future */
		if (snap && !snapped && n > snap_at) {
			*snap = *f;
			snapped = true;
		}
		streak_fold_night(f, n, is_done);
	}
	if (snap && !snapped)
		*snap = *f;
}

void streak_compute(const tend_night *done, size_t ndone,
                    const tend_night *rest, size_t nrest,
                    tend_night today, struct streak_run *out)
{
	struct streak_fold f;

	if (!out)
		return;
	streak_fold_start(&f);
	streak_fold_walk(&f, done, ndone, rest, nrest, today, today, NULL);
	streak_fold_end(&f, today, out);
}

/* Rejects `night` when a rest night lies fewer than `window` nights away
 * from it, or when it already is a rest night. Binary search over the
 * sorted array: only the nearest rest night at or after night - window + 1
 * matters. */
bool streak_rest_allowed(const tend_night *rest, size_t nrest,
                         tend_night night, int window)
{
	int64_t lo_night = (int64_t)night - (window > 1 ? window - 1 : 0);
	int64_t hi_night = (int64_t)night + (window > 1 ? window - 1 : 0);
	size_t lo = 0, hi = nrest;

	if (!rest)
		return true;
	while (lo < hi) { /* first index with rest[idx] >= lo_night */
		size_t mid = lo + (hi - lo) / 2;
		if (rest[mid] < lo_night)
			lo = mid + 1;
		else
			hi = mid;
	}
	return !(lo < nrest && rest[lo] <= hi_night);
}
