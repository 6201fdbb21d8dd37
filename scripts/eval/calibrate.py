#!/usr/bin/env python3
"""Calibration and precision from a confirm.py run on rxguard's attacks.

    rxguard check IN.jsonl --format jsonl -o RECORDS.jsonl
    python3 scripts/eval/to_confirm.py RECORDS.jsonl > ATTACKS.jsonl
    python3 ../shared/peers/confirm.py ATTACKS.jsonl CONFIRM.jsonl --engines ENGINE --cap 100000
    python3 scripts/eval/calibrate.py RECORDS.jsonl CONFIRM.jsonl ENGINE [--rate R ...]

RECORDS.jsonl: rxguard's result records; CONFIRM.jsonl: confirm.py's output for ENGINE
(node, python, java, pcre2). Records and confirmations are matched by pattern and attack, so
a confirmation of an attack rxguard no longer reports is left out. Prints the engine's
simulator steps per second (median and quartiles of steps-at-length / engine-time-at-length,
over every timed point above 50 ms) and, per --rate, how many of the measured attacks that
rate flags within 100,000 characters and how many of those the engine confirmed (>= 1 s).
"""
import argparse
import json
import math
import statistics


def fit(rec):
    """The growth curve through a record's last measured points: steps_at(L), length_for(S)."""
    # A run can take 0 steps (PCRE2's required character absent): no point on a log scale.
    pts = [p for p in rec["attack"]["measured"] if p[1] > 0][-4:]
    expo = rec["complexity"] == "exponential"
    xs = [(p[0] if expo else math.log(p[0])) for p in pts]
    ys = [math.log(p[1]) for p in pts]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    a = my - b * mx
    steps_at = lambda L: math.exp(a + b * (L if expo else math.log(L)))
    length_for = lambda s: (math.log(s) - a) / b if expo else math.exp((math.log(s) - a) / b)
    return steps_at, length_for


def key(pattern, attack):
    return (pattern, attack["prefix"], attack["pump"], attack["suffix"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("records")
    ap.add_argument("confirm")
    ap.add_argument("engine")
    ap.add_argument("--rate", type=float, action="append", default=[])
    a = ap.parse_args()
    recs = {}
    for line in open(a.records):
        r = json.loads(line)
        if r.get("type") == "result" and r["status"] == "vulnerable":
            p = r["attack"]["pumps"][0]
            recs[(r["pattern"], p["prefix"], p["pump"], r["attack"]["suffix"])] = r
    matched = []
    for line in open(a.confirm):
        row = json.loads(line)
        rec = recs.get(key(row["pattern"], row["attack"]))
        if rec:
            matched.append((rec, row["engines"][a.engine]))
    confirmed = sum(bool(e.get("confirmed")) for _, e in matched)
    print("%s: %d vulnerable records, %d of their attacks measured, %d confirmed (%.1f%%)"
          % (a.engine, len(recs), len(matched), confirmed, 100.0 * confirmed / max(1, len(matched))))
    per_s = []
    for rec, e in matched:
        steps_at, _ = fit(rec)
        for pt in e.get("points", []):
            if pt.get("ms") and pt["ms"] > 50:
                per_s.append(steps_at(pt["len"]) / pt["ms"] * 1000)
    if len(per_s) >= 2:
        q = statistics.quantiles(per_s, n=4)
        print("%s: steps/s median %.3g (quartiles %.3g, %.3g) over %d timed points"
              % (a.engine, statistics.median(per_s), q[0], q[2], len(per_s)))
    for rate in a.rate:
        flagged = conf = 0
        for rec, e in matched:
            _, length_for = fit(rec)
            try:
                reach = length_for(rate)
            except (ValueError, ZeroDivisionError, OverflowError):
                continue
            if reach <= 100_000:
                flagged += 1
                conf += bool(e.get("confirmed"))
        print("%s: at %.3g steps/s, %d flagged, %d confirmed (precision %.1f%%)"
              % (a.engine, rate, flagged, conf, 100.0 * conf / max(1, flagged)))


if __name__ == "__main__":
    main()
