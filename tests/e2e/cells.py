#!/usr/bin/env python3
"""cells.py: reads a screen as tmux's `capture-pane -p -e` prints it (text
with SGR sequences) and says how the text on it is drawn.

    cells.py FILE attrs TEXT   the attributes every character of the first
                               TEXT on the screen has (not counting spaces),
                               e.g. "bold underline", "-" for none; "missing"
                               when TEXT is not on the screen
    cells.py FILE fg TEXT      the foreground colour of the first TEXT (of its
                               first character that is not a space), "none"
                               for the terminal's own, or "missing"
    cells.py FILE colours      the colours used anywhere ("fg=3 bg=4 ..."), or
                               "none"
    cells.py FILE odd          what on the screen is not text: an escape
                               sequence other than SGR, a control character,
                               or a byte that is not UTF-8; "none" if clean
    cells.py FILE text         the screen's text, without attributes
    cells.py FILE norm         the screen as runs of one drawing each,
                               "{bold fg=36}tend · Home{}", blanks at the end
                               of a row left out: two screens that look the
                               same read the same, however tmux keeps them

A capture names attributes by SGR numbers: 1 bold, 2 dim, 3 italic, 4
underline, 5 blink, 7 reverse, 8 invisible, 9 strike."""
import re
import sys

NAMES = {1: "bold", 2: "dim", 3: "italic", 4: "underline", 5: "blink", 7: "reverse",
         8: "invisible", 9: "strike"}
SGR = re.compile(r"\x1b\[([0-9;:]*)m")


def parse(data):
    """Rows of cells (char, frozenset of attribute names, fg, bg)."""
    rows = []
    attrs, fg, bg = set(), None, None
    for line in data.split("\n"):
        row, pos = [], 0
        while pos < len(line):
            m = SGR.match(line, pos)
            if m:
                ps = [int(p) if p else 0 for p in re.split("[;:]", m.group(1))]
                i = 0
                while i < len(ps):
                    p = ps[i]
                    if p == 0:
                        attrs, fg, bg = set(), None, None
                    elif p in NAMES:
                        attrs.add(NAMES[p])
                    elif p == 22:
                        attrs -= {"bold", "dim"}
                    elif 23 <= p <= 29 and p - 20 in NAMES:
                        attrs.discard(NAMES[p - 20])
                    elif 30 <= p <= 37 or 90 <= p <= 97:
                        fg = p
                    elif 40 <= p <= 47 or 100 <= p <= 107:
                        bg = p
                    elif p == 39:
                        fg = None
                    elif p == 49:
                        bg = None
                    elif p in (38, 48):
                        kind = ps[i + 1] if i + 1 < len(ps) else 0
                        n = 3 if kind == 2 else 1
                        val = ":".join(str(x) for x in ps[i + 1:i + 2 + n])
                        if p == 38:
                            fg = val
                        else:
                            bg = val
                        i += 1 + n
                    i += 1
                pos = m.end()
                continue
            row.append((line[pos], frozenset(attrs), fg, bg))
            pos += 1
        rows.append(row)
    return rows


def main():
    path, what = sys.argv[1], sys.argv[2]
    raw = open(path, "rb").read()
    data = raw.decode("utf-8", errors="replace")
    if what == "odd":
        found = []
        if b"\xef\xbf\xbd" not in raw and "\ufffd" in data:
            found.append("bytes that are not UTF-8")
        rest = SGR.sub("", data)
        for m in re.finditer(r"\x1b.{0,8}", rest):
            found.append("escape %r" % m.group(0))
        for m in re.finditer(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]", rest):
            found.append("control %r" % m.group(0))
        print("; ".join(found[:5]) if found else "none")
        return
    rows = parse(data)
    if what == "text":
        print("\n".join("".join(c[0] for c in r) for r in rows))
    elif what == "norm":
        for r in rows:
            while r and r[-1][0] == " " and not r[-1][1] - {"bold", "dim", "italic",
                                                           "blink"} and r[-1][3] is None:
                r = r[:-1]
            out, last = [], None
            for ch, at, fg, bg in r:
                key = " ".join(sorted(at) + (["fg=%s" % fg] if fg is not None else []) +
                               (["bg=%s" % bg] if bg is not None else []))
                if key != last:
                    out.append("{%s}" % key)
                    last = key
                out.append(ch)
            print("".join(out))
    elif what == "colours":
        seen = set()
        for r in rows:
            for _, _, fg, bg in r:
                if fg is not None:
                    seen.add("fg=%s" % fg)
                if bg is not None:
                    seen.add("bg=%s" % bg)
        print(" ".join(sorted(seen)) if seen else "none")
    elif what in ("attrs", "fg"):
        text = sys.argv[3]
        for r in rows:
            line = "".join(c[0] for c in r)
            at = line.find(text)
            if at < 0:
                continue
            if what == "fg":
                fg = [c[2] for c in r[at:at + len(text)] if not c[0].isspace()]
                print(fg[0] if fg and fg[0] is not None else "none")
                return
            common = None
            for c in r[at:at + len(text)]:
                if c[0].isspace():
                    continue
                common = set(c[1]) if common is None else common & c[1]
            print(" ".join(sorted(common)) if common else "-")
            return
        print("missing")
    else:
        sys.exit("cells.py: no query '%s'" % what)


main()
