/* term.c: whether ncurses knows the terminal TERM names, asked of terminfo
 * before newterm, which keeps memory of its own for good when it fails
 * (an unknown TERM makes tend carry on line by line instead). A file of
 * its own: term.h defines macros with common names (lines, bell, tab). */
#include <stdbool.h>
#include <unistd.h>

#include "ui_internal.h"
#include <term.h>

bool ui_term_known(void)
{
	int err = 0;

	if (setupterm(NULL, STDOUT_FILENO, &err) != OK)
		return false;
	del_curterm(cur_term); /* the description read: newterm reads its own */
	return true;
}
