/* cork.c: one write to the terminal a frame.
 *
 * ncurses 6.4 sends its output buffer after every cursor move it makes
 * (mvcur flushes), so a frame that changes five rows of the big digits
 * reached the terminal as five or six write(2) calls, each one a wakeup
 * for the terminal too. While ui_show() updates the screen, the terminal's
 * output is corked: every write ncurses makes to it is gathered here, and
 * ui_uncork() hands the whole frame to the terminal in one write.
 *
 * It works by interposition: tend defines write(), so the write calls that
 * ncurses makes (and every other library's) come here first. Outside a
 * frame, and for any other descriptor, each call goes straight on to the
 * next write() in the process (libc's, or a preloaded one such as libfiu's
 * fault injection or a sanitizer's), unchanged, errno included. What was
 * gathered is wiped once it is sent: a frame can hold private words. */
#include <dlfcn.h>
#include <errno.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ui_internal.h"

/* A whole 80x24 frame is a few KiB; a bigger one goes out in pieces. */
#define CORK_BYTES (32 * 1024)

static struct {
	int fd;           /* the terminal while corked, else -1 */
	size_t len;
	unsigned char buf[CORK_BYTES];
} cork = { -1, 0, { 0 } };

typedef ssize_t (*write_fn)(int, const void *, size_t);

/* The write() after tend's own, found once. */
static ssize_t next_write(int fd, const void *buf, size_t n)
{
	static write_fn next;

	if (!next) {
		write_fn f = (write_fn)dlsym(RTLD_NEXT, "write");

		if (!f)
			return syscall(SYS_write, fd, buf, n);
		next = f;
	}
	return next(fd, buf, n);
}

/* Sends all of buf[0, n) to fd, as a terminal takes it. */
static void send_all(int fd, const unsigned char *buf, size_t n)
{
	while (n > 0) {
		ssize_t w = next_write(fd, buf, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return; /* the terminal is gone: the loop will notice */
		buf += w;
		n -= (size_t)w;
	}
}

/* Sends and wipes what was gathered. */
static void cork_flush(void)
{
	int saved = errno;

	send_all(cork.fd, cork.buf, cork.len);
	explicit_bzero(cork.buf, cork.len);
	cork.len = 0;
	errno = saved;
}

ssize_t write(int fd, const void *buf, size_t n)
{
	if (cork.fd < 0 || fd != cork.fd)
		return next_write(fd, buf, n);
	if (n > sizeof(cork.buf) - cork.len)
		cork_flush();
	if (n > sizeof(cork.buf))
		return next_write(fd, buf, n);
	memcpy(cork.buf + cork.len, buf, n);
	cork.len += n;
	return (ssize_t)n;
}

void ui_cork(int fd)
{
	cork.fd = fd;
	cork.len = 0;
}

void ui_uncork(void)
{
	if (cork.fd < 0)
		return;
	cork_flush();
	cork.fd = -1;
}
