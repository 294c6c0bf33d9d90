#!/usr/bin/env bash
# calendar.sh: shared time. The couple sets when they meet (tend set
# ritual-time, weekly-day, date-night, date-time) and `tend calendar`
# writes it as an iCalendar file, read back here with python3's icalendar
# package: three weekly events (two with date night off) starting on the
# right dates from tonight's night at floating local times, their lengths
# and alarms, CRLF lines of at most 75 octets, and no name, passphrase or
# typed text in it. Bad values are usage errors that change nothing; the
# file never goes over the database or a file tend did not write.
. "$(dirname "$0")/lib.sh"

PA='calendar key Zoë 1'    # Zoë's passphrase
PB='calendar key 美咲 2'   # 美咲's passphrase
TYPED='our secret trip to Lisbon'
DB=$TEND_DB
ICS=$E2E_DIR/tend.ics
NIGHT=$(test_night)
# tend's clock in UTC, as its DTSTAMP says it.
STAMP=$(date -u -d "@$(date -d "$TEND_TEST_DATE" +%s)" +%Y%m%dT%H%M%SZ)

# The icalendar package comes with Debian's python3 (python3-icalendar,
# installed by scripts/install-deps.sh); a python3 earlier on PATH may lack
# it. Missing, every check below fails: this test never skips.
PY=
for p in /usr/bin/python3 python3; do
	if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import icalendar' 2>/dev/null; then
		PY=$p
		break
	fi
done
if [ -n "$PY" ]; then
	ok "python3 with the icalendar package is installed ($PY)"
else
	not_ok "python3 with the icalendar package is installed" \
		"$(command -v python3 >/dev/null 2>&1 && echo "python3 is there but cannot import icalendar" ||
			echo "python3 is missing")" \
		"install the Debian package python3-icalendar (scripts/install-deps.sh does)"
	PY=false
fi

# The checks, one "PASS name" or "FAIL name: detail" line each.
cat >"$E2E_DIR/check_ics.py" <<'EOF'
# check_ics.py FILE NIGHT STAMP RITUAL WEEKLY DATE_DAY DATE_TIME BOUNDARY SECRET...
# NIGHT: tonight's night (YYYY-MM-DD), STAMP: tend's clock in UTC
# (YYYYMMDDTHHMMSSZ), RITUAL, DATE_TIME, BOUNDARY: HH:MM, WEEKLY: mon..sun,
# DATE_DAY: mon..sun or off. SECRET: strings that must not be in the file.
import datetime as dt
import sys

import icalendar

path, night, stamp, ritual, weekly, date_day, date_time, boundary = sys.argv[1:9]
secrets = sys.argv[9:]
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]  # Python's weekday()
CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def check(name, cond, detail=""):
    print(("PASS %s" % name) if cond else ("FAIL %s: %s" % (name, detail)))


def hhmm(s):
    return dt.time(int(s[:2]), int(s[3:]))


raw = open(path, "rb").read()
tonight = dt.date.fromisoformat(night)
bound = hhmm(boundary)

# The bytes: CRLF line ends only, folded at 75 octets, UTF-8.
lines = raw.split(b"\r\n")
check("the file ends with CRLF", raw.endswith(b"\r\n"), repr(raw[-20:]))
bare = [i for i, l in enumerate(lines) if b"\n" in l or b"\r" in l]
check("every line ends with CRLF (no bare LF or CR)", not bare, "lines %s" % bare[:5])
long = [(i, len(l)) for i, l in enumerate(lines) if len(l) > 75]
check("no line is longer than 75 octets", not long, "line, octets: %s" % long[:5])
try:
    raw.decode("utf-8")
    check("the file is UTF-8", True)
except UnicodeDecodeError as e:
    check("the file is UTF-8", False, str(e))
found = [s for s in secrets if s.encode() in raw or s.lower().encode() in raw.lower()]
check("no name, passphrase or typed text is in it (%d strings)" % len(secrets), not found,
      "found %s" % found)

cal = icalendar.Calendar.from_ical(raw)
check("VERSION:2.0", str(cal.get("VERSION")) == "2.0", cal.get("VERSION"))
check("PRODID is tend's", str(cal.get("PRODID")) == "-//tend//tend calendar//EN",
      cal.get("PRODID"))
check("CALSCALE:GREGORIAN, METHOD:PUBLISH",
      str(cal.get("CALSCALE")) == "GREGORIAN" and str(cal.get("METHOD")) == "PUBLISH")

events = {str(e.get("SUMMARY")): e for e in cal.walk("VEVENT")}
want = {
    "tend: nightly check-in": (ritual, [d for d in DAYS if d != weekly], 20),
    "tend: weekly talk": (ritual, [weekly], 45),
}
if date_day != "off":
    want["tend: date night"] = (date_time, [date_day], 120)
check("%d events" % len(want), sorted(events) == sorted(want), sorted(events))
uids = [str(e.get("UID")) for e in cal.walk("VEVENT")]
check("each event has its own UID", len(set(uids)) == len(uids) and all(uids), uids)

for summary, (at, nights, minutes) in sorted(want.items()):
    e = events.get(summary)
    if e is None:
        check("%s: is there" % summary, False, "missing")
        continue
    t = hhmm(at)
    shift = 1 if t < bound else 0  # before the boundary: the night before's
    wdays = sorted((DAYS.index(d) + shift) % 7 for d in nights)
    first = next(tonight + dt.timedelta(days=i) for i in range(7)
                 if DAYS[(tonight + dt.timedelta(days=i)).weekday()] in nights)
    first += dt.timedelta(days=shift)
    start = e.decoded("DTSTART")
    check("%s: DTSTART is a floating local time (no zone)" % summary,
          isinstance(start, dt.datetime) and start.tzinfo is None
          and "TZID" not in e["DTSTART"].params, repr(start))
    check("%s: starts %s at %s" % (summary, first, at),
          start == dt.datetime.combine(first, t), "got %s" % start)
    check("%s: on a day of its rule" % summary, start.weekday() in wdays,
          "%s is a %s" % (start.date(), DAYS[start.weekday()]))
    rule = e.get("RRULE")
    byday = sorted(CODES.index(c) for c in rule.get("BYDAY", []))
    check("%s: weekly on %s" % (summary, ",".join(CODES[d] for d in wdays)),
          rule.get("FREQ") == ["WEEKLY"] and byday == wdays
          and set(rule) == {"FREQ", "BYDAY"}, rule.to_ical())
    check("%s: lasts %d minutes" % (summary, minutes),
          e.decoded("DURATION") == dt.timedelta(minutes=minutes), e.get("DURATION"))
    check("%s: stamped at tend's clock, in UTC" % summary,
          e.decoded("DTSTAMP") == dt.datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(
              tzinfo=dt.timezone.utc), repr(e.decoded("DTSTAMP")))
    alarms = e.walk("VALARM")
    check("%s: an alarm ten minutes before" % summary,
          len(alarms) == 1 and str(alarms[0].get("ACTION")) == "DISPLAY"
          and alarms[0].decoded("TRIGGER") == dt.timedelta(minutes=-10),
          [a.to_ical() for a in alarms])
    desc = str(e.get("DESCRIPTION"))
    check("%s: says what it is in words" % summary, len(desc) > 40, desc)

weekly_desc = str(events.get("tend: weekly talk", {}).get("DESCRIPTION", ""))
check("the weekly talk mentions the parked topics and tend --plan weekly",
      "parked" in weekly_desc and "tend --plan weekly" in weekly_desc, weekly_desc)
EOF

# Checks per file: 10 for the whole, 8 per event, 1 at the end.
checks() { echo $((11 + 8 * $1)); }
SECRETS=(Zoë 美咲 "$PA" "$PB" "$TYPED" "calendar key")

# uids FILE: its UID lines, in order.
uids() { grep -a '^UID:' "$1" | tr -d '\r'; }

# ---- before setup -----------------------------------------------------------

run "$TEND" calendar -o "$ICS"
expect_rc "calendar without a database -> 1" 1
one_line_error "calendar without a database: one line 'tend: ...'"
same "... and writes no file" "$(ls "$ICS" 2>&1 >/dev/null | wc -l)" 1

set_up Zoë "$PA" 美咲 "$PB"
run "$TEND" write --as Zoë --shared "$TYPED"
expect_rc "a shared entry is written" 0

# ---- the defaults -----------------------------------------------------------

run "$TEND" calendar -o "$ICS"
expect_rc "calendar -o FILE with the defaults, no passphrase asked" 0
has "it says where the calendar is" "$OUT" "Your shared time is in $ICS"
has "... and what is in it" "$OUT" "the nightly check-in at 21:00, the weekly talk in its place on Sunday, and date night on Saturday at 19:00"
has "... and that it holds nothing private" "$OUT" "no names and nothing you wrote"
py_checks "$(checks 3)" "$E2E_DIR/check_ics.py" "$ICS" "$NIGHT" "$STAMP" 21:00 sun sat 19:00 04:00 "${SECRETS[@]}"
first_uids=$(uids "$ICS")

# ---- settings ---------------------------------------------------------------

run "$TEND" set ritual-time 20:30
expect_rc "set ritual-time 20:30" 0
run "$TEND" set weekly-day THURSDAY
expect_rc "set weekly-day THURSDAY (a full name, any case)" 0
run "$TEND" set date-night fri
expect_rc "set date-night fri" 0
run "$TEND" set date-time 18:45
expect_rc "set date-time 18:45" 0

# bad NAME SETTING VALUE MESSAGE: a usage error naming what the setting takes.
bad() {
	run "$TEND" set "$2" "$3"
	expect_rc "$1 -> 2" 2
	has "$1: says what $2 takes" "$ERR" "tend: $4"
}
bad "set ritual-time 25:00" ritual-time 25:00 "ritual-time takes the time of your nightly check-in as HH:MM, e.g. 21:00"
bad "set ritual-time 9pm" ritual-time 9pm "ritual-time takes"
bad "set ritual-time 21:60" ritual-time 21:60 "ritual-time takes"
bad "set ritual-time 21:00x" ritual-time 21:00x "ritual-time takes"
bad "set weekly-day someday" weekly-day someday "weekly-day takes a day of the week: mon, tue, wed, thu, fri, sat or sun"
bad "set weekly-day off" weekly-day off "weekly-day takes a day of the week"
bad "set weekly-day 0" weekly-day 0 "weekly-day takes a day of the week"
bad "set date-night never" date-night never "date-night takes a day of the week (mon, tue, wed, thu, fri, sat or sun) or off"
bad "set date-night fr" date-night fr "date-night takes a day of the week"
bad "set date-time 7" date-time 7 "date-time takes the time date night starts as HH:MM, e.g. 19:00"
bad "set date-time 24:00" date-time 24:00 "date-time takes"
run "$TEND" set weekly-day
expect_rc "set weekly-day without a value -> 0: it shows the value" 0
same "... the day as set, refused values leaving it so" "$OUT" "thu"
run "$TEND" set colour blue
has "an unknown setting lists the shared-time ones" "$ERR" "ritual-time, weekly-day, date-night, date-time"

run "$TEND" calendar -o "$ICS"
expect_rc "calendar -o replaces the calendar tend wrote" 0
has "it says the new times" "$OUT" "the nightly check-in at 20:30, the weekly talk in its place on Thursday, and date night on Friday at 18:45"
py_checks "$(checks 3)" "$E2E_DIR/check_ics.py" "$ICS" "$NIGHT" "$STAMP" 20:30 thu fri 18:45 04:00 "${SECRETS[@]}"
same "the same events as before: the UIDs stay" "$(uids "$ICS")" "$first_uids"

# ---- standard output --------------------------------------------------------

run "$TEND" calendar
expect_rc "calendar without -o writes to standard output" 0
if cmp -s "$E2E_DIR/out" "$ICS"; then
	ok "... the same bytes as the file"
else
	not_ok "... the same bytes as the file" "$(diff <(tr -d '\r' <"$E2E_DIR/out") <(tr -d '\r' <"$ICS"))"
fi
same "... and nothing on stderr" "$ERR" ""

# ---- date night off; a check-in after midnight ------------------------------

run "$TEND" set date-night off
expect_rc "set date-night off" 0
run "$TEND" set ritual-time 00:15
expect_rc "set ritual-time 00:15" 0
run "$TEND" set weekly-day sun
expect_rc "set weekly-day sun" 0
run "$TEND" calendar -o "$ICS"
expect_rc "calendar with date night off" 0
lacks "it does not mention date night" "$OUT" "date night"
# 00:15 belongs to the evening before (boundary 04:00): Sunday's talk is
# at 00:15 on Monday.
py_checks "$(checks 2)" "$E2E_DIR/check_ics.py" "$ICS" "$NIGHT" "$STAMP" 00:15 sun off 19:00 04:00 "${SECRETS[@]}"
same "the UIDs of the two events stay" "$(uids "$ICS")" "$(printf '%s\n' "$first_uids" | head -n 2)"

# ---- where it may not write -------------------------------------------------

sum_db=$(sha256sum "$DB" | cut -d' ' -f1)
run "$TEND" calendar -o "$DB"
expect_rc "calendar -o the database -> 1" 1
one_line_error "... one line 'tend: ...'"
has "... saying it is the database" "$ERR" "is the database itself"
same "... the database is untouched" "$(sha256sum "$DB" | cut -d' ' -f1)" "$sum_db"
check "... and still opens" "$TEND" stats
run "$TEND" calendar -o "$DB-wal"
expect_rc "calendar -o the database's -wal -> 1" 1

OTHER=$E2E_DIR/mine.ics
printf 'BEGIN:VCALENDAR\r\nPRODID:-//someone//else//EN\r\nEND:VCALENDAR\r\n' >"$OTHER"
sum_other=$(sha256sum "$OTHER" | cut -d' ' -f1)
run "$TEND" calendar -o "$OTHER"
expect_rc "calendar -o a calendar tend did not write -> 1" 1
has "... saying tend will not write over it" "$ERR" "is not a calendar tend wrote; tend will not write over it"
same "... it is untouched" "$(sha256sum "$OTHER" | cut -d' ' -f1)" "$sum_other"

run "$TEND" calendar -o "$E2E_DIR/none/tend.ics"
expect_rc "calendar -o into a missing folder -> 1" 1
one_line_error "... one line 'tend: ...'"

run "$TEND" calendar extra
expect_rc "calendar with an argument -> 2" 2
run "$TEND" calendar --as Zoë
expect_rc "calendar --as -> 2" 2
has "... --as is not one of its options" "$ERR" "--as is not an option of calendar"

leftovers=$(find "$E2E_DIR" -maxdepth 1 -name '.*tend*' | wc -l)
same "no half-written file is left behind" "$leftovers" 0

assert_no_plaintext "$DB" "$PA" "$PB" "$TYPED"

done_testing
