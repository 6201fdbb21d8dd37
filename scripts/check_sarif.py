#!/usr/bin/env python3
"""Checks rxguard's SARIF output against the official SARIF 2.1.0 JSON schema.

Runs the binary with `--format sarif` on several inputs (the bundled example list, JSON Lines
records with origins and columns, odd file names, standard input, invalid and unknown
patterns) and validates each document with the `jsonschema` package against the schema
vendored in testdata/sarif/. A deliberately broken document must fail, so a validator that
accepts everything cannot pass this check. Also checks what code scanning relies on beyond
the schema: rule ids and indexes, locations, and fingerprints that do not change between runs.

    python3 scripts/check_sarif.py [--bin target/debug/rxguard]
"""

import argparse
import copy
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCHEMA = os.path.join(ROOT, "testdata", "sarif", "sarif-2.1.0-rtm.5.json")


def run(binary, args, cwd, stdin=None):
    p = subprocess.run([binary, "check", "--format", "sarif", *args], cwd=cwd,
                       input=stdin, capture_output=True, timeout=600)
    if p.returncode not in (0, 1):
        sys.exit(f"rxguard {' '.join(args)} exited {p.returncode}: {p.stderr.decode()}")
    return p.returncode, json.loads(p.stdout)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "debug", "rxguard"))
    args = ap.parse_args()
    binary = os.path.abspath(args.bin)
    try:
        import jsonschema
    except ImportError:
        sys.exit("check_sarif: the jsonschema package is missing (pip install jsonschema)")
    with open(SCHEMA) as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    validator = cls(schema, format_checker=cls.FORMAT_CHECKER)

    failures = []

    def validate(name, doc):
        errors = list(validator.iter_errors(doc))
        for e in errors[:5]:
            failures.append(f"{name}: {'/'.join(map(str, e.absolute_path))}: {e.message[:200]}")
        return not errors

    with tempfile.TemporaryDirectory() as tmp:
        records = [
            {"pattern": "^(a|aa)+$", "flavor": "javascript",
             "origin": {"path": "src/routes/users.js", "line": 12, "column": 17}},
            {"pattern": "\\s+$", "flavor": "python",
             "origin": {"path": "app/validate.py", "line": 3, "column": 5}},
            {"pattern": "(?<=a+)b", "flavor": "javascript"},
            {"pattern": "(", "flavor": "java"},
            {"pattern": "^(a|aa)+$", "flavor": "javascript",
             "origin": {"path": "src/routes/users.js", "line": 40, "column": 9}},
            {"pattern": "\\d+", "flavor": "rust"},
        ]
        with open(os.path.join(tmp, "found.jsonl"), "w") as f:
            for r in records:
                f.write(json.dumps(r) + "\n")
        odd = os.path.join(tmp, "my dir")
        os.mkdir(odd)
        with open(os.path.join(odd, "list #1.txt"), "w") as f:
            f.write("(\\w+\\s?)*$\n.*.*=.*\nok\n")

        example = os.path.join(ROOT, "examples", "patterns.txt")
        cases = [
            ("bundled example", [example, "--fail-on", "error"], None),
            ("records with origins", ["found.jsonl", "--fail-on", "error"], None),
            ("odd file name", ["my dir/list #1.txt"], None),
            ("standard input", ["-"], b"(a+)+$\nabc\n"),
            ("nothing found", ["-"], b"abc\n"),
        ]
        docs = {}
        for name, argv, stdin in cases:
            code, doc = run(binary, argv, tmp, stdin)
            docs[name] = doc
            ok = validate(name, doc)
            results = doc["runs"][0]["results"]
            print(f"{name}: {len(results)} results, exit {code}, "
                  f"{'valid' if ok else 'INVALID'}")
        # scan: results located in source files, with columns.
        p = subprocess.run([binary, "scan", "examples/express-app", "--format", "sarif"],
                           cwd=ROOT, capture_output=True, timeout=600)
        if p.returncode != 1:
            failures.append(f"scan of the demo app exited {p.returncode}: {p.stderr.decode()}")
        else:
            doc = json.loads(p.stdout)
            ok = validate("scan of the Express demo", doc)
            results = doc["runs"][0]["results"]
            print(f"scan of the Express demo: {len(results)} results, "
                  f"{'valid' if ok else 'INVALID'}")
            if not all("startColumn" in r["locations"][0]["physicalLocation"]["region"]
                       for r in results):
                failures.append("scan results lack columns")

        # Beyond the schema: what code scanning uses.
        doc = docs["records with origins"]
        run0 = doc["runs"][0]
        rules = [r["id"] for r in run0["tool"]["driver"]["rules"]]
        for res in run0["results"]:
            if rules[res["ruleIndex"]] != res["ruleId"]:
                failures.append(f"ruleIndex {res['ruleIndex']} is not {res['ruleId']}")
            for tag in ("external/cwe/cwe-1333",):
                props = run0["tool"]["driver"]["rules"][res["ruleIndex"]]["properties"]
                if tag not in props["tags"]:
                    failures.append(f"rule {res['ruleId']} lacks tag {tag}")
        first = run0["results"][0]
        region = first["locations"][0]["physicalLocation"]["region"]
        uri = first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        if (uri, region.get("startLine"), region.get("startColumn")) != ("src/routes/users.js", 12, 17):
            failures.append(f"first result located at {uri} {region}")
        prints = [r["partialFingerprints"]["rxguard/v1"] for r in run0["results"]]
        if len(set(prints)) != len(prints):
            failures.append(f"fingerprints collide: {prints}")
        _, again = run(binary, ["found.jsonl", "--fail-on", "error"], tmp)
        if prints != [r["partialFingerprints"]["rxguard/v1"] for r in again["runs"][0]["results"]]:
            failures.append("fingerprints differ between two runs")
        odd_uri = docs["odd file name"]["runs"][0]["results"][0]["locations"][0][
            "physicalLocation"]["artifactLocation"]["uri"]
        if odd_uri != "my%20dir/list%20%231.txt":
            failures.append(f"odd file name encoded as {odd_uri}")

        # The validator must reject a broken document.
        broken = copy.deepcopy(docs["bundled example"])
        broken["runs"][0]["results"][0]["level"] = "fatal"
        if not list(validator.iter_errors(broken)):
            failures.append("the schema accepted an invalid level: the validator is not working")

    for f in failures:
        print("FAIL", f)
    if failures:
        sys.exit(1)
    print("SARIF output valid against the SARIF 2.1.0 schema")


if __name__ == "__main__":
    main()
