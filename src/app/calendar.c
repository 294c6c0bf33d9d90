/* calendar.c: shared time. When the couple meets (the nightly check-in, the
 * weekly talk in its place, date night) as settings, and the calendar file
 * that blocks those hours in their calendar app (formatted by core/ical.c).
 * The file holds nothing private, so it may go to a terminal; it is written
 * whole, and only over a calendar tend wrote. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app_internal.h"
#include "tend/ical.h"

#define DEFAULT_RITUAL_MIN (21 * 60)
#define DEFAULT_WEEKLY_DAY 0 /* Sunday */
#define DEFAULT_DATE_DAY   6 /* Saturday */
#define DEFAULT_DATE_MIN   (19 * 60)
#define CALENDAR_MAX       (1024 * 1024) /* bytes of an old calendar we look into */

/* How a calendar tend wrote starts; an existing file without it stays. */
static const char tend_head[] = "BEGIN:VCALENDAR\r\n";
static const char tend_prodid[] = "\r\nPRODID:-//tend//tend calendar//EN\r\n";

/* Each weekday's short name and its English name (0 = Sunday). */
static const char *const day_names[7][2] = {
	{ "sun", "Sunday" }, { "mon", "Monday" }, { "tue", "Tuesday" },
	{ "wed", "Wednesday" }, { "thu", "Thursday" }, { "fri", "Friday" },
	{ "sat", "Saturday" },
};

int app_weekday_parse(const char *s)
{
	for (int d = 0; s && d < 7; d++)
		if (strcasecmp(s, day_names[d][0]) == 0 || strcasecmp(s, day_names[d][1]) == 0)
			return d;
	return -1;
}

const char *app_weekday_name(int weekday)
{
	return weekday >= 0 && weekday <= 6 ? day_names[weekday][1] : "off";
}

/* Reads one setting, `dflt` when it was never set or is outside lo..hi. */
static enum tend_status get_in(struct app *app, const char *key, int lo, int hi, int dflt,
                               int *out)
{
	int64_t v = dflt;
	enum tend_status st = store_setting_get(app->store, key, &v);

	*out = st == TEND_OK && v >= lo && v <= hi ? (int)v : dflt;
	return st;
}

enum tend_status app_calendar_load(struct app *app)
{
	enum tend_status st;

	if ((st = get_in(app, "ritual_min", 0, NIGHT_MINUTES - 1, DEFAULT_RITUAL_MIN,
	                 &app->ritual_min)) != TEND_OK ||
	    (st = get_in(app, "weekly_day", 0, 6, DEFAULT_WEEKLY_DAY, &app->weekly_day)) != TEND_OK ||
	    (st = get_in(app, "date_day", APP_DATE_NIGHT_OFF, 6, DEFAULT_DATE_DAY,
	                 &app->date_day)) != TEND_OK)
		return st;
	return get_in(app, "date_min", 0, NIGHT_MINUTES - 1, DEFAULT_DATE_MIN, &app->date_min);
}

int app_ritual_time(const struct app *app)
{
	return app->ritual_min;
}

int app_weekly_day(const struct app *app)
{
	return app->weekly_day;
}

int app_date_night(const struct app *app)
{
	return app->date_day;
}

int app_date_time(const struct app *app)
{
	return app->date_min;
}

/* Stores `v` as `key` when it is within lo..hi, and then in *field. */
static enum tend_status set_in(struct app *app, const char *key, int lo, int hi, int v,
                               int *field)
{
	enum tend_status st;

	if (v < lo || v > hi)
		return TEND_ERR_INVALID;
	if ((st = app_setting_put(app, key, v)) == TEND_OK)
		*field = v;
	return st;
}

enum tend_status app_set_ritual_time(struct app *app, int minutes)
{
	return set_in(app, "ritual_min", 0, NIGHT_MINUTES - 1, minutes, &app->ritual_min);
}

enum tend_status app_set_weekly_day(struct app *app, int weekday)
{
	return set_in(app, "weekly_day", 0, 6, weekday, &app->weekly_day);
}

enum tend_status app_set_date_night(struct app *app, int weekday)
{
	return set_in(app, "date_day", APP_DATE_NIGHT_OFF, 6, weekday, &app->date_day);
}

enum tend_status app_set_date_time(struct app *app, int minutes)
{
	return set_in(app, "date_min", 0, NIGHT_MINUTES - 1, minutes, &app->date_min);
}

/* The number that keeps the calendar's UIDs the same from one file to the
 * next: random (the couple's names or dates would say who they are to
 * whoever sees the calendar), made once and kept as a setting. */
static enum tend_status calendar_uid(struct app *app, uint64_t *out)
{
	int64_t v = 0;
	enum tend_status st = store_setting_get(app->store, "calendar_uid", &v);

	if (st != TEND_OK)
		return st;
	if (v <= 0) {
		/* 60 random bits, as a positive 64-bit setting. */
		v = (int64_t)((uint64_t)(app_random_below(1u << 28) | 1u) << 32 |
		              app_random_below(~0u));
		if ((st = app_setting_put(app, "calendar_uid", v)) != TEND_OK)
			return st;
	}
	*out = (uint64_t)v;
	return TEND_OK;
}

/* The calendar as of `now` in malloc'd memory (*out, *len bytes). */
static enum tend_status calendar_text(struct app *app, time_t now, char **out, size_t *len)
{
	struct ical_times t = { app->ritual_min, app->weekly_day, app->date_day, app->date_min,
	                        app->boundary_min, 0 };
	tend_night tonight = night_of(now, app->boundary_min);
	size_t size = 4096, n;
	enum tend_status st;
	char *buf;

	*out = NULL;
	if ((st = calendar_uid(app, &t.uid)) != TEND_OK)
		return st;
	for (;;) {
		if (!(buf = malloc(size)))
			return TEND_ERR_NOMEM;
		if ((n = ical_format(&t, tonight, now, buf, size)) == 0) {
			free(buf);
			return TEND_ERR_INVALID;
		}
		if (n < size)
			break;
		free(buf);
		size = n + 1;
	}
	*out = buf;
	*len = n;
	return TEND_OK;
}

/* TEND_OK when `path` may be written: nothing there, or a calendar tend
 * wrote; otherwise why not, in err. */
static enum tend_status may_replace(const struct app *app, const char *path, char *err,
                                    size_t errlen)
{
	char *old = NULL;
	size_t len = 0;
	enum tend_status st;
	bool ours;

	if (app_is_database_file(app, path)) {
		app_errf(err, errlen, "%s is the database itself; choose another file for the "
		         "calendar (e.g. tend.ics)", path);
		return TEND_ERR_INVALID;
	}
	st = app_read_file_max(path, CALENDAR_MAX, &old, &len);
	if (st == TEND_ERR_NOT_FOUND)
		return TEND_OK;
	ours = st == TEND_OK && len >= sizeof(tend_head) - 1 &&
	       memcmp(old, tend_head, sizeof(tend_head) - 1) == 0 &&
	       memmem(old, len, tend_prodid, sizeof(tend_prodid) - 1);
	free(old);
	if (!ours) {
		app_errf(err, errlen, "%s already exists and is not a calendar tend wrote; tend will "
		         "not write over it (choose another name, or remove it first)", path);
		return TEND_ERR_EXISTS;
	}
	return TEND_OK;
}

enum tend_status app_calendar(struct app *app, time_t now, const char *path, int fd,
                              char *err, size_t errlen)
{
	struct app_file f = { .fd = -1 };
	char *text = NULL;
	size_t len = 0;
	enum tend_status st;

	if (!app->setup) {
		app_errf(err, errlen, "%s", tend_strerror(TEND_ERR_NOT_SETUP));
		return TEND_ERR_NOT_SETUP;
	}
	if (path && (st = may_replace(app, path, err, errlen)) != TEND_OK)
		return st;
	if ((st = calendar_text(app, now, &text, &len)) != TEND_OK) {
		app_errf(err, errlen, "could not make the calendar: %s", tend_strerror(st));
		return st;
	}
	if (!path) {
		st = app_write_all(fd, text, len);
	} else if ((st = app_file_create(&f, path)) == TEND_OK &&
	           (st = app_write_all(f.fd, text, len)) == TEND_OK) {
		st = app_file_commit(&f);
	}
	if (path)
		app_file_abort(&f);
	if (st != TEND_OK)
		app_errf(err, errlen, "could not write %s: %s%s", path ? path : "the calendar",
		         tend_strerror(st), path ? "; nothing was written" : "");
	free(text);
	return st;
}
