/* addentries.c: a test tool, not part of tend. Adds N shared journal
 * entries by partner 0 to database DB through the app's own app_write,
 * each "PREFIX I", at unix time NOW: the fast way to a journal of tens of
 * thousands of real, sealed entries (N runs of tend write take minutes).
 *   addentries DB N PREFIX NOW */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tend/app.h"

int main(int argc, char **argv)
{
	char err[300], text[256];
	struct app *app = NULL;
	long n;
	time_t now;

	if (argc != 5 || (n = atol(argv[2])) <= 0 || (now = (time_t)atoll(argv[4])) <= 0) {
		fprintf(stderr, "usage: addentries DB N PREFIX NOW\n");
		return 2;
	}
	if (app_open(argv[1], false, &app, err, sizeof(err)) != TEND_OK) {
		fprintf(stderr, "addentries: %s\n", err);
		return 1;
	}
	for (long i = 1; i <= n; i++) {
		enum tend_status st;

		snprintf(text, sizeof(text), "%s %ld", argv[3], i);
		if ((st = app_write(app, NULL, 0, true, text, strlen(text), now)) != TEND_OK) {
			fprintf(stderr, "addentries: entry %ld: %s\n", i, tend_strerror(st));
			app_close(app);
			return 1;
		}
	}
	app_close(app);
	return 0;
}
