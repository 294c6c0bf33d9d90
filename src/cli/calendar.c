/* calendar.c: shared time from the command line: `tend calendar [-o FILE]`
 * and the settings it reads (ritual-time, weekly-day, date-night,
 * date-time), checked in src/main.c before anything is opened. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli_internal.h"

bool cli_set_shared_time(const struct cli_args *a, struct app *app, enum tend_status *st)
{
	const char *key = a->rest[0];

	if (strcmp(key, "ritual-time") == 0)
		*st = app_set_ritual_time(app, a->set_value);
	else if (strcmp(key, "weekly-day") == 0)
		*st = app_set_weekly_day(app, a->set_value);
	else if (strcmp(key, "date-night") == 0)
		*st = app_set_date_night(app, a->set_value);
	else if (strcmp(key, "date-time") == 0)
		*st = app_set_date_time(app, a->set_value);
	else
		return false;
	return true;
}

int cli_calendar(const struct cli_args *a, struct app *app)
{
	char err[600] = "";
	enum tend_status st;
	int r = app_ritual_time(app), d = app_date_time(app);

	if (!app_is_setup(app))
		return cli_fail("%s", tend_strerror(TEND_ERR_NOT_SETUP));
	st = app_calendar(app, time(NULL), a->output, 1, err, sizeof(err));
	if (st != TEND_OK)
		return cli_fail("%s", err[0] ? err : tend_strerror(st));
	if (!a->output)
		return 0;
	cli_out("Your shared time is in %s: the nightly check-in at %02d:%02d, the weekly talk "
	        "in its place on %s", a->output, r / 60, r % 60,
	        app_weekday_name(app_weekly_day(app)));
	if (app_date_night(app) != APP_DATE_NIGHT_OFF)
		cli_out(", and date night on %s at %02d:%02d", app_weekday_name(app_date_night(app)),
		        d / 60, d % 60);
	cli_out(". Import it into your calendar app; it holds no names and nothing you "
	        "wrote.\n");
	return 0;
}
