/* night.c: nights as day numbers. Dates become numbers by pure arithmetic
 * (Howard Hinnant's days_from_civil / civil_from_days), never mktime, so a
 * daylight-saving change can neither stretch nor shift a night. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "tend/night.h"


/* Days from 1970-01-01 to year-month-day (proleptic Gregorian). Works in
 * 64 bits so no input can overflow; month outside 1..12 gives a meaningless
 * but defined result. */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;                                 /* [0, 399] */
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* [0, 365] */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;         /* [0, 146096] */
	return era * 146097 + doe - 719468;
}

/* The inverse of days_from_civil. */
static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;                                    /* [0, 146096] */
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* [0, 399] */
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);             /* [0, 365] */
	int64_t mp = (5 * doy + 2) / 153;                                  /* [0, 11] */
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int len[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && is_leap(y) ? 29 : len[m - 1];
}

/* The local date of `t`, moved back one day when the local wall-clock time
 * is before the boundary. A boundary outside 0..1439 is clamped into it.
 * Should localtime_r fail (a time_t far outside any calendar), the UTC day
 * is returned instead. */
tend_night night_of(time_t t, int boundary_min)
{
	struct tm tm;

	if (boundary_min < 0)
		boundary_min = 0;
	if (boundary_min > NIGHT_MINUTES - 1)
		boundary_min = NIGHT_MINUTES - 1;
	if (!localtime_r(&t, &tm)) {
		int64_t s = (int64_t)t;
		return (tend_night)(s / 86400 - (s % 86400 < 0));
	}
	int64_t day = days_from_civil((int64_t)tm.tm_year + 1900, tm.tm_mon + 1,
	                              tm.tm_mday);
	if (tm.tm_hour * 60 + tm.tm_min < boundary_min)
		day--;
	return (tend_night)day;
}

/* Minutes from `from` to `to` on a clock face of one day (0..1439). */
static int minutes_after(int from, int to)
{
	return ((to - from) % NIGHT_MINUTES + NIGHT_MINUTES) % NIGHT_MINUTES;
}

/* By the local wall clock: on the days daylight saving changes, an hour
 * more or less of the night is early. */
bool night_early(time_t t, int boundary_min, int until_min)
{
	struct tm tm;

	if (!localtime_r(&t, &tm))
		return false;
	return minutes_after(boundary_min, tm.tm_hour * 60 + tm.tm_min) <
	       minutes_after(boundary_min, until_min);
}

/* The day number of a date; month 1..12, day 1..31 expected (other values
 * give an unspecified night, never undefined behaviour). */
tend_night night_from_date(int year, int month, int day)
{
	return (tend_night)days_from_civil(year, month, day);
}

/* Splits a night into its date; any pointer may be NULL. */
void night_to_date(tend_night n, int *year, int *month, int *day)
{
	int64_t y;
	int m, d;

	civil_from_days(n, &y, &m, &d);
	if (year)
		*year = (int)y;
	if (month)
		*month = m;
	if (day)
		*day = d;
}

/* 0 = Sunday .. 6 = Saturday; night 0 (1970-01-01) was a Thursday. */
int night_weekday(tend_night n)
{
	return (int)((n % 7 + 7 + 4) % 7);
}

/* The origin's own weekday, moved on by first - 1 days. */
int night_week_start(long origin, int first)
{
	int y = (int)(origin / 10000), m = (int)(origin / 100 % 100), d = (int)(origin % 100);

	if (origin < 10000101L || origin > 99991231L || m < 1 || m > 12 || d < 1 ||
	    d > days_in_month(y, m) || first < 1 || first > 7)
		return 0;
	return (night_weekday(night_from_date(y, m, d)) + first - 1) % 7;
}

int night_week_column(tend_night n, int week_start)
{
	return ((night_weekday(n) - week_start) % 7 + 7) % 7;
}

tend_night night_week_begin(tend_night n, int week_start)
{
	return n - night_week_column(n, week_start);
}

/* "YYYY-MM-DD" into buf, cut short (but always terminated) when size < 11;
 * nothing is written when size is 0. */
void night_format(tend_night n, char *buf, size_t size)
{
	int y, m, d;

	if (!buf || size == 0)
		return;
	night_to_date(n, &y, &m, &d);
	snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
}

void night_stamp(tend_night n, time_t t, char *buf, size_t size)
{
	char date[16];
	struct tm tm;

	if (!buf || size == 0)
		return;
	night_format(n, date, sizeof(date));
	if (localtime_r(&t, &tm))
		snprintf(buf, size, "%s %02d:%02d", date, tm.tm_hour, tm.tm_min);
	else
		snprintf(buf, size, "%s", date);
}

/* Reads `len` ASCII digits; -1 if any is not a digit. */
static int read_digits(const char *s, int len)
{
	int v = 0;

	for (int i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* Strict: exactly four digits, '-', two digits, '-', two digits, nothing
 * before or after; the date must exist (2023-02-29 does not). */
int night_parse(const char *s, tend_night *out)
{
	if (!s || !out || strnlen(s, 11) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	int y = read_digits(s, 4);
	int m = read_digits(s + 5, 2);
	int d = read_digits(s + 8, 2);
	if (y < 0 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return -1;
	*out = night_from_date(y, m, d);
	return 0;
}
