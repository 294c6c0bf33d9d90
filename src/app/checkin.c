/* checkin.c: a check-in from its first turn to its saving: choosing cards
 * and questions, checkpoints of progress and of the text typed so far
 * (sealed like any entry), recovery after a crash (what was written comes
 * back into its box once its reader unlocks), and the final save. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_internal.h"
#include "tend/mem.h"
#include "tend/utf8.h"

/* The store keeps a card for every step a plan can have. */
_Static_assert(PLAN_MAX_STEPS <= STORE_MAX_CARDS, "a check-in keeps a card a step");

/* Entry ids written by this run of the check-in, so each save replaces
 * them; kept beside the public struct. seq numbers: answers are
 * partner * APP_QUESTIONS + question, the note is NOTE_SEQ. */
#define NOTE_SEQ 100
#define AGREEMENT_SEQ 101
#define TOGETHER_SEQ 102
#define PARK_SEQ 200 /* and up, one per topic parked */

struct checkin_priv {
	struct app_checkin pub;   /* first, so the public pointer converts */
	int64_t answer_id[2][APP_QUESTIONS]; /* 0: none saved yet */
	int64_t note_id, agreement_id, together_id;
	char plan_ref[256];       /* how to load the plan again: name or path */
	char *mem;                /* guarded memory behind every text buffer */
	/* Each answer as it was last sealed (in guarded memory after the
	 * buffers), so an answer nobody changed is not sealed again: a private
	 * one needs its author's key, open only for their stretch. */
	char *sealed[2][APP_QUESTIONS];
	size_t sealed_len[2][APP_QUESTIONS];
	bool sealed_shared[2][APP_QUESTIONS];
	const struct app_reader *writer; /* borrowed: who is writing now */
	/* Entries the next save deletes: older copies of one text, joined into
	 * its box on reopening (an earlier tend wrote a second answer beside
	 * the first after an interruption). malloc'd; kept until a commit. */
	int64_t *stale;
	size_t nstale, stale_cap;
	size_t note_waits;        /* sealed texts of the couple's a resumed
	                           * check-in holds that no box holds yet */
};

static struct checkin_priv *priv(struct app_checkin *c)
{
	return (struct checkin_priv *)c;
}

static const struct checkin_priv *cpriv(const struct app_checkin *c)
{
	return (const struct checkin_priv *)c;
}

/* Allocates the check-in and the guarded memory of its text buffers. */
static struct app_checkin *checkin_new(struct app *app)
{
	const size_t per = APP_CHECKIN_TEXT;
	struct checkin_priv *p = calloc(1, sizeof(*p));
	char *mem;

	if (!p)
		return NULL;
	mem = vault_secure_alloc(per * (4 * APP_QUESTIONS + 3));
	if (!mem) {
		free(p);
		return NULL;
	}
	p->mem = mem;
	for (int who = 0; who < 2; who++)
		for (int q = 0; q < APP_QUESTIONS; q++, mem += per)
			textbuf_init(&p->pub.answer[who][q], mem, per);
	textbuf_init(&p->pub.note, mem, per);
	mem += per;
	textbuf_init(&p->pub.agreement, mem, per);
	mem += per;
	textbuf_init(&p->pub.together, mem, per);
	mem += per;
	for (int who = 0; who < 2; who++)
		for (int q = 0; q < APP_QUESTIONS; q++, mem += per)
			p->sealed[who][q] = mem;
	p->pub.app = app;
	return &p->pub;
}

void app_checkin_free(struct app_checkin *c)
{
	struct checkin_priv *p;

	if (!c)
		return;
	p = priv(c);
	for (int who = 0; who < 2; who++)
		for (int q = 0; q < APP_QUESTIONS; q++)
			textbuf_wipe(&c->answer[who][q]);
	textbuf_wipe(&c->note);
	textbuf_wipe(&c->agreement);
	textbuf_wipe(&c->together);
	vault_secure_free(p->mem); /* wipes the sealed copies too */
	plan_free(c->plan);
	free(p->stale);
	free(p);
}

/* Fills the metadata row of a check-in from its state at `mono_ms`. */
static void to_row(const struct app_checkin *c, int64_t mono_ms, int state,
                   struct store_checkin *row)
{
	struct turn_progress tp;

	memset(row, 0, sizeof(*row));
	turn_progress_get(&c->turn, mono_ms, &tp);
	row->id = c->id;
	row->night = c->night;
	row->started = c->started;
	snprintf(row->plan, sizeof(row->plan), "%s", cpriv(c)->plan_ref);
	row->planned_s = (int)(turn_total_ms(&c->turn) / 1000); /* with the time added */
	row->ran_s = (int)(turn_ran_ms(&c->turn, mono_ms) / 1000);
	row->first = c->first;
	row->pillars = c->pillars;
	row->counted = turn_counts(&c->turn, mono_ms);
	row->state = state;
	row->step = tp.step;
	row->step_left_ms = tp.step_left_ms;
	row->step_len_ms = tp.step_len_ms;
	row->ran_ms = tp.ran_ms;
	row->confirmed = tp.confirmed;
	row->phase = c->phase;
	row->ended = c->ended;
	row->topic = c->topic;
	row->ncards = (int)c->plan->nsteps;
	for (size_t i = 0; i < c->plan->nsteps && i < STORE_MAX_CARDS; i++)
		row->cards[i] = c->card[i] ? c->card[i]->id : 0;
}

/* Picks tonight's reflection questions: the same ones for the same night,
 * so a resumed check-in asks what it asked before. Each partner gets their
 * own: the night's 2 * APP_QUESTIONS questions, the opener's first. With
 * 4 a night from a deck of m, none comes back within m / 4 nights. */
static void pick_questions(struct app_checkin *c)
{
	const struct prompt_card *q[2 * APP_QUESTIONS] = { 0 };
	size_t n = prompt_pick(&c->app->reflections, (uint32_t)c->night, 2 * APP_QUESTIONS, q);

	for (int k = 0; k < 2; k++) {
		int who = k == 0 ? c->first : 1 - c->first;

		for (int i = 0; i < APP_QUESTIONS; i++) {
			/* A deck too small for both: they share what there is. */
			size_t at = (size_t)(k * APP_QUESTIONS + i);

			c->question[who][i] = at < n ? q[at] : n > (size_t)i ? q[i] : NULL;
		}
	}
}

bool app_plan_wants_topic(const struct plan *plan)
{
	for (size_t i = 0; plan && i < plan->nsteps; i++)
		if (plan->steps[i].card == PLAN_CARD_TOPIC)
			return true;
	return false;
}

/* An interrupted check-in that was neither finished nor discarded is saved
 * as it stands before a new one starts, so starting anew never loses it. */
static enum tend_status keep_interrupted(struct app *app)
{
	struct store_checkin old;
	enum tend_status st = store_checkin_draft(app->store, &old);

	if (st == TEND_ERR_NOT_FOUND)
		return TEND_OK;
	if (st != TEND_OK)
		return st;
	old.state = STORE_CHECKIN_DONE;
	if ((st = store_begin(app->store)) != TEND_OK)
		return st;
	return app_txn_end(app->store, store_checkin_update(app->store, &old));
}

/* How a resumed check-in finds its plan again: a plan's name as given, or a
 * plan file's absolute path. */
static enum tend_status plan_ref(const char *name, char *out, size_t size)
{
	char abs[PATH_MAX];

	if (!name || !name[0])
		name = "nightly";
	if (app_plan_is_path(name)) {
		if (!realpath(name, abs))
			return TEND_ERR_NOT_FOUND;
		name = abs;
	}
	if (strlen(name) >= size)
		return TEND_ERR_TOO_LONG;
	memcpy(out, name, strlen(name) + 1);
	return TEND_OK;
}

/* A check-in seals what both partners write to both: it starts only when
 * both key records can be used, so nothing typed is lost at the end. */
static enum tend_status keys_for_checkin(struct app *app, char *err, size_t errlen)
{
	char why[2 * APP_MAX_NAME + 120];

	for (int i = 0; i < 2; i++) {
		if (app->slot_st[i] == TEND_OK)
			continue;
		app_key_problem(app, i, why, sizeof(why));
		app_errf(err, errlen, "%s, so nothing written tonight could be kept.", why);
		return app->slot_st[i];
	}
	return TEND_OK;
}

enum tend_status app_checkin_begin(struct app *app, const char *plan_name, int64_t topic,
                                   time_t now, int64_t mono_ms, struct app_checkin **out,
                                   char *err, size_t errlen)
{
	struct app_stats stats;
	int current[PILLAR_COUNT];
	uint32_t *recent = NULL;
	size_t nrecent = 0;
	struct store_checkin row;
	struct app_checkin *c;
	enum tend_status st;

	*out = NULL;
	if (!app->setup)
		return TEND_ERR_NOT_SETUP;
	if ((st = keys_for_checkin(app, err, errlen)) != TEND_OK)
		return st;
	if ((st = app_decks_load(app, err, errlen)) != TEND_OK)
		return st;
	if (!(c = checkin_new(app)))
		return TEND_ERR_NOMEM;
	if ((st = app_plan_load(app, plan_name, &c->plan, err, errlen)) != TEND_OK)
		goto fail;
	if ((st = plan_ref(plan_name, priv(c)->plan_ref, sizeof(priv(c)->plan_ref))) != TEND_OK) {
		app_errf(err, errlen, "the plan's path is too long");
		goto fail;
	}
	if ((st = keep_interrupted(app)) != TEND_OK)
		goto fail;
	c->night = night_of(now, app->boundary_min);
	c->started = (int64_t)now;
	if ((st = app_stats(app, now, &stats)) != TEND_OK)
		goto fail;
	c->first = stats.first_tonight;
	for (int p = 0; p < PILLAR_COUNT; p++)
		current[p] = stats.pillar[p].current;
	st = store_recent_cards(app->store, c->night - (PROMPT_NO_REPEAT_NIGHTS - 1),
	                        &recent, &nrecent);
	if (st != TEND_OK)
		goto fail;
	c->topic = topic > 0 && app_plan_wants_topic(c->plan) ? topic : 0;
	prompt_choose(&app->deck, c->plan, current, recent, nrecent, (uint32_t)c->night,
	              c->topic != 0, c->card, c->step_pillar);
	free(recent);
	pick_questions(c);
	c->pillars = 0; /* the couple ticks what felt alive; nothing is assumed */
	c->phase = APP_PHASE_TIMER;
	turn_start(&c->turn, c->plan, c->first, mono_ms);

	to_row(c, mono_ms, STORE_CHECKIN_DRAFT, &row);
	if ((st = store_begin(app->store)) != TEND_OK ||
	    (st = app_txn_end(app->store, store_checkin_insert(app->store, &row))) != TEND_OK)
		goto fail;
	c->id = row.id;
	c->saved_ms = mono_ms;
	*out = c;
	return TEND_OK;
fail:
	if (st != TEND_OK && err && !err[0])
		app_errf(err, errlen, "%s", tend_strerror(st));
	app_checkin_free(c);
	return st;
}

/* store_entry_each callback: counts. */
static int count_one(const struct store_entry *e, void *ctx)
{
	(void)e;
	++*(size_t *)ctx;
	return 0;
}

enum tend_status app_draft_info(struct app *app, struct app_draft_info *out)
{
	struct store_checkin row;
	struct store_entry_filter f = { 0, -1, -1, -1 };
	enum tend_status st;

	memset(out, 0, sizeof(*out));
	if ((st = store_checkin_draft(app->store, &row)) != TEND_OK)
		return st;
	out->night = row.night;
	app_plan_display(row.plan, out->plan, sizeof(out->plan));
	/* A damaged step (-1: start over) shows as the first, and one past
	 * the plan's steps (a changed file) as its last, so the question never
	 * says "step 65 of 6". */
	out->step = row.step < 0 ? 0 : row.step;
	out->nsteps = row.ncards;
	out->ran_ms = row.ran_ms;
	/* a phase no tend writes (the file was changed) reads as the timer's */
	out->phase = row.phase >= APP_PHASE_TIMER && row.phase <= APP_PHASE_PILLARS
	             ? (enum app_phase)row.phase : APP_PHASE_TIMER;
	if (out->step >= out->nsteps)
		out->step = out->phase == APP_PHASE_TIMER && out->nsteps > 0 ? out->nsteps - 1
		                                                              : out->nsteps;
	f.checkin = row.id;
	return store_entry_each(app->store, &f, count_one, &out->texts);
}

/* The card of `id` in the deck, or NULL (the deck changed since). */
static const struct prompt_card *card_by_id(const struct prompt_deck *d, uint32_t id)
{
	for (size_t i = 0; id && i < d->ncards; i++)
		if (d->cards[i].id == id)
			return &d->cards[i];
	return NULL;
}

/* Whether entry kind `kind` is one of the couple's texts: the note, an
 * agreement, "next together". */
static bool couples_kind(int kind)
{
	return kind == APP_ENTRY_NOTE || kind == APP_ENTRY_AGREEMENT || kind == APP_ENTRY_TOGETHER;
}

/* store_entry_each callback: counts the couple's texts. */
static int count_couples(const struct store_entry *e, void *ctx)
{
	if (couples_kind(e->kind))
		++*(size_t *)ctx;
	return 0;
}

enum tend_status app_checkin_resume(struct app *app, time_t now, int64_t mono_ms,
                                    struct app_checkin **out, char *err, size_t errlen)
{
	struct store_checkin row;
	struct turn_progress tp;
	struct app_checkin *c;
	enum tend_status st;

	(void)now;
	*out = NULL;
	if ((st = keys_for_checkin(app, err, errlen)) != TEND_OK)
		return st;
	if ((st = store_checkin_draft(app->store, &row)) != TEND_OK)
		return st;
	if ((st = app_decks_load(app, err, errlen)) != TEND_OK)
		return st;
	if (!(c = checkin_new(app)))
		return TEND_ERR_NOMEM;
	if ((st = app_plan_load(app, row.plan, &c->plan, err, errlen)) != TEND_OK)
		goto fail;
	memcpy(priv(c)->plan_ref, row.plan, sizeof(row.plan));
	c->id = row.id;
	c->night = row.night;
	c->started = row.started;
	c->first = row.first == 1;
	c->pillars = row.pillars;
	c->ended = row.ended;
	c->topic = row.topic;
	c->phase = row.phase >= APP_PHASE_TIMER && row.phase <= APP_PHASE_PILLARS
	           ? (enum app_phase)row.phase : APP_PHASE_TIMER;
	for (size_t i = 0; i < c->plan->nsteps; i++) {
		const struct plan_step *s = &c->plan->steps[i];
		c->card[i] = i < (size_t)row.ncards ? card_by_id(&app->deck, row.cards[i]) : NULL;
		c->step_pillar[i] = c->card[i] ? c->card[i]->pillar : s->pillar;
	}
	pick_questions(c);
	if ((st = store_entry_each(app->store, &(struct store_entry_filter){ c->id, -1, -1, -1 },
	                           count_couples, &priv(c)->note_waits)) != TEND_OK)
		goto fail;
	tp.step = row.step;
	tp.step_left_ms = row.step_left_ms;
	tp.step_len_ms = row.step_len_ms;
	tp.ran_ms = row.ran_ms;
	tp.confirmed = row.confirmed;
	tp.added_ms = ((int64_t)row.planned_s - c->plan->total_seconds) * 1000;
	turn_restore(&c->turn, c->plan, c->first, &tp, mono_ms);
	c->resumed = true;
	c->saved_ms = mono_ms;
	*out = c;
	return TEND_OK;
fail:
	app_checkin_free(c);
	return st;
}

enum tend_status app_draft_discard(struct app *app)
{
	struct store_checkin row;
	enum tend_status st;

	if ((st = store_checkin_draft(app->store, &row)) != TEND_OK)
		return st;
	if ((st = store_begin(app->store)) != TEND_OK)
		return st;
	return app_txn_end(app->store, store_checkin_delete(app->store, row.id));
}

/* Replaces the sealed copy of one text: deletes the one this run saved
 * before (*id) and, when the text is not empty, seals it anew. */
static enum tend_status save_text(struct app_checkin *c, int64_t *id, int kind, int author,
                                  bool shared, int seq, const char *question,
                                  const struct textbuf *tb)
{
	struct app *app = c->app;
	enum tend_status st;
	char *buf = NULL;
	const char *text = tb->buf;
	size_t len = tb->len;

	if (*id && (st = store_entry_delete(app->store, *id)) != TEND_OK)
		return st;
	*id = 0;
	if (tb->len == 0)
		return TEND_OK;
	if (kind == APP_ENTRY_REFLECTION) {
		/* Sealed as "question\nanswer", so the question travels with it. */
		size_t qlen = question ? strlen(question) : 0;

		len = qlen + 1 + tb->len;
		if (!(buf = vault_secure_alloc(len + 1)))
			return TEND_ERR_NOMEM;
		if (qlen)
			memcpy(buf, question, qlen);
		buf[qlen] = '\n';
		memcpy(buf + qlen + 1, tb->buf, tb->len);
		buf[len] = '\0';
		text = buf;
	}
	st = app_entry_add(app, cpriv(c)->writer, c->id, kind, author, shared, c->night,
	                   c->started, seq, text, len, id);
	vault_secure_free(buf);
	return st;
}

/* Whether answer [who][q] is as it was last sealed: text and sharing. */
static bool answer_unchanged(const struct checkin_priv *p, int who, int q)
{
	const struct textbuf *tb = &p->pub.answer[who][q];

	return tb->len == p->sealed_len[who][q] &&
	       p->pub.answer_shared[who][q] == p->sealed_shared[who][q] &&
	       memcmp(tb->buf, p->sealed[who][q], tb->len) == 0;
}

/* After a save: every answer is now as sealed. */
static void answers_sealed(struct checkin_priv *p)
{
	for (int who = 0; who < 2; who++) {
		for (int q = 0; q < APP_QUESTIONS; q++) {
			const struct textbuf *tb = &p->pub.answer[who][q];

			memcpy(p->sealed[who][q], tb->buf, tb->len);
			p->sealed_len[who][q] = tb->len;
			p->sealed_shared[who][q] = p->pub.answer_shared[who][q];
		}
	}
}

void app_checkin_writer(struct app_checkin *c, const struct app_reader *writer)
{
	priv(c)->writer = writer;
}

/* Where a reopened text goes: its box, the id its next save replaces and,
 * for an answer, which one ([who][q]; who -1 for the couple's texts). */
struct reopen_slot {
	struct textbuf *tb;
	int64_t *id;
	int who, q;
};

/* The box of a text of this check-in (`kind`, `author`, `seq`) for a walk
 * of `who`'s answers, or of the couple's texts (who -1). False for any
 * other: the other partner's, or a kind or place no tend writes. */
static bool reopen_slot(struct checkin_priv *p, int who, int kind, int author, int seq,
                        struct reopen_slot *out)
{
	struct app_checkin *c = &p->pub;
	int q = seq - who * APP_QUESTIONS;

	*out = (struct reopen_slot){ NULL, NULL, -1, -1 };
	if (who >= 0) {
		if (kind != APP_ENTRY_REFLECTION || author != who || q < 0 || q >= APP_QUESTIONS)
			return false;
		*out = (struct reopen_slot){ &c->answer[who][q], &p->answer_id[who][q], who, q };
	} else if (kind == APP_ENTRY_NOTE && seq == NOTE_SEQ) {
		*out = (struct reopen_slot){ &c->note, &p->note_id, -1, -1 };
	} else if (kind == APP_ENTRY_AGREEMENT && seq == AGREEMENT_SEQ) {
		*out = (struct reopen_slot){ &c->agreement, &p->agreement_id, -1, -1 };
	} else if (kind == APP_ENTRY_TOGETHER && seq == TOGETHER_SEQ) {
		*out = (struct reopen_slot){ &c->together, &p->together_id, -1, -1 };
	}
	return out->tb != NULL;
}

/* Whether entry `id` is one the next save deletes. */
static bool is_stale(const struct checkin_priv *p, int64_t id)
{
	for (size_t i = 0; i < p->nstale; i++)
		if (p->stale[i] == id)
			return true;
	return false;
}

/* One reopening walk. */
struct reopen_walk {
	struct checkin_priv *p;
	int who;                  /* whose answers; -1: the couple's texts */
	size_t aside;             /* texts left as they are: they did not open,
	                           * or would not fit in their box */
	enum tend_status st;      /* what stopped the walk; TEND_OK */
};

/* app_read_select's choice: texts of this walk that no box holds yet. */
static bool reopen_want(const struct store_entry *e, void *ctx)
{
	struct reopen_walk *w = ctx;
	struct reopen_slot s;

	return reopen_slot(w->p, w->who, e->kind, e->author, e->seq, &s) && *s.id != e->id &&
	       !is_stale(w->p, e->id);
}

/* Puts one opened text in its box, oldest first. The first fills an empty
 * box, and is its sealed copy (nothing changed, nothing to seal again); a
 * later one for the same box is joined to it after a blank line, and the
 * one it follows is deleted with the next save, which seals them as one. */
static int reopen_one(const struct app_item *it, void *ctx)
{
	struct reopen_walk *w = ctx;
	struct checkin_priv *p = w->p;
	struct reopen_slot s;
	struct textbuf *tb;
	bool first;

	if (!reopen_slot(p, w->who, it->kind, it->author, it->seq, &s))
		return 0;
	tb = s.tb;
	first = tb->len == 0 && *s.id == 0;
	if (it->status != TEND_OK || it->len == 0 ||
	    !utf8_valid_text(it->text, it->len, true) ||
	    (first ? it->len : tb->len + 2 + it->len) >= tb->cap) {
		w->aside++;
		return 0;
	}
	if (*s.id && !first) {
		size_t cap = p->stale_cap;

		if ((w->st = mem_grow((void **)&p->stale, &cap, p->nstale, sizeof(*p->stale))) !=
		    TEND_OK)
			return 1;
		p->stale_cap = cap;
		p->stale[p->nstale++] = *s.id;
	}
	if (first) {
		textbuf_set(tb, it->text, it->len);
	} else {
		memcpy(tb->buf + tb->len, "\n\n", 2);
		memcpy(tb->buf + tb->len + 2, it->text, it->len);
		tb->len += 2 + it->len;
		tb->buf[tb->len] = '\0';
		tb->cursor = tb->len;
	}
	*s.id = it->id;
	if (s.who >= 0) {
		/* Joined texts stay private unless each was shared. */
		bool *shared = &p->pub.answer_shared[s.who][s.q];

		*shared = first ? it->shared : *shared && it->shared;
		if (first)
			memcpy(p->sealed[s.who][s.q], it->text, it->len);
		p->sealed_len[s.who][s.q] = first ? it->len : 0; /* 0: to be sealed */
		p->sealed_shared[s.who][s.q] = *shared;
	}
	return 0;
}

/* Walks the texts of `who` (or the couple's, -1) that `r` may open. */
static enum tend_status reopen(struct app_checkin *c, struct app_reader *r, int who,
                               size_t *aside)
{
	struct reopen_walk w = { priv(c), who, 0, TEND_OK };
	struct app_read_filter f = { c->id, who >= 0 ? APP_ENTRY_REFLECTION : -1, who };
	enum tend_status st = app_read_select(r, &f, reopen_want, &w, reopen_one, &w);

	if (aside)
		*aside = w.aside;
	return st != TEND_OK ? st : w.st;
}

enum tend_status app_checkin_reopen_answers(struct app_checkin *c, struct app_reader *r,
                                            size_t *aside)
{
	return reopen(c, r, app_reader_partner(r), aside);
}

enum tend_status app_checkin_reopen_note(struct app_checkin *c, struct app_reader *r,
                                         size_t *aside)
{
	enum tend_status st = reopen(c, r, -1, aside);

	if (st == TEND_OK)
		priv(c)->note_waits = 0;
	return st;
}

bool app_checkin_note_waits(const struct app_checkin *c)
{
	return cpriv(c)->note_waits > 0;
}

/* Writes the row and every changed text, inside the caller's transaction. */
static enum tend_status save_all(struct app_checkin *c, int64_t mono_ms, int state)
{
	struct checkin_priv *p = priv(c);
	struct store_checkin row;
	enum tend_status st;

	to_row(c, mono_ms, state, &row);
	if ((st = store_checkin_update(c->app->store, &row)) != TEND_OK)
		return st;
	/* Older copies of a text now in one box go with the save that seals
	 * the box (it differs from its sealed copy, so it is saved below). */
	for (size_t i = 0; i < p->nstale; i++) {
		st = store_entry_delete(c->app->store, p->stale[i]);
		if (st != TEND_OK && st != TEND_ERR_NOT_FOUND)
			return st;
	}
	for (int who = 0; who < 2; who++) {
		for (int q = 0; q < APP_QUESTIONS; q++) {
			if (answer_unchanged(p, who, q))
				continue;
			st = save_text(c, &p->answer_id[who][q], APP_ENTRY_REFLECTION, who,
			               c->answer_shared[who][q], who * APP_QUESTIONS + q,
			               c->question[who][q] ? c->question[who][q]->text : NULL,
			               &c->answer[who][q]);
			if (st != TEND_OK)
				return st;
		}
	}
	/* The note is the couple's: written by both, authored under the opener;
	 * so are an agreement and a plan to enjoy something together. */
	if ((st = save_text(c, &p->note_id, APP_ENTRY_NOTE, c->first, true, NOTE_SEQ, NULL,
	                    &c->note)) != TEND_OK ||
	    (st = save_text(c, &p->agreement_id, APP_ENTRY_AGREEMENT, c->first, true,
	                    AGREEMENT_SEQ, NULL, &c->agreement)) != TEND_OK)
		return st;
	return save_text(c, &p->together_id, APP_ENTRY_TOGETHER, c->first, true, TOGETHER_SEQ,
	                 NULL, &c->together);
}

/* One transaction around save_all; on failure nothing of it remains and
 * the ids of this run are as they were. */
static enum tend_status save_txn(struct app_checkin *c, int64_t mono_ms, int state)
{
	struct checkin_priv *p = priv(c);
	int64_t answer_id[2][APP_QUESTIONS];
	int64_t note_id = p->note_id, agreement_id = p->agreement_id;
	int64_t together_id = p->together_id;
	enum tend_status st;

	memcpy(answer_id, p->answer_id, sizeof(answer_id));
	if ((st = store_begin(c->app->store)) != TEND_OK)
		return st;
	st = app_txn_end(c->app->store, save_all(c, mono_ms, state));
	if (st != TEND_OK) {
		memcpy(p->answer_id, answer_id, sizeof(answer_id));
		p->note_id = note_id;
		p->agreement_id = agreement_id;
		p->together_id = together_id;
		return st;
	}
	answers_sealed(p);
	p->nstale = 0;
	c->saved_ms = mono_ms;
	return TEND_OK;
}

enum tend_status app_checkin_save(struct app_checkin *c, int64_t mono_ms)
{
	return save_txn(c, mono_ms, STORE_CHECKIN_DRAFT);
}

enum tend_status app_checkin_finish(struct app_checkin *c, int64_t mono_ms)
{
	enum tend_status st;

	if (!c->turn.done)
		turn_end(&c->turn, mono_ms);
	if (c->ended != APP_ENDED_TIMEOUT)
		c->ended = c->turn.ended_early ? APP_ENDED_EARLY : APP_ENDED_PLAN;
	if ((st = save_txn(c, mono_ms, STORE_CHECKIN_DONE)) != TEND_OK)
		return st;
	/* Talked through: the parked topic leaves the list. A night that did
	 * not count leaves it there for another go. */
	if (c->topic && turn_counts(&c->turn, mono_ms))
		(void)app_topic_done(c->app, c->topic, (time_t)c->started);
	return TEND_OK;
}

void app_checkin_timeout(struct app_checkin *c, int64_t mono_ms)
{
	c->ended = APP_ENDED_TIMEOUT;
	turn_end(&c->turn, mono_ms);
}

enum tend_status app_checkin_park(struct app_checkin *c, const char *text, size_t len,
                                  time_t now)
{
	struct app *app = c->app;
	int who = turn_speaker(&c->turn);
	int64_t id = 0;
	enum tend_status st;

	while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\n'))
		len--;
	if (len == 0)
		return TEND_ERR_INVALID;
	if (memchr(text, '\n', len))
		return TEND_ERR_INVALID;
	if ((st = store_begin(app->store)) != TEND_OK)
		return st;
	st = app_entry_add(app, NULL, c->id, APP_ENTRY_TOPIC, who == TURN_BOTH ? c->first : who,
	                   true, c->night, (int64_t)now, PARK_SEQ + (int)c->parked, text,
	                   len, &id);
	if ((st = app_txn_end(app->store, st)) == TEND_OK)
		c->parked++;
	return st;
}
