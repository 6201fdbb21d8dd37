#!/usr/bin/env python3
"""Which repeats PCRE2 makes possessive, as its own compiler says (`pcre2test`'s `B`).

    python3 scripts/eval/auto_possess.py PATTERNS.jsonl > testdata/pcre2/auto-possess.jsonl

For each pattern (input lines `{"pattern", "flags"?}`) that PCRE2 10.42 compiles in UTF mode,
`pcre2test` prints the compiled code with an automatic callout before every item, which
gives the item's byte offset in the pattern. A variable repeat of one character item prints
as the item and its quantifier, and a possessive one (written so, or made so by PCRE2's
auto-possessification) ends in `+` after the quantifier (`\\d++`, `[a-c]*+`, `y{0,3}+`).
Output lines: `{"pattern", "flags", "repeats": [[offset, possessive], ...]}`, one entry per
repeat (a repeat PCRE2 compiled twice, inside a counted group, is kept only when both
copies agree), for patterns with at least one. The simulator's model of the rule
(`crates/attack/src/possess.rs`) is tested against this file. Set PCRE2TEST to the binary
(Debian's pcre2-utils).
"""
import argparse
import json
import os
import re
import subprocess
import sys

CALLOUT = re.compile(r"^Callout 255 (\d+) (\d+)$")
QUANT = re.compile(r"(\*|\+|\?|\{(\d*),(\d*)\})$")
DELIMS = "/!#%&~@;:=|`'\","


def repeat_of(line):
    """(is a variable repeat, possessive) for one printed item."""
    for marker in ("+", "?", ""):
        if marker and not line.endswith(marker):
            continue
        body = line[: len(line) - len(marker)]
        m = QUANT.search(body)
        if not m or len(body) == len(m.group(0)):
            continue
        if m.group(2) is not None and m.group(2) == m.group(3):
            return (False, False)  # a fixed count ({2,2})
        return (True, marker == "+")
    return (False, False)


def compiled(pcre2test, pattern, flags):
    delim = next((d for d in DELIMS if d not in pattern), None)
    if delim is None or "\n" in pattern or "\r" in pattern:
        return None
    mods = "".join(c for c in flags if c in "imsx")
    text = f"{delim}{pattern}{delim}{mods}{',' if mods else ''}B,utf,auto_callout\n\n"
    out = subprocess.run([pcre2test, "-q"], input=text.encode("utf-8", "surrogatepass"),
                         capture_output=True, timeout=20).stdout.decode("utf-8", "replace")
    if "Failed:" in out or "Error" in out:
        return None
    parts = out.split("-" * 66)
    if len(parts) < 3:
        return None
    seen = {}
    offset = None
    for l in parts[1].strip("\n").split("\n"):
        l = l[8:]  # opcode lines are indented to column 8 ("     /i " marks a caseless one)
        m = CALLOUT.match(l)
        if m:
            offset = int(m.group(1))
            continue
        if offset is None:
            continue
        is_repeat, possessive = repeat_of(l)
        if is_repeat:
            seen.setdefault(offset, set()).add(possessive)
        offset = None
    return [[o, next(iter(v))] for o, v in sorted(seen.items()) if len(v) == 1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("patterns")
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args()
    pcre2test = os.environ.get("PCRE2TEST", "pcre2test")
    seen = set()
    n = 0
    for line in open(args.patterns):
        r = json.loads(line)
        p, f = r["pattern"], r.get("flags", "") or ""
        if (p, f) in seen:
            continue
        seen.add((p, f))
        reps = compiled(pcre2test, p, f)
        if not reps:
            continue
        print(json.dumps({"pattern": p, "flags": "".join(c for c in f if c in "imsx"),
                          "repeats": reps}, ensure_ascii=False))
        n += 1
        if args.limit and n >= args.limit:
            break


if __name__ == "__main__":
    sys.exit(main())
