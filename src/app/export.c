/* export.c: taking your words out of tend (Markdown to read, or versioned
 * JSON for programs), and checking that everything in the file still opens.
 *
 * An export is made a piece at a time in guarded memory and written as it
 * goes, a chunk at once, so what it holds stays the same at any length of
 * history; the decrypted text never passes through stdio's buffers. To a
 * file (-o), a failure midway leaves nothing: the file gets its name only
 * once whole (app_file_commit). JSON gives every text back byte for byte,
 * by its escapes * (tend/escape.h). Markdown is for reading, in a terminal too: each text
 * stands between fences of backticks longer than any run of backticks
 * inside it, exactly as written, but for what would steer a terminal (a
 * control character, a bidirectional override, a byte that is not UTF-8:
 * none of which tend lets anyone write), which is shown as \x1b and the
 * like, like everything tend prints. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app_internal.h"
#include "tend/escape.h"
#include "tend/mem.h"

#define EXPORT_VERSION 1

/* A growing buffer in guarded memory: decrypted text only ever lives in
 * such memory. Growing copies into a bigger block and wipes the old one. */
struct sbuf {
	char *p;
	size_t len, cap;
	bool nomem;
};

static void sbuf_free(struct sbuf *b)
{
	vault_secure_free(b->p); /* wipes */
	memset(b, 0, sizeof(*b));
}

/* Makes room for `n` more bytes and a NUL; false (and nomem) without
 * memory. */
static bool sbuf_reserve(struct sbuf *b, size_t n)
{
	if (b->nomem)
		return false;
	if (n > SIZE_MAX / 4 - b->len) {
		b->nomem = true;
		return false;
	}
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		char *p;

		while (cap < b->len + n + 1)
			cap *= 2;
		if (!(p = vault_secure_alloc(cap))) {
			b->nomem = true;
			return false;
		}
		if (b->len)
			memcpy(p, b->p, b->len);
		vault_secure_free(b->p);
		b->p = p;
		b->cap = cap;
	}
	return true;
}

static void sbuf_add(struct sbuf *b, const char *s, size_t n)
{
	if (!sbuf_reserve(b, n))
		return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void sbuf_puts(struct sbuf *b, const char *s)
{
	sbuf_add(b, s, strlen(s));
}

__attribute__((format(printf, 2, 3)))
static void sbuf_printf(struct sbuf *b, const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n > 0)
		sbuf_add(b, line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
}

/* `s` as a JSON string (escape_json): valid JSON that no terminal acts
 * on, which a program reads back as the text itself. */
static void json_str(struct sbuf *b, const char *s, size_t len)
{
	size_t n = escape_json(s, len, NULL, 0);

	if (!sbuf_reserve(b, n))
		return;
	escape_json(s, len, b->p + b->len, n + 1);
	b->len += n;
}

/* The terminal form (escape_term) of all that `in` holds, into `out`. */
static void term_form(struct sbuf *out, const struct sbuf *in)
{
	size_t n = escape_term(in->p, in->len, NULL, 0);

	if (!sbuf_reserve(out, n))
		return;
	escape_term(in->p, in->len, out->p, n + 1);
	out->len = n;
}

/* Unix seconds as local ISO 8601 with its offset: 2026-11-25T21:00:00+01:00. */
static void iso_time(int64_t t, char *buf, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char z[8];

	if (!localtime_r(&tt, &tm) || !strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm) ||
	    !strftime(z, sizeof(z), "%z", &tm) || strlen(z) != 5) {
		snprintf(buf, size, "?");
		return;
	}
	snprintf(buf + strlen(buf), size - strlen(buf), "%.3s:%.2s", z, z + 3);
}

static const char *kind_word(int kind)
{
	switch (kind) {
	case APP_ENTRY_JOURNAL: return "journal";
	case APP_ENTRY_REFLECTION: return "reflection";
	case APP_ENTRY_NOTE: return "note";
	case APP_ENTRY_TOPIC: return "topic";
	case APP_ENTRY_AGREEMENT: return "agreement";
	case APP_ENTRY_TOGETHER: return "together";
	}
	return "entry";
}

/* Where an export goes as it is made: pieces that end on whole texts
 * build in `b` and go out (Markdown in its terminal form) a chunk at a time. */
struct xout {
	int fd;
	bool md;              /* Markdown: written in its terminal form */
	struct sbuf b;        /* made, not yet written */
	struct sbuf t;        /* b's terminal form, for Markdown */
	enum tend_status st;  /* the first failure */
};

/* What an export gathers before writing. */
#define XOUT_CHUNK 65536

/* Writes out what `x` holds once it is a chunk (with `all`, whatever it
 * holds), and wipes it. Called between whole texts only, so escape_term
 * never sees a character cut in two. */
static void xout_flush(struct xout *x, bool all)
{
	struct sbuf *w = &x->b;

	if (x->st == TEND_OK && x->b.nomem)
		x->st = TEND_ERR_NOMEM;
	if (x->st != TEND_OK || (!all && x->b.len < XOUT_CHUNK) || x->b.len == 0)
		return;
	if (x->md) {
		term_form(&x->t, &x->b);
		if (x->t.nomem) {
			x->st = TEND_ERR_NOMEM;
			return;
		}
		w = &x->t;
	}
	x->st = app_write_all(x->fd, w->p, w->len);
	explicit_bzero(x->b.p, x->b.len);
	x->b.len = 0;
	if (x->t.p) {
		explicit_bzero(x->t.p, x->t.len);
		x->t.len = 0;
	}
}

/* An entry that does not open, as JSON lists it at the end. */
struct xbad {
	int64_t id;
	int kind, author;
	tend_night night;
	bool forged;
};

/* The state of one export. */
struct xwalk {
	struct app_reader *r;
	struct app *app;
	struct xout out;
	bool json;
	bool first;             /* nothing yet in the JSON list being written */
	const char *heading;    /* the Markdown section's, before its first entry */
	bool any;               /* something in that section yet */
	int64_t *ids;           /* owned: the check-ins written, for others_want */
	size_t nids, capids;
	struct xbad *bad;       /* owned: JSON's "unreadable" */
	size_t nbad, capbad;
	size_t unreadable;
	enum tend_status st;    /* the first failure of reading */
};

/* Whether the export goes on: nothing has failed. */
static bool xwalk_ok(const struct xwalk *w)
{
	return w->st == TEND_OK && w->out.st == TEND_OK;
}

/* The fence around `len` bytes of `s`: backticks, more than any run of
 * them in the text and at least three. */
static size_t fence_len(const char *s, size_t len)
{
	size_t run = 0, most = 0;

	for (size_t i = 0; i < len; i++) {
		run = s[i] == '`' ? run + 1 : 0;
		if (run > most)
			most = run;
	}
	return most < 3 ? 3 : most + 1;
}

/* A text between fences, exactly as written (then a newline, the fence). */
static void md_text(struct sbuf *b, const char *s, size_t len)
{
	size_t n = fence_len(s, len);

	for (size_t i = 0; i < n; i++)
		sbuf_add(b, "`", 1);
	sbuf_puts(b, "text\n");
	sbuf_add(b, s, len);
	sbuf_add(b, "\n", 1);
	for (size_t i = 0; i < n; i++)
		sbuf_add(b, "`", 1);
	sbuf_puts(b, "\n\n");
}

/* The pillars the couple ticked: none yet on a check-in not finished
 * (what it holds then is only what its steps would tick). */
static pillar_set ticked(const struct store_checkin *c)
{
	return c->state == STORE_CHECKIN_DONE ? c->pillars : 0;
}

static const char *weekday(tend_night n)
{
	static const char *const days[] = { "Sunday", "Monday", "Tuesday", "Wednesday",
	                                    "Thursday", "Friday", "Saturday" };

	return days[night_weekday(n)];
}

/* "Zoë's reflection, only for Zoë" and the like. */
static void md_title(struct sbuf *b, const struct app *app, const struct app_item *it)
{
	const char *who = app_name(app, it->author);
	char when[40];

	night_stamp(it->night, (time_t)it->created, when, sizeof(when));
	if (it->status != TEND_OK)
		sbuf_printf(b, "### %s's %s: %s (entry %lld)\n\n", who, kind_word(it->kind),
		            it->status == TEND_ERR_FORGED
		            ? "forged, not written with their key" : "damaged, it cannot be opened",
		            (long long)it->id);
	else if (it->kind == APP_ENTRY_NOTE)
		sbuf_printf(b, "### Your note together (entry %lld)\n\n", (long long)it->id);
	else if (it->kind == APP_ENTRY_TOPIC)
		sbuf_printf(b, "### A topic parked for the weekly talk (entry %lld)\n\n",
		            (long long)it->id);
	else if (it->kind == APP_ENTRY_AGREEMENT)
		sbuf_printf(b, "### Your trial agreement (entry %lld)\n\n", (long long)it->id);
	else if (it->kind == APP_ENTRY_TOGETHER)
		sbuf_printf(b, "### Next together (entry %lld)\n\n", (long long)it->id);
	else if (it->kind == APP_ENTRY_JOURNAL)
		sbuf_printf(b, "### %s, %s, %s (entry %lld)\n\n", when, who,
		            it->shared ? "shared" : "only for you", (long long)it->id);
	else
		sbuf_printf(b, "### %s's reflection, %s (entry %lld)\n\n", who,
		            it->shared ? "shared" : "only for you", (long long)it->id);
}

static void md_item(struct sbuf *b, const struct app *app, const struct app_item *it)
{
	md_title(b, app, it);
	if (it->status != TEND_OK)
		return;
	if (it->question && *it->question) {
		sbuf_puts(b, "Question: ");
		sbuf_puts(b, it->question);
		sbuf_puts(b, "\n\n");
	}
	md_text(b, it->text, it->len);
}

/* Keeps what JSON lists of an entry that does not open. */
static void xwalk_bad(struct xwalk *w, const struct app_item *it)
{
	if (mem_grow((void **)&w->bad, &w->capbad, w->nbad, sizeof(*w->bad)) != TEND_OK) {
		w->st = TEND_ERR_NOMEM;
		return;
	}
	w->bad[w->nbad++] = (struct xbad){ it->id, it->kind, it->author, it->night,
	                                   it->status == TEND_ERR_FORGED };
}

static void json_item(struct sbuf *b, const struct app *app, const struct app_item *it,
                      bool *first)
{
	char date[16], when[40];

	night_format(it->night, date, sizeof(date));
	iso_time(it->created, when, sizeof(when));
	sbuf_puts(b, *first ? "\n" : ",\n");
	*first = false;
	sbuf_printf(b, "    {\"id\": %lld, \"kind\": \"%s\", \"author\": ", (long long)it->id,
	            kind_word(it->kind));
	json_str(b, app_name(app, it->author), strlen(app_name(app, it->author)));
	sbuf_printf(b, ", \"shared\": %s, \"night\": \"%s\", \"written\": \"%s\", ",
	            it->shared ? "true" : "false", date, when);
	if (it->kind == APP_ENTRY_REFLECTION) {
		sbuf_puts(b, "\"question\": ");
		json_str(b, it->question ? it->question : "",
		         it->question ? strlen(it->question) : 0);
		sbuf_puts(b, ", ");
	}
	sbuf_puts(b, "\"text\": ");
	json_str(b, it->text, it->len);
	sbuf_puts(b, "}");
}

/* app_read_each callback: writes one entry where the walk stands. One that
 * does not open is a title in Markdown, and listed at the end in JSON. */
static int xwalk_item(const struct app_item *it, void *ctx)
{
	struct xwalk *w = ctx;

	if (it->status != TEND_OK)
		w->unreadable++;
	if (w->json) {
		if (it->status == TEND_OK)
			json_item(&w->out.b, w->app, it, &w->first);
		else
			xwalk_bad(w, it);
	} else {
		md_item(&w->out.b, w->app, it);
	}
	xout_flush(&w->out, false);
	return !xwalk_ok(w);
}

/* app_read_each callback for a Markdown section: its heading before the
 * first entry, then as xwalk_item. */
static int xwalk_section_item(const struct app_item *it, void *ctx)
{
	struct xwalk *w = ctx;

	if (!w->any && !w->json)
		sbuf_puts(&w->out.b, w->heading);
	w->any = true;
	return xwalk_item(it, ctx);
}

static bool not_note(const struct store_entry *e, void *ctx)
{
	(void)ctx;
	return e->kind != APP_ENTRY_NOTE;
}

/* Writes `f`'s entries (those `want` chooses, NULL: all) where the walk
 * stands. */
static void xwalk_entries(struct xwalk *w, const struct app_read_filter *f,
                          bool (*want)(const struct store_entry *e, void *ctx),
                          int (*fn)(const struct app_item *it, void *ctx))
{
	enum tend_status st;

	if (!xwalk_ok(w))
		return;
	st = app_read_select(w->r, f, want, w, fn, w);
	if (w->st == TEND_OK)
		w->st = st;
}

static void md_checkin(struct xwalk *w, const struct store_checkin *c)
{
	struct sbuf *b = &w->out.b;
	struct app *app = w->app;
	char date[16], plan[64], a[16], bb[16], pillars[200] = "";
	const struct app_read_filter notes = { c->id, APP_ENTRY_NOTE, -1 };
	const struct app_read_filter rest = { c->id, -1, -1 };

	night_format(c->night, date, sizeof(date));
	app_plan_display(c->plan, plan, sizeof(plan));
	snprintf(a, sizeof(a), "%d:%02d", c->ran_s / 60, c->ran_s % 60);
	snprintf(bb, sizeof(bb), "%d:%02d", c->planned_s / 60, c->planned_s % 60);
	for (int p = 0; p < PILLAR_COUNT; p++) {
		if (!(ticked(c) & (1u << p)))
			continue;
		if (pillars[0])
			strncat(pillars, ", ", sizeof(pillars) - strlen(pillars) - 1);
		strncat(pillars, pillar_name(p), sizeof(pillars) - strlen(pillars) - 1);
	}
	sbuf_printf(b, "## Check-in of %s %s%s\n\n", weekday(c->night), date,
	            c->state == STORE_CHECKIN_DRAFT ? " (interrupted, not finished)" : "");
	sbuf_printf(b, "- Plan: %s, ran %s of %s (%s)\n", plan, a, bb,
	            c->counted ? "counted"
	            : c->ended == STORE_ENDED_TIMEOUT ? "ended with a time-out, streaks paused"
	                                              : "too short to count");
	sbuf_printf(b, "- Opened by: %s\n", app_name(app, c->first == 1));
	sbuf_printf(b, "- Pillars practised: %s\n\n", pillars[0] ? pillars
	            : c->state == STORE_CHECKIN_DRAFT ? "not ticked yet" : "none ticked");
	/* the note first, then the rest in the order written */
	xwalk_entries(w, &notes, NULL, xwalk_item);
	xwalk_entries(w, &rest, not_note, xwalk_item);
}

static void json_checkin(struct xwalk *w, const struct store_checkin *c)
{
	struct sbuf *b = &w->out.b;
	struct app *app = w->app;
	char date[16], when[40], plan[64];
	const struct app_read_filter mine = { c->id, -1, -1 };

	night_format(c->night, date, sizeof(date));
	iso_time(c->started, when, sizeof(when));
	app_plan_display(c->plan, plan, sizeof(plan));
	sbuf_puts(b, w->nids == 1 ? "\n  {" : ",\n  {");
	sbuf_printf(b, "\"id\": %lld, \"night\": \"%s\", \"started\": \"%s\", \"finished\": %s, "
	            "\"plan\": ", (long long)c->id, date, when,
	            c->state == STORE_CHECKIN_DONE ? "true" : "false");
	json_str(b, plan, strlen(plan));
	sbuf_printf(b, ", \"planned_seconds\": %d, \"ran_seconds\": %d, \"counted\": %s, "
	            "\"opened_by\": ", c->planned_s, c->ran_s, c->counted ? "true" : "false");
	json_str(b, app_name(app, c->first == 1), strlen(app_name(app, c->first == 1)));
	sbuf_printf(b, ", \"ended\": \"%s\"", c->ended == STORE_ENDED_TIMEOUT ? "time-out"
	            : c->ended == STORE_ENDED_EARLY ? "early" : "plan");
	sbuf_puts(b, ", \"pillars\": [");
	for (int p = 0, n = 0; p < PILLAR_COUNT; p++)
		if (ticked(c) & (1u << p))
			sbuf_printf(b, "%s\"%s\"", n++ ? ", " : "", pillar_key(p));
	sbuf_puts(b, "], \"entries\": [");
	w->first = true;
	xwalk_entries(w, &mine, NULL, xwalk_item);
	sbuf_puts(b, w->first ? "]}" : "\n  ]}");
}

/* Writes one check-in and its entries, and remembers that it was written. */
static void xwalk_checkin(struct xwalk *w, const struct store_checkin *c)
{
	if (!xwalk_ok(w))
		return;
	if (mem_grow((void **)&w->ids, &w->capids, w->nids, sizeof(*w->ids)) != TEND_OK) {
		w->st = TEND_ERR_NOMEM;
		return;
	}
	w->ids[w->nids++] = c->id;
	if (w->json)
		json_checkin(w, c);
	else
		md_checkin(w, c);
	xout_flush(&w->out, false);
}

static int xwalk_saved(const struct store_checkin *c, void *ctx)
{
	struct xwalk *w = ctx;

	xwalk_checkin(w, c);
	return !xwalk_ok(w);
}

/* Every saved check-in, oldest first (its entries read as it is written:
 * store_checkin_all lets its callback read on), then the one in progress. */
static void xwalk_checkins(struct xwalk *w)
{
	struct store *store = w->app->store;
	struct store_checkin d;
	enum tend_status st;

	st = store_checkin_all(store, xwalk_saved, w);
	if (w->st == TEND_OK)
		w->st = st;
	if (!xwalk_ok(w))
		return;
	st = store_checkin_draft(store, &d);
	if (st == TEND_OK)
		xwalk_checkin(w, &d);
	else if (st != TEND_ERR_NOT_FOUND)
		w->st = st;
}

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* The entries neither a check-in written nor the journal holds: those of a
 * check-in the file no longer has in a shape tend lists, and any outside
 * a check-in that is not a journal entry. */
static bool others_want(const struct store_entry *e, void *ctx)
{
	const struct xwalk *w = ctx;

	if (!e->checkin)
		return e->kind != APP_ENTRY_JOURNAL;
	return w->nids == 0 || !bsearch(&e->checkin, w->ids, w->nids, sizeof(*w->ids), cmp_id);
}

/* The journal, then the others; ids sorted for others_want. */
static void xwalk_rest(struct xwalk *w)
{
	const struct app_read_filter journal = { 0, APP_ENTRY_JOURNAL, -1 };

	w->heading = "## Journal\n\n";
	w->any = false;
	w->first = true;
	xwalk_entries(w, &journal, NULL, xwalk_section_item);
	if (w->json)
		sbuf_puts(&w->out.b, w->first ? "],\n \"other_entries\": [" :
		                                "\n ],\n \"other_entries\": [");
	if (w->nids)
		qsort(w->ids, w->nids, sizeof(*w->ids), cmp_id);
	w->heading = "## Texts of check-ins that are not in the file\n\n";
	w->any = false;
	w->first = true;
	xwalk_entries(w, NULL, others_want, xwalk_section_item);
}

static void md_head(struct xwalk *w, time_t now)
{
	struct sbuf *b = &w->out.b;
	struct app *app = w->app;
	const char *me = app_name(app, w->r->partner);
	char when[40];

	iso_time(now, when, sizeof(when));
	sbuf_printf(b, "# Everything %s can read in tend\n\n", me);
	sbuf_printf(b, "Exported by %s on %.10s at %.5s, for %s and %s.\n\n", me, when, when + 11,
	            app_name(app, 0), app_name(app, 1));
	sbuf_puts(b, "**This file is not encrypted.** Anyone who can open it can read every word "
	             "in it. Keep it somewhere only you can reach, and delete it when you are "
	             "done with it.\n\n"
	             "Each text stands between two lines of backticks, exactly as it was "
	             "written (should one hold a character that would steer a terminal, "
	             "it shows as a code like \\x1b instead).\n\n");
}

static void json_head(struct xwalk *w, time_t now)
{
	struct sbuf *b = &w->out.b;
	struct app *app = w->app;
	char when[40];

	iso_time(now, when, sizeof(when));
	sbuf_printf(b, "{\"format\": \"tend export\", \"version\": %d, \"exported_at\": \"%s\", "
	            "\"exported_by\": ", EXPORT_VERSION, when);
	json_str(b, app_name(app, w->r->partner), strlen(app_name(app, w->r->partner)));
	sbuf_puts(b, ", \"partners\": [");
	json_str(b, app_name(app, 0), strlen(app_name(app, 0)));
	sbuf_puts(b, ", ");
	json_str(b, app_name(app, 1), strlen(app_name(app, 1)));
	sbuf_puts(b, "],\n \"checkins\": [");
}

static void json_tail(struct xwalk *w)
{
	struct sbuf *b = &w->out.b;
	bool first = true;

	sbuf_puts(b, w->first ? "],\n" : "\n ],\n");
	sbuf_puts(b, " \"unreadable\": [");
	for (size_t i = 0; i < w->nbad; i++) {
		const struct xbad *x = &w->bad[i];
		const char *who = app_name(w->app, x->author);
		char date[16];

		night_format(x->night, date, sizeof(date));
		sbuf_printf(b, "%s\n    {\"id\": %lld, \"kind\": \"%s\", \"night\": \"%s\", "
		            "\"author\": ", first ? "" : ",", (long long)x->id, kind_word(x->kind),
		            date);
		json_str(b, who, strlen(who));
		sbuf_printf(b, ", \"reason\": \"%s\"}", x->forged ? "forged" : "damaged");
		first = false;
		xout_flush(&w->out, false);
	}
	sbuf_puts(b, first ? "]}\n" : "\n ]}\n");
}

enum tend_status app_export(struct app_reader *r, enum app_export_format fmt, time_t now,
                            int fd, size_t *unreadable)
{
	struct xwalk w = { .r = r, .app = r->app, .json = fmt == APP_EXPORT_JSON };
	enum tend_status st;

	w.out = (struct xout){ .fd = fd, .md = !w.json, .st = TEND_OK };
	*unreadable = 0;
	if (w.json)
		json_head(&w, now);
	else
		md_head(&w, now);
	xwalk_checkins(&w);
	if (w.json && xwalk_ok(&w))
		sbuf_puts(&w.out.b, "],\n \"journal\": [");
	xwalk_rest(&w);
	if (w.json && xwalk_ok(&w))
		json_tail(&w);
	if (xwalk_ok(&w))
		xout_flush(&w.out, true);
	st = w.st != TEND_OK ? w.st : w.out.st;
	*unreadable = w.unreadable;
	sbuf_free(&w.out.b);
	sbuf_free(&w.out.t);
	free(w.ids);
	free(w.bad);
	return st;
}

/* ---- verify --------------------------------------------------------- */

/* What one app_verify walk carries. */
struct verify_walk {
	struct app *app;
	struct app_verify_report *out;
	void (*problem)(const struct app_problem *p, void *ctx);
	void *ctx;
	int64_t *bad;             /* owned: ids of the malformed, ascending */
	size_t nbad, capbad;
};

/* Whether entry `id` was already named as malformed. */
static bool named_already(const struct verify_walk *w, int64_t id)
{
	size_t lo = 0, hi = w->nbad;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (w->bad[mid] == id)
			return true;
		if (w->bad[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

static void report(struct verify_walk *w, int64_t id, tend_night night, int kind, int author,
                   bool shared, enum tend_status st)
{
	struct app_problem p = { id, night, kind, author, shared, st };

	if (w->problem)
		w->problem(&p, w->ctx);
}

/* Whether a stored entry has a shape tend writes: a known kind, an author
 * and visibility, a ciphertext of a possible length, and seals that fit
 * (a shared text sealed to both, a private one to its author alone, each
 * seal of the length of its format). */
static bool entry_shape_ok(const struct store_entry *e)
{
	struct vault_box box = { 0 };
	size_t sl;

	if (e->kind < APP_ENTRY_JOURNAL || e->kind > APP_ENTRY_KIND_MAX ||
	    (e->author != 0 && e->author != 1) || (e->visibility != 0 && e->visibility != 1))
		return false;
	if (e->ct.len < 24 + 16 || e->ct.len - 24 - 16 > VAULT_MAX_TEXT)
		return false;
	for (int i = 0; i < 2; i++)
		if (e->seal[i].len)
			vault_box_put_seal(&box, i, e->seal[i].data, e->seal[i].len);
	if (box.format == 0)
		return false;
	sl = vault_box_seal_len(&box);
	for (int i = 0; i < 2; i++)
		if (e->seal[i].len && e->seal[i].len != sl)
			return false;
	if (e->visibility == 1)
		return box.readers == 3 && box.format == 1;
	return box.readers == (1u << e->author);
}

static int verify_entry(const struct store_entry *e, void *ctx)
{
	struct verify_walk *w = ctx;

	w->out->entries++;
	if (!entry_shape_ok(e)) {
		w->out->malformed++;
		report(w, e->id, e->night, e->kind, e->author, e->visibility == 1, TEND_ERR_CORRUPT);
		/* entries come by id, so the list stays sorted */
		if (mem_grow((void **)&w->bad, &w->capbad, w->nbad, sizeof(*w->bad)) == TEND_OK)
			w->bad[w->nbad++] = e->id;
	}
	return 0;
}

static int verify_checkin(const struct store_checkin *c, void *ctx)
{
	(void)c;
	((struct verify_walk *)ctx)->out->checkins++;
	return 0;
}

static int verify_open(const struct app_item *it, void *ctx)
{
	struct verify_walk *w = ctx;

	if (it->status != TEND_OK && named_already(w, it->id))
		return 0; /* said once, as malformed */
	w->out->readable++;
	if (it->status == TEND_OK) {
		w->out->opened++;
	} else {
		if (it->status == TEND_ERR_FORGED)
			w->out->forged++;
		else
			w->out->damaged++;
		report(w, it->id, it->night, it->kind, it->author, it->shared, it->status);
	}
	return 0;
}

enum tend_status app_verify(struct app *app, struct app_reader *r,
                            struct app_verify_report *out,
                            void (*problem)(const struct app_problem *p, void *ctx),
                            void *ctx)
{
	struct verify_walk w = { app, out, problem, ctx, NULL, 0, 0 };
	struct store_checkin d;
	enum tend_status st;
	bool bad = false;

	memset(out, 0, sizeof(*out));
	out->reader = r ? r->partner : -1;
	st = store_integrity(app->store, out->integrity, sizeof(out->integrity));
	if (st == TEND_ERR_CORRUPT) {
		bad = true;
		if (!out->integrity[0])
			snprintf(out->integrity, sizeof(out->integrity), "damaged");
	} else if (st != TEND_OK) {
		return st;
	}
	for (int i = 0; i < 2; i++) {
		out->key[i] = app_partner_key(app, i);
		out->recovery[i] = app->setup ? app->recovery_st[i] : TEND_ERR_NOT_FOUND;
		bad |= out->key[i] != TEND_OK;
		bad |= out->recovery[i] != TEND_OK && out->recovery[i] != TEND_ERR_NOT_FOUND;
	}
	if ((st = store_checkin_each(app->store, 0, verify_checkin, &w)) != TEND_OK)
		return st;
	st = store_checkin_draft(app->store, &d);
	if (st == TEND_OK)
		out->drafts = 1;
	else if (st != TEND_ERR_NOT_FOUND)
		return st;
	if ((st = store_entry_each(app->store, NULL, verify_entry, &w)) == TEND_OK && r)
		st = app_read_each(r, NULL, verify_open, &w);
	free(w.bad);
	if (st != TEND_OK)
		return st;
	bad |= out->malformed || out->damaged || out->forged;
	return bad ? TEND_ERR_CORRUPT : TEND_OK;
}
