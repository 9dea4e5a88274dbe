"""Word frequencies for a language written without spaces between words (Chinese),
from wordfreq's lists: how likely a run of characters is as one word. The mojibake repair asks
it which of a lost byte's candidate characters forms words with its neighbours (书签, not 书美;
其中, not 其不)."""

from __future__ import annotations

import functools
import math

import wordfreq

# Longest word looked up: longer ones add little that their parts do not.
MAX_WORD = 4
# Words taken from the list, most frequent first: the rest are rarer than one in ten million.
_WORDS = 250_000
_LN10 = math.log(10)


class WordModel:
    """log P(word) for the words of one language's list up to MAX_WORD characters."""

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

    def log_prob(self, word: str) -> float | None:
        """log P(word), or None when ``word`` is not in the list."""
        return self._log.get(word)

    def starts_a_word(self, text: str) -> bool:
        """Whether a longer word of the list begins with ``text``."""
        return text in self._prefixes


@functools.lru_cache(maxsize=2)
def word_model(language: str) -> WordModel:
    return WordModel(language)
