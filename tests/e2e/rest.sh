#!/usr/bin/env bash
# rest.sh: rest nights on the screens. A one-night streak, then a rest night
# taken from home (r, then y): home says so and the streak waits; the next
# night a second rest night is refused with its reason on screen, and a
# check-in makes the streak 2 (paused, not broken). Night 1 is the suite's
# wall clock (tests/clock.sh), nights 2 and 3 the same time on the days after.
. "$(dirname "$0")/lib.sh"

PZ='rest key Zoë 1'     # Zoë's passphrase
PL='rest key Łukasz 2'  # Łukasz's passphrase
DB=$TEND_DB
N1=$TEND_TEST_DATE    # a check-in: streak 1
N2=$(nights_later 1) # the rest night
N3=$(nights_later 2) # a second rest refused; a check-in: streak 2

set_up Zoë "$PZ" Łukasz "$PL"

# ---- night 1: a check-in ---------------------------------------------------

tui --at "$N1"
see "night 1: home" "Tonight: not yet - Zoë opens"
if quick_checkin; then ok "night 1: a check-in"; else not_ok "night 1: a check-in"; fi
see "night 1: streak 1" "1 night in a row."
keys Enter
wait_for "Tonight: done"
keys r
see "no rest night on a night already done" \
	"Tonight's check-in is done: no rest night needed."
keys q
quit_clean "night 1"

# ---- night 2: the rest night ----------------------------------------------

tui --at "$N2"
see "night 2: the streak of 1 is still there" "Nightly streak 1 · longest 1 · 1 in all"
keys r
see "r explains a rest night and asks" "Make tonight a rest night?"
see "... saying it neither adds nor breaks" "it does not add to them and it does not break"
keys n
if early_at "$N2"; then
	see "n leaves tonight as it was (early in the day: last night's is saved)" \
		"Last night's check-in is saved"
else
	see "n leaves tonight as it was" "Tonight: not yet - Łukasz opens"
fi
keys r
wait_for "Make tonight a rest night?"
keys y
see "y makes tonight a rest night" "Tonight is a rest night. Your streaks wait for you."
see "home says tonight is a rest night" "Tonight: a rest night"
see "the streak is not broken" "Nightly streak 1 · longest 1 · 1 in all"
marks=$(calendar_marks)
same "the calendar marks it: done, then rest" "${marks: -2}" "#~"
keys r
see "r on a rest night offers to take it back" "Take it back"
keys n
see "n keeps the rest night" "Tonight: a rest night"
keys q
quit_clean "night 2"
run tend_at "$N2" stats --json
has "stats on the rest night: tonight_rest" "$OUT" '"tonight_rest":true'
has "stats on the rest night: streak 1 kept" "$OUT" '"nightly":{"current":1,"longest":1}'

# ---- night 3: a second rest is refused; a check-in makes 2 -------------------

tui --at "$N3"
see "night 3: the streak waited" "Nightly streak 1 · longest 1 · 1 in all"
marks=$(calendar_marks)
same "night 3: the calendar ends done, rest, tonight" "${marks: -3}" "#~@"
keys r
# Refused at once, before anything is asked: no "Make tonight a rest night?".
see "a second rest night within 7 nights is refused, saying when the last was" \
	"You had a rest night on $(night_of "$N2")."
unseen "... before asking anything" "Make tonight a rest night?"
see "... and the night the next one becomes possible" \
	"so the next can be on $(night_of "$(nights_later 7 "$N2")")."
see "... in full (the notice wraps)" "Tonight, even a few minutes together is plenty."
keys Enter
see "... tonight stays an ordinary night" "Tonight: not yet - Łukasz opens"
if quick_checkin; then ok "night 3: a check-in"; else not_ok "night 3: a check-in"; fi
see "the night after a rest night continues the streak: 2" "2 nights in a row."
keys Enter
see "home: streak 2, 2 nights in all" "Nightly streak 2 · longest 2 · 2 in all"
marks=$(calendar_marks)
same "the calendar: done, rest, done" "${marks: -3}" "#~#"
keys q
quit_clean "night 3"
run tend_at "$N3" stats --json
has "stats after the rest night: streak 2" "$OUT" '"nightly":{"current":2,"longest":2}'

# One rest night in any seven: six nights after it still no, seven after yes.
run tend_at "$(nights_later 6 "$N2")" stats --json
has "6 nights after the rest night another is not allowed" "$OUT" '"rest_allowed":false'
run tend_at "$(nights_later 7 "$N2")" stats --json
has "7 nights after it, one is allowed again" "$OUT" '"rest_allowed":true'

assert_no_plaintext "$DB" "$PZ" "$PL" "rest key"

done_testing
