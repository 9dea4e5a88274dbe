"""A Markdown link's destination is percent-decoded as urllib.parse.unquote decodes it, whatever it holds."""

from __future__ import annotations

import random
from urllib.parse import unquote

import pytest

from clew.core.links.model import percent_decoded, split_destination

HOSTILE = [
    "", "%", "%%", "%%%", "%2", "%2%20", "%%20", "%%2020", "%20%", "%zz", "%G0", "%0G", "%-1", "%+1", "% 20",
    "%E2%82", "%E2%82%AC", "%e2%82%ac", "%E2%82x%AC", "%E2%82%41%AC", "%E2%20%AC", "%D0и%BC", "%D0%BC%D0%BE",
    "%FF", "%C0%80", "%C0%AF", "%ED%A0%80", "%F4%90%80%80", "%F0%9F%8E", "%F0%9F%8E%89", "%00", "%0a%0D",
    "%٣٣", "%２０", "％20", "%ⅰⅱ", "a%2Fb%23c", "заметка%20%D0%B1", "笔记%E4%B8%AD%E6%96%87", "%E4%B8\udcff%AD",
    "\udcff%20\ud800", "%25", "%2525", "%252", "50%", "100% done", "%%E2%82%AC%",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_destinations_decode_as_urllib_decodes_them(text):
    assert percent_decoded(text) == unquote(text)


def test_random_destinations_decode_as_urllib_decodes_them():
    rng = random.Random(22)
    pieces = ["%", "%20", "2", "0", "a", "F", "f", "G", "z", " ", "/", "#", ".md", "é", "я", "中", "🎉", "\udcff",
              "٣", "\x00", "\n"]
    for _ in range(20_000):
        parts = []
        for _ in range(rng.randrange(12)):
            roll = rng.random()
            if roll < 0.4:
                parts.append(f"%{rng.randrange(256):02{rng.choice('xX')}}")
            elif roll < 0.5:
                parts.append(f"%{rng.choice('0123456789abcdefABCDEFgG%')}")
            else:
                parts.append(rng.choice(pieces))
        text = "".join(parts)
        assert percent_decoded(text) == unquote(text), text


def test_every_byte_and_every_pair_of_escaped_bytes_decodes_as_urllib_decodes_them():
    singles = [f"%{byte:02X}" for byte in range(256)]
    for first in singles:
        assert percent_decoded(first) == unquote(first)
        for second in singles[0x80:]:
            assert percent_decoded(first + second) == unquote(first + second)


def test_a_destination_written_by_obsidian_comes_back_as_its_path():
    assert split_destination("../заметки/модель%20обучение%20000967.md#Подробности") == (
        "../заметки/модель обучение 000967.md", "Подробности")
    assert split_destination("笔记%E4%B8%AD.md#%E4%B8%AD") == ("笔记中.md", "中")
