/* db.c (fuzz): tampered databases fed to what the commands and the screens
 * load from one. The input is a database image (the seeds: a real database
 * made by tend, tests/fuzz/seeds.sh, and copies with fields out of range),
 * opened in memory with store_open_image as a backup's snapshot is, so no
 * file is touched. Then, as `tend stats`, `verify`, `read` and `export`
 * and the home, history, journal and "Welcome back" screens do: the couple
 * and settings, the stats (and the status line's share of them), the
 * history, the interrupted check-in (its question and carrying on with it),
 * the plans, the journal's question, parked topics, and with both partners'
 * keys (unlocked once at start from the seed's key records) every record
 * they may read, and the export. */
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>

#include "fuzz.h"
#include "../../src/app/app_internal.h"

static struct app *seed;                 /* the seed database, for its keys */
static struct app_reader *reader[2];
static int devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char db[4096], err[512];
	uint8_t *img;
	size_t len;

	(void)argc, (void)argv;
	/* the shipped plans and decks; nothing of the user running it */
	setenv("TEND_DATA_DIR", FUZZ_ROOT "/data", 1);
	setenv("HOME", fuzz_tmpdir(), 1);
	setenv("XDG_CONFIG_HOME", fuzz_tmpdir(), 1);
	img = fuzz_slurp("tests/fuzz/corpus/db/real.db", &len);
	snprintf(db, sizeof(db), "%s/seed.db", fuzz_tmpdir());
	fuzz_put_file(db, img, len);
	free(img);
	if (app_open_readonly(db, &seed, err, sizeof(err)) != TEND_OK ||
	    app_unlock(seed, 0, FUZZ_PASS_A, strlen(FUZZ_PASS_A), &reader[0]) != TEND_OK ||
	    app_unlock(seed, 1, FUZZ_PASS_B, strlen(FUZZ_PASS_B), &reader[1]) != TEND_OK)
		fuzz_die("the seed database does not open with FUZZ_PASS_A/B (run tests/fuzz/seeds.sh)");
	if ((devnull = open("/dev/null", O_WRONLY | O_CLOEXEC)) < 0)
		fuzz_die("/dev/null");
	return 0;
}

/* Walks the history a page at a time both ways, as the screen does: every
 * plan name ends within its field, and the walk ends. */
static void history_walk(struct app *app, bool older)
{
	struct app_history_item page[7];
	size_t n = 0, pages = 0;

	if (app_history_page(app, NULL, older, page, 7, &n) != TEND_OK)
		return;
	while (n > 0) {
		for (size_t i = 0; i < n; i++)
			if (!memchr(page[i].plan, '\0', sizeof(page[i].plan)))
				abort();
		if (++pages > 100000)
			abort(); /* the keys go one way: a walk cannot loop */
		struct app_history_item from = page[n - 1];
		if (app_history_page(app, &from, older, page, 7, &n) != TEND_OK)
			return;
	}
}

static int item_cb(const struct app_item *it, void *ctx)
{
	(void)ctx;
	if ((it->status == TEND_OK) != (it->text != NULL) || (it->text && strlen(it->text) > it->len))
		abort();
	return 0;
}

/* State of one journal_walk page. */
struct jpage {
	int64_t from, last;
	bool older;
	size_t n;
};

static int jpage_cb(const struct app_item *it, void *ctx)
{
	struct jpage *p = ctx;

	item_cb(it, NULL);
	/* each id lies beyond the page's key and the one before it */
	if (p->older ? (p->from && it->id >= p->from) || (p->n && it->id >= p->last)
	             : it->id <= p->from || (p->n && it->id <= p->last))
		abort();
	p->last = it->id;
	p->n++;
	return 0;
}

/* Walks the journal a page at a time, as the screen does: every page goes
 * on past its key, in order, and the walk ends. */
static void journal_walk(struct app_reader *r, const struct app_read_filter *f, bool older)
{
	struct jpage p = { 0, 0, older, 0 };

	for (int pages = 0; pages < 100000; pages++) {
		p.n = 0;
		if (app_read_page(r, f, p.from, older, 3, jpage_cb, &p) != TEND_OK || p.n == 0)
			return;
		if (p.n > 3)
			abort();
		p.from = p.last;
	}
	abort(); /* it never ended */
}

static int topic_cb(const struct app_topic *t, void *ctx)
{
	(void)ctx;
	if (!t->text)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct app *app = calloc(1, sizeof(*app));
	struct app_stats stats;
	struct app_draft_info di;
	struct app_verify_report rep;
	struct app_plan_info plans[16];
	struct app_checkin *c = NULL;
	char err[512];
	size_t n, bad;

	if (!app)
		return 0;
	if (store_open_image(data, size, &app->store) != TEND_OK)
		goto out;
	strcpy(app->db_path, ":fuzz:");
	if (app_load_couple(app) != TEND_OK)
		goto out;
	app_data_locate(app);

	(void)app_stats(app, FUZZ_NOW, &stats);
	/* the status line (tend status): the same numbers as the stats */
	{
		struct app_tonight t;

		if (app_tonight(app, FUZZ_NOW, &t) == TEND_OK &&
		    app_stats(app, FUZZ_NOW, &stats) == TEND_OK &&
		    (t.nightly.current != stats.nightly.current ||
		     t.nightly.longest != stats.nightly.longest || t.together != stats.together ||
		     (unsigned)t.state > APP_TONIGHT_LAST_NIGHT))
			abort();
	}
	history_walk(app, true);
	history_walk(app, false);
	if (app_draft_info(app, &di) == TEND_OK) {
		/* the "Welcome back" question: "step K of N" (src/ui/home.c), K
		 * within 1..N, whatever the file says */
		int k = di.phase == APP_PHASE_TIMER ? di.step + 1 : di.nsteps;
		if (di.nsteps < 0 || di.step < 0 || k > di.nsteps ||
		    !memchr(di.plan, '\0', sizeof(di.plan)))
			abort();
		if (app_checkin_resume(app, FUZZ_NOW, 1000, &c, err, sizeof(err)) == TEND_OK) {
			/* what each partner wrote back in its boxes, as after
			 * unlocking: each text valid, and inside its box */
			for (int i = 0; i < 2 && app->setup; i++) {
				struct app_reader r = { app, i, reader[i]->key };
				size_t aside;

				(void)app_checkin_reopen_answers(c, &r, &aside);
				(void)app_checkin_reopen_note(c, &r, &aside);
			}
			for (int w = 0; w < 2; w++)
				for (int q = 0; q < APP_QUESTIONS; q++)
					if (c->answer[w][q].len >= c->answer[w][q].cap ||
					    c->answer[w][q].buf[c->answer[w][q].len] != '\0')
						abort();
			if (c->note.len >= c->note.cap)
				abort();
			app_checkin_free(c);
		}
	}
	n = app_plans(app, FUZZ_NOW, plans, 16);
	if (n > 16)
		abort();
	(void)app_journal_question(app, FUZZ_NOW);
	(void)app_topics_open(app, APP_ENTRY_TOPIC, &n);
	(void)app_topics_open(app, APP_ENTRY_TOGETHER, &n);
	for (int i = 0; i < 2 && app->setup; i++) {
		/* the seed's key, as if this file had been unlocked with it */
		struct app_reader r = { app, i, reader[i]->key };
		const struct app_read_filter any = { -1, -1, -1 };
		const struct app_read_filter journal = { 0, APP_ENTRY_JOURNAL, -1 };
		(void)app_read_each(&r, &any, item_cb, NULL);
		journal_walk(&r, &journal, true);
		journal_walk(&r, &journal, false);
		(void)app_topics_each(&r, APP_ENTRY_TOPIC, true, topic_cb, NULL);
		(void)app_topics_each(&r, APP_ENTRY_TOGETHER, false, topic_cb, NULL);
		(void)app_export(&r, i ? APP_EXPORT_MARKDOWN : APP_EXPORT_JSON, FUZZ_NOW, devnull,
		                 &bad);
		(void)app_verify(app, &r, &rep, NULL, NULL);
	}
	(void)app_verify(app, NULL, &rep, NULL, NULL);
out:
	app_close(app);
	return 0;
}
