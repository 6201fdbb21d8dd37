#!/usr/bin/env python3
"""rxguard result records (JSON Lines) -> confirm.py input: one line per `vulnerable` record,
its attack as {prefix, pump, suffix}, its index as the id.

    python3 scripts/eval/to_confirm.py RECORDS.jsonl > ATTACKS.jsonl
"""
import json
import sys

for line in open(sys.argv[1]):
    r = json.loads(line)
    if r.get("type") != "result" or r["status"] != "vulnerable":
        continue
    a = r["attack"]
    p = a["pumps"][0]
    print(json.dumps({"pattern": r["pattern"], "flags": r["flags"], "id": r["index"],
                      "attack": {"prefix": p["prefix"], "pump": p["pump"], "suffix": a["suffix"]}}))
