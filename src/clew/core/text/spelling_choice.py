"""Which character each short UTF-8 sequence of a mis-encoded run was: of the few candidates its
lost bytes leave, the likeliest by a character model, and by the words they form: a whole word's
frequency for scripts written with spaces, words end to end for Chinese (mojibake rebuilds runs
with it)."""

from __future__ import annotations

import functools
import heapq
import math
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import wordfreq

from clew.core.text import word_agreement
from clew.core.text.charmodel import CharModel, fallback_model
from clew.core.text.rare_words import rare_words
from clew.core.text.run_groups import Group, everyday_weight
from clew.core.text.word_classes import CLAUSE
from clew.core.text.wordmodel import MAX_WORD, WordModel, word_model

# Categories no one writes on purpose: a candidate in one of them is all but ruled out.
_IMPLAUSIBLE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
_IMPLAUSIBLE_LOG = -60.0
# Joiners and variation selectors belong after an emoji (So), nowhere else.
_EMOJI_MARKS = "\u200d\ufe0e\ufe0f"
_KEYCAP_BASES = "0123456789#*"
# Scripts written with spaces between words are judged a word at a time, by the word's
# frequency; these are not (and would need word segmentation).
_UNSPACED_LANGUAGES = frozenset({"zh", "ja"})
_MAX_WORD_CHOICES = 4096
# Unspaced languages: the weight of a word's log frequency, and of its class's lift after the
# class before, against the character model's score of a character no list holds as a word
# (which counts as a word this rare).
_WORDS_WEIGHT = 1.0
_CLASS_WEIGHT = 1.0
# The weight of how much likelier a word beginning with its first character follows one ending
# in the last character of the word before, in running text (``WordModel.pair_lift``): chosen
# on 25 sentences of our own, none of bench/mojibake.py's (21 characters wrong of 509 without,
# 15 at 0.3 and at 0.5).
_PAIR_WEIGHT = 0.3
_UNKNOWN_WORD_LOG = math.log(1e-9)
# Where reading runs as words pays: Japanese, its kana each a byte short, reads better by the
# characters alone (99.5% against 99.0% in bench/mojibake.py).
_WORD_CONTEXT_LANGUAGES = frozenset({"zh"})
_WORD_WEIGHT = 1.0
# wordfreq's list the words of spaced languages are looked up in first: the small one (Russian
# 61k words, those at least one in a million; 20 ms and 10 MB to load); a spelling it lacks is
# looked up among the rest of the full list (``rare_words``: 188k words by hash, 0.9 MB, where
# the full list as a dict took 400 ms and 120 MB). A word either holds scores its frequency alone:
# the character model, built from the same words, would count it twice and prefer the commoner
# ending (записывая over записываю); a spelling neither holds, the character model.
_SPACED_WORDLIST = "small"
# wordfreq cuts Korean and Japanese into words with MeCab, which is no dependency of Clew (and
# its import fails without it): their words are looked up in the list as they are written.
_MECAB_LANGUAGES = frozenset({"ko", "ja"})
# How many of a word's likeliest spellings are weighed with the words beside it.
_RANKED = 4
# How much a spelling gains whose ending agrees with the word before (``word_agreement``), in
# log frequency: the word's frequency and the agreement both count. Chosen on
# bench/mojibake_dev.py's 47 Russian sentences, none of bench/mojibake.py's: 26 characters wrong
# without, 10 at 1.5, 8 at 2 and 2.5, 4 from 3 on (удаляю needs 2.6 over the commoner удался).
_AGREEMENT_WEIGHT = 3.0
_UNKNOWN_WORD = 1e-9
_WORD_START_RE = re.compile(r"\w*")


def _word_before(line: str, start: int) -> str:
    """The word characters (``\\w``: letters, digits, the underscore) right before ``start``: a
    walk back, where a search for ``\\w*\\Z`` tries every position from the line's start, and
    a paragraph is one line of thousands of characters."""
    edge = start
    while edge and (line[edge - 1].isalnum() or line[edge - 1] == "_"):
        edge -= 1
    return line[edge:start]


def choose_spellings(runs: list[tuple[int, int]], grouped: list[list[Group]], line: str, model: CharModel,
                     models: Path | None, brackets: frozenset[str]) -> list[str]:
    """The text of each run ``line[start:end]`` of ``runs``, found as the groups of ``grouped``
    (``choose_spelling``); where word endings agree (``word_agreement``), the words a space
    apart are chosen together: of each word's likeliest spellings, those that agree with the
    word before gain ``_AGREEMENT_WEIGHT``."""
    if model.language not in word_agreement.LANGUAGES:
        return [choose_spelling(groups, line, start, end, model, models, brackets)
                for (start, end), groups in zip(runs, grouped)]
    # best[i] = (score, spellings so far) of the best way to end in spelling i of the run
    best: list[tuple[float, list[str]]] = [(0.0, [])]
    ending: list[str] = [""]  # the word each way ends in
    position = 0
    for (start, end), groups in zip(runs, grouped):
        prefix = _word_before(line, start)
        suffix = _WORD_START_RE.match(line, end).group(0)
        apart = position and start - len(prefix) > position and line[position:start - len(prefix)].isspace()
        grown, words = [], []
        for score, text in _ranked(groups, line, start, end, model, models, brackets, prefix, suffix):
            word = prefix + text + suffix
            total, spellings = max(
                ((s + score + (_AGREEMENT_WEIGHT if apart and word_agreement.agrees(last, word) else 0.0), t)
                 for (s, t), last in zip(best, ending)), key=lambda found: found[0])
            grown.append((total, [*spellings, text]))
            words.append(word)
        best, ending, position = grown, words, end + len(suffix)
    return max(best, key=lambda found: found[0])[1]


def choose_spelling(groups: list[Group], line: str, start: int, end: int, model: CharModel,
                    models: Path | None, brackets: frozenset[str]) -> str:
    """The text of the run ``line[start:end]``, found as ``groups``: by whole words where the
    language puts spaces between them, by words end to end for Chinese, else by characters."""
    return _ranked(groups, line, start, end, model, models, brackets)[0][1]


def _ranked(groups: list[Group], line: str, start: int, end: int, model: CharModel, models: Path | None,
            brackets: frozenset[str], prefix: str | None = None, suffix: str | None = None,
            ) -> Sequence[tuple[float, str]]:
    """(score, text) of the run's likeliest spellings, likeliest first: a few for a whole word
    of a spaced language, one scored 0 otherwise. ``prefix`` and ``suffix``, the letters the
    word goes on with outside the run, are found in ``line`` unless given."""
    before = line[start - 1] if start else " "
    after = line[end] if end < len(line) else " "
    choices = math.prod(len(g.options) for g in groups)
    if model.language not in _UNSPACED_LANGUAGES and 1 < choices <= _MAX_WORD_CHOICES:
        prefix = _word_before(line, start) if prefix is None else prefix
        suffix = _WORD_START_RE.match(line, end).group(0) if suffix is None else suffix
        return _word_spellings(tuple(groups), prefix, suffix, model, brackets, models)
    return [(0.0, _choose_one(groups, before, after, model, models, brackets, choices))]


def _choose_one(groups: list[Group], before: str, after: str, model: CharModel, models: Path | None,
                brackets: frozenset[str], choices: int) -> str:
    if model.language in _WORD_CONTEXT_LANGUAGES and choices > 1:
        return _choose_words(groups, before, after, model, word_model(model.language, models), brackets)
    return _choose(groups, before, after, model, brackets)


def _context(char: str) -> str:
    """What the model sees of a neighbour: letters as they are, anything else as a word edge."""
    return char if char.isalpha() or unicodedata.category(char).startswith("M") else " "


@functools.lru_cache(maxsize=1 << 17)
def _score(model: CharModel, previous: str, char: str) -> float:
    """How likely ``char`` is after ``previous``; kept, as the same pairs come back in every
    candidate spelling and every note."""
    implausible = _implausible(previous, char)
    if implausible:
        return implausible
    return model.log_prob(_context(previous), char, fallback_model()) + everyday_weight(char)


@functools.lru_cache(maxsize=1 << 16)
def _may_be_implausible(char: str) -> bool:
    """Whether ``_implausible`` may count against ``char``, after some character."""
    return char in _EMOJI_MARKS or unicodedata.category(char) in _IMPLAUSIBLE


@functools.lru_cache(maxsize=1 << 16)
def _implausible(previous: str, char: str) -> float:
    """``_IMPLAUSIBLE_LOG`` for ``char`` where no one writes it on purpose, else 0: word lists
    hold such characters too (wordfreq's Chinese one has the zero-width joiner)."""
    if char in _EMOJI_MARKS:
        if unicodedata.category(previous) != "So" and previous not in _KEYCAP_BASES:
            return _IMPLAUSIBLE_LOG
    elif unicodedata.category(char) in _IMPLAUSIBLE:
        return _IMPLAUSIBLE_LOG
    return 0.0


def _unpaired(option: str, brackets: frozenset[str]) -> float:
    """A bracket whose partner kind (opening for a closing one, and back) the line lacks is all
    but ruled out: 、 is not 」, nor 【. ``brackets`` holds the categories seen in the line."""
    partner = {"Pe": "Ps", "Ps": "Pe"}.get(unicodedata.category(option[0]))
    return _IMPLAUSIBLE_LOG if partner and partner not in brackets else 0.0


# Words come back: in the 10k bench vault's mis-encoded notes, 3,933 Russian words with a short
# character are 620 distinct ones (the same word, lost bytes and neighbours), each chosen once.
@functools.lru_cache(maxsize=1 << 13)
def _word_spellings(groups: tuple[Group, ...], prefix: str, suffix: str, model: CharModel,
                    brackets: frozenset[str], models: Path | None) -> tuple[tuple[float, str], ...]:
    """(score, text) of the ``_RANKED`` likeliest spellings of a word with a few short
    characters, likeliest first (the first of equal ones first), judged as a whole word by its
    frequency (for scripts that put spaces between words) and by the character model; kept
    for the same word met again."""
    before, after = prefix[-1:] or " ", suffix[:1] or " "
    # Every spelling, in itertools.product's order (the first of equal scores wins), grown a
    # group at a time with its bigram scores and bracket penalties summed so far, left to right
    # as a sum over the whole word would add them: a 4096-spelling word no longer costs 4096
    # walks along it.
    spellings = [("", before, 0.0, 0.0)]
    for group in groups:
        options = [(option, _unpaired(option, brackets)) for option in group.options]
        grown = []
        for text, last, chain, unpaired in spellings:
            for option, penalty in options:
                extended = chain
                previous = last
                for char in option:
                    extended += _score(model, previous, char)
                    previous = char
                grown.append((text + option, previous, extended, unpaired + penalty))
        spellings = grown
    scored = []
    for text, last, chain, unpaired in spellings:
        word = prefix + text + suffix
        frequency = _listed_frequency(word, model.language) or rare_words(model.language, models).frequency(word)
        if frequency:
            score = _WORD_WEIGHT * math.log(frequency) + unpaired
        else:
            score = chain + _score(model, last, after) + _WORD_WEIGHT * math.log(_UNKNOWN_WORD) + unpaired
        scored.append((score, text))
    return tuple(heapq.nlargest(_RANKED, scored, key=lambda found: found[0]))


def _listed_frequency(word: str, language: str) -> float:
    """``word``'s frequency in wordfreq's list that spaced languages are looked up in first."""
    if language in _MECAB_LANGUAGES:
        return wordfreq.get_frequency_dict(language, _SPACED_WORDLIST).get(word.casefold(), 0.0)
    return wordfreq.word_frequency(word, language, wordlist=_SPACED_WORDLIST)


def load_word_list(language: str) -> None:
    """Load wordfreq's list that ``_word_spellings`` looks the words of ``language`` up in first,
    and its tokenizer, ahead of need (``repair_preload``): ~25 ms at the first word otherwise."""
    _listed_frequency("a", language)


def _choose(groups: list[Group], before: str, after: str, model: CharModel, brackets: frozenset[str]) -> str:
    """The most likely text for a run: Viterbi over each group's options with a bigram model."""
    # best[i] = (score, text) of the best path ending in option i of the current group
    best = [(0.0, "")]
    last_chars = [before]
    for group in groups:
        scored = []
        for option in group.options:
            inner = sum(_score(model, a, b) for a, b in zip(option, option[1:])) if group.guessed else 0.0
            inner += _unpaired(option, brackets) if group.guessed else 0.0
            score, text = max(
                ((s + _score(model, last_chars[i], option[0]) + inner, t) for i, (s, t) in enumerate(best)),
                key=lambda pair: pair[0],
            )
            scored.append((score, text + option))
        best = scored
        last_chars = [option[-1] for option in group.options]
    finals = [(s + _score(model, last_chars[i], after), t) for i, (s, t) in enumerate(best)]
    return max(finals, key=lambda pair: pair[0])[1]


def _choose_words(groups: list[Group], before: str, after: str, model: CharModel, words: WordModel,
                  brackets: frozenset[str]) -> str:
    """The most likely text for a run in a language written without spaces, read as words end
    to end: a word of the list scores its frequency, how much likelier its class is after
    the class of the word before (``word_classes``), a class-based word bigram, and how much
    likelier its first character meets the last of the word before at a word edge of running
    text (``WordModel.pair_lift``). A character the
    list does not hold as a word is scored by the character model, at an unknown word's
    frequency; a run of several is no word. The words and each group's option are found
    together (dynamic programming over where words end, which option the group before ends in
    and the class the word before ends in), so a candidate wins by the words it forms with its
    neighbours and their classes: 与 before a noun, 不 before a verb, 中 before 的. Spellings
    are grown a group at a time while some word starts with them."""
    count = len(groups)
    # Each group's options as (option, character model score of a character no list holds,
    # penalty of any spelling, whether the option's first character may be implausible).
    own = []
    for group in groups:
        scored = []
        for option in group.options:
            penalty = (_unpaired(option, brackets) if group.guessed else 0.0) + sum(
                _implausible(a, b) for a, b in zip(option, option[1:]))
            chars = penalty + sum(_score(model, a, b) for a, b in zip(option, option[1:]))
            scored.append((option, chars, penalty, _may_be_implausible(option[0])))
        own.append(scored)
    # best[end][(option of group end-1, class state the last word ends in)] = (score, where its
    # word starts, the word's options, the key of the best way to the word's start); best[0]
    # holds the run's start alone.
    best: list[dict[_Key, tuple[float, int, tuple[int, ...], _Key | None]]] = [{} for _ in range(count + 1)]
    best[0][(0, None if before.isalnum() else CLAUSE)] = (0.0, 0, (), None)
    for start in range(count):
        before_word = [(score, groups[start - 1].options[key[0]][-1] if start else before, key)
                       for key, (score, *_rest) in best[start].items()]
        # (a word's first character or "", its class state, whether the list holds it) -> best way in
        entering: dict[tuple[str, str | None, bool], tuple[float, _Key]] = {}
        # (options so far, their text, penalty, character model score while one group long)
        spellings: list[tuple[tuple[int, ...], str, float, float]] = [((), "", 0.0, 0.0)]
        for end in range(start + 1, min(count, start + MAX_WORD) + 1):
            grown = [(combo + (index,), text + option,
                      penalty + option_penalty + (_implausible(text[-1], option[0]) if risky and text else 0.0), chars)
                     for combo, text, penalty, _chars in spellings
                     for index, (option, chars, option_penalty, risky) in enumerate(own[end - 1])]
            spellings = []
            for combo, text, penalty, chars in grown:
                word, first, last, prefix = words.entry(text) or _NO_ENTRY
                known = word is not None
                if known or end == start + 1:
                    # A word of the list enters by its class alone, whatever its first character
                    # (but for one no one writes on purpose).
                    way = (text[0], first, known)
                    if way not in entering:
                        entering[way] = _way_in(before_word, text[0], first, known, model, words)
                    way_in, previous = entering[way]
                    total = way_in + (_WORDS_WEIGHT * word + penalty if known else _UNKNOWN_WORD_LOG + chars)
                    if end == count:
                        total += (_implausible(text[-1], after) + _PAIR_WEIGHT * words.pair_lift(text[-1], after)
                                  if known else _score(model, text[-1], after))
                        total += 0.0 if after.isalnum() else _CLASS_WEIGHT * words.clause_end(last)
                    key = (combo[-1], CLAUSE if end == start + 1 and _is_punctuation(text) else last)
                    if key not in best[end] or total > best[end][key][0]:
                        best[end][key] = (total, start, combo, previous)
                if prefix:
                    spellings.append((combo, text, penalty, chars))
            if not spellings:
                break
    pieces, end = [], count
    key = max(best[end], key=lambda found: best[end][found][0])
    while end:
        _total, start, combo, previous = best[end][key]
        pieces.append("".join(group.options[i] for group, i in zip(groups[start:end], combo)))
        end, key = start, previous
    return "".join(reversed(pieces))


# What a text neither a word nor the beginning of one is (``WordModel.entry``).
_NO_ENTRY = (None, None, None, False)
# A way a Chinese run may end so far: (option of its last group, the class state its last word
# ends in, or None where that word has no class).
_Key = tuple[int, "str | None"]


@functools.lru_cache(maxsize=1 << 12)
def _is_punctuation(text: str) -> bool:
    """Whether the word after the group ``text`` starts a clause: it is a punctuation mark."""
    return len(text) == 1 and unicodedata.category(text).startswith("P")


def _way_in(before_word: list[tuple[float, str, _Key]], first: str, state: str | None, known: bool,
            model: CharModel, words: WordModel) -> tuple[float, _Key]:
    """The best (score, key of the way before) to enter a word starting with ``first`` in class
    state ``state`` from ``before_word`` ((score, last character, key) of each way the text
    before may end); the first of equal ones. A word of the list enters by its class, a
    character no list holds by the character model. A loop, not max() over a generator: this
    runs for every option of every group of a Chinese run, against every way the text before
    ends."""
    best_score, best_key = -math.inf, before_word[0][2]
    if known:
        lifts = words.lifts_before(state)
        risky = _may_be_implausible(first)
        for score, last, key in before_word:
            total = (score + _CLASS_WEIGHT * lifts.get(key[1], 0.0) + _PAIR_WEIGHT * words.pair_lift(last, first)
                     + (_implausible(last, first) if risky else 0.0))
            if total > best_score:
                best_score, best_key = total, key
    else:
        # A punctuation mark the same after any character: the character model, built from
        # words, has never seen one after a word, and would read its word-end figures as
        # how likely a clause ends there (与 ends more words than 中: "与，" won).
        edge = _is_punctuation(first)
        for score, last, key in before_word:
            total = score + _score(model, " " if edge else last, first)
            if edge:
                total += _CLASS_WEIGHT * words.clause_end(key[1])
            if total > best_score:
                best_score, best_key = total, key
    return best_score, best_key
