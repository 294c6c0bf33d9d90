/* out.c: everything tend's commands print goes through here, made safe for
 * a terminal first (tend/escape.h). Names, paths, plans and texts come from
 * files anyone at the laptop may have edited, so a control character or an
 * escape sequence among them is shown (\x1b) and never acted on; tend's own
 * words pass unchanged. Only the recovery code's screen (prompt.c) sends
 * the terminal sequences of its own. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_internal.h"
#include "tend/escape.h"

/* The terminal form of `len` bytes at `s` in memory from `alloc` (malloc,
 * or guarded memory for decrypted text), NUL-terminated; *outlen its
 * length. NULL when there is no memory. */
static char *escaped(const char *s, size_t len, void *(*alloc)(size_t), size_t *outlen)
{
	size_t n = escape_term(s, len, NULL, 0);
	char *out = alloc(n + 1);

	if (out)
		escape_term(s, len, out, n + 1);
	*outlen = n;
	return out;
}

void cli_vprint(FILE *fp, const char *fmt, va_list ap)
{
	char line[1024], *msg = line, *safe;
	size_t n;
	va_list again;
	int len;

	va_copy(again, ap);
	len = vsnprintf(line, sizeof(line), fmt, ap);
	if (len >= (int)sizeof(line) && (msg = malloc((size_t)len + 1)))
		vsnprintf(msg, (size_t)len + 1, fmt, again);
	va_end(again);
	if (len < 0 || !msg)
		return;
	/* Without memory for the safe form, nothing is better than raw. */
	if ((safe = escaped(msg, (size_t)len, malloc, &n)))
		fwrite(safe, 1, n, fp);
	free(safe);
	if (msg != line)
		free(msg);
}

void cli_out(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cli_vprint(stdout, fmt, ap);
	va_end(ap);
}

void cli_note(void *ctx, const char *text)
{
	(void)ctx;
	if (isatty(STDERR_FILENO))
		cli_err("%s\n", text);
}

void cli_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cli_vprint(stderr, fmt, ap);
	va_end(ap);
}

int cli_vfail(const char *fmt, va_list ap)
{
	fputs("tend: ", stderr);
	cli_vprint(stderr, fmt, ap);
	fputc('\n', stderr);
	return 1;
}

int cli_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cli_vfail(fmt, ap);
	va_end(ap);
	return 1;
}

/* Decrypted text never passes through stdio's buffers: its safe form is
 * made in guarded memory (kept in `t` from one text to the next, grown when
 * a text needs more) and written straight to the descriptor, after what
 * stdio holds so the order stays. */
int cli_out_text(struct cli_text *t, const char *s, size_t len)
{
	size_t n = escape_term(s, len, NULL, 0);
	bool ok;

	if (n + 1 > t->cap) {
		app_secure_free(t->p);
		t->cap = 0;
		if (!(t->p = app_secure_alloc(n + 1)))
			return cli_fail("%s", tend_strerror(TEND_ERR_NOMEM));
		t->cap = n + 1;
	}
	escape_term(s, len, t->p, t->cap);
	fflush(stdout);
	ok = app_write_all(1, t->p, n) == TEND_OK;
	return ok ? 0 : cli_fail("cannot write to standard output: %s", strerror(errno));
}

void cli_text_free(struct cli_text *t)
{
	app_secure_free(t->p); /* wipes */
	t->p = NULL;
	t->cap = 0;
}

const char *cli_quote(const char *s, char *buf, size_t size)
{
	size_t len = strlen(s), n = 0;
	char *mid;

	if (size < 3) {
		if (size)
			buf[0] = '\0';
		return buf;
	}
	/* Newlines and tabs as codes first; escape_term shows the rest. With
	 * no memory for that, they stay as they are. */
	if ((mid = malloc(2 * len + 1))) {
		for (size_t i = 0; i < len; i++) {
			if (s[i] == '\n' || s[i] == '\t') {
				mid[n++] = '\\';
				mid[n++] = s[i] == '\n' ? 'n' : 't';
			} else {
				mid[n++] = s[i];
			}
		}
	}
	buf[0] = '\'';
	escape_term(mid ? mid : s, mid ? n : len, buf + 1, size - 2);
	free(mid);
	n = strlen(buf);
	buf[n] = '\'';
	buf[n + 1] = '\0';
	return buf;
}

void cli_say(int fd, const char *s)
{
	size_t n;
	char *safe = escaped(s, strlen(s), malloc, &n);

	/* A prompt that cannot be shown is no reason to stop asking. */
	if (safe)
		(void)app_write_all(fd, safe, n);
	free(safe);
}
