"""rxguard: find regexes that blow up backtracking engines, and match safely.

Two halves:

* ``rxguard.analyze(pattern, flavor="python", ...)`` says whether a backtracking engine
  (CPython's ``re``, V8, Java, PCRE2) can be driven to super-linear time by an attacker, and
  proves a ``vulnerable`` verdict with an attack string whose blow-up was measured.
  ``rxguard.analyze_many`` runs many patterns in parallel with the GIL released.
* ``rxguard.compile`` and the module-level ``search``, ``match``, ``fullmatch``, ``findall``,
  ``finditer``, ``sub``, ``subn``, ``split`` behave like Python's ``re`` (same flags, same
  match semantics, ``str`` indices) but run in time linear in the input, whatever the input.

Differences from ``re`` (deliberate, or not done yet):

* Backreferences (``\\1``, ``(?P=name)``) are refused with ``PatternError`` unless
  ``backtrack_limit=N`` is given; then they run under that step budget and a search that
  exceeds it raises ``MatchError`` instead of hanging. rxguard never falls back to ``re``.
* Conditionals ``(?(1)a|b)`` and ``re.LOCALE`` are not supported (``PatternError``).
* A search can raise ``MatchError`` where ``re`` cannot: when the linear-time memo would
  exceed its memory limit (256 MiB by default, about 8 bits per pattern state per character).
* Character classes (``\\w``, ``\\d``, case folding) follow the Unicode version of Rust's
  regex-syntax tables (16.0); CPython 3.11 uses 14.0, so characters assigned since then
  (e.g. CJK Extension H) can match ``\\w`` here and not in ``re``.
* ``str`` haystacks with lone surrogates cannot be searched (``UnicodeEncodeError``).
* ``bytes`` patterns match ``bytes`` haystacks with ASCII classes and case folding, as in
  ``re``; ``bytearray``/``memoryview`` haystacks are copied to ``bytes`` first.
* ``Match.regs``, ``Pattern.scanner`` and ``re.DEBUG`` are not provided.
* With ``endpos < pos`` nothing matches; CPython's ``match`` alone still finds an empty
  match there for the empty pattern.
"""

from __future__ import annotations

import re as _re
import sys as _sys
import threading as _threading
from dataclasses import dataclass as _dataclass
from typing import (
    Any,
    AnyStr,
    Callable,
    Dict,
    Generic,
    Iterator,
    List,
    Mapping,
    Optional,
    Sequence,
    Tuple,
    Union,
)
import json as _json
import types as _types

from . import _rxguard

__all__ = [
    "analyze", "analyze_many", "Report", "Attack",
    "compile", "search", "match", "fullmatch", "findall", "finditer", "sub", "subn",
    "split", "escape", "purge", "Pattern", "Match", "PatternError", "MatchError",
    "A", "ASCII", "I", "IGNORECASE", "L", "LOCALE", "M", "MULTILINE", "S", "DOTALL",
    "U", "UNICODE", "X", "VERBOSE", "NOFLAG", "RegexFlag",
]

# Flags are re's own, so rxguard.I | re.M works and Pattern.flags compares equal to re's.
RegexFlag = _re.RegexFlag
A = ASCII = _re.ASCII
I = IGNORECASE = _re.IGNORECASE  # noqa: E741
L = LOCALE = _re.LOCALE
M = MULTILINE = _re.MULTILINE
S = DOTALL = _re.DOTALL
U = UNICODE = _re.UNICODE
X = VERBOSE = _re.VERBOSE
NOFLAG = _re.RegexFlag(0)

escape = _re.escape


class PatternError(_re.error):
    """A pattern rxguard rejects: invalid for its flavor, unsupported, or over a limit.

    A subclass of ``re.error``, so ``except re.error`` still catches it. ``pos`` is in
    characters; ``lineno``/``colno`` are computed as ``re`` does; ``kind`` is rxguard's stable
    error kind (``group_unclosed``, ``unsupported``, ``backreference_refused``...).
    """

    def __init__(self, msg: str, pattern: Any = None, pos: Optional[int] = None,
                 kind: str = "invalid") -> None:
        super().__init__(msg, pattern, pos)
        self.kind = kind


class MatchError(RuntimeError):
    """A search rxguard refused or could not finish within its memory or step budget."""


# ---------------------------------------------------------------------------------------
# Analysis


@_dataclass(frozen=True)
class Attack:
    """An attack string and the measurements behind it."""

    pumps: Tuple[Tuple[str, str, int], ...]
    """(prefix, pump, repeat) parts, in order."""
    suffix: str
    length: int
    steps: int
    measured: Tuple[Tuple[int, int], ...]
    expected_seconds: Mapping[str, float]

    def string(self, repeat: Optional[int] = None) -> str:
        """The attack string; ``repeat`` overrides every pump's repeat count."""
        parts = [p + s * (r if repeat is None else repeat) for p, s, r in self.pumps]
        return "".join(parts) + self.suffix


@_dataclass(frozen=True)
class Report:
    """The verdict on one pattern (``status``: safe, vulnerable, unknown or error)."""

    pattern: str
    flavor: str
    status: str
    complexity: Optional[str]
    degree: Optional[int]
    attack: Optional[Attack]
    span: Optional[Tuple[int, int]]
    """Byte range of the culprit in the UTF-8 pattern."""
    reason: Optional[str]
    error: Optional[Mapping[str, Any]]
    fix: Optional[str]
    _record: str

    def to_dict(self) -> Dict[str, Any]:
        """The result record, as the CLI prints it (a fresh copy)."""
        result: Dict[str, Any] = _json.loads(self._record)
        return result

    @classmethod
    def _from_json(cls, text: str) -> "Report":
        r = _json.loads(text)
        a = r.get("attack")
        attack = None
        if a is not None:
            attack = Attack(
                pumps=tuple((p["prefix"], p["pump"], p["repeat"]) for p in a["pumps"]),
                suffix=a["suffix"],
                length=a["length"],
                steps=a["steps"],
                measured=tuple((x, y) for x, y in a["measured"]),
                expected_seconds=_types.MappingProxyType(dict(a["expected_seconds"])),
            )
        span = r.get("span")
        err = r.get("error")
        return cls(
            pattern=r["pattern"],
            flavor=r["flavor"],
            status=r["status"],
            complexity=r.get("complexity"),
            degree=r.get("degree"),
            attack=attack,
            span=None if span is None else (span["start"], span["end"]),
            reason=r.get("reason"),
            error=None if err is None else _types.MappingProxyType(err),
            fix=None if r.get("fix") is None else r["fix"]["pattern"],
            _record=text,
        )


def _flag_letters(flags: Union[int, str], flavor: str) -> str:
    if isinstance(flags, str):
        return flags
    flags = int(flags)
    letters = ""
    for bit, letter in ((_re.I, "i"), (_re.M, "m"), (_re.S, "s"), (_re.X, "x")):
        if flags & bit:
            letters += letter
    if flavor == "python":
        if flags & _re.A:
            letters += "a"
        if flags & _re.U:
            letters += "u"
        if flags & _re.L:
            letters += "L"
    return letters


def analyze(pattern: str, *, flavor: str = "python", flags: Union[int, str] = 0,
            mode: str = "search", timeout: Optional[float] = 1.0,
            max_length: int = 100_000) -> Report:
    """Analyzes one pattern for ReDoS.

    ``flags`` takes ``re`` flag values (or the flavor's flag letters as a string); ``mode``
    is ``search`` (``re.search``), ``anchored`` (``re.match``) or ``full``
    (``re.fullmatch``); ``max_length`` is the longest input the attacker controls. An
    analysis that takes longer than ``timeout`` seconds reports ``unknown``.
    """
    text = _rxguard.analyze(pattern, flavor, _flag_letters(flags, flavor), mode,
                            max_length, timeout)
    return Report._from_json(text)


def analyze_many(patterns: Sequence[Union[str, Tuple[str, str]]], *,
                 flavor: str = "python", flags: Union[int, str] = 0, mode: str = "search",
                 timeout: Optional[float] = 1.0, max_length: int = 100_000,
                 threads: Optional[int] = None) -> List[Report]:
    """Analyzes many patterns in parallel (GIL released); reports in input order.

    Each item is a pattern, or a ``(pattern, flavor)`` pair.
    """
    items = []
    for p in patterns:
        pat, fl = (p, flavor) if isinstance(p, str) else (p[0], p[1])
        items.append((pat, fl, _flag_letters(flags, fl), mode))
    return [Report._from_json(t)
            for t in _rxguard.analyze_many(items, max_length, timeout, threads)]


# ---------------------------------------------------------------------------------------
# The safe re


def _letters(pattern: Union[str, bytes], flags: int) -> str:
    flags = int(flags)
    if isinstance(pattern, bytes):
        if flags & _re.U:
            raise ValueError("cannot use UNICODE flag with a bytes pattern")
        if flags & _re.L:
            raise PatternError("re.LOCALE is not supported by rxguard", pattern, None,
                               "unsupported")
    else:
        if flags & _re.L:
            raise ValueError("cannot use LOCALE flag with a str pattern")
        if flags & _re.A and flags & _re.U:
            raise ValueError("ASCII and UNICODE flags are incompatible")
    letters = _flag_letters(flags & ~(_re.U | _re.L), "python")
    if isinstance(pattern, bytes) and "a" not in letters:
        letters += "a"  # bytes patterns: ASCII classes and case folding, as in re
    return letters


def _as_text(string: Any, is_bytes: bool) -> Union[str, bytes]:
    if is_bytes:
        if isinstance(string, str):
            raise TypeError("cannot use a bytes pattern on a string-like object")
        if isinstance(string, (bytes, bytearray, memoryview)):
            return bytes(string)
        raise TypeError(f"expected string or bytes-like object, got {type(string).__name__!r}")
    if isinstance(string, str):
        return string
    if isinstance(string, (bytes, bytearray, memoryview)):
        raise TypeError("cannot use a string pattern on a bytes-like object")
    raise TypeError(f"expected string or bytes-like object, got {type(string).__name__!r}")


def _bounds(n: int, pos: int, endpos: Optional[int]) -> Tuple[int, int]:
    # As sre clamps them, into [0, n]; an end before the start finds nothing.
    pos = max(0, min(pos, n))
    endpos = n if endpos is None else max(0, min(endpos, n))
    return pos, endpos


class Pattern(Generic[AnyStr]):
    """A compiled pattern with ``re.Pattern``'s API, matching in linear time."""

    __slots__ = ("_compiled", "_pattern", "_flags", "_bytes", "_groupindex", "_names",
                 "_parents", "__weakref__")
    _compiled: _rxguard.Compiled
    _pattern: AnyStr
    _flags: int
    _bytes: bool
    _groupindex: Mapping[str, int]
    _names: List[Optional[str]]
    _parents: List[Optional[int]]

    def __init__(self, pattern: AnyStr, flags: int = 0, *,
                 backtrack_limit: Optional[int] = None) -> None:
        if isinstance(pattern, Pattern):
            raise TypeError("use rxguard.compile to reuse a compiled pattern")
        if not isinstance(pattern, (str, bytes)):
            raise TypeError("first argument must be string or compiled pattern")
        is_bytes = isinstance(pattern, bytes)
        letters = _letters(pattern, flags)
        try:
            compiled = _rxguard.Compiled(pattern, letters, backtrack_limit)
        except _rxguard.CompileError as e:
            kind, msg, pos = e.args
            if kind == "backreference":
                msg = ("backreferences cannot be matched in linear time; pass "
                       "backtrack_limit=N to run them under a step budget")
            raise PatternError(msg, pattern, pos, kind) from None
        self._compiled = compiled
        self._pattern = pattern
        self._bytes = is_bytes
        # re reports UNICODE for str patterns without ASCII.
        f = int(flags)
        if not is_bytes and not f & _re.A:
            f |= _re.U
        self._flags = f
        self._names = compiled.group_names()
        self._parents = compiled.group_parents()
        self._groupindex = _types.MappingProxyType(
            {n: i for i, n in enumerate(self._names) if n is not None})

    # -- attributes
    @property
    def pattern(self) -> AnyStr:
        return self._pattern

    @property
    def flags(self) -> int:
        return self._flags

    @property
    def groups(self) -> int:
        return self._compiled.groups()

    @property
    def groupindex(self) -> Mapping[str, int]:
        return self._groupindex

    @property
    def tier(self) -> str:
        """Which of rxguard's linear-time engines runs the pattern: ``A`` or ``B``."""
        return self._compiled.tier()

    def __repr__(self) -> str:
        flags = _re.RegexFlag(self._flags & ~(_re.U if not self._bytes else 0))
        tail = f", {flags!r}".replace("re.", "rxguard.") if int(flags) else ""
        return f"rxguard.compile({self._pattern!r}{tail})"

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Pattern) and other._pattern == self._pattern
                and other._flags == self._flags)

    def __hash__(self) -> int:
        return hash((self._pattern, self._flags))

    def __copy__(self) -> "Pattern[AnyStr]":
        return self

    def __deepcopy__(self, memo: Any) -> "Pattern[AnyStr]":
        return self

    # -- matching
    def _one(self, string: AnyStr, pos: int, endpos: Optional[int],
             mode: str) -> Optional["Match[AnyStr]"]:
        text = _as_text(string, self._bytes)
        pos, endpos = _bounds(len(text), pos, endpos)
        if endpos < pos:
            return None
        try:
            slots = self._compiled.search(text, pos, endpos, mode)
        except _rxguard.MatchError as e:
            raise MatchError(str(e)) from None
        return None if slots is None else Match(self, string, slots, pos, endpos)

    def search(self, string: AnyStr, pos: int = 0,
               endpos: int = _sys.maxsize) -> Optional["Match[AnyStr]"]:
        return self._one(string, pos, endpos, "search")

    def match(self, string: AnyStr, pos: int = 0,
              endpos: int = _sys.maxsize) -> Optional["Match[AnyStr]"]:
        return self._one(string, pos, endpos, "anchored")

    def fullmatch(self, string: AnyStr, pos: int = 0,
                  endpos: int = _sys.maxsize) -> Optional["Match[AnyStr]"]:
        return self._one(string, pos, endpos, "full")

    def _all(self, string: AnyStr, pos: int = 0,
             endpos: Optional[int] = None) -> Tuple[List[List[Optional[Tuple[int, int]]]], int, int]:
        text = _as_text(string, self._bytes)
        pos, endpos = _bounds(len(text), pos, endpos)
        if endpos < pos:
            return [], pos, endpos
        try:
            return self._compiled.finditer(text, pos, endpos), pos, endpos
        except _rxguard.MatchError as e:
            raise MatchError(str(e)) from None

    def finditer(self, string: AnyStr, pos: int = 0,
                 endpos: int = _sys.maxsize) -> Iterator["Match[AnyStr]"]:
        all_slots, pos, endpos = self._all(string, pos, endpos)
        return iter([Match(self, string, s, pos, endpos) for s in all_slots])

    def findall(self, string: AnyStr, pos: int = 0, endpos: int = _sys.maxsize) -> List[Any]:
        all_slots, _, _ = self._all(string, pos, endpos)
        empty = string[:0]
        out: List[Any] = []
        for s in all_slots:
            texts = [empty if g is None else string[g[0]:g[1]] for g in s]
            if len(texts) == 1:
                out.append(texts[0])
            elif len(texts) == 2:
                out.append(texts[1])
            else:
                out.append(tuple(texts[1:]))
        return out

    def split(self, string: AnyStr, maxsplit: int = 0) -> List[Optional[AnyStr]]:
        all_slots, _, _ = self._all(string)
        out: List[Optional[AnyStr]] = []
        last = 0
        for n, s in enumerate(all_slots):
            if maxsplit and n >= maxsplit:
                break
            start, end = s[0]  # type: ignore[misc]
            out.append(string[last:start])
            out.extend(None if g is None else string[g[0]:g[1]] for g in s[1:])
            last = end
        out.append(string[last:])
        return out

    def subn(self, repl: Union[AnyStr, Callable[["Match[AnyStr]"], AnyStr]], string: AnyStr,
             count: int = 0) -> Tuple[AnyStr, int]:
        all_slots, _, _ = self._all(string)
        if count > 0:
            all_slots = all_slots[:count]
        fn: Callable[[Match[AnyStr]], Any]
        if callable(repl):
            fn = repl
        else:
            template = _parse_template(repl, self)
            if len(template) == 1 and isinstance(template[0], (str, bytes)):
                literal = template[0]
                fn = lambda m: literal  # noqa: E731
            else:
                fn = lambda m: _expand(template, m)  # noqa: E731
        parts: List[Any] = []
        last = 0
        for s in all_slots:
            start, end = s[0]  # type: ignore[misc]
            parts.append(string[last:start])
            m = Match(self, string, s, 0, len(string))
            parts.append(fn(m))
            last = end
        parts.append(string[last:])
        return string[:0].join(parts), len(all_slots)

    def sub(self, repl: Union[AnyStr, Callable[["Match[AnyStr]"], AnyStr]], string: AnyStr,
            count: int = 0) -> AnyStr:
        return self.subn(repl, string, count)[0]


class Match(Generic[AnyStr]):
    """A match with ``re.Match``'s API; indices are ``str`` (or ``bytes``) indices."""

    __slots__ = ("_re", "_string", "_slots", "_pos", "_endpos")
    _re: Pattern[AnyStr]
    _string: AnyStr
    _slots: List[Optional[Tuple[int, int]]]
    _pos: int
    _endpos: int

    def __init__(self, pattern: Pattern[AnyStr], string: AnyStr,
                 slots: List[Optional[Tuple[int, int]]], pos: int, endpos: int) -> None:
        self._re = pattern
        self._string = string
        self._slots = slots
        self._pos = pos
        self._endpos = endpos

    @property
    def re(self) -> Pattern[AnyStr]:
        return self._re

    @property
    def string(self) -> AnyStr:
        return self._string

    @property
    def pos(self) -> int:
        return self._pos

    @property
    def endpos(self) -> int:
        return self._endpos

    def _index(self, group: Union[int, str]) -> int:
        if isinstance(group, str):
            try:
                return self._re._groupindex[group]
            except KeyError:
                raise IndexError("no such group") from None
        try:
            i = int(group)
        except (TypeError, ValueError):
            raise IndexError("no such group") from None
        if not 0 <= i < len(self._slots):
            raise IndexError("no such group")
        return i

    def _get(self, i: int, default: Any = None) -> Any:
        s = self._slots[i]
        return default if s is None else self._string[s[0]:s[1]]

    def group(self, *groups: Union[int, str]) -> Any:
        if not groups:
            return self._get(0)
        if len(groups) == 1:
            return self._get(self._index(groups[0]))
        return tuple(self._get(self._index(g)) for g in groups)

    def __getitem__(self, group: Union[int, str]) -> Any:
        return self._get(self._index(group))

    def groups(self, default: Any = None) -> Tuple[Any, ...]:
        return tuple(self._get(i, default) for i in range(1, len(self._slots)))

    def groupdict(self, default: Any = None) -> Dict[str, Any]:
        return {n: self._get(i, default) for n, i in self._re._groupindex.items()}

    def start(self, group: Union[int, str] = 0) -> int:
        s = self._slots[self._index(group)]
        return -1 if s is None else s[0]

    def end(self, group: Union[int, str] = 0) -> int:
        s = self._slots[self._index(group)]
        return -1 if s is None else s[1]

    def span(self, group: Union[int, str] = 0) -> Tuple[int, int]:
        s = self._slots[self._index(group)]
        return (-1, -1) if s is None else (s[0], s[1])

    @property
    def lastindex(self) -> Optional[int]:
        # The group that closed last: the largest end; of groups ending together, a group
        # closes after the groups inside it, and after the groups before it.
        best: Optional[int] = None
        best_end = -1
        for i in range(1, len(self._slots)):
            s = self._slots[i]
            if s is None or s[1] < best_end:
                continue
            if s[1] > best_end or best is None or not self._inside(i, best):
                best, best_end = i, s[1]
        return best

    def _inside(self, inner: int, outer: int) -> bool:
        parents = self._re._parents
        p = parents[inner] if inner < len(parents) else None
        while p is not None:
            if p == outer:
                return True
            p = parents[p]
        return False

    @property
    def lastgroup(self) -> Optional[str]:
        i = self.lastindex
        return None if i is None else self._re._names[i]

    def expand(self, template: AnyStr) -> AnyStr:
        expanded: AnyStr = _expand(_parse_template(template, self._re), self)
        return expanded

    def __bool__(self) -> bool:
        return True

    def __repr__(self) -> str:
        return f"<rxguard.Match object; span={self.span()!r}, match={self.group()!r}>"

    def __copy__(self) -> "Match[AnyStr]":
        return self

    def __deepcopy__(self, memo: Any) -> "Match[AnyStr]":
        return self


_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v",
            "\\": "\\"}


def _parse_template(template: Any, pattern: Pattern[Any]) -> List[Any]:
    """Splits a replacement template into literal text and group numbers, as re does."""
    is_bytes = isinstance(template, bytes)
    if is_bytes != pattern._bytes:
        raise TypeError("expected str instance, bytes found" if is_bytes else
                        "expected a bytes-like object, str found")
    src = template.decode("latin-1") if is_bytes else template
    out: List[Any] = []
    lit: List[str] = []
    i, n = 0, len(src)

    def group_ref(name: str, at: int) -> int:
        if name.isdecimal() and name.isascii():
            g = int(name)
        elif name.isidentifier():
            if name not in pattern._groupindex:
                raise IndexError(f"unknown group name {name!r}")
            g = pattern._groupindex[name]
        else:
            raise PatternError(f"bad character in group name {name!r}", template, at)
        if g >= len(pattern._names):
            raise PatternError(f"invalid group reference {g}", template, at)
        return g

    while i < n:
        c = src[i]
        if c != "\\":
            lit.append(c)
            i += 1
            continue
        if i + 1 >= n:
            raise PatternError("bad escape (end of pattern)", template, i)
        e = src[i + 1]
        if e == "g":
            close = src.find(">", i + 3)
            if i + 2 >= n or src[i + 2] != "<" or close < 0:
                raise PatternError("missing <" if i + 2 >= n or src[i + 2] != "<"
                                   else "missing >, unterminated name", template, i + 2)
            name = src[i + 3:close]
            if not name:
                raise PatternError("missing group name", template, i + 3)
            if lit:
                out.append("".join(lit))
                lit = []
            out.append(group_ref(name, i + 3))
            i = close + 1
        elif e == "0":
            j = i + 2
            while j < n and j < i + 4 and src[j] in "01234567":
                j += 1
            lit.append(chr(int(src[i + 1:j], 8)))
            i = j
        elif e.isdigit() and e.isascii():
            j = i + 2
            if j < n and src[j].isdigit() and src[j].isascii():
                if (j + 1 < n and e in "01234567" and src[j] in "01234567"
                        and src[j + 1] in "01234567"):
                    value = int(src[i + 1:j + 2], 8)
                    if value > 0o377:
                        raise PatternError(f"octal escape value \\{src[i + 1:j + 2]} outside "
                                           "of range 0-0o377", template, i)
                    lit.append(chr(value))
                    i = j + 2
                    continue
                j += 1
            if lit:
                out.append("".join(lit))
                lit = []
            out.append(group_ref(src[i + 1:j], i + 1))
            i = j
        elif e in _ESCAPES:
            lit.append(_ESCAPES[e])
            i += 2
        elif e.isascii() and e.isalpha():
            raise PatternError(f"bad escape \\{e}", template, i)
        else:
            lit.append("\\" + e)
            i += 2
    if lit:
        out.append("".join(lit))
    if is_bytes:
        return [p.encode("latin-1") if isinstance(p, str) else p for p in out]
    return out


def _expand(template: List[Any], m: Match[Any]) -> Any:
    empty = m.string[:0]
    return empty.join(p if not isinstance(p, int) else (m._get(p) or empty) for p in template)


# ---------------------------------------------------------------------------------------
# Module-level functions, with a cache like re's

_MAXCACHE = 512
_cache: Dict[Tuple[type, Any, int, Optional[int]], Pattern[Any]] = {}
_cache_lock = _threading.Lock()


def compile(pattern: Union[AnyStr, Pattern[AnyStr]], flags: int = 0, *,
            backtrack_limit: Optional[int] = None) -> Pattern[AnyStr]:
    """Compiles a pattern (Python ``re`` syntax and semantics) for linear-time matching.

    Patterns with backreferences are refused unless ``backtrack_limit`` (a step budget per
    search) is given.
    """
    if isinstance(pattern, Pattern):
        if flags:
            raise ValueError("cannot process flags argument with a compiled pattern")
        return pattern
    key = (type(pattern), pattern, int(flags), backtrack_limit)
    with _cache_lock:
        hit = _cache.get(key)
    if hit is not None:
        return hit
    p = Pattern(pattern, flags, backtrack_limit=backtrack_limit)
    with _cache_lock:
        if len(_cache) >= _MAXCACHE:
            _cache.pop(next(iter(_cache)))
        _cache[key] = p
    return p


def purge() -> None:
    """Clears the cache of compiled patterns."""
    with _cache_lock:
        _cache.clear()


def search(pattern: Any, string: Any, flags: int = 0) -> Optional[Match[Any]]:
    return compile(pattern, flags).search(string)


def match(pattern: Any, string: Any, flags: int = 0) -> Optional[Match[Any]]:
    return compile(pattern, flags).match(string)


def fullmatch(pattern: Any, string: Any, flags: int = 0) -> Optional[Match[Any]]:
    return compile(pattern, flags).fullmatch(string)


def findall(pattern: Any, string: Any, flags: int = 0) -> List[Any]:
    return compile(pattern, flags).findall(string)


def finditer(pattern: Any, string: Any, flags: int = 0) -> Iterator[Match[Any]]:
    return compile(pattern, flags).finditer(string)


def split(pattern: Any, string: Any, maxsplit: int = 0, flags: int = 0) -> List[Any]:
    return compile(pattern, flags).split(string, maxsplit)


def sub(pattern: Any, repl: Any, string: Any, count: int = 0, flags: int = 0) -> Any:
    return compile(pattern, flags).sub(repl, string, count)


def subn(pattern: Any, repl: Any, string: Any, count: int = 0, flags: int = 0) -> Tuple[Any, int]:
    return compile(pattern, flags).subn(repl, string, count)
