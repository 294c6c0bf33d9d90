/* app_internal.h: what the files of src/app share and nobody else sees. */
#ifndef TEND_APP_INTERNAL_H
#define TEND_APP_INTERNAL_H

#include <limits.h>

#include "tend/app.h"
#include "tend/store.h"
#include "tend/vault.h"

#define APP_CHECKIN_TEXT (16 * 1024) /* bytes per reflection answer or note */

struct app {
	struct store *store;          /* owned */
	bool setup;                   /* a couple is set up */
	char name[2][APP_MAX_NAME + 1];
	struct vault_slot slot[2];    /* public: keys and their wrapping */
	enum tend_status slot_st[2];  /* TEND_OK, or why slot[i] is unusable */
	struct vault_slot recovery[2]; /* recovery slots, where recovery_st is OK */
	enum tend_status recovery_st[2]; /* TEND_OK, TEND_ERR_NOT_FOUND, or why not */
	bool readonly;                /* opened with app_open_readonly, or a
	                               * file that cannot be written */
	bool session;                 /* holds the one-screen lock */
	int boundary_min;             /* a night starts this long after midnight */
	int rest_window;              /* one rest night per this many nights */
	bool bell, flash;             /* cues when the floor changes hands */
	int ritual_min, date_min;     /* shared time (calendar.c): minutes after midnight */
	int weekly_day, date_day;     /* 0 = Sunday .. 6; date_day may be APP_DATE_NIGHT_OFF */
	char db_path[PATH_MAX];       /* the database, as it was opened */
	bool data_located;            /* data_dir and user_dir are found: at
	                               * first use (app_data_locate), so what
	                               * needs no plan or deck never looks */
	char data_dir[PATH_MAX];      /* shipped plans and decks ("" unknown) */
	char user_dir[PATH_MAX];      /* $XDG_CONFIG_HOME/tend ("" unknown) */
	bool decks_loaded;
	struct prompt_deck deck;      /* every pillar's prompt cards */
	struct prompt_deck reflections; /* the reflection questions */
	bool journal_loaded;          /* tried to load `journal` */
	struct prompt_deck journal;   /* questions a journal entry may start from */
	bool streaks;                 /* streak numbers shown */
	int64_t data_version;         /* the file's, when the settings were read */
};

struct app_reader {
	struct app *app;              /* borrowed */
	int partner;
	struct vault_key *key;        /* owned; guarded memory */
};

/* app.c: says what a key derivation about to start is for (app_set_note),
 * printf-style. */
void app_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* data.c: finding and reading plans and decks. app_data_locate finds the
 * folders once; every function of data.c that reads them calls it first. */
void app_data_locate(struct app *app);
enum tend_status app_decks_load(struct app *app, char *err, size_t errlen);
/* Reads a whole (small) file into malloc'd memory, NUL-terminated. */
enum tend_status app_read_file(const char *path, char **out, size_t *len);
/* The same for a file of at most `max` bytes (TEND_ERR_TOO_LONG beyond);
 * TEND_ERR_NOT_FOUND when absent, TEND_ERR_IO when it is not a file. */
enum tend_status app_read_file_max(const char *path, uint64_t max, char **out, size_t *len);

/* data.c: the name to show for a stored plan reference (a name or a path). */
void app_plan_display(const char *ref, char *out, size_t size);
/* data.c: whether a plan reference names a file (it holds a '/' or ends in
 * ".plan") rather than a plan in the plan folders. */
bool app_plan_is_path(const char *ref);

/* Ends a transaction begun with store_begin: commits when `st` is TEND_OK,
 * rolls back otherwise; returns the outcome. */
enum tend_status app_txn_end(struct store *s, enum tend_status st);

/* app.c: reads the couple, settings and key records from the store. */
enum tend_status app_load_couple(struct app *app);
/* Creates `dir` and any missing parents, each new one 0700. */
enum tend_status app_mkdir_p(const char *dir);

/* passphrase.c: a new recovery code for `key` into `code` (guarded,
 * APP_RECOVERY_TEXT + 1), and its slot for `owner`, encoded into `enc`
 * (*enclen bytes). */
enum tend_status app_recovery_make(const struct vault_key *key, const struct vault_owner *owner,
                                   char *code, uint8_t enc[VAULT_SLOT_BYTES], size_t *enclen);
/* passphrase.c: TEND_ERR_SAME_PASSPHRASE when `pass` opens the key record
 * of the partner who is not `partner` (one key derivation), else TEND_OK. */
enum tend_status app_other_opens(struct app *app, int partner, const char *pass, size_t len);


/* util: formatting of an error sentence into err (may be NULL). */
void app_errf(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* entries.c: app_read_each, opening only the records `want` chooses (it sees each
 * one's sealed row, before anything is opened). */
enum tend_status app_read_select(struct app_reader *r, const struct app_read_filter *f,
                                 bool (*want)(const struct store_entry *e, void *ctx),
                                 void *wctx,
                                 int (*fn)(const struct app_item *it, void *ctx), void *ctx);

/* entries.c: seals `len` bytes of `text` into a new entry in the open
 * transaction; sets *id. A private entry needs its author's key `writer`
 * (see app_write). */
enum tend_status app_entry_add(struct app *app, const struct app_reader *writer,
                               int64_t checkin, int kind, int author, bool shared,
                               tend_night night, int64_t created, int seq,
                               const char *text, size_t len, int64_t *id);

/* app.c: stores one integer setting in its own transaction. */
enum tend_status app_setting_put(struct app *app, const char *key, int64_t v);
/* backup.c: whether `path` names the database of `app` or one of its
 * files (-wal, -shm, -journal), existing or not. */
bool app_is_database_file(const struct app *app, const char *path);
/* calendar.c: reads the shared-time settings into `app` (defaults for
 * those never set or out of range). */
enum tend_status app_calendar_load(struct app *app);

#endif
