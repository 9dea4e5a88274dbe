"""The quick test before any repair (core/text/mojibake_signs.py): clean notes never reach the
line by line repair, and the test never misses what the repair would change."""

from __future__ import annotations

import random

import ftfy
import pytest

from clew.core.text import mojibake
from clew.core.text.mojibake import detect, mangle, repair, repair_note
from clew.core.text.mojibake_signs import ALL_CODE_PAGES, FTFY_CODE_PAGES, can_hold_mojibake, lines_with_signs
from clew.core.text.reading import read_note

SEED_MOJIBAKE = "papers/deep_learning_trends_2022-2024 (mis-encoded copy).md"
CLEAN_NOTES = [
    "# Заметки о моделях\n\nВ статье «Внимание — всё, что нужно» авторы предложили трансформер. "
    "Идея проста: ещё один слой внимания… и №1 в рейтинге.\n",
    "# 深度学习笔记\n\n过去三年中，“Transformer”架构依然主导潮流——并扩展到更多领域。书签、中文与台湾……\n",
    "# Mixed\n\nThe model’s “attention” — it’s 2× faster · 5 °C · naïve café, Ærøskøbing.\n"
    "Модель 模型 model: ёлка, 书签, Straße.\n",
    "Ğüzel İstanbul şehri; ıslak çorap. Crème brûlée, déjà vu.\n",
]


def test_the_code_pages_written_out_are_the_ones_ftfy_tries():
    assert FTFY_CODE_PAGES == tuple(ftfy.chardata.CHARMAP_ENCODINGS)


@pytest.mark.parametrize("text", CLEAN_NOTES)
def test_a_clean_multilingual_note_never_reaches_the_repair(text, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a clean note was passed to the repair")

    monkeypatch.setattr(mojibake, "detect", refuse)
    monkeypatch.setattr(mojibake, "_rebuild", refuse)
    monkeypatch.setattr(ftfy, "fix_text", refuse)
    assert not can_hold_mojibake(text)
    assert repair_note(text, "utf-8") is None


@pytest.mark.parametrize("text", [
    mangle("书签 与 中文"),                    # Windows-1254, lost bytes
    mangle("Привет, мир", "cp1251"),
    mangle("🎉 done"),
    "voilÃ le travail",                        # ftfy: a no-break space become a space
    "a â€ dagger",
    "C1 \x93quoted\x94",
    "caf\u00c3\u00a9",                          # café as Latin-1
])
def test_every_kind_of_mojibake_shows_a_sign(text):
    assert can_hold_mojibake(text)
    assert repair(text) is not None


def test_a_capital_before_yo_is_a_sign_but_the_full_test_clears_it():
    # Её reads as UTF-8 for Ÿ read in Windows-1251: such a note is looked at closely, once.
    assert can_hold_mojibake("Её идея проста.") and repair("Её идея проста.") is None


def test_the_seed_copy_shows_signs_on_its_mis_encoded_lines(seed_kb):
    text = read_note(seed_kb / SEED_MOJIBAKE).text
    assert can_hold_mojibake(text) and repair(text) is not None
    flagged = {text[start:end] for start, end in lines_with_signs(text)}
    assert all(line in flagged for line in text.splitlines(keepends=True) if detect(line) is not None)


def _fragment(rng: random.Random) -> str:
    """A character as UTF-8 read in some code page: whole, a byte short, or with a space for
    one of its continuation bytes."""
    data = bytearray(rng.choice("àéü†€—“”’…中书签ёжЯ😀🎉ğşΩ\xa0ß©®").encode("utf-8"))
    damage = rng.random()
    if damage < 0.3 and len(data) > 1:
        del data[rng.randrange(1, len(data))]
    elif damage < 0.6 and len(data) > 1:
        data[rng.randrange(1, len(data))] = 0x20
    return bytes(data).decode(rng.choice(ALL_CODE_PAGES), errors="ignore")


def test_text_without_a_sign_is_left_alone_by_every_repair():
    words = ("voila le travail café naïve über straße привет мир её всё «ёлка» № 中文 书签 “引号” —— …… "
             "ğüzel şehir ıslak αβγ le Ã Â é ü").split(" ")
    rng = random.Random(22)
    unsigned = 0
    for _ in range(3000):
        parts = [rng.choice(words) for _ in range(rng.randint(1, 6))]
        for _ in range(rng.randint(0, 2)):
            parts.insert(rng.randrange(len(parts) + 1), _fragment(rng))
        text = rng.choice([" ", "", "\n"]).join(parts)
        if not can_hold_mojibake(text):
            unsigned += 1
            assert detect(text) is None and ftfy.fix_text(text, mojibake.ftfy_config()) == text, text
        else:
            assert mojibake._ftfy_lines(text) == ftfy.fix_text(text, mojibake.ftfy_config()), text
    assert unsigned > 500
