/* export.c: taking your words out of tend (Markdown to read, or versioned
 * JSON for programs), and checking that everything in the file still opens.
 *
 * An export is built whole in guarded memory and written at once: the
 * decrypted text never passes through stdio's buffers, and a failure midway
 * writes nothing. JSON gives every text back byte for byte, by its escapes
 * (tend/escape.h). Markdown is for reading, in a terminal too: each text
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

/* One text the reader may read, as gathered: where its text and question
 * are in the gathering's text buffer. */
struct xitem {
	struct app_item it;       /* text and question NULL: see off, qoff */
	size_t off, len;          /* the text in texts */
	size_t qoff, qlen;        /* the question, qlen 0 for none */
	bool used;                /* written out already */
};

/* Everything an export writes, gathered first. */
struct gather {
	struct store_checkin *c;  /* owned: oldest first, the draft last */
	size_t nc, capc;
	struct xitem *x;          /* owned: oldest first (by id) */
	size_t nx, capx;
	struct sbuf texts;        /* every text and question, guarded */
	enum tend_status st;
};

static void gather_free(struct gather *g)
{
	free(g->c);
	free(g->x);
	sbuf_free(&g->texts);
	memset(g, 0, sizeof(*g));
}

static int gather_checkin(const struct store_checkin *c, void *ctx)
{
	struct gather *g = ctx;

	if ((g->st = mem_grow((void **)&g->c, &g->capc, g->nc, sizeof(*g->c))) != TEND_OK)
		return 1;
	g->c[g->nc++] = *c;
	return 0;
}

static int gather_item(const struct app_item *it, void *ctx)
{
	struct gather *g = ctx;
	struct xitem *x;

	if ((g->st = mem_grow((void **)&g->x, &g->capx, g->nx, sizeof(*g->x))) != TEND_OK)
		return 1;
	x = &g->x[g->nx++];
	memset(x, 0, sizeof(*x));
	x->it = *it;
	x->it.text = x->it.question = NULL;
	if (it->status == TEND_OK) {
		if (it->question) {
			x->qoff = g->texts.len;
			x->qlen = strlen(it->question);
			sbuf_add(&g->texts, it->question, x->qlen);
		}
		x->off = g->texts.len;
		x->len = it->len;
		sbuf_add(&g->texts, it->text, it->len);
	}
	if (g->texts.nomem) {
		g->st = TEND_ERR_NOMEM;
		return 1;
	}
	return 0;
}

static enum tend_status gather_all(struct app_reader *r, struct gather *g)
{
	struct store_checkin d;
	enum tend_status st;

	memset(g, 0, sizeof(*g));
	if ((st = store_checkin_each(r->app->store, 0, gather_checkin, g)) != TEND_OK)
		return st;
	if (g->st != TEND_OK)
		return g->st;
	for (size_t i = 0; i < g->nc / 2; i++) { /* newest first: turn round */
		struct store_checkin t = g->c[i];

		g->c[i] = g->c[g->nc - 1 - i];
		g->c[g->nc - 1 - i] = t;
	}
	st = store_checkin_draft(r->app->store, &d);
	if (st == TEND_OK)
		gather_checkin(&d, g);
	else if (st != TEND_ERR_NOT_FOUND)
		return st;
	if (g->st != TEND_OK)
		return g->st;
	if ((st = app_read_each(r, NULL, gather_item, g)) != TEND_OK)
		return st;
	return g->st;
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
static void md_title(struct sbuf *b, const struct app *app, const struct xitem *x)
{
	const char *who = app_name(app, x->it.author);
	char when[40];

	iso_time(x->it.created, when, sizeof(when));
	if (x->it.status != TEND_OK)
		sbuf_printf(b, "### %s's %s: %s (entry %lld)\n\n", who, kind_word(x->it.kind),
		            x->it.status == TEND_ERR_FORGED
		            ? "forged, not written with their key" : "damaged, it cannot be opened",
		            (long long)x->it.id);
	else if (x->it.kind == APP_ENTRY_NOTE)
		sbuf_printf(b, "### Your note together (entry %lld)\n\n", (long long)x->it.id);
	else if (x->it.kind == APP_ENTRY_TOPIC)
		sbuf_printf(b, "### A topic parked for the weekly talk (entry %lld)\n\n",
		            (long long)x->it.id);
	else if (x->it.kind == APP_ENTRY_AGREEMENT)
		sbuf_printf(b, "### Your trial agreement (entry %lld)\n\n", (long long)x->it.id);
	else if (x->it.kind == APP_ENTRY_TOGETHER)
		sbuf_printf(b, "### Next together (entry %lld)\n\n", (long long)x->it.id);
	else if (x->it.kind == APP_ENTRY_JOURNAL)
		sbuf_printf(b, "### %.10s %.5s, %s, %s (entry %lld)\n\n", when, when + 11, who,
		            x->it.shared ? "shared" : "only for you", (long long)x->it.id);
	else
		sbuf_printf(b, "### %s's reflection, %s (entry %lld)\n\n", who,
		            x->it.shared ? "shared" : "only for you", (long long)x->it.id);
}

static void md_item(struct sbuf *b, const struct app *app, const struct gather *g,
                    struct xitem *x)
{
	x->used = true;
	md_title(b, app, x);
	if (x->it.status != TEND_OK)
		return;
	if (x->qlen) {
		sbuf_puts(b, "Question: ");
		sbuf_add(b, g->texts.p + x->qoff, x->qlen);
		sbuf_puts(b, "\n\n");
	}
	md_text(b, g->texts.p + x->off, x->len);
}

static void md_checkin(struct sbuf *b, struct app *app, struct gather *g,
                       const struct store_checkin *c)
{
	char date[16], plan[64], a[16], bb[16], pillars[200] = "";

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
	for (size_t i = 0; i < g->nx; i++)
		if (g->x[i].it.checkin == c->id && g->x[i].it.kind == APP_ENTRY_NOTE)
			md_item(b, app, g, &g->x[i]);
	for (size_t i = 0; i < g->nx; i++)
		if (g->x[i].it.checkin == c->id && !g->x[i].used)
			md_item(b, app, g, &g->x[i]);
}

static void export_markdown(struct sbuf *b, struct app_reader *r, struct gather *g, time_t now)
{
	struct app *app = r->app;
	const char *me = app_name(app, r->partner);
	char when[40];
	bool any = false;

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
	for (size_t i = 0; i < g->nc; i++)
		md_checkin(b, app, g, &g->c[i]);
	for (size_t i = 0; i < g->nx; i++) {
		if (g->x[i].used || g->x[i].it.kind != APP_ENTRY_JOURNAL || g->x[i].it.checkin)
			continue;
		if (!any)
			sbuf_puts(b, "## Journal\n\n");
		any = true;
		md_item(b, app, g, &g->x[i]);
	}
	any = false;
	for (size_t i = 0; i < g->nx; i++) {
		if (g->x[i].used)
			continue;
		if (!any)
			sbuf_puts(b, "## Texts of check-ins that are not in the file\n\n");
		any = true;
		md_item(b, app, g, &g->x[i]);
	}
}

static void json_item(struct sbuf *b, const struct app *app, const struct gather *g,
                      struct xitem *x, bool *first)
{
	char date[16], when[40];

	if (x->it.status != TEND_OK)
		return; /* listed under "unreadable" */
	x->used = true;
	night_format(x->it.night, date, sizeof(date));
	iso_time(x->it.created, when, sizeof(when));
	sbuf_puts(b, *first ? "\n" : ",\n");
	*first = false;
	sbuf_printf(b, "    {\"id\": %lld, \"kind\": \"%s\", \"author\": ", (long long)x->it.id,
	            kind_word(x->it.kind));
	json_str(b, app_name(app, x->it.author), strlen(app_name(app, x->it.author)));
	sbuf_printf(b, ", \"shared\": %s, \"night\": \"%s\", \"written\": \"%s\", ",
	            x->it.shared ? "true" : "false", date, when);
	if (x->it.kind == APP_ENTRY_REFLECTION) {
		sbuf_puts(b, "\"question\": ");
		json_str(b, g->texts.p + x->qoff, x->qlen);
		sbuf_puts(b, ", ");
	}
	sbuf_puts(b, "\"text\": ");
	json_str(b, g->texts.p + x->off, x->len);
	sbuf_puts(b, "}");
}

static void json_checkin(struct sbuf *b, struct app *app, struct gather *g,
                         const struct store_checkin *c, bool first)
{
	char date[16], when[40], plan[64];
	bool first_entry = true;

	night_format(c->night, date, sizeof(date));
	iso_time(c->started, when, sizeof(when));
	app_plan_display(c->plan, plan, sizeof(plan));
	sbuf_puts(b, first ? "\n  {" : ",\n  {");
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
	for (size_t i = 0; i < g->nx; i++)
		if (g->x[i].it.checkin == c->id)
			json_item(b, app, g, &g->x[i], &first_entry);
	sbuf_puts(b, first_entry ? "]}" : "\n  ]}");
}

static void export_json(struct sbuf *b, struct app_reader *r, struct gather *g, time_t now)
{
	struct app *app = r->app;
	char when[40];
	bool first = true;

	iso_time(now, when, sizeof(when));
	sbuf_printf(b, "{\"format\": \"tend export\", \"version\": %d, \"exported_at\": \"%s\", "
	            "\"exported_by\": ", EXPORT_VERSION, when);
	json_str(b, app_name(app, r->partner), strlen(app_name(app, r->partner)));
	sbuf_puts(b, ", \"partners\": [");
	json_str(b, app_name(app, 0), strlen(app_name(app, 0)));
	sbuf_puts(b, ", ");
	json_str(b, app_name(app, 1), strlen(app_name(app, 1)));
	sbuf_puts(b, "],\n \"checkins\": [");
	for (size_t i = 0; i < g->nc; i++)
		json_checkin(b, app, g, &g->c[i], i == 0);
	sbuf_puts(b, "],\n \"journal\": [");
	for (size_t i = 0; i < g->nx; i++)
		if (!g->x[i].used && g->x[i].it.kind == APP_ENTRY_JOURNAL && !g->x[i].it.checkin)
			json_item(b, app, g, &g->x[i], &first);
	sbuf_puts(b, first ? "],\n" : "\n ],\n");
	first = true;
	sbuf_puts(b, " \"other_entries\": [");
	for (size_t i = 0; i < g->nx; i++)
		if (!g->x[i].used)
			json_item(b, app, g, &g->x[i], &first);
	sbuf_puts(b, first ? "],\n" : "\n ],\n");
	first = true;
	sbuf_puts(b, " \"unreadable\": [");
	for (size_t i = 0; i < g->nx; i++) {
		const struct xitem *x = &g->x[i];
		char date[16];

		if (x->it.status == TEND_OK)
			continue;
		night_format(x->it.night, date, sizeof(date));
		sbuf_printf(b, "%s\n    {\"id\": %lld, \"kind\": \"%s\", \"night\": \"%s\", "
		            "\"author\": ", first ? "" : ",", (long long)x->it.id,
		            kind_word(x->it.kind), date);
		json_str(b, app_name(app, x->it.author), strlen(app_name(app, x->it.author)));
		sbuf_printf(b, ", \"reason\": \"%s\"}",
		            x->it.status == TEND_ERR_FORGED ? "forged" : "damaged");
		first = false;
	}
	sbuf_puts(b, first ? "]}\n" : "\n ]}\n");
}

enum tend_status app_export(struct app_reader *r, enum app_export_format fmt, time_t now,
                            int fd, size_t *unreadable)
{
	struct gather g;
	struct sbuf out = { 0 };
	enum tend_status st;

	*unreadable = 0;
	if ((st = gather_all(r, &g)) == TEND_OK) {
		for (size_t i = 0; i < g.nx; i++)
			*unreadable += g.x[i].it.status != TEND_OK;
		if (fmt == APP_EXPORT_JSON) {
			export_json(&out, r, &g, now);
		} else {
			struct sbuf md = { 0 };

			export_markdown(&md, r, &g, now);
			if (md.nomem)
				out.nomem = true;
			else
				term_form(&out, &md);
			sbuf_free(&md);
		}
		st = out.nomem ? TEND_ERR_NOMEM : app_write_all(fd, out.p, out.len);
	}
	gather_free(&g);
	sbuf_free(&out);
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
