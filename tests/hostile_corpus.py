"""The bad-input corpus: a vault of hostile and odd files, generated (no binary blobs checked in).

``build_corpus(folder)`` writes it and returns ``EXPECTED``: {vault path: words the page or its
notices must hold, naming the problem}. Each case is one file an issue names."""

from __future__ import annotations

import codecs
import os
import struct
import unicodedata
import zlib
from pathlib import Path

from clew.core.text.mojibake import mangle

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


def _mixed_utf8_cp1251() -> bytes:
    """A note whose heading and links are UTF-8 and whose body was appended in Windows-1251."""
    return ("# Смешанная заметка\n\nСм. [[plain]].\n".encode("utf-8") + f"{RUSSIAN}\n".encode("cp1251"))


def _nfd(name: str) -> str:
    return unicodedata.normalize("NFD", name)


# Each case, and the words its page or its notices must hold, naming the problem (any one suffices).
EXPECTED: dict[str, tuple[str, ...]] = {
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
    "boundary/raw-img.md": ("Outside images",),
    "boundary/file-links.md": ("Outside links",),
    "boundary/tip.md": ("Tooltips",),
    "enc/utf16-le-nobom.md": ("французских",),
    "enc/utf16-be-nobom.md": ("французских",),
    "enc/utf32-le-nobom.md": ("французских",),
    "enc/mixed-utf8-cp1251.md": ("Decoded line by line",),
    "hostile/nested-quotes.md": ("drawn flat",),
    "hostile/link-line.md": ("w",),
    "x.md": ("Where the long line",),
    "hostile/wide-table.md": ("shown in part",),
    "hostile/backticks.md": ("shown in part",),
    "hostile/headings.md": ("Heading 4999", "shown in parts"),
    "hostile/many-links.md": ("note 0", "shown in parts"),
    "hostile/nested-lists.md": ("drawn flat",),
    "hostile/nested-html.md": ("deep",),  # plain indented blocks: cheap to lay out
    "hostile/nested-callouts.md": ("drawn flat",),
    "hostile/raw-tables.md": ("drawn flat",),
    "hostile/raw-lists.md": ("drawn flat",),
    "hostile/raw-divs.md": ("drawn flat",),
    f"names/{_nfd('café')}.md": ("Decomposed accents",),
    "names/café.md": ("Composed accents",),
    "names/Ёлка.md": ("A lone decomposed name",),  # found by its NFC name, as links name it
    "links/sub/n.md": ("Beside the loops",),
}


def _outside_files(folder: Path) -> dict[str, Path]:
    """Files beside the corpus, outside its boundary, that its notes try to reach."""
    outside = folder.parent / "outside.png"
    outside.write_bytes(_png())
    evil = folder.parent / f"{folder.name}-evil"
    evil.mkdir(exist_ok=True)
    (evil / "page.html").write_text("<h1>not of the vault</h1>", encoding="utf-8")
    return {"png": outside, "evil": evil / "page.html"}


def _boundary_notes(folder: Path, outside: dict[str, Path]) -> dict[str, bytes]:
    png = outside["png"]
    return {
        "boundary/raw-img.md": (f"# Outside images\n\n<img src=\"{png}\">\n\n<img src=\"{png.as_uri()}\">\n\n"
                                f"<img src=\"../../outside.png\">\n\n![]({png.as_uri()})\n").encode("utf-8"),
        "boundary/file-links.md": (f"# Outside links\n\n[passwd](file://{folder}/../../../../etc/passwd) "
                                   f"[evil]({outside['evil'].as_uri()})\n").encode("utf-8"),
        "boundary/tip.md": f"# Tooltips\n\n<img src=\"{png}\"> [[plain]]\n".encode("utf-8"),
    }


def build_corpus(folder: Path) -> dict[str, tuple[str, ...]]:
    """Write the corpus into ``folder``; return each case's expected words (any one suffices)."""
    folder.mkdir(parents=True, exist_ok=True)
    outside = _outside_files(folder)
    files: dict[str, bytes] = {
        **_boundary_notes(folder, outside),
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
        # Issue 18: what froze, exhausted or misread Clew.
        "enc/utf16-le-nobom.md": f"# UTF-16 LE\n\n{RUSSIAN}\n".encode("utf-16-le"),
        "enc/utf16-be-nobom.md": f"# UTF-16 BE\n\n{RUSSIAN}\n".encode("utf-16-be"),
        "enc/utf32-le-nobom.md": f"# UTF-32 LE\n\n{RUSSIAN}\n".encode("utf-32-le"),
        "enc/mixed-utf8-cp1251.md": _mixed_utf8_cp1251(),
        "hostile/nested-quotes.md": b">" * 25 + b" x\n",
        "hostile/link-line.md": b"w [[x]] [g](x.md) " * 5700,
        "x.md": b"# X\n\nWhere the long line's links lead.\n",
        "hostile/wide-table.md": ("|" + " c |" * 10_000 + "\n|" + " - |" * 10_000 + "\n|" + " 1 |" * 10_000 + "\n").encode(),
        # A run of backticks in text (a line of backticks alone opens an empty code block).
        "hostile/backticks.md": b"x" + b"`" * 100_000 + b"\n",
        "hostile/headings.md": "".join(f"## Heading {n}\n\ntext {n}\n\n" for n in range(5000)).encode(),
        "hostile/many-links.md": "".join(f"- [[note {n}]]\n" for n in range(50_000)).encode(),
        "hostile/nested-lists.md": "".join("  " * n + "- item\n" for n in range(200)).encode(),
        "hostile/nested-html.md": b"<blockquote>" * 30 + b"deep" + b"</blockquote>" * 30 + b"\n",
        "hostile/nested-callouts.md": ("".join("> " * n + f"> [!note] Level {n}\n" for n in range(25))
                                       + "> " * 25 + "body\n").encode(),
        "hostile/raw-tables.md": b"<table><tr><td>" * 30 + b"x" + b"</td></tr></table>" * 30 + b"\n",
        "hostile/raw-lists.md": b"<ul><li>" * 200 + b"x" + b"</li></ul>" * 200 + b"\n",
        "hostile/raw-divs.md": b"<div>" * 1000 + b"x" + b"</div>" * 1000 + b"\n",
        f"names/{_nfd('café')}.md": "# Café (NFD)\n\nDecomposed accents.\n".encode("utf-8"),
        "names/café.md": "# Café (NFC)\n\nComposed accents.\n".encode("utf-8"),
        f"names/{_nfd('Ёлка')}.md": "# Ёлка\n\nA lone decomposed name.\n".encode("utf-8"),
        "links/sub/n.md": b"# Beside the loops\n",
    }
    for rel, data in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    (folder / "tool.sh").chmod(0o755)
    os.symlink("loop.md", folder / "loop.md")
    os.symlink("/etc/hostname", folder / "outside.md")
    os.symlink(".", folder / "links/sub/loop")
    os.symlink("../sub", folder / "links/sub/loop2")
    os.symlink("..", folder / "links/up")
    os.symlink(outside["png"], folder / "boundary/link.png")
    return EXPECTED
