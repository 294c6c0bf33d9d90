/* secret.c: the screens of secrets a partner chooses or keeps: a new
 * passphrase (typed twice, with tend's estimate when it is easy to guess),
 * a recovery code (shown once, then two of its groups typed back), and the
 * way back in with a code when a passphrase is forgotten. What is typed
 * goes into guarded memory and is wiped as soon as it has been used. */
#include <stdio.h>
#include <string.h>

#include "ui_internal.h"

/* "third" for group 2: how people count groups. */
static const char *nth(int i)
{
	static const char *const words[] = { "first", "second", "third", "fourth", "fifth",
	                                     "sixth", "seventh" };

	return i >= 0 && i < 7 ? words[i] : "?";
}

/* Says a passphrase is weak: UI_DONE when they keep it anyway (u),
 * UI_CANCEL to choose another, UI_QUIT. */
static enum ui_result weak_screen(struct ui *u, const char *name,
                                  const struct app_pass_verdict *v)
{
	static const char *const keys[] = { "Enter", "choose another", "u", "use it anyway", NULL };
	char text[900];

	snprintf(text, sizeof(text),
	         "%s, this passphrase is easy to guess. %s.\n\n%s\n\n"
	         "Press Enter to choose another one, or u to use this one anyway.",
	         name, v->estimate, v->hint);
	for (;;) {
		struct ui_ev ev;

		ui_text_screen(u, "Easy to guess", keys, text, A_NORMAL);
		ev = ui_next(u, -1, 0);
		if (ev.kind == UI_EV_QUIT)
			return UI_QUIT;
		if (ev.kind != UI_EV_KEY)
			continue;
		if (ev.key == 'u' || ev.key == 'U')
			return UI_DONE;
		if (ui_is_enter(ev.key) || ev.key == UI_ESC)
			return UI_CANCEL;
	}
}

enum ui_result ui_choose_pass(struct ui *u, const char *const names[2], int who,
                              enum app_kdf kdf, const char *intro, struct textbuf *tb)
{
	char title[APP_MAX_NAME + 32], again_body[APP_MAX_NAME + 80];
	char *mem = app_secure_alloc(APP_MAX_PASS + 1);
	struct textbuf again;
	struct ui_prompt first = { title, intro, "Passphrase:", true, "next", "back", 0, NULL, NULL };
	struct ui_prompt second = { title, again_body, "Passphrase:", true, "next", "back", 0,
	                            NULL, NULL };
	enum ui_result r;

	if (!mem) {
		ui_say(u, "Out of memory.");
		return UI_CANCEL;
	}
	textbuf_init(&again, mem, APP_MAX_PASS + 1);
	snprintf(title, sizeof(title), "%s's passphrase", names[who]);
	snprintf(again_body, sizeof(again_body),
	         "%s, type the same passphrase again, to be sure.", names[who]);
	for (;;) {
		struct app_pass_verdict v;

		textbuf_wipe(tb);
		if ((r = ui_prompt_line(u, &first, tb)) != UI_DONE)
			break;
		if (tb->len == 0) {
			ui_say(u, "Please type at least one character.");
			continue;
		}
		app_pass_judge(names, tb->buf, kdf, &v);
		if (v.weak && (r = weak_screen(u, names[who], &v)) != UI_DONE) {
			if (r == UI_QUIT)
				break;
			continue;
		}
		textbuf_wipe(&again);
		r = ui_prompt_line(u, &second, &again);
		if (r == UI_QUIT)
			break;
		if (r == UI_CANCEL)
			continue; /* back to the first typing */
		if (again.len == tb->len && memcmp(again.buf, tb->buf, tb->len) == 0) {
			r = UI_DONE;
			break;
		}
		ui_say(u, "The two passphrases were not the same. Please choose it again.");
	}
	textbuf_wipe(&again);
	app_secure_free(mem);
	if (r != UI_DONE)
		textbuf_wipe(tb);
	return r;
}

/* The code itself, for `name` to copy while `other` looks away: UI_DONE
 * on Enter, UI_QUIT. */
static enum ui_result code_screen(struct ui *u, const char *name, const char *other,
                                  const char *code)
{
	static const char *const keys[] = { "Enter", "it is written down", NULL };
	char title[APP_MAX_NAME + 32], text[1200];

	snprintf(title, sizeof(title), "%s's recovery code", name);
	snprintf(text, sizeof(text),
	         "%s, please look away.\n\n"
	         "%s, this is your recovery code. Write it on paper exactly as it is:\n\n"
	         "    %s\n\n"
	         "With it you can choose a new passphrase if you ever forget yours. Keep it "
	         "somewhere safe, away from this laptop: with this file, it opens what only you "
	         "may read. tend shows it only this once, and nobody can give you a lost one "
	         "back.", other, name, code);
	for (;;) {
		struct ui_ev ev;

		ui_text_screen(u, title, keys, text, A_NORMAL);
		ev = ui_next(u, -1, 0);
		if (ev.kind == UI_EV_QUIT)
			return UI_QUIT;
		if (ev.kind == UI_EV_KEY && ui_is_enter(ev.key))
			return UI_DONE;
	}
}

enum ui_result ui_show_code(struct ui *u, const char *name, const char *other,
                            const char *code)
{
	char mem[32], body[300];
	struct textbuf tb;
	struct ui_prompt p = { "Check your recovery code", body, "Group:", false, "next",
	                       "see it again", 0, NULL, NULL };
	enum ui_result r;

	textbuf_init(&tb, mem, sizeof(mem));
	for (;;) {
		int g[2];
		bool right = true;

		if ((r = code_screen(u, name, other, code)) != UI_DONE)
			break;
		g[0] = (int)app_random_below(APP_RECOVERY_GROUPS);
		g[1] = (g[0] + 1 + (int)app_random_below(APP_RECOVERY_GROUPS - 1)) %
		       APP_RECOVERY_GROUPS;
		for (int i = 0; i < 2 && right && r == UI_DONE; i++) {
			snprintf(body, sizeof(body),
			         "%s, to be sure the code is written down right, type its %s group "
			         "of four, as you wrote it.", name, nth(g[i]));
			textbuf_wipe(&tb);
			if ((r = ui_prompt_line(u, &p, &tb)) == UI_DONE)
				right = app_recovery_group_is(code, g[i], tb.buf, tb.len);
		}
		textbuf_wipe(&tb);
		if (r == UI_QUIT)
			break;
		if (r == UI_DONE && right) {
			ui_news(u, "%s's recovery code is written down. Keep it safe.", name);
			break;
		}
		if (r == UI_DONE)
			ui_say(u, "That is not what the code says. Here it is again.");
		r = UI_DONE;
	}
	explicit_bzero(mem, sizeof(mem));
	return r;
}

/* The sentence for a code that did not work (app_recovery_check). */
static void code_problem(struct ui *u, int partner, enum tend_status st)
{
	const char *name = app_name(u->app, partner);

	switch (st) {
	case TEND_ERR_INVALID:
		ui_say(u, "That is not a recovery code: it has 28 letters and digits, in 7 "
		       "groups of 4.");
		break;
	case TEND_ERR_PARSE:
		ui_say(u, "That code has a typo: check each group against what you wrote down.");
		break;
	case TEND_ERR_PASSPHRASE:
		ui_say(u, "That is not %s's recovery code (a newer one replaces the old).", name);
		break;
	case TEND_ERR_KEY_DAMAGED:
		ui_say(u, "%s's recovery record is damaged or was changed, so it cannot help.", name);
		break;
	default:
		ui_say(u, "The code could not be checked: %s.", tend_strerror(st));
	}
}

enum ui_result ui_recover(struct ui *u, int partner, struct app_reader **out)
{
	const char *names[2] = { app_name(u->app, 0), app_name(u->app, 1) };
	const char *name = names[partner], *other = names[!partner];
	char *cmem = app_secure_alloc(APP_MAX_PASS + 1), *pmem = app_secure_alloc(APP_MAX_PASS + 1);
	char title[APP_MAX_NAME + 32], body[3 * APP_MAX_NAME + 300], intro[3 * APP_MAX_NAME + 300];
	struct ui_prompt p = { title, body, "Code:", false, "next", "back", 0, NULL, NULL };
	struct textbuf code, pass;
	enum tend_status st;
	enum ui_result r;

	*out = NULL;
	if (!cmem || !pmem) {
		app_secure_free(cmem);
		app_secure_free(pmem);
		ui_say(u, "Out of memory.");
		return UI_CANCEL;
	}
	textbuf_init(&code, cmem, APP_MAX_PASS + 1);
	textbuf_init(&pass, pmem, APP_MAX_PASS + 1);
	snprintf(title, sizeof(title), "%s's recovery code", name);
	snprintf(body, sizeof(body),
	         "%s, type the recovery code you wrote down (dashes and spaces do not matter). "
	         "%s, please look away.", name, other);
	snprintf(intro, sizeof(intro),
	         "%s, choose a new passphrase; nothing shows as you type. %s, please keep "
	         "looking away.", name, other);
	for (;;) {
		if ((r = ui_prompt_line(u, &p, &code)) != UI_DONE)
			goto out;
		if ((st = app_recovery_check(u->app, partner, code.buf, code.len)) == TEND_OK)
			break;
		code_problem(u, partner, st);
	}
	for (;;) {
		if ((r = ui_choose_pass(u, names, partner, app_partner_kdf(u->app, partner), intro,
		                        &pass)) != UI_DONE)
			goto out;
		st = app_recover(u->app, partner, code.buf, code.len, pass.buf, pass.len);
		if (st == TEND_ERR_SAME_PASSPHRASE) {
			ui_say(u, "That passphrase opens %s's key: choose one of your own.", other);
			continue;
		}
		if (st != TEND_OK) {
			ui_say(u, "Could not set the new passphrase: %s.", tend_strerror(st));
			r = UI_CANCEL;
			goto out;
		}
		break;
	}
	st = app_unlock(u->app, partner, pass.buf, pass.len, out);
	u->last_key_ms = app_mono_ms();
	if (st != TEND_OK) {
		ui_say(u, "The new passphrase is set, but unlocking failed: %s.", tend_strerror(st));
		r = UI_CANCEL;
		goto out;
	}
	ui_news(u, "%s's new passphrase is set. The recovery code still works.", name);
	r = UI_DONE;
out:
	textbuf_wipe(&code);
	textbuf_wipe(&pass);
	app_secure_free(cmem);
	app_secure_free(pmem);
	return r;
}

enum ui_result ui_new_code(struct ui *u, int partner)
{
	struct app_reader *r = NULL;
	char *code;
	enum tend_status st;
	enum ui_result res;

	if ((res = ui_unlock_partner(u, partner, &r)) != UI_DONE)
		return res;
	if (!(code = app_secure_alloc(APP_RECOVERY_TEXT + 1))) {
		app_reader_free(r);
		ui_say(u, "Out of memory.");
		return UI_CANCEL;
	}
	st = app_recovery_new(r, code);
	app_reader_free(r);
	if (st == TEND_OK)
		res = ui_show_code(u, app_name(u->app, partner), app_name(u->app, !partner), code);
	else
		ui_say(u, "Could not make a recovery code: %s.", tend_strerror(st));
	app_secure_free(code);
	return st == TEND_OK ? res : UI_CANCEL;
}
