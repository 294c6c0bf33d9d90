#!/usr/bin/env bash
# notice.sh: news on the status line fades by itself a few seconds after it
# shows ("Locked." during a turn, running or paused; a rest night taken and
# taken back on home), with no key pressed; what went wrong and what to do
# ("That passphrase doesn't open ...") stays until a key. The timer keeps
# its one write a second meanwhile: frames.sh counts that.
. "$(dirname "$0")/lib.sh"

PZ='Zoë opens with the blue key 3' # Zoë's passphrase
PL='Łukasz keeps the brass key 8'  # Łukasz's passphrase

set_up Zoë "$PZ" Łukasz "$PL"

cat >"$E2E_DIR/long.plan" <<'EOF'
title: Long turns
about: A turn long enough to watch a notice go.
arrive     0:02 both shared      Both confirm you are here.
speak      2:00 A    any         Speaker: talk. Listener: listen.
close      0:30 both shared      Thank each other.
EOF

# fades NAME TEXT: one test: TEXT shows, then goes within 10 s, untouched.
fades() {
	if ! wait_for "$2"; then
		not_ok "$1 (it never showed)"
	elif wait_gone "$2" 10; then
		ok "$1"
	else
		not_ok "$1"
	fi
}

tmux_start "$TEND" --plan "$E2E_DIR/long.plan" --kdf interactive

# ---- home --------------------------------------------------------------------

wait_for "Tonight: not yet"
keys r
wait_for "Make tonight a rest night?"
keys y
fades "home: 'a rest night' fades by itself" "Tonight is a rest night. Your streaks wait for you."
see "... and home still shows the rest night" "Tonight: a rest night"
keys r
wait_for "Take it back"
keys y
fades "home: 'an ordinary night again' fades by itself" "Tonight is an ordinary night again."
see "... and home is as before" "Tonight: not yet"

# ---- a mistake stays until a key ------------------------------------------------

keys j
wait_for "Who is reading?"
keys 1
wait_for "Zoë's passphrase"
keys "not her passphrase" Enter
see "a wrong passphrase is said" "That passphrase doesn't open Zoë's key. Try again." 10
sleep 5 # longer than a notice lasts (UI_NOTE_MS, 4 s)
see "... and still said 5 s later, as nothing was done about it" \
	"That passphrase doesn't open Zoë's key. Try again." 1
keys Escape
wait_for "Tonight: not yet"

# ---- the timer ------------------------------------------------------------------

keys c
wait_for "press 2 when you are here"
keys 1 2
wait_for "Zoë speaks · Łukasz listens" 10
keys L
c1=$(big_clock)
fades "the timer: 'Locked.' fades while the turn runs" "Locked."
c2=$(big_clock)
if [ -n "$c1" ] && [ -n "$c2" ] && [ "$(clock_seconds "$c2")" -lt "$(clock_seconds "$c1")" ]; then
	ok "... and the clock ran on meanwhile ($c1, then $c2)"
else
	not_ok "... and the clock ran on meanwhile" "clock '$c1', then '$c2'" "$(screen)"
fi
keys Space
wait_for "Paused - press space to carry on"
keys L
fades "the timer: 'Locked.' fades while paused too" "Locked."
see "... and it is still paused" "Paused - press space to carry on"
keys C-c
quit_clean "the timer"

done_testing
