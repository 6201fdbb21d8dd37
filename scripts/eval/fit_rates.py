#!/usr/bin/env python3
"""Fit an engine's cost per simulator step kind to timed attacks.

    python3 scripts/eval/fit_rates.py RATES.jsonl [--holdout 0.3]
    python3 scripts/eval/fit_rates.py RATES.jsonl --costs C1,...,C8 [--from-line N]

RATES lines come from `scripts/eval/step_rates.py`: each attack's step-kind shares (see
`rxguard_attack::StepMix`) and the engine's measured steps per second. The model is
seconds = steps * sum_k share_k * cost_k with every cost_k >= 0, fitted by least squares on
the relative error (projected coordinate descent: no numpy needed). It prints the costs
(as the Rust constants of `calibration.rs` use them) and, for the constant-rate model and
this one, the spread of measured / predicted time on the held-out attacks.
"""
import argparse
import json
import random

def fit(rows, iters=4000):
    k = len(rows[0][0])
    # minimise sum_i (x_i . c / y_i - 1)^2, y_i = seconds per step measured
    a = [[x / y for x in xs] for xs, y in rows]
    c = [1.0 / 7e9] * k
    for _ in range(iters):
        for j in range(k):
            num = 0.0
            den = 0.0
            for ai in a:
                r = sum(ai[t] * c[t] for t in range(k)) - ai[j] * c[j]
                num += ai[j] * (1 - r)
                den += ai[j] * ai[j]
            c[j] = max(0.0, num / den) if den > 0 else 0.0
    return c

def quantiles(v, qs=(0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99)):
    v = sorted(v)
    return " ".join(f"q{int(q*100)}={v[min(len(v)-1, int(q*len(v)))]:.2f}" for q in qs)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("rates")
    ap.add_argument("--holdout", type=float, default=0.3)
    ap.add_argument("--min-seconds", type=float, default=0.02)
    ap.add_argument("--costs", help="comma-separated costs to evaluate instead of fitting")
    ap.add_argument("--from-line", type=int, default=0,
                    help="with --costs: evaluate on the attacks from this line on only")
    args = ap.parse_args()
    if args.costs:
        c = [float(v) for v in args.costs.split(",")]
        part = []
        for n, line in enumerate(open(args.rates)):
            r = json.loads(line)
            if n >= args.from_line and r.get("seconds") is not None \
                    and r["seconds"] >= args.min_seconds:
                part.append((r["shares"], r["seconds"] / r["steps"]))
        const = sorted(y for _, y in part)[len(part) // 2]
        print(f"{len(part)} timed attacks")
        print("one median rate:", quantiles([y / const for _, y in part]))
        print("these costs:    ", quantiles([y / sum(a * b for a, b in zip(x, c)) for x, y in part]))
        return
    rows = []
    for line in open(args.rates):
        r = json.loads(line)
        if r.get("seconds") is None or r["seconds"] < args.min_seconds:
            continue
        rows.append((r["shares"], r["seconds"] / r["steps"], r))
    random.seed(7)
    random.shuffle(rows)
    cut = int(len(rows) * (1 - args.holdout))
    train, test = rows[:cut], rows[cut:]
    c = fit([(x, y) for x, y, _ in train])
    # The fit minimises relative error, which leans towards predicting too fast: scale so
    # that the median attack takes the predicted time.
    ratios = sorted(y / sum(a * b for a, b in zip(x, c)) for x, y, _ in train)
    c = [v * ratios[len(ratios) // 2] for v in c]
    names = ["char_hit", "char_miss", "split", "greedy_head", "lazy_head", "bookkeeping",
             "other", "backtrack"]
    print(f"{len(rows)} timed attacks: {len(train)} to fit, {len(test)} held out")
    for n, v in zip(names, c):
        print(f"  {n:12} {v:.3e} s/step  ({1/v if v else float('inf'):.2e} steps/s)")
    print("  as Rust: [" + ", ".join(f"{v:.3e}" for v in c) + "]")
    for label, part in (("fit", train), ("held out", test)):
        if not part:
            continue
        const = sorted(y for _, y, _ in part)[len(part) // 2]
        r_const = [y / const for _, y, _ in part]
        r_model = [y / sum(a * b for a, b in zip(x, c)) for x, y, _ in part]
        print(f"{label}: measured/predicted time, one median rate: {quantiles(r_const)}")
        print(f"{label}: measured/predicted time, step-kind model: {quantiles(r_model)}")

if __name__ == "__main__":
    main()
