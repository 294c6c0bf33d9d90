/* status.h: the one error vocabulary of tend. Every module that can fail
 * returns an enum tend_status; tend_strerror() gives its single wording.
 * The wordings about files (IO, PERM, READONLY) follow the file's name
 * where the caller knows it ("PATH: message"). */
#ifndef TEND_STATUS_H
#define TEND_STATUS_H

/* X(name, message): the table every status and its message come from. */
#define TEND_STATUS_TABLE(X)                                                   \
	X(TEND_OK, "ok")                                                       \
	X(TEND_ERR_NOMEM, "out of memory")                                     \
	X(TEND_ERR_IO, "the disk or the system failed to read or write the file; try again, " \
	  "and check the disk if it keeps happening")                           \
	X(TEND_ERR_FULL, "the disk is full; free some space and try again")           \
	X(TEND_ERR_PERM, "tend is not allowed to open the file or its folder; check who owns " \
	  "them and their permissions")                                         \
	X(TEND_ERR_READONLY, "the file or its folder is read-only here, so nothing can be " \
	  "changed; stats, read, export and verify still work")                 \
	X(TEND_ERR_WAL_READONLY, "its -wal file holds recent writes, which can only be read " \
	  "where the folder can be written: copy the database with its -wal file somewhere " \
	  "you can write, and read it there")                                   \
	X(TEND_ERR_PARSE, "the file is not in the expected format")            \
	X(TEND_ERR_INVALID, "invalid value")                                   \
	X(TEND_ERR_NOT_FOUND, "not found")                                     \
	X(TEND_ERR_EXISTS, "already exists")                                   \
	X(TEND_ERR_TOO_LONG, "the text is too long")                           \
	X(TEND_ERR_PASSPHRASE, "wrong passphrase")                             \
	X(TEND_ERR_TAMPERED, "this record was changed or damaged and cannot be opened") \
	X(TEND_ERR_FORGED, "this record claims to be private to its author but was not " \
	  "written with their key: someone else put it in the file")            \
	X(TEND_ERR_CRYPTO, "the encryption library failed")                    \
	X(TEND_ERR_DB, "the database failed")                                  \
	X(TEND_ERR_BUSY, "the database is in use by another tend")             \
	X(TEND_ERR_NOT_TEND, "this file is not a tend database")               \
	X(TEND_ERR_TOO_NEW, "this database was written by a newer tend; it was left untouched") \
	X(TEND_ERR_CORRUPT, "the database is damaged; 'tend verify' says where, and " \
	  "'tend restore FILE' puts a backup back")                                  \
	X(TEND_ERR_KEY_DAMAGED, "a partner's key record in the database is damaged or was changed") \
	X(TEND_ERR_PARTNERS_CHANGED, "the record of the partners in this database was changed: " \
	  "a name, a place or a key is not as it was set up")                   \
	X(TEND_ERR_NOT_SETUP, "nobody is set up here yet: run 'tend' or 'tend init' first") \
	X(TEND_ERR_NOT_BACKUP, "this file is not a tend backup")                \
	X(TEND_ERR_SAME_PASSPHRASE, "each partner needs a passphrase of their own") \
	X(TEND_ERR_DENIED, "not allowed")

enum tend_status {
#define TEND_STATUS_ENUM(name, msg) name,
	TEND_STATUS_TABLE(TEND_STATUS_ENUM)
#undef TEND_STATUS_ENUM
	TEND_STATUS_COUNT
};

/* The message for `st`; a static string, never NULL. */
const char *tend_strerror(enum tend_status st);
/* The status for a failed system call's errno `e`: permissions (EACCES,
 * EPERM), a read-only file system, a full disk, memory, and every other
 * error as an I/O error; 0 is TEND_OK. */
enum tend_status tend_status_errno(int e);

#endif
