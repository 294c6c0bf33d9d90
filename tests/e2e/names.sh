#!/usr/bin/env bash
# names.sh: partners' names, on the command line and on the setup screen.
# Two names that are the same or would look the same (NFC and NFD, capital
# and small letters, spaces at the ends, a Cyrillic letter in a Latin name,
# full-width letters) and names with an invisible, direction-turning or
# control character or two spaces in a row are refused with their reason,
# and nothing is set up; a name is kept trimmed and in NFC, and --as finds
# it typed in NFD or in other case.
. "$(dirname "$0")/lib.sh"
uses sqlite3 # the names as stored, byte for byte

PZ='Zoë: lantern by the lake 41' # Zoë's passphrase
PL='Łukasz: żółw w ogrodzie'     # Łukasz's passphrase
ZOE=$'Zo\xc3\xab'                # Zoë, ë as one code point (NFC)
ZOE_NFD=$'Zoe\xcc\x88'           # Zoë, e and a combining diaeresis (NFD)

# refused NAME A B REASON: init with names A and B exits 1 with one line
# "tend: REASON...; nothing was set up", asks for no passphrase, never
# echoes a control character, and leaves nobody set up. Six tests.
refused() {
	local name=$1 db=$E2E_DIR/refused.db
	rm -f "$db" "$db-wal" "$db-shm"
	run "$TEND" --db "$db" init --partner "$2" --partner "$3" --kdf interactive \
		--passphrase-fd 3 3<<<"$PZ"$'\n'"$PL"
	expect_rc "$name: init -> 1" 1
	has "$name: says why" "$ERR" "tend: $4"
	has "$name: ... and that nothing was set up" "$ERR" "; nothing was set up"
	one_line_error "$name: one line"
	lacks "$name: no control character is written back" "$ERR" $'\e'
	run "$TEND" --db "$db" stats
	has "$name: nobody is set up" "$ERR" "nobody is set up here yet"
}

# ---- the command line: each kind of refusal ------------------------------

refused "Zoë in NFC and in NFD" "$ZOE" "$ZOE_NFD" "the two names need to be different"
refused "ÉVA and éVA" "ÉVA" "éVA" "the two names need to be different"
refused "' A' and 'A '" " A" "A " "the two names need to be different"
refused "Anna and Anna with a Cyrillic А" "Anna" "Аnna" "those two names would look the same"
refused "Oscar and Oscar with a Greek Ο" "Oscar" "Οscar" "those two names would look the same"
refused "Sam and full-width Ｓａｍ" "Sam" "Ｓａｍ" "those two names would look the same"
refused "a zero-width space" $'A\u200bnna' "Bob" \
	"the first name has an invisible character in it (U+200B)"
refused "a zero-width joiner" "Bob" $'An\u200dna' \
	"the second name has an invisible character in it (U+200D)"
refused "a right-to-left override" "Bob" $'Al\u202eice' \
	"the second name has a character in it that turns the direction of writing (U+202E)"
refused "a left-to-right isolate" $'Al\u2066ice' "Bob" \
	"the first name has a character in it that turns the direction of writing (U+2066)"
refused "a terminal escape" $'Al\e]2;TITLE\aice' "Bob" \
	"the first name has a control character or a line break in it (U+001B)"
refused "two spaces in a row" "Anna  Lee" "Bob" "the first name has two spaces in a row"
refused "a 65-byte name" "$(printf 'x%.0s' $(seq 65))" "Bob" \
	"the first name is too long: a name is at most 64 bytes"

# ---- kept trimmed and in NFC; --as finds it in NFD and other case --------

DB=$E2E_DIR/kept.db
run "$TEND" --db "$DB" init --partner "  $ZOE_NFD " --partner Łukasz --kdf interactive \
	--passphrase-fd 3 3<<<"$PZ"$'\n'"$PL"
expect_rc "init with Zoë typed in NFD between spaces" 0
same "... set up for Zoë in NFC, the spaces gone" "$OUT" "tend is set up for $ZOE and Łukasz."
same "... and kept so in the database" \
	"$(sqlite3 "$DB" 'SELECT hex(name) FROM partner ORDER BY idx' | tr '\n' ' ')" \
	"$(printf '%s' "$ZOE" | od -An -tx1 | tr -d ' \n' | tr a-f A-F) C581756B61737A "
run_in "a line for the record" with_pass "$PZ" "$TEND" --db "$DB" write --as $'zoe\xcc\x88'
expect_rc "write --as zoë typed in NFD and small finds Zoë" 0
run with_pass "$PZ" "$TEND" --db "$DB" read --as "ZOË"
expect_rc "read --as ZOË finds her too" 0
has "... and reads what she wrote" "$OUT" "a line for the record"
run with_pass "$PL" "$TEND" --db "$DB" read --as "łukasz"
expect_rc "read --as łukasz finds Łukasz (Unicode case folding)" 0
run with_pass "$PZ" "$TEND" --db "$DB" read --as " Zoë "
expect_rc "read --as ' Zoë ' finds her: spaces at the ends do not count" 0
run with_pass "$PZ" "$TEND" --db "$DB" read --as "Zoe"
expect_rc "read --as Zoe (no accent) is nobody" 1
has "... and says who the partners are" "$ERR" "nobody here is called"
run with_pass "$PZ" "$TEND" --db "$DB" read --as "Zоë"
expect_rc "read --as Zoë with a Cyrillic о is nobody" 1

# ---- the setup screen gives the same reasons ------------------------------

DB=$E2E_DIR/screen.db
tui --db "$DB"
wait_for "Welcome to tend."
keys Enter
wait_for "First name:"
keys $'A\u200bnna' Enter
see "screen: a zero-width space is refused, named" \
	"That name has an invisible character in it (U+200B)"
keys C-u $'Al\u202eice' Enter
see "screen: a right-to-left override is refused, named" \
	"That name has a character in it that turns the direction of writing (U+202E)"
keys C-u "Anna  Lee" Enter
see "screen: two spaces in a row are refused" "That name has two spaces in a row."
keys C-u "$ZOE" Enter
see "screen: Zoë is taken" "(The first is Zoë.)"
keys "$ZOE_NFD" Enter
see "screen: Zoë in NFD beside Zoë in NFC is refused" "The two names need to be different"
keys C-u "ZOË" Enter
wait_for "Second name: ZOË"
see "screen: ZOË beside Zoë is refused" "The two names need to be different"
keys C-u "Zоë" Enter
wait_for "Second name: Zоë"
see "screen: Zoë with a Cyrillic о is refused as a look-alike" \
	"Those two names would look the same"
keys C-u "Łukasz" Enter
see "screen: Łukasz is taken, and Zoë asked for her passphrase" "Zoë's passphrase"
tmux_stop
run "$TEND" --db "$DB" stats
has "screen: stopped before the keys, nobody is set up" "$ERR" "nobody is set up here yet"

done_testing
