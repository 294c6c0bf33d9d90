/* textbuf.c (fuzz): the editor model fed key sequences, as the screens
 * feed it what is typed. Each input byte is a key: the low values the
 * editing keys (arrows, Home, End, Backspace, Delete, Ctrl-W, Enter, up and
 * down a wrapped line), the rest characters: a byte >= 0x20 starts a UTF-8
 * sequence decoded from the input, so any code point can be typed, valid
 * or not. After every key the buffer must hold valid UTF-8 text within its
 * room, NUL-terminated, with the cursor on a code point inside it; the
 * cursor's place is computed at a varying width; at the end it is wiped. */
#include <locale.h>

#include "fuzz.h"
#include "tend/textbuf.h"
#include "tend/utf8.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	if (!setlocale(LC_ALL, "C.UTF-8"))
		fuzz_die("no C.UTF-8 locale");
	return 0;
}

static void check(const struct textbuf *tb, int cols)
{
	size_t row;
	int col;

	if (tb->len >= tb->cap || tb->buf[tb->len] != '\0' || tb->cursor > tb->len)
		abort();
	if (!utf8_valid_text(tb->buf, tb->len, true))
		abort();
	if (tb->cursor < tb->len && ((uint8_t)tb->buf[tb->cursor] & 0xc0) == 0x80)
		abort(); /* the cursor in the middle of a character */
	textbuf_locate(tb, cols, &row, &col);
	if (col < 0 || col > cols)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct textbuf tb;
	char *mem;
	size_t cap;
	int cols;

	if (size < 2)
		return 0;
	/* a small room, so that "full" is reached too */
	cap = 1 + data[0] % 200;
	/* at least 2 columns: a wide character (an emoji) must fit on a line */
	cols = 2 + data[1] % 79;
	if (!(mem = malloc(cap)))
		return 0;
	textbuf_init(&tb, mem, cap);
	for (size_t i = 2; i < size; i++) {
		uint8_t k = data[i];
		switch (k) {
		case 0: textbuf_left(&tb); break;
		case 1: textbuf_right(&tb); break;
		case 2: textbuf_home(&tb); break;
		case 3: textbuf_end(&tb); break;
		case 4: textbuf_backspace(&tb); break;
		case 5: textbuf_delete(&tb); break;
		case 6: textbuf_delete_word(&tb); break;
		case 7: textbuf_vertical(&tb, cols, -1); break;
		case 8: textbuf_vertical(&tb, cols, 1); break;
		case 9: cols = 2 + (cols * 7) % 79; break; /* a resize */
		case 10: (void)textbuf_insert(&tb, '\n'); break;
		case 11: /* a draft put back: the rest of the input, when it is
		          * text (the screens check it first), and then the keys go on */
			if (utf8_valid_text((const char *)data + i + 1, size - i - 1, true))
				(void)textbuf_set(&tb, (const char *)data + i + 1, size - i - 1);
			break;
		default:
			if (k < 0x20) { /* any other control character is refused */
				if (textbuf_insert(&tb, k) == TEND_OK)
					abort();
			} else {
				uint32_t cp;
				size_t n = utf8_decode((const char *)data + i, size - i, &cp);
				(void)textbuf_insert(&tb, cp);
				i += n - 1;
			}
		}
		check(&tb, cols);
	}
	textbuf_wipe(&tb);
	for (size_t i = 0; i < cap; i++)
		if (mem[i])
			abort();
	free(mem);
	return 0;
}
