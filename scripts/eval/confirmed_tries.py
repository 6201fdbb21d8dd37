#!/usr/bin/env python3
"""confirm.py output -> the tries it confirmed on Node, as `scripts/eval/retime.js` input.

    python3 scripts/eval/confirmed_tries.py CONFIRM.jsonl > TRIES.jsonl

One line per confirmed attack: {"pattern", "flags", "pumps": [[prefix, pump, bias]],
"suffix", "n"}, `n` the pump count of the try that took a second (recheck's multi-pump
attacks repeat every pump n + bias times, as confirm.py builds them).
"""
import json
import sys

for line in open(sys.argv[1]):
    r = json.loads(line)
    if not r.get("confirmed"):
        continue
    node = r["engines"]["node"]
    tries = [p for p in node["points"] if p["len"] == node["confirm_len"]]
    a = r["attack"]
    parts = a["pumps"] if "pumps" in a else [a]
    pumps = [[p.get("prefix") or "", p["pump"], int(p.get("bias") or 0)] for p in parts]
    print(json.dumps({"pattern": r["pattern"], "flags": r.get("flags", ""), "pumps": pumps,
                      "suffix": a.get("suffix") or "", "n": tries[0]["n"]}))
