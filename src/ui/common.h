/* common.h: what the screens and plain mode (plain*.c) share, kept once
 * so that they never drift apart: words both say, rules both keep. No
 * curses here. */
#ifndef TEND_UI_COMMON_H
#define TEND_UI_COMMON_H

#include <stdint.h>

/* "When to get help": its own page, and part of the help. Paragraphs
 * between blank lines, the first line its title. */
#define UI_GET_HELP_SIZE 1024 /* bytes it may hold, its NUL included */
extern const char ui_get_help[UI_GET_HELP_SIZE];

/* How long an unlocked reader may sit idle before it locks, in ms:
 * APP_IDLE_LOCK_S, or sooner when TEND_IDLE_LOCK_S asks for fewer seconds
 * (a couple who want it sooner; the tests, which cannot wait five
 * minutes). Never later: a typo cannot leave the journal open. */
int64_t ui_idle_ms(void);

#endif
