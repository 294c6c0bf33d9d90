/* test_ical.c: the shared-time calendar as RFC 5545 text: lines folded at
 * exactly 75 octets without splitting a UTF-8 character, TEXT escaping,
 * CRLF everywhere, the BYDAY lists, the first date of each event (the day
 * boundary too), the stamp in UTC, stable UIDs, and snprintf-style sizes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tend/ical.h"

/* 2026-11-24 21:00 UTC: a Tuesday evening. */
#define EVENING ((time_t)1795554000)
#define SU 0
#define MO 1
#define TU 2
#define WE 3
#define TH 4
#define FR 5
#define SA 6

/* tend's defaults: 21:00, the weekly talk on Sunday, date night Saturday at
 * 19:00, the boundary at 04:00. */
static struct ical_times defaults(void)
{
	struct ical_times t = { 21 * 60, SU, SA, 19 * 60, 4 * 60, 0x0123456789abcdefu };
	return t;
}

/* The whole calendar for `t` as of `tonight` (malloc). */
static char *format(const struct ical_times *t, tend_night tonight)
{
	size_t n = ical_format(t, tonight, EVENING, NULL, 0);
	char *buf;

	assert_true(n > 0);
	buf = malloc(n + 1);
	assert_non_null(buf);
	assert_int_equal(ical_format(t, tonight, EVENING, buf, n + 1), n);
	assert_int_equal(strlen(buf), n);
	return buf;
}

/* Checks that every physical line of `s` ends with CRLF (no bare CR or
 * LF), holds at most 75 octets, and that a fold never splits a UTF-8
 * character: no line ends inside one and no continuation starts inside
 * one. */
static void assert_well_formed(const char *s)
{
	size_t len = strlen(s);

	assert_true(len >= 2);
	assert_memory_equal(s + len - 2, "\r\n", 2);
	for (const char *p = s; *p;) {
		const char *e = strstr(p, "\r\n");
		size_t n;

		assert_non_null(e);
		n = (size_t)(e - p);
		assert_true(n <= ICAL_FOLD);
		assert_null(memchr(p, '\r', n));
		assert_null(memchr(p, '\n', n));
		if (n > 0 && *p == ' ' && n > 1)
			assert_int_not_equal((unsigned char)p[1] & 0xc0, 0x80);
		else if (n > 0)
			assert_int_not_equal((unsigned char)p[0] & 0xc0, 0x80);
		/* the last character on the line is whole */
		for (size_t i = n; i > 0; i--) {
			unsigned char c = (unsigned char)p[i - 1];
			if ((c & 0xc0) == 0x80)
				continue;
			size_t want = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
			assert_int_equal(n - (i - 1), want);
			break;
		}
		p = e + 2;
	}
}

/* `s` unfolded (CRLF + space removed), malloc. */
static char *unfold(const char *s)
{
	char *out = malloc(strlen(s) + 1), *o = out;

	assert_non_null(out);
	for (const char *p = s; *p;) {
		if (p[0] == '\r' && p[1] == '\n' && p[2] == ' ') {
			p += 3;
			continue;
		}
		*o++ = *p++;
	}
	*o = '\0';
	return out;
}

/* The value of the `nth` (0-based) unfolded content line that starts with
 * `name` followed by ':', copied into buf; NULL when there is none. */
static const char *prop(const char *ics, const char *name, int nth, char *buf, size_t size)
{
	char *u = unfold(ics);
	size_t nl = strlen(name);
	const char *found = NULL;

	for (char *p = u; *p;) {
		char *e = strstr(p, "\r\n");

		assert_non_null(e);
		if ((size_t)(e - p) > nl && strncmp(p, name, nl) == 0 && p[nl] == ':' && nth-- == 0) {
			snprintf(buf, size, "%.*s", (int)(e - p - nl - 1), p + nl + 1);
			found = buf;
			break;
		}
		p = e + 2;
	}
	free(u);
	return found;
}

/* How often `needle` occurs in `s`. */
static int count(const char *s, const char *needle)
{
	int n = 0;

	for (const char *p = s; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

/* One folded line through ical_line, as text (static). */
static const char *line_of(const char *in)
{
	static char buf[4096];
	struct ical_out o;

	ical_out_init(&o, buf, sizeof(buf));
	ical_line(&o, in, strlen(in));
	assert_true(o.len < sizeof(buf));
	return buf;
}

static void test_fold_exactly_75(void **state)
{
	char in[200];
	const char *out;
	(void)state;

	memset(in, 'a', 75);
	in[75] = '\0';
	out = line_of(in);
	assert_int_equal(strlen(out), 77); /* 75 octets, CRLF: not folded */
	assert_memory_equal(out + 75, "\r\n", 3);

	memset(in, 'a', 76);
	in[76] = '\0';
	out = line_of(in);
	/* 75 octets, then CRLF, a space and the 76th */
	assert_int_equal(strlen(out), 75 + 2 + 2 + 2);
	assert_int_equal(strncmp(out + 75, "\r\n a\r\n", 6), 0);

	/* A continuation holds the space and 74 octets. */
	memset(in, 'b', 75 + 74 + 1);
	in[150] = '\0';
	out = line_of(in);
	assert_well_formed(out);
	assert_int_equal(strlen(out), 75 + 2 + 75 + 2 + 2 + 2);
	assert_int_equal(out[77], ' ');
	assert_int_equal(strncmp(out + 77 + 75, "\r\n b\r\n", 6), 0);
	{
		char *u = unfold(out);
		assert_int_equal(strlen(u), 152);
		assert_int_equal(strncmp(u, in, 150), 0);
		free(u);
	}
}

static void test_fold_keeps_utf8_whole(void **state)
{
	/* Prefixes of 0..3 bytes put each character's bytes across octet 75 at
	 * every offset; 2-, 3- and 4-byte characters. */
	static const char *const chars[] = { "é", "美", "😀", "Ł" };
	(void)state;

	for (size_t c = 0; c < sizeof(chars) / sizeof(chars[0]); c++) {
		for (int pre = 0; pre < 4; pre++) {
			char in[400] = "", *u;
			const char *out;

			for (int i = 0; i < pre; i++)
				strcat(in, "x");
			while (strlen(in) + strlen(chars[c]) < 300)
				strcat(in, chars[c]);
			out = line_of(in);
			assert_well_formed(out);
			u = unfold(out);
			assert_int_equal(strlen(u), strlen(in) + 2);
			assert_int_equal(strncmp(u, in, strlen(in)), 0);
			free(u);
		}
	}
	/* "xx" then 2-byte characters: octet 75 is the second byte of one, so
	 * the first line stops at 74. */
	{
		char in[200] = "xx";
		const char *out;

		for (int i = 0; i < 50; i++)
			strcat(in, "é");
		out = line_of(in);
		assert_ptr_equal(strstr(out, "\r\n"), out + 74);
	}
}

static void test_escape_text(void **state)
{
	char buf[512];
	struct ical_out o;
	(void)state;

	ical_out_init(&o, buf, sizeof(buf));
	ical_text(&o, "DESCRIPTION", "a\\b;c,d\ne\r\nf\rg\th\x01i\x7fj");
	assert_string_equal(buf, "DESCRIPTION:a\\\\b\\;c\\,d\\ne\\nf\\ng\thij\r\n");

	/* Escapes count toward the fold like any octet. */
	{
		char in[200];

		memset(in, ',', 100);
		in[100] = '\0';
		ical_out_init(&o, buf, sizeof(buf));
		ical_text(&o, "X", in);
		assert_well_formed(buf);
		char *u = unfold(buf);
		assert_int_equal(strlen(u), 2 + 200 + 2);
		free(u);
	}
}

static void test_out_counts_like_snprintf(void **state)
{
	struct ical_times t = defaults();
	tend_night tonight = night_from_date(2026, 11, 25);
	size_t n = ical_format(&t, tonight, EVENING, NULL, 0);
	char small[40];
	(void)state;

	assert_true(n > 1000);
	assert_int_equal(ical_format(&t, tonight, EVENING, small, sizeof(small)), n);
	assert_int_equal(strlen(small), sizeof(small) - 1);
	assert_int_equal(strncmp(small, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", 30), 0);

	/* Out of range: nothing. */
	t.weekly_day = 7;
	assert_int_equal(ical_format(&t, tonight, EVENING, small, sizeof(small)), 0);
	assert_string_equal(small, "");
	t = defaults();
	t.date_day = -2;
	assert_false(ical_times_valid(&t));
	t = defaults();
	t.ritual_min = 24 * 60;
	assert_false(ical_times_valid(&t));
	t = defaults();
	t.date_min = -1;
	assert_false(ical_times_valid(&t));
	t = defaults();
	t.date_day = ICAL_OFF;
	assert_true(ical_times_valid(&t));
}

static void test_byday(void **state)
{
	struct ical_times t = defaults();
	(void)state;

	for (int d = 0; d < 7; d++) {
		t.weekly_day = d;
		assert_int_equal(ical_days(&t, ICAL_WEEKLY), 1u << d);
		assert_int_equal(ical_days(&t, ICAL_CHECKIN), 0x7fu & ~(1u << d));
	}
	t = defaults();
	assert_int_equal(ical_days(&t, ICAL_DATE), 1u << SA);
	t.date_day = ICAL_OFF;
	assert_int_equal(ical_days(&t, ICAL_DATE), 0);

	/* Before the boundary: the night's events fall on the next date. */
	t = defaults();
	t.ritual_min = 30;          /* 00:30 */
	t.weekly_day = SA;
	assert_int_equal(ical_days(&t, ICAL_WEEKLY), 1u << SU);
	assert_int_equal(ical_days(&t, ICAL_CHECKIN), 0x7fu & ~(1u << SU));
	t.weekly_day = FR;
	assert_int_equal(ical_days(&t, ICAL_WEEKLY), 1u << SA);
	t.date_day = SA;
	t.date_min = 3 * 60 + 59;
	assert_int_equal(ical_days(&t, ICAL_DATE), 1u << SU);
	t.date_min = 4 * 60;        /* at the boundary: that date */
	assert_int_equal(ical_days(&t, ICAL_DATE), 1u << SA);

	/* In the file: Monday first. */
	{
		char v[100], *ics;

		t = defaults();
		ics = format(&t, night_from_date(2026, 11, 25));
		assert_string_equal(prop(ics, "RRULE", 0, v, sizeof(v)),
		                    "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA");
		assert_string_equal(prop(ics, "RRULE", 1, v, sizeof(v)), "FREQ=WEEKLY;BYDAY=SU");
		assert_string_equal(prop(ics, "RRULE", 2, v, sizeof(v)), "FREQ=WEEKLY;BYDAY=SA");
		free(ics);
		t.weekly_day = WE;
		t.date_day = TH;
		ics = format(&t, night_from_date(2026, 11, 25));
		assert_string_equal(prop(ics, "RRULE", 0, v, sizeof(v)),
		                    "FREQ=WEEKLY;BYDAY=MO,TU,TH,FR,SA,SU");
		assert_string_equal(prop(ics, "RRULE", 1, v, sizeof(v)), "FREQ=WEEKLY;BYDAY=WE");
		assert_string_equal(prop(ics, "RRULE", 2, v, sizeof(v)), "FREQ=WEEKLY;BYDAY=TH");
		free(ics);
	}
}

static void test_first_dates(void **state)
{
	struct ical_times t = defaults();
	tend_night wed = night_from_date(2026, 11, 25); /* a Wednesday */
	(void)state;

	assert_int_equal(night_weekday(wed), WE);
	assert_int_equal(ical_first(&t, ICAL_CHECKIN, wed), wed);
	assert_int_equal(ical_first(&t, ICAL_WEEKLY, wed), night_from_date(2026, 11, 29));
	assert_int_equal(ical_first(&t, ICAL_DATE, wed), night_from_date(2026, 11, 28));

	/* On the weekly talk's night itself: the talk tonight, the check-in
	 * tomorrow. */
	t.weekly_day = WE;
	assert_int_equal(ical_first(&t, ICAL_WEEKLY, wed), wed);
	assert_int_equal(ical_first(&t, ICAL_CHECKIN, wed), wed + 1);
	t.date_day = WE;
	assert_int_equal(ical_first(&t, ICAL_DATE, wed), wed);
	t.date_day = TU;   /* yesterday: next week */
	assert_int_equal(ical_first(&t, ICAL_DATE, wed), wed + 6);
	t.date_day = ICAL_OFF;
	assert_int_equal(ical_first(&t, ICAL_DATE, wed), -1);

	/* 00:30 belongs to the night before: tonight's is tomorrow's date. */
	t = defaults();
	t.ritual_min = 30;
	assert_int_equal(ical_first(&t, ICAL_CHECKIN, wed), wed + 1);
	assert_int_equal(ical_first(&t, ICAL_WEEKLY, wed), night_from_date(2026, 11, 30));
	/* With the boundary at midnight, 00:30 is the night's own date. */
	t.boundary_min = 0;
	assert_int_equal(ical_first(&t, ICAL_CHECKIN, wed), wed);

	/* Across a year's end and 29 February. */
	t = defaults();
	assert_int_equal(ical_first(&t, ICAL_WEEKLY, night_from_date(2027, 12, 31)),
	                 night_from_date(2028, 1, 2));
	t.weekly_day = TU;
	assert_int_equal(ical_first(&t, ICAL_WEEKLY, night_from_date(2028, 2, 27)),
	                 night_from_date(2028, 2, 29));

	/* In the file: floating local times, no TZID and no Z. */
	{
		char v[100], *ics;

		t = defaults();
		ics = format(&t, wed);
		assert_string_equal(prop(ics, "DTSTART", 0, v, sizeof(v)), "20261125T210000");
		assert_string_equal(prop(ics, "DTSTART", 1, v, sizeof(v)), "20261129T210000");
		assert_string_equal(prop(ics, "DTSTART", 2, v, sizeof(v)), "20261128T190000");
		assert_null(prop(ics, "DTSTART;TZID=", 0, v, sizeof(v)));
		assert_string_equal(prop(ics, "DURATION", 0, v, sizeof(v)), "PT20M");
		assert_string_equal(prop(ics, "DURATION", 1, v, sizeof(v)), "PT45M");
		assert_string_equal(prop(ics, "DURATION", 2, v, sizeof(v)), "PT2H");
		free(ics);
		t.ritual_min = 30;
		t.date_min = 7 * 60 + 5;
		ics = format(&t, wed);
		assert_string_equal(prop(ics, "DTSTART", 0, v, sizeof(v)), "20261126T003000");
		assert_string_equal(prop(ics, "DTSTART", 2, v, sizeof(v)), "20261128T070500");
		free(ics);
	}
}

static void test_whole_file(void **state)
{
	struct ical_times t = defaults();
	tend_night wed = night_from_date(2026, 11, 25);
	char v[200], *ics, *again;
	(void)state;

	/* The stamp is UTC whatever the zone. */
	setenv("TZ", "Australia/Lord_Howe", 1);
	tzset();
	ics = format(&t, wed);
	assert_well_formed(ics);
	assert_int_equal(strncmp(ics, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
	                              "PRODID:-//tend//tend calendar//EN\r\n"
	                              "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n", 101), 0);
	assert_int_equal(strcmp(ics + strlen(ics) - 15, "END:VCALENDAR\r\n"), 0);
	assert_int_equal(count(ics, "BEGIN:VEVENT\r\n"), 3);
	assert_int_equal(count(ics, "END:VEVENT\r\n"), 3);
	assert_int_equal(count(ics, "BEGIN:VALARM\r\nACTION:DISPLAY\r\n"), 3);
	assert_int_equal(count(ics, "TRIGGER:-PT10M\r\n"), 3);
	assert_string_equal(prop(ics, "DTSTAMP", 0, v, sizeof(v)), "20261124T210000Z");
	assert_string_equal(prop(ics, "UID", 0, v, sizeof(v)),
	                    "tend-checkin-0123456789abcdef@tend");
	assert_string_equal(prop(ics, "UID", 1, v, sizeof(v)),
	                    "tend-weekly-0123456789abcdef@tend");
	assert_string_equal(prop(ics, "UID", 2, v, sizeof(v)), "tend-date-0123456789abcdef@tend");
	assert_string_equal(prop(ics, "SUMMARY", 0, v, sizeof(v)), "tend: nightly check-in");
	assert_non_null(strstr(prop(ics, "DESCRIPTION", 2, v, sizeof(v)), "tend --plan weekly"));
	assert_non_null(strstr(v, "parked"));

	/* The same settings give the same file; only the night moves DTSTART. */
	again = format(&t, wed);
	assert_string_equal(ics, again);
	free(again);
	again = format(&t, wed + 7);
	assert_string_equal(prop(again, "UID", 1, v, sizeof(v)),
	                    "tend-weekly-0123456789abcdef@tend");
	assert_string_equal(prop(again, "DTSTART", 1, v, sizeof(v)), "20261206T210000");
	free(again);
	free(ics);

	/* Date night off: two events. */
	t.date_day = ICAL_OFF;
	ics = format(&t, wed);
	assert_well_formed(ics);
	assert_int_equal(count(ics, "BEGIN:VEVENT\r\n"), 2);
	assert_null(strstr(ics, "date night"));
	free(ics);
	setenv("TZ", "UTC", 1);
	tzset();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold_exactly_75),
		cmocka_unit_test(test_fold_keeps_utf8_whole),
		cmocka_unit_test(test_escape_text),
		cmocka_unit_test(test_out_counts_like_snprintf),
		cmocka_unit_test(test_byday),
		cmocka_unit_test(test_first_dates),
		cmocka_unit_test(test_whole_file),
	};

	setenv("TZ", "UTC", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
