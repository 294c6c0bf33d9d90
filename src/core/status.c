/* status.c: messages for enum tend_status, from the one table in status.h. */
#include "tend/status.h"

#include <errno.h>

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

enum tend_status tend_status_errno(int e)
{
	switch (e) {
	case 0:
		return TEND_OK;
	case ENOMEM:
		return TEND_ERR_NOMEM;
	case ENOSPC:
	case EDQUOT:
		return TEND_ERR_FULL;
	case EACCES:
	case EPERM:
		return TEND_ERR_PERM;
	case EROFS:
		return TEND_ERR_READONLY;
	default:
		return TEND_ERR_IO;
	}
}
