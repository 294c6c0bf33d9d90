#!/usr/bin/env bash
# messages.sh: what the commands say when something is missing or wrong, and
# that it is true for that command: a refused passphrase reassures only where
# something could have changed; a passphrase is never taken on the command
# line (and never repeated back); one piped in without --passphrase-fd gets
# the hint for it; a database that is not there is named; a read with nothing
# to read says so; `tend set` shows the settings.
. "$(dirname "$0")/lib.sh"

PA='messages Zoë: a lamp in the window 7'  # Zoë's passphrase
PB='messages 美咲: rain on the roof 8'       # 美咲's passphrase
SECRET='hunter2-never-shown'                # given on the command line by mistake
DB=$TEND_DB

# nodb NAME: after run, no database was created at $DB.
nodb() {
	if [ -e "$DB" ]; then
		not_ok "$1: no database created" "$(ls -l "$DB"*)"
		rm -f "$DB" "$DB-wal" "$DB-shm"
	else
		ok "$1: no database created"
	fi
}

# ---- a passphrase on the command line ----------------------------------------
# getopt would take --passphrase and --pass as abbreviations of
# --passphrase-fd; tend refuses them, says how to give one, and never
# repeats what followed (it may be the passphrase).

for form in "--passphrase $SECRET" "--passphrase=$SECRET" "--pass $SECRET" \
	"--password $SECRET" "--passwd=$SECRET" "--passphrase"; do
	# shellcheck disable=SC2086 # the words of $form are the option's
	run "$TEND" read --as Zoë $form
	expect_rc "read $form -> 2 (a usage error)" 2
	has "... says passphrases never go on the command line" "$ERR" \
		"tend: passphrases never go on the command line, where others on this computer can see them"
	has "... and how to give one: typed when asked, or on a descriptor" "$ERR" \
		"type yours when tend asks, or give it on a file descriptor, e.g. --passphrase-fd 3 3<pass.txt"
	lacks "... never repeating what was given" "$ERR" "$SECRET"
	lacks "... nor calling it a file descriptor number" "$ERR" "takes the number"
	nodb "read $form"
done
run "$TEND" read --as Zoë --passphrase-fd "$SECRET"
expect_rc "--passphrase-fd with a passphrase instead of a number -> 2" 2
has "... says it takes a descriptor's number, with an example" "$ERR" \
	"--passphrase-fd takes the number of a file descriptor that holds the passphrase, e.g. --passphrase-fd 3 3<pass.txt"
lacks "... never repeating what was given" "$ERR" "$SECRET"
run "$TEND" read --as Zoë "--passphrase-fd=$SECRET"
expect_rc "--passphrase-fd=WORD -> 2" 2
lacks "... never repeating what was given" "$ERR" "$SECRET"
run "$TEND" read --as Zoë "--frobnicate=$SECRET"
expect_rc "an unknown --option=VALUE -> 2" 2
has "... names the option" "$ERR" "unknown or incomplete option '--frobnicate'"
lacks "... but not its value" "$ERR" "$SECRET"

# ---- a database that is not there: named, quoted safely ------------------------

run "$TEND" --db "$E2E_DIR/no such/tend.db" stats
expect_rc "--db of a missing file -> 1" 1
one_line_error "... one line"
has "... names the path and where it came from" "$ERR" \
	"there is no database at '$E2E_DIR/no such/tend.db' (from --db); check the path"
odd=$E2E_DIR/$'bad\e]2;pwned\a\nname.db'
run "$TEND" --db "$odd" read --as Zoë
expect_rc "--db of a path with control characters -> 1" 1
one_line_error "... still one line (its newline shown as \\n)"
lacks "... no escape reaches the terminal" "$ERR" $'\e'
has "... the path shown with codes" "$ERR" "'$E2E_DIR/bad\\x1b]2;pwned\\x07\\nname.db'"
run env TEND_DB="$E2E_DIR/typo.db" "$TEND" stats
has "TEND_DB of a missing file: named, from TEND_DB" "$ERR" \
	"there is no database at '$E2E_DIR/typo.db' (from TEND_DB)"
run env -u TEND_DB "$TEND" stats
has "the usual place, when nothing is set up there: named" "$ERR" \
	"nobody is set up here yet: there is no database at '$XDG_DATA_HOME/tend/tend.db'; run 'tend' or 'tend init' first"
check "... and nothing was created there" test ! -e "$XDG_DATA_HOME/tend"

# ---- no terminal, no --passphrase-fd: the hint ----------------------------------
# setsid: no controlling terminal, as under cron or a CI runner.

run_in "$PA"$'\n'"$PB" setsid -w "$TEND" init --partner Zoë --partner 美咲 --kdf interactive
expect_rc "init with the passphrases piped in, without --passphrase-fd -> 1" 1
has "... says how to give them from a pipe" "$ERR" \
	"no passphrase for Zoë (there is no terminal to ask on: to give it from a pipe or a file, add --passphrase-fd 0); nothing was done"
one_line_error "... in one line"
nodb "init without --passphrase-fd"
run_in "$PA"$'\n'"$PB" setsid -w "$TEND" init --partner Zoë --partner 美咲 --kdf interactive \
	--passphrase-fd 0
expect_rc "... and as it says, with --passphrase-fd 0, it sets them up" 0

run "$TEND" read --as Zoë --passphrase-fd 3 3<<<"$PA"
expect_rc "read with nothing to read yet exits 0" 0
same "... prints nothing on standard output" "$OUT" ""
same "... and says so, on standard error" "$ERR" "tend: nothing for Zoë to read yet"

run_in "$PA" setsid -w "$TEND" read --as Zoë
expect_rc "read with the passphrase piped in, without --passphrase-fd -> 1" 1
same "... says to add --passphrase-fd 0, and nothing more" "$ERR" \
	"tend: no passphrase given (there is no terminal to ask on: to give it from a pipe or a file, add --passphrase-fd 0)"
run_in "$PA" setsid -w "$TEND" read --as Zoë --passphrase-fd 0
expect_rc "... and as it says, with --passphrase-fd 0, it reads" 0

run_in "Zoë's words" setsid -w "$TEND" write --as Zoë
expect_rc "write with its text on standard input and no passphrase -> 1" 1
same "... points to another descriptor: standard input is the text" "$ERR" \
	"tend: no passphrase given (there is no terminal to ask on, and standard input is the text: give the passphrase on another descriptor, e.g. --passphrase-fd 3 3<pass.txt); nothing was written"
printf '%s\n' "$PA" >"$E2E_DIR/pass.txt"
run_in "Zoë alone: the lamp" setsid -w "$TEND" write --as Zoë --passphrase-fd 3 3<"$E2E_DIR/pass.txt"
expect_rc "... and as it says, it writes" 0
run setsid -w "$TEND" write --as Zoë "Zoë alone: an argument"
expect_rc "write TEXT with no passphrase -> 1" 1
has "... where standard input is free, --passphrase-fd 0" "$ERR" "add --passphrase-fd 0); nothing was written"

run_in "$PA" setsid -w "$TEND" export --as Zoë -o "$E2E_DIR/words.md"
has "export without --passphrase-fd: the hint" "$ERR" "add --passphrase-fd 0); nothing was exported"
check "... and no file" test ! -e "$E2E_DIR/words.md"

# ---- a wrong passphrase: true for each command -----------------------------------
# Reading changes nothing, so it says nothing about changes; the others say
# what did not happen.

run "$TEND" read --as Zoë --passphrase-fd 3 3<<<"not hers"
expect_rc "read with a wrong passphrase -> 1" 1
same "... says only that" "$ERR" "tend: wrong passphrase for Zoë"
run "$TEND" export --as Zoë -o "$E2E_DIR/words.md" --passphrase-fd 3 3<<<"not hers"
expect_rc "export with a wrong passphrase -> 1" 1
same "... says nothing was exported" "$ERR" "tend: wrong passphrase for Zoë; nothing was exported"
check "... and writes no file" test ! -e "$E2E_DIR/words.md"
run "$TEND" verify --as Zoë --passphrase-fd 3 3<<<"not hers"
expect_rc "verify --as with a wrong passphrase -> 1" 1
same "... says nothing was checked" "$ERR" "tend: wrong passphrase for Zoë; nothing was checked"
run "$TEND" write --as Zoë "more" --passphrase-fd 3 3<<<"not hers"
same "write with a wrong passphrase: nothing was written" "$ERR" \
	"tend: wrong passphrase for Zoë; nothing was written"
run "$TEND" passphrase --as Zoë --passphrase-fd 3 3<<<"not hers"$'\n'"a new one for Zoë 9"
same "passphrase with a wrong one: nothing was changed" "$ERR" \
	"tend: that is not Zoë's passphrase; nothing was changed"
run "$TEND" recovery --as Zoë --passphrase-fd 3 3<<<"not hers"
same "recovery with a wrong passphrase: no code was made" "$ERR" \
	"tend: wrong passphrase for Zoë; no recovery code was made"
run "$TEND" forget --as Zoë 1 --yes --passphrase-fd 3 3<<<"not hers"
same "forget with a wrong passphrase: nothing was forgotten" "$ERR" \
	"tend: wrong passphrase for Zoë; nothing was forgotten"

# On a terminal: three tries, then the same one line.
tmux_start "$TEND" read --as Zoë
for i in 1 2 3; do
	n=50
	while [ "$n" -gt 0 ] && [ "$(screen | grep -c 'Passphrase for Zoë:')" -lt "$i" ]; do
		sleep 0.1
		n=$((n - 1))
	done
	keys "not hers $i" Enter
done
same "read on a terminal, three wrong tries -> 1" "$(tmux_wait_exit 10)" 1
see "... each refused" "That passphrase doesn't open Zoë's key. Try again."
see "... then it says so" "tend: wrong passphrase for Zoë"
unseen "... and nothing about changes" "nothing was"
unseen "... nor a hint for scripts: it could ask" "--passphrase-fd 0"
tmux_stop

# With something to read, no word about nothing.
run "$TEND" write --as 美咲 --shared "美咲 shared: tea at eight"
run "$TEND" read --as Zoë --passphrase-fd 3 3<<<"$PA"
expect_rc "read with entries -> 0" 0
has "... shows them" "$OUT" "美咲 shared: tea at eight"
same "... and says nothing on standard error" "$ERR" ""
run "$TEND" read --as 美咲 --passphrase-fd 3 3<<<"$PB"
lacks "美咲 reads her own shared entry: no 'nothing to read'" "$ERR" "nothing for"

# ---- tend set: the settings, as it takes them back -------------------------------

run setsid -w "$TEND" set
expect_rc "set alone, needing no passphrase and no terminal -> 0" 0
same "... lists every setting and its value, one a line" "$OUT" "day-boundary 04:00
rest-window 7
bell on
flash on
streaks on
ritual-time 21:00
weekly-day sun
date-night sat
date-time 19:00"
same "... and says nothing else" "$ERR" ""
for c in "bell off" "streaks off" "day-boundary 05:30" "rest-window 10" "weekly-day Friday" \
	"date-night off" "ritual-time 20:15"; do
	# shellcheck disable=SC2086
	"$TEND" set $c
done
run "$TEND" set
listed=$OUT
same "after changes, set lists the new values" "$listed" "day-boundary 05:30
rest-window 10
bell off
flash on
streaks off
ritual-time 20:15
weekly-day fri
date-night off
date-time 19:00"
# Each line pasted back after 'tend set' is taken, and changes nothing.
bad=0
while read -r line; do
	# shellcheck disable=SC2086
	"$TEND" set $line || bad=$((bad + 1))
done <<<"$listed"
same "... each line, pasted back after 'tend set', is taken" "$bad" 0
run "$TEND" set
same "... and leaves every value as it was" "$OUT" "$listed"
run "$TEND" set weekly-day
expect_rc "set KEY -> 0" 0
same "... prints that value alone" "$OUT" "fri"
run "$TEND" set date-night
same "set date-night when off: off" "$OUT" "off"
run "$TEND" set colour
expect_rc "set of an unknown setting alone -> 2" 2
has "... names the settings there are" "$ERR" "no setting 'colour' (day-boundary, rest-window"
run "$TEND" --db "$E2E_DIR/none.db" set
expect_rc "set on a missing database -> 1" 1
check "... creating nothing" test ! -e "$E2E_DIR/none.db"
run "$TEND" --help
has "--help tells of set alone" "$OUT" "set [KEY]             list every setting and its value"

done_testing
