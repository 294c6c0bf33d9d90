#!/usr/bin/env bash
# seeds.sh: makes the seed inputs of the db and backup fuzz targets with the
# real tend, as a couple would: set up, journal entries (private and
# shared), one saved check-in, one interrupted by kill -9 (a draft), a rest
# night and settings changed; then a backup of it. Run from the repository
# root when the database format changes:
#     TEND_BIN=build/tend bash tests/fuzz/seeds.sh
# It writes tests/fuzz/corpus/db/real.db and tests/fuzz/corpus/backup/real.tbk
# (passphrases: PA and PB below, FUZZ_PASS_A and _B in fuzz.h: the db and
# backup targets unlock them with those).
. "$(dirname "$0")/../e2e/lib.sh"

PA='fuzz seed key Zoë 1'
PB='fuzz seed key Łukasz 2'
out=tests/fuzz/corpus

"$TEND" init --partner Zoë --partner Łukasz --kdf interactive --passphrase-fd 3 \
	3<<<"$PA"$'\n'"$PB" >/dev/null 2>&1 || { echo "init failed"; exit 1; }
with_pass "$PA" "$TEND" write --as Zoë 'a private line, Zoë' >/dev/null
"$TEND" write --as Łukasz --shared 'a shared line from Łukasz' >/dev/null
"$TEND" set rest-window 5 >/dev/null
"$TEND" set date-night fri >/dev/null

# one saved check-in yesterday, one interrupted tonight
tui --at "$(nights_later -1)"
wait_for "Tonight: not yet" || exit 1
quick_checkin || exit 1
keys Enter
wait_for "Tonight: done" || exit 1
keys q
tmux_wait_exit 5 >/dev/null
tui
wait_for "Tonight: not yet" || exit 1
keys c
wait_for "Waiting for both of you" || exit 1
keys 1 2
wait_for "turn 3 of 6" 6 || exit 1
sleep 0.5
kill -KILL "$(tmux_pid)"
tmux_wait_exit 5 >/dev/null
tmux_stop

mkdir -p "$out/db" "$out/backup"
"$TEND" verify >/dev/null || { echo "the seed database does not verify"; exit 1; }
# The plan is named as tend ships it, not by this machine's path.
sqlite3 "$TEND_DB" "UPDATE checkin SET plan = 'quick'; PRAGMA wal_checkpoint(TRUNCATE); VACUUM;" \
	>/dev/null
cp "$TEND_DB" "$out/db/real.db"
# Copies with fields out of any range tend writes, behind its back (the
# draft step that overflowed once, negative and huge durations, nights,
# counts and settings), so the fuzzer starts from the checks themselves.
tamper() { # NAME SQL
	cp "$out/db/real.db" "$out/db/$1.db"
	sqlite3 "$out/db/$1.db" "PRAGMA ignore_check_constraints = 1; $2" >/dev/null
}
tamper step-min 'UPDATE checkin SET step = -2147483649 WHERE state = 0;'
tamper step-max 'UPDATE checkin SET step = 9223372036854775807, step_left_ms = -1,
	step_len_ms = 9223372036854775807 WHERE state = 0;'
tamper durations 'UPDATE checkin SET planned_s = -5, ran_s = 4294967296, ran_ms = -1,
	first = 7, pillars = 2147483648, counted = 5, phase = -3, confirmed = 99, ended = 9;'
tamper nights 'UPDATE checkin SET night = -9223372036854775808, started = -1;
	UPDATE entry SET night = 9223372036854775807, seq = -1, kind = 2147483648;
	INSERT INTO rest(night) VALUES (-1), (2147483648);'
tamper settings "UPDATE setting SET value = -9223372036854775808;
	UPDATE checkin SET cards = x'ffffffff00000080', topic = 9223372036854775807;"
"$TEND" backup "$E2E_DIR/real.tbk" >/dev/null || { echo "backup failed"; exit 1; }
cp "$E2E_DIR/real.tbk" "$out/backup/real.tbk"
ls -l "$out/db/real.db" "$out/backup/real.tbk"
