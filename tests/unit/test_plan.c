/* test_plan.c: parsing plan files, the shipped plans and every refusal.
 * Run from the repository root: it reads data/plans and tests/fixtures. */
#include <dirent.h>
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tend/plan.h"

#define S(lit) (lit), (sizeof(lit) - 1)

/* Reads the whole file at `path` into a new buffer (caller frees). */
static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;

	assert_non_null(f);
	for (;;) {
		if (n == cap) {
			cap = cap ? cap * 2 : 4096;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
		size_t got = fread(buf + n, 1, cap - n, f);

		if (got == 0)
			break;
		n += got;
	}
	fclose(f);
	*len = n;
	return buf;
}

/* Parses the file at `path`; fails the test unless it parses. */
static struct plan *load(const char *path, const char *name)
{
	struct plan_error err = { 0 };
	struct plan *plan = NULL;
	size_t len;
	char *text = read_all(path, &len);
	enum tend_status rc = plan_parse(text, len, name, &plan, &err);

	if (rc != TEND_OK)
		fail_msg("%s: line %d: %s", path, err.line, err.reason);
	free(text);
	return plan;
}

/* Parses the string `text`, expecting TEND_ERR_PARSE at `line` with a reason
 * containing `reason_part`. */
static void expect_error(const char *text, size_t len, int line, const char *reason_part)
{
	struct plan_error err = { .line = -7 };
	struct plan *plan = (struct plan *)0x1;

	assert_int_equal(plan_parse(text, len, "t", &plan, &err), TEND_ERR_PARSE);
	assert_null(plan);
	if (err.line != line || !strstr(err.reason, reason_part))
		fail_msg("for %.40s: got line %d '%s', want line %d '%s'", text, err.line,
		         err.reason, line, reason_part);
}

#define EXPECT_ERROR(lit, line, part) expect_error(S(lit), (line), (part))

/* Parses `text`, expecting success; caller frees. */
static struct plan *parse_ok(const char *text, size_t len)
{
	struct plan_error err = { 0 };
	struct plan *plan = NULL;

	if (plan_parse(text, len, "t", &plan, &err) != TEND_OK)
		fail_msg("line %d: %s", err.line, err.reason);
	assert_non_null(plan);
	return plan;
}

static void test_nightly(void **state)
{
	struct plan *p = load("data/plans/nightly.plan", "nightly");
	int speak = 0, mirror = 0;

	(void)state;
	assert_string_equal(p->name, "nightly");
	assert_string_equal(p->title, "Nightly check-in");
	assert_true(strlen(p->about) > 0);
	assert_int_equal(p->total_seconds, 900);
	assert_int_equal(p->steps[0].kind, PLAN_ARRIVE);
	assert_int_equal(p->steps[0].floor, PLAN_FLOOR_BOTH);
	assert_int_equal(p->steps[0].seconds, 30);
	assert_int_equal(p->steps[0].pillar, PILLAR_SHARED);
	assert_int_equal(p->steps[1].kind, PLAN_APPRECIATE);
	assert_int_equal(p->steps[1].floor, PLAN_FLOOR_A);
	assert_int_equal(p->steps[1].pillar, PILLAR_AFFIRMATION);
	assert_int_equal(p->steps[2].kind, PLAN_APPRECIATE);
	assert_int_equal(p->steps[2].floor, PLAN_FLOOR_B);
	assert_int_equal(p->steps[p->nsteps - 1].kind, PLAN_CLOSE);
	assert_int_equal(p->steps[p->nsteps - 1].floor, PLAN_FLOOR_BOTH);
	/* Round one: A speaks, B mirrors, B speaks, A mirrors; round two
	 * the other way round, so B opens it and neither answers a complaint
	 * with a complaint at once. */
	static const enum plan_floor order[] = { PLAN_FLOOR_A, PLAN_FLOOR_B,
	                                         PLAN_FLOOR_B, PLAN_FLOOR_A };
	for (size_t i = 0; i < p->nsteps; i++) {
		const struct plan_step *st = &p->steps[i];

		if (st->kind == PLAN_SPEAK) {
			assert_int_equal(st->floor, order[speak % 4]);
			assert_int_equal(st->pillar, PLAN_ANY_PILLAR);
			assert_int_equal(p->steps[i + 1].kind, PLAN_MIRROR);
			/* Round one's speak steps take a card; round two asks for
			 * a worry or one small thing, and takes none. */
			assert_int_equal(st->card, speak < 2 ? PLAN_CARD_ANY : PLAN_CARD_NONE);
			assert_true(st->seconds >= PLAN_DEEP_MIN_SECONDS);
			assert_true(plan_step_deep_ok(p, i));
			speak++;
		} else if (st->kind == PLAN_MIRROR) {
			assert_int_equal(st->floor, order[mirror % 4] == PLAN_FLOOR_A ? PLAN_FLOOR_B
			                                                               : PLAN_FLOOR_A);
			assert_int_equal(st->pillar, PILLAR_LISTENING);
			assert_int_equal(st->card, PLAN_CARD_NONE);
			assert_false(st->gate);
			/* Every mirror validates, not only repeats. */
			assert_non_null(strstr(st->instruction, "makes sense"));
			mirror++;
		} else {
			assert_int_equal(st->card, PLAN_CARD_NONE);
		}
	}
	assert_int_equal(speak, 4);
	assert_int_equal(mirror, 4);
	assert_non_null(strstr(p->steps[7].instruction, "worry from your day, or one small "
	                                                "thing between us"));
	assert_int_equal(p->steps[p->nsteps - 1].seconds, 60);
	assert_int_equal(p->steps[p->nsteps - 3].kind, PLAN_WISH);
	assert_int_equal(p->steps[p->nsteps - 3].floor, PLAN_FLOOR_A);
	assert_int_equal(p->steps[p->nsteps - 2].kind, PLAN_WISH);
	assert_int_equal(p->steps[p->nsteps - 2].floor, PLAN_FLOOR_B);
	assert_false(plan_has_kind(p, PLAN_SOLVE));
	assert_int_equal(plan_pillars(p), PILLAR_ALL);
	plan_free(p);
}

static void test_quick_and_long(void **state)
{
	struct plan *q = load("data/plans/quick.plan", "quick");
	struct plan *l = load("data/plans/long.plan", "long");
	bool empathy_mirror = false;

	(void)state;
	assert_in_range(q->total_seconds, 240, 360);
	assert_in_range(l->total_seconds, 1380, 1620);
	assert_true(l->nsteps > 14);
	for (size_t i = 0; i < l->nsteps; i++)
		if (l->steps[i].kind == PLAN_MIRROR && l->steps[i].pillar == PILLAR_EMPATHY)
			empathy_mirror = true;
	assert_true(empathy_mirror);
	assert_true(plan_pillars(l) & (1u << PILLAR_EMPATHY));
	plan_free(q);
	plan_free(l);
}

/* Every shipped plan parses, and its instructions are short single lines. */
static void test_every_shipped_plan(void **state)
{
	DIR *d = opendir("data/plans");
	struct dirent *e;
	int count = 0;

	(void)state;
	assert_non_null(d);
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		char path[512];
		struct plan *p;

		if (n < 6 || strcmp(e->d_name + n - 5, ".plan") != 0)
			continue;
		snprintf(path, sizeof(path), "data/plans/%s", e->d_name);
		p = load(path, e->d_name);
		assert_true(p->nsteps >= 1);
		assert_true(strlen(p->title) > 0);
		for (size_t i = 0; i < p->nsteps; i++) {
			assert_true(strlen(p->steps[i].instruction) <= 200);
			assert_null(strchr(p->steps[i].instruction, '\t'));
		}
		plan_free(p);
		count++;
	}
	closedir(d);
	assert_true(count >= 3);
}

static void test_e2e_fixture(void **state)
{
	struct plan *p = load("tests/fixtures/e2e.plan", "e2e");
	static const enum plan_kind kinds[] = { PLAN_ARRIVE, PLAN_APPRECIATE, PLAN_SPEAK,
	                                        PLAN_MIRROR, PLAN_SPEAK, PLAN_CLOSE };
	static const int secs[] = { 3, 2, 3, 2, 3, 2 };

	(void)state;
	assert_int_equal(p->nsteps, 6);
	for (size_t i = 0; i < 6; i++) {
		assert_int_equal(p->steps[i].kind, kinds[i]);
		assert_int_equal(p->steps[i].seconds, secs[i]);
	}
	assert_int_equal(p->total_seconds, 15);
	plan_free(p);
}

static void test_bad_fixtures(void **state)
{
	static const struct {
		const char *file;
		int line;
		const char *part;
	} cases[] = {
		{ "unknown-kind", 4, "unknown step 'talk'" },
		{ "bad-length", 3, "2:75" },
		{ "bad-floor", 3, "unknown floor 'C' (use A, B or both)" },
		{ "unknown-pillar", 2, "unknown pillar 'trust'" },
		{ "no-instruction", 3, "missing instruction" },
		{ "header-after-step", 3, "after the first step" },
		{ "no-steps", 0, "no steps" },
		{ "unknown-header", 2, "unknown header 'author'" },
		{ "too-long-step", 2, "61:00" },
		{ "not-utf8", 2, "UTF-8" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char path[256];
		size_t len;
		char *text;

		snprintf(path, sizeof(path), "tests/fixtures/bad/%s.plan", cases[i].file);
		text = read_all(path, &len);
		expect_error(text, len, cases[i].line, cases[i].part);
		free(text);
	}
}

static void test_minimal_and_defaults(void **state)
{
	struct plan_error err;
	struct plan *p = NULL;

	(void)state;
	assert_int_equal(plan_parse(S("speak 1:00 A any Talk.\n"), "mine", &p, &err), TEND_OK);
	assert_string_equal(p->name, "mine");
	assert_string_equal(p->title, "mine"); /* no title: the name */
	assert_string_equal(p->about, "");
	assert_int_equal(p->nsteps, 1);
	assert_string_equal(p->steps[0].instruction, "Talk.");
	assert_int_equal(p->total_seconds, 60);
	assert_int_equal(plan_pillars(p), 0);
	plan_free(p);
	plan_free(NULL);
	/* err may be NULL. */
	assert_int_equal(plan_parse(S("nonsense\n"), "x", &p, NULL), TEND_ERR_PARSE);
	assert_null(p);
	assert_int_equal(plan_parse(S("x"), "x", NULL, NULL), TEND_ERR_INVALID);
}

static void test_headers(void **state)
{
	struct plan *p;

	(void)state;
	p = parse_ok(S("# c\n\n  title:  My plan  \nabout:Calm and short.\n"
	               "close 30s both shared Hug.\n"));
	assert_string_equal(p->title, "My plan");
	assert_string_equal(p->about, "Calm and short.");
	plan_free(p);
	p = parse_ok(S("TITLE: Caps\nclose 30s both shared Hug.\n"));
	assert_string_equal(p->title, "Caps");
	plan_free(p);
	EXPECT_ERROR("colour: blue\nclose 30s both shared Hug.\n", 1,
	             "unknown header 'colour' (use title or about)");
	EXPECT_ERROR("title: A\ntitle: B\nclose 30s both shared Hug.\n", 2, "twice");
	EXPECT_ERROR("title:\nclose 30s both shared Hug.\n", 1, "title is empty");
	EXPECT_ERROR("title : Spaced\nclose 30s both shared Hug.\n", 1, "'title: ...'");
	EXPECT_ERROR("close 30s both shared Hug.\n\nabout: late\n", 3, "after the first step");
	/* A title of 80 bytes is fine, 81 is not. */
	{
		char text[200];
		int n = snprintf(text, sizeof(text), "title: %080d\nclose 1s both any x\n", 0);

		p = parse_ok(text, (size_t)n);
		assert_int_equal(strlen(p->title), 80);
		plan_free(p);
		n = snprintf(text, sizeof(text), "title: %081d\nclose 1s both any x\n", 0);
		expect_error(text, (size_t)n, 1, "title is too long");
	}
}

static void test_lengths(void **state)
{
	static const struct {
		const char *len;
		int secs;
	} good[] = {
		{ "1:30", 90 }, { "0:01", 1 }, { "90s", 90 }, { "2m", 120 }, { "60:00", 3600 },
		{ "60m", 3600 }, { "3600s", 3600 }, { "1S", 1 }, { "1M", 60 }, { "00:05", 5 },
		{ "15:00", 900 }, { "1:59", 119 }, { "0:59", 59 },
	};
	static const char *const bad[] = {
		"1:60", "0:60", "2:75", "0", "-1", "61:00", "abc", "0:00", "0s", "0m", "1:5", "1:005", "3601s",
		"61m", "1h", "1:30x", "99999999s", ":30", "1::30", "90", "1.5m", "+1m", "1:-1",
	};
	char text[128];

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		int n = snprintf(text, sizeof(text), "speak %s A any Talk.\n", good[i].len);
		struct plan *p = parse_ok(text, (size_t)n);

		assert_int_equal(p->steps[0].seconds, good[i].secs);
		plan_free(p);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int n = snprintf(text, sizeof(text), "# c\nspeak %s A any Talk.\n", bad[i]);

		expect_error(text, (size_t)n, 2, "length");
	}
	EXPECT_ERROR("speak 2:75 A any x\n", 1, "00 to 59");
	EXPECT_ERROR("speak 61:00 A any x\n", 1, "at most 60 minutes");
	EXPECT_ERROR("speak 0 A any x\n", 1, "needs a unit");
	EXPECT_ERROR("speak 0:00 A any x\n", 1, "at least 1 second");
	EXPECT_ERROR("speak abc A any x\n", 1, "not a time");
}

static void test_fields(void **state)
{
	struct plan *p;

	(void)state;
	/* Keywords ignore case; blanks are spaces or tabs; the instruction is
	 * the rest of the line, trimmed, its inner spaces kept. */
	p = parse_ok(S("SPEAK\t1:00  a\tANY   Say  it  plainly.  \t\n"
	               "Mirror 1:00 Both Listening Back.\n"
	               "wish 1m B Vulnerability Hope.\n"));
	assert_int_equal(p->steps[0].kind, PLAN_SPEAK);
	assert_int_equal(p->steps[0].floor, PLAN_FLOOR_A);
	assert_int_equal(p->steps[0].pillar, PLAN_ANY_PILLAR);
	assert_string_equal(p->steps[0].instruction, "Say  it  plainly.");
	assert_int_equal(p->steps[1].kind, PLAN_MIRROR);
	assert_int_equal(p->steps[1].floor, PLAN_FLOOR_BOTH);
	assert_int_equal(p->steps[1].pillar, PILLAR_LISTENING);
	assert_int_equal(p->steps[2].floor, PLAN_FLOOR_B);
	assert_int_equal(plan_pillars(p), (1u << PILLAR_LISTENING) | (1u << PILLAR_VULNERABILITY));
	plan_free(p);

	EXPECT_ERROR("talk 1:00 A any x\n", 1,
	             "unknown step 'talk' (use arrive, appreciate, speak, mirror, wish, solve or close)");
	EXPECT_ERROR("arrive 1m both shared Hi.\nspeak 1:00 C any x\n", 2,
	             "unknown floor 'C' (use A, B or both)");
	EXPECT_ERROR("speak 1:00 AB any x\n", 1, "unknown floor 'AB'");
	EXPECT_ERROR("speak 1:00 A trust x\n", 1,
	             "unknown pillar 'trust' (use vulnerability, listening, empathy, "
	             "affirmation, shared or any)");
	EXPECT_ERROR("speak\n", 1, "missing length");
	EXPECT_ERROR("speak 1:00\n", 1, "missing floor");
	EXPECT_ERROR("speak 1:00 A\n", 1, "missing pillar");
	EXPECT_ERROR("speak 1:00 A any\n", 1, "missing instruction");
	EXPECT_ERROR("speak 1:00 A any \t \n", 1, "missing instruction");
	EXPECT_ERROR("speak 1:00 A any Say\tit.\n", 1, "instruction contains a tab");
	EXPECT_ERROR("title: My\tplan\nspeak 1:00 A any x\n", 1, "title contains a tab");
	/* A long word is quoted shortened, and never cut inside a character. */
	EXPECT_ERROR("speak 1:00 Zoo\xc3\xab\xc3\xab\xc3\xab\xc3\xab\xc3\xab\xc3\xab\xc3\xab\xc3\xab"
	             "\xc3\xab\xc3\xab\xc3\xab\xc3\xab\xc3\xab\xc3\xab\xc3\xab\xc3\xab any x\n", 1,
	             "unknown floor 'Zoo\xc3\xab\xc3\xab\xc3\xab\xc3\xab\xc3\xab\xc3\xab\xc3\xab"
	             "\xc3\xab\xc3\xab\xc3\xab\xc3\xab\xc3\xab\xc3\xab\xc3\xab...'");
}

static void test_instruction_limit(void **state)
{
	char text[400], body[PLAN_MAX_INSTRUCTION + 2];
	struct plan *p;
	int n;

	(void)state;
	memset(body, 'w', sizeof(body));
	body[PLAN_MAX_INSTRUCTION] = '\0';
	n = snprintf(text, sizeof(text), "speak 1:00 A any %s\n", body);
	p = parse_ok(text, (size_t)n);
	assert_int_equal(strlen(p->steps[0].instruction), PLAN_MAX_INSTRUCTION);
	plan_free(p);
	body[PLAN_MAX_INSTRUCTION] = 'w';
	body[PLAN_MAX_INSTRUCTION + 1] = '\0';
	n = snprintf(text, sizeof(text), "title: x\nspeak 1:00 A any %s\n", body);
	expect_error(text, (size_t)n, 2, "instruction is too long");
}

static void test_bad_text(void **state)
{
	(void)state;
	EXPECT_ERROR("title: ok\nspeak 1:00 A any caf\xe9\n", 2, "not valid UTF-8");
	EXPECT_ERROR("speak 1:00 A any \xc0\xafx\n", 1, "UTF-8");
	EXPECT_ERROR("speak 1:00 A any \xed\xa0\x80\n", 1, "UTF-8");
	EXPECT_ERROR("speak 1:00 A any ring\x07\n", 1, "control character 0x07");
	EXPECT_ERROR("speak 1:00 A any \x1b[31mred\n", 1, "control character 0x1B");
	EXPECT_ERROR("speak 1:00 A any a\rb\n", 1, "carriage return");
	EXPECT_ERROR("# fine\n# \xff\n", 2, "UTF-8"); /* even in a comment */
	EXPECT_ERROR("speak 1:00 A any x\nspeak 1:00 A any a\0b\n", 2, "NUL byte");
}

static void test_structure_errors(void **state)
{
	(void)state;
	EXPECT_ERROR("", 0, "no steps");
	EXPECT_ERROR("# only a comment\n\n", 0, "no steps");
	EXPECT_ERROR("title: T\nabout: A\n", 0, "no steps");
}

static void test_step_limits(void **state)
{
	char *text = malloc(64 * (PLAN_MAX_STEPS + 1) + 64);
	size_t len = 0;
	struct plan *p;

	(void)state;
	assert_non_null(text);
	for (int i = 0; i < PLAN_MAX_STEPS; i++)
		len += (size_t)sprintf(text + len, "speak 1s A any Step %d.\n", i + 1);
	p = parse_ok(text, len);
	assert_int_equal(p->nsteps, PLAN_MAX_STEPS);
	assert_int_equal(p->total_seconds, PLAN_MAX_STEPS);
	assert_string_equal(p->steps[PLAN_MAX_STEPS - 1].instruction, "Step 64.");
	plan_free(p);
	len += (size_t)sprintf(text + len, "close 1s both any One too many.\n");
	expect_error(text, len, PLAN_MAX_STEPS + 1, "too many steps");
	free(text);

	/* Three hours in all is the limit. */
	p = parse_ok(S("speak 60m A any x\nspeak 60m B any x\nclose 60m both any x\n"));
	assert_int_equal(p->total_seconds, PLAN_MAX_TOTAL_SECONDS);
	plan_free(p);
	EXPECT_ERROR("speak 60m A any x\nspeak 60m B any x\nclose 60m both any x\n"
	             "close 1s both any x\n", 4, "more than 3 hours");
}

static void test_line_endings(void **state)
{
	struct plan *p;

	(void)state;
	/* CRLF */
	p = parse_ok(S("title: Windows\r\n\r\nspeak 1:00 A any Talk.\r\nclose 30s both shared Hug.\r\n"));
	assert_string_equal(p->title, "Windows");
	assert_int_equal(p->nsteps, 2);
	assert_string_equal(p->steps[0].instruction, "Talk.");
	assert_string_equal(p->steps[1].instruction, "Hug.");
	plan_free(p);
	/* No newline at the end of the file. */
	p = parse_ok(S("speak 1:00 A any Talk.\nclose 30s both shared Hug."));
	assert_int_equal(p->nsteps, 2);
	assert_string_equal(p->steps[1].instruction, "Hug.");
	plan_free(p);
	/* A byte order mark at the start. */
	p = parse_ok(S("\xef\xbb\xbftitle: BOM\nclose 30s both shared Hug.\n"));
	assert_string_equal(p->title, "BOM");
	plan_free(p);
	/* Line numbers count CRLF lines like any other. */
	EXPECT_ERROR("# a\r\n# b\r\nspeak 1:00 Q any x\r\n", 3, "unknown floor 'Q'");
}

static void test_labels(void **state)
{
	(void)state;
	assert_string_equal(plan_kind_label(PLAN_ARRIVE), "Arrive");
	assert_string_equal(plan_kind_label(PLAN_APPRECIATE), "Appreciation");
	assert_string_equal(plan_kind_label(PLAN_SPEAK), "Speak");
	assert_string_equal(plan_kind_label(PLAN_MIRROR), "Mirror");
	assert_string_equal(plan_kind_label(PLAN_WISH), "Wish");
	assert_string_equal(plan_kind_label(PLAN_CLOSE), "Close");
	assert_string_equal(plan_kind_label(PLAN_KIND_COUNT), "?");
}

/* Only a speak step takes a card unless its line asks: every other kind
 * asks for something of its own. */
static void test_which_steps_show_a_card(void **state)
{
	(void)state;
	assert_int_equal(plan_kind_card(PLAN_SPEAK), PLAN_CARD_ANY);
	assert_int_equal(plan_kind_card(PLAN_ARRIVE), PLAN_CARD_NONE);
	assert_int_equal(plan_kind_card(PLAN_MIRROR), PLAN_CARD_NONE);
	assert_int_equal(plan_kind_card(PLAN_APPRECIATE), PLAN_CARD_NONE);
	assert_int_equal(plan_kind_card(PLAN_WISH), PLAN_CARD_NONE);
	assert_int_equal(plan_kind_card(PLAN_SOLVE), PLAN_CARD_NONE);
	assert_int_equal(plan_kind_card(PLAN_CLOSE), PLAN_CARD_NONE);
	assert_int_equal(plan_kind_card(PLAN_KIND_COUNT), PLAN_CARD_NONE);
}

/* card= and gate=, the solve step, and where a deep card may go. */
static void test_options(void **state)
{
	struct plan *p = NULL;
	struct plan_error err;
	static const char ok[] =
		"speak 2:00 A any card=deep Talk.\n"       /* 0:00-2:00 */
		"wish 1:30 A any card=light Wish.\n"       /* 2:00-3:30 */
		"mirror 1:00 B listening gate=on Say back card=none is words.\n"
		"speak 1:30 B any Talk.\n"                 /* 4:30-6:00 */
		"speak 1:30 A any card=topic Topic.\n"
		"solve 2:00 both empathy Agree.\n"
		"close 1:00 both shared card=none Close.\n";
	(void)state;

	assert_int_equal(plan_parse(ok, strlen(ok), "x", &p, &err), TEND_OK);
	assert_int_equal(p->nsteps, 7);
	assert_int_equal(p->total_seconds, 630);
	assert_int_equal(p->steps[0].card, PLAN_CARD_DEEP);
	assert_int_equal(p->steps[1].card, PLAN_CARD_LIGHT);
	assert_int_equal(p->steps[2].card, PLAN_CARD_NONE);
	assert_true(p->steps[2].gate);
	/* Only the options come off the line; the words stay as written. */
	assert_string_equal(p->steps[2].instruction, "Say back card=none is words.");
	assert_int_equal(p->steps[3].card, PLAN_CARD_ANY);
	assert_false(p->steps[3].gate);
	assert_int_equal(p->steps[4].card, PLAN_CARD_TOPIC);
	assert_int_equal(p->steps[5].kind, PLAN_SOLVE);
	assert_string_equal(plan_kind_label(PLAN_SOLVE), "Agree");
	assert_int_equal(p->steps[6].card, PLAN_CARD_NONE);
	assert_int_equal(p->steps[3].line, 4);
	assert_int_equal(plan_step_start(p, 3), 270);
	/* Deep: at least 1:30, and over before the last three minutes (the
	 * plan is 10:30, so a step ending after 7:30 is too late). */
	assert_true(plan_step_deep_ok(p, 0));
	assert_true(plan_step_deep_ok(p, 1));
	assert_false(plan_step_deep_ok(p, 2)); /* 1:00 */
	assert_true(plan_step_deep_ok(p, 3));  /* ends 6:00 */
	assert_false(plan_step_deep_ok(p, 5)); /* ends 9:30 */
	assert_false(plan_step_deep_ok(p, 99));
	assert_true(plan_has_kind(p, PLAN_SOLVE));
	assert_false(plan_has_kind(p, PLAN_ARRIVE));
	plan_free(p);

	EXPECT_ERROR("speak 1:60 A any x\n", 1, "has 60 seconds; use 00 to 59 after the colon");
	EXPECT_ERROR("speak 1:29 A any card=deep x\n", 1, "deep card needs a step of at least 1:30");
	EXPECT_ERROR("speak 1:30 A any card=deep x\nclose 2:59 both any y\n", 1,
	             "not for the last 3 minutes");
	EXPECT_ERROR("speak 1:30 A any card=purple x\n", 1, "unknown card 'purple'");
	EXPECT_ERROR("speak 1:30 A any gate=on x\n", 1, "gate=on belongs on a mirror step");
	EXPECT_ERROR("mirror 1:30 both any gate=on x\n", 1, "one listener");
	EXPECT_ERROR("mirror 1:30 A any gate=maybe x\n", 1, "gate is on or off");
	EXPECT_ERROR("speak 1:30 A any colour=red x\n", 1, "unknown option 'colour='");
	EXPECT_ERROR("arrive 1:30 both any card=light x\n", 1, "arrive step shows no card");
	EXPECT_ERROR("speak 1:30 A any card=deep\n", 1, "missing instruction");
	EXPECT_ERROR("ponder 1:30 A any x\n", 1, "solve or close");
}

/* The weekly talk: State of the Union, with the "you got it" gate. */
static void test_weekly(void **state)
{
	struct plan *p = load("data/plans/weekly.plan", "weekly");
	int gates = 0, topics = 0;

	(void)state;
	assert_in_range(p->total_seconds, 30 * 60, 45 * 60);
	assert_int_equal(p->steps[0].kind, PLAN_ARRIVE);
	assert_int_equal(p->steps[1].kind, PLAN_APPRECIATE);
	assert_true(plan_has_kind(p, PLAN_SOLVE));
	assert_int_equal(p->steps[p->nsteps - 1].kind, PLAN_CLOSE);
	for (size_t i = 0; i < p->nsteps; i++) {
		const struct plan_step *st = &p->steps[i];

		if (st->card == PLAN_CARD_TOPIC) {
			/* Each side of the topic is followed by a gated mirror
			 * by the other partner. */
			assert_int_equal(st->kind, PLAN_SPEAK);
			assert_int_equal(p->steps[i + 1].kind, PLAN_MIRROR);
			assert_true(p->steps[i + 1].gate);
			assert_int_not_equal(p->steps[i + 1].floor, st->floor);
			topics++;
		}
		gates += st->gate;
	}
	assert_int_equal(topics, 2);
	assert_int_equal(gates, 2);
	plan_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nightly),
		cmocka_unit_test(test_quick_and_long),
		cmocka_unit_test(test_every_shipped_plan),
		cmocka_unit_test(test_e2e_fixture),
		cmocka_unit_test(test_bad_fixtures),
		cmocka_unit_test(test_minimal_and_defaults),
		cmocka_unit_test(test_headers),
		cmocka_unit_test(test_lengths),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_instruction_limit),
		cmocka_unit_test(test_bad_text),
		cmocka_unit_test(test_structure_errors),
		cmocka_unit_test(test_step_limits),
		cmocka_unit_test(test_line_endings),
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_which_steps_show_a_card),
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_weekly),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
