/* setup.c: the first run. A welcome, the two names, a passphrase for each
 * typed twice (into guarded memory, never shown; a weak one said so), and
 * for each who wants one a recovery code; then the keys are made and each
 * code is shown once and typed back in part. Esc goes back one step. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ui_internal.h"

/* The steps of the first run, in order. */
enum setup_step {
	SETUP_WELCOME,
	SETUP_NAME_A,
	SETUP_NAME_B,
	SETUP_PASS_A,
	SETUP_CODE_A,    /* does the first partner want a recovery code? */
	SETUP_PASS_B,
	SETUP_CODE_B,
	SETUP_KEYS,
	SETUP_SHOW_A,    /* the first partner's code, shown once */
	SETUP_SHOW_B,
	SETUP_DONE,
};

/* Everything the first run holds; passphrases and codes in guarded memory. */
struct setup {
	char name_mem[2][APP_MAX_NAME + 1];
	struct textbuf name[2];
	char *pass_mem[2];       /* owned: app_secure_alloc */
	struct textbuf pass[2];
	bool want_code[2];       /* asked for a recovery code */
	char *code[2];           /* owned: app_secure_alloc; their code once made */
};

/* Shows the welcome; UI_DONE to begin. */
static enum ui_result setup_welcome(struct ui *u)
{
	static const char *const keys[] = { "Enter", "begin", "q", "quit", NULL };
	static const char text[] =
		"tend keeps a small ritual for the two of you: each night, phones away, "
		"about fifteen minutes of taking turns to speak and to listen, with a "
		"timer keeping the turns fair. Afterwards each of you writes a few "
		"private lines that only your own passphrase opens, and tend counts "
		"the nights you showed up for each other.\n\n"
		"First, your two names and a passphrase for each of you.";

	for (;;) {
		struct ui_rect c;
		struct ui_ev ev;

		if (ui_frame(u, "Welcome", NULL, keys, UI_MIN_W, UI_MIN_H, &c)) {
			ui_put(u, c.y + 1, c.x + 1, "Welcome to tend.", (size_t)-1, c.w - 2,
			       ui_attr(u, UI_ACCENT));
			ui_wrap(u, (struct ui_rect){ c.y + 3, c.x + 1, c.h - 3, c.w - 2 }, text,
			        strlen(text), 0, A_NORMAL, false);
		}
		ui_show(u);
		ev = ui_next(u, -1, 0);
		if (ev.kind == UI_EV_QUIT)
			return UI_QUIT;
		if (ev.kind != UI_EV_KEY)
			continue;
		if (ui_is_enter(ev.key) || ev.key == ' ')
			return UI_DONE;
		if (ev.key == 'q' || ev.key == UI_ESC)
			return UI_QUIT;
	}
}

/* Takes the spaces off both ends of a name. */
static void trim(struct textbuf *tb)
{
	size_t a = 0, b = tb->len;

	while (a < b && (tb->buf[a] == ' ' || tb->buf[a] == '\t'))
		a++;
	while (b > a && (tb->buf[b - 1] == ' ' || tb->buf[b - 1] == '\t'))
		b--;
	if (a > 0 || b < tb->len) {
		memmove(tb->buf, tb->buf + a, b - a);
		memset(tb->buf + (b - a), 0, tb->len - (b - a));
		tb->len = b - a;
		tb->buf[tb->len] = '\0';
		tb->cursor = tb->len;
	}
}

/* Asks for partner `who`'s name. */
static enum ui_result setup_name(struct ui *u, struct setup *s, int who)
{
	char body[APP_MAX_NAME + 200], why[400], kept[APP_MAX_NAME + 1];
	struct ui_prompt p = { "Your names", body, who ? "Second name:" : "First name:", false,
	                       "next", "back", 0, NULL, NULL };

	if (who == 0)
		snprintf(body, sizeof(body),
		         "What is the first partner's name? Write it any way you like: "
		         "Zo\xc3\xab, \xc5\x81ukasz or \xe7\xbe\x8e\xe5\x92\xb2 are all fine.");
	else
		snprintf(body, sizeof(body), "And the second partner's name? (The first is %s.)",
		         s->name[0].buf);
	for (;;) {
		enum ui_result r = ui_prompt_line(u, &p, &s->name[who]);

		if (r != UI_DONE)
			return r;
		trim(&s->name[who]);
		if (s->name[who].len == 0) {
			ui_say(u, "Please type a name.");
			continue;
		}
		if (app_name_check(s->name[who].buf, why, sizeof(why)) != TEND_OK) {
			ui_say(u, "That name %s. Please type it again.", why);
			continue;
		}
		if (who == 1) {
			const char *both[2] = { s->name[0].buf, s->name[1].buf };

			if (app_names_check(both, why, sizeof(why)) != TEND_OK) {
				ui_say(u, "%c%s. Please choose another second name.",
				       toupper((unsigned char)why[0]), why + 1);
				continue;
			}
		}
		/* Shown from now on as it will be kept (NFC). */
		if (app_name_clean(s->name[who].buf, kept) == TEND_OK)
			textbuf_set(&s->name[who], kept, strlen(kept));
		return UI_DONE;
	}
}

/* Asks partner `who` for a passphrase, typed twice. The second partner
 * may not take the first one's: then both choose again, the first partner
 * first (the second now knows the one the first chose). */
static enum ui_result setup_pass(struct ui *u, struct setup *s, int who)
{
	char body[3 * APP_MAX_NAME + 600];
	const char *names[2] = { s->name[0].buf, s->name[1].buf };
	const char *me = names[who], *other = names[1 - who];
	enum ui_result r;

	snprintf(body, sizeof(body),
	         "%s, choose a passphrase for your private writing; nothing shows as "
	         "you type. %s, please look away.\n\n"
	         "Four or five words that have nothing to do with each other make a good "
	         "one. Nobody, not even tend, can open what it locks without it (or a "
	         "recovery code, which comes next).",
	         me, other);
	r = ui_choose_pass(u, names, who, (enum app_kdf)u->opt->kdf, body, &s->pass[who]);
	if (r == UI_DONE && who == 1 && s->pass[0].len == s->pass[1].len &&
	    memcmp(s->pass[0].buf, s->pass[1].buf, s->pass[0].len) == 0) {
		textbuf_wipe(&s->pass[0]);
		textbuf_wipe(&s->pass[1]);
		ui_say(u, "Each of you needs a passphrase of your own: %s, please choose a new one, "
		       "then %s.", names[0], names[1]);
		return UI_OTHER;
	}
	return r;
}

/* Asks partner `who` whether they want a recovery code. */
static enum ui_result setup_code(struct ui *u, struct setup *s, int who)
{
	char text[APP_MAX_NAME + 400];

	snprintf(text, sizeof(text),
	         "%s, would you like a recovery code? If you ever forget your passphrase, it "
	         "lets you choose a new one, and nothing is lost. You write it on paper and "
	         "keep it somewhere safe.\n\nWithout one, a forgotten passphrase locks what "
	         "only you may read for good.", s->name[who].buf);
	return ui_confirm(u, "A recovery code", text, &s->want_code[who]);
}

/* Makes the keys: blocks for a few seconds. */
static enum tend_status setup_keys(struct ui *u, struct setup *s)
{
	const char *name[2] = { s->name[0].buf, s->name[1].buf };
	const char *pass[2] = { s->pass[0].buf, s->pass[1].buf };
	const size_t len[2] = { s->pass[0].len, s->pass[1].len };
	char *const code[2] = { s->want_code[0] ? s->code[0] : NULL,
	                        s->want_code[1] ? s->code[1] : NULL };
	struct ui_rect c;

	if (ui_frame(u, "Setting up", NULL, NULL, UI_MIN_W, UI_MIN_H, &c)) {
		ui_put_center(u, c.y + c.h / 2 - 1, c.x, c.w, "Making your keys...", A_BOLD);
		ui_put_center(u, c.y + c.h / 2 + 1, c.x, c.w, "This takes a few seconds.",
		              ui_attr(u, UI_MUTED));
	}
	ui_show(u);
	return app_setup(u->app, name, pass, len, (enum app_kdf)u->opt->kdf, code, time(NULL));
}

/* Runs one step; returns the next one. */
static enum setup_step setup_step(struct ui *u, struct setup *s, enum setup_step step,
                                  enum ui_result *r)
{
	enum tend_status st;

	switch (step) {
	case SETUP_WELCOME:
		*r = setup_welcome(u);
		return *r == UI_DONE ? SETUP_NAME_A : step;
	case SETUP_NAME_A:
	case SETUP_NAME_B:
		*r = setup_name(u, s, step == SETUP_NAME_B);
		if (*r == UI_CANCEL) {
			*r = UI_DONE;
			return step - 1;
		}
		return step + 1;
	case SETUP_PASS_A:
	case SETUP_PASS_B:
		*r = setup_pass(u, s, step == SETUP_PASS_B);
		if (*r == UI_OTHER) {
			*r = UI_DONE;
			return SETUP_PASS_A;
		}
		if (*r == UI_CANCEL) {
			*r = UI_DONE;
			return step - 1;
		}
		return step + 1;
	case SETUP_CODE_A:
	case SETUP_CODE_B:
		*r = setup_code(u, s, step == SETUP_CODE_B);
		return step + 1;
	case SETUP_SHOW_A:
	case SETUP_SHOW_B: {
		int who = step == SETUP_SHOW_B;

		*r = UI_DONE;
		if (s->want_code[who])
			*r = ui_show_code(u, s->name[who].buf, s->name[!who].buf, s->code[who]);
		if (step == SETUP_SHOW_B && *r == UI_DONE)
			ui_news(u, "Welcome, %s and %s.", s->name[0].buf, s->name[1].buf);
		return step + 1;
	}
	case SETUP_KEYS:
		st = setup_keys(u, s);
		*r = UI_DONE;
		if (st == TEND_OK)
			return SETUP_SHOW_A;
		if (st == TEND_ERR_INVALID) {
			ui_say(u, "Those names cannot be used: %s. Please try others.",
			       tend_strerror(st));
			return SETUP_NAME_A;
		}
		u->fatal = true;
		snprintf(u->fatal_msg, sizeof(u->fatal_msg), "could not set tend up: %s",
		         tend_strerror(st));
		*r = UI_QUIT;
		return step;
	default:
		return SETUP_DONE;
	}
}

enum ui_result ui_setup(struct ui *u)
{
	struct setup s;
	enum setup_step step = SETUP_WELCOME;
	enum ui_result r = UI_DONE;

	memset(&s, 0, sizeof(s));
	for (int i = 0; i < 2; i++)
		textbuf_init(&s.name[i], s.name_mem[i], sizeof(s.name_mem[i]));
	for (int i = 0; i < 2; i++) {
		s.pass_mem[i] = app_secure_alloc(APP_MAX_PASS + 1);
		s.code[i] = app_secure_alloc(APP_RECOVERY_TEXT + 1);
	}
	if (!s.pass_mem[0] || !s.pass_mem[1] || !s.code[0] || !s.code[1]) {
		u->fatal = true;
		snprintf(u->fatal_msg, sizeof(u->fatal_msg), "out of guarded memory");
		r = UI_QUIT;
		goto out;
	}
	for (int i = 0; i < 2; i++)
		textbuf_init(&s.pass[i], s.pass_mem[i], APP_MAX_PASS + 1);
	while (step != SETUP_DONE && r == UI_DONE)
		step = setup_step(u, &s, step, &r);
out:
	for (int i = 0; i < 2; i++) {
		if (s.pass_mem[i]) {
			textbuf_wipe(&s.pass[i]);
			app_secure_free(s.pass_mem[i]);
		}
		app_secure_free(s.code[i]);
	}
	return r;
}
