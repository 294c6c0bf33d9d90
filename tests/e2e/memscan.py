#!/usr/bin/python3
# memscan.py: looks for secrets in a running process's memory, for
# tests/e2e/memory.sh. Reads every readable mapping of PID through
# /proc/PID/maps and /proc/PID/mem (needs root, or ptrace rights) and looks
# for each secret as UTF-8, as wchar_t (UTF-32, 4 bytes a character, as
# ncurses keeps wide text) and as a row of ncurses cells (cchar_t: one
# wchar_t every 28 bytes). Prints one line per secret, for lib.sh's
# py_checks: "PASS WHEN: no NAME in memory" or "FAIL ...: where it was".
#   memscan.py PID WHEN NAME=TEXT... [NAME=hex:HEX...]
# Exit status 3 (and nothing else printed) when /proc/PID/mem cannot be read.
import re
import sys

CHUNK = 16 << 20     # read this much at a time
OVERLAP = 64 << 10   # and this much more, for a match across the edge
HUGE = 1 << 40       # ASan reserves terabytes of shadow: never populated
CELL = 28        # sizeof(cchar_t) in ncursesw 6 (checked by memory.sh)
CELL_CHARS = 4   # offset of its wchar_t chars[]


def patterns(text):
    """The byte patterns TEXT can take in memory: (form, compiled regex)."""
    if text.startswith("hex:"):
        return [("bytes", re.compile(re.escape(bytes.fromhex(text[4:]))))]
    out = [("UTF-8", re.compile(re.escape(text.encode("utf-8")))),
           ("UTF-32", re.compile(re.escape(text.encode("utf-32-le"))))]
    cell = b"".join(re.escape(c.encode("utf-32-le")) +
                    (b"" if i == len(text) - 1 else b"." * (CELL - 4))
                    for i, c in enumerate(text))
    out.append(("ncurses cells", re.compile(cell, re.DOTALL)))
    return out


def regions(pid):
    with open("/proc/%d/maps" % pid) as f:
        for line in f:
            parts = line.split(None, 5)
            lo, hi = (int(x, 16) for x in parts[0].split("-"))
            name = parts[5].strip() if len(parts) > 5 else "[anonymous]"
            if parts[1][0] == "r" and name != "[vvar]" and name != "[vsyscall]":
                yield lo, hi, name


def main():
    pid, when = int(sys.argv[1]), sys.argv[2]
    secrets = [a.split("=", 1) for a in sys.argv[3:]]
    try:
        mem = open("/proc/%d/mem" % pid, "rb", 0)
        mem.seek(next(regions(pid))[0])
        mem.read(1)
    except (OSError, StopIteration):
        sys.exit(3)
    found = {name: [] for name, _ in secrets}
    pats = [(name, patterns(text)) for name, text in secrets]
    nmaps = huge = 0
    for lo, hi, where in regions(pid):
        if hi - lo > HUGE:
            huge += 1
            continue
        nmaps += 1
        for at in range(lo, hi, CHUNK):
            try:
                mem.seek(at)
                data = mem.read(min(hi, at + CHUNK + OVERLAP) - at)
            except OSError:
                break
            for name, forms in pats:
                for form, rx in forms:
                    for m in rx.finditer(data):
                        if m.start() < CHUNK:  # the overlap is the next chunk's
                            found[name].append("%s at %#x in %s" %
                                               (form, at + m.start(), where))
    if huge:
        print("# %s: left out %d reserved mappings over 1 TiB (ASan's shadow)" % (when, huge))
    print("# %s: scanned %d mappings of process %d" % (when, nmaps, pid))
    for name, _ in secrets:
        if found[name]:
            print("FAIL %s: no %s in memory: %d copies: %s" %
                  (when, name, len(found[name]), "; ".join(found[name][:6])))
        else:
            print("PASS %s: no %s in memory" % (when, name))


main()
