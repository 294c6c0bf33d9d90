#!/usr/bin/env bash
# tamper.sh: the file changed behind tend's back, with the sqlite3 CLI, as
# the other partner at the same account could. Each partner's key record is
# read on its own: when Alice's is spoiled (a limit out of range, an unknown
# algorithm, cut short, or her row deleted), tend names her record as
# damaged, refuses what would need it (her unlock and writes, anything
# shared) before asking for a passphrase, and Bob carries on: stats, his own
# writes, reading all that is his, on the command line and the screens.
. "$(dirname "$0")/lib.sh"

PA='tamper key Alice 6' # Alice's passphrase
PB='tamper key Bob 7'   # Bob's passphrase
BP='Bob alone: the kettle song'
AS='Alice to us: sunday pancakes'
WHOLE=$E2E_DIR/whole.db

"$TEND" --db "$WHOLE" init --partner Alice --partner Bob --kdf interactive \
	--passphrase-fd 3 3<<<"$PA"$'\n'"$PB" >/dev/null 2>&1
run "$TEND" --db "$WHOLE" write --as Bob "$BP"
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
	run "$TEND" --db "$DB" write --as Bob "Bob again"
	expect_rc "$what: Bob writes privately" 0
	run with_pass "$PA" "$TEND" --db "$DB" read --as "$alice"
	expect_rc "$what: Alice cannot unlock -> 1" 1
	same "$what: ... told her record is damaged, Bob's not" "$ERR" \
		"tend: $alice's key record in the database is damaged or was changed; it cannot be unlocked (Bob's is not affected)"
	run "$TEND" --db "$DB" write --as "$alice" "nope"
	expect_rc "$what: Alice cannot write -> 1" 1
	has "$what: ... nothing was written" "$ERR" "$alice's key record in the database is damaged or was changed; nothing was written"
	run "$TEND" --db "$DB" write --as Bob --shared "nope"
	expect_rc "$what: a shared write (sealed to Alice too) -> 1" 1
	has "$what: ... naming Alice's record" "$ERR" "$alice's key record"
	run with_pass "$PB" "$TEND" --db "$DB" read --as Bob
	lacks "$what: the refused writes left nothing" "$OUT" "nope"
	has "$what: Bob's write is there" "$OUT" "Bob again"
done

# ---- the screens, on the last one (her row deleted) ---------------------------

tui --db "$DB"
see "home opens on a file with a partner's row gone" "Tonight: not yet"
keys c
see "a check-in does not start, so nothing typed is lost, and says why" \
	"Partner 1's key record in this database is damaged or was changed, so nothing written tonight could be kept. Bob's own journal still works."
keys Enter
wait_for "Tonight: not yet"
keys j
wait_for "Who is reading?"
keys 1
see "unlocking her says her record is damaged, before any passphrase" \
	"Partner 1's key record in this database is damaged or was changed, so it cannot be unlocked. Bob's is not affected."
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

done_testing
