/* floor.c: the floor `make bench` compares tend's running turn with. A
 * countdown that does the least a program must do to show what tend's
 * turn shows each second: the time left in the same block digits (only the
 * digits that changed, each in one go) and the time spent, then waits for
 * the next second or a key in one ppoll. One write a second. Like tend run
 * with TEND_TIMING_FD, it writes to that descriptor how many microseconds
 * after its boundary each second reached the terminal.
 *   floor SECONDS      (q quits; the terminal is put back as it was) */
#define _GNU_SOURCE
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static const char *const font[11][5] = {
	{ "###", "# #", "# #", "# #", "###" }, { " # ", "## ", " # ", " # ", "###" },
	{ "###", "  #", "###", "#  ", "###" }, { "###", "  #", "###", "  #", "###" },
	{ "# #", "# #", "###", "  #", "  #" }, { "###", "#  ", "###", "  #", "###" },
	{ "###", "#  ", "###", "# #", "###" }, { "###", "  #", "  #", "  #", "  #" },
	{ "###", "# #", "###", "# #", "###" }, { "###", "# #", "###", "  #", "###" },
	{ " ", "#", " ", "#", " " },
};

static long long mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Appends glyph `c` at row y, column x of the terminal to out. */
static size_t glyph(char *out, int y, int x, char c)
{
	const char *const *g = font[c == ':' ? 10 : c - '0'];
	size_t n = 0;

	for (int r = 0; r < 5; r++) {
		n += (size_t)sprintf(out + n, "\033[%d;%dH", y + r + 1, x + 1);
		for (const char *p = g[r]; *p; p++)
			n += (size_t)sprintf(out + n, "%s", *p == '#' ? "\xe2\x96\x88\xe2\x96\x88" : "  ");
	}
	return n;
}

int main(int argc, char **argv)
{
	int total = argc > 1 ? atoi(argv[1]) : 600, timing = getenv("FLOOR_TIMING_FD") ? 3 : -1;
	struct termios old, raw;
	char shown[16] = "", now[16], out[8192];
	long long start = mono_us();

	if (total < 1 || tcgetattr(0, &old) != 0)
		return 2;
	raw = old;
	cfmakeraw(&raw);
	tcsetattr(0, TCSAFLUSH, &raw);
	if (write(1, "\033[?1049h\033[H\033[2J\033[?25l", 22) < 0)
		return 1;
	for (int s = 0; s <= total; s++) {
		long long boundary = start + (long long)s * 1000000, left;
		struct pollfd p = { 0, POLLIN, 0 };
		struct timespec ts;
		int left_s = total - s, x = 27;
		size_t n = 0;

		snprintf(now, sizeof(now), "%02d:%02d", left_s / 60, left_s % 60);
		for (int i = 0; now[i]; i++) {
			if (now[i] != shown[i])
				n += glyph(out + n, 7, x, now[i]);
			x += (now[i] == ':' ? 2 : 6) + 2;
		}
		n += (size_t)sprintf(out + n, "\033[22;70H%d:%02d", s / 60, s % 60);
		if (write(1, out, n) < 0)
			break;
		memcpy(shown, now, sizeof(shown));
		if (timing >= 0) {
			char line[32];
			int m = snprintf(line, sizeof(line), "%lld\n", mono_us() - boundary);

			if (write(timing, line, (size_t)m) < 0)
				timing = -1;
		}
		left = boundary + 1000000 - mono_us();
		if (left < 0)
			left = 0;
		ts.tv_sec = left / 1000000;
		ts.tv_nsec = (left % 1000000) * 1000;
		if (ppoll(&p, 1, &ts, NULL) > 0) {
			char k;

			if (read(0, &k, 1) == 1 && (k == 'q' || k == 3))
				break;
		}
	}
	tcsetattr(0, TCSAFLUSH, &old);
	return write(1, "\033[?25h\033[?1049l", 14) < 0;
}
