#!/usr/bin/env bash
# onekey.sh: one person, one key, on every screen and every night. Zoë was
# set up first, so she is 1 and Łukasz 2: when she opens (night 1) and when
# he does (night 2), on the arrive step, its key line, "Who is reading?"
# and its key line. The opener is still the one who speaks first.
. "$(dirname "$0")/lib.sh"

PZ='Zoë opens with the blue key 3' # Zoë's passphrase
PL='Łukasz keeps the brass key 8'  # Łukasz's passphrase

set_up Zoë "$PZ" Łukasz "$PL"

# key_line: the bottom row of the screen (the keys), as flat text.
key_line() { flat "$(screen | tail -n 1)"; }

# keys_everywhere NIGHT: the arrive step (just begun: nobody confirmed yet)
# and "Who is reading?" give Zoë 1 and Łukasz 2.
keys_everywhere() {
	see "$1: the arrive step asks Zoë for 1" "[ ] Zoë: press 1 when you are here"
	see "$1: ... and Łukasz for 2" "[ ] Łukasz: press 2 when you are here"
	reads "$1: the keys line says 1 is Zoë, 2 Łukasz" "$(screen | tail -n 3)" \
		"[1] Zoë is here [2] Łukasz is here"
}

# finish_checkin: from the arrive step with both confirmed, through to the
# save (q, skipped reflections, no note, no pillar) and home.
finish_checkin() {
	wait_for "turn 3 of 6" 10 || return 1
	keys q
	wait_for "End now?" || return 1
	keys y
	wait_for "press Enter when you are ready" || return 1
	keys s
	wait_re "'s\. Please look away" || return 1
	keys s
	wait_for "A note for you both" || return 1
	keys C-d
	wait_for "Which of these felt alive tonight?" || return 1
	keys Enter
	wait_for "Saved." || return 1
	keys Enter
}

# who_reads NIGHT: "Who is reading?" lists Zoë as 1 and Łukasz as 2, and
# says so on its keys line; 1 then asks Zoë for her passphrase.
who_reads() {
	keys j
	see "$1: j asks who is reading" "Who is reading?"
	see "$1: Zoë is 1 on 'Who is reading?'" "[1] Zoë [2] Łukasz"
	same "$1: ... and on its keys line" "$(key_line)" "[1] Zoë [2] Łukasz [Esc] back"
	keys 1
	see "$1: 1 asks Zoë for her passphrase" "Zoë's passphrase"
	keys Escape
	wait_re "Tonight:|Last night's"
}

# ---- night 1: Zoë opens -----------------------------------------------------

tui
see "night 1: Zoë opens" "Tonight: not yet - Zoë opens"
who_reads "night 1"
keys c
wait_for "turn 1 of 6"
keys_everywhere "night 1"
keys 2
see "night 1: 2 confirms Łukasz" "[x] Łukasz is here"
see "night 1: ... Zoë is still asked for 1" "[ ] Zoë: press 1 when you are here"
keys 1
see_re "night 1: 1 confirms Zoë, and the opener, Zoë, speaks first" "Now: Zoë speaks|Zoë speaks · Łukasz listens"
if finish_checkin; then ok "night 1: the check-in is saved"; else not_ok "night 1: the check-in is saved"; fi
keys q
tmux_wait_exit >/dev/null

# ---- night 2: Łukasz opens, the keys stay ----------------------------------

tui --at "$(nights_later 1)"
if early_at "$(nights_later 1)"; then
	see "night 2, early in the day: home speaks of last night" "Last night's short one is kept"
else
	see "night 2: Łukasz opens" "Tonight: not yet - Łukasz opens"
fi
who_reads "night 2"
keys c
wait_for "turn 1 of 6"
keys_everywhere "night 2"
keys 1
see "night 2: 1 still confirms Zoë" "[x] Zoë is here"
see "night 2: ... Łukasz is still asked for 2" "[ ] Łukasz: press 2 when you are here"
unseen "night 2: ... 1 did not confirm Łukasz" "[x] Łukasz is here"
keys 2
see_re "night 2: the opener, Łukasz, speaks first" \
	"Now: Łukasz speaks|Łukasz speaks · Zoë listens"
if finish_checkin; then ok "night 2: the check-in is saved"; else not_ok "night 2: the check-in is saved"; fi
keys q
quit_clean "night 2"

done_testing
