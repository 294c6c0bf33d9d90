#!/usr/bin/env bash
# lastnight.sh: a check-in begun at 03:43 and saved at 04:00:14 belongs to
# the evening before (the day boundary is 04:00), and home then says what
# just happened, "Last night's check-in is saved", not "Tonight: not yet",
# until the next evening: noon, or the ritual time when that comes first.
# The clock is faked, stopped at each moment: the check-in is begun at 03:43,
# interrupted at its last step, and finished at 04:00:14.
. "$(dirname "$0")/lib.sh"

PZ='Zoë opens with the blue key 3' # Zoë's passphrase
PL='Łukasz keeps the brass key 8'  # Łukasz's passphrase

set_up Zoë "$PZ" Łukasz "$PL"

# The morning after the suite's evening.
day=$(date -u -d "${TEND_TEST_DATE:0:10} 1 day" +%F)

tui --at "$day 03:43:00"
see "at 03:43 the night before is still tonight" "Tonight: not yet - Zoë opens"
keys c
wait_for "press 2 when you are here"
wait_for "Waiting for both of you" # the arrive step ran: the check-in counts
keys 1 2
wait_for "turn 5 of 6" 10
keys q
wait_for "End now?"
keys y
for who in Zoë Łukasz; do
	wait_for "$who, press Enter when you are ready" || break
	keys s
done
wait_for "A note for you both"
keys C-d
see "at 03:43 the check-in reaches its last step" "Which of these felt alive tonight?"
keys C-c
tmux_wait_exit >/dev/null

tui --at "$day 04:00:14"
see "at 04:00:14 the check-in is offered to finish" "was interrupted"
keys f
wait_for "Which of these felt alive tonight?"
keys Enter
see "it is saved at 04:00:14" "Thank you both. Sleep well."
keys Enter
see "home then says what just happened" "Last night's check-in is saved"
unseen "... not 'not yet'" "Tonight: not yet"
see "... and the streak counts it" "Nightly streak 1"
keys q
quit_clean "04:00:14"
run tend_at "$day 04:00:14" stats --json
has "it was filed under the evening before" "$OUT" "\"nightly\":{\"current\":1"
has "... and tonight is the new night" "$OUT" "\"tonight\":\"$day\""

# Plain mode says the same, with the same words (ui_tonight_words).
OUT=$(printf 'q\n' | TERM=dumb faked "$day 04:00:20" "$TEND" 2>&1)
has "plain mode, too, says what just happened" "$OUT" "Last night's check-in is saved."
lacks "... not 'not yet'" "$OUT" "Tonight: not yet"

tui --at "$day 11:59:00"
see "at 11:59 home still speaks of last night" "Last night's check-in is saved"
keys q
tmux_wait_exit >/dev/null

tui --at "$day 12:00:00"
see "at noon it is an evening ahead again" "Tonight: not yet - Łukasz opens"
keys q
tmux_wait_exit >/dev/null

run "$TEND" set ritual-time 10:00
expect_rc "a morning ritual: tend set ritual-time 10:00" 0
tui --at "$day 09:59:00"
see "with it, at 09:59 home speaks of last night" "Last night's check-in is saved"
keys q
tmux_wait_exit >/dev/null
tui --at "$day 10:00:00"
see "... and at 10:00, the ritual time, of tonight" "Tonight: not yet - Łukasz opens"
keys q
quit_clean "10:00"

done_testing
