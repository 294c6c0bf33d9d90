# bench/screens.sh: the screens' figures, sourced by bench/run.sh (which
# gives it $TEND, $work, $sock, $ADD, row, q, median, ratio, setup and
# add_nights). Builds its two helpers first: bench/pty.c (a terminal of its
# own, to time a screen without tmux) and bench/floor.c (the floor: the least
# a countdown can do each second).
T() { tmux -S "$sock" -f /dev/null "$@"; }
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SHORT_PLAN=$BENCH_DIR/short.plan
LATE_TERMS=${BENCH_TERMS:-xterm-256color tmux-256color screen linux}
LATE_WINDOW=${BENCH_LATE_WINDOW:-60} # seconds each TERM's short turns are watched

# shows TEXT SESSION TIMEOUT_S: polls the screen as fast as tmux answers.
shows() {
	local end
	end=$(awk -v t="$EPOCHREALTIME" -v d="$3" 'BEGIN { printf "%.6f", t + d }')
	while :; do
		T capture-pane -p -t "$2" 2>/dev/null | grep -qF -e "$1" && return 0
		awk -v t="$EPOCHREALTIME" -v e="$end" 'BEGIN { exit !(t > e) }' && return 1
	done
}

# pid_of SESSION NAME: the pid of the program NAME running in the session.
pid_of() {
	local p
	p=$(T display -p -t "$1" '#{pane_pid}' 2>/dev/null) || return 1
	[ "$(cat "/proc/$p/comm" 2>/dev/null)" = "$2" ] && echo "$p"
}

# gone PID: waits (up to 5 s) until the process has ended.
gone() {
	local i
	for ((i = 0; i < 100; i++)); do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 0.05
	done
	return 1
}

task_sum() { # the sum of a field over every thread in /proc/PID/task/*/status
	cat /proc/"$1"/task/*/status 2>/dev/null | awk -v k="$2:" '$1 == k { s += $2 } END { print s + 0 }'
}
cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }
cpu_ns() { awk '{ print $1 }' "/proc/$1/schedstat" 2>/dev/null || echo 0; }
io_field() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/io" 2>/dev/null || echo 0; }
rollup() { awk -v k="$2:" '$1 == k { printf "%d", $2 }' "/proc/$1/smaps_rollup" 2>/dev/null; }

# into_turn SESSION: from home, the check-in, both confirm; waits for the turn.
into_turn() {
	shows "check in" "$1" 10 || return 1
	T send-keys -t "$1" -l c
	shows "press 1" "$1" 10 || return 1
	T send-keys -t "$1" -l 1
	sleep 0.2
	T send-keys -t "$1" -l 2
	shows "Speaker" "$1" 10
}

# syscalls PID SECONDS OUT: strace -c of PID for SECONDS into OUT; prints
# "calls writes" (every system call, and the write calls among them).
syscalls() {
	timeout -s INT "$2" strace -c -f -p "$1" -o "$3" >/dev/null 2>&1
	awk '$NF == "total" { t = $4 } $NF == "write" { w = $4 } END { printf "%d %d", t, w }' "$3"
}

# pty_median N ARGS...: the median, in ms, of the last -w figure of N runs
# of bench/pty.c with ARGS.
pty_median() {
	local n=$1 i v=()
	shift
	for ((i = 0; i < n; i++)); do
		v+=("$(TERM=xterm-256color "$work/pty" "$@" | tail -n 1 |
			awk -F'\t' '{ printf "%.2f", $2 / 1000 }')")
	done
	printf '%s\n' "${v[@]}" | median
}

# open_mem DB SESSION [j]: tend on DB in tmux with the history open (h), or
# with j Zoë's journal; prints "Rss Private_Dirty" in KiB once it is drawn.
open_mem() {
	local pid
	T new-session -d -s "$2" -x 80 -y 24 "exec env TERM=xterm-256color $(q "$TEND") --db $(q "$1")"
	shows "$HOME_TEXT" "$2" 10 || return 1
	if [ "${3:-}" = j ]; then
		T send-keys -t "$2" -l j
		shows "Who is reading?" "$2" 10 || return 1
		T send-keys -t "$2" -l 1
		shows "passphrase" "$2" 10 || return 1
		T send-keys -t "$2" -l "bench passphrase one"
		T send-keys -t "$2" Enter
		shows "s journal" "$2" 10 || return 1
	else
		T send-keys -t "$2" -l h
		shows " saved" "$2" 10 || return 1
	fi
	sleep 0.3
	pid=$(pid_of "$2" "$(basename "$TEND")") || return 1
	echo "$(rollup "$pid" Rss) $(rollup "$pid" Private_Dirty)"
	T kill-session -t "$2"
}

# The first home screen, h (the history) and j (the journal, unlocked) to
# drawn, on an empty database and on one of 100 years of nights (36 500
# saved check-ins, put in with the sqlite3 CLI) and 10 000 journal entries
# (tests/tools/addentries), both with one set-up; and the memory with the
# history, and with the journal, open on each.
long_history() {
	local e=$work/long-empty.db l=$work/long.db s=$work/short.db h0 h1 f0 f1 m0 m1 d0 d1
	local j0 j1 jm0 jm1 hs
	command -v sqlite3 >/dev/null 2>&1 || { echo "  (needs the sqlite3 CLI)"; return 1; }
	[ -x "$ADD" ] || { echo "  (needs $ADD: make tests)"; return 1; }
	setup "$e" || return 1
	cp "$e" "$l"
	add_nights "$l" 36500 || return 1
	"$ADD" "$l" 10000 "A shared entry of about the usual length for a benchmark" \
		"$(date +%s)" >/dev/null 2>&1 || return 1
	# one run each first: the first look keeps the streaks' walk (stats.c)
	"$work/pty" -w "$HOME_TEXT" -- "$TEND" --db "$e" >/dev/null
	"$work/pty" -w "$HOME_TEXT" -- "$TEND" --db "$l" >/dev/null
	f0=$(pty_median 9 -w "$HOME_TEXT" -- "$TEND" --db "$e")
	f1=$(pty_median 9 -w "$HOME_TEXT" -- "$TEND" --db "$l")
	h0=$(pty_median 9 -w "$HOME_TEXT" -k h -w " saved" -- "$TEND" --db "$e")
	h1=$(pty_median 9 -w "$HOME_TEXT" -k h -w " saved" -- "$TEND" --db "$l")
	# the journal: unlocked once (the key derivation is not the list's
	# cost), left, and opened again: that second opening is what is timed.
	# Against a journal of 100 entries, not an empty one: each entry on
	# screen is opened (a key agreement), and 100 fill what is read as
	# surely as 10 000 do.
	local jk=(-w "$HOME_TEXT" -k j -w "Who is reading?" -k 1 -w "passphrase"
		-k $'bench passphrase one\r' -w "s journal" -k q -w "$HOME_TEXT" -k j -w "s journal")
	setup "$s" || return 1
	add_nights "$s" 100 || return 1
	"$ADD" "$s" 100 "A shared entry of about the usual length for a benchmark" \
		"$(date +%s)" >/dev/null 2>&1 || return 1
	"$work/pty" -w "$HOME_TEXT" -- "$TEND" --db "$s" >/dev/null
	hs=$(pty_median 9 -w "$HOME_TEXT" -k h -w " saved" -- "$TEND" --db "$s")
	j0=$(pty_median 9 "${jk[@]}" -- "$TEND" --db "$s")
	j1=$(pty_median 9 "${jk[@]}" -- "$TEND" --db "$l")
	read -r m0 d0 <<<"$(open_mem "$e" mem-empty)" || return 1
	read -r m1 d1 <<<"$(open_mem "$l" mem-long)" || return 1
	read -r jm0 _ <<<"$(open_mem "$s" jmem-short j)" || return 1
	read -r jm1 _ <<<"$(open_mem "$l" jmem-long j)" || return 1
	echo "100 years of nights and 10 000 entries, against an empty database:"
	echo "  first home screen: $f1 ms against $f0 ms ($(ratio "$f1" "$f0")x)"
	echo "  h to the history drawn: $h1 ms against $h0 ms ($(ratio "$h1" "$h0")x); an empty"
	echo "       history draws no rows, so against 100 nights too (a screen of rows):"
	echo "       $hs ms ($(ratio "$h1" "$hs")x)"
	echo "  j to the journal drawn (unlocked before), 10 000 entries against 100:"
	echo "       $j1 ms against $j0 ms ($(ratio "$j1" "$j0")x)"
	echo "  with the history open: Rss $m1 KiB against $m0 KiB ($((m1 - m0)) KiB more),"
	echo "       Private_Dirty $d1 KiB against $d0 KiB"
	echo "  with the journal open, 10 000 entries against 100: Rss $jm1 KiB against"
	echo "       $jm0 KiB ($((jm1 - jm0)) KiB more)"
	echo "  how: bench/pty.c, median of 9 each (after one run that keeps the streaks'"
	echo "       walk through the old nights in the file); memory from smaps_rollup"
	echo "       with the history on screen in tmux"
	row "first home, 100 years / empty" "$(ratio "$f1" "$f0") ($f1 / $f0 ms)" "<= 1.2"
	row "h to drawn, 100 years / empty" "$(ratio "$h1" "$h0") ($h1 / $h0 ms)" "<= 1.2"
	row "h to drawn, 100 years / 100 nights" "$(ratio "$h1" "$hs") ($h1 / $hs ms)" "<= 1.2"
	row "j to drawn, 10 000 entries / 100" "$(ratio "$j1" "$j0") ($j1 / $j0 ms)" "<= 1.2"
	row "history open, Rss beyond empty" "$((m1 - m0)) KiB" "<= 1024 KiB"
	row "journal open, Rss 10 000 / 100" "$((jm1 - jm0)) KiB more" "<= 1024 KiB"
}

screens() {
	local db=$work/screen.db cc=${CC:-cc} i s0 s1 first=() base=() t0 t1
	command -v tmux >/dev/null 2>&1 || { echo "  (tmux is not installed)"; return 1; }
	$cc -O2 -o "$work/pty" "$BENCH_DIR/pty.c" -lutil 2>"$work/cc.log" &&
		$cc -O2 -o "$work/floor" "$BENCH_DIR/floor.c" 2>>"$work/cc.log" || {
		echo "  (the bench's helpers do not build:)"
		sed 's/^/  | /' "$work/cc.log"
		return 1
	}
	setup "$db"
	T start-server \; set -g status off \; set -g default-terminal xterm-256color \; \
		new-session -d -s keep -x 80 -y 24 "sleep 100000" || return 1

	# ---- the first screen, inside a terminal of its own, and through tmux
	local px=()
	for ((i = 0; i < 7; i++)); do
		px+=("$(TERM=xterm-256color "$work/pty" -w "$HOME_TEXT" -- "$TEND" --db "$db" |
			awk -F'\t' '{ printf "%.2f", $2 / 1000 }')")
	done
	s0=$(printf '%s\n' "${px[@]}" | median)
	echo "time to first screen: $s0 ms (median of 7: ${px[*]})"
	echo "  how: bench/pty.c starts tend on a pseudo-terminal of its own (80x24,"
	echo "       TERM=xterm-256color) and reads what it draws until '$HOME_TEXT' is in it;"
	echo "       from fork to that byte: tend's start, opening the database, home drawn"
	row "time to first screen (own pty, 80x24)" "$s0 ms" ""
	for ((i = 0; i < 5; i++)); do
		t0=$EPOCHREALTIME
		T new-session -d -s "first$i" -x 80 -y 24 \
			"exec env TERM=xterm-256color $(q "$TEND") --db $(q "$db")"
		shows "$HOME_TEXT" "first$i" 10 || { echo "  (home did not appear in tmux)"; return 1; }
		t1=$EPOCHREALTIME
		first+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) * 1000 }')")
		T kill-session -t "first$i"
		t0=$EPOCHREALTIME
		T new-session -d -s "base$i" -x 80 -y 24 "printf '%s' $(q "$HOME_TEXT"); exec sleep 100"
		shows "$HOME_TEXT" "base$i" 10
		t1=$EPOCHREALTIME
		base+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) * 1000 }')")
		T kill-session -t "base$i"
	done
	s0=$(printf '%s\n' "${first[@]}" | median)
	s1=$(printf '%s\n' "${base[@]}" | median)
	echo "  the same through tmux: $s0 ms (median of 5, from new-session until"
	echo "  capture-pane shows it, polling without pause), of which tmux's own: $s1 ms"
	echo "  (the same for a printf of the text)"
	row "... the same through tmux" "$s0 ms" ""
	row "... of which tmux and its polling" "$s1 ms" ""

	# ---- home and the history at 100 years of nights and 10 000 entries
	long_history || echo "  (the long history was not measured; see above)"

	# ---- a running turn beside the floor, side by side
	T new-session -d -s turn -x 80 -y 24 \
		"exec env TERM=xterm-256color TEND_TIMING_FD=3 $(q "$TEND") --db $(q "$db") --plan $(q "$PLAN") 3>$(q "$work/timing")"
	T new-session -d -s floor -x 80 -y 24 \
		"exec env TERM=xterm-256color FLOOR_TIMING_FD=3 $(q "$work/floor") 600 3>$(q "$work/timing.floor")"
	if ! into_turn turn; then
		echo "  (no running turn; the screen was:)"
		T capture-pane -p -t turn | sed 's/^/  | /'
		return 1
	fi
	local pid fpid
	pid=$(pid_of turn "$(basename "$TEND")") || { echo "  (tend is not running)"; return 1; }
	fpid=$(pid_of floor floor) || { echo "  (the floor is not running)"; return 1; }
	sleep 1
	local p f v0 v1 fv0 fv1 ns0 ns1 fns0 fns1 c0 c1 w0 w1 fw0 fw1 secs tck
	tck=$(getconf CLK_TCK)
	v0=$(task_sum "$pid" voluntary_ctxt_switches) fv0=$(task_sum "$fpid" voluntary_ctxt_switches)
	ns0=$(cpu_ns "$pid") fns0=$(cpu_ns "$fpid") c0=$(cpu_ticks "$pid")
	w0=$(io_field "$pid" wchar) fw0=$(io_field "$fpid" wchar)
	t0=$EPOCHREALTIME
	T capture-pane -p -t turn >"$work/screen0"
	sleep "$((WINDOW / 2))"
	local mem fmem
	mem="$(rollup "$pid" Rss) $(rollup "$pid" Pss) $(rollup "$pid" Private_Dirty)"
	fmem="$(rollup "$fpid" Rss) $(rollup "$fpid" Pss) $(rollup "$fpid" Private_Dirty)"
	sleep "$((WINDOW - WINDOW / 2))"
	v1=$(task_sum "$pid" voluntary_ctxt_switches) fv1=$(task_sum "$fpid" voluntary_ctxt_switches)
	ns1=$(cpu_ns "$pid") fns1=$(cpu_ns "$fpid") c1=$(cpu_ticks "$pid")
	w1=$(io_field "$pid" wchar) fw1=$(io_field "$fpid" wchar)
	t1=$EPOCHREALTIME
	T capture-pane -p -t turn >"$work/screen1"
	kill -0 "$pid" 2>/dev/null || { echo "  (tend ended during the measurement)"; return 1; }
	cmp -s "$work/screen0" "$work/screen1" &&
		echo "  (warning: the screen did not change in $WINDOW s: was the timer running?)"
	secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
	local wps fwps cpu fcpu tcpu bps fbps
	wps=$(awk -v v="$((v1 - v0))" -v s="$secs" 'BEGIN { printf "%.2f", v / s }')
	fwps=$(awk -v v="$((fv1 - fv0))" -v s="$secs" 'BEGIN { printf "%.2f", v / s }')
	cpu=$(awk -v c="$((ns1 - ns0))" -v s="$secs" 'BEGIN { printf "%.4f", c / 1e9 / s * 100 }')
	fcpu=$(awk -v c="$((fns1 - fns0))" -v s="$secs" 'BEGIN { printf "%.4f", c / 1e9 / s * 100 }')
	tcpu=$(awk -v c="$((c1 - c0))" -v t="$tck" -v s="$secs" 'BEGIN { printf "%.3f", c / t / s * 100 }')
	bps=$(awk -v v="$((w1 - w0))" -v s="$secs" 'BEGIN { printf "%.1f", v / s }')
	fbps=$(awk -v v="$((fw1 - fw0))" -v s="$secs" 'BEGIN { printf "%.1f", v / s }')
	echo "a running turn, beside the floor (bench/floor.c: the same block digits,"
	echo "  only those that change, one ppoll and one write a second), same $WINDOW s:"
	echo "  wakeups: tend $wps/s, floor $fwps/s (voluntary context switches, all threads)"
	echo "  CPU: tend $cpu%, floor $fcpu% of one core (/proc/PID/schedstat: nanoseconds"
	echo "       on a CPU); tend by utime+stime $tcpu% (clock ticks of 1/$tck s: too coarse"
	echo "       to tell at this rate, shown for comparison only)"
	echo "  bytes written: tend $bps/s, floor $fbps/s (/proc/PID/io wchar: the terminal,"
	echo "       and for both the timing line on descriptor 3)"
	row "wakeups per second, running turn" "$wps (floor $fwps)" "1.0"
	row "CPU, running turn (schedstat)" "$cpu % (floor $fcpu)" "< 0.05 %"
	row "bytes/s written, tend / floor" "$(ratio "$bps" "$fbps") ($bps / $fbps)" "<= 1.2"
	read -r p f _ <<<"$mem"
	local fp ff fd pd
	read -r fp ff fd <<<"$fmem"
	pd=$(echo "$mem" | awk '{ print $3 }')
	echo "  memory halfway (/proc/PID/smaps_rollup): tend Rss $p KiB, Pss $f KiB,"
	echo "       Private_Dirty $pd KiB (tend's own pages); floor Rss $fp KiB, Pss $ff KiB,"
	echo "       Private_Dirty $fd KiB"
	row "Private_Dirty, running turn" "$pd KiB (floor $fd)" "<= 512 KiB"
	row "Rss / Pss, running turn" "$p / $f KiB" ""
	if command -v strace >/dev/null 2>&1; then
		local sc fsc scw fscw
		read -r sc scw <<<"$(syscalls "$pid" 10 "$work/strace.tend")"
		read -r fsc fscw <<<"$(syscalls "$fpid" 10 "$work/strace.floor")"
		echo "  system calls in 10 s (strace -c, one after the other): tend $sc ($scw writes),"
		echo "       floor $fsc ($fscw writes); both write the timing line to descriptor 3,"
		echo "       so the terminal gets $(((scw - 10) / 10)) and $(((fscw - 10) / 10)) writes a second"
		row "syscalls/s, tend / floor" "$(ratio "$sc" "$fsc") ($((sc / 10)) / $((fsc / 10)))" "<= 1.2"
		row "writes/s, tend / floor" "$(ratio "$scw" "$fscw") ($((scw / 10)) / $((fscw / 10)))" "<= 1.2"
	else
		echo "  system calls: not measured (strace is not installed)"
		row "syscalls/s, tend / floor" "not measured" "<= 1.2"
	fi
	T kill-session -t turn
	T send-keys -t floor q

	# ---- when each second lands, in four terminals, turn changes apart
	local term sess
	for term in $LATE_TERMS; do
		if ! infocmp "$term" >/dev/null 2>&1; then
			echo "  (no terminfo entry for $term: left out)"
			continue
		fi
		sess=late-$term
		setup "$work/late-$term.db"
		T new-session -d -s "$sess" -x 80 -y 24 \
			"exec env TERM=$term TEND_TIMING_FD=3 $(q "$TEND") --db $(q "$work/late-$term.db") --plan $(q "$SHORT_PLAN") 3>$(q "$work/late-$term")"
	done
	T new-session -d -s late-floor -x 80 -y 24 \
		"exec env TERM=xterm-256color FLOOR_TIMING_FD=3 $(q "$work/floor") 600 3>$(q "$work/late-floor")"
	for term in $LATE_TERMS; do
		T has-session -t "late-$term" 2>/dev/null || continue
		into_turn "late-$term" || echo "  (the check-in did not start under $term)"
	done
	: >"$work/late-mark"
	for term in $LATE_TERMS floor; do
		[ -e "$work/late-$term" ] && wc -l <"$work/late-$term" >"$work/late-$term.from"
	done
	sleep "$LATE_WINDOW"
	echo "when each second reaches the screen, $LATE_WINDOW s of bench/short.plan (5 s turns)"
	echo "  per TERM, all at once; milliseconds after the second's boundary:"
	for term in $LATE_TERMS floor; do
		[ -e "$work/late-$term.from" ] || continue
		tail -n +"$(($(cat "$work/late-$term.from") + 1))" "$work/late-$term" >"$work/late-$term.win"
		local all
		all=$(awk '{ print $1 }' "$work/late-$term.win" | sort -n | awk '
			{ v[NR] = $1 } END { if (NR) printf "%d %.2f %.2f", NR, v[int((NR + 1) / 2)] / 1000, v[NR] / 1000 }')
		local chg
		chg=$(awk '$2 == "floor" { print $1 }' "$work/late-$term.win" | sort -n | awk '
			{ v[NR] = $1 } END { if (NR) printf "%d %.2f", NR, v[NR] / 1000 }')
		if [ -z "$all" ]; then
			echo "  $term: no seconds drawn"
			row "lateness, $term" "not measured" "<= 2 ms"
			continue
		fi
		read -r ln lmed lmax <<<"$all"
		if [ "$term" = floor ]; then
			echo "  the floor: median $lmed ms, max $lmax ms over $ln seconds (a plain ppoll"
			echo "       timeout: the kernel may end it up to 0.1% late, 1 ms a second)"
			row "lateness, the floor (median / max)" "$lmed / $lmax ms" ""
			continue
		fi
		read -r cn cmax <<<"${chg:-0 -}"
		echo "  $term: median $lmed ms, max $lmax ms over $ln seconds; the $cn turn changes: max $cmax ms"
		row "lateness, $term (median / max)" "$lmed / $lmax ms" "<= 2 ms"
		row "... at turn changes (max)" "$cmax ms" "<= 2 ms"
	done
	echo "  how: tend run with TEND_TIMING_FD=3 writes, after each new second reaches"
	echo "       the terminal, CLOCK_MONOTONIC minus that second's boundary (\"floor\""
	echo "       marks a turn's first second: bell, flash and banner included)"
	return 0
}

echo "The screens:"
if ! screens; then
	echo "screen figures: not measured (the screens are not ready; see above)"
	row "screen figures" "not measured" ""
fi
T kill-server 2>/dev/null
echo
