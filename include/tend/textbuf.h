/* textbuf.h: an editable UTF-8 text with a cursor, in memory the caller owns
 * (tend gives it guarded secret memory), of a fixed capacity so it never
 * reallocates and never leaves copies of the text behind. Pure. */
#ifndef TEND_TEXTBUF_H
#define TEND_TEXTBUF_H

#include <stddef.h>
#include <stdint.h>

#include "tend/status.h"

struct textbuf {
	char *buf;     /* borrowed; cap bytes; always NUL-terminated at len */
	size_t cap;    /* bytes of room including the NUL */
	size_t len;    /* bytes of text */
	size_t cursor; /* byte offset, always on a code point boundary */
};

/* Starts empty text in `mem` of `cap` bytes (cap >= 1). */
void textbuf_init(struct textbuf *tb, char *mem, size_t cap);
/* Replaces the text with `len` bytes of `s`; cursor at the end.
 * TEND_ERR_TOO_LONG when it does not fit (the text is left empty). */
enum tend_status textbuf_set(struct textbuf *tb, const char *s, size_t len);
/* Inserts `cp` at the cursor ('\n' allowed). TEND_ERR_TOO_LONG when full,
 * TEND_ERR_INVALID for a control character or a non-scalar value. */
enum tend_status textbuf_insert(struct textbuf *tb, uint32_t cp);
void textbuf_backspace(struct textbuf *tb); /* delete before the cursor */
void textbuf_delete(struct textbuf *tb);    /* delete at the cursor */
void textbuf_left(struct textbuf *tb);
void textbuf_right(struct textbuf *tb);
void textbuf_home(struct textbuf *tb);      /* start of the current line */
void textbuf_end(struct textbuf *tb);       /* end of the current line */
/* Moves a wrapped line up or down (-1 / +1) in a layout `cols` wide, keeping
 * the column as near as it can. */
void textbuf_vertical(struct textbuf *tb, int cols, int dir);
/* Where the cursor is drawn in a layout `cols` wide (utf8_wrap): row from
 * 0 and column. The column may equal `cols` at the end of a full line. */
void textbuf_locate(const struct textbuf *tb, int cols, size_t *row, int *col);
void textbuf_delete_word(struct textbuf *tb); /* Ctrl-W */
/* Empties the text and overwrites every byte of the buffer with zeros. */
void textbuf_wipe(struct textbuf *tb);

#endif
