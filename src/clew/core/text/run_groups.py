"""What a run of mis-encoded characters is made of, and what a quick reading of it needs: its
groups (a lead byte and its continuation bytes, each with the characters it may have been) and
how everyday a candidate character is. Apart from the spelling choice, which imports wordfreq
and its models: a window's quick readings import only this (``mojibake.repair(guess=False)``).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

# Legacy character sets whose repertoire says which characters are in everyday use: a
# candidate in more of them is likelier (it decides between punctuation word lists lack).
_EVERYDAY_CODECS = ("gb2312", "big5", "shift_jis", "euc_kr", "cp1251", "cp1252")


@dataclass(frozen=True)
class Group:
    """One lead byte and its continuation bytes (or a stray byte), as found in a run. A short
    group lacks continuation bytes; ``options`` are what it may have been. Frozen: one group is
    made for each distinct sequence of bytes and shared by every run that holds it."""

    original: str
    options: tuple[str, ...]
    short: bool = False
    decoded: bool = False

    @property
    def guessed(self) -> bool:
        return self.short and self.decoded


@functools.lru_cache(maxsize=65536)
def everyday_weight(char: str) -> float:
    """log(1 + how many everyday character sets hold ``char``)."""
    # A character a set lacks encodes to nothing when ignored (true of every code point in
    # these six): an exception for each set that lacks it took twice as long.
    return math.log1p(sum(1 for codec in _EVERYDAY_CODECS if char.encode(codec, "ignore")))
