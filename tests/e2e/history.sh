#!/usr/bin/env bash
# history.sh: the history screen reads only the rows around those it shows
# (src/ui/history.c), so every way of moving through a long history must
# still land on the right check-in: 150 saved check-ins, one a night, each
# with a plan of its own name (p1 the newest ... p150 the oldest), put in
# the file with the sqlite3 CLI. Down past the rows read, Page Down and Up,
# End, Home: each shows, and opens, the check-in it should.
. "$(dirname "$0")/lib.sh"

PA='history Alice 41 plum'
PB='history Bob 42 quince'
N=150

needs sqlite3 "this test writes the history by hand"
"$TEND" init --partner Alice --partner Bob --kdf interactive --passphrase-fd 3 \
	3<<<"$PA"$'\n'"$PB" >/dev/null 2>&1
tonight=$(($(date -u -d "$(test_night)" +%s) / 86400))
check "$N saved check-ins are put in the file" sqlite3 "$TEND_DB" "
	WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $N)
	INSERT INTO checkin (night, started, plan, planned_s, ran_s, first, pillars, counted,
		state, step, step_left_ms, step_len_ms, ran_ms, confirmed, phase, cards)
	SELECT $tonight - i, ($tonight - i) * 86400 + 75600, 'p' || i, 900, 900, i % 2, 0, 1,
		1, 0, 0, 0, 900000, 3, 3, X'' FROM n;"

# opens_plan NAME P: Enter opens the chosen check-in, whose plan is P; back.
# The first open asks who is reading (Alice, with her passphrase); the screen
# stays unlocked for the rest.
opens_plan() {
	keys Enter
	if [ -z "${unlocked:-}" ]; then
		wait_for "Who is reading?" 5 && keys 1 && wait_for "Alice's passphrase" 5 &&
			keys "$PA" Enter
		unlocked=1
	fi
	if wait_for "Plan: $2 " 5; then ok "$1"; else not_ok "$1"; fi
	keys Escape
	wait_for "$N saved"
}
# press KEY TIMES
press() {
	local i
	for ((i = 0; i < $2; i++)); do keys "$1"; done
}

tui
wait_for "Tonight: not yet"
keys h
see "history counts all $N" "$N saved"
see "... the newest first" "p1 "
opens_plan "Enter opens the newest" p1
press Down 40
sleep 0.3
see "Down 40 times: the 41st is on screen" "p41 "
opens_plan "... and it is the one chosen" p41
keys NPage NPage
sleep 0.3
opens_plan "two pages on, what is chosen opens" "p$((41 + 2 * (24 - 8)))"
press Up 25
sleep 0.3
opens_plan "back up 25 rows across what was read" "p$((41 + 2 * (24 - 8) - 25))"
keys End
see "End shows the oldest" "p$N " 5
opens_plan "... and chooses it" "p$N"
keys PPage
sleep 0.3
opens_plan "a page up from the end" "p$((N - (24 - 8)))"
keys Home
see "Home shows the newest again" "p1 " 5
opens_plan "... and chooses it" p1
keys Escape
wait_for "Tonight: not yet"

# A changed file: saved check-ins whose night is out of the range of dates
# (the table is STRICT, so a night is always a whole number). Each would be
# read as the nearest night in range, so a page could start on its own row
# again: the list leaves them out, and every way through it still ends on
# the real oldest and newest.
check "check-ins with forged nights are put in the file" sqlite3 "$TEND_DB" "
	INSERT INTO checkin (night, started, plan, planned_s, ran_s, first, pillars, counted,
		state, step, step_left_ms, step_len_ms, ran_ms, confirmed, phase, cards)
	SELECT v, 0, 'forged', 900, 900, 0, 0, 1, 1, 0, 0, 0, 900000, 3, 3, X''
	FROM (SELECT 3000000 AS v UNION ALL SELECT 3000000 UNION ALL SELECT 9223372036854775807
	      UNION ALL SELECT -800000 UNION ALL SELECT -800000
	      UNION ALL SELECT -9223372036854775808);"
keys h
see "forged nights are not counted" "$N saved"
keys End
see "End still reaches the real oldest" "p$N " 5
press Up 3
keys Home
see "Home still reaches the newest" "p1 " 5
press NPage 12
see "paging down ends on the oldest" "p$N " 5
unseen "no forged row is listed" "forged"
keys Escape
wait_for "Tonight: not yet"
keys q
quit_clean "the history" "$PA"

done_testing
