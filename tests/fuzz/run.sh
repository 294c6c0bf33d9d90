#!/usr/bin/env bash
# Runs the libFuzzer targets built by `make fuzz-build` (in $FUZZ_DIR,
# default build-fuzz), from the repository root:
#   tests/fuzz/run.sh fuzz SECONDS NAME...  each target SECONDS, growing a
#       working corpus in $FUZZ_DIR/corpus/NAME from tests/fuzz/corpus/NAME;
#       one summary line per target (runs, runs a second, crashes); a crash's
#       input is kept in $FUZZ_DIR/crashes/ (add it to the seed corpus once
#       fixed, so it is replayed from then on)
#   tests/fuzz/run.sh replay [NAME...]  each target once over every input of
#       its seed corpus, as TAP (one "ok" a target): what `make check` runs
set -u
cd "$(dirname "$0")/../.."
dir=${FUZZ_DIR:-build-fuzz}
mode=${1:-replay}
shift
# Leaks count as findings; a report names its input. No core files.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=1:abort_on_error=0:disable_coredump=1"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}print_stacktrace=1:halt_on_error=1"
export LC_ALL=C.UTF-8
# The targets' own files (a seed database, a backup being read) go in a
# folder of the build, removed afterwards: libFuzzer ends a timed run
# without the targets' exit handlers.
export TMPDIR=$PWD/$dir/tmp
rm -rf "$TMPDIR"
mkdir -p "$TMPDIR"
trap 'rm -rf "$TMPDIR"' EXIT
names=("$@")
[ ${#names[@]} -gt 0 ] || names=(plan deck utf8 textbuf vault backup db)

# seeds NAME: the folders target NAME starts from: its own under
# tests/fuzz/corpus (inputs made for it, and those that once crashed it),
# and for the plan parser the plans tend ships and tests with, read where
# they are rather than copied.
seeds() {
	[ -d "tests/fuzz/corpus/$1" ] && echo "tests/fuzz/corpus/$1"
	[ "$1" = plan ] && echo data/plans tests/fixtures
	return 0
}

case $mode in
fuzz)
	secs=${1:-60}
	names=("${@:2}")
	[ ${#names[@]} -gt 0 ] || names=(plan deck utf8 textbuf vault backup db)
	mkdir -p "$dir/crashes" "$dir/logs"
	start=$SECONDS total=0 bad=0
	for n in "${names[@]}"; do
		mkdir -p "$dir/corpus/$n"
		log=$dir/logs/$n.log
		t0=$SECONDS
		"$dir/fuzz_$n" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2560 \
			-artifact_prefix="$dir/crashes/$n-" -print_final_stats=1 \
			"$dir/corpus/$n" $(seeds "$n") >"$log" 2>&1
		rc=$?
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
		speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
		cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -n 1)
		crashes=0
		if [ "$rc" -ne 0 ]; then
			crashes=1 bad=$((bad + 1))
		fi
		total=$((total + ${runs:-0}))
		printf 'fuzz %-8s %9s runs in %3d s (%s/s, %s), %d crashes%s\n' "$n" "${runs:-?}" \
			$((SECONDS - t0)) "${speed:-?}" "${cov:-cov: ?}" "$crashes" \
			"$([ "$rc" -ne 0 ] && echo ": see $log")"
		[ "$rc" -ne 0 ] && grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$log" | head -n 3
	done
	echo "fuzz: $total runs, $bad crashes, $((SECONDS - start)) s"
	[ "$bad" -eq 0 ]
	;;
replay)
	i=0 fail=0
	for n in "${names[@]}"; do
		i=$((i + 1))
		inputs=$(find $(seeds "$n") -type f | wc -l)
		mkdir -p "$dir/crashes"
		out=$("$dir/fuzz_$n" -runs=0 -artifact_prefix="$dir/crashes/$n-" $(seeds "$n") 2>&1)
		rc=$?
		if [ "$rc" -eq 0 ] && printf '%s' "$out" | grep -q 'INITED'; then
			echo "ok $i - fuzz $n: its $inputs corpus inputs replayed, no crash"
		else
			fail=$((fail + 1))
			echo "not ok $i - fuzz $n: replaying its corpus (exit status $rc)"
			printf '%s\n' "$out" | grep -vE '^(INFO|#)' | head -n 30 | sed 's/^/# /'
		fi
	done
	echo "1..$i"
	[ "$fail" -eq 0 ]
	;;
*)
	echo "usage: tests/fuzz/run.sh fuzz SECONDS [NAME...] | replay [NAME...]" >&2
	exit 2
	;;
esac
