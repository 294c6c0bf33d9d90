/* stats.c: streaks, the calendar of nights and rest nights, and tonight as
 * a status line says it, computed from the plaintext metadata only (no
 * passphrase needed).
 *
 * The streaks walk every night there ever was (tend/streak.h), so the walk
 * through the old ones is kept in the database (store_fold_get, schema 4's
 * "fold") and only the nights since are read: home costs the same at a
 * hundred years of nights as at none. The kept walk ends at least
 * FOLD_BEHIND nights before tonight, further back than anything else here
 * looks (the calendar's 56 nights, a rest window of up to 365), and is
 * kept anew once it is FOLD_RENEW nights behind. A kept walk that is not
 * one tend could have made is not used: everything is walked instead. */
#include <stdlib.h>
#include <string.h>

#include "app_internal.h"

/* The history needed for streaks: nights with check-ins and rest nights. */
struct history {
	struct store_night *nights; /* owned; ascending */
	size_t nnights;
	tend_night *rest;           /* owned; ascending */
	size_t nrest;
	tend_night *pause;          /* owned; ascending: rest nights and nights
	                             * ended by a time-out, which pause streaks */
	size_t npause;
};

static void history_free(struct history *h)
{
	free(h->nights);
	free(h->rest);
	free(h->pause);
	memset(h, 0, sizeof(*h));
}

/* Merges the rest nights and the time-out nights into h->pause. */
static enum tend_status pauses(struct history *h)
{
	size_t i = 0, j = 0;

	h->pause = malloc((h->nrest + h->nnights + 1) * sizeof(*h->pause));
	if (!h->pause)
		return TEND_ERR_NOMEM;
	for (;;) {
		while (j < h->nnights && !h->nights[j].timeout)
			j++;
		if (i < h->nrest && (j >= h->nnights || h->rest[i] <= h->nights[j].night)) {
			if (j < h->nnights && h->rest[i] == h->nights[j].night)
				j++;
			h->pause[h->npause++] = h->rest[i++];
		} else if (j < h->nnights) {
			h->pause[h->npause++] = h->nights[j++].night;
		} else {
			break;
		}
	}
	return TEND_OK;
}

/* Until when in the day home still speaks of last night (or until the
 * ritual time, when that comes first): the morning after. */
#define NOON_MIN (12 * 60)

#define FOLD_BEHIND 400
#define FOLD_RENEW 800
_Static_assert(FOLD_BEHIND > STREAK_REST_WINDOW_MAX + 1 && FOLD_BEHIND > APP_CALENDAR_NIGHTS,
               "the kept walk ends before every night app_stats looks at one by one");

/* The nights after `after` (STORE_ALL_NIGHTS: all). */
static enum tend_status history_load(struct app *app, int64_t after, struct history *h)
{
	enum tend_status st;

	memset(h, 0, sizeof(*h));
	if ((st = store_nights(app->store, after, &h->nights, &h->nnights)) != TEND_OK)
		return st;
	if ((st = store_rest_list(app->store, after, &h->rest, &h->nrest)) != TEND_OK ||
	    (st = pauses(h)) != TEND_OK)
		history_free(h);
	return st;
}

/* Nights (ascending) on which `pillar` was ticked, or that counted when
 * pillar is -1, into `out` (room for h->nnights); returns how many. */
static size_t select_nights(const struct history *h, int pillar, tend_night *out)
{
	size_t n = 0;

	for (size_t i = 0; i < h->nnights; i++) {
		bool yes = pillar < 0 ? h->nights[i].counted
		                      : (h->nights[i].pillars & (1u << pillar)) != 0;
		if (yes)
			out[n++] = h->nights[i].night;
	}
	return n;
}

static bool has_rest(const struct history *h, tend_night n)
{
	size_t lo = 0, hi = h->nrest;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (h->rest[mid] < n)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < h->nrest && h->rest[lo] == n;
}

/* What next_first learns from the newest saved check-in. */
struct last_opener {
	bool found;
	int first;
};

static int note_opener(const struct store_checkin *c, void *ctx)
{
	struct last_opener *last = ctx;

	last->found = true;
	last->first = c->first == 1;
	return 1;
}

/* The partner who opens the next check-in. */
static int next_first(struct app *app)
{
	struct last_opener last = { false, 0 };

	/* Whoever opened the newest saved check-in listens first tonight. */
	if (store_checkin_each(app->store, 1, note_opener, &last) != TEND_OK || !last.found)
		return 0;
	return 1 - last.first;
}

/* Whether the walk kept in the file may be carried on tonight. */
static bool fold_usable(const struct store_fold *kept, tend_night tonight)
{
	if ((int64_t)kept->upto > (int64_t)tonight - FOLD_BEHIND)
		return false; /* too near tonight (or the clock went back) */
	for (int k = 0; k < STORE_FOLDS; k++)
		if (!streak_fold_valid(&kept->f[k], INT32_MIN, kept->upto))
			return false;
	return true;
}

/* The first `nfolds` walks (the nightly streak's, then each pillar's) up
 * to `tonight` into f[], carried on from the kept walk when it is usable:
 * *h gets the nights they read (free with history_free). With `renew`,
 * and when the kept walk is missing or FOLD_RENEW nights old, next->f gets
 * the walks as they stood FOLD_BEHIND nights before tonight, to be kept
 * (*renew stays true then, else is made false). */
static enum tend_status walk(struct app *app, tend_night tonight, int nfolds,
                             struct history *h, struct streak_fold f[STORE_FOLDS],
                             struct store_fold *next, bool *renew)
{
	struct store_fold kept;
	tend_night *buf;
	enum tend_status st;
	bool use = store_fold_get(app->store, &kept) == TEND_OK && fold_usable(&kept, tonight);
	bool snap = renew && *renew &&
	            (!use || (int64_t)kept.upto < (int64_t)tonight - FOLD_RENEW);

	if (renew)
		*renew = snap;
	if ((st = history_load(app, use ? kept.upto : STORE_ALL_NIGHTS, h)) != TEND_OK)
		return st;
	if (!(buf = malloc((h->nnights + 1) * sizeof(*buf)))) {
		history_free(h);
		return TEND_ERR_NOMEM;
	}
	next->upto = (tend_night)(tonight - FOLD_BEHIND);
	for (int k = 0; k < nfolds; k++) {
		size_t n = select_nights(h, k - 1, buf);

		if (use)
			f[k] = kept.f[k];
		else
			streak_fold_start(&f[k]);
		streak_fold_walk(&f[k], buf, n, h->pause, h->npause, tonight,
		                 snap ? next->upto : tonight, snap ? &next->f[k] : NULL);
	}
	free(buf);
	return TEND_OK;
}

/* The day night `n` was, with `row` its saved check-ins (NULL: none): the
 * one rule for the calendar and for tonight. */
static enum app_day night_day(const struct history *h, const struct store_night *row,
                              tend_night n, tend_night tonight)
{
	if (row)
		return row->counted ? APP_DAY_DONE : row->timeout ? APP_DAY_TIMEOUT : APP_DAY_SHORT;
	if (has_rest(h, n))
		return APP_DAY_REST;
	return n == tonight ? APP_DAY_TONIGHT : APP_DAY_EMPTY;
}

/* The first night from `tonight` on that may be a rest night, given the
 * rest nights before it; 0 when that is not about the window. */
static tend_night rest_next(const struct history *h, tend_night tonight, int window)
{
	tend_night last = 0;
	bool found = false;

	for (size_t i = 0; i < h->nrest; i++) {
		tend_night d = h->rest[i] - tonight;

		if (d > -window && d <= 0) {
			last = h->rest[i];
			found = true;
		}
	}
	return found && last + window > tonight ? last + window : 0;
}

/* Whether the gentle "when to get help" notice is due: APP_STALL_AT of the
 * last APP_STALL_OF check-ins stalled: ended by a time-out, or ended before
 * they could count (their metadata only; a check-in ended in its last third
 * still counted and is no stall), and it was not shown in the last
 * APP_STALL_QUIET nights. */
static bool stall_due(struct app *app, tend_night tonight)
{
	struct store_ending end[APP_STALL_OF];
	size_t n = 0, hard = 0;
	int64_t shown = INT32_MIN;

	if (store_recent_endings(app->store, end, APP_STALL_OF, &n) != TEND_OK)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!end[i].counted || end[i].ended == STORE_ENDED_TIMEOUT)
			hard++;
	if (hard < APP_STALL_AT)
		return false;
	if (store_setting_get(app->store, "stall_shown", &shown) != TEND_OK)
		return false;
	return (int64_t)tonight - shown >= APP_STALL_QUIET || shown > tonight;
}

enum tend_status app_stats(struct app *app, time_t now, struct app_stats *out)
{
	struct history h;
	struct store_fold next;
	struct streak_fold f[STORE_FOLDS];
	enum tend_status st;
	bool renew = !app->readonly;
	size_t j = 0;

	memset(out, 0, sizeof(*out));
	out->tonight = night_of(now, app->boundary_min);
	if ((st = walk(app, out->tonight, STORE_FOLDS, &h, f, &next, &renew)) != TEND_OK)
		return st;
	streak_fold_end(&f[0], out->tonight, &out->nightly);
	for (int p = 0; p < PILLAR_COUNT; p++)
		streak_fold_end(&f[1 + p], out->tonight, &out->pillar[p]);
	out->nights_total = f[0].done;
	/* A cache: when it cannot be written (another tend, a full disk) the
	 * next look walks everything again, nothing worse. Not written while
	 * nothing is that old. */
	for (int k = 0; renew && k < STORE_FOLDS; k++)
		if (next.f[k].seen) {
			(void)store_fold_put(app->store, &next);
			break;
		}

	/* The calendar: walk the nights alongside the 56 days, both ascending. */
	for (int i = 0; i < APP_CALENDAR_NIGHTS; i++) {
		tend_night n = out->tonight - (APP_CALENDAR_NIGHTS - 1) + i;
		enum app_day day;

		while (j < h.nnights && h.nights[j].night < n)
			j++;
		day = night_day(&h, j < h.nnights && h.nights[j].night == n ? &h.nights[j] : NULL, n,
		                out->tonight);
		out->calendar[i] = day;
		if (day == APP_DAY_DONE && i >= APP_CALENDAR_NIGHTS - APP_TOGETHER_WINDOW)
			out->together++;
	}
	out->tonight_timeout = out->calendar[APP_CALENDAR_NIGHTS - 1] == APP_DAY_TIMEOUT;
	out->tonight_done = out->calendar[APP_CALENDAR_NIGHTS - 1] == APP_DAY_DONE;
	out->tonight_rest = has_rest(&h, out->tonight);
	out->rest_allowed = !out->tonight_done && !out->tonight_rest &&
	                    streak_rest_allowed(h.rest, h.nrest, out->tonight, app->rest_window);
	out->rest_next = out->rest_allowed ? 0 : rest_next(&h, out->tonight, app->rest_window);
	out->first_tonight = next_first(app);
	out->early = night_early(now, app->boundary_min, NOON_MIN) &&
	             night_early(now, app->boundary_min, app->ritual_min);
	out->stall = stall_due(app, out->tonight);
	history_free(&h);
	return TEND_OK;
}

enum tend_status app_tonight(struct app *app, time_t now, struct app_tonight *out)
{
	struct history h;
	struct store_fold unused;
	struct streak_fold f[STORE_FOLDS];
	struct store_checkin draft;
	const struct store_night *row = NULL, *prev = NULL;
	enum tend_status st;
	enum app_day day;
	bool held = false;

	memset(out, 0, sizeof(*out));
	out->tonight = night_of(now, app->boundary_min);
	/* The nightly walk alone, and nothing kept: this may run on every
	 * shell prompt, on a database opened read-only. */
	if ((st = walk(app, out->tonight, 1, &h, f, &unused, NULL)) != TEND_OK)
		return st;
	streak_fold_end(&f[0], out->tonight, &out->nightly);
	out->nights_total = f[0].done;
	/* The last APP_TOGETHER_WINDOW nights, newest first (past any night
	 * after tonight, which a clock set back can leave). */
	for (size_t i = h.nnights; i-- > 0;) {
		const struct store_night *n = &h.nights[i];

		if (n->night <= out->tonight - APP_TOGETHER_WINDOW)
			break;
		if (n->night == out->tonight)
			row = n;
		if (n->night == out->tonight - 1)
			prev = n;
		if (n->night <= out->tonight && n->counted)
			out->together++;
	}
	/* In the order home says them: a counted check-in first, even on a
	 * rest night. */
	day = night_day(&h, row, out->tonight, out->tonight);
	out->state = day == APP_DAY_DONE ? APP_TONIGHT_DONE
	             : has_rest(&h, out->tonight) ? APP_TONIGHT_REST
	             : day == APP_DAY_TIMEOUT ? APP_TONIGHT_TIMEOUT
	             : day == APP_DAY_SHORT ? APP_TONIGHT_SHORT : APP_TONIGHT_NOT_YET;
	/* Early in the day after last night's check-in, what just happened
	 * (home's rule: app_stats' `early`). */
	if (out->state == APP_TONIGHT_NOT_YET && night_early(now, app->boundary_min, NOON_MIN) &&
	    night_early(now, app->boundary_min, app->ritual_min) &&
	    night_day(&h, prev, out->tonight - 1, out->tonight) == APP_DAY_DONE)
		out->state = APP_TONIGHT_LAST_NIGHT;
	history_free(&h);
	out->first = next_first(app);
	/* A check-in begun and not saved: under way while a screen is open on
	 * the database (whatever night it began), else waiting to be finished
	 * when it was tonight's. */
	st = store_checkin_draft(app->store, &draft);
	if (st == TEND_ERR_NOT_FOUND)
		return TEND_OK;
	if (st != TEND_OK || (st = store_session_held(app->store, &held)) != TEND_OK)
		return st;
	if (held)
		out->state = APP_TONIGHT_UNDER_WAY;
	else if (draft.night == out->tonight &&
	         (out->state == APP_TONIGHT_NOT_YET || out->state == APP_TONIGHT_SHORT))
		out->state = APP_TONIGHT_INTERRUPTED;
	return TEND_OK;
}

enum tend_status app_stall_shown(struct app *app, time_t now)
{
	enum tend_status st;

	if ((st = store_begin(app->store)) != TEND_OK)
		return st;
	return app_txn_end(app->store, store_setting_put(app->store, "stall_shown",
	                                                 night_of(now, app->boundary_min)));
}

/* Whether tonight may become a rest night, with the reason when not; fills
 * *s. Writes nothing. */
static enum tend_status rest_check(struct app *app, time_t now, struct app_stats *sp,
                                   char *err, size_t errlen)
{
	struct app_stats s;
	struct history h;
	enum tend_status st;

	if ((st = app_stats(app, now, &s)) != TEND_OK)
		return st;
	*sp = s;
	if (s.tonight_rest) {
		app_errf(err, errlen, "Tonight is already a rest night.");
		return TEND_ERR_EXISTS;
	}
	if (s.tonight_done) {
		app_errf(err, errlen, "Tonight already has a check-in; no rest needed.");
		return TEND_ERR_EXISTS;
	}
	if (!s.rest_allowed) {
		char date[16] = "recently";

		if (history_load(app, (int64_t)s.tonight - app->rest_window, &h) == TEND_OK) {
			for (size_t i = 0; i < h.nrest; i++) {
				tend_night d = h.rest[i] - s.tonight;
				if (d > -app->rest_window && d < app->rest_window)
					night_format(h.rest[i], date, sizeof(date));
			}
			history_free(&h);
		}
		if (s.rest_next) {
			char when[16];

			night_format(s.rest_next, when, sizeof(when));
			app_errf(err, errlen, "You had a rest night on %s. You can take one in "
			         "any %d nights, so the next can be on %s. Tonight, even a few "
			         "minutes together is plenty.", date, app->rest_window, when);
		} else {
			app_errf(err, errlen, "You had a rest night on %s; you can take one in "
			         "any %d nights.", date, app->rest_window);
		}
		return TEND_ERR_DENIED;
	}
	return TEND_OK;
}

enum tend_status app_rest_check(struct app *app, time_t now, char *err, size_t errlen)
{
	struct app_stats s;

	return rest_check(app, now, &s, err, errlen);
}

enum tend_status app_rest_tonight(struct app *app, time_t now, char *err, size_t errlen)
{
	struct app_stats s;
	enum tend_status st;

	if ((st = rest_check(app, now, &s, err, errlen)) != TEND_OK)
		return st;
	if ((st = store_begin(app->store)) != TEND_OK)
		return st;
	return app_txn_end(app->store, store_rest_add(app->store, s.tonight));
}

enum tend_status app_rest_undo(struct app *app, time_t now)
{
	enum tend_status st;
	tend_night tonight = night_of(now, app->boundary_min);

	if ((st = store_begin(app->store)) != TEND_OK)
		return st;
	return app_txn_end(app->store, store_rest_delete(app->store, tonight));
}
