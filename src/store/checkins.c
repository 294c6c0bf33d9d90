/* checkins.c: check-ins (saved and in progress), the nights and cards they
 * leave, rest nights, what is marked done, and the streaks' walk through old
 * nights (fold), in the store. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "store_internal.h"
#include "tend/mem.h"

/* A card id as the cards blob holds it: CARD_BYTES, little-endian. */
static void card_put(uint8_t *b, uint32_t v)
{
	for (int i = 0; i < CARD_BYTES; i++)
		b[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t card_get(const uint8_t *b)
{
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

/* Binds the CHECKIN_COLS of `c` to ?1..?16; `cards` is scratch space for
 * the encoded card ids and must outlive the step. */
static enum tend_status checkin_bind(sqlite3_stmt *q, const struct store_checkin *c,
                                     uint8_t cards[STORE_MAX_CARDS * CARD_BYTES])
{
	/* the numbers, by parameter; ?3 (plan) and ?16 (cards) bound after */
	const int64_t num[CHECKIN_NCOLS + 1] = {
		[1] = c->night, [2] = c->started, [4] = c->planned_s, [5] = c->ran_s,
		[6] = c->first, [7] = c->pillars, [8] = c->counted ? 1 : 0,
		[9] = c->state, [10] = c->step, [11] = c->step_left_ms,
		[12] = c->step_len_ms, [13] = c->ran_ms, [14] = c->confirmed,
		[15] = c->phase, [17] = c->ended, [18] = c->topic,
	};
	int rc = SQLITE_OK;

	if (c->ncards < 0 || c->ncards > STORE_MAX_CARDS ||
	    !memchr(c->plan, '\0', sizeof(c->plan)) ||
	    (c->state != STORE_CHECKIN_DRAFT && c->state != STORE_CHECKIN_DONE) ||
	    c->ended < STORE_ENDED_PLAN || c->ended > STORE_ENDED_TIMEOUT || c->topic < 0)
		return TEND_ERR_INVALID;
	for (int i = 0; i < c->ncards; i++)
		card_put(cards + (size_t)i * CARD_BYTES, c->cards[i]);
	for (int i = 1; i <= CHECKIN_NCOLS && rc == SQLITE_OK; i++)
		if (i != 3 && i != 16)
			rc = sqlite3_bind_int64(q, i, num[i]);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(q, 3, c->plan, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = bind_blob(q, 16, cards, (size_t)c->ncards * CARD_BYTES, false);
	return store_status(rc);
}

/* Reads a row of "SELECT id, CHECKIN_COLS" into *c. */
static enum tend_status checkin_read(sqlite3 *db, sqlite3_stmt *q, struct store_checkin *c)
{
	struct store_blob cards;
	enum tend_status ret;
	const unsigned char *plan;
	int n;

	memset(c, 0, sizeof(*c));
	c->id = sqlite3_column_int64(q, 0);
	c->night = column_night(q, 1);
	c->started = column_i64_in(q, 2, TIME_FIRST, TIME_LAST);
	plan = sqlite3_column_text(q, 3);
	n = sqlite3_column_bytes(q, 3);
	if (!plan)
		return (sqlite3_errcode(db) & 0xff) == SQLITE_NOMEM ? TEND_ERR_NOMEM
		                                                    : TEND_ERR_CORRUPT;
	if ((size_t)n >= sizeof(c->plan))
		return TEND_ERR_CORRUPT;
	memcpy(c->plan, plan, (size_t)n);
	c->plan[n] = '\0';
	c->planned_s = column_int_in(q, 4, 0, SECONDS_LAST);
	c->ran_s = column_int_in(q, 5, 0, SECONDS_LAST);
	c->first = column_int_in(q, 6, 0, 1);
	c->pillars = column_pillars(q, 7);
	c->counted = sqlite3_column_int64(q, 8) != 0;
	/* the queries pick drafts and saved ones by state; only a read by id
	 * meets another, and a check-in that is not a draft is saved */
	c->state = sqlite3_column_int64(q, 9) == STORE_CHECKIN_DRAFT ? STORE_CHECKIN_DRAFT
	                                                           : STORE_CHECKIN_DONE;
	/* -1 says "damaged, start over"; STORE_MAX_CARDS "past the end". */
	c->step = column_int_in(q, 10, -1, STORE_MAX_CARDS);
	c->step_left_ms = column_i64_in(q, 11, 0, SECONDS_LAST * INT64_C(1000));
	c->step_len_ms = column_i64_in(q, 12, 0, SECONDS_LAST * INT64_C(1000));
	c->ran_ms = column_i64_in(q, 13, 0, SECONDS_LAST * INT64_C(1000));
	/* one bit per step: bits past the last step mean nothing */
	c->confirmed = (unsigned)((uint64_t)sqlite3_column_int64(q, 14) & UINT_MAX);
	c->phase = column_int_in(q, 15, -1, INT_SANE);
	if ((ret = column_blob_borrow(q, 16, &cards)) != TEND_OK)
		return ret;
	if (cards.len % CARD_BYTES != 0 || cards.len / CARD_BYTES > STORE_MAX_CARDS)
		return TEND_ERR_CORRUPT;
	c->ncards = (int)(cards.len / CARD_BYTES);
	for (int i = 0; i < c->ncards; i++)
		c->cards[i] = card_get(cards.data + (size_t)i * CARD_BYTES);
	/* damage: the least generous reading */
	c->ended = column_int_or(q, 17, STORE_ENDED_PLAN, STORE_ENDED_TIMEOUT, STORE_ENDED_EARLY);
	c->topic = column_i64_in(q, 18, 0, INT64_MAX);
	return TEND_OK;
}

enum tend_status store_checkin_insert(struct store *s, struct store_checkin *c)
{
	uint8_t cards[STORE_MAX_CARDS * CARD_BYTES];
	enum tend_status ret;
	sqlite3_stmt *q;
	int rc;

	if (!c)
		return TEND_ERR_INVALID;
	if ((rc = stmt_take(s, ST_CHECKIN_INSERT, &q)) != SQLITE_OK)
		return store_status_db(s->db, rc);
	if ((ret = checkin_bind(q, c, cards)) == TEND_OK &&
	    (ret = store_status_db(s->db, step_write(q))) == TEND_OK)
		c->id = sqlite3_last_insert_rowid(s->db);
	stmt_give(s, ST_CHECKIN_INSERT, q);
	return ret;
}

enum tend_status store_checkin_update(struct store *s, const struct store_checkin *c)
{
	uint8_t cards[STORE_MAX_CARDS * CARD_BYTES];
	enum tend_status ret;
	sqlite3_stmt *q;
	int rc;

	if (!c)
		return TEND_ERR_INVALID;
	if ((rc = stmt_take(s, ST_CHECKIN_UPDATE, &q)) != SQLITE_OK)
		return store_status_db(s->db, rc);
	if ((ret = checkin_bind(q, c, cards)) == TEND_OK &&
	    (ret = store_status(sqlite3_bind_int64(q, 19, c->id))) == TEND_OK &&
	    (ret = store_status_db(s->db, step_write(q))) == TEND_OK && sqlite3_changes(s->db) == 0)
		ret = TEND_ERR_NOT_FOUND;
	stmt_give(s, ST_CHECKIN_UPDATE, q);
	return ret;
}

/* Runs check-in query `id` (bound to `key` when it takes one) and reads its
 * first row into *out; TEND_ERR_NOT_FOUND when there is none. */
static enum tend_status checkin_one(struct store *s, enum stmt_id id, bool has_key,
                                    int64_t key, struct store_checkin *out)
{
	enum tend_status ret;
	sqlite3_stmt *q;
	int rc;

	if (!out)
		return TEND_ERR_INVALID;
	if ((rc = stmt_take(s, id, &q)) != SQLITE_OK)
		return store_status_db(s->db, rc);
	if (has_key && (rc = sqlite3_bind_int64(q, 1, key)) != SQLITE_OK) {
		ret = store_status_db(s->db, rc);
		goto out;
	}
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		ret = checkin_read(s->db, q, out);
	else if (rc == SQLITE_DONE)
		ret = TEND_ERR_NOT_FOUND;
	else
		ret = store_status_db(s->db, rc);
out:
	stmt_give(s, id, q);
	return ret;
}

enum tend_status store_checkin_get(struct store *s, int64_t id, struct store_checkin *out)
{
	return checkin_one(s, ST_CHECKIN_GET, true, id, out);
}

enum tend_status store_checkin_draft(struct store *s, struct store_checkin *out)
{
	return checkin_one(s, ST_CHECKIN_DRAFT, false, 0, out);
}

/* Entries go with it through ON DELETE CASCADE. */
enum tend_status store_checkin_delete(struct store *s, int64_t id)
{
	enum tend_status ret;
	int n = 0;

	if ((ret = delete_by(s, ST_CHECKIN_DELETE, id, &n)) != TEND_OK)
		return ret;
	return n == 0 ? TEND_ERR_NOT_FOUND : TEND_OK;
}

enum tend_status store_night_delete(struct store *s, tend_night night, int *n)
{
	int changes = 0;
	enum tend_status ret = delete_by(s, ST_NIGHT_DELETE, night, &changes);

	if (n)
		*n = changes;
	return ret;
}

/* Calls fn for each row of the check-in query q until it returns non-zero. */
static enum tend_status checkin_rows(struct store *s, sqlite3_stmt *q,
                                     int (*fn)(const struct store_checkin *c, void *ctx),
                                     void *ctx)
{
	struct store_checkin c;
	enum tend_status ret;
	int rc;

	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if ((ret = checkin_read(s->db, q, &c)) != TEND_OK)
			return ret;
		if (fn(&c, ctx) != 0)
			return TEND_OK;
	}
	return store_status_db(s->db, rc);
}

enum tend_status store_checkin_each(struct store *s, size_t limit,
                                    int (*fn)(const struct store_checkin *c, void *ctx),
                                    void *ctx)
{
	enum tend_status ret = TEND_OK;
	sqlite3_stmt *q;
	int rc;

	if (!fn)
		return TEND_ERR_INVALID;
	if ((rc = stmt_take(s, ST_CHECKIN_EACH, &q)) != SQLITE_OK)
		return store_status_db(s->db, rc);
	rc = sqlite3_bind_int64(q, 1, limit == 0 || limit > INT64_MAX ? -1 : (int64_t)limit);
	if (rc != SQLITE_OK) {
		ret = store_status_db(s->db, rc);
		goto out;
	}
	ret = checkin_rows(s, q, fn, ctx);
out:
	stmt_give(s, ST_CHECKIN_EACH, q);
	return ret;
}

enum tend_status store_checkin_all(struct store *s,
                                   int (*fn)(const struct store_checkin *c, void *ctx),
                                   void *ctx)
{
	enum tend_status ret;
	sqlite3_stmt *q;
	int rc;

	if (!fn)
		return TEND_ERR_INVALID;
	if ((rc = stmt_take(s, ST_CHECKIN_ALL, &q)) != SQLITE_OK)
		return store_status_db(s->db, rc);
	ret = checkin_rows(s, q, fn, ctx);
	stmt_give(s, ST_CHECKIN_ALL, q);
	return ret;
}

enum tend_status store_checkin_page(struct store *s, const struct store_checkin_key *from,
                                    bool older, size_t limit,
                                    int (*fn)(const struct store_checkin *c, void *ctx),
                                    void *ctx)
{
	enum stmt_id id = older ? ST_CHECKIN_OLDER : ST_CHECKIN_NEWER;
	enum tend_status ret = TEND_OK;
	sqlite3_stmt *q;
	int rc;

	if (!fn || limit == 0 || limit > INT32_MAX)
		return TEND_ERR_INVALID;
	if ((rc = stmt_take(s, id, &q)) != SQLITE_OK)
		return store_status_db(s->db, rc);
	/* No key: from beyond either end of every night there can be. */
	if ((rc = sqlite3_bind_int64(q, 1, from ? (int64_t)from->night
	                                        : older ? INT64_MAX : INT64_MIN)) != SQLITE_OK ||
	    (rc = sqlite3_bind_int64(q, 2, from ? from->id : older ? INT64_MAX : INT64_MIN)) !=
	        SQLITE_OK ||
	    (rc = sqlite3_bind_int64(q, 3, (int64_t)limit)) != SQLITE_OK) {
		ret = store_status_db(s->db, rc);
		goto out;
	}
	ret = checkin_rows(s, q, fn, ctx);
out:
	stmt_give(s, id, q);
	return ret;
}

/* How many saved check-ins fall on nights lo..hi, into *n. */
static int checkin_count(struct store *s, int64_t lo, int64_t hi, int64_t *n)
{
	sqlite3_stmt *q;
	int rc;

	*n = 0;
	if ((rc = stmt_take(s, ST_CHECKIN_SAVED, &q)) != SQLITE_OK)
		return rc;
	if ((rc = sqlite3_bind_int64(q, 1, lo)) == SQLITE_OK &&
	    (rc = sqlite3_bind_int64(q, 2, hi)) == SQLITE_OK &&
	    (rc = sqlite3_step(q)) == SQLITE_ROW) {
		*n = column_i64_in(q, 0, 0, INT_SANE);
		rc = SQLITE_OK;
	}
	stmt_give(s, ST_CHECKIN_SAVED, q);
	return rc;
}

/* The nights up to the kept walk's come counted with it, so only those
 * since are counted here: the history's length costs what those do. */
enum tend_status store_checkin_saved(struct store *s, size_t *n)
{
	struct store_fold kept;
	int64_t since = 0;
	int rc;

	if (!n)
		return TEND_ERR_INVALID;
	*n = 0;
	if (store_fold_get(s, &kept) != TEND_OK)
		kept = (struct store_fold){ .upto = NIGHT_FIRST - 1, .saved = 0 };
	if ((rc = checkin_count(s, (int64_t)kept.upto + 1, NIGHT_LAST, &since)) != SQLITE_OK)
		return store_status_db(s->db, rc);
	*n = (size_t)(kept.saved + since);
	return TEND_OK;
}

/* An array grown row by row (mem_grow), of elements of `size` bytes. */
struct rows {
	void *a;
	size_t len, cap, size;
};

/* Room for one more element at the end of `r`, into *slot. */
static enum tend_status rows_push(struct rows *r, void **slot)
{
	enum tend_status st = mem_grow(&r->a, &r->cap, r->len, r->size);

	if (st == TEND_OK)
		*slot = (char *)r->a + r->len++ * r->size;
	return st;
}

/* Runs fixed statement `id` with ?1 = `key` and hands each row to `add`,
 * which keeps what it wants in `r` (rows_push). On success *out owns the
 * array (NULL when empty) and *n counts it; on failure both are empty. */
static enum tend_status rows_collect(struct store *s, enum stmt_id id, int64_t key,
                                     size_t size,
                                     enum tend_status (*add)(sqlite3_stmt *q, struct rows *r),
                                     void **out, size_t *n)
{
	struct rows r = { NULL, 0, 0, size };
	enum tend_status ret = TEND_OK;
	sqlite3_stmt *q;
	int rc;

	if (!out || !n)
		return TEND_ERR_INVALID;
	*out = NULL;
	*n = 0;
	if ((rc = stmt_take(s, id, &q)) != SQLITE_OK)
		return store_status_db(s->db, rc);
	if ((rc = sqlite3_bind_int64(q, 1, key)) != SQLITE_OK) {
		ret = store_status_db(s->db, rc);
		goto out;
	}
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		if ((ret = add(q, &r)) != TEND_OK)
			goto out;
	ret = store_status_db(s->db, rc);
out:
	stmt_give(s, id, q);
	if (ret != TEND_OK) {
		free(r.a);
		return ret;
	}
	*out = r.a;
	*n = r.len;
	return TEND_OK;
}

/* SQLite has no bitwise-or aggregate, so the rows come ordered by night and
 * each night's rows are folded here. */
static enum tend_status night_add(sqlite3_stmt *q, struct rows *r)
{
	struct store_night *a = r->a, *last = r->len > 0 ? &a[r->len - 1] : NULL;
	tend_night night = column_night(q, 0);
	bool counted = sqlite3_column_int64(q, 1) != 0;
	/* A pillar ticked at a check-in that did not count earns nothing. */
	pillar_set p = counted ? column_pillars(q, 2) : 0;
	bool timeout = sqlite3_column_int64(q, 3) == STORE_ENDED_TIMEOUT;
	enum tend_status st;
	void *slot;

	if (last && last->night == night) {
		last->counted = last->counted || counted;
		last->pillars |= p;
		last->timeout = last->timeout || timeout;
		return TEND_OK;
	}
	if ((st = rows_push(r, &slot)) == TEND_OK)
		*(struct store_night *)slot = (struct store_night){ night, counted, p, timeout };
	return st;
}

enum tend_status store_nights(struct store *s, int64_t after, struct store_night **out,
                              size_t *n)
{
	return rows_collect(s, ST_NIGHTS, after, sizeof(**out), night_add, (void **)out, n);
}

/* Zero ids (a step without a card) are left out. */
static enum tend_status cards_add(sqlite3_stmt *q, struct rows *r)
{
	struct store_blob cards;
	enum tend_status st;
	void *slot;

	if ((st = column_blob_borrow(q, 0, &cards)) != TEND_OK)
		return st;
	if (cards.len % CARD_BYTES != 0)
		return TEND_ERR_CORRUPT;
	for (size_t i = 0; i < cards.len; i += CARD_BYTES) {
		uint32_t v = card_get(cards.data + i);

		if (v == 0)
			continue;
		if ((st = rows_push(r, &slot)) != TEND_OK)
			return st;
		*(uint32_t *)slot = v;
	}
	return TEND_OK;
}

enum tend_status store_recent_cards(struct store *s, tend_night since,
                                    uint32_t **out, size_t *n)
{
	return rows_collect(s, ST_RECENT_CARDS, since, sizeof(**out), cards_add, (void **)out, n);
}

static enum tend_status rest_add(sqlite3_stmt *q, struct rows *r)
{
	void *slot;
	enum tend_status st = rows_push(r, &slot);

	if (st == TEND_OK)
		*(tend_night *)slot = column_night(q, 0);
	return st;
}

enum tend_status store_rest_list(struct store *s, int64_t after, tend_night **out,
                                 size_t *n)
{
	return rows_collect(s, ST_REST_LIST, after, sizeof(**out), rest_add, (void **)out, n);
}

enum tend_status store_recent_endings(struct store *s, struct store_ending *out, size_t max,
                                      size_t *n)
{
	sqlite3_stmt *q;
	int rc;

	if (!out || !n)
		return TEND_ERR_INVALID;
	*n = 0;
	if ((rc = stmt_take(s, ST_RECENT_ENDINGS, &q)) != SQLITE_OK)
		return store_status_db(s->db, rc);
	rc = sqlite3_bind_int64(q, 1, (int64_t)max);
	while (rc == SQLITE_OK && *n < max && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		int ended = column_int_or(q, 1, STORE_ENDED_PLAN, STORE_ENDED_TIMEOUT,
		                          STORE_ENDED_EARLY);

		out[*n].counted = sqlite3_column_int64(q, 0) != 0;
		out[(*n)++].ended = ended;
		rc = SQLITE_OK;
	}
	stmt_give(s, ST_RECENT_ENDINGS, q);
	return store_status(rc == SQLITE_ROW ? SQLITE_OK : rc);
}

enum tend_status store_done_put(struct store *s, int64_t entry, tend_night night)
{
	sqlite3_stmt *q;
	int rc;

	if ((rc = stmt_take(s, ST_DONE_PUT, &q)) != SQLITE_OK)
		return store_status_db(s->db, rc);
	if ((rc = sqlite3_bind_int64(q, 1, entry)) == SQLITE_OK &&
	    (rc = sqlite3_bind_int64(q, 2, night)) == SQLITE_OK)
		rc = step_write(q);
	stmt_give(s, ST_DONE_PUT, q);
	return store_status_db(s->db, rc);
}

enum tend_status store_done_get(struct store *s, int64_t entry, bool *done)
{
	sqlite3_stmt *q;
	int rc;

	*done = false;
	if ((rc = stmt_take(s, ST_DONE_GET, &q)) != SQLITE_OK)
		return store_status_db(s->db, rc);
	if ((rc = sqlite3_bind_int64(q, 1, entry)) == SQLITE_OK) {
		rc = sqlite3_step(q);
		*done = rc == SQLITE_ROW;
		if (rc == SQLITE_ROW || rc == SQLITE_DONE)
			rc = SQLITE_OK;
	}
	stmt_give(s, ST_DONE_GET, q);
	return store_status_db(s->db, rc);
}

enum tend_status store_fold_get(struct store *s, struct store_fold *out)
{
	enum tend_status ret = TEND_OK;
	sqlite3_stmt *q;
	int rc, k = 0;

	if (!out)
		return TEND_ERR_INVALID;
	memset(out, 0, sizeof(*out));
	if (s->version < 4)
		return TEND_ERR_NOT_FOUND; /* a read-only copy from before */
	if ((rc = stmt_take(s, ST_FOLD_GET, &q)) != SQLITE_OK)
		return store_status_db(s->db, rc);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct streak_fold *f;
		int64_t upto = sqlite3_column_int64(q, 1);

		int saved = column_int_or(q, 7, 0, INT_SANE, -1);

		/* kinds 0..5 in order, one upto and one count for all, each
		 * number an int */
		if (k >= STORE_FOLDS || sqlite3_column_int64(q, 0) != k || upto < NIGHT_FIRST ||
		    upto > NIGHT_LAST || saved < 0 ||
		    (k > 0 && (upto != out->upto || saved != out->saved))) {
			ret = TEND_ERR_NOT_FOUND;
			goto out;
		}
		out->upto = (tend_night)upto;
		out->saved = saved;
		f = &out->f[k++];
		f->seen = sqlite3_column_int64(q, 2) != 0;
		f->prev = column_night(q, 3);
		f->run = column_int_or(q, 4, 0, INT_SANE, -1);
		f->longest = column_int_or(q, 5, 0, INT_SANE, -1);
		f->done = column_int_or(q, 6, 0, INT_SANE, -1);
		if (f->prev != sqlite3_column_int64(q, 3) || f->run < 0 || f->longest < 0 ||
		    f->done < 0) {
			ret = TEND_ERR_NOT_FOUND;
			goto out;
		}
	}
	ret = store_status_db(s->db, rc);
	if (ret == TEND_OK && k != STORE_FOLDS)
		ret = TEND_ERR_NOT_FOUND;
out:
	stmt_give(s, ST_FOLD_GET, q);
	if (ret != TEND_OK)
		memset(out, 0, sizeof(*out));
	return ret;
}

enum tend_status store_fold_put(struct store *s, const struct store_fold *in)
{
	enum tend_status ret;
	sqlite3_stmt *q;
	int64_t saved;
	int rc;

	if (!in)
		return TEND_ERR_INVALID;
	if (s->version < 4)
		return TEND_ERR_READONLY;
	if (!sqlite3_get_autocommit(s->db))
		return TEND_ERR_BUSY;
	if ((ret = store_begin(s)) != TEND_OK)
		return ret;
	if ((rc = stmt_run(s, ST_FOLD_CLEAR)) != SQLITE_OK ||
	    (rc = checkin_count(s, NIGHT_FIRST, in->upto, &saved)) != SQLITE_OK)
		goto fail;
	for (int k = 0; k < STORE_FOLDS; k++) {
		const struct streak_fold *f = &in->f[k];

		if ((rc = stmt_take(s, ST_FOLD_PUT, &q)) != SQLITE_OK)
			goto fail;
		if ((rc = sqlite3_bind_int(q, 1, k)) == SQLITE_OK &&
		    (rc = sqlite3_bind_int64(q, 2, in->upto)) == SQLITE_OK &&
		    (rc = sqlite3_bind_int(q, 3, f->seen)) == SQLITE_OK &&
		    (rc = sqlite3_bind_int64(q, 4, f->prev)) == SQLITE_OK &&
		    (rc = sqlite3_bind_int(q, 5, f->run)) == SQLITE_OK &&
		    (rc = sqlite3_bind_int(q, 6, f->longest)) == SQLITE_OK &&
		    (rc = sqlite3_bind_int(q, 7, f->done)) == SQLITE_OK &&
		    (rc = sqlite3_bind_int64(q, 8, saved)) == SQLITE_OK &&
		    (rc = sqlite3_step(q)) == SQLITE_DONE)
			rc = SQLITE_OK;
		stmt_give(s, ST_FOLD_PUT, q);
		if (rc != SQLITE_OK)
			goto fail;
	}
	return store_commit(s);
fail:
	ret = store_status_db(s->db, rc);
	store_rollback(s);
	return ret;
}

enum tend_status store_rest_add(struct store *s, tend_night night)
{
	sqlite3_stmt *q;
	int rc;

	if ((rc = stmt_take(s, ST_REST_ADD, &q)) != SQLITE_OK)
		return store_status_db(s->db, rc);
	if ((rc = sqlite3_bind_int64(q, 1, night)) == SQLITE_OK)
		rc = step_write(q);
	stmt_give(s, ST_REST_ADD, q);
	return store_status_db(s->db, rc);
}

enum tend_status store_rest_delete(struct store *s, tend_night night)
{
	enum tend_status ret;
	int n = 0;

	if ((ret = delete_by(s, ST_REST_DELETE, night, &n)) != TEND_OK)
		return ret;
	return n == 0 ? TEND_ERR_NOT_FOUND : TEND_OK;
}
