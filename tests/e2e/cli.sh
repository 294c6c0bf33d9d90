#!/usr/bin/env bash
# cli.sh: tend's commands (init, write, read, stats, set) driven as a script
# would: exit statuses, messages, who may read what, nothing in plain text
# on disk, files and folders private, foreign or damaged databases refused.
# Streaks across nights need check-ins, which only the screens make: those
# are in the screen tests.
. "$(dirname "$0")/lib.sh"

PA='correct horse Zoë 1'    # Zoë's passphrase
PB='battery staple 美咲 2'  # 美咲's passphrase
DB=$TEND_DB

# The sqlite3 CLI makes foreign, newer and damaged databases below; python3
# reads the JSON back.
uses sqlite3 python3

# with_pass PASS CMD...: runs CMD (tend ...) with PASS on descriptor 3.
with_pass() {
	local pass=$1
	shift
	"$@" --passphrase-fd 3 3<<<"$pass"
}

# ---- before setup ---------------------------------------------------------

run "$TEND" --help
expect_rc "--help exits 0" 0
has "--help lists the commands" "$OUT" "init --partner NAME"
run "$TEND" -h
expect_rc "-h exits 0" 0
run "$TEND" --version
expect_rc "--version exits 0" 0
has "--version names tend" "$OUT" "tend "
run "$TEND" -V
expect_rc "-V exits 0" 0

# usage NAME ARGS...: tend ARGS is a usage error (exit 2) that leaves no
# database behind (a mistyped command must not create files).
usage() {
	local name=$1
	shift
	run "$TEND" "$@"
	expect_rc "$name -> 2" 2
	if [ -e "$DB" ]; then
		not_ok "$name: no database created" "tend $* created $DB"
		rm -f "$DB" "$DB-wal" "$DB-shm"
	else
		ok "$name: no database created"
	fi
}

usage "unknown option" --frobnicate
has "unknown option is named" "$ERR" "--frobnicate"
usage "unknown short option" -z
usage "unknown command" frobnicate
has "unknown command is named" "$ERR" "frobnicate"
usage "init with one partner" init --partner Zoë --kdf interactive
usage "init with three partners" init --partner A --partner B --partner C
usage "init with an unknown --kdf" init --partner A --partner B --kdf extreme
usage "write without --as" write "some text"
usage "read without --as" read
usage "stats with an extra argument" stats extra
usage "--passphrase-fd of a closed descriptor" read --as Zoë --passphrase-fd 9
usage "--passphrase-fd not a number" read --as Zoë --passphrase-fd nine
usage "--db without a value" --db
usage "set of an unknown setting, without a value" set colour
usage "set bell maybe" set bell maybe

run "$TEND" stats
expect_rc "stats before setup -> 1" 1
one_line_error "stats before setup: one line 'tend: ...'"
run "$TEND" write --as Zoë "too early"
expect_rc "write before setup -> 1" 1
run "$TEND"
expect_rc "the screens without a terminal -> 1" 1
one_line_error "the screens without a terminal: one line 'tend: ...'"

# A failed init (the second passphrase missing) leaves nothing set up.
run_in "$PA" "$TEND" init --partner Zoë --partner 美咲 --kdf interactive --passphrase-fd 0
expect_rc "init with one passphrase for two -> 1" 1
has "init names whose passphrase is missing" "$ERR" "美咲"
run "$TEND" stats
expect_rc "after a failed init nothing is set up" 1
run_in "" "$TEND" init --partner Zoë --partner 美咲 --kdf interactive --passphrase-fd 0
expect_rc "init with an empty passphrase -> 1" 1
run "$TEND" init --partner Zoë --partner Zoë --kdf interactive --passphrase-fd 3 \
	3<<<"$PA"$'\n'"$PB"
expect_rc "init with the same name twice -> 1" 1
long=$(printf 'x%.0s' $(seq 65))
run "$TEND" init --partner "$long" --partner 美咲 --kdf interactive --passphrase-fd 3 \
	3<<<"$PA"$'\n'"$PB"
expect_rc "init with a 65-byte name -> 1" 1

# ---- setup ----------------------------------------------------------------

run "$TEND" init --partner Zoë --partner 美咲 --kdf interactive --passphrase-fd 3 \
	3<<<"$PA"$'\n'"$PB"
expect_rc "init Zoë and 美咲 with --passphrase-fd" 0
has "init says who is set up" "$OUT" "美咲"
lacks "init prints no passphrase" "$OUT$ERR" "$PA"
run "$TEND" init --partner Ann --partner Bo --kdf interactive --passphrase-fd 3 \
	3<<<"p1"$'\n'"p2"
expect_rc "init twice -> 1" 1
one_line_error "init twice: one line 'tend: ...'"

run "$TEND" stats
expect_rc "stats" 0
has "stats shows both names" "$OUT" "Zoë and 美咲"
has "stats shows the nightly streak" "$OUT" "Nightly streak: 0"
for p in Vulnerability "Active Listening" Empathy "Consistent Affirmation" "Shared Experiences"; do
	has "stats shows $p" "$OUT" "$p"
done

run "$TEND" stats --json
expect_rc "stats --json" 0
json=$OUT
check "stats --json is valid JSON (python3 -m json.tool)" python3 -m json.tool "$E2E_DIR/out"
same "stats --json is one line" "$(printf '%s\n' "$json" | wc -l | tr -d ' ')" 1
for key in '"partners":["Zoë","美咲"]' "\"tonight\":\"$(test_night)\"" '"tonight_done":false' \
	'"nights_total":0' '"nightly":{"current":0,"longest":0}' '"vulnerability":{' \
	'"listening":{' '"empathy":{' '"affirmation":{' '"shared":{'; do
	has "stats --json has $key" "$json" "$key"
done
case $json in
'{'*'}') ok "stats --json is one object" ;;
*) not_ok "stats --json is one object" "$json" ;;
esac

# ---- writing and reading --------------------------------------------------

ZP='Zoë private: the red kite over the marsh'
ZS='Zoë shared: let us walk on Sunday 🌿'
MP='美咲 private: 静かな夜が好き'
MS='美咲 shared: thank you for the tea'
ML=$'美咲 private, two lines:\nthe second line'

run setsid -w "$TEND" write --as Zoë "$ZP"
expect_rc "write private with no passphrase to give -> 1" 1
same "... it needs the author's passphrase, and says nothing was written" "$ERR" \
	"tend: no passphrase given (there is no terminal to ask on: to give it from a pipe or a file, add --passphrase-fd 0); nothing was written"
run with_pass "not hers" "$TEND" write --as Zoë "$ZP"
expect_rc "write private with a wrong passphrase -> 1" 1
same "... says so" "$ERR" "tend: wrong passphrase for Zoë; nothing was written"
run with_pass "$PB" "$TEND" write --as Zoë "$ZP"
expect_rc "write private with the other partner's passphrase -> 1" 1
run with_pass "$PA" "$TEND" write --as Zoë "$ZP"
expect_rc "write private from an argument, with her passphrase" 0
run "$TEND" write --as Zoë --shared "$ZS"
expect_rc "write --shared from an argument" 0
run_in "$MP" with_pass "$PB" "$TEND" write --as 美咲
expect_rc "write private from standard input" 0
run_in "$MS" "$TEND" write --as 美咲 --shared
expect_rc "write --shared from standard input" 0
run_in "$ML" with_pass "$PB" "$TEND" write --as 美咲
expect_rc "write two lines from standard input" 0
run with_pass "$PA" "$TEND" write --as zoë "$ZP (case)"
expect_rc "--as matches a name case-insensitively" 0

run "$TEND" write --as Bob "x"
expect_rc "write --as an unknown partner -> 1" 1
one_line_error "unknown partner: one line 'tend: ...'"
run "$TEND" write --as Zoë ""
expect_rc "write an empty text -> 1" 1
run_in "" "$TEND" write --as Zoë
expect_rc "write empty standard input -> 1" 1
run "$TEND" write --as Zoë "$(printf 'bad \377 byte')"
expect_rc "write invalid UTF-8 -> 1" 1
run "$TEND" write --as Zoë one two
expect_rc "write with two text arguments -> 2" 2
head -c 70000 /dev/zero | tr '\0' 'a' >"$E2E_DIR/big"
"$TEND" write --as Zoë <"$E2E_DIR/big" >"$E2E_DIR/out" 2>"$E2E_DIR/err"
RC=$? OUT= ERR=$(cat "$E2E_DIR/err")
expect_rc "write of more than 64 KiB -> 1" 1

run with_pass "$PA" "$TEND" read --as Zoë
expect_rc "read --as Zoë" 0
zread=$OUT
has "Zoë reads her private entry" "$zread" "$ZP"
has "Zoë reads her shared entry" "$zread" "$ZS"
has "Zoë reads 美咲's shared entry" "$zread" "$MS"
lacks "Zoë never sees 美咲's private entry" "$zread" "$MP"
lacks "Zoë never sees 美咲's private two-line entry" "$zread" "the second line"
has "an emoji comes back intact" "$zread" "🌿"

run with_pass "$PB" "$TEND" read --as 美咲
expect_rc "read --as 美咲" 0
mread=$OUT
has "美咲 reads her private entry" "$mread" "$MP"
has "美咲 reads her shared entry" "$mread" "$MS"
has "美咲 reads Zoë's shared entry" "$mread" "$ZS"
has "美咲 reads both lines of a two-line entry" "$mread" "$ML"
lacks "美咲 never sees Zoë's private entry" "$mread" "$ZP"
lacks "read prints no passphrase" "$zread$mread" "$PA"

# The wrong passphrase: exit 1, one line, nothing changed.
cp "$DB" "$E2E_DIR/before.db"
run with_pass "$PB" "$TEND" read --as Zoë
expect_rc "read with the wrong passphrase -> 1" 1
one_line_error "wrong passphrase: one line 'tend: ...'"
same "wrong passphrase: nothing printed" "$OUT" ""
lacks "wrong passphrase: the passphrase is not echoed" "$ERR" "$PB"
run with_pass "" "$TEND" read --as Zoë
expect_rc "read with an empty passphrase -> 1" 1
check "wrong passphrase: the database bytes are unchanged" cmp "$DB" "$E2E_DIR/before.db"
run with_pass "$PA" "$TEND" read --as Zoë
same "wrong passphrase: Zoë reads the same afterwards" "$OUT" "$zread"
run with_pass "$PA" "$TEND" read --as Nobody
expect_rc "read --as an unknown partner -> 1" 1
run "$TEND" read --as Zoë --passphrase-fd 3 3</dev/null
expect_rc "read with no passphrase line at all -> 1" 1

# A passphrase is never on a command line (ps) nor in the environment:
# tend is caught waiting for it on a pipe.
fifo=$E2E_DIR/pass.fifo
mkfifo "$fifo"
"$TEND" read --as Zoë --passphrase-fd 3 3<>"$fifo" >"$E2E_DIR/psread" 2>&1 &
pid=$!
for _ in $(seq 50); do
	[ "$(readlink "/proc/$pid/exe" 2>/dev/null)" = "$(readlink -f "$TEND")" ] && break
	sleep 0.1
done
# ps_sample: what anyone on the machine could see of tend now.
ps_sample() {
	{
		ps -ww -eo pid,args
		tr '\0' '\n' <"/proc/$pid/environ"
		tr '\0' ' ' <"/proc/$pid/cmdline"
	} >>"$E2E_DIR/ps" 2>/dev/null
}
ps_sample
printf '%s\n' "$PA" >"$fifo"
while kill -0 "$pid" 2>/dev/null; do
	ps_sample
done
wait "$pid"
RC=$? OUT=$(cat "$E2E_DIR/psread") ERR=
expect_rc "read with the passphrase from a pipe" 0
has "ps saw tend running" "$(cat "$E2E_DIR/ps")" "read --as Zoë"
lacks "the passphrase never appears in ps or /proc" "$(cat "$E2E_DIR/ps")" "$PA"

assert_no_plaintext "$DB" "$ZP" "$ZS" "$MP" "$MS" "the second line" "red kite" \
	"静かな夜" "thank you for the tea" "$PA" "$PB" "correct horse" "battery staple"

# The check above can fail: the names are kept in plain text by design.
if grep -a -q -F -e "美咲" "$DB"; then
	ok "the plaintext check sees plain text (a name)"
else
	not_ok "the plaintext check sees plain text (a name)" "美咲 not found in $DB"
fi

# While another connection holds the database open, SQLite keeps the -wal
# and -shm files: what tend writes lands there first, and must be sealed
# there too.
mkfifo "$E2E_DIR/hold.fifo"
exec 5<>"$E2E_DIR/hold.fifo"
sqlite3 "$DB" <&5 >/dev/null 2>&1 &
holder=$!
echo 'SELECT count(*) FROM entry;' >&5
sleep 0.3
WT='wal text: the lantern by the door'
run with_pass "$PA" "$TEND" write --as Zoë "$WT"
expect_rc "write while another connection holds the database" 0
run "$TEND" write --as 美咲 --shared "$WT (shared)"
check "the -wal file is kept while the database is held" test -s "$DB-wal"
same "the -wal file is mode 0600" "$(stat -c %a "$DB-wal" 2>&1)" 600
same "the -shm file is mode 0600" "$(stat -c %a "$DB-shm" 2>&1)" 600
assert_no_plaintext "$DB" "$WT" "lantern by the door" "$ZP" "$MS" "$PA" "$PB"
echo '.quit' >&5
wait "$holder"
exec 5>&-

# ---- files and folders ----------------------------------------------------

same "the database given by TEND_DB is mode 0600" "$(stat -c %a "$DB")" 600
(
	umask 022
	unset TEND_DB
	"$TEND" init --partner Ann --partner Bo --kdf interactive --allow-weak --passphrase-fd 3 \
		3<<<"p1"$'\n'"p2" >/dev/null 2>&1
)
def=$XDG_DATA_HOME/tend/tend.db
check "without --db or TEND_DB the database is \$XDG_DATA_HOME/tend/tend.db" test -f "$def"
same "the default database is mode 0600 (umask 022)" "$(stat -c %a "$def" 2>&1)" 600
same "its folder is mode 0700 (umask 022)" "$(stat -c %a "$XDG_DATA_HOME/tend" 2>&1)" 700
(
	unset TEND_DB XDG_DATA_HOME
	"$TEND" init --partner Ann --partner Bo --kdf interactive --allow-weak --passphrase-fd 3 \
		3<<<"p1"$'\n'"p2" >/dev/null 2>&1
)
check "without XDG_DATA_HOME it is ~/.local/share/tend/tend.db" \
	test -f "$HOME/.local/share/tend/tend.db"
run "$TEND" --db "$def" stats
has "--db picks the database" "$OUT" "Ann and Bo"
run env TEND_DB="$def" "$TEND" stats
has "TEND_DB picks the database" "$OUT" "Ann and Bo"

# ---- settings -------------------------------------------------------------

run "$TEND" set day-boundary 05:00
expect_rc "set day-boundary 05:00" 0
run "$TEND" stats
expect_rc "stats after changing the day boundary" 0
run "$TEND" stats --json
has "stats --json after changing the day boundary" "$OUT" '"nightly":{'
run "$TEND" set bell off
expect_rc "set bell off" 0
run "$TEND" set flash on
expect_rc "set flash on" 0
run "$TEND" set bell maybe
expect_rc "set bell maybe -> 2" 2
run "$TEND" set day-boundary 25:00
expect_rc "set day-boundary 25:00 -> 2" 2
run "$TEND" set day-boundary 5
expect_rc "set day-boundary 5 -> 2" 2
run "$TEND" set colour blue
expect_rc "set an unknown setting -> 2" 2
run "$TEND" set bell
expect_rc "set with only a setting -> 0" 0
same "... prints its value" "$OUT" "off"

# ---- which night: the day boundary -------------------------------------------
# At the times of the day of the suite's clock (tests/clock.sh), so a run on
# a DST change day checks the boundary on that day.

day=${TEND_TEST_DATE:0:10}
eve=$(date -u -d "$day -1 day" +%F) # the evening before
ndb=$E2E_DIR/night.db
"$TEND" --db "$ndb" init --partner Zoë --partner 美咲 --kdf interactive \
	--passphrase-fd 3 3<<<"$PA"$'\n'"$PB" >/dev/null 2>&1
at() { faked "$1" "$TEND" --db "$ndb" "${@:2}"; }
run at "$day 03:59:59" stats --json
has "at 03:59:59 tonight is still the evening before (boundary 04:00)" "$OUT" \
	"\"tonight\":\"$eve\""
run at "$day 04:00:00" stats --json
has "at 04:00 a new night starts" "$OUT" "\"tonight\":\"$day\""
run at "$day 03:30:00" write --as Zoë --passphrase-fd 3 "written at half past three" \
	3<<<"$PA"
expect_rc "write at 03:30" 0
run at "$day 03:30:00" read --as Zoë --passphrase-fd 3 3<<<"$PA"
has "an entry at 03:30 belongs to the evening before" "$OUT" "== $eve "
run "$TEND" --db "$ndb" set day-boundary 03:00
run at "$day 03:30:00" stats --json
has "with the boundary at 03:00, 03:30 is already the new night" "$OUT" \
	"\"tonight\":\"$day\""
run "$TEND" --db "$ndb" set day-boundary 00:00
run at "$day 23:59:00" stats --json
has "with the boundary at 00:00, 23:59 is the same night" "$OUT" "\"tonight\":\"$day\""
run at "$day 00:00:00" stats --json
has "... and 00:00 starts it" "$OUT" "\"tonight\":\"$day\""

# ---- two writers at once --------------------------------------------------

for i in 1 2 3 4 5 6; do
	"$TEND" write --as Zoë --shared "parallel note $i" >"$E2E_DIR/par$i" 2>&1 &
	eval "ppid$i=\$!"
done
prc=0
for i in 1 2 3 4 5 6; do
	eval "wait \$ppid$i" || { prc=$?; diag "writer $i: exit $prc: $(cat "$E2E_DIR/par$i")"; }
done
same "six concurrent writers all succeed" "$prc" 0
run with_pass "$PB" "$TEND" read --as 美咲
same "all six concurrent entries are there" \
	"$(printf '%s\n' "$OUT" | grep -c '^parallel note [1-6]$')" 6

# ---- databases tend must refuse ------------------------------------------

# Random bytes.
head -c 65536 /dev/urandom >"$E2E_DIR/random.db"
cp "$E2E_DIR/random.db" "$E2E_DIR/random.copy"
run "$TEND" --db "$E2E_DIR/random.db" stats
expect_rc "a file of random bytes -> 1" 1
one_line_error "a file of random bytes: one line 'tend: ...'"
check "a file of random bytes is left unchanged" cmp "$E2E_DIR/random.db" "$E2E_DIR/random.copy"
check "a file of random bytes gets no -wal or -shm" \
	test ! -e "$E2E_DIR/random.db-wal" -a ! -e "$E2E_DIR/random.db-shm"
run "$TEND" --db "$E2E_DIR/random.db" write --as Zoë "x"
expect_rc "write into random bytes -> 1" 1
check "... still unchanged" cmp "$E2E_DIR/random.db" "$E2E_DIR/random.copy"

# A text file.
printf 'my shopping list\neggs\n' >"$E2E_DIR/list.txt"
cp "$E2E_DIR/list.txt" "$E2E_DIR/list.copy"
run "$TEND" --db "$E2E_DIR/list.txt" stats
expect_rc "a text file -> 1" 1
check "a text file is left unchanged" cmp "$E2E_DIR/list.txt" "$E2E_DIR/list.copy"

# Another program's SQLite database.
sqlite3 "$E2E_DIR/other.db" 'CREATE TABLE recipes(name TEXT); INSERT INTO recipes VALUES ("soup");'
cp "$E2E_DIR/other.db" "$E2E_DIR/other.copy"
run "$TEND" --db "$E2E_DIR/other.db" stats
expect_rc "another program's SQLite database -> 1" 1
one_line_error "another program's database: one line 'tend: ...'"
run "$TEND" --db "$E2E_DIR/other.db" init --partner A --partner B --kdf interactive \
	--passphrase-fd 3 3<<<"p1"$'\n'"p2"
expect_rc "init into another program's database -> 1" 1
check "another program's database is left unchanged" cmp "$E2E_DIR/other.db" "$E2E_DIR/other.copy"

# A tend database from a newer tend (a higher schema version).
cp "$DB" "$E2E_DIR/newer.db"
sqlite3 "$E2E_DIR/newer.db" 'PRAGMA user_version = 99;'
cp "$E2E_DIR/newer.db" "$E2E_DIR/newer.copy"
run "$TEND" --db "$E2E_DIR/newer.db" stats
expect_rc "a database from a newer tend (user_version 99) -> 1" 1
one_line_error "a newer database: one line 'tend: ...'"
run "$TEND" --db "$E2E_DIR/newer.db" write --as Zoë "x"
expect_rc "write into a newer database -> 1" 1
check "a newer database is left unchanged" cmp "$E2E_DIR/newer.db" "$E2E_DIR/newer.copy"

# ---- a damaged entry ------------------------------------------------------

cp "$DB" "$E2E_DIR/tamper.db"
ids=$(sqlite3 "$E2E_DIR/tamper.db" \
	'SELECT id FROM entry WHERE seal0 IS NOT NULL ORDER BY id;' | tr '\n' ' ')
set -- $ids
bad=$2 # Zoë's shared entry: the second she wrote
hex=$(sqlite3 "$E2E_DIR/tamper.db" "SELECT hex(ct) FROM entry WHERE id = $bad;")
pos=40 # a byte past the nonce
c=${hex:pos*2:2}
flipped=$(printf '%02X' $(( 0x$c ^ 0x01 )))
sqlite3 "$E2E_DIR/tamper.db" \
	"UPDATE entry SET ct = X'${hex:0:pos*2}$flipped${hex:pos*2+2}' WHERE id = $bad;"
same "the tampered entry really changed" \
	"$(sqlite3 "$E2E_DIR/tamper.db" "SELECT hex(ct) = '$hex' FROM entry WHERE id = $bad;")" 0
run with_pass "$PA" "$TEND" --db "$E2E_DIR/tamper.db" read --as Zoë
expect_rc "read with a tampered entry -> 1" 1
has "the damaged entry is named on stderr" "$ERR" "entry $bad "
lacks "the damaged entry's text is not shown" "$OUT" "$ZS"
has "the other entries still open (Zoë's private)" "$OUT" "$ZP"
has "the other entries still open (美咲's shared)" "$OUT" "$MS"
run with_pass "$PB" "$TEND" --db "$E2E_DIR/tamper.db" read --as 美咲
expect_rc "the other partner sees the same damage -> 1" 1
has "... named on stderr too" "$ERR" "entry $bad "
has "... and reads the rest" "$OUT" "$MP"

# A record moved to another author is refused too (the author is bound).
cp "$DB" "$E2E_DIR/swap.db"
zid=$(sqlite3 "$E2E_DIR/swap.db" "SELECT min(id) FROM entry WHERE author = 0;")
sqlite3 "$E2E_DIR/swap.db" "UPDATE entry SET author = 1, seal1 = seal0 WHERE id = $zid;"
run with_pass "$PA" "$TEND" --db "$E2E_DIR/swap.db" read --as Zoë
expect_rc "an entry whose author was changed -> 1" 1
has "... is named on stderr" "$ERR" "entry $zid "

# A private entry marked shared in the table is refused (visibility is bound).
cp "$DB" "$E2E_DIR/vis.db"
sqlite3 "$E2E_DIR/vis.db" "UPDATE entry SET visibility = 1 WHERE id = $zid;"
run with_pass "$PA" "$TEND" --db "$E2E_DIR/vis.db" read --as Zoë
expect_rc "a private entry marked shared -> 1" 1
has "... is named on stderr" "$ERR" "entry $zid "

# Changing a passphrase: the wrong current one changes nothing; then the new
# one opens everything written before, and the old one no longer does.
PA2='a new lantern for Zoë 3'
before=$(with_pass "$PA" "$TEND" read --as Zoë 2>/dev/null)
run with_pass "wrong"$'\n'"$PA2" "$TEND" passphrase --as Zoë
expect_rc "passphrase with a wrong current one fails" 1
has "... saying so" "$ERR" "nothing was changed"
run with_pass "$PA" "$TEND" read --as Zoë
expect_rc "... and the old passphrase still opens" 0
run with_pass "$PA"$'\n'"$PA2" "$TEND" passphrase --as Zoë
expect_rc "passphrase --as Zoë changes it" 0
run with_pass "$PA2" "$TEND" read --as Zoë
expect_rc "the new passphrase opens Zoë's key" 0
same "... and she reads everything she could before" "$OUT" "$before"
run with_pass "$PA" "$TEND" read --as Zoë
expect_rc "the old one no longer does" 1
run with_pass "$PB" "$TEND" read --as 美咲
expect_rc "美咲's passphrase is untouched" 0
run with_pass "$PA2"$'\n'"$PA" "$TEND" passphrase --as Zoë
expect_rc "... and back again" 0
assert_no_plaintext "$TEND_DB" "$PA2"
run "$TEND" passphrase
expect_rc "passphrase without --as is a usage error" 2

# A passphrase on a last line without its newline counts as the line.
run bash -c 'printf "%s" "$1" | "$2" read --as Zoë --passphrase-fd 0' _ "$PA" "$TEND"
expect_rc "a passphrase without a final newline opens" 0

# The rest window can be changed; a bad value is a usage error.
run "$TEND" set rest-window 0
expect_rc "set rest-window 0 is a usage error" 2
run "$TEND" set rest-window 3
expect_rc "set rest-window 3" 0

# The screens refuse a plan that cannot load before they open (script(1)
# gives tend the terminal the screens need).
run script -qec "$(printf '%q' "$TEND") --plan no-such-plan" /dev/null
expect_rc "tend --plan no-such-plan exits 1" 1
has "... naming the plans there are" "$OUT" "the plans here are: long, nightly, quick"
run script -qec "$(printf '%q' "$TEND") --plan tests/fixtures/bad/bad-floor.plan" /dev/null
expect_rc "tend --plan with a broken plan exits 1" 1
has "... with the file, line and reason" "$OUT" "bad-floor.plan:3: unknown floor 'C'"

# The limit on standard input counts the text, not the line end after it
# that a here-document or echo adds: exactly 64 KiB and "\n" (or "\r\n") is
# taken and reads back exactly; one byte more is refused, naming the limit,
# and nothing is written.
head -c 65536 /dev/zero | tr '\0' 'b' >"$E2E_DIR/limit.b"
head -c 65536 /dev/zero | tr '\0' 'c' >"$E2E_DIR/limit.c"
head -c 65537 /dev/zero | tr '\0' 'd' >"$E2E_DIR/limit.d"
n=$(sqlite3 "$DB" "SELECT count(*) FROM entry")
run bash -c '{ cat "$1"; echo; } | "$2" write --as Zoë --shared' _ "$E2E_DIR/limit.b" "$TEND"
expect_rc "write of exactly 65536 bytes and a newline on standard input" 0
run bash -c '{ cat "$1"; printf "\r\n"; } | "$2" write --as Zoë --shared' _ "$E2E_DIR/limit.c" \
	"$TEND"
expect_rc "write of exactly 65536 bytes and CR LF on standard input" 0
run bash -c '{ cat "$1"; echo; } | "$2" write --as Zoë --shared' _ "$E2E_DIR/limit.d" "$TEND"
expect_rc "write of 65537 bytes and a newline -> 1" 1
same "... says the limit" "$ERR" \
	"tend: the text is longer than the 65536 bytes an entry can hold; nothing was written"
same "... and only the two that fit were written" \
	"$(sqlite3 "$DB" "SELECT count(*) FROM entry")" $((n + 2))
run with_pass "$PA" "$TEND" read --as Zoë
same "... each reads back exactly, as a line of its own" \
	"$(printf '%s\n' "$OUT" | grep -cxF -e "$(cat "$E2E_DIR/limit.b")" -e "$(cat "$E2E_DIR/limit.c")")" 2
lacks "... and nothing of the refused one" "$OUT" "ddddd"

# Commands other than init never create a database.
for cmd in "stats" "read --as Zoë" "write --as Zoë hello" "set bell off"; do
	# shellcheck disable=SC2086
	run "$TEND" --db "$E2E_DIR/missing/none.db" $cmd
	expect_rc "'$cmd' on a missing database fails" 1
	has "... saying nobody is set up" "$ERR" "nobody is set up here yet"
	check "... and creates nothing" test ! -e "$E2E_DIR/missing"
done

done_testing
