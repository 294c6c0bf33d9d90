#!/usr/bin/env bash
# ritual.sh: the nightly ritual as reworked: the shipped nightly plan chosen
# from "Tonight's evening" (cards only on round one's speak steps, read by
# the listener to the speaker; validation in every mirror; pillars chosen,
# not pre-ticked); the quiet "finish your thought" cue; a time-out night
# that pauses the streak without using the rest night (and Esc, "back",
# at its park prompt going back rather than stopping); a topic parked
# during a check-in and talked through at the weekly talk, with the "you
# got it" gate, the trial agreement and "Next together" on home; "When to
# get help" (? and g) and the gentle notice after check-ins that keep
# stalling; streak numbers hidden and shown again; a rest night refused at
# once, with the date one is possible again; and nothing typed ever in the
# database files in plaintext.
#
# Each part has its own database (TEND_DB), so the nights of one part do not
# change what another sees (the stall notice counts every check-in that
# ended early). Night 0 is the suite's wall clock (tests/clock.sh), later
# nights the same time of day, days later; the clock is stopped there.
. "$(dirname "$0")/lib.sh"

PZ='ritual key Zoë: lantern 4'   # Zoë's passphrase
PL='ritual key Łukasz: harbour 9' # Łukasz's passphrase

TOPIC_OUT='Topic at the time-out: the overdue rent talk' # parked when stopping
TOPIC='Topic parked mid-turn: the kettle and the chores' # parked with p
WNOTE='Weekly note: we laughed about the kettle'        # the weekly's note
AGREE='Agreement: Łukasz empties the kettle on weekdays' # its trial agreement
NEXT='A canal walk on Sunday at ten'                   # its plan together

RITUAL_PLAN=$PWD/tests/fixtures/ritual.plan        # counts by itself in 4 s
CUE_PLAN=$PWD/tests/fixtures/ritual-cue.plan       # a 30 s turn, then the other's
WEEKLY_PLAN=$PWD/tests/fixtures/ritual-weekly.plan # the weekly talk in 14 s

PILLARS='(Vulnerability|Active Listening|Empathy|Consistent Affirmation|Shared Experiences)'

# ---- helpers of this script -------------------------------------------------

# use_db NAME: from now on tend works on $E2E_DIR/NAME.db, a new couple
# (Zoë opens their first night); one test.
use_db() {
	export TEND_DB=$E2E_DIR/$1.db
	"$TEND" init --partner Zoë --partner Łukasz --kdf interactive --passphrase-fd 3 \
		3<<<"$PZ"$'\n'"$PL" >/dev/null 2>&1
	check "$1: the couple is set up (tend init)" "$TEND" stats
}

# screens [--at TIME] [ARG...]: tend's screens in tmux (80 x 24) on $TEND_DB
# with the quick key derivation and NO --plan (so c opens "Tonight's
# evening"), at the suite's clock or at TIME. Terminal bells are counted in
# $E2E_DIR/bells (bells).
screens() {
	local pre=()
	if [ "${1:-}" = --at ]; then
		pre=(env FAKETIME="$2")
		shift 2
	fi
	rm -f "$E2E_DIR/bells"
	tmux_start "${pre[@]}" "$TEND" --kdf interactive "$@"
	# The session is detached, so tmux takes every bell as an alert.
	tmux -S "$E2E_TMUX" set-hook -g alert-bell \
		"run-shell 'echo bell >>$(printf '%q' "$E2E_DIR/bells")'"
}

# bells: how many times the terminal bell rang since screens started.
bells() {
	if [ -e "$E2E_DIR/bells" ]; then wc -l <"$E2E_DIR/bells" | tr -d ' '; else echo 0; fi
}

# popup_text: the text inside the box drawn over the screen (between the
# first and the last '│' of each row), as flat text: what the popup says,
# without the screen behind it.
popup_text() {
	local line inner out=
	while IFS= read -r line; do
		case $line in *│*│*) ;; *) continue ;; esac
		inner=${line#*│}
		inner=${inner%│*}
		out="$out $inner"
	done < <(screen 2>/dev/null)
	flat "$out"
}

# clock_now: the seconds the big clock shows now (-1 when it shows none).
clock_now() {
	local c
	c=$(big_clock) || { echo -1; return; }
	clock_seconds "$c"
}

# wait_clock_at_most S [TIMEOUT]: until the big clock shows S seconds or
# fewer (default 20 s); returns 1 on timeout.
wait_clock_at_most() {
	local n=$(( ${2:-20} * 10 )) s
	while [ "$n" -gt 0 ]; do
		s=$(clock_now)
		[ "$s" -ge 0 ] && [ "$s" -le "$1" ] && return 0
		sleep 0.1
		n=$((n - 1))
	done
	diag "the clock did not reach $1 s" "$(screen)"
	return 1
}

# after_timer: from the first reflections screen, both skip theirs (s),
# the note is left as it is (Ctrl-D), the pillars as ticked (Enter): the
# "Saved" screen. Returns 1 (the screen as comments) when a screen did not
# come.
after_timer() {
	wait_for "Please look away" 10 || return 1
	keys s
	wait_re "this part is [^ ]*'s\. Please look away" || return 1
	keys s
	wait_for "A note for you both" || return 1
	keys C-d
	wait_for "Which of these felt alive tonight?" || return 1
	keys Enter
	wait_for "Thank you both. Sleep well." || return 1
}

# counted_night TIME: a check-in of tests/fixtures/ritual.plan on the night
# of TIME that runs to its end by itself, so it counts; back home, tend
# quits. One test.
counted_night() {
	local ok=1
	screens --at "$1" --plan "$RITUAL_PLAN"
	wait_for "Tonight: not yet" && keys c && after_timer && keys Enter &&
		wait_for "Tonight: done" && keys q && tmux_wait_exit >/dev/null || ok=0
	if [ "$ok" = 1 ]; then
		ok "a check-in that counts on $(night_of "$1")"
	else
		not_ok "a check-in that counts on $(night_of "$1")"
	fi
	tmux_stop
}

# early_night TIME [last]: a check-in of the cue plan on the night of TIME,
# ended at once (q, then y); with "last", tend is quit at its "Saved"
# screen (Ctrl-C), before home shows again. One test.
early_night() {
	local ok=1
	screens --at "$1" --plan "$CUE_PLAN"
	wait_for "Tonight: not yet" && keys c && wait_for "turn 1 of 3" && keys q &&
		wait_for "End now?" && keys y && after_timer || ok=0
	if [ "$ok" = 1 ] && [ "${2:-}" = last ]; then
		keys C-c
		tmux_wait_exit >/dev/null || ok=0
	elif [ "$ok" = 1 ]; then
		keys Enter
		wait_for "Tonight: a short one, kept" && keys q && tmux_wait_exit >/dev/null || ok=0
	fi
	if [ "$ok" = 1 ]; then
		ok "a check-in ended early on $(night_of "$1")"
	else
		not_ok "a check-in ended early on $(night_of "$1")"
	fi
	tmux_stop
}

# stats_field JSON KEY: the value of a top-level scalar in tend stats --json.
stats_field() {
	printf '%s' "$1" | sed -n "s/.*\"$2\":\([^,}]*\).*/\1/p"
}

# choose_evening ABOUT: on "Tonight's evening", Down until the plan whose
# about line says ABOUT is chosen; returns 1 when none does.
choose_evening() {
	local i
	for ((i = 0; i < 12; i++)); do
		sleep 0.2
		[[ $(screen_text) == *"$(flat "$1")"* ]] && return 0
		keys Down
	done
	diag "no plan in the chooser says: $1" "$(screen)"
	return 1
}

# =============================================================================
# Part 1: the shipped nightly plan, chosen from "Tonight's evening".
# Part 5: the help and "When to get help" (? and g on home).
# Part 7: streak numbers off and on (tend set streaks).
# Part 8: a rest night refused at once.
# Part 2: the "finish your thought" cue.
# =============================================================================

use_db nights
N0=$TEND_TEST_DATE
N1=$(nights_later 1)
N2=$(nights_later 2)
N3=$(nights_later 3)
N4=$(nights_later 4)

screens --at "$N0"
see "home: tonight not yet, Zoë opens" "Tonight: not yet - Zoë opens"
keys c
see "c opens the evening chooser" "Which evening would you like tonight?"
see_re "the nightly check-in is listed first, as tonight's default" \
	"Which evening would you like tonight\? [0-9]+:[0-9]{2} Nightly check-in \(tonight's default\) [0-9]"
chooser=$(screen_text)
reads "the quick check-in is listed" "$chooser" "Quick check-in"
reads "the long check-in is listed" "$chooser" "Long check-in"
reads "the weekly talk is listed" "$chooser" "Weekly talk"
see "the nightly check-in shows its about line" "Fifteen minutes, phones away"
for about in "Five minutes for a busy night" "Twenty-five unhurried minutes" \
	"Half an hour once a week"; do
	if choose_evening "$about"; then
		ok "a plan in the chooser says: $about"
	else
		not_ok "a plan in the chooser says: $about"
	fi
done
if choose_evening "Fifteen minutes, phones away"; then
	ok "Down comes round to the nightly check-in again"
else
	not_ok "Down comes round to the nightly check-in again"
fi
keys Enter
see "Enter starts the nightly plan: 14 steps" "turn 1 of 14"
see "the arrive step shows the plan's title" "tend · Nightly check-in"
see "... on the arrive step" "[ ] Zoë: press 1 when you are here"
keys 1 2

# Each step, skipped with n: what shows, and what does not.
kinds=(- arrive appreciation appreciation "round one, Zoë speaks" "round one, mirror"
	"round one, Łukasz speaks" "round one, mirror" "round two, Łukasz speaks"
	"round two, mirror" "round two, Zoë speaks" "round two, mirror" wish wish close)
for k in $(seq 2 14); do
	if ! wait_for "turn $k of 14" 3; then
		not_ok "step $k of the nightly plan shows"
		continue
	fi
	sleep 0.3 # the whole step drawn
	s=$(screen_text)
	case $k in
	4)
		if printf '%s' "$s" | grep -qE "Łukasz, read this to Zoë \($PILLARS\):"; then
			ok "step 4 (${kinds[k]}): the card, headed 'Łukasz, read this to Zoë (pillar):'"
		else
			not_ok "step 4 (${kinds[k]}): the card, headed 'Łukasz, read this to Zoë (pillar):'" "$s"
		fi
		;;
	6)
		if printf '%s' "$s" | grep -qE "Zoë, read this to Łukasz \($PILLARS\):"; then
			ok "step 6 (${kinds[k]}): the card, headed 'Zoë, read this to Łukasz (pillar):'"
		else
			not_ok "step 6 (${kinds[k]}): the card, headed 'Zoë, read this to Łukasz (pillar):'" "$s"
		fi
		;;
	*)
		reads_not "step $k (${kinds[k]}): no card" "$s" "read this"
		;;
	esac
	case $k in
	5 | 7 | 9 | 11) reads "step $k (${kinds[k]}): the mirror asks to validate" "$s" "That makes sense" ;;
	esac
	case $k in
	8) see_re "step 8: B (Łukasz) opens round two" "Now: Łukasz speaks|Łukasz speaks · Zoë listens" ;;
	10) see_re "step 10: then Zoë speaks" "Now: Zoë speaks|Zoë speaks · Łukasz listens" ;;
	esac
	keys n
done
see "after the close: the reflections" "the next one is yours" 5
keys s
see "s skips the opener's reflections" "Zoë, this part is Łukasz's."
keys s
see "the note for both" "A note for you both"
see "the nightly note asks for the next thing together (the plan closes)" "Next together: one small thing"
unseen "... and no agreement (the plan has no solve step)" "trial agreement"
keys C-d
see "Ctrl-D: the pillars" "Which of these felt alive tonight?"
p=$(screen_text)
reads_not "no pillar is ticked at first" "$p" "[x]"
reads "... all five are offered" "$p" "[ ] 5 Shared Experiences"
keys 2
see "2 ticks Active Listening" "[x] 2 Active Listening"
unseen "... and only it" "[x] 1 Vulnerability"
keys Enter
see "Enter saves the check-in" "Saved."
see_re "the last words are 'Thank you both. Sleep well.'" \
	"Thank you both\. Sleep well\. \[Enter\] carry on$"
keys Enter
see "home again" "Tonight: a short one, kept"

# ---- Part 5: the help ------------------------------------------------------

keys '?'
see "? opens the help" "How tend works"
help=$(doc_text)
reads "the help has 'When to get help'" "$help" "When to get help"
reads "... naming a domestic-abuse service" "$help" "contact a domestic-abuse service"
reads "... and a couples therapist or counsellor" "$help" "A couples therapist or counsellor"
keys Escape
wait_for "Tonight: a short one, kept"
keys g
see "g opens 'When to get help' directly" "tend · When to get help"
gh=$(doc_text)
reads "... naming a domestic-abuse service" "$gh" "contact a domestic-abuse service"
reads "... and a therapist or counsellor" "$gh" "A couples therapist or counsellor"
reads_not "... that page alone, not the whole help" "$gh" "How tend works"
keys Escape
see "Esc goes home" "Tonight: a short one, kept"
keys q
quit_clean "night 0"

# ---- Part 7: streak numbers hidden, then shown ------------------------------

run "$TEND" set streaks off
expect_rc "tend set streaks off" 0
screens --at "$N1" --plan "$RITUAL_PLAN"
see "streaks off: home still shows the nights together" "Nights together"
h=$(screen_text)
reads_not "streaks off: home shows no nightly streak" "$h" "Nightly streak"
reads_not "streaks off: home shows no pillar table" "$h" "longest"
reads_not "... no pillar row" "$h" "Vulnerability"
keys c
if after_timer; then ok "streaks off: a check-in that counts"; else not_ok "streaks off: a check-in that counts"; fi
s=$(screen_text)
reads "streaks off: saved" "$s" "Saved."
reads_not "streaks off: the save screen says nothing 'in a row'" "$s" "in a row"
keys Enter
wait_for "Tonight: done"
keys s
see "the settings say streak numbers are hidden" "[t] Streak numbers: hidden"
keys Escape
wait_for "Tonight: done"
keys q
quit_clean "night 1"
run tend_at "$N1" stats
expect_rc "streaks off: tend stats" 0
has "streaks off: tend stats says the numbers are hidden" "$OUT" "Streak numbers are hidden"
lacks "streaks off: tend stats shows no streak" "$OUT" "Nightly streak"
run "$TEND" set streaks on
expect_rc "tend set streaks on" 0
run tend_at "$N1" stats
has "streaks on: tend stats shows the streak again" "$OUT" "Nightly streak: 1 (longest 1)"
screens --at "$N2" --plan "$RITUAL_PLAN"
see "streaks on: home shows the nightly streak" "Nightly streak 1 · longest 1 · 1 in all"
see "streaks on: home shows the pillar table" "Pillars now longest"
keys c
if after_timer; then ok "streaks on: a check-in that counts"; else not_ok "streaks on: a check-in that counts"; fi
see "streaks on: the save screen says how many in a row" "2 nights in a row."
keys Enter
wait_for "Tonight: done"
keys q
quit_clean "night 2"

# ---- Part 8: a rest night, then one refused at once ---------------------------

screens --at "$N3"
wait_for "Tonight: not yet"
keys r
see "r asks before a rest night" "Make tonight a rest night?"
keys y
see "y makes tonight a rest night" "Tonight: a rest night"
keys q
quit_clean "night 3"
run tend_at "$N4" stats --json
same "the next night another rest night is not allowed (stats)" \
	"$(stats_field "$OUT" rest_allowed)" false

screens --at "$N4" --plan "$CUE_PLAN"
wait_for "Tonight: not yet"
keys r
see "r the next night: refused at once, with the rest night's date" \
	"You had a rest night on $(night_of "$N3")"
see "... and the date the next one can be" "so the next can be on $(night_of "$(nights_later 7 "$N3")")"
unseen "... without asking first" "Make tonight a rest night?"
keys Enter
see "Enter: home, tonight still an ordinary night" "Tonight: not yet"

# ---- Part 2: "finish your thought" ------------------------------------------

run tend_at "$N4" stats --json
OPENER=$(printf '%s' "$OUT" | sed -n 's/.*"opens_tonight":"\([^"]*\)".*/\1/p')
if [ "$OPENER" = Zoë ]; then OTHER=Łukasz; else OTHER=Zoë; fi
keys c
see "the cue plan: a 30 s turn for $OPENER" "turn 1 of 3"
see "... $OPENER speaks" "$OPENER speaks · $OTHER listens"
unseen "no cue with 30 s left" "finish your thought"
if wait_clock_at_most 20; then
	s=$(screen_text)
	c=$(clock_now)
	if [ "$c" -gt 15 ]; then
		reads_not "no cue with 16 s or more left ($c s)" "$s" "finish your thought"
	else
		not_ok "no cue with 16 s or more left" "the clock read $c s already"
	fi
	b0=$(bells)
else
	not_ok "the clock counts down to 20 s"
	b0=0
fi
if wait_for "finish your thought" 8; then
	c=$(clock_now)
	if [ "$c" -le 15 ] && [ "$c" -ge 12 ]; then
		ok "'finish your thought' shows when 15 s are left (clock $c s)"
	else
		not_ok "'finish your thought' shows when 15 s are left" "it came at $c s"
	fi
else
	not_ok "'finish your thought' shows when 15 s are left"
fi
see "... while it is still $OPENER's turn" "turn 1 of 3"
sleep 0.5
same "the cue rings no bell" "$(bells)" "$b0"
see "the floor passes to $OTHER" "Now: $OTHER speaks" 17
for _ in 1 2 3 4 5 6 7 8 9 10; do [ "$(bells)" -gt "$b0" ] && break; sleep 0.2; done
if [ "$(bells)" -gt "$b0" ]; then
	ok "... with the bell (so the bell count would have seen one at the cue)"
else
	not_ok "... with the bell (so the bell count would have seen one at the cue)" "bells: $(bells)"
fi
unseen "no cue on a turn shorter than 30 s" "finish your thought"
keys q
wait_for "End now?"
keys y
if after_timer; then ok "the cue night is saved"; else not_ok "the cue night is saved"; fi
keys Enter
wait_for "Tonight:"
keys q
quit_clean "night 4"
assert_no_plaintext "$TEND_DB" "$PZ" "$PL"

# =============================================================================
# Part 3: a time-out night pauses the streak and keeps the rest night.
# =============================================================================

use_db timeout
P0=$TEND_TEST_DATE
P1=$(nights_later 1)
P2=$(nights_later 2)
counted_night "$P0"
run tend_at "$P1" stats --json
rest_before=$(stats_field "$OUT" rest_allowed)
same "before the time-out a rest night is allowed" "$rest_before" true

screens --at "$P1" --plan "$CUE_PLAN"
wait_for "Tonight: not yet"
keys c
see "the time-out night: a turn starts" "turn 1 of 3"
keys t
see "t: the time-out guidance" "Time-out"
sleep 0.3
pop=$(popup_text)
reads "... twenty minutes apart" "$pop" "Spend about twenty minutes apart"
reads "... without rehearsing the argument" "$pop" "Try not to rehearse the argument"
reads "... a break is a good move" "$pop" "Taking a break is a good move"
reads "... keys: carry on, or stop and park" "$pop" "[s] stop for tonight (park the topic)"
bar1=$(screen | grep -F ' of 0:37')
sleep 1.5
bar2=$(screen | grep -F ' of 0:37')
same "the timer stands still during the time-out" "$bar2" "$bar1"
keys Space
if wait_gone "Taking a break" 3; then ok "space closes the guidance"; else not_ok "space closes the guidance"; fi
c1=$(clock_now)
sleep 1.3
c2=$(clock_now)
if [ "$c1" -gt 0 ] && [ "$c2" -ge 0 ] && [ "$c2" -lt "$c1" ]; then
	ok "space carries on: the timer runs again ($c1 s, then $c2 s)"
else
	not_ok "space carries on: the timer runs again" "clock: $c1 s, then $c2 s" "$(screen)"
fi
keys t
wait_for "Taking a break"
keys s
see "s: stopping for tonight offers to park the topic" "Stopping for tonight is fine."
see "... one line" "Topic:"
keys "$TOPIC_OUT"
see "the topic shows as typed" "$TOPIC_OUT"
keys Enter
see "Enter: saved, kindly" "Saved. Stopping when it got too much was a caring thing to do."
see "... the streaks paused like a rest night" "Tonight pauses your streaks like a rest night"
see "... and the topic parked" "Parked for your weekly talk."
keys Enter
see "home: tonight is a time-out" "Tonight: a time-out; your streaks are paused"
see "home: the streak is 1, paused" "Nightly streak 1 · longest 1 · 1 in all"
keys q
quit_clean "the time-out night" "$TOPIC_OUT"
run tend_at "$P1" stats
has "tend stats: tonight is a time-out" "$OUT" "a time-out (your streaks are paused)"
has "tend stats: the streak is still 1" "$OUT" "Nightly streak: 1 (longest 1)"
run tend_at "$P1" stats --json
same "stats --json: tonight_timeout" "$(stats_field "$OUT" tonight_timeout)" true
has "stats --json: the nightly streak is 1 on the time-out night" "$OUT" \
	'"nightly":{"current":1,"longest":1}'
same "stats --json: the time-out did not use the rest night" \
	"$(stats_field "$OUT" rest_allowed)" "$rest_before"
run tend_at "$P2" stats --json
has "the next night the streak is still alive: paused, not broken" "$OUT" \
	'"nightly":{"current":1,"longest":1}'
same "... and a rest night is still allowed" "$(stats_field "$OUT" rest_allowed)" true
screens --at "$P2" --plan "$RITUAL_PLAN"
wait_for "Tonight: not yet"
keys c
if after_timer; then ok "a check-in after the time-out"; else not_ok "a check-in after the time-out"; fi
see "... makes two nights in a row" "2 nights in a row."
keys Enter
wait_for "Tonight: done"
keys q
quit_clean "after the time-out"
assert_no_plaintext "$TEND_DB" "$TOPIC_OUT" "overdue rent" "$PZ" "$PL"

# ---- "back" from stopping at a time-out goes back, it does not stop -------------
# The prompt after s says "[Esc] back": Esc there returns to the check-in
# (the time-out guidance), and the night is not saved as a time-out.

use_db escape
screens --plan "$CUE_PLAN"
wait_for "Tonight: not yet"
keys c
wait_for "turn 1 of 3"
keys t
wait_for "Taking a break"
keys s
see "stopping: the park prompt offers Esc: back" "[Esc] back"
keys Escape
sleep 1
s=$(screen_text)
reads_not "Esc there does not stop the night" "$s" "Stopping when it got too much"
reads "... the check-in is still on its turn" "$s" "turn 1 of 3"
tmux_stop
run "$TEND" stats --json
same "... and tonight is not a time-out" "$(stats_field "$OUT" tonight_timeout)" false

# =============================================================================
# Part 4: a topic parked mid-turn, talked through at the weekly talk.
# =============================================================================

use_db weekly
W0=$TEND_TEST_DATE   # Zoë opens; a topic is parked
W1=$(nights_later 1) # the shipped weekly talk, skipped through: Łukasz opens
W2=$(nights_later 2) # a weekly talk that counts: the topic is done
W3=$(nights_later 3) # no topic left

screens --at "$W0" --plan "$CUE_PLAN"
wait_for "Tonight: not yet - Zoë opens"
keys c
see "a turn starts" "turn 1 of 3"
sleep 0.3
c1=$(clock_now)
keys p
see "p during a speak step: park a topic" "Park a topic"
see "... the timer keeps running" "The timer keeps running."
keys "$TOPIC"
sleep 1.5
keys Enter
see "Enter parks it" "Parked for your weekly talk. Sealed for you both."
see "... back on the same turn" "turn 1 of 3"
c2=$(clock_now)
if [ "$c1" -gt 0 ] && [ "$c2" -ge 0 ] && [ "$c2" -le $((c1 - 1)) ]; then
	ok "the timer ran on while the topic was typed ($c1 s, then $c2 s)"
else
	not_ok "the timer ran on while the topic was typed" "clock: $c1 s, then $c2 s"
fi
keys n n n
if after_timer; then ok "the night of the parked topic is saved"; else not_ok "the night of the parked topic is saved"; fi
keys Enter
wait_for "Tonight:"
keys q
quit_clean "the parked topic" "$TOPIC"

# ---- the weekly talk, from the chooser -------------------------------------------

screens --at "$W1"
wait_for "Tonight: not yet - Łukasz opens"
keys c
wait_for "Which evening would you like tonight?"
if choose_evening "Half an hour once a week"; then ok "the weekly talk is chosen"; else not_ok "the weekly talk is chosen"; fi
keys Enter
see "the weekly talk asks who is reading (the topics are sealed)" "Who is reading?"
keys 1
see "... Zoë's passphrase" "Zoë's passphrase"
keys "$PZ" Enter
see "the parked topic is offered" "A topic for tonight" 10
see "... with its words" "$TOPIC"
keys Enter
see "Enter picks it: the weekly talk starts" "turn 1 of 13"
see "... the plan's title" "tend · Weekly talk"
keys 1 2
wait_for "turn 2 of 13"
keys n n n n
see "the topic's turn" "turn 6 of 13"
see "... shows 'Tonight's topic, parked for this talk:'" "Tonight's topic, parked for this talk:"
see "... and the topic" "$TOPIC"
see_re "... Łukasz speaks" "Now: Łukasz speaks|Łukasz speaks · Zoë listens"
keys n
see "the gated mirror" "turn 7 of 13"
sleep 0.3
s=$(screen_text)
reads_not "while its time runs, no gate" "$s" "did Zoë get it?"
reads_not "... and no 'you got it' key" "$s" "[y] you got it"
keys n
see "after n: 'Łukasz: did Zoë get it?'" "Łukasz: did Zoë get it?"
see "... key y: you got it" "[y] you got it"
see "... key a: another go" "[a] another go"
same "... the clock stands at 0:00" "$(big_clock)" "0:00"
sleep 1
see "... and the gate waits there" "turn 7 of 13"
keys a
sleep 0.3
c1=$(clock_now)
if [ "$c1" -ge 28 ] && [ "$c1" -le 30 ]; then
	ok "a: another go, 30 s more (clock $c1 s)"
else
	not_ok "a: another go, 30 s more" "clock: $c1 s" "$(screen)"
fi
sleep 1.3
c2=$(clock_now)
if [ "$c2" -ge 0 ] && [ "$c2" -lt "$c1" ]; then
	ok "... the digits count down again ($c1 s, then $c2 s)"
else
	not_ok "... the digits count down again" "clock: $c1 s, then $c2 s"
fi
unseen "... the question waits until the time is up" "did Zoë get it?"
keys n
see "n: the question again" "Łukasz: did Zoë get it?"
keys y
see "y: the next turn" "turn 8 of 13"
see_re "... the roles swap: Zoë speaks" "Now: Zoë speaks|Zoë speaks · Łukasz listens"
see "... on the topic too" "Tonight's topic, parked for this talk:"
keys n
wait_for "turn 9 of 13"
keys n
see "the second gate: 'Zoë: did Łukasz get it?'" "Zoë: did Łukasz get it?"
keys y
see "y: the agreement step" "turn 10 of 13"
see "... 'Agree'" "Agree"
keys n n n
wait_for "turn 13 of 13"
keys n
if wait_for "Please look away" 5; then
	keys s
	wait_re "this part is [^ ]*'s\. Please look away"
	keys s
fi
see "the note for both" "A note for you both"
see "... with three fields" "(1 of 3)"
keys "$WNOTE" Tab
see "Tab: the trial agreement field" "Our small trial agreement"
keys "$AGREE" Tab
see "Tab: the 'Next together' field" "Next together: one small thing to enjoy together soon"
keys "$NEXT"
see "... shows as typed" "$NEXT"
keys C-d
wait_for "Which of these felt alive tonight?"
keys Enter
see "the weekly talk is saved" "Thank you both. Sleep well."
keys Enter
wait_for "Tonight:"
keys L
see "L locks" "Locked."
unseen "locked: no 'Next together' on home (it is sealed)" "Next together:"
keys h
see "history lists both nights" "2 saved"
hist=$(screen_text)
# 32:00 planned, and the 30 s of "another go": the session's length.
if printf '%s' "$hist" | grep -qE "$(night_of "$W1") weekly [0-9:]+/32:30 short"; then
	ok "history: the weekly talk's night, short (skipped through)"
else
	not_ok "history: the weekly talk's night, short (skipped through)" "$hist"
fi
if printf '%s' "$hist" | grep -qE "$(night_of "$W0") ritual-c [0-9:/]+ short +\[1 parked\]"; then
	ok "history: the night a topic was parked, '[1 parked]'"
else
	not_ok "history: the night a topic was parked, '[1 parked]'" "$hist"
fi
keys Enter
see "opening it asks who is reading" "Who is reading?"
keys 2
wait_for "Łukasz's passphrase"
keys "$PL" Enter
see "the weekly talk opens" "A past check-in" 10
wdoc=$(doc_text)
reads "it keeps the trial agreement" "$wdoc" "Your trial agreement $AGREE"
reads "... the next thing together" "$wdoc" "Next together $NEXT"
reads "... and the note" "$wdoc" "$WNOTE"
keys Escape
wait_for "2 saved"
keys Escape
see "unlocked, home shows what is next together" "Next together: $NEXT"
see "... with x: we did it" "[x] we did it"
keys x
see "x marks it done" "Lovely. Marked as done."
unseen "... and it is gone from home" "Next together:"
keys q
quit_clean "the weekly talk" "$TOPIC" "$WNOTE" "$AGREE" "$NEXT"

# ---- a weekly talk that counts takes the topic off the list --------------------

screens --at "$W2" --plan "$WEEKLY_PLAN"
wait_for "Tonight: not yet"
keys c
wait_for "Who is reading?"
keys 2
wait_for "Łukasz's passphrase"
keys "$PL" Enter
see "a talk that did not count leaves the topic for another go" "$TOPIC" 10
keys Enter
see "the short weekly talk starts on the topic" "Tonight's topic, parked for this talk:"
see "... its gate comes when the mirror's time is up" "did Łukasz get it?" 8
keys y
see "... and the second" "did Zoë get it?" 8
keys y
if after_timer; then ok "the short weekly talk is saved"; else not_ok "the short weekly talk is saved"; fi
see "... and it counted" "1 night in a row."
keys Enter
wait_for "Tonight: done"
keys q
quit_clean "the weekly talk that counts"

screens --at "$W3"
wait_for "Tonight: not yet"
keys c
wait_for "Which evening would you like tonight?"
choose_evening "Half an hour once a week"
keys Enter
see "the next weekly talk: no parked topics (it was talked through)" \
	"No parked topics: tonight, talk about anything that matters to you."
see "... and the talk starts without one" "turn 1 of 13"
tmux_stop
assert_no_plaintext "$TEND_DB" "$TOPIC" "$WNOTE" "$AGREE" "$NEXT" "$PZ" "$PL" \
	"kettle" "canal walk" "empties the kettle"

# =============================================================================
# Part 6: check-ins that keep stalling: a gentle word, once in 14 nights.
# =============================================================================

use_db stall
D0=$TEND_TEST_DATE
early_night "$D0"
early_night "$(nights_later 2)"
screens --at "$(nights_later 4)"
see "two early endings in the week: home as usual" "Tonight: not yet"
unseen "... no gentle word yet" "A gentle word"
tmux_stop
early_night "$(nights_later 4)" last
D5=$(nights_later 5)
screens --at "$D5"
see "the next night, 3 of the last 7 ended early: 'A gentle word'" "A gentle word"
see "... it says so kindly" "ended early or with a time-out"
see "... and points to 'When to get help'" "When to get help"
keys g
see "g opens 'When to get help'" "tend · When to get help"
see "... with the domestic-abuse service" "domestic-abuse service"
keys Escape
if early_at "$D5"; then
	see "then home (early in the day: last night's short one)" "Last night's short one is kept"
else
	see "then home" "Tonight: not yet"
fi
keys q
quit_clean "the gentle word"
screens --at "$(nights_later 6)"
see "the night after: home at once" "Tonight: not yet"
unseen "... no gentle word again" "A gentle word"
tmux_stop
screens --at "$(nights_later 13 "$D5")"
see "13 nights after it: home at once" "Tonight: not yet"
unseen "... still no gentle word" "A gentle word"
tmux_stop
screens --at "$(nights_later 14 "$D5")"
see "14 nights after it, with the stalls still the latest: the gentle word again" "A gentle word"
tmux_stop
assert_no_plaintext "$TEND_DB" "$PZ" "$PL"

done_testing
