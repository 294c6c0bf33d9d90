#!/usr/bin/env bash
# tamper.sh: the file changed behind tend's back, with the sqlite3 CLI, as
# the other partner at the same account could.
# - Each partner's key record is read on its own: when Alice's is spoiled (a
#   limit out of range, an unknown algorithm, cut short, or her row
#   deleted), tend names her record as damaged, refuses what would need it
#   (her unlock and writes, anything shared) before asking for a
#   passphrase, and Bob carries on: stats, his own writes, reading all that
#   is his, on the command line and the screens.
# - One flipped bit in Bob's public key: every write that would seal to it
#   is refused (exit 1), so nothing is lost; put back, all still opens.
# - The names swapped: each partner's next unlock says the record of the
#   partners changed (not "wrong passphrase"); swapped back, all is well.
# - A forged private entry: one sealed only with public keys, as tend 1.0
#   sealed every entry, put in the file to read "Alice · only you". tend 1.0's
#   own are boxed anew with Alice's key at her first unlock; one put there
#   after it is reported by name and not shown.
. "$(dirname "$0")/lib.sh"
uses sqlite3 # the file changed behind tend's back

PA='tamper key Alice 6' # Alice's passphrase
PB='tamper key Bob 7'   # Bob's passphrase
BP='Bob alone: the kettle song'
AS='Alice to us: sunday pancakes'
WHOLE=$E2E_DIR/whole.db

"$TEND" --db "$WHOLE" init --partner Alice --partner Bob --kdf interactive \
	--passphrase-fd 3 3<<<"$PA"$'\n'"$PB" >/dev/null 2>&1
run with_pass "$PB" "$TEND" --db "$WHOLE" write --as Bob "$BP"
run "$TEND" --db "$WHOLE" write --as Alice --shared "$AS"
check "the couple is set up, with an entry each" test "$RC" -eq 0

# The slot layout (include/tend/vault.h): "tsl1" | pk 32 | salt 16 |
# opslimit u64 at byte 52 | memlimit u64 | alg u32 at byte 68 | nonce | wrapped.
attacks=(
	"a limit out of range|UPDATE partner SET slot = CAST(substr(slot, 1, 52) || X'FFFFFFFFFFFFFFFF' || substr(slot, 61) AS BLOB) WHERE idx = 0"
	"an unknown algorithm|UPDATE partner SET slot = CAST(substr(slot, 1, 68) || X'09000000' || substr(slot, 73) AS BLOB) WHERE idx = 0"
	"a slot cut short|UPDATE partner SET slot = substr(slot, 1, 100) WHERE idx = 0"
	"her row deleted|DELETE FROM partner WHERE idx = 0"
)
for a in "${attacks[@]}"; do
	what=${a%%|*} sql=${a#*|}
	DB=$E2E_DIR/attacked.db
	rm -f "$DB" "$DB-wal" "$DB-shm"
	sqlite3 "$WHOLE" ".backup '$DB'"
	sqlite3 "$DB" "$sql"
	if [ "$what" = "her row deleted" ]; then alice="Partner 1"; else alice=Alice; fi

	run "$TEND" --db "$DB" stats
	expect_rc "$what: stats still works" 0
	run with_pass "$PB" "$TEND" --db "$DB" read --as Bob
	expect_rc "$what: Bob reads" 0
	has "$what: ... his own entry" "$OUT" "$BP"
	has "$what: ... and Alice's shared one" "$OUT" "$AS"
	run with_pass "$PB" "$TEND" --db "$DB" write --as Bob "Bob again"
	expect_rc "$what: Bob writes privately" 0
	run with_pass "$PA" "$TEND" --db "$DB" read --as "$alice"
	expect_rc "$what: Alice cannot unlock -> 1" 1
	same "$what: ... told her record is damaged, Bob's not" "$ERR" \
		"tend: $alice's key record in this database is damaged or was changed (Bob's is not affected); it cannot be unlocked"
	run "$TEND" --db "$DB" write --as "$alice" "nope"
	expect_rc "$what: Alice cannot write -> 1" 1
	has "$what: ... nothing was written" "$ERR" "$alice's key record in this database is damaged or was changed (Bob's is not affected); nothing was written"
	run "$TEND" --db "$DB" write --as Bob --shared "nope"
	expect_rc "$what: a shared write (sealed to Alice too) -> 1" 1
	has "$what: ... naming Alice's record" "$ERR" "$alice's key record"
	run with_pass "$PB" "$TEND" --db "$DB" read --as Bob
	lacks "$what: the refused writes left nothing" "$OUT" "nope"
	has "$what: Bob's write is there" "$OUT" "Bob again"
done

# ---- one flipped bit in Bob's public key ------------------------------------

DB=$E2E_DIR/flipped.db
rm -f "$DB" "$DB-wal" "$DB-shm"
sqlite3 "$WHOLE" ".backup '$DB'"
hex=$(sqlite3 "$DB" "SELECT hex(slot) FROM partner WHERE idx = 1")
byte=$((16#${hex:20:2} ^ 2)) # bit 1 of byte 10, inside the public key
flipped=${hex:0:20}$(printf '%02X' "$byte")${hex:22}
sqlite3 "$DB" "UPDATE partner SET slot = X'$flipped' WHERE idx = 1"
for i in 1 2 3; do
	run "$TEND" --db "$DB" write --as Bob "Bob, try $i"
	expect_rc "bit flip: Bob's write $i is refused -> 1" 1
done
same "bit flip: ... naming his record" "$ERR" \
	"tend: Bob's key record in this database is damaged or was changed (Alice's is not affected); nothing was written"
run "$TEND" --db "$DB" write --as Alice --shared "Alice, shared, try"
expect_rc "bit flip: a shared write (sealed to Bob too) is refused -> 1" 1
run with_pass "$PA" "$TEND" --db "$DB" write --as Alice "Alice alone, after the flip"
expect_rc "bit flip: Alice's own write still works" 0
sqlite3 "$DB" "UPDATE partner SET slot = X'$hex' WHERE idx = 1"
run with_pass "$PB" "$TEND" --db "$DB" read --as Bob
expect_rc "bit flip put back: Bob reads everything" 0
lacks "... nothing was written while it was flipped" "$OUT" ", try"
has "... and his entry from before is whole" "$OUT" "$BP"
lacks "... no damaged entry" "$ERR" "damaged"

# ---- the names swapped -----------------------------------------------------

DB=$E2E_DIR/swapped.db
rm -f "$DB" "$DB-wal" "$DB-shm"
sqlite3 "$WHOLE" ".backup '$DB'"
sqlite3 "$DB" "UPDATE partner SET name = CASE idx WHEN 0 THEN 'Bob' ELSE 'Alice' END"
CHANGED="the record of the partners in this database was changed: a name, a place or a key is not as it was set up"
run with_pass "$PA" "$TEND" --db "$DB" read --as Alice
expect_rc "names swapped: Alice's read -> 1" 1
same "... says the record changed, not 'wrong passphrase'" "$ERR" "tend: cannot unlock: $CHANGED"
lacks "... and shows nothing" "$OUT" "$AS"
run with_pass "$PB" "$TEND" --db "$DB" read --as Bob
expect_rc "names swapped: Bob's read -> 1" 1
same "... the same for him" "$ERR" "tend: cannot unlock: $CHANGED"
run with_pass "wrong horse" "$TEND" --db "$DB" read --as Bob
has "names swapped: a wrong passphrase is still just wrong" "$ERR" "wrong passphrase"
run with_pass "$PA" "$TEND" --db "$DB" write --as Alice "written under the wrong name"
expect_rc "names swapped: Alice's private write is refused -> 1" 1
same "... the record changed, nothing written" "$ERR" "tend: cannot unlock: $CHANGED"
same "... not a row was added" "$(sqlite3 "$DB" "SELECT count(*) FROM entry")" \
	"$(sqlite3 "$WHOLE" "SELECT count(*) FROM entry")"
tui --db "$DB"
wait_for "Tonight: not yet"
keys j
wait_for "Who is reading?"
keys 2
wait_for "Alice's passphrase"
keys "$PA" Enter
see "names swapped: the screens say it too" "Could not unlock: $CHANGED." 10
keys Escape
wait_for "Tonight: not yet"
keys q
tmux_wait_exit 5 >/dev/null
sqlite3 "$DB" "UPDATE partner SET name = CASE idx WHEN 0 THEN 'Alice' ELSE 'Bob' END"
run with_pass "$PA" "$TEND" --db "$DB" read --as Alice
expect_rc "swapped back: Alice reads again" 0
has "... her shared entry" "$OUT" "$AS"

# ---- a forged private entry ---------------------------------------------------
# Alice's key record and a private entry of hers as tend 1.0 wrote them (the
# pinned ones of tests/unit/test_vault.c, passphrase "pinned ♡"): an entry
# sealed with nothing but her public key, which anyone could have made.

PV='pinned ♡'
LEGACY="INSERT INTO entry (id, checkin, kind, author, visibility, night, created, seq, ct, seal0, seal1)
 VALUES (1001, NULL, 2, 0, 0, 20000, 0, 0,
 X'6bec6299197358bf2c2957935b9d63a29695074259cd8cefff8b3bec6eba313e35dd2660949d727e5e0d70561b58d8629323dac06d',
 X'186e411810e3ea9876bd6ba52b82a7f26866839e259cb70ec476003ea085c04035b129044b8e8985ee680a3470c8e42092ecb7c9daaa024a48e4d517ce60a139c9698442b88f5f632c3417d3634e78b4',
 NULL)"
V1SLOT=74736C3175E0B161CC36903BA37545A5DF4B3B7EA6ACAF2474BBEB26BA89D9EF083D441ACA12141B8BA50726C4979A29372256B401000000000000000020000000000000020000004EE20B559F1810E3EB0544027350E3F05B5AA4E13BF3AE4162D56828E1E8DCB608B51A221B830CCF25C61694F354CC7291BA8E6DE70CDC2060551A39676662833AECBD6483DD4B3B
DB=$E2E_DIR/forged.db
rm -f "$DB" "$DB-wal" "$DB-shm"
sqlite3 "$WHOLE" ".backup '$DB'"
sqlite3 "$DB" "UPDATE partner SET slot = X'$V1SLOT' WHERE idx = 0; DELETE FROM entry; $LEGACY"
run with_pass "$PV" "$TEND" --db "$DB" read --as Alice
expect_rc "tend 1.0's own private entry opens at Alice's first unlock" 0
has "... its text" "$OUT" "pinned record"
same "... her key record is now version 2" \
	"$(sqlite3 "$DB" "SELECT substr(slot, 1, 4), length(slot) FROM partner WHERE idx = 0")" "tsl2|208"
same "... and the entry is boxed with her key (72-byte seal)" \
	"$(sqlite3 "$DB" "SELECT length(seal0) FROM entry WHERE id = 1001")" 72
run with_pass "$PV" "$TEND" --db "$DB" read --as Alice
expect_rc "... and opens again" 0
sqlite3 "$DB" "DELETE FROM entry WHERE id = 1001; $LEGACY"
run with_pass "$PV" "$TEND" --db "$DB" read --as Alice
expect_rc "the same entry put in the file now: reading -> 1" 1
has "... it is reported by name as forged" "$ERR" \
	"claims to be Alice's private entry but was not written with Alice's key: someone else put it in the file"
lacks "... and not shown" "$OUT" "pinned record"
run with_pass "$PV" "$TEND" --db "$DB" write --as Alice "Alice's own, boxed"
run with_pass "$PV" "$TEND" --db "$DB" read --as Alice
has "... while what she writes herself opens" "$OUT" "Alice's own, boxed"

# ---- the screens, on a file with Alice's row deleted -------------------------

DB=$E2E_DIR/attacked.db

tui --db "$DB"
see "home opens on a file with a partner's row gone" "Tonight: not yet"
keys c
see "a check-in does not start, so nothing typed is lost, and says why" \
	"Partner 1's key record in this database is damaged or was changed (Bob's is not affected), so nothing written tonight could be kept."
keys Enter
wait_for "Tonight: not yet"
keys j
wait_for "Who is reading?"
keys 1
see "unlocking her says her record is damaged, before any passphrase" \
	"Partner 1's key record in this database is damaged or was changed (Bob's is not affected), so it cannot be unlocked."
unseen "... no passphrase asked" "Passphrase:"
keys j
wait_for "Who is reading?"
keys 2
see "Bob is asked for his passphrase" "Bob's passphrase"
keys "$PB" Enter
see "Bob's journal opens" "Bob's journal" 10
see "... with his entries" "Bob again"
keys Escape
wait_for "Tonight: not yet"
keys q
quit_clean "damaged record" "$PB" "$BP"

# ---- numbers out of range ----------------------------------------------------
# Numbers no tend writes, put in with the sqlite3 tool (its CHECKs switched
# off): each command and the screens' loaders carry on with the nearest
# value tend could have written, or name the damage; none crashes (a SAN=1
# build makes any overflow a failure).

DB=$E2E_DIR/numbers.db
rm -f "$DB" "$DB-wal" "$DB-shm"
sqlite3 "$WHOLE" ".backup '$DB'"
sqlite3 "$DB" "PRAGMA ignore_check_constraints = ON;
 INSERT INTO checkin (night, started, plan, planned_s, ran_s, first, pillars, counted, state,
  step, step_left_ms, step_len_ms, ran_ms, confirmed, phase, cards, ended, topic)
 VALUES (9223372036854775807, -9223372036854775808, 'nightly', 9223372036854775807, -5, 7, -1,
  1, 1, 0, 0, 0, 0, -1, 4294967296, X'', 4294967298, -4);
 INSERT INTO rest (night) VALUES (4294967308);"
run "$TEND" --db "$DB" stats
expect_rc "numbers out of range: stats still works" 0
has "... and shows the couple" "$OUT" "Alice and Bob"
run "$TEND" --db "$DB" stats --json
expect_rc "... stats --json too" 0
run with_pass "$PB" "$TEND" --db "$DB" export --as Bob
expect_rc "... export works" 0
has "... with the check-in held to the last night tend knows (9999-12-31)" "$OUT" "9999-12-31"
run "$TEND" --db "$DB" verify
lacks "... verify does not crash over it" "$ERR" "runtime error"

# An author of 4294967296 cut to 32 bits would read as Alice (0): the entry
# would pass as hers. Held to its range, it is an author no record has, and
# the entry reads as changed.
sqlite3 "$DB" "PRAGMA ignore_check_constraints = ON;
 UPDATE entry SET author = 4294967296 WHERE author = 0 AND visibility = 1"
run with_pass "$PB" "$TEND" --db "$DB" read --as Bob
expect_rc "an author out of range: reading says an entry could not be opened -> 1" 1
lacks "... Alice's entry is not shown as hers" "$OUT" "$AS"
has "... Bob's own still is" "$OUT" "$BP"

# A draft whose stored step is -2147483649 (UBSan saw it overflow in the
# draft question), its times negative and its phase 2^32: the screens offer
# it back from its first step.
DB=$E2E_DIR/draft.db
rm -f "$DB" "$DB-wal" "$DB-shm"
sqlite3 "$WHOLE" ".backup '$DB'"
night=$(( $(date -u -d "$(test_night)" +%s) / 86400 ))
sqlite3 "$DB" "PRAGMA ignore_check_constraints = ON;
 INSERT INTO checkin (night, started, plan, planned_s, ran_s, first, pillars, counted, state,
  step, step_left_ms, step_len_ms, ran_ms, confirmed, phase, cards, ended, topic)
 VALUES ($night, 0, 'nightly', 900, 0, 0, 0, 0, 0, -2147483649, -1, -9223372036854775808,
  9223372036854775807, 0, 4294967296, X'0000000000000000', 0, 0)"
tui --db "$DB"
see "a draft out of range: home offers it back from its first step" \
	"was interrupted (step 1 of 2)." 10
keys q
tmux_wait_exit 5 >/dev/null

done_testing
