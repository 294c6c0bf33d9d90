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
#define STREAK_REST_WINDOW_MAX     365 /* one rest night in any N: N at most */

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

/* A walk through the nights part of the way: all streak_compute keeps from
 * one night to the next. A walk over the old nights can be kept (the app
 * keeps one in the database) and carried on over the new ones, so the
 * streaks cost the nights since, not every night there ever was. */
struct streak_fold {
	bool seen;       /* a night was walked */
	tend_night prev; /* the last night walked (0 when none) */
	int run;         /* the run up to prev */
	int longest;     /* the longest run so far */
	int done;        /* nights that counted, so far */
};

/* An empty walk. */
void streak_fold_start(struct streak_fold *f);
/* Walks night `n`: one that counts when `done`, else a rest (a pause).
 * Nights come ascending; the same night again is skipped, so a night that
 * both counts and rests is given as done first. */
void streak_fold_night(struct streak_fold *f, tend_night n, bool done);
/* Walks the union of `done` and `rest` (as streak_compute takes them) up to
 * `today` through *f. With `snap`, *snap gets the walk as it stood after
 * the last night on or before `snap_at` (so *f as it came, when none was). */
void streak_fold_walk(struct streak_fold *f, const tend_night *done, size_t ndone,
                      const tend_night *rest, size_t nrest, tend_night today,
                      tend_night snap_at, struct streak_fold *snap);
/* The streaks as seen on `today` once every night up to it was walked. */
void streak_fold_end(const struct streak_fold *f, tend_night today, struct streak_run *out);
/* Whether `f` is a walk that streak_fold_night could have made over nights
 * up to `upto`, beginning no earlier than `first` (for a walk read back
 * from a file, where anything may be written). */
bool streak_fold_valid(const struct streak_fold *f, tend_night first, tend_night upto);

/* Whether `night` may become a rest night: no other rest night within
 * `window` consecutive nights around it (|other - night| < window), and
 * `night` is not already a rest night (false then too). A window below 1
 * only applies that second rule. `rest` sorted ascending; borrowed. */
bool streak_rest_allowed(const tend_night *rest, size_t nrest,
                         tend_night night, int window);

#endif
