#!/usr/bin/env python3
"""Builds testdata/analysis/engines.toml: verdict cases whose expectations are what the real
engines do, not what rxguard says.

    cargo build --release -p rxguard-cli
    python3 scripts/analysis/engine_cases.py [--peers DIR] [--out testdata/analysis/engines.toml]

For every (base pattern, flavor, mode) in BASES that the flavor accepts, rxguard's verdict
is taken, then checked on the flavor's engine with ../shared/peers/confirm.py (javascript →
Node, python → CPython, java → the JDK, pcre → PCRE2 10.42's interpreter; 100,000-character
cap, 1 s threshold; modes are given to the engine by wrapping the pattern: anchored
`\\A(?:p)`, full `\\A(?:p)\\z` — `^`/`$` without `m` in JavaScript, `\\Z` in Python):

- vulnerable: rxguard's own attack must block the engine for a second within the cap, and
  the engine's growth class (exponential / polynomial) must be rxguard's;
- safe: the record's own strongest attack below the threshold, if it has one, and every
  attack rxguard found for the same base pattern under another flavor or mode (they blow
  up *some* engine) must stay under a second on this engine at the cap. A base with no
  attack anywhere is probed with a pump of each of its characters and a failing suffix.

A case is written only where the engine agrees; disagreements are printed (and are what to
investigate: a simulator that misses an engine optimization, or a flavor difference). Each
written case carries the engine's evidence in `note`.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FLAVORS = ["javascript", "python", "java", "pcre"]
MODES = ["search", "anchored", "full"]
ENGINE = {"javascript": "node", "python": "python", "java": "java", "pcre": "pcre2"}

# (name, pattern). Classics, their safe look-alikes, possessive/atomic versions, counted
# repeats, lookaround and backreferences; the flavors and modes multiply them.
BASES = [
    ("nested-plus", r"(a+)+$"),
    ("nested-plus-no-anchor", r"(a+)+"),
    ("alternation-overlap", r"(a|a)*$"),
    ("fibonacci", r"^(a|aa)+$"),
    ("words-spaces", r"^(\w+\s?)*$"),
    ("two-plus-in-plus", r"(x+x+)+y"),
    ("nested-classes", r"^(([a-z])+.)+[A-Z]([a-z])+$"),
    ("star-star", r"(a*)*b"),
    ("ab-split", r"^(a|b|ab)*c"),
    ("triple-nest", r"^((a+)+)+$"),
    ("word-or-digit", r"^(?:\w|\d)+$"),
    ("optional-in-plus", r"(?:a|a?)+$"),
    ("email-cve", r"^([a-zA-Z0-9])(([\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$"),
    ("trailing-space", r"\s+$"),
    ("trailing-space-star", r"\s*$"),
    ("two-digit-runs", r"\d+\d+$"),
    ("dot-star-twice", r".*.*=.*"),
    ("letters-at", r"[a-z]+@"),
    ("digits-dot-digits", r"\d+\.\d+"),
    ("dot-star-dot", r"^.*\.(.*)$"),
    ("comma-fields", r"^(.*?,){11}P"),
    ("spaces-hash", r"\s*#?$"),
    ("quoted", r'"(?:[^"\\]|\\.)*"'),
    ("letters-anchored", r"^[a-z]+$"),
    ("literal", r"abc"),
    ("a-or-b-star", r"^(a|b)*$"),
    ("ab-or-a", r"^(ab|a)*c$"),
    ("simple-email", r"^\w+@\w+\.com$"),
    ("not-at", r"^[^@]+@[^@]+$"),
    ("dashed-words", r"^(?:[a-z]+-)*[a-z]+$"),
    ("phone", r"^\d{3}-\d{4}$"),
    ("atomic-nested", r"^(?>a+)+$"),
    ("possessive-nested", r"^(a++)+$"),
    ("possessive-trailing", r"\s++$"),
    ("atomic-alternation", r"^(?>a|a)*$"),
    ("counted-word", r"\w{1,1000}!"),
    ("counted-nested", r"^(a{1,10}){1,10}$"),
    ("counted-large", r"a{1,1000}b"),
    ("lookahead-password", r"^(?=.*\d)(?=.*[a-z]).{8,}$"),
    ("lookbehind-dollar", r"(?<=\$)\d+"),
    ("lookahead-in-loop", r"^(?:(?=a)a+)+$"),
    ("lookahead-guarded", r"^(?:a(?!a))*$"),
    ("backref-double", r"^(a+)\1$"),
    ("backref-word", r"(\w+)\s\1"),
    ("lazy-nested", r"^(a+?)+?$"),
    ("lazy-dots", r"^.*?a.*?a.*?b"),
    ("counted-groups-nested", r"^(?:(?:a|a){2,5}){2,5}$"),
    ("counted-alternation-bounded", r"^(a|a){1,20}$"),
    ("counted-long-prefix", r"^([^-]+)-([A-Za-z0-9+/=]{44,88})(\?[\x21-\x7E]*)*$"),
    ("lookbehind-leading-scan", r"(?<=Gene:)(.*?),"),
    ("lookahead-scan-then-match", r"(?=.*?c).*"),
]


def wrap(pattern, flavor, mode):
    if mode == "search":
        return pattern
    js = flavor == "javascript"
    start = "^" if js else r"\A"
    if mode == "anchored":
        return "%s(?:%s)" % (start, pattern)
    end = "$" if js else (r"\Z" if flavor == "python" else r"\z")
    return "%s(?:%s)%s" % (start, pattern, end)


def run_rxguard(binary, cases):
    lines = "".join(
        json.dumps({"pattern": p, "flavor": f, "mode": m, "id": str(i)}) + "\n"
        for i, (_, p, f, m) in enumerate(cases)
    )
    out = subprocess.run([binary, "check", "-", "--format", "jsonl", "--exit-zero"],
                         input=lines, capture_output=True, text=True, check=True).stdout
    # Not splitlines(): records may hold U+2028 or U+0085 unescaped, which it splits on.
    recs = [json.loads(l) for l in out.split("\n") if l]
    return [r for r in recs if r.get("type") == "result"]


def attack_of(rec):
    a = rec["attack"]
    p = a["pumps"][0]
    return {"prefix": p["prefix"], "pump": p["pump"], "suffix": a["suffix"]}


def confirm(peers, jobs, engine):
    """jobs: list of (key, pattern, attack) → {key: engine result}."""
    if not jobs:
        return {}
    with tempfile.TemporaryDirectory() as d:
        inp, outp = os.path.join(d, "in.jsonl"), os.path.join(d, "out.jsonl")
        with open(inp, "w") as f:
            for key, pattern, attack in jobs:
                f.write(json.dumps({"pattern": pattern, "flags": "", "id": key,
                                    "attack": attack}) + "\n")
        subprocess.run([sys.executable, os.path.join(peers, "confirm.py"), inp, outp,
                        "--engines", engine, "--cap", "100000", "--threshold-ms", "1000"],
                       check=True, stdout=subprocess.DEVNULL, stderr=sys.stderr)
        res = {}
        for line in open(outp):
            r = json.loads(line)
            res[r["id"]] = r["engines"][engine]
        return res


def below_attack(rec):
    """The record's own strongest attack below the threshold, if it has one."""
    below = rec.get("below_threshold")
    return attack_of(below) if below and below.get("attack") else None


def probes(attacks, name, rec):
    """The record's own below-threshold attack, then the attacks found for `name` anywhere,
    or plain pumps with a failing suffix."""
    own = below_attack(rec)
    found = attacks.get(name) or [
        {"prefix": "", "pump": c, "suffix": "\u0001"} for c in ("a", "0", " ", "x")
    ]
    return ([own] if own else []) + found


def toml_str(s):
    if "'" not in s and "\n" not in s:
        return "'%s'" % s
    return json.dumps(s)


def blocks(text):
    """A generated file as its header and its cases, each (base name, text)."""
    head, *cases = text.split("[[test]]\n")
    named = []
    for case in cases:
        name = case.split('"', 2)[1]
        # name = "<base>-<flavor>-<mode>"; bases hold hyphens too.
        base = name.rsplit("-", 2)[0]
        named.append((base, "[[test]]\n" + case))
    return head, named


def splice(old, new, only):
    """`old` with the cases of the bases in `only` replaced by `new`'s: each base's new
    cases where its first old one stood (at the end for a base it did not have)."""
    head, old_cases = blocks(old)
    _, new_cases = blocks(new)
    by_base = {}
    for base, case in new_cases:
        by_base.setdefault(base, []).append(case)
    out, placed = [], set()
    for base, case in old_cases:
        if base not in only:
            out.append(case)
        elif base not in placed:
            placed.add(base)
            out.extend(by_base.get(base, []))
    for base in sorted(set(by_base) - placed):
        out.extend(by_base[base])
    # Each case ends in a blank line but the file's last, as the full run writes it.
    return (head + "".join(c if c.endswith("\n\n") else c + "\n" for c in out)).rstrip("\n") + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=os.path.join(ROOT, "target/release/rxguard"))
    ap.add_argument("--peers", default=os.path.join(ROOT, "../shared/peers"))
    ap.add_argument("--out", default=os.path.join(ROOT, "testdata/analysis/engines.toml"))
    ap.add_argument("--only", help="comma-separated base names: re-checks those bases and "
                    "replaces their cases in the existing --out file, keeping the others")
    a = ap.parse_args()

    only = set(a.only.split(",")) if a.only else None
    cases = [(name, p, f, m) for name, p in BASES if not only or name in only
             for f in FLAVORS for m in MODES]
    recs = run_rxguard(a.binary, cases)
    assert len(recs) == len(cases)
    attacks = {}  # base name -> list of attacks found anywhere
    for (name, p, f, m), r in zip(cases, recs):
        if r["status"] == "vulnerable":
            attacks.setdefault(name, []).append(attack_of(r))
    jobs = {e: [] for e in ENGINE.values()}
    for i, ((name, p, f, m), r) in enumerate(zip(cases, recs)):
        engine_pattern = wrap(p, f, m)
        if r["status"] == "vulnerable":
            jobs[ENGINE[f]].append(("%d" % i, engine_pattern, attack_of(r)))
        elif (r.get("reason") or "").startswith("near the threshold") and (
                below_attack(r) or attacks.get(name)):
            near = below_attack(r) or attacks[name][0]
            jobs[ENGINE[f]].append(("%d.near" % i, engine_pattern, near))
        elif r["status"] == "safe":
            for k, atk in enumerate(probes(attacks, name, r)):
                jobs[ENGINE[f]].append(("%d.%d" % (i, k), engine_pattern, atk))
    results = {}
    for engine, js in jobs.items():
        print("confirming %d attacks on %s" % (len(js), engine), file=sys.stderr)
        results.update(confirm(a.peers, js, engine))

    out = [
        "# Verdicts checked on the real engines, generated by scripts/analysis/engine_cases.py",
        "# (see its docstring: rxguard's attack confirmed on the flavor's engine for",
        "# `vulnerable`, every attack found for the same pattern elsewhere refuted for `safe`).",
        "# Do not edit by hand; re-run the script. `note` is the engine's evidence.",
        "",
    ]
    kept = disagree = skipped = 0
    for i, ((name, p, f, m), r) in enumerate(zip(cases, recs)):
        st = r["status"]
        eng = ENGINE[f]
        if st == "vulnerable":
            e = results.get("%d" % i)
            klass = e and e.get("class")
            ok = bool(e and e.get("confirmed")) and klass == r["complexity"]
            if not ok:
                disagree += 1
                print("DISAGREE %s %s %s %r: rxguard %s %s, %s %s confirmed=%s max %.0f ms at %s"
                      % (name, f, m, p, r["complexity"], r["degree"], eng, klass,
                         e and e.get("confirmed"), (e and e.get("max_ms")) or 0,
                         e and e.get("max_len")))
                continue
            took = ("%.1f s" % (e["confirm_ms"] / 1000) if e.get("confirm_ms")
                    else "over the 5 s try timeout")
            note = "%s: %s%s, %s at %d chars" % (
                eng, klass, "(%s)" % e["degree"] if e.get("degree") else "", took,
                e["confirm_len"])
        elif st == "safe":
            es = [results.get("%d.%d" % (i, k)) for k in range(len(probes(attacks, name, r)))]
            es = [e for e in es if e]
            if any(e.get("confirmed") for e in es) or not es:
                disagree += 1
                print("DISAGREE %s %s %s %r: rxguard safe, %s confirmed a probe" % (name, f, m, p, eng))
                continue
            worst = max(es, key=lambda e: e.get("max_ms") or 0)
            note = "%s: %d probes, slowest %.0f ms at %d chars" % (
                eng, len(es), worst.get("max_ms") or 0, worst.get("max_len") or 0)
        elif (r.get("reason") or "").startswith("near the threshold"):
            # Between the engine's fast and slow rates: the engine's own outcome is the
            # evidence; rxguard's `unknown` is what the case pins.
            e = results.get("%d.near" % i)
            note = "%s: %s; rxguard: near the threshold" % (
                eng, "confirmed (%.1f s at %d chars)" % ((e.get("confirm_ms") or 5000) / 1000,
                                                         e["confirm_len"])
                if e and e.get("confirmed") else "not confirmed")
        else:
            skipped += 1
            continue
        kept += 1
        out.append("[[test]]")
        out.append('name = "%s-%s-%s"' % (name, f, m))
        out.append("pattern = %s" % toml_str(p))
        out.append('flavor = "%s"' % f)
        if m != "search":
            out.append('mode = "%s"' % m)
        out.append('status = "%s"' % st)
        if st == "vulnerable":
            out.append('complexity = "%s"' % r["complexity"])
            # The engine's degree is a slope fitted to timings: kept where it agrees.
            if r["degree"] and results["%d" % i].get("degree") == r["degree"]:
                out.append("degree = %d" % r["degree"])
        elif r["complexity"] == "linear":
            out.append('complexity = "linear"')
        out.append("note = %s" % json.dumps(note))
        out.append("")
    if only and os.path.exists(a.out):
        out = splice(open(a.out).read(), "\n".join(out), only)
    else:
        out = "\n".join(out)
    with open(a.out, "w") as f:
        f.write(out)
    print("%d cases written, %d disagreements, %d errors/unknown skipped" % (kept, disagree, skipped),
          file=sys.stderr)


if __name__ == "__main__":
    main()
