"""The rarer words of a spaced language's full wordfreq list, those its small list leaves out,
down to one in ten million (Russian: 188k words), for the mojibake repair's whole-word choice:
a spelling the small list lacks is looked up here before it counts as no word (обгоняет, not
обгонсет; видеопамяти, not видеопамсти). Kept as the words' sorted 32-bit hashes and each one's frequency bucket, five
bytes a word (0.9 MB for Russian, read without a copy): the full list as a dict took 120 MB,
and its 460k words rarer still would add 2.3 MB for words hardly likelier than no word. A hash
two words share gives a non-word a rare word's frequency: once in 23,000 lookups of one."""

from __future__ import annotations

import array
import bisect
import sys
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import wordfreq

from clew.core.text.model_file import Damaged, KeptModels

_HASHES = "I"   # array type codes: 32-bit hashes, 8-bit frequency buckets
_BUCKETS = "B"
# Buckets are kept as centibels below the rarest word of the small list (one in a million for
# the big languages), down to the rarest kept: one in ten million.
_RAREST = 700


def _hash(word: str) -> int:
    return zlib.crc32(word.encode("utf-8"))


class RareWords:
    """The words of ``language``'s full list that its small list lacks, by hash."""

    def __init__(self, language: str) -> None:
        self.language = language
        try:
            buckets = wordfreq.get_frequency_list(language, "large")
            common = {word for words in wordfreq.get_frequency_list(language, "small") for word in words}
        except (LookupError, OSError, ValueError):
            buckets, common = [], set()
        self._base = len(wordfreq.get_frequency_list(language, "small")) if common else 0
        found = sorted((_hash(word), centibels - self._base) for centibels, words in enumerate(buckets[:_RAREST])
                       if centibels >= self._base for word in words if word not in common)
        self._hashes: Sequence[int] = array.array(_HASHES, (hashed for hashed, _bucket in found))
        self._buckets: Sequence[int] = array.array(_BUCKETS, (bucket for _hashed, bucket in found))

    @classmethod
    def from_data(cls, language: str, data: Any) -> RareWords:
        """The words ``to_data`` gave, as kept on disk (``model_file``)."""
        words = cls.__new__(cls)
        words.language = language
        try:
            words._base, hashes, buckets = data
            words._hashes = memoryview(hashes).cast(_HASHES)
            words._buckets = memoryview(buckets).cast(_BUCKETS)
        except (TypeError, ValueError):
            raise Damaged("not the base, hashes and buckets of rare words") from None
        if not isinstance(words._base, int) or len(words._hashes) != len(words._buckets):
            raise Damaged("not as many hashes as buckets")
        if sys.byteorder != "little":
            swapped = array.array(_HASHES, words._hashes)
            swapped.byteswap()
            words._hashes = swapped
        return words

    def to_data(self) -> list[Any]:
        """The base bucket, the hashes as little-endian bytes and the buckets."""
        hashes = array.array(_HASHES, self._hashes)
        if sys.byteorder != "little":
            hashes.byteswap()
        return [self._base, hashes.tobytes(), bytes(self._buckets)]

    def frequency(self, word: str) -> float:
        """The frequency of ``word`` in the full list (wordfreq's buckets, one centibel apart);
        0 where it holds no such word."""
        hashed = _hash(word.casefold())
        place = bisect.bisect_left(self._hashes, hashed)
        if place == len(self._hashes) or self._hashes[place] != hashed:
            return 0.0
        return 10 ** (-(self._base + self._buckets[place]) / 100)


KEPT = KeptModels("rare", RareWords, RareWords.from_data)


def rare_words(language: str, folder: Path | None = None) -> RareWords:
    """The rare words of ``language``, kept in ``folder`` (``model_file``) when one is given."""
    return KEPT.get(language, folder)
