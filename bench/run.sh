#!/usr/bin/env bash
# bench/run.sh [TEND]: speed and memory figures for `make bench`.
# Each figure is printed with one line saying how it was taken, then all of
# them in a table with their targets. Works in a temporary HOME (removed at
# the end), as any user; uses only public tools: hyperfine, the sqlite3 CLI,
# tmux and /proc. Figures it cannot take are said so, never invented.
set -u
export LC_ALL=C.UTF-8 TZ=UTC
unset TEND_DB NO_COLOR

TEND=${1:-./tend}
case $TEND in /*) ;; *) TEND=$PWD/$TEND ;; esac
if [ ! -x "$TEND" ]; then
	echo "bench: no program at $TEND (run make first)" >&2
	exit 1
fi
PLAN=$(cd "$(dirname "$0")" && pwd)/bench.plan
# The shipped plans and decks, wherever the program being measured lives.
export TEND_DATA_DIR=${TEND_DATA_DIR:-$(cd "$(dirname "$0")/.." && pwd)/data}
HOME_TEXT=${BENCH_HOME_TEXT:-check in}     # text home shows once drawn
START_KEYS=${BENCH_START_KEYS:-c}          # home -> the check-in
ARRIVE_KEYS=${BENCH_ARRIVE_KEYS:-1 2}      # both partners confirm
TURN_TEXT=${BENCH_TURN_TEXT:-Speaker: talk} # shown once the first speak step runs
WINDOW=${BENCH_WINDOW:-30}                 # seconds a running turn is watched

work=$(mktemp -d "${TMPDIR:-/tmp}/tend-bench.XXXXXX") || exit 1
sock=$work/tmux.sock # private, and removed with $work
cleanup() {
	tmux -S "$sock" kill-server 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP
mkdir -p "$work/home" "$work/data" "$work/config"
export HOME=$work/home XDG_DATA_HOME=$work/data XDG_CONFIG_HOME=$work/config \
	XDG_STATE_HOME=$work/home/state XDG_CACHE_HOME=$work/home/cache
printf 'bench passphrase one\nbench passphrase two\n' >"$work/pass2"
printf 'bench passphrase one\n' >"$work/pass1"

rows=() # "figure|value|target"
row() { rows+=("$1|$2|$3"); }
q() { printf '%q' "$1"; }

# mean_ms RUNS WARMUP CMD: the mean wall time of shell command CMD in ms
# (hyperfine, which subtracts the shell's own start-up; without hyperfine a
# plain loop timed with $EPOCHREALTIME, shell start-up included).
mean_ms() {
	local runs=$1 warm=$2 cmd=$3 i t0 t1
	if command -v hyperfine >/dev/null 2>&1; then
		hyperfine --style none --warmup "$warm" --runs "$runs" \
			--export-json "$work/hf.json" "$cmd" >"$work/hf.log" 2>&1 || {
			sed 's/^/  /' "$work/hf.log" >&2
			return 1
		}
		grep -o '"mean": *[0-9.eE+-]*' "$work/hf.json" | head -n 1 |
			awk -F: '{ printf "%.2f", $2 * 1000 }'
	else
		for ((i = 0; i < warm; i++)); do bash -c "$cmd" >/dev/null 2>&1 || return 1; done
		t0=$EPOCHREALTIME
		for ((i = 0; i < runs; i++)); do bash -c "$cmd" >/dev/null 2>&1 || return 1; done
		t1=$EPOCHREALTIME
		awk -v a="$t0" -v b="$t1" -v n="$runs" 'BEGIN { printf "%.2f", (b - a) * 1000 / n }'
	fi
}
if command -v hyperfine >/dev/null 2>&1; then
	HOW="hyperfine $(hyperfine --version | awk '{print $2}')"
else
	HOW="a timed loop (hyperfine not installed; includes bash start-up)"
fi

# setup DB: a couple set up with the fast key derivation.
setup() {
	"$TEND" --db "$1" init --partner Zoë --partner 美咲 --kdf interactive \
		--passphrase-fd 3 3<"$work/pass2" >/dev/null
}

echo "tend benchmark: $("$TEND" --version), $(nproc) CPU(s), $(uname -sr)"
echo

# ---- tend write ------------------------------------------------------------
db=$work/write.db
setup "$db" || { echo "bench: tend init failed" >&2; exit 1; }
cmd="$(q "$TEND") --db $(q "$db") write --as Zoë --shared 'A short journal entry for the benchmark.'"
if w=$(mean_ms 30 3 "$cmd"); then
	echo "tend write --shared: $w ms"
	echo "  how: $HOW, --warmup 3 --runs 30, mean wall time of the whole process"
	echo "       (start, open the database, seal to both keys, insert, exit)"
	row "tend write --shared (whole process)" "$w ms" "< 10 ms"
else
	row "tend write --shared (whole process)" "failed" "< 10 ms"
fi
cmd="$(q "$TEND") --db $(q "$db") write --as Zoë --passphrase-fd 3 'A private one.' 3<$(q "$work/pass1")"
if w=$(mean_ms 10 2 "$cmd"); then
	echo "tend write, private: $w ms"
	echo "  how: the same, --runs 10; a private entry is sealed with its author's key,"
	echo "       so this includes unlocking it (Argon2id at --kdf interactive, 64 MiB)"
	row "tend write, private (with the key derivation)" "$w ms" ""
else
	row "tend write, private (with the key derivation)" "failed" ""
fi
echo

# ---- tend read of 1000 entries ----------------------------------------------
empty=$work/read-empty.db
full=$work/read-full.db
setup "$empty"
cp "$empty" "$full" # the same key slots, so the same key derivation
t0=$EPOCHREALTIME
for ((i = 1; i <= 1000; i++)); do
	if ((i % 2)); then
		"$TEND" --db "$full" write --as Zoë --passphrase-fd 3 \
			"Entry $i: a few words about the evening, like a real one." 3<"$work/pass1" ||
			break
	else
		"$TEND" --db "$full" write --as 美咲 --shared "Entry $i: something to share with you tonight." ||
			break
	fi
done
t1=$EPOCHREALTIME
cmdr() { echo "$(q "$TEND") --db $(q "$1") read --as Zoë --passphrase-fd 3 3<$(q "$work/pass1")"; }
if r0=$(mean_ms 10 2 "$(cmdr "$empty")") && r1=$(mean_ms 10 2 "$(cmdr "$full")"); then
	rd=$(awk -v a="$r1" -v b="$r0" 'BEGIN { printf "%.2f", a - b }')
	echo "tend read, 1000 entries: $r1 ms; empty database: $r0 ms; difference: $rd ms"
	echo "  how: $HOW, --warmup 2 --runs 10 each; both databases share one set-up"
	echo "       (--kdf interactive), so the difference is reading and opening"
	echo "       1000 entries (500 Zoë's own, 500 shared by 美咲) beyond the key derivation"
	echo "       (the 1000 were made by 1000 tend write runs in $(awk -v a="$t0" -v b="$t1" \
		'BEGIN { printf "%.1f", b - a }') s)"
	row "tend read: 1000 entries" "$r1 ms" ""
	row "tend read: empty, same key derivation" "$r0 ms" ""
	row "tend read: 1000 entries beyond that" "$rd ms" "< 50 ms"
else
	row "tend read: 1000 entries beyond key derivation" "failed" "< 50 ms"
fi
echo

# ---- tend stats on 20 years -------------------------------------------------
if command -v sqlite3 >/dev/null 2>&1; then
	db=$work/stats.db
	setup "$db"
	today=$(($(date +%s) / 86400))
	# 7300 saved, counted check-ins on the nights before tonight, random
	# pillars (a bit per pillar); the other columns as a finished one has.
	sqlite3 "$db" "
		WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 7300)
		INSERT INTO checkin (night, started, plan, planned_s, ran_s, first, pillars,
			counted, state, step, step_left_ms, step_len_ms, ran_ms, confirmed, phase, cards)
		SELECT $today - i, ($today - i) * 86400 + 75600, 'nightly', 900, 900, i % 2,
			abs(random()) % 32, 1, 1, 0, 0, 0, 900000, 3, 3, X''
		FROM n;" || echo "bench: could not add the history" >&2
	nights=$("$TEND" --db "$db" stats --json | grep -o '"nights_total":[0-9]*' | cut -d: -f2)
	if s=$(mean_ms 30 3 "$(q "$TEND") --db $(q "$db") stats"); then
		echo "tend stats, 20 years of nights: $s ms (tend counts ${nights:-?} nights)"
		echo "  how: $HOW, --warmup 3 --runs 30; 7300 check-ins (one a night, every"
		echo "       pillar ticked at random) inserted with the sqlite3 CLI into a set-up database"
		row "tend stats: 20 years (7300 nights)" "$s ms" "< 10 ms"
	else
		row "tend stats: 20 years (7300 nights)" "failed" "< 10 ms"
	fi
else
	echo "tend stats, 20 years: not measured (needs the sqlite3 CLI to build the history)"
	row "tend stats: 20 years (7300 nights)" "not measured" "< 10 ms"
fi
echo

# ---- keeping: backup, restore, verify, export ----------------------------------
# On the 1000 entries of the read figure plus the 20 years of the stats one.
if command -v sqlite3 >/dev/null 2>&1 && [ -e "$work/stats.db" ]; then
	big=$work/keep.db
	cp "$full" "$big"
	sqlite3 "$big" "ATTACH '$work/stats.db' AS s; INSERT INTO checkin (night, started,
		plan, planned_s, ran_s, first, pillars, counted, state, step, step_left_ms,
		step_len_ms, ran_ms, confirmed, phase, cards)
		SELECT night, started, plan, planned_s, ran_s, first, pillars, counted, state, step,
		step_left_ms, step_len_ms, ran_ms, confirmed, phase, cards FROM s.checkin;" ||
		echo "bench: could not build the keeping database" >&2
	dbsize=$(stat -c %s "$big")
	kq=$(q "$TEND")
	if b=$(mean_ms 10 2 "rm -f $(q "$work/k.bak"); $kq --db $(q "$big") backup $(q "$work/k.bak")"); then
		bsize=$(stat -c %s "$work/k.bak")
		echo "tend backup: $b ms; the database $dbsize bytes, the backup $bsize bytes"
		echo "  how: $HOW, --warmup 2 --runs 10; 7300 check-ins and 1000 entries; the"
		echo "       backup is the whole snapshot encrypted, so it is the database's size"
		echo "       plus $((bsize - dbsize)) bytes"
		row "tend backup: 20 years + 1000 entries" "$b ms" ""
		row "backup size / database size" "$(awk -v a="$bsize" -v b="$dbsize" 'BEGIN { printf "%.4f", a / b }')" ""
	else
		row "tend backup: 20 years + 1000 entries" "failed" ""
	fi
	rcmd="rm -f $(q "$work/r.db")*; $kq --db $(q "$work/r.db") restore $(q "$work/k.bak") --passphrase-fd 3 3<$(q "$work/pass1")"
	if r=$(mean_ms 5 1 "$rcmd"); then
		echo "tend restore into a fresh home: $r ms (one key derivation at interactive included)"
		row "tend restore: the same, fresh home" "$r ms" ""
	else
		row "tend restore: the same, fresh home" "failed" ""
	fi
	if v=$(mean_ms 10 2 "$kq --db $(q "$big") verify"); then
		echo "tend verify (no passphrase): $v ms: SQLite's integrity check and every record's shape"
		row "tend verify: 20 years + 1000 entries" "$v ms" ""
	else
		row "tend verify: 20 years + 1000 entries" "failed" ""
	fi
	ecmd="$kq --db $(q "$big") export --as Zoë --format json --passphrase-fd 3 3<$(q "$work/pass1") >/dev/null 2>&1"
	if e=$(mean_ms 10 2 "$ecmd") && e0=$(mean_ms 10 2 "${ecmd//$(q "$big")/$(q "$empty")}"); then
		ed=$(awk -v a="$e" -v b="$e0" 'BEGIN { printf "%.2f", a - b }')
		echo "tend export --format json: $e ms; of an empty database $e0 ms; difference $ed ms"
		echo "  how: $HOW, --warmup 2 --runs 10 each; 7300 check-ins and the 1000 entries"
		echo "       Zoë may read (her 500 private, 美咲's 500 shared), beyond the key derivation"
		row "tend export: 20 years + 1000 entries, beyond" "$ed ms" ""
	else
		row "tend export: 20 years + 1000 entries, beyond" "failed" ""
	fi
else
	echo "keeping figures: not measured (they need the sqlite3 CLI and the stats database)"
	row "keeping figures" "not measured" ""
fi
echo

# ---- the screens ------------------------------------------------------------
T() { tmux -S "$sock" -f /dev/null "$@"; }

# shows TEXT SESSION TIMEOUT_S: polls the screen as fast as tmux answers.
shows() {
	local end
	end=$(awk -v t="$EPOCHREALTIME" -v d="$3" 'BEGIN { printf "%.6f", t + d }')
	while :; do
		T capture-pane -p -t "$2" 2>/dev/null | grep -qF -e "$1" && return 0
		awk -v t="$EPOCHREALTIME" -v e="$end" 'BEGIN { exit !(t > e) }' && return 1
	done
}

# pid_of SESSION: tend's pid in the session.
pid_of() {
	local p
	p=$(T display -p -t "$1" '#{pane_pid}' 2>/dev/null) || return 1
	[ "$(cat "/proc/$p/comm" 2>/dev/null)" = "$(basename "$TEND")" ] && echo "$p"
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

# sum of a field over every thread in /proc/PID/task/*/status.
task_sum() {
	cat /proc/"$1"/task/*/status 2>/dev/null | awk -v k="$2:" '$1 == k { s += $2 } END { print s + 0 }'
}
# utime + stime of PID, in clock ticks.
cpu_ticks() {
	sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'
}
# nanoseconds PID has run on a CPU (0 when the kernel does not say).
cpu_ns() {
	awk '{ print $1 }' "/proc/$1/schedstat" 2>/dev/null || echo 0
}
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR) print a[int((NR + 1) / 2)] }'; }

screens() {
	local db=$work/screen.db i t0 t1 pid v0 v1 n0 n1 c0 c1 ns0 ns1 s0 s1 tck
	local first=() base=()
	command -v tmux >/dev/null 2>&1 || { echo "  (tmux is not installed)"; return 1; }
	setup "$db"
	# A session that keeps the private server alive between runs.
	T start-server \; set -g status off \; set -g default-terminal xterm-256color \; \
		new-session -d -s keep -x 80 -y 24 "sleep 100000" || return 1
	for ((i = 0; i < 5; i++)); do
		t0=$EPOCHREALTIME
		T new-session -d -s "first$i" -x 80 -y 24 \
			"exec env TERM=xterm-256color $(q "$TEND") --db $(q "$db")"
		if ! shows "$HOME_TEXT" "first$i" 10; then
			echo "  (home, showing '$HOME_TEXT', did not appear within 10 s; the screen was:)"
			T capture-pane -p -t "first$i" | sed 's/^/  | /'
			return 1
		fi
		t1=$EPOCHREALTIME
		first+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) * 1000 }')")
		pid=$(pid_of "first$i")
		T kill-session -t "first$i"
		[ -n "$pid" ] && gone "$pid"
		# The same path with a program that prints at once: tmux's share.
		t0=$EPOCHREALTIME
		T new-session -d -s "base$i" -x 80 -y 24 "printf '%s' $(q "$HOME_TEXT"); exec sleep 100"
		shows "$HOME_TEXT" "base$i" 10
		t1=$EPOCHREALTIME
		base+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) * 1000 }')")
		T kill-session -t "base$i"
	done
	s0=$(printf '%s\n' "${first[@]}" | median)
	s1=$(printf '%s\n' "${base[@]}" | median)
	echo "time to first screen: $s0 ms (median of 5: ${first[*]})"
	echo "  how: from asking tmux for an 80x24 session running tend on a set-up"
	echo "       database until capture-pane shows '$HOME_TEXT', polling without pause;"
	echo "       the same for a printf takes $s1 ms (tmux's and the polling's share)"
	row "time to first screen (tmux, 80x24)" "$s0 ms" ""
	row "... of which tmux and polling" "$s1 ms" ""

	# A running turn.
	# TEND_TIMING_FD: tend writes, for each second it draws, how many
	# microseconds after that second's monotonic boundary it reached the screen.
	T new-session -d -s turn -x 80 -y 24 \
		"exec env TERM=xterm-256color TEND_TIMING_FD=3 $(q "$TEND") --db $(q "$db") --plan $(q "$PLAN") 3>$(q "$work/timing")"
	shows "$HOME_TEXT" turn 10 || { echo "  (home did not appear)"; return 1; }
	for k in $START_KEYS; do T send-keys -t turn -l -- "$k"; sleep 0.3; done
	sleep 0.5
	for k in $ARRIVE_KEYS; do T send-keys -t turn -l -- "$k"; sleep 0.3; done
	if ! shows "$TURN_TEXT" turn 15; then
		echo "  (no running turn showing '$TURN_TEXT' after keys '$START_KEYS' then"
		echo "   '$ARRIVE_KEYS'; the screen was:)"
		T capture-pane -p -t turn | sed 's/^/  | /'
		return 1
	fi
	pid=$(pid_of turn) || { echo "  (tend is not running in the session)"; return 1; }
	sleep 1
	tck=$(getconf CLK_TCK)
	v0=$(task_sum "$pid" voluntary_ctxt_switches)
	n0=$(task_sum "$pid" nonvoluntary_ctxt_switches)
	c0=$(cpu_ticks "$pid") ns0=$(cpu_ns "$pid")
	local tstart
	tstart=$(($(wc -l <"$work/timing") + 1))
	t0=$EPOCHREALTIME
	T capture-pane -p -t turn >"$work/screen0"
	sleep "$((WINDOW / 2))"
	grep -E '^(VmRSS|VmHWM|RssAnon|RssFile|RssShmem):' "/proc/$pid/status" >"$work/mem"
	awk '$1 == "Pss:" { printf "%.2f", $2 / 1024 }' "/proc/$pid/smaps_rollup" >"$work/pss" 2>/dev/null
	sleep "$((WINDOW - WINDOW / 2))"
	tail -n +"$tstart" "$work/timing" >"$work/timing.window"
	v1=$(task_sum "$pid" voluntary_ctxt_switches)
	n1=$(task_sum "$pid" nonvoluntary_ctxt_switches)
	c1=$(cpu_ticks "$pid") ns1=$(cpu_ns "$pid")
	t1=$EPOCHREALTIME
	T capture-pane -p -t turn >"$work/screen1"
	if ! kill -0 "$pid" 2>/dev/null; then
		echo "  (tend ended during the measurement)"
		return 1
	fi
	cmp -s "$work/screen0" "$work/screen1" &&
		echo "  (warning: the screen did not change in $WINDOW s: was the timer running?)"
	local secs wps cpu cpuns rss hwm
	secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
	wps=$(awk -v v="$((v1 - v0))" -v s="$secs" 'BEGIN { printf "%.2f", v / s }')
	cpu=$(awk -v c="$((c1 - c0))" -v t="$tck" -v s="$secs" 'BEGIN { printf "%.3f", c / t / s * 100 }')
	cpuns=$(awk -v c="$((ns1 - ns0))" -v s="$secs" 'BEGIN { printf "%.4f", c / 1e9 / s * 100 }')
	rss=$(awk '$1 == "VmRSS:" { printf "%.2f", $2 / 1024 }' "$work/mem")
	hwm=$(awk '$1 == "VmHWM:" { printf "%.2f", $2 / 1024 }' "$work/mem")
	echo "wakeups during a running turn: $wps per second ($((v1 - v0)) voluntary and"
	echo "  $((n1 - n0)) involuntary context switches in $secs s)"
	echo "  how: voluntary_ctxt_switches summed over /proc/PID/task/*/status before and"
	echo "       after $WINDOW s of a speak step of bench/bench.plan, in tmux 80x24"
	echo "CPU during a running turn: $cpu% of one core by utime+stime ($((c1 - c0)) ticks"
	echo "  of 1/$tck s), $cpuns% by /proc/PID/schedstat (nanoseconds on a CPU)"
	echo "  how: /proc/PID/stat fields utime+stime and /proc/PID/schedstat, same $WINDOW s"
	echo "memory during a running turn: VmRSS $rss MiB, VmHWM (peak) $hwm MiB"
	echo "  ($(awk '$1 ~ /^Rss/ { printf "%s%s %.2f MiB", n++ ? ", " : "", $1, $2 / 1024 }' \
		"$work/mem"): file pages are mostly shared libraries)"
	echo "  how: /proc/PID/status halfway through the same $WINDOW s"
	row "wakeups per second, running turn" "$wps" "1.0"
	row "CPU, running turn (utime+stime)" "$cpu %" "< 0.05 %"
	row "CPU, running turn (schedstat)" "$cpuns %" "< 0.05 %"
	row "VmRSS, running turn" "$rss MiB" "< 4 MiB"
	row "VmHWM (peak), running turn" "$hwm MiB" "< 4 MiB"
	if [ -s "$work/pss" ]; then
		echo "  proportional share (Pss, shared library pages divided among the processes"
		echo "  using them): $(cat "$work/pss") MiB, from /proc/PID/smaps_rollup"
		row "Pss, running turn" "$(cat "$work/pss") MiB" ""
	fi

	# Lateness of each displayed second, from tend's own log (see above).
	# Only the seconds drawn during the measured window count.
	if [ -s "$work/timing.window" ]; then
		local lat
		lat=$(sort -n "$work/timing.window" | awk '
			{ v[NR] = $1; s += $1 }
			END { if (NR == 0) exit 1
			      p = int(NR * 0.99 + 0.5); if (p < 1) p = 1
			      printf "%d %.2f %.2f %.2f %.2f", NR, v[int((NR + 1) / 2)] / 1000,
			             v[p] / 1000, v[NR] / 1000, s / NR / 1000 }')
		if [ -n "$lat" ]; then
			read -r ln lmed lp99 lmax lmean <<<"$lat"
			local first10 last10
			first10=$(head -10 "$work/timing.window" | awk '{ s += $1 } END { printf "%.2f", s / NR / 1000 }')
			last10=$(tail -n 10 "$work/timing.window" | awk '{ s += $1 } END { printf "%.2f", s / NR / 1000 }')
			echo "lateness of each displayed second: median $lmed ms, p99 $lp99 ms, max $lmax ms"
			echo "  over $ln seconds; mean of the first ten $first10 ms, of the last ten $last10 ms"
			echo "  (no drift: deadlines are absolute, so lateness does not add up)"
			echo "  how: tend run with TEND_TIMING_FD=3 writes, after each new second reaches"
			echo "       the screen, CLOCK_MONOTONIC minus that second's boundary (deadline of"
			echo "       the turn minus the seconds shown), in microseconds"
			row "lateness of each second (median)" "$lmed ms" "<= 2 ms"
			row "lateness of each second (max)" "$lmax ms" "<= 2 ms"
			row "drift: first ten vs last ten" "$first10 / $last10 ms" "no growth"
		fi
	fi
	return 0
}

echo "The screens:"
if ! screens; then
	echo "screen figures: not measured (the screens are not ready; see above)"
	row "screen figures" "not measured" ""
fi
T kill-server 2>/dev/null
echo

printf '%-42s %-18s %s\n' "figure" "value" "target"
printf '%-42s %-18s %s\n' "------" "-----" "------"
for r in "${rows[@]}"; do
	IFS='|' read -r f v t <<<"$r"
	printf '%-42s %-18s %s\n' "$f" "$v" "$t"
done
