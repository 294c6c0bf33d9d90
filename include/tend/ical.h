/* ical.h: the couple's shared time as an iCalendar file (RFC 5545): the
 * nightly check-in, the weekly talk that takes its place once a week, and
 * date night, each a weekly recurring event at a floating local time ("at
 * 21:00 wherever you are"). Pure: no clock (the night and the stamp come in
 * as arguments), no files, no locale. Holds nothing anyone wrote and no
 * names: the words in it are tend's own. */
#ifndef TEND_ICAL_H
#define TEND_ICAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "tend/night.h"

#define ICAL_OFF  (-1)  /* date night left out */
#define ICAL_FOLD 75    /* octets a content line may hold, its CRLF not counted */

/* When the couple meets. Weekdays are those of nights: 0 = Sunday ..
 * 6 = Saturday, as night_weekday counts them. */
struct ical_times {
	int ritual_min;    /* the nightly check-in: minutes after local midnight */
	int weekly_day;    /* the night the weekly talk takes the check-in's place */
	int date_day;      /* the night of date night, or ICAL_OFF */
	int date_min;      /* when date night starts: minutes after midnight */
	int boundary_min;  /* the day boundary: a time before it belongs to the
	                    * night before, so it falls on the next date */
	uint64_t uid;      /* a random number, not secret, kept by the caller:
	                    * the same one gives the same UIDs every time */
};

enum ical_event { ICAL_CHECKIN, ICAL_WEEKLY, ICAL_DATE, ICAL_EVENTS };

/* Whether every field of `t` is in range. */
bool ical_times_valid(const struct ical_times *t);
/* The weekdays of the dates event `e` starts on, as a set (bit d: weekday
 * d): its nights, each moved to the next day when its time is before the
 * boundary. 0 for date night when it is off. */
unsigned ical_days(const struct ical_times *t, enum ical_event e);
/* The date (a day number, as nights are) of the first occurrence of `e`
 * that belongs to night `tonight` or a later one; -1 when `e` never occurs
 * (date night off). */
tend_night ical_first(const struct ical_times *t, enum ical_event e, tend_night tonight);

/* Output in the manner of snprintf: writes what fits into buf (always
 * NUL-terminated when size > 0) and counts in `len` what the whole needs. */
struct ical_out {
	char *buf;      /* borrowed; may be NULL when size is 0 */
	size_t size;    /* bytes of buf */
	size_t len;     /* bytes produced so far, whether they fit or not */
	size_t col;     /* octets on the current content line */
};
void ical_out_init(struct ical_out *o, char *buf, size_t size);
/* One content line of `n` bytes, folded (CRLF, then a space) so that no
 * line holds more than ICAL_FOLD octets, never inside a UTF-8 character;
 * ended by CRLF. */
void ical_line(struct ical_out *o, const char *line, size_t n);
/* The content line NAME:VALUE, VALUE (NUL-terminated UTF-8) escaped as a
 * TEXT value (backslash, semicolon, comma; a line break becomes \n; other
 * control characters but tabs are left out), folded as ical_line does. */
void ical_text(struct ical_out *o, const char *name, const char *value);

/* The whole calendar for `t`, as of night `tonight` (each event starts on
 * its first date from that night on: ical_first), stamped (DTSTAMP, UTC)
 * with `stamp`. Returns the length of the whole (without the NUL), written
 * into buf when it is less than size; 0 when `t` is out of range. */
size_t ical_format(const struct ical_times *t, tend_night tonight, time_t stamp, char *buf,
                   size_t size);

#endif
