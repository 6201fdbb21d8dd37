#!/usr/bin/env bash
# Runs every test of rxguard. This is the README's test command and what CI runs.
#
#   1. cargo test: unit, test-data, hostile-input, lowering and CLI tests; the CLI's SARIF
#      output validated against the official SARIF 2.1.0 schema (testdata/sarif);
#   2. engine checks: every testdata/syntax case against the real engines (Node, CPython,
#      the JDK, PCRE2), and parser agreement over ../shared/corpus (>= 99.5% per flavor);
#      and the matcher's spans and groups against Node, CPython and the JDK (>= 99.9%);
#   3. the Python bindings: installed with pip into a fresh venv, their pytest suite (API,
#      hypothesis differential against CPython's re on the corpus, threads) and stubtest;
#   4. a short run of each fuzz target (cargo fuzz on stable, --sanitizer none).
#
# Stages whose tools are missing are skipped with a message, unless RXGUARD_REQUIRE_ENGINES=1
# (CI), which makes a missing tool a failure. The fuzz stage is deterministic (FUZZ_SEED,
# FUZZ_RUNS executions per target) so a given commit passes or fails the same way every time;
# FUZZ_SECONDS caps its time on a slow machine. Explore with a random seed and more time:
#   FUZZ_SEED=0 FUZZ_RUNS=-1 FUZZ_SECONDS=600 ./scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
FUZZ_RUNS=${FUZZ_RUNS:-100000}
FUZZ_SEED=${FUZZ_SEED:-1}
REQUIRE=${RXGUARD_REQUIRE_ENGINES:-0}
CORPUS=${RXGUARD_CORPUS:-../shared/corpus}
passed=0
failed=0
skipped=0

stage() { echo; echo "== $*"; }
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "!! stage failed: $*"; }
skip() {
  if [ "$REQUIRE" = 1 ]; then bad "$* (required)"; else skipped=$((skipped + 1)); echo "-- skipped: $*"; fi
}

stage "cargo test"
if cargo test --locked; then ok; else bad "cargo test"; fi

stage "SARIF output against the official 2.1.0 schema"
if ! python3 -c 'import jsonschema' 2>/dev/null; then
  skip "python package jsonschema not installed (pip install jsonschema)"
elif cargo build --locked -q -p rxguard-cli && python3 scripts/check_sarif.py; then ok; else bad "check_sarif"; fi

engines_missing=""
for tool in node java javac python3; do
  command -v "$tool" >/dev/null 2>&1 || engines_missing="$engines_missing $tool"
done
python3 -c 'import ctypes.util, sys; sys.exit(0 if ctypes.util.find_library("pcre2-8") else 1)' 2>/dev/null \
  || engines_missing="$engines_missing libpcre2-8"

stage "test data against the real engines"
if [ -n "$engines_missing" ]; then
  skip "engines not installed:$engines_missing"
elif python3 scripts/agreement/check_testdata.py; then ok; else bad "check_testdata"; fi

# Whether the corpus stages can run: engines and corpus present, release binary built.
# Says why not (skipped, or failed under RXGUARD_REQUIRE_ENGINES=1) otherwise.
corpus_stage_ready() {
  if [ -n "$engines_missing" ]; then
    skip "engines not installed:$engines_missing"; return 1
  elif [ ! -d "$CORPUS" ]; then
    skip "corpus not found at $CORPUS (set RXGUARD_CORPUS)"; return 1
  elif ! cargo build --locked --release -p rxguard-cli; then
    bad "release build"; return 1
  fi
}

stage "parser agreement with the real engines"
if corpus_stage_ready; then
  known=testdata/agreement/disagreements.jsonl
  if python3 scripts/agreement/agreement.py --corpus "$CORPUS" --baseline "$known" \
     && python3 scripts/agreement/agreement.py --corpus "$CORPUS" --cross --baseline "$known"; then ok; else bad "agreement"; fi
fi

stage "matcher against the real engines (spans and groups of every match)"
if corpus_stage_ready; then
  if python3 scripts/matcher/regressions.py \
     && python3 scripts/matcher/differential.py --corpus "$CORPUS" --per-flavor 4000 \
     --min-agreement 99.9 \
     && python3 scripts/matcher/differential.py --corpus "$CORPUS" --per-flavor 4000 --bytes \
     --min-agreement 99.9; then ok; else bad "matcher differential"; fi
fi

stage "Python bindings: pip install ./bindings/python, pytest (API, differential against re, threads), stubtest, mypy --strict"
if ! python3 -m venv --help >/dev/null 2>&1; then
  skip "python3 -m venv is not available"
else
  venv=target/py-venv
  rm -rf "$venv"
  if python3 -m venv "$venv" \
     && "$venv/bin/pip" install --quiet --disable-pip-version-check ./bindings/python pytest hypothesis mypy \
     && cargo build --locked --release -p rxguard-cli \
     && RXGUARD_BIN="$PWD/target/release/rxguard" RXGUARD_CORPUS="$CORPUS" RXGUARD_REQUIRE_ENGINES="$REQUIRE" \
        "$venv/bin/python" -m pytest -q -p no:cacheprovider bindings/python/tests \
     && (cd target && "py-venv/bin/python" -m mypy.stubtest rxguard \
         && "py-venv/bin/python" -m mypy --strict -p rxguard); then ok; else bad "python bindings"; fi
fi

stage "fuzz (seed $FUZZ_SEED, $FUZZ_RUNS runs, at most ${FUZZ_SECONDS}s per target)"
if ! command -v cargo-fuzz >/dev/null 2>&1; then
  skip "cargo-fuzz not installed (cargo install cargo-fuzz)"
else
  python3 scripts/fuzz_seeds.py
  fuzz_ok=1
  for target in parse_js parse_python parse_java parse_pcre parse_rust analyze match_tiers scan_extract; do
    rm -rf fuzz/artifacts/"$target"
    if ! (cd fuzz && cargo fuzz run --sanitizer none -O "$target" -- -seed="$FUZZ_SEED" \
          -runs="$FUZZ_RUNS" -max_total_time="$FUZZ_SECONDS" -max_len=512 2>&1 \
          | grep -E -A3 "^Done|panicked|SUMMARY"); then
      fuzz_ok=0
    fi
    # A crash leaves an artifact: keep it for the replay test and fail the stage.
    if ls fuzz/artifacts/"$target"/crash-* >/dev/null 2>&1; then
      echo "!! $target found a crash: fuzz/artifacts/$target/ (copy it to testdata/fuzz/$target/)"
      fuzz_ok=0
    fi
  done
  if [ "$fuzz_ok" = 1 ]; then ok; else bad "fuzz"; fi
fi

echo
echo "stages: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
