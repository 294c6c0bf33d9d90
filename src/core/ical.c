/* ical.c: the shared-time calendar written as RFC 5545 text: CRLF line
 * ends, lines folded at 75 octets (never inside a UTF-8 character), TEXT
 * values escaped, floating local times. Nothing here reads a clock or a
 * file; the caller hands in the night and the stamp and writes the bytes. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tend/ical.h"

#define ALL_DAYS 0x7fu
/* A content line of a string literal. */
#define LINE(o, s) ical_line((o), (s), sizeof(s) - 1)

/* What each event is: its part of the UID, its words and its length. */
static const struct ical_kind {
	const char *uid;          /* "tend-<uid>-<number>@tend" */
	const char *summary;
	const char *description;
	int minutes;
} kinds[ICAL_EVENTS] = {
	/* Twenty minutes, not fifteen: the nightly plan's timer runs fifteen,
	 * and the reflections, the note and the pillars come after it, so the
	 * block ends when the evening's check-in really does. */
	[ICAL_CHECKIN] = { "checkin", "tend: nightly check-in",
	                   "Phones away, fifteen minutes together: a turn each to speak and to "
	                   "be heard, a wish each, and a calm close. Open tend and check in.",
	                   20 },
	[ICAL_WEEKLY] = { "weekly", "tend: weekly talk",
	                  "Your weekly talk, in place of tonight's check-in: thanks for the week, "
	                  "what went well, and the topics you parked for it, one at a time. "
	                  "Start it with: tend --plan weekly",
	                  45 },
	[ICAL_DATE] = { "date", "tend: date night",
	                "An evening for just the two of you. Plan it together, put the phones "
	                "away, and enjoy each other.",
	                120 },
};

/* Weekday codes of RFC 5545, indexed 0 = Sunday as nights are. */
static const char *const day_code[7] = { "SU", "MO", "TU", "WE", "TH", "FR", "SA" };

bool ical_times_valid(const struct ical_times *t)
{
	return t && t->ritual_min >= 0 && t->ritual_min < NIGHT_MINUTES && t->weekly_day >= 0 &&
	       t->weekly_day <= 6 && (t->date_day == ICAL_OFF ||
	                              (t->date_day >= 0 && t->date_day <= 6)) &&
	       t->date_min >= 0 && t->date_min < NIGHT_MINUTES && t->boundary_min >= 0 &&
	       t->boundary_min < NIGHT_MINUTES;
}

/* The nights (bit d: weekday d) event `e` belongs to. */
static unsigned nights_of(const struct ical_times *t, enum ical_event e)
{
	switch (e) {
	case ICAL_CHECKIN: return ALL_DAYS & ~(1u << t->weekly_day);
	case ICAL_WEEKLY: return 1u << t->weekly_day;
	case ICAL_DATE: return t->date_day == ICAL_OFF ? 0 : 1u << t->date_day;
	default: return 0;
	}
}

/* The event's start, minutes after midnight. */
static int start_of(const struct ical_times *t, enum ical_event e)
{
	return e == ICAL_DATE ? t->date_min : t->ritual_min;
}

/* 1 when the event's time is before the day boundary: it belongs to the
 * night before, so it falls on the date after its night (tend counts a
 * check-in at 00:30 for the evening before). */
static int shift_of(const struct ical_times *t, enum ical_event e)
{
	return start_of(t, e) < t->boundary_min;
}

unsigned ical_days(const struct ical_times *t, enum ical_event e)
{
	unsigned m = nights_of(t, e);

	if (shift_of(t, e))
		m = ((m << 1) | (m >> 6)) & ALL_DAYS;
	return m;
}

tend_night ical_first(const struct ical_times *t, enum ical_event e, tend_night tonight)
{
	unsigned m = nights_of(t, e);

	for (int i = 0; i < 7 && m; i++)
		if (m & (1u << night_weekday(tonight + i)))
			return tonight + i + shift_of(t, e);
	return -1;
}

void ical_out_init(struct ical_out *o, char *buf, size_t size)
{
	o->buf = buf;
	o->size = size;
	o->len = 0;
	o->col = 0;
	if (buf && size)
		buf[0] = '\0';
}

/* Appends `n` bytes as they are (no folding). */
static void raw(struct ical_out *o, const char *s, size_t n)
{
	if (o->buf && o->len < o->size) {
		size_t room = o->size - 1 - o->len, k = n < room ? n : room;

		memcpy(o->buf + o->len, s, k);
		o->buf[o->len + k] = '\0';
	}
	o->len += n;
}

/* Appends one character of `n` octets to the current content line, first
 * folding it when the character would not fit in ICAL_FOLD octets. */
static void put_char(struct ical_out *o, const char *c, size_t n)
{
	if (o->col + n > ICAL_FOLD) {
		raw(o, "\r\n ", 3);
		o->col = 1; /* the space that marks a continuation counts */
	}
	raw(o, c, n);
	o->col += n;
}

/* Octets in the UTF-8 character that starts with `lead`, at most `left`
 * (a stray byte counts as one, so nothing can be skipped or run over). */
static size_t char_len(unsigned char lead, size_t left)
{
	size_t n = lead < 0xc0 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : lead < 0xf8 ? 4 : 1;

	return n < left ? n : left;
}

/* Appends `n` bytes to the current content line, a character at a time. */
static void put(struct ical_out *o, const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		size_t k = char_len((unsigned char)s[i], n - i);

		put_char(o, s + i, k);
		i += k;
	}
}

static void end_line(struct ical_out *o)
{
	raw(o, "\r\n", 2);
	o->col = 0;
}

void ical_line(struct ical_out *o, const char *line, size_t n)
{
	put(o, line, n);
	end_line(o);
}

void ical_text(struct ical_out *o, const char *name, const char *value)
{
	const char *end = value + strlen(value);

	put(o, name, strlen(name));
	put(o, ":", 1);
	for (const char *p = value; *p;) {
		unsigned char ch = (unsigned char)*p;

		if (ch == '\\' || ch == ';' || ch == ',') {
			char esc[2] = { '\\', (char)ch };

			put(o, esc, 2);
			p++;
		} else if (ch == '\r' || ch == '\n') {
			put(o, "\\n", 2);
			p += ch == '\r' && p[1] == '\n' ? 2 : 1;
		} else if ((ch < 0x20 && ch != '\t') || ch == 0x7f) {
			p++; /* no control character but a tab is allowed in TEXT */
		} else {
			size_t k = char_len(ch, (size_t)(end - p));

			put(o, p, k);
			p += k;
		}
	}
	end_line(o);
}

/* A content line made with printf. Our own lines are short and ASCII. */
__attribute__((format(printf, 2, 3)))
static void linef(struct ical_out *o, const char *fmt, ...)
{
	char line[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	ical_line(o, line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
}

/* One VEVENT: `e` from its first date on, weekly on its days. */
static void event(struct ical_out *o, const struct ical_times *t, enum ical_event e,
                  tend_night tonight, const char *stamp)
{
	const struct ical_kind *k = &kinds[e];
	unsigned days = ical_days(t, e);
	char byday[7 * 3 + 1] = "";
	int y, m, d, start = start_of(t, e);

	if (!days)
		return;
	night_to_date(ical_first(t, e, tonight), &y, &m, &d);
	/* Monday first, as calendars show a week. */
	for (int i = 1; i <= 7; i++)
		if (days & (1u << (i % 7))) {
			if (byday[0])
				strcat(byday, ",");
			strcat(byday, day_code[i % 7]);
		}
	LINE(o, "BEGIN:VEVENT");
	linef(o, "UID:tend-%s-%016" PRIx64 "@tend", k->uid, t->uid);
	linef(o, "DTSTAMP:%s", stamp);
	/* Floating: no TZID and no Z, so it stays at this hour in any zone. */
	linef(o, "DTSTART:%04d%02d%02dT%02d%02d00", y, m, d, start / 60, start % 60);
	if (k->minutes % 60 == 0)
		linef(o, "DURATION:PT%dH", k->minutes / 60);
	else
		linef(o, "DURATION:PT%dM", k->minutes);
	linef(o, "RRULE:FREQ=WEEKLY;BYDAY=%s", byday);
	ical_text(o, "SUMMARY", k->summary);
	ical_text(o, "DESCRIPTION", k->description);
	LINE(o, "TRANSP:OPAQUE");
	LINE(o, "BEGIN:VALARM");
	LINE(o, "ACTION:DISPLAY");
	ical_text(o, "DESCRIPTION", k->summary);
	LINE(o, "TRIGGER:-PT10M");
	LINE(o, "END:VALARM");
	LINE(o, "END:VEVENT");
}

size_t ical_format(const struct ical_times *t, tend_night tonight, time_t stamp, char *buf,
                   size_t size)
{
	struct ical_out o;
	struct tm tm;
	char when[32];

	if (buf && size)
		buf[0] = '\0';
	if (!ical_times_valid(t) || !gmtime_r(&stamp, &tm) || tm.tm_year + 1900 > 9999 ||
	    tm.tm_year + 1900 < 1)
		return 0;
	snprintf(when, sizeof(when), "%04d%02d%02dT%02d%02d%02dZ", tm.tm_year + 1900,
	         tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	ical_out_init(&o, buf, size);
	LINE(&o, "BEGIN:VCALENDAR");
	LINE(&o, "VERSION:2.0");
	LINE(&o, "PRODID:-//tend//tend calendar//EN");
	LINE(&o, "CALSCALE:GREGORIAN");
	LINE(&o, "METHOD:PUBLISH");
	LINE(&o, "X-WR-CALNAME:tend");
	for (int e = 0; e < ICAL_EVENTS; e++)
		event(&o, t, (enum ical_event)e, tonight, when);
	LINE(&o, "END:VCALENDAR");
	return o.len;
}
