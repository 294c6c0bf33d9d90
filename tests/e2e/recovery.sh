#!/usr/bin/env bash
# recovery.sh: on the screens, as a couple would meet it: a weak passphrase
# is said so (and can be insisted on), two partners cannot share one, a
# recovery code is offered at setup, shown once and typed back in part;
# a forgotten passphrase is set anew with it (Ctrl-R at the passphrase,
# and with 'tend passphrase --recovery'); a new code comes from the
# settings and voids the old; a journal entry is deleted and a night
# forgotten, and what they held is in none of the database's files.
. "$(dirname "$0")/lib.sh"
uses sqlite3 python3 # what a deleted entry leaves in the files

PZ='Zoë: moss on the north wall 62'   # Zoë's passphrase
PL='Łukasz: kettle hums at seven 18'  # Łukasz's passphrase
PZ2='Zoë again: cedar path at noon 5' # the one she sets with her code
DB=$TEND_DB
CODE_RE='[0-9A-Z]{4}(-[0-9A-Z]{4}){6}'

# ordinal WORD: 1 for "first" ... 7 for "seventh".
ordinal() {
	case $1 in
	first) echo 1 ;; second) echo 2 ;; third) echo 3 ;; fourth) echo 4 ;;
	fifth) echo 5 ;; sixth) echo 6 ;; seventh) echo 7 ;; *) echo 0 ;;
	esac
}

# code_on_screen: the recovery code the screen shows now.
code_on_screen() { screen_text | grep -oE "$CODE_RE" | head -n 1; }

# type_groups CODE [WRONG]: at "Check your recovery code", types the two
# groups asked for (the first one wrong when WRONG is given).
type_groups() {
	local code=$1 wrong=${2:-} i n
	for i in 1 2; do
		wait_re "type its [a-z]+ group" || return 1
		n=$(ordinal "$(screen_text | grep -oE 'type its [a-z]+ group' | head -n 1 | cut -d' ' -f3)")
		if [ -n "$wrong" ] && [ "$i" -eq 1 ]; then
			keys ZZZZ Enter
			return 0
		fi
		# lower case and a space: codes are read as people type them
		keys "$(echo "$code" | cut -d- -f"$n" | tr 'A-Z' 'a-z' | sed 's/^\(..\)/\1 /')" Enter
		[ "$i" -eq 1 ] && wait_gone "its $(screen_text | grep -oE 'type its [a-z]+ group' | cut -d' ' -f3) group" 3
	done
	return 0
}

# ---- setup: a weak passphrase, a shared one, recovery codes ---------------

tui
wait_for "Welcome to tend."
keys Enter
wait_for "First name:"
keys "Zoë" Enter
wait_for "Second name:"
keys "Łukasz" Enter
wait_for "Zoë's passphrase"
keys "password" Enter
see "a weak passphrase is said so" "Zoë, this passphrase is easy to guess."
see "... with what anyone would try first" "It is among the first things anyone would try"
see "... and a way to a better one" "a few unrelated words together"
see "she may choose another, or insist" "[u] use it anyway"
keys Enter
see "Enter: she chooses another" "choose a passphrase for your private writing"
keys "zoe2026" Enter
see "a name and a year are weak too, with tend's estimate" "tend estimates about"
keys u
see "u: she insists, and types it again" "type the same passphrase again"
keys Escape
see "Esc on the second typing goes back to the first" "choose a passphrase for your"
keys "$PZ" Enter
wait_for "type the same passphrase again"
keys "$PZ" Enter
see "a strong passphrase goes straight on: the recovery code" \
	"Zoë, would you like a recovery code?"
keys y
wait_for "Łukasz's passphrase"
keys "$PZ" Enter
wait_for "Łukasz, type the same passphrase again"
keys "$PZ" Enter
see "Łukasz cannot take Zoë's passphrase" "Each of you needs a passphrase of your own"
see "... and Zoë chooses hers again first (he knows it now)" \
	"Zoë, choose a passphrase for your private writing"
keys "$PZ" Enter
wait_for "type the same passphrase again"
keys "$PZ" Enter
wait_for "Zoë, would you like a recovery code?"
keys y
wait_for "Łukasz's passphrase"
keys "$PL" Enter
wait_for "Łukasz, type the same passphrase again"
keys "$PL" Enter
see "Łukasz is asked too" "Łukasz, would you like a recovery code?"
keys n
see "Zoë's code is shown once the keys are made, Łukasz looks away" \
	"Zoë's recovery code Łukasz, please look away." 15
see_re "... as 7 groups of 4" "$CODE_RE"
see "... with what it is for" "choose a new passphrase if you ever forget yours"
ZCODE=$(code_on_screen)
keys Enter
see "then two of its groups are asked back" "to be sure the code is written down right"
type_groups "$ZCODE" wrong
see "a wrong group: the code again" "That is not what the code says. Here it is again."
see "... the same code" "$ZCODE"
keys Enter
type_groups "$ZCODE"
see "the right groups: home" "Welcome, Zoë and Łukasz." 5
unseen "no code on home" "$ZCODE"
keys q
quit_clean "after setup" "$ZCODE"
run with_pass "$PZ" "$TEND" verify --as Zoë
expect_rc "verify: the couple set up on the screens is in order" 0
has "verify: Zoë has a recovery code, Łukasz none" "$OUT" "Recovery codes: Zoë has one; Łukasz has none"
assert_no_plaintext "$DB" "$ZCODE" "$(echo "$ZCODE" | tr -d -)" "$PZ" "$PL"
run with_pass "zoe2026" "$TEND" read --as Zoë
expect_rc "the weak passphrase she left was not kept" 1

# ---- a forgotten passphrase: Ctrl-R and the code --------------------------

run with_pass "$PL" "$TEND" write --as Łukasz --shared "Łukasz shared before"
run with_pass "$PZ" "$TEND" write --as Zoë "Zoë private before"
tui
wait_for "Tonight: not yet"
keys j
wait_for "Who is reading?"
keys 1
see "the passphrase screen offers the code" "Forgot it? Ctrl-R lets you choose a new one"
keys C-r
see "Ctrl-R asks for her recovery code" "type the recovery code you wrote down"
keys "not a code" Enter
see "... something else is not a code" "That is not a recovery code"
keys C-u "${ZCODE%?}X" Enter
see "... one symbol wrong is a typo" "That code has a typo"
keys C-u "$ZCODE" Enter
see "the right code: a new passphrase" "Zoë, choose a new passphrase"
keys "$PL" Enter
wait_for "type the same passphrase again"
keys "$PL" Enter
see "... not Łukasz's" "That passphrase opens Łukasz's key: choose one of your own."
keys "$PZ2" Enter
wait_for "type the same passphrase again"
keys "$PZ2" Enter
see "her journal opens with her new passphrase" "Zoë's journal" 10
see "... and says the code still works" "The recovery code still works."
see "what she wrote before is there" "Zoë private before"
keys Escape
keys q
quit_clean "after recovering" "$PZ2" "Zoë private before"
run with_pass "$PZ" "$TEND" read --as Zoë
expect_rc "her old passphrase opens nothing now" 1
run with_pass "$PZ2" "$TEND" read --as Zoë
expect_rc "her new one opens everything" 0
has "... what she wrote before" "$OUT" "Zoë private before"
has "... and what Łukasz shared" "$OUT" "Łukasz shared before"

# The command line takes the same code (spaces instead of dashes).
run "$TEND" passphrase --as Zoë --recovery --passphrase-fd 3 \
	3<<<"${ZCODE//-/ }"$'\n'"$PZ"
expect_rc "tend passphrase --recovery with the code from the screens" 0
run with_pass "$PZ" "$TEND" read --as Zoë
expect_rc "... sets her passphrase back" 0

# ---- a new code from the settings ------------------------------------------

tui
wait_for "Tonight: not yet"
keys s
see "settings show who has a code" "[k] Recovery codes: Zoë has one, Łukasz has none"
keys k
see "k asks whose" "A new recovery code"
keys 2
wait_for "Łukasz's passphrase"
unseen "no Ctrl-R for Łukasz: he has no code" "Forgot it?"
keys "$PL" Enter
see "Łukasz's new code is shown" "Łukasz's recovery code Zoë, please look away." 10
LCODE=$(code_on_screen)
keys Enter
type_groups "$LCODE"
see "... and checked" "Łukasz's recovery code is written down. Keep it safe."
see "settings now say he has one" "Łukasz has one"
keys Escape q
quit_clean "after a new code" "$LCODE"
run "$TEND" passphrase --as Łukasz --recovery --passphrase-fd 3 3<<<"$LCODE"$'\n'"$PL 2"
expect_rc "Łukasz's new code sets a passphrase" 0
tui
wait_for "Tonight: not yet"
keys s k 1
wait_for "Zoë's passphrase"
keys "$PZ" Enter
wait_for "Zoë's recovery code Łukasz, please look away." 10
ZCODE2=$(code_on_screen)
keys Enter
type_groups "$ZCODE2"
wait_for "written down. Keep it safe."
keys Escape q
quit_clean "after Zoë's new code"
run "$TEND" passphrase --as Zoë --recovery --passphrase-fd 3 3<<<"$ZCODE"$'\n'"$PZ2"
expect_rc "Zoë's old code opens nothing once she has a new one" 1
has "... it is not hers any more" "$ERR" "is not Zoë's recovery code"

# ---- deleting a journal entry -------------------------------------------------

# hex_of ID: the ciphertext of entry ID, as hex.
hex_of() { sqlite3 "$DB" "SELECT hex(ct) FROM entry WHERE id = $1"; }
# in_files HEX: which of the database's files hold those bytes.
in_files() {
	python3 - "$1" "$DB" <<'PY'
import sys
needle = bytes.fromhex(sys.argv[1])
found = []
for side in ("", "-wal", "-shm"):
    try:
        with open(sys.argv[2] + side, "rb") as f:
            if needle in f.read():
                found.append("tend.db" + side)
    except FileNotFoundError:
        pass
print(" ".join(found))
PY
}

run with_pass "$PZ" "$TEND" write --as Zoë "an entry Zoë will delete"
del_id=$(sqlite3 "$DB" "SELECT max(id) FROM entry")
del_hex=$(hex_of "$del_id")
tui
wait_for "Tonight: not yet"
keys j 1
wait_for "Zoë's passphrase"
keys "$PZ" Enter
wait_for "Zoë's journal" 10
see "her newest entry is on top" "an entry Zoë will delete"
keys d
see "d asks first" "Delete this journal entry for good?"
keys n
see "n keeps it" "an entry Zoë will delete"
see "Łukasz's shared entry is in her list" "from Łukasz, shared"
keys Down Down d
see "... she cannot delete his (the third row)" "Only Łukasz can delete what Łukasz wrote."
keys Up Up d y
see "y deletes hers" "Deleted."
wait_gone "an entry Zoë will delete"
keys Escape q
quit_clean "after deleting"
same "the deleted entry is gone from the table" \
	"$(sqlite3 "$DB" "SELECT count(*) FROM entry WHERE id = $del_id")" 0
same "its ciphertext is in none of tend.db, -wal, -shm" "$(in_files "$del_hex")" ""
run with_pass "$PL 2" "$TEND" read --as Łukasz
has "Łukasz's entry stays" "$OUT" "Łukasz shared before"
run with_pass "$PZ" "$TEND" read --as Zoë
has "... and so does her other one" "$OUT" "Zoë private before"

# ---- forgetting a night ---------------------------------------------------------

tui
wait_for "Tonight: not yet"
keys c
wait_for "press 2 when you are here"
wait_for "Waiting for both of you"
keys 1 2
wait_for "turn 5 of 6" 10
keys q
wait_for "End now?"
keys y
if reflect_unlock Zoë "$PZ"; then ok "a check-in: Zoë unlocks"; else not_ok "a check-in: Zoë unlocks"; fi
keys "Zoë's reflection to forget"
keys C-d
wait_for "this part is Łukasz's"
keys Enter
wait_for "Łukasz's passphrase"
keys "$PL 2" Enter
wait_for "Łukasz's reflections" 10
keys "Łukasz's reflection that stays" C-d
wait_for "A note for you both"
keys "our note of that night" C-d
wait_for "Which of these felt alive tonight?"
keys Enter
wait_for "Saved."
keys Enter
wait_for "Tonight: done" 5
refl=$(sqlite3 "$DB" "SELECT id FROM entry WHERE kind = 2 AND author = 0")
refl_hex=$(hex_of "$refl")
keys h
see "the night is in the history" "$(test_night)"
keys d
see "d asks who, first" "Who is reading?"
keys 1
wait_for "Zoë's passphrase"
keys "$PZ" Enter
see "then what to forget" "What would you like to forget of the check-in of"
see "... her own writing" "[1] What Zoë wrote: your reflections. The note and Łukasz's stay."
see "... or the whole night" "[2] The whole night"
keys 1
see "it asks once more" "Forget your reflections of that night for good?"
keys y
see "her reflections are forgotten" "Your reflections of that night are forgotten."
same "... her reflection is gone" "$(sqlite3 "$DB" "SELECT count(*) FROM entry WHERE id = $refl")" 0
same "... in none of the files" "$(in_files "$refl_hex")" ""
same "... the note and Łukasz's stay" \
	"$(sqlite3 "$DB" "SELECT count(*) FROM entry WHERE kind IN (2, 3)")" 2
note_hex=$(hex_of "$(sqlite3 "$DB" "SELECT id FROM entry WHERE kind = 3")")
keys d 2
see "the whole night, asked once more" "Forget the whole night, for both of you, for good?"
keys y
see "the night is forgotten" "is forgotten."
see "the history is empty again" "No check-ins saved yet."
keys Escape
see "home: tonight is not done any more" "Tonight: not yet"
keys q
quit_clean "after forgetting" "our note of that night" "Łukasz's reflection that stays"
same "no check-in is left" "$(sqlite3 "$DB" "SELECT count(*) FROM checkin")" 0
same "... nor anything written in it" \
	"$(sqlite3 "$DB" "SELECT count(*) FROM entry WHERE checkin IS NOT NULL")" 0
same "the note's ciphertext is in none of the files" "$(in_files "$note_hex")" ""
run "$TEND" stats --json
has "the streak forgets it too" "$OUT" '"nights_total":0'
run with_pass "$PZ" "$TEND" verify --as Zoë
expect_rc "verify: all in order after forgetting" 0

# ---- a damaged key record, mended by the code ----------------------------------

PZ3='Zoë mended: lamps along the pier 9'
hex=$(sqlite3 "$DB" "SELECT hex(slot) FROM partner WHERE idx = 0")
sqlite3 "$DB" "UPDATE partner SET slot = X'${hex:0:20}$(printf '%02X' $((16#${hex:20:2} ^ 4)))${hex:22}' WHERE idx = 0"
run with_pass "$PZ" "$TEND" read --as Zoë
expect_rc "a bit of Zoë's public key flipped: her passphrase cannot open it" 1
tui
wait_for "Tonight: not yet"
keys j 1
see "the screens offer her code" "A damaged key record"
see "... saying what it can do" "recovery code can mend it, with a new passphrase"
keys y
wait_for "type the recovery code you wrote down"
keys "$ZCODE2" Enter
wait_for "Zoë, choose a new passphrase"
keys "$PZ3" Enter
wait_for "type the same passphrase again"
keys "$PZ3" Enter
see "her journal opens: the record is mended" "Zoë's journal" 10
keys Escape q
quit_clean "after mending"
run with_pass "$PZ3" "$TEND" read --as Zoë
expect_rc "her new passphrase opens the mended record" 0
has "... with what she wrote before" "$OUT" "Zoë private before"
run with_pass "$PZ3" "$TEND" verify --as Zoë
expect_rc "verify: the mended record is in order" 0

# ---- tend init on a terminal: the code on the alternate screen ------------------

TDB=$E2E_DIR/tty.db
tmux_start "$TEND" --db "$TDB" init --partner Ana --partner Ben --kdf interactive
see "init on a terminal asks Ana's passphrase" "Passphrase for Ana:"
keys "password" Enter
see "... says a weak one is easy to guess" "Ana, that passphrase is easy to guess."
see "... and asks whether to keep it" "Use it anyway? [y/N]"
keys Enter
wait_re "Passphrase for Ana: *$"
keys "Ana: a fig tree by the gate 3" Enter
wait_for "The same again, for Ana:"
keys "Ana: a fig tree by the gate 3" Enter
see "then whether she wants a recovery code" "Ana, do you want a recovery code?"
keys Enter
wait_for "Passphrase for Ben:"
keys "Ben: seven gulls over the bay" Enter
wait_for "The same again, for Ben:"
keys "Ben: seven gulls over the bay" Enter
wait_for "Ben, do you want a recovery code?"
keys n Enter
see "her code is shown once the keys are made, Ben looks away" \
	"Ana's recovery code (Ben, please look away)" 15
ACODE=$(code_on_screen)
unseen "... alone on the screen: the prompts before it are not there" "Passphrase for Ana:"
keys Enter
see "then two groups are asked back" "type two of its groups of four"
for i in 1 2; do
	wait_re "The [a-z]+ group: *$"
	n=$(ordinal "$(screen_text | grep -oE 'The [a-z]+ group: *$' | cut -d' ' -f2)")
	keys "$(echo "$ACODE" | cut -d- -f"$n")" Enter
	[ "$i" -eq 1 ] && sleep 0.3
done
same "init on a terminal exits 0" "$(tmux_wait_exit 10)" 0
see "... saying the code is written down" "Ana's recovery code is written down. Keep it safe."
unseen "... and the code is gone from the terminal" "$ACODE"
see "... back on the main screen, with what was said before" "tend is set up for Ana and Ben."
tmux_stop
run "$TEND" --db "$TDB" passphrase --as Ana --recovery --passphrase-fd 3 \
	3<<<"$ACODE"$'\n''Ana: a new fig tree 4'
expect_rc "the code shown on the terminal works" 0

done_testing
