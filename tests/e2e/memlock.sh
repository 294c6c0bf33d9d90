#!/usr/bin/env bash
# memlock.sh: tend when memory cannot all be locked, and with a journal of
# 20,000 entries. Under a 64 KiB RLIMIT_MEMLOCK (prlimit; setpriv drops
# CAP_IPC_LOCK, which lets root lock past any limit) a command and the
# screens still work and say once, gently, that private text may reach the
# swap disk and how to raise the limit; with the usual limit nothing is
# said. 20,000 entries open in the journal, newest and oldest, in a few
# hundred mappings: the screen opens a window of them (src/ui/journal.c),
# each in the locked arena, where one guarded block per entry took ~80,000.
. "$(dirname "$0")/lib.sh"

ADDENTRIES=$(dirname "$TEND_BIN")/tests/tools/addentries
PZ='Zoë memlock key: 7 tulips'
PS='Sam memlock key: 3 ferns'
ENTRY='Zoë alone: a thought for the evening'
NOTE='lets tend lock only 64 KiB of memory'
# A 64 KiB limit; as root, without CAP_IPC_LOCK too (others never have it).
LOW=(prlimit --memlock=65536)
[ "$(id -u)" = 0 ] && LOW+=(setpriv --bounding-set=-ipc_lock --inh-caps=-ipc_lock)

set_up Zoë "$PZ" Sam "$PS"
check "Zoë writes a private entry" with_pass "$PZ" "$TEND" write --as Zoë "$ENTRY"

# ---- a command ---------------------------------------------------------------
run with_pass "$PZ" "$TEND" read --as Zoë
expect_rc "read with the usual limit" 0
lacks "... says nothing about locked memory" "$ERR" "lock only"
run with_pass "$PZ" "${LOW[@]}" "$TEND" read --as Zoë
expect_rc "read under a 64 KiB limit still works" 0
has "... and reads the entry" "$OUT" "$ENTRY"
has "... says the limit" "$ERR" "$NOTE"
has "... and how to raise it" "$ERR" "ulimit -l, or memlock in /etc/security/limits.conf"
same "... once" "$(grep -c 'lock only' <<<"$ERR")" 1

# ---- the screens ---------------------------------------------------------------
tmux_start "${LOW[@]}" "$TEND" --plan "$E2E_PLAN" --kdf interactive
see "home comes up under a 64 KiB limit" "Tonight: not yet"
see "... and says the limit on locked memory" "$NOTE"
keys j
wait_for "Who is reading?"
unseen "... the note goes with the next key" "lock only"
keys 1
wait_for "Zoë's passphrase"
keys "$PZ" Enter
see "the journal opens all the same" "$ENTRY" 10
unseen "... and the note is not said again" "lock only"
keys l
wait_for "Locked."
keys j
wait_for "Who is reading?"
keys Escape
unseen "... nor after locking" "lock only"
keys q
quit_clean "under a 64 KiB limit"

# ---- 20,000 entries ---------------------------------------------------------------
check "20,000 shared entries are added" "$ADDENTRIES" "$TEND_DB" 20000 "Zoë's entry number" \
	"$(date -d "$TEND_TEST_DATE" +%s)"
tui
wait_for "Tonight: not yet"
keys j
wait_for "Who is reading?"
keys 1
wait_for "Zoë's passphrase"
keys "$PZ" Enter
see "the journal of 20,001 entries opens, newest first" "Zoë's entry number 20000" 60
if pid=$(tmux_pid) && maps=$(wc -l <"/proc/$pid/maps"); then
	if [ "$maps" -lt 400 ]; then
		ok "... in $maps mappings (a window of entries is opened, in the locked arena)"
	else
		not_ok "... in few mappings" "$maps mappings"
	fi
else
	not_ok "... its mappings can be counted"
fi
keys End
see "... End reaches the oldest" "Zoë's entry number 1 " 10
keys Home
see "... and Home the newest again" "Zoë's entry number 20000" 10
keys Enter
see "... the newest opens" "tend · Journal"
keys l
see "... and locks" "Locked."
keys q
quit_clean "20,000 entries"

done_testing
