/* noclock.c: linked into every unit test. Reading the wall clock ends the
 * test at once with a message naming the call, so no unit test can depend
 * on the date, the hour or the night it runs in: the code under test gets
 * the time as an argument. The monotonic clock stays readable, and so does
 * the wall clock for cmocka itself, which times each test with it (a
 * duration, never a date).
 *
 * The definitions here come before libc's in the link, so they answer for
 * the test itself and for the libraries it loads (SQLite, libsodium).
 * test_noclock.c checks that each one refuses. */
#include <dlfcn.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static _Noreturn void refuse(const char *call)
{
	static const char head[] = "unit test read the wall clock with ";
	static const char tail[] = "; pass the time in as an argument (tests/unit/noclock.c)\n";

	/* write(2) only: nothing here may allocate or read the clock again */
	if (write(STDERR_FILENO, head, sizeof(head) - 1) < 0 ||
	    write(STDERR_FILENO, call, strlen(call)) < 0 ||
	    write(STDERR_FILENO, tail, sizeof(tail) - 1) < 0) {
		/* nothing more to say */
	}
	abort();
}

/* Whether the code at `ret` is cmocka's: its clock reads only time a test. */
static bool from_cmocka(const void *ret)
{
	Dl_info info;

	return dladdr(ret, &info) && info.dli_fname && strstr(info.dli_fname, "/libcmocka.");
}

time_t time(time_t *t)
{
	(void)t;
	refuse("time()");
}

int gettimeofday(struct timeval *restrict tv, void *restrict tz)
{
	(void)tv;
	(void)tz;
	refuse("gettimeofday()");
}

int timespec_get(struct timespec *ts, int base)
{
	(void)ts;
	(void)base;
	refuse("timespec_get()");
}

int clock_gettime(clockid_t id, struct timespec *ts)
{
	switch (id) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
	case CLOCK_REALTIME_ALARM:
	case CLOCK_TAI:
		if (!from_cmocka(__builtin_return_address(0)))
			refuse("clock_gettime() on a wall clock");
		/* fall through */
	default:
		return (int)syscall(SYS_clock_gettime, id, ts);
	}
}
