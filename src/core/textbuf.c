/* textbuf.c: a fixed-capacity UTF-8 editor model. All text lives in the
 * caller's buffer; bytes freed by a deletion are zeroed at once, so no stray
 * copy of a secret is left past the end of the text. */
#include <stdlib.h>
#include <string.h>

#include "tend/textbuf.h"
#include "tend/utf8.h"

/* Points the textbuf at `mem` and makes the text empty. */
void textbuf_init(struct textbuf *tb, char *mem, size_t cap)
{
	tb->buf = mem;
	tb->cap = cap;
	tb->len = 0;
	tb->cursor = 0;
	if (cap > 0)
		mem[0] = '\0';
}

/* Removes bytes [from, to) of the text, zeroing the room they leave, and
 * puts the cursor at `from`. */
static void textbuf_cut(struct textbuf *tb, size_t from, size_t to)
{
	size_t n = to - from;

	if (to <= from || to > tb->len)
		return;
	memmove(tb->buf + from, tb->buf + to, tb->len - to);
	memset(tb->buf + tb->len - n, 0, n);
	tb->len -= n;
	tb->buf[tb->len] = '\0';
	tb->cursor = from;
}

/* Copies `s` in (it may overlap the buffer) and zeroes whatever of the
 * old text lay past the new end. */
enum tend_status textbuf_set(struct textbuf *tb, const char *s, size_t len)
{
	if (tb->cap == 0 || len > tb->cap - 1) {
		textbuf_wipe(tb);
		return TEND_ERR_TOO_LONG;
	}
	if (len > 0)
		memmove(tb->buf, s, len);
	if (tb->len > len)
		memset(tb->buf + len, 0, tb->len - len);
	tb->len = len;
	tb->buf[len] = '\0';
	tb->cursor = len;
	return TEND_OK;
}

/* Encodes `cp` and opens room for it at the cursor. */
enum tend_status textbuf_insert(struct textbuf *tb, uint32_t cp)
{
	char enc[4];
	size_t n;

	if ((cp < 0x20 && cp != '\n') || (cp >= 0x7F && cp < 0xA0))
		return TEND_ERR_INVALID;
	n = utf8_encode(cp, enc);
	if (n == 0)
		return TEND_ERR_INVALID;
	if (tb->cap == 0 || n > tb->cap - 1 - tb->len)
		return TEND_ERR_TOO_LONG;
	memmove(tb->buf + tb->cursor + n, tb->buf + tb->cursor, tb->len - tb->cursor);
	memcpy(tb->buf + tb->cursor, enc, n);
	tb->len += n;
	tb->cursor += n;
	tb->buf[tb->len] = '\0';
	return TEND_OK;
}

/* Removes the code point before the cursor. */
void textbuf_backspace(struct textbuf *tb)
{
	if (tb->cursor > 0)
		textbuf_cut(tb, utf8_prev(tb->buf, tb->cursor), tb->cursor);
}

/* Removes the code point at the cursor; the cursor stays. */
void textbuf_delete(struct textbuf *tb)
{
	size_t at = tb->cursor;

	if (at < tb->len) {
		textbuf_cut(tb, at, utf8_next(tb->buf, tb->len, at));
		tb->cursor = at;
	}
}

/* One code point left / right, stopping at either end. */
void textbuf_left(struct textbuf *tb)
{
	tb->cursor = utf8_prev(tb->buf, tb->cursor);
}

void textbuf_right(struct textbuf *tb)
{
	tb->cursor = utf8_next(tb->buf, tb->len, tb->cursor);
}

/* Home and End work on the logical line, between newlines. */
void textbuf_home(struct textbuf *tb)
{
	while (tb->cursor > 0 && tb->buf[tb->cursor - 1] != '\n')
		tb->cursor--;
}

void textbuf_end(struct textbuf *tb)
{
	while (tb->cursor < tb->len && tb->buf[tb->cursor] != '\n')
		tb->cursor++;
}

/* The wrapped layout of the text, `cols` wide. Returns a malloc'ed array of
 * *n lines (the caller frees it), or NULL when out of memory. */
static struct utf8_line *textbuf_layout(const struct textbuf *tb, int cols, size_t *n)
{
	struct utf8_line *lines;

	*n = utf8_wrap(tb->buf, tb->len, cols, NULL, 0);
	lines = calloc(*n, sizeof(*lines));
	if (lines)
		utf8_wrap(tb->buf, tb->len, cols, lines, *n);
	return lines;
}

/* The row of byte offset `pos`: the last line starting at or before it.
 * A position where one line ends and the next begins is on the next. */
static size_t textbuf_row_of(const struct utf8_line *lines, size_t n, size_t pos)
{
	size_t row = 0;

	while (row + 1 < n && lines[row + 1].start <= pos)
		row++;
	return row;
}

/* The column of `pos` on line `ln`; positions past the line (the spaces a
 * line was broken at) count as its end. */
static int textbuf_col_of(const char *buf, const struct utf8_line *ln, size_t pos)
{
	size_t end = ln->start + ln->len;

	return utf8_width(buf + ln->start, (pos < end ? pos : end) - ln->start);
}

/* Row and column of the cursor; 0, 0 when out of memory. */
void textbuf_locate(const struct textbuf *tb, int cols, size_t *row, int *col)
{
	struct utf8_line *lines;
	size_t n, r;

	*row = 0;
	*col = 0;
	lines = textbuf_layout(tb, cols, &n);
	if (!lines)
		return;
	r = textbuf_row_of(lines, n, tb->cursor);
	*row = r;
	*col = textbuf_col_of(tb->buf, &lines[r], tb->cursor);
	free(lines);
}

/* Up or down one row: on the first row up goes to the start of the text,
 * on the last row down goes to its end, like most text fields. */
void textbuf_vertical(struct textbuf *tb, int cols, int dir)
{
	struct utf8_line *lines;
	size_t n, r, t, p, lim;
	int col, cur = 0;

	if (dir == 0)
		return;
	lines = textbuf_layout(tb, cols, &n);
	if (!lines)
		return;
	r = textbuf_row_of(lines, n, tb->cursor);
	if (dir < 0 && r == 0) {
		tb->cursor = 0;
		goto out;
	}
	if (dir > 0 && r + 1 >= n) {
		tb->cursor = tb->len;
		goto out;
	}
	col = textbuf_col_of(tb->buf, &lines[r], tb->cursor);
	t = dir < 0 ? r - 1 : r + 1;
	p = lines[t].start;
	lim = lines[t].start + lines[t].len;
	while (p < lim) {
		uint32_t cp;
		size_t k = utf8_decode(tb->buf + p, lim - p, &cp);
		int w = utf8_cp_width(cp);

		if (w < 0)
			w = 0;
		if (w > col - cur)
			break;
		cur += w;
		p += k;
	}
	/* The end of a line that runs straight into the next one is drawn on
	 * the next: stay before the last character (and its marks) instead. */
	if (p == lim && p > lines[t].start && t + 1 < n && lines[t + 1].start == lim) {
		do {
			uint32_t cp;

			p = utf8_prev(tb->buf, p);
			utf8_decode(tb->buf + p, tb->len - p, &cp);
			if (utf8_cp_width(cp) > 0)
				break;
		} while (p > lines[t].start);
	}
	tb->cursor = p;
out:
	free(lines);
}

/* Deletes the blanks before the cursor and the word before them; at the
 * start of a line, the line break. */
void textbuf_delete_word(struct textbuf *tb)
{
	size_t p = tb->cursor;

	while (p > 0 && (tb->buf[p - 1] == ' ' || tb->buf[p - 1] == '\t'))
		p--;
	while (p > 0 && tb->buf[p - 1] != ' ' && tb->buf[p - 1] != '\t' && tb->buf[p - 1] != '\n')
		p = utf8_prev(tb->buf, p);
	if (p == tb->cursor && p > 0)
		p = utf8_prev(tb->buf, p); /* at a line's start: join the lines */
	textbuf_cut(tb, p, tb->cursor);
}

/* Zeroes the whole buffer with a store the compiler may not drop. */
void textbuf_wipe(struct textbuf *tb)
{
	if (tb->cap > 0)
		explicit_bzero(tb->buf, tb->cap);
	tb->len = 0;
	tb->cursor = 0;
}
