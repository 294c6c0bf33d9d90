/* home.c: the home screen (streaks, pillars, the last eight weeks, whether
 * tonight is done), and the small screens it opens: rest night, settings,
 * help, and the question about an interrupted check-in. */
#include <langinfo.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "tend/utf8.h"
#include "ui_internal.h"
#include "common.h"

/* The help text; %s is the page above, %d the rest window. */
static const char home_help[] =
	"How tend works\n"
	"\n"
	"Each night, sit down together with your phones put away and press c to "
	"choose tonight's evening. The timer takes you through short turns: one "
	"of you speaks while the other listens and then says back what they "
	"heard, and only then do you swap. The listener reads the card aloud. The "
	"screen always says whose turn it is, by name. Afterwards each of you "
	"answers two short questions in private, you may leave a note for the two "
	"of you, and you tick the pillars that felt alive.\n"
	"\n"
	"Time-outs\n"
	"\n"
	"Press t at any moment of the timer. Twenty minutes apart doing something "
	"soothing helps more than pushing on. Carry on afterwards, or stop for "
	"tonight and park the topic (p) for your weekly talk.\n"
	"\n"
	"The weekly talk\n"
	"\n"
	"Once a week choose the weekly talk (c): appreciations, what went well, "
	"one parked topic talked through until each of you says \"you got it\", "
	"one small agreement to try, and a plan for time together.\n"
	"\n"
	"%s"
	"\n"
	"Streaks\n"
	"\n"
	"Streaks are there to serve you. A night counts when about two thirds of "
	"a check-in ran. A pillar counts on a night that counts and on which you "
	"ticked it. A rest night (r) or a night stopped by a time-out pauses every "
	"streak: it neither adds to them nor breaks them. You can take one rest "
	"night in any %d nights; time-outs are always allowed. To hide every "
	"streak number, press s for the settings.\n"
	"\n"
	"Privacy\n"
	"\n"
	"Your answers and journal are locked with your own passphrase. Only you can "
	"read them, unless you choose to share an answer or an entry with your "
	"partner. To read, tend asks who is reading and for that passphrase; it "
	"locks again after five minutes without a key, or at once when you press L.\n"
	"\n"
	"A forgotten passphrase\n"
	"\n"
	"A recovery code lets you choose a new passphrase: press Ctrl-R where tend asks "
	"for yours. Make a new code in the settings (k); the old one then opens nothing. "
	"Without your passphrase and your code, nobody can open what only you may read.\n"
	"\n"
	"Forgetting\n"
	"\n"
	"In your journal, d deletes an entry of yours. In the history, d forgets what "
	"you wrote on a night, or the whole night for both of you. Either is wiped from "
	"this laptop's file for good.\n"
	"\n"
	"Keys on this screen\n"
	"\n"
	"c  start tonight's check-in\n"
	"h  look back at past check-ins\n"
	"j  your journal\n"
	"r  make tonight a rest night (or take it back)\n"
	"g  when to get help\n"
	"s  settings: the bell, the flash, streak numbers\n"
	"L  lock: forget the passphrase typed last\n"
	"q  quit tend (Ctrl-C too)";

/* Shows the help, with the couple's rest window. */
static enum ui_result home_help_show(struct ui *u)
{
	char help[sizeof(home_help) + sizeof(ui_get_help) + 16];

	snprintf(help, sizeof(help), home_help, ui_get_help, app_rest_window(u->app));
	return ui_help(u, "Help", help);
}

/* The calendar's marks: never colour alone. */
static const struct {
	const char *mark;
	const char *word;
	enum ui_role role;
} day_marks[] = {
	[APP_DAY_EMPTY] = { ".", "none", UI_MUTED },
	[APP_DAY_DONE] = { "#", "done", UI_OK },
	[APP_DAY_SHORT] = { "+", "short", UI_ACCENT },
	[APP_DAY_REST] = { "~", "rest", UI_NORMAL },
	[APP_DAY_TONIGHT] = { "@", "tonight", UI_NORMAL },
	[APP_DAY_TIMEOUT] = { "o", "time-out", UI_NORMAL },
};

#define CAL_W 24    /* "Sep 29 ", seven two-column cells; the legend */
#define CAL_ROWS 12 /* title, weekdays, eight weeks, blank, legend */
#define CAL_WEEKS 8

/* The weekday weeks start on (0 = Sunday) in the locale's LC_TIME, as
 * glibc's locale data says (Monday in de_DE and en_GB, Sunday in en_US and
 * in the C and POSIX locales); Sunday where the C library cannot say. */
static int week_start(void)
{
#ifdef __GLIBC__
	/* Both are numbers, handed out in the pointer's place. */
	union {
		const char *s;
		unsigned int w;
	} origin;
	const char *first = nl_langinfo(_NL_TIME_FIRST_WEEKDAY);

	origin.s = nl_langinfo(_NL_TIME_WEEK_1STDAY);
	return night_week_start((long)origin.w, first ? (unsigned char)first[0] : 1);
#else
	return 0;
#endif
}

/* Draws the last eight weeks as a calendar: a row a week, starting on the
 * locale's first weekday, so each weekday keeps its column from night to
 * night; the oldest week on top, tonight in the last row, the nights after
 * it left blank. */
static void cal_draw(struct ui *u, const struct app_stats *st, int y, int x, int w)
{
	static const char letters[] = "SMTWTFS";
	int ws = week_start();
	tend_night oldest = st->tonight - (APP_CALENDAR_NIGHTS - 1);
	tend_night first = night_week_begin(st->tonight, ws) - 7 * (CAL_WEEKS - 1);
	char label[16], legend[64];

	_Static_assert(7 * CAL_WEEKS <= APP_CALENDAR_NIGHTS, "the weeks shown are read");
	ui_put(u, y, x, "Last 8 weeks", (size_t)-1, w, A_BOLD);
	for (int j = 0; j < 7; j++) {
		char l[2] = { letters[(ws + j) % 7], 0 };

		ui_put(u, y + 1, x + 7 + 2 * j, l, 1, 1, ui_attr(u, UI_MUTED));
	}
	for (int r = 0; r < CAL_WEEKS; r++) {
		ui_night_short(first + r * 7, label, sizeof(label));
		ui_put(u, y + 2 + r, x, label, (size_t)-1, 6, ui_attr(u, UI_MUTED));
		for (int j = 0; j < 7; j++) {
			tend_night n = first + r * 7 + j;
			enum app_day d;
			attr_t a;

			if (n > st->tonight || n < oldest)
				continue;
			d = st->calendar[n - oldest];
			if ((unsigned)d > APP_DAY_TIMEOUT)
				d = APP_DAY_EMPTY;
			a = ui_attr(u, day_marks[d].role);
			if (n == st->tonight)
				a = A_REVERSE | A_BOLD;
			ui_put(u, y + 2 + r, x + 7 + 2 * j, day_marks[d].mark, 1, 1, a);
		}
	}
	snprintf(legend, sizeof(legend), "# done  + short  ~ rest");
	ui_put(u, y + 11, x, legend, (size_t)-1, w, ui_attr(u, UI_MUTED));
	snprintf(legend, sizeof(legend), "o time-out  @ tonight");
	ui_put(u, y + 12, x, legend, (size_t)-1, w, ui_attr(u, UI_MUTED));
}

/* "Tonight: ..." for the home screen (ui_tonight_words), and its role. */
static void tonight_line(struct ui *u, const struct app_stats *st, char *buf, size_t size,
                         enum ui_role *role)
{
	switch (ui_tonight_words(u->app, st, buf, size)) {
	case UI_TONIGHT_GOOD: *role = UI_OK; break;
	case UI_TONIGHT_ASKS: *role = UI_ACCENT; break;
	default: *role = UI_NORMAL; break;
	}
}

/* The five pillars with their streaks as a table, from row y: a heading
 * and a row each (PILLAR_COUNT + 1 rows). */
static void pillars_table(struct ui *u, const struct app_stats *st, int y, int x, int w)
{
	int nw = 0;
	char head[64];

	for (int p = 0; p < PILLAR_COUNT; p++) {
		int pw = utf8_width(pillar_name(p), strlen(pillar_name(p)));

		if (pw > nw)
			nw = pw;
	}
	if (nw > w - 14)
		nw = w - 14;
	snprintf(head, sizeof(head), "%-*s %5s %7s", nw, "Pillars", "now", "longest");
	ui_put(u, y, x, head, (size_t)-1, w, A_BOLD);
	for (int p = 0; p < PILLAR_COUNT; p++) {
		char num[32];

		ui_put(u, y + 1 + p, x, pillar_name(p), (size_t)-1, nw, A_NORMAL);
		snprintf(num, sizeof(num), " %5d %7d", st->pillar[p].current, st->pillar[p].longest);
		ui_put(u, y + 1 + p, x + nw, num, (size_t)-1, w - nw, A_NORMAL);
	}
}

#define PILLARS_TABLE_W 36 /* the table's width: the longest name and two numbers */
#define PILLARS_FLOW_HEAD "Pillar streaks, now/longest"

/* The five pillars in a small space: "Vuln 3/5  Listen 0/2 ..." flowed
 * over as many rows of `w` columns as they need, from row y; draws them
 * when `draw`. Returns the rows. */
static int pillars_flow(struct ui *u, const struct app_stats *st, int y, int x, int w,
                        bool draw)
{
	int rows = 1, cx = 0;

	for (int p = 0; p < PILLAR_COUNT; p++) {
		char item[48];
		int iw;

		snprintf(item, sizeof(item), "%s %d/%d", ui_pillar_tag(p), st->pillar[p].current,
		         st->pillar[p].longest);
		iw = (int)strlen(item);
		if (cx > 0 && cx + 2 + iw > w) {
			rows++;
			cx = 0;
		} else if (cx > 0) {
			cx += 2;
		}
		if (draw)
			ui_put(u, y + rows - 1, x + cx, item, (size_t)-1, w - cx, A_NORMAL);
		cx += iw;
	}
	return rows;
}

/* "Next together: ..." after unlocking, or nothing. */
static int next_draw(struct ui *u, const char *next, int y, int x, int w)
{
	char line[64];

	if (!next)
		return 0;
	snprintf(line, sizeof(line), "Next together: ");
	ui_put(u, y, x, line, (size_t)-1, w, A_BOLD);
	ui_put(u, y, x + (int)strlen(line), next, (size_t)-1, w - (int)strlen(line), A_NORMAL);
	return 1;
}

/* "8 of the last 14 nights together": what leads home. */
static void together_line(const struct app_stats *st, char *buf, size_t size)
{
	snprintf(buf, size, "%d of the last %d nights together", st->together,
	         APP_TOGETHER_WINDOW);
}

/* The nightly streak in one small line (when streaks are shown), shorter
 * when `w` columns cannot hold it whole. */
static void streak_line(struct ui *u, const struct app_stats *st, int w, char *buf,
                        size_t size)
{
	snprintf(buf, size, "Nightly streak %d %s longest %d %s %d in all", st->nightly.current,
	         ui_dot(u), st->nightly.longest, ui_dot(u), st->nights_total);
	if (utf8_width(buf, strlen(buf)) > w)
		snprintf(buf, size, "Streak %d %s longest %d %s %d in all", st->nightly.current,
		         ui_dot(u), st->nightly.longest, ui_dot(u), st->nights_total);
}

#define HOME_W_MAX 84 /* the widest the two columns of home spread */
#define BIG_SCALE_HOME 2 /* the largest the number of nights together grows */

/* Home on a window of at least 60x17: the number of nights together in
 * block digits, tonight, the streaks and pillars on the left, the calendar
 * on the right; the whole centred in the window, at most HOME_W_MAX wide,
 * the digits larger when the height allows. */
static void home_large(struct ui *u, const struct app_stats *st, const char *next,
                       struct ui_rect c)
{
	bool streaks = app_streaks(u->app);
	int bw = c.w < HOME_W_MAX ? c.w : HOME_W_MAX;
	int x0 = c.x + (c.w - bw) / 2, lx = x0 + 1, lw = bw - CAL_W - 4;
	int scale = 0, tonight_rows, left, high, y;
	char num[16], line[160];
	enum ui_role role;

	snprintf(num, sizeof(num), "%d", st->together);
	tonight_line(u, st, line, sizeof(line), &role);
	tonight_rows = ui_wrap_rows(line, strlen(line), lw);
	if (tonight_rows > 2)
		tonight_rows = 2;
	/* heading, digits or a line, tonight, next, streak and pillars */
	for (int k = BIG_SCALE_HOME; k >= 1 && !scale; k--) {
		left = 1 + UI_BIG_ROWS * k + tonight_rows + (next != NULL) +
		       (streaks ? 2 + 1 + PILLAR_COUNT + 1 : 0);
		if (ui_big_width(num, k) + 3 + (int)strlen("of the last 14") <= lw && left <= c.h)
			scale = k;
	}
	left = 1 + (scale ? UI_BIG_ROWS * scale : 2) + tonight_rows + (next != NULL) +
	       (streaks ? 2 + 1 + PILLAR_COUNT + 1 : 0);
	high = left > CAL_ROWS + 1 ? left : CAL_ROWS + 1;
	y = c.y + (c.h > high ? (c.h - high) / 2 : 0);
	cal_draw(u, st, y, x0 + bw - CAL_W - 1, CAL_W);

	ui_put(u, y, lx, "Nights together", (size_t)-1, lw, A_BOLD);
	if (scale) {
		int dw = ui_big_width(num, scale);
		char of[32];

		ui_big(u, y + 1, lx + 1, num, scale, ui_attr(u, UI_ACCENT));
		snprintf(of, sizeof(of), "of the last %d", APP_TOGETHER_WINDOW);
		ui_put(u, y + 1 + UI_BIG_ROWS * scale / 2, lx + dw + 3, of, (size_t)-1,
		       lw - dw - 3, A_BOLD);
		y += 1 + UI_BIG_ROWS * scale;
	} else {
		char tl[64];

		together_line(st, tl, sizeof(tl));
		ui_put(u, y + 1, lx, tl, (size_t)-1, lw, ui_attr(u, UI_ACCENT));
		y += 3;
	}
	ui_wrap(u, (struct ui_rect){ y, lx, tonight_rows, lw }, line, strlen(line), 0,
	        ui_attr(u, role), false);
	y += tonight_rows;
	y += next_draw(u, next, y, lx, lw);
	if (streaks) {
		streak_line(u, st, lw, line, sizeof(line));
		ui_put(u, y + 1, lx, line, (size_t)-1, lw, ui_attr(u, UI_MUTED));
		pillars_table(u, st, y + 3, lx, lw);
	}
}

/* Home on a small window: one column, each part in the fewest rows it can
 * take, given up from the least needed when rows are short. Tonight and
 * (with streaks shown) all five pillars, flowed over two or three rows,
 * come first; then the nights together, the "next together", the nightly
 * streak, a heading for the pillars, the pillars as a table, a blank row,
 * and the calendar, as the height allows. Nothing is drawn outside `c`. */
static void home_small(struct ui *u, const struct app_stats *st, const char *next,
                       struct ui_rect c)
{
	bool streaks = app_streaks(u->app), together, nxt, streak, head, table = false, gap, cal;
	int y = c.y, left = c.h, tonight_rows, flow = 0;
	char line[160];
	enum ui_role role;

	tonight_line(u, st, line, sizeof(line), &role);
	tonight_rows = ui_wrap_rows(line, strlen(line), c.w);
	if (tonight_rows > 2)
		tonight_rows = 2;
	if (tonight_rows > left)
		tonight_rows = left;
	left -= tonight_rows;
	if (streaks && (flow = pillars_flow(u, st, 0, 0, c.w, false)) <= left)
		left -= flow;
	else
		flow = 0;
	left -= together = left > 0;
	left -= nxt = next && left > 0;
	left -= streak = streaks && left > 0;
	left -= head = flow && left > 0;
	if (head && c.w >= PILLARS_TABLE_W && left >= PILLAR_COUNT - flow) {
		table = true; /* its heading and a row a pillar, for the flowed rows */
		left -= PILLAR_COUNT - flow;
	}
	left -= gap = flow && left > 0;
	cal = c.w >= CAL_W && left >= 1 + CAL_ROWS + 1;

	if (together) {
		together_line(st, line, sizeof(line));
		ui_put(u, y++, c.x, line, (size_t)-1, c.w, A_BOLD);
	}
	tonight_line(u, st, line, sizeof(line), &role);
	ui_wrap(u, (struct ui_rect){ y, c.x, tonight_rows, c.w }, line, strlen(line), 0,
	        ui_attr(u, role), false);
	y += tonight_rows;
	if (nxt)
		y += next_draw(u, next, y, c.x, c.w);
	if (streak) {
		streak_line(u, st, c.w, line, sizeof(line));
		ui_put(u, y++, c.x, line, (size_t)-1, c.w, ui_attr(u, UI_MUTED));
	}
	y += gap;
	if (table) {
		pillars_table(u, st, y, c.x, c.w);
		y += 1 + PILLAR_COUNT;
	} else if (flow) {
		if (head)
			ui_put(u, y++, c.x, PILLARS_FLOW_HEAD, (size_t)-1, c.w, A_BOLD);
		y += pillars_flow(u, st, y, c.x, c.w, true);
	}
	if (cal)
		cal_draw(u, st, y + 1, c.x, c.w);
}

/* Draws the home screen from `st` (or an error when `have` is false);
 * `next` is the open "next together" plan, after unlocking. */
static void home_draw(struct ui *u, const struct app_stats *st, bool have, const char *next)
{
	static const char *const keys_locked[] = {
		"c", "check in", "h", "history", "j", "journal", "r", "rest night",
		"s", "settings", "g", "getting help", "?", "help", "q", "quit", NULL };
	static const char *const keys_open[] = {
		"c", "check in", "h", "history", "j", "journal", "r", "rest night",
		"s", "settings", "g", "getting help", "?", "help", "L", "lock", "q", "quit", NULL };
	static const char *const keys_next[] = {
		"c", "check in", "h", "history", "j", "journal", "x", "we did it",
		"r", "rest night", "s", "settings", "g", "getting help", "?", "help",
		"L", "lock", "q", "quit", NULL };
	char names[2 * APP_MAX_NAME + 8];
	struct ui_rect c;

	snprintf(names, sizeof(names), "%s & %s", app_name(u->app, 0), app_name(u->app, 1));
	if (!ui_frame(u, "Home", names, next ? keys_next : u->reader ? keys_open : keys_locked,
	              UI_MIN_W, UI_MIN_H, &c)) {
		ui_show(u);
		return;
	}
	if (!have)
		ui_put(u, c.y + 1, c.x + 1, "The streaks could not be read just now.", (size_t)-1,
		       c.w - 2, ui_attr(u, UI_WARNING));
	else if (c.w >= 60 && c.h >= 17)
		home_large(u, st, next, c);
	else
		home_small(u, st, next, c);
	ui_show(u);
}

/* [r]: makes tonight a rest night, or takes it back. */
static enum ui_result home_rest(struct ui *u)
{
	struct app_stats st;
	char text[400], err[256] = "";
	enum tend_status s;
	enum ui_result r;
	bool yes;

	if ((s = app_stats(u->app, time(NULL), &st)) != TEND_OK) {
		ui_say(u, "Could not read tonight: %s.", tend_strerror(s));
		return UI_DONE;
	}
	if (st.tonight_done) {
		ui_news(u, "Tonight's check-in is done: no rest night needed.");
		return UI_DONE;
	}
	if (st.tonight_rest) {
		r = ui_confirm(u, "Rest night",
		               "Tonight is a rest night. Take it back, so tonight counts "
		               "like any other night?", &yes);
		if (r != UI_DONE || !yes)
			return r;
		s = app_rest_undo(u->app, time(NULL));
		if (s == TEND_OK)
			ui_news(u, "Tonight is an ordinary night again.");
		else
			ui_say(u, "Could not change it: %s.", tend_strerror(s));
		return UI_DONE;
	}
	if (!st.rest_allowed) {
		/* Said before anyone confirms anything, with the date it opens.
		 * Allowed after all (another tend changed it): ask as usual. */
		s = app_rest_check(u->app, time(NULL), err, sizeof(err));
		if (s != TEND_OK)
			return ui_notice(u, "Rest night", err[0] ? err : tend_strerror(s));
	}
	snprintf(text, sizeof(text),
	         "Some nights there is no room for a check-in. A rest night pauses your "
	         "streaks for tonight: it does not add to them and it does not break "
	         "them. You can take one rest night in any %d nights.\n\n"
	         "Make tonight a rest night?", app_rest_window(u->app));
	r = ui_confirm(u, "Rest night", text, &yes);
	if (r != UI_DONE || !yes)
		return r;
	s = app_rest_tonight(u->app, time(NULL), err, sizeof(err));
	if (s == TEND_OK)
		ui_news(u, "Tonight is a rest night. Your streaks wait for you.");
	else
		ui_say(u, "%s", err[0] ? err : tend_strerror(s));
	return UI_DONE;
}

/* "Zoë has one, Łukasz none" of the recovery codes. */
static void codes_line(struct ui *u, char *buf, size_t size)
{
	const char *what[2];

	for (int i = 0; i < 2; i++) {
		enum tend_status st = app_recovery_state(u->app, i);

		what[i] = st == TEND_OK ? "has one" : st == TEND_ERR_NOT_FOUND ? "has none"
		                                                                : "has a damaged one";
	}
	snprintf(buf, size, "[k] Recovery codes: %s %s, %s %s", app_name(u->app, 0), what[0],
	         app_name(u->app, 1), what[1]);
}

/* [k] in the settings: a new recovery code for one of them. */
static enum ui_result settings_code(struct ui *u)
{
	int who = 0;
	enum ui_result r = ui_pick_partner(u, "A new recovery code",
	                                   "A new recovery code replaces the old one, which then "
	                                   "opens nothing. Whose is it?", &who);

	if (r != UI_DONE)
		return r == UI_QUIT ? UI_QUIT : UI_DONE;
	r = ui_new_code(u, who);
	return r == UI_QUIT ? UI_QUIT : UI_DONE;
}

/* [s]: the bell and the flash, and recovery codes. */
static enum ui_result home_settings(struct ui *u)
{
	static const char *const keys[] = { "b", "bell on/off", "f", "flash on/off",
	                                    "t", "streaks on/off", "k", "recovery code",
	                                    "Esc", "back", NULL };

	for (;;) {
		struct ui_rect c;
		struct ui_ev ev;
		enum tend_status st = TEND_OK;

		(void)app_settings_refresh(u->app); /* as the file has them now */
		if (ui_frame(u, "Settings", NULL, keys, UI_MIN_W, UI_MIN_H, &c)) {
			char line[120];

			ui_wrap(u, (struct ui_rect){ c.y + 1, c.x + 1, 2, c.w - 2 },
			        "When the turn passes to the other partner, tend can ring the "
			        "terminal bell and flash the screen.", (size_t)-1, 0, A_NORMAL, false);
			snprintf(line, sizeof(line), "[b] Bell:  %s", app_bell(u->app) ? "on" : "off");
			ui_put(u, c.y + 5, c.x + 3, line, (size_t)-1, c.w - 4, A_BOLD);
			snprintf(line, sizeof(line), "[f] Flash: %s", app_flash(u->app) ? "on" : "off");
			ui_put(u, c.y + 6, c.x + 3, line, (size_t)-1, c.w - 4, A_BOLD);
			snprintf(line, sizeof(line), "[t] Streak numbers: %s",
			         app_streaks(u->app) ? "shown" : "hidden");
			ui_put(u, c.y + 7, c.x + 3, line, (size_t)-1, c.w - 4, A_BOLD);
			codes_line(u, line, sizeof(line));
			ui_put(u, c.y + 8, c.x + 3, line, (size_t)-1, c.w - 4, A_BOLD);
			if (c.h > 11)
				ui_wrap(u, (struct ui_rect){ c.y + 10, c.x + 1, c.h - 10, c.w - 2 },
				        "From the command line: 'tend set day-boundary HH:MM' (when a "
				        "night starts), 'tend set rest-window N' (one rest night in "
				        "any N), 'tend passphrase --as NAME' (change a passphrase) and "
				        "'tend backup FILE' (a copy only your passphrases open).",
				        (size_t)-1, 0, ui_attr(u, UI_MUTED), false);
		}
		ui_show(u);
		ev = ui_next(u, -1, 0);
		if (ev.kind == UI_EV_QUIT)
			return UI_QUIT;
		if (ev.kind != UI_EV_KEY)
			continue;
		if (ev.key == 'k' && settings_code(u) == UI_QUIT)
			return UI_QUIT;
		if (ev.key == 'b')
			st = app_set_bell(u->app, !app_bell(u->app));
		else if (ev.key == 'f')
			st = app_set_flash(u->app, !app_flash(u->app));
		else if (ev.key == 't')
			st = app_set_streaks(u->app, !app_streaks(u->app));
		else if (ev.key == UI_ESC || ev.key == 'q' || ev.key == UI_K(KEY_LEFT))
			return UI_DONE;
		if (st != TEND_OK)
			ui_say(u, "Could not change it: %s.", tend_strerror(st));
	}
}

/* The newest open "next together", for the unlocked reader. */
struct next_pick {
	int64_t id;
	char *text;  /* guarded, NEXT_TEXT + 1 bytes */
};
#define NEXT_TEXT 200

static int next_one(const struct app_topic *t, void *ctx)
{
	struct next_pick *n = ctx;
	size_t len = t->len;
	const char *nl = memchr(t->text, '\n', len);

	if (nl)
		len = (size_t)(nl - t->text); /* its first line */
	if (len > NEXT_TEXT) {
		len = NEXT_TEXT;
		while (len > 0 && ((unsigned char)t->text[len] & 0xC0) == 0x80)
			len--;
	}
	memcpy(n->text, t->text, len);
	n->text[len] = '\0';
	n->id = t->id;
	return 0; /* the newest comes last */
}

/* The stall notice: shown once, pointing to "When to get help". */
static enum ui_result stall_notice(struct ui *u)
{
	static const char *const keys[] = { "g", "read it now", "any key", "close", NULL };
	struct ui_ev ev;

	app_stall_shown(u->app, time(NULL));
	for (;;) {
		ui_text_screen(u, "A gentle word", keys,
		               "A few of your recent check-ins ended early or with a time-out. "
		               "That happens, and stopping was often the right call.\n\n"
		               "If it keeps happening, it can help to talk with someone trained "
		               "for it. Press g to read \"When to get help\" (it is in the help "
		               "too, under ?).", A_NORMAL);
		ev = ui_next(u, -1, 0);
		if (ev.kind == UI_EV_QUIT)
			return UI_QUIT;
		if (ev.kind != UI_EV_KEY)
			continue;
		if (ev.key == 'g')
			return ui_help(u, "When to get help", ui_get_help);
		return UI_DONE;
	}
}

enum ui_result ui_home(struct ui *u)
{
	bool stall_seen = false;
	char *next_mem = app_secure_alloc(NEXT_TEXT + 1);
	enum ui_result out = UI_DONE;

	for (;;) {
		struct app_stats st;
		enum tend_status s = app_stats(u->app, time(NULL), &st);
		struct ui_ev ev;
		enum ui_result r = UI_DONE;
		struct next_pick next = { 0, next_mem };

		if (s != TEND_OK && !u->msg[0])
			ui_say(u, "Could not read the streaks: %s.", tend_strerror(s));
		if (s == TEND_OK && st.stall && !stall_seen) {
			stall_seen = true;
			if (stall_notice(u) == UI_QUIT) {
				out = UI_QUIT;
				break;
			}
			continue;
		}
		if (next_mem && u->reader &&
		    app_topics_each(u->reader, APP_ENTRY_TOGETHER, false, next_one, &next) != TEND_OK)
			next.id = 0;
		home_draw(u, &st, s == TEND_OK, next.id ? next.text : NULL);
		if (next_mem)
			memset(next_mem, 0, NEXT_TEXT + 1);
		ev = ui_next(u, -1, 0);
		if (ev.kind == UI_EV_QUIT) {
			out = UI_QUIT;
			break;
		}
		if (ev.kind != UI_EV_KEY)
			continue;
		switch (ev.key) {
		case 'c':
			r = ui_evening(u);
			break;
		case 'g':
			r = ui_help(u, "When to get help", ui_get_help);
			break;
		case 'x':
			if (next.id && app_topic_done(u->app, next.id, time(NULL)) == TEND_OK)
				ui_news(u, "Lovely. Marked as done.");
			break;
		case 'h':
			r = ui_history(u);
			break;
		case 'j':
			r = ui_journal(u);
			break;
		case 'r':
			r = home_rest(u);
			break;
		case 's':
			r = home_settings(u);
			break;
		case '?':
		case UI_K(KEY_F(1)):
			r = home_help_show(u);
			break;
		case 'q':
			r = UI_DONE;
			goto out;
		default:
			break;
		}
		if (r == UI_QUIT || u->fatal) {
			out = UI_QUIT;
			break;
		}
	}
out:
	app_secure_free(next_mem);
	return out;
}

enum ui_result ui_draft(struct ui *u)
{
	static const char *const keys[] = { "f", "finish it", "d", "discard it", "q", "quit",
	                                    NULL };
	struct app_draft_info info;
	enum tend_status st = app_draft_info(u->app, &info);

	if (st == TEND_ERR_NOT_FOUND)
		return UI_DONE;
	if (st != TEND_OK) {
		ui_say(u, "Could not look for an unfinished check-in: %s.", tend_strerror(st));
		return UI_DONE;
	}
	for (;;) {
		struct ui_ev ev;
		char date[40], text[600], kept[160] = "";
		int step = info.phase == APP_PHASE_TIMER ? info.step + 1 : info.nsteps;

		ui_night_long(info.night, date, sizeof(date));
		if (info.texts > 0)
			snprintf(kept, sizeof(kept),
			         "\n\nWhat was written in it (%zu %s) is kept, locked as before.",
			         info.texts, info.texts == 1 ? "text" : "texts");
		snprintf(text, sizeof(text),
		         "A check-in from %s was interrupted (step %d of %d%s).%s\n\n"
		         "[f] Finish it  [d] Discard it", date, step, info.nsteps,
		         info.phase == APP_PHASE_TIMER ? "" : ", after the timer", kept);
		ui_text_screen(u, "Welcome back", keys, text, A_BOLD);
		ev = ui_next(u, -1, 0);
		if (ev.kind == UI_EV_QUIT)
			return UI_QUIT;
		if (ev.kind != UI_EV_KEY)
			continue;
		if (ev.key == 'f')
			return ui_checkin(u, true, NULL, 0, NULL);
		if (ev.key == 'q')
			return UI_QUIT;
		if (ev.key == 'd') {
			bool yes;
			enum ui_result r = ui_confirm(u, "Discard",
			                              "Discard the interrupted check-in? What was "
			                              "typed in it will be deleted.", &yes);

			if (r != UI_DONE)
				return r;
			if (!yes)
				continue;
			st = app_draft_discard(u->app);
			if (st == TEND_OK) {
				ui_news(u, "Discarded.");
				return UI_DONE;
			}
			ui_say(u, "Could not discard it: %s.", tend_strerror(st));
		}
	}
}
