/* test_app_resume.c: a check-in interrupted in its reflections or its note
 * and carried on. What each partner wrote comes back into its box only with
 * their own key (the note with either), is edited there, and saving again
 * replaces the sealed text: one answer per question, never a second beside
 * the first, and the old text is kept whole when the new save fails. */
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
#define PLAN "tests/fixtures/e2e.plan"

static const char *const names[2] = { "Zoë", "Łukasz" };
static const char *const passes[2] = { "correct horse", "battery staple" };

struct fx {
	char dir[64];
	char db[128];
	struct app *app;
	struct app_reader *key[2]; /* each partner, unlocked once (cheap KDF) */
};

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	const size_t lens[2] = { strlen(passes[0]), strlen(passes[1]) };
	char err[256] = "";

	assert_non_null(f);
	setenv("TZ", "UTC", 1);
	setenv("TEND_DATA_DIR", "data", 1);
	snprintf(f->dir, sizeof(f->dir), "/tmp/tend-resume-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	setenv("XDG_CONFIG_HOME", f->dir, 1);
	snprintf(f->db, sizeof(f->db), "%s/tend.db", f->dir);
	assert_int_equal(app_open(f->db, false, &f->app, err, sizeof(err)), TEND_OK);
	assert_int_equal(app_setup(f->app, names, passes, lens, APP_KDF_INTERACTIVE, NULL, EVENING),
	                 TEND_OK);
	for (int i = 0; i < 2; i++)
		assert_int_equal(app_unlock(f->app, i, passes[i], lens[i], &f->key[i]), TEND_OK);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;

	app_reader_free(f->key[0]);
	app_reader_free(f->key[1]);
	app_close(f->app);
	tk_rm_dir(f->dir);
	free(f);
	return 0;
}

static void type(struct textbuf *tb, const char *s)
{
	assert_int_equal(textbuf_set(tb, s, strlen(s)), TEND_OK);
}

static void box_is(const struct textbuf *tb, const char *want)
{
	assert_int_equal(tb->len, strlen(want));
	assert_memory_equal(tb->buf, want, tb->len + 1);
}

/* A check-in of the e2e plan whose timer has run out: the reflections. */
static struct app_checkin *at_reflections(struct fx *f)
{
	struct app_checkin *c = NULL;
	char err[256] = "";

	assert_int_equal(app_checkin_begin(f->app, PLAN, 0, EVENING, 0, &c, err, sizeof(err)),
	                 TEND_OK);
	turn_end(&c->turn, 20000);
	c->phase = APP_PHASE_REFLECT;
	assert_int_equal(app_checkin_save(c, 20000), TEND_OK);
	return c;
}

/* The process dies (nothing more is saved) and tend starts again. */
static struct app_checkin *crash_and_resume(struct fx *f, struct app_checkin *c)
{
	char err[256] = "";

	app_checkin_free(c);
	c = NULL;
	assert_int_equal(app_checkin_resume(f->app, EVENING + 60, 90000, &c, err, sizeof(err)),
	                 TEND_OK);
	assert_true(c->resumed);
	return c;
}

/* What one kind of text of one author reads as, to the reader `who`. */
struct texts {
	int n;              /* how many */
	int tampered;       /* of which do not open */
	int64_t id[8];
	int seq[8];
	bool shared[8];
	char text[8][256];
};

static int texts_one(const struct app_item *it, void *ctx)
{
	struct texts *t = ctx;

	if (it->status != TEND_OK) {
		t->tampered++;
		return 0;
	}
	assert_true(t->n < 8);
	t->id[t->n] = it->id;
	t->seq[t->n] = it->seq;
	t->shared[t->n] = it->shared;
	snprintf(t->text[t->n], sizeof(t->text[0]), "%.*s", (int)it->len, it->text);
	t->n++;
	return 0;
}

static struct texts texts_of(struct fx *f, int who, int kind, int author)
{
	struct app_read_filter rf = { -1, kind, author };
	struct texts t = { 0 };

	assert_int_equal(app_read_each(f->key[who], &rf, texts_one, &t), TEND_OK);
	return t;
}

/* How many of `author`'s answers to question `q` the file holds, as
 * `author` reads them, and the text of the last. */
static int answers_to(struct fx *f, int author, int q, char *last, size_t size)
{
	struct texts t = texts_of(f, author, APP_ENTRY_REFLECTION, author);
	int n = 0;

	for (int i = 0; i < t.n; i++) {
		if (t.seq[i] != author * APP_QUESTIONS + q)
			continue;
		n++;
		if (last)
			snprintf(last, size, "%s", t.text[i]);
	}
	return n;
}

/* Zoë and Łukasz answer; the check-in is interrupted in Łukasz's stretch.
 * Zoë's answers come back with her key only, as they were shared; nothing
 * of Łukasz's reaches a box with hers, not even when it is shared. */
static void test_answers_come_back_to_their_author(void **state)
{
	struct fx *f = *state;
	struct app_checkin *c = at_reflections(f);
	size_t aside = 99;

	app_checkin_writer(c, f->key[0]);
	type(&c->answer[0][0], "ZOE-PRIVATE");
	type(&c->answer[0][1], "ZOE-SHARED");
	c->answer_shared[0][1] = true;
	assert_int_equal(app_checkin_save(c, 21000), TEND_OK);
	app_checkin_writer(c, f->key[1]);
	type(&c->answer[1][0], "LUKASZ-SHARED");
	c->answer_shared[1][0] = true;
	assert_int_equal(app_checkin_save(c, 22000), TEND_OK);
	app_checkin_writer(c, NULL);

	c = crash_and_resume(f, c);
	for (int who = 0; who < 2; who++)
		for (int q = 0; q < APP_QUESTIONS; q++)
			assert_int_equal(c->answer[who][q].len, 0);
	assert_false(app_checkin_note_waits(c));

	/* Łukasz unlocks: his own answer only, though he may read Zoë's shared. */
	assert_int_equal(app_checkin_reopen_answers(c, f->key[1], &aside), TEND_OK);
	assert_int_equal(aside, 0);
	box_is(&c->answer[1][0], "LUKASZ-SHARED");
	assert_true(c->answer_shared[1][0]);
	box_is(&c->answer[1][1], "");
	box_is(&c->answer[0][0], "");
	box_is(&c->answer[0][1], "");

	/* Zoë unlocks: hers, each shared as it was; the cursor at the end. */
	assert_int_equal(app_checkin_reopen_answers(c, f->key[0], &aside), TEND_OK);
	box_is(&c->answer[0][0], "ZOE-PRIVATE");
	box_is(&c->answer[0][1], "ZOE-SHARED");
	assert_false(c->answer_shared[0][0]);
	assert_true(c->answer_shared[0][1]);
	assert_int_equal(c->answer[0][0].cursor, strlen("ZOE-PRIVATE"));
	/* Reopening again brings nothing back twice. */
	assert_int_equal(app_checkin_reopen_answers(c, f->key[0], &aside), TEND_OK);
	box_is(&c->answer[0][0], "ZOE-PRIVATE");
	app_checkin_free(c);
}

/* Editing a reopened answer and saving replaces it; an answer nobody
 * touched stays the very record it was (its author's key is not needed). */
static void test_edit_replaces(void **state)
{
	struct fx *f = *state;
	struct app_checkin *c = at_reflections(f);
	struct texts before, after;
	char last[256];

	app_checkin_writer(c, f->key[0]);
	type(&c->answer[0][0], "FIRST WORDS");
	type(&c->answer[0][1], "LEFT ALONE");
	assert_int_equal(app_checkin_save(c, 21000), TEND_OK);
	app_checkin_writer(c, NULL);
	before = texts_of(f, 0, APP_ENTRY_REFLECTION, 0);
	assert_int_equal(before.n, 2);

	c = crash_and_resume(f, c);
	app_checkin_writer(c, f->key[0]);
	assert_int_equal(app_checkin_reopen_answers(c, f->key[0], NULL), TEND_OK);
	assert_int_equal(textbuf_insert(&c->answer[0][0], '!'), TEND_OK);
	assert_int_equal(app_checkin_save(c, 95000), TEND_OK);
	/* saved again unchanged: still one */
	assert_int_equal(app_checkin_save(c, 96000), TEND_OK);
	app_checkin_writer(c, NULL);

	assert_int_equal(answers_to(f, 0, 0, last, sizeof(last)), 1);
	assert_string_equal(last, "FIRST WORDS!");
	assert_int_equal(answers_to(f, 0, 1, last, sizeof(last)), 1);
	assert_string_equal(last, "LEFT ALONE");
	after = texts_of(f, 0, APP_ENTRY_REFLECTION, 0);
	assert_int_equal(after.n, 2);
	for (int i = 0; i < after.n; i++)
		if (after.seq[i] == 1)
			assert_true(after.id[i] == before.id[1]); /* not sealed again */

	/* Emptying a reopened answer removes it: the question has none. */
	app_checkin_writer(c, f->key[0]);
	textbuf_wipe(&c->answer[0][1]);
	assert_int_equal(app_checkin_save(c, 97000), TEND_OK);
	/* And the check-in finishes with one answer, edited. */
	assert_int_equal(app_checkin_finish(c, 98000), TEND_OK);
	app_checkin_free(c);
	assert_int_equal(answers_to(f, 0, 0, last, sizeof(last)), 1);
	assert_string_equal(last, "FIRST WORDS!");
	assert_int_equal(answers_to(f, 0, 1, NULL, 0), 0);
}

/* A save that fails after the old record was deleted loses nothing: the
 * old text stays, and the next save still replaces it (not beside it). */
static void test_failed_save_keeps_old_text(void **state)
{
	struct fx *f = *state;
	struct app_checkin *c = at_reflections(f);
	char last[256];

	app_checkin_writer(c, f->key[1]);
	type(&c->answer[1][0], "KEPT UNTIL REPLACED");
	assert_int_equal(app_checkin_save(c, 21000), TEND_OK);
	c = crash_and_resume(f, c);
	app_checkin_writer(c, f->key[1]);
	assert_int_equal(app_checkin_reopen_answers(c, f->key[1], NULL), TEND_OK);
	type(&c->answer[1][0], "THE NEW WORDS");

	/* Every insert fails from now on: the delete before it is undone. */
	tk_sql(f->db, "CREATE TRIGGER fail_insert BEFORE INSERT ON entry "
	              "BEGIN SELECT RAISE(ABORT, 'injected'); END;");
	assert_int_not_equal(app_checkin_save(c, 95000), TEND_OK);
	assert_int_equal(answers_to(f, 1, 0, last, sizeof(last)), 1);
	assert_string_equal(last, "KEPT UNTIL REPLACED");
	box_is(&c->answer[1][0], "THE NEW WORDS"); /* nothing typed is lost either */

	tk_sql(f->db, "DROP TRIGGER fail_insert;");
	assert_int_equal(app_checkin_save(c, 96000), TEND_OK);
	app_checkin_writer(c, NULL);
	app_checkin_free(c);
	assert_int_equal(answers_to(f, 1, 0, last, sizeof(last)), 1);
	assert_string_equal(last, "THE NEW WORDS");
}

/* A draft an earlier tend left with two answers to one question (the
 * second typed into an empty box after resuming): reopened, both are in
 * one box, oldest first, private as one of them was; saved, they are one. */
static void test_two_answers_joined(void **state)
{
	struct fx *f = *state;
	struct app_checkin *c = at_reflections(f);
	char last[256];

	app_checkin_writer(c, f->key[0]);
	type(&c->answer[0][0], "BEFORE");
	assert_int_equal(app_checkin_save(c, 21000), TEND_OK);
	c = crash_and_resume(f, c);
	/* as an earlier tend did: not reopened, typed anew, saved beside */
	app_checkin_writer(c, f->key[0]);
	type(&c->answer[0][0], "AFTER");
	c->answer_shared[0][0] = true;
	assert_int_equal(app_checkin_save(c, 95000), TEND_OK);
	assert_int_equal(answers_to(f, 0, 0, NULL, 0), 2);

	c = crash_and_resume(f, c);
	app_checkin_writer(c, f->key[0]);
	assert_int_equal(app_checkin_reopen_answers(c, f->key[0], NULL), TEND_OK);
	box_is(&c->answer[0][0], "BEFORE\n\nAFTER");
	assert_false(c->answer_shared[0][0]);
	/* reopened twice: nothing joined twice */
	assert_int_equal(app_checkin_reopen_answers(c, f->key[0], NULL), TEND_OK);
	box_is(&c->answer[0][0], "BEFORE\n\nAFTER");
	/* A failed save keeps both. */
	tk_sql(f->db, "CREATE TRIGGER fail_insert BEFORE INSERT ON entry "
	              "BEGIN SELECT RAISE(ABORT, 'injected'); END;");
	assert_int_not_equal(app_checkin_save(c, 96000), TEND_OK);
	assert_int_equal(answers_to(f, 0, 0, NULL, 0), 2);
	tk_sql(f->db, "DROP TRIGGER fail_insert;");
	/* Saved without a change: they become one. */
	assert_int_equal(app_checkin_save(c, 97000), TEND_OK);
	app_checkin_writer(c, NULL);
	app_checkin_free(c);
	assert_int_equal(answers_to(f, 0, 0, last, sizeof(last)), 1);
	assert_string_equal(last, "BEFORE\n\nAFTER");
	{
		struct texts t = texts_of(f, 1, APP_ENTRY_REFLECTION, 0);
		assert_int_equal(t.n, 0); /* joined private: Łukasz reads neither */
	}
}

/* An answer that does not open is left as it is, beside what is typed. */
static void test_damaged_answer_left_aside(void **state)
{
	struct fx *f = *state;
	struct app_checkin *c = at_reflections(f);
	struct texts t;
	size_t aside = 0;
	char sql[160];

	app_checkin_writer(c, f->key[0]);
	type(&c->answer[0][0], "WILL BE DAMAGED");
	assert_int_equal(app_checkin_save(c, 21000), TEND_OK);
	t = texts_of(f, 0, APP_ENTRY_REFLECTION, 0);
	assert_int_equal(t.n, 1);
	snprintf(sql, sizeof(sql),
	         "UPDATE entry SET ct = " TK_CT_CHANGED " WHERE id = %lld",
	         (long long)t.id[0]);
	tk_sql(f->db, sql);

	c = crash_and_resume(f, c);
	app_checkin_writer(c, f->key[0]);
	assert_int_equal(app_checkin_reopen_answers(c, f->key[0], &aside), TEND_OK);
	assert_int_equal(aside, 1);
	box_is(&c->answer[0][0], "");
	type(&c->answer[0][0], "WRITTEN AGAIN");
	assert_int_equal(app_checkin_save(c, 95000), TEND_OK);
	app_checkin_writer(c, NULL);
	app_checkin_free(c);
	t = texts_of(f, 0, APP_ENTRY_REFLECTION, 0);
	assert_int_equal(t.n, 1);
	assert_int_equal(t.tampered, 1);
	assert_string_equal(t.text[0], "WRITTEN AGAIN");
}

/* The couple's note (and "next together") comes back with either key, and
 * saving again replaces it. Until it is reopened, saves leave it alone. */
static void test_note_comes_back(void **state)
{
	struct fx *f = *state;
	struct app_checkin *c = at_reflections(f);
	struct texts t;
	size_t aside = 99;

	c->phase = APP_PHASE_NOTE;
	type(&c->note, "OUR NOTE");
	type(&c->together, "A WALK");
	assert_int_equal(app_checkin_save(c, 21000), TEND_OK);

	c = crash_and_resume(f, c);
	assert_true(app_checkin_note_waits(c));
	assert_int_equal(app_checkin_save(c, 91000), TEND_OK); /* not reopened: kept */
	assert_int_equal(texts_of(f, 0, APP_ENTRY_NOTE, -1).n, 1);
	/* Answers reopen nothing of the note. */
	assert_int_equal(app_checkin_reopen_answers(c, f->key[0], NULL), TEND_OK);
	box_is(&c->note, "");
	assert_true(app_checkin_note_waits(c));

	assert_int_equal(app_checkin_reopen_note(c, f->key[1], &aside), TEND_OK);
	assert_int_equal(aside, 0);
	assert_false(app_checkin_note_waits(c));
	box_is(&c->note, "OUR NOTE");
	box_is(&c->together, "A WALK");
	box_is(&c->agreement, "");
	assert_int_equal(textbuf_insert(&c->note, '.'), TEND_OK);
	assert_int_equal(app_checkin_save(c, 92000), TEND_OK);
	assert_int_equal(app_checkin_finish(c, 93000), TEND_OK);
	app_checkin_free(c);
	t = texts_of(f, 0, APP_ENTRY_NOTE, -1);
	assert_int_equal(t.n, 1);
	assert_string_equal(t.text[0], "OUR NOTE.");
	t = texts_of(f, 1, APP_ENTRY_TOGETHER, -1);
	assert_int_equal(t.n, 1);
	assert_string_equal(t.text[0], "A WALK");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_answers_come_back_to_their_author, fx_setup,
		                                fx_teardown),
		cmocka_unit_test_setup_teardown(test_edit_replaces, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_failed_save_keeps_old_text, fx_setup,
		                                fx_teardown),
		cmocka_unit_test_setup_teardown(test_two_answers_joined, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_damaged_answer_left_aside, fx_setup,
		                                fx_teardown),
		cmocka_unit_test_setup_teardown(test_note_comes_back, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
