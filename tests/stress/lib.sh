# lib.sh: what the stress scripts share, on top of tests/e2e/lib.sh (the
# private folder, tend at the tests' wall clock, TAP, tmux). Source it first:
#     . tests/stress/lib.sh
# It sets up a couple on $TEND_DB with the quick key derivation, and gives:
#   STRESS_SEED   the seed of $RANDOM (printed): it repeats a run's choices
#                 of commands, delays and probabilities, not which calls
#                 libfiu fails (its own random draw) nor the machine's timing
#   PA, PB        the partners' passphrases
#   ms_sleep MS   sleeps MS milliseconds
#   crashed RC    true when exit status RC is a crash: a signal we did not
#                 send (128+N other than SIGKILL) or a sanitizer report (86)
#   read_all      every text Zoë may read, into $E2E_DIR/read.out (status)
#   lost FILE     prints how many lines of FILE (acknowledged texts) do not
#                 appear in $E2E_DIR/read.out
#   intact NAME [DB]  two tests: `tend verify` passes and SQLite's
#                 integrity_check says ok
. "$(dirname "${BASH_SOURCE[0]}")/../e2e/lib.sh"

STRESS_SEED=${STRESS_SEED:-$(( $(date +%s) % 32768 ))}
RANDOM=$STRESS_SEED
echo "# seed $STRESS_SEED (STRESS_SEED=$STRESS_SEED repeats its choices)"
PA='stress key Zoë 1'
PB='stress key Łukasz 2'
"$TEND" init --partner Zoë --partner Łukasz --kdf interactive --passphrase-fd 3 \
	3<<<"$PA"$'\n'"$PB" >/dev/null 2>&1
check "the couple is set up" "$TEND" stats

ms_sleep() { sleep "$(printf '0.%03d' "$1")"; }

crashed() {
	[ "$1" -eq 86 ] || { [ "$1" -gt 128 ] && [ "$1" -ne 137 ]; }
}

read_all() {
	local db=${1:-$TEND_DB}
	"$TEND" --db "$db" read --as Zoë --passphrase-fd 3 3<<<"$PA" >"$E2E_DIR/read.out" \
		2>"$E2E_DIR/read.err"
}

lost() {
	local n=0 line
	while IFS= read -r line; do
		grep -qxF -e "$line" "$E2E_DIR/read.out" || n=$((n + 1))
	done <"$1"
	echo "$n"
}

intact() {
	local db=${2:-$TEND_DB} out
	run "$TEND" --db "$db" verify
	expect_rc "$1: tend verify finds the database in order" 0
	out=$(sqlite3 -readonly "$db" 'PRAGMA integrity_check' 2>&1)
	same "$1: SQLite's integrity_check" "$out" ok
}
