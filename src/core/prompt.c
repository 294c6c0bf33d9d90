/* prompt.c: prompt decks (parsed from plain text) and the choice of
 * tonight's cards. Pure: no files, no clock; the seed stands in for chance. */
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tend/mem.h"
#include "tend/prompt.h"
#include "tend/utf8.h"

#define FNV_OFFSET 2166136261u
#define FNV_PRIME 16777619u

/* The bytes trimmed from both ends of a card. */
static bool is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/* Narrows [*s, *s + *len) to its part without surrounding white space. */
static void trim(const char **s, size_t *len)
{
	const char *p = *s;
	size_t n = *len;

	while (n > 0 && is_space((unsigned char)p[0])) {
		p++;
		n--;
	}
	while (n > 0 && is_space((unsigned char)p[n - 1]))
		n--;
	*s = p;
	*len = n;
}

/* FNV-1a of the trimmed text; never 0. */
uint32_t prompt_card_id(const char *text, size_t len)
{
	uint32_t h = FNV_OFFSET;

	if (text == NULL)
		len = 0;
	trim(&text, &len);
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)text[i];
		h *= FNV_PRIME;
	}
	/* 0 means "no card" where ids are stored. */
	return h == 0 ? 1 : h;
}

/* Mixes two words into a well-spread one (a murmur3-style finaliser), so
 * that nearby seeds and steps give unrelated choices. */
static uint32_t mix(uint32_t a, uint32_t b)
{
	uint32_t x = a ^ (b * 0x9e3779b9u);

	x ^= x >> 16;
	x *= 0x7feb352du;
	x ^= x >> 15;
	x *= 0x846ca68bu;
	x ^= x >> 16;
	return x;
}

/* True when the `len` bytes at `s` hold a C0 control, DEL, or the UTF-8
 * encoding of a C1 control; used only to word an error precisely. */
static bool has_control(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f)
			return true;
		if (c == 0xc2 && i + 1 < len && (unsigned char)s[i + 1] >= 0x80 &&
		    (unsigned char)s[i + 1] <= 0x9f)
			return true;
	}
	return false;
}

/* Fills `err` (may be NULL) with `line` and `reason`. */
static void set_error(struct plan_error *err, int line, const char *reason)
{
	if (err == NULL)
		return;
	err->line = line;
	snprintf(err->reason, sizeof(err->reason), "%s", reason);
}

/* True when a card with `id` is among the `n` cards at `cards`. */
static bool has_id(const struct prompt_card *cards, size_t n, uint32_t id)
{
	for (size_t i = 0; i < n; i++)
		if (cards[i].id == id)
			return true;
	return false;
}

/* Frees the texts of the `n` cards at `cards` and the array itself. */
static void free_cards(struct prompt_card *cards, size_t n)
{
	if (cards == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		free(cards[i].text);
	free(cards);
}

/* Checks one trimmed card of `len` bytes at `s`, found on `line`. Returns
 * TEND_OK, or TEND_ERR_PARSE with `err` filled. */
static enum tend_status check_card(const char *s, size_t len, int line,
                                   struct plan_error *err)
{
	char reason[sizeof(err->reason)];

	if (!utf8_valid_text(s, len, false)) {
		if (has_control(s, len))
			set_error(err, line, "this card has a control character "
			                     "(such as a tab) in it");
		else
			set_error(err, line, "this card is not valid UTF-8 text");
		return TEND_ERR_PARSE;
	}
	if (len > PROMPT_MAX_TEXT) {
		snprintf(reason, sizeof(reason),
		         "this card is %zu bytes long; a card may hold at most %d",
		         len, PROMPT_MAX_TEXT);
		set_error(err, line, reason);
		return TEND_ERR_PARSE;
	}
	return TEND_OK;
}

/* Parses into a separate array first and appends only once every line is
 * good, so a failed parse leaves the deck untouched. */
enum tend_status prompt_deck_parse(struct prompt_deck *deck, int pillar,
                                   const char *text, size_t len,
                                   struct plan_error *err)
{
	struct prompt_card *add = NULL; /* the new cards, owned until appended */
	size_t nadd = 0, cap = 0;
	enum tend_status st = TEND_OK;
	size_t pos = 0;
	int line = 0;

	if (deck == NULL || (text == NULL && len > 0))
		return TEND_ERR_INVALID;
	if (pillar < -1 || pillar >= PILLAR_COUNT)
		return TEND_ERR_INVALID;
	/* A byte-order mark, as some editors write, is not part of a card. */
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		pos = 3;

	while (pos < len) {
		const char *s = text + pos;
		const char *nl = memchr(s, '\n', len - pos);
		size_t n = nl != NULL ? (size_t)(nl - s) : len - pos;
		uint32_t id;
		bool deep;

		pos += n + (nl != NULL);
		line++;
		trim(&s, &n); /* drops the \r of a CRLF ending too */
		if (n == 0 || s[0] == '#')
			continue;
		deep = false;
		if (n >= 5 && memcmp(s, "deep:", 5) == 0) {
			deep = true;
			s += 5;
			n -= 5;
		} else if (n >= 6 && memcmp(s, "light:", 6) == 0) {
			s += 6;
			n -= 6;
		}
		trim(&s, &n);
		if (n == 0) {
			set_error(err, line, "this line has a depth but no card after it");
			st = TEND_ERR_PARSE;
			goto out;
		}
		st = check_card(s, n, line, err);
		if (st != TEND_OK)
			goto out;
		id = prompt_card_id(s, n);
		if (has_id(deck->cards, deck->ncards, id) || has_id(add, nadd, id))
			continue;
		if ((st = mem_grow((void **)&add, &cap, nadd, sizeof(*add))) != TEND_OK)
			goto out;
		add[nadd].text = malloc(n + 1);
		if (add[nadd].text == NULL) {
			st = TEND_ERR_NOMEM;
			goto out;
		}
		memcpy(add[nadd].text, s, n);
		add[nadd].text[n] = '\0';
		add[nadd].id = id;
		add[nadd].pillar = pillar;
		add[nadd].deep = deep;
		nadd++;
	}

	if (nadd > 0) {
		struct prompt_card *p;

		if (nadd > SIZE_MAX / sizeof(*p) - deck->ncards) {
			st = TEND_ERR_NOMEM;
			goto out;
		}
		p = realloc(deck->cards, (deck->ncards + nadd) * sizeof(*p));
		if (p == NULL) {
			st = TEND_ERR_NOMEM;
			goto out;
		}
		memcpy(p + deck->ncards, add, nadd * sizeof(*p));
		deck->cards = p;
		deck->ncards += nadd;
		free(add); /* the texts now belong to the deck */
		add = NULL;
		nadd = 0;
	}
out:
	free_cards(add, nadd);
	return st;
}

/* Frees the cards (not the deck struct, which the caller owns) and leaves
 * the deck empty, ready for reuse. */
void prompt_deck_free(struct prompt_deck *deck)
{
	if (deck == NULL)
		return;
	free_cards(deck->cards, deck->ncards);
	deck->cards = NULL;
	deck->ncards = 0;
}

/* How recently `card` was shown, as the step `step` of tonight sees it:
 * -1 when fresh (neither in `recent` nor chosen tonight), else a larger
 * number the more recently it was shown. `recent` runs oldest to newest,
 * so a card's latest appearance counts; tonight's choices come after all of
 * it. */
static long card_age_rank(const struct prompt_card *card,
                          const uint32_t *recent, size_t nrecent,
                          const struct prompt_card *const *tonight, size_t step)
{
	for (size_t j = step; j-- > 0;)
		if (tonight[j] != NULL && tonight[j]->id == card->id)
			return (long)(nrecent + j);
	for (size_t j = nrecent; j-- > 0;)
		if (recent[j] == card->id)
			return (long)j;
	return -1;
}

/* Which depths a step may show: bits of these. */
#define ALLOW_LIGHT 1u
#define ALLOW_DEEP 2u

/* Whether `card` is of `pillar` and a depth in `allow`. */
static bool card_fits(const struct prompt_card *card, int pillar, unsigned allow)
{
	return card->pillar == pillar && (allow & (card->deep ? ALLOW_DEEP : ALLOW_LIGHT));
}

/* The choice context of one night, shared by the helpers below. */
struct night_ctx {
	const struct prompt_deck *deck;
	const uint32_t *recent;      /* borrowed; oldest first */
	size_t nrecent;
	const struct prompt_card **out; /* borrowed; steps chosen so far */
	uint32_t seed;
};

/* The smallest age rank among the cards of `pillar` at step `step` (-1:
 * a fresh one exists), or -2 when the deck has no card of that pillar. */
static long pillar_best_rank(const struct night_ctx *c, int pillar, size_t step,
                             unsigned allow)
{
	long best = -2;

	for (size_t i = 0; i < c->deck->ncards; i++) {
		const struct prompt_card *card = &c->deck->cards[i];
		long r;

		if (!card_fits(card, pillar, allow))
			continue;
		r = card_age_rank(card, c->recent, c->nrecent, c->out, step);
		if (best == -2 || r < best)
			best = r;
		if (best == -1)
			break;
	}
	return best;
}

/* The card of `pillar` for step `step`: a fresh one picked by the seed, or,
 * when none is fresh, the least recently shown. Borrowed from the deck; NULL
 * when the deck has no card of that pillar. */
static const struct prompt_card *pick_in_pillar(const struct night_ctx *c,
                                                int pillar, size_t step, unsigned allow)
{
	long best = pillar_best_rank(c, pillar, step, allow);
	size_t ties = 0, want;

	if (best == -2)
		return NULL;
	for (size_t i = 0; i < c->deck->ncards; i++) {
		const struct prompt_card *card = &c->deck->cards[i];

		if (card_fits(card, pillar, allow) &&
		    card_age_rank(card, c->recent, c->nrecent, c->out, step) == best)
			ties++;
	}
	want = mix(c->seed, (uint32_t)step + 1) % ties;
	for (size_t i = 0; i < c->deck->ncards; i++) {
		const struct prompt_card *card = &c->deck->cards[i];

		if (card_fits(card, pillar, allow) &&
		    card_age_rank(card, c->recent, c->nrecent, c->out, step) == best &&
		    want-- == 0)
			return card;
	}
	return NULL; /* not reached: `ties` counted at least one */
}

/* The pillar an "any" step serves: the weakest by `strength` that still
 * has a fresh card, else the weakest with any card at all, else the
 * weakest. Among equals, a pillar no fixed step serves tonight comes
 * first (its streak is the one at stake), then the seed's rotation. */
static int pick_pillar(const struct night_ctx *c, const int *strength,
                       pillar_set fixed, size_t step, unsigned allow)
{
	unsigned rot = mix(c->seed, 0xa5a5a5a5u) % PILLAR_COUNT;
	int order[PILLAR_COUNT];

	/* Insertion sort of the five pillars by (strength, fixed, rotation). */
	for (int k = 0; k < PILLAR_COUNT; k++) {
		int p = (int)((rot + (unsigned)k) % PILLAR_COUNT);
		int j = k;

		while (j > 0) {
			int q = order[j - 1];
			bool after = strength[q] > strength[p] ||
			             (strength[q] == strength[p] &&
			              (fixed & (1u << q)) && !(fixed & (1u << p)));

			if (!after)
				break;
			order[j] = q;
			j--;
		}
		order[j] = p;
	}
	for (int k = 0; k < PILLAR_COUNT; k++)
		if (pillar_best_rank(c, order[k], step, allow) == -1)
			return order[k];
	for (int k = 0; k < PILLAR_COUNT; k++)
		if (pillar_best_rank(c, order[k], step, allow) != -2)
			return order[k];
	return order[0];
}

/* The depths step `i` may show, and whether it prefers deep: 0 for a step
 * that shows no card tonight. */
static unsigned step_allow(const struct plan *plan, size_t i, bool topic, bool *prefer_deep)
{
	bool deep_ok = plan_step_deep_ok(plan, i);

	*prefer_deep = false;
	switch (plan->steps[i].card) {
	case PLAN_CARD_ANY:
		return ALLOW_LIGHT | (deep_ok ? ALLOW_DEEP : 0);
	case PLAN_CARD_DEEP:
		*prefer_deep = deep_ok;
		return ALLOW_LIGHT | (deep_ok ? ALLOW_DEEP : 0);
	case PLAN_CARD_LIGHT:
		return ALLOW_LIGHT;
	case PLAN_CARD_TOPIC:
		return topic ? 0 : ALLOW_LIGHT;
	case PLAN_CARD_NONE:
	default:
		return 0;
	}
}

/* Goes through the steps in order, so each step sees the cards chosen
 * before it; works on a copy of the streaks, which "any" steps raise. */
void prompt_choose(const struct prompt_deck *deck, const struct plan *plan,
                   const int streak_current[PILLAR_COUNT],
                   const uint32_t *recent, size_t nrecent, uint32_t seed, bool topic,
                   const struct prompt_card **out_cards, int *out_pillar)
{
	static const struct prompt_deck empty = { NULL, 0 };
	struct night_ctx c = { deck ? deck : &empty, recent, recent ? nrecent : 0,
	                       out_cards, seed };
	int strength[PILLAR_COUNT]; /* tonight's view of the streaks */
	pillar_set fixed = 0;       /* pillars a fixed step serves tonight */

	if (plan == NULL || out_cards == NULL || out_pillar == NULL)
		return;
	for (int p = 0; p < PILLAR_COUNT; p++)
		strength[p] = streak_current ? streak_current[p] : 0;
	for (size_t i = 0; i < plan->nsteps; i++) {
		int p = plan->steps[i].pillar;

		if (plan->steps[i].kind != PLAN_ARRIVE && p >= 0 && p < PILLAR_COUNT)
			fixed |= 1u << p;
	}

	for (size_t i = 0; i < plan->nsteps; i++) {
		const struct plan_step *st = &plan->steps[i];
		int p = st->pillar;
		bool prefer_deep;
		unsigned allow = step_allow(plan, i, topic, &prefer_deep);

		out_cards[i] = NULL;
		out_pillar[i] = p;
		if (allow == 0) {
			/* Mirroring is listening, whatever the plan says. */
			if (st->kind == PLAN_MIRROR && p == PLAN_ANY_PILLAR)
				out_pillar[i] = PILLAR_LISTENING;
			continue;
		}
		if (p == PLAN_ANY_PILLAR) {
			p = -1;
			if (prefer_deep) {
				p = pick_pillar(&c, strength, fixed, i, ALLOW_DEEP);
				if (pillar_best_rank(&c, p, i, ALLOW_DEEP) != -1)
					p = -1; /* no deep card is fresh anywhere */
			}
			if (p < 0)
				p = pick_pillar(&c, strength, fixed, i, allow);
			out_pillar[i] = p;
			/* Served once tonight: let the next "any" step lean to
			 * another pillar that is just as weak. */
			if (strength[p] < INT_MAX)
				strength[p]++;
		}
		if (p < 0 || p >= PILLAR_COUNT)
			continue;
		if (prefer_deep && pillar_best_rank(&c, p, i, ALLOW_DEEP) == -1)
			out_cards[i] = pick_in_pillar(&c, p, i, ALLOW_DEEP);
		else
			out_cards[i] = pick_in_pillar(&c, p, i, allow);
	}
}

/* Greatest common divisor, for a stride that visits every card. */
static size_t gcd(size_t a, size_t b)
{
	while (b != 0) {
		size_t t = a % b;

		a = b;
		b = t;
	}
	return a;
}

/* Walks the deck in a fixed shuffled order (a stride coprime with its size)
 * and gives night `seed` the n cards after those of night seed - 1, so that
 * consecutive nights share no card while the deck has 2n of them and every
 * card comes up once in each run of about m/n nights. */
size_t prompt_pick(const struct prompt_deck *deck, uint32_t seed, size_t n,
                   const struct prompt_card **out)
{
	size_t m, stride, start;

	if (deck == NULL || out == NULL || deck->ncards == 0)
		return 0;
	m = deck->ncards;
	if (n > m)
		n = m;
	stride = m > 2 ? m * 5 / 8 : 1;
	while (gcd(stride, m) != 1)
		stride++;
	start = (size_t)(((uint64_t)seed * n) % m);
	for (size_t k = 0; k < n; k++) {
		size_t pos = (start + k) % m;

		out[k] = &deck->cards[(size_t)(((uint64_t)pos * stride) % m)];
	}
	return n;
}
