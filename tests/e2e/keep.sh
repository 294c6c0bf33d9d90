#!/usr/bin/env bash
# keep.sh: the commands that keep a couple's words safe and theirs, driven as
# a script would drive them:
# - init --passphrase-fd reads exactly two lines and refuses extra lines, one
#   passphrase for both and weak ones (unless --allow-weak); --recovery
#   prints one code per partner;
# - passphrase --recovery: a typo at any place, not a code, the other's code,
#   an old voided code, no code at all, the other partner's passphrase, a
#   weak one, leftover lines: each refused with nothing changed; then the
#   code sets a new passphrase and everything written still opens;
#   recovery makes a new code and voids the old;
# - backup during a check-in on the screens, restored into a fresh home with
#   the interrupted check-in in it;
# - export round trip: tricky texts written with 'tend write' (unicode,
#   quotes, backslashes, tabs, runs of backticks, '#' and '>' lines, trailing
#   spaces) come back byte for byte in Markdown and JSON, each exactly once,
#   for each partner only what they may read, with the ids 'tend read' shows;
# - verify: a clean file passes and is left as it was; damaged entries,
#   seals, key and recovery records are named;
# - backup and restore: encrypted, private, never over the database or a
#   foreign file; restore never over a database unless --replace (which keeps
#   the old one beside it), never from a damaged or foreign file;
# - forget: only one's own entries, or a whole night; the forgotten
#   ciphertext is gone from tend.db, -wal and -shm (a canary scan).
. "$(dirname "$0")/lib.sh"

PA='lantern moss harbour 7'  # Zoë's passphrase
PB='quiet river stone 9'     # 美咲's passphrase
PA2='a kettle for the night 41' # Zoë's passphrase after the recovery
DB=$TEND_DB
A=Zoë B=美咲

if ! command -v sqlite3 >/dev/null 2>&1; then
	not_ok "the sqlite3 CLI is installed" "the tests that look into or damage a database need it"
	sqlite3() { echo "sqlite3: not installed" >&2; return 127; }
fi
if ! command -v python3 >/dev/null 2>&1; then
	not_ok "python3 is installed" "the export round trip parses with it"
	python3() { echo "python3: not installed" >&2; return 127; }
fi

# sha FILE: its SHA-256, or "none" when there is no such file.
sha() { if [ -e "$1" ]; then sha256sum "$1" | cut -d' ' -f1; else echo none; fi; }

# fd3 LINE...: writes the LINEs to a file and prints its name, for
# --passphrase-fd 3 3<"$(fd3 ...)": all of them there before tend looks, so
# its check for lines beyond those it reads never races a writer.
fd3() { printf '%s\n' "$@" >"$E2E_DIR/fd3.in"; echo "$E2E_DIR/fd3.in"; }

# fresh PATH: no database (nor -wal, -shm) at PATH.
fresh() { rm -f "$1" "$1-wal" "$1-shm"; }

# flip_blob DB TABLE COLUMN WHERE POS: flips the low bit of byte POS (from 0)
# of the blob TABLE.COLUMN in the row WHERE; prints nothing.
flip_blob() {
	local db=$1 t=$2 c=$3 w=$4 pos=$5 hex b
	hex=$(sqlite3 "$db" "SELECT hex($c) FROM $t WHERE $w")
	b=$(printf '%02X' $(( 0x${hex:pos*2:2} ^ 1 )))
	sqlite3 "$db" "UPDATE $t SET $c = X'${hex:0:pos*2}$b${hex:pos*2+2}' WHERE $w"
}

# flip_file FILE POS: flips the low bit of byte POS of FILE.
flip_file() {
	python3 - "$1" "$2" <<'EOF'
import sys
p = int(sys.argv[2])
b = bytearray(open(sys.argv[1], 'rb').read())
b[p] ^= 1
open(sys.argv[1], 'wb').write(b)
EOF
}

# canary_gone NAME DB HEX...: one test: the bytes of each HEX (a ciphertext,
# in hex) are in none of DB, DB-wal, DB-shm, wherever they fall; nor are 16
# bytes of it past its nonce (what a half-wiped page would keep).
canary_gone() {
	local name=$1 db=$2 found
	shift 2
	found=$(python3 - "$db" "$@" <<'EOF'
import os, sys
db = sys.argv[1]
for n, h in enumerate(sys.argv[2:], 1):
    needle = bytes.fromhex(h)
    if len(needle) < 40:
        print("canary %d too short: %d bytes" % (n, len(needle)))
    for f in (db, db + "-wal", db + "-shm"):
        if os.path.exists(f):
            data = open(f, "rb").read()
            if needle in data:
                print("canary %d in %s at byte %d" % (n, os.path.basename(f), data.index(needle)))
            elif needle[24:40] in data:
                print("16 bytes of canary %d in %s" % (n, os.path.basename(f)))
EOF
)
	if [ -z "$found" ]; then ok "$name"; else not_ok "$name" "$found"; fi
}

# canary_there NAME DB HEX: the scan finds what is there (so it can fail).
canary_there() {
	local found
	found=$(python3 -c 'import sys; d=open(sys.argv[1],"rb").read(); print(bytes.fromhex(sys.argv[2]) in d)' "$2" "$3")
	same "$1" "$found" True
}

NIGHT=$(test_night)
STAMP=$(date -d "$TEND_TEST_DATE" +%Y%m%d-%H%M%S) # tend's clock, local time
ISO_NOW=$(date -d "$TEND_TEST_DATE" +%Y-%m-%dT%H:%M:%S%:z)

# ---- init: exactly two lines, two different, strong passphrases ----------------

I=$E2E_DIR/init.db
run "$TEND" --db "$I" init --partner "$A" --partner "$B" --kdf interactive \
	--passphrase-fd 3 3<"$(fd3 "$PA" "$PB" "a third line")"
expect_rc "init with a third line on --passphrase-fd -> 1" 1
has "... saying there was more than two lines" "$ERR" "more than the 2 lines"
run "$TEND" --db "$I" stats
expect_rc "... and nothing is set up" 1
run "$TEND" --db "$I" init --partner "$A" --partner "$B" --kdf interactive \
	--passphrase-fd 3 3<"$(fd3 "$PA" "$PB" "")"
expect_rc "init with an empty third line -> 1" 1
run "$TEND" --db "$I" stats
expect_rc "... nothing is set up" 1
run "$TEND" --db "$I" init --partner "$A" --partner "$B" --kdf interactive \
	--passphrase-fd 3 3<"$(fd3 "$PA" "$PA")"
expect_rc "init with one passphrase for both -> 1" 1
has "... saying it is the same" "$ERR" "same passphrase"
run "$TEND" --db "$I" stats
expect_rc "... nothing is set up" 1
run "$TEND" --db "$I" init --partner "$A" --partner "$B" --kdf interactive \
	--passphrase-fd 3 3<"$(fd3 "password" "$PB")"
expect_rc "init with a weak first passphrase ('password') -> 1" 1
has "... saying it is easy to guess, and of whom" "$ERR" "$A's passphrase is easy to guess"
run "$TEND" --db "$I" init --partner "$A" --partner "$B" --kdf interactive \
	--passphrase-fd 3 3<"$(fd3 "$PA" "p1")"
expect_rc "init with a weak second passphrase ('p1') -> 1" 1
has "... naming her" "$ERR" "$B's passphrase is easy to guess"
run "$TEND" --db "$I" init --partner "$A" --partner "$B" --kdf interactive \
	--passphrase-fd 3 3<"$(fd3 "$A" "$PB")"
expect_rc "init with her own name as passphrase -> 1" 1
run "$TEND" --db "$I" stats
expect_rc "... after the weak ones nothing is set up" 1
run "$TEND" --db "$I" init --partner "$A" --partner "$B" --kdf interactive --allow-weak \
	--passphrase-fd 3 3<"$(fd3 "password" "p1")"
expect_rc "init --allow-weak takes weak passphrases" 0
lacks "... without --recovery it prints no code" "$OUT$ERR" "recovery code"
run with_pass "p1" "$TEND" --db "$I" read --as "$B"
expect_rc "... and the weak one opens" 0

# The couple of the rest of this script, with a recovery code each.
run "$TEND" init --partner "$A" --partner "$B" --kdf interactive --recovery \
	--passphrase-fd 3 3<"$(fd3 "$PA" "$PB")"
expect_rc "init --recovery" 0
CODE_RE='[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){6}'
CA=$(printf '%s\n' "$OUT" | sed -n "s/^$A's recovery code: //p")
CB=$(printf '%s\n' "$OUT" | sed -n "s/^$B's recovery code: //p")
same "init --recovery: one code line per partner" \
	"$(printf '%s\n' "$OUT" | grep -cE "^($A|$B)'s recovery code: $CODE_RE\$")" 2
check "... two different codes" test -n "$CA" -a "$CA" != "$CB"
lacks "... nothing of it on stderr" "$ERR" "${CA:0:9}"
run "$TEND" verify
has "verify counts both codes" "$OUT" "Recovery codes: $A has one; $B has one"
assert_no_plaintext "$DB" "$PA" "$PB" "$CA" "$CB" "${CA//-/}" "${CB//-/}"

# ---- the words: tricky texts, written as a script would --------------------------

mkdir -p "$E2E_DIR/texts"
: >"$E2E_DIR/manifest" # id author(0|1) shared(0|1) kind(1 journal|2 reflection|3 note)

# keep_text ID AUTHOR SHARED KIND TEXT: what was written, for the round trip.
keep_text() {
	printf '%s' "$5" >"$E2E_DIR/texts/$1"
	echo "$1 $2 $3 $4" >>"$E2E_DIR/manifest"
}
last_id() { sqlite3 "$DB" "SELECT max(id) FROM entry"; }

# put AUTHOR(0|1) SHARED(0|1) TEXT: tend write (the text as an argument).
WROTE=0
put() {
	local who=$A pass=$PA
	[ "$1" = 1 ] && who=$B pass=$PB
	if [ "$2" = 1 ]; then
		"$TEND" write --as "$who" --shared "$3" >/dev/null 2>"$E2E_DIR/err" || return 1
	else
		"$TEND" write --as "$who" --passphrase-fd 3 "$3" 3<<<"$pass" >/dev/null \
			2>"$E2E_DIR/err" || return 1
	fi
	keep_text "$(last_id)" "$1" "$2" 1 "$3"
	WROTE=$((WROTE + 1))
}

T_ZP1=$'Zoë private: the red kite, "quoted", and a back\\slash \\n not a newline'
T_ZP2=$'Zoë private, three lines:\n\tan indented line\n> not a quote, just a line'
T_ZP3=$'```\nZoë private: a fence of three at the start\n```'
T_ZP4='Zoë private, decomposed: Zoe'$'\xcc\x88'' (e + U+0308), not Zoë; trailing space '
T_ZS1=$'Zoë shared: 🌿 let us walk on Sunday 👩‍❤️‍👨\n# not a heading\n## nor this'
T_ZS2=$'Zoë shared: a run of four ```` and of five ````` inside\n````\nand a line of four'
T_ZS3=$'Zoë shared: ends with a newline\n'
T_ZS4=$'   Zoë shared: leading spaces, a tab\there, and \\\\ two backslashes'
T_MP1='美咲 private: 静かな夜が好き — tabs	between	words'
T_MP2=$'美咲 private:\n```text\nnot a fence to the parser\n```\n#hash\n>quote\n'"'single' \"double\""
T_MP3='美咲 private: ends in backticks ``'
T_MP4=$'美咲 private: U+FFFD \xef\xbf\xbd and U+2028 \xe2\x80\xa8 and a line\n\n\nwith blank lines before it'
T_MS1=$'美咲 shared: thank you for the tea 🍵\n> quoted reply\n>> deeper'
T_MS2=$'美咲 shared: `one` ``two`` ```three``` ````four````'
T_MS3='美咲 shared: trailing spaces   '
T_MS4=$'\nQuestion: 美咲 shared, starting with a newline and a line like a question'
T_MS5='````'
fails=
for t in "$T_ZP1" "$T_ZP2" "$T_ZP3" "$T_ZP4"; do put 0 0 "$t" || fails="$fails [Zoë private: $(cat "$E2E_DIR/err")]"; done
for t in "$T_ZS1" "$T_ZS2" "$T_ZS3" "$T_ZS4"; do put 0 1 "$t" || fails="$fails [Zoë shared]"; done
for t in "$T_MP1" "$T_MP2" "$T_MP3" "$T_MP4"; do put 1 0 "$t" || fails="$fails [美咲 private: $(cat "$E2E_DIR/err")]"; done
for t in "$T_MS1" "$T_MS2" "$T_MS3" "$T_MS4" "$T_MS5"; do put 1 1 "$t" || fails="$fails [美咲 shared]"; done
same "17 tricky texts written with 'tend write', both partners, private and shared" \
	"$WROTE${fails:+ -$fails}" 17

# From standard input: the final newlines go, a trailing space stays.
T_STDIN=$'美咲 private from stdin: a trailing space then newlines \n'
printf '%s\n\n' "$T_STDIN" | "$TEND" write --as "$B" --passphrase-fd 3 3<<<"$PB" \
	>/dev/null 2>&1
RC=$? OUT= ERR=
expect_rc "a private text from standard input" 0
T_STDIN=${T_STDIN%$'\n'}
keep_text "$(last_id)" 1 0 1 "$T_STDIN"

run with_pass "$PA" "$TEND" read --as "$A"
expect_rc "Zoë reads" 0
ZREAD0=$OUT
run with_pass "$PB" "$TEND" read --as "$B"
MREAD0=$OUT
has "read headers name the entry: '== DATE · KIND · NAME · VISIBILITY · entry N'" "$ZREAD0" \
	"== $NIGHT · journal · $A · only you · entry 1"

# ---- a recovery code sets a new passphrase; nothing else does -------------------

N=$E2E_DIR/nocode.db # a couple without codes
"$TEND" --db "$N" init --partner "$A" --partner "$B" --kdf interactive \
	--passphrase-fd 3 3<"$(fd3 "$PA" "$PB")" >/dev/null 2>&1
run "$TEND" --db "$N" passphrase --as "$A" --recovery --passphrase-fd 3 \
	3<"$(fd3 "$CA" "$PA2")"
expect_rc "passphrase --recovery where Zoë has no code -> 1" 1
has "... saying she has none" "$ERR" "$A has no recovery code"
run with_pass "$PA" "$TEND" --db "$N" read --as "$A"
expect_rc "... her passphrase still opens there" 0

# recover ARGS... LINE...: tend passphrase --as Zoë --recovery, the LINEs on fd 3.
recover() {
	local args=()
	while [ "${1:-}" != -- ]; do args+=("$1"); shift; done
	shift
	run "$TEND" passphrase --as "$A" --recovery "${args[@]}" --passphrase-fd 3 \
		3<"$(fd3 "$@")"
}
before=$(sha "$DB")

# One symbol changed, at each of the 28 places: always "a typo".
typos=0 notyp=
for ((i = 0; i < ${#CA}; i++)); do
	c=${CA:i:1}
	[ "$c" = - ] && continue
	if [ "$c" = X ]; then r=Y; else r=X; fi
	recover -- "${CA:0:i}$r${CA:i+1}" "$PA2"
	if [ "$RC" -eq 1 ] && [[ $ERR == *"has a typo"* ]]; then
		typos=$((typos + 1))
	else
		notyp="$notyp [place $i: rc $RC: $ERR]"
	fi
done
same "a code with one symbol changed, at each of its 28 places: exit 1, 'has a typo'" \
	"$typos${notyp:+ -$notyp}" 28
# Two neighbours swapped (the first two that differ).
for ((i = 0; i < ${#CA} - 1; i++)); do
	a=${CA:i:1} b=${CA:i+1:1}
	[ "$a" != - ] && [ "$b" != - ] && [ "$a" != "$b" ] && break
done
recover -- "${CA:0:i}$b$a${CA:i+2}" "$PA2"
expect_rc "a code with two neighbours swapped -> 1" 1
has "... told as a typo" "$ERR" "has a typo"
recover -- "open sesame" "$PA2"
expect_rc "not a code at all -> 1" 1
has "... told it is not a recovery code" "$ERR" "not a recovery code"
recover -- "${CA:0:29}" "$PA2"
expect_rc "a code cut short (6 groups) -> 1" 1
recover -- "$CB" "$PA2"
expect_rc "美咲's code for Zoë -> 1" 1
has "... 'is not Zoë's recovery code'" "$ERR" "is not $A's recovery code"
recover -- "$CA" "$PB"
expect_rc "the new passphrase is 美咲's -> 1" 1
has "... 'opens 美咲's key'" "$ERR" "opens $B's key"
lacks "... and does not echo it" "$ERR" "$PB"
recover -- "$CA" "password"
expect_rc "a weak new passphrase ('password') -> 1" 1
has "... easy to guess" "$ERR" "easy to guess"
recover -- "$CA" "$PA2" "one line too many"
expect_rc "a leftover third line -> 1" 1
recover -- "$CA"
expect_rc "the code but no new passphrase -> 1" 1
recover -- "$CA" ""
expect_rc "an empty new passphrase -> 1" 1
same "after all the refusals the database is byte for byte as before" "$(sha "$DB")" "$before"
run with_pass "$PA" "$TEND" read --as "$A"
expect_rc "... and Zoë's old passphrase still opens" 0

# The code as people type it: lower case, spaces instead of dashes, O for
# 0 and l for 1 (Crockford's base32 reads them alike).
typed=$(printf '%s' "${CA//-/}" | tr 'A-Z01' 'a-zol' | sed 's/..../& /g')
recover -- "  $typed" "$PA2"
expect_rc "the code typed in lower case, spaced groups, O for 0, l for 1: a new passphrase" 0
run with_pass "$PA" "$TEND" read --as "$A"
expect_rc "... the old passphrase no longer opens" 1
run with_pass "$PA2" "$TEND" read --as "$A"
expect_rc "... the new one does" 0
same "... and Zoë reads everything she read before, as it was" "$OUT" "$ZREAD0"
run with_pass "$PB" "$TEND" read --as "$B"
same "美咲 reads as before (her key untouched)" "$OUT" "$MREAD0"
run with_pass "$PA2" "$TEND" write --as "$A" "Zoë private, after the recovery"
expect_rc "Zoë writes privately with the new passphrase" 0
keep_text "$(last_id)" 0 0 1 "Zoë private, after the recovery"
assert_no_plaintext "$DB" "$PA2"

# A new code voids the old.
rec_before=$(sqlite3 "$DB" "SELECT hex(slot) FROM recovery WHERE idx = 0")
run with_pass "$PA" "$TEND" recovery --as "$A"
expect_rc "recovery with the old passphrase -> 1" 1
run "$TEND" recovery --as "$A" --passphrase-fd 3 3<"$(fd3 "$PA2" "extra")"
expect_rc "recovery with a leftover line -> 1" 1
same "... Zoë's recovery record is unchanged" \
	"$(sqlite3 "$DB" "SELECT hex(slot) FROM recovery WHERE idx = 0")" "$rec_before"
run with_pass "$PA2" "$TEND" recovery --as "$A"
expect_rc "recovery --as Zoë makes a new code" 0
CA2=$(printf '%s\n' "$OUT" | sed -n "s/^$A's recovery code: //p")
check "... printed as 'Zoë's recovery code: XXXX-...'" grep -qxE "$CODE_RE" <<<"$CA2"
check "... a different code" test "$CA2" != "$CA"
recover -- "$CA" "$PA"
expect_rc "the old, voided code -> 1" 1
has "... 'is not Zoë's recovery code'" "$ERR" "is not $A's recovery code"
run with_pass "$PA2" "$TEND" read --as "$A"
expect_rc "... and changed nothing" 0
recover --allow-weak -- "$CA2" "password"
expect_rc "with --allow-weak the code sets a weak one ('password')" 0
run with_pass "password" "$TEND" read --as "$A"
expect_rc "... which opens" 0
recover -- "$CA2" "$PA"
expect_rc "the same code (still good once used) sets her passphrase back" 0
run with_pass "$PA" "$TEND" read --as "$A"
expect_rc "... which opens again" 0
ZREAD0=$OUT

# ---- a backup while a check-in runs on the screens --------------------------------

ZR='Zoë reflects: the way you hum 🎶 while cooking'
ZRS='Zoë shares: I held back about the new job'
MR='美咲 reflects: 海が恋しい this week'
MRS='美咲 shares: thank you for the long walk'
NOTE='Our note: pancakes on Sunday 🌙 and no phones'
BK_RUN=$E2E_DIR/during.tendbackup

tui
wait_for "Tonight: not yet"
keys c
wait_for "Waiting for both of you" 8
keys 1 2
see "the check-in runs on the screens: a turn has run" "turn 3 of 6" 8
same "... as a draft in the database" "$(sqlite3 "$DB" "SELECT count(*) FROM checkin WHERE state = 0")" 1
run "$TEND" backup "$BK_RUN"
expect_rc "tend backup while the check-in is open" 0
run with_pass "$PA" "$TEND" forget --as "$A" --night "$NIGHT" --yes
expect_rc "forget --night while the screens are open -> 1" 1
has "... the screens are open" "$ERR" "screens are open"
run with_pass "$PB" "$TEND" restore "$BK_RUN" --replace
expect_rc "restore --replace while the screens are open -> 1" 1
check "... keeping no copy of a database it did not replace" \
	test ! -e "$DB.before-restore-$STAMP"

# The rest of the evening: both reflect, one private, one shared answer
# each, a note, one pillar ticked (Active Listening; none is ticked for them).
if wait_for "the next one is yours" 20 && keys Enter && wait_for "$A's passphrase" &&
	keys "$PA" Enter && wait_for "$A's reflections" 10 &&
	keys "$ZR" Tab "$ZRS" C-t C-d &&
	wait_for "$B, press Enter when you are ready to write" && keys Enter &&
	wait_for "$B's passphrase" && keys "$PB" Enter && wait_for "$B's reflections" 10 &&
	keys "$MR" Tab "$MRS" C-t C-d &&
	wait_for "A note for you both" && keys "$NOTE" && wait_for "$NOTE" && keys C-d &&
	wait_for "Which of these felt alive tonight?" && keys 2 &&
	wait_for "[x] 2 Active Listening" && keys Enter && wait_for "Saved."; then
	ok "the check-in is finished: two reflections each, a note, a pillar"
else
	not_ok "the check-in is finished: two reflections each, a note, a pillar"
fi
keys Enter
wait_for "Tonight: done"
keys q
tmux_wait_exit 5 >/dev/null
tmux_stop
same "... saved" "$(sqlite3 "$DB" "SELECT count(*) FROM checkin WHERE state = 1")" 1

# What the check-in wrote, for the round trip.
CK=$(sqlite3 "$DB" "SELECT id FROM checkin WHERE state = 1")
while IFS='|' read -r id kind author vis; do
	case $kind:$author:$vis in
	2:0:0) t=$ZR ;; 2:0:1) t=$ZRS ;; 2:1:0) t=$MR ;; 2:1:1) t=$MRS ;; 3:*) t=$NOTE ;;
	*) t="unexpected entry $kind:$author:$vis" ;;
	esac
	keep_text "$id" "$author" "$vis" "$kind" "$t"
done < <(sqlite3 "$DB" "SELECT id, kind, author, visibility FROM entry WHERE checkin = $CK")
same "the check-in holds 4 reflections and a note" \
	"$(sqlite3 "$DB" "SELECT group_concat(kind, '') FROM (SELECT kind FROM entry WHERE checkin = $CK ORDER BY kind)")" \
	22223

# Restored into a fresh home (no TEND_DB: the default place, its folders made).
H2=$E2E_DIR/home2
R2=$H2/share/tend/tend.db
run env -u TEND_DB HOME="$H2" XDG_DATA_HOME="$H2/share" "$TEND" restore "$BK_RUN" \
	--passphrase-fd 3 3<<<"$PB"
expect_rc "the backup made during the check-in restores into a fresh home" 0
check "... at \$XDG_DATA_HOME/tend/tend.db, folders made, and says so" \
	test -f "$R2" -a "$OUT" != "${OUT/Restored into $R2/}"
same "... the restored database is mode 0600" "$(stat -c %a "$R2" 2>&1)" 600
same "... the interrupted check-in is in it" \
	"$(sqlite3 "$R2" "SELECT count(*) FROM checkin WHERE state = 0")" 1
run "$TEND" --db "$R2" verify
expect_rc "tend verify passes on the restored database" 0
same "... 'Everything tend can check without a passphrase is in order.'" \
	"$(printf '%s\n' "$OUT" | tail -n 1)" \
	"Everything tend can check without a passphrase is in order."
has "... and counts the interrupted check-in" "$OUT" "and one interrupted"
run with_pass "$PA" "$TEND" --db "$R2" verify --as "$A"
expect_rc "... every text Zoë may read opens there" 0
run with_pass "$PA" "$TEND" --db "$R2" read --as "$A"
same "... and reads as before the check-in" "$OUT" "$ZREAD0"
tui --db "$R2"
see "the screens on the restored database offer to finish the interrupted check-in" \
	"A check-in from $(date -d "$NIGHT" '+%A %F') was interrupted"
keys q
tmux_wait_exit 5 >/dev/null
tmux_stop

# ---- export: the round trip -------------------------------------------------------

X=$E2E_DIR/export
mkdir -p "$X"
run with_pass "$PA" "$TEND" export --as "$A" -o "$X/zoe.md"
expect_rc "export --as Zoë -o FILE (Markdown)" 0
has "... warns on stderr that it is plain text" "$ERR" "plain text"
same "... the file is mode 0600" "$(stat -c %a "$X/zoe.md" 2>&1)" 600
run with_pass "$PA" "$TEND" export --as "$A" --format json -o "$X/zoe.json"
expect_rc "export --as Zoë --format json" 0
with_pass "$PB" "$TEND" export --as "$B" >"$X/misaki.md" 2>"$X/misaki.err"
RC=$? OUT= ERR=$(cat "$X/misaki.err")
expect_rc "export --as 美咲 to a pipe (stdout not a terminal)" 0
has "... warns on stderr" "$ERR" "plain text"
run with_pass "$PB" "$TEND" export --as "$B" -o "$X/misaki.json"
expect_rc "export --as 美咲 -o x.json (JSON by the name)" 0
# Standard output that fails midway (a full disk: /dev/full refuses every
# write) is said so, and that what went out before is incomplete.
with_pass "$PB" "$TEND" export --as "$B" >/dev/full 2>"$X/full.err"
RC=$? OUT= ERR=$(cat "$X/full.err")
expect_rc "export to a full disk through standard output -> 1" 1
has "... says what was sent is incomplete" "$ERR" "what was sent before this is incomplete"
for who in 0 1; do
	with_pass "$([ $who = 0 ] && echo "$PA" || echo "$PB")" "$TEND" read \
		--as "$([ $who = 0 ] && echo "$A" || echo "$B")" >"$X/read$who" 2>/dev/null
done

cat >"$E2E_DIR/roundtrip.py" <<'EOF'
# roundtrip.py DIR READER NAMES NIGHT ISO CHECKIN: the exports of READER (0|1)
# in DIR against what was written (DIR/../manifest, DIR/../texts/ID).
import json, os, re, sys

d, reader, names, night, iso, ck = sys.argv[1], int(sys.argv[2]), sys.argv[3].split("|"), \
    sys.argv[4], sys.argv[5], int(sys.argv[6])
me = names[reader]
base = os.path.dirname(d)
stem = ["zoe", "misaki"][reader]
KINDS = {1: "journal", 2: "reflection", 3: "note"}

def say(ok, name, detail=""):
    print(("PASS " if ok else "FAIL ") + me + ": " + name + ("" if ok else ": " + detail[:3000]))

written = {}
for line in open(os.path.join(base, "manifest")):
    i, author, shared, kind = map(int, line.split())
    text = open(os.path.join(base, "texts", str(i)), "rb").read().decode("utf-8")
    written[i] = dict(author=author, shared=bool(shared), kind=kind, text=text)
mine = {i: e for i, e in written.items() if e["author"] == reader or e["shared"]}
theirs = {i: e for i, e in written.items() if i not in mine}

# ---- JSON
raw = open(os.path.join(d, stem + ".json"), "rb").read()
try:
    j, why = json.loads(raw.decode("utf-8")), ""
except Exception as e:
    j, why = {}, repr(e)
head = {k: j.get(k) for k in ("format", "version", "exported_at", "exported_by", "partners")}
want = {"format": "tend export", "version": 1, "exported_at": iso, "exported_by": me,
        "partners": names}
say(head == want, "JSON: it parses; format, version, exported_at (the suite's clock), "
    "exported_by, partners", why or "%r != %r" % (head, want))
got = []
for c in j.get("checkins", []):
    got += [(e, c.get("id")) for e in c.get("entries", [])]
got += [(e, None) for e in j.get("journal", []) + j.get("other_entries", [])]
ids = [e.get("id") for e, _ in got]
say(sorted(ids) == sorted(mine) and len(ids) == len(set(ids)),
    "JSON: every entry she may read, exactly once (%d)" % len(mine),
    "got %r, wanted %r" % (sorted(ids), sorted(mine)))
bad = []
for e, c in got:
    w = written.get(e.get("id"))
    if w is None:
        continue
    if e.get("text") != w["text"]:
        bad.append("entry %s text %r != %r" % (e.get("id"), e.get("text"), w["text"]))
    if (e.get("kind"), e.get("author"), e.get("shared"), e.get("night")) != \
            (KINDS[w["kind"]], names[w["author"]], w["shared"], night):
        bad.append("entry %s: %r" % (e.get("id"), {k: e.get(k) for k in
                                                    ("kind", "author", "shared", "night")}))
    if (w["kind"] == 1) != (c is None) or (c is not None and c != ck):
        bad.append("entry %s under check-in %r" % (e.get("id"), c))
    if (w["kind"] == 2) != ("question" in e) or (w["kind"] == 2 and not e.get("question")):
        bad.append("entry %s question %r" % (e.get("id"), e.get("question")))
    if e.get("written") != iso:
        bad.append("entry %s written %r" % (e.get("id"), e.get("written")))
say(not bad, "JSON: each text byte for byte, with its kind, author, visibility, night, time",
    "; ".join(bad))
cks = j.get("checkins", [])
c = cks[0] if len(cks) == 1 else {}
cwant = {"id": ck, "night": night, "finished": True, "counted": True, "opened_by": names[0]}
say({k: c.get(k) for k in cwant} == cwant and c.get("pillars") == ["listening"]
    and c.get("planned_seconds") == 15 and 0 < c.get("ran_seconds", 0) <= 15
    and c.get("started") == iso and j.get("unreadable") == [] and j.get("other_entries") == [],
    "JSON: the one check-in (finished, counted, opened by Zoë, the pillar ticked, 15 s planned); "
    "nothing unreadable, no other entries",
    "%r; %r %r" % (cks, j.get("unreadable"), j.get("other_entries")))
strings = []
def walk(v):
    if isinstance(v, str): strings.append(v)
    elif isinstance(v, list): [walk(x) for x in v]
    elif isinstance(v, dict): [walk(x) for x in v.values()]
walk(j)
leak = [i for i, e in theirs.items() if any(e["text"] in s for s in strings)
        or e["text"].encode() in raw]
say(theirs and not leak, "JSON: none of the other's %d private texts" % len(theirs),
    "found entries %r" % leak)

# ---- Markdown
md = open(os.path.join(d, stem + ".md"), "rb").read().decode("utf-8")
L = md.split("\n")
found, problems, i = [], [], 0
head_re = re.compile(r"^### .* \(entry (\d+)\)$")
while i < len(L):
    m = head_re.match(L[i])
    if not m:
        i += 1
        continue
    eid = int(m.group(1))
    i += 1
    while i < len(L) and (L[i] == "" or L[i].startswith("Question: ")):
        i += 1
    f = re.match(r"^(`{3,})text$", L[i]) if i < len(L) else None
    if not f:
        problems.append("entry %d: no fence after its heading" % eid)
        continue
    fence = f.group(1)
    j2 = i + 1
    while j2 < len(L) and L[j2] != fence:
        j2 += 1
    if j2 == len(L):
        problems.append("entry %d: no closing fence" % eid)
        break
    found.append((eid, "\n".join(L[i + 1:j2]), len(fence)))
    i = j2 + 1
mids = [e for e, _, _ in found]
say(not problems and sorted(mids) == sorted(mine) and len(mids) == len(set(mids)),
    "Markdown: every entry she may read, exactly once, under '### ... (entry N)'",
    "%r; got %r, wanted %r" % (problems, sorted(mids), sorted(mine)))
bad = []
for eid, text, n in found:
    w = written.get(eid)
    if w and text != w["text"]:
        bad.append("entry %d: %r != %r" % (eid, text, w["text"]))
    if w:
        runs = [len(r) for r in re.findall(r"`+", w["text"])]
        if n != max(3, max(runs, default=0) + 1):
            bad.append("entry %d: a fence of %d backticks" % (eid, n))
say(not bad, "Markdown: each text byte for byte between fences of max(3, longest run + 1)",
    "; ".join(bad))
leak = [i for i, e in theirs.items() if e["text"] in md]
say(not leak, "Markdown: none of the other's private texts", "found entries %r" % leak)

# ---- tend read agrees on the ids
rd = open(os.path.join(d, "read%d" % reader), "rb").read().decode("utf-8")
hdr = re.findall(r"^== (\S+) · (journal|reflection|check-in note) · (.+?) · "
                 r"(only you|shared|shared by both of you) · entry (\d+)$", rd, re.M)
rids = [int(h[4]) for h in hdr]
bad = [h for h in hdr if int(h[4]) in written and (
    h[0] != night or h[2] != names[written[int(h[4])]["author"]]
    or (h[3] == "only you") == written[int(h[4])]["shared"])]
say(sorted(rids) == sorted(mids) == sorted(ids) and not bad,
    "tend read shows the same entry ids as both exports, with author and visibility",
    "read %r, md %r, json %r, bad %r" % (sorted(rids), sorted(mids), sorted(ids), bad))
EOF
for who in 0 1; do
	py_checks 9 "$E2E_DIR/roundtrip.py" "$X" "$who" "$A|$B" "$NIGHT" "$ISO_NOW" "$CK"
done

# The refusals.
printf '%s\n' "$PA" >"$E2E_DIR/pa.line"
run script -qec "$(printf '%q ' "$TEND") export --as $A --passphrase-fd 3 3<$E2E_DIR/pa.line" \
	/dev/null
expect_rc "export to a terminal -> 1" 1
has "... saying it is plain text, give -o" "$OUT" "-o FILE"
lacks "... and shows none of it" "$OUT" "red kite"
echo "my own notes" >"$X/taken.md"
run with_pass "$PA" "$TEND" export --as "$A" -o "$X/taken.md"
expect_rc "export over an existing file -> 1" 1
same "... which is left as it was" "$(cat "$X/taken.md")" "my own notes"
run with_pass "$PB" "$TEND" export --as "$A" -o "$X/wrong.md"
expect_rc "export with the other's passphrase -> 1" 1
check "... writes no file" test ! -e "$X/wrong.md"
run "$TEND" export --as "$A" -o "$X/extra.md" --passphrase-fd 3 3<"$(fd3 "$PA" "more")"
expect_rc "export with a leftover line -> 1" 1
check "... writes no file" test ! -e "$X/extra.md"
run with_pass "$PA" "$TEND" export --as Nobody -o "$X/nobody.md"
expect_rc "export --as an unknown partner -> 1" 1

# ---- verify ---------------------------------------------------------------------

before=$(sha "$DB")
run "$TEND" verify
expect_rc "verify on a clean database" 0
same "... last line: what it could check without a passphrase is in order" \
	"$(printf '%s\n' "$OUT" | tail -n 1)" \
	"Everything tend can check without a passphrase is in order."
same "... the database file is unchanged" "$(sha "$DB")" "$before"
run with_pass "$PA" "$TEND" verify --as "$A"
expect_rc "verify --as Zoë opens all she may read" 0
has "... and says how many" "$OUT" "Opened as $A: $(grep -c . <(sed -n 's/^== .* entry //p' "$X/read0")) of the"
same "... then that everything is in order" "$(printf '%s\n' "$OUT" | tail -n 1)" \
	"Everything is in order."
run with_pass "$PB" "$TEND" verify --as "$B"
expect_rc "verify --as 美咲" 0
same "... the database file is still unchanged" "$(sha "$DB")" "$before"
if [ ! -e "$DB-wal" ] || [ ! -s "$DB-wal" ]; then
	ok "... and no -wal with anything in it is left"
else
	not_ok "... and no -wal with anything in it is left" "$(ls -l "$DB-wal")"
fi
rm -f "$DB-wal" "$DB-shm" # verify opens the file read-only, which leaves these, empty
run with_pass "$PB" "$TEND" verify --as "$A"
expect_rc "verify --as Zoë with 美咲's passphrase -> 1" 1

# damaged [SQL]: $V, a fresh copy of the database, changed by SQL.
V=$E2E_DIR/damaged.db
damaged() {
	fresh "$V"
	sqlite3 "$DB" ".backup '$V'"
	[ -z "${1:-}" ] || sqlite3 "$V" "$1"
}
ZS_ID=$(sed -n "s/ 0 1 1\$//p" "$E2E_DIR/manifest" | head -n 1) # Zoë's first shared text
ZP_ID=$(sed -n "s/ 0 0 1\$//p" "$E2E_DIR/manifest" | head -n 1) # her first private one

damaged
flip_blob "$V" entry ct "id = $ZS_ID" 30 # past the 24-byte nonce
vb=$(sha "$V")
run with_pass "$PB" "$TEND" --db "$V" verify --as "$B"
expect_rc "a byte of a shared entry's ciphertext changed: verify --as 美咲 -> 1" 1
has "... naming it: 'entry $ZS_ID ('" "$OUT" "entry $ZS_ID ("
lacks "... and no other" "$(printf '%s\n' "$OUT" | grep '^  entry' | grep -v "entry $ZS_ID (")" "entry"
same "... the damaged file is left as it was" "$(sha "$V")" "$vb"
run "$TEND" --db "$V" verify
has "verify without --as says it did not open the texts" "$OUT" "Not opened"
run with_pass "$PB" "$TEND" --db "$V" export --as "$B" -o "$X/damaged.json"
expect_rc "export with a damaged entry -> 1" 1
has "... saying one could not be opened, the rest was exported" "$ERR" "1 entry could not be opened"
check "... the JSON lists it as unreadable, and all the rest as before" python3 -c '
import json, sys
d, ok = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
ids = lambda j: sorted(e["id"] for e in j["journal"] + j["other_entries"] +
                       [e for c in j["checkins"] for e in c["entries"]])
want = [{"id": int(sys.argv[3]), "kind": "journal", "night": sys.argv[4], "author": sys.argv[5],
         "reason": "damaged"}]
assert d["unreadable"] == want, d["unreadable"]
assert ids(d) == sorted(set(ids(ok)) - {int(sys.argv[3])}), (ids(d), ids(ok))
' "$X/damaged.json" "$X/misaki.json" "$ZS_ID" "$NIGHT" "$A"

damaged
flip_blob "$V" entry ct "id = $ZP_ID" 30
run with_pass "$PA" "$TEND" --db "$V" verify --as "$A"
expect_rc "a byte of Zoë's private entry changed: verify --as Zoë -> 1" 1
has "... names 'entry $ZP_ID ('" "$OUT" "entry $ZP_ID ("

damaged "UPDATE entry SET seal1 = substr(seal1, 1, 50) WHERE id = $ZS_ID"
run "$TEND" --db "$V" verify
expect_rc "a seal of the wrong length: verify -> 1 (no passphrase needed)" 1
has "... names 'entry $ZS_ID ('" "$OUT" "entry $ZS_ID ("

damaged
flip_blob "$V" partner slot "idx = 1" 120
run "$TEND" --db "$V" verify
expect_rc "a byte of 美咲's key record flipped: verify -> 1" 1
has "... says her key record is damaged" "$OUT" "$B's is DAMAGED"
has "... and Zoë's is in order" "$OUT" "$A's is in order"

damaged
flip_blob "$V" recovery slot "idx = 0" 60
run "$TEND" --db "$V" verify
expect_rc "a byte of Zoë's recovery record flipped: verify -> 1" 1
has "... says her recovery record is damaged" "$OUT" "Recovery codes: $A's is DAMAGED"
run "$TEND" --db "$V" passphrase --as "$A" --recovery --passphrase-fd 3 \
	3<"$(fd3 "$CA2" "$PA2")"
expect_rc "... and her code cannot set a passphrase there -> 1" 1

# ---- backup ----------------------------------------------------------------------

BK=$E2E_DIR/bk/one.tendbackup
mkdir -p "$E2E_DIR/bk"
(umask 022 && "$TEND" backup "$BK" >"$E2E_DIR/out" 2>"$E2E_DIR/err")
RC=$? OUT=$(cat "$E2E_DIR/out") ERR=$(cat "$E2E_DIR/err")
expect_rc "backup FILE, no passphrase" 0
same "... mode 0600 (umask 022)" "$(stat -c %a "$BK" 2>&1)" 600
# none_in NAME FILE STRING...: one test: none of the strings is in FILE (as bytes).
none_in() {
	local name=$1 found
	shift
	found=$(python3 - "$@" <<'EOF'
import os, sys
data = open(sys.argv[1], "rb").read()
for s in sys.argv[2:]:
    if os.fsencode(s) in data:
        print("found %r" % s)
EOF
)
	if [ -z "$found" ]; then ok "$name"; else not_ok "$name" "$found"; fi
}
alltexts=()
for f in "$E2E_DIR"/texts/*; do alltexts+=("$(cat "$f")"); done
none_in "the backup holds no name, no 'SQLite', no 'tsl2', no text (${#alltexts[@]})" "$BK" \
	"$A" "$B" "SQLite" "tsl2" "trc1" "${alltexts[@]}" "$PA" "$PB" "$CA2" "${CA2//-/}"
none_in "the backup made during the check-in holds none of them either" "$BK_RUN" \
	"$A" "$B" "SQLite" "tsl2" "${alltexts[@]}"
check "... while the database itself holds the names (the test can fail)" \
	grep -a -q -F "$B" "$DB"

before=$(sha "$DB")
for f in "$DB" "$DB-wal" "$DB-shm" "$E2E_DIR/./tend.db" "$E2E_DIR/bk/../tend.db"; do
	run "$TEND" backup "$f"
	expect_rc "backup onto ${f#$E2E_DIR/} (the database's own) -> 1" 1
done
same "... the database is unchanged" "$(sha "$DB")" "$before"
check "... and no -wal or -shm was made" test ! -e "$DB-wal" -a ! -e "$DB-shm"
printf 'my shopping list\neggs\n' >"$E2E_DIR/list.txt"
run "$TEND" backup "$E2E_DIR/list.txt"
expect_rc "backup onto a file that is not a tend backup -> 1" 1
same "... which is left as it was" "$(cat "$E2E_DIR/list.txt")" $'my shopping list\neggs'
ln -s "$DB" "$E2E_DIR/bk/link.db"
run "$TEND" backup "$E2E_DIR/bk/link.db"
expect_rc "backup onto a link to the database -> 1" 1
same "... the database is unchanged" "$(sha "$DB")" "$before"
mkdir -p "$E2E_DIR/bk/dir"
run "$TEND" backup "$E2E_DIR/bk/dir"
expect_rc "backup onto a folder -> 1" 1

# An older backup is replaced by a newer.
cp "$BK" "$E2E_DIR/bk/old.copy"
"$TEND" write --as "$B" --shared "美咲 shared: written after the first backup" >/dev/null 2>&1
keep_text "$(last_id)" 1 1 1 "美咲 shared: written after the first backup"
run "$TEND" backup "$BK"
expect_rc "backup over an older backup" 0
differ() { ! cmp -s "$1" "$2"; }
check "... replaces it" differ "$BK" "$E2E_DIR/bk/old.copy"
same "... still mode 0600" "$(stat -c %a "$BK" 2>&1)" 600
check "... and leaves no temporary file beside it" \
	test "$(ls -A "$E2E_DIR/bk" | tr '\n' ' ')" = "dir link.db old.copy one.tendbackup "

# ---- restore ----------------------------------------------------------------------

run with_pass "$PA" "$TEND" read --as "$A"
ZREAD=$OUT
run with_pass "$PB" "$TEND" read --as "$B"
MREAD=$OUT

R=$E2E_DIR/restored/a/b/tend.db
run with_pass "$PA" "$TEND" --db "$R" restore "$BK"
expect_rc "restore into a fresh --db path (folders made), with Zoë's passphrase" 0
has "... says what the backup holds" "$OUT" "1 check-in"
run with_pass "$PA" "$TEND" --db "$R" read --as "$A"
same "... Zoë reads there all she read" "$OUT" "$ZREAD"
run with_pass "$PB" "$TEND" --db "$R" read --as "$B"
same "... and 美咲 too" "$OUT" "$MREAD"
has "... the newest entry is in it" "$OUT" "written after the first backup"
same "... the streaks are the same" "$("$TEND" --db "$R" stats --json 2>&1)" \
	"$("$TEND" stats --json 2>&1)"
R1=$E2E_DIR/restored/by-misaki.db
run with_pass "$PB" "$TEND" --db "$R1" restore "$BK"
expect_rc "restore with 美咲's passphrase" 0
has "... saying whose opened it" "$OUT" "$B's passphrase opened it"
run "$TEND" --db "$R1" verify
expect_rc "... and it verifies" 0

# An existing database is never written over without --replace.
"$TEND" --db "$R" write --as "$A" --shared "only in the restored copy" >/dev/null 2>&1
rb=$(sha "$R")
run with_pass "$PA" "$TEND" --db "$R" restore "$BK"
expect_rc "restore onto an existing database without --replace -> 1" 1
has "... pointing to --replace" "$ERR" "--replace"
same "... the database is byte for byte as it was" "$(sha "$R")" "$rb"
check "... and no copy is kept" test ! -e "$R.before-restore-$STAMP"

run with_pass "$PA" "$TEND" --db "$R" restore "$BK" --replace
expect_rc "restore --replace" 0
KEPT=$R.before-restore-$STAMP
has "... says where the old one is kept ($(basename "$KEPT"))" "$OUT" "kept as $KEPT"
check "... and it is there" test -f "$KEPT"
same "... mode 0600" "$(stat -c %a "$KEPT" 2>&1)" 600
run with_pass "$PA" "$TEND" --db "$KEPT" read --as "$A"
has "... holding what only the old one had" "$OUT" "only in the restored copy"
run with_pass "$PA" "$TEND" --db "$R" read --as "$A"
same "... the database now is the backup" "$OUT" "$ZREAD"
run with_pass "$PB" "$TEND" --db "$R" restore "$BK" --replace
expect_rc "a second --replace in the same second" 0
check "... keeps the one before as ...-2" test -f "$KEPT-2"
has "... and says so" "$OUT" "kept as $KEPT-2"

# Where a refused init left nobody set up, a backup restores as into a fresh
# path: no --replace needed, no copy of an empty database kept.
F=$E2E_DIR/refused/tend.db
"$TEND" --db "$F" init --partner "$A" --partner "$B" --kdf interactive \
	--passphrase-fd 3 3<"$(fd3 "$PA" "$PA")" >/dev/null 2>&1
run "$TEND" --db "$F" stats
has "a refused init: nobody is set up there" "$ERR" "nobody is set up"
run with_pass "$PA" "$TEND" --db "$F" restore "$BK"
expect_rc "... so a backup restores there without --replace" 0
fresh "$F"

# Damaged backups, a random file, the wrong passphrase: nothing is touched.
rb=$(sha "$R")
cp "$BK" "$E2E_DIR/flipped.bk"
flip_file "$E2E_DIR/flipped.bk" $(( $(stat -c %s "$BK") / 2 ))
head -c 40000 /dev/urandom >"$E2E_DIR/random.bk"
cp "$BK" "$E2E_DIR/cut.bk"
truncate -s -100 "$E2E_DIR/cut.bk"
cp "$BK" "$E2E_DIR/head.bk"
flip_file "$E2E_DIR/head.bk" 3
for bad in "flipped:a backup with a byte flipped in the middle" "random:a file of random bytes" \
	"cut:a backup cut short" "head:a backup with a byte of its head flipped"; do
	f=$E2E_DIR/${bad%%:*}.bk what=${bad#*:}
	run with_pass "$PA" "$TEND" --db "$R" restore "$f" --replace
	expect_rc "restore --replace from $what -> 1" 1
	run with_pass "$PA" "$TEND" --db "$E2E_DIR/restored/none/x.db" restore "$f"
	same "... the database there untouched, no copy kept; into a fresh path: 1, nothing made" \
		"$(sha "$R") $([ -e "$KEPT-3" ] && echo kept) $RC $([ -e "$E2E_DIR/restored/none" ] &&
			echo made)" "$rb  1 "
done
run with_pass "wrong horse battery" "$TEND" --db "$R" restore "$BK" --replace
expect_rc "restore with a passphrase that is neither -> 1" 1
same "... the database there is untouched" "$(sha "$R")" "$rb"
run "$TEND" --db "$R" restore "$BK" --replace --passphrase-fd 3 3<"$(fd3 "$PA" "more")"
expect_rc "restore with a leftover line -> 1" 1
same "... untouched" "$(sha "$R")" "$rb"
run with_pass "$PA" "$TEND" --db "$R" restore "$E2E_DIR/no-such.bk" --replace
expect_rc "restore from a file that is not there -> 1" 1
run with_pass "$PA" "$TEND" --db "$R" restore "$DB" --replace
expect_rc "restore from a database (not a backup) -> 1" 1
same "... untouched" "$(sha "$R")" "$rb"
run with_pass "$PA" "$TEND" --db "$E2E_DIR/list.txt" restore "$BK" --replace
expect_rc "restore --replace onto a file that is not a tend database -> 1" 1
same "... which is left as it was, no copy kept" \
	"$(cat "$E2E_DIR/list.txt"; ls "$E2E_DIR" | grep -c before-restore)" $'my shopping list\neggs\n0'

# ---- forget -------------------------------------------------------------------------

ids_of() { sqlite3 "$DB" "SELECT id FROM entry ORDER BY id" | tr '\n' ' '; }
MS_ID=$(sed -n "s/ 1 1 1\$//p" "$E2E_DIR/manifest" | head -n 1) # 美咲's first shared
all=$(ids_of)
before=$(sha "$DB")
run setsid -w "$TEND" forget --as "$A" "$ZP_ID" --passphrase-fd 3 3<<<"$PA"
expect_rc "forget without --yes and without a terminal -> 1" 1
has "... asking for --yes" "$ERR" "--yes"
run with_pass "$PA" "$TEND" forget --as "$A" "$MS_ID" --yes
expect_rc "forget 美咲's entry as Zoë -> 1" 1
has "... 'not Zoë's to forget'" "$ERR" "not $A's to forget"
run with_pass "$PA" "$TEND" forget --as "$A" "$ZP_ID" "$MS_ID" --yes
expect_rc "forget her own and 美咲's in one go -> 1" 1
run with_pass "$PA" "$TEND" forget --as "$A" 9999 --yes
expect_rc "forget an entry that does not exist -> 1" 1
has "... naming it" "$ERR" "9999"
NOTE_ID=$(sqlite3 "$DB" "SELECT id FROM entry WHERE kind = 3")
run with_pass "$PA" "$TEND" forget --as "$A" "$NOTE_ID" --yes
expect_rc "forget the check-in note as an entry -> 1 (it goes with its night)" 1
run with_pass "$PB" "$TEND" forget --as "$A" "$ZP_ID" --yes
expect_rc "forget with the wrong passphrase -> 1" 1
run with_pass "$PA" "$TEND" forget --as "$A" abc --yes
expect_rc "forget 'abc' -> 1" 1
same "after the refusals every entry is still there" "$(ids_of)" "$all"
same "... and the database is byte for byte as it was" "$(sha "$DB")" "$before"

ZS2_ID=$(sed -n "s/ 0 1 1\$//p" "$E2E_DIR/manifest" | sed -n 2p) # Zoë's second shared
C1=$(sqlite3 "$DB" "SELECT hex(ct) FROM entry WHERE id = $ZP_ID")
C2=$(sqlite3 "$DB" "SELECT hex(ct) FROM entry WHERE id = $ZS2_ID")
canary_there "the canary scan finds a ciphertext that is there" "$DB" "$C1"
run with_pass "$PA" "$TEND" forget --as "$A" "$ZP_ID" "#$ZS2_ID" --yes
expect_rc "Zoë forgets a private and a shared entry of hers" 0
same "... exactly those two are gone" "$(ids_of)" \
	"$(printf '%s\n' $all | grep -vx -e "$ZP_ID" -e "$ZS2_ID" | tr '\n' ' ')"
canary_gone "... her private entry's ciphertext is in none of tend.db, -wal, -shm" "$DB" "$C1"
canary_gone "... nor her shared one's" "$DB" "$C2"
run with_pass "$PA" "$TEND" read --as "$A"
expect_rc "... Zoë reads the rest" 0
lacks "... without the forgotten texts" "$OUT" "${T_ZP1:0:30}"
has "... with her other texts" "$OUT" "${T_ZP2:0:20}"
run with_pass "$PB" "$TEND" read --as "$B"
expect_rc "... 美咲 reads hers" 0
lacks "... no longer Zoë's forgotten shared text" "$OUT" "${T_ZS2:0:30}"
has "... and all of her own" "$OUT" "${T_MP4:0:20}"
run with_pass "$PB" "$TEND" verify --as "$B"
expect_rc "... and verify passes" 0
rm -f "$DB-wal" "$DB-shm"

# A whole night: the check-in, its note and both partners' reflections.
CKN=()
while read -r h; do CKN+=("$h"); done < <(sqlite3 "$DB" "SELECT hex(ct) FROM entry WHERE checkin = $CK")
jn=$(sqlite3 "$DB" "SELECT count(*) FROM entry WHERE checkin IS NULL")
run setsid -w "$TEND" forget --as "$B" --night "$NIGHT" --passphrase-fd 3 3<<<"$PB"
expect_rc "forget --night without --yes -> 1" 1
run with_pass "$PB" "$TEND" forget --as "$B" --night 2026-13-01 --yes
expect_rc "forget --night of a date that is none -> 1" 1
run with_pass "$PB" "$TEND" forget --as "$B" --night "$(date -u -d "$NIGHT -1 day" +%F)" --yes
expect_rc "forget --night of a night with no check-in -> 1" 1
same "... nothing was forgotten" "$(sqlite3 "$DB" "SELECT count(*) FROM checkin")" 1
run with_pass "$PB" "$TEND" forget --as "$B" --night "$NIGHT" --yes
expect_rc "美咲 forgets the night of the check-in" 0
same "... the check-in is gone" "$(sqlite3 "$DB" "SELECT count(*) FROM checkin")" 0
same "... with its note and the 4 reflections" \
	"$(sqlite3 "$DB" "SELECT count(*) FROM entry WHERE kind IN (2, 3)")" 0
same "... the journal entries of that night stay" \
	"$(sqlite3 "$DB" "SELECT count(*) FROM entry WHERE checkin IS NULL")" "$jn"
same "... (5 ciphertexts to look for)" "${#CKN[@]}" 5
canary_gone "... none of them is in tend.db, -wal or -shm" "$DB" "${CKN[@]}"
run "$TEND" stats --json
has "... the night no longer counts" "$OUT" '"nights_total":0'
run with_pass "$PA" "$TEND" read --as "$A"
lacks "... Zoë no longer reads the note" "$OUT" "$NOTE"
lacks "... nor her reflection" "$OUT" "$ZR"
has "... but still her journal" "$OUT" "${T_ZP2:0:20}"

# Forgetting while another program is in the middle of reading the file: it
# says the old pages leave the file when that one closes, and they do.
Z3_ID=$(sed -n "s/ 0 0 1\$//p" "$E2E_DIR/manifest" | sed -n 3p) # Zoë's third private
C3=$(sqlite3 "$DB" "SELECT hex(ct) FROM entry WHERE id = $Z3_ID")
mkfifo "$E2E_DIR/hold.fifo"
exec 5<>"$E2E_DIR/hold.fifo"
sqlite3 "$DB" <&5 >"$E2E_DIR/hold.out" 2>&1 &
holder=$!
echo 'BEGIN; SELECT count(*) FROM entry;' >&5
for _ in $(seq 100); do [ -s "$E2E_DIR/hold.out" ] && break; sleep 0.05; done
run with_pass "$PA" "$TEND" forget --as "$A" "$Z3_ID" --yes
expect_rc "forget while another connection is reading the database" 0
has "... says the old pages leave the file when that one closes" "$OUT" "when it closes"
echo 'COMMIT;' >&5
echo '.quit' >&5
wait "$holder"
exec 5>&-
canary_gone "... once it is closed, the ciphertext is in none of tend.db, -wal, -shm" "$DB" "$C3"

# A backup made after forgetting holds none of it.
run "$TEND" backup "$E2E_DIR/after.bk"
R3=$E2E_DIR/restored/after.db
run with_pass "$PA" "$TEND" --db "$R3" restore "$E2E_DIR/after.bk"
expect_rc "a backup made after forgetting restores" 0
canary_gone "... and the restored file holds none of the 8 forgotten ciphertexts" "$R3" \
	"$C1" "$C2" "$C3" "${CKN[@]}"

# ---- edges ------------------------------------------------------------------------

# A backup of another couple's tend at FILE stays.
O=$E2E_DIR/other.db
"$TEND" --db "$O" init --partner Ann --partner Bo --kdf interactive \
	--passphrase-fd 3 3<"$(fd3 "ann's own long phrase 4" "bo keeps another one 5")" >/dev/null
run "$TEND" --db "$O" backup "$E2E_DIR/after.bk"
expect_rc "backup over another couple's backup -> 1" 1
has "... saying whose it is" "$ERR" "another couple's"
run with_pass "$PA" "$TEND" --db "$E2E_DIR/restored/after2.db" restore "$E2E_DIR/after.bk"
expect_rc "... which still restores for Zoë" 0

# A seal cut to a wrong length is named once, as a shape no tend writes.
V=$E2E_DIR/cut-seal.db
sqlite3 "$DB" ".backup '$V'"
vid=$(sqlite3 "$V" "SELECT id FROM entry WHERE author = 0 AND visibility = 0 LIMIT 1")
sqlite3 "$V" "UPDATE entry SET seal0 = substr(seal0, 1, 40) WHERE id = $vid"
run with_pass "$PA" "$TEND" --db "$V" verify --as "$A"
expect_rc "verify --as Zoë with a seal cut short -> 1" 1
same "... names that entry once" "$(printf '%s\n' "$OUT" | grep -c "entry $vid (")" 1

# The interrupted check-in restored above: its pillars are not ticked yet.
run with_pass "$PA" "$TEND" --db "$R2" export --as "$A"
has "an unfinished check-in's pillars are not ticked yet (Markdown)" "$OUT" \
	"Pillars practised: not ticked yet"
run with_pass "$PA" "$TEND" --db "$R2" export --as "$A" --format json
has "... nor in JSON" "$OUT" '"finished": false, '
has "... no pillar listed" "$(printf '%s' "$OUT" | grep -o '"finished": false.*"pillars": \[[^]]*\]')" '"pillars": []'

# An option that needs a value, without one.
run "$TEND" export --as "$A" -o
expect_rc "export -o without a file -> 2" 2
has "... says it needs a value" "$ERR" "-o needs a value"

# A passphrase line longer than any passphrase is said so.
run "$TEND" read --as "$A" --passphrase-fd 3 3<"$(fd3 "$(printf 'x%.0s' $(seq 1100))")"
expect_rc "a passphrase line of 1100 bytes -> 1" 1
has "... says it is too long" "$ERR" "longer than 1024 bytes"

done_testing
