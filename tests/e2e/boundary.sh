#!/usr/bin/env bash
# boundary.sh: one date rule everywhere. An entry belongs to the night it
# was written on (the day boundary, 04:00: the rule of the streaks and the
# history), and every screen and command that dates an entry says that
# night: the journal screen (beside the clock time it was written at),
# `tend read`, the export in both formats and the history. Entries written
# at 03:49 and at 04:00:10 on Monday 30 November, and a check-in at 03:50
# with a note: the first and the check-in are Sunday 29 November's, the
# second is Monday's.
. "$(dirname "$0")/lib.sh"

PA='boundary Ana 7 pear'
PB='boundary Ben 8 plum'
E1='Ana, awake before the boundary'
E2='Ana, just after it'
NOTE='A note in the small hours'
T1="2026-11-30 03:49:00" T2="2026-11-30 04:00:10" T3="2026-11-30 03:50:00"
LATER="2026-11-30 21:00:00"

set_up Ana "$PA" Ben "$PB"
check "Ana writes at 03:49" with_pass "$PA" faked "$T1" "$TEND" write --as Ana "$E1"
check "... and at 04:00:10" with_pass "$PA" faked "$T2" "$TEND" write --as Ana "$E2"
tui --at "$T3"
wait_for "Tonight: not yet"
if quick_checkin "$NOTE"; then ok "a check-in at 03:50, with a note"; else not_ok "a check-in at 03:50"; fi
keys Enter
wait_for "Tonight:"
keys q
tmux_wait_exit >/dev/null

# head_of OUT TEXT: the "== ..." line above the first line holding TEXT.
head_of() {
	printf '%s\n' "$1" | awk -v t="$2" '/^== / { h = $0 } index($0, t) && !/^== / { print h; exit }'
}

# ---- tend read --------------------------------------------------------------

run with_pass "$PA" faked "$LATER" "$TEND" read --as Ana
expect_rc "tend read --as Ana" 0
has "read: the entry of 03:49 is Sunday 29 November's" "$(head_of "$OUT" "$E1")" "== 2026-11-29 · journal"
has "read: the entry of 04:00:10 is Monday 30 November's" "$(head_of "$OUT" "$E2")" "== 2026-11-30 · journal"
has "read: the check-in's note is Sunday's too" "$(head_of "$OUT" "$NOTE")" "== 2026-11-29 · check-in note"

# ---- the export -------------------------------------------------------------

run with_pass "$PA" faked "$LATER" "$TEND" export --as Ana --format markdown
expect_rc "export --format markdown" 0
has "markdown: the entry of 03:49 under the night's date, with its time" "$OUT" \
	"### 2026-11-29 03:49, Ana, only for you"
has "markdown: the entry of 04:00:10 under Monday's" "$OUT" "### 2026-11-30 04:00, Ana, only for you"
lacks "markdown: no entry under the calendar date of 03:49" "$OUT" "2026-11-30 03:49"
has "markdown: the check-in is Sunday's" "$OUT" "## Check-in of Sunday 2026-11-29"
run with_pass "$PA" faked "$LATER" "$TEND" export --as Ana --format json
expect_rc "export --format json" 0
j1=$(printf '%s\n' "$OUT" | grep -F -e "$E1")
j2=$(printf '%s\n' "$OUT" | grep -F -e "$E2")
has "json: the entry of 03:49 has Sunday's night" "$j1" '"night": "2026-11-29"'
has "... and the moment it was written" "$j1" "\"written\": \"$(date -d "$T1" +%Y-%m-%dT%H:%M:%S%:z)\""
has "json: the entry of 04:00:10 has Monday's" "$j2" '"night": "2026-11-30"'

# ---- the screens ------------------------------------------------------------

tui --at "$LATER"
journal_as 1 Ana "$PA"
see "journal: the entry of 03:49 dated by its night, with its clock time" \
	"2026-11-29 03:49 yours, only you $E1"
see "journal: the entry of 04:00:10 is Monday's" "2026-11-30 04:00 yours, only you $E2"
unseen "journal: nothing dated by the calendar of 03:49" "2026-11-30 03:49"
keys End Enter
see "the opened entry is headed with its night too" "2026-11-29 03:49 · yours, only you"
keys Escape
wait_for "Ana's journal"
keys Escape
wait_for "Tonight: not yet"
keys h
see "history: the check-in of 03:50 is Sunday's" "2026-11-29 e2e"
keys Escape
wait_for "Tonight: not yet"
keys q
quit_clean "boundary" "$E1" "$E2" "$NOTE"

assert_no_plaintext "$TEND_DB" "$PA" "$PB" "$E1" "$E2" "$NOTE"
done_testing
