/* draw.c: drawing helpers on stdscr: UTF-8 text clipped by display width,
 * wrapped paragraphs, boxes with an ASCII fallback, the block-digit font,
 * and the frame every screen shares (title line, notice, key hints). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tend/escape.h"
#include "tend/utf8.h"
#include "ui_internal.h"

int ui_put(const struct ui *u, int y, int x, const char *s, size_t len, int cols, attr_t attr)
{
	int maxw = COLS - x, used = 0;
	size_t i = 0;

	if (!s || y < 0 || y >= LINES || x < 0 || x >= COLS)
		return 0;
	if (len == (size_t)-1)
		len = strlen(s);
	if (cols > maxw)
		cols = maxw;
	attrset(attr);
	move(y, x);
	while (i < len && used < cols) {
		size_t start = i;
		int runw = 0;

		/* A run of printable characters that fits, drawn at once. */
		while (i < len) {
			uint32_t cp;
			size_t n = utf8_decode(s + i, len - i, &cp);
			int w;

			/* C0/C1 controls, DEL and bidirectional overrides
			 * (escape.h, the rule the commands follow too) are
			 * drawn as a space. */
			if (escape_is_unsafe(cp) || (cp == 0xFFFD && n == 1) ||
			    (!u->utf8 && cp >= 0x80))
				break;
			w = utf8_cp_width(cp);
			if (w < 0)
				w = 0;
			if (used + runw + w > cols)
				break;
			runw += w;
			i += n;
		}
		if (i > start)
			addnstr(s + start, (int)(i - start));
		used += runw;
		if (i >= len || used >= cols)
			break;
		/* What stopped the run: a control, a broken byte, or a
		 * character this locale cannot show, unless it is too wide. */
		{
			uint32_t cp;
			size_t n = utf8_decode(s + i, len - i, &cp);
			int w = utf8_cp_width(cp);

			if (escape_is_unsafe(cp)) {
				addch(' ');
				used++;
			} else if ((cp == 0xFFFD && n == 1) || !u->utf8) {
				addch('?');
				used++;
				/* a wide character shown as '?' keeps its width */
				if (w == 2 && used < cols) {
					addch(' ');
					used++;
				}
			} else {
				break; /* the next character is too wide for the room */
			}
			i += n;
		}
	}
	attrset(A_NORMAL);
	return used;
}

void ui_put_center(const struct ui *u, int y, int x, int w, const char *s, attr_t attr)
{
	int sw = utf8_width(s, strlen(s));

	if (sw > w)
		sw = w;
	ui_put(u, y, x + (w - sw) / 2, s, (size_t)-1, w, attr);
}

int ui_wrap_rows(const char *s, size_t len, int cols)
{
	size_t n = utf8_wrap(s, len, cols < 1 ? 1 : cols, NULL, 0);

	return n > 100000 ? 100000 : (int)n;
}

int ui_wrap(const struct ui *u, struct ui_rect r, const char *s, size_t len, int skip,
            attr_t attr, bool center)
{
	struct utf8_line *lines;
	size_t n;

	if (len == (size_t)-1)
		len = strlen(s);
	if (r.w < 1)
		return 0;
	n = utf8_wrap(s, len, r.w, NULL, 0);
	lines = calloc(n ? n : 1, sizeof(*lines));
	if (!lines)
		return 0;
	utf8_wrap(s, len, r.w, lines, n);
	for (int row = 0; row < r.h && skip + row < (int)n; row++) {
		const struct utf8_line *ln = &lines[skip + row];
		int x = r.x;

		if (center) {
			int lw = utf8_width(s + ln->start, ln->len);

			x += lw < r.w ? (r.w - lw) / 2 : 0;
		}
		ui_put(u, r.y + row, x, s + ln->start, ln->len, r.w, attr);
	}
	free(lines);
	return n > 100000 ? 100000 : (int)n;
}

void ui_hline(const struct ui *u, int y, int x, int w, attr_t attr)
{
	if (y < 0 || y >= LINES || w < 1)
		return;
	attrset(attr);
	if (u->utf8)
		mvhline(y, x, ACS_HLINE, w);
	else
		mvhline(y, x, '-', w);
	attrset(A_NORMAL);
}

void ui_box(const struct ui *u, struct ui_rect r, attr_t attr)
{
	chtype h = u->utf8 ? ACS_HLINE : '-', v = u->utf8 ? ACS_VLINE : '|';
	chtype tl = u->utf8 ? ACS_ULCORNER : '+', tr = u->utf8 ? ACS_URCORNER : '+';
	chtype bl = u->utf8 ? ACS_LLCORNER : '+', br = u->utf8 ? ACS_LRCORNER : '+';

	if (r.h < 2 || r.w < 2 || r.y < 0 || r.x < 0 || r.y + r.h > LINES || r.x + r.w > COLS)
		return;
	attrset(attr);
	mvhline(r.y, r.x + 1, h, r.w - 2);
	mvhline(r.y + r.h - 1, r.x + 1, h, r.w - 2);
	mvvline(r.y + 1, r.x, v, r.h - 2);
	mvvline(r.y + 1, r.x + r.w - 1, v, r.h - 2);
	mvaddch(r.y, r.x, tl);
	mvaddch(r.y, r.x + r.w - 1, tr);
	mvaddch(r.y + r.h - 1, r.x, bl);
	mvaddch(r.y + r.h - 1, r.x + r.w - 1, br);
	attrset(A_NORMAL);
}

/* The block font: 3 pixels wide (1 for ':'), 5 high. At scale k each pixel
 * is drawn 2k columns wide and k rows high, so the digits keep their shape
 * in terminal cells at any size. */
static const char *const big_font[11][UI_BIG_ROWS] = {
	{ "###", "# #", "# #", "# #", "###" }, /* 0 */
	{ " # ", "## ", " # ", " # ", "###" }, /* 1 */
	{ "###", "  #", "###", "#  ", "###" }, /* 2 */
	{ "###", "  #", "###", "  #", "###" }, /* 3 */
	{ "# #", "# #", "###", "  #", "  #" }, /* 4 */
	{ "###", "#  ", "###", "  #", "###" }, /* 5 */
	{ "###", "#  ", "###", "# #", "###" }, /* 6 */
	{ "###", "  #", "  #", "  #", "  #" }, /* 7 */
	{ "###", "# #", "###", "# #", "###" }, /* 8 */
	{ "###", "# #", "###", "  #", "###" }, /* 9 */
	{ " ", "#", " ", "#", " " },            /* : */
};
#define BIG_GAP 2 /* columns between glyphs, at scale 1 */

/* The glyph of `c`, or NULL for a character the font lacks. */
static const char *const *big_glyph(char c)
{
	if (c >= '0' && c <= '9')
		return big_font[c - '0'];
	if (c == ':')
		return big_font[10];
	return NULL;
}

int ui_big_width(const char *s, int scale)
{
	int w = 0;

	if (scale < 1)
		scale = 1;
	for (; *s; s++) {
		const char *const *g = big_glyph(*s);

		if (!g)
			continue;
		if (w)
			w += BIG_GAP * scale;
		w += 2 * scale * (int)strlen(g[0]);
	}
	return w;
}

void ui_big(const struct ui *u, int y, int x, const char *s, int scale, attr_t attr)
{
	const char *px = u->utf8 ? "\xe2\x96\x88" : "#"; /* U+2588 FULL BLOCK */

	if (scale < 1)
		scale = 1;
	attrset(attr);
	for (; *s; s++) {
		const char *const *g = big_glyph(*s);
		int gw;

		if (!g)
			continue;
		gw = (int)strlen(g[0]);
		for (int row = 0; row < UI_BIG_ROWS * scale; row++) {
			int cy = y + row;

			if (cy < 0 || cy >= LINES)
				continue;
			for (int col = 0; col < 2 * gw * scale; col++) {
				int cx = x + col;

				if (g[row / scale][col / (2 * scale)] != '#' || cx < 0 || cx >= COLS)
					continue;
				mvaddstr(cy, cx, px);
			}
		}
		x += 2 * gw * scale + BIG_GAP * scale;
	}
	attrset(A_NORMAL);
}

const char *ui_dot(const struct ui *u)
{
	return u->utf8 ? "\xc2\xb7" : "-";
}

/* Lays the key hints out in lines of at most `w` columns starting at row
 * `y0`, drawing them when `draw`. Returns the rows they need. */
static int frame_keys(const struct ui *u, const char *const *keys, int w, int y0, bool draw)
{
	int rows = 1, x = 1;

	if (!keys || !keys[0])
		return 0;
	for (size_t i = 0; keys[i] && keys[i + 1]; i += 2) {
		int kw = utf8_width(keys[i], strlen(keys[i])) + 2;
		int lw = utf8_width(keys[i + 1], strlen(keys[i + 1]));
		int need = kw + 1 + lw;
		int y;

		if (x > 1 && x + need > w - 1) {
			rows++;
			x = 1;
		}
		y = y0 + rows - 1;
		if (draw) {
			attr_t ka = ui_attr(u, UI_ACCENT);

			ui_put(u, y, x, "[", 1, 1, ka);
			ui_put(u, y, x + 1, keys[i], (size_t)-1, w - x - 1, ka);
			ui_put(u, y, x + kw - 1, "]", 1, 1, ka);
			ui_put(u, y, x + kw + 1, keys[i + 1], (size_t)-1, w - x - kw - 1, A_NORMAL);
		}
		x += need + 2;
	}
	return rows;
}

bool ui_frame(struct ui *u, const char *title, const char *right, const char *const *keys,
              int min_w, int min_h, struct ui_rect *content)
{
	int h = LINES, w = COLS, kr, tw, mr;
	char head[160];

	erase();
	u->want_cursor = false;
	if (min_w < UI_MIN_W)
		min_w = UI_MIN_W;
	if (min_h < UI_MIN_H)
		min_h = UI_MIN_H;
	if (w < min_w || h < min_h) {
		char big[120];
		struct ui_rect r = { 0, 1, h, w - 2 };

		snprintf(big, sizeof(big), "Please make the window larger (needs %dx%d, now %dx%d)",
		         min_w, min_h, w, h);
		if (r.w < 1) {
			r.x = 0;
			r.w = w;
		}
		r.y = (h - ui_wrap_rows(big, strlen(big), r.w)) / 2;
		if (r.y < 0)
			r.y = 0;
		r.h = h - r.y;
		ui_wrap(u, r, big, strlen(big), 0, ui_attr(u, UI_WARNING), true);
		*content = (struct ui_rect){ 0, 0, 0, 0 };
		return false;
	}
	snprintf(head, sizeof(head), "tend %s %s", ui_dot(u), title ? title : "");
	tw = ui_put(u, 0, 1, head, (size_t)-1, w - 2, ui_attr(u, UI_ACCENT));
	if (right && right[0]) {
		int rw = utf8_width(right, strlen(right));

		if (rw > w - tw - 4)
			rw = w - tw - 4;
		if (rw > 0)
			ui_put(u, 0, w - 1 - rw, right, (size_t)-1, rw, ui_attr(u, UI_MUTED));
	}
	ui_hline(u, 1, 0, w, ui_attr(u, UI_MUTED));
	kr = frame_keys(u, keys, w, 0, false);
	frame_keys(u, keys, w, h - kr, true);
	/* The notice wraps over up to three rows, so no reason is cut short. */
	mr = u->msg[0] ? ui_wrap_rows(u->msg, strlen(u->msg), w - 2) : 1;
	if (mr > 3)
		mr = 3;
	if (u->msg[0])
		ui_wrap(u, (struct ui_rect){ h - kr - mr, 1, mr, w - 2 }, u->msg, strlen(u->msg), 0,
		        ui_attr(u, UI_WARNING), false);
	*content = (struct ui_rect){ 2, 1, h - kr - mr - 2, w - 2 };
	if (content->h < 1)
		content->h = 1;
	return true;
}

void ui_show(struct ui *u)
{
	int want = u->want_cursor ? 1 : 0;

	if (want) {
		if (u->cur_y >= 0 && u->cur_y < LINES && u->cur_x >= 0 && u->cur_x < COLS)
			move(u->cur_y, u->cur_x);
		else
			want = 0;
	}
	/* A cursor the terminal cannot hide waits out of the way, in the
	 * corner no screen draws in, not wherever the frame's last text ended. */
	if (!want && !u->cursor_hides)
		move(LINES - 1, 0);
	ui_cork(STDOUT_FILENO); /* the bell, the cursor and the frame: one write */
	if (u->bell_due) {
		beep();
		u->bell_due = false;
	}
	if (want != u->cursor_shown) {
		curs_set(want);
		u->cursor_shown = want;
	}
	wnoutrefresh(stdscr);
	doupdate();
	ui_uncork();
}

void ui_say_busy(void *ctx, const char *text)
{
	struct ui *u = ctx;
	char msg[sizeof(u->msg)];
	struct ui_rect c;

	/* A notice of the screen before (a mistyped passphrase) does not
	 * belong here; it is kept for the screen after. */
	memcpy(msg, u->msg, sizeof(msg));
	u->msg[0] = '\0';
	if (ui_frame(u, "One moment", NULL, NULL, UI_MIN_W, UI_MIN_H, &c)) {
		int rows = ui_wrap_rows(text, strlen(text), c.w - 2);

		ui_wrap(u, (struct ui_rect){ c.y + (c.h - rows) / 2, c.x + 1, rows, c.w - 2 }, text,
		        strlen(text), 0, A_BOLD, true);
	}
	/* Sent whole, not as the letters that differ from the frame before
	 * ("Ben" after "Making Ana's key..."): the terminal, and a log of
	 * it, gets the sentence as it reads. */
	clearok(curscr, TRUE);
	ui_show(u);
	memcpy(u->msg, msg, sizeof(msg));
}

void ui_invert(void)
{
	cchar_t cell;
	wchar_t wch[CCHARW_MAX + 1];
	attr_t attr;
	short pair;

	for (int y = 0; y < LINES; y++)
		for (int x = 0; x < COLS; x++) {
			if (mvin_wch(y, x, &cell) == ERR ||
			    getcchar(&cell, wch, &attr, &pair, NULL) == ERR)
				continue;
			/* the attributes only: a wide character stays whole */
			mvchgat(y, x, 1, attr ^ A_REVERSE, pair, NULL);
		}
}

void ui_popup(struct ui *u, const char *title, const char *text, const char *keys)
{
	int w = COLS - 4 < 60 ? COLS - 4 : 60, rows, h, y, x;
	struct ui_rect box, in;

	if (w < 10)
		return;
	rows = ui_wrap_rows(text, strlen(text), w - 4);
	h = rows + (keys ? 5 : 3); /* borders, a blank row, the text, keys */
	if (h > LINES - 2)
		h = LINES - 2;
	if (h < 3)
		return;
	y = (LINES - h) / 2;
	x = (COLS - w) / 2;
	for (int r = 0; r < h; r++)
		mvhline(y + r, x, ' ', w);
	box = (struct ui_rect){ y, x, h, w };
	ui_box(u, box, ui_attr(u, UI_ACCENT));
	if (title)
		ui_put(u, y, x + 2, title, (size_t)-1, w - 4, ui_attr(u, UI_ACCENT));
	in = (struct ui_rect){ y + 2, x + 2, h - (keys ? 5 : 3), w - 4 };
	if (in.h < 1)
		in.h = 1;
	ui_wrap(u, in, text, strlen(text), 0, A_NORMAL, false);
	if (keys)
		ui_put(u, y + h - 2, x + 2, keys, (size_t)-1, w - 4, ui_attr(u, UI_ACCENT));
	u->want_cursor = false;
}

static const char *const month_abbr[12] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};
static const char *const weekday_name[7] = {
	"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
};

void ui_night_short(tend_night n, char *buf, size_t size)
{
	int y, m, d;

	night_to_date(n, &y, &m, &d);
	snprintf(buf, size, "%s %2d", month_abbr[(m - 1) % 12], d);
}

void ui_night_long(tend_night n, char *buf, size_t size)
{
	char date[16];
	int wd = night_weekday(n);

	night_format(n, date, sizeof(date));
	snprintf(buf, size, "%s %s", weekday_name[wd >= 0 && wd < 7 ? wd : 0], date);
}

void ui_clock(int seconds, char *buf, size_t size)
{
	if (seconds < 0)
		seconds = 0;
	snprintf(buf, size, "%d:%02d", seconds / 60, seconds % 60);
}

const char *ui_pillar_tag(int p)
{
	static const char *const tags[PILLAR_COUNT] = {
		"Vuln", "Listen", "Empathy", "Affirm", "Shared",
	};

	return p >= 0 && p < PILLAR_COUNT ? tags[p] : "?";
}
