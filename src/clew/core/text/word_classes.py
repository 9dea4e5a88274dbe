"""Which word class (part of speech) a Chinese word is, and how much likelier a class is after
another than anywhere: the context a word's frequency alone lacks. 与 and 不 read the same once
their last byte is lost; 与 joins nouns (数据与参数), 不 comes before verbs (不能). Both from
jieba: the classes from its dictionary (the copy wordfreq ships for its own Chinese
tokenizer), the transitions from the part-of-speech tagger's table, which jieba estimated from
a tagged newspaper corpus. Neither is read from the notes Clew repairs or its benchmarks.

A word's place in the tagger's states says its length too: a one-character word is a single
state ("S"), a longer one begins ("B") and ends ("E") in its class. A lift is log P(next
word's first state | last word's last state) / P(that state after any word), so a class that
follows anything as often as it follows this one adds nothing. The start of a clause counts
as a state before a word too (the tagger's table of first states).

Where a clause may end the tagger's tables do not tell (they were estimated on text cut at its
punctuation): 中 ends "在测试中，", 与 never ends one. jieba's other tagger (lac_small, a
recurrent network with a CRF on top, which jieba ships and Clew never runs) keeps the CRF's
transition weights between its word classes, the punctuation mark's among them: ``clause_ends``
reads how much a punctuation mark follows each class there.
"""

from __future__ import annotations

import array
import ast
import importlib.util
import math
import sys
from collections import Counter
from pathlib import Path

import wordfreq

# wordfreq's copy of jieba's dictionary: "word frequency class" a line.
_DICTIONARY = "jieba_zh_orig.txt"
# jieba's tables read here (the packaging bundles these, not the rest of jieba): its
# part-of-speech tagger's (Python literals), and lac_small's classes and CRF weights.
TABLES = ("posseg/prob_trans.py", "posseg/prob_start.py", "lac_small/tag.dic", "lac_small/model_baseline/crfw")
# The punctuation mark's class in lac_small, first (B) of its word.
_LAC_PUNCTUATION = "w-B"
# The class jieba's dictionary gives the 5,666 one-character words its sources left untagged:
# 很 (an adverb), 每 (a pronoun), 块 (a measure word), and characters of mojibake alike. Its
# lifts say nothing of any of them (很 before 位 more than before 低), so a tagged corpus's
# usual class for the word (bench/zh_word_edges.py) is taken where it has one.
_UNCLASSED = "zg"
# The state before a clause's first word (at a line's start, or after a punctuation mark).
CLAUSE = "^"
# A transition the table never saw counts as this much likelier than never, not as impossible.
_FLOOR = 1e-4


def word_tags(words: set[str], single_tags: dict[str, str] | None = None) -> dict[str, str]:
    """The class jieba's dictionary gives each of ``words`` that it holds; for a one-character
    word it leaves in its catch-all class, the one ``single_tags`` gives it, where it does."""
    path = wordfreq.DATA_PATH / _DICTIONARY
    single_tags = single_tags or {}
    tags = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            word, _count, tag = line.rstrip("\n").split(" ")
            if word in words:
                tags[word] = single_tags.get(word, tag) if tag == _UNCLASSED else tag
    return tags


def _jieba_file(name: str) -> Path:
    """A file of jieba's, found without importing jieba (its import loads its own tables, a
    quarter of a second)."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("jieba, whose tables the mojibake repair reads, is not installed")
    return Path(spec.submodule_search_locations[0]) / name


def _table(name: str) -> dict:
    """A table of jieba's tagger, kept as a Python literal in its package: read, never run."""
    return ast.literal_eval(_jieba_file(name).read_text(encoding="utf-8").split("=", 1)[1])


def clause_ends() -> dict[str, float]:
    """For the last state of a word (``state``), the weight lac_small's CRF gives a punctuation
    mark after the word's class, less the mean over its classes: 中 (f) above 0, 与 (p) and 不
    (d) well below. A class lac_small lacks is not in the result."""
    classes = [line.split("\t")[1] for line in _jieba_file(TABLES[2]).read_text(encoding="utf-8").splitlines() if line]
    count = len(classes)
    # The weights are the file's last floats: a row of start weights, a row of end weights,
    # then a row of transitions from each class (Paddle's linear-chain CRF parameter).
    weights = array.array("f")
    weights.frombytes(_jieba_file(TABLES[3]).read_bytes()[-(count + 2) * count * weights.itemsize:])
    if sys.byteorder != "little":
        weights.byteswap()
    into = {name: weights[(2 + row) * count + classes.index(_LAC_PUNCTUATION)] for row, name in enumerate(classes)}
    mean = sum(into.values()) / count
    found = {}
    for tag in sorted({tag for _place, tag in _table(TABLES[0])}):
        lac = next((tag[:end] for end in (len(tag), 2, 1) if f"{tag[:end]}-B" in into), None)
        if lac is not None:
            found[state(tag, True, False)] = into[f"{lac}-B"] - mean
            found[state(tag, False, False)] = into[f"{lac}-I"] - mean
    return found


def state(tag: str, single: bool, first: bool) -> str:
    """The tagger's state for a word of class ``tag``: its first state or its last."""
    return ("S" if single else "B" if first else "E") + tag


def lifts() -> dict[str, dict[str, float]]:
    """The lift of each first state of a word after each last state of the word before, or
    after ``CLAUSE`` (a clause's start), keyed by the first state, then the last: the order the
    repair asks in."""
    transitions, starts = (_table(name) for name in TABLES[:2])
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
