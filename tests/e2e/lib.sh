# lib.sh: what every end-to-end script shares. Source it first:
#     . tests/e2e/lib.sh
# It gives the script (run from the repository root, as tests/run.sh does):
#   - a private temp folder $E2E_DIR, removed on exit, with HOME, XDG_* and
#     TEND_DB ($E2E_DIR/tend.db) pointing inside it, and a pinned locale,
#     time zone and terminal;
#   - $TEND: the tend under test ($TEND_BIN), always run at the suite's wall
#     clock (tests/clock.sh: TEND_TEST_DATE in TEND_TEST_TZ), stopped there,
#     never at the machine's; faked / tend_at run it at another time, and
#     nights_later, night_of and test_night compute the nights to use
#     (early_at: whether home speaks of last night then);
#   - TAP output: ok, not_ok, check, run + expect_rc, has, lacks, same,
#     done_testing (call it last: it prints the plan and sets the exit status);
#   - assert_no_plaintext DB STRING...: none of the strings is in the
#     database or its -wal/-shm files;
#   - tmux helpers for the screen tests: tmux_start, keys, screen, wait_for,
#     wait_gone, tmux_pid, tmux_wait_exit, tmux_stop (a private server, killed
#     on exit), tmux_resize, wait_re, screen_blank;
#   - reading the screen as a person does, whatever the line breaks: flat,
#     screen_text, reads / reads_not, doc_text (a whole scrolling document),
#     calendar_marks (home's calendar in reading order); where things are:
#     screen_find, screen_last_row, block_box;
#   - for tend's screens: tui (tend on $TEND_DB with the e2e plan, --at
#     another time), see / see_re / unseen (one test each), big_clock (reads
#     the timer's block digits, at any scale), quit_clean (tend quit and left a clean
#     screen), quick_checkin (a check-in that counts), with_pass.
# Sanitizer reports (SAN=1 builds) go to files and each one is a failure, so
# a crash can never pass for an expected "exit 1".

set -u
export LC_ALL=C.UTF-8
unset LANG LANGUAGE NO_COLOR FAKETIME
# script(1) and tmux run a command line with $SHELL, and the tests quote
# theirs with bash's printf %q ($'...' for an escape): a CI runner's
# SHELL=/bin/sh (dash) would read that as other words.
export SHELL=$BASH
. "$(dirname "${BASH_SOURCE[0]}")/../clock.sh" || exit 1

TEND_BIN=${TEND_BIN:-build/tend}
E2E_NAME=$(basename "$0" .sh)
E2E_DIR=$(mktemp -d "${TMPDIR:-/tmp}/tend-e2e-$E2E_NAME.XXXXXX") || exit 1
mkdir -p "$E2E_DIR/home" "$E2E_DIR/data" "$E2E_DIR/config" "$E2E_DIR/state" \
	"$E2E_DIR/cache" "$E2E_DIR/san"
export HOME=$E2E_DIR/home XDG_DATA_HOME=$E2E_DIR/data XDG_CONFIG_HOME=$E2E_DIR/config \
	XDG_STATE_HOME=$E2E_DIR/state XDG_CACHE_HOME=$E2E_DIR/cache
export TEND_DB=$E2E_DIR/tend.db
# verify_asan_link_order=0 lets faketime's LD_PRELOAD run a SAN=1 build.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}log_path=$E2E_DIR/san/asan:exitcode=86:verify_asan_link_order=0"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}log_path=$E2E_DIR/san/ubsan:exitcode=86:print_stacktrace=1"

# ---- the wall clock ---------------------------------------------------------

# libfaketime, preloaded directly: the `faketime` wrapper keeps a named
# semaphore per process id, which a killed run leaves behind and a later
# process with the same id then fails on ("only works on platforms that
# support sem_open()").
E2E_LIBFAKETIME=$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -n 1)
if [ -z "$E2E_LIBFAKETIME" ]; then
	echo "not ok 1 - libfaketime is installed (scripts/install-deps.sh installs faketime)"
	echo "1..1"
	rm -rf "$E2E_DIR"
	exit 1
fi

# clocked BIN: prints the path of a script that runs BIN (a tend) at the
# suite's wall clock, or at $FAKETIME when the caller sets it (faked). The
# clock is stopped there, so every run sees the same instant: no test
# depends on how long the steps before it took, and none crosses a night
# boundary on a slow machine. The monotonic clock stays the real one, so
# tend's timer runs true. The script execs BIN: its pid is tend's.
clocked() {
	local bin=$1 w n=1
	case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
	while [ -e "$E2E_DIR/bin/$n" ]; do n=$((n + 1)); done
	mkdir -p "$E2E_DIR/bin/$n"
	w=$E2E_DIR/bin/$n/$(basename "$bin") # the same name: tmux_pid finds it
	cat >"$w" <<EOF
#!/bin/sh
# $bin at the tests' wall clock (tests/e2e/lib.sh: clocked)
FAKETIME=\${FAKETIME:-'$TEND_TEST_DATE'}
LD_PRELOAD='$E2E_LIBFAKETIME'\${LD_PRELOAD:+:\$LD_PRELOAD}
DONT_FAKE_MONOTONIC=1
export FAKETIME LD_PRELOAD DONT_FAKE_MONOTONIC
exec '$bin' "\$@"
EOF
	chmod 0755 "$w"
	echo "$w"
}
TEND=$(clocked "$TEND_BIN")
echo "# tend runs at $TEND_TEST_DATE in $TZ, its wall clock stopped there (tests/clock.sh)"

# faked TIME CMD...: CMD (a clocked program: $TEND, or a function running
# it) with the wall clock stopped at TIME ("2026-11-25 21:00:00", local).
faked() {
	local t=$1
	shift
	FAKETIME=$t "$@"
}

# tend_at TIME ARGS...: tend ARGS at TIME (see faked).
tend_at() { faked "$1" "$TEND" "${@:2}"; }

# night_of TIME: the night (YYYY-MM-DD) that local TIME ("YYYY-MM-DD
# HH:MM:SS") belongs to with tend's default boundary, 04:00: its date, or
# the day before when earlier than 04:00. Worked out here, not by tend.
night_of() {
	local t=$1
	if [[ ${t:11:8} < 04:00:00 ]]; then
		date -u -d "${t:0:10} -1 day" +%F
	else
		echo "${t:0:10}"
	fi
}

# test_night: the night of the suite's wall clock.
test_night() { night_of "$TEND_TEST_DATE"; }

# early_at [TIME]: true when local TIME (default the suite's clock) is early
# in its night by tend's defaults, from the 04:00 boundary until noon: then
# home, after a check-in the night before, says "Last night's ..." rather
# than "Tonight: not yet". (make check-dates runs at 04:00.)
early_at() {
	local t=${1:-$TEND_TEST_DATE}
	[[ ! ${t:11:8} < 04:00:00 && ${t:11:8} < 12:00:00 ]]
}

# nights_later N [TIME]: the local time N days after TIME (default the
# suite's clock), at the same time of day: the same moment of the evening N
# nights on. (A time of day a DST change skips is moved on by libfaketime,
# within the same night.)
nights_later() {
	local t=${2:-$TEND_TEST_DATE}
	echo "$(date -u -d "${t:0:10} $1 days" +%F) ${t:11:8}"
}

E2E_N=0      # tests run so far
E2E_FAILED=0 # of which failed
E2E_TMUX=    # the private tmux socket (in $E2E_DIR), once started

e2e_cleanup() {
	[ -n "$E2E_TMUX" ] && tmux -S "$E2E_TMUX" kill-server 2>/dev/null
	rm -rf "$E2E_DIR"
}
trap e2e_cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

# diag TEXT...: prints each line of TEXT as a TAP comment.
diag() {
	printf '%s\n' "$@" | sed 's/^/# /'
}

ok() {
	E2E_N=$((E2E_N + 1))
	echo "ok $E2E_N - $1"
}

# not_ok NAME [DETAIL...]: a failure, the details as comments.
not_ok() {
	E2E_N=$((E2E_N + 1)) E2E_FAILED=$((E2E_FAILED + 1))
	echo "not ok $E2E_N - $1"
	shift
	[ $# -gt 0 ] && diag "$@"
	return 0
}

# check NAME CMD...: ok when CMD exits 0; otherwise shows its output.
check() {
	local name=$1 log=$E2E_DIR/check.log
	shift
	if "$@" >"$log" 2>&1; then
		ok "$name"
	else
		not_ok "$name" "command: $*" "exit status $?" "$(cat "$log")"
	fi
}

# run CMD...: runs CMD with no terminal, keeping RC, OUT (stdout) and ERR
# (stderr); also in the files $E2E_DIR/out and $E2E_DIR/err.
run() {
	"$@" >"$E2E_DIR/out" 2>"$E2E_DIR/err" </dev/null
	RC=$?
	OUT=$(cat "$E2E_DIR/out")
	ERR=$(cat "$E2E_DIR/err")
	return 0
}

# run_in INPUT CMD...: run, with INPUT (and a newline) on standard input.
run_in() {
	local input=$1
	shift
	printf '%s\n' "$input" | "$@" >"$E2E_DIR/out" 2>"$E2E_DIR/err"
	RC=$?
	OUT=$(cat "$E2E_DIR/out")
	ERR=$(cat "$E2E_DIR/err")
	return 0
}

# expect_rc NAME WANT: after run, ok when it exited with WANT.
expect_rc() {
	if [ "$RC" -eq "$2" ]; then
		ok "$1"
	else
		not_ok "$1" "exit status $RC, wanted $2" "stdout: $OUT" "stderr: $ERR"
	fi
}

# has NAME TEXT NEEDLE / lacks NAME TEXT NEEDLE: a fixed string is (not) in TEXT.
has() {
	if printf '%s' "$2" | grep -qF -e "$3"; then
		ok "$1"
	else
		not_ok "$1" "expected to find: $3" "in: $2"
	fi
}
lacks() {
	if printf '%s' "$2" | grep -qF -e "$3"; then
		not_ok "$1" "did not expect: $3" "in: $2"
	else
		ok "$1"
	fi
}

# same NAME GOT WANT: the two strings are equal.
same() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1" "got: $2" "wanted: $3"
	fi
}

# one_line_error NAME: after run, stderr is exactly one line "tend: ...".
one_line_error() {
	if [ "$(printf '%s\n' "$ERR" | wc -l)" -eq 1 ] && [ "${ERR#tend: }" != "$ERR" ]; then
		ok "$1"
	else
		not_ok "$1" "stderr was not one line 'tend: ...':" "$ERR"
	fi
}

# assert_no_plaintext DB STRING...: fails if any STRING occurs (as bytes) in
# DB, DB-wal or DB-shm. One test per call.
assert_no_plaintext() {
	local db=$1 f s found=
	shift
	for f in "$db" "$db-wal" "$db-shm"; do
		[ -e "$f" ] || continue
		for s in "$@"; do
			if grep -a -q -F -e "$s" "$f"; then
				found="$found${found:+, }'$s' in $(basename "$f")"
			fi
		done
	done
	if [ -z "$found" ]; then
		ok "no plaintext in $(basename "$db") (${#@} strings)"
	else
		not_ok "no plaintext in $(basename "$db")" "found $found"
	fi
}

# san_reports: one failure per sanitizer report written so far (called by
# done_testing; a screen test may call it sooner).
san_reports() {
	local f
	for f in "$E2E_DIR"/san/*; do
		[ -e "$f" ] || continue
		not_ok "sanitizer report $(basename "$f")" "$(head -c 4000 "$f")"
		rm -f "$f"
	done
}

# done_testing: the TAP plan; exit status 1 if anything failed.
done_testing() {
	san_reports
	echo "1..$E2E_N"
	[ "$E2E_FAILED" -eq 0 ]
	exit
}

# ---- tmux: the screens ------------------------------------------------------

# tmux_start [-x W] [-y H] CMD...: starts CMD (e.g. "$TEND" --plan x) in a
# detached tmux session of W x H (default 80 x 24) on a private server (its
# socket in $E2E_DIR, so nothing is left in /tmp/tmux-UID), with
# TERM=xterm-256color (or $E2E_TERM) and no status line (nor scrollback,
# unless E2E_HISTORY gives its lines). CMD's exit status is kept for
# tmux_wait_exit. One session per script at a time.
tmux_start() {
	local w=80 h=24 cmd q
	while [ $# -gt 0 ]; do
		case $1 in
		-x) w=$2; shift 2 ;;
		-y) h=$2; shift 2 ;;
		*) break ;;
		esac
	done
	[ -n "$E2E_TMUX" ] && tmux_stop
	E2E_TMUX=$E2E_DIR/tmux.sock
	rm -f "$E2E_DIR/tmux.rc"
	cmd=
	for q in "$@"; do
		cmd="$cmd $(printf '%q' "$q")"
	done
	printf '%s\n' "$cmd" >"$E2E_DIR/tmux.cmd"
	# -u: the pane is UTF-8. NCURSES_NO_UTF8_ACS=1 makes ncurses draw box
	# lines as UTF-8 characters, which capture-pane shows as drawn (line
	# drawing by the terminal's alternate set would come out as "qqq").
	tmux -u -S "$E2E_TMUX" -f /dev/null start-server \; \
		set -g status off \; set -g remain-on-exit on \; \
		set -g default-terminal xterm-256color \; set -g history-limit "${E2E_HISTORY:-0}" \; \
		new-session -d -x "$w" -y "$h" -s tend \
		"export TERM=$(printf '%q' "${E2E_TERM:-xterm-256color}") NCURSES_NO_UTF8_ACS=1; $cmd; echo \$? >$(printf '%q' "$E2E_DIR/tmux.rc")"
}

# keys KEY...: sends keys as tmux names them ("Enter", "C-c", "BSpace", "Up")
# or, for any other word, literally.
keys() {
	local k
	for k in "$@"; do
		case $k in
		Enter | Escape | Tab | BTab | BSpace | Space | Up | Down | Left | Right | \
			Home | End | PPage | NPage | DC | IC | F[0-9] | F1[0-2] | C-? | M-?)
			tmux -S "$E2E_TMUX" send-keys -t tend "$k" ;;
		*) tmux -S "$E2E_TMUX" send-keys -t tend -l -- "$k" ;;
		esac
	done
}

# screen: prints what the terminal shows now.
screen() {
	tmux -S "$E2E_TMUX" capture-pane -p -t tend
}

# flat TEXT: TEXT as a person reads it, whatever the line breaks: box lines
# dropped and every run of white space (line breaks too) one space. Screen
# checks compare flat text, so none depends on where tend wrapped a line.
flat() {
	printf '%s' "$1" | tr '\n' ' ' |
		sed -e 's/[─│┌┐└┘├┤┬┴┼]/ /g' -e 's/[[:space:]]\{1,\}/ /g' -e 's/^ //' -e 's/ $//'
}

# screen_text: what the terminal shows now, as flat text.
screen_text() { flat "$(screen 2>/dev/null)"; }

# screen_wait MODE WHAT [TIMEOUT]: polls the screen every 0.1 s (default
# 5 s) until, in its flat text, MODE matches (F: the text WHAT, also flat;
# vF: the text gone; E: the extended regex WHAT, so write [^ ]* where a
# match must not run on across the screen); on timeout prints the screen as
# comments and returns 1.
screen_wait() {
	local mode=$1 what=$2 n=$(( ${3:-5} * 10 )) text
	[ "$mode" = E ] || what=$(flat "$what")
	[ -n "$what" ] || { diag "screen_wait: nothing to wait for"; return 1; }
	while [ "$n" -gt 0 ]; do
		text=$(screen_text)
		case $mode in
		F) [[ $text == *"$what"* ]] && return 0 ;;
		vF) [[ $text == *"$what"* ]] || return 0 ;;
		E) printf '%s' "$text" | grep -qE -e "$what" && return 0 ;;
		esac
		sleep 0.1
		n=$((n - 1))
	done
	diag "timed out waiting ($mode) for: $what" "---- screen ----" "$(screen 2>&1)" \
		"----------------"
	return 1
}

# wait_for TEXT [TIMEOUT]: until the screen shows TEXT.
wait_for() { screen_wait F "$@"; }
# wait_gone TEXT [TIMEOUT]: until the screen no longer shows TEXT.
wait_gone() { screen_wait vF "$@"; }
# wait_re REGEX [TIMEOUT]: until the screen matches the extended REGEX.
wait_re() { screen_wait E "$@"; }

# reads NAME TEXT NEEDLE / reads_not NAME TEXT NEEDLE: one test: NEEDLE is
# (not) in TEXT (a screen or a document), both read as flat text.
reads() { has "$1" "$(flat "$2")" "$(flat "$3")"; }
reads_not() { lacks "$1" "$(flat "$2")" "$(flat "$3")"; }

# doc_text: the whole document on a scrolling screen (an opened check-in or
# entry, help) as flat text, read as a person reads it: from the top (g),
# then page by page (PgDn) until its "a-b of n" shows row n, each page's
# rows put at their place in the document. Leaves the document at its end;
# returns 1 (the screen shown as comments) when a page did not come.
doc_text() {
	local -a rows doc=()
	local pos a=0 b n r tries last=
	keys g
	while :; do
		# Wait for the page asked for: the top one first, then one further on.
		for ((tries = 50; tries > 0; tries--)); do
			mapfile -t rows < <(screen 2>/dev/null)
			pos=$(printf '%s' "${rows[0]:-}" | grep -oE '[0-9]+-[0-9]+ of [0-9]+$')
			if [ -z "$pos" ]; then
				[ -z "$last" ] && break # it fits on one page
			elif [ -z "$last" ] && [ "${pos%%-*}" -eq 1 ]; then
				break
			elif [ -n "$last" ] && [ "${pos%%-*}" -gt "$a" ]; then
				break
			fi
			sleep 0.1
		done
		if [ "$tries" -eq 0 ]; then
			diag "doc_text: no page after row $a" "---- screen ----" "$(screen 2>&1)"
			return 1
		fi
		if [ -z "$pos" ]; then # title, rule, the document, the key line
			flat "$(printf '%s\n' "${rows[@]:2:${#rows[@]}-3}")"
			return 0
		fi
		a=${pos%%-*} b=${pos#*-} b=${b%% *} n=${pos##* } last=$pos
		for ((r = a; r <= b; r++)); do
			doc[r]=${rows[2 + r - a]:-}
		done
		[ "$b" -lt "$n" ] || break
		keys NPage
	done
	flat "$(printf '%s\n' "${doc[@]}")"
}

# calendar_marks: home's calendar of the last eight weeks, its marks in
# reading order (oldest first), e.g. "...#~o@" (# done, + short, ~ rest,
# o time-out, @ tonight): found by the shape of its rows ("Nov 22 " then up
# to seven marks: the week of tonight ends on it), wherever the screen puts
# it.
calendar_marks() {
	screen 2>/dev/null | grep -oE '[A-Z][a-z]{2} [ 0-9][0-9]( [.#+~o@]){1,7}' |
		cut -c 7- | tr -d ' \n'
}

# tmux_pid [NAME]: the pid of the process called NAME (default: the base name
# of $TEND) under the session's shell: tend itself.
tmux_pid() {
	local want=${1:-$(basename "$TEND")} todo pid kids
	todo=$(tmux -S "$E2E_TMUX" display -p -t tend '#{pane_pid}' 2>/dev/null) || return 1
	while [ -n "$todo" ]; do
		set -- $todo
		pid=$1
		shift
		todo="$*"
		if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$want" ]; then
			echo "$pid"
			return 0
		fi
		kids=$(cat /proc/"$pid"/task/*/children 2>/dev/null)
		todo="$todo $kids"
		todo=${todo# }
	done
	return 1
}

# kill_tend: tend in the tmux session killed outright (SIGKILL: nothing of
# its own runs), as a test; $pid is the pid it had.
kill_tend() {
	pid=$(tmux_pid)
	if [ -n "$pid" ]; then
		kill -KILL "$pid"
		ok "tend's pid is found ($pid) and killed"
	else
		not_ok "tend's pid is found"
	fi
}

# tmux_wait_exit [TIMEOUT]: waits (default 5 s) for the command to end and
# prints its exit status; returns 1 on timeout.
tmux_wait_exit() {
	local n=$(( ${1:-5} * 10 ))
	while [ "$n" -gt 0 ]; do
		if [ -s "$E2E_DIR/tmux.rc" ]; then
			cat "$E2E_DIR/tmux.rc"
			return 0
		fi
		sleep 0.1
		n=$((n - 1))
	done
	return 1
}

# tmux_stop: kills the private tmux server (and with it the command).
tmux_stop() {
	[ -n "$E2E_TMUX" ] && tmux -S "$E2E_TMUX" kill-server 2>/dev/null
	E2E_TMUX=
	return 0
}

# tmux_resize W H: resizes the session's window to W x H (the window size
# becomes manual, so it stays so without a client).
tmux_resize() {
	tmux -S "$E2E_TMUX" resize-window -t tend -x "$1" -y "$2"
}

# screen_blank: true when the screen shows nothing but blank lines (a dead
# pane may add tmux's own "Pane is dead" line).
screen_blank() {
	! screen 2>/dev/null | grep -v -e '^Pane is dead' | grep -q '[^[:space:]]'
}

# big_clock: the time the timer screen shows in its block digits, e.g.
# "0:03" or "1:01"; returns 1 when there are none. The font (src/ui/draw.c)
# is 3 x 5 pixels a digit and 1 x 5 for ':', a gap of one pixel between
# glyphs; at scale K (larger on a larger window) a pixel is 2K columns wide
# and K rows high.
big_clock() {
	local -a rows px
	local font=("###|# #|# #|# #|###" " # |## | # | # |###" "###|  #|###|#  |###"
		"###|  #|###|  #|###" "# #|# #|###|  #|  #" "###|#  |###|  #|###"
		"###|#  |###|# #|###" "###|  #|  #|  #|  #" "###|# #|###|# #|###"
		"###|# #|###|  #|###")
	local first=-1 start=-1 i r k d s line g out= n=0 sc
	mapfile -t rows < <(screen 2>/dev/null)
	for ((i = 0; i < ${#rows[@]}; i++)); do
		case ${rows[i]} in
		*█*) [ "$first" -lt 0 ] && first=$i; n=$((n + 1)) ;;
		*) [ "$first" -ge 0 ] && break ;;
		esac
	done
	[ "$first" -ge 0 ] && [ $((n % 5)) -eq 0 ] || return 1
	sc=$((n / 5))
	for ((r = 0; r < n; r++)); do
		line=${rows[first + r]:-}
		s=${line%%█*}
		[ "$s" = "$line" ] && continue
		if [ "$start" -lt 0 ] || [ "${#s}" -lt "$start" ]; then
			start=${#s}
		fi
	done
	for ((r = 0; r < 5; r++)); do
		line=${rows[first + r * sc]:-}
		s=
		for ((k = start; k < ${#line}; k += 2 * sc)); do
			if [ "${line:k:1}" = █ ]; then s="$s#"; else s="$s "; fi
		done
		px[r]="$s    "
	done
	k=0
	while [ "$k" -lt "${#px[0]}" ]; do
		g="${px[0]:k:3}|${px[1]:k:3}|${px[2]:k:3}|${px[3]:k:3}|${px[4]:k:3}"
		for ((d = 0; d < 10; d++)); do
			[ "$g" = "${font[d]}" ] && break
		done
		if [ "$d" -lt 10 ]; then
			out=$out$d
			k=$((k + 4))
		elif [ "${px[0]:k:1}${px[1]:k:1}${px[2]:k:1}${px[3]:k:1}${px[4]:k:1}" = " # # " ]; then
			out=$out:
			k=$((k + 2))
		else
			break
		fi
	done
	[ -n "$out" ] || return 1
	echo "$out"
}

# screen_find TEXT: "ROW COL" (from 0, COL in characters) where TEXT first
# shows on the screen, reading rows top to bottom; returns 1 when it is not
# there. screen_last_row PATTERN: the last row whose text matches the
# extended PATTERN. For checks of where a screen puts things.
screen_find() {
	local -a rows
	local i pre
	mapfile -t rows < <(screen 2>/dev/null)
	for ((i = 0; i < ${#rows[@]}; i++)); do
		if [[ ${rows[i]} == *"$1"* ]]; then
			pre=${rows[i]%%"$1"*}
			echo "$i ${#pre}"
			return 0
		fi
	done
	return 1
}
screen_last_row() {
	local -a rows
	local i
	mapfile -t rows < <(screen 2>/dev/null)
	for ((i = ${#rows[@]} - 1; i >= 0; i--)); do
		if printf '%s' "${rows[i]}" | grep -qE -e "$1"; then
			echo "$i"
			return 0
		fi
	done
	return 1
}

# block_box: "TOP BOTTOM LEFT RIGHT" of the block digits on the screen (rows
# and columns from 0, inclusive); returns 1 when there are none.
block_box() {
	local -a rows
	local i t=-1 b=-1 l=-1 r=-1 pre post line
	mapfile -t rows < <(screen 2>/dev/null)
	for ((i = 0; i < ${#rows[@]}; i++)); do
		line=${rows[i]}
		[[ $line == *█* ]] || continue
		[ "$t" -lt 0 ] && t=$i
		b=$i
		pre=${line%%█*}
		post=${line%█*}
		if [ "$l" -lt 0 ] || [ "${#pre}" -lt "$l" ]; then l=${#pre}; fi
		if [ "${#post}" -gt "$r" ]; then r=${#post}; fi
	done
	[ "$t" -ge 0 ] || return 1
	echo "$t $b $l $r"
}

# clock_seconds M:SS: the seconds of a clock.
clock_seconds() {
	local m=${1%%:*} s=${1##*:}
	echo $((10#$m * 60 + 10#$s))
}

# with_pass PASS CMD...: runs CMD (tend ...) with PASS on descriptor 3.
with_pass() {
	local pass=$1
	shift
	"$@" --passphrase-fd 3 3<<<"$pass"
}

# py_checks WANT PROGRAM ARGS...: runs the python3 PROGRAM (a file; $PY,
# when a script sets it, else python3), which
# prints "PASS name" or "FAIL name: detail" lines: one test each. A program
# that stops early (an exception) or gives other than WANT tests fails.
py_checks() {
	local want=$1 line n=0 rc=
	shift
	while IFS= read -r line; do
		case $line in
		"PASS "*) ok "${line#PASS }"; n=$((n + 1)) ;;
		"FAIL "*) not_ok "${line#FAIL }"; n=$((n + 1)) ;;
		"EXIT "*) rc=${line#EXIT } ;;
		*) diag "$line" ;;
		esac
	done < <("${PY:-python3}" "$@" 2>&1; echo "EXIT $?")
	[ "$rc" = 0 ] && [ "$n" -eq "$want" ] ||
		not_ok "python3 $(basename "$1") ran through" "exit status $rc, $n of $want tests"
}

# set_up NAME1 PASS1 NAME2 PASS2: `tend init` of the couple on $TEND_DB with
# the quick key derivation, and a test that it worked (tend stats).
set_up() {
	"$TEND" init --partner "$1" --partner "$3" --kdf interactive --passphrase-fd 3 \
		3<<<"$2"$'\n'"$4" >/dev/null 2>&1
	check "the couple is set up (tend init)" "$TEND" stats
}

# skip_to_saved [NOTE]: from the first partner's "press Enter when you are
# ready" on, as a couple with little time ends: both skip their reflections
# (s), no note (or NOTE), no pillar ticked. Leaves "Saved." up; returns 1
# when a screen did not come.
skip_to_saved() {
	wait_for "the next one is yours" || return 1
	keys s
	wait_re "'s\. Please look away" || return 1
	keys s
	wait_for "A note for you both" || return 1
	[ -n "${1:-}" ] && keys "$1"
	keys C-d
	wait_for "Which of these felt alive tonight?" || return 1
	keys Enter
	wait_for "Saved." || return 1
}

# quick_checkin [NOTE]: from home, a check-in of tests/fixtures/e2e.plan that just
# counts: both confirm once the arrive step has run out (its 3 s count), the
# turns run to the fifth step, then the couple ends it (q, y: 10 of the
# plan's 15 s ran, two thirds), both skip their reflections (s), write no
# note (or NOTE) and tick no pillar (nothing is ticked for them: a pillar counts only
# when ticked). Leaves the "Saved." screen up; returns 1 (the screen shown
# as comments) when a screen did not come.
quick_checkin() {
	keys c
	wait_for "press 2 when you are here" || return 1
	wait_for "Waiting for both of you" || return 1
	keys 1 2
	wait_for "turn 5 of 6" 10 || return 1
	keys q
	wait_for "End now?" || return 1
	keys y
	skip_to_saved "${1:-}"
}

# reflect_unlock NAME PASS: at the screen before NAME's reflections, NAME
# unlocks (Enter, then their passphrase) and their reflections open;
# returns 1 (the screen shown as comments) when a screen did not come.
reflect_unlock() {
	wait_for "$1, press Enter when you are ready to write" || return 1
	keys Enter
	wait_for "$1's passphrase" || return 1
	keys "$2" Enter
	wait_for "$1's reflections" 10 || return 1
}

# The plan of the screen tests: six short steps, 15 s in all.
E2E_PLAN=$PWD/tests/fixtures/e2e.plan

# tui [--at TIME] [ARG...]: tend's screens in tmux (80 x 24) on $TEND_DB with
# the e2e plan and the quick key derivation, at the suite's wall clock or,
# with --at, at TIME ("2026-11-25 21:00:00", local; see faked).
tui() {
	local pre=()
	if [ "${1:-}" = --at ]; then
		pre=(env FAKETIME="$2")
		shift 2
	fi
	tmux_start "${pre[@]}" "$TEND" --plan "$E2E_PLAN" --kdf interactive "$@"
}

# needs COMMAND WHY: when COMMAND is not installed, one failed test saying
# WHY it is needed, and the script ends there.
needs() {
	command -v "$1" >/dev/null 2>&1 && return 0
	not_ok "$1 is installed" "$2"
	done_testing
	exit
}

# uses COMMAND...: the tools a script's checks call (scripts/install-deps.sh,
# run by make check, installs them all). Each one missing is one failed test
# naming it, and stands in as a command that fails, so every check using it
# fails too: a test never passes or skips without a word for want of a tool.
uses() {
	local t
	for t in "$@"; do
		command -v "$t" >/dev/null 2>&1 && continue
		not_ok "$t is installed" \
			"the checks of $E2E_NAME.sh use it; scripts/install-deps.sh (make check) installs it"
		eval "$t() { echo '$t: not installed' >&2; return 127; }"
	done
}

# journal_as KEY NAME PASS: from home, opens NAME's journal (KEY: 1 or 2 on
# "Who is reading?") with PASS; returns 1 when a screen on the way did not
# come.
journal_as() {
	wait_for "Tonight: not yet" || return 1
	keys j
	wait_for "Who is reading?" || return 1
	keys "$1"
	wait_for "$2's passphrase" || return 1
	keys "$3" Enter
}

# quit_clean NAME STRING...: after tend was told to quit: it exits 0 within
# 5 s, and the screen it leaves is blank and shows none of the STRINGs (what
# was typed). Three tests.
quit_clean() {
	local name=$1 rc scr s found=
	shift
	if ! rc=$(tmux_wait_exit 5); then
		not_ok "$name: tend exits" "---- screen ----" "$(screen 2>&1)"
		return 0
	fi
	same "$name: tend exits 0" "$rc" 0
	scr=$(screen_text)
	if screen_blank; then
		ok "$name: the screen is cleared"
	else
		not_ok "$name: the screen is cleared" "---- screen ----" "$(screen 2>&1)"
	fi
	for s in "$@"; do
		[[ $scr == *"$(flat "$s")"* ]] && found="$found '$s'"
	done
	if [ -z "$found" ]; then
		ok "$name: no typed text left on the screen ($# strings)"
	else
		not_ok "$name: no typed text left on the screen" "found:$found"
	fi
}

# see NAME TEXT [TIMEOUT]: one test: the screen shows TEXT within TIMEOUT
# seconds (default 5). see_re: the same for an extended regular expression.
# unseen NAME TEXT: one test: the screen does not show TEXT now. All three
# read the screen as flat text (see flat).
see() {
	if wait_for "$2" "${3:-5}"; then ok "$1"; else not_ok "$1"; fi
}
see_re() {
	if wait_re "$2" "${3:-5}"; then ok "$1"; else not_ok "$1"; fi
}
unseen() {
	reads_not "$1" "$(screen 2>&1)" "$2"
}
