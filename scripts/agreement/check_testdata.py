#!/usr/bin/env python3
"""Checks every case in testdata/syntax/*.toml against the real engine of its flavor.

A case that expects a shape, `valid = true`, or an unsupported/limit error claims that the
engine accepts the pattern; any other error kind claims the engine rejects it. Cases marked
`engine = "es2025"` use ECMAScript 2025 syntax that Node 20 (V8 11.3) predates: for them
the claim is reversed (Node must reject), which keeps the documented difference honest.
Rust cases are skipped: regex-syntax is that flavor's reference parser.

    python3 scripts/agreement/check_testdata.py      # prints "N passed, N failed"
"""
import glob
import os
import sys
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import engines  # noqa: E402

ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
ACCEPTED_KINDS = {"unsupported", "nest_limit_exceeded", "pattern_too_large",
                  "repetition_count_limit", "size_limit_exceeded"}
SHORT = {"javascript": "js", "python": "python", "java": "java", "pcre": "pcre"}


def main():
    by_flavor = {}
    for path in sorted(glob.glob(os.path.join(ROOT, "testdata", "syntax", "*.toml"))):
        with open(path, "rb") as fh:
            doc = tomllib.load(fh)
        for case in doc["test"]:
            flavor = case.get("flavor", doc.get("flavor"))
            if flavor not in SHORT:
                continue
            if "error" in case:
                accepts = case["error"] in ACCEPTED_KINDS
            else:
                accepts = True
            if case.get("engine") == "es2025":
                accepts = not accepts
            by_flavor.setdefault(SHORT[flavor], []).append((os.path.basename(path), case, accepts))
    passed = failed = 0
    for flavor, cases in by_flavor.items():
        res = engines.check(flavor, [(c["pattern"], c.get("flags", "")) for _, c, _ in cases],
                            filter_flags=False)
        for (path, case, accepts), (ok, msg) in zip(cases, res):
            if ok == accepts:
                passed += 1
            else:
                failed += 1
                print("FAIL %s:%s: engine %s %r (%s)" % (
                    path, case["name"], "accepts" if ok else "rejects", case["pattern"][:80], msg))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
