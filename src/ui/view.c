/* view.c: a scrolling document made of text blocks: an opened check-in,
 * a journal entry, a help page. Decrypted text is copied into guarded
 * memory and wiped when the document is freed. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tend/mem.h"
#include "ui_internal.h"

enum tend_status ui_doc_add(struct ui_doc *d, enum ui_role role, attr_t extra, int indent,
                            const char *text, size_t len, bool secret)
{
	struct ui_block *b;
	char *copy;

	if (mem_grow((void **)&d->b, &d->cap, d->n, sizeof(*d->b)) != TEND_OK)
		return TEND_ERR_NOMEM;
	copy = secret ? app_secure_alloc(len + 1) : malloc(len + 1);
	if (!copy)
		return TEND_ERR_NOMEM;
	if (len)
		memcpy(copy, text, len);
	copy[len] = '\0';
	b = &d->b[d->n++];
	*b = (struct ui_block){ copy, len, role, extra, indent, secret };
	return TEND_OK;
}

enum tend_status ui_doc_addf(struct ui_doc *d, enum ui_role role, attr_t extra, int indent,
                             const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n < 0)
		return TEND_ERR_INVALID;
	return ui_doc_add(d, role, extra, indent, line, strlen(line), false);
}

void ui_doc_free(struct ui_doc *d)
{
	for (size_t i = 0; i < d->n; i++) {
		if (d->b[i].secret) {
			explicit_bzero(d->b[i].text, d->b[i].len);
			app_secure_free(d->b[i].text);
		} else {
			free(d->b[i].text);
		}
	}
	free(d->b);
	*d = (struct ui_doc){ 0 };
}

/* Rows the whole document needs at `w` columns. */
static int doc_rows(const struct ui_doc *d, int w)
{
	int rows = 0;

	for (size_t i = 0; i < d->n; i++)
		rows += ui_wrap_rows(d->b[i].text, d->b[i].len, w - d->b[i].indent);
	return rows;
}

/* Draws the document in `c` from row `top`. */
static void doc_draw(struct ui *u, const struct ui_doc *d, struct ui_rect c, int top)
{
	int row = 0;

	for (size_t i = 0; i < d->n && row < top + c.h; i++) {
		const struct ui_block *b = &d->b[i];
		int w = c.w - b->indent;
		int n = ui_wrap_rows(b->text, b->len, w);

		if (row + n > top) {
			int skip = top > row ? top - row : 0;
			int y = c.y + (row > top ? row - top : 0);
			struct ui_rect r = { y, c.x + b->indent, c.y + c.h - y, w };

			ui_wrap(u, r, b->text, b->len, skip, ui_attr(u, b->role) | b->extra, false);
		}
		row += n;
	}
}

enum ui_result ui_doc_view(struct ui *u, const char *title, const struct ui_doc *d,
                           unsigned flags)
{
	static const char *const keys[] = { "Up/Down", "scroll", "PgUp/PgDn", "page",
	                                    "Esc", "back", NULL };
	int top = 0;

	for (;;) {
		struct ui_rect c;
		struct ui_ev ev;
		int rows = 0, page = 1;
		char where[32] = "";

		/* Laid out once to know the size, then drawn. */
		if (ui_frame(u, title, NULL, keys, UI_MIN_W, UI_MIN_H, &c)) {
			rows = doc_rows(d, c.w - 1);
			page = c.h > 1 ? c.h - 1 : 1;
			if (top > rows - c.h)
				top = rows - c.h;
			if (top < 0)
				top = 0;
			if (rows > c.h) {
				snprintf(where, sizeof(where), "%d-%d of %d", top + 1,
				         top + c.h < rows ? top + c.h : rows, rows);
				ui_put(u, 0, COLS - 1 - (int)strlen(where), where, (size_t)-1,
				       (int)strlen(where), ui_attr(u, UI_MUTED));
			}
			c.x++;
			c.w -= 1;
			doc_draw(u, d, c, top);
		}
		ui_show(u);
		ev = ui_next(u, -1, flags);
		if (ev.kind == UI_EV_QUIT)
			return UI_QUIT;
		if (ev.kind == UI_EV_LOCK)
			return UI_LOCKED;
		if (ev.kind != UI_EV_KEY)
			continue;
		switch (ev.key) {
		case UI_K(KEY_UP):
		case 'k':
			top--;
			break;
		case UI_K(KEY_DOWN):
		case 'j':
			top++;
			break;
		case UI_K(KEY_PPAGE):
		case 'b':
			top -= page;
			break;
		case UI_K(KEY_NPAGE):
		case ' ':
			top += page;
			break;
		case UI_K(KEY_HOME):
		case 'g':
			top = 0;
			break;
		case UI_K(KEY_END):
		case 'G':
			top = rows;
			break;
		case UI_ESC:
		case 'q':
		case UI_K(KEY_LEFT):
		case UI_K(KEY_BACKSPACE):
		case 127:
			return UI_DONE;
		default:
			break;
		}
		if (top < 0)
			top = 0;
	}
}

enum ui_result ui_help(struct ui *u, const char *title, const char *text)
{
	struct ui_doc d = { 0 };
	enum ui_result r;
	const char *p = text;

	/* One block a paragraph, so wrapping keeps the blank lines. */
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		if (ui_doc_add(&d, UI_NORMAL, A_NORMAL, 0, p, len, false) != TEND_OK)
			break;
		p += len + (nl ? 1 : 0);
	}
	r = ui_doc_view(u, title, &d, 0);
	ui_doc_free(&d);
	return r;
}
