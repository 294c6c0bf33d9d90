/* streak.c: current and longest runs from sorted arrays of nights, in one
 * linear pass without allocating. */
#include <stdint.h>

#include "tend/streak.h"

/* Walks the union of `done` and `rest` in ascending order up to `today`.
 * A run grows on each done night, stays as it is on a rest night, and ends
 * at the first missing night (a gap between two listed nights). Once the
 * walk is over, the run is still alive tonight if the last listed night is
 * tonight or last night: tonight, not yet checked in, breaks nothing.
 * Repeated entries are tolerated (skipped). */
void streak_compute(const tend_night *done, size_t ndone,
                    const tend_night *rest, size_t nrest,
                    tend_night today, struct streak_run *out)
{
	size_t i = 0, j = 0;
	int64_t prev = 0;  /* last night seen; valid when seen */
	bool seen = false; /* whether any night was seen yet */
	int run = 0, longest = 0;

	if (!out)
		return;
	if (!done)
		ndone = 0;
	if (!rest)
		nrest = 0;
	for (;;) {
		int64_t n;
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
		if (seen && n == prev)
			continue;
		if (seen && n != prev + 1)
			run = 0; /* a night with neither a check-in nor a rest */
		if (is_done && ++run > longest)
			longest = run;
		prev = n;
		seen = true;
	}
	out->current = seen && prev >= (int64_t)today - 1 ? run : 0;
	out->longest = longest;
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
