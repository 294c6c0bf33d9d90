#!/usr/bin/env bash
# kill-writes.sh: `tend write` killed at random moments. STRESS_WRITES
# writes (default 500), each SIGKILLed after a random 0-40 ms (a write
# takes about 25 ms here, so the kills land before, during and after the
# commit); every write that exited 0 before the kill was acknowledged. Then
# the database must be intact and every acknowledged text read back.
. "$(dirname "$0")/lib.sh"

n=${STRESS_WRITES:-500}
ack=$E2E_DIR/acked
: >"$ack"
kills=0 acked=0 crashes=0
for ((i = 1; i <= n; i++)); do
	text="kill-loop write $i of $STRESS_SEED"
	"$TEND" write --as Zoë --shared "$text" >/dev/null 2>&1 &
	pid=$!
	ms_sleep $((RANDOM % (${STRESS_KILL_MS:-8} + 1)))
	kill -KILL "$pid" 2>/dev/null
	{ wait "$pid"; } 2>/dev/null # no "Killed" line from bash
	rc=$?
	if [ "$rc" -eq 137 ]; then
		kills=$((kills + 1))
	elif [ "$rc" -eq 0 ]; then
		echo "$text" >>"$ack"
		acked=$((acked + 1))
	elif crashed "$rc"; then
		crashes=$((crashes + 1))
	fi
done
intact "after $n killed writes"
read_all
same "Zoë's read exits 0" "$?" 0
nlost=$(lost "$ack")
same "no acknowledged write is lost ($acked acknowledged)" "$nlost" 0
same "no write crashed" "$crashes" 0
echo "# kill loop: $n writes, $kills killed, $acked acknowledged, $nlost lost, $crashes crashes"
done_testing
