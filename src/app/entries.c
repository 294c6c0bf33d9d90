/* entries.c: writing sealed entries, unlocking a reader, reading back what
 * that reader may see, and the history of saved check-ins. */
#include <stdlib.h>
#include <string.h>

#include "app_internal.h"
#include "tend/mem.h"
#include "tend/utf8.h"

/* The associated data that binds an entry's text to its row. */
static void entry_ad(struct vault_ad *ad, int64_t id, int kind, int author, bool shared)
{
	ad->table = "entry";
	ad->id = id;
	ad->kind = kind;
	ad->author = author;
	ad->visibility = shared ? 1 : 0;
}

/* The entries app_read_each gathers before opening them all at once. */
struct gathered {
	struct store_entry *e;   /* owned; ct copied (malloc), seals in box */
	struct vault_box *box;   /* owned; box[i].ct borrows e[i].ct */
	struct vault_ad *ad;
	size_t n, cap;
	bool nomem;              /* gathering ran out of memory */
};

/* Empties `g` for the next batch, keeping its arrays. */
static void gathered_reset(struct gathered *g)
{
	for (size_t i = 0; i < g->n; i++)
		free(g->e[i].ct.data);
	g->n = 0;
}

static void gathered_free(struct gathered *g)
{
	for (size_t i = 0; i < g->n; i++)
		free(g->e[i].ct.data);
	free(g->e);
	free(g->box);
	free(g->ad);
	memset(g, 0, sizeof(*g));
}

/* Room for one more in each of `g`'s three arrays, which share a length. */
static enum tend_status grow(struct gathered *g)
{
	size_t c1 = g->cap, c2 = g->cap, c3 = g->cap;
	enum tend_status st;

	if ((st = mem_grow((void **)&g->e, &c1, g->n, sizeof(*g->e))) != TEND_OK ||
	    (st = mem_grow((void **)&g->box, &c2, g->n, sizeof(*g->box))) != TEND_OK ||
	    (st = mem_grow((void **)&g->ad, &c3, g->n, sizeof(*g->ad))) != TEND_OK)
		return st;
	g->cap = c3;
	return TEND_OK;
}

/* store_entry_each callback: copies one entry (ciphertext is not secret). */
static int gather_one(const struct store_entry *e, void *ctx)
{
	struct gathered *g = ctx;
	struct store_entry *c;
	struct vault_box *b;

	if (g->n == g->cap && grow(g) != TEND_OK) {
		g->nomem = true;
		return 1;
	}
	c = &g->e[g->n];
	b = &g->box[g->n];
	*c = *e;
	memset(&c->seal, 0, sizeof(c->seal));
	memset(b, 0, sizeof(*b));
	c->ct.data = malloc(e->ct.len ? e->ct.len : 1);
	if (!c->ct.data) {
		g->nomem = true;
		return 1;
	}
	memcpy(c->ct.data, e->ct.data, e->ct.len);
	b->ct = c->ct.data;
	b->ctlen = e->ct.len;
	for (int i = 0; i < 2; i++)
		if (e->seal[i].len != 0)
			vault_box_put_seal(b, i, e->seal[i].data, e->seal[i].len);
	entry_ad(&g->ad[g->n], e->id, e->kind, e->author, e->visibility != 0);
	g->n++;
	return 0;
}

/* Both partners' public keys, as vault_seal takes them. */
static void pk_pair(const struct app *app, uint8_t pk[2][VAULT_PK_BYTES])
{
	memcpy(pk[0], app->slot[0].pk, VAULT_PK_BYTES);
	memcpy(pk[1], app->slot[1].pk, VAULT_PK_BYTES);
}

enum tend_status app_entry_add(struct app *app, const struct app_reader *writer,
                               int64_t checkin, int kind, int author, bool shared,
                               tend_night night, int64_t created, int seq,
                               const char *text, size_t len, int64_t *id)
{
	uint8_t pk[2][VAULT_PK_BYTES];
	struct vault_box box = { 0 };
	struct vault_ad ad;
	struct store_entry e = { 0 };
	enum tend_status st;

	/* Nothing is sealed to a key record that could not be read. */
	for (int i = 0; i < 2; i++)
		if ((shared || i == author) && app->slot_st[i] != TEND_OK)
			return app->slot_st[i];
	if (!shared && (!writer || writer->partner != author))
		return TEND_ERR_DENIED;
	if ((st = store_entry_next_id(app->store, &e.id)) != TEND_OK)
		return st;
	pk_pair(app, pk);
	entry_ad(&ad, e.id, kind, author, shared);
	st = vault_seal(pk, shared ? 3u : 1u << author, &ad, text, len,
	                writer ? writer->key : NULL, &box);
	if (st != TEND_OK)
		return st;
	e.checkin = checkin;
	e.kind = kind;
	e.author = author;
	e.visibility = shared ? 1 : 0;
	e.night = night;
	e.created = created;
	e.seq = seq;
	e.ct.data = box.ct;
	e.ct.len = box.ctlen;
	for (int i = 0; i < 2; i++) {
		if (box.readers & (1u << i)) {
			e.seal[i].data = box.seal[i];
			e.seal[i].len = vault_box_seal_len(&box);
		}
	}
	st = store_entry_insert(app->store, &e);
	if (st == TEND_OK && id)
		*id = e.id;
	vault_box_free(&box);
	return st;
}

enum tend_status app_write(struct app *app, const struct app_reader *writer, int author,
                           bool shared, const char *text, size_t len, time_t now)
{
	enum tend_status st;

	if (!app->setup)
		return TEND_ERR_NOT_SETUP;
	if (author < 0 || author > 1)
		return TEND_ERR_INVALID;
	if (len > APP_MAX_ENTRY)
		return TEND_ERR_TOO_LONG;
	if (len == 0 || !utf8_valid_text(text, len, true))
		return TEND_ERR_INVALID;
	if ((st = store_begin(app->store)) != TEND_OK)
		return st;
	st = app_entry_add(app, writer, 0, APP_ENTRY_JOURNAL, author, shared,
	                   night_of(now, app->boundary_min), (int64_t)now, 0, text, len, NULL);
	return app_txn_end(app->store, st);
}

/* Stores `slot` as partner `partner`'s, in its own transaction, and keeps
 * it in `app` once saved. */
static enum tend_status slot_save(struct app *app, int partner, const struct vault_slot *slot)
{
	uint8_t enc[VAULT_SLOT_BYTES];
	struct store_blob blob = { enc, 0 };
	enum tend_status st;

	blob.len = vault_slot_encode(slot, enc);
	if ((st = store_begin(app->store)) != TEND_OK)
		return st;
	if ((st = app_txn_end(app->store, store_slot_put(app->store, partner, &blob))) == TEND_OK)
		app->slot[partner] = *slot;
	return st;
}

/* Boxes anew with `r`'s key every private entry of `r`'s partner that tend
 * 1.0 sealed anonymously (format 1), under the same id and row, then stores
 * `next` (their version 2 slot): all in one transaction, so a failure
 * leaves the file as it was. Entries that do not open are left as they are
 * (they are reported when read). */
static enum tend_status upgrade(struct app_reader *r, const struct vault_slot *next)
{
	struct app *app = r->app;
	struct store_entry_filter sf = { -1, -1, r->partner, r->partner };
	struct gathered g = { 0 };
	uint8_t enc[VAULT_SLOT_BYTES], pk[2][VAULT_PK_BYTES];
	struct store_blob blob = { enc, 0 };
	enum tend_status st;

	if ((st = store_begin(app->store)) != TEND_OK)
		return st;
	st = store_entry_each(app->store, &sf, gather_one, &g);
	if (st == TEND_OK && g.nomem)
		st = TEND_ERR_NOMEM;
	for (size_t i = 0; st == TEND_OK && i < g.n; i++) {
		struct store_entry e = g.e[i];
		struct vault_box box = { 0 };
		char *text = NULL;
		size_t len = 0;

		if (e.visibility != 0 || g.box[i].format != 1 ||
		    vault_open(r->key, r->partner, &g.ad[i], &g.box[i], &text, &len) != TEND_OK)
			continue;
		pk_pair(app, pk);
		st = vault_seal((const uint8_t(*)[VAULT_PK_BYTES])pk, 1u << r->partner, &g.ad[i],
		                text, len, r->key, &box);
		vault_secure_free(text);
		if (st != TEND_OK)
			break;
		e.ct.data = box.ct;
		e.ct.len = box.ctlen;
		memset(e.seal, 0, sizeof(e.seal));
		e.seal[r->partner].data = box.seal[r->partner];
		e.seal[r->partner].len = vault_box_seal_len(&box);
		if ((st = store_entry_delete(app->store, e.id)) == TEND_OK)
			st = store_entry_insert(app->store, &e);
		vault_box_free(&box);
	}
	gathered_free(&g);
	if (st == TEND_OK) {
		blob.len = vault_slot_encode(next, enc);
		st = store_slot_put(app->store, r->partner, &blob);
	}
	if ((st = app_txn_end(app->store, st)) == TEND_OK)
		app->slot[r->partner] = *next;
	return st;
}

/* After `pass` failed for `partner`: whether it opens the other partner's
 * slot as that slot now stands in the file. If it does, it is simply the
 * other partner's passphrase (TEND_ERR_PASSPHRASE). If it is right for that
 * slot but the slot is no longer as it was made, names or places were
 * swapped in the file (TEND_ERR_PARTNERS_CHANGED). Costs one more key
 * derivation, on a wrong passphrase only. */
static enum tend_status other_slot(struct app *app, int partner, const char *pass,
                                   size_t passlen)
{
	const int other = !partner;
	const struct vault_owner owner = { other, app->name[other] };
	struct vault_key *k = NULL;
	enum tend_status st;

	if (app->slot_st[other] != TEND_OK || app->slot[other].version < 2)
		return TEND_ERR_PASSPHRASE;
	st = vault_unlock(&app->slot[other], &owner, pass, passlen, &k);
	vault_key_free(k);
	return st == TEND_ERR_PARTNERS_CHANGED ? st : TEND_ERR_PASSPHRASE;
}

enum tend_status app_unlock(struct app *app, int partner, const char *pass,
                            size_t passlen, struct app_reader **out)
{
	struct app_reader *r;
	struct vault_slot next;
	enum tend_status st;

	*out = NULL;
	if (!app->setup)
		return TEND_ERR_NOT_SETUP;
	if (partner < 0 || partner > 1)
		return TEND_ERR_INVALID;
	if (app->slot_st[partner] != TEND_OK)
		return app->slot_st[partner];
	r = calloc(1, sizeof(*r));
	if (!r)
		return TEND_ERR_NOMEM;
	const struct vault_owner owner = { partner, app->name[partner] };
	app_note("Opening %s's key...", app->name[partner]);
	st = vault_unlock(&app->slot[partner], &owner, pass, passlen, &r->key);
	if (st == TEND_ERR_PASSPHRASE)
		st = other_slot(app, partner, pass, passlen);
	if (st != TEND_OK) {
		free(r);
		return st;
	}
	r->app = app;
	r->partner = partner;
	/* A slot from tend 1.0 is brought up to date with the passphrase just
	 * given, binding its owner as the file names them now, and its owner's
	 * private entries are boxed anew so they prove their author; then the
	 * key is opened again from the new slot. On a file that cannot be
	 * written it all stays as it was, and still opens. */
	if (app->slot[partner].version < 2 &&
	    vault_slot_rewrap(&app->slot[partner], r->key, &owner, pass, passlen, &next) == TEND_OK &&
	    upgrade(r, &next) == TEND_OK) {
		app_reader_free(r);
		return app_unlock(app, partner, pass, passlen, out);
	}
	*out = r;
	return TEND_OK;
}

enum tend_status app_change_passphrase(struct app *app, int partner,
                                       const char *old, size_t oldlen,
                                       const char *new, size_t newlen)
{
	struct app_reader *r = NULL;
	struct vault_slot slot;
	enum tend_status st;

	if (newlen == 0 || newlen > APP_MAX_PASS)
		return TEND_ERR_INVALID;
	if ((st = app_unlock(app, partner, old, oldlen, &r)) != TEND_OK)
		return st;
	if ((st = app_other_opens(app, partner, new, newlen)) != TEND_OK) {
		app_reader_free(r);
		return st;
	}
	const struct vault_owner owner = { partner, app->name[partner] };
	app_note("Locking %s's key with the new passphrase...", app->name[partner]);
	st = vault_slot_rewrap(&app->slot[partner], r->key, &owner, new, newlen, &slot);
	app_reader_free(r);
	if (st != TEND_OK)
		return st;
	return slot_save(app, partner, &slot);
}

int app_reader_partner(const struct app_reader *r)
{
	return r->partner;
}

void app_reader_free(struct app_reader *r)
{
	if (!r)
		return;
	vault_key_free(r->key);
	free(r);
}

/* State of one app_read_each walk. */
struct read_walk {
	const struct gathered *g;
	int (*fn)(const struct app_item *it, void *ctx);
	void *ctx;
	bool stopped;            /* fn returned non-zero */
};

/* app_read_each opens what it reads this many records at a time, so what
 * it holds stays the same whatever the journal's length (ciphertexts, the
 * records' keys), and the key agreements still share two cores. */
#define READ_BATCH 256

/* The state of one app_read_each walk. */
struct read_stream {
	struct app_reader *r;
	struct gathered g;
	struct read_walk w;
	bool (*want)(const struct store_entry *e, void *ctx); /* NULL: every one */
	void *wctx;
	enum tend_status st;     /* the first failure, TEND_OK until then */
};

/* vault_open_each callback: hands one opened record on as an app_item. */
static int read_one(size_t i, enum tend_status st, const char *text, size_t len, void *ctx)
{
	struct read_walk *w = ctx;
	const struct store_entry *e = &w->g->e[i];
	struct app_item it = { 0 };

	it.id = e->id;
	it.kind = e->kind;
	it.author = e->author;
	it.shared = e->visibility != 0;
	it.night = e->night;
	it.created = e->created;
	it.checkin = e->checkin;
	it.seq = e->seq;
	it.status = st == TEND_OK || st == TEND_ERR_FORGED ? st : TEND_ERR_TAMPERED;
	if (st == TEND_OK) {
		it.text = text;
		it.len = len;
		if (e->kind == APP_ENTRY_REFLECTION) {
			/* A reflection is sealed as "question\nanswer". The text is
			 * the vault's wiped buffer, so the split stays in it. */
			char *nl = memchr(text, '\n', len);
			if (nl) {
				*nl = '\0';
				it.question = text;
				it.text = nl + 1;
				it.len = len - (size_t)(nl + 1 - text);
			}
		}
	}
	if (w->fn(&it, w->ctx) == 0)
		return 0;
	w->stopped = true;
	return 1;
}

/* Opens and hands on the batch gathered so far; non-zero to stop. */
static int read_flush(struct read_stream *s)
{
	if (s->g.n > 0 && s->st == TEND_OK)
		s->st = vault_open_each(s->r->key, s->r->partner, s->g.n, s->g.box, s->g.ad, read_one,
		                        &s->w);
	gathered_reset(&s->g);
	return s->st != TEND_OK || s->w.stopped;
}

/* store_entry_each callback: gathers, and opens each full batch. */
static int stream_one(const struct store_entry *e, void *ctx)
{
	struct read_stream *s = ctx;

	if (s->want && !s->want(e, s->wctx))
		return 0;
	if (gather_one(e, &s->g) != 0) {
		s->st = TEND_ERR_NOMEM;
		return 1;
	}
	return s->g.n == READ_BATCH ? read_flush(s) : 0;
}

/* app_read_each and app_read_page: the store's walk of `f` as the reader,
 * by page after `from` when `page`, each batch opened as it fills. */
static enum tend_status read_walk(struct app_reader *r, const struct app_read_filter *f,
                                  bool page, int64_t from, bool older, size_t max,
                                  bool (*want)(const struct store_entry *e, void *ctx),
                                  void *wctx,
                                  int (*fn)(const struct app_item *it, void *ctx), void *ctx)
{
	struct store_entry_filter sf = { -1, -1, -1, r->partner };
	struct read_stream s = { .r = r, .st = TEND_OK, .want = want, .wctx = wctx };
	enum tend_status st;

	s.w = (struct read_walk){ &s.g, fn, ctx, false };
	if (f) {
		sf.checkin = f->checkin;
		sf.kind = f->kind;
		sf.author = f->author;
	}
	/* The store's walk stays open while a batch is handed on: fn may call
	 * back into the store, as store_entry_each allows. */
	st = page ? store_entry_page(r->app->store, &sf, from, older, max, stream_one, &s)
	          : store_entry_each(r->app->store, &sf, stream_one, &s);
	if (st == TEND_OK && s.st == TEND_OK && !s.w.stopped)
		read_flush(&s);
	gathered_free(&s.g);
	return st != TEND_OK ? st : s.st;
}

enum tend_status app_read_each(struct app_reader *r, const struct app_read_filter *f,
                               int (*fn)(const struct app_item *it, void *ctx), void *ctx)
{
	return read_walk(r, f, false, 0, false, 0, NULL, NULL, fn, ctx);
}

enum tend_status app_read_select(struct app_reader *r, const struct app_read_filter *f,
                                 bool (*want)(const struct store_entry *e, void *ctx),
                                 void *wctx,
                                 int (*fn)(const struct app_item *it, void *ctx), void *ctx)
{
	return read_walk(r, f, false, 0, false, 0, want, wctx, fn, ctx);
}

enum tend_status app_read_page(struct app_reader *r, const struct app_read_filter *f,
                               int64_t from, bool older, size_t max,
                               int (*fn)(const struct app_item *it, void *ctx), void *ctx)
{
	if (!r || !fn || from < 0 || max == 0 || max > READ_BATCH * 64)
		return TEND_ERR_INVALID;
	return read_walk(r, f, true, from, older, max, NULL, NULL, fn, ctx);
}

/* A saved check-in as the history shows it. */
static void history_item(struct app *app, const struct store_checkin *c,
                         struct app_history_item *out)
{
	struct app_history_item h = { 0 };

	h.id = c->id;
	h.night = c->night;
	h.started = c->started;
	app_plan_display(c->plan, h.plan, sizeof(h.plan));
	h.planned_s = c->planned_s;
	h.ran_s = c->ran_s;
	h.counted = c->counted;
	h.first = c->first;
	h.pillars = c->pillars;
	h.ended = c->ended == STORE_ENDED_TIMEOUT ? APP_ENDED_TIMEOUT
	          : c->ended == STORE_ENDED_EARLY ? APP_ENDED_EARLY : APP_ENDED_PLAN;
	{
		struct store_entry_filter f = { c->id, APP_ENTRY_TOPIC, -1, -1 };

		if (store_entry_count(app->store, &f, &h.parked) != TEND_OK)
			h.parked = 0;
	}
	*out = h;
}

/* State of one app_history_page. */
struct history_fill {
	struct app *app;
	struct app_history_item *out;
	size_t max, n;
};

static int history_fill_one(const struct store_checkin *c, void *ctx)
{
	struct history_fill *f = ctx;

	history_item(f->app, c, &f->out[f->n++]);
	return f->n == f->max;
}

enum tend_status app_history_page(struct app *app, const struct app_history_item *from,
                                  bool older, struct app_history_item *out, size_t max,
                                  size_t *n)
{
	struct store_checkin_key key;
	struct history_fill f = { app, out, max, 0 };
	enum tend_status st;

	*n = 0;
	if (!out || max == 0)
		return TEND_ERR_INVALID;
	if (from)
		key = (struct store_checkin_key){ from->night, from->id };
	st = store_checkin_page(app->store, from ? &key : NULL, older, max, history_fill_one, &f);
	*n = f.n;
	return st;
}

enum tend_status app_history_count(struct app *app, size_t *n)
{
	return store_checkin_saved(app->store, n);
}

/* State of one app_topics_each walk. */
struct topics_walk {
	struct app *app;
	bool all;
	int (*fn)(const struct app_topic *t, void *ctx);
	void *ctx;
};

static int topic_one(const struct app_item *it, void *ctx)
{
	struct topics_walk *w = ctx;
	struct app_topic t = { it->id, it->night, false, it->text, it->len };

	if (it->status != TEND_OK)
		return 0; /* a damaged one is for tend verify to report */
	if (store_done_get(w->app->store, it->id, &t.done) != TEND_OK)
		t.done = false;
	if (t.done && !w->all)
		return 0;
	return w->fn(&t, w->ctx);
}

enum tend_status app_topics_each(struct app_reader *r, int kind, bool all,
                                 int (*fn)(const struct app_topic *t, void *ctx), void *ctx)
{
	struct app_read_filter f = { -1, kind, -1 };
	struct topics_walk w = { r->app, all, fn, ctx };

	if (kind != APP_ENTRY_TOPIC && kind != APP_ENTRY_TOGETHER)
		return TEND_ERR_INVALID;
	return app_read_each(r, &f, topic_one, &w);
}

/* store_entry_each callback: counts the entries not marked done. */
struct open_count {
	struct store *store;
	size_t n;
};

static int count_open(const struct store_entry *e, void *ctx)
{
	struct open_count *c = ctx;
	bool done = false;

	if (store_done_get(c->store, e->id, &done) == TEND_OK && !done)
		c->n++;
	return 0;
}

enum tend_status app_topics_open(struct app *app, int kind, size_t *n)
{
	struct store_entry_filter f = { -1, kind, -1, -1 };
	struct open_count c = { app->store, 0 };
	enum tend_status st = store_entry_each(app->store, &f, count_open, &c);

	*n = c.n;
	return st;
}

enum tend_status app_topic_done(struct app *app, int64_t id, time_t now)
{
	struct store_entry e;
	enum tend_status st;

	if ((st = store_entry_get(app->store, id, &e)) != TEND_OK)
		return st;
	if (e.kind != APP_ENTRY_TOPIC && e.kind != APP_ENTRY_TOGETHER)
		st = TEND_ERR_INVALID;
	store_entry_clear(&e);
	if (st != TEND_OK)
		return st;
	if ((st = store_begin(app->store)) != TEND_OK)
		return st;
	return app_txn_end(app->store,
	                   store_done_put(app->store, id, night_of(now, app->boundary_min)));
}
