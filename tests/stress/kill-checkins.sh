#!/usr/bin/env bash
# kill-checkins.sh: check-ins in tmux killed (SIGKILL) at random moments.
# STRESS_CHECKINS times (default 30): tend's screens start a check-in of
# the e2e plan (tests/fixtures/e2e.plan, 15 s), both confirm, and after a
# random 0-6 s (the arrive count, the turns, the mirror) tend is killed.
# The next start must offer the interrupted check-in back ("Welcome back
# ... was interrupted"); it is then discarded (d, y: finishing one is
# crash.sh's) so the next round starts afresh. The database stays intact.
. "$(dirname "$0")/lib.sh"

n=${STRESS_CHECKINS:-30}
kills=0 offered=0 missed=0
for ((i = 1; i <= n; i++)); do
	tui
	if ! wait_re "Tonight:|was interrupted" 10; then
		not_ok "check-in $i: home comes up"
		continue
	fi
	# one a failed round left behind: counted there, discarded here
	if screen_text | grep -q "was interrupted"; then
		keys d && wait_for "Discard the interrupted check-in?" && keys y
		wait_for "Tonight:" 5 || { not_ok "check-in $i: home comes up"; continue; }
	fi
	keys c
	wait_for "Waiting for both of you" 5 || { not_ok "check-in $i: it starts"; continue; }
	keys 1 2
	ms=$((RANDOM % 6000))
	sleep "$((ms / 1000)).$(printf '%03d' $((ms % 1000)))"
	pid=$(tmux_pid)
	if [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null; then
		kills=$((kills + 1))
	fi
	tmux_wait_exit 5 >/dev/null
	tui
	if wait_for "was interrupted" 15; then
		offered=$((offered + 1))
		keys d
		wait_for "Discard the interrupted check-in?" && keys y
		wait_for "Discarded." 5 && wait_for "Tonight:" 5 ||
			not_ok "check-in $i: discarding it"
	else
		missed=$((missed + 1))
		not_ok "check-in $i (killed after $ms ms) is offered back"
	fi
	tmux_stop
done
same "every killed check-in is offered back ($offered of $kills)" "$offered" "$kills"
same "$n check-ins were killed" "$kills" "$n"
intact "after $n killed check-ins"
echo "# check-in kill loop: $n check-ins, $kills killed, $offered offered back, $missed not"
done_testing
