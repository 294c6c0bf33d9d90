#!/usr/bin/env bash
# extend.sh: '+' (a minute more for this turn) makes the whole session a
# minute longer at once: the session bar's total grows, its position runs
# on through the added minute instead of standing still, and the history
# keeps the same length and, ended while paused, the time the bar showed.
. "$(dirname "$0")/lib.sh"

PZ='Zoë opens with the blue key 3' # Zoë's passphrase
PL='Łukasz keeps the brass key 8'  # Łukasz's passphrase

set_up Zoë "$PZ" Łukasz "$PL"

cat >"$E2E_DIR/short.plan" <<'EOF'
title: Short turns
about: Thirty-seven seconds, for adding a minute.
arrive     0:02 both shared      Both confirm you are here.
speak      0:05 A    any         Speaker: talk. Listener: listen.
close      0:30 both shared      Thank each other.
EOF

# bar: the session bar's "M:SS of M:SS", or nothing.
bar() { screen | grep -oE '[0-9]+:[0-9]{2} of [0-9]+:[0-9]{2}' | tail -n 1; }

tmux_start "$TEND" --plan "$E2E_DIR/short.plan" --kdf interactive
wait_for "Tonight: not yet"
keys c
see "the session is 0:37 long" "of 0:37"
wait_for "Waiting for both of you"
keys 1 2
wait_for "Zoë speaks · Łukasz listens" 10
keys +
see_re "+ makes the session a minute longer at once" "[0-9]:[0-9]{2} of 1:37" 2
c=$(big_clock)
# (The turn had five seconds: 0:30 or more left is the added minute, read
# however late.)
if [ -n "$c" ] && [ "$(clock_seconds "$c")" -ge 30 ]; then
	ok "... and the turn too (clock $c)"
else
	not_ok "... and the turn too" "clock '$c'" "$(screen)"
fi
# Past the turn's planned five seconds (0:07 into the session), the bar
# runs on with the clock.
see_re "the bar's position runs on through the added minute" "0:(0[89]|1[0-9]) of 1:37" 10
see "... still on Zoë's turn" "turn 2 of 3"
keys Space
wait_for "Paused - press space to carry on"
shown=$(bar)
case $shown in
*" of 1:37") ok "paused, the bar reads $shown" ;;
*) not_ok "paused, the bar can be read" "got '$shown'" "$(screen)" ;;
esac
keys q
wait_for "End now?"
keys y
skip_to_saved
keys Enter
wait_for "Tonight:"
keys h
see "the history keeps the session's length with the minute" "/1:37"
see "... and, ended while paused, the time the bar showed" "${shown% of *}/1:37"
keys Escape
wait_for "Tonight:"
keys q
quit_clean "extend"

done_testing
