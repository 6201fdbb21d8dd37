#!/usr/bin/env python3
"""Parser agreement with the real engines.

For every pattern in ../shared/corpus/*.jsonl whose flavor is js, python, java or pcre
(deduplicated by pattern and flags per flavor), ask the flavor's engine whether it compiles
the pattern (engines.py) and ask rxguard (`rxguard check`: anything but status "error"
counts as accepted — valid, or valid but unsupported) and report how often they agree.

    python3 scripts/agreement/agreement.py [--corpus DIR] [--bin target/release/rxguard]
        [--flavors js,python,java,pcre] [--limit N] [--write-disagreements FILE]

Engine verdicts are cached in out/agreement/ by content hash, so re-runs after a parser
change only re-run rxguard. Exits 1 when a flavor is below --min (default 99.5%) or when
rxguard crashed on any pattern.
"""
import argparse
import collections
import glob
import hashlib
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
import engines  # noqa: E402

FLAVOR_NAMES = {"js": "javascript", "python": "python", "java": "java", "pcre": "pcre"}


def load(corpus, flavors, limit, cross=False):
    """Unique (pattern, flags) per flavor. With cross, every pattern of the corpus (any
    flavor, flags dropped) is checked under every flavor: a much harder test of rejection."""
    seen = {f: {} for f in flavors}
    for path in sorted(glob.glob(os.path.join(corpus, "*.jsonl"))):
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                if cross:
                    for fl in seen:
                        seen[fl].setdefault((r["pattern"], ""), os.path.basename(path))
                    continue
                fl = r.get("flavor")
                if fl not in seen:
                    continue
                key = (r["pattern"], engines.engine_flags(fl, r.get("flags", "")))
                if key not in seen[fl]:
                    seen[fl][key] = os.path.basename(path)
    out = {}
    for fl, d in seen.items():
        items = list(d.items())
        out[fl] = items[:limit] if limit else items
    return out


def engine_truth(flavor, keys, cache_dir):
    h = hashlib.sha256(json.dumps([flavor, keys]).encode()).hexdigest()[:16]
    path = os.path.join(cache_dir, "%s-%s.json" % (flavor, h))
    if os.path.exists(path):
        with open(path) as fh:
            return [tuple(x) for x in json.load(fh)]
    res = engines.check(flavor, keys)
    os.makedirs(cache_dir, exist_ok=True)
    with open(path, "w") as fh:
        json.dump(res, fh)
    return res


def rxguard_verdicts(binary, flavor, keys):
    lines = "".join(json.dumps({"pattern": p, "flags": f, "flavor": FLAVOR_NAMES[flavor]}) + "\n"
                    for p, f in keys)
    proc = subprocess.run([binary, "parse", "--input", "jsonl"],
                          input=lines.encode("utf-8", "surrogatepass"), capture_output=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr.decode("utf-8", "replace")[-4000:])
        raise SystemExit("rxguard exited with %d (a crash or a panic)" % proc.returncode)
    recs = [json.loads(l) for l in proc.stdout.decode("utf-8").split("\n") if l.strip()]
    recs = [r for r in recs if r.get("type") == "parse"]
    if len(recs) != len(keys):
        raise SystemExit("rxguard gave %d records for %d patterns" % (len(recs), len(keys)))
    return recs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "corpus"))
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "rxguard"))
    ap.add_argument("--flavors", default="js,python,java,pcre")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--min", type=float, default=99.5)
    ap.add_argument("--cache", default=os.path.join(ROOT, "out", "agreement"))
    ap.add_argument("--cross", action="store_true",
                    help="check every corpus pattern under every flavor (flags dropped)")
    ap.add_argument("--write-disagreements")
    ap.add_argument("--baseline", help="known disagreements (JSONL): any other one fails the run")
    ap.add_argument("--show", type=int, default=0, help="print N disagreements per flavor")
    a = ap.parse_args()
    flavors = a.flavors.split(",")
    data = load(a.corpus, flavors, a.limit, a.cross)
    rows, bad, failed = [], [], False
    for fl in flavors:
        items = data[fl]
        keys = [k for k, _ in items]
        truth = engine_truth(fl, keys, a.cache)
        ours = rxguard_verdicts(a.bin, fl, keys)
        agree = 0
        kinds = collections.Counter()
        for (key, src), (ok, msg), rec in zip(items, truth, ours):
            # Accepted: valid, or valid but unsupported / over a limit.
            acc = rec["valid"] or rec["family"] != "invalid"
            if acc == ok:
                agree += 1
                continue
            err = rec.get("error") or {}
            kinds[("engine accepts" if ok else "engine rejects", err.get("kind") or "valid")] += 1
            bad.append({"flavor": fl, "pattern": key[0], "flags": key[1], "source": src,
                        "engine_accepts": ok, "engine_message": msg,
                        "rxguard_status": "valid" if rec["valid"] else rec["family"],
                        "rxguard_error": err.get("kind"), "rxguard_reason": None})
        pct = 100.0 * agree / max(1, len(items))
        rows.append((fl, len(items), sum(1 for ok, _ in truth if not ok), agree, pct))
        if pct < a.min:
            failed = True
        if a.show:
            print("== %s: top disagreement classes" % fl)
            for (side, kind), n in kinds.most_common(12):
                print("   %5d  %s / rxguard: %s" % (n, side, kind))
            for b in [b for b in bad if b["flavor"] == fl][:a.show]:
                print("   %r flags=%r engine=%s %s | rxguard=%s %s" % (
                    b["pattern"][:120], b["flags"], b["engine_accepts"], (b["engine_message"] or "")[:80],
                    b["rxguard_status"], b["rxguard_error"] or b["rxguard_reason"]))
    print("| flavor | patterns (unique) | engine rejects | agree | agreement |")
    print("|---|---:|---:|---:|---:|")
    for fl, n, rej, ag, pct in rows:
        print("| %s | %d | %d | %d | %.2f%% |" % (fl, n, rej, ag, pct))
    if a.baseline:
        known = set()
        with open(a.baseline, encoding="utf-8") as fh:
            for line in fh:
                d = json.loads(line)
                known.add((d["flavor"], d["pattern"]))
        new = [b for b in bad if (b["flavor"], b["pattern"]) not in known]
        for b in new[:20]:
            print("NEW DISAGREEMENT [%s] %r: engine %s (%s), rxguard %s %s" % (
                b["flavor"], b["pattern"][:100], "accepts" if b["engine_accepts"] else "rejects",
                (b["engine_message"] or "")[:60], b["rxguard_status"], b["rxguard_error"]))
        if new:
            print("%d disagreements not in %s" % (len(new), a.baseline))
            failed = True
    if a.write_disagreements:
        with open(a.write_disagreements, "w", encoding="utf-8") as fh:
            for b in bad:
                fh.write(json.dumps(b, ensure_ascii=False) + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
