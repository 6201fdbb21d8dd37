"""Matcher regression cases (testdata/matcher/regressions.toml) against the real engines.

    python3 scripts/matcher/regressions.py          # check every `expect` against the engine
    python3 scripts/matcher/regressions.py --fill   # write `expect` where it is missing

Each case is every match of a global iteration — span and groups — of `pattern` over
`haystack`: Node (`matchAll`, flag `d`) for javascript, CPython (`re.finditer`) for python,
the JDK (`Matcher.find`) for java, libpcre2-8 (pcre2demo's loop) for pcre. crates/matcher/tests/regressions.rs runs the same cases
on rxguard's matcher. A case with `known_difference` keeps the engine's answer in `expect`
and rxguard's in `rxguard`. A case with `haystack_hex` instead of `haystack` (python, pcre)
runs the bytes API: the pattern's UTF-8 bytes as a Python bytes pattern or a PCRE2 pattern
without UTF, spans in bytes.
"""
import argparse
import json
import os
import sys
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
from differential import RUN  # noqa: E402

FILE = os.path.join(ROOT, "testdata", "matcher", "regressions.toml")
SHORT = {"javascript": "js", "python": "python", "java": "java", "pcre": "pcre"}
KEYS = ["name", "flavor", "pattern", "flags", "haystack", "haystack_hex", "known_difference"]


def to_toml_groups(matches):
    """Engine answer (groups as [s, e] or None) → TOML (unset group as [])."""
    return [[g if g is not None else [] for g in m] for m in matches]


def engine_answers(tests):
    answers = [None] * len(tests)
    for flavor, short in SHORT.items():
        idx = [i for i, t in enumerate(tests) if t["flavor"] == flavor]
        if not idx:
            continue
        out = RUN[short]([(tests[i]["pattern"], tests[i].get("flags", ""), haystack(tests[i]))
                          for i in idx])
        for i, r in zip(idx, out):
            answers[i] = "error" if r == "error" else to_toml_groups(r)
    return answers


def haystack(t):
    """The case's haystack: text, or the bytes of `haystack_hex`."""
    # An empty haystack is written as no `haystack` key.
    return bytes.fromhex(t["haystack_hex"]) if "haystack_hex" in t else t.get("haystack", "")


def string(v):
    if "'" not in v and "\n" not in v and "\r" not in v and v.isprintable():
        return "'" + v + "'"
    return json.dumps(v, ensure_ascii=False)


def write(header, tests):
    parts = [header.rstrip("\n") + "\n"]
    for t in tests:
        lines = ["[[test]]"]
        for k in KEYS:
            if k in t and t[k] != "":
                lines.append("%s = %s" % (k, string(t[k])))
        for k in ("expect", "rxguard"):
            if k in t:
                lines.append("%s = %s" % (k, json.dumps(t[k])))
        parts.append("\n".join(lines) + "\n")
    with open(FILE, "w", encoding="utf-8") as fh:
        fh.write("\n".join(parts))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--fill", action="store_true", help="write missing expectations")
    args = ap.parse_args()
    text = open(FILE, encoding="utf-8").read()
    header = text[: text.index("[[test]]")]
    tests = tomllib.loads(text)["test"]
    unknown = [t["name"] for t in tests if t["flavor"] not in SHORT]
    if unknown:
        sys.exit("no engine driver for: %s" % ", ".join(unknown))
    answers = engine_answers(tests)
    bad = 0
    for t, a in zip(tests, answers):
        if a == "error":
            print("!! %s: the engine rejects the pattern" % t["name"])
            bad += 1
        elif "expect" not in t:
            if args.fill:
                t["expect"] = a
            else:
                print("!! %s: no expectation (run with --fill)" % t["name"])
                bad += 1
        elif t["expect"] != a:
            print("!! %s: file says %s, engine says %s" % (t["name"], t["expect"], a))
            bad += 1
    if args.fill:
        write(header, tests)
    print("matcher regressions: %d cases, %d problems" % (len(tests), bad))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
