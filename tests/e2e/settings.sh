#!/usr/bin/env bash
# settings.sh: settings changed with `tend set` in another terminal reach
# the screens that are open: the settings screen (at its next key, or when
# it is shown again), home (its streak numbers), and a running check-in
# (the bell at the next change of turn). tmux marks a window that rang its
# bell (window_bell_flag), so the bell is seen, not guessed.
. "$(dirname "$0")/lib.sh"

PZ='Zoë opens with the blue key 3' # Zoë's passphrase
PL='Łukasz keeps the brass key 8'  # Łukasz's passphrase

set_up Zoë "$PZ" Łukasz "$PL"

# set KEY VALUE: `tend set KEY VALUE` from another terminal, one test.
set_elsewhere() {
	run "$TEND" set "$1" "$2"
	expect_rc "tend set $1 $2 while the screens are open" 0
}

needs sqlite3 "this test reads a setting from the file"

# bell_rang: 1 when tend's window has rung its bell since it started.
bell_rang() { tmux -S "$E2E_TMUX" display -p -t tend '#{window_bell_flag}'; }

# ---- the settings screen ------------------------------------------------------

tui
wait_for "Tonight: not yet"
keys s
see "the settings screen shows the bell on" "[b] Bell: on"
set_elsewhere bell off
keys x # a key with no meaning here: the screen is drawn again
see "at the next key it shows the bell off, as the file has it" "[b] Bell: off"
keys b
see "b turns on the bell that is off (not off what it remembered as on)" "[b] Bell: on"
same "... and the file says so too" \
	"$(sqlite3 "$TEND_DB" "SELECT value FROM setting WHERE key = 'bell'")" 1
set_elsewhere flash off
keys Escape
wait_for "Tonight: not yet"
keys s
see "shown again, the settings screen has the flash off" "[f] Flash: off"
keys Escape

# ---- home -------------------------------------------------------------------------

see "home shows the streaks" "Nightly streak 0"
set_elsewhere streaks off
keys x
if wait_gone "Nightly streak" 5; then
	ok "home hides the streak numbers at its next key"
else
	not_ok "home hides the streak numbers at its next key"
fi
set_elsewhere streaks on
keys x
see "... and shows them again" "Nightly streak 0"

# ---- a running check-in: the bell ---------------------------------------------------

same "tend's bell has not rung yet" "$(bell_rang)" 0
keys c
wait_for "press 2 when you are here"
set_elsewhere bell off
keys 1 2
see_re "the turns begin: Zoë speaks" "Now: Zoë speaks|Zoë speaks · Łukasz listens" 5
sleep 0.5 # the bell would ring with the turn's first frame, before this
same "with the bell off elsewhere, the change of turn did not ring" "$(bell_rang)" 0
set_elsewhere bell on
see_re "the floor passes to Łukasz" "Now: Łukasz speaks|Łukasz speaks · Zoë listens" 10
for ((i = 0; i < 20; i++)); do
	[ "$(bell_rang)" = 1 ] && break
	sleep 0.1
done
same "with the bell on again, that change of turn rang" "$(bell_rang)" 1
keys C-c
quit_clean "settings"

done_testing
