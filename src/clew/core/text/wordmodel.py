"""Word frequencies for a language written without spaces between words (Chinese),
from wordfreq's lists: how likely a run of characters is as one word, and its word class
(``word_classes``): how likely after the word before. The mojibake repair asks it which of a
lost byte's candidate characters forms words with its neighbours (书签, not 书美; 其中, not
其不; 模型与数据, not 模型不数据)."""

from __future__ import annotations

import logging
import math
from pathlib import Path
from typing import Any

import wordfreq

import msgpack

from clew.core.text import word_classes
from clew.core.text.model_file import Damaged, KeptModels

# Longest word looked up: longer ones add little that their parts do not.
MAX_WORD = 4
# Words taken from the list, most frequent first: the rest are rarer than one in ten million.
_WORDS = 250_000
_LN10 = math.log(10)
# Between the words of a list kept on disk: wordfreq's words never hold one.
_SEPARATOR = "\n"
# (log P(word) or None, first class state or None, last class state or None, starts a longer word)
Entry = tuple[float | None, str | None, str | None, bool]
_log = logging.getLogger(__name__)
# Languages whose words have classes (``word_classes``).
_TAGGED_LANGUAGES = frozenset({"zh"})
# At the edges between the words of running Chinese text, how often each character ends the
# word before, begins the word after, and each pair meets (bench/zh_word_edges.py): what a
# word list cannot say, which word follows which.
EDGES_FILE = Path(__file__).with_name("zh_word_edges.msgpack")
_PAIR_LANGUAGES = frozenset({"zh"})
# Added to a pair's count and to the count its characters' own frequencies expect, so a pair
# of rare characters, seen or not, says little.
_PAIR_SMOOTHING = 0.5


class WordModel:
    """For the words of one language's list up to MAX_WORD characters: log P(word), and for
    Chinese the class state each word begins and ends in (``word_classes``), the lifts
    between them and how likely a clause ends after each; and the beginnings of the words. One dict holds it all, a shared tuple per
    kind of entry: the repair asks one question per spelling it grows, and a process loads
    the model in one pass over the groups of words alike."""

    def __init__(self, language: str) -> None:
        self.language = language
        logs: dict[str, float] = {}
        taken = 0
        # The list comes in buckets of equal frequency, one centibel apart, most frequent first.
        for centibels, words in enumerate(wordfreq.get_frequency_list(language, "best")):
            log = -centibels / 100 * _LN10
            logs.update((word, log) for word in words if len(word) <= MAX_WORD)
            taken += len(words)
            if taken >= _WORDS:
                break
        prefixes = {word[:end] for word in logs for end in range(1, len(word))}
        table = _edges_table() if language in _PAIR_LANGUAGES else {}
        tags, self._before, self._ends = (_classes(set(logs), table.get("single_tags", {}))
                                          if language in _TAGGED_LANGUAGES else ({}, {}, {}))
        self._edges = _edge_counts(table)
        self._pair_lifts: dict[str, float] = {}  # each pair's lift, once asked
        self._entries = {}
        kinds: dict[Entry, Entry] = {}  # each kind of entry, once
        for text in [*logs, *prefixes.difference(logs)]:
            tag = tags.get(text)
            single = len(text) == 1
            entry = (logs.get(text), None if tag is None else word_classes.state(tag, single, True),
                     None if tag is None else word_classes.state(tag, single, False), text in prefixes)
            self._entries[text] = kinds.setdefault(entry, entry)

    @classmethod
    def from_data(cls, language: str, data: Any) -> WordModel:
        """The model ``to_data`` gave, as kept on disk (``model_file``)."""
        if not (isinstance(data, list) and len(data) == 4 and isinstance(data[0], list)
                and all(isinstance(part, dict) for part in data[1:])
                and all(isinstance(data[3].get(part), dict) for part in ("ends", "starts", "pairs"))):
            raise Damaged("not the entries, lifts, clause ends and word edges of a word model")
        model = cls.__new__(cls)
        model.language = language
        model._entries = {}
        try:
            for log, first, last, prefix, texts in data[0]:
                model._entries.update(dict.fromkeys(texts.split(_SEPARATOR), (log, first, last, prefix)))
        except (TypeError, ValueError, AttributeError):
            raise Damaged("not the entries of a word model") from None
        model._before, model._ends, model._edges = data[1:]
        model._pair_lifts = {}
        return model

    def to_data(self) -> list[Any]:
        """The entries by kind, each kind's texts as one string (as fast to read back as a list
        of them is slow), the lifts, the clause ends and the counts at word edges."""
        by_kind: dict[Entry, list[str]] = {}
        for text, entry in self._entries.items():
            by_kind.setdefault(entry, []).append(text)
        return [[[*entry, _SEPARATOR.join(texts)] for entry, texts in by_kind.items()], self._before, self._ends,
                self._edges]

    def entry(self, text: str) -> Entry | None:
        """(log P(text) or None when it is no word, the class state it begins in and the one it
        ends in or None when it has no class, whether a longer word begins with it); None when
        ``text`` is neither a word nor the beginning of one."""
        return self._entries.get(text)

    def log_prob(self, word: str) -> float | None:
        """log P(word), or None when ``word`` is not in the list."""
        entry = self._entries.get(word)
        return None if entry is None else entry[0]

    def starts_a_word(self, text: str) -> bool:
        """Whether a longer word of the list begins with ``text``."""
        entry = self._entries.get(text)
        return entry is not None and entry[3]

    def clause_end(self, last: str | None) -> float:
        """How much likelier a clause ends after a word ending in class state ``last`` than
        after any word (``word_classes.clause_ends``); 0 where not known."""
        return self._ends.get(last, 0.0) if last is not None else 0.0

    def lifts_before(self, first: str | None) -> dict[str | None, float]:
        """How much likelier a word beginning in class state ``first`` is after a word ending in
        each state (``CLAUSE``: at a clause's start) than after any word; a state missing counts
        0, as does every state when ``first`` is None (a word without a class)."""
        return self._before.get(first, {}) if first is not None else {}

    def pair_lift(self, first: str, second: str) -> float:
        """How much likelier a word beginning with ``second`` follows one ending in ``first``
        in running text than how often each ends and begins a word expects: log (pair count +
        s) / (expected count + s); 0 where either character is not known there."""
        pair = first + second
        lift = self._pair_lifts.get(pair)
        if lift is None:
            lift = self._pair_lifts[pair] = self._count_lift(first, second)
        return lift

    def _count_lift(self, first: str, second: str) -> float:
        ends, starts = self._edges["ends"].get(first), self._edges["starts"].get(second)
        if not ends or not starts:
            return 0.0
        expected = ends * starts / self._edges["ends"][""]
        return math.log((self._edges["pairs"].get(first + second, 0) + _PAIR_SMOOTHING) / (expected + _PAIR_SMOOTHING))


def _edges_table() -> dict[str, Any]:
    """``EDGES_FILE``'s tables; none when it cannot be read: the repair then goes without them."""
    try:
        table = msgpack.unpackb(EDGES_FILE.read_bytes())
        if not all(isinstance(table.get(part), dict) for part in ("ends", "starts", "pairs", "single_tags")):
            raise ValueError("not the tables of word edges")
    except (OSError, ValueError, TypeError, AttributeError) as error:
        _log.warning("word edges not read (%s): Chinese is repaired without them", error)
        return {}
    return table


def _edge_counts(table: dict[str, Any]) -> dict[str, dict[str, int]]:
    """The counts of ``_edges_table`` ("ends", "starts", "pairs"; the edges' total under "" in
    the first two); none without them."""
    if not table:
        return {"ends": {}, "starts": {}, "pairs": {}}
    counts = {part: table[part] for part in ("ends", "starts", "pairs")}
    total = sum(counts["ends"].values())
    return {"ends": {**counts["ends"], "": total}, "starts": {**counts["starts"], "": total}, "pairs": counts["pairs"]}


def _classes(words: set[str], single_tags: dict[str, str]) -> tuple[dict[str, str], dict[str, dict[str, float]],
                                                                   dict[str, float]]:
    """The classes of ``words`` (``single_tags`` for the one-character words jieba leaves
    unclassed), the lifts and the clause ends (``word_classes``); none when jieba's tables
    cannot be read: the repair then goes by word frequencies alone."""
    try:
        return word_classes.word_tags(words, single_tags), word_classes.lifts(), word_classes.clause_ends()
    except (OSError, ImportError, ValueError, SyntaxError, IndexError) as error:
        _log.warning("word classes not read (%s): Chinese is repaired by word frequencies alone", error)
        return {}, {}, {}


KEPT = KeptModels("words", WordModel, WordModel.from_data)


def word_model(language: str, folder: Path | None = None) -> WordModel:
    """The model of ``language``, kept in ``folder`` (``model_file``) when one is given."""
    return KEPT.get(language, folder)
