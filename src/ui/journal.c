/* journal.c: the unlocked reader's journal: their entries (and the ones the
 * other partner shared), newest first; reading one; writing a new one,
 * private unless they choose to share it. Decrypted text lives in guarded
 * memory and is wiped when the list is left. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tend/mem.h"
#include "tend/utf8.h"
#include "ui_internal.h"

/* One entry as listed. */
struct jentry {
	int64_t id;
	int author;
	bool shared;
	tend_night night;        /* the night it was written on */
	int64_t created;         /* unix seconds */
	enum tend_status status; /* TEND_ERR_TAMPERED or _FORGED: no text */
	char *text;              /* owned: guarded memory, or NULL */
	size_t len;
};

/* The entries listed, newest first: only a window of them around the rows
 * on screen is read and opened (app_read_page), a few screens' worth, so
 * the journal costs the same, in time and in memory, at any length. */
struct jlist {
	struct jentry *e;    /* owned: the window */
	size_t n, cap;
	bool newest, oldest; /* nothing newer than e[0] / older than e[n-1] */
	enum tend_status st; /* the first failure while reading */
};

/* Wipes and frees entries [from, to) of `l`'s window. */
static void jentry_wipe(struct jlist *l, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++) {
		if (l->e[i].text) {
			explicit_bzero(l->e[i].text, l->e[i].len);
			app_secure_free(l->e[i].text);
			l->e[i].text = NULL;
		}
	}
}

/* Wipes and frees every entry; the list is empty after. */
static void jlist_free(struct jlist *l)
{
	jentry_wipe(l, 0, l->n);
	free(l->e);
	*l = (struct jlist){ 0 };
}

/* app_read_page callback: keeps a copy of one entry. */
static int jlist_add(const struct app_item *it, void *ctx)
{
	struct jlist *l = ctx;
	struct jentry *e;

	if (mem_grow((void **)&l->e, &l->cap, l->n, sizeof(*l->e)) != TEND_OK) {
		l->st = TEND_ERR_NOMEM;
		return 1;
	}
	e = &l->e[l->n];
	*e = (struct jentry){ it->id,     it->author, it->shared, it->night,
	                      it->created, it->status, NULL,       0 };
	if (it->status == TEND_OK && it->text) {
		e->text = app_secure_alloc(it->len + 1);
		if (!e->text) {
			l->st = TEND_ERR_NOMEM;
			return 1;
		}
		memcpy(e->text, it->text, it->len);
		e->text[it->len] = '\0';
		e->len = it->len;
	} else {
		e->status = it->status == TEND_ERR_FORGED ? it->status : TEND_ERR_TAMPERED;
	}
	l->n++;
	return 0;
}

/* Appends to `l` up to `max` of the reader's journal entries after id
 * `from` (0: from an end), newest first when `older`, oldest first if not;
 * *got gets how many. */
static enum tend_status jlist_read(struct ui *u, struct jlist *l, int64_t from, bool older,
                                   size_t max, size_t *got)
{
	struct app_read_filter f = { 0, APP_ENTRY_JOURNAL, -1 };
	size_t n0 = l->n;
	enum tend_status st;

	l->st = TEND_OK;
	st = app_read_page(u->reader, &f, from, older, max, jlist_add, l);
	*got = l->n - n0;
	return st != TEND_OK ? st : l->st;
}

/* Reverses e[from, n). */
static void jlist_reverse(struct jlist *l, size_t from)
{
	for (size_t i = from, j = l->n; i + 1 < j; i++, j--) {
		struct jentry t = l->e[i];

		l->e[i] = l->e[j - 1];
		l->e[j - 1] = t;
	}
}

/* Empties the window and reads `want` entries from the newest on (or, with
 * `oldest`, the oldest ones, still listed newest first). */
static enum tend_status jlist_reset(struct ui *u, struct jlist *l, bool oldest, size_t want)
{
	enum tend_status st;
	size_t got;

	jlist_free(l);
	st = jlist_read(u, l, 0, !oldest, want, &got);
	if (oldest)
		jlist_reverse(l, 0);
	l->newest = !oldest || (st == TEND_OK && got < want);
	l->oldest = oldest || (st == TEND_OK && got < want);
	return st;
}

/* Reads the window anew where it stands (after a change to the journal),
 * from its newest entry on. */
static enum tend_status jlist_reload(struct ui *u, struct jlist *l, size_t want)
{
	int64_t from = l->newest || l->n == 0 ? 0 : l->e[0].id + 1;
	bool newest = l->newest || l->n == 0;
	enum tend_status st;
	size_t got;

	jlist_free(l);
	st = jlist_read(u, l, from, true, want, &got);
	l->newest = newest;
	l->oldest = st == TEND_OK && got < want;
	return st;
}

/* Lets go of `k` entries at the window's newest end. */
static void jlist_drop_front(struct jlist *l, size_t k)
{
	jentry_wipe(l, 0, k);
	memmove(l->e, l->e + k, (l->n - k) * sizeof(*l->e));
	l->n -= k;
	l->newest = false;
}

/* Lets go of the entries from `keep` on, at the window's oldest end. */
static void jlist_drop_back(struct jlist *l, size_t keep)
{
	jentry_wipe(l, keep, l->n);
	l->n = keep;
	l->oldest = false;
}

/* Makes the window hold a page beyond the rows from `sel` and `top` (both
 * indexes into it, which may point outside it after a key) to a screen
 * below, reading what it lacks a page at least at a time, and lets go of
 * what lies more than three pages away; then holds `sel` and `top` in the
 * list. */
static enum tend_status jlist_fit(struct ui *u, struct jlist *l, int *sel, int *top, int page)
{
	long lo = (*sel < *top ? *sel : *top) - (long)page;
	long hi = (*sel > *top + page ? *sel : *top + page) + (long)page;
	enum tend_status st = TEND_OK, s2;
	size_t got;

	if (lo < 0 && !l->newest && l->n > 0) {
		/* newer ones go before e[0]: read them at the end, turn them
		 * round, and move them to the front */
		size_t n0 = l->n, want = (size_t)(-lo > page ? -lo : page);
		struct jentry *tmp;

		st = jlist_read(u, l, l->e[0].id, false, want, &got);
		if (st == TEND_OK && got < want)
			l->newest = true;
		jlist_reverse(l, n0);
		if (got > 0 && (tmp = malloc(got * sizeof(*tmp)))) {
			memcpy(tmp, l->e + n0, got * sizeof(*tmp));
			memmove(l->e + got, l->e, n0 * sizeof(*tmp));
			memcpy(l->e, tmp, got * sizeof(*tmp));
			free(tmp);
			*sel += (int)got;
			*top += (int)got;
			hi += (long)got;
		} else if (got > 0) {
			bool oldest = l->oldest;

			jlist_drop_back(l, n0); /* no room to turn them round */
			l->oldest = oldest;     /* what was dropped lay above, not below */
			l->newest = false;
			st = TEND_ERR_NOMEM;
		}
	}
	if (hi > (long)l->n && !l->oldest && l->n > 0) {
		/* a page at a time, not a row a key */
		size_t want = (size_t)(hi - (long)l->n > page ? hi - (long)l->n : page);

		s2 = jlist_read(u, l, l->e[l->n - 1].id, true, want, &got);
		if (s2 == TEND_OK && got < want)
			l->oldest = true;
		if (st == TEND_OK)
			st = s2;
	}
	if (*sel >= (int)l->n)
		*sel = (int)l->n - 1;
	if (*sel < 0)
		*sel = 0;
	if (*top > *sel)
		*top = *sel;
	if (*top < 0)
		*top = 0;
	lo = (long)*top - 3L * page;
	if (lo > 0) {
		jlist_drop_front(l, (size_t)lo);
		*sel -= (int)lo;
		*top -= (int)lo;
	}
	hi = (long)*top + 4L * page;
	if (hi < (long)l->n)
		jlist_drop_back(l, (size_t)hi);
	return st;
}

/* "2026-11-24 21:30": the entry's night and the clock time it was
 * written at (night_stamp: the date is the night's, as everywhere). */
static void when(const struct jentry *e, char *buf, size_t size)
{
	night_stamp(e->night, (time_t)e->created, buf, size);
}

/* "yours, only you" / "yours, shared" / "from Zoë, shared". */
static void whose(struct ui *u, const struct jentry *e, int me, char *buf, size_t size)
{
	if (e->author == me)
		snprintf(buf, size, "yours, %s", e->shared ? "shared" : "only you");
	else
		snprintf(buf, size, "from %s, shared", app_name(u->app, e->author));
}

/* Shows one entry. */
static enum ui_result jentry_read(struct ui *u, const struct jentry *e, int me)
{
	struct ui_doc d = { 0 };
	char date[32], label[APP_MAX_NAME + 32];
	enum ui_result r;

	when(e, date, sizeof(date));
	whose(u, e, me, label, sizeof(label));
	if (ui_doc_addf(&d, UI_ACCENT, A_BOLD, 0, "%s %s %s", date, ui_dot(u), label) != TEND_OK ||
	    ui_doc_add(&d, UI_NORMAL, A_NORMAL, 0, "", 0, false) != TEND_OK ||
	    ui_doc_add(&d, UI_NORMAL, A_NORMAL, 0, e->text, e->len, true) != TEND_OK) {
		ui_doc_free(&d);
		ui_say(u, "Out of memory.");
		return UI_DONE;
	}
	r = ui_doc_view(u, "Journal", &d, UI_READER);
	ui_doc_free(&d);
	return r;
}

/* Writes a new entry for the reader; saves on Ctrl-D, and on quitting too
 * (so a signal never loses what was written). The reader's key seals a
 * private entry, so it is held for this stretch: the idle lock does not
 * take it from under the text being written. */
static enum ui_result jentry_write(struct ui *u, int me)
{
	struct app_reader *writer = u->reader;
	char *mem = app_secure_alloc(APP_MAX_ENTRY + 1);
	struct textbuf tb;
	bool shared = false;
	struct ui_field field = { "New entry", &tb, &shared, 0 };
	char intro[APP_MAX_NAME * 2 + PROMPT_MAX_TEXT + 240];
	const char *start = app_journal_question(u->app, time(NULL));
	struct ui_form f = { .title = "Write in your journal", .intro = intro,
	                     .other = app_name(u->app, 1 - me), .fields = &field, .nfields = 1,
	                     .tab_toggles = true, .esc_leaves = true, .done_key = "save" };
	enum ui_result r;

	if (!mem) {
		ui_say(u, "Out of memory.");
		return UI_DONE;
	}
	u->reader = NULL;
	textbuf_init(&tb, mem, APP_MAX_ENTRY + 1);
	snprintf(intro, sizeof(intro),
	         "%s, this entry is only yours unless you share it with %s (Tab).%s%s%s",
	         app_name(u->app, me), app_name(u->app, 1 - me),
	         start ? " A place to start, if you like: \"" : "",
	         start ? start : "", start ? "\"" : "");
	for (;;) {
		enum tend_status st;

		r = ui_form_run(u, &f);
		if (r == UI_CANCEL)
			break;
		if (tb.len == 0) {
			if (r != UI_QUIT)
				ui_news(u, "Nothing to save.");
			break;
		}
		st = app_write(u->app, writer, me, shared, tb.buf, tb.len, time(NULL));
		if (st == TEND_OK) {
			if (r != UI_QUIT)
				ui_news(u, "Saved.");
			break;
		}
		if (r == UI_QUIT) {
			u->fatal = true;
			snprintf(u->fatal_msg, sizeof(u->fatal_msg),
			         "could not save the journal entry: %s", tend_strerror(st));
			break;
		}
		ui_say(u, "Could not save: %s. Your text is still here.", tend_strerror(st));
	}
	textbuf_wipe(&tb);
	app_secure_free(mem);
	u->reader = writer;
	u->last_key_ms = app_mono_ms();
	return r == UI_QUIT ? UI_QUIT : UI_DONE;
}

/* [d]: forgets entry `e` of the reader's, after asking. */
static enum ui_result jentry_forget(struct ui *u, const struct jentry *e, int me)
{
	char text[400];
	int64_t bad = 0;
	bool yes = false, wiped = false;
	enum tend_status st;
	enum ui_result r;

	if (e->author != me) {
		ui_say(u, "Only %s can delete what %s wrote.", app_name(u->app, e->author),
		       app_name(u->app, e->author));
		return UI_DONE;
	}
	snprintf(text, sizeof(text),
	         "Delete this journal entry for good?\n\nIt is wiped from this laptop's file and "
	         "cannot be brought back (a backup made before still holds it).");
	if ((r = ui_confirm(u, "Delete an entry", text, &yes)) != UI_DONE || !yes)
		return r;
	if (!u->reader)
		return UI_LOCKED; /* it locked while the question was up */
	st = app_forget_entries(u->reader, &e->id, 1, &bad, &wiped);
	if (st == TEND_OK)
		ui_news(u, "Deleted.");
	else
		ui_say(u, "Could not delete it: %s.", tend_strerror(st));
	return UI_DONE;
}

/* Draws the list. */
static void jlist_draw(struct ui *u, const struct jlist *l, int me, int sel, int *top)
{
	static const char *const keys[] = { "Up/Down", "choose", "Enter", "read", "w", "write",
	                                    "d", "delete", "L", "lock", "Esc", "back", NULL };
	char title[APP_MAX_NAME + 32];
	struct ui_rect c;
	int label_w = 0;

	snprintf(title, sizeof(title), "%s's journal", app_name(u->app, me));
	if (!ui_frame(u, title, NULL, keys, UI_MIN_W, UI_MIN_H, &c)) {
		ui_show(u);
		return;
	}
	if (l->n == 0) {
		ui_put(u, c.y + 1, c.x + 1, "Nothing here yet. Press w to write your first entry.",
		       (size_t)-1, c.w - 2, ui_attr(u, UI_MUTED));
		ui_show(u);
		return;
	}
	/* the widest label there can be, so the columns stand still as the
	 * window moves */
	for (int k = 0; k < 3; k++) {
		struct jentry any = { .author = k < 2 ? me : 1 - me, .shared = k != 0 };
		char label[APP_MAX_NAME + 32];
		int lw;

		whose(u, &any, me, label, sizeof(label));
		lw = utf8_width(label, strlen(label));
		if (lw > label_w)
			label_w = lw;
	}
	if (label_w > c.w / 3)
		label_w = c.w / 3;
	if (sel < *top)
		*top = sel;
	if (sel >= *top + c.h)
		*top = sel - c.h + 1;
	for (int row = 0; row < c.h && *top + row < (int)l->n; row++) {
		const struct jentry *e = &l->e[*top + row];
		bool on = *top + row == sel;
		attr_t a = on ? A_REVERSE : A_NORMAL;
		char date[32], label[APP_MAX_NAME + 32];
		int x = c.x + 1, used, lw;

		when(e, date, sizeof(date));
		whose(u, e, me, label, sizeof(label));
		if (on) {
			attrset(A_REVERSE);
			mvhline(c.y + row, c.x, ' ', c.w);
		}
		used = ui_put(u, c.y + row, x, date, (size_t)-1, c.w - 2, a) + 2;
		lw = ui_put(u, c.y + row, x + used, label, (size_t)-1, c.w - 2 - used, a);
		/* the first lines line up whatever the names' widths */
		used += (lw > label_w ? lw : label_w) + 2;
		if (used > c.w - 2)
			used = c.w - 2;
		if (e->status != TEND_OK || !e->text) {
			char bad[64];

			snprintf(bad, sizeof(bad), e->status == TEND_ERR_FORGED
			         ? "forged: not written with its author's key (#%lld)"
			         : "damaged, cannot be opened (#%lld)", (long long)e->id);
			ui_put(u, c.y + row, x + used, bad, (size_t)-1, c.w - 2 - used,
			       on ? a : ui_attr(u, UI_WARNING));
		} else {
			const char *nl = memchr(e->text, '\n', e->len);
			size_t len = nl ? (size_t)(nl - e->text) : e->len;

			ui_put(u, c.y + row, x + used, e->text, len, c.w - 2 - used, a);
		}
	}
	ui_show(u);
}

/* How many rows Page Up and Page Down move. */
static int jpage(void)
{
	return LINES > 8 ? LINES - 8 : 1;
}

enum ui_result ui_journal(struct ui *u)
{
	struct jlist l = { 0 };
	enum ui_result r;
	enum tend_status st = TEND_OK;
	int sel = 0, top = 0, me;
	enum { STAY, NEWEST, OLDEST, RELOAD } go = NEWEST;

	if ((r = ui_unlock(u)) != UI_DONE)
		return r == UI_CANCEL ? UI_DONE : r;
	me = app_reader_partner(u->reader);
	for (;;) {
		struct ui_ev ev;
		int page = jpage();

		if (!u->reader) {
			r = UI_LOCKED; /* it locked while an entry was being written */
			break;
		}
		if (go == NEWEST || go == OLDEST) {
			st = jlist_reset(u, &l, go == OLDEST, 2 * (size_t)LINES);
			sel = go == OLDEST ? (int)l.n - 1 : 0;
			top = go == OLDEST ? sel - page : 0;
		} else if (go == RELOAD) {
			st = jlist_reload(u, &l, (size_t)(sel + 3 * LINES));
		}
		if (st == TEND_OK)
			st = jlist_fit(u, &l, &sel, &top, LINES);
		if (st != TEND_OK)
			ui_say(u, "Some entries could not be read: %s.", tend_strerror(st));
		st = TEND_OK;
		go = STAY;
		jlist_draw(u, &l, me, sel, &top);
		ev = ui_next(u, -1, UI_READER);
		if (ev.kind == UI_EV_QUIT || ev.kind == UI_EV_LOCK) {
			r = ev.kind == UI_EV_QUIT ? UI_QUIT : UI_LOCKED;
			break;
		}
		if (ev.kind != UI_EV_KEY)
			continue;
		if (ev.key == UI_ESC || ev.key == 'q' || ev.key == UI_K(KEY_LEFT)) {
			r = UI_DONE;
			break;
		} else if (ev.key == UI_K(KEY_UP) || ev.key == 'k') {
			sel--;
		} else if (ev.key == UI_K(KEY_DOWN) || ev.key == 'j') {
			sel++;
		} else if (ev.key == UI_K(KEY_HOME)) {
			go = l.newest ? STAY : NEWEST;
			sel = 0;
		} else if (ev.key == UI_K(KEY_END)) {
			go = l.oldest ? STAY : OLDEST;
			sel = (int)l.n - 1;
		} else if (ev.key == UI_K(KEY_PPAGE) || ev.key == UI_K(KEY_NPAGE)) {
			sel += ev.key == UI_K(KEY_PPAGE) ? -page : page;
		} else if (ev.key == 'w') {
			if ((r = jentry_write(u, me)) == UI_QUIT)
				break;
			go = NEWEST;
		} else if (ev.key == 'd' && l.n > 0) {
			if ((r = jentry_forget(u, &l.e[sel], me)) == UI_QUIT)
				break;
			go = RELOAD;
		} else if ((ui_is_enter(ev.key) || ev.key == UI_K(KEY_RIGHT)) && l.n > 0) {
			if (l.e[sel].status != TEND_OK || !l.e[sel].text) {
				ui_say(u, l.e[sel].status == TEND_ERR_FORGED
				       ? "This entry was not written with its author's key: someone "
				         "else put it in the file (#%lld)"
				       : "This entry was damaged or changed and cannot be opened (#%lld)",
				       (long long)l.e[sel].id);
				continue;
			}
			r = jentry_read(u, &l.e[sel], me);
			if (r == UI_QUIT || r == UI_LOCKED)
				break;
		}
	}
	jlist_free(&l);
	return r;
}
