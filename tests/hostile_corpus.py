"""The bad-input corpus: a vault of hostile and odd files, generated (no binary blobs checked in).

``build_corpus(folder)`` writes it and returns {vault path: words the page or its notices must
hold, naming the problem}. Each case is one file the issue names."""

from __future__ import annotations

import codecs
import os
import struct
import zlib
from pathlib import Path

from clew.core.mojibake import mangle

CHINESE = "过去三年中，Transformer 架构依然主导潮流，并扩展到更多领域。大规模预训练的模型在自然语言和计算机视觉中取得了突破。"
RUSSIAN = "Съешь же ещё этих мягких французских булок, да выпей чаю. Это всё, что я знаю о моделях."
JAPANESE = "日本語のテキストです。文字化けを修復できるか、確かめてみましょう。"
EMOJI = "Release notes 🎉 ✅ done, ⚠️ careful, 🔥 hot, 📌 pinned 👍"
BIG_BYTES = 6 * 1024 * 1024


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) \
        + chunk(b"IEND", b"")


def _big_note() -> bytes:
    line = "A line of a very long log that no one will read to the end, number {:08d}.\n"
    count = BIG_BYTES // len(line.format(0)) + 1
    return "".join(line.format(i) for i in range(count)).encode("ascii")


def build_bad_name_vault(folder: Path) -> str:
    """A vault with one note whose file name is not valid UTF-8, and one ordinary note; returns
    the ordinary note's path."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(os.fsencode(folder) + b"/bad-name-\xff\xfe.md", "wb") as handle:
        handle.write(b"# A name that is not UTF-8\n\nStill a note.\n")
    (folder / "fine.md").write_text("# Fine\n\nThe rest of the vault works.\n", encoding="utf-8")
    return "fine.md"


def build_corpus(folder: Path) -> dict[str, tuple[str, ...]]:
    """Write the corpus into ``folder``; return each case's expected words (any one suffices)."""
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, bytes] = {
        "enc/utf8-bom.md": codecs.BOM_UTF8 + f"# BOM\n\n{CHINESE}".encode("utf-8"),
        "enc/utf16-le.md": codecs.BOM_UTF16_LE + f"# UTF-16 LE\n\n{RUSSIAN}".encode("utf-16-le"),
        "enc/utf16-be.md": codecs.BOM_UTF16_BE + f"# UTF-16 BE\n\n{RUSSIAN}".encode("utf-16-be"),
        "enc/windows-1251.md": f"# Заметка\n\n{RUSSIAN}\n".encode("cp1251"),
        "enc/koi8-r.md": f"# Заметка\n\n{RUSSIAN}\n".encode("koi8-r"),
        "enc/gb18030.md": f"# 笔记\n\n{CHINESE}\n".encode("gb18030"),
        "enc/big5.md": "# 筆記\n\n過去三年，架構依然主導潮流，並擴展到更多領域。大規模預訓練的模型取得了突破。\n".encode("big5"),
        "enc/shift-jis.md": f"# ノート\n\n{JAPANESE}\n".encode("shift_jis"),
        "enc/latin-1.md": "# Café\n\nCrème brûlée à la française, déjà vu, naïve façade.\n".encode("latin-1"),
        "mojibake/chinese.md": mangle(f"# 笔记\n\n{CHINESE}\n").encode("utf-8"),
        "mojibake/russian.md": mangle(f"# Заметка\n\n{RUSSIAN}\n").encode("utf-8"),
        "mojibake/emoji.md": mangle(f"# Emoji\n\n{EMOJI}\n").encode("utf-8"),
        "plain.txt": b"First paragraph,\nsecond line https://example.org/page.\n\nSecond paragraph [[plain]].\n",
        "hostile/nested-brackets.md": b"[" * 20_000,
        "hostile/dash-line.md": b"- " * 600 + b"x\n",
        "hostile/raw-html.md": (b"# Raw HTML\n\n<script>document.write('pwned')</script>\n\n"
                                b"<iframe src=\"https://evil.example\">framed</iframe>\n\n"
                                b"<style>body { display: none }</style>\n\n"
                                b"<p onclick=\"steal()\" onmouseover=\"steal()\">click me</p>\n\n"
                                b"![remote](https://tracker.example/pixel.png)\n\n"
                                b"<img src=\"https://tracker.example/raw.png\" onerror=\"steal()\">\n\n"
                                b"[passwords](file:///etc/passwd) [run](tool.sh)\n"),
        "big.md": _big_note(),
        "binary.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8,
        "garbage.md": bytes(range(0x80, 0x100)) * 64,
        "empty.md": b"",
        "blank.md": b"  \n\n\t\n",
        "image.png": _png(),
        "data.bin": b"\x00\x01\x02" * 100,
        "tool.sh": b"#!/bin/sh\necho hi\n",
    }
    for rel, data in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    (folder / "tool.sh").chmod(0o755)
    os.symlink("loop.md", folder / "loop.md")
    os.symlink("/etc/hostname", folder / "outside.md")
    return {
        "enc/utf8-bom.md": ("Transformer",),
        "enc/utf16-le.md": ("французских",),
        "enc/utf16-be.md": ("французских",),
        "enc/windows-1251.md": ("французских",),
        "enc/koi8-r.md": ("французских",),
        "enc/gb18030.md": ("自然语言",),
        "enc/big5.md": ("預訓練",),
        "enc/shift-jis.md": ("文字化け",),
        "enc/latin-1.md": ("Crème brûlée",),
        "mojibake/chinese.md": ("read as Windows-1254",),
        "mojibake/russian.md": ("read as Windows-1254",),
        "mojibake/emoji.md": ("read as Windows-1254",),
        "plain.txt": ("Second paragraph",),
        "hostile/nested-brackets.md": ("plain text",),
        "hostile/dash-line.md": ("x",),
        "hostile/raw-html.md": ("click me",),
        "big.md": ("too big to render",),
        "binary.md": ("binary",),
        "garbage.md": ("not text", "binary"),
        "empty.md": ("Empty note",),
        "blank.md": ("Empty note",),
        "image.png": ("image.png",),
        "data.bin": ("Open it with the system app",),
        "tool.sh": ("program or script",),
    }
