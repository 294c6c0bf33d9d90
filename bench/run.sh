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
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR) print a[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

# mean_ms RUNS WARMUP CMD [any]: the mean wall time of shell command CMD in
# ms (hyperfine, which subtracts the shell's own start-up; without hyperfine
# a plain loop timed with $EPOCHREALTIME, shell start-up included). With
# "any", CMD's exit status is not a failure (tend status answers with it).
mean_ms() {
	local runs=$1 warm=$2 cmd=$3 any=${4:-} i t0 t1 ign=()
	[ "$any" = any ] && ign=(--ignore-failure)
	if command -v hyperfine >/dev/null 2>&1; then
		hyperfine --style none --warmup "$warm" --runs "$runs" "${ign[@]}" \
			--export-json "$work/hf.json" "$cmd" >"$work/hf.log" 2>&1 || {
			sed 's/^/  /' "$work/hf.log" >&2
			return 1
		}
		grep -o '"mean": *[0-9.eE+-]*' "$work/hf.json" | head -n 1 |
			awk -F: '{ printf "%.2f", $2 * 1000 }'
	else
		for ((i = 0; i < warm; i++)); do
			bash -c "$cmd" >/dev/null 2>&1 || [ "$any" = any ] || return 1
		done
		t0=$EPOCHREALTIME
		for ((i = 0; i < runs; i++)); do
			bash -c "$cmd" >/dev/null 2>&1 || [ "$any" = any ] || return 1
		done
		t1=$EPOCHREALTIME
		awk -v a="$t0" -v b="$t1" -v n="$runs" 'BEGIN { printf "%.2f", (b - a) * 1000 / n }'
	fi
}
if command -v hyperfine >/dev/null 2>&1; then
	HOW="hyperfine $(hyperfine --version | awk '{print $2}')"
else
	HOW="a timed loop (hyperfine not installed; includes bash start-up)"
fi

# add_nights DB N: N saved, counted check-ins on the N nights before
# tonight, one a night, with random pillars (a bit per pillar); the other
# columns as a finished one has. With the sqlite3 CLI.
add_nights() {
	local today=$(($(date +%s) / 86400))
	sqlite3 "$1" "
		WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $2)
		INSERT INTO checkin (night, started, plan, planned_s, ran_s, first, pillars,
			counted, state, step, step_left_ms, step_len_ms, ran_ms, confirmed, phase, cards)
		SELECT $today - i, ($today - i) * 86400 + 75600, 'nightly', 900, 900, i % 2,
			abs(random()) % 32, 1, 1, 0, 0, 0, 900000, 3, 3, X''
		FROM n;"
}

# setup DB: a couple set up with the fast key derivation.
setup() {
	"$TEND" --db "$1" init --partner Zoë --partner 美咲 --kdf interactive \
		--passphrase-fd 3 3<"$work/pass2" >/dev/null
}

sync "$TEND" 2>/dev/null # its pages fresh from the linker would count as dirty
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

# Beside the sqlite3 tool inserting the same row: the last shared entry tend
# wrote, byte for byte, into a copy of the same database. Both whole
# processes, started by this shell in turns (so the machine's load falls on
# both alike); each figure the median of its runs. Both make the same five
# fdatasync calls (src/store/store.c, set_pragmas, says which and why).
if command -v sqlite3 >/dev/null 2>&1; then
	side=$work/write-cli.db
	cp "$db" "$side"
	ins=$(sqlite3 "$db" "SELECT printf('INSERT INTO entry (checkin, kind, author,
		visibility, night, created, seq, ct, seal0, seal1) VALUES (NULL, %d, %d, %d, %d,
		%d, %d, X''%s'', X''%s'', X''%s'');', kind, author, visibility, night, created,
		seq, hex(ct), hex(seal0), hex(seal1)) FROM entry WHERE seal0 IS NOT NULL AND
		seal1 IS NOT NULL ORDER BY id DESC LIMIT 1")
	tw=() cw=() ok=1
	# us VAR CMD...: runs CMD; VAR gets its wall time in microseconds
	us() {
		local v=$1 t0 t1
		shift
		t0=${EPOCHREALTIME/./}
		"$@" >/dev/null 2>&1 || ok=0
		t1=${EPOCHREALTIME/./}
		printf -v "$v" '%d' $((10#$t1 - 10#$t0))
	}
	for ((i = 0; i < 64; i++)); do # which goes first alternates
		if ((i % 2)); then
			us c sqlite3 "$side" "$ins"
			us t "$TEND" --db "$db" write --as Zoë --shared 'A short journal entry for the benchmark.'
		else
			us t "$TEND" --db "$db" write --as Zoë --shared 'A short journal entry for the benchmark.'
			us c sqlite3 "$side" "$ins"
		fi
		((i < 4)) && continue # warm-up
		tw+=("$(awk -v u="$t" 'BEGIN { printf "%.3f", u / 1000 }')")
		cw+=("$(awk -v u="$c" 'BEGIN { printf "%.3f", u / 1000 }')")
	done
	if ((ok)) && [ -n "$ins" ]; then
		tm=$(printf '%s\n' "${tw[@]}" | median) cm=$(printf '%s\n' "${cw[@]}" | median)
		echo "tend write --shared beside sqlite3 inserting the same row: $tm ms / $cm ms = $(ratio "$tm" "$cm")x"
		echo "  how: 60 runs of each in turns (which goes first alternating) after 4 of"
		echo "       warm-up, medians, wall time from this shell (fork and exec included"
		echo "       alike); the sqlite3 tool $(sqlite3 --version | awk '{ print $1 }')"
		row "tend write / sqlite3 insert, same row" "$(ratio "$tm" "$cm") ($tm / $cm ms)" "<= 1.1"
	else
		row "tend write / sqlite3 insert, same row" "failed" "<= 1.1"
	fi
else
	echo "tend write beside the sqlite3 tool: not measured (no sqlite3 CLI)"
	row "tend write / sqlite3 insert, same row" "not measured" "<= 1.1"
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

# ---- tend read and export of 10 000 entries: memory beyond the key derivation
# The heap's peak (valgrind's massif: every malloc, no sampling) of tend read
# (and of tend export)
# on 10 000 shared entries against the same on none; the key derivation's
# 64 MiB is a mapping of its own, outside the heap. The entries are made by
# tests/tools/addentries (make tests builds it) through the app's own write.
ADD=${BENCH_ADDENTRIES:-$(dirname "$TEND")/tests/tools/addentries}
if command -v valgrind >/dev/null 2>&1 && [ -x "$ADD" ]; then
	big=$work/read-10k.db
	cp "$empty" "$big"
	"$ADD" "$big" 10000 "A shared entry of about the usual length for a benchmark" \
		"$(date +%s)" >/dev/null 2>&1 || echo "bench: addentries failed" >&2
	peak() { # peak DB COMMAND [ARG...]
		valgrind --tool=massif --massif-out-file="$work/massif" "$TEND" --db "$1" "${@:2}" \
			--as Zoë --passphrase-fd 3 3<"$work/pass1" >/dev/null 2>&1
		grep -o 'mem_heap_B=[0-9]*' "$work/massif" | cut -d= -f2 | sort -n | tail -n 1
	}
	h0=$(peak "$empty" read) h1=$(peak "$big" read)
	r10=$(mean_ms 5 1 "$(cmdr "$big")") r00=$(mean_ms 5 1 "$(cmdr "$empty")")
	per=$(awk -v a="$r10" -v b="$r00" 'BEGIN { printf "%.1f", (a - b) * 1000 / 10000 }')
	beyond=$(awk -v a="$h1" -v b="$h0" 'BEGIN { printf "%.0f", (a - b) / 1024 }')
	echo "tend read, 10 000 entries: heap peak $((h1 / 1024)) KiB, empty $((h0 / 1024)) KiB:"
	echo "  $beyond KiB beyond; $r10 ms against $r00 ms: $per us an entry"
	echo "  how: valgrind --tool=massif (heap peak of every malloc), and $HOW --runs 5"
	row "tend read 10 000: heap beyond empty" "$beyond KiB" "<= 2048 KiB"
	row "tend read 10 000: time an entry" "$per us" "<= 30 us"
	# the same of an export (JSON, the larger), which streams as read does
	cmde() { echo "$(q "$TEND") --db $(q "$1") export --format json --as Zoë --passphrase-fd 3 3<$(q "$work/pass1") >/dev/null"; }
	x0=$(peak "$empty" export --format json) x1=$(peak "$big" export --format json)
	e10=$(mean_ms 5 1 "$(cmde "$big")") e00=$(mean_ms 5 1 "$(cmde "$empty")")
	per=$(awk -v a="$e10" -v b="$e00" 'BEGIN { printf "%.1f", (a - b) * 1000 / 10000 }')
	beyond=$(awk -v a="$x1" -v b="$x0" 'BEGIN { printf "%.0f", (a - b) / 1024 }')
	echo "tend export --format json, 10 000 entries: heap peak $((x1 / 1024)) KiB, empty"
	echo "  $((x0 / 1024)) KiB: $beyond KiB beyond; $e10 ms against $e00 ms: $per us an entry"
	row "tend export 10 000: heap beyond empty" "$beyond KiB" "<= 2048 KiB"
	row "tend export 10 000: time an entry" "$per us" "<= 30 us"
else
	echo "tend read, 10 000 entries: not measured (needs valgrind and $ADD: make tests)"
	row "tend read 10 000: heap beyond empty" "not measured" "<= 2048 KiB"
	row "tend export 10 000: heap beyond empty" "not measured" "<= 2048 KiB"
fi
echo

# ---- tend stats on 20 years -------------------------------------------------
if command -v sqlite3 >/dev/null 2>&1; then
	db=$work/stats.db
	setup "$db"
	add_nights "$db" 7300 || echo "bench: could not add the history" >&2
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

# ---- tend status: on every shell prompt -------------------------------------
# A whole process each time, so timed as one: start, open read-only, tonight
# and the nightly streak (from the kept walk: only the nights since it are
# read), one line, exit. It answers "not yet" with exit status 3, which is
# checked first; `tend --version` beside it is the process alone.
status_row() { # status_row LABEL DB
	local rc s
	"$TEND" --db "$2" status >/dev/null 2>&1
	rc=$?
	if [ "$rc" -eq 3 ] && s=$(mean_ms 100 10 "$(q "$TEND") --db $(q "$2") status" any); then
		echo "tend status, $1: $s ms"
		row "tend status: $1" "$s ms" "< 5 ms"
	else
		echo "tend status, $1: failed (exit status $rc, wanted 3: not yet)"
		row "tend status: $1" "failed" "< 5 ms"
	fi
}
db=$work/status.db
setup "$db"
status_row "set up, nothing saved" "$db"
if [ -e "$work/stats.db" ]; then
	status_row "20 years (7300 nights)" "$work/stats.db"
else
	echo "tend status, 20 years: not measured (needs the stats figure's database)"
	row "tend status: 20 years (7300 nights)" "not measured" "< 5 ms"
fi
if v=$(mean_ms 100 10 "$(q "$TEND") --version"); then
	echo "tend --version (the process alone, for comparison): $v ms"
	row "tend --version (start and exit alone)" "$v ms" ""
fi
echo "  how: $HOW, --warmup 10 --runs 100, mean wall time of the whole process;"
echo "       the 20 years are the stats figure's database, its kept walk made there"
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
. "$(dirname "$0")/screens.sh"

printf '%-42s %-18s %s\n' "figure" "value" "target"
printf '%-42s %-18s %s\n' "------" "-----" "------"
for r in "${rows[@]}"; do
	IFS='|' read -r f v t <<<"$r"
	printf '%-42s %-18s %s\n' "$f" "$v" "$t"
done
