#!/usr/bin/env python3
"""rxguard.compile(...).search against re on ReDoS inputs, measured in the same run.

`(a+)+$` on "a" * n + "!" doubles re's time with each extra "a"; rxguard stays linear. re is
run in a child process with a time limit, for growing n until it exceeds the limit; rxguard
is timed at n = 50,000 (and the re time at that n is extrapolated from the doubling).

    python3 bindings/python/bench/redos_vs_re.py [--limit 5]
"""

import argparse
import multiprocessing
import re
import time

import rxguard


def re_time(pattern, text, q):
    t = time.perf_counter()
    re.search(pattern, text)
    q.put(time.perf_counter() - t)


def timed_re(pattern, text, limit):
    q = multiprocessing.Queue()
    p = multiprocessing.Process(target=re_time, args=(pattern, text, q))
    p.start()
    p.join(limit)
    if p.is_alive():
        p.terminate()
        p.join()
        return None
    return q.get()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=float, default=5.0, help="seconds allowed to re per run")
    args = ap.parse_args()
    cases = [(r"(a+)+$", lambda n: "a" * n + "!"),
             (r"^(\w+\s?)*$", lambda n: "a" * n + "!"),
             (r"\s+$", lambda n: " " * n + "x")]
    print(f"{'pattern':<16} {'n':>7} {'re (s)':>10} {'rxguard (s)':>12}  ratio")
    for pattern, make in cases:
        compiled = rxguard.compile(pattern)
        n, last = 8, None
        while True:
            t = timed_re(pattern, make(n), args.limit)
            if t is None:
                break
            last = (n, t)
            if n >= 50_000:
                break
            n = n + 2 if pattern != r"\s+$" else n * 2
        big = 50_000
        start = time.perf_counter()
        found = compiled.search(make(big))
        mine = time.perf_counter() - start
        if last is None:
            print(f"{pattern:<16} {big:>7} {'>' + str(args.limit):>10} {mine:>12.4f}")
            continue
        n_re, t_re = last
        note = ""
        if n_re < big:
            note = f"  (re needed {t_re:.2f} s at n={n_re}; over {args.limit:.0f} s at n={n})"
        else:
            note = f"  ratio {t_re / max(mine, 1e-9):,.0f}x"
        print(f"{pattern:<16} {big:>7} {t_re if n_re >= big else float('nan'):>10.3f} "
              f"{mine:>12.4f}{note}  match={found is not None}")


if __name__ == "__main__":
    main()
