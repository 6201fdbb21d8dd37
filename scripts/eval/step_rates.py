#!/usr/bin/env python3
"""Time the attacks of `examples/step_mix` on Node (V8), CPython or PCRE2: steps per second per
attack.

    cargo run --release -p rxguard --example step_mix -- 2e9 < PATTERNS.jsonl > FINDINGS.jsonl
    python3 scripts/eval/step_rates.py FINDINGS.jsonl [--engine node|python|pcre2] > RATES.jsonl

Each attack is built at the length where the simulator's fitted growth reaches the target
steps, run with `RegExp.prototype.test` after two warm-up runs (so V8 has tiered up to
native code), with CPython's `re.search` after one, or with PCRE2's interpreter
(`pcre2_match_8` through ctypes, UTF mode, match and depth limits raised as
`../shared/peers/confirm.py` raises them) after one, and timed in the engine's process. Output lines: the input record plus
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


PCRE2_WORKER = r"""
import ctypes, json, sys, time
lib = ctypes.CDLL("libpcre2-8.so.0")
P, SZ, U32, INT = ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint32, ctypes.c_int
def fn(name, res, *args):
    f = getattr(lib, name)
    f.restype, f.argtypes = res, list(args)
    return f
compile_ = fn("pcre2_compile_8", P, ctypes.c_char_p, SZ, U32, ctypes.POINTER(INT), ctypes.POINTER(SZ), P)
code_free = fn("pcre2_code_free_8", None, P)
data_create = fn("pcre2_match_data_create_from_pattern_8", P, P, P)
data_free = fn("pcre2_match_data_free_8", None, P)
match = fn("pcre2_match_8", INT, P, ctypes.c_char_p, SZ, SZ, U32, P, P)
context = fn("pcre2_match_context_create_8", P, P)(None)
fn("pcre2_set_match_limit_8", INT, P, U32)(context, 4000000000)
fn("pcre2_set_depth_limit_8", INT, P, U32)(context, 4000000000)
fn("pcre2_set_heap_limit_8", INT, P, U32)(context, 4194304)
OPTIONS = {"i": 0x8, "s": 0x20, "x": 0x80, "m": 0x400}
UTF = 0x80000
for line in sys.stdin:
    r = json.loads(line)
    try:
        opts = UTF
        for c in r["flags"]:
            opts |= OPTIONS[c]
        pattern = r["pattern"].encode("utf-8")
        err, off = INT(), SZ()
        code = compile_(pattern, len(pattern), opts, ctypes.byref(err), ctypes.byref(off), None)
        if not code:
            raise ValueError("PCRE2 refuses the pattern: error %d" % err.value)
        data = data_create(code, None)
        small = (r["prefix"] + r["pump"] * 8 + r["suffix"]).encode("utf-8")
        match(code, small, len(small), 0, 0, data, context)
        s = (r["prefix"] + r["pump"] * r["repeat"] + r["suffix"]).encode("utf-8")
        t0 = time.perf_counter()
        rc = match(code, s, len(s), 0, 0, data, context)
        seconds = time.perf_counter() - t0
        data_free(data)
        code_free(code)
        out = {"seconds": seconds} if rc >= -1 else {"error": "pcre2_match returned %d" % rc}
    except Exception as e:
        out = {"error": str(e)}
    sys.stdout.write(json.dumps(out) + "\n")
    sys.stdout.flush()
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("findings")
    ap.add_argument("--timeout", type=float, default=20.0)
    ap.add_argument("--engine", choices=["node", "python", "pcre2"], default="node")
    args = ap.parse_args()
    proc = None

    def start():
        cmd = {"node": ["node", "-e", NODE_WORKER],
               "python": [sys.executable, "-c", PYTHON_WORKER],
               "pcre2": [sys.executable, "-c", PCRE2_WORKER]}[args.engine]
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
