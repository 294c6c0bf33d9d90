/* test_read_error.c: data.c built with a read(2) that fails (EIO), as a
 * failing disk would: reading a plan or a deck is then an I/O error, never
 * a file taken as cut short (or empty) and parsed as such. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int read_fails; /* while set, every read fails with EIO */

static ssize_t test_read(int fd, void *buf, size_t n)
{
	if (read_fails) {
		errno = EIO;
		return -1;
	}
	return read(fd, buf, n);
}

#define read test_read
#include "../../src/app/data.c"
#undef read

static void test_read_error_is_an_error(void **state)
{
	char path[] = "/tmp/tend-read-XXXXXX";
	int fd = mkstemp(path);
	char *text = (char *)1;
	size_t len = 7;

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "title: x\n", 9), 9);
	close(fd);
	read_fails = 1;
	assert_int_equal(app_read_file_max(path, 100, &text, &len), TEND_ERR_IO);
	assert_null(text);
	assert_int_equal(len, 0);
	read_fails = 0;
	assert_int_equal(app_read_file_max(path, 100, &text, &len), TEND_OK);
	assert_int_equal(len, 9);
	assert_string_equal(text, "title: x\n");
	free(text);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_error_is_an_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
