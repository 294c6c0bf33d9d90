/* test_night.c: nights across the day boundary, daylight saving and odd
 * time zones; the calendar arithmetic against an independent day counter. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "tend/night.h"

#define B4 NIGHT_DEFAULT_BOUNDARY_MIN

static void set_zone(const char *tz)
{
	assert_int_equal(setenv("TZ", tz, 1), 0);
	tzset();
}

/* The instant of a UTC wall-clock time, by timegm (not by night.c). */
static time_t utc(int y, int mo, int d, int h, int mi)
{
	struct tm tm = { 0 };

	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	return timegm(&tm);
}

/* The instant of a local wall-clock time whose UTC offset (minutes east)
 * the test states by hand. */
static time_t local_at(int y, int mo, int d, int h, int mi, int off_min)
{
	return utc(y, mo, d, h, mi) - (time_t)off_min * 60;
}

/* Asserts that `t` belongs to night y-mo-d, printing both dates on failure. */
static void expect_night(time_t t, int boundary, int y, int mo, int d)
{
	char got[16], want[16];
	tend_night n = night_of(t, boundary);

	night_format(n, got, sizeof got);
	night_format(night_from_date(y, mo, d), want, sizeof want);
	if (strcmp(got, want) != 0)
		fail_msg("TZ=%s t=%lld boundary=%d: night %s, expected %s",
		         getenv("TZ"), (long long)t, boundary, got, want);
}

static void test_boundary_utc(void **state)
{
	(void)state;
	set_zone("UTC");
	expect_night(utc(2026, 11, 24, 0, 30), B4, 2026, 11, 23);
	expect_night(utc(2026, 11, 24, 3, 59), B4, 2026, 11, 23);
	expect_night(utc(2026, 11, 24, 3, 59) + 59, B4, 2026, 11, 23);
	expect_night(utc(2026, 11, 24, 4, 0), B4, 2026, 11, 24);
	expect_night(utc(2026, 11, 24, 21, 0), B4, 2026, 11, 24);
	expect_night(utc(2026, 11, 24, 23, 59), B4, 2026, 11, 24);
	/* across a month and a year */
	expect_night(utc(2027, 1, 1, 1, 0), B4, 2026, 12, 31);
	expect_night(utc(2024, 3, 1, 2, 0), B4, 2024, 2, 29);
	expect_night(utc(2023, 3, 1, 2, 0), B4, 2023, 2, 28);
	/* before 1970: negative nights */
	expect_night(utc(1970, 1, 1, 3, 0), B4, 1969, 12, 31);
	assert_int_equal(night_of(utc(1970, 1, 1, 3, 0), B4), -1);
	assert_int_equal(night_of(utc(1970, 1, 1, 4, 0), B4), 0);
}

static void test_boundary_zero_and_last_minute(void **state)
{
	(void)state;
	set_zone("UTC");
	expect_night(utc(2026, 11, 24, 0, 0), 0, 2026, 11, 24);
	expect_night(utc(2026, 11, 24, 0, 0) - 1, 0, 2026, 11, 23);
	expect_night(utc(2026, 11, 24, 23, 59), 0, 2026, 11, 24);
	expect_night(utc(2026, 11, 24, 23, 58), 23 * 60 + 59, 2026, 11, 23);
	expect_night(utc(2026, 11, 24, 23, 59), 23 * 60 + 59, 2026, 11, 24);
	expect_night(utc(2026, 11, 24, 0, 0), 23 * 60 + 59, 2026, 11, 23);
	/* out of range boundaries are clamped to 0 and 23:59 */
	expect_night(utc(2026, 11, 24, 0, 0), -30, 2026, 11, 24);
	expect_night(utc(2026, 11, 24, 23, 58), 5000, 2026, 11, 23);
	expect_night(utc(2026, 11, 24, 23, 59), 5000, 2026, 11, 24);
}

/* Clocks go back: 02:00-03:00 CEST happens, then 02:00-03:00 CET again. */
static void test_berlin_fall_back(void **state)
{
	(void)state;
	set_zone("Europe/Berlin");
	expect_night(local_at(2026, 10, 24, 22, 0, 120), B4, 2026, 10, 24);
	expect_night(local_at(2026, 10, 25, 1, 30, 120), B4, 2026, 10, 24);
	expect_night(local_at(2026, 10, 25, 2, 30, 120), B4, 2026, 10, 24);
	expect_night(local_at(2026, 10, 25, 2, 30, 60), B4, 2026, 10, 24);
	expect_night(local_at(2026, 10, 25, 3, 59, 60), B4, 2026, 10, 24);
	expect_night(local_at(2026, 10, 25, 4, 0, 60), B4, 2026, 10, 25);
	expect_night(local_at(2026, 10, 25, 22, 0, 60), B4, 2026, 10, 25);
	/* the 25-hour day still moves on by exactly one night */
	assert_int_equal(night_of(local_at(2026, 10, 25, 22, 0, 60), B4) -
	                 night_of(local_at(2026, 10, 24, 22, 0, 120), B4), 1);
}

/* Clocks go forward: 02:00 CET jumps to 03:00 CEST. */
static void test_berlin_spring_forward(void **state)
{
	(void)state;
	set_zone("Europe/Berlin");
	expect_night(local_at(2026, 3, 29, 1, 30, 60), B4, 2026, 3, 28);
	expect_night(local_at(2026, 3, 29, 1, 59, 60), B4, 2026, 3, 28);
	expect_night(local_at(2026, 3, 29, 3, 0, 120), B4, 2026, 3, 28);
	expect_night(local_at(2026, 3, 29, 3, 59, 120), B4, 2026, 3, 28);
	expect_night(local_at(2026, 3, 29, 4, 0, 120), B4, 2026, 3, 29);
	/* a boundary inside the missing hour: one second crosses it */
	time_t last_cet = local_at(2026, 3, 29, 1, 59, 60) + 59;
	expect_night(last_cet, 150, 2026, 3, 28);
	expect_night(last_cet + 1, 150, 2026, 3, 29);
	assert_int_equal(night_of(local_at(2026, 3, 29, 21, 0, 120), B4) -
	                 night_of(local_at(2026, 3, 28, 21, 0, 60), B4), 1);
}

/* New York falls back at 02:00 EDT to 01:00 EST: 01:30 happens twice. */
static void test_new_york_fall_back(void **state)
{
	(void)state;
	set_zone("America/New_York");
	expect_night(local_at(2026, 10, 31, 23, 0, -240), B4, 2026, 10, 31);
	expect_night(local_at(2026, 11, 1, 1, 30, -240), B4, 2026, 10, 31);
	expect_night(local_at(2026, 11, 1, 1, 30, -300), B4, 2026, 10, 31);
	expect_night(local_at(2026, 11, 1, 3, 59, -300), B4, 2026, 10, 31);
	expect_night(local_at(2026, 11, 1, 4, 0, -300), B4, 2026, 11, 1);
	expect_night(local_at(2026, 11, 1, 23, 30, -300), B4, 2026, 11, 1);
}

static void test_new_york_spring_forward(void **state)
{
	(void)state;
	set_zone("America/New_York");
	expect_night(local_at(2026, 3, 8, 1, 30, -300), B4, 2026, 3, 7);
	expect_night(local_at(2026, 3, 8, 3, 30, -240), B4, 2026, 3, 7);
	expect_night(local_at(2026, 3, 8, 3, 59, -240), B4, 2026, 3, 7);
	expect_night(local_at(2026, 3, 8, 4, 0, -240), B4, 2026, 3, 8);
	expect_night(local_at(2026, 3, 7, 23, 59, -300), B4, 2026, 3, 7);
}

/* Lord Howe shifts by half an hour: +11 to +10:30 at 02:00 on 2026-04-05
 * (01:30-02:00 twice), +10:30 to +11 at 02:00 on 2026-10-04 (02:00-02:30
 * never happens). */
static void test_lord_howe(void **state)
{
	(void)state;
	set_zone("Australia/Lord_Howe");
	expect_night(local_at(2026, 4, 5, 1, 45, 660), B4, 2026, 4, 4);
	expect_night(local_at(2026, 4, 5, 1, 45, 630), B4, 2026, 4, 4);
	expect_night(local_at(2026, 4, 5, 3, 59, 630), B4, 2026, 4, 4);
	expect_night(local_at(2026, 4, 5, 4, 0, 630), B4, 2026, 4, 5);
	expect_night(local_at(2026, 10, 4, 1, 30, 630), B4, 2026, 10, 3);
	expect_night(local_at(2026, 10, 4, 3, 59, 660), B4, 2026, 10, 3);
	expect_night(local_at(2026, 10, 4, 4, 0, 660), B4, 2026, 10, 4);
	/* a 02:15 boundary falls in the skipped half hour */
	time_t before = local_at(2026, 10, 4, 1, 59, 630) + 59;
	expect_night(before, 135, 2026, 10, 3);
	expect_night(before + 1, 135, 2026, 10, 4);
}

static void test_kolkata(void **state)
{
	(void)state;
	set_zone("Asia/Kolkata");
	expect_night(local_at(2026, 11, 24, 3, 59, 330), B4, 2026, 11, 23);
	expect_night(local_at(2026, 11, 24, 4, 0, 330), B4, 2026, 11, 24);
	expect_night(local_at(2026, 11, 24, 0, 30, 330), B4, 2026, 11, 23);
	/* 22:29 UTC on the 23rd is already 03:59 on the 24th in Kolkata */
	assert_int_equal(local_at(2026, 11, 24, 3, 59, 330), utc(2026, 11, 23, 22, 29));
}

static void test_kiritimati(void **state)
{
	(void)state;
	set_zone("Pacific/Kiritimati");
	expect_night(local_at(2026, 11, 24, 0, 30, 840), B4, 2026, 11, 23);
	expect_night(local_at(2026, 11, 24, 4, 0, 840), B4, 2026, 11, 24);
	expect_night(local_at(2026, 11, 24, 23, 0, 840), B4, 2026, 11, 24);
	/* Kiritimati skipped 1994-12-31: 23:00 on the 30th (-10) was followed
	 * an hour later by 00:00 on 1995-01-01 (+14) */
	expect_night(local_at(1994, 12, 30, 23, 0, -600), B4, 1994, 12, 30);
	expect_night(local_at(1995, 1, 1, 5, 0, 840), B4, 1995, 1, 1);
}

/* One instant, four zones, three different nights. */
static void test_same_instant_many_zones(void **state)
{
	time_t t = utc(2026, 11, 24, 12, 0);

	(void)state;
	set_zone("UTC");
	expect_night(t, B4, 2026, 11, 24);
	set_zone("Pacific/Kiritimati"); /* 02:00 on the 25th */
	expect_night(t, B4, 2026, 11, 24);
	set_zone("Asia/Kolkata");       /* 17:30 on the 24th */
	expect_night(t, B4, 2026, 11, 24);
	set_zone("Pacific/Pago_Pago");  /* 01:00 on the 24th */
	expect_night(t, B4, 2026, 11, 23);
	set_zone("Pacific/Kiritimati"); /* 05:00 on the 25th */
	expect_night(t + 3 * 3600, B4, 2026, 11, 25);
}

static void test_known_dates(void **state)
{
	int y, m, d;

	(void)state;
	assert_int_equal(night_from_date(1970, 1, 1), 0);
	assert_int_equal(night_from_date(1969, 12, 31), -1);
	assert_int_equal(night_from_date(2000, 1, 1), 10957);
	assert_int_equal(night_from_date(2000, 3, 1) - night_from_date(2000, 2, 28), 2);
	assert_int_equal(night_from_date(2100, 3, 1) - night_from_date(2100, 2, 28), 1);
	assert_int_equal(night_from_date(2400, 3, 1) - night_from_date(2400, 2, 28), 2);
	assert_int_equal(night_from_date(1900, 3, 1) - night_from_date(1900, 2, 28), 1);
	assert_int_equal(night_from_date(2026, 11, 24), 1795478400 / 86400);
	assert_int_equal(night_from_date(1900, 1, 1), -2208988800LL / 86400);
	night_to_date(night_from_date(2100, 2, 28) + 1, &y, &m, &d);
	assert_int_equal(y, 2100);
	assert_int_equal(m, 3);
	assert_int_equal(d, 1);
	night_to_date(night_from_date(2400, 2, 28) + 1, &y, &m, &d);
	assert_int_equal(m * 100 + d, 229);
	night_to_date(-1, &y, &m, &d);
	assert_int_equal(y * 10000 + m * 100 + d, 19691231);
	night_to_date(0, NULL, &m, NULL); /* NULL outputs are allowed */
	assert_int_equal(m, 1);
}

static int month_len(int y, int m)
{
	static const int len[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : len[m - 1];
}

/* Every day from 1600-01-01 to 2500-12-31, counted one by one with a plain
 * calendar, must match both directions of the arithmetic; from 1900 on also
 * timegm's day count. */
static void test_round_trip_range(void **state)
{
	int y = 1600, m = 1, d = 1;
	tend_night n = night_from_date(1600, 1, 1);
	int seen_1970 = 0, seen_2000 = 0, seen_2100 = 0, seen_2400 = 0;

	(void)state;
	while (y <= 2500) {
		int gy, gm, gd;

		assert_int_equal(night_from_date(y, m, d), n);
		night_to_date(n, &gy, &gm, &gd);
		if (gy != y || gm != m || gd != d)
			fail_msg("night %d: %04d-%02d-%02d, expected %04d-%02d-%02d",
			         (int)n, gy, gm, gd, y, m, d);
		if (y >= 1900 && d == 1)
			assert_int_equal((long long)n * 86400, (long long)utc(y, m, d, 0, 0));
		seen_1970 += n == 0;
		seen_2000 += y == 2000 && m == 2 && d == 29;
		seen_2100 += y == 2100 && m == 2 && d == 28;
		seen_2400 += y == 2400 && m == 2 && d == 29;
		if (y == 2100 && m == 2)
			assert_true(d <= 28);
		n++;
		if (++d > month_len(y, m)) {
			d = 1;
			if (++m > 12) {
				m = 1;
				y++;
			}
		}
	}
	assert_int_equal(seen_1970 + seen_2000 + seen_2100 + seen_2400, 4);
}

static void test_weekday(void **state)
{
	(void)state;
	assert_int_equal(night_weekday(night_from_date(1970, 1, 1)), 4);  /* Thu */
	assert_int_equal(night_weekday(night_from_date(1969, 12, 31)), 3); /* Wed */
	assert_int_equal(night_weekday(night_from_date(2000, 1, 1)), 6);  /* Sat */
	assert_int_equal(night_weekday(night_from_date(2026, 11, 24)), 2); /* Tue */
	assert_int_equal(night_weekday(night_from_date(1900, 1, 1)), 1);  /* Mon */
	assert_int_equal(night_weekday(night_from_date(2400, 1, 1)), 6);  /* Sat */
	assert_int_equal(night_weekday(night_from_date(2100, 3, 1)), 1);  /* Mon */
	/* against gmtime over a stretch on both sides of 1970 */
	for (tend_night n = -3000; n <= 3000; n += 7 * 13 + 1) {
		time_t t = (time_t)n * 86400;
		struct tm tm;

		assert_non_null(gmtime_r(&t, &tm));
		assert_int_equal(night_weekday(n), tm.tm_wday);
	}
}

/* A week's first day from a locale's two facts, as glibc gives them. */
static void test_week_start(void **state)
{
	(void)state;
	assert_int_equal(night_week_start(19971130, 1), 0); /* C, POSIX, en_US: Sunday */
	assert_int_equal(night_week_start(19971130, 2), 1); /* de_DE, en_GB: Monday */
	assert_int_equal(night_week_start(19971130, 7), 6); /* a Saturday start */
	assert_int_equal(night_week_start(19971201, 1), 1); /* a list that begins on Monday */
	assert_int_equal(night_week_start(19971201, 7), 0); /* ... and its seventh day */
	assert_int_equal(night_week_start(20260101, 1), 4); /* any date will do: a Thursday */
	/* what cannot be read is Sunday */
	assert_int_equal(night_week_start(0, 2), 0);
	assert_int_equal(night_week_start(19971332, 2), 0);
	assert_int_equal(night_week_start(20230229, 2), 0); /* no such day */
	assert_int_equal(night_week_start(-19971130, 2), 0);
	assert_int_equal(night_week_start(19971130, 0), 0);
	assert_int_equal(night_week_start(19971130, 8), 0);
}

/* Each night's column in the week, for weeks from Sunday and from Monday. */
static void test_week_column(void **state)
{
	tend_night mon = night_from_date(2026, 11, 23);

	(void)state;
	for (int i = 0; i < 7; i++) {
		assert_int_equal(night_week_column(mon + i, 1), i);           /* Mon 23 .. Sun 29 */
		assert_int_equal(night_week_column(mon - 1 + i, 0), i);       /* Sun 22 .. Sat 28 */
		assert_int_equal(night_week_begin(mon + i, 1), mon);
		assert_int_equal(night_week_begin(mon - 1 + i, 0), mon - 1);
	}
	/* Wednesday 2026-11-25: the fourth column from Sunday, the third from Monday */
	assert_int_equal(night_week_column(mon + 2, 0), 3);
	assert_int_equal(night_week_column(mon + 2, 1), 2);
	assert_int_equal(night_week_column(mon + 2, 6), 4); /* from Saturday */
	assert_int_equal(night_week_column(mon + 2, 7), 3); /* 7 is Sunday again */
	/* The columns stand still: the next night is the next column, a week on
	 * the same one, on both sides of 1970 and from every first day. */
	for (int ws = 0; ws < 7; ws++)
		for (tend_night n = -800; n <= 800; n++) {
			int col = night_week_column(n, ws);

			assert_in_range(col, 0, 6);
			assert_int_equal(night_week_column(n + 1, ws), (col + 1) % 7);
			assert_int_equal(night_week_column(n + 7, ws), col);
			assert_int_equal(night_weekday(night_week_begin(n, ws)), ws);
			assert_int_equal(n - night_week_begin(n, ws), col);
		}
}

/* An entry's date with its time: the night's date, the clock's time. */
static void expect_stamp(time_t t, const char *want)
{
	char got[32];

	night_stamp(night_of(t, B4), t, got, sizeof(got));
	if (strcmp(got, want) != 0)
		fail_msg("TZ=%s t=%lld: \"%s\", expected \"%s\"", getenv("TZ"), (long long)t, got,
		         want);
}

static void test_stamp(void **state)
{
	char small[8];

	(void)state;
	set_zone("UTC");
	expect_stamp(utc(2026, 11, 30, 3, 49), "2026-11-29 03:49"); /* before 04:00 */
	expect_stamp(utc(2026, 11, 30, 3, 59), "2026-11-29 03:59");
	expect_stamp(utc(2026, 11, 30, 4, 0), "2026-11-30 04:00");   /* from 04:00 */
	expect_stamp(utc(2026, 11, 30, 0, 0), "2026-11-29 00:00");
	expect_stamp(utc(2026, 11, 29, 23, 59), "2026-11-29 23:59");
	expect_stamp(utc(2027, 1, 1, 1, 30), "2026-12-31 01:30");    /* the year before */
	set_zone("Europe/Berlin");
	/* 02:49 UTC is 03:49 in Berlin (UTC+1 in winter): still the 29th's night */
	expect_stamp(utc(2026, 11, 30, 2, 49), "2026-11-29 03:49");
	expect_stamp(utc(2026, 11, 30, 3, 0), "2026-11-30 04:00");
	set_zone("UTC");
	/* a buffer too small is cut short, still terminated */
	night_stamp(night_from_date(2026, 11, 29), utc(2026, 11, 30, 3, 49), small,
	            sizeof(small));
	assert_string_equal(small, "2026-11");
}

static void test_format(void **state)
{
	char buf[16];

	(void)state;
	night_format(0, buf, sizeof buf);
	assert_string_equal(buf, "1970-01-01");
	night_format(night_from_date(2026, 11, 24), buf, 11);
	assert_string_equal(buf, "2026-11-24");
	night_format(night_from_date(812, 3, 9), buf, sizeof buf);
	assert_string_equal(buf, "0812-03-09");
	memset(buf, 'x', sizeof buf);
	night_format(0, buf, 5);
	assert_string_equal(buf, "1970");
	assert_int_equal(buf[5], 'x');
	memset(buf, 'x', sizeof buf);
	night_format(0, buf, 0);
	assert_int_equal(buf[0], 'x');
}

static void test_parse(void **state)
{
	static const char *bad[] = {
		"", "2026", "2026-11", "2026-11-2", "2026-1-24", "26-11-24",
		"2026-11-24 ", " 2026-11-24", "2026-11-24x", "2026/11/24",
		"2026-11/24", "20261124", "+026-11-24", "-026-11-24",
		"2026-+1-24", "2026-11-2a", "2026-13-01", "2026-00-10",
		"2026-11-00", "2026-11-31", "2026-04-31", "2026-01-32",
		"2023-02-29", "2100-02-29", "1900-02-29", "2026-02-30",
		"2026-11-24\n", "\xef\xbc\x92\xef\xbc\x90\xef\xbc\x92\xef\xbc\x96",
	};
	tend_night n = 12345;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (night_parse(bad[i], &n) != -1)
			fail_msg("accepted \"%s\"", bad[i]);
		assert_int_equal(n, 12345); /* untouched on failure */
	}
	assert_int_equal(night_parse(NULL, &n), -1);
	assert_int_equal(night_parse("2026-11-24", NULL), -1);

	assert_int_equal(night_parse("2026-11-24", &n), 0);
	assert_int_equal(n, night_from_date(2026, 11, 24));
	assert_int_equal(night_parse("2000-02-29", &n), 0);
	assert_int_equal(n, 11016);
	assert_int_equal(night_parse("2024-02-29", &n), 0);
	assert_int_equal(night_parse("2400-02-29", &n), 0);
	assert_int_equal(night_parse("1970-01-01", &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(night_parse("2026-12-31", &n), 0);

	/* format then parse gives the night back */
	for (tend_night k = night_from_date(1899, 12, 25); k < night_from_date(2101, 1, 5); k += 3) {
		char buf[16];
		tend_night back;

		night_format(k, buf, sizeof buf);
		assert_int_equal(night_parse(buf, &back), 0);
		assert_int_equal(back, k);
	}
}

/* Early in the night: from the boundary until a time of day first comes
 * after it (home's "last night" until noon or the ritual time). */
static void test_early(void **state)
{
	(void)state;
	set_zone("UTC");
	assert_true(night_early(utc(2026, 11, 25, 4, 0), B4, 12 * 60));
	assert_true(night_early(utc(2026, 11, 25, 4, 0) + 14, B4, 12 * 60));
	assert_true(night_early(utc(2026, 11, 25, 11, 59), B4, 12 * 60));
	assert_false(night_early(utc(2026, 11, 25, 12, 0), B4, 12 * 60));
	assert_false(night_early(utc(2026, 11, 25, 21, 0), B4, 12 * 60));
	assert_false(night_early(utc(2026, 11, 26, 3, 59), B4, 12 * 60)); /* the night's end */
	/* A ritual time earlier than noon ends it sooner. */
	assert_true(night_early(utc(2026, 11, 25, 9, 59), B4, 10 * 60));
	assert_false(night_early(utc(2026, 11, 25, 10, 0), B4, 10 * 60));
	/* A night that starts at midnight, one that starts after noon. */
	assert_true(night_early(utc(2026, 11, 25, 0, 30), 0, 12 * 60));
	assert_true(night_early(utc(2026, 11, 25, 13, 0), 13 * 60, 21 * 60));
	assert_true(night_early(utc(2026, 11, 25, 20, 59), 13 * 60, 21 * 60));
	assert_false(night_early(utc(2026, 11, 25, 21, 0), 13 * 60, 21 * 60));
	assert_false(night_early(utc(2026, 11, 26, 12, 59), 13 * 60, 21 * 60));
	/* Nothing is early when the end is the boundary itself. */
	assert_false(night_early(utc(2026, 11, 25, 4, 0), B4, B4));
	assert_false(night_early(utc(2026, 11, 25, 9, 0), B4, B4));
	/* Local time, not UTC: 04:30 in Berlin is 03:30 UTC. */
	set_zone("Europe/Berlin");
	assert_true(night_early(utc(2026, 11, 25, 3, 30), B4, 12 * 60));
	assert_false(night_early(utc(2026, 11, 25, 11, 30), B4, 12 * 60));
	set_zone("UTC");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_boundary_utc),
		cmocka_unit_test(test_boundary_zero_and_last_minute),
		cmocka_unit_test(test_berlin_fall_back),
		cmocka_unit_test(test_berlin_spring_forward),
		cmocka_unit_test(test_new_york_fall_back),
		cmocka_unit_test(test_new_york_spring_forward),
		cmocka_unit_test(test_lord_howe),
		cmocka_unit_test(test_kolkata),
		cmocka_unit_test(test_kiritimati),
		cmocka_unit_test(test_same_instant_many_zones),
		cmocka_unit_test(test_known_dates),
		cmocka_unit_test(test_round_trip_range),
		cmocka_unit_test(test_weekday),
		cmocka_unit_test(test_week_start),
		cmocka_unit_test(test_week_column),
		cmocka_unit_test(test_stamp),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_early),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
