"""The rarer words of a spaced language's full wordfreq list (core/text/rare_words.py): what the
mojibake repair looks a spelling up in when the small list lacks it."""

from __future__ import annotations

import msgpack
import pytest

from clew.core.text.model_file import Damaged
from clew.core.text.rare_words import RareWords


@pytest.fixture(scope="module")
def russian() -> RareWords:
    return RareWords("ru")


def test_a_word_only_the_full_list_holds_has_its_frequency(russian):
    assert 1e-7 < russian.frequency("обгоняет") < 1e-6
    assert russian.frequency("Обгоняет") == russian.frequency("обгоняет")


def test_a_spelling_no_list_holds_and_a_word_of_the_small_list_have_none_here(russian):
    assert russian.frequency("обгонсет") == 0.0
    assert russian.frequency("модель") == 0.0      # the small list's to answer


def test_the_words_kept_on_disk_answer_the_same(russian):
    kept = RareWords.from_data("ru", msgpack.unpackb(msgpack.packb(russian.to_data())))
    assert kept.frequency("видеопамяти") == russian.frequency("видеопамяти") > 0


def test_damaged_data_is_refused():
    with pytest.raises(Damaged):
        RareWords.from_data("ru", [600, b"abc", b"a"])
