# clock.sh: the wall clock and time zone the whole suite runs at, never the
# machine's. Sourced by tests/run.sh and tests/e2e/lib.sh.
#
#   TEND_TEST_DATE  the date and time, in any form date(1) reads, in local
#                   time of TEND_TEST_TZ (default: 2026-11-25 21:00:00,
#                   a Wednesday evening)
#   TEND_TEST_TZ    the time zone, a name in /usr/share/zoneinfo (default: UTC)
#
#     make check TEND_TEST_DATE="2027-03-28 01:30" TEND_TEST_TZ=Europe/Berlin
#
# Exports TZ and both variables, TEND_TEST_DATE as "YYYY-MM-DD HH:MM:SS"; on
# a date or zone that does not exist, says why and returns 1. Every tend the
# end-to-end tests start sees this clock, stopped (tests/e2e/lib.sh); the
# unit tests cannot read a wall clock at all (tests/unit/noclock.c).

TEND_TEST_TZ=${TEND_TEST_TZ:-UTC}
TEND_TEST_DATE=${TEND_TEST_DATE:-2026-11-25 21:00:00}

clock_set() {
	local when
	# date(1) quietly takes an unknown zone for UTC: refuse it instead.
	if [ "$TEND_TEST_TZ" != UTC ] && [ ! -f "/usr/share/zoneinfo/$TEND_TEST_TZ" ]; then
		echo "TEND_TEST_TZ: no time zone '$TEND_TEST_TZ' in /usr/share/zoneinfo" >&2
		return 1
	fi
	if ! when=$(TZ=$TEND_TEST_TZ date -d "$TEND_TEST_DATE" '+%Y-%m-%d %H:%M:%S' 2>/dev/null); then
		echo "TEND_TEST_DATE: '$TEND_TEST_DATE' is not a time in $TEND_TEST_TZ" \
			"(a day or hour that does not exist there?)" >&2
		return 1
	fi
	TEND_TEST_DATE=$when
	export TEND_TEST_DATE TEND_TEST_TZ TZ=$TEND_TEST_TZ
}
clock_set
