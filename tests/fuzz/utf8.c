/* utf8.c (fuzz): every function of src/core/utf8.c on any bytes, with the
 * promises the screens rely on checked: decoding moves forward within the
 * text, next/prev stay on it and undo each other on valid text, a fitted
 * prefix is no wider than asked, wrapped lines lie inside the text and in
 * order. */
#include <locale.h>

#include "fuzz.h"
#include "tend/utf8.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	/* widths come from wcwidth, as on the couple's terminal */
	if (!setlocale(LC_ALL, "C.UTF-8"))
		fuzz_die("no C.UTF-8 locale");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	int cols;

	if (size < 1)
		return 0;
	cols = data[0] % 90; /* 0 too: a terminal can be that narrow */
	s++, size--;
	bool valid = utf8_valid_text(s, size, true);
	(void)utf8_valid_text(s, size, false);

	for (size_t pos = 0; pos < size;) {
		uint32_t cp;
		char enc[4];
		size_t n = utf8_decode(s + pos, size - pos, &cp);
		if (n == 0 || n > 4 || n > size - pos)
			abort();
		size_t e = utf8_encode(cp, enc);
		if (e > 4)
			abort();
		(void)utf8_cp_width(cp);
		size_t next = utf8_next(s, size, pos);
		if (next <= pos || next > size)
			abort();
		if (valid && utf8_prev(s, next) != pos)
			abort();
		pos = next;
	}
	if (utf8_prev(s, 0) != 0)
		abort();
	int w = utf8_width(s, size);
	size_t fit = utf8_fit(s, size, cols);
	if (fit > size || (valid && w >= 0 && utf8_width(s, fit) > cols))
		abort();

	struct utf8_line lines[32];
	size_t need = utf8_wrap(s, size, cols ? cols : 1, lines, 32);
	size_t got = need < 32 ? need : 32, end = 0;
	if (need < 1)
		abort();
	for (size_t i = 0; i < got; i++) {
		if (lines[i].start < end || lines[i].start + lines[i].len > size)
			abort();
		end = lines[i].start + lines[i].len;
	}
	if (utf8_wrap(s, size, cols ? cols : 1, NULL, 0) != need)
		abort();
	return 0;
}
