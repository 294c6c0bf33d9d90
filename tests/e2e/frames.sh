#!/usr/bin/env bash
# frames.sh: what a running turn asks of the machine, counted (never timed)
# with strace on the real tend in a real terminal:
#   - between two waits, at most one write to the terminal (a frame is one
#     write, whatever ncurses does inside it: src/ui/cork.c);
#   - the one wait is ppoll: no poll, select or epoll beside it (ncurses'
#     typeahead check, its look for keys before each sleep), no sleeping
#     call (ncurses' flash() slept 100 ms in xterm's padding), and no
#     signal handler changed around each frame (ncurses' SIGTSTP dance);
#   - a turn change, with the flash on, is drawn in reverse video in one
#     frame, and undone by a frame of its own, without a sleep;
#   - nothing reads /proc each second (the memory-lock notice looks once).
# And Ctrl-Z: the journal locks, the shell gets its prompt back, `fg`
# draws the screen again; plain mode stops and carries on the same way.
. "$(dirname "$0")/lib.sh"

PA='frames Alice 41 plum' # Alice's passphrase
PB='frames Bob 42 quince' # Bob's passphrase

needs strace "this test counts tend's system calls (make check installs it)"
needs python3 "it reads strace's log (make check installs it)"

set_up Alice "$PA" Bob "$PB"

cat >"$E2E_DIR/frames.plan" <<'EOF'
title: Frames
about: Four-second turns, for counting a turn change.
arrive     0:05 both shared      Both confirm you are here.
speak      0:04 A    any         Speaker: talk. Listener: listen.
speak      0:04 B    any         Speaker: talk. Listener: listen.
speak      0:04 A    any         Speaker: talk. Listener: listen.
close      0:30 both shared      Thank each other.
EOF

tmux_start "$TEND" --plan "$E2E_DIR/frames.plan"
wait_for "Tonight: not yet"
keys c
wait_for "press 2 when you are here"
keys 1 2
wait_for "Alice speaks" 10
pid=$(tmux_pid)
# From inside the first turn, through the change to Bob's, and on.
timeout -s INT 6 strace -f -p "$pid" -s 65536 -o "$E2E_DIR/strace" >/dev/null 2>&1
see "the turn passed to Bob meanwhile" "Bob speaks" 5

python3 - "$E2E_DIR/strace" >"$E2E_DIR/frames.out" <<'PY'
import re, sys
calls = []
for line in open(sys.argv[1], errors='replace'):
    m = re.match(r'(?:\d+\s+)?(\w+)\((.*)', line)
    if m:
        calls.append((m.group(1), m.group(2)))
waits = [i for i, c in enumerate(calls) if c[0] == 'ppoll']
frames = 0
worst = 0
term_writes = 0
for a, b in zip(waits, waits[1:]):
    n = sum(1 for name, args in calls[a + 1:b] if name == 'write' and args.startswith('1,'))
    frames += n > 0
    worst = max(worst, n)
    term_writes += n
rev = [args for name, args in calls if name == 'write' and args.startswith('1,')
       and re.search(r'\\33\[(?:[0-9;]*;)?7(?:;[0-9]+)*m', args)]
others = sorted({name for name, _ in calls} & {'poll', 'select', 'pselect6', 'epoll_wait',
                'epoll_pwait', 'nanosleep', 'clock_nanosleep', 'rt_sigaction'})
procs = sum(1 for name, args in calls if name in ('openat', 'open') and '/proc/' in args)
print('waits', len(waits))
print('frames', frames)
print('worst', worst)
print('reverse', len(rev))
print('others', ' '.join(others) or '-')
print('proc', procs)
PY
val() { awk -v k="$1" '$1 == k { $1 = ""; sub(/^ /, ""); print }' "$E2E_DIR/frames.out"; }
diag "$(cat "$E2E_DIR/frames.out")"
if [ "$(val waits)" -ge 5 ] && [ "$(val frames)" -ge 4 ]; then
	ok "tend drew frames in its waits while strace watched ($(val frames) frames)"
else
	not_ok "tend drew frames in its waits while strace watched" "$(cat "$E2E_DIR/frames.out")"
fi
same "each frame reached the terminal in one write" "$(val worst)" 1
same "the one wait is ppoll: no other poll, no sleep, no handler changed" "$(val others)" "-"
same "nothing in /proc was read each second" "$(val proc)" 0
if [ "$(val reverse)" -ge 1 ]; then
	ok "the turn change flashed: a frame in reverse video"
else
	not_ok "the turn change flashed: a frame in reverse video" "no write with SGR 7 to the terminal"
fi
# capture-pane -e shows attributes as SGR sequences: reverse is a 7. The
# title line is never reversed but by the flash (the banner below it is).
if tmux -S "$E2E_TMUX" capture-pane -e -p -t tend | head -n 1 | grep -qE $'\e\\[([0-9]+;)*7(;[0-9]+)*m'; then
	not_ok "... and undone: the title line is not in reverse video now" \
		"$(tmux -S "$E2E_TMUX" capture-pane -e -p -t tend | head -n 1 | cat -v)"
else
	ok "... and undone: the title line is not in reverse video now"
fi
tmux_stop

# ---- Ctrl-Z, in a shell with job control ---------------------------------------
export TEND_DB=$E2E_DIR/two.db # a couple without a check-in left to finish
"$TEND" init --partner Alice --partner Bob --kdf interactive --passphrase-fd 3 \
	3<<<"$PA"$'\n'"$PB" >/dev/null 2>&1
printf 'Bob shares a thing\n' | "$TEND" write --as Bob --shared >/dev/null 2>&1
tmux_start bash --norc --noprofile -i
sleep 0.5
tmux -S "$E2E_TMUX" send-keys -t tend "PS1='shell> '; clear" Enter
wait_for "shell>"
tmux -S "$E2E_TMUX" send-keys -t tend "$(printf '%q' "$TEND") --plan $(printf '%q' "$E2E_PLAN")" Enter
journal_as 2 Bob "$PB"
see "Bob's journal opens" "Bob shares a thing" 10
keys C-z
see "Ctrl-Z gives the shell back" "Stopped" 5
lacks "... showing nothing of the journal" "$(screen)" "Bob shares a thing"
tmux -S "$E2E_TMUX" send-keys -t tend "fg" Enter
see "fg draws tend again" "tend" 5
see "... with the journal locked" "Locked" 5
lacks "... its words gone from the screen" "$(screen)" "Bob shares a thing"
keys q
see "tend quits to the shell" "shell>" 5
# Plain mode (tend --plain) stops and carries on as well, asking again.
tmux -S "$E2E_TMUX" send-keys -t tend "clear; $(printf '%q' "$TEND") --plain" Enter
see "plain mode asks its first question" "Type a key and Enter" 5
keys C-z
see "Ctrl-Z in plain mode gives the shell back" "Stopped" 5
tmux -S "$E2E_TMUX" send-keys -t tend "fg" Enter
keys q Enter
see "... and after fg it takes the next line: q closes it" "tend is closed." 5
tmux -S "$E2E_TMUX" send-keys -t tend 'echo "plain exit $?"' Enter
see "... with exit status 0" "plain exit 0" 5
tmux_stop

done_testing
