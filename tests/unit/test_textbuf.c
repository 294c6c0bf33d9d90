/* test_textbuf.c: the fixed-capacity text editor model. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tend/textbuf.h"

#define S(lit) (lit), (sizeof(lit) - 1)

/* A buffer with guard bytes after it, to see that nothing is written past
 * `cap`. */
struct guarded {
	char mem[64];
	char guard[16];
};

static void guard_init(struct guarded *g)
{
	memset(g->mem, 'x', sizeof(g->mem));
	memset(g->guard, 0x5A, sizeof(g->guard));
}

static void guard_check(const struct guarded *g)
{
	for (size_t i = 0; i < sizeof(g->guard); i++)
		assert_int_equal((unsigned char)g->guard[i], 0x5A);
}

/* Inserts the `n` code points `cps` at the cursor. */
static void type_text(struct textbuf *tb, const uint32_t *cps, size_t n)
{
	for (size_t i = 0; i < n; i++)
		assert_int_equal(textbuf_insert(tb, cps[i]), TEND_OK);
}

static void assert_text(const struct textbuf *tb, const char *want)
{
	assert_int_equal(tb->len, strlen(want));
	assert_string_equal(tb->buf, want);
}

static void test_init_and_insert_ascii(void **state)
{
	struct guarded g;
	struct textbuf tb;

	(void)state;
	guard_init(&g);
	textbuf_init(&tb, g.mem, sizeof(g.mem));
	assert_text(&tb, "");
	assert_int_equal(tb.cursor, 0);
	type_text(&tb, (const uint32_t[]){ 'h', 'i' }, 2);
	assert_text(&tb, "hi");
	assert_int_equal(tb.cursor, 2);
	textbuf_left(&tb);
	assert_int_equal(textbuf_insert(&tb, '-'), TEND_OK);
	assert_text(&tb, "h-i");
	assert_int_equal(tb.cursor, 2);
	guard_check(&g);
}

static void test_insert_multibyte_and_move(void **state)
{
	char mem[64];
	struct textbuf tb;

	(void)state;
	textbuf_init(&tb, mem, sizeof(mem));
	/* Zoë 美😀 */
	type_text(&tb, (const uint32_t[]){ 'Z', 'o', 0xEB, ' ', 0x7F8E, 0x1F600 }, 6);
	assert_text(&tb, "Zo\xc3\xab \xe7\xbe\x8e\xf0\x9f\x98\x80");
	assert_int_equal(tb.cursor, 12);
	textbuf_left(&tb);
	assert_int_equal(tb.cursor, 8);
	textbuf_left(&tb);
	assert_int_equal(tb.cursor, 5);
	textbuf_left(&tb);
	textbuf_left(&tb);
	assert_int_equal(tb.cursor, 2);
	textbuf_right(&tb);
	assert_int_equal(tb.cursor, 4);
	textbuf_home(&tb);
	assert_int_equal(tb.cursor, 0);
	textbuf_left(&tb);
	assert_int_equal(tb.cursor, 0);
	textbuf_end(&tb);
	assert_int_equal(tb.cursor, 12);
	textbuf_right(&tb);
	assert_int_equal(tb.cursor, 12);
}

static void test_backspace_and_delete(void **state)
{
	char mem[64];
	struct textbuf tb;

	(void)state;
	textbuf_init(&tb, mem, sizeof(mem));
	assert_int_equal(textbuf_set(&tb, S("a\xc3\xab\xe7\xbe\x8e\xf0\x9f\x98\x80")), TEND_OK);
	textbuf_backspace(&tb); /* the emoji, all four bytes */
	assert_text(&tb, "a\xc3\xab\xe7\xbe\x8e");
	assert_int_equal(tb.cursor, 6);
	/* The freed bytes are zeroed, not left behind. */
	assert_memory_equal(mem + 6, "\0\0\0\0\0", 5);
	textbuf_home(&tb);
	textbuf_delete(&tb);
	assert_text(&tb, "\xc3\xab\xe7\xbe\x8e");
	assert_int_equal(tb.cursor, 0);
	textbuf_delete(&tb);
	assert_text(&tb, "\xe7\xbe\x8e");
	textbuf_backspace(&tb); /* nothing before the cursor */
	assert_text(&tb, "\xe7\xbe\x8e");
	textbuf_end(&tb);
	textbuf_delete(&tb); /* nothing after it */
	assert_text(&tb, "\xe7\xbe\x8e");
	textbuf_backspace(&tb);
	assert_text(&tb, "");
	assert_int_equal(tb.cursor, 0);
}

static void test_capacity(void **state)
{
	struct guarded g;
	struct textbuf tb;

	(void)state;
	guard_init(&g);
	textbuf_init(&tb, g.mem, 5); /* room for 4 bytes of text */
	type_text(&tb, (const uint32_t[]){ 'a', 'b', 'c' }, 3);
	assert_int_equal(textbuf_insert(&tb, 0xEB), TEND_ERR_TOO_LONG); /* 2 bytes */
	assert_text(&tb, "abc");
	assert_int_equal(tb.cursor, 3);
	assert_int_equal(textbuf_insert(&tb, 'd'), TEND_OK);
	assert_int_equal(textbuf_insert(&tb, 'e'), TEND_ERR_TOO_LONG);
	assert_text(&tb, "abcd");
	assert_int_equal(g.mem[4], '\0');
	assert_int_equal(g.mem[5], 'x'); /* past cap: untouched */
	textbuf_home(&tb);
	assert_int_equal(textbuf_insert(&tb, 'z'), TEND_ERR_TOO_LONG);
	assert_text(&tb, "abcd");

	assert_int_equal(textbuf_set(&tb, S("1234")), TEND_OK);
	assert_text(&tb, "1234");
	assert_int_equal(textbuf_set(&tb, S("12345")), TEND_ERR_TOO_LONG);
	assert_text(&tb, "");
	assert_int_equal(tb.cursor, 0);
	assert_int_equal(g.mem[5], 'x');

	/* The smallest buffer holds only the NUL. */
	textbuf_init(&tb, g.mem, 1);
	assert_int_equal(textbuf_insert(&tb, 'a'), TEND_ERR_TOO_LONG);
	assert_text(&tb, "");
	guard_check(&g);
}

static void test_insert_refuses_controls(void **state)
{
	char mem[16];
	struct textbuf tb;

	(void)state;
	textbuf_init(&tb, mem, sizeof(mem));
	assert_int_equal(textbuf_insert(&tb, 0x1B), TEND_ERR_INVALID);
	assert_int_equal(textbuf_insert(&tb, '\t'), TEND_ERR_INVALID);
	assert_int_equal(textbuf_insert(&tb, '\r'), TEND_ERR_INVALID);
	assert_int_equal(textbuf_insert(&tb, 0), TEND_ERR_INVALID);
	assert_int_equal(textbuf_insert(&tb, 0x7F), TEND_ERR_INVALID);
	assert_int_equal(textbuf_insert(&tb, 0x85), TEND_ERR_INVALID);
	assert_int_equal(textbuf_insert(&tb, 0xD800), TEND_ERR_INVALID);
	assert_int_equal(textbuf_insert(&tb, 0x110000), TEND_ERR_INVALID);
	assert_text(&tb, "");
	assert_int_equal(textbuf_insert(&tb, '\n'), TEND_OK);
	assert_text(&tb, "\n");
}

static void test_home_end_lines(void **state)
{
	char mem[64];
	struct textbuf tb;

	(void)state;
	textbuf_init(&tb, mem, sizeof(mem));
	assert_int_equal(textbuf_set(&tb, S("first\nsecond\n\nlast")), TEND_OK);
	tb.cursor = 9; /* inside "second" */
	textbuf_home(&tb);
	assert_int_equal(tb.cursor, 6);
	textbuf_end(&tb);
	assert_int_equal(tb.cursor, 12);
	textbuf_right(&tb); /* onto the empty line */
	textbuf_home(&tb);
	assert_int_equal(tb.cursor, 13);
	textbuf_end(&tb);
	assert_int_equal(tb.cursor, 13);
}

static void test_vertical_ascii(void **state)
{
	char mem[64];
	struct textbuf tb;
	size_t row;
	int col;

	(void)state;
	textbuf_init(&tb, mem, sizeof(mem));
	/* Width 8: "one two " / "three " / "four" */
	assert_int_equal(textbuf_set(&tb, S("one two three four")), TEND_OK);
	textbuf_locate(&tb, 8, &row, &col);
	assert_int_equal(row, 2);
	assert_int_equal(col, 4);
	textbuf_vertical(&tb, 8, -1);
	assert_int_equal(tb.cursor, 8 + 4); /* "thre|e" */
	textbuf_vertical(&tb, 8, -1);
	assert_int_equal(tb.cursor, 4); /* "one |two" */
	textbuf_vertical(&tb, 8, -1); /* first row: to the start */
	assert_int_equal(tb.cursor, 0);
	tb.cursor = 7; /* "one two|" */
	textbuf_vertical(&tb, 8, 1);
	/* Column 7 is past "three "; its very end would be drawn at the start
	 * of "four", so the cursor stops before the space. */
	assert_int_equal(tb.cursor, 8 + 5);
	textbuf_locate(&tb, 8, &row, &col);
	assert_int_equal(row, 1);
	assert_int_equal(col, 5);
	textbuf_vertical(&tb, 8, 1);
	assert_int_equal(tb.cursor, 18); /* end of "four" */
	tb.cursor = 15;
	textbuf_vertical(&tb, 8, 1); /* last row: to the end */
	assert_int_equal(tb.cursor, tb.len);
	tb.cursor = 15;
	textbuf_vertical(&tb, 8, 0);
	assert_int_equal(tb.cursor, 15);
}

static void test_vertical_newlines_and_wide(void **state)
{
	char mem[64];
	struct textbuf tb;
	size_t row;
	int col;

	(void)state;
	textbuf_init(&tb, mem, sizeof(mem));
	/* "abcd" / "美咲": column 1 falls inside 美, so the cursor stays before it. */
	assert_int_equal(textbuf_set(&tb, S("abcd\n\xe7\xbe\x8e\xe5\x92\xb2")), TEND_OK);
	tb.cursor = 1;
	textbuf_vertical(&tb, 20, 1);
	assert_int_equal(tb.cursor, 5);
	tb.cursor = 3;
	textbuf_vertical(&tb, 20, 1);
	assert_int_equal(tb.cursor, 8); /* after 美, column 2 */
	textbuf_vertical(&tb, 20, -1);
	assert_int_equal(tb.cursor, 2);
	textbuf_end(&tb);
	textbuf_vertical(&tb, 20, 1); /* column 4: the end of 美咲 */
	assert_int_equal(tb.cursor, 11);
	textbuf_locate(&tb, 20, &row, &col);
	assert_int_equal(row, 1);
	assert_int_equal(col, 4);

	/* A word broken across rows: moving down keeps the column, and the
	 * end of a full row is not taken for the start of the next. */
	assert_int_equal(textbuf_set(&tb, S("abcdefghij")), TEND_OK);
	tb.cursor = 4;
	textbuf_locate(&tb, 4, &row, &col);
	assert_int_equal(row, 1);
	assert_int_equal(col, 0);
	tb.cursor = 2;
	textbuf_vertical(&tb, 4, 1);
	assert_int_equal(tb.cursor, 6);
	textbuf_end(&tb);
	textbuf_vertical(&tb, 4, -1); /* "ij|" up: col 2 of "efgh" */
	assert_int_equal(tb.cursor, 6);
	tb.cursor = 3;
	textbuf_vertical(&tb, 4, 1); /* col 3 of "efgh": "efg|h" */
	assert_int_equal(tb.cursor, 7);

	/* Combining marks: the cursor never lands between e and its accent. */
	assert_int_equal(textbuf_set(&tb, S("xy\ne\xcc\x81z")), TEND_OK);
	tb.cursor = 1;
	textbuf_vertical(&tb, 20, 1);
	assert_int_equal(tb.cursor, 6); /* after é */
}

static void test_delete_word(void **state)
{
	char mem[64];
	struct textbuf tb;

	(void)state;
	textbuf_init(&tb, mem, sizeof(mem));
	assert_int_equal(textbuf_set(&tb, S("hello big  world")), TEND_OK);
	textbuf_delete_word(&tb);
	assert_text(&tb, "hello big  ");
	textbuf_delete_word(&tb);
	assert_text(&tb, "hello ");
	assert_int_equal(tb.cursor, 6);
	assert_int_equal(mem[7], '\0'); /* freed bytes are zeroed */

	assert_int_equal(textbuf_set(&tb, S("Zo\xc3\xab \xe7\xbe\x8e\xe5\x92\xb2")), TEND_OK);
	textbuf_delete_word(&tb);
	assert_text(&tb, "Zo\xc3\xab ");
	textbuf_delete_word(&tb);
	assert_text(&tb, "");
	textbuf_delete_word(&tb); /* at the start: nothing */
	assert_text(&tb, "");

	/* Mid-text, and at the start of a line (joins the lines). */
	assert_int_equal(textbuf_set(&tb, S("ab\ncd ef")), TEND_OK);
	tb.cursor = 5;
	textbuf_delete_word(&tb);
	assert_text(&tb, "ab\n ef");
	assert_int_equal(tb.cursor, 3);
	textbuf_delete_word(&tb);
	assert_text(&tb, "ab ef");
	assert_int_equal(tb.cursor, 2);
}

static void test_wipe(void **state)
{
	struct guarded g;
	struct textbuf tb;

	(void)state;
	guard_init(&g);
	textbuf_init(&tb, g.mem, sizeof(g.mem));
	assert_int_equal(textbuf_set(&tb, S("a secret thought")), TEND_OK);
	textbuf_wipe(&tb);
	assert_int_equal(tb.len, 0);
	assert_int_equal(tb.cursor, 0);
	for (size_t i = 0; i < sizeof(g.mem); i++)
		assert_int_equal(g.mem[i], 0);
	guard_check(&g);
	/* Still usable afterwards. */
	assert_int_equal(textbuf_insert(&tb, 'k'), TEND_OK);
	assert_text(&tb, "k");
}

static void test_set_shorter_zeroes_tail(void **state)
{
	char mem[32];
	struct textbuf tb;

	(void)state;
	textbuf_init(&tb, mem, sizeof(mem));
	assert_int_equal(textbuf_set(&tb, S("long private text")), TEND_OK);
	assert_int_equal(textbuf_set(&tb, S("hi")), TEND_OK);
	assert_text(&tb, "hi");
	assert_int_equal(tb.cursor, 2);
	for (size_t i = 2; i < 17; i++)
		assert_int_equal(mem[i], 0);
}

static void test_malformed_text_is_safe(void **state)
{
	char mem[16];
	struct textbuf tb;

	(void)state;
	textbuf_init(&tb, mem, sizeof(mem));
	assert_int_equal(textbuf_set(&tb, S("a\xff\xc3")), TEND_OK);
	textbuf_home(&tb);
	textbuf_right(&tb);
	textbuf_right(&tb);
	assert_int_equal(tb.cursor, 2); /* one byte at a time */
	textbuf_right(&tb);
	assert_int_equal(tb.cursor, 3);
	textbuf_backspace(&tb);
	assert_text(&tb, "a\xff");
	textbuf_vertical(&tb, 1, -1);
	assert_true(tb.cursor <= tb.len);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_and_insert_ascii),
		cmocka_unit_test(test_insert_multibyte_and_move),
		cmocka_unit_test(test_backspace_and_delete),
		cmocka_unit_test(test_capacity),
		cmocka_unit_test(test_insert_refuses_controls),
		cmocka_unit_test(test_home_end_lines),
		cmocka_unit_test(test_vertical_ascii),
		cmocka_unit_test(test_vertical_newlines_and_wide),
		cmocka_unit_test(test_delete_word),
		cmocka_unit_test(test_wipe),
		cmocka_unit_test(test_set_shorter_zeroes_tail),
		cmocka_unit_test(test_malformed_text_is_safe),
	};

	if (!setlocale(LC_ALL, "C.UTF-8"))
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
