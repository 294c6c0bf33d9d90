/* common.h: what the screens and plain mode (plain*.c) share, kept once
 * so that they never drift apart: words both say, rules both keep. No
 * curses here. */
#ifndef TEND_UI_COMMON_H
#define TEND_UI_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "tend/app.h"

/* "When to get help": its own page, and part of the help. Paragraphs
 * between blank lines, the first line its title. */
#define UI_GET_HELP_SIZE 1024 /* bytes it may hold, its NUL included */
extern const char ui_get_help[UI_GET_HELP_SIZE];

/* How long an unlocked reader may sit idle before it locks, in ms:
 * APP_IDLE_LOCK_S, or sooner when TEND_IDLE_LOCK_S asks for fewer seconds
 * (a couple who want it sooner; the tests, which cannot wait five
 * minutes). Never later: a typo cannot leave the journal open. */
int64_t ui_idle_ms(void);

/* How tonight stands, as home says it: "Tonight: done", "Tonight: not yet -
 * Zoë opens"; early in the day after a check-in, what just happened ("Last
 * night's check-in is saved"), until the next evening. Into buf. */
enum ui_tonight_tone { UI_TONIGHT_PLAIN, UI_TONIGHT_GOOD, UI_TONIGHT_ASKS };
enum ui_tonight_tone ui_tonight_words(struct app *app, const struct app_stats *st, char *buf,
                                      size_t size);

#endif
