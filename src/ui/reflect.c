/* reflect.c: after the timer, each partner's private reflections and the
 * couple's note. A resumed check-in brings back into each box what was
 * written in it before the interruption, once its reader has unlocked
 * (each partner for their own answers, either of them for the note), and
 * carries on editing it: saving replaces what was sealed before. */
#include <stdio.h>
#include <string.h>

#include "ui_internal.h"

/* Says on the status line what a reopening could not bring back. */
static void reopen_said(struct ui *u, enum tend_status st, size_t aside)
{
	if (st != TEND_OK)
		ui_say(u, "What was written before could not be opened: %s.", tend_strerror(st));
	else if (aside == 1)
		ui_say(u, "One text written before does not open; it is kept as it was "
		          "(tend verify says more).");
	else if (aside > 1)
		ui_say(u, "%zu texts written before do not open; they are kept as they were "
		          "(tend verify says more).", aside);
}

/* The screen before a partner's reflections: the other looks away, and the
 * writer unlocks their key, which seals their private answers (and proves
 * they wrote them) for this stretch only. UI_DONE with *writer set,
 * UI_CANCEL when they skip their reflections tonight, or UI_QUIT. */
static enum ui_result reflect_intro(struct ui *u, int who, bool first,
                                    struct app_reader **writer)
{
	static const char *const keys[] = { "Enter", "unlock and write", "s",
	                                    "skip mine tonight", NULL };
	const char *me = app_name(u->app, who), *other = app_name(u->app, 1 - who);
	char text[4 * APP_MAX_NAME + 300];

	snprintf(text, sizeof(text),
	         "%s, this part is %s's%s. Please look away for a moment.\n\n"
	         "%s, press Enter when you are ready to write. Your passphrase keeps "
	         "your answers yours.", other, me, first ? "; the next one is yours" : "", me);
	for (;;) {
		enum ui_result r = ui_enter_or(u, "Reflections", keys, text, 's');

		if (r != UI_DONE)
			return r == UI_OTHER ? UI_CANCEL : r;
		if ((r = ui_unlock_partner(u, who, writer)) != UI_CANCEL)
			return r;
	}
}

/* Each partner, A then B, answers the questions in private. */
enum ui_result ui_reflect(struct ui *u, struct app_checkin *c)
{
	struct ui_field fields[APP_QUESTIONS];
	struct app_reader *writer = NULL;
	int nq = 0;

	/* A check-in resumed after the opener was done starts with the other. */
	for (int k = c->phase == APP_PHASE_REFLECT_SECOND ? 1 : 0; k < 2; k++) {
		int who = k == 0 ? c->first : 1 - c->first;
		char title[APP_MAX_NAME + 32], intro[APP_MAX_NAME * 2 + 200], done[APP_MAX_NAME + 32];
		struct ui_form f;
		enum ui_result r;

		nq = 0;
		for (int q = 0; q < APP_QUESTIONS; q++) {
			if (!c->question[who][q] || !c->question[who][q]->text)
				continue;
			fields[nq++] = (struct ui_field){ c->question[who][q]->text, &c->answer[who][q],
			                                  &c->answer_shared[who][q], 0 };
		}
		if (nq == 0)
			break;
		if ((r = reflect_intro(u, who, k == 0, &writer)) == UI_QUIT)
			return r;
		snprintf(title, sizeof(title), "%s's reflections", app_name(u->app, who));
		snprintf(intro, sizeof(intro),
		         "%s, only you can read these answers unless you share one with %s. "
		         "Any answer may stay empty.", app_name(u->app, who),
		         app_name(u->app, 1 - who));
		if (k == 0)
			snprintf(done, sizeof(done), "done, over to %s", app_name(u->app, 1 - who));
		else
			snprintf(done, sizeof(done), "done");
		f = (struct ui_form){ .title = title, .intro = intro,
		                      .other = app_name(u->app, 1 - who), .fields = fields,
		                      .nfields = nq, .checkin = true, .done_key = done };
		/* No writer: they skipped theirs tonight. */
		r = UI_DONE;
		if (writer) {
			app_checkin_writer(c, writer);
			if (c->resumed) {
				size_t aside = 0;

				reopen_said(u, app_checkin_reopen_answers(c, writer, &aside), aside);
			}
			r = ui_form_run(u, &f);
		}
		if (k == 0 && r != UI_QUIT)
			c->phase = APP_PHASE_REFLECT_SECOND;
		ui_checkin_save(u); /* while the key is still open, on quitting too */
		app_checkin_writer(c, NULL);
		app_reader_free(writer);
		writer = NULL;
		if (r == UI_QUIT)
			return r;
	}
	c->phase = APP_PHASE_NOTE;
	ui_checkin_save(u);
	return UI_DONE;
}

/* A resumed check-in's note is sealed: one of the two unlocks to bring it
 * back into its box, or the couple keeps it as it is and goes on (UI_CANCEL).
 * Either key opens it; the key is closed again at once. */
static enum ui_result note_reopen(struct ui *u, struct app_checkin *c)
{
	static const char *const keys[] = { "Enter", "unlock and carry on", "s",
	                                    "keep it as it is", NULL };

	for (;;) {
		struct app_reader *r = NULL;
		enum ui_result res;
		int who = 0;
		size_t aside = 0;

		res = ui_enter_or(u, "A note for you both", keys,
		                  "The note you began before the interruption is locked, as "
		                  "everything you write is. One of you unlocks to carry on with "
		                  "it.\n\nPress Enter to unlock, or s to keep it as it is and go on.",
		                  's');
		if (res != UI_DONE)
			return res == UI_OTHER ? UI_CANCEL : res;
		if (u->reader) {
			reopen_said(u, app_checkin_reopen_note(c, u->reader, &aside), aside);
			return UI_DONE;
		}
		res = ui_pick_partner(u, "Who unlocks?", "Either of you can open your note. "
		                      "Who unlocks?", &who);
		if (res == UI_DONE)
			res = ui_unlock_partner(u, who, &r);
		if (res == UI_QUIT)
			return res;
		if (res != UI_DONE)
			continue;
		reopen_said(u, app_checkin_reopen_note(c, r, &aside), aside);
		app_reader_free(r);
		return UI_DONE;
	}
}

/* The couple's note, written together; with the plan's agreement when it
 * had a solve step, and the small thing to enjoy together soon when it
 * closed. */
enum ui_result ui_note(struct ui *u, struct app_checkin *c)
{
	struct ui_field fields[3];
	int n = 0;
	struct ui_form f = {
		.title = "A note for you both",
		.intro = "Anything from tonight you want to keep: a thank-you, a plan, a "
		         "small promise. Write it together, or leave any of it empty. You "
		         "can both read all of it.",
		.fields = fields, .checkin = true, .done_key = "done",
	};
	enum ui_result r;

	fields[n++] = (struct ui_field){ "Our note", &c->note, NULL, 0 };
	if (plan_has_kind(c->plan, PLAN_SOLVE))
		fields[n++] = (struct ui_field){ "Our small trial agreement: who does what, "
		                                 "until when, and when we look at it again",
		                                 &c->agreement, NULL, 0 };
	if (plan_has_kind(c->plan, PLAN_CLOSE))
		fields[n++] = (struct ui_field){ "Next together: one small thing to enjoy "
		                                 "together soon (home shows it until it is done)",
		                                 &c->together, NULL, 0 };
	f.nfields = n;
	r = c->resumed && app_checkin_note_waits(c) ? note_reopen(u, c) : UI_DONE;
	if (r == UI_DONE)
		r = ui_form_run(u, &f);
	else if (r == UI_CANCEL)
		r = UI_DONE; /* kept as it was: on to the pillars */

	if (r == UI_QUIT)
		return r;
	c->phase = APP_PHASE_PILLARS;
	ui_checkin_save(u);
	return UI_DONE;
}
