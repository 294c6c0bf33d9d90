/* streak.h: streaks, as seen on one night. Pure: nights come in as sorted
 * arrays; no clock, no storage.
 *
 * The rules (the README states them in these words):
 * - A night counts when it has a counted check-in (or, for a pillar streak,
 *   a check-in on which that pillar was ticked).
 * - A rest night pauses every streak: it neither adds to a run nor breaks it.
 *   (The app passes nights ended by a time-out in `rest` too: they pause
 *   streaks the same way, without counting against the rest allowance.)
 * - A run is broken by a night that neither counts nor is a rest night;
 *   tonight does not break it until tonight is over, so before the couple
 *   checks in the current streak still shows the run up to last night.
 * - current is the length of the run alive tonight; longest the longest run
 *   ever (so longest >= current).
 * - At most one rest night in any REST_WINDOW consecutive nights. */
#ifndef TEND_STREAK_H
#define TEND_STREAK_H

#include <stdbool.h>
#include <stddef.h>

#include "tend/night.h"
#include "tend/status.h"

#define STREAK_REST_WINDOW_DEFAULT 7

struct streak_run {
	int current; /* nights in the run still alive tonight */
	int longest; /* longest run ever, rest nights not counted */
};

/* Fills `out` from `done` (nights that count) and `rest` (rest nights), both
 * sorted ascending without repeats, as seen on night `today`. Nights after
 * `today` are ignored. A night in both arrays counts as done. Borrows both. */
void streak_compute(const tend_night *done, size_t ndone,
                    const tend_night *rest, size_t nrest,
                    tend_night today, struct streak_run *out);

/* Whether `night` may become a rest night: no other rest night within
 * `window` consecutive nights around it (|other - night| < window), and
 * `night` is not already a rest night (false then too). A window below 1
 * only applies that second rule. `rest` sorted ascending; borrowed. */
bool streak_rest_allowed(const tend_night *rest, size_t nrest,
                         tend_night night, int window);

#endif
