"""Word frequencies for a language written without spaces between words (Chinese),
from wordfreq's lists: how likely a run of characters is as one word, and its word class
(``word_classes``): how likely after the word before. The mojibake repair asks it which of a
lost byte's candidate characters forms words with its neighbours (书签, not 书美; 其中, not
其不; 模型与数据, not 模型不数据)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import wordfreq

from clew.core.text import word_classes
from clew.core.text.model_file import Damaged, KeptModels

# Longest word looked up: longer ones add little that their parts do not.
MAX_WORD = 4
# Words taken from the list, most frequent first: the rest are rarer than one in ten million.
_WORDS = 250_000
_LN10 = math.log(10)
# Between the words of a list kept on disk: wordfreq's words never hold one.
_SEPARATOR = "\n"
# Languages whose words have classes (``word_classes``).
_TAGGED_LANGUAGES = frozenset({"zh"})


class WordModel:
    """log P(word) for the words of one language's list up to MAX_WORD characters, and for
    Chinese each word's class and the lifts between classes (``word_classes.lifts``)."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._log: dict[str, float] = {}
        self._prefixes: set[str] = set()  # the beginnings of the words, shorter than they are
        taken = 0
        # The list comes in buckets of equal frequency, one centibel apart, most frequent first.
        for centibels, words in enumerate(wordfreq.get_frequency_list(language, "best")):
            log = -centibels / 100 * _LN10
            for word in words:
                if len(word) <= MAX_WORD:
                    self._log[word] = log
                    self._prefixes.update(word[:end] for end in range(1, len(word)))
            taken += len(words)
            if taken >= _WORDS:
                break
        self._tags = word_classes.word_tags(set(self._log)) if language in _TAGGED_LANGUAGES else {}
        self._before = word_classes.lifts() if self._tags else {}

    @classmethod
    def from_data(cls, language: str, data: Any) -> WordModel:
        """The model ``to_data`` gave, as kept on disk (``model_file``)."""
        if not (isinstance(data, list) and len(data) == 4 and isinstance(data[0], list) and isinstance(data[1], str)
                and all(isinstance(table, dict) for table in data[2:])):
            raise Damaged("not the words and prefixes of a word model")
        model = cls.__new__(cls)
        model.language = language
        model._log = {}
        try:
            for log, words in data[0]:
                model._log.update(dict.fromkeys(words.split(_SEPARATOR), log))
        except (TypeError, ValueError, AttributeError):
            raise Damaged("not the word lists of a word model") from None
        model._prefixes = set(data[1].split(_SEPARATOR)) if data[1] else set()
        try:
            model._tags = {word: tag for tag, words in data[2].items() for word in words.split(_SEPARATOR)}
        except AttributeError:
            raise Damaged("not the word classes of a word model") from None
        model._before = data[3]
        return model

    def to_data(self) -> list[Any]:
        """The words by their log frequency, each group's words as one string (as fast to read
        back as a list of them is slow), the prefixes, the words by class, and the lifts: the
        words share a float per frequency, as when built."""
        words_by_log: dict[float, list[str]] = {}
        for word, log in self._log.items():
            words_by_log.setdefault(log, []).append(word)
        words_by_tag: dict[str, list[str]] = {}
        for word, tag in self._tags.items():
            words_by_tag.setdefault(tag, []).append(word)
        return [[[log, _SEPARATOR.join(words)] for log, words in words_by_log.items()],
                _SEPARATOR.join(sorted(self._prefixes)),
                {tag: _SEPARATOR.join(words) for tag, words in words_by_tag.items()}, self._before]

    def log_prob(self, word: str) -> float | None:
        """log P(word), or None when ``word`` is not in the list."""
        return self._log.get(word)

    def first_state(self, word: str) -> str | None:
        """The class state ``word`` begins in (``word_classes.state``), None when it has no class."""
        tag = self._tags.get(word)
        return None if tag is None else word_classes.state(tag, len(word) == 1, True)

    def last_state(self, word: str) -> str | None:
        """The class state ``word`` ends in, None when it has no class."""
        tag = self._tags.get(word)
        return None if tag is None else word_classes.state(tag, len(word) == 1, False)

    def lifts_before(self, first: str | None) -> dict[str | None, float]:
        """How much likelier a word beginning in class state ``first`` is after a word ending in
        each state (``CLAUSE``: at a clause's start) than after any word; a state missing counts
        0, as does every state when ``first`` is None (a word without a class)."""
        return self._before.get(first, {}) if first is not None else {}

    def starts_a_word(self, text: str) -> bool:
        """Whether a longer word of the list begins with ``text``."""
        return text in self._prefixes


_MODELS = KeptModels("words", WordModel, WordModel.from_data)


def word_model(language: str, folder: Path | None = None) -> WordModel:
    """The model of ``language``, kept in ``folder`` (``model_file``) when one is given."""
    return _MODELS.get(language, folder)
