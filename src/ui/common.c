/* common.c: what the screens and plain mode share (common.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "tend/app.h"

const char ui_get_help[UI_GET_HELP_SIZE] =
	"When to get help\n"
	"\n"
	"tend is a small daily habit, not therapy. A couples therapist or "
	"counsellor can help with what a nightly talk cannot reach, and asking for "
	"that help is a sign of care, not of failure. Think about it when:\n"
	"\n"
	"- the same pattern keeps coming back and you cannot break it on your own;\n"
	"- check-ins keep stalling, ending early or in a time-out;\n"
	"- old hurts keep reopening, however often you talk them through;\n"
	"- one of you is withdrawing, going quiet or feeling alone in the "
	"relationship.\n"
	"\n"
	"These exercises are not for a relationship where one of you is afraid of "
	"the other, or where talking has led to threats, pressure or force. If "
	"that is true for you, please do not use tend to talk it through: contact "
	"a domestic-abuse service where you live instead. They listen in "
	"confidence and can help you stay safe; your doctor or a local helpline "
	"can tell you how to reach one.\n";

int64_t ui_idle_ms(void)
{
	const char *v = getenv("TEND_IDLE_LOCK_S");
	char *end;
	long s;

	if (!v || !*v)
		return (int64_t)APP_IDLE_LOCK_S * 1000;
	s = strtol(v, &end, 10);
	if (*end || s < 1 || s > APP_IDLE_LOCK_S)
		return (int64_t)APP_IDLE_LOCK_S * 1000;
	return (int64_t)s * 1000;
}

enum ui_tonight_tone ui_tonight_words(struct app *app, const struct app_stats *st, char *buf,
                                      size_t size)
{
	enum app_day last = st->calendar[APP_CALENDAR_NIGHTS - 2];
	const char *opens = app_name(app, st->first_tonight == 1);

	if (st->tonight_done) {
		snprintf(buf, size, "Tonight: done");
		return UI_TONIGHT_GOOD;
	}
	if (st->tonight_rest) {
		snprintf(buf, size, "Tonight: a rest night");
		return UI_TONIGHT_PLAIN;
	}
	if (st->tonight_timeout) {
		snprintf(buf, size, "Tonight: a time-out; your streaks are paused");
		return UI_TONIGHT_PLAIN;
	}
	if (st->calendar[APP_CALENDAR_NIGHTS - 1] == APP_DAY_SHORT) {
		/* Saved but too short to count: it is not "not yet". */
		snprintf(buf, size, "Tonight: a short one, kept - %s opens the next", opens);
		return UI_TONIGHT_ASKS;
	}
	/* What just happened (a check-in saved after 04:00 is last night's),
	 * until the next evening: not "not yet". */
	if (st->early && last == APP_DAY_DONE) {
		snprintf(buf, size, "Last night's check-in is saved");
		return UI_TONIGHT_GOOD;
	}
	if (st->early && (last == APP_DAY_SHORT || last == APP_DAY_TIMEOUT)) {
		snprintf(buf, size, "Last night's %s is kept",
		         last == APP_DAY_SHORT ? "short one" : "time-out");
		return UI_TONIGHT_PLAIN;
	}
	snprintf(buf, size, "Tonight: not yet - %s opens", opens);
	return UI_TONIGHT_ASKS;
}

static int topic_add(const struct app_topic *t, void *ctx)
{
	struct ui_topics *l = ctx;
	size_t len = t->len < UI_TOPIC_TEXT ? t->len : UI_TOPIC_TEXT;
	char *s;

	if (l->n >= UI_MAX_TOPICS || !(s = app_secure_alloc(UI_TOPIC_TEXT + 1)))
		return 1;
	memcpy(s, t->text, len);
	s[len] = '\0';
	l->id[l->n] = t->id;
	l->night[l->n] = t->night;
	l->text[l->n++] = s;
	return 0;
}

enum tend_status ui_topics_read(struct app_reader *r, struct ui_topics *l)
{
	l->n = 0;
	return app_topics_each(r, APP_ENTRY_TOPIC, false, topic_add, l);
}

char *ui_topics_take(struct ui_topics *l, size_t i)
{
	char *s = l->text[i];

	l->text[i] = NULL;
	return s;
}

void ui_topics_free(struct ui_topics *l)
{
	for (size_t i = 0; i < l->n; i++)
		app_secure_free(l->text[i]); /* wipes */
	l->n = 0;
}
