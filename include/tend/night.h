/* night.h: nights. A night is the local calendar date shifted back by the
 * day boundary (default 04:00), so a check-in at 00:30 belongs to the evening
 * before. Nights are numbered as days since 1970-01-01, so consecutive nights
 * differ by one whatever daylight-saving does to the clock. Pure apart from
 * reading the time zone (TZ) through localtime_r. */
#ifndef TEND_NIGHT_H
#define TEND_NIGHT_H

#include <stdint.h>
#include <time.h>

typedef int32_t tend_night; /* days since 1970-01-01 of the evening's date */

#define NIGHT_DEFAULT_BOUNDARY_MIN (4 * 60)

/* The night that instant `t` belongs to, for a boundary `boundary_min`
 * minutes after local midnight (0..1439; values outside are clamped). */
tend_night night_of(time_t t, int boundary_min);
/* The night of a calendar date (proleptic Gregorian). */
tend_night night_from_date(int year, int month, int day);
/* The calendar date of a night. */
void night_to_date(tend_night n, int *year, int *month, int *day);
/* 0 = Sunday .. 6 = Saturday. */
int night_weekday(tend_night n);
/* Writes "2026-11-24" into buf (at least 11 bytes; a smaller buf gets a
 * cut-short, still terminated string). */
void night_format(tend_night n, char *buf, size_t size);
/* Parses "YYYY-MM-DD"; returns 0 on success, -1 on anything else. */
int night_parse(const char *s, tend_night *out);

#endif
