#!/usr/bin/env bash
# terminals.sh: colour and terminal care. tend is walked through every screen
# (setup, home, the timer with a speaker and a listener, the time-out of a
# turn, history, the unlock, a journal, the settings, a window too small)
#   - with NO_COLOR set (https://no-color.org) on a colour terminal, and on
#     terminals without colour (TERM=vt100, xterm-mono): no colour anywhere,
#     and the attributes still mark what colour marks elsewhere: the speaker
#     bold, the listener underlined, "Now: ... speaks" and the selected row
#     in reverse, a warning bold and underlined;
#   - on terminals with colour but fewer capabilities (linux, screen, xterm,
#     ansi; vt100 and ansi have no flash, no dim and no way to hide the
#     cursor): colour is used, and nothing but text reaches the screen;
# in each: no escape sequence or its remains ("[?25l", "(B", "qqqq") shown as
# text, the turn change seen without the terminal's flash (the banner in
# reverse; the flash frame itself is frames.sh's), and where a terminal
# cannot hide the cursor, tend parks it in the bottom-left corner.
# NO_COLOR="" (empty) leaves colour on, as the convention says. A TERM that
# terminfo does not know gets one clear line, and plain mode meanwhile.
. "$(dirname "$0")/lib.sh"

needs python3 "this test reads the screen's attributes with tests/e2e/cells.py"

PA='terminal key Ana 1' # Ana's passphrase
PB='terminal key Ben 2' # Ben's passphrase
CAP=$E2E_DIR/cap
CELLS=$PWD/tests/e2e/cells.py

# capture: the screen with its attributes, into $CAP.
capture() { tmux -S "$E2E_TMUX" capture-pane -p -e -t tend >"$CAP"; }
# cells QUERY...: tests/e2e/cells.py on the last capture.
cells() { python3 "$CELLS" "$CAP" "$@"; }

# clean NAME: one test: the screen holds text only: no escape sequence but
# the attributes, no control character, and none of the remains a sequence
# the terminal did not understand leaves as text.
clean() {
	local odd text
	capture
	odd=$(cells odd)
	text=$(cells text)
	if [ "$odd" = none ] &&
		! printf '%s' "$text" | grep -qE '\[[?0-9][0-9;]*[A-Za-z~]|\((B|0)|q{4,}|\^\[|<[0-9]+>'; then
		ok "$NAME: $1: nothing but text on the screen"
	else
		not_ok "$NAME: $1: nothing but text on the screen" "odd: $odd" "---- screen ----" \
			"$(cat -v "$CAP")"
	fi
}

# colours NAME: one test: in a mono run ($MONO) no colour is used; else some.
colours() {
	local c
	capture
	c=$(cells colours)
	if [ -n "$MONO" ]; then
		same "$NAME: $1: no colour" "$c" none
	elif [ "$c" != none ]; then
		ok "$NAME: $1: in colour ($c)"
	else
		not_ok "$NAME: $1: in colour" "---- screen ----" "$(cat -v "$CAP")"
	fi
}

# marked NAME TEXT ATTR [COLOUR_ATTR]: one test: TEXT on the screen has the
# attribute ATTR (in a mono run; in colour runs COLOUR_ATTR, or a colour when
# it is "colour") within 3 s (a turn's first frame is the flash, in reverse).
marked() {
	local want=$3 got n=30
	[ -z "$MONO" ] && [ -n "${4:-}" ] && want=$4
	while :; do
		capture
		if [ "$want" = colour ]; then
			got=$(cells fg "$2")
			if [ "$got" != none ] && [ "$got" != missing ]; then
				ok "$NAME: $1 ('$2' in colour $got)"
				return
			fi
		else
			got=$(cells attrs "$2")
			if [[ " $got " == *" $want "* ]]; then
				ok "$NAME: $1 ('$2': $got)"
				return
			fi
		fi
		n=$((n - 1))
		[ "$n" -gt 0 ] || break
		sleep 0.1
	done
	not_ok "$NAME: $1" "'$2' is drawn '$got', wanted $want" "---- screen ----" "$(cat -v "$CAP")"
}

# cursor_parked NAME: where the terminal cannot hide the cursor (no civis),
# one test: it is in the bottom-left corner. Elsewhere, one test: hidden.
cursor_parked() {
	local where
	where=$(tmux -S "$E2E_TMUX" display -p -t tend '#{cursor_flag} #{cursor_x},#{cursor_y}')
	if [ -n "$NOCIVIS" ]; then
		same "$NAME: $1: the cursor, which cannot be hidden, waits bottom left" "$where" \
			"1 0,$((${2:-24} - 1))"
	else
		same "$NAME: $1: the cursor is hidden" "${where%% *}" 0
	fi
}

# walk NAME TERM [NO_COLOR]: a couple sets up and goes through every screen on
# TERM, NO_COLOR set to the third argument when there is one.
walk() {
	local term=$2 env=(env -u NO_COLOR)
	NAME=$1
	[ $# -ge 3 ] && env=(env NO_COLOR="$3")
	export TEND_DB=$E2E_DIR/$NAME.db
	E2E_TERM=$term tmux_start "${env[@]}" "$TEND" --plan "$E2E_PLAN" --kdf interactive

	# ---- setup
	see "$NAME: the welcome screen" "Welcome to tend."
	clean "welcome"
	colours "welcome"
	marked "the title is marked" "tend · Welcome" bold
	cursor_parked "welcome"
	keys Enter
	see "$NAME: on to: First name:" "First name:"
	keys "Ana" Enter
	see "$NAME: on to: Second name:" "Second name:"
	keys "Ana" Enter
	see "$NAME: on to: The two names need to be different" "The two names need to be different"
	marked "a refusal is marked" "The two names need" underline colour
	keys C-u "Ben" Enter
	see "$NAME: on to: Ana's passphrase" "Ana's passphrase"
	clean "a passphrase asked"
	keys "$PA" Enter
	see "$NAME: on to: type the same passphrase again" "type the same passphrase again"
	keys "$PA" Enter
	see "$NAME: on to: Ana, would you like a recovery code?" "Ana, would you like a recovery code?"
	keys n
	see "$NAME: on to: Ben's passphrase" "Ben's passphrase"
	keys "$PB" Enter
	see "$NAME: on to: Ben, type the same passphrase again" "Ben, type the same passphrase again"
	keys "$PB" Enter
	see "$NAME: on to: Ben, would you like a recovery code?" "Ben, would you like a recovery code?"
	keys n
	see "$NAME: set up on the screens: home" "Tonight: not yet - Ana opens" 15

	# ---- home
	clean "home"
	colours "home"
	marked "home's keys are marked" "[c]" bold
	marked "tonight on the calendar is in reverse" "@" reverse
	cursor_parked "home"

	# ---- the timer
	keys c
	see "$NAME: on to: press 2 when you are here" "press 2 when you are here"
	clean "the arrive step"
	keys 1 2
	see "$NAME: the turn passes: the banner says who speaks" "Now: Ana speaks" 8
	marked "the banner is in reverse video, flash or none" "Now: Ana speaks" reverse
	keys +
	see "$NAME: then who speaks and who listens" "Ana speaks · Ben listens" 6
	clean "the timer"
	colours "the timer"
	marked "the speaker is marked" "Ana speaks" bold colour
	marked "the listener is marked otherwise" "Ben listens" underline colour
	cursor_parked "the timer"
	keys Space
	see "$NAME: space pauses" "Paused - press space to carry on"
	marked "the pause is in reverse video" "Paused - press" reverse
	keys Space
	keys t
	see "$NAME: the time-out" "Taking a break is a good move"
	clean "the time-out box"
	keys Space
	keys q
	see "$NAME: on to: End now?" "End now?"
	keys y
	see "$NAME: on to: the next one is yours" "the next one is yours"
	keys s
	see_re "$NAME: on to: the reflections" "'s\. Please look away"
	keys s
	see "$NAME: on to: A note for you both" "A note for you both"
	clean "the note"
	keys C-d
	see "$NAME: on to: Which of these felt alive tonight?" "Which of these felt alive tonight?"
	clean "the pillars"
	keys Enter
	see "$NAME: on to: Saved." "Saved."
	keys Enter
	see "$NAME: on to: Tonight:" "Tonight:"

	# ---- history
	keys h
	see "$NAME: history" "1 saved"
	clean "history"
	marked "the selected row is in reverse" "$(test_night)" reverse
	keys Escape
	see "$NAME: on to: Tonight:" "Tonight:"

	# ---- the unlock and a journal
	printf 'Ben shares the kettle song\n' | "$TEND" write --as Ben --shared >/dev/null 2>&1
	keys j
	see "$NAME: who is reading?" "Who is reading?"
	clean "who is reading"
	marked "the names to pick are marked" "[1] Ana" bold
	keys 1
	see "$NAME: on to: Ana's passphrase" "Ana's passphrase"
	clean "the unlock"
	keys "$PA" Enter
	see "$NAME: Ana's journal" "the kettle song" 10
	clean "the journal"
	marked "the selected entry is in reverse" "the kettle song" reverse
	keys L
	see "$NAME: on to: Locked." "Locked."

	# ---- settings
	see "$NAME: on to: Tonight:" "Tonight:"
	keys s
	see "$NAME: the settings" "[b] Bell:"
	clean "the settings"
	marked "each setting is marked" "[f] Flash:" bold
	keys Escape
	see "$NAME: on to: Tonight:" "Tonight:"

	# ---- a window too small
	tmux_resize 30 10
	see "$NAME: a window too small asks for more" "Please make the window"
	clean "a window too small"
	marked "the request is marked as a warning" "Please make" underline colour
	cursor_parked "a window too small" 10
	tmux_resize 80 24
	see "$NAME: on to: Tonight:" "Tonight:"
	keys q
	quit_clean "$NAME" "$PA" "$PB" "kettle"
}

# ---- without colour -------------------------------------------------------------

MONO=1 NOCIVIS='' walk nocolor xterm-256color 1
MONO=1 NOCIVIS=1 walk vt100 vt100
MONO=1 NOCIVIS=1 walk xterm-mono xterm-mono

# ---- with colour, and fewer capabilities ------------------------------------------

MONO='' NOCIVIS='' walk xterm-256color xterm-256color
MONO='' NOCIVIS='' walk nocolor-empty xterm-256color ""
MONO='' NOCIVIS='' walk linux linux
MONO='' NOCIVIS='' walk screen screen
MONO='' NOCIVIS='' walk xterm xterm
MONO='' NOCIVIS=1 walk ansi ansi

# ---- the turn change on terminals without a flash of their own -----------------------

# vt100 and ansi have no flash capability: the screen in reverse video for a
# moment, drawn by tend, stands in for it, without a sleep (strace counts).
needs strace "this test follows the turn change's frames (make check installs it)"
cat >"$E2E_DIR/flash.plan" <<'PLAN'
title: Flash
about: Three-second turns, for a turn change.
arrive     0:05 both shared      Both confirm you are here.
speak      0:03 A    any         Speaker: talk. Listener: listen.
speak      0:03 B    any         Speaker: talk. Listener: listen.
close      0:30 both shared      Thank each other.
PLAN
for t in vt100 ansi; do
	NAME="$t, flash"
	export TEND_DB=$E2E_DIR/flash-$t.db
	"$TEND" init --partner Ana --partner Ben --kdf interactive --passphrase-fd 3 \
		3<<<"$PA"$'\n'"$PB" >/dev/null 2>&1
	E2E_TERM=$t tmux_start "$TEND" --plan "$E2E_DIR/flash.plan"
	see "$NAME: on to: Tonight: not yet" "Tonight: not yet"
	keys c
	see "$NAME: on to: press 2 when you are here" "press 2 when you are here"
	keys 1 2
	see "$t: Ana has the floor" "Ana speaks" 10
	pid=$(tmux_pid)
	timeout -s INT 5 strace -f -p "$pid" -s 65536 -o "$E2E_DIR/strace.$t" >/dev/null 2>&1
	see "$t: the turn passed to Ben meanwhile" "Ben speaks" 5
	# The title is drawn bold; in the flash's frame it is in reverse too.
	got=$(python3 - "$E2E_DIR/strace.$t" <<'PY'
import re, sys
writes, sleeps = [], 0
for line in open(sys.argv[1], errors="replace"):
    m = re.match(r"(?:\d+\s+)?(\w+)\((.*)", line)
    if not m:
        continue
    if m.group(1) in ("nanosleep", "clock_nanosleep", "select", "pselect6", "poll"):
        sleeps += 1
    if m.group(1) == "write" and m.group(2).startswith("1,"):
        writes.append(m.group(2))
title = r"tend \\302\\267 Flash"
lit = r"\\33\[([0-9;]*;)?7(;[0-9]+)*m(\\33\[[0-9;]*m)*(\\17)?" + title
rev = [i for i, w in enumerate(writes) if re.search(lit, w)]
undo = [i for i, w in enumerate(writes) if re.search(title, w) and not re.search(lit, w)]
print("flash" if rev else "no-flash",
      "undone" if rev and any(i > rev[0] for i in undo) else "not-undone",
      "sleeps=%d" % sleeps)
PY
	)
	same "$t: the turn change is a frame in reverse video, undone by a later one, no sleep" \
		"$got" "flash undone sleeps=0"
	keys Space q
	see "$NAME: on to: End now?" "End now?"
	keys y
	see "$NAME: on to: the next one is yours" "the next one is yours"
	keys C-c
	quit_clean "$t, flash"
done

# ---- a terminal terminfo does not know ----------------------------------------------

export TEND_DB=$E2E_DIR/unknown.db
"$TEND" init --partner Ana --partner Ben --kdf interactive --passphrase-fd 3 \
	3<<<"$PA"$'\n'"$PB" >/dev/null 2>&1
for t in no-such-terminal xterm-nonexistent; do
	TERM=$t script -qec "$(printf '%q ' "$TEND" --plan "$E2E_PLAN"); echo rc=\$?" /dev/null \
		</dev/null >"$E2E_DIR/unknown.out" 2>&1
	out=$(tr -d '\r' <"$E2E_DIR/unknown.out")
	has "TERM=$t: tend carries on line by line, and ends well at the end of input" "$out" "rc=0"
	has "TERM=$t: ... saying the terminal is unknown here, and what to do" "$out" \
		"tend: this computer has no description of the terminal TERM=$t: try \"TERM=xterm-256color tend\""
	has "TERM=$t: ... and that it talks line by line meanwhile" "$out" "carries on line by line"
	lacks "TERM=$t: ... with no escape sequence" "$out" $'\e'
	same "TERM=$t: ... in one line" "$(printf '%s\n' "$out" | grep -c '^tend: ')" 1
done

done_testing
