/* stats.c: streaks, the calendar of nights and rest nights, computed from
 * the plaintext metadata only (no passphrase needed). */
#include <stdlib.h>
#include <string.h>

#include "app_internal.h"

/* The history needed for streaks: nights with check-ins and rest nights. */
struct history {
	struct store_night *nights; /* owned; ascending */
	size_t nnights;
	tend_night *rest;           /* owned; ascending */
	size_t nrest;
};

static void history_free(struct history *h)
{
	free(h->nights);
	free(h->rest);
	memset(h, 0, sizeof(*h));
}

static enum tend_status history_load(struct app *app, struct history *h)
{
	enum tend_status st;

	memset(h, 0, sizeof(*h));
	if ((st = store_nights(app->store, &h->nights, &h->nnights)) != TEND_OK)
		return st;
	if ((st = store_rest_list(app->store, &h->rest, &h->nrest)) != TEND_OK)
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

/* Computes every streak of `h` on `tonight`; `buf` has room for h->nnights. */
static void streaks(const struct history *h, tend_night tonight, tend_night *buf,
                    struct streak_run *nightly, struct streak_run pillar[PILLAR_COUNT])
{
	size_t n = select_nights(h, -1, buf);

	streak_compute(buf, n, h->rest, h->nrest, tonight, nightly);
	for (int p = 0; p < PILLAR_COUNT; p++) {
		n = select_nights(h, p, buf);
		streak_compute(buf, n, h->rest, h->nrest, tonight, &pillar[p]);
	}
}

enum tend_status app_stats(struct app *app, time_t now, struct app_stats *out)
{
	struct history h;
	tend_night *buf;
	enum tend_status st;
	size_t j = 0;

	memset(out, 0, sizeof(*out));
	if ((st = history_load(app, &h)) != TEND_OK)
		return st;
	buf = malloc((h.nnights + 1) * sizeof(*buf));
	if (!buf) {
		history_free(&h);
		return TEND_ERR_NOMEM;
	}
	out->tonight = night_of(now, app->boundary_min);
	streaks(&h, out->tonight, buf, &out->nightly, out->pillar);
	out->nights_total = (int)select_nights(&h, -1, buf);
	free(buf);

	/* The calendar: walk the nights alongside the 56 days, both ascending. */
	for (int i = 0; i < APP_CALENDAR_NIGHTS; i++) {
		tend_night n = out->tonight - (APP_CALENDAR_NIGHTS - 1) + i;
		enum app_day day = n == out->tonight ? APP_DAY_TONIGHT : APP_DAY_EMPTY;

		while (j < h.nnights && h.nights[j].night < n)
			j++;
		if (has_rest(&h, n))
			day = APP_DAY_REST;
		if (j < h.nnights && h.nights[j].night == n)
			day = h.nights[j].counted ? APP_DAY_DONE : APP_DAY_SHORT;
		out->calendar[i] = day;
	}
	out->tonight_done = out->calendar[APP_CALENDAR_NIGHTS - 1] == APP_DAY_DONE;
	out->tonight_rest = has_rest(&h, out->tonight);
	out->rest_allowed = !out->tonight_done && !out->tonight_rest &&
	                    streak_rest_allowed(h.rest, h.nrest, out->tonight, app->rest_window);
	out->first_tonight = next_first(app);
	history_free(&h);
	return TEND_OK;
}

enum tend_status app_rest_tonight(struct app *app, time_t now, char *err, size_t errlen)
{
	struct app_stats s;
	struct history h;
	enum tend_status st;

	if ((st = app_stats(app, now, &s)) != TEND_OK)
		return st;
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

		if (history_load(app, &h) == TEND_OK) {
			for (size_t i = 0; i < h.nrest; i++) {
				tend_night d = h.rest[i] - s.tonight;
				if (d > -app->rest_window && d < app->rest_window)
					night_format(h.rest[i], date, sizeof(date));
			}
			history_free(&h);
		}
		app_errf(err, errlen, "There was a rest night on %s; one rest night in any "
		         "%d nights keeps the habit honest.", date, app->rest_window);
		return TEND_ERR_DENIED;
	}
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
