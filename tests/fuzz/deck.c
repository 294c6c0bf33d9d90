/* deck.c (fuzz): the prompt-deck parser on any bytes (the first byte picks
 * the pillar it is read as), then the choosers the check-in uses on what it
 * accepted: cards for a plan's steps and the reflection questions. */
#include "fuzz.h"
#include "tend/plan.h"
#include "tend/prompt.h"

static struct plan *plan;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	size_t len;
	uint8_t *text = fuzz_slurp("data/plans/nightly.plan", &len);

	(void)argc, (void)argv;
	if (plan_parse((const char *)text, len, "nightly", &plan, NULL) != TEND_OK)
		fuzz_die("data/plans/nightly.plan does not parse");
	free(text);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct prompt_deck deck = { 0 };
	struct plan_error err;
	int pillar;

	if (size < 1)
		return 0;
	/* -1 (a deck without a pillar) or one of the pillars */
	pillar = (int)(data[0] % (PILLAR_COUNT + 1)) - 1;
	memset(&err, 0, sizeof(err));
	if (prompt_deck_parse(&deck, pillar, (const char *)data + 1, size - 1, &err) != TEND_OK) {
		if (deck.ncards != 0)
			abort(); /* a refused deck is left as it was: empty */
		return 0;
	}
	for (size_t i = 0; i < deck.ncards; i++) {
		const struct prompt_card *c = &deck.cards[i];
		if (c->pillar != pillar || c->id != prompt_card_id(c->text, strlen(c->text)))
			abort();
	}
	/* the same text again adds nothing: every card is a duplicate */
	size_t n = deck.ncards;
	if (prompt_deck_parse(&deck, pillar, (const char *)data + 1, size - 1, NULL) == TEND_OK &&
	    deck.ncards != n)
		abort();

	const struct prompt_card *cards[64], *picked[8];
	int served[64];
	int streak[PILLAR_COUNT] = { 3, 0, 1, 0, 2 };
	uint32_t recent[4] = { 0 };
	for (size_t i = 0; i < 4 && i < deck.ncards; i++)
		recent[i] = deck.cards[i].id;
	if (plan->nsteps <= 64)
		prompt_choose(&deck, plan, streak, recent, 4, (uint32_t)size, size & 1, cards, served);
	if (prompt_pick(&deck, (uint32_t)size * 2654435761u, 8, picked) > 8)
		abort();
	prompt_deck_free(&deck);
	return 0;
}
