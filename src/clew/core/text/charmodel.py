"""Character bigram models per language, built from wordfreq's word lists, to score candidate text."""

from __future__ import annotations

import math
import operator
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import wordfreq

from clew.core.text.model_file import Damaged, KeptModels

# Words per language taken from the frequency list: the common ones carry nearly all the mass.
_WORDS_PER_LANGUAGE = 60_000
_BOUNDARY = " "
# Weight of the bigram estimate against the unigram one when the previous character is known.
_BIGRAM_WEIGHT = 0.8
# Floor probability of a character no list has ever seen (it stays possible, never likely).
_UNSEEN = 1e-12
# The language whose list stands in for characters a script's own list lacks (emoji, symbols).
_FALLBACK_LANGUAGE = "en"

# The first word of a character's Unicode name -> the language whose list models that script.
_SCRIPT_LANGUAGES = {
    "CJK": "zh", "HIRAGANA": "ja", "KATAKANA": "ja", "CYRILLIC": "ru", "HANGUL": "ko",
    "GREEK": "el", "ARABIC": "ar", "HEBREW": "he", "DEVANAGARI": "hi", "BENGALI": "bn",
    "TAMIL": "ta",
}

# Every language a model may be asked for: the installers bundle only these word lists.
MODEL_LANGUAGES = tuple(dict.fromkeys((_FALLBACK_LANGUAGE, *_SCRIPT_LANGUAGES.values())))


def _add(totals: Counter[str], counts: Counter[str], frequency: float) -> None:
    """Add ``frequency`` to ``totals`` once for each occurrence ``counts`` holds, one addition
    at a time: each total is then the very float that adding it at every occurrence met makes
    (a bucket's occurrences all add the same frequency), not ``count * frequency``."""
    for key, count in counts.items():
        total = totals[key]
        for _ in range(count):
            total += frequency
        totals[key] = total


class CharModel:
    """P(char | previous char) for one language, estimated from word frequencies; word edges
    count as a space, so the model knows which characters start and end words."""

    def __init__(self, language: str) -> None:
        unigrams: Counter[str] = Counter()
        bigrams: Counter[str] = Counter()  # keyed by the two characters joined
        taken = 0
        # The list comes in buckets of equal frequency, one centibel apart, most frequent first.
        for centibels, words in enumerate(wordfreq.get_frequency_list(language, "best")):
            frequency = 10 ** (-centibels / 100)
            if words:
                # Counted in C: the bucket's words side by side, an edge between each two,
                # hold the pairs of each word padded with edges alone.
                padded = _BOUNDARY + _BOUNDARY.join(words) + _BOUNDARY
                _add(unigrams, Counter("".join(words)), frequency)
                _add(bigrams, Counter(map(operator.add, padded, padded[1:])), frequency)
            taken += len(words)
            if taken >= _WORDS_PER_LANGUAGE:
                break
        total = sum(unigrams.values()) or 1.0
        self.language = language
        self._unigram = {char: count / total for char, count in unigrams.items()}
        contexts: Counter[str] = Counter()
        for pair, count in bigrams.items():
            contexts[pair[0]] += count
        self._bigram = {pair: count / contexts[pair[0]] for pair, count in bigrams.items()}
        self._ends = {char: self._bigram.get(char + _BOUNDARY, 0.0) for char in contexts}

    @classmethod
    def from_data(cls, language: str, data: Any) -> CharModel:
        """The model ``to_data`` gave, as kept on disk (``model_file``)."""
        if not (isinstance(data, list) and len(data) == 3 and all(isinstance(table, dict) for table in data)):
            raise Damaged("not the three tables of a character model")
        model = cls.__new__(cls)
        model.language = language
        model._unigram, model._bigram, model._ends = data
        return model

    def to_data(self) -> list[dict[str, float]]:
        return [self._unigram, self._bigram, self._ends]

    def unigram(self, char: str) -> float:
        return self._unigram.get(char, 0.0)

    def log_prob(self, previous: str, char: str, fallback: CharModel | None = None) -> float:
        """log P(char | previous): inside a word, or after a word edge (text without spaces
        between words, as Chinese is written, is read as words end to end); backing off to the
        unigram, and for characters this language never uses to ``fallback``'s unigram."""
        unigram = self.unigram(char)
        if fallback is not None and fallback is not self:
            unigram = 0.9 * unigram + 0.1 * fallback.unigram(char)
        if previous in self._ends:
            inside = self._bigram.get(previous + char, 0.0)
            across = self._ends[previous] * self._bigram.get(_BOUNDARY + char, 0.0) if previous != _BOUNDARY else 0.0
            probability = _BIGRAM_WEIGHT * (inside + across) + (1 - _BIGRAM_WEIGHT) * unigram
        else:
            probability = unigram
        return math.log(probability + _UNSEEN)


KEPT = KeptModels("chars", CharModel, CharModel.from_data)


def model_for(language: str, folder: Path | None = None) -> CharModel:
    """The model of ``language``, kept in ``folder`` (``model_file``) when one is given. Every
    model's scores back off to the fallback's: that one is had from the same folder."""
    if language != _FALLBACK_LANGUAGE:
        KEPT.get(_FALLBACK_LANGUAGE, folder)
    return KEPT.get(language, folder)


def fallback_model() -> CharModel:
    return KEPT.get(_FALLBACK_LANGUAGE, None)


def language_of(text: str) -> str:
    """The language whose model fits the script most letters of ``text`` are written in;
    Japanese wins over Chinese as soon as there is kana."""
    scripts: Counter[str] = Counter()
    for char in text:
        if ord(char) > 0x2FF and char.isalpha():
            scripts[_SCRIPT_LANGUAGES.get(unicodedata.name(char, "").split(" ")[0], "")] += 1
    scripts.pop("", None)
    if scripts.get("ja"):
        return "ja"
    return scripts.most_common(1)[0][0] if scripts else _FALLBACK_LANGUAGE
