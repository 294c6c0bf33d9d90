/* schema.c: tend's database schema, as the list of migrations that build it.
 *
 * Schema version 5 is version 4 with two indexes, so the history's page costs
 * the rows it shows: checkin_page (state, night; the id comes with every
 * index) walks saved check-ins in the page's order with no sorting, and
 * entry_checkin_kind counts the topics parked in a check-in from the index
 * alone.
 *
 * Schema version 4 is version 3 with a walk through the old nights kept, so
 * the streaks cost the nights since, not every night there ever was:
 *
 *   fold     none, or six rows (kind 0 the nightly streak, 1 + p pillar p),
 *            all with one `upto`: the state of streak_fold (tend/streak.h)
 *            after walking every night up to `upto`, and `saved`, how many
 *            saved check-ins those nights hold (the history's length). Derived from checkin
 *            and rest alone; triggers delete it whenever a row of either on
 *            or before `upto` is added, changed or deleted, and the app
 *            checks each row (streak_fold_valid) before using it, else walks
 *            every night. Plaintext metadata: someone who changes it can
 *            change the streaks shown, as changing the rows they come from
 *            could.
 *
 * Schema version 3 is version 2 with what the ritual keeps beside a night:
 *
 *   checkin.ended  how a check-in ended: 0 by its plan (or not yet), 1 the
 *                  couple ended it early, 2 by a time-out (which pauses every
 *                  streak like a rest night).
 *   checkin.topic  the parked topic (an entry id) talked through in it, or 0.
 *   done           entries marked done: a parked topic talked through, a
 *                  "next together" plan that happened; with the night it was
 *                  marked. Plaintext, like all metadata: someone who can
 *                  change the file can mark one done or not, nothing more.
 *
 * Schema version 2 (PRAGMA user_version = 2, application_id = "tend") is
 * version 1 and one more table:
 *
 *   recovery at most one row per partner, idx 0 or 1: the vault's encoded
 *            recovery slot (their secret key sealed under a recovery code).
 *
 * Schema version 1:
 *
 *   couple   one row (id = 1) once the couple is set up: when.
 *   partner  two rows, idx 0 and 1: the partner's name (UTF-8, plaintext,
 *            shown before anyone unlocks) and the vault's encoded key slot
 *            (public key, and the secret key sealed under their passphrase).
 *   setting  small integers by name ("boundary_min", "bell", ...).
 *   checkin  one row per check-in, draft (state 0) or saved (state 1). Only
 *            metadata, in plaintext: night, times, plan, pillars ticked, and
 *            a draft's progress. `cards` holds the prompt card ids shown, one
 *            per step, as little-endian u32s (4 * ncards bytes).
 *   entry    sealed records: journal entries, reflection answers, notes.
 *            `ct` is nonce + ciphertext + tag; `seal0`/`seal1` the record key
 *            sealed to partner 0/1, NULL when that partner may not read it.
 *            `checkin` is NULL outside a check-in; deleting a check-in
 *            deletes its entries (ON DELETE CASCADE, foreign_keys = ON).
 *   rest     nights the couple declared rest nights.
 *
 * Nights are days since 1970-01-01 (tend_night); times are unix seconds.
 * checkin and entry use AUTOINCREMENT so a deleted row's id is never given to
 * a new one: an entry's id is bound into its ciphertext's associated data.
 * Tables are STRICT (SQLite >= 3.37) so a wrong type is an error, not a
 * silent conversion. The index on checkin(state, night, counted, pillars)
 * covers the streak query; entry(checkin) serves a check-in's entries and the
 * cascade; entry(author, kind) a partner's journal. */
#include "schema.h"

static const char schema_v1[] =
	"CREATE TABLE couple ("
	" id INTEGER PRIMARY KEY CHECK (id = 1),"
	" created INTEGER NOT NULL"
	") STRICT;"
	"CREATE TABLE partner ("
	" idx INTEGER PRIMARY KEY CHECK (idx IN (0, 1)),"
	" name TEXT NOT NULL,"
	" slot BLOB NOT NULL"
	") STRICT;"
	"CREATE TABLE setting ("
	" key TEXT PRIMARY KEY NOT NULL,"
	" value INTEGER NOT NULL"
	") WITHOUT ROWID, STRICT;"
	"CREATE TABLE checkin ("
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" night INTEGER NOT NULL,"
	" started INTEGER NOT NULL,"
	" plan TEXT NOT NULL,"
	" planned_s INTEGER NOT NULL,"
	" ran_s INTEGER NOT NULL,"
	" first INTEGER NOT NULL,"
	" pillars INTEGER NOT NULL CHECK (pillars >= 0),"
	" counted INTEGER NOT NULL CHECK (counted IN (0, 1)),"
	" state INTEGER NOT NULL CHECK (state IN (0, 1)),"
	" step INTEGER NOT NULL,"
	" step_left_ms INTEGER NOT NULL,"
	" step_len_ms INTEGER NOT NULL,"
	" ran_ms INTEGER NOT NULL,"
	" confirmed INTEGER NOT NULL,"
	" phase INTEGER NOT NULL,"
	" cards BLOB NOT NULL CHECK (length(cards) % 4 = 0)"
	") STRICT;"
	"CREATE INDEX checkin_state_night ON checkin(state, night, counted, pillars);"
	"CREATE TABLE entry ("
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" checkin INTEGER REFERENCES checkin(id) ON DELETE CASCADE,"
	" kind INTEGER NOT NULL,"
	" author INTEGER NOT NULL CHECK (author IN (0, 1)),"
	" visibility INTEGER NOT NULL CHECK (visibility IN (0, 1)),"
	" night INTEGER NOT NULL,"
	" created INTEGER NOT NULL,"
	" seq INTEGER NOT NULL,"
	" ct BLOB NOT NULL,"
	" seal0 BLOB,"
	" seal1 BLOB"
	") STRICT;"
	"CREATE INDEX entry_checkin ON entry(checkin);"
	"CREATE INDEX entry_author_kind ON entry(author, kind);"
	"CREATE TABLE rest ("
	" night INTEGER PRIMARY KEY"
	") STRICT;";

static const char schema_v2[] =
	"CREATE TABLE recovery ("
	" idx INTEGER PRIMARY KEY CHECK (idx IN (0, 1)),"
	" slot BLOB NOT NULL"
	") STRICT;";

static const char schema_v3[] =
	"ALTER TABLE checkin ADD COLUMN ended INTEGER NOT NULL DEFAULT 0"
	" CHECK (ended IN (0, 1, 2));"
	"ALTER TABLE checkin ADD COLUMN topic INTEGER NOT NULL DEFAULT 0 CHECK (topic >= 0);"
	"CREATE TABLE done ("
	" entry INTEGER PRIMARY KEY REFERENCES entry(id) ON DELETE CASCADE,"
	" night INTEGER NOT NULL"
	") STRICT;";

/* A trigger of v4: forgets the kept walk when a row of `table` on or before
 * its night changes (the WHEN is NULL, so false, while none is kept). */
#define FOLD_TRIGGER(name, event, table, when)                                 \
	"CREATE TRIGGER " name " AFTER " event " ON " table " WHEN " when           \
	" BEGIN DELETE FROM fold; END;"
#define FOLD_UPTO "(SELECT max(upto) FROM fold)"

static const char schema_v4[] =
	"CREATE TABLE fold ("
	" kind INTEGER PRIMARY KEY CHECK (kind BETWEEN 0 AND 5),"
	" upto INTEGER NOT NULL,"
	" seen INTEGER NOT NULL CHECK (seen IN (0, 1)),"
	" prev INTEGER NOT NULL,"
	" run INTEGER NOT NULL,"
	" longest INTEGER NOT NULL,"
	" done INTEGER NOT NULL,"
	" saved INTEGER NOT NULL"
	") STRICT;"
	FOLD_TRIGGER("fold_checkin_insert", "INSERT", "checkin", "NEW.night <= " FOLD_UPTO)
	FOLD_TRIGGER("fold_checkin_update", "UPDATE", "checkin",
	             "OLD.night <= " FOLD_UPTO " OR NEW.night <= " FOLD_UPTO)
	FOLD_TRIGGER("fold_checkin_delete", "DELETE", "checkin", "OLD.night <= " FOLD_UPTO)
	FOLD_TRIGGER("fold_rest_insert", "INSERT", "rest", "NEW.night <= " FOLD_UPTO)
	FOLD_TRIGGER("fold_rest_update", "UPDATE", "rest",
	             "OLD.night <= " FOLD_UPTO " OR NEW.night <= " FOLD_UPTO)
	FOLD_TRIGGER("fold_rest_delete", "DELETE", "rest", "OLD.night <= " FOLD_UPTO);

static const char schema_v5[] =
	"CREATE INDEX checkin_page ON checkin(state, night);"
	"CREATE INDEX entry_checkin_kind ON entry(checkin, kind);";

const char *const store_migrations[STORE_SCHEMA_VERSION] = {
	[0] = schema_v1,
	[1] = schema_v2,
	[2] = schema_v3,
	[3] = schema_v4,
	[4] = schema_v5,
};
