"""Bytes -> text: encodings, binary files, huge files and files that cannot be read."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from clew.core.text.reading import NoteUnreadable, decode_bytes, note_bytes, read_note

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


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_without_a_bom_are_read_when_plainly_text(tmp_path, codec):
    text = "# Заметка\n\n" + RUSSIAN + "See [[target]].\n"
    note = read_note(write(tmp_path, text.encode(codec)))
    assert (note.text, note.encoding, note.binary) == (text, codec, False)
    assert note.notices == (f"Read as {codec.upper().replace('-LE', 'LE').replace('-BE', 'BE')} "
                            "without a byte order mark.",)


def test_utf16_without_a_bom_cut_inside_a_character_is_read(tmp_path):
    data = ("ascii and 🚀 emoji " * 300).encode("utf-16-le")
    note = read_note(write(tmp_path, data[:8193]))  # the 8 KB looked at ends inside the 🚀
    assert note.encoding == "utf-16-le" and note.text.startswith("ascii and 🚀 emoji ascii")


@pytest.mark.parametrize("data", [
    b"\x00\x01\x02" * 100,
    bytes(range(256)) * 8,
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8,
    bytes([1, 0, 2, 0, 3, 0, 0x1b, 0]) * 200,  # NULs where UTF-16LE has them, but control characters
], ids=["counting", "all-bytes", "png", "utf16-shaped-controls"])
def test_binary_data_is_still_binary(tmp_path, data):
    note = read_note(write(tmp_path, data))
    assert note.binary and "binary data" in note.notices[0]


MIXED = ("# Смешанная заметка\n\nUTF-8 line, Привет [[utf8-target]]\n".encode("utf-8")
         + "Строка в windows-1251 со ссылкой [[cp1251-target]]\nЕщё одна строка.\n".encode("cp1251")
         + "Снова UTF-8 — ok\n".encode("utf-8"))


def test_a_note_mixing_utf8_and_cp1251_lines_is_decoded_line_by_line_with_a_banner(tmp_path):
    note = read_note(write(tmp_path, MIXED))
    assert note.text == ("# Смешанная заметка\n\nUTF-8 line, Привет [[utf8-target]]\n"
                         "Строка в windows-1251 со ссылкой [[cp1251-target]]\nЕщё одна строка.\nСнова UTF-8 — ok\n")
    assert note.encoding == "utf-8 and cp1251" and not note.binary
    assert note.notices == ("Decoded line by line: 2 lines as windows-1251, the rest as UTF-8 "
                            "(the file mixes encodings).",)


@pytest.mark.parametrize("codec, name, line", [
    ("cp1252", "windows-1252", "Crème brûlée à la française, déjà vu [[two]]"),
    ("cp1250", "windows-1250", "Příliš žluťoučký kůň úpěl ďábelské ódy [[two]]"),
    ("koi8-r", "koi8-r", "Съешь же ещё этих мягких французских булок [[two]]"),
])
def test_utf8_mixed_with_other_single_byte_encodings(tmp_path, codec, name, line):
    utf8 = "Naïve café — “quoted” in UTF-8 [[one]]\n".encode("utf-8")
    note = read_note(write(tmp_path, utf8 + (line + "\n").encode(codec) + utf8))
    assert note.text.split("\n")[1] == line
    assert note.notices[0].startswith(f"Decoded line by line: 1 line as {name}, the rest as UTF-8")


def test_a_whole_note_in_one_legacy_encoding_is_not_called_mixed(tmp_path):
    note = read_note(write(tmp_path, ("ASCII title\n\n" + RUSSIAN).encode("cp1251")))
    assert note.encoding == "cp1251" and note.notices[0].startswith("Read as cp1251")


def test_note_bytes_are_the_file_s_bytes_up_to_the_limit(tmp_path):
    data = RUSSIAN.encode("utf-8")
    assert note_bytes(write(tmp_path, data)) == data
    assert note_bytes(str(write(tmp_path, data)), limit=10) == data[:11]  # one more: the note is longer


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_note_bytes_refuse_a_fifo_and_a_folder_without_hanging(tmp_path):
    os.mkfifo(tmp_path / "pipe.md")
    (tmp_path / "folder.md").mkdir()
    for name in ("pipe.md", "folder.md", "gone.md"):
        with pytest.raises(NoteUnreadable):
            note_bytes(str(tmp_path / name))
