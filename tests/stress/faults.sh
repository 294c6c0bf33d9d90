#!/usr/bin/env bash
# faults.sh: tend under injected I/O faults (libfiu: every POSIX I/O call,
# read, write, open, fsync, pread..., fails at random with probability P,
# as `fiu-run -x -c 'enable_random name=posix/io/*,probability=P'` does).
# STRESS_FAULTS runs (default 500) of `tend write`, `read`, `backup` and
# `restore` at a random P of 0.2-5 %, and STRESS_FAULT_CHECKINS check-ins
# (default 10) under faults from their start to their save (switched on
# in the running tend with fiu-ctrl once home is up). No run may crash (a
# signal, a sanitizer report). What a run acknowledged (exit 0) must hold:
# a write reads back, a read shows every acknowledged write, a restore
# gives the backup whole (a backup that exited 0 is the one restored), a
# check-in that said "Saved." is saved. A run that failed must break
# nothing: a failed restore leaves a database that verifies, a check-in
# that did not say "Saved." is saved, offered back, or was never begun.
# Then the database is intact and every acknowledged write reads back.
. "$(dirname "$0")/lib.sh"

FIU_LIB=/usr/lib/fiu
if ! command -v fiu-ctrl >/dev/null || [ ! -e "$FIU_LIB/fiu_posix_preload.so" ]; then
	not_ok "libfiu is installed (scripts/install-deps.sh installs fiu-utils, libfiu-dev)"
	done_testing
fi
BIN=$TEND_BIN
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
# libfiu's random faults and AddressSanitizer cannot share a process: any
# ASan program, even one that only opens and writes a file, dies of SIGSEGV
# at its first injected fault. So the fault loop drives a plain build.
if ldd "$BIN" 2>/dev/null | grep -q libasan; then
	not_ok "the fault loop needs a tend built without sanitizers" \
		"libfiu crashes any ASan program; run TEND_BIN=build/tend bash tests/stress/faults.sh"
	done_testing
fi
FIFO=$E2E_DIR/fiu-ctrl

# faulty P ARGS...: tend ARGS with faults at probability P, its wall clock
# started at the tests' instant. The variables fiu-run would set, set here,
# so that the fault library and libfaketime are both preloaded in tend
# itself (fiu-run sets LD_PRELOAD whole, and a wrapper shell under faults
# would fail first). The clock runs on ("@"): stopped, libfiu's random
# choice fails every call, whatever P. A run takes well under a second, so
# the loop stays within the test night.
faulty() {
	local p=$1
	shift
	env FIU_ENABLE="enable_random name=posix/io/*,probability=$p" FIU_CTRL_FIFO="$FIFO" \
		LD_PRELOAD="$FIU_LIB/fiu_run_preload.so $FIU_LIB/fiu_posix_preload.so $E2E_LIBFAKETIME" \
		FAKETIME="@$TEND_TEST_DATE" DONT_FAKE_MONOTONIC=1 "$BIN" "$@"
}

probs=(0.002 0.005 0.01 0.02 0.05)
n=${STRESS_FAULTS:-500}
ack=$E2E_DIR/acked
: >"$ack"
declare -A ran ok
crashes=0 badread=0 badbackup=0 badrestore=0 lostsave=0
good_backup= good_acked=
restored=$E2E_DIR/restored.db
for ((i = 1; i <= n; i++)); do
	p=${probs[RANDOM % ${#probs[@]}]}
	r=$((RANDOM % 100))
	[ "$r" -ge 80 ] && [ -z "$good_backup" ] && r=70 # nothing to restore yet: back up
	if [ "$r" -lt 45 ]; then
		op=write text="fault-loop write $i of $STRESS_SEED"
		faulty "$p" write --as Zoë --shared "$text" >/dev/null 2>"$E2E_DIR/err" </dev/null
		rc=$?
		[ "$rc" -eq 0 ] && echo "$text" >>"$ack"
		[ -n "${STRESS_DEBUG:-}" ] && diag "write rc=$rc $(cat "$E2E_DIR/err")"
	elif [ "$r" -lt 65 ]; then
		op=read
		faulty "$p" read --as Zoë --passphrase-fd 3 3<<<"$PA" >"$E2E_DIR/read.out" \
			2>"$E2E_DIR/err" </dev/null
		rc=$?
		if [ "$rc" -eq 0 ] && [ "$(lost "$ack")" -ne 0 ]; then
			badread=$((badread + 1))
			diag "run $i: read exited 0 without every acknowledged write"
		fi
	elif [ "$r" -lt 80 ]; then
		op=backup
		f=$E2E_DIR/b-$i.tbk
		faulty "$p" backup "$f" >/dev/null 2>"$E2E_DIR/err" </dev/null
		rc=$?
		if [ "$rc" -eq 0 ]; then
			[ -n "$good_backup" ] && rm -f "$good_backup"
			good_backup=$f
			cp "$ack" "$E2E_DIR/acked-at-backup"
		fi
	else
		op=restore
		faulty "$p" --db "$restored" restore "$good_backup" --replace --passphrase-fd 3 \
			3<<<"$PB" >/dev/null 2>"$E2E_DIR/err" </dev/null
		rc=$?
		if [ "$rc" -eq 0 ]; then
			# what was restored is the backup, whole
			if ! "$TEND" --db "$restored" verify >/dev/null 2>&1 || ! read_all "$restored" ||
				[ "$(lost "$E2E_DIR/acked-at-backup")" -ne 0 ]; then
				badrestore=$((badrestore + 1))
				diag "run $i: restore exited 0 but the database is not the backup"
			fi
		elif [ -e "$restored" ] && ! "$TEND" --db "$restored" verify >/dev/null 2>&1; then
			badrestore=$((badrestore + 1))
			diag "run $i: a failed restore left a database that does not verify"
		fi
		rm -f "$restored".before-restore-*
	fi
	ran[$op]=$((${ran[$op]:-0} + 1))
	[ "$rc" -eq 0 ] && ok[$op]=$((${ok[$op]:-0} + 1))
	if crashed "$rc"; then
		crashes=$((crashes + 1))
		diag "run $i: $op at P=$p crashed (status $rc): $(head -c 300 "$E2E_DIR/err")"
	fi
	# a backup that did not complete leaves nothing to restore
	[ "$op" = backup ] && [ "$rc" -ne 0 ] && rm -f "$f"
done

# ---- check-ins whose end and save run under faults --------------------------
nc=${STRESS_FAULT_CHECKINS:-10}
csaved=0 coffered=0 cnever=0
for ((i = 1; i <= nc; i++)); do
	p=${probs[RANDOM % ${#probs[@]}]}
	tmux_start env FIU_CTRL_FIFO="$FIFO" \
		LD_PRELOAD="$FIU_LIB/fiu_run_preload.so $FIU_LIB/fiu_posix_preload.so $E2E_LIBFAKETIME" \
		FAKETIME="@$TEND_TEST_DATE" DONT_FAKE_MONOTONIC=1 \
		"$BIN" --plan "$E2E_PLAN" --kdf interactive
	if ! wait_for "Tonight:" 10; then
		not_ok "fault check-in $i: home comes up"
		tmux_stop
		continue
	fi
	pid=$(tmux_pid "$(basename "$BIN")")
	before=$(sqlite3 -readonly "$TEND_DB" 'SELECT count(*) FROM checkin WHERE state = 1')
	# From here on, the check-in's begin, turns, end and save see faults.
	fiu-ctrl -f "$FIFO" -c "enable_random name=posix/io/*,probability=$p" "$pid"
	quick_checkin >/dev/null 2>&1
	said_saved=$?
	fiu-ctrl -f "$FIFO" -c "disable name=posix/io/*" "$pid" 2>/dev/null
	kill -TERM "$pid" 2>/dev/null
	rc=$(tmux_wait_exit 5)
	if [ -n "$rc" ] && crashed "$rc"; then
		crashes=$((crashes + 1))
		diag "fault check-in $i at P=$p crashed (status $rc)"
	fi
	tmux_stop
	# Without faults: saved, or offered back (then discarded), or never
	# begun (its first save failed, and it said so).
	after=$(sqlite3 -readonly "$TEND_DB" 'SELECT count(*) FROM checkin WHERE state = 1')
	tui
	wait_re "Tonight:|was interrupted" 10
	if [ "$after" -gt "$before" ]; then
		csaved=$((csaved + 1))
	elif screen_text | grep -q "was interrupted"; then
		coffered=$((coffered + 1))
		keys d && wait_for "Discard the interrupted check-in?" && keys y && wait_for "Discarded."
	elif [ "$said_saved" -eq 0 ]; then
		lostsave=$((lostsave + 1))
		not_ok "fault check-in $i (P=$p) said Saved. but is neither saved nor offered back"
	else
		cnever=$((cnever + 1))
	fi
	tmux_stop
done

intact "after $n runs and $nc check-ins under faults"
read_all
same "Zoë's read, without faults, exits 0" "$?" 0
nlost=$(lost "$ack")
acked=$(wc -l <"$ack")
same "no acknowledged write is lost ($acked acknowledged)" "$nlost" 0
same "no run crashed" "$crashes" 0
same "every read that exited 0 showed every acknowledged write" "$badread" 0
same "every restore that exited 0 gave the backup whole; a failed one broke nothing" \
	"$badrestore" 0
same "every check-in under faults was saved or offered back" "$lostsave" 0
for op in write read backup restore; do
	echo "# $op: ${ran[$op]:-0} runs, ${ok[$op]:-0} exited 0"
done
echo "# fault loop: $n runs (+ $nc check-ins: $csaved saved, $coffered offered back, $cnever never begun), $acked acknowledged writes, $nlost lost, $crashes crashes"
done_testing
