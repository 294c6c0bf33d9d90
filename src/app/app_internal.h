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
	int boundary_min;             /* a night starts this long after midnight */
	int rest_window;              /* one rest night per this many nights */
	bool bell, flash;             /* cues when the floor changes hands */
	char data_dir[PATH_MAX];      /* shipped plans and decks ("" unknown) */
	char user_dir[PATH_MAX];      /* $XDG_CONFIG_HOME/tend ("" unknown) */
	bool decks_loaded;
	struct prompt_deck deck;      /* every pillar's prompt cards */
	struct prompt_deck reflections; /* the reflection questions */
};

struct app_reader {
	struct app *app;              /* borrowed */
	int partner;
	struct vault_key *key;        /* owned; guarded memory */
};

/* data.c: finding and reading plans and decks. */
void app_data_locate(struct app *app);
enum tend_status app_decks_load(struct app *app, char *err, size_t errlen);
/* Reads a whole (small) file into malloc'd memory, NUL-terminated. */
enum tend_status app_read_file(const char *path, char **out, size_t *len);

/* data.c: the name to show for a stored plan reference (a name or a path). */
void app_plan_display(const char *ref, char *out, size_t size);

/* Ends a transaction begun with store_begin: commits when `st` is TEND_OK,
 * rolls back otherwise; returns the outcome. */
enum tend_status app_txn_end(struct store *s, enum tend_status st);

/* util: formatting of an error sentence into err (may be NULL). */
void app_errf(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* entries.c: seals `len` bytes of `text` into a new entry in the open
 * transaction; sets *id. A private entry needs its author's key `writer`
 * (see app_write). */
enum tend_status app_entry_add(struct app *app, const struct app_reader *writer,
                               int64_t checkin, int kind, int author, bool shared,
                               tend_night night, int64_t created, int seq,
                               const char *text, size_t len, int64_t *id);

#endif
