#!/usr/bin/env python3
"""How well one short engine run predicts the same attack's time at full length.

    python3 ../shared/peers/confirm.py ATTACKS.jsonl OUT.jsonl --engines node --cap 100000 --threshold-ms 1000
    python3 scripts/eval/probe_extrapolation.py OUT.jsonl [--engine node] [--low-ms 15] [--high-ms 120]

`confirm.py` times each attack at growing lengths on the real engine. For every polynomial
attack whose longest run took 300 ms or more, this takes the longest run of `--low-ms` to
`--high-ms` at under two thirds of that length (the probe), scales its time by
(length / probe length) ** degree, and prints the quantiles of measured / predicted time at
the longest length: how tightly a probe of a tenth of a second, instead of the simulator's
steps and a calibrated speed, would place a finding against the blocking time (issue 3's
"near the threshold" band; the stop-23 note). The degree is the engine's own fitted class
from `confirm.py`; a second column uses the local exponent of the two runs before the probe.
"""
import argparse
import json
import math

from fit_rates import quantiles  # the same quantile line as the cost-model fits print


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("confirmed")
    ap.add_argument("--engine", default="node")
    ap.add_argument("--low-ms", type=float, default=15.0)
    ap.add_argument("--high-ms", type=float, default=120.0)
    a = ap.parse_args()

    by_degree, by_local, probe_ms = [], [], []
    for line in open(a.confirmed):
        r = json.loads(line)
        e = r.get("engines", {}).get(a.engine, {})
        if e.get("class") != "polynomial":
            continue
        points = [p for p in e.get("points", []) if not p.get("matched")]
        if len(points) < 3 or points[-1]["ms"] < 300:
            continue
        last = points[-1]
        probes = [p for p in points
                  if a.low_ms <= p["ms"] <= a.high_ms and p["len"] < last["len"] / 1.5]
        if not probes:
            continue
        probe = probes[-1]
        degree = e.get("degree") or round(e.get("k_est") or 2)
        scale = last["len"] / probe["len"]
        by_degree.append(last["ms"] / (probe["ms"] * scale ** degree))
        probe_ms.append(probe["ms"])
        before = [p for p in points if p["len"] < probe["len"] / 1.3 and p["ms"] > 3]
        if before:
            b = before[-1]
            local = math.log(probe["ms"] / b["ms"]) / math.log(probe["len"] / b["len"])
            by_local.append(last["ms"] / (probe["ms"] * scale ** local))
    if not by_degree:
        print("no polynomial attack with a probe and a run of 300 ms or more")
        return
    print(f"attacks: {len(by_degree)}; probe runs: mean {sum(probe_ms) / len(probe_ms):.0f} ms")
    print("measured / predicted, by degree:        ", quantiles(by_degree))
    if by_local:
        print("measured / predicted, by local exponent:", quantiles(by_local))


if __name__ == "__main__":
    main()
