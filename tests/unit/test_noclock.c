/* test_noclock.c: the guard every unit test is linked with (noclock.c):
 * each way of reading the wall clock ends the process with SIGABRT, and the
 * monotonic clock still reads. Each read runs in a child process. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum read_kind { READ_TIME, READ_TIMEOFDAY, READ_TIMESPEC, READ_REALTIME, READ_COARSE, READ_TAI };

/* In a child with standard error on /dev/null: reads the clock `kind`
 * names; returns the signal that ended the child, or 0 if it exited. */
static int signal_of_read(enum read_kind kind)
{
	pid_t pid = fork();
	int status;

	assert_true(pid >= 0);
	if (pid == 0) {
		struct timespec ts;
		struct timeval tv;
		int null = open("/dev/null", O_WRONLY);

		if (null >= 0)
			dup2(null, STDERR_FILENO);
		switch (kind) {
		case READ_TIME:
			(void)time(NULL);
			break;
		case READ_TIMEOFDAY:
			(void)gettimeofday(&tv, NULL);
			break;
		case READ_TIMESPEC:
			(void)timespec_get(&ts, TIME_UTC);
			break;
		case READ_REALTIME:
			(void)clock_gettime(CLOCK_REALTIME, &ts);
			break;
		case READ_COARSE:
			(void)clock_gettime(CLOCK_REALTIME_COARSE, &ts);
			break;
		case READ_TAI:
			(void)clock_gettime(CLOCK_TAI, &ts);
			break;
		}
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}

static void test_each_wall_clock_read_aborts(void **state)
{
	(void)state;
	assert_int_equal(signal_of_read(READ_TIME), SIGABRT);
	assert_int_equal(signal_of_read(READ_TIMEOFDAY), SIGABRT);
	assert_int_equal(signal_of_read(READ_TIMESPEC), SIGABRT);
	assert_int_equal(signal_of_read(READ_REALTIME), SIGABRT);
	assert_int_equal(signal_of_read(READ_COARSE), SIGABRT);
	assert_int_equal(signal_of_read(READ_TAI), SIGABRT);
}

static void test_monotonic_still_reads(void **state)
{
	struct timespec a, b;

	(void)state;
	assert_int_equal(clock_gettime(CLOCK_MONOTONIC, &a), 0);
	assert_int_equal(clock_gettime(CLOCK_MONOTONIC, &b), 0);
	assert_true(b.tv_sec > a.tv_sec || (b.tv_sec == a.tv_sec && b.tv_nsec >= a.tv_nsec));
	assert_true(a.tv_sec > 0 || a.tv_nsec > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_wall_clock_read_aborts),
		cmocka_unit_test(test_monotonic_still_reads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
