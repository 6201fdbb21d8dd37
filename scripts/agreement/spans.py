"""First-match spans from the real engines (search semantics), for simulator test data.

    spans(flavor, [(pattern, flags, haystack), ...]) -> [None | [start, end], ...]

Haystacks should be ASCII: Node and Java index UTF-16 code units, PCRE2 bytes, Python code
points, and for ASCII they agree.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

NODE = r"""
const lines = require('fs').readFileSync(0, 'utf8').split('\n').filter(Boolean);
for (const l of lines) {
  const [p, f, s] = JSON.parse(l);
  let r;
  try { const m = new RegExp(p, f).exec(s); r = m ? [m.index, m.index + m[0].length] : null; }
  catch (e) { r = 'error'; }
  console.log(JSON.stringify(r));
}
"""

JAVA = r"""
import java.io.*; import java.nio.charset.StandardCharsets; import java.util.regex.*;
public class Spans { public static void main(String[] a) throws IOException {
  BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
  String line; while ((line = in.readLine()) != null) {
    String[] parts = line.split("\t", -1);
    String p = dec(parts[0]), f = parts[1], s = dec(parts[2]); int fl = 0;
    for (char c : f.toCharArray()) { if (c=='i') fl |= Pattern.CASE_INSENSITIVE; if (c=='m') fl |= Pattern.MULTILINE;
      if (c=='s') fl |= Pattern.DOTALL; if (c=='x') fl |= Pattern.COMMENTS; }
    try { Matcher m = Pattern.compile(p, fl).matcher(s);
      System.out.println(m.find() ? "[" + m.start() + ", " + m.end() + "]" : "null"); }
    catch (Exception e) { System.out.println("\"error\""); } } }
  static String dec(String h) { byte[] b = new byte[h.length()/2];
    for (int i = 0; i < b.length; i++) b[i] = (byte) Integer.parseInt(h.substring(2*i, 2*i+2), 16);
    return new String(b, StandardCharsets.UTF_8); } }
"""


def spans_js(cases):
    inp = "".join(json.dumps([p, f, s]) + "\n" for p, f, s in cases)
    out = subprocess.run(["node", "-e", NODE], input=inp, capture_output=True, text=True, check=True).stdout
    return [json.loads(l) for l in out.split("\n") if l.strip()]


def spans_python(cases):
    res = []
    for p, f, s in cases:
        fl = 0
        for c in f:
            fl |= {"i": re.I, "m": re.M, "s": re.S, "x": re.X, "a": re.A}[c]
        try:
            m = re.search(p, s, fl)
            res.append(list(m.span()) if m else None)
        except re.error:
            res.append("error")
    return res


def spans_java(cases):
    d = os.path.join(tempfile.gettempdir(), "rxguard-spans-java")
    os.makedirs(d, exist_ok=True)
    src = os.path.join(d, "Spans.java")
    with open(src, "w") as fh:
        fh.write(JAVA)
    subprocess.run(["javac", "-d", d, src], check=True)
    inp = "".join("%s\t%s\t%s\n" % (p.encode().hex(), f, s.encode().hex()) for p, f, s in cases)
    out = subprocess.run(["java", "-cp", d, "Spans"], input=inp, capture_output=True, text=True, check=True).stdout
    return [json.loads(l) for l in out.split("\n") if l.strip()]


def spans_pcre(cases):
    sys.path.insert(0, HERE)
    from engines import pcre2_compile, pcre2_lib
    lib = pcre2_lib()
    res = []
    for p, f, s in cases:
        code, _ = pcre2_compile(lib, p, f)
        if not code:
            res.append("error")
            continue
        md = lib.md_create(code, None)
        sb = s.encode()
        rc = lib.match(code, sb, len(sb), 0, 0, md, None)
        if rc >= 0:
            ov = lib.ovector(md)
            res.append([ov[0], ov[1]])
        else:
            res.append(None)
        lib.md_free(md)
        lib.code_free(code)
    return res


SPANS = {"javascript": spans_js, "python": spans_python, "java": spans_java, "pcre": spans_pcre}


def spans(flavor, cases):
    return SPANS[flavor](cases)
