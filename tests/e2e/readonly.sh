#!/usr/bin/env bash
# readonly.sh: a database tend may read but not write, and databases tend
# refuses, driven through the real commands.
# - A read-only file (0400), a read-only folder and a read-only mount: stats,
#   read, export and verify each work, every one in turn (so a first run that
#   left a -shm in the way would fail the next), and afterwards the folder
#   lists the same files and the database is byte for byte as it was. A write
#   is refused as read-only, naming the file, and changes nothing. A copy
#   whose last writes are still in its -wal is read with them, or, without
#   its -shm, tend says how to read it.
# - A database from a newer tend, someone else's SQLite file and a damaged
#   one: every command refuses it, says which it is, and creates nothing
#   beside it (no -wal, no -shm).
# - Reads failing with EIO (libfiu, every pread): an I/O error naming the
#   file, never "damaged". (Not with a SAN=1 build: fiu-run cannot run one.)
# The permission cases run as the user nobody when the tests run as root
# (whom permissions do not stop); the mount needs root and unshare -m.
. "$(dirname "$0")/lib.sh"
uses sqlite3 python3 # copies made by hand, and a -wal left by another writer

PA='readonly test Alice 3'
PB='readonly test Bob 4'
SHARED='our shared line: the porch light'
PRIVATE='Bob alone: the blue mug'
SRC=$E2E_DIR/src.db

"$TEND" --db "$SRC" init --partner Alice --partner Bob --kdf interactive \
	--passphrase-fd 3 3<<<"$PA"$'\n'"$PB" >/dev/null 2>&1
run "$TEND" --db "$SRC" write --as Alice --shared "$SHARED"
expect_rc "set up, with a shared entry" 0
run with_pass "$PB" "$TEND" --db "$SRC" write --as Bob "$PRIVATE"
expect_rc "... and a private one of Bob's" 0

# as_user CMD...: CMD as the user the permission cases run as: nobody when
# we are root, else ourselves.
if [ "$(id -u)" -eq 0 ]; then
	as_user() { setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"; }
	OWNER=65534:65534
	chmod 0711 "$E2E_DIR" # nobody passes through to the folders below
	chmod 1777 "$E2E_DIR/san" # and may write a sanitizer report there
else
	as_user() { "$@"; }
	OWNER=
fi

# fresh_copy DIR: a folder DIR holding tend.db, a copy of the couple's
# database, owned by the user of as_user.
fresh_copy() {
	rm -rf "$1"
	mkdir -p "$1"
	sqlite3 "$SRC" ".backup '$1/tend.db'"
	[ -n "$OWNER" ] && chown -R "$OWNER" "$1"
	chmod 0700 "$1"
	chmod 0600 "$1/tend.db"
}

# reads_all LABEL DB [WRAP...]: every read command on DB (run through WRAP,
# e.g. as_user), each checked for what it shows, and a write refused.
reads_all() {
	local label=$1 db=$2
	shift 2
	run "$@" "$TEND" --db "$db" stats
	expect_rc "$label: stats works" 0
	has "$label: ... and shows the couple" "$OUT" "Alice and Bob"
	run "$@" "$TEND" --db "$db" read --as Bob --passphrase-fd 3 3<<<"$PB"
	expect_rc "$label: read works" 0
	has "$label: ... Bob's own entry" "$OUT" "$PRIVATE"
	has "$label: ... and the shared one" "$OUT" "$SHARED"
	run "$@" "$TEND" --db "$db" export --as Bob --format json --passphrase-fd 3 3<<<"$PB"
	expect_rc "$label: export works" 0
	has "$label: ... with Bob's entry in it" "$OUT" "$PRIVATE"
	run "$@" "$TEND" --db "$db" verify
	expect_rc "$label: verify works" 0
	has "$label: ... and finds it in order" "$OUT" "Everything tend can check without a passphrase is in order."
	run "$@" "$TEND" --db "$db" stats --json
	expect_rc "$label: stats again (nothing left in the way) works" 0
	run "$@" "$TEND" --db "$db" write --as Alice --shared "not to be kept"
	expect_rc "$label: a write is refused -> 1" 1
	has "$label: ... as read-only, naming the file" "$ERR" \
		"$db: the file or its folder is read-only here, so nothing can be changed"
}

# unchanged LABEL DIR BEFORE_LS BEFORE_COPY: the folder lists the same
# files and its tend.db is byte for byte the copy.
unchanged() {
	same "$1: the folder holds the same files afterwards" "$(ls -A "$2")" "$3"
	check "$1: the database is byte for byte as it was" cmp "$2/tend.db" "$4"
}

# ---- a read-only file, a read-only folder -----------------------------------

# read_only_case WHAT NAME MODE PATH: a fresh copy in $E2E_DIR/NAME, PATH in
# it (the file or the folder) made MODE, read by every command, and left as
# it was.
read_only_case() {
	local D=$E2E_DIR/$2 before
	fresh_copy "$D"
	chmod "$3" "$D/$4"
	cp "$D/tend.db" "$E2E_DIR/$2.copy"
	before=$(ls -A "$D")
	reads_all "$1" "$D/tend.db" as_user
	unchanged "$1" "$D" "$before" "$E2E_DIR/$2.copy"
	chmod 0700 "$D"
}
read_only_case "0400 file" file 0400 tend.db
read_only_case "read-only folder" folder 0500 .

# A copy taken while a writer had not yet checkpointed: its last change is
# only in the -wal (here a name, written by python's sqlite3, which then
# stops without closing). With its -shm beside it, a read-only folder is
# read with that change; without, tend says how to read it.
D=$E2E_DIR/logged
fresh_copy "$D"
python3 - "$D/tend.db" <<'PY'
import os, sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("UPDATE partner SET name = 'Bobby' WHERE idx = 1")
c.commit()
os._exit(0)  # no close: the change stays in the -wal
PY
[ -n "$OWNER" ] && chown -R "$OWNER" "$D"
check "a copy with writes in its -wal (and a -shm)" test -s "$D/tend.db-wal" -a -e "$D/tend.db-shm"
chmod 0500 "$D"
before=$(ls -A "$D")
run as_user "$TEND" --db "$D/tend.db" stats
expect_rc "... in a read-only folder: stats works" 0
has "... and reads the change in the -wal" "$OUT" "Alice and Bobby"
same "... nothing created or removed" "$(ls -A "$D")" "$before"
chmod 0700 "$D"
rm -f "$D/tend.db-shm"
chmod 0500 "$D"
run as_user "$TEND" --db "$D/tend.db" stats
expect_rc "... without its -shm: stats -> 1" 1
has "... says how to read it" "$ERR" \
	"$D/tend.db: its -wal file holds recent writes, which can only be read where the folder can be written"
run as_user "$TEND" --db "$D/tend.db" verify
has "... verify says so too" "$ERR" "its -wal file holds recent writes"
chmod 0700 "$D"

# a file its user may not read at all: a matter of permissions, said so
D=$E2E_DIR/closed
fresh_copy "$D"
if [ -n "$OWNER" ]; then
	chown 0:0 "$D/tend.db"
else
	chmod 0000 "$D/tend.db"
fi
run as_user "$TEND" --db "$D/tend.db" stats
expect_rc "a file that may not be read: stats -> 1" 1
has "... says it is not allowed, naming the file" "$ERR" \
	"$D/tend.db: tend is not allowed to open the file or its folder"
lacks "... and not that it is damaged" "$ERR" "damaged"
chmod 0600 "$D/tend.db"

# ---- a read-only mount ------------------------------------------------------

D=$E2E_DIR/mount
fresh_copy "$D"
cp "$D/tend.db" "$E2E_DIR/mount.copy"
before=$(ls -A "$D")
M=$E2E_DIR/mnt
mkdir -p "$M"
# in_ro_mount CMD...: CMD in a mount namespace of its own where $M is $D,
# mounted read-only (root only: the mount goes when CMD ends).
in_ro_mount() {
	unshare -m -- sh -c 'mount --bind -o ro "$1" "$2" && shift 2 && exec "$@"' sh "$D" "$M" "$@"
}
if [ "$(id -u)" -eq 0 ] && in_ro_mount true 2>/dev/null; then
	reads_all "read-only mount" "$M/tend.db" in_ro_mount
	unchanged "read-only mount" "$D" "$before" "$E2E_DIR/mount.copy"
else
	ok "read-only mount # SKIP mounting needs root and unshare -m"
fi

# ---- databases tend refuses: nothing is created beside them -----------------

# refused LABEL DB WANT: every command on DB fails with WANT in its message,
# and afterwards the folder lists the same files and DB is as it was.
refused() {
	local label=$1 db=$2 want=$3 dir before c
	dir=$(dirname "$db")
	cp "$db" "$E2E_DIR/refused.copy"
	before=$(ls -A "$dir")
	for c in stats verify "read --as Bob" "write --as Alice --shared x" "export --as Bob"; do
		# shellcheck disable=SC2086 # the words of $c are the command's
		run "$TEND" --db "$db" $c --passphrase-fd 3 3<<<"$PB"
		expect_rc "$label: $c -> 1" 1
		has "$label: ... says so" "$ERR" "$want"
	done
	same "$label: nothing was created beside it" "$(ls -A "$dir")" "$before"
	check "$label: ... and it is byte for byte as it was" cmp "$db" "$E2E_DIR/refused.copy"
}

D=$E2E_DIR/newer
fresh_copy "$D"
sqlite3 "$D/tend.db" "PRAGMA user_version = 9"
refused "a newer tend's database" "$D/tend.db" \
	"$D/tend.db: this database was written by a newer tend; it was left untouched"

D=$E2E_DIR/foreign
rm -rf "$D"
mkdir -p "$D"
sqlite3 "$D/tend.db" "PRAGMA journal_mode = WAL; CREATE TABLE recipes (name); INSERT INTO recipes VALUES ('soup')" >/dev/null
refused "someone else's database" "$D/tend.db" "$D/tend.db: this file is not a tend database"

D=$E2E_DIR/damaged
fresh_copy "$D"
# the schema (page 1, after SQLite's 100-byte header) overwritten
head -c 3900 /dev/zero | tr '\0' 'Z' | dd of="$D/tend.db" bs=1 seek=100 conv=notrunc status=none
refused "a damaged database" "$D/tend.db" "$D/tend.db: the database is damaged"

# ---- reads that fail --------------------------------------------------------

if ! command -v fiu-run >/dev/null 2>&1; then
	not_ok "fiu-run is installed (scripts/install-deps.sh installs fiu-utils)"
elif ! fiu-run -x "$TEND" version >/dev/null 2>&1; then
	# libfiu's preloaded library and ASan's do not go together: under fiu-run
	# a SAN=1 tend crashes before main, with or without a failure enabled.
	ok "reads failing # SKIP fiu-run cannot run this build of tend (a SAN=1 build)"
else
	D=$E2E_DIR/fault
	fresh_copy "$D"
	for c in stats verify; do
		# every pread fails with EIO (5): the file itself is whole
		run fiu-run -x -c 'enable name=posix/io/rw/pread,failinfo=5' "$TEND" --db "$D/tend.db" $c
		expect_rc "reads failing: $c -> 1" 1
		has "... an I/O error naming the file" "$ERR" \
			"$D/tend.db: the disk or the system failed to read or write the file"
		lacks "... not damage" "$ERR" "damaged"
	done
	run "$TEND" --db "$D/tend.db" verify
	expect_rc "the file was whole all along: verify without faults passes" 0
	# A restore to where there was no database, whose new database cannot be
	# read: it fails and leaves nothing there (once, an empty database stayed,
	# and the next restore without --replace refused it as someone's).
	"$TEND" --db "$D/tend.db" backup "$D/b.tbk" >/dev/null 2>&1 </dev/null
	run fiu-run -x -c 'enable name=posix/io/rw/pread,failinfo=5' "$TEND" --db "$D/new.db" \
		restore "$D/b.tbk" --passphrase-fd 3 3<<<"$PB"
	expect_rc "a restore whose new database cannot be read -> 1" 1
	has "... an I/O error naming the file" "$ERR" \
		"$D/new.db: the disk or the system failed to read or write the file"
	left=$(cd "$D" && ls new.db* 2>/dev/null)
	same "... and leaves nothing where there was no database" "$left" ""
fi

done_testing
