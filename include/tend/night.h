/* night.h: nights. A night is the local calendar date shifted back by the
 * day boundary (default 04:00), so a check-in at 00:30 belongs to the evening
 * before. Nights are numbered as days since 1970-01-01, so consecutive nights
 * differ by one whatever daylight-saving does to the clock. Pure apart from
 * reading the time zone (TZ) through localtime_r. */
#ifndef TEND_NIGHT_H
#define TEND_NIGHT_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

typedef int32_t tend_night; /* days since 1970-01-01 of the evening's date */

#define NIGHT_MINUTES              (24 * 60) /* minutes in a day, on a clock */
#define NIGHT_DEFAULT_BOUNDARY_MIN (4 * 60)

/* The night that instant `t` belongs to, for a boundary `boundary_min`
 * minutes after local midnight (0..1439; values outside are clamped). */
tend_night night_of(time_t t, int boundary_min);
/* True while instant `t` is early in its night: from the boundary until
 * the local time `until_min` (minutes after midnight) first comes after it.
 * False all night when the two are the same. */
bool night_early(time_t t, int boundary_min, int until_min);
/* The night of a calendar date (proleptic Gregorian). */
tend_night night_from_date(int year, int month, int day);
/* The calendar date of a night. */
void night_to_date(tend_night n, int *year, int *month, int *day);
/* 0 = Sunday .. 6 = Saturday. */
int night_weekday(tend_night n);
/* The weekday a week starts on (0 = Sunday .. 6 = Saturday) by a locale's
 * two facts, as glibc gives them (_NL_TIME_WEEK_1STDAY and
 * _NL_TIME_FIRST_WEEKDAY): `origin`, a date written as the number
 * YYYYMMDD whose weekday is day 1 of the locale's list of days (19971130,
 * a Sunday, in most locales), and `first`, the day of that list (1..7) a
 * week begins on. A date or day it cannot read gives Sunday, as the C and
 * POSIX locales say. */
int night_week_start(long origin, int first);
/* The column (0..6) of night n in a calendar whose weeks start on weekday
 * `week_start` (0 = Sunday; others are taken modulo 7). */
int night_week_column(tend_night n, int week_start);
/* The first night of the week that holds night n, weeks starting on
 * weekday `week_start`: the night in column 0 of n's row. */
tend_night night_week_begin(tend_night n, int week_start);
/* Writes "2026-11-24" into buf (at least 11 bytes; a smaller buf gets a
 * cut-short, still terminated string). */
void night_format(tend_night n, char *buf, size_t size);
/* "2026-11-29 03:49": how an entry's date shows everywhere tend shows one
 * with its time: the date of its night `n` (never the calendar date of the
 * instant), then the local clock time of `t`, the instant it was written.
 * So an entry written at 03:49 on 30 November, before a 04:00 boundary,
 * reads "2026-11-29 03:49", as the streaks and the history count it.
 * Without a local time for `t`, "2026-11-29" alone. */
void night_stamp(tend_night n, time_t t, char *buf, size_t size);
/* Parses "YYYY-MM-DD"; returns 0 on success, -1 on anything else. */
int night_parse(const char *s, tend_night *out);

#endif
