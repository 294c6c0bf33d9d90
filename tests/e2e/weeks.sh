#!/usr/bin/env bash
# weeks.sh: home's calendar of the last eight weeks starts each week on the
# locale's first weekday (LC_TIME, as glibc's locale data says), and every
# weekday keeps its column from night to night. In C.UTF-8 (the suite's
# locale: Sunday, as glibc says for C and POSIX), en_US.UTF-8 (Sunday) and
# de_DE.UTF-8 (Monday), the last two built by localedef into a folder of the
# test's own (LOCPATH), so nothing of the machine's changes; each on a
# Wednesday, the Thursday after and the Sunday after. A check-in saved on
# Monday 2026-11-23 must show under "M", tonight under its own weekday.
. "$(dirname "$0")/lib.sh"

PA='weeks Ana 1 fig'
PB='weeks Ben 2 date'

needs localedef "it builds the locales tend is run in here (libc-bin)"
needs sqlite3 "this test saves a check-in on a chosen night by hand"
LOC=$E2E_DIR/locale
mkdir -p "$LOC"
for l in en_US de_DE; do
	check "localedef builds $l.UTF-8 (its source is in the locales package)" \
		localedef -c -i "$l" -f UTF-8 "$LOC/$l.UTF-8"
done

set_up Ana "$PA" Ben "$PB"
monday=$(($(date -u -d 2026-11-23 +%s) / 86400))
check "a check-in that counted is saved on Monday 2026-11-23" sqlite3 "$TEND_DB" "
	INSERT INTO checkin (night, started, plan, planned_s, ran_s, first, pillars, counted,
		state, step, step_left_ms, step_len_ms, ran_ms, confirmed, phase, cards)
	VALUES ($monday, $monday * 86400 + 75600, 'e2e', 900, 900, 0, 0, 1,
		1, 0, 0, 0, 900000, 3, 3, X'');"

# cal_read: from home's calendar on the screen, sets HEAD (the weekday
# letters as drawn, "S M T W T F S"), LAST (the last row's label: the first
# night of tonight's week), AT (the letter above tonight's @) and DONE (the
# letter above the # of the check-in); returns 1 when there is no calendar.
cal_read() {
	local -a rows
	local i top=-1 c0 r line col
	HEAD= LAST= AT= DONE=
	mapfile -t rows < <(screen 2>/dev/null)
	for ((i = 0; i < ${#rows[@]}; i++)); do
		if [[ ${rows[i]} == *"Last 8 weeks"* ]]; then
			top=$i
			line=${rows[i]%%Last 8 weeks*}
			c0=${#line}
			break
		fi
	done
	[ "$top" -ge 0 ] || return 1
	HEAD=${rows[top + 1]:c0 + 7:13}
	for ((r = top + 2; r < top + 10; r++)); do
		line=${rows[r]:c0:20}
		LAST=${line:0:6}
		for ((col = 7; col < 20; col += 2)); do
			case ${line:col:1} in
			@) AT=${HEAD:col - 7:1} ;;
			\#) DONE=${HEAD:col - 7:1} ;;
			esac
		done
	done
}

# week_check LOCALE TIME HEAD LAST AT: home in LOCALE at TIME shows the
# weekday letters HEAD, a last row from LAST, and tonight under AT.
week_check() {
	local loc=$1 when=$2 head=$3 last=$4 at=$5 env=(env LC_ALL="$1" FAKETIME="$2")
	[ "$loc" = C.UTF-8 ] || env+=(LOCPATH="$LOC")
	tmux_start "${env[@]}" "$TEND" --plan "$E2E_PLAN" --kdf interactive
	if ! wait_for "Last 8 weeks"; then
		not_ok "$loc, ${when:0:10}: home shows the calendar"
		return
	fi
	cal_read
	same "$loc, ${when:0:10}: the weeks start on ${head:0:1}" "$HEAD" "$head"
	same "$loc, ${when:0:10}: tonight's week begins on $last" "$LAST" "$last"
	same "$loc, ${when:0:10}: tonight (@) stands under its weekday, $at" "$AT" "$at"
	same "$loc, ${when:0:10}: Monday's check-in (#) stands under M" "$DONE" M
	keys q
	tmux_wait_exit >/dev/null || not_ok "$loc, ${when:0:10}: tend quits"
}

SUN="S M T W T F S" MON="M T W T F S S"
for loc in C.UTF-8 en_US.UTF-8; do
	week_check "$loc" "2026-11-25 21:00:00" "$SUN" "Nov 22" W
	week_check "$loc" "2026-11-26 21:00:00" "$SUN" "Nov 22" T
	week_check "$loc" "2026-11-29 21:00:00" "$SUN" "Nov 29" S
done
week_check de_DE.UTF-8 "2026-11-25 21:00:00" "$MON" "Nov 23" W
week_check de_DE.UTF-8 "2026-11-26 21:00:00" "$MON" "Nov 23" T
week_check de_DE.UTF-8 "2026-11-29 21:00:00" "$MON" "Nov 23" S
# At 03:30 it is still the Sunday night: the day boundary holds here too.
week_check de_DE.UTF-8 "2026-11-30 03:30:00" "$MON" "Nov 23" S
week_check de_DE.UTF-8 "2026-11-30 21:00:00" "$MON" "Nov 30" M

done_testing
