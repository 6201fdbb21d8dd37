"""The native half of rxguard (pyo3). The public API is in ``rxguard``."""

from typing import List, Optional, Tuple, Union, final

__all__ = ["CompileError", "MatchError", "analyze", "analyze_many", "Compiled"]

_Slots = List[Optional[Tuple[int, int]]]

class CompileError(Exception): ...
class MatchError(Exception): ...

def analyze(
    pattern: str,
    flavor: str,
    flags: str,
    mode: str,
    max_length: int,
    timeout: Optional[float],
) -> str: ...
def analyze_many(
    items: List[Tuple[str, str, str, str]],
    max_length: int,
    timeout: Optional[float],
    threads: Optional[int],
) -> List[str]: ...

@final
class Compiled:
    def __new__(
        cls, pattern: Union[str, bytes], letters: str, backtrack_limit: Optional[int] = None
    ) -> "Compiled": ...
    def groups(self) -> int: ...
    def group_names(self) -> List[Optional[str]]: ...
    def group_parents(self) -> List[Optional[int]]: ...
    def tier(self) -> str: ...
    def search(
        self, text: Union[str, bytes], pos: int, endpos: int, mode: str
    ) -> Optional[_Slots]: ...
    def finditer(self, text: Union[str, bytes], pos: int, endpos: int) -> List[_Slots]: ...
