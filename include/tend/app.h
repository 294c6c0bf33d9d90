/* app.h: tend's use cases: set up a couple, run and save a check-in, write
 * and read entries, compute stats; recovery codes, backups, exports,
 * checks and forgetting. Joins core, vault and store; never draws.
 *
 * Shared writing needs no passphrase (records are sealed to public keys);
 * private writing and reading need an app_reader, made by app_unlock with
 * the partner's passphrase (or, once, by app_recover with their code). */
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
#define APP_RECOVERY_TEXT  34    /* a recovery code as shown: 7 groups of 4 */
#define APP_RECOVERY_GROUPS 7

enum app_kdf { APP_KDF_INTERACTIVE, APP_KDF_MODERATE, APP_KDF_SENSITIVE };

enum app_entry_kind {
	APP_ENTRY_JOURNAL = 1,    /* a private (or shared) journal entry */
	APP_ENTRY_REFLECTION = 2, /* an answer to a reflection question */
	APP_ENTRY_NOTE = 3,       /* the couple's note after a check-in */
	APP_ENTRY_TOPIC = 4,      /* a topic parked for the weekly talk (shared) */
	APP_ENTRY_AGREEMENT = 5,  /* a small trial agreement (shared) */
	APP_ENTRY_TOGETHER = 6,   /* one small thing to enjoy together (shared) */
};
#define APP_ENTRY_KIND_MAX APP_ENTRY_TOGETHER
/* "journal entry", "reflection", "note", "parked topic", "agreement",
 * "next together"; "record" for anything else. */
const char *app_entry_kind_name(int kind);

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
/* Opens an existing database for reading only: nothing in the file is
 * created, migrated or changed (TEND_ERR_NOT_SETUP when it is absent). */
enum tend_status app_open_readonly(const char *db_path, struct app **out, char *err,
                                   size_t errlen);
void app_close(struct app *app);
/* Once per process, when private text may reach the swap disk (locking
 * memory failed, or its limit is near: see vault_memlock): a sentence for
 * the couple saying so and how to raise the limit, into buf (200 bytes
 * hold it); true then. False otherwise and ever after. */
bool app_memlock_notice(char *buf, size_t size);

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
/* The partner whose name is `name`: the very bytes first, then the same
 * name in NFC with Unicode case folding (name_same: "zoë" typed in NFD
 * finds "Zoë", also as an older tend stored it), or -1. */
int app_partner_by_name(const struct app *app, const char *name);
/* Why `name` (as typed) cannot be a partner's name, in words that follow
 * "the first name" or "that name" ("has an invisible character in it
 * (U+200B), ..."): TEND_ERR_INVALID, or TEND_OK (err "") when it can.
 * White space at its ends does not count: it is taken off. */
enum tend_status app_name_check(const char *name, char *err, size_t errlen);
/* Why name[0] and name[1] cannot be a couple's names, as a phrase ("the
 * second name has ...", "those two names would look the same: ..."):
 * TEND_ERR_INVALID, or TEND_OK when they can (name.h says when two names
 * are the same and when they would look the same). */
enum tend_status app_names_check(const char *const name[2], char *err, size_t errlen);
/* The form tend keeps `name` in (white space off its ends, NFC) into `out`;
 * TEND_ERR_INVALID (out "") when app_name_check refuses it. */
enum tend_status app_name_clean(const char *name, char out[APP_MAX_NAME + 1]);
/* Parses "interactive" / "moderate" / "sensitive"; -1 otherwise. */
int app_kdf_parse(const char *s);

/* Sets the couple up: two names (app_names_check; kept as app_name_clean
 * makes them) and a passphrase for each (at least 1 byte; TEND_ERR_SAME_PASSPHRASE
 * when both are the same). A partner i with code[i] non-NULL also gets a
 * recovery code, written there (APP_RECOVERY_TEXT + 1 bytes of guarded
 * memory from app_secure_alloc): show it once. Slow: derives two keys (four
 * with codes). */
enum tend_status app_setup(struct app *app, const char *const name[2],
                           const char *const pass[2], const size_t passlen[2],
                           enum app_kdf kdf, char *const code[2], time_t now);

/* What tend thinks of a passphrase before it is taken. */
struct app_pass_verdict {
	bool weak;            /* easy to guess: say so, and let them insist */
	char estimate[200];   /* "about 8 thousand guesses: someone with a copy of
	                       * the file could try them all in about 2 minutes" */
	const char *hint;     /* what would help (static); "" when not weak */
};
/* Judges `pass` (NUL-terminated) for partners called name[0] and name[1]
 * (names are what an attacker tries first) at key derivation `kdf`. */
void app_pass_judge(const char *const name[2], const char *pass, enum app_kdf kdf,
                    struct app_pass_verdict *out);
/* The key derivation level of `partner`'s key record (for app_pass_judge
 * when a passphrase changes). */
enum app_kdf app_partner_kdf(const struct app *app, int partner);

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
int app_boundary(const struct app *app);
enum tend_status app_set_boundary(struct app *app, int minutes);
/* Whether streak numbers are shown anywhere (tend set streaks on|off). */
bool app_streaks(const struct app *app);
enum tend_status app_set_streaks(struct app *app, bool on);
/* Reads every setting again when another tend (`tend set` in another
 * terminal) changed the file since they were read; otherwise costs one
 * cheap look at the file's data version. */
enum tend_status app_settings_refresh(struct app *app);

/* What the home screen shows. */
enum app_day {
	APP_DAY_EMPTY,   /* nothing saved */
	APP_DAY_DONE,    /* a counted check-in */
	APP_DAY_SHORT,   /* a check-in that ran too short to count */
	APP_DAY_REST,    /* a rest night */
	APP_DAY_TONIGHT, /* tonight, nothing yet */
	APP_DAY_TIMEOUT, /* a check-in ended by a time-out: a pause */
};
#define APP_TOGETHER_WINDOW 14 /* "nights together in the last 14" */
#define APP_STALL_OF 7         /* the stall notice looks at this many check-ins... */
#define APP_STALL_AT 3         /* ...and shows when this many stalled (a time-out,
                                * or ended too early to count) */
#define APP_STALL_QUIET 14     /* at most once in this many nights */
struct app_stats {
	tend_night tonight;
	bool tonight_done;         /* a counted check-in tonight */
	bool tonight_rest;         /* tonight is a rest night */
	bool rest_allowed;         /* tonight may become a rest night */
	int first_tonight;         /* partner index who opens tonight's check-in */
	int nights_total;          /* counted nights ever */
	int together;              /* counted nights in the last APP_TOGETHER_WINDOW,
	                            * tonight included */
	tend_night rest_next;      /* when !rest_allowed: the first night a rest
	                            * night is possible again (0: not known) */
	bool tonight_timeout;      /* tonight ended by a time-out */
	bool early;                /* early in tonight, from the day boundary until
	                            * noon (or the ritual time, when that comes
	                            * first): last night is what just happened */
	bool stall;                /* the "when to get help" notice is due */
	struct streak_run nightly;
	struct streak_run pillar[PILLAR_COUNT];
	enum app_day calendar[APP_CALENDAR_NIGHTS]; /* oldest first; last is tonight */
};
enum tend_status app_stats(struct app *app, time_t now, struct app_stats *out);

/* Tonight as a status line says it (tend status), in the order home does. */
enum app_tonight_state {
	APP_TONIGHT_NOT_YET,     /* nothing saved or begun tonight */
	APP_TONIGHT_UNDER_WAY,   /* a check-in begun and not saved, while tend's
	                          * screens are open on the database */
	APP_TONIGHT_INTERRUPTED, /* tonight's check-in was left unsaved, with no
	                          * screen open: it can be finished */
	APP_TONIGHT_DONE,        /* a counted check-in */
	APP_TONIGHT_REST,        /* a rest night */
	APP_TONIGHT_TIMEOUT,     /* ended by a time-out: the streaks pause */
	APP_TONIGHT_SHORT,       /* a check-in too short to count, kept */
	APP_TONIGHT_LAST_NIGHT,  /* nothing yet tonight, but early in the day
	                          * after last night's counted check-in (as
	                          * app_stats' `early`): home says it is saved */
};
/* The part of app_stats a status line shows, the same numbers. */
struct app_tonight {
	tend_night tonight;
	enum app_tonight_state state;
	int first;               /* who opens tonight's check-in */
	int together;            /* counted nights in the last APP_TOGETHER_WINDOW */
	int nights_total;        /* counted nights ever */
	struct streak_run nightly;
};
/* Reads only that: the nightly streak's walk (not the pillars'), tonight's
 * nights and the newest unsaved check-in, and whether a screen holds the
 * session lock (store_session_held); no plans, no decks, nothing private.
 * Writes nothing, so it runs on an app opened read-only, as on every shell
 * prompt. */
enum tend_status app_tonight(struct app *app, time_t now, struct app_tonight *out);
/* The stall notice was shown tonight: not again for APP_STALL_QUIET nights. */
enum tend_status app_stall_shown(struct app *app, time_t now);

/* Marks tonight as a rest night: TEND_ERR_DENIED when another rest night is
 * too near (the reason in err), TEND_ERR_EXISTS when it already is one or
 * tonight is done. app_rest_undo takes it back. */
enum tend_status app_rest_tonight(struct app *app, time_t now, char *err, size_t errlen);
/* The same answer as app_rest_tonight without taking it: TEND_OK when
 * tonight may become a rest night, else why not (in err). */
enum tend_status app_rest_check(struct app *app, time_t now, char *err, size_t errlen);
enum tend_status app_rest_undo(struct app *app, time_t now);

/* Loads plan `name` (a name from the plan folders, or a path to a .plan
 * file; NULL: "nightly"). On failure err says the file, line and reason. */
enum tend_status app_plan_load(struct app *app, const char *name, struct plan **out,
                               char *err, size_t errlen);
/* Calls fn for each plan name available, the couple's and the shipped
 * ones, in alphabetical order (a name in both only once). */
void app_plan_each(struct app *app, void (*fn)(const char *name, void *ctx), void *ctx);

/* A plan as the chooser lists it. */
struct app_plan_info {
	char name[64];
	char title[PLAN_MAX_TITLE + 1];
	char about[PLAN_MAX_INSTRUCTION + 1];
	int total_seconds;
	bool is_default;  /* tonight's default */
	bool ok;          /* it loads; else `about` says why not */
};
/* The plans there are, tonight's default first (the weekly talk on the
 * weekly-day night, else the nightly check-in), then by name; at most
 * `max`. Returns how many. */
size_t app_plans(struct app *app, time_t now, struct app_plan_info *out, size_t max);

/* A question to start a journal entry from, for `now` (NULL: none). */
const char *app_journal_question(struct app *app, time_t now);

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
	/* Each partner's own reflection questions; may be NULL. */
	const struct prompt_card *question[2][APP_QUESTIONS]; /* [partner][q] */
	struct textbuf answer[2][APP_QUESTIONS];        /* [partner][question] */
	bool answer_shared[2][APP_QUESTIONS];           /* default false: only me */
	struct textbuf note;       /* the shared note */
	struct textbuf agreement;  /* a solve step's trial agreement (shared) */
	struct textbuf together;   /* one small thing to enjoy soon (shared) */
	pillar_set pillars;        /* ticked by the couple; none at first */
	int ended;                 /* enum store_checkin_ended as the app says */
	int64_t topic;             /* the parked topic talked through, or 0 */
	size_t parked;             /* topics parked during this check-in */
	bool resumed;              /* carried on from an interrupted check-in */
	int64_t saved_ms;          /* monotonic ms of the last save */
};

/* How a check-in ended (kept with it, in plaintext). */
enum app_ended { APP_ENDED_PLAN, APP_ENDED_EARLY, APP_ENDED_TIMEOUT };

/* Starts tonight's check-in with plan `plan_name` (NULL: the default),
 * choosing cards and questions, and saves it as a draft. `topic` is the
 * parked topic chosen for it (an entry id from app_topics_each), or 0. */
enum tend_status app_checkin_begin(struct app *app, const char *plan_name, int64_t topic,
                                   time_t now, int64_t mono_ms, struct app_checkin **out,
                                   char *err, size_t errlen);
/* Whether a plan has steps that talk a parked topic through (card=topic). */
bool app_plan_wants_topic(const struct plan *plan);
/* Parks a topic during the check-in: `len` bytes of one line, sealed to
 * both at once (no passphrase needed). */
enum tend_status app_checkin_park(struct app_checkin *c, const char *text, size_t len,
                                  time_t now);
/* A time-out: ends the check-in here, and the night pauses every streak
 * like a rest night (without using the rest allowance). */
void app_checkin_timeout(struct app_checkin *c, int64_t mono_ms);
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
 * it stopped. Text typed so far needs a passphrase to come back, so the
 * buffers start empty and what is sealed stays as it is until reopened:
 * each partner's answers with app_checkin_reopen_answers once they unlock,
 * the couple's texts with app_checkin_reopen_note. */
enum tend_status app_checkin_resume(struct app *app, time_t now, int64_t mono_ms,
                                    struct app_checkin **out, char *err, size_t errlen);
/* Brings back into their boxes what the reader `r` wrote in this check-in
 * before it was interrupted: their own answers, each shared as it was;
 * never the other partner's, not even one shared with them. Each is then
 * edited where it stands: the next save seals it in place of the old one,
 * in one transaction, so every question keeps one answer. Two answers to
 * one question (an earlier tend added a second after an interruption) are
 * joined in one box, private unless both were shared. A text that does not
 * open, or would not fit, is left as it is and counted in *aside (may be
 * NULL). Texts already in their boxes are not brought back twice. */
enum tend_status app_checkin_reopen_answers(struct app_checkin *c, struct app_reader *r,
                                            size_t *aside);
/* The same for the couple's texts (the note, an agreement, "next
 * together"), which either partner's key opens. */
enum tend_status app_checkin_reopen_note(struct app_checkin *c, struct app_reader *r,
                                         size_t *aside);
/* Whether a resumed check-in holds texts of the couple's that are not in
 * their boxes yet (until app_checkin_reopen_note). */
bool app_checkin_note_waits(const struct app_checkin *c);
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
/* Saves the check-in for good: counted when two thirds of the plan ran; a
 * parked topic it talked through is marked done. */
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
 * is wrong, TEND_ERR_SAME_PASSPHRASE when `new` opens the other partner's
 * key (each needs their own), and then nothing changes. Everything written
 * stays readable; a recovery code keeps working. */
enum tend_status app_change_passphrase(struct app *app, int partner,
                                       const char *old, size_t oldlen,
                                       const char *new, size_t newlen);
/* Wipes the key. */
void app_reader_free(struct app_reader *r);

/* Recovery codes: a second way into a partner's key, for a forgotten
 * passphrase. A code is shown once, as APP_RECOVERY_GROUPS groups of 4. */
/* Whether `partner` has a recovery code: TEND_OK, TEND_ERR_NOT_FOUND (none),
 * TEND_ERR_KEY_DAMAGED (its record was changed or damaged, or is not for
 * their key), TEND_ERR_TOO_NEW. */
enum tend_status app_recovery_state(const struct app *app, int partner);
/* Makes a new recovery code for the unlocked reader, written into `code`
 * (APP_RECOVERY_TEXT + 1 bytes, guarded memory); the old one, if any, no
 * longer opens anything once this returns TEND_OK. */
enum tend_status app_recovery_new(struct app_reader *r, char *code);
/* Sets a new passphrase for `partner` with their recovery code `code`, as
 * they typed it (case, spaces and dashes do not matter). TEND_ERR_INVALID:
 * not a recovery code at all; TEND_ERR_PARSE: a typo (its check fails);
 * TEND_ERR_NOT_FOUND: they have no recovery code; TEND_ERR_PASSPHRASE: not
 * their code; TEND_ERR_SAME_PASSPHRASE: `pass` opens the other's key;
 * TEND_ERR_PARTNERS_CHANGED: their record was changed. Nothing changes on
 * failure. Works when their key record is damaged too: the code makes a new
 * one. The code keeps working afterwards. */
enum tend_status app_recover(struct app *app, int partner, const char *code, size_t codelen,
                             const char *pass, size_t passlen);
/* Whether `code` is `partner`'s recovery code, before a new passphrase is
 * asked for: TEND_OK, or app_recover's failures for the code. */
enum tend_status app_recovery_check(struct app *app, int partner, const char *code,
                                    size_t codelen);
/* Whether `typed` is group `group` (0-based) of `code`, read as codes are. */
bool app_recovery_group_is(const char *code, int group, const char *typed, size_t len);
/* A uniformly random number below `upper` (which groups to ask back). */
unsigned app_random_below(unsigned upper);

/* A record as a reader sees it, borrowed for one callback. */
struct app_item {
	int64_t id;
	int kind;              /* enum app_entry_kind */
	int author;            /* partner index */
	bool shared;
	tend_night night;
	int64_t created;       /* unix seconds */
	int64_t checkin;       /* 0 for journal entries */
	int seq;               /* its place within its check-in */
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
/* A page of those records, for a list that shows a screen at a time: with
 * `older`, the records before id `from` (0: from the newest), newest
 * first; without, those after it (0: from the oldest), oldest first. At
 * most `max` (1..16384) are read and opened, whatever the file holds. */
enum tend_status app_read_page(struct app_reader *r, const struct app_read_filter *f,
                               int64_t from, bool older, size_t max,
                               int (*fn)(const struct app_item *it, void *ctx), void *ctx);

/* Parked topics and "next together" plans. */
struct app_topic {
	int64_t id;
	tend_night night;      /* when it was parked or written */
	bool done;
	const char *text;      /* guarded memory, valid during the call */
	size_t len;
};
/* Calls fn, oldest first, for each open (not done) record of `kind`
 * (APP_ENTRY_TOPIC or APP_ENTRY_TOGETHER) the reader can open, until fn
 * returns non-zero. With `all`, the done ones too. */
enum tend_status app_topics_each(struct app_reader *r, int kind, bool all,
                                 int (*fn)(const struct app_topic *t, void *ctx), void *ctx);
/* How many open records of `kind` there are (metadata: no passphrase). */
enum tend_status app_topics_open(struct app *app, int kind, size_t *n);
/* Marks a topic talked through, or a "next together" done. */
enum tend_status app_topic_done(struct app *app, int64_t id, time_t now);

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
	enum app_ended ended;
	size_t parked;         /* topics parked in it */
};
/* One page of the history, next to `from` (a check-in of an earlier page;
 * NULL: from the newest, or with !older from the oldest): with `older`,
 * up to `max` check-ins before it, newest first; else after it, oldest
 * first. *n gets how many. Costs the page, whatever the history's length. */
enum tend_status app_history_page(struct app *app, const struct app_history_item *from,
                                  bool older, struct app_history_item *out, size_t max,
                                  size_t *n);
/* How many check-ins are saved. */
enum tend_status app_history_count(struct app *app, size_t *n);

/* Writes all `len` bytes to `fd`, retrying short and interrupted writes;
 * TEND_OK, or why not. The screens, plain mode and the commands write
 * through it too. */
enum tend_status app_write_all(int fd, const void *buf, size_t len);

/* ---- keeping: backups, restores, exports, checks, forgetting ---------- */

/* A file written whole or not at all: created unnamed (O_TMPFILE, or a
 * hidden name removed on failure) in the folder of `path`, mode 0600, and
 * put in place by app_file_commit (replacing what was there). */
struct app_file {
	int fd;                /* write here */
	char path[4096];       /* where it goes */
	char tmp[4096];        /* its hidden name while written, "" when unnamed */
};
enum tend_status app_file_create(struct app_file *f, const char *path);
/* Flushes it to disk and puts it in place; closes fd either way. */
enum tend_status app_file_commit(struct app_file *f);
/* Throws it away (after a failure); safe after commit. */
void app_file_abort(struct app_file *f);

/* Writes a backup of the whole database to `path`: a consistent snapshot
 * (correct while a check-in is open in the screens), encrypted to both
 * partners, no passphrase needed. *readers says whose key opens it (a
 * partner whose key record is damaged is left out). Refuses `path` when it
 * is the database or one of its files, or an existing file that is not a
 * tend backup (TEND_ERR_EXISTS); the reason is in err. */
enum tend_status app_backup(struct app *app, const char *path, unsigned *readers,
                            char *err, size_t errlen);

/* A backup being restored: read and checked before anything is touched. */
struct app_restore;
/* What an opened backup holds. */
struct app_restore_summary {
	char name[2][APP_MAX_NAME + 1];
	int opened_by;            /* whose passphrase opened it */
	size_t checkins;          /* saved check-ins */
	size_t entries;           /* sealed texts */
	tend_night first, last;   /* nights of the first and last check-in */
};
/* Reads backup `file`: TEND_ERR_NOT_BACKUP, TEND_ERR_TOO_NEW or
 * TEND_ERR_CORRUPT with a sentence in err. */
enum tend_status app_restore_open(const char *file, struct app_restore **out, char *err,
                                  size_t errlen);
/* Opens it with either partner's passphrase (tried on each slot in it),
 * then checks the snapshot: SQLite's integrity check, that it is tend's,
 * and that the key record inside is the one that opened it.
 * TEND_ERR_PASSPHRASE for a passphrase of neither. */
enum tend_status app_restore_unlock(struct app_restore *r, const char *pass, size_t len,
                                    char *err, size_t errlen);
const struct app_restore_summary *app_restore_summary(const struct app_restore *r);
/* Puts the unlocked backup in place at `db_path`. A database already there
 * is replaced only when `replace`, and is first copied to `kept` (its path
 * with ".before-restore-YYYYMMDD-HHMMSS", of `now`), given back in kept;
 * otherwise TEND_ERR_EXISTS (see app_restore_target; a database that holds
 * nothing is taken as no database). TEND_ERR_BUSY while tend's screens are
 * open on it. */
enum tend_status app_restore_apply(struct app_restore *r, const char *db_path, bool replace,
                                   time_t now, char *kept, size_t keptlen, char *err,
                                   size_t errlen);
void app_restore_free(struct app_restore *r);
/* Whether a restore may go to `db_path`, said before any passphrase is
 * asked for: TEND_OK when nothing is there, or a database that holds
 * nothing (nobody set up, nothing written), or `replace`; otherwise
 * TEND_ERR_EXISTS (or why the file there is not tend's), said in err. */
enum tend_status app_restore_target(const char *db_path, bool replace, char *err,
                                    size_t errlen);

/* The export formats; the JSON one is versioned (README: "Export"). */
enum app_export_format { APP_EXPORT_MARKDOWN, APP_EXPORT_JSON };
/* Writes everything the reader may read, decrypted, to `fd`: check-ins
 * (night, plan, length, pillars) with their notes and reflections (and the
 * questions), and the journal. Records that do not open are listed as such
 * and counted in *unreadable. `now` stamps the export. */
enum tend_status app_export(struct app_reader *r, enum app_export_format fmt, time_t now,
                            int fd, size_t *unreadable);

/* What app_verify found. */
struct app_verify_report {
	char integrity[200];      /* SQLite's first complaint; "" when none */
	enum tend_status key[2];  /* each key record: TEND_OK or why not */
	enum tend_status recovery[2]; /* TEND_OK, TEND_ERR_NOT_FOUND or damage */
	size_t checkins, drafts;  /* saved, interrupted */
	size_t entries;           /* every sealed text in the file */
	size_t malformed;         /* texts no tend could have stored so */
	int reader;               /* who opened, or -1 */
	size_t readable;          /* texts the reader may read */
	size_t opened;            /* of which opened */
	size_t damaged, forged;   /* of which did not */
};
/* A record that failed a check, for the report: damaged, forged or
 * malformed (st says which). */
struct app_problem {
	int64_t id;
	tend_night night;
	int kind;
	int author;
	bool shared;
	enum tend_status st;      /* TEND_ERR_TAMPERED, _FORGED or _CORRUPT */
};
/* Checks the whole database without changing it: SQLite's integrity
 * check, every key record and recovery record, every stored text's shape,
 * and with a reader (NULL: none) that every text they may read opens.
 * Calls `problem` (may be NULL) for each record that fails. TEND_OK when
 * everything is in order, TEND_ERR_CORRUPT when anything is not. */
enum tend_status app_verify(struct app *app, struct app_reader *r,
                            struct app_verify_report *out,
                            void (*problem)(const struct app_problem *p, void *ctx),
                            void *ctx);

/* Forgets entries `ids` (n of them), all the reader's own journal entries
 * or reflections: deleted, and wiped from the file (secure delete, then a
 * truncating checkpoint of the log). TEND_ERR_NOT_FOUND (*bad: the id) for
 * an id that is not there, TEND_ERR_DENIED (*bad) for one that is not
 * theirs to forget (the other's, or a note); then nothing is deleted.
 * *wiped is false when another tend was reading and the log could not be
 * emptied yet (it will be when the last tend closes). */
enum tend_status app_forget_entries(struct app_reader *r, const int64_t *ids, size_t n,
                                    int64_t *bad, bool *wiped);
/* Forgets every check-in of `night` (saved or interrupted) with all that
 * was written in it, by both: the note and both partners' reflections.
 * Needs the one-screen lock (TEND_ERR_BUSY while tend's screens are open
 * elsewhere); TEND_ERR_NOT_FOUND when there is no check-in that night. */
enum tend_status app_forget_night(struct app_reader *r, tend_night night, int *checkins,
                                  bool *wiped);

/* ---- shared time: the nightly check-in, the weekly talk, date night ---- */

/* Weekdays are those of nights: 0 = Sunday .. 6 = Saturday. A time before
 * the day boundary belongs to the night before, as check-ins do. */
#define APP_DATE_NIGHT_OFF (-1)
/* When the nightly check-in happens: minutes after midnight (default 21:00). */
int app_ritual_time(const struct app *app);
enum tend_status app_set_ritual_time(struct app *app, int minutes);
/* The night of the weekly talk, which takes that night's check-in's place,
 * at the same time (default Sunday). */
int app_weekly_day(const struct app *app);
enum tend_status app_set_weekly_day(struct app *app, int weekday);
/* The night of date night (default Saturday), or APP_DATE_NIGHT_OFF. */
int app_date_night(const struct app *app);
enum tend_status app_set_date_night(struct app *app, int weekday);
/* When date night starts: minutes after midnight (default 19:00). */
int app_date_time(const struct app *app);
enum tend_status app_set_date_time(struct app *app, int minutes);
/* Parses a weekday: "mon" .. "sun" or "monday" .. "sunday", in any case;
 * 0 = Sunday .. 6, or -1. app_weekday_name: "Sunday" .. "Saturday", or
 * "off" for any other number. */
int app_weekday_parse(const char *s);
const char *app_weekday_name(int weekday);
/* Writes the shared-time calendar (iCalendar, RFC 5545: README "Shared time
 * in your calendar") as of `now`: to `path`, whole or not at all, or when
 * `path` is NULL to `fd`. It holds no names and nothing anyone wrote. A
 * file at `path` is replaced only when it is a calendar tend wrote, never
 * when it is the database (TEND_ERR_EXISTS, TEND_ERR_INVALID; why in err).
 * The first time, keeps a random number in the settings that makes every
 * later calendar's events the same ones (the same UIDs). */
enum tend_status app_calendar(struct app *app, time_t now, const char *path, int fd,
                              char *err, size_t errlen);

/* Guarded memory for text and passphrases held by the UI (wiped on free). */
void *app_secure_alloc(size_t n);
void app_secure_free(void *p);
/* Gives back what the open database holds that it can do without for a
 * while (store_release): for a screen that runs for minutes without it. */
void app_release_memory(struct app *app);
/* The monotonic clock in milliseconds (CLOCK_MONOTONIC). */
int64_t app_mono_ms(void);

/* What tend says before each key derivation, the slow part of unlocking
 * and of making keys (a second or two; fifteen at --kdf sensitive): one
 * sentence such as "Opening Noor's key..." or "Making Noor's key...",
 * handed to `fn` (with `ctx`) just before the work starts, so the front
 * end can show it first: the screens draw it, the commands print it on a
 * terminal's standard error. One voice for the whole process; NULL (the
 * start) says nothing. The text is valid during the call. */
typedef void (*app_note_fn)(void *ctx, const char *text);
void app_set_note(app_note_fn fn, void *ctx);
/* The same clock in microseconds. */
int64_t app_mono_us(void);

#endif
