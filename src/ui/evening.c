/* evening.c: choosing tonight's evening before the timer starts: which plan
 * (the shipped ones and the couple's own, each with its about line), and,
 * for a plan that talks a parked topic through, which topic. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ui_internal.h"

#define EVENING_MAX_PLANS 32

/* Draws the plan list with the selected plan's about line below. */
static void plans_draw(struct ui *u, const struct app_plan_info *pl, size_t n, size_t sel)
{
	static const char *const keys[] = { "Up/Down", "choose", "Enter", "start",
	                                    "Esc", "back", NULL };
	struct ui_rect c;

	if (ui_frame(u, "Tonight's evening", NULL, keys, UI_MIN_W, UI_MIN_H, &c)) {
		int y = c.y + 1, top = 0, rows;

		ui_put(u, y++, c.x + 1, "Which evening would you like tonight?", (size_t)-1,
		       c.w - 2, A_BOLD);
		y++;
		rows = c.h - (y - c.y) - 5;
		if (rows < 1)
			rows = 1;
		if ((int)sel >= rows)
			top = (int)sel - rows + 1;
		for (int i = top; i < (int)n && i < top + rows; i++, y++) {
			char len[16], line[PLAN_MAX_TITLE + 64];

			ui_clock(pl[i].total_seconds, len, sizeof(len));
			snprintf(line, sizeof(line), "%5s  %s%s", pl[i].ok ? len : "--",
			         pl[i].title, pl[i].is_default ? "  (tonight's default)" : "");
			ui_put(u, y, c.x + 2, line, (size_t)-1, c.w - 3,
			       (size_t)i == sel ? A_REVERSE : pl[i].ok ? A_NORMAL : ui_attr(u, UI_MUTED));
		}
		y++;
		if (n > 0 && pl[sel].about[0])
			ui_wrap(u, (struct ui_rect){ y, c.x + 2, c.y + c.h - y, c.w - 4 }, pl[sel].about,
			        strlen(pl[sel].about), 0, pl[sel].ok ? A_NORMAL : ui_attr(u, UI_WARNING),
			        false);
	}
	ui_show(u);
}

/* The plan chooser: UI_DONE with `name` filled, UI_CANCEL or UI_QUIT. */
static enum ui_result choose_plan(struct ui *u, char *name, size_t size)
{
	struct app_plan_info pl[EVENING_MAX_PLANS];
	size_t n = app_plans(u->app, time(NULL), pl, EVENING_MAX_PLANS), sel = 0;

	if (n == 0) {
		snprintf(name, size, "nightly"); /* the error comes from loading it */
		return UI_DONE;
	}
	for (;;) {
		struct ui_ev ev;

		plans_draw(u, pl, n, sel);
		ev = ui_next(u, -1, 0);
		if (ev.kind == UI_EV_QUIT)
			return UI_QUIT;
		if (ev.kind != UI_EV_KEY)
			continue;
		if (ev.key == UI_K(KEY_UP) || ev.key == 'k')
			sel = sel > 0 ? sel - 1 : n - 1;
		else if (ev.key == UI_K(KEY_DOWN) || ev.key == 'j')
			sel = (sel + 1) % n;
		else if (ev.key == UI_ESC || ev.key == 'q')
			return UI_CANCEL;
		else if (ui_is_enter(ev.key)) {
			if (!pl[sel].ok) {
				ui_say(u, "That plan does not load; see the line below it.");
				continue;
			}
			snprintf(name, size, "%s", pl[sel].name);
			return UI_DONE;
		}
	}
}

static void topics_draw(struct ui *u, const struct ui_topics *l, size_t sel)
{
	static const char *const keys[] = { "Up/Down", "choose", "Enter", "talk this through",
	                                    "n", "none tonight", NULL };
	struct ui_rect c;

	if (ui_frame(u, "A topic for tonight", NULL, keys, UI_MIN_W, UI_MIN_H, &c)) {
		int y = c.y + 1, rows;
		size_t top = 0;

		y += ui_wrap(u, (struct ui_rect){ y, c.x + 1, 3, c.w - 2 },
		             "Pick one parked topic to talk through tonight. One is plenty; the "
		             "others wait for another week.", (size_t)-1, 0, A_NORMAL, false) + 1;
		rows = c.y + c.h - y;
		if (rows < 1)
			rows = 1;
		if (sel >= (size_t)rows)
			top = sel - (size_t)rows + 1;
		for (size_t i = top; i < l->n && i < top + (size_t)rows; i++, y++) {
			char date[32], line[UI_TOPIC_TEXT + 48];

			ui_night_short(l->night[i], date, sizeof(date));
			snprintf(line, sizeof(line), "%-7s %s", date, l->text[i]);
			ui_put(u, y, c.x + 2, line, (size_t)-1, c.w - 3, i == sel ? A_REVERSE : A_NORMAL);
		}
	}
	ui_show(u);
}

/* For a plan that talks a topic through: unlocks one of them (the topics
 * are sealed to both), lists the open ones, and lets them pick one or
 * none. UI_DONE (with *id 0 for none), or UI_QUIT. */
static enum ui_result choose_topic(struct ui *u, int64_t *id, char **text)
{
	struct ui_topics l = { .n = 0 };
	size_t open = 0, sel = 0;
	enum tend_status st;
	enum ui_result r;

	*id = 0;
	*text = NULL;
	if (app_topics_open(u->app, APP_ENTRY_TOPIC, &open) != TEND_OK || open == 0) {
		ui_news(u, "No parked topics: tonight, talk about anything that matters to you.");
		return UI_DONE;
	}
	if (!u->reader) {
		r = ui_unlock(u);
		if (r == UI_QUIT)
			return r;
		if (!u->reader)
			return UI_DONE; /* they chose not to: the talk goes on without */
	}
	st = ui_topics_read(u->reader, &l);
	if (st != TEND_OK || l.n == 0) {
		ui_topics_free(&l);
		ui_say(u, "The parked topics could not be read just now.");
		return UI_DONE;
	}
	for (r = UI_CANCEL; r == UI_CANCEL;) {
		struct ui_ev ev;

		topics_draw(u, &l, sel);
		ev = ui_next(u, -1, UI_READER);
		if (ev.kind == UI_EV_QUIT || ev.kind == UI_EV_LOCK) {
			r = ev.kind == UI_EV_QUIT ? UI_QUIT : UI_DONE;
			break;
		}
		if (ev.kind != UI_EV_KEY)
			continue;
		if (ev.key == UI_K(KEY_UP) || ev.key == 'k')
			sel = sel > 0 ? sel - 1 : l.n - 1;
		else if (ev.key == UI_K(KEY_DOWN) || ev.key == 'j')
			sel = (sel + 1) % l.n;
		else if (ev.key == 'n' || ev.key == UI_ESC)
			r = UI_DONE;
		else if (ui_is_enter(ev.key)) {
			*id = l.id[sel];
			*text = ui_topics_take(&l, sel);
			r = UI_DONE;
		}
	}
	ui_topics_free(&l);
	return r;
}

enum ui_result ui_evening(struct ui *u)
{
	char name[64];
	const char *plan = u->opt->plan;
	struct plan *p = NULL;
	int64_t topic = 0;
	char *text = NULL, err[300];
	enum ui_result r;

	/* --plan on the command line chooses for tonight. */
	if (!plan) {
		if ((r = choose_plan(u, name, sizeof(name))) != UI_DONE)
			return r == UI_QUIT ? UI_QUIT : UI_DONE;
		plan = name;
	}
	if (app_plan_load(u->app, plan, &p, err, sizeof(err)) == TEND_OK &&
	    app_plan_wants_topic(p)) {
		if ((r = choose_topic(u, &topic, &text)) == UI_QUIT) {
			plan_free(p);
			return r;
		}
	}
	plan_free(p);
	r = ui_checkin(u, false, plan, topic, text);
	app_secure_free(text);
	return r;
}
