#!/usr/bin/env python3
"""Time the attacks of `examples/step_mix` on Node (V8) or CPython: steps per second per attack.

    cargo run --release -p rxguard --example step_mix -- 2e9 < PATTERNS.jsonl > FINDINGS.jsonl
    python3 scripts/eval/step_rates.py FINDINGS.jsonl [--engine node|python] > RATES.jsonl

Each attack is built at the length where the simulator's fitted growth reaches the target
steps, run with `RegExp.prototype.test` after two warm-up runs (so V8 has tiered up to
native code) or with CPython's `re.search` after one, and timed in the engine's process. Output lines: the input record plus
"seconds" and "rate" (predicted simulator steps / seconds); attacks over --timeout are
recorded with "seconds": null. `calibration.rs` is fitted on these.
"""
import argparse
import json
import os
import select
import subprocess
import sys

NODE_WORKER = r"""
const rl = require('readline').createInterface({ input: process.stdin });
rl.on('line', (line) => {
  const r = JSON.parse(line);
  let out;
  try {
    const re = new RegExp(r.pattern, r.flags.replace(/g|y/g, ''));
    const small = r.prefix + r.pump.repeat(8) + r.suffix;
    re.test(small); re.test(small);
    const s = r.prefix + r.pump.repeat(r.repeat) + r.suffix;
    const t0 = process.hrtime.bigint();
    re.test(s);
    out = { seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
  } catch (e) {
    out = { error: String(e) };
  }
  process.stdout.write(JSON.stringify(out) + '\n');
});
"""


PYTHON_WORKER = r"""
import json, re, sys, time
for line in sys.stdin:
    r = json.loads(line)
    try:
        flags = re.I if "i" in r["flags"] else 0
        rx = re.compile(r["pattern"], flags)
        rx.search(r["prefix"] + r["pump"] * 8 + r["suffix"])
        s = r["prefix"] + r["pump"] * r["repeat"] + r["suffix"]
        t0 = time.perf_counter()
        rx.search(s)
        out = {"seconds": time.perf_counter() - t0}
    except Exception as e:
        out = {"error": str(e)}
    sys.stdout.write(json.dumps(out) + "\n")
    sys.stdout.flush()
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("findings")
    ap.add_argument("--timeout", type=float, default=20.0)
    ap.add_argument("--engine", choices=["node", "python"], default="node")
    args = ap.parse_args()
    proc = None

    def start():
        cmd = ["node", "-e", NODE_WORKER] if args.engine == "node" else \
            [sys.executable, "-c", PYTHON_WORKER]
        return subprocess.Popen(cmd, stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, text=True, bufsize=1)

    for line in open(args.findings):
        r = json.loads(line)
        if proc is None:
            proc = start()
        proc.stdin.write(json.dumps(r) + "\n")
        proc.stdin.flush()
        ready, _, _ = select.select([proc.stdout], [], [], args.timeout)
        if not ready:
            proc.kill()
            proc.wait()
            proc = None
            r["seconds"] = None
        else:
            out = json.loads(proc.stdout.readline())
            if "error" in out:
                continue
            r["seconds"] = out["seconds"]
            r["rate"] = r["steps"] / max(out["seconds"], 1e-9)
        print(json.dumps(r), flush=True)
    if proc:
        proc.kill()


if __name__ == "__main__":
    main()
