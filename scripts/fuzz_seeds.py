#!/usr/bin/env python3
"""Writes fuzz seed corpora from the shared test data: every pattern in
testdata/syntax/*.toml becomes a seed for its flavor's parse_* target (first byte: the flag
set selector of `rxguard_syntax::fuzz_input`, 0 = no flags), and of the analyze target; every
case of testdata/matcher/regressions.toml a seed of match_tiers; every source of
testdata/scan/cases.toml a seed of scan_extract. The fuzzers start from the
cases the tests already know.

    python3 scripts/fuzz_seeds.py [OUT_DIR]      # default fuzz/corpus
"""
import glob
import hashlib
import os
import sys
import tomllib

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
ALL = ["javascript", "python", "java", "pcre", "rust"]
TARGET = {"javascript": "parse_js", "python": "parse_python", "java": "parse_java",
          "pcre": "parse_pcre", "rust": "parse_rust"}
# Must list the same flag sets, in the same order, as fuzz_input in crates/syntax/src/roundtrip.rs.
SETS = {"javascript": ["", "u", "v", "i", "ims", "iu", "sv"], "python": ["", "x", "i", "a", "ms", "ix"],
        "java": ["", "x", "i", "iu", "d", "U"], "pcre": ["", "x", "i", "xx", "U", "n", "J"],
        "rust": ["", "i", "x", "U", "s"]}


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "fuzz", "corpus")
    n = 0
    for path in sorted(glob.glob(os.path.join(ROOT, "testdata", "syntax", "*.toml"))):
        with open(path, "rb") as fh:
            doc = tomllib.load(fh)
        for case in doc["test"]:
            flavor = case.get("flavor", doc.get("flavor"))
            sets = SETS[flavor]
            flags = case.get("flags", "")
            sel = sets.index(flags) if flags in sets else 0
            data = bytes([sel]) + case["pattern"].encode("utf-8")
            d = os.path.join(out, TARGET[flavor])
            os.makedirs(d, exist_ok=True)
            with open(os.path.join(d, hashlib.sha1(data).hexdigest()), "wb") as fh:
                fh.write(data)
            # The analyze target takes the flavor from the first byte (Flavor::ALL order).
            d = os.path.join(out, "analyze")
            os.makedirs(d, exist_ok=True)
            data = bytes([ALL.index(flavor)]) + case["pattern"].encode("utf-8")
            with open(os.path.join(d, hashlib.sha1(data).hexdigest()), "wb") as fh:
                fh.write(data)
            n += 1
    # match_tiers: flavor byte, pattern, NUL, haystack — from the matcher's regressions.
    with open(os.path.join(ROOT, "testdata", "matcher", "regressions.toml"), "rb") as fh:
        for case in tomllib.load(fh)["test"]:
            if case.get("flags"):
                continue  # the target has no flags
            # A bytes case's haystack as Latin-1 text (the target takes UTF-8 and runs the
            # bytes API on its bytes too).
            if "haystack_hex" in case:
                hay = bytes.fromhex(case["haystack_hex"]).decode("latin-1")
            else:
                hay = case.get("haystack", "")  # an empty one is written as no key
            data = (bytes([ALL.index(case["flavor"])]) + case["pattern"].encode("utf-8")
                    + b"\0" + hay.encode("utf-8"))
            d = os.path.join(out, "match_tiers")
            os.makedirs(d, exist_ok=True)
            with open(os.path.join(d, hashlib.sha1(data).hexdigest()), "wb") as fh2:
                fh2.write(data)
            n += 1
    # scan_extract: language byte (order of rxguard_scan::fuzzing::LANGUAGES), source.
    languages = ["javascript", "typescript", "tsx", "python", "java"]
    with open(os.path.join(ROOT, "testdata", "scan", "cases.toml"), "rb") as fh:
        for case in tomllib.load(fh)["case"]:
            data = bytes([languages.index(case["language"])]) + case["source"].encode("utf-8")
            d = os.path.join(out, "scan_extract")
            os.makedirs(d, exist_ok=True)
            with open(os.path.join(d, hashlib.sha1(data).hexdigest()), "wb") as fh2:
                fh2.write(data)
            n += 1
    print("wrote %d seeds under %s" % (n, out))


if __name__ == "__main__":
    main()
