/* history.c: the saved check-ins, newest first, and one opened: its plan,
 * times and pillars (no passphrase needed) and the note and reflections the
 * reader may see (after unlocking). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tend/mem.h"
#include "tend/utf8.h"
#include "ui_internal.h"

/* The check-ins listed (metadata only): only a window of them around the
 * rows on screen is read (app_history_page), never the whole history, so
 * the list costs the same at any length of history. */
struct hist {
	size_t total;                /* saved check-ins */
	size_t first;                /* the index (newest first) of it[0] */
	struct app_history_item *it; /* owned: the window */
	size_t n;
};

/* Check-in `i` (newest first), which the window must hold. */
static const struct app_history_item *hist_at(const struct hist *l, size_t i)
{
	return i >= l->first && i < l->first + l->n ? &l->it[i - l->first] : NULL;
}

/* Reverses a[0, n). */
static void hist_reverse(struct app_history_item *a, size_t n)
{
	for (size_t i = 0; i < n / 2; i++) {
		struct app_history_item t = a[i];

		a[i] = a[n - 1 - i];
		a[n - 1 - i] = t;
	}
}

/* Makes the window hold check-ins [lo, hi) (hi clamped to the total),
 * reading only what it lacks: from the window's own ends, or from either
 * end of the history when the two do not meet. */
static enum tend_status hist_window(struct ui *u, struct hist *l, size_t lo, size_t hi)
{
	struct app_history_item *w;
	size_t want, got = 0, k;
	enum tend_status st = TEND_OK;

	if (hi > l->total)
		hi = l->total;
	if (lo >= hi) {
		l->n = 0;
		l->first = lo;
		return TEND_OK;
	}
	if (lo >= l->first && hi <= l->first + l->n)
		return TEND_OK;
	want = hi - lo;
	if (!(w = calloc(want, sizeof(*w))))
		return TEND_ERR_NOMEM;
	if (lo >= l->first && lo < l->first + l->n) {
		/* Scrolled down: keep what overlaps, read on past its end. */
		k = l->first + l->n - lo;
		memcpy(w, &l->it[lo - l->first], k * sizeof(*w));
		st = app_history_page(u->app, &w[k - 1], true, w + k, want - k, &got);
		got += k;
	} else if (hi > l->first && hi <= l->first + l->n && lo < l->first) {
		/* Scrolled up: read back from its start, keep what overlaps. */
		k = l->first - lo;
		st = app_history_page(u->app, &l->it[0], false, w, k, &got);
		hist_reverse(w, got);
		if (st == TEND_OK && got == k) {
			memcpy(w + k, l->it, (hi - l->first) * sizeof(*w));
			got = want;
		}
	} else if (lo == 0 || lo < l->total - hi) {
		/* Far away, nearer the newest: read from the newest on. */
		if (lo == 0) {
			st = app_history_page(u->app, NULL, true, w, want, &got);
		} else {
			struct app_history_item *skip = calloc(lo, sizeof(*skip));

			/* Only Home and End jump; this is a safety net. */
			st = skip ? app_history_page(u->app, NULL, true, skip, lo, &k) : TEND_ERR_NOMEM;
			if (st == TEND_OK && k == lo)
				st = app_history_page(u->app, &skip[lo - 1], true, w, want, &got);
			free(skip);
		}
	} else {
		/* Nearer the oldest: read from the oldest back. */
		size_t tail = l->total - lo;
		struct app_history_item *t = tail > want ? calloc(tail, sizeof(*t)) : w;

		st = t ? app_history_page(u->app, NULL, false, t, tail, &k) : TEND_ERR_NOMEM;
		if (st == TEND_OK) {
			hist_reverse(t, k);
			got = k < want ? k : want;
			if (t != w)
				memcpy(w, t, got * sizeof(*w));
		}
		if (t != w)
			free(t);
	}
	if (st != TEND_OK) {
		free(w);
		return st;
	}
	free(l->it);
	l->it = w;
	l->first = lo;
	l->n = got; /* fewer when the history changed beneath the screen */
	return TEND_OK;
}

/* "ran 12:03 of 15:00". */
static void ran_text(const struct app_history_item *h, char *buf, size_t size)
{
	char a[16], b[16];

	ui_clock(h->ran_s, a, sizeof(a));
	ui_clock(h->planned_s, b, sizeof(b));
	snprintf(buf, size, "ran %s of %s", a, b);
}

/* The list's columns, left to right. */
enum hist_col { HC_NIGHT, HC_PLAN, HC_TIME, HC_COUNTED, HC_PILLARS, HC_COUNT };

/* Each column's heading and width (the pillars take what is left). On a
 * narrow window whole columns are left out, least needed first: the
 * pillars, then the time, then the plan; the night and whether it counted
 * always show. */
static const struct {
	const char *head;
	int w;
} hist_cols[HC_COUNT] = {
	[HC_NIGHT] = { "Night", 10 },    [HC_PLAN] = { "Plan", 8 },
	[HC_TIME] = { "Time", 11 },      [HC_COUNTED] = { "Counted", 8 },
	[HC_PILLARS] = { "Pillars", 0 },
};
static const enum hist_col hist_drop[] = { HC_TIME, HC_PLAN };
#define HIST_SEP 2           /* columns between two columns */
#define HIST_PILLARS_MIN 8   /* the least room the pillars column is shown in */
#define HIST_PLAN_WIDE 16    /* the plan's width when the window has room */

/* Sets x[k] (relative to the list's left edge) and w[k] (0: left out) of
 * each column for a list `width` columns wide. */
static void hist_layout(int width, int x[HC_COUNT], int w[HC_COUNT])
{
	size_t d = 0;
	int used;

	for (int k = 0; k < HC_COUNT; k++)
		w[k] = hist_cols[k].w;
	if (width >= 100)
		w[HC_PLAN] = HIST_PLAN_WIDE;
	for (;; d++) {
		used = -HIST_SEP;
		for (int k = 0; k < HC_COUNT; k++)
			used += w[k] ? w[k] + HIST_SEP : 0;
		if (used <= width || d == sizeof(hist_drop) / sizeof(hist_drop[0]))
			break;
		w[hist_drop[d]] = 0;
	}
	/* the pillars only beside every other column */
	if (d == 0 && width - used - HIST_SEP >= HIST_PILLARS_MIN)
		w[HC_PILLARS] = width - used - HIST_SEP;
	used = 0;
	for (int k = 0; k < HC_COUNT; k++) {
		x[k] = used;
		if (w[k])
			used += w[k] + HIST_SEP;
	}
}

/* The text of column `k` of check-in `h`. */
static void hist_cell(const struct app_history_item *h, enum hist_col k, char *buf, size_t size)
{
	char a[16], b[16];

	buf[0] = '\0';
	switch (k) {
	case HC_NIGHT:
		night_format(h->night, buf, size);
		break;
	case HC_PLAN:
		snprintf(buf, size, "%s", h->plan);
		break;
	case HC_TIME:
		ui_clock(h->ran_s, a, sizeof(a));
		ui_clock(h->planned_s, b, sizeof(b));
		snprintf(buf, size, "%s/%s", a, b);
		break;
	case HC_COUNTED:
		snprintf(buf, size, "%s", h->counted ? "yes"
		         : h->ended == APP_ENDED_TIMEOUT ? "time-out" : "short");
		break;
	case HC_PILLARS:
		for (int p = 0; p < PILLAR_COUNT; p++) {
			if (!(h->pillars & (1u << p)))
				continue;
			if (buf[0])
				strncat(buf, " ", size - strlen(buf) - 1);
			strncat(buf, ui_pillar_tag(p), size - strlen(buf) - 1);
		}
		if (h->parked)
			snprintf(buf + strlen(buf), size - strlen(buf), "%s[%zu parked]",
			         buf[0] ? " " : "", h->parked);
		break;
	case HC_COUNT:
		break;
	}
}

/* Draws one row of the list at y from x: the headings (h NULL) or
 * check-in h, each shown column in its place. */
static void hist_row(struct ui *u, const struct app_history_item *h, int y, int x,
                     const int cx[HC_COUNT], const int cw[HC_COUNT], attr_t attr)
{
	for (int k = 0; k < HC_COUNT; k++) {
		char cell[96];

		if (!cw[k])
			continue;
		if (h)
			hist_cell(h, (enum hist_col)k, cell, sizeof(cell));
		else
			snprintf(cell, sizeof(cell), "%s", hist_cols[k].head);
		ui_put(u, y, x + cx[k], cell, (size_t)-1, cw[k], attr);
	}
}

/* State of one app_read_each walk into a document. */
struct hist_read {
	struct ui *u;
	struct ui_doc *doc;
	int reader;
	int shown;
	enum tend_status st;
};

/* app_read_each callback: adds one note or reflection to the document. */
static int hist_item(const struct app_item *it, void *ctx)
{
	struct hist_read *hr = ctx;
	const char *author = app_name(hr->u->app, it->author);
	enum tend_status st = TEND_OK;

	hr->shown++;
	if (it->status == TEND_ERR_FORGED) {
		st = ui_doc_addf(hr->doc, UI_WARNING, A_NORMAL, 0,
		                 "This entry claims to be %s's private one but was not written "
		                 "with %s's key: someone else put it in the file (#%lld)",
		                 author, author, (long long)it->id);
		if (st == TEND_OK)
			st = ui_doc_add(hr->doc, UI_NORMAL, A_NORMAL, 0, "", 0, false);
		hr->st = st;
		return st != TEND_OK;
	}
	if (it->status != TEND_OK || !it->text) {
		st = ui_doc_addf(hr->doc, UI_WARNING, A_NORMAL, 0,
		                 "This entry was damaged or changed and cannot be opened (#%lld)",
		                 (long long)it->id);
		if (st == TEND_OK)
			st = ui_doc_add(hr->doc, UI_NORMAL, A_NORMAL, 0, "", 0, false);
		hr->st = st;
		return st != TEND_OK;
	}
	if (it->kind == APP_ENTRY_NOTE)
		st = ui_doc_addf(hr->doc, UI_ACCENT, A_NORMAL, 0, "Your note together");
	else if (it->kind == APP_ENTRY_TOPIC)
		st = ui_doc_addf(hr->doc, UI_ACCENT, A_NORMAL, 0, "Parked for your weekly talk");
	else if (it->kind == APP_ENTRY_AGREEMENT)
		st = ui_doc_addf(hr->doc, UI_ACCENT, A_NORMAL, 0, "Your trial agreement");
	else if (it->kind == APP_ENTRY_TOGETHER)
		st = ui_doc_addf(hr->doc, UI_ACCENT, A_NORMAL, 0, "Next together");
	else
		st = ui_doc_addf(hr->doc, UI_ACCENT, A_NORMAL, 0, "%s %s %s", author,
		                 hr->u->utf8 ? "\xc2\xb7" : "-",
		                 it->shared ? "shared" : "only you");
	if (st == TEND_OK && it->question)
		st = ui_doc_add(hr->doc, UI_MUTED, A_NORMAL, 2, it->question, strlen(it->question),
		                true);
	if (st == TEND_OK)
		st = it->len ? ui_doc_add(hr->doc, UI_NORMAL, A_NORMAL, 2, it->text, it->len, true)
		             : ui_doc_add(hr->doc, UI_MUTED, A_NORMAL, 2, "(left empty)", 12, false);
	if (st == TEND_OK)
		st = ui_doc_add(hr->doc, UI_NORMAL, A_NORMAL, 0, "", 0, false);
	hr->st = st;
	return st != TEND_OK;
}

/* Builds the document of check-in `h` for the unlocked reader. */
static enum tend_status hist_doc(struct ui *u, const struct app_history_item *h,
                                 struct ui_doc *d)
{
	static const int kinds[] = { APP_ENTRY_NOTE, APP_ENTRY_AGREEMENT, APP_ENTRY_TOGETHER,
	                             APP_ENTRY_TOPIC, APP_ENTRY_REFLECTION };
	struct hist_read hr = { u, d, app_reader_partner(u->reader), 0, TEND_OK };
	char date[40], ran[48], tags[200] = "";
	enum tend_status st;

	ui_night_long(h->night, date, sizeof(date));
	ran_text(h, ran, sizeof(ran));
	for (int p = 0; p < PILLAR_COUNT; p++) {
		if (!(h->pillars & (1u << p)))
			continue;
		if (tags[0])
			strncat(tags, ", ", sizeof(tags) - strlen(tags) - 1);
		strncat(tags, pillar_name(p), sizeof(tags) - strlen(tags) - 1);
	}
	if ((st = ui_doc_addf(d, UI_ACCENT, A_BOLD, 0, "Check-in of %s", date)) != TEND_OK ||
	    (st = ui_doc_addf(d, UI_NORMAL, A_NORMAL, 0, "Plan: %s %s %s %s %s", h->plan,
	                      ui_dot(u), ran, ui_dot(u),
	                      h->counted ? "counted"
	                      : h->ended == APP_ENDED_TIMEOUT ? "a time-out: streaks paused"
	                                                      : "short")) != TEND_OK ||
	    (st = ui_doc_addf(d, UI_NORMAL, A_NORMAL, 0, "%s opened.",
	                      app_name(u->app, h->first == 1))) != TEND_OK ||
	    (st = ui_doc_addf(d, UI_NORMAL, A_NORMAL, 0, "Pillars practised: %s",
	                      tags[0] ? tags : "none ticked")) != TEND_OK ||
	    (st = ui_doc_add(d, UI_NORMAL, A_NORMAL, 0, "", 0, false)) != TEND_OK)
		return st;
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		struct app_read_filter f = { h->id, kinds[k], -1 };

		st = app_read_each(u->reader, &f, hist_item, &hr);
		if (st == TEND_OK)
			st = hr.st;
		if (st != TEND_OK)
			return st;
	}
	if (hr.shown == 0)
		st = ui_doc_addf(d, UI_MUTED, A_NORMAL, 0,
		                 "Nothing written on this night that %s can read.",
		                 app_name(u->app, hr.reader));
	return st;
}

/* Opens check-in `h`: unlocks if needed, then shows it. */
static enum ui_result hist_open(struct ui *u, const struct app_history_item *h)
{
	struct ui_doc d = { 0 };
	enum ui_result r;
	enum tend_status st;

	if ((r = ui_unlock(u)) != UI_DONE)
		return r == UI_CANCEL ? UI_DONE : r;
	st = hist_doc(u, h, &d);
	if (st != TEND_OK) {
		ui_doc_free(&d);
		ui_say(u, "Could not open it: %s.", tend_strerror(st));
		return UI_DONE;
	}
	r = ui_doc_view(u, "A past check-in", &d, UI_READER);
	ui_doc_free(&d);
	return r;
}

/* app_read_each callback: the ids of the reader's own reflections. */
struct own_ids {
	int64_t id[2 * APP_QUESTIONS + 8];
	size_t n;
};

static int own_one(const struct app_item *it, void *ctx)
{
	struct own_ids *o = ctx;

	if (o->n < sizeof(o->id) / sizeof(o->id[0]))
		o->id[o->n++] = it->id;
	return 0;
}

/* [d]: forgets what the reader wrote on night `h` (their reflections), or
 * the whole night for both, after unlocking and asking. */
static enum ui_result hist_forget(struct ui *u, const struct app_history_item *h)
{
	static const char *const keys[] = { "1", "what you wrote", "2", "the whole night",
	                                    "Esc", "keep it all", NULL };
	char date[40], text[900];
	enum tend_status st = TEND_OK;
	enum ui_result r;
	bool yes = false, wiped = false;
	int me, choice = 0;

	if ((r = ui_unlock(u)) != UI_DONE)
		return r == UI_CANCEL ? UI_DONE : r;
	me = app_reader_partner(u->reader);
	ui_night_long(h->night, date, sizeof(date));
	snprintf(text, sizeof(text),
	         "What would you like to forget of the check-in of %s?\n\n"
	         "[1] What %s wrote: your reflections. The note and %s's stay.\n\n"
	         "[2] The whole night: the check-in with its note and what both of you wrote. "
	         "It will no longer count for your streaks.\n\n"
	         "Either way it is wiped from this laptop's file and cannot be brought back "
	         "(a backup made before still holds it).",
	         date, app_name(u->app, me), app_name(u->app, !me));
	while (!choice) {
		struct ui_ev ev;

		ui_text_screen(u, "Forget", keys, text, A_NORMAL);
		ev = ui_next(u, -1, UI_READER);
		if (ev.kind == UI_EV_QUIT)
			return UI_QUIT;
		if (ev.kind == UI_EV_LOCK)
			return UI_LOCKED;
		if (ev.kind != UI_EV_KEY)
			continue;
		if (ev.key == '1' || ev.key == '2')
			choice = ev.key - '0';
		else if (ev.key == UI_ESC || ev.key == 'q')
			return UI_DONE;
	}
	r = ui_confirm(u, "Forget", choice == 1 ? "Forget your reflections of that night for good?"
	               : "Forget the whole night, for both of you, for good?", &yes);
	if (r != UI_DONE || !yes)
		return r;
	if (!u->reader)
		return UI_LOCKED;
	if (choice == 1) {
		struct app_read_filter f = { h->id, APP_ENTRY_REFLECTION, me };
		struct own_ids o = { .n = 0 };
		int64_t bad = 0;

		st = app_read_each(u->reader, &f, own_one, &o);
		if (st == TEND_OK && o.n == 0) {
			ui_news(u, "You wrote nothing that night: there is nothing of yours to forget.");
			return UI_DONE;
		}
		if (st == TEND_OK)
			st = app_forget_entries(u->reader, o.id, o.n, &bad, &wiped);
		if (st == TEND_OK)
			ui_news(u, "Your reflections of that night are forgotten.");
	} else {
		int n = 0;

		st = app_forget_night(u->reader, h->night, &n, &wiped);
		if (st == TEND_OK)
			ui_news(u, "The night of %s is forgotten.", date);
	}
	if (st != TEND_OK)
		ui_say(u, "Could not forget it: %s.", tend_strerror(st));
	return UI_DONE;
}

/* Draws the list with row `sel` chosen, scrolled from *top, reading the
 * window of rows around it first. */
static void hist_draw(struct ui *u, struct hist *l, int sel, int *top)
{
	static const char *const keys[] = { "Up/Down", "choose", "Enter", "open", "d", "forget",
	                                    "Esc", "back", NULL };
	static const char *const keys_open[] = { "Up/Down", "choose", "Enter", "open", "d",
	                                         "forget", "L", "lock", "Esc", "back", NULL };
	struct ui_rect c;
	char right[32];
	enum tend_status st;
	int cx[HC_COUNT], cw[HC_COUNT];

	snprintf(right, sizeof(right), "%zu saved", l->total);
	if (!ui_frame(u, "History", right, u->reader ? keys_open : keys, UI_MIN_W, UI_MIN_H, &c)) {
		ui_show(u);
		return;
	}
	if (l->total == 0) {
		ui_put(u, c.y + 1, c.x + 1, "No check-ins saved yet. They will show here.", (size_t)-1,
		       c.w - 2, ui_attr(u, UI_MUTED));
		ui_show(u);
		return;
	}
	hist_layout(c.w - 2, cx, cw);
	hist_row(u, NULL, c.y, c.x + 1, cx, cw, A_BOLD);
	c.y++;
	c.h--;
	if (sel < *top)
		*top = sel;
	if (sel >= *top + c.h)
		*top = sel - c.h + 1;
	/* A screen's worth on either side, so a page up or down reads one. */
	if ((st = hist_window(u, l, (size_t)(*top > c.h ? *top - c.h : 0),
	                      (size_t)*top + 2 * (size_t)c.h)) != TEND_OK)
		ui_say(u, "Could not read the history: %s.", tend_strerror(st));
	for (int row = 0; row < c.h && *top + row < (int)l->total; row++) {
		const struct app_history_item *h = hist_at(l, (size_t)(*top + row));
		int i = *top + row;

		if (!h)
			break;
		if (i == sel) {
			attrset(A_REVERSE);
			mvhline(c.y + row, c.x, ' ', c.w);
		}
		hist_row(u, h, c.y + row, c.x + 1, cx, cw,
		         i == sel ? A_REVERSE : h->counted ? A_NORMAL : ui_attr(u, UI_MUTED));
	}
	ui_show(u);
}

/* Counts the saved check-ins, and empties the window (it is read as the
 * list is drawn). */
static enum tend_status hist_load(struct ui *u, struct hist *l)
{
	free(l->it);
	*l = (struct hist){ 0 };
	return app_history_count(u->app, &l->total);
}

enum ui_result ui_history(struct ui *u)
{
	struct hist l = { 0 };
	enum tend_status st = hist_load(u, &l);
	enum ui_result r = UI_DONE;
	int sel = 0, top = 0;

	if (st != TEND_OK) {
		ui_say(u, "Could not read the history: %s.", tend_strerror(st));
		free(l.it);
		return UI_DONE;
	}
	for (;;) {
		struct ui_ev ev;
		int page = LINES > 8 ? LINES - 8 : 1;

		hist_draw(u, &l, sel, &top);
		ev = ui_next(u, -1, UI_READER);
		if (ev.kind == UI_EV_QUIT || ev.kind == UI_EV_LOCK) {
			r = ev.kind == UI_EV_QUIT ? UI_QUIT : UI_LOCKED;
			break;
		}
		if (ev.kind != UI_EV_KEY)
			continue;
		if (ev.key == UI_ESC || ev.key == 'q' || ev.key == UI_K(KEY_LEFT))
			break;
		if (ev.key == UI_K(KEY_UP) || ev.key == 'k')
			sel--;
		else if (ev.key == UI_K(KEY_DOWN) || ev.key == 'j')
			sel++;
		else if (ev.key == UI_K(KEY_PPAGE))
			sel -= page;
		else if (ev.key == UI_K(KEY_NPAGE))
			sel += page;
		else if (ev.key == UI_K(KEY_HOME))
			sel = 0;
		else if (ev.key == UI_K(KEY_END))
			sel = (int)l.total - 1;
		else if ((ui_is_enter(ev.key) || ev.key == UI_K(KEY_RIGHT)) &&
		         hist_at(&l, (size_t)sel)) {
			struct app_history_item h = *hist_at(&l, (size_t)sel);

			r = hist_open(u, &h);
			if (r == UI_QUIT || r == UI_LOCKED)
				break;
			r = UI_DONE;
		} else if (ev.key == 'd' && hist_at(&l, (size_t)sel)) {
			struct app_history_item h = *hist_at(&l, (size_t)sel);

			r = hist_forget(u, &h);
			if (r == UI_QUIT || r == UI_LOCKED)
				break;
			r = UI_DONE;
			if ((st = hist_load(u, &l)) != TEND_OK)
				ui_say(u, "Could not read the history: %s.", tend_strerror(st));
		}
		if (l.total > INT_MAX / 2)
			l.total = INT_MAX / 2; /* a count no file of tend's can hold */
		if (sel >= (int)l.total)
			sel = (int)l.total - 1;
		if (sel < 0)
			sel = 0;
	}
	free(l.it);
	return r;
}
