#!/usr/bin/env bash
# plain.sh: tend's plain mode (tend --plain, and TERM=dumb or unset without
# it), driven through a pipe as a screen reader user's lines would come:
# no tmux. A whole check-in of the e2e plan (15 s): each step said as it
# begins, who speaks, the cards, "Now:" when the floor changes hands, the
# keys (1 and 2, +, a pause, parking a topic, n), the time left at a whole
# minute (after +), then the reflections (each partner unlocks with their
# passphrase, read as a line from the pipe), the note and the pillars,
# saved as the screens save them. A second plan, written here, has a 0:32
# speak step and a gated 0:12 mirror, for the 30- and 10-second marks, the
# "finish your thought" cue, the wait for "you got it" and another go;
# it runs with TERM=dumb and no --plain. Every line's arrival is stamped,
# so the marks are checked against when their step began. Nothing tend
# writes holds an escape byte (or any control character), a passphrase or
# the words typed. A journal entry written, read out, and the journal
# locking by itself when nothing is typed; an interrupted check-in finished;
# a time-out (carried on, then stopping with a topic parked);
# the weekly talk's parked topic chosen and said at its step. TERM unset is
# plain mode too, and so is a TERM ncurses does not know (on a terminal,
# through script(1)). About 50 seconds.
. "$(dirname "$0")/lib.sh"

PZ='Zoë opens with the blue key 3' # Zoë's passphrase (as in checkin.sh)
PL='Łukasz keeps the brass key 8'  # Łukasz's passphrase
DB=$TEND_DB

ZS='Zoë shared: thank you for the tea'          # her shared answer
ZP='Zoë private: I worried about the visit'     # her private answer
LS='Łukasz shared: the walk was lovely'         # his shared answer
LP='Łukasz private: I held back about money'    # his private answer
NOTE='Our note: pancakes on Sunday 🌙'          # the note
TOGETHER='Next together: the lake on Saturday'  # next together
TOPIC='Plain topic: the holidays with family'   # parked mid-turn

set_up Zoë "$PZ" Łukasz "$PL"

# ---- driving tend through a pipe -------------------------------------------

# stamp: each line read, after the real time it came ("SECONDS.MICROS ").
stamp() {
	local l
	while IFS= read -r l || [ -n "$l" ]; do
		printf '%s %s\n' "$EPOCHREALTIME" "$l"
	done
}

# plain_start NAME CMD...: runs CMD (a tend) in the background, its standard
# input a FIFO this script writes to (send), standard error apart. What it
# writes is kept raw in NAME.raw and stamped line by line in NAME.out; its
# exit status goes to NAME.rc.
plain_start() {
	local name=$1
	shift
	P=$E2E_DIR/$name
	mkfifo "$P.in"
	( "$@" <"$P.in" 2>"$P.err"; echo $? >"$P.rc" ) | tee "$P.raw" | stamp >"$P.out" &
	exec {PLAIN_FD}>"$P.in"
}

# send LINE...: each LINE and a newline, to tend's standard input.
send() { printf '%s\n' "$@" >&"$PLAIN_FD"; }

# plain_end: no more input; waits (5 s at most) for tend's exit status and
# puts it in RC (empty when it did not end).
plain_end() {
	local n=50
	exec {PLAIN_FD}>&-
	while [ "$n" -gt 0 ] && ! [ -s "$P.rc" ]; do sleep 0.1; n=$((n - 1)); done
	RC=$(cat "$P.rc" 2>/dev/null)
	sleep 0.2 # the stamping loop's last lines
}

# after TEXT: the number of the first line of the output holding TEXT
# (after line $FROM, default 0), or nothing.
after() {
	awk -v from="${FROM:-0}" -v t="$1" 'NR > from && index($0, t) { print NR; exit }' "$P.out"
}

# heard TEXT [TIMEOUT]: waits (default 5 s) until tend has written a line
# holding TEXT after line $FROM; then sets AT (its stamp) and LN (its line)
# and moves FROM there. On timeout, the last lines as comments, and 1.
heard() {
	local n=$(( ${2:-5} * 20 )) ln
	while [ "$n" -gt 0 ]; do
		ln=$(after "$1")
		if [ -n "$ln" ]; then
			LN=$ln FROM=$ln
			AT=$(sed -n "${ln}p" "$P.out" | cut -d' ' -f1)
			return 0
		fi
		sleep 0.05
		n=$((n - 1))
	done
	diag "timed out waiting for: $1" "---- last lines ----" "$(tail -n 8 "$P.out")"
	return 1
}

# says NAME TEXT [TIMEOUT]: one test: heard TEXT.
says() { if heard "$2" "${3:-5}"; then ok "$1"; else not_ok "$1"; fi; }

# gap FROM_STAMP TO_STAMP: the seconds between them, in hundredths.
gap() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%d", (b - a) * 100 }'; }

# within NAME LO HI: one test: the last two stamps (T0, then AT) are LO to
# HI hundredths of a second apart.
within() {
	local g
	g=$(gap "$T0" "$AT")
	if [ "$g" -ge "$2" ] && [ "$g" -le "$3" ]; then
		ok "$1 (after $g/100 s)"
	else
		not_ok "$1" "came $g/100 s after its step began; wanted $2/100 to $3/100"
	fi
}

# clean_output NAME: tests on everything tend wrote: no escape byte, no
# control character but newlines, nothing after its last line.
clean_output() {
	if LC_ALL=C grep -q $'\x1b' "$P.raw"; then
		not_ok "$1: no escape byte anywhere" "$(LC_ALL=C grep -n $'\x1b' "$P.raw" | cat -v | head -3)"
	else
		ok "$1: no escape byte anywhere"
	fi
	if tr -d '\n' <"$P.raw" | LC_ALL=C grep -q '[[:cntrl:]]'; then
		not_ok "$1: no control character but newlines" \
			"$(LC_ALL=C grep -n '[[:cntrl:]]' "$P.raw" | cat -v | head -3)"
	else
		ok "$1: no control character but newlines"
	fi
	if [ "$(tail -n 1 "$P.raw")" = "tend is closed." ] &&
		[ "$(tail -c 1 "$P.raw" | od -An -tx1 | tr -d ' ')" = 0a ]; then
		ok "$1: the output ends with tend's last line, whole"
	else
		not_ok "$1: the output ends with tend's last line, whole" "$(tail -c 80 "$P.raw" | cat -A)"
	fi
}

# ---- 1. tend --plain: the whole check-in ------------------------------------

FROM=0
plain_start run1 env TERM=xterm-256color "$TEND" --plain --plan "$E2E_PLAN" --kdf interactive
says "home says who is set up" "Home: Zoë and Łukasz."
says "home says tonight is not done and who opens" "Tonight: not yet - Zoë opens."
says "home's menu says its keys" "Type a key and Enter: c check in, j journal, h history"
send c
says "c: the plan's title and its first step" "End-to-end test. Step 1 of 6: Arrive, 0:03."
T0=$AT
says "the arrive step is for both" "Together."
says "... says the instruction" "Phones away; both confirm."
says "... and who types which key" "Zoë: type 1 and Enter when you are here. Łukasz: type 2 and Enter."
says "each step says its keys" "Keys, then Enter: 1 Zoë is here, 2 Łukasz is here, space pause"
says "at 0:00 the arrive step waits for both" \
	"Waiting for both of you: Zoë types 1, Łukasz types 2, then Enter." 6
within "... when its three seconds have run" 280 450
send 1
says "1: Zoë is here" "Zoë is here."
send 1
says "... said once" "Zoë is here already."
send 2
says "2: Łukasz is here" "Łukasz is here."
says "then step 2 begins" "Step 2 of 6: Appreciation, 0:02."
T0=$AT
says "the floor goes to Zoë, said with Now:" "Now: Zoë speaks, Łukasz listens."
says "step 2 says what to do" "Thank your partner for one thing."
says "step 3 comes by itself" "Step 3 of 6: Speak, 0:03." 4
within "... when step 2's two seconds have run" 180 350
says "step 3 keeps Zoë on the floor (no Now:)" "Zoë speaks, Łukasz listens."
[ "$(sed -n "${LN}p" "$P.out" | cut -d' ' -f2)" = "Zoë" ] && ok "... the line starts with her name" ||
	not_ok "... the line starts with her name" "$(sed -n "${LN}p" "$P.out")"
says "step 3 says its card: Łukasz reads it to Zoë" "Card, Łukasz, read this to Zoë ("
card=$(sed -n "${LN}p" "$P.out" | sed 's/^[^ ]* Card, Łukasz, read this to Zoë ([^)]*): //')
if grep -qxF -e "$card" -e "deep: $card" -e "light: $card" data/prompts/*.deck; then
	ok "... the card is a card of the decks ($card)"
else
	not_ok "... the card is a card of the decks" "card: $card"
fi
send +
says "+: one more minute" "One more minute: 1:0"
T0=$AT
left=$(sed -n "${LN}p" "$P.out" | grep -oE '1:0[0-9]' | cut -c4)
says "the minute mark is said" "1 minute left." 5
within "... when the clock reaches 1:00" $(( left * 100 - 110 )) $(( left * 100 + 150 ))
send ""
says "Enter alone: where the couple is" "Step 3 of 6, Speak: "
if sed -n "${LN}p" "$P.out" | grep -qE 'Speak: (1:00|0:5[0-9]) left\.$'; then
	ok "... with the time left"
else
	not_ok "... with the time left" "$(sed -n "${LN}p" "$P.out")"
fi
send " "
says "space pauses" "Paused at "
paused=$(sed -n "${LN}p" "$P.out" | grep -oE '[0-9]:[0-5][0-9]')
sleep 1.5
send ""
says "paused: the clock stands still" "Step 3 of 6, Speak: $paused left, paused."
send " "
says "space carries on" "Carrying on: $paused left."
send p
says "p asks for the topic to park" "Park a topic:"
send "$TOPIC"
says "... and parks it, sealed for both" "Parked for your weekly talk. Sealed for you both."
send n
says "n ends the turn: step 4" "Step 4 of 6: Mirror, 0:02."
says "the floor passes to Łukasz, said with Now:" "Now: Łukasz speaks, Zoë listens."
says "step 5 comes by itself" "Step 5 of 6: Speak, 0:03." 4
says "step 5: Łukasz keeps the floor" "Łukasz speaks, Zoë listens."
says "step 5's card: Zoë reads it to Łukasz" "Card, Zoë, read this to Łukasz ("
send + +
says "+ twice: two more minutes" "One more minute: 2:0"
T0=$AT
left=$(sed -n "${LN}p" "$P.out" | grep -oE '2:0[0-9]' | cut -c4)
says "the two-minute mark is said" "2 minutes left." 5
within "... when the clock reaches 2:00" $(( left * 100 - 110 )) $(( left * 100 + 150 ))
send n
says "n: the last step, for both" "Step 6 of 6: Close, 0:02."
says "... said as together" "Now: together."
says "the timer ends by itself" "The timer is done." 4
mark=$(FROM=0 after "seconds left")
if [ -z "$mark" ]; then
	ok "no 30- or 10-second mark on steps this short"
else
	not_ok "no 30- or 10-second mark on steps this short" "$(sed -n "${mark}p" "$P.out")"
fi
says "Zoë's reflections come first" "Reflections. Łukasz, this part is Zoë's; the next one is yours."
says "... asking for Enter or s" "Zoë, press Enter when you are ready to write"
send ""
says "Enter asks Zoë's passphrase" "Zoë, type your passphrase and Enter; Enter alone goes back."
send "not her passphrase"
says "a wrong passphrase is said" "That passphrase doesn't open Zoë's key. Try again."
send "$PZ"
says "her passphrase opens her reflections" "Zoë's reflections."
says "the first question" "Question 1 of 2: "
send "$ZS"
says "... asks whether to share" "Share this answer with Łukasz? Type y to share it"
send y
says "y shares it" "Shared with Łukasz."
says "the second question" "Question 2 of 2: "
send "$ZP" ""
says "Enter alone keeps it only hers" "Only for you."
says "then Łukasz's reflections" "Reflections. Zoë, this part is Łukasz's."
send ""
says "Enter asks Łukasz's passphrase" "Łukasz, type your passphrase and Enter"
send "$PL"
says "his passphrase opens his reflections" "Łukasz's reflections."
send "$LS" y "$LP" n
says "his answers taken, then the note" "A note for you both."
says "... asking for one line" "Type your note on one line and Enter; Enter alone leaves it empty."
send "$NOTE"
says "next together is asked (the plan closes)" "Next together: one small thing to enjoy"
send "$TOGETHER"
says "the pillars, each with its number" "1 Vulnerability: "
says "... asking for the numbers" "Type the numbers of those that did"
send "1 three"
says "a line that is not numbers is said" "Please type numbers from 1 to 5"
send "1 3"
says "Enter saves the check-in" "Saved."
says "... with the streak" "1 night in a row."
says "... and a thank-you" "Thank you both. Sleep well."
says "home again: tonight is done" "Tonight: done."
send q
says "q quits" "tend is closed."
plain_end
same "run 1: tend exits 0" "$RC" 0
clean_output "run 1"
for s in "$PZ" "$PL" "$ZS" "$ZP" "$LS" "$LP" "$NOTE" "$TOPIC"; do
	grep -qF -e "$s" "$P.raw" && { not_ok "run 1: tend wrote back nothing typed" "found: $s"; break; }
done || ok "run 1: tend wrote back nothing typed (passphrases, answers, note, topic)"
same "run 1: nothing on standard error" "$(cat "$P.err")" ""

# What was saved: counted, with the pillars, and every text where it belongs.
run "$TEND" stats --json
has "stats: tonight is done" "$OUT" '"tonight_done":true'
has "stats: one night counted" "$OUT" '"nights_total":1'
has "stats: Vulnerability ticked" "$OUT" '"vulnerability":{"current":1,"longest":1}'
has "stats: Empathy ticked" "$OUT" '"empathy":{"current":1,"longest":1}'
has "stats: Active Listening not" "$OUT" '"listening":{"current":0,"longest":0}'
run with_pass "$PZ" "$TEND" read --as Zoë
for s in "$ZS" "$ZP" "$LS" "$NOTE" "$TOGETHER" "$TOPIC"; do
	has "read --as Zoë: ${s%%:*}" "$OUT" "$s"
done
lacks "read --as Zoë: not Łukasz's private answer" "$OUT" "$LP"
run with_pass "$PL" "$TEND" read --as Łukasz
has "read --as Łukasz: his private answer" "$OUT" "$LP"
has "read --as Łukasz: Zoë's shared answer" "$OUT" "$ZS"
lacks "read --as Łukasz: not Zoë's private answer" "$OUT" "$ZP"
assert_no_plaintext "$DB" "$PZ" "$PL" "$ZS" "$ZP" "$LS" "$LP" "$NOTE" "$TOPIC"

# ---- 2. TERM=dumb, no --plain: the marks, the cue, the gate -----------------

cat >"$E2E_DIR/marks.plan" <<'EOF'
title: Marks
arrive 0:01 both shared   Both confirm.
speak  0:32 A    any      Speaker: talk.
mirror 0:12 B    listening gate=on Say back what you heard.
close  0:01 both shared   Thank each other.
EOF
FROM=0
plain_start run2 env TERM=dumb "$TEND" --plan "$E2E_DIR/marks.plan"
says "TERM=dumb: plain mode without --plain" "tend, line by line."
says "TERM=dumb: home, as a menu" "Type a key and Enter: c check in"
send c
says "the same keys on a night Łukasz opens: Zoë 1, Łukasz 2" \
	"Zoë: type 1 and Enter when you are here. Łukasz: type 2 and Enter."
send 2
says "2 is Łukasz, whoever opens" "Łukasz is here."
send 1
says "1 is Zoë" "Zoë is here."
says "the speak step begins" "Step 2 of 4: Speak, 0:32."
T0=$AT
says "... Łukasz opens tonight's second check-in" "Now: Łukasz speaks, Zoë listens."
says "the 30-second mark" "30 seconds left." 5
within "... at 0:30" 180 350
says "finish your thought, 15 s before the floor passes" \
	"Finish your thought: the turn passes in 15 seconds." 18
within "... at 0:15" 1680 2100
says "the 10-second mark" "10 seconds left." 8
within "... at 0:10" 2180 2600
send n
says "n: the gated mirror" "Step 3 of 4: Mirror, 0:12."
send n
says "n again: the mirror waits at 0:00 for you got it" \
	"Łukasz: did Zoë get it? Type y (you got it) or a (another go)."
send a
says "a: another go" "Another go: 0:30."
send y
says "y: you got it, and the last step" "Step 4 of 4: Close, 0:01."
says "the timer ends" "The timer is done." 4
send s s "" ""
says "both skip their reflections; the note and next together stay empty" "Pillars."
send ""
says "Enter alone ticks none and saves" "Saved."
says "... with a thank-you" "Thank you both. Sleep well."
send q
says "q quits" "tend is closed."
plain_end
same "run 2: tend exits 0" "$RC" 0
clean_output "run 2"

# ---- 3. TERM unset; the plan chooser; the end of input ----------------------

JZ='Zoë journal: the first frost on the window' # her journal entry
FROM=0
plain_start run3 env -u TERM TEND_IDLE_LOCK_S=2 "$TEND"
says "TERM unset: plain mode" "tend, line by line."
send c
says "c without --plan asks which evening" "Which evening would you like tonight?"
says "... listing the plans with tonight's default" ", tonight's default."
case $(sed -n "${LN}p" "$P.out" | cut -d' ' -f2-) in
"1. "*) ok "... first" ;;
*) not_ok "... first" "$(sed -n "${LN}p" "$P.out")" ;;
esac
send b
says "b goes back home" "Type a key and Enter: c check in"
send j
says "j asks whose journal" "Whose journal? Type 1 for Zoë or 2 for Łukasz, then Enter"
send 1 "$PZ"
says "her passphrase opens her journal" "Zoë's journal is open. Type w and Enter to write"
send w
says "w asks for the entry" "Type your entry on one line and Enter; Enter alone writes nothing."
send "$JZ" ""
says "Enter alone at share: saved only for her" "Saved in your journal, only for you."
send r
says "r reads the journal out" ", yours, only you:"
says "... her entry's words" "$JZ"
says "... and says how many" "That was the newest 1, newest first."
says "the journal's keys again" "Zoë's journal is open."
T0=$AT
says "with nothing typed, the journal locks (TEND_IDLE_LOCK_S=2)" \
	"Nothing was typed for a while, so Zoë's journal is locked again." 5
within "... after two seconds" 190 400
says "... and home is back" "Home: Zoë and Łukasz."
plain_end
run with_pass "$PZ" "$TEND" read --as Zoë
has "the journal entry is saved (read --as Zoë)" "$OUT" "$JZ"
has "... as hers alone" "$OUT" "journal · Zoë · only you"
same "the end of input quits, exit 0" "$RC" 0
clean_output "run 3"

# ---- 4. an interrupted check-in, finished in plain mode ---------------------

FROM=0
plain_start run4 "$TEND" --plain --plan "$E2E_PLAN"
send c 1 2
says "a check-in begins" "Step 2 of 6: Appreciation, 0:02."
plain_end
same "the end of input mid-turn: exit 0" "$RC" 0
says "... saying the check-in is kept" \
	"The check-in is saved as it stands; tend offers to finish it next time."
FROM=0
plain_start run5 "$TEND" --plain --plan "$E2E_PLAN"
says "the next start offers to finish it" "Welcome back. A check-in from "
says "... saying the keys" "Type f and Enter to finish it, d to discard it, or q to quit."
send f
says "f carries on where it stopped" "Step 2 of 6: Appreciation, 0:0"
says "... paused" "Paused. Type space and Enter to carry on."
send " "
says "space carries on" "Carrying on: "
send q y s s "" "" ""
says "q and y end it; it is saved" "Saved."
send q
says "q quits" "tend is closed."
plain_end
same "run 5: tend exits 0" "$RC" 0
clean_output "run 5"
run "$TEND" verify
has "it is saved, none left interrupted (with runs 1 and 2: 3)" "$OUT" "Check-ins: 3 saved"

# ---- 5. a time-out, the next night ------------------------------------------

N2=$(nights_later 1)
TOPIC2='Plain time-out topic: who does the dishes' # parked when stopping
FROM=0
plain_start run7 env FAKETIME="$N2" "$TEND" --plain --plan "$E2E_PLAN"
send c 1 2
says "a check-in the next night" "Step 2 of 6: Appreciation, 0:02."
send t
says "t: the time-out says what helps" "Time-out. Taking a break is a good move, not a failure."
says "... and its keys" "Type space (or Enter alone) to carry on, or s to stop for tonight."
sleep 2.5
if [ -z "$(after "Step 3 of 6")" ]; then
	ok "the time-out holds the timer"
else
	not_ok "the time-out holds the timer" "$(tail -n 4 "$P.out")"
fi
send " " ""
says "space carries on" "Carrying on."
says "... still in step 2 after the time-out's 2.5 s" "Step 2 of 6, Appreciation: 0:0"
says "... and the turns go on" "Step 3 of 6: Speak, 0:03." 4
send t s
says "s stops for tonight, asking for a topic to park" "Stopping for tonight is fine."
send "$TOPIC2"
says "... parks it" "Parked for your weekly talk. Sealed for you both."
says "... and saves the night, kindly" "Saved. Stopping when it got too much was a caring thing to do."
says "... saying the streaks only pause" "Tonight pauses your streaks like a rest night"
send q
says "q quits" "tend is closed."
plain_end
same "run 7: tend exits 0" "$RC" 0
clean_output "run 7"
run tend_at "$N2" stats --json
has "stats the next night: tonight ended in a time-out" "$OUT" '"tonight_timeout":true'

# ---- 6. the weekly talk: choosing the parked topic ---------------------------

FROM=0
plain_start run6 "$TEND" --plain --plan weekly
send c
says "the weekly talk offers the parked topics" "You have 2 parked topics."
says "... one of them unlocks for it" "Who unlocks? (Going back: the talk goes on without one.)"
send 2 "$PL"
says "... and it is read out to choose" "1. Parked "
has "... with its words" "$(sed -n "${LN}p" "$P.out")" ": $TOPIC"
send 1
says "the weekly talk begins" "Weekly talk. Step 1 of "
send 1 2
for ((i = 0; i < 12; i++)); do
	[ -n "$(after "Tonight's topic, parked for this talk: $TOPIC")" ] && break
	send n
	heard "Step " 3 >/dev/null || break
done
says "the topic's step says the chosen topic" "Tonight's topic, parked for this talk: $TOPIC"
send q y s s "" "" "" ""
says "ended and saved" "Saved."
send q
says "q quits" "tend is closed."
plain_end
same "run 6: tend exits 0" "$RC" 0
clean_output "run 6"

# ---- 7. a terminal ncurses does not know: line by line too -----------------

# script(1) gives tend a terminal (its output is what that terminal shows).
run timeout 20 bash -c 'printf "q\n" | script -qec "env TERM=nosuchterm $1" /dev/null' _ \
	"$(printf '%q' "$TEND")"
expect_rc "an unknown TERM on a terminal: tend runs and exits 0" 0
has "... saying it carries on line by line" "$OUT" \
	"no description of the terminal TERM=nosuchterm: try \"TERM=xterm-256color tend\", or install its description (on Debian, the ncurses-term package); meanwhile tend carries on line by line"
has "... in plain mode" "$OUT" "Type a key and Enter: c check in"
has "... to its end" "$OUT" "tend is closed."
if [[ $OUT == *$'\x1b'* ]]; then
	not_ok "... with no escape byte" "$(printf '%s' "$OUT" | cat -v | head -3)"
else
	ok "... with no escape byte"
fi

run "$TEND" --plain stats
expect_rc "--plain with a command is a usage error" 2
has "... saying --plain is for the screens" "$ERR" "--plain is for the screens"
run env TEND_DB="$E2E_DIR/none.db" "$TEND" --plain
expect_rc "--plain with nobody set up: exit 1" 1
has "... saying how to set up" "$ERR" "tend init --partner NAME --partner NAME"
[ -e "$E2E_DIR/none.db" ] && not_ok "... and creates no database" || ok "... and creates no database"

done_testing
