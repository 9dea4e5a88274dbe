"""Which word class (part of speech) a Chinese word is, and how much likelier a class is after
another than anywhere: the context a word's frequency alone lacks. 与 and 不 read the same once
their last byte is lost; 与 joins nouns (数据与参数), 不 comes before verbs (不能). Both from
jieba: the classes from its dictionary (the copy wordfreq ships for its own Chinese
tokenizer), the transitions from the part-of-speech tagger's table, which jieba estimated from
a tagged newspaper corpus. Neither is read from the notes Clew repairs or its benchmarks.

A word's place in the tagger's states says its length too: a one-character word is a single
state ("S"), a longer one begins ("B") and ends ("E") in its class. ``lift`` is log P(next
word's first state | last word's last state) / P(that state after any word), so a class that
follows anything as often as it follows this one adds nothing. The start of a clause counts
as a state before a word too (the tagger's table of first states).
"""

from __future__ import annotations

import ast
import importlib.util
import math
from collections import Counter
from pathlib import Path

import wordfreq

# wordfreq's copy of jieba's dictionary: "word frequency class" a line.
_DICTIONARY = "jieba_zh_orig.txt"
# jieba's tagger tables (jieba/posseg/), Python literals: the packaging bundles these two.
TABLES = ("prob_trans.py", "prob_start.py")
# The state before a clause's first word (at a line's start, or after a punctuation mark).
CLAUSE = "^"
# A transition the table never saw counts as this much likelier than never, not as impossible.
_FLOOR = 1e-4


def word_tags(words: set[str]) -> dict[str, str]:
    """The class jieba's dictionary gives each of ``words`` that it holds."""
    path = wordfreq.DATA_PATH / _DICTIONARY
    tags = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            word, _count, tag = line.rstrip("\n").split(" ")
            if word in words:
                tags[word] = tag
    return tags


def _table(name: str) -> dict:
    """A table of jieba's tagger, kept as a Python literal in its package: read, never run, and
    jieba never imported (its import loads its own tables, a quarter of a second)."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("jieba, whose tables the mojibake repair reads, is not installed")
    source = (Path(spec.submodule_search_locations[0]) / "posseg" / name).read_text(encoding="utf-8")
    return ast.literal_eval(source.split("=", 1)[1])


def state(tag: str, single: bool, first: bool) -> str:
    """The tagger's state for a word of class ``tag``: its first state or its last."""
    return ("S" if single else "B" if first else "E") + tag


def lifts() -> dict[str, dict[str, float]]:
    """The lift of each first state of a word after each last state of the word before, or
    after ``CLAUSE`` (a clause's start), keyed by the first state, then the last: the order the
    repair asks in."""
    transitions, starts = (_table(name) for name in TABLES)
    # How often the chain is in each state in the long run, from clause starts on.
    visits = Counter({key: math.exp(log) for key, log in starts.items()})
    for _ in range(50):
        following: Counter = Counter()
        for before, row in transitions.items():
            weight = visits[before]
            for after, log in row.items():
                following[after] += weight * math.exp(log)
        visits = following
    # The last states of words, and how often each first state follows any of them.
    ending = {key: weight for key, weight in visits.items() if key[0] in "SE"}
    total = sum(ending.values())
    anywhere: Counter = Counter()
    for before, weight in ending.items():
        for after, log in transitions[before].items():
            anywhere[after] += weight / total * math.exp(log)
    found: dict[str, dict[str, float]] = {"".join(first): {} for first in anywhere}
    for last, row in [*((before, transitions[before]) for before in ending), (CLAUSE, starts)]:
        for first, log in row.items():
            if anywhere[first]:
                found["".join(first)]["".join(last)] = math.log(max(math.exp(log), _FLOOR * anywhere[first]) / anywhere[first])
    return found
