#!/usr/bin/env bash
# status.sh: tend status, the line for a shell prompt or a status bar, in
# each state and its exit status: nobody set up (no database: nothing
# created, nothing on stderr; an empty file), not yet (3), a check-in under
# way while the screens are open and interrupted after a kill -9 (4), done
# after a check-in that counted (0, with the screens still open on home),
# across the night boundary (03:59:59 still that night, 04:00 the next), a
# rest night, a time-out and a short one (0; the last two put in the file
# with the sqlite3 CLI, as a script could). Then --format: every piece, %%,
# the streak hidden by 'tend set streaks off', and each bad format refused
# (2) before any file is opened; a partner's name changed in the file to
# hold an escape sequence, a line break and a direction override comes out
# visible, on one line; it never asks for anything (standard input closed,
# no terminal); it changes no byte of the database and leaves no -wal or
# -shm, also on a read-only file; a file that is not tend's is one line on
# stderr (1); and --help says all of it.
. "$(dirname "$0")/lib.sh"

needs sqlite3 "the time-out, the short night and the forged name are put in the file with it"

PZ='status key Zoë 7'  # Zoë's passphrase
PM='status key 美咲 8' # 美咲's passphrase
DB=$TEND_DB
N1=$TEND_TEST_DATE   # a check-in: under way, interrupted, then done
N2=$(nights_later 1) # a rest night
N3=$(nights_later 2) # a time-out
N4=$(nights_later 3) # a short one
D1=$(night_of "$N1")
MORNING=$(date -u -d "$D1 1 day" +%F) # the day the night of N1 ends, at 04:00

# night_number DATE: the night DATE as tend keeps it (days since 1970-01-01).
night_number() { echo $(($(date -u -d "$1" +%s) / 86400)); }

# status_at TIME ARG...: tend status at TIME, kept as run keeps it.
status_at() { run tend_at "$1" status "${@:2}"; }

# line_is NAME WANT: after run, standard output is exactly the line WANT
# (one newline, at its end) and standard error is empty.
line_is() {
	local got
	got=$(od -An -c "$E2E_DIR/out" | tr -d ' \n')
	if [ "$OUT" = "$2" ] && [ "$(wc -l <"$E2E_DIR/out")" -eq 1 ] &&
		[ "${got: -2}" = '\n' ] && [ -z "$ERR" ]; then
		ok "$1"
	else
		not_ok "$1" "stdout: $OUT (bytes: $got)" "wanted: $2" "stderr: $ERR"
	fi
}

# word_becomes WANT: polls tend status until its word is WANT (10 s at most).
word_becomes() {
	local i
	for ((i = 0; i < 100; i++)); do
		[ "$("$TEND" status --format %t 2>/dev/null)" = "$1" ] && return 0
		sleep 0.1
	done
	return 1
}

# ---- nobody set up ---------------------------------------------------------

run "$TEND" status
expect_rc "no database: exit 5" 5
line_is "no database: 'tend: not set up yet', nothing on stderr" "tend: not set up yet"
run "$TEND" status --format '[%t|%s|%n|%w|%p|%o|%%]'
line_is "... the pieces: its word, its words, the rest empty" "[not-set-up|not set up yet|||||%]"
if [ ! -e "$DB" ] && [ ! -e "$DB-wal" ] && [ ! -e "$DB-shm" ]; then
	ok "... and no database is created"
else
	not_ok "... and no database is created" "$(ls -la "$E2E_DIR")"
fi
run "$TEND" --db "$E2E_DIR/no/such/folder/tend.db" status
expect_rc "a database in a folder that is not there: exit 5" 5
if [ ! -e "$E2E_DIR/no" ]; then ok "... and no folder is made"; else not_ok "... and no folder is made"; fi
run env -u TEND_DB "$TEND" status
expect_rc "the default database, absent: exit 5" 5
if [ ! -e "$XDG_DATA_HOME/tend" ]; then
	ok "... and its folder is not made ($XDG_DATA_HOME/tend)"
else
	not_ok "... and its folder is not made" "$(ls -la "$XDG_DATA_HOME")"
fi
: >"$E2E_DIR/empty.db"
run "$TEND" --db "$E2E_DIR/empty.db" status
expect_rc "an empty file: nobody set up, exit 5" 5
line_is "... said the same way" "tend: not set up yet"
same "... and the file stays empty" "$(stat -c %s "$E2E_DIR/empty.db")" 0

# ---- not yet -----------------------------------------------------------------

set_up Zoë "$PZ" 美咲 "$PM"
run "$TEND" status
expect_rc "not yet: exit 3" 3
line_is "not yet: 'tend: tonight not yet'" "tend: tonight not yet"
run "$TEND" status --format '%t|%s|%n|%w|%p|%o|%%|100%%'
line_is "not yet: every piece" "not-yet|tonight not yet|0|0|Zoë & 美咲|Zoë|%|100%"

# ---- a check-in under way, then interrupted ------------------------------------

tui
wait_for "Tonight: not yet - Zoë opens"
keys c
wait_for "Waiting for both of you"
keys 1 2
wait_for "turn 2 of 6" 6
if word_becomes under-way; then
	ok "while the check-in runs on the screens: under-way"
else
	not_ok "while the check-in runs on the screens: under-way" \
		"status: $("$TEND" status --format %t 2>&1)"
fi
run "$TEND" status
expect_rc "under way: exit 4" 4
line_is "under way: 'tend: check-in under way'" "tend: check-in under way"
pid=$(tmux_pid)
if [ -n "$pid" ] && kill -KILL "$pid"; then ok "tend is killed mid-turn"; else not_ok "tend is killed mid-turn"; fi
same "... (status 137)" "$(tmux_wait_exit 5)" 137
run "$TEND" status
expect_rc "interrupted: exit 4" 4
line_is "interrupted: said so" "tend: tonight's check-in was interrupted"
run "$TEND" status --format %t
line_is "... its word" "interrupted"

# ---- done ---------------------------------------------------------------------

tui
see "the next start offers the interrupted check-in" "Welcome back"
keys d
wait_for "Discard the interrupted check-in?"
keys y
see "... discarded" "Tonight: not yet"
run "$TEND" status --format %t
line_is "discarded: not yet again" "not-yet"
if quick_checkin; then ok "a check-in that counts"; else not_ok "a check-in that counts"; fi
keys Enter
see "home says tonight is done" "Tonight: done"
run "$TEND" status
expect_rc "done, with the screens open on home: exit 0" 0
line_is "done: 'tend: done tonight'" "tend: done tonight"
run "$TEND" status --format '%t %n %w %o'
line_is "done: streak 1, 1 night together, 美咲 opens the next" "done 1 1 美咲"
keys q
quit_clean "home"

# ---- the night boundary --------------------------------------------------------

status_at "$MORNING 03:59:59"
expect_rc "at 03:59:59 the night is still the evening's: exit 0" 0
line_is "... done tonight" "tend: done tonight"
status_at "$MORNING 04:00:00"
expect_rc "at 04:00 a new night, early in it, after last night's check-in: exit 0" 0
line_is "... says what just happened, as home does" "tend: last night's check-in is saved"
status_at "$MORNING 04:00:00" --format %t
line_is "... as one word" "last-night"
status_at "$MORNING 04:00:00" --format %n
line_is "... with the streak of 1 still alive" "1"
status_at "$MORNING 12:00:00"
expect_rc "at noon, the evening ahead: exit 3" 3
line_is "... not yet" "tend: tonight not yet"

# ---- a rest night, a time-out, a short one --------------------------------------

tui --at "$N2"
wait_for "Tonight: not yet"
keys r
wait_for "Make tonight a rest night?"
keys y
see "a rest night is taken on the screens" "Tonight: a rest night"
keys q
quit_clean "rest night"
status_at "$N2"
expect_rc "a rest night: exit 0" 0
line_is "... 'tend: a rest night'" "tend: a rest night"
status_at "$N2" --format '%t %n'
line_is "... its word, and the streak waits" "rest 1"

# ended = 2: a time-out (not counted); ended = 1 and not counted: a short one
for row in "$N3 2" "$N4 1"; do
	read -r d t ended <<<"$row"
	sqlite3 "$DB" "INSERT INTO checkin (night, started, plan, planned_s, ran_s, first,
		pillars, counted, state, step, step_left_ms, step_len_ms, ran_ms, confirmed, phase,
		cards, ended) VALUES ($(night_number "$(night_of "$d $t")"), 0, 'nightly', 900, 60, 0,
		0, 0, 1, 0, 0, 0, 60000, 3, 3, X'', $ended)" ||
		not_ok "a check-in is put in the file for $d"
done
status_at "$N3"
expect_rc "a time-out: exit 0" 0
line_is "... 'tend: a time-out tonight'" "tend: a time-out tonight"
status_at "$N4"
expect_rc "a short one: exit 0" 0
line_is "... 'tend: a short one tonight'" "tend: a short one tonight"
status_at "$N4" --format %t
line_is "... its word" "short"

# ---- --format -------------------------------------------------------------------

"$TEND" set streaks off
run "$TEND" status --format '[%n] %w'
line_is "streaks off: %n is empty, %w stays" "[] 1"
"$TEND" set streaks on
run "$TEND" status --format '[%n]'
line_is "streaks on again: %n is back" "[1]"
run "$TEND" status --format ''
line_is "an empty format: an empty line" ""

# bad FMT DESCRIPTION NEEDLE: --format FMT is a usage error (exit 2) saying
# NEEDLE, with nothing on standard output.
bad() {
	run "$TEND" status --format "$1"
	expect_rc "--format $2: usage error, exit 2" 2
	has "... saying why" "$ERR" "$3"
	same "... nothing on standard output" "$OUT" ""
}
bad '%q' "with an unknown placeholder" "%q is not one of its pieces"
bad 'tend %' "ending in a lone %" "lone %"
bad '%é' "with a placeholder that is a letter of another alphabet" "%é is not one of its pieces"
bad $'tend\n%s' "with a line break" "control character"
bad $'\e[31m%s' "with an escape sequence" "control character"
bad $'%s\xff' "with a byte that is not UTF-8" "not UTF-8"
run "$TEND" status --json
expect_rc "status --json: usage error, exit 2" 2
run "$TEND" status extra
expect_rc "status with an argument: usage error, exit 2" 2
run "$TEND" status --as Zoë
expect_rc "status --as: usage error, exit 2" 2
run "$TEND" --db "$E2E_DIR/none.db" status --format '%q'
expect_rc "a bad format is refused before any file is looked at" 2
if [ ! -e "$E2E_DIR/none.db" ]; then ok "... creating none"; else not_ok "... creating none"; fi

# ---- a name changed in the file ---------------------------------------------------

hexof() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n'; }
cp "$DB" "$E2E_DIR/forged.db"
NAME=$'Al\e]2;TITLE\aice\nLine\tTab\xe2\x80\xaeevil\xe2\x80\xa8'
# shellcheck disable=SC1003 # backslashes meant literally
SHOWN='Al\x1b]2;TITLE\x07ice\x0aLine\x09Tab\u202eevil\u2028'
check "a partner's name is changed in the file" sqlite3 "$E2E_DIR/forged.db" \
	"UPDATE partner SET name = CAST(X'$(hexof "$NAME")' AS TEXT) WHERE idx = 0"
run "$TEND" --db "$E2E_DIR/forged.db" status --format '%p / %o'
line_is "the name is shown visibly, on one line" "$SHOWN & 美咲 / 美咲"
ctl=$(od -An -v -tx1 "$E2E_DIR/out" | tr -s ' ' '\n' | grep -cE '^(0[0-9a-f]|1[0-9a-f]|7f)$')
same "... its raw bytes hold no control character but the line's end" "$ctl" 1

# ---- it asks nothing and changes nothing ---------------------------------------------

sum() { sha256sum "$DB" | cut -d' ' -f1; }
before=$(sum)
# stdin closed, no terminal (a new session), and a time limit: a prompt would fail
run sh -c 'exec 0<&-; exec "$@"' sh timeout 10 setsid -w "$TEND" status
expect_rc "standard input closed and no terminal: answered (exit 0)" 0
line_is "... with its line, asking nothing" "tend: done tonight"
same "no byte of the database changed" "$(sum)" "$before"
if [ ! -e "$DB-wal" ] && [ ! -e "$DB-shm" ]; then
	ok "... and no -wal or -shm is left beside it"
else
	not_ok "... and no -wal or -shm is left beside it" "$(ls -la "$(dirname "$DB")")"
fi
chmod 0400 "$DB"
run "$TEND" status
expect_rc "a read-only database is read (exit 0)" 0
line_is "... the same line" "tend: done tonight"
same "... unchanged" "$(sum)" "$before"
chmod 0600 "$DB"

printf 'not a database, just words\n' >"$E2E_DIR/words.db"
run "$TEND" --db "$E2E_DIR/words.db" status
expect_rc "a file that is not tend's: exit 1" 1
one_line_error "... one line 'tend: ...' on stderr"
same "... and nothing on standard output" "$OUT" ""

# ---- --help -----------------------------------------------------------------------

run "$TEND" --help
has "--help lists status" "$OUT" "status [--format FMT]"
for piece in "%s tonight in words" "%t as a word" "%n the nightly" "%w nights" \
	"%p your names" "%o who opens" "%% a percent sign"; do
	has "--help names $piece" "$(flat "$OUT")" "$piece"
done
has "--help gives status's exit statuses" "$(flat "$OUT")" \
	"Exit status: 0 done, a rest night, a time-out or a short one (or last night's, early in the day); 3 not yet; 4 a check-in under way or interrupted; 5 nobody set up here"

done_testing
