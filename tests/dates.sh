#!/usr/bin/env bash
# dates.sh: the whole suite as if on the nights that trip up date code, in
# three time zones: a DST change night in each direction (the night itself
# and the evening before it), 29 February, 31 December at 23:59, both sides
# of the 04:00 night boundary, and 30 November 2026 (the night a line wrap
# once failed the suite). About two minutes a run, so it is not part of
# `make check`:
#   make check-dates                       every zone (27 runs, about 45 minutes)
#   make check-dates ZONES=Europe/Berlin   one zone
# Prints each run's closing line and, at the end, how many runs passed; the
# logs of failed runs are kept and named.
set -u
cd "$(dirname "$0")/.."
zones=${ZONES:-UTC Europe/Berlin Australia/Lord_Howe}
common=("2026-11-30 21:00:00" "2028-02-29 21:00:00" "2026-12-31 23:59:00"
	"2027-01-15 04:00:00" "2027-01-15 03:59:59")

# dst_nights ZONE: sets dst to the zone's DST nights: into summer time,
# then out of it, each as the evening before the change and as a moment in
# the changing night itself. (UTC has none: it gets the EU's, as ordinary
# nights.)
dst_nights() {
	case $1 in
	Australia/Lord_Howe) # 02:00 -> 02:30 in October, 02:00 -> 01:30 in April
		dst=("2027-10-02 21:00:00" "2027-10-03 01:45:00"
			"2027-04-03 21:00:00" "2027-04-04 01:45:00") ;;
	*) # the EU's: 02:00 -> 03:00 in March, 03:00 -> 02:00 in October
		dst=("2027-03-27 21:00:00" "2027-03-28 01:30:00"
			"2027-10-30 21:00:00" "2027-10-31 02:30:00") ;;
	esac
}

runs=0 bad=0 failed=()
for zone in $zones; do
	dst_nights "$zone"
	for when in "${common[@]}" "${dst[@]}"; do
		log=$(mktemp "${TMPDIR:-/tmp}/tend-dates.XXXXXX")
		TEND_TEST_TZ=$zone TEND_TEST_DATE=$when tests/run.sh "$@" >"$log" 2>&1
		rc=$?
		runs=$((runs + 1))
		printf '%-20s %-19s  %s\n' "$zone" "$when" "$(tail -n 1 "$log")"
		if [ "$rc" -eq 0 ]; then
			rm -f "$log"
		else
			bad=$((bad + 1))
			failed+=("$zone $when: $log")
		fi
	done
done
for f in "${failed[@]}"; do
	echo "failed: $f"
done
echo "dates: $runs runs, $((runs - bad)) passed, $bad failed"
[ "$bad" -eq 0 ]
