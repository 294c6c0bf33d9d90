/* test_app_calendar.c: shared time in the app: the settings' defaults,
 * their checks and that they last, weekday names, and the calendar file:
 * written whole, as of the app's night, the same UIDs every time, no names
 * in it, never over the database or a file tend did not write. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tend/app.h"
#include "testkit.h"

/* 2026-11-25 21:00 UTC: a Wednesday evening. */
#define EVENING ((time_t)1795640400)
#define HOUR ((time_t)3600)

struct fx {
	char dir[64];
	char db[128];
	char ics[128];
	struct app *app;
};

static const char *const names[2] = { "Zoë", "Łukasz" };
static const char *const passes[2] = { "correct horse", "battery staple" };

static void fx_open(struct fx *f)
{
	char err[256] = "";

	assert_int_equal(app_open(f->db, false, &f->app, err, sizeof(err)), TEND_OK);
}

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	const size_t lens[2] = { strlen(passes[0]), strlen(passes[1]) };

	setenv("TZ", "UTC", 1);
	setenv("TEND_DATA_DIR", "data", 1);
	snprintf(f->dir, sizeof(f->dir), "/tmp/tend-cal-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	setenv("XDG_CONFIG_HOME", f->dir, 1);
	snprintf(f->db, sizeof(f->db), "%s/tend.db", f->dir);
	snprintf(f->ics, sizeof(f->ics), "%s/tend.ics", f->dir);
	fx_open(f);
	assert_int_equal(app_setup(f->app, names, passes, lens, APP_KDF_INTERACTIVE, NULL, EVENING),
	                 TEND_OK);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;

	app_close(f->app);
	tk_rm_dir(f->dir);
	free(f);
	return 0;
}

/* The value of the `nth` line starting with `name:` in the file (folded
 * lines are not looked into; ours are short). */
static const char *file_prop(const char *path, const char *name, int nth, char *buf,
                             size_t size)
{
	size_t len, nl = strlen(name);
	char *s = (char *)tk_slurp(path, &len);
	const char *found = NULL;

	assert_non_null(s);
	for (char *p = s; *p;) {
		char *e = strstr(p, "\r\n");

		assert_non_null(e);
		if (strncmp(p, name, nl) == 0 && p[nl] == ':' && nth-- == 0) {
			snprintf(buf, size, "%.*s", (int)(e - p - nl - 1), p + nl + 1);
			found = buf;
			break;
		}
		p = e + 2;
	}
	free(s);
	return found;
}

static void test_defaults_and_checks(void **state)
{
	struct fx *f = *state;

	assert_int_equal(app_ritual_time(f->app), 21 * 60);
	assert_int_equal(app_weekly_day(f->app), 0);
	assert_int_equal(app_date_night(f->app), 6);
	assert_int_equal(app_date_time(f->app), 19 * 60);

	assert_int_equal(app_set_ritual_time(f->app, -1), TEND_ERR_INVALID);
	assert_int_equal(app_set_ritual_time(f->app, 24 * 60), TEND_ERR_INVALID);
	assert_int_equal(app_set_weekly_day(f->app, 7), TEND_ERR_INVALID);
	assert_int_equal(app_set_weekly_day(f->app, APP_DATE_NIGHT_OFF), TEND_ERR_INVALID);
	assert_int_equal(app_set_date_night(f->app, 7), TEND_ERR_INVALID);
	assert_int_equal(app_set_date_night(f->app, -2), TEND_ERR_INVALID);
	assert_int_equal(app_set_date_time(f->app, 1440), TEND_ERR_INVALID);
	assert_int_equal(app_ritual_time(f->app), 21 * 60);
	assert_int_equal(app_weekly_day(f->app), 0);
	assert_int_equal(app_date_night(f->app), 6);
	assert_int_equal(app_date_time(f->app), 19 * 60);

	assert_int_equal(app_set_ritual_time(f->app, 20 * 60 + 30), TEND_OK);
	assert_int_equal(app_set_weekly_day(f->app, 3), TEND_OK);
	assert_int_equal(app_set_date_night(f->app, APP_DATE_NIGHT_OFF), TEND_OK);
	assert_int_equal(app_set_date_time(f->app, 0), TEND_OK);
	app_close(f->app);
	fx_open(f);
	assert_int_equal(app_ritual_time(f->app), 20 * 60 + 30);
	assert_int_equal(app_weekly_day(f->app), 3);
	assert_int_equal(app_date_night(f->app), APP_DATE_NIGHT_OFF);
	assert_int_equal(app_date_time(f->app), 0);

	/* A value no tend stores (a changed file) reads as the default. */
	app_close(f->app);
	tk_sql(f->db, "UPDATE setting SET value = 99 WHERE key = 'weekly_day';"
	              "UPDATE setting SET value = 5000 WHERE key = 'ritual_min';"
	              "UPDATE setting SET value = -7 WHERE key = 'date_day';");
	fx_open(f);
	assert_int_equal(app_weekly_day(f->app), 0);
	assert_int_equal(app_ritual_time(f->app), 21 * 60);
	assert_int_equal(app_date_night(f->app), 6);
}

static void test_weekday_names(void **state)
{
	static const char *const good[][2] = {
		{ "sun", "0" }, { "mon", "1" }, { "tue", "2" }, { "wed", "3" }, { "thu", "4" },
		{ "fri", "5" }, { "sat", "6" }, { "SUN", "0" }, { "Monday", "1" },
		{ "tuesday", "2" }, { "WEDNESDAY", "3" }, { "Thursday", "4" }, { "friday", "5" },
		{ "saTurDay", "6" }, { "Sunday", "0" },
	};
	static const char *const bad[] = { "", "su", "mo", "monday ", " mon", "8", "0", "off",
	                                   "sonntag", "mond", "saturdays" };
	(void)state;

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_int_equal(app_weekday_parse(good[i][0]), atoi(good[i][1]));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(app_weekday_parse(bad[i]), -1);
	assert_int_equal(app_weekday_parse(NULL), -1);
	assert_string_equal(app_weekday_name(0), "Sunday");
	assert_string_equal(app_weekday_name(6), "Saturday");
	assert_string_equal(app_weekday_name(APP_DATE_NIGHT_OFF), "off");
}

static void test_calendar_file(void **state)
{
	struct fx *f = *state;
	char err[512] = "", v[128], uid[3][128];
	struct stat sb;

	assert_int_equal(app_calendar(f->app, EVENING, f->ics, -1, err, sizeof(err)), TEND_OK);
	assert_int_equal(stat(f->ics, &sb), 0);
	assert_true(S_ISREG(sb.st_mode));
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_string_equal(file_prop(f->ics, "PRODID", 0, v, sizeof(v)),
	                    "-//tend//tend calendar//EN");
	assert_string_equal(file_prop(f->ics, "DTSTART", 0, v, sizeof(v)), "20261125T210000");
	assert_string_equal(file_prop(f->ics, "DTSTART", 1, v, sizeof(v)), "20261129T210000");
	assert_string_equal(file_prop(f->ics, "DTSTART", 2, v, sizeof(v)), "20261128T190000");
	assert_string_equal(file_prop(f->ics, "DTSTAMP", 0, v, sizeof(v)), "20261125T210000Z");
	for (int i = 0; i < 3; i++)
		assert_non_null(file_prop(f->ics, "UID", i, uid[i], sizeof(uid[i])));
	assert_false(tk_file_has(f->ics, names[0], strlen(names[0])));
	assert_false(tk_file_has(f->ics, names[1], strlen(names[1])));
	assert_false(tk_file_has(f->ics, "Zo", 2));

	/* Its own file is replaced; the UIDs stay, across a reopen too, and
	 * the settings move the events. */
	app_close(f->app);
	fx_open(f);
	assert_int_equal(app_set_weekly_day(f->app, 3), TEND_OK);
	assert_int_equal(app_set_date_night(f->app, APP_DATE_NIGHT_OFF), TEND_OK);
	assert_int_equal(app_calendar(f->app, EVENING + 24 * HOUR, f->ics, -1, err, sizeof(err)),
	                 TEND_OK);
	for (int i = 0; i < 2; i++)
		assert_string_equal(file_prop(f->ics, "UID", i, v, sizeof(v)), uid[i]);
	assert_null(file_prop(f->ics, "UID", 2, v, sizeof(v)));
	/* Thursday's night: the check-in tonight, the talk next Wednesday. */
	assert_string_equal(file_prop(f->ics, "DTSTART", 0, v, sizeof(v)), "20261126T210000");
	assert_string_equal(file_prop(f->ics, "DTSTART", 1, v, sizeof(v)), "20261202T210000");
}

static void test_calendar_night_rule(void **state)
{
	struct fx *f = *state;
	char err[512] = "", v[128];
	time_t late = EVENING + 4 * HOUR + 30 * 60; /* Thursday 01:30: Wednesday's night */

	assert_int_equal(app_set_weekly_day(f->app, 3), TEND_OK); /* Wednesday */
	assert_int_equal(app_calendar(f->app, late, f->ics, -1, err, sizeof(err)), TEND_OK);
	assert_string_equal(file_prop(f->ics, "DTSTART", 1, v, sizeof(v)), "20261125T210000");
	assert_string_equal(file_prop(f->ics, "DTSTART", 0, v, sizeof(v)), "20261126T210000");
	/* With the boundary at 01:00, 01:30 is Thursday's night already. */
	assert_int_equal(app_set_boundary(f->app, 60), TEND_OK);
	assert_int_equal(app_calendar(f->app, late, f->ics, -1, err, sizeof(err)), TEND_OK);
	assert_string_equal(file_prop(f->ics, "DTSTART", 1, v, sizeof(v)), "20261202T210000");
	/* A check-in at 00:30 belongs to the evening before: Wednesday's talk
	 * is at 00:30 on Thursday's date. */
	assert_int_equal(app_set_ritual_time(f->app, 30), TEND_OK);
	assert_int_equal(app_set_boundary(f->app, 4 * 60), TEND_OK);
	assert_int_equal(app_calendar(f->app, EVENING, f->ics, -1, err, sizeof(err)), TEND_OK);
	assert_string_equal(file_prop(f->ics, "DTSTART", 1, v, sizeof(v)), "20261126T003000");
	assert_string_equal(file_prop(f->ics, "RRULE", 1, v, sizeof(v)), "FREQ=WEEKLY;BYDAY=TH");
}

static void test_calendar_refuses(void **state)
{
	struct fx *f = *state;
	char err[512] = "", other[160], wal[160], *before;
	size_t len, len2;
	uint8_t *after;

	/* Never the database or its files. */
	assert_int_equal(app_calendar(f->app, EVENING, f->db, -1, err, sizeof(err)),
	                 TEND_ERR_INVALID);
	assert_non_null(strstr(err, "database"));
	snprintf(wal, sizeof(wal), "%s-wal", f->db);
	assert_int_equal(app_calendar(f->app, EVENING, wal, -1, err, sizeof(err)),
	                 TEND_ERR_INVALID);

	/* Never a file tend did not write, even another calendar. */
	snprintf(other, sizeof(other), "%s/mine.ics", f->dir);
	before = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//someone//else//EN\r\nEND:VCALENDAR\r\n";
	{
		FILE *fp = fopen(other, "wb");
		assert_non_null(fp);
		fputs(before, fp);
		fclose(fp);
	}
	err[0] = '\0';
	assert_int_equal(app_calendar(f->app, EVENING, other, -1, err, sizeof(err)),
	                 TEND_ERR_EXISTS);
	assert_non_null(strstr(err, "not a calendar tend wrote"));
	after = tk_slurp(other, &len);
	assert_int_equal(len, strlen(before));
	assert_memory_equal(after, before, len);
	free(after);
	/* Nor a folder. */
	assert_int_equal(app_calendar(f->app, EVENING, f->dir, -1, err, sizeof(err)),
	                 TEND_ERR_EXISTS);

	/* To a descriptor: the same text as the file. */
	{
		char out[160];
		int fd;

		snprintf(out, sizeof(out), "%s/fd.ics", f->dir);
		fd = open(out, O_WRONLY | O_CREAT | O_EXCL, 0600);
		assert_true(fd >= 0);
		assert_int_equal(app_calendar(f->app, EVENING, NULL, fd, err, sizeof(err)), TEND_OK);
		close(fd);
		assert_int_equal(app_calendar(f->app, EVENING, f->ics, -1, err, sizeof(err)), TEND_OK);
		after = tk_slurp(out, &len);
		before = (char *)tk_slurp(f->ics, &len2);
		assert_int_equal(len, len2);
		assert_memory_equal(after, before, len);
		free(after);
		free(before);
	}
}

static void test_calendar_needs_a_couple(void **state)
{
	char dir[64], db[128], ics[160], err[256] = "";
	struct app *app;
	(void)state;

	snprintf(dir, sizeof(dir), "/tmp/tend-cal0-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(db, sizeof(db), "%s/tend.db", dir);
	snprintf(ics, sizeof(ics), "%s/tend.ics", dir);
	assert_int_equal(app_open(db, false, &app, err, sizeof(err)), TEND_OK);
	assert_int_equal(app_calendar(app, EVENING, ics, -1, err, sizeof(err)), TEND_ERR_NOT_SETUP);
	assert_int_equal(access(ics, F_OK), -1);
	app_close(app);
	tk_rm_dir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_defaults_and_checks, fx_setup, fx_teardown),
		cmocka_unit_test(test_weekday_names),
		cmocka_unit_test_setup_teardown(test_calendar_file, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_calendar_night_rule, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_calendar_refuses, fx_setup, fx_teardown),
		cmocka_unit_test(test_calendar_needs_a_couple),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
