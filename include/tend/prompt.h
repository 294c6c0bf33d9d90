/* prompt.h: prompt decks and the choice of tonight's cards. Pure: the caller
 * reads the deck files and passes tonight's streaks and the cards shown in
 * recent nights.
 *
 * A deck file is plain text: one card a line, '#' starts a comment line,
 * blank lines are ignored. A card that starts "deep: " is deep (it asks for
 * something tender); any other is light ("light: " may say so).
 * data/prompts/<pillar>.deck holds one deck per pillar; data/reflections.deck
 * the questions asked after a check-in; data/journal.deck the questions a
 * journal entry may start from.
 * A card's id is a hash of its text, so editing a deck never confuses the
 * "not within the last 14 nights" rule. */
#ifndef TEND_PROMPT_H
#define TEND_PROMPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tend/plan.h"
#include "tend/status.h"

#define PROMPT_MAX_TEXT 240        /* bytes of UTF-8 a card may hold */
#define PROMPT_NO_REPEAT_NIGHTS 14 /* a card is not shown again this soon */

struct prompt_card {
	uint32_t id;  /* prompt_card_id() of the text */
	int pillar;   /* enum pillar, or -1 for a deck without one */
	bool deep;    /* tagged "deep: " */
	char *text;   /* owned; UTF-8, one line, trimmed, without its tag */
};

struct prompt_deck {
	struct prompt_card *cards; /* owned; ncards of them */
	size_t ncards;
};

/* FNV-1a (32 bits) of the text with surrounding white space trimmed (the
 * text without its depth tag, so retagging a card keeps its history). */
uint32_t prompt_card_id(const char *text, size_t len);

/* Appends the cards in `len` bytes of `text` to `deck`, tagged with `pillar`
 * (or -1). A duplicate of a card already in the deck is skipped. On
 * TEND_ERR_PARSE fills `err` (may be NULL) and leaves `deck` as it was. */
enum tend_status prompt_deck_parse(struct prompt_deck *deck, int pillar,
                                   const char *text, size_t len,
                                   struct plan_error *err);
void prompt_deck_free(struct prompt_deck *deck);

/* Chooses a card for every step of `plan` that asks for one (its `card`;
 * a "topic" step gets none when `topic` says tonight has a parked topic,
 * else a light card). A deep card only where plan_step_deep_ok() allows,
 * and on a card=deep step a deep one while one is fresh. For a step with a
 * pillar, a card
 * of that pillar; for an "any" step, the pillar whose current streak
 * (`streak_current`, indexed by enum pillar) is weakest, ties broken by the
 * seed (among equals, one that no fixed step serves tonight comes first,
 * and each "any" step counts its pillar one stronger for the steps after
 * it; an "any" step skips a pillar with nothing fresh left while another
 * has). Never a card in `recent` (ids shown in the last
 * PROMPT_NO_REPEAT_NIGHTS nights) nor one already chosen tonight, while one
 * is left; then the least recent. `recent` runs oldest first: a card's last
 * place in it says when it was last shown.
 * `seed` varies the choice (tend uses the night). Fills out_cards[i]
 * (borrowed from deck, NULL if the deck has no card of that pillar) and
 * out_pillar[i] (the pillar the step serves) for each of plan->nsteps
 * steps. */
void prompt_choose(const struct prompt_deck *deck, const struct plan *plan,
                   const int streak_current[PILLAR_COUNT],
                   const uint32_t *recent, size_t nrecent, uint32_t seed, bool topic,
                   const struct prompt_card **out_cards, int *out_pillar);

/* Picks `n` different cards of `deck` for `seed` (tend: the night), so that
 * consecutive nights get different questions. Fills out[0..n-1] (borrowed);
 * returns how many were filled (fewer when the deck is smaller). */
size_t prompt_pick(const struct prompt_deck *deck, uint32_t seed, size_t n,
                   const struct prompt_card **out);

#endif
