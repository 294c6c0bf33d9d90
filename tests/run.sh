#!/usr/bin/env bash
# Runs every test and ends with one line "N passed, N failed".
#   tests/run.sh UNIT_BINARY...      (TEND_BIN: the tend to drive end to end)
# Unit tests are cmocka programs, asked for TAP output; end-to-end tests are
# the scripts in tests/e2e/, which print TAP themselves ("ok - ..." lines);
# with FUZZ_DIR (make check sets it), each fuzz target built there replays
# its seed corpus once (tests/fuzz/run.sh replay: one "ok" a target).
# Everything runs in the time zone and at the wall clock of tests/clock.sh
# (TEND_TEST_TZ, TEND_TEST_DATE), whatever the machine's date.
set -u
cd "$(dirname "$0")/.."
. tests/clock.sh || exit 2
export TEND_BIN=${TEND_BIN:-build/tend}
export CMOCKA_MESSAGE_OUTPUT=TAP
export LC_ALL=C.UTF-8
echo "tests run at $TEND_TEST_DATE in $TEND_TEST_TZ (TEND_TEST_DATE, TEND_TEST_TZ)"
log=$(mktemp -d)/tests.log
passed=0 failed=0 skipped=0

count() { # $1: TAP output file, $2: what ran, $3: its exit code
	local p f s
	# a skipped check ("ok ... # SKIP why") did not pass: it is counted apart
	s=$(grep -E '^ok ' "$1" | grep -cE '# SKIP')
	p=$(($(grep -cE '^ok ' "$1") - s))
	f=$(grep -cE '^not ok ' "$1")
	if [ "$3" -ne 0 ] && [ "$f" -eq 0 ]; then
		# crashed or failed without saying which test: count it as one failure
		f=1
		echo "not ok - $2 exited with status $3" >>"$1"
	fi
	if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "not ok - $2 ran no test" >>"$1"
	fi
	passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
	grep -E '^not ok ' "$1" | sed "s|^|  $2: |"
	grep -E '^ok .*# SKIP' "$1" | sed "s|^|  $2: |"
	if [ "$s" -gt 0 ]; then
		printf '%-40s %3d passed, %d failed, %d skipped\n' "$2" "$p" "$f" "$s"
	else
		printf '%-40s %3d passed, %d failed\n' "$2" "$p" "$f"
	fi
	cat "$1" >>"$log"
}

for t in "$@"; do
	out=$(mktemp)
	"$t" >"$out" 2>&1
	count "$out" "$(basename "$t")" $?
	rm -f "$out"
done

for t in tests/e2e/*.sh; do
	[ -e "$t" ] || continue
	[ "$(basename "$t")" = lib.sh ] && continue  # shared helpers, not a test
	out=$(mktemp)
	bash "$t" >"$out" 2>&1
	count "$out" "e2e/$(basename "$t" .sh)" $?
	rm -f "$out"
done

if [ -n "${FUZZ_DIR:-}" ]; then
	out=$(mktemp)
	FUZZ_DIR=$FUZZ_DIR tests/fuzz/run.sh replay >"$out" 2>&1
	count "$out" "fuzz corpora" $?
	rm -f "$out"
fi

echo "full log: $log"
[ "$skipped" -eq 0 ] || echo "$skipped skipped (listed above; not counted as passed)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
