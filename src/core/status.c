/* status.c: messages for enum tend_status, from the one table in status.h. */
#include "tend/status.h"

static const char *const messages[] = {
#define TEND_STATUS_MSG(name, msg) [name] = msg,
	TEND_STATUS_TABLE(TEND_STATUS_MSG)
#undef TEND_STATUS_MSG
};

const char *tend_strerror(enum tend_status st)
{
	if ((unsigned)st >= TEND_STATUS_COUNT)
		return "unknown error";
	return messages[st];
}
