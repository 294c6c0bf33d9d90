#!/usr/bin/env bash
# Runs the stress scripts of tests/stress/ (what `make stress` runs) against
# $TEND_BIN, from the repository root, each on its own database: the write
# kill loop, the check-in kill loop and the fault loop. Prints each one's
# TAP, its counts and how long it took, then "N passed, N failed".
# STRESS_WRITES, STRESS_CHECKINS, STRESS_FAULTS, STRESS_FAULT_CHECKINS set
# the rounds; STRESS_SEED repeats a run's choices. The fault loop drives
# $STRESS_FAULT_BIN (default $TEND_BIN): libfiu cannot run under ASan, so
# `make stress SAN=1` gives it the plain build.
set -u
cd "$(dirname "$0")/../.."
export TEND_BIN=${TEND_BIN:-build/tend}
start=$SECONDS passed=0 failed=0
for t in kill-writes kill-checkins faults; do
	t0=$SECONDS
	out=$(mktemp)
	# the counts, and each failure with the comments about it (the screen
	# a wait timed out on, printed before it; the details, after it)
	bin=$TEND_BIN
	[ "$t" = faults ] && bin=${STRESS_FAULT_BIN:-$TEND_BIN}
	TEND_BIN=$bin bash "tests/stress/$t.sh" 2>&1 | tee "$out" | awk '
		/^# (seed|kill|check-in kill|fault|write:|read:|backup:|restore:|run [0-9]+:)/ { print; next }
		/^not ok/ { printf "%s", buf; buf = ""; why = 1; print; next }
		/^ok / { buf = ""; why = 0; next }
		/^#/ { if (why) print; else buf = buf $0 "\n" }'
	p=$(grep -cE '^ok ' "$out") f=$(grep -cE '^not ok ' "$out")
	grep -q '^1\.\.' "$out" || f=$((f + 1)) # stopped before its end
	passed=$((passed + p)) failed=$((failed + f))
	printf 'stress %-14s %3d passed, %d failed, %d s\n' "$t" "$p" "$f" $((SECONDS - t0))
	rm -f "$out"
done
echo "stress: $((SECONDS - start)) s in all"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
