/* pty.c: times screens for `make bench` without tmux in the way. Runs a
 * command on a pseudo-terminal of its own (80x24 unless -s), reads all it
 * writes, and prints, for each -w TEXT in order, how many microseconds
 * after the command was started TEXT appeared in what it drew (escape
 * sequences left out); a -k KEYS between two -w is typed once the text
 * before it appeared, and the next -w is timed from that moment. Then the
 * command gets SIGTERM.
 *   pty [-s COLSxROWS] -w TEXT [-k KEYS -w TEXT]... -- COMMAND [ARG]...
 * Prints one line a -w: "TEXT<TAB>MICROSECONDS"; exits 1 when a text did
 * not appear within 10 s (and prints what was drawn, escapes left out). */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* The text of what a terminal was sent: escape sequences (CSI, OSC, and
 * two-byte ones) and other control bytes left out. */
static size_t strip(const char *in, size_t n, char *out, int *state)
{
	size_t m = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)in[i];

		switch (*state) {
		case 0:
			if (c == 0x1b)
				*state = 1;
			else if (c >= 0x20 || c == '\n')
				out[m++] = (char)c;
			break;
		case 1: /* after ESC */
			*state = c == '[' ? 2 : c == ']' ? 3 : (c == '(' || c == ')') ? 4 : 0;
			break;
		case 2: /* CSI: up to a final byte */
			if (c >= 0x40 && c <= 0x7e)
				*state = 0;
			break;
		case 3: /* OSC: up to BEL or ST */
			if (c == 0x07 || c == 0x1b)
				*state = 0;
			break;
		default: /* a charset designation's one byte */
			*state = 0;
			break;
		}
	}
	return m;
}

int main(int argc, char **argv)
{
	struct winsize ws = { 24, 80, 0, 0 };
	char *seen = calloc(1, 1);
	size_t len = 0, from = 0;
	int i = 1, fd, state = 0, rc = 0;
	long long t0;
	pid_t pid;

	if (i + 1 < argc && strcmp(argv[i], "-s") == 0) {
		unsigned c, r;

		if (sscanf(argv[i + 1], "%ux%u", &c, &r) != 2)
			return 2;
		ws.ws_col = (unsigned short)c;
		ws.ws_row = (unsigned short)r;
		i += 2;
	}
	int first = i;
	while (i < argc && strcmp(argv[i], "--") != 0)
		i++;
	if (i >= argc - 1)
		return 2;
	t0 = mono_us();
	pid = forkpty(&fd, NULL, NULL, &ws);
	if (pid < 0)
		return 2;
	if (pid == 0) {
		execvp(argv[i + 1], argv + i + 1);
		_exit(127);
	}
	for (int a = first; a < i && rc == 0; a += 2) {
		if (strcmp(argv[a], "-k") == 0) {
			if (write(fd, argv[a + 1], strlen(argv[a + 1])) < 0)
				rc = 2;
			t0 = mono_us();
			continue;
		}
		for (;;) {
			char buf[65536];
			struct pollfd p = { fd, POLLIN, 0 };
			ssize_t n;
			char *grown;

			seen[len] = '\0';
			if (strstr(seen + from, argv[a + 1])) {
				printf("%s\t%lld\n", argv[a + 1], mono_us() - t0);
				from = len;
				break;
			}
			if (poll(&p, 1, (int)((t0 + 10000000 - mono_us()) / 1000)) <= 0 ||
			    (n = read(fd, buf, sizeof(buf))) <= 0) {
				fprintf(stderr, "pty: '%s' did not appear; the screen said:\n%s\n",
				        argv[a + 1], seen + from);
				rc = 1;
				break;
			}
			if (!(grown = realloc(seen, len + (size_t)n + 1)))
				return 2;
			seen = grown;
			len += strip(buf, (size_t)n, seen + len, &state);
		}
	}
	kill(pid, SIGTERM);
	/* Reads on until it has gone, so it is not stuck writing its last frame. */
	for (;;) {
		char buf[4096];
		struct pollfd p = { fd, POLLIN, 0 };

		if (poll(&p, 1, 5000) <= 0 || read(fd, buf, sizeof(buf)) <= 0)
			break;
	}
	waitpid(pid, NULL, 0);
	free(seen);
	return rc;
}
