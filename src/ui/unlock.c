/* unlock.c: "Who is reading?" and the passphrase, which becomes the one
 * app_reader tend keeps; or one partner's passphrase for a stretch of
 * writing. The passphrase is typed into guarded memory and wiped as soon as
 * app_unlock has seen it. */
#include <stdio.h>
#include <string.h>

#include "ui_internal.h"

/* Each person has one key on every screen and every night: 1 for the
 * partner set up first, 2 for the other (the arrive step's too). */
enum ui_result ui_pick_partner(struct ui *u, const char *title, const char *intro, int *partner)
{
	const char *const keys[] = { "1", app_name(u->app, 0), "2", app_name(u->app, 1),
	                             "Esc", "back", NULL };

	for (;;) {
		struct ui_rect c;
		struct ui_ev ev;

		if (ui_frame(u, title, NULL, keys, UI_MIN_W, UI_MIN_H, &c)) {
			char line[APP_MAX_NAME + 16];
			int y = c.y + 1;

			y += ui_wrap(u, (struct ui_rect){ y, c.x + 1, 3, c.w - 2 }, intro,
			             strlen(intro), 0, A_NORMAL, false) + 1;
			for (int p = 0; p < 2; p++) {
				snprintf(line, sizeof(line), "[%d] %s", p + 1, app_name(u->app, p));
				ui_put(u, y + p, c.x + 3, line, (size_t)-1, c.w - 4, A_BOLD);
			}
		}
		ui_show(u);
		ev = ui_next(u, -1, 0);
		if (ev.kind == UI_EV_QUIT)
			return UI_QUIT;
		if (ev.kind != UI_EV_KEY)
			continue;
		if (ev.key == '1' || ev.key == '2') {
			*partner = ev.key - '1';
			return UI_DONE;
		}
		if (ev.key == UI_ESC || ev.key == 'q')
			return UI_CANCEL;
	}
}

enum ui_result ui_unlock_partner(struct ui *u, int partner, struct app_reader **out)
{
	struct textbuf tb;
	char *mem;
	enum ui_result r;

	*out = NULL;
	if (app_partner_key(u->app, partner) != TEND_OK) {
		char why[2 * APP_MAX_NAME + 120], text[2 * APP_MAX_NAME + 400];
		bool yes = false;

		/* No passphrase can help: say so before one is typed. A recovery
		 * code can: it makes the record anew. */
		app_key_problem(u->app, partner, why, sizeof(why));
		if (app_recovery_state(u->app, partner) != TEND_OK) {
			ui_say(u, "%s, so it cannot be unlocked.", why);
			return UI_CANCEL;
		}
		snprintf(text, sizeof(text), "%s, so no passphrase opens it now.\n\n"
		         "%s's recovery code can mend it, with a new passphrase. Use it now?", why,
		         app_name(u->app, partner));
		if ((r = ui_confirm(u, "A damaged key record", text, &yes)) != UI_DONE || !yes)
			return r == UI_QUIT ? UI_QUIT : UI_CANCEL;
		return ui_recover(u, partner, out);
	}
	mem = app_secure_alloc(APP_MAX_PASS + 1);
	if (!mem) {
		ui_say(u, "Out of memory.");
		return UI_CANCEL;
	}
	textbuf_init(&tb, mem, APP_MAX_PASS + 1);
	for (;;) {
		char title[APP_MAX_NAME + 32], body[APP_MAX_NAME * 2 + 240];
		const char *name = app_name(u->app, partner);
		const char *other = app_name(u->app, 1 - partner);
		bool code = app_recovery_state(u->app, partner) == TEND_OK;
		struct ui_prompt p = { title, body, "Passphrase:", true, "unlock", "back",
		                       code ? UI_CTRL('r') : 0, "Ctrl-R", "forgot it" };
		enum tend_status st;
		struct app_reader *reader = NULL;

		snprintf(title, sizeof(title), "%s's passphrase", name);
		snprintf(body, sizeof(body),
		         "%s, type your passphrase. Nothing shows as you type.\n\n"
		         "%s, please look away for a moment.%s", name, other,
		         code ? "\n\nForgot it? Ctrl-R lets you choose a new one with your "
		                "recovery code." : "");
		r = ui_prompt_line(u, &p, &tb);
		if (r == UI_OTHER) {
			textbuf_wipe(&tb);
			r = ui_recover(u, partner, out);
			if (r == UI_CANCEL)
				continue;
			break;
		}
		if (r != UI_DONE)
			break;
		if (tb.len == 0) {
			ui_say(u, "Please type your passphrase, or press Esc to go back.");
			continue;
		}
		st = app_unlock(u->app, partner, tb.buf, tb.len, &reader);
		textbuf_wipe(&tb);
		u->last_key_ms = app_mono_ms();
		if (st == TEND_OK) {
			*out = reader;
			u->msg[0] = '\0';
			r = UI_DONE;
			break;
		}
		if (st == TEND_ERR_PASSPHRASE)
			ui_say(u, "That passphrase doesn't open %s's key. Try again.", name);
		else
			ui_say(u, "Could not unlock: %s.", tend_strerror(st));
	}
	textbuf_wipe(&tb);
	app_secure_free(mem);
	return r;
}

enum ui_result ui_unlock(struct ui *u)
{
	int partner = 0;
	enum ui_result r;

	if (u->reader)
		return UI_DONE;
	if ((r = ui_pick_partner(u, "Who is reading?", "What each of you writes is locked with "
	                         "your own passphrase. Who is reading?", &partner)) != UI_DONE)
		return r;
	return ui_unlock_partner(u, partner, &u->reader);
}
