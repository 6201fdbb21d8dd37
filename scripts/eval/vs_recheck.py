#!/usr/bin/env python3
"""rxguard against recheck on the same patterns, measured in the same run.

    ../shared/peers/run.sh recheck IN.jsonl RECHECK.jsonl --timeout 10
    python3 ../shared/peers/confirm.py RECHECK.jsonl RECHECK_CONFIRM.jsonl --engines node \\
        --cap 100000 --threshold-ms 1000 --drop-skipped
    python3 scripts/eval/vs_recheck.py IN.jsonl RECHECK.jsonl RECHECK_CONFIRM.jsonl \\
        [--binary target/release/rxguard] [--flavor javascript] [--max-length 100000]

IN.jsonl: `{"pattern", "flags"}` lines (recheck's input). rxguard analyzes the same lines
(one thread, so its per-pattern times compare with recheck's single worker) and the script
prints: how many vulnerabilities recheck reports, how many of its attacks the real engine
confirmed (>= 1 s within the cap), how many of those rxguard also reports vulnerable (and
which it misses), and the median analysis time of each tool with the ratio. recheck's time
is measured inside its worker around the analysis call (peers/README.md); rxguard's is the
record's `elapsed_us`, also around the analysis alone.
"""
import argparse
import json
import os
import statistics
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("input")
    ap.add_argument("recheck")
    ap.add_argument("confirm")
    ap.add_argument("--binary", default=os.path.join(ROOT, "target/release/rxguard"))
    ap.add_argument("--flavor", default="javascript")
    ap.add_argument("--max-length", default="100000")
    ap.add_argument("--confirm", action="store_true", dest="run_engine",
                    help="pass --confirm: near-threshold findings are run on Node")
    a = ap.parse_args()

    lines = [json.loads(l) for l in open(a.input) if l.strip()]
    feed = "".join(json.dumps({"pattern": r["pattern"], "flags": r.get("flags", ""),
                               "flavor": a.flavor, "id": str(i)}) + "\n"
                   for i, r in enumerate(lines))
    out = subprocess.run([a.binary, "check", "-", "--format", "jsonl", "--exit-zero", "-j", "1",
                          "--max-length", a.max_length] + (["--confirm"] if a.run_engine else []),
                         input=feed, capture_output=True, text=True, check=True).stdout
    ours = [json.loads(l) for l in out.split("\n") if l]
    ours = [r for r in ours if r.get("type") == "result"]
    theirs = [json.loads(l) for l in open(a.recheck) if l.strip()]
    assert len(ours) == len(theirs) == len(lines), (len(ours), len(theirs), len(lines))
    confirmed = {}
    for l in open(a.confirm):
        r = json.loads(l)
        confirmed[(r["pattern"], r.get("flags", ""))] = bool(r.get("confirmed"))

    vuln = [i for i, t in enumerate(theirs) if t["verdict"] == "vulnerable"]
    real = [i for i in vuln
            if confirmed.get((theirs[i]["pattern"], theirs[i].get("flags", "")))]
    found = [i for i in real if ours[i]["status"] == "vulnerable"]
    missed = [i for i in real if ours[i]["status"] != "vulnerable"]
    ours_only = [i for i, r in enumerate(ours)
                 if r["status"] == "vulnerable" and theirs[i]["verdict"] != "vulnerable"]
    t_ms = [t["ms"] for t in theirs if t.get("ms") is not None]
    o_ms = [r["elapsed_us"] / 1000 for r in ours]
    print("patterns: %d" % len(lines))
    print("recheck: %d vulnerable, %d with an attack the engine confirmed (>= 1 s at <= %s chars)"
          % (len(vuln), len(real), a.max_length))
    print("rxguard: %d vulnerable; finds %d of recheck's %d confirmed (%.1f%%); %d vulnerable "
          "that recheck does not report"
          % (sum(r["status"] == "vulnerable" for r in ours), len(found), len(real),
             100.0 * len(found) / max(1, len(real)), len(ours_only)))
    for i in missed:
        print("  missed: %r -> rxguard %s (%s)" % (lines[i]["pattern"][:90], ours[i]["status"],
                                                  (ours[i].get("reason") or "")[:60]))
    mt, mo = statistics.median(t_ms), statistics.median(o_ms)
    print("median analysis time: recheck %.2f ms, rxguard %.3f ms, ratio %.1fx "
          "(means %.1f ms vs %.2f ms)"
          % (mt, mo, mt / mo, statistics.mean(t_ms), statistics.mean(o_ms)))


if __name__ == "__main__":
    main()
