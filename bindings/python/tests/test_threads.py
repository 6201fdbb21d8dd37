"""Several threads matching at once get the answers one thread gets."""

import re
import threading

import rxguard


def test_threads_match_concurrently():
    patterns = [r"(?P<w>\w+)@(\w+)\.com", r"(a|b)*c", r"\d{2,}", r"(?<=\$)\d+(?:\.\d\d)?"]
    text = "pay $12.50 to bob@mail.com or abac $7 and 1234 " * 200
    expected = {p: [m.span() for m in re.finditer(p, text)] for p in patterns}
    compiled = [rxguard.compile(p) for p in patterns]
    errors = []

    def work(k):
        try:
            for _ in range(20):
                for p, c in zip(patterns, compiled):
                    got = [m.span() for m in c.finditer(text)]
                    if got != expected[p]:
                        errors.append((k, p))
        except Exception as e:  # noqa: BLE001 - report any failure from a thread
            errors.append((k, repr(e)))

    threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_analyze_many_from_threads():
    out = []
    threads = [threading.Thread(target=lambda: out.append(
        [r.status for r in rxguard.analyze_many([r"^(a+)+$", r"^a+$"])])) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert out == [["vulnerable", "safe"]] * 4
