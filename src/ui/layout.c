/* layout.c: how the timer screen shares its rows out: which sections it
 * shows, how many rows each takes and how large the block digits are, for
 * the space the window gives. Arithmetic only: checkin.c draws. */
#include <stdbool.h>
#include <string.h>

#include "ui_internal.h"

#define BIG_SCALE_MAX 4 /* the largest digits, on a very large window */

/* Sums a layout: who, label+instruction, clock, status, card or arrive,
 * bar. */
static int layout_total(const struct ui_timer_layout *l, bool arrive, bool has_card)
{
	int sections = 5;
	int rows = 1 + 1 + l->instr + (l->scale ? UI_BIG_ROWS * l->scale : 1) + 1 + 1;

	if (arrive) {
		rows += 2;
		sections++;
	} else if (has_card && l->card > 0) {
		rows += 1 + l->card;
		sections++;
	}
	return rows + l->gap * (sections - 1);
}

struct ui_timer_layout ui_timer_layout(struct ui_rect c, int instr_need, int card_need,
                                       bool arrive, bool has_card, const char *clock)
{
	static const struct ui_timer_layout tries[] = {
		{ 1, 3, 3, 1, 0 }, { 1, 2, 2, 1, 0 }, { 1, 2, 2, 0, 0 },
		{ 1, 1, 1, 0, 0 }, { 0, 2, 2, 1, 0 }, { 0, 2, 2, 0, 0 },
		{ 0, 1, 1, 0, 0 }, { 0, 1, 0, 0, 0 }, { 0, 0, 0, 0, 0 },
	};
	struct ui_timer_layout l = tries[0];

	for (int k = BIG_SCALE_MAX; k > 1; k--) {
		/* "10:00" is as wide as the clock grows: the scale holds while
		 * the minutes gain a digit. */
		l = (struct ui_timer_layout){ k, instr_need, card_need, 1, 0 };
		if (ui_big_width(strlen(clock) > 4 ? clock : "00:00", k) + 4 > c.w)
			continue;
		l.total = layout_total(&l, arrive, has_card);
		if (l.total <= c.h)
			return l;
	}
	for (size_t i = 0; i < sizeof(tries) / sizeof(tries[0]); i++) {
		l = tries[i];
		if (l.scale && ui_big_width(clock, 1) > c.w)
			continue;
		if (l.instr > instr_need)
			l.instr = instr_need;
		if (l.card > card_need)
			l.card = card_need;
		l.total = layout_total(&l, arrive, has_card);
		if (l.total <= c.h)
			return l;
	}
	return l;
}
