#!/usr/bin/env python3
"""Re-checks testdata/simulator/matches.toml against the real engines: each expected span
(or "none") must be what the engine returns today. Prints "N passed, N failed"."""
import os
import sys
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from spans import spans  # noqa: E402

ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))


def main():
    with open(os.path.join(ROOT, "testdata", "simulator", "matches.toml"), "rb") as fh:
        cases = tomllib.load(fh)["test"]
    passed = failed = 0
    for flavor in ["javascript", "python", "java", "pcre"]:
        mine = [c for c in cases if flavor in c["expect"]]
        got = spans(flavor, [(c["pattern"], c.get("flags", ""), c["haystack"]) for c in mine])
        for c, g in zip(mine, got):
            want = c["expect"][flavor]
            want = None if want == "none" else want
            if g == want:
                passed += 1
            else:
                failed += 1
                print("FAIL %s [%s]: engine %r, data %r" % (c["name"], flavor, g, want))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
