#!/usr/bin/env bash
# escapes.sh: nothing tend prints from what is stored reaches a terminal as
# something the terminal acts on. Each kind is stored as an attacker (or the
# other partner, at the same account) could:
#   - a partner's name changed in the file with the sqlite3 CLI to
#     "Al ESC ]2;TITLE BEL ice" (it retitled the terminal during `tend stats`),
#     and to one with a line break, to pass for a line of tend's own: it is
#     shown on one line (\x0a) by stats, status, verify and plain mode;
#   - a shared journal entry and a shared reflection (its question too) made
#     with the partners' public keys (tests/e2e/forge.c: tend's own sealing,
#     no passphrase needed), holding OSC 52, OSC 0 and 2, SGR, BEL, a C1 CSI,
#     a bare CR, backspaces, DCS, broken UTF-8 and a right-to-left override;
#   - a check-in's plan name changed with sqlite3, and a plan file in the
#     couple's own folder whose error quotes its line;
#   - a right-to-left override written with `tend write` on standard input
#     (tend takes it: it is text; control characters it refuses);
#   - what is typed on the command line (--as, a command), quoted back.
# Then every command that prints them runs, and the RAW bytes of its
# standard output and error (and of the terminal, with script(1), for what
# tend says there) hold no ESC, no C1, no BEL, no CR, no backspace, no
# override, nothing that is not UTF-8, and do hold the visible form: \x1b,
# \u009b, \u202e, \xff (tend/escape.h). JSON is read back with python3's
# json, and each text is the stored one (a broken byte as U+FFFD).
# The screens draw the override as a space. Also: TEXT on the command line is
# said to be visible, on a terminal only.
. "$(dirname "$0")/lib.sh"
uses python3 # clean.py reads what tend wrote, byte by byte

PA='escapes Alice 41 plum' # Alice's passphrase
PB='escapes Bob 42 quince' # Bob's passphrase
DB=$TEND_DB

if ! command -v sqlite3 >/dev/null 2>&1; then
	not_ok "the sqlite3 CLI is installed" "this test changes the database by hand"
	sqlite3() { echo "sqlite3: not installed" >&2; return 127; }
fi

# The forging tool, built against the libtend.a next to the tend under test
# (under the sanitizers too, for a SAN=1 build).
LIBDIR=${BUILD:-$(dirname "$TEND_BIN")}
SANFLAGS=()
case $LIBDIR in *san*) SANFLAGS=("-fsanitize=address,undefined") ;; esac
FORGE=$E2E_DIR/forge
# shellcheck disable=SC2046 # pkg-config's words are meant to split
check "the forging tool builds" cc -std=c11 -D_GNU_SOURCE -Iinclude "${SANFLAGS[@]}" \
	-o "$FORGE" tests/e2e/forge.c "$LIBDIR/libtend.a" $(pkg-config --cflags --libs libsodium) \
	-pthread

# ---- what is stored -----------------------------------------------------------

NAME=$'Al\e]2;TITLE\aice'
NAME_SHOWN='Al\x1b]2;TITLE\x07ice'
ATTACK=$'OSC52 \e]52;c;SGVsbG8=\a OSC0 \e]0;zero\a OSC2 \e]2;two\a SGR \e[31mred\e[0m BEL \a C1 \xc2\x9b2J CR paid\rowed BS yes\b\bno BAD \xff\xfe DCS \eP1$r\e\\ BIDI \xe2\x80\xaeevil\xe2\x80\xac\nline two\tafter a tab'
# Each kind's visible form, as the terminal must show it.
# shellcheck disable=SC1003,SC2016 # backslashes and dollars meant literally
ATTACK_SHOWN=(
	'OSC52 \x1b]52;c;SGVsbG8=\x07' 'OSC0 \x1b]0;zero\x07' 'OSC2 \x1b]2;two\x07'
	'SGR \x1b[31mred\x1b[0m' 'BEL \x07' 'C1 \u009b2J' 'CR paid\x0dowed' 'BS yes\x08\x08no'
	'BAD \xff\xfe' 'DCS \x1bP1$r\x1b\' 'BIDI \u202eevil\u202c' $'line two\tafter a tab'
)
QUESTION=$'What \e]0;q\a made you \xe2\x80\xaelaugh\xe2\x80\xac today\xc2\x85?'
QUESTION_SHOWN='What \x1b]0;q\x07 made you \u202elaugh\u202c today\u0085?'
ANSWER='the kettle song'
PLAN=$'nightly\e]2;plan\a\xe2\x80\xae'
PLAN_SHOWN='nightly\x1b]2;plan\x07\u202e'
RLO=$'a note \xe2\x80\xaereversed\xe2\x80\xac, written by Bob'
RLO_SHOWN='a note \u202ereversed\u202c, written by Bob'

# hexof TEXT: TEXT's bytes in hex, for sqlite3's X'...'.
hexof() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n'; }

set_up Alice "$PA" Bob "$PB"

# forge_entry ID KIND AUTHOR TEXT: a shared entry put in the file.
forge_entry() {
	local pk0 pk1 cols ct s0 s1
	pk0=$(sqlite3 "$DB" "SELECT hex(substr(slot, 5, 32)) FROM partner WHERE idx = 0")
	pk1=$(sqlite3 "$DB" "SELECT hex(substr(slot, 5, 32)) FROM partner WHERE idx = 1")
	cols=$(printf '%s' "$4" | "$FORGE" "$1" "$2" "$3" "$pk0" "$pk1") || return 1
	read -r ct s0 s1 <<<"$cols"
	sqlite3 "$DB" "INSERT INTO entry (id, checkin, kind, author, visibility, night, created,
		seq, ct, seal0, seal1) VALUES ($1, NULL, $2, $3, 1, 20000, 1728000000, 0,
		X'$ct', X'$s0', X'$s1')"
}
check "a forged shared journal entry is put in the file" forge_entry 501 1 1 "$ATTACK"
check "a forged shared reflection, its question too" forge_entry 502 2 0 "$QUESTION"$'\n'"$ANSWER"
check "a check-in whose plan name was changed" sqlite3 "$DB" \
	"INSERT INTO checkin (night, started, plan, planned_s, ran_s, first, pillars, counted,
	 state, step, step_left_ms, step_len_ms, ran_ms, confirmed, phase, cards)
	 VALUES (20000, 1728000000, CAST(X'$(hexof "$PLAN")' AS TEXT),
	 900, 900, 0, 0, 1, 1, 0, 0, 0, 900000, 0, 0, X'')"
printf '%s\n' "$RLO" >"$E2E_DIR/rlo.txt"
"$TEND" write --as Bob --shared <"$E2E_DIR/rlo.txt" >"$E2E_DIR/out" 2>"$E2E_DIR/err"
RC=$? OUT=$(cat "$E2E_DIR/out") ERR=$(cat "$E2E_DIR/err")
expect_rc "a right-to-left override written on standard input is taken" 0
before=$(sqlite3 "$DB" "SELECT count(*) FROM entry")
printf '%s\n' "$ATTACK" | "$TEND" write --as Bob --shared >"$E2E_DIR/out" 2>"$E2E_DIR/err"
RC=$? OUT=$(cat "$E2E_DIR/out") ERR=$(cat "$E2E_DIR/err")
expect_rc "control characters on standard input are refused" 1
has "... saying why" "$ERR" "holds control characters"
same "... and nothing is written" "$(sqlite3 "$DB" "SELECT count(*) FROM entry")" "$before"
check "Alice's name is changed in the file" sqlite3 "$DB" \
	"UPDATE partner SET name = CAST(X'$(hexof "$NAME")' AS TEXT) WHERE idx = 0"

# ---- the raw bytes of every command ------------------------------------------

# clean NAME [--crlf] FILE...: one test: each FILE's raw bytes are UTF-8
# with no control character but newline and tab, no C1, no bidi override;
# with --crlf, a CR right before a newline is allowed (what a terminal's
# line discipline adds, and what iCalendar's lines end with).
cat >"$E2E_DIR/clean.py" <<'PY'
import sys
paths = sys.argv[1:]
crlf = paths[0] == '--crlf'
for path in paths[crlf:]:
    data = open(path, 'rb').read()
    if crlf:
        data = data.replace(b'\r\n', b'\n')
    try:
        text = data.decode('utf-8')
    except UnicodeDecodeError as e:
        print('%s: not UTF-8 at byte %d: %r' % (path, e.start, data[max(0, e.start - 20):e.start + 20]))
        sys.exit(1)
    for i, ch in enumerate(text):
        o = ord(ch)
        if (o < 0x20 and ch not in '\n\t') or 0x7f <= o < 0xa0 or 0x202a <= o <= 0x202e \
                or 0x2066 <= o <= 0x2069:
            print('%s: U+%04X near %r' % (path, o, text[max(0, i - 20):i + 20]))
            sys.exit(1)
PY
clean() {
	local name=$1 log
	shift
	if log=$(python3 "$E2E_DIR/clean.py" "$@" 2>&1); then
		ok "$name"
	else
		not_ok "$name" "$log"
	fi
}

# shows NAME TEXT NEEDLE...: one test: every NEEDLE is in TEXT.
shows() {
	local name=$1 text=$2 n missing=()
	shift 2
	for n in "$@"; do
		printf '%s' "$text" | grep -qF -e "$n" || missing+=("$n")
	done
	if [ ${#missing[@]} -eq 0 ]; then
		ok "$name"
	else
		not_ok "$name" "missing: ${missing[*]}" "in: $text"
	fi
}

# after NAME: the raw stdout and stderr of the last run are clean.
after() {
	clean "$1: raw stdout and stderr hold nothing a terminal acts on" \
		"$E2E_DIR/out" "$E2E_DIR/err"
}

run "$TEND" stats
expect_rc "stats" 0
after "stats"
shows "stats shows the changed name visibly" "$OUT" "$NAME_SHOWN and Bob"

run "$TEND" stats --json
expect_rc "stats --json" 0
after "stats --json"
cp "$E2E_DIR/out" "$E2E_DIR/stats.json"

run with_pass "$PB" "$TEND" read --as Bob
expect_rc "read --as Bob" 0
after "read"
shows "read shows each kind in the text visibly" "$OUT" "${ATTACK_SHOWN[@]}"
shows "read shows the question and the author's name visibly" "$OUT" "$QUESTION_SHOWN" \
	"$ANSWER" "$NAME_SHOWN"
shows "read shows the override written with tend write" "$OUT" "$RLO_SHOWN"

run with_pass "$PB" "$TEND" export --as Bob
expect_rc "export (Markdown) to a pipe" 0
after "export, Markdown"
shows "the Markdown shows each kind visibly" "$OUT" "${ATTACK_SHOWN[@]}" "$QUESTION_SHOWN" \
	"$NAME_SHOWN" "$PLAN_SHOWN" "$RLO_SHOWN"

run with_pass "$PB" "$TEND" export --as Bob -o "$E2E_DIR/words.md"
expect_rc "export -o words.md" 0
after "export -o words.md"
clean "... the Markdown file holds nothing a terminal acts on either" "$E2E_DIR/words.md"
shows "... and shows each kind visibly" "$(cat "$E2E_DIR/words.md")" "${ATTACK_SHOWN[@]}" \
	"$PLAN_SHOWN"

run with_pass "$PB" "$TEND" export --as Bob --format json
expect_rc "export --format json to a pipe" 0
after "export, JSON"
cp "$E2E_DIR/out" "$E2E_DIR/export.json"
run with_pass "$PB" "$TEND" export --as Bob -o "$E2E_DIR/words.json"
expect_rc "export -o words.json" 0
after "export -o words.json"
clean "... the JSON file holds nothing a terminal acts on" "$E2E_DIR/words.json"

# The JSON, read back as a program does.
printf '%s' "$NAME" >"$E2E_DIR/want.name"
printf '%s' "$ATTACK" >"$E2E_DIR/want.attack"
printf '%s' "$QUESTION" >"$E2E_DIR/want.question"
printf '%s' "$PLAN" >"$E2E_DIR/want.plan"
printf '%s' "$RLO" >"$E2E_DIR/want.rlo"
cat >"$E2E_DIR/readback.py" <<'PY'
import json, sys
d = sys.argv[1]
want = {k: open('%s/want.%s' % (d, k), 'rb').read().decode('utf-8', 'replace')
        for k in ('name', 'attack', 'question', 'plan', 'rlo')}
def check(name, ok, detail=''):
    print(('PASS %s' % name) if ok else ('FAIL %s: %s' % (name, detail)))
s = json.load(open(d + '/stats.json', encoding='utf-8'))
check('stats --json: the changed name reads back as stored', s['partners'] == [want['name'], 'Bob'],
      repr(s['partners']))
for f in ('export.json', 'words.json'):
    x = json.load(open('%s/%s' % (d, f), encoding='utf-8'))
    texts = {e['id']: e for e in x['journal'] + x['other_entries']}
    for c in x['checkins']:
        for e in c['entries']:
            texts[e['id']] = e
    check('%s: the partners as stored' % f, x['partners'] == [want['name'], 'Bob'], repr(x['partners']))
    check('%s: the forged text reads back, a broken byte as U+FFFD' % f,
          texts.get(501, {}).get('text') == want['attack'], repr(texts.get(501)))
    check('%s: the question and answer read back, with the author' % f,
          texts.get(502, {}).get('question') == want['question'] and
          texts[502].get('text') == 'the kettle song' and texts[502].get('author') == want['name'],
          repr(texts.get(502)))
    check('%s: the override written with tend write reads back' % f,
          any(e.get('text') == want['rlo'] for e in texts.values()), repr(list(texts.values())))
    check('%s: the changed plan name reads back' % f,
          [c['plan'] for c in x['checkins']] == [want['plan']], repr([c['plan'] for c in x['checkins']]))
PY
py_checks 11 "$E2E_DIR/readback.py" "$E2E_DIR"

run "$TEND" verify
after "verify"
shows "verify names the partner visibly" "$OUT" "$NAME_SHOWN"
run with_pass "$PB" "$TEND" verify --as Bob
after "verify --as Bob"

run "$TEND" backup "$E2E_DIR/b.bak"
expect_rc "backup" 0
after "backup"
shows "backup names who opens it visibly" "$OUT" "$NAME_SHOWN"
run with_pass "$PB" "$TEND" --db "$E2E_DIR/restored.db" restore "$E2E_DIR/b.bak"
after "restore (the names come from the backup)"
shows "restore names the couple visibly" "$OUT$ERR" "$NAME_SHOWN"

run "$TEND" init --partner Ann --partner Bo --kdf interactive --passphrase-fd 3 3<<<$'a\nb'
expect_rc "init over a couple -> 1" 1
after "init again"
shows "... naming them visibly" "$ERR" "$NAME_SHOWN"

run "$TEND" calendar
clean "calendar: raw stdout and stderr hold nothing a terminal acts on" --crlf \
	"$E2E_DIR/out" "$E2E_DIR/err"

# What was typed, quoted back.
run "$TEND" read --as $'Carol\e]2;typed\a'
expect_rc "read --as nobody -> 1" 1
after "an unknown --as"
shows "... quotes it and the names visibly" "$ERR" 'Carol\x1b]2;typed\x07' "$NAME_SHOWN"
run "$TEND" $'frob\e[2Jnicate'
expect_rc "an unknown command -> 2" 2
after "an unknown command"
shows "... quoted visibly" "$ERR" 'frob\x1b[2Jnicate'
run "$TEND" forget --as Bob $'7\e[2J' --yes
after "forget with a bad entry number"
shows "... quoted visibly" "$ERR" '7\x1b[2J'

# ---- on a terminal ------------------------------------------------------------
# script(1) gives tend a terminal and keeps every byte tend wrote to it.

# tty NAME INPUT CMD...: CMD on a terminal fed INPUT; what tend wrote there
# (script's own first and last lines left out) in $TTY, and checked clean.
tty() {
	local name=$1 input=$2
	shift 2
	printf '%s' "$input" |
		script -qefc "$(printf '%q ' "$@")" "$E2E_DIR/tty" >/dev/null 2>&1
	sed -e '1d' -e '$d' "$E2E_DIR/tty" >"$E2E_DIR/tty.tend"
	TTY=$(cat "$E2E_DIR/tty.tend")
	clean "$name: the terminal gets nothing it acts on" --crlf "$E2E_DIR/tty.tend"
}
tty "a passphrase prompt naming the changed name" $'not it\n' "$TEND" read --as "$NAME"
shows "... which it shows visibly" "$TTY" "Passphrase for $NAME_SHOWN"

# A plan in the couple's own folder ($XDG_CONFIG_HOME/tend) whose error quotes
# its line.
mkdir -p "$XDG_CONFIG_HOME/tend/plans"
printf 'title: evil\nspeak 1:00 \xe2\x80\xaeA vulnerability say it\n' \
	>"$XDG_CONFIG_HOME/tend/plans/evil.plan"
tty "a plan's error quoting its line" "" "$TEND" --plan evil
shows "... shows the override visibly" "$TTY" "unknown floor '\\u202eA'"

# TEXT on the command line: said once, on a terminal only.
n=$(sqlite3 "$DB" "SELECT count(*) FROM entry")
tty "write TEXT on a terminal" "" "$TEND" write --as Bob --shared "typed as an argument"
shows "... says the words stay in the shell's history and can be seen" "$TTY" \
	"stay in your shell's history, and others on this computer can see them"
same "... and writes them" "$(sqlite3 "$DB" "SELECT count(*) FROM entry")" $((n + 1))
run "$TEND" write --as Bob --shared "typed in a script"
expect_rc "write TEXT with no terminal" 0
lacks "... says nothing of it (a script's words are its own affair)" "$ERR" "history"
tty "write on a terminal, typed" $'typed at the terminal\n\x04' "$TEND" write --as Bob --shared
shows "... says how to end the text" "$TTY" "press Ctrl-D"
run with_pass "$PB" "$TEND" read --as Bob
has "... and what was typed is kept" "$OUT" "typed at the terminal"

# ---- plain mode -----------------------------------------------------------------
# Line by line (tend --plain), from a pipe: the home it says names the couple.

plain_home() {
	printf 'q\n' | "$TEND" --plain >"$E2E_DIR/out" 2>"$E2E_DIR/err"
	RC=$? OUT=$(cat "$E2E_DIR/out") ERR=$(cat "$E2E_DIR/err")
}
plain_home
expect_rc "plain mode, home and quit" 0
after "plain mode"
shows "... names the couple visibly" "$OUT" "Home: $NAME_SHOWN and Bob."

# ---- a name with a line break ----------------------------------------------------
# tend never keeps a line break or a tab in a name, so one in the file was put
# there to pass for a line of tend's own. Everywhere the name is shown it is
# one line, the break shown as \x0a: no line starts with the forged words.
LINE_NAME=$'Al\nTonight: done\tice'
LINE_SHOWN='Al\x0aTonight: done\x09ice'
# one_line NAME: the last run showed LINE_SHOWN, and no line of it (or of
# its standard error) starts with what came after the break.
one_line() {
	shows "$1 shows the name on one line" "$OUT$ERR" "$LINE_SHOWN"
	if printf '%s\n%s\n' "$OUT" "$ERR" | grep -q '^Tonight: done'; then
		not_ok "$1: no line passes for tend's own" "$OUT$ERR"
	else
		ok "$1: no line passes for tend's own"
	fi
}
check "Alice's name is changed to hold a line break and a tab" sqlite3 "$DB" \
	"UPDATE partner SET name = CAST(X'$(hexof "$LINE_NAME")' AS TEXT) WHERE idx = 0"
run "$TEND" stats
one_line "stats"
run "$TEND" status --format '%p'
one_line "status"
run "$TEND" verify
one_line "verify"
plain_home
one_line "plain mode"
run "$TEND" read --as "$LINE_SHOWN" --passphrase-fd 3 3<<<"$PA"
expect_rc "--as takes the shown form, and unlocking is refused" 1
has "... since the name is bound to the key: the record was changed" "$ERR" \
	"the record of the partners in this database was changed"
check "Alice's name is put back" sqlite3 "$DB" \
	"UPDATE partner SET name = CAST(X'$(hexof "$NAME")' AS TEXT) WHERE idx = 0"

# ---- the screens ---------------------------------------------------------------
# They draw what a terminal would act on as a space, by the same rule
# (escape_is_unsafe): the override Bob wrote reaches the screen as none.

tui
journal_as 2 Bob "$PB"
see "Bob's journal opens" "Bob's journal" 10
see "... showing the entry he wrote with an override" "reversed"
lacks "... drawn without the override" "$(screen)" $'\xe2\x80\xae'
keys Escape
wait_for "Tonight: not yet"
keys q
quit_clean "the screens" "$PB"

done_testing
