/* test_prompt.c: prompt decks (parsing, ids) and the choice of tonight's
 * cards, including a 60-night simulation of the nightly plan. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tend/pillar.h"
#include "tend/plan.h"
#include "tend/prompt.h"

#define NIGHTS 60
#define MAX_STEPS 16

/* Reads a whole file into a new buffer (owned by the caller), trying the
 * path as given and relative to this source file's folder. */
static char *slurp(const char *rel, size_t *len)
{
	char path[512];
	const char *bases[] = { "", "../../", NULL };
	const char *src = __FILE__;
	const char *slash = strrchr(src, '/');
	FILE *f = NULL;
	char *buf;
	long n;

	for (int i = 0; bases[i] != NULL && f == NULL; i++) {
		snprintf(path, sizeof(path), "%s%s", bases[i], rel);
		f = fopen(path, "rb");
	}
	if (f == NULL && slash != NULL) {
		snprintf(path, sizeof(path), "%.*s/../../%s", (int)(slash - src), src, rel);
		f = fopen(path, "rb");
	}
	if (f == NULL)
		fail_msg("cannot open %s", rel);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* Lines of `text` that are neither blank nor comments, trimmed. */
static size_t count_card_lines(const char *text)
{
	size_t count = 0;
	const char *p = text;

	while (*p != '\0') {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		size_t a = 0;

		while (a < n && (p[a] == ' ' || p[a] == '\t' || p[a] == '\r'))
			a++;
		if (a < n && p[a] != '#')
			count++;
		p += n + (e != NULL);
	}
	return count;
}

/* Parses a shipped deck file into `deck` and checks it holds every card
 * line of the file (so none was a duplicate) and at least `min` cards. */
static void load_deck(struct prompt_deck *deck, const char *rel, int pillar,
                      size_t min)
{
	size_t len, before = deck->ncards;
	char *text = slurp(rel, &len);
	struct plan_error err = { 0, "" };

	if (prompt_deck_parse(deck, pillar, text, len, &err) != TEND_OK)
		fail_msg("%s:%d: %s", rel, err.line, err.reason);
	assert_true(deck->ncards - before >= min);
	assert_int_equal(deck->ncards - before, count_card_lines(text));
	free(text);
}

/* Loads all five pillar decks into one deck. */
static void load_pillar_decks(struct prompt_deck *deck)
{
	char rel[128];

	for (int p = 0; p < PILLAR_COUNT; p++) {
		snprintf(rel, sizeof(rel), "data/prompts/%s.deck",
		         pillar_key((enum pillar)p));
		load_deck(deck, rel, p, 12);
	}
}

static size_t pillar_size(const struct prompt_deck *deck, int pillar)
{
	size_t n = 0;

	for (size_t i = 0; i < deck->ncards; i++)
		n += deck->cards[i].pillar == pillar;
	return n;
}

static void assert_ids_distinct(const struct prompt_deck *deck)
{
	for (size_t i = 0; i < deck->ncards; i++) {
		assert_int_not_equal(deck->cards[i].id, 0);
		for (size_t j = i + 1; j < deck->ncards; j++) {
			assert_int_not_equal(deck->cards[i].id, deck->cards[j].id);
			assert_string_not_equal(deck->cards[i].text, deck->cards[j].text);
		}
	}
}

static void test_shipped_decks(void **state)
{
	struct prompt_deck deck = { NULL, 0 }, refl = { NULL, 0 };
	(void)state;

	/* One deck holding all five files: a card repeated across files would
	 * be skipped and caught by load_deck's count. */
	load_pillar_decks(&deck);
	for (int p = 0; p < PILLAR_COUNT; p++) {
		size_t deep = 0;

		for (size_t i = 0; i < deck.ncards; i++)
			deep += deck.cards[i].pillar == p && deck.cards[i].deep;
		/* Enough light cards for the steps where deep ones may not go,
		 * and some deep ones in every pillar. */
		assert_true(pillar_size(&deck, p) >= 24);
		assert_true(deep >= 8);
		assert_true(pillar_size(&deck, p) - deep >= 14);
	}
	assert_ids_distinct(&deck);
	for (size_t i = 0; i < deck.ncards; i++) {
		const struct prompt_card *c = &deck.cards[i];

		assert_int_equal(c->id, prompt_card_id(c->text, strlen(c->text)));
		assert_true(strlen(c->text) <= PROMPT_MAX_TEXT);
		assert_true(c->text[0] != ' ' && c->text[strlen(c->text) - 1] != ' ');
	}

	load_deck(&refl, "data/reflections.deck", -1, 20);
	assert_ids_distinct(&refl);
	for (size_t i = 0; i < refl.ncards; i++) {
		assert_int_equal(refl.cards[i].pillar, -1);
		assert_false(refl.cards[i].deep);
	}
	prompt_deck_free(&refl);
	/* The journal's starting questions. */
	load_deck(&refl, "data/journal.deck", -1, 20);
	assert_ids_distinct(&refl);

	prompt_deck_free(&deck);
	prompt_deck_free(&refl);
	assert_null(deck.cards);
	assert_int_equal(deck.ncards, 0);
}

static void test_parse_format(void **state)
{
	const char text[] = "\xef\xbb\xbf# a comment\r\n"
	                    "\r\n"
	                    "  First card?  \r\n"
	                    "\t\n"
	                    "   # an indented comment\n"
	                    "Second \xe2\x80\x94 with Zo\xc3\xab and \xe7\xbe\x8e\xe5\x92\xb2\n"
	                    "\n"
	                    "Third, no newline at the end";
	struct prompt_deck deck = { NULL, 0 };
	struct plan_error err = { 0, "" };
	(void)state;

	assert_int_equal(prompt_deck_parse(&deck, PILLAR_EMPATHY, text,
	                                   sizeof(text) - 1, &err), TEND_OK);
	assert_int_equal(deck.ncards, 3);
	assert_string_equal(deck.cards[0].text, "First card?");
	assert_string_equal(deck.cards[1].text,
	                    "Second \xe2\x80\x94 with Zo\xc3\xab and \xe7\xbe\x8e\xe5\x92\xb2");
	assert_string_equal(deck.cards[2].text, "Third, no newline at the end");
	for (size_t i = 0; i < deck.ncards; i++) {
		assert_int_equal(deck.cards[i].pillar, PILLAR_EMPATHY);
		assert_int_equal(deck.cards[i].id,
		                 prompt_card_id(deck.cards[i].text, strlen(deck.cards[i].text)));
	}

	/* Appending a second text keeps the first cards and tags the new. */
	assert_int_equal(prompt_deck_parse(&deck, -1, "Fourth\n", 7, NULL), TEND_OK);
	assert_int_equal(deck.ncards, 4);
	assert_string_equal(deck.cards[0].text, "First card?");
	assert_int_equal(deck.cards[3].pillar, -1);

	/* Nothing but comments and blanks is an empty, valid text. */
	assert_int_equal(prompt_deck_parse(&deck, 0, "# x\n\n  \n", 8, &err), TEND_OK);
	assert_int_equal(prompt_deck_parse(&deck, 0, NULL, 0, &err), TEND_OK);
	assert_int_equal(deck.ncards, 4);

	assert_int_equal(prompt_deck_parse(NULL, 0, "a", 1, &err), TEND_ERR_INVALID);
	assert_int_equal(prompt_deck_parse(&deck, PILLAR_COUNT, "a", 1, &err),
	                 TEND_ERR_INVALID);
	prompt_deck_free(&deck);
	prompt_deck_free(&deck); /* harmless twice */
	prompt_deck_free(NULL);
}

static void test_parse_duplicates(void **state)
{
	const char text[] = "Same card\n"
	                    "Other card\n"
	                    "   Same card\t\n"
	                    "Same card\r\n";
	struct prompt_deck deck = { NULL, 0 };
	(void)state;

	assert_int_equal(prompt_deck_parse(&deck, 1, text, sizeof(text) - 1, NULL), TEND_OK);
	assert_int_equal(deck.ncards, 2);
	assert_string_equal(deck.cards[0].text, "Same card");
	assert_string_equal(deck.cards[1].text, "Other card");
	/* Against cards already in the deck, from any pillar. */
	assert_int_equal(prompt_deck_parse(&deck, 2, "Other card\nNew card\n", 20, NULL),
	                 TEND_OK);
	assert_int_equal(deck.ncards, 3);
	assert_int_equal(deck.cards[1].pillar, 1);
	assert_string_equal(deck.cards[2].text, "New card");
	assert_int_equal(deck.cards[2].pillar, 2);
	prompt_deck_free(&deck);
}

/* Parses `text` into a deck holding one card and expects TEND_ERR_PARSE on
 * `line` with a reason containing `word`, the deck left as it was. */
static void expect_error(const char *text, size_t len, int line, const char *word)
{
	struct prompt_deck deck = { NULL, 0 };
	struct prompt_card *cards;
	struct plan_error err = { -7, "" };

	assert_int_equal(prompt_deck_parse(&deck, 0, "Kept card\n", 10, NULL), TEND_OK);
	cards = deck.cards;
	assert_int_equal(prompt_deck_parse(&deck, 3, text, len, &err), TEND_ERR_PARSE);
	assert_int_equal(err.line, line);
	if (strstr(err.reason, word) == NULL)
		fail_msg("reason '%s' lacks '%s'", err.reason, word);
	assert_true(deck.cards == cards);
	assert_int_equal(deck.ncards, 1);
	assert_string_equal(deck.cards[0].text, "Kept card");
	/* err may be NULL. */
	assert_int_equal(prompt_deck_parse(&deck, 3, text, len, NULL), TEND_ERR_PARSE);
	assert_int_equal(deck.ncards, 1);
	prompt_deck_free(&deck);
}

static void test_parse_errors(void **state)
{
	char longer[PROMPT_MAX_TEXT + 64];
	struct prompt_deck deck = { NULL, 0 };
	(void)state;

	expect_error("# c\nfine\nbad \xff byte\n", 20, 3, "UTF-8");
	expect_error("ok\n\xc0\xaf overlong\n", 14, 2, "UTF-8");
	expect_error("surrogate \xed\xa0\x80\n", 14, 1, "UTF-8");
	expect_error("cut short \xe2\x80", 12, 1, "UTF-8");
	expect_error("a\n\nb\nc\n\nwith\ta tab\n", 19, 6, "control");
	expect_error("bell \x07 here", 11, 1, "control");
	expect_error("x\ndel \x7f here", 12, 2, "control");
	expect_error("next line \xc2\x85 C1", 15, 1, "control");
	expect_error("lone\rcarriage return", 20, 1, "control");
	expect_error("a NUL\0inside", 12, 1, "control");
	/* New cards before the bad line are not kept either. */
	expect_error("good one\ngood two\nbad \xfe\n", 23, 3, "UTF-8");

	/* Exactly PROMPT_MAX_TEXT bytes is fine (even with spaces around);
	 * one more is too long. */
	memset(longer, 'a', sizeof(longer));
	longer[0] = ' ';
	longer[PROMPT_MAX_TEXT + 1] = ' ';
	assert_int_equal(prompt_deck_parse(&deck, 0, longer, PROMPT_MAX_TEXT + 2, NULL),
	                 TEND_OK);
	assert_int_equal(strlen(deck.cards[0].text), PROMPT_MAX_TEXT);
	prompt_deck_free(&deck);
	memcpy(longer, "ok\n", 3);
	longer[PROMPT_MAX_TEXT + 4] = '\n';
	expect_error(longer, PROMPT_MAX_TEXT + 5, 2, "240");
}

static void test_card_id(void **state)
{
	const unsigned char zero[] = { 0xcc, 0x24, 0x31, 0xc4 };
	(void)state;

	/* FNV-1a test vectors. */
	assert_int_equal(prompt_card_id("", 0), 0x811c9dc5u);
	assert_int_equal(prompt_card_id("a", 1), 0xe40c292cu);
	assert_int_equal(prompt_card_id("foobar", 6), 0xbf9cf968u);
	/* Surrounding white space does not count; inner does. */
	assert_int_equal(prompt_card_id("  foobar\t\r\n", 11), 0xbf9cf968u);
	assert_int_equal(prompt_card_id("   ", 3), 0x811c9dc5u);
	assert_int_not_equal(prompt_card_id("foo bar", 7), prompt_card_id("foobar", 6));
	/* Only `len` bytes are read. */
	assert_int_equal(prompt_card_id("foobarXYZ", 6), 0xbf9cf968u);
	assert_int_not_equal(prompt_card_id("Foobar", 6), 0xbf9cf968u);
	/* These four bytes hash to 0, which storage keeps for "no card". */
	assert_int_equal(prompt_card_id((const char *)zero, 4), 1);
}

/* Whether a step of a hand-built plan asks for a card: these plans ask on
 * every kind but arrive and mirror (a plan may ask so explicitly), so the
 * choice is exercised on many steps a night. */
static bool asks_card(enum plan_kind kind)
{
	return kind != PLAN_ARRIVE && kind != PLAN_MIRROR;
}

/* A plan built by hand: `n` steps of the given kinds and pillars, 1:30
 * each (long enough for a deep card, except in the last three minutes). */
struct test_plan {
	struct plan plan;
	struct plan_step steps[MAX_STEPS];
};

static void make_plan(struct test_plan *tp, const enum plan_kind *kinds,
                      const int *pillars, size_t n)
{
	assert_true(n <= MAX_STEPS);
	memset(tp, 0, sizeof(*tp));
	for (size_t i = 0; i < n; i++) {
		tp->steps[i].kind = kinds[i];
		tp->steps[i].seconds = 90;
		tp->steps[i].floor = PLAN_FLOOR_A;
		tp->steps[i].pillar = pillars[i];
		tp->steps[i].card = asks_card(kinds[i]) ? PLAN_CARD_ANY : PLAN_CARD_NONE;
	}
	tp->plan.steps = tp->steps;
	tp->plan.nsteps = n;
	tp->plan.total_seconds = (int)n * 90;
}

/* `n` steps of one kind, all for `pillar`. */
static void make_uniform_plan(struct test_plan *tp, enum plan_kind kind,
                              int pillar, size_t n)
{
	enum plan_kind kinds[MAX_STEPS];
	int pillars[MAX_STEPS];

	for (size_t i = 0; i < n; i++) {
		kinds[i] = kind;
		pillars[i] = pillar;
	}
	make_plan(tp, kinds, pillars, n);
}

/* A deck of `per` cards "P<p> card <i>" for each pillar. */
static void make_deck(struct prompt_deck *deck, size_t per)
{
	char line[64];

	for (int p = 0; p < PILLAR_COUNT; p++)
		for (size_t i = 0; i < per; i++) {
			int n = snprintf(line, sizeof(line), "P%d card %zu\n", p, i);

			assert_int_equal(prompt_deck_parse(deck, p, line, (size_t)n, NULL),
			                 TEND_OK);
		}
	assert_int_equal(deck->ncards, per * PILLAR_COUNT);
}

/* The deck cards of `pillar`, in deck order, into out (room for all). */
static size_t cards_of(const struct prompt_deck *deck, int pillar,
                       const struct prompt_card **out)
{
	size_t n = 0;

	for (size_t i = 0; i < deck->ncards; i++)
		if (deck->cards[i].pillar == pillar)
			out[n++] = &deck->cards[i];
	return n;
}

static void test_choose_fixed_and_arrive(void **state)
{
	static const enum plan_kind kinds[] = {
		PLAN_ARRIVE, PLAN_SPEAK, PLAN_MIRROR, PLAN_SPEAK,
		PLAN_APPRECIATE, PLAN_WISH, PLAN_CLOSE, PLAN_ARRIVE,
	};
	static const int pillars[] = {
		PLAN_ANY_PILLAR, PILLAR_VULNERABILITY, PILLAR_LISTENING,
		PILLAR_EMPATHY, PILLAR_AFFIRMATION, PILLAR_SHARED, PILLAR_SHARED,
		PILLAR_EMPATHY,
	};
	const int streaks[PILLAR_COUNT] = { 0, 0, 0, 0, 0 };
	const struct prompt_card *cards[8];
	int served[8];
	struct test_plan tp;
	struct prompt_deck deck = { NULL, 0 };
	(void)state;

	load_pillar_decks(&deck);
	make_plan(&tp, kinds, pillars, 8);
	for (uint32_t seed = 0; seed < 50; seed++) {
		prompt_choose(&deck, &tp.plan, streaks, NULL, 0, seed, false, cards, served);
		assert_null(cards[0]);
		assert_int_equal(served[0], PLAN_ANY_PILLAR);
		assert_null(cards[7]);
		assert_int_equal(served[7], PILLAR_EMPATHY);
		/* a mirror step shows no card but serves its pillar */
		assert_null(cards[2]);
		assert_int_equal(served[2], PILLAR_LISTENING);
		for (size_t i = 1; i < 7; i++) {
			if (i == 2)
				continue;
			assert_non_null(cards[i]);
			assert_int_equal(served[i], pillars[i]);
			assert_int_equal(cards[i]->pillar, pillars[i]);
			assert_true(cards[i] >= deck.cards &&
			            cards[i] < deck.cards + deck.ncards);
		}
		assert_true(cards[5] != cards[6]);
	}

	/* A pillar without cards: no card, but the step still serves it. */
	prompt_deck_free(&deck);
	assert_int_equal(prompt_deck_parse(&deck, PILLAR_SHARED, "Only shared\n", 12, NULL),
	                 TEND_OK);
	prompt_choose(&deck, &tp.plan, streaks, NULL, 0, 1, false, cards, served);
	assert_null(cards[1]);
	assert_int_equal(served[1], PILLAR_VULNERABILITY);
	assert_ptr_equal(cards[5], &deck.cards[0]);
	assert_ptr_equal(cards[6], &deck.cards[0]); /* nothing else left */
	prompt_choose(NULL, &tp.plan, streaks, NULL, 0, 1, false, cards, served);
	assert_null(cards[5]);
	assert_int_equal(served[5], PILLAR_SHARED);
	prompt_deck_free(&deck);
}

static void test_choose_weakest_any(void **state)
{
	struct test_plan one, two, five;
	const struct prompt_card *cards[MAX_STEPS];
	int served[MAX_STEPS];
	struct prompt_deck deck = { NULL, 0 };
	bool first_seen[PILLAR_COUNT] = { false };
	(void)state;

	make_deck(&deck, 10);
	make_uniform_plan(&one, PLAN_SPEAK, PLAN_ANY_PILLAR, 1);
	make_uniform_plan(&two, PLAN_SPEAK, PLAN_ANY_PILLAR, 2);
	make_uniform_plan(&five, PLAN_SPEAK, PLAN_ANY_PILLAR, 5);

	for (uint32_t seed = 0; seed < 40; seed++) {
		const int s1[PILLAR_COUNT] = { 5, 3, 0, 4, 6 };
		const int s2[PILLAR_COUNT] = { 7, 2, 9, 2, 8 };
		const int s3[PILLAR_COUNT] = { 1, 1, 1, 1, 1 };

		prompt_choose(&deck, &one.plan, s1, NULL, 0, seed, false, cards, served);
		assert_int_equal(served[0], PILLAR_EMPATHY);
		assert_int_equal(cards[0]->pillar, PILLAR_EMPATHY);

		/* Two equally weak pillars and two steps: one each. */
		prompt_choose(&deck, &two.plan, s2, NULL, 0, seed, false, cards, served);
		assert_true((served[0] == PILLAR_LISTENING && served[1] == PILLAR_AFFIRMATION) ||
		            (served[0] == PILLAR_AFFIRMATION && served[1] == PILLAR_LISTENING));
		assert_int_equal(cards[0]->pillar, served[0]);
		assert_int_equal(cards[1]->pillar, served[1]);

		/* All equal: five steps spread over all five pillars, and the
		 * seed decides which comes first. */
		prompt_choose(&deck, &five.plan, s3, NULL, 0, seed, false, cards, served);
		unsigned seen = 0;
		for (int i = 0; i < 5; i++)
			seen |= 1u << served[i];
		assert_int_equal(seen, PILLAR_ALL);
		first_seen[served[0]] = true;
	}
	for (int p = 0; p < PILLAR_COUNT; p++)
		assert_true(first_seen[p]);

	/* Without streaks every pillar counts as 0. */
	prompt_choose(&deck, &five.plan, NULL, NULL, 0, 3, false, cards, served);
	unsigned seen = 0;
	for (int i = 0; i < 5; i++)
		seen |= 1u << served[i];
	assert_int_equal(seen, PILLAR_ALL);
	prompt_deck_free(&deck);
}

/* Among equally weak pillars, one that a fixed step already serves tonight
 * comes after one that nothing else serves. */
static void test_choose_any_prefers_unserved(void **state)
{
	static const enum plan_kind kinds[] = { PLAN_SPEAK, PLAN_MIRROR, PLAN_APPRECIATE };
	static const int pillars[] = { PLAN_ANY_PILLAR, PILLAR_LISTENING, PILLAR_AFFIRMATION };
	const int streaks[PILLAR_COUNT] = { 4, 2, 4, 2, 4 };
	const int weaker[PILLAR_COUNT] = { 4, 1, 4, 2, 4 };
	const struct prompt_card *cards[3];
	int served[3];
	struct test_plan tp;
	struct prompt_deck deck = { NULL, 0 };
	(void)state;

	make_deck(&deck, 5);
	make_plan(&tp, kinds, pillars, 3);
	for (uint32_t seed = 0; seed < 30; seed++) {
		/* Listening and affirmation tie at 2; both are served by a fixed
		 * step, so the seed picks between them. */
		prompt_choose(&deck, &tp.plan, streaks, NULL, 0, seed, false, cards, served);
		assert_true(served[0] == PILLAR_LISTENING || served[0] == PILLAR_AFFIRMATION);
		/* A strictly weaker pillar wins even when served by a fixed step. */
		prompt_choose(&deck, &tp.plan, weaker, NULL, 0, seed, false, cards, served);
		assert_int_equal(served[0], PILLAR_LISTENING);
	}
	const int tie[PILLAR_COUNT] = { 3, 3, 3, 3, 3 };
	for (uint32_t seed = 0; seed < 30; seed++) {
		prompt_choose(&deck, &tp.plan, tie, NULL, 0, seed, false, cards, served);
		assert_true(served[0] == PILLAR_VULNERABILITY || served[0] == PILLAR_EMPATHY ||
		            served[0] == PILLAR_SHARED);
	}
	prompt_deck_free(&deck);
}

static void test_choose_no_repeat_tonight(void **state)
{
	struct test_plan tp;
	const struct prompt_card *cards[MAX_STEPS];
	int served[MAX_STEPS];
	struct prompt_deck deck = { NULL, 0 };
	(void)state;

	make_deck(&deck, 10);
	make_uniform_plan(&tp, PLAN_SPEAK, PILLAR_LISTENING, 10);
	for (uint32_t seed = 0; seed < 20; seed++) {
		prompt_choose(&deck, &tp.plan, NULL, NULL, 0, seed, false, cards, served);
		for (size_t i = 0; i < 10; i++) {
			assert_int_equal(cards[i]->pillar, PILLAR_LISTENING);
			for (size_t j = 0; j < i; j++)
				assert_ptr_not_equal(cards[i], cards[j]);
		}
	}
	/* More steps than cards: every card once, then the earliest again. */
	make_uniform_plan(&tp, PLAN_SPEAK, PILLAR_LISTENING, 13);
	prompt_choose(&deck, &tp.plan, NULL, NULL, 0, 9, false, cards, served);
	for (size_t i = 0; i < 10; i++)
		for (size_t j = 0; j < i; j++)
			assert_ptr_not_equal(cards[i], cards[j]);
	assert_ptr_equal(cards[10], cards[0]);
	assert_ptr_equal(cards[11], cards[1]);
	assert_ptr_equal(cards[12], cards[2]);

	/* "Any" steps too: five steps, one pillar with cards, five cards. */
	prompt_deck_free(&deck);
	make_deck(&deck, 5);
	make_uniform_plan(&tp, PLAN_SPEAK, PLAN_ANY_PILLAR, 12);
	const int streaks[PILLAR_COUNT] = { 0, 9, 9, 9, 9 };
	prompt_choose(&deck, &tp.plan, streaks, NULL, 0, 4, false, cards, served);
	for (size_t i = 0; i < 12; i++)
		for (size_t j = 0; j < i; j++)
			assert_ptr_not_equal(cards[i], cards[j]);
	prompt_deck_free(&deck);
}

static void test_choose_avoids_recent(void **state)
{
	struct test_plan tp;
	const struct prompt_card *cards[MAX_STEPS], *mine[10];
	int served[MAX_STEPS];
	uint32_t recent[10];
	struct prompt_deck deck = { NULL, 0 };
	(void)state;

	make_deck(&deck, 10);
	assert_int_equal(cards_of(&deck, PILLAR_EMPATHY, mine), 10);
	/* All but cards 3 and 7 were shown lately. */
	size_t nrecent = 0;
	for (size_t i = 0; i < 10; i++)
		if (i != 3 && i != 7)
			recent[nrecent++] = mine[i]->id;
	make_uniform_plan(&tp, PLAN_SPEAK, PILLAR_EMPATHY, 2);
	for (uint32_t seed = 0; seed < 30; seed++) {
		prompt_choose(&deck, &tp.plan, NULL, recent, nrecent, seed, false, cards, served);
		assert_true((cards[0] == mine[3] && cards[1] == mine[7]) ||
		            (cards[0] == mine[7] && cards[1] == mine[3]));
	}
	/* With one fresh card and a second step, the second falls back to the
	 * least recent, i.e. the first in `recent`. */
	recent[nrecent++] = mine[3]->id;
	prompt_choose(&deck, &tp.plan, NULL, recent, nrecent, 5, false, cards, served);
	assert_ptr_equal(cards[0], mine[7]);
	assert_ptr_equal(cards[1], mine[0]);
	prompt_deck_free(&deck);
}

static void test_choose_least_recent(void **state)
{
	struct test_plan tp;
	const struct prompt_card *cards[MAX_STEPS], *mine[6];
	int served[MAX_STEPS];
	uint32_t recent[16];
	size_t nrecent = 0;
	struct prompt_deck deck = { NULL, 0 };
	(void)state;

	make_deck(&deck, 6);
	assert_int_equal(cards_of(&deck, PILLAR_SHARED, mine), 6);
	/* Shown, oldest first: 4 2 5 0 1 3, then 4 and 5 again (so 4 and 5
	 * are now among the newest). Between them all of listening's cards and
	 * two of empathy's. */
	const size_t order[] = { 4, 2, 5, 0, 1, 3, 4, 5 };
	for (size_t i = 0; i < 8; i++) {
		recent[nrecent++] = mine[order[i]]->id;
		recent[nrecent++] = deck.cards[6 + i].id; /* other pillars */
	}
	make_uniform_plan(&tp, PLAN_WISH, PILLAR_SHARED, 6);
	for (uint32_t seed = 0; seed < 10; seed++) {
		prompt_choose(&deck, &tp.plan, NULL, recent, nrecent, seed, false, cards, served);
		const size_t want[] = { 2, 0, 1, 3, 4, 5 };
		for (size_t i = 0; i < 6; i++)
			assert_ptr_equal(cards[i], mine[want[i]]);
	}
	/* An "any" step whose weakest pillar has nothing fresh moves on to the
	 * next weakest that has; when none has, it stays with the weakest. */
	make_uniform_plan(&tp, PLAN_SPEAK, PLAN_ANY_PILLAR, 1);
	const int streaks[PILLAR_COUNT] = { 5, 6, 7, 8, 0 };
	prompt_choose(&deck, &tp.plan, streaks, recent, nrecent, 1, false, cards, served);
	assert_int_equal(served[0], PILLAR_VULNERABILITY);
	assert_int_equal(cards[0]->pillar, PILLAR_VULNERABILITY);

	uint32_t all[30];
	for (size_t i = 0; i < 30; i++)
		all[i] = deck.cards[29 - i].id; /* every card; shared's oldest */
	prompt_choose(&deck, &tp.plan, streaks, all, 30, 1, false, cards, served);
	assert_int_equal(served[0], PILLAR_SHARED);
	assert_ptr_equal(cards[0], mine[5]); /* all[0], the oldest of all */
	prompt_deck_free(&deck);
}

static void test_choose_deterministic(void **state)
{
	static const enum plan_kind kinds[] = {
		PLAN_SPEAK, PLAN_SPEAK, PLAN_SPEAK, PLAN_SPEAK, PLAN_APPRECIATE,
	};
	static const int pillars[] = {
		PLAN_ANY_PILLAR, PILLAR_LISTENING, PLAN_ANY_PILLAR, PILLAR_LISTENING,
		PILLAR_AFFIRMATION,
	};
	const int streaks[PILLAR_COUNT] = { 2, 2, 2, 2, 2 };
	const struct prompt_card *a[5], *b[5], *first[40];
	int pa[5], pb[5];
	struct test_plan tp;
	struct prompt_deck deck = { NULL, 0 };
	size_t distinct = 0;
	(void)state;

	load_pillar_decks(&deck);
	make_plan(&tp, kinds, pillars, 5);
	for (uint32_t seed = 0; seed < 40; seed++) {
		prompt_choose(&deck, &tp.plan, streaks, NULL, 0, seed, false, a, pa);
		prompt_choose(&deck, &tp.plan, streaks, NULL, 0, seed, false, b, pb);
		for (size_t i = 0; i < 5; i++) {
			assert_ptr_equal(a[i], b[i]);
			assert_int_equal(pa[i], pb[i]);
		}
		first[seed] = a[1];
		bool seen = false;
		for (uint32_t s = 0; s < seed; s++)
			seen = seen || first[s] == a[1];
		distinct += !seen;
	}
	/* 40 seeds over a deck of >= 12 listening cards: most of them come up. */
	assert_true(distinct >= 10);
	prompt_deck_free(&deck);
}

/* One night of the simulation: the cards and pillars of each step. */
struct sim_night {
	const struct prompt_card *card[MAX_STEPS];
	int pillar[MAX_STEPS];
};

#define SIM_MAX_CARDS 512

/* Runs NIGHTS nights of the nightly plan's shape over `deck`, feeding each
 * night's cards into the next nights' `recent` and streaks, and checks the
 * rules at every step. Returns how many steps could avoid every card of
 * the last 14 nights (and did); counts in *strictly the "any" steps whose
 * pillar was weaker than all four others. */
static size_t simulate(const struct prompt_deck *deck, size_t *strictly)
{
	/* The shape of data/plans/nightly.plan. */
	static const enum plan_kind kinds[] = {
		PLAN_ARRIVE, PLAN_APPRECIATE, PLAN_APPRECIATE,
		PLAN_SPEAK, PLAN_MIRROR, PLAN_SPEAK, PLAN_MIRROR,
		PLAN_SPEAK, PLAN_MIRROR, PLAN_SPEAK, PLAN_MIRROR,
		PLAN_WISH, PLAN_WISH, PLAN_CLOSE,
	};
	static const int pillars[] = {
		PILLAR_SHARED, PILLAR_AFFIRMATION, PILLAR_AFFIRMATION,
		PLAN_ANY_PILLAR, PILLAR_LISTENING, PLAN_ANY_PILLAR, PILLAR_LISTENING,
		PLAN_ANY_PILLAR, PILLAR_LISTENING, PLAN_ANY_PILLAR, PILLAR_LISTENING,
		PILLAR_VULNERABILITY, PILLAR_EMPATHY, PILLAR_SHARED,
	};
	const size_t nsteps = sizeof(kinds) / sizeof(kinds[0]);
	static struct sim_night h[NIGHTS];
	static uint32_t recent[PROMPT_NO_REPEAT_NIGHTS * MAX_STEPS];
	static int last[SIM_MAX_CARDS];     /* last night in the window shown, or -1 */
	static bool tonight[SIM_MAX_CARDS]; /* chosen by an earlier step tonight */
	int streak[PILLAR_COUNT] = { 0 };
	size_t size[PILLAR_COUNT], possible = 0;

	*strictly = 0;
	struct test_plan tp;

	assert_true(deck->ncards <= SIM_MAX_CARDS);
	make_plan(&tp, kinds, pillars, nsteps);
	for (int p = 0; p < PILLAR_COUNT; p++)
		size[p] = pillar_size(deck, p);

	for (int t = 0; t < NIGHTS; t++) {
		size_t nrecent = 0, used[PILLAR_COUNT] = { 0 };
		int local[PILLAR_COUNT];
		int first = t < PROMPT_NO_REPEAT_NIGHTS ? 0 : t - PROMPT_NO_REPEAT_NIGHTS;

		for (size_t k = 0; k < deck->ncards; k++) {
			last[k] = -1;
			tonight[k] = false;
		}
		for (int u = first; u < t; u++)
			for (size_t i = 0; i < nsteps; i++)
				if (h[u].card[i] != NULL) {
					recent[nrecent++] = h[u].card[i]->id;
					last[h[u].card[i] - deck->cards] = u;
				}
		prompt_choose(deck, &tp.plan, streak, recent, nrecent, 20000u + (uint32_t)t,
		              false, h[t].card, h[t].pillar);

		/* This pillar's cards over the window, tonight included. */
		for (int u = first; u <= t; u++)
			for (size_t i = 0; i < nsteps; i++)
				if (h[u].card[i] != NULL)
					used[h[u].pillar[i]]++;

		memcpy(local, streak, sizeof(local));
		for (size_t i = 0; i < nsteps; i++) {
			const struct prompt_card *c = h[t].card[i];
			int p = h[t].pillar[i];
			bool fresh[PILLAR_COUNT] = { false }, any_fresh = false;
			size_t ci;

			if (!asks_card(kinds[i])) {
				assert_null(c);
				continue;
			}
			assert_non_null(c);
			assert_int_equal(c->pillar, p);
			/* A deep card only where the step may show one; the
			 * rules below are about the cards this step may show. */
			bool deep_ok = plan_step_deep_ok(&tp.plan, i);
			size_t allowed = 0;
			assert_true(!c->deep || deep_ok);
			ci = (size_t)(c - deck->cards);
			for (size_t k = 0; k < deck->ncards; k++) {
				if (deck->cards[k].deep && !deep_ok)
					continue;
				allowed += deck->cards[k].pillar == p;
				if (last[k] < 0 && !tonight[k])
					fresh[deck->cards[k].pillar] = true;
			}
			for (int q = 0; q < PILLAR_COUNT; q++)
				any_fresh = any_fresh || fresh[q];

			if (pillars[i] == PLAN_ANY_PILLAR) {
				/* The weakest pillar that still had a fresh card. */
				int weaker = 0;

				assert_true(fresh[p] || !any_fresh);
				for (int q = 0; q < PILLAR_COUNT; q++) {
					if (fresh[q] || !any_fresh)
						assert_true(local[p] <= local[q]);
					weaker += local[p] < local[q];
				}
				*strictly += weaker == PILLAR_COUNT - 1;
				local[p]++;
			} else {
				assert_int_equal(p, pillars[i]);
			}

			/* The rule: no repeat within 14 nights (nor tonight)
			 * whenever this pillar's cards in the window fit in its
			 * deck. */
			bool repeat = last[ci] >= 0 || tonight[ci];
			if (used[p] <= size[p] && used[p] <= allowed) {
				possible++;
				assert_false(repeat);
			}
			/* Whatever the sizes: a repeat only when nothing of the
			 * pillar was fresh, and then the least recently shown. */
			if (repeat) {
				assert_false(fresh[p]);
				for (size_t k = 0; k < deck->ncards; k++) {
					if (deck->cards[k].pillar != p || tonight[k] ||
					    (deck->cards[k].deep && !deep_ok))
						continue;
					assert_false(tonight[ci]);
					assert_true(last[ci] <= last[k]);
				}
			}
			tonight[ci] = true;
		}
		/* Tomorrow's streaks: +1 for every pillar served tonight. Every
		 * fourth night the couple unticks one, so that its streak
		 * breaks and the streaks differ. */
		unsigned served = 0;
		for (size_t i = 0; i < nsteps; i++)
			if (kinds[i] != PLAN_ARRIVE)
				served |= 1u << h[t].pillar[i];
		if (t % 4 == 3)
			served &= ~(1u << ((t / 4) % PILLAR_COUNT));
		for (int p = 0; p < PILLAR_COUNT; p++)
			streak[p] = (served & (1u << p)) ? streak[p] + 1 : 0;
	}
	return possible;
}

static void test_simulation_shipped(void **state)
{
	struct prompt_deck deck = { NULL, 0 };
	(void)state;

	load_pillar_decks(&deck);
	/* The shipped decks cannot hold 14 nights of every pillar's share,
	 * but the rarely drawn pillars must never repeat. */
	size_t strictly = 0;
	assert_true(simulate(&deck, &strictly) > 0);
	assert_true(strictly >= 10);
	prompt_deck_free(&deck);
}

static void test_simulation_large(void **state)
{
	struct prompt_deck deck = { NULL, 0 };
	(void)state;

	/* 100 cards a pillar: enough for 15 nights of any pillar's share, so
	 * every card drawn in 60 nights must be one not seen for 14. */
	make_deck(&deck, 100);
	size_t strictly = 0;
	/* Nine of the fourteen steps show a card (not arrive, not mirror). */
	assert_int_equal(simulate(&deck, &strictly), (size_t)NIGHTS * 9);
	assert_true(strictly >= 10);
	prompt_deck_free(&deck);
}

/* Loads a shipped plan file. */
static struct plan *load_plan(const char *rel, const char *name)
{
	size_t len;
	char *text = slurp(rel, &len);
	struct plan *plan = NULL;
	struct plan_error err = { 0, "" };

	if (plan_parse(text, len, name, &plan, &err) != TEND_OK)
		fail_msg("%s:%d: %s", rel, err.line, err.reason);
	free(text);
	return plan;
}

#define SHIPPED_NIGHTS 60
#define WINDOW PROMPT_NO_REPEAT_NIGHTS

/* 60 nights in a row of one shipped plan over the shipped decks, each
 * night's cards fed to the next nights as `recent` (as tend does from the
 * check-ins of the last 14 nights) and the couple ticking some pillars:
 * a card only on a step that asks for one, a deep card only where a deep
 * card may go (and never on card=light), the step's own pillar when it has
 * one, and no card twice within 14 nights. */
static void simulate_plan(const struct prompt_deck *deck, const struct plan *plan,
                          bool topics)
{
	static const struct prompt_card *shown[SHIPPED_NIGHTS][PLAN_MAX_STEPS];
	static uint32_t recent[WINDOW * PLAN_MAX_STEPS];
	int served[PLAN_MAX_STEPS], streak[PILLAR_COUNT] = { 0 };
	size_t cards = 0;

	for (int t = 0; t < SHIPPED_NIGHTS; t++) {
		size_t nrecent = 0;
		bool topic = topics && t % 2 == 0; /* every other night a topic */

		for (int u = t - (WINDOW - 1) < 0 ? 0 : t - (WINDOW - 1); u < t; u++)
			for (size_t i = 0; i < plan->nsteps; i++)
				if (shown[u][i])
					recent[nrecent++] = shown[u][i]->id;
		prompt_choose(deck, plan, streak, recent, nrecent, 21000u + (uint32_t)t, topic,
		              shown[t], served);
		for (size_t i = 0; i < plan->nsteps; i++) {
			const struct plan_step *st = &plan->steps[i];
			const struct prompt_card *c = shown[t][i];
			bool asks = st->card == PLAN_CARD_ANY || st->card == PLAN_CARD_LIGHT ||
			            st->card == PLAN_CARD_DEEP ||
			            (st->card == PLAN_CARD_TOPIC && !topic);

			if (!asks) {
				assert_null(c);
				continue;
			}
			assert_non_null(c);
			cards++;
			if (c->deep) {
				assert_true(plan_step_deep_ok(plan, i));
				assert_true(st->seconds >= 90);
				assert_true(plan_step_start(plan, i) + st->seconds <=
				            plan->total_seconds - 180);
				assert_true(st->card == PLAN_CARD_ANY || st->card == PLAN_CARD_DEEP);
			}
			if (st->pillar != PLAN_ANY_PILLAR)
				assert_int_equal(c->pillar, st->pillar);
			assert_int_equal(served[i], c->pillar);
			/* Not earlier tonight, not in the 13 nights before. */
			for (size_t j = 0; j < i; j++)
				assert_ptr_not_equal(shown[t][j], c);
			for (int u = t - (WINDOW - 1) < 0 ? 0 : t - (WINDOW - 1); u < t; u++)
				for (size_t j = 0; j < plan->nsteps; j++)
					if (shown[u][j] == c)
						fail_msg("%s, night %d: \"%s\" again after %d nights",
						         plan->name, t, c->text, t - u);
		}
		/* The couple ticks the pillars of the cards they answered, but
		 * every third night one fewer: streaks differ, as in life. */
		for (int p = 0; p < PILLAR_COUNT; p++) {
			bool ticked = false;

			for (size_t i = 0; i < plan->nsteps; i++)
				ticked = ticked || (shown[t][i] && shown[t][i]->pillar == p);
			if (t % 3 == 2 && p == t % PILLAR_COUNT)
				ticked = false;
			streak[p] = ticked ? streak[p] + 1 : 0;
		}
	}
	assert_true(cards > 0);
}

static void test_shipped_plans_60_nights(void **state)
{
	static const char *const names[] = { "nightly", "quick", "long", "weekly" };
	struct prompt_deck deck = { NULL, 0 };
	(void)state;

	load_pillar_decks(&deck);
	for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
		char rel[64];
		struct plan *plan;

		snprintf(rel, sizeof(rel), "data/plans/%s.plan", names[k]);
		plan = load_plan(rel, names[k]);
		simulate_plan(&deck, plan, false);
		simulate_plan(&deck, plan, true);
		plan_free(plan);
	}
	prompt_deck_free(&deck);
}

/* The reflection questions, as tend picks them (4 a night, 2 for each of
 * you): 60 nights, none twice within 14 nights, and the two partners'
 * questions differ every night. */
static void test_reflections_60_nights(void **state)
{
	struct prompt_deck deck = { NULL, 0 };
	const struct prompt_card *q[SHIPPED_NIGHTS][4];
	(void)state;

	load_deck(&deck, "data/reflections.deck", -1, 4 * WINDOW);
	for (int t = 0; t < SHIPPED_NIGHTS; t++) {
		assert_int_equal(prompt_pick(&deck, 20400u + (uint32_t)t, 4, q[t]), 4);
		for (int i = 0; i < 4; i++) {
			for (int j = 0; j < i; j++)
				assert_ptr_not_equal(q[t][i], q[t][j]);
			for (int u = t - (WINDOW - 1) < 0 ? 0 : t - (WINDOW - 1); u < t; u++)
				for (int j = 0; j < 4; j++)
					assert_ptr_not_equal(q[u][j], q[t][i]);
		}
	}
	prompt_deck_free(&deck);
}

/* The depth tag. */
static void test_depth(void **state)
{
	struct prompt_deck deck = { NULL, 0 };
	struct plan_error err;
	static const char text[] = "deep: What scares you?\nlight: Easy one\nPlain one\n"
	                           "deep:no space\n  deep:   spaced  \nDeep: not a tag\n";
	(void)state;

	assert_int_equal(prompt_deck_parse(&deck, 1, text, strlen(text), &err), TEND_OK);
	assert_int_equal(deck.ncards, 6);
	assert_true(deck.cards[0].deep);
	assert_string_equal(deck.cards[0].text, "What scares you?");
	/* Retagging keeps the card's id, so its history. */
	assert_int_equal(deck.cards[0].id, prompt_card_id("What scares you?", 16));
	assert_false(deck.cards[1].deep);
	assert_string_equal(deck.cards[1].text, "Easy one");
	assert_false(deck.cards[2].deep);
	assert_true(deck.cards[3].deep);
	assert_string_equal(deck.cards[3].text, "no space");
	assert_true(deck.cards[4].deep);
	assert_string_equal(deck.cards[4].text, "spaced");
	assert_false(deck.cards[5].deep);
	assert_string_equal(deck.cards[5].text, "Deep: not a tag");
	assert_int_equal(prompt_deck_parse(&deck, 1, "deep:   \n", 8, &err), TEND_ERR_PARSE);
	assert_int_equal(err.line, 1);
	assert_non_null(strstr(err.reason, "no card"));
	/* The same text tagged otherwise is the same card: skipped. */
	assert_int_equal(prompt_deck_parse(&deck, 1, "Easy one\n", 9, &err), TEND_OK);
	assert_int_equal(deck.ncards, 6);
	prompt_deck_free(&deck);
}

/* Depth in the choice: card=light never deep; card=deep deep while one is
 * fresh; short steps and the last three minutes light. */
static void test_choose_depth(void **state)
{
	struct plan_step steps[4] = {
		{ .kind = PLAN_SPEAK, .seconds = 120, .pillar = 1, .card = PLAN_CARD_DEEP },
		{ .kind = PLAN_SPEAK, .seconds = 120, .pillar = 1, .card = PLAN_CARD_LIGHT },
		{ .kind = PLAN_SPEAK, .seconds = 60, .pillar = 1, .card = PLAN_CARD_ANY },
		{ .kind = PLAN_SPEAK, .seconds = 180, .pillar = 1, .card = PLAN_CARD_ANY },
	};
	struct plan plan = { .name = "d", .title = "d", .about = "", .steps = steps,
	                     .nsteps = 4, .total_seconds = 480 };
	struct prompt_deck deck = { NULL, 0 };
	const struct prompt_card *cards[4];
	int served[4];
	static const char text[] = "deep: D1\ndeep: D2\nL1\nL2\nL3\nL4\n";
	(void)state;

	assert_int_equal(prompt_deck_parse(&deck, 1, text, strlen(text), NULL), TEND_OK);
	for (uint32_t seed = 0; seed < 40; seed++) {
		prompt_choose(&deck, &plan, NULL, NULL, 0, seed, false, cards, served);
		assert_true(cards[0]->deep);
		assert_false(cards[1]->deep);
		assert_false(cards[2]->deep); /* 1:00 */
		assert_false(cards[3]->deep); /* the last three minutes */
	}
	/* Both deep cards shown lately: the deep step takes a fresh light one. */
	uint32_t recent[2] = { deck.cards[0].id, deck.cards[1].id };
	prompt_choose(&deck, &plan, NULL, recent, 2, 3, false, cards, served);
	assert_false(cards[0]->deep);
	/* A topic step takes a light card only when there is no topic. */
	steps[0].card = PLAN_CARD_TOPIC;
	prompt_choose(&deck, &plan, NULL, NULL, 0, 3, true, cards, served);
	assert_null(cards[0]);
	prompt_choose(&deck, &plan, NULL, NULL, 0, 3, false, cards, served);
	assert_non_null(cards[0]);
	assert_false(cards[0]->deep);
	prompt_deck_free(&deck);
}

static void test_pick(void **state)
{
	struct prompt_deck deck = { NULL, 0 };
	const struct prompt_card *a[128], *b[128];
	size_t count[128] = { 0 };
	(void)state;

	load_deck(&deck, "data/reflections.deck", -1, 20);
	const size_t m = deck.ncards;
	assert_true(m < 128);
	for (uint32_t night = 19000; night < 19100; night++) {
		assert_int_equal(prompt_pick(&deck, night, 2, a), 2);
		assert_int_equal(prompt_pick(&deck, night + 1, 2, b), 2);
		assert_ptr_not_equal(a[0], a[1]);
		/* Consecutive nights share no question. */
		for (size_t i = 0; i < 2; i++)
			for (size_t j = 0; j < 2; j++)
				assert_ptr_not_equal(a[i], b[j]);
		/* Same night, same questions. */
		assert_int_equal(prompt_pick(&deck, night, 2, b), 2);
		assert_ptr_equal(a[0], b[0]);
		assert_ptr_equal(a[1], b[1]);
	}
	/* Over m nights of 2, every question comes up exactly twice. */
	for (uint32_t night = 20000; night < 20000 + m; night++) {
		assert_int_equal(prompt_pick(&deck, night, 2, a), 2);
		count[a[0] - deck.cards]++;
		count[a[1] - deck.cards]++;
	}
	for (size_t i = 0; i < m; i++)
		assert_int_equal(count[i], 2);
	/* Asking for more than the deck holds gives the whole deck, once. */
	assert_int_equal(prompt_pick(&deck, 7, 128, a), m);
	for (size_t i = 0; i < m; i++)
		for (size_t j = 0; j < i; j++)
			assert_ptr_not_equal(a[i], a[j]);
	assert_int_equal(prompt_pick(&deck, 7, 0, a), 0);
	prompt_deck_free(&deck);
	assert_int_equal(prompt_pick(&deck, 7, 2, a), 0);
	assert_int_equal(prompt_pick(NULL, 7, 2, a), 0);
	/* Tiny decks. */
	assert_int_equal(prompt_deck_parse(&deck, -1, "one\ntwo\n", 8, NULL), TEND_OK);
	assert_int_equal(prompt_pick(&deck, 5, 1, a), 1);
	assert_int_equal(prompt_pick(&deck, 6, 1, b), 1);
	assert_ptr_not_equal(a[0], b[0]);
	assert_int_equal(prompt_pick(&deck, 5, 2, a), 2);
	assert_ptr_not_equal(a[0], a[1]);
	prompt_deck_free(&deck);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_decks),
		cmocka_unit_test(test_parse_format),
		cmocka_unit_test(test_parse_duplicates),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_card_id),
		cmocka_unit_test(test_choose_fixed_and_arrive),
		cmocka_unit_test(test_choose_weakest_any),
		cmocka_unit_test(test_choose_any_prefers_unserved),
		cmocka_unit_test(test_choose_no_repeat_tonight),
		cmocka_unit_test(test_choose_avoids_recent),
		cmocka_unit_test(test_choose_least_recent),
		cmocka_unit_test(test_choose_deterministic),
		cmocka_unit_test(test_simulation_shipped),
		cmocka_unit_test(test_simulation_large),
		cmocka_unit_test(test_pick),
		cmocka_unit_test(test_shipped_plans_60_nights),
		cmocka_unit_test(test_reflections_60_nights),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_choose_depth),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
