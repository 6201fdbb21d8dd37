"""rxguard against Python's re on real patterns: the Python patterns of the Chapman &
Stolee corpus that rxguard accepts, on strings drawn from each pattern's own characters and
from random text — every match's span and groups must be equal (search, match, fullmatch,
finditer). Strings stay short so that re's own backtracking stays fast."""

import json
import os
import re
import signal
import warnings

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import rxguard

CORPUS = os.environ.get("RXGUARD_CORPUS", os.path.join(
    os.path.dirname(__file__), "..", "..", "..", "..", "shared", "corpus"))
FILE = os.path.join(CORPUS, "corpus-python-chapman-stolee.jsonl")


def load():
    if not os.path.exists(FILE):
        return []
    out, seen = [], set()
    with open(FILE) as f:
        for line in f:
            p = json.loads(line)["pattern"]
            if p in seen or len(p) > 200:
                continue
            seen.add(p)
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    theirs = re.compile(p)
                mine = rxguard.compile(p)
            except (re.error, rxguard.PatternError, RecursionError, OverflowError, ValueError):
                continue
            alphabet = sorted({c for c in p if c.isprintable()} | set("a1 _-.\n"))
            out.append((p, mine, theirs, "".join(alphabet)))
    return out


PATTERNS = load()


def test_corpus_is_present():
    if not PATTERNS:
        if os.environ.get("RXGUARD_REQUIRE_ENGINES") == "1":
            pytest.fail(f"corpus not found at {FILE}")
        pytest.skip(f"corpus not found at {FILE}")
    assert len(PATTERNS) > 500


def results(p, s):
    out = []
    for fn in ("search", "match", "fullmatch"):
        m = getattr(p, fn)(s)
        out.append(None if m is None else (m.span(), m.groups(), m.lastindex, m.lastgroup))
    out.append([(m.span(), m.groups()) for m in p.finditer(s)])
    return out


class Slow(Exception):
    pass


def _alarm(signum, frame):
    raise Slow()


@st.composite
def case(draw):
    i = draw(st.integers(0, max(len(PATTERNS) - 1, 0)))
    _, _, _, alphabet = PATTERNS[i]
    # Characters unassigned in this Python's Unicode database are left out: rxguard's
    # classes follow a newer Unicode (a documented difference), and surrogates cannot be
    # searched.
    other = st.characters(blacklist_categories=("Cs", "Cn"))
    s = draw(st.one_of(st.text(alphabet=alphabet, max_size=16), st.text(other, max_size=8)))
    return i, s


@pytest.mark.skipif(not PATTERNS, reason="corpus not available")
@settings(max_examples=int(os.environ.get("RXGUARD_DIFF_EXAMPLES", "3000")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(case())
def test_spans_and_groups_equal_re(c):
    i, s = c
    pattern, mine, theirs, _ = PATTERNS[i]
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, 2.0)
    try:
        expected = results(theirs, s)
    except Slow:
        return  # re itself backtracks too long on this input: nothing to compare
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    try:
        got = results(mine, s)
    except rxguard.MatchError:
        return  # refused searches are counted by the agreement script, not compared
    assert got == expected, (pattern, s)
