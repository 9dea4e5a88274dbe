"""Tests for natural_key: the order of file and folder names in the tree."""

from __future__ import annotations

import random
import unicodedata

from clew.core.vault.natural_sort import natural_key


def ordered(names: list[str]) -> list[str]:
    return sorted(names, key=natural_key)


def test_numbers_compare_by_value():
    names = ["note 10", "note 2", "note 1", "note 100"]
    assert ordered(names) == ["note 1", "note 2", "note 10", "note 100"]


def test_leading_zeros_tie_on_value_and_still_order_deterministically():
    assert ordered(["note 2", "note 02", "note 3"]) == ["note 02", "note 2", "note 3"]
    assert ordered(["note 02", "note 2"]) == ordered(["note 2", "note 02"])


def test_numbers_of_any_length_and_script():
    huge = "9" * 5000  # longer than int() accepts from a string by default
    assert ordered([f"x {huge}", "x 10"]) == ["x 10", f"x {huge}"]
    assert ordered(["x ٣", "x 12", "x 2"]) == ["x 2", "x ٣", "x 12"]  # Arabic-Indic three
    assert ordered(["x １２", "x 3"]) == ["x 3", "x １２"]  # full-width twelve


def test_digits_before_letters():
    assert ordered(["agenda", "2024 plan", "Zebra"]) == ["2024 plan", "agenda", "Zebra"]


def test_case_is_ignored_and_lowercase_breaks_ties():
    assert ordered(["b", "B", "A", "a"]) == ["a", "A", "b", "B"]
    assert ordered(["Note 3", "note 10", "note 2"]) == ["note 2", "Note 3", "note 10"]


def test_accents_sort_with_their_letter_then_after_it():
    assert ordered(["Ecole", "éclair", "eclair", "Émile"]) == ["eclair", "éclair", "Ecole", "Émile"]
    assert ordered(["Øre", "Paris", "Oslo"]) == ["Oslo", "Øre", "Paris"]


def test_russian_yo_sorts_with_ye_and_short_i_after_i():
    assert ordered(["Яблоко", "ель", "абрикос", "Ёлка"]) == ["абрикос", "Ёлка", "ель", "Яблоко"]
    assert ordered(["ёлка", "елка"]) == ["елка", "ёлка"]
    assert ordered(["йогурт", "истина", "камень"]) == ["истина", "йогурт", "камень"]


def test_ukrainian_letters_follow_their_base_letter():
    assert ordered(["дім", "ґанок", "гуска"]) == ["гуска", "ґанок", "дім"]
    assert ordered(["йод", "їжак", "іній", "инший"]) == ["инший", "іній", "їжак", "йод"]


def test_scripts_group_latin_then_cyrillic_then_chinese_by_code_point():
    names = ["北京", "абрикос", "上海", "zebra", "中文", "Apple"]
    assert ordered(names) == ["Apple", "zebra", "абрикос", "上海", "中文", "北京"]


def test_decomposed_and_composed_names_sort_together():
    composed = "café 2"
    decomposed = unicodedata.normalize("NFD", composed)
    assert natural_key(decomposed)[:3] == natural_key(composed)[:3]
    assert ordered(["cafe 3", decomposed, "cafe 1"]) == ["cafe 1", decomposed, "cafe 3"]


def test_order_is_total_and_independent_of_input_order():
    names = ["a", "A", "á", "Á", "a1", "a01", "a 1", "a-1", "ё", "е", "Е", "Ё", "中", "", " "]
    assert len({natural_key(n) for n in names}) == len(names)
    shuffled = names[:]
    random.Random(7).shuffle(shuffled)
    assert ordered(shuffled) == ordered(names)
