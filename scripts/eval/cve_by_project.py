#!/usr/bin/env python3
"""The RegExScalpel CVE set with each pattern's flavor taken from its project's ecosystem.

    python3 scripts/eval/cve_by_project.py ../shared/corpus/regexscalpel-cve415-sola-da.jsonl \
        | ./target/release/rxguard check --input jsonl --max-length 1000000

The corpus says `flavor: unknown`, with `project` as the hint (corpus README). Python
projects (the advisories' PyPI packages) get `python`; everything else — npm packages,
uap-core (whose regexes ship in ua-parser-js) — `javascript`.
"""
import json
import sys

PYTHON = {
    "pygments", "Zulip", "Pillow", "markdown2", "cairosvg", "apprise", "sqlparse",
    "flask-restx", "py", "bleach", "urllib3", "python", "jinja",
}

for line in open(sys.argv[1]):
    r = json.loads(line)
    project = r["project"].split(" ")[0]
    flavor = "python" if project in PYTHON else "javascript"
    print(json.dumps({"pattern": r["pattern"], "flavor": flavor, "id": r.get("ref")}))
