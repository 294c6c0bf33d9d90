/* app.h: tend's use cases: set up a couple, run and save a check-in, write
 * and read entries, compute stats. Joins core, vault and store; never draws.
 *
 * Writing needs no passphrase (records are sealed to public keys); reading
 * needs an app_reader, made by app_unlock with the reader's passphrase. */
#ifndef TEND_APP_H
#define TEND_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "tend/night.h"
#include "tend/pillar.h"
#include "tend/plan.h"
#include "tend/prompt.h"
#include "tend/status.h"
#include "tend/streak.h"
#include "tend/textbuf.h"
#include "tend/turn.h"

#define APP_MAX_NAME       64    /* bytes of UTF-8 in a partner's name */
#define APP_MAX_PASS       1024  /* bytes in a passphrase */
#define APP_MAX_ENTRY      (64 * 1024) /* bytes in one written text */
#define APP_CALENDAR_NIGHTS 56   /* the home calendar: 8 weeks */
#define APP_QUESTIONS      2     /* reflection questions a partner answers */
#define APP_IDLE_LOCK_S    300   /* an unlocked reader locks after this */
#define APP_SAVE_EVERY_MS  30000 /* typing is saved at least this often */

enum app_kdf { APP_KDF_INTERACTIVE, APP_KDF_MODERATE, APP_KDF_SENSITIVE };

enum app_entry_kind {
	APP_ENTRY_JOURNAL = 1,    /* a private (or shared) journal entry */
	APP_ENTRY_REFLECTION = 2, /* an answer to a reflection question */
	APP_ENTRY_NOTE = 3,       /* the couple's note after a check-in */
};

struct app; /* an open tend: database, couple, plans and decks. Opaque. */
struct app_reader; /* one partner's unlocked key (app_unlock). Opaque. */

/* Where the database lives when neither --db nor TEND_DB says: written into
 * buf ($XDG_DATA_HOME/tend/tend.db or ~/.local/share/tend/tend.db). */
enum tend_status app_default_db(char *buf, size_t size);

/* Opens (creating folder 0700 and file 0600) the database at `db_path`.
 * `interactive` takes the one-screen-per-database lock. On failure writes a
 * sentence for people into err. */
enum tend_status app_open(const char *db_path, bool interactive, struct app **out,
                          char *err, size_t errlen);
void app_close(struct app *app);

bool app_is_setup(const struct app *app);
/* Partner 0 or 1's name (borrowed), "" before setup; "Partner 1" or
 * "Partner 2" when that partner's row is gone from the file. */
const char *app_name(const struct app *app, int partner);
/* Whether partner 0 or 1's key record can be used: TEND_OK, or why not
 * (TEND_ERR_KEY_DAMAGED: changed, cut short or gone; TEND_ERR_TOO_NEW).
 * Each partner's record is read on its own: damage to one leaves the other
 * partner unlocking, reading and writing privately as before; anything
 * sealed to the damaged one (a shared entry, their own) is refused. */
enum tend_status app_partner_key(const struct app *app, int partner);
/* The one sentence that says why partner's key record cannot be used,
 * naming them, and whether the other's is fine, without a full stop:
 * "Zoë's key record in this database is damaged or was changed (Łukasz's
 * is not affected)". Empty when it can be used. */
void app_key_problem(const struct app *app, int partner, char *buf, size_t size);
/* The partner whose name is `name` (exact, then case-insensitive), or -1. */
int app_partner_by_name(const struct app *app, const char *name);
/* Parses "interactive" / "moderate" / "sensitive"; -1 otherwise. */
int app_kdf_parse(const char *s);

/* Sets the couple up: two names (any UTF-8, 1..APP_MAX_NAME bytes, not the
 * same) and a passphrase for each (at least 1 byte). Slow: derives two keys. */
enum tend_status app_setup(struct app *app, const char *const name[2],
                           const char *const pass[2], const size_t passlen[2],
                           enum app_kdf kdf, time_t now);

/* Settings the couple can change. */
bool app_bell(const struct app *app);
bool app_flash(const struct app *app);
enum tend_status app_set_bell(struct app *app, bool on);
enum tend_status app_set_flash(struct app *app, bool on);
/* One rest night is allowed in any this many consecutive nights. */
int app_rest_window(const struct app *app);
/* Changes that window (1..365 nights). */
enum tend_status app_set_rest_window(struct app *app, int nights);
/* The day boundary: a night starts `minutes` after local midnight (0..1439). */
enum tend_status app_set_boundary(struct app *app, int minutes);

/* What the home screen shows. */
enum app_day {
	APP_DAY_EMPTY,   /* nothing saved */
	APP_DAY_DONE,    /* a counted check-in */
	APP_DAY_SHORT,   /* a check-in that ran too short to count */
	APP_DAY_REST,    /* a rest night */
	APP_DAY_TONIGHT, /* tonight, nothing yet */
};
struct app_stats {
	tend_night tonight;
	bool tonight_done;         /* a counted check-in tonight */
	bool tonight_rest;         /* tonight is a rest night */
	bool rest_allowed;         /* tonight may become a rest night */
	int first_tonight;         /* partner index who opens tonight's check-in */
	int nights_total;          /* counted nights ever */
	struct streak_run nightly;
	struct streak_run pillar[PILLAR_COUNT];
	enum app_day calendar[APP_CALENDAR_NIGHTS]; /* oldest first; last is tonight */
};
enum tend_status app_stats(struct app *app, time_t now, struct app_stats *out);

/* Marks tonight as a rest night: TEND_ERR_DENIED when another rest night is
 * too near (the reason in err), TEND_ERR_EXISTS when it already is one or
 * tonight is done. app_rest_undo takes it back. */
enum tend_status app_rest_tonight(struct app *app, time_t now, char *err, size_t errlen);
enum tend_status app_rest_undo(struct app *app, time_t now);

/* Loads plan `name` (a name from the plan folders, or a path to a .plan
 * file; NULL: "nightly"). On failure err says the file, line and reason. */
enum tend_status app_plan_load(struct app *app, const char *name, struct plan **out,
                               char *err, size_t errlen);
/* Calls fn for each plan name available, the couple's and the shipped
 * ones, in alphabetical order (a name in both only once). */
void app_plan_each(struct app *app, void (*fn)(const char *name, void *ctx), void *ctx);

/* Phases of a check-in after the timer. */
enum app_phase {
	APP_PHASE_TIMER,
	APP_PHASE_REFLECT, /* the opener answers the reflection questions */
	APP_PHASE_REFLECT_SECOND, /* then the other partner */
	APP_PHASE_NOTE,    /* the shared note */
	APP_PHASE_PILLARS, /* ticking the pillars practised */
};

/* A check-in in progress. The UI drives `turn` with the turn_*() calls and
 * edits the text buffers; the app saves it (sealed) on each
 * app_checkin_save(). Text lives in guarded memory, wiped on free. */
struct app_checkin {
	struct app *app;           /* borrowed */
	struct plan *plan;         /* owned */
	struct turn turn;          /* the timer; `turn.plan` is `plan` */
	int first;                 /* partner index who opens (is A) */
	tend_night night;
	int64_t id;                /* the draft's row */
	int64_t started;           /* unix seconds */
	enum app_phase phase;
	const struct prompt_card *card[PLAN_MAX_STEPS]; /* per step; may be NULL */
	int step_pillar[PLAN_MAX_STEPS];                /* pillar each step served */
	const struct prompt_card *question[APP_QUESTIONS]; /* reflections; may be NULL */
	struct textbuf answer[2][APP_QUESTIONS];        /* [partner][question] */
	bool answer_shared[2][APP_QUESTIONS];           /* default false: only me */
	struct textbuf note;       /* the shared note */
	pillar_set pillars;        /* ticked; pre-ticked from the steps */
	bool resumed;              /* carried on from an interrupted check-in */
	int64_t saved_ms;          /* monotonic ms of the last save */
};

/* Starts tonight's check-in with plan `plan_name` (NULL: the default),
 * choosing cards and questions, and saves it as a draft. */
enum tend_status app_checkin_begin(struct app *app, const char *plan_name, time_t now,
                                   int64_t mono_ms, struct app_checkin **out,
                                   char *err, size_t errlen);
/* What an interrupted check-in holds, for the "finish or discard" question. */
struct app_draft_info {
	tend_night night;
	char plan[64];
	int step;                 /* step it stopped in */
	int nsteps;
	int64_t ran_ms;
	enum app_phase phase;
	size_t texts;             /* sealed texts typed so far */
};
/* TEND_ERR_NOT_FOUND when there is no interrupted check-in. */
enum tend_status app_draft_info(struct app *app, struct app_draft_info *out);
/* Carries on with the interrupted check-in: the timer restored paused where
 * it stopped. Text typed so far needs the writers' passphrases to come back,
 * so it is kept sealed and saved with the rest: the buffers start empty and
 * what is typed now is added to it. */
enum tend_status app_checkin_resume(struct app *app, time_t now, int64_t mono_ms,
                                    struct app_checkin **out, char *err, size_t errlen);
enum tend_status app_draft_discard(struct app *app);
/* The partner writing their reflections now, unlocked (borrowed until the
 * next call; NULL when nobody is). A private answer is sealed only with its
 * author's key, so each partner unlocks for their stretch; a text that has
 * not changed since it was sealed is left as it is, so the other partner's
 * key is not needed again. */
void app_checkin_writer(struct app_checkin *c, const struct app_reader *writer);
/* Saves progress and the text typed so far (sealed), in one transaction.
 * TEND_ERR_DENIED when a private answer changed and its author is not the
 * writer. */
enum tend_status app_checkin_save(struct app_checkin *c, int64_t mono_ms);
/* Saves the check-in for good: counted when two thirds of the plan ran. */
enum tend_status app_checkin_finish(struct app_checkin *c, int64_t mono_ms);
/* Frees the check-in (not the saved rows), wiping its text. */
void app_checkin_free(struct app_checkin *c);

/* Writes a journal entry by `author`. A shared one needs no passphrase
 * (`writer` may be NULL). A private one is sealed only with the author's
 * unlocked key `writer`, and so proves who wrote it: TEND_ERR_DENIED
 * without it, or with the other partner's. */
enum tend_status app_write(struct app *app, const struct app_reader *writer, int author,
                           bool shared, const char *text, size_t len, time_t now);
/* TEND_ERR_PASSPHRASE on a wrong passphrase, changing nothing. */
enum tend_status app_unlock(struct app *app, int partner, const char *pass,
                            size_t passlen, struct app_reader **out);
int app_reader_partner(const struct app_reader *r);
/* Changes `partner`'s passphrase from `old` to `new`: the same key, wrapped
 * anew (with a fresh salt, at the same cost). TEND_ERR_PASSPHRASE when `old`
 * is wrong, and then nothing changes. Everything written stays readable. */
enum tend_status app_change_passphrase(struct app *app, int partner,
                                       const char *old, size_t oldlen,
                                       const char *new, size_t newlen);
/* Wipes the key. */
void app_reader_free(struct app_reader *r);

/* A record as a reader sees it, borrowed for one callback. */
struct app_item {
	int64_t id;
	int kind;              /* enum app_entry_kind */
	int author;            /* partner index */
	bool shared;
	tend_night night;
	int64_t created;       /* unix seconds */
	int64_t checkin;       /* 0 for journal entries */
	enum tend_status status; /* TEND_OK, or TEND_ERR_TAMPERED: text NULL */
	const char *question;  /* reflections: the question (NULL otherwise) */
	const char *text;      /* guarded memory, valid during the call */
	size_t len;
};
/* Which records app_read_each visits. */
struct app_read_filter {
	int64_t checkin;  /* -1 any, 0 journal only, else that check-in */
	int kind;         /* -1 any */
	int author;       /* -1 any */
};
/* Calls fn, oldest first, for each record the reader may open, decrypted,
 * until fn returns non-zero. A damaged record comes with status
 * TEND_ERR_TAMPERED and the others still open. */
enum tend_status app_read_each(struct app_reader *r, const struct app_read_filter *f,
                               int (*fn)(const struct app_item *it, void *ctx), void *ctx);

/* A saved check-in in the history: metadata only, no passphrase needed. */
struct app_history_item {
	int64_t id;
	tend_night night;
	int64_t started;
	char plan[64];
	int planned_s;
	int ran_s;
	bool counted;
	int first;
	pillar_set pillars;
};
/* Saved check-ins, newest first, until fn returns non-zero. */
enum tend_status app_history_each(struct app *app,
                                  int (*fn)(const struct app_history_item *h, void *ctx),
                                  void *ctx);

/* Guarded memory for text and passphrases held by the UI (wiped on free). */
void *app_secure_alloc(size_t n);
void app_secure_free(void *p);
/* The monotonic clock in milliseconds (CLOCK_MONOTONIC). */
int64_t app_mono_ms(void);
/* The same clock in microseconds. */
int64_t app_mono_us(void);

#endif
