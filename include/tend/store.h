/* store.h: the SQLite file. The only module that touches sqlite3; it stores
 * bytes and numbers and knows nothing of keys or text (records arrive
 * already sealed by the vault).
 *
 * The database runs in WAL mode with synchronous=FULL, secure_delete,
 * temp_store=MEMORY, a busy timeout and foreign keys; application_id marks
 * it as tend's and user_version is its schema version, migrated forward on
 * open. A database from a newer tend is refused untouched. */
#ifndef TEND_STORE_H
#define TEND_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tend/night.h"
#include "tend/pillar.h"
#include "tend/status.h"
#include "tend/streak.h"

#define STORE_SCHEMA_VERSION 5
#define STORE_APPLICATION_ID 0x74656e64 /* "tend" */
#define STORE_MAX_CARDS 64              /* >= PLAN_MAX_STEPS (app/checkin.c) */

struct store; /* an open database; opaque */

/* Opens (creating it, mode 0600, when absent) the database at `path`; the
 * folder must exist. Migrates an older schema. TEND_ERR_NOT_TEND for a file
 * that is not tend's, TEND_ERR_TOO_NEW for a newer schema, TEND_ERR_CORRUPT
 * for a damaged file: each refused with nothing created beside it (no -wal,
 * no -shm). TEND_ERR_READONLY when the file or its folder cannot be written
 * (store_open_readonly still reads it), TEND_ERR_PERM when it may not be
 * opened, TEND_ERR_IO when the system failed to read it. */
enum tend_status store_open(const char *path, struct store **out);
/* Opens read-only and never creates or migrates: TEND_ERR_NOT_SETUP when the
 * file is absent or empty, otherwise as store_open. An older schema is read
 * as it is (what it does not have reads as absent). A file that can be
 * written is read under SQLite's locks and its -wal and -shm are tidied
 * away on close, as by any tend; one that cannot (0400, a read-only folder
 * or mount) is read as it lies, creating nothing and changing no byte,
 * unless a -wal beside it holds writes, which SQLite then reads. */
enum tend_status store_open_readonly(const char *path, struct store **out);
/* Opens a database image (a snapshot from store_snapshot) in memory, copying
 * it, and migrates an older schema there; the file it came from is never
 * touched. TEND_ERR_NOT_TEND when it is not tend's, TEND_ERR_TOO_NEW for a
 * newer schema, TEND_ERR_NOT_SETUP for an empty one, TEND_ERR_CORRUPT when
 * SQLite cannot read it. */
enum tend_status store_open_image(const uint8_t *img, size_t len, struct store **out);
/* Closes `s` (NULL is fine), rolling back an unfinished transaction and
 * releasing the session lock. */
void store_close(struct store *s);
/* Gives back the memory the connection can do without for a while (its
 * cached statements, prepared again when next used, and the pages in its
 * cache): for a screen that will not touch the database for minutes. Does
 * nothing inside a transaction. */
void store_release(struct store *s);

/* Takes the interactive-session lock for the life of `s`: one tend screen
 * per database. TEND_ERR_BUSY when another process holds it. Command-line
 * writes do not take it; they wait on SQLite's own locks. */
enum tend_status store_lock_session(struct store *s);
/* Whether some tend's screens hold that lock on this database now (*held;
 * true also when `s` holds it itself), without keeping it: the lock is
 * taken shared and let go at once, and a screen starting in that moment
 * waits for it (store_lock_session). */
enum tend_status store_session_held(struct store *s, bool *held);

/* One transaction (BEGIN IMMEDIATE ... COMMIT). Every write of the app runs
 * inside one. store_commit reports a full disk as TEND_ERR_FULL and rolls
 * back, so nothing half-written remains. */
enum tend_status store_begin(struct store *s);
enum tend_status store_commit(struct store *s);
void store_rollback(struct store *s);
/* One snapshot for several reads (BEGIN ... COMMIT, deferred): what they
 * read belongs together, and the file's locks are taken once, not once a
 * statement. Not inside store_begin's transaction. */
enum tend_status store_read_begin(struct store *s);
void store_read_end(struct store *s);

/* A byte string owned by its holder (malloc). */
struct store_blob {
	uint8_t *data;
	size_t len;
};
void store_blob_clear(struct store_blob *b);

/* The couple: set up once. */
struct store_couple {
	char *name[2];               /* owned; UTF-8; NULL when that partner's row is gone */
	struct store_blob slot[2];   /* owned; the vault's encoded key slots */
	int64_t created;             /* unix seconds */
};
/* TEND_ERR_NOT_SETUP when nobody is set up yet. A partner row that is
 * missing (the file was changed) leaves that partner's name NULL and slot
 * empty: the other partner's are still read. */
enum tend_status store_couple_get(struct store *s, struct store_couple *out);
/* Inserts the couple; TEND_ERR_EXISTS when one is already there. */
enum tend_status store_couple_put(struct store *s, const struct store_couple *c);
/* Replaces one partner's slot (a passphrase change). */
enum tend_status store_slot_put(struct store *s, int partner, const struct store_blob *slot);
/* A partner's recovery slot: *out owned (store_blob_clear), or
 * TEND_ERR_NOT_FOUND when they have none. */
enum tend_status store_recovery_get(struct store *s, int partner, struct store_blob *out);
/* Puts (or replaces) a partner's recovery slot. */
enum tend_status store_recovery_put(struct store *s, int partner, const struct store_blob *slot);
void store_couple_clear(struct store_couple *c);

/* Settings: small integers by name ("boundary_min", "rest_window", "bell",
 * "flash"). get leaves *value alone when the setting is absent. */
enum tend_status store_setting_get(struct store *s, const char *key, int64_t *value);
enum tend_status store_setting_put(struct store *s, const char *key, int64_t value);
/* A number that changes when another connection (another tend: `tend set`
 * in another terminal) commits to the file, and never with this one's own
 * commits (SQLite's data_version): one cheap look that says whether
 * anything read before may be stale. */
enum tend_status store_data_version(struct store *s, int64_t *out);

enum store_checkin_state {
	STORE_CHECKIN_DRAFT = 0, /* in progress, or interrupted */
	STORE_CHECKIN_DONE = 1,  /* saved */
};

/* How a check-in ended. */
enum store_checkin_ended {
	STORE_ENDED_PLAN = 0,    /* its plan ran out (or it has not ended) */
	STORE_ENDED_EARLY = 1,   /* the couple ended it early */
	STORE_ENDED_TIMEOUT = 2, /* a time-out: pauses the streaks */
};

/* A check-in: only metadata, in plaintext (dates, durations, plan, pillars). */
struct store_checkin {
	int64_t id;              /* row id; set by store_checkin_insert */
	tend_night night;
	int64_t started;         /* unix seconds */
	char plan[256];          /* the plan: a name, or the path of a plan file */
	int planned_s;           /* the plan's planned length, and the time
	                          * added to its steps ('+', another go) */
	int ran_s;               /* counted running time */
	int first;               /* partner index who opened */
	pillar_set pillars;      /* pillars ticked */
	bool counted;            /* ran at least two thirds of the plan */
	int state;               /* enum store_checkin_state */
	/* Progress of a draft, enough to carry on after a crash. */
	int step;
	int64_t step_left_ms;
	int64_t step_len_ms;
	int64_t ran_ms;
	unsigned confirmed;
	int phase;               /* the app's phase: timer, reflections, ... */
	int ended;               /* enum store_checkin_ended */
	int64_t topic;           /* parked topic talked through (entry id), 0 */
	/* Prompt cards shown (ids), one per step, 0 for none. */
	uint32_t cards[STORE_MAX_CARDS];
	int ncards;
};
/* Inserts `c` and sets c->id. */
enum tend_status store_checkin_insert(struct store *s, struct store_checkin *c);
/* Rewrites the row c->id. */
enum tend_status store_checkin_update(struct store *s, const struct store_checkin *c);
enum tend_status store_checkin_get(struct store *s, int64_t id, struct store_checkin *out);
/* The newest draft, TEND_ERR_NOT_FOUND when there is none. */
enum tend_status store_checkin_draft(struct store *s, struct store_checkin *out);
/* Deletes a check-in and its entries. */
enum tend_status store_checkin_delete(struct store *s, int64_t id);
/* A saved check-in's place in the history's order: by night, then id. */
struct store_checkin_key {
	tend_night night;
	int64_t id;
};
/* Calls `fn` for up to `limit` saved check-ins on one side of `from`
 * (NULL: from beyond the end): with `older`, those before it, newest
 * first; else those after it, oldest first. Stops when fn returns non-zero.
 * One index range: the cost is the page's, whatever the history's length. */
enum tend_status store_checkin_page(struct store *s, const struct store_checkin_key *from,
                                    bool older, size_t limit,
                                    int (*fn)(const struct store_checkin *c, void *ctx),
                                    void *ctx);
/* How many saved check-ins there are (on nights in range: those the pages
 * hold), counting on from the kept walk's count (store_fold_put). */
enum tend_status store_checkin_saved(struct store *s, size_t *n);
/* Deletes every check-in (saved or draft) of `night` and their entries;
 * *n gets how many check-ins there were (TEND_OK with 0 too). */
enum tend_status store_night_delete(struct store *s, tend_night night, int *n);
/* Calls `fn` for every saved (done) check-in, oldest first, whatever its
 * night (the pages above leave out nights no calendar holds), until it
 * returns non-zero. `fn` may call back into the store. */
enum tend_status store_checkin_all(struct store *s,
                                   int (*fn)(const struct store_checkin *c, void *ctx),
                                   void *ctx);
/* Calls `fn` for each saved (done) check-in, newest first, until it returns
 * non-zero; at most `limit` (0: all). */
enum tend_status store_checkin_each(struct store *s, size_t limit,
                                    int (*fn)(const struct store_checkin *c, void *ctx),
                                    void *ctx);

/* One night's summary for streaks, from the saved check-ins. */
struct store_night {
	tend_night night;
	bool counted;        /* some check-in that night counted */
	pillar_set pillars;  /* union of the ticks of its counted check-ins */
	bool timeout;        /* some check-in that night ended by a time-out */
};
/* How one saved check-in ended. */
struct store_ending {
	bool counted;
	int ended;           /* enum store_checkin_ended */
};
/* How the newest `max` saved check-ins ended, newest first, into out[];
 * *n says how many. */
enum tend_status store_recent_endings(struct store *s, struct store_ending *out, size_t max,
                                      size_t *n);

/* Entries marked done (a parked topic talked through, a plan that
 * happened). */
enum tend_status store_done_put(struct store *s, int64_t entry, tend_night night);
/* Whether entry `entry` is marked done. */
enum tend_status store_done_get(struct store *s, int64_t entry, bool *done);
/* `after` for every night there is. */
#define STORE_ALL_NIGHTS INT64_MIN
/* Every night after `after` with a saved check-in, ascending; *out is owned
 * (free()). */
enum tend_status store_nights(struct store *s, int64_t after, struct store_night **out,
                              size_t *n);
/* Card ids shown on nights >= `since` (saved and draft check-ins), oldest
 * check-in first, zeros (steps without a card) left out; *out is owned
 * (free()). */
enum tend_status store_recent_cards(struct store *s, tend_night since,
                                    uint32_t **out, size_t *n);

/* Rest nights after `after`, ascending; *out is owned (free()). */
enum tend_status store_rest_list(struct store *s, int64_t after, tend_night **out,
                                 size_t *n);

/* The kept walk through the old nights (schema.c, "fold"): the nightly
 * streak's, then each pillar's, all through night `upto`. */
#define STORE_FOLDS (1 + PILLAR_COUNT)
struct store_fold {
	tend_night upto;
	int saved; /* saved check-ins on nights up to upto (store_fold_put counts them) */
	struct streak_fold f[STORE_FOLDS];
};
/* The kept walk, as the file holds it (check it: streak_fold_valid);
 * TEND_ERR_NOT_FOUND when none is kept, when its rows disagree on upto or
 * are not all there, or in a database older than schema 4. */
enum tend_status store_fold_get(struct store *s, struct store_fold *out);
/* Keeps `in` in place of the walk kept before, with how many saved
 * check-ins its nights hold, in a transaction of its own:
 * TEND_ERR_BUSY (and nothing written) inside another one. */
enum tend_status store_fold_put(struct store *s, const struct store_fold *in);
enum tend_status store_rest_add(struct store *s, tend_night night);
enum tend_status store_rest_delete(struct store *s, tend_night night);

/* A sealed record: journal entry, reflection answer or shared note. */
struct store_entry {
	int64_t id;               /* row id; from store_entry_next_id */
	int64_t checkin;          /* the check-in it belongs to, 0 for none */
	int kind;                 /* the app's entry kind */
	int author;               /* partner index */
	int visibility;           /* 0 private, 1 shared */
	tend_night night;
	int64_t created;          /* unix seconds */
	int seq;                  /* order within its check-in */
	struct store_blob ct;     /* nonce, ciphertext and tag */
	struct store_blob seal[2];/* record key sealed to partner i; len 0: none */
};
/* The id the next entry will get; call inside the transaction that inserts
 * it, so the id can be bound into the record's associated data. Ids of
 * deleted entries (and check-ins) are never given out again. */
enum tend_status store_entry_next_id(struct store *s, int64_t *id);
/* Inserts `e` under e->id (> 0, from store_entry_next_id); TEND_ERR_EXISTS
 * when that id is taken, TEND_ERR_INVALID for a check-in that does not exist
 * or an author or visibility other than 0 and 1. */
enum tend_status store_entry_insert(struct store *s, const struct store_entry *e);
/* Deletes one entry; TEND_ERR_NOT_FOUND when absent. */
enum tend_status store_entry_delete(struct store *s, int64_t id);
/* Reads entry `id` into *out (blobs owned: store_entry_clear);
 * TEND_ERR_NOT_FOUND when absent. */
enum tend_status store_entry_get(struct store *s, int64_t id, struct store_entry *out);
void store_entry_clear(struct store_entry *e);

/* Which entries store_entry_each visits. -1 in a field: any. */
struct store_entry_filter {
	int64_t checkin;  /* -1 any, 0 only those outside check-ins, else that one */
	int kind;
	int author;
	int reader;       /* partner index: only entries sealed to them */
};
/* Calls `fn` for each matching entry (`f` NULL: all), oldest first (by id),
 * until it returns non-zero. The entry is borrowed for the call only; its
 * bytes are read-only. `fn` may call back into the store. */
enum tend_status store_entry_each(struct store *s, const struct store_entry_filter *f,
                                  int (*fn)(const struct store_entry *e, void *ctx),
                                  void *ctx);
/* A page of matching entries in id order, for lists that show a screen at a
 * time: with `older`, those with ids below `from`, newest first; without,
 * those above it, oldest first; from 0: from the newest (or the oldest)
 * end. At most `limit` (1..INT32_MAX); `fn` as for store_entry_each. */
enum tend_status store_entry_page(struct store *s, const struct store_entry_filter *f,
                                  int64_t from, bool older, size_t limit,
                                  int (*fn)(const struct store_entry *e, void *ctx),
                                  void *ctx);
/* Counts matching entries. */
enum tend_status store_entry_count(struct store *s, const struct store_entry_filter *f,
                                   size_t *n);

/* keep.c: whole-file work for backups, restores, checks and forgetting. */

/* A consistent copy of the whole database (SQLite's online backup, so a
 * check-in open in another tend does not matter), as the bytes of a
 * database file: *img owned (free(); it holds no text, only what the file
 * holds). */
enum tend_status store_snapshot(struct store *s, uint8_t **img, size_t *len);
/* SQLite's integrity and foreign key checks: TEND_OK, or TEND_ERR_CORRUPT
 * with the first problem SQLite named in `why` (may be NULL). */
enum tend_status store_integrity(struct store *s, char *why, size_t whylen);
/* Replaces everything in `s` with the database `from` (an image opened
 * with store_open_image), in one step of SQLite's backup: other connections
 * see the old database or the new, never a mix. */
enum tend_status store_replace(struct store *s, struct store *from);
/* Writes a copy of the database to `path`, which must not exist (created
 * 0600): TEND_ERR_EXISTS when it does. */
enum tend_status store_copy_to(struct store *s, const char *path);
/* Moves everything from the write-ahead log into the database and empties
 * the log (a truncating checkpoint), so deleted pages, zeroed by
 * secure_delete, leave no old copy behind. TEND_ERR_BUSY when another
 * connection was reading and the log could not be emptied. */
enum tend_status store_scrub(struct store *s);

/* For tests and diagnostics: the integer value of PRAGMA `name` (lowercase
 * letters and '_' only) on this connection. TEND_ERR_INVALID for another
 * name or a pragma that does not answer with an integer. */
enum tend_status store_pragma_int(struct store *s, const char *name, int64_t *value);

#endif
