#!/usr/bin/env bash
# pages.sh: the journal screen reads and opens only the entries around the
# rows it shows (src/ui/journal.c), so every way of moving through a long
# journal must still land on the right entry: 150 of Zoë's shared entries,
# "a 1" ... "a 75" then "b 1" ... "b 75" (the newest), with Ben's private
# entries written between the two halves, which Zoë's list must step over
# and never show. Down past the rows read, Page Down and Up, Up from the
# end, End, Home: each opens the entry it should; deleting one in the middle
# leaves the list where it was; a new entry comes on top.
. "$(dirname "$0")/lib.sh"

PZ='pages Zoë 31 fennel'
PB='pages Ben 32 sorrel'
ADDENTRIES=$(dirname "$TEND_BIN")/tests/tools/addentries
NOW=$(date -d "$TEND_TEST_DATE" +%s)

"$TEND" init --partner Zoë --partner Ben --kdf interactive --passphrase-fd 3 \
	3<<<"$PZ"$'\n'"$PB" >/dev/null 2>&1
check "75 shared entries by Zoë are added" "$ADDENTRIES" "$TEND_DB" 75 a "$NOW"
for i in 1 2 3 4 5; do
	with_pass "$PB" "$TEND" write --as Ben "Ben alone $i" >/dev/null 2>&1
done
check "... then 5 private ones by Ben" "$TEND" read --as Ben --passphrase-fd 3 3<<<"$PB"
check "... then 75 more by Zoë" "$ADDENTRIES" "$TEND_DB" 75 b "$NOW"

# the entry at place K of Zoë's list, newest first: b 75 ... b 1, a 75 ... a 1
at() { if [ "$1" -le 75 ]; then echo "b $((76 - $1))"; else echo "a $((151 - $1))"; fi; }
# opens NAME K: Enter opens the chosen entry, which is the one at place K.
opens() {
	keys Enter
	if wait_for "tend · Journal" 5 && wait_re "$(at "$2")([^0-9]|$)" 5; then
		ok "$1 ($(at "$2"))"
	else
		not_ok "$1" "expected $(at "$2")" "---- screen ----" "$(screen 2>&1)"
	fi
	keys Escape
	wait_for "Zoë's journal"
}
# press KEY TIMES
press() {
	local i
	for ((i = 0; i < $2; i++)); do keys "$1"; done
}
PAGE=$((24 - 8)) # what Page Down moves at 24 rows

tui
journal_as 1 Zoë "$PZ"
see "Zoë's journal opens" "Zoë's journal" 10
see "... the newest first" "b 75"
opens "Enter opens the newest" 1
press Down 40
opens "Down 40 times: the 41st" 41
keys NPage NPage
opens "two pages on" $((41 + 2 * PAGE))
press Down 10
opens "down past Ben's entries, which are stepped over" $((51 + 2 * PAGE))
unseen "... and never shown" "Ben alone"
press Up 25
opens "back up 25 rows across what was read" $((26 + 2 * PAGE))
keys End
see "End shows the oldest" "a 1 " 5
opens "... and chooses it" 150
keys PPage
opens "a page up from the end" $((150 - PAGE))
press Up 60
opens "60 more up, reading newer entries" $((90 - PAGE))
keys Home
see "Home shows the newest again" "b 75" 5
opens "... and chooses it" 1
press NPage 12
opens "paging down ends on the oldest" 150

# Deleting in the middle: the one after it takes its place.
keys Home
press Down 9
opens "the 10th is chosen" 10
keys d
wait_for "Delete this journal entry for good?"
keys y
see "the 10th is deleted" "Deleted."
keys Enter
if wait_for "tend · Journal" 5 && wait_re "b 65([^0-9]|$)" 5; then
	ok "... and the next one is chosen in its place (b 65)"
else
	not_ok "... and the next one is chosen in its place (b 65)" "$(screen 2>&1)"
fi
keys Escape
wait_for "Zoë's journal"
unseen "... the deleted one is gone from the list" "b 66 "
keys w
wait_for "Write in your journal"
keys "the newest of all" C-d
see "a new entry is saved" "Saved."
keys Home Enter
see "... and it is on top" "the newest of all"
keys Escape
wait_for "Zoë's journal"
keys q
wait_for "Tonight: not yet"
keys q
quit_clean "the journal pages" "$PZ"

done_testing
