"""The character model's counts, from a word list given here instead of wordfreq's."""

from __future__ import annotations

import math

from clew.core.text import charmodel
from clew.core.text.charmodel import CharModel


def model_of(monkeypatch, buckets: list[list[str]]) -> CharModel:
    monkeypatch.setattr(charmodel.wordfreq, "get_frequency_list", lambda language, wordlist: buckets)
    return CharModel("xx")


def test_each_occurrence_adds_its_buckets_frequency_one_at_a_time(monkeypatch):
    model = model_of(monkeypatch, [["aab"], ["a", "ba"]])
    second = 10 ** (-1 / 100)
    a = 1.0 + 1.0 + second + second  # as met, word by word: not 2 + 2 * second
    b = 1.0 + second
    assert model.unigram("a") == a / (a + b) and model.unigram("b") == b / (a + b)


def test_pairs_are_counted_within_each_word_and_at_its_edges(monkeypatch):
    model = model_of(monkeypatch, [["ab", "b"]])
    # After "a": only "b", and "a" never ends a word.
    assert math.exp(model.log_prob("a", "b")) > 0.8 > math.exp(model.log_prob("a", "a"))
    # "b" ends both words, and no pair of two edges was counted between them.
    assert math.isclose(math.exp(model.log_prob("b", " ")), 0.8)


def test_an_empty_bucket_adds_no_pair_of_two_edges(monkeypatch):
    with_empty = model_of(monkeypatch, [["ab", "b"], [], ["ba"]])
    without = model_of(monkeypatch, [["ab", "b"], ["zz"], ["ba"]])
    assert with_empty.log_prob(" ", "a") != without.log_prob(" ", "a")  # the buckets do count
    plain = model_of(monkeypatch, [["ab", "b"], ["ba"]])
    shifted = model_of(monkeypatch, [["ab", "b"], ["ba"], []])
    assert plain.log_prob(" ", "a") == shifted.log_prob(" ", "a")
    assert plain.log_prob("b", " ") == shifted.log_prob("b", " ")
