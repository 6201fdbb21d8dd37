"""Differential test of the matcher against the real engines.

For corpus patterns of each flavor that `rxguard match` accepts, on generated haystacks
(strings over the pattern's own characters, near-misses of them, and random ASCII text),
compare every match of a global iteration — span and groups — with Node (`matchAll` with
the `d` flag), CPython (`re.finditer`), the JDK (`Matcher.find` loop) and libpcre2-8
(`pcre2_match` loop, as pcre2demo steps past empty matches).

    cargo build --release -p rxguard-cli
    python3 scripts/matcher/differential.py [--per-flavor 1500] [--flavors js,python,java]
        [--out disagreements.jsonl] [--min-agreement 99.9]     (flavors: js,python,java,pcre)

Haystacks are ASCII and at most 14 characters, so UTF-16 indices (Node, Java), code points
(Python) and UTF-8 bytes (rxguard) coincide, and a pattern that is exponential on a
backtracking engine still finishes there.

With --bytes, the byte API is compared instead (flavors python and pcre): each pattern's
UTF-8 bytes are compiled as a Python bytes pattern (`re.compile(b"...")`) and by libpcre2-8
without PCRE2_UTF, rxguard gets `haystack_hex`, and the haystacks mix in bytes 0x80-0xFF
(lone, and as UTF-8 sequences of the pattern's own non-ASCII characters).
"""
import argparse
import glob
import json
import os
import random
import re
import string
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "scripts", "agreement"))
import engines  # noqa: E402

FLAVOR_NAMES = {"js": "javascript", "python": "python", "java": "java", "pcre": "pcre"}

NODE = r"""
const lines = require('fs').readFileSync(0, 'utf8').split('\n').filter(Boolean);
const out = [];
for (const l of lines) {
  const [p, f, s] = JSON.parse(l);
  let r;
  try {
    const re = new RegExp(p, f.replace(/[gyd]/g, '') + 'gd');
    r = [];
    for (const m of s.matchAll(re)) {
      r.push(m.indices.map(x => x === undefined ? null : [x[0], x[1]]));
    }
  } catch (e) { r = 'error'; }
  out.push(JSON.stringify(r));
}
process.stdout.write(out.join('\n') + '\n');
"""

JAVA = r"""
import java.io.*; import java.nio.charset.StandardCharsets; import java.util.regex.*;
public class AllMatches { public static void main(String[] a) throws IOException {
  BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
  PrintStream out = new PrintStream(new BufferedOutputStream(System.out), false, "UTF-8");
  String line; while ((line = in.readLine()) != null) {
    String[] parts = line.split("\t", -1);
    String p = dec(parts[0]), f = parts[1], s = dec(parts[2]); int fl = 0;
    for (char c : f.toCharArray()) { if (c=='i') fl |= Pattern.CASE_INSENSITIVE; if (c=='m') fl |= Pattern.MULTILINE;
      if (c=='s') fl |= Pattern.DOTALL; if (c=='x') fl |= Pattern.COMMENTS; if (c=='u') fl |= Pattern.UNICODE_CASE;
      if (c=='U') fl |= Pattern.UNICODE_CHARACTER_CLASS; if (c=='d') fl |= Pattern.UNIX_LINES; }
    StringBuilder b = new StringBuilder();
    try { Matcher m = Pattern.compile(p, fl).matcher(s); b.append('['); boolean first = true;
      while (m.find()) { if (!first) b.append(','); first = false; b.append('[');
        for (int i = 0; i <= m.groupCount(); i++) { if (i > 0) b.append(',');
          if (m.start(i) < 0) b.append("null"); else b.append("[" + m.start(i) + "," + m.end(i) + "]"); }
        b.append(']'); }
      b.append(']'); out.println(b); }
    catch (Throwable e) { out.println("\"error\""); } }
  out.flush(); }
  static String dec(String h) { byte[] b = new byte[h.length()/2];
    for (int i = 0; i < b.length; i++) b[i] = (byte) Integer.parseInt(h.substring(2*i, 2*i+2), 16);
    return new String(b, StandardCharsets.UTF_8); } }
"""


def run_js(cases):
    inp = "".join(json.dumps([p, f, s]) + "\n" for p, f, s in cases)
    out = subprocess.run(["node", "-e", NODE], input=inp, capture_output=True, text=True,
                         check=True, timeout=1800).stdout
    return [json.loads(l) for l in out.split("\n") if l.strip()]


def run_python(cases):
    import warnings
    res = []
    fl = {"a": re.A, "i": re.I, "m": re.M, "s": re.S, "u": re.U, "x": re.X}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for p, f, s in cases:
            try:
                if isinstance(s, bytes):
                    p = p.encode("utf-8")
                r = re.compile(p, sum(fl[c] for c in set(f) if c in fl))
                res.append([[None if m.span(i)[0] < 0 else list(m.span(i))
                             for i in range(r.groups + 1)] for m in r.finditer(s)])
            except Exception:
                res.append("error")
    return res


def run_java(cases):
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "AllMatches.java"), "w") as fh:
            fh.write(JAVA)
        subprocess.run(["javac", "-d", d, os.path.join(d, "AllMatches.java")], check=True)
        inp = "".join("%s\t%s\t%s\n" % (p.encode().hex(), f, s.encode().hex()) for p, f, s in cases)
        out = subprocess.run(["java", "-Xss64m", "-cp", d, "AllMatches"], input=inp,
                             capture_output=True, text=True, check=True, timeout=1800).stdout
    return [json.loads(l) for l in out.split("\n") if l.strip()]


def run_pcre(cases):
    """libpcre2-8 through the peers' ctypes binding; global iteration as pcre2demo does it:
    after an empty match, retry at the same place with NOTEMPTY_ATSTART | ANCHORED, and
    only if that fails move one character on."""
    import ctypes
    lib = engines.pcre2_lib()
    anchored, notempty_atstart = 0x80000000, 0x00000008
    unset = ctypes.c_size_t(-1).value
    res = []
    for p, f, s in cases:
        code, _ = engines.pcre2_compile(lib, p, f, utf=not isinstance(s, bytes))
        if not code:
            res.append("error")
            continue
        md = lib.md_create(code, None)
        groups = lib.capture_count(code) + 1
        subj = s if isinstance(s, bytes) else s.encode("utf-8")
        # Spans in bytes; the haystacks are ASCII, so they are character indices too.
        out, start, options = [], 0, 0
        while start <= len(subj):
            rc = lib.match(code, subj, len(subj), start, options, md, None)
            if rc < 0:
                if options == 0:
                    break
                options = 0
                start += 1
                continue
            ov = lib.ovector(md)
            m = []
            for g in range(groups):
                a, b = ov[2 * g], ov[2 * g + 1]
                m.append(None if a == unset else [a, b])
            out.append(m)
            start = ov[1]
            options = notempty_atstart | anchored if ov[0] == ov[1] else 0
        lib.md_free(md)
        lib.code_free(code)
        res.append(out)
    return res


RUN = {"js": run_js, "python": run_python, "java": run_java, "pcre": run_pcre}


def haystacks(pattern, rng):
    """Strings over the pattern's own characters, near-misses and random text."""
    alphabet = sorted({c for c in pattern if 32 <= ord(c) < 127 and c not in "\\()[]{}|*+?^$"})
    for esc, sample in (("\\d", "0123456789"), ("\\w", "aZ_9"), ("\\s", " \t"), (".", "x.")):
        if esc in pattern:
            alphabet.extend(sample)
    if not alphabet:
        alphabet = list("ab")
    out = []
    for _ in range(3):
        out.append("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14))))
    base = out[rng.randrange(len(out))] or "a"
    i = rng.randrange(len(base) + 1)
    out.append(base[:i] + rng.choice(string.printable[:94]) + base[i + 1:])
    out.append("".join(rng.choice(string.printable[:95]) for _ in range(rng.randint(0, 14))))
    return out


def byte_haystacks(pattern, rng):
    """The text haystacks as bytes, with bytes 0x80-0xFF put in: lone ones and the UTF-8
    sequences of the pattern's own non-ASCII characters."""
    own = [c.encode("utf-8") for c in set(pattern) if ord(c) >= 128]
    out = []
    for s in haystacks(pattern, rng):
        b = bytearray(s.encode("utf-8"))
        for _ in range(rng.randint(1, 3)):
            piece = rng.choice(own) if own and rng.random() < 0.5 else bytes([rng.randint(0x80, 0xFF)])
            i = rng.randint(0, len(b))
            b[i:i] = piece
        out.append(bytes(b))
    return out


def load(corpus, flavors, per_flavor, seed):
    seen = {f: {} for f in flavors}
    for path in sorted(glob.glob(os.path.join(corpus, "*.jsonl"))):
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                fl = r.get("flavor")
                if fl in seen and len(r["pattern"]) <= 300:
                    seen[fl].setdefault((r["pattern"], engines.engine_flags(fl, r.get("flags", ""))), None)
    rng = random.Random(seed)
    out = {}
    for fl, d in seen.items():
        keys = sorted(d)
        rng.shuffle(keys)
        out[fl] = keys[:per_flavor]
    return out


def rxguard(binary, flavor, cases):
    def hay(s):
        return {"haystack_hex": s.hex()} if isinstance(s, bytes) else {"haystack": s}
    lines = "".join(json.dumps({"pattern": p, "flags": f, "flavor": FLAVOR_NAMES[flavor],
                                "all": True, **hay(s)}) + "\n" for p, f, s in cases)
    proc = subprocess.run([binary, "match"], input=lines.encode("utf-8", "surrogatepass"),
                          capture_output=True, timeout=1800)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr.decode("utf-8", "replace")[-4000:])
        raise SystemExit("rxguard match exited with %d" % proc.returncode)
    return [json.loads(l) for l in proc.stdout.decode("utf-8").split("\n") if l.strip()]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "rxguard"))
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "corpus"))
    ap.add_argument("--flavors", default="js,python,java,pcre")
    ap.add_argument("--per-flavor", type=int, default=1500)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default=None, help="write disagreements here (JSON Lines)")
    ap.add_argument("--min-agreement", type=float, default=None)
    ap.add_argument("--bytes", action="store_true",
                    help="compare the bytes API (flavors python and pcre)")
    a = ap.parse_args()
    flavors = a.flavors.split(",")
    if a.bytes:
        flavors = [f for f in flavors if f in ("python", "pcre")]
    data = load(a.corpus, flavors, a.per_flavor, a.seed)
    failed = False
    bad_out = open(a.out, "w") if a.out else None
    for fl in flavors:
        rng = random.Random(a.seed)
        make = byte_haystacks if a.bytes else haystacks
        cases = [(p, f, s) for p, f in data[fl] for s in make(p, rng)]
        ours = rxguard(a.bin, fl, cases)
        accepted = [i for i, r in enumerate(ours) if r["error"] is None]
        truth = RUN[fl]([cases[i] for i in accepted])
        agree = compared = 0
        tiers = {"A": 0, "B": 0}
        refused = {}
        for r in ours:
            if r["error"] is not None:
                refused[r["error"]["kind"]] = refused.get(r["error"]["kind"], 0) + 1
        for i, t in zip(accepted, truth):
            if t == "error":
                continue
            compared += 1
            got = [[m["span"]] + m["groups"] for m in ours[i]["matches"]]
            tiers[ours[i]["tier"]] += 1
            if got == t:
                agree += 1
            elif bad_out:
                p, f, s = cases[i]
                hay = {"haystack_hex": s.hex()} if isinstance(s, bytes) else {"haystack": s}
                bad_out.write(json.dumps({"flavor": fl, "pattern": p, "flags": f, **hay,
                                          "rxguard": got, "engine": t, "tier": ours[i]["tier"]}) + "\n")
        pct = 100.0 * agree / compared if compared else 100.0
        print("%-7s patterns %5d  cases %6d  compared %6d (tier A %d, B %d)  agree %6.2f%%  refused %s"
              % (fl, len(data[fl]), len(cases), compared, tiers["A"], tiers["B"], pct,
                 json.dumps(refused, sort_keys=True)))
        if a.min_agreement is not None and pct < a.min_agreement:
            failed = True
    if failed:
        raise SystemExit("agreement below %.2f%%" % a.min_agreement)


if __name__ == "__main__":
    main()
