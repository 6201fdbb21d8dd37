"""Compile checks on the real engines, in batch: does the flavor's engine accept a pattern?

Used by agreement.py (parser agreement with real engines) and handy on its own:
    python3 scripts/agreement/engines.py js '(?<a>x)\\k<a>' 'a{2,1}'
JS runs in Node (`new RegExp(p, flags)`), Python in this interpreter (`re.compile`), Java in a
JVM (`Pattern.compile`), PCRE2 through the system libpcre2-8 with PCRE2_UTF, as the peers'
engine servers do.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
# Engine flag letters each checker understands; others are dropped on both sides.
ENGINE_FLAGS = {"js": "dgimsuvy", "python": "aimsux", "java": "dimsuxU", "pcre": "imsx"}


def engine_flags(flavor, flags):
    keep = ENGINE_FLAGS[flavor]
    return "".join(c for c in (flags or "") if c in keep)


def check_js(items):
    proc = subprocess.run(
        ["node", os.path.join(HERE, "compile_node.js")],
        input="".join(json.dumps({"pattern": p, "flags": f}) + "\n" for p, f in items),
        capture_output=True, text=True, check=True)
    out = [json.loads(l) for l in proc.stdout.split("\n") if l.strip()]
    return [(r["ok"], r.get("message")) for r in out]


def check_python(items):
    res = []
    fl = {"a": re.A, "i": re.I, "m": re.M, "s": re.S, "u": re.U, "x": re.X, "L": re.L}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for p, f in items:
            flags = 0
            try:
                for c in f:
                    if c not in fl:
                        raise ValueError("unknown flag %r" % c)
                    flags |= fl[c]
                re.compile(p, flags)
                res.append((True, None))
            except Exception as e:  # re.error, OverflowError, RecursionError, ...
                res.append((False, "%s: %s" % (type(e).__name__, e)))
            re.purge()
    return res


def check_java(items):
    build = os.path.join(tempfile.gettempdir(), "rxguard-agreement-java")
    cls = os.path.join(build, "CompileJava.class")
    src = os.path.join(HERE, "CompileJava.java")
    if not os.path.exists(cls) or os.path.getmtime(cls) < os.path.getmtime(src):
        os.makedirs(build, exist_ok=True)
        subprocess.run(["javac", "-d", build, src], check=True)
    lines = []
    for p, f in items:
        try:
            hx = p.encode("utf-8").hex()
        except UnicodeEncodeError:
            hx = p.encode("utf-8", "surrogatepass").hex()
        lines.append("%s\t%s\n" % (f, hx))
    proc = subprocess.run(["java", "-Xss64m", "-cp", build, "CompileJava"], input="".join(lines),
                          capture_output=True, text=True, check=True)
    res = []
    for l in proc.stdout.split("\n")[:-1]:
        ok, _, msg = l.partition("\t")
        res.append((ok == "1", msg or None))
    return res


# PCRE2_CASELESS, MULTILINE, DOTALL, EXTENDED, NO_AUTO_CAPTURE, DUPNAMES, UNGREEDY
PCRE2_FLAGS = {"i": 0x00000008, "m": 0x00000400, "s": 0x00000020, "x": 0x00000080,
               "n": 0x00002000, "J": 0x00000040, "U": 0x00040000}
PCRE2_UTF = 0x00080000


def pcre2_lib():
    """The peers' ctypes binding of libpcre2-8 (../shared/peers/engines/pcre2_engine.py)."""
    peers = os.path.join(HERE, "..", "..", "..", "shared", "peers", "engines")
    sys.path.insert(0, os.path.abspath(peers))
    import pcre2_engine  # noqa: E402
    return pcre2_engine.Pcre2Lib()


def pcre2_compile(lib, pattern, flags, utf=True):
    """-> (code, None), or (None, why): PCRE2_UTF (unless `utf` is false: the pattern's
    UTF-8 bytes as a byte pattern) plus the flag letters' options."""
    if any(c not in PCRE2_FLAGS for c in flags):
        return None, "unknown flag in %r" % flags
    utf_bit = PCRE2_UTF if utf else 0
    return lib.compile_pattern(pattern, utf_bit | sum(PCRE2_FLAGS[c] for c in set(flags)))


def check_pcre(items):
    lib = pcre2_lib()
    res = []
    for p, f in items:
        code, msg = pcre2_compile(lib, p, f)
        if code:
            lib.code_free(code)
            res.append((True, None))
        else:
            res.append((False, msg))
    return res


CHECKERS = {"js": check_js, "python": check_python, "java": check_java, "pcre": check_pcre}


def check(flavor, items, filter_flags=True):
    """items: list of (pattern, flags) -> list of (accepted, message). With filter_flags,
    letters the checker does not map are dropped (corpus flags such as Snort's)."""
    if filter_flags:
        items = [(p, engine_flags(flavor, f)) for p, f in items]
    out = CHECKERS[flavor](items)
    assert len(out) == len(items), (flavor, len(out), len(items))
    return out


if __name__ == "__main__":
    flavor = sys.argv[1]
    flags = os.environ.get("FLAGS", "")
    for p, (ok, msg) in zip(sys.argv[2:], check(flavor, [(p, flags) for p in sys.argv[2:]])):
        print("OK " if ok else "ERR", p, "" if ok else msg)
