#!/usr/bin/env python3
"""Calibration and precision from a confirm.py run on rxguard's attacks.

    python3 scripts/eval/calibrate.py RECORDS.json CONFIRM.jsonl ENGINE [--rate STEPS_PER_S]

RECORDS.json: rxguard result records (a JSON list, from `rxguard check --format jsonl`),
with `id`s matching the confirm input. CONFIRM.jsonl: confirm.py output for ENGINE (node,
python, ...). Prints the engine's simulator steps per second (median and quartiles of
steps-at-length / engine-time-at-length, over every timed point above 50 ms), and, with
--rate, how many attacks that rate flags at 100,000 characters and how many of those the
engine confirmed (>= 1 s).
"""
import argparse
import json
import math
import statistics


def fit(rec):
    pts = rec["attack"]["measured"][-4:]
    expo = rec["complexity"] == "exponential"
    xs = [(p[0] if expo else math.log(p[0])) for p in pts]
    ys = [math.log(p[1]) for p in pts]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    a = my - b * mx
    steps_at = lambda L: math.exp(a + b * (L if expo else math.log(L)))
    length_for = lambda s: (math.log(s) - a) / b if expo else math.exp((math.log(s) - a) / b)
    return steps_at, length_for


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("records")
    ap.add_argument("confirm")
    ap.add_argument("engine")
    ap.add_argument("--rate", type=float)
    a = ap.parse_args()
    recs = {r["id"]: r for r in json.load(open(a.records))}
    rows = [json.loads(l) for l in open(a.confirm)]
    per_ms = []
    flagged = confirmed = 0
    for row in rows:
        rec = recs[row["id"]]
        steps_at, length_for = fit(rec)
        eng = row["engines"][a.engine]
        for pt in eng.get("points", []):
            if pt.get("ms") and pt["ms"] > 50:
                per_ms.append(steps_at(pt["len"]) / pt["ms"])
        if a.rate and length_for(a.rate) <= 100_000:
            flagged += 1
            confirmed += bool(eng.get("confirmed"))
    q = statistics.quantiles(per_ms, n=4)
    print("%s: %d attacks, %d timed points; steps/s median %.3g (quartiles %.3g, %.3g)"
          % (a.engine, len(rows), len(per_ms), statistics.median(per_ms) * 1000, q[0] * 1000, q[2] * 1000))
    print("%s: confirmed by the engine (>= 1 s within 100k chars): %d of %d"
          % (a.engine, sum(1 for r in rows if r["engines"][a.engine].get("confirmed")), len(rows)))
    if a.rate:
        print("%s: at %.3g steps/s, %d flagged, %d confirmed (precision %.1f%%)"
              % (a.engine, a.rate, flagged, confirmed, 100.0 * confirmed / max(1, flagged)))


if __name__ == "__main__":
    main()
