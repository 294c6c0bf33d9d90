/* test_app_draft.c: an interrupted check-in whose stored step was changed
 * in the file, as the "Welcome back" question reads it (app_draft_info):
 * the step it names is always one of the plan's. Found by the db fuzz
 * target (tests/fuzz/corpus/db/step-max.db): a step past the plan's steps
 * made the question say "step 65 of 6". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tend/app.h"
#include "testkit.h"

/* 2026-11-24 21:00 UTC: a Tuesday evening. */
#define EVENING ((time_t)1795554000)

static const char *const names[2] = { "Zoë", "Łukasz" };
static const char *const passes[2] = { "correct horse", "battery staple" };

/* The step the question names, counted from 1, as src/ui/home.c shows it. */
static int shown_step(const struct app_draft_info *di)
{
	return di->phase == APP_PHASE_TIMER ? di->step + 1 : di->nsteps;
}

static void test_tampered_step(void **state)
{
	static const char *const steps[] = { "9999", "64", "6", "-5", "-2147483649",
	                                      "9223372036854775807" };
	const size_t lens[2] = { strlen(passes[0]), strlen(passes[1]) };
	char dir[64] = "/tmp/tend-draft-XXXXXX", db[128], err[256] = "", sql[160];
	struct app *app = NULL;
	struct app_checkin *c = NULL;
	struct app_draft_info di;

	(void)state;
	setenv("TZ", "UTC", 1);
	setenv("TEND_DATA_DIR", "data", 1);
	assert_non_null(mkdtemp(dir));
	setenv("XDG_CONFIG_HOME", dir, 1);
	snprintf(db, sizeof(db), "%s/tend.db", dir);
	assert_int_equal(app_open(db, false, &app, err, sizeof(err)), TEND_OK);
	assert_int_equal(app_setup(app, names, passes, lens, APP_KDF_INTERACTIVE, NULL, EVENING),
	                 TEND_OK);
	assert_int_equal(app_checkin_begin(app, "tests/fixtures/e2e.plan", 0, EVENING, 0, &c,
	                                   err, sizeof(err)), TEND_OK);
	assert_int_equal(app_checkin_save(c, 1000), TEND_OK);
	app_checkin_free(c);
	app_close(app);

	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		snprintf(sql, sizeof(sql), "UPDATE checkin SET step = %s WHERE state = 0", steps[i]);
		tk_sql(db, sql);
		assert_int_equal(app_open(db, false, &app, err, sizeof(err)), TEND_OK);
		assert_int_equal(app_draft_info(app, &di), TEND_OK);
		assert_int_equal(di.nsteps, 6);
		assert_true(di.step >= 0);
		assert_true(shown_step(&di) >= 1);
		assert_true(shown_step(&di) <= di.nsteps);
		app_close(app);
	}
	tk_rm_dir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tampered_step),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
