/* words.h: words the screens (home.c) and plain mode (plain.c) both say,
 * kept once so that they never drift apart. No curses here. */
#ifndef TEND_UI_WORDS_H
#define TEND_UI_WORDS_H

/* "When to get help": its own page, and part of the help. Paragraphs
 * between blank lines, the first line its title. */
#define UI_GET_HELP_SIZE 1024 /* bytes it may hold, its NUL included */
extern const char ui_get_help[UI_GET_HELP_SIZE];

#endif
