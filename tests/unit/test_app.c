/* test_app.c: the use cases end to end below the screens: setup, writing and
 * reading with each partner's key, a check-in saved, ended early, crashed
 * and resumed, rest nights, tonight as a status line says it (app_tonight),
 * tampering, and no plaintext in the files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tend/app.h"
#include "tend/vault.h"
#include "testkit.h"

/* 2026-11-24 21:00 UTC: a Tuesday evening. */
#define EVENING ((time_t)1795554000)
#define DAY ((time_t)86400)

struct fx {
	char dir[64];
	char db[128];
	struct app *app;
};

static const char *const names[2] = { "Zoë", "Łukasz" };
static const char *const passes[2] = { "correct horse", "battery staple" };

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	const size_t lens[2] = { strlen(passes[0]), strlen(passes[1]) };
	char err[256] = "";

	setenv("TZ", "UTC", 1);
	setenv("TEND_DATA_DIR", "data", 1);
	snprintf(f->dir, sizeof(f->dir), "/tmp/tend-app-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	setenv("XDG_CONFIG_HOME", f->dir, 1); /* no plans of the developer's own */
	snprintf(f->db, sizeof(f->db), "%s/sub/tend.db", f->dir);
	assert_int_equal(app_open(f->db, false, &f->app, err, sizeof(err)), TEND_OK);
	assert_false(app_is_setup(f->app));
	assert_int_equal(app_setup(f->app, names, passes, lens, APP_KDF_INTERACTIVE, NULL, EVENING),
	                 TEND_OK);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;
	char cmd[160];

	app_close(f->app);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

/* Writes a journal entry as partner `who` as the command line does: a
 * private one with their key, unlocked for it (when it can be). */
static enum tend_status write_as(struct app *app, int who, bool shared, const char *text,
                                 size_t len, time_t now)
{
	struct app_reader *r = NULL;
	enum tend_status st;

	if (!shared && (who == 0 || who == 1) &&
	    app_unlock(app, who, passes[who], strlen(passes[who]), &r) != TEND_OK)
		r = NULL;
	st = app_write(app, r, who, shared, text, len, now);
	app_reader_free(r);
	return st;
}

static struct app_reader *unlock(struct app *app, int who)
{
	struct app_reader *r = NULL;

	assert_int_equal(app_unlock(app, who, passes[who], strlen(passes[who]), &r), TEND_OK);
	return r;
}

/* Collects what a reader sees: kinds, authors and texts, joined. */
struct seen {
	char all[4096];
	int n;
	int tampered;
	int forged;
};

static int collect(const struct app_item *it, void *ctx)
{
	struct seen *s = ctx;
	size_t used = strlen(s->all);

	if (it->status == TEND_ERR_FORGED) {
		s->forged++;
		return 0;
	}
	if (it->status != TEND_OK) {
		s->tampered++;
		return 0;
	}
	s->n++;
	snprintf(s->all + used, sizeof(s->all) - used, "[%d:%d:%s:%s|%.*s]", it->kind,
	         it->author, it->shared ? "shared" : "private",
	         it->question ? "q" : "-", (int)it->len, it->text);
	return 0;
}

static struct seen read_all(struct app *app, int who, const struct app_read_filter *f)
{
	struct seen s = { 0 };
	struct app_reader *r = unlock(app, who);

	assert_int_equal(app_read_each(r, f, collect, &s), TEND_OK);
	app_reader_free(r);
	return s;
}

/* Reopens the app on its file (after the file was changed beneath it). */
static void reopen_app(struct fx *f)
{
	char err[256];

	app_close(f->app);
	f->app = NULL;
	assert_int_equal(app_open(f->db, false, &f->app, err, sizeof(err)), TEND_OK);
}

static enum tend_status try_unlock(struct app *app, int who, const char *pass)
{
	struct app_reader *r = NULL;
	enum tend_status st = app_unlock(app, who, pass, strlen(pass), &r);

	assert_true((st == TEND_OK) == (r != NULL));
	app_reader_free(r);
	return st;
}

static void test_setup_persists(void **state)
{
	struct fx *f = *state;
	struct app *again = NULL;
	char err[256];
	const size_t lens[2] = { 1, 1 };
	struct stat sb;
	char dir[160];

	assert_true(app_is_setup(f->app));
	assert_string_equal(app_name(f->app, 0), "Zoë");
	assert_int_equal(app_partner_by_name(f->app, "łukasz"), 1); /* Unicode case folding */
	assert_int_equal(app_partner_by_name(f->app, "Łukasz"), 1);
	assert_int_equal(app_partner_by_name(f->app, "zoë"), 0);
	assert_int_equal(app_partner_by_name(f->app, "Zoe"), -1);
	assert_int_equal(app_setup(f->app, names, passes, lens, APP_KDF_INTERACTIVE, NULL, EVENING),
	                 TEND_ERR_EXISTS);
	assert_int_equal(app_open(f->db, false, &again, err, sizeof(err)), TEND_OK);
	assert_true(app_is_setup(again));
	assert_string_equal(app_name(again, 1), "Łukasz");
	app_close(again);
	/* folder 0700, file 0600 */
	snprintf(dir, sizeof(dir), "%s/sub", f->dir);
	assert_int_equal(stat(dir, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	assert_int_equal(stat(f->db, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
}

static void test_change_passphrase(void **state)
{
	struct fx *f = *state;
	struct app *again = NULL;
	struct app_reader *r = NULL;
	char err[256];

	assert_int_equal(write_as(f->app, 0, false, "before the change", 17, EVENING), TEND_OK);
	assert_int_equal(app_change_passphrase(f->app, 0, "wrong", 5, "new one", 7),
	                 TEND_ERR_PASSPHRASE);
	assert_int_equal(app_change_passphrase(f->app, 0, passes[0], strlen(passes[0]), "", 0),
	                 TEND_ERR_INVALID);
	assert_int_equal(app_change_passphrase(f->app, 0, passes[0], strlen(passes[0]),
	                                       "new one", 7), TEND_OK);
	/* kept across a reopen: the old passphrase is refused, the new opens all */
	assert_int_equal(app_open(f->db, false, &again, err, sizeof(err)), TEND_OK);
	assert_int_equal(app_unlock(again, 0, passes[0], strlen(passes[0]), &r),
	                 TEND_ERR_PASSPHRASE);
	assert_int_equal(app_unlock(again, 0, "new one", 7, &r), TEND_OK);
	{
		struct seen s = { 0 };
		assert_int_equal(app_read_each(r, NULL, collect, &s), TEND_OK);
		assert_int_equal(s.n, 1);
		assert_non_null(strstr(s.all, "before the change"));
	}
	app_reader_free(r);
	/* the other partner is untouched */
	assert_int_equal(app_unlock(again, 1, passes[1], strlen(passes[1]), &r), TEND_OK);
	app_reader_free(r);
	app_close(again);
}

static void test_setup_refuses_bad_names(void **state)
{
	struct fx *f = *state;
	struct app *app = NULL;
	char db[160], err[256];
	const char *same[2] = { "Sam", "sAM" };
	const char *blank[2] = { "  ", "Sam" };
	const char *ctrl[2] = { "A\x01", "Sam" };
	const size_t lens[2] = { 3, 3 };
	const size_t nolen[2] = { 0, 3 };

	snprintf(db, sizeof(db), "%s/other.db", f->dir);
	assert_int_equal(app_open(db, false, &app, err, sizeof(err)), TEND_OK);
	assert_int_equal(app_setup(app, same, passes, lens, APP_KDF_INTERACTIVE, NULL, EVENING),
	                 TEND_ERR_INVALID);
	assert_int_equal(app_setup(app, blank, passes, lens, APP_KDF_INTERACTIVE, NULL, EVENING),
	                 TEND_ERR_INVALID);
	assert_int_equal(app_setup(app, ctrl, passes, lens, APP_KDF_INTERACTIVE, NULL, EVENING),
	                 TEND_ERR_INVALID);
	assert_int_equal(app_setup(app, names, passes, nolen, APP_KDF_INTERACTIVE, NULL, EVENING),
	                 TEND_ERR_INVALID);
	assert_false(app_is_setup(app));
	app_close(app);
}

static void test_write_and_read_by_each_partner(void **state)
{
	struct fx *f = *state;
	struct app_reader *r = NULL;
	struct seen s;

	assert_int_equal(write_as(f->app, 0, false, "zoe private", 11, EVENING), TEND_OK);
	assert_int_equal(write_as(f->app, 0, true, "zoe shared", 10, EVENING), TEND_OK);
	assert_int_equal(write_as(f->app, 1, false, "lukasz private 美咲 🌙", 26, EVENING),
	                 TEND_OK);
	assert_int_equal(write_as(f->app, 1, false, "", 0, EVENING), TEND_ERR_INVALID);
	assert_int_equal(write_as(f->app, 2, false, "x", 1, EVENING), TEND_ERR_INVALID);

	s = read_all(f->app, 0, NULL);
	assert_int_equal(s.n, 2);
	assert_non_null(strstr(s.all, "zoe private"));
	assert_non_null(strstr(s.all, "zoe shared"));
	assert_null(strstr(s.all, "lukasz"));

	s = read_all(f->app, 1, NULL);
	assert_int_equal(s.n, 2);
	assert_non_null(strstr(s.all, "lukasz private 美咲 🌙"));
	assert_non_null(strstr(s.all, "zoe shared"));
	assert_null(strstr(s.all, "zoe private"));

	/* The other partner's passphrase never opens Zoë's key. */
	assert_int_equal(app_unlock(f->app, 0, passes[1], strlen(passes[1]), &r),
	                 TEND_ERR_PASSPHRASE);
	assert_null(r);
	assert_int_equal(app_unlock(f->app, 0, "", 0, &r), TEND_ERR_PASSPHRASE);
}

/* Runs a check-in's timer to `ran_ms` of running time, step by step. */
static void run_for(struct app_checkin *c, int64_t *mono, int64_t ms)
{
	int64_t end = *mono + ms;

	while (*mono < end && !c->turn.done) {
		const struct plan_step *s = turn_step(&c->turn);
		if (s && s->kind == PLAN_ARRIVE) {
			turn_confirm(&c->turn, 0, *mono);
			turn_confirm(&c->turn, 1, *mono);
		}
		*mono += 250;
		turn_update(&c->turn, *mono);
	}
}

static void type(struct textbuf *tb, const char *s)
{
	assert_int_equal(textbuf_set(tb, s, strlen(s)), TEND_OK);
}

static void test_checkin_saved_and_read(void **state)
{
	struct fx *f = *state;
	struct app_checkin *c = NULL;
	struct app_stats st;
	struct app_draft_info di;
	char err[256] = "";
	int64_t mono = 1000;
	struct seen s;

	assert_int_equal(app_stats(f->app, EVENING, &st), TEND_OK);
	assert_int_equal(st.nightly.current, 0);
	assert_int_equal(st.first_tonight, 0);
	assert_int_equal(st.calendar[APP_CALENDAR_NIGHTS - 1], APP_DAY_TONIGHT);

	assert_int_equal(app_checkin_begin(f->app, "tests/fixtures/e2e.plan", 0, EVENING, mono, &c,
	                                   err, sizeof(err)), TEND_OK);
	assert_int_equal(c->first, 0);
	/* Nothing is ticked for the couple: they choose what felt alive. */
	assert_int_equal(c->pillars, 0);
	/* Each partner has their own two questions. */
	for (int q = 0; q < APP_QUESTIONS; q++) {
		assert_non_null(c->question[0][q]);
		assert_non_null(c->question[1][q]);
		for (int r = 0; r < APP_QUESTIONS; r++)
			assert_ptr_not_equal(c->question[0][q], c->question[1][r]);
	}
	assert_ptr_not_equal(c->question[0][0], c->question[0][1]);
	assert_int_equal(app_draft_info(f->app, &di), TEND_OK);
	assert_string_equal(di.plan, "e2e");

	run_for(c, &mono, 60000);
	assert_true(c->turn.done);
	c->phase = APP_PHASE_PILLARS;
	/* Each partner writes in their own stretch, their key open for it. */
	{
		struct app_reader *zw = unlock(f->app, 0), *lw = unlock(f->app, 1);

		type(&c->answer[0][0], "ZOE-ANSWER-PRIVATE");
		type(&c->answer[0][1], "ZOE-ANSWER-SHARED");
		c->answer_shared[0][1] = true;
		assert_int_equal(app_checkin_save(c, mono), TEND_ERR_DENIED); /* no key open */
		app_checkin_writer(c, lw);
		assert_int_equal(app_checkin_save(c, mono), TEND_ERR_DENIED); /* not hers */
		app_checkin_writer(c, zw);
		assert_int_equal(app_checkin_save(c, mono), TEND_OK);
		app_checkin_writer(c, lw);
		type(&c->answer[1][0], "LUKASZ-ANSWER-PRIVATE");
		assert_int_equal(app_checkin_save(c, mono), TEND_OK); /* hers unchanged */
		app_checkin_writer(c, NULL);
		app_reader_free(zw);
		app_reader_free(lw);
	}
	type(&c->note, "OUR-NOTE");
	assert_int_equal(app_checkin_save(c, mono), TEND_OK);
	/* a second save replaces, never duplicates */
	type(&c->note, "OUR-NOTE-2");
	assert_int_equal(app_checkin_save(c, mono), TEND_OK);
	c->pillars = 1u << PILLAR_EMPATHY;
	assert_int_equal(app_checkin_finish(c, mono), TEND_OK);
	app_checkin_free(c);
	assert_int_equal(app_draft_info(f->app, &di), TEND_ERR_NOT_FOUND);

	assert_int_equal(app_stats(f->app, EVENING + 3600, &st), TEND_OK);
	assert_true(st.tonight_done);
	assert_int_equal(st.nightly.current, 1);
	assert_int_equal(st.pillar[PILLAR_EMPATHY].current, 1);
	assert_int_equal(st.pillar[PILLAR_VULNERABILITY].current, 0);
	assert_int_equal(st.calendar[APP_CALENDAR_NIGHTS - 1], APP_DAY_DONE);
	assert_int_equal(st.first_tonight, 1); /* Łukasz opens next time */

	s = read_all(f->app, 0, NULL);
	assert_int_equal(s.n, 3);
	assert_non_null(strstr(s.all, "ZOE-ANSWER-PRIVATE"));
	assert_non_null(strstr(s.all, "ZOE-ANSWER-SHARED"));
	assert_non_null(strstr(s.all, "OUR-NOTE-2"));
	assert_null(strstr(s.all, "OUR-NOTE]"));
	assert_null(strstr(s.all, "LUKASZ"));
	s = read_all(f->app, 1, NULL);
	assert_int_equal(s.n, 3);
	assert_non_null(strstr(s.all, "LUKASZ-ANSWER-PRIVATE"));
	assert_non_null(strstr(s.all, "ZOE-ANSWER-SHARED"));
	assert_non_null(strstr(s.all, "OUR-NOTE-2"));
	assert_null(strstr(s.all, "ZOE-ANSWER-PRIVATE"));
	assert_non_null(strstr(s.all, ":q|")); /* reflections carry their question */

	/* Next evening, a check-in after midnight still counts for that night. */
	assert_int_equal(app_checkin_begin(f->app, "tests/fixtures/e2e.plan", 0,
	                                   EVENING + DAY + 4 * 3600, mono, &c, err, sizeof(err)),
	                 TEND_OK);
	assert_int_equal(c->first, 1);
	run_for(c, &mono, 60000);
	assert_int_equal(app_checkin_finish(c, mono), TEND_OK);
	app_checkin_free(c);
	assert_int_equal(app_stats(f->app, EVENING + DAY + 5 * 3600, &st), TEND_OK);
	assert_int_equal(st.nightly.current, 2);
	assert_int_equal(st.nights_total, 2);
}

static void test_early_end_does_not_count(void **state)
{
	struct fx *f = *state;
	struct app_checkin *c = NULL;
	struct app_stats st;
	char err[256] = "";
	int64_t mono = 5000;
	int n = 0;

	assert_int_equal(app_checkin_begin(f->app, NULL, 0, EVENING, mono, &c, err, sizeof(err)),
	                 TEND_OK);
	assert_string_equal(c->plan->name, "nightly");
	run_for(c, &mono, 60000); /* one minute of fifteen */
	turn_end(&c->turn, mono);
	type(&c->note, "short but kept");
	assert_int_equal(app_checkin_finish(c, mono), TEND_OK);
	app_checkin_free(c);
	assert_int_equal(app_stats(f->app, EVENING, &st), TEND_OK);
	assert_false(st.tonight_done);
	assert_int_equal(st.nightly.current, 0);
	assert_int_equal(st.calendar[APP_CALENDAR_NIGHTS - 1], APP_DAY_SHORT);
	assert_int_equal(read_all(f->app, 1, NULL).n, 1); /* the note was kept */

	/* ten minutes of fifteen is two thirds: it counts */
	assert_int_equal(app_checkin_begin(f->app, NULL, 0, EVENING, mono, &c, err, sizeof(err)),
	                 TEND_OK);
	run_for(c, &mono, 10 * 60000 + 1000);
	turn_end(&c->turn, mono);
	assert_true(turn_counts(&c->turn, mono));
	assert_int_equal(app_checkin_finish(c, mono), TEND_OK);
	app_checkin_free(c);
	assert_int_equal(app_stats(f->app, EVENING, &st), TEND_OK);
	assert_true(st.tonight_done);
	assert_int_equal(st.nightly.current, 1);
	(void)n;
}

static void test_crash_and_resume(void **state)
{
	struct fx *f = *state;
	struct app_checkin *c = NULL;
	struct app_draft_info di;
	char err[256] = "";
	int64_t mono = 0;
	int step;

	assert_int_equal(app_checkin_begin(f->app, "tests/fixtures/e2e.plan", 0, EVENING, mono, &c,
	                                   err, sizeof(err)), TEND_OK);
	run_for(c, &mono, 6000);
	step = (int)c->turn.step;
	assert_true(step > 0);
	type(&c->note, "BEFORE-CRASH");
	assert_int_equal(app_checkin_save(c, mono), TEND_OK);
	app_checkin_free(c); /* the process dies here */

	assert_int_equal(app_draft_info(f->app, &di), TEND_OK);
	assert_int_equal(di.step, step);
	assert_int_equal((int)di.texts, 1);
	assert_int_equal(app_checkin_resume(f->app, EVENING + 600, 99000, &c, err, sizeof(err)),
	                 TEND_OK);
	assert_true(c->resumed);
	assert_true(c->turn.paused);
	assert_int_equal((int)c->turn.step, step);
	assert_int_equal(c->night, night_of(EVENING, 240));
	type(&c->note, "AFTER-CRASH");
	mono = 99000;
	turn_toggle_pause(&c->turn, mono);
	run_for(c, &mono, 60000);
	assert_int_equal(app_checkin_finish(c, mono), TEND_OK);
	app_checkin_free(c);
	{
		struct seen s = read_all(f->app, 1, NULL);
		assert_non_null(strstr(s.all, "BEFORE-CRASH"));
		assert_non_null(strstr(s.all, "AFTER-CRASH"));
	}

	/* starting anew while one is interrupted keeps the interrupted one */
	assert_int_equal(app_checkin_begin(f->app, "tests/fixtures/e2e.plan", 0, EVENING, mono, &c,
	                                   err, sizeof(err)), TEND_OK);
	type(&c->note, "KEPT-WHEN-REPLACED");
	assert_int_equal(app_checkin_save(c, mono), TEND_OK);
	app_checkin_free(c);
	assert_int_equal(app_checkin_begin(f->app, "tests/fixtures/e2e.plan", 0, EVENING, mono, &c,
	                                   err, sizeof(err)), TEND_OK);
	app_checkin_free(c);
	assert_non_null(strstr(read_all(f->app, 0, NULL).all, "KEPT-WHEN-REPLACED"));
	assert_int_equal(app_draft_discard(f->app), TEND_OK);
	{
		size_t saved = 0;
		assert_int_equal(app_history_count(f->app, &saved), TEND_OK);
		assert_int_equal(saved, 2); /* the resumed one and the replaced one */
	}

	/* discarding an interrupted check-in removes it and its text */
	assert_int_equal(app_checkin_begin(f->app, "tests/fixtures/e2e.plan", 0, EVENING, mono, &c,
	                                   err, sizeof(err)), TEND_OK);
	type(&c->note, "DISCARD-ME");
	assert_int_equal(app_checkin_save(c, mono), TEND_OK);
	app_checkin_free(c);
	assert_int_equal(app_draft_discard(f->app), TEND_OK);
	assert_int_equal(app_draft_info(f->app, &di), TEND_ERR_NOT_FOUND);
	assert_null(strstr(read_all(f->app, 0, NULL).all, "DISCARD-ME"));
}

/* A minute added with '+' is part of the session's length: kept through
 * an interruption, and in the history as planned, beside what ran. */
static void test_added_time_is_kept(void **state)
{
	struct fx *f = *state;
	struct app_checkin *c = NULL;
	struct app_history_item h;
	char err[256] = "";
	int64_t mono = 0;
	size_t n = 0;

	assert_int_equal(app_checkin_begin(f->app, "tests/fixtures/e2e.plan", 0, EVENING, mono, &c,
	                                   err, sizeof(err)), TEND_OK);
	assert_int_equal(turn_total_ms(&c->turn), 15000);
	run_for(c, &mono, 4000); /* arrive (confirmed at once), appreciate, 2 s of speak */
	turn_extend(&c->turn, mono, 60);
	assert_int_equal(turn_total_ms(&c->turn), 75000);
	assert_int_equal(app_checkin_save(c, mono), TEND_OK);
	app_checkin_free(c); /* interrupted */

	assert_int_equal(app_checkin_resume(f->app, EVENING + 600, 50000, &c, err, sizeof(err)),
	                 TEND_OK);
	assert_int_equal(turn_total_ms(&c->turn), 75000);
	assert_int_equal(turn_position_ms(&c->turn, 50000), 3000 + 2000 + 2000);
	mono = 50000;
	turn_toggle_pause(&c->turn, mono);
	run_for(c, &mono, 120000);
	assert_true(c->turn.done);
	assert_int_equal(app_checkin_finish(c, mono), TEND_OK);
	app_checkin_free(c);
	assert_int_equal(app_history_page(f->app, NULL, true, &h, 1, &n), TEND_OK);
	assert_int_equal(n, 1);
	assert_int_equal(h.planned_s, 75);
	assert_int_equal(h.ran_s, 75 - 3); /* all but the arrive step, confirmed at once */
	assert_true(h.counted);
}

/* Settings changed by another tend (`tend set` in another terminal) reach
 * an open app at its next app_settings_refresh, and only then. */
static void test_settings_follow_the_file(void **state)
{
	struct fx *f = *state;
	struct app *other = NULL;
	char err[256] = "";

	assert_true(app_bell(f->app));
	assert_true(app_streaks(f->app));
	assert_int_equal(app_open(f->db, false, &other, err, sizeof(err)), TEND_OK);
	assert_int_equal(app_set_bell(other, false), TEND_OK);
	assert_int_equal(app_set_streaks(other, false), TEND_OK);
	assert_int_equal(app_set_ritual_time(other, 19 * 60 + 30), TEND_OK);
	assert_true(app_bell(f->app)); /* nothing is read behind the app's back */
	assert_int_equal(app_settings_refresh(f->app), TEND_OK);
	assert_false(app_bell(f->app));
	assert_false(app_streaks(f->app));
	assert_true(app_flash(f->app));
	assert_int_equal(app_ritual_time(f->app), 19 * 60 + 30);
	/* Its own change is its own already; a look with nothing new keeps it. */
	assert_int_equal(app_set_bell(f->app, true), TEND_OK);
	assert_int_equal(app_settings_refresh(f->app), TEND_OK);
	assert_true(app_bell(f->app));
	assert_int_equal(app_set_flash(other, false), TEND_OK);
	assert_int_equal(app_settings_refresh(f->app), TEND_OK);
	assert_false(app_flash(f->app));
	assert_true(app_bell(f->app));
	app_close(other);
}

static void test_rest_nights(void **state)
{
	struct fx *f = *state;
	struct app_stats st;
	char err[256] = "";

	assert_int_equal(app_stats(f->app, EVENING, &st), TEND_OK);
	assert_true(st.rest_allowed);
	assert_int_equal(app_rest_tonight(f->app, EVENING, err, sizeof(err)), TEND_OK);
	assert_int_equal(app_rest_tonight(f->app, EVENING, err, sizeof(err)), TEND_ERR_EXISTS);
	assert_int_equal(app_stats(f->app, EVENING, &st), TEND_OK);
	assert_true(st.tonight_rest);
	assert_int_equal(st.calendar[APP_CALENDAR_NIGHTS - 1], APP_DAY_REST);
	/* six nights later is too soon; seven is fine */
	assert_int_equal(app_rest_tonight(f->app, EVENING + 6 * DAY, err, sizeof(err)),
	                 TEND_ERR_DENIED);
	assert_non_null(strstr(err, "2026-11-24"));
	assert_int_equal(app_rest_tonight(f->app, EVENING + 7 * DAY, err, sizeof(err)), TEND_OK);
	assert_int_equal(app_rest_undo(f->app, EVENING + 7 * DAY), TEND_OK);
	assert_int_equal(app_stats(f->app, EVENING + 7 * DAY, &st), TEND_OK);
	assert_false(st.tonight_rest);
	/* a window of three: three nights after the last rest is allowed */
	assert_int_equal(app_set_rest_window(f->app, 0), TEND_ERR_INVALID);
	assert_int_equal(app_set_rest_window(f->app, 3), TEND_OK);
	assert_int_equal(app_rest_window(f->app), 3);
	assert_int_equal(app_rest_tonight(f->app, EVENING + 2 * DAY, err, sizeof(err)),
	                 TEND_ERR_DENIED);
	assert_int_equal(app_rest_tonight(f->app, EVENING + 3 * DAY, err, sizeof(err)), TEND_OK);
}

static void test_tampered_record_named_others_open(void **state)
{
	struct fx *f = *state;
	sqlite3 *db;
	struct seen s;

	assert_int_equal(write_as(f->app, 0, true, "first", 5, EVENING), TEND_OK);
	assert_int_equal(write_as(f->app, 0, true, "second", 6, EVENING), TEND_OK);
	assert_int_equal(write_as(f->app, 0, true, "third", 5, EVENING), TEND_OK);
	assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
	/* flip a byte in the middle entry's ciphertext */
	assert_int_equal(sqlite3_exec(db, "UPDATE entry SET ct = " TK_CT_CHANGED " WHERE id = 2",
	                 NULL, NULL, NULL), SQLITE_OK);
	/* and make the third claim to be private to its author */
	assert_int_equal(sqlite3_exec(db, "UPDATE entry SET visibility = 0 WHERE id = 3",
	                 NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	s = read_all(f->app, 1, NULL);
	assert_int_equal(s.tampered, 2);
	assert_int_equal(s.n, 1);
	assert_non_null(strstr(s.all, "first"));
}

/* What a walk over many records saw: each text's number, in order. */
struct numbered {
	int got[700];
	int n, tampered, stop_at;
};

static int number_one(const struct app_item *it, void *ctx)
{
	struct numbered *s = ctx;

	if (it->status != TEND_OK) {
		s->tampered++;
	} else if (s->n < (int)(sizeof(s->got) / sizeof(s->got[0]))) {
		s->got[s->n] = atoi(it->text + 6); /* "entry N" */
		s->n++;
	}
	return s->stop_at && s->n + s->tampered == s->stop_at;
}

/* app_read_each opens records a batch at a time (256): 600 records come
 * whole and in order across three batches; a walk stopped in the second
 * batch stops there; a damaged record in the second batch is named and
 * every other one still opens. */
static void test_read_streams_in_batches(void **state)
{
	struct fx *f = *state;
	struct app_reader *r;
	struct numbered s;
	sqlite3 *db;
	char text[32];

	for (int i = 1; i <= 600; i++) {
		int len = snprintf(text, sizeof(text), "entry %d", i);

		assert_int_equal(write_as(f->app, i % 2, true, text, (size_t)len, EVENING), TEND_OK);
	}
	r = unlock(f->app, 1);
	memset(&s, 0, sizeof(s));
	assert_int_equal(app_read_each(r, NULL, number_one, &s), TEND_OK);
	assert_int_equal(s.n, 600);
	for (int i = 0; i < 600; i++)
		assert_int_equal(s.got[i], i + 1);
	memset(&s, 0, sizeof(s));
	s.stop_at = 300;
	assert_int_equal(app_read_each(r, NULL, number_one, &s), TEND_OK);
	assert_int_equal(s.n, 300);
	assert_int_equal(s.got[299], 300);
	app_reader_free(r);

	assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "UPDATE entry SET ct = " TK_CT_CHANGED " WHERE id = "
	                 "(SELECT id FROM entry ORDER BY id LIMIT 1 OFFSET 299)", NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(db);
	r = unlock(f->app, 0);
	memset(&s, 0, sizeof(s));
	assert_int_equal(app_read_each(r, NULL, number_one, &s), TEND_OK);
	assert_int_equal(s.tampered, 1);
	assert_int_equal(s.n, 599);
	assert_int_equal(s.got[298], 299);
	assert_int_equal(s.got[299], 301);
	assert_int_equal(s.got[598], 600);
	app_reader_free(r);
}

/* Partner 0's row as stored, kept to put back after an attack. */
struct row0 {
	char name[64];
	unsigned char slot[256];
	int len;
};

static void get_partner0(const char *path, struct row0 *r)
{
	sqlite3 *db;
	sqlite3_stmt *q;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT name, slot FROM partner WHERE idx = 0",
	                                    -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	snprintf(r->name, sizeof(r->name), "%s", (const char *)sqlite3_column_text(q, 0));
	r->len = sqlite3_column_bytes(q, 1);
	assert_true(r->len > 0 && r->len <= (int)sizeof(r->slot));
	memcpy(r->slot, sqlite3_column_blob(q, 1), (size_t)r->len);
	sqlite3_finalize(q);
	sqlite3_close(db);
}

static void put_partner0(const char *path, const struct row0 *r)
{
	sqlite3 *db;
	sqlite3_stmt *q;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO partner (idx, name, slot)"
	                                    " VALUES (0, ?1, ?2)", -1, &q, NULL), SQLITE_OK);
	sqlite3_bind_text(q, 1, r->name, -1, SQLITE_STATIC);
	sqlite3_bind_blob(q, 2, r->slot, r->len, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(q), SQLITE_DONE);
	sqlite3_finalize(q);
	sqlite3_close(db);
}

/* Each way partner 0's key record can be spoiled in the file (slot layout:
 * vault.h): a limit out of range, an unknown algorithm, a slot cut short,
 * the row gone, one bit of the public key. Partner 1 carries on; partner
 * 0's damage is named, and nothing is sealed to the spoiled key. */
static void test_one_bad_slot_leaves_the_other(void **state)
{
	static const char *const attacks[] = {
		"UPDATE partner SET slot = CAST(substr(slot, 1, 52) || X'FFFFFFFFFFFFFFFF'"
		" || substr(slot, 61) AS BLOB) WHERE idx = 0",
		"UPDATE partner SET slot = CAST(substr(slot, 1, 68) || X'09000000'"
		" || substr(slot, 73) AS BLOB) WHERE idx = 0",
		"UPDATE partner SET slot = substr(slot, 1, 100) WHERE idx = 0",
		"DELETE FROM partner WHERE idx = 0",
		NULL, /* bit 1 of byte 10 (in the public key) flipped */
	};
	struct fx *f = *state;
	struct row0 kept;
	char err[256], why[256];

	assert_int_equal(write_as(f->app, 1, false, "his own", 7, EVENING), TEND_OK);
	assert_int_equal(write_as(f->app, 0, true, "hers, shared", 12, EVENING), TEND_OK);
	app_close(f->app);
	f->app = NULL;
	get_partner0(f->db, &kept);
	for (size_t k = 0; k < sizeof(attacks) / sizeof(*attacks); k++) {
		struct app_reader *r = NULL;
		struct app_stats st;
		struct seen s;

		if (attacks[k]) {
			tk_sql(f->db, attacks[k]);
		} else {
			struct row0 flipped = kept;

			flipped.slot[10] ^= 0x02;
			put_partner0(f->db, &flipped);
		}

		assert_int_equal(app_open(f->db, false, &f->app, err, sizeof(err)), TEND_OK);
		assert_true(app_is_setup(f->app));
		assert_int_equal(app_partner_key(f->app, 0), TEND_ERR_KEY_DAMAGED);
		assert_int_equal(app_partner_key(f->app, 1), TEND_OK);
		app_key_problem(f->app, 0, why, sizeof(why));
		snprintf(err, sizeof(err), "%s's key record in this database is damaged or was "
		         "changed (Łukasz's is not affected)", k == 3 ? "Partner 1" : names[0]);
		assert_string_equal(why, err);
		app_key_problem(f->app, 1, why, sizeof(why));
		assert_string_equal(why, "");
		assert_string_equal(app_name(f->app, 1), names[1]);
		assert_string_equal(app_name(f->app, 0), k == 3 ? "Partner 1" : names[0]);
		/* partner 0: no unlock, nothing sealed to the spoiled key */
		assert_int_equal(app_unlock(f->app, 0, passes[0], strlen(passes[0]), &r),
		                 TEND_ERR_KEY_DAMAGED);
		assert_null(r);
		assert_int_equal(write_as(f->app, 0, false, "x", 1, EVENING), TEND_ERR_KEY_DAMAGED);
		assert_int_equal(write_as(f->app, 1, true, "x", 1, EVENING), TEND_ERR_KEY_DAMAGED);
		/* partner 1: writes privately, reads all that is his, streaks read */
		assert_int_equal(write_as(f->app, 1, false, "still his", 9, EVENING), TEND_OK);
		s = read_all(f->app, 1, NULL);
		assert_int_equal(s.tampered, 0);
		assert_non_null(strstr(s.all, "his own"));
		assert_non_null(strstr(s.all, "hers, shared"));
		assert_non_null(strstr(s.all, "still his"));
		assert_int_equal(app_stats(f->app, EVENING, &st), TEND_OK);
		app_close(f->app);
		f->app = NULL;

		/* the same file, mended: the next attack starts from a whole one */
		tk_sql(f->db, "DELETE FROM entry WHERE id > 2");
		put_partner0(f->db, &kept);
	}
	assert_int_equal(app_open(f->db, false, &f->app, err, sizeof(err)), TEND_OK);
	assert_int_equal(app_partner_key(f->app, 0), TEND_OK);

	/* a slot of a later version: said so, not "damaged" */
	{
		struct row0 later = kept;

		later.slot[3] = '3';
		put_partner0(f->db, &later);
		reopen_app(f);
		assert_int_equal(app_partner_key(f->app, 0), TEND_ERR_TOO_NEW);
		app_key_problem(f->app, 0, why, sizeof(why));
		assert_string_equal(why, "Zoë's key record was written by a newer tend");
		assert_int_equal(try_unlock(f->app, 1, passes[1]), TEND_OK);
		put_partner0(f->db, &kept);
	}
}

/* A private entry is written only with its author's key; a shared one
 * needs none. */
static void test_private_write_needs_its_author(void **state)
{
	struct fx *f = *state;
	struct app_reader *z = unlock(f->app, 0), *l = unlock(f->app, 1);
	struct seen s;

	assert_int_equal(app_write(f->app, NULL, 0, false, "x", 1, EVENING), TEND_ERR_DENIED);
	assert_int_equal(app_write(f->app, l, 0, false, "x", 1, EVENING), TEND_ERR_DENIED);
	assert_int_equal(app_write(f->app, z, 0, false, "hers", 4, EVENING), TEND_OK);
	assert_int_equal(app_write(f->app, NULL, 1, true, "his, shared", 11, EVENING), TEND_OK);
	assert_int_equal(app_write(f->app, z, 1, true, "shared, any key", 15, EVENING), TEND_OK);
	app_reader_free(z);
	app_reader_free(l);
	s = read_all(f->app, 0, NULL);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.tampered, 0);
	assert_non_null(strstr(s.all, "hers"));
}

/* What a reader sees of the texts: how many, the last one's length, and
 * whether it is `want`. */
struct longest {
	size_t len;
	int n;
	bool same;
	const char *want;
};

static int longest_one(const struct app_item *it, void *ctx)
{
	struct longest *l = ctx;

	if (it->status == TEND_OK) {
		l->n++;
		l->len = it->len;
		l->same = it->len == strlen(l->want) && memcmp(it->text, l->want, it->len) == 0;
	}
	return 0;
}

/* A text of exactly APP_MAX_ENTRY bytes is written and reads back whole;
 * one byte more is refused (TEND_ERR_TOO_LONG) and writes nothing, private
 * or shared. */
static void test_entry_size_limit(void **state)
{
	struct fx *f = *state;
	char *text = malloc(APP_MAX_ENTRY + 2);
	struct longest l = { 0 };
	struct app_reader *r;

	assert_non_null(text);
	for (size_t i = 0; i < APP_MAX_ENTRY + 1; i++)
		text[i] = (char)('a' + i % 26);
	text[APP_MAX_ENTRY + 1] = '\0';
	assert_int_equal(write_as(f->app, 0, true, text, APP_MAX_ENTRY + 1, EVENING),
	                 TEND_ERR_TOO_LONG);
	assert_int_equal(write_as(f->app, 0, false, text, APP_MAX_ENTRY + 1, EVENING),
	                 TEND_ERR_TOO_LONG);
	text[APP_MAX_ENTRY] = '\0';
	assert_int_equal(write_as(f->app, 0, false, text, APP_MAX_ENTRY, EVENING), TEND_OK);
	l.want = text;
	r = unlock(f->app, 0);
	assert_int_equal(app_read_each(r, NULL, longest_one, &l), TEND_OK);
	app_reader_free(r);
	assert_int_equal(l.n, 1); /* the two refused left nothing */
	assert_int_equal(l.len, APP_MAX_ENTRY);
	assert_true(l.same);
	free(text);
}

/* The names, places and keys are bound into what each passphrase opens:
 * swapping names, swapping the slots between places, or putting another
 * public key into a slot (its checksum made again, as an attacker would)
 * is caught at the next unlock as a changed record, not "wrong passphrase";
 * a wrong passphrase, or the partner's, is still just wrong. */
static void test_partners_record_bound(void **state)
{
	struct fx *f = *state;
	struct row0 z;
	struct vault_slot s0, s1;
	uint8_t enc[VAULT_SLOT_BYTES];

	assert_int_equal(try_unlock(f->app, 0, passes[1]), TEND_ERR_PASSPHRASE);
	assert_int_equal(try_unlock(f->app, 0, "nope"), TEND_ERR_PASSPHRASE);

	/* names swapped: each partner's own flow finds the change */
	tk_sql(f->db, "UPDATE partner SET name = CASE idx WHEN 0 THEN 'Łukasz' ELSE 'Zoë' END");
	reopen_app(f);
	assert_int_equal(app_partner_by_name(f->app, "Zoë"), 1);
	assert_int_equal(try_unlock(f->app, 1, passes[0]), TEND_ERR_PARTNERS_CHANGED);
	assert_int_equal(try_unlock(f->app, 0, passes[1]), TEND_ERR_PARTNERS_CHANGED);
	assert_int_equal(try_unlock(f->app, 0, passes[0]), TEND_ERR_PARTNERS_CHANGED);
	assert_int_equal(try_unlock(f->app, 1, "nope"), TEND_ERR_PASSPHRASE);
	tk_sql(f->db, "UPDATE partner SET name = CASE idx WHEN 0 THEN 'Zoë' ELSE 'Łukasz' END");
	reopen_app(f);
	assert_int_equal(try_unlock(f->app, 0, passes[0]), TEND_OK);
	assert_int_equal(try_unlock(f->app, 1, passes[1]), TEND_OK);

	/* the two slots swapped between the places, names left */
	get_partner0(f->db, &z);
	tk_sql(f->db, "UPDATE partner SET slot = (SELECT slot FROM partner WHERE idx = 1)"
	               " WHERE idx = 0");
	{
		sqlite3 *db;
		sqlite3_stmt *q;

		assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
		assert_int_equal(sqlite3_prepare_v2(db, "UPDATE partner SET slot = ?1 WHERE idx = 1",
		                                    -1, &q, NULL), SQLITE_OK);
		sqlite3_bind_blob(q, 1, z.slot, z.len, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(q), SQLITE_DONE);
		sqlite3_finalize(q);
		sqlite3_close(db);
	}
	reopen_app(f);
	assert_int_equal(try_unlock(f->app, 0, passes[0]), TEND_ERR_PARTNERS_CHANGED);
	assert_int_equal(try_unlock(f->app, 1, passes[1]), TEND_ERR_PARTNERS_CHANGED);
	tk_sql(f->db, "UPDATE partner SET slot = (SELECT slot FROM partner WHERE idx = 0)"
	               " WHERE idx = 1");
	put_partner0(f->db, &z);

	/* another public key in Zoë's slot, its checksum made again */
	reopen_app(f);
	get_partner0(f->db, &z);
	assert_int_equal(vault_slot_decode(z.slot, (size_t)z.len, &s0), TEND_OK);
	{
		struct row0 other = z;
		sqlite3 *db;
		sqlite3_stmt *q;

		assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
		assert_int_equal(sqlite3_prepare_v2(db, "SELECT slot FROM partner WHERE idx = 1",
		                                    -1, &q, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(q), SQLITE_ROW);
		assert_int_equal(vault_slot_decode(sqlite3_column_blob(q, 0),
		                                   (size_t)sqlite3_column_bytes(q, 0), &s1), TEND_OK);
		sqlite3_finalize(q);
		sqlite3_close(db);
		memcpy(s0.pk, s1.pk, VAULT_PK_BYTES);
		other.len = (int)vault_slot_encode(&s0, enc);
		memcpy(other.slot, enc, (size_t)other.len);
		put_partner0(f->db, &other);
	}
	reopen_app(f);
	assert_int_equal(app_partner_key(f->app, 0), TEND_OK); /* it decodes... */
	assert_int_equal(try_unlock(f->app, 0, passes[0]), TEND_ERR_PARTNERS_CHANGED); /* no */
	put_partner0(f->db, &z);
	reopen_app(f);
	assert_int_equal(try_unlock(f->app, 0, passes[0]), TEND_OK);
}

/* A slot as tend 1.0 wrote it (version 1; the pinned one of test_vault)
 * opens, and is rewritten as version 2 at that unlock: bound to its owner
 * from then on. */
static void test_v1_slot_brought_up_to_date(void **state)
{
	static const char v1_hex[] =
		"74736c3175e0b161cc36903ba37545a5df4b3b7ea6acaf2474bbeb26ba89d9ef"
		"083d441aca12141b8ba50726c4979a29372256b4010000000000000000200000"
		"00000000020000004ee20b559f1810e3eb0544027350e3f05b5aa4e13bf3ae41"
		"62d56828e1e8dcb608b51a221b830ccf25c61694f354cc7291ba8e6de70cdc20"
		"60551a39676662833aecbd6483dd4b3b";
	/* A private record tend 1.0 sealed to that slot (test_vault's pinned
	 * one: entry 1001, kind 2, partner 0, private). */
	static const char legacy_row[] =
		"INSERT INTO entry (id, checkin, kind, author, visibility, night, created, seq,"
		" ct, seal0, seal1) VALUES (1001, NULL, 2, 0, 0, 20000, 0, 0,"
		" X'6bec6299197358bf2c2957935b9d63a29695074259cd8cefff8b3bec6eba313e"
		"35dd2660949d727e5e0d70561b58d8629323dac06d',"
		" X'186e411810e3ea9876bd6ba52b82a7f26866839e259cb70ec476003ea085c040"
		"35b129044b8e8985ee680a3470c8e42092ecb7c9daaa024a48e4d517ce60a139"
		"c9698442b88f5f632c3417d3634e78b4', NULL)";
	const char *pw = "pinned \xe2\x99\xa1";
	struct fx *f = *state;
	struct app_reader *reader = NULL;
	struct seen seen = { 0 };
	struct row0 r;

	get_partner0(f->db, &r);
	r.len = (int)strlen(v1_hex) / 2;
	for (int i = 0; i < r.len; i++) {
		unsigned v;

		assert_int_equal(sscanf(v1_hex + 2 * i, "%2x", &v), 1);
		r.slot[i] = (unsigned char)v;
	}
	put_partner0(f->db, &r);
	tk_sql(f->db, legacy_row);
	reopen_app(f);
	assert_int_equal(app_partner_key(f->app, 0), TEND_OK);
	assert_int_equal(try_unlock(f->app, 0, "pinned"), TEND_ERR_PASSPHRASE);
	get_partner0(f->db, &r);
	assert_int_equal(r.len, VAULT_SLOT_V1_BYTES); /* a wrong passphrase changes nothing */
	assert_int_equal(try_unlock(f->app, 0, pw), TEND_OK);
	get_partner0(f->db, &r);
	assert_int_equal(r.len, VAULT_SLOT_BYTES);
	assert_memory_equal(r.slot, "tsl2", 4);
	reopen_app(f);
	/* her old private entry was boxed anew with her key, and still opens */
	assert_int_equal(app_unlock(f->app, 0, pw, strlen(pw), &reader), TEND_OK);
	assert_int_equal(app_read_each(reader, NULL, collect, &seen), TEND_OK);
	assert_int_equal(seen.forged + seen.tampered, 0);
	assert_non_null(strstr(seen.all, "pinned record"));
	/* the same old-format record put in the file now is a forgery */
	tk_sql(f->db, "DELETE FROM entry WHERE id = 1001");
	tk_sql(f->db, legacy_row);
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(app_read_each(reader, NULL, collect, &seen), TEND_OK);
	assert_int_equal(seen.forged, 1);
	assert_null(strstr(seen.all, "pinned record"));
	app_reader_free(reader);
	/* now bound: a name changed in the file is caught */
	tk_sql(f->db, "UPDATE partner SET name = 'Zoe' WHERE idx = 0");
	reopen_app(f);
	assert_int_equal(try_unlock(f->app, 0, pw), TEND_ERR_PARTNERS_CHANGED);
}

static void test_no_plaintext_in_files(void **state)
{
	struct fx *f = *state;
	struct app_checkin *c = NULL;
	char err[256] = "", path[200];
	int64_t mono = 0;
	static const char *const sfx[] = { "", "-wal", "-shm" };

	assert_int_equal(write_as(f->app, 1, false, "PLAINTEXT-JOURNAL-7f3a", 22, EVENING),
	                 TEND_OK);
	assert_int_equal(app_checkin_begin(f->app, "tests/fixtures/e2e.plan", 0, EVENING, mono, &c,
	                                   err, sizeof(err)), TEND_OK);
	{
		struct app_reader *lw = unlock(f->app, 1);

		app_checkin_writer(c, lw);
		type(&c->answer[1][0], "PLAINTEXT-ANSWER-9c1e");
		assert_int_equal(app_checkin_save(c, mono), TEND_OK);
		app_checkin_writer(c, NULL);
		app_reader_free(lw);
	}
	type(&c->note, "PLAINTEXT-NOTE-44d0");
	assert_int_equal(app_checkin_save(c, mono), TEND_OK);
	assert_int_equal(app_checkin_finish(c, mono), TEND_OK);
	app_checkin_free(c);
	for (int i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s%s", f->db, sfx[i]);
		assert_false(tk_file_has(path, "PLAINTEXT-", strlen("PLAINTEXT-")));
	}
	/* the names are plaintext by design, which shows the scan works */
	snprintf(path, sizeof(path), "%s-wal", f->db);
	assert_true(tk_file_has(f->db, "Zoë", strlen("Zoë")) || tk_file_has(path, "Zoë", strlen("Zoë")));
}

static void test_plan_errors_are_reported(void **state)
{
	struct fx *f = *state;
	struct app_checkin *c = NULL;
	struct plan *p = NULL;
	char err[256] = "";

	assert_int_equal(app_plan_load(f->app, "no-such-plan", &p, err, sizeof(err)),
	                 TEND_ERR_NOT_FOUND);
	assert_non_null(strstr(err, "no-such-plan"));
	assert_non_null(strstr(err, "the plans here are: long, nightly, quick"));
	assert_int_equal(app_plan_load(f->app, "../etc", &p, err, sizeof(err)),
	                 TEND_ERR_NOT_FOUND);
	assert_int_equal(app_plan_load(f->app, "bad name!", &p, err, sizeof(err)),
	                 TEND_ERR_INVALID);
	assert_int_equal(app_plan_load(f->app, "quick", &p, err, sizeof(err)), TEND_OK);
	plan_free(p);
	err[0] = '\0';
	assert_int_not_equal(app_checkin_begin(f->app, "tests/fixtures/bad/unknown-kind.plan", 0, EVENING,
	                                       0, &c, err, sizeof(err)), TEND_OK);
	assert_null(c);
	assert_non_null(strstr(err, "unknown-kind.plan:"));
}

/* One saved check-in of the e2e plan (15 s) on night EVENING + d days:
 * `how` 'c' counted, 's' short, 't' ended by a time-out, 'q' ended early,
 * 'l' ended late (in its last third: it counts);
 * `ticks` the pillars the couple ticked. */
static void night_with(struct fx *f, int d, char how, pillar_set ticks)
{
	struct app_checkin *c = NULL;
	char err[256] = "";
	int64_t mono = 1000 + (int64_t)d * 100000;

	assert_int_equal(app_checkin_begin(f->app, "tests/fixtures/e2e.plan", 0,
	                                   EVENING + d * DAY, mono, &c, err, sizeof(err)),
	                 TEND_OK);
	/* 'l': ended in its last third, when it already counts. */
	run_for(c, &mono, how == 'c' ? 60000 : how == 'l' ? 11000 : 3000);
	if (how == 't')
		app_checkin_timeout(c, mono);
	else if (how != 'c')
		turn_end(&c->turn, mono);
	c->pillars = ticks;
	assert_int_equal(app_checkin_finish(c, mono), TEND_OK);
	app_checkin_free(c);
}

/* app_tonight at `now` says what app_stats says of tonight, with the same
 * numbers, on `app` and on the same file opened read-only; returns its
 * state. */
static enum app_tonight_state tonight_agrees(struct fx *f, time_t now)
{
	struct app_stats st;
	struct app_tonight t, ro_t;
	struct app *ro = NULL;
	enum app_tonight_state want;
	char err[256] = "";

	assert_int_equal(app_stats(f->app, now, &st), TEND_OK);
	assert_int_equal(app_tonight(f->app, now, &t), TEND_OK);
	want = st.tonight_done ? APP_TONIGHT_DONE
	       : st.tonight_rest ? APP_TONIGHT_REST
	       : st.tonight_timeout ? APP_TONIGHT_TIMEOUT
	       : st.calendar[APP_CALENDAR_NIGHTS - 1] == APP_DAY_SHORT ? APP_TONIGHT_SHORT
	                                                                : APP_TONIGHT_NOT_YET;
	if (want == APP_TONIGHT_NOT_YET && st.early &&
	    st.calendar[APP_CALENDAR_NIGHTS - 2] == APP_DAY_DONE)
		want = APP_TONIGHT_LAST_NIGHT;
	if (t.state != APP_TONIGHT_UNDER_WAY && t.state != APP_TONIGHT_INTERRUPTED)
		assert_int_equal(t.state, want);
	assert_int_equal(t.tonight, st.tonight);
	assert_int_equal(t.first, st.first_tonight);
	assert_int_equal(t.together, st.together);
	assert_int_equal(t.nights_total, st.nights_total);
	assert_int_equal(t.nightly.current, st.nightly.current);
	assert_int_equal(t.nightly.longest, st.nightly.longest);
	assert_int_equal(app_open_readonly(f->db, &ro, err, sizeof(err)), TEND_OK);
	assert_int_equal(app_tonight(ro, now, &ro_t), TEND_OK);
	app_close(ro);
	assert_memory_equal(&t, &ro_t, sizeof(t));
	return t.state;
}

/* Tonight as a status line says it: not yet, a check-in interrupted (and
 * under way while a screen holds the session lock), done, short, a rest
 * night, a time-out; an interrupted one of an earlier night leaves
 * tonight "not yet". */
static void test_tonight_states(void **state)
{
	struct fx *f = *state;
	struct app_checkin *c = NULL;
	struct app *screen = NULL;
	char err[256] = "";
	int64_t mono = 0;

	assert_int_equal(tonight_agrees(f, EVENING), APP_TONIGHT_NOT_YET);
	assert_int_equal(app_checkin_begin(f->app, "tests/fixtures/e2e.plan", 0, EVENING, mono, &c,
	                                   err, sizeof(err)), TEND_OK);
	run_for(c, &mono, 3000);
	assert_int_equal(app_checkin_save(c, mono), TEND_OK);
	assert_int_equal(tonight_agrees(f, EVENING), APP_TONIGHT_INTERRUPTED);
	/* a screen open on the file: the same check-in is under way */
	assert_int_equal(app_open(f->db, true, &screen, err, sizeof(err)), TEND_OK);
	assert_int_equal(tonight_agrees(f, EVENING), APP_TONIGHT_UNDER_WAY);
	/* ... even past the night boundary, where it still belongs to its night */
	assert_int_equal(tonight_agrees(f, EVENING + DAY), APP_TONIGHT_UNDER_WAY);
	app_close(screen);
	assert_int_equal(tonight_agrees(f, EVENING + DAY), APP_TONIGHT_NOT_YET);
	run_for(c, &mono, 60000);
	assert_int_equal(app_checkin_finish(c, mono), TEND_OK);
	app_checkin_free(c);
	assert_int_equal(tonight_agrees(f, EVENING), APP_TONIGHT_DONE);
	assert_int_equal(tonight_agrees(f, EVENING + DAY), APP_TONIGHT_NOT_YET);
	night_with(f, 1, 's', 0);
	assert_int_equal(tonight_agrees(f, EVENING + DAY), APP_TONIGHT_SHORT);
	night_with(f, 2, 't', 0);
	assert_int_equal(tonight_agrees(f, EVENING + 2 * DAY), APP_TONIGHT_TIMEOUT);
	assert_int_equal(app_rest_tonight(f->app, EVENING + 3 * DAY, err, sizeof(err)), TEND_OK);
	assert_int_equal(tonight_agrees(f, EVENING + 3 * DAY), APP_TONIGHT_REST);
	/* The night starts at the boundary: 03:59 is still the evening before. */
	assert_int_equal(tonight_agrees(f, EVENING + 3 * DAY + 7 * 3600 - 60), APP_TONIGHT_REST);
	assert_int_equal(tonight_agrees(f, EVENING + 3 * DAY + 7 * 3600), APP_TONIGHT_NOT_YET);
}

/* A check-in that began at 03:43 and was saved after 04:00 is last night's;
 * from the boundary until noon (or the ritual time, if sooner) stats say it
 * is early, and the calendar holds last night's check-in just before. */
static void test_early_after_a_late_checkin(void **state)
{
	struct fx *f = *state;
	struct app_checkin *c = NULL;
	struct app_stats st;
	char err[256] = "";
	int64_t mono = 1000;
	const time_t late = EVENING + 6 * 3600 + 43 * 60; /* Wednesday 03:43 */

	assert_int_equal(app_stats(f->app, late, &st), TEND_OK);
	assert_false(st.early); /* 03:43 is the end of Tuesday's night */
	assert_int_equal(app_checkin_begin(f->app, "tests/fixtures/e2e.plan", 0, late, mono, &c,
	                                   err, sizeof(err)), TEND_OK);
	run_for(c, &mono, 60000);
	assert_int_equal(app_checkin_finish(c, mono), TEND_OK);
	app_checkin_free(c);

	assert_int_equal(app_stats(f->app, late + 17 * 60 + 14, &st), TEND_OK); /* 04:00:14 */
	assert_true(st.early);
	/* the status line says the same */
	assert_int_equal(tonight_agrees(f, late + 17 * 60 + 14), APP_TONIGHT_LAST_NIGHT);
	assert_int_equal(tonight_agrees(f, EVENING + DAY - 9 * 3600), APP_TONIGHT_NOT_YET);
	assert_false(st.tonight_done);
	assert_int_equal(st.calendar[APP_CALENDAR_NIGHTS - 1], APP_DAY_TONIGHT);
	assert_int_equal(st.calendar[APP_CALENDAR_NIGHTS - 2], APP_DAY_DONE);
	assert_int_equal(app_stats(f->app, EVENING + DAY - 9 * 3600 - 60, &st), TEND_OK);
	assert_true(st.early); /* 11:59 */
	assert_int_equal(app_stats(f->app, EVENING + DAY - 9 * 3600, &st), TEND_OK);
	assert_false(st.early); /* noon: it is an evening ahead again */
	/* A morning ritual ends it sooner. */
	assert_int_equal(app_set_ritual_time(f->app, 10 * 60), TEND_OK);
	assert_int_equal(app_stats(f->app, EVENING + DAY - 11 * 3600 - 60, &st), TEND_OK);
	assert_true(st.early); /* 09:59 */
	assert_int_equal(app_stats(f->app, EVENING + DAY - 11 * 3600, &st), TEND_OK);
	assert_false(st.early); /* 10:00 */
}

/* A time-out pauses every streak like a rest night, without using the
 * rest allowance; pillars count only when ticked on a counted night. */
static void test_timeout_pauses(void **state)
{
	struct fx *f = *state;
	struct app_stats st;
	const pillar_set empathy = 1u << PILLAR_EMPATHY;
	struct app_history_item h;
	size_t n = 0;

	night_with(f, 0, 'c', empathy);
	night_with(f, 1, 't', empathy);
	assert_int_equal(app_stats(f->app, EVENING + DAY, &st), TEND_OK);
	assert_true(st.tonight_timeout);
	assert_false(st.tonight_done);
	assert_int_equal(st.calendar[APP_CALENDAR_NIGHTS - 1], APP_DAY_TIMEOUT);
	assert_int_equal(st.nightly.current, 1);
	assert_int_equal(st.pillar[PILLAR_EMPATHY].current, 1);
	assert_true(st.rest_allowed); /* no rest night was used */
	/* The next night the run is alive and grows. */
	night_with(f, 2, 'c', empathy);
	assert_int_equal(app_stats(f->app, EVENING + 2 * DAY, &st), TEND_OK);
	assert_int_equal(st.nightly.current, 2);
	assert_int_equal(st.nightly.longest, 2);
	assert_int_equal(st.pillar[PILLAR_EMPATHY].current, 2);
	/* Ticked at a short night: nothing for the pillar, and the short night
	 * (not a time-out) breaks the runs. */
	night_with(f, 3, 's', PILLAR_ALL);
	assert_int_equal(app_stats(f->app, EVENING + 4 * DAY, &st), TEND_OK);
	for (int p = 0; p < PILLAR_COUNT; p++)
		assert_int_equal(st.pillar[p].current, 0);
	assert_int_equal(st.nightly.current, 0);
	assert_int_equal(st.together, 2);
	/* A rest night is still allowed after the time-out. */
	char err[256] = "";
	assert_int_equal(app_rest_tonight(f->app, EVENING + 4 * DAY, err, sizeof(err)), TEND_OK);
	/* The history says how each ended. */
	assert_int_equal(app_history_page(f->app, NULL, true, &h, 1, &n), TEND_OK);
	assert_int_equal(n, 1);
	assert_int_equal(h.night, night_of(EVENING + 3 * DAY, NIGHT_DEFAULT_BOUNDARY_MIN));
	assert_int_equal(h.ended, APP_ENDED_EARLY);
}

/* The reference streak of nights 0..today: current and longest. */
static void ref_run(const bool *done, const bool *pause, int today, int *current, int *longest)
{
	int run = 0;

	*current = done[today] ? 1 : 0;
	for (int k = today - 1; k >= 0; k--) {
		if (done[k])
			++*current;
		else if (!pause[k])
			break;
	}
	*longest = 0;
	for (int k = 0; k <= today; k++) {
		if (done[k])
			run++;
		else if (!pause[k] && k != today)
			run = 0;
		if (run > *longest)
			*longest = run;
	}
}

/* The streak reference, night by night: a night counts when it has a
 * counted check-in; a rest night or a time-out pauses; anything else
 * breaks. A pillar's night counts when ticked at a counted check-in. */
static void test_streaks_against_reference(void **state)
{
	struct fx *f = *state;
	static const char kinds[] = "ccctccsccqctcc-cccrcctsccc-cc";
	const int n = (int)strlen(kinds);
	int together = 0;
	bool done[64] = { false }, pdone[64] = { false }, pause[64] = { false };

	assert_true(n < 64);
	for (int d = 0; d < n; d++) {
		char k = kinds[d];
		/* Vulnerability is ticked on every other night. */
		pillar_set ticks = (d % 2 == 0) ? 1u << PILLAR_VULNERABILITY : 0;
		struct app_stats st;
		char err[256];
		int run, longest, prun, plongest;

		if (k == 'r')
			assert_int_equal(app_rest_tonight(f->app, EVENING + d * DAY, err, sizeof(err)),
			                 TEND_OK);
		else if (k != '-')
			night_with(f, d, k, ticks);
		done[d] = k == 'c';
		pdone[d] = k == 'c' && ticks;
		pause[d] = k == 'r' || k == 't';
		/* The reference: tonight adds when it counts and breaks nothing
		 * before it is over; back from there, pauses are skipped and the
		 * first other night ends the run. */
		ref_run(done, pause, d, &run, &longest);
		ref_run(pdone, pause, d, &prun, &plongest);
		together = 0;
		for (int e = d - APP_TOGETHER_WINDOW + 1; e <= d; e++)
			together += e >= 0 && kinds[e] == 'c';
		assert_int_equal(app_stats(f->app, EVENING + d * DAY, &st), TEND_OK);
		tonight_agrees(f, EVENING + d * DAY);
		if (st.nightly.current != run || st.nightly.longest != longest ||
		    st.pillar[PILLAR_VULNERABILITY].current != prun ||
		    st.pillar[PILLAR_VULNERABILITY].longest != plongest || st.together != together)
			fail_msg("night %d (%c): got %d/%d, pillar %d/%d, together %d; want %d/%d, "
			         "%d/%d, %d", d, k, st.nightly.current, st.nightly.longest,
			         st.pillar[PILLAR_VULNERABILITY].current,
			         st.pillar[PILLAR_VULNERABILITY].longest, st.together, run, longest,
			         prun, plongest, together);
	}
}

/* One number from the database at f->db. */
static int64_t db_int(struct fx *f, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *q;
	int64_t v = -1;

	assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
	if (sqlite3_step(q) == SQLITE_ROW)
		v = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	sqlite3_close(db);
	return v;
}

static void stats_equal(const struct app_stats *a, const struct app_stats *b)
{
	assert_int_equal(a->nightly.current, b->nightly.current);
	assert_int_equal(a->nightly.longest, b->nightly.longest);
	assert_int_equal(a->nights_total, b->nights_total);
	for (int p = 0; p < PILLAR_COUNT; p++) {
		assert_int_equal(a->pillar[p].current, b->pillar[p].current);
		assert_int_equal(a->pillar[p].longest, b->pillar[p].longest);
	}
	assert_memory_equal(a->calendar, b->calendar, sizeof(a->calendar));
	assert_int_equal(a->together, b->together);
	assert_int_equal(a->rest_allowed, b->rest_allowed);
	assert_int_equal(a->rest_next, b->rest_next);
}

/* app_stats as if nothing were kept: the kept walk is set aside, and put
 * back as it was afterwards. */
static void stats_walking_all(struct fx *f, time_t now, struct app_stats *out)
{
	tk_sql(f->db, "CREATE TABLE fold_aside AS SELECT * FROM fold; DELETE FROM fold;");
	assert_int_equal(app_stats(f->app, now, out), TEND_OK);
	tk_sql(f->db, "DELETE FROM fold; INSERT INTO fold SELECT * FROM fold_aside;"
	              "DROP TABLE fold_aside;");
}

/* The walk through the old nights kept in the file (stats.c, schema 4):
 * 3000 nights of check-ins counted or short, time-outs, rest nights and
 * gaps, put in with SQL. The streaks with it kept are the streaks walking
 * every night, on the night it is kept and for years after; it is kept
 * anew when far behind; a change to any night it covers forgets it, one
 * after it does not; and one the file holds that tend could not have made
 * is not used. */
static void test_streaks_kept_walk(void **state)
{
	struct fx *f = *state;
	tend_night tonight = night_of(EVENING, NIGHT_DEFAULT_BOUNDARY_MIN);
	struct app_stats all, kept, later;
	char sql[1024];

	snprintf(sql, sizeof(sql),
	         "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)"
	         " INSERT INTO checkin (night, started, plan, planned_s, ran_s, first, pillars,"
	         " counted, state, step, step_left_ms, step_len_ms, ran_ms, confirmed, phase,"
	         " cards, ended) SELECT %d - i, 0, 'nightly', 900, 900, i %% 2, (i * 7) %% 32,"
	         " (i * 37) %% 11 != 0, 1, 0, 0, 0, 900000, 3, 3, X'',"
	         " CASE WHEN (i * 37) %% 11 = 0 AND i %% 3 = 0 THEN 2 ELSE 0 END"
	         " FROM n WHERE (i * 53) %% 17 != 0;"
	         "WITH RECURSIVE n(i) AS (SELECT 5 UNION ALL SELECT i + 29 FROM n WHERE i < 3000)"
	         " INSERT INTO rest (night) SELECT %d - i FROM n;",
	         (int)tonight, (int)tonight);
	tk_sql(f->db, sql);

	/* The first look walks every night and keeps the walk up to 400
	 * nights ago; the next one carries it on, to the same numbers. */
	assert_int_equal(db_int(f, "SELECT count(*) FROM fold"), 0);
	assert_int_equal(app_stats(f->app, EVENING, &all), TEND_OK);
	assert_int_equal(db_int(f, "SELECT count(*) FROM fold"), 6);
	assert_int_equal(db_int(f, "SELECT min(upto) = max(upto) FROM fold"), 1);
	assert_int_equal(db_int(f, "SELECT max(upto) FROM fold"), tonight - 400);
	assert_true(all.nightly.longest > 5 && all.nights_total > 2000);
	assert_int_equal(app_stats(f->app, EVENING, &kept), TEND_OK);
	stats_equal(&all, &kept);

	/* It is used, not walked past: a kept walk changed as it could have
	 * been made (one more night counted) shows in the total. */
	tk_sql(f->db, "UPDATE fold SET done = done + 1 WHERE kind = 0;");
	assert_int_equal(app_stats(f->app, EVENING, &kept), TEND_OK);
	assert_int_equal(kept.nights_total, all.nights_total + 1);
	/* ... and one tend could not have made is not: a run longer than the
	 * longest, a night past its end, kinds missing or at odds. */
	static const char *const forged[] = {
		"UPDATE fold SET run = longest + 1 WHERE kind = 2;",
		"UPDATE fold SET prev = upto + 1 WHERE kind = 0;",
		"DELETE FROM fold WHERE kind = 5;",
		"UPDATE fold SET upto = upto - 1 WHERE kind = 3;",
		"UPDATE fold SET done = 2147483648 WHERE kind = 1;",
		"UPDATE fold SET longest = done + 1 WHERE kind = 4;",
	};
	for (size_t i = 0; i < sizeof(forged) / sizeof(forged[0]); i++) {
		tk_sql(f->db, "DELETE FROM fold;");
		assert_int_equal(app_stats(f->app, EVENING, &kept), TEND_OK); /* kept anew */
		tk_sql(f->db, forged[i]);
		assert_int_equal(app_stats(f->app, EVENING, &kept), TEND_OK);
		stats_equal(&all, &kept);
	}

	/* Years on, the same numbers as walking every night; kept anew only
	 * once it is 800 nights behind. */
	tk_sql(f->db, "DELETE FROM fold;");
	assert_int_equal(app_stats(f->app, EVENING, &kept), TEND_OK);
	int64_t upto = tonight - 400, renewed = 0;
	for (int d = 1; d <= 1300; d += 97) {
		assert_int_equal(app_stats(f->app, EVENING + d * DAY, &later), TEND_OK);
		if (upto < tonight + d - 800) {
			upto = tonight + d - 400;
			renewed++;
		}
		assert_int_equal(db_int(f, "SELECT max(upto) FROM fold"), upto);
		if (d == 195 || d == 1262) {
			/* a check-in since, seen with the walk kept */
			night_with(f, d, 'c', 1u << PILLAR_EMPATHY);
			assert_int_equal(app_stats(f->app, EVENING + d * DAY, &later), TEND_OK);
		}
		stats_walking_all(f, EVENING + d * DAY, &all);
		stats_equal(&all, &later);
		tonight_agrees(f, EVENING + d * DAY);
		/* the history's length, counted on from the walk's count */
		size_t saved = 0;
		assert_int_equal(app_history_count(f->app, &saved), TEND_OK);
		assert_int_equal((int64_t)saved, db_int(f, "SELECT count(*) FROM checkin "
		                                           "WHERE state = 1"));
	}
	assert_true(renewed >= 2);

	/* kept anew exactly when 800 nights behind, not a night before */
	tk_sql(f->db, "DELETE FROM fold;");
	assert_int_equal(app_stats(f->app, EVENING, &kept), TEND_OK);
	assert_int_equal(app_stats(f->app, EVENING + 400 * DAY, &kept), TEND_OK);
	assert_int_equal(db_int(f, "SELECT max(upto) FROM fold"), tonight - 400);
	assert_int_equal(app_stats(f->app, EVENING + 401 * DAY, &kept), TEND_OK);
	assert_int_equal(db_int(f, "SELECT max(upto) FROM fold"), tonight + 1);

	/* Changing a night the walk covers forgets it; one after it does not. */
#define COVERED(k)                                                             \
	"(SELECT id FROM checkin WHERE night <= (SELECT max(upto) FROM fold) "     \
	"ORDER BY night DESC LIMIT 1 OFFSET " #k ")"
	static const char *const changes[] = {
		"DELETE FROM checkin WHERE id = " COVERED(10) ";",
		"UPDATE checkin SET counted = 1 - counted WHERE id = " COVERED(20) ";",
		"UPDATE checkin SET night = night + 5000 WHERE id = " COVERED(30) ";",
		"INSERT INTO rest (night) VALUES ((SELECT max(upto) FROM fold) - 2);",
		"DELETE FROM rest WHERE night = (SELECT max(night) FROM rest WHERE night <= "
		"(SELECT max(upto) FROM fold));",
		"INSERT INTO checkin (night, started, plan, planned_s, ran_s, first, pillars, "
		"counted, state, step, step_left_ms, step_len_ms, ran_ms, confirmed, phase, cards) "
		"SELECT max(upto) - 1, 0, 'x', 900, 900, 0, 0, 1, 1, 0, 0, 0, 0, 3, 3, X'' FROM fold;",
	};
	time_t last = EVENING + 1262 * DAY;
	for (size_t i = 0; i < sizeof(changes) / sizeof(changes[0]); i++) {
		assert_int_equal(app_stats(f->app, last, &kept), TEND_OK);
		assert_int_equal(db_int(f, "SELECT count(*) FROM fold"), 6);
		tk_sql(f->db, changes[i]);
		assert_int_equal(db_int(f, "SELECT count(*) FROM fold"), 0);
		assert_int_equal(app_stats(f->app, last, &later), TEND_OK);
		stats_walking_all(f, last, &all);
		stats_equal(&all, &later);
		size_t saved = 0;
		assert_int_equal(app_history_count(f->app, &saved), TEND_OK);
		assert_int_equal((int64_t)saved, db_int(f, "SELECT count(*) FROM checkin "
		                                           "WHERE state = 1"));
	}
	/* after it: the check-in of night 1262, a rest night, a draft */
	assert_int_equal(app_stats(f->app, last, &kept), TEND_OK);
	assert_int_equal(db_int(f, "SELECT count(*) FROM fold"), 6);
	tk_sql(f->db, "UPDATE checkin SET pillars = 3 WHERE night > (SELECT max(upto) FROM fold);"
	              "INSERT INTO rest (night) SELECT max(upto) + 5 FROM fold;"
	              "DELETE FROM checkin WHERE night > (SELECT max(upto) FROM fold);");
	assert_int_equal(db_int(f, "SELECT count(*) FROM fold"), 6);
#undef COVERED
}

/* The stall notice: 3 of the last 7 check-ins ended early, short or by a
 * time-out; then not again for 14 nights. */
static void test_stall_notice(void **state)
{
	struct fx *f = *state;
	struct app_stats st;

	/* Ended by the couple in their last third: those counted, no stall. */
	night_with(f, -3, 'l', 0);
	night_with(f, -2, 'l', 0);
	night_with(f, -1, 'l', 0);
	assert_int_equal(app_stats(f->app, EVENING, &st), TEND_OK);
	assert_int_equal(st.nightly.current, 3);
	assert_false(st.stall);
	night_with(f, 0, 'c', 0);
	night_with(f, 1, 'q', 0);
	night_with(f, 2, 'c', 0);
	night_with(f, 3, 't', 0);
	assert_int_equal(app_stats(f->app, EVENING + 4 * DAY, &st), TEND_OK);
	assert_false(st.stall); /* two of four */
	night_with(f, 4, 's', 0);
	assert_int_equal(app_stats(f->app, EVENING + 5 * DAY, &st), TEND_OK);
	assert_true(st.stall);
	assert_int_equal(app_stall_shown(f->app, EVENING + 5 * DAY), TEND_OK);
	assert_int_equal(app_stats(f->app, EVENING + 5 * DAY, &st), TEND_OK);
	assert_false(st.stall);
	assert_int_equal(app_stats(f->app, EVENING + 18 * DAY, &st), TEND_OK);
	assert_false(st.stall); /* 13 nights on */
	assert_int_equal(app_stats(f->app, EVENING + 19 * DAY, &st), TEND_OK);
	assert_true(st.stall); /* 14 nights on, and still 3 of the last 7 */
	/* Four good nights later only 2 of the last 7 were hard. */
	for (int d = 19; d < 23; d++)
		night_with(f, d, 'c', 0);
	assert_int_equal(app_stats(f->app, EVENING + 23 * DAY, &st), TEND_OK);
	assert_false(st.stall);
}

/* A rest night refused says when the next one is possible. */
static void test_rest_refusal_says_when(void **state)
{
	struct fx *f = *state;
	struct app_stats st;
	char err[300] = "";

	assert_int_equal(app_rest_tonight(f->app, EVENING, err, sizeof(err)), TEND_OK);
	assert_int_equal(app_stats(f->app, EVENING + 2 * DAY, &st), TEND_OK);
	assert_false(st.rest_allowed);
	assert_int_equal(st.rest_next, night_of(EVENING + 7 * DAY, NIGHT_DEFAULT_BOUNDARY_MIN));
	assert_int_equal(app_rest_check(f->app, EVENING + 2 * DAY, err, sizeof(err)),
	                 TEND_ERR_DENIED);
	assert_non_null(strstr(err, "2026-12-01"));
	assert_int_equal(app_rest_check(f->app, EVENING + 7 * DAY, err, sizeof(err)), TEND_OK);
	assert_int_equal(app_stats(f->app, EVENING + 7 * DAY, &st), TEND_OK);
	assert_false(st.tonight_rest); /* checking takes nothing */
	assert_int_equal(app_rest_tonight(f->app, EVENING + 2 * DAY, err, sizeof(err)),
	                 TEND_ERR_DENIED);
	assert_non_null(strstr(err, "2026-11-24")); /* the rest night */
	assert_non_null(strstr(err, "2026-12-01")); /* the next possible */
	assert_null(strstr(err, "honest"));
}

static int topic_seen(const struct app_topic *t, void *ctx)
{
	struct app_topic *out = ctx;

	*out = *t;
	out->text = NULL;
	assert_true(t->len < 64);
	memcpy((char *)ctx + sizeof(*out), t->text, t->len);
	((char *)ctx + sizeof(*out))[t->len] = '\0';
	return 0;
}

/* A topic parked during a check-in, sealed to both, talked through in a
 * weekly talk, and marked done; a plan together after the close. */
static void test_park_and_weekly_topic(void **state)
{
	struct fx *f = *state;
	struct app_checkin *c = NULL;
	char err[256] = "";
	int64_t mono = 1000;
	size_t open = 9;
	struct { struct app_topic t; char text[64]; } seen;
	struct app_reader *r;
	struct app_plan_info pl[8];
	size_t np;

	assert_int_equal(app_checkin_begin(f->app, NULL, 0, EVENING, mono, &c, err, sizeof(err)),
	                 TEND_OK);
	run_for(c, &mono, 200000);
	assert_int_equal(app_checkin_park(c, "money worries\n", 14, EVENING), TEND_OK);
	assert_int_equal(app_checkin_park(c, "two\nlines", 9, EVENING), TEND_ERR_INVALID);
	assert_int_equal(app_checkin_park(c, "  ", 2, EVENING), TEND_ERR_INVALID);
	app_checkin_free(c);
	/* Parked at once: there even though the check-in was never finished. */
	assert_int_equal(app_topics_open(f->app, APP_ENTRY_TOPIC, &open), TEND_OK);
	assert_int_equal(open, 1);
	/* Either partner reads it. */
	for (int who = 0; who < 2; who++) {
		memset(&seen, 0, sizeof(seen));
		r = unlock(f->app, who);
		assert_int_equal(app_topics_each(r, APP_ENTRY_TOPIC, false, topic_seen, &seen),
		                 TEND_OK);
		assert_string_equal(seen.text, "money worries");
		assert_false(seen.t.done);
		app_reader_free(r);
	}
	/* The weekly talk with it: the topic steps show it, not a card. */
	assert_int_equal(app_checkin_begin(f->app, "weekly", seen.t.id, EVENING + 3 * DAY, mono,
	                                   &c, err, sizeof(err)), TEND_OK);
	assert_int_equal(c->topic, seen.t.id);
	for (size_t i = 0; i < c->plan->nsteps; i++)
		if (c->plan->steps[i].card == PLAN_CARD_TOPIC)
			assert_null(c->card[i]);
	run_for(c, &mono, 40 * 60000);
	/* The gated mirrors hold the talk until the speaker says "you got it". */
	assert_false(c->turn.done);
	assert_true(turn_at_gate(&c->turn, mono));
	while (!c->turn.done) {
		turn_gate_ok(&c->turn, mono);
		run_for(c, &mono, 40 * 60000);
	}
	type(&c->agreement, "I cook Mondays");
	type(&c->together, "a walk by the river");
	assert_int_equal(app_checkin_finish(c, mono), TEND_OK);
	app_checkin_free(c);
	assert_int_equal(app_topics_open(f->app, APP_ENTRY_TOPIC, &open), TEND_OK);
	assert_int_equal(open, 0);
	assert_int_equal(app_topics_open(f->app, APP_ENTRY_TOGETHER, &open), TEND_OK);
	assert_int_equal(open, 1);
	r = unlock(f->app, 1);
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(app_topics_each(r, APP_ENTRY_TOGETHER, false, topic_seen, &seen), TEND_OK);
	assert_string_equal(seen.text, "a walk by the river");
	assert_int_equal(app_topic_done(f->app, seen.t.id, EVENING + 4 * DAY), TEND_OK);
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(app_topics_each(r, APP_ENTRY_TOGETHER, false, topic_seen, &seen), TEND_OK);
	assert_int_equal(seen.t.id, 0);
	assert_int_equal(app_topics_each(r, APP_ENTRY_TOGETHER, true, topic_seen, &seen), TEND_OK);
	assert_true(seen.t.done);
	app_reader_free(r);
	/* Only topics and plans together are marked done. */
	assert_int_equal(app_topic_done(f->app, 999999, EVENING), TEND_ERR_NOT_FOUND);
	/* The weekly plan is listed, the nightly first. */
	np = app_plans(f->app, EVENING, pl, 8);
	assert_true(np >= 4);
	assert_string_equal(pl[0].name, "nightly");
	assert_true(pl[0].is_default);
	/* The others in name order after it. */
	for (size_t i = 2; i < np; i++)
		assert_true(strcmp(pl[i - 1].name, pl[i].name) < 0);
	bool weekly = false;
	for (size_t i = 0; i < np; i++)
		weekly = weekly || (strcmp(pl[i].name, "weekly") == 0 && pl[i].ok &&
		                    strstr(pl[i].about, "you got it") != NULL);
	assert_true(weekly);
	/* On the weekly talk's night (a Tuesday here) it comes first. */
	assert_int_equal(app_set_weekly_day(f->app, 2), TEND_OK);
	np = app_plans(f->app, EVENING, pl, 8);
	assert_string_equal(pl[0].name, "weekly");
	assert_true(pl[0].is_default);
	for (size_t i = 1; i < np; i++)
		assert_false(pl[i].is_default);
	np = app_plans(f->app, EVENING + DAY, pl, 8);
	assert_string_equal(pl[0].name, "nightly");
}

/* Streak numbers hidden and shown again; kept across opening. */
static void test_streaks_setting(void **state)
{
	struct fx *f = *state;

	assert_true(app_streaks(f->app));
	assert_int_equal(app_set_streaks(f->app, false), TEND_OK);
	assert_false(app_streaks(f->app));
	reopen_app(f);
	assert_false(app_streaks(f->app));
	assert_int_equal(app_set_streaks(f->app, true), TEND_OK);
	assert_true(app_streaks(f->app));
	assert_non_null(app_journal_question(f->app, EVENING));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_setup_persists, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_setup_refuses_bad_names, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_change_passphrase, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_write_and_read_by_each_partner, fx_setup,
		                                fx_teardown),
		cmocka_unit_test_setup_teardown(test_checkin_saved_and_read, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_early_end_does_not_count, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_crash_and_resume, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_added_time_is_kept, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_settings_follow_the_file, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_rest_nights, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_early_after_a_late_checkin, fx_setup,
		                                fx_teardown),
		cmocka_unit_test_setup_teardown(test_tampered_record_named_others_open, fx_setup,
		                                fx_teardown),
		cmocka_unit_test_setup_teardown(test_one_bad_slot_leaves_the_other, fx_setup,
		                                fx_teardown),
		cmocka_unit_test_setup_teardown(test_partners_record_bound, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_entry_size_limit, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_private_write_needs_its_author, fx_setup,
		                                fx_teardown),
		cmocka_unit_test_setup_teardown(test_v1_slot_brought_up_to_date, fx_setup,
		                                fx_teardown),
		cmocka_unit_test_setup_teardown(test_no_plaintext_in_files, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_read_streams_in_batches, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_plan_errors_are_reported, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_timeout_pauses, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_tonight_states, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_streaks_against_reference, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_stall_notice, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_streaks_kept_walk, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_rest_refusal_says_when, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_park_and_weekly_topic, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_streaks_setting, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
