"""Bytes -> text: encodings, binary files, huge files and files that cannot be read."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from clew.core.reading import NoteUnreadable, decode_bytes, read_note

RUSSIAN = (
    "Заметки о машинном обучении. Сегодня мы обсудили, как большие языковые модели "
    "учатся на текстах, почему им нужны огромные объёмы данных и что происходит, "
    "когда данных не хватает. Отдельно поговорили о переобучении и регуляризации.\n"
) * 3
CHINESE_AND_EMOJI = "# 笔记\n\n深度学习趋势 🚀 — naïve café\n"


def write(tmp_path: Path, data: bytes, name: str = "note.md") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_utf8(tmp_path):
    note = read_note(write(tmp_path, CHINESE_AND_EMOJI.encode("utf-8")))
    assert (note.text, note.encoding, note.binary, note.truncated, note.notices) == (
        CHINESE_AND_EMOJI, "utf-8", False, False, ())


def test_utf8_with_bom(tmp_path):
    note = read_note(write(tmp_path, codecs.BOM_UTF8 + CHINESE_AND_EMOJI.encode("utf-8")))
    assert note.text == CHINESE_AND_EMOJI
    assert not note.text.startswith("\ufeff")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(tmp_path, codec):
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    note = read_note(write(tmp_path, bom + CHINESE_AND_EMOJI.encode(codec)))
    assert note.text == CHINESE_AND_EMOJI
    assert not note.binary


def test_windows_1251_russian(tmp_path):
    note = read_note(write(tmp_path, RUSSIAN.encode("cp1251")))
    assert note.text == RUSSIAN
    assert note.encoding.replace("_", "").replace("-", "").lower() in ("cp1251", "windows1251")
    assert note.notices and "not UTF-8" in note.notices[0]


def test_binary_file_with_nul_bytes(tmp_path):
    note = read_note(write(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))))
    assert note.binary
    assert note.text == ""
    assert note.notices
    assert not note.empty


def test_file_over_the_limit_is_truncated_at_a_line_end_with_a_notice(tmp_path):
    text = "".join(f"строка {i}\n" for i in range(200))
    note = read_note(write(tmp_path, text.encode("utf-8")), limit=1000)
    assert note.truncated
    assert text.startswith(note.text)
    assert note.text.endswith("\n") or text[len(note.text)] == "\n"
    assert len(note.text.encode("utf-8")) <= 1000
    assert any("only its beginning" in n for n in note.notices)
    assert not any("0 MB" in n for n in note.notices)


def test_file_at_the_limit_is_whole(tmp_path):
    data = b"a" * 1000
    note = read_note(write(tmp_path, data), limit=1000)
    assert (note.text, note.truncated) == ("a" * 1000, False)


def test_missing_file(tmp_path):
    with pytest.raises(NoteUnreadable, match="gone.md"):
        read_note(tmp_path / "gone.md")


def test_folder(tmp_path):
    (tmp_path / "folder.md").mkdir()
    with pytest.raises(NoteUnreadable, match="folder"):
        read_note(tmp_path / "folder.md")


def test_empty_file(tmp_path):
    note = read_note(write(tmp_path, b""))
    assert note.text == "" and note.empty and not note.binary


def test_decode_bytes_never_raises_on_garbage():
    note = decode_bytes(bytes(range(128, 256)) * 4)
    assert isinstance(note.text, str)


def test_seed_kb_notes_read_as_utf8(seed_kb):
    for path in sorted(seed_kb.rglob("*.md")) + sorted(seed_kb.rglob("*.txt")):
        note = read_note(path)
        assert note.encoding == "utf-8", path
        assert not note.binary and note.text.strip(), path
