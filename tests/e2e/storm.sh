#!/usr/bin/env bash
# storm.sh: every screen after a resize storm: twenty sizes from 20x6 to
# 200x60 in under a second (some a few milliseconds apart, the rest at once),
# ending at the size the screen was first drawn at (80x24, then 40x12). After
# the storm the screen must be exactly what it was, every character and its
# attributes, and the cursor where it was: what tend shows when started at
# that size, with nothing left over from a size it passed through. The
# running timer keeps its time through a storm (its clock and bar aside, the
# screen is the same too), and tend never stops. Then the same on vt100,
# which has no alternate screen (so tmux keeps scrollback around tend), and
# Ctrl-L draws the whole screen again as it was.
. "$(dirname "$0")/lib.sh"

PA='storm key Ana 1' # Ana's passphrase
PB='storm key Ben 2' # Ben's passphrase
TYPED='written through the storm' # a reflection typed before the storms
CELLS=$PWD/tests/e2e/cells.py

needs python3 "this test reads the screen's attributes with tests/e2e/cells.py"

# capture FILE: the screen with attributes (as tests/e2e/cells.py's norm
# reads it), then the cursor, into FILE.
capture() {
	tmux -S "$E2E_TMUX" capture-pane -p -e -t tend >"$E2E_DIR/raw"
	{
		python3 "$CELLS" "$E2E_DIR/raw" norm
		tmux -S "$E2E_TMUX" display -p -t tend 'cursor #{cursor_flag} #{cursor_x},#{cursor_y}'
	} >"$1"
}

# masked FILE: FILE without what a running timer changes each second: the
# rows of its block digits (or its one-line clock) and of the session bar.
masked() { grep -v -e '█' -e ' of [0-9]*:[0-9][0-9]' -e '[0-9]:[0-9][0-9] left' "$1"; }

# storm W H: the window goes through twenty sizes and ends at W x H: the
# first ten a few milliseconds apart, the other ten in one tmux command.
storm() {
	local s chain=()
	for s in 20x6 200x60 33x9 120x40 41x12 160x50 25x30 90x8 60x20 180x15; do
		tmux -S "$E2E_TMUX" resize-window -t tend -x "${s%x*}" -y "${s#*x}"
		sleep 0.01
	done
	for s in 39x11 100x60 20x60 200x6 70x24 55x17 140x44 44x13 81x25 79x23; do
		chain+=(resize-window -t tend -x "${s%x*}" -y "${s#*x}" \;)
	done
	tmux -S "$E2E_TMUX" "${chain[@]}" resize-window -t tend -x "$1" -y "$2"
}

# storm_same NAME W H [MASK]: one test: a storm ending at W x H (the size
# the session runs at) leaves the screen as it was before it, within 5 s;
# with MASK, as masked reads them. Another: tend runs on.
storm_same() {
	local name=$1 w=$2 h=$3 mask=${4:-} n=50 pid
	pid=$(tmux_pid)
	capture "$E2E_DIR/before"
	[ -n "$mask" ] && masked "$E2E_DIR/before" >"$E2E_DIR/before.m"
	storm "$w" "$h"
	while :; do
		capture "$E2E_DIR/after"
		if [ -n "$mask" ]; then
			masked "$E2E_DIR/after" >"$E2E_DIR/after.m"
			cmp -s "$E2E_DIR/before.m" "$E2E_DIR/after.m" && break
		else
			cmp -s "$E2E_DIR/before" "$E2E_DIR/after" && break
		fi
		n=$((n - 1))
		if [ "$n" -eq 0 ]; then
			not_ok "$name at ${w}x$h: after the storm, the screen as before it" \
				"---- before < > after (cat -v) ----" \
				"$(diff <(cat -v "$E2E_DIR/before") <(cat -v "$E2E_DIR/after") | head -n 60)"
			break
		fi
		sleep 0.1
	done
	[ "$n" -gt 0 ] && ok "$name at ${w}x$h: after the storm, the screen as before it${mask:+ (clock and bar aside)}"
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		ok "$name at ${w}x$h: tend runs on"
	else
		not_ok "$name at ${w}x$h: tend runs on" "pid '$pid'" "$(screen)"
	fi
}

# ---- the first run ---------------------------------------------------------------

for size in 80x24 40x12; do
	W=${size%x*} H=${size#*x}
	export TEND_DB=$E2E_DIR/new-$size.db
	tmux_start -x "$W" -y "$H" "$TEND" --plan "$E2E_PLAN" --kdf interactive
	see "on to: Welcome to tend." "Welcome to tend."
	storm_same "the welcome screen" "$W" "$H"
	keys Enter
	see "on to: First name:" "First name:"
	keys "Ana"
	see "on to: First name: Ana" "First name: Ana"
	storm_same "a name half typed, the cursor after it" "$W" "$H"
	keys C-c
	tmux_wait_exit >/dev/null
	tmux_stop
done

# ---- a couple with a night behind them ------------------------------------------------

export TEND_DB=$E2E_DIR/tend.db
set_up Ana "$PA" Ben "$PB"
tui
see "on to: Tonight: not yet - Ana opens" "Tonight: not yet - Ana opens"
quick_checkin
keys Enter
see "on to: Tonight:" "Tonight:"
keys q
tmux_wait_exit >/dev/null
printf 'Ben shares the kettle song\n' | "$TEND" write --as Ben --shared >/dev/null 2>&1
check "... with a shared entry" "$TEND" stats

for size in 80x24 40x12; do
	W=${size%x*} H=${size#*x}
	tmux_start -x "$W" -y "$H" "$TEND" --plan "$E2E_PLAN" --kdf interactive
	see "on to: Tonight:" "Tonight:"
	storm_same "home" "$W" "$H"
	keys '?'
	see "on to: How tend works" "How tend works"
	storm_same "home's help" "$W" "$H"
	keys Escape
	see "on to: Tonight:" "Tonight:"
	keys h
	see "on to: 1 saved" "1 saved"
	storm_same "history" "$W" "$H"
	keys Enter
	see "on to: Who is reading?" "Who is reading?"
	storm_same "who is reading" "$W" "$H"
	keys 1
	see "on to: Ana's passphrase" "Ana's passphrase"
	keys "$PA"
	storm_same "a passphrase half typed" "$W" "$H"
	keys Enter
	see "on to: Check-in of" "Check-in of" 10
	storm_same "a check-in opened from history" "$W" "$H"
	keys L
	see "on to: Tonight:" "Tonight:"
	keys s
	see "on to: [b] Bell:" "[b] Bell:"
	storm_same "the settings" "$W" "$H"
	keys Escape
	see "on to: Tonight:" "Tonight:"
	keys j
	see "on to: j, who is reading" "Who is reading?"
	keys 1
	see "on to: Ana's passphrase" "Ana's passphrase"
	keys "$PA" Enter
	see "on to: Ana's journal" "from Ben, shared" 10
	storm_same "Ana's journal" "$W" "$H"
	keys L
	see "on to: Tonight:" "Tonight:"
	keys q
	quit_clean "storms at $size" "$PA" "kettle"
done

# ---- the timer ------------------------------------------------------------------------

export TEND_DB=$E2E_DIR/timer.db # a couple whose first night this is: Ana opens
"$TEND" init --partner Ana --partner Ben --kdf interactive --passphrase-fd 3 \
	3<<<"$PA"$'\n'"$PB" >/dev/null 2>&1

for size in 80x24 40x12; do
	W=${size%x*} H=${size#*x}
	tmux_start -x "$W" -y "$H" "$TEND" --plan "$E2E_PLAN" --kdf interactive
	see "on to: Tonight:" "Tonight:"
	keys c
	see "on to: press 2 when you are here" "press 2 when you are here"
	keys 1 2
	see "on to: turn 2 of 6" "turn 2 of 6" 8
	keys +
	see_re "on to: Ana speaks, Ben listens (the banner down)" "Ana speaks [^ ]* Ben listens" 6
	if [ "$size" = 80x24 ]; then
		c0=$(big_clock) t0=$EPOCHREALTIME
		storm_same "the running timer" "$W" "$H" mask
		c1=$(big_clock) t1=$EPOCHREALTIME
		# what the clock lost against the time that passed, in tenths of a second
		lost=$(( ($(clock_seconds "${c0:-0:00}") - $(clock_seconds "${c1:-0:00}")) * 10 ))
		passed=$(( (${t1/./} - ${t0/./}) / 100000 ))
		if [ -n "$c0" ] && [ -n "$c1" ] && [ "$lost" -ge $((passed - 15)) ] &&
			[ "$lost" -le $((passed + 15)) ]; then
			ok "the timer kept its time through the storm ($c0 -> $c1 in ${passed} tenths)"
		else
			not_ok "the timer kept its time through the storm" "before: '$c0'" \
				"after: '$c1'" "tenths passed: $passed"
		fi
		c2=$c1
		for ((i = 0; i < 30; i++)); do
			c2=$(big_clock)
			[ "$c2" != "$c1" ] && break
			sleep 0.1
		done
		if [ -n "$c2" ] && [ "$c2" != "$c1" ]; then
			ok "... and runs on after it ($c1 -> $c2)"
		else
			not_ok "... and runs on after it" "still '$c2' after 3 s" "$(screen)"
		fi
	else
		storm_same "the running timer" "$W" "$H" mask
	fi
	keys Space
	see "on to: Paused - press space" "Paused - press space"
	storm_same "the paused timer" "$W" "$H"
	keys q
	see "on to: End now?" "End now?"
	storm_same "the timer asking 'End now?'" "$W" "$H"
	keys y
	reflect_unlock Ana "$PA" || not_ok "on to: Ana's reflections"
	keys "$TYPED"
	see "on to: $TYPED" "$TYPED"
	storm_same "a reflection being typed" "$W" "$H"
	keys C-c
	quit_clean "the timer's storms at $size" "$PA" "$TYPED"
	tmux_start -x "$W" -y "$H" "$TEND" --plan "$E2E_PLAN" --kdf interactive
	see "on to: was interrupted" "was interrupted"
	keys d
	see "on to: Discard the interrupted check-in?" "Discard the interrupted check-in?"
	keys y
	see "on to: Tonight:" "Tonight:"
	keys q
	tmux_wait_exit >/dev/null
done

# ---- vt100: no alternate screen, scrollback around tend ---------------------------------

E2E_TERM=vt100 E2E_HISTORY=1000 tmux_start "$TEND" --plan "$E2E_PLAN" --kdf interactive
see "on to: Tonight:" "Tonight:"
storm_same "vt100: home" 80 24
keys c
see "on to: press 2 when you are here" "press 2 when you are here"
keys 1 2
see "on to: turn 2 of 6" "turn 2 of 6" 8
keys +
see_re "on to: Ana speaks, Ben listens (the banner down)" "Ana speaks [^ ]* Ben listens" 6
storm_same "vt100: the running timer" 80 24 mask
keys Space
see "on to: Paused - press space" "Paused - press space"
storm_same "vt100: the paused timer" 80 24

# ---- Ctrl-L -------------------------------------------------------------------------------

capture "$E2E_DIR/before"
tmux -S "$E2E_TMUX" send-keys -t tend -R # the terminal forgets what it showed
sleep 0.2
keys C-l
n=50
while :; do
	capture "$E2E_DIR/after"
	cmp -s "$E2E_DIR/before" "$E2E_DIR/after" && break
	n=$((n - 1))
	[ "$n" -gt 0 ] || break
	sleep 0.1
done
if [ "$n" -gt 0 ]; then
	ok "Ctrl-L draws the whole screen again, as it was"
else
	not_ok "Ctrl-L draws the whole screen again, as it was" \
		"$(diff <(cat -v "$E2E_DIR/before") <(cat -v "$E2E_DIR/after") | head -n 40)"
fi
keys Space q
see "on to: End now?" "End now?"
keys y
see "on to: the next one is yours" "the next one is yours"
keys C-c
quit_clean "vt100"

done_testing
