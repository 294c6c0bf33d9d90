/* editor.c: typing. Multi-line text fields on struct textbuf (the answers,
 * the note, a journal entry), one-line entries (names, passphrases never
 * shown), and the small yes/no and notice screens. The text itself always
 * lives in the caller's textbuf; this file keeps no copy of it. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "tend/utf8.h"
#include "ui_internal.h"

bool ui_is_enter(int k)
{
	return k == '\r' || k == '\n' || k == UI_K(KEY_ENTER);
}

/* True for Backspace, however the terminal sends it. */
static bool key_is_backspace(int k)
{
	return k == UI_K(KEY_BACKSPACE) || k == 127 || k == 8;
}

/* True for a key that types a character. */
static bool key_is_text(int k)
{
	return k >= 0x20 && k < 0x110000 && !(k >= 0x7F && k < 0xA0);
}

/* The editing keys both kinds of field share. Returns true when the key
 * was one of them; sets *changed when the text changed. */
static bool edit_key(struct ui *u, struct textbuf *tb, int k, bool *changed)
{
	size_t len = tb->len;

	if (key_is_text(k)) {
		enum tend_status st = textbuf_insert(tb, (uint32_t)k);

		if (st == TEND_ERR_TOO_LONG)
			ui_say(u, "That is as much as fits here.");
	} else if (key_is_backspace(k)) {
		textbuf_backspace(tb);
	} else if (k == UI_K(KEY_DC)) {
		textbuf_delete(tb);
	} else if (k == UI_K(KEY_LEFT)) {
		textbuf_left(tb);
	} else if (k == UI_K(KEY_RIGHT)) {
		textbuf_right(tb);
	} else if (k == UI_K(KEY_HOME) || k == UI_CTRL('a')) {
		textbuf_home(tb);
	} else if (k == UI_K(KEY_END) || k == UI_CTRL('e')) {
		textbuf_end(tb);
	} else if (k == UI_CTRL('w')) {
		textbuf_delete_word(tb);
	} else {
		return false;
	}
	/* Inserting and deleting change the length; moving does not. */
	*changed = tb->len != len;
	return true;
}

/* Where the cursor of `tb` falls in its text wrapped `cols` wide, kept
 * inside the box; *rows gets the rows the whole text needs. */
static void locate(const struct textbuf *tb, int cols, int *row, int *col, int *rows)
{
	size_t r;

	*rows = (int)utf8_wrap(tb->buf, tb->len, cols, NULL, 0);
	textbuf_locate(tb, cols, &r, col);
	*row = (int)r;
	if (*col >= cols)
		*col = cols - 1 < 0 ? 0 : cols - 1;
}

/* Draws the text of field `f` in the box `box`, scrolled so the cursor
 * shows; places the cursor when `focus`. */
static void field_draw(struct ui *u, struct ui_field *f, struct ui_rect box, bool focus)
{
	struct ui_rect in = { box.y + 1, box.x + 1, box.h - 2, box.w - 2 };
	int cols = in.w - 1, row, col, rows;

	if (in.h < 1 || cols < 1)
		return;
	ui_box(u, box, focus ? ui_attr(u, UI_ACCENT) : ui_attr(u, UI_MUTED));
	locate(f->tb, cols, &row, &col, &rows);
	if (row < f->top)
		f->top = row;
	if (row >= f->top + in.h)
		f->top = row - in.h + 1;
	if (f->top > rows - 1)
		f->top = rows - 1 < 0 ? 0 : rows - 1;
	in.w = cols;
	ui_wrap(u, in, f->tb->buf, f->tb->len, f->top, A_NORMAL, false);
	if (f->tb->len == 0 && !focus)
		ui_put(u, in.y, in.x, "(empty)", (size_t)-1, in.w, ui_attr(u, UI_MUTED));
	if (f->top > 0)
		ui_put(u, box.y, box.x + box.w - 9, " more ^ ", (size_t)-1, 8, ui_attr(u, UI_MUTED));
	if (rows > f->top + in.h)
		ui_put(u, box.y + box.h - 1, box.x + box.w - 9, " more v ", (size_t)-1, 8,
		       ui_attr(u, UI_MUTED));
	if (focus) {
		u->want_cursor = true;
		u->cur_y = in.y + row - f->top;
		u->cur_x = in.x + col;
	}
}

/* The line saying who may read field `f`. */
static void share_draw(struct ui *u, const struct ui_form *form, const struct ui_field *f,
                       int y, int x, int w, bool focus)
{
	static const char prefix[] = "Who reads it: ";
	char other[APP_MAX_NAME + 32];
	const char *key = form->tab_toggles ? "Tab" : "Ctrl-T";
	bool sh = *f->shared;
	int used = 0;

	snprintf(other, sizeof(other), "%s share with %s", sh ? "[x]" : "[ ]", form->other);
	/* The choice itself matters more than the words before it. */
	if ((int)strlen(prefix) + 13 + utf8_width(other, strlen(other)) <= w)
		used = ui_put(u, y, x, prefix, (size_t)-1, w, A_NORMAL);
	used += ui_put(u, y, x + used, sh ? "[ ] only me" : "[x] only me", (size_t)-1, w - used,
	               sh ? ui_attr(u, UI_MUTED) : A_BOLD);
	used += ui_put(u, y, x + used, "  ", 2, w - used, A_NORMAL);
	used += ui_put(u, y, x + used, other, (size_t)-1, w - used,
	               sh ? A_BOLD : ui_attr(u, UI_MUTED));
	if (focus) {
		char hint[32];

		snprintf(hint, sizeof(hint), "  (%s)", key);
		if ((int)strlen(hint) <= w - used)
			ui_put(u, y, x + used, hint, (size_t)-1, w - used, ui_attr(u, UI_MUTED));
	}
}

/* Rows the label of a field takes, at most 3. */
static int label_rows(const char *label, int w)
{
	int n;

	if (!label || !label[0])
		return 0;
	n = ui_wrap_rows(label, strlen(label), w);
	return n > 3 ? 3 : n;
}

/* Draws the whole form. */
static void form_draw(struct ui *u, struct ui_form *f)
{
	const char *keys[16];
	struct ui_rect c;
	int k = 0, y, intro_rows = 0, fixed = 0, each, first, last;
	bool one;

	if (f->nfields > 1) {
		keys[k++] = "Tab";
		keys[k++] = "next";
		keys[k++] = "Shift-Tab";
		keys[k++] = "back";
	}
	if (f->fields[f->focus].shared) {
		keys[k++] = f->tab_toggles ? "Tab" : "Ctrl-T";
		keys[k++] = "only me / share";
	}
	keys[k++] = "Ctrl-D";
	keys[k++] = f->done_key ? f->done_key : "done";
	if (f->esc_leaves) {
		keys[k++] = "Esc";
		keys[k++] = "leave";
	}
	if (COLS >= 60) { /* on a narrow screen the text gets the room */
		keys[k++] = "Enter";
		keys[k++] = "new line";
	}
	keys[k] = NULL;
	if (!ui_frame(u, f->title, NULL, keys, UI_MIN_W, UI_MIN_H, &c)) {
		ui_show(u);
		return;
	}
	y = c.y;
	if (f->intro) {
		intro_rows = ui_wrap_rows(f->intro, strlen(f->intro), c.w);
		if (intro_rows > 3)
			intro_rows = 3;
		if (c.h >= 16)
			ui_wrap(u, (struct ui_rect){ y, c.x, intro_rows, c.w }, f->intro,
			        strlen(f->intro), 0, A_NORMAL, false);
		else
			intro_rows = 0;
		if (intro_rows)
			y += intro_rows + 1;
	}
	/* Every field with at least 3 rows of text, or only the focused one. */
	for (int i = 0; i < f->nfields; i++)
		fixed += label_rows(f->fields[i].label, c.w) + (f->fields[i].shared ? 1 : 0) + 2;
	fixed += f->nfields - 1;
	each = f->nfields ? (c.y + c.h - y - fixed) / f->nfields : 0;
	one = each < 3;
	first = one ? f->focus : 0;
	last = one ? f->focus : f->nfields - 1;
	if (one) {
		const struct ui_field *ff = &f->fields[f->focus];

		fixed = label_rows(ff->label, c.w) + (ff->shared ? 1 : 0) + 2;
		each = c.y + c.h - y - fixed;
		if (f->nfields > 1) {
			char pos[48];

			snprintf(pos, sizeof(pos), "(%d of %d)", f->focus + 1, f->nfields);
			ui_put(u, 0, COLS - 1 - (int)strlen(pos), pos, (size_t)-1, (int)strlen(pos),
			       ui_attr(u, UI_MUTED));
		}
	}
	if (each < 1)
		each = 1;
	for (int i = first; i <= last; i++) {
		struct ui_field *fl = &f->fields[i];
		bool focus = i == f->focus;
		int lr = label_rows(fl->label, c.w);
		int room = c.y + c.h - y - (fl->shared ? 1 : 0) - 3;

		/* On a small screen the question gives way to the text. */
		if (lr > room)
			lr = room < 1 ? 1 : room;
		if (one && each > c.y + c.h - y - lr - (fl->shared ? 1 : 0) - 2)
			each = c.y + c.h - y - lr - (fl->shared ? 1 : 0) - 2;
		if (each < 1)
			each = 1;

		if (lr) {
			ui_wrap(u, (struct ui_rect){ y, c.x, lr, c.w }, fl->label, strlen(fl->label), 0,
			        focus ? A_BOLD : A_NORMAL, false);
			y += lr;
		}
		if (fl->shared) {
			share_draw(u, f, fl, y, c.x, c.w, focus);
			y++;
		}
		field_draw(u, fl, (struct ui_rect){ y, c.x, each + 2, c.w }, focus);
		y += each + 2 + 1;
	}
	ui_show(u);
}

/* Text columns of the focused field, as form_draw lays it out. */
static int form_cols(void)
{
	return COLS - 2 - 2 - 1;
}

/* Text rows of the focused field, near enough for PgUp/PgDn. */
static int form_page(void)
{
	int rows = LINES / 3;

	return rows < 1 ? 1 : rows;
}

/* Asks before Esc throws text away; true to leave. */
static enum ui_result form_leave(struct ui *u, struct ui_form *f, bool *leave)
{
	bool any = false;

	*leave = false;
	for (int i = 0; i < f->nfields; i++)
		any = any || f->fields[i].tb->len > 0;
	if (!any) {
		*leave = true;
		return UI_DONE;
	}
	return ui_confirm(u, f->title, "Leave without saving? What you wrote here will be lost.",
	                  leave);
}

enum ui_result ui_form_run(struct ui *u, struct ui_form *f)
{
	bool dirty = true;

	for (;;) {
		struct ui_field *fl = &f->fields[f->focus];
		struct ui_ev ev;
		bool changed = false;
		int k;

		if (dirty)
			form_draw(u, f);
		dirty = true;
		ev = ui_next(u, -1, UI_TEXT);
		if (ev.kind == UI_EV_QUIT)
			return UI_QUIT;
		if (ev.kind != UI_EV_KEY)
			continue;
		k = ev.key;
		if (k == UI_CTRL('d') || k == UI_K(KEY_F(10))) {
			return UI_DONE;
		} else if (k == '\t' && f->tab_toggles && fl->shared) {
			*fl->shared = !*fl->shared;
			changed = true;
		} else if (k == '\t' || k == UI_K(KEY_BTAB)) {
			if (f->nfields > 1)
				f->focus = (f->focus + (k == '\t' ? 1 : f->nfields - 1)) % f->nfields;
		} else if (k == UI_CTRL('t')) {
			if (fl->shared) {
				*fl->shared = !*fl->shared;
				changed = true;
			}
		} else if (ui_is_enter(k)) {
			if (textbuf_insert(fl->tb, '\n') == TEND_ERR_TOO_LONG)
				ui_say(u, "That is as much as fits here.");
			else
				changed = true;
		} else if (k == UI_K(KEY_UP) || k == UI_K(KEY_DOWN)) {
			textbuf_vertical(fl->tb, form_cols(), k == UI_K(KEY_UP) ? -1 : 1);
		} else if (k == UI_K(KEY_PPAGE) || k == UI_K(KEY_NPAGE)) {
			for (int i = form_page(); i > 0; i--)
				textbuf_vertical(fl->tb, form_cols(), k == UI_K(KEY_PPAGE) ? -1 : 1);
		} else if (k == UI_ESC) {
			if (f->esc_leaves) {
				bool leave;
				enum ui_result r = form_leave(u, f, &leave);

				if (r == UI_QUIT)
					return UI_QUIT;
				if (leave)
					return UI_CANCEL;
			} else {
				ui_say(u, "Your words are kept. Press Ctrl-D when you are done.");
			}
		} else if (!edit_key(u, fl->tb, k, &changed)) {
			continue; /* a key with no meaning here */
		}
		if (changed && f->checkin)
			u->text_dirty = true;
	}
}

/* Draws a one-line entry screen. */
static void prompt_draw(struct ui *u, const struct ui_prompt *p, const struct textbuf *tb)
{
	const char *keys[8];
	struct ui_rect c;
	int k = 0, y, lw, avail, min_h = UI_MIN_H;

	keys[k++] = "Enter";
	keys[k++] = p->enter ? p->enter : "next";
	if (p->other_key) {
		keys[k++] = p->other_name;
		keys[k++] = p->other;
	}
	if (p->esc) {
		keys[k++] = "Esc";
		keys[k++] = p->esc;
	}
	keys[k] = NULL;
	/* The whole text must show (it may be a warning): title, text, a blank
	 * row, the field, the notice and a row of keys. */
	if (p->body)
		min_h = 2 + ui_wrap_rows(p->body, strlen(p->body), COLS - 4) + 2 + 2;
	if (!ui_frame(u, p->title, NULL, keys, UI_MIN_W, min_h, &c)) {
		ui_show(u);
		return;
	}
	y = c.y;
	if (p->body) {
		int need = ui_wrap_rows(p->body, strlen(p->body), c.w - 2);
		int room = c.h - 3;

		ui_wrap(u, (struct ui_rect){ y, c.x + 1, room < need ? room : need, c.w - 2 }, p->body,
		        strlen(p->body), 0, A_NORMAL, false);
		y += (room < need ? room : need) + 1;
	}
	if (y > c.y + c.h - 1)
		y = c.y + c.h - 1;
	lw = ui_put(u, y, c.x + 1, p->label, (size_t)-1, c.w - 2, A_BOLD) + 1;
	avail = c.w - 2 - lw;
	if (avail < 2) {
		ui_show(u);
		return;
	}
	if (p->hidden) {
		/* Nothing about what was typed, not even how much. */
		ui_put(u, y, c.x + 1 + lw, "(hidden as you type)", (size_t)-1, avail,
		       ui_attr(u, UI_MUTED));
		u->want_cursor = true;
		u->cur_y = y;
		u->cur_x = c.x + 1 + lw;
	} else {
		size_t start = 0;

		/* Scroll sideways so the cursor shows. */
		while (start < tb->cursor &&
		       utf8_width(tb->buf + start, tb->cursor - start) > avail - 1)
			start = utf8_next(tb->buf, tb->len, start);
		ui_put(u, y, c.x + 1 + lw, tb->buf + start, tb->len - start, avail, A_UNDERLINE);
		u->want_cursor = true;
		u->cur_y = y;
		u->cur_x = c.x + 1 + lw + utf8_width(tb->buf + start, tb->cursor - start);
	}
	ui_show(u);
}

enum ui_result ui_prompt_line(struct ui *u, const struct ui_prompt *p, struct textbuf *tb)
{
	for (;;) {
		struct ui_ev ev;
		bool changed;

		prompt_draw(u, p, tb);
		ev = ui_next(u, -1, UI_TEXT);
		if (ev.kind == UI_EV_QUIT)
			return UI_QUIT;
		if (ev.kind != UI_EV_KEY)
			continue;
		if (ui_is_enter(ev.key))
			return UI_DONE;
		if (p->other_key && ev.key == p->other_key)
			return UI_OTHER;
		if (ev.key == UI_ESC) {
			if (p->esc)
				return UI_CANCEL;
			continue;
		}
		if (ev.key == UI_CTRL('u')) {
			textbuf_wipe(tb);
			continue;
		}
		edit_key(u, tb, ev.key, &changed);
	}
}

void ui_text_screen(struct ui *u, const char *title, const char *const *keys,
                    const char *text, attr_t attr)
{
	struct ui_rect c;

	if (ui_frame(u, title, NULL, keys, UI_MIN_W, UI_MIN_H, &c)) {
		c.y++;
		c.x++;
		c.w -= 2;
		c.h--;
		ui_wrap(u, c, text, strlen(text), 0, attr, false);
	}
	ui_show(u);
}

/* What text_until takes besides its letters. */
enum { TAKE_ENTER = 1, TAKE_ESC = 2 };

/* Shows `text` under `title` until a key it takes: Enter ('\n') or Esc
 * (UI_ESC) as `take` says, or one of `letters` in either case (returned in
 * lower case); -1 when tend is to quit. */
static int text_until(struct ui *u, const char *title, const char *const *keys,
                      const char *text, attr_t attr, const char *letters, unsigned take)
{
	for (;;) {
		struct ui_ev ev;

		ui_text_screen(u, title, keys, text, attr);
		ev = ui_next(u, -1, 0);
		if (ev.kind == UI_EV_QUIT)
			return -1;
		if (ev.kind != UI_EV_KEY)
			continue;
		if ((take & TAKE_ENTER) && ui_is_enter(ev.key))
			return '\n';
		if ((take & TAKE_ESC) && ev.key == UI_ESC)
			return UI_ESC;
		if (ev.key > 0 && ev.key < 128 && strchr(letters, tolower(ev.key)))
			return tolower(ev.key);
	}
}

enum ui_result ui_confirm(struct ui *u, const char *title, const char *text, bool *yes)
{
	static const char *const keys[] = { "y", "yes", "n", "no", NULL };
	int k = text_until(u, title, keys, text, A_BOLD, "yn", TAKE_ESC);

	*yes = k == 'y';
	return k < 0 ? UI_QUIT : UI_DONE;
}

enum ui_result ui_enter_or(struct ui *u, const char *title, const char *const *keys,
                           const char *text, int other)
{
	char letter[2] = { (char)other, '\0' };
	int k = text_until(u, title, keys, text, A_BOLD, letter, TAKE_ENTER);

	return k < 0 ? UI_QUIT : k == '\n' ? UI_DONE : UI_OTHER;
}

enum ui_result ui_notice(struct ui *u, const char *title, const char *text)
{
	static const char *const keys[] = { "Enter", "carry on", NULL };

	int k = text_until(u, title, keys, text, A_NORMAL, " q", TAKE_ENTER | TAKE_ESC);

	return k < 0 ? UI_QUIT : UI_DONE;
}
